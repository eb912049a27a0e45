//! The test corpus, generated (never stored): every symbology with a known text, rendered by
//! rxing's writers into a 640×480 greyscale frame with clutter, then distorted. Deterministic: a
//! sample is a function of (symbology, class, index).
//!
//! Mild classes (recall ≥ 99 % expected): clean, tilt 5–15°, light blur, light noise, dim, small.
//! Hard classes: rotation 30–90°, heavy blur, heavy noise, low contrast, tiny modules, glare, and
//! combinations; then keystone (perspective: the module size changes along the symbol), dim and
//! low contrast together (the whole frame between a black level of 100–150 and a white of
//! 150–190), modules of about one pixel, and UPC-E of number system 1 (that class is UPC-E's only). Frames with no code: clutter (with stripe patches), random noise, and labels of
//! random bars with quiet zones (fake barcodes) — any read on those is a wrong read.

use crate::{gs1_check_digit, Read, Symbology};
use rxing::oned::{Code128Writer, EAN13Writer, EAN8Writer, ITFWriter, OneDimensionalCodeWriter, UPCEWriter};
use rxing::qrcode::QRCodeWriter;
use rxing::{BarcodeFormat, Writer};

pub const WIDTH: usize = 640;
pub const HEIGHT: usize = 480;

/// SplitMix64: small, fast, deterministic.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, a: f32, b: f32) -> f32 {
        a + (b - a) * self.f()
    }
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % n as u64) as u32
    }
    pub fn sign(&mut self) -> f32 {
        if self.next_u64() & 1 == 0 {
            1.0
        } else {
            -1.0
        }
    }
    pub fn gauss(&mut self) -> f32 {
        let u1 = self.f().max(1e-7);
        let u2 = self.f();
        (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
    }
    fn digits(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.below(10) as u8).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    // mild
    Clean,
    Tilt,
    Blur,
    Noise,
    Dim,
    Small,
    // hard
    Rotated,
    HeavyBlur,
    HeavyNoise,
    LowContrast,
    Tiny,
    Glare,
    Combo,
    // hard, added later (new seeds; the classes above keep theirs)
    Keystone,
    DimLow,
    OnePx,
    Ns1,
}

impl Class {
    pub const MILD: [Class; 6] = [Class::Clean, Class::Tilt, Class::Blur, Class::Noise, Class::Dim, Class::Small];
    pub const HARD: [Class; 11] = [
        Class::Rotated,
        Class::HeavyBlur,
        Class::HeavyNoise,
        Class::LowContrast,
        Class::Tiny,
        Class::Glare,
        Class::Combo,
        Class::Keystone,
        Class::DimLow,
        Class::OnePx,
        Class::Ns1,
    ];
    pub fn is_mild(self) -> bool {
        Class::MILD.contains(&self)
    }
    /// Whether the class has samples of `s` (number system 1 is UPC-E's only).
    pub fn applies(self, s: Symbology) -> bool {
        self != Class::Ns1 || s == Symbology::UpcE
    }
    pub fn name(self) -> &'static str {
        match self {
            Class::Clean => "clean",
            Class::Tilt => "tilt5-15",
            Class::Blur => "blur",
            Class::Noise => "noise",
            Class::Dim => "dim",
            Class::Small => "small",
            Class::Rotated => "rot30-90",
            Class::HeavyBlur => "heavy-blur",
            Class::HeavyNoise => "heavy-noise",
            Class::LowContrast => "low-contr",
            Class::Tiny => "tiny",
            Class::Glare => "glare",
            Class::Combo => "combo",
            Class::Keystone => "keystone",
            Class::DimLow => "dim-lowc",
            Class::OnePx => "1px",
            Class::Ns1 => "upce-ns1",
        }
    }
}

/// Frames with no code at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Empty {
    /// Background clutter with stripe patches.
    Clutter,
    /// Uniform random pixels.
    Noise,
    /// A label with random bars between quiet zones, and a random module grid (fake codes).
    FakeCodes,
}

