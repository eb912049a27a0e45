//! The barcode scanner: the rules for accepting a read (shared and pure, tested natively), the
//! camera and decoders (`camera`: the browser's `BarcodeDetector` where it exists, else our
//! WebAssembly decoder in a web worker, fetched only when the scanner opens), and the scanner view.
//!
//! A code is accepted only when its check digit is valid and two consecutive frames agree, so a
//! misread can never put a wrong product in the cart.

#[cfg(feature = "csr")]
pub mod camera;
#[cfg(feature = "csr")]
pub mod views;

use crate::barcode::Gtin;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Symbology {
    Ean13,
    Ean8,
    Upca,
    Upce,
    Itf14,
    Code128,
    Qr,
}

impl Symbology {
    pub const ALL: [Symbology; 7] = [
        Symbology::Ean13,
        Symbology::Ean8,
        Symbology::Upca,
        Symbology::Upce,
        Symbology::Itf14,
        Symbology::Code128,
        Symbology::Qr,
    ];

    /// The name the browser's BarcodeDetector uses.
    pub fn from_detector(format: &str) -> Option<Symbology> {
        Some(match format {
            "ean_13" => Symbology::Ean13,
            "ean_8" => Symbology::Ean8,
            "upc_a" => Symbology::Upca,
            "upc_e" => Symbology::Upce,
            "itf" => Symbology::Itf14,
            "code_128" => Symbology::Code128,
            "qr_code" => Symbology::Qr,
            _ => return None,
        })
    }

    pub fn detector_name(self) -> &'static str {
        match self {
            Symbology::Ean13 => "ean_13",
            Symbology::Ean8 => "ean_8",
            Symbology::Upca => "upc_a",
            Symbology::Upce => "upc_e",
            Symbology::Itf14 => "itf",
            Symbology::Code128 => "code_128",
            Symbology::Qr => "qr_code",
        }
    }
}

/// One code read from one frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Read {
    pub symbology: Symbology,
    pub text: String,
}

/// UPC-E's 8 digits as the UPC-A they stand for (number system 0 or 1), check digit included.
pub fn upce_to_upca(upce: &str) -> Option<String> {
    let d: Vec<char> = upce.chars().collect();
    if d.len() != 8 || !upce.bytes().all(|b| b.is_ascii_digit()) || !matches!(d[0], '0' | '1') {
        return None;
    }
    let (ns, m, check) = (d[0], &d[1..7], d[7]);
    let body: String = match m[5] {
        '0' | '1' | '2' => format!("{}{}{}0000{}{}{}", m[0], m[1], m[5], m[2], m[3], m[4]),
        '3' => format!("{}{}{}00000{}{}", m[0], m[1], m[2], m[3], m[4]),
        '4' => format!("{}{}{}{}00000{}", m[0], m[1], m[2], m[3], m[4]),
        _ => format!("{}{}{}{}{}0000{}", m[0], m[1], m[2], m[3], m[4], m[5]),
    };
    Some(format!("{ns}{body}{check}"))
}

impl Read {
    /// Whether this read is a code a product can carry: the right length and a valid check digit
    /// for the GS1 codes (Code 128 and QR carry their own checksums, verified by the decoder).
    pub fn is_valid(&self) -> bool {
        let len_ok = |n: usize| self.text.len() == n;
        match self.symbology {
            Symbology::Ean13 => len_ok(13) && Gtin::parse(&self.text).is_ok(),
            Symbology::Ean8 => len_ok(8) && Gtin::parse(&self.text).is_ok(),
            Symbology::Upca => len_ok(12) && Gtin::parse(&self.text).is_ok(),
            Symbology::Itf14 => len_ok(14) && Gtin::parse(&self.text).is_ok(),
            Symbology::Upce => upce_to_upca(&self.text).is_some_and(|a| Gtin::parse(&a).is_ok()),
            Symbology::Code128 | Symbology::Qr => !self.text.is_empty() && self.text.len() <= 512,
        }
    }

    /// The code to look a product up by: UPC-E as its UPC-A, the rest as read.
    pub fn lookup_code(&self) -> String {
        match self.symbology {
            Symbology::Upce => upce_to_upca(&self.text).unwrap_or_else(|| self.text.clone()),
            _ => self.text.clone(),
        }
    }
}

