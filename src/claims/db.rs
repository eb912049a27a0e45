//! Claims in the database. Late-delivery claims are filed by the server itself: a sweep finds
//! orders whose promised day ended undelivered and files, approves and pays each exactly once (a
//! unique index makes a second filing impossible, whichever server instance tries).

use super::rules;
use super::{kind_code, ClaimStatus, ClaimSummary};
use crate::dates::Date;
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::{new_id, now_ms, Db, WriteTx};
use crate::server::session::ActingShop;
use sqlx::FromRow;

use super::kind_of_code as kind_of;

/// An order the late sweep looks at.
#[derive(FromRow)]
struct LateCandidate {
    id: i64,
    shop_id: i64,
    goods_fen: Fen,
    promised_on: String,
    delivered_ms: Option<i64>,
    utc_offset_minutes: i64,
}

/// Files, approves and pays the late-delivery claims now due. Returns how many this call filed.
#[tracing::instrument(skip(db))]
pub async fn file_late_claims(db: &Db, now: i64) -> Result<usize, AppError> {
    // Candidates: promised on a day before today in China, not cancelled, no late claim yet. The
    // exact rule (the promised day has ended, local time) is applied below.
    let today = Date::local_of(now, 480).to_string();
    let rows: Vec<LateCandidate> = sqlx::query_as(
        "SELECT o.id, o.shop_id, o.goods_fen, o.promised_on, o.status, o.delivered_ms, w.utc_offset_minutes
         FROM orders o JOIN warehouses w ON w.id = o.warehouse_id
         WHERE o.promised_on < $1 AND o.status NOT IN ('cancelled', 'pending')
           AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.order_id = o.id AND c.kind = 'late_delivery')",
    )
    .bind(&today)
    .fetch_all(db)
    .await?;
    let mut filed = 0;
    for r in rows {
        let promised = Date::parse(&r.promised_on).ok_or(AppError::Internal)?;
        let offset = r.utc_offset_minutes;
        let deadline = promised.end_utc_ms(offset);
        // Undelivered when the day ended, or delivered only after it ended (a sweep that missed it).
        let late = match r.delivered_ms {
            Some(at) => at >= deadline,
            None => rules::is_late(promised, false, false, now, offset),
        };
        if !late {
            continue;
        }
        let (order_id, shop_id) = (r.id, r.shop_id);
        let amount = rules::late_delivery(r.goods_fen);
        let claim_id = new_id();
        let mut tx = db.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO claims (id, shop_id, order_id, kind, status, units, amount_fen, details, reason, created_ms, decided_ms)
             VALUES ($1, $2, $3, 'late_delivery', 'paid', 0, $4, '{}', '', $5, $5)",
        )
        .bind(claim_id)
        .bind(shop_id)
        .bind(order_id)
        .bind(amount.0)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            // Another instance filed it first: nothing to do.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
            Err(e) => return Err(e.into()),
        }
        let paid = crate::ledger::Posting::Claim { order_id, claim_id, amount, note: "late_delivery" };
        crate::ledger::post(&mut tx, shop_id, paid, now).await?;
        tx.commit().await?;
        tracing::info!(order_id, amount = amount.0, "late delivery compensated");
        filed += 1;
    }
    Ok(filed)
}

pub async fn list_for_shop(db: &Db, shop_id: i64) -> Result<Vec<ClaimSummary>, AppError> {
    let rows = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLS} FROM claims WHERE shop_id = $1 ORDER BY created_ms DESC LIMIT 200"
    ))
    .bind(shop_id)
    .fetch_all(db)
    .await?;
    summaries(rows)
}

/// Claims waiting for a reviewer, oldest first.
pub async fn review_queue(db: &Db) -> Result<Vec<ClaimSummary>, AppError> {
    let rows = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLS} FROM claims WHERE status IN ('submitted', 'in_review', 'collected') ORDER BY created_ms LIMIT 200"
    ))
    .fetch_all(db)
    .await?;
    summaries(rows)
}