pub struct Sample {
    pub luma: Vec<u8>,
    pub width: usize,
    pub height: usize,
    pub truth: Option<Read>,
    /// Where the symbol is (centre, pixels), its module size in pixels and its angle in degrees.
    pub center: (f32, f32),
    pub module_px: f32,
    pub angle: f32,
}

/// A realistic text of `s` (valid check digits).
pub fn truth_text(s: Symbology, rng: &mut Rng) -> String {
    fn with_check(mut d: Vec<u8>) -> String {
        let c = gs1_check_digit(&d);
        d.push(c);
        d.iter().map(|&x| (b'0' + x) as char).collect()
    }
    match s {
        Symbology::Ean13 => {
            if rng.below(8) == 0 {
                return "6901234567892".into();
            }
            let mut d = vec![6, 9, rng.below(3) as u8];
            d.extend(rng.digits(9));
            with_check(d)
        }
        Symbology::Ean8 => {
            let mut d = vec![6, 9];
            d.extend(rng.digits(5));
            with_check(d)
        }
        Symbology::UpcA => {
            let ns = [0u8, 0, 1, 6, 7, 8][rng.below(6) as usize];
            let mut d = vec![ns];
            d.extend(rng.digits(10));
            with_check(d)
        }
        Symbology::UpcE => upce_text(0, rng),
        Symbology::Itf14 => {
            let mut d = vec![1 + rng.below(8) as u8, 6, 9];
            d.extend(rng.digits(10));
            with_check(d)
        }
        Symbology::Code128 => {
            let yy = 23 + rng.below(3);
            let mm = 1 + rng.below(12);
            let dd = 1 + rng.below(28);
            match rng.below(4) {
                0 => format!("LOT{yy:02}{mm:02}{dd:02}-{:02}{}", rng.below(100), (b'A' + rng.below(26) as u8) as char),
                1 => format!("{yy:02}{mm:02}{dd:02}{:04}", rng.below(10000)),
                2 => format!("B{yy:02}{mm:02}-{:03}", rng.below(1000)),
                _ => format!("SN{:08}", rng.next_u64() % 100_000_000),
            }
        }
        Symbology::Qr => {
            let gtin = truth_text(Symbology::Ean13, rng);
            format!(
                "https://trace.restock.cn/p/{gtin}?lot={}{:02}&s={:06X}",
                (b'A' + rng.below(26) as u8) as char,
                rng.below(100),
                rng.next_u64() & 0xff_ffff
            )
        }
    }
}

/// A UPC-E of number system `ns` (0 or 1): six digits, the check digit of the expanded UPC-A.
pub fn upce_text(ns: u8, rng: &mut Rng) -> String {
    let mut six = rng.digits(6);
    if six[5] <= 2 && six[0] == 0 && six[1] == 0 {
        six[0] = 1;
    }
    let a = upce_expand(ns, &six);
    let c = gs1_check_digit(&a);
    let mut t = String::from((b'0' + ns) as char);
    t.extend(six.iter().map(|&x| (b'0' + x) as char));
    t.push((b'0' + c) as char);
    t
}

fn upce_expand(ns: u8, d: &[u8]) -> Vec<u8> {
    let mut a = vec![ns];
    match d[5] {
        0..=2 => {
            a.extend([d[0], d[1], d[5], 0, 0, 0, 0, d[2], d[3], d[4]]);
        }
        3 => a.extend([d[0], d[1], d[2], 0, 0, 0, 0, 0, d[3], d[4]]),
        4 => a.extend([d[0], d[1], d[2], d[3], 0, 0, 0, 0, 0, d[4]]),
        _ => a.extend([d[0], d[1], d[2], d[3], d[4], 0, 0, 0, 0, d[5]]),
    }
    a
}

/// A symbol as a module grid (1D symbols: one row, bars extend over `rows` modules).
pub struct Symbol {
    pub cols: usize,
    pub rows: usize,
    pub bits: Vec<bool>,
    pub one_d: bool,
}

