//! Claims in the database. Late-delivery claims are filed by the server itself: a sweep finds
//! orders whose promised day ended undelivered and files, approves and pays each exactly once (a
//! unique index makes a second filing impossible, whichever server instance tries).

use super::rules::{self, Guarantee};
use super::{ClaimStatus, ClaimSummary, LedgerEntry};
use crate::dates::Date;
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::{new_id, now_ms, Db};
use sqlx::Row;

pub fn kind_code(g: Guarantee) -> &'static str {
    match g {
        Guarantee::PriceMatch => "price_match",
        Guarantee::LateDelivery => "late_delivery",
        Guarantee::Expiry => "expiry",
        Guarantee::SlowSeller => "slow_seller",
        Guarantee::Quality => "quality",
        Guarantee::ShortDelivery => "short_delivery",
    }
}

fn kind_of(code: &str) -> Option<Guarantee> {
    [Guarantee::PriceMatch, Guarantee::LateDelivery, Guarantee::Expiry, Guarantee::SlowSeller, Guarantee::Quality, Guarantee::ShortDelivery]
        .into_iter()
        .find(|g| kind_code(*g) == code)
}

/// Files, approves and pays the late-delivery claims now due. Returns how many this call filed.
#[tracing::instrument(skip(db))]
pub async fn file_late_claims(db: &Db, now: i64) -> Result<usize, AppError> {
    // Candidates: promised on a day before today in China, not cancelled, no late claim yet. The
    // exact rule (the promised day has ended, local time) is applied below.
    let today = Date::local_of(now, 480).to_string();
    let rows = sqlx::query(
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
        let promised = Date::parse(&r.try_get::<String, _>("promised_on")?).ok_or(AppError::Internal)?;
        let offset: i64 = r.try_get("utc_offset_minutes")?;
        let deadline = promised.end_utc_ms(offset);
        let delivered_ms: Option<i64> = r.try_get("delivered_ms")?;
        // Undelivered when the day ended, or delivered only after it ended (a sweep that missed it).
        let late = match delivered_ms {
            Some(at) => at >= deadline,
            None => rules::is_late(promised, false, false, now, offset),
        };
        if !late {
            continue;
        }
        let (order_id, shop_id): (i64, i64) = (r.try_get("id")?, r.try_get("shop_id")?);
        let amount = rules::late_delivery(Fen(r.try_get("goods_fen")?));
        let claim_id = new_id();
        let mut tx = db.begin().await?;
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
        sqlx::query("INSERT INTO ledger (id, shop_id, amount_fen, kind, order_id, claim_id, note, created_ms) VALUES ($1, $2, $3, 'claim', $4, $5, 'late_delivery', $6)")
            .bind(new_id())
            .bind(shop_id)
            .bind(amount.0)
            .bind(order_id)
            .bind(claim_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(order_id, amount = amount.0, "late delivery compensated");
        filed += 1;
    }
    Ok(filed)
}

pub async fn list_for_shop(db: &Db, shop_id: i64) -> Result<Vec<ClaimSummary>, AppError> {
    let rows = sqlx::query("SELECT id, order_id, kind, status, units, amount_fen, reason, created_ms FROM claims WHERE shop_id = $1 ORDER BY created_ms DESC LIMIT 200")
        .bind(shop_id)
        .fetch_all(db)
        .await?;
    summaries(&rows)
}

/// Claims waiting for a reviewer, oldest first.
pub async fn review_queue(db: &Db) -> Result<Vec<ClaimSummary>, AppError> {
    let rows = sqlx::query(
        "SELECT id, order_id, kind, status, units, amount_fen, reason, created_ms FROM claims
         WHERE status IN ('submitted', 'in_review', 'collected') ORDER BY created_ms LIMIT 200",
    )
    .fetch_all(db)
    .await?;
    summaries(&rows)
}

/// A reviewer's decision. Approving pays the amount the rules computed when the claim was filed
/// (there is no way to pay more) into the shop's ledger, in the same transaction, once: the update
/// only applies to a claim still waiting. Rejecting needs a reason, which the shop sees.
pub async fn decide(db: &Db, claim_id: i64, reviewer: i64, approve: bool, reason: &str) -> Result<ClaimSummary, AppError> {
    let now = now_ms();
    if !approve && reason.trim().is_empty() {
        return Err(AppError::Invalid(crate::error::Invalid::Reason));
    }
    let mut tx = db.begin().await?;
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
        let exists = sqlx::query("SELECT 1 AS x FROM claims WHERE id = $1").bind(claim_id).fetch_optional(&mut *tx).await?;
        return Err(if exists.is_some() { AppError::AlreadyDecided } else { AppError::NotFound });
    }
    if approve {
        let r = sqlx::query("SELECT shop_id, order_id, amount_fen FROM claims WHERE id = $1").bind(claim_id).fetch_one(&mut *tx).await?;
        sqlx::query("INSERT INTO ledger (id, shop_id, amount_fen, kind, order_id, claim_id, note, created_ms) VALUES ($1, $2, $3, 'claim', $4, $5, '', $6)")
            .bind(new_id())
            .bind(r.try_get::<i64, _>("shop_id")?)
            .bind(r.try_get::<i64, _>("amount_fen")?)
            .bind(r.try_get::<i64, _>("order_id")?)
            .bind(claim_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    let row = sqlx::query("SELECT id, order_id, kind, status, units, amount_fen, reason, created_ms FROM claims WHERE id = $1")
        .bind(claim_id)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    summaries(&row)?.pop().ok_or(AppError::Internal)
}

fn summaries(rows: &[sqlx::any::AnyRow]) -> Result<Vec<ClaimSummary>, AppError> {
    rows.iter()
        .map(|r| {
            Ok(ClaimSummary {
                id: r.try_get("id")?,
                order_id: r.try_get("order_id")?,
                kind: kind_of(&r.try_get::<String, _>("kind")?).ok_or(AppError::Internal)?,
                status: ClaimStatus::from_code(&r.try_get::<String, _>("status")?).ok_or(AppError::Internal)?,
                units: r.try_get("units")?,
                amount: Fen(r.try_get("amount_fen")?),
                reason: r.try_get("reason")?,
                created_ms: r.try_get("created_ms")?,
            })
        })
        .collect()
}

pub async fn ledger(db: &Db, shop_id: i64) -> Result<Vec<LedgerEntry>, AppError> {
    let rows = sqlx::query("SELECT amount_fen, kind, order_id, created_ms FROM ledger WHERE shop_id = $1 ORDER BY created_ms DESC, id LIMIT 200")
        .bind(shop_id)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(LedgerEntry {
                amount: Fen(r.try_get("amount_fen")?),
                kind: r.try_get("kind")?,
                order_id: r.try_get("order_id")?,
                at_ms: r.try_get("created_ms")?,
            })
        })
        .collect()
}

/// Sweeps for late orders now and then every `every` (and at start, for what came due while no
/// server was running). Safe to run on every instance.
pub fn spawn_late_sweeper(db: Db, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = file_late_claims(&db, now_ms()).await {
                tracing::warn!(error = %e, "late-delivery sweep failed");
            }
        }
    });
}