/// A reviewer's decision. Approving pays the amount the rules computed when the claim was filed
/// (there is no way to pay more) into the shop's ledger, in the same transaction, once: the update
/// only applies to a claim still waiting. Rejecting needs a reason (at most `TEXT_MAX_CHARS`),
/// which the shop sees.
pub async fn decide(
    db: &Db,
    claim_id: i64,
    reviewer: i64,
    approve: bool,
    reason: &str,
) -> Result<ClaimSummary, AppError> {
    let now = now_ms();
    if !approve && reason.trim().is_empty() {
        return Err(AppError::Invalid(crate::error::Invalid::Reason));
    }
    if reason.chars().count() > super::TEXT_MAX_CHARS {
        return Err(AppError::Invalid(crate::error::Invalid::ClaimTextTooLong));
    }
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE claims SET status = $1, reason = $2, decided_by = $3, decided_ms = $4
         WHERE id = $5 AND status IN ('submitted', 'in_review', 'collected')",
    )
    .bind(if approve { "paid" } else { "rejected" })
    .bind(reason.trim())
    .bind(reviewer)
    .bind(now)
    .bind(claim_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        let exists =
            sqlx::query("SELECT 1 AS x FROM claims WHERE id = $1").bind(claim_id).fetch_optional(&mut *tx).await?;
        return Err(if exists.is_some() { AppError::AlreadyDecided } else { AppError::NotFound });
    }
    if approve {
        let (shop_id, order_id, amount): (i64, i64, Fen) =
            sqlx::query_as("SELECT shop_id, order_id, amount_fen FROM claims WHERE id = $1")
                .bind(claim_id)
                .fetch_one(&mut *tx)
                .await?;
        let paid = crate::ledger::Posting::Claim { order_id, claim_id, amount, note: "" };
        crate::ledger::post(&mut tx, shop_id, paid, now).await?;
    }
    let row = sqlx::query_as(&format!("SELECT {SUMMARY_COLS} FROM claims WHERE id = $1"))
        .bind(claim_id)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    summaries(row)?.pop().ok_or(AppError::Internal)
}

/// A claim as `SUMMARY_COLS` read it.
#[derive(FromRow)]
struct ClaimRow {
    id: i64,
    order_id: i64,
    kind: String,
    status: String,
    units: i64,
    amount_fen: Fen,
    reason: String,
    created_ms: i64,
    order_number: i64,
    product_zh: String,
    product_en: String,
    shop_name: String,
    photo: Option<i64>,
}

impl TryFrom<ClaimRow> for ClaimSummary {
    type Error = AppError;

    fn try_from(r: ClaimRow) -> Result<ClaimSummary, AppError> {
        Ok(ClaimSummary {
            id: r.id,
            order_id: r.order_id,
            kind: kind_of(&r.kind).ok_or(AppError::Internal)?,
            status: ClaimStatus::from_code(&r.status).ok_or(AppError::Internal)?,
            units: r.units,
            amount: r.amount_fen,
            reason: r.reason,
            created_ms: r.created_ms,
            order_number: r.order_number,
            product_zh: r.product_zh,
            product_en: r.product_en,
            shop_name: r.shop_name,
            photo: r.photo,
        })
    }
}

fn summaries(rows: Vec<ClaimRow>) -> Result<Vec<ClaimSummary>, AppError> {
    rows.into_iter().map(ClaimSummary::try_from).collect()
}

