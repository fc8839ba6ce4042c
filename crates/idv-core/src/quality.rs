//! Live quality guidance for ID-document capture, computed on a small grayscale frame.
//!
//! The app draws the camera's guide region, grown by [`GUIDE_MARGIN`] on each side, into a
//! buffer of about [`ANALYSIS_WIDTH`] × 200 pixels (square pixels), several times a second, and
//! asks [`measure`] (or [`measure_with`], reusing a [`Scratch`]) then [`judge`]. Everything is
//! O(pixels): one pass for the mean and the [`Signature`], one for the edge map, one for the
//! line profiles, one over the card for the statistics, plus short walks along four lines.
//!
//! How the card is found: a card in the guide shows four long straight edges. Pixels where the
//! change across x (across y) is strong and a local maximum are edge pixels; those that lie on a
//! long line (the edge continues a few percent of the frame away on both sides) are counted per
//! column (row). Text, texture and noise make short edges; the card's sides make peaks. In each
//! half of the frame the outermost strong peak is a candidate side (the photo box and header
//! band lie inside the card). Each candidate is then followed as a line — the step across it
//! keeping its polarity and strength, drifting with a tilt — which gives its extent: a line that
//! runs past a candidate shows the candidate lies inside the card; lines that run to the buffer's
//! border show the card is cut off there. No document: no long line in both directions, a box
//! too small, or (when not cut off) a box far from the ID-1 shape. Tilts up to about 8° pass.
//!
//! The other metrics are read inside the card, away from its edges (or inside the guide when
//! there is no card): brightness (mean luma), glare (share of saturated pixels) and sharpness
//! (variance of the Laplacian rescaled to a mid-grey exposure, so dimmer light alone does not
//! look like blur).
//!
//! Known limits: a card larger than the whole buffer (all four edges outside it) can be taken
//! for the rectangle of its own inner lines; sharpness at the analysis size cannot see the
//! mild blur that only matters at full resolution; sensor noise in dim light adds to sharpness.

use serde::{Deserialize, Serialize};

/// The analysis width the app is expected to use; the height follows the guide's shape.
pub const ANALYSIS_WIDTH: u32 = 320;
/// The fraction of the guide's width (height) added on each side of the guide, so the card's
/// edges are inside the buffer when the card fits the guide.
pub const GUIDE_MARGIN: f32 = 0.08;
/// An ID-1 card (credit-card size), width over height; the guide has this shape.
pub const CARD_ASPECT: f32 = 85.60 / 53.98;
/// Frames smaller than this on either side are not analysed (judged `NoDocument`).
pub const MIN_SIDE: usize = 16;

/// Below this mean luma (0–255) inside the card (or the guide, without a card): `Dark`.
pub const DARK_LUMA: f32 = 50.0;
/// A pixel at or above this luma is saturated.
pub const GLARE_LUMA: u8 = 250;
/// More than this share of saturated pixels inside the card: `Glare`.
pub const MAX_GLARE: f32 = 0.02;
/// Less than this share of the guide's area covered by the card: `TooFar`.
pub const MIN_FILL: f32 = 0.5;
/// Below this sharpness (Laplacian variance at mid-grey exposure): `Blurry`.
pub const MIN_SHARPNESS: f32 = 120.0;

/// Auto-capture fires once the verdict has been `Ok`, and the picture steady, this long.
pub const STEADY_MS: f64 = 700.0;
/// The manual shutter works this long after the preview started, whatever the verdict.
pub const MANUAL_AFTER_MS: f64 = 4_000.0;
/// Two successive frames are steady when no cell of their [`Signature`] moved more than this
/// (luma levels).
pub const STEADY_DELTA: u8 = 12;

/// A grayscale frame: the guide region of the camera frame, expanded by [`GUIDE_MARGIN`] on each
/// side, downscaled. Row-major, one byte per pixel, `pixels.len() == width * height`.
#[derive(Debug, Clone, Copy)]
pub struct Gray<'a> {
    pub width: usize,
    pub height: usize,
    pub pixels: &'a [u8],
}

/// Where the card lies, in fractions of the buffer's width and height (0 = left/top edge of the
/// buffer, 1 = right/bottom edge). A cut-off side lies on the buffer's border.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardBox {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

/// A point in fractions of the buffer's width and height (0 = left/top edge, 1 = right/bottom).
/// The uploaded photo is the same region as the analysis buffer, so the same fractions locate
/// it in the photo.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// The card's four corners as seen in the frame, clockwise from the top-left: top-left,
/// top-right, bottom-right, bottom-left. Perspective makes it any convex quadrilateral.
pub type Corners = [Point; 4];

/// A coarse picture of the frame, for telling whether it moved: the mean luma of each cell of an
/// 8 × 8 grid, row by row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature(pub [u8; 64]);

