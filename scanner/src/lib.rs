//! restock-scanner: a barcode decoder for camera frames, made to run in a web worker in WebAssembly.
//!
//! * 1D symbols (EAN-13, EAN-8, UPC-A, UPC-E, ITF-14, Code 128) are this crate's own decoder: a few
//!   scan lines at eight angles, sub-pixel edges from intensity ramps, run-length matching by module
//!   ratios, check digits, quiet zones, and two scan lines agreeing within one frame.
//! * QR goes through rxing's QR reader (feature `qr`, on by default), after a cheap finder-pattern
//!   pre-check so that frames without a QR code cost almost nothing.
//!
//! A [`Read`] is returned only when its check digit / checksum (or QR's Reed–Solomon) holds: not
//! reading is always preferred to misreading.

mod code128;
mod ean;
mod itf;
#[doc(hidden)]
pub mod lines;
#[cfg(feature = "qr")]
#[doc(hidden)]
pub mod qr;

#[cfg(feature = "baseline")]
pub mod baseline;
#[cfg(feature = "corpus")]
pub mod corpus;
#[cfg(feature = "wasm")]
mod wasm;

use std::fmt;

/// Appends `s` to `out` as a JSON string (the worker's reads, the tools' outputs): quotes,
/// backslashes and control characters escaped.
#[doc(hidden)]
pub fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The symbologies this decoder knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbology {
    Ean13,
    Ean8,
    UpcA,
    UpcE,
    Itf14,
    Code128,
    Qr,
}

impl Symbology {
    pub const ALL: [Symbology; 7] = [
        Symbology::Ean13,
        Symbology::Ean8,
        Symbology::UpcA,
        Symbology::UpcE,
        Symbology::Itf14,
        Symbology::Code128,
        Symbology::Qr,
    ];

