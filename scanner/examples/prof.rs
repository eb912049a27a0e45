//! Runs decode() in a loop for profiling: `prof FORMATS_BITS SET [ROUNDS]` (SET: ean13 | empty |
//! noise (no-code frames of plain noise) | qr | 1px (the six 1D symbologies at about one pixel a
//! module) | blur (Code 128, heavy blur); 50 rounds over 20 frames unless ROUNDS).
use restock_scanner::corpus::{self, Class, Empty};
use restock_scanner::{decode, Formats, Symbology};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let f = Formats(a.get(1).and_then(|x| x.parse().ok()).unwrap_or(1));
    let set = a.get(2).cloned().unwrap_or_else(|| "empty".into());
    let frames: Vec<_> = (0..20u32)
        .map(|i| match set.as_str() {
            "ean13" => corpus::sample(Symbology::Ean13, Class::Clean, 5000 + i),
            "qr" => corpus::sample(Symbology::Qr, Class::Clean, 5000 + i),
            "noise" => corpus::empty(Empty::Noise, 5000 + i),
            "1px" => corpus::sample(Symbology::ALL[i as usize % 6], Class::OnePx, 5000 + i),
            "blur" => corpus::sample(Symbology::Code128, Class::HeavyBlur, 5000 + i),
            _ => corpus::empty(if i % 2 == 0 { Empty::Clutter } else { Empty::FakeCodes }, 5000 + i),
        })
        .collect();
    let t0 = std::time::Instant::now();
    let mut n = 0;
    let rounds: u32 = a.get(3).and_then(|x| x.parse().ok()).unwrap_or(50);
    for _ in 0..rounds {
        for s in &frames {
            std::hint::black_box(decode(&s.luma, s.width, s.height, f));
            n += 1;
        }
    }
    println!("{:.3} ms/frame", t0.elapsed().as_secs_f64() * 1e3 / n as f64);
}