impl Symbol {
    #[inline]
    fn dark(&self, u: f32, v: f32) -> bool {
        if u < 0.0 || v < 0.0 {
            return false;
        }
        let (c, r) = (u as usize, v as usize);
        if c >= self.cols || r >= self.rows {
            return false;
        }
        if self.one_d {
            self.bits[c]
        } else {
            self.bits[r * self.cols + c]
        }
    }
}

/// Renders `text` in symbology `s` with rxing's writers.
pub fn encode(s: Symbology, text: &str, rng: &mut Rng) -> Symbol {
    let one_d = |bits: Vec<bool>, rows: usize| Symbol { cols: bits.len(), rows, bits, one_d: true };
    match s {
        Symbology::Ean13 => {
            let b = EAN13Writer.encode_oned(text).expect("ean13");
            let rows = (b.len() as f32 * rng.range(0.45, 0.75)) as usize;
            one_d(b, rows)
        }
        Symbology::UpcA => {
            let b = EAN13Writer.encode_oned(&format!("0{text}")).expect("upca");
            let rows = (b.len() as f32 * rng.range(0.45, 0.75)) as usize;
            one_d(b, rows)
        }
        Symbology::Ean8 => {
            let b = EAN8Writer.encode_oned(text).expect("ean8");
            let rows = (b.len() as f32 * rng.range(0.5, 0.8)) as usize;
            one_d(b, rows)
        }
        Symbology::UpcE => {
            let b = UPCEWriter.encode_oned(text).expect("upce");
            let rows = (b.len() as f32 * rng.range(0.6, 0.9)) as usize;
            one_d(b, rows)
        }
        Symbology::Itf14 => {
            let b = ITFWriter.encode_oned(text).expect("itf");
            let rows = (b.len() as f32 * rng.range(0.25, 0.4)) as usize;
            one_d(b, rows)
        }
        Symbology::Code128 => {
            let b = Code128Writer.encode_oned(text).expect("code128");
            let rows = ((b.len() as f32 * rng.range(0.18, 0.3)) as usize).max(30);
            one_d(b, rows)
        }
        Symbology::Qr => {
            let m = QRCodeWriter.encode(text, &BarcodeFormat::QR_CODE, 0, 0).expect("qr");
            let [left, top, w, h] = m.getEnclosingRectangle().expect("qr modules");
            let mut bits = Vec::with_capacity((w * h) as usize);
            for y in top..top + h {
                for x in left..left + w {
                    bits.push(m.get(x, y));
                }
            }
            Symbol { cols: w as usize, rows: h as usize, bits, one_d: false }
        }
    }
}

/// Distortion parameters of one sample.
#[derive(Clone, Debug)]
struct Params {
    module_px: f32,
    angle: f32,
    blur: f32,
    noise: f32,
    ink: f32,
    paper: f32,
    gain: f32,
    glare: f32,
    /// Added after the gain (a dim frame's black level).
    offset: f32,
    /// Perspective: (along the symbol, across it), the projective term at the label's edge (0: flat).
    keystone: (f32, f32),
}

