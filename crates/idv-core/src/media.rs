//! Judging an uploaded image by its bytes alone: never by its file name or its `Content-Type`.
//!
//! [`inspect_image`] recognises JPEG, PNG, HEIC/HEIF and WebP by their magic bytes, walks the
//! file's structure far enough to know it is whole, reads its size in pixels, and refuses empty,
//! oversized, unknown, broken, absurdly large-in-pixels and too-small images with an error that
//! has a stable [`MediaError::code`]. [`strip_metadata`] removes what a photo carries besides the
//! picture (EXIF with its location, XMP, IPTC, comments, text chunks).
//!
//! What is checked is the **structure**, not the compressed pixels: no entropy or zlib decoding
//! happens here (that would need a full decoder, too big for the app's wasm and a risk in
//! itself). So a file that passes has every segment, chunk or box in bounds and in order, its
//! size declared where a decoder reads it, and (PNG) every chunk's CRC right; a file whose
//! compressed data is garbage inside a correct structure is not caught here.
//!
//! Per format:
//! - **JPEG**: markers walked from SOI; size from the frame header (SOFn); at least one scan
//!   (SOS) whose entropy-coded data is followed by EOI. Bytes after EOI (some phones append a
//!   video or a maker trailer) are accepted and dropped by [`strip_metadata`].
//! - **PNG**: signature; IHDR first with its size, bit depth and colour type checked; every
//!   chunk's length in bounds and its CRC-32 right; PLTE for palette images; IDAT; IEND. Bytes
//!   after IEND are accepted and dropped by [`strip_metadata`].
//! - **HEIC/HEIF**: the `ftyp` box's brands (`heic`, `heix`, `hevc`, `heim`, `heis`, `mif1`,
//!   `msf1`; AVIF brands are refused as unsupported); every top-level box in bounds; a `meta`
//!   box whose primary item's `ispe` property gives the size (the largest `ispe` when the primary
//!   item cannot be followed through `pitm`/`ipma`); image data in `mdat` or `idat`. A HEIF
//!   without any `ispe` is refused as undecodable, so the size is never unknown.
//!   [`strip_metadata`] blanks (zeroes) the bytes of every metadata item (`Exif`, and XMP as a
//!   `mime` item) where `iloc` places them: the items stay, so every offset in the file stays
//!   right, but the GPS position and the rest of what they held are gone.
//! - **WebP**: the RIFF container in bounds; size from the VP8X canvas, else from the VP8
//!   (lossy) key frame header or the VP8L (lossless) header; a VP8 or VP8L chunk must be
//!   present. Animated WebP is refused as unsupported.

use serde::{Deserialize, Serialize};

/// An upload is at most this many bytes (10 MiB).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// At most this many pixels (40 megapixels): enough for any phone photo of a card.
pub const MAX_PIXELS: u64 = 40_000_000;
/// At most this many pixels a side.
pub const MAX_SIDE: u32 = 12_000;
/// The short side must have at least this many pixels for an ID to be readable.
pub const MIN_SHORT_SIDE: u32 = 320;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    Jpeg,
    Png,
    Heic,
    Webp,
}

impl ImageFormat {
    pub const ALL: [ImageFormat; 4] = [
        ImageFormat::Jpeg,
        ImageFormat::Png,
        ImageFormat::Heic,
        ImageFormat::Webp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
            ImageFormat::Heic => "heic",
            ImageFormat::Webp => "webp",
        }
    }

    pub fn from_name(name: &str) -> Option<ImageFormat> {
        ImageFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The file extension a stored file of this format gets.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Heic => "heic",
            ImageFormat::Webp => "webp",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Heic => "image/heic",
            ImageFormat::Webp => "image/webp",
        }
    }
}

/// What [`inspect_image`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// The bounds an image must stay within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_pixels: u64,
    pub max_side: u32,
    pub min_short_side: u32,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_bytes: MAX_UPLOAD_BYTES,
        max_pixels: MAX_PIXELS,
        max_side: MAX_SIDE,
        min_short_side: MIN_SHORT_SIDE,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// Why an image is refused. [`MediaError::code`] is stable (it is the API's error code); the
