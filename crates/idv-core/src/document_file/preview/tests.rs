//! First-page previews of PDFs written here by hand (`idv-fixtures`): scanned pages (a JPEG drawn
//! across the page), text PDFs, logos, other filters, object streams, forms, loops.

use super::*;
use crate::inflate::test_encoder::zlib_fixed;
use idv_fixtures::jpeg::{bill_jpeg, jpeg};
use idv_fixtures::pdf::{
    encrypted_pdf, jpeg_image, pdf, pdf_of, scanned_objects, scanned_pdf, stream,
};
use proptest::prelude::*;

const A4: (u32, u32) = (595, 842);

/// The bytes `first_page_jpeg` points at.
fn shown(doc: &[u8]) -> Option<(&[u8], u32, u32)> {
    first_page_jpeg(doc).map(|i| (&doc[i.bytes.clone()], i.width, i.height))
}

/// A one-page scanned PDF of `jpeg` (`w`x`h`) on a page of `size` points.
fn scan_of(jpeg: &[u8], w: u16, h: u16, size: (u32, u32)) -> Vec<u8> {
    pdf_of(&scanned_objects(1, size, jpeg, (w, h), "text"), "")
}

/// [`scan_of`] with the image object's dictionary edited by `edit`.
fn scan_with_image_dict(edit: impl Fn(&str) -> String) -> Vec<u8> {
    let jpeg = bill_jpeg(600, 848);
    let mut objects = scanned_objects(1, A4, &jpeg, (600, 848), "text");
    let image = objects.len() - 3;
    let dict = "/Type /XObject /Subtype /Image /Width 600 /Height 848 /ColorSpace /DeviceGray \
                /BitsPerComponent 8 /Filter /DCTDecode";
    objects[image] = stream(&edit(dict), &jpeg);
    pdf_of(&objects, "")
}

#[test]
fn a_scanned_page_shows_its_jpeg() {
    let jpeg = bill_jpeg(600, 848);
    let doc = scan_of(&jpeg, 600, 848, A4);
    assert_eq!(shown(&doc), Some((&jpeg[..], 600, 848)));
    // The fixture's own scanned bill, of three pages: the first page's image.
    let doc = scanned_pdf(3, 1240, 1754);
    let (bytes, w, h) = shown(&doc).expect("a preview");
    assert_eq!((bytes, w, h), (&bill_jpeg(1240, 1754)[..], 1240, 1754));
    assert_eq!(inspect_document(&doc).map(|i| i.pages), Ok(Some(3)));
}

#[test]
fn a_text_pdf_has_no_preview() {
    assert_eq!(first_page_jpeg(&pdf(1, "Electricity bill")), None);
    assert_eq!(first_page_jpeg(&pdf(5, "Bank statement")), None);
}

#[test]
fn a_logo_or_a_banner_is_not_the_page() {
    // A small logo: shaped like the page, but too small to be it.
    let logo = jpeg(200, 283, 90);
    assert_eq!(first_page_jpeg(&scan_of(&logo, 200, 283, A4)), None);
    // A wide banner: large, but not shaped like the page.
    let banner = jpeg(1200, 300, 90);
    assert_eq!(first_page_jpeg(&scan_of(&banner, 1200, 300, A4)), None);
    // Just within the tolerance, and at the minimum size: the page.
    let near = jpeg(300, 480, 90);
    assert!(first_page_jpeg(&scan_of(&near, 300, 480, A4)).is_some());
    let off = jpeg(300, 500, 90);
    assert_eq!(first_page_jpeg(&scan_of(&off, 300, 500, A4)), None);
}

#[test]
fn a_sideways_scan_is_still_the_page() {
    let landscape = bill_jpeg(848, 600);
    assert!(first_page_jpeg(&scan_of(&landscape, 848, 600, A4)).is_some());
    let letter = bill_jpeg(612, 792);
    assert!(first_page_jpeg(&scan_of(&letter, 612, 792, (612, 792))).is_some());
}

#[test]
fn the_largest_image_of_the_first_page_wins() {
    let small = bill_jpeg(320, 452);
    let large = bill_jpeg(640, 905);
    let mut objects = scanned_objects(1, A4, &small, (320, 452), "text");
    objects.push(jpeg_image(&large, 640, 905));
    let large_at = objects.len();
    // The page draws both: its resources name the two images.
    objects[2] = String::from_utf8_lossy(&objects[2])
        .replace(">> >> >>", &format!("/Im1 {large_at} 0 R >> >> >>"))
        .into_bytes();
    let doc = pdf_of(&objects, "");
    assert_eq!(shown(&doc), Some((&large[..], 640, 905)));
}

