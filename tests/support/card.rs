//! A synthetic ID card, rendered in plain code, for the fake camera and the file input.
//!
//! The card is ID-1 shaped (85.60 × 53.98 mm), light (luma about 200) with a mid-grey header
//! band, a photo box with a lighter face, and six lines of dark "text", with rounded corners, on
//! a dark, faintly textured table (luma about 40). [`Scene`] places it in a camera frame so it
//! fills the app's card-shaped guide (`src/browser/frames.rs` `guide()`: 80% of the frame's
//! width, ID-1 shape, centred).
//!
//! Outputs: a luma plane ([`Scene::render`]), a `.y4m` video for Chromium's
//! `--use-file-for-fake-video-capture` ([`write_y4m`]), and a grayscale PNG ([`png_gray`],
//! stored deflate blocks, so no compression library is needed).

use idv_core::quality::{Gray, CARD_ASPECT, GUIDE_MARGIN};
use idv_fixtures::card::{card_face, hash};
use std::io::Write;
use std::path::Path;

/// The fake camera's frame size.
pub const FRAME_W: usize = 640;
pub const FRAME_H: usize = 480;
/// The app's analysis width (`src/browser/frames.rs` `ANALYSIS_WIDTH`).
pub const ANALYSIS_WIDTH: usize = 320;
/// The guide's share of the frame's width (`src/browser/frames.rs` `GUIDE_WIDTH`).
pub const GUIDE_WIDTH: f64 = 0.8;

/// The table's luma around the card.
pub const TABLE_LUMA: f32 = 40.0;

/// A rectangle in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The card-shaped guide, centred in a `width` x `height` frame: the app's `guide()`.
pub fn guide(width: f64, height: f64) -> Rect {
    let aspect = f64::from(CARD_ASPECT);
    let mut w = width * GUIDE_WIDTH;
    let mut h = w / aspect;
    if h > height * 0.9 {
        h = height * 0.9;
        w = h * aspect;
    }
    Rect {
        x: (width - w) / 2.0,
        y: (height - h) / 2.0,
        w,
        h,
    }
}

/// The guide grown by the analysis margin, kept inside the frame: the app's
/// `analysis_region()`, what it analyses and what its photo holds.
pub fn analysis_region(width: f64, height: f64) -> Rect {
    let g = guide(width, height);
    let margin = f64::from(GUIDE_MARGIN);
    let (mx, my) = (g.w * margin, g.h * margin);
    let x = (g.x - mx).max(0.0);
    let y = (g.y - my).max(0.0);
    Rect {
        x,
        y,
        w: (g.w + 2.0 * mx).min(width - x),
        h: (g.h + 2.0 * my).min(height - y),
    }
}

/// A camera frame with the card in it.
#[derive(Debug, Clone, Copy)]
pub struct Scene {
    pub width: usize,
    pub height: usize,
    /// The card's centre, in frame pixels.
    pub cx: f32,
    pub cy: f32,
    /// The card's width, in frame pixels.
    pub card_width: f32,
}

impl Scene {
    /// A `width` x `height` frame with the card centred, `share` of the guide's width wide.
    pub fn in_guide(width: usize, height: usize, share: f32) -> Scene {
        let g = guide(width as f64, height as f64);
        Scene {
            width,
            height,
            cx: width as f32 / 2.0,
            cy: height as f32 / 2.0,
            card_width: share * g.w as f32,
        }
    }

    /// The fake camera's frame: 640 x 480, the card 95% of the guide's width, centred.
    pub fn camera() -> Scene {
        Scene::in_guide(FRAME_W, FRAME_H, 0.95)
    }

    /// The same scene with the card moved by (`dx`, `dy`) frame pixels.
    pub fn moved(self, dx: f32, dy: f32) -> Scene {
        Scene {
            cx: self.cx + dx,
            cy: self.cy + dy,
            ..self
        }
    }

    pub fn card_height(&self) -> f32 {
        self.card_width / CARD_ASPECT
    }

