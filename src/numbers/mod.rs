//! The shop's own numbers: what it spent on stock over a period, the margin it can expect on
//! what was delivered (at the makers' suggested retail prices), what the guarantees paid it back,
//! what it restocks most often, and the slow sellers it can still send back under 滞销赔, each with
//! the window it is in and a claim one tap away.
//!
//! "Restocked most" reads selling from restocking (a product reordered often leaves the shelf);
//! where the shop records its counter sales, the page also shows the counter's takings and best
//! sellers (`counter`).
//!
//! Types and the pure rules are shared: the page shows what the server computed, with the same
//! rules the claim form uses for 滞销赔.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "csr")]
pub mod views;

use crate::claims::rules::{self, Guarantee};
use crate::dates::Date;
use crate::money::Fen;
use crate::orders::suggest::Bought;
use serde::{Deserialize, Serialize};

/// The periods the page offers, in days.
pub const PERIODS: [i64; 3] = [7, 30, 90];
/// At most this many products in "restocked most".
pub const MOST_RESTOCKED: usize = 5;
/// At most this many slow sellers listed.
pub const MAX_SLOW: usize = 10;

/// A delivered line as the margin sees it: units delivered (free ones too), what the shop paid
/// for the line, and the suggested retail price of a unit (0: not known).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveredLine {
    pub units: i64,
    pub paid: Fen,
    pub retail_unit: Fen,
}

/// The estimated margin over some delivered lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Margin {
    /// What the shop paid for every line delivered.
    pub goods: Fen,
    /// Of those, the lines with a suggested retail price: what they cost and what they sell for.
    pub priced_goods: Fen,
    pub retail: Fen,
    /// `retail − priced_goods` (negative if sold under cost).
    pub margin: Fen,
    /// `margin` per thousand of `retail` (0 when nothing is priced).
    pub margin_permille: i64,
}

/// Lines beyond these are not real (a billion units, ¥10 billion a unit or a line) and are left
/// out of the margin, so that its sums cannot overflow.
const MAX_UNITS: i64 = 1_000_000_000;
const MAX_FEN: i64 = 1_000_000_000_000;

/// Sums the margin of `lines`. Any input gives a sane answer: negative or absurd counts and
/// prices are left out, and the sums are exact (i128) and clamped to what an i64 holds.
pub fn margin(lines: &[DeliveredLine]) -> Margin {
    let (mut goods, mut priced, mut retail) = (0i128, 0i128, 0i128);
    let real = |v: i64, max: i64| (0..=max).contains(&v);
    for l in lines {
        if !real(l.units, MAX_UNITS) || !real(l.paid.0, MAX_FEN) || !real(l.retail_unit.0, MAX_FEN) {
            continue;
        }
        goods += i128::from(l.paid.0);
        if l.retail_unit.0 > 0 && l.units > 0 {
            priced += i128::from(l.paid.0);
            retail += i128::from(l.units) * i128::from(l.retail_unit.0);
        }
    }
    let clamp = |v: i128| v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    let margin = retail - priced;
    Margin {
        goods: Fen(clamp(goods)),
        priced_goods: Fen(clamp(priced)),
        retail: Fen(clamp(retail)),
        margin: Fen(clamp(margin)),
        margin_permille: if retail > 0 { clamp((margin * 1000).div_euclid(retail).clamp(-1_000_000, 1000)) } else { 0 },
    }
}

/// What one guarantee paid the shop in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returned {
    pub kind: Guarantee,
    pub claims: i64,
    pub amount: Fen,
}

/// A product the shop restocks often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restocked {
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    /// Days in the period it was ordered on.
    pub order_days: i64,
    pub cases: i64,
    /// About how many days apart (None with one order day).
    pub every_days: Option<i64>,
}

