//! A small DEFLATE (RFC 1951) and zlib (RFC 1950) decoder, after Mark Adler's `puff`.
//!
//! It exists for one reason: modern PDFs keep their page objects inside compressed object
//! streams (`/Type /ObjStm`, `/FlateDecode`), so counting a PDF's pages needs to read them. It is
//! written for size and safety, not speed (codes are decoded bit by bit, which is plenty for the
//! few kilobytes an object stream holds), and every output is capped by the caller: a
//! "zip bomb" stops at the cap with [`InflateError::TooLarge`] instead of filling memory.

/// Why a compressed stream could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InflateError {
    /// The data ends before the last block does.
    Truncated,
    /// The data is not DEFLATE (a bad block type, code, length or distance).
    Invalid(&'static str),
    /// The output would exceed the caller's cap.
    TooLarge,
}

impl std::fmt::Display for InflateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InflateError::Truncated => write!(f, "compressed data cut short"),
            InflateError::Invalid(why) => write!(f, "invalid compressed data: {why}"),
            InflateError::TooLarge => write!(f, "compressed data expands beyond the limit"),
        }
    }
}

impl std::error::Error for InflateError {}

/// Decompresses a zlib stream (the `/FlateDecode` of PDF) into at most `max_out` bytes. A
/// stream without a valid zlib header is tried as raw DEFLATE, as PDF readers do; the Adler-32
/// at the end is not checked (some PDF writers get it wrong, and readers accept them).
pub fn zlib_decompress(data: &[u8], max_out: usize) -> Result<Vec<u8>, InflateError> {
    let has_header = data.len() >= 2
        && data[0] & 0x0F == 8
        && data[0] >> 4 <= 7
        && data[1] & 0x20 == 0
        && (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 == 0;
    inflate(if has_header { &data[2..] } else { data }, max_out)
}

/// Decompresses raw DEFLATE data into at most `max_out` bytes.
pub fn inflate(data: &[u8], max_out: usize) -> Result<Vec<u8>, InflateError> {
    let mut s = State {
        input: data,
        pos: 0,
        bit_buf: 0,
        bit_count: 0,
        out: Vec::new(),
        max_out,
    };
    loop {
        let last = s.bits(1)? == 1;
        match s.bits(2)? {
            0 => s.stored()?,
            1 => {
                let (lit, dist) = fixed_codes();
                s.codes(&lit, &dist)?;
            }
            2 => {
                let (lit, dist) = s.dynamic_codes()?;
                s.codes(&lit, &dist)?;
            }
            _ => return Err(InflateError::Invalid("block type 3")),
        }
        if last {
            return Ok(s.out);
        }
    }
}

const MAX_BITS: usize = 15;

struct State<'a> {
    input: &'a [u8],
    pos: usize,
    bit_buf: u32,
    bit_count: u32,
    out: Vec<u8>,
    max_out: usize,
}

/// A canonical Huffman code: how many codes have each length, and the symbols in code order.
struct Huffman {
    count: [u16; MAX_BITS + 1],
    symbol: Vec<u16>,
}