#[test]
fn only_the_first_page_counts() {
    // The scanned page is the second in the tree's order: the first is text.
    let jpeg = bill_jpeg(600, 848);
    let mut objects = scanned_objects(2, A4, &jpeg, (600, 848), "text");
    objects[1] = String::from_utf8_lossy(&objects[1])
        .replace("[3 0 R 4 0 R]", "[4 0 R 3 0 R]")
        .into_bytes();
    assert_eq!(first_page_jpeg(&pdf_of(&objects, "")), None);
    // Kids through an empty subtree first: the first leaf is still found.
    let mut objects = scanned_objects(1, A4, &jpeg, (600, 848), "text");
    objects.push(b"<< /Type /Pages /Parent 2 0 R /Kids [] /Count 0 >>".to_vec());
    let empty = objects.len();
    objects[1] = String::from_utf8_lossy(&objects[1])
        .replace("/Kids [3 0 R]", &format!("/Kids [{empty} 0 R 3 0 R]"))
        .into_bytes();
    assert_eq!(shown(&pdf_of(&objects, "")), Some((&jpeg[..], 600, 848)));
}

#[test]
fn resources_and_media_box_are_inherited() {
    let jpeg = bill_jpeg(600, 848);
    let mut objects = scanned_objects(1, A4, &jpeg, (600, 848), "text");
    let image = objects.len() - 2;
    // Resources on the tree's root, not on the page (MediaBox is there already).
    objects[1] = format!(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] \
         /Resources << /XObject << /Im0 {image} 0 R >> >> >>"
    )
    .into_bytes();
    objects[2] = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>".to_vec();
    assert_eq!(shown(&pdf_of(&objects, "")), Some((&jpeg[..], 600, 848)));
    // No MediaBox anywhere: the page's shape is unknown, so no image can be judged the page.
    objects[1] = String::from_utf8_lossy(&objects[1])
        .replace("/MediaBox [0 0 595 842]", "")
        .into_bytes();
    assert_eq!(first_page_jpeg(&pdf_of(&objects, "")), None);
}

#[test]
fn only_a_plain_jpeg_is_shown() {
    assert!(first_page_jpeg(&scan_with_image_dict(str::to_owned)).is_some());
    assert!(first_page_jpeg(&scan_with_image_dict(
        |d| d.replace("/Filter /DCTDecode", "/Filter [/DCTDecode]")
    ))
    .is_some());
    for edit in [
        // Compressed again: the bytes in the file are not a JPEG.
        "/Filter [/FlateDecode /DCTDecode]",
        // JPEG 2000, which browsers do not show.
        "/Filter /JPXDecode",
        // Inverted colours: the browser would show a negative.
        "/Filter /DCTDecode /Decode [1 0]",
        // A stencil mask, not a picture.
        "/Filter /DCTDecode /ImageMask true",
    ] {
        let doc = scan_with_image_dict(|d| d.replace("/Filter /DCTDecode", edit));
        assert_eq!(first_page_jpeg(&doc), None, "{edit}");
    }
    // Not an image at all, and without a size.
    let doc = scan_with_image_dict(|d| d.replace("/Subtype /Image", "/Subtype /PS"));
    assert_eq!(first_page_jpeg(&doc), None);
    let doc = scan_with_image_dict(|d| d.replace("/Width 600", "/Width 0"));
    assert_eq!(first_page_jpeg(&doc), None);
    // Declared a JPEG, but the data is not one.
    let objects = scanned_objects(1, A4, &[0u8; 64], (600, 848), "text");
    assert_eq!(first_page_jpeg(&pdf_of(&objects, "")), None);
}

#[test]
fn an_image_inside_a_form_is_found() {
    let jpeg = bill_jpeg(600, 848);
    let mut objects = scanned_objects(1, A4, &jpeg, (600, 848), "text");
    let image = objects.len() - 2;
    objects.push(stream(
        &format!(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
             /Resources << /XObject << /Scan {image} 0 R >> >>"
        ),
        b"q 595 0 0 842 0 0 cm /Scan Do Q",
    ));
    let form = objects.len();
    objects[2] = format!(
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /Fm0 {form} 0 R >> >> >>"
    )
    .into_bytes();
    assert_eq!(shown(&pdf_of(&objects, "")), Some((&jpeg[..], 600, 848)));
}

