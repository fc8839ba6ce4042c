//! The quality metrics on synthetic frames: an ID card rendered in code (light card, darker text
//! lines, a photo box, a header band, rounded corners) on a darker, slightly textured table, as
//! the app's analysis buffer sees it: the guide plus its margin, 320 × 200. Each metric must
//! separate the good frame from its bad variant, and each variant must get its own verdict.
//!
//! `cargo test -p idv-core --test quality -- --nocapture metric_table` prints the figures;
//! `cargo test -p idv-core --release --test quality -- --ignored --nocapture` times `measure`.

use idv_core::quality::*;
use idv_fixtures::card::{card_face, hash};
use proptest::prelude::*;

const W: usize = 320;
const H: usize = 200;

/// Where the card lies in the buffer, in pixels; `angle` in degrees.
#[derive(Clone, Copy)]
struct Placement {
    cx: f32,
    cy: f32,
    width: f32,
    angle: f32,
}

impl Placement {
    /// The card filling 97% of the guide's width, centred.
    fn fitting() -> Placement {
        let guide_w = W as f32 / (1.0 + 2.0 * GUIDE_MARGIN);
        Placement {
            cx: W as f32 / 2.0,
            cy: H as f32 / 2.0,
            width: 0.97 * guide_w,
            angle: 0.0,
        }
    }
    fn scaled(self, k: f32) -> Placement {
        Placement {
            width: self.width * k,
            ..self
        }
    }
    fn moved(self, dx: f32, dy: f32) -> Placement {
        Placement {
            cx: self.cx + dx,
            cy: self.cy + dy,
            ..self
        }
    }
    fn turned(self, angle: f32) -> Placement {
        Placement { angle, ..self }
    }
    fn height(&self) -> f32 {
        self.width / CARD_ASPECT
    }
}

/// Renders the buffer, 2 × 2 supersampled, with a little sensor noise.
fn render(card: Option<Placement>) -> Vec<u8> {
    let radius = 0.037;
    let mut out = Vec::with_capacity(W * H);
    for y in 0..H {
        for x in 0..W {
            let mut acc = 0.0;
            for s in 0..4 {
                let px = x as f32 + 0.25 + 0.5 * (s % 2) as f32;
                let py = y as f32 + 0.25 + 0.5 * (s / 2) as f32;
                let texture = (hash(x as u32 / 3, y as u32 / 3) % 9) as f32 - 4.0;
                let mut value = 50.0 + 25.0 * px / W as f32 + texture;
                if let Some(c) = card {
                    let (sin, cos) = c.angle.to_radians().sin_cos();
                    let (dx, dy) = (px - c.cx, py - c.cy);
                    let u = (dx * cos + dy * sin) / c.width + 0.5;
                    let v = (-dx * sin + dy * cos) / c.height() + 0.5;
                    // Rounded corners, in the card's width units.
                    let (cu, cv) = (
                        (u.min(1.0 - u) - radius).min(0.0),
                        ((v.min(1.0 - v)) * c.height() / c.width - radius).min(0.0),
                    );
                    let inside = (0.0..=1.0).contains(&u)
                        && (0.0..=1.0).contains(&v)
                        && cu * cu + cv * cv <= radius * radius;
                    if inside {
                        value = card_face(u, v);
                    }
                }
                acc += value;
            }
            let noise = (hash(x as u32 + 1000, y as u32) % 7) as f32 - 3.0;
            out.push((acc / 4.0 + noise).round().clamp(0.0, 255.0) as u8);
        }
    }
    out
}

fn box_blur(src: &[u8]) -> Vec<u8> {
    let mut out = src.to_vec();
    for y in 0..H {
        for x in 0..W {
            let mut sum = 0u32;
            let mut n = 0u32;
            for yy in y.saturating_sub(1)..=(y + 1).min(H - 1) {
                for xx in x.saturating_sub(1)..=(x + 1).min(W - 1) {
                    sum += u32::from(src[yy * W + xx]);
                    n += 1;
                }
            }
            out[y * W + x] = ((sum + n / 2) / n) as u8;
        }
    }
    out
}

fn scaled(src: &[u8], k: f32) -> Vec<u8> {
    src.iter()
        .map(|&v| (f32::from(v) * k).round() as u8)
        .collect()
}

