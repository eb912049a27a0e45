//! Catalogue queries.

use super::{CataloguePage, Category, Flag, ProductCard};
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::{now_ms, Db};
use sqlx::Row;

pub struct Filter {
    /// Lower-cased search text; empty for no search.
    pub q: String,
    pub category: Option<Category>,
    pub flag: Option<Flag>,
    pub offset: i64,
    pub limit: i64,
}

const CARD_COLUMNS: &str = "id, name_zh, name_en, brand_zh, brand_en, category, pack_size, case_price_fen, stock_cases, min_cases, max_cases, \
     is_new, is_own_brand, is_trending, is_price_guaranteed";

fn flag_column(f: Flag) -> &'static str {
    match f {
        Flag::New => "is_new",
        Flag::OwnBrand => "is_own_brand",
        Flag::Trending => "is_trending",
        Flag::PriceGuaranteed => "is_price_guaranteed",
    }
}

fn card(r: &sqlx::any::AnyRow) -> Result<ProductCard, AppError> {
    let category: String = r.try_get("category")?;
    let mut flags = Vec::new();
    for f in Flag::ALL {
        if r.try_get::<i64, _>(flag_column(f))? == 1 {
            flags.push(f);
        }
    }
    Ok(ProductCard {
        id: r.try_get("id")?,
        name_zh: r.try_get("name_zh")?,
        name_en: r.try_get("name_en")?,
        brand_zh: r.try_get("brand_zh")?,
        brand_en: r.try_get("brand_en")?,
        category: Category::from_code(&category).ok_or(AppError::Internal)?,
        pack_size: r.try_get("pack_size")?,
        case_price: Fen(r.try_get("case_price_fen")?),
        stock_cases: r.try_get("stock_cases")?,
        min_cases: r.try_get("min_cases")?,
        max_cases: r.try_get("max_cases")?,
        flags,
    })
}

#[tracing::instrument(skip(db, f), fields(q = %f.q, offset = f.offset))]
pub async fn list(db: &Db, f: &Filter) -> Result<CataloguePage, AppError> {
    // Only a fixed column name is ever spliced into the SQL; every value is a bind parameter.
    let flag = f.flag.map(|fl| format!("AND {} = 1", flag_column(fl))).unwrap_or_default();
    let filter = format!("($1 = '' OR search_text LIKE $2) AND ($3 = '' OR category = $3) {flag}");
    let like = format!("%{}%", f.q.replace(['%', '_', '\\'], ""));
    let category = f.category.map(|c| c.code()).unwrap_or("");

    let total: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM products WHERE {filter}"))
        .bind(&f.q)
        .bind(&like)
        .bind(category)
        .fetch_one(db)
        .await?
        .try_get("n")?;
    let rows = sqlx::query(&format!(
        "SELECT {CARD_COLUMNS} FROM products WHERE {filter} ORDER BY popularity DESC, id LIMIT $4 OFFSET $5"
    ))
    .bind(&f.q)
    .bind(&like)
    .bind(category)
    .bind(f.limit)
    .bind(f.offset)
    .fetch_all(db)
    .await?;
    let items = rows.iter().map(card).collect::<Result<Vec<_>, _>>()?;
    Ok(CataloguePage { items, total, as_of_ms: now_ms() })
}

/// Cards for these ids, in the order given.
pub async fn cards_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<ProductCard>, AppError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    // Ids are i64s formatted here: no user text reaches this SQL.
    let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let rows = sqlx::query(&format!("SELECT {CARD_COLUMNS} FROM products WHERE id IN ({list})")).fetch_all(db).await?;
    let mut cards = rows.iter().map(card).collect::<Result<Vec<_>, _>>()?;
    cards.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    Ok(cards)
}

/// What the packshot of a product is drawn from.
pub async fn packshot_facts(db: &Db, id: i64) -> Result<Option<super::packshot::Facts>, AppError> {
    let row = sqlx::query("SELECT brand_zh, brand_en, name_zh, spec, category FROM products WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let category: String = r.try_get("category")?;
    Ok(Some(super::packshot::Facts {
        id,
        brand_zh: r.try_get("brand_zh")?,
        brand_en: r.try_get("brand_en")?,
        name_zh: r.try_get("name_zh")?,
        spec: r.try_get("spec")?,
        category: Category::from_code(&category).ok_or(AppError::Internal)?,
    }))
}
