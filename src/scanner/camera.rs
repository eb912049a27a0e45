//! The camera and the two decoders behind the scanner view.
//!
//! - `Camera`: the rear camera through `getUserMedia`, with torch and zoom where the device offers
//!   them, and the list of cameras to choose from.
//! - `Decoder`: the browser's own `BarcodeDetector` where it exists and knows our formats (a small
//!   binding of our own below), else our WebAssembly decoder (scanner/ in this repository) in a
//!   web worker, so the preview never waits for a decode. The worker and its wasm are fetched
//!   when the scanner opens, never with the app.

use super::{Read, Symbology};
use js_sys::{Array, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the worker is served (built by scanner/build-worker.sh into dist/scanner/).
const WORKER_URL: &str = "/scanner/scanner-worker.js";

#[wasm_bindgen]
extern "C" {
    /// The Shape Detection API's barcode detector (Chrome on Android, macOS, ChromeOS).
    pub type BarcodeDetector;
    #[wasm_bindgen(constructor, catch)]
    fn new(options: &JsValue) -> Result<BarcodeDetector, JsValue>;
    #[wasm_bindgen(method)]
    fn detect(this: &BarcodeDetector, source: &JsValue) -> Promise;
    #[wasm_bindgen(static_method_of = BarcodeDetector, js_name = getSupportedFormats, catch)]
    fn supported_formats() -> Result<Promise, JsValue>;
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// Why the camera could not start: each gets its own guidance on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraError {
    /// The person (or a policy) said no.
    Denied,
    /// No camera, or none that works.
    NoCamera,
}

#[derive(Clone)]
pub struct Camera {
    pub stream: web_sys::MediaStream,
    track: web_sys::MediaStreamTrack,
}

/// A camera the device has, to choose from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CameraChoice {
    pub id: String,
    pub label: String,
}

/// What the current camera can do.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Abilities {
    pub torch: bool,
    /// (min, max, step) when the camera zooms.
    pub zoom: Option<(f64, f64, f64)>,
}

impl Camera {
    /// Opens the rear camera (or the one chosen) into `video`.
    pub async fn open(video: &web_sys::HtmlVideoElement, device: Option<&str>) -> Result<Camera, CameraError> {
        let devices =
            web_sys::window().and_then(|w| w.navigator().media_devices().ok()).ok_or(CameraError::NoCamera)?;
        let mut video_c = vec![("width", obj(&[("ideal", 1280.into())])), ("height", obj(&[("ideal", 720.into())]))];
        match device {
            Some(id) => video_c.push(("deviceId", obj(&[("exact", JsValue::from_str(id))]))),
            None => video_c.push(("facingMode", obj(&[("ideal", "environment".into())]))),
        }
        let constraints: web_sys::MediaStreamConstraints =
            obj(&[("video", obj(&video_c)), ("audio", false.into())]).unchecked_into();
        let promise = devices.get_user_media_with_constraints(&constraints).map_err(|_| CameraError::NoCamera)?;
        let stream: web_sys::MediaStream = match JsFuture::from(promise).await {
            Ok(s) => s.unchecked_into(),
            Err(e) => {
                let name = get(&e, "name").as_string().unwrap_or_default();
                return Err(if matches!(name.as_str(), "NotAllowedError" | "SecurityError") {
                    CameraError::Denied
                } else {
                    CameraError::NoCamera
                });
            }
        };
        let track: web_sys::MediaStreamTrack = stream.get_video_tracks().get(0).unchecked_into();
        video.set_src_object(Some(&stream));
        video.set_muted(true);
        let _ = video.set_attribute("playsinline", "");
        if let Ok(p) = video.play() {
            let _ = JsFuture::from(p).await;
        }
        let cam = Camera { stream, track };
        // Keep focusing by itself where the camera can.
        cam.apply(&[("focusMode", "continuous".into())]).await;
        Ok(cam)
    }

    pub fn abilities(&self) -> Abilities {
        let caps = match Reflect::get(&self.track, &"getCapabilities".into()) {
            Ok(f) if f.is_function() => {
                f.unchecked_into::<js_sys::Function>().call0(&self.track).unwrap_or(JsValue::UNDEFINED)
            }
            _ => JsValue::UNDEFINED,
        };
        let zoom = get(&caps, "zoom");
        Abilities {
            torch: get(&caps, "torch").is_truthy(),
            zoom: get(&zoom, "max").as_f64().map(|max| {
                (get(&zoom, "min").as_f64().unwrap_or(1.0), max, get(&zoom, "step").as_f64().unwrap_or(0.1))
            }),
        }
    }

