//! The session cookie: set at sign-in, read on every call, cleared at sign-out. The cookie holds a
//! random token; the session itself lives in the database (`account::db`).

use crate::account::SessionUser;
use crate::error::AppError;
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use http::HeaderValue;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub const COOKIE_NAME: &str = "restock_session";

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    let parts = use_context::<Parts>()?;
    token_from_headers(&parts.headers)
}

pub fn token_from_headers(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE_NAME)
        .map(|(_, v)| v.to_owned())
}

/// The signed-in user of this request, or `NotSignedIn`.
pub async fn current_user() -> Result<SessionUser, AppError> {
    let token = session_token().ok_or(AppError::NotSignedIn)?;
    crate::account::db::session_user(&super::state::db(), &token)
        .await?
        .ok_or(AppError::NotSignedIn)
}

fn set_cookie(value: &str, max_age_s: i64) {
    let secure = if super::state::config().secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{secure}");
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie)) {
        res.append_header(SET_COOKIE, v);
    }
}

pub fn set_session_cookie(token: &str) {
    set_cookie(token, crate::account::db::SESSION_MS / 1000);
}

pub fn clear_session_cookie() {
    set_cookie("", 0);
}
