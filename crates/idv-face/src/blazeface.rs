//! Faces, their six keypoints and the head's yaw, from MediaPipe's BlazeFace short-range model
//! (`BLAZEFACE`, run by [`crate::net`]).
//!
//! The model looks at a 128 × 128 picture and scores 896 anchors (16 × 16 cells of 2 anchors,
//! 8 × 8 cells of 6); each anchor regresses a box and six keypoints: the eyes, the nose tip, the
//! mouth and both ear tragions. The decoding and the weighted suppression of overlapping boxes
//! follow MediaPipe's face detection graph (score threshold 0.5, overlap 0.3).
//!
//! Yaw comes from where the nose tip lies between the ears: midway for a face looking at the
//! camera, towards one ear as the head turns. On a cylinder-shaped head the nose's offset from
//! the ears' midpoint, over half their distance, is the sine of the turn.

use crate::net::{Net, NetError};

/// The model's input side, in pixels.
pub const SIZE: usize = 128;
/// A face counts from this score (MediaPipe's threshold).
pub const MIN_SCORE: f32 = 0.5;
/// Boxes overlapping more than this (intersection over union) are one face.
const OVERLAP: f32 = 0.3;

/// A point in the picture, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// One face.
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    /// Left, top, width, height in the picture's pixels.
    pub bbox: [f32; 4],
    pub score: f32,
    /// The subject's right eye, left eye, nose tip, mouth, right ear, left ear, as the model
    /// names them (the subject's right eye is on the left of an unmirrored picture).
    pub keypoints: [Point; 6],
}

impl Face {
    /// The head's turn in degrees: positive when the subject turns to their left (the nose
    /// moves to the right of an unmirrored picture), negative to their right; about 0 looking
    /// at the camera. Mirror the sign for a mirrored (front camera preview) picture.
    pub fn yaw(&self) -> f32 {
        let [_, _, nose, _, right_ear, left_ear] = self.keypoints;
        let mid = (right_ear.x + left_ear.x) / 2.0;
        let half = ((left_ear.x - right_ear.x) / 2.0).abs().max(1e-3);
        ((nose.x - mid) / half).clamp(-1.0, 1.0).asin().to_degrees()
    }
}

/// The detector: the parsed network and its anchors.
pub struct Detector {
    net: Net,
    anchors: Vec<(f32, f32)>,
    input: Vec<f32>,
}

impl Detector {
    pub fn new() -> Result<Detector, NetError> {
        let net = Net::parse(crate::BLAZEFACE)?;
        let mut anchors = Vec::with_capacity(896);
        // MediaPipe's SSD anchors for this model: strides 8, 16, 16, 16; two anchors per
        // cell and layer, the three stride-16 layers sharing their cells.
        for (stride, per_cell) in [(8usize, 2usize), (16, 6)] {
            let cells = SIZE / stride;
            for y in 0..cells {
                for x in 0..cells {
                    for _ in 0..per_cell {
                        anchors.push((
                            (x as f32 + 0.5) / cells as f32,
                            (y as f32 + 0.5) / cells as f32,
                        ));
                    }
                }
            }
        }
        Ok(Detector {
            net,
            anchors,
            input: vec![0.0; SIZE * SIZE * 3],
        })
    }