    async fn apply(&self, advanced: &[(&str, JsValue)]) -> bool {
        let c = obj(&[("advanced", Array::of1(&obj(advanced)).into())]);
        match Reflect::get(&self.track, &"applyConstraints".into()) {
            Ok(f) if f.is_function() => match f.unchecked_into::<js_sys::Function>().call1(&self.track, &c) {
                Ok(p) => JsFuture::from(p.unchecked_into::<Promise>()).await.is_ok(),
                Err(_) => false,
            },
            _ => false,
        }
    }

    pub async fn torch(&self, on: bool) -> bool {
        self.apply(&[("torch", on.into())]).await
    }

    pub async fn zoom(&self, level: f64) -> bool {
        self.apply(&[("zoom", level.into())]).await
    }

    /// A tap on the preview: focus once, where the camera supports it.
    pub async fn focus_once(&self) {
        if !self.apply(&[("focusMode", "single-shot".into())]).await {
            self.apply(&[("focusMode", "continuous".into())]).await;
        }
    }

    pub fn device_id(&self) -> Option<String> {
        let settings = Reflect::get(&self.track, &"getSettings".into())
            .ok()
            .filter(|f| f.is_function())
            .and_then(|f| f.unchecked_into::<js_sys::Function>().call0(&self.track).ok())?;
        get(&settings, "deviceId").as_string()
    }

    pub fn stop(&self) {
        let tracks = self.stream.get_tracks();
        for t in tracks.iter() {
            t.unchecked_into::<web_sys::MediaStreamTrack>().stop();
        }
    }
}

/// The device's cameras (names appear once the camera is allowed).
pub async fn cameras() -> Vec<CameraChoice> {
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else { return vec![] };
    let Ok(p) = devices.enumerate_devices() else { return vec![] };
    let Ok(list) = JsFuture::from(p).await else { return vec![] };
    Array::from(&list)
        .iter()
        .filter(|d| get(d, "kind").as_string().as_deref() == Some("videoinput"))
        .enumerate()
        .map(|(n, d)| {
            let label =
                get(&d, "label").as_string().filter(|l| !l.is_empty()).unwrap_or_else(|| format!("Camera {}", n + 1));
            CameraChoice { id: get(&d, "deviceId").as_string().unwrap_or_default(), label }
        })
        .collect()
}

/// The decoder: the browser's, or ours in a worker.
pub enum Decoder {
    Native(BarcodeDetector),
    Worker(WorkerDecoder),
}

impl Decoder {
    /// The browser's detector when it reads every retail format we need, else our worker.
    pub async fn start() -> Result<Decoder, JsValue> {
        if Reflect::has(&web_sys::window().unwrap_throw(), &"BarcodeDetector".into()).unwrap_or(false) {
            if let Ok(p) = BarcodeDetector::supported_formats() {
                let formats: Vec<String> = JsFuture::from(p)
                    .await
                    .map(|a| Array::from(&a).iter().filter_map(|f| f.as_string()).collect())
                    .unwrap_or_default();
                let needed = [Symbology::Ean13, Symbology::Ean8, Symbology::Upca, Symbology::Itf14];
                if needed.iter().all(|s| formats.iter().any(|f| f == s.detector_name())) {
                    let ours: Array = Symbology::ALL
                        .iter()
                        .map(|s| s.detector_name())
                        .filter(|n| formats.iter().any(|f| f == n))
                        .map(JsValue::from_str)
                        .collect();
                    if let Ok(d) = BarcodeDetector::new(&obj(&[("formats", ours.into())])) {
                        return Ok(Decoder::Native(d));
                    }
                }
            }
        }
        WorkerDecoder::start().map(Decoder::Worker)
    }

    pub fn is_native(&self) -> bool {
        matches!(self, Decoder::Native(_))
    }

