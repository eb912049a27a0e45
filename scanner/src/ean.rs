//! EAN-13 / UPC-A, EAN-8 and UPC-E over the runs of one scan line.

use crate::lines::{best_match, correct, correct_table, Fit, Runs};
use crate::{gs1_valid, Formats, Symbology};

/// Widths (space, bar, space, bar) of the L code; R has the same widths (bar first), G is L reversed.
const L: [[u8; 4]; 10] = [
    [3, 2, 1, 1],
    [2, 2, 2, 1],
    [2, 1, 2, 2],
    [1, 4, 1, 1],
    [1, 1, 3, 2],
    [1, 2, 3, 1],
    [1, 1, 1, 4],
    [1, 3, 1, 2],
    [1, 2, 1, 3],
    [3, 1, 1, 2],
];

/// L codes 0–9 then G codes 0–9.
const LG: [[u8; 4]; 20] = {
    let mut t = [[0u8; 4]; 20];
    let mut i = 0;
    while i < 10 {
        t[i] = L[i];
        t[10 + i] = [L[i][3], L[i][2], L[i][1], L[i][0]];
        i += 1;
    }
    t
};

/// EAN-13 first digit from the parity of the six left digits (bit 5 = first digit, 1 = G).
const EAN13_PARITY: [u8; 10] =
    [0b000000, 0b001011, 0b001101, 0b001110, 0b010011, 0b011001, 0b011100, 0b010101, 0b010110, 0b011010];
/// UPC-E check digit from the parity of its six digits, number system 0 (NS 1 is the complement).
const UPCE_PARITY: [u8; 10] =
    [0b111000, 0b110100, 0b110010, 0b110001, 0b101100, 0b100110, 0b100011, 0b101010, 0b101001, 0b100101];

/// Largest accepted match error of one digit, and least lead over the second best.
const MAX_ERR: f32 = 1.9;
const MIN_LEAD: f32 = 0.8;
/// A digit matched with an error up to `FAR_ERR` is still taken when the second best is
/// `FAR_LEAD` times further.
const FAR_ERR: f32 = 3.3;
const FAR_LEAD: f32 = 1.8;
/// Quiet zones, in modules (the standard asks 7–11; camera frames of real packs get a little less).
const QUIET: f32 = 5.0;

/// Loose first pass over a symbol's digits: pattern indices, and the width fit.
const LOOSE_ERR: f32 = 3.5;

/// Matches the digits at `starts` (four runs each) against their tables: loosely, then again with
/// the widths corrected by the symbol's own fit. Returns the pattern indices.
fn digits<const N: usize>(
    r: &[f32],
    starts: [usize; N],
    tables: [&[[u8; 4]]; N],
    module: f32,
    guards: &[usize],
) -> Option<[usize; N]> {
    // the module where each digit starts: 3 guard modules, 7 per digit, and the 5 of the centre
    // guard (4 runs more than a digit) after the centre; the symbol's modules
    let (total, centre) = match r.len() {
        59 => (95.0, 32),
        43 => (67.0, 24),
        _ => (51.0, usize::MAX),
    };
    let mut mods = [0f32; N];
    for (j, &st) in starts.iter().enumerate() {
        let before = if st >= centre { (st - 3 - 5) / 4 } else { (st - 3) / 4 };
        mods[j] = 3.0 + 7.0 * before as f32 + if st >= centre { 5.0 } else { 0.0 };
    }
    let mut fit = Fit::default();
    for &g in guards {
        fit.add(&r[g..g + 1], r[g] / module, &[1]);
    }
    let width = |j: usize| r[starts[j]..starts[j] + 4].iter().sum::<f32>();
    for (j, &st) in starts.iter().enumerate() {
        let d = &r[st..st + 4];
        let s: f32 = d.iter().sum();
        // consistent module width: a digit is 7 modules, of the symbol's mean module and of the
        // neighbouring digits' (in perspective the module changes along the symbol)
        if s < 7.0 * module * 0.6 || s > 7.0 * module * 1.45 {
            return None;
        }
        let (a, b) = (j.saturating_sub(1), (j + 1).min(N - 1));
        let local = (a..=b).map(width).sum::<f32>() / (b - a + 1) as f32;
        if s < local * 0.75 || s > local * 1.3 {
            return None;
        }
        let (i, e, _) = best_match(d, 7.0, tables[j]);
        if e > LOOSE_ERR {
            return None;
        }
        fit.add(d, 7.0, &tables[j][i]);
    }
    let ab = fit.solve()?;
    let strict = |c: &dyn Fn(usize, &[f32]) -> [f32; 4]| -> Option<[usize; N]> {
        let mut out = [0usize; N];
        for (j, &st) in starts.iter().enumerate() {
            let (i, e, e2) = best_match(&c(j, &r[st..st + 4]), 7.0, tables[j]);
            // a close match with a clear lead, or (tiny modules, blur) a looser one far ahead of
            // the second best
            let clear = e <= MAX_ERR && e2 - e >= MIN_LEAD.max(0.6 * e);
            // Written as a negation on purpose: a NaN error is never "far enough ahead".
            #[allow(clippy::nonminimal_bool)]
            let far = !(e <= FAR_ERR && e2 >= FAR_LEAD * e);
            if !clear && far {
                return None;
            }
            out[j] = i;
        }
        Some(out)
    };
    // Widths corrected by the linear fit; failing that (heavy blur), by the measured widths of
    // each class.
    strict(&|_, d| correct(d, 7.0, ab))
        .or_else(|| {
            let t = fit.table(ab)?;
            strict(&|_, d| correct_table(d, 7.0, &t))
        })
        .or_else(|| {
            // Heavy blur misplaces the edges next to a guard most: each digit's outer edges where
            // the symbol's own length puts them, its three inner edges as measured.
            let t = fit.table(ab)?;
            let m = r.iter().sum::<f32>() / total;
            strict(&|j, d| {
                let p0: f32 = r[..starts[j]].iter().sum();
                let (a, b) = (mods[j] * m, (mods[j] + 7.0) * m);
                let (e1, e3) = (p0 + d[0], p0 + d[0] + d[1] + d[2]);
                correct_table(&[(e1 - a).max(0.1), d[1], d[2], (b - e3).max(0.1)], 7.0, &t)
            })
        })
}

