//! Finding an ID-1 card's four corners in a small grayscale frame, on whatever surface it lies.
//!
//! A card's outline is four long straight edges forming a quadrilateral of the ID-1 shape seen
//! in perspective; a surface's texture (wood grain, gravel, grass, fabric, print) makes many
//! edges, but few long straight ones, and almost never four that close such a quadrilateral.
//! So, as classical document scanners do:
//!
//! 1. the frame is smoothed and its gradient taken (Sobel); edge pixels are the gradient's
//!    local maxima across the edge (thin edges), each with its orientation;
//! 2. each edge pixel votes in a Hough accumulator for the lines through it whose direction
//!    agrees with its own, in two families: near-horizontal and near-vertical lines (the card
//!    is held roughly level in the guide: tilt and perspective keep its sides within
//!    [`MAX_SLANT`] of the axes); the strongest few peaks of each family are candidate sides,
//!    and the buffer's own borders are candidates too (a card running out of the frame);
//! 3. every candidate line gets its *support*: along its whole length, whether an edge pixel of
//!    the same orientation lies on it (within a pixel). Prefix sums make the support of any
//!    stretch of it one subtraction;
//! 4. every choice of top, bottom, left and right candidate is a quadrilateral hypothesis. A
//!    whole card must have the ID-1 shape (within perspective), near-right corners, and edges
//!    along nearly all of its four sides (a stretch near each corner is skipped: the corners are
//!    rounded). A cut-off card uses the buffer's border for one or two sides; the sides it does
//!    show must be long, strongly supported, and consistent with a card larger than what shows.
//!    The best-supported hypothesis wins (the outermost of equally good ones: a printed border
//!    inside a card is a smaller ID-1 rectangle);
//! 5. a whole card's sides are then placed on their edges (`refine`): the candidate lines are
//!    coarse, so a side may cross its edge at a slant; each side's ends are moved across it to
//!    where the most edge pixels lie along it, and past a thin printed frame line to the card's
//!    own edge;
//! 6. when no hypothesis holds, three strong sides and the ID-1 shape may still place a faint
//!    fourth (`three_sided`).
//!
//! The support of a side, not the strength of its edge, is what is scored, so a card is found
//! as well on a dark surface as on a light one, and with either polarity along one side (a
//! light card on a surface with dark and light patches).

use std::f32::consts::PI;

/// The most a card's side may slant from the frame's axes, in degrees (tilt ±10° and the
/// convergence of a keystone from a phone held at an angle).
pub const MAX_SLANT: i32 = 22;
/// An edge pixel votes for lines within this many degrees of its own orientation.
const VOTE_SPREAD: i32 = 10;
/// An edge pixel supports a line when its orientation is within this many degrees of the
/// line's normal.
const SUPPORT_ANGLE: i32 = 25;
/// How many times the search is tried again at half the size when nothing is found.
const HALVINGS: usize = 2;
/// Candidate lines per family...
const CANDIDATES: usize = 20;
/// ...of which this many have the most votes, the others the longest unbroken edges among the
/// next strongest [`POOL`].
const BY_VOTES: usize = 12;
const POOL: usize = 48;
/// The share of a side's length, at each end, left out of its support (rounded corners, and
/// where two sides' edges blur together).
const CORNER_SKIP: f32 = 0.07;
/// A whole card: every side supported at least this much...
const MIN_SIDE_SUPPORT: f32 = 0.55;
/// ...and the whole outline at least this much.
const MIN_SUPPORT: f32 = 0.72;
/// A cut-off card: every side that shows supported at least this much.
const MIN_CUT_SUPPORT: f32 = 0.82;
/// The ID-1 aspect may look this much wider or narrower in perspective.
const ASPECT_TOLERANCE: f32 = 1.06;
/// Corners within this many degrees of square.
const MAX_CORNER_SKEW: f32 = 18.0;
/// A card is at least this share of the buffer's width (height) across.
const MIN_WIDTH: f32 = 0.25;
const MIN_HEIGHT: f32 = 0.22;
/// Of two hypotheses within this much support, the larger wins.
const OUTERMOST_MARGIN: f32 = 0.06;

/// An ID-1 card's width over its height.
const ID1: f32 = 85.60 / 53.98;

/// What the search found: corners in buffer pixels, top-left, top-right, bottom-right,
/// bottom-left. A cut-off card's corners are those of its visible part, on the buffer's border
/// where it runs out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub corners: [(f32, f32); 4],
    pub cut_off: bool,
    /// The share of the outline (its visible sides) along which an edge was found.
    pub support: f32,
    /// How wide, in pixels, the card's edges are (the widest side's median): about 1–2 for a
    /// sharp picture, more when it is defocused or moved. `None` when no side had contrast
    /// enough to tell.
    pub edge_width: Option<f32>,
}

/// Working memory, kept between frames.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    half: Vec<u8>,
    gx: Vec<i16>,
    gy: Vec<i16>,
    /// The structure tensor's doubled-angle terms, and room for their box sums.
    da: Vec<f32>,
    db: Vec<f32>,
    sums: Vec<f32>,
    smooth: Vec<u8>,
    tmp: Vec<u16>,
    mag: Vec<u16>,
    /// Per pixel: the edge's gradient orientation in degrees modulo 180, or [`NO_EDGE`].
    edge: Vec<u8>,
    acc: Vec<u32>,
    hits: Vec<u16>,
}

const NO_EDGE: u8 = 255;

/// A line `x·cos φ + y·sin φ = ρ`, with its support along its whole length.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// The normal's angle in degrees: near 90 for a horizontal line, near 0 for a vertical one.
    phi: f32,
    c: f32,
    s: f32,
    rho: f32,
    /// One of the buffer's borders (a cut-off card's missing side); it has no support.
    border: bool,
    /// A side placed where the neighbouring sides end (see [`run_on`]); it has no support.
    inferred: bool,
    /// Where this line's prefix sums of hits start in `Scratch::hits` (length along + 1).
    prefix: usize,
    horizontal: bool,
}

impl Line {
    fn new(phi: f32, rho: f32, horizontal: bool, border: bool) -> Line {
        let r = phi * PI / 180.0;
        Line {
            phi,
            c: r.cos(),
            s: r.sin(),
            rho,
            border,
            inferred: false,
            prefix: 0,
            horizontal,
        }
    }

    /// For a horizontal line, y at `x`; for a vertical one, x at `y`.
    fn at(&self, t: f32) -> f32 {
        if self.horizontal {
            (self.rho - t * self.c) / self.s
        } else {
            (self.rho - t * self.s) / self.c
        }
    }

    fn meet(&self, o: &Line) -> Option<(f32, f32)> {
        let det = self.c * o.s - self.s * o.c;
        if det.abs() < 1e-4 {
            return None;
        }
        Some((
            (self.rho * o.s - self.s * o.rho) / det,
            (self.c * o.rho - self.rho * o.c) / det,
        ))
    }
}