    /// Reads the codes in the current video frame.
    pub async fn read(&self, video: &web_sys::HtmlVideoElement, canvas: &web_sys::HtmlCanvasElement) -> Vec<Read> {
        match self {
            Decoder::Native(d) => {
                let Ok(found) = JsFuture::from(d.detect(video)).await else { return vec![] };
                Array::from(&found)
                    .iter()
                    .filter_map(|b| {
                        let symbology = Symbology::from_detector(&get(&b, "format").as_string()?)?;
                        Some(Read { symbology, text: get(&b, "rawValue").as_string()? })
                    })
                    .collect()
            }
            Decoder::Worker(w) => match frame(video, canvas) {
                Some((data, width, height)) => w.decode(data, width, height).await,
                None => vec![],
            },
        }
    }
}

/// The current video frame, at most 640 px wide, as RGBA.
fn frame(video: &web_sys::HtmlVideoElement, canvas: &web_sys::HtmlCanvasElement) -> Option<(JsValue, u32, u32)> {
    let (vw, vh) = (video.video_width(), video.video_height());
    if vw == 0 || vh == 0 {
        return None;
    }
    let scale = (640.0 / f64::from(vw)).min(1.0);
    let (w, h) = ((f64::from(vw) * scale) as u32, (f64::from(vh) * scale) as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let opts = obj(&[("willReadFrequently", true.into())]);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context_with_context_options("2d", &opts).ok()??.unchecked_into();
    ctx.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, f64::from(w), f64::from(h)).ok()?;
    let image = ctx.get_image_data(0.0, 0.0, f64::from(w), f64::from(h)).ok()?;
    Some((get(&image, "data"), w, h))
}

/// Our decoder in a web worker: one frame in flight at a time.
pub struct WorkerDecoder {
    worker: web_sys::Worker,
    pending: Rc<RefCell<Option<js_sys::Function>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl WorkerDecoder {
    fn start() -> Result<WorkerDecoder, JsValue> {
        let worker = web_sys::Worker::new(WORKER_URL)?;
        let pending: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
        let p = pending.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(resolve) = p.borrow_mut().take() {
                let _ = resolve.call1(&JsValue::NULL, &e.data());
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(WorkerDecoder { worker, pending, _on_message: on_message })
    }

    async fn decode(&self, rgba: JsValue, width: u32, height: u32) -> Vec<Read> {
        let buffer = get(&rgba, "buffer");
        let msg = obj(&[("rgba", rgba), ("width", width.into()), ("height", height.into()), ("formats", 127.into())]);
        let pending = self.pending.clone();
        let answer = Promise::new(&mut |resolve, _| {
            *pending.borrow_mut() = Some(resolve);
        });
        if self.worker.post_message_with_transfer(&msg, &Array::of1(&buffer)).is_err() {
            return vec![];
        }
        let Ok(reads) = JsFuture::from(answer).await else { return vec![] };
        Array::from(&reads)
            .iter()
            .filter_map(|r| {
                let symbology: Symbology =
                    serde_json::from_slice(format!("\"{}\"", get(&r, "symbology").as_string()?).as_bytes()).ok()?;
                Some(Read { symbology, text: get(&r, "text").as_string()? })
            })
            .collect()
    }
}

impl Drop for WorkerDecoder {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// A short beep (and a buzz where phones can): the scan was taken.
pub fn beep() {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().vibrate_with_duration(60);
    }
    let Ok(ctx_ctor) = Reflect::get(&js_sys::global(), &"AudioContext".into()) else { return };
    if !ctx_ctor.is_function() {
        return;
    }
    let Ok(ctx) = Reflect::construct(&ctx_ctor.unchecked_into::<js_sys::Function>(), &Array::new()) else { return };
    let call = |o: &JsValue, f: &str, args: &[JsValue]| -> JsValue {
        Reflect::get(o, &f.into())
            .ok()
            .filter(|f| f.is_function())
            .and_then(|f| {
                Reflect::apply(&f.unchecked_into::<js_sys::Function>(), o, &args.iter().collect::<Array>()).ok()
            })
            .unwrap_or(JsValue::UNDEFINED)
    };
    let osc = call(&ctx, "createOscillator", &[]);
    let _ = Reflect::set(&get(&osc, "frequency"), &"value".into(), &1_760.into());
    call(&osc, "connect", &[get(&ctx, "destination")]);
    let now = get(&ctx, "currentTime").as_f64().unwrap_or(0.0);
    call(&osc, "start", &[now.into()]);
    call(&osc, "stop", &[(now + 0.08).into()]);
}
