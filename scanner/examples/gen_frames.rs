//! Writes corpus frames for the wasm benchmark: `gen_frames OUT.bin [hard]`.
//! Format: b"RSF1", u32 LE count, then per frame: u8 set (0 = EAN-13, 1 = no code, 2 = QR; with
//! `hard`, also 3 = about one pixel a module and 4 = heavy blur, 42 frames each over the six 1D
//! symbologies: the frames that cost the most lines), u32 width, u32 height, u16 truth length,
//! truth UTF-8, width × height luma bytes.
use restock_scanner::corpus::{self, Class, Empty};
use restock_scanner::Symbology;

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "bench/frames.bin".into());
    let hard = std::env::args().nth(2).as_deref() == Some("hard");
    let mut frames = Vec::new();
    let classes = [Class::Clean, Class::Tilt, Class::Noise, Class::Dim];
    for i in 0..40u32 {
        frames.push((0u8, corpus::sample(Symbology::Ean13, classes[(i % 4) as usize], 5000 + i)));
    }
    for i in 0..40u32 {
        let kind = if i % 2 == 0 { Empty::Clutter } else { Empty::FakeCodes };
        frames.push((1u8, corpus::empty(kind, 5000 + i)));
    }
    for i in 0..40u32 {
        frames.push((2u8, corpus::sample(Symbology::Qr, classes[(i % 4) as usize], 5000 + i)));
    }
    if hard {
        let one_d = &Symbology::ALL[..6];
        for (set, class) in [(3u8, Class::OnePx), (4u8, Class::HeavyBlur)] {
            for i in 0..42u32 {
                frames.push((set, corpus::sample(one_d[(i % 6) as usize], class, 5000 + i / 6)));
            }
        }
    }
    let mut buf = b"RSF1".to_vec();
    buf.extend((frames.len() as u32).to_le_bytes());
    for (set, s) in &frames {
        buf.push(*set);
        buf.extend((s.width as u32).to_le_bytes());
        buf.extend((s.height as u32).to_le_bytes());
        let t = s.truth.as_ref().map(|r| r.text.clone()).unwrap_or_default();
        buf.extend((t.len() as u16).to_le_bytes());
        buf.extend(t.as_bytes());
        buf.extend(&s.luma);
    }
    std::fs::write(&out, buf).unwrap();
    eprintln!("wrote {} frames to {out}", frames.len());
}