fn params(class: Class, s: Symbology, rng: &mut Rng) -> Params {
    let qr = s == Symbology::Qr;
    // QR modules are read as squares: give them a little more room.
    let mpx = |rng: &mut Rng, a: f32, b: f32| rng.range(a, b) * if qr { 1.35 } else { 1.0 };
    let mut p = Params {
        module_px: mpx(rng, 2.0, 3.5),
        angle: rng.range(-3.0, 3.0),
        blur: 0.5,
        noise: rng.range(1.0, 3.0),
        ink: rng.range(15.0, 50.0),
        paper: rng.range(200.0, 240.0),
        gain: 1.0,
        glare: 0.0,
        offset: 0.0,
        keystone: (0.0, 0.0),
    };
    let deg = |rng: &mut Rng, a: f32, b: f32| rng.range(a, b) * rng.sign();
    match class {
        Class::Clean => {}
        Class::Tilt => p.angle = deg(rng, 5.0, 15.0),
        Class::Blur => p.blur = 0.3 * p.module_px,
        Class::Noise => p.noise = rng.range(6.0, 10.0),
        Class::Dim => {
            p.gain = rng.range(0.35, 0.5);
            p.noise = rng.range(2.0, 4.0);
        }
        Class::Small => p.module_px = mpx(rng, 1.5, 1.9),
        Class::Rotated => p.angle = deg(rng, 30.0, 90.0),
        Class::HeavyBlur => {
            p.module_px = mpx(rng, 2.5, 3.5);
            p.blur = rng.range(0.45, 0.6) * p.module_px;
        }
        Class::HeavyNoise => p.noise = rng.range(16.0, 24.0),
        Class::LowContrast => {
            p.paper = rng.range(150.0, 180.0);
            p.ink = p.paper - rng.range(25.0, 35.0);
            p.noise = rng.range(2.0, 4.0);
        }
        Class::Tiny => {
            p.module_px = mpx(rng, 1.15, 1.45);
            p.blur = 0.4;
        }
        Class::Glare => p.glare = rng.range(120.0, 200.0),
        Class::Combo => {
            p.angle = deg(rng, 5.0, 45.0);
            p.blur = 0.3 * p.module_px;
            p.noise = rng.range(6.0, 10.0);
            p.gain = rng.range(0.5, 0.7);
        }
        Class::Keystone => {
            // the module size changes 1.4–2.3× from one end of the symbol to the other
            p.angle = rng.range(-10.0, 10.0);
            p.keystone = (rng.range(0.08, 0.2) * rng.sign(), rng.range(-0.08, 0.08));
            p.noise = rng.range(1.0, 4.0);
        }
        Class::DimLow => {
            // the whole frame between black 100–150 and white 150–190, at least 35 levels apart
            let black = rng.range(100.0, 150.0);
            let white = rng.range((black + 35.0).max(150.0), 190.0);
            p.ink = rng.range(0.0, 10.0);
            p.paper = rng.range(245.0, 255.0);
            p.gain = (white - black) / 255.0;
            p.offset = black;
            p.noise = rng.range(2.0, 4.0);
        }
        Class::OnePx => {
            p.module_px = mpx(rng, 1.0, 1.2);
            p.blur = 0.4;
        }
        Class::Ns1 => {
            p.module_px = mpx(rng, 1.5, 3.5);
            p.angle = rng.range(-10.0, 10.0);
            p.noise = rng.range(1.0, 5.0);
        }
    }
    p
}

/// Background: a gradient, rectangles, lines and stripe patches.
fn clutter(img: &mut [f32], rng: &mut Rng) {
    let (a, b) = (rng.range(60.0, 200.0), rng.range(60.0, 200.0));
    let vertical = rng.below(2) == 0;
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let t = if vertical { y as f32 / HEIGHT as f32 } else { x as f32 / WIDTH as f32 };
            img[y * WIDTH + x] = a + (b - a) * t;
        }
    }
    for _ in 0..14 {
        let (x0, y0) = (rng.below(WIDTH as u32) as usize, rng.below(HEIGHT as u32) as usize);
        let (w, h) = (8 + rng.below(160) as usize, 8 + rng.below(120) as usize);
        let v = rng.range(10.0, 250.0);
        for y in y0..(y0 + h).min(HEIGHT) {
            for x in x0..(x0 + w).min(WIDTH) {
                img[y * WIDTH + x] = v;
            }
        }
    }
    // lines
    for _ in 0..10 {
        let (x0, y0) = (rng.range(0.0, WIDTH as f32), rng.range(0.0, HEIGHT as f32));
        let ang = rng.range(0.0, std::f32::consts::PI);
        let (dx, dy) = (ang.cos(), ang.sin());
        let len = rng.range(40.0, 400.0);
        let v = rng.range(0.0, 255.0);
        let thick = 1 + rng.below(3) as i32;
        let mut t = 0.0;
        while t < len {
            let (x, y) = ((x0 + dx * t) as i32, (y0 + dy * t) as i32);
            for o in 0..thick {
                let (xx, yy) = if dx.abs() > dy.abs() { (x, y + o) } else { (x + o, y) };
                if xx >= 0 && yy >= 0 && (xx as usize) < WIDTH && (yy as usize) < HEIGHT {
                    img[yy as usize * WIDTH + xx as usize] = v;
                }
            }
            t += 0.7;
        }
    }
    // stripe patches: random bars, like the print of a box
    for _ in 0..3 {
        let (x0, y0) = (rng.below(WIDTH as u32 - 60) as usize, rng.below(HEIGHT as u32 - 40) as usize);
        let (w, h) = (40 + rng.below(200) as usize, 20 + rng.below(100) as usize);
        let (dark, light) = (rng.range(0.0, 90.0), rng.range(150.0, 255.0));
        let horizontal = rng.below(3) == 0;
        let mut runs = Vec::new();
        let mut acc = 0;
        let mut on = false;
        while acc < w.max(h) {
            let r = 1 + rng.below(8) as usize;
            runs.extend(std::iter::repeat_n(on, r));
            acc += r;
            on = !on;
        }
        for y in y0..(y0 + h).min(HEIGHT) {
            for x in x0..(x0 + w).min(WIDTH) {
                let i = if horizontal { y - y0 } else { x - x0 };
                img[y * WIDTH + x] = if runs[i] { dark } else { light };
            }
        }
    }
}