impl Signature {
    /// The largest change of one cell between two frames.
    pub fn distance(&self, other: &Signature) -> u8 {
        self.0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap_or(0)
    }

    /// Whether the picture barely changed between the two frames.
    pub fn steady_with(&self, other: &Signature) -> bool {
        self.distance(other) <= STEADY_DELTA
    }
}

/// What [`measure`] finds in a frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// False when the frame could not be analysed (too small, or its buffer does not match its
    /// size); such a frame is judged `NoDocument`.
    pub valid: bool,
    /// Variance of the 4-neighbour Laplacian inside the card (or guide), scaled by
    /// `(128 / mean luma)²`: the same picture in dimmer light scores the same.
    pub sharpness: f32,
    /// Mean luma, 0–255, inside the card (or guide).
    pub brightness: f32,
    /// Share, 0–1, of pixels at or above [`GLARE_LUMA`] inside the card (or guide).
    pub glare: f32,
    /// The card's area over the guide's area: about 1 when the card fits the guide, 0 without a
    /// card; it can exceed 1 (up to `(1 + 2 × GUIDE_MARGIN)²`) when the card overflows the guide
    /// but still fits the buffer.
    pub fill: f32,
    /// The card runs into (or out of) the buffer's border on at least one side.
    pub cut_off: bool,
    /// A card-like rectangle was found.
    pub document: bool,
    /// The card's bounding rectangle, when `document`.
    pub card: Option<CardBox>,
    /// The card's four corners, when `document` and the whole card is in the frame (not
    /// `cut_off`).
    pub corners: Option<Corners>,
    /// The frame's coarse picture, for steadiness.
    pub signature: Signature,
}

impl Metrics {
    fn invalid() -> Metrics {
        Metrics {
            valid: false,
            sharpness: 0.0,
            brightness: 0.0,
            glare: 0.0,
            fill: 0.0,
            cut_off: false,
            document: false,
            card: None,
            corners: None,
            signature: Signature([0; 64]),
        }
    }
}

/// The verdict on one frame; shown to the user, exposed as `data-guidance` (see [`code`]).
///
/// [`code`]: Guidance::code
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guidance {
    Ok,
    Blurry,
    Dark,
    Glare,
    TooFar,
    CutOff,
    NoDocument,
}

impl Guidance {
    pub const ALL: [Guidance; 7] = [
        Guidance::Ok,
        Guidance::Blurry,
        Guidance::Dark,
        Guidance::Glare,
        Guidance::TooFar,
        Guidance::CutOff,
        Guidance::NoDocument,
    ];

    /// The stable name: `ok`, `blurry`, `dark`, `glare`, `too_far`, `cut_off`, `no_document`.
    pub fn code(self) -> &'static str {
        match self {
            Guidance::Ok => "ok",
            Guidance::Blurry => "blurry",
            Guidance::Dark => "dark",
            Guidance::Glare => "glare",
            Guidance::TooFar => "too_far",
            Guidance::CutOff => "cut_off",
            Guidance::NoDocument => "no_document",
        }
    }
}

/// The verdict, first match wins:
/// 1. `NoDocument` for a frame that could not be analysed;
/// 2. `Dark` below [`DARK_LUMA`] — before `NoDocument`, since in the dark no card can be found
///    and light is what the user needs;
/// 3. `NoDocument` without a card;
/// 4. `CutOff` — the fill of a partly visible card means nothing;
/// 5. `TooFar` below [`MIN_FILL`];
/// 6. `Glare` above [`MAX_GLARE`];
/// 7. `Blurry` below [`MIN_SHARPNESS`] — last, as a camera often focuses by itself once the
///    card is placed;
/// 8. `Ok`.
pub fn judge(m: &Metrics) -> Guidance {
    if !m.valid {
        Guidance::NoDocument
    } else if m.brightness < DARK_LUMA {
        Guidance::Dark
    } else if !m.document {
        Guidance::NoDocument
    } else if m.cut_off {
        Guidance::CutOff
    } else if m.fill < MIN_FILL {
        Guidance::TooFar
    } else if m.glare > MAX_GLARE {
        Guidance::Glare
    } else if m.sharpness < MIN_SHARPNESS {
        Guidance::Blurry
    } else {
        Guidance::Ok
    }
}

/// Reusable working memory for [`measure_with`] (an edge map and four profiles): keep one per
/// camera preview and frames of one size allocate nothing.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    flags: Vec<u8>,
    profiles: Vec<u32>,
}

/// Measures a frame. Never panics; a frame that cannot be analysed gives `valid: false`.
pub fn measure(frame: &Gray) -> Metrics {
    measure_with(frame, &mut Scratch::default())
}