/// A saturated spot covering `share` of the card, with a soft rim, at the card's (0.6, 0.45).
fn with_glare(src: &[u8], card: Placement, share: f32) -> Vec<u8> {
    let area = card.width * card.height();
    let r = (share * area / std::f32::consts::PI).sqrt();
    let (gx, gy) = (card.cx + 0.1 * card.width, card.cy - 0.05 * card.height());
    let mut out = src.to_vec();
    for y in 0..H {
        for x in 0..W {
            let d = ((x as f32 - gx).powi(2) + (y as f32 - gy).powi(2)).sqrt();
            let i = y * W + x;
            if d <= r {
                out[i] = 255;
            } else if d <= 1.3 * r {
                let t = (d - r) / (0.3 * r);
                out[i] = (255.0 * (1.0 - t) + f32::from(src[i]) * t) as u8;
            }
        }
    }
    out
}

fn noise(seed: u32) -> Vec<u8> {
    (0..(W * H) as u32).map(|i| hash(i, seed) as u8).collect()
}

fn metrics(pixels: &[u8]) -> Metrics {
    measure(&Gray {
        width: W,
        height: H,
        pixels,
    })
}

struct Frames {
    good: Vec<u8>,
    blurred: Vec<u8>,
    dark: Vec<u8>,
    dim: Vec<u8>,
    glare: Vec<u8>,
    too_far: Vec<u8>,
    cut_off: Vec<u8>,
}

fn frames() -> Frames {
    let fit = Placement::fitting();
    let good = render(Some(fit));
    let blurred = box_blur(&box_blur(&box_blur(&good)));
    Frames {
        dark: scaled(&good, 0.15),
        dim: scaled(&good, 0.45),
        glare: with_glare(&good, fit, 0.15),
        too_far: render(Some(fit.scaled(0.5))),
        cut_off: render(Some(fit.moved(0.2 * W as f32, 0.0))),
        good,
        blurred,
    }
}

#[test]
fn a_card_that_fits_the_guide_is_ok() {
    let m = metrics(&frames().good);
    assert_eq!(judge(&m), Guidance::Ok, "{m:?}");
    assert!(m.document && !m.cut_off);
    // The rectangle is found within 2% of where it was drawn.
    let fit = Placement::fitting();
    let card = m.card.unwrap();
    let truth = [
        (fit.cx - fit.width / 2.0) / (W - 1) as f32,
        (fit.cy - fit.height() / 2.0) / (H - 1) as f32,
        (fit.cx + fit.width / 2.0) / (W - 1) as f32,
        (fit.cy + fit.height() / 2.0) / (H - 1) as f32,
    ];
    let found = [card.left, card.top, card.right, card.bottom];
    for (f, t) in found.iter().zip(truth) {
        assert!((f - t).abs() < 0.02, "found {found:?}, drawn {truth:?}");
    }
    assert!((0.85..1.05).contains(&m.fill), "{}", m.fill);
}

#[test]
fn blur_lowers_sharpness_several_fold() {
    let f = frames();
    let (good, blurred) = (metrics(&f.good), metrics(&f.blurred));
    assert_eq!(judge(&blurred), Guidance::Blurry, "{blurred:?}");
    assert!(good.sharpness > 3.0 * blurred.sharpness);
    assert!(good.sharpness >= MIN_SHARPNESS && blurred.sharpness < MIN_SHARPNESS);
    // Blur alone changes nothing else.
    assert!(blurred.document && !blurred.cut_off && blurred.fill >= MIN_FILL);
}

#[test]
fn a_dark_frame_is_dark() {
    let f = frames();
    let (good, dark) = (metrics(&f.good), metrics(&f.dark));
    assert_eq!(judge(&dark), Guidance::Dark, "{dark:?}");
    assert!(good.brightness > DARK_LUMA && dark.brightness < DARK_LUMA);
    assert!(good.brightness > 4.0 * dark.brightness);
}

#[test]
fn dimmer_light_alone_neither_darkens_nor_blurs_the_verdict() {
    let f = frames();
    let (good, dim) = (metrics(&f.good), metrics(&f.dim));
    assert_eq!(judge(&dim), Guidance::Ok, "{dim:?}");
    // Sharpness is normalised by exposure: within 25% of the full-light figure.
    let ratio = dim.sharpness / good.sharpness;
    assert!((0.75..1.25).contains(&ratio), "{ratio}");
}

#[test]
fn a_saturated_spot_is_glare() {
    let f = frames();
    let (good, glare) = (metrics(&f.good), metrics(&f.glare));
    assert_eq!(judge(&glare), Guidance::Glare, "{glare:?}");
    assert!(good.glare <= MAX_GLARE && glare.glare > MAX_GLARE);
    assert!(glare.glare > 0.1, "{}", glare.glare);
    // A small highlight is tolerated.
    let speck = metrics(&with_glare(&f.good, Placement::fitting(), 0.005));
    assert_eq!(judge(&speck), Guidance::Ok, "{speck:?}");
}