/// `Display` text is a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaError {
    /// Zero bytes.
    Empty,
    /// More than `limit` bytes.
    TooLarge { limit: usize },
    /// Not JPEG, PNG, HEIC/HEIF or WebP by its bytes (whatever its name says).
    UnsupportedType,
    /// The bytes start like a known format but their structure is broken or cut short.
    Undecodable { reason: &'static str },
    /// A "pixel bomb": more pixels, or a longer side, than anyone needs for a card.
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
        max_side: u32,
    },
    /// The short side is under `min_short_side` pixels: an ID would not be readable.
    TooSmall {
        width: u32,
        height: u32,
        min_short_side: u32,
    },
}

impl MediaError {
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Empty => "empty_file",
            MediaError::TooLarge { .. } => "file_too_large",
            MediaError::UnsupportedType => "unsupported_type",
            MediaError::Undecodable { .. } => "undecodable_image",
            MediaError::TooManyPixels { .. } => "too_many_pixels",
            MediaError::TooSmall { .. } => "image_too_small",
        }
    }

    /// True when the file was cut short (a failed or partial upload), as opposed to malformed.
    pub fn is_truncated(&self) -> bool {
        matches!(self, MediaError::Undecodable { reason } if *reason == TRUNCATED)
    }
}

impl std::fmt::Display for MediaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MediaError::Empty => write!(f, "The file is empty."),
            MediaError::TooLarge { limit } => write!(
                f,
                "The file is larger than {} MB; send a smaller photo.",
                limit / (1024 * 1024)
            ),
            MediaError::UnsupportedType => write!(
                f,
                "The file is not a JPEG, PNG, HEIC or WebP image (judged by its content, not its name)."
            ),
            MediaError::Undecodable { reason } => {
                write!(f, "The image cannot be read: {reason}.")
            }
            MediaError::TooManyPixels {
                width,
                height,
                max_pixels,
                max_side,
            } => write!(
                f,
                "The image is {width}x{height} pixels; at most {} megapixels and {max_side} pixels a side are accepted.",
                max_pixels / 1_000_000
            ),
            MediaError::TooSmall {
                width,
                height,
                min_short_side,
            } => write!(
                f,
                "The image is {width}x{height} pixels; its short side needs at least {min_short_side} pixels for the document to be readable."
            ),
        }
    }
}

impl std::error::Error for MediaError {}

const TRUNCATED: &str = "the file ends before the image does (truncated)";

fn undecodable(reason: &'static str) -> MediaError {
    MediaError::Undecodable { reason }
}

fn truncated() -> MediaError {
    undecodable(TRUNCATED)
}

/// The format the bytes declare by their magic numbers, if it is one of ours.
pub fn detect_format(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(ImageFormat::Png)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::Webp)
    } else if is_heif(bytes) {
        Some(ImageFormat::Heic)
    } else {
        None
    }
}

/// Checks an upload and reads its size. The checks run in this order: empty, too many bytes,
/// format, structure, too many pixels, too small.
pub fn inspect_image(bytes: &[u8], limits: &Limits) -> Result<ImageInfo, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let format = detect_format(bytes).ok_or(MediaError::UnsupportedType)?;
    let (width, height) = match format {
        ImageFormat::Jpeg => jpeg_size(bytes)?,
        ImageFormat::Png => png_size(bytes)?,
        ImageFormat::Heic => heif_size(bytes)?,
        ImageFormat::Webp => webp_size(bytes)?,
    };
    let pixels = u64::from(width) * u64::from(height);
    if width > limits.max_side || height > limits.max_side || pixels > limits.max_pixels {
        return Err(MediaError::TooManyPixels {
            width,
            height,
            max_pixels: limits.max_pixels,
            max_side: limits.max_side,
        });
    }
    if width.min(height) < limits.min_short_side {
        return Err(MediaError::TooSmall {
            width,
            height,
            min_short_side: limits.min_short_side,
        });
    }
    Ok(ImageInfo {
        format,
        width,
        height,
    })
}