/// [`measure`], reusing `scratch` between frames.
pub fn measure_with(frame: &Gray, scratch: &mut Scratch) -> Metrics {
    let (w, h) = (frame.width, frame.height);
    if w < MIN_SIDE || h < MIN_SIDE || w.checked_mul(h) != Some(frame.pixels.len()) {
        return Metrics::invalid();
    }
    let img = Img {
        w,
        h,
        p: frame.pixels,
    };
    let (mean, signature) = img.mean_and_signature();
    // Edges must stand out from sensor noise; in dim light everything is scaled down.
    let threshold = (mean / 10.0).max(6.0) as i32;

    let card = find_card(&img, threshold, scratch);
    let (region, document, cut_off, fill, card_box) = match card {
        Some(c) => {
            let (cw, ch) = (c.right - c.left, c.bottom - c.top);
            let (gw, gh) = guide_size(w, h);
            let fill = (cw * ch) / (gw * gh);
            // Statistics inside the card, away from its edges (and its rounded corners).
            let (ix, iy) = ((cw * 0.06).max(2.0), (ch * 0.06).max(2.0));
            let region =
                Region::clamped(&img, c.left + ix, c.top + iy, c.right - ix, c.bottom - iy);
            let card_box = CardBox {
                left: c.left / (w - 1) as f32,
                top: c.top / (h - 1) as f32,
                right: c.right / (w - 1) as f32,
                bottom: c.bottom / (h - 1) as f32,
            };
            (region, true, c.cut_off, fill, Some(card_box))
        }
        None => {
            let (gw, gh) = guide_size(w, h);
            let (mx, my) = ((w as f32 - gw) / 2.0, (h as f32 - gh) / 2.0);
            let region = Region::clamped(&img, mx, my, w as f32 - 1.0 - mx, h as f32 - 1.0 - my);
            (region, false, false, 0.0, None)
        }
    };
    let stats = img.region_stats(region);
    Metrics {
        valid: true,
        sharpness: stats.sharpness,
        brightness: stats.mean,
        glare: stats.saturated,
        fill,
        cut_off,
        document,
        card: card_box,
        corners: card_box.filter(|_| !cut_off).map(|b| {
            [
                Point { x: b.left, y: b.top },
                Point { x: b.right, y: b.top },
                Point { x: b.right, y: b.bottom },
                Point { x: b.left, y: b.bottom },
            ]
        }),
        signature,
    }
}

/// Auto-capture: fires once the verdict has been `Ok`, and the picture steady, for
/// [`STEADY_MS`]; then not again until [`reset`](AutoCapture::reset) (after a retake).
///
/// Feed it every analysed frame with [`observe_frame`](AutoCapture::observe_frame) (steadiness
/// from the frames' signatures) or [`observe`](AutoCapture::observe) (steadiness from the
/// verdict alone: `Ok` frames in a row; motion still shows as `Blurry`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AutoCapture {
    ok_since: Option<f64>,
    last_signature: Option<Signature>,
    last: Option<Guidance>,
    fired: bool,
}

impl AutoCapture {
    pub fn new() -> Self {
        AutoCapture::default()
    }

    /// Observes a frame's verdict at `now_ms` (any monotonic clock); true exactly once, when the
    /// photo should be taken.
    pub fn observe(&mut self, g: Guidance, now_ms: f64) -> bool {
        self.track(g, now_ms, true)
    }

    /// Like [`observe`](AutoCapture::observe), and the picture must also not have moved since
    /// the previous frame (see [`Signature::steady_with`]); a move starts the wait again.
    pub fn observe_frame(&mut self, g: Guidance, now_ms: f64, signature: &Signature) -> bool {
        let steady = self
            .last_signature
            .is_some_and(|last| last.steady_with(signature));
        self.last_signature = Some(*signature);
        self.track(g, now_ms, steady)
    }

    fn track(&mut self, g: Guidance, now_ms: f64, steady: bool) -> bool {
        self.last = Some(g);
        if !now_ms.is_finite() {
            return false;
        }
        if g != Guidance::Ok {
            self.ok_since = None;
            return false;
        }
        let since = match self.ok_since {
            // The clock went back: start again rather than wait for it.
            Some(t) if steady && t <= now_ms => t,
            _ => now_ms,
        };
        self.ok_since = Some(since);
        if self.fired || now_ms - since < STEADY_MS {
            return false;
        }
        self.fired = true;
        true
    }

    /// Arms auto-capture again (after a retake, or when the preview restarts).
    pub fn reset(&mut self) {
        *self = AutoCapture::default();
    }

    /// Whether the manual shutter works, `elapsed_ms` after the live preview started: from
    /// [`MANUAL_AFTER_MS`] on, or at once while the last verdict is `Ok`.
    pub fn manual_allowed(&self, elapsed_ms: f64) -> bool {
        self.last == Some(Guidance::Ok) || elapsed_ms >= MANUAL_AFTER_MS
    }
}

// ---------------------------------------------------------------------------------------------

/// The guide's size in buffer pixels.
fn guide_size(w: usize, h: usize) -> (f32, f32) {
    let grow = 1.0 + 2.0 * GUIDE_MARGIN;
    (w as f32 / grow, h as f32 / grow)
}

