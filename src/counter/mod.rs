//! Counter sales (收银) and the shelf they leave: the shop owner scans what a customer buys at the
//! counter, the sale is kept on the phone and sent by an outbox like orders (sent twice, recorded
//! once), and from what was delivered minus what was sold the app knows each product's stock on
//! the shelf, how fast it sells, which delivered batches are still there and when they expire, and
//! what to reorder before it runs out.
//!
//! Types and the pure rules are shared: the counter page shows what the server will record and the
//! shelf the server computed with these same functions.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "csr")]
pub mod outbox;
#[cfg(feature = "csr")]
pub mod views;

/// What other features may use of the counter's database code: whether a shop uses the counter
/// and its shelf (the cart's suggested order reads its reorders), and what sold (the shop's numbers).
#[cfg(feature = "ssr")]
pub(crate) use db::{sells_at_counter, shelf, sold_in};

use crate::dates::Date;
use crate::error::{AppError, Invalid};
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// At most this many different products in one sale.
pub const MAX_LINES: usize = 60;
/// At most this many units of one product in one sale.
pub const MAX_UNITS: i64 = 999;
/// A sale kept on a phone that was offline can still be recorded this many days later.
pub const MAX_AGE_DAYS: i64 = 30;
/// A phone's clock may run this far ahead of the server's.
pub const MAX_AHEAD_MS: i64 = 10 * 60 * 1000;
/// Sell rates are read over the last this many days.
pub const RATE_DAYS: i64 = 28;
/// A reorder suggestion aims to cover this many days of sales beyond the delivery's lead time.
pub const COVER_DAYS: i64 = 7;
/// A batch expiring within this many days is shown as close to expiry.
pub const NEAR_EXPIRY_DAYS: i64 = 14;
/// A product with stock on the shelf and no sale in this many days is a slow seller.
pub const SLOW_DAYS: i64 = 14;
/// A shelf count is at most this many units.
pub const MAX_COUNT_UNITS: i64 = 99_999;
/// At most this many products on the shelf list (the shop's deliveries of the last months).
pub const MAX_SHELF: usize = 500;

/// One product of a sale: how many units left the shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLine {
    pub product_id: i64,
    pub units: i64,
}

/// A sale as the phone sends it. `key` is made on the phone when the sale is rung up; the server
/// records a key once per shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRequest {
    pub key: String,
    /// When the customer paid, by the phone's clock.
    pub sold_ms: i64,
    pub lines: Vec<SaleLine>,
}

/// What the server recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleReceipt {
    pub key: String,
    pub units: i64,
    /// At the makers' suggested retail prices (0 for products without one).
    pub retail: Fen,
}

/// Checks a sale as the server will, and merges lines of the same product (a product scanned
/// twice is one line). Any input gives an answer: never a panic, never an overflow.
pub fn check_sale(req: &SaleRequest, now_ms: i64) -> Result<Vec<SaleLine>, AppError> {
    crate::error::check_key(&req.key)?;
    if req.lines.is_empty() {
        return Err(AppError::Invalid(Invalid::EmptySale));
    }
    if req.lines.len() > MAX_LINES {
        return Err(AppError::Invalid(Invalid::SaleTooBig));
    }
    let oldest = now_ms.saturating_sub(MAX_AGE_DAYS * crate::dates::DAY_MS);
    if req.sold_ms > now_ms.saturating_add(MAX_AHEAD_MS) || req.sold_ms < oldest {
        return Err(AppError::Invalid(Invalid::SaleTime));
    }
    let mut merged: Vec<SaleLine> = Vec::with_capacity(req.lines.len());
    for l in &req.lines {
        if l.product_id <= 0 || l.units <= 0 {
            return Err(AppError::Invalid(Invalid::Quantity));
        }
        if l.units > MAX_UNITS {
            return Err(AppError::Invalid(Invalid::SaleTooBig));
        }
        match merged.iter_mut().find(|m| m.product_id == l.product_id) {
            Some(m) => m.units += l.units,
            None => merged.push(l.clone()),
        }
    }
    if merged.iter().any(|m| m.units > MAX_UNITS) {
        return Err(AppError::Invalid(Invalid::SaleTooBig));
    }
    merged.sort_by_key(|m| m.product_id);
    Ok(merged)
}