    /// The luma plane, 2 x 2 supersampled (anti-aliased edges, as a lens gives).
    pub fn render(&self) -> Vec<u8> {
        let (w, h) = (self.card_width, self.card_height());
        let radius = 0.037; // of the card's width
        let mut out = Vec::with_capacity(self.width * self.height);
        for y in 0..self.height {
            for x in 0..self.width {
                let mut acc = 0.0;
                for s in 0..4 {
                    let px = x as f32 + 0.25 + 0.5 * (s % 2) as f32;
                    let py = y as f32 + 0.25 + 0.5 * (s / 2) as f32;
                    let u = (px - self.cx) / w + 0.5;
                    let v = (py - self.cy) / h + 0.5;
                    let (cu, cv) = (
                        (u.min(1.0 - u) - radius).min(0.0),
                        (v.min(1.0 - v) * h / w - radius).min(0.0),
                    );
                    let inside = (0.0..=1.0).contains(&u)
                        && (0.0..=1.0).contains(&v)
                        && cu * cu + cv * cv <= radius * radius;
                    acc += if inside {
                        card_face(u, v)
                    } else {
                        let texture = (hash(x as u32 / 4, y as u32 / 4) % 7) as f32 - 3.0;
                        TABLE_LUMA + texture
                    };
                }
                out.push((acc / 4.0).round().clamp(0.0, 255.0) as u8);
            }
        }
        out
    }
}

/// What the app's frame reader makes of a `width` x `height` luma frame: the analysis region,
/// scaled to 320 pixels wide by averaging the source pixels under each output pixel (a box
/// filter; the browser's own scaling is at least as sharp).
pub fn analysis_frame(luma: &[u8], width: usize, height: usize) -> (usize, usize, Vec<u8>) {
    let r = analysis_region(width as f64, height as f64);
    let ow = ANALYSIS_WIDTH;
    let oh = ((ow as f64 * r.h / r.w).round() as usize).max(1);
    let (sx, sy) = (r.w / ow as f64, r.h / oh as f64);
    let mut out = Vec::with_capacity(ow * oh);
    for oy in 0..oh {
        let (y0, y1) = (r.y + oy as f64 * sy, r.y + (oy + 1) as f64 * sy);
        for ox in 0..ow {
            let (x0, x1) = (r.x + ox as f64 * sx, r.x + (ox + 1) as f64 * sx);
            // Area-weighted mean over the footprint [x0, x1) x [y0, y1).
            let (mut sum, mut weight) = (0.0, 0.0);
            let mut yy = y0.floor() as usize;
            while (yy as f64) < y1 && yy < height {
                let wy = (y1.min(yy as f64 + 1.0) - y0.max(yy as f64)).max(0.0);
                let mut xx = x0.floor() as usize;
                while (xx as f64) < x1 && xx < width {
                    let wx = (x1.min(xx as f64 + 1.0) - x0.max(xx as f64)).max(0.0);
                    sum += f64::from(luma[yy * width + xx]) * wx * wy;
                    weight += wx * wy;
                    xx += 1;
                }
                yy += 1;
            }
            out.push((sum / weight.max(1e-9)).round() as u8);
        }
    }
    (ow, oh, out)
}

/// The metrics of a luma frame analysed the way the app does.
pub fn app_metrics(luma: &[u8], width: usize, height: usize) -> idv_core::quality::Metrics {
    let (w, h, pixels) = analysis_frame(luma, width, height);
    idv_core::quality::measure(&Gray {
        width: w,
        height: h,
        pixels: &pixels,
    })
}

/// Writes `frames` (luma planes of `width` x `height`, both even) as a 4:2:0 Y4M video at 30
/// frames a second, grey chroma. Chromium plays it in a loop.
pub fn write_y4m(path: &Path, width: usize, height: usize, frames: &[Vec<u8>]) {
    assert!(
        width.is_multiple_of(2) && height.is_multiple_of(2),
        "4:2:0 needs even sides"
    );
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display())),
    );
    let chroma = vec![128u8; (width / 2) * (height / 2)];
    writeln!(out, "YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg")
        .expect("write the y4m header");
    for luma in frames {
        assert_eq!(luma.len(), width * height);
        out.write_all(b"FRAME\n").expect("write a frame");
        out.write_all(luma).expect("write Y");
        out.write_all(&chroma).expect("write U");
        out.write_all(&chroma).expect("write V");
    }
    out.flush().expect("write the y4m file");
}

