//! Server functions for checkout and orders. The acting shop always comes from the session (an
//! owner's own shop, or a shop assigned to the salesperson), never from trust in the request.

use super::{LineRequest, OrderDetail, OrderRequest, OrderSummary, Quote};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
async fn acting_shop(requested: Option<i64>) -> Result<(crate::account::SessionUser, i64), AppError> {
    let user = crate::server::session::current_user().await?;
    let shop = crate::account::acting_shop(&crate::server::state::db(), &user, requested).await?;
    Ok((user, shop))
}

/// The server's pricing of a cart right now (quantity breaks, promotions, stock), the minimum
/// order, the balance and the promised date. Reserves nothing.
#[server(prefix = "/api", endpoint = "v1/orders/quote", input = Json)]
pub async fn quote_cart(shop_id: Option<i64>, lines: Vec<LineRequest>, use_balance: bool) -> Result<Quote, AppError> {
    crate::server::answer(
        async move {
            let (_, shop) = acting_shop(shop_id).await?;
            super::db::quote(&crate::server::state::db(), shop, &lines, use_balance).await
        }
        .await,
    )
}

/// Places an order exactly once per key: the same key again returns the same order.
#[server(prefix = "/api", endpoint = "v1/orders/place", input = Json)]
pub async fn place_order(req: OrderRequest) -> Result<OrderSummary, AppError> {
    crate::server::answer(
        async move {
            let (user, shop) = acting_shop(req.shop_id).await?;
            let db = crate::server::state::db();
            super::db::place(&db, shop, &user, &req).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "v1/orders/list", input = Json)]
pub async fn list_orders(shop_id: Option<i64>) -> Result<Vec<OrderSummary>, AppError> {
    crate::server::answer(
        async move {
            let (_, shop) = acting_shop(shop_id).await?;
            super::db::list(&crate::server::state::db(), shop, 100).await
        }
        .await,
    )
}

/// An order of a shop the caller acts for; another shop's order is "not found", so that ids
/// cannot be probed.
#[server(prefix = "/api", endpoint = "v1/orders/get", input = Json)]
pub async fn get_order(id: i64) -> Result<OrderDetail, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let detail = super::db::detail(&db, id).await?.ok_or(AppError::NotFound)?;
            let user = crate::server::session::current_user().await?;
            crate::account::acting_for_order_shop(&db, &user, detail.summary.shop_id).await?;
            Ok(detail)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "v1/orders/cancel", input = Json)]
pub async fn cancel_order(id: i64) -> Result<OrderSummary, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let order = super::db::summary(&db, id).await?.ok_or(AppError::NotFound)?;
            let user = crate::server::session::current_user().await?;
            let shop = crate::account::acting_for_order_shop(&db, &user, order.shop_id).await?;
            super::db::cancel(&db, shop, id, &user).await
        }
        .await,
    )
}

/// Products the shop ordered before, most recent first ("buy again").
#[server(prefix = "/api", endpoint = "v1/orders/bought-before", input = Json)]
pub async fn bought_before(shop_id: Option<i64>) -> Result<Vec<i64>, AppError> {
    crate::server::answer(
        async move {
            let (_, shop) = acting_shop(shop_id).await?;
            super::db::bought_before(&crate::server::state::db(), shop, 40).await
        }
        .await,
    )
}