/// Finds the card in a `w` × `h` frame (`p.len() == w * h`, both at least 16).
pub fn find(p: &[u8], w: usize, h: usize, scratch: &mut Scratch) -> Option<Found> {
    let mut best = search(p, w, h, scratch);
    // A blurred card's edges, or a faint one's, stand out better at half the size (and a
    // heavily blurred one's at a quarter): the blur is narrower there, and noise and fine
    // texture average out.
    let mut level = std::mem::take(&mut scratch.half);
    let (mut lw, mut lh, mut factor) = (w, h, 1usize);
    for _ in 0..HALVINGS {
        if best.is_some() || lw / 2 < 16 || lh / 2 < 16 {
            break;
        }
        let (hw, hh) = (lw / 2, lh / 2);
        let from: &[u8] = if factor == 1 { p } else { &level };
        let mut half = Vec::with_capacity(hw * hh);
        for y in 0..hh {
            let (a, b) = (&from[2 * y * lw..], &from[(2 * y + 1) * lw..]);
            half.extend((0..hw).map(|x| {
                let sum = u16::from(a[2 * x])
                    + u16::from(a[2 * x + 1])
                    + u16::from(b[2 * x])
                    + u16::from(b[2 * x + 1]);
                ((sum + 2) / 4) as u8
            }));
        }
        level = half;
        (lw, lh, factor) = (hw, hh, factor * 2);
        // Past half the size, only what a blurred card held where it should be looks like:
        // whole and large (a quarter-size frame's small rectangles are as often a card's print
        // or the surface's texture).
        let frame_area = (lw * lh) as f32;
        let found = search(&level, lw, lh, scratch)
            .filter(|q| factor == 2 || (!q.cut_off && area(&q.corners) >= 0.35 * frame_area));
        // A pixel i at 1/f the size covers full-size pixels f·i to f·i + f - 1.
        let f = factor as f32;
        let up = |(x, y): (f32, f32)| (f * x + (f - 1.0) / 2.0, f * y + (f - 1.0) / 2.0);
        best = found.map(|q| Quad {
            corners: q
                .corners
                .map(up)
                .map(|(x, y)| (x.min((w - 1) as f32), y.min((h - 1) as f32))),
            sides: q.sides.map(|s| Side {
                from: up(s.from),
                to: up(s.to),
                border: s.border,
            }),
            ..q
        });
    }
    scratch.half = level;
    let best = best?;
    let edge_width = edge_width(p, w, h, &best.sides);
    Some(Found {
        corners: best.corners,
        cut_off: best.cut_off,
        support: best.support,
        edge_width,
    })
}

/// The best card hypothesis in a `w` × `h` frame.
fn search(p: &[u8], w: usize, h: usize, scratch: &mut Scratch) -> Option<Quad> {
    edges(p, w, h, scratch);
    let lines = candidates(w, h, scratch);
    let found = best_quad(&lines, w, h, &scratch.hits);
    let mut quad = match found {
        Some(q) => q,
        None => three_sided(&lines, w, h, &scratch.hits, &scratch.edge)?,
    };
    if !quad.cut_off {
        for _ in 0..REFINE_PASSES {
            if !refine(&mut quad, p, w, h, &scratch.edge) {
                break;
            }
        }
    }
    Some(quad)
}

/// Each of three sides at least this well supported...
const THREE_SIDED_STRONG: f32 = 0.7;
/// ...and the fourth at least this much, where the ID-1 shape puts it.
const THREE_SIDED_FOURTH: f32 = 0.2;

/// A whole card with one faint side: a light card's edge against a light patch of the surface,
/// a short side lost in fur. Three strongly supported sides (two parallel, one across them)
/// and the ID-1 shape say where the fourth lies, within the perspective's tolerance; it is
/// placed where the most edge pixels lie there, and must have some.
fn three_sided(lines: &[Line], w: usize, h: usize, hits: &[u16], edge: &[u8]) -> Option<Quad> {
    let (wf, hf) = ((w - 1) as f32, (h - 1) as f32);
    let inside = |p: &(f32, f32)| p.0 >= -1.0 && p.0 <= wf + 1.0 && p.1 >= -1.0 && p.1 <= hf + 1.0;
    let real = |l: &&Line| !l.border && !l.inferred;
    let hs: Vec<&Line> = lines.iter().filter(|l| l.horizontal).filter(real).collect();
    let vs: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.horizontal)
        .filter(real)
        .collect();
    let mut best: Option<(f32, Quad)> = None;
    // `across` is the known side between the parallel pair `a` (top or left) and `b` (bottom
    // or right); the missing side lies `ahead` (+1: right or below it, -1: left or above).
    let mut consider = |a: &Line, b: &Line, across: &Line, ahead: f32| {
        let (Some(p1), Some(p2)) = (a.meet(across), b.meet(across)) else {
            return;
        };
        if !inside(&p1) || !inside(&p2) {
            return;
        }
        let known = dist(p1, p2);
        let vertical_missing = !across.horizontal;
        if known
            < if vertical_missing {
                MIN_HEIGHT * hf
            } else {
                MIN_WIDTH * wf
            }
        {
            return;
        }
        let (ka, kb) = if across.horizontal {
            (p1.0, p2.0)
        } else {
            (p1.1, p2.1)
        };
        if visible_support(across, ka, kb, w, h, hits).0 < THREE_SIDED_STRONG {
            return;
        }
        let want = if vertical_missing {
            known * ID1
        } else {
            known / ID1
        };
        // Along `a` and `b`, away from `across`.
        let dir = |l: &Line| {
            let (dx, dy) = (l.s, -l.c);
            let toward = if vertical_missing { dx } else { dy };
            if toward * ahead >= 0.0 {
                (dx, dy)
            } else {
                (-dx, -dy)
            }
        };
        let (da, db) = (dir(a), dir(b));
        let at = |p: (f32, f32), d: (f32, f32), u: f32| (p.0 + d.0 * u, p.1 + d.1 * u);
        let (ea, eb) = (at(p1, da, want), at(p2, db, want));
        let (sa, sb) = (
            side_support(p1, ea, w, h, edge),
            side_support(p2, eb, w, h, edge),
        );
        if sa.min(sb) < THREE_SIDED_STRONG {
            return;
        }
        let (lo, hi) = (want / ASPECT_TOLERANCE, want * ASPECT_TOLERANCE);
        let steps = ((hi - lo) / 2.0).ceil().max(1.0) as usize;
        let mut fourth = (f32::MIN, 0.0, 0.0);
        for i in 0..=steps {
            for j in 0..=steps {
                let (ua, ub) = (
                    lo + (hi - lo) * i as f32 / steps as f32,
                    lo + (hi - lo) * j as f32 / steps as f32,
                );
                let s = side_support(at(p1, da, ua), at(p2, db, ub), w, h, edge);
                if s > fourth.0 {
                    fourth = (s, ua, ub);
                }
            }
        }
        if fourth.0 < THREE_SIDED_FOURTH {
            return;
        }
        let (q1, q2) = (at(p1, da, fourth.1), at(p2, db, fourth.2));
        let c = match (vertical_missing, ahead > 0.0) {
            (true, true) => [p1, q1, q2, p2],
            (true, false) => [q1, p1, p2, q2],
            (false, true) => [p1, p2, q2, q1],
            (false, false) => [q1, q2, p2, p1],
        };
        if !c.iter().all(inside) || !card_shaped(&c) {
            return;
        }
        let mut total = 0.0;
        let mut length = 0.0;
        for i in 0..4 {
            let (x, y) = (c[i], c[(i + 1) % 4]);
            let len = dist(x, y);
            total += side_support(x, y, w, h, edge) * len;
            length += len;
        }
        let score = total / length.max(1e-3);
        if score < MIN_SUPPORT || best.as_ref().is_some_and(|(bs, _)| *bs >= score) {
            return;
        }
        let quad = Quad {
            corners: c,
            cut_off: false,
            support: score,
            sides: std::array::from_fn(|i| Side {
                from: c[i],
                to: c[(i + 1) % 4],
                border: false,
            }),
        };
        best = Some((score, quad));
    };
    for (i, a) in hs.iter().enumerate() {
        for b in &hs[i + 1..] {
            let (a, b) = if a.at(wf / 2.0) <= b.at(wf / 2.0) {
                (a, b)
            } else {
                (b, a)
            };
            if b.at(wf / 2.0) - a.at(wf / 2.0) < MIN_HEIGHT * hf {
                continue;
            }
            for v in &vs {
                consider(a, b, v, 1.0);
                consider(a, b, v, -1.0);
            }
        }
    }
    for (i, a) in vs.iter().enumerate() {
        for b in &vs[i + 1..] {
            let (a, b) = if a.at(hf / 2.0) <= b.at(hf / 2.0) {
                (a, b)
            } else {
                (b, a)
            };
            if b.at(hf / 2.0) - a.at(hf / 2.0) < MIN_WIDTH * wf {
                continue;
            }
            for t in &hs {
                consider(a, b, t, 1.0);
                consider(a, b, t, -1.0);
            }
        }
    }
    best.map(|(_, q)| q)
}

