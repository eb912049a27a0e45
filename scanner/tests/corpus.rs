//! The generated corpus: zero wrong reads on every class (and on frames with no code), recall
//! ≥ 99 % over each symbology's mild classes.
//!
//!   CARGO_BUILD_JOBS=1 cargo test --release --test corpus -- --nocapture
//! `SCANNER_N_MILD` / `SCANNER_N_HARD` change the number of frames per class (default 60 / 25).
//! With feature `baseline` (`cargo test --release --features baseline --test corpus -- --nocapture`)
//! each class's line shows plain rxing's recall beside ours (rxing is not asserted on).

use restock_scanner::corpus::{self, Class, Empty};
use restock_scanner::{decode, Formats, Symbology};

fn n(var: &str, default: u32) -> u32 {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn check(s: Symbology) {
    let (n_mild, n_hard) = (n("SCANNER_N_MILD", 60), n("SCANNER_N_HARD", 25));
    let mut wrong = Vec::new();
    let (mut mild_ok, mut mild_total) = (0u32, 0u32);
    let mut per_class = Vec::new();
    let mut table = Vec::new();
    for class in Class::MILD.iter().chain(Class::HARD.iter()).filter(|c| c.applies(s)) {
        let count = if class.is_mild() { n_mild } else { n_hard };
        let mut ok = 0;
        #[cfg_attr(not(feature = "baseline"), allow(unused_mut))]
        let mut rx = None::<u32>;
        for i in 0..count {
            let smp = corpus::sample(s, *class, i);
            let truth = smp.truth.clone().unwrap();
            let reads = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
            if reads.contains(&truth) {
                ok += 1;
            }
            #[cfg(feature = "baseline")]
            {
                let r = restock_scanner::baseline::decode(&smp.luma, smp.width, smp.height, Some(Formats::ALL), true);
                let hit = matches!(r, Some((Some(sym), _, ref t)) if sym == truth.symbology && *t == truth.text);
                *rx.get_or_insert(0) += hit as u32;
            }
            for r in reads.iter().filter(|r| **r != truth) {
                wrong.push(format!("{} #{i}: read {:?} {:?}, truth {}", class.name(), r.symbology, r.text, truth.text));
            }
        }
        if class.is_mild() {
            mild_ok += ok;
            mild_total += count;
        }
        per_class.push(format!("{} {}/{}", class.name(), ok, count));
        let pct = |k: u32| 100.0 * k as f64 / count.max(1) as f64;
        table.push(format!(
            "| {} | {} | {} | {:.1}% | {} |",
            s.name(),
            class.name(),
            count,
            pct(ok),
            rx.map_or("-".to_string(), |k| format!("{:.1}%", pct(k)))
        ));
    }
    eprintln!("{}: {}", s.name(), per_class.join(", "));
    eprintln!("| symbology | class | n | ours | rxing |\n|---|---|---|---|---|\n{}", table.join("\n"));
    assert!(wrong.is_empty(), "wrong reads of {}: {wrong:#?}", s.name());
    let recall = mild_ok as f64 / mild_total as f64;
    assert!(recall >= 0.99, "{} mild recall {:.2}% < 99% ({})", s.name(), 100.0 * recall, per_class.join(", "));
}

#[test]
fn ean13() {
    check(Symbology::Ean13);
}
#[test]
fn ean8() {
    check(Symbology::Ean8);
}
#[test]
fn upca() {
    check(Symbology::UpcA);
}
#[test]
fn upce() {
    check(Symbology::UpcE);
}
#[test]
fn itf14() {
    check(Symbology::Itf14);
}
#[test]
fn code128() {
    check(Symbology::Code128);
}
#[test]
fn qr() {
    check(Symbology::Qr);
}

#[test]
fn frames_without_a_code_read_nothing() {
    let count = n("SCANNER_N_EMPTY", 60);
    for kind in [Empty::Clutter, Empty::Noise, Empty::FakeCodes] {
        for i in 0..count {
            let smp = corpus::empty(kind, i);
            let reads = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
            assert!(reads.is_empty(), "{kind:?} #{i}: {reads:?}");
        }
    }
}

/// An EAN-13 whose left half has the parities of a UPC-E of number system 1, tilted so that lines
/// leave it through the top of its bars just after the centre guard (where the centre guard and
/// the first right-hand bar look like UPC-E's end guard): read as its EAN-13 or not at all, never
/// as a UPC-E, whether UPC-E is the only format wanted or one of all.
#[test]
fn half_an_ean13_is_never_a_upce() {
    let count = n("SCANNER_N_HALF", 600);
    let (mut read, mut wrong) = (0, Vec::new());
    for i in 0..count {
        let smp = corpus::tilted_ean13(i);
        let truth = smp.truth.clone().unwrap();
        let only = decode(&smp.luma, smp.width, smp.height, Formats::only(Symbology::UpcE));
        if !only.is_empty() {
            wrong.push(format!("#{i} ({}), UPC-E only: {only:?}", truth.text));
        }
        let all = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
        if !all.iter().all(|r| *r == truth) {
            wrong.push(format!("#{i} ({}), all formats: {all:?}", truth.text));
        }
        read += all.contains(&truth) as u32;
    }
    eprintln!("tilted EAN-13 (first digit 1-9): {read}/{count} read as their EAN-13, {} wrong", wrong.len());
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The writers and our decoder agree on a clean, axis-aligned frame of every symbology, read with
/// that symbology alone enabled too (the format filter works).
#[test]
fn each_format_alone() {
    for s in Symbology::ALL {
        let smp = corpus::sample(s, Class::Clean, 1000);
        let truth = smp.truth.clone().unwrap();
        let only = decode(&smp.luma, smp.width, smp.height, Formats::only(s));
        assert_eq!(only, vec![truth.clone()], "{s:?}");
        // and nothing when its format is off
        let others = Formats(Formats::ALL.0 & !s.bit());
        let r = decode(&smp.luma, smp.width, smp.height, others);
        assert!(r.iter().all(|x| x.symbology != s), "{s:?}: {r:?}");
    }
}

/// RGBA frames (as from a canvas) read exactly as their luma: the decoder converts the pixels it
/// looks at with the same weights as `rgba_to_luma`.
#[test]
fn rgba_reads_as_luma() {
    for s in Symbology::ALL {
        for (class, i) in [(Class::Clean, 7), (Class::Tilt, 8), (Class::Noise, 9)] {
            let smp = corpus::sample(s, class, i);
            let mut rgba = Vec::with_capacity(smp.luma.len() * 4);
            for (k, &v) in smp.luma.iter().enumerate() {
                // grey, slightly tinted blue in places
                rgba.extend([v, v, v.saturating_sub((k % 3) as u8), 255]);
            }
            let mut luma = Vec::new();
            restock_scanner::rgba_to_luma(&rgba, &mut luma);
            let a = decode(&luma, smp.width, smp.height, Formats::ALL);
            let b = restock_scanner::decode_rgba(&rgba, smp.width, smp.height, Formats::ALL);
            assert_eq!(a, b, "{s:?} {class:?} #{i}");
            assert!(a.contains(smp.truth.as_ref().unwrap()), "{s:?} {class:?} #{i}: {a:?}");
        }
    }
}
