//! Server functions for moving orders along and signing for deliveries.

use crate::error::AppError;
use crate::orders::OrderSummary;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{account::Role, server::session::Caller};

/// One step of an order's lifecycle: a dispatcher picks, dispatches (with a driver) and sends out
/// for delivery; the shop signs for delivery. Illegal or foreign steps are refused.
#[server(prefix = "/api", endpoint = "v1/orders/advance", input = Json)]
pub async fn advance_order(
    id: crate::id::Id,
    to: crate::orders::OrderStatus,
    driver: Option<String>,
) -> Result<OrderSummary, AppError> {
    let id = id.0;
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            if let Some(d) = &driver {
                crate::error::check_text(d, super::DRIVER_MAX_CHARS)?;
            }
            let db = crate::server::state::db();
            let order = crate::orders::summary(&db, id).await?.ok_or(AppError::NotFound)?;
            // A shop (or its salesperson) only ever reaches its own orders; a brand operator none:
            // to them every shop's order is as if it did not exist.
            match caller.role() {
                Role::ShopOwner | Role::Salesperson => {
                    caller.acting_for_order_shop(&db, order.shop_id).await?;
                }
                Role::BrandOperator => return Err(AppError::NotFound),
                _ => {}
            }
            super::db::advance(&db, id, to, caller.user(), driver).await
        }
        .await,
    )
}

/// The warehouse's drivers (the dispatcher chooses one when an order is dispatched).
#[server(prefix = "/api", endpoint = "v1/delivery/drivers", input = Json)]
pub async fn drivers() -> Result<Vec<super::Driver>, AppError> {
    crate::server::answer(
        async move {
            Caller::from_request().await?.require(&[Role::Dispatcher, Role::Admin])?;
            super::db::drivers(&crate::server::state::db()).await
        }
        .await,
    )
}

/// The dispatcher's queue: orders in one status across shops.
#[server(prefix = "/api", endpoint = "v1/orders/queue", input = Json)]
pub async fn dispatch_queue(status: crate::orders::OrderStatus) -> Result<Vec<OrderSummary>, AppError> {
    crate::server::answer(
        async move {
            Caller::from_request().await?.require(&[Role::Dispatcher, Role::Admin])?;
            crate::orders::by_status(&crate::server::state::db(), status, 200).await
        }
        .await,
    )
}

/// The shop signs for a delivery after checking it: `received` gives, per line number, the units
/// that arrived in good order (lines not listed arrived whole). Returns the order and the ids of
/// the short-delivery claims this made. `photo`: an uploaded photo of the goods at the door, kept as
/// the proof of delivery (optional).
#[server(prefix = "/api", endpoint = "v1/delivery/sign", input = Json)]
pub async fn sign_delivery(
    id: crate::id::Id,
    received: Vec<super::Received>,
    #[server(default)] photo: Option<crate::id::Id>,
) -> Result<(OrderSummary, Vec<crate::id::Id>), AppError> {
    let id = id.0;
    let photo = photo.map(|p| p.0);
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            if received.len() > crate::error::MAX_LINES {
                return Err(AppError::Invalid(crate::error::Invalid::TooMany));
            }
            let db = crate::server::state::db();
            let order = crate::orders::summary(&db, id).await?.ok_or(AppError::NotFound)?;
            let shop = caller.acting_for_order_shop(&db, order.shop_id).await?;
            let (order, claims) = super::db::sign(&db, shop, id, caller.user(), &received, photo).await?;
            Ok((order, claims.into_iter().map(crate::id::Id).collect()))
        }
        .await,
    )
}

/// What is late today, or due today and not yet delivered (dispatchers and admins).
#[server(prefix = "/api", endpoint = "v1/delivery/late", input = Json)]
pub async fn late_orders() -> Result<Vec<super::LateOrder>, AppError> {
    crate::server::answer(
        async move {
            Caller::from_request().await?.require(&[Role::Dispatcher, Role::Admin])?;
            let db = crate::server::state::db();
            let due = crate::orders::due_by(&db, crate::server::state::today(), 200).await?;
            // Past its day, an order has been credited 迟就赔 by the late sweep: say how much.
            let ids: Vec<i64> = due.iter().map(|o| o.id).collect();
            let credits = crate::claims::late_credits(&db, &ids).await?;
            Ok(due
                .into_iter()
                .map(|order| {
                    let compensated = credits.iter().find(|(id, _)| *id == order.id).map(|(_, fen)| *fen);
                    super::LateOrder { order, compensated }
                })
                .collect())
        }
        .await,
    )
}
