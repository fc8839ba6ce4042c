//! How the user arrived: from a start link, by reloading a page that already had one, or with
//! nothing to go on. Pure: the browser wrappers read the address bar and storage, this decides.

use idv_core::handoff::{capture_target, CAPTURE_PATH};
use idv_core::validate::is_session_id;
use idv_core::{ClientSession, Preflight};
use serde::{Deserialize, Serialize};

/// The path of the start link (`/mobile?authorization=<token>&sessionId=<id>`).
pub const START_PATH: &str = "/mobile";

/// What a start link carries. The token opens one session only; it lives in memory and in the
/// tab's session storage, never in the address bar after the first instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCredentials {
    pub token: String,
    pub session_id: String,
    /// This token came from a desktop's QR code: the phone says the computer follows along.
    #[serde(default)]
    pub via_handoff: bool,
    /// Opened through the API's `handoff_url` (`/capture?url=`): a desktop hands everything
    /// to a phone, not only the camera steps.
    #[serde(default)]
    pub capture: bool,
}

impl SessionCredentials {
    pub fn new(token: String, session_id: String) -> SessionCredentials {
        SessionCredentials {
            token,
            session_id,
            via_handoff: false,
            capture: false,
        }
    }
}

/// The query parameters of the address the page was opened with. The first module hands them
/// to the journey module as JSON (the address bar no longer has them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkParams {
    pub path: String,
    pub authorization: Option<String>,
    pub session_id: Option<String>,
    /// A handoff token from a desktop's QR code (`/mobile?handoff=..&sessionId=..`).
    pub handoff: Option<String>,
    /// `/capture?url=<inner>`: the inner URL, decoded once.
    pub capture_url: Option<String>,
    /// The page's own origin, for the `/capture` rule.
    pub origin: String,
    /// `?device=phone|desktop`: overrides the device decision.
    pub device: Option<String>,
}

/// What the first module hands the journey module (as JSON): the start link it took from the
/// address bar, whether the user pressed "start" on its welcome screen, and then the platform's
/// answers it read (the session's and the preflight's JSON, as they came), so that the journey
/// shows the next screen at once instead of asking again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Handover {
    pub link: LinkParams,
    pub started: bool,
    pub read: Option<(String, String)>,
}

impl Handover {
    /// The answers handed over, when both still read as the contract says.
    pub fn answers(&self) -> Option<(ClientSession, Preflight)> {
        let (session, preflight) = self.read.as_ref()?;
        Some((
            serde_json::from_str(session).ok()?,
            serde_json::from_str(preflight).ok()?,
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Load this session.
    Session(SessionCredentials),
    /// A phone opened a desktop's QR code: exchange the handoff token for a session token.
    Exchange { handoff: String, session_id: String },
    /// `/capture` with a URL that is not this app's own start link.
    CaptureRefused,
    /// A start link whose token or session id cannot be right.
    InvalidLink,
    /// No link at all: the user must come from the integrator's service.
    NoSession,
    /// The start path without a link and with nothing to resume in this tab.
    Lost,
}

/// Decides where the app starts. A fresh link wins over a stored session; a stored session
/// resumes only on the start path and only if the address does not name another session.
///
/// `/capture?url=` continues to its inner URL only if the core's same-origin rule accepts it.
pub fn resolve(link: &LinkParams, stored: Option<SessionCredentials>) -> Entry {
    if link.path.trim_end_matches('/') == CAPTURE_PATH {
        let inner = link
            .capture_url
            .as_deref()
            .and_then(|url| capture_target(&link.origin, url).ok());
        return match inner.and_then(|i| start_link(i.authorization, i.handoff, i.session_id)) {
            Some(Entry::Session(credentials)) => Entry::Session(SessionCredentials {
                capture: true,
                ..credentials
            }),
            Some(entry) => entry,
            None => Entry::CaptureRefused,
        };
    }
    if !is_start_path(&link.path) {
        return Entry::NoSession;
    }
    let named = start_link(
        link.authorization.clone(),
        link.handoff.clone(),
        link.session_id.clone(),
    );
    match (named, &link.session_id) {
        (Some(entry), _) => entry,
        (None, named) => match stored {
            Some(stored) if named.as_ref().is_none_or(|id| *id == stored.session_id) => {
                Entry::Session(stored)
            }
            _ => Entry::Lost,
        },
    }
}

/// What a link's credentials open; `None` when it carries none.
fn start_link(
    authorization: Option<String>,
    handoff: Option<String>,
    session_id: Option<String>,
) -> Option<Entry> {
    let well_formed = |token: &str, id: &str| is_token_shape(token) && is_session_id(id);
    Some(match (authorization, handoff, session_id) {
        (None, None, _) => return None,
        (Some(token), None, Some(id)) if well_formed(&token, &id) => {
            Entry::Session(SessionCredentials::new(token, id))
        }
        (None, Some(handoff), Some(id)) if well_formed(&handoff, &id) => Entry::Exchange {
            handoff,
            session_id: id,
        },
        _ => Entry::InvalidLink,
    })
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
            origin: "http://127.0.0.1:8080".into(),
            ..LinkParams::default()
        }
    }

    fn creds(token: &str, session_id: &str) -> SessionCredentials {
        SessionCredentials::new(token.into(), session_id.into())
    }

    fn capture(url: Option<&str>) -> LinkParams {
        LinkParams {
            capture_url: url.map(Into::into),
            ..link("/capture", None, None)
        }
    }

    #[test]
    fn a_phone_link_is_exchanged_first() {
        let entry = resolve(
            &LinkParams {
                handoff: Some("h".into()),
                ..link("/mobile", None, Some("123456789"))
            },
            Some(creds("old", "123456789")),
        );
        assert_eq!(
            entry,
            Entry::Exchange {
                handoff: "h".into(),
                session_id: "123456789".into()
            }
        );
        // Both kinds of token at once, or a handoff without its session: a tampered link.
        for (auth, id) in [(Some("tok"), Some("123456789")), (None, None)] {
            let both = LinkParams {
                handoff: Some("h".into()),
                ..link("/mobile", auth, id)
            };
            assert_eq!(resolve(&both, None), Entry::InvalidLink);
        }
    }

    #[test]
    fn capture_links_continue_to_their_own_start_link() {
        let inner = "http://127.0.0.1:8080/mobile?authorization=tok&sessionId=123456789";
        let mut expected = creds("tok", "123456789");
        expected.capture = true;
        assert_eq!(
            resolve(&capture(Some(inner)), None),
            Entry::Session(expected)
        );
        let phone = "http://127.0.0.1:8080/mobile?handoff=h&sessionId=123456789";
        assert!(matches!(
            resolve(&capture(Some(phone)), None),
            Entry::Exchange { .. }
        ));
    }

    // The page must not forward to, or show a QR code for, anything but its own start link.
    #[test]
    fn capture_links_elsewhere_are_refused() {
        let stored = Some(creds("tok", "123456789"));
        for url in [
            None,
            Some(""),
            Some("https://evil.example/mobile?authorization=tok&sessionId=123456789"),
            Some("http://127.0.0.1:8080/elsewhere?authorization=tok&sessionId=123456789"),
            Some("http://127.0.0.1:8080/mobile"),
        ] {
            assert_eq!(
                resolve(&capture(url), stored.clone()),
                Entry::CaptureRefused,
                "{url:?}"
            );
        }
        let bad = "http://127.0.0.1:8080/mobile?authorization=tok&sessionId=12";
        assert_eq!(resolve(&capture(Some(bad)), None), Entry::InvalidLink);
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
