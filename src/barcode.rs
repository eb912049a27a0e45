//! GTIN barcodes (EAN-8, UPC-A, EAN-13, ITF-14) whose check digit has been verified: once parsed,
//! a `Gtin` is a code a product can really carry.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GtinError {
    #[error("a barcode has only digits")]
    NotDigits,
    #[error("a barcode has 8, 12, 13 or 14 digits")]
    WrongLength,
    #[error("the check digit does not match")]
    CheckDigit,
}

/// The GS1 check digit of `body` (every digit but the last): weights 3,1,3,… from the right.
pub fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body.iter().rev().enumerate().map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 }).sum();
    ((10 - sum % 10) % 10) as u8
}

impl Gtin {
    pub fn parse(s: &str) -> Result<Gtin, GtinError> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GtinError::NotDigits);
        }
        if !matches!(s.len(), 8 | 12 | 13 | 14) {
            return Err(GtinError::WrongLength);
        }
        let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        let (body, last) = digits.split_at(digits.len() - 1);
        if check_digit(body) != last[0] {
            return Err(GtinError::CheckDigit);
        }
        Ok(Gtin(s.to_owned()))
    }

    /// Completes `body` (one digit short of a GTIN length) with its check digit.
    pub fn with_check_digit(body: &str) -> Result<Gtin, GtinError> {
        let digits: Vec<u8> = body.bytes().map(|b| b.wrapping_sub(b'0')).collect();
        if digits.iter().any(|d| *d > 9) {
            return Err(GtinError::NotDigits);
        }
        Gtin::parse(&format!("{body}{}", check_digit(&digits)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Gtin {
    type Error = GtinError;
    fn try_from(s: String) -> Result<Gtin, GtinError> {
        Gtin::parse(&s)
    }
}

impl From<Gtin> for String {
    fn from(g: Gtin) -> String {
        g.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes() {
        // 康师傅红烧牛肉面, 农夫山泉 550ml, a UPC-A and an EAN-8.
        for code in ["6920152400012", "6921168509256", "036000291452", "96385074"] {
            assert!(Gtin::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn refuses_a_wrong_check_digit_and_garbage() {
        assert_eq!(Gtin::parse("6920152400013"), Err(GtinError::CheckDigit));
        assert_eq!(Gtin::parse("69201524000"), Err(GtinError::WrongLength));
        assert_eq!(Gtin::parse("69201524000a2"), Err(GtinError::NotDigits));
        assert_eq!(Gtin::parse(""), Err(GtinError::NotDigits));
    }

    #[test]
    fn completes_a_case_code() {
        let itf = Gtin::with_check_digit("1692015240001").unwrap();
        assert_eq!(itf.as_str().len(), 14);
        assert!(Gtin::parse(itf.as_str()).is_ok());
    }
}
