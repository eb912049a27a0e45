//! QR through rxing's QR reader, behind a cheap pre-check: rows a few pixels apart are binarized
//! against a moving average and searched for the finder pattern's 1:1:3:1:1 runs. A frame with
//! fewer than two such hits never reaches rxing, so frames without a QR code cost a fraction of a
//! millisecond.

use crate::{Read, Symbology};
use rxing::common::HybridBinarizer;
use rxing::qrcode::cpp_port::QrReader;
use rxing::qrcode::QRCodeReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8Source, Reader};

const ROW_STEP: usize = 3;
const WINDOW: usize = 48;

/// Rows that cross something shaped like a finder pattern (1:1:3:1:1, dark–light–dark–light–dark).
pub(crate) fn finder_hits(luma: &[u8], w: usize, h: usize) -> usize {
    let mut hits = 0;
    let mut runs: Vec<(bool, u32)> = Vec::with_capacity(256);
    let mut y = ROW_STEP / 2;
    let half = WINDOW / 2;
    while y < h {
        let row = &luma[y * w..y * w + w];
        // moving average threshold via running sum
        let mut sum: u32 = row[..WINDOW.min(w)].iter().map(|&v| v as u32).sum();
        let mut cnt = WINDOW.min(w) as u32;
        runs.clear();
        for x in 0..w {
            // window [x-half, x+half)
            if x + half < w && x >= half {
                sum += row[x + half] as u32;
                sum -= row[x - half] as u32;
            } else if x + half < w {
                sum += row[x + half] as u32;
                cnt += 1;
            } else if x >= half {
                sum -= row[x - half] as u32;
                cnt -= 1;
            }
            let dark = (row[x] as u32) * cnt < sum.saturating_sub(4 * cnt);
            match runs.last_mut() {
                Some((d, n)) if *d == dark => *n += 1,
                _ => runs.push((dark, 1)),
            }
        }
        for i in 0..runs.len().saturating_sub(4) {
            if !runs[i].0 {
                continue;
            }
            let r = [runs[i].1, runs[i + 1].1, runs[i + 2].1, runs[i + 3].1, runs[i + 4].1];
            let total: u32 = r.iter().sum();
            if total < 7 {
                continue;
            }
            let m = total as f32 / 7.0;
            let ok = (r[0] as f32 - m).abs() < 0.7 * m
                && (r[1] as f32 - m).abs() < 0.7 * m
                && (r[2] as f32 - 3.0 * m).abs() < 1.2 * m
                && (r[3] as f32 - m).abs() < 0.7 * m
                && (r[4] as f32 - m).abs() < 0.7 * m;
            if ok {
                hits += 1;
            }
        }
        y += ROW_STEP;
    }
    hits
}

pub(crate) fn decode_qr(luma: &[u8], w: usize, h: usize) -> Option<Read> {
    if finder_hits(luma, w, h) < 2 {
        return None;
    }
    let source = Luma8Source::new_with_slice(&luma[..w * h], w as u32, h as u32).ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints::default();
    // rxing's port of zxing-cpp's QR reader first (as its MultiFormatReader does), then the Java one.
    let r = match QrReader.decode_with_hints(&mut bitmap, &hints) {
        Ok(r) => r,
        Err(_) => QRCodeReader::new().decode_with_hints(&mut bitmap, &hints).ok()?,
    };
    Some(Read { symbology: Symbology::Qr, text: r.getText().to_string() })
}
