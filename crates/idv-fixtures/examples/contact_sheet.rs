//! Writes contact sheets of the document-guidance benchmark (`idv_fixtures::scene`) so a person
//! can look at it: one row per label (in `Label::ALL` order), `COLS` frames each, spread over the
//! set. A second sheet marks each frame's true corners with white-and-black dots.
//!
//!     cargo run -p idv-fixtures --example contact_sheet [-- OUT_DIR [FIRST]]

use idv_fixtures::png::png_gray;
use idv_fixtures::scene::{benchmark_frame, benchmark_len, Label, ANALYSIS_H, ANALYSIS_W};
use std::time::Instant;

const COLS: usize = 7;
const GAP: usize = 4;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "/tmp".into());
    let first: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    let (cw, ch) = (ANALYSIS_W + GAP, ANALYSIS_H + GAP);
    let (sw, sh) = (cw * COLS, ch * Label::ALL.len());
    let mut plain = vec![40u8; sw * sh];
    let mut marked = plain.clone();
    let start = Instant::now();
    let n = Label::ALL.len();
    for (row, label) in Label::ALL.iter().enumerate() {
        for col in 0..COLS {
            // Frames of one label are every n-th; step through the set so photos vary.
            let index = ((first + col * 3) * n + row) % benchmark_len();
            let f = benchmark_frame(index);
            assert_eq!(f.label, *label);
            println!(
                "{:<12} #{:<5} {:<14} fill {:.2} {:?}",
                label.code(),
                f.index,
                f.background,
                f.fill,
                f.split
            );
            let (ox, oy) = (col * cw, row * ch);
            for y in 0..f.height {
                for x in 0..f.width {
                    let v = f.luma[y * f.width + x];
                    plain[(oy + y) * sw + ox + x] = v;
                    marked[(oy + y) * sw + ox + x] = v;
                }
            }
            for &(cx, cy) in f.corners.iter().flatten() {
                for dy in -2i32..=2 {
                    for dx in -2i32..=2 {
                        let (x, y) = (cx.round() as i32 + dx, cy.round() as i32 + dy);
                        if x >= 0 && y >= 0 && (x as usize) < f.width && (y as usize) < f.height {
                            let v = if dx.abs() <= 1 && dy.abs() <= 1 {
                                255
                            } else {
                                0
                            };
                            marked[(oy + y as usize) * sw + ox + x as usize] = v;
                        }
                    }
                }
            }
        }
    }
    let names: Vec<&str> = Label::ALL.iter().map(|l| l.code()).collect();
    let stem = format!("{out}/idv-benchmark-rows-{}", names.join("-"));
    std::fs::write(format!("{stem}.png"), png_gray(&plain, sw, sh)).expect("write sheet");
    std::fs::write(format!("{stem}-corners.png"), png_gray(&marked, sw, sh)).expect("write sheet");
    println!(
        "{} frames in {:.2?}; wrote {stem}.png and {stem}-corners.png",
        COLS * n,
        start.elapsed()
    );
}
