//! A labelled benchmark set of ID-card frames on real photographs, for the document guidance
//! (`idv_core::quality`): every frame is what the app's analysis buffer would hold, rendered
//! from a seeded scene, so the set is large, varied and the same on every machine.
//!
//! A scene is a background photograph (committed under `photos/`, see `photos/SOURCES.md`),
//! cropped, scaled and rotated at random, an ID-1 card (or a non-ID distractor, or nothing)
//! mapped onto it through a homography from a card plane tilted in 3D, then the camera: defocus
//! or motion blur, uneven lighting, a specular highlight, exposure, sensor noise, JPEG-like
//! quantisation, and the app's luma conversion. Rendering is supersampled so edges are
//! anti-aliased as a camera's are.
//!
//! Each label has one defect and keeps a margin from the others (see [`Label`]); a scene that
//! misses its label's constraints after rendering (too dark for `ok`, say) is drawn again from
//! the same seeded stream, so a frame's label is measured, not hoped for.
//!
//! About a third of the photographs are held out (every frame on them is [`Split::HeldOut`]),
//! and a random fifth of the other frames too: a detector is tuned on [`Split::Tuning`] only.

use std::f32::consts::PI;
use std::sync::OnceLock;

/// The app's analysis buffer: the on-screen guide and a margin around it.
pub const ANALYSIS_W: usize = 320;
pub const ANALYSIS_H: usize = 202;
/// The buffer is the on-screen guide grown by 8 % of its size on each side.
pub const GUIDE_MARGIN: f32 = 0.08;

/// Samples per pixel along each axis on objects' outlines (box-averaged); elsewhere one sample
/// of prefiltered textures is as good and far cheaper.
const SS: usize = 3;
/// Frames per label in [`benchmark_set`].
const PER_LABEL: usize = 210;
/// ID-1: 85.6 x 54 mm.
const CARD_W_MM: f32 = 85.6;
const CARD_H_MM: f32 = 54.0;
const CARD_ASPECT: f32 = CARD_W_MM / CARD_H_MM;

/// What the guidance should say about a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// Whole card, every corner at least 6 px inside, fill 0.62-1.2, sharp, well exposed.
    Ok,
    /// Placed like `Ok`, but defocused (sigma 1.8-3.5 px) or moved (6-12 px).
    Blurry,
    /// Mean luma at most 35, noisy; a card or not.
    Dark,
    /// Like `Ok` plus a saturated highlight on 5-25 % of the card.
    Glare,
    /// Whole card, at least 4 px inside, fill 0.15-0.38.
    TooFar,
    /// Fill 0.6-1.8, out of the buffer by at least 12 % of its size, at least 40 % visible.
    CutOff,
    /// No card; a third of them show a square or strip-shaped object instead.
    NoDocument,
}

impl Label {
    pub const ALL: [Label; 7] = [
        Label::Ok,
        Label::Blurry,
        Label::Dark,
        Label::Glare,
        Label::TooFar,
        Label::CutOff,
        Label::NoDocument,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Label::Ok => "ok",
            Label::Blurry => "blurry",
            Label::Dark => "dark",
            Label::Glare => "glare",
            Label::TooFar => "too_far",
            Label::CutOff => "cut_off",
            Label::NoDocument => "no_document",
        }
    }
}

/// Which part of the set a frame belongs to: tune on `Tuning` only, report on both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Tuning,
    HeldOut,
}

/// One labelled analysis buffer.
#[derive(Clone, Debug)]
pub struct Frame {
    pub width: usize,
    pub height: usize,
    /// Row-major luma, `(77 R + 150 G + 29 B) >> 8` as the app computes it.
    pub luma: Vec<u8>,
    pub label: Label,
    pub split: Split,
    /// The card's true corners in buffer pixels (pixel centres at integer coordinates): top-left,
    /// top-right, bottom-right, bottom-left as seen in the frame, when the card is wholly inside.
    pub corners: Option<[(f32, f32); 4]>,
    /// Card quad area / guide area; 0 without a card.
    pub fill: f32,
    /// The background photo's file name.
    pub background: &'static str,
    pub index: usize,
}