/// The image without its metadata, by format: see [`strip_jpeg_metadata`],
/// [`strip_png_metadata`], [`strip_webp_metadata`] and [`blank_heif_metadata`]. Unknown bytes
/// come back unchanged. Meant for bytes [`inspect_image`] accepted; on malformed input it does its best
/// and never panics.
pub fn strip_metadata(bytes: &[u8]) -> Vec<u8> {
    match detect_format(bytes) {
        Some(ImageFormat::Jpeg) => strip_jpeg_metadata(bytes),
        Some(ImageFormat::Png) => strip_png_metadata(bytes),
        Some(ImageFormat::Webp) => strip_webp_metadata(bytes),
        Some(ImageFormat::Heic) => blank_heif_metadata(bytes),
        None => bytes.to_vec(),
    }
}

/// A HEIF file with the bytes of its metadata items (`Exif`; XMP, a `mime` item) set to zero.
/// A file whose boxes cannot be followed comes back as it is (`inspect_image` has refused it
/// already if it is not a readable HEIF).
pub fn blank_heif_metadata(b: &[u8]) -> Vec<u8> {
    let mut out = b.to_vec();
    for (start, end) in heif_metadata_extents(b).unwrap_or_default() {
        if let Some(bytes) = out.get_mut(start..end) {
            bytes.fill(0);
        }
    }
    out
}

/// Where the metadata items' bytes lie in the file: `(start, end)` ranges.
fn heif_metadata_extents(b: &[u8]) -> Option<Vec<(usize, usize)>> {
    let top = heif_children(b, 0).ok()?;
    let &(_, meta_start, meta_end) = top.iter().find(|t| &t.0 == b"meta")?;
    let meta = &b[meta_start..meta_end];
    let children = heif_children(meta, 4.min(meta.len())).ok()?;
    let find = |ty: &[u8; 4]| children.iter().find(|c| &c.0 == ty);
    // Metadata item ids, from `iinf`'s `infe` entries (version 2: u16 ids, 3: u32 ids).
    let &(_, iinf_start, iinf_end) = find(b"iinf")?;
    let iinf = &meta[iinf_start..iinf_end];
    let entries_at = if iinf.first()? == &0 { 6 } else { 8 };
    let mut ids = Vec::new();
    for (ty, s, e) in heif_children(iinf, entries_at.min(iinf.len())).ok()? {
        let d = &iinf[s..e];
        if &ty != b"infe" || *d.first()? < 2 {
            continue;
        }
        let (id, at) = match d[0] {
            2 => (u32::from(be16(d, 4)?), 8),
            _ => (be32(d, 4)?, 10),
        };
        let item_type = d.get(at..at + 4)?;
        let xmp = item_type == b"mime"
            && d.get(at + 4..).is_some_and(|rest| {
                // item_name, then content_type, each ending with a zero byte.
                let content_type = rest.split(|&c| c == 0).nth(1).unwrap_or_default();
                content_type.eq_ignore_ascii_case(b"application/rdf+xml")
            });
        if item_type == b"Exif" || xmp {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Some(Vec::new());
    }
    // Their extents, from `iloc`: file offsets (construction method 0) or offsets into `idat`
    // (method 1).
    let idat_start = find(b"idat").map(|&(_, s, _)| meta_start + s);
    let &(_, iloc_start, iloc_end) = find(b"iloc")?;
    let iloc = &meta[iloc_start..iloc_end];
    let version = *iloc.first()?;
    let sizes = *iloc.get(4)?;
    let more = *iloc.get(5)?;
    let (offset_size, length_size) = (usize::from(sizes >> 4), usize::from(sizes & 15));
    let base_size = usize::from(more >> 4);
    let index_size = if version >= 1 {
        usize::from(more & 15)
    } else {
        0
    };
    let read = |at: &mut usize, n: usize| -> Option<u64> {
        let v = match n {
            0 => 0,
            4 => u64::from(be32(iloc, *at)?),
            8 => be64(iloc, *at)?,
            _ => return None,
        };
        *at += n;
        Some(v)
    };
    let mut at = 6;
    let count = if version < 2 {
        at += 2;
        u32::from(be16(iloc, 6)?)
    } else {
        at += 4;
        be32(iloc, 6)?
    };
    let mut ranges = Vec::new();
    for _ in 0..count {
        let id = if version < 2 {
            at += 2;
            u32::from(be16(iloc, at - 2)?)
        } else {
            at += 4;
            be32(iloc, at - 4)?
        };
        let method = if version >= 1 {
            at += 2;
            be16(iloc, at - 2)? & 15
        } else {
            0
        };
        at += 2; // data_reference_index
        let base = read(&mut at, base_size)?;
        let extents = be16(iloc, at)?;
        at += 2;
        for _ in 0..extents {
            read(&mut at, index_size)?;
            let offset = read(&mut at, offset_size)?;
            let length = read(&mut at, length_size)?;
            let origin = match method {
                0 => Some(0u64),
                1 => idat_start.map(|s| s as u64),
                _ => None,
            };
            if let (true, Some(origin)) = (ids.contains(&id), origin) {
                let start = origin.checked_add(base)?.checked_add(offset)?;
                let end = start.checked_add(length)?.min(b.len() as u64);
                if length > 0 && start < end {
                    ranges.push((start as usize, end as usize));
                }
            }
        }
    }
    Some(ranges)
}

// ---------------------------------------------------------------------------------------------
// Byte reading
// ---------------------------------------------------------------------------------------------

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(3)?)?;
    Some(u32::from(s[0]) | (u32::from(s[1]) << 8) | (u32::from(s[2]) << 16))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