/// Perspective of a label `lw` × `lh` pixels (flat): the projective terms per pixel.
fn projective(ks: (f32, f32), lw: f32, lh: f32) -> (f32, f32) {
    (ks.0 / (lw / 2.0), ks.1 / (lh / 2.0))
}

/// Paints `sym` on a white label (quiet zones included) at `angle` degrees, `module_px` a module
/// (at the label's centre), centred at (cx, cy), with the perspective `ks` (see `Params`); 4×4
/// supersampling.
#[allow(clippy::too_many_arguments)]
fn paint(
    img: &mut [f32],
    sym: &Symbol,
    module_px: f32,
    angle: f32,
    ks: (f32, f32),
    cx: f32,
    cy: f32,
    ink: f32,
    paper: f32,
) {
    let (qu, qv) = if sym.one_d { (11.0, 4.0) } else { (4.0, 4.0) };
    let (w, h) = (sym.cols as f32, sym.rows as f32);
    let (sa, ca) = angle.to_radians().sin_cos();
    let (kx, ky) = projective(ks, (w + 2.0 * qu) * module_px, (h + 2.0 * qv) * module_px);
    // image -> label plane: (a, b) = R(-angle) (p - c); flat (X, Y) = (a, b) / (1 - kx a - ky b);
    // module space (u, v) = (X, Y) / m + (w/2, h/2)
    let (hx, hy) = half_extent(sym, module_px, angle, ks);
    let x0 = ((cx - hx - 1.0).floor().max(0.0)) as usize;
    let x1 = ((cx + hx + 1.0).ceil().min(WIDTH as f32 - 1.0)) as usize;
    let y0 = ((cy - hy - 1.0).floor().max(0.0)) as usize;
    let y1 = ((cy + hy + 1.0).ceil().min(HEIGHT as f32 - 1.0)) as usize;
    const SS: usize = 4;
    let inv = 1.0 / module_px;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (mut label, mut dark) = (0u32, 0u32);
            for sy in 0..SS {
                for sx in 0..SS {
                    let px = x as f32 + (sx as f32 + 0.5) / SS as f32 - 0.5 - cx;
                    let py = y as f32 + (sy as f32 + 0.5) / SS as f32 - 0.5 - cy;
                    let (a, b) = (ca * px + sa * py, -sa * px + ca * py);
                    let den = 1.0 - kx * a - ky * b;
                    if den <= 0.05 {
                        continue;
                    }
                    let u = a / den * inv + w / 2.0;
                    let v = b / den * inv + h / 2.0;
                    if u >= -qu && u < w + qu && v >= -qv && v < h + qv {
                        label += 1;
                        if sym.dark(u, v) {
                            dark += 1;
                        }
                    }
                }
            }
            if label > 0 {
                let n = (SS * SS) as f32;
                let lv = (paper * (label - dark) as f32 + ink * dark as f32) / label as f32;
                let a = label as f32 / n;
                let i = y * WIDTH + x;
                img[i] = img[i] * (1.0 - a) + lv * a;
            }
        }
    }
}

