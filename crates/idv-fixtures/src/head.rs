//! A real photographed face turning its head, for the selfie step's end-to-end test: NASA's
//! public-domain portrait of Eileen Collins (`photos/astronaut.png`, see `photos/SOURCES.md`)
//! rendered as a head rotating about a vertical axis, and a looped Y4M video of it that
//! Chromium's fake camera plays (`--use-file-for-fake-video-capture=file.y4m`).
//!
//! # How a frame is made ("2.5D")
//!
//! The head (hair, face and the chin, down to the collar) is cut out of the photograph by
//! colour, row by row: its left and right edges in each row. Each row of the head is then a
//! horizontal slice of a solid: an ellipse as wide as the row, deeper than wide (a head is),
//! centred on one vertical axis for the skull and pushed forward for the jaw and chin, which
//! lie in front of the neck; a relief for the nose, brows, eye sockets, lips and chin is added
//! to the front. The photograph is the texture, seen straight on. Near the silhouette the photo
//! saw the surface edge-on and round the back not at all, so there the texture runs on at the
//! speed it had and turns back at the silhouette (hair beside hair, skin beside skin): a turned
//! head shows more hair or cheek on the side coming into view instead of a few edge pixels
//! smeared across it.
//!
//! A rotation about a vertical axis, seen with weak perspective, keeps every point in its row,
//! so a frame is drawn row by row: the slice's points are rotated and projected, consecutive
//! points are joined into spans and filled with a depth test (no holes, and the nose hides the
//! far cheek), and the row's outermost pixels are blended by coverage. The body and the room
//! stay put; where the turned head uncovers what it hid, a clean plate shows the backdrop
//! (filled in from each row's sides) and, below the jaw, a shaded neck.
//!
//! # The script of [`turning_y4m`]
//!
//! Piecewise by [`KEYS`] (seconds, degrees of yaw), eased in and out between keys, looped every
//! [`LOOP_S`] seconds; yaw is positive when the subject turns to their left (the nose moves to
//! the right of the unmirrored picture), as `idv_face::blazeface::Face::yaw` counts it:
//!
//! | from s | to s | yaw |
//! | --- | --- | --- |
//! | 0.0 | 2.0 | 0 (straight) |
//! | 2.0 | 2.5 | 0 → +[`TURN_DEG`] |
//! | 2.5 | 4.0 | +[`TURN_DEG`] (subject's left held 1.5 s) |
//! | 4.0 | 4.5 | back to 0 |
//! | 4.5 | 5.5 | 0 (straight held 1 s) |
//! | 5.5 | 6.0 | 0 → −[`TURN_DEG`] |
//! | 6.0 | 7.5 | −[`TURN_DEG`] (subject's right held 1.5 s) |
//! | 7.5 | 8.0 | back to 0, then the loop starts again straight (held 2 s) |
//!
//! So from any starting point each turn is reached within [`LOOP_S`] (8 s) and a whole 1.5 s
//! hold of it is over within 9.5 s; a whole 2 s straight hold (7.5/8.0 s round to 2.0 s) is
//! over within 10 s, and the video (Chromium plays it from frame 0) starts straight.

use crate::scene::{decode_png, lerp3};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A frame's size, as the still face's (`crate::face`).
pub const WIDTH: usize = 480;
pub const HEIGHT: usize = 360;

/// The yaw of the turned poses, in degrees.
pub const TURN_DEG: f32 = 30.0;
/// The script's keys: (time in seconds from the loop's start, yaw in degrees).
pub const KEYS: [(f32, f32); 9] = [
    (0.0, 0.0),
    (2.0, 0.0),
    (2.5, TURN_DEG),
    (4.0, TURN_DEG),
    (4.5, 0.0),
    (5.5, 0.0),
    (6.0, -TURN_DEG),
    (7.5, -TURN_DEG),
    (8.0, 0.0),
];
/// The loop's length in seconds (the last key).
pub const LOOP_S: f32 = 8.0;
/// When the left turn (positive yaw) is held: [start, end) in seconds.
pub const LEFT_HOLD_S: (f32, f32) = (2.5, 4.0);
/// When the right turn (negative yaw) is held.
pub const RIGHT_HOLD_S: (f32, f32) = (6.0, 7.5);
/// When the straight pose is held (the first also runs on from the loop's end, 8.0 s).
pub const STRAIGHT_HOLDS_S: [(f32, f32); 2] = [(0.0, 2.0), (4.5, 5.5)];

