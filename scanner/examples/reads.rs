//! Every read of every corpus frame, one line a frame, luma and RGBA: `reads N_MILD N_HARD`
//! (default 40 40; the frames of the report, plus as many of each no-code kind as N_HARD).
//! Two builds' outputs are diffed to show that a change keeps the decoder's reads frame by frame.
use restock_scanner::corpus::{self, Class, Empty, Sample};
use restock_scanner::{decode, decode_rgba, Formats, Read, Symbology};

fn show(r: &[Read]) -> String {
    r.iter().map(|r| format!("{}:{}", r.symbology, r.text)).collect::<Vec<_>>().join(" ")
}

fn line(name: &str, smp: &Sample) {
    let luma = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
    let rgba: Vec<u8> = smp.luma.iter().flat_map(|&v| [v, v, v, 255]).collect();
    let from_rgba = decode_rgba(&rgba, smp.width, smp.height, Formats::ALL);
    let truth = smp.truth.as_ref().map_or("-".to_string(), |t| t.text.clone());
    let mark = if from_rgba == luma { "" } else { " RGBA DIFFERS" };
    println!("{name} truth {truth}: [{}]{mark}", show(&luma));
    if !mark.is_empty() {
        println!("  rgba [{}]", show(&from_rgba));
    }
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let n_mild: u32 = a.get(1).and_then(|s| s.parse().ok()).unwrap_or(40);
    let n_hard: u32 = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(40);
    for s in Symbology::ALL {
        for class in Class::MILD.iter().chain(Class::HARD.iter()).filter(|c| c.applies(s)) {
            let n = if class.is_mild() { n_mild } else { n_hard };
            for i in 0..n {
                line(&format!("{} {} {i}", s.name(), class.name()), &corpus::sample(s, *class, i));
            }
        }
    }
    for kind in [Empty::Clutter, Empty::Noise, Empty::FakeCodes] {
        for i in 0..n_hard {
            line(&format!("empty {kind:?} {i}"), &corpus::empty(kind, i));
        }
    }
}