struct Img<'a> {
    w: usize,
    h: usize,
    p: &'a [u8],
}

/// An inclusive pixel rectangle at least one pixel inside the frame (so the Laplacian has its
/// neighbours); may be empty (`x1 < x0`).
#[derive(Debug, Clone, Copy)]
struct Region {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

impl Region {
    fn clamped(img: &Img, x0: f32, y0: f32, x1: f32, y1: f32) -> Region {
        let cx = |v: f32| (v.round().max(1.0) as usize).min(img.w - 2);
        let cy = |v: f32| (v.round().max(1.0) as usize).min(img.h - 2);
        Region {
            x0: cx(x0),
            y0: cy(y0),
            x1: cx(x1),
            y1: cy(y1),
        }
    }
}

struct Stats {
    mean: f32,
    saturated: f32,
    sharpness: f32,
}

/// A thin vertical edge: strong change across x, a local maximum along x.
const V_EDGE: u8 = 1;
/// A thin horizontal edge.
const H_EDGE: u8 = 2;
/// A vertical edge within one (two) columns.
const V_NEAR1: u8 = 4;
const V_NEAR2: u8 = 8;
/// A horizontal edge within one (two) rows.
const H_NEAR1: u8 = 16;
const H_NEAR2: u8 = 32;

impl Img<'_> {
    #[inline]
    fn row(&self, y: usize) -> &[u8] {
        &self.p[y * self.w..(y + 1) * self.w]
    }

    fn mean_and_signature(&self) -> (f32, Signature) {
        let (w, h) = (self.w, self.h);
        let mut cells = [0u64; 64];
        let mut total = 0u64;
        for y in 0..h {
            let row = self.row(y);
            let cy = y * 8 / h;
            for cx in 0..8 {
                let s: u64 = row[cx * w / 8..(cx + 1) * w / 8]
                    .iter()
                    .map(|&v| u64::from(v))
                    .sum();
                cells[cy * 8 + cx] += s;
                total += s;
            }
        }
        let mut sig = [0u8; 64];
        for (i, cell) in sig.iter_mut().enumerate() {
            let (cx, cy) = (i % 8, i / 8);
            let n = ((cx + 1) * w / 8 - cx * w / 8) * ((cy + 1) * h / 8 - cy * h / 8);
            *cell = (cells[i] / n.max(1) as u64) as u8;
        }
        (total as f32 / (w * h) as f32, Signature(sig))
    }

    /// Marks thin edges with [`V_EDGE`] and [`H_EDGE`] — the central difference is at least
    /// `t` and a local maximum across the edge, so an edge is one pixel wide — and their
    /// neighbourhoods with the `*_NEAR*` bits.
    fn edge_flags(&self, t: i32, flags: &mut [u8]) {
        let (w, h) = (self.w, self.h);
        let t = t.clamp(1, 255) as u8;
        for y in 0..h {
            let r = self.row(y);
            let out = &mut flags[y * w..(y + 1) * w];
            out.fill(0);
            // Across x: the difference at x-1, x, x+1 is r[x]-r[x-2], r[x+1]-r[x-1], r[x+2]-r[x].
            let mut prev = r[2].abs_diff(r[0]);
            let mut cur = r[3].abs_diff(r[1]);
            for x in 2..w - 2 {
                let next = r[x + 2].abs_diff(r[x]);
                // `&` rather than `&&`: no branch to mispredict on busy pictures.
                out[x] = V_EDGE * u8::from((cur >= t) & (cur >= prev) & (cur > next));
                prev = cur;
                cur = next;
            }
            // Columns near a vertical edge: a five-bit window over x-2 ..= x+2 (bit 0 = x+2).
            let mut window = ((out[0] & V_EDGE) << 1) | (out[1] & V_EDGE);
            for x in 0..w {
                let incoming = if x + 2 < w { out[x + 2] & V_EDGE } else { 0 };
                window = ((window << 1) | incoming) & 0b11111;
                let near1 = u8::from(window & 0b01110 != 0);
                let near2 = u8::from(window != 0);
                out[x] |= (near1 * V_NEAR1) | (near2 * V_NEAR2);
            }
            if y >= 2 && y + 2 < h {
                let (a, b, d, e) = (
                    self.row(y - 2),
                    self.row(y - 1),
                    self.row(y + 1),
                    self.row(y + 2),
                );
                let rows = out.iter_mut().zip(a).zip(b).zip(r).zip(d).zip(e);
                for (((((o, &a), &b), &c), &d), &e) in rows {
                    let g = d.abs_diff(b);
                    let edge = (g >= t) & (g >= c.abs_diff(a)) & (g > e.abs_diff(c));
                    *o |= H_EDGE * u8::from(edge);
                }
            }
        }
        // Rows near a horizontal edge (a missing row has none).
        for y in 0..h {
            let (before, rest) = flags.split_at_mut(y * w);
            let (row, after) = rest.split_at_mut(w);
            let up = |k: usize| {
                if y >= k {
                    &before[(y - k) * w..(y - k + 1) * w]
                } else {
                    &before[..0]
                }
            };
            let down = |k: usize| {
                if y + k < h {
                    &after[(k - 1) * w..k * w]
                } else {
                    &after[..0]
                }
            };
            let (u2, u1, d1, d2) = (up(2), up(1), down(1), down(2));
            if [u2, u1, d1, d2].iter().all(|s| s.len() == w) {
                let rows = row.iter_mut().zip(u2).zip(u1).zip(d1).zip(d2);
                for ((((o, &a), &b), &c), &d) in rows {
                    let near1 = ((b | *o | c) & H_EDGE) >> 1;
                    let near2 = (((a | d) & H_EDGE) >> 1) | near1;
                    *o |= (near1 * H_NEAR1) | (near2 * H_NEAR2);
                }
            } else {
                let at = |s: &[u8], x: usize| s.get(x).map_or(0, |f| f & H_EDGE);
                for (x, o) in row.iter_mut().enumerate() {
                    let near1 = (at(u1, x) | (*o & H_EDGE) | at(d1, x)) >> 1;
                    let near2 = ((at(u2, x) | at(d2, x)) >> 1) | near1;
                    *o |= (near1 * H_NEAR1) | (near2 * H_NEAR2);
                }
            }
        }
    }

