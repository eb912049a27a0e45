//! The rules that decide an order's money and dates, shared by the app (to show the shop what
//! will happen) and the server (which decides). Pure functions, tested at their boundaries.

use crate::dates::Date;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// The minimum goods value of an order: ¥200.
pub const MIN_ORDER: Fen = Fen(20_000);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PriceBreak {
    /// From this many cases on…
    pub min_cases: i64,
    /// …each case costs this.
    pub case_price: Fen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PromoKind {
    /// So many fen off each case.
    PriceCut { off_per_case: Fen },
    /// `free` cases free with every `buy` cases.
    FreeCases { buy: i64, free: i64 },
}

/// What the server knows about a product when it prices a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub case_price: Fen,
    /// Quantity breaks, any order.
    pub breaks: Vec<PriceBreak>,
    pub min_cases: i64,
    pub max_cases: i64,
    pub stock_cases: i64,
    /// The promotion running for this shop today, if any.
    pub promo: Option<PromoKind>,
}

/// Why a line cannot be ordered as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineProblem {
    /// The product is no longer sold.
    Unavailable,
    BelowMinimum {
        min: i64,
    },
    AboveMaximum {
        max: i64,
    },
    /// Fewer cases in stock than asked for.
    NotEnoughStock {
        available: i64,
    },
    /// The price rose above what the shop saw when it ordered (an order sent from the outbox).
    PriceRose {
        seen: Fen,
        now: Fen,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub cases: i64,
    /// Cases given free by a promotion (limited by stock).
    pub free_cases: i64,
    /// The price paid per charged case, after quantity breaks and promotions.
    pub case_price: Fen,
    pub total: Fen,
}

impl PricedLine {
    /// Cases that leave the warehouse: charged and free (never more than the stock, which
    /// `price_line` checks).
    pub fn cases_delivered(&self) -> i64 {
        self.cases.saturating_add(self.free_cases)
    }
}

/// The longest a warehouse may add to its promise, in days (`promised_date` refuses more).
pub const MAX_LEAD_DAYS: i64 = 60;
/// The UTC offsets a warehouse may be at, in minutes (every time zone on Earth).
pub const MAX_UTC_OFFSET_MINUTES: i64 = 14 * 60;

/// The case price for `cases`: the best quantity break reached, less a promotion's price cut
/// (never below 1 fen, whatever the terms hold).
pub fn case_price(terms: &Terms, cases: i64) -> Fen {
    let base = terms
        .breaks
        .iter()
        .filter(|b| cases >= b.min_cases)
        .map(|b| b.case_price)
        .chain(std::iter::once(terms.case_price))
        .min()
        .unwrap_or(terms.case_price);
    let off = match terms.promo {
        Some(PromoKind::PriceCut { off_per_case }) => i128::from(off_per_case.0),
        _ => 0,
    };
    // i128: no price cut can overflow; the result is within 1..=i64::MAX.
    Fen((i128::from(base.0) - off).clamp(1, i128::from(i64::MAX)) as i64)
}

/// Prices a line of `cases`, or says why it cannot be ordered. Never panics or wraps: a total
/// too large to hold is refused as above the maximum (the most cases whose total fits).
pub fn price_line(terms: &Terms, cases: i64) -> Result<PricedLine, LineProblem> {
    if cases < terms.min_cases || cases < 1 {
        return Err(LineProblem::BelowMinimum { min: terms.min_cases.max(1) });
    }
    if cases > terms.max_cases {
        return Err(LineProblem::AboveMaximum { max: terms.max_cases });
    }
    if cases > terms.stock_cases {
        return Err(LineProblem::NotEnoughStock { available: terms.stock_cases });
    }
    let free_cases = match terms.promo {
        // i128: `cases / buy × free` of any size; capped by what stock is left (≥ 0 here).
        Some(PromoKind::FreeCases { buy, free }) if buy > 0 => (i128::from(cases / buy) * i128::from(free.max(0)))
            .min(i128::from(terms.stock_cases) - i128::from(cases))
            as i64,
        _ => 0,
    };
    let price = case_price(terms, cases);
    let total = price.checked_mul(cases).ok_or(LineProblem::AboveMaximum { max: i64::MAX / price.0 })?;
    Ok(PricedLine { cases, free_cases, case_price: price, total })
}

