//! What the app keeps on the device between visits: small preferences in localStorage (language,
//! the signed-in user for opening offline). Larger data (cart, outbox, drafts, catalogue snapshot)
//! goes to IndexedDB.

pub mod idb;

use serde::{de::DeserializeOwned, Serialize};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let raw = storage()?.get_item(key).ok()??;
    serde_json::from_str(&raw).ok()
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
