//! Prints what the card detector sees in a PGM frame: `cargo run -p idv-core --example explain -- f.pgm`.
fn main() {
    for path in std::env::args().skip(1) {
        let d = std::fs::read(&path).unwrap();
        let head_end = d.iter().position(|&b| b == b'\n').unwrap();
        let head = String::from_utf8_lossy(&d[..head_end]).to_string();
        let f: Vec<usize> = head
            .split_whitespace()
            .skip(1)
            .take(2)
            .map(|v| v.parse().unwrap())
            .collect();
        let px = &d[head_end + 1..];
        println!(
            "{path}\n{}",
            idv_core::quality::card::explain(px, f[0], f[1])
        );
        let m = idv_core::quality::measure(&idv_core::quality::Gray {
            width: f[0],
            height: f[1],
            pixels: px,
        });
        println!("{:?}\n{:?}", idv_core::quality::judge(&m), m);
    }
}