#[test]
fn a_small_card_is_too_far() {
    let f = frames();
    let (good, far) = (metrics(&f.good), metrics(&f.too_far));
    assert_eq!(judge(&far), Guidance::TooFar, "{far:?}");
    assert!(far.document && !far.cut_off);
    assert!(good.fill >= MIN_FILL && far.fill < MIN_FILL);
    assert!((0.2..0.3).contains(&far.fill), "{}", far.fill);
}

#[test]
fn a_card_past_any_border_is_cut_off() {
    let fit = Placement::fitting();
    let (dx, dy) = (0.2 * W as f32, 0.2 * H as f32);
    let shifts = [
        ("right", dx, 0.0),
        ("left", -dx, 0.0),
        ("down", 0.0, dy),
        ("up", 0.0, -dy),
    ];
    for (name, x, y) in shifts {
        let m = metrics(&render(Some(fit.moved(x, y))));
        assert_eq!(judge(&m), Guidance::CutOff, "{name}: {m:?}");
        assert!(m.document && m.cut_off);
    }
    // Too close: larger than the buffer on every side.
    let m = metrics(&render(Some(fit.scaled(1.3))));
    assert!(
        matches!(judge(&m), Guidance::CutOff | Guidance::NoDocument),
        "{m:?}"
    );
    // A corner out of the frame.
    let m = metrics(&render(Some(fit.moved(dx, dy))));
    assert_eq!(judge(&m), Guidance::CutOff, "corner: {m:?}");
    assert!(!metrics(&frames().good).cut_off);
}

#[test]
fn no_card_is_no_document() {
    let uniform = vec![128u8; W * H];
    let table = render(None);
    for (name, frame) in [
        ("uniform", uniform),
        ("table", table),
        ("noise", noise(1)),
        ("noise 2", noise(2)),
    ] {
        let m = metrics(&frame);
        assert_eq!(judge(&m), Guidance::NoDocument, "{name}: {m:?}");
        assert!(!m.document && m.card.is_none() && m.fill == 0.0, "{name}");
    }
}

#[test]
fn a_slightly_turned_or_larger_card_is_still_ok() {
    let fit = Placement::fitting();
    for (name, p) in [
        ("turned 3°", fit.turned(3.0)),
        ("turned -3°", fit.turned(-3.0)),
        ("90% size, turned 6°", fit.scaled(0.9).turned(6.0)),
        ("90% size, turned -6°", fit.scaled(0.9).turned(-6.0)),
        ("8% larger", fit.scaled(1.08)),
        ("85% size", fit.scaled(0.85)),
        ("off centre", fit.scaled(0.85).moved(12.0, -6.0)),
    ] {
        let m = metrics(&render(Some(p)));
        assert_eq!(judge(&m), Guidance::Ok, "{name}: {m:?}");
    }
    // A dark card on a light table is found as well.
    let inverted: Vec<u8> = render(Some(fit)).iter().map(|&v| 255 - v).collect();
    assert_eq!(judge(&metrics(&inverted)), Guidance::Ok);
}

#[test]
fn mild_softness_is_not_blurry() {
    // A real camera frame is never as crisp as a render: one 3x3 box pass at the analysis size
    // (about 4 px at the capture size) must still pass, two must not.
    let good = frames().good;
    let once = metrics(&box_blur(&good));
    let twice = metrics(&box_blur(&box_blur(&good)));
    assert_eq!(judge(&once), Guidance::Ok, "{once:?}");
    assert_eq!(judge(&twice), Guidance::Blurry, "{twice:?}");
}

#[test]
fn frames_that_cannot_be_analysed_have_no_document() {
    let cases: [(usize, usize, Vec<u8>); 5] = [
        (0, 0, vec![]),
        (W, H, vec![0; 10]),
        (8, 8, vec![0; 64]),
        (usize::MAX, 2, vec![0; 2]),
        (W, H, vec![0; W * H + 1]),
    ];
    for (w, h, p) in cases {
        let m = measure(&Gray {
            width: w,
            height: h,
            pixels: &p,
        });
        assert!(!m.valid);
        assert_eq!(judge(&m), Guidance::NoDocument);
    }
    // A black but well-formed frame is dark, not "no document": light is what helps.
    assert_eq!(judge(&metrics(&vec![0; W * H])), Guidance::Dark);
}

