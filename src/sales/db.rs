//! Salespeople in the database: shop cards with their order and claim figures, visits, pushes,
//! the audit trail and assignments. Who may reach which shop is decided before these are called
//! (`account::db::acting_shop`, which reads the assignment afresh on every call).

use super::{Assignment, AuditAction, AuditEntry, Featured, Offer, Push, ShopCard, Visit};
use crate::account::{Role, ShopRef};
use crate::catalogue::ProductCard;
use crate::dates::Date;
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::{new_id, now_ms, Db, WriteTx};
use crate::server::session::ActingShop;
use sqlx::FromRow;

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Appends an entry to a shop's audit trail.
pub async fn record(
    tx: &mut WriteTx,
    shop_id: i64,
    actor: i64,
    action: AuditAction,
    detail: &str,
    order_id: Option<i64>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit (id, shop_id, actor, action, detail, order_id, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(shop_id)
    .bind(actor)
    .bind(action.code())
    .bind(detail)
    .bind(order_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records what a salesperson did for a shop once, however often the action's request is sent
/// again (an order or a claim retried from the outbox): the same shop, action and detail are
/// recorded once. Nothing is recorded for other roles: an owner acting for their own shop is the
/// shop itself. Inside the write transaction of what they did: both happen or neither.
pub async fn record_salesperson_once(
    tx: &mut WriteTx,
    user: &crate::account::SessionUser,
    shop_id: i64,
    action: AuditAction,
    detail: &str,
    order_id: Option<i64>,
) -> Result<(), AppError> {
    if user.role != Role::Salesperson {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO audit (id, shop_id, actor, action, detail, order_id, at_ms)
         SELECT $1, $2, $3, $4, $5, $6, $7 FROM shops
         WHERE id = $2 AND NOT EXISTS (SELECT 1 FROM audit WHERE shop_id = $2 AND action = $4 AND detail = $5)",
    )
    .bind(new_id())
    .bind(shop_id)
    .bind(user.user_id)
    .bind(action.code())
    .bind(detail)
    .bind(order_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The brand a user represents (brand salespeople), if any.
pub async fn brand_of(db: &Db, user_id: i64) -> Result<Option<String>, AppError> {
    let brand: Option<Option<String>> =
        sqlx::query_scalar("SELECT brand FROM users WHERE id = $1").bind(user_id).fetch_optional(db).await?;
    Ok(brand.flatten())
}

/// Whether there is a shop with this id.
pub async fn shop_exists(db: &Db, shop_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT 1 AS x FROM shops WHERE id = $1").bind(shop_id).fetch_optional(db).await?.is_some())
}

// $1 month start, $2 salesperson (-1: none), $3 only their shops (0/1), $4 one shop (-1: all).
// CASTs: PostgreSQL sums BIGINTs into NUMERIC and counts into BIGINT; SQLite has one integer.
const CARD_SQL: &str = "SELECT s.id, s.name, s.address, s.created_ms, COALESCE(ss.route_order, 0) AS route_order,
        (SELECT MAX(o.created_ms) FROM orders o WHERE o.shop_id = s.id AND o.status NOT IN ('pending', 'cancelled')) AS last_order_ms,
        (SELECT CAST(COALESCE(SUM(o.goods_fen), 0) AS BIGINT) FROM orders o
          WHERE o.shop_id = s.id AND o.status NOT IN ('pending', 'cancelled') AND o.created_ms >= $1) AS month_spend,
        (SELECT CAST(COUNT(*) AS BIGINT) FROM claims c WHERE c.shop_id = s.id AND c.status NOT IN ('paid', 'rejected')) AS open_claims
     FROM shops s LEFT JOIN salesperson_shops ss ON ss.shop_id = s.id AND ss.user_id = $2
     WHERE ($3 = 0 OR ss.user_id IS NOT NULL) AND ($4 < 0 OR s.id = $4)
     ORDER BY COALESCE(ss.route_order, 0), s.id";

async fn cards(
    db: &Db,
    salesperson: Option<i64>,
    only_theirs: bool,
    shop: Option<i64>,
) -> Result<Vec<ShopCard>, AppError> {
    #[derive(FromRow)]
    struct CardRow {
        id: i64,
        name: String,
        address: String,
        created_ms: i64,
        route_order: i64,
        last_order_ms: Option<i64>,
        month_spend: Fen,
        open_claims: i64,
    }
    let now = now_ms();
    let rows: Vec<CardRow> = sqlx::query_as(CARD_SQL)
        .bind(super::month_start_ms(now))
        .bind(salesperson.unwrap_or(-1))
        .bind(i64::from(only_theirs))
        .bind(shop.unwrap_or(-1))
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| ShopCard {
            shop_id: r.id,
            name: r.name,
            address: r.address,
            last_order_ms: r.last_order_ms,
            month_spend: r.month_spend,
            open_claims: r.open_claims,
            dormant: super::is_dormant(r.last_order_ms, r.created_ms, now),
            route_order: r.route_order,
        })
        .collect())
}

/// The shops assigned to a salesperson, in route order.
pub async fn assigned_cards(db: &Db, salesperson: i64) -> Result<Vec<ShopCard>, AppError> {
    cards(db, Some(salesperson), true, None).await
}

/// Every shop (the admin's list).
pub async fn all_cards(db: &Db) -> Result<Vec<ShopCard>, AppError> {
    cards(db, None, false, None).await
}

/// One shop's card; the route order is the salesperson's, if one is given.
pub async fn card(db: &Db, shop_id: i64, salesperson: Option<i64>) -> Result<ShopCard, AppError> {
    cards(db, salesperson, false, Some(shop_id)).await?.pop().ok_or(AppError::NotFound)
}

/// The salesperson's route on `day`: every assigned shop with that day's visit, in route order.
pub async fn route(db: &Db, salesperson: i64, day: Date) -> Result<Vec<Visit>, AppError> {
    #[derive(FromRow)]
    struct StopRow {
        shop_id: i64,
        name: String,
        address: String,
        route_order: i64,
        checked_in_ms: Option<i64>,
        checked_out_ms: Option<i64>,
        note: Option<String>,
    }
    let rows: Vec<StopRow> = sqlx::query_as(
        "SELECT s.id AS shop_id, s.name, s.address, ss.route_order, v.checked_in_ms, v.checked_out_ms, v.note
         FROM salesperson_shops ss JOIN shops s ON s.id = ss.shop_id
         LEFT JOIN visits v ON v.salesperson_id = ss.user_id AND v.shop_id = ss.shop_id AND v.visit_on = $2
         WHERE ss.user_id = $1",
    )
    .bind(salesperson)
    .bind(day.to_string())
    .fetch_all(db)
    .await?;
    let stops = rows
        .into_iter()
        .map(|r| Visit {
            shop_id: r.shop_id,
            shop_name: r.name,
            address: r.address,
            route_order: r.route_order,
            checked_in_ms: r.checked_in_ms,
            checked_out_ms: r.checked_out_ms,
            note: r.note.unwrap_or_default(),
        })
        .collect();
    // The stops already carry the day's visits; the shared rule orders them.
    Ok(super::route_of(stops, &[]))
}

async fn visit(db: &Db, salesperson: i64, shop_id: i64, day: Date) -> Result<Visit, AppError> {
    route(db, salesperson, day).await?.into_iter().find(|v| v.shop_id == shop_id).ok_or(AppError::NotFound)
}

/// Checks the salesperson in at an assigned shop today. Checking in again keeps the first time.
pub async fn check_in(db: &Db, salesperson: i64, shop: ActingShop) -> Result<Visit, AppError> {
    let shop_id = shop.id();
    let now = now_ms();
    let day = super::visit_day(now);
    // One shop at a time: a visit still open elsewhere today must be checked out first (its note
    // is the salesperson's to write, so it is not closed for them).
    let open_elsewhere = sqlx::query(
        "SELECT 1 AS x FROM visits WHERE salesperson_id = $1 AND visit_on = $2 AND shop_id <> $3
           AND checked_in_ms IS NOT NULL AND checked_out_ms IS NULL",
    )
    .bind(salesperson)
    .bind(day.to_string())
    .bind(shop_id)
    .fetch_optional(db)
    .await?;
    if open_elsewhere.is_some() {
        return Err(AppError::CheckedInElsewhere);
    }
    let mut tx = db.write().await?;
    let inserted = sqlx::query("INSERT INTO visits (id, salesperson_id, shop_id, visit_on, checked_in_ms, note) VALUES ($1, $2, $3, $4, $5, '')")
        .bind(new_id())
        .bind(salesperson)
        .bind(shop_id)
        .bind(day.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await;
    match inserted {
        Ok(_) => {
            record(&mut tx, shop_id, salesperson, AuditAction::CheckIn, &day.to_string(), None).await?;
            tx.commit().await?;
        }
        // Already checked in today: the first time stays (the transaction rolls back).
        Err(e) if is_unique_violation(&e) => {}
        Err(e) => return Err(e.into()),
    }
    visit(db, salesperson, shop_id, day).await
}

/// Checks the salesperson out of today's visit with a note (already checked); checking out again
/// replaces the note and the time. Refused if they did not check in today.
pub async fn check_out(db: &Db, salesperson: i64, shop: ActingShop, note: &str) -> Result<Visit, AppError> {
    let shop_id = shop.id();
    let now = now_ms();
    let day = super::visit_day(now);
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE visits SET checked_out_ms = $1, note = $2
         WHERE salesperson_id = $3 AND shop_id = $4 AND visit_on = $5 AND checked_in_ms IS NOT NULL",
    )
    .bind(now)
    .bind(note)
    .bind(salesperson)
    .bind(shop_id)
    .bind(day.to_string())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotCheckedIn);
    }
    record(&mut tx, shop_id, salesperson, AuditAction::CheckOut, note, None).await?;
    tx.commit().await?;
    visit(db, salesperson, shop_id, day).await
}

/// Cards of these products, tagged with the promotion running for the shop today.
async fn cards_for_shop(db: &Db, ids: &[i64], shop_id: i64, today: Date) -> Result<Vec<ProductCard>, AppError> {
    let mut cards = crate::catalogue::cards_by_ids(db, ids).await?;
    crate::catalogue::tag_promotions(db, &mut cards, Some(shop_id), &today.to_string()).await?;
    Ok(cards)
}

/// The ids, each once, in their first order.
fn distinct(ids: Vec<i64>) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// What the shop usually buys: the products in most of its orders, then the most recent.
pub async fn usual(db: &Db, shop_id: i64, today: Date, limit: i64) -> Result<Vec<ProductCard>, AppError> {
    let q = sqlx::query_scalar(
        "SELECT l.product_id, CAST(COUNT(DISTINCT l.order_id) AS BIGINT) AS n, MAX(o.created_ms) AS last
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.shop_id = $1 AND o.status NOT IN ('pending', 'cancelled')
         GROUP BY l.product_id ORDER BY n DESC, last DESC, l.product_id LIMIT $2",
    );
    let usual = distinct(q.bind(shop_id).bind(limit).fetch_all(db).await?);
    cards_for_shop(db, &usual, shop_id, today).await
}

/// New products for the shop (those salespeople featured for it first, then the catalogue's new
/// products it has not bought, most popular first), products on promotion for it (its own
/// promotions first), and products it has not reordered.
pub async fn recommendations(db: &Db, shop: ActingShop, today: Date) -> Result<super::Recommendations, AppError> {
    let shop_id = shop.id();
    let day = today.to_string();
    let featured = sqlx::query_scalar(
        "SELECT product_id FROM featured WHERE shop_id = $1 AND starts_on <= $2 AND ends_on >= $2 ORDER BY created_ms DESC",
    );
    let catalogue_new = sqlx::query_scalar(
        "SELECT id FROM products WHERE is_new = 1 AND stock_cases > 0
           AND id NOT IN (SELECT l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.shop_id = $1)
         ORDER BY popularity DESC, id LIMIT 12",
    );
    let mut new = distinct(featured.bind(shop_id).bind(&day).fetch_all(db).await?);
    for id in distinct(catalogue_new.bind(shop_id).fetch_all(db).await?) {
        if !new.contains(&id) {
            new.push(id);
        }
    }
    let promoted_sql = format!(
        "SELECT product_id FROM promotions WHERE {}
         ORDER BY CASE WHEN shop_id IS NULL THEN 1 ELSE 0 END, created_ms DESC LIMIT 40",
        crate::orders::LIVE_PROMOTION
    );
    let promoted = sqlx::query_scalar(&promoted_sql);
    let promoted = distinct(promoted.bind(&day).bind(shop_id).fetch_all(db).await?);
    let history: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.product_id, MAX(o.created_ms) AS last FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.shop_id = $1 AND o.status NOT IN ('pending', 'cancelled') GROUP BY l.product_id",
    )
    .bind(shop_id)
    .fetch_all(db)
    .await?;
    let mut not_reordered = super::not_reordered(&history, now_ms());
    not_reordered.truncate(12);
    let mut promoted = promoted;
    promoted.truncate(12);
    Ok(super::Recommendations {
        new: cards_for_shop(db, &new, shop_id, today).await?,
        promoted: cards_for_shop(db, &promoted, shop_id, today).await?,
        not_reordered: cards_for_shop(db, &not_reordered, shop_id, today).await?,
    })
}

