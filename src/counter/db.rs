//! The counter's tables (`counter_sales`, `counter_sale_lines`, `shelf_counts`) and the reads behind
//! the shelf: this shop's deliveries, sales and counts, every query bounded to one shop's rows.

use super::{Batch, Delivered, SaleLine, SaleReceipt, Shelf, ShelfClaim, ShelfItem};
use crate::claims::rules::Guarantee;
use crate::dates::{Date, DAY_MS};
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::{id_chunks, id_placeholders, new_id, Db};
use crate::server::session::ActingShop;
use std::collections::BTreeMap;

/// Deliveries older than this are taken as sold (or counted since): the shelf looks this far back.
pub const SHELF_DAYS: i64 = crate::claims::rules::SLOW_SELLER_LAST_DAY;

fn request_hash(lines: &[SaleLine], sold_ms: i64) -> String {
    use sha2::{Digest, Sha256};
    let canonical: Vec<(i64, i64)> = lines.iter().map(|l| (l.product_id, l.units)).collect();
    let text = serde_json::to_string(&(sold_ms, canonical)).expect("serialisable");
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))
}

/// Records a checked sale (`lines` merged and sorted by `counter::check_sale`) once per key: the
/// same sale sent again gets the same receipt; another sale under a used key is refused.
#[tracing::instrument(skip(db, shop, lines), fields(shop_id = shop.id(), lines = lines.len()))]
pub async fn record(
    db: &Db,
    shop: ActingShop,
    user_id: i64,
    key: &str,
    sold_ms: i64,
    lines: &[SaleLine],
    now: i64,
) -> Result<SaleReceipt, AppError> {
    let hash = request_hash(lines, sold_ms);
    if let Some(done) = existing(db, shop, key, &hash).await? {
        return Ok(done);
    }
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let prices = retail_prices(db, &ids).await?;
    if prices.len() != ids.len() {
        return Err(AppError::NotFound);
    }
    let retail = super::retail_value(lines, |id| prices.get(&id).copied().unwrap_or(Fen(0)));
    let units: i64 = lines.iter().map(|l| l.units).sum();
    let sale_id = new_id();
    let mut tx = db.write().await?;
    let claim = sqlx::query(
        "INSERT INTO counter_sales (id, shop_id, sale_key, request_hash, recorded_by, sold_ms, recorded_ms, units, retail_fen)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(sale_id)
    .bind(shop.id())
    .bind(key)
    .bind(&hash)
    .bind(user_id)
    .bind(sold_ms)
    .bind(now)
    .bind(units)
    .bind(retail.0)
    .execute(&mut *tx)
    .await;
    match claim {
        // The same key recorded meanwhile (two taps, two tabs): its receipt, or the refusal.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            return existing(db, shop, key, &hash).await?.ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    for l in lines {
        sqlx::query(
            "INSERT INTO counter_sale_lines (sale_id, product_id, shop_id, sold_ms, units) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(sale_id)
        .bind(l.product_id)
        .bind(shop.id())
        .bind(sold_ms)
        .bind(l.units)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(SaleReceipt { key: key.to_owned(), units, retail })
}

async fn existing(db: &Db, shop: ActingShop, key: &str, hash: &str) -> Result<Option<SaleReceipt>, AppError> {
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT request_hash, units, retail_fen FROM counter_sales WHERE shop_id = $1 AND sale_key = $2",
    )
    .bind(shop.id())
    .bind(key)
    .fetch_optional(db)
    .await?;
    match row {
        None => Ok(None),
        Some((h, _, _)) if h != hash => Err(AppError::KeyReused),
        Some((_, units, retail)) => Ok(Some(SaleReceipt { key: key.to_owned(), units, retail: Fen(retail) })),
    }
}

async fn retail_prices(db: &Db, ids: &[i64]) -> Result<BTreeMap<i64, Fen>, AppError> {
    let mut out = BTreeMap::new();
    for chunk in id_chunks(ids) {
        let sql = format!("SELECT id, retail_fen FROM products WHERE id IN ({})", id_placeholders(1));
        let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        out.extend(q.fetch_all(db).await?.into_iter().map(|(id, fen)| (id, Fen(fen))));
    }
    Ok(out)
}

/// Sets the shelf's count of a product (盘点): from now on its stock is this plus what comes in,
/// less what is sold.
pub async fn count(
    db: &Db,
    shop: ActingShop,
    user_id: i64,
    product_id: i64,
    units: i64,
    now: i64,
) -> Result<(), AppError> {
    let known: Option<i64> =
        sqlx::query_scalar("SELECT id FROM products WHERE id = $1").bind(product_id).fetch_optional(db).await?;
    if known.is_none() {
        return Err(AppError::NotFound);
    }
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO shelf_counts (shop_id, product_id, units, counted_ms, counted_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (shop_id, product_id) DO UPDATE SET units = excluded.units, counted_ms = excluded.counted_ms,
         counted_by = excluded.counted_by",
    )
    .bind(shop.id())
    .bind(product_id)
    .bind(units)
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    order_id: i64,
    line_no: i64,
    product_id: i64,
    delivered_ms: i64,
    units: i64,
    shelf_life_days: Option<i64>,
    name_zh: String,
    name_en: String,
    pack_size: i64,
    retail_fen: i64,
    min_cases: i64,
    max_cases: i64,
}

/// The shop's shelf today: each product delivered in the last `SHELF_DAYS`, counted or sold
/// since, with its stock, batches and what to do about it.
pub async fn shelf(db: &Db, shop: ActingShop, now: i64) -> Result<Shelf, AppError> {
    let (lead_days, offset): (i64, i64) = sqlx::query_as(
        "SELECT w.lead_days, w.utc_offset_minutes FROM shops s JOIN warehouses w ON w.id = s.warehouse_id WHERE s.id = $1",
    )
    .bind(shop.id())
    .fetch_one(db)
    .await?;
    let today = Date::local_of(now, offset);
    let since = now - SHELF_DAYS * DAY_MS;
    let deliveries: Vec<DeliveryRow> = sqlx::query_as(
        "SELECT l.order_id, l.line_no, l.product_id, o.delivered_ms, (l.cases + l.free_cases) * l.pack_size AS units,
                p.shelf_life_days, p.name_zh, p.name_en, p.pack_size, p.retail_fen, p.min_cases, p.max_cases
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
         WHERE o.shop_id = $1 AND o.status = 'delivered' AND o.delivered_ms >= $2
         ORDER BY o.delivered_ms DESC LIMIT 5000",
    )
    .bind(shop.id())
    .bind(since)
    .fetch_all(db)
    .await?;
    let counts: BTreeMap<i64, (i64, i64)> = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT product_id, units, counted_ms FROM shelf_counts WHERE shop_id = $1 LIMIT 5000",
    )
    .bind(shop.id())
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(p, u, ms)| (p, (u, ms)))
    .collect();
    // Units sold per product since the shelf's start or the product's count, the last 28 days'
    // and the last sale.
    let sold: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT l.product_id,
                CAST(COALESCE(SUM(CASE WHEN c.counted_ms IS NULL OR l.sold_ms > c.counted_ms THEN l.units ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.sold_ms >= $3 THEN l.units ELSE 0 END), 0) AS BIGINT),
                MAX(l.sold_ms)
         FROM counter_sale_lines l
         LEFT JOIN shelf_counts c ON c.shop_id = l.shop_id AND c.product_id = l.product_id
         WHERE l.shop_id = $1 AND l.sold_ms >= $2
         GROUP BY l.product_id LIMIT 5000",
    )
    .bind(shop.id())
    .bind(since)
    .bind(now - super::RATE_DAYS * DAY_MS)
    .fetch_all(db)
    .await?;
    let sold: BTreeMap<i64, (i64, i64, i64)> = sold.into_iter().map(|(p, s, r, last)| (p, (s, r, last))).collect();
    // Which guarantees each delivered line is open for today (the claims rules decide).
    let open: BTreeMap<(i64, i64), (Vec<Guarantee>, i64)> = crate::claims::delivered_lines(db, shop.id(), since, now)
        .await?
        .into_iter()
        .map(|c| ((c.order_id, c.line_no), (c.open(), c.line.units_claimable())))
        .collect();

    let mut by_product: BTreeMap<i64, Vec<DeliveryRow>> = BTreeMap::new();
    for d in deliveries {
        by_product.entry(d.product_id).or_default().push(d);
    }
    let ids: Vec<i64> = by_product.keys().copied().take(super::MAX_SHELF).collect();
    let codes = barcodes(db, &ids).await?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        let rows = &by_product[&id];
        let first = &rows[0];
        let (counted, counted_ms) = counts.get(&id).copied().map_or((0, i64::MIN), |(u, ms)| (u, ms));
        let batches: Vec<Delivered> = rows
            .iter()
            .filter(|r| r.delivered_ms > counted_ms)
            .map(|r| {
                let on = Date::local_of(r.delivered_ms, offset);
                Delivered {
                    order_id: r.order_id,
                    line_no: r.line_no,
                    on,
                    units: r.units,
                    expires_on: r.shelf_life_days.and_then(|d| on.checked_plus_days(d)),
                }
            })
            .collect();
        let delivered: i64 = batches.iter().map(|b| b.units.max(0)).sum();
        let (sold_since, sold_recent, last_ms) = sold.get(&id).copied().unwrap_or((0, 0, i64::MIN));
        let stock = super::stock(counted, delivered, sold_since, sold_recent);
        // A count's units are older than any batch since: they are sold first.
        let left = super::batches_left(&batches, (sold_since - counted).max(0));
        let near: Vec<Batch> = left.iter().filter(|b| super::near_expiry(b, today)).cloned().collect();
        let last_sold = (last_ms > i64::MIN).then(|| Date::local_of(last_ms, offset));
        let mut item = ShelfItem {
            product_id: id,
            name_zh: first.name_zh.clone(),
            name_en: first.name_en.clone(),
            unit_codes: codes.get(&(id, true)).cloned().unwrap_or_default(),
            case_codes: codes.get(&(id, false)).cloned().unwrap_or_default(),
            pack_size: first.pack_size,
            retail_unit: Fen(first.retail_fen),
            reorder_cases: super::reorder_cases(&stock, lead_days, first.pack_size, first.min_cases, first.max_cases),
            stock,
            last_sold,
            near_expiry: near,
            claim: None,
        };
        item.claim = claim_for(&item, &left, &open, today);
        items.push(item);
    }
    // What needs doing first: reorders, then expiring batches, then claims, then the rest.
    items.sort_by_key(|i| (i.reorder_cases == 0, i.near_expiry.is_empty(), i.claim.is_none(), i.product_id));

    let (sales_today, units_today, retail_today): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(units), 0) AS BIGINT), CAST(COALESCE(SUM(retail_fen), 0) AS BIGINT)
         FROM counter_sales WHERE shop_id = $1 AND sold_ms >= $2",
    )
    .bind(shop.id())
    .bind(today.end_utc_ms(offset) - DAY_MS)
    .fetch_one(db)
    .await?;
    Ok(Shelf { today: Some(today), items, sales_today, units_today, retail_today: Fen(retail_today) })
}

