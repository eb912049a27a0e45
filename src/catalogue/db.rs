//! Catalogue queries.

use super::{CataloguePage, Category, Flag, ProductCard};
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::{now_ms, Db};
use crate::server::session::ActingShop;
use sqlx::FromRow;

pub struct Filter {
    /// Lower-cased search text; empty for no search.
    pub q: String,
    pub category: Option<Category>,
    pub flag: Option<Flag>,
    pub brand: Option<String>,
    pub in_stock: bool,
    /// Only products with a promotion running for this shop today.
    pub promoted: bool,
    pub sort: super::search::Sort,
    pub shop_id: Option<i64>,
    pub today: String,
    pub offset: i64,
    pub limit: i64,
}

const CARD_COLUMNS: &str = "id, name_zh, name_en, brand_zh, brand_en, category, spec, pack_size, case_price_fen, stock_cases, min_cases, max_cases, \
     is_new, is_own_brand, is_trending, is_price_guaranteed";

fn flag_column(f: Flag) -> &'static str {
    match f {
        Flag::New => "is_new",
        Flag::OwnBrand => "is_own_brand",
        Flag::Trending => "is_trending",
        Flag::PriceGuaranteed => "is_price_guaranteed",
    }
}

/// A product as `CARD_COLUMNS` read it.
#[derive(FromRow)]
struct CardRow {
    id: i64,
    name_zh: String,
    name_en: String,
    brand_zh: String,
    brand_en: String,
    category: String,
    spec: String,
    pack_size: i64,
    case_price_fen: Fen,
    stock_cases: i64,
    min_cases: i64,
    max_cases: i64,
    is_new: i64,
    is_own_brand: i64,
    is_trending: i64,
    is_price_guaranteed: i64,
}

impl TryFrom<CardRow> for ProductCard {
    type Error = AppError;

    fn try_from(r: CardRow) -> Result<ProductCard, AppError> {
        let set = |f: Flag| match f {
            Flag::New => r.is_new,
            Flag::OwnBrand => r.is_own_brand,
            Flag::Trending => r.is_trending,
            Flag::PriceGuaranteed => r.is_price_guaranteed,
        } == 1;
        let flags = Flag::ALL.into_iter().filter(|f| set(*f)).collect();
        Ok(ProductCard {
            category: Category::from_code(&r.category).ok_or(AppError::Internal)?,
            id: r.id,
            name_zh: r.name_zh,
            name_en: r.name_en,
            brand_zh: r.brand_zh,
            brand_en: r.brand_en,
            spec: r.spec,
            pack_size: r.pack_size,
            case_price: r.case_price_fen,
            stock_cases: r.stock_cases,
            min_cases: r.min_cases,
            max_cases: r.max_cases,
            flags,
            promo: None,
        })
    }
}

fn cards(rows: Vec<CardRow>) -> Result<Vec<ProductCard>, AppError> {
    rows.into_iter().map(ProductCard::try_from).collect()
}

fn promo_sql() -> String {
    format!("SELECT product_id, title_zh, title_en, ends_on FROM promotions WHERE {}", crate::orders::LIVE_PROMOTION)
}

/// Products with a promotion running for this shop today.
pub async fn promoted_ids(
    db: &Db,
    shop_id: Option<i64>,
    today: &str,
) -> Result<std::collections::HashSet<i64>, AppError> {
    // The first column: the product.
    let ids: Vec<i64> = sqlx::query_scalar(&promo_sql()).bind(today).bind(shop_id.unwrap_or(-1)).fetch_all(db).await?;
    Ok(ids.into_iter().collect())
}

/// Tags each card with the promotion running for this shop today.
pub async fn tag_promotions(
    db: &Db,
    cards: &mut [ProductCard],
    shop_id: Option<i64>,
    today: &str,
) -> Result<(), AppError> {
    if cards.is_empty() {
        return Ok(());
    }
    use crate::server::db::{id_chunks, id_placeholders};
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let mut rows = Vec::new();
    for chunk in id_chunks(&ids) {
        let sql = format!("{} AND product_id IN ({}) ORDER BY created_ms", promo_sql(), id_placeholders(3));
        let mut q = sqlx::query_as::<_, (i64, String, String, String)>(&sql).bind(today).bind(shop_id.unwrap_or(-1));
        for id in chunk {
            q = q.bind(id);
        }
        rows.extend(q.fetch_all(db).await?);
    }
    for (id, title_zh, title_en, ends_on) in rows {
        for c in cards.iter_mut().filter(|c| c.id == id) {
            c.promo = Some(super::PromoTag {
                title_zh: title_zh.clone(),
                title_en: title_en.clone(),
                ends_on: ends_on.clone(),
            });
        }
    }
    Ok(())
}