/// How far, in pixels at each end, a whole card's side is moved looking for its edge.
const REFINE_REACH: i32 = 10;
/// How far inside a card's edge a printed frame line may run, in pixels.
const PRINTED_INSET: i32 = 14;
/// The support a card's edge outside a printed frame line needs.
const MIN_OUTER_SUPPORT: f32 = 0.45;
/// Passes of [`refine`] at most: a side far off comes closer with each.
const REFINE_PASSES: usize = 3;

/// Moves each side of a whole card to where its edge runs: the hypothesis is built from the
/// candidate lines, whose angles and offsets are coarse, and among hypotheses of about equal
/// support the larger wins, so a side may cross its edge at a slant (one end on the edge, the
/// other on the surface's texture). Each side's two ends are moved across it, independently,
/// within [`REFINE_REACH`], to the placement with the most edge pixels along it; the corners
/// are where the moved sides meet. A result that is no longer card-shaped is not taken.
fn refine(q: &mut Quad, p: &[u8], w: usize, h: usize, edge: &[u8]) -> bool {
    let c = q.corners;
    let mut sides = [(c[0], c[1]); 4];
    for (i, side) in sides.iter_mut().enumerate() {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        let len = dist(a, b).max(1e-3);
        let n = (-(b.1 - a.1) / len, (b.0 - a.0) / len);
        let at = |d0: i32, d1: i32| {
            let (d0, d1) = (d0 as f32, d1 as f32);
            (
                (a.0 + n.0 * d0, a.1 + n.1 * d0),
                (b.0 + n.0 * d1, b.1 + n.1 * d1),
            )
        };
        let score = |(p, q): ((f32, f32), (f32, f32))| side_support(p, q, w, h, edge);
        let mut best = (score(at(0, 0)), 0, 0);
        // Coarse (every other pixel: a support sample looks a pixel either way), then fine.
        let consider = |d0: i32, d1: i32, best: &mut (f32, i32, i32)| {
            let s = score(at(d0, d1));
            let nearer = d0.abs() + d1.abs() < best.1.abs() + best.2.abs();
            if s > best.0 + 1e-4 || (s > best.0 - 1e-4 && nearer) {
                *best = (s, d0, d1);
            }
        };
        for d0 in (-REFINE_REACH..=REFINE_REACH).step_by(2) {
            for d1 in (-REFINE_REACH..=REFINE_REACH).step_by(2) {
                consider(d0, d1, &mut best);
            }
        }
        let (c0, c1) = (best.1, best.2);
        for d0 in c0 - 1..=c0 + 1 {
            for d1 in c1 - 1..=c1 + 1 {
                consider(d0, d1, &mut best);
            }
        }
        // A thin line printed along the card's edge (a frame around its face) is a straighter,
        // stronger edge than a light card's own edge on a light surface; the card's edge is
        // the step just outside it (the normal points into the card).
        let (b0, b1) = (best.1, best.2);
        if printed_line(at(b0, b1), p, w, h) {
            // The best-supported placements outside it; the first that is a step, not the
            // printed line's other edge.
            let mut outer = Vec::new();
            for d0 in b0 - PRINTED_INSET..=b0 - 2 {
                for d1 in b1 - PRINTED_INSET..=b1 - 2 {
                    let s = score(at(d0, d1));
                    if s >= MIN_OUTER_SUPPORT {
                        outer.push((s, d0, d1));
                    }
                }
            }
            outer.sort_by(|x, y| y.0.total_cmp(&x.0));
            if let Some(&o) = outer
                .iter()
                .take(8)
                .find(|o| !printed_line(at(o.1, o.2), p, w, h))
            {
                best = o;
            }
        }
        *side = at(best.1, best.2);
    }
    let line = |(p, q): ((f32, f32), (f32, f32)), horizontal: bool| through(p, q, horizontal);
    let (t, r, b, l) = (
        line(sides[0], true),
        line(sides[1], false),
        line(sides[2], true),
        line(sides[3], false),
    );
    let Some(nc) = corners(&t, &r, &b, &l) else {
        return false;
    };
    let inside = |p: &(f32, f32)| {
        p.0 >= -1.0 && p.0 <= (w - 1) as f32 + 1.0 && p.1 >= -1.0 && p.1 <= (h - 1) as f32 + 1.0
    };
    let moved = nc.iter().zip(&c).any(|(a, b)| dist(*a, *b) > 0.5);
    if !moved || !nc.iter().all(inside) || !card_shaped(&nc) {
        return false;
    }
    q.corners = nc;
    for (i, side) in q.sides.iter_mut().enumerate() {
        side.from = nc[i];
        side.to = nc[(i + 1) % 4];
    }
    true
}