/// Accepts a code once two consecutive frames read it (valid each time), and not again until it
/// has been out of view for a frame or `repeat_ms` have passed: holding a product in front of
/// the camera adds it once; showing it again adds it again.
#[derive(Clone, Debug, Default)]
pub struct Confirmer {
    previous: Vec<Read>,
    accepted: Option<(Read, f64)>,
    pub repeat_ms: f64,
}

impl Confirmer {
    pub fn new(repeat_ms: f64) -> Confirmer {
        Confirmer { repeat_ms, ..Confirmer::default() }
    }

    pub fn feed(&mut self, reads: Vec<Read>, now_ms: f64) -> Option<Read> {
        let reads: Vec<Read> = reads.into_iter().filter(Read::is_valid).collect();
        // Out of view for a frame: the same code may be accepted again.
        if let Some((code, _)) = &self.accepted {
            if !reads.contains(code) {
                self.accepted = None;
            }
        }
        let agreed = reads.iter().find(|r| self.previous.contains(r)).cloned();
        self.previous = reads;
        let read = agreed?;
        match &self.accepted {
            Some((code, at)) if *code == read && now_ms - at < self.repeat_ms => None,
            _ => {
                self.accepted = Some((read.clone(), now_ms));
                Some(read)
            }
        }
    }
}

/// What a typed code looks like so far, for the hint under the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Not a full code yet: this many digits.
    Partial(usize),
    Valid,
    BadCheckDigit,
    NotDigits,
}

pub fn check_typed(text: &str) -> Typed {
    let t = text.trim();
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Typed::NotDigits;
    }
    match Gtin::parse(t) {
        Ok(_) => Typed::Valid,
        Err(crate::barcode::GtinError::CheckDigit) => Typed::BadCheckDigit,
        Err(_) => Typed::Partial(t.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: Symbology, t: &str) -> Read {
        Read { symbology: s, text: t.into() }
    }

    #[test]
    fn a_code_needs_two_agreeing_frames_and_a_valid_check_digit() {
        let mut c = Confirmer::new(1500.0);
        let good = read(Symbology::Ean13, "6901234567892");
        assert_eq!(c.feed(vec![good.clone()], 0.0), None, "one frame is not enough");
        assert_eq!(c.feed(vec![good.clone()], 40.0), Some(good.clone()));
        // Still in view: not again.
        assert_eq!(c.feed(vec![good.clone()], 80.0), None);
        assert_eq!(c.feed(vec![good.clone()], 120.0), None);
        // A frame without it, then two with it: accepted again (shown again).
        assert_eq!(c.feed(vec![], 160.0), None);
        assert_eq!(c.feed(vec![good.clone()], 200.0), None);
        assert_eq!(c.feed(vec![good.clone()], 240.0), Some(good.clone()));
        // Held in view long enough: accepted again.
        assert_eq!(c.feed(vec![good.clone()], 2_000.0), Some(good));
    }

    #[test]
    fn a_misread_never_passes() {
        let mut c = Confirmer::new(1500.0);
        let bad = read(Symbology::Ean13, "6901234567893");
        assert_eq!(c.feed(vec![bad.clone()], 0.0), None);
        assert_eq!(c.feed(vec![bad], 40.0), None);
        // Two different codes in two frames do not agree.
        let (a, b) = (read(Symbology::Ean13, "6901234567892"), read(Symbology::Ean8, "96385074"));
        assert_eq!(c.feed(vec![a], 80.0), None);
        assert_eq!(c.feed(vec![b], 120.0), None);
        assert!(!read(Symbology::Ean13, "690123456789").is_valid(), "12 digits is not an EAN-13");
        assert!(!read(Symbology::Itf14, "16901234567896").is_valid());
        assert!(read(Symbology::Itf14, "16901234567899").is_valid());
    }

    #[test]
    fn upc_e_expands_to_its_upc_a() {
        assert_eq!(upce_to_upca("04252614").as_deref(), Some("042100005264"));
        assert!(read(Symbology::Upce, "04252614").is_valid());
        assert!(!read(Symbology::Upce, "04252615").is_valid());
        assert_eq!(read(Symbology::Upce, "04252614").lookup_code(), "042100005264");
    }

    #[test]
    fn typed_codes_are_checked_as_they_are_typed() {
        assert_eq!(check_typed("690123"), Typed::Partial(6));
        assert_eq!(check_typed("6901234567892"), Typed::Valid);
        assert_eq!(check_typed("6901234567893"), Typed::BadCheckDigit);
        assert_eq!(check_typed("69012a"), Typed::NotDigits);
    }
}
