//! Claim drafts and the claim outbox on the device. Every change to a draft is written to
//! IndexedDB at once; photos are downscaled and compressed on the phone and kept as their own
//! records; a submitted claim uploads its photos (with progress) and then files itself with the
//! draft's key, at start-up, when the network returns and on a back-off timer, exactly once.

use super::draft::{Draft, DraftPhoto, DraftState};
use super::ClaimSummary;
use crate::account::SessionUser;
use crate::device::outbox::{self, Outbox, Outcome, Sender};
use crate::device::{idb, now_ms, random_id};
use crate::error::AppError;
use crate::ui::LoadFailed;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy)]
pub struct ClaimDrafts {
    pub drafts: RwSignal<Vec<Draft>>,
    /// False until the drafts have been read from the device.
    pub loaded: RwSignal<bool>,
    /// The photo being uploaded and how far it is (0–100).
    pub progress: RwSignal<Option<(String, u32)>>,
    /// Bumped when a claim reached the server: claim lists refetch.
    pub version: RwSignal<u32>,
    /// The claim the outbox filed most recently, per draft key.
    pub filed: RwSignal<Option<(String, ClaimSummary)>>,
    user: StoredValue<Option<i64>>,
    sender: Sender,
}

pub fn claim_drafts() -> ClaimDrafts {
    expect_context::<ClaimDrafts>()
}

fn drafts_key(user: i64) -> String {
    format!("claims:{user}")
}

fn photo_key(key: &str) -> String {
    format!("photo:{key}")
}

impl ClaimDrafts {
    pub fn provide(session: RwSignal<Option<SessionUser>>) -> ClaimDrafts {
        let state = ClaimDrafts {
            drafts: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            progress: RwSignal::new(None),
            version: RwSignal::new(0),
            filed: RwSignal::new(None),
            user: StoredValue::new(None),
            sender: Sender::new(),
        };
        provide_context(state);
        Effect::new(move |_| {
            let user = session
                .get()
                .filter(|u| u.shop.is_some() || u.role == crate::account::Role::Salesperson)
                .map(|u| u.user_id);
            if user == state.user.get_value() {
                return;
            }
            state.user.set_value(user);
            state.drafts.set(Vec::new());
            state.loaded.set(false);
            state.filed.set(None);
            state.progress.set(None);
            if let Some(user) = user {
                leptos::task::spawn_local(start(state, user));
            }
        });
        state
    }

    /// Reads `user`'s drafts from the device and sends the queued ones (from the module
    /// `claim_outbox`: see `start`).
    fn load_and_send(self, user: i64) {
        leptos::task::spawn_local(async move {
            let mut drafts = idb::get::<Vec<Draft>>(&drafts_key(user)).await.ok().flatten().unwrap_or_default();
            // Refused only because the session had lapsed: signed in again, they go again.
            for d in &mut drafts {
                if d.state == DraftState::NeedsLook(AppError::NotSignedIn) {
                    d.state = DraftState::Queued;
                    d.attempts = 0;
                }
            }
            if self.user.get_value() == Some(user) {
                self.drafts.set(drafts);
                self.loaded.set(true);
                self.send();
            }
        });
    }

    async fn persist(self) {
        let Some(user) = self.user.get_value() else { return };
        let drafts = self.drafts.get_untracked();
        if let Err(e) = idb::put(&drafts_key(user), &drafts).await {
            leptos::logging::error!("claim drafts could not be saved on this device: {e}");
        }
    }

    /// The draft for this order line (made when first asked for).
    pub fn draft_for(self, order_id: i64, line_no: i64) -> Draft {
        if let Some(d) =
            self.drafts.get_untracked().into_iter().find(|d| d.order_id == order_id && d.line_no == line_no)
        {
            return d;
        }
        let d = Draft::new(random_id(), order_id, line_no, now_ms());
        self.drafts.update(|all| all.push(d.clone()));
        d
    }

    /// Applies a change to a draft and writes it to the device before returning.
    pub async fn change(self, key: &str, f: impl FnOnce(&mut Draft)) {
        self.drafts.update(|all| {
            if let Some(d) = all.iter_mut().find(|d| d.key == key) {
                f(d);
                d.updated_ms = now_ms();
            }
        });
        self.persist().await;
    }

    /// Keeps a (downscaled) photo on the device and adds it to the draft.
    pub async fn add_photo(self, key: &str, jpeg: Vec<u8>) -> Result<(), String> {
        let photo = DraftPhoto { key: random_id(), bytes: jpeg.len() as i64, uploaded: None };
        idb::put_bytes(&photo_key(&photo.key), &jpeg).await?;
        self.change(key, move |d| d.photos.push(photo)).await;
        Ok(())
    }

    pub async fn remove_photo(self, key: &str, photo: &str) {
        let photo = photo.to_owned();
        let p = photo.clone();
        self.change(key, move |d| d.photos.retain(|x| x.key != p)).await;
        let _ = idb::delete(&photo_key(&photo)).await;
    }

