//! The insight queries. Reads only, on the read-only connections (never the writer's turn), the
//! same SQL on SQLite and PostgreSQL. Each starts from the caller's brands' products
//! (`products_brand`), walks their order lines through `order_lines_product_order` (which carries
//! the cases and money summed) to the orders by primary key, and keeps the period's orders that
//! count (not cancelled, not still being placed).

use super::{ActiveShops, LaunchSpread, Period, RegionLevel, RegionReach, TopProduct, TownKind};
use crate::dates::Date;
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::Db;

/// The caller's brand lines joined to the orders that count in the period. `$1` is the
/// operator's user id, `$2` the period's first instant.
const BRAND_LINES: &str = "order_lines l JOIN orders o ON o.id = l.order_id
    WHERE l.product_id IN (SELECT p.id FROM products p JOIN brand_operators b ON b.brand = p.brand_zh WHERE b.user_id = $1)
      AND o.created_ms >= $2 AND o.status NOT IN ('pending', 'cancelled')";

/// The brands the operator carries, in name order (none: not an operator).
#[tracing::instrument(skip(db))]
pub async fn brands_of(db: &Db, operator: i64) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT brand FROM brand_operators WHERE user_id = $1 ORDER BY brand")
        .bind(operator)
        .fetch_all(db)
        .await?)
}

/// 动销店 and the reorder rate over the period.
#[tracing::instrument(skip(db))]
pub async fn active_shops(db: &Db, operator: i64, period: Period) -> Result<ActiveShops, AppError> {
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS active,
                CAST(COALESCE(SUM(CASE WHEN t.orders >= 2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS reordering,
                CAST(COALESCE(SUM(t.orders), 0) AS BIGINT) AS orders,
                CAST(COALESCE(SUM(t.cases), 0) AS BIGINT) AS cases,
                CAST(COALESCE(SUM(t.fen), 0) AS BIGINT) AS fen,
                CAST(COALESCE(SUM(CASE WHEN s.town_kind = 'county' THEN 1 ELSE 0 END), 0) AS BIGINT) AS county
         FROM (SELECT o.shop_id, COUNT(DISTINCT o.id) AS orders, SUM(l.cases) AS cases, SUM(l.line_fen) AS fen
               FROM {BRAND_LINES} GROUP BY o.shop_id) t
         JOIN shops s ON s.id = t.shop_id"
    );
    let (active, reordering, orders, cases, fen, county): (i64, i64, i64, i64, i64, i64) =
        sqlx::query_as(&sql).bind(operator).bind(period.since_ms()).fetch_one(db).await?;
    Ok(ActiveShops {
        brands: brands_of(db, operator).await?,
        days: period.days,
        first_day: period.first,
        active_shops: active,
        reordering_shops: reordering,
        reorder_rate_permille: super::permille(reordering, active),
        orders,
        cases,
        goods_fen: Fen(fen),
        county_active_shops: county,
        county_share_permille: super::permille(county, active),
    })
}

/// Reach per city or per town over the period: every region with shops in it, the most active
/// shops first (then by name).
#[tracing::instrument(skip(db))]
pub async fn reach(db: &Db, operator: i64, period: Period, level: RegionLevel) -> Result<Vec<RegionReach>, AppError> {
    // The region's columns: the town's are constants when grouping by city, so that one query
    // shape serves both (grouped by the city alone then: PostgreSQL refuses a constant in GROUP BY).
    let (town, kind, group) = match level {
        RegionLevel::City => ("''", "''", "s.city"),
        RegionLevel::Town => ("s.town", "s.town_kind", "s.city, s.town, s.town_kind"),
    };
    let sql = format!(
        "SELECT s.city, {town} AS town, {kind} AS town_kind,
                CAST(COUNT(*) AS BIGINT) AS shops,
                CAST(COUNT(t.shop_id) AS BIGINT) AS active,
                CAST(COALESCE(SUM(t.cases), 0) AS BIGINT) AS cases,
                CAST(COALESCE(SUM(t.fen), 0) AS BIGINT) AS fen
         FROM shops s LEFT JOIN
              (SELECT o.shop_id, SUM(l.cases) AS cases, SUM(l.line_fen) AS fen FROM {BRAND_LINES} GROUP BY o.shop_id) t
              ON t.shop_id = s.id
         WHERE s.city <> ''
         GROUP BY {group}
         ORDER BY active DESC, s.city, town"
    );
    let rows: Vec<(String, String, String, i64, i64, i64, i64)> =
        sqlx::query_as(&sql).bind(operator).bind(period.since_ms()).fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(city, town, kind, shops, active, cases, fen)| RegionReach {
            city,
            town,
            town_kind: TownKind::from_code(&kind),
            shops,
            active_shops: active,
            reach_permille: super::permille(active, shops),
            cases,
            goods_fen: Fen(fen),
        })
        .collect())
}

