//! Evidence photos over plain HTTP (raw bytes are not a server-function argument): the app posts a
//! downscaled JPEG with a key made on the device; the server checks the type by the bytes
//! themselves, never by the name or the declared type, stores it outside the served app under a
//! generated name, and serves it only to the shop, its salesperson, reviewers and admins.

use crate::error::{AppError, Invalid};
use crate::server::session::Caller;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The app sends about 200 KB; 4 MiB leaves room for a phone that could not downscale.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Photos a shop may have uploaded and not yet attached to a claim (they are removed after a day).
pub const MAX_UNATTACHED: i64 = 30;
/// Bytes a shop may upload in 24 hours.
pub const MAX_BYTES_PER_DAY: i64 = 100 * 1024 * 1024;
/// A picture's sides: a phone photo is at most about 8000 pixels a side; more is not a photo.
pub const MAX_SIDE: u32 = 10_000;
pub const MAX_PIXELS: u64 = 50_000_000;
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

/// A picture as its header describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picture {
    pub kind: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Why bytes are not an acceptable picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureProblem {
    /// Not a JPEG, PNG or WebP by its signature.
    Unknown,
    /// The header is missing, malformed or cut short, or the file does not end where it says.
    Malformed,
    /// No pixels, or more than any photo has.
    AbsurdSize,
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?) as u32)
}
fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as u32)
}
fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(s[0] as u32 | (s[1] as u32) << 8 | (s[2] as u32) << 16)
}
fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// JPEG: the segments from the start up to the first frame header (SOFn), whose height and
/// width it reads; the file must end with the end-of-image marker.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    if !b.ends_with(&[0xFF, 0xD9]) {
        return None;
    }
    let mut at = 2;
    loop {
        if *b.get(at)? != 0xFF {
            return None;
        }
        // Fill bytes before a marker.
        while *b.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = *b.get(at + 1)?;
        at += 2;
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            // Start of scan or end of image before any frame header.
            0xDA | 0xD9 | 0xD8 | 0x00 => return None,
            _ => {}
        }
        let len = be16(b, at)? as usize;
        if len < 2 || at + len > b.len() {
            return None;
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            if len < 8 {
                return None;
            }
            return Some((be16(b, at + 5)?, be16(b, at + 3)?));
        }
        at += len;
    }
}

/// PNG: the first chunk must be a 13-byte IHDR; the last, IEND.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if be32(b, 8)? != 13 || b.get(12..16)? != b"IHDR" || b.len() < 8 + 25 + 12 {
        return None;
    }
    if !b.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]) {
        return None;
    }
    let (w, h) = (be32(b, 16)?, be32(b, 20)?);
    let (depth, colour) = (*b.get(24)?, *b.get(25)?);
    let depth_ok = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => false,
    };
    depth_ok.then_some((w, h))
}

/// WebP: the RIFF size must match the file; the first chunk is a lossy (VP8), lossless (VP8L) or
/// extended (VP8X) header, each with its own way of giving the size.
fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    let riff = le32(b, 4)? as usize;
    if riff + 8 != b.len() && riff + 8 + 1 != b.len() {
        return None;
    }
    let chunk = b.get(12..16)?;
    let chunk_len = le32(b, 16)? as usize;
    if 20 + chunk_len > b.len() {
        return None;
    }
    match chunk {
        b"VP8 " => {
            // A key frame: 3 bytes of frame tag, the start code, then 14-bit width and height.
            if b.get(23..26)? != [0x9D, 0x01, 0x2A] || b.get(20)? & 1 != 0 {
                return None;
            }
            Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            if *b.get(20)? != 0x2F {
                return None;
            }
            let bits = le32(b, 21)?;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            if chunk_len < 10 {
                return None;
            }
            Some((le24(b, 24)? + 1, le24(b, 27)? + 1))
        }
        _ => None,
    }
}

