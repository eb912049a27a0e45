//! Prints the runs of the horizontal line through a corpus sample's centre.
//!   cargo run --release --features tools --example debug -- SYM CLASS INDEX [dy]
use restock_scanner::corpus::{self, Class};
use restock_scanner::{decode, Formats, Symbology};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let s = Symbology::ALL.into_iter().find(|s| s.name() == a[1]).unwrap();
    let c = Class::MILD.into_iter().chain(Class::HARD).find(|c| c.name() == a[2]).unwrap();
    let i: u32 = a[3].parse().unwrap();
    let dy: f32 = a.get(4).and_then(|x| x.parse().ok()).unwrap_or(0.0);
    let smp = corpus::sample(s, c, i);
    println!("truth {:?} center {:?} module {:.2} angle {:.1}", smp.truth, smp.center, smp.module_px, smp.angle);
    println!("reads {:?}", decode(&smp.luma, smp.width, smp.height, Formats::ALL));
    std::fs::write("/tmp/debug.pgm", corpus::to_pgm(&smp)).unwrap();
    let (samples, edges, runs) = restock_scanner::lines::debug_row(&smp.luma, smp.width, smp.height, smp.center.1 + dy);
    let x0 = (smp.center.0 - 130.0 * smp.module_px / 2.0).max(0.0) as usize;
    let x1 = ((smp.center.0 + 130.0 * smp.module_px / 2.0) as usize).min(samples.len());
    println!("samples {:?}", samples[x0..x1].iter().map(|v| *v as i32).collect::<Vec<_>>());
    println!(
        "edges {:?}",
        edges
            .iter()
            .filter(|e| e.0 as usize >= x0 && (e.0 as usize) < x1)
            .map(|e| (e.0 as i32, e.1 as i32))
            .collect::<Vec<_>>()
    );
    println!("runs/module {:?}", runs.iter().map(|r| (r / smp.module_px * 10.0).round() / 10.0).collect::<Vec<_>>());
}
