//! Sliding-window detection over an image pyramid, as OpenCV's `detectMultiScale` does it for
//! LBP cascades, and OpenCV's `groupRectangles` to merge the overlapping hits.

use crate::cascade::Cascade;

/// A face in the analysed frame's pixels; `hits` is how many raw windows were merged into it
/// (a confidence of sorts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Face {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    pub hits: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Each pyramid level is this much smaller than the one before.
    pub scale_factor: f32,
    /// A group needs more than this many raw windows to count as a face.
    pub min_neighbours: u32,
    /// How close two windows must be to join a group (OpenCV's `eps`).
    pub group_eps: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            scale_factor: 1.1,
            min_neighbours: 3,
            group_eps: 0.2,
        }
    }
}

/// Faces in a `width` x `height` 8-bit grey image, largest first. A buffer of the wrong length
/// or an image smaller than the window finds nothing.
pub fn detect(
    cascade: &Cascade,
    gray: &[u8],
    width: usize,
    height: usize,
    p: &Params,
) -> Vec<Face> {
    let (win_w, win_h) = (usize::from(cascade.width), usize::from(cascade.height));
    if gray.len() != width * height || width < win_w || height < win_h || p.scale_factor <= 1.0 {
        return Vec::new();
    }
    let mut raw = Vec::new();
    let mut source = Vec::new();
    integrate(gray, width, height, &mut source);
    let mut level = Vec::new();
    let mut integral = Vec::new();
    let mut scale = 1.0f32;
    loop {
        let (lw, lh) = (
            (width as f32 / scale) as usize,
            (height as f32 / scale) as usize,
        );
        if lw < win_w || lh < win_h {
            break;
        }
        resize(gray, &source, width, height, &mut level, lw, lh);
        integrate(&level, lw, lh, &mut integral);
        // Coarse steps on the fine levels; every position once a step spans several pixels
        // of the original.
        let step = if scale > 2.0 { 1 } else { 2 };
        for y in (0..=lh - win_h).step_by(step) {
            for x in (0..=lw - win_w).step_by(step) {
                if passes(cascade, &integral, lw + 1, x, y) {
                    raw.push(Rect {
                        x: x as f32 * scale,
                        y: y as f32 * scale,
                        w: win_w as f32 * scale,
                        h: win_h as f32 * scale,
                    });
                }
            }
        }
        scale *= p.scale_factor;
    }
    group(&raw, p.min_neighbours, p.group_eps)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// Downscales by averaging the source area each output pixel covers (read off the source's
/// summed-area table), so small faces keep their contrast; the top level is an exact copy.
fn resize(src: &[u8], src_ii: &[u32], w: usize, h: usize, dst: &mut Vec<u8>, dw: usize, dh: usize) {
    dst.clear();
    if dw == w && dh == h {
        dst.extend_from_slice(src);
        return;
    }
    let (sx, sy) = (w as f32 / dw as f32, h as f32 / dh as f32);
    let stride = w + 1;
    for y in 0..dh {
        let y0 = (y as f32 * sy) as usize;
        let y1 = (((y + 1) as f32 * sy) as usize).clamp(y0 + 1, h);
        for x in 0..dw {
            let x0 = (x as f32 * sx) as usize;
            let x1 = (((x + 1) as f32 * sx) as usize).clamp(x0 + 1, w);
            let sum = (src_ii[y1 * stride + x1] + src_ii[y0 * stride + x0])
                .wrapping_sub(src_ii[y0 * stride + x1])
                .wrapping_sub(src_ii[y1 * stride + x0]);
            dst.push((sum / ((x1 - x0) * (y1 - y0)) as u32) as u8);
        }
    }
}

/// The summed-area table with a zero first row and column: `(w + 1) x (h + 1)` entries.
fn integrate(src: &[u8], w: usize, h: usize, out: &mut Vec<u32>) {
    out.clear();
    out.resize((w + 1) * (h + 1), 0);
    for y in 0..h {
        let mut row = 0u32;
        for x in 0..w {
            row += u32::from(src[y * w + x]);
            out[(y + 1) * (w + 1) + x + 1] = out[y * (w + 1) + x + 1] + row;
        }
    }
}

fn passes(c: &Cascade, ii: &[u32], stride: usize, wx: usize, wy: usize) -> bool {
    c.stages.iter().all(|stage| {
        let sum: f32 = stage
            .weak
            .iter()
            .map(|weak| {
                let code = lbp(c, ii, stride, wx, wy, weak.feature);
                if weak.subset[usize::from(code >> 5)] & (1 << (code & 31)) != 0 {
                    weak.left
                } else {
                    weak.right
                }
            })
            .sum();
        sum >= stage.threshold
    })
}

/// The feature's 8-bit code: each of the eight outer blocks compared with the centre block,
/// clockwise from the top left (bit 7) to the left (bit 0), as OpenCV orders them.
fn lbp(c: &Cascade, ii: &[u32], stride: usize, wx: usize, wy: usize, feature: u16) -> u8 {
    let f = c.features[usize::from(feature)];
    let (x, y, w, h) = (
        wx + usize::from(f.x),
        wy + usize::from(f.y),
        usize::from(f.w),
        usize::from(f.h),
    );
    // The 4x4 grid of corners of the 3x3 blocks.
    let at = |i: usize, j: usize| ii[(y + i * h) * stride + x + j * w];
    let block = |i: usize, j: usize| {
        (at(i + 1, j + 1) + at(i, j))
            .wrapping_sub(at(i, j + 1))
            .wrapping_sub(at(i + 1, j))
    };
    let centre = block(1, 1);
    const ORDER: [(usize, usize); 8] = [
        (0, 0),
        (0, 1),
        (0, 2),
        (1, 2),
        (2, 2),
        (2, 1),
        (2, 0),
        (1, 0),
    ];
    ORDER.iter().fold(0u8, |code, &(i, j)| {
        (code << 1) | u8::from(block(i, j) >= centre)
    })
}

/// OpenCV's `groupRectangles`: windows that nearly coincide form a group; a group with more
/// than `min_neighbours` members becomes one face (the members' average); a weaker face inside
/// a stronger one is dropped.
pub fn group(raw: &[Rect], min_neighbours: u32, eps: f32) -> Vec<Face> {
    let similar = |a: &Rect, b: &Rect| {
        let delta = eps * (a.w.min(b.w) + a.h.min(b.h)) * 0.5;
        (a.x - b.x).abs() <= delta
            && (a.y - b.y).abs() <= delta
            && (a.x + a.w - b.x - b.w).abs() <= delta
            && (a.y + a.h - b.y - b.h).abs() <= delta
    };
    let mut parent: Vec<usize> = (0..raw.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..raw.len() {
        for j in 0..i {
            if similar(&raw[i], &raw[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut sums: Vec<(Rect, u32)> = Vec::new();
    let mut index = vec![usize::MAX; raw.len()];
    for (i, r) in raw.iter().enumerate() {
        let g = root(&mut parent, i);
        if index[g] == usize::MAX {
            index[g] = sums.len();
            sums.push((
                Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                },
                0,
            ));
        }
        let (s, n) = &mut sums[index[g]];
        s.x += r.x;
        s.y += r.y;
        s.w += r.w;
        s.h += r.h;
        *n += 1;
    }
    let groups: Vec<(Rect, u32)> = sums
        .into_iter()
        .filter(|(_, n)| *n > min_neighbours)
        .map(|(s, n)| {
            let k = n as f32;
            (
                Rect {
                    x: s.x / k,
                    y: s.y / k,
                    w: s.w / k,
                    h: s.h / k,
                },
                n,
            )
        })
        .collect();
    let mut faces: Vec<Face> = groups
        .iter()
        .filter(|(r1, n1)| {
            !groups.iter().any(|(r2, n2)| {
                let (dx, dy) = (r2.w * eps, r2.h * eps);
                !std::ptr::eq(r1, r2)
                    && (*n2 > (*n1).max(3) || *n1 < 3)
                    && r1.x >= r2.x - dx
                    && r1.y >= r2.y - dy
                    && r1.x + r1.w <= r2.x + r2.w + dx
                    && r1.y + r1.h <= r2.y + r2.h + dy
            })
        })
        .map(|(r, n)| Face {
            x: r.x.round() as u32,
            y: r.y.round() as u32,
            w: r.w.round() as u32,
            h: r.h.round() as u32,
            hits: *n,
        })
        .collect();
    faces.sort_by_key(|f| std::cmp::Reverse(f.w * f.h));
    faces
}

#[cfg(test)]
mod tests {
    use super::*;
    use idv_fixtures::face;

    fn cascade() -> Cascade {
        Cascade::from_bytes(crate::FRONTAL_FACE).unwrap()
    }

    #[test]
    fn the_astronaut_is_one_face_in_the_middle_at_full_size() {
        let faces = detect(
            &cascade(),
            face::luma(),
            face::WIDTH,
            face::HEIGHT,
            &Params::default(),
        );
        assert_eq!(faces.len(), 1, "{faces:?}");
        let f = faces[0];
        let (cx, cy) = (f.x + f.w / 2, f.y + f.h / 2);
        assert!(cx.abs_diff(240) < 40 && cy.abs_diff(180) < 50, "{f:?}");
        assert!((100..220).contains(&f.w), "{f:?}");
    }

    #[test]
    fn the_astronaut_is_found_at_analysis_size() {
        let (gray, w, h) = face::luma_scaled(3);
        let faces = detect(&cascade(), &gray, w, h, &Params::default());
        assert_eq!(faces.len(), 1, "{faces:?}");
        assert!((35..75).contains(&faces[0].w), "{faces:?}");
    }

    #[test]
    fn flat_and_noisy_frames_hold_no_face() {
        let c = cascade();
        assert!(detect(&c, &vec![128; 160 * 120], 160, 120, &Params::default()).is_empty());
        let mut seed = 7u32;
        let noise: Vec<u8> = (0..160 * 120)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (seed >> 24) as u8
            })
            .collect();
        assert!(detect(&c, &noise, 160, 120, &Params::default()).is_empty());
    }

    #[test]
    fn two_astronauts_side_by_side_are_two_faces() {
        let (gray, w, h) = face::luma_scaled(3);
        let mut wide = vec![0u8; w * 2 * h];
        for y in 0..h {
            wide[y * 2 * w..y * 2 * w + w].copy_from_slice(&gray[y * w..(y + 1) * w]);
            wide[y * 2 * w + w..(y + 1) * 2 * w].copy_from_slice(&gray[y * w..(y + 1) * w]);
        }
        let faces = detect(&cascade(), &wide, 2 * w, h, &Params::default());
        assert_eq!(faces.len(), 2, "{faces:?}");
    }

    #[test]
    fn bad_buffers_find_nothing_and_never_panic() {
        let c = cascade();
        assert!(detect(&c, &[0; 10], 160, 120, &Params::default()).is_empty());
        assert!(detect(&c, &[0; 20 * 20], 20, 20, &Params::default()).is_empty());
        assert!(detect(&c, &[], 0, 0, &Params::default()).is_empty());
        let p = Params {
            scale_factor: 1.0,
            ..Params::default()
        };
        assert!(detect(&c, &vec![0; 160 * 120], 160, 120, &p).is_empty());
    }

    #[test]
    fn grouping_merges_near_windows_and_drops_lone_ones() {
        let r = |x: f32, y: f32| Rect {
            x,
            y,
            w: 24.0,
            h: 24.0,
        };
        let raw = [
            r(10.0, 10.0),
            r(11.0, 10.0),
            r(10.0, 12.0),
            r(12.0, 11.0),
            r(80.0, 80.0),
        ];
        let faces = group(&raw, 3, 0.2);
        assert_eq!(faces.len(), 1, "{faces:?}");
        assert_eq!((faces[0].x, faces[0].y, faces[0].hits), (11, 11, 4));
        assert!(group(&raw, 4, 0.2).is_empty());
    }

    /// The detector's time on the face fixture at the app's analysis size and larger; prints,
    /// asserts nothing about time: `cargo test -p idv-face --release -- --ignored bench_detect`.
    #[test]
    #[ignore]
    fn bench_detect() {
        let c = cascade();
        for factor in [3, 2] {
            let (gray, w, h) = face::luma_scaled(factor);
            let runs = 50;
            let t = std::time::Instant::now();
            let mut found = 0;
            for _ in 0..runs {
                found = detect(&c, &gray, w, h, &Params::default()).len();
            }
            let ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
            println!("bench: detect at {w}x{h}: {ms:.2} ms/frame ({found} face)");
        }
    }
}