/// An order line, and what the claims on it that were not rejected took of it: the units they
/// refunded (every kind but the price match), the money they give, and the line's price match.
const CONTEXT_SELECT: &str = "SELECT o.id AS order_id, l.line_no, o.shop_id, o.status, o.delivered_ms, w.utc_offset_minutes, l.product_id, l.name_zh, l.name_en,
        l.pack_size, l.cases, l.free_cases, l.line_fen, p.is_price_guaranteed, p.is_snack, p.shelf_life_days,
        (SELECT CAST(COALESCE(SUM(c.units), 0) AS BIGINT) FROM claims c
          WHERE c.order_id = o.id AND c.line_no = l.line_no AND c.status <> 'rejected' AND c.kind <> 'price_match') AS units_claimed,
        (SELECT CAST(COALESCE(SUM(c.amount_fen), 0) AS BIGINT) FROM claims c
          WHERE c.order_id = o.id AND c.line_no = l.line_no AND c.status <> 'rejected') AS claimed_fen,
        (SELECT CAST(COUNT(*) AS BIGINT) FROM claims c
          WHERE c.order_id = o.id AND c.line_no = l.line_no AND c.status <> 'rejected' AND c.kind = 'price_match') AS matches,
        (SELECT CAST(COALESCE(MAX(c.units), 0) AS BIGINT) FROM claims c
          WHERE c.order_id = o.id AND c.line_no = l.line_no AND c.status <> 'rejected' AND c.kind = 'price_match') AS matched_units,
        (SELECT CAST(COALESCE(SUM(c.amount_fen), 0) AS BIGINT) FROM claims c
          WHERE c.order_id = o.id AND c.line_no = l.line_no AND c.status <> 'rejected' AND c.kind = 'price_match') AS matched_fen
     FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN warehouses w ON w.id = o.warehouse_id
     JOIN products p ON p.id = l.product_id";

/// A line as `CONTEXT_SELECT` reads it.
#[derive(FromRow)]
struct ContextRow {
    order_id: i64,
    line_no: i64,
    shop_id: i64,
    status: String,
    delivered_ms: Option<i64>,
    utc_offset_minutes: i64,
    product_id: i64,
    name_zh: String,
    name_en: String,
    pack_size: i64,
    cases: i64,
    free_cases: i64,
    line_fen: Fen,
    is_price_guaranteed: i64,
    is_snack: i64,
    shelf_life_days: Option<i64>,
    units_claimed: i64,
    claimed_fen: Fen,
    matches: i64,
    matched_units: i64,
    matched_fen: Fen,
}

/// An order line as the guarantees see it (None: no such line), with what claims already took of
/// it, computed from the claims table.
pub async fn context<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    exec: E,
    order_id: i64,
    line_no: i64,
    now: i64,
) -> Result<Option<super::ClaimContext>, AppError> {
    let sql = format!("{CONTEXT_SELECT} WHERE l.order_id = $1 AND l.line_no = $2");
    let row = sqlx::query_as::<_, ContextRow>(&sql).bind(order_id).bind(line_no).fetch_optional(exec).await?;
    Ok(row.map(|r| r.into_context(now)))
}

/// The shop's lines delivered since `since_ms` as the guarantees see them (at most 2,000, newest
/// first): what the shop's numbers page checks for 滞销赔.
pub(crate) async fn delivered_lines(
    db: &Db,
    shop_id: i64,
    since_ms: i64,
    now: i64,
) -> Result<Vec<super::ClaimContext>, AppError> {
    let sql = format!(
        "{CONTEXT_SELECT} WHERE o.shop_id = $1 AND o.status = 'delivered' AND o.delivered_ms >= $2
         ORDER BY o.delivered_ms DESC, l.line_no LIMIT 2000"
    );
    let rows = sqlx::query_as::<_, ContextRow>(&sql).bind(shop_id).bind(since_ms).fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| r.into_context(now)).collect())
}

