//! Who is asking. The session cookie: set at sign-in, read on every call, cleared at sign-out; it
//! holds a random token, the session itself lives in the database (`sessions`). The `Caller` it
//! stands for, with the role checks and the shop they act for (`ActingShop`). And the client's
//! address and device, for sign-in limits, logs and the account's session list.

use super::db::Db;
use crate::account::{Role, SessionUser};
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
            .next_back()
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

/// Who is calling: the signed-in user of this request, from the session cookie and never from the
/// arguments (realworld's `AuthUser` extractor, for server functions). The only way to an
/// `ActingShop`.
#[derive(Clone, Debug)]
pub struct Caller {
    user: SessionUser,
    token: String,
}

impl Caller {
    /// The caller of this server function, or `NotSignedIn`.
    pub async fn from_request() -> Result<Caller, AppError> {
        let token = session_token().ok_or(AppError::NotSignedIn)?;
        Caller::from_token(&super::state::db(), token).await
    }

    /// The caller of a route that is not a server function (its headers), or `NotSignedIn`.
    pub async fn from_headers(db: &Db, headers: &http::HeaderMap, secure_cookies: bool) -> Result<Caller, AppError> {
        let token = token_from_headers(headers, secure_cookies).ok_or(AppError::NotSignedIn)?;
        Caller::from_token(db, token).await
    }

    async fn from_token(db: &Db, token: String) -> Result<Caller, AppError> {
        let user = super::sessions::session_user(db, &token).await?.ok_or(AppError::NotSignedIn)?;
        Ok(Caller { user, token })
    }

    /// The caller, if their role is one of `roles`; `Forbidden` otherwise.
    pub fn require(self, roles: &[Role]) -> Result<Caller, AppError> {
        if roles.contains(&self.user.role) {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn user(&self) -> &SessionUser {
        &self.user
    }

    pub fn into_user(self) -> SessionUser {
        self.user
    }

    pub fn id(&self) -> i64 {
        self.user.user_id
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    /// The owner's own shop (what prices and promotions are shown for); None for staff. Not an
    /// authorisation: a shop to act for comes from `acting_shop`.
    pub fn own_shop(&self) -> Option<i64> {
        self.user.shop.as_ref().map(|s| s.id)
    }

    /// The session's token (to tell this device from the account's others).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The shop this call acts for. An owner acts for their own shop (asking for another is
    /// refused); a salesperson for a shop they are assigned to right now (read afresh on every
    /// call, so a shop taken away is out of reach at once); no other role acts for a shop.
    pub async fn acting_shop(&self, db: &Db, requested: Option<i64>) -> Result<ActingShop, AppError> {
        let user = &self.user;
        match (user.role, &user.shop, requested) {
            (Role::ShopOwner, Some(own), None) => Ok(ActingShop(own.id)),
            (Role::ShopOwner, Some(own), Some(id)) if id == own.id => Ok(ActingShop(own.id)),
            (Role::Salesperson, _, Some(id)) => {
                let assigned = sqlx::query("SELECT 1 AS x FROM salesperson_shops WHERE user_id = $1 AND shop_id = $2")
                    .bind(user.user_id)
                    .bind(id)
                    .fetch_optional(db)
                    .await?;
                assigned.map(|_| ActingShop(id)).ok_or(AppError::Forbidden)
            }
            _ => Err(AppError::Forbidden),
        }
    }

    /// The shop an order (or a claim, a photo) belongs to, if the caller acts for it. Another
    /// shop's is "not found", not "forbidden", so that ids cannot be probed.
    pub async fn acting_for_order_shop(&self, db: &Db, order_shop: i64) -> Result<ActingShop, AppError> {
        match self.acting_shop(db, Some(order_shop)).await {
            Err(AppError::Forbidden) => Err(AppError::NotFound),
            other => other,
        }
    }
}

/// A shop the caller acts for: its id came from the session (`Caller::acting_shop`), never from
/// trust in the request. Only this module makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActingShop(i64);

impl ActingShop {
    pub fn id(self) -> i64 {
        self.0
    }
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
    set_cookie(token, super::sessions::SESSION_MS / 1000);
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