/// Source pixels per output pixel's inverse: the photo is scaled up by this, so the face
/// (BlazeFace's box) is about 38 % of the frame's width.
const SCALE: f32 = 2.0;
/// The head's vertical rotation axis, in the photo's columns (between the eyes).
const AXIS_X: f32 = 225.5;
/// The photo's point at the frame's top-left corner.
const CROP_X: f32 = AXIS_X - WIDTH as f32 / 2.0 / SCALE;
const CROP_Y: f32 = 16.0;
/// The head's rows in the photo: the top of the hair to the collar.
const HEAD_TOP: usize = 12;
const HEAD_BOTTOM: usize = 184;
/// Below this row the head's outline is the jaw and neck (skin against the collar or the
/// backdrop), above it the hair (anything against the pale backdrop).
const JAW_ROW: usize = 137;
/// Depth over width of a slice: a head is longer front to back than it is wide.
const DEPTH_RATIO: f32 = 1.1;
/// How far in front of the axis the face lies at eye level, in photo pixels: the jaw's and the
/// chin's slices are pushed forward to it, as a head's lower face overhangs the neck.
const FACE_FRONT: f32 = 80.0;
/// The neck behind the jaw (in the clean plate): its centre and half-width, photo columns, and
/// the row where it shows from under the hair.
const NECK_X: f32 = 223.0;
const NECK_HALF: f32 = 30.0;
const NECK_TOP: usize = 118;
/// How far round the back of each slice the surface goes (beyond the photo's silhouette), in
/// radians: more than the largest turn the detector is asked about.
const BACK: f32 = 0.9;
/// Beyond this angle round a slice (from straight ahead) the photo saw the surface too
/// obliquely to texture it: see [`side_texture`].
const OBLIQUE: f32 = 70.0 * std::f32::consts::PI / 180.0;
/// The texture turns back this far inside the silhouette, in photo pixels, so the photo's edge
/// pixels (hair blended with backdrop) are not repeated.
const INSET: f32 = 2.5;

struct Photo {
    w: usize,
    h: usize,
    px: Vec<[f32; 3]>,
}

impl Photo {
    fn at(&self, x: usize, y: usize) -> [f32; 3] {
        self.px[y.min(self.h - 1) * self.w + x.min(self.w - 1)]
    }

    fn bilinear(&self, x: f32, y: f32) -> [f32; 3] {
        let x = x.clamp(0.0, (self.w - 1) as f32);
        let y = y.clamp(0.0, (self.h - 1) as f32);
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let top = lerp3(self.at(x0, y0), self.at(x0 + 1, y0), fx);
        let bottom = lerp3(self.at(x0, y0 + 1), self.at(x0 + 1, y0 + 1), fx);
        lerp3(top, bottom, fy)
    }
}

/// The photo, the head's outline per row (left, right edges, photo columns) and the clean plate
/// (the photo with the head replaced by what it hides).
struct Model {
    photo: Photo,
    edges: Vec<(f32, f32)>,
    plate: Photo,
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let (w, h, px) = decode_png(include_bytes!("../photos/astronaut.png"));
        let photo = Photo { w, h, px };
        let edges = outline(&photo);
        let plate = clean_plate(&photo, &edges);
        Model {
            photo,
            edges,
            plate,
        }
    })
}

fn luma(p: [f32; 3]) -> f32 {
    0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]
}

/// The pale, nearly grey studio backdrop.
fn is_backdrop(p: [f32; 3]) -> bool {
    let spread =
        p.iter().fold(f32::MIN, |a, &b| a.max(b)) - p.iter().fold(f32::MAX, |a, &b| a.min(b));
    luma(p) >= 150.0 && spread <= 32.0
}

/// Lit or shaded skin: reddish and not dark (the collar is black, its ring lavender grey, the
/// backdrop grey).
fn is_skin(p: [f32; 3]) -> bool {
    luma(p) >= 100.0 && p[0] - p[2] >= 28.0
}