    pub async fn photo_bytes(photo: &str) -> Option<Vec<u8>> {
        idb::get_bytes(&photo_key(photo)).await.ok().flatten()
    }

    /// The shop submits: the draft is queued on the device, then sent.
    pub async fn submit(self, key: &str) {
        self.change(key, |d| {
            d.state = DraftState::Queued;
            d.attempts = 0;
        })
        .await;
        self.send();
    }

    pub async fn discard(self, key: &str) {
        let photos: Vec<String> = self
            .drafts
            .get_untracked()
            .iter()
            .filter(|d| d.key == key)
            .flat_map(|d| d.photos.iter().map(|p| p.key.clone()))
            .collect();
        self.drafts.update(|all| all.retain(|d| d.key != key));
        self.persist().await;
        for p in photos {
            let _ = idb::delete(&photo_key(&p)).await;
        }
    }

    /// Sends every queued claim, one at a time: its photos first (each once), then the claim (the
    /// rules are `device::outbox`'s).
    pub fn send(self) {
        outbox::send(self);
    }

    /// Claims submitted on this device and not yet filed (signing out would lose them).
    /// Until a shop's drafts have been read from the device, it may hold some: yes.
    pub fn has_queued(self) -> bool {
        self.user.get_value().is_some()
            && (!self.loaded.get_untracked()
                || self.drafts.with_untracked(|all| all.iter().any(|d| d.state == DraftState::Queued)))
    }

    /// Forgets this account's drafts and their photos on the device, and what is in memory (at
    /// sign-out).
    pub async fn forget_device_data(self) -> Result<(), String> {
        let Some(user) = self.user.get_value() else { return Ok(()) };
        let stored = idb::get::<Vec<Draft>>(&drafts_key(user)).await.ok().flatten().unwrap_or_default();
        let photos: Vec<String> = stored
            .iter()
            .chain(self.drafts.get_untracked().iter())
            .flat_map(|d| d.photos.iter().map(|p| p.key.clone()))
            .collect();
        for p in photos {
            idb::delete(&photo_key(&p)).await?;
        }
        idb::delete(&drafts_key(user)).await?;
        self.drafts.set(Vec::new());
        self.filed.set(None);
        self.progress.set(None);
        Ok(())
    }
}

/// Starts the claim outbox for `user`. What it runs (the drafts' decoder, the photo uploads,
/// filing) is only needed once a shop has drafts, so in the split build it is a module of its own,
/// `claim_outbox`, fetched after start-up when the device holds drafts (the first screen waits for
/// none of it). A module that
/// cannot be fetched yet is tried again with back-off, as long as the same user is signed in; the
/// service worker precaches it, so it loads offline too.
async fn start(state: ClaimDrafts, user: i64) {
    // Most shops have no claim on the device: then there is nothing to read or send, and nothing
    // more is fetched (a claim page brings the code when it opens). Counted without decoding.
    if !idb::holds_items(&drafts_key(user)).await {
        if state.user.get_value() == Some(user) {
            state.loaded.set(true);
        }
        return;
    }
    // After the first screen's own requests (it does not wait for drafts), so as not to share the
    // slow link with them.
    gloo_timers::future::TimeoutFuture::new(1_000).await;
    for attempts in 0u32.. {
        if state.user.get_value() != Some(user) {
            return;
        }
        match claim_outbox().await {
            Err(LoadFailed) => gloo_timers::future::TimeoutFuture::new(outbox::backoff_ms(attempts)).await,
            Ok(load_and_send) => return load_and_send(state, user),
        }
    }
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(claim_outbox, wasm_split_path = ::leptos::wasm_split, fallible)]
fn claim_outbox() -> Result<fn(ClaimDrafts, i64), LoadFailed> {
    Ok(ClaimDrafts::load_and_send)
}

/// Not split (a build without `--features split`): in the one module.
#[cfg(not(feature = "split"))]
async fn claim_outbox() -> Result<fn(ClaimDrafts, i64), LoadFailed> {
    Ok(ClaimDrafts::load_and_send)
}

/// The claim outbox: a claim is filed under its draft's key, after its photos.
impl Outbox for ClaimDrafts {
    type Item = Draft;
    type Answer = ClaimSummary;

    fn sender(self) -> Sender {
        self.sender
    }

    fn waiting(self) -> Option<Vec<Draft>> {
        self.user.get_value()?;
        Some(self.drafts.get_untracked().into_iter().filter(|d| d.state == DraftState::Queued).collect())
    }

    fn key(draft: &Draft) -> String {
        draft.key.clone()
    }

    fn attempts(draft: &Draft) -> u32 {
        draft.attempts
    }

