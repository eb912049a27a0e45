//! The guarantees of PRODUCT.md as pure functions: for each, whether it applies to an order line
//! today and the compensation the rules give, in integer fen. A reviewer may approve or reject, never
//! raise the amount computed here.
//!
//! What a claim consumes of its line:
//! - a refund (expiry, slow seller, quality, short delivery) gives back units at the unit price
//!   paid: the line's charged total spread over every unit delivered (free cases included), so that
//!   refunding every unit pays back exactly what the line cost. Partial refunds are paid as
//!   `paid(already + units) − paid(already)` with `paid(n) = ⌊n × total / units⌋`;
//! - a price match (贵就赔) pays the price difference on the units not refunded yet, at most once per
//!   line. A unit refunded after it was price-matched gets only the rest of what was paid for it
//!   (its refund less its share of the price match).
//!
//! The line's consumed state (`Line::units_claimed`, `Line::claimed`, `Line::price_matched`) is
//! computed by the server from the claims that were not rejected, and every amount is also capped
//! by what is left of the line's total, so any sequence of claims on a line, in any order, adds up
//! to at most its total.
//!
//! Every input may be anything an i64 holds (a request is decoded from JSON): the arithmetic is
//! done in i128 or checked, and a line, price or date outside the bounds below is refused, never
//! wrapped.

use crate::dates::Date;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// 贵就赔: claimable from the delivery day (day 0) to this day after it, both included. The
/// competitor's price must have been seen in that window too: on or after the delivery day, and
/// not after today.
pub const PRICE_MATCH_LAST_DAY: i64 = 7;
/// 先行赔付: claimable from the delivery day to this day after it, both included.
pub const QUALITY_LAST_DAY: i64 = 7;
/// 过期赔: claimable up to this many days after the batch's expiry date (the expiry day is day 0).
/// The expiry date itself cannot be before the delivery day: the batch was delivered fresh.
pub const EXPIRY_CLAIM_DAYS: i64 = 30;
/// 滞销赔: claimable from this day after delivery…
pub const SLOW_SELLER_FIRST_DAY: i64 = 60;
/// …to this one, both included.
pub const SLOW_SELLER_LAST_DAY: i64 = 180;
/// 滞销赔: the courier pickup is booked from tomorrow to this many days ahead.
pub const PICKUP_WITHIN_DAYS: i64 = 7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Guarantee {
    /// 贵就赔
    PriceMatch,
    /// 迟就赔
    LateDelivery,
    /// 过期赔
    Expiry,
    /// 滞销赔
    SlowSeller,
    /// 先行赔付
    Quality,
    /// Short or damaged at signing.
    ShortDelivery,
}

/// The price match filed on a line (not rejected): the units it covered and what it paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceMatched {
    pub units: i64,
    pub amount: Fen,
}

/// What the rules need to know about a delivered order line, and what claims already took of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub pack_size: i64,
    /// Charged and free cases delivered.
    pub cases_delivered: i64,
    /// What the shop paid for the line.
    pub total: Fen,
    pub price_guaranteed: bool,
    /// Food with a shelf life.
    pub food: bool,
    pub snack: bool,
    /// Units of this line already refunded by claims that were not rejected (every kind but the
    /// price match, which refunds no unit).
    pub units_claimed: i64,
    /// Money already given on this line by claims that were not rejected (refunds and the price
    /// match).
    #[serde(default)]
    pub claimed: Fen,
    /// The line's price match, if one was filed and not rejected.
    #[serde(default)]
    pub price_matched: Option<PriceMatched>,
}

/// The counts of a line that passed `Line::check`, as i128 for the arithmetic.
#[derive(Clone, Copy)]
struct Counts {
    delivered: i128,
    total: i128,
    refunded: i128,
    left: i128,
}

impl Line {
    /// Units delivered (saturating, for display; the rules use `check`).
    pub fn units_delivered(&self) -> i64 {
        self.cases_delivered.saturating_mul(self.pack_size).max(0)
    }

    /// Units not refunded yet (0 for a line the rules cannot price).
    pub fn units_claimable(&self) -> i64 {
        self.check().map(|c| (c.delivered - c.refunded) as i64).unwrap_or(0)
    }

    /// The line is one the rules can price: a positive pack size, no negative cases, units and
    /// totals that fit, and a consumed state within the line (nothing refunded or paid beyond it).
    fn check(&self) -> Result<Counts, Refusal> {
        let delivered = self.cases_delivered.checked_mul(self.pack_size).ok_or(Refusal::OutOfRange)?;
        let ok = self.pack_size > 0
            && self.cases_delivered >= 0
            && self.total.0 >= 0
            && (0..=delivered).contains(&self.units_claimed)
            && (0..=self.total.0).contains(&self.claimed.0)
            && self
                .price_matched
                .iter()
                .all(|p| (1..=delivered).contains(&p.units) && (0..=self.total.0).contains(&p.amount.0));
        if !ok {
            return Err(Refusal::OutOfRange);
        }
        Ok(Counts {
            delivered: i128::from(delivered),
            total: i128::from(self.total.0),
            refunded: i128::from(self.units_claimed),
            left: i128::from(self.total.0) - i128::from(self.claimed.0),
        })
    }