/// What a picture is, from its bytes alone: the type by its signature, then its header decoded
/// (JPEG frame header, PNG IHDR, WebP VP8/VP8L/VP8X), refusing cut-short files and sizes no
/// photo has.
pub fn inspect(bytes: &[u8]) -> Result<Picture, PictureProblem> {
    let kind = sniff(bytes).ok_or(PictureProblem::Unknown)?;
    let size = match kind {
        "image/jpeg" => jpeg_size(bytes),
        "image/png" => png_size(bytes),
        _ => webp_size(bytes),
    };
    let (width, height) = size.ok_or(PictureProblem::Malformed)?;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE || width as u64 * height as u64 > MAX_PIXELS {
        return Err(PictureProblem::AbsurdSize);
    }
    Ok(Picture { kind, width, height })
}

#[derive(Deserialize)]
pub struct UploadQuery {
    order_id: i64,
    key: String,
}

async fn caller_of(state: &AppState, headers: &HeaderMap) -> Result<Caller, AppError> {
    Caller::from_headers(&state.db, headers, state.config.secure_cookies).await
}

/// `POST /api/v1/claims/evidence?order_id=…&key=…` with the picture as the body. Answers the
/// evidence id as JSON.
pub async fn upload(
    State(state): State<AppState>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = async {
        let caller = caller_of(&state, &headers).await?;
        let order = crate::orders::summary(&state.db, q.order_id).await?.ok_or(AppError::NotFound)?;
        let shop = caller.acting_for_order_shop(&state.db, order.shop_id).await?;
        if !crate::error::is_device_key(&q.key) {
            return Err(AppError::Invalid(Invalid::EvidenceKey));
        }
        if body.len() > MAX_BYTES {
            return Err(AppError::Invalid(Invalid::Photo));
        }
        let picture = inspect(&body).map_err(|problem| {
            tracing::info!(shop_id = shop.id(), ?problem, bytes = body.len(), "evidence photo refused");
            AppError::Invalid(Invalid::Photo)
        })?;
        crate::claims::db::store_evidence(
            &state.db,
            &state.config.evidence_dir,
            shop,
            caller.id(),
            &q.key,
            picture.kind,
            &body,
        )
        .await
    };
    match run.await {
        Ok(id) => axum::Json(crate::id::Id(id)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/v1/claims/evidence/{id}`: the picture, to those allowed to see its claim (before the
/// claim is filed, only to its shop). Anyone else gets 404, as if it did not exist.
pub async fn download(State(state): State<AppState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let run = async {
        let caller = caller_of(&state, &headers).await?;
        let (shop, claim, delivered, file, kind) =
            crate::claims::db::evidence_file(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let allowed = match (claim, delivered) {
            (Some(_), _) => crate::claims::api::may_see_claims_of(&state.db, &caller, shop).await,
            // A proof of delivery: also the dispatchers, who answer for the delivery.
            (None, Some(_)) if caller.role() == crate::account::Role::Dispatcher => Ok(()),
            (None, Some(_)) => crate::claims::api::may_see_claims_of(&state.db, &caller, shop).await,
            (None, None) => caller.acting_for_order_shop(&state.db, shop).await.map(|_| ()),
        };
        allowed.map_err(|_| AppError::NotFound)?;
        let bytes = tokio::fs::read(state.config.evidence_dir.join(&file)).await.map_err(|e| {
            tracing::error!(error = %e, file, "evidence read");
            AppError::Internal
        })?;
        Ok::<_, AppError>((kind, bytes))
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
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

#[cfg(test)]
mod picture_tests {
    use super::*;

    /// A JPEG's segments: SOI, APP0, a baseline frame header of `w`×`h`, a scan, EOI.
    fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        b.extend([0xFF, 0xC0, 0x00, 0x11, 8]);
        b.extend(h.to_be_bytes());
        b.extend(w.to_be_bytes());
        b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.extend([0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
        b.extend([0x55; 100]);
        b.extend([0xFF, 0xD9]);
        b
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        b.extend(13u32.to_be_bytes());
        b.extend(b"IHDR");
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b.extend([0, 0, 0, 1, b'I', b'D', b'A', b'T', 0, 0, 0, 0, 0]);
        b.extend([0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
        b
    }

    fn riff(chunk: &[u8], payload: &[u8]) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        body.extend(chunk);
        body.extend((payload.len() as u32).to_le_bytes());
        body.extend(payload);
        let mut b = b"RIFF".to_vec();
        b.extend((body.len() as u32).to_le_bytes());
        b.extend(body);
        b
    }

    #[test]
    fn jpeg_png_and_webp_headers_give_the_size() {
        assert_eq!(inspect(&jpeg(640, 480)), Ok(Picture { kind: "image/jpeg", width: 640, height: 480 }));
        assert_eq!(inspect(&png(800, 600)), Ok(Picture { kind: "image/png", width: 800, height: 600 }));
        let mut vp8 = vec![0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A];
        vp8.extend(320u16.to_le_bytes());
        vp8.extend(240u16.to_le_bytes());
        vp8.extend([0; 10]);
        assert_eq!(inspect(&riff(b"VP8 ", &vp8)), Ok(Picture { kind: "image/webp", width: 320, height: 240 }));
        let bits: u32 = (99) | (49 << 14);
        let mut vp8l = vec![0x2F];
        vp8l.extend(bits.to_le_bytes());
        vp8l.extend([0; 5]);
        assert_eq!(inspect(&riff(b"VP8L", &vp8l)).map(|p| (p.width, p.height)), Ok((100, 50)));
        let mut vp8x = vec![0u8; 4];
        vp8x.extend([0xFF, 0x03, 0x00, 0xFF, 0x02, 0x00]);
        assert_eq!(inspect(&riff(b"VP8X", &vp8x)).map(|p| (p.width, p.height)), Ok((1024, 768)));
    }

    #[test]
    fn truncated_or_headerless_pictures_are_refused() {
        let full = jpeg(640, 480);
        assert_eq!(inspect(&full[..full.len() - 10]), Err(PictureProblem::Malformed));
        // The old check's idea of a JPEG: the signature and filler, no frame header.
        let mut headerless = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0];
        headerless.extend([0x55; 2000]);
        headerless.extend([0xFF, 0xD9]);
        assert_eq!(inspect(&headerless), Err(PictureProblem::Malformed));
        let p = png(800, 600);
        assert_eq!(inspect(&p[..p.len() - 12]), Err(PictureProblem::Malformed));
        assert_eq!(inspect(&p[..20]), Err(PictureProblem::Malformed));
        let mut cut = riff(b"VP8L", &[0x2F, 0, 0, 0, 0, 0, 0]);
        cut.truncate(cut.len() - 3);
        assert_eq!(inspect(&cut), Err(PictureProblem::Malformed));
        assert_eq!(inspect(b"RIFF\0\0\0\0WEBPVP8 "), Err(PictureProblem::Malformed));
        assert_eq!(inspect(b"GIF89a"), Err(PictureProblem::Unknown));
    }

    #[test]
    fn absurd_sizes_are_refused() {
        assert_eq!(inspect(&jpeg(0, 480)), Err(PictureProblem::AbsurdSize));
        assert_eq!(inspect(&jpeg(65_000, 65_000)), Err(PictureProblem::AbsurdSize));
        assert_eq!(inspect(&png(9_000, 9_000)), Err(PictureProblem::AbsurdSize));
        assert_eq!(inspect(&png(1, 100_000)), Err(PictureProblem::AbsurdSize));
        assert_eq!(inspect(&png(4_000, 3_000)).map(|p| p.width), Ok(4_000));
    }

    #[test]
    fn evidence_keys_are_short_and_plain() {
        assert!(crate::error::is_device_key("0b6f1e2a-4c1d-4f7e-9a3b-2f1c5d6e7a8b"));
        assert!(crate::error::is_device_key("ph_1"));
        for bad in ["", "a\nb", "a\0b", "../x", "a b", "键", &"k".repeat(65)] {
            assert!(!crate::error::is_device_key(bad), "{bad:?}");
        }
    }
}
