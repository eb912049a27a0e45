//! The scanner view (camera preview with a framing guide, torch, zoom, camera choice, and typed
//! entry with the check digit checked as it is typed) and the scan page, whose mode says what a
//! scan does: open the product (search) or add a case to the cart (restock). The receipt check
//! embeds the same view to tick units off a delivery.

use super::camera::{cameras, Abilities, Camera, CameraChoice, CameraError, Decoder};
use super::{check_typed, Confirmer, Read, Symbology, Typed};
use crate::i18n::K;
use crate::ui::i18n;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Starting,
    Running,
    Failed(CameraError),
}

/// A camera scanner: calls `on_code` with every accepted code (valid check digit, two frames in
/// agreement), also for codes typed by hand.
#[component]
pub fn Scanner(on_code: Callback<Read>, hint: K) -> impl IntoView {
    let i18n = i18n();
    crate::device::mark("restock:scanner-open");
    let video = NodeRef::<leptos::html::Video>::new();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let status = RwSignal::new(Status::Starting);
    let abilities = RwSignal::new(Abilities::default());
    let torch = RwSignal::new(false);
    let zoom = RwSignal::new(1.0f64);
    let choices = RwSignal::new(Vec::<CameraChoice>::new());
    let chosen = RwSignal::new(None::<String>);
    let decoder_ready = RwSignal::new(false);
    let camera: Rc<RefCell<Option<Camera>>> = Rc::new(RefCell::new(None));
    let camera = StoredValue::new_local(camera);
    let alive = StoredValue::new(true);
    let generation = StoredValue::new(0u32);

    // (Re)starts the camera: at first, and when another camera is chosen.
    let start = move |device: Option<String>| {
        let Some(v) = video.get_untracked() else { return };
        generation.update_value(|g| *g += 1);
        let my_gen = generation.get_value();
        if let Some(old) = camera.get_value().borrow_mut().take() {
            old.stop();
        }
        status.set(Status::Starting);
        leptos::task::spawn_local(async move {
            match Camera::open(&v, device.as_deref()).await {
                Ok(cam) => {
                    if !alive.get_value() || generation.get_value() != my_gen {
                        cam.stop();
                        return;
                    }
                    abilities.set(cam.abilities());
                    chosen.set(cam.device_id());
                    camera.get_value().borrow_mut().replace(cam);
                    status.set(Status::Running);
                    choices.set(cameras().await);
                }
                Err(e) => status.set(Status::Failed(e)),
            }
        });
    };

    // The decode loop: a frame, its reads, the confirmer; as fast as the decoder answers.
    Effect::new(move |_| {
        if video.get().is_none() || generation.get_value() > 0 {
            return;
        }
        start(None);
        leptos::task::spawn_local(async move {
            let decoder = match Decoder::start().await {
                Ok(d) => d,
                Err(_) => return,
            };
            decoder_ready.set(true);
            let mut confirm = Confirmer::new(1_500.0);
            let pause = if decoder.is_native() { 80 } else { 30 };
            while alive.get_value() {
                let (Some(v), Some(c)) = (video.get_untracked(), canvas.get_untracked()) else { break };
                if status.get_untracked() == Status::Running {
                    let reads = decoder.read(&v, &c).await;
                    if !alive.get_value() {
                        break;
                    }
                    if let Some(code) = confirm.feed(reads, js_sys::Date::now()) {
                        crate::device::mark("restock:scan-accepted");
                        super::camera::beep();
                        on_code.run(code);
                    }
                }
                gloo_timers::future::TimeoutFuture::new(pause).await;
            }
        });
    });
    on_cleanup(move || {
        alive.set_value(false);
        if let Some(rc) = camera.try_get_value() {
            if let Some(cam) = rc.borrow_mut().take() {
                cam.stop();
            }
        }
    });

    let set_torch = move |_| {
        let on = !torch.get_untracked();
        let cam = camera.get_value();
        leptos::task::spawn_local(async move {
            let cam = cam.borrow().clone();
            if let Some(c) = cam {
                if c.torch(on).await {
                    torch.set(on);
                }
            }
        });
    };
    let set_zoom = move |ev: leptos::ev::Event| {
        let level: f64 = event_target_value(&ev).parse().unwrap_or(1.0);
        zoom.set(level);
        let cam = camera.get_value();
        leptos::task::spawn_local(async move {
            let cam = cam.borrow().clone();
            if let Some(c) = cam {
                c.zoom(level).await;
            }
        });
    };
    let focus = move |_| {
        let cam = camera.get_value();
        leptos::task::spawn_local(async move {
            let cam = cam.borrow().clone();
            if let Some(c) = cam {
                c.focus_once().await;
            }
        });
    };

    view! {
        <div class="scanner">
            <div class="viewfinder" on:click=focus>
                <video node_ref=video class="preview" autoplay=true muted=true playsinline=true></video>
                <div class="frame-guide" aria-hidden="true"></div>
                <canvas node_ref=canvas class="grab" hidden=true></canvas>
                {move || match status.get() {
                    Status::Starting => {
                        Some(view! { <p class="scanner-status">{move || i18n.t(K::CameraStarting)}</p> }.into_any())
                    }
                    Status::Running if !decoder_ready.get() => {
                        Some(view! { <p class="scanner-status">{move || i18n.t(K::LoadingDecoder)}</p> }.into_any())
                    }
                    Status::Running => None,
                    Status::Failed(e) => {
                        Some(
                            view! {
                                <p class="scanner-status camera-problem" role="alert">
                                    {move || {
                                        i18n.t(if e == CameraError::Denied { K::CameraDenied } else { K::NoCamera })
                                    }}
                                </p>
                            }
                                .into_any(),
                        )
                    }
                }}
            </div>
            <p class="scan-hint">{move || i18n.t(hint)}</p>
            <div class="scanner-tools">
                <Show when=move || abilities.get().torch>
                    <button type="button" class="chip torch" class:active=move || torch.get() on:click=set_torch>
                        {move || i18n.t(K::Torch)}
                    </button>
                </Show>
                {move || {
                    abilities
                        .get()
                        .zoom
                        .map(|(min, max, step)| {
                            view! {
                                <label class="zoom">
                                    {move || i18n.t(K::Zoom)}
                                    <input
                                        type="range"
                                        min=min
                                        max=max
                                        step=step
                                        prop:value=move || zoom.get()
                                        on:input=set_zoom
                                    />
                                </label>
                            }
                        })
                }}
                <Show when=move || { choices.get().len() > 1 }>
                    <select
                        class="camera-choice"
                        aria-label=move || i18n.t(K::SwitchCamera)
                        on:change=move |ev| start(Some(event_target_value(&ev)))
                    >
                        {move || {
                            choices
                                .get()
                                .into_iter()
                                .map(|c| {
                                    let selected = chosen.get().as_deref() == Some(c.id.as_str());
                                    view! {
                                        <option value=c.id.clone() selected=selected>
                                            {c.label.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </Show>
            </div>
            <ManualEntry on_code=on_code />
        </div>
    }
}

/// Typing the digits under the barcode: the check digit is checked as it is typed.
#[component]
fn ManualEntry(on_code: Callback<Read>) -> impl IntoView {
    let i18n = i18n();
    let text = RwSignal::new(String::new());
    let typed = move || text.with(|t| check_typed(t));
    let submit = move || {
        let t = text.get_untracked().trim().to_owned();
        let symbology = match t.len() {
            8 => Symbology::Ean8,
            12 => Symbology::Upca,
            14 => Symbology::Itf14,
            _ => Symbology::Ean13,
        };
        if check_typed(&t) == Typed::Valid {
            on_code.run(Read { symbology, text: t });
            text.set(String::new());
        }
    };
    view! {
        <form
            class="manual-entry"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <label class="field">
                <span>{move || i18n.t(K::ManualEntry)}</span>
                <input
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    class="manual-code"
                    maxlength="14"
                    prop:value=text
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </label>
            <p
                class="typed-hint"
                class:bad=move || matches!(typed(), Typed::BadCheckDigit | Typed::NotDigits)
                class:good=move || typed() == Typed::Valid
            >
                {move || match typed() {
                    Typed::Partial(0) => String::new(),
                    Typed::Partial(n) => format!("{n} {}", i18n.t(K::DigitsTyped)),
                    Typed::Valid => i18n.t(K::CheckDigitOk).to_owned(),
                    Typed::BadCheckDigit => i18n.t(K::CheckDigitBad).to_owned(),
                    Typed::NotDigits => i18n.t(K::ErrBarcode).to_owned(),
                }}
            </p>
            <button type="submit" class="button" disabled=move || typed() != Typed::Valid>
                {move || i18n.t(K::LookUp)}
            </button>
        </form>
    }
}

/// The scan page: `?mode=restock` adds a case to the cart per scan (with undo); otherwise a scan
/// opens the product, or offers to ask for an unknown code to be stocked.
#[component]
pub fn ScanPage() -> impl IntoView {
    let i18n = i18n();
    let query = leptos_router::hooks::use_query_map();
    let restock = query.with_untracked(|q| q.get("mode").as_deref() == Some("restock"));
    let navigate = leptos_router::hooks::use_navigate();
    let cart = crate::cart::state::cart_state();
    let unknown = RwSignal::new(None::<String>);
    let asked = RwSignal::new(false);
    let added = RwSignal::new(None::<crate::catalogue::ProductCard>);
    let error = RwSignal::new(None::<crate::error::AppError>);
    let on_code = Callback::new(move |read: Read| {
        let code = read.lookup_code();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::catalogue::api::by_barcode(code.clone()).await {
                Ok(Some(m)) if restock => {
                    cart.add(&m.card, 1);
                    unknown.set(None);
                    added.set(Some(m.card));
                }
                Ok(Some(m)) => navigate(&format!("/product/{}", m.card.id), Default::default()),
                Ok(None) => {
                    asked.set(false);
                    unknown.set(Some(code));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let undo = move |_| {
        if let Some(card) = added.get_untracked() {
            cart.change(|c| {
                let left = c.cases_of(card.id) - 1;
                if left > 0 {
                    c.set_cases(card.id, left);
                } else {
                    c.remove(card.id);
                }
            });
            added.set(None);
        }
    };
    let ask = move |_| {
        if let Some(code) = unknown.get_untracked() {
            leptos::task::spawn_local(async move {
                match crate::catalogue::api::request_stocking(code, None).await {
                    Ok(()) => asked.set(true),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    view! {
        <section class="scan-page">
            <h1>{move || i18n.t(if restock { K::ScanRestock } else { K::Scan })}</h1>
            <crate::ui::ErrorLine error=error />
            {move || {
                added
                    .get()
                    .map(|card| {
                        let name = card.name(i18n.lang()).to_owned();
                        view! {
                            <div class="scan-result added" role="status">
                                <span>
                                    {format!(
                                        "{} · {name} · {}",
                                        i18n.t(K::AddedOneCase),
                                        cart.cart.with(|c| c.cases_of(card.id)),
                                    )}
                                </span>
                                <button type="button" class="button small undo" on:click=undo>
                                    {move || i18n.t(K::Undo)}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                unknown
                    .get()
                    .map(|code| {
                        view! {
                            <div class="scan-result unknown" role="status">
                                <p>{format!("{} · {code}", i18n.t(K::UnknownCode))}</p>
                                {move || {
                                    if asked.get() {
                                        view! { <p class="asked">{move || i18n.t(K::AskedToStock)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <button type="button" class="button ask-stock" on:click=ask>
                                                {move || i18n.t(K::AskToStock)}
                                            </button>
                                        }
                                            .into_any()
                                    }
                                }}
                            </div>
                        }
                    })
            }}
            <Scanner on_code=on_code hint=if restock { K::ScanRestockHint } else { K::ScanHint } />
        </section>
    }
}

/// A barcode drawn as an icon.
#[component]
pub fn ScanIcon() -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
        >
            <path d="M3 7V4h3M18 4h3v3M21 17v3h-3M6 20H3v-3M7 8v8M10 8v8M13 8v8M16 8v8" />
        </svg>
    }
}
