//! The brand side: a brand's or a distributor's own numbers, from real order data and for its own
//! products only. Which shops bought the brand lately (动销店) and which came back for more, where
//! it reaches (by city, by county town or city district), a new product's spread day by day, and
//! what sells where.
//!
//! The types and the pure rules (periods, rates, the launch's running total) are shared, so the
//! brand's screens can show what the server computed and how.

pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;
pub mod launches;
pub mod promotions;
pub mod team;
#[cfg(all(feature = "csr", feature = "staff"))]
pub mod views;

use crate::dates::{Date, DAY_MS};
use crate::error::{AppError, Invalid};
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// 动销店 are counted over this many days unless the caller asks for another period.
pub const ACTIVE_DAYS: i64 = 30;

/// The longest period an insight covers (the demo's history is 90 days).
pub const MAX_DAYS: i64 = 90;

/// The most products per city in "what sells where".
pub const MAX_TOP: i64 = 20;

/// China's local day (UTC+8), in which the insights count days.
pub const UTC_OFFSET_MINUTES: i64 = 480;

/// A period of whole local days ending today: `days` from 1 to `MAX_DAYS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub days: i64,
    /// The first day counted.
    pub first: Date,
}

impl Period {
    pub fn parse(days: i64, today: Date) -> Result<Period, AppError> {
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(AppError::Invalid(Invalid::Period));
        }
        Ok(Period { days, first: today.plus_days(1 - days) })
    }

    /// The UTC instant the first day began: orders from then on count.
    pub fn since_ms(self) -> i64 {
        self.first.plus_days(-1).end_utc_ms(UTC_OFFSET_MINUTES)
    }
}

/// The local day number (`Date`'s) of a UTC instant; what the SQL computes as
/// `(created_ms + 28800000) / 86400000` for the instants after 1970.
pub fn day_of(utc_ms: i64) -> Date {
    Date::local_of(utc_ms, UTC_OFFSET_MINUTES)
}

/// A share in thousandths, rounded half up; 0 of 0 is 0.
pub fn permille(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        (part * 1000 + whole / 2) / whole
    }
}

/// Whether a shop's town is a county town (县城) or a city district (城区).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TownKind {
    District,
    County,
}

impl TownKind {
    pub fn code(self) -> &'static str {
        match self {
            TownKind::District => "district",
            TownKind::County => "county",
        }
    }
    pub fn from_code(code: &str) -> Option<TownKind> {
        [TownKind::District, TownKind::County].into_iter().find(|k| k.code() == code)
    }
}

/// What kind of shop it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShopKind {
    Convenience,
    Grocery,
    Tobacco,
    Supermarket,
    Kiosk,
}

impl ShopKind {
    pub const ALL: [ShopKind; 5] =
        [ShopKind::Convenience, ShopKind::Grocery, ShopKind::Tobacco, ShopKind::Supermarket, ShopKind::Kiosk];
    pub fn code(self) -> &'static str {
        match self {
            ShopKind::Convenience => "convenience",
            ShopKind::Grocery => "grocery",
            ShopKind::Tobacco => "tobacco",
            ShopKind::Supermarket => "supermarket",
            ShopKind::Kiosk => "kiosk",
        }
    }
    pub fn from_code(code: &str) -> Option<ShopKind> {
        ShopKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// 动销店 over a period: the shops that bought any of the brand's products in it, those of them
/// that ordered the brand on two or more separate orders (reordered), and what they bought.
/// Cancelled orders, and orders still being placed, do not count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveShops {
    /// The brands the caller carries (a distributor may carry several).
    pub brands: Vec<String>,
    pub days: i64,
    pub first_day: Date,
    pub active_shops: i64,
    pub reordering_shops: i64,
    /// `reordering_shops` per thousand `active_shops` (`permille`).
    pub reorder_rate_permille: i64,
    /// Orders with at least one of the brand's lines.
    pub orders: i64,
    /// Cases of the brand's products ordered (paid ones; free cases not counted).
    pub cases: i64,
    pub goods_fen: Fen,
    /// Active shops in county towns, and their share of all active shops.
    pub county_active_shops: i64,
    pub county_share_permille: i64,
}

/// How the reach is grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegionLevel {
    City,
    /// County town or city district, within its city.
    Town,
}

/// The brand's reach in one region over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionReach {
    pub city: String,
    /// Empty when grouped by city.
    pub town: String,
    /// None when grouped by city.
    pub town_kind: Option<TownKind>,
    /// Every shop placed in the region (the reach's denominator).
    pub shops: i64,
    /// Those that bought the brand in the period.
    pub active_shops: i64,
    /// `active_shops` per thousand `shops`.
    pub reach_permille: i64,
    pub cases: i64,
    pub goods_fen: Fen,
}

/// One day of a launch: the shops that bought the product for the first time that day, and all
/// the shops it has reached by the end of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchDay {
    pub day: Date,
    pub new_shops: i64,
    pub shops_reached: i64,
}

/// A product's spread over a period, day by day (every day, also those without a new shop).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchSpread {
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    /// Shops that had bought it before the period began.
    pub reached_before: i64,
    pub days: Vec<LaunchDay>,
    /// Of the shops reached (ever), those in county towns.
    pub county_shops: i64,
}