/// A product as a push needs it: its brand (Chinese name), case price and name.
pub async fn product_for_push(db: &Db, product_id: i64) -> Result<Option<(String, Fen, String)>, AppError> {
    let q = sqlx::query_as("SELECT brand_zh, case_price_fen, name_zh FROM products WHERE id = $1");
    Ok(q.bind(product_id).fetch_optional(db).await?)
}

/// Writes a push (already checked and authorised): a promotion for each shop, or a featured
/// product for each, with an audit entry for each shop, all or nothing.
pub async fn push(db: &Db, salesperson: i64, product_name: &str, p: &Push) -> Result<(), AppError> {
    let now = now_ms();
    let (title_zh, title_en) = super::offer_titles(p.offer);
    let (starts, ends) = (p.starts_on.to_string(), p.ends_on.to_string());
    let detail = format!("{product_name} {title_zh} {starts}~{ends}");
    let mut tx = db.write().await?;
    for shop in &p.shop_ids {
        let action = match p.offer {
            Offer::NewProduct => {
                sqlx::query("INSERT INTO featured (id, product_id, shop_id, starts_on, ends_on, created_by, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(new_id())
                    .bind(p.product_id)
                    .bind(shop)
                    .bind(&starts)
                    .bind(&ends)
                    .bind(salesperson)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                AuditAction::ProductFeatured
            }
            Offer::PriceCut { .. } | Offer::FreeCases { .. } => {
                let (kind, off, buy, free) = match p.offer {
                    Offer::PriceCut { off_fen } => ("price_cut", off_fen.0, 0, 0),
                    Offer::FreeCases { buy_n, free_n } => ("free_cases", 0, buy_n, free_n),
                    Offer::NewProduct => unreachable!("matched above"),
                };
                sqlx::query(
                    "INSERT INTO promotions (id, product_id, kind, off_fen, buy_n, free_n, starts_on, ends_on, shop_id, title_zh, title_en, created_by, created_ms)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(new_id())
                .bind(p.product_id)
                .bind(kind)
                .bind(off)
                .bind(buy)
                .bind(free)
                .bind(&starts)
                .bind(&ends)
                .bind(shop)
                .bind(&title_zh)
                .bind(&title_en)
                .bind(salesperson)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                AuditAction::PromotionSent
            }
        };
        record(&mut tx, *shop, salesperson, action, &detail, None).await?;
    }
    tx.commit().await?;
    tracing::info!(product_id = p.product_id, shops = p.shop_ids.len(), "pushed to shops");
    Ok(())
}

/// A promotion or featured product on a shop's home screen, and who put it there.
#[derive(FromRow)]
struct FeaturedRow {
    product_id: i64,
    ends_on: String,
    created_ms: i64,
    name: String,
}

/// What salespeople put on this shop's home screen, running today: their promotions for the shop
/// and the products they featured, newest first.
pub async fn featured(db: &Db, shop: ActingShop, today: Date) -> Result<Vec<Featured>, AppError> {
    let shop_id = shop.id();
    let day = today.to_string();
    let promos = sqlx::query(
        "SELECT p.product_id, p.kind, p.off_fen, p.buy_n, p.free_n, p.ends_on, p.created_ms, u.name
         FROM promotions p JOIN users u ON u.id = p.created_by
         WHERE p.shop_id = $1 AND p.starts_on <= $2 AND p.ends_on >= $2 AND u.role = 'salesperson'",
    )
    .bind(shop_id)
    .bind(&day)
    .fetch_all(db)
    .await?;
    let new = sqlx::query_as::<_, FeaturedRow>(
        "SELECT f.product_id, f.ends_on, f.created_ms, u.name FROM featured f JOIN users u ON u.id = f.created_by
         WHERE f.shop_id = $1 AND f.starts_on <= $2 AND f.ends_on >= $2",
    )
    .bind(shop_id)
    .bind(&day)
    .fetch_all(db)
    .await?;
    // (created, product, offer, ends, by)
    let mut items: Vec<(i64, i64, Offer, Date, String)> = Vec::new();
    let mut add = |r: FeaturedRow, offer: Offer| -> Result<(), AppError> {
        let ends = Date::parse(&r.ends_on).ok_or(AppError::Internal)?;
        items.push((r.created_ms, r.product_id, offer, ends, r.name));
        Ok(())
    };
    for r in &promos {
        let offer = match crate::orders::promo_kind(r)? {
            crate::orders::rules::PromoKind::PriceCut { off_per_case } => Offer::PriceCut { off_fen: off_per_case },
            crate::orders::rules::PromoKind::FreeCases { buy, free } => Offer::FreeCases { buy_n: buy, free_n: free },
        };
        add(FeaturedRow::from_row(r)?, offer)?;
    }
    for r in new {
        add(r, Offer::NewProduct)?;
    }
    items.sort_by_key(|(created, product, ..)| (std::cmp::Reverse(*created), *product));
    let product_ids: Vec<i64> = items.iter().map(|i| i.1).collect();
    let cards = cards_for_shop(db, &product_ids, shop_id, today).await?;
    Ok(items
        .into_iter()
        .filter_map(|(_, product, offer, ends_on, by)| {
            cards.iter().find(|c| c.id == product).map(|card| Featured { card: card.clone(), offer, ends_on, by })
        })
        .collect())
}

/// A shop's audit trail (or every shop's, for `None`), newest first.
pub async fn audit_trail(db: &Db, shop_id: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    #[derive(FromRow)]
    struct AuditRow {
        at_ms: i64,
        shop_id: i64,
        shop_name: String,
        actor: String,
        role: String,
        action: String,
        detail: String,
        order_id: Option<i64>,
        order_number: Option<i64>,
        order_goods_fen: Option<i64>,
        order_cases: i64,
    }
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.at_ms, a.shop_id, s.name AS shop_name, u.name AS actor, u.role, a.action, a.detail, a.order_id,
                o.number AS order_number, o.goods_fen AS order_goods_fen,
                (SELECT CAST(COALESCE(SUM(l.cases + l.free_cases), 0) AS BIGINT) FROM order_lines l WHERE l.order_id = a.order_id) AS order_cases
         FROM audit a LEFT JOIN orders o ON o.id = a.order_id JOIN shops s ON s.id = a.shop_id JOIN users u ON u.id = a.actor
         WHERE ($1 < 0 OR a.shop_id = $1) ORDER BY a.at_ms DESC, a.id DESC LIMIT $2",
    )
    .bind(shop_id.unwrap_or(-1))
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AuditEntry {
                actor_role: Role::from_code(&r.role).ok_or(AppError::Internal)?,
                action: super::AuditAction::from_code(&r.action).ok_or(AppError::Internal)?,
                at_ms: r.at_ms,
                shop_id: r.shop_id,
                shop_name: r.shop_name,
                actor: r.actor,
                detail: r.detail,
                order_id: r.order_id,
                order: match (r.order_number, r.order_goods_fen) {
                    (Some(number), Some(goods)) => {
                        Some(super::AuditOrder { number, goods: crate::money::Fen(goods), cases: r.order_cases })
                    }
                    _ => None,
                },
            })
        })
        .collect()
}