impl ContextRow {
    fn into_context(self, now: i64) -> super::ClaimContext {
        let r = self;
        let offset = r.utc_offset_minutes;
        super::ClaimContext {
            order_id: r.order_id,
            shop_id: r.shop_id,
            line_no: r.line_no,
            product_id: r.product_id,
            name_zh: r.name_zh,
            name_en: r.name_en,
            line: rules::Line {
                pack_size: r.pack_size,
                cases_delivered: r.cases + r.free_cases,
                total: r.line_fen,
                price_guaranteed: r.is_price_guaranteed == 1,
                food: r.shelf_life_days.is_some(),
                snack: r.is_snack == 1,
                units_claimed: r.units_claimed,
                claimed: r.claimed_fen,
                price_matched: (r.matches > 0)
                    .then_some(rules::PriceMatched { units: r.matched_units, amount: r.matched_fen }),
            },
            delivered_on: (r.status == "delivered")
                .then(|| r.delivered_ms.map(|ms| Date::local_of(ms, offset)))
                .flatten(),
            today: Date::local_of(now, offset),
        }
    }
}

/// What the guarantees paid the shop since `since_ms`, per kind (its code): the paid claims and
/// their sum, by the day they were paid.
pub(crate) async fn paid_by_kind(db: &Db, shop_id: i64, since_ms: i64) -> Result<Vec<(String, i64, Fen)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT kind, CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM claims
         WHERE shop_id = $1 AND status = 'paid' AND COALESCE(decided_ms, created_ms) >= $2
         GROUP BY kind ORDER BY kind",
    )
    .bind(shop_id)
    .bind(since_ms)
    .fetch_all(db)
    .await?)
}

fn facts_json(facts: &super::ClaimFacts) -> Result<String, AppError> {
    serde_json::to_string(facts).map_err(|_| AppError::Internal)
}

/// Prices a claim on a line of this shop inside `tx`, by the rules, against the line as it is now
/// (what the claims on it took, read in the same transaction). With `insert_claim`, the one way a
/// claim on an order line is made: by the shop (`file`) and at signing (`file_short_delivery`).
/// The caller holds the shop's write turn (its row lock), so two claims never read the same state.
async fn price_on_line(
    tx: &mut WriteTx,
    shop_id: i64,
    order_id: i64,
    line_no: i64,
    ask: &rules::Ask,
    now: i64,
) -> Result<rules::Taken, AppError> {
    let ctx =
        context(&mut **tx, order_id, line_no, now).await?.filter(|c| c.shop_id == shop_id).ok_or(AppError::NotFound)?;
    let delivered = ctx.delivered_on.ok_or(AppError::ClaimRefused(rules::Refusal::NotDelivered))?;
    rules::assess(&ctx.line, delivered, ctx.today, ask).map_err(AppError::ClaimRefused)
}

/// A claim priced by `price_on_line`, to record.
struct NewClaim<'a> {
    shop_id: i64,
    order_id: i64,
    line_no: i64,
    taken: rules::Taken,
    status: &'a str,
    details: String,
    actor: i64,
    now: i64,
    key: Option<&'a str>,
    pickup_on: Option<String>,
}

