//! Files built by hand for upload tests, without the sandbox's own code: a real grey PNG
//! (stored deflate blocks), a structurally whole baseline JPEG, and PDFs with a correct
//! cross-reference table (one page, many pages, encrypted).

use sha2::{Digest, Sha256};

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

pub fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

pub fn zlib_stored(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (k, block) in blocks.iter().enumerate() {
        out.push(u8::from(k + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(raw).to_be_bytes());
    out
}

pub fn chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(ty);
    out.extend_from_slice(data);
    let crc = crc32(&out[4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

pub fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut d = w.to_be_bytes().to_vec();
    d.extend_from_slice(&h.to_be_bytes());
    d.extend_from_slice(&[8, 0, 0, 0, 0]);
    out.extend(chunk(b"IHDR", &d));
    out
}

/// A decodable grey `w`x`h` PNG; `shade` varies the pixels (and so the hash).
pub fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let mut raw = Vec::new();
    for _ in 0..h {
        raw.push(0);
        raw.extend(std::iter::repeat_n(shade, w as usize));
    }
    let mut out = png_header(w, h);
    out.extend(chunk(b"IDAT", &zlib_stored(&raw)));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// A PNG whose header claims `w`x`h` over a token of image data.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = png_header(w, h);
    out.extend(chunk(b"IDAT", &zlib_stored(&[0, 0])));
    out.extend(chunk(b"IEND", &[]));
    out
}

pub fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(data);
    out
}

pub const EXIF: &[u8] = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 46.2044N GPSLongitude 6.1432E";

/// A uniformly grey baseline JPEG (`shade` in its quantisation table varies the bytes), with
/// `extra` segments after APP0.
pub fn jpeg_with(w: u16, h: u16, shade: u8, extra: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
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
    for class in [0x00u8, 0x10] {
        let mut dht = vec![class, 1];
        dht.extend([0u8; 16]);
        out.extend(segment(0xC4, &dht));
    }
    out.extend(segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    let bits = 2 * usize::from(w).div_ceil(8) * usize::from(h).div_ceil(8);
    let mut data = vec![0u8; bits.div_ceil(8)];
    if bits % 8 != 0 {
        *data.last_mut().unwrap() = 0xFF >> (bits % 8);
    }
    out.extend(data);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

pub fn jpeg(w: u16, h: u16, shade: u8) -> Vec<u8> {
    jpeg_with(w, h, shade, &[])
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A PDF of these objects (numbered from 1; object 1 is the catalog), with a cross-reference
/// table whose offsets are right and `trailer_extra` in the trailer dictionary.
pub fn pdf_of(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
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

/// The objects of a `pages`-page PDF whose text says `text` (which varies the bytes).
fn pdf_objects(pages: usize, text: &str) -> Vec<Vec<u8>> {
    let content = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let contents = 3 + pages;
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
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
    }
    objects.push(
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        )
        .into_bytes(),
    );
    objects
}

/// A valid PDF of `pages` pages (a bill, say); `text` varies its bytes.
pub fn pdf(pages: usize, text: &str) -> Vec<u8> {
    pdf_of(&pdf_objects(pages, text), "")
}

/// A password-protected PDF: a standard security handler named by `/Encrypt` in the trailer.
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
