//! How the user arrived: from a start link, by reloading a page that already had one, or with
//! nothing to go on. Pure: the browser wrappers read the address bar and storage, this decides.

use idv_core::validate::is_session_id;
use serde::{Deserialize, Serialize};

/// The path of the start link (`/mobile?authorization=<token>&sessionId=<id>`).
pub const START_PATH: &str = "/mobile";

/// What a start link carries. The token opens one session only; it lives in memory and in the
/// tab's session storage, never in the address bar after the first instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCredentials {
    pub token: String,
    pub session_id: String,
}

/// The query parameters of the address the page was opened with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkParams {
    pub path: String,
    pub authorization: Option<String>,
    pub session_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Load this session.
    Session(SessionCredentials),
    /// A start link whose token or session id cannot be right.
    InvalidLink,
    /// No link at all: the user must come from the integrator's service.
    NoSession,
    /// The start path without a link and with nothing to resume in this tab.
    Lost,
}

/// Decides where the app starts. A fresh link wins over a stored session; a stored session
/// resumes only on the start path and only if the address does not name another session.
pub fn resolve(link: &LinkParams, stored: Option<SessionCredentials>) -> Entry {
    if !is_start_path(&link.path) {
        return Entry::NoSession;
    }
    match (&link.authorization, &link.session_id) {
        (Some(token), Some(session_id)) => {
            if is_token_shape(token) && is_session_id(session_id) {
                Entry::Session(SessionCredentials {
                    token: token.clone(),
                    session_id: session_id.clone(),
                })
            } else {
                Entry::InvalidLink
            }
        }
        (Some(_), None) => Entry::InvalidLink,
        (None, named) => match stored {
            Some(stored) if named.as_ref().is_none_or(|id| *id == stored.session_id) => {
                Entry::Session(stored)
            }
            _ => Entry::Lost,
        },
    }
}

fn is_start_path(path: &str) -> bool {
    path.trim_end_matches('/') == START_PATH
}

/// A token must fit in an `Authorization` header: visible ASCII, no spaces, bounded length.
pub fn is_token_shape(token: &str) -> bool {
    (1..=2048).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(path: &str, authorization: Option<&str>, session_id: Option<&str>) -> LinkParams {
        LinkParams {
            path: path.into(),
            authorization: authorization.map(Into::into),
            session_id: session_id.map(Into::into),
        }
    }

    fn creds(token: &str, session_id: &str) -> SessionCredentials {
        SessionCredentials {
            token: token.into(),
            session_id: session_id.into(),
        }
    }

    #[test]
    fn start_link_opens_its_session() {
        let entry = resolve(&link("/mobile", Some("tok"), Some("123456789")), None);
        assert_eq!(entry, Entry::Session(creds("tok", "123456789")));
    }

    // A new link must not be shadowed by an older session of the same tab.
    #[test]
    fn fresh_link_wins_over_stored_session() {
        let stored = Some(creds("old", "111111111"));
        let entry = resolve(&link("/mobile", Some("new"), Some("222222222")), stored);
        assert_eq!(entry, Entry::Session(creds("new", "222222222")));
    }

    #[test]
    fn reload_resumes_stored_session() {
        let stored = Some(creds("tok", "123456789"));
        assert_eq!(
            resolve(&link("/mobile", None, None), stored.clone()),
            Entry::Session(creds("tok", "123456789"))
        );
        assert_eq!(
            resolve(&link("/mobile/", None, Some("123456789")), stored),
            Entry::Session(creds("tok", "123456789"))
        );
    }

    #[test]
    fn stored_session_of_another_id_is_not_resumed() {
        let stored = Some(creds("tok", "123456789"));
        let entry = resolve(&link("/mobile", None, Some("987654321")), stored);
        assert_eq!(entry, Entry::Lost);
    }

    #[test]
    fn bad_links_are_invalid_not_panics() {
        for (token, id) in [
            (Some(""), Some("123456789")),
            (Some("has space"), Some("123456789")),
            (Some("tok"), Some("12345")),
            (Some("tok"), Some("abcdefghi")),
            (Some("tok"), None),
        ] {
            assert_eq!(
                resolve(&link("/mobile", token, id), None),
                Entry::InvalidLink,
                "{token:?} {id:?}"
            );
        }
        let huge = "x".repeat(5000);
        assert_eq!(
            resolve(&link("/mobile", Some(&huge), Some("123456789")), None),
            Entry::InvalidLink
        );
    }

    #[test]
    fn other_paths_have_no_session() {
        let stored = Some(creds("tok", "123456789"));
        assert_eq!(resolve(&link("/", None, None), stored), Entry::NoSession);
        assert_eq!(
            resolve(&link("/elsewhere", Some("tok"), Some("123456789")), None),
            Entry::NoSession
        );
        assert_eq!(resolve(&link("/mobile", None, None), None), Entry::Lost);
    }
}