/// The label's extent in pixels from its centre (the largest half width and half height of the
/// rotated, projected box).
fn half_extent(sym: &Symbol, module_px: f32, angle: f32, ks: (f32, f32)) -> (f32, f32) {
    let (qu, qv) = if sym.one_d { (11.0, 4.0) } else { (4.0, 4.0) };
    let (w, h) = ((sym.cols as f32 + 2.0 * qu) * module_px, (sym.rows as f32 + 2.0 * qv) * module_px);
    let (sa, ca) = angle.to_radians().sin_cos();
    let (kx, ky) = projective(ks, w, h);
    let (mut ex, mut ey) = (0f32, 0f32);
    for (x, y) in [(-w / 2.0, -h / 2.0), (w / 2.0, -h / 2.0), (-w / 2.0, h / 2.0), (w / 2.0, h / 2.0)] {
        let d = 1.0 + kx * x + ky * y;
        let (a, b) = (x / d, y / d);
        ex = ex.max((ca * a - sa * b).abs());
        ey = ey.max((sa * a + ca * b).abs());
    }
    (ex, ey)
}

fn gaussian_blur(img: &mut [f32], sigma: f32) {
    if sigma < 0.2 {
        return;
    }
    let r = (sigma * 3.0).ceil() as i32;
    let k: Vec<f32> = (-r..=r).map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp()).collect();
    let sum: f32 = k.iter().sum();
    let k: Vec<f32> = k.iter().map(|x| x / sum).collect();
    let mut tmp = vec![0f32; img.len()];
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let mut acc = 0.0;
            for (j, kv) in k.iter().enumerate() {
                let xx = (x as i32 + j as i32 - r).clamp(0, WIDTH as i32 - 1) as usize;
                acc += kv * img[y * WIDTH + xx];
            }
            tmp[y * WIDTH + x] = acc;
        }
    }
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let mut acc = 0.0;
            for (j, kv) in k.iter().enumerate() {
                let yy = (y as i32 + j as i32 - r).clamp(0, HEIGHT as i32 - 1) as usize;
                acc += kv * tmp[yy * WIDTH + x];
            }
            img[y * WIDTH + x] = acc;
        }
    }
}

fn seed(parts: &[u64]) -> u64 {
    parts.iter().fold(0xC0FF_EE00_D15E_A5E5u64, |h, &p| (h ^ p).wrapping_mul(0x100_0000_01B3).rotate_left(29))
}

