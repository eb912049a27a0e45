//! Users, password hashes (argon2id) and server-side sessions.

use super::{Phone, Role, SessionUser, ShopRef};
use crate::error::AppError;
use crate::server::db::{now_ms, Db};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Sessions last 30 days: a shop owner should not have to sign in again every week.
pub const SESSION_MS: i64 = 30 * 24 * 3600 * 1000;

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with default parameters")
        .to_string()
}

/// A hash of a password nobody has, checked when the phone number is unknown so that a wrong
/// number takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("no user has this password"))
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

#[tracing::instrument(skip(db, password), fields(phone = %phone.as_str()))]
pub async fn verify_password(db: &Db, phone: &Phone, password: &str) -> Result<SessionUser, AppError> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(db)
        .await?;
    let (id, hash) = match &row {
        Some(r) => (Some(r.try_get::<i64, _>("id")?), r.try_get::<String, _>("password_hash")?),
        None => (None, decoy_hash().to_owned()),
    };
    let password = password.to_owned();
    // argon2 takes tens of milliseconds of CPU: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || verify(&password, &hash))
        .await
        .map_err(|_| AppError::Internal)?;
    match (id, ok) {
        (Some(id), true) => user_by_id(db, id).await?.ok_or(AppError::BadCredentials),
        _ => Err(AppError::BadCredentials),
    }
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

pub async fn create_session(db: &Db, user_id: i64) -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = now_ms();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)")
        .bind(token_key(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_MS)
        .execute(db)
        .await?;
    Ok(token)
}

pub async fn session_user(db: &Db, token: &str) -> Result<Option<SessionUser>, AppError> {
    let row = sqlx::query("SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_ms > $2")
        .bind(token_key(token))
        .bind(now_ms())
        .fetch_optional(db)
        .await?;
    match row {
        Some(r) => user_by_id(db, r.try_get("user_id")?).await,
        None => Ok(None),
    }
}

pub async fn delete_session(db: &Db, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_key(token))
        .execute(db)
        .await?;
    Ok(())
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