/// Every salesperson with their shops in route order (or just this one).
pub async fn assignments(db: &Db, only: Option<i64>) -> Result<Vec<Assignment>, AppError> {
    let people: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, name, phone, brand FROM users WHERE role = 'salesperson' AND ($1 < 0 OR id = $1)
           AND NOT EXISTS (SELECT 1 FROM brand_operators b WHERE b.user_id = users.id) ORDER BY id",
    )
    .bind(only.unwrap_or(-1))
    .fetch_all(db)
    .await?;
    #[derive(FromRow)]
    struct AssignedRow {
        user_id: i64,
        #[sqlx(flatten)]
        shop: ShopRef,
    }
    let shops: Vec<AssignedRow> = sqlx::query_as(
        "SELECT ss.user_id, s.id, s.name FROM salesperson_shops ss JOIN shops s ON s.id = ss.shop_id
         WHERE ($1 < 0 OR ss.user_id = $1) ORDER BY ss.route_order, s.id",
    )
    .bind(only.unwrap_or(-1))
    .fetch_all(db)
    .await?;
    Ok(people
        .into_iter()
        .map(|(id, name, phone, brand)| Assignment {
            salesperson_id: id,
            name,
            phone,
            brand,
            shops: shops.iter().filter(|s| s.user_id == id).map(|s| s.shop.clone()).collect(),
        })
        .collect())
}