// ---------------------------------------------------------------------------------------------
// JPEG
// ---------------------------------------------------------------------------------------------

const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const COM: u8 = 0xFE;
const APP0: u8 = 0xE0;
const APP14: u8 = 0xEE;

/// Frame headers: SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
fn is_sof(m: u8) -> bool {
    (0xC0..=0xCF).contains(&m) && !matches!(m, 0xC4 | 0xC8 | 0xCC)
}

/// Markers that stand alone, without a length: TEM and RST0..RST7 (SOI and EOI are handled
/// by the callers).
fn is_standalone(m: u8) -> bool {
    m == 0x01 || (0xD0..=0xD7).contains(&m)
}

/// The marker at `i`, after any fill bytes: `(marker byte, index after it)`.
fn jpeg_marker(b: &[u8], i: usize) -> Result<(u8, usize), MediaError> {
    match b.get(i) {
        None => return Err(truncated()),
        Some(0xFF) => {}
        Some(_) => return Err(undecodable("stray bytes where a JPEG marker should be")),
    }
    let mut j = i;
    while b.get(j) == Some(&0xFF) {
        j += 1;
    }
    match b.get(j) {
        None => Err(truncated()),
        Some(0x00) => Err(undecodable("an invalid JPEG marker")),
        Some(&m) => Ok((m, j + 1)),
    }
}

/// A segment whose length field starts at `at`: the index after it.
fn jpeg_segment_end(b: &[u8], at: usize) -> Result<usize, MediaError> {
    let len = usize::from(be16(b, at).ok_or_else(truncated)?);
    if len < 2 {
        return Err(undecodable(
            "a JPEG segment shorter than its own length field",
        ));
    }
    let end = at + len;
    if end > b.len() {
        return Err(truncated());
    }
    Ok(end)
}

/// Skips entropy-coded data from `i`: the index of the marker that ends it.
fn skip_entropy(b: &[u8], mut i: usize) -> Result<usize, MediaError> {
    loop {
        let at = b
            .get(i..)
            .and_then(|rest| rest.iter().position(|&x| x == 0xFF))
            .ok_or_else(truncated)?;
        i += at;
        match b.get(i + 1) {
            None => return Err(truncated()),
            // A stuffed 0xFF, or a restart marker inside the scan.
            Some(0x00) | Some(0xD0..=0xD7) => i += 2,
            // Fill bytes before a marker.
            Some(0xFF) => i += 1,
            Some(_) => return Ok(i),
        }
    }
}

