//! Hand-built images: a real, decodable grey PNG (stored deflate blocks) and JPEG (one Huffman
//! code each for "DC difference 0" and "end of block"), small WebP and HEIF headers, and what
//! goes wrong with them.

use super::*;
use proptest::prelude::*;

const L: Limits = Limits::DEFAULT;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

// The PNG and JPEG builders are `idv-fixtures`'s; these wrappers keep this file's shorthand.
use idv_fixtures::jpeg::{segment, JFIF};
use idv_fixtures::png::{chunk, ihdr, png_claiming, png_gradient as png_with};

/// A decodable grey `w`x`h` PNG (a diagonal gradient).
fn png(w: u32, h: u32) -> Vec<u8> {
    png_with(w, h, &[])
}

/// A decodable, uniformly grey baseline JPEG, with `extra` segments after APP0.
fn jpeg_with(w: u16, h: u16, extra: &[(u8, &[u8])]) -> Vec<u8> {
    idv_fixtures::jpeg::jpeg_with(w, h, 1, extra)
}

fn jpeg(w: u16, h: u16) -> Vec<u8> {
    jpeg_with(w, h, &[])
}

/// An 8x8 JPEG whose frame header claims `w`x`h`.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut j = jpeg(8, 8);
    let sof = j.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
    j[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    j[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    j
}

fn riff(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    for (ty, d) in chunks {
        body.extend_from_slice(*ty);
        body.extend_from_slice(&(d.len() as u32).to_le_bytes());
        body.extend_from_slice(d);
        if d.len() % 2 == 1 {
            body.push(0);
        }
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

fn vp8l(w: u32, h: u32) -> Vec<u8> {
    let bits = (w - 1) | ((h - 1) << 14);
    let mut d = vec![0x2F];
    d.extend_from_slice(&bits.to_le_bytes());
    d.extend_from_slice(&[0, 0, 0]);
    d
}

fn vp8(w: u16, h: u16) -> Vec<u8> {
    let mut d = vec![0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];
    d.extend_from_slice(&w.to_le_bytes());
    d.extend_from_slice(&h.to_le_bytes());
    d.extend_from_slice(&[0; 8]);
    d
}

fn vp8x(flags: u8, w: u32, h: u32) -> Vec<u8> {
    let mut d = vec![flags, 0, 0, 0];
    d.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
    d.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
    d
}

// The ISO-BMFF boxes and the HEIC are `idv-fixtures`'s too.
use idv_fixtures::heif::{bmff, full, heic, ispe};

// ---------------------------------------------------------------------------------------------
// Recognition and sizes
// ---------------------------------------------------------------------------------------------

#[test]
fn crc32_matches_the_standard_check_value() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
}

#[test]
fn reads_a_png() {
    let info = inspect_image(&png(640, 480), &L).unwrap();
    assert_eq!(
        info,
        ImageInfo {
            format: ImageFormat::Png,
            width: 640,
            height: 480
        }
    );
}

#[test]
fn reads_a_jpeg() {
    let info = inspect_image(&jpeg(1000, 630), &L).unwrap();
    assert_eq!(
        (info.format, info.width, info.height),
        (ImageFormat::Jpeg, 1000, 630)
    );
    // Restart markers and stuffed bytes inside the scan, fill bytes before EOI.
    let mut j = jpeg(400, 400);
    let eoi = j.len() - 2;
    j.splice(eoi..eoi, [0xFF, 0xD0, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xFF]);
    assert_eq!(inspect_image(&j, &L).unwrap().width, 400);
}

#[test]
fn reads_webp_headers() {
    let lossless = riff(&[(b"VP8L", &vp8l(800, 600))]);
    let info = inspect_image(&lossless, &L).unwrap();
    assert_eq!(
        (info.format, info.width, info.height),
        (ImageFormat::Webp, 800, 600)
    );
    let lossy = riff(&[(b"VP8 ", &vp8(1024, 768))]);
    assert_eq!(inspect_image(&lossy, &L).unwrap().height, 768);
    // VP8X: the canvas size counts.
    let extended = riff(&[(b"VP8X", &vp8x(0, 2000, 1500)), (b"VP8 ", &vp8(2000, 1500))]);
    assert_eq!(inspect_image(&extended, &L).unwrap().width, 2000);
    let animated = riff(&[
        (b"VP8X", &vp8x(0x02, 500, 500)),
        (b"ANIM", &[0; 6]),
        (b"ANMF", &[0; 16]),
    ]);
    assert_eq!(
        inspect_image(&animated, &L).unwrap_err(),
        MediaError::UnsupportedType
    );
    let no_frame = riff(&[(b"VP8X", &vp8x(0, 500, 500))]);
    assert_eq!(
        inspect_image(&no_frame, &L).unwrap_err().code(),
        "undecodable_image"
    );
}

#[test]
fn reads_the_primary_heic_size() {
    let info = inspect_image(&heic(4032, 3024, true), &L).unwrap();
    assert_eq!(
        (info.format, info.width, info.height),
        (ImageFormat::Heic, 4032, 3024)
    );
    // Without the associations the largest size is taken: never the thumbnail's.
    let info = inspect_image(&heic(4032, 3024, false), &L).unwrap();
    assert_eq!((info.width, info.height), (4032, 3024));
    // The brands decide, in the major or the compatible list.
    let mut mif1 = heic(1000, 800, true);
    mif1[8..12].copy_from_slice(b"mif1");
    assert_eq!(detect_format(&mif1), Some(ImageFormat::Heic));
    let mut avif = heic(1000, 800, true);
    avif[8..12].copy_from_slice(b"avif");
    assert_eq!(
        inspect_image(&avif, &L).unwrap_err(),
        MediaError::UnsupportedType
    );
}

#[test]
fn heic_without_a_size_or_data_is_refused() {
    let mut out = bmff(b"ftyp", b"heic\0\0\0\0mif1heic");
    out.extend(full(b"meta", 0, &full(b"pitm", 0, &[0, 1])));
    out.extend(bmff(b"mdat", &[0; 8]));
    assert_eq!(
        inspect_image(&out, &L).unwrap_err().code(),
        "undecodable_image"
    );
    let whole = heic(1000, 800, true);
    let no_mdat = &whole[..whole.len() - 72];
    assert_eq!(
        inspect_image(no_mdat, &L).unwrap_err().code(),
        "undecodable_image"
    );
}

#[test]
fn the_name_plays_no_part() {
    // The API sees bytes only: a PNG "called" photo.jpg is a PNG, a JPEG called .png a JPEG.
    assert_eq!(detect_format(&png(400, 400)), Some(ImageFormat::Png));
    assert_eq!(detect_format(&jpeg(400, 400)), Some(ImageFormat::Jpeg));
    assert_eq!(
        inspect_image(&png(400, 400), &L).unwrap().format,
        ImageFormat::Png
    );
}

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_and_too_large() {
    assert_eq!(inspect_image(&[], &L).unwrap_err(), MediaError::Empty);
    let limits = Limits {
        max_bytes: 1000,
        ..L
    };
    let err = inspect_image(&png(400, 400), &limits).unwrap_err();
    assert_eq!(err, MediaError::TooLarge { limit: 1000 });
    assert_eq!(err.code(), "file_too_large");
    // Size is checked before anything else: even unknown bytes are "too large" first.
    assert_eq!(
        inspect_image(&[0u8; 1001], &limits).unwrap_err().code(),
        "file_too_large"
    );
}

#[test]
fn unknown_types_are_unsupported() {
    for bytes in [
        &b"GIF89a\x01\0\x01\0\0\0\0;"[..],
        b"%PDF-1.7\n",
        b"hello, I am a photo",
        b"\xFF\xD8",
        b"BM\0\0\0\0",
        &[0u8; 64],
    ] {
        assert_eq!(
            inspect_image(bytes, &L).unwrap_err(),
            MediaError::UnsupportedType,
            "{bytes:?}"
        );
    }
}

#[test]
fn every_truncation_of_a_jpeg_is_refused() {
    let whole = jpeg(400, 320);
    for cut in 1..whole.len() {
        let err = inspect_image(&whole[..cut], &L).unwrap_err();
        assert!(
            matches!(
                err,
                MediaError::Undecodable { .. } | MediaError::UnsupportedType
            ),
            "cut at {cut}: {err:?}"
        );
    }
    // Cut inside the image data: reported as truncated.
    let err = inspect_image(&whole[..whole.len() - 10], &L).unwrap_err();
    assert!(err.is_truncated(), "{err}");
    assert_eq!(err.code(), "undecodable_image");
}

#[test]
fn every_truncation_of_a_png_is_refused() {
    let whole = png(320, 320);
    for cut in 1..whole.len() {
        assert!(inspect_image(&whole[..cut], &L).is_err(), "cut at {cut}");
    }
    assert!(inspect_image(&whole[..whole.len() - 1], &L)
        .unwrap_err()
        .is_truncated());
}

#[test]
fn truncated_webp_and_heic_are_refused() {
    let webp = riff(&[(b"VP8L", &vp8l(800, 600))]);
    for cut in 1..webp.len() {
        assert!(
            inspect_image(&webp[..cut], &L).is_err(),
            "webp cut at {cut}"
        );
    }
    let heic = heic(4032, 3024, true);
    for cut in 1..heic.len() {
        assert!(
            inspect_image(&heic[..cut], &L).is_err(),
            "heic cut at {cut}"
        );
    }
}

#[test]
fn a_png_with_a_bad_crc_is_undecodable() {
    let mut p = png(400, 400);
    let last_idat_byte = p.len() - 12 - 5;
    p[last_idat_byte] ^= 0x55;
    let err = inspect_image(&p, &L).unwrap_err();
    assert_eq!(
        err,
        MediaError::Undecodable {
            reason: "a PNG chunk's checksum (CRC) does not match"
        }
    );
}

#[test]
fn malformed_pngs_are_undecodable() {
    // IHDR not first.
    let mut p = PNG_SIGNATURE.to_vec();
    p.extend(chunk(b"gAMA", &[0, 0, 0, 1]));
    p.extend(&png(400, 400)[8..]);
    assert_eq!(
        inspect_image(&p, &L).unwrap_err().code(),
        "undecodable_image"
    );
    // No IDAT.
    let mut p = PNG_SIGNATURE.to_vec();
    p.extend(ihdr(400, 400));
    p.extend(chunk(b"IEND", &[]));
    assert_eq!(
        inspect_image(&p, &L).unwrap_err().code(),
        "undecodable_image"
    );
    // An unknown critical chunk.
    let p = png_with(400, 400, &[(b"ABCD", b"x")]);
    assert_eq!(
        inspect_image(&p, &L).unwrap_err().code(),
        "undecodable_image"
    );
    // An unknown ancillary chunk is fine.
    let p = png_with(400, 400, &[(b"abCd", b"x")]);
    assert!(inspect_image(&p, &L).is_ok());
    // A chunk length pointing far past the end.
    let mut p = png(400, 400);
    p[33..37].copy_from_slice(&0x7FFF_0000u32.to_be_bytes());
    assert!(inspect_image(&p, &L).unwrap_err().is_truncated());
}

#[test]
fn malformed_jpegs_are_undecodable() {
    // No scan at all: SOI, APP0, SOF, EOI.
    let mut j = vec![0xFF, 0xD8];
    j.extend(segment(0xE0, JFIF));
    j.extend(segment(0xC0, &[8, 1, 0x90, 1, 0x90, 1, 1, 0x11, 0]));
    j.extend([0xFF, 0xD9]);
    assert_eq!(
        inspect_image(&j, &L).unwrap_err().code(),
        "undecodable_image"
    );
    // A scan before the frame header.
    let mut j = vec![0xFF, 0xD8];
    j.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
    j.extend([0, 0, 0xFF, 0xD9]);
    assert_eq!(
        inspect_image(&j, &L).unwrap_err().code(),
        "undecodable_image"
    );
    // A zero-length segment.
    let mut j = jpeg(400, 400);
    j.splice(2..2, [0xFF, 0xE5, 0x00, 0x00]);
    assert_eq!(
        inspect_image(&j, &L).unwrap_err().code(),
        "undecodable_image"
    );
    // Garbage between segments.
    let mut j = jpeg(400, 400);
    j.splice(20..20, [0x12, 0x34]);
    assert_eq!(
        inspect_image(&j, &L).unwrap_err().code(),
        "undecodable_image"
    );
}

#[test]
fn pixel_bombs_are_refused() {
    let err = inspect_image(&png_claiming(50_000, 50_000), &L).unwrap_err();
    assert_eq!(
        err,
        MediaError::TooManyPixels {
            width: 50_000,
            height: 50_000,
            max_pixels: MAX_PIXELS,
            max_side: MAX_SIDE
        }
    );
    assert_eq!(err.code(), "too_many_pixels");
    // One side too long, though the count is small.
    let err = inspect_image(&png_claiming(12_001, 400), &L).unwrap_err();
    assert_eq!(err.code(), "too_many_pixels");
    // Under both bounds: 8000 x 5000 = 40 MP exactly.
    assert!(inspect_image(&png_claiming(8000, 5000), &L).is_ok());
    assert_eq!(
        inspect_image(&png_claiming(8000, 5001), &L)
            .unwrap_err()
            .code(),
        "too_many_pixels"
    );
    assert_eq!(
        inspect_image(&jpeg_claiming(65_535, 65_535), &L)
            .unwrap_err()
            .code(),
        "too_many_pixels"
    );
    assert_eq!(
        inspect_image(&heic(100_000, 100_000, true), &L)
            .unwrap_err()
            .code(),
        "too_many_pixels"
    );
}

#[test]
fn small_images_are_refused() {
    let err = inspect_image(&png(200, 600), &L).unwrap_err();
    assert_eq!(
        err,
        MediaError::TooSmall {
            width: 200,
            height: 600,
            min_short_side: 320
        }
    );
    assert_eq!(err.code(), "image_too_small");
    assert!(inspect_image(&png(320, 320), &L).is_ok());
    assert_eq!(
        inspect_image(&jpeg(600, 319), &L).unwrap_err().code(),
        "image_too_small"
    );
}

#[test]
fn every_error_has_a_code_and_a_sentence() {
    let errors = [
        MediaError::Empty,
        MediaError::TooLarge {
            limit: MAX_UPLOAD_BYTES,
        },
        MediaError::UnsupportedType,
        undecodable("x"),
        MediaError::TooManyPixels {
            width: 1,
            height: 2,
            max_pixels: 3,
            max_side: 4,
        },
        MediaError::TooSmall {
            width: 1,
            height: 2,
            min_short_side: 3,
        },
    ];
    let codes: Vec<&str> = errors.iter().map(MediaError::code).collect();
    assert_eq!(
        codes,
        [
            "empty_file",
            "file_too_large",
            "unsupported_type",
            "undecodable_image",
            "too_many_pixels",
            "image_too_small"
        ]
    );
    for e in &errors {
        let text = e.to_string();
        assert!(text.ends_with('.') && text.len() > 10, "{text}");
    }
    assert!(MediaError::TooLarge {
        limit: MAX_UPLOAD_BYTES
    }
    .to_string()
    .contains("10 MB"));
}

#[test]
fn format_names_round_trip() {
    for f in ImageFormat::ALL {
        assert_eq!(ImageFormat::from_name(f.name()), Some(f));
        assert!(f.mime_type().starts_with("image/"));
    }
    assert_eq!(ImageFormat::Jpeg.extension(), "jpg");
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

const EXIF: &[u8] = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 46.2044N";
const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>location</x:xmpmeta>";
const ADOBE: &[u8] = b"Adobe\0\x64\0\0\0\0\x01";

#[test]
fn jpeg_metadata_is_stripped_and_the_rest_kept() {
    let with = jpeg_with(
        640,
        400,
        &[
            (0xE1, EXIF),
            (0xE1, XMP),
            (0xE2, b"ICC_PROFILE\0\x01\x01"),
            (0xED, b"Photoshop 3.0\08BIM IPTC"),
            (0xFE, b"a comment"),
            (0xEE, ADOBE),
            (0xEF, b"app15"),
        ],
    );
    let without = jpeg_with(640, 400, &[(0xEE, ADOBE)]);
    let stripped = strip_jpeg_metadata(&with);
    assert_eq!(stripped, without);
    assert_eq!(strip_metadata(&with), without);
    assert!(!stripped.windows(4).any(|w| w == b"Exif"));
    assert!(!stripped.windows(3).any(|w| w == b"GPS"));
    assert_eq!(
        inspect_image(&stripped, &L).unwrap(),
        inspect_image(&with, &L).unwrap()
    );
    // Nothing to strip: the same bytes.
    let plain = jpeg(500, 500);
    assert_eq!(strip_jpeg_metadata(&plain), plain);
    // Bytes after EOI (an appended video, a maker trailer) go too.
    let mut trailer = plain.clone();
    trailer.extend_from_slice(b"\0\0\0\x18ftypmp42 motion photo");
    assert!(inspect_image(&trailer, &L).is_ok());
    assert_eq!(strip_jpeg_metadata(&trailer), plain);
}

#[test]
fn metadata_between_scans_is_stripped_too() {
    // A second scan after a comment and an APP1: both segments go, both scans stay.
    let base = jpeg(400, 400);
    let eoi = base.len() - 2;
    let mut second = segment(0xFE, b"between scans");
    second.extend(segment(0xE1, EXIF));
    second.extend(segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    second.extend([0u8; 8]);
    let mut with = base.clone();
    with.splice(eoi..eoi, second);
    assert!(inspect_image(&with, &L).is_ok());
    let mut expected = base.clone();
    let mut scan = segment(0xDA, &[1, 1, 0x00, 0, 63, 0]);
    scan.extend([0u8; 8]);
    expected.splice(eoi..eoi, scan);
    assert_eq!(strip_jpeg_metadata(&with), expected);
}

#[test]
fn png_metadata_is_stripped_and_the_rest_kept() {
    let with = png_with(
        400,
        320,
        &[
            (b"gAMA", &[0, 0, 0xB1, 0x8F]),
            (b"tEXt", b"Comment\0secret"),
            (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x/>"),
            (b"zTXt", b"k\0\0x"),
            (b"eXIf", EXIF),
            (b"tIME", &[7, 233, 1, 1, 0, 0, 0]),
        ],
    );
    let without = png_with(400, 320, &[(b"gAMA", &[0, 0, 0xB1, 0x8F])]);
    assert_eq!(strip_png_metadata(&with), without);
    assert_eq!(strip_metadata(&with), without);
    assert!(inspect_image(&strip_metadata(&with), &L).is_ok());
    let mut trailer = without.clone();
    trailer.extend_from_slice(b"after the end");
    assert_eq!(strip_png_metadata(&trailer), without);
}

#[test]
fn webp_metadata_is_stripped() {
    let with = riff(&[
        (b"VP8X", &vp8x(0x0C, 800, 600)),
        (b"VP8L", &vp8l(800, 600)),
        (b"EXIF", EXIF),
        (b"XMP ", XMP),
    ]);
    let stripped = strip_metadata(&with);
    assert_eq!(
        stripped,
        riff(&[(b"VP8X", &vp8x(0, 800, 600)), (b"VP8L", &vp8l(800, 600))])
    );
    assert_eq!(inspect_image(&stripped, &L).unwrap().width, 800);
}

#[test]
fn heif_and_unknown_bytes_are_left_as_they_are() {
    let h = heic(1000, 800, true);
    assert_eq!(strip_metadata(&h), h);
    assert_eq!(strip_metadata(b"not an image"), b"not an image");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn prefixes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        Just(vec![0xFF, 0xD8, 0xFF]),
        Just(PNG_SIGNATURE.to_vec()),
        Just(b"RIFF\x40\0\0\0WEBPVP8L".to_vec()),
        Just(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec()),
    ]
}

fn valid_images() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(jpeg_with(400, 320, &[(0xE1, EXIF), (0xFE, b"c")])),
        Just(png_with(320, 320, &[(b"tEXt", b"k\0v")])),
        Just(riff(&[
            (b"VP8X", &vp8x(8, 400, 400)),
            (b"VP8 ", &vp8(400, 400)),
            (b"EXIF", EXIF)
        ])),
        Just(heic(1000, 800, true)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(idv_fixtures::fuzz_cases(2000)))]

    #[test]
    fn inspect_and_strip_never_panic(
        prefix in prefixes(),
        rest in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = prefix;
        bytes.extend(rest);
        if let Ok(info) = inspect_image(&bytes, &L) {
            prop_assert!(info.width >= MIN_SHORT_SIDE && info.height >= MIN_SHORT_SIDE);
        }
        let stripped = strip_metadata(&bytes);
        prop_assert!(stripped.len() <= bytes.len());
    }

    #[test]
    fn damaged_images_never_panic(
        image in valid_images(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = image;
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let len = cut.index(bytes.len() + 1);
        let bytes = &bytes[..len.max(1)];
        let _ = inspect_image(bytes, &L);
        let _ = strip_metadata(bytes);
    }

    #[test]
    fn stripping_keeps_valid_images_valid(image in valid_images()) {
        let info = inspect_image(&image, &L).unwrap();
        let stripped = strip_metadata(&image);
        prop_assert_eq!(inspect_image(&stripped, &L).unwrap(), info);
        prop_assert_eq!(strip_metadata(&stripped), stripped.clone());
    }
}

/// A HEIC like [`heic`] whose item 3 is an `Exif` block and item 4 XMP, both in `mdat`, placed
/// by `iloc` (version `iloc_version`); returns the file and where the image item's, the EXIF's
/// and the XMP's bytes lie.
fn heic_with_exif(iloc_version: u8) -> (Vec<u8>, [std::ops::Range<usize>; 3]) {
    let image: &[u8] = b"HEVC-IMAGE-DATA!";
    let exif: &[u8] = b"Exif\0\0MM\0*GPSLatitude 46.2044N GPSLongitude 6.1432E";
    let xmp: &[u8] = b"<x:xmpmeta><exif:GPSLatitude>46,12N</exif:GPSLatitude></x:xmpmeta>";
    let mut infe = full(
        b"infe",
        0x0200_0000,
        &[0, 1, 0, 0, b'h', b'v', b'c', b'1', 0],
    );
    infe.extend(full(
        b"infe",
        0x0200_0000,
        &[0, 3, 0, 0, b'E', b'x', b'i', b'f', 0],
    ));
    let mut mime = vec![0, 4, 0, 0, b'm', b'i', b'm', b'e', b'x', b'm', b'p', 0];
    mime.extend_from_slice(b"application/rdf+xml\0");
    infe.extend(full(b"infe", 0x0200_0000, &mime));
    let mut iinf_payload = 3u16.to_be_bytes().to_vec();
    iinf_payload.extend(infe);
    let iinf = full(b"iinf", 0, &iinf_payload);
    // The file without `iloc`, to learn where `mdat`'s payload starts: `iloc`'s size does not
    // depend on the offsets it holds.
    let build = |mdat_at: u32| {
        let mut items = Vec::new();
        let mut count = 0u16;
        for (id, off, len) in [
            (1u16, 0u32, image.len() as u32),
            (3, image.len() as u32, exif.len() as u32),
            (4, (image.len() + exif.len()) as u32, xmp.len() as u32),
        ] {
            count += 1;
            items.extend(id.to_be_bytes());
            if iloc_version >= 1 {
                items.extend(0u16.to_be_bytes()); // construction method 0
            }
            items.extend(0u16.to_be_bytes()); // data reference
            items.extend(0u32.to_be_bytes()); // base offset (4 bytes)
            items.extend(1u16.to_be_bytes()); // one extent
            items.extend((mdat_at + off).to_be_bytes());
            items.extend(len.to_be_bytes());
        }
        let mut iloc = vec![0x44, 0x40];
        iloc.extend(count.to_be_bytes());
        iloc.extend(items);
        let mut out = bmff(b"ftyp", b"heic\0\0\0\0mif1heic");
        let mut ipco = bmff(b"hvcC", &[1, 2, 3]);
        ipco.extend(ispe(640, 480));
        let mut iprp = bmff(b"ipco", &ipco);
        iprp.extend(full(b"ipma", 0, &[0, 0, 0, 1, 0, 1, 2, 0x81, 0x02]));
        let mut meta = full(b"hdlr", 0, b"\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0");
        meta.extend(full(b"pitm", 0, &[0, 1]));
        meta.extend(iinf.clone());
        meta.extend(full(b"iloc", u32::from(iloc_version) << 24, &iloc));
        meta.extend(bmff(b"iprp", &iprp));
        out.extend(full(b"meta", 0, &meta));
        let at = out.len() + 8;
        let mut payload = image.to_vec();
        payload.extend_from_slice(exif);
        payload.extend_from_slice(xmp);
        out.extend(bmff(b"mdat", &payload));
        (out, at)
    };
    let (_, at) = build(0);
    let (file, at2) = build(at as u32);
    assert_eq!(at, at2);
    let ranges = [
        at..at + image.len(),
        at + image.len()..at + image.len() + exif.len(),
        at + image.len() + exif.len()..at + image.len() + exif.len() + xmp.len(),
    ];
    (file, ranges)
}

#[test]
fn heic_metadata_items_are_blanked_in_place_and_the_image_kept() {
    for version in [0, 1] {
        let (file, [image, exif, xmp]) = heic_with_exif(version);
        let info = inspect_image(&file, &L).unwrap();
        assert_eq!(
            (info.format, info.width, info.height),
            (ImageFormat::Heic, 640, 480)
        );
        assert!(file.windows(11).any(|w| w == b"GPSLatitude"));
        let stripped = strip_metadata(&file);
        assert_eq!(stripped.len(), file.len(), "offsets stay right");
        assert!(
            !stripped.windows(11).any(|w| w == b"GPSLatitude"),
            "version {version}: the GPS position is still there"
        );
        assert!(stripped[exif].iter().all(|&b| b == 0));
        assert!(stripped[xmp].iter().all(|&b| b == 0));
        assert_eq!(stripped[image.clone()], file[image]);
        // Still the same readable HEIC.
        let again = inspect_image(&stripped, &L).unwrap();
        assert_eq!((again.width, again.height), (640, 480));
    }
    // Without metadata items, or unreadable: as it was.
    let plain = heic(640, 480, true);
    assert_eq!(strip_metadata(&plain), plain);
    let broken = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x08meta".to_vec();
    assert_eq!(strip_metadata(&broken), broken);
}