/// The short-delivery claim for one line of an order being signed for, inside the signing's write
/// transaction: what did not arrive of the line (`units_received` did), priced and recorded as
/// every claim on a line is (what earlier claims took included) and submitted for review. None
/// when nothing is missing.
pub async fn file_short_delivery(
    tx: &mut WriteTx,
    shop_id: i64,
    order_id: i64,
    line_no: i64,
    units_received: i64,
    actor: i64,
    now: i64,
) -> Result<Option<i64>, AppError> {
    let ask = rules::Ask::ShortDelivery { units_received };
    let taken = match price_on_line(tx, shop_id, order_id, line_no, &ask, now).await {
        Ok(taken) => taken,
        // Nothing missing on this line.
        Err(AppError::ClaimRefused(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let claim = NewClaim {
        shop_id,
        order_id,
        line_no,
        taken,
        status: "submitted",
        details: "{}".to_owned(),
        actor,
        now,
        key: None,
        pickup_on: None,
    };
    Ok(Some(insert_claim(tx, claim).await?))
}

/// Records a claim priced by `price_on_line` (the units and amount the rules gave). Returns its id.
async fn insert_claim(tx: &mut WriteTx, c: NewClaim<'_>) -> Result<i64, sqlx::Error> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO claims (id, shop_id, order_id, line_no, kind, status, units, amount_fen, details, reason, created_by, created_ms, client_key, pickup_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11, $12, $13)",
    )
    .bind(id)
    .bind(c.shop_id)
    .bind(c.order_id)
    .bind(c.line_no)
    .bind(kind_code(c.taken.kind))
    .bind(c.status)
    .bind(c.taken.units)
    .bind(c.taken.amount.0)
    .bind(c.details)
    .bind(c.actor)
    .bind(c.now)
    .bind(c.key)
    .bind(c.pickup_on)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A claim's summary, with what a person needs to recognise it: the order's short number, the
/// product, the shop, the first photo. Selected `FROM claims` (not aliased).
const SUMMARY_COLS: &str = "id, order_id, kind, status, units, amount_fen, reason, created_ms,
    COALESCE((SELECT o.number FROM orders o WHERE o.id = claims.order_id), 0) AS order_number,
    COALESCE((SELECT l.name_zh FROM order_lines l WHERE l.order_id = claims.order_id AND l.line_no = claims.line_no), '') AS product_zh,
    COALESCE((SELECT l.name_en FROM order_lines l WHERE l.order_id = claims.order_id AND l.line_no = claims.line_no), '') AS product_en,
    COALESCE((SELECT s.name FROM shops s WHERE s.id = claims.shop_id), '') AS shop_name,
    (SELECT MIN(e.id) FROM evidence e WHERE e.claim_id = claims.id) AS photo";

/// The claim this shop already filed with this key, if any; the same key with other contents
/// (another order, line or facts) is refused.
async fn existing_claim<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    exec: E,
    shop_id: i64,
    req: &super::ClaimRequest,
) -> Result<Option<ClaimSummary>, AppError> {
    #[derive(FromRow)]
    struct Keyed {
        #[sqlx(flatten)]
        claim: ClaimRow,
        line_no: Option<i64>,
        details: String,
    }
    let row: Option<Keyed> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLS}, line_no, details FROM claims WHERE shop_id = $1 AND client_key = $2"
    ))
    .bind(shop_id)
    .bind(&req.key)
    .fetch_optional(exec)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let same =
        r.claim.order_id == req.order_id && r.line_no == Some(req.line_no) && r.details == facts_json(&req.facts)?;
    if !same {
        return Err(AppError::ClaimKeyReused);
    }
    ClaimSummary::try_from(r.claim).map(Some)
}

