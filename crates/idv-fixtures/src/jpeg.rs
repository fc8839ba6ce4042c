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

/// A baseline grey JPEG, `w`x`h`, whose every 8x8 block is one flat shade: `shade(bx, by)` for
/// the block in column `bx` and row `by`. A picture at an eighth of the resolution (a bill, a
/// page of text), really decodable, still without an encoder library.
///
/// Valid because: the quantisation table is all 8s, so a flat block of shade `v` has the
/// quantised DC `v - 128` and no AC; the DC table gives each size category 0..=11 a 4-bit code
/// (12 of the 16 codes of length 4, assigned in order), followed by the difference's bits
/// (negatives as their ones' complement); the AC table's one-bit code `0` ends each block; an
/// `FF` byte in the coded data is followed by a stuffed `00`.
pub fn jpeg_blocks(w: u16, h: u16, shade: impl Fn(usize, usize) -> u8) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(0xE0, JFIF));
    let mut dqt = vec![0u8];
    dqt.extend([8u8; 64]);
    out.extend(segment(0xDB, &dqt));
    let mut sof = vec![8];
    sof.extend_from_slice(&h.to_be_bytes());
    sof.extend_from_slice(&w.to_be_bytes());
    sof.extend_from_slice(&[1, 1, 0x11, 0]);
    out.extend(segment(0xC0, &sof));
    let mut dc = vec![0x00u8, 0, 0, 0, 12];
    dc.extend([0u8; 12]);
    dc.extend(0u8..12);
    out.extend(segment(0xC4, &dc));
    let mut ac = vec![0x10u8, 1];
    ac.extend([0u8; 15]);
    ac.push(0);
    out.extend(segment(0xC4, &ac));
    out.extend(segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));

    let mut bits = BitWriter::default();
    let mut previous = 0i32;
    for by in 0..usize::from(h).div_ceil(8) {
        for bx in 0..usize::from(w).div_ceil(8) {
            let dc = i32::from(shade(bx, by)) - 128;
            let diff = dc - previous;
            previous = dc;
            let size = 32 - diff.unsigned_abs().leading_zeros();
            bits.put(size, 4);
            if size > 0 {
                let value = if diff < 0 { diff - 1 } else { diff };
                bits.put(value as u32 & ((1 << size) - 1), size);
            }
            bits.put(0, 1); // end of block
        }
    }
    out.extend(bits.finish());
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// Entropy-coded bits, most significant first, with `FF 00` stuffing and `1`s padding.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    acc: u32,
    count: u32,
}

impl BitWriter {
    fn put(&mut self, value: u32, len: u32) {
        for i in (0..len).rev() {
            self.acc = (self.acc << 1) | ((value >> i) & 1);
            self.count += 1;
            if self.count == 8 {
                self.push();
            }
        }
    }

    fn push(&mut self) {
        let byte = self.acc as u8;
        self.bytes.push(byte);
        if byte == 0xFF {
            self.bytes.push(0x00);
        }
        self.acc = 0;
        self.count = 0;
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            let pad = 8 - self.count;
            self.acc = (self.acc << pad) | ((1 << pad) - 1);
            self.count = 8;
            self.push();
        }
        self.bytes
    }
}

/// The shade of block (`bx`, `by`) of a scanned one-page bill `cols`x`rows` blocks large: white
/// paper, a dark header band, a logo box, an address block and lines of grey "text" of
/// different lengths, a total box. Enough for a person to see a page in a preview.
pub fn bill_block(bx: usize, by: usize, cols: usize, rows: usize) -> u8 {
    let (u, v) = (
        (bx as f32 + 0.5) / cols as f32,
        (by as f32 + 0.5) / rows as f32,
    );
    let margin = (0.07..0.93).contains(&u);
    if (0.04..0.1).contains(&v) && margin {
        return if (0.08..0.2).contains(&u) { 235 } else { 60 };
    }
    if (0.14..0.24).contains(&v) && (0.07..0.45).contains(&u) {
        // The address block: three short lines.
        let line = ((v - 0.14) / 0.035) as usize;
        let within = (v - 0.14) / 0.035 - line as f32;
        return if within < 0.55 && u < 0.4 - 0.04 * line as f32 {
            90
        } else {
            250
        };
    }
    if (0.3..0.8).contains(&v) && margin {
        let line = ((v - 0.3) / 0.04) as usize;
        let within = (v - 0.3) / 0.04 - line as f32;
        let len = 0.5 + 0.4 * ((line * 7 % 5) as f32 / 4.0);
        return if within < 0.45 && u < 0.07 + 0.86 * len {
            120
        } else {
            250
        };
    }
    if (0.84..0.9).contains(&v) && (0.6..0.93).contains(&u) {
        return 170;
    }
    250
}

/// A scanned bill as a JPEG of `w`x`h` pixels ([`bill_block`] per 8x8 block).
pub fn bill_jpeg(w: u16, h: u16) -> Vec<u8> {
    let (cols, rows) = (usize::from(w).div_ceil(8), usize::from(h).div_ceil(8));
    jpeg_blocks(w, h, |bx, by| bill_block(bx, by, cols, rows))
}
