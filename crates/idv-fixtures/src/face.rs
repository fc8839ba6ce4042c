//! A real face for the selfie tests: NASA's public-domain portrait of the astronaut Eileen
//! Collins, as shipped in scikit-image's wheel (`skimage/data/astronaut.png`), cropped to a
//! selfie's framing. `data/make_face_fixture.py` derives it and says how; `data/README.md` gives
//! its provenance.

/// One 480x360 4:2:0 frame, the face in the middle at about a third of the width: Chromium's
/// fake camera plays it in a loop.
pub const Y4M: &[u8] = include_bytes!("../data/astronaut-face.y4m");
pub const WIDTH: usize = 480;
pub const HEIGHT: usize = 360;

/// The frame's luma plane (`WIDTH` x `HEIGHT`).
pub fn luma() -> &'static [u8] {
    let header = Y4M
        .windows(6)
        .position(|w| w == b"FRAME\n")
        .expect("a Y4M frame")
        + 6;
    &Y4M[header..header + WIDTH * HEIGHT]
}

/// `luma` scaled down by an integer factor, each pixel the mean of its block: what the app's
/// canvas hands the detector at analysis size.
pub fn luma_scaled(factor: usize) -> (Vec<u8>, usize, usize) {
    let (w, h) = (WIDTH / factor, HEIGHT / factor);
    let src = luma();
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0usize;
            for dy in 0..factor {
                let row = (y * factor + dy) * WIDTH + x * factor;
                sum += src[row..row + factor]
                    .iter()
                    .map(|&v| usize::from(v))
                    .sum::<usize>();
            }
            out.push((sum / (factor * factor)) as u8);
        }
    }
    (out, w, h)
}