/// Guard runs of one module each.
#[inline]
fn guard(r: &[f32], module: f32) -> bool {
    r.iter().all(|&x| x > 0.35 * module && x < 1.9 * module)
}

fn to_text(d: &[u8]) -> String {
    d.iter().map(|&x| (b'0' + x) as char).collect()
}

/// A UPC-E of number system 1 read on one line, to be checked further by the caller (see
/// [`upce`]): the index of its first bar in the runs, its module (samples) and its text.
pub(crate) struct Ns1 {
    pub k: usize,
    pub module: f32,
    pub text: String,
}

/// Right quiet zone of a UPC-E of number system 1, in modules (the standard's 7).
pub(crate) const NS1_QUIET: f32 = 7.0;

pub(crate) fn scan(runs: &Runs, formats: Formats, out: &mut Vec<(Symbology, String)>, ns1: &mut Vec<Ns1>) {
    let w = &runs.w;
    let n = runs.len();
    let want13 = formats.has(Symbology::Ean13) || formats.has(Symbology::UpcA);
    let want8 = formats.has(Symbology::Ean8);
    let wante = formats.has(Symbology::UpcE);
    let mut k = 1;
    while k + 1 < n {
        let quiet_left = w[k - 1];
        if want13 && k + 60 <= n {
            let m = runs.sum(k, k + 59) / 95.0;
            if quiet_left >= QUIET * m && w[k + 59] >= QUIET * m {
                if let Some(r) = ean13(&w[k..k + 59], m, formats) {
                    out.push(r);
                }
            }
        }
        if want8 && k + 44 <= n {
            let m = runs.sum(k, k + 43) / 67.0;
            if quiet_left >= QUIET * m && w[k + 43] >= QUIET * m {
                if let Some(r) = ean8(&w[k..k + 43], m) {
                    out.push(r);
                }
            }
        }
        if wante && k + 34 <= n {
            let m = runs.sum(k, k + 33) / 51.0;
            if quiet_left >= QUIET * m && w[k + 33] >= QUIET * m {
                match upce(&w[k..k + 33], m) {
                    Some((0, t)) => out.push((Symbology::UpcE, t)),
                    Some((_, t)) if w[k + 33] >= NS1_QUIET * m => ns1.push(Ns1 { k, module: m, text: t }),
                    _ => {}
                }
            }
        }
        k += 2;
    }
}

fn ean13(r: &[f32], m: f32, formats: Formats) -> Option<(Symbology, String)> {
    if !guard(&r[0..3], m) || !guard(&r[27..32], m) || !guard(&r[56..59], m) {
        return None;
    }
    let starts = [3, 7, 11, 15, 19, 23, 32, 36, 40, 44, 48, 52];
    let t: [&[[u8; 4]]; 12] = [&LG, &LG, &LG, &LG, &LG, &LG, &L, &L, &L, &L, &L, &L];
    let x = digits(r, starts, t, m, &[0, 1, 2, 27, 28, 29, 30, 31, 56, 57, 58])?;
    let mut d = [0u8; 13];
    let mut parity = 0u8;
    for i in 0..6 {
        d[1 + i] = (x[i] % 10) as u8;
        parity = (parity << 1) | (x[i] >= 10) as u8;
    }
    for i in 0..6 {
        d[7 + i] = x[6 + i] as u8;
    }
    d[0] = EAN13_PARITY.iter().position(|&p| p == parity)? as u8;
    if !gs1_valid(&d) {
        return None;
    }
    if d[0] == 0 && formats.has(Symbology::UpcA) {
        Some((Symbology::UpcA, to_text(&d[1..])))
    } else if formats.has(Symbology::Ean13) {
        Some((Symbology::Ean13, to_text(&d)))
    } else {
        None
    }
}

