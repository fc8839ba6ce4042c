//! The address bar: read the start link (or a handoff or `/capture` link) once, then scrub the
//! token out of it.

use crate::entry::LinkParams;
use wasm_bindgen::JsValue;

/// Reads the path and start-link parameters of the current address. When the address carries a
/// token, it is replaced in place (no navigation, no new history entry) by the bare path, so the
/// token never stays visible, in history, or in a `Referer` sent by a later request.
pub fn take_link_params() -> LinkParams {
    let Some(window) = web_sys::window() else {
        return LinkParams::default();
    };
    let Ok(href) = window.location().href() else {
        return LinkParams::default();
    };
    let Ok(url) = web_sys::Url::new(&href) else {
        return LinkParams::default();
    };
    let query = url.search_params();
    let params = LinkParams {
        path: url.pathname(),
        authorization: query.get("authorization"),
        session_id: query.get("sessionId"),
        handoff: query.get("handoff"),
        capture_url: query.get("url"),
        origin: url.origin(),
        device: query.get("device"),
    };
    if params.authorization.is_some() || params.handoff.is_some() || params.capture_url.is_some() {
        // `/capture` becomes the start path, where a reload resumes the stored session.
        let bare = if params.capture_url.is_some() {
            crate::entry::START_PATH
        } else {
            params.path.as_str()
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(bare));
        }
    }
    params
}

/// Leaves for `url`, replacing this page in history: the back button must not reopen a
/// finished journey. The caller has checked `url` with the return-URL rule.
pub fn replace(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(url);
    }
}