/// Offsets (frame pixels) of a card held in an unsteady hand: each frame's card lies at least
/// 12 px from every other frame's, so two frames a few apart never look steady, while every one
/// is judged `ok`. Seven positions, visited so that neighbouring frames are far apart.
pub const SHAKE: [(f32, f32); 7] = [
    (-30.0, -6.0),
    (0.0, 8.0),
    (30.0, -6.0),
    (-10.0, 8.0),
    (20.0, -8.0),
    (-20.0, 6.0),
    (10.0, -8.0),
];

/// The still card: three identical frames.
pub fn still_card_frames() -> Vec<Vec<u8>> {
    let frame = Scene::camera().render();
    vec![frame.clone(), frame.clone(), frame]
}

/// The card in an unsteady hand: one frame per [`SHAKE`] offset.
pub fn shaking_card_frames() -> Vec<Vec<u8>> {
    shaking_card_frames_at(FRAME_W, FRAME_H)
}

/// [`shaking_card_frames`] in a `width` x `height` frame, the offsets scaled with the width.
pub fn shaking_card_frames_at(width: usize, height: usize) -> Vec<Vec<u8>> {
    let k = width as f32 / FRAME_W as f32;
    SHAKE
        .iter()
        .map(|&(dx, dy)| {
            Scene::in_guide(width, height, 0.95)
                .moved(dx * k, dy * k)
                .render()
        })
        .collect()
}

// ---- PNG ----

/// An 8-bit greyscale PNG of a luma plane, in stored deflate blocks (`idv-fixtures`).
pub use idv_fixtures::png::png_gray;

/// A photo of the card as a user might pick it from their gallery: 960 x 640, the card filling
/// most of it, as a PNG.
pub fn card_photo_png() -> Vec<u8> {
    let (w, h) = (960, 640);
    let scene = Scene {
        width: w,
        height: h,
        cx: w as f32 / 2.0,
        cy: h as f32 / 2.0,
        card_width: 0.9 * w as f32,
    };
    png_gray(&scene.render(), w, h)
}

// ---- a card on a real photograph ----

/// A busy real photograph under the card (`idv-fixtures/photos/`): gravel, whose stones make
/// short edges of every direction everywhere, the kind of surface the old advice ("a dark,
/// plain surface") kept away from the detector.
pub const BUSY_BACKGROUND: &str = "gravel.png";
/// The scene's seed: the photo's crop and the card's face and colours.
pub const PHOTO_SCENE_SEED: u64 = 7;

/// Where the held card lies in the fake camera's 640 x 480 frame, clockwise from the top-left:
/// about the guide's size (its corners are 64, 78.6 and 576, 401.4), turned a little, with a
/// hint of perspective (the far side a little shorter), as a hand holds a phone over it.
pub const HELD_CARD: [(f32, f32); 4] = [(86.0, 94.0), (556.0, 86.0), (566.0, 390.0), (76.0, 396.0)];

/// The card's way into the guide: frames at 30 a second, from this offset (frame pixels: low
/// and to the right, a corner out of the picture) to [`HELD_CARD`].
pub const ARRIVAL_FROM: (f32, f32) = (150.0, 110.0);
pub const ARRIVAL_FRAMES: usize = 24;
/// Then held still this many frames (3 s): longer than auto-capture's ok-and-steady wait
/// (0.7 s) with the analysis's first frames and a busy machine to spare. Chromium then loops
/// the file, so the card arrives again.
pub const HELD_FRAMES: usize = 90;

/// The card at `corners` (frame pixels) on [`BUSY_BACKGROUND`], in colour.
pub fn card_on_busy_photo(corners: [(f32, f32); 4]) -> idv_fixtures::scene::Rgb {
    idv_fixtures::scene::card_on_photo(BUSY_BACKGROUND, FRAME_W, FRAME_H, corners, PHOTO_SCENE_SEED)
}