    /// The step across a horizontal line at (x, y): below minus above, times `sign`; `y` is
    /// clamped into the frame.
    #[inline]
    fn h_step(&self, x: usize, y: usize, sign: i32) -> i32 {
        let y = y.clamp(2, self.h - 3);
        sign * (i32::from(self.p[(y + 2) * self.w + x]) - i32::from(self.p[(y - 2) * self.w + x]))
    }

    /// The step across a vertical line at (x, y): right minus left, times `sign`.
    #[inline]
    fn v_step(&self, x: usize, y: usize, sign: i32) -> i32 {
        let x = x.clamp(2, self.w - 3);
        let row = self.row(y);
        sign * (i32::from(row[x + 2]) - i32::from(row[x - 2]))
    }

    fn region_stats(&self, r: Region) -> Stats {
        if r.x1 < r.x0 || r.y1 < r.y0 {
            return Stats {
                mean: 0.0,
                saturated: 0.0,
                sharpness: 0.0,
            };
        }
        let (mut sum, mut sat) = (0u64, 0u64);
        let (mut lsum, mut lsq) = (0i64, 0u64);
        for y in r.y0..=r.y1 {
            let (up, row, down) = (self.row(y - 1), self.row(y), self.row(y + 1));
            for x in r.x0..=r.x1 {
                let v = i32::from(row[x]);
                sum += v as u64;
                sat += u64::from(row[x] >= GLARE_LUMA);
                let lap = i32::from(row[x - 1])
                    + i32::from(row[x + 1])
                    + i32::from(up[x])
                    + i32::from(down[x])
                    - 4 * v;
                lsum += i64::from(lap);
                lsq += (lap * lap) as u64;
            }
        }
        let n = ((r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1)) as f64;
        let mean = sum as f64 / n;
        let lmean = lsum as f64 / n;
        let variance = (lsq as f64 / n - lmean * lmean).max(0.0);
        let scale = 128.0 / mean.max(16.0);
        Stats {
            mean: mean as f32,
            saturated: (sat as f64 / n) as f32,
            sharpness: (variance * scale * scale) as f32,
        }
    }
}

/// The edge flags of a frame.
struct Edges<'a> {
    w: usize,
    h: usize,
    flags: &'a [u8],
}

impl Edges<'_> {
    /// Counts per column the vertical-edge pixels that lie on a long line (the edge is there,
    /// give or take a tilt of about 7°, `k/2` and `k` rows above and below), and per row the
    /// horizontal ones likewise. Text, texture and noise make short edges; a card's sides are
    /// long.
    fn line_profiles(&self, cols: &mut [u32], rows: &mut [u32]) {
        let (w, h) = (self.w, self.h);
        // Within 1 px at k/2 and 2 px at k: k at most 16 keeps the tilt allowed at 7°.
        let (kv, kh) = ((h / 25).clamp(2, 16), (w / 25).clamp(2, 16));
        let f = self.flags;
        cols.fill(0);
        for (y, count) in rows.iter_mut().enumerate() {
            let v_rows = y >= kv && y + kv < h;
            let mut n = 0;
            for (x, col) in cols.iter_mut().enumerate() {
                let i = y * w + x;
                let here = f[i];
                if v_rows
                    && here & V_EDGE != 0
                    && f[i - kv * w] & V_NEAR2 != 0
                    && f[i - kv / 2 * w] & V_NEAR1 != 0
                    && f[i + kv / 2 * w] & V_NEAR1 != 0
                    && f[i + kv * w] & V_NEAR2 != 0
                {
                    *col += 1;
                }
                if here & H_EDGE != 0
                    && x >= kh
                    && x + kh < w
                    && f[i - kh] & H_NEAR2 != 0
                    && f[i - kh / 2] & H_NEAR1 != 0
                    && f[i + kh / 2] & H_NEAR1 != 0
                    && f[i + kh] & H_NEAR2 != 0
                {
                    n += 1;
                }
            }
            *count = n;
        }
    }
}