/// An RGB picture (3 bytes a pixel, row-major).
#[derive(Clone, Debug)]
pub struct Rgb {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

// ------------------------------------------------------------------------------------------
// Randomness: SplitMix64, so the set needs no crate and is the same everywhere.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f()
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 33) % n as u64) as usize
    }
    fn chance(&mut self, p: f32) -> bool {
        self.f() < p
    }
    /// About standard normal: the sum of four uniforms (Irwin-Hall), centred and scaled. Its
    /// tails stop at 3.5 sigma, which sensor noise never misses, and it costs no logarithm.
    fn gauss(&mut self) -> f32 {
        let r = self.next_u64();
        let sum: u32 = (0..4).map(|k| ((r >> (16 * k)) & 0xFFFF) as u32).sum();
        (sum as f32 / 65536.0 - 2.0) * 1.732_050_8
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ------------------------------------------------------------------------------------------
// Photographs.

struct PhotoFile {
    name: &'static str,
    bytes: &'static [u8],
    /// Never tuned on: every frame on it is `Split::HeldOut`.
    held_out: bool,
    /// Whether it shows a scene with an up (people, animals): kept within +-25 degrees of
    /// upright, where a texture may turn any way.
    upright: bool,
}

const PHOTO_FILES: [PhotoFile; 11] = [
    PhotoFile {
        name: "brick.png",
        bytes: include_bytes!("../photos/brick.png"),
        held_out: false,
        upright: false,
    },
    PhotoFile {
        name: "grass.png",
        bytes: include_bytes!("../photos/grass.png"),
        held_out: false,
        upright: false,
    },
    PhotoFile {
        name: "gravel.png",
        bytes: include_bytes!("../photos/gravel.png"),
        held_out: true,
        upright: false,
    },
    PhotoFile {
        name: "coffee.png",
        bytes: include_bytes!("../photos/coffee.png"),
        held_out: true,
        upright: false,
    },
    PhotoFile {
        name: "chelsea.png",
        bytes: include_bytes!("../photos/chelsea.png"),
        held_out: false,
        upright: true,
    },
    PhotoFile {
        name: "camera.png",
        bytes: include_bytes!("../photos/camera.png"),
        held_out: false,
        upright: true,
    },
    PhotoFile {
        name: "astronaut.png",
        bytes: include_bytes!("../photos/astronaut.png"),
        held_out: false,
        upright: true,
    },
    PhotoFile {
        name: "text.png",
        bytes: include_bytes!("../photos/text.png"),
        held_out: false,
        upright: false,
    },
    PhotoFile {
        name: "coins.png",
        bytes: include_bytes!("../photos/coins.png"),
        held_out: true,
        upright: false,
    },
    PhotoFile {
        name: "raccoon.png",
        bytes: include_bytes!("../photos/raccoon.png"),
        held_out: false,
        upright: true,
    },
    PhotoFile {
        name: "ascent.png",
        bytes: include_bytes!("../photos/ascent.png"),
        held_out: true,
        upright: false,
    },
];

/// A decoded photograph, linear in its stored values (0-255), always three channels.
struct Photo {
    name: &'static str,
    w: usize,
    h: usize,
    px: Vec<[f32; 3]>,
    mean: f32,
    held_out: bool,
    upright: bool,
    /// The photo at half size (2x2 box average), sampled where it is shown scaled down, so its
    /// fine texture is averaged as a camera pixel would, not aliased.
    half: Option<Box<Photo>>,
}

impl Photo {
    /// Bilinear sample at (x, y), pixel centres at integer coordinates; outside, the picture is
    /// mirrored (only reached by the few crops that cannot fit a small photo).
    fn sample(&self, x: f32, y: f32) -> [f32; 3] {
        let (x, y) = if x >= 0.0 && y >= 0.0 && x <= (self.w - 1) as f32 && y <= (self.h - 1) as f32
        {
            (x, y)
        } else {
            (reflect(x, self.w), reflect(y, self.h))
        };
        // Non-negative here, so truncation is floor.
        let x0 = (x as usize).min(self.w - 1);
        let y0 = (y as usize).min(self.h - 1);
        let x1 = (x0 + 1).min(self.w - 1);
        let y1 = (y0 + 1).min(self.h - 1);
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |xx: usize, yy: usize| self.px[yy * self.w + xx];
        lerp3(
            lerp3(p(x0, y0), p(x1, y0), fx),
            lerp3(p(x0, y1), p(x1, y1), fx),
            fy,
        )
    }
}

fn reflect(v: f32, n: usize) -> f32 {
    let max = (n - 1) as f32;
    let period = 2.0 * max;
    let mut m = v.rem_euclid(period);
    if m > max {
        m = period - m;
    }
    m
}

pub(crate) fn lerp3(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

pub(crate) fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<[f32; 3]>) {
    let mut decoder = ::png::Decoder::new(bytes);
    decoder.set_transformations(::png::Transformations::EXPAND | ::png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("photo PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("photo PNG data");
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.color_type.samples();
    let px = buf[..w * h * channels]
        .chunks_exact(channels)
        .map(|c| match channels {
            1 | 2 => [c[0] as f32; 3],
            _ => [c[0] as f32, c[1] as f32, c[2] as f32],
        })
        .collect();
    (w, h, px)
}

fn photos() -> &'static [Photo] {
    static PHOTOS: OnceLock<Vec<Photo>> = OnceLock::new();
    PHOTOS.get_or_init(|| {
        PHOTO_FILES
            .iter()
            .map(|f| {
                let (w, h, px) = decode_png(f.bytes);
                let mean = px.iter().map(|p| luma_f(*p)).sum::<f32>() / px.len() as f32;
                let (hw, hh) = (w / 2, h / 2);
                let half_px = (0..hw * hh)
                    .map(|i| {
                        let (x, y) = (2 * (i % hw), 2 * (i / hw));
                        let q = [
                            px[y * w + x],
                            px[y * w + x + 1],
                            px[(y + 1) * w + x],
                            px[(y + 1) * w + x + 1],
                        ];
                        [0, 1, 2].map(|c| q.iter().map(|p| p[c]).sum::<f32>() / 4.0)
                    })
                    .collect();
                let half = Photo {
                    name: f.name,
                    w: hw,
                    h: hh,
                    px: half_px,
                    mean,
                    held_out: f.held_out,
                    upright: f.upright,
                    half: None,
                };
                Photo {
                    name: f.name,
                    w,
                    h,
                    px,
                    mean,
                    held_out: f.held_out,
                    upright: f.upright,
                    half: Some(Box::new(half)),
                }
            })
            .collect()
    })
}

/// The names of the background photographs, and whether each is held out.
pub fn backgrounds() -> Vec<(&'static str, bool)> {
    PHOTO_FILES.iter().map(|f| (f.name, f.held_out)).collect()
}

fn photo_named(name: &str) -> &'static Photo {
    photos()
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no background photo named {name}"))
}

/// The face crops the cards' portraits come from: (photo, x, y, w, h), about 3:4.
const FACES: [(&str, f32, f32, f32, f32); 2] = [
    ("astronaut.png", 148.0, 12.0, 156.0, 208.0),
    ("camera.png", 140.0, 58.0, 126.0, 168.0),
];

fn luma_f(p: [f32; 3]) -> f32 {
    (77.0 * p[0] + 150.0 * p[1] + 29.0 * p[2]) / 256.0
}

// ------------------------------------------------------------------------------------------
// Textures drawn in card coordinates: u across, v down, both in [0, 1].

struct Tex {
    w: usize,
    h: usize,
    px: Vec<[f32; 3]>,
}

impl Tex {
    fn new(w: usize, h: usize, colour: [f32; 3]) -> Self {
        Tex {
            w,
            h,
            px: vec![colour; w * h],
        }
    }

    fn sample(&self, u: f32, v: f32) -> [f32; 3] {
        let x = (u * self.w as f32 - 0.5).clamp(0.0, (self.w - 1) as f32);
        let y = (v * self.h as f32 - 0.5).clamp(0.0, (self.h - 1) as f32);
        let x0 = x as usize;
        let y0 = y as usize;
        let x1 = (x0 + 1).min(self.w - 1);
        let y1 = (y0 + 1).min(self.h - 1);
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |xx: usize, yy: usize| self.px[yy * self.w + xx];
        lerp3(
            lerp3(p(x0, y0), p(x1, y0), fx),
            lerp3(p(x0, y1), p(x1, y1), fx),
            fy,
        )
    }

    fn blend(&mut self, x: usize, y: usize, c: [f32; 3], a: f32) {
        let p = &mut self.px[y * self.w + x];
        *p = lerp3(*p, c, a);
    }

    /// A rectangle in card units, with partial coverage at its edges so thin strokes keep
    /// their weight at any texture size.
    fn rect(&mut self, u0: f32, v0: f32, u1: f32, v1: f32, c: [f32; 3], a: f32) {
        let (x0, x1) = (u0 * self.w as f32, u1 * self.w as f32);
        let (y0, y1) = (v0 * self.h as f32, v1 * self.h as f32);
        let (xa, xb) = (
            x0.floor().max(0.0) as usize,
            (x1.ceil() as usize).min(self.w),
        );
        let (ya, yb) = (
            y0.floor().max(0.0) as usize,
            (y1.ceil() as usize).min(self.h),
        );
        for y in ya..yb {
            let cy = (y1.min(y as f32 + 1.0) - y0.max(y as f32)).clamp(0.0, 1.0);
            for x in xa..xb {
                let cx = (x1.min(x as f32 + 1.0) - x0.max(x as f32)).clamp(0.0, 1.0);
                self.blend(x, y, c, a * cx * cy);
            }
        }
    }

    /// A round dot of radius `r` (in units of card width) at (u, v): a pen's stroke, stamped.
    fn dot(&mut self, u: f32, v: f32, r: f32, c: [f32; 3], a: f32) {
        let (cx, cy, rr) = (
            u * self.w as f32,
            v * self.h as f32,
            (r * self.w as f32).max(0.5),
        );
        let xa = (cx - rr - 1.0).floor().max(0.0) as usize;
        let xb = ((cx + rr + 1.0).ceil().max(0.0) as usize).min(self.w);
        let ya = (cy - rr - 1.0).floor().max(0.0) as usize;
        let yb = ((cy + rr + 1.0).ceil().max(0.0) as usize).min(self.h);
        for y in ya..yb {
            for x in xa..xb {
                let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                let cov = (rr + 0.5 - d).clamp(0.0, 1.0);
                if cov > 0.0 {
                    self.blend(x, y, c, a * cov);
                }
            }
        }
    }

    /// A stroke along `f(t)`, t in [0, 1], of radius `r`.
    fn stroke(&mut self, f: impl Fn(f32) -> (f32, f32), r: f32, c: [f32; 3], a: f32) {
        let steps = (self.w as f32 * 2.5) as usize;
        let mut last = (-1.0, -1.0);
        let step_min = 0.35 / self.w as f32;
        for i in 0..=steps {
            let (u, v) = f(i as f32 / steps as f32);
            // Stamping each position once at about a third of a texel apart keeps the stroke
            // even without piling alpha up where the curve is slow.
            if (u - last.0).abs() + (v - last.1).abs() * self.h as f32 / self.w as f32 > step_min {
                self.dot(u, v, r, c, a);
                last = (u, v);
            }
        }
    }

    /// A picture region (x, y, w, h in `photo` pixels) drawn into the box, in colour or grey.
    fn picture(&mut self, photo: &Photo, src: (f32, f32, f32, f32), dst: [f32; 4], grey: bool) {
        let (x0, x1) = (
            (dst[0] * self.w as f32) as usize,
            (dst[2] * self.w as f32) as usize,
        );
        let (y0, y1) = (
            (dst[1] * self.h as f32) as usize,
            (dst[3] * self.h as f32) as usize,
        );
        for y in y0..y1.min(self.h) {
            for x in x0..x1.min(self.w) {
                let fu = (x - x0) as f32 / (x1 - x0).max(1) as f32;
                let fv = (y - y0) as f32 / (y1 - y0).max(1) as f32;
                let mut c = photo.sample(src.0 + fu * src.2, src.1 + fv * src.3);
                if grey {
                    c = [luma_f(c); 3];
                }
                self.px[y * self.w + x] = c;
            }
        }
    }
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    lerp3(a, b, t)
}

fn scale3(a: [f32; 3], k: f32) -> [f32; 3] {
    [a[0] * k, a[1] * k, a[2] * k]
}

const LIGHT_CARDS: [[f32; 3]; 6] = [
    [238.0, 238.0, 232.0], // white
    [236.0, 226.0, 198.0], // cream
    [204.0, 220.0, 238.0], // pale blue
    [208.0, 232.0, 212.0], // pale green
    [240.0, 214.0, 222.0], // pink
    [226.0, 226.0, 220.0], // light grey
];
const DARK_CARDS: [[f32; 3]; 4] = [
    [28.0, 38.0, 84.0], // navy
    [24.0, 70.0, 46.0], // dark green
    [96.0, 26.0, 38.0], // burgundy
    [54.0, 56.0, 60.0], // graphite
];
const BANDS: [[f32; 3]; 6] = [
    [30.0, 70.0, 150.0],
    [170.0, 35.0, 45.0],
    [30.0, 110.0, 70.0],
    [110.0, 60.0, 140.0],
    [200.0, 140.0, 40.0],
    [60.0, 60.0, 70.0],
];

/// Text-like marks: words of small bars of varying height along a line.
#[allow(clippy::too_many_arguments)]
fn text_line(t: &mut Tex, rng: &mut Rng, u0: f32, u1: f32, v: f32, ch: f32, c: [f32; 3]) {
    // A character is about 0.55 of its height wide, in mm; u and v are scaled differently.
    let cw = ch * CARD_H_MM / CARD_W_MM * 0.62;
    let mut u = u0;
    while u < u1 {
        let word = 2 + rng.below(8);
        for _ in 0..word {
            if u + cw > u1 {
                break;
            }
            let tall = if rng.chance(0.25) { 1.0 } else { 0.72 };
            let top = v + ch * (1.0 - tall);
            if rng.chance(0.3) {
                // A round letter: two stems and a bar, so the mark has inner structure.
                t.rect(u, top, u + cw * 0.22, v + ch, c, 0.95);
                t.rect(u + cw * 0.55, top, u + cw * 0.77, v + ch, c, 0.95);
                t.rect(u, top, u + cw * 0.77, top + ch * 0.16, c, 0.95);
            } else {
                t.rect(u, top, u + cw * 0.72, v + ch, c, 0.9);
            }
            u += cw;
        }
        u += cw * 1.1;
    }
}

/// An ID-1 card's face: background, maybe guilloche, header band, chip, portrait, text, a
/// signature, an MRZ, a printed border. `w` texels across.
fn draw_card(rng: &mut Rng, w: usize, light: bool) -> Tex {
    let h = ((w as f32 / CARD_ASPECT).round() as usize).max(2);
    let base = if light {
        rng.pick(&LIGHT_CARDS)
    } else {
        rng.pick(&DARK_CARDS)
    };
    let ink = if light {
        [
            rng.range(20.0, 60.0),
            rng.range(20.0, 55.0),
            rng.range(25.0, 70.0),
        ]
    } else if rng.chance(0.7) {
        [225.0, 225.0, 220.0]
    } else {
        [215.0, 185.0, 110.0]
    };
    let mut t = Tex::new(w, h, base);
    // A gentle print gradient across the card.
    let grad = rng.range(-0.06, 0.06);
    for y in 0..h {
        for x in 0..w {
            let k = 1.0 + grad * (x as f32 / w as f32 - 0.5) + grad * 0.5 * (y as f32 / h as f32);
            let p = &mut t.px[y * w + x];
            *p = scale3(*p, k);
        }
    }
    // Guilloche: interleaved sine curves in a tint of the card.
    if rng.chance(0.55) {
        let tint = if light {
            mix(base, rng.pick(&BANDS), 0.35)
        } else {
            mix(base, [200.0, 200.0, 200.0], 0.25)
        };
        let lines = 6 + rng.below(10);
        let (freq, amp) = (rng.range(2.0, 7.0), rng.range(0.04, 0.15));
        let phase = rng.range(0.0, 6.3);
        for k in 0..lines {
            let v0 = 0.12 + 0.8 * k as f32 / lines as f32;
            let ph = phase + k as f32 * 0.7;
            t.stroke(
                |s| {
                    (
                        s,
                        v0 + amp * (2.0 * PI * freq * s + ph).sin() * (PI * s * 1.3 + ph).cos(),
                    )
                },
                0.0015,
                tint,
                0.7,
            );
        }
    }
    let mut top = 0.06;
    // Header band with the issuer's "name" in light letters.
    if rng.chance(0.5) {
        let band = rng.pick(&BANDS);
        let bh = rng.range(0.12, 0.19);
        t.rect(0.0, 0.0, 1.0, bh, band, 1.0);
        let letters = mix(band, [250.0, 250.0, 250.0], 0.85);
        let end = rng.range(0.6, 0.85);
        text_line(&mut t, rng, 0.18, end, bh * 0.3, bh * 0.45, letters);
        top = bh + 0.05;
    } else {
        let end = rng.range(0.5, 0.8);
        text_line(&mut t, rng, 0.06, end, 0.05, 0.065, ink);
        top += 0.1;
    }
    let mrz = rng.chance(0.35);
    let bottom = if mrz { 0.68 } else { 0.92 };
    // Portrait on the left or the right; a photo from a real picture.
    let left = rng.chance(0.75);
    let (pw, ph) = (0.26, (bottom - top).min(0.62));
    let pu = if left { 0.05 } else { 0.95 - pw };
    let face = FACES[rng.below(FACES.len())];
    let (fx, fy, fw, fh) = (
        face.1 + rng.range(-6.0, 6.0),
        face.2 + rng.range(-6.0, 6.0),
        face.3,
        face.4,
    );
    t.picture(
        photo_named(face.0),
        (fx, fy, fw, fh),
        [pu, top, pu + pw, top + ph],
        rng.chance(0.4),
    );
    // Text beside the portrait: a small label line over a bolder value line.
    let (tu0, tu1) = if left { (0.36, 0.95) } else { (0.05, 0.64) };
    let lines = 3 + rng.below(3);
    let pitch = (bottom - top - 0.1) / lines as f32;
    let label_ink = mix(ink, base, 0.45);
    for k in 0..lines {
        let v = top + k as f32 * pitch;
        let (end1, end2) = (tu0 + rng.range(0.12, 0.25), tu0 + rng.range(0.2, tu1 - tu0));
        text_line(&mut t, rng, tu0, end1, v, pitch * 0.16, label_ink);
        text_line(&mut t, rng, tu0, end2, v + pitch * 0.3, pitch * 0.26, ink);
    }
    // A chip on some cards.
    if !left && rng.chance(0.4) {
        let cu = 0.08;
        let gold = [200.0, 170.0, 90.0];
        t.rect(cu, 0.42, cu + 0.12, 0.6, gold, 1.0);
        t.rect(cu + 0.055, 0.42, cu + 0.065, 0.6, scale3(gold, 0.7), 1.0);
        t.rect(cu, 0.505, cu + 0.12, 0.515, scale3(gold, 0.7), 1.0);
    }
    // Signature squiggle under the text.
    let (su, sv) = (tu0 + rng.range(0.0, 0.2), bottom - 0.08);
    let (a1, a2, f1, f2) = (
        rng.range(0.02, 0.05),
        rng.range(0.01, 0.03),
        rng.range(2.0, 5.0),
        rng.range(5.0, 11.0),
    );
    let len = rng.range(0.18, 0.3);
    t.stroke(
        |s| {
            (
                su + len * s + 0.015 * (2.0 * PI * f2 * s).sin(),
                sv + a1 * (2.0 * PI * f1 * s).sin() + a2 * (2.0 * PI * f2 * s).cos(),
            )
        },
        0.0022,
        if light { [20.0, 30.0, 90.0] } else { ink },
        0.9,
    );
    // Machine-readable zone: two or three lines of monospaced marks on a plain strip.
    if mrz {
        let strip = if light {
            base
        } else {
            mix(base, [240.0; 3], 0.1)
        };
        t.rect(0.0, 0.7, 1.0, 1.0, strip, 1.0);
        let rows = 2 + rng.below(2);
        let rh = 0.25 / rows as f32;
        let cw = rh * 0.55 * CARD_H_MM / CARD_W_MM;
        for r in 0..rows {
            let v = 0.73 + r as f32 * rh;
            let mut u = 0.05;
            while u + cw < 0.95 {
                let filler = rng.chance(0.25);
                if filler {
                    // "<" fillers are thin and low.
                    t.rect(u, v + rh * 0.3, u + cw * 0.6, v + rh * 0.4, ink, 0.9);
                } else if rng.chance(0.5) {
                    // OCR-B letters: a stem and a bar or two.
                    t.rect(u, v, u + cw * 0.18, v + rh * 0.62, ink, 0.9);
                    t.rect(u, v, u + cw * 0.62, v + rh * 0.11, ink, 0.9);
                    t.rect(
                        u + cw * 0.44,
                        v + rh * 0.26,
                        u + cw * 0.62,
                        v + rh * 0.62,
                        ink,
                        0.9,
                    );
                } else {
                    t.rect(u + cw * 0.22, v, u + cw * 0.4, v + rh * 0.62, ink, 0.9);
                    t.rect(u, v + rh * 0.51, u + cw * 0.62, v + rh * 0.62, ink, 0.9);
                }
                u += cw;
            }
        }
    }
    if rng.chance(0.3) {
        let b = 0.025;
        let th = 0.004;
        let c = mix(ink, base, 0.3);
        let tv = th * CARD_ASPECT;
        t.rect(b, b * CARD_ASPECT, 1.0 - b, b * CARD_ASPECT + tv, c, 1.0);
        t.rect(
            b,
            1.0 - b * CARD_ASPECT - tv,
            1.0 - b,
            1.0 - b * CARD_ASPECT,
            c,
            1.0,
        );
        t.rect(b, b * CARD_ASPECT, b + th, 1.0 - b * CARD_ASPECT, c, 1.0);
        t.rect(
            1.0 - b - th,
            b * CARD_ASPECT,
            1.0 - b,
            1.0 - b * CARD_ASPECT,
            c,
            1.0,
        );
    }
    t
}

// ------------------------------------------------------------------------------------------
// Distractors for `no_document`: things on a desk that are not ID-1 cards.

#[derive(Clone, Copy, Debug)]
enum Distractor {
    StickyNote,
    Coaster,
    RoundCoaster,
    Receipt,
    Ruler,
}

/// The distractor's size in mm and face.
fn draw_distractor(rng: &mut Rng, kind: Distractor, w: usize) -> (f32, f32, Tex, Shape) {
    match kind {
        Distractor::StickyNote => {
            let side = rng.range(50.0, 76.0);
            let hmm = side * rng.range(1.0, 1.12);
            let c = rng.pick(&[
                [250.0, 232.0, 110.0],
                [245.0, 170.0, 190.0],
                [150.0, 210.0, 240.0],
                [180.0, 235.0, 150.0],
            ]);
            let mut t = Tex::new(w, (w as f32 * hmm / side) as usize, c);
            for k in 0..(2 + rng.below(4)) {
                let v0 = 0.15 + 0.17 * k as f32;
                let (f, a, len) = (
                    rng.range(6.0, 14.0),
                    rng.range(0.01, 0.03),
                    rng.range(0.4, 0.8),
                );
                t.stroke(
                    |s| (0.1 + len * s, v0 + a * (2.0 * PI * f * s).sin()),
                    0.006,
                    [30.0, 30.0, 80.0],
                    0.9,
                );
            }
            (side, hmm, t, Shape::RoundRect(0.01))
        }
        Distractor::Coaster | Distractor::RoundCoaster => {
            let side = rng.range(85.0, 105.0);
            let hmm = side * rng.range(1.0, 1.1);
            let base = rng.pick(&[
                [170.0, 130.0, 90.0],
                [60.0, 60.0, 65.0],
                [200.0, 190.0, 175.0],
            ]);
            let mut t = Tex::new(w, (w as f32 * hmm / side) as usize, base);
            // Cork or felt grain: speckles.
            let n = t.w * t.h / 6;
            for _ in 0..n {
                let (x, y) = (rng.below(t.w), rng.below(t.h));
                let k = rng.range(0.75, 1.2);
                t.px[y * t.w + x] = scale3(base, k);
            }
            let shape = if matches!(kind, Distractor::RoundCoaster) {
                Shape::Ellipse
            } else {
                Shape::RoundRect(0.06)
            };
            (side, hmm, t, shape)
        }
        Distractor::Receipt => {
            let wmm = rng.range(57.0, 80.0);
            let hmm = wmm * rng.range(2.4, 4.0);
            let paper = [
                rng.range(235.0, 248.0),
                rng.range(235.0, 246.0),
                rng.range(228.0, 240.0),
            ];
            let mut t = Tex::new(w, (w as f32 * hmm / wmm) as usize, paper);
            let ink = [70.0, 70.0, 80.0];
            let mut v = 0.04;
            while v < 0.95 {
                let ch = 0.012;
                let end = rng.range(0.3, 0.92);
                text_line(&mut t, rng, 0.08, end, v, ch, ink);
                v += ch * rng.range(1.8, 3.5);
            }
            (wmm, hmm, t, Shape::RoundRect(0.0))
        }
        Distractor::Ruler => {
            let wmm = rng.range(25.0, 35.0);
            let hmm = rng.range(150.0, 300.0);
            let base = rng.pick(&[
                [225.0, 200.0, 150.0],
                [235.0, 235.0, 230.0],
                [150.0, 190.0, 220.0],
            ]);
            let mut t = Tex::new(w, (w as f32 * hmm / wmm) as usize, base);
            let ticks = (hmm / 2.0) as usize;
            for k in 0..ticks {
                let v = (k as f32 + 0.5) / ticks as f32;
                let len = if k % 5 == 0 { 0.45 } else { 0.25 };
                t.rect(0.0, v, len, v + 0.25 / hmm, [40.0, 40.0, 40.0], 1.0);
            }
            (wmm, hmm, t, Shape::RoundRect(0.02))
        }
    }
}

// ------------------------------------------------------------------------------------------
// Geometry.

#[derive(Clone, Copy, Debug)]
enum Shape {
    /// A rectangle with corners rounded by this fraction of its width.
    RoundRect(f32),
    Ellipse,
}

/// A flat object in the scene: its face, shape, and where it lands in the frame.
struct Object {
    tex: Tex,
    shape: Shape,
    /// Object width / height (for the rounded corners).
    aspect: f32,
    quad: [(f32, f32); 4],
    /// Frame -> object (u, v) homography.
    inv32: [f32; 9],
    bbox: (f32, f32, f32, f32),
}

impl Object {
    fn new(tex: Tex, shape: Shape, aspect: f32, quad: [(f32, f32); 4]) -> Self {
        let h = square_to_quad(quad);
        let inv = invert3(h);
        let bbox = (
            quad.iter().map(|p| p.0).fold(f32::MAX, f32::min),
            quad.iter().map(|p| p.1).fold(f32::MAX, f32::min),
            quad.iter().map(|p| p.0).fold(f32::MIN, f32::max),
            quad.iter().map(|p| p.1).fold(f32::MIN, f32::max),
        );
        Object {
            tex,
            shape,
            aspect,
            quad,
            inv32: inv.map(|v| v as f32),
            bbox,
        }
    }

    /// The object's colour at frame point (x, y), if it covers it.
    fn at(&self, x: f32, y: f32) -> Option<[f32; 3]> {
        if x < self.bbox.0 || x > self.bbox.2 || y < self.bbox.1 || y > self.bbox.3 {
            return None;
        }
        // f32 is plenty for frame coordinates; the inverse itself is computed in f64.
        let m = &self.inv32;
        let wq = m[6] * x + m[7] * y + m[8];
        let u = (m[0] * x + m[1] * y + m[2]) / wq;
        let v = (m[3] * x + m[4] * y + m[5]) / wq;
        if !(0.0..=1.0).contains(&u) || !(0.0..=1.0).contains(&v) {
            return None;
        }
        let inside = match self.shape {
            Shape::RoundRect(r) if r > 0.0 => {
                // In units of the object's width; v scaled to the same units.
                let (px, py) = (u, v / self.aspect);
                let (hw, hh) = (0.5, 0.5 / self.aspect);
                let dx = (px - hw).abs() - (hw - r);
                let dy = (py - hh).abs() - (hh - r);
                !(dx > 0.0 && dy > 0.0 && dx * dx + dy * dy > r * r)
            }
            Shape::RoundRect(_) => true,
            Shape::Ellipse => (u - 0.5).powi(2) + (v - 0.5).powi(2) <= 0.25,
        };
        inside.then(|| self.tex.sample(u, v))
    }
}

/// The homography taking the unit square (0,0), (1,0), (1,1), (0,1) to `q` (Heckbert's
/// closed form).
fn square_to_quad(q: [(f32, f32); 4]) -> [f64; 9] {
    let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q.map(|(x, y)| (x as f64, y as f64));
    let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
    let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
    let den = dx1 * dy2 - dx2 * dy1;
    let g = (sx * dy2 - dx2 * sy) / den;
    let h = (dx1 * sy - sx * dy1) / den;
    [
        x1 - x0 + g * x1,
        x3 - x0 + h * x3,
        x0,
        y1 - y0 + g * y1,
        y3 - y0 + h * y3,
        y0,
        g,
        h,
        1.0,
    ]
}

fn invert3(m: [f64; 9]) -> [f64; 9] {
    let [a, b, c, d, e, f, g, h, i] = m;
    let co = [
        e * i - f * h,
        c * h - b * i,
        b * f - c * e,
        f * g - d * i,
        a * i - c * g,
        c * d - a * f,
        d * h - e * g,
        b * g - a * h,
        a * e - b * d,
    ];
    let det = a * co[0] + b * co[3] + c * co[6];
    co.map(|v| v / det)
}

fn quad_area(q: &[(f32, f32)]) -> f32 {
    let n = q.len();
    let mut s = 0.0;
    for i in 0..n {
        let (a, b) = (q[i], q[(i + 1) % n]);
        s += a.0 * b.1 - b.0 * a.1;
    }
    (s * 0.5).abs()
}

/// `q` clipped to the rectangle [x0, x1] x [y0, y1] (Sutherland-Hodgman).
fn clip(q: &[(f32, f32)], x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<(f32, f32)> {
    let mut poly = q.to_vec();
    let edges: [(usize, f32, bool); 4] =
        [(0, x0, true), (0, x1, false), (1, y0, true), (1, y1, false)];
    for (axis, bound, keep_above) in edges {
        let inside = |p: (f32, f32)| {
            let v = if axis == 0 { p.0 } else { p.1 };
            if keep_above {
                v >= bound
            } else {
                v <= bound
            }
        };
        let mut out = Vec::new();
        for i in 0..poly.len() {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            let (ia, ib) = (inside(a), inside(b));
            if ia {
                out.push(a);
            }
            if ia != ib {
                let (va, vb) = if axis == 0 { (a.0, b.0) } else { (a.1, b.1) };
                let t = (bound - va) / (vb - va);
                out.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
            }
        }
        poly = out;
        if poly.is_empty() {
            break;
        }
    }
    poly
}

fn guide_area() -> f32 {
    let k = 1.0 + 2.0 * GUIDE_MARGIN;
    (ANALYSIS_W as f32 / k) * (ANALYSIS_H as f32 / k)
}

/// A w x h (mm) rectangle turned `roll` in its plane and `pitch`/`yaw` out of it, seen by a
/// pinhole camera at `dist` mm: its corners TL, TR, BR, BL, centred on the origin, unscaled.
fn project(w: f32, h: f32, roll: f32, pitch: f32, yaw: f32, dist: f32) -> [(f32, f32); 4] {
    let corners = [
        (-w / 2.0, -h / 2.0),
        (w / 2.0, -h / 2.0),
        (w / 2.0, h / 2.0),
        (-w / 2.0, h / 2.0),
    ];
    let pts = corners.map(|(x, y)| {
        let (x, y) = (
            x * roll.cos() - y * roll.sin(),
            x * roll.sin() + y * roll.cos(),
        );
        // About the x axis (top edge nearer or farther), then about the y axis.
        let (y, z) = (y * pitch.cos(), y * pitch.sin());
        let (x, z) = (
            x * yaw.cos() + z * yaw.sin(),
            -x * yaw.sin() + z * yaw.cos(),
        );
        let zz = dist + z;
        (x * dist / zz, y * dist / zz)
    });
    let cx = pts.iter().map(|p| p.0).sum::<f32>() / 4.0;
    let cy = pts.iter().map(|p| p.1).sum::<f32>() / 4.0;
    pts.map(|(x, y)| (x - cx, y - cy))
}

/// A random pose for a card seen by a hand-held phone: tilt up to 10 degrees in the frame, the
/// phone up to 15 degrees off square, from 9 to 18 cm.
fn card_pose(rng: &mut Rng, w: f32, h: f32, max_roll: f32) -> [(f32, f32); 4] {
    let roll = rng.range(-max_roll, max_roll).to_radians();
    let pitch = rng.range(-15.0, 15.0).to_radians() * if rng.chance(0.3) { 0.2 } else { 1.0 };
    let yaw = rng.range(-15.0, 15.0).to_radians() * if rng.chance(0.3) { 0.2 } else { 1.0 };
    project(w, h, roll, pitch, yaw, rng.range(90.0, 180.0))
}

fn scaled(q: [(f32, f32); 4], k: f32, cx: f32, cy: f32) -> [(f32, f32); 4] {
    q.map(|(x, y)| (x * k + cx, y * k + cy))
}

/// Places `shape` (centred, any scale) at `fill` with every corner at least `margin` px inside
/// the buffer, anywhere that allows; None when it cannot fit.
fn place_inside(
    rng: &mut Rng,
    shape: [(f32, f32); 4],
    fill: f32,
    margin: f32,
) -> Option<[(f32, f32); 4]> {
    let k = (fill * guide_area() / quad_area(&shape)).sqrt();
    let q = scaled(shape, k, 0.0, 0.0);
    let (x0, x1) = (
        q.iter().map(|p| p.0).fold(f32::MAX, f32::min),
        q.iter().map(|p| p.0).fold(f32::MIN, f32::max),
    );
    let (y0, y1) = (
        q.iter().map(|p| p.1).fold(f32::MAX, f32::min),
        q.iter().map(|p| p.1).fold(f32::MIN, f32::max),
    );
    let (lo_x, hi_x) = (margin - x0, (ANALYSIS_W - 1) as f32 - margin - x1);
    let (lo_y, hi_y) = (margin - y0, (ANALYSIS_H - 1) as f32 - margin - y1);
    if lo_x > hi_x || lo_y > hi_y {
        return None;
    }
    Some(scaled(q, 1.0, rng.range(lo_x, hi_x), rng.range(lo_y, hi_y)))
}

/// How far a quad runs out of the buffer on its worst side, as a fraction of its size across
/// that side, and the fraction of its area still inside.
fn overflow(q: &[(f32, f32); 4]) -> (f32, f32) {
    let (x0, x1) = (
        q.iter().map(|p| p.0).fold(f32::MAX, f32::min),
        q.iter().map(|p| p.0).fold(f32::MIN, f32::max),
    );
    let (y0, y1) = (
        q.iter().map(|p| p.1).fold(f32::MAX, f32::min),
        q.iter().map(|p| p.1).fold(f32::MIN, f32::max),
    );
    let (bw, bh) = (x1 - x0, y1 - y0);
    let (lo, hx, hy) = (-0.5, ANALYSIS_W as f32 - 0.5, ANALYSIS_H as f32 - 0.5);
    let out = [
        (lo - x0) / bw,
        (x1 - hx) / bw,
        (lo - y0) / bh,
        (y1 - hy) / bh,
    ]
    .into_iter()
    .fold(0.0f32, f32::max);
    let visible = quad_area(&clip(q, lo, lo, hx, hy)) / quad_area(q);
    (out, visible)
}

fn wholly_inside(q: &[(f32, f32); 4]) -> bool {
    q.iter().all(|&(x, y)| {
        x >= 0.0 && y >= 0.0 && x <= (ANALYSIS_W - 1) as f32 && y <= (ANALYSIS_H - 1) as f32
    })
}

// ------------------------------------------------------------------------------------------
// Scene and camera.

#[derive(Clone, Copy)]
enum Blur {
    Defocus(f32),
    Motion(f32, f32),
}

#[derive(Clone, Copy)]
enum Light {
    /// Factor `lo` at one side rising to `hi` at the other, along direction `angle`.
    Linear { lo: f32, hi: f32, angle: f32 },
    /// `hi` at (cx, cy) falling to `lo` at distance `r`.
    Radial {
        lo: f32,
        hi: f32,
        cx: f32,
        cy: f32,
        r: f32,
    },
}

#[derive(Clone, Copy)]
struct Glare {
    cx: f32,
    cy: f32,
    rx: f32,
    ry: f32,
    angle: f32,
    /// Inside this normalised radius the highlight is at full strength; outside it falls off
    /// as a Gaussian of width `soft`.
    core: f32,
    soft: f32,
    /// The reflection's brightness, beyond white: how far the falloff stays saturated.
    peak: f32,
}

struct Background {
    photo: &'static Photo,
    /// Frame pixel -> photo pixel: the photo point at the frame's centre, and the rotation
    /// times the scale (photo pixels per frame pixel) as (cos, sin).
    cx: f32,
    cy: f32,
    rot: (f32, f32),
    gain: f32,
    contrast: f32,
    tint: [f32; 3],
}

impl Background {
    fn random(rng: &mut Rng, photo: &'static Photo, w: usize, h: usize, dim: f32) -> Self {
        let angle = if photo.upright {
            rng.range(-25.0, 25.0).to_radians()
        } else {
            rng.range(0.0, 2.0 * PI)
        };
        // The largest scale at which the rotated frame still fits in the photo.
        let (c, s) = (angle.cos().abs(), angle.sin().abs());
        let (ex, ey) = (
            w as f32 / 2.0 * c + h as f32 / 2.0 * s,
            w as f32 / 2.0 * s + h as f32 / 2.0 * c,
        );
        let fit = ((photo.w as f32 / 2.0 - 2.0) / ex).min((photo.h as f32 / 2.0 - 2.0) / ey);
        let scale = if fit > 0.5 * dim {
            rng.range(0.5 * dim, fit.min(2.0 * dim))
        } else {
            fit.max(0.3 * dim)
        };
        let mx = (photo.w as f32 / 2.0 - ex * scale).max(0.0);
        let my = (photo.h as f32 / 2.0 - ey * scale).max(0.0);
        Background {
            photo,
            cx: photo.w as f32 / 2.0 + rng.range(-mx, mx) * 0.95,
            cy: photo.h as f32 / 2.0 + rng.range(-my, my) * 0.95,
            gain: rng.range(0.7, 1.25),
            contrast: rng.range(0.6, 1.1),
            tint: [rng.range(0.93, 1.07), 1.0, rng.range(0.93, 1.07)],
            rot: (angle.cos() * scale, angle.sin() * scale),
        }
    }

    fn at(&self, x: f32, y: f32, w: usize, h: usize) -> [f32; 3] {
        let (dx, dy) = (x - w as f32 / 2.0, y - h as f32 / 2.0);
        let (c, s) = self.rot;
        let px = self.cx + c * dx - s * dy;
        let py = self.cy + s * dx + c * dy;
        let p = match &self.photo.half {
            Some(half) if c.hypot(s) >= 1.4 => half.sample((px - 0.5) / 2.0, (py - 0.5) / 2.0),
            _ => self.photo.sample(px, py),
        };
        let m = self.photo.mean;
        [0, 1, 2].map(|i| ((m + (p[i] - m) * self.contrast) * self.gain * self.tint[i]).max(0.0))
    }
}

/// A rendered scene before the camera: colour, and how much of each pixel the card covers.
struct Base {
    w: usize,
    h: usize,
    rgb: Vec<[f32; 3]>,
    card: Vec<f32>,
}

fn render_base(
    bg: &Background,
    objects: &[&Object],
    card: Option<&Object>,
    w: usize,
    h: usize,
) -> Base {
    // What covers a point: 1 the card, 2 another object, 0 the background.
    let shade = |x: f32, y: f32| -> ([f32; 3], u8) {
        if let Some(c) = card.and_then(|c| c.at(x, y)) {
            return (c, 1);
        }
        for o in objects {
            if let Some(c) = o.at(x, y) {
                return (c, 2);
            }
        }
        (bg.at(x, y, w, h), 0)
    };
    let mut rgb = vec![[0.0f32; 3]; w * h];
    let mut id = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let (c, k) = shade(x as f32, y as f32);
            rgb[y * w + x] = c;
            id[y * w + x] = k;
        }
    }
    let mut cover: Vec<f32> = id.iter().map(|&k| f32::from(k == 1)).collect();
    // Pixels an outline passes through (their id differs from a neighbour's) are supersampled,
    // so edges are anti-aliased as a camera's are; elsewhere the textures are prefiltered.
    let n = (SS * SS) as f32;
    for y in 0..h {
        for x in 0..w {
            let k = id[y * w + x];
            let (y0, y1, x0, x1) = (
                y.saturating_sub(1),
                (y + 1).min(h - 1),
                x.saturating_sub(1),
                (x + 1).min(w - 1),
            );
            let edge = (y0..=y1).any(|yy| (x0..=x1).any(|xx| id[yy * w + xx] != k));
            if !edge {
                continue;
            }
            let mut acc = [0.0f32; 3];
            let mut cov = 0.0;
            for sy in 0..SS {
                for sx in 0..SS {
                    // Sub-sample centres, with pixel centres at integer coordinates.
                    let fx = x as f32 + (sx as f32 + 0.5) / SS as f32 - 0.5;
                    let fy = y as f32 + (sy as f32 + 0.5) / SS as f32 - 0.5;
                    let (c, k) = shade(fx, fy);
                    acc = [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2]];
                    cov += f32::from(k == 1);
                }
            }
            rgb[y * w + x] = scale3(acc, 1.0 / n);
            cover[y * w + x] = cov / n;
        }
    }
    Base {
        w,
        h,
        rgb,
        card: cover,
    }
}