/// The arriving card's frames, then the held one: `(frame, how many times in a row)`. The same
/// seed in every frame keeps the photo and the card's face; only the card moves (easing in).
pub fn arriving_card_frames() -> Vec<(idv_fixtures::scene::Rgb, usize)> {
    let mut frames: Vec<_> = (0..ARRIVAL_FRAMES)
        .map(|i| {
            let t = i as f32 / ARRIVAL_FRAMES as f32;
            let left = (1.0 - t) * (1.0 - t);
            let (dx, dy) = (ARRIVAL_FROM.0 * left, ARRIVAL_FROM.1 * left);
            (
                card_on_busy_photo(HELD_CARD.map(|(x, y)| (x + dx, y + dy))),
                1,
            )
        })
        .collect();
    frames.push((card_on_busy_photo(HELD_CARD), HELD_FRAMES));
    frames
}

/// The luma plane the app computes from the picture's RGB (`browser/frames.rs`).
pub fn luma_of(rgb: &idv_fixtures::scene::Rgb) -> Vec<u8> {
    rgb.data
        .chunks_exact(3)
        .map(|p| ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8)
        .collect()
}

/// Frame-pixel corners as fractions of the analysis region: where the app's photo (the same
/// region) has them, what its `corners` field says.
pub fn photo_fractions(corners: [(f32, f32); 4]) -> [[f64; 2]; 4] {
    let r = analysis_region(FRAME_W as f64, FRAME_H as f64);
    corners.map(|(x, y)| [(f64::from(x) - r.x) / r.w, (f64::from(y) - r.y) / r.h])
}

/// Writes colour frames (each repeated its count of times) as a 4:2:0 Y4M video at 30 frames
/// a second, in the studio range Chromium's reader expects (BT.601: luma 16-235, chroma
/// 16-240), so bright card areas are not clipped into glare by the range expansion.
pub fn write_y4m_rgb(path: &Path, frames: &[(idv_fixtures::scene::Rgb, usize)]) {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display())),
    );
    let (width, height) = (frames[0].0.width, frames[0].0.height);
    assert!(
        width.is_multiple_of(2) && height.is_multiple_of(2),
        "4:2:0 needs even sides"
    );
    writeln!(out, "YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg")
        .expect("write the y4m header");
    for (rgb, repeat) in frames {
        assert_eq!((rgb.width, rgb.height), (width, height));
        let px = |x: usize, y: usize| {
            let i = 3 * (y * width + x);
            [
                f32::from(rgb.data[i]),
                f32::from(rgb.data[i + 1]),
                f32::from(rgb.data[i + 2]),
            ]
        };
        let y_plane: Vec<u8> = (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .map(|(x, y)| {
                let [r, g, b] = px(x, y);
                let luma = 0.299 * r + 0.587 * g + 0.114 * b;
                (16.0 + luma * 219.0 / 255.0).round() as u8
            })
            .collect();
        let (mut u_plane, mut v_plane) = (Vec::new(), Vec::new());
        for cy in 0..height / 2 {
            for cx in 0..width / 2 {
                let mut rgb_sum = [0.0f32; 3];
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let p = px(2 * cx + dx, 2 * cy + dy);
                    for k in 0..3 {
                        rgb_sum[k] += p[k] / 4.0;
                    }
                }
                let [r, g, b] = rgb_sum;
                let cb = -0.168_736 * r - 0.331_264 * g + 0.5 * b;
                let cr = 0.5 * r - 0.418_688 * g - 0.081_312 * b;
                u_plane.push((128.0 + cb * 224.0 / 255.0).round().clamp(16.0, 240.0) as u8);
                v_plane.push((128.0 + cr * 224.0 / 255.0).round().clamp(16.0, 240.0) as u8);
            }
        }
        for _ in 0..*repeat {
            out.write_all(b"FRAME\n").expect("write a frame");
            out.write_all(&y_plane).expect("write Y");
            out.write_all(&u_plane).expect("write U");
            out.write_all(&v_plane).expect("write V");
        }
    }
    out.flush().expect("write the y4m file");
}
