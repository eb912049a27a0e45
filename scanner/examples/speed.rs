//! Native timing of decode() per 640×480 frame: median and p95 over the frames × 3 rounds, luma and
//! RGBA (`decode_rgba`, what the worker calls). The frames are those of `gen_frames` (the wasm
//! benchmark's).
//!   cargo run --release --features tools --example speed
use restock_scanner::corpus::{self, Class, Empty};
use restock_scanner::{decode, decode_rgba, Formats, Symbology};
use std::time::Instant;

fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

fn main() {
    let classes = [Class::Clean, Class::Tilt, Class::Noise, Class::Dim];
    let ean: Vec<_> =
        (0..40u32).map(|i| corpus::sample(Symbology::Ean13, classes[(i % 4) as usize], 5000 + i)).collect();
    let qr: Vec<_> = (0..40u32).map(|i| corpus::sample(Symbology::Qr, classes[(i % 4) as usize], 5000 + i)).collect();
    let none: Vec<_> = (0..40u32)
        .map(|i| corpus::empty(if i % 2 == 0 { Empty::Clutter } else { Empty::FakeCodes }, 5000 + i))
        .collect();
    let rgba = |l: &[u8]| l.iter().flat_map(|&v| [v, v, v, 255]).collect::<Vec<u8>>();
    for (name, set) in [("ean13 frames", &ean), ("no-code frames", &none), ("qr frames", &qr)] {
        let set_rgba: Vec<Vec<u8>> = set.iter().map(|s| rgba(&s.luma)).collect();
        for (fname, f) in
            [("EAN-13 only", Formats::only(Symbology::Ean13)), ("1D", Formats::ONE_D), ("all", Formats::ALL)]
        {
            let (mut t, mut tr) = (Vec::new(), Vec::new());
            for _ in 0..3 {
                for (s, c) in set.iter().zip(&set_rgba) {
                    let t0 = Instant::now();
                    std::hint::black_box(decode(&s.luma, s.width, s.height, f));
                    t.push(t0.elapsed().as_secs_f64() * 1e3);
                    let t0 = Instant::now();
                    std::hint::black_box(decode_rgba(c, s.width, s.height, f));
                    tr.push(t0.elapsed().as_secs_f64() * 1e3);
                }
            }
            let ((m, p), (mr, pr)) = (stats(t), stats(tr));
            println!("{name:>15} {fname:>12}: luma median {m:.3} p95 {p:.3} ms | rgba median {mr:.3} p95 {pr:.3} ms");
        }
    }
}