/// The claim a shelf item's batches can be filed under today: an expired batch still on the
/// shelf (过期赔), else a slow seller's batch in its window (滞销赔), the oldest first.
fn claim_for(
    item: &ShelfItem,
    left: &[Batch],
    open: &BTreeMap<(i64, i64), (Vec<Guarantee>, i64)>,
    today: Date,
) -> Option<ShelfClaim> {
    let mut candidates = left.iter().filter(|b| b.left > 0).filter_map(|b| {
        let (guarantees, claimable) = open.get(&(b.delivery.order_id, b.delivery.line_no))?;
        let units = b.left.min(*claimable);
        if units <= 0 {
            return None;
        }
        let make = |kind: &str, closes_on: Date| ShelfClaim {
            order_id: b.delivery.order_id,
            line_no: b.delivery.line_no,
            kind: kind.to_owned(),
            closes_on,
            units,
        };
        match b.delivery.expires_on {
            Some(e) if e <= today && guarantees.contains(&Guarantee::Expiry) => {
                Some(make("expiry", e.plus_days(crate::claims::rules::EXPIRY_CLAIM_DAYS)))
            }
            _ if item.slow(today) && guarantees.contains(&Guarantee::SlowSeller) => {
                Some(make("slow_seller", b.delivery.on.plus_days(crate::claims::rules::SLOW_SELLER_LAST_DAY)))
            }
            _ => None,
        }
    });
    candidates.next()
}