    /// The faces in an RGB picture (`rgb.len() == 3 * w * h`), best first. The picture is
    /// scaled to fit 128 × 128 (the rest padded with black), as MediaPipe does.
    pub fn detect(&mut self, rgb: &[u8], w: usize, h: usize) -> Result<Vec<Face>, NetError> {
        if w == 0 || h == 0 || rgb.len() != 3 * w * h {
            return Err(NetError::new("picture size"));
        }
        let scale = w.max(h) as f32 / SIZE as f32;
        let (ox, oy) = (
            (SIZE as f32 - w as f32 / scale) / 2.0,
            (SIZE as f32 - h as f32 / scale) / 2.0,
        );
        for y in 0..SIZE {
            for x in 0..SIZE {
                let o = &mut self.input[(y * SIZE + x) * 3..][..3];
                // The picture's point under this input pixel's centre, bilinear.
                let (sx, sy) = (
                    (x as f32 + 0.5 - ox) * scale - 0.5,
                    (y as f32 + 0.5 - oy) * scale - 0.5,
                );
                if sx < -0.5 || sy < -0.5 || sx > w as f32 - 0.5 || sy > h as f32 - 0.5 {
                    o.fill(-1.0);
                    continue;
                }
                let (sx, sy) = (sx.clamp(0.0, (w - 1) as f32), sy.clamp(0.0, (h - 1) as f32));
                let (x0, y0) = (sx.floor() as usize, sy.floor() as usize);
                let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                for (c, o) in o.iter_mut().enumerate() {
                    let v = |xx: usize, yy: usize| f32::from(rgb[(yy * w + xx) * 3 + c]);
                    let p = v(x0, y0) * (1.0 - fx) * (1.0 - fy)
                        + v(x1, y0) * fx * (1.0 - fy)
                        + v(x0, y1) * (1.0 - fx) * fy
                        + v(x1, y1) * fx * fy;
                    *o = p / 127.5 - 1.0;
                }
            }
        }
        let [regressors, scores] = self.net.run(&self.input)?;
        if regressors.len() != self.anchors.len() * 16 || scores.len() != self.anchors.len() {
            return Err(NetError::new("output size"));
        }
        // Back from the model's 128 × 128 to the picture's pixels.
        let back = |x: f32, y: f32| Point {
            x: (x * SIZE as f32 - ox) * scale,
            y: (y * SIZE as f32 - oy) * scale,
        };
        let mut found: Vec<Face> = Vec::new();
        for (i, &(ax, ay)) in self.anchors.iter().enumerate() {
            let score = 1.0 / (1.0 + (-scores[i].clamp(-100.0, 100.0)).exp());
            if score < MIN_SCORE {
                continue;
            }
            let r = &regressors[i * 16..][..16];
            let n = SIZE as f32;
            let (cx, cy, bw, bh) = (ax + r[0] / n, ay + r[1] / n, r[2] / n, r[3] / n);
            let tl = back(cx - bw / 2.0, cy - bh / 2.0);
            let br = back(cx + bw / 2.0, cy + bh / 2.0);
            let keypoints =
                std::array::from_fn(|k| back(ax + r[4 + 2 * k] / n, ay + r[5 + 2 * k] / n));
            found.push(Face {
                bbox: [tl.x, tl.y, br.x - tl.x, br.y - tl.y],
                score,
                keypoints,
            });
        }
        Ok(blend(found))
    }
}

fn iou(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    let (x0, y0) = (a[0].max(b[0]), a[1].max(b[1]));
    let (x1, y1) = (
        (a[0] + a[2]).min(b[0] + b[2]),
        (a[1] + a[3]).min(b[1] + b[3]),
    );
    let inter = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
    let union = a[2] * a[3] + b[2] * b[3] - inter;
    if union <= 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// MediaPipe's weighted suppression: the best remaining box takes all boxes overlapping it,
/// and becomes their score-weighted mean.
fn blend(mut faces: Vec<Face>) -> Vec<Face> {
    faces.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(best) = faces.first().cloned() {
        let (group, rest): (Vec<Face>, Vec<Face>) = faces
            .into_iter()
            .partition(|f| iou(&best.bbox, &f.bbox) > OVERLAP);
        faces = rest;
        let total: f32 = group.iter().map(|f| f.score).sum();
        let mut mean = best.clone();
        mean.bbox =
            std::array::from_fn(|k| group.iter().map(|f| f.bbox[k] * f.score).sum::<f32>() / total);
        mean.keypoints = std::array::from_fn(|k| Point {
            x: group
                .iter()
                .map(|f| f.keypoints[k].x * f.score)
                .sum::<f32>()
                / total,
            y: group
                .iter()
                .map(|f| f.keypoints[k].y * f.score)
                .sum::<f32>()
                / total,
        });
        out.push(mean);
    }
    out
}
