//! Scan lines across the frame, edges along each line, runs, and the 1D decoders over the runs.
//!
//! Lines come in families of one angle each (0°, ±22.5°, ±45°, ±67.5°, 90°), a fixed spacing apart.
//! Along a line the frame is sampled once per pixel of the major axis (linear interpolation along
//! the minor axis). Edges are the intensity *ramps* of the line (maximal monotone stretches), kept
//! when their height is a fair part of the local contrast; an edge's position is the centroid of its
//! ramp, so blurred edges keep their true place to a fraction of a pixel. Between edges are the runs
//! (light, dark, light, …) that the symbology decoders match by module ratios.
//!
//! Samples and ramps are integers (fixed point); ramps are looked for only in stretches of high
//! local contrast long enough to hold a wanted symbol. Lines are scanned coarse to fine (see
//! `scan_1d`) and scanning stops at the first symbol two lines agree on.
//!
//! A symbol read on one line is accepted only once a second, different line of the same frame reads
//! the same text: a line that read something single is re-checked with parallel lines close by.

use crate::{code128, ean, itf, Formats, Image, Luma, Read, Symbology};

/// Distance between two parallel scan lines, in pixels.
const SPACING: f32 = 18.0;
/// An edge's ramp must be at least this high (grey levels)…
const MIN_EDGE: f32 = 5.0;
/// …and at least this part (percent) of the local contrast (max − min over about ±28 samples).
const EDGE_PERCENT: i32 = 15;
const BLOCK: usize = 8;
/// A line is read again sharpened only with at least this many edges under 30 % of their local
/// contrast (`Scanner::weak_edges`): heavy blur leaves many such edges between narrow elements;
/// most lines of clutter, fake codes and QR codes have fewer (a looser gate read more heavy-blur
/// Code 128s but cost time on frames with no 1D code).
const MIN_WEAK: usize = 8;
/// Two ramps of one sign closer than this (samples) are one edge; further apart, the stronger.
const MERGE_GAP: f32 = 3.0;
/// Lines whose bar-like runs have a module under this (samples) are read again sharpened too:
/// at about one pixel a module the pixel grid washes narrow bars and spaces out to grey.
const SMALL_MODULE: f32 = 1.4;
/// Lines whose bar-like runs have a module under this (samples) get parallel lines close by when
/// nothing is confirmed (see the end of `scan_1d`; washed-out narrow elements make some of
/// their runs longer than the symbol's modules), at most `SMALL_LINES` of them.
const SMALL_LIST: f32 = 1.7;
/// …and whose widest run is less than this many times their narrowest (a symbol's elements are
/// 1–4 modules wide; a QR code's and background texture's fine runs vary more).
const SMALL_SPREAD: f32 = 6.0;
/// At most this many of those lines get every parallel line a pixel apart within half the spacing.
const SMALL_LINES: usize = 6;
/// At most this many lines that framed a Code 128 or ITF-14 they could not read get parallel
/// lines close by.
const FRAMED_LINES: usize = 2;
/// At most this many of them get bands of rows sampled together, when nothing else read.
const FUSE_LINES: usize = 2;
/// Bins a pixel of lines sampled from several rows together (see `Scanner::sample_fused`).
const FUSE_BINS: usize = 4;
/// On smoothed (noisy) frames, lines whose bar-like runs have a module under this (samples) and
/// that read nothing are read again from the unsmoothed samples: [1 2 1]/4 washes out modules of
/// 1.6–1.7 px.
const RAW_MODULE: f32 = 2.2;

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
    /// Sum and count of the measured widths of the elements 1, 2, 3, 4 modules wide.
    class: [(f32, u32); 5],
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
            let c = &mut self.class[(x as usize).min(4)];
            c.0 += y;
            c.1 += 1;
        }
    }
    /// The mean measured width of elements 1, 2, 3 and 4 modules wide (index = modules; from the
    /// linear fit `ab` where too few were seen), if they grow with the true width. Heavy blur
    /// squeezes widths non-linearly: narrow ones grow more than wide ones shrink.
    pub fn table(&self, ab: (f32, f32)) -> Option<[f32; 5]> {
        let mut t = [0f32; 5];
        for (k, tk) in t.iter_mut().enumerate().skip(1) {
            let (sum, n) = self.class[k];
            *tk = if n >= 2 { sum / n as f32 } else { ab.0 + ab.1 * k as f32 };
        }
        t[0] = 2.0 * t[1] - t[2];
        (t[1] < t[2] && t[2] < t[3] && t[3] < t[4]).then_some(t)
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

/// Samples are stored in fixed point: grey level × `SCALE` (4 bits of interpolation fraction).
const SCALE: i32 = 16;

/// `r` mapped through the measured-width table of [`Fit::table`] (piecewise linear), into `out`.
#[inline]
pub(crate) fn correct_table<const K: usize>(r: &[f32], modules: f32, t: &[f32; 5]) -> [f32; K] {
    let k = modules / r[..K].iter().sum::<f32>();
    let mut out = [0f32; K];
    for i in 0..K {
        let x = r[i] * k;
        let j = if x < t[2] {
            1
        } else if x < t[3] {
            2
        } else {
            3
        };
        out[i] = (j as f32 + (x - t[j]) / (t[j + 1] - t[j])).max(0.2);
    }
    out
}

struct Scanner<I: Image> {
    img: I,
    w: usize,
    h: usize,
    formats: Formats,
    /// Smooth lines before finding edges (noisy frames), and the least edge height (× SCALE).
    smooth_on: bool,
    /// The line is being read again sharpened (see [`Scanner::scan_line`]).
    sharp_on: bool,
    min_edge: i32,
    /// Differences smaller than this neither start nor end a ramp (× SCALE).
    dead: i32,
    /// `min_edge` and `dead` for the unsmoothed samples (the same as those when `smooth_on` is off).
    raw_edge: (i32, i32),
    /// Least number of consecutive high-contrast blocks that can hold a symbol of `formats`.
    min_span: usize,
    /// Least number of edges a line needs to hold a symbol of `formats`.
    min_edges: usize,
    samples: Vec<i32>,
    smooth: Vec<i32>,
    /// Sums and counts of the bins of [`Scanner::sample_fused`] (scratch).
    fsum: Vec<u32>,
    fcnt: Vec<u32>,
    bmin: Vec<i32>,
    bmax: Vec<i32>,
    /// min / max of block pairs (b, b + 1), for the ±3-block windows
    pmin: Vec<i32>,
    pmax: Vec<i32>,
    range: Vec<i32>,
    active: Vec<bool>,
    edges: Vec<(f32, f32)>,
    /// Indices of the differences outside the dead band in one stretch (scratch).
    sig: Vec<u32>,
    /// Where the ramps start in `sig`, and the running sums of |d| and |d| · (2i + 1) (scratch).
    ramp_starts: Vec<u32>,
    pa: Vec<i32>,
    pw: Vec<i64>,
    fwd: Runs,
    rev: Runs,
    found: Vec<(Symbology, String)>,
    /// UPC-E candidates of number system 1 of the last line (see `ean::upce`), and the module
    /// (samples) of those that passed the line's own checks (they are in `found` too).
    ns1: Vec<ean::Ns1>,
    ns1_module: Vec<(String, f32)>,
    /// The last line scanned shows a stretch of bar-like runs (a symbol may be close by).
    busy: bool,
    /// The mean module (samples) of the first such stretch, and the ratio of its widest run to its
    /// narrowest.
    busy_module: f32,
    busy_spread: f32,
    /// The last line scanned framed a Code 128 or ITF-14 that did not read (see `code128::scan`,
    /// `itf::scan`).
    framed: bool,
}

/// `min_edge` and `dead` (× SCALE) for a line whose noise is `sigma` grey levels.
fn edge_thresholds(sigma: f32) -> (i32, i32) {
    let min_edge = (4.0 * sigma).max(MIN_EDGE);
    ((min_edge * SCALE as f32).round() as i32, (0.3 * min_edge * SCALE as f32) as i32)
}

/// The sensor noise of the frame (standard deviation, grey levels), from the lower quartile of the
/// differences of neighbouring pixels on a few rows (most of a frame is flat; for Gaussian noise
/// the quartile of |d| is 0.45 σ).
pub(crate) fn noise_sigma<I: Image>(img: I, w: usize, h: usize) -> f32 {
    let mut hist = [0u32; 256];
    let mut count = 0u32;
    let mut row = Vec::with_capacity(w);
    for k in 1..8 {
        let y = k * h / 8;
        img.row(y, w, &mut row);
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

impl<I: Image> Scanner<I> {
    fn set_noise(&mut self, sigma: f32) {
        self.smooth_on = sigma > 3.5;
        // the smoothing lowers the noise to 0.61 σ
        self.raw_edge = edge_thresholds(sigma);
        (self.min_edge, self.dead) = if self.smooth_on { edge_thresholds(0.61 * sigma) } else { self.raw_edge };
    }

    fn new(img: I, w: usize, h: usize, formats: Formats) -> Scanner<I> {
        // The shortest symbol wanted, in modules, and its number of runs (bars and spaces).
        let mut modules = usize::MAX;
        let mut runs = usize::MAX;
        let mut want = |s: Symbology, m: usize, r: usize| {
            if formats.has(s) {
                modules = modules.min(m);
                runs = runs.min(r);
            }
        };
        want(Symbology::Ean13, 95, 59);
        want(Symbology::UpcA, 95, 59);
        want(Symbology::Ean8, 67, 43);
        want(Symbology::UpcE, 51, 33);
        want(Symbology::Itf14, 106, 77);
        want(Symbology::Code128, 46, 25);
        // Lines sample once per pixel of their major axis: 45° lines see a symbol 1/√2 shorter; its
        // modules are at least ~1.1 px. The contrast window adds 3 blocks on each side.
        let min_span = if modules == usize::MAX { 0 } else { (modules * 3 / 4) / BLOCK + 4 };
        Scanner {
            img,
            w,
            h,
            formats,
            smooth_on: false,
            sharp_on: false,
            min_edge: edge_thresholds(0.0).0,
            dead: edge_thresholds(0.0).1,
            raw_edge: edge_thresholds(0.0),
            min_span,
            min_edges: runs.saturating_sub(1).max(6),
            samples: Vec::with_capacity(w.max(h)),
            smooth: Vec::with_capacity(w.max(h)),
            fsum: Vec::new(),
            fcnt: Vec::new(),
            bmin: Vec::with_capacity(w.max(h) / BLOCK + 1),
            bmax: Vec::with_capacity(w.max(h) / BLOCK + 1),
            pmin: Vec::with_capacity(w.max(h) / BLOCK + 1),
            pmax: Vec::with_capacity(w.max(h) / BLOCK + 1),
            range: Vec::with_capacity(w.max(h) / BLOCK + 1),
            active: Vec::with_capacity(w.max(h) / BLOCK + 1),
            edges: Vec::with_capacity(512),
            sig: Vec::with_capacity(w.max(h) + 1),
            ramp_starts: Vec::with_capacity(w.max(h) + 1),
            pa: Vec::with_capacity(w.max(h) + 1),
            pw: Vec::with_capacity(w.max(h) + 1),
            fwd: Runs::new(),
            rev: Runs::new(),
            found: Vec::new(),
            ns1: Vec::new(),
            ns1_module: Vec::new(),
            busy: false,
            busy_module: 0.0,
            busy_spread: 0.0,
            framed: false,
        }
    }

    /// Samples the line `minor = a + slope * major` (fixed point, × SCALE); false when it crosses
    /// too little of the frame.
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
        let img = self.img;
        let stride = self.w;
        if f.slope == 0.0 {
            let m = a.round() as usize;
            if f.horizontal {
                self.samples.extend((m * stride + lo..m * stride + hi + 1).map(|i| (img.px(i) as i32) * SCALE));
            } else {
                self.samples.extend((lo..hi + 1).map(|y| (img.px(y * stride + m) as i32) * SCALE));
            }
        } else {
            // minor coordinate in 16.16 fixed point; 4 bits of fraction for the interpolation
            let maxm = (min_len - 1) as i64;
            let step = (f.slope as f64 * 65536.0).round() as i64;
            let mut m = ((a as f64 + f.slope as f64 * lo as f64) * 65536.0).round() as i64;
            let (maj_stride, min_stride) = if f.horizontal { (1, stride) } else { (stride, 1) };
            // written in place (no capacity check per sample)
            self.samples.resize(hi + 1 - lo, 0);
            for (t, out) in (lo..hi + 1).zip(self.samples.iter_mut()) {
                let mc = m.clamp(0, maxm << 16);
                let mi = (mc >> 16) as usize;
                let fr = ((mc >> 12) & 15) as i32;
                let base = t * maj_stride + mi * min_stride;
                let p = img.px(base) as i32;
                // on the last row (column) `mc` is `maxm << 16`, so `fr` = 0 and `q` does not
                // count: read `p` again there instead of branching
                let q = img.px(base + min_stride * ((mi as i64) < maxm) as usize) as i32;
                *out = p * SCALE + (q - p) * fr;
                m += step;
            }
        }
        true
    }

    /// Samples rows (columns, for a vertical family) `m0 ..= m1` together as one line, `FUSE_BINS`
    /// samples a pixel: each pixel goes to the bin of its place across bars that shift by `shear`
    /// pixels along the line per row (a symbol tilted by atan(shear)), empty bins interpolated
    /// from their neighbours. The rows see the bars at different phases of the pixel grid, so
    /// modules of about one pixel that every single row washes out somewhere are resolved.
    fn sample_fused(&mut self, horizontal: bool, m0: i32, m1: i32, shear: f32) -> bool {
        let (maj_len, min_len) = if horizontal { (self.w, self.h) } else { (self.h, self.w) };
        let (m0, m1) = (m0.max(0), m1.min(min_len as i32 - 1));
        if m1 < m0 {
            return false;
        }
        let n = maj_len * FUSE_BINS;
        let (fsum, fcnt) = (&mut self.fsum, &mut self.fcnt);
        fsum.clear();
        fsum.resize(n, 0);
        fcnt.clear();
        fcnt.resize(n, 0);
        let mc = (m0 + m1) as f32 / 2.0;
        let (img, stride) = (self.img, self.w);
        for m in m0..=m1 {
            // the bin of pixel t of this row is FUSE_BINS * t + k
            let k = (-(m as f32 - mc) * shear * FUSE_BINS as f32).round() as isize;
            let m = m as usize;
            let t0 = if k < 0 { ((-k) as usize).div_ceil(FUSE_BINS) } else { 0 };
            for t in t0..maj_len {
                let bin = (FUSE_BINS * t) as isize + k;
                if bin >= n as isize {
                    break;
                }
                let v = if horizontal { img.px(m * stride + t) } else { img.px(t * stride + m) };
                fsum[bin as usize] += v as u32;
                fcnt[bin as usize] += 1;
            }
        }
        self.samples.clear();
        let Some(first) = fcnt.iter().position(|&c| c > 0) else { return false };
        let last = fcnt.iter().rposition(|&c| c > 0).unwrap_or(first);
        let mut prev = (first, (fsum[first] * SCALE as u32 / fcnt[first]) as i32);
        for b in first..=last {
            if fcnt[b] == 0 {
                continue;
            }
            let v = (fsum[b] * SCALE as u32 / fcnt[b]) as i32;
            // the empty bins since the last full one, linearly
            let gap = (b - prev.0) as i32;
            for j in 1..gap {
                self.samples.push(prev.1 + (v - prev.1) * j / gap);
            }
            self.samples.push(v);
            prev = (b, v);
        }
        self.samples.len() >= 48
    }

    /// The reads of rows (columns) `m0 ..= m1` sampled together (see [`Scanner::sample_fused`]).
    fn scan_fused(&mut self, horizontal: bool, m0: i32, m1: i32, shear: f32) -> bool {
        self.found.clear();
        self.ns1_module.clear();
        if self.sample_fused(horizontal, m0, m1, shear) && self.runs() {
            self.decode_runs();
        }
        !self.found.is_empty()
    }

    /// Edges (position, signed height) of the sampled line, then its runs. Only stretches of
    /// high local contrast long enough to hold a symbol are searched for edges.
    fn runs(&mut self) -> bool {
        self.busy = false;
        let n = self.samples.len();
        // Light smoothing [1 2 1]/4 against noise.
        let s: &[i32] = if self.smooth_on {
            let r = &self.samples;
            self.smooth.clear();
            self.smooth.push(r[0]);
            self.smooth.extend(r.windows(3).map(|x| (x[0] + 2 * x[1] + x[2] + 2) >> 2));
            self.smooth.push(r[n - 1]);
            &self.smooth
        } else if self.sharp_on {
            // [-1 4 -1] / 2 (zxing's row filter): a narrow bar or space that blur and the pixel
            // grid have washed out to a shoulder of a wider neighbour stands out again
            let r = &self.samples;
            self.smooth.clear();
            self.smooth.push(r[0]);
            self.smooth.extend(r.windows(3).map(|x| (4 * x[1] - x[0] - x[2]) >> 1));
            self.smooth.push(r[n - 1]);
            &self.smooth
        } else {
            &self.samples
        };
        // Local contrast by blocks (each block's range includes the first sample of the next).
        let nb = n.div_ceil(BLOCK);
        block_ranges(s, &mut self.bmin, &mut self.bmax);
        self.range.clear();
        self.active.clear();
        let act = 3 * self.min_edge / 2;
        // the range over blocks b - 3 ..= b + 3 (clipped): from pairs (b, b + 1) and quadruples
        // (b .. b + 3), `b - 3 ..= b` and `b + 1 ..= b + 3` = quad(b - 3) with pair(b + 1), block b + 3
        let (bmin, bmax) = (&self.bmin, &self.bmax);
        let pair = |v: &[i32], i: usize, f: fn(i32, i32) -> i32| if i + 1 < nb { f(v[i], v[i + 1]) } else { v[i] };
        self.pmin.clear();
        self.pmax.clear();
        self.pmin.extend((0..nb).map(|i| pair(bmin, i, i32::min)));
        self.pmax.extend((0..nb).map(|i| pair(bmax, i, i32::max)));
        for b in 0..nb {
            let (lo, hi) = if b >= 3 && b + 3 < nb {
                let q = b - 3;
                (
                    self.pmin[q].min(self.pmin[q + 2]).min(self.pmin[b + 1]).min(bmin[b + 3]),
                    self.pmax[q].max(self.pmax[q + 2]).max(self.pmax[b + 1]).max(bmax[b + 3]),
                )
            } else {
                let a0 = b.saturating_sub(3);
                let a1 = (b + 4).min(nb);
                (bmin[a0..a1].iter().copied().min().unwrap_or(0), bmax[a0..a1].iter().copied().max().unwrap_or(0))
            };
            let thr = ((hi - lo) * EDGE_PERCENT / 100).max(self.min_edge);
            self.range.push(thr);
            self.active.push(hi - lo >= act);
        }
        // Ramps, inside long enough stretches of active blocks.
        self.edges.clear();
        let range = &self.range;
        let edges = &mut self.edges;
        let min_edge = self.min_edge;
        let close = |sign: i32, amp: i32, asum: i32, wsum: i64, edges: &mut Vec<(f32, f32)>| {
            if sign == 0 || asum <= 0 || amp.abs() < min_edge {
                return;
            }
            let pos = wsum as f32 / (2 * asum) as f32;
            let thr = range[((pos as usize) / BLOCK).min(range.len() - 1)];
            if amp.abs() < thr {
                return;
            }
            let amp = amp as f32 / SCALE as f32;
            if let Some(last) = edges.last_mut() {
                if (last.1 > 0.0) == (amp > 0.0) {
                    let (a1, a2) = (last.1.abs(), amp.abs());
                    if pos - last.0 <= MERGE_GAP {
                        // two parts of one edge
                        last.0 = (last.0 * a1 + pos * a2) / (a1 + a2);
                        last.1 += amp;
                    } else if a2 > a1 {
                        // two steps of one sign (a bar's edge, then a brighter patch beyond the
                        // quiet zone): the stronger is the edge, not a point between them
                        *last = (pos, amp);
                    }
                    return;
                }
            }
            edges.push((pos, amp));
        };
        // Differences inside the dead band (small against the noise) neither end a ramp nor place
        // it: a noisy ramp stays one ramp, and flat noisy stretches cost little.
        let dead = self.dead;
        let mut b = 0;
        while b < nb {
            if !self.active[b] {
                b += 1;
                continue;
            }
            let b0 = b;
            while b < nb && self.active[b] {
                b += 1;
            }
            if b - b0 < self.min_span {
                continue;
            }
            let (i0, i1) = (b0 * BLOCK, (b * BLOCK).min(n - 1));
            // The differences outside the dead band, listed first without a branch per sample
            // (each writes its index, the list grows only past a large one). A ramp starts at
            // such a difference of a new sign; its height is everything up to the next ramp's
            // start (the small differences inside it included): s[next] − s[start].
            let sig = &mut self.sig;
            sig.clear();
            sig.resize(i1 - i0 + 1, 0);
            let mut k = 0;
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            let i0 = simd::significant(s, i0, i1, dead, sig, &mut k);
            for i in i0..i1 {
                sig[k] = i as u32;
                k += ((s[i + 1] - s[i]).abs() >= dead) as usize;
            }
            // Then, again without a branch per difference, where the ramps start (list entries
            // of a new sign; the first starts one) and the running sums of |d| and of
            // |d| · (2i + 1) before each entry; a ramp's sums are the differences of those at
            // its start and at the next ramp's (`dead` > 0: no difference in the list is 0).
            let (starts, pa, pw) = (&mut self.ramp_starts, &mut self.pa, &mut self.pw);
            starts.clear();
            starts.resize(k + 1, 0);
            pa.clear();
            pa.resize(k + 1, 0);
            pw.clear();
            pw.resize(k + 1, 0);
            let (mut m, mut prev, mut a_acc, mut w_acc) = (0usize, 2u32, 0i32, 0i64);
            for j in 0..k {
                let i = sig[j] as usize;
                let d = s[i + 1] - s[i];
                let neg = (d < 0) as u32;
                starts[m] = j as u32;
                m += (neg != prev) as usize;
                prev = neg;
                pa[j] = a_acc;
                pw[j] = w_acc;
                let a = d.abs();
                a_acc += a;
                w_acc += a as i64 * (2 * i as i64 + 1);
            }
            pa[k] = a_acc;
            pw[k] = w_acc;
            for r in 0..m {
                let (j0, start) = (starts[r] as usize, sig[starts[r] as usize] as usize);
                let (j1, end) = if r + 1 < m {
                    let j1 = starts[r + 1] as usize;
                    (j1, sig[j1] as usize)
                } else {
                    (k, i1)
                };
                let sign = if s[start + 1] > s[start] { 1 } else { -1 };
                close(sign, s[end] - s[start], pa[j1] - pa[j0], pw[j1] - pw[j0], edges);
            }
        }
        // Runs: start at the first falling edge (light -> dark).
        let e = &self.edges;
        let first = match e.iter().position(|x| x.1 < 0.0) {
            Some(i) => i,
            None => return false,
        };
        let e = &e[first..];
        if e.len() < self.min_edges {
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
        (self.busy_module, self.busy_spread) = bar_like(&self.fwd).unwrap_or((0.0, 0.0));
        self.busy = self.busy_module > 0.0;
        self.rev.w.clear();
        self.rev.w.extend(self.fwd.w.iter().rev());
        self.rev.finish();
        true
    }

    fn decode_runs(&mut self) {
        self.found.clear();
        self.ns1_module.clear();
        for (reversed, runs) in [(false, &self.fwd), (true, &self.rev)] {
            if self.formats.any_ean_upc() {
                self.ns1.clear();
                ean::scan(runs, self.formats, &mut self.found, &mut self.ns1);
                for c in &self.ns1 {
                    if quiet_flat(
                        if self.smooth_on || self.sharp_on { &self.smooth } else { &self.samples },
                        runs,
                        reversed,
                        c,
                    ) {
                        self.found.push((Symbology::UpcE, c.text.clone()));
                        self.ns1_module.push((c.text.clone(), c.module));
                    }
                }
            }
            if self.formats.has(Symbology::Itf14) {
                itf::scan(runs, &mut self.found, &mut self.framed);
            }
            if self.formats.has(Symbology::Code128) {
                code128::scan(runs, &mut self.found, &mut self.framed);
            }
        }
    }

    /// Edges of the last line lower than 30 % of their local contrast (twice the least edge of
    /// [`EDGE_PERCENT`] = 15 %).
    fn weak_edges(&self) -> usize {
        let last = self.range.len() - 1;
        self.edges
            .iter()
            .filter(|e| e.1.abs() * (SCALE as f32) < (2 * self.range[(e.0 as usize / BLOCK).min(last)]) as f32)
            .count()
    }

    fn scan_line(&mut self, f: Family, a: f32) -> bool {
        self.framed = false;
        if !self.sample(f, a) {
            self.found.clear();
            self.busy = false;
            return false;
        }
        if self.runs() {
            self.decode_runs();
            if !self.found.is_empty() {
                return true;
            }
        } else {
            self.found.clear();
        }
        // A line that crossed bar-like runs, read nothing and has many weak edges (blur: narrow
        // elements lose their contrast) is read again sharpened, its edge thresholds doubled
        // with the noise the filter doubles (not on noisy frames).
        if self.busy && !self.smooth_on && (self.busy_module < SMALL_MODULE || self.weak_edges() >= MIN_WEAK) {
            let (min_edge, dead, module) = (self.min_edge, self.dead, (self.busy_module, self.busy_spread));
            self.sharp_on = true;
            self.min_edge *= 2;
            self.dead *= 2;
            if self.runs() {
                self.decode_runs();
            }
            self.sharp_on = false;
            (self.min_edge, self.dead, (self.busy_module, self.busy_spread)) = (min_edge, dead, module);
            self.busy = true;
        }
        // On a smoothed (noisy) frame, a line that crossed bar-like runs of small modules and read
        // nothing is read again unsmoothed, with the thresholds of the unsmoothed noise: the
        // smoothing washes out modules of 1.6–1.7 px.
        if self.busy && self.smooth_on && self.busy_module < RAW_MODULE {
            let saved = (self.min_edge, self.dead, self.busy_module, self.busy_spread);
            self.smooth_on = false;
            (self.min_edge, self.dead) = self.raw_edge;
            if self.runs() {
                self.decode_runs();
            }
            self.smooth_on = true;
            (self.min_edge, self.dead, self.busy_module, self.busy_spread) = saved;
            self.busy = true;
        }
        !self.found.is_empty()
    }
}

/// The min and max of each block of `BLOCK` samples of `s` and the first sample of the next one
/// (the local contrast of [`Scanner::runs`]), into `bmin`, `bmax` (resized to the block count).
fn block_ranges(s: &[i32], bmin: &mut Vec<i32>, bmax: &mut Vec<i32>) {
    let (n, nb) = (s.len(), s.len().div_ceil(BLOCK));
    bmin.clear();
    bmax.clear();
    bmin.resize(nb, 0);
    bmax.resize(nb, 0);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = simd::block_ranges(s, bmin, bmax);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for b in done..nb {
        let chunk = &s[b * BLOCK..((b + 1) * BLOCK + 1).min(n)];
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for &v in chunk {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        bmin[b] = lo;
        bmax[b] = hi;
    }
}

/// Random sample lines of many lengths through [`block_ranges`] against a plain fold: the number
/// of lines where they differ (0). A test, and with feature `bench` the wasm build's self-check
/// (its SIMD path runs only there).
#[cfg(any(test, feature = "bench"))]
#[doc(hidden)]
pub fn block_ranges_mismatches() -> u32 {
    let mut state = 11u32;
    let mut next = move || {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 20) as i32
    };
    let (mut lo, mut hi, mut bad) = (Vec::new(), Vec::new(), 0);
    for n in (1..120usize).chain([479, 480, 639, 640]) {
        for _ in 0..4 {
            let s: Vec<i32> = (0..n).map(|_| next()).collect();
            block_ranges(&s, &mut lo, &mut hi);
            let want: Vec<(i32, i32)> = (0..n.div_ceil(BLOCK))
                .map(|b| {
                    let c = &s[b * BLOCK..((b + 1) * BLOCK + 1).min(n)];
                    (*c.iter().min().unwrap(), *c.iter().max().unwrap())
                })
                .collect();
            bad += (lo.iter().zip(&hi).map(|(a, b)| (*a, *b)).collect::<Vec<_>>() != want) as u32;
        }
    }
    bad
}

/// The differences outside the dead band (|s[i + 1] − s[i]| >= `dead`) of `s[i0 ..= i1]`, as
/// [`Scanner::runs`] lists them (with SIMD where built with it), against a filter: the number of
/// random lines where they differ (0). A test, and with feature `bench` the wasm build's
/// self-check.
#[cfg(any(test, feature = "bench"))]
#[doc(hidden)]
pub fn significant_mismatches() -> u32 {
    let mut state = 5u32;
    let mut next = move || {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 22) as i32
    };
    let mut bad = 0;
    for n in (2..80usize).chain([400, 640]) {
        for dead in [1, 24, 200, 1000] {
            let s: Vec<i32> = (0..n).map(|_| next()).collect();
            let (i0, i1) = (n / 7, n - 1);
            let mut sig = vec![0u32; i1 - i0 + 1];
            let mut k = 0;
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            let i0 = simd::significant(&s, i0, i1, dead, &mut sig, &mut k);
            for i in i0..i1 {
                sig[k] = i as u32;
                k += ((s[i + 1] - s[i]).abs() >= dead) as usize;
            }
            let want: Vec<u32> = (n / 7..i1).filter(|&i| (s[i + 1] - s[i]).abs() >= dead).map(|i| i as u32).collect();
            bad += (sig[..k] != want[..]) as u32;
        }
    }
    bad
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::BLOCK;
    use core::arch::wasm32::*;

    /// The min and max of each block of `BLOCK` samples and the first sample of the next, four
    /// blocks at a time (while all 33 samples they need are there): the blocks' samples pairwise
    /// in lanes, then a 4 × 4 transpose of the partial results. Returns how many blocks are done.
    pub(super) fn block_ranges(s: &[i32], bmin: &mut [i32], bmax: &mut [i32]) -> usize {
        const _: () = assert!(BLOCK == 8);
        let mut b = 0;
        while 8 * b + 33 <= s.len() && b + 4 <= bmin.len() && b + 4 <= bmax.len() {
            // SAFETY: the loads read samples 8b .. 8b + 32, inside `s` (8b + 33 <= len)
            let ld = |k: usize| unsafe { v128_load(s.as_ptr().add(8 * b + 4 * k) as *const v128) };
            let v: [v128; 8] = [ld(0), ld(1), ld(2), ld(3), ld(4), ld(5), ld(6), ld(7)];
            // the first sample of the next block, for each of the four: 8b + 8, + 16, + 24, + 32
            let next = i32x4_shuffle::<0, 4, 0, 0>(v[2], v[4]);
            let next = i32x4_replace_lane::<3>(i32x4_shuffle::<0, 1, 4, 0>(next, v[6]), s[8 * b + 32]);
            let reduce = |a: [v128; 4], f: fn(v128, v128) -> v128| {
                let p01 = f(i32x4_shuffle::<0, 4, 2, 6>(a[0], a[1]), i32x4_shuffle::<1, 5, 3, 7>(a[0], a[1]));
                let p23 = f(i32x4_shuffle::<0, 4, 2, 6>(a[2], a[3]), i32x4_shuffle::<1, 5, 3, 7>(a[2], a[3]));
                f(i32x4_shuffle::<0, 1, 4, 5>(p01, p23), i32x4_shuffle::<2, 3, 6, 7>(p01, p23))
            };
            let mn = reduce(
                [i32x4_min(v[0], v[1]), i32x4_min(v[2], v[3]), i32x4_min(v[4], v[5]), i32x4_min(v[6], v[7])],
                i32x4_min,
            );
            let mx = reduce(
                [i32x4_max(v[0], v[1]), i32x4_max(v[2], v[3]), i32x4_max(v[4], v[5]), i32x4_max(v[6], v[7])],
                i32x4_max,
            );
            // SAFETY: b + 4 <= len of both
            unsafe {
                v128_store(bmin.as_mut_ptr().add(b) as *mut v128, i32x4_min(mn, next));
                v128_store(bmax.as_mut_ptr().add(b) as *mut v128, i32x4_max(mx, next));
            }
            b += 4;
        }
        b
    }

    /// The first part of the list of differences outside the dead band of [`super::Scanner::runs`]:
    /// for `i` from `i0`, eight differences `s[i + 1] − s[i]` at a time, the indices of those with
    /// |d| >= `dead` written from a table of set bits (no branch), `k` counting them. Returns the
    /// first `i` not done.
    pub(super) fn significant(s: &[i32], i0: usize, i1: usize, dead: i32, sig: &mut [u32], k: &mut usize) -> usize {
        let (mut i, mut n) = (i0, *k);
        let dead = i32x4_splat(dead);
        // i + 8 <= i1 <= s.len() - 1: the loads reach s[i + 8] at most; n + 8 <= i - i0 + 8 <= sig.len()
        while i + 8 <= i1 && i1 < s.len() {
            // SAFETY: the loads read s[i .. i + 9], inside `s`
            let ld = |o: usize| unsafe { v128_load(s.as_ptr().add(o) as *const v128) };
            let d0 = i32x4_abs(i32x4_sub(ld(i + 1), ld(i)));
            let d1 = i32x4_abs(i32x4_sub(ld(i + 5), ld(i + 4)));
            let m = i32x4_bitmask(i32x4_ge(d0, dead)) as usize | (i32x4_bitmask(i32x4_ge(d1, dead)) as usize) << 4;
            // SAFETY: an 8-byte load from a 256 × 8 table, at an index < 256
            let idx = unsafe { v128_load64_zero(crate::simd::SET_BITS[m].as_ptr() as *const u64) };
            let idx = u16x8_extend_low_u8x16(idx);
            let at = u32x4_splat(i as u32);
            let out = &mut sig[n..n + 8];
            // SAFETY: `out` holds 8 u32: two unaligned 16-byte stores
            unsafe {
                v128_store(out.as_mut_ptr() as *mut v128, i32x4_add(u32x4_extend_low_u16x8(idx), at));
                v128_store(out.as_mut_ptr().add(4) as *mut v128, i32x4_add(u32x4_extend_high_u16x8(idx), at));
            }
            n += m.count_ones() as usize;
            i += 8;
        }
        *k = n;
        i
    }
}

/// Whether the right quiet zone of a UPC-E of number system 1 (from one module after its end guard
/// to [`ean::NS1_QUIET`] modules) is flat on the line: its samples vary by less than 30 % of the
/// symbol's contrast. Faded bars (glare over an EAN-13's right half) are not a quiet zone.
fn quiet_flat(s: &[i32], runs: &Runs, reversed: bool, c: &ean::Ns1) -> bool {
    let last = (s.len() - 1) as f32;
    // [a, b) in the runs' direction, to sample indices
    let span = |a: f32, b: f32| -> (usize, usize) {
        let (a, b) = if reversed { (last - b, last - a) } else { (a, b) };
        (a.max(0.0).ceil() as usize, (b.min(last).floor() as usize + 1).min(s.len()))
    };
    let range = |(a, b): (usize, usize)| -> i32 {
        let x = &s[a..b.max(a + 1).min(s.len())];
        x.iter().max().unwrap_or(&0) - x.iter().min().unwrap_or(&0)
    };
    let q0 = runs.prefix[c.k + 33];
    let symbol = range(span(runs.prefix[c.k], q0));
    let quiet = range(span(q0 + c.module, q0 + ean::NS1_QUIET * c.module));
    10 * quiet < 3 * symbol
}

/// Whether the runs hold a stretch of `BAR_RUNS` runs of bar-like widths (all within a small
/// factor of their mean): part of a symbol may be there. Returns the first such stretch's mean
/// module (its mean run over 1.6) and the ratio of its widest run to its narrowest.
fn bar_like(r: &Runs) -> Option<(f32, f32)> {
    const BAR_RUNS: usize = 12;
    let w = &r.w;
    let mut i = 1;
    while i + BAR_RUNS < w.len() {
        // a symbol's runs average ~1.6 modules
        let m = r.sum(i, i + BAR_RUNS) / (BAR_RUNS as f32 * 1.6);
        let (lo, hi) = (0.2 * m, 5.0 * m);
        match w[i..i + BAR_RUNS].iter().rposition(|&x| x < lo || x > hi) {
            None => {
                let x = &w[i..i + BAR_RUNS];
                let (lo, hi) = x.iter().fold((f32::MAX, 0f32), |(a, b), &v| (a.min(v), b.max(v)));
                return Some((m, hi / lo.max(1e-3)));
            }
            // restart just after the offending run (keeping dark-first alignment)
            Some(j) => i += j + 1,
        }
        if i % 2 == 0 {
            i += 1;
        }
    }
    None
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
    let mut sc = Scanner::new(Luma(luma), w, h, Formats::ALL);
    sc.set_noise(noise_sigma(Luma(luma), w, h));
    let f = FAMILIES_8[0];
    let ok = sc.sample(f, y) && sc.runs();
    let samples = sc.samples.iter().map(|&v| v as f32 / SCALE as f32).collect();
    (samples, sc.edges.clone(), if ok { sc.fwd.w.clone() } else { Vec::new() })
}

/// The reads of one line of family `fi` (index into the eight families) at intercept `a`, on its
/// own (for debugging and experiments).
#[doc(hidden)]
pub fn debug_line(luma: &[u8], w: usize, h: usize, fi: usize, a: f32) -> Vec<(Symbology, String)> {
    let mut sc = Scanner::new(Luma(luma), w, h, Formats::ALL);
    sc.set_noise(noise_sigma(Luma(luma), w, h));
    sc.scan_line(FAMILIES_8[fi], a);
    let mut out = std::mem::take(&mut sc.found);
    out.extend(sc.ns1_module.iter().map(|(t, _)| (Symbology::UpcE, t.clone())));
    out
}

type Hits = Vec<((Symbology, String), Vec<(usize, f32)>)>;

/// Records that line (family, intercept) read `key`; true once two lines agree on it.
fn record(hits: &mut Hits, key: (Symbology, String), line: (usize, f32)) -> bool {
    if let Some((_, v)) = hits.iter_mut().find(|(k, _)| *k == key) {
        if !v.iter().any(|l| l.0 == line.0 && (l.1 - line.1).abs() < 0.5) {
            v.push(line);
        }
        v.len() >= 2
    } else {
        hits.push((key, vec![line]));
        false
    }
}

/// The reads of one frame's lines so far.
#[derive(Default)]
struct Tally {
    hits: Hits,
    /// UPC-E reads of number system 1: (text, family, intercept, module in samples, probed) per line.
    ns1: Vec<(String, usize, f32, f32, bool)>,
    /// Those that passed the check of [`ns1_spread`].
    accepted: Vec<String>,
}

fn is_ns1(k: &(Symbology, String)) -> bool {
    k.0 == Symbology::UpcE && k.1.starts_with('1')
}

/// Records the reads of the line (family `fi`, intercept `a`) just scanned; true once one of them
/// is confirmed (two lines agree; for a UPC-E of number system 1, two lines far enough apart).
fn take<I: Image>(sc: &mut Scanner<I>, t: &mut Tally, families: &[Family], fi: usize, a: f32) -> bool {
    let found = std::mem::take(&mut sc.found);
    for (text, m) in sc.ns1_module.drain(..) {
        t.ns1.push((text, fi, a, m, false));
    }
    let mut done = false;
    for r in found {
        if record(&mut t.hits, r.clone(), (fi, a)) {
            if is_ns1(&r) && !t.accepted.contains(&r.1) {
                if !ns1_spread(sc, families, &mut t.ns1, &r.1) {
                    continue;
                }
                t.accepted.push(r.1.clone());
            }
            done = true;
        }
    }
    done
}

/// Least distance between two parallel lines that both read a UPC-E of number system 1, in modules
/// (perpendicular to the lines; a module measured along a line is at least the true one).
///
/// A line leaving an EAN-13 through the top of its bars just after the centre guard reads as such a
/// UPC-E only if it leaves within the first right-hand bar or the space after it (at most 5
/// modules of the top edge; further right it sees that digit's next bar where UPC-E's quiet zone
/// should be, further left it has no sixth guard run). The parallel lines that do so form a band
/// at most 5 modules wide: two lines 12 modules apart cannot both be in it.
const NS1_SPREAD: f32 = 12.0;

/// Whether two lines `NS1_SPREAD` modules apart or more read the UPC-E `text` (number system 1):
/// among the lines that read it, or lines parallel to them (probed once per line, both sides, at
/// 1, 1.25, 1.5 and 2 times that spread).
fn ns1_spread<I: Image>(
    sc: &mut Scanner<I>,
    families: &[Family],
    lines: &mut [(String, usize, f32, f32, bool)],
    text: &str,
) -> bool {
    // intercepts `da` apart are `da / √(1 + slope²)` apart; a module along the line is
    // `m · √(1 + slope²)` pixels
    let gap = |fi: usize, m: f32| NS1_SPREAD * m * (1.0 + families[fi].slope * families[fi].slope);
    let mine: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].0 == text).collect();
    for &i in &mine {
        for &j in &mine {
            let (a, b) = (&lines[i], &lines[j]);
            if a.1 == b.1 && (a.2 - b.2).abs() >= gap(a.1, a.3.min(b.3)) {
                return true;
            }
        }
    }
    let mut probes = 0;
    for &i in &mine {
        if lines[i].4 || probes >= 4 {
            continue;
        }
        lines[i].4 = true;
        probes += 1;
        let (_, fi, a, m, _) = lines[i];
        let (f, da) = (families[fi], gap(fi, m));
        // the spread and a little more on both sides (small modules: which lines read depends
        // on the pixel grid's phase along the bars)
        for a2 in [1.0, 1.25, 1.5, 2.0].into_iter().flat_map(|k| [a - k * da, a + k * da]) {
            if sc.scan_line(f, a2) && sc.found.iter().any(|r| r.0 == Symbology::UpcE && r.1 == text) {
                return true;
            }
        }
    }
    false
}

