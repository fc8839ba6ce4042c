//! Live quality guidance for ID-document capture, computed on a small grayscale frame.
//!
//! The app draws the camera's guide region, grown by [`GUIDE_MARGIN`] on each side, into a
//! buffer of about [`ANALYSIS_WIDTH`] × 200 pixels (square pixels), several times a second, and
//! asks [`measure`] (or [`measure_with`], reusing a [`Scratch`]) then [`judge`]. Everything is
//! O(pixels): one pass for the mean and the [`Signature`], one for the edge map, one for the
//! line profiles, one over the card for the statistics, plus short walks along four lines.
//!
//! How the card is found ([`card`] has the details): long straight edges vote for lines, the
//! strongest near-horizontal and near-vertical ones are candidate sides, and the quadrilateral
//! of four of them (or of the frame's border, for a card running out of it) with the ID-1 shape
//! and edges along nearly its whole outline is the card. Its four corners come out, perspective
//! and tilt included.
//!
//! The other metrics: brightness is the mean luma of the guide (the light the user has, whatever
//! the colour of the card); glare (share of saturated pixels) and sharpness (variance of the
//! Laplacian rescaled to a mid-grey exposure) are read inside the card, away from its edges (or
//! inside the guide without a card); the card's edge width says whether it is blurred (a sharp
//! edge rises within a pixel or two, a defocused or moving one over several), whatever is
//! printed on the card.
//!
//! How well this holds on real scenes is measured on a labelled set of cards on real photographs
//! (`idv_fixtures::scene`, `tests/real_scenes.rs`, docs/capture-quality.md).
//!
//! Known limits: a card larger than the whole buffer (all four edges outside it) shows no
//! outline and is `NoDocument`; a surface of card-shaped tiles can be taken for a card; sharpness
//! at the analysis size cannot see the mild blur that only matters at full resolution.

pub mod card;

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

/// Below this mean luma (0–255) of the guide: `Dark`.
pub const DARK_LUMA: f32 = 50.0;
/// A pixel at or above this luma is saturated.
pub const GLARE_LUMA: u8 = 250;
/// More than this share of saturated pixels inside the card: `Glare`.
pub const MAX_GLARE: f32 = 0.02;
/// Less than this share of the guide's area covered by the card: `TooFar`.
pub const MIN_FILL: f32 = 0.5;
/// Below this sharpness (Laplacian variance at mid-grey exposure): `Blurry`, when the card's
/// edges show too little contrast to measure [`MAX_EDGE_WIDTH`] on.
pub const MIN_SHARPNESS: f32 = 150.0;
/// The card's edges wider than this (pixels at the analysis size, see [`Metrics::edge_width`]):
/// `Blurry`.
pub const MAX_EDGE_WIDTH: f32 = 3.2;

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
    /// Mean luma, 0–255, of the guide.
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
    /// How wide the card's edges are, in pixels: about 1–2 when sharp, more when defocused or
    /// moving; 0 when unknown (no card, or edges without contrast enough to tell).
    pub edge_width: f32,
    /// The share, 0–1, of the card's outline along which an edge was found.
    pub support: f32,
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
            edge_width: 0.0,
            support: 0.0,
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
/// 7. `Blurry` with edges wider than [`MAX_EDGE_WIDTH`] (or, when their width is unknown,
///    below [`MIN_SHARPNESS`]) — last, as a camera often focuses by itself once the card is
///    placed;
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
    } else if m.edge_width > MAX_EDGE_WIDTH || m.sharpness < MIN_SHARPNESS {
        Guidance::Blurry
    } else {
        Guidance::Ok
    }
}

