//! Moving orders along: the dispatcher's steps, and the shop signing for a delivery after checking
//! it line by line (missing or damaged units become claims right there). Delivery owns no table:
//! each step is one write transaction made of the orders' step, the claims' short-delivery claims
//! and the salesperson's audit entry, through those features' surfaces.

use super::Received;
use crate::account::{Role, SessionUser};
use crate::error::AppError;
use crate::orders::{OrderStatus, OrderSummary};
use crate::sales::AuditAction;
use crate::server::db::{now_ms, Db};
use crate::server::session::ActingShop;

/// Moves an order one legal step (the lifecycle's rules), recording who and when. The step only
/// applies if the order is still where it was read, so two dispatchers cannot both move it.
/// Cancelling goes through the orders' one cancel path, which returns the stock and the balance.
/// A salesperson's delivery or cancellation goes in the shop's audit trail with it.
pub async fn advance(
    db: &Db,
    order_id: i64,
    to: OrderStatus,
    user: &SessionUser,
    driver: Option<String>,
) -> Result<OrderSummary, AppError> {
    let current = crate::orders::summary(db, order_id).await?.ok_or(AppError::NotFound)?;
    crate::orders::lifecycle::check(current.status, to, user.role).map_err(AppError::Step)?;
    if to == OrderStatus::Cancelled {
        return crate::orders::cancel(db, current.shop_id, order_id, user).await;
    }
    let mut tx = db.write().await?;
    crate::orders::step(&mut tx, order_id, current.status, to, user.user_id, driver).await?;
    if to == OrderStatus::Delivered {
        let detail = format!("#{order_id}");
        let action = AuditAction::DeliverySigned;
        crate::sales::record_salesperson_once(&mut tx, user, current.shop_id, action, &detail, Some(order_id)).await?;
    }
    tx.commit().await?;
    crate::orders::summary(db, order_id).await?.ok_or(AppError::Internal)
}

/// The shop signs for a delivery: the order becomes delivered and every line received short (or
/// damaged) becomes a short-delivery claim for the missing units, priced by the rules, submitted
/// for review. A photo taken at the door (already uploaded by the shop) is kept as the proof of
/// delivery. One transaction: signing, its photo, its claims and the audit entry happen together or
/// not at all.
pub async fn sign(
    db: &Db,
    shop: ActingShop,
    order_id: i64,
    user: &SessionUser,
    received: &[Received],
    photo: Option<i64>,
) -> Result<(OrderSummary, Vec<i64>), AppError> {
    let now = now_ms();
    let current =
        crate::orders::summary(db, order_id).await?.filter(|o| o.shop_id == shop.id()).ok_or(AppError::NotFound)?;
    crate::orders::lifecycle::check(current.status, OrderStatus::Delivered, user.role).map_err(AppError::Step)?;
    let mut tx = db.write().await?;
    crate::orders::step(&mut tx, order_id, current.status, OrderStatus::Delivered, user.user_id, None).await?;
    if let Some(photo) = photo {
        crate::claims::keep_for_delivery(&mut tx, current.shop_id, photo, order_id).await?;
        crate::orders::keep_delivery_photo(&mut tx, order_id, photo).await?;
    }
    let mut claims = Vec::new();
    for line_no in crate::orders::line_numbers(&mut tx, order_id).await? {
        let Some(r) = received.iter().find(|r| r.line_no == line_no) else { continue };
        let filed =
            crate::claims::file_short_delivery(&mut tx, current.shop_id, order_id, line_no, r.units, user.user_id, now)
                .await?;
        claims.extend(filed);
    }
    let detail = format!("#{order_id}");
    let action = AuditAction::DeliverySigned;
    crate::sales::record_salesperson_once(&mut tx, user, current.shop_id, action, &detail, Some(order_id)).await?;
    tx.commit().await?;
    Ok((crate::orders::summary(db, order_id).await?.ok_or(AppError::Internal)?, claims))
}

/// The demo and test simulation: moves every order on the warehouse side one step (confirmed →
/// picking → dispatched → out for delivery), as the first dispatcher, so that a new user sees
/// deliveries happen. Signing stays the shop's. Returns how many orders moved.
pub async fn simulate_step(db: &Db) -> Result<usize, AppError> {
    let Some(dispatcher) = crate::account::first_with_role(db, Role::Dispatcher).await? else {
        return Ok(0);
    };
    let mut moved = 0;
    for (id, from) in crate::orders::at_the_warehouse(db, 500).await? {
        let Some(to) = crate::orders::lifecycle::next_for_warehouse(from) else { continue };
        let driver = (to == OrderStatus::Dispatched).then(|| "模拟司机 Demo driver".to_owned());
        // Another instance or a person may have moved it meanwhile: that is not an error here.
        if advance(db, id, to, &dispatcher, driver).await.is_ok() {
            moved += 1;
        }
    }
    Ok(moved)
}

/// The warehouse's drivers, for the dispatcher to choose from (delivery owns this table).
pub async fn drivers(db: &Db) -> Result<Vec<super::Driver>, AppError> {
    #[derive(sqlx::FromRow)]
    struct DriverRow {
        name: String,
        phone: String,
    }
    let rows: Vec<DriverRow> =
        sqlx::query_as("SELECT name, phone FROM drivers ORDER BY warehouse_id, id LIMIT 200").fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| super::Driver { name: r.name, phone: r.phone }).collect())
}