fn confirmed(hits: Hits) -> Vec<Read> {
    hits.into_iter().filter(|(_, v)| v.len() >= 2).map(|((symbology, text), _)| Read { symbology, text }).collect()
}

/// Coarse to fine: every other line of each family (`SPACING` apart), from the frame's centre
/// outwards, families interleaved; then the lines in between, only next to a coarse line that read
/// something or crossed bar-like runs; then, for a read seen on one line only, parallel lines close
/// by. Stops as soon as two lines agree on a read.
pub(crate) fn decode_1d<I: Image>(img: I, w: usize, h: usize, formats: Formats) -> Vec<Read> {
    let mut sc = Scanner::new(img, w, h, formats);
    scan_1d(&mut sc, img, w, h, formats)
}

fn scan_1d<I: Image>(sc: &mut Scanner<I>, img: I, w: usize, h: usize, formats: Formats) -> Vec<Read> {
    // Long symbols (ITF-14, Code 128) need lines within ~12° of their axis: eight angles. The
    // squarer EAN/UPC symbols are read from four.
    let families: &[Family] =
        if formats.has(Symbology::Itf14) || formats.has(Symbology::Code128) { &FAMILIES_8 } else { &FAMILIES_8[..4] };
    sc.set_noise(noise_sigma(img, w, h));
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    // Per family: first intercept, step, number of lines, index of the central line.
    let grid: Vec<(f32, f32, usize, usize)> = families
        .iter()
        .map(|f| {
            let (lo, hi, step) = intercepts(*f, w, h, SPACING);
            let count = (((hi - lo) / step - 0.5).floor() as usize) + 1;
            let ac = if f.horizontal { cy - f.slope * cx } else { cx - f.slope * cy };
            let kc = (((ac - lo) / step - 0.5).round().max(0.0) as usize).min(count - 1);
            (lo + 0.5 * step, step, count, kc)
        })
        .collect();
    // (distance from centre, family, k), in that order: by distance, then family, then k
    let total: usize = grid.iter().map(|g| g.2).sum();
    let mut order: Vec<(usize, usize, usize)> = Vec::with_capacity(total);
    let mut d = 0;
    while order.len() < total {
        for (fi, &(_, _, count, kc)) in grid.iter().enumerate() {
            if d <= kc {
                order.push((d, fi, kc - d));
            }
            if d > 0 && kc + d < count {
                order.push((d, fi, kc + d));
            }
        }
        d += 1;
    }
    let mut t = Tally::default();
    let mut busy: Vec<Vec<bool>> = grid.iter().map(|g| vec![false; g.2]).collect();
    // Lines that crossed bar-like runs of about one pixel a module (see `note_small`), and whether
    // they read something.
    let mut small: Vec<(usize, f32, bool)> = Vec::new();
    // Lines that framed a Code 128 or ITF-14 they could not read (heavy blur, mostly).
    let mut framed: Vec<(usize, f32)> = Vec::new();
    // Coarse pass.
    for &(_, fi, k) in order.iter().filter(|x| x.0 % 2 == 0) {
        let a = grid[fi].0 + grid[fi].1 * k as f32;
        let read = sc.scan_line(families[fi], a);
        if read && take(sc, &mut t, families, fi, a) {
            return accepted(t);
        }
        busy[fi][k] = read || sc.busy;
        note_small(sc, families[fi], fi, a, read, &mut small);
        if sc.framed && !read {
            framed.push((fi, a));
        }
    }
    // Fine pass: the lines between, next to a busy coarse line.
    for &(_, fi, k) in order.iter().filter(|x| x.0 % 2 == 1) {
        let b = &busy[fi];
        if !(k > 0 && b[k - 1] || k + 1 < b.len() && b[k + 1]) {
            continue;
        }
        let a = grid[fi].0 + grid[fi].1 * k as f32;
        let read = sc.scan_line(families[fi], a);
        if read && take(sc, &mut t, families, fi, a) {
            return accepted(t);
        }
        note_small(sc, families[fi], fi, a, read, &mut small);
        if sc.framed && !read {
            framed.push((fi, a));
        }
    }
    // lines that read something (not confirmed) first
    small.sort_by_key(|x| !x.2);
    // Reads seen on one line only: try parallel lines close by.
    let singles: Vec<_> = t.hits.iter().filter(|h| h.1.len() < 2).map(|h| (h.0.clone(), h.1[0])).collect();
    for (key, (fi, a0)) in singles {
        let f = families[fi];
        let step = grid[fi].1;
        for off in [0.25f32, -0.25, 0.5, -0.5, 0.125, -0.125, 1.0 / 6.0, -1.0 / 6.0, 1.0 / 3.0, -1.0 / 3.0] {
            let a = a0 + off * step;
            if sc.scan_line(f, a) {
                take(sc, &mut t, families, fi, a);
                if t.hits.iter().any(|h| h.0 == key && h.1.len() >= 2) {
                    break;
                }
            }
        }
    }
    // A Code 128 or ITF-14 framed by its start and stop but not read (heavy blur, perspective:
    // which lines read depends on the noise along them and the pixel grid's phase): the parallel
    // lines a pixel apart up to the next lines of the grid (perpendicular to the lines).
    if t.hits.iter().all(|h| h.1.len() < 2) {
        for &(fi, a0) in framed.iter().take(FRAMED_LINES) {
            let step = grid[fi].1;
            let k = SPACING as i32 - 1;
            for off in (1..=k).flat_map(|d| [d, -d]) {
                let a = a0 + off as f32 * step / SPACING;
                if sc.scan_line(families[fi], a) && take(sc, &mut t, families, fi, a) {
                    return accepted(t);
                }
            }
        }
    }
    // Modules of about one pixel: which lines the pixel grid lets through changes with the
    // phase of the bars along them, so try parallel lines close to those that crossed such bars
    // (at most `SMALL_LINES` of them).
    if t.hits.iter().all(|h| h.1.len() < 2) {
        // every row (column) within half the spacing of them, each once
        let mut done: Vec<(usize, i32)> = small.iter().map(|&(fi, a, _)| (fi, a.round() as i32)).collect();
        let reach = (SPACING / 2.0) as i32;
        for &(fi, a0, _) in small.iter().take(SMALL_LINES) {
            for off in (1..=reach).flat_map(|d| [d, -d]) {
                let row = a0.round() as i32 + off;
                if done.contains(&(fi, row)) {
                    continue;
                }
                done.push((fi, row));
                let a = row as f32;
                if sc.scan_line(families[fi], a) && take(sc, &mut t, families, fi, a) {
                    return accepted(t);
                }
            }
        }
        // Still nothing: bands of rows next to the first of those lines sampled together, for a
        // few tilts of the bars (see `Scanner::sample_fused`). A band reads as a line of its own
        // (family index past the families'); UPC-E of number system 1 is left out (it needs its
        // own spread check along true lines).
        let mut shears = [0.03f32, -0.03, 0.05, -0.05, 0.015, -0.015];
        for &(fi, a0, _) in small.iter().take(FUSE_LINES) {
            let c = a0.round() as i32;
            for (m0, m1) in [(c - 12, c), (c + 1, c + 13), (c - 25, c - 13), (c + 14, c + 26)] {
                for j in 0..shears.len() {
                    if !sc.scan_fused(families[fi].horizontal, m0, m1, shears[j]) {
                        continue;
                    }
                    // the tilt that read is tried first on the next bands
                    shears[..=j].rotate_right(1);
                    let line = (FAMILIES_8.len() + fi, (m0 + m1) as f32 / 2.0);
                    for r in std::mem::take(&mut sc.found) {
                        if !is_ns1(&r) && record(&mut t.hits, r, line) {
                            return accepted(t);
                        }
                    }
                    break;
                }
            }
        }
    }
    accepted(t)
}