fn gaussian_blur(img: &mut [[f32; 3]], w: usize, h: usize, sigma: f32) {
    if sigma < 0.05 {
        return;
    }
    let r = (sigma * 3.0).ceil() as isize;
    let k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f32 = k.iter().sum();
    let k: Vec<f32> = k.iter().map(|v| v / sum).collect();
    let mut tmp = vec![[0.0f32; 3]; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut a = [0.0f32; 3];
            for (j, kv) in k.iter().enumerate() {
                let xx = (x as isize + j as isize - r).clamp(0, w as isize - 1) as usize;
                let p = img[y * w + xx];
                a = [a[0] + p[0] * kv, a[1] + p[1] * kv, a[2] + p[2] * kv];
            }
            tmp[y * w + x] = a;
        }
    }
    for y in 0..h {
        for x in 0..w {
            let mut a = [0.0f32; 3];
            for (j, kv) in k.iter().enumerate() {
                let yy = (y as isize + j as isize - r).clamp(0, h as isize - 1) as usize;
                let p = tmp[yy * w + x];
                a = [a[0] + p[0] * kv, a[1] + p[1] * kv, a[2] + p[2] * kv];
            }
            img[y * w + x] = a;
        }
    }
}

/// A straight-line motion blur of `len` pixels in direction `angle`: the average of samples
/// along the path, bilinearly interpolated.
fn motion_blur(img: &mut [[f32; 3]], w: usize, h: usize, len: f32, angle: f32) {
    if len < 0.1 {
        return;
    }
    let taps = (len * 2.0).ceil() as usize + 1;
    let (dx, dy) = (angle.cos(), angle.sin());
    let src = img.to_vec();
    let sample = |x: f32, y: f32| {
        let x = x.clamp(0.0, (w - 1) as f32);
        let y = y.clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        lerp3(
            lerp3(src[y0 * w + x0], src[y0 * w + x1], fx),
            lerp3(src[y1 * w + x0], src[y1 * w + x1], fx),
            fy,
        )
    };
    for y in 0..h {
        for x in 0..w {
            let mut a = [0.0f32; 3];
            for t in 0..taps {
                let s = (t as f32 / (taps - 1) as f32 - 0.5) * len;
                let p = sample(x as f32 + s * dx, y as f32 + s * dy);
                a = [a[0] + p[0], a[1] + p[1], a[2] + p[2]];
            }
            img[y * w + x] = scale3(a, 1.0 / taps as f32);
        }
    }
}

