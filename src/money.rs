//! Money in integer fen (1/100 yuan). No floating point ever touches an amount.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
// In the database a `*_fen` BIGINT column: rows map straight into `Fen` (sqlx::FromRow).
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// `self + o`, or None if the sum does not fit in an i64 (it never wraps).
    pub fn checked_add(self, o: Fen) -> Option<Fen> {
        self.0.checked_add(o.0).map(Fen)
    }

    /// `self − o`, or None if the difference does not fit in an i64.
    pub fn checked_sub(self, o: Fen) -> Option<Fen> {
        self.0.checked_sub(o.0).map(Fen)
    }

    /// `self × n`, or None if the product does not fit in an i64.
    pub fn checked_mul(self, n: i64) -> Option<Fen> {
        self.0.checked_mul(n).map(Fen)
    }

    /// `amount / parts`, rounded half away from zero; used for the per-unit price shown beside a
    /// case price (display only: orders are priced per case). None when `parts` is not positive.
    /// Cannot overflow: the quotient is never larger than the amount.
    pub fn checked_div_round(self, parts: i64) -> Option<Fen> {
        if parts <= 0 {
            return None;
        }
        let (q, r) = (i128::from(self.0) / i128::from(parts), i128::from(self.0) % i128::from(parts));
        let q = if r.abs() * 2 >= i128::from(parts) { q + i128::from(self.0.signum()) } else { q };
        i64::try_from(q).ok().map(Fen)
    }

    /// `checked_div_round` for a divisor the caller knows is positive (display only).
    ///
    /// # Panics
    /// If `parts` is not positive.
    pub fn div_round(self, parts: i64) -> Fen {
        self.checked_div_round(parts).unwrap_or_else(|| panic!("dividing money into {parts} parts"))
    }

    /// A price typed in yuan ("9", "9.5", "¥9.50"), exactly, without floating point. None for
    /// anything else (negative, more than two decimals, not a number, more than 9 digits of yuan).
    pub fn parse_yuan(text: &str) -> Option<Fen> {
        let t = text.trim().trim_start_matches(['¥', '￥']).trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 9 {
            return None;
        }
        let yuan: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
        let fen: i64 = format!("{frac:0<2}").parse().ok()?;
        yuan.checked_mul(100)?.checked_add(fen).map(Fen)
    }

    /// `self × percent / 100`, rounded half up, for percentages of an amount. None if the result
    /// does not fit in an i64 (computed in i128, so no intermediate step can overflow).
    pub fn percent(self, percent: i64) -> Option<Fen> {
        let v = (i128::from(self.0) * i128::from(percent) + 50).div_euclid(100);
        i64::try_from(v).ok().map(Fen)
    }
}

/// Adding amounts never wraps: an overflow is a bug and panics in every build. The rules use
/// `checked_add`, which refuses instead.
impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        self.checked_add(o).expect("money overflow in an addition")
    }
}

/// Subtracting amounts never wraps (see `Add`); the rules use `checked_sub`.
impl std::ops::Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        self.checked_sub(o).expect("money overflow in a subtraction")
    }
}

/// Multiplying an amount never wraps (see `Add`); the rules use `checked_mul`.
impl std::ops::Mul<i64> for Fen {
    type Output = Fen;
    fn mul(self, n: i64) -> Fen {
        self.checked_mul(n).expect("money overflow in a multiplication")
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
        assert_eq!(Fen(1000).percent(98), Some(Fen(980)));
        assert_eq!(Fen(1234).percent(95), Some(Fen(1172))); // 1172.3
        assert_eq!(Fen(10).percent(5), Some(Fen(1))); // 0.5 → 1
    }

    #[test]
    fn money_arithmetic_refuses_instead_of_wrapping() {
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
        assert_eq!(Fen(192_153_584_090_724_799).checked_mul(96), None);
        assert_eq!(Fen(i64::MAX).percent(200), None);
        assert_eq!(Fen(i64::MAX).percent(5), Some(Fen(461_168_601_842_738_790)));
        assert_eq!(Fen(i64::MIN).checked_div_round(1), Some(Fen(i64::MIN)));
        assert_eq!(Fen(i64::MIN).checked_div_round(-1), None);
        assert_eq!(Fen(100).checked_div_round(0), None);
        assert_eq!(Fen::parse_yuan("999999999.99"), Some(Fen(99_999_999_999)));
    }

    #[test]
    #[should_panic(expected = "money overflow")]
    fn an_overflowing_sum_panics_rather_than_wraps() {
        let _ = Fen(i64::MAX) + Fen(1);
    }

    mod properties {
        use super::super::Fen;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn every_amount_shown_is_read_back_exactly(yuan in 0i64..1_000_000_000, fen in 0i64..100) {
                let shown = Fen(yuan * 100 + fen).to_string();
                prop_assert_eq!(Fen::parse_yuan(&shown), Some(Fen(yuan * 100 + fen)));
            }

            #[test]
            fn parsing_any_text_never_panics_and_never_gives_a_negative(text in ".{0,24}") {
                if let Some(f) = Fen::parse_yuan(&text) {
                    prop_assert!(f.0 >= 0 && f.0 < 100_000_000_000);
                }
            }

            #[test]
            fn checked_money_ops_agree_with_i128_or_refuse(a in any::<i64>(), b in any::<i64>(), p in any::<i64>()) {
                let fits = |v: i128| i64::try_from(v).ok().map(Fen);
                prop_assert_eq!(Fen(a).checked_add(Fen(b)), fits(i128::from(a) + i128::from(b)));
                prop_assert_eq!(Fen(a).checked_sub(Fen(b)), fits(i128::from(a) - i128::from(b)));
                prop_assert_eq!(Fen(a).checked_mul(b), fits(i128::from(a) * i128::from(b)));
                prop_assert_eq!(Fen(a).percent(p), fits((i128::from(a) * i128::from(p) + 50).div_euclid(100)));
                match Fen(a).checked_div_round(b) {
                    None => prop_assert!(b <= 0),
                    Some(q) => prop_assert!((i128::from(q.0) * i128::from(b) - i128::from(a)).abs() * 2 <= i128::from(b)),
                }
            }
        }
    }
}