    /// `⌊n × total / delivered⌋`: what the first `n` units of the line cost.
    fn paid_for(c: Counts, n: i128) -> i128 {
        if c.delivered == 0 {
            0
        } else {
            n * c.total / c.delivered
        }
    }

    /// The price match's share of the first `k` units it covered refunded afterwards.
    fn matched_share(&self, c: Counts, refunded: i128) -> i128 {
        match self.price_matched {
            Some(p) => {
                let covered = i128::from(p.units);
                // Units refunded beyond those the price match did not cover.
                let k = (refunded - (c.delivered - covered)).clamp(0, covered);
                k * i128::from(p.amount.0) / covered
            }
            None => 0,
        }
    }

    /// What refunding `units` more units of this line pays, after what earlier claims took: their
    /// cost, less their share of a price match, never more than is left of the line's total.
    pub fn amount_for(&self, units: i64) -> Fen {
        let Ok(c) = self.check() else { return Fen::ZERO };
        let units = i128::from(units).clamp(0, c.delivered - c.refunded);
        let (before, after) = (c.refunded, c.refunded + units);
        let cost = Line::paid_for(c, after) - Line::paid_for(c, before);
        let matched = self.matched_share(c, after) - self.matched_share(c, before);
        // 0 ≤ amount ≤ left ≤ total ≤ i64::MAX.
        Fen((cost - matched).clamp(0, c.left.max(0)) as i64)
    }

    /// The line after a claim the rules accepted: exactly what the server computes from the
    /// claims table (units of refunds, the sum of amounts, the price match).
    pub fn after(&self, taken: &Taken) -> Line {
        let claimed = self.claimed.checked_add(taken.amount).unwrap_or(Fen(i64::MAX));
        match taken.kind {
            Guarantee::PriceMatch => Line {
                claimed,
                price_matched: Some(PriceMatched { units: taken.units, amount: taken.amount }),
                ..*self
            },
            Guarantee::LateDelivery => *self,
            _ => Line { claimed, units_claimed: self.units_claimed.saturating_add(taken.units), ..*self },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// This guarantee does not cover this product.
    NotCovered,
    /// The order has not been delivered yet.
    NotDelivered,
    /// Too early: the window opens on this day.
    TooEarly { opens: Date },
    /// Too late: the window closed after this day.
    TooLate { closed: Date },
    /// No units, or more than can still be claimed on this line.
    Units { max: i64 },
    /// The competitor's price is not lower than the price paid.
    NotCheaper,
    /// A date the shop gave is impossible (seen before the delivery or in the future, an expiry
    /// before the delivery or after today, a pickup slot outside the next 7 days, any date outside
    /// `Date::MIN..=Date::MAX`).
    BadDate,
    /// The competitor's price is not above zero.
    BadPrice,
    /// This line's price was already matched (at most once per line).
    AlreadyMatched,
    /// The line is not one the rules can price (impossible sizes, totals or claims).
    OutOfRange,
}

/// A claim as the rules price it: the facts that matter to the money. Every claim filed on a line
/// (by the shop, or at signing) is priced by `assess`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    PriceMatch { competitor_unit_price: Fen, seen_on: Date },
    Expiry { expired_on: Date, units: i64 },
    SlowSeller { units: i64, pickup_on: Date },
    Quality { units: i64 },
    ShortDelivery { units_received: i64 },
}

/// What a claim the rules accept takes from its line: the units it covers (refunded, or for a
/// price match the units matched) and what it pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taken {
    pub kind: Guarantee,
    pub units: i64,
    pub amount: Fen,
}

/// Prices a claim on a line delivered on `delivered_on`, today, or says why the rules refuse it.
/// The one function every filed claim goes through.
pub fn assess(line: &Line, delivered_on: Date, today: Date, ask: &Ask) -> Result<Taken, Refusal> {
    let refund = |kind, units: i64| move |amount| Taken { kind, units, amount };
    match *ask {
        Ask::PriceMatch { competitor_unit_price, seen_on } => {
            let amount = price_match(line, delivered_on, today, competitor_unit_price, seen_on)?;
            Ok(Taken { kind: Guarantee::PriceMatch, units: line.units_claimable(), amount })
        }
        Ask::Expiry { expired_on, units } => {
            expiry(line, delivered_on, expired_on, today, units).map(refund(Guarantee::Expiry, units))
        }
        Ask::SlowSeller { units, pickup_on } => {
            slow_seller(line, delivered_on, today, units, pickup_on).map(refund(Guarantee::SlowSeller, units))
        }
        Ask::Quality { units } => quality(line, delivered_on, today, units).map(refund(Guarantee::Quality, units)),
        Ask::ShortDelivery { units_received } => {
            let amount = short_delivery(line, units_received)?;
            Ok(Taken { kind: Guarantee::ShortDelivery, units: missing_units(line, units_received), amount })
        }
    }
}