fn light_factor(l: &Light, x: f32, y: f32, w: usize, h: usize) -> f32 {
    match *l {
        Light::Linear { lo, hi, angle } => {
            let (c, s) = (angle.cos(), angle.sin());
            let half = (w as f32 * c.abs() + h as f32 * s.abs()) / 2.0;
            let t = ((x - w as f32 / 2.0) * c + (y - h as f32 / 2.0) * s) / half;
            lo + (hi - lo) * (t * 0.5 + 0.5).clamp(0.0, 1.0)
        }
        Light::Radial { lo, hi, cx, cy, r } => {
            let d = (((x - cx).powi(2) + (y - cy).powi(2)).sqrt() / r).min(1.0);
            hi - (hi - lo) * d * d
        }
    }
}

/// The glare's strength (0-1) at (x, y): 1 in an elliptical core, a soft falloff around it.
fn glare_at(g: &Glare, x: f32, y: f32) -> f32 {
    let (c, s) = (g.angle.cos(), g.angle.sin());
    let (dx, dy) = (x - g.cx, y - g.cy);
    let (a, b) = ((c * dx + s * dy) / g.rx, (-s * dx + c * dy) / g.ry);
    let d = (a * a + b * b).sqrt();
    if d <= g.core {
        1.0
    } else {
        (-((d - g.core) / g.soft).powi(2)).exp()
    }
}

