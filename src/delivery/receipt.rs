//! The shop's check of a delivery, line by line, as it stands while the shop counts: kept on the
//! device (IndexedDB, per account and order) so that neither the order page's refresh nor a
//! reload loses a shortage the shop typed; removed once the delivery is signed.
//!
//! Counted in cases, with units as the exception: each line has a case count (all delivered cases
//! unless the shop says otherwise) and, when some units in those cases are missing or damaged, how
//! many. The scanner's receipt mode counts the same state from zero, a unit or a case per scan.
//! Shared and pure (tested natively); the device store and the view are client-only.

use super::Received;
use crate::orders::OrderLine;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    /// The order's line number (from 1).
    pub line_no: i64,
    pub product_id: i64,
    pub pack_size: i64,
    /// Cases delivered: ordered plus free.
    pub delivered_cases: i64,
    /// Cases that arrived (0 ..= delivered).
    pub cases: i64,
    /// "Some units missing or damaged" is open for this line.
    pub units_open: bool,
    /// Units missing or damaged among the cases that arrived (counted only while open).
    pub short_units: i64,
}

impl ReceiptLine {
    pub fn delivered_units(&self) -> i64 {
        self.delivered_cases * self.pack_size.max(1)
    }

    /// Units received in good order: what the server is told.
    pub fn received_units(&self) -> i64 {
        let short = if self.units_open { self.short_units } else { 0 };
        (self.cases * self.pack_size.max(1) - short).clamp(0, self.delivered_units())
    }

    pub fn missing_units(&self) -> i64 {
        self.delivered_units() - self.received_units()
    }

