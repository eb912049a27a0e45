//! The guarantees of PRODUCT.md as pure functions: for each, whether it applies to an order line
//! today and the compensation the rules give, in integer fen. A reviewer may approve or reject, never
//! raise the amount computed here.
//!
//! Unit prices: a line's charged total spread over every unit delivered (free cases included), so
//! that claiming all the units of a line pays back exactly what the line cost. Partial claims are
//! paid as `paid(already + units) − paid(already)` with `paid(n) = ⌊n × total / units⌋`, so any
//! sequence of claims on a line adds up to at most its total.

use crate::dates::Date;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

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

/// What the rules need to know about a delivered order line.
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
    /// Units of this line already in claims that were not rejected.
    pub units_claimed: i64,
}

impl Line {
    pub fn units_delivered(&self) -> i64 {
        self.cases_delivered * self.pack_size
    }

    pub fn units_claimable(&self) -> i64 {
        (self.units_delivered() - self.units_claimed).max(0)
    }

    fn paid_for(&self, units: i64) -> i64 {
        let delivered = self.units_delivered();
        if delivered == 0 {
            0
        } else {
            // i128: cases × pack × fen stays far from overflow.
            (i128::from(units) * i128::from(self.total.0) / i128::from(delivered)) as i64
        }
    }

    /// What `units` more units of this line cost the shop, after those already claimed.
    pub fn amount_for(&self, units: i64) -> Fen {
        Fen(self.paid_for(self.units_claimed + units) - self.paid_for(self.units_claimed))
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
    /// A date the shop gave is impossible (seen in the future, expiry after today, a pickup slot
    /// outside the next 7 days).
    BadDate,
}

/// Days after delivery (delivery day = 0).
fn day_of(delivered_on: Date, today: Date) -> i64 {
    today.0 - delivered_on.0
}

fn within(delivered_on: Date, today: Date, first: i64, last: i64) -> Result<(), Refusal> {
    let day = day_of(delivered_on, today);
    if day < first {
        Err(Refusal::TooEarly { opens: delivered_on.plus_days(first) })
    } else if day > last {
        Err(Refusal::TooLate { closed: delivered_on.plus_days(last) })
    } else {
        Ok(())
    }
}

fn units_ok(line: &Line, units: i64) -> Result<(), Refusal> {
    if units <= 0 || units > line.units_claimable() {
        Err(Refusal::Units { max: line.units_claimable() })
    } else {
        Ok(())
    }
}

/// 贵就赔: within 7 days of delivery, a competitor sold it cheaper. Pays the difference between the
/// unit price paid and the competitor's, on every unit of the line.
pub fn price_match(line: &Line, delivered_on: Date, today: Date, competitor_unit_price: Fen, seen_on: Date) -> Result<Fen, Refusal> {
    if !line.price_guaranteed {
        return Err(Refusal::NotCovered);
    }
    within(delivered_on, today, 0, 7)?;
    if seen_on > today {
        return Err(Refusal::BadDate);
    }
    // (paid per unit − competitor per unit) × units = total − competitor × units, exactly.
    let difference = line.total.0 - competitor_unit_price.0 * line.units_delivered();
    if difference <= 0 || competitor_unit_price.0 < 0 {
        return Err(Refusal::NotCheaper);
    }
    Ok(Fen(difference))
}

/// 迟就赔: 5% of the order's goods value, at least ¥5 and at most ¥50.
pub fn late_delivery(goods: Fen) -> Fen {
    Fen(goods.percent(5).0.clamp(500, 5_000))
}

/// Whether an undelivered order is late: its promised day has ended (in the warehouse's local time).
pub fn is_late(promised_on: Date, delivered: bool, cancelled: bool, now_utc_ms: i64, utc_offset_minutes: i64) -> bool {
    !delivered && !cancelled && now_utc_ms >= promised_on.end_utc_ms(utc_offset_minutes)
}

/// 过期赔: food whose batch expired unsold, claimed within 30 days of the expiry date.
pub fn expiry(line: &Line, expired_on: Date, today: Date, units: i64) -> Result<Fen, Refusal> {
    if !line.food {
        return Err(Refusal::NotCovered);
    }
    if expired_on > today {
        return Err(Refusal::BadDate);
    }
    if today.0 - expired_on.0 > 30 {
        return Err(Refusal::TooLate { closed: expired_on.plus_days(30) });
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
    within(delivered_on, today, 60, 180)?;
    if pickup_on <= today || pickup_on > today.plus_days(7) {
        return Err(Refusal::BadDate);
    }
    units_ok(line, units)?;
    Ok(line.amount_for(units))
}

/// 先行赔付: a quality problem, within 7 days of delivery.
pub fn quality(line: &Line, delivered_on: Date, today: Date, units: i64) -> Result<Fen, Refusal> {
    within(delivered_on, today, 0, 7)?;
    units_ok(line, units)?;
    Ok(line.amount_for(units))
}

/// Short or damaged at signing: every unit not received in good order.
pub fn short_delivery(line: &Line, units_received: i64) -> Result<Fen, Refusal> {
    let missing = line.units_delivered() - units_received.clamp(0, line.units_delivered());
    if missing == 0 {
        return Err(Refusal::Units { max: 0 });
    }
    units_ok(line, missing)?;
    Ok(line.amount_for(missing))
}

/// The guarantees a shop can file against this delivered line today (the app offers only these).
pub fn open_today(line: &Line, delivered_on: Date, today: Date) -> Vec<Guarantee> {
    let mut out = Vec::new();
    let claimable = line.units_claimable() > 0;
    if line.price_guaranteed && within(delivered_on, today, 0, 7).is_ok() {
        out.push(Guarantee::PriceMatch);
    }
    if line.food && claimable {
        out.push(Guarantee::Expiry);
    }
    if line.snack && claimable && within(delivered_on, today, 60, 180).is_ok() {
        out.push(Guarantee::SlowSeller);
    }
    if claimable && within(delivered_on, today, 0, 7).is_ok() {
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
        Line { pack_size: 24, cases_delivered: 3, total: Fen(14_400), price_guaranteed: true, food: true, snack: true, units_claimed: 0 }
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
        assert_eq!(expiry(&l, expired, day(100), 10), Ok(Fen(2_000)));
        assert_eq!(expiry(&l, expired, day(130), 10), Ok(Fen(2_000)));
        assert_eq!(expiry(&l, expired, day(131), 10), Err(Refusal::TooLate { closed: day(130) }));
        assert_eq!(expiry(&l, expired, day(99), 10), Err(Refusal::BadDate), "not expired yet");
        assert_eq!(expiry(&l, expired, day(110), 73), Err(Refusal::Units { max: 72 }));
        assert_eq!(expiry(&l, expired, day(110), 0), Err(Refusal::Units { max: 72 }));
        let claimed = Line { units_claimed: 70, ..l };
        assert_eq!(expiry(&claimed, expired, day(110), 3), Err(Refusal::Units { max: 2 }));
        assert_eq!(expiry(&claimed, expired, day(110), 2), Ok(Fen(400)));
        assert_eq!(expiry(&Line { food: false, ..l }, expired, day(110), 2), Err(Refusal::NotCovered));
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
        assert_eq!(open_today(&l, DELIVERED, day(3)), vec![Guarantee::PriceMatch, Guarantee::Expiry, Guarantee::Quality]);
        assert_eq!(open_today(&l, DELIVERED, day(60)), vec![Guarantee::Expiry, Guarantee::SlowSeller]);
        assert_eq!(open_today(&Line { food: false, snack: false, price_guaranteed: false, ..l }, DELIVERED, day(30)), vec![]);
    }
}
