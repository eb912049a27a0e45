//! Server functions of claims.

use super::Account;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{account::Role, server::session::Caller};

/// Those who review claims.
#[cfg(feature = "ssr")]
const REVIEWERS: &[Role] = &[Role::Reviewer, Role::Admin];
/// Those who see to the courier's pickups.
#[cfg(feature = "ssr")]
const DISPATCHERS: &[Role] = &[Role::Dispatcher, Role::Admin];

/// The shop's claims, balance and ledger.
#[server(prefix = "/api", endpoint = "v1/claims/mine", input = Json)]
pub async fn my_claims(shop_id: Option<i64>) -> Result<Account, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let shop = caller.acting_shop(&db, shop_id).await?.id();
            Ok(Account {
                balance: crate::ledger::balance(&db, shop).await?,
                ledger: crate::ledger::entries(&db, shop).await?,
                claims: super::db::list_for_shop(&db, shop).await?,
            })
        }
        .await,
    )
}

/// Claims waiting for review (reviewers and admins only).
#[server(prefix = "/api", endpoint = "v1/claims/review-queue", input = Json)]
pub async fn review_queue() -> Result<Vec<super::ClaimSummary>, AppError> {
    crate::server::answer(
        async move {
            Caller::from_request().await?.require(REVIEWERS)?;
            super::db::review_queue(&crate::server::state::db()).await
        }
        .await,
    )
}

/// Approve (pays the computed amount) or reject (with a reason) a claim.
#[server(prefix = "/api", endpoint = "v1/claims/decide", input = Json)]
pub async fn decide_claim(id: crate::id::Id, approve: bool, reason: String) -> Result<super::ClaimSummary, AppError> {
    let id = id.0;
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?.require(REVIEWERS)?;
            super::db::decide(&crate::server::state::db(), id, caller.id(), approve, &reason).await
        }
        .await,
    )
}

/// An order line as the guarantees see it today: the app offers the claims open on it and shows
/// what each would pay, by the same rules the server files with.
#[server(prefix = "/api", endpoint = "v1/claims/context", input = Json)]
pub async fn claim_context(order_id: crate::id::Id, line_no: i64) -> Result<super::ClaimContext, AppError> {
    let order_id = order_id.0;
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let ctx = super::db::context(&db, order_id, line_no, crate::server::db::now_ms())
                .await?
                .ok_or(AppError::NotFound)?;
            caller.acting_for_order_shop(&db, ctx.shop_id).await?;
            Ok(ctx)
        }
        .await,
    )
}

/// Files a claim (the shop, or its salesperson for it). The same key files once.
#[server(prefix = "/api", endpoint = "v1/claims/file", input = Json)]
pub async fn file_claim(req: super::ClaimRequest) -> Result<super::ClaimSummary, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let order = crate::orders::summary(&db, req.order_id).await?.ok_or(AppError::NotFound)?;
            let shop = caller.acting_for_order_shop(&db, order.shop_id).await?;
            super::db::file(&db, shop, caller.user(), &req).await
        }
        .await,
    )
}

/// Whether the caller may see this shop's claims: the shop (or its salesperson), reviewers, admins.
#[cfg(feature = "ssr")]
pub async fn may_see_claims_of(db: &crate::server::db::Db, caller: &Caller, shop_id: i64) -> Result<(), AppError> {
    match caller.role() {
        Role::Reviewer | Role::Admin => Ok(()),
        _ => caller.acting_for_order_shop(db, shop_id).await.map(|_| ()),
    }
}

/// One claim with its facts and evidence.
#[server(prefix = "/api", endpoint = "v1/claims/detail", input = Json)]
pub async fn claim_detail(id: crate::id::Id) -> Result<super::ClaimDetail, AppError> {
    let id = id.0;
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let mut detail = super::db::detail(&db, id).await?.ok_or(AppError::NotFound)?;
            may_see_claims_of(&db, &caller, detail.shop_id).await?;
            detail.delivery_photo =
                crate::orders::summary(&db, detail.summary.order_id).await?.and_then(|o| o.delivery_photo);
            Ok(detail)
        }
        .await,
    )
}

/// Slow-seller returns waiting for the courier (dispatchers and admins).
#[server(prefix = "/api", endpoint = "v1/claims/pickups", input = Json)]
pub async fn pickups() -> Result<Vec<super::ClaimDetail>, AppError> {
    crate::server::answer(
        async move {
            Caller::from_request().await?.require(DISPATCHERS)?;
            super::db::pickups(&crate::server::state::db()).await
        }
        .await,
    )
}

/// The courier collected a slow-seller return: it goes on to review, and approval pays it.
#[server(prefix = "/api", endpoint = "v1/claims/collected", input = Json)]
pub async fn mark_collected(id: crate::id::Id) -> Result<super::ClaimSummary, AppError> {
    let id = id.0;
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?.require(DISPATCHERS)?;
            super::db::collected(&crate::server::state::db(), id, caller.id()).await
        }
        .await,
    )
}