/// A product's spread over the period, if it is one of the caller's brands' products (another
/// brand's is not found, like one that does not exist).
#[tracing::instrument(skip(db))]
pub async fn launch(db: &Db, operator: i64, product_id: i64, period: Period) -> Result<LaunchSpread, AppError> {
    let product: Option<(String, String)> = sqlx::query_as(
        "SELECT p.name_zh, p.name_en FROM products p JOIN brand_operators b ON b.brand = p.brand_zh
         WHERE p.id = $1 AND b.user_id = $2",
    )
    .bind(product_id)
    .bind(operator)
    .fetch_optional(db)
    .await?;
    let Some((name_zh, name_en)) = product else { return Err(AppError::NotFound) };
    // Each shop's first order of the product, ever (a shop reached before the period is not new
    // in it), as a local day number; then the shops per first day.
    let firsts: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT f.d, CAST(COUNT(*) AS BIGINT) AS n,
                CAST(COALESCE(SUM(CASE WHEN s.town_kind = 'county' THEN 1 ELSE 0 END), 0) AS BIGINT) AS county
         FROM (SELECT o.shop_id, MIN((o.created_ms + 28800000) / 86400000) AS d
               FROM order_lines l JOIN orders o ON o.id = l.order_id
               WHERE l.product_id = $1 AND o.status NOT IN ('pending', 'cancelled')
               GROUP BY o.shop_id) f
         JOIN shops s ON s.id = f.shop_id
         GROUP BY f.d ORDER BY f.d",
    )
    .bind(product_id)
    .fetch_all(db)
    .await?;
    let per_day: Vec<(Date, i64)> = firsts.iter().map(|(d, n, _)| (Date(*d), *n)).collect();
    let (reached_before, days) = super::spread(period, &per_day);
    Ok(LaunchSpread {
        product_id,
        name_zh,
        name_en,
        reached_before,
        days,
        county_shops: firsts.iter().map(|(_, _, c)| c).sum(),
    })
}

/// Per city and product of the caller's brands: cases and shops over the period.
#[tracing::instrument(skip(db))]
pub async fn sales_by_city(db: &Db, operator: i64, period: Period) -> Result<Vec<(String, TopProduct)>, AppError> {
    let sql = "SELECT s.city, p.id, p.name_zh, p.name_en, CAST(SUM(l.cases) AS BIGINT) AS cases,
                      CAST(COUNT(DISTINCT o.shop_id) AS BIGINT) AS shops
               FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN shops s ON s.id = o.shop_id
                    JOIN products p ON p.id = l.product_id
               WHERE l.product_id IN (SELECT p2.id FROM products p2 JOIN brand_operators b ON b.brand = p2.brand_zh WHERE b.user_id = $1)
                 AND o.created_ms >= $2 AND o.status NOT IN ('pending', 'cancelled') AND s.city <> ''
               GROUP BY s.city, p.id, p.name_zh, p.name_en";
    let rows: Vec<(String, i64, String, String, i64, i64)> =
        sqlx::query_as(sql).bind(operator).bind(period.since_ms()).fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(city, id, name_zh, name_en, cases, shops)| {
            (city, TopProduct { product_id: id, name_zh, name_en, cases, shops })
        })
        .collect())
}