/// A page of the catalogue. With search text, the in-memory index finds and ranks; without, the
/// database lists (by index) with the filters and sort.
#[tracing::instrument(skip(db, index, f), fields(q = ?f.q, offset = f.offset))]
pub async fn list(db: &Db, index: &super::search::SearchIndex, f: &Filter) -> Result<CataloguePage, AppError> {
    let promoted = if f.promoted { Some(promoted_ids(db, f.shop_id, &f.today).await?) } else { None };
    let (mut items, total) = if !f.q.is_empty() {
        let ids = index.search(&super::search::Query {
            q: &f.q,
            category: f.category,
            flag: f.flag,
            brand: f.brand.as_deref(),
            in_stock: f.in_stock,
            only: promoted.as_ref(),
            sort: f.sort,
        });
        let page: Vec<i64> = ids.iter().skip(f.offset as usize).take(f.limit as usize).copied().collect();
        (cards_by_ids(db, &page).await?, ids.len() as i64)
    } else {
        list_sql(db, f, promoted.as_ref()).await?
    };
    tag_promotions(db, &mut items, f.shop_id, &f.today).await?;
    Ok(CataloguePage { items, total, as_of_ms: now_ms() })
}

async fn list_sql(
    db: &Db,
    f: &Filter,
    promoted: Option<&std::collections::HashSet<i64>>,
) -> Result<(Vec<ProductCard>, i64), AppError> {
    use super::search::Sort;
    // Only fixed column names and our own integers are spliced into the SQL; every value a user
    // typed is a bind parameter.
    let mut filter = String::from("($1 = '' OR category = $1) AND ($2 = '' OR brand_zh = $2)");
    if let Some(fl) = f.flag {
        filter.push_str(&format!(" AND {} = 1", flag_column(fl)));
    }
    if f.in_stock {
        filter.push_str(" AND stock_cases > 0");
    }
    if let Some(ids) = promoted {
        let list = ids.iter().map(|i| i.to_string()).chain(std::iter::once("-1".into())).collect::<Vec<_>>().join(",");
        filter.push_str(&format!(" AND id IN ({list})"));
    }
    let order = match f.sort {
        Sort::Popular => "popularity DESC, id",
        Sort::PriceAsc => "case_price_fen ASC, id",
        Sort::PriceDesc => "case_price_fen DESC, id",
        Sort::Newest => "created_ms DESC, id",
    };
    let category = f.category.map(|c| c.code()).unwrap_or("");
    let brand = f.brand.as_deref().unwrap_or("");
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) AS n FROM products WHERE {filter}"))
        .bind(category)
        .bind(brand)
        .fetch_one(db)
        .await?;
    let rows = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM products WHERE {filter} ORDER BY {order} LIMIT $3 OFFSET $4"
    ))
    .bind(category)
    .bind(brand)
    .bind(f.limit)
    .bind(f.offset)
    .fetch_all(db)
    .await?;
    Ok((cards(rows)?, total))
}

/// Cards for these ids, in the order given.
pub async fn cards_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<ProductCard>, AppError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    use crate::server::db::{id_chunks, id_placeholders};
    let mut rows = Vec::new();
    for chunk in id_chunks(ids) {
        let sql = format!("SELECT {CARD_COLUMNS} FROM products WHERE id IN ({})", id_placeholders(1));
        let mut q = sqlx::query_as(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        rows.extend(q.fetch_all(db).await?);
    }
    let mut cards = cards(rows)?;
    cards.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    Ok(cards)
}

pub async fn detail(db: &Db, id: i64) -> Result<Option<super::ProductDetail>, AppError> {
    let Some(card) = cards_by_ids(db, &[id]).await?.pop() else { return Ok(None) };
    let (shelf_life_days, is_snack): (Option<i64>, i64) =
        sqlx::query_as("SELECT shelf_life_days, is_snack FROM products WHERE id = $1").bind(id).fetch_one(db).await?;
    let breaks = sqlx::query_as(
        "SELECT min_cases, case_price_fen AS case_price FROM price_breaks WHERE product_id = $1 ORDER BY min_cases",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let barcodes = sqlx::query_scalar("SELECT code FROM barcodes WHERE product_id = $1 ORDER BY kind DESC")
        .bind(id)
        .fetch_all(db)
        .await?;
    Ok(Some(super::ProductDetail { card, breaks, barcodes, shelf_life_days, snack: is_snack == 1 }))
}

/// The product carrying `code`, and how many units one scan of it stands for.
pub async fn by_barcode(db: &Db, code: &str) -> Result<Option<super::BarcodeMatch>, AppError> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT product_id, kind FROM barcodes WHERE code = $1").bind(code).fetch_optional(db).await?;
    let Some((product_id, kind)) = row else {
        return Ok(None);
    };
    let Some(card) = cards_by_ids(db, &[product_id]).await?.pop() else { return Ok(None) };
    let case = kind == "case";
    Ok(Some(super::BarcodeMatch { units: if case { card.pack_size } else { 1 }, case, card }))
}

/// Counts a shop's request for a code the catalogue lacks (once per shop and code, counted).
pub async fn request_stocking(db: &Db, shop: ActingShop, user: i64, code: &str) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO stock_requests (shop_id, code, asked, first_ms, last_ms, last_by) VALUES ($1, $2, 1, $3, $3, $4)
         ON CONFLICT (shop_id, code) DO UPDATE SET asked = stock_requests.asked + 1, last_ms = $3, last_by = $4",
    )
    .bind(shop.id())
    .bind(code)
    .bind(now)
    .bind(user)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
