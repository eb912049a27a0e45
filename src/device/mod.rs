//! What the app keeps on the device between visits: small preferences in localStorage (language,
//! the signed-in user for opening offline). Larger data (cart, outbox, drafts, catalogue snapshot)
//! goes to IndexedDB.

pub mod idb;
pub mod outbox;

use serde::{de::DeserializeOwned, Serialize};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let raw = storage()?.get_item(key).ok()??;
    // from_slice, as the server functions' answers are read: one decoder per type in the wasm.
    serde_json::from_slice(raw.as_bytes()).ok()
}

/// Best effort: a full or disabled storage only costs the convenience it gives.
pub fn set<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(raw)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &raw);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

pub const LANG_KEY: &str = "restock.lang";
pub const USER_KEY: &str = "restock.user";

/// The browser's preferred languages, best first.
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return vec![] };
    let list: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A random id made on the device (an order's idempotency key): a v4 UUID from the browser's
/// cryptographic generator.
pub fn random_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}-{:x}", now_ms(), (js_sys::Math::random() * 1e15) as u64))
}

/// A named moment on the page's performance timeline (read by the benchmarks).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

/// The service worker keeps API answers (catalogue, which can carry one shop's promotions) in one
/// cache per account, named `restock-api-<account>` (public/sw.js).
pub const API_CACHE_PREFIX: &str = "restock-api";

/// Tells the service worker who is signed in (None: nobody), so that it serves and keeps only
/// that account's answers and deletes the others'. To the worker controlling the page now and to
/// the active one once ready (the first visit is not controlled yet).
pub fn tell_service_worker(account: Option<i64>) {
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else { return };
    if !js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &"account".into());
    let id = account.map(|a| JsValue::from_str(&a.to_string())).unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&msg, &"id".into(), &id);
    let container = window.navigator().service_worker();
    if let Some(sw) = container.controller() {
        let _ = sw.post_message(&msg);
    }
    if let Ok(ready) = container.ready() {
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(reg) = wasm_bindgen_futures::JsFuture::from(ready).await {
                let reg: web_sys::ServiceWorkerRegistration = wasm_bindgen::JsCast::unchecked_into(reg);
                if let Some(active) = reg.active() {
                    let _ = active.post_message(&msg);
                    // Loaded while the worker was installing: not controlled until it claims us.
                    let uncontrolled =
                        web_sys::window().is_some_and(|w| w.navigator().service_worker().controller().is_none());
                    if uncontrolled {
                        let claim = js_sys::Object::new();
                        let _ = js_sys::Reflect::set(&claim, &"type".into(), &"claim".into());
                        let _ = active.post_message(&claim);
                    }
                }
            }
        });
    }
}

/// Deletes, from the page, every kept API answer that is not `keep`'s (None: all of them), and
/// returns once they are gone: at sign-out, and when another account signs in.
pub async fn forget_cached_answers(keep: Option<i64>) {
    use wasm_bindgen_futures::JsFuture;
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else { return };
    let Ok(keys) = JsFuture::from(caches.keys()).await else { return };
    let keep = keep.map(|a| format!("{API_CACHE_PREFIX}-{a}"));
    for name in js_sys::Array::from(&keys).iter().filter_map(|k| k.as_string()) {
        if name.starts_with(API_CACHE_PREFIX) && Some(&name) != keep.as_ref() {
            let _ = JsFuture::from(caches.delete(&name)).await;
        }
    }
}