/// Follows a line along `0..len` from `from`, and returns how far it runs. `step(along,
/// across, sign)` is the step across the line; the line starts at the best position within `r`
/// of `across` (in `0..across_len`), may drift a pixel across per pixel along (a tilted card),
/// and goes on while the step keeps its polarity and at least [`LINE_KEEP`] of its strength
/// around `from` (and `t`), bridging gaps of up to `gap`. Past a card's corner the step falls to
/// the background's, so the line ends there.
#[allow(clippy::too_many_arguments)]
fn trace(
    len: usize,
    from: usize,
    across: usize,
    across_len: usize,
    r: usize,
    gap: usize,
    t: i32,
    step: impl Fn(usize, usize, i32) -> i32,
) -> Option<(usize, usize)> {
    let from = from.min(len - 1);
    let (lo, hi) = (from.saturating_sub(len / 8), (from + len / 8).min(len - 1));
    let band = across.saturating_sub(r)..=(across + r).min(across_len - 1);
    // Polarity, position across and strength, from the stretch around `from`.
    let mut best = (0i64, across, 1);
    for sign in [1, -1] {
        for c in band.clone() {
            let sum: i64 = (lo..=hi).map(|i| i64::from(step(i, c, sign).max(0))).sum();
            if sum > best.0 {
                best = (sum, c, sign);
            }
        }
    }
    let (sum, start, sign) = best;
    let bar = ((LINE_KEEP * sum as f32 / (hi - lo + 1) as f32) as i32).max(t);
    let follow = |c: usize, i: usize| {
        (c.saturating_sub(1)..=(c + 1).min(across_len - 1))
            .map(|cc| (step(i, cc, sign), cc))
            .max()
            .filter(|&(v, _)| v >= bar)
            .map(|(_, cc)| cc)
    };
    // The nearest and farthest hits from `from` in one direction.
    let run = |order: &mut dyn Iterator<Item = usize>| {
        let (mut c, mut misses, mut near, mut far) = (start, 0, None, None);
        for i in order {
            if let Some(cc) = follow(c, i) {
                c = cc;
                near.get_or_insert(i);
                far = Some(i);
                misses = 0;
            } else {
                misses += 1;
                if misses > gap {
                    break;
                }
            }
        }
        near.zip(far)
    };
    let down = run(&mut (0..=from).rev());
    let up = run(&mut (from + 1..len));
    match (down, up) {
        (Some((_, first)), Some((_, last))) => Some((first, last)),
        (Some((last, first)), None) | (None, Some((first, last))) => Some((first, last)),
        (None, None) => None,
    }
}

/// Box-smooths `profile` with radius `r` into `out`.
fn smooth(profile: &[u32], r: usize, out: &mut [u32]) {
    let n = profile.len();
    let mut acc: u32 = profile[..r.min(n)].iter().sum();
    for i in 0..n {
        if i + r < n {
            acc += profile[i + r];
        }
        out[i] = acc;
        if i >= r {
            acc -= profile[i - r];
        }
    }
}

/// The outermost peak of `smoothed` in `range` (from its end when `from_end`) that reaches
/// [`STRONG_SHARE`] of the range's strongest, refined to the centroid of the raw profile around
/// it. The card's outline is the outermost long line; the photo box and header band lie inside.
fn outermost_peak(
    profile: &[u32],
    smoothed: &[u32],
    range: std::ops::Range<usize>,
    from_end: bool,
    r: usize,
) -> (f32, u32) {
    let max = range.clone().map(|i| smoothed[i]).max().unwrap_or(0);
    let bar = ((max as f32 * STRONG_SHARE).ceil() as u32).max(1);
    let (start, end) = (range.start, range.end);
    let step = |i: usize| -> Option<usize> {
        if from_end {
            i.checked_sub(1).filter(|&j| j >= start)
        } else {
            Some(i + 1).filter(|&j| j < end)
        }
    };
    let mut i = if from_end {
        end.saturating_sub(1)
    } else {
        start
    };
    while smoothed[i] < bar {
        match step(i) {
            Some(j) => i = j,
            None => return (i as f32, 0),
        }
    }
    while let Some(j) = step(i).filter(|&j| smoothed[j] > smoothed[i]) {
        i = j;
    }
    let value = smoothed[i];
    let mut pos = i as f32;
    for _ in 0..2 {
        let c = pos.round() as usize;
        let (lo, hi) = (c.saturating_sub(r), (c + r).min(profile.len() - 1));
        let (mut m, mut wsum) = (0u64, 0u64);
        for (j, &v) in profile.iter().enumerate().take(hi + 1).skip(lo) {
            m += j as u64 * u64::from(v);
            wsum += u64::from(v);
        }
        if wsum > 0 {
            pos = (m as f64 / wsum as f64) as f32;
        }
    }
    (pos, value)
}