/// Each product's barcodes, unit codes under `(id, true)` and case codes under `(id, false)`.
async fn barcodes(db: &Db, ids: &[i64]) -> Result<BTreeMap<(i64, bool), Vec<String>>, AppError> {
    let mut out: BTreeMap<(i64, bool), Vec<String>> = BTreeMap::new();
    for chunk in id_chunks(ids) {
        let sql = format!(
            "SELECT product_id, kind, code FROM barcodes WHERE product_id IN ({}) ORDER BY code",
            id_placeholders(1)
        );
        let mut q = sqlx::query_as::<_, (i64, String, String)>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        for (id, kind, code) in q.fetch_all(db).await? {
            out.entry((id, kind == "unit")).or_default().push(code);
        }
    }
    Ok(out)
}

/// Whether the shop recorded a counter sale since `since_ms` (one indexed row at most).
pub async fn sells_at_counter(db: &Db, shop: ActingShop, since_ms: i64) -> Result<bool, AppError> {
    let row: Option<i64> =
        sqlx::query_scalar("SELECT product_id FROM counter_sale_lines WHERE shop_id = $1 AND sold_ms >= $2 LIMIT 1")
            .bind(shop.id())
            .bind(since_ms)
            .fetch_optional(db)
            .await?;
    Ok(row.is_some())
}

