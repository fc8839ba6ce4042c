//! PDFs written by hand with a correct cross-reference table: every xref entry is the byte
//! offset of its `N 0 obj`, and `startxref` the offset of `xref`, so strict readers (and
//! browsers' viewers) open them without repair.

/// The header every fixture PDF starts with: version 1.7 and a binary-marker comment.
pub const PDF_HEADER: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

/// A PDF of these object bodies, numbered from 1 (object 1 must be the catalog), with an xref
/// table whose offsets are right and `trailer_extra` appended inside the trailer dictionary
/// (after `/Root 1 0 R`).
pub fn pdf_of(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = PDF_HEADER.to_vec();
    let mut offsets = Vec::new();
    for (k, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", k + 1).bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// A stream object's body: `<< dict /Length n >>`, then `data` between `stream` and
/// `endstream`.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}

/// The objects of a `pages`-page PDF whose pages all show `text` in Helvetica: catalog (1),
/// page tree (2), the pages (3..), one shared content stream, and the font.
pub fn pdf_objects(pages: usize, text: &str) -> Vec<Vec<u8>> {
    let contents = 3 + pages;
    let font = contents + 1;
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 3 + p)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
    ];
    for _ in 0..pages {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R \
                 /Resources << /Font << /F1 {font} 0 R >> >> >>"
            )
            .into_bytes(),
        );
    }
    let content = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    objects.push(stream("", content.as_bytes()));
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    objects
}

/// A valid PDF of `pages` pages (a utility bill, say) saying `text`, which varies its bytes.
pub fn pdf(pages: usize, text: &str) -> Vec<u8> {
    pdf_of(&pdf_objects(pages, text), "")
}

/// A password-protected PDF: one page, and a standard security handler (RC4 128-bit, revision
/// 3) named by `/Encrypt` in the trailer, with the `/ID` that encryption requires.
pub fn encrypted_pdf() -> Vec<u8> {
    let mut objects = pdf_objects(1, "encrypted bytes");
    objects.push(
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1028 \
          /O <0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9> \
          /U <1a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9> >>"
            .to_vec(),
    );
    let n = objects.len();
    pdf_of(&objects, &format!(" /Encrypt {n} 0 R /ID [<01ab> <01ab>]"))
}

/// An image XObject's body: a JPEG (`/DCTDecode`), `w`x`h`, grey.
pub fn jpeg_image(jpeg: &[u8], w: u16, h: u16) -> Vec<u8> {
    stream(
        &format!(
            "/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray \
             /BitsPerComponent 8 /Filter /DCTDecode"
        ),
        jpeg,
    )
}

/// The objects of a scanned document: `pages` pages of `width`x`height` points, the first one
/// drawing `jpeg` (`w`x`h` pixels) across the whole page, as scanners and phone scanning apps
/// write it; the others show `text`. Catalog (1), page tree (2), the pages (3..), the first
/// page's content, the image, the other pages' shared content, the font.
pub fn scanned_objects(
    pages: usize,
    (width, height): (u32, u32),
    jpeg: &[u8],
    (w, h): (u16, u16),
    text: &str,
) -> Vec<Vec<u8>> {
    let scan_content = 3 + pages;
    let image = scan_content + 1;
    let text_content = image + 1;
    let font = text_content + 1;
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 3 + p)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} /MediaBox [0 0 {width} {height}] >>",
            kids.join(" ")
        )
        .into_bytes(),
    ];
    for p in 0..pages {
        objects.push(if p == 0 {
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {scan_content} 0 R \
                 /Resources << /XObject << /Im0 {image} 0 R >> >> >>"
            )
            .into_bytes()
        } else {
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {text_content} 0 R \
                 /Resources << /Font << /F1 {font} 0 R >> >> >>"
            )
            .into_bytes()
        });
    }
    let draw = format!("q {width} 0 0 {height} 0 0 cm /Im0 Do Q");
    objects.push(stream("", draw.as_bytes()));
    objects.push(jpeg_image(jpeg, w, h));
    let content = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    objects.push(stream("", content.as_bytes()));
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    objects
}

/// A scanned bill of `pages` A4 pages whose first page is a `w`x`h` JPEG
/// ([`crate::jpeg::bill_jpeg`]) drawn across it.
pub fn scanned_pdf(pages: usize, w: u16, h: u16) -> Vec<u8> {
    let jpeg = crate::jpeg::bill_jpeg(w, h);
    pdf_of(
        &scanned_objects(pages, (595, 842), &jpeg, (w, h), "Page of a scanned bill"),
        "",
    )
}