/// The products ordered on the most days (then the most cases, then the lower id), at most `top`,
/// with the average gap between their order days: (product, order days, cases, gap). Entries with
/// no cases are ignored. `history` is what the suggested order reads too (`orders::history`).
pub fn most_restocked(history: &[Bought], top: usize) -> Vec<(i64, i64, i64, Option<i64>)> {
    let mut rows: Vec<(i64, Date, i64)> = history
        .iter()
        .map(|b| (b.product_id, b.on, b.cases))
        .filter(|(p, d, c)| *p > 0 && *c > 0 && d.in_range())
        .collect();
    rows.sort_by_key(|(p, d, _)| (*p, *d));
    let mut out: Vec<(i64, i64, i64, Option<i64>)> = rows
        .chunk_by(|a, b| a.0 == b.0)
        .map(|product| {
            let mut days: Vec<Date> = product.iter().map(|(_, d, _)| *d).collect();
            days.dedup();
            let cases = product.iter().fold(0i64, |sum, (_, _, c)| sum.saturating_add(*c));
            let n = days.len() as i64;
            let every = (n > 1).then(|| (days[days.len() - 1].0 - days[0].0) / (n - 1));
            (product[0].0, n, cases, every)
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    out.truncate(top);
    out
}

/// A delivered snack line that has not sold through: not reordered since, in the 滞销赔 window
/// today, with units left to send back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowSeller {
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub delivered_on: Date,
    pub days_since: i64,
    /// The last day a 滞销赔 can be filed for it.
    pub closes_on: Date,
    pub units_left: i64,
    /// What the rules would refund for every unit left (the claim form computes the same).
    pub refund: Fen,
}

/// The slow sellers among delivered lines `(context, reordered since)`: a line the shop could
/// file a 滞销赔 on today (the claims rules decide), whose product was not ordered again after
/// that delivery. Most refund first, at most `MAX_SLOW`.
pub fn slow_sellers(lines: &[(crate::claims::ClaimContext, bool)]) -> Vec<SlowSeller> {
    let mut out: Vec<SlowSeller> = lines
        .iter()
        .filter(|(_, reordered)| !reordered)
        .filter_map(|(c, _)| {
            let delivered = c.delivered_on?;
            if !rules::open_today(&c.line, delivered, c.today).contains(&Guarantee::SlowSeller) {
                return None;
            }
            let units = c.line.units_claimable();
            let refund = rules::slow_seller(&c.line, delivered, c.today, units, c.today.plus_days(1)).ok()?;
            Some(SlowSeller {
                order_id: c.order_id,
                line_no: c.line_no,
                product_id: c.product_id,
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                delivered_on: delivered,
                days_since: c.today.days_since(delivered)?,
                closes_on: delivered.plus_days(rules::SLOW_SELLER_LAST_DAY),
                units_left: units,
                refund,
            })
        })
        .collect();
    out.sort_by(|a, b| b.refund.cmp(&a.refund).then(a.closes_on.cmp(&b.closes_on)));
    out.truncate(MAX_SLOW);
    out
}

/// Everything the numbers page shows, for one shop and one period ending today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopNumbers {
    pub days: i64,
    pub first_day: Date,
    /// Orders placed in the period (not cancelled) and their cases.
    pub orders: i64,
    pub cases: i64,
    /// What those orders cost (goods, before the balance was used).
    pub spent: Fen,
    /// Over the lines delivered in the period.
    pub margin: Margin,
    pub returned: Vec<Returned>,
    pub returned_total: Fen,
    pub most_restocked: Vec<Restocked>,
    /// Today's 滞销赔 candidates (any delivery in the window, not only the period's).
    pub slow: Vec<SlowSeller>,
    /// What the counter recorded in the period: sales, units, takings, and the best sellers.
    #[serde(default)]
    pub counter: CounterNumbers,
}