#[test]
fn the_signature_tells_a_moved_card_from_a_still_one() {
    let fit = Placement::fitting();
    let still = metrics(&render(Some(fit))).signature;
    let shaken = metrics(&render(Some(fit.moved(1.0, 1.0)))).signature;
    let moved = metrics(&render(Some(fit.moved(12.0, 0.0)))).signature;
    assert!(still.steady_with(&shaken), "{}", still.distance(&shaken));
    assert!(!still.steady_with(&moved), "{}", still.distance(&moved));
}

/// Prints the figures of every frame: `--nocapture` to see them.
#[test]
fn metric_table() {
    let f = frames();
    let once = box_blur(&f.good);
    let rows: [(&str, &[u8]); 10] = [
        ("good", &f.good),
        ("soft (1x box 3x3)", &once),
        ("blurred (3x box 3x3)", &f.blurred),
        ("dark (x0.15)", &f.dark),
        ("dim (x0.45)", &f.dim),
        ("glare (15% spot)", &f.glare),
        ("too far (50% size)", &f.too_far),
        ("cut off (shift 20%)", &f.cut_off),
        ("uniform grey", &[128; W * H]),
        ("random noise", &noise(1)),
    ];
    println!(
        "{:<22} {:>10} {:>10} {:>7} {:>6} {:>5} {:>5}  verdict",
        "frame", "sharpness", "brightness", "glare", "fill", "doc", "cut"
    );
    for (name, pixels) in rows {
        let m = metrics(pixels);
        println!(
            "{:<22} {:>10.1} {:>10.1} {:>7.4} {:>6.3} {:>5} {:>5}  {}",
            name,
            m.sharpness,
            m.brightness,
            m.glare,
            m.fill,
            m.document,
            m.cut_off,
            judge(&m).code()
        );
    }
}

/// Times `measure` on a 320 × 200 frame: run in release with `--ignored --nocapture`. The
/// workspace's release profile is the wasm build's (`opt-level = "z"`), so these are the figures
/// of the code the app ships, run natively.
#[test]
#[ignore]
fn bench_measure() {
    let f = frames();
    let n = 1000;
    for (name, pixels) in [("good card", &f.good), ("random noise", &noise(3))] {
        let frame = Gray {
            width: W,
            height: H,
            pixels,
        };
        let mut scratch = Scratch::default();
        let mut verdicts = 0usize;
        for _ in 0..50 {
            verdicts += judge(&measure(std::hint::black_box(&frame))) as usize;
        }
        let start = std::time::Instant::now();
        for _ in 0..n {
            verdicts += judge(&measure(std::hint::black_box(&frame))) as usize;
        }
        let fresh = start.elapsed().as_nanos() / n;
        let start = std::time::Instant::now();
        for _ in 0..n {
            let m = measure_with(std::hint::black_box(&frame), &mut scratch);
            verdicts += judge(&m) as usize;
        }
        let reused = start.elapsed().as_nanos() / n;
        println!(
            "{W}x{H} {name}: measure + judge {fresh} ns/frame, with a reused Scratch {reused} ns/frame ({verdicts})"
        );
    }
}

mod auto_capture {
    use super::*;

    const FRAME_MS: f64 = 100.0;

    /// Feeds `g` every 100 ms from `from` for `ms`; the times at which it fired.
    fn feed(a: &mut AutoCapture, g: Guidance, from: f64, ms: f64) -> Vec<f64> {
        let mut fired = Vec::new();
        let mut t = from;
        while t < from + ms {
            if a.observe(g, t) {
                fired.push(t);
            }
            t += FRAME_MS;
        }
        fired
    }

    #[test]
    fn fires_once_after_steady_ok() {
        let mut a = AutoCapture::new();
        assert!(feed(&mut a, Guidance::NoDocument, 0.0, 1_000.0).is_empty());
        // Ok from t = 1000: not before 1000 + STEADY_MS, then exactly once.
        let fired = feed(&mut a, Guidance::Ok, 1_000.0, 5_000.0);
        assert_eq!(fired, [1_000.0 + STEADY_MS]);
    }

    #[test]
    fn a_bad_frame_starts_the_wait_again() {
        let mut a = AutoCapture::new();
        assert!(feed(&mut a, Guidance::Ok, 0.0, STEADY_MS - 100.0).is_empty());
        assert!(!a.observe(Guidance::Blurry, STEADY_MS - 50.0));
        let fired = feed(&mut a, Guidance::Ok, STEADY_MS, 2_000.0);
        assert_eq!(fired, [2.0 * STEADY_MS]);
    }