/// The retail value of a sale's lines at `retail_unit(product)` per unit (exact: at most 60 lines
/// of 999 units, each price clamped to ¥10 billion).
pub fn retail_value(lines: &[SaleLine], retail_unit: impl Fn(i64) -> Fen) -> Fen {
    let total: i128 = lines
        .iter()
        .map(|l| i128::from(l.units.clamp(0, MAX_UNITS)) * i128::from(retail_unit(l.product_id).0.clamp(0, MAX_FEN)))
        .sum();
    Fen(total.min(i128::from(i64::MAX)) as i64)
}

/// Prices and counts beyond these are not real and are clamped, so that no sum can overflow.
const MAX_FEN: i64 = 1_000_000_000_000;
const MAX_COUNT: i64 = 1_000_000_000;

fn real(v: i64) -> i64 {
    v.clamp(0, MAX_COUNT)
}

/// A product as the counter sold it over a period: units, and takings at its suggested price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSold {
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub units: i64,
    pub takings: Fen,
}

/// One delivery of a product still counted on the shelf: delivered on a day, how many units, and
/// the last day it keeps (its shelf life from the delivery day; None for goods that do not expire).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub line_no: i64,
    pub on: Date,
    pub units: i64,
    pub expires_on: Option<Date>,
}

/// A delivered batch with what is left of it once the units sold are taken from the oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub delivery: Delivered,
    pub left: i64,
}

/// What is left of each delivery after `sold` units went, oldest delivery first (first in, first
/// out). The batches left sum to `max(delivered − sold, 0)`; a batch never has more left than it
/// brought or less than nothing.
pub fn batches_left(deliveries: &[Delivered], sold: i64) -> Vec<Batch> {
    let mut sorted: Vec<&Delivered> = deliveries.iter().collect();
    sorted.sort_by_key(|d| (d.on, d.order_id, d.line_no));
    let mut to_take = real(sold);
    sorted
        .into_iter()
        .map(|d| {
            let units = real(d.units);
            let taken = to_take.min(units);
            to_take -= taken;
            Batch { delivery: d.clone(), left: units - taken }
        })
        .collect()
}

/// A product's stock on the shelf: the last count (if any) plus what was delivered since, less
/// what was sold since, never below 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stock {
    pub on_shelf: i64,
    /// Sold more than counted and delivered: stock from elsewhere, or sales not recorded earlier.
    pub oversold: i64,
    /// Of what was on the shelf or came in since the count, the share sold (‰).
    pub sell_through_permille: i64,
    /// Units sold per 1,000 days over the last `RATE_DAYS` (an integer rate: 3.5 a day is 3,500).
    pub per_kday: i64,
    /// Days until it runs out at that rate (None when it did not sell).
    pub days_left: Option<i64>,
}

/// The stock from a count (`counted`, 0 when never counted), the units delivered and sold since
/// it, and the units sold over the last `RATE_DAYS`.
pub fn stock(counted: i64, delivered: i64, sold: i64, sold_recent: i64) -> Stock {
    let had = real(counted) + real(delivered);
    let sold = real(sold);
    let on_shelf = (had - sold).max(0);
    let per_kday = real(sold_recent) * 1000 / RATE_DAYS;
    Stock {
        on_shelf,
        oversold: (sold - had).max(0),
        sell_through_permille: if had == 0 { 0 } else { sold.min(had) * 1000 / had },
        per_kday,
        days_left: (per_kday > 0).then(|| on_shelf * 1000 / per_kday),
    }
}

