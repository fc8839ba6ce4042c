//! PDFs written here by hand, with a correct cross-reference table: one page, many pages, pages
//! in a compressed object stream, encrypted (trailer and cross-reference stream), cut short.

use super::*;
use crate::inflate::test_encoder::zlib_fixed;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

// `pdf_of` (objects plus a correct xref table) and `stream` are `idv-fixtures`'s.
use idv_fixtures::pdf::{pdf_of, stream};

const CONTENT: &[u8] = b"BT /F1 24 Tf 72 720 Td (Electricity bill, 1 Main St) Tj ET";

/// Catalog, page tree of `count`, `pages` page objects written with `page_dict`, one content
/// stream.
fn pdf_with(pages: usize, count: usize, page_dict: &str, trailer_extra: &str) -> Vec<u8> {
    let content = 3 + pages;
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 3 + p)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {count} >>",
            kids.join(" ")
        )
        .into_bytes(),
    ];
    for _ in 0..pages {
        objects.push(
            format!(
                "<< {page_dict} /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R >>"
            )
            .into_bytes(),
        );
    }
    objects.push(stream("", CONTENT));
    pdf_of(&objects, trailer_extra)
}

fn pdf(pages: usize) -> Vec<u8> {
    pdf_with(pages, pages, "/Type /Page", "")
}