fn ean8(r: &[f32], m: f32) -> Option<(Symbology, String)> {
    if !guard(&r[0..3], m) || !guard(&r[19..24], m) || !guard(&r[40..43], m) {
        return None;
    }
    let x = digits(r, [3, 7, 11, 15, 24, 28, 32, 36], [&L; 8], m, &[0, 1, 2, 19, 20, 21, 22, 23, 40, 41, 42])?;
    let mut d = [0u8; 8];
    for i in 0..8 {
        d[i] = x[i] as u8;
    }
    gs1_valid(&d).then(|| (Symbology::Ean8, to_text(&d)))
}

/// UPC-E to its UPC-A digits (number system, six digits; check digit excluded).
fn upce_to_upca(ns: u8, d: &[u8; 6]) -> [u8; 11] {
    let mut a = [0u8; 11];
    a[0] = ns;
    match d[5] {
        0..=2 => {
            a[1] = d[0];
            a[2] = d[1];
            a[3] = d[5];
            a[8] = d[2];
            a[9] = d[3];
            a[10] = d[4];
        }
        3 => {
            a[1..4].copy_from_slice(&d[0..3]);
            a[9] = d[3];
            a[10] = d[4];
        }
        4 => {
            a[1..5].copy_from_slice(&d[0..4]);
            a[10] = d[4];
        }
        _ => {
            a[1..6].copy_from_slice(&d[0..5]);
            a[10] = d[5];
        }
    }
    a
}

/// A UPC-E: (number system, text).
///
/// The parities of number system 1 are exactly those of an EAN-13's left half (first digit 1–9):
/// a line leaving an EAN-13 through the top of its bars just after the centre guard (whose five
/// runs and the first right-hand bar look like UPC-E's end guard) reads as a UPC-E of number
/// system 1. Number system 0 parities start with an even (G) digit, which no EAN-13 left half has.
/// So a number-system-1 read here is only a candidate: its end guard must be six runs of one
/// module (tighter than other guards), its right quiet zone 7 modules ([`NS1_QUIET`]), flat on the
/// line, and lines parallel to it on both sides, 8 modules away, must read it too (`lines.rs`): one
/// of them would run through the EAN-13's right half.
fn upce(r: &[f32], m: f32) -> Option<(u8, String)> {
    if !guard(&r[0..3], m) || !guard(&r[27..33], m) {
        return None;
    }
    let x = digits(r, [3, 7, 11, 15, 19, 23], [&LG; 6], m, &[0, 1, 2, 27, 28, 29, 30, 31, 32])?;
    let mut d = [0u8; 6];
    let mut parity = 0u8;
    for i in 0..6 {
        d[i] = (x[i] % 10) as u8;
        parity = (parity << 1) | (x[i] >= 10) as u8;
    }
    // Number system 0, or 1 (the complement parities; see above).
    let (ns, check) = match UPCE_PARITY.iter().position(|&p| p == parity) {
        Some(c) => (0u8, c as u8),
        None => {
            let c = UPCE_PARITY.iter().position(|&p| p == parity ^ 0b111111)? as u8;
            if !r[27..33].iter().all(|&x| x > 0.5 * m && x < 1.6 * m) {
                return None;
            }
            (1u8, c)
        }
    };
    // The check digit is the UPC-A one of the expanded code.
    let a = upce_to_upca(ns, &d);
    if crate::gs1_check_digit(&a) != check {
        return None;
    }
    let mut t = String::with_capacity(8);
    t.push((b'0' + ns) as char);
    t.push_str(&to_text(&d));
    t.push((b'0' + check) as char);
    Some((ns, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upce_expansion() {
        // 01234565 expands to 012345000065
        let a = upce_to_upca(0, &[1, 2, 3, 4, 5, 6]);
        assert_eq!(to_text(&a), "01234500006");
        assert_eq!(crate::gs1_check_digit(&a), 5);
        let a = upce_to_upca(1, &[1, 2, 3, 4, 5, 6]);
        assert_eq!(to_text(&a), "11234500006");
    }
}