    async fn deliver(self, draft: &Draft) -> Result<ClaimSummary, AppError> {
        for photo in draft.photos.iter().filter(|p| p.uploaded.is_none()) {
            let bytes =
                Self::photo_bytes(&photo.key).await.ok_or(AppError::Invalid(crate::error::Invalid::PhotoMissing))?;
            let pk = photo.key.clone();
            let progress = self.progress;
            let id =
                upload(draft.order_id, &photo.key, &bytes, move |pct| progress.set(Some((pk.clone(), pct)))).await?;
            let pk = photo.key.clone();
            self.change(&draft.key, move |d| {
                if let Some(p) = d.photos.iter_mut().find(|p| p.key == pk) {
                    p.uploaded = Some(id);
                }
            })
            .await;
        }
        let current = self.drafts.get_untracked().into_iter().find(|d| d.key == draft.key).ok_or(AppError::NotFound)?;
        let req = current.request().ok_or(AppError::Invalid(crate::error::Invalid::ClaimText))?;
        super::api::file_claim(req).await
    }

    async fn settle(self, draft: Draft, outcome: Outcome<ClaimSummary>) {
        match outcome {
            Outcome::Sent(summary) => {
                self.discard(&draft.key).await;
                self.filed.set(Some((draft.key.clone(), summary)));
                self.version.update(|v| *v += 1);
            }
            Outcome::Later { attempts } => self.change(&draft.key, |d| d.attempts = attempts).await,
            Outcome::Refused(e) => self.change(&draft.key, |d| d.state = DraftState::NeedsLook(e)).await,
        }
    }

    fn pass_ended(self) {
        self.progress.set(None);
    }
}

/// Posts a photo's bytes with progress (fetch cannot report upload progress; XMLHttpRequest can).
pub async fn upload(
    order_id: i64,
    key: &str,
    bytes: &[u8],
    on_progress: impl Fn(u32) + 'static,
) -> Result<i64, AppError> {
    let net = |e: JsValue| AppError::Network(format!("{e:?}"));
    let xhr = web_sys::XmlHttpRequest::new().map_err(net)?;
    let url = format!("/api/v1/claims/evidence?order_id={order_id}&key={}", js_sys::encode_uri_component(key));
    xhr.open("POST", &url).map_err(net)?;
    xhr.set_request_header("content-type", "image/jpeg").map_err(net)?;
    let progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            on_progress((e.loaded() / e.total() * 100.0) as u32);
        }
    });
    xhr.upload().map_err(net)?.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    let done = js_sys::Promise::new(&mut |resolve, _| {
        let r = resolve.clone();
        let on = Closure::once_into_js(move || {
            let _ = r.call0(&JsValue::NULL);
        });
        xhr.set_onloadend(Some(on.unchecked_ref()));
    });
    xhr.send_with_opt_u8_array(Some(bytes)).map_err(net)?;
    let _ = JsFuture::from(done).await;
    drop(progress);
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        200 => serde_json::from_str::<crate::id::Id>(&text).map(|id| id.0).map_err(|_| AppError::Internal),
        _ => Err(upload_error(status, &text)),
    }
}

/// What an upload's failure means: the server's typed error when it sent one; otherwise by the
/// HTTP status, so that a refusal without a typed body (a proxy's "too large") is final rather
/// than retried forever, and only no answer or a server-side failure is tried again.
pub fn upload_error(status: u16, body: &str) -> AppError {
    if let Ok(e) = serde_json::from_slice::<AppError>(body.as_bytes()) {
        return e;
    }
    match status {
        0 => AppError::Network("upload did not reach the server".into()),
        // Timed out or too many at once: worth another try later.
        408 | 429 => AppError::Network(format!("HTTP {status}")),
        401 => AppError::NotSignedIn,
        403 => AppError::Forbidden,
        404 => AppError::NotFound,
        400..=499 => AppError::Invalid(crate::error::Invalid::Photo),
        _ => AppError::Network(format!("HTTP {status}")),
    }
}

/// A photo from the camera or the files, downscaled to at most 1280 px on its long side and
/// compressed as JPEG on the phone (a 4 MB camera picture becomes about 150–300 KB).
pub async fn downscale(file: &web_sys::Blob) -> Result<Vec<u8>, String> {
    const LONG_SIDE: f64 = 1280.0;
    let err = |e: JsValue| format!("{e:?}");
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window().create_image_bitmap_with_blob(file).map_err(err)?).await.map_err(err)?.unchecked_into();
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let scale = (LONG_SIDE / w.max(h)).min(1.0);
    let (tw, th) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").map_err(err)?.unchecked_into();
    canvas.set_width(tw as u32);
    canvas.set_height(th as u32);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").map_err(err)?.ok_or("no 2d context")?.unchecked_into();
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, tw, th).map_err(err)?;
    bitmap.close();
    let blob = js_sys::Promise::new(&mut |resolve, reject| {
        let cb = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(e) =
            canvas.to_blob_with_type_and_encoder_options(cb.unchecked_ref(), "image/jpeg", &JsValue::from_f64(0.8))
        {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    let blob: web_sys::Blob = JsFuture::from(blob)
        .await
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "the picture could not be encoded".to_owned())?;
    let buf = JsFuture::from(blob.array_buffer()).await.map_err(err)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// An object URL showing these JPEG bytes (a draft's photo preview); revoke it when done.
pub fn object_url(jpeg: &[u8]) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(jpeg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/jpeg");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