fn jpeg_size(b: &[u8]) -> Result<(u32, u32), MediaError> {
    let mut i = 2;
    let mut size = None;
    let mut scans = 0u32;
    loop {
        let (m, after) = jpeg_marker(b, i)?;
        match m {
            EOI => break,
            0xD8 => return Err(undecodable("a second JPEG start-of-image marker")),
            m if is_standalone(m) => i = after,
            _ => {
                let end = jpeg_segment_end(b, after)?;
                let seg = &b[after + 2..end];
                if is_sof(m) {
                    if size.is_some() {
                        return Err(undecodable("two JPEG frame headers"));
                    }
                    let (h, w) = match (be16(seg, 1), be16(seg, 3), seg.get(5)) {
                        (Some(h), Some(w), Some(&n)) if seg.len() >= 6 + 3 * usize::from(n) => {
                            (h, w)
                        }
                        _ => return Err(undecodable("a JPEG frame header too short")),
                    };
                    if w == 0 || h == 0 {
                        return Err(undecodable("a JPEG frame header without the image size"));
                    }
                    size = Some((u32::from(w), u32::from(h)));
                }
                i = end;
                if m == SOS {
                    if size.is_none() {
                        return Err(undecodable("JPEG image data before the frame header"));
                    }
                    scans += 1;
                    i = skip_entropy(b, i)?;
                }
            }
        }
    }
    if scans == 0 {
        return Err(undecodable("a JPEG without image data (no start-of-scan)"));
    }
    size.ok_or_else(|| undecodable("a JPEG without a frame header"))
}

/// Drops APP1 (EXIF, XMP), APP2..APP13 (ICC profiles, IPTC in APP13, maker data), APP15 and
/// COM segments; keeps APP0 (JFIF) and APP14 (Adobe, which tells how to read the colours), and
/// every other byte as it was. Bytes after EOI are dropped. Input that is not a JPEG comes back
/// unchanged; a malformed tail is copied as it is.
pub fn strip_jpeg_metadata(b: &[u8]) -> Vec<u8> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return b.to_vec();
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let mut i = 2;
    while let Ok((m, after)) = jpeg_marker(b, i) {
        if m == EOI {
            out.extend_from_slice(&b[i..after]);
            return out;
        }
        if m == 0xD8 || is_standalone(m) {
            out.extend_from_slice(&b[i..after]);
            i = after;
            continue;
        }
        let Ok(end) = jpeg_segment_end(b, after) else {
            break;
        };
        let metadata = m == COM || ((0xE1..=0xEF).contains(&m) && m != APP14);
        debug_assert!(m != APP0 || !metadata);
        if !metadata {
            out.extend_from_slice(&b[i..end]);
        }
        i = end;
        if m == SOS {
            let Ok(next) = skip_entropy(b, i) else {
                break;
            };
            out.extend_from_slice(&b[i..next]);
            i = next;
        }
    }
    // Malformed from `i` on: keep the rest as it was rather than guess.
    out.extend_from_slice(b.get(i..).unwrap_or_default());
    out
}

// ---------------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------------

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Ancillary chunks that carry text, EXIF or a timestamp rather than the picture.
const PNG_METADATA: [&[u8; 4]; 5] = [b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"tIME"];

/// CRC-32 (ISO-HDLC, as in PNG and zlib).
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// One chunk at `i`: `(type, data range start, data end)`; the CRC follows the data.
fn png_chunk(b: &[u8], i: usize) -> Result<([u8; 4], usize, usize), MediaError> {
    let len = be32(b, i).ok_or_else(truncated)?;
    if len > 0x7FFF_FFFF {
        return Err(undecodable("a PNG chunk longer than the format allows"));
    }
    let ty: [u8; 4] = b
        .get(i + 4..i + 8)
        .ok_or_else(truncated)?
        .try_into()
        .expect("four bytes");
    let start = i + 8;
    let end = start
        .checked_add(len as usize)
        .filter(|&e| e.checked_add(4).is_some_and(|c| c <= b.len()))
        .ok_or_else(truncated)?;
    Ok((ty, start, end))
}

