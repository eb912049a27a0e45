//! Server functions for signing in and out. The caller's identity always comes from the session
//! cookie, never from arguments.

use super::SessionUser;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::server::session::Caller;

/// Signs in. Failed attempts are limited per phone number and per client address (in the
/// database, across instances): past the limit the answer is `TooManyAttempts` (429) without the
/// password being checked at all.
#[server(prefix = "/api", endpoint = "v1/account/sign-in", input = Json)]
pub async fn sign_in(phone: String, password: String) -> Result<SessionUser, AppError> {
    crate::server::answer(async move {
        use crate::error::Invalid;
        let phone = super::Phone::parse(&phone)?;
        if password.is_empty() {
            return Err(AppError::Invalid(Invalid::PasswordEmpty));
        }
        let db = crate::server::state::db();
        let config = crate::server::state::config();
        let limits = super::db::SignInLimits {
            per_phone: config.sign_in_max_per_phone,
            per_address: config.sign_in_max_per_address,
            window_minutes: config.sign_in_window_minutes,
        };
        let client = crate::server::session::request_client_addr();
        let client_field = client.map(|a| a.to_string()).unwrap_or_else(|| "unknown".to_owned());
        let buckets = super::db::SignInBuckets::new(&phone, client);
        let minute = match super::db::reserve_sign_in_attempt(&db, limits, &buckets, crate::server::db::now_ms()).await {
            Ok(m) => m,
            Err(e) => {
                if e == AppError::TooManyAttempts {
                    tracing::warn!(phone = %phone.masked(), client = %client_field, outcome = "too_many_attempts", "sign-in refused");
                }
                return Err(e);
            }
        };
        let user = match super::db::verify_password(&db, &phone, &password).await {
            Ok(u) => u,
            Err(e) => {
                if e == AppError::BadCredentials {
                    tracing::warn!(phone = %phone.masked(), client = %client_field, outcome = "bad_credentials", "sign-in failed");
                }
                return Err(e);
            }
        };
        let mut tx = db.write().await?;
        super::db::sign_in_succeeded(&mut tx, &buckets, minute).await?;
        let device = crate::server::session::request_device();
        let token = crate::server::sessions::create_session(&mut tx, user.user_id, &device).await?;
        tx.commit().await?;
        crate::server::session::set_session_cookie(&token);
        Ok(user)
    }.await)
}

#[server(prefix = "/api", endpoint = "v1/account/sign-out", input = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::answer(
        async move {
            if let Some(token) = crate::server::session::session_token() {
                crate::server::sessions::delete_session(&crate::server::state::db(), &token).await?;
            }
            crate::server::session::clear_session_cookie();
            Ok(())
        }
        .await,
    )
}

/// Who the session cookie belongs to, or `None` when it is missing or expired.
#[server(prefix = "/api", endpoint = "v1/account/me", input = Json)]
pub async fn whoami() -> Result<Option<SessionUser>, AppError> {
    crate::server::answer(
        async move {
            match Caller::from_request().await {
                Ok(caller) => Ok(Some(caller.into_user())),
                Err(AppError::NotSignedIn) => Ok(None),
                Err(e) => Err(e),
            }
        }
        .await,
    )
}

/// The account's signed-in devices (live sessions), most recently used first, this one marked.
#[server(prefix = "/api", endpoint = "v1/account/sessions", input = Json)]
pub async fn my_sessions() -> Result<Vec<super::SessionInfo>, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            crate::server::sessions::sessions_of(&crate::server::state::db(), caller.id(), caller.token()).await
        }
        .await,
    )
}

/// Signs the account out everywhere but on this device (a lost phone, a shared tablet). Returns
/// how many sessions ended.
#[server(prefix = "/api", endpoint = "v1/account/sign-out-others", input = Json)]
pub async fn sign_out_others() -> Result<i64, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let ended = crate::server::sessions::delete_other_sessions(&db, caller.id(), caller.token()).await?;
            tracing::info!(user_id = caller.id(), ended, "signed out other devices");
            Ok(ended)
        }
        .await,
    )
}