/// Files a shop's claim: the rules decide whether it is open and what it pays, from the line as it
/// is now (what earlier claims took of it included); photos must be this shop's and not used by
/// another claim. The same device key files once; the same key with other contents is refused.
/// Slow sellers wait for the courier (pickup scheduled); the rest wait for a reviewer. A
/// salesperson's claim goes in the shop's audit trail in the same transaction.
pub async fn file(
    db: &Db,
    shop: ActingShop,
    user: &crate::account::SessionUser,
    req: &super::ClaimRequest,
) -> Result<ClaimSummary, AppError> {
    use crate::error::Invalid;
    let (shop_id, actor) = (shop.id(), user.user_id);
    let now = now_ms();
    req.check_limits().map_err(AppError::Invalid)?;
    if let Some(done) = existing_claim(db, shop_id, req).await? {
        return Ok(done);
    }
    let mut tx = db.write().await?;
    // The shop's row lock: one claim of this shop at a time on PostgreSQL (what the line's claims
    // took is read and written in one turn); SQLite's writer turn does the same.
    crate::ledger::lock_shop(&mut tx, shop_id).await?;
    let taken = price_on_line(&mut tx, shop_id, req.order_id, req.line_no, &req.facts.ask(), now).await?;
    req.check_complete().map_err(AppError::Invalid)?;
    let (kind, amount) = (taken.kind, taken.amount);
    let (status, pickup_on) = match &req.facts {
        super::ClaimFacts::SlowSeller { pickup_on, .. } => ("pickup_scheduled", Some(pickup_on.to_string())),
        _ => ("submitted", None),
    };
    let claim = NewClaim {
        shop_id,
        order_id: req.order_id,
        line_no: req.line_no,
        taken,
        status,
        details: facts_json(&req.facts)?,
        actor,
        now,
        key: Some(&req.key),
        pickup_on,
    };
    let id = match insert_claim(&mut tx, claim).await {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            return existing_claim(db, shop_id, req).await?.ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
    };
    for ev in &req.evidence {
        let done = sqlx::query("UPDATE evidence SET claim_id = $1 WHERE id = $2 AND shop_id = $3 AND claim_id IS NULL")
            .bind(id)
            .bind(ev)
            .bind(shop_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::Invalid(Invalid::Photo));
        }
    }
    let detail = format!("#{id} {} {amount}", kind_code(kind));
    let action = crate::sales::AuditAction::ClaimFiled;
    crate::sales::record_salesperson_once(&mut tx, user, shop_id, action, &detail, Some(req.order_id)).await?;
    tx.commit().await?;
    existing_claim(db, shop_id, req).await?.ok_or(AppError::Internal)
}

/// A claim with its facts, product and evidence, and the shop it belongs to (for the caller to
/// authorise).
pub async fn detail(db: &Db, claim_id: i64) -> Result<Option<super::ClaimDetail>, AppError> {
    let rows = sqlx::query_as(&format!("SELECT {SUMMARY_COLS} FROM claims WHERE id = $1"))
        .bind(claim_id)
        .fetch_all(db)
        .await?;
    let Some(summary) = summaries(rows)?.pop() else { return Ok(None) };
    #[derive(FromRow)]
    struct DetailRow {
        shop_id: i64,
        shop_name: String,
        line_no: Option<i64>,
        details: String,
        pickup_on: Option<String>,
        decided_ms: Option<i64>,
        name_zh: String,
        name_en: String,
    }
    let r: DetailRow = sqlx::query_as(
        "SELECT c.shop_id, s.name AS shop_name, c.line_no, c.details, c.pickup_on, c.decided_ms,
                COALESCE(l.name_zh, '') AS name_zh, COALESCE(l.name_en, '') AS name_en
         FROM claims c JOIN shops s ON s.id = c.shop_id
         LEFT JOIN order_lines l ON l.order_id = c.order_id AND l.line_no = c.line_no
         WHERE c.id = $1",
    )
    .bind(claim_id)
    .fetch_one(db)
    .await?;
    let evidence = sqlx::query_scalar("SELECT id FROM evidence WHERE claim_id = $1 ORDER BY created_ms, id")
        .bind(claim_id)
        .fetch_all(db)
        .await?;
    Ok(Some(super::ClaimDetail {
        summary,
        shop_id: r.shop_id,
        shop_name: r.shop_name,
        line_no: r.line_no,
        product_name_zh: r.name_zh,
        product_name_en: r.name_en,
        facts: serde_json::from_str(&r.details).ok(),
        evidence,
        pickup_on: r.pickup_on.as_deref().and_then(Date::parse),
        decided_ms: r.decided_ms,
        delivery_photo: None,
    }))
}

/// Slow-seller returns waiting for the courier, soonest first (the dispatcher's list).
pub async fn pickups(db: &Db) -> Result<Vec<super::ClaimDetail>, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM claims WHERE status = 'pickup_scheduled' ORDER BY pickup_on, created_ms LIMIT 200",
    )
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(d) = detail(db, id).await? {
            out.push(d);
        }
    }
    Ok(out)
}