/// PDF 1.5 style: catalog, page tree, page and resources in a compressed object stream; the
/// image (a stream, which cannot be packed) and the content in the file.
fn packed_scan(jpeg: &[u8], w: u16, h: u16) -> Vec<u8> {
    let packed = [
        (1, "<</Type/Catalog/Pages 2 0 R>>".to_owned()),
        (
            2,
            "<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 595 842]>>".to_owned(),
        ),
        (
            3,
            "<</Type/Page/Parent 2 0 R/Contents 5 0 R/Resources 4 0 R>>".to_owned(),
        ),
        (4, "<</XObject<</Im0 6 0 R>>>>".to_owned()),
    ];
    let (mut header, mut body) = (String::new(), String::new());
    for (num, text) in &packed {
        header.push_str(&format!("{num} {} ", body.len()));
        body.push_str(text);
        body.push('\n');
    }
    let first = header.len();
    let objstm = stream(
        &format!("/Type /ObjStm /N 4 /First {first} /Filter /FlateDecode"),
        &zlib_fixed(format!("{header}{body}").as_bytes()),
    );
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    for (num, body) in [
        (5, stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q")),
        (6, jpeg_image(jpeg, w, h)),
        (7, objstm),
    ] {
        out.extend(format!("{num} 0 obj\n").bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref_at = out.len();
    out.extend(b"8 0 obj\n");
    out.extend(stream(
        "/Type /XRef /Size 9 /W [1 2 1] /Root 1 0 R",
        &[0u8; 36],
    ));
    out.extend(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").bytes());
    out
}

#[test]
fn dictionaries_in_compressed_object_streams_are_read() {
    let jpeg = bill_jpeg(600, 848);
    let doc = packed_scan(&jpeg, 600, 848);
    assert_eq!(inspect_document(&doc).map(|i| i.pages), Ok(Some(1)));
    assert_eq!(shown(&doc), Some((&jpeg[..], 600, 848)));
}

#[test]
fn an_encrypted_pdf_has_no_preview() {
    assert_eq!(first_page_jpeg(&encrypted_pdf()), None);
    let jpeg = bill_jpeg(600, 848);
    let objects = scanned_objects(1, A4, &jpeg, (600, 848), "text");
    let doc = pdf_of(&objects, " /Encrypt 1 0 R /ID [<01> <01>]");
    assert_eq!(first_page_jpeg(&doc), None);
}

#[test]
fn loops_in_the_page_tree_end() {
    let jpeg = bill_jpeg(600, 848);
    let mut objects = scanned_objects(1, A4, &jpeg, (600, 848), "text");
    // The tree's root lists itself before the page, and the page is its own parent.
    objects[1] =
        b"<< /Type /Pages /Kids [2 0 R 2 0 R 3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec();
    assert_eq!(shown(&pdf_of(&objects, "")), Some((&jpeg[..], 600, 848)));
    objects[1] = b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>".to_vec();
    objects[2] = String::from_utf8_lossy(&objects[2])
        .replace("/Parent 2 0 R", "/Parent 3 0 R")
        .into_bytes();
    // No leaf through the tree; the first page object in the file is taken, and its MediaBox
    // cannot be found through its looping parents.
    assert_eq!(first_page_jpeg(&pdf_of(&objects, "")), None);
}

#[test]
fn not_a_pdf_has_no_preview() {
    assert_eq!(first_page_jpeg(b""), None);
    assert_eq!(first_page_jpeg(&bill_jpeg(600, 848)), None);
    assert_eq!(first_page_jpeg(b"%PDF-1.7\n%%EOF\n"), None);
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = first_page_jpeg(&bytes);
        let mut pdfish = b"%PDF-1.4\n".to_vec();
        pdfish.extend(&bytes);
        pdfish.extend(b"\n%%EOF");
        let _ = first_page_jpeg(&pdfish);
    }

    /// Damaged scans: no panic, and whatever is returned is a JPEG's start inside the file.
    #[test]
    fn damaged_scans_never_panic(
        packed in any::<bool>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let jpeg = bill_jpeg(320, 452);
        let mut doc = if packed { packed_scan(&jpeg, 320, 452) } else { scan_of(&jpeg, 320, 452, A4) };
        for (at, byte) in flips {
            let i = at.index(doc.len());
            doc[i] = byte;
        }
        for doc in [&doc[..], &doc[..cut.index(doc.len())]] {
            if let Some(image) = first_page_jpeg(doc) {
                prop_assert!(image.bytes.end <= doc.len());
                prop_assert!(doc[image.bytes].starts_with(&[0xFF, 0xD8, 0xFF]));
            }
        }
    }
}

/// Hostile files stay cheap: a page tree of references to one huge dictionary, and a resource
/// dictionary of many references to one large form that refers to itself.
#[test]
fn hostile_pdfs_are_previewed_quickly() {
    let started = std::time::Instant::now();
    let kids = "2 0 R ".repeat(200_000);
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count 1 >>").into_bytes(),
    ];
    assert_eq!(first_page_jpeg(&pdf_of(&objects, "")), None);
    let refs = "/F 4 0 R ".repeat(100_000);
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /Resources << /XObject << {refs} >> >> >>")
            .into_bytes(),
        stream(
            &format!("/Subtype /Form /Resources << /XObject << {refs} >> >>"),
            b"",
        ),
    ];
    assert_eq!(first_page_jpeg(&pdf_of(&objects, "")), None);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
