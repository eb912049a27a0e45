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

/// The case price of one of the operator's brands' products; `NotFound` for any other product.
async fn own_product(db: &Db, operator: i64, product_id: i64) -> Result<Fen, AppError> {
    let price: Option<i64> = sqlx::query_scalar(
        "SELECT p.case_price_fen FROM products p JOIN brand_operators b ON b.brand = p.brand_zh
         WHERE p.id = $1 AND b.user_id = $2",
    )
    .bind(product_id)
    .bind(operator)
    .fetch_optional(db)
    .await?;
    price.map(Fen).ok_or(AppError::NotFound)
}

/// Starts a brand promotion (checked by `promotions::check` against the product's case price) on
/// one of the operator's products: `NotFound` for any other product. The same key again gives
/// the promotion already made.
#[tracing::instrument(skip(db, req), fields(product_id = req.product_id))]
pub async fn promote(
    db: &Db,
    operator: i64,
    req: &super::promotions::PromotionRequest,
    today: Date,
    now: i64,
) -> Result<i64, AppError> {
    let case_price = own_product(db, operator, req.product_id).await?;
    super::promotions::check(req, case_price)?;
    if let Some(id) = promotion_with_key(db, operator, &req.key).await? {
        return Ok(id);
    }
    let id = crate::server::db::new_id();
    let (starts, ends) = (today, today.plus_days(req.days - 1));
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "INSERT INTO promotions (id, product_id, kind, off_fen, buy_n, free_n, starts_on, ends_on, shop_id, title_zh, title_en,
                                 created_by, created_ms, budget_fen, spent_fen, request_key)
         VALUES ($1, $2, 'price_cut', $3, 0, 0, $4, $5, NULL, $6, $7, $8, $9, $10, 0, $11)",
    )
    .bind(id)
    .bind(req.product_id)
    .bind(req.off_per_case.0)
    .bind(starts.to_string())
    .bind(ends.to_string())
    .bind(format!("品牌补贴 每箱减{}", req.off_per_case))
    .bind(format!("Brand offer: {} off a case", req.off_per_case))
    .bind(operator)
    .bind(now)
    .bind(req.budget.0)
    .bind(&req.key)
    .execute(&mut *tx)
    .await;
    match done {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            promotion_with_key(db, operator, &req.key).await?.ok_or(AppError::Internal)
        }
        Err(e) => Err(e.into()),
        Ok(_) => {
            tx.commit().await?;
            tracing::info!(id, budget = req.budget.0, "brand promotion started");
            Ok(id)
        }
    }
}

async fn promotion_with_key(db: &Db, operator: i64, key: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM promotions WHERE created_by = $1 AND request_key = $2")
        .bind(operator)
        .bind(key)
        .fetch_optional(db)
        .await?)
}

/// The promotions on the operator's brands' products that have a budget, newest first.
pub async fn promotions(
    db: &Db,
    operator: i64,
    today: Date,
) -> Result<Vec<super::promotions::BrandPromotion>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        product_id: i64,
        name_zh: String,
        name_en: String,
        off_fen: i64,
        starts_on: String,
        ends_on: String,
        budget_fen: i64,
        spent_fen: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.product_id, p.name_zh, p.name_en, r.off_fen, r.starts_on, r.ends_on, r.budget_fen, r.spent_fen
         FROM promotions r JOIN products p ON p.id = r.product_id JOIN brand_operators b ON b.brand = p.brand_zh
         WHERE b.user_id = $1 AND r.budget_fen IS NOT NULL ORDER BY r.created_ms DESC LIMIT $2",
    )
    .bind(operator)
    .bind(super::promotions::MAX_LISTED)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let (starts_on, ends_on) = (Date::parse(&r.starts_on)?, Date::parse(&r.ends_on)?);
            Some(super::promotions::BrandPromotion {
                id: r.id,
                product_id: r.product_id,
                name_zh: r.name_zh,
                name_en: r.name_en,
                off_per_case: Fen(r.off_fen),
                live: starts_on <= today && today <= ends_on && r.spent_fen < r.budget_fen,
                starts_on,
                ends_on,
                budget: Fen(r.budget_fen),
                spent: Fen(r.spent_fen),
            })
        })
        .collect())
}