/// The courier has the goods: the claim moves on to review (approval then pays it).
pub async fn collected(db: &Db, claim_id: i64, actor: i64) -> Result<ClaimSummary, AppError> {
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE claims SET status = 'collected', decided_by = $1 WHERE id = $2 AND status = 'pickup_scheduled'",
    )
    .bind(actor)
    .bind(claim_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let rows = sqlx::query_as(&format!("SELECT {SUMMARY_COLS} FROM claims WHERE id = $1"))
        .bind(claim_id)
        .fetch_all(db)
        .await?;
    match (done.rows_affected(), summaries(rows)?.pop()) {
        (1, Some(s)) => Ok(s),
        (_, Some(_)) => Err(AppError::AlreadyDecided),
        (_, None) => Err(AppError::NotFound),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The photo already stored under this device key, if any: its id when the bytes are the same
/// (an upload sent again), `EvidenceKeyReused` when they differ.
async fn evidence_by_key<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    exec: E,
    dir: &std::path::Path,
    shop_id: i64,
    key: &str,
    hash: &str,
) -> Result<Option<i64>, AppError> {
    let row: Option<(i64, Option<String>, String)> =
        sqlx::query_as("SELECT id, sha256, file_name FROM evidence WHERE shop_id = $1 AND client_key = $2")
            .bind(shop_id)
            .bind(key)
            .fetch_optional(exec)
            .await?;
    let Some((id, stored, file_name)) = row else {
        return Ok(None);
    };
    let stored = match stored {
        Some(h) => h,
        // Stored before hashes were kept: hash the file.
        None => match tokio::fs::read(dir.join(file_name)).await {
            Ok(bytes) => sha256_hex(&bytes),
            Err(_) => String::new(),
        },
    };
    if stored == hash {
        Ok(Some(id))
    } else {
        Err(AppError::EvidenceKeyReused)
    }
}

/// Stores an evidence photo for a shop under a generated name, once per device key. Returns its id.
/// The same key with other bytes is refused (`EvidenceKeyReused`); a new photo past the shop's
/// quota (`evidence::MAX_UNATTACHED` waiting photos, `evidence::MAX_BYTES_PER_DAY`) is refused
/// with `PhotoQuota`. The key, the quota and the insert are one write transaction, so on SQLite
/// (the writer turn) two uploads cannot both pass the quota; on PostgreSQL concurrent uploads of
/// one shop can pass it by at most their number.
pub async fn store_evidence(
    db: &Db,
    dir: &std::path::Path,
    shop: ActingShop,
    actor: i64,
    key: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    let shop_id = shop.id();
    let hash = sha256_hex(bytes);
    let mut tx = db.write().await?;
    if let Some(id) = evidence_by_key(&mut *tx, dir, shop_id, key, &hash).await? {
        return Ok(id);
    }
    let now = now_ms();
    let day_ago = now - 86_400_000;
    let (waiting, used): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN claim_id IS NULL AND order_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS waiting,
                CAST(COALESCE(SUM(bytes), 0) AS BIGINT) AS bytes
         FROM evidence WHERE shop_id = $1 AND created_ms > $2",
    )
    .bind(shop_id)
    .bind(day_ago)
    .fetch_one(&mut *tx)
    .await?;
    if waiting >= super::evidence::MAX_UNATTACHED || used + bytes.len() as i64 > super::evidence::MAX_BYTES_PER_DAY {
        tracing::warn!(shop_id, waiting, used, "evidence quota reached");
        return Err(AppError::PhotoQuota);
    }
    let id = new_id();
    let ext = content_type.rsplit('/').next().unwrap_or("bin");
    let file_name = format!("{:016x}{:016x}.{ext}", rand::random::<u64>(), rand::random::<u64>());
    tokio::fs::create_dir_all(dir).await.map_err(|e| {
        tracing::error!(error = %e, dir = %dir.display(), "evidence directory");
        AppError::Internal
    })?;
    tokio::fs::write(dir.join(&file_name), bytes).await.map_err(|e| {
        tracing::error!(error = %e, "evidence write");
        AppError::Internal
    })?;
    let inserted = sqlx::query(
        "INSERT INTO evidence (id, shop_id, claim_id, client_key, file_name, content_type, bytes, created_by, created_ms, sha256)
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(shop_id)
    .bind(key)
    .bind(&file_name)
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(actor)
    .bind(now)
    .bind(&hash)
    .execute(&mut *tx)
    .await;
    let inserted = match inserted {
        Ok(_) => tx.commit().await,
        Err(e) => Err(e),
    };
    match inserted {
        Ok(()) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            // The same key arrived twice at once (another instance): the first one stored decides.
            let _ = tokio::fs::remove_file(dir.join(&file_name)).await;
            evidence_by_key(db, dir, shop_id, key, &hash).await?.ok_or(AppError::Internal)
        }
        Err(e) => {
            let _ = tokio::fs::remove_file(dir.join(&file_name)).await;
            Err(e.into())
        }
    }
}