/// The case price for `cases` without the promotion: what a line costs once a promotion stops.
pub fn plain_case_price(terms: &Terms, cases: i64) -> Fen {
    case_price(&Terms { promo: None, ..terms.clone() }, cases)
}

/// What a promotion gives on a priced line (what its budget pays): the price cut on every
/// charged case, or the free cases at the case price without the promotion. 0 without one.
/// Exact for any line `price_line` made (i128, clamped to what an i64 holds).
pub fn promo_cost(terms: &Terms, line: &PricedLine) -> Fen {
    if terms.promo.is_none() {
        return Fen::ZERO;
    }
    let plain = plain_case_price(terms, line.cases);
    let cut = (i128::from(plain.0) - i128::from(line.case_price.0)).max(0) * i128::from(line.cases.max(0));
    let free = i128::from(line.free_cases.max(0)) * i128::from(plain.0);
    Fen((cut + free).clamp(0, i128::from(i64::MAX)) as i64)
}

/// Whether a promotion with `budget` (None: no budget) of which `spent` is used can pay `cost`
/// more. Exact for any amounts; a negative cost or spending is never a way to make room.
pub fn fits_budget(budget: Option<Fen>, spent: Fen, cost: Fen) -> bool {
    match budget {
        None => true,
        Some(b) => cost.0 >= 0 && spent.0 >= 0 && i128::from(spent.0) + i128::from(cost.0) <= i128::from(b.0),
    }
}

/// The goods value of priced lines, or None if it does not fit in an i64.
pub fn goods_value<'a>(lines: impl IntoIterator<Item = &'a PricedLine>) -> Option<Fen> {
    lines.into_iter().try_fold(Fen::ZERO, |sum, l| sum.checked_add(l.total))
}

/// How much is missing to reach the minimum order value, if anything.
pub fn minimum_shortfall(goods: Fen) -> Option<Fen> {
    (goods < MIN_ORDER).then(|| Fen(MIN_ORDER.0.saturating_sub(goods.0)))
}

/// The part of the balance an order uses: all of it, up to the goods value, if the shop chose to.
pub fn balance_to_use(balance: Fen, goods: Fen, use_balance: bool) -> Fen {
    if use_balance {
        Fen(balance.0.clamp(0, goods.0.max(0)))
    } else {
        Fen::ZERO
    }
}

/// A warehouse's delivery promise settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryTerms {
    /// Minutes after local midnight (18:00 → 1080).
    pub cutoff_minute: i64,
    pub lead_days: i64,
    pub utc_offset_minutes: i64,
}

