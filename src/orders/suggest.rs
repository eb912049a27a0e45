//! The suggested order: what a shop usually reorders and is due to reorder now, from its own
//! order history. Pure and shared: the cart page shows why each product is suggested, and the
//! server computes it from the shop's orders with the same function.

use crate::dates::Date;
use serde::{Deserialize, Serialize};

/// One product on one of the shop's past orders (cancelled orders are not history).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bought {
    pub product_id: i64,
    pub on: Date,
    pub cases: i64,
}

/// A product the shop is due to reorder, how many cases it usually takes, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub product_id: i64,
    /// The median of the cases it ordered each time (at least 1).
    pub cases: i64,
    /// About how many days apart it orders it (the median gap between its orders).
    pub every_days: i64,
    /// Days since it last ordered it.
    pub last_days_ago: i64,
    /// Suggested from the counter's sales instead: what is on the shelf and how long it lasts.
    #[serde(default)]
    pub shelf: Option<ShelfWhy>,
}

/// Why the counter says to reorder: units on the shelf, and the days they last at the last 28
/// days' rate of sale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShelfWhy {
    pub on_shelf: i64,
    pub days_left: i64,
}

/// A product whose counter sales are recorded (it sold in the last 28 days): the cases the shelf
/// says to reorder now (0: it lasts), what is on it and how long it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tracked {
    pub product_id: i64,
    pub reorder_cases: i64,
    pub on_shelf: i64,
    pub days_left: i64,
}

/// The suggestions once the counter's sales are known: a product the counter tracks is suggested
/// when its shelf runs out before a delivery would come (with the shelf's cases and reason),
/// never because of an ordering habit alone; the others keep their habit. Those running out
/// soonest first, then the habits in their order; at most `MAX_SUGGESTIONS`, each product once.
pub fn with_shelf(habits: Vec<Suggestion>, tracked: &[Tracked]) -> Vec<Suggestion> {
    let mut shelf: Vec<Suggestion> = Vec::new();
    for t in tracked.iter().filter(|t| t.product_id > 0 && t.reorder_cases > 0) {
        if shelf.iter().any(|s| s.product_id == t.product_id) {
            continue;
        }
        let habit = habits.iter().find(|h| h.product_id == t.product_id);
        shelf.push(Suggestion {
            product_id: t.product_id,
            cases: t.reorder_cases.min(MAX_USUAL_CASES),
            every_days: habit.map_or(0, |h| h.every_days),
            last_days_ago: habit.map_or(0, |h| h.last_days_ago),
            shelf: Some(ShelfWhy { on_shelf: t.on_shelf.max(0), days_left: t.days_left.max(0) }),
        });
    }
    shelf.sort_by_key(|s| (s.shelf.map_or(0, |w| w.days_left), s.product_id));
    let tracked_ids: Vec<i64> = tracked.iter().map(|t| t.product_id).collect();
    shelf.extend(habits.into_iter().filter(|h| !tracked_ids.contains(&h.product_id)));
    shelf.truncate(MAX_SUGGESTIONS);
    shelf
}

/// History looked at: the last 120 days.
pub const HISTORY_DAYS: i64 = 120;
/// At most this many suggestions, most overdue first.
pub const MAX_SUGGESTIONS: usize = 12;
/// A habit has lapsed once this many of its gaps passed without an order: no longer suggested.
pub const LAPSED_AFTER_GAPS: i64 = 3;
/// Cases per order above this are not "usual" (a one-off bulk buy is capped here).
pub const MAX_USUAL_CASES: i64 = 1_000;