/// Each head row's left and right edge: the first run of three head pixels from either side,
/// then smoothed down the rows (median, then mean), since single hair strands would make the
/// slices jitter.
fn outline(photo: &Photo) -> Vec<(f32, f32)> {
    let (from, to) = (140usize, 320usize);
    let raw: Vec<(f32, f32)> = (HEAD_TOP..=HEAD_BOTTOM)
        .map(|y| {
            let head = |x: usize| {
                let p = photo.at(x, y);
                if y < JAW_ROW {
                    !is_backdrop(p)
                } else {
                    is_skin(p)
                }
            };
            let run = |x: usize| head(x) && head(x + 1) && head(x + 2);
            let left = (from..to).find(|&x| run(x)).unwrap_or(AXIS_X as usize);
            let right = (from..to)
                .rev()
                .find(|&x| run(x - 2))
                .unwrap_or(AXIS_X as usize);
            // Pixel centres are whole numbers: the head spans from half a pixel before
            // its first pixel to half a pixel after its last.
            (left as f32 - 0.5, right as f32 + 0.5)
        })
        .collect();
    let median: Vec<(f32, f32)> = (0..raw.len())
        .map(|i| {
            let lo = i.saturating_sub(2);
            let hi = (i + 3).min(raw.len());
            let mut l: Vec<f32> = raw[lo..hi].iter().map(|e| e.0).collect();
            let mut r: Vec<f32> = raw[lo..hi].iter().map(|e| e.1).collect();
            l.sort_by(f32::total_cmp);
            r.sort_by(f32::total_cmp);
            (l[l.len() / 2], r[r.len() / 2])
        })
        .collect();
    // Then a short mean: each slice's texture turns back at its own edge, so edges that still
    // step from row to row would streak the side of a turned head.
    (0..median.len())
        .map(|i| {
            let near = &median[i.saturating_sub(2)..(i + 3).min(median.len())];
            let n = near.len() as f32;
            (
                near.iter().map(|e| e.0).sum::<f32>() / n,
                near.iter().map(|e| e.1).sum::<f32>() / n,
            )
        })
        .collect()
}

/// The photo with the head replaced by what it hides: the backdrop, filled in from either
/// side of each row, and from [`NECK_TOP`] down a neck, as skin in the head's shadow (what a
/// turned jaw uncovers).
fn clean_plate(photo: &Photo, edges: &[(f32, f32)]) -> Photo {
    const MARGIN: usize = 3;
    let mut px = photo.px.clone();
    let mean = |ys: std::ops::Range<usize>, xs: std::ops::Range<usize>| {
        let mut sum = [0.0f32; 3];
        let mut n = 0.0;
        for y in ys {
            for x in xs.clone() {
                let p = photo.at(x, y);
                for c in 0..3 {
                    sum[c] += p[c];
                }
                n += 1.0;
            }
        }
        sum.map(|s| s / n)
    };
    // The lit side of the neck, under the chin.
    let skin = mean(170..178, 190..198);
    for (i, &(l, r)) in edges.iter().enumerate() {
        let y = HEAD_TOP + i;
        let (l, r) = (l as usize - MARGIN, r as usize + MARGIN);
        // What lies just outside either edge, averaged over a few rows so the fill has no
        // streaks.
        let rows = y.saturating_sub(4)..y + 5;
        let (lc, rc) = (mean(rows.clone(), l - 5..l), mean(rows, r + 1..r + 6));
        for x in l..=r {
            let t = (x - l) as f32 / (r - l) as f32;
            let u = (x as f32 - NECK_X) / NECK_HALF;
            let behind = if y < JAW_ROW {
                lerp3(lc, rc, t)
            } else if u < 0.0 {
                lc
            } else {
                rc
            };
            // Lit from the front and a little from the subject's right, darker up under the
            // skull.
            let shade = (0.62 + 0.3 * (1.0 - u * u).max(0.0).sqrt() - 0.08 * u)
                * (0.8 + 0.2 * smoothstep(NECK_TOP as f32, HEAD_BOTTOM as f32, y as f32));
            // Skin in shadow keeps its colour: blue and green fall faster than red.
            let neck = [
                skin[0] * shade,
                skin[1] * shade.powf(1.25),
                skin[2] * shade.powf(1.5),
            ];
            // The neck's sides, two pixels soft.
            let inside = ((1.0 - u.abs()) * NECK_HALF / 2.0).clamp(0.0, 1.0);
            px[y * photo.w + x] = if y >= NECK_TOP {
                lerp3(behind, neck, inside)
            } else {
                behind
            };
        }
    }
    Photo {
        w: photo.w,
        h: photo.h,
        px,
    }
}