/// The IJG luminance quantisation table, in natural (row-major) order.
const JPEG_LUMA_Q: [f32; 64] = [
    16., 11., 10., 16., 24., 40., 51., 61., 12., 12., 14., 19., 26., 58., 60., 55., 14., 13., 16.,
    24., 40., 57., 69., 56., 14., 17., 22., 29., 51., 87., 80., 62., 18., 22., 37., 56., 68., 109.,
    103., 77., 24., 35., 55., 64., 81., 104., 113., 92., 49., 64., 78., 87., 103., 121., 120.,
    101., 72., 92., 95., 98., 112., 100., 103., 99.,
];

/// What a JPEG encoder at `quality` (IJG scaling) does to a luma plane: each 8x8 block's DCT
/// coefficients rounded to multiples of the quantisation table, then transformed back.
// Index loops read as the DCT's formulas do.
#[allow(clippy::needless_range_loop)]
fn jpeg_luma(luma: &mut [u8], w: usize, h: usize, quality: u32) {
    let q = quality.clamp(1, 100) as f32;
    let scale = if q < 50.0 {
        5000.0 / q
    } else {
        200.0 - 2.0 * q
    };
    let table: Vec<f32> = JPEG_LUMA_Q
        .iter()
        .map(|v| ((v * scale + 50.0) / 100.0).floor().clamp(1.0, 255.0))
        .collect();
    let mut cos = [[0.0f32; 8]; 8];
    for (u, row) in cos.iter_mut().enumerate() {
        let cu = if u == 0 { (0.5f32).sqrt() } else { 1.0 };
        for (x, v) in row.iter_mut().enumerate() {
            *v = 0.5 * cu * (((2 * x + 1) as f32 * u as f32 * PI) / 16.0).cos();
        }
    }
    let mut block = [[0.0f32; 8]; 8];
    for by in (0..h).step_by(8) {
        for bx in (0..w).step_by(8) {
            // Edge blocks are padded by repeating the last row and column, as encoders do.
            for (y, row) in block.iter_mut().enumerate() {
                for (x, v) in row.iter_mut().enumerate() {
                    let (xx, yy) = ((bx + x).min(w - 1), (by + y).min(h - 1));
                    *v = luma[yy * w + xx] as f32 - 128.0;
                }
            }
            // Forward DCT (separable), quantise, inverse.
            let mut tmp = [[0.0f32; 8]; 8];
            for y in 0..8 {
                for u in 0..8 {
                    tmp[y][u] = (0..8).map(|x| cos[u][x] * block[y][x]).sum();
                }
            }
            let mut coef = [[0.0f32; 8]; 8];
            for v in 0..8 {
                for u in 0..8 {
                    let c: f32 = (0..8).map(|y| cos[v][y] * tmp[y][u]).sum();
                    let qv = table[v * 8 + u];
                    // Round half away from zero without a libm call.
                    let r = c / qv;
                    coef[v][u] = (r + 0.5f32.copysign(r)) as i32 as f32 * qv;
                }
            }
            for y in 0..8 {
                for u in 0..8 {
                    tmp[y][u] = (0..8).map(|v| cos[v][y] * coef[v][u]).sum();
                }
            }
            for y in 0..8 {
                for x in 0..8 {
                    let val: f32 = (0..8).map(|u| cos[u][x] * tmp[y][u]).sum();
                    let (xx, yy) = (bx + x, by + y);
                    if xx < w && yy < h {
                        luma[yy * w + xx] = ((val + 128.0).clamp(0.0, 255.0) + 0.5) as u8;
                    }
                }
            }
        }
    }
}

