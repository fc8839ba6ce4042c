//! BlazeFace's yaw on `idv_fixtures::head`, the astronaut's photographed head rendered turning
//! about a vertical axis: the synthetic head the selfie step's end-to-end test shows Chromium's
//! fake camera must read as one face, turned the way it was rendered, at the sizes the app
//! analyses (160 and 256 pixels wide).
use idv_face::blazeface::{Detector, Face};
use idv_fixtures::head;

/// `rgb` (w x h) scaled to `ow` pixels wide, each output pixel the area-weighted mean of the
/// input pixels it covers, as a canvas's downscale roughly does.
fn area_scale(rgb: &[u8], w: usize, h: usize, ow: usize) -> (Vec<u8>, usize, usize) {
    let oh = (h * ow + w / 2) / w;
    let (fx, fy) = (w as f32 / ow as f32, h as f32 / oh as f32);
    // For each output index, the input indices it covers and their weights.
    let spans = |n: usize, f: f32, max: usize| -> Vec<Vec<(usize, f32)>> {
        (0..n)
            .map(|o| {
                let (a, b) = (o as f32 * f, (o + 1) as f32 * f);
                (a.floor() as usize..(b.ceil() as usize).min(max))
                    .map(|i| (i, ((i + 1) as f32).min(b) - (i as f32).max(a)))
                    .filter(|&(_, wgt)| wgt > 0.0)
                    .collect()
            })
            .collect()
    };
    let (sx, sy) = (spans(ow, fx, w), spans(oh, fy, h));
    let mut out = Vec::with_capacity(ow * oh * 3);
    for ys in &sy {
        for xs in &sx {
            let mut sum = [0.0f32; 3];
            let mut total = 0.0;
            for &(y, wy) in ys {
                for &(x, wx) in xs {
                    for (c, s) in sum.iter_mut().enumerate() {
                        *s += f32::from(rgb[(y * w + x) * 3 + c]) * wx * wy;
                    }
                    total += wx * wy;
                }
            }
            out.extend(sum.map(|s| (s / total).round() as u8));
        }
    }
    (out, ow, oh)
}

fn save_png(path: &str, rgb: &[u8], w: usize, h: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w as u32, h as u32);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(rgb).unwrap();
}

fn faces(d: &mut Detector, rgb: &[u8], w: usize, h: usize) -> Vec<Face> {
    d.detect(rgb, w, h).unwrap()
}

/// The one face's yaw at each analysis width.
fn yaws(d: &mut Detector, rgb: &[u8], w: usize, h: usize, label: &str) -> [f32; 2] {
    [160, 256].map(|ow| {
        let (small, sw, sh) = area_scale(rgb, w, h, ow);
        let f = faces(d, &small, sw, sh);
        assert_eq!(f.len(), 1, "{label} at {ow} px: {f:?}");
        f[0].yaw()
    })
}

#[test]
fn the_rendered_head_turns_as_the_detector_sees_it() {
    let mut d = Detector::new().unwrap();
    let rendered = [-35.0f32, -30.0, -25.0, -15.0, 0.0, 15.0, 25.0, 30.0, 35.0];
    let mut rows = Vec::new();
    println!(
        "rendered yaw | estimated at 160 px | at 256 px | box width / frame width | render ms"
    );
    for &yaw in &rendered {
        let start = std::time::Instant::now();
        let (rgb, w, h) = head::frame(yaw);
        let ms = start.elapsed().as_secs_f32() * 1000.0;
        assert_eq!((w, h, rgb.len()), (head::WIDTH, head::HEIGHT, w * h * 3));
        if [-30.0, -15.0, 0.0, 15.0, 30.0].contains(&yaw) {
            save_png(&format!("/tmp/head_{yaw}.png"), &rgb, w, h);
        }
        let full = faces(&mut d, &rgb, w, h);
        assert_eq!(full.len(), 1, "{yaw} at full size: {full:?}");
        let est = yaws(&mut d, &rgb, w, h, &format!("yaw {yaw}"));
        println!(
            "{yaw:>12} | {:>19.1} | {:>9.1} | {:>23.2} | {ms:>9.1}",
            est[0],
            est[1],
            full[0].bbox[2] / w as f32
        );
        rows.push((yaw, est));
    }
    for &(yaw, est) in &rows {
        for e in est {
            if yaw == 0.0 {
                assert!(e.abs() < 8.0, "straight read as {e}");
            }
            if yaw.abs() >= 25.0 {
                assert!(e * yaw.signum() >= 12.0, "{yaw} read as {e}");
            }
        }
    }
    for k in 0..2 {
        for w in rows.windows(2) {
            assert!(
                w[1].1[k] > w[0].1[k],
                "not monotonic: {} -> {}, {} -> {}",
                w[0].0,
                w[0].1[k],
                w[1].0,
                w[1].1[k]
            );
        }
    }
}

