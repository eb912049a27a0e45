//! Money in integer fen (1/100 yuan). No floating point ever touches an amount.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// `amount / parts`, rounded half away from zero; used for the per-unit price shown beside a
    /// case price (display only: orders are priced per case).
    pub fn div_round(self, parts: i64) -> Fen {
        assert!(parts > 0, "dividing money into {parts} parts");
        let (q, r) = (self.0 / parts, self.0 % parts);
        if r.abs() * 2 >= parts {
            Fen(q + self.0.signum())
        } else {
            Fen(q)
        }
    }

    /// A price typed in yuan ("9", "9.5", "¥9.50"), exactly, without floating point. None for
    /// anything else (negative, more than two decimals, not a number, absurdly large).
    pub fn parse_yuan(text: &str) -> Option<Fen> {
        let t = text.trim().trim_start_matches(['¥', '￥']).trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 9 {
            return None;
        }
        let yuan: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
        let fen: i64 = format!("{frac:0<2}").parse().ok()?;
        Some(Fen(yuan * 100 + fen))
    }

    /// `self × percent / 100`, rounded half up, for percentage discounts on a price.
    pub fn percent(self, percent: i64) -> Fen {
        Fen((self.0 * percent + 50).div_euclid(100))
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl std::ops::Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}

impl std::ops::Mul<i64> for Fen {
    type Output = Fen;
    fn mul(self, n: i64) -> Fen {
        Fen(self.0 * n)
    }
}

/// `¥12.34`, `-¥0.05`: how every screen shows an amount.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}¥{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_typed_in_yuan_are_read_exactly() {
        assert_eq!(Fen::parse_yuan("9"), Some(Fen(900)));
        assert_eq!(Fen::parse_yuan(" ¥9.5 "), Some(Fen(950)));
        assert_eq!(Fen::parse_yuan("9.05"), Some(Fen(905)));
        assert_eq!(Fen::parse_yuan(".5"), Some(Fen(50)));
        assert_eq!(Fen::parse_yuan("0.10"), Some(Fen(10)));
        for bad in ["", ".", "9.555", "-1", "abc", "9,5", "1e3", "9999999999"] {
            assert_eq!(Fen::parse_yuan(bad), None, "{bad}");
        }
    }

    #[test]
    fn shows_yuan_with_two_decimals() {
        assert_eq!(Fen(0).to_string(), "¥0.00");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(123456).to_string(), "¥1234.56");
        assert_eq!(Fen(-250).to_string(), "-¥2.50");
    }

    #[test]
    fn unit_price_rounds_half_away_from_zero() {
        assert_eq!(Fen(100).div_round(3), Fen(33));
        assert_eq!(Fen(200).div_round(3), Fen(67));
        assert_eq!(Fen(150).div_round(100), Fen(2));
        assert_eq!(Fen(149).div_round(100), Fen(1));
        assert_eq!(Fen(-150).div_round(100), Fen(-2));
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(Fen(1000).percent(98), Fen(980));
        assert_eq!(Fen(1234).percent(95), Fen(1172)); // 1172.3
        assert_eq!(Fen(10).percent(5), Fen(1)); // 0.5 → 1
    }
}
