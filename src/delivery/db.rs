//! Moving orders along: the dispatcher's queue and steps, and the shop signing for a delivery
//! after checking it line by line (missing or damaged units become claims right there).

use super::Received;
use crate::error::AppError;
use crate::orders::db::{append_event, summary, summary_row, SUMMARY_SQL};
use crate::orders::{OrderStatus, OrderSummary};
use crate::server::db::{now_ms, Db};
use sqlx::Row;

/// Moves an order one legal step (the lifecycle's rules), recording who and when. The update only
/// applies if the order is still where it was read, so two dispatchers cannot both move it.
/// Cancelling goes through `orders::db::cancel`, which returns the stock and the balance.
pub async fn advance(
    db: &Db,
    order_id: i64,
    to: OrderStatus,
    actor: i64,
    role: crate::account::Role,
    driver: Option<String>,
) -> Result<OrderSummary, AppError> {
    let now = now_ms();
    let current = summary(db, order_id).await?.ok_or(AppError::NotFound)?;
    crate::orders::lifecycle::check(current.status, to, role).map_err(AppError::Step)?;
    if to == OrderStatus::Cancelled {
        // Cancelling returns the stock and the balance: the orders' one cancel path.
        return crate::orders::db::cancel(db, current.shop_id, order_id, actor).await;
    }
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE orders SET status = $1, delivered_ms = CASE WHEN $1 = 'delivered' THEN $2 ELSE delivered_ms END,
                driver = CASE WHEN $3 = '' THEN driver ELSE $3 END
         WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(now)
    .bind(driver.unwrap_or_default())
    .bind(order_id)
    .bind(current.status.code())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Step(crate::orders::lifecycle::TransitionError::Illegal { from: current.status, to }));
    }
    append_event(&mut tx, order_id, to, actor, now).await?;
    tx.commit().await?;
    summary(db, order_id).await?.ok_or(AppError::Internal)
}

/// Orders in a status, across shops, oldest promise first (the dispatcher's queue).
pub async fn queue(db: &Db, status: OrderStatus, limit: i64) -> Result<Vec<OrderSummary>, AppError> {
    let rows = sqlx::query(&format!("{SUMMARY_SQL} WHERE o.status = $1 ORDER BY o.promised_on, o.created_ms LIMIT $2"))
        .bind(status.code())
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter().map(summary_row).collect()
}

/// The shop signs for a delivery: the order becomes delivered and every line received short (or
/// damaged) becomes a short-delivery claim for the missing units, priced by the rules, submitted
/// for review. One transaction: signing and its claims happen together or not at all.
pub async fn sign(
    db: &Db,
    order_id: i64,
    actor: i64,
    role: crate::account::Role,
    received: &[Received],
) -> Result<(OrderSummary, Vec<i64>), AppError> {
    use crate::claims::db::{insert_claim, price_on_line, NewClaim};
    use crate::claims::rules::Ask;
    let now = now_ms();
    let current = summary(db, order_id).await?.ok_or(AppError::NotFound)?;
    crate::orders::lifecycle::check(current.status, OrderStatus::Delivered, role).map_err(AppError::Step)?;
    let mut tx = db.write().await?;
    let done = sqlx::query("UPDATE orders SET status = 'delivered', delivered_ms = $1 WHERE id = $2 AND status = $3")
        .bind(now)
        .bind(order_id)
        .bind(current.status.code())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Step(crate::orders::lifecycle::TransitionError::Illegal {
            from: current.status,
            to: OrderStatus::Delivered,
        }));
    }
    append_event(&mut tx, order_id, OrderStatus::Delivered, actor, now).await?;
    let lines = sqlx::query("SELECT line_no FROM order_lines WHERE order_id = $1 ORDER BY line_no")
        .bind(order_id)
        .fetch_all(&mut *tx)
        .await?;
    let mut claims = Vec::new();
    for l in &lines {
        let line_no: i64 = l.try_get("line_no")?;
        let Some(r) = received.iter().find(|r| r.line_no == line_no) else { continue };
        // Priced and recorded as every claim on a line is (what earlier claims took included).
        let ask = Ask::ShortDelivery { units_received: r.units };
        let taken = match price_on_line(&mut tx, current.shop_id, order_id, line_no, &ask, now).await {
            Ok(taken) => taken,
            // Nothing missing on this line.
            Err(AppError::ClaimRefused(_)) => continue,
            Err(e) => return Err(e),
        };
        let claim = NewClaim {
            shop_id: current.shop_id,
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
        claims.push(insert_claim(&mut tx, claim).await?);
    }
    tx.commit().await?;
    Ok((summary(db, order_id).await?.ok_or(AppError::Internal)?, claims))
}

/// Orders whose promised day has ended (or ends today) without delivery, across shops, most
/// overdue first: the dispatcher's view of what is late or about to be.
pub async fn late(db: &Db, today: crate::dates::Date, limit: i64) -> Result<Vec<OrderSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "{SUMMARY_SQL} WHERE o.promised_on <= $1 AND o.status NOT IN ('delivered', 'cancelled', 'pending') ORDER BY o.promised_on, o.created_ms LIMIT $2"
    ))
    .bind(today.to_string())
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter().map(summary_row).collect()
}

/// The demo and test simulation: moves every order on the warehouse side one step (confirmed →
/// picking → dispatched → out for delivery), as the first dispatcher, so that a new user sees
/// deliveries happen. Signing stays the shop's. Returns how many orders moved.
pub async fn simulate_step(db: &Db) -> Result<usize, AppError> {
    let Some(dispatcher) =
        sqlx::query("SELECT id FROM users WHERE role = 'dispatcher' ORDER BY id LIMIT 1").fetch_optional(db).await?
    else {
        return Ok(0);
    };
    let actor: i64 = dispatcher.try_get("id")?;
    let rows = sqlx::query("SELECT id, status FROM orders WHERE status IN ('confirmed', 'picking', 'dispatched') ORDER BY created_ms LIMIT 500")
        .fetch_all(db)
        .await?;
    let mut moved = 0;
    for r in rows {
        let Some(from) = OrderStatus::from_code(&r.try_get::<String, _>("status")?) else { continue };
        let Some(to) = crate::orders::lifecycle::next_for_warehouse(from) else { continue };
        let driver = (to == OrderStatus::Dispatched).then(|| "模拟司机 Demo driver".to_owned());
        // Another instance or a person may have moved it meanwhile: that is not an error here.
        if advance(db, r.try_get("id")?, to, actor, crate::account::Role::Dispatcher, driver).await.is_ok() {
            moved += 1;
        }
    }
    Ok(moved)
}

pub fn spawn_simulation(db: Db, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match simulate_step(&db).await {
                Ok(n) if n > 0 => tracing::info!(moved = n, "simulated delivery steps"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "delivery simulation failed"),
            }
        }
    });
}