/// PDF 1.5 style: the page tree and the pages inside a compressed object stream, found through
/// a cross-reference stream (`extra` goes into its dictionary).
fn pdf_objstm(pages: usize, xref_extra: &str) -> Vec<u8> {
    let mut header = String::new();
    let mut body = String::new();
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 3 + p)).collect();
    let mut objs = vec![(
        2,
        format!("<</Type/Pages/Kids[{}]/Count {pages}>>", kids.join(" ")),
    )];
    for p in 0..pages {
        objs.push((
            3 + p,
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>".to_owned(),
        ));
    }
    for (num, text) in &objs {
        header.push_str(&format!("{num} {} ", body.len()));
        body.push_str(text);
        body.push('\n');
    }
    let first = header.len();
    let content = format!("{header}{body}");
    let objstm = 3 + pages;
    let packed = zlib_fixed(content.as_bytes());
    let objects = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (
            objstm,
            stream(
                &format!(
                    "/Type /ObjStm /N {} /First {first} /Filter /FlateDecode",
                    objs.len()
                ),
                &packed,
            ),
        ),
    ];
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    for (num, body) in &objects {
        out.extend(format!("{num} 0 obj\n").bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref_at = out.len();
    // The entries themselves are not read by the checks; a plausible stream is enough.
    let entries = vec![0u8; 4 * (objstm + 2)];
    out.extend(format!("{} 0 obj\n", objstm + 1).bytes());
    out.extend(stream(
        &format!(
            "/Type /XRef /Size {} /W [1 2 1] /Root 1 0 R{xref_extra}",
            objstm + 2
        ),
        &entries,
    ));
    out.extend(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").bytes());
    out
}

/// A grey `w`x`h` PNG whose pixels are a fixed-Huffman deflate stream (so the PNG path goes
/// through the in-crate inflater's compressed blocks, not stored ones).
fn png(w: u32, h: u32) -> Vec<u8> {
    use idv_fixtures::png::{chunk, png_header};
    let mut raw = Vec::new();
    for _ in 0..h {
        raw.push(0);
        raw.extend(std::iter::repeat_n(128u8, w as usize));
    }
    let mut out = png_header(w, h);
    out.extend(chunk(b"IDAT", &zlib_fixed(&raw)));
    out.extend(chunk(b"IEND", &[]));
    out
}

fn pages_of(bytes: &[u8]) -> Result<Option<u32>, DocumentError> {
    inspect_document(bytes).map(|i| i.pages)
}

fn code_of(bytes: &[u8]) -> &'static str {
    inspect_document(bytes).unwrap_err().code()
}

// ---------------------------------------------------------------------------------------------
// PDFs
// ---------------------------------------------------------------------------------------------

#[test]
fn a_one_page_pdf_is_accepted() {
    let doc = pdf(1);
    assert_eq!(
        inspect_document(&doc),
        Ok(DocumentInfo {
            format: DocumentFormat::Pdf,
            pages: Some(1)
        })
    );
    assert_eq!(detect_document_format(&doc), Some(DocumentFormat::Pdf));
    // A CRLF file, and one with a few bytes before the header, are PDFs too.
    let crlf: Vec<u8> = String::from_utf8_lossy(&doc)
        .replace('\n', "\r\n")
        .into_bytes();
    assert_eq!(pages_of(&crlf), Ok(Some(1)));
    let mut prefixed = b"garbage before the header\n".to_vec();
    prefixed.extend(&doc);
    assert_eq!(pages_of(&prefixed), Ok(Some(1)));
    // Not beyond the first 1024 bytes.
    let mut far = vec![b' '; 1100];
    far.extend(&doc);
    assert_eq!(code_of(&far), "unsupported_type");
}

#[test]
fn pages_are_counted_whatever_the_spacing() {
    for dict in [
        "/Type /Page",
        "/Type/Page",
        "/Type\n/Page",
        "/Type %comment\n /Page",
        "/Type /Pag#65",
    ] {
        assert_eq!(pages_of(&pdf_with(3, 3, dict, "")), Ok(Some(3)), "{dict:?}");
    }
    // `/Pages` and `/PageLabel`-like names are not pages.
    assert_eq!(
        code_of(&pdf_with(2, 0, "/Type /Pagex", "")),
        "undecodable_document"
    );
}

#[test]
fn up_to_twenty_pages_then_refused() {
    assert_eq!(pages_of(&pdf(20)), Ok(Some(20)));
    let err = inspect_document(&pdf(21)).unwrap_err();
    assert_eq!(err, DocumentError::PdfTooManyPages { pages: 21, max: 20 });
    let err = inspect_document(&pdf(25)).unwrap_err();
    assert_eq!(err.code(), "pdf_too_many_pages");
    assert!(err.to_string().contains("25 pages"), "{err}");
}

#[test]
fn a_low_count_does_not_hide_pages_nor_a_high_one_pages_missing() {
    // /Count says 1 over 25 page objects.
    assert_eq!(
        code_of(&pdf_with(25, 1, "/Type /Page", "")),
        "pdf_too_many_pages"
    );
    // /Count says 30 over 2 page objects (pages kept elsewhere, say): the tree's word counts.
    assert_eq!(
        code_of(&pdf_with(2, 30, "/Type /Page", "")),
        "pdf_too_many_pages"
    );
    assert_eq!(pages_of(&pdf_with(2, 5, "/Type /Page", "")), Ok(Some(5)));
}

#[test]
fn a_pdf_without_pages_is_undecodable() {
    let doc = pdf(0);
    let err = inspect_document(&doc).unwrap_err();
    assert_eq!(err.code(), "undecodable_document");
    assert!(err.to_string().contains("no pages"), "{err}");
    let text = pdf_of(&[b"<< /Type /Catalog >>".to_vec()], "");
    assert_eq!(code_of(&text), "undecodable_document");
}

#[test]
fn pages_inside_a_compressed_object_stream_are_counted() {
    assert_eq!(pages_of(&pdf_objstm(3, "")), Ok(Some(3)));
    assert_eq!(code_of(&pdf_objstm(25, "")), "pdf_too_many_pages");
    // A damaged object stream is a damaged PDF: here its first block has the invalid type 3.
    let mut doc = pdf_objstm(3, "");
    let at = find(&doc, b"stream\n", 0).unwrap() + 7;
    doc[at + 2] = 0x07;
    let err = inspect_document(&doc).unwrap_err();
    assert_eq!(err.code(), "undecodable_document");
    assert!(err.to_string().contains("compressed"), "{err}");
}

#[test]
fn an_incremental_update_does_not_count_a_page_twice() {
    let mut doc = pdf(2);
    // Page 3 written again, as an editor appends a changed object.
    doc.extend(
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 90 >>\nendobj\n\
          trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n",
    );
    assert_eq!(pages_of(&doc), Ok(Some(2)));
}

#[test]
fn encrypted_pdfs_are_refused() {
    // /Encrypt in the trailer, pointing at a standard security handler dictionary.
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1028 \
           /O <0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9> \
           /U (\\(escaped\\) bytes) >>"
            .to_vec(),
    ];
    let doc = pdf_of(&objects, " /Encrypt 4 0 R /ID [<01ab> <01ab>]");
    let err = inspect_document(&doc).unwrap_err();
    assert_eq!(err, DocumentError::PdfEncrypted);
    assert_eq!(err.code(), "pdf_encrypted");
    assert!(err.to_string().contains("password"), "{err}");
    // Compact spacing: `trailer<</Encrypt ...>>`.
    let compact = String::from_utf8_lossy(&doc)
        .replace("trailer\n<< ", "trailer<<")
        .into_bytes();
    assert_eq!(code_of(&compact), "pdf_encrypted");
    // In a cross-reference stream (PDF 1.5+, no `trailer` keyword at all).
    let doc = pdf_objstm(2, " /Encrypt 9 0 R");
    assert_eq!(code_of(&doc), "pdf_encrypted");
    // An /Encrypt mentioned elsewhere (in page text, as a key of another dictionary) is not.
    objects[3] = stream("", b"BT (/Encrypt trailer << /Encrypt 1 0 R >>) Tj ET");
    objects[2] = b"<< /Type /Page /Parent 2 0 R /Encrypt 4 0 R /Contents 4 0 R >>".to_vec();
    assert_eq!(pages_of(&pdf_of(&objects, "")), Ok(Some(1)));
}