/// How many cases to reorder so that the shelf lasts the delivery's lead time and `COVER_DAYS`
/// more at the current rate: 0 when it does not sell or lasts that long already; otherwise at
/// least the product's minimum and at most its maximum order.
pub fn reorder_cases(s: &Stock, lead_days: i64, pack_size: i64, min_cases: i64, max_cases: i64) -> i64 {
    if s.per_kday == 0 || pack_size <= 0 {
        return 0;
    }
    let days = lead_days.clamp(0, 30) + COVER_DAYS;
    // Units needed over those days, rounded up (exact in i128: per_kday ≤ 10^12 / 28).
    let need = (i128::from(s.per_kday) * i128::from(days) + 999) / 1000 - i128::from(s.on_shelf);
    if need <= 0 {
        return 0;
    }
    let pack = i128::from(pack_size);
    let cases = ((need + pack - 1) / pack).min(i128::from(i64::MAX)) as i64;
    let (lo, hi) = (min_cases.max(1), max_cases.max(min_cases.max(1)));
    cases.clamp(lo, hi)
}

/// Whether a batch is close to its expiry (or past it) on `today`.
pub fn near_expiry(b: &Batch, today: Date) -> bool {
    b.left > 0 && b.delivery.expires_on.is_some_and(|e| e.0 - today.0 <= NEAR_EXPIRY_DAYS)
}

/// One product on the shop's shelf list, as the counter page shows it and looks barcodes up in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShelfItem {
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    /// The unit's and the case's barcodes (a case scanned at the counter is a whole case sold).
    pub unit_codes: Vec<String>,
    pub case_codes: Vec<String>,
    pub pack_size: i64,
    pub retail_unit: Fen,
    pub stock: Stock,
    /// The last counter sale's day, if any since the count.
    pub last_sold: Option<Date>,
    /// The batches still on the shelf that expire within `NEAR_EXPIRY_DAYS` or have expired.
    pub near_expiry: Vec<Batch>,
    /// Cases to reorder now (0: none needed), for the reason in `stock`.
    pub reorder_cases: i64,
    /// The product can be claimed under 滞销赔 or 过期赔 now: where to file (order, line, kind).
    pub claim: Option<ShelfClaim>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShelfClaim {
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub line_no: i64,
    /// "expiry" or "slow_seller" (the claim form's `?kind=`).
    pub kind: String,
    /// The last day it can be filed.
    pub closes_on: Date,
    pub units: i64,
}

/// The shop's shelf: every product it had delivered recently or sold since, and the sales still
/// counted today.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shelf {
    pub today: Option<Date>,
    pub items: Vec<ShelfItem>,
    pub sales_today: i64,
    pub units_today: i64,
    pub retail_today: Fen,
}

impl Shelf {
    /// The products whose counter sales are recorded (sold in the last `RATE_DAYS`), as the
    /// suggested order weighs them.
    pub fn tracked(&self) -> Vec<crate::orders::suggest::Tracked> {
        self.items
            .iter()
            .filter(|i| i.stock.per_kday > 0)
            .map(|i| crate::orders::suggest::Tracked {
                product_id: i.product_id,
                reorder_cases: i.reorder_cases,
                on_shelf: i.stock.on_shelf,
                days_left: i.stock.days_left.unwrap_or(0),
            })
            .collect()
    }
}

impl ShelfItem {
    /// Whether a scanned code is this product's, and how many units one scan of it is.
    pub fn units_of(&self, code: &str) -> Option<i64> {
        if self.unit_codes.iter().any(|c| c == code) {
            Some(1)
        } else if self.case_codes.iter().any(|c| c == code) {
            Some(self.pack_size.max(1))
        } else {
            None
        }
    }

