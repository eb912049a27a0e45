//! Demo data: a deterministic (seeded) wholesale catalogue of any size, demo shops and accounts.
//! Seeded on first start with an empty database, so the app is usable at once.

pub mod counter;
pub mod history;
pub mod load;
pub mod vocab;

use crate::barcode::Gtin;
use crate::catalogue::Category;
use vocab::{Line, EDITIONS, LINES, OWN_BRAND};

/// SplitMix64: small, fast and good enough to make demo data look varied, and the same on every
/// machine for the same seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoProduct {
    pub id: i64,
    pub sku: String,
    pub name_zh: String,
    pub name_en: String,
    pub brand_zh: String,
    pub brand_en: String,
    pub category: Category,
    pub spec: String,
    pub pack_size: i64,
    pub case_price_fen: i64,
    /// Quantity breaks: (from this many cases, case price in fen).
    pub breaks: Vec<(i64, i64)>,
    pub min_cases: i64,
    pub max_cases: i64,
    pub stock_cases: i64,
    pub shelf_life_days: Option<i64>,
    pub is_new: bool,
    pub is_own_brand: bool,
    pub is_trending: bool,
    pub is_price_guaranteed: bool,
    pub is_snack: bool,
    pub popularity: i64,
    pub added_days_ago: i64,
    pub unit_barcode: Gtin,
    pub case_barcode: Gtin,
}

fn combos(line: &Line) -> usize {
    line.brands.len() * line.products.len() * line.variants.len() * line.specs.len() * EDITIONS.len()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The `k`-th product of a line. Everyday packs come first (editions only once those run out), and
/// within them a stride permutation spreads consecutive products over brands, flavours and sizes.
fn combo(line: &Line, k: usize) -> (usize, usize, usize, usize, usize) {
    let base = combos(line) / EDITIONS.len();
    let edition = k / base;
    let mut stride = base * 5 / 8 + 1;
    while gcd(stride, base) != 1 {
        stride += 1;
    }
    let mut j = (k % base) * stride % base;
    let brand = j % line.brands.len();
    j /= line.brands.len();
    let product = j % line.products.len();
    j /= line.products.len();
    let spec = j % line.specs.len();
    j /= line.specs.len();
    (brand, product, j, spec, edition)
}

/// `count` products, the same ones for the same `count` and `seed`, spread round-robin over the
/// twelve categories. At most about 139,000 distinct products exist.
pub fn catalogue(count: usize, seed: u64) -> Vec<DemoProduct> {
    let mut next_in_line = vec![0usize; LINES.len()];
    let mut out = Vec::with_capacity(count);
    let mut line_ix = 0;
    while out.len() < count {
        if next_in_line.iter().zip(LINES).all(|(n, l)| *n >= combos(l)) {
            break;
        }
        let line = &LINES[line_ix % LINES.len()];
        let k = next_in_line[line_ix % LINES.len()];
        line_ix += 1;
        if k >= combos(line) {
            continue;
        }
        next_in_line[(line_ix - 1) % LINES.len()] += 1;
        out.push(product(line, k, out.len(), seed));
    }
    out
}

fn join_en(parts: &[&str]) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

fn product(line: &Line, k: usize, index: usize, seed: u64) -> DemoProduct {
    let (b, p, v, s, e) = combo(line, k);
    let (brand, prod, var, spec, ed) =
        (line.brands[b], line.products[p], line.variants[v], &line.specs[s], EDITIONS[e]);
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x2545F4914F6CDD1D));
    let id = index as i64 + 1;

    let unit_fen = rng.range(spec.unit_fen.0, spec.unit_fen.1);
    // Wholesale: 85–95% of the units' price, rounded to 10 fen.
    let case_price_fen = (unit_fen * spec.pack * rng.range(85, 95) / 100 + 5) / 10 * 10;
    let breaks = vec![(5, case_price_fen * 98 / 100 / 10 * 10), (10, case_price_fen * 96 / 100 / 10 * 10)];

    // Barcodes: 69 (China) + a digit that keeps codes unique past 100,000 products + a
    // manufacturer code per brand + the item; the case code is the GTIN-14 with indicator 1.
    let mfr = 1000 + (brand.0.bytes().fold(7u64, |h, c| h.wrapping_mul(31).wrapping_add(u64::from(c))) % 9000);
    let body = format!("69{}{:04}{:05}", (index / 100_000) % 10, mfr, index % 100_000);
    let unit_barcode = Gtin::with_check_digit(&body).expect("digits");
    let case_barcode = Gtin::with_check_digit(&format!("1{body}")).expect("digits");

    let is_new = rng.chance(8);
    DemoProduct {
        id,
        sku: format!("SKU{id:06}"),
        name_zh: format!("{}{}{}{} {}", brand.0, var.0, prod.0, ed.0, spec.text.0),
        name_en: join_en(&[brand.1, var.1, prod.1, ed.1, spec.text.1]),
        brand_zh: brand.0.to_owned(),
        brand_en: brand.1.to_owned(),
        category: line.category,
        spec: format!("{}×{}", spec.text.0, spec.pack),
        pack_size: spec.pack,
        case_price_fen,
        breaks,
        min_cases: if rng.chance(15) { 2 } else { 1 },
        max_cases: [20, 50, 100, 200][rng.range(0, 3) as usize],
        stock_cases: if rng.chance(4) { 0 } else { rng.range(3, 800) },
        shelf_life_days: line.shelf_life_days,
        is_new,
        is_own_brand: brand == OWN_BRAND,
        is_trending: rng.chance(10),
        is_price_guaranteed: rng.chance(35),
        is_snack: line.category == Category::Snacks,
        popularity: rng.range(0, 10_000) + if b < 3 { 3_000 } else { 0 },
        added_days_ago: if is_new { rng.range(0, 13) } else { rng.range(14, 720) },
        unit_barcode,
        case_barcode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_default_catalogue_is_deterministic_and_covers_every_category() {
        let a = catalogue(2000, 42);
        assert_eq!(a.len(), 2000);
        assert_eq!(a, catalogue(2000, 42));
        assert_ne!(a, catalogue(2000, 43));
        for c in Category::ALL {
            assert!(a.iter().filter(|p| p.category == c).count() >= 150, "{c:?}");
        }
    }

    #[test]
    fn names_and_barcodes_are_unique_and_barcodes_valid_even_at_100k() {
        let all = catalogue(100_000, 42);
        assert_eq!(all.len(), 100_000);
        let names: HashSet<_> = all.iter().map(|p| &p.name_zh).collect();
        assert_eq!(names.len(), all.len());
        let codes: HashSet<_> = all.iter().flat_map(|p| [p.unit_barcode.as_str(), p.case_barcode.as_str()]).collect();
        assert_eq!(codes.len(), 2 * all.len());
        for p in &all {
            assert!(p.unit_barcode.as_str().starts_with("69") && p.unit_barcode.as_str().len() == 13);
            assert_eq!(p.case_barcode.as_str().len(), 14);
            assert!(Gtin::parse(p.unit_barcode.as_str()).is_ok());
            assert!(p.case_price_fen > 0 && p.breaks.iter().all(|(_, f)| *f < p.case_price_fen));
        }
    }
}