/// The counter's figures over a period (all 0 for a shop that does not record its sales).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterNumbers {
    pub sales: i64,
    pub units: i64,
    pub takings: Fen,
    pub best: Vec<crate::counter::CounterSold>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bought(rows: &[(i64, Date, i64)]) -> Vec<Bought> {
        rows.iter().map(|&(product_id, on, cases)| Bought { product_id, on, cases }).collect()
    }

    fn line(units: i64, paid: i64, retail: i64) -> DeliveredLine {
        DeliveredLine { units, paid: Fen(paid), retail_unit: Fen(retail) }
    }

    #[test]
    fn the_margin_counts_only_lines_with_a_retail_price() {
        // 24 units for ¥48.00 sold at ¥2.50: ¥12.00 margin on ¥60.00, 200‰; one line unpriced.
        let m = margin(&[line(24, 4_800, 250), line(12, 3_000, 0)]);
        assert_eq!(m.goods, Fen(7_800));
        assert_eq!(m.priced_goods, Fen(4_800));
        assert_eq!(m.retail, Fen(6_000));
        assert_eq!(m.margin, Fen(1_200));
        assert_eq!(m.margin_permille, 200);
        assert_eq!(margin(&[]), Margin::default());
        // Sold under cost: a negative margin, rounded down.
        assert_eq!(margin(&[line(3, 1_000, 300)]).margin_permille, -112);
    }

    #[test]
    fn restocked_most_is_by_order_days_then_cases() {
        let d = |n: i64| Date(20_000 + n);
        let history = bought(&[
            (7, d(0), 2),
            (7, d(10), 2),
            (7, d(20), 1),
            (9, d(5), 9),
            (9, d(5), 1),
            (3, d(1), 1),
            (3, d(9), 1),
        ]);
        assert_eq!(most_restocked(&history, 5), vec![(7, 3, 5, Some(10)), (3, 2, 2, Some(8)), (9, 1, 10, None)]);
        assert_eq!(most_restocked(&history, 1).len(), 1);
        assert!(most_restocked(&bought(&[(1, d(0), 0), (-1, d(0), 5)]), 5).is_empty());
    }

    proptest! {
        #[test]
        fn any_lines_give_a_margin_that_adds_up(lines in prop::collection::vec((any::<i64>(), any::<i64>(), any::<i64>()), 0..20)) {
            let lines: Vec<DeliveredLine> = lines.into_iter().map(|(u, p, r)| line(u, p, r)).collect();
            let m = margin(&lines);
            prop_assert!(m.goods.0 >= 0 && m.priced_goods.0 >= 0 && m.retail.0 >= 0);
            prop_assert!(m.priced_goods <= m.goods);
            prop_assert!(m.margin_permille <= 1000);
            if m.retail.0 < i64::MAX && m.priced_goods.0 < i64::MAX {
                prop_assert_eq!(m.margin.0 as i128, m.retail.0 as i128 - m.priced_goods.0 as i128);
            }
        }

        #[test]
        fn small_real_lines_give_the_exact_margin(lines in prop::collection::vec((1i64..10_000, 0i64..10_000_000, 0i64..100_000), 0..50)) {
            let lines: Vec<DeliveredLine> = lines.into_iter().map(|(u, p, r)| line(u, p, r)).collect();
            let m = margin(&lines);
            let priced: Vec<_> = lines.iter().filter(|l| l.retail_unit.0 > 0).collect();
            prop_assert_eq!(m.retail.0, priced.iter().map(|l| l.units * l.retail_unit.0).sum::<i64>());
            prop_assert_eq!(m.margin.0, m.retail.0 - priced.iter().map(|l| l.paid.0).sum::<i64>());
            prop_assert_eq!(m.goods.0, lines.iter().map(|l| l.paid.0).sum::<i64>());
        }

        #[test]
        fn restocked_most_never_lists_more_than_asked_or_a_product_twice(
            history in prop::collection::vec((-3i64..30, 19_990i64..20_100, -5i64..50), 0..80), top in 0usize..8
        ) {
            let history: Vec<(i64, Date, i64)> = history.into_iter().map(|(p, d, c)| (p, Date(d), c)).collect();
            let history = bought(&history);
            let out = most_restocked(&history, top);
            prop_assert!(out.len() <= top);
            let mut ids: Vec<i64> = out.iter().map(|r| r.0).collect();
            ids.sort();
            ids.dedup();
            prop_assert_eq!(ids.len(), out.len());
            for (p, n, cases, every) in out {
                prop_assert!(p > 0 && n >= 1 && cases >= 1);
                prop_assert_eq!(every.is_some(), n > 1);
                prop_assert!(every.unwrap_or(0) >= 0);
            }
        }
    }
}
