//! The tab's session storage: lets a reload resume the session without the token in the URL.
//! Storage can be missing or refuse writes (private modes, quotas); then the app simply does not
//! resume.

use crate::entry::SessionCredentials;

const SESSION_KEY: &str = "idv.session";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn load_session() -> Option<SessionCredentials> {
    let raw = session_storage()?.get_item(SESSION_KEY).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

pub fn save_session(credentials: &SessionCredentials) {
    let (Some(storage), Ok(raw)) = (session_storage(), serde_json::to_string(credentials)) else {
        return;
    };
    let _ = storage.set_item(SESSION_KEY, &raw);
}

pub fn clear_session() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(SESSION_KEY);
    }
}

const LANG_KEY: &str = "idv.lang";

/// The language the user picked in the switcher, kept for this tab so a reload keeps it.
pub fn load_lang_choice() -> Option<String> {
    session_storage()?.get_item(LANG_KEY).ok().flatten()
}

pub fn save_lang_choice(code: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(LANG_KEY, code);
    }
}
