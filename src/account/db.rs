//! Users, password hashes (argon2id) and server-side sessions.

use super::{Phone, Role, SessionUser, ShopRef};
use crate::error::AppError;
use crate::server::db::{now_ms, Db, WriteTx};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Sessions last 30 days: a shop owner should not have to sign in again every week.
pub const SESSION_MS: i64 = 30 * 24 * 3600 * 1000;
/// A session not used for 14 days ends (sliding), whatever is left of its 30 days.
pub const IDLE_MS: i64 = 14 * 24 * 3600 * 1000;
/// Last-seen is written at most this often per session, not on every request.
pub const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with default parameters")
        .to_string()
}

/// `hash_password` on the blocking pool: argon2 takes tens of milliseconds of CPU, which must
/// not hold up an async worker (and every request queued on it).
pub async fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|_| AppError::Internal)
}

/// A hash of a password nobody has, checked when the phone number is unknown so that a wrong
/// number takes as long to refuse as a wrong password. Computed on first use, on the blocking pool
/// (the caller is already there).
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("no user has this password"))
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Checks a password. Not instrumented: the phone number must not go into logs unmasked (the
/// caller logs refusals with `Phone::masked`).
pub async fn verify_password(db: &Db, phone: &Phone, password: &str) -> Result<SessionUser, AppError> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(db)
        .await?;
    let (id, hash) = match &row {
        Some(r) => (Some(r.try_get::<i64, _>("id")?), Some(r.try_get::<String, _>("password_hash")?)),
        None => (None, None),
    };
    let password = password.to_owned();
    // argon2 takes tens of milliseconds of CPU: keep it off the async workers (the decoy too).
    let ok = tokio::task::spawn_blocking(move || verify(&password, hash.as_deref().unwrap_or_else(|| decoy_hash())))
        .await
        .map_err(|_| AppError::Internal)?;
    match (id, ok) {
        (Some(id), true) => user_by_id(db, id).await?.ok_or(AppError::BadCredentials),
        _ => Err(AppError::BadCredentials),
    }
}

/// The sign-in limits: at most `per_phone` failed sign-ins for one phone number and `per_address`
/// from one client address within the last `window_minutes` (one-minute buckets, so the window
/// slides by the minute). Counted in the database, so that every server instance sees the same
/// counts.
#[derive(Clone, Copy, Debug)]
pub struct SignInLimits {
    pub per_phone: i64,
    pub per_address: i64,
    pub window_minutes: i64,
}

/// The counters one sign-in attempt touches.
pub struct SignInBuckets {
    pub phone: String,
    pub address: String,
}

impl SignInBuckets {
    pub fn new(phone: &Phone, address: Option<std::net::IpAddr>) -> SignInBuckets {
        SignInBuckets {
            phone: format!("phone:{}", phone.as_str()),
            address: match address {
                Some(a) => format!("addr:{a}"),
                None => "addr:unknown".to_owned(),
            },
        }
    }
}

fn minute_of(ms: i64) -> i64 {
    ms.div_euclid(60_000)
}

async fn recent_failures<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    exec: E,
    bucket: &str,
    since_minute: i64,
) -> Result<i64, AppError> {
    let r = sqlx::query("SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT) AS n FROM sign_in_failures WHERE bucket = $1 AND minute > $2")
        .bind(bucket)
        .bind(since_minute)
        .fetch_one(exec)
        .await?;
    Ok(r.try_get("n")?)
}

async fn add_failure(tx: &mut WriteTx, bucket: &str, minute: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sign_in_failures (bucket, minute, failures) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, minute) DO UPDATE SET failures = sign_in_failures.failures + 1",
    )
    .bind(bucket)
    .bind(minute)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Before checking a password: refuses with `TooManyAttempts` when either counter is at its
/// limit (a flood past the limit costs a read, no hashing and no write); otherwise counts this
/// attempt as a failure in advance, then reads the counts again, so that concurrent attempts on
/// several instances cannot together get past the limit. One write transaction (on SQLite, in the
/// writer turn). Returns the minute it counted in, for `sign_in_succeeded` to take the attempt
/// back.
pub async fn reserve_sign_in_attempt(
    db: &Db,
    limits: SignInLimits,
    buckets: &SignInBuckets,
    now: i64,
) -> Result<i64, AppError> {
    let minute = minute_of(now);
    let since = minute - limits.window_minutes;
    let over = |phone: i64, address: i64| phone >= limits.per_phone || address >= limits.per_address;
    // Past the limit, a read on the read side: a flood neither waits for nor holds the writer turn.
    if over(recent_failures(db, &buckets.phone, since).await?, recent_failures(db, &buckets.address, since).await?) {
        return Err(AppError::TooManyAttempts);
    }
    let mut tx = db.write().await?;
    add_failure(&mut tx, &buckets.phone, minute).await?;
    add_failure(&mut tx, &buckets.address, minute).await?;
    // Each attempt counted itself first, so the one that makes a count pass its limit reads it.
    let (phone, address) = (
        recent_failures(&mut *tx, &buckets.phone, since).await?,
        recent_failures(&mut *tx, &buckets.address, since).await?,
    );
    // The attempt stays counted when refused here too.
    tx.commit().await?;
    if over(phone - 1, address - 1) {
        return Err(AppError::TooManyAttempts);
    }
    Ok(minute)
}