/// How far from a slice's centre (photo pixels) its texture is read at angle `phi` (0 ahead,
/// radians): where the photo saw the surface, straight on (`a sin phi`); beyond [`OBLIQUE`] the
/// photo's last few pixels would be smeared over the whole side coming into view, so the
/// texture runs on at the speed it had there and turns back at the silhouette, mirroring the
/// nearby hair or skin instead.
fn side_texture(a: f32, phi: f32) -> f32 {
    if phi <= OBLIQUE {
        return a * phi.sin();
    }
    let edge = a - INSET;
    let u = a * OBLIQUE.sin() + a * OBLIQUE.cos() * (phi - OBLIQUE);
    if u > edge {
        (2.0 * edge - u).max(0.0)
    } else {
        u
    }
}

fn gauss(d: f32, sigma: f32) -> f32 {
    (-0.5 * (d / sigma) * (d / sigma)).exp()
}

fn smoothstep(e0: f32, e1: f32, v: f32) -> f32 {
    let t = ((v - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// The face's relief in front of its slice's ellipse, in photo pixels, at a photo point: the
/// features' places are read off the photo (eyes at rows ~103, nose tip ~(224, 126), mouth
/// ~144, chin ~176).
fn relief(x: f32, y: f32) -> f32 {
    // The nose: a ridge from the bridge to the tip, wider and higher towards the tip, falling
    // away under it.
    let along = smoothstep(98.0, 127.0, y);
    let under = 1.0 - smoothstep(127.0, 134.0, y);
    let width = 3.5 + 4.0 * along;
    let nose = (2.0 + 12.0 * along * along) * under * gauss(x - 224.5, width);
    let wings = 3.0 * gauss(y - 127.0, 3.0) * (gauss(x - 214.0, 4.0) + gauss(x - 235.0, 4.0));
    let brows = 3.0 * gauss(y - 92.0, 5.0) * (gauss(x - 204.0, 12.0) + gauss(x - 246.0, 12.0));
    let sockets = -3.0 * gauss(y - 103.0, 5.0) * (gauss(x - 204.0, 7.0) + gauss(x - 246.0, 7.0));
    let lips = 3.0 * gauss(y - 144.0, 5.0) * gauss(x - 225.0, 14.0);
    let chin = 3.0 * gauss(y - 172.0, 6.0) * gauss(x - 226.0, 10.0);
    nose + wings + brows + sockets + lips + chin
}

/// One head row's slice at a (fractional) photo row: centre, half-width, depth, and the depth
/// of its centre in front of the axis.
struct Slice {
    cx: f32,
    a: f32,
    c: f32,
    z0: f32,
}

fn slice(edges: &[(f32, f32)], y: f32) -> Option<Slice> {
    let i = y - HEAD_TOP as f32;
    if i < 0.0 || i > (edges.len() - 1) as f32 {
        return None;
    }
    let i0 = i.floor() as usize;
    let i1 = (i0 + 1).min(edges.len() - 1);
    let f = i - i0 as f32;
    let l = edges[i0].0 + (edges[i1].0 - edges[i0].0) * f;
    let r = edges[i0].1 + (edges[i1].1 - edges[i0].1) * f;
    let a = ((r - l) / 2.0).max(1.0);
    let c = DEPTH_RATIO * a;
    // The lower face's front stays near the face's plane (a little behind it at the chin)
    // while its slices narrow, so they sit in front of the axis.
    let front = if y < 95.0 {
        0.0
    } else {
        let t = (y - 95.0) / (HEAD_BOTTOM as f32 - 95.0);
        FACE_FRONT * (1.0 - 0.15 * t * t)
    };
    Some(Slice {
        cx: (l + r) / 2.0,
        a,
        c,
        z0: (front - c).max(0.0),
    })
}

/// One 480x360 RGB frame (row-major, 3 bytes a pixel) of the head turned by `yaw_deg`:
/// positive when the subject turns to their left (the nose moves to the right of the picture),
/// as `idv_face::blazeface::Face::yaw` measures it. Deterministic.
pub fn frame(yaw_deg: f32) -> (Vec<u8>, usize, usize) {
    let m = model();
    let (sin, cos) = yaw_deg.to_radians().sin_cos();
    let mut out = vec![0u8; WIDTH * HEIGHT * 3];
    let mut zbuf = vec![f32::NEG_INFINITY; WIDTH];
    let mut tex = vec![0.0f32; WIDTH];
    let mut pts: Vec<(f32, f32, f32)> = Vec::new();
    for yo in 0..HEIGHT {
        let ys = CROP_Y + (yo as f32 + 0.5) / SCALE - 0.5;
        let row = &mut out[yo * WIDTH * 3..][..WIDTH * 3];
        let mut bg: Vec<[f32; 3]> = (0..WIDTH)
            .map(|xo| {
                m.plate
                    .bilinear(CROP_X + (xo as f32 + 0.5) / SCALE - 0.5, ys)
            })
            .collect();
        if let Some(s) = slice(&m.edges, ys) {
            // Points round the slice, close enough that neighbours are under half an output
            // pixel apart.
            let half = std::f32::consts::FRAC_PI_2 + BACK;
            let n = ((2.0 * half * s.a.max(s.c) * SCALE) / 0.4).ceil() as usize + 1;
            pts.clear();
            for k in 0..n {
                let phi = -half + 2.0 * half * k as f32 / (n - 1) as f32;
                let (sp, cp) = phi.sin_cos();
                let x = s.cx + s.a * sp;
                let z = s.z0 + s.c * cp + if cp > 0.0 { relief(x, ys) } else { 0.0 };
                let tx = s.cx + phi.signum() * side_texture(s.a, phi.abs());
                let xr = AXIS_X + (x - AXIS_X) * cos + z * sin;
                let zr = -(x - AXIS_X) * sin + z * cos;
                pts.push(((xr - CROP_X + 0.5) * SCALE, zr, tx));
            }
            zbuf.fill(f32::NEG_INFINITY);
            let (mut lo, mut hi) = ((f32::MAX, 0.0), (f32::MIN, 0.0));
            for w in pts.windows(2) {
                let ((x0, z0, t0), (x1, z1, t1)) = (w[0], w[1]);
                if x0 < lo.0 {
                    lo = (x0, t0);
                }
                if x0 > hi.0 {
                    hi = (x0, t0);
                }
                let (a, b) = if x0 <= x1 { (x0, x1) } else { (x1, x0) };
                if b - a < 1e-6 {
                    continue;
                }
                // Output pixels whose centre lies in [a, b).
                let first = (a - 0.5).ceil().max(0.0) as usize;
                let last = ((b - 0.5).ceil() as isize).min(WIDTH as isize) - 1;
                for px in first as isize..=last {
                    let px = px as usize;
                    let t = (px as f32 + 0.5 - x0) / (x1 - x0);
                    let z = z0 + (z1 - z0) * t;
                    if z > zbuf[px] {
                        zbuf[px] = z;
                        tex[px] = t0 + (t1 - t0) * t;
                    }
                }
            }
            let (xmin, xmax) = (lo.0, hi.0);
            let first = xmin.floor().max(0.0) as usize;
            let last = (xmax.ceil() as usize).min(WIDTH);
            for px in first..last {
                let cover = ((px as f32 + 1.0).min(xmax) - (px as f32).max(xmin)).clamp(0.0, 1.0);
                if cover <= 0.0 {
                    continue;
                }
                let t = if zbuf[px] > f32::NEG_INFINITY {
                    tex[px]
                } else if (px as f32) < xmin + 1.0 {
                    lo.1
                } else {
                    hi.1
                };
                let head = m.photo.bilinear(t, ys);
                bg[px] = lerp3(bg[px], head, cover);
            }
        }
        for (o, p) in row.chunks_exact_mut(3).zip(&bg) {
            for c in 0..3 {
                o[c] = p[c].round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    (out, WIDTH, HEIGHT)
}

/// The script's yaw at `t` seconds (looped).
pub fn yaw_at(t: f32) -> f32 {
    let t = t.rem_euclid(LOOP_S);
    for w in KEYS.windows(2) {
        let ((t0, y0), (t1, y1)) = (w[0], w[1]);
        if t < t1 {
            return y0 + (y1 - y0) * smoothstep(t0, t1, t);
        }
    }
    KEYS[KEYS.len() - 1].1
}

/// The script's frame count at `fps` frames a second: one loop.
pub fn frame_count(fps: u32) -> usize {
    (LOOP_S * fps as f32).round() as usize
}

/// The hand-held camera's shake at `t` seconds: the whole picture moved by a few pixels, so no
/// two frames of a hold are identical (a platform rightly takes identical frames for a still
/// photograph).
pub fn shake_at(t: f32) -> (i32, i32) {
    use std::f32::consts::TAU;
    (
        (3.0 * (TAU * t / 1.1).sin()).round() as i32,
        (2.0 * (TAU * t / 1.7 + 1.0).sin()).round() as i32,
    )
}

/// `rgb` moved by `(dx, dy)` pixels, the edges repeated.
fn shifted(rgb: &[u8], (dx, dy): (i32, i32)) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgb.len());
    for y in 0..HEIGHT as i32 {
        let sy = (y - dy).clamp(0, HEIGHT as i32 - 1) as usize;
        for x in 0..WIDTH as i32 {
            let sx = (x - dx).clamp(0, WIDTH as i32 - 1) as usize;
            out.extend_from_slice(&rgb[(sy * WIDTH + sx) * 3..][..3]);
        }
    }
    out
}

/// One loop of the script as a Y4M video (`frame_count(fps)` frames of 480x360 4:2:0, BT.601
/// studio range, the still face's header with `F{fps}:1`); frame `i` shows `yaw_at(i / fps)`,
/// moved by `shake_at(i / fps)`.
pub fn turning_y4m(fps: u32) -> Vec<u8> {
    assert!(fps > 0, "fps");
    let n = frame_count(fps);
    let frame_bytes = WIDTH * HEIGHT * 3 / 2;
    let mut out = format!("YUV4MPEG2 W{WIDTH} H{HEIGHT} F{fps}:1 Ip A1:1 C420jpeg\n").into_bytes();
    out.reserve(n * (6 + frame_bytes));
    // Holds repeat one yaw many times; render it once.
    let mut done: HashMap<u32, Vec<u8>> = HashMap::new();
    for i in 0..n {
        let t = i as f32 / fps as f32;
        let yaw = yaw_at(t);
        let rgb = done.entry(yaw.to_bits()).or_insert_with(|| frame(yaw).0);
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&yuv420(&shifted(rgb, shake_at(t)), WIDTH, HEIGHT));
    }
    out
}

/// RGB to planar 4:2:0, BT.601 studio range (`data/make_face_fixture.py`'s coefficients), the
/// chroma of each 2x2 block from its mean colour.
pub fn yuv420(rgb: &[u8], w: usize, h: usize) -> Vec<u8> {
    let clamp = |v: f32| v.round().clamp(0.0, 255.0) as u8;
    let px = |x: usize, y: usize| {
        let p = &rgb[(y * w + x) * 3..][..3];
        [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])]
    };
    let mut out = Vec::with_capacity(w * h * 3 / 2);
    for y in 0..h {
        for x in 0..w {
            let [r, g, b] = px(x, y);
            out.push(clamp(16.0 + 0.257 * r + 0.504 * g + 0.098 * b));
        }
    }
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let mut u = Vec::with_capacity(cw * ch);
    let mut v = Vec::with_capacity(cw * ch);
    for y in 0..ch {
        for x in 0..cw {
            let mut sum = [0.0f32; 3];
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let p = px((2 * x + dx).min(w - 1), (2 * y + dy).min(h - 1));
                for c in 0..3 {
                    sum[c] += p[c] / 4.0;
                }
            }
            let [r, g, b] = sum;
            u.push(clamp(128.0 - 0.148 * r - 0.291 * g + 0.439 * b));
            v.push(clamp(128.0 + 0.439 * r - 0.368 * g - 0.071 * b));
        }
    }
    out.extend(u);
    out.extend(v);
    out
}
