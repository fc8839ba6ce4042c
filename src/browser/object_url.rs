//! `blob:` URLs for what the page shows from memory (a photo, a PDF's first page). The CSP
//! allows `img-src blob:`; each URL is revoked when its holder is dropped, so a replaced or
//! abandoned preview frees the memory it pins.

use std::ops::Range;
use web_sys::{Blob, Url};

pub struct ObjectUrl {
    url: String,
}

impl ObjectUrl {
    pub fn new(blob: &Blob) -> Option<ObjectUrl> {
        let url = Url::create_object_url_with_blob(blob).ok()?;
        Some(ObjectUrl { url })
    }

    /// The bytes `range` of `blob`, typed `mime`. A slice of a `File` refers to the file; its
    /// bytes are not copied.
    pub fn of_part(blob: &Blob, range: Range<usize>, mime: &str) -> Option<ObjectUrl> {
        let part = blob
            .slice_with_f64_and_f64_and_content_type(range.start as f64, range.end as f64, mime)
            .ok()?;
        ObjectUrl::new(&part)
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = Url::revoke_object_url(&self.url);
    }
}
