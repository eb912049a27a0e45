//! The report's corpus frames written out for other decoders (bench/zxing.sh runs zxing-cpp and
//! zxing-wasm on them), with ours and plain rxing run on each frame on the way:
//!
//!   dump N_MILD N_HARD OUTDIR [FIRST_INDEX]
//!
//! OUTDIR/frames.raw: every frame's 640×480 luma bytes, one after the other (the frames of
//! `report N_MILD N_HARD`, then N_HARD of each no-code kind); OUTDIR/frames.jsonl: one line a frame
//! in the same order, `{"i", "sym", "class", "n", "truth", "w", "h"}` (sym "none" and truth null on
//! frames with no code); OUTDIR/ours.jsonl and OUTDIR/rxing.jsonl: `{"i", "ms", "reads": [[sym,
//! text], …]}` (ours with every format on, luma; rxing as in the report: `MultiFormatReader` +
//! `HybridBinarizer`, the seven formats, TryHarder on, its one result). FIRST_INDEX (default 0)
//! shifts every sample's index: 1000 gives frames the tests and the report never use.
use restock_scanner::corpus::{self, Class, Empty, Sample};
use restock_scanner::{baseline, decode, Formats, Symbology};
use std::io::Write;
use std::time::Instant;

fn js(s: &str) -> String {
    let mut o = String::new();
    restock_scanner::json_str(&mut o, s);
    o
}

fn reads_json(r: &[(String, String)]) -> String {
    let v: Vec<String> = r.iter().map(|(s, t)| format!("[{},{}]", js(s), js(t))).collect();
    format!("[{}]", v.join(","))
}

struct Out {
    raw: std::io::BufWriter<std::fs::File>,
    meta: std::io::BufWriter<std::fs::File>,
    ours: std::io::BufWriter<std::fs::File>,
    rx: std::io::BufWriter<std::fs::File>,
    i: usize,
}

impl Out {
    fn frame(&mut self, sym: &str, class: &str, n: u32, smp: &Sample) {
        let truth = smp.truth.as_ref().map_or("null".to_string(), |t| js(&t.text));
        self.raw.write_all(&smp.luma).unwrap();
        writeln!(
            self.meta,
            "{{\"i\":{},\"sym\":{},\"class\":{},\"n\":{n},\"truth\":{truth},\"w\":{},\"h\":{}}}",
            self.i,
            js(sym),
            js(class),
            smp.width,
            smp.height
        )
        .unwrap();
        let t0 = Instant::now();
        let reads = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        let r: Vec<_> = reads.iter().map(|r| (r.symbology.name().to_string(), r.text.clone())).collect();
        writeln!(self.ours, "{{\"i\":{},\"ms\":{ms:.4},\"reads\":{}}}", self.i, reads_json(&r)).unwrap();
        let t0 = Instant::now();
        let rx = baseline::decode(&smp.luma, smp.width, smp.height, Some(Formats::ALL), true);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        let r: Vec<_> = rx
            .into_iter()
            .map(|(s, fmt, text)| (s.map_or(format!("other:{fmt}"), |s| s.name().to_string()), text))
            .collect();
        writeln!(self.rx, "{{\"i\":{},\"ms\":{ms:.4},\"reads\":{}}}", self.i, reads_json(&r)).unwrap();
        self.i += 1;
    }
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let n_mild: u32 = a.get(1).and_then(|s| s.parse().ok()).unwrap_or(40);
    let n_hard: u32 = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(40);
    let dir = std::path::PathBuf::from(a.get(3).cloned().unwrap_or_else(|| "bench/zxing-out".into()));
    let first: u32 = a.get(4).and_then(|s| s.parse().ok()).unwrap_or(0);
    std::fs::create_dir_all(&dir).unwrap();
    let f = |n: &str| std::io::BufWriter::new(std::fs::File::create(dir.join(n)).unwrap());
    let mut out =
        Out { raw: f("frames.raw"), meta: f("frames.jsonl"), ours: f("ours.jsonl"), rx: f("rxing.jsonl"), i: 0 };
    for s in Symbology::ALL {
        for class in Class::MILD.iter().chain(Class::HARD.iter()).filter(|c| c.applies(s)) {
            let n = if class.is_mild() { n_mild } else { n_hard };
            for i in first..first + n {
                out.frame(s.name(), class.name(), i, &corpus::sample(s, *class, i));
            }
        }
    }
    for kind in [Empty::Clutter, Empty::Noise, Empty::FakeCodes] {
        for i in first..first + n_hard {
            out.frame("none", &format!("{kind:?}"), i, &corpus::empty(kind, i));
        }
    }
    for w in [&mut out.raw, &mut out.meta, &mut out.ours, &mut out.rx] {
        w.flush().unwrap();
    }
    eprintln!("wrote {} frames to {}", out.i, dir.display());
}
