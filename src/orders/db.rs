//! Orders in the database. Placement is one transaction that claims the idempotency key first,
//! prices every line, reserves stock with conditional updates (never below zero), applies the
//! balance and fixes the promised date; any refusal rolls all of it back.

use super::rules::{self, DeliveryTerms, LineProblem, PriceBreak, PricedLine, PromoKind, Terms};
use super::{
    LineRequest, OrderDetail, OrderEvent, OrderLine, OrderRequest, OrderStatus, OrderSummary, Quote, QuoteLine,
};
use crate::account::SessionUser;
use crate::dates::Date;
use crate::error::{AppError, Invalid};
use crate::money::Fen;
use crate::sales::AuditAction;
use crate::server::db::{new_id, now_ms, Db, WriteTx};
use crate::server::session::ActingShop;
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, FromRow};
use std::collections::HashMap;

struct ProductRow {
    name_zh: String,
    name_en: String,
    pack_size: i64,
    terms: Terms,
    /// The promotion in `terms`: its id, and its budget if it has one.
    promo: Option<(i64, Option<Fen>)>,
}

/// A product's terms as stored.
#[derive(FromRow)]
struct TermsRow {
    id: i64,
    name_zh: String,
    name_en: String,
    pack_size: i64,
    case_price_fen: Fen,
    min_cases: i64,
    max_cases: i64,
    stock_cases: i64,
}

/// A quantity break of a product.
#[derive(FromRow)]
struct BreakRow {
    product_id: i64,
    #[sqlx(flatten)]
    price: PriceBreak,
}

/// A running promotion of a product: its id, its budget (None: no limit) and its offer.
#[derive(FromRow)]
struct PromoRow {
    id: i64,
    budget_fen: Option<i64>,
    product_id: i64,
    #[sqlx(flatten)]
    offer: PromoOffer,
}

/// The offer of a promotion row that has the columns `kind, off_fen, buy_n, free_n`.
pub fn promo_kind(r: &AnyRow) -> Result<PromoKind, AppError> {
    Ok(PromoOffer::from_row(r)?.kind())
}

/// A promotion's offer as stored: a price cut of `off_fen` a case, or `free_n` cases free with
/// `buy_n`.
#[derive(FromRow)]
struct PromoOffer {
    kind: String,
    off_fen: Fen,
    buy_n: i64,
    free_n: i64,
}

impl PromoOffer {
    fn kind(&self) -> PromoKind {
        match self.kind.as_str() {
            "price_cut" => PromoKind::PriceCut { off_per_case: self.off_fen },
            _ => PromoKind::FreeCases { buy: self.buy_n, free: self.free_n },
        }
    }
}

async fn delivery_terms<'e, E: sqlx::Executor<'e, Database = Any>>(
    exec: E,
    shop_id: i64,
) -> Result<(i64, DeliveryTerms), AppError> {
    let (id, cutoff_minute, lead_days, utc_offset_minutes) = sqlx::query_as(
        "SELECT w.id, w.cutoff_minute, w.lead_days, w.utc_offset_minutes FROM shops s JOIN warehouses w ON w.id = s.warehouse_id WHERE s.id = $1",
    )
    .bind(shop_id)
    .fetch_one(exec)
    .await?;
    Ok((id, DeliveryTerms { cutoff_minute, lead_days, utc_offset_minutes }))
}

/// The promised date, or an error for a warehouse whose terms are out of bounds.
fn promise(now: i64, delivery: DeliveryTerms) -> Result<Date, AppError> {
    rules::promised_date(now, delivery).ok_or_else(|| {
        tracing::error!(?delivery, "warehouse delivery terms out of bounds");
        AppError::Internal
    })
}

fn validate(lines: &[LineRequest]) -> Result<(), AppError> {
    if lines.is_empty() {
        return Err(AppError::EmptyOrder);
    }
    if lines.len() > crate::error::MAX_LINES {
        return Err(AppError::Invalid(Invalid::TooMany));
    }
    if lines.iter().any(|l| l.cases <= 0 || l.cases > 100_000) {
        return Err(AppError::Invalid(Invalid::Quantity));
    }
    Ok(())
}