#[test]
fn a_truncated_pdf_is_undecodable() {
    let whole = pdf(2);
    for cut in [whole.len() / 2, whole.len() - 7, 40] {
        let err = inspect_document(&whole[..cut]).unwrap_err();
        assert_eq!(err.code(), "undecodable_document", "cut at {cut}");
        assert!(err.is_truncated(), "cut at {cut}");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
    // `%%EOF` present but a stream without its end.
    let doc = pdf_of(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 1 >>".to_vec(),
            b"<< /Length 999999 >>\nstream\nno end here".to_vec(),
        ],
        "",
    );
    let doc: Vec<u8> = String::from_utf8_lossy(&doc)
        .replace("endstream", "")
        .into_bytes();
    assert_eq!(code_of(&doc), "undecodable_document");
}

#[test]
fn stream_data_is_skipped() {
    // A content stream full of what would look like objects, pages and trailers.
    let tricky = b"1 0 obj << /Type /Page >> endobj\ntrailer << /Encrypt 1 0 R >>\n\x00\xFF binary";
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>".to_vec(),
        stream("", tricky),
    ];
    assert_eq!(pages_of(&pdf_of(&objects, "")), Ok(Some(1)));
    // The same with a wrong /Length: found by `endstream`.
    let mut wrong = objects.clone();
    wrong[3] = String::from_utf8_lossy(&stream("", tricky))
        .replace(&format!("/Length {}", tricky.len()), "/Length 5")
        .into_bytes();
    assert_eq!(pages_of(&pdf_of(&wrong, "")), Ok(Some(1)));
}

// ---------------------------------------------------------------------------------------------
// Photos, sizes, types
// ---------------------------------------------------------------------------------------------

#[test]
fn photos_are_accepted_without_pages() {
    assert_eq!(
        inspect_document(&png(800, 600)),
        Ok(DocumentInfo {
            format: DocumentFormat::Png,
            pages: None
        })
    );
    assert_eq!(code_of(&png(100, 100)), "image_too_small");
    let mut broken = png(800, 600);
    let n = broken.len();
    broken[n - 20] ^= 1;
    assert_eq!(code_of(&broken), "undecodable_document");
    let broken = png(800, 600);
    let err = inspect_document(&broken[..broken.len() - 30]).unwrap_err();
    assert_eq!(err.code(), "undecodable_document");
    assert!(err.is_truncated());
}

