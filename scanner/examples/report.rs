//! Recall per symbology × distortion class of our decoder beside plain rxing's, and wrong reads.
//!
//!   cargo run --release --features tools,baseline --example report [-- N_MILD N_HARD [ours-only]]
//!   (SYM=ean13 CLASS=1px: one cell; FIRST=1000: frames from index 1000, held out)
//!
//! Ours decodes with every format on (Formats::ALL); rxing with the same seven formats, at the
//! defaults of its `helpers::detect_in_luma` (TryHarder on).

use restock_scanner::corpus::{self, Class, Empty};
use restock_scanner::{baseline, decode, Formats, Symbology};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n_mild: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let n_hard: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50);
    let ours_only = args.get(3).map(|s| s == "ours-only").unwrap_or(false);
    let only_sym: Option<String> = std::env::var("SYM").ok();
    let only_class: Option<String> = std::env::var("CLASS").ok();
    let dump = std::env::var("DUMP").is_ok();
    // FIRST=1000: the frames from index 1000 on (held out: the tests and this report use 0–N)
    let first: u32 = std::env::var("FIRST").ok().and_then(|x| x.parse().ok()).unwrap_or(0);
    println!("| symbology | class | n | ours recall | rxing recall | ours wrong | rxing wrong |");
    println!("|---|---|---|---|---|---|---|");
    let (mut t_ours, mut t_rx, mut frames) = (0f64, 0f64, 0u32);
    let (mut total_wrong_ours, mut total_wrong_rx) = (0, 0);
    let mut worse = Vec::new();
    for s in Symbology::ALL {
        if only_sym.as_deref().is_some_and(|x| x != s.name()) {
            continue;
        }
        for class in Class::MILD.iter().chain(Class::HARD.iter()).filter(|c| c.applies(s)) {
            if only_class.as_deref().is_some_and(|x| x != class.name()) {
                continue;
            }
            let n = if class.is_mild() { n_mild } else { n_hard };
            let (mut ok_o, mut ok_r, mut wr_o, mut wr_r) = (0, 0, 0, 0);
            for i in 0..n {
                let smp = corpus::sample(s, *class, first + i);
                let truth = smp.truth.clone().unwrap();
                let t0 = Instant::now();
                let reads = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
                t_ours += t0.elapsed().as_secs_f64();
                frames += 1;
                if reads.contains(&truth) {
                    ok_o += 1;
                } else if dump {
                    let path = format!("/tmp/miss-{}-{}-{i}.pgm", s.name(), class.name());
                    std::fs::write(&path, corpus::to_pgm(&smp)).unwrap();
                    eprintln!("miss {path} truth {}", truth.text);
                }
                let bad: Vec<_> = reads.iter().filter(|r| **r != truth).collect();
                if !bad.is_empty() {
                    wr_o += 1;
                    eprintln!("OURS WRONG {} {} #{i}: {:?} (truth {})", s.name(), class.name(), bad, truth.text);
                }
                if !ours_only {
                    let t0 = Instant::now();
                    let r = baseline::decode(&smp.luma, smp.width, smp.height, Some(Formats::ALL), true);
                    t_rx += t0.elapsed().as_secs_f64();
                    match r {
                        Some((Some(sym), _, text)) if sym == truth.symbology && text == truth.text => ok_r += 1,
                        Some(other) => {
                            wr_r += 1;
                            eprintln!(
                                "rxing wrong {} {} #{i}: {:?} (truth {})",
                                s.name(),
                                class.name(),
                                other,
                                truth.text
                            );
                        }
                        None => {}
                    }
                }
            }
            total_wrong_ours += wr_o;
            total_wrong_rx += wr_r;
            let pct = |k: u32| 100.0 * k as f64 / n.max(1) as f64;
            let rx = if ours_only { "-".to_string() } else { format!("{:.1}%", pct(ok_r)) };
            println!(
                "| {} | {} | {} | {:.1}% | {} | {} | {} |",
                s.name(),
                class.name(),
                n,
                pct(ok_o),
                rx,
                wr_o,
                if ours_only { "-".into() } else { wr_r.to_string() }
            );
            if !ours_only && !class.is_mild() && ok_o < ok_r {
                worse.push(format!("{} {}", s.name(), class.name()));
            }
        }
    }
    // Frames with no code.
    for kind in [Empty::Clutter, Empty::Noise, Empty::FakeCodes] {
        let n = n_hard;
        let (mut wr_o, mut wr_r) = (0, 0);
        for i in 0..n {
            let smp = corpus::empty(kind, first + i);
            let reads = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
            if !reads.is_empty() {
                wr_o += 1;
                eprintln!("OURS WRONG empty {kind:?} #{i}: {reads:?}");
            }
            if !ours_only {
                if let Some(r) = baseline::decode(&smp.luma, smp.width, smp.height, Some(Formats::ALL), true) {
                    wr_r += 1;
                    eprintln!("rxing wrong empty {kind:?} #{i}: {r:?}");
                }
            }
        }
        total_wrong_ours += wr_o;
        total_wrong_rx += wr_r;
        println!(
            "| (no code) | {kind:?} | {n} | - | - | {wr_o} | {} |",
            if ours_only { "-".into() } else { wr_r.to_string() }
        );
    }
    println!();
    println!("wrong reads: ours {total_wrong_ours}, rxing {total_wrong_rx}");
    println!(
        "native mean per frame (this machine, release): ours {:.3} ms, rxing {:.3} ms",
        1e3 * t_ours / frames.max(1) as f64,
        1e3 * t_rx / frames.max(1) as f64
    );
    if !ours_only {
        println!(
            "hard classes where ours < rxing: {}",
            if worse.is_empty() { "none".to_string() } else { worse.join(", ") }
        );
    }
}
