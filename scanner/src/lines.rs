//! Scan lines across the frame, edges along each line, runs, and the 1D decoders over the runs.
//!
//! Lines come in families of one angle each (0°, ±22.5°, ±45°, ±67.5°, 90°), a fixed spacing apart.
//! Along a line the frame is sampled once per pixel of the major axis (linear interpolation along
//! the minor axis). Edges are the intensity *ramps* of the line (maximal monotone stretches), kept
//! when their height is a fair part of the local contrast; an edge's position is the centroid of its
//! ramp, so blurred edges keep their true place to a fraction of a pixel. Between edges are the runs
//! (light, dark, light, …) that the symbology decoders match by module ratios.
//!
//! A symbol read on one line is accepted only once a second, different line of the same frame reads
//! the same text: a line that read something single is re-checked with parallel lines close by.

use crate::{code128, ean, itf, Formats, Read, Symbology};

/// Distance between two parallel scan lines, in pixels.
const SPACING: f32 = 18.0;
/// An edge's ramp must be at least this high (grey levels)…
const MIN_EDGE: f32 = 5.0;
/// …and at least this part of the local contrast (max − min over about ±28 samples).
const EDGE_FRACTION: f32 = 0.15;
const BLOCK: usize = 8;

/// A family of parallel lines: `minor = a + slope * major`, where the major axis is x (`horizontal`)
/// or y.
#[derive(Clone, Copy, Debug)]
struct Family {
    horizontal: bool,
    slope: f32,
}

const T22: f32 = 0.414_213_57;
const FAMILIES_8: [Family; 8] = [
    Family { horizontal: true, slope: 0.0 },
    Family { horizontal: false, slope: 0.0 },
    Family { horizontal: true, slope: 1.0 },
    Family { horizontal: true, slope: -1.0 },
    Family { horizontal: true, slope: T22 },
    Family { horizontal: true, slope: -T22 },
    Family { horizontal: false, slope: T22 },
    Family { horizontal: false, slope: -T22 },
];

/// Runs of one line: even indices light, odd indices dark; first and last are light.
pub(crate) struct Runs {
    pub w: Vec<f32>,
    /// prefix[i] = w[0] + … + w[i-1]
    pub prefix: Vec<f32>,
}

impl Runs {
    fn new() -> Runs {
        Runs { w: Vec::with_capacity(512), prefix: Vec::with_capacity(513) }
    }
    fn finish(&mut self) {
        self.prefix.clear();
        self.prefix.push(0.0);
        let mut acc = 0.0;
        for &x in &self.w {
            acc += x;
            self.prefix.push(acc);
        }
    }
    /// Sum of w[a..b].
    #[inline]
    pub fn sum(&self, a: usize, b: usize) -> f32 {
        self.prefix[b] - self.prefix[a]
    }
    pub fn len(&self) -> usize {
        self.w.len()
    }
}

/// Best match of the runs `r` (scaled so that they sum to `modules`) among `patterns`: returns
/// (index, error, second-best error). The error adds the differences of the widths and of the
/// edge-to-similar-edge distances (pairs of neighbouring runs), both in modules.
#[inline]
pub(crate) fn best_match<const K: usize>(r: &[f32], modules: f32, patterns: &[[u8; K]]) -> (usize, f32, f32) {
    let total: f32 = r[..K].iter().sum();
    let k = modules / total;
    let mut n = [0f32; K];
    for i in 0..K {
        n[i] = r[i] * k;
    }
    let mut best = (usize::MAX, f32::MAX, f32::MAX);
    for (idx, p) in patterns.iter().enumerate() {
        let mut e = 0.0;
        for i in 0..K {
            e += (n[i] - p[i] as f32).abs();
        }
        for i in 0..K - 1 {
            e += (n[i] + n[i + 1] - (p[i] + p[i + 1]) as f32).abs();
        }
        if e < best.1 {
            best = (idx, e, best.1);
        } else if e < best.2 {
            best.2 = e;
        }
    }
    best
}

/// Least-squares fit of measured element widths (in modules) against the pattern's: blur and ink
/// spread make narrow elements look wider and wide ones narrower, roughly `measured = a + b·true`.
/// A symbol is matched once loosely, fitted, and matched again with the widths corrected.
#[derive(Default)]
pub(crate) struct Fit {
    n: f32,
    sx: f32,
    sy: f32,
    sxx: f32,
    sxy: f32,
}

