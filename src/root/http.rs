//! The HTTP surface: server functions under `/api`, generated packshots under `/img`, claim photos,
//! and the built app (with `index.html` for every client route), with the checks every request
//! gets first and compression, caching and security headers.

use crate::error::AppError;
use crate::server::state::AppState;
use axum::body::Body;
use axum::extract::{FromRef, Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use leptos::prelude::provide_context;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// What the router's handlers reach: the base's state, and what features keep in memory (the
/// catalogue's search index, the brand insights' kept answers), handed to server functions as their own contexts.
#[derive(Clone)]
pub struct RootState {
    pub app: AppState,
    pub search: crate::catalogue::search::SearchIndex,
    pub insights: crate::brands::cache::InsightCache,
}

impl FromRef<RootState> for AppState {
    fn from_ref(root: &RootState) -> AppState {
        root.app.clone()
    }
}

pub fn router(state: RootState) -> Router {
    let app = state.app.clone();
    let assets = ServeDir::new(&app.config.dist).fallback(get(index).with_state(app.clone()));
    Router::new()
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .route("/img/p/{file}", get(packshot))
        // Evidence photos: raw bytes up, authorised bytes down (see claims::evidence).
        .route(
            "/api/v1/claims/evidence",
            axum::routing::post(crate::claims::evidence::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::claims::evidence::MAX_BYTES + 1024)),
        )
        .route("/api/v1/claims/evidence/{id}", get(crate::claims::evidence::download))
        .route("/healthz", get(|| async { "ok" }))
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/staff.html", get(index))
        .fallback_service(assets)
        .layer(middleware::from_fn(typed_api_errors))
        .layer(middleware::from_fn_with_state(app.clone(), same_origin_writes))
        .layer(middleware::from_fn(bounded_paths))
        .layer(middleware::from_fn_with_state(app, headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The most a server function's request body may hold. A cart of `MAX_LINES` lines is about
/// 15 KB of JSON; nothing the app sends comes near this.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The longest path under `/api/` that can name a server function.
const MAX_API_PATH: usize = 128;

/// Server functions, behind the checks every call gets before any of our code runs: a path that
/// names a registered function, a JSON body (POST) of bounded size. Whatever the server-function
/// layer cannot decode is a typed 400 (`AppError::BadRequest`, see `error.rs`), and every error
/// answer carries the status of its `AppError` (`AppError::status`), so no refusal is ever a 5xx.
async fn server_fn(State(state): State<RootState>, req: Request<Body>) -> Response {
    let path = req.uri().path();
    let known = path.len() <= MAX_API_PATH
        && leptos::server_fn::axum::get_server_fn_service(path, req.method().clone()).is_some();
    if !known {
        // Unknown function, or a known one with the wrong method: nothing here, as for any path.
        return AppError::NotFound.into_response();
    }
    let (mut parts, body) = req.into_parts();
    if parts.method == axum::http::Method::POST {
        let json =
            parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json {
            let mut res = AppError::BadRequest.into_response();
            *res.status_mut() = StatusCode::UNSUPPORTED_MEDIA_TYPE;
            return res;
        }
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return AppError::TooLarge.into_response(),
    };
    // No text we keep may hold a NUL (PostgreSQL refuses it in text, and no name, note or code
    // has one): JSON can only write it as \u0000, a query string only as %00.
    let nul_in_query = parts.uri.query().is_some_and(|q| q.to_ascii_lowercase().contains("%00"));
    if nul_in_query || memchr::memmem::find(&bytes, b"\\u0000").is_some() {
        return AppError::BadRequest.into_response();
    }
    // leptos_axum answers a request that accepts HTML with a redirect to its Referer (for plain
    // HTML forms, which this app does not use): the API always answers JSON.
    parts.headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    let req = Request::from_parts(parts, Body::from(bytes));
    let contexts = move || {
        provide_context(state.app.clone());
        provide_context(state.search.clone());
        provide_context(state.insights.clone());
    };
    let res = leptos_axum::handle_server_fns_with_context(contexts, req).await.into_response();
    if res.status().is_success() {
        return res;
    }
    // An error: its status is its AppError's, whatever path produced it.
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(e) => parts.status = e.status(),
        Err(_) => {
            tracing::error!(status = %parts.status, body = ?String::from_utf8_lossy(&bytes[..bytes.len().min(200)]), "a server function answered an error that is not an AppError");
            return AppError::Internal.into_response();
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The longest path served, and the longest segment of one (file systems refuse longer names,
/// which would otherwise surface as a server error from the static files).
const MAX_PATH: usize = 1024;
const MAX_SEGMENT: usize = 200;

async fn bounded_paths(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path();
    if path.len() > MAX_PATH || path.split('/').any(|s| s.len() > MAX_SEGMENT) {
        let mut res = AppError::NotFound.into_response();
        *res.status_mut() = StatusCode::URI_TOO_LONG;
        return res;
    }
    next.run(req).await
}

/// Every error answer under `/api/` is a typed `AppError` in JSON, also those that axum's
/// extractors give before a handler runs (a query string or path that does not parse, a body
/// over the limit, a wrong method), so the app can always say what went wrong in the user's
/// language. The status is kept.
async fn typed_api_errors(req: Request<Body>, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !api || json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let e = match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => AppError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
        StatusCode::UNAUTHORIZED => AppError::NotSignedIn,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        s if s.is_server_error() => {
            tracing::error!(status = %s, "an untyped server error under /api/");
            AppError::Internal
        }
        _ => AppError::BadRequest,
    };
    let mut typed = e.into_response();
    *typed.status_mut() = status;
    typed
}

/// Requests that change something must come from the app's own pages: a browser says where a
/// request comes from (`Origin`, or `Sec-Fetch-Site`), and a cross-site one is refused before it
/// reaches any handler, so a page elsewhere cannot act with a signed-in shop's cookie. Clients
/// that are not browsers send neither header and are not subject to CSRF.
async fn same_origin_writes(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    use axum::http::Method;
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let h = req.headers();
    let text = |name: header::HeaderName| h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let allowed = match text(header::ORIGIN) {
        Some(origin) => match &state.config.public_origin {
            Some(public) => origin.eq_ignore_ascii_case(public.trim_end_matches('/')),
            None => {
                let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or("");
                text(header::HOST).is_some_and(|host| authority.eq_ignore_ascii_case(&host))
            }
        },
        None => {
            !matches!(h.get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site") | Some("same-site"))
        }
    };
    if allowed {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), path = ?req.uri().path(), origin = ?text(header::ORIGIN), "cross-site write refused");
        AppError::Forbidden.into_response()
    }
}

async fn packshot(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".svg").and_then(|s| s.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match crate::catalogue::db::cards_by_ids(&state.db, &[id]).await.map(|mut c| c.pop()) {
        Ok(Some(card)) => (
            [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")],
            crate::catalogue::packshot::svg(&card),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `index.html` for `/` and for every client route (a path without a file extension); a missing
/// file (with an extension) stays a 404 so that a broken asset link is not hidden.
async fn index(State(state): State<AppState>, req: Request<Body>) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') && last != "index.html" && last != "staff.html" {
        return StatusCode::NOT_FOUND.into_response();
    }
    // Staff (salespeople, dispatchers, reviewers, admins) get the staff app; everyone else, and
    // anyone not signed in, the shop app, which is all a shop owner's phone ever downloads.
    let staff = match crate::server::session::token_from_headers(req.headers(), state.config.secure_cookies) {
        Some(token) => crate::server::sessions::session_user(&state.db, &token)
            .await
            .ok()
            .flatten()
            .is_some_and(|u| u.role != crate::account::Role::ShopOwner),
        None => false,
    };
    let file = if staff && state.config.dist.join("staff.html").exists() { "staff.html" } else { "index.html" };
    match tokio::fs::read_to_string(state.config.dist.join(file)).await {
        Ok(html) => {
            let csp = content_security_policy(&html);
            let app = if file == "staff.html" { "staff" } else { "shop" };
            let mut res = (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::HeaderName::from_static("x-restock-app"), app),
                ],
                html,
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&csp) {
                res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
            }
            res
        }
        Err(e) => {
            tracing::error!(error = %e, dist = %state.config.dist.display(), "the app is not built: run ./run");
            (StatusCode::SERVICE_UNAVAILABLE, "The app has not been built yet (run ./run).").into_response()
        }
    }
}

/// The page's policy: only our own scripts, plus the exact inline loader Trunk writes into
/// `index.html` (allowed by its hash, recomputed from the file so that a rebuild keeps working).
pub fn content_security_policy(html: &str) -> String {
    let mut hashes = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        let body = &rest[body_start..body_start + close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()));
            hashes.push_str(&format!(" 'sha256-{digest}'"));
        }
        rest = &rest[body_start + close..];
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Trunk names its outputs `name-<hash>[_bg].ext`, the hash a u64 in hex (up to 16 digits, fewer
/// when it starts with zeros), and scripts/build-wasm.sh puts each app's split WebAssembly into a
/// folder `name-<hash>/` named by its contents: such files never change, so they may be cached
/// for a year.
fn is_hashed_asset(path: &str) -> bool {
    let hashed = |name: &str| {
        name.rsplit_once('-')
            .is_some_and(|(_, h)| (12..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let file = segments.last().copied().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    (file.contains('.') && hashed(stem))
        || matches!(segments.as_slice(), [folder, file] if hashed(folder) && file.contains('.'))
}

async fn headers(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(self), microphone=(), geolocation=(), payment=()"),
    );
    if state.config.secure_cookies {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    if path.starts_with("/scanner/") && path.ends_with(".js") {
        // The decoder worker runs under its own script's policy, and it instantiates WebAssembly.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'"),
        );
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            // Also the service worker's own policy: it must be able to fetch from its origin.
            HeaderValue::from_static("default-src 'self'; object-src 'none'; frame-ancestors 'none'"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        let policy = if path.starts_with("/api/") {
            "private, no-cache"
        } else if is_hashed_asset(&path) {
            "public, max-age=31536000, immutable"
        } else {
            // index.html, sw.js, the manifest, icons: always revalidated, so an update shows up.
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/restock-app-3f2a9c0d1e2b4a5f_bg.wasm"));
        assert!(is_hashed_asset("/restock-app-3f2a9c0d1e2b4a5f.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(is_hashed_asset("/restock-app-1d639b176e994ee.js"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
        assert!(is_hashed_asset("/app-0123456789abcdef/split_orders_page.wasm"));
        assert!(is_hashed_asset("/app-0123456789abcdef/__wasm_split.js"));
        assert!(!is_hashed_asset("/app-0123456789abcdef"));
        assert!(!is_hashed_asset("/scanner/worker.js"));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_loader() {
        let html =
            r#"<head><script type="module">import init from '/a.js';</script><script src="/x.js"></script></head>"#;
        let csp = content_security_policy(html);
        let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import init from '/a.js';"));
        assert!(csp.contains(&format!("'sha256-{digest}'")));
        assert_eq!(csp.matches("sha256-").count(), 1);
        assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"));
    }
}
