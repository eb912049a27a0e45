//! QR through rxing's QR reader, behind a strict pre-check: rows a few pixels apart are binarized
//! against a moving average and searched for the finder pattern's 1:1:3:1:1 runs; each hit is
//! checked again along its column; the checked finders are merged, and a frame goes to rxing only
//! when three of them, of similar module size, stand at the corners of a right isosceles triangle
//! (the three finders of one symbol). rxing then sees only a crop around that symbol.

use crate::{Image, Luma, Read, Symbology};
use rxing::common::HybridBinarizer;
use rxing::qrcode::cpp_port::QrReader;
use rxing::qrcode::QRCodeReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8Source, Reader};

const ROW_STEP: usize = 3;
const WINDOW: usize = 48;

/// A finder pattern candidate: centre and size of one module (pixels), rows that found it.
#[derive(Clone, Copy, Debug)]
struct Finder {
    x: f32,
    y: f32,
    module: f32,
    count: u32,
}

/// 1:1:3:1:1 within tolerance; returns the module size.
#[inline]
fn ratios_ok(r: [u32; 5]) -> Option<f32> {
    let total: u32 = r.iter().sum();
    if total < 7 {
        return None;
    }
    let m = total as f32 / 7.0;
    let ok = (r[0] as f32 - m).abs() < 0.7 * m
        && (r[1] as f32 - m).abs() < 0.7 * m
        && (r[2] as f32 - 3.0 * m).abs() < 1.2 * m
        && (r[3] as f32 - m).abs() < 0.7 * m
        && (r[4] as f32 - m).abs() < 0.7 * m;
    ok.then_some(m)
}

/// Runs along the direction (dx, dy) through (x, y), both ways from the centre run: the
/// cross-check of a row hit along a column or a diagonal. Returns the centre's offset along the
/// direction (in steps, from (x, y)) and the module size (in steps).
#[allow(clippy::too_many_arguments)]
fn cross_check<I: Image>(
    img: I,
    w: usize,
    h: usize,
    x: usize,
    y: usize,
    dx: isize,
    dy: isize,
    thr: i32,
    max_run: u32,
) -> Option<(f32, f32)> {
    let at = |k: isize| -> Option<bool> {
        let (xx, yy) = (x as isize + k * dx, y as isize + k * dy);
        if xx < 0 || yy < 0 || xx >= w as isize || yy >= h as isize {
            return None;
        }
        Some((img.px(yy as usize * w + xx as usize) as i32) < thr)
    };
    if at(0) != Some(true) {
        return None;
    }
    let mut r = [0u32; 5];
    // backwards: centre, light, dark
    let mut k = 0isize;
    for (slot, want_dark) in [(2usize, true), (1, false), (0, true)] {
        while at(k) == Some(want_dark) && r[slot] <= max_run {
            r[slot] += 1;
            k -= 1;
        }
        if r[slot] == 0 || r[slot] > max_run {
            return None;
        }
    }
    let first = k + 1;
    let mut k = 1isize;
    for (slot, want_dark) in [(2usize, true), (3, false), (4, true)] {
        while at(k) == Some(want_dark) && r[slot] <= max_run {
            r[slot] += 1;
            k += 1;
        }
        if r[slot] == 0 || r[slot] > max_run {
            return None;
        }
    }
    let m = ratios_ok(r)?;
    // the centre: middle of the centre run
    let c0 = first as f32 + (r[0] + r[1]) as f32;
    Some((c0 + r[2] as f32 / 2.0 - 0.5, m))
}

