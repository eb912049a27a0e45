//! Delivery: the dispatcher moving orders through picking, dispatch and delivery, and the shop
//! signing for what arrived (the lifecycle's rules are in `orders::lifecycle`).

/// The longest driver name or note a dispatcher may give an order.
pub const DRIVER_MAX_CHARS: usize = 50;

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(all(feature = "csr", feature = "staff"))]
pub mod dispatch_views;
pub mod receipt;
#[cfg(feature = "csr")]
pub mod receipt_store;
#[cfg(feature = "csr")]
pub mod views;

/// Units received in good order on one line of a delivery (lines numbered from 1, as the order
/// lists them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Received {
    pub line_no: i64,
    pub units: i64,
}

/// An order due today or past its promised day, for the dispatcher: with the 迟就赔 credit already
/// paid to the shop when the promised day ended without delivery.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LateOrder {
    #[serde(flatten)]
    pub order: crate::orders::OrderSummary,
    pub compensated: Option<crate::money::Fen>,
}

/// One of the warehouse's drivers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Driver {
    pub name: String,
    pub phone: String,
}