fn dates_ok(dates: &[Date]) -> Result<(), Refusal> {
    if dates.iter().all(|d| d.in_range()) {
        Ok(())
    } else {
        Err(Refusal::BadDate)
    }
}

fn within(delivered_on: Date, today: Date, first: i64, last: i64) -> Result<(), Refusal> {
    dates_ok(&[delivered_on, today])?;
    // Both in range: the difference and the window's ends are small.
    let day = today.0 - delivered_on.0;
    if day < first {
        Err(Refusal::TooEarly { opens: delivered_on.plus_days(first) })
    } else if day > last {
        Err(Refusal::TooLate { closed: delivered_on.plus_days(last) })
    } else {
        Ok(())
    }
}

fn units_ok(line: &Line, units: i64) -> Result<(), Refusal> {
    line.check()?;
    if units <= 0 || units > line.units_claimable() {
        Err(Refusal::Units { max: line.units_claimable() })
    } else {
        Ok(())
    }
}

/// 贵就赔: within 7 days of delivery, a competitor sold it cheaper (seen between the delivery and
/// today). Pays the difference between the unit price paid and the competitor's on every unit of
/// the line not refunded yet, once per line.
pub fn price_match(
    line: &Line,
    delivered_on: Date,
    today: Date,
    competitor_unit_price: Fen,
    seen_on: Date,
) -> Result<Fen, Refusal> {
    if !line.price_guaranteed {
        return Err(Refusal::NotCovered);
    }
    within(delivered_on, today, 0, PRICE_MATCH_LAST_DAY)?;
    dates_ok(&[seen_on])?;
    if seen_on > today || seen_on < delivered_on {
        return Err(Refusal::BadDate);
    }
    let c = line.check()?;
    if line.price_matched.is_some() {
        return Err(Refusal::AlreadyMatched);
    }
    if competitor_unit_price.0 <= 0 {
        return Err(Refusal::BadPrice);
    }
    let units = c.delivered - c.refunded;
    if units == 0 {
        return Err(Refusal::Units { max: 0 });
    }
    // (paid per unit − competitor per unit) × units = cost of those units − competitor × units,
    // exactly; in i128 a competitor price of any size cannot overflow.
    let cost = Line::paid_for(c, c.delivered) - Line::paid_for(c, c.refunded);
    let difference = cost - i128::from(competitor_unit_price.0) * units;
    if difference <= 0 {
        return Err(Refusal::NotCheaper);
    }
    let amount = difference.min(c.left);
    if amount <= 0 {
        return Err(Refusal::Units { max: 0 });
    }
    Ok(Fen(amount as i64))
}

/// 迟就赔: 5% of the order's goods value, at least ¥5 and at most ¥50 (a value too large for the
/// arithmetic gets the cap, a negative one the floor).
pub fn late_delivery(goods: Fen) -> Fen {
    Fen(goods.percent(5).map_or(5_000, |f| f.0).clamp(500, 5_000))
}

/// Whether an undelivered order is late: its promised day has ended (in the warehouse's local time).
pub fn is_late(promised_on: Date, delivered: bool, cancelled: bool, now_utc_ms: i64, utc_offset_minutes: i64) -> bool {
    !delivered && !cancelled && now_utc_ms >= promised_on.end_utc_ms(utc_offset_minutes)
}

/// 过期赔: food whose batch expired unsold, claimed within 30 days of the expiry date. The batch
/// was delivered fresh: an expiry date before the delivery day is refused.
pub fn expiry(line: &Line, delivered_on: Date, expired_on: Date, today: Date, units: i64) -> Result<Fen, Refusal> {
    if !line.food {
        return Err(Refusal::NotCovered);
    }
    dates_ok(&[delivered_on, expired_on, today])?;
    if expired_on > today || expired_on < delivered_on {
        return Err(Refusal::BadDate);
    }
    if today.0 - expired_on.0 > EXPIRY_CLAIM_DAYS {
        return Err(Refusal::TooLate { closed: expired_on.plus_days(EXPIRY_CLAIM_DAYS) });
    }
    units_ok(line, units)?;
    Ok(line.amount_for(units))
}