impl Fit {
    /// Adds the runs `r` (scaled to `modules`) against the pattern `p`.
    pub fn add(&mut self, r: &[f32], modules: f32, p: &[u8]) {
        let k = modules / r.iter().sum::<f32>();
        for (x, y) in p.iter().zip(r) {
            let (x, y) = (*x as f32, y * k);
            self.n += 1.0;
            self.sx += x;
            self.sy += y;
            self.sxx += x * x;
            self.sxy += x * y;
        }
    }
    /// (a, b), if the fit is sane.
    pub fn solve(&self) -> Option<(f32, f32)> {
        let d = self.n * self.sxx - self.sx * self.sx;
        if d.abs() < 1e-6 {
            return Some((0.0, 1.0));
        }
        let b = (self.n * self.sxy - self.sx * self.sy) / d;
        let a = (self.sy - b * self.sx) / self.n;
        (0.5..=1.3).contains(&b).then_some((a, b))
    }
}

/// `r` corrected by the fit (a, b), into `out`.
#[inline]
pub(crate) fn correct<const K: usize>(r: &[f32], modules: f32, ab: (f32, f32)) -> [f32; K] {
    let k = modules / r[..K].iter().sum::<f32>();
    let mut out = [0f32; K];
    for i in 0..K {
        out[i] = ((r[i] * k - ab.0) / ab.1).max(0.2);
    }
    out
}

struct Scanner<'a> {
    luma: &'a [u8],
    w: usize,
    h: usize,
    formats: Formats,
    /// Smooth lines before finding edges (noisy frames), and the least edge height.
    smooth_on: bool,
    min_edge: f32,
    samples: Vec<f32>,
    smooth: Vec<f32>,
    range: Vec<f32>,
    edges: Vec<(f32, f32)>,
    fwd: Runs,
    rev: Runs,
    found: Vec<(Symbology, String)>,
}

/// The sensor noise of the frame (standard deviation, grey levels), from the lower quartile of the
/// differences of neighbouring pixels on a few rows (most of a frame is flat; for Gaussian noise
/// the quartile of |d| is 0.45 σ).
pub(crate) fn noise_sigma(luma: &[u8], w: usize, h: usize) -> f32 {
    let mut hist = [0u32; 256];
    let mut count = 0u32;
    for k in 1..8 {
        let y = k * h / 8;
        let row = &luma[y * w..y * w + w];
        for i in 0..w - 1 {
            hist[(row[i + 1] as i32 - row[i] as i32).unsigned_abs() as usize] += 1;
            count += 1;
        }
    }
    let mut acc = 0;
    for (v, &c) in hist.iter().enumerate() {
        acc += c;
        if acc * 4 >= count {
            // interpolate inside the bin for small values
            let below = acc - c;
            let frac = (count as f32 / 4.0 - below as f32) / c.max(1) as f32;
            return (v as f32 - 0.5 + frac).max(0.0) / 0.45;
        }
    }
    0.0
}

impl<'a> Scanner<'a> {
    fn set_noise(&mut self, sigma: f32) {
        self.smooth_on = sigma > 3.5;
        let eff = if self.smooth_on { 0.61 * sigma } else { sigma };
        self.min_edge = (4.0 * eff).max(MIN_EDGE);
    }