/// Whether the segment from `a` to `b` runs along a thin printed line rather than a step: across
/// it, the same brightness on both sides and a different one on it, along most of its length.
fn printed_line((a, b): ((f32, f32), (f32, f32)), p: &[u8], w: usize, h: usize) -> bool {
    let len = dist(a, b);
    if len < 8.0 {
        return false;
    }
    let (dx, dy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
    let (nx, ny) = (-dy, dx);
    let (mut lines, mut n) = (0, 0);
    for k in 0..16 {
        let f = 0.15 + 0.7 * k as f32 / 15.0;
        let (x, y) = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
        let at = |d: i32| bilinear(p, w, h, x + nx * d as f32, y + ny * d as f32);
        let prof: Option<Vec<f32>> = (-5..=5).map(at).collect();
        let Some(prof) = prof else {
            continue;
        };
        let v = |d: i32| prof[(d + 5) as usize];
        // The line's middle: where the brightness stands out most from 2 px either side (the
        // segment may lie on either flank of the line).
        let Some(m) = (-2..=2).max_by(|&i, &j| {
            let ridge = |d: i32| (v(d) - (v(d - 2) + v(d + 2)) / 2.0).abs();
            ridge(i).total_cmp(&ridge(j))
        }) else {
            continue;
        };
        let inside = (v(m + 2) + v(m + 3)) / 2.0;
        let outside = (v(m - 2) + v(m - 3)) / 2.0;
        let on = v(m) - (inside + outside) / 2.0;
        n += 1;
        if on.abs() >= 12.0 && on.abs() > 1.5 * (inside - outside).abs() {
            lines += 1;
        }
    }
    n >= 8 && 2 * lines > n
}

/// The frame's brightness at (`x`, `y`), interpolated; `None` outside it.
fn bilinear(p: &[u8], w: usize, h: usize, x: f32, y: f32) -> Option<f32> {
    if x < 0.0 || y < 0.0 || x > (w - 1) as f32 || y > (h - 1) as f32 {
        return None;
    }
    let (x0, y0) = (x.floor() as usize, y.floor() as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let v = |xx: usize, yy: usize| f32::from(p[yy * w + xx]);
    Some(
        v(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + v(x1, y0) * fx * (1.0 - fy)
            + v(x0, y1) * (1.0 - fx) * fy
            + v(x1, y1) * fx * fy,
    )
}

/// The share of the segment from `a` to `b` (less [`CORNER_SKIP`] at each end) along which an
/// edge pixel across it lies within a pixel.
fn side_support(a: (f32, f32), b: (f32, f32), w: usize, h: usize, edge: &[u8]) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let horizontal = dx.abs() >= dy.abs();
    let mut phi = (dy.atan2(dx) * 180.0 / PI + 90.0).round() as i32;
    phi = phi.rem_euclid(180);
    let steps = dx.abs().max(dy.abs());
    if steps < 2.0 {
        return 0.0;
    }
    let (k0, k1) = (
        (steps * CORNER_SKIP).ceil() as i32,
        (steps * (1.0 - CORNER_SKIP)).floor() as i32,
    );
    let (mut hits, mut n) = (0u32, 0u32);
    for k in k0..=k1 {
        let f = k as f32 / steps;
        let (x, y) = (a.0 + dx * f, a.1 + dy * f);
        let (xi, yi) = (x.round() as isize, y.round() as isize);
        n += 1;
        let hit = (-1..=1).any(|d| {
            let (xx, yy) = if horizontal {
                (xi, yi + d)
            } else {
                (xi + d, yi)
            };
            if xx < 0 || yy < 0 || xx >= w as isize || yy >= h as isize {
                return false;
            }
            let e = edge[yy as usize * w + xx as usize];
            e != NO_EDGE && angle_diff(i32::from(e), phi) <= SUPPORT_ANGLE
        });
        hits += u32::from(hit);
    }
    hits as f32 / n.max(1) as f32
}

/// The candidate sides: for each family, the lines with the most votes and those along which
/// the longest unbroken edge runs (a small card's side on fur or grass has few votes, but runs
/// unbroken), each with its support in `Scratch::hits`; then the frame's borders, for a card
/// that runs out of the frame.
fn candidates(w: usize, h: usize, scratch: &mut Scratch) -> Vec<Line> {
    let mut pool = Vec::with_capacity(2 * POOL);
    for horizontal in [true, false] {
        peaks(w, h, horizontal, scratch, &mut pool);
    }
    scratch.hits.clear();
    for line in &mut pool {
        line.prefix = scratch.hits.len();
        support(line, w, h, &scratch.edge, &mut scratch.hits);
    }
    let mut lines = Vec::with_capacity(2 * CANDIDATES + 4);
    for horizontal in [true, false] {
        // In order of votes (as `peaks` gives them).
        let family: Vec<&Line> = pool.iter().filter(|l| l.horizontal == horizontal).collect();
        let len = if horizontal { w } else { h };
        let mut runs: Vec<(usize, usize)> = family
            .iter()
            .enumerate()
            .skip(BY_VOTES)
            .map(|(i, l)| (longest_run(l, len, &scratch.hits), i))
            .collect();
        runs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut keep: Vec<usize> = (0..BY_VOTES.min(family.len())).collect();
        keep.extend(runs.iter().take(CANDIDATES - BY_VOTES).map(|&(_, i)| i));
        keep.sort_unstable();
        lines.extend(keep.iter().map(|&i| *family[i]));
    }
    let (wf, hf) = ((w - 1) as f32, (h - 1) as f32);
    lines.push(Line::new(90.0, 0.0, true, true));
    lines.push(Line::new(90.0, hf, true, true));
    lines.push(Line::new(0.0, 0.0, false, true));
    lines.push(Line::new(0.0, wf, false, true));
    lines
}

/// The longest stretch of `line` with an edge on it, bridging gaps of a few pixels.
fn longest_run(line: &Line, len: usize, hits: &[u16]) -> usize {
    let (mut best, mut start, mut gap) = (0, None, 0);
    for t in 0..len {
        if hit(line, t, hits) {
            let s = *start.get_or_insert(t);
            best = best.max(t + 1 - s);
            gap = 0;
        } else {
            gap += 1;
            if gap > 3 {
                start = None;
            }
        }
    }
    best
}

/// Time spent in each stage over `n` runs on one frame (edges, candidate lines, hypotheses,
/// placing the sides), for finding what to make faster.
#[doc(hidden)]
pub fn profile(p: &[u8], w: usize, h: usize, n: usize) -> [std::time::Duration; 4] {
    let mut scratch = Scratch::default();
    let mut out = [std::time::Duration::ZERO; 4];
    for _ in 0..n {
        let t0 = std::time::Instant::now();
        edges(p, w, h, &mut scratch);
        let t1 = std::time::Instant::now();
        let lines = candidates(w, h, &mut scratch);
        let t2 = std::time::Instant::now();
        let quad = best_quad(&lines, w, h, &scratch.hits);
        let t3 = std::time::Instant::now();
        if let Some(mut q) = quad.filter(|q| !q.cut_off) {
            for _ in 0..REFINE_PASSES {
                if !refine(&mut q, p, w, h, &scratch.edge) {
                    break;
                }
            }
            std::hint::black_box(q.corners);
        }
        let t4 = std::time::Instant::now();
        out[0] += t1 - t0;
        out[1] += t2 - t1;
        out[2] += t3 - t2;
        out[3] += t4 - t3;
    }
    out
}

/// For looking into a missed card: for each of the true sides (corners TL, TR, BR, BL), the
/// nearest candidate line and its support along the true side.
#[doc(hidden)]
pub fn diagnose(p: &[u8], w: usize, h: usize, truth: [(f32, f32); 4]) -> String {
    let mut scratch = Scratch::default();
    edges(p, w, h, &mut scratch);
    let lines = candidates(w, h, &mut scratch);
    let mut out = String::new();
    for (name, a, b) in [
        ("top", 0, 1),
        ("right", 1, 2),
        ("bottom", 3, 2),
        ("left", 0, 3),
    ] {
        let (pa, pb) = (truth[a], truth[b]);
        let horizontal = name == "top" || name == "bottom";
        let off = |l: &Line, p: (f32, f32)| {
            if horizontal {
                (l.at(p.0) - p.1).abs()
            } else {
                (l.at(p.1) - p.0).abs()
            }
        };
        let best = lines
            .iter()
            .filter(|l| l.horizontal == horizontal)
            .map(|l| (off(l, pa).max(off(l, pb)), l))
            .min_by(|x, y| x.0.total_cmp(&y.0));
        match best {
            Some((d, l)) => {
                let (ra, rb) = if horizontal {
                    (pa.0, pb.0)
                } else {
                    (pa.1, pb.1)
                };
                let (sup, _) = visible_support(l, ra, rb, w, h, &scratch.hits);
                let own = side_support(pa, pb, w, h, &scratch.edge);
                out += &format!(
                    "{name}: edges along it {own:.2}, nearest line {d:.1} px off, support {sup:.2}; "
                );
            }
            None => out += &format!("{name}: no line; "),
        }
    }
    out
}

/// For looking into a frame: the candidate lines and their whole-length support.
#[doc(hidden)]
pub fn explain(p: &[u8], w: usize, h: usize) -> String {
    let mut scratch = Scratch::default();
    edges(p, w, h, &mut scratch);
    let n_edges = scratch.edge.iter().filter(|&&e| e != NO_EDGE).count();
    let mut out = format!(
        "threshold {} edges {}\n",
        edge_threshold(&scratch.mag, w, h),
        n_edges
    );
    for line in candidates(w, h, &mut scratch) {
        let len = if line.horizontal { w } else { h };
        out += &format!(
            "{} phi {:.0} rho {:.0} at-mid {:.1} hits {}\n",
            if line.horizontal { "H" } else { "V" },
            line.phi,
            line.rho,
            line.at(if line.horizontal {
                w as f32 / 2.0
            } else {
                h as f32 / 2.0
            }),
            scratch.hits[line.prefix + len]
        );
    }
    out
}

/// Smoothing, gradient, thin edges with their orientation.
fn edges(p: &[u8], w: usize, h: usize, s: &mut Scratch) {
    let n = w * h;
    s.smooth.resize(n, 0);
    s.tmp.resize(n, 0);
    s.mag.resize(n, 0);
    s.edge.resize(n, NO_EDGE);
    // A 5-tap binomial blur (σ ≈ 1): fine texture and sensor noise fade, a card's edge stays.
    // Written as plain row loops: this runs on every pixel of every frame, and the shipped
    // build is optimised for size, which inlines little.
    for y in 0..h {
        let row = &p[y * w..(y + 1) * w];
        let out = &mut s.tmp[y * w..(y + 1) * w];
        for (o, k) in out[2..w - 2].iter_mut().zip(row.windows(5)) {
            *o = u16::from(k[0])
                + 4 * u16::from(k[1])
                + 6 * u16::from(k[2])
                + 4 * u16::from(k[3])
                + u16::from(k[4]);
        }
        for x in [0, 1, w - 2, w - 1] {
            let at = |d: isize| u16::from(row[(x as isize + d).clamp(0, w as isize - 1) as usize]);
            out[x] = at(-2) + 4 * at(-1) + 6 * at(0) + 4 * at(1) + at(2);
        }
    }
    for y in 0..h {
        let at = |d: isize| (y as isize + d).clamp(0, h as isize - 1) as usize * w;
        let t = &s.tmp;
        let (r0, r1, r2, r3, r4) = (
            &t[at(-2)..at(-2) + w],
            &t[at(-1)..at(-1) + w],
            &t[at(0)..at(0) + w],
            &t[at(1)..at(1) + w],
            &t[at(2)..at(2) + w],
        );
        let out = &mut s.smooth[y * w..(y + 1) * w];
        for x in 0..w {
            let v = u32::from(r0[x])
                + 4 * u32::from(r1[x])
                + 6 * u32::from(r2[x])
                + 4 * u32::from(r3[x])
                + u32::from(r4[x]);
            out[x] = ((v + 128) >> 8) as u8;
        }
    }
    // Sobel; magnitude ×4 in luma levels per pixel (the Sobel sum is 8 per level per pixel).
    let q = &s.smooth;
    s.mag.fill(0);
    // The border rows and columns get no gradient: cleared, as the buffers are reused between
    // frames of other sizes (the half-size search).
    s.gx.clear();
    s.gx.resize(n, 0);
    s.gy.clear();
    s.gy.resize(n, 0);
    let (gxs, gys) = (&mut s.gx, &mut s.gy);
    for y in 1..h - 1 {
        let (up, mid, down) = (
            &q[(y - 1) * w..y * w],
            &q[y * w..(y + 1) * w],
            &q[(y + 1) * w..(y + 2) * w],
        );
        let (gxr, gyr, magr) = (
            &mut gxs[y * w..(y + 1) * w],
            &mut gys[y * w..(y + 1) * w],
            &mut s.mag[y * w..(y + 1) * w],
        );
        for x in 1..w - 1 {
            let (a, b, c) = (i32::from(up[x - 1]), i32::from(up[x]), i32::from(up[x + 1]));
            let (d, f) = (i32::from(mid[x - 1]), i32::from(mid[x + 1]));
            let (g, hh, k) = (
                i32::from(down[x - 1]),
                i32::from(down[x]),
                i32::from(down[x + 1]),
            );
            let gx = (c + 2 * f + k) - (a + 2 * d + g);
            let gy = (g + 2 * hh + k) - (a + 2 * b + c);
            gxr[x] = gx as i16;
            gyr[x] = gy as i16;
            magr[x] = (((gx * gx + gy * gy) as f32).sqrt() * 0.5) as u16;
        }
    }
    // The orientation of each pixel's neighbourhood (a 5 × 5 structure tensor, by doubled
    // angles so opposite gradients agree): a single pixel's gradient next to grass or gravel
    // points anywhere, the neighbourhood of a card's edge follows the edge.
    s.da.resize(n, 0.0);
    s.db.resize(n, 0.0);
    let (gxs, gys, da, db) = (&s.gx, &s.gy, &mut s.da, &mut s.db);
    for i in 0..n {
        let (gx, gy) = (f32::from(gxs[i]), f32::from(gys[i]));
        da[i] = gx * gx - gy * gy;
        db[i] = 2.0 * gx * gy;
    }
    box_sum(da, w, h, 2, &mut s.sums);
    box_sum(db, w, h, 2, &mut s.sums);
    let (da, db) = (&s.da, &s.db);
    // An edge pixel: strong enough (above the frame's noise) and a maximum across the edge.
    let t = edge_threshold(&s.mag, w, h);
    s.edge.fill(NO_EDGE);
    for y in 2..h - 2 {
        for x in 2..w - 2 {
            let i = y * w + x;
            let m = s.mag[i];
            if m < t {
                continue;
            }
            let mut deg = 0.5 * db[i].atan2(da[i]) * 180.0 / PI;
            if deg < 0.0 {
                deg += 180.0;
            }
            // The neighbours across the edge, the orientation rounded to 45°.
            let (a, b) = match ((deg + 22.5) / 45.0) as u32 % 4 {
                0 => (i - 1, i + 1),
                1 => (i - w - 1, i + w + 1),
                2 => (i - w, i + w),
                _ => (i - w + 1, i + w - 1),
            };
            if m >= s.mag[a] && m > s.mag[b] {
                s.edge[i] = (deg.round() as u32 % 180) as u8;
            }
        }
    }
}

/// Replaces each value by the sum over the (2r + 1)² square around it (clamped at the borders),
/// with running sums.
fn box_sum(v: &mut [f32], w: usize, h: usize, r: usize, tmp: &mut Vec<f32>) {
    tmp.resize(v.len(), 0.0);
    for y in 0..h {
        let row = &v[y * w..(y + 1) * w];
        let out = &mut tmp[y * w..(y + 1) * w];
        let mut acc: f32 = row[..r.min(w)].iter().sum();
        for x in 0..w {
            if x + r < w {
                acc += row[x + r];
            }
            if x > r {
                acc -= row[x - r - 1];
            }
            out[x] = acc;
        }
    }
    let mut acc = vec![0f32; w];
    for yy in 0..r.min(h) {
        for (a, t) in acc.iter_mut().zip(&tmp[yy * w..(yy + 1) * w]) {
            *a += t;
        }
    }
    for y in 0..h {
        if y + r < h {
            for (a, t) in acc.iter_mut().zip(&tmp[(y + r) * w..(y + r + 1) * w]) {
                *a += t;
            }
        }
        if y > r {
            for (a, t) in acc.iter_mut().zip(&tmp[(y - r - 1) * w..(y - r) * w]) {
                *a -= t;
            }
        }
        v[y * w..(y + 1) * w].copy_from_slice(&acc);
    }
}

/// Edge strength (×4 luma levels per pixel) that stands out of the frame's noise: a fixed floor,
/// raised in frames whose every pixel changes (heavy sensor noise).
fn edge_threshold(mag: &[u16], w: usize, h: usize) -> u16 {
    let mut hist = [0u32; 64];
    let mut n = 0u32;
    for y in (2..h - 2).step_by(2) {
        for x in (2..w - 2).step_by(2) {
            hist[usize::from(mag[y * w + x].min(63))] += 1;
            n += 1;
        }
    }
    // The median gradient of a frame is its texture and noise; a card's edge is well above.
    let mut acc = 0;
    let mut median = 0;
    for (v, &c) in hist.iter().enumerate() {
        acc += c;
        if acc * 2 >= n {
            median = v as u16;
            break;
        }
    }
    (median + median / 2).max(10)
}

fn angle_diff(a: i32, b: i32) -> i32 {
    let d = (a - b).rem_euclid(180);
    d.min(180 - d)
}

/// The strongest lines of one family, appended to `out`.
fn peaks(w: usize, h: usize, horizontal: bool, s: &mut Scratch, out: &mut Vec<Line>) {
    let na = (2 * MAX_SLANT + 1) as usize;
    // φ for bin k; ρ offset so every line through the frame has a non-negative bin.
    let base = if horizontal {
        90 - MAX_SLANT
    } else {
        -MAX_SLANT
    };
    let slant = (MAX_SLANT as f32 * PI / 180.0).sin();
    let off = (slant * w.max(h) as f32).ceil() as usize + 2;
    let nr = if horizontal { h } else { w } + 2 * off;
    let trig: Vec<(f32, f32)> = (0..na)
        .map(|k| {
            let r = (base + k as i32) as f32 * PI / 180.0;
            (r.cos(), r.sin())
        })
        .collect();
    s.acc.clear();
    s.acc.resize(na * nr, 0);
    for y in 0..h {
        for x in 0..w {
            let o = s.edge[y * w + x];
            if o == NO_EDGE {
                continue;
            }
            let o = i32::from(o);
            // The orientation as an offset from the family's centre, in -90..90.
            let centre = if horizontal { 90 } else { 0 };
            let mut d = o - centre;
            if d > 90 {
                d -= 180;
            }
            if d.abs() > MAX_SLANT + VOTE_SPREAD {
                continue;
            }
            let k0 = (d + MAX_SLANT - VOTE_SPREAD).max(0);
            let k1 = (d + MAX_SLANT + VOTE_SPREAD).min(na as i32 - 1);
            for k in k0..=k1 {
                let (c, sn) = trig[k as usize];
                let rho = x as f32 * c + y as f32 * sn;
                let r = (rho.round() as isize + off as isize) as usize;
                if r < nr {
                    s.acc[k as usize * nr + r] += 1;
                }
            }
        }
    }
    // Local maxima over ±2° and ±3 px, strongest first.
    let min_votes = (0.12 * if horizontal { w } else { h } as f32) as u32;
    let mut found: Vec<(u32, usize, usize)> = Vec::new();
    for k in 0..na {
        for r in 0..nr {
            let v = s.acc[k * nr + r];
            if v < min_votes {
                continue;
            }
            let mut top = true;
            'win: for kk in k.saturating_sub(2)..=(k + 2).min(na - 1) {
                for rr in r.saturating_sub(3)..=(r + 3).min(nr - 1) {
                    let u = s.acc[kk * nr + rr];
                    if u > v || (u == v && (kk, rr) < (k, r)) {
                        top = false;
                        break 'win;
                    }
                }
            }
            if top {
                found.push((v, k, r));
            }
        }
    }
    found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    for &(_, k, r) in found.iter().take(POOL) {
        let phi = (base + k as i32) as f32;
        out.push(Line::new(phi, r as f32 - off as f32, horizontal, false));
    }
}

/// Appends a line's prefix sums of hits (one entry per pixel along it, plus one).
fn support(line: &Line, w: usize, h: usize, edge: &[u8], hits: &mut Vec<u16>) {
    let (len, across) = if line.horizontal { (w, h) } else { (h, w) };
    let mut acc = 0u16;
    hits.push(0);
    let phi = line.phi.round() as i32;
    for t in 0..len {
        if !line.border {
            let c = line.at(t as f32).round() as isize;
            let hit = (-1..=1).any(|d| {
                let a = c + d;
                if a < 0 || a >= across as isize {
                    return false;
                }
                let i = if line.horizontal {
                    a as usize * w + t
                } else {
                    t * w + a as usize
                };
                edge[i] != NO_EDGE && angle_diff(i32::from(edge[i]), phi) <= SUPPORT_ANGLE
            });
            acc += u16::from(hit);
        }
        hits.push(acc);
    }
}

/// A side of the chosen hypothesis, for measuring its edges.
#[derive(Debug, Clone, Copy)]
struct Side {
    from: (f32, f32),
    to: (f32, f32),
    border: bool,
}

struct Quad {
    corners: [(f32, f32); 4],
    cut_off: bool,
    support: f32,
    sides: [Side; 4],
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The quadrilateral's area (shoelace).
pub fn area(c: &[(f32, f32); 4]) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        s += a.0 * b.1 - b.0 * a.1;
    }
    s.abs() / 2.0
}

