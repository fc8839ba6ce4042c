//! The face of a synthetic ID card, drawn in plain code: the same card for the quality-metric
//! tests (`crates/idv-core/tests/quality.rs`) and the browser tests' fake camera
//! (`tests/support/card.rs`), which each place it in their own frame.
//!
//! Light (luma about 200, darkening slightly downwards) with a mid-grey header band, a photo
//! box with a lighter oval face, and six lines of dark "text" of different lengths: enough
//! edges and contrast for sharpness, glare and framing metrics to see a card.

/// A small deterministic hash (multiply, xor-shift), for texture and noise.
pub fn hash(a: u32, b: u32) -> u32 {
    let mut x = a.wrapping_mul(0x9E37_79B1) ^ b.wrapping_mul(0x85EB_CA77);
    x ^= x >> 15;
    x = x.wrapping_mul(0x2C1B_3C6D);
    x ^= x >> 12;
    x
}

/// The card's luma at (u, v) in [0, 1]² (u across, v down).
pub fn card_face(u: f32, v: f32) -> f32 {
    // Header band.
    if (0.04..0.13).contains(&v) && (0.04..0.96).contains(&u) {
        return 150.0;
    }
    // Photo box with a lighter oval face.
    if (0.05..0.32).contains(&u) && (0.22..0.88).contains(&v) {
        let (du, dv) = ((u - 0.185) / 0.09, (v - 0.5) / 0.17);
        return if du * du + dv * dv < 1.0 {
            165.0
        } else {
            115.0
        };
    }
    // Six lines of "text": dark strokes in character cells, lines of different lengths.
    for k in 0..6u32 {
        let top = 0.24 + 0.1 * k as f32;
        let len = 0.28 + 0.05 * (hash(k, 7) % 6) as f32;
        if (top..top + 0.045).contains(&v) && (0.38..0.38 + len).contains(&u) {
            let cell = 0.018;
            let i = ((u - 0.38) / cell) as u32;
            let within = (u - 0.38) / cell - i as f32;
            let blank = hash(k, i).is_multiple_of(7);
            return if !blank && within < 0.55 { 55.0 } else { 205.0 };
        }
    }
    205.0 - 10.0 * v
}