/// Keeps one of the shop's uploaded photos as an order's proof of delivery: it must be the shop's,
/// and not already part of a claim or of another delivery.
pub async fn keep_for_delivery(tx: &mut WriteTx, shop_id: i64, photo: i64, order_id: i64) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE evidence SET order_id = $1 WHERE id = $2 AND shop_id = $3 AND claim_id IS NULL AND order_id IS NULL",
    )
    .bind(order_id)
    .bind(photo)
    .bind(shop_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Invalid(crate::error::Invalid::Photo));
    }
    Ok(())
}

/// Deletes photos uploaded more than a day before `now` and never attached to a claim: the row,
/// then the file. Safe with several instances sweeping at once and with a claim being filed
/// meanwhile: the row is deleted only while still unattached, and only the sweep whose delete
/// took the row removes the file. Returns how many went.
pub async fn sweep_unattached_evidence(db: &Db, dir: &std::path::Path, now: i64) -> Result<u64, AppError> {
    let stale: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, file_name FROM evidence WHERE claim_id IS NULL AND order_id IS NULL AND created_ms < $1
         ORDER BY created_ms LIMIT 1000",
    )
    .bind(now - 86_400_000)
    .fetch_all(db)
    .await?;
    let mut gone = 0;
    for (id, file) in stale {
        let mut tx = db.write().await?;
        let deleted = sqlx::query("DELETE FROM evidence WHERE id = $1 AND claim_id IS NULL AND order_id IS NULL")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        if deleted == 1 {
            gone += 1;
            match tokio::fs::remove_file(dir.join(&file)).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!(error = %e, file, "unattached evidence file not removed"),
            }
        }
    }
    Ok(gone)
}

/// Where an evidence photo is and whose it is: (shop, claim, delivered order, file name, content
/// type).
#[allow(clippy::type_complexity)] // one row, read once, destructured at its only caller
pub async fn evidence_file(
    db: &Db,
    id: i64,
) -> Result<Option<(i64, Option<i64>, Option<i64>, String, String)>, AppError> {
    let q = sqlx::query_as("SELECT shop_id, claim_id, order_id, file_name, content_type FROM evidence WHERE id = $1");
    Ok(q.bind(id).fetch_optional(db).await?)
}

/// The 迟就赔 credits of these orders, as (order id, amount), for those that have one.
pub async fn late_credits(db: &Db, order_ids: &[i64]) -> Result<Vec<(i64, Fen)>, AppError> {
    use crate::server::db::{id_chunks, id_placeholders};
    let mut credits = Vec::new();
    for chunk in id_chunks(order_ids) {
        let sql = format!(
            "SELECT order_id, amount_fen FROM claims WHERE kind = 'late_delivery' AND order_id IN ({})",
            id_placeholders(1)
        );
        let mut q = sqlx::query_as::<_, (i64, Fen)>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        credits.extend(q.fetch_all(db).await?);
    }
    Ok(credits)
}