#[test]
fn the_turning_video_follows_its_script() {
    let fps = 10;
    let start = std::time::Instant::now();
    let y4m = head::turning_y4m(fps);
    println!(
        "turning_y4m({fps}): {} bytes in {:.2} s",
        y4m.len(),
        start.elapsed().as_secs_f32()
    );
    let header_end = y4m.iter().position(|&b| b == b'\n').unwrap() + 1;
    assert_eq!(
        &y4m[..header_end],
        b"YUV4MPEG2 W480 H360 F10:1 Ip A1:1 C420jpeg\n"
    );
    // The still face's header, but for the rate.
    let still = idv_fixtures::face::Y4M;
    let still_end = still.iter().position(|&b| b == b'\n').unwrap() + 1;
    assert_eq!(
        String::from_utf8_lossy(&still[..still_end]).replace("F30:1", "F10:1"),
        String::from_utf8_lossy(&y4m[..header_end])
    );
    let (w, h) = (head::WIDTH, head::HEIGHT);
    let frame_bytes = 6 + w * h * 3 / 2;
    let n = head::frame_count(fps);
    assert_eq!(n, 80);
    const { assert!(head::LOOP_S <= 9.0) };
    assert_eq!(y4m.len() - header_end, n * frame_bytes);
    let frames: Vec<&[u8]> = y4m[header_end..].chunks_exact(frame_bytes).collect();
    assert!(frames.iter().all(|f| f.starts_with(b"FRAME\n")));

    let mut d = Detector::new().unwrap();
    println!("frame | time s | script yaw | estimated at 160 px | at 256 px");
    // Every frame, ramps included: the face must never be lost while the head turns.
    for (i, frame) in frames.iter().enumerate() {
        let t = i as f32 / fps as f32;
        let want = head::yaw_at(t);
        let rgb = rgb_from_yuv420(&frame[6..], w, h);
        let est = yaws(&mut d, &rgb, w, h, &format!("frame {i}"));
        if i % 5 == 0 || (want != 0.0 && want.abs() < head::TURN_DEG) {
            println!(
                "{i:>5} | {t:>6.1} | {want:>10.1} | {:>19.1} | {:>9.1}",
                est[0], est[1]
            );
        }
        for e in est {
            if want == 0.0 {
                assert!(e.abs() < 8.0, "frame {i}: straight read as {e}");
            } else if want.abs() >= head::TURN_DEG {
                assert!(e * want.signum() >= 12.0, "frame {i}: {want} read as {e}");
            }
        }
    }
    // Each pose is held at least 1.2 s, and the loop is at most 9 s.
    for (a, b) in [head::LEFT_HOLD_S, head::RIGHT_HOLD_S] {
        assert!(b - a >= 1.2);
        let yaw = head::yaw_at((a + b) / 2.0);
        assert_eq!(head::yaw_at(a), yaw);
        assert_eq!(head::yaw_at(b - 0.01), yaw);
    }
    assert_eq!(head::yaw_at(head::LEFT_HOLD_S.0), head::TURN_DEG);
    assert_eq!(head::yaw_at(head::RIGHT_HOLD_S.0), -head::TURN_DEG);
    for (a, b) in head::STRAIGHT_HOLDS_S {
        assert!(b - a >= 1.0);
        assert_eq!(head::yaw_at(a), 0.0);
        assert_eq!(head::yaw_at(b - 0.01), 0.0);
    }
}

/// Back to RGB (BT.601 studio range), so the detector sees what Chromium would decode.
fn rgb_from_yuv420(yuv: &[u8], w: usize, h: usize) -> Vec<u8> {
    let (cw, ch) = (w / 2, h / 2);
    let (yp, rest) = yuv.split_at(w * h);
    let (up, vp) = rest.split_at(cw * ch);
    let mut out = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            let l = 1.164 * (f32::from(yp[y * w + x]) - 16.0);
            let u = f32::from(up[(y / 2) * cw + x / 2]) - 128.0;
            let v = f32::from(vp[(y / 2) * cw + x / 2]) - 128.0;
            let c = |v: f32| v.round().clamp(0.0, 255.0) as u8;
            out.extend([
                c(l + 1.596 * v),
                c(l - 0.392 * u - 0.813 * v),
                c(l + 2.017 * u),
            ]);
        }
    }
    out
}
