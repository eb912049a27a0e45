//! Calendar dates without a time zone library: a day number since 1970-01-01 and the civil
//! (proleptic Gregorian) conversions, plus the local day of a UTC instant at a fixed UTC offset
//! (China has had one offset, +08:00, and no daylight saving since 1991).

use serde::{Deserialize, Serialize};
use std::fmt;

pub const DAY_MS: i64 = 86_400_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(pub i64);

impl Date {
    /// The first day any rule accepts: 2000-01-01. The app started long after; a date before it
    /// is a typo or a forged request.
    pub const MIN: Date = Date(10_957);
    /// The last day any rule accepts: 2200-12-31 (far beyond any shelf life or promise).
    pub const MAX: Date = Date(84_370);
    /// The years of `MIN` and `MAX`.
    pub const MIN_YEAR: i64 = 2000;
    pub const MAX_YEAR: i64 = 2200;

    /// Whether the rules accept this date (`MIN..=MAX`).
    pub fn in_range(self) -> bool {
        (Date::MIN..=Date::MAX).contains(&self)
    }

    /// Howard Hinnant's days_from_civil, in i128 so that no year overflows; a day number beyond
    /// i64 saturates (only a year beyond ±10^16 gets there). Rules refuse anything out of range.
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Date {
        let y = i128::from(y) - i128::from(m <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i128::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i128::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let n = era * 146_097 + doe - 719_468;
        Date(n.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }

    /// The civil date (year, month, day) of any day number (computed in i128: never overflows).
    pub fn ymd(self) -> (i64, u32, u32) {
        let z = i128::from(self.0) + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        ((yoe + era * 400 + i128::from(m <= 2)) as i64, m, d)
    }

    /// A valid calendar date within `MIN_YEAR..=MAX_YEAR`, or None.
    pub fn checked_from_ymd(y: i64, m: u32, d: u32) -> Option<Date> {
        if !(Date::MIN_YEAR..=Date::MAX_YEAR).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let date = Date::from_ymd(y, m, d);
        (date.ymd() == (y, m, d)).then_some(date)
    }

    /// `2026-11-23`, within `MIN_YEAR..=MAX_YEAR`; None for anything else.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
        Date::checked_from_ymd(y, m, d)
    }

    /// `days` later (earlier if negative), saturating at the ends of i64 rather than wrapping.
    /// Rules check their dates are `in_range` first, so for them it is exact.
    pub fn plus_days(self, days: i64) -> Date {
        Date(self.0.saturating_add(days))
    }

    /// `days` later, or None if that leaves the dates the rules accept.
    pub fn checked_plus_days(self, days: i64) -> Option<Date> {
        self.0.checked_add(days).map(Date).filter(|d| d.in_range())
    }

    /// Days from `earlier` to `self` (negative if `earlier` is later), or None if it overflows.
    pub fn days_since(self, earlier: Date) -> Option<i64> {
        self.0.checked_sub(earlier.0)
    }

    /// The local date of a UTC instant, at `utc_offset_minutes` (i128: any input is safe).
    pub fn local_of(utc_ms: i64, utc_offset_minutes: i64) -> Date {
        let local = i128::from(utc_ms) + i128::from(utc_offset_minutes) * 60_000;
        Date(local.div_euclid(i128::from(DAY_MS)) as i64)
    }

    /// Minutes after local midnight of a UTC instant (i128: any input is safe).
    pub fn local_minute_of(utc_ms: i64, utc_offset_minutes: i64) -> i64 {
        let local = i128::from(utc_ms) + i128::from(utc_offset_minutes) * 60_000;
        (local.rem_euclid(i128::from(DAY_MS)) / 60_000) as i64
    }

    /// The UTC instant at which this local day ends, saturating at the ends of i64 (a day that
    /// far away never ends, as far as any clock here can tell).
    pub fn end_utc_ms(self, utc_offset_minutes: i64) -> i64 {
        let end = (i128::from(self.0) + 1) * i128::from(DAY_MS) - i128::from(utc_offset_minutes) * 60_000;
        end.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }
}

/// `2026-11-23`
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(Date::from_ymd(1970, 1, 1), Date(0));
        assert_eq!(Date::from_ymd(2026, 11, 22).to_string(), "2026-11-22");
        assert_eq!(Date::from_ymd(2024, 2, 29).plus_days(1).to_string(), "2024-03-01");
        assert_eq!(Date::from_ymd(2026, 12, 31).plus_days(1).to_string(), "2027-01-01");
        for n in -1000..100_000 {
            let (y, m, d) = Date(n).ymd();
            assert_eq!(Date::from_ymd(y, m, d), Date(n));
        }
        assert_eq!(Date::parse("2026-02-30"), None);
        assert_eq!(Date::parse("2026-11-22"), Some(Date::from_ymd(2026, 11, 22)));
    }

    #[test]
    fn local_day_in_china_starts_at_16_00_utc() {
        let utc_15_59 = Date::from_ymd(2026, 11, 22).0 * DAY_MS + (15 * 60 + 59) * 60_000;
        assert_eq!(Date::local_of(utc_15_59, 480).to_string(), "2026-11-22");
        assert_eq!(Date::local_minute_of(utc_15_59, 480), 23 * 60 + 59);
        assert_eq!(Date::local_of(utc_15_59 + 60_000, 480).to_string(), "2026-11-23");
        assert_eq!(Date::from_ymd(2026, 11, 22).end_utc_ms(480), utc_15_59 + 60_000);
    }

    #[test]
    fn only_dates_from_2000_to_2200_are_read() {
        assert_eq!(Date::from_ymd(2000, 1, 1), Date::MIN);
        assert_eq!(Date::from_ymd(2200, 12, 31), Date::MAX);
        assert_eq!(Date::parse("2000-01-01"), Some(Date::MIN));
        assert_eq!(Date::parse("2200-12-31"), Some(Date::MAX));
        for bad in [
            "1999-12-31",
            "2201-01-01",
            "9223372036854775807-01-01",
            "-9223372036854775808-01-01",
            "2026-13-01",
            "2026-00-10",
            "2026-1-0",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(!Date(i64::MIN).in_range() && !Date(i64::MAX).in_range());
        assert_eq!(Date(i64::MAX).plus_days(1), Date(i64::MAX));
        assert_eq!(Date::MAX.checked_plus_days(1), None);
        assert_eq!(Date(i64::MAX).days_since(Date(i64::MIN)), None);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_day_number_converts_without_panicking(n in any::<i64>(), ms in any::<i64>(), off in any::<i64>()) {
                let _ = Date(n).to_string();
                let _ = Date(n).end_utc_ms(off);
                let _ = Date(n).plus_days(off);
                let m = Date::local_minute_of(ms, off);
                prop_assert!((0..24 * 60).contains(&m));
                let _ = Date::local_of(ms, off);
            }

            #[test]
            fn dates_in_range_round_trip_through_text(n in Date::MIN.0..=Date::MAX.0) {
                prop_assert_eq!(Date::parse(&Date(n).to_string()), Some(Date(n)));
            }

            #[test]
            fn parse_never_gives_a_date_out_of_range(y in any::<i64>(), m in any::<u32>(), d in any::<u32>()) {
                if let Some(date) = Date::parse(&format!("{y}-{m}-{d}")) {
                    prop_assert!(date.in_range());
                    prop_assert_eq!(date.ymd(), (y, m, d));
                }
            }
        }
    }
}
