//! Files built by hand for upload tests, without the sandbox's own code: the shared fixtures
//! of `idv-fixtures` (a real grey PNG, a baseline JPEG, PDFs with a correct cross-reference
//! table), and a SHA-256 to compare with what the sandbox stored.

// Each test binary uses its own share of these.
#![allow(unused_imports)]

pub use idv_fixtures::jpeg::{jpeg, jpeg_with, segment, EXIF};
pub use idv_fixtures::pdf::{encrypted_pdf, pdf, pdf_of};
pub use idv_fixtures::png::{chunk, png, png_claiming, png_header, zlib_stored};
pub use idv_fixtures::{adler32, crc32};
use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
