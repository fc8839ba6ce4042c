//! Where the card detector spends its time on a PGM frame:
//! `cargo run --release -p idv-core --example profile -- f.pgm`.
fn main() {
    for path in std::env::args().skip(1) {
        let d = std::fs::read(&path).unwrap();
        let end = d.iter().position(|&b| b == b'\n').unwrap();
        let head = String::from_utf8_lossy(&d[..end]).to_string();
        let f: Vec<usize> = head
            .split_whitespace()
            .skip(1)
            .take(2)
            .map(|v| v.parse().unwrap())
            .collect();
        let t = idv_core::quality::card::profile(&d[end + 1..], f[0], f[1], 20);
        println!(
            "{path}: edges {:?} peaks {:?} supports {:?} hypotheses {:?} (per frame)",
            t[0] / 20,
            t[1] / 20,
            t[2] / 20,
            t[3] / 20
        );
    }
}