/// Assigns a shop to a salesperson (at the end of their route) or takes it away, and records it in
/// the shop's audit trail. Asking for what already is changes nothing. Unknown salespeople or
/// shops are not found.
pub async fn set_assignment(
    db: &Db,
    admin: i64,
    salesperson: i64,
    shop_id: i64,
    assigned: bool,
) -> Result<Assignment, AppError> {
    let name: Option<String> = sqlx::query_scalar(
        "SELECT name FROM users WHERE id = $1 AND role = 'salesperson'
         AND NOT EXISTS (SELECT 1 FROM brand_operators b WHERE b.user_id = users.id)",
    )
    .bind(salesperson)
    .fetch_optional(db)
    .await?;
    let Some(name) = name else { return Err(AppError::NotFound) };
    if !shop_exists(db, shop_id).await? {
        return Err(AppError::NotFound);
    }
    let mut tx = db.write().await?;
    let changed = if assigned {
        sqlx::query(
            "INSERT INTO salesperson_shops (user_id, shop_id, assigned_ms, route_order)
             SELECT $1, $2, $3, (SELECT COALESCE(MAX(route_order), 0) + 1 FROM salesperson_shops WHERE user_id = $1) FROM users
             WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM salesperson_shops WHERE user_id = $1 AND shop_id = $2)",
        )
        .bind(salesperson)
        .bind(shop_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query("DELETE FROM salesperson_shops WHERE user_id = $1 AND shop_id = $2")
            .bind(salesperson)
            .bind(shop_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    };
    if changed == 1 {
        let action = if assigned { AuditAction::Assigned } else { AuditAction::Unassigned };
        record(&mut tx, shop_id, admin, action, &name, None).await?;
    }
    tx.commit().await?;
    assignments(db, Some(salesperson)).await?.pop().ok_or(AppError::Internal)
}