/// The angle at corner `b` between `a` and `c`, in degrees.
fn corner_angle(a: (f32, f32), b: (f32, f32), c: (f32, f32)) -> f32 {
    let (u, v) = ((a.0 - b.0, a.1 - b.1), (c.0 - b.0, c.1 - b.1));
    let cos = (u.0 * v.0 + u.1 * v.1) / (dist(a, b) * dist(c, b)).max(1e-6);
    cos.clamp(-1.0, 1.0).acos() * 180.0 / PI
}

/// The stretch of `line` between `a` and `b` (along its axis, [`CORNER_SKIP`] left out at each
/// end) that lies inside the frame: its support and its length.
fn visible_support(line: &Line, a: f32, b: f32, w: usize, h: usize, hits: &[u16]) -> (f32, f32) {
    let (a, b) = (a.min(b), a.max(b));
    let skip = (b - a) * CORNER_SKIP;
    let (len, across) = if line.horizontal { (w, h) } else { (h, w) };
    let (mut lo, mut hi) = ((a + skip).max(0.0), (b - skip).min((len - 1) as f32));
    // Where the line is inside the frame across its axis: 0 <= at(t) <= across - 1.
    let (k, at0) = (line.at(1.0) - line.at(0.0), line.at(0.0));
    let last = (across - 1) as f32;
    if k.abs() < 1e-6 {
        if !(0.0..=last).contains(&at0) {
            return (0.0, 0.0);
        }
    } else {
        let (t0, t1) = ((0.0 - at0) / k, (last - at0) / k);
        lo = lo.max(t0.min(t1));
        hi = hi.min(t0.max(t1));
    }
    let (lo, hi) = (lo.ceil() as usize, hi.floor() as usize);
    if hi <= lo {
        return (0.0, 0.0);
    }
    let p = &hits[line.prefix..];
    let n = (hi - lo) as f32;
    (f32::from(p[hi] - p[lo]) / n, n * (1.0 + k * k).sqrt())
}

