//! The shops' ledger and the shop lock (server only). A shop's balance is the sum of its ledger and
//! changes only by an entry posted here, inside the write transaction of what caused it: a
//! checkout that used the balance, the cancellation that gives it back, a claim that pays. The
//! shop lock orders one shop's checkouts and claims on PostgreSQL (SQLite's writer turn already
//! does); both are taken here so that the ledger's rules live in one place.

use crate::claims::LedgerEntry;
use crate::error::AppError;
use crate::money::Fen;
use crate::server::db::{new_id, Db, WriteTx};
use sqlx::Any;

/// Why a shop's balance moves.
#[derive(Clone, Copy, Debug)]
pub enum Posting<'a> {
    /// Checkout used this much of the balance on the order.
    Checkout { order_id: i64, used: Fen },
    /// A cancelled order gives back what its checkout used.
    Refund { order_id: i64, amount: Fen },
    /// A claim pays the shop (`note`: what the shop sees beside it, e.g. `late_delivery`).
    Claim { order_id: i64, claim_id: i64, amount: Fen, note: &'a str },
}

/// Takes the shop's row lock for the rest of the transaction: another checkout or claim of the
/// same shop waits here (PostgreSQL) until this transaction ends, so what it reads (the balance,
/// what a line's claims took) cannot change under it.
pub(crate) async fn lock_shop(tx: &mut WriteTx, shop_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE shops SET lock_version = lock_version + 1 WHERE id = $1")
        .bind(shop_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Posts one entry to the shop's ledger.
pub(crate) async fn post(tx: &mut WriteTx, shop_id: i64, posting: Posting<'_>, now: i64) -> Result<(), AppError> {
    let (amount, kind, order_id, claim_id, note) = match posting {
        Posting::Checkout { order_id, used } => (Fen(-used.0), "checkout", order_id, None, ""),
        Posting::Refund { order_id, amount } => (amount, "refund", order_id, None, ""),
        Posting::Claim { order_id, claim_id, amount, note } => (amount, "claim", order_id, Some(claim_id), note),
    };
    sqlx::query(
        "INSERT INTO ledger (id, shop_id, amount_fen, kind, order_id, claim_id, note, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(shop_id)
    .bind(amount)
    .bind(kind)
    .bind(order_id)
    .bind(claim_id)
    .bind(note)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The shop's balance: the sum of its ledger (read inside a write transaction, after `lock_shop`,
/// when it decides something).
pub(crate) async fn balance<'e, E: sqlx::Executor<'e, Database = Any>>(exec: E, shop_id: i64) -> Result<Fen, AppError> {
    // CAST: PostgreSQL sums BIGINTs into NUMERIC.
    let sum = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM ledger WHERE shop_id = $1");
    Ok(sum.bind(shop_id).fetch_one(exec).await?)
}

/// The shop's latest entries, newest first.
pub(crate) async fn entries(db: &Db, shop_id: i64) -> Result<Vec<LedgerEntry>, AppError> {
    Ok(sqlx::query_as(
        "SELECT amount_fen AS amount, kind, order_id, created_ms AS at_ms,
                (SELECT o.number FROM orders o WHERE o.id = ledger.order_id) AS order_number
         FROM ledger WHERE shop_id = $1 ORDER BY created_ms DESC, id LIMIT 200",
    )
    .bind(shop_id)
    .fetch_all(db)
    .await?)
}