    #[test]
    fn reset_arms_it_again() {
        let mut a = AutoCapture::new();
        assert_eq!(feed(&mut a, Guidance::Ok, 0.0, 2_000.0).len(), 1);
        assert!(feed(&mut a, Guidance::Ok, 2_000.0, 2_000.0).is_empty());
        a.reset();
        assert_eq!(
            feed(&mut a, Guidance::Ok, 4_000.0, 2_000.0),
            [4_000.0 + STEADY_MS]
        );
    }

    #[test]
    fn a_moving_picture_is_not_steady() {
        let fit = Placement::fitting();
        let a_sig = metrics(&render(Some(fit))).signature;
        let b_sig = metrics(&render(Some(fit.moved(15.0, 0.0)))).signature;
        let mut a = AutoCapture::new();
        // Ok verdicts, but the card jumps between two places every frame.
        let mut t = 0.0;
        for i in 0..30 {
            let sig = if i % 2 == 0 { &a_sig } else { &b_sig };
            assert!(!a.observe_frame(Guidance::Ok, t, sig));
            t += FRAME_MS;
        }
        // Held still: fires STEADY_MS after the first still frame.
        let start = t;
        let mut fired = Vec::new();
        while t < start + 2_000.0 {
            if a.observe_frame(Guidance::Ok, t, &a_sig) {
                fired.push(t);
            }
            t += FRAME_MS;
        }
        assert_eq!(fired, [start + STEADY_MS]);
    }

    #[test]
    fn unusable_times_never_fire() {
        let mut a = AutoCapture::new();
        for t in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            assert!(!a.observe(Guidance::Ok, t));
        }
        // A clock that jumps back restarts the wait instead of firing at once or never.
        assert!(!a.observe(Guidance::Ok, 10_000.0));
        assert!(!a.observe(Guidance::Ok, 0.0));
        assert!(!a.observe(Guidance::Ok, STEADY_MS - 1.0));
        assert!(a.observe(Guidance::Ok, STEADY_MS));
    }

    #[test]
    fn the_manual_shutter_opens_after_a_while_or_on_ok() {
        let mut a = AutoCapture::new();
        assert!(!a.manual_allowed(0.0));
        assert!(!a.manual_allowed(MANUAL_AFTER_MS - 1.0));
        assert!(a.manual_allowed(MANUAL_AFTER_MS));
        assert!(!a.manual_allowed(f64::NAN));
        a.observe(Guidance::Glare, 100.0);
        assert!(!a.manual_allowed(100.0));
        a.observe(Guidance::Ok, 200.0);
        assert!(a.manual_allowed(200.0));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn measure_never_panics_on_any_buffer(
        width in 0usize..80,
        height in 0usize..80,
        pixels in proptest::collection::vec(any::<u8>(), 0..7000),
    ) {
        let m = measure(&Gray { width, height, pixels: &pixels });
        let _ = judge(&m);
        prop_assert_eq!(m.valid, width >= MIN_SIDE && height >= MIN_SIDE && width * height == pixels.len());
    }

    #[test]
    fn metrics_of_any_frame_are_in_range(
        (width, height, pixels) in (16usize..90, 16usize..90).prop_flat_map(|(w, h)| {
            (Just(w), Just(h), proptest::collection::vec(any::<u8>(), w * h))
        }),
        flat in any::<bool>(),
    ) {
        // Half of the cases: a few flat blocks, the kind of picture that has edges.
        let pixels: Vec<u8> = if flat {
            (0..width * height).map(|i| pixels[(i % width) / 8 + (i / width) / 8 * 12 % pixels.len()]).collect()
        } else {
            pixels
        };
        let m = measure(&Gray { width, height, pixels: &pixels });
        prop_assert!(m.valid);
        prop_assert!(m.sharpness.is_finite() && m.sharpness >= 0.0);
        prop_assert!((0.0..=255.0).contains(&m.brightness));
        prop_assert!((0.0..=1.0).contains(&m.glare));
        prop_assert!(m.fill.is_finite() && m.fill >= 0.0);
        prop_assert_eq!(m.document, m.card.is_some());
        if let Some(c) = m.card {
            prop_assert!(0.0 <= c.left && c.left < c.right && c.right <= 1.0);
            prop_assert!(0.0 <= c.top && c.top < c.bottom && c.bottom <= 1.0);
        } else {
            prop_assert!(!m.cut_off && m.fill == 0.0);
        }
    }
}
