//! The document-guidance benchmark (`idv_fixtures::scene`) is what its labels say: each test
//! measures the rendered frames against the label's definition, on the whole set.

use idv_fixtures::scene::{
    backgrounds, benchmark_frame, benchmark_set, card_on_photo, Frame, Label, Split, ANALYSIS_H,
    ANALYSIS_W,
};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The set, rendered once for all the tests of this file.
fn set() -> &'static [Frame] {
    static SET: OnceLock<Vec<Frame>> = OnceLock::new();
    SET.get_or_init(benchmark_set)
}

fn of(label: Label) -> impl Iterator<Item = &'static Frame> {
    set().iter().filter(move |f| f.label == label)
}

fn mean(f: &Frame) -> f32 {
    f.luma.iter().map(|&v| v as f32).sum::<f32>() / f.luma.len() as f32
}

/// Whether (x, y) is inside the convex quad `q` by at least `inset` pixels.
fn inside(q: &[(f32, f32); 4], x: f32, y: f32, inset: f32) -> bool {
    (0..4).all(|i| {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let (ex, ey) = (b.0 - a.0, b.1 - a.1);
        // Clockwise on screen (y down): inside is where the cross product is positive.
        (ex * (y - a.1) - ey * (x - a.0)) / ex.hypot(ey) >= inset
    })
}

/// The frame's pixels at least `inset` px inside its card's quad, leaving out the corners
/// when `inset` > 0 (the card's corners are rounded, so there the quad shows the background).
fn card_pixels(f: &Frame, inset: f32) -> Vec<u8> {
    let q = f.corners.expect("a whole card");
    let width = (q[1].0 - q[0].0).hypot(q[1].1 - q[0].1);
    let near_corner =
        |x: f32, y: f32| inset > 0.0 && q.iter().any(|c| (c.0 - x).hypot(c.1 - y) < 0.1 * width);
    let mut out = Vec::new();
    for y in 0..f.height {
        for x in 0..f.width {
            if inside(&q, x as f32, y as f32, inset) && !near_corner(x as f32, y as f32) {
                out.push(f.luma[y * f.width + x]);
            }
        }
    }
    out
}

fn area(q: &[(f32, f32); 4]) -> f32 {
    let s: f32 = (0..4)
        .map(|i| q[i].0 * q[(i + 1) % 4].1 - q[(i + 1) % 4].0 * q[i].1)
        .sum();
    (s / 2.0).abs()
}

#[test]
fn the_set_is_deterministic_and_each_frame_renders_alone() {
    for i in [0, 1, 2, 3, 4, 5, 6, 500, 1001, set().len() - 1] {
        let again = benchmark_frame(i);
        let f = &set()[i];
        assert_eq!(f.luma, again.luma, "frame {i}");
        assert_eq!((f.label, f.split, f.index), (again.label, again.split, i));
        assert_eq!(f.corners, again.corners);
    }
}

#[test]
fn every_label_has_the_same_count_on_every_background() {
    assert!(set().len() >= 1400);
    let names: HashSet<&str> = backgrounds().iter().map(|b| b.0).collect();
    for label in Label::ALL {
        let frames: Vec<_> = of(label).collect();
        assert_eq!(
            frames.len(),
            set().len() / Label::ALL.len(),
            "{}",
            label.code()
        );
        let mut per: HashMap<&str, usize> = HashMap::new();
        for f in &frames {
            *per.entry(f.background).or_default() += 1;
            assert_eq!((f.width, f.height), (ANALYSIS_W, ANALYSIS_H));
            assert_eq!(f.luma.len(), ANALYSIS_W * ANALYSIS_H);
        }
        let seen: HashSet<&str> = per.keys().copied().collect();
        assert_eq!(seen, names, "{} misses a background", label.code());
        assert!(per.values().all(|&n| n >= 15), "{}: {per:?}", label.code());
    }
}

#[test]
fn held_out_photos_are_never_tuned_on_and_a_fifth_of_the_rest_is_held_out() {
    let held: HashSet<&str> = backgrounds().iter().filter(|b| b.1).map(|b| b.0).collect();
    assert!((3..=5).contains(&held.len()), "{held:?}");
    let others: Vec<_> = set()
        .iter()
        .filter(|f| !held.contains(f.background))
        .collect();
    assert!(set()
        .iter()
        .filter(|f| held.contains(f.background))
        .all(|f| f.split == Split::HeldOut));
    let share =
        others.iter().filter(|f| f.split == Split::HeldOut).count() as f32 / others.len() as f32;
    assert!((0.15..0.25).contains(&share), "{share}");
    for label in Label::ALL {
        let tuning = of(label).filter(|f| f.split == Split::Tuning).count();
        assert!(tuning >= 80, "{}: {tuning}", label.code());
    }
}

