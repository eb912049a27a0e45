//! Server functions of the catalogue. Listings are GET requests so that the service worker can
//! keep the last answer for offline use.

use super::CataloguePage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::server::session::Caller;

/// A page of products matching `q` (names, pinyin, brand, barcode digits), optionally within a
/// category (`Category::code`, or empty), with a flag (`Flag::code`, `promotion`, or empty), of a
/// brand (its Chinese name, or empty), only in stock, sorted by `sort` (`popular`, `price_asc`,
/// `price_desc`, `newest`).
#[server(prefix = "/api", endpoint = "v1/catalogue/list", input = GetUrl)]
pub async fn list_products(
    q: String,
    category: String,
    flag: String,
    brand: String,
    in_stock: bool,
    sort: String,
    offset: i64,
) -> Result<CataloguePage, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            for text in [&q, &category, &flag, &brand, &sort] {
                crate::error::check_text(text, super::QUERY_MAX_CHARS)?;
            }
            let filter = super::db::Filter {
                q: q.trim().to_lowercase(),
                category: super::Category::from_code(&category),
                flag: super::Flag::from_code(&flag),
                brand: Some(brand.trim().to_owned()).filter(|b| !b.is_empty()),
                in_stock,
                promoted: flag == "promotion",
                sort: super::search::Sort::from_code(&sort),
                shop_id: caller.own_shop(),
                today: crate::server::state::today().to_string(),
                offset: offset.max(0),
                limit: super::PAGE,
            };
            let search = expect_context::<super::search::SearchIndex>();
            super::db::list(&crate::server::state::db(), &search, &filter).await
        }
        .await,
    )
}

/// The current cards of these products (for "order again" and "buy again"); unknown ids are left out.
#[server(prefix = "/api", endpoint = "v1/catalogue/cards", input = leptos::server_fn::codec::Json)]
pub async fn cards_by_ids(ids: Vec<i64>) -> Result<Vec<super::ProductCard>, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            if ids.len() > crate::error::MAX_IDS {
                return Err(AppError::Invalid(crate::error::Invalid::TooMany));
            }
            let db = crate::server::state::db();
            let mut cards = super::db::cards_by_ids(&db, &ids).await?;
            super::db::tag_promotions(&db, &mut cards, caller.own_shop(), &crate::server::state::today().to_string())
                .await?;
            Ok(cards)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "v1/catalogue/product", input = GetUrl)]
pub async fn get_product(id: i64) -> Result<super::ProductDetail, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let mut d = super::db::detail(&db, id).await?.ok_or(AppError::NotFound)?;
            super::db::tag_promotions(
                &db,
                std::slice::from_mut(&mut d.card),
                caller.own_shop(),
                &crate::server::state::today().to_string(),
            )
            .await?;
            Ok(d)
        }
        .await,
    )
}

/// The product that carries this barcode (a unit's or a case's), with the units one scan of it
/// stands for; None for a code the catalogue does not have. Only codes whose check digit is right
/// are looked up (the scanner never sends others; typed codes are checked as they are typed).
#[server(prefix = "/api", endpoint = "v1/catalogue/by-barcode", input = GetUrl)]
pub async fn by_barcode(code: String) -> Result<Option<super::BarcodeMatch>, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let code = code.trim().to_owned();
            if code.is_empty() || code.len() > 64 {
                return Err(AppError::Invalid(crate::error::Invalid::Barcode));
            }
            if code.bytes().all(|b| b.is_ascii_digit()) && crate::barcode::Gtin::parse(&code).is_err() {
                return Err(AppError::Invalid(crate::error::Invalid::Barcode));
            }
            let Some(mut m) = super::db::by_barcode(&db, &code).await? else { return Ok(None) };
            super::db::tag_promotions(
                &db,
                std::slice::from_mut(&mut m.card),
                caller.own_shop(),
                &crate::server::state::today().to_string(),
            )
            .await?;
            Ok(Some(m))
        }
        .await,
    )
}

/// A shop asks for a product the catalogue does not have (a code it scanned).
#[server(prefix = "/api", endpoint = "v1/catalogue/request-stocking", input = leptos::server_fn::codec::Json)]
pub async fn request_stocking(code: String, shop_id: Option<i64>) -> Result<(), AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let shop = caller.acting_shop(&db, shop_id).await?;
            let code = code.trim().to_owned();
            if code.is_empty() || code.len() > 64 || code.chars().any(char::is_control) {
                return Err(AppError::Invalid(crate::error::Invalid::Barcode));
            }
            super::db::request_stocking(&db, shop, caller.id(), &code).await
        }
        .await,
    )
}
