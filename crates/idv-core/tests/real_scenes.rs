//! The document guidance measured on a labelled set of ID cards on real photographs
//! (`idv_fixtures::scene`: backgrounds from public-domain and CC0 photographs, cards in
//! perspective, camera effects). The floors asserted here are the ones the product promises
//! (docs/capture-quality.md); they are checked on the held-out split, whose backgrounds were never
//! looked at while tuning. The results are deterministic: the set is generated from fixed seeds.
//!
//! `cargo test -p idv-core --release --test real_scenes -- --nocapture` prints both splits'
//! confusion matrices (scripts/bench does).

use idv_core::quality::{judge, measure_with, Guidance, Metrics, Scratch};
use idv_fixtures::scene::{self, Frame, Label, Split};

fn verdict_index(g: Guidance) -> usize {
    Guidance::ALL.iter().position(|&x| x == g).unwrap()
}

fn label_index(l: Label) -> usize {
    Label::ALL.iter().position(|&x| x == l).unwrap()
}

/// Rows: label; columns: verdict (both in `Guidance::ALL` order).
#[derive(Default)]
struct Matrix {
    cells: [[u32; 7]; 7],
    corners_checked: u32,
    corners_close: u32,
    /// Per label: frames checked, frames where corners were found, found within 3 %.
    corners_by_label: [[u32; 3]; 7],
    worst_corner_errors: Vec<(f32, usize)>,
}

impl Matrix {
    fn row_total(&self, l: usize) -> u32 {
        self.cells[l].iter().sum()
    }

    fn total(&self) -> u32 {
        (0..7).map(|l| self.row_total(l)).sum()
    }

    fn correct(&self) -> u32 {
        (0..7).map(|l| self.cells[l][l]).sum()
    }

    fn recall(&self, l: usize) -> f64 {
        f64::from(self.cells[l][l]) / f64::from(self.row_total(l).max(1))
    }

    /// Bad frames (every label but `ok`) judged `ok`, as a share of all bad frames.
    fn bad_as_ok(&self) -> f64 {
        let bad: u32 = (1..7).map(|l| self.row_total(l)).sum();
        let as_ok: u32 = (1..7).map(|l| self.cells[l][0]).sum();
        f64::from(as_ok) / f64::from(bad.max(1))
    }

    fn corners_share(&self) -> f64 {
        f64::from(self.corners_close) / f64::from(self.corners_checked.max(1))
    }

    fn print(&self, name: &str) {
        println!(
            "confusion matrix, {name} split ({} frames; rows: label, columns: verdict)",
            self.total()
        );
        let head: Vec<String> = Guidance::ALL
            .iter()
            .map(|g| format!("{:>12}", g.code()))
            .collect();
        println!("{:>12} {} {:>8}", "", head.join(""), "correct");
        for (l, row) in self.cells.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|c| format!("{c:>12}")).collect();
            println!(
                "{:>12} {} {:>7.1}%",
                Label::ALL[l].code(),
                cells.join(""),
                100.0 * self.recall(l)
            );
        }
        println!(
            "{name}: overall {:.1} %, ok judged ok {:.1} %, bad judged ok {:.2} %, corners within 3 % of the width {:.1} % ({} of {})",
            100.0 * f64::from(self.correct()) / f64::from(self.total().max(1)),
            100.0 * self.recall(0),
            100.0 * self.bad_as_ok(),
            100.0 * self.corners_share(),
            self.corners_close,
            self.corners_checked
        );
        let rows: Vec<String> = (0..7)
            .filter(|&l| self.corners_by_label[l][0] > 0)
            .map(|l| {
                let [n, found, close] = self.corners_by_label[l];
                format!("{} {close}/{found}/{n}", Label::ALL[l].code())
            })
            .collect();
        println!(
            "{name}: corners within 3 %/found/checked by label: {}",
            rows.join(", ")
        );
    }
}

