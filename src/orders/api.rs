//! Server functions for checkout and orders. The acting shop always comes from the session (an
//! owner's own shop, or a shop assigned to the salesperson), never from trust in the request.

use super::{LineRequest, OrderDetail, OrderRequest, OrderSummary, Quote};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::server::session::Caller;

/// The server's pricing of a cart right now (quantity breaks, promotions, stock), the minimum
/// order, the balance and the promised date. Reserves nothing.
#[server(prefix = "/api", endpoint = "v1/orders/quote", input = Json)]
pub async fn quote_cart(shop_id: Option<i64>, lines: Vec<LineRequest>, use_balance: bool) -> Result<Quote, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            super::db::quote(&db, shop, &lines, use_balance).await
        }
        .await,
    )
}

/// Places an order exactly once per key: the same key again returns the same order.
#[server(prefix = "/api", endpoint = "v1/orders/place", input = Json)]
pub async fn place_order(req: OrderRequest) -> Result<OrderSummary, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let caller = Caller::from_request().await?;
            let shop = caller.acting_shop(&db, req.shop_id).await?;
            super::db::place(&db, shop, caller.user(), &req).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "v1/orders/list", input = Json)]
pub async fn list_orders(shop_id: Option<i64>) -> Result<Vec<OrderSummary>, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            super::db::list(&db, shop.id(), 100).await
        }
        .await,
    )
}

/// An order of a shop the caller acts for; another shop's order is "not found", so that ids
/// cannot be probed.
#[server(prefix = "/api", endpoint = "v1/orders/get", input = Json)]
pub async fn get_order(id: crate::id::Id) -> Result<OrderDetail, AppError> {
    let id = id.0;
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let detail = super::db::detail(&db, id).await?.ok_or(AppError::NotFound)?;
            Caller::from_request().await?.acting_for_order_shop(&db, detail.summary.shop_id).await?;
            Ok(detail)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "v1/orders/cancel", input = Json)]
pub async fn cancel_order(id: crate::id::Id) -> Result<OrderSummary, AppError> {
    let id = id.0;
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let order = super::db::summary(&db, id).await?.ok_or(AppError::NotFound)?;
            let caller = Caller::from_request().await?;
            let shop = caller.acting_for_order_shop(&db, order.shop_id).await?;
            super::db::cancel(&db, shop.id(), id, caller.user()).await
        }
        .await,
    )
}

/// The suggested order: what the shop usually reorders and is due to reorder now, with how many
/// cases it usually takes and why (`orders::suggest`, from its last 120 days of orders).
#[server(prefix = "/api", endpoint = "v1/orders/suggested", input = Json)]
pub async fn suggested_order(shop_id: Option<i64>) -> Result<Vec<super::suggest::Suggestion>, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            let today = crate::server::state::today();
            let since = crate::server::db::now_ms() - (super::suggest::HISTORY_DAYS + 1) * crate::dates::DAY_MS;
            let history = super::db::history(&db, shop, since).await?;
            let habits = super::suggest::suggest(&history, today);
            // Where the shop records its counter sales, the shelf decides for those products (the
            // shelf's reads are skipped for a shop that does not use the counter).
            let now = crate::server::db::now_ms();
            if !crate::counter::sells_at_counter(&db, shop, now - crate::counter::RATE_DAYS * crate::dates::DAY_MS)
                .await?
            {
                return Ok(habits);
            }
            let shelf = crate::counter::shelf(&db, shop, now).await?;
            Ok(super::suggest::with_shelf(habits, &shelf.tracked()))
        }
        .await,
    )
}

/// "Shops like yours sell these": what the shops that buy most like this one stock and it does
/// not, with how many of them buy each (`orders::similar`, over the last 90 days).
#[server(prefix = "/api", endpoint = "v1/orders/peers-stock", input = Json)]
pub async fn stocked_by_peers(shop_id: Option<i64>) -> Result<Vec<super::similar::StockedByPeers>, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            let since = crate::server::db::now_ms() - super::similar::WINDOW_DAYS * crate::dates::DAY_MS;
            let mut all = super::db::products_by_shop(&db, since).await?;
            let mine = all.remove(&shop.id()).unwrap_or_default();
            Ok(super::similar::stocked_by_peers(&mine, &all))
        }
        .await,
    )
}

/// Products the shop ordered before, most recent first ("buy again").
#[server(prefix = "/api", endpoint = "v1/orders/bought-before", input = Json)]
pub async fn bought_before(shop_id: Option<i64>) -> Result<Vec<i64>, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            super::db::bought_before(&db, shop, 40).await
        }
        .await,
    )
}