/// Sample `index` of symbology `s` in distortion class `class`.
pub fn sample(s: Symbology, class: Class, index: u32) -> Sample {
    let mut rng = Rng::new(seed(&[1, s as u64, class as u64, index as u64]));
    let text = if class == Class::Ns1 { upce_text(1, &mut rng) } else { truth_text(s, &mut rng) };
    let sym = encode(s, &text, &mut rng);
    let mut p = params(class, s, &mut rng);
    // Fit the label in the frame (clamp the module size), then place it at random.
    let (hx, hy) = half_extent(&sym, 1.0, p.angle, p.keystone);
    let fit = ((WIDTH as f32 / 2.0 - 6.0) / hx).min((HEIGHT as f32 / 2.0 - 6.0) / hy);
    p.module_px = p.module_px.min(fit);
    let (hx, hy) = half_extent(&sym, p.module_px, p.angle, p.keystone);
    let cx = rng.range(hx + 3.0, WIDTH as f32 - hx - 3.0);
    let cy = rng.range(hy + 3.0, HEIGHT as f32 - hy - 3.0);
    let mut img = vec![0f32; WIDTH * HEIGHT];
    clutter(&mut img, &mut rng);
    paint(&mut img, &sym, p.module_px, p.angle, p.keystone, cx, cy, p.ink, p.paper);
    if p.glare > 0.0 {
        // a bright blob somewhere on the symbol
        let (sw, sh) = (sym.cols as f32 * p.module_px, sym.rows as f32 * p.module_px);
        let r = rng.range(0.1, 0.18) * sw.max(sh);
        let (sa, ca) = p.angle.to_radians().sin_cos();
        let (u, v) = (rng.range(-0.4, 0.4) * sw, rng.range(-0.4, 0.4) * sh);
        let (gx, gy) = (cx + ca * u - sa * v, cy + sa * u + ca * v);
        for y in 0..HEIGHT {
            for x in 0..WIDTH {
                let d2 = (x as f32 - gx).powi(2) + (y as f32 - gy).powi(2);
                img[y * WIDTH + x] += p.glare * (-d2 / (2.0 * r * r)).exp();
            }
        }
    }
    finish(&mut img, &p, &mut rng);
    let luma = img.iter().map(|&v| v.round().clamp(0.0, 255.0) as u8).collect();
    Sample {
        luma,
        width: WIDTH,
        height: HEIGHT,
        truth: Some(Read { symbology: s, text }),
        center: (cx, cy),
        module_px: p.module_px,
        angle: p.angle,
    }
}

/// Frame `index` of an EAN-13 whose first digit is 1–9 (its left half has the parities of a UPC-E
/// of number system 1), rotated 8–45° so that scan lines leave it through the top or bottom of its
/// bars, some of them just after the centre guard: a decoder must read it as its EAN-13 or not
/// at all, never as a UPC-E.
pub fn tilted_ean13(index: u32) -> Sample {
    let mut rng = Rng::new(seed(&[3, index as u64]));
    let mut d = vec![1 + rng.below(9) as u8];
    d.extend(rng.digits(11));
    d.push(gs1_check_digit(&d));
    let text: String = d.iter().map(|&x| (b'0' + x) as char).collect();
    let mut sym = encode(Symbology::Ean13, &text, &mut rng);
    // short bars too (truncated symbols): more lines leave through the top
    sym.rows = (sym.cols as f32 * rng.range(0.25, 0.75)) as usize;
    let angle = rng.range(8.0, 45.0) * rng.sign();
    let mut module_px = rng.range(1.5, 3.0);
    let (hx, hy) = half_extent(&sym, 1.0, angle, (0.0, 0.0));
    module_px = module_px.min(((WIDTH as f32 / 2.0 - 6.0) / hx).min((HEIGHT as f32 / 2.0 - 6.0) / hy));
    let (hx, hy) = half_extent(&sym, module_px, angle, (0.0, 0.0));
    let cx = rng.range(hx + 3.0, WIDTH as f32 - hx - 3.0);
    let cy = rng.range(hy + 3.0, HEIGHT as f32 - hy - 3.0);
    let mut img = vec![0f32; WIDTH * HEIGHT];
    clutter(&mut img, &mut rng);
    let (ink, paper) = (rng.range(15.0, 50.0), rng.range(200.0, 240.0));
    paint(&mut img, &sym, module_px, angle, (0.0, 0.0), cx, cy, ink, paper);
    let p = Params {
        module_px,
        angle,
        blur: rng.range(0.3, 0.8),
        noise: rng.range(1.0, 4.0),
        ink,
        paper,
        gain: 1.0,
        glare: 0.0,
        offset: 0.0,
        keystone: (0.0, 0.0),
    };
    finish(&mut img, &p, &mut rng);
    let luma = img.iter().map(|&v| v.round().clamp(0.0, 255.0) as u8).collect();
    Sample {
        luma,
        width: WIDTH,
        height: HEIGHT,
        truth: Some(Read { symbology: Symbology::Ean13, text }),
        center: (cx, cy),
        module_px,
        angle,
    }
}