/// Notes the line just scanned (family `f`, index `fi`, intercept `a`; `read`: it read something)
/// among those that crossed bar-like runs of about one pixel a module, if it did: lines along the
/// frame's axes only, not on noisy frames (there noise makes such runs; the diagonal families
/// sample 1.08–1.41 px apart, too coarse for such modules, and QR codes at an angle make short runs
/// along them).
fn note_small<I: Image>(
    sc: &Scanner<I>,
    f: Family,
    fi: usize,
    a: f32,
    read: bool,
    small: &mut Vec<(usize, f32, bool)>,
) {
    if sc.busy && sc.busy_module < SMALL_LIST && sc.busy_spread < SMALL_SPREAD && !sc.smooth_on && f.slope == 0.0 {
        small.push((fi, a, read));
    }
}

/// The confirmed reads, without UPC-E of number system 1 that [`ns1_spread`] did not accept.
fn accepted(mut t: Tally) -> Vec<Read> {
    t.hits.retain(|(k, _)| !is_ns1(k) || t.accepted.contains(&k.1));
    confirmed(t.hits)
}

#[cfg(test)]
mod tests {
    #[test]
    fn block_ranges_as_a_fold() {
        assert_eq!(super::block_ranges_mismatches(), 0);
    }

    #[test]
    fn significant_as_a_filter() {
        assert_eq!(super::significant_mismatches(), 0);
    }
}
