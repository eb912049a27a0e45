//! Reads behind the shop's numbers. Orders and products are read here (every query bounded, one
//! shop's rows); what belongs to claims (the lines as the guarantees see them, what was paid) comes
//! from the claims feature's own surface.

use super::DeliveredLine;
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::Db;
use crate::server::session::ActingShop;

/// The orders placed since `since_ms` (not pending, not cancelled): how many, their cases and
/// what their goods cost.
pub async fn spent(db: &Db, shop: ActingShop, since_ms: i64) -> Result<(i64, i64, Fen), AppError> {
    const PLACED: &str = "o.shop_id = $1 AND o.status NOT IN ('pending', 'cancelled') AND o.created_ms >= $2";
    let (orders, goods): (i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(o.goods_fen), 0) AS BIGINT) FROM orders o WHERE {PLACED}"
    ))
    .bind(shop.id())
    .bind(since_ms)
    .fetch_one(db)
    .await?;
    let cases: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM(l.cases), 0) AS BIGINT) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE {PLACED}"
    ))
    .bind(shop.id())
    .bind(since_ms)
    .fetch_one(db)
    .await?;
    Ok((orders, cases, Fen(goods)))
}

/// The lines delivered since `since_ms`: units (free cases too), what each cost, the product's
/// suggested retail price (at most 5,000 lines).
pub async fn delivered(db: &Db, shop: ActingShop, since_ms: i64) -> Result<Vec<DeliveredLine>, AppError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT (l.cases + l.free_cases) * l.pack_size, l.line_fen, p.retail_fen
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
         WHERE o.shop_id = $1 AND o.status = 'delivered' AND o.delivered_ms >= $2
         ORDER BY o.delivered_ms DESC LIMIT 5000",
    )
    .bind(shop.id())
    .bind(since_ms)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(units, paid, retail)| DeliveredLine { units, paid: Fen(paid), retail_unit: Fen(retail) })
        .collect())
}

/// Each product's last order time since `since_ms` (not pending or cancelled), to tell which
/// delivered lines were reordered since.
pub async fn last_ordered(
    db: &Db,
    shop: ActingShop,
    since_ms: i64,
) -> Result<std::collections::BTreeMap<i64, i64>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.product_id, MAX(o.created_ms) FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.shop_id = $1 AND o.status NOT IN ('pending', 'cancelled') AND o.created_ms >= $2
         GROUP BY l.product_id LIMIT 5000",
    )
    .bind(shop.id())
    .bind(since_ms)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().collect())
}