#[test]
fn whole_cards_are_inside_with_their_margin_and_fill() {
    let checks = [
        (Label::Ok, 6.0, 0.62, 1.2),
        (Label::Blurry, 6.0, 0.62, 1.2),
        (Label::Glare, 6.0, 0.62, 1.2),
        (Label::TooFar, 4.0, 0.15, 0.38),
    ];
    for (label, margin, lo, hi) in checks {
        for f in of(label) {
            let q = f
                .corners
                .unwrap_or_else(|| panic!("{}: no corners", f.index));
            for &(x, y) in &q {
                assert!(
                    x >= margin
                        && y >= margin
                        && x <= (f.width - 1) as f32 - margin
                        && y <= (f.height - 1) as f32 - margin,
                    "{} #{}: corner ({x}, {y})",
                    label.code(),
                    f.index
                );
            }
            assert!(
                (lo..=hi).contains(&f.fill),
                "{} #{}: {}",
                label.code(),
                f.index,
                f.fill
            );
            // Clockwise on screen, top-left first: TL is left of TR and above BL.
            assert!(q[0].0 < q[1].0 && q[0].1 < q[3].1 && q[2].0 > q[3].0);
            let guide = (ANALYSIS_W as f32 / 1.16) * (ANALYSIS_H as f32 / 1.16);
            assert!((area(&q) / guide - f.fill).abs() < 1e-3);
        }
    }
}

#[test]
fn ok_frames_are_exposed_without_clipping_on_the_card() {
    for f in of(Label::Ok).chain(of(Label::Blurry)) {
        assert!(mean(f) >= 80.0, "#{}: mean {}", f.index, mean(f));
        let card = card_pixels(f, 2.0);
        let max = card.iter().copied().max().unwrap();
        assert!(max < 240, "#{}: card max {max}", f.index);
    }
}

#[test]
fn dark_frames_are_dark_and_noisy() {
    let mut with_card = 0;
    for f in of(Label::Dark) {
        assert!(mean(f) <= 35.0, "#{}: mean {}", f.index, mean(f));
        with_card += usize::from(f.fill > 0.0);
    }
    let n = of(Label::Dark).count();
    assert!(
        with_card > n / 4 && with_card < n * 4 / 5,
        "{with_card} of {n}"
    );
}

#[test]
fn glare_saturates_part_of_the_card() {
    for f in of(Label::Glare) {
        assert!(mean(f) >= 80.0, "#{}", f.index);
        let card = card_pixels(f, 0.0);
        let sat = card.iter().filter(|&&v| v >= 252).count() as f32;
        let share = sat / area(&f.corners.unwrap());
        // The quad's own pixels, so slightly more than the rounded card: a small tolerance.
        assert!((0.045..=0.26).contains(&share), "#{}: {share}", f.index);
    }
    // Ok frames have no such highlight.
    for f in of(Label::Ok) {
        let card = card_pixels(f, 2.0);
        assert!(card.iter().all(|&v| v < 252), "#{}", f.index);
    }
}

#[test]
fn cut_off_cards_run_out_of_the_frame() {
    for f in of(Label::CutOff) {
        assert!(f.corners.is_none(), "#{}", f.index);
        assert!((0.6..=1.8).contains(&f.fill), "#{}: {}", f.index, f.fill);
    }
}

#[test]
fn no_document_frames_have_no_card() {
    for f in of(Label::NoDocument) {
        assert!(f.corners.is_none() && f.fill == 0.0, "#{}", f.index);
        assert!(mean(f) >= 70.0, "#{}", f.index);
    }
}

#[test]
fn the_set_is_varied() {
    // Means spread over the range, not one exposure.
    let means: Vec<f32> = of(Label::Ok).map(mean).collect();
    let lo = means.iter().copied().fold(f32::MAX, f32::min);
    let hi = means.iter().copied().fold(f32::MIN, f32::max);
    assert!(lo < 100.0 && hi > 150.0, "{lo}..{hi}");
    // No two frames alike.
    let distinct: HashSet<&[u8]> = set().iter().map(|f| f.luma.as_slice()).collect();
    assert_eq!(distinct.len(), set().len());
}

#[test]
fn card_on_photo_draws_a_card_where_asked() {
    let corners = [
        (200.0, 120.0),
        (460.0, 130.0),
        (455.0, 290.0),
        (195.0, 282.0),
    ];
    let img = card_on_photo("brick.png", 640, 480, corners, 7);
    assert_eq!(
        (img.width, img.height, img.data.len()),
        (640, 480, 640 * 480 * 3)
    );
    assert_eq!(
        img.data,
        card_on_photo("brick.png", 640, 480, corners, 7).data
    );
    // Inside the card differs from outside it (the card is drawn, the photo is around it).
    let px = |x: usize, y: usize| img.data[(y * 640 + x) * 3..][..3].to_vec();
    let inside: Vec<_> = (0..20).map(|k| px(250 + 8 * k, 200)).collect();
    assert!(inside.iter().any(|p| p != &px(40, 40)));
}