/// A candidate side of the card.
#[derive(Debug, Clone, Copy)]
struct Side {
    /// Position across the side (a column for left/right, a row for top/bottom).
    pos: f32,
    found: bool,
    /// Extent along the side, inclusive.
    start: usize,
    end: usize,
}

struct Card {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
    cut_off: bool,
}

/// A side is a line at least this share of the frame's height (width) long...
const MIN_LINE: f32 = 0.2;
/// ...standing this many times above the average column (row)...
const PEAK_OVER_MEAN: f32 = 2.0;
/// ...and, followed as a line, covering this share of the span its neighbours leave it.
const MIN_COVER: f32 = 0.6;
/// Peaks this close to the strongest count as strong (the outermost strong one is the side).
const STRONG_SHARE: f32 = 0.7;
/// A side's line goes on while the step across it keeps this share of its strength.
const LINE_KEEP: f32 = 0.4;
/// A line running this far (share of the frame) past a found side shows the side is inside the
/// card.
const OVERRUN: f32 = 0.04;
/// A side this close to the buffer's border (share of the frame, at least 2 px) is cut off.
const BORDER: f32 = 0.015;
/// The card's shape may differ this much from ID-1 (perspective, a partly seen card's box).
const ASPECT_TOLERANCE: f32 = 1.4;
const MIN_CARD_SIDE: f32 = 0.15;