fn png_size(b: &[u8]) -> Result<(u32, u32), MediaError> {
    let mut i = PNG_SIGNATURE.len();
    let mut size = None;
    let mut palette_needed = false;
    let mut palette = false;
    let mut image_data = false;
    loop {
        let (ty, start, end) = png_chunk(b, i)?;
        if !ty.iter().all(u8::is_ascii_alphabetic) {
            return Err(undecodable("a PNG chunk with an invalid type"));
        }
        let crc = be32(b, end).ok_or_else(truncated)?;
        if crc32(&b[i + 4..end]) != crc {
            return Err(undecodable("a PNG chunk's checksum (CRC) does not match"));
        }
        let data = &b[start..end];
        match (&ty, size) {
            (b"IHDR", None) => {
                if data.len() != 13 {
                    return Err(undecodable("a PNG header (IHDR) of the wrong length"));
                }
                let (w, h) = (be32(data, 0).unwrap_or(0), be32(data, 4).unwrap_or(0));
                if w == 0 || h == 0 || w > 0x7FFF_FFFF || h > 0x7FFF_FFFF {
                    return Err(undecodable("a PNG header (IHDR) with an impossible size"));
                }
                let (depth, colour) = (data[8], data[9]);
                let depth_ok = match colour {
                    0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
                    3 => matches!(depth, 1 | 2 | 4 | 8),
                    2 | 4 | 6 => matches!(depth, 8 | 16),
                    _ => false,
                };
                if !depth_ok || data[10] != 0 || data[11] != 0 || data[12] > 1 {
                    return Err(undecodable("a PNG header (IHDR) with invalid settings"));
                }
                palette_needed = colour == 3;
                size = Some((w, h));
            }
            (_, None) => return Err(undecodable("a PNG that does not start with its header")),
            (b"IHDR", Some(_)) => return Err(undecodable("two PNG headers (IHDR)")),
            (b"PLTE", _) => palette = true,
            (b"IDAT", _) => {
                if palette_needed && !palette {
                    return Err(undecodable("a palette PNG without its palette"));
                }
                image_data = true;
            }
            (b"IEND", _) => break,
            (t, _) if t[0].is_ascii_uppercase() => {
                return Err(undecodable("a PNG with an unknown critical chunk"))
            }
            _ => {}
        }
        i = end + 4;
    }
    if !image_data {
        return Err(undecodable("a PNG without image data (IDAT)"));
    }
    size.ok_or_else(|| undecodable("a PNG without its header"))
}

/// Drops the `tEXt`, `iTXt`, `zTXt`, `eXIf` and `tIME` chunks and anything after IEND; keeps
/// every other chunk byte for byte (colour chunks such as `iCCP`, `gAMA`, `sRGB` included).
pub fn strip_png_metadata(b: &[u8]) -> Vec<u8> {
    if !b.starts_with(PNG_SIGNATURE) {
        return b.to_vec();
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut i = PNG_SIGNATURE.len();
    while let Ok((ty, _, end)) = png_chunk(b, i) {
        let next = end + 4;
        if !PNG_METADATA.contains(&&ty) {
            out.extend_from_slice(&b[i..next]);
        }
        i = next;
        if &ty == b"IEND" {
            return out;
        }
    }
    out.extend_from_slice(b.get(i..).unwrap_or_default());
    out
}

// ---------------------------------------------------------------------------------------------
// WebP
// ---------------------------------------------------------------------------------------------

/// The RIFF chunks of a WebP: `(fourcc, data start, data end)`, checked to stay in bounds.
fn webp_chunks(b: &[u8]) -> Result<Vec<([u8; 4], usize, usize)>, MediaError> {
    let riff = le32(b, 4).ok_or_else(truncated)? as usize;
    let total = riff.checked_add(8).ok_or_else(truncated)?;
    if riff < 4 {
        return Err(undecodable("a WebP container too small to hold an image"));
    }
    if total > b.len() {
        return Err(truncated());
    }
    let mut chunks = Vec::new();
    let mut i = 12;
    while i < total {
        let ty: [u8; 4] = b
            .get(i..i + 4)
            .filter(|_| i + 8 <= total)
            .ok_or_else(truncated)?
            .try_into()
            .expect("four bytes");
        let len = le32(b, i + 4).ok_or_else(truncated)? as usize;
        let start = i + 8;
        let end = start
            .checked_add(len)
            .filter(|&e| e <= total)
            .ok_or_else(truncated)?;
        chunks.push((ty, start, end));
        i = end + (len & 1);
    }
    Ok(chunks)
}

fn webp_size(b: &[u8]) -> Result<(u32, u32), MediaError> {
    let mut canvas = None;
    let mut frame = None;
    for (ty, start, end) in webp_chunks(b)? {
        let d = &b[start..end];
        match &ty {
            b"VP8X" => {
                let (w, h) = le24(d, 4)
                    .zip(le24(d, 7))
                    .ok_or_else(|| undecodable("a WebP extended header too short"))?;
                canvas = Some((w + 1, h + 1));
            }
            b"VP8 " => {
                // A key frame: bit 0 of the frame tag is 0, then the start code 9d 01 2a.
                if d.len() < 10 || d[0] & 1 != 0 || d[3..6] != [0x9d, 0x01, 0x2a] {
                    return Err(undecodable("a WebP (VP8) without a valid key frame header"));
                }
                let w = u32::from(le16(d, 6).unwrap_or(0) & 0x3FFF);
                let h = u32::from(le16(d, 8).unwrap_or(0) & 0x3FFF);
                if w == 0 || h == 0 {
                    return Err(undecodable("a WebP (VP8) frame without a size"));
                }
                frame.get_or_insert((w, h));
            }
            b"VP8L" => {
                let bits = le32(d, 1)
                    .filter(|_| d[0] == 0x2F)
                    .ok_or_else(|| undecodable("a WebP (VP8L) without a valid lossless header"))?;
                if bits >> 29 != 0 {
                    return Err(undecodable("a WebP (VP8L) of an unknown version"));
                }
                frame.get_or_insert(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1));
            }
            b"ANIM" | b"ANMF" => return Err(MediaError::UnsupportedType),
            _ => {}
        }
    }
    let frame = frame.ok_or_else(|| undecodable("a WebP without image data (VP8/VP8L)"))?;
    Ok(canvas.unwrap_or(frame))
}