    fn set_received_units(&mut self, units: i64) {
        let pack = self.pack_size.max(1);
        let units = units.clamp(0, self.delivered_units());
        self.cases = (units + pack - 1) / pack;
        self.short_units = self.cases * pack - units;
        self.units_open = self.short_units > 0;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCheck {
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub lines: Vec<ReceiptLine>,
    /// The scanner is counting: counts started from zero and each scan adds to them.
    pub counting_by_scan: bool,
    pub updated_ms: i64,
    /// The photo of the goods taken at the door, once uploaded (sent with the signature as the
    /// proof of delivery).
    #[serde(default, with = "crate::id::opt")]
    pub photo: Option<i64>,
}

impl ReceiptCheck {
    /// Everything arrived (what the shop signs for unless it says otherwise).
    pub fn new(order_id: i64, lines: &[OrderLine], now_ms: i64) -> ReceiptCheck {
        ReceiptCheck {
            order_id,
            lines: lines
                .iter()
                .enumerate()
                .map(|(n, l)| ReceiptLine {
                    line_no: n as i64 + 1,
                    product_id: l.product_id,
                    pack_size: l.pack_size,
                    delivered_cases: l.cases + l.free_cases,
                    cases: l.cases + l.free_cases,
                    units_open: false,
                    short_units: 0,
                })
                .collect(),
            counting_by_scan: false,
            updated_ms: now_ms,
            photo: None,
        }
    }

    /// Whether a stored check still describes this order's lines (else it is started again).
    pub fn fits(&self, order_id: i64, lines: &[OrderLine]) -> bool {
        self.order_id == order_id
            && self.lines.len() == lines.len()
            && self.lines.iter().zip(lines).all(|(r, l)| {
                r.product_id == l.product_id
                    && r.pack_size == l.pack_size
                    && r.delivered_cases == l.cases + l.free_cases
            })
    }

    fn line_mut(&mut self, line_no: i64) -> Option<&mut ReceiptLine> {
        self.lines.iter_mut().find(|l| l.line_no == line_no)
    }

    /// The shop sets a line's case count (kept within what was delivered).
    pub fn set_cases(&mut self, line_no: i64, cases: i64) {
        if let Some(l) = self.line_mut(line_no) {
            l.cases = cases.clamp(0, l.delivered_cases);
            l.short_units = l.short_units.clamp(0, l.cases * l.pack_size.max(1));
        }
    }

    /// "Some units missing or damaged": opens (or closes) the units field of a line.
    pub fn open_units(&mut self, line_no: i64, open: bool) {
        if let Some(l) = self.line_mut(line_no) {
            l.units_open = open;
            if !open {
                l.short_units = 0;
            }
        }
    }

    /// Units missing or damaged among a line's arrived cases.
    pub fn set_short_units(&mut self, line_no: i64, units: i64) {
        if let Some(l) = self.line_mut(line_no) {
            l.units_open = true;
            l.short_units = units.clamp(0, l.cases * l.pack_size.max(1));
        }
    }

    /// The scanner opens: unless it is already counting, every count starts from zero.
    pub fn start_scanning(&mut self) {
        if !self.counting_by_scan {
            self.counting_by_scan = true;
            for l in &mut self.lines {
                l.set_received_units(0);
            }
        }
    }

    /// A scan of this product: `units` more arrived (1 for a unit's code, the pack for a case's).
    /// Returns the line it counted on, or None when the product is not on this order.
    pub fn tick(&mut self, product_id: i64, units: i64) -> Option<i64> {
        let l = self.lines.iter_mut().find(|l| l.product_id == product_id)?;
        let now = l.received_units() + units;
        l.set_received_units(now);
        Some(l.line_no)
    }

    /// What signing tells the server: units received in good order, every line.
    pub fn received(&self) -> Vec<Received> {
        self.lines.iter().map(|l| Received { line_no: l.line_no, units: l.received_units() }).collect()
    }

    /// Units missing or damaged in all: what signing will claim.
    pub fn missing_units(&self) -> i64 {
        self.lines.iter().map(ReceiptLine::missing_units).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Fen;

    fn lines() -> Vec<OrderLine> {
        let line = |product_id, pack_size, cases, free_cases| OrderLine {
            product_id,
            name_zh: "品".into(),
            name_en: "P".into(),
            pack_size,
            cases,
            free_cases,
            case_price: Fen(1000),
            total: Fen(1000 * cases),
        };
        vec![line(5, 12, 2, 0), line(9, 24, 3, 1)]
    }

    #[test]
    fn everything_arrived_until_the_shop_says_otherwise() {
        let r = ReceiptCheck::new(7, &lines(), 0);
        assert_eq!(r.received(), vec![Received { line_no: 1, units: 24 }, Received { line_no: 2, units: 96 }]);
        assert_eq!(r.missing_units(), 0);
        assert!(r.fits(7, &lines()));
        assert!(!r.fits(8, &lines()));
        let mut other = lines();
        other[1].pack_size = 12;
        assert!(!r.fits(7, &other), "a check made for other lines is not reused");
    }

    #[test]
    fn cases_first_and_units_as_the_exception() {
        let mut r = ReceiptCheck::new(7, &lines(), 0);
        r.set_cases(2, 3);
        assert_eq!(r.received()[1].units, 72, "one case of 24 short");
        r.set_short_units(1, 5);
        assert_eq!(r.received()[0].units, 19);
        assert!(r.lines[0].units_open);
        assert_eq!(r.missing_units(), 24 + 5);
        // Closing the units field forgets its count.
        r.open_units(1, false);
        assert_eq!(r.received()[0].units, 24);
        // Kept within what was delivered.
        r.set_cases(1, 9);
        assert_eq!(r.lines[0].cases, 2);
        r.set_cases(1, -1);
        assert_eq!(r.received()[0].units, 0);
        r.set_cases(1, 1);
        r.set_short_units(1, 40);
        assert_eq!(r.lines[0].short_units, 12);
        assert_eq!(r.received()[0].units, 0);
    }

    #[test]
    fn the_scanner_counts_from_zero_in_units_and_cases_and_survives_reopening() {
        let mut r = ReceiptCheck::new(7, &lines(), 0);
        r.start_scanning();
        assert_eq!(r.received().iter().map(|x| x.units).sum::<i64>(), 0);
        // A case code, then five unit codes, of the first product.
        assert_eq!(r.tick(5, 12), Some(1));
        for _ in 0..5 {
            r.tick(5, 1);
        }
        assert_eq!(r.received()[0].units, 17);
        assert_eq!((r.lines[0].cases, r.lines[0].short_units, r.lines[0].units_open), (2, 7, true));
        // Never more than was delivered; unknown products are not counted.
        for _ in 0..5 {
            r.tick(5, 12);
        }
        assert_eq!(r.received()[0].units, 24);
        assert!(!r.lines[0].units_open);
        assert_eq!(r.tick(77, 1), None);
        // Opening the scanner again (after a reload) keeps the counts.
        r.start_scanning();
        assert_eq!(r.received()[0].units, 24);
        // Stored as JSON and read back whole.
        let back: ReceiptCheck = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