/// The password was right: the phone number's failures are forgotten, and this attempt is taken
/// back from the address's count (the others from that address stay).
pub async fn sign_in_succeeded(tx: &mut WriteTx, buckets: &SignInBuckets, minute: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE bucket = $1").bind(&buckets.phone).execute(&mut **tx).await?;
    sqlx::query(
        "UPDATE sign_in_failures SET failures = failures - 1 WHERE bucket = $1 AND minute = $2 AND failures > 0",
    )
    .bind(&buckets.address)
    .bind(minute)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes what has expired: sessions past their 30 days or idle too long, sign-in counters older
/// than any window. Safe to run on every instance at once (plain deletes).
pub async fn sweep_expired(db: &Db, now: i64) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_ms <= $1 OR last_seen_ms <= $2")
        .bind(now)
        .bind(now - IDLE_MS)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // A day is longer than any sensible window.
    let counters = sqlx::query("DELETE FROM sign_in_failures WHERE minute < $1")
        .bind(minute_of(now) - 24 * 60)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(sessions + counters)
}

pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<SessionUser>, AppError> {
    let row = sqlx::query(
        "SELECT u.id, u.name, u.phone, u.role, u.shop_id, s.name AS shop_name
         FROM users u LEFT JOIN shops s ON s.id = u.shop_id WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let role: String = r.try_get("role")?;
    let shop_id: Option<i64> = r.try_get("shop_id")?;
    Ok(Some(SessionUser {
        user_id: r.try_get("id")?,
        name: r.try_get("name")?,
        phone: r.try_get("phone")?,
        role: Role::from_code(&role).ok_or(AppError::Internal)?,
        shop: match shop_id {
            Some(id) => Some(ShopRef { id, name: r.try_get("shop_name")? }),
            None => None,
        },
    }))
}

/// Sessions are stored by the SHA-256 of their token, so a copy of the database cannot be used
/// to sign in as anyone.
fn token_key(token: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// A new session for the user, signed in from `device` (a summary of its user agent,
/// `super::device_summary`). Returns the token for the cookie.
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
    let row = sqlx::query(
        "SELECT user_id, last_seen_ms FROM sessions WHERE token_hash = $1 AND expires_ms > $2 AND last_seen_ms > $3",
    )
    .bind(&key)
    .bind(now)
    .bind(now - IDLE_MS)
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    if now - r.try_get::<i64, _>("last_seen_ms")? >= TOUCH_EVERY_MS {
        let mut tx = db.write().await?;
        sqlx::query("UPDATE sessions SET last_seen_ms = $1 WHERE token_hash = $2 AND last_seen_ms < $1")
            .bind(now)
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    user_by_id(db, r.try_get("user_id")?).await
}

pub async fn delete_session(db: &Db, token: &str) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_key(token)).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The user's live sessions, most recently used first; `current` marks the one of `token`.
pub async fn sessions_of(db: &Db, user_id: i64, token: &str) -> Result<Vec<super::SessionInfo>, AppError> {
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT token_hash, created_ms, last_seen_ms, user_agent FROM sessions
         WHERE user_id = $1 AND expires_ms > $2 AND last_seen_ms > $3 ORDER BY last_seen_ms DESC, created_ms DESC",
    )
    .bind(user_id)
    .bind(now)
    .bind(now - IDLE_MS)
    .fetch_all(db)
    .await?;
    let mine = token_key(token);
    rows.iter()
        .map(|r| {
            Ok(super::SessionInfo {
                created_ms: r.try_get("created_ms")?,
                last_seen_ms: r.try_get("last_seen_ms")?,
                device: r.try_get("user_agent")?,
                current: r.try_get::<String, _>("token_hash")? == mine,
            })
        })
        .collect()
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

/// The shop a call acts for. An owner acts for their own shop (asking for another is refused); a
/// salesperson acts for a shop they are assigned to right now; no other role acts for a shop.
pub async fn acting_shop(db: &Db, user: &SessionUser, requested: Option<i64>) -> Result<i64, AppError> {
    match (user.role, &user.shop, requested) {
        (Role::ShopOwner, Some(own), None) => Ok(own.id),
        (Role::ShopOwner, Some(own), Some(id)) if id == own.id => Ok(own.id),
        (Role::Salesperson, _, Some(id)) => {
            let assigned = sqlx::query("SELECT 1 AS x FROM salesperson_shops WHERE user_id = $1 AND shop_id = $2")
                .bind(user.user_id)
                .bind(id)
                .fetch_optional(db)
                .await?;
            assigned.map(|_| id).ok_or(AppError::Forbidden)
        }
        _ => Err(AppError::Forbidden),
    }
}

/// The shop an order belongs to, if the caller acts for it. Another shop's order is "not found",
/// not "forbidden", so that ids cannot be probed.
pub async fn acting_for_order_shop(db: &Db, user: &SessionUser, order_shop: i64) -> Result<i64, AppError> {
    match acting_shop(db, user, Some(order_shop)).await {
        Err(AppError::Forbidden) => Err(AppError::NotFound),
        other => other,
    }
}

/// The first user (by id) with this role, if any: who the delivery simulation acts as.
pub async fn first_with_role(db: &Db, role: Role) -> Result<Option<SessionUser>, AppError> {
    let row = sqlx::query("SELECT id FROM users WHERE role = $1 ORDER BY id LIMIT 1")
        .bind(role.code())
        .fetch_optional(db)
        .await?;
    match row {
        Some(r) => user_by_id(db, r.try_get("id")?).await,
        None => Ok(None),
    }
}