/// Reusable working memory for [`measure_with`]: keep one per camera preview and frames of one
/// size allocate nothing.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    card: card::Scratch,
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
    let signature = img.signature();
    let (gw, gh) = guide_size(w, h);
    let (mx, my) = ((w as f32 - gw) / 2.0, (h as f32 - gh) / 2.0);
    let guide = [
        (mx, my),
        (w as f32 - 1.0 - mx, my),
        (w as f32 - 1.0 - mx, h as f32 - 1.0 - my),
        (mx, h as f32 - 1.0 - my),
    ];
    let guide_stats = img.quad_stats(&guide);
    let brightness = guide_stats.mean;
    // In the dark there is nothing to find, and light is all the user needs to hear about.
    let found = if brightness < DARK_LUMA {
        None
    } else {
        card::find(frame.pixels, w, h, &mut scratch.card)
    };
    let Some(found) = found else {
        return Metrics {
            valid: true,
            sharpness: guide_stats.sharpness,
            brightness,
            glare: guide_stats.saturated,
            signature,
            ..Metrics::invalid()
        };
    };
    let c = found.corners;
    let fill = card::area(&c) / (gw * gh);
    // Statistics inside the card, away from its edges (and its rounded corners).
    let (sx, sy) = (
        c.iter().map(|p| p.0).sum::<f32>() / 4.0,
        c.iter().map(|p| p.1).sum::<f32>() / 4.0,
    );
    let inner = c.map(|(x, y)| (sx + (x - sx) * 0.88, sy + (y - sy) * 0.88));
    let stats = img.quad_stats(&inner);
    let (fx, fy) = ((w - 1) as f32, (h - 1) as f32);
    let xs = c.map(|p| p.0);
    let ys = c.map(|p| p.1);
    let min = |v: [f32; 4]| v.into_iter().fold(f32::MAX, f32::min);
    let max = |v: [f32; 4]| v.into_iter().fold(f32::MIN, f32::max);
    let card_box = CardBox {
        left: (min(xs) / fx).clamp(0.0, 1.0),
        top: (min(ys) / fy).clamp(0.0, 1.0),
        right: (max(xs) / fx).clamp(0.0, 1.0),
        bottom: (max(ys) / fy).clamp(0.0, 1.0),
    };
    // Pixel centres lie at integer coordinates; the photo's edges at -0.5 and w - 0.5.
    let corners = (!found.cut_off).then(|| {
        c.map(|(x, y)| Point {
            x: ((x + 0.5) / w as f32).clamp(0.0, 1.0),
            y: ((y + 0.5) / h as f32).clamp(0.0, 1.0),
        })
    });
    Metrics {
        valid: true,
        sharpness: stats.sharpness,
        brightness,
        glare: stats.saturated,
        fill,
        cut_off: found.cut_off,
        document: true,
        card: Some(card_box),
        corners,
        edge_width: found.edge_width.unwrap_or(0.0),
        support: found.support,
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

struct Stats {
    mean: f32,
    saturated: f32,
    sharpness: f32,
}

impl Img<'_> {
    #[inline]
    fn row(&self, y: usize) -> &[u8] {
        &self.p[y * self.w..(y + 1) * self.w]
    }

    fn signature(&self) -> Signature {
        let (w, h) = (self.w, self.h);
        let mut cells = [0u64; 64];
        for y in 0..h {
            let row = self.row(y);
            let cy = y * 8 / h;
            for cx in 0..8 {
                let s: u64 = row[cx * w / 8..(cx + 1) * w / 8]
                    .iter()
                    .map(|&v| u64::from(v))
                    .sum();
                cells[cy * 8 + cx] += s;
            }
        }
        let mut sig = [0u8; 64];
        for (i, cell) in sig.iter_mut().enumerate() {
            let (cx, cy) = (i % 8, i / 8);
            let n = ((cx + 1) * w / 8 - cx * w / 8) * ((cy + 1) * h / 8 - cy * h / 8);
            *cell = (cells[i] / n.max(1) as u64) as u8;
        }
        Signature(sig)
    }

    /// Mean, saturated share and sharpness of the pixels inside a convex quadrilateral (given
    /// clockwise in image coordinates), at least one pixel inside the frame.
    fn quad_stats(&self, q: &[(f32, f32); 4]) -> Stats {
        let (w, h) = (self.w, self.h);
        let lo = |v: f32, n: usize| (v.floor().max(1.0) as usize).min(n - 2);
        let hi = |v: f32, n: usize| (v.ceil().max(1.0) as usize).min(n - 2);
        let x0 = lo(q.iter().map(|p| p.0).fold(f32::MAX, f32::min), w);
        let x1 = hi(q.iter().map(|p| p.0).fold(f32::MIN, f32::max), w);
        let y0 = lo(q.iter().map(|p| p.1).fold(f32::MAX, f32::min), h);
        let y1 = hi(q.iter().map(|p| p.1).fold(f32::MIN, f32::max), h);
        let inside = |x: f32, y: f32| {
            (0..4).all(|i| {
                let (a, b) = (q[i], q[(i + 1) % 4]);
                (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0.0
            })
        };
        let (mut n, mut sum, mut sat) = (0u64, 0u64, 0u64);
        let (mut lsum, mut lsq) = (0i64, 0u64);
        for y in y0..=y1 {
            let (up, row, down) = (self.row(y - 1), self.row(y), self.row(y + 1));
            for x in x0..=x1 {
                if !inside(x as f32, y as f32) {
                    continue;
                }
                let v = i32::from(row[x]);
                n += 1;
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
        if n == 0 {
            return Stats {
                mean: 0.0,
                saturated: 0.0,
                sharpness: 0.0,
            };
        }
        let n = n as f64;
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

#[cfg(test)]
mod tests {
    use super::*;

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
