//! The session cookie: set at sign-in, read on every call, cleared at sign-out. The cookie holds a
//! random token; the session itself lives in the database (`account::db`). Also who is asking:
//! the client's address and device, for sign-in limits, logs and the account's session list.

use crate::account::SessionUser;
use crate::error::AppError;
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use http::HeaderValue;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::{IpAddr, SocketAddr};

pub const COOKIE_NAME: &str = "restock_session";
/// The name with secure cookies on: browsers accept a `__Host-` cookie only when it is `Secure`,
/// has `Path=/` and no `Domain`, so no subdomain or plain-HTTP page can plant or shadow it.
pub const SECURE_COOKIE_NAME: &str = "__Host-restock_session";

/// The cookie's name in use: `__Host-` prefixed with secure cookies on.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    let parts = use_context::<Parts>()?;
    token_from_headers(&parts.headers, super::state::config().secure_cookies)
}

/// The token of the cookie by the name in use (and only that name: with secure cookies on, a
/// cookie without the prefix may have been planted and is ignored).
pub fn token_from_headers(headers: &http::HeaderMap, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The client's address: the TCP peer, or with `trust_proxy` (exactly one proxy in front, which
/// appends what it saw) the last `X-Forwarded-For` entry. Earlier entries are whatever the client
/// wrote and never used. `None` when the server was started without connection info.
pub fn client_addr(parts: &Parts, trust_proxy: bool) -> Option<IpAddr> {
    let peer = parts.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if trust_proxy {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .last()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .and_then(|s| s.parse::<IpAddr>().ok().or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip())));
        if forwarded.is_some() {
            return forwarded;
        }
    }
    peer
}

/// The address of the request being served (see `client_addr`).
pub fn request_client_addr() -> Option<IpAddr> {
    let parts = use_context::<Parts>()?;
    client_addr(&parts, super::state::config().trust_proxy)
}

/// The asking device in a few fixed words (`account::device_summary`).
pub fn request_device() -> String {
    let ua = use_context::<Parts>()
        .and_then(|p| p.headers.get(http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .unwrap_or_default();
    crate::account::device_summary(&ua)
}

/// The signed-in user of this request, or `NotSignedIn`.
pub async fn current_user() -> Result<SessionUser, AppError> {
    let token = session_token().ok_or(AppError::NotSignedIn)?;
    crate::account::db::session_user(&super::state::db(), &token).await?.ok_or(AppError::NotSignedIn)
}

fn set_cookie(value: &str, max_age_s: i64) {
    let secure_on = super::state::config().secure_cookies;
    let secure = if secure_on { "; Secure" } else { "" };
    let name = cookie_name(secure_on);
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{secure}");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(peer: &str, forwarded: &[&str]) -> Parts {
        let mut req = http::Request::builder().uri("/");
        for f in forwarded {
            req = req.header("x-forwarded-for", *f);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        parts.extensions.insert(axum::extract::ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        parts
    }

    #[test]
    fn the_client_is_the_peer_unless_the_proxy_is_trusted() {
        let p = parts("10.0.0.5:4444", &["1.1.1.1, 203.0.113.7"]);
        assert_eq!(client_addr(&p, false), Some("10.0.0.5".parse().unwrap()));
        // Only the entry the proxy appended counts; what the client wrote before it does not.
        assert_eq!(client_addr(&p, true), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(
            client_addr(&parts("10.0.0.5:4444", &["9.9.9.9", "2001:db8::1"]), true),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(client_addr(&parts("10.0.0.5:4444", &["garbage"]), true), Some("10.0.0.5".parse().unwrap()));
        assert_eq!(client_addr(&parts("10.0.0.5:4444", &[]), true), Some("10.0.0.5".parse().unwrap()));
    }

    #[test]
    fn with_secure_cookies_only_the_host_prefixed_cookie_is_read() {
        let mut h = http::HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("restock_session=planted; __Host-restock_session=real"));
        assert_eq!(token_from_headers(&h, true).as_deref(), Some("real"));
        assert_eq!(token_from_headers(&h, false).as_deref(), Some("planted"));
        let mut plain = http::HeaderMap::new();
        plain.insert(COOKIE, HeaderValue::from_static("restock_session=planted"));
        assert_eq!(token_from_headers(&plain, true), None);
    }
}