/// Prices the lines against the products' terms. `check_seen` refuses lines whose price rose
/// above what the shop saw.
fn price_all(
    lines: &[LineRequest],
    products: &HashMap<i64, ProductRow>,
    check_seen: bool,
) -> Vec<(i64, Result<PricedLine, LineProblem>)> {
    lines
        .iter()
        .map(|l| {
            let res = match products.get(&l.product_id) {
                None => Err(LineProblem::Unavailable),
                Some(p) => rules::price_line(&p.terms, l.cases).and_then(|priced| {
                    if check_seen && priced.case_price > l.seen_case_price {
                        Err(LineProblem::PriceRose { seen: l.seen_case_price, now: priced.case_price })
                    } else {
                        Ok(priced)
                    }
                }),
            };
            (l.product_id, res)
        })
        .collect()
}

/// Merges repeated products into one line, keeping the first seen price.
fn merge(lines: &[LineRequest]) -> Vec<LineRequest> {
    let mut out: Vec<LineRequest> = Vec::new();
    for l in lines {
        match out.iter_mut().find(|o| o.product_id == l.product_id) {
            Some(o) => o.cases += l.cases,
            None => out.push(l.clone()),
        }
    }
    out
}

pub async fn quote(db: &Db, shop: ActingShop, lines: &[LineRequest], use_balance: bool) -> Result<Quote, AppError> {
    let shop_id = shop.id();
    validate(lines)?;
    let lines = merge(lines);
    let now = now_ms();
    let (_, delivery) = delivery_terms(db, shop_id).await?;
    let today = Date::local_of(now, delivery.utc_offset_minutes);
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let products = load_terms(&mut *db.acquire().await?, shop_id, &ids, today).await?;
    let priced = price_all(&lines, &products, false);
    let goods = rules::goods_value(priced.iter().filter_map(|(_, r)| r.as_ref().ok()))
        .ok_or(AppError::Invalid(Invalid::Quantity))?;
    let balance = crate::ledger::balance(db, shop_id).await?;
    let balance_used = rules::balance_to_use(balance, goods, use_balance);
    Ok(Quote {
        lines: priced
            .into_iter()
            .map(|(product_id, result)| QuoteLine {
                product_id,
                stock_cases: products.get(&product_id).map(|p| p.terms.stock_cases).unwrap_or(0),
                result,
            })
            .collect(),
        goods,
        shortfall: rules::minimum_shortfall(goods),
        balance,
        balance_used,
        payable: goods - balance_used,
        promised_on: promise(now, delivery)?,
    })
}