    fn new(luma: &'a [u8], w: usize, h: usize, formats: Formats) -> Scanner<'a> {
        Scanner {
            luma,
            w,
            h,
            formats,
            smooth_on: false,
            min_edge: MIN_EDGE,
            samples: Vec::with_capacity(w.max(h)),
            smooth: Vec::with_capacity(w.max(h)),
            range: Vec::with_capacity(w.max(h) / BLOCK + 1),
            edges: Vec::with_capacity(512),
            fwd: Runs::new(),
            rev: Runs::new(),
            found: Vec::new(),
        }
    }

    /// Samples the line `minor = a + slope * major`; false when it crosses too little of the frame.
    fn sample(&mut self, f: Family, a: f32) -> bool {
        let (maj_len, min_len) = if f.horizontal { (self.w, self.h) } else { (self.h, self.w) };
        let lim = (min_len - 1) as f32;
        // major range where 0 <= a + slope*major <= lim
        let (mut lo, mut hi) = (0.0f32, (maj_len - 1) as f32);
        if f.slope != 0.0 {
            let t0 = (0.0 - a) / f.slope;
            let t1 = (lim - a) / f.slope;
            let (t0, t1) = if t0 < t1 { (t0, t1) } else { (t1, t0) };
            lo = lo.max(t0.ceil());
            hi = hi.min(t1.floor());
        } else if a < 0.0 || a > lim {
            return false;
        }
        if hi - lo < 48.0 {
            return false;
        }
        let (lo, hi) = (lo as usize, hi as usize);
        self.samples.clear();
        let luma = self.luma;
        let stride = self.w;
        if f.slope == 0.0 {
            let m = a.round() as usize;
            if f.horizontal {
                let row = &luma[m * stride..m * stride + stride];
                self.samples.extend(row[lo..=hi].iter().map(|&v| v as f32));
            } else {
                self.samples.extend((lo..=hi).map(|y| luma[y * stride + m] as f32));
            }
        } else {
            let maxm = min_len - 1;
            for t in lo..=hi {
                let m = (a + f.slope * t as f32).max(0.0);
                let mi = (m as usize).min(maxm);
                let fr = m - mi as f32;
                let mj = (mi + 1).min(maxm);
                let (p, q) = if f.horizontal {
                    (luma[mi * stride + t], luma[mj * stride + t])
                } else {
                    (luma[t * stride + mi], luma[t * stride + mj])
                };
                self.samples.push(p as f32 + (q as f32 - p as f32) * fr);
            }
        }
        true
    }

    /// Edges (position, signed height) of the sampled line, then its runs.
    fn runs(&mut self) -> bool {
        let s = &self.samples;
        let n = s.len();
        // Light smoothing [1 2 1]/4 against noise.
        let s = if self.smooth_on {
            self.smooth.clear();
            self.smooth.push(s[0]);
            for i in 1..n - 1 {
                self.smooth.push(0.25 * s[i - 1] + 0.5 * s[i] + 0.25 * s[i + 1]);
            }
            self.smooth.push(s[n - 1]);
            &self.smooth
        } else {
            s
        };
        // Local contrast by blocks.
        let nb = n.div_ceil(BLOCK);
        let mut bmin = [0f32; 256];
        let mut bmax = [0f32; 256];
        let nb = nb.min(256);
        for b in 0..nb {
            let chunk = &s[b * BLOCK..((b + 1) * BLOCK).min(n)];
            let (mut lo, mut hi) = (255f32, 0f32);
            for &v in chunk {
                lo = lo.min(v);
                hi = hi.max(v);
            }
            bmin[b] = lo;
            bmax[b] = hi;
        }
        self.range.clear();
        let mut any = false;
        for b in 0..nb {
            let a0 = b.saturating_sub(3);
            let a1 = (b + 4).min(nb);
            let (mut lo, mut hi) = (255f32, 0f32);
            for j in a0..a1 {
                lo = lo.min(bmin[j]);
                hi = hi.max(bmax[j]);
            }
            let thr = (EDGE_FRACTION * (hi - lo)).max(self.min_edge);
            any |= hi - lo >= 2.0 * self.min_edge;
            self.range.push(thr);
        }
        if !any {
            return false;
        }
        // Ramps.
        self.edges.clear();
        let mut sign = 0i8;
        let (mut amp, mut asum, mut wsum) = (0f32, 0f32, 0f32);
        let range = &self.range;
        let edges = &mut self.edges;
        let min_edge = self.min_edge;
        let close = |sign: i8, amp: f32, asum: f32, wsum: f32, edges: &mut Vec<(f32, f32)>| {
            if sign == 0 || asum <= 0.0 || amp.abs() < min_edge {
                return;
            }
            let pos = wsum / asum;
            let thr = range[((pos as usize) / BLOCK).min(range.len() - 1)];
            if amp.abs() < thr {
                return;
            }
            if let Some(last) = edges.last_mut() {
                if (last.1 > 0.0) == (amp > 0.0) {
                    let (a1, a2) = (last.1.abs(), amp.abs());
                    last.0 = (last.0 * a1 + pos * a2) / (a1 + a2);
                    last.1 += amp;
                    return;
                }
            }
            edges.push((pos, amp));
        };
        // Differences inside the dead band (small against the noise) neither end a ramp nor place
        // it: a noisy ramp stays one ramp, and flat noisy stretches cost little.
        let dead = 0.3 * self.min_edge;
        for i in 0..n - 1 {
            let d = s[i + 1] - s[i];
            if d.abs() < dead {
                amp += d;
                continue;
            }
            let sg = if d > 0.0 { 1i8 } else { -1 };
            if sg != sign {
                close(sign, amp, asum, wsum, edges);
                sign = sg;
                amp = 0.0;
                asum = 0.0;
                wsum = 0.0;
            }
            amp += d;
            let a = d.abs();
            asum += a;
            wsum += a * (i as f32 + 0.5);
        }
        close(sign, amp, asum, wsum, edges);
        // Runs: start at the first falling edge (light -> dark).
        let e = &self.edges;
        let first = match e.iter().position(|x| x.1 < 0.0) {
            Some(i) => i,
            None => return false,
        };
        let e = &e[first..];
        if e.len() < 6 {
            return false;
        }
        let fw = &mut self.fwd.w;
        fw.clear();
        fw.push(e[0].0);
        // Pairs of runs (dark, light) up to the last rising edge.
        let mut i = 1;
        while i < e.len() {
            fw.push(e[i].0 - e[i - 1].0); // dark run between falling e[i-1] and rising e[i]
            let next = if i + 1 < e.len() { e[i + 1].0 } else { (n - 1) as f32 };
            fw.push(next - e[i].0); // light run up to the next falling edge or the line end
            i += 2;
        }
        self.fwd.finish();
        self.rev.w.clear();
        self.rev.w.extend(self.fwd.w.iter().rev());
        self.rev.finish();
        true
    }

    fn decode_runs(&mut self) {
        self.found.clear();
        for runs in [&self.fwd, &self.rev] {
            if self.formats.any_ean_upc() {
                ean::scan(runs, self.formats, &mut self.found);
            }
            if self.formats.has(Symbology::Itf14) {
                itf::scan(runs, &mut self.found);
            }
            if self.formats.has(Symbology::Code128) {
                code128::scan(runs, &mut self.found);
            }
        }
    }

    fn scan_line(&mut self, f: Family, a: f32) -> bool {
        if !self.sample(f, a) || !self.runs() {
            self.found.clear();
            return false;
        }
        self.decode_runs();
        !self.found.is_empty()
    }
}

/// The range of intercepts `a` of a family's lines that cross the frame, and the step between
/// lines `SPACING` apart.
fn intercepts(f: Family, w: usize, h: usize, spacing: f32) -> (f32, f32, f32) {
    let (maj, min) = if f.horizontal { (w as f32 - 1.0, h as f32 - 1.0) } else { (h as f32 - 1.0, w as f32 - 1.0) };
    let c = 1.0 / (1.0 + f.slope * f.slope).sqrt();
    let step = spacing / c;
    let lo = (0.0f32).min(-f.slope * maj);
    let hi = min.max(min - f.slope * maj);
    (lo, hi, step)
}

/// The runs of the horizontal line at row `y` (for debugging and tests).
#[doc(hidden)]
pub fn debug_row(luma: &[u8], w: usize, h: usize, y: f32) -> (Vec<f32>, Vec<(f32, f32)>, Vec<f32>) {
    let mut sc = Scanner::new(luma, w, h, Formats::ALL);
    sc.set_noise(noise_sigma(luma, w, h));
    let f = FAMILIES_8[0];
    if !sc.sample(f, y) || !sc.runs() {
        return (sc.samples.clone(), sc.edges.clone(), Vec::new());
    }
    (sc.samples.clone(), sc.edges.clone(), sc.fwd.w.clone())
}

pub(crate) fn decode_1d(luma: &[u8], w: usize, h: usize, formats: Formats) -> Vec<Read> {
    // Long symbols (ITF-14, Code 128) need lines within ~12° of their axis: eight angles. The
    // squarer EAN/UPC symbols are read from four.
    let families: &[Family] = if formats.has(Symbology::Itf14) || formats.has(Symbology::Code128) {
        &FAMILIES_8
    } else {
        &FAMILIES_8[..4]
    };
    let mut sc = Scanner::new(luma, w, h, formats);
    sc.set_noise(noise_sigma(luma, w, h));
    // (symbology, text) -> lines that read it: (family, intercept)
    let mut hits: Vec<((Symbology, String), Vec<(usize, f32)>)> = Vec::new();
    let record = |hits: &mut Vec<((Symbology, String), Vec<(usize, f32)>)>, key: (Symbology, String), line: (usize, f32)| {
        if let Some((_, v)) = hits.iter_mut().find(|(k, _)| *k == key) {
            if !v.iter().any(|l| l.0 == line.0 && (l.1 - line.1).abs() < 0.5) {
                v.push(line);
            }
        } else {
            hits.push((key, vec![line]));
        }
    };
    for (fi, &f) in families.iter().enumerate() {
        let (lo, hi, step) = intercepts(f, w, h, SPACING);
        let mut a = lo + step * 0.5;
        while a <= hi {
            if sc.scan_line(f, a) {
                for r in std::mem::take(&mut sc.found) {
                    record(&mut hits, r, (fi, a));
                }
            }
            a += step;
        }
    }
    // Reads seen on one line only: try parallel lines close by.
    for i in 0..hits.len() {
        if hits[i].1.len() >= 2 {
            continue;
        }
        let (fi, a0) = hits[i].1[0];
        let f = families[fi];
        let (_, _, step) = intercepts(f, w, h, SPACING);
        for off in [0.25f32, -0.25, 0.5, -0.5, 0.125, -0.125] {
            let a = a0 + off * step;
            if sc.scan_line(f, a) {
                let found = std::mem::take(&mut sc.found);
                let confirmed = found.iter().any(|r| *r == hits[i].0);
                for r in found {
                    record(&mut hits, r, (fi, a));
                }
                if confirmed {
                    break;
                }
            }
        }
    }
    hits.into_iter()
        .filter(|(_, v)| v.len() >= 2)
        .map(|((symbology, text), _)| Read { symbology, text })
        .collect()
}
