//! Users' passwords (argon2id) and the sign-in limits. The sessions a sign-in starts live in the
//! server's base (`server::sessions`).

use super::{Phone, Role, SessionUser};
use crate::error::AppError;
use crate::server::db::{Db, WriteTx};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

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
    let row: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(db)
        .await?;
    let (id, hash) = row.unzip();
    let password = password.to_owned();
    // argon2 takes tens of milliseconds of CPU: keep it off the async workers (the decoy too).
    let ok = tokio::task::spawn_blocking(move || verify(&password, hash.as_deref().unwrap_or_else(|| decoy_hash())))
        .await
        .map_err(|_| AppError::Internal)?;
    match (id, ok) {
        (Some(id), true) => crate::server::sessions::user_by_id(db, id).await?.ok_or(AppError::BadCredentials),
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
    let q = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT) FROM sign_in_failures WHERE bucket = $1 AND minute > $2",
    );
    Ok(q.bind(bucket).bind(since_minute).fetch_one(exec).await?)
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

/// Deletes sign-in counters older than any window (a day is longer than any sensible window).
/// Safe to run on every instance at once (a plain delete).
pub async fn sweep_sign_in_counters(db: &Db, now: i64) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let counters = sqlx::query("DELETE FROM sign_in_failures WHERE minute < $1")
        .bind(minute_of(now) - 24 * 60)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(counters)
}

/// The first user (by id) with this role, if any: who the delivery simulation acts as.
pub async fn first_with_role(db: &Db, role: Role) -> Result<Option<SessionUser>, AppError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE role = $1
         AND NOT EXISTS (SELECT 1 FROM brand_operators b WHERE b.user_id = users.id) ORDER BY id LIMIT 1",
    )
    .bind(role.code())
    .fetch_optional(db)
    .await?;
    match id {
        Some(id) => crate::server::sessions::user_by_id(db, id).await,
        None => Ok(None),
    }
}
