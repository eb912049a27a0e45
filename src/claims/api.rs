//! Server functions of claims.

use super::Account;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The shop's claims, balance and ledger.
#[server(prefix = "/api", endpoint = "v1/claims/mine", input = Json)]
pub async fn my_claims(shop_id: Option<i64>) -> Result<Account, AppError> {
    crate::server::answer(async move {
        let user = crate::server::session::current_user().await?;
        let db = crate::server::state::db();
        let shop = crate::account::db::acting_shop(&db, &user, shop_id).await?;
        Ok(Account {
            balance: crate::orders::db::balance(&db, shop).await?,
            ledger: super::db::ledger(&db, shop).await?,
            claims: super::db::list_for_shop(&db, shop).await?,
        })
    }.await)
}

#[cfg(feature = "ssr")]
async fn reviewer() -> Result<crate::account::SessionUser, AppError> {
    let user = crate::server::session::current_user().await?;
    if matches!(user.role, crate::account::Role::Reviewer | crate::account::Role::Admin) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Claims waiting for review (reviewers and admins only).
#[server(prefix = "/api", endpoint = "v1/claims/review-queue", input = Json)]
pub async fn review_queue() -> Result<Vec<super::ClaimSummary>, AppError> {
    crate::server::answer(async move {
        reviewer().await?;
        super::db::review_queue(&crate::server::state::db()).await
    }.await)
}

/// Approve (pays the computed amount) or reject (with a reason) a claim.
#[server(prefix = "/api", endpoint = "v1/claims/decide", input = Json)]
pub async fn decide_claim(id: i64, approve: bool, reason: String) -> Result<super::ClaimSummary, AppError> {
    crate::server::answer(async move {
        let user = reviewer().await?;
        let state = crate::server::state::state();
        let _turn = state.write_turn().await;
        super::db::decide(&state.db, id, user.user_id, approve, &reason).await
    }.await)
}