/// The edges of a row binarized against its moving average: a pixel is dark when it is more than
/// 4 below the mean of the row's pixels `x - half + 1 ..= x + half` (clipped to the row). Writes
/// `t[0] = 0 <= t[1] < … < t[k] = w` and returns `k + 1` (`t` may be longer): run `j` is `t[j]..t[j + 1]`, light for even `j` and dark for
/// odd `j` (run 0 is empty when the row starts dark). The window's sum is kept running; rows of
/// at least `2 · half` pixels are done in three stretches (window growing, sliding, shrinking)
/// without a branch per pixel for it, and each pixel writes its index where the next edge goes,
/// moving on only where the binarization changes: no branch per pixel on the image either (one
/// per edge mispredicts on textured rows).
fn dark_edges(row: &[u8], half: usize, t: &mut Vec<u32>) -> usize {
    let w = row.len();
    // every entry up to the returned count is written: no need to zero `t` for each row
    if t.len() < w + 2 {
        t.resize(w + 2, 0);
    }
    let mut n = 1usize;
    let mut prev = false;
    macro_rules! put {
        ($x:expr, $dark:expr) => {{
            let dark = $dark;
            t[n] = $x as u32;
            n += (dark != prev) as usize;
            prev = dark;
        }};
    }
    let mut sum: u32 = row[..half.min(w)].iter().map(|&v| v as u32).sum();
    let mut cnt = half.min(w) as u32;
    if w >= 2 * half && half > 0 {
        // x < half: the window grows at its right end
        for x in 0..half {
            sum += row[x + half] as u32;
            cnt += 1;
            put!(x, (row[x] as u32 + 4) * cnt < sum);
        }
        // half <= x < w - half: it slides, `cnt` = 2 · half
        let c = cnt;
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let x0 = {
            let (x, s, p) = simd::dark_edges_slide(row, half, t, &mut n, prev, sum);
            sum = s;
            prev = p;
            x
        };
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        let x0 = half;
        for x in x0..w - half {
            sum = sum + row[x + half] as u32 - row[x - half] as u32;
            put!(x, (row[x] as u32 + 4) * c < sum);
        }
        // x >= w - half: it shrinks at its left end
        for x in w - half..w {
            sum -= row[x - half] as u32;
            cnt -= 1;
            put!(x, (row[x] as u32 + 4) * cnt < sum);
        }
    } else {
        for x in 0..w {
            if x + half < w {
                sum += row[x + half] as u32;
                cnt += 1;
            }
            if x >= half {
                sum -= row[x - half] as u32;
                cnt -= 1;
            }
            put!(x, (row[x] as u32 + 4) * cnt < sum);
        }
    }
    t[n] = w as u32;
    n + 1
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// The sliding stretch of [`super::dark_edges`] from `x = half`, 16 pixels at a time in 16-bit
    /// lanes (a window sum is at most 2 · half · 255 < 2¹⁵ for half ≤ 64): the window sums from a
    /// prefix sum of `row[x + half] − row[x − half]`, the dark pixels as a bitmask, an edge
    /// written at each change. `sum` is the window's sum for `x = half − 1`, `prev` whether that
    /// pixel was dark. Returns the first `x` not done, the window's sum and the darkness there.
    pub(super) fn dark_edges_slide(
        row: &[u8],
        half: usize,
        t: &mut [u32],
        n: &mut usize,
        mut prev: bool,
        sum: u32,
    ) -> (usize, u32, bool) {
        let w = row.len();
        if half > 64 || half == 0 {
            return (half, sum, prev);
        }
        let z = i16x8_splat(0);
        let scan = |d: v128| {
            let d = i16x8_add(d, i16x8_shuffle::<8, 0, 1, 2, 3, 4, 5, 6>(d, z));
            let d = i16x8_add(d, i16x8_shuffle::<8, 9, 0, 1, 2, 3, 4, 5>(d, z));
            i16x8_add(d, i16x8_shuffle::<8, 9, 10, 11, 0, 1, 2, 3>(d, z))
        };
        let c = i16x8_splat(2 * half as i16);
        let four = i16x8_splat(4);
        let mut carry = i16x8_splat(sum as i16);
        let mut x = half;
        let mut k = *n;
        while x + 16 + half <= w {
            // SAFETY: x − half ≥ 0 and x + half + 16 ≤ w: every load is inside `row`
            let ld = |i: usize| unsafe { v128_load(row.as_ptr().add(i) as *const v128) };
            let (a, b, p) = (ld(x + half), ld(x - half), ld(x));
            let lo = scan(i16x8_sub(u16x8_extend_low_u8x16(a), u16x8_extend_low_u8x16(b)));
            let s_lo = i16x8_add(lo, carry);
            carry = i16x8_shuffle::<7, 7, 7, 7, 7, 7, 7, 7>(s_lo, s_lo);
            let hi = scan(i16x8_sub(u16x8_extend_high_u8x16(a), u16x8_extend_high_u8x16(b)));
            let s_hi = i16x8_add(hi, carry);
            carry = i16x8_shuffle::<7, 7, 7, 7, 7, 7, 7, 7>(s_hi, s_hi);
            let d_lo = i16x8_lt(i16x8_mul(i16x8_add(u16x8_extend_low_u8x16(p), four), c), s_lo);
            let d_hi = i16x8_lt(i16x8_mul(i16x8_add(u16x8_extend_high_u8x16(p), four), c), s_hi);
            let dark = i16x8_bitmask(d_lo) as u32 | (i16x8_bitmask(d_hi) as u32) << 8;
            let change = dark ^ ((dark << 1 | prev as u32) & 0xffff);
            prev = dark >> 15 != 0;
            // the changes' indices, 8 pixels at a time from a table, written without a branch
            // (a loop over the set bits mispredicts on textured rows); k + 8 <= x + 9 <= w
            for (half8, base) in [(change & 0xff, x), (change >> 8, x + 8)] {
                // SAFETY: an 8-byte load from a 256 × 8 table, at an index < 256
                let idx = unsafe { v128_load64_zero(crate::simd::SET_BITS[half8 as usize].as_ptr() as *const u64) };
                let idx = u16x8_extend_low_u8x16(idx);
                let at = u32x4_splat(base as u32);
                let out = &mut t[k..k + 8];
                // SAFETY: `out` holds 8 u32: two unaligned 16-byte stores
                unsafe {
                    v128_store(out.as_mut_ptr() as *mut v128, i32x4_add(u32x4_extend_low_u16x8(idx), at));
                    v128_store(out.as_mut_ptr().add(4) as *mut v128, i32x4_add(u32x4_extend_high_u16x8(idx), at));
                }
                k += half8.count_ones() as usize;
            }
            x += 16;
        }
        *n = k;
        (x, i16x8_extract_lane::<7>(carry) as u16 as u32, prev)
    }
}