/// The app's RGB -> luma conversion.
fn to_luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * r as u32 + 150 * g as u32 + 29 * b as u32) >> 8) as u8
}

struct Camera {
    blur: Blur,
    light: Light,
    shadow: Option<(f32, f32, f32, f32)>,
    glare: Option<Glare>,
    /// The mean luma the exposure aims at (before noise).
    target_mean: f32,
    /// The brightest card pixel may not exceed this (before noise), unless glare.
    card_cap: f32,
    noise: f32,
    quality: u32,
}

/// Blur and lighting: the part of the camera before exposure.
fn optics(base: &Base, cam: &Camera) -> Vec<[f32; 3]> {
    let (w, h) = (base.w, base.h);
    let mut img = base.rgb.clone();
    match cam.blur {
        Blur::Defocus(s) => gaussian_blur(&mut img, w, h, s),
        Blur::Motion(l, a) => motion_blur(&mut img, w, h, l, a),
    }
    for y in 0..h {
        for x in 0..w {
            let mut f = light_factor(&cam.light, x as f32, y as f32, w, h);
            if let Some((a, off, soft, depth)) = cam.shadow {
                // A soft-edged shadow (the phone's or a hand's) over one side of the frame.
                let d = (x as f32 - w as f32 / 2.0) * a.cos()
                    + (y as f32 - h as f32 / 2.0) * a.sin()
                    - off;
                f *= 1.0 - depth * (0.5 + 0.5 * (d / soft).tanh());
            }
            let p = &mut img[y * w + x];
            *p = scale3(*p, f);
        }
    }
    img
}

