//! Renders the whole document-guidance benchmark once and prints how long it took and how many
//! frames each label has in each split.
//!
//!     cargo run -p idv-fixtures --example benchmark_stats

use idv_fixtures::scene::{benchmark_set, Label, Split};
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let set = benchmark_set();
    let took = start.elapsed();
    println!("{} frames in {took:.2?}", set.len());
    println!(
        "{:<12} {:>7} {:>8} {:>6}",
        "label", "tuning", "held-out", "total"
    );
    for label in Label::ALL {
        let of = |split| {
            set.iter()
                .filter(|f| f.label == label && f.split == split)
                .count()
        };
        let (t, h) = (of(Split::Tuning), of(Split::HeldOut));
        println!("{:<12} {t:>7} {h:>8} {:>6}", label.code(), t + h);
    }
    let held = set.iter().filter(|f| f.split == Split::HeldOut).count();
    println!("held out: {held} of {}", set.len());
}
