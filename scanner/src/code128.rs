//! Code 128 (code sets A, B, C, shifts, FNC1) over the runs of one scan line; mod-103 checksum.

use crate::lines::{best_match, correct, correct_table, Fit, Runs};
use crate::Symbology;

const PATTERNS_STR: [&str; 106] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", "221312",
    "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", "221231", "213212",
    "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321", "232121",
    "111323", "131123", "131321", "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331",
    "132131", "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131", "311123",
    "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224", "111422", "121124",
    "121421", "141122", "141221", "112214", "112412", "122114", "122411", "142112", "142211", "241211", "221114",
    "413111", "241112", "134111", "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232",
];

/// Widths of symbols 0–105 (bar, space, bar, space, bar, space), 11 modules each.
const PATTERNS: [[u8; 6]; 106] = {
    let mut t = [[0u8; 6]; 106];
    let mut i = 0;
    while i < 106 {
        let b = PATTERNS_STR[i].as_bytes();
        let mut j = 0;
        while j < 6 {
            t[i][j] = b[j] - b'0';
            j += 1;
        }
        i += 1;
    }
    t
};
/// The stop pattern, 13 modules.
const STOP: [u8; 7] = [2, 3, 3, 1, 1, 1, 2];

const START_A: usize = 103;
const START_B: usize = 104;
const START_C: usize = 105;
const MAX_ERR: f32 = 3.5;
const MIN_LEAD: f32 = 0.9;
const LOOSE_ERR: f32 = 4.0;
const QUIET: f32 = 5.0;
const MAX_SYMBOLS: usize = 60;

#[inline]
fn symbol(r: &[f32], module: f32, max_err: f32, min_lead: f32) -> Option<usize> {
    let s: f32 = r[..6].iter().sum();
    if s < 11.0 * module * 0.75 || s > 11.0 * module * 1.25 {
        return None;
    }
    let (i, e, e2) = best_match(&r[..6], 11.0, &PATTERNS);
    (e <= max_err && e2 - e >= min_lead).then_some(i)
}

fn is_stop(r: &[f32], module: f32) -> bool {
    let s: f32 = r[..7].iter().sum();
    if s < 13.0 * module * 0.75 || s > 13.0 * module * 1.25 {
        return false;
    }
    let (_, e, _) = best_match(&r[..7], 13.0, &[STOP]);
    e <= MAX_ERR
}

/// The Code 128 symbols of the runs, into `out`; `framed` is set when a start symbol and a stop
/// pattern with their quiet zones were found around symbols that did not read (a symbol is there:
/// a line close by may read it).
pub(crate) fn scan(runs: &Runs, out: &mut Vec<(Symbology, String)>, framed: &mut bool) {
    let w = &runs.w;
    let n = runs.len();
    let mut k = 1;
    // start symbol + one data + check + stop = 6 + 6 + 6 + 7 runs, then the quiet zone
    while k + 26 <= n {
        let m = runs.sum(k, k + 6) / 11.0;
        if w[k - 1] >= QUIET * m {
            if let Some(t) = decode(w, k, m, framed) {
                out.push((Symbology::Code128, t));
            }
        }
        k += 2;
    }
}

/// Whether `r` can be a start symbol by [`symbol`] (best of all 106 patterns, error at most
/// `LOOSE_ERR`): its error against the three starts alone must be within `LOOSE_ERR`. Most runs
/// after a wide light run fail this, at 3 patterns instead of 106.
#[inline]
fn may_start(r: &[f32]) -> bool {
    best_match(&r[..6], 11.0, &PATTERNS[START_A..=START_C]).1 <= LOOSE_ERR
}