/// The largest distance from a true corner to the found one, as a share of the frame's width.
fn corner_error(frame: &Frame, m: &Metrics) -> Option<f32> {
    let truth = frame.corners?;
    let found = m.corners?;
    let (w, h) = (frame.width as f32, frame.height as f32);
    let worst = truth
        .iter()
        .zip(found.iter())
        .map(|(t, f)| {
            let (x, y) = (f.x * w - 0.5, f.y * h - 0.5);
            ((x - t.0).powi(2) + (y - t.1).powi(2)).sqrt()
        })
        .fold(0.0f32, f32::max);
    Some(worst / w)
}

fn measure_frame(frame: &Frame, scratch: &mut Scratch) -> Metrics {
    measure_with(
        &idv_core::quality::Gray {
            width: frame.width,
            height: frame.height,
            pixels: std::hint::black_box(&frame.luma),
        },
        scratch,
    )
}

fn evaluate(frames: &[Frame]) -> (Matrix, Matrix) {
    let (mut tuning, mut held_out) = (Matrix::default(), Matrix::default());
    let mut scratch = Scratch::default();
    for frame in frames {
        let m = measure_frame(frame, &mut scratch);
        let g = judge(&m);
        let matrix = match frame.split {
            Split::Tuning => &mut tuning,
            Split::HeldOut => &mut held_out,
        };
        matrix.cells[label_index(frame.label)][verdict_index(g)] += 1;
        // Corners are promised on every frame with a whole card that can be seen (not dark).
        if frame.corners.is_some() && frame.label != Label::Dark {
            matrix.corners_checked += 1;
            let by_label = &mut matrix.corners_by_label[label_index(frame.label)];
            by_label[0] += 1;
            by_label[1] += u32::from(m.corners.is_some());
            let err = corner_error(frame, &m).unwrap_or(1.0);
            if err <= 0.03 {
                matrix.corners_close += 1;
                by_label[2] += 1;
            } else {
                matrix.worst_corner_errors.push((err, frame.index));
            }
        }
    }
    (tuning, held_out)
}

#[test]
fn guidance_on_real_scenes_meets_its_floors() {
    let frames = scene::benchmark_set();
    assert!(frames.len() >= 1_000, "the set has {} frames", frames.len());
    let (tuning, held_out) = evaluate(&frames);
    tuning.print("tuning");
    held_out.print("held-out");
    // Floors: what the detector reaches today on the held-out split, a little under, so that a
    // change that loses ground fails here. Issue 16's targets are higher (ok judged ok >= 95 %,
    // every bad class >= 90 %, overall >= 90 %, corners >= 95 %); only "bad judged ok <= 1 %"
    // is met so far. docs/capture-quality.md keeps the figures.
    let m = &held_out;
    assert!(
        m.total() >= 300,
        "the held-out split has {} frames",
        m.total()
    );
    assert!(m.recall(0) >= 0.89, "ok judged ok: {:.3}", m.recall(0));
    assert!(m.bad_as_ok() <= 0.01, "bad judged ok: {:.4}", m.bad_as_ok());
    for l in 1..7 {
        assert!(
            m.recall(l) >= 0.78,
            "{} given its own label: {:.3}",
            Label::ALL[l].code(),
            m.recall(l)
        );
    }
    let overall = f64::from(m.correct()) / f64::from(m.total());
    assert!(overall >= 0.88, "overall: {overall:.3}");
    assert!(
        m.corners_share() >= 0.80,
        "corners within 3 %: {:.3}",
        m.corners_share()
    );
    // The tuning split must not be far better than the held-out one (overfitting shows there).
    let tuned = f64::from(tuning.correct()) / f64::from(tuning.total());
    assert!(
        tuned - overall < 0.05,
        "tuning {tuned:.3} vs held-out {overall:.3}"
    );
}

