//! Server-side sessions: the `sessions` table (a row per signed-in device, keyed by the SHA-256 of
//! the cookie's token) and the user a live session belongs to. Part of the base: every feature
//! learns who is calling through `session::Caller`, which reads these.

use super::db::{now_ms, Db, WriteTx};
use crate::account::{Role, SessionInfo, SessionUser, ShopRef};
use crate::error::AppError;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::FromRow;

/// Sessions last 30 days: a shop owner should not have to sign in again every week.
pub const SESSION_MS: i64 = 30 * 24 * 3600 * 1000;
/// A session not used for 14 days ends (sliding), whatever is left of its 30 days.
pub const IDLE_MS: i64 = 14 * 24 * 3600 * 1000;
/// Last-seen is written at most this often per session, not on every request.
pub const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

/// Deletes the sessions past their 30 days or idle too long. Safe to run on every instance at once
/// (a plain delete).
pub async fn sweep_expired(db: &Db, now: i64) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_ms <= $1 OR last_seen_ms <= $2")
        .bind(now)
        .bind(now - IDLE_MS)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(sessions)
}

/// A user with their shop, as a session knows them.
pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<SessionUser>, AppError> {
    #[derive(FromRow)]
    struct UserRow {
        id: i64,
        name: String,
        phone: String,
        role: String,
        shop_id: Option<i64>,
        shop_name: Option<String>,
    }
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT u.id, u.name, u.phone,
                CASE WHEN EXISTS (SELECT 1 FROM brand_operators b WHERE b.user_id = u.id) THEN 'brand_operator'
                     ELSE u.role END AS role,
                u.shop_id, s.name AS shop_name
         FROM users u LEFT JOIN shops s ON s.id = u.shop_id WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let shop = match (r.shop_id, r.shop_name) {
        (Some(id), Some(name)) => Some(ShopRef { id, name }),
        (Some(_), None) => return Err(AppError::Internal),
        (None, _) => None,
    };
    Ok(Some(SessionUser {
        user_id: r.id,
        name: r.name,
        phone: r.phone,
        role: Role::from_code(&r.role).ok_or(AppError::Internal)?,
        shop,
    }))
}

/// Sessions are stored by the SHA-256 of their token, so a copy of the database cannot be used
/// to sign in as anyone.
fn token_key(token: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// A new session for the user, signed in from `device` (a summary of its user agent,
/// `account::device_summary`). Returns the token for the cookie.
pub async fn create_session(tx: &mut WriteTx, user_id: i64, device: &str) -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = now_ms();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms, last_seen_ms, user_agent) VALUES ($1, $2, $3, $4, $3, $5)")
        .bind(token_key(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_MS)
        .bind(device)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}

/// The user of a live session: within its 30 days and used within the idle limit. Using it moves
/// its last-seen time on, written at most every `TOUCH_EVERY_MS` (not a write per request).
pub async fn session_user(db: &Db, token: &str) -> Result<Option<SessionUser>, AppError> {
    let now = now_ms();
    let key = token_key(token);
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT user_id, last_seen_ms FROM sessions WHERE token_hash = $1 AND expires_ms > $2 AND last_seen_ms > $3",
    )
    .bind(&key)
    .bind(now)
    .bind(now - IDLE_MS)
    .fetch_optional(db)
    .await?;
    let Some((user_id, last_seen_ms)) = row else { return Ok(None) };
    if now - last_seen_ms >= TOUCH_EVERY_MS {
        let mut tx = db.write().await?;
        sqlx::query("UPDATE sessions SET last_seen_ms = $1 WHERE token_hash = $2 AND last_seen_ms < $1")
            .bind(now)
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    user_by_id(db, user_id).await
}

pub async fn delete_session(db: &Db, token: &str) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_key(token)).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The user's live sessions, most recently used first; `current` marks the one of `token`.
pub async fn sessions_of(db: &Db, user_id: i64, token: &str) -> Result<Vec<SessionInfo>, AppError> {
    let now = now_ms();
    let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT token_hash, created_ms, last_seen_ms, user_agent FROM sessions
         WHERE user_id = $1 AND expires_ms > $2 AND last_seen_ms > $3 ORDER BY last_seen_ms DESC, created_ms DESC",
    )
    .bind(user_id)
    .bind(now)
    .bind(now - IDLE_MS)
    .fetch_all(db)
    .await?;
    let mine = token_key(token);
    Ok(rows
        .into_iter()
        .map(|(hash, created_ms, last_seen_ms, device)| SessionInfo {
            created_ms,
            last_seen_ms,
            device,
            current: hash == mine,
        })
        .collect())
}

/// Ends every session of the user except the one of `token`. Returns how many ended.
pub async fn delete_other_sessions(db: &Db, user_id: i64, token: &str) -> Result<i64, AppError> {
    let mut tx = db.write().await?;
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(token_key(token))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() as i64)
}
