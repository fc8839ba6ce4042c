//! HEIF / HEIC headers (ISO base media file format boxes): what an iPhone's photo starts with.
//! The image data is no real HEVC stream, so a browser can read the type and the size but
//! cannot decode the picture: what a browser without HEIC meets.

/// A box: its 32-bit size, its type, its payload.
pub fn bmff(ty: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut out = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    out.extend_from_slice(ty);
    out.extend_from_slice(payload);
    out
}

/// A full box: a box whose payload starts with a version and flags.
pub fn full(ty: &[u8; 4], version_flags: u32, payload: &[u8]) -> Vec<u8> {
    let mut p = version_flags.to_be_bytes().to_vec();
    p.extend_from_slice(payload);
    bmff(ty, &p)
}

/// The image spatial extents property: width and height.
pub fn ispe(w: u32, h: u32) -> Vec<u8> {
    let mut p = w.to_be_bytes().to_vec();
    p.extend_from_slice(&h.to_be_bytes());
    full(b"ispe", 0, &p)
}

/// A HEIC whose primary item 1 has properties [hvcC, ispe(w, h)], with a thumbnail item 2
/// of 320x240 (`with_ipma` false leaves the association out).
pub fn heic(w: u32, h: u32, with_ipma: bool) -> Vec<u8> {
    let mut out = bmff(b"ftyp", b"heic\0\0\0\0mif1heic");
    let mut ipco = bmff(b"hvcC", &[1, 2, 3]);
    ipco.extend(ispe(w, h));
    ipco.extend(ispe(320, 240));
    let mut iprp = bmff(b"ipco", &ipco);
    if with_ipma {
        // version 0, flags 0: u16 item ids, u8 indices; item 1 -> 1, 2; item 2 -> 1, 3.
        iprp.extend(full(
            b"ipma",
            0,
            &[0, 0, 0, 2, 0, 1, 2, 0x81, 0x02, 0, 2, 2, 0x81, 0x03],
        ));
    }
    let mut meta = full(b"hdlr", 0, b"\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0");
    meta.extend(full(b"pitm", 0, &[0, 1]));
    meta.extend(bmff(b"iprp", &iprp));
    out.extend(full(b"meta", 0, &meta));
    out.extend(bmff(b"mdat", &[0u8; 64]));
    out
}