/// What the counter sold since `since_ms`: sales, units, takings (as recorded, at suggested retail
/// prices), and the `top` products by units with their takings at today's suggested price.
pub async fn sold_in(
    db: &Db,
    shop: ActingShop,
    since_ms: i64,
    top: i64,
) -> Result<(i64, i64, Fen, Vec<super::CounterSold>), AppError> {
    let (sales, units, takings): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(units), 0) AS BIGINT), CAST(COALESCE(SUM(retail_fen), 0) AS BIGINT)
         FROM counter_sales WHERE shop_id = $1 AND sold_ms >= $2",
    )
    .bind(shop.id())
    .bind(since_ms)
    .fetch_one(db)
    .await?;
    let rows: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
        "SELECT s.product_id, s.units, p.name_zh, p.name_en, p.retail_fen FROM (
             SELECT product_id, CAST(SUM(units) AS BIGINT) AS units FROM counter_sale_lines
             WHERE shop_id = $1 AND sold_ms >= $2 GROUP BY product_id
         ) s JOIN products p ON p.id = s.product_id ORDER BY s.units DESC, s.product_id LIMIT $3",
    )
    .bind(shop.id())
    .bind(since_ms)
    .bind(top)
    .fetch_all(db)
    .await?;
    let best = rows
        .into_iter()
        .map(|(product_id, units, name_zh, name_en, retail)| super::CounterSold {
            product_id,
            name_zh,
            name_en,
            units,
            takings: Fen(units.saturating_mul(retail)),
        })
        .collect();
    Ok((sales, units, Fen(takings), best))
}