/// Whether there is an edge on `line` at `t`.
fn hit(line: &Line, t: usize, hits: &[u16]) -> bool {
    let p = &hits[line.prefix..];
    p.get(t + 1).zip(p.get(t)).is_some_and(|(b, a)| b > a)
}

/// How far the edge along `line` runs on from `from` in the direction `dir` (±1), bridging gaps
/// of a few pixels: a card's side goes on past a line printed across the card (a header band's
/// lower edge) up to the card's real corner.
fn run_on(line: &Line, from: f32, dir: i32, len: usize, hits: &[u16]) -> f32 {
    let mut t = from.round() as i32;
    let (mut end, mut gap) = (t, 0);
    while t >= 0 && (t as usize) < len && gap <= 3 {
        if hit(line, t as usize, hits) {
            end = t;
            gap = 0;
        } else {
            gap += 1;
        }
        t += dir;
    }
    end as f32
}

/// The candidate line of `horizontal`'s family through (within 4 px of) both points, the best
/// supported one; else the line through them, marked inferred (it has no support of its own).
fn snap(
    lines: &[Line],
    p: (f32, f32),
    q: (f32, f32),
    horizontal: bool,
    len: usize,
    hits: &[u16],
) -> Line {
    let off = |x: &Line, pt: (f32, f32)| {
        if horizontal {
            (x.at(pt.0) - pt.1).abs()
        } else {
            (x.at(pt.1) - pt.0).abs()
        }
    };
    lines
        .iter()
        .filter(|x| x.horizontal == horizontal && !x.border && !x.inferred)
        .filter(|x| off(x, p) <= 4.0 && off(x, q) <= 4.0)
        .max_by_key(|x| hits[x.prefix + len] - hits[x.prefix])
        .copied()
        .unwrap_or_else(|| {
            let mut e = through(p, q, horizontal);
            e.inferred = true;
            e
        })
}

/// The line through two points, in `horizontal`'s family.
fn through(p: (f32, f32), q: (f32, f32), horizontal: bool) -> Line {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let mut phi = dy.atan2(dx) * 180.0 / PI + 90.0;
    if horizontal {
        phi = phi.rem_euclid(180.0);
    } else {
        phi = (phi + 90.0).rem_euclid(180.0) - 90.0;
    }
    let mut l = Line::new(phi, 0.0, horizontal, false);
    l.rho = p.0 * l.c + p.1 * l.s;
    l
}

