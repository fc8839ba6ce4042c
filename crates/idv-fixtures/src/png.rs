//! 8-bit greyscale PNGs. The pixels go into a zlib stream of *stored* (uncompressed) deflate
//! blocks, which every inflater must accept, so the images are really decodable without a
//! compression library; each chunk carries its correct CRC-32 and the zlib stream its Adler-32.

use crate::checksum::{adler32, crc32};

/// The eight bytes every PNG starts with.
pub const PNG_SIGNATURE: [u8; 8] = *b"\x89PNG\r\n\x1a\n";

/// `raw` as a zlib stream (header `78 01`) of stored deflate blocks of at most 65 535 bytes,
/// the last one flagged final, then the Adler-32 of `raw`. An empty `raw` still gets one (empty,
/// final) block, so the stream is always whole.
pub fn zlib_stored(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if raw.is_empty() {
        vec![&[][..]]
    } else {
        raw.chunks(65_535).collect()
    };
    for (k, block) in blocks.iter().enumerate() {
        out.push(u8::from(k + 1 == blocks.len())); // BFINAL, BTYPE = 00 (stored)
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(raw).to_be_bytes());
    out
}

/// One PNG chunk: big-endian length, type, data, and the CRC-32 of type and data.
pub fn chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(ty);
    out.extend_from_slice(data);
    let crc = crc32(&out[4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// The IHDR chunk of a `w`x`h` image: 8-bit grey, deflate, no filter, not interlaced.
pub fn ihdr(w: u32, h: u32) -> Vec<u8> {
    let mut d = w.to_be_bytes().to_vec();
    d.extend_from_slice(&h.to_be_bytes());
    d.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(b"IHDR", &d)
}

/// The signature and IHDR of a `w`x`h` grey PNG: what comes before any other chunk.
pub fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut out = PNG_SIGNATURE.to_vec();
    out.extend(ihdr(w, h));
    out
}

/// A whole grey PNG of these rows (each `w` bytes, filter "none" put in front of each), with
/// `extra` chunks between IHDR and IDAT.
fn png_of_rows<'a>(
    w: u32,
    h: u32,
    rows: impl Iterator<Item = &'a [u8]>,
    extra: &[(&[u8; 4], &[u8])],
) -> Vec<u8> {
    let mut raw = Vec::with_capacity((w as usize + 1) * h as usize);
    for row in rows {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut out = png_header(w, h);
    for (ty, data) in extra {
        out.extend(chunk(ty, data));
    }
    out.extend(chunk(b"IDAT", &zlib_stored(&raw)));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// A decodable grey `w`x`h` PNG of one `shade` (which varies the pixels, and so the hash).
pub fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let row = vec![shade; w as usize];
    png_of_rows(w, h, (0..h).map(|_| row.as_slice()), &[])
}

/// A decodable grey `w`x`h` PNG of a diagonal gradient (pixel `(x + y) % 256`), with `extra`
/// chunks after IHDR (metadata, say).
pub fn png_gradient(w: u32, h: u32, extra: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let rows: Vec<Vec<u8>> = (0..h)
        .map(|y| (0..w).map(|x| ((x + y) % 256) as u8).collect())
        .collect();
    png_of_rows(w, h, rows.iter().map(Vec::as_slice), extra)
}

/// An 8-bit greyscale PNG of the luma plane `luma` (`width` x `height`, row by row).
pub fn png_gray(luma: &[u8], width: usize, height: usize) -> Vec<u8> {
    assert_eq!(luma.len(), width * height);
    png_of_rows(
        width as u32,
        height as u32,
        luma.chunks_exact(width.max(1)).take(height),
        &[],
    )
}

/// A PNG whose IHDR claims `w`x`h` over a token IDAT (one filter byte and one pixel):
/// structurally whole, so only decoding would find it short.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = png_header(w, h);
    out.extend(chunk(b"IDAT", &zlib_stored(&[0, 0])));
    out.extend(chunk(b"IEND", &[]));
    out
}