    /// The name the worker posts back (`"ean13"`, `"qr"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Symbology::Ean13 => "ean13",
            Symbology::Ean8 => "ean8",
            Symbology::UpcA => "upca",
            Symbology::UpcE => "upce",
            Symbology::Itf14 => "itf14",
            Symbology::Code128 => "code128",
            Symbology::Qr => "qr",
        }
    }

    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Symbology {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which symbologies to look for: a bitset of [`Symbology::bit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Formats(pub u32);

impl Formats {
    pub const NONE: Formats = Formats(0);
    pub const ALL: Formats = Formats(0x7f);
    /// Every 1D symbology (all but QR).
    pub const ONE_D: Formats = Formats(0x3f);
    /// The retail GTINs: EAN-13, EAN-8, UPC-A, UPC-E.
    pub const RETAIL: Formats = Formats(0x0f);

    pub fn only(s: Symbology) -> Formats {
        Formats(s.bit())
    }
    pub fn with(self, s: Symbology) -> Formats {
        Formats(self.0 | s.bit())
    }
    pub fn has(self, s: Symbology) -> bool {
        self.0 & s.bit() != 0
    }
    pub fn any_ean_upc(self) -> bool {
        self.0 & Formats::RETAIL.0 != 0
    }
    pub fn any_one_d(self) -> bool {
        self.0 & Formats::ONE_D.0 != 0
    }
}

impl std::ops::BitOr for Formats {
    type Output = Formats;
    fn bitor(self, o: Formats) -> Formats {
        Formats(self.0 | o.0)
    }
}

/// One decoded symbol.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Read {
    pub symbology: Symbology,
    pub text: String,
}

/// RGBA (as from a canvas' `ImageData`) to 8-bit luma, `out` is resized to width × height.
/// Integer BT.601 weights: (77 R + 150 G + 29 B) / 256. With wasm SIMD (`simd128`) 16 pixels at a
/// time (exact: the same sums in 32-bit lanes).
pub fn rgba_to_luma(rgba: &[u8], out: &mut Vec<u8>) {
    let n = rgba.len() / 4;
    // every byte is written below: zeroed only when the size changes (the worker's frames keep it)
    if out.len() != n {
        out.clear();
        out.resize(n, 0);
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = simd::rgba_to_luma(&rgba[..4 * n], out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    // 16-bit arithmetic (the sum is at most 256 · 255 + 128): vectorised where the target allows
    for (o, p) in out[done..].iter_mut().zip(rgba[4 * done..].chunks_exact(4)) {
        let (r, g, b) = (p[0] as u16, p[1] as u16, p[2] as u16);
        *o = ((77 * r + 150 * g + 29 * b + 128) >> 8) as u8;
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd {
    use core::arch::wasm32::*;

    /// For each byte, the positions of its set bits, lowest first (the rest 0).
    pub(crate) static SET_BITS: [[u8; 8]; 256] = {
        let mut t = [[0u8; 8]; 256];
        let mut b = 0;
        while b < 256 {
            let (mut i, mut k) = (0, 0);
            while i < 8 {
                if b >> i & 1 == 1 {
                    t[b][k] = i as u8;
                    k += 1;
                }
                i += 1;
            }
            b += 1;
        }
        t
    };

    /// Four pixels (little-endian `u32` lanes, R in the low byte) to their luma in 32-bit lanes,
    /// [`super::luma_of`] lane by lane: the 16-bit lanes (R, B) and (G, A) of each pixel dotted
    /// with (77, 29) and (150, 0).
    #[inline(always)]
    fn luma4(p: v128) -> v128 {
        let rb = i32x4_dot_i16x8(v128_and(p, u16x8_splat(0xff)), i32x4_splat(77 | 29 << 16));
        let ga = i32x4_dot_i16x8(u16x8_shr(p, 8), i32x4_splat(150));
        u32x4_shr(i32x4_add(i32x4_add(rb, ga), i32x4_splat(128)), 8)
    }

    /// The luma of the first pixels of `rgba` (16 at a time) into `out`; returns how many.
    pub(super) fn rgba_to_luma(rgba: &[u8], out: &mut [u8]) -> usize {
        let blocks = (rgba.len() / 64).min(out.len() / 16);
        for (o, p) in out.chunks_exact_mut(16).zip(rgba.chunks_exact(64)).take(blocks) {
            // SAFETY: `p` holds 64 bytes and `o` 16 (chunks_exact); unaligned loads and stores
            let v = |k: usize| unsafe { v128_load(p.as_ptr().add(16 * k) as *const v128) };
            let lo = i16x8_narrow_i32x4(luma4(v(0)), luma4(v(1)));
            let hi = i16x8_narrow_i32x4(luma4(v(2)), luma4(v(3)));
            unsafe { v128_store(o.as_mut_ptr() as *mut v128, u8x16_narrow_i16x8(lo, hi)) };
        }
        16 * blocks
    }
}

/// A frame's pixels as luma: greyscale bytes, or RGBA converted pixel by pixel as the decoder
/// reads them (it reads a small part of the frame: converting all of it first would cost more
/// than decoding).
pub(crate) trait Image: Copy {
    /// The luma of pixel `i` (row-major index).
    fn px(self, i: usize) -> u8;
    /// Row `y` (`w` pixels) into `out`.
    fn row(self, y: usize, w: usize, out: &mut Vec<u8>) {
        out.clear();
        out.extend((y * w..y * w + w).map(|i| self.px(i)));
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Luma<'a>(pub &'a [u8]);

impl Image for Luma<'_> {
    #[inline(always)]
    fn px(self, i: usize) -> u8 {
        self.0[i]
    }
    fn row(self, y: usize, w: usize, out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(&self.0[y * w..y * w + w]);
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Rgba<'a>(pub &'a [u8]);

/// The luma of one RGBA pixel read as a little-endian `u32` (R in the low byte), exactly as
/// [`rgba_to_luma`]: two multiplications instead of three. `(R + B·2¹⁶) · (29 + 77·2¹⁶)` holds
/// `77 R + 29 B` in its bits 16–31 (29 R < 2¹⁶ cannot carry into them; 77 B · 2³² falls off).
#[inline(always)]
fn luma_of(p: u32) -> u8 {
    let rb = (p & 0x00ff_00ff).wrapping_mul(29 + (77 << 16)) >> 16;
    ((rb + 150 * ((p >> 8) & 0xff) + 128) >> 8) as u8
}

impl Image for Rgba<'_> {
    /// As [`rgba_to_luma`]: one 4-byte load per pixel.
    #[inline(always)]
    fn px(self, i: usize) -> u8 {
        let p: [u8; 4] = self.0[4 * i..4 * i + 4].try_into().unwrap();
        luma_of(u32::from_le_bytes(p))
    }
    fn row(self, y: usize, w: usize, out: &mut Vec<u8>) {
        out.clear();
        out.extend(
            self.0[4 * y * w..4 * (y * w + w)]
                .chunks_exact(4)
                .map(|p| luma_of(u32::from_le_bytes([p[0], p[1], p[2], p[3]]))),
        );
    }
}

/// Decodes every symbol of `formats` found in a greyscale frame (row-major, `width` × `height`).
/// Reads come sorted and without duplicates. The 1D decoder stops at the first symbol that two
/// scan lines agree on, so a frame holding several 1D symbols may give only one of them.
pub fn decode(luma: &[u8], width: usize, height: usize, formats: Formats) -> Vec<Read> {
    if luma.len() < width * height {
        return Vec::new();
    }
    decode_image(Luma(luma), width, height, formats)
}

/// [`decode`] on an RGBA frame (a canvas' `ImageData.data`): the same reads as [`decode`] on
/// [`rgba_to_luma`]'s luma. With QR on, the frame is converted whole first (16 pixels at a time
/// with wasm SIMD) into a buffer kept between frames; otherwise (and in a wasm build without
/// SIMD) only the pixels the decoder reads are converted, one by one. Measured in BENCHMARKS.md.
pub fn decode_rgba(rgba: &[u8], width: usize, height: usize, formats: Formats) -> Vec<Read> {
    if rgba.len() < width * height * 4 {
        return Vec::new();
    }
    // A wasm build without SIMD converts pixel by pixel as before: its whole-frame conversion was
    // no faster (BENCHMARKS.md); natively the loop is vectorised.
    let whole = cfg!(any(not(target_arch = "wasm32"), target_feature = "simd128"));
    if !formats.has(Symbology::Qr) || !whole {
        return decode_image(Rgba(rgba), width, height, formats);
    }
    thread_local! {
        static LUMA: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LUMA.with(|buf| {
        let mut luma = buf.borrow_mut();
        rgba_to_luma(&rgba[..width * height * 4], &mut luma);
        decode_image(Luma(&luma), width, height, formats)
    })
}

/// [`decode_rgba`] converting only the pixels the decoder reads, whatever the formats (to time
/// both ways).
#[doc(hidden)]
pub fn decode_rgba_per_pixel(rgba: &[u8], width: usize, height: usize, formats: Formats) -> Vec<Read> {
    if rgba.len() < width * height * 4 {
        return Vec::new();
    }
    decode_image(Rgba(rgba), width, height, formats)
}

fn decode_image<I: Image>(img: I, width: usize, height: usize, formats: Formats) -> Vec<Read> {
    let mut out = Vec::new();
    if width < 16 || height < 16 {
        return out;
    }
    if formats.any_one_d() {
        out.extend(lines::decode_1d(img, width, height, formats));
    }
    #[cfg(feature = "qr")]
    if formats.has(Symbology::Qr) {
        if let Some(r) = qr::decode_qr(img, width, height) {
            out.push(r);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The GS1 check digit of `body` (every digit but the last, values 0–9): weights 3,1,3,… from the
/// right.
pub fn gs1_check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body.iter().rev().enumerate().map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 }).sum();
    ((10 - sum % 10) % 10) as u8
}

/// Whether `digits` (values 0–9, check digit last) carries a valid GS1 check digit.
pub fn gs1_valid(digits: &[u8]) -> bool {
    match digits.split_last() {
        Some((last, body)) if !body.is_empty() => gs1_check_digit(body) == *last,
        _ => false,
    }
}

/// Frames of every R (and G, B at strides, odd lengths) through [`rgba_to_luma`] against the
/// formula: the number of pixels where they differ (0). A test, and with feature `bench` the
/// wasm build's self-check (its SIMD path runs only there).
#[cfg(any(test, feature = "bench"))]
#[doc(hidden)]
pub fn rgba_to_luma_mismatches() -> u32 {
    let mut bad = 0;
    let mut out = Vec::new();
    for g in (0..256u32).step_by(5) {
        for len in [256usize, 255, 17, 3] {
            let rgba: Vec<u8> =
                (0..len as u32).flat_map(|r| [r as u8, g as u8, (r * 7 + g) as u8, (r ^ g) as u8]).collect();
            rgba_to_luma(&rgba, &mut out);
            for (r, &y) in out.iter().enumerate() {
                let (r, b) = (r as u32, (r as u32 * 7 + g) & 0xff);
                bad += (y as u32 != (77 * r + 150 * g + 29 * b + 128) >> 8) as u32;
            }
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        for code in ["6920152400012", "6921168509256", "036000291452", "96385074", "6901234567892"] {
            let d: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
            assert!(gs1_valid(&d), "{code}");
        }
        let d: Vec<u8> = "6920152400013".bytes().map(|b| b - b'0').collect();
        assert!(!gs1_valid(&d));
    }

    #[test]
    fn swar_luma_is_exact() {
        for r in (0..256u32).step_by(3) {
            for g in (0..256u32).step_by(5) {
                for b in 0..256u32 {
                    let want = ((77 * r + 150 * g + 29 * b + 128) >> 8) as u8;
                    assert_eq!(luma_of(r | g << 8 | b << 16 | 0xff << 24), want, "{r} {g} {b}");
                }
            }
        }
        for (r, g, b) in [(255, 255, 255), (255, 0, 255), (0, 255, 0), (255, 255, 0)] {
            assert_eq!(luma_of(r | g << 8 | b << 16), ((77 * r + 150 * g + 29 * b + 128) >> 8) as u8);
        }
    }

    #[test]
    fn rgba_to_luma_is_exact() {
        assert_eq!(rgba_to_luma_mismatches(), 0);
    }

    #[test]
    fn luma_of_rgba() {
        let mut out = Vec::new();
        rgba_to_luma(&[255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255], &mut out);
        assert_eq!(out, vec![255, 0, 77]);
    }

    #[test]
    fn blank_and_tiny_frames_read_nothing() {
        assert!(decode(&[128; 640 * 480], 640, 480, Formats::ALL).is_empty());
        assert!(decode_rgba(&[128; 640 * 480 * 4], 640, 480, Formats::ALL).is_empty());
        assert!(decode_rgba(&[128; 640 * 480], 640, 480, Formats::ALL).is_empty());
        assert!(decode(&[0; 10], 5, 2, Formats::ALL).is_empty());
        assert!(decode(&[0; 10], 640, 480, Formats::ALL).is_empty());
    }
}