fn find_card(img: &Img, t: i32, scratch: &mut Scratch) -> Option<Card> {
    let (w, h) = (img.w, img.h);
    scratch.flags.resize(w * h, 0);
    scratch.profiles.resize(2 * (w + h), 0);
    img.edge_flags(t, &mut scratch.flags);
    let edges = Edges {
        w,
        h,
        flags: &scratch.flags,
    };
    let (cols, rest) = scratch.profiles.split_at_mut(w);
    let (rows, rest) = rest.split_at_mut(h);
    let (cols_s, rows_s) = rest.split_at_mut(w);
    edges.line_profiles(cols, rows);
    // Smoothing keeps a tilted side's column (row) count high enough.
    let (rx, ry) = ((w / 64).max(1), (h / 64).max(1));
    smooth(cols, rx, cols_s);
    smooth(rows, ry, rows_s);
    let mean = |s: &[u32]| s.iter().map(|&v| v as f32).sum::<f32>() / s.len() as f32;
    let (cols_mean, rows_mean) = (mean(cols_s), mean(rows_s));

    let candidate =
        |profile: &[u32], smoothed: &[u32], lower: bool, r: usize, along: usize, avg: f32| {
            let n = profile.len();
            let range = if lower { 0..n / 2 } else { n / 2..n };
            let (pos, value) = outermost_peak(profile, smoothed, range, !lower, r);
            let v = value as f32;
            Side {
                pos,
                found: v >= MIN_LINE * along as f32 && v >= PEAK_OVER_MEAN * avg,
                start: 0,
                end: 0,
            }
        };
    let mut left = candidate(cols, cols_s, true, rx, h, cols_mean);
    let mut right = candidate(cols, cols_s, false, rx, h, cols_mean);
    let mut top = candidate(rows, rows_s, true, ry, w, rows_mean);
    let mut bottom = candidate(rows, rows_s, false, ry, w, rows_mean);

    // Follow each side as a line, from the middle of the span its neighbours leave it.
    let span = |a: &Side, b: &Side, len: usize| {
        let lo = if a.found { a.pos } else { 0.0 };
        let hi = if b.found { b.pos } else { (len - 1) as f32 };
        (lo, hi)
    };
    let (gap_x, gap_y) = ((w / 40).max(2), (h / 40).max(2));
    let (y_lo, y_hi) = span(&top, &bottom, h);
    let (x_lo, x_hi) = span(&left, &right, w);
    let y_mid = ((y_lo + y_hi) / 2.0) as usize;
    let x_mid = ((x_lo + x_hi) / 2.0) as usize;
    for side in [&mut left, &mut right] {
        if side.found {
            let x = (side.pos.round() as usize).min(w - 1);
            match trace(h, y_mid, x, w, rx, gap_y, t, |y, x, sign| {
                img.v_step(x, y, sign)
            }) {
                Some((s, e)) if (e - s) as f32 >= MIN_COVER * (y_hi - y_lo) => {
                    (side.start, side.end) = (s, e);
                }
                _ => side.found = false,
            }
        }
    }
    for side in [&mut top, &mut bottom] {
        if side.found {
            let y = (side.pos.round() as usize).min(h - 1);
            match trace(w, x_mid, y, h, ry, gap_x, t, |x, y, sign| {
                img.h_step(x, y, sign)
            }) {
                Some((s, e)) if (e - s) as f32 >= MIN_COVER * (x_hi - x_lo) => {
                    (side.start, side.end) = (s, e);
                }
                _ => side.found = false,
            }
        }
    }
    let verticals = [left, right];
    let horizontals = [top, bottom];
    if !verticals.iter().any(|s| s.found) || !horizontals.iter().any(|s| s.found) {
        return None;
    }

    // Each side: where it was found, unless its neighbours run past it (it is a line inside the
    // card) or to the border (the card is cut off there); where its neighbours end when missing.
    let (bx, by) = ((BORDER * w as f32).max(2.0), (BORDER * h as f32).max(2.0));
    let (ox, oy) = (OVERRUN * w as f32, OVERRUN * h as f32);
    let first = |sides: &[Side; 2]| {
        sides
            .iter()
            .filter(|s| s.found)
            .map(|s| s.start as f32)
            .reduce(f32::min)
    };
    let last = |sides: &[Side; 2]| {
        sides
            .iter()
            .filter(|s| s.found)
            .map(|s| s.end as f32)
            .reduce(f32::max)
    };
    let near_side = |side: &Side, reach: Option<f32>, border: f32, overrun: f32| -> Option<f32> {
        match reach {
            Some(r) if r <= border => Some(r),
            Some(r) if !side.found || r < side.pos - overrun => Some(r),
            _ if side.found => Some(side.pos),
            _ => None,
        }
    };
    let far_side = |side: &Side, reach: Option<f32>, border: f32, overrun: f32| -> Option<f32> {
        match reach {
            Some(r) if r >= border => Some(r),
            Some(r) if !side.found || r > side.pos + overrun => Some(r),
            _ if side.found => Some(side.pos),
            _ => None,
        }
    };
    let l = near_side(&left, first(&horizontals), bx, ox)?;
    let r = far_side(&right, last(&horizontals), (w - 1) as f32 - bx, ox)?;
    let t_ = near_side(&top, first(&verticals), by, oy)?;
    let b = far_side(&bottom, last(&verticals), (h - 1) as f32 - by, oy)?;

    let (cw, ch) = (r - l, b - t_);
    if cw < MIN_CARD_SIDE * w as f32 || ch < MIN_CARD_SIDE * h as f32 {
        return None;
    }
    let cut_off = l <= bx || t_ <= by || r >= (w - 1) as f32 - bx || b >= (h - 1) as f32 - by;
    if !cut_off {
        let aspect = (cw / ch) / CARD_ASPECT;
        if !(1.0 / ASPECT_TOLERANCE..=ASPECT_TOLERANCE).contains(&aspect) {
            return None;
        }
    }
    Some(Card {
        left: l,
        top: t_,
        right: r,
        bottom: b,
        cut_off,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_follows_a_tilted_line_across_short_gaps_only() {
        // A line from 3 to 40 drifting one pixel across every four along, broken at 20..=21.
        let step = |i: usize, c: usize, sign: i32| {
            let on = (3..=40).contains(&i) && !(20..=21).contains(&i) && c == 5 + i / 4;
            if on {
                100 * sign
            } else {
                0
            }
        };
        assert_eq!(trace(60, 10, 7, 30, 3, 2, 10, step), Some((3, 40)));
        assert_eq!(trace(60, 10, 7, 30, 3, 1, 10, step), Some((3, 19)));
        assert_eq!(trace(60, 30, 12, 30, 3, 2, 10, step), Some((3, 40)));
        // Nothing near the start, or the wrong polarity only: no line.
        assert_eq!(trace(60, 55, 7, 30, 3, 2, 10, step), None);
        let dark = |i: usize, c: usize, sign: i32| -step(i, c, sign).abs();
        assert_eq!(trace(60, 10, 7, 30, 3, 2, 10, dark), None);
        // Out-of-range starts are clamped.
        assert_eq!(trace(60, 999, 999, 30, 3, 2, 10, step), None);
    }

    #[test]
    fn smoothing_sums_a_window() {
        let mut out = [0; 6];
        smooth(&[0, 0, 6, 0, 0, 1], 1, &mut out);
        assert_eq!(out, [0, 6, 6, 6, 1, 1]);
    }

    #[test]
    fn codes_match_serde_names() {
        for g in Guidance::ALL {
            assert_eq!(
                serde_json::to_string(&g).unwrap(),
                format!("\"{}\"", g.code())
            );
        }
    }
}