/// The detector's speed over the whole set, natively (figures only).
#[test]
#[ignore]
fn bench_real_scenes() {
    let frames = scene::benchmark_set();
    let mut scratch = Scratch::default();
    let start = std::time::Instant::now();
    let mut verdicts = 0usize;
    for frame in &frames {
        let m = measure_frame(frame, &mut scratch);
        verdicts += judge(&m) as usize;
    }
    let per = start.elapsed().as_nanos() / frames.len() as u128;
    println!(
        "{}x{} real scenes ({} frames): measure + judge {per} ns/frame ({verdicts})",
        frames[0].width,
        frames[0].height,
        frames.len()
    );
}

/// Writes the misjudged frames of one split to `$IDV_SCENES_OUT` (PGM, named by index, label and
/// verdict) for a person to look at; prints each one's metrics.
#[test]
#[ignore]
fn dump_mistakes() {
    let out = std::env::var("IDV_SCENES_OUT").unwrap_or_else(|_| "/tmp/scenes".into());
    let held = std::env::var("IDV_SCENES_SPLIT").is_ok_and(|s| s == "held-out");
    std::fs::create_dir_all(&out).unwrap();
    let mut scratch = Scratch::default();
    for frame in scene::benchmark_set() {
        if (frame.split == Split::HeldOut) != held {
            continue;
        }
        let m = measure_frame(&frame, &mut scratch);
        let g = judge(&m);
        let err = corner_error(&frame, &m);
        let bad_corners =
            frame.corners.is_some() && frame.label != Label::Dark && err.is_none_or(|e| e > 0.03);
        if g.code() == frame.label.code() && !bad_corners {
            continue;
        }
        println!(
            "{:4} {:>11} -> {:>11} bg={} fill={:.2}/{:.2} support={:.2} edge={:.2} sharp={:.0} bright={:.0} glare={:.3} err={:?}",
            frame.index,
            frame.label.code(),
            g.code(),
            frame.background,
            frame.fill,
            m.fill,
            m.support,
            m.edge_width,
            m.sharpness,
            m.brightness,
            m.glare,
            err
        );
        if let (Some(truth), None) = (frame.corners, m.corners) {
            println!(
                "     {}",
                idv_core::quality::card::diagnose(&frame.luma, frame.width, frame.height, truth)
            );
        }
        if std::env::var("IDV_SCENES_CORNERS").is_ok() {
            let (w, h) = (frame.width as f32, frame.height as f32);
            println!(
                "     truth {:?}\n     found {:?}",
                frame.corners,
                m.corners.map(|c| c.map(|p| (p.x * w - 0.5, p.y * h - 0.5)))
            );
        }
        let mut pgm = format!("P5 {} {} 255\n", frame.width, frame.height).into_bytes();
        pgm.extend_from_slice(&frame.luma);
        std::fs::write(
            format!(
                "{out}/{:04}-{}-as-{}.pgm",
                frame.index,
                frame.label.code(),
                g.code()
            ),
            pgm,
        )
        .unwrap();
    }
}

/// The true cards' aspect over ID-1's, as perspective shows it (quantiles), for setting the
/// detector's tolerance.
#[test]
#[ignore]
fn true_aspects() {
    let d = |a: (f32, f32), b: (f32, f32)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let mut v: Vec<f32> = scene::benchmark_set()
        .iter()
        .filter(|f| f.split == Split::Tuning)
        .filter_map(|f| f.corners)
        .map(|c| (d(c[0], c[1]) + d(c[3], c[2])) / (d(c[0], c[3]) + d(c[1], c[2])) / (85.6 / 53.98))
        .collect();
    v.sort_by(f32::total_cmp);
    let q = |p: f32| v[((v.len() - 1) as f32 * p) as usize];
    println!(
        "aspect / ID-1: min {:.3} 1% {:.3} 5% {:.3} 50% {:.3} 95% {:.3} 99% {:.3} max {:.3}",
        v[0],
        q(0.01),
        q(0.05),
        q(0.5),
        q(0.95),
        q(0.99),
        v[v.len() - 1]
    );
}
