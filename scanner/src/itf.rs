//! ITF-14 (Interleaved 2 of 5, exactly 14 digits, GS1 check digit) over the runs of one scan line.

use crate::lines::Runs;
use crate::{gs1_valid, Symbology};

/// Wide (1) / narrow (0) of the five elements of a digit, first element = bit 4.
const DIGITS: [u8; 10] = [0b00110, 0b10001, 0b01001, 0b11000, 0b00101, 0b10100, 0b01100, 0b00011, 0b10010, 0b01010];

const RUNS: usize = 4 + 70 + 3;

/// The two widest of five elements, if they stand clearly apart from the three narrow ones:
/// returns (pattern, mean narrow, mean wide).
#[inline]
fn classify(e: [f32; 5]) -> Option<(u8, f32, f32)> {
    let mut idx = [0usize, 1, 2, 3, 4];
    idx.sort_unstable_by(|&a, &b| e[b].partial_cmp(&e[a]).unwrap_or(std::cmp::Ordering::Equal));
    let (w1, w2, n1) = (e[idx[0]], e[idx[1]], e[idx[2]]);
    let n3 = e[idx[4]];
    // wides alike, narrows alike, and a clear gap between them
    if w2 < 1.5 * n1 || w1 > 1.45 * w2 || n1 > 2.2 * n3 {
        return None;
    }
    let pat = (1u8 << (4 - idx[0])) | (1u8 << (4 - idx[1]));
    Some((pat, (e[idx[2]] + e[idx[3]] + e[idx[4]]) / 3.0, (w1 + w2) / 2.0))
}

/// The ITF-14 symbols of the runs, into `out`; `framed` is set when 77 runs between two quiet zones
/// start with four narrow ones and end with a wide bar and two narrow runs but do not read (a symbol
/// is there: a line close by may read it).
pub(crate) fn scan(runs: &Runs, out: &mut Vec<(Symbology, String)>, framed: &mut bool) {
    let w = &runs.w;
    let n = runs.len();
    let mut k = 1;
    while k + RUNS < n {
        // Quick bounds: with a wide/narrow ratio of 2 to 3.4 the symbol is 106 to 146.6 narrow.
        let total = runs.sum(k, k + RUNS);
        let narrow_max = total / 106.0;
        if w[k - 1] >= 6.0 * (total / 146.6) && w[k + RUNS] >= 6.0 * (total / 146.6) {
            let r = &w[k..k + RUNS];
            if let Some(t) = decode(r, w[k - 1], w[k + RUNS], narrow_max) {
                out.push((Symbology::Itf14, t));
            } else if r[..4].iter().all(|&x| x <= 1.7 * narrow_max) && r[74] > 1.5 * r[75].max(r[76]) {
                *framed = true;
            }
        }
        k += 2;
    }
}

fn decode(r: &[f32], quiet_l: f32, quiet_r: f32, narrow_max: f32) -> Option<String> {
    // start: four narrow elements
    if r[..4].iter().any(|&x| x > 1.7 * narrow_max) {
        return None;
    }
    let mut digits = [0u8; 14];
    let (mut nsum, mut wsum) = (0f32, 0f32);
    // narrow and wide width of each pair (in perspective they change along the symbol)
    let (mut pn, mut pw) = ([0f32; 7], [0f32; 7]);
    for p in 0..7 {
        let base = 4 + 10 * p;
        let bars = [r[base], r[base + 2], r[base + 4], r[base + 6], r[base + 8]];
        let spaces = [r[base + 1], r[base + 3], r[base + 5], r[base + 7], r[base + 9]];
        let (pb, nb, wb) = classify(bars)?;
        let (ps, ns, ws) = classify(spaces)?;
        digits[2 * p] = DIGITS.iter().position(|&d| d == pb)? as u8;
        digits[2 * p + 1] = DIGITS.iter().position(|&d| d == ps)? as u8;
        nsum += nb + ns;
        wsum += wb + ws;
        pn[p] = (nb + ns) / 2.0;
        pw[p] = (wb + ws) / 2.0;
    }
    let ratio = (0..7).map(|p| pw[p] / pn[p]).sum::<f32>() / 7.0;
    if !(1.8..=3.6).contains(&ratio) {
        return None;
    }
    // the symbol's mean widths must hold within 1.5x at every pair, ...
    let (gn, gw) = (nsum / 14.0, wsum / 14.0);
    if (0..7).any(|p| pn[p] > 1.5 * gn || pn[p] < gn / 1.5 || pw[p] > 1.5 * gw || pw[p] < gw / 1.5) {
        return None;
    }
    // ... and every element be close to its class width over its pair and the neighbouring ones
    // (consistent modules along the symbol, allowing for perspective)
    let local = |p: usize| {
        let (a, b) = (p.saturating_sub(1), (p + 1).min(6));
        let k = (b - a + 1) as f32;
        ((a..=b).map(|q| pn[q]).sum::<f32>() / k, (a..=b).map(|q| pw[q]).sum::<f32>() / k)
    };
    for p in 0..7 {
        let base = 4 + 10 * p;
        let (narrow, wide) = local(p);
        for j in 0..10 {
            let x = r[base + j];
            let is_wide = x > (narrow + wide) / 2.0;
            let (lo, hi) = if is_wide { (0.6 * wide, 1.45 * wide) } else { (0.45 * narrow, 1.7 * narrow) };
            if x < lo || x > hi {
                return None;
            }
        }
    }
    let (narrow, _) = local(0);
    if r[..4].iter().any(|&x| x < 0.45 * narrow || x > 1.7 * narrow) {
        return None;
    }
    if quiet_l < 8.0 * narrow {
        return None;
    }
    // stop: wide bar, narrow space, narrow bar
    let (narrow, wide) = local(6);
    let (a, b, c) = (r[74], r[75], r[76]);
    if a < 0.6 * wide
        || a > 1.45 * wide
        || b > 1.7 * narrow
        || c > 1.7 * narrow
        || b < 0.45 * narrow
        || c < 0.45 * narrow
    {
        return None;
    }
    if quiet_r < 8.0 * narrow {
        return None;
    }
    if !gs1_valid(&digits) {
        return None;
    }
    Some(digits.iter().map(|&d| (b'0' + d) as char).collect())
}