/// What identifies a request for idempotency: the shop, the lines (merged, in product order) and
/// the balance choice. The prices seen are not part of it: a resend after a price fall is the same
/// order.
pub fn request_hash(shop_id: i64, lines: &[LineRequest], use_balance: bool) -> String {
    let mut lines: Vec<(i64, i64)> = merge(lines).iter().map(|l| (l.product_id, l.cases)).collect();
    lines.sort();
    let canonical = serde_json::to_string(&(shop_id, lines, use_balance)).expect("serialisable");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// The order already made with this key, if the request is the same one.
async fn existing(db: &Db, shop_id: i64, key: &str, hash: &str) -> Result<OrderSummary, AppError> {
    let (id, request_hash): (i64, String) =
        sqlx::query_as("SELECT id, request_hash FROM orders WHERE shop_id = $1 AND idempotency_key = $2")
            .bind(shop_id)
            .bind(key)
            .fetch_one(db)
            .await?;
    if request_hash != hash {
        return Err(AppError::KeyReused);
    }
    summary(db, id).await?.ok_or(AppError::Internal)
}

/// Places the order for the shop, placed by `user`; a salesperson's order goes in the shop's audit
/// trail in the same transaction.
#[tracing::instrument(skip(db, shop, user, req), fields(shop_id = shop.id(), user_id = user.user_id, key = ?req.key, lines = req.lines.len()))]
pub async fn place(
    db: &Db,
    shop: ActingShop,
    user: &SessionUser,
    req: &OrderRequest,
) -> Result<OrderSummary, AppError> {
    let (shop_id, user_id) = (shop.id(), user.user_id);
    if let Err(e) = crate::error::check_key(&req.key) {
        // Keys are made by the app (UUIDs): anything else is an attack or a bug. Logged escaped
        // (`?`) and cut short, never raw.
        let key: String = req.key.chars().take(120).collect();
        tracing::warn!(shop_id, ?key, "order key refused");
        return Err(e);
    }
    validate(&req.lines)?;
    let mut lines = merge(&req.lines);
    // Rows are locked in product order, so that two orders never wait for each other (deadlock).
    lines.sort_by_key(|l| l.product_id);
    let hash = request_hash(shop_id, &lines, req.use_balance);
    let order_id = new_id();
    let now = now_ms();

    let mut tx = db.write().await?;
    // 1. Claim the key. This write comes first so that a concurrent request with the same key
    //    waits here (PostgreSQL; on SQLite it waited for the writer turn) and then finds the order.
    let claim = sqlx::query(
        "INSERT INTO orders (id, shop_id, placed_by, idempotency_key, request_hash, status, goods_fen, balance_used_fen, payable_fen, promised_on, warehouse_id, created_ms)
         SELECT $1, $2, $3, $4, $5, 'pending', 0, 0, 0, '', warehouse_id, $6 FROM shops WHERE id = $2",
    )
    .bind(order_id)
    .bind(shop_id)
    .bind(user_id)
    .bind(&req.key)
    .bind(&hash)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match claim {
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            return existing(db, shop_id, &req.key, &hash).await;
        }
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    // 2. Serialise this shop's checkouts (its balance) on PostgreSQL.
    crate::ledger::lock_shop(&mut tx, shop_id).await?;
    //    Under that lock, the shop's next short number (rolled back with the order if refused).
    sqlx::query(
        "UPDATE orders SET number = (SELECT COALESCE(MAX(o2.number), 0) + 1 FROM orders o2 WHERE o2.shop_id = $2) WHERE id = $1",
    )
    .bind(order_id)
    .bind(shop_id)
    .execute(&mut *tx)
    .await?;

    // 3. Price every line now.
    let (_, delivery) = delivery_terms(&mut *tx, shop_id).await?;
    let today = Date::local_of(now, delivery.utc_offset_minutes);
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let products = load_terms(&mut tx, shop_id, &ids, today).await?;
    let priced = price_all(&lines, &products, true);
    let problems: Vec<(i64, LineProblem)> = priced.iter().filter_map(|(id, r)| r.err().map(|p| (*id, p))).collect();
    if !problems.is_empty() {
        return Err(AppError::OrderRejected(problems));
    }
    let priced: Vec<(i64, PricedLine)> = priced.into_iter().map(|(id, r)| (id, r.expect("checked"))).collect();
    let goods = rules::goods_value(priced.iter().map(|(_, p)| p)).ok_or(AppError::Invalid(Invalid::Quantity))?;
    if let Some(short) = rules::minimum_shortfall(goods) {
        return Err(AppError::BelowMinimum(short));
    }

    // 4. Reserve stock: each update succeeds only if the cases are still there, so two shops
    //    racing for the last case never both get it.
    let mut short = Vec::new();
    for (id, p) in &priced {
        let done =
            sqlx::query("UPDATE products SET stock_cases = stock_cases - $1 WHERE id = $2 AND stock_cases >= $1")
                .bind(p.cases_delivered())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() != 1 {
            short.push(*id);
        }
    }
    if !short.is_empty() {
        drop(tx);
        let fresh = load_terms(&mut *db.acquire().await?, shop_id, &short, today).await?;
        let problems = short
            .iter()
            .map(|id| {
                (
                    *id,
                    LineProblem::NotEnoughStock { available: fresh.get(id).map(|p| p.terms.stock_cases).unwrap_or(0) },
                )
            })
            .collect();
        return Err(AppError::OrderRejected(problems));
    }

    // 4b. Promotions with a budget pay for what they give here; one that cannot pay for a line
    //     has run out: the line's price is the plain one now, and the order goes back to the shop
    //     (nothing of it is kept). The condition is checked by the update itself, so two orders
    //     racing for the last of a budget never both get it.
    let mut costs: HashMap<i64, (i64, Fen)> = HashMap::new();
    let mut ran_out = Vec::new();
    for (id, p) in &priced {
        let row = &products[id];
        let Some((promo_id, budget)) = row.promo else { continue };
        let cost = rules::promo_cost(&row.terms, p);
        if cost == Fen::ZERO {
            continue;
        }
        costs.insert(*id, (promo_id, cost));
        if budget.is_none() {
            continue;
        }
        let paid = sqlx::query(
            "UPDATE promotions SET spent_fen = spent_fen + $1 WHERE id = $2 AND budget_fen IS NOT NULL AND spent_fen + $1 <= budget_fen",
        )
        .bind(cost.0)
        .bind(promo_id)
        .execute(&mut *tx)
        .await?;
        if paid.rows_affected() != 1 {
            let seen = lines.iter().find(|l| l.product_id == *id).map_or(p.case_price, |l| l.seen_case_price);
            ran_out.push((*id, LineProblem::PriceRose { seen, now: rules::plain_case_price(&row.terms, p.cases) }));
        }
    }
    if !ran_out.is_empty() {
        tracing::info!(shop_id, lines = ran_out.len(), "a promotion's budget ran out");
        return Err(AppError::OrderRejected(ran_out));
    }

    // 5. The balance, and the promise.
    let balance_used = rules::balance_to_use(crate::ledger::balance(&mut *tx, shop_id).await?, goods, req.use_balance);
    if balance_used > Fen::ZERO {
        crate::ledger::post(&mut tx, shop_id, crate::ledger::Posting::Checkout { order_id, used: balance_used }, now)
            .await?;
    }
    let promised = promise(now, delivery)?;
    for (n, (id, p)) in priced.iter().enumerate() {
        let row = &products[id];
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_id, name_zh, name_en, pack_size, cases, free_cases, case_price_fen, line_fen, promo_id, promo_cost_fen)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(order_id)
        .bind(n as i64 + 1)
        .bind(id)
        .bind(&row.name_zh)
        .bind(&row.name_en)
        .bind(row.pack_size)
        .bind(p.cases)
        .bind(p.free_cases)
        .bind(p.case_price.0)
        .bind(p.total.0)
        .bind(costs.get(id).map(|c| c.0))
        .bind(costs.get(id).map_or(0, |c| c.1 .0))
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE orders SET status = 'confirmed', goods_fen = $1, balance_used_fen = $2, payable_fen = $3, promised_on = $4 WHERE id = $5")
        .bind(goods.0)
        .bind(balance_used.0)
        .bind((goods - balance_used).0)
        .bind(promised.to_string())
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    for (seq, status) in [(1, OrderStatus::Placed), (2, OrderStatus::Confirmed)] {
        add_event(&mut tx, order_id, seq, status, user_id, now).await?;
    }
    let cases: i64 = priced.iter().map(|(_, p)| p.cases + p.free_cases).sum();
    let detail = format!("#{order_id} {goods} · {cases}箱");
    crate::sales::record_salesperson_once(&mut tx, user, shop_id, AuditAction::OrderPlaced, &detail, Some(order_id))
        .await?;
    tx.commit().await?;
    tracing::info!(order_id, goods = goods.0, "order placed");
    summary(db, order_id).await?.ok_or(AppError::Internal)
}

/// Everything needed to price these products for this shop today. Missing ids are not sold.
async fn load_terms(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    ids: &[i64],
    today: Date,
) -> Result<HashMap<i64, ProductRow>, AppError> {
    use crate::server::db::{id_chunks, id_placeholders};
    let (mut products, mut breaks, mut promos) = (Vec::new(), Vec::new(), Vec::new());
    for chunk in id_chunks(ids) {
        let list = id_placeholders(1);
        let sql = format!("SELECT id, name_zh, name_en, pack_size, case_price_fen, min_cases, max_cases, stock_cases FROM products WHERE id IN ({list})");
        let mut q = sqlx::query_as::<_, TermsRow>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        products.extend(q.fetch_all(&mut *conn).await?);
        let sql = format!(
            "SELECT product_id, min_cases, case_price_fen AS case_price FROM price_breaks WHERE product_id IN ({list})"
        );
        let mut q = sqlx::query_as::<_, BreakRow>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        breaks.extend(q.fetch_all(&mut *conn).await?);
        let list = id_placeholders(3);
        let sql = format!(
            "SELECT id, budget_fen, product_id, kind, off_fen, buy_n, free_n FROM promotions
             WHERE product_id IN ({list}) AND {} ORDER BY created_ms",
            super::LIVE_PROMOTION
        );
        let mut q = sqlx::query_as::<_, PromoRow>(&sql).bind(today.to_string()).bind(shop_id);
        for id in chunk {
            q = q.bind(id);
        }
        promos.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(assemble(products, breaks, promos))
}

fn assemble(products: Vec<TermsRow>, breaks: Vec<BreakRow>, promos: Vec<PromoRow>) -> HashMap<i64, ProductRow> {
    let mut out = HashMap::new();
    for r in products {
        let terms = Terms {
            case_price: r.case_price_fen,
            breaks: vec![],
            min_cases: r.min_cases,
            max_cases: r.max_cases,
            stock_cases: r.stock_cases,
            promo: None,
        };
        out.insert(
            r.id,
            ProductRow { name_zh: r.name_zh, name_en: r.name_en, pack_size: r.pack_size, terms, promo: None },
        );
    }
    for r in breaks {
        if let Some(p) = out.get_mut(&r.product_id) {
            p.terms.breaks.push(r.price);
        }
    }
    for r in promos {
        if let Some(p) = out.get_mut(&r.product_id) {
            p.terms.promo = Some(r.offer.kind());
            p.promo = Some((r.id, r.budget_fen.map(Fen)));
        }
    }
    out
}

/// Appends the next step to an order's timeline.
async fn append_event(
    tx: &mut WriteTx,
    order_id: i64,
    status: OrderStatus,
    actor: i64,
    at: i64,
) -> Result<(), AppError> {
    let seq: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) + 1 FROM order_events WHERE order_id = $1")
            .bind(order_id)
            .fetch_one(&mut **tx)
            .await?;
    add_event(tx, order_id, seq, status, actor, at).await
}

async fn add_event(
    tx: &mut WriteTx,
    order_id: i64,
    seq: i64,
    status: OrderStatus,
    actor: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO order_events (order_id, seq, status, actor, at_ms, note) VALUES ($1, $2, $3, $4, $5, '')")
        .bind(order_id)
        .bind(seq)
        .bind(status.code())
        .bind(actor)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const SUMMARY_SQL: &str = "SELECT o.id, o.number, o.shop_id, s.name AS shop_name, s.address AS shop_address,
        COALESCE((SELECT MIN(ou.phone) FROM users ou WHERE ou.shop_id = o.shop_id AND ou.role = 'shop_owner'), '') AS shop_phone,
        o.status, o.goods_fen, o.balance_used_fen, o.payable_fen, o.promised_on, o.created_ms,
        u.name AS placed_by, u.role AS placed_by_role, o.driver, o.driver_phone, o.delivery_photo_id,
        (SELECT CAST(COALESCE(SUM(l.cases + l.free_cases), 0) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id) AS cases
     FROM orders o JOIN shops s ON s.id = o.shop_id JOIN users u ON u.id = o.placed_by";

/// An order's summary as `SUMMARY_SQL` reads it.
#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    number: i64,
    shop_id: i64,
    shop_name: String,
    shop_address: String,
    shop_phone: String,
    status: String,
    goods_fen: Fen,
    balance_used_fen: Fen,
    payable_fen: Fen,
    promised_on: String,
    created_ms: i64,
    cases: i64,
    placed_by: String,
    placed_by_role: String,
    driver: String,
    driver_phone: String,
    delivery_photo_id: Option<i64>,
}

impl TryFrom<SummaryRow> for OrderSummary {
    type Error = AppError;

    fn try_from(r: SummaryRow) -> Result<OrderSummary, AppError> {
        Ok(OrderSummary {
            id: r.id,
            number: r.number,
            shop_id: r.shop_id,
            shop_name: r.shop_name,
            shop_address: r.shop_address,
            shop_phone: r.shop_phone,
            status: OrderStatus::from_code(&r.status).ok_or(AppError::Internal)?,
            goods: r.goods_fen,
            balance_used: r.balance_used_fen,
            payable: r.payable_fen,
            promised_on: Date::parse(&r.promised_on).ok_or(AppError::Internal)?,
            created_ms: r.created_ms,
            cases: r.cases,
            placed_by: r.placed_by,
            placed_by_salesperson: r.placed_by_role == "salesperson",
            driver: r.driver,
            driver_phone: r.driver_phone,
            delivery_photo: r.delivery_photo_id,
        })
    }
}

/// Summaries of the rows `SUMMARY_SQL` read.
fn summaries(rows: Vec<SummaryRow>) -> Result<Vec<OrderSummary>, AppError> {
    rows.into_iter().map(OrderSummary::try_from).collect()
}

pub async fn summary(db: &Db, order_id: i64) -> Result<Option<OrderSummary>, AppError> {
    let r = sqlx::query_as::<_, SummaryRow>(&format!("{SUMMARY_SQL} WHERE o.id = $1 AND o.status <> 'pending'"))
        .bind(order_id)
        .fetch_optional(db)
        .await?;
    r.map(OrderSummary::try_from).transpose()
}

pub async fn list(db: &Db, shop_id: i64, limit: i64) -> Result<Vec<OrderSummary>, AppError> {
    let rows = sqlx::query_as::<_, SummaryRow>(&format!(
        "{SUMMARY_SQL} WHERE o.shop_id = $1 AND o.status <> 'pending' ORDER BY o.created_ms DESC LIMIT $2"
    ))
    .bind(shop_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    summaries(rows)
}

/// Orders in a status, across shops, oldest promise first (the dispatcher's queue).
pub async fn by_status(db: &Db, status: OrderStatus, limit: i64) -> Result<Vec<OrderSummary>, AppError> {
    let rows = sqlx::query_as::<_, SummaryRow>(&format!(
        "{SUMMARY_SQL} WHERE o.status = $1 ORDER BY o.promised_on, o.created_ms LIMIT $2"
    ))
    .bind(status.code())
    .bind(limit)
    .fetch_all(db)
    .await?;
    summaries(rows)
}

/// Orders whose promised day has ended (or ends today) without delivery, across shops, most
/// overdue first.
pub async fn due_by(db: &Db, today: Date, limit: i64) -> Result<Vec<OrderSummary>, AppError> {
    let rows = sqlx::query_as::<_, SummaryRow>(&format!(
        "{SUMMARY_SQL} WHERE o.promised_on <= $1 AND o.status NOT IN ('delivered', 'cancelled', 'pending') ORDER BY o.promised_on, o.created_ms LIMIT $2"
    ))
    .bind(today.to_string())
    .bind(limit)
    .fetch_all(db)
    .await?;
    summaries(rows)
}

/// Orders the warehouse has yet to send out (confirmed, picking, dispatched), oldest first.
pub async fn at_the_warehouse(db: &Db, limit: i64) -> Result<Vec<(i64, OrderStatus)>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM orders WHERE status IN ('confirmed', 'picking', 'dispatched') ORDER BY created_ms LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(|(id, status)| Some((id, OrderStatus::from_code(&status)?))).collect())
}

/// Moves an order one step, from where it was read (`from`) to `to`, recording who and when: the
/// update only applies if the order is still at `from`, so two people cannot both move it. The
/// caller checked the step against the lifecycle. Delivering sets the delivery time; a driver
/// (dispatching) is kept.
pub async fn step(
    tx: &mut WriteTx,
    order_id: i64,
    from: OrderStatus,
    to: OrderStatus,
    actor: i64,
    driver: Option<String>,
) -> Result<(), AppError> {
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE orders SET status = $1, delivered_ms = CASE WHEN $1 = 'delivered' THEN $2 ELSE delivered_ms END,
                driver = CASE WHEN $3 = '' THEN driver ELSE $3 END,
                driver_phone = CASE WHEN $3 = '' THEN driver_phone
                    ELSE COALESCE((SELECT d.phone FROM drivers d WHERE d.name = $3 AND d.warehouse_id = orders.warehouse_id), '') END
         WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(now)
    .bind(driver.unwrap_or_default())
    .bind(order_id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Step(super::lifecycle::TransitionError::Illegal { from, to }));
    }
    append_event(tx, order_id, to, actor, now).await
}

