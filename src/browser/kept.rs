//! The tab's store of captures the platform has not stored yet, so a reload does not lose them
//! (`idv_core::kept` decides what is kept, when it goes, and how much fits).
//!
//! Why `sessionStorage`: it lives exactly as long as the tab, which is what the journey promises
//! ("kept for the tab's life"), and no longer. IndexedDB or the Cache API would hold the bytes
//! without base64 and with a larger quota, but they outlive the tab: a photo of someone's
//! identity document would stay on the device's disk after the tab is closed, on a shared or
//! borrowed device too, until some later visit of this origin cleaned it up, if one ever came.
//! Session storage also answers at once, so a screen knows before it first renders whether it
//! has a kept photo to offer (no camera started for nothing, no flash of the viewfinder). Its
//! costs are accepted: about 5 MB per origin, and text only (base64, a third larger), which fits
//! one largest camera photo or a whole selfie; what does not fit, or any write the browser
//! refuses (quota, a private mode), is kept in memory only, as without this store, and says
//! nothing to the user. A duplicated tab copies the store; the kept upload's idempotency key
//! makes a second send of it a replay of the first, never a second stored file.

use crate::card::{self, PhotoCorners};
use idv_core::kept::{self, Found, Kept, KeptKind};
use js_sys::{Array, Uint8Array};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// On opening the screen of `kind` in `session_id`: that screen's own record, if the store holds
/// a sound one; every other record (another session's, another step's, unreadable) is removed.
pub fn offered(session_id: &str, kind: KeptKind) -> Option<Kept> {
    let storage = storage()?;
    let now = js_sys::Date::now() as u64;
    let mut offer = None;
    for k in KeptKind::ALL {
        let key = k.storage_key();
        let Some(text) = storage.get_item(&key).ok().flatten() else {
            continue;
        };
        match kept::decode(&text) {
            Some(record) if kept::on_open(&record, session_id, kind, now) == Found::Offer => {
                offer = Some(record)
            }
            _ => {
                let _ = storage.remove_item(&key);
            }
        }
    }
    offer
}

/// Keeps `record` in place of its kind's earlier one. False when it is not kept: too large
/// for the budget, or refused by the browser; the earlier record is gone either way, since it
/// holds a capture the user has replaced.
pub fn save(record: &Kept) -> bool {
    save_text(record.kind, &kept::encode(record))
}

/// Keeps an ID photo's `record` with the corners of the card found in it, which its upload
/// sends, so a retry after a reload sends the same request (`crate::card::kept_text_with`).
pub fn save_photo(record: &Kept, corners: Option<&PhotoCorners>) -> bool {
    save_text(
        record.kind,
        &card::kept_text_with(&kept::encode(record), corners),
    )
}

/// The corners kept with the record of `kind` (see [`save_photo`]), if any.
pub fn corners_of(kind: KeptKind) -> Option<PhotoCorners> {
    let text = storage()?.get_item(&kind.storage_key()).ok().flatten()?;
    card::kept_corners(&text)
}

fn save_text(kind: KeptKind, text: &str) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let key = kind.storage_key();
    let _ = storage.remove_item(&key);
    let others: usize = KeptKind::ALL
        .into_iter()
        .filter(|k| *k != kind)
        .filter_map(|k| storage.get_item(&k.storage_key()).ok().flatten())
        .map(|t| t.len())
        .sum();
    kept::fits(text.len(), others) && storage.set_item(&key, text).is_ok()
}

pub fn remove(kind: KeptKind) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&kind.storage_key());
    }
}

/// A blob's bytes, to keep.
pub async fn bytes_of(blob: &Blob) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// Kept bytes as a blob of type `mime` again, to show and to send.
pub fn blob_of(bytes: &[u8], mime: &str) -> Option<Blob> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let untyped = Blob::new_with_u8_array_sequence(&parts).ok()?;
    // A slice carries a type without the `BlobPropertyBag` binding; its bytes are not copied.
    untyped
        .slice_with_f64_and_f64_and_content_type(0.0, bytes.len() as f64, mime)
        .ok()
}
