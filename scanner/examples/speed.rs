//! Native timing of decode() per 640×480 frame (median over frames).
//!   cargo run --release --features tools --example speed
use restock_scanner::corpus::{self, Class, Empty};
use restock_scanner::{decode, Formats, Symbology};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let with: Vec<_> = (0..30).map(|i| corpus::sample(Symbology::Ean13, Class::Clean, i)).collect();
    let qr: Vec<_> = (0..30).map(|i| corpus::sample(Symbology::Qr, Class::Clean, i)).collect();
    let without: Vec<_> = (0..30).map(|i| corpus::empty(Empty::Clutter, i)).collect();
    for (name, set) in [("ean13 frames", &with), ("qr frames", &qr), ("no-code frames", &without)] {
        for (fname, f) in
            [("EAN-13 only", Formats::only(Symbology::Ean13)), ("1D", Formats::ONE_D), ("all", Formats::ALL)]
        {
            let mut t = Vec::new();
            for _ in 0..3 {
                for s in set.iter() {
                    let t0 = Instant::now();
                    std::hint::black_box(decode(&s.luma, s.width, s.height, f));
                    t.push(t0.elapsed().as_secs_f64() * 1e3);
                }
            }
            println!("{name:>15} {fname:>12}: median {:.3} ms", median(t));
        }
    }
}
