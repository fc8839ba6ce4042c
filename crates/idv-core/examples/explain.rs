//! What the card detector sees in PGM frames (as `tests/real_scenes.rs`'s `dump_mistakes`
//! writes them): its candidate lines and the verdict, or with `--time` where it spends its time.
//!
//!     cargo run -p idv-core --example explain -- frame.pgm ...
//!     cargo run --release -p idv-core --example explain -- --time frame.pgm ...
use idv_core::quality::{card, judge, measure, Gray};

fn main() {
    let time = std::env::args().any(|a| a == "--time");
    for path in std::env::args().skip(1).filter(|a| a != "--time") {
        let data = std::fs::read(&path).expect("a readable file");
        let end = data.iter().position(|&b| b == b'\n').expect("a PGM header");
        let head = String::from_utf8_lossy(&data[..end]).to_string();
        let size: Vec<usize> = head
            .split_whitespace()
            .skip(1)
            .take(2)
            .map(|v| v.parse().expect("a PGM size"))
            .collect();
        let (w, h, pixels) = (size[0], size[1], &data[end + 1..]);
        if time {
            let t = card::profile(pixels, w, h, 20).map(|d| d / 20);
            println!(
                "{path}: edges {:?}, candidate lines {:?}, hypotheses {:?}, placing the sides {:?} a frame",
                t[0], t[1], t[2], t[3]
            );
            continue;
        }
        println!("{path}\n{}", card::explain(pixels, w, h));
        let m = measure(&Gray {
            width: w,
            height: h,
            pixels,
        });
        println!("{:?}\n{m:?}", judge(&m));
    }
}
