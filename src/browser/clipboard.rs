//! The clipboard, for the desktop's "copy link" button.

use wasm_bindgen_futures::JsFuture;

/// Copies `text`; false when the browser refuses (no permission, an insecure page).
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .is_ok()
}