/// 滞销赔: snacks still unsold from day 60 to day 180 after delivery (both included), returned
/// through a courier pickup booked within the next 7 days. Paid once the courier has collected.
pub fn slow_seller(line: &Line, delivered_on: Date, today: Date, units: i64, pickup_on: Date) -> Result<Fen, Refusal> {
    if !line.snack {
        return Err(Refusal::NotCovered);
    }
    within(delivered_on, today, SLOW_SELLER_FIRST_DAY, SLOW_SELLER_LAST_DAY)?;
    dates_ok(&[pickup_on])?;
    if pickup_on <= today || pickup_on > today.plus_days(PICKUP_WITHIN_DAYS) {
        return Err(Refusal::BadDate);
    }
    units_ok(line, units)?;
    Ok(line.amount_for(units))
}

/// 先行赔付: a quality problem, within 7 days of delivery.
pub fn quality(line: &Line, delivered_on: Date, today: Date, units: i64) -> Result<Fen, Refusal> {
    within(delivered_on, today, 0, QUALITY_LAST_DAY)?;
    units_ok(line, units)?;
    Ok(line.amount_for(units))
}

fn missing_units(line: &Line, units_received: i64) -> i64 {
    let delivered = line.units_delivered();
    delivered - units_received.clamp(0, delivered)
}

/// Short or damaged at signing: every unit not received in good order.
pub fn short_delivery(line: &Line, units_received: i64) -> Result<Fen, Refusal> {
    line.check()?;
    let missing = missing_units(line, units_received);
    if missing == 0 {
        return Err(Refusal::Units { max: 0 });
    }
    units_ok(line, missing)?;
    Ok(line.amount_for(missing))
}