    /// Stock, not selling for `SLOW_DAYS` on `today`.
    pub fn slow(&self, today: Date) -> bool {
        self.stock.on_shelf > 0 && self.last_sold.is_none_or(|d| today.0 - d.0 >= SLOW_DAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_780_000_000_000;

    fn sale(lines: Vec<(i64, i64)>) -> SaleRequest {
        SaleRequest {
            key: "0123456789abcdef0123456789abcdef".into(),
            sold_ms: NOW,
            lines: lines.into_iter().map(|(product_id, units)| SaleLine { product_id, units }).collect(),
        }
    }

    #[test]
    fn a_sale_merges_a_product_scanned_twice_and_refuses_what_cannot_be() {
        assert_eq!(
            check_sale(&sale(vec![(7, 2), (3, 1), (7, 1)]), NOW),
            Ok(vec![SaleLine { product_id: 3, units: 1 }, SaleLine { product_id: 7, units: 3 }])
        );
        assert_eq!(check_sale(&sale(vec![]), NOW), Err(AppError::Invalid(Invalid::EmptySale)));
        assert_eq!(check_sale(&sale(vec![(7, 0)]), NOW), Err(AppError::Invalid(Invalid::Quantity)));
        assert_eq!(check_sale(&sale(vec![(7, -1)]), NOW), Err(AppError::Invalid(Invalid::Quantity)));
        assert_eq!(check_sale(&sale(vec![(7, 600), (7, 600)]), NOW), Err(AppError::Invalid(Invalid::SaleTooBig)));
        assert_eq!(check_sale(&sale(vec![(7, 1000)]), NOW), Err(AppError::Invalid(Invalid::SaleTooBig)));
        assert_eq!(check_sale(&sale(vec![(1, 1); 61]), NOW), Err(AppError::Invalid(Invalid::SaleTooBig)));
        let mut late = sale(vec![(7, 1)]);
        late.sold_ms = NOW - 31 * crate::dates::DAY_MS;
        assert_eq!(check_sale(&late, NOW), Err(AppError::Invalid(Invalid::SaleTime)));
        late.sold_ms = NOW + MAX_AHEAD_MS + 1;
        assert_eq!(check_sale(&late, NOW), Err(AppError::Invalid(Invalid::SaleTime)));
        let mut bad_key = sale(vec![(7, 1)]);
        bad_key.key = "x".repeat(5000);
        assert!(check_sale(&bad_key, NOW).is_err());
    }

    #[test]
    fn the_shelf_is_the_count_plus_deliveries_less_sales() {
        let s = stock(0, 48, 12, 28);
        assert_eq!(
            (s.on_shelf, s.oversold, s.sell_through_permille, s.per_kday, s.days_left),
            (36, 0, 250, 1000, Some(36))
        );
        let s = stock(5, 10, 20, 0);
        assert_eq!((s.on_shelf, s.oversold, s.sell_through_permille, s.days_left), (0, 5, 1000, None));
        // 1 a day, 2 days' lead and 7 more: 9 units needed, 4 there, packs of 6 → 1 case.
        assert_eq!(reorder_cases(&stock(0, 4, 0, 28), 2, 6, 1, 50), 1);
        assert_eq!(reorder_cases(&stock(0, 40, 0, 28), 2, 6, 1, 50), 0, "lasts 40 days");
        assert_eq!(reorder_cases(&stock(0, 0, 0, 0), 2, 6, 1, 50), 0, "does not sell");
        assert_eq!(reorder_cases(&stock(0, 0, 0, 28 * 100), 2, 6, 1, 50), 50, "at most the maximum");
        assert_eq!(reorder_cases(&stock(0, 8, 0, 28), 2, 6, 3, 50), 3, "at least the minimum");
    }

    fn day(n: i64) -> Date {
        Date(n)
    }

    #[test]
    fn sales_take_the_oldest_batch_first() {
        let d = |order_id, on, units| Delivered {
            order_id,
            line_no: 1,
            on: day(on),
            units,
            expires_on: Some(day(on + 30)),
        };
        let left = batches_left(&[d(2, 20, 10), d(1, 10, 10)], 15);
        assert_eq!(left.iter().map(|b| (b.delivery.order_id, b.left)).collect::<Vec<_>>(), vec![(1, 0), (2, 5)]);
        assert!(near_expiry(&left[1], day(40)), "expires on day 50");
        assert!(!near_expiry(&left[1], day(35)));
        assert!(!near_expiry(&left[0], day(45)), "nothing left of it");
    }

    fn deliveries() -> impl Strategy<Value = Vec<Delivered>> {
        prop::collection::vec(
            (any::<i64>(), 0i64..5, -1000i64..1000, any::<i64>(), prop::option::of(-1000i64..2000)),
            0..12,
        )
        .prop_map(|v| {
            v.into_iter()
                .map(|(order_id, line_no, on, units, exp)| Delivered {
                    order_id,
                    line_no,
                    on: day(on),
                    units,
                    expires_on: exp.map(day),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn batches_left_sum_to_the_shelf_for_any_input(ds in deliveries(), sold in any::<i64>()) {
            let left = batches_left(&ds, sold);
            let delivered: i64 = ds.iter().map(|d| real(d.units)).sum();
            let sum: i64 = left.iter().map(|b| b.left).sum();
            prop_assert_eq!(sum, (delivered - real(sold)).max(0));
            if delivered <= MAX_COUNT {
                prop_assert_eq!(sum, stock(0, delivered, sold, 0).on_shelf);
            }
            for b in &left {
                prop_assert!(b.left >= 0 && b.left <= real(b.delivery.units));
            }
            // Oldest first: once a batch has something left, every later one is whole.
            let mut sorted = left.clone();
            sorted.sort_by_key(|b| (b.delivery.on, b.delivery.order_id, b.delivery.line_no));
            if let Some(first) = sorted.iter().position(|b| b.left > 0) {
                for b in &sorted[first + 1..] {
                    prop_assert_eq!(b.left, real(b.delivery.units));
                }
            }
        }

        #[test]
        fn stock_and_reorders_stay_sane_for_any_input(
            counted in any::<i64>(), delivered in any::<i64>(), sold in any::<i64>(), recent in any::<i64>(),
            lead in any::<i64>(), pack in any::<i64>(), min in any::<i64>(), max in any::<i64>(),
        ) {
            let s = stock(counted, delivered, sold, recent);
            prop_assert!(s.on_shelf >= 0 && s.oversold >= 0);
            prop_assert!(s.on_shelf == 0 || s.oversold == 0);
            prop_assert!((0..=1000).contains(&s.sell_through_permille));
            prop_assert!(s.per_kday >= 0);
            prop_assert_eq!(s.on_shelf - s.oversold, real(counted) + real(delivered) - real(sold));
            let cases = reorder_cases(&s, lead, pack, min, max);
            prop_assert!(cases >= 0);
            if cases > 0 {
                prop_assert!(cases >= min.max(1) && cases <= max.max(min.max(1)));
                // Ordered only when the shelf would not last the lead time and the cover.
                let days = i128::from(lead.clamp(0, 30) + COVER_DAYS);
                prop_assert!(i128::from(s.on_shelf) * 1000 < i128::from(s.per_kday) * days + 999);
            }
        }

        #[test]
        fn a_sale_is_checked_without_panic_and_what_passes_is_bounded(
            lines in prop::collection::vec((any::<i64>(), any::<i64>()), 0..80),
            sold_ms in any::<i64>(), now in any::<i64>(),
        ) {
            let mut req = sale(lines);
            req.sold_ms = sold_ms;
            if let Ok(merged) = check_sale(&req, now) {
                prop_assert!(!merged.is_empty() && merged.len() <= MAX_LINES);
                let units: i64 = merged.iter().map(|l| l.units).sum();
                let asked: i64 = req.lines.iter().map(|l| l.units).sum();
                prop_assert_eq!(units, asked);
                for l in &merged {
                    prop_assert!(l.product_id > 0 && (1..=MAX_UNITS).contains(&l.units));
                }
                let v = retail_value(&merged, |_| Fen(MAX_FEN));
                prop_assert_eq!(i128::from(v.0), i128::from(units) * i128::from(MAX_FEN));
            }
        }
    }
}
