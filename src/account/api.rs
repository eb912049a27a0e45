//! Server functions for signing in and out. The caller's identity always comes from the session
//! cookie, never from arguments.

use super::SessionUser;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "v1/account/sign-in", input = Json)]
pub async fn sign_in(phone: String, password: String) -> Result<SessionUser, AppError> {
    crate::server::answer(async move {
        use crate::error::Invalid;
        let phone = super::Phone::parse(&phone)?;
        if password.is_empty() {
            return Err(AppError::Invalid(Invalid::PasswordEmpty));
        }
        let db = crate::server::state::db();
        let user = super::db::verify_password(&db, &phone, &password).await?;
        let token = super::db::create_session(&db, user.user_id).await?;
        crate::server::session::set_session_cookie(&token);
        Ok(user)
    }.await)
}

#[server(prefix = "/api", endpoint = "v1/account/sign-out", input = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::answer(async move {
        if let Some(token) = crate::server::session::session_token() {
            super::db::delete_session(&crate::server::state::db(), &token).await?;
        }
        crate::server::session::clear_session_cookie();
        Ok(())
    }.await)
}

/// Who the session cookie belongs to, or `None` when it is missing or expired.
#[server(prefix = "/api", endpoint = "v1/account/me", input = Json)]
pub async fn whoami() -> Result<Option<SessionUser>, AppError> {
    crate::server::answer(async move {
        match crate::server::session::current_user().await {
            Ok(u) => Ok(Some(u)),
            Err(AppError::NotSignedIn) => Ok(None),
            Err(e) => Err(e),
        }
    }.await)
}