/// The guarantees a shop can file against this delivered line today (the app offers only these):
/// open today, covering the product, and with something left to claim.
pub fn open_today(line: &Line, delivered_on: Date, today: Date) -> Vec<Guarantee> {
    let mut out = Vec::new();
    if line.check().is_err() || dates_ok(&[delivered_on, today]).is_err() {
        return out;
    }
    let claimable = line.units_claimable() > 0;
    if line.price_guaranteed
        && claimable
        && line.claimed < line.total
        && line.price_matched.is_none()
        && within(delivered_on, today, 0, PRICE_MATCH_LAST_DAY).is_ok()
    {
        out.push(Guarantee::PriceMatch);
    }
    if line.food && claimable && today >= delivered_on {
        out.push(Guarantee::Expiry);
    }
    if line.snack && claimable && within(delivered_on, today, SLOW_SELLER_FIRST_DAY, SLOW_SELLER_LAST_DAY).is_ok() {
        out.push(Guarantee::SlowSeller);
    }
    if claimable && within(delivered_on, today, 0, QUALITY_LAST_DAY).is_ok() {
        out.push(Guarantee::Quality);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELIVERED: Date = Date(20_000);

    fn line() -> Line {
        // 3 cases of 24 for ¥144.00: ¥2.00 a unit.
        Line {
            pack_size: 24,
            cases_delivered: 3,
            total: Fen(14_400),
            price_guaranteed: true,
            food: true,
            snack: true,
            units_claimed: 0,
            claimed: Fen::ZERO,
            price_matched: None,
        }
    }

    fn day(n: i64) -> Date {
        DELIVERED.plus_days(n)
    }

    #[test]
    fn price_match_pays_the_difference_on_every_unit_within_7_days() {
        let l = line();
        assert_eq!(price_match(&l, DELIVERED, day(0), Fen(180), day(0)), Ok(Fen((200 - 180) * 72)));
        assert_eq!(price_match(&l, DELIVERED, day(7), Fen(180), day(6)), Ok(Fen(1_440)));
        assert_eq!(price_match(&l, DELIVERED, day(8), Fen(180), day(6)), Err(Refusal::TooLate { closed: day(7) }));
        assert_eq!(price_match(&l, DELIVERED, day(-1), Fen(180), day(-1)), Err(Refusal::TooEarly { opens: day(0) }));
        // Equal or dearer elsewhere: nothing to pay.
        assert_eq!(price_match(&l, DELIVERED, day(2), Fen(200), day(2)), Err(Refusal::NotCheaper));
        assert_eq!(price_match(&l, DELIVERED, day(2), Fen(250), day(2)), Err(Refusal::NotCheaper));
        assert_eq!(price_match(&l, DELIVERED, day(2), Fen(199), day(2)), Ok(Fen(72)));
        assert_eq!(price_match(&l, DELIVERED, day(2), Fen(150), day(3)), Err(Refusal::BadDate));
        let not = Line { price_guaranteed: false, ..l };
        assert_eq!(price_match(&not, DELIVERED, day(2), Fen(150), day(2)), Err(Refusal::NotCovered));
    }

    #[test]
    fn late_delivery_is_5_percent_between_5_and_50_yuan() {
        assert_eq!(late_delivery(Fen(20_000)), Fen(1_000));
        assert_eq!(late_delivery(Fen(10_000)), Fen(500));
        assert_eq!(late_delivery(Fen(9_999)), Fen(500), "at least ¥5");
        assert_eq!(late_delivery(Fen(1)), Fen(500));
        assert_eq!(late_delivery(Fen(100_000)), Fen(5_000));
        assert_eq!(late_delivery(Fen(100_020)), Fen(5_000), "at most ¥50");
        assert_eq!(late_delivery(Fen(99_980)), Fen(4_999));
    }

    #[test]
    fn an_order_is_late_once_its_promised_day_has_ended_in_china() {
        let promised = Date::from_ymd(2026, 11, 23);
        let end = promised.end_utc_ms(480);
        assert!(!is_late(promised, false, false, end - 1, 480));
        assert!(is_late(promised, false, false, end, 480));
        assert!(!is_late(promised, true, false, end + 1, 480));
        assert!(!is_late(promised, false, true, end + 1, 480));
    }

    #[test]
    fn expiry_is_claimable_for_30_days_after_the_date_for_units_not_yet_claimed() {
        let l = line();
        let expired = day(100);
        assert_eq!(expiry(&l, DELIVERED, expired, day(100), 10), Ok(Fen(2_000)));
        assert_eq!(expiry(&l, DELIVERED, expired, day(130), 10), Ok(Fen(2_000)));
        assert_eq!(expiry(&l, DELIVERED, expired, day(131), 10), Err(Refusal::TooLate { closed: day(130) }));
        assert_eq!(expiry(&l, DELIVERED, expired, day(99), 10), Err(Refusal::BadDate), "not expired yet");
        assert_eq!(expiry(&l, DELIVERED, expired, day(110), 73), Err(Refusal::Units { max: 72 }));
        assert_eq!(expiry(&l, DELIVERED, expired, day(110), 0), Err(Refusal::Units { max: 72 }));
        let claimed = Line { units_claimed: 70, ..l };
        assert_eq!(expiry(&claimed, DELIVERED, expired, day(110), 3), Err(Refusal::Units { max: 2 }));
        assert_eq!(expiry(&claimed, DELIVERED, expired, day(110), 2), Ok(Fen(400)));
        assert_eq!(expiry(&Line { food: false, ..l }, DELIVERED, expired, day(110), 2), Err(Refusal::NotCovered));
    }

    #[test]
    fn slow_sellers_are_claimable_from_day_60_to_day_180_with_a_pickup_in_the_next_7_days() {
        let l = line();
        let ok = |d: i64| slow_seller(&l, DELIVERED, day(d), 24, day(d + 1));
        assert_eq!(ok(59), Err(Refusal::TooEarly { opens: day(60) }));
        assert_eq!(ok(60), Ok(Fen(4_800)));
        assert_eq!(ok(180), Ok(Fen(4_800)));
        assert_eq!(ok(181), Err(Refusal::TooLate { closed: day(180) }));
        assert_eq!(slow_seller(&l, DELIVERED, day(90), 24, day(97)), Ok(Fen(4_800)));
        assert_eq!(slow_seller(&l, DELIVERED, day(90), 24, day(98)), Err(Refusal::BadDate));
        assert_eq!(slow_seller(&l, DELIVERED, day(90), 24, day(90)), Err(Refusal::BadDate));
        assert_eq!(slow_seller(&Line { snack: false, ..l }, DELIVERED, day(90), 24, day(91)), Err(Refusal::NotCovered));
    }

    #[test]
    fn quality_is_7_days_and_short_delivery_pays_what_did_not_arrive() {
        let l = line();
        assert_eq!(quality(&l, DELIVERED, day(7), 1), Ok(Fen(200)));
        assert_eq!(quality(&l, DELIVERED, day(8), 1), Err(Refusal::TooLate { closed: day(7) }));
        assert_eq!(short_delivery(&l, 72), Err(Refusal::Units { max: 0 }));
        assert_eq!(short_delivery(&l, 48), Ok(Fen(4_800)));
        assert_eq!(short_delivery(&l, 0), Ok(Fen(14_400)));
        assert_eq!(short_delivery(&l, -5), Ok(Fen(14_400)));
    }

    #[test]
    fn partial_claims_never_add_up_to_more_than_the_line_cost() {
        // ¥100.00 over 72 units does not divide evenly.
        let mut l = Line { total: Fen(10_000), ..line() };
        let mut paid = 0;
        for _ in 0..72 {
            paid += l.amount_for(1).0;
            l.units_claimed += 1;
        }
        assert_eq!(paid, 10_000);
        assert_eq!(l.units_claimable(), 0);
        assert_eq!(quality(&l, DELIVERED, day(1), 1), Err(Refusal::Units { max: 0 }));
    }

    #[test]
    fn only_the_guarantees_open_today_are_offered() {
        let l = line();
        assert_eq!(
            open_today(&l, DELIVERED, day(3)),
            vec![Guarantee::PriceMatch, Guarantee::Expiry, Guarantee::Quality]
        );
        assert_eq!(open_today(&l, DELIVERED, day(60)), vec![Guarantee::Expiry, Guarantee::SlowSeller]);
        assert_eq!(
            open_today(&Line { food: false, snack: false, price_guaranteed: false, ..l }, DELIVERED, day(30)),
            vec![]
        );
    }

    #[test]
    fn the_reported_overflowing_price_match_is_refused_not_paid() {
        // ¥291.20 for 96 units; 192153584090724799 fen × 96 wrapped to a claim of ¥10,000,000.32.
        let l = Line { pack_size: 24, cases_delivered: 4, total: Fen(29_120), ..line() };
        assert_eq!(price_match(&l, DELIVERED, day(1), Fen(192_153_584_090_724_799), day(1)), Err(Refusal::NotCheaper));
        assert_eq!(price_match(&l, DELIVERED, day(1), Fen(i64::MAX), day(1)), Err(Refusal::NotCheaper));
        assert_eq!(price_match(&l, DELIVERED, day(1), Fen(0), day(1)), Err(Refusal::BadPrice));
        assert_eq!(price_match(&l, DELIVERED, day(1), Fen(i64::MIN), day(1)), Err(Refusal::BadPrice));
        // ¥3.03 is below the ¥3.0333… paid: 0.333… × 96 = 32 fen.
        assert_eq!(price_match(&l, DELIVERED, day(1), Fen(303), day(1)), Ok(Fen(29_120 - 303 * 96)));
    }

    #[test]
    fn dates_far_out_of_range_are_refused_not_overflowed() {
        let l = line();
        // today − expired_on overflowed for an expiry of i64::MIN, and the claim was paid.
        assert_eq!(expiry(&l, DELIVERED, Date(i64::MIN), day(3), 1), Err(Refusal::BadDate));
        assert_eq!(expiry(&l, DELIVERED, Date(i64::MAX), day(3), 1), Err(Refusal::BadDate));
        assert_eq!(price_match(&l, DELIVERED, day(1), Fen(150), Date(i64::MIN)), Err(Refusal::BadDate));
        assert_eq!(quality(&l, Date(i64::MIN), day(1), 1), Err(Refusal::BadDate));
        assert_eq!(quality(&l, DELIVERED, Date(i64::MAX), 1), Err(Refusal::BadDate));
        assert_eq!(slow_seller(&l, DELIVERED, day(90), 1, Date(i64::MAX)), Err(Refusal::BadDate));
        assert_eq!(open_today(&l, Date(i64::MIN), Date(i64::MAX)), vec![]);
    }

    #[test]
    fn an_expiry_before_the_delivery_or_a_price_seen_before_it_is_refused() {
        let l = line();
        // Delivered fresh: a batch cannot have expired before it arrived.
        assert_eq!(expiry(&l, DELIVERED, day(-1), day(5), 1), Err(Refusal::BadDate));
        assert_eq!(expiry(&l, DELIVERED, day(0), day(5), 1), Ok(Fen(200)));
        // A competitor's price seen 400 days ago (or the day before delivery) is not this delivery's.
        assert_eq!(price_match(&l, DELIVERED, day(2), Fen(180), day(-400)), Err(Refusal::BadDate));
        assert_eq!(price_match(&l, DELIVERED, day(2), Fen(180), day(-1)), Err(Refusal::BadDate));
        assert_eq!(price_match(&l, DELIVERED, day(2), Fen(180), day(0)), Ok(Fen(1_440)));
    }

    #[test]
    fn impossible_lines_are_refused_and_offer_nothing() {
        for bad in [
            Line { pack_size: 0, ..line() },
            Line { pack_size: -24, cases_delivered: -3, ..line() },
            Line { pack_size: i64::MAX, cases_delivered: 2, ..line() },
            Line { total: Fen(-1), ..line() },
            Line { units_claimed: 73, ..line() },
            Line { units_claimed: -1, ..line() },
            Line { claimed: Fen(14_401), ..line() },
            Line { price_matched: Some(PriceMatched { units: 0, amount: Fen(1) }), ..line() },
        ] {
            assert_eq!(quality(&bad, DELIVERED, day(1), 1), Err(Refusal::OutOfRange), "{bad:?}");
            assert_eq!(short_delivery(&bad, 0), Err(Refusal::OutOfRange), "{bad:?}");
            assert_eq!(open_today(&bad, DELIVERED, day(1)), vec![], "{bad:?}");
        }
    }

    #[test]
    fn a_line_is_price_matched_once_on_the_units_not_refunded() {
        let l = line();
        let pm = Ask::PriceMatch { competitor_unit_price: Fen(180), seen_on: day(1) };
        // 12 units refunded first (quality), then the price match covers the other 60.
        let q = assess(&l, DELIVERED, day(1), &Ask::Quality { units: 12 }).unwrap();
        assert_eq!(q, Taken { kind: Guarantee::Quality, units: 12, amount: Fen(2_400) });
        let l = l.after(&q);
        let m = assess(&l, DELIVERED, day(1), &pm).unwrap();
        assert_eq!(m, Taken { kind: Guarantee::PriceMatch, units: 60, amount: Fen(20 * 60) });
        let l = l.after(&m);
        // The same claim again: refused, and no longer offered.
        assert_eq!(assess(&l, DELIVERED, day(2), &pm), Err(Refusal::AlreadyMatched));
        assert_eq!(open_today(&l, DELIVERED, day(2)), vec![Guarantee::Expiry, Guarantee::Quality]);
        // A price match leaves every unit for the other guarantees.
        assert_eq!(l.units_claimable(), 60);
    }

    #[test]
    fn a_unit_refunded_after_a_price_match_gets_only_the_rest_of_what_it_cost() {
        // ¥2.00 a unit, matched at ¥1.80: 20 fen back on each of 72 units.
        let l = line();
        let m = assess(&l, DELIVERED, day(1), &Ask::PriceMatch { competitor_unit_price: Fen(180), seen_on: day(1) })
            .unwrap();
        assert_eq!(m.amount, Fen(1_440));
        let l = l.after(&m);
        // A quality refund of 10 units then pays ¥1.80 each, not ¥2.00.
        let q = assess(&l, DELIVERED, day(2), &Ask::Quality { units: 10 }).unwrap();
        assert_eq!(q.amount, Fen(1_800));
        // Refunding every unit adds up to exactly the line's total.
        let l = l.after(&q);
        let rest = assess(&l, DELIVERED, day(40), &Ask::Expiry { expired_on: day(30), units: 62 }).unwrap();
        assert_eq!(m.amount.0 + q.amount.0 + rest.amount.0, 14_400);
        assert_eq!(l.after(&rest).units_claimable(), 0);
    }

    /// The line's state as the server computes it from the claims not rejected (`claims::db`).
    fn state(base: &Line, claims: &[Taken]) -> Line {
        claims
            .iter()
            .fold(Line { units_claimed: 0, claimed: Fen::ZERO, price_matched: None, ..*base }, |l, t| l.after(t))
    }

    mod properties {
        use super::super::*;
        use super::{state, DELIVERED};
        use proptest::prelude::*;

        fn any_line() -> impl Strategy<Value = Line> {
            (
                any::<i64>(),
                any::<i64>(),
                any::<i64>(),
                any::<i64>(),
                any::<i64>(),
                any::<Option<(i64, i64)>>(),
                any::<(bool, bool, bool)>(),
            )
                .prop_map(
                    |(
                        pack_size,
                        cases_delivered,
                        total,
                        units_claimed,
                        claimed,
                        pm,
                        (price_guaranteed, food, snack),
                    )| Line {
                        pack_size,
                        cases_delivered,
                        total: Fen(total),
                        price_guaranteed,
                        food,
                        snack,
                        units_claimed,
                        claimed: Fen(claimed),
                        price_matched: pm.map(|(units, amount)| PriceMatched { units, amount: Fen(amount) }),
                    },
                )
        }

        /// Lines the server can hold: small packs and cases, any total up to ¥100 million.
        fn real_line() -> impl Strategy<Value = Line> {
            (1i64..=48, 0i64..=20, 0i64..=10_000_000_000, any::<(bool, bool, bool)>()).prop_map(
                |(pack_size, cases_delivered, total, (price_guaranteed, food, snack))| Line {
                    pack_size,
                    cases_delivered,
                    total: Fen(total),
                    price_guaranteed,
                    food,
                    snack,
                    units_claimed: 0,
                    claimed: Fen::ZERO,
                    price_matched: None,
                },
            )
        }

        fn any_ask() -> impl Strategy<Value = Ask> {
            prop_oneof![
                (any::<i64>(), any::<i64>())
                    .prop_map(|(p, d)| Ask::PriceMatch { competitor_unit_price: Fen(p), seen_on: Date(d) }),
                (any::<i64>(), any::<i64>()).prop_map(|(d, units)| Ask::Expiry { expired_on: Date(d), units }),
                (any::<i64>(), any::<i64>()).prop_map(|(units, d)| Ask::SlowSeller { units, pickup_on: Date(d) }),
                any::<i64>().prop_map(|units| Ask::Quality { units }),
                any::<i64>().prop_map(|units_received| Ask::ShortDelivery { units_received }),
            ]
        }

        /// Claims a shop might really file on a line delivered on `DELIVERED`: dates near the
        /// windows, units and prices near the line's, sometimes anything at all.
        fn near_ask() -> impl Strategy<Value = (i64, Ask)> {
            let day = -2i64..200;
            prop_oneof![
                (day.clone(), -5i64..2_000_000, -3i64..10).prop_map(|(t, p, seen)| (
                    t,
                    Ask::PriceMatch { competitor_unit_price: Fen(p), seen_on: DELIVERED.plus_days(t - seen) }
                )),
                (day.clone(), -3i64..40, -2i64..300)
                    .prop_map(|(t, ago, units)| (t, Ask::Expiry { expired_on: DELIVERED.plus_days(t - ago), units })),
                (day.clone(), -2i64..300, -1i64..9)
                    .prop_map(|(t, units, p)| (t, Ask::SlowSeller { units, pickup_on: DELIVERED.plus_days(t + p) })),
                (day.clone(), -2i64..300).prop_map(|(t, units)| (t, Ask::Quality { units })),
                (day, -2i64..1_000).prop_map(|(t, units_received)| (t, Ask::ShortDelivery { units_received })),
                (any::<i64>(), any_ask()),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2_000))]

            #[test]
            fn any_claim_on_any_line_pays_between_0_and_what_is_left_of_the_line(
                line in any_line(), delivered in any::<i64>(), today in any::<i64>(), ask in any_ask(),
            ) {
                let _ = open_today(&line, Date(delivered), Date(today));
                let _ = line.units_claimable();
                let _ = line.amount_for(today);
                if let Ok(t) = assess(&line, Date(delivered), Date(today), &ask) {
                    prop_assert!(t.amount.0 >= 0 && t.amount.0 <= line.total.0, "{t:?}");
                    prop_assert!(t.amount.0 <= line.total.0 - line.claimed.0, "{t:?}");
                    prop_assert!(t.units >= 0 && t.units <= line.units_delivered(), "{t:?}");
                }
            }

            #[test]
            fn any_sequence_of_claims_on_a_line_never_pays_more_than_its_total(
                line in real_line(),
                steps in proptest::collection::vec((near_ask(), any::<Option<prop::sample::Index>>()), 0..16),
            ) {
                let mut filed: Vec<Taken> = Vec::new();
                for ((t, ask), reject) in steps {
                    // A reviewer may reject any claim filed so far: it no longer counts.
                    if let Some(i) = reject.filter(|_| !filed.is_empty()) {
                        filed.remove(i.index(filed.len()));
                    }
                    let now = state(&line, &filed);
                    let today = DELIVERED.plus_days(t);
                    let open = open_today(&now, DELIVERED, today);
                    if let Ok(taken) = assess(&now, DELIVERED, today, &ask) {
                        prop_assert!(taken.amount.0 >= 0);
                        if taken.kind != Guarantee::ShortDelivery {
                            prop_assert!(open.contains(&taken.kind), "{taken:?} filed but not offered: {open:?}");
                        }
                        filed.push(taken);
                    }
                    let paid: i128 = filed.iter().map(|c| i128::from(c.amount.0)).sum();
                    prop_assert!(paid <= i128::from(line.total.0), "{paid} > {} after {filed:?}", line.total.0);
                    prop_assert!(filed.iter().filter(|c| c.kind == Guarantee::PriceMatch).count() <= 1);
                    let refunded: i64 = filed.iter().filter(|c| c.kind != Guarantee::PriceMatch).map(|c| c.units).sum();
                    prop_assert!(refunded <= line.units_delivered());
                }
            }

            #[test]
            fn refunding_every_unit_after_a_price_match_pays_back_exactly_the_line(
                line in real_line(), competitor in 1i64..100_000, chunks in proptest::collection::vec(1i64..50, 1..40),
            ) {
                let line = Line { price_guaranteed: true, ..line };
                prop_assume!(line.units_delivered() > 0);
                let mut filed = Vec::new();
                if let Ok(m) = assess(&line, DELIVERED, DELIVERED, &Ask::PriceMatch { competitor_unit_price: Fen(competitor), seen_on: DELIVERED }) {
                    filed.push(m);
                }
                for units in chunks.into_iter().chain(std::iter::once(i64::MAX)) {
                    let now = state(&line, &filed);
                    let units = units.min(now.units_claimable());
                    if let Ok(q) = assess(&now, DELIVERED, DELIVERED.plus_days(1), &Ask::Quality { units }) {
                        filed.push(q);
                    }
                }
                let paid: i64 = filed.iter().map(|c| c.amount.0).sum();
                prop_assert_eq!(state(&line, &filed).units_claimable(), 0);
                prop_assert_eq!(paid, line.total.0);
            }

            #[test]
            fn late_delivery_is_always_between_5_and_50_yuan(goods in any::<i64>()) {
                let c = late_delivery(Fen(goods));
                prop_assert!((500..=5_000).contains(&c.0));
            }
        }
    }
}
