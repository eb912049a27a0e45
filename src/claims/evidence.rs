//! Evidence photos over plain HTTP (raw bytes are not a server-function argument): the app posts a
//! downscaled JPEG with a key made on the device; the server checks the type by the bytes
//! themselves, never by the name or the declared type, stores it outside the served app under a
//! generated name, and serves it only to the shop, its salesperson, reviewers and admins.

use crate::account::SessionUser;
use crate::error::{AppError, Invalid};
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The app sends about 200 KB; 4 MiB leaves room for a phone that could not downscale.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The picture type these bytes are, by their signature.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[derive(Deserialize)]
pub struct UploadQuery {
    order_id: i64,
    key: String,
}

async fn user_of(state: &AppState, headers: &HeaderMap) -> Result<SessionUser, AppError> {
    let token = crate::server::session::token_from_headers(headers).ok_or(AppError::NotSignedIn)?;
    crate::account::db::session_user(&state.db, &token).await?.ok_or(AppError::NotSignedIn)
}

/// `POST /api/v1/claims/evidence?order_id=…&key=…` with the picture as the body. Answers the
/// evidence id as JSON.
pub async fn upload(State(state): State<AppState>, Query(q): Query<UploadQuery>, headers: HeaderMap, body: Bytes) -> Response {
    let run = async {
        let user = user_of(&state, &headers).await?;
        let order = crate::orders::db::summary(&state.db, q.order_id).await?.ok_or(AppError::NotFound)?;
        let shop = crate::account::db::acting_for_order_shop(&state.db, &user, order.shop_id).await?;
        if body.len() > MAX_BYTES || q.key.is_empty() || q.key.len() > 100 {
            return Err(AppError::Invalid(Invalid::Photo));
        }
        let kind = sniff(&body).ok_or(AppError::Invalid(Invalid::Photo))?;
        crate::claims::db::store_evidence(&state.db, &state.config.evidence_dir, shop, user.user_id, &q.key, kind, &body).await
    };
    match run.await {
        Ok(id) => axum::Json(id).into_response(),
        Err(e) => crate::server::error_response(e),
    }
}

/// `GET /api/v1/claims/evidence/{id}`: the picture, to those allowed to see its claim (before the
/// claim is filed, only to its shop). Anyone else gets 404, as if it did not exist.
pub async fn download(State(state): State<AppState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let run = async {
        let user = user_of(&state, &headers).await?;
        let (shop, claim, file, kind) = crate::claims::db::evidence_file(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let allowed = match claim {
            Some(_) => crate::claims::api::may_see_claims_of(&state.db, &user, shop).await,
            None => crate::account::db::acting_for_order_shop(&state.db, &user, shop).await.map(|_| ()),
        };
        allowed.map_err(|_| AppError::NotFound)?;
        let bytes = tokio::fs::read(state.config.evidence_dir.join(&file)).await.map_err(|e| {
            tracing::error!(error = %e, file, "evidence read");
            AppError::Internal
        })?;
        Ok((kind, bytes))
    };
    match run.await {
        Ok((kind, bytes)) => (
            [
                (header::CONTENT_TYPE, kind.to_owned()),
                (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
                (header::CONTENT_DISPOSITION, "inline".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => crate::server::error_response(e),
    }
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn pictures_are_known_by_their_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'>"), None);
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b""), None);
    }
}