impl Huffman {
    /// Builds the code from each symbol's length (0 = unused). Over-subscribed sets are refused;
    /// incomplete ones are allowed (an unused code then fails when met).
    fn new(lengths: &[u8]) -> Result<Huffman, InflateError> {
        let mut count = [0u16; MAX_BITS + 1];
        for &len in lengths {
            count[usize::from(len)] += 1;
        }
        let mut left: i32 = 1;
        for &c in &count[1..] {
            left = (left << 1) - i32::from(c);
            if left < 0 {
                return Err(InflateError::Invalid("over-subscribed Huffman code"));
            }
        }
        let mut offsets = [0u16; MAX_BITS + 1];
        for len in 1..MAX_BITS {
            offsets[len + 1] = offsets[len] + count[len];
        }
        let mut symbol = vec![0u16; lengths.len()];
        for (sym, &len) in lengths.iter().enumerate() {
            if len != 0 {
                let at = &mut offsets[usize::from(len)];
                symbol[usize::from(*at)] = sym as u16;
                *at += 1;
            }
        }
        Ok(Huffman { count, symbol })
    }
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which code-length code lengths are sent.
const CL_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

fn fixed_codes() -> (Huffman, Huffman) {
    let mut lengths = [0u8; 288];
    for (sym, len) in lengths.iter_mut().enumerate() {
        *len = match sym {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    let lit = Huffman::new(&lengths).expect("the fixed code is complete");
    let dist = Huffman::new(&[5; 30]).expect("the fixed code is incomplete but valid");
    (lit, dist)
}

impl State<'_> {
    fn bits(&mut self, need: u32) -> Result<u32, InflateError> {
        while self.bit_count < need {
            let byte = *self.input.get(self.pos).ok_or(InflateError::Truncated)?;
            self.pos += 1;
            self.bit_buf |= u32::from(byte) << self.bit_count;
            self.bit_count += 8;
        }
        let value = self.bit_buf & ((1u32 << need) - 1);
        self.bit_buf >>= need;
        self.bit_count -= need;
        Ok(value)
    }

    fn push(&mut self, byte: u8) -> Result<(), InflateError> {
        if self.out.len() >= self.max_out {
            return Err(InflateError::TooLarge);
        }
        self.out.push(byte);
        Ok(())
    }

    fn stored(&mut self) -> Result<(), InflateError> {
        // Drop the bits left in the current byte (fewer than eight: bytes are read on demand).
        self.bit_buf = 0;
        self.bit_count = 0;
        let head = self
            .input
            .get(self.pos..self.pos + 4)
            .ok_or(InflateError::Truncated)?;
        let len = u16::from_le_bytes([head[0], head[1]]);
        let nlen = u16::from_le_bytes([head[2], head[3]]);
        if len != !nlen {
            return Err(InflateError::Invalid("stored block length check"));
        }
        self.pos += 4;
        let data = self
            .input
            .get(self.pos..self.pos + usize::from(len))
            .ok_or(InflateError::Truncated)?;
        if self.out.len() + data.len() > self.max_out {
            return Err(InflateError::TooLarge);
        }
        self.out.extend_from_slice(data);
        self.pos += usize::from(len);
        Ok(())
    }

    fn decode(&mut self, h: &Huffman) -> Result<u16, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &h.count[1..] {
            code |= self.bits(1)? as i32;
            let count = i32::from(count);
            if code - count < first {
                return h
                    .symbol
                    .get((index + (code - first)) as usize)
                    .copied()
                    .ok_or(InflateError::Invalid("Huffman code out of range"));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Invalid("unused Huffman code"))
    }

    fn codes(&mut self, lit: &Huffman, dist: &Huffman) -> Result<(), InflateError> {
        loop {
            let sym = usize::from(self.decode(lit)?);
            match sym {
                0..=255 => self.push(sym as u8)?,
                256 => return Ok(()),
                _ => {
                    let s = sym - 257;
                    if s >= LENGTH_BASE.len() {
                        return Err(InflateError::Invalid("length symbol"));
                    }
                    let len = usize::from(LENGTH_BASE[s])
                        + self.bits(u32::from(LENGTH_EXTRA[s]))? as usize;
                    let d = usize::from(self.decode(dist)?);
                    if d >= DIST_BASE.len() {
                        return Err(InflateError::Invalid("distance symbol"));
                    }
                    let distance =
                        usize::from(DIST_BASE[d]) + self.bits(u32::from(DIST_EXTRA[d]))? as usize;
                    if distance > self.out.len() {
                        return Err(InflateError::Invalid("distance before the start"));
                    }
                    for _ in 0..len {
                        let byte = self.out[self.out.len() - distance];
                        self.push(byte)?;
                    }
                }
            }
        }
    }

    fn dynamic_codes(&mut self) -> Result<(Huffman, Huffman), InflateError> {
        let nlen = self.bits(5)? as usize + 257;
        let ndist = self.bits(5)? as usize + 1;
        let ncode = self.bits(4)? as usize + 4;
        if nlen > 286 || ndist > 30 {
            return Err(InflateError::Invalid("too many length or distance codes"));
        }
        let mut cl = [0u8; 19];
        for &at in &CL_ORDER[..ncode] {
            cl[at] = self.bits(3)? as u8;
        }
        let cl = Huffman::new(&cl)?;
        let mut lengths = [0u8; 286 + 30];
        let mut i = 0;
        while i < nlen + ndist {
            let sym = self.decode(&cl)?;
            let (value, repeat) = match sym {
                0..=15 => (sym as u8, 1),
                16 => {
                    let prev = *i
                        .checked_sub(1)
                        .and_then(|p| lengths.get(p))
                        .ok_or(InflateError::Invalid("repeat with no previous length"))?;
                    (prev, 3 + self.bits(2)? as usize)
                }
                17 => (0, 3 + self.bits(3)? as usize),
                _ => (0, 11 + self.bits(7)? as usize),
            };
            if i + repeat > nlen + ndist {
                return Err(InflateError::Invalid("too many code lengths"));
            }
            lengths[i..i + repeat].fill(value);
            i += repeat;
        }
        if lengths[256] == 0 {
            return Err(InflateError::Invalid("no end-of-block code"));
        }
        let lit = Huffman::new(&lengths[..nlen])?;
        let dist = Huffman::new(&lengths[nlen..nlen + ndist])?;
        Ok((lit, dist))
    }
}

/// A tiny DEFLATE writer for tests: fixed Huffman codes, literals, and runs as matches.
#[cfg(test)]
pub(crate) mod test_encoder {
    use super::{LENGTH_BASE, LENGTH_EXTRA};

    /// Writes bits LSB first, as DEFLATE packs them.
    #[derive(Default)]
    pub struct Bits {
        out: Vec<u8>,
        buf: u32,
        n: u32,
    }

    impl Bits {
        pub fn put(&mut self, value: u32, n: u32) {
            for k in 0..n {
                self.buf |= ((value >> k) & 1) << self.n;
                self.n += 1;
                if self.n == 8 {
                    self.out.push(self.buf as u8);
                    self.buf = 0;
                    self.n = 0;
                }
            }
        }

        /// A Huffman code: its bits go most significant first.
        pub fn code(&mut self, code: u32, len: u32) {
            for k in (0..len).rev() {
                self.put((code >> k) & 1, 1);
            }
        }

        pub fn finish(mut self) -> Vec<u8> {
            if self.n > 0 {
                self.out.push(self.buf as u8);
            }
            self.out
        }
    }

    pub fn fixed_lit(b: &mut Bits, sym: u32) {
        match sym {
            0..=143 => b.code(0x30 + sym, 8),
            144..=255 => b.code(0x190 + sym - 144, 9),
            256..=279 => b.code(sym - 256, 7),
            _ => b.code(0xC0 + sym - 280, 8),
        }
    }

    /// A fixed-Huffman block: literals, and runs of one byte as matches at distance 1.
    pub fn fixed_rle(data: &[u8]) -> Vec<u8> {
        let mut b = Bits::default();
        b.put(1, 1);
        b.put(1, 2);
        let mut i = 0;
        while i < data.len() {
            fixed_lit(&mut b, u32::from(data[i]));
            let run = data[i + 1..].iter().take_while(|&&x| x == data[i]).count();
            let mut left = run;
            while left >= 3 {
                let len = left.min(258);
                let s = LENGTH_BASE
                    .iter()
                    .rposition(|&l| usize::from(l) <= len)
                    .unwrap();
                fixed_lit(&mut b, 257 + s as u32);
                b.put(
                    (len - usize::from(LENGTH_BASE[s])) as u32,
                    u32::from(LENGTH_EXTRA[s]),
                );
                b.code(0, 5); // distance code 0: distance 1
                left -= len;
            }
            i += 1 + run - left;
        }
        fixed_lit(&mut b, 256);
        b.finish()
    }

    /// `fixed_rle` in a zlib wrapper (header and Adler-32), as `/FlateDecode` holds it.
    pub fn zlib_fixed(data: &[u8]) -> Vec<u8> {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in data {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        let mut out = vec![0x78, 0x01];
        out.extend(fixed_rle(data));
        out.extend(((b << 16) | a).to_be_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::test_encoder::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stored_blocks() {
        let data = b"stored, not compressed";
        let mut raw = vec![1u8];
        raw.extend((data.len() as u16).to_le_bytes());
        raw.extend((!(data.len() as u16)).to_le_bytes());
        raw.extend(data);
        assert_eq!(inflate(&raw, 100).unwrap(), data);
        assert_eq!(inflate(&raw, 5), Err(InflateError::TooLarge));
        raw[3] ^= 1;
        assert!(matches!(inflate(&raw, 100), Err(InflateError::Invalid(_))));
    }

    #[test]
    fn fixed_huffman_with_matches() {
        let data = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab /Type /Page >>";
        let packed = fixed_rle(data);
        assert!(packed.len() < data.len());
        assert_eq!(inflate(&packed, 1000).unwrap(), data);
        assert_eq!(inflate(&packed, 10), Err(InflateError::TooLarge));
        assert_eq!(
            inflate(&packed[..packed.len() - 2], 1000),
            Err(InflateError::Truncated)
        );
    }

    /// What Python's `zlib.compress(data, 9)` wrote for the text below: a dynamic-Huffman block
    /// by real zlib.
    #[test]
    fn dynamic_huffman_from_zlib() {
        const PACKED: &[u8] = &[
            0x78, 0xda, 0xad, 0xd3, 0xbb, 0x0a, 0xc2, 0x50, 0x10, 0x84, 0xe1, 0xde, 0xa7, 0xd8,
            0x37, 0xc8, 0xd9, 0x49, 0x4e, 0x2e, 0x10, 0x52, 0x68, 0x2d, 0x88, 0xd8, 0x89, 0x45,
            0x24, 0x41, 0xb4, 0x48, 0x44, 0x53, 0xe8, 0xdb, 0x7b, 0x48, 0xe7, 0xd4, 0xd3, 0x6c,
            0xb1, 0xbb, 0xfc, 0xdd, 0x97, 0x5b, 0xb0, 0xf9, 0xfa, 0xb0, 0xb6, 0xb5, 0xec, 0xf4,
            0x7d, 0x8e, 0x96, 0x1d, 0xfa, 0xdb, 0x3a, 0x5f, 0xe3, 0xb4, 0x18, 0xd2, 0xf9, 0x68,
            0xd9, 0x7e, 0x1c, 0xee, 0xfd, 0x76, 0xfe, 0xd8, 0x39, 0xa4, 0x45, 0x6c, 0xa2, 0xd5,
            0x05, 0x2e, 0x96, 0xed, 0xe6, 0x69, 0x49, 0x6f, 0x6f, 0xf3, 0x90, 0xaf, 0x9f, 0x5d,
            0x67, 0xe3, 0x34, 0xa4, 0xe0, 0xa6, 0x50, 0x85, 0x0b, 0x0a, 0x47, 0x55, 0x38, 0x52,
            0xb8, 0x54, 0x85, 0x4b, 0x0a, 0x57, 0xaa, 0x70, 0x45, 0xe1, 0x5a, 0x15, 0xae, 0x29,
            0xdc, 0xa8, 0xc2, 0x0d, 0x85, 0x3d, 0x88, 0xca, 0x6b, 0xe8, 0xaf, 0xec, 0xaa, 0xb2,
            0x73, 0x19, 0xaa, 0x32, 0xb8, 0x9c, 0xab, 0xca, 0xac, 0xcf, 0x55, 0xfc, 0x9c, 0xf9,
            0xb9, 0xca, 0x9f, 0xb3, 0x3f, 0x57, 0x01, 0x74, 0x06, 0xe8, 0x2a, 0x81, 0xce, 0x02,
            0x5d, 0x45, 0xd0, 0x99, 0xa0, 0xab, 0x0c, 0x3a, 0x1b, 0x84, 0xca, 0x20, 0xd8, 0x20,
            0x54, 0x06, 0xc1, 0x06, 0xa1, 0x32, 0x08, 0x36, 0x08, 0x95, 0x41, 0xb0, 0x41, 0xa8,
            0x0c, 0x82, 0x0d, 0x42, 0x65, 0x10, 0x6c, 0x10, 0x2a, 0x83, 0x60, 0x83, 0x50, 0x19,
            0x04, 0x1b, 0x84, 0xca, 0x20, 0xd8, 0x20, 0x54, 0x06, 0xc1, 0x06, 0x7f, 0x55, 0xa9,
            0x99, 0x95,
        ];
        let want: Vec<u8> = (3..30)
            .flat_map(|i| {
                format!(
                    "{i} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >> endobj\n",
                    i + 100
                )
                .into_bytes()
            })
            .collect();
        assert_eq!(PACKED[2] & 0b110, 0b100, "a dynamic block");
        assert_eq!(zlib_decompress(PACKED, 1 << 20).unwrap(), want);
        assert_eq!(zlib_decompress(PACKED, 100), Err(InflateError::TooLarge));
        assert!(zlib_decompress(&PACKED[..PACKED.len() / 2], 1 << 20).is_err());
    }

    #[test]
    fn bad_input_is_an_error() {
        assert_eq!(inflate(&[], 10), Err(InflateError::Truncated));
        assert!(matches!(
            inflate(&[0x07], 10),
            Err(InflateError::Invalid(_))
        ));
        // A match before any output.
        let mut b = Bits::default();
        b.put(1, 1);
        b.put(1, 2);
        fixed_lit(&mut b, 257);
        b.code(0, 5);
        assert!(matches!(
            inflate(&b.finish(), 10),
            Err(InflateError::Invalid(_))
        ));
    }

    proptest! {
        #[test]
        fn round_trips(data in proptest::collection::vec(prop_oneof![Just(b'a'), any::<u8>()], 0..600)) {
            let packed = fixed_rle(&data);
            prop_assert_eq!(inflate(&packed, 1 << 16).unwrap(), data);
        }

        #[test]
        fn never_panics(data in proptest::collection::vec(any::<u8>(), 0..400), cap in 0usize..5000) {
            if let Ok(out) = zlib_decompress(&data, cap) {
                prop_assert!(out.len() <= cap);
            }
        }
    }
}