/// Optics and sensor: blur (applied before the sensor clips), gain, noise.
fn finish(img: &mut [f32], p: &Params, rng: &mut Rng) {
    for v in img.iter_mut() {
        *v = v.min(255.0);
    }
    gaussian_blur(img, p.blur);
    for v in img.iter_mut() {
        *v = *v * p.gain + p.offset + p.noise * rng.gauss();
    }
}

/// Frame `index` of a kind with no code.
pub fn empty(kind: Empty, index: u32) -> Sample {
    let mut rng = Rng::new(seed(&[2, kind as u64, index as u64]));
    let mut img = vec![0f32; WIDTH * HEIGHT];
    match kind {
        Empty::Noise => {
            for v in img.iter_mut() {
                *v = rng.range(0.0, 256.0);
            }
        }
        Empty::Clutter => {
            clutter(&mut img, &mut rng);
            let p = Params {
                module_px: 2.0,
                angle: 0.0,
                blur: rng.range(0.3, 1.5),
                noise: rng.range(1.0, 12.0),
                ink: 0.0,
                paper: 0.0,
                gain: 1.0,
                glare: 0.0,
                offset: 0.0,
                keystone: (0.0, 0.0),
            };
            finish(&mut img, &p, &mut rng);
        }
        Empty::FakeCodes => {
            clutter(&mut img, &mut rng);
            for _ in 0..2 {
                // random bars of 1–4 modules, EAN-like proportions, with quiet zones
                let cols = 60 + rng.below(90) as usize;
                let mut bits = Vec::with_capacity(cols);
                let mut on = true;
                while bits.len() < cols {
                    let r = 1 + rng.below(4) as usize;
                    bits.extend(std::iter::repeat_n(on, r));
                    on = !on;
                }
                bits.push(true);
                let sym = Symbol { cols: bits.len(), rows: 50, bits, one_d: true };
                let angle = rng.range(-90.0, 90.0);
                let m = rng.range(1.5, 3.0);
                let (hx, hy) = half_extent(&sym, m, angle, (0.0, 0.0));
                if hx * 2.0 + 8.0 > WIDTH as f32 || hy * 2.0 + 8.0 > HEIGHT as f32 {
                    continue;
                }
                let cx = rng.range(hx + 3.0, WIDTH as f32 - hx - 3.0);
                let cy = rng.range(hy + 3.0, HEIGHT as f32 - hy - 3.0);
                paint(&mut img, &sym, m, angle, (0.0, 0.0), cx, cy, rng.range(10.0, 60.0), rng.range(190.0, 240.0));
            }
            // a random module grid (QR-like noise)
            let n = 25 + rng.below(12) as usize;
            let bits = (0..n * n).map(|_| rng.below(2) == 0).collect();
            let sym = Symbol { cols: n, rows: n, bits, one_d: false };
            let m = rng.range(2.5, 4.0);
            let (hx, hy) = half_extent(&sym, m, 20.0, (0.0, 0.0));
            let cx = rng.range(hx + 3.0, WIDTH as f32 - hx - 3.0);
            let cy = rng.range(hy + 3.0, HEIGHT as f32 - hy - 3.0);
            paint(&mut img, &sym, m, rng.range(-45.0, 45.0), (0.0, 0.0), cx, cy, 30.0, 220.0);
            let p = Params {
                module_px: 2.0,
                angle: 0.0,
                blur: rng.range(0.3, 1.2),
                noise: rng.range(1.0, 10.0),
                ink: 0.0,
                paper: 0.0,
                gain: 1.0,
                glare: 0.0,
                offset: 0.0,
                keystone: (0.0, 0.0),
            };
            finish(&mut img, &p, &mut rng);
        }
    }
    let luma = img.iter().map(|&v| v.round().clamp(0.0, 255.0) as u8).collect();
    Sample { luma, width: WIDTH, height: HEIGHT, truth: None, center: (0.0, 0.0), module_px: 0.0, angle: 0.0 }
}

/// Writes a frame as binary PGM (for looking at a sample).
pub fn to_pgm(s: &Sample) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", s.width, s.height).into_bytes();
    out.extend_from_slice(&s.luma);
    out
}