/// Exposure `gain`, glare, noise, 8-bit quantisation, luma, JPEG.
fn sensor(img: &[[f32; 3]], base: &Base, cam: &Camera, gain: f32, rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (base.w, base.h);
    let mut luma = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            let mut p = scale3(img[i], gain);
            if let (Some(g), true) = (&cam.glare, base.card[i] > 0.0) {
                // Specular reflection off the card's laminate only, far brighter than white.
                let a = glare_at(g, x as f32, y as f32) * base.card[i];
                p = p.map(|v| v + a * (g.peak - v).max(0.0));
            }
            let l = luma_f(p).max(0.0);
            // Shot noise grows with the signal, read noise does not: sigma from about 0.6x
            // (black) to 1.1x (white) of the nominal.
            let sigma = cam.noise * (0.6 + 0.5 * (l / 255.0).sqrt());
            let shared = rng.gauss() * sigma;
            // Clamped first, so adding a half and truncating rounds (without a libm call).
            let q =
                p.map(|v| ((v + shared + rng.gauss() * sigma * 0.4).clamp(0.0, 255.0) + 0.5) as u8);
            luma[i] = to_luma(q[0], q[1], q[2]);
        }
    }
    jpeg_luma(&mut luma, w, h, cam.quality);
    luma
}

/// Measurements the labels are checked against.
struct Stats {
    mean: f32,
    card_max: u8,
    saturated: f32,
}

fn stats(luma: &[u8], base: &Base, card_area: f32) -> Stats {
    let mean = luma.iter().map(|&v| v as f32).sum::<f32>() / luma.len() as f32;
    let mut card_max = 0;
    let mut sat = 0usize;
    for (i, &v) in luma.iter().enumerate() {
        if base.card[i] >= 0.999 {
            card_max = card_max.max(v);
        }
        if base.card[i] >= 0.5 && v >= 252 {
            sat += 1;
        }
    }
    Stats {
        mean,
        card_max,
        saturated: if card_area > 0.0 {
            sat as f32 / card_area
        } else {
            0.0
        },
    }
}

// ------------------------------------------------------------------------------------------
// The benchmark.

fn frame_seed(index: usize) -> u64 {
    let mut r = Rng::new(0x1D5C_A97E_0000_0000 ^ (index as u64).wrapping_mul(0x9E37_79B9));
    r.next_u64()
}

/// The label and photo of frame `index`: labels take turns, and each label walks through the
/// photos, so every label sees every background about equally.
fn assignment(index: usize) -> (Label, usize) {
    let label = Label::ALL[index % Label::ALL.len()];
    let n = PHOTO_FILES.len();
    let photo = (index / Label::ALL.len()) % n;
    (label, photo)
}

/// The whole set: `PER_LABEL` frames of each label, in a fixed order.
pub fn benchmark_set() -> Vec<Frame> {
    let total = PER_LABEL * Label::ALL.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut frames: Vec<Option<Frame>> = (0..total).map(|_| None).collect();
    std::thread::scope(|s| {
        for (t, chunk) in frames.chunks_mut(total.div_ceil(threads)).enumerate() {
            let start = t * total.div_ceil(threads);
            s.spawn(move || {
                for (k, slot) in chunk.iter_mut().enumerate() {
                    *slot = Some(benchmark_frame(start + k));
                }
            });
        }
    });
    frames.into_iter().map(|f| f.expect("rendered")).collect()
}

/// The number of frames in [`benchmark_set`].
pub fn benchmark_len() -> usize {
    PER_LABEL * Label::ALL.len()
}

/// Frame `index` of [`benchmark_set`], rendered on its own.
pub fn benchmark_frame(index: usize) -> Frame {
    let (label, photo_index) = assignment(index);
    let photo = &photos()[photo_index];
    let mut rng = Rng::new(frame_seed(index));
    let split = if photo.held_out || rng.chance(0.2) {
        Split::HeldOut
    } else {
        Split::Tuning
    };
    // Draw scenes until one meets its label's constraints; the stream is seeded by the index,
    // so the frame is the same every time.
    for _ in 0..200 {
        if let Some((luma, corners, fill)) = attempt(&mut rng, label, photo) {
            return Frame {
                width: ANALYSIS_W,
                height: ANALYSIS_H,
                luma,
                label,
                split,
                corners,
                fill,
                background: photo.name,
                index,
            };
        }
    }
    panic!(
        "frame {index} ({}, {}): no scene met the label",
        label.code(),
        photo.name
    );
}

type Rendered = (Vec<u8>, Option<[(f32, f32); 4]>, f32);

