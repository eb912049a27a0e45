//! The counter's server functions: recording a sale (the shop owner's own, from the phone's
//! outbox), the shelf (the owner's, or a salesperson's for a shop they look after; a GET, so the
//! service worker keeps the last answer for offline scanning) and a shelf count.

use super::{SaleReceipt, SaleRequest, Shelf};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use crate::account::Role;
#[cfg(feature = "ssr")]
use crate::server::session::Caller;

/// Records a counter sale of the owner's shop, once per key.
#[server(prefix = "/api", endpoint = "v1/counter/sale", input = Json)]
pub async fn record_sale(req: SaleRequest) -> Result<SaleReceipt, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let caller = Caller::from_request().await?.require(&[Role::ShopOwner])?;
            let shop = caller.acting_shop(&db, None).await?;
            let now = crate::server::db::now_ms();
            let lines = super::check_sale(&req, now)?;
            super::db::record(&db, shop, caller.id(), &req.key, req.sold_ms, &lines, now).await
        }
        .await,
    )
}

/// The shop's shelf today (see `counter::Shelf`).
#[server(prefix = "/api", endpoint = "v1/counter/shelf", input = GetUrl)]
pub async fn shelf_today(shop_id: Option<i64>) -> Result<Shelf, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            super::db::shelf(&db, shop, crate::server::db::now_ms()).await
        }
        .await,
    )
}

/// The owner counted `units` of a product on the shelf (盘点).
#[server(prefix = "/api", endpoint = "v1/counter/count", input = Json)]
pub async fn count_shelf(product_id: i64, units: i64) -> Result<(), AppError> {
    crate::server::answer(
        async move {
            if !(0..=super::MAX_COUNT_UNITS).contains(&units) {
                return Err(AppError::Invalid(crate::error::Invalid::ShelfCount));
            }
            let db = crate::server::state::db();
            let caller = Caller::from_request().await?.require(&[Role::ShopOwner])?;
            let shop = caller.acting_shop(&db, None).await?;
            super::db::count(&db, shop, caller.id(), product_id, units, crate::server::db::now_ms()).await
        }
        .await,
    )
}
