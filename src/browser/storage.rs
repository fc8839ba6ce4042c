//! The tab's session storage: lets a reload resume the session without the token in the URL.
//! Storage can be missing or refuse writes (private modes, quotas); then the app simply does not
//! resume.

use crate::entry::SessionCredentials;

const SESSION_KEY: &str = "idv.session";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Read with the browser's JSON parser (`browser::json`), not serde: the first module reads it
/// too. The fields are `SessionCredentials`' own (written by `save_session`).
pub fn load_session() -> Option<SessionCredentials> {
    use super::json;
    let raw = session_storage()?.get_item(SESSION_KEY).ok().flatten()?;
    let value = json::parse(&raw)?;
    Some(SessionCredentials {
        token: json::string(&value, "token")?,
        session_id: json::string(&value, "session_id")?,
        via_handoff: json::boolean(&value, "via_handoff").unwrap_or(false),
        capture: json::boolean(&value, "capture").unwrap_or(false),
    })
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