#[test]
fn empty_large_and_other_types_are_refused() {
    assert_eq!(inspect_document(&[]), Err(DocumentError::Empty));
    let mut big = pdf(1);
    big.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    assert_eq!(
        inspect_document(&big),
        Err(DocumentError::TooLarge {
            limit: MAX_DOCUMENT_BYTES
        })
    );
    // Exactly 10 MiB of a PDF padded with spaces before its end: fine.
    let doc = pdf(1);
    let mut padded = doc[..doc.len() - 6].to_vec();
    padded.resize(MAX_DOCUMENT_BYTES - 6, b' ');
    padded.extend(b"%%EOF\n");
    assert_eq!(pages_of(&padded), Ok(Some(1)));
    for other in [
        &b"GIF89a\x01\0\x01\0\0\0\0;"[..],
        b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0",
        b"PK\x03\x04 a word document",
        b"plain text that mentions %PDF somewhere",
        b"%PDF-",
    ] {
        assert_eq!(code_of(other), "unsupported_type", "{other:?}");
    }
}

#[test]
fn every_error_says_what_to_do() {
    let errors = [
        DocumentError::Empty,
        DocumentError::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        },
        DocumentError::UnsupportedType,
        undecodable(TRUNCATED),
        DocumentError::PdfEncrypted,
        DocumentError::PdfTooManyPages { pages: 25, max: 20 },
        DocumentError::Image(MediaError::Undecodable { reason: "x" }),
        DocumentError::Image(MediaError::TooSmall {
            width: 10,
            height: 10,
            min_short_side: 320,
        }),
    ];
    let codes: Vec<&str> = errors.iter().map(DocumentError::code).collect();
    assert_eq!(
        codes,
        [
            "empty_file",
            "file_too_large",
            "unsupported_type",
            "undecodable_document",
            "pdf_encrypted",
            "pdf_too_many_pages",
            "undecodable_document",
            "image_too_small"
        ]
    );
    for e in &errors {
        let text = e.to_string();
        assert!(text.ends_with('.') && text.len() > 20, "{text}");
    }
    for f in DocumentFormat::ALL {
        assert_eq!(DocumentFormat::from_name(f.name()), Some(f));
    }
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = inspect_document(&bytes);
        let mut pdfish = b"%PDF-1.4\n".to_vec();
        pdfish.extend(&bytes);
        pdfish.extend(b"\n%%EOF");
        let _ = inspect_document(&pdfish);
    }

    #[test]
    fn never_panics_on_damaged_pdfs(
        pages in 0usize..4,
        objstm in any::<bool>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut doc = if objstm { pdf_objstm(pages, "") } else { pdf(pages) };
        for (at, byte) in flips {
            let i = at.index(doc.len());
            doc[i] = byte;
        }
        let _ = inspect_document(&doc);
        let cut = cut.index(doc.len());
        let _ = inspect_document(&doc[..cut]);
    }

    /// Whatever the spacing between tokens, the count is the same.
    #[test]
    fn whitespace_does_not_change_the_count(pages in 1usize..6, space in "[ \t\r\n]{1,3}") {
        let doc = pdf(pages);
        let spaced = String::from_utf8_lossy(&doc).replace(' ', &space).into_bytes();
        // The xref offsets are now wrong, which the checks do not rely on.
        prop_assert_eq!(pages_of(&spaced), Ok(Some(pages as u32)));
    }
}

/// Hostile files stay cheap to judge: many malformed dictionaries are refused after a few, and
/// objects of an object stream may not overlap.
#[test]
fn hostile_pdfs_are_judged_quickly() {
    let started = std::time::Instant::now();
    let mut doc = b"%PDF-1.7\n".to_vec();
    while doc.len() < MAX_DOCUMENT_BYTES - 100 {
        doc.extend(b"0 0 obj<<(");
    }
    doc.extend(b"\n%%EOF\n");
    let err = inspect_document(&doc).unwrap_err();
    assert_eq!(err.code(), "undecodable_document");
    assert!(err.to_string().contains("malformed"), "{err}");
    // A million small valid objects: read once each.
    let mut doc = b"%PDF-1.7\n".to_vec();
    while doc.len() < MAX_DOCUMENT_BYTES - 100 {
        doc.extend(b"1 0 obj<<>>\n");
    }
    doc.extend(b"\n%%EOF\n");
    assert_eq!(code_of(&doc), "undecodable_document");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