/// One try at a scene for `label` on `photo`; None when it misses the label's constraints.
fn attempt(rng: &mut Rng, label: Label, photo: &'static Photo) -> Option<Rendered> {
    let (w, h) = (ANALYSIS_W, ANALYSIS_H);
    let mut bg = Background::random(rng, photo, w, h, 1.0);
    let has_card = match label {
        Label::NoDocument => false,
        Label::Dark => !rng.chance(0.35),
        _ => true,
    };
    // Low-contrast scenes: a light card on a light surface or a dark card on a dark one.
    let low_contrast = has_card && rng.chance(0.18);
    let light_card = rng.chance(0.75);
    if low_contrast {
        let want = if light_card {
            rng.range(165.0, 205.0)
        } else {
            rng.range(45.0, 75.0)
        };
        bg.gain = want / photo.mean.max(1.0);
        bg.contrast = rng.range(0.35, 0.7);
    }

    // Geometry.
    let mut card = None;
    let mut fill = 0.0;
    if has_card {
        let shape = card_pose(rng, CARD_W_MM, CARD_H_MM, 10.0);
        let quad = match label {
            Label::Ok | Label::Blurry | Label::Glare | Label::Dark => {
                let f = rng.range(0.62, 1.2);
                place_inside(rng, shape, f, 6.0)?
            }
            Label::TooFar => {
                let f = rng.range(0.15, 0.38);
                place_inside(rng, shape, f, 4.0)?
            }
            Label::CutOff => {
                let f = rng.range(0.6, 1.8);
                let k = (f * guide_area() / quad_area(&shape)).sqrt();
                let q = scaled(shape, k, 0.0, 0.0);
                let bw = q.iter().map(|p| p.0).fold(f32::MIN, f32::max) * 2.0;
                let bh = q.iter().map(|p| p.1).fold(f32::MIN, f32::max) * 2.0;
                // Centre so that one side (or two, at a corner) runs out by 12-55 % of the
                // card; a card wider than the buffer runs out on both sides anyway.
                let (mut cx, mut cy) = (
                    w as f32 / 2.0 + rng.range(-20.0, 20.0),
                    h as f32 / 2.0 + rng.range(-15.0, 15.0),
                );
                let mode = rng.below(3);
                if mode != 1 || rng.chance(0.5) {
                    let out = rng.range(0.12, 0.55) * bw;
                    cx = if rng.chance(0.5) {
                        bw / 2.0 - out - 0.5
                    } else {
                        w as f32 - 0.5 - bw / 2.0 + out
                    };
                }
                if mode != 0 {
                    let out = rng.range(0.12, 0.55) * bh;
                    cy = if rng.chance(0.5) {
                        bh / 2.0 - out - 0.5
                    } else {
                        h as f32 - 0.5 - bh / 2.0 + out
                    };
                }
                let q = scaled(q, 1.0, cx, cy);
                let (out, visible) = overflow(&q);
                if out < 0.12 || visible < 0.4 {
                    return None;
                }
                q
            }
            Label::NoDocument => unreachable!(),
        };
        fill = quad_area(&quad) / guide_area();
        let tex_w = ((quad_area(&quad) * CARD_ASPECT).sqrt() * 1.2).clamp(100.0, 900.0) as usize;
        let light = if low_contrast {
            light_card
        } else {
            rng.chance(0.72)
        };
        let tex = draw_card(rng, tex_w, light);
        card = Some(Object::new(tex, Shape::RoundRect(0.035), CARD_ASPECT, quad));
    }
    let mut others = Vec::new();
    if label == Label::NoDocument && rng.chance(0.36) {
        let kind = rng.pick(&[
            Distractor::StickyNote,
            Distractor::Coaster,
            Distractor::RoundCoaster,
            Distractor::Receipt,
            Distractor::Ruler,
        ]);
        let (wmm, hmm, tex, shape) = draw_distractor(rng, kind, 240);
        let pose = card_pose(rng, wmm, hmm, 180.0);
        // Sized like a card would be at the same distance: 0.3-1.4 of the guide, partly out.
        let k = (rng.range(0.25, 1.3) * guide_area() * wmm * hmm
            / (CARD_W_MM * CARD_H_MM)
            / quad_area(&pose))
        .sqrt();
        let q = scaled(
            pose,
            k,
            rng.range(0.15, 0.85) * w as f32,
            rng.range(0.15, 0.85) * h as f32,
        );
        others.push(Object::new(tex, shape, wmm / hmm, q));
    }

    // Camera.
    let sharp = |rng: &mut Rng| {
        if rng.chance(0.7) {
            Blur::Defocus(rng.range(0.0, 0.5))
        } else {
            Blur::Motion(rng.range(0.0, 1.5), rng.range(0.0, PI))
        }
    };
    let blur = match label {
        Label::Blurry => {
            if rng.chance(0.55) {
                Blur::Defocus(rng.range(1.8, 3.5))
            } else {
                Blur::Motion(rng.range(6.0, 12.0), rng.range(0.0, PI))
            }
        }
        Label::Dark => {
            if rng.chance(0.5) {
                sharp(rng)
            } else {
                Blur::Defocus(rng.range(0.0, 1.5))
            }
        }
        _ => sharp(rng),
    };
    let lo = rng.range(0.6, 0.95);
    let hi = rng.range(lo.max(1.0), 1.25);
    let light = if rng.chance(0.55) {
        Light::Linear {
            lo,
            hi,
            angle: rng.range(0.0, 2.0 * PI),
        }
    } else {
        Light::Radial {
            lo,
            hi,
            cx: rng.range(0.0, w as f32),
            cy: rng.range(0.0, h as f32),
            r: rng.range(0.6, 1.4) * w as f32,
        }
    };
    let shadow = rng.chance(0.15).then(|| {
        (
            rng.range(0.0, 2.0 * PI),
            rng.range(40.0, 140.0),
            rng.range(4.0, 25.0),
            rng.range(0.2, 0.4),
        )
    });
    let glare = if label == Label::Glare {
        let c = card.as_ref()?;
        let h_ = square_to_quad(c.quad);
        let (u, v) = (rng.range(0.2, 0.8), rng.range(0.25, 0.75));
        let den = h_[6] * u as f64 + h_[7] * v as f64 + 1.0;
        let gx = ((h_[0] * u as f64 + h_[1] * v as f64 + h_[2]) / den) as f32;
        let gy = ((h_[3] * u as f64 + h_[4] * v as f64 + h_[5]) / den) as f32;
        let area = quad_area(&c.quad);
        // A first guess at the size; the loop below scales it to the drawn coverage.
        let elong = rng.range(1.0, 3.0);
        let ry = (0.1 * area / (PI * elong)).sqrt();
        Some(Glare {
            cx: gx,
            cy: gy,
            rx: ry * elong,
            ry,
            angle: rng.range(0.0, PI),
            core: rng.range(0.0, 0.7),
            soft: rng.range(0.35, 1.0),
            peak: rng.range(300.0, 520.0),
        })
    } else {
        None
    };
    let okish = !matches!(label, Label::Dark);
    let mut cam = Camera {
        blur,
        light,
        shadow,
        glare,
        target_mean: if okish {
            rng.range(90.0, 170.0)
        } else {
            rng.range(10.0, 30.0)
        },
        card_cap: rng.range(190.0, 218.0),
        noise: if okish {
            rng.range(0.8, 3.3)
        } else {
            rng.range(3.5, 8.0)
        },
        quality: if matches!(label, Label::Ok | Label::Glare) {
            60 + rng.below(36) as u32
        } else {
            50 + rng.below(46) as u32
        },
    };

    let objects: Vec<&Object> = others.iter().collect();
    let base = render_base(&bg, &objects, card.as_ref(), w, h);
    let mut img = optics(&base, &cam);
    let mean0 = img.iter().map(|p| luma_f(*p)).sum::<f32>() / img.len() as f32;
    let mut gain = cam.target_mean / mean0.max(1.0);
    if okish && has_card {
        let card_max = img
            .iter()
            .zip(&base.card)
            .filter(|(_, &c)| c >= 0.999)
            .map(|(p, _)| luma_f(*p))
            .fold(0.0f32, f32::max);
        gain = gain.min(cam.card_cap / card_max.max(1.0));
        // A light card on a dark surface: exposing for the card leaves the frame too dark for
        // its label. Rather than draw the scene again, make the surface lighter (as if it were
        // a lighter one) until the frame's mean reaches about 92.
        let n = img.len() as f32;
        let (card_sum, bg_sum) = img
            .iter()
            .zip(&base.card)
            .fold((0.0, 0.0), |(c, b), (p, &k)| {
                let l = luma_f(*p);
                (c + l * k, b + l * (1.0 - k))
            });
        if gain * (card_sum + bg_sum) / n < 88.0 && bg_sum > 0.0 {
            let k = ((92.0 * n / gain - card_sum) / bg_sum).clamp(1.0, 2.5);
            for (p, &c) in img.iter_mut().zip(&base.card) {
                *p = scale3(*p, 1.0 + (k - 1.0) * (1.0 - c));
            }
        }
    }
    let card_area = card.as_ref().map_or(0.0, |c| {
        quad_area(&clip(&c.quad, -0.5, -0.5, w as f32 - 0.5, h as f32 - 0.5))
    });
    let mut luma = sensor(&img, &base, &cam, gain, rng);
    let mut s = stats(&luma, &base, card_area);
    if let Some(mut g) = cam.glare {
        // Scale the highlight until its saturated part covers the drawn share of the card.
        let want = rng.range(0.07, 0.2);
        for _ in 0..6 {
            if (s.saturated - want).abs() < 0.02 {
                break;
            }
            let k = (want / s.saturated.max(0.005)).sqrt().clamp(0.5, 2.0);
            g.rx *= k;
            g.ry *= k;
            cam.glare = Some(g);
            luma = sensor(&img, &base, &cam, gain, rng);
            s = stats(&luma, &base, card_area);
        }
    }
    let ok = match label {
        Label::Dark => s.mean <= 35.0,
        Label::Glare => s.mean >= 80.0 && (0.05..=0.25).contains(&s.saturated),
        Label::NoDocument => s.mean >= 70.0,
        _ => s.mean >= 80.0 && s.card_max < 240,
    };
    if !ok {
        return None;
    }
    let corners = card.as_ref().map(|c| c.quad).filter(wholly_inside);
    Some((luma, corners, fill))
}

/// A sharp, well-lit card on `background` (a photo's file name) with its corners at `corners`
/// (TL, TR, BR, BL, frame pixels), for a camera's video: colour, any frame size, no glare.
pub fn card_on_photo(
    background: &str,
    width: usize,
    height: usize,
    corners: [(f32, f32); 4],
    seed: u64,
) -> Rgb {
    let photo = photo_named(background);
    let mut rng = Rng::new(seed ^ 0xCA4D_0000_5EED);
    // The photo scaled so 320 px of frame see about as much of it as the benchmark's do.
    let dim = ANALYSIS_W as f32 / width as f32;
    let mut bg = Background::random(&mut rng, photo, width, height, dim);
    bg.gain = 1.0;
    bg.contrast = 1.0;
    let side = ((corners[1].0 - corners[0].0).hypot(corners[1].1 - corners[0].1)) * 1.2;
    let light = rng.chance(0.75);
    let tex = draw_card(&mut rng, side.clamp(160.0, 1600.0) as usize, light);
    let card = Object::new(tex, Shape::RoundRect(0.035), CARD_ASPECT, corners);
    let base = render_base(&bg, &[], Some(&card), width, height);
    let data = base
        .rgb
        .iter()
        .flat_map(|p| p.map(|v| v.round().clamp(0.0, 255.0) as u8))
        .collect();
    Rgb {
        width,
        height,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homography_maps_the_unit_square_onto_the_quad() {
        let q = [(10.0, 12.0), (200.0, 30.0), (190.0, 150.0), (20.0, 140.0)];
        let h = square_to_quad(q);
        for (k, (u, v)) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
            .into_iter()
            .enumerate()
        {
            let d = h[6] * u + h[7] * v + 1.0;
            let (x, y) = (
                (h[0] * u + h[1] * v + h[2]) / d,
                (h[3] * u + h[4] * v + h[5]) / d,
            );
            assert!((x as f32 - q[k].0).abs() < 1e-3 && (y as f32 - q[k].1).abs() < 1e-3);
        }
    }

    #[test]
    fn jpeg_keeps_a_flat_block_flat() {
        let mut l = vec![137u8; 64];
        jpeg_luma(&mut l, 8, 8, 50);
        assert!(l.iter().all(|&v| (v as i32 - 137).abs() <= 4), "{l:?}");
    }

    #[test]
    fn clipping_a_quad_half_outside_keeps_half() {
        let q = [(-50.0, 10.0), (50.0, 10.0), (50.0, 60.0), (-50.0, 60.0)];
        let c = clip(&q, 0.0, 0.0, 100.0, 100.0);
        assert!((quad_area(&c) - 2500.0).abs() < 1e-2);
    }
}
