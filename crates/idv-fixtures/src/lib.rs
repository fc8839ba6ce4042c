//! Test fixtures built by hand, shared by every test in the workspace: a real, decodable
//! grey PNG (stored deflate blocks, so no compression library), decodable baseline JPEGs (flat
//! grey, or a picture drawn block by block such as a scanned bill), PDFs with a correct
//! cross-reference table (one page, many pages, encrypted, scanned: a page drawn by a JPEG),
//! the face of a synthetic ID card, and a photographed head turning left and right (`head`).
//!
//! The crate depends on nothing (not even `idv-core`), so `idv-core`'s own unit tests can use it
//! as a dev-dependency without a cycle. It is never part of the app: only a dev-dependency.

pub mod card;
pub mod checksum;
pub mod heif;
pub mod jpeg;
pub mod pdf;
pub mod png;
pub mod scene;

pub use checksum::{adler32, crc32};
pub mod face;
pub mod head;

/// The number of cases a property test runs: `default`, or `IDV_FUZZ_CASES` when set, so that
/// `scripts/fuzz` can run the fuzz targets far longer than the test suite does.
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("IDV_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
