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
    /// Howard Hinnant's days_from_civil.
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
        let date = Date::from_ymd(y, m, d);
        (date.ymd() == (y, m, d)).then_some(date)
    }

    pub fn plus_days(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    /// The local date of a UTC instant, at `utc_offset_minutes`.
    pub fn local_of(utc_ms: i64, utc_offset_minutes: i64) -> Date {
        Date((utc_ms + utc_offset_minutes * 60_000).div_euclid(DAY_MS))
    }

    /// Minutes after local midnight of a UTC instant.
    pub fn local_minute_of(utc_ms: i64, utc_offset_minutes: i64) -> i64 {
        (utc_ms + utc_offset_minutes * 60_000).rem_euclid(DAY_MS) / 60_000
    }

    /// The UTC instant at which this local day ends.
    pub fn end_utc_ms(self, utc_offset_minutes: i64) -> i64 {
        (self.0 + 1) * DAY_MS - utc_offset_minutes * 60_000
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
}