/// Finder pattern candidates of the frame, checked along rows and columns and merged.
fn finders<I: Image>(img: I, w: usize, h: usize) -> Vec<Finder> {
    let mut found: Vec<Finder> = Vec::new();
    let mut row: Vec<u8> = Vec::with_capacity(w);
    let mut t_buf: Vec<u32> = Vec::with_capacity(w + 2);
    let half = WINDOW / 2;
    let mut y = ROW_STEP / 2;
    while y < h {
        img.row(y, w, &mut row);
        let len = dark_edges(&row, half, &mut t_buf);
        let t = &t_buf[..len];
        // the dark runs (odd indices) followed by four more runs
        let mut j = 1;
        while j + 5 < t.len() {
            let start = t[j];
            let e = &t[j..j + 6];
            j += 2;
            let r = [e[1] - e[0], e[2] - e[1], e[3] - e[2], e[4] - e[3], e[5] - e[4]];
            // modules of 1.3 px at least: smaller ones cannot be read anyway; and the centre
            // run, 3 modules, longer than any other (what `ratios_ok` needs, first in integers)
            if e[5] - e[0] < 9 || r[2] <= r[0].max(r[1]).max(r[3]).max(r[4]) {
                continue;
            }
            let Some(m) = ratios_ok(r) else { continue };
            let cx = start as f32 + (r[0] + r[1]) as f32 + r[2] as f32 / 2.0;
            let xi = (cx as usize).min(w - 1);
            let total: u32 = r.iter().sum();
            // the row's threshold at the centre: its moving average, less 4
            let win = &row[xi.saturating_sub(half)..(xi + half).min(w)];
            let thr = (win.iter().map(|&v| v as u32).sum::<u32>() / win.len() as u32) as i32 - 4;
            let Some((oy, mv)) = cross_check(img, w, h, xi, y, 0, 1, thr, total) else { continue };
            // the same size both ways (a square, whatever its rotation)
            if mv > 1.6 * m || m > 1.6 * mv {
                continue;
            }
            let cy = y as f32 + oy;
            let yi = (cy.round().max(0.0) as usize).min(h - 1);
            // and along both diagonals, through the checked centre: 1/√2 to √2 times the row's
            // size (steps along a diagonal are √2 pixels), alike
            let Some((_, d1)) = cross_check(img, w, h, xi, yi, 1, 1, thr, total) else { continue };
            let Some((_, d2)) = cross_check(img, w, h, xi, yi, 1, -1, thr, total) else { continue };
            let (d1, d2) = (d1 * std::f32::consts::SQRT_2, d2 * std::f32::consts::SQRT_2);
            if d1 > 1.4 * d2 || d2 > 1.4 * d1 {
                continue;
            }
            let module = (m + mv) / 2.0;
            let dm = (d1 + d2) / 2.0;
            if dm < 0.55 * module || dm > 1.8 * module {
                continue;
            }
            if let Some(f) =
                found.iter_mut().find(|f| (f.x - cx).abs() < 2.5 * f.module && (f.y - cy).abs() < 2.5 * f.module)
            {
                let n = f.count as f32;
                f.x = (f.x * n + cx) / (n + 1.0);
                f.y = (f.y * n + cy) / (n + 1.0);
                f.module = (f.module * n + module) / (n + 1.0);
                f.count += 1;
            } else {
                found.push(Finder { x: cx, y: cy, module, count: 1 });
            }
        }
        y += ROW_STEP;
    }
    // Merge what noise split (two finders of one symbol are 14 modules apart or more).
    let mut merged: Vec<Finder> = Vec::with_capacity(found.len());
    found.sort_by_key(|f| std::cmp::Reverse(f.count));
    for f in found {
        if let Some(g) =
            merged.iter_mut().find(|g| (g.x - f.x).abs() < 3.5 * g.module && (g.y - f.y).abs() < 3.5 * g.module)
        {
            let (n, k) = (g.count as f32, f.count as f32);
            g.x = (g.x * n + f.x * k) / (n + k);
            g.y = (g.y * n + f.y * k) / (n + k);
            g.module = (g.module * n + f.module * k) / (n + k);
            g.count += f.count;
        } else {
            merged.push(f);
        }
    }
    // the clearest ones (seen on the most rows) if there are many
    merged.sort_by_key(|f| std::cmp::Reverse(f.count));
    merged.truncate(24);
    merged
}

