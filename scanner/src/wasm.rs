//! wasm-bindgen exports for the web worker (feature `wasm`) and, with `baseline`, plain rxing for
//! the side-by-side benchmark.

use crate::{decode_rgba, json_str, Formats, Read};
use wasm_bindgen::prelude::*;

/// `[{"symbology":"ean13","text":"…"}, …]`
pub fn reads_json(reads: &[Read]) -> String {
    let mut out = String::from("[");
    for (i, r) in reads.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"symbology\":");
        json_str(&mut out, r.symbology.name());
        out.push_str(",\"text\":");
        json_str(&mut out, &r.text);
        out.push('}');
    }
    out.push(']');
    out
}

/// Decodes an RGBA frame (a canvas' ImageData.data); `formats` is the bitset of
/// `Formats` (0x7f: all). Returns the reads as JSON: `[{"symbology","text"}]`.
#[wasm_bindgen]
pub fn decode_frame(rgba: &[u8], width: u32, height: u32, formats: u32) -> String {
    reads_json(&decode_rgba(rgba, width as usize, height as usize, Formats(formats)))
}

/// Decodes a greyscale frame (for the benchmark; not in the worker's build, which would otherwise
/// carry a second copy of the decoder, one for each pixel format).
#[cfg(any(feature = "baseline", feature = "bench"))]
#[wasm_bindgen]
pub fn decode_luma(luma: &[u8], width: u32, height: u32, formats: u32) -> String {
    reads_json(&crate::decode(luma, width as usize, height as usize, Formats(formats)))
}

/// [`decode_frame`] converting only the pixels the decoder reads (for the benchmark).
#[cfg(any(feature = "baseline", feature = "bench"))]
#[wasm_bindgen]
pub fn decode_frame_per_pixel(rgba: &[u8], width: u32, height: u32, formats: u32) -> String {
    reads_json(&crate::decode_rgba_per_pixel(rgba, width as usize, height as usize, Formats(formats)))
}

/// The SIMD paths against their references (for the benchmark: they run only in wasm built with
/// `simd128`): the number of mismatches, 0.
#[cfg(all(feature = "bench", feature = "qr"))]
#[wasm_bindgen]
pub fn self_test() -> u32 {
    crate::rgba_to_luma_mismatches()
        + crate::qr::dark_edges_mismatches()
        + crate::lines::block_ranges_mismatches()
        + crate::lines::significant_mismatches()
}

/// Plain rxing on a greyscale frame: `formats` 0 = every rxing format; else our bitset.
/// Returns `format:text` or an empty string.
#[cfg(feature = "baseline")]
#[wasm_bindgen]
pub fn rxing_decode_luma(luma: &[u8], width: u32, height: u32, formats: u32, try_harder: bool) -> String {
    let f = if formats == 0 { None } else { Some(Formats(formats)) };
    match crate::baseline::decode(luma, width as usize, height as usize, f, try_harder) {
        Some((_, fmt, text)) => format!("{fmt}:{text}"),
        None => String::new(),
    }
}