fn decode(w: &[f32], k: usize, m0: f32, framed: &mut bool) -> Option<String> {
    if !may_start(&w[k..]) {
        return None;
    }
    let start = symbol(&w[k..], m0, LOOSE_ERR, 0.0)?;
    if !(START_A..=START_C).contains(&start) {
        return None;
    }
    let mut codes: Vec<u8> = Vec::with_capacity(24);
    let mut fit = Fit::default();
    fit.add(&w[k..k + 6], 11.0, &PATTERNS[start]);
    let mut m = m0;
    let mut i = k + 6;
    loop {
        if i + 8 > w.len() || codes.len() > MAX_SYMBOLS {
            return None;
        }
        let mi = (w[i..i + 7].iter().sum::<f32>()) / 13.0;
        if (mi - m).abs() < 0.25 * m && is_stop(&w[i..], m) && w[i + 7] >= QUIET * mi {
            break;
        }
        let c = symbol(&w[i..], m, LOOSE_ERR, 0.0)?;
        if c >= START_A {
            return None;
        }
        fit.add(&w[i..i + 6], 11.0, &PATTERNS[c]);
        codes.push(c as u8);
        // follow the module width along the symbol (perspective, curvature)
        m = 0.7 * m + 0.3 * (w[i..i + 6].iter().sum::<f32>() / 11.0);
        i += 6;
    }
    if codes.len() < 2 {
        return None;
    }
    // (cleared again below when the symbol reads)
    let was = std::mem::replace(framed, true);
    // Second pass with the widths corrected by the symbol's own fit: linear, or failing that
    // (heavy blur), by the measured widths of each class.
    let ab = fit.solve()?;
    let n = codes.len();
    let strict = |c: &dyn Fn(&[f32]) -> [f32; 6]| -> Option<Vec<u8>> {
        let (s0, e, e2) = best_match(&c(&w[k..k + 6]), 11.0, &PATTERNS);
        if s0 != start || e > MAX_ERR || e2 - e < MIN_LEAD.max(0.45 * e) {
            return None;
        }
        (0..n)
            .map(|j| {
                let (x, e, e2) = best_match(&c(&w[k + 6 + 6 * j..k + 12 + 6 * j]), 11.0, &PATTERNS);
                (x < START_A && e <= MAX_ERR && e2 - e >= MIN_LEAD.max(0.45 * e)).then_some(x as u8)
            })
            .collect()
    };
    let codes = match strict(&|d| correct(d, 11.0, ab)) {
        Some(c) if c == codes => c,
        _ => {
            let t = fit.table(ab)?;
            strict(&|d| correct_table(d, 11.0, &t))?
        }
    };
    let check = *codes.last().unwrap() as usize;
    let data = &codes[..codes.len() - 1];
    let mut sum = start;
    for (j, &c) in data.iter().enumerate() {
        sum += (j + 1) * c as usize;
    }
    if sum % 103 != check {
        return None;
    }
    let t = text(start, data)?;
    *framed = was;
    Some(t)
}

#[derive(Clone, Copy, PartialEq)]
enum Set {
    A,
    B,
    C,
}

/// The text of the data symbols. FNC1 in first place (GS1-128) is dropped, later ones become GS
/// (0x1D), as ZXing does; FNC4 adds 128 to the next character.
fn text(start: usize, data: &[u8]) -> Option<String> {
    let mut set = match start {
        START_A => Set::A,
        START_B => Set::B,
        _ => Set::C,
    };
    let mut out = String::new();
    let mut shift = false;
    let mut fnc4 = false;
    for (j, &c) in data.iter().enumerate() {
        let cur = if shift {
            match set {
                Set::A => Set::B,
                Set::B => Set::A,
                Set::C => Set::C,
            }
        } else {
            set
        };
        shift = false;
        match cur {
            Set::C => match c {
                0..=99 => {
                    out.push((b'0' + c / 10) as char);
                    out.push((b'0' + c % 10) as char);
                }
                100 => set = Set::B,
                101 => set = Set::A,
                102 => {
                    if j > 0 {
                        out.push('\u{1d}');
                    }
                }
                _ => return None,
            },
            Set::A | Set::B => {
                let ch: Option<u32> = match (cur, c) {
                    (_, 0..=63) => Some(c as u32 + 32),
                    (Set::A, 64..=95) => Some(c as u32 - 64),
                    (Set::B, 64..=95) => Some(c as u32 + 32),
                    _ => None,
                };
                if let Some(mut ch) = ch {
                    if fnc4 {
                        ch += 128;
                        fnc4 = false;
                    }
                    out.push(char::from_u32(ch)?);
                    continue;
                }
                match c {
                    96 | 97 => {} // FNC3, FNC2
                    98 => shift = true,
                    99 => set = Set::C,
                    100 if cur == Set::A => set = Set::B,
                    100 => fnc4 = true,
                    101 if cur == Set::B => set = Set::A,
                    101 => fnc4 = true,
                    102 => {
                        if j > 0 {
                            out.push('\u{1d}');
                        }
                    }
                    _ => return None,
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_sets() {
        // Start B "AB" then code C "1234"
        assert_eq!(text(START_B, &[33, 34, 99, 12, 34]).unwrap(), "AB1234");
        // Start C 20 24 then code B "-"
        assert_eq!(text(START_C, &[20, 24, 100, 13]).unwrap(), "2024-");
        // GS1: FNC1 first is dropped
        assert_eq!(text(START_C, &[102, 10, 12]).unwrap(), "1012");
    }
}