/// Three finders that can be one symbol's: similar modules, a right isosceles triangle with legs
/// of 14 to 170 modules. Returns the corners (right angle first) and whether the triangle is only
/// a perspective view of one (modules up to 2.2× apart, legs 0.6–1, angle ±0.2 off: a tilted
/// code), best first, the strict ones before those.
fn triangles(f: &[Finder]) -> Vec<([Finder; 3], bool)> {
    let mut out: Vec<(f32, [Finder; 3], bool)> = Vec::new();
    let d = |a: &Finder, b: &Finder| ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
    for i in 0..f.len() {
        for j in i + 1..f.len() {
            for k in j + 1..f.len() {
                let t = [f[i], f[j], f[k]];
                let (mmin, mmax) = t.iter().fold((f32::MAX, 0f32), |(lo, hi), x| (lo.min(x.module), hi.max(x.module)));
                if mmax > 2.2 * mmin {
                    continue;
                }
                // the right angle is opposite the longest side
                let sides = [d(&t[1], &t[2]), d(&t[0], &t[2]), d(&t[0], &t[1])];
                let a = (0..3).max_by(|&p, &q| sides[p].total_cmp(&sides[q])).unwrap();
                let (l1, l2) = (sides[(a + 1) % 3], sides[(a + 2) % 3]);
                let (short, long) = (l1.min(l2), l1.max(l2));
                if short < 14.0 * 0.8 * mmin || long > 170.0 * mmax || short < 0.6 * long {
                    continue;
                }
                let hyp = (l1 * l1 + l2 * l2).sqrt();
                let err = (sides[a] / hyp - 1.0).abs();
                if err > 0.2 {
                    continue;
                }
                let relaxed = mmax > 1.5 * mmin || short < 0.75 * long || err > 0.12;
                // a perspective triangle only of finders seen on two rows or more each
                if relaxed && t.iter().any(|x| x.count < 2) {
                    continue;
                }
                // finders seen on more rows first, then the best shaped
                let rows = t.iter().map(|x| x.count).min().unwrap_or(0).min(4);
                let score = err + (1.0 - short / long) - rows as f32 + if relaxed { 100.0 } else { 0.0 };
                out.push((score, [t[a], t[(a + 1) % 3], t[(a + 2) % 3]], relaxed));
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|x| (x.1, x.2)).collect()
}

fn read(luma: &[u8], w: usize, h: usize) -> Option<String> {
    let source = Luma8Source::new_with_slice(luma, w as u32, h as u32).ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints::default();

    // rxing's port of zxing-cpp's QR reader first (as its MultiFormatReader does), then the Java one.
    let r = match QrReader.decode_with_hints(&mut bitmap, &hints) {
        Ok(r) => r,
        Err(_) => QRCodeReader::new().decode_with_hints(&mut bitmap, &hints).ok()?,
    };
    Some(r.getText().to_string())
}

/// rxing on the part of the frame inside [x0, x1) × [y0, y1) (clipped).
fn read_crop<I: Image>(img: I, w: usize, h: usize, x0: f32, x1: f32, y0: f32, y1: f32) -> Option<String> {
    let (x0, y0) = (x0.max(0.0) as usize, y0.max(0.0) as usize);
    let (x1, y1) = ((x1.max(0.0) as usize).min(w), (y1.max(0.0) as usize).min(h));
    if x1 <= x0 + 21 || y1 <= y0 + 21 {
        return None;
    }
    let (cw, ch) = (x1 - x0, y1 - y0);
    let mut crop = Vec::with_capacity(cw * ch);
    for y in y0..y1 {
        crop.extend((y * w + x0..y * w + x1).map(|i| img.px(i)));
    }
    stretch(&mut crop);
    read(&crop, cw, ch)
}

/// Stretches a low-contrast crop (dim or washed-out frames) to the full grey range, between its
/// 1st and 99th percentiles: rxing's binarizer takes blocks whose range is under 24 grey levels for
/// flat, which on a code of 25–60 levels of contrast (and noise) loses modules.
fn stretch(crop: &mut [u8]) {
    let mut hist = [0u32; 256];
    for &v in crop.iter() {
        hist[v as usize] += 1;
    }
    let n = crop.len() as u32;
    let pct = |q: u32| {
        let mut acc = 0;
        for (v, &c) in hist.iter().enumerate() {
            acc += c;
            if acc * 100 >= q * n {
                return v as i32;
            }
        }
        255
    };
    let (lo, hi) = (pct(1), pct(99));
    if hi - lo >= 120 || hi - lo < 12 {
        return;
    }
    let lut: Vec<u8> = (0..256).map(|v: i32| ((v - lo) * 255 / (hi - lo)).clamp(0, 255) as u8).collect();
    for v in crop.iter_mut() {
        *v = lut[*v as usize];
    }
}

/// Crop margin around the finders' centres, in modules: half a finder plus a little quiet zone
/// (rxing's binarizer does best on a tight crop).
const MARGIN: f32 = 5.0;

pub(crate) fn decode_qr<I: Image>(img: I, w: usize, h: usize) -> Option<Read> {
    let f = finders(img, w, h);
    if f.len() < 2 {
        return None;
    }
    let qr = |text| Read { symbology: Symbology::Qr, text };
    let tris = triangles(&f);
    // up to three strict triangles, then two perspective ones
    let tried = tris.iter().filter(|t| !t.1).take(3).chain(tris.iter().filter(|t| t.1).take(2));
    for &(t, relaxed) in tried {
        // the fourth corner completes the square (a parallelogram); in perspective it moves, by a
        // fraction of the side: a wider crop for those
        let xs = [t[0].x, t[1].x, t[2].x, t[1].x + t[2].x - t[0].x];
        let ys = [t[0].y, t[1].y, t[2].y, t[1].y + t[2].y - t[0].y];
        let m = (t[0].module + t[1].module + t[2].module) / 3.0;
        let side = ((t[1].x - t[0].x).hypot(t[1].y - t[0].y)).max((t[2].x - t[0].x).hypot(t[2].y - t[0].y));
        let (x0, x1) = (xs.iter().copied().fold(f32::MAX, f32::min), xs.iter().copied().fold(f32::MIN, f32::max));
        let (y0, y1) = (ys.iter().copied().fold(f32::MAX, f32::min), ys.iter().copied().fold(f32::MIN, f32::max));
        let margins: &[f32] = if relaxed { &[0.2] } else { &[0.0, 0.2] };
        for &extra in margins {
            let margin = MARGIN * m + extra * side;
            if let Some(text) = read_crop(img, w, h, x0 - margin, x1 + margin, y0 - margin, y1 + margin) {
                return Some(qr(text));
            }
        }
    }
    // Glare or a shadow can hide one finder: two clear ones (seen on two rows or more, alike)
    // a symbol's side or diagonal apart; the symbol lies on either side of them.
    let mut best: Option<(u32, Finder, Finder)> = None;
    for i in 0..f.len() {
        for j in i + 1..f.len() {
            let (a, b) = (f[i], f[j]);
            let n = a.count.min(b.count);
            let m = (a.module + b.module) / 2.0;
            let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
            if n < 2 || a.module > 1.3 * b.module || b.module > 1.3 * a.module || d < 14.0 * 0.8 * m || d > 240.0 * m {
                continue;
            }
            if best.is_none_or(|x| n > x.0) {
                best = Some((n, a, b));
            }
        }
    }
    let (_, a, b) = best?;
    let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
    let e = d + MARGIN * (a.module + b.module) / 2.0;
    read_crop(img, w, h, a.x.min(b.x) - e, a.x.max(b.x) + e, a.y.min(b.y) - e, a.y.max(b.y) + e).map(qr)
}

/// (finder candidates, triangles) of the pre-check, for debugging.
#[doc(hidden)]
pub fn debug_precheck(luma: &[u8], w: usize, h: usize) -> (usize, usize) {
    let f = finders(Luma(luma), w, h);
    let t = triangles(&f);
    if std::env::var("QRDBG").is_ok() {
        for x in &f {
            eprintln!("  finder {:.1},{:.1} m {:.2} n {}", x.x, x.y, x.module, x.count);
        }
        for x in t.iter().take(5) {
            eprintln!("  tri {:?} relaxed {}", x.0.iter().map(|f| (f.x as i32, f.y as i32)).collect::<Vec<_>>(), x.1);
        }
    }
    (f.len(), t.len())
}

/// The reference for [`dark_edges`]: a branch per pixel for the window, runs (dark?, length).
#[cfg(any(test, feature = "bench"))]
fn dark_runs_ref(row: &[u8], half: usize) -> Vec<(bool, u32)> {
    let w = row.len();
    let mut sum: u32 = row[..half.min(w)].iter().map(|&v| v as u32).sum();
    let mut cnt = half.min(w) as u32;
    let mut runs: Vec<(bool, u32)> = Vec::new();
    for x in 0..w {
        if x + half < w {
            sum += row[x + half] as u32;
            cnt += 1;
        }
        if x >= half {
            sum -= row[x - half] as u32;
            cnt -= 1;
        }
        let dark = (row[x] as u32 + 4) * cnt < sum;
        match runs.last_mut() {
            Some((d, n)) if *d == dark => *n += 1,
            _ => runs.push((dark, 1)),
        }
    }
    runs
}

/// Rows of noise and of smooth ramps, of several widths, through [`dark_edges`] and
/// [`dark_runs_ref`]: the number of rows where they differ (0). A test, and with feature `bench`
/// the wasm build's self-check (its SIMD path runs only there).
#[cfg(any(test, feature = "bench"))]
#[doc(hidden)]
pub fn dark_edges_mismatches() -> u32 {
    let mut state = 7u32;
    let mut next = move || {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 24) as u8
    };
    let mut t_buf = Vec::new();
    let mut bad = 0;
    for w in [1usize, 5, 23, 24, 47, 48, 49, 63, 64, 65, 79, 80, 81, 100, 640] {
        for k in 0..40 {
            // noise, smooth ramps (long runs), and noise at full contrast
            let row: Vec<u8> = (0..w)
                .map(|x| match k % 3 {
                    0 => next(),
                    1 => ((x * 7 + k * 13) % 256) as u8,
                    _ => {
                        if next() < 128 {
                            0
                        } else {
                            255
                        }
                    }
                })
                .collect();
            let len = dark_edges(&row, WINDOW / 2, &mut t_buf);
            let t = &t_buf[..len];
            // runs alternate light, dark from run 0; only run 0 may be empty
            let runs: Vec<(bool, u32)> =
                t.windows(2).enumerate().map(|(j, e)| (j % 2 == 1, e[1] - e[0])).filter(|r| r.1 > 0).collect();
            let ok = t[0] == 0
                && *t.last().unwrap() == w as u32
                && t.windows(2).skip(1).all(|e| e[1] != e[0])
                && runs == dark_runs_ref(&row, WINDOW / 2);
            bad += !ok as u32;
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_edges_as_reference() {
        assert_eq!(dark_edges_mismatches(), 0);
    }
}