/// Drops the `EXIF` and `XMP ` chunks, clears their flags in `VP8X`, and fixes the RIFF size.
/// Anything malformed comes back unchanged.
pub fn strip_webp_metadata(b: &[u8]) -> Vec<u8> {
    if detect_format(b) != Some(ImageFormat::Webp) {
        return b.to_vec();
    }
    let Ok(chunks) = webp_chunks(b) else {
        return b.to_vec();
    };
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..12]);
    for (ty, start, end) in chunks {
        if &ty == b"EXIF" || &ty == b"XMP " {
            continue;
        }
        let padded = (end + ((end - start) & 1)).min(b.len());
        let at = out.len();
        out.extend_from_slice(&b[start - 8..padded]);
        if &ty == b"VP8X" && end > start {
            // Flags: bit 3 EXIF, bit 2 XMP.
            out[at + 8] &= !0b0000_1100;
        }
    }
    let riff = (out.len() - 8) as u32;
    out[4..8].copy_from_slice(&riff.to_le_bytes());
    out
}

// ---------------------------------------------------------------------------------------------
// HEIC / HEIF (ISO-BMFF)
// ---------------------------------------------------------------------------------------------

const HEIF_BRANDS: [&[u8; 4]; 7] = [
    b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1",
];
const AVIF_BRANDS: [&[u8; 4]; 2] = [b"avif", b"avis"];

/// The brands of a leading `ftyp` box: the major brand, then the compatible ones.
fn ftyp_brands(b: &[u8]) -> Option<impl Iterator<Item = &[u8]>> {
    if b.get(4..8)? != b"ftyp" {
        return None;
    }
    let size = (be32(b, 0)? as usize).min(b.len());
    let major = b.get(8..12)?;
    let compatible = b.get(16..size).unwrap_or_default().chunks_exact(4);
    Some(std::iter::once(major).chain(compatible))
}

fn is_heif(b: &[u8]) -> bool {
    let Some(brands) = ftyp_brands(b) else {
        return false;
    };
    let brands: Vec<&[u8]> = brands.collect();
    let any = |set: &[&[u8; 4]]| brands.iter().any(|br| set.iter().any(|s| &s[..] == *br));
    any(&HEIF_BRANDS) && !any(&AVIF_BRANDS)
}

/// One box at `i` within `b`: `(type, payload start, end)`.
fn heif_box(b: &[u8], i: usize) -> Result<([u8; 4], usize, usize), MediaError> {
    let size32 = be32(b, i).ok_or_else(truncated)?;
    let ty: [u8; 4] = b
        .get(i + 4..i + 8)
        .ok_or_else(truncated)?
        .try_into()
        .expect("four bytes");
    let (header, size) = match size32 {
        0 => (8, (b.len() - i) as u64),
        1 => (16, be64(b, i + 8).ok_or_else(truncated)?),
        n => (8, u64::from(n)),
    };
    if size < header as u64 {
        return Err(undecodable("a HEIF box smaller than its own header"));
    }
    let end = u64::try_from(i)
        .ok()
        .and_then(|i| i.checked_add(size))
        .filter(|&e| e <= b.len() as u64)
        .ok_or_else(truncated)? as usize;
    Ok((ty, i + header, end))
}