/// Launches one of the operator's products (any other is not found) to every shop the target
/// picks, at most `launches::MAX_SHOPS`: a featured entry per shop for the launch's days, all or
/// nothing. The same key again gives what the launch came to.
#[tracing::instrument(skip(db, req), fields(product_id = req.product_id))]
pub async fn start_launch(
    db: &Db,
    operator: i64,
    req: &super::launches::LaunchRequest,
    today: Date,
    now: i64,
) -> Result<super::launches::Launched, AppError> {
    use super::launches::{Launched, MAX_SHOPS};
    own_product(db, operator, req.product_id).await?;
    super::launches::check(req)?;
    let done = |db: Db| async move {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT shops, county_shops FROM brand_launches WHERE operator = $1 AND request_key = $2")
                .bind(operator)
                .bind(&req.key)
                .fetch_optional(&db)
                .await?;
        Ok::<_, AppError>(row.map(|(shops, county_shops)| Launched { shops, county_shops }))
    };
    if let Some(l) = done(db.clone()).await? {
        return Ok(l);
    }
    let t = &req.target;
    let (city, town_kind, shop_kind) = (
        t.city.clone().unwrap_or_default(),
        t.town_kind.map(super::TownKind::code).unwrap_or(""),
        t.shop_kind.map(super::ShopKind::code).unwrap_or(""),
    );
    let shops: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, town_kind FROM shops WHERE ($1 = '' OR city = $1) AND ($2 = '' OR town_kind = $2) AND ($3 = '' OR kind = $3)
         ORDER BY id LIMIT $4",
    )
    .bind(&city)
    .bind(town_kind)
    .bind(shop_kind)
    .bind(MAX_SHOPS)
    .fetch_all(db)
    .await?;
    let launched = Launched {
        shops: shops.len() as i64,
        county_shops: shops.iter().filter(|(_, k)| k == TownKind::County.code()).count() as i64,
    };
    let (starts, ends) = (today.to_string(), today.plus_days(req.days - 1).to_string());
    let mut tx = db.write().await?;
    let claimed = sqlx::query(
        "INSERT INTO brand_launches (id, product_id, operator, city, town_kind, shop_kind, starts_on, ends_on, shops, county_shops, request_key, created_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(crate::server::db::new_id())
    .bind(req.product_id)
    .bind(operator)
    .bind(&city)
    .bind(town_kind)
    .bind(shop_kind)
    .bind(&starts)
    .bind(&ends)
    .bind(launched.shops)
    .bind(launched.county_shops)
    .bind(&req.key)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match claimed {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            return done(db.clone()).await?.ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    for chunk in shops.chunks(500) {
        let values = (0..chunk.len())
            .map(|i| format!("(${}, $1, ${}, $2, $3, $4, $5)", i * 2 + 6, i * 2 + 7))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO featured (id, product_id, shop_id, starts_on, ends_on, created_by, created_ms) VALUES {values}"
        );
        let mut q = sqlx::query(&sql).bind(req.product_id).bind(&starts).bind(&ends).bind(operator).bind(now);
        for (shop, _) in chunk {
            q = q.bind(crate::server::db::new_id()).bind(*shop);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    tracing::info!(shops = launched.shops, county = launched.county_shops, "launched to shops");
    Ok(launched)
}

/// The salespeople who represent the operator's brands, each with the shops on their route and
/// their visits over the last 30 days (by name).
pub async fn team(db: &Db, operator: i64, today: Date) -> Result<Vec<super::team::BrandSalesperson>, AppError> {
    use super::team::{BrandSalesperson, TeamShop, MAX_SHOPS_EACH};
    let people: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.brand FROM users u JOIN brand_operators b ON b.brand = u.brand
         WHERE b.user_id = $1 AND u.role = 'salesperson' AND u.id NOT IN (SELECT user_id FROM brand_operators)
         ORDER BY u.name, u.id LIMIT 100",
    )
    .bind(operator)
    .fetch_all(db)
    .await?;
    let since = today.plus_days(-29).to_string();
    let mut out = Vec::with_capacity(people.len());
    for (user_id, name, brand) in people {
        let shops: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT s.id, s.name, s.city, s.town FROM salesperson_shops a JOIN shops s ON s.id = a.shop_id
             WHERE a.user_id = $1 ORDER BY a.route_order, s.id LIMIT $2",
        )
        .bind(user_id)
        .bind(MAX_SHOPS_EACH as i64)
        .fetch_all(db)
        .await?;
        let visits: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM visits WHERE salesperson_id = $1 AND visit_on >= $2 AND checked_in_ms IS NOT NULL",
        )
        .bind(user_id)
        .bind(&since)
        .fetch_one(db)
        .await?;
        out.push(BrandSalesperson {
            user_id,
            name,
            brand,
            shops: shops.into_iter().map(|(id, name, city, town)| TeamShop { id, name, city, town }).collect(),
            visits_30_days: visits,
        });
    }
    Ok(out)
}