/// The geometry of a whole card: the ID-1 aspect in perspective, near-square corners, opposite
/// sides about as long as each other.
fn card_shaped(c: &[(f32, f32); 4]) -> bool {
    let (top_w, bottom_w) = (dist(c[0], c[1]), dist(c[3], c[2]));
    let (left_h, right_h) = (dist(c[0], c[3]), dist(c[1], c[2]));
    let aspect = (top_w + bottom_w) / (left_h + right_h) / ID1;
    (1.0 / ASPECT_TOLERANCE..=ASPECT_TOLERANCE).contains(&aspect)
        && (0..4).all(|i| {
            let a = corner_angle(c[(i + 3) % 4], c[i], c[(i + 1) % 4]);
            (a - 90.0).abs() <= MAX_CORNER_SKEW
        })
        && top_w.min(bottom_w) / top_w.max(bottom_w) > 0.8
        && left_h.min(right_h) / left_h.max(right_h) > 0.8
}

fn best_quad(lines: &[Line], w: usize, h: usize, hits: &[u16]) -> Option<Quad> {
    let (wf, hf) = ((w - 1) as f32, (h - 1) as f32);
    let hs: Vec<&Line> = lines.iter().filter(|l| l.horizontal).collect();
    let vs: Vec<&Line> = lines.iter().filter(|l| !l.horizontal).collect();
    // Pairs ordered top/bottom (left/right), far enough apart; a border only on its own side.
    let pairs = |ls: &[&Line], mid: f32, min_gap: f32, last: f32| -> Vec<(Line, Line)> {
        let mut out = Vec::new();
        for (i, a) in ls.iter().enumerate() {
            for (j, b) in ls.iter().enumerate() {
                if i == j || b.at(mid) - a.at(mid) < min_gap {
                    continue;
                }
                if (a.border && a.rho != 0.0) || (b.border && b.rho != last) {
                    continue;
                }
                if a.border && b.border {
                    continue;
                }
                out.push((**a, **b));
            }
        }
        out
    };
    let tb = pairs(&hs, wf / 2.0, MIN_HEIGHT * hf, hf);
    let lr = pairs(&vs, hf / 2.0, MIN_WIDTH * wf, wf);

    // The score of a hypothesis: support along its visible sides, weighted by their length.
    let score = |sides: &[(&Line, f32, f32); 4]| -> Option<(f32, f32, usize)> {
        let (mut total, mut length, mut weakest, mut borders) = (0.0, 0.0, f32::MAX, 0);
        for &(line, a, z) in sides {
            if line.border {
                borders += 1;
                continue;
            }
            if line.inferred {
                continue;
            }
            let (s, len) = visible_support(line, a, z, w, h, hits);
            let dim = if line.horizontal { wf } else { hf };
            if len < 0.15 * dim {
                return None;
            }
            total += s * len;
            length += len;
            weakest = weakest.min(s);
        }
        (length > 0.0).then(|| (total / length, weakest, borders))
    };
    let sides_of = |t: &Line, r: &Line, b: &Line, l: &Line, c: &[(f32, f32); 4]| -> [Side; 4] {
        [
            (t, c[0], c[1]),
            (r, c[1], c[2]),
            (b, c[2], c[3]),
            (l, c[3], c[0]),
        ]
        .map(|(line, from, to)| Side {
            from,
            to,
            border: line.border || line.inferred,
        })
    };
    let (mx, my) = (0.6 * wf, 0.6 * hf);
    let fours = tb
        .iter()
        .flat_map(|(t, b)| lr.iter().map(move |(l, r)| (*t, *b, *l, *r)));
    let mut best: Option<(f32, f32, bool, Quad)> = None; // (score, area, inferred, quad)
    let mut best_cut: Option<(f32, Quad)> = None;
    for (t0, b0, l, r) in fours {
        {
            let (l, r) = (&l, &r);
            let (mut t, mut b) = (t0, b0);
            let Some(mut c) = corners(&t, r, &b, l) else {
                continue;
            };
            let inside =
                |p: &(f32, f32)| p.0 >= -1.0 && p.0 <= wf + 1.0 && p.1 >= -1.0 && p.1 <= hf + 1.0;
            let near =
                |p: &(f32, f32)| p.0 >= -mx && p.0 <= wf + mx && p.1 >= -my && p.1 <= hf + my;
            if !c.iter().all(near) {
                continue;
            }
            // Most hypotheses have a side with hardly any edge on it: drop them before the
            // costlier checks (every side that shows needs at least MIN_SIDE_SUPPORT).
            let weak = |line: &Line, a: f32, z: f32, floor: f32| {
                !line.border && visible_support(line, a, z, w, h, hits).0 < floor
            };
            if weak(l, c[0].1, c[3].1, 0.45)
                || weak(r, c[1].1, c[2].1, 0.45)
                || weak(&t, c[0].0, c[1].0, 0.3)
                || weak(&b, c[3].0, c[2].0, 0.3)
            {
                continue;
            }
            let borders = [&t, r, &b, l].iter().filter(|x| x.border).count();
            let whole = borders == 0 && c.iter().all(inside);
            if whole {
                // A band printed across the card (a dark header on a dark surface) can hide
                // the card's top or bottom edge: the sides run on past the band's edge up to
                // the card's corners. The edge there, when it was found at all, is the
                // candidate line nearest to where the sides end; else the line through their
                // ends stands in for it, without support of its own.
                let extended = [true, false].into_iter().find_map(|up| {
                    let (i, j, dir) = if up { (0, 1, -1) } else { (3, 2, 1) };
                    let yl = run_on(l, c[i].1, dir, h, hits);
                    let yr = run_on(r, c[j].1, dir, h, hits);
                    if (yl - c[i].1).abs() < 0.04 * hf || (yr - c[j].1).abs() < 0.04 * hf {
                        return None;
                    }
                    let (pl, pr) = ((l.at(yl), yl), (r.at(yr), yr));
                    let edge = snap(lines, pl, pr, true, w, hits);
                    let (nt, nb) = if up { (edge, b) } else { (t, edge) };
                    let nc = corners(&nt, r, &nb, l)?;
                    (nc.iter().all(inside) && card_shaped(&nc)).then_some((nt, nb, nc))
                });
                // When the band's sides are as faint as its top, the ID-1 shape says where the
                // card's edge lies: as far past the band's edge as makes the card ID-1 high.
                // Only for a quadrilateral too wide by what a band takes (5–35 % of the height);
                // the top first, where ID cards print their header bands.
                let completed = || {
                    let (top_w, bottom_w) = (dist(c[0], c[1]), dist(c[3], c[2]));
                    let (left_h, right_h) = (dist(c[0], c[3]), dist(c[1], c[2]));
                    let want = (top_w + bottom_w) / 2.0 / ID1;
                    let missing = want - (left_h + right_h) / 2.0;
                    if !(0.05 * want..=0.35 * want).contains(&missing) {
                        return None;
                    }
                    let along = |from: (f32, f32), to: (f32, f32)| {
                        let d = dist(from, to).max(1e-3);
                        (
                            to.0 + (to.0 - from.0) / d * missing,
                            to.1 + (to.1 - from.1) / d * missing,
                        )
                    };
                    [true, false].into_iter().find_map(|up| {
                        let (pl, pr) = if up {
                            (along(c[3], c[0]), along(c[2], c[1]))
                        } else {
                            (along(c[0], c[3]), along(c[1], c[2]))
                        };
                        let edge = snap(lines, pl, pr, true, w, hits);
                        let (nt, nb) = if up { (edge, b) } else { (t, edge) };
                        let nc = corners(&nt, r, &nb, l)?;
                        (nc.iter().all(inside) && card_shaped(&nc)).then_some((nt, nb, nc))
                    })
                };
                match extended {
                    Some((nt, nb, nc)) => (t, b, c) = (nt, nb, nc),
                    None if !card_shaped(&c) => match completed() {
                        Some((nt, nb, nc)) => (t, b, c) = (nt, nb, nc),
                        None => continue,
                    },
                    None => {}
                }
            }
            let sides = [
                (&t, c[0].0, c[1].0),
                (r, c[1].1, c[2].1),
                (&b, c[3].0, c[2].0),
                (l, c[0].1, c[3].1),
            ];
            let Some((s, weakest, _)) = score(&sides) else {
                continue;
            };
            if whole {
                if weakest < MIN_SIDE_SUPPORT || s < MIN_SUPPORT {
                    continue;
                }
                let a = area(&c);
                let inferred = t.inferred || b.inferred;
                let better = match &best {
                    None => true,
                    // A side placed by inference has no support of its own to lose: among
                    // about equally supported outlines, it does not make the larger one win.
                    Some((bs, ba, binf, _)) => {
                        s > bs + OUTERMOST_MARGIN
                            || (s > bs - OUTERMOST_MARGIN
                                && (!inferred && *binf || (inferred == *binf && a > *ba)))
                    }
                };
                if better {
                    let quad = Quad {
                        corners: c,
                        cut_off: false,
                        support: s,
                        sides: sides_of(&t, r, &b, l, &c),
                    };
                    best = Some((s, a, inferred, quad));
                }
                continue;
            }
            // A card running out of the frame: what shows must be strongly supported and fit
            // a card larger than what shows.
            if borders > 2
                || weakest < MIN_CUT_SUPPORT
                || s < MIN_CUT_SUPPORT
                || [&t, r, &b, l].iter().any(|x| x.inferred)
            {
                continue;
            }
            let (top_w, bottom_w) = (dist(c[0], c[1]), dist(c[3], c[2]));
            let (left_h, right_h) = (dist(c[0], c[3]), dist(c[1], c[2]));
            let (width, height) = ((top_w + bottom_w) / 2.0, (left_h + right_h) / 2.0);
            let (cut_v, cut_h) = (l.border || r.border, t.border || b.border);
            let shaped = match (cut_v, cut_h) {
                (false, false) => card_shaped(&c),
                (true, false) if l.border && r.border => width >= 0.85 * height * ID1,
                (true, false) => {
                    width <= 1.1 * height * ID1 && left_h.min(right_h) / left_h.max(right_h) > 0.8
                }
                (false, true) if t.border && b.border => height >= 0.85 * width / ID1,
                (false, true) => {
                    height <= 1.1 * width / ID1 && top_w.min(bottom_w) / top_w.max(bottom_w) > 0.8
                }
                _ => width >= 0.3 * wf && height >= 0.3 * hf,
            };
            let clamped = c.map(|p| (p.0.clamp(0.0, wf), p.1.clamp(0.0, hf)));
            if !shaped || area(&clamped) < 0.12 * wf * hf {
                continue;
            }
            // A card that runs out of the frame shows its edges up to the frame's border: a
            // side that stops short of the border it should run into is a whole card's side,
            // with its other side too faint to find.
            let reaches = |line: &Line, from: f32, to: f32| {
                let near = from + 0.25 * (to - from);
                let (sup, len) = visible_support(line, from, near, w, h, hits);
                len < 5.0 || sup >= 0.6
            };
            let runs_out = [
                (&t, c[0].0, c[1].0, l.border, r.border),
                (&b, c[3].0, c[2].0, l.border, r.border),
                (l, c[0].1, c[3].1, t.border, b.border),
                (r, c[1].1, c[2].1, t.border, b.border),
            ]
            .iter()
            .filter(|(line, ..)| !line.border && !line.inferred)
            .all(|&(line, a, z, at_a, at_z)| {
                (!at_a || reaches(line, a, z)) && (!at_z || reaches(line, z, a))
            });
            if !runs_out {
                continue;
            }
            if best_cut.as_ref().is_none_or(|(bs, _)| s > *bs) {
                let quad = Quad {
                    corners: clamped,
                    cut_off: true,
                    support: s,
                    sides: sides_of(&t, r, &b, l, &c),
                };
                best_cut = Some((s, quad));
            }
        }
    }
    match (best, best_cut) {
        // A strong outline running out of the frame around a smaller "whole card" shows that
        // the smaller one is a rectangle printed on the card (a band, the text block).
        (Some((ws, _, _, whole)), Some((cs, cut)))
            if cs >= ws - OUTERMOST_MARGIN
                && area(&cut.corners) > 1.25 * area(&whole.corners)
                && whole
                    .corners
                    .iter()
                    .all(|p| inside_quad(&cut.corners, *p, 3.0)) =>
        {
            Some(cut)
        }
        (Some((_, _, _, whole)), _) => Some(whole),
        (None, cut) => cut.map(|(_, q)| q),
    }
}