/// Suggests the products whose usual reorder gap has mostly passed (at least 80% of it) since the
/// last order, and not three times over (then the shop has stopped buying it): a product needs two orders on different days to have a gap. Quantities are the
/// median of what was ordered per order day. Any input gives sane output: dates out of range,
/// future days and absurd quantities are ignored or capped, never overflow.
pub fn suggest(history: &[Bought], today: Date) -> Vec<Suggestion> {
    let mut rows: Vec<Bought> = history
        .iter()
        .copied()
        .filter(|b| b.on.in_range() && b.on <= today && b.cases > 0 && b.product_id > 0)
        .filter(|b| today.days_since(b.on).is_some_and(|d| d <= HISTORY_DAYS))
        .collect();
    rows.sort_by_key(|b| (b.product_id, b.on));
    let mut out = Vec::new();
    for product in rows.chunk_by(|a, b| a.product_id == b.product_id) {
        // One entry per order day: the cases of that day summed (capped).
        let mut days: Vec<(Date, i64)> = Vec::new();
        for b in product {
            match days.last_mut() {
                Some((d, c)) if *d == b.on => *c = (*c).saturating_add(b.cases).min(MAX_USUAL_CASES),
                _ => days.push((b.on, b.cases.min(MAX_USUAL_CASES))),
            }
        }
        if days.len() < 2 {
            continue;
        }
        let mut gaps: Vec<i64> = days.windows(2).filter_map(|w| w[1].0.days_since(w[0].0)).collect();
        let every_days = median(&mut gaps).max(1);
        let mut cases: Vec<i64> = days.iter().map(|(_, c)| *c).collect();
        let usual = median(&mut cases).max(1);
        let Some(last_days_ago) = days.last().and_then(|(d, _)| today.days_since(*d)) else { continue };
        if last_days_ago * 10 >= every_days * 8 && last_days_ago <= every_days * LAPSED_AFTER_GAPS {
            out.push(Suggestion {
                product_id: product[0].product_id,
                cases: usual,
                every_days,
                last_days_ago,
                shelf: None,
            });
        }
    }
    // Most overdue first (the share of the gap that has passed), then by product for a stable order.
    out.sort_by(|a, b| {
        (b.last_days_ago * a.every_days).cmp(&(a.last_days_ago * b.every_days)).then(a.product_id.cmp(&b.product_id))
    });
    out.truncate(MAX_SUGGESTIONS);
    out
}