/// Keeps the photo taken at the door as the order's proof of delivery (the claims feature has
/// checked that the photo is the shop's and kept it for this order).
pub async fn keep_delivery_photo(tx: &mut WriteTx, order_id: i64, photo: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE orders SET delivery_photo_id = $1 WHERE id = $2")
        .bind(photo)
        .bind(order_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The numbers of an order's lines, in order.
pub async fn line_numbers(tx: &mut WriteTx, order_id: i64) -> Result<Vec<i64>, AppError> {
    let q = sqlx::query_scalar("SELECT line_no FROM order_lines WHERE order_id = $1 ORDER BY line_no");
    Ok(q.bind(order_id).fetch_all(&mut **tx).await?)
}

pub async fn detail(db: &Db, order_id: i64) -> Result<Option<OrderDetail>, AppError> {
    let Some(summary) = summary(db, order_id).await? else { return Ok(None) };
    let lines: Vec<OrderLine> = sqlx::query_as(
        "SELECT product_id, name_zh, name_en, pack_size, cases, free_cases, case_price_fen AS case_price, line_fen AS total
         FROM order_lines WHERE order_id = $1 ORDER BY line_no",
    )
    .bind(order_id)
    .fetch_all(db)
    .await?;
    let events: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT e.status, u.name, e.at_ms FROM order_events e JOIN users u ON u.id = e.actor WHERE e.order_id = $1 ORDER BY e.seq",
    )
    .bind(order_id)
    .fetch_all(db)
    .await?;
    let events = events
        .into_iter()
        .map(|(status, actor, at_ms)| {
            Ok(OrderEvent { status: OrderStatus::from_code(&status).ok_or(AppError::Internal)?, actor, at_ms })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Some(OrderDetail { summary, lines, events }))
}

/// Cancels an order of this shop that has not left the warehouse: the stock goes back on the
/// shelf and the balance it used goes back to the shop. The orders' one cancel path (the shop's
/// button and the dispatcher's step alike); a salesperson's cancellation goes in the shop's audit
/// trail in the same transaction.
pub async fn cancel(db: &Db, shop_id: i64, order_id: i64, user: &SessionUser) -> Result<OrderSummary, AppError> {
    let actor = user.user_id;
    let now = now_ms();
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE orders SET status = 'cancelled' WHERE id = $1 AND shop_id = $2 AND status IN ('placed', 'confirmed', 'picking')",
    )
    .bind(order_id)
    .bind(shop_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        drop(tx);
        return match summary(db, order_id).await? {
            Some(s) if s.shop_id == shop_id => Err(AppError::CannotCancel),
            _ => Err(AppError::NotFound),
        };
    }
    let lines: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT product_id, cases, free_cases FROM order_lines WHERE order_id = $1")
            .bind(order_id)
            .fetch_all(&mut *tx)
            .await?;
    for (product_id, cases, free_cases) in lines {
        sqlx::query("UPDATE products SET stock_cases = stock_cases + $1 WHERE id = $2")
            .bind(cases + free_cases)
            .bind(product_id)
            .execute(&mut *tx)
            .await?;
    }
    // What the order's lines took from promotions' budgets goes back to them.
    let promos: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT promo_id, promo_cost_fen FROM order_lines WHERE order_id = $1 AND promo_id IS NOT NULL AND promo_cost_fen > 0",
    )
    .bind(order_id)
    .fetch_all(&mut *tx)
    .await?;
    for (promo_id, cost) in promos {
        sqlx::query("UPDATE promotions SET spent_fen = spent_fen - $1 WHERE id = $2 AND budget_fen IS NOT NULL AND spent_fen >= $1")
            .bind(cost)
            .bind(promo_id)
            .execute(&mut *tx)
            .await?;
    }
    let used: Fen = sqlx::query_scalar("SELECT balance_used_fen FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut *tx)
        .await?;
    if used > Fen::ZERO {
        crate::ledger::post(&mut tx, shop_id, crate::ledger::Posting::Refund { order_id, amount: used }, now).await?;
    }
    append_event(&mut tx, order_id, OrderStatus::Cancelled, actor, now).await?;
    let detail = format!("#{order_id}");
    crate::sales::record_salesperson_once(&mut tx, user, shop_id, AuditAction::OrderCancelled, &detail, Some(order_id))
        .await?;
    tx.commit().await?;
    summary(db, order_id).await?.ok_or(AppError::Internal)
}

/// What the shop ordered (not cancelled) since `since_ms`: each line's product, day and cases, the
/// newest 5,000 lines at most (the suggested order's history).
pub async fn history(db: &Db, shop: ActingShop, since_ms: i64) -> Result<Vec<super::suggest::Bought>, AppError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT l.product_id, o.created_ms, l.cases FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.shop_id = $1 AND o.status NOT IN ('pending', 'cancelled') AND o.created_ms >= $2
         ORDER BY o.created_ms DESC LIMIT 5000",
    )
    .bind(shop.id())
    .bind(since_ms)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(product_id, ms, cases)| super::suggest::Bought {
            product_id,
            on: crate::dates::Date::local_of(ms, 480),
            cases,
        })
        .collect())
}

/// Which products each shop ordered (not cancelled) since `since_ms`: the distinct (shop, product)
/// pairs, at most 200,000 (what "shops like yours" compares).
pub async fn products_by_shop(
    db: &Db,
    since_ms: i64,
) -> Result<std::collections::BTreeMap<i64, std::collections::BTreeSet<i64>>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT o.shop_id, l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.status NOT IN ('pending', 'cancelled') AND o.created_ms >= $1 LIMIT 200000",
    )
    .bind(since_ms)
    .fetch_all(db)
    .await?;
    let mut by_shop: std::collections::BTreeMap<i64, std::collections::BTreeSet<i64>> = Default::default();
    for (shop, product) in rows {
        by_shop.entry(shop).or_default().insert(product);
    }
    Ok(by_shop)
}

/// Products this shop ordered before, most recent first.
pub async fn bought_before(db: &Db, shop: ActingShop, limit: i64) -> Result<Vec<i64>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.product_id, MAX(o.created_ms) AS last FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.shop_id = $1 AND o.status <> 'pending' GROUP BY l.product_id ORDER BY last DESC LIMIT $2",
    )
    .bind(shop.id())
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(product, _)| product).collect())
}