/// Whether `p` lies inside the convex quadrilateral `q` (clockwise in image coordinates),
/// give or take `slack` pixels.
fn inside_quad(q: &[(f32, f32); 4], p: (f32, f32), slack: f32) -> bool {
    (0..4).all(|i| {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let len = dist(a, b).max(1e-3);
        ((b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0)) / len >= -slack
    })
}

/// The four corners of the quadrilateral bounded by four lines.
fn corners(t: &Line, r: &Line, b: &Line, l: &Line) -> Option<[(f32, f32); 4]> {
    Some([t.meet(l)?, t.meet(r)?, b.meet(r)?, b.meet(l)?])
}

/// The width of the card's edges: across each side, the step's total contrast over its
/// steepest one-pixel change (about 1 for a sharp edge, about 2.5 σ for a Gaussian blur of σ,
/// the blur's length for motion across the side). Each side's median over the samples with
/// contrast enough; the widest side counts (motion blurs only the sides across it).
fn edge_width(p: &[u8], w: usize, h: usize, sides: &[Side; 4]) -> Option<f32> {
    let sample = |x: f32, y: f32| bilinear(p, w, h, x, y);
    const REACH: i32 = 8;
    let mut widest: Option<f32> = None;
    for side in sides.iter().filter(|s| !s.border) {
        let len = dist(side.from, side.to);
        if len < 8.0 {
            continue;
        }
        let (dx, dy) = (
            (side.to.0 - side.from.0) / len,
            (side.to.1 - side.from.1) / len,
        );
        let (nx, ny) = (-dy, dx);
        let mut widths = Vec::with_capacity(24);
        for k in 0..24 {
            let f = 0.15 + 0.7 * k as f32 / 23.0;
            let (x, y) = (
                side.from.0 + (side.to.0 - side.from.0) * f,
                side.from.1 + (side.to.1 - side.from.1) * f,
            );
            let profile: Option<Vec<f32>> = (-REACH..=REACH)
                .map(|d| sample(x + nx * d as f32, y + ny * d as f32))
                .collect();
            let Some(pr) = profile else { continue };
            let n = pr.len();
            let lo = (pr[0] + pr[1] + pr[2]) / 3.0;
            let hi = (pr[n - 1] + pr[n - 2] + pr[n - 3]) / 3.0;
            let contrast = (hi - lo).abs();
            if contrast < 24.0 {
                continue;
            }
            let sign = (hi - lo).signum();
            let steepest = pr
                .windows(2)
                .map(|d| (d[1] - d[0]) * sign)
                .fold(0.0f32, f32::max);
            if steepest > 0.0 {
                widths.push(contrast / steepest);
            }
        }
        if widths.len() >= 5 {
            widths.sort_by(|a, b| a.total_cmp(b));
            let median = widths[widths.len() / 2];
            widest = Some(widest.map_or(median, |m: f32| m.max(median)));
        }
    }
    widest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_meet_where_they_cross() {
        let h = Line::new(90.0, 20.0, true, false);
        let v = Line::new(0.0, 30.0, false, false);
        let (x, y) = h.meet(&v).unwrap();
        assert!((x - 30.0).abs() < 1e-3 && (y - 20.0).abs() < 1e-3);
        assert!((h.at(7.0) - 20.0).abs() < 1e-3 && (v.at(7.0) - 30.0).abs() < 1e-3);
    }

    #[test]
    fn angles_wrap_at_180() {
        assert_eq!(angle_diff(178, 2), 4);
        assert_eq!(angle_diff(90, 80), 10);
    }

    #[test]
    fn area_of_a_rectangle() {
        assert_eq!(
            area(&[(0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 3.0)]),
            12.0
        );
    }
}