/// The boxes directly inside `b[from..]`.
fn heif_children(b: &[u8], from: usize) -> Result<Vec<([u8; 4], usize, usize)>, MediaError> {
    let mut boxes = Vec::new();
    let mut i = from;
    while i < b.len() {
        let (ty, start, end) = heif_box(b, i)?;
        boxes.push((ty, start, end));
        i = end;
    }
    Ok(boxes)
}

fn heif_size(b: &[u8]) -> Result<(u32, u32), MediaError> {
    let top = heif_children(b, 0)?;
    if top.first().map(|t| &t.0) != Some(b"ftyp") {
        return Err(undecodable(
            "a HEIF file that does not start with its ftyp box",
        ));
    }
    let meta = top
        .iter()
        .find(|t| &t.0 == b"meta")
        .ok_or_else(|| undecodable("a HEIF file without its metadata (meta box)"))?;
    // `meta` is a full box: version and flags come before its children.
    let meta = &b[meta.1..meta.2];
    let children = heif_children(meta, 4.min(meta.len()))?;
    let mut primary = None;
    let mut ispe: Vec<Option<(u32, u32)>> = Vec::new();
    let mut ipma = None;
    let mut idat = false;
    for &(ty, start, end) in &children {
        let d = &meta[start..end];
        match &ty {
            b"pitm" => {
                primary = match d.first() {
                    Some(0) => be16(d, 4).map(u32::from),
                    Some(_) => be32(d, 4),
                    None => None,
                }
            }
            b"idat" => idat = true,
            b"iprp" => {
                for (pty, ps, pe) in heif_children(d, 0)? {
                    let p = &d[ps..pe];
                    if &pty == b"ipco" {
                        for (cty, cs, ce) in heif_children(p, 0)? {
                            let c = &p[cs..ce];
                            ispe.push(if &cty == b"ispe" {
                                be32(c, 4).zip(be32(c, 8))
                            } else {
                                None
                            });
                        }
                    } else if &pty == b"ipma" {
                        ipma = Some(p);
                    }
                }
            }
            _ => {}
        }
    }
    if !idat && !top.iter().any(|t| &t.0 == b"mdat") {
        return Err(undecodable("a HEIF file without image data (mdat)"));
    }
    let primary_size = primary
        .zip(ipma)
        .and_then(|(item, ipma)| primary_ispe(ipma, item, &ispe));
    let largest = ispe
        .iter()
        .flatten()
        .copied()
        .max_by_key(|&(w, h)| u64::from(w) * u64::from(h));
    let (w, h) = primary_size
        .or(largest)
        .ok_or_else(|| undecodable("a HEIF file without an image size (ispe)"))?;
    if w == 0 || h == 0 {
        return Err(undecodable("a HEIF image of size zero"));
    }
    Ok((w, h))
}

/// The `ispe` associated with `item` in an `ipma` box (property indices are 1-based).
fn primary_ispe(ipma: &[u8], item: u32, ispe: &[Option<(u32, u32)>]) -> Option<(u32, u32)> {
    let version = *ipma.first()?;
    let wide_index = ipma.get(3)? & 1 == 1;
    let entries = be32(ipma, 4)?;
    let mut j = 8;
    for _ in 0..entries {
        let id = if version < 1 {
            j += 2;
            u32::from(be16(ipma, j - 2)?)
        } else {
            j += 4;
            be32(ipma, j - 4)?
        };
        let n = *ipma.get(j)?;
        j += 1;
        for _ in 0..n {
            let index = if wide_index {
                j += 2;
                usize::from(be16(ipma, j - 2)? & 0x7FFF)
            } else {
                j += 1;
                usize::from(ipma.get(j - 1)? & 0x7F)
            };
            if id == item {
                if let Some(Some(size)) = index.checked_sub(1).and_then(|k| ispe.get(k)) {
                    return Some(*size);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
