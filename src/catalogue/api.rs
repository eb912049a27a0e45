//! Server functions of the catalogue. Listings are GET requests so that the service worker can
//! keep the last answer for offline use.

use super::CataloguePage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// A page of products matching `q` (names, pinyin, brand, barcode digits), optionally within a
/// category (`Category::code`, or empty) and with a flag (`Flag::code`, or empty).
#[server(prefix = "/api", endpoint = "v1/catalogue/list", input = GetUrl)]
pub async fn list_products(q: String, category: String, flag: String, offset: i64) -> Result<CataloguePage, AppError> {
    crate::server::session::current_user().await?;
    let filter = super::db::Filter {
        q: q.trim().to_lowercase(),
        category: super::Category::from_code(&category),
        flag: super::Flag::from_code(&flag),
        offset: offset.max(0),
        limit: super::PAGE,
    };
    super::db::list(&crate::server::state::db(), &filter).await
}

/// The current cards of these products (for "order again" and "buy again"); unknown ids are left out.
#[server(prefix = "/api", endpoint = "v1/catalogue/cards", input = leptos::server_fn::codec::Json)]
pub async fn cards_by_ids(ids: Vec<i64>) -> Result<Vec<super::ProductCard>, AppError> {
    crate::server::session::current_user().await?;
    let ids: Vec<i64> = ids.into_iter().take(200).collect();
    super::db::cards_by_ids(&crate::server::state::db(), &ids).await
}
