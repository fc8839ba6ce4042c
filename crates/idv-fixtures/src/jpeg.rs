//! A minimal, decodable baseline JPEG: one grey component, every 8x8 block coded as "DC
//! difference 0, end of block", so the whole image is one uniform grey.

/// A JPEG marker segment: `FF marker`, the big-endian length (data plus the two length bytes),
/// the data.
pub fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(data);
    out
}

/// The APP0 JFIF 1.01 payload: no density units, 1:1, no thumbnail.
pub const JFIF: &[u8] = b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0";

/// An APP1 Exif payload naming a GPS position: metadata a privacy check must strip.
pub const EXIF: &[u8] = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 46.2044N GPSLongitude 6.1432E";

/// A uniformly grey baseline JPEG, `w`x`h`, with `extra` segments (marker, data) after APP0.
///
/// Valid because: SOI, APP0, one quantisation table (every entry `shade.max(1)`, which only
/// varies the bytes), SOF0 with one 8-bit component sampled 1x1, one Huffman table per class
/// holding a single one-bit code `0` (DC: category 0; AC: end of block), SOS, then two `0` bits
/// per 8x8 block padded with `1`s to a whole byte, and EOI.
pub fn jpeg_with(w: u16, h: u16, shade: u8, extra: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(0xE0, JFIF));
    for (m, d) in extra {
        out.extend(segment(*m, d));
    }
    let mut dqt = vec![0u8];
    dqt.extend([shade.max(1); 64]);
    out.extend(segment(0xDB, &dqt));
    let mut sof = vec![8];
    sof.extend_from_slice(&h.to_be_bytes());
    sof.extend_from_slice(&w.to_be_bytes());
    sof.extend_from_slice(&[1, 1, 0x11, 0]);
    out.extend(segment(0xC0, &sof));
    // Class, one code of length 1, none longer, symbol 0.
    for class in [0x00u8, 0x10] {
        let mut dht = vec![class, 1];
        dht.extend([0u8; 15]);
        dht.push(0);
        out.extend(segment(0xC4, &dht));
    }
    out.extend(segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    let blocks = usize::from(w).div_ceil(8) * usize::from(h).div_ceil(8);
    let bits = 2 * blocks;
    let mut data = vec![0u8; bits.div_ceil(8)];
    if bits % 8 != 0 {
        *data.last_mut().unwrap() = 0xFF >> (bits % 8); // pad with 1s
    }
    out.extend(data);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// [`jpeg_with`] without extra segments.
pub fn jpeg(w: u16, h: u16, shade: u8) -> Vec<u8> {
    jpeg_with(w, h, shade, &[])
}
