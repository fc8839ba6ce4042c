//! What the photograph tests share: reading a PNG as RGB, and mirroring a picture.
#![allow(dead_code)] // each test binary uses its own part

/// The PNG at `path` as RGB (grey and grey-alpha spread to three channels, alpha dropped).
pub fn rgb(path: &str) -> (Vec<u8>, usize, usize) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut decoder = png::Decoder::new(&bytes[..]);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h, ch) = (
        info.width as usize,
        info.height as usize,
        info.color_type.samples(),
    );
    let px = (0..w * h)
        .flat_map(|i| {
            let p = &buf[i * ch..][..ch];
            if ch >= 3 {
                [p[0], p[1], p[2]]
            } else {
                [p[0]; 3]
            }
        })
        .collect();
    (px, w, h)
}

/// An RGB picture flipped left to right: a head turned one way turns the other.
pub fn mirror(px: &[u8], w: usize, h: usize) -> Vec<u8> {
    (0..h)
        .flat_map(|y| (0..w).rev().flat_map(move |x| [0, 1, 2].map(|c| (y, x, c))))
        .map(|(y, x, c)| px[(y * w + x) * 3 + c])
        .collect()
}