/// Day by day from the first shops per day (`(day, shops whose first purchase was that day)`,
/// any order): each of the period's days with its new shops and the running total, which starts
/// from the shops reached before the period.
pub fn spread(period: Period, first_days: &[(Date, i64)]) -> (i64, Vec<LaunchDay>) {
    let before: i64 = first_days.iter().filter(|(d, _)| *d < period.first).map(|(_, n)| n).sum();
    let mut total = before;
    let days = (0..period.days)
        .map(|i| {
            let day = period.first.plus_days(i);
            let new_shops: i64 = first_days.iter().filter(|(d, _)| *d == day).map(|(_, n)| n).sum();
            total += new_shops;
            LaunchDay { day, new_shops, shops_reached: total }
        })
        .collect();
    (before, days)
}

/// One of the brand's products in a city: cases over the period and the shops that bought it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopProduct {
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub cases: i64,
    pub shops: i64,
}

/// What sells where: per city (most cases first), the brand's best products there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityTop {
    pub city: String,
    pub cases: i64,
    pub products: Vec<TopProduct>,
}

/// Ranks `(city, product)` sums into each city's top `top` (most cases, then most shops, then the
/// lower product id), cities by their total cases (then by name).
pub fn rank_by_city(rows: Vec<(String, TopProduct)>, top: usize) -> Vec<CityTop> {
    let mut cities: Vec<CityTop> = Vec::new();
    for (city, p) in rows {
        match cities.iter_mut().find(|c| c.city == city) {
            Some(c) => {
                c.cases += p.cases;
                c.products.push(p);
            }
            None => cities.push(CityTop { city, cases: p.cases, products: vec![p] }),
        }
    }
    for c in &mut cities {
        c.products
            .sort_by(|a, b| b.cases.cmp(&a.cases).then(b.shops.cmp(&a.shops)).then(a.product_id.cmp(&b.product_id)));
        c.products.truncate(top);
    }
    cities.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.city.cmp(&b.city)));
    cities
}

/// How many products per city "what sells where" may list: 1 to `MAX_TOP`.
pub fn check_top(top: i64) -> Result<usize, AppError> {
    if (1..=MAX_TOP).contains(&top) {
        Ok(top as usize)
    } else {
        Err(AppError::Invalid(Invalid::Period))
    }
}

/// Local day 0 of the SQL's day arithmetic is the Unix epoch's; both agree for instants after it.
const _: () = assert!(DAY_MS == 86_400_000);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_one_to_ninety_whole_days_ending_today() {
        let today = Date::from_ymd(2026, 12, 2);
        assert!(Period::parse(0, today).is_err());
        assert!(Period::parse(91, today).is_err());
        assert!(Period::parse(-5, today).is_err());
        let p = Period::parse(30, today).unwrap();
        assert_eq!(p.first, Date::from_ymd(2026, 11, 3));
        // Midnight in China is 16:00 UTC the day before.
        assert_eq!(day_of(p.since_ms()), p.first);
        assert_eq!(day_of(p.since_ms() - 1), p.first.plus_days(-1));
        assert_eq!(Period::parse(1, today).unwrap().first, today);
    }

    #[test]
    fn rates_round_half_up_and_nothing_of_nothing_is_zero() {
        assert_eq!(permille(0, 0), 0);
        assert_eq!(permille(1, 3), 333);
        assert_eq!(permille(2, 3), 667);
        assert_eq!(permille(7, 7), 1000);
    }

    #[test]
    fn the_spread_runs_on_from_the_shops_reached_before() {
        let today = Date::from_ymd(2026, 12, 2);
        let p = Period::parse(3, today).unwrap();
        let firsts = [(today.plus_days(-10), 4), (today.plus_days(-1), 2), (today, 5)];
        let (before, days) = spread(p, &firsts);
        assert_eq!(before, 4);
        let got: Vec<(i64, i64)> = days.iter().map(|d| (d.new_shops, d.shops_reached)).collect();
        assert_eq!(got, [(0, 4), (2, 6), (5, 11)]);
        assert_eq!(days[0].day, today.plus_days(-2));
    }

    #[test]
    fn each_city_keeps_its_best_products_and_the_biggest_city_comes_first() {
        let p = |id, cases, shops| TopProduct {
            product_id: id,
            name_zh: String::new(),
            name_en: String::new(),
            cases,
            shops,
        };
        let rows = vec![
            ("A".to_owned(), p(1, 5, 1)),
            ("B".to_owned(), p(1, 3, 2)),
            ("B".to_owned(), p(2, 9, 1)),
            ("B".to_owned(), p(3, 3, 3)),
        ];
        let r = rank_by_city(rows, 2);
        assert_eq!(r.iter().map(|c| (c.city.as_str(), c.cases)).collect::<Vec<_>>(), [("B", 15), ("A", 5)]);
        assert_eq!(r[0].products.iter().map(|p| p.product_id).collect::<Vec<_>>(), [2, 3]);
        assert!(check_top(0).is_err() && check_top(21).is_err() && check_top(20).is_ok());
    }
}