/// The promised delivery date of an order confirmed at `confirmed_utc_ms`: the next day when
/// confirmed before the cut-off, the day after otherwise, plus the warehouse's lead days. None
/// for terms out of bounds (a cut-off outside the day, lead days outside `0..=MAX_LEAD_DAYS`, an
/// offset beyond ±14 h) or a promise outside `Date::MIN..=Date::MAX`.
pub fn promised_date(confirmed_utc_ms: i64, t: DeliveryTerms) -> Option<Date> {
    if !(0..=24 * 60).contains(&t.cutoff_minute)
        || !(0..=MAX_LEAD_DAYS).contains(&t.lead_days)
        || !(-MAX_UTC_OFFSET_MINUTES..=MAX_UTC_OFFSET_MINUTES).contains(&t.utc_offset_minutes)
    {
        return None;
    }
    let day = Date::local_of(confirmed_utc_ms, t.utc_offset_minutes);
    let before_cutoff = Date::local_minute_of(confirmed_utc_ms, t.utc_offset_minutes) < t.cutoff_minute;
    day.checked_plus_days(if before_cutoff { 1 } else { 2 } + t.lead_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::DAY_MS;

    fn terms() -> Terms {
        Terms {
            case_price: Fen(5000),
            breaks: vec![
                PriceBreak { min_cases: 10, case_price: Fen(4800) },
                PriceBreak { min_cases: 5, case_price: Fen(4900) },
            ],
            min_cases: 2,
            max_cases: 50,
            stock_cases: 30,
            promo: None,
        }
    }

    #[test]
    fn a_promotion_costs_its_cut_on_every_case_or_its_free_cases_at_the_plain_price() {
        let cut = Terms { promo: Some(PromoKind::PriceCut { off_per_case: Fen(300) }), ..terms() };
        assert_eq!(promo_cost(&cut, &price_line(&cut, 10).unwrap()), Fen(3_000), "10 × ¥3.00 off ¥48.00");
        let free = Terms { promo: Some(PromoKind::FreeCases { buy: 5, free: 1 }), ..terms() };
        assert_eq!(promo_cost(&free, &price_line(&free, 10).unwrap()), Fen(9_600), "2 free at ¥48.00");
        assert_eq!(promo_cost(&terms(), &price_line(&terms(), 10).unwrap()), Fen::ZERO);
        assert!(fits_budget(Some(Fen(3_000)), Fen(0), Fen(3_000)));
        assert!(!fits_budget(Some(Fen(3_000)), Fen(1), Fen(3_000)));
        assert!(!fits_budget(Some(Fen(3_000)), Fen(0), Fen(-1)), "a negative cost makes no room");
        assert!(fits_budget(None, Fen(i64::MAX), Fen(i64::MAX)));
    }

    #[test]
    fn quantity_breaks_apply_from_their_first_case() {
        let t = terms();
        assert_eq!(case_price(&t, 4), Fen(5000));
        assert_eq!(case_price(&t, 5), Fen(4900));
        assert_eq!(case_price(&t, 9), Fen(4900));
        assert_eq!(case_price(&t, 10), Fen(4800));
        assert_eq!(price_line(&t, 10).unwrap().total, Fen(48_000));
    }

    #[test]
    fn minimum_maximum_and_stock_are_checked_at_their_edges() {
        let t = terms();
        assert_eq!(price_line(&t, 1), Err(LineProblem::BelowMinimum { min: 2 }));
        assert!(price_line(&t, 2).is_ok());
        assert!(price_line(&t, 30).is_ok());
        assert_eq!(price_line(&t, 31), Err(LineProblem::NotEnoughStock { available: 30 }));
        let t = Terms { stock_cases: 100, ..terms() };
        assert!(price_line(&t, 50).is_ok());
        assert_eq!(price_line(&t, 51), Err(LineProblem::AboveMaximum { max: 50 }));
    }

    #[test]
    fn promotions_cut_the_price_or_add_free_cases_within_stock() {
        let cut = Terms { promo: Some(PromoKind::PriceCut { off_per_case: Fen(300) }), ..terms() };
        assert_eq!(case_price(&cut, 2), Fen(4700));
        assert_eq!(case_price(&cut, 10), Fen(4500));
        let silly = Terms { promo: Some(PromoKind::PriceCut { off_per_case: Fen(99_999) }), ..terms() };
        assert_eq!(case_price(&silly, 2), Fen(1));

        let free = Terms { promo: Some(PromoKind::FreeCases { buy: 10, free: 1 }), ..terms() };
        assert_eq!(price_line(&free, 9).unwrap().free_cases, 0);
        assert_eq!(price_line(&free, 10).unwrap().free_cases, 1);
        assert_eq!(price_line(&free, 20).unwrap().free_cases, 2);
        assert_eq!(price_line(&free, 20).unwrap().total, Fen(4800 * 20));
        // 30 in stock, 30 ordered: nothing left to give away.
        assert_eq!(price_line(&free, 30).unwrap().free_cases, 0);
        let few = Terms { stock_cases: 21, ..free };
        assert_eq!(price_line(&few, 20).unwrap().free_cases, 1);
    }

    #[test]
    fn the_minimum_order_is_200_yuan() {
        assert_eq!(minimum_shortfall(Fen(19_999)), Some(Fen(1)));
        assert_eq!(minimum_shortfall(Fen(20_000)), None);
        assert_eq!(minimum_shortfall(Fen(0)), Some(Fen(20_000)));
    }

    #[test]
    fn the_balance_pays_at_most_the_goods() {
        assert_eq!(balance_to_use(Fen(1250), Fen(30_000), true), Fen(1250));
        assert_eq!(balance_to_use(Fen(50_000), Fen(30_000), true), Fen(30_000));
        assert_eq!(balance_to_use(Fen(1250), Fen(30_000), false), Fen::ZERO);
        assert_eq!(balance_to_use(Fen(-5), Fen(30_000), true), Fen::ZERO);
    }

    fn promised_date_of(ms: i64, t: DeliveryTerms) -> Date {
        promised_date(ms, t).expect("terms in bounds")
    }

    #[test]
    fn the_promise_is_next_day_before_the_1800_cutoff_and_the_day_after_from_it() {
        let china = DeliveryTerms { cutoff_minute: 18 * 60, lead_days: 0, utc_offset_minutes: 480 };
        let day = Date::from_ymd(2026, 11, 22);
        // Local 17:59:59 on the 22nd is 09:59:59 UTC.
        let at = |h: i64, m: i64, s: i64| day.0 * DAY_MS + ((h - 8) * 3600 + m * 60 + s) * 1000;
        assert_eq!(promised_date_of(at(17, 59, 59), china).to_string(), "2026-11-23");
        assert_eq!(promised_date_of(at(18, 0, 0), china).to_string(), "2026-11-24");
        assert_eq!(promised_date_of(at(23, 59, 59), china).to_string(), "2026-11-24");
        assert_eq!(promised_date_of(at(0, 0, 0), china).to_string(), "2026-11-23");
        // Local midnight is 16:00 UTC the day before.
        assert_eq!(promised_date_of(at(24, 0, 0), china).to_string(), "2026-11-24");
        let far = DeliveryTerms { lead_days: 2, ..china };
        assert_eq!(promised_date_of(at(17, 59, 59), far).to_string(), "2026-11-25");
        assert_eq!(promised_date_of(at(18, 0, 0), far).to_string(), "2026-11-26");
        // Across a month end.
        let end = Date::from_ymd(2026, 11, 30);
        assert_eq!(promised_date_of(end.0 * DAY_MS + 11 * 3600 * 1000, china).to_string(), "2026-12-02");
    }

    #[test]
    fn absurd_terms_are_refused_or_capped_never_wrapped() {
        let huge = Terms { case_price: Fen(i64::MAX / 2), stock_cases: i64::MAX, max_cases: i64::MAX, ..terms() };
        assert_eq!(price_line(&huge, 3), Err(LineProblem::AboveMaximum { max: 2 }));
        assert_eq!(price_line(&huge, 2).unwrap().total, Fen(i64::MAX - 1));
        let raise = Terms {
            promo: Some(PromoKind::PriceCut { off_per_case: Fen(i64::MIN) }),
            case_price: Fen(i64::MAX),
            breaks: vec![],
            ..terms()
        };
        assert_eq!(case_price(&raise, 2), Fen(i64::MAX));
        let free = Terms {
            promo: Some(PromoKind::FreeCases { buy: 1, free: i64::MAX }),
            stock_cases: i64::MAX,
            max_cases: i64::MAX,
            ..terms()
        };
        assert_eq!(price_line(&free, 3).unwrap().cases_delivered(), i64::MAX);
        assert_eq!(price_line(&terms(), i64::MIN), Err(LineProblem::BelowMinimum { min: 2 }));
        assert_eq!(minimum_shortfall(Fen(i64::MIN)), Some(Fen(i64::MAX)));
        let china = DeliveryTerms { cutoff_minute: 18 * 60, lead_days: 0, utc_offset_minutes: 480 };
        assert_eq!(promised_date(i64::MAX, china), None);
        assert_eq!(promised_date(0, DeliveryTerms { lead_days: i64::MAX, ..china }), None);
        assert_eq!(promised_date(0, DeliveryTerms { utc_offset_minutes: i64::MIN, ..china }), None);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn any_terms() -> impl Strategy<Value = Terms> {
            let promo = prop_oneof![
                Just(None),
                any::<i64>().prop_map(|off| Some(PromoKind::PriceCut { off_per_case: Fen(off) })),
                (any::<i64>(), any::<i64>()).prop_map(|(buy, free)| Some(PromoKind::FreeCases { buy, free })),
            ];
            let breaks = proptest::collection::vec(
                (any::<i64>(), any::<i64>()).prop_map(|(min_cases, p)| PriceBreak { min_cases, case_price: Fen(p) }),
                0..4,
            );
            (any::<i64>(), breaks, any::<i64>(), any::<i64>(), any::<i64>(), promo).prop_map(
                |(p, breaks, min_cases, max_cases, stock_cases, promo)| Terms {
                    case_price: Fen(p),
                    breaks,
                    min_cases,
                    max_cases,
                    stock_cases,
                    promo,
                },
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2_000))]

            #[test]
            fn pricing_any_line_never_panics_and_stays_in_range(terms in any_terms(), cases in any::<i64>()) {
                let price = case_price(&terms, cases);
                prop_assert!(price.0 >= 1);
                if let Ok(line) = price_line(&terms, cases) {
                    prop_assert!(line.cases >= 1 && line.cases >= terms.min_cases && line.cases <= terms.max_cases);
                    prop_assert!(line.free_cases >= 0);
                    prop_assert!(i128::from(line.cases) + i128::from(line.free_cases) <= i128::from(terms.stock_cases));
                    prop_assert_eq!(i128::from(line.total.0), i128::from(line.case_price.0) * i128::from(line.cases));
                    prop_assert_eq!(line.case_price, price);
                }
            }

            #[test]
            fn a_promotions_cost_is_what_the_shop_saves_and_a_budget_is_never_overrun(
                terms in any_terms(), cases in any::<i64>(),
                budget in proptest::option::of(any::<i64>()), spent in any::<i64>(), cost in any::<i64>(),
            ) {
                if let Ok(line) = price_line(&terms, cases) {
                    let c = promo_cost(&terms, &line);
                    prop_assert!(c.0 >= 0);
                    let plain_terms = Terms { promo: None, ..terms.clone() };
                    // What the shop pays plus what the promotion gives is the line at the plain price
                    // for every case it gets (charged and free), when that fits in an i64.
                    let plain = case_price(&plain_terms, cases);
                    let whole = i128::from(plain.0) * (i128::from(line.cases) + i128::from(line.free_cases));
                    if whole <= i128::from(i64::MAX) {
                        prop_assert_eq!(i128::from(line.total.0) + i128::from(c.0), whole);
                    }
                    if let Ok(plain_line) = price_line(&plain_terms, cases) {
                        prop_assert_eq!(promo_cost(&plain_terms, &plain_line), Fen::ZERO, "no promotion, no cost");
                    }
                }
                if fits_budget(budget.map(Fen), Fen(spent), Fen(cost)) {
                    if let Some(b) = budget {
                        prop_assert!(cost >= 0 && spent >= 0);
                        prop_assert!(i128::from(spent) + i128::from(cost) <= i128::from(b));
                    }
                }
            }

            #[test]
            fn the_balance_used_is_never_negative_nor_more_than_the_goods(balance in any::<i64>(), goods in any::<i64>(), use_it in any::<bool>()) {
                let used = balance_to_use(Fen(balance), Fen(goods), use_it);
                prop_assert!(used.0 >= 0 && used.0 <= goods.max(0) && used.0 <= balance.max(0));
                prop_assert!(Fen(goods).checked_sub(used).is_some());
                if let Some(short) = minimum_shortfall(Fen(goods)) {
                    prop_assert!(short.0 > 0);
                }
            }

            #[test]
            fn any_promise_is_in_range_and_after_the_day_it_was_made(
                ms in any::<i64>(), cutoff in any::<i64>(), lead in any::<i64>(), off in any::<i64>(),
                real in (0i64..=1440, 0..=MAX_LEAD_DAYS, -840i64..=840, Date::MIN.0 * crate::dates::DAY_MS..Date::MAX.0 * crate::dates::DAY_MS),
            ) {
                for (ms, t) in [(ms, DeliveryTerms { cutoff_minute: cutoff, lead_days: lead, utc_offset_minutes: off }),
                                (real.3, DeliveryTerms { cutoff_minute: real.0, lead_days: real.1, utc_offset_minutes: real.2 })] {
                    if let Some(p) = promised_date(ms, t) {
                        prop_assert!(p.in_range());
                        let day = Date::local_of(ms, t.utc_offset_minutes);
                        prop_assert!(p.0 - day.0 >= 1 && p.0 - day.0 <= 2 + t.lead_days);
                    }
                }
            }
        }
    }
}
