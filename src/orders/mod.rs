//! Orders: pricing and promise rules (shared), placement with an idempotency key and atomic stock
//! reservation, the orders list and page, cancel and order-again.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod lifecycle;
pub mod rules;
pub mod similar;
pub mod suggest;
#[cfg(feature = "csr")]
pub mod views;

/// What other features may use of the orders' database code (the rest of `db` is the orders'
/// own): an order's summary, the lists dispatchers and salespeople see, the one cancel path, one
/// lifecycle step and the order's line numbers inside the caller's write transaction, and the kind
/// of a promotion row.
#[cfg(feature = "ssr")]
pub(crate) use db::{
    at_the_warehouse, by_status, cancel, due_by, history, keep_delivery_photo, line_numbers, list, promo_kind, step,
    summary,
};

/// The promotions live for a shop on a day, as SQL (`$1` the day, `$2` the shop): started, not
/// ended, for every shop or this one, and with budget left. Every read of running promotions
/// (pricing, the catalogue's tags, the shop's featured strip) uses it.
pub const LIVE_PROMOTION: &str = "starts_on <= $1 AND ends_on >= $1 AND (shop_id IS NULL OR shop_id = $2)
     AND (budget_fen IS NULL OR spent_fen < budget_fen)";

use crate::dates::Date;
use crate::i18n::K;
use crate::money::Fen;
use rules::{LineProblem, PricedLine};
use serde::{Deserialize, Serialize};

/// One line of a cart sent to the server: the product, the cases, and the case price the shop saw
/// (an order sent later from the outbox is refused if the price rose since).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRequest {
    pub product_id: i64,
    pub cases: i64,
    pub seen_case_price: Fen,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    /// Made on the device when "place order" was tapped.
    pub key: String,
    /// The shop ordered for: ignored for owners (their own shop), required for salespeople.
    pub shop_id: Option<i64>,
    pub lines: Vec<LineRequest>,
    pub use_balance: bool,
}

/// The server's pricing of one cart line, right now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub product_id: i64,
    pub result: Result<PricedLine, LineProblem>,
    pub stock_cases: i64,
}

/// What checkout shows: the server's prices, the minimum, the balance and the promised date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    pub goods: Fen,
    pub shortfall: Option<Fen>,
    pub balance: Fen,
    pub balance_used: Fen,
    pub payable: Fen,
    pub promised_on: Date,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    Placed,
    Confirmed,
    Picking,
    Dispatched,
    OutForDelivery,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Placed,
        OrderStatus::Confirmed,
        OrderStatus::Picking,
        OrderStatus::Dispatched,
        OrderStatus::OutForDelivery,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Picking => "picking",
            OrderStatus::Dispatched => "dispatched",
            OrderStatus::OutForDelivery => "out_for_delivery",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The shop may cancel until the order is dispatched.
    pub fn can_cancel(self) -> bool {
        matches!(self, OrderStatus::Placed | OrderStatus::Confirmed | OrderStatus::Picking)
    }

    pub fn label(self) -> K {
        match self {
            OrderStatus::Placed => K::StatusPlaced,
            OrderStatus::Confirmed => K::StatusConfirmed,
            OrderStatus::Picking => K::StatusPicking,
            OrderStatus::Dispatched => K::StatusDispatched,
            OrderStatus::OutForDelivery => K::StatusOutForDelivery,
            OrderStatus::Delivered => K::StatusDelivered,
            OrderStatus::Cancelled => K::StatusCancelled,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    /// The key: too long to read out on the phone (`number` is for people). A string in JSON.
    #[serde(with = "crate::id")]
    pub id: i64,
    /// For people: the shop's 1st, 2nd, … order ("订单号 12").
    pub number: i64,
    pub shop_id: i64,
    pub shop_name: String,
    /// Where it goes and whom to call (the dispatcher's and the driver's rows).
    pub shop_address: String,
    pub shop_phone: String,
    pub status: OrderStatus,
    pub goods: Fen,
    pub balance_used: Fen,
    pub payable: Fen,
    pub promised_on: Date,
    pub created_ms: i64,
    pub cases: i64,
    /// Who placed it: the owner, or a salesperson on the shop's behalf.
    pub placed_by: String,
    pub placed_by_salesperson: bool,
    /// The driver, once dispatched, and their phone (empty for a name the warehouse does not list).
    pub driver: String,
    pub driver_phone: String,
    /// The photo taken at the door when the shop signed (proof of delivery), if one was.
    #[serde(default, with = "crate::id::opt")]
    pub delivery_photo: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrderLine {
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub pack_size: i64,
    pub cases: i64,
    pub free_cases: i64,
    pub case_price: Fen,
    pub total: Fen,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub status: OrderStatus,
    pub actor: String,
    pub at_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub lines: Vec<OrderLine>,
    pub events: Vec<OrderEvent>,
}