/// The median of small non-negative numbers (the lower middle of an even count).
fn median(v: &mut [i64]) -> i64 {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    v[(v.len() - 1) / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> Date {
        Date::from_ymd(2026, 12, 1).plus_days(n)
    }

    fn bought(product_id: i64, on: i64, cases: i64) -> Bought {
        Bought { product_id, on: day(on), cases }
    }

    #[test]
    fn a_weekly_product_is_suggested_once_its_week_is_nearly_over() {
        let history = [bought(7, -21, 2), bought(7, -14, 3), bought(7, -7, 2)];
        // 6 of its 7 days have passed: due.
        assert_eq!(
            suggest(&history, day(-1)),
            vec![Suggestion { product_id: 7, cases: 2, every_days: 7, last_days_ago: 6, shelf: None }]
        );
        assert_eq!(suggest(&history, day(-3)), vec![], "4 of 7 days: not yet");
        assert_eq!(suggest(&history, day(15)), vec![], "22 days: three weeks missed, the habit lapsed");
        assert_eq!(
            suggest(&history, day(0)),
            vec![Suggestion { product_id: 7, cases: 2, every_days: 7, last_days_ago: 7, shelf: None }]
        );
    }

    #[test]
    fn one_order_is_not_a_habit_and_old_or_future_history_is_ignored() {
        assert_eq!(suggest(&[bought(1, -10, 4)], day(0)), vec![]);
        // Two orders on one day are one order day.
        assert_eq!(suggest(&[bought(1, -10, 4), bought(1, -10, 1)], day(0)), vec![]);
        // Older than the history window, or after today.
        assert_eq!(suggest(&[bought(1, -200, 4), bought(1, -190, 4)], day(0)), vec![]);
        assert_eq!(suggest(&[bought(1, 5, 4), bought(1, 10, 4)], day(0)), vec![]);
    }

    #[test]
    fn the_most_overdue_comes_first() {
        let history = [
            bought(1, -20, 1),
            bought(1, -10, 1), // every 10, 10 days ago: 100%
            bought(2, -12, 5),
            bought(2, -8, 5), // every 4, 8 days ago: 200%
        ];
        let s = suggest(&history, day(0));
        assert_eq!(s.iter().map(|s| s.product_id).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(s[0].cases, 5);
    }

    #[test]
    fn the_counter_decides_for_what_it_tracks_and_habits_for_the_rest() {
        let habit = |product_id| Suggestion { product_id, cases: 2, every_days: 7, last_days_ago: 6, shelf: None };
        let t = |product_id, reorder_cases, days_left| Tracked { product_id, reorder_cases, on_shelf: 3, days_left };
        let out = with_shelf(vec![habit(1), habit(2), habit(3)], &[t(1, 0, 30), t(2, 4, 2), t(9, 1, 1)]);
        // 1 lasts a month (no suggestion despite the habit); 9 runs out first; 3 keeps its habit.
        assert_eq!(out.iter().map(|s| (s.product_id, s.cases)).collect::<Vec<_>>(), vec![(9, 1), (2, 4), (3, 2)]);
        assert_eq!(out[1].shelf, Some(ShelfWhy { on_shelf: 3, days_left: 2 }));
        assert_eq!((out[1].every_days, out[0].every_days), (7, 0), "the habit's rhythm is kept when there is one");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Lines around `today` (some after it, some before the window), with any quantity,
        /// and now and then a wild date.
        fn any_bought(today: i64) -> impl Strategy<Value = Bought> {
            (-3i64..40, prop_oneof![9 => (-150i64..5).prop_map(move |d| today + d), 1 => any::<i64>()], any::<i64>())
                .prop_map(|(p, on, cases)| Bought { product_id: p, on: Date(on), cases })
        }

        fn any_history() -> impl Strategy<Value = (i64, Vec<Bought>)> {
            prop_oneof![Just(Date::MIN.0), Just(Date::MAX.0), 20_000i64..30_000]
                .prop_flat_map(|today| (Just(today), proptest::collection::vec(any_bought(today), 0..200)))
        }

        proptest! {
            #[test]
            fn suggestions_are_sane_for_any_history((today, history) in any_history()) {
                let today = Date(today);
                let s = suggest(&history, today);
                prop_assert!(s.len() <= MAX_SUGGESTIONS);
                let mut seen = std::collections::BTreeSet::new();
                for x in &s {
                    prop_assert!(seen.insert(x.product_id), "each product once");
                    prop_assert!(x.cases >= 1 && x.cases <= MAX_USUAL_CASES);
                    prop_assert!(x.every_days >= 1 && x.every_days <= HISTORY_DAYS);
                    prop_assert!(x.last_days_ago >= 0 && x.last_days_ago <= HISTORY_DAYS);
                    prop_assert!(x.last_days_ago * 10 >= x.every_days * 8, "only what is due");
                    prop_assert!(x.last_days_ago <= x.every_days * LAPSED_AFTER_GAPS, "not what it stopped buying");
                    // Only products with orders on two different days within the window.
                    let days: std::collections::BTreeSet<i64> = history
                        .iter()
                        .filter(|b| b.product_id == x.product_id && b.cases > 0 && b.on.in_range() && b.on <= today)
                        .filter(|b| today.days_since(b.on).is_some_and(|d| d <= HISTORY_DAYS))
                        .map(|b| b.on.0)
                        .collect();
                    prop_assert!(days.len() >= 2);
                }
            }

            #[test]
            fn the_shelf_merge_is_sane_for_any_input(
                (today, history) in any_history(),
                tracked in prop::collection::vec((0i64..30, any::<i64>(), any::<i64>(), any::<i64>()), 0..20),
            ) {
                let habits = suggest(&history, Date(today));
                let tracked: Vec<Tracked> = tracked
                    .into_iter()
                    .map(|(product_id, reorder_cases, on_shelf, days_left)| Tracked { product_id, reorder_cases, on_shelf, days_left })
                    .collect();
                let out = with_shelf(habits.clone(), &tracked);
                prop_assert!(out.len() <= MAX_SUGGESTIONS);
                let mut seen = std::collections::BTreeSet::new();
                for x in &out {
                    prop_assert!(seen.insert(x.product_id), "each product once");
                    prop_assert!(x.cases >= 1 && x.cases <= MAX_USUAL_CASES);
                    match x.shelf {
                        // From the counter: a product it tracks, with a reorder, first of its kind.
                        Some(w) => {
                            let t = tracked.iter().find(|t| t.product_id == x.product_id && t.reorder_cases > 0);
                            prop_assert!(t.is_some());
                            prop_assert!(w.on_shelf >= 0 && w.days_left >= 0);
                        }
                        // A habit, for a product the counter does not track.
                        None => {
                            prop_assert!(habits.contains(x));
                            prop_assert!(tracked.iter().all(|t| t.product_id != x.product_id));
                        }
                    }
                }
                // Shelf suggestions come before habits.
                if let Some(first_habit) = out.iter().position(|x| x.shelf.is_none()) {
                    prop_assert!(out[first_habit..].iter().all(|x| x.shelf.is_none()));
                }
            }
        }
    }
}
