//! Desktop to phone handoff: which links `/capture` may turn into a QR code, the handoff token's
//! rules (the sandbox enforces them), and the desktop's own small machine that shows the QR
//! code and follows the phone.
//!
//! The QR code never carries the desktop's session token: the desktop asks the platform for a
//! short-lived, single-use handoff token, and the phone exchanges it for a session token of its
//! own on first load.

use crate::flow::View;
use crate::Screen;
use std::fmt;

/// The path of the start link; the only path a `/capture?url=` may point to.
pub const START_PATH: &str = "/mobile";
/// The path of the API's `handoff_url`.
pub const CAPTURE_PATH: &str = "/capture";
/// How long a handoff link stays valid (never past the desktop token's own expiry).
pub const HANDOFF_TTL_MS: i64 = 10 * 60 * 1000;
/// How long the desktop waits after the phone's last connection closed before it says the
/// phone has gone quiet: phones drop sockets briefly when the screen locks or the app switches.
pub const QUIET_AFTER_MS: u32 = 20_000;
const MAX_URL_LEN: usize = 4096;

// ---------------------------------------------------------------------------------------------
// The `/capture?url=` rule
// ---------------------------------------------------------------------------------------------

/// What the inner URL of a `/capture` link carries, percent-decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InnerLink {
    pub authorization: Option<String>,
    pub handoff: Option<String>,
    pub session_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureUrlError {
    Empty,
    TooLong,
    /// Whitespace, a control character or a backslash: something a browser would repair.
    ForbiddenCharacter,
    /// Not `scheme://host/...`.
    NotAbsolute,
    /// Another scheme, host or port than the page's own, or user information (`a@b`).
    OtherOrigin,
    /// The app's own origin, but not its start path `/mobile`.
    NotStartPath,
    /// A percent escape that is not one, or that decodes to something other than UTF-8.
    BadEncoding,
}

impl CaptureUrlError {
    pub fn code(self) -> &'static str {
        match self {
            CaptureUrlError::Empty => "empty",
            CaptureUrlError::TooLong => "too_long",
            CaptureUrlError::ForbiddenCharacter => "forbidden_character",
            CaptureUrlError::NotAbsolute => "not_absolute",
            CaptureUrlError::OtherOrigin => "other_origin",
            CaptureUrlError::NotStartPath => "not_start_path",
            CaptureUrlError::BadEncoding => "bad_encoding",
        }
    }
}

impl fmt::Display for CaptureUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The rule for `/capture?url=<inner>`: the inner URL must be this app's own origin (the page's
/// `location.origin`) and its start path, so the page can never be made to show a QR code for,
/// or forward to, any other address. Anything a browser would have to repair is refused.
pub fn capture_target(page_origin: &str, inner: &str) -> Result<InnerLink, CaptureUrlError> {
    if inner.is_empty() {
        return Err(CaptureUrlError::Empty);
    }
    if inner.len() > MAX_URL_LEN {
        return Err(CaptureUrlError::TooLong);
    }
    if inner
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(CaptureUrlError::ForbiddenCharacter);
    }
    let own = split_origin(page_origin).ok_or(CaptureUrlError::OtherOrigin)?;
    let (scheme, rest) = inner
        .split_once("://")
        .ok_or(CaptureUrlError::NotAbsolute)?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.is_empty() {
        return Err(CaptureUrlError::NotAbsolute);
    }
    if authority.contains('@') {
        return Err(CaptureUrlError::OtherOrigin);
    }
    let theirs = normalise_origin(scheme, authority).ok_or(CaptureUrlError::OtherOrigin)?;
    if theirs != own {
        return Err(CaptureUrlError::OtherOrigin);
    }
    let tail = tail.split('#').next().unwrap_or_default();
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    if path != START_PATH && path != "/mobile/" {
        return Err(CaptureUrlError::NotStartPath);
    }
    let mut link = InnerLink::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value).ok_or(CaptureUrlError::BadEncoding)?;
        match percent_decode(key)
            .ok_or(CaptureUrlError::BadEncoding)?
            .as_str()
        {
            "authorization" => link.authorization = Some(value),
            "handoff" => link.handoff = Some(value),
            "sessionId" => link.session_id = Some(value),
            _ => {}
        }
    }
    Ok(link)
}

/// `scheme://host[:port]` in one spelling: lower case, default port dropped.
fn split_origin(origin: &str) -> Option<String> {
    let (scheme, authority) = origin.split_once("://")?;
    if authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
        return None;
    }
    normalise_origin(scheme, authority)
}

fn normalise_origin(scheme: &str, authority: &str) -> Option<String> {
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let authority = authority.to_ascii_lowercase();
    // The port follows the last colon outside an IPv6 literal's brackets.
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority.as_str(), None),
    };
    if host.is_empty() {
        return None;
    }
    match port {
        Some(p) if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) => None,
        Some(p) if p.trim_start_matches('0') == default_port => Some(format!("{scheme}://{host}")),
        Some(p) => Some(format!("{scheme}://{host}:{}", p.trim_start_matches('0'))),
        None => Some(format!("{scheme}://{host}")),
    }
}

/// `application/x-www-form-urlencoded` decoding, as `URLSearchParams` does it, but refusing
/// broken escapes instead of passing them through.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The link the QR code holds: the start path with the handoff token instead of a session
/// token, on the app's own origin.
pub fn phone_link(origin: &str, handoff_token: &str, session_id: &str) -> String {
    format!(
        "{}{START_PATH}?handoff={}&sessionId={}",
        origin.trim_end_matches('/'),
        percent_encode(handoff_token),
        percent_encode(session_id)
    )
}

// ---------------------------------------------------------------------------------------------
// The handoff token's rules
// ---------------------------------------------------------------------------------------------

/// A handoff token lives ten minutes, and never longer than the token that asked for it: a
/// handoff must not lengthen the desktop's session.
pub fn handoff_expiry(now_ms: i64, issuer_expires_at_ms: i64) -> i64 {
    (now_ms + HANDOFF_TTL_MS).min(issuer_expires_at_ms)
}

/// What the platform knows of an issued handoff token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandoffRecord {
    pub expires_at_ms: i64,
    /// Exchanged already: a handoff token opens one phone only.
    pub used: bool,
    /// A newer handoff token of the session took its place (the desktop showed a new QR code).
    pub replaced: bool,
}

/// Why a handoff token cannot be exchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoffRefusal {
    Used,
    Replaced,
    Expired,
}

impl HandoffRefusal {
    pub const ALL: [HandoffRefusal; 3] = [
        HandoffRefusal::Used,
        HandoffRefusal::Replaced,
        HandoffRefusal::Expired,
    ];

    /// The API's error code.
    pub fn code(self) -> &'static str {
        match self {
            HandoffRefusal::Used => "handoff_used",
            HandoffRefusal::Replaced => "handoff_replaced",
            HandoffRefusal::Expired => "handoff_expired",
        }
    }

    pub fn from_code(code: &str) -> Option<HandoffRefusal> {
        HandoffRefusal::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Whether a handoff token may be exchanged now. "Used" is told before "expired": the user
/// who scans an old QR code twice learns that it was used, which is what happened first.
pub fn check_exchange(record: &HandoffRecord, now_ms: i64) -> Result<(), HandoffRefusal> {
    if record.used {
        Err(HandoffRefusal::Used)
    } else if record.replaced {
        Err(HandoffRefusal::Replaced)
    } else if now_ms >= record.expires_at_ms {
        Err(HandoffRefusal::Expired)
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The desktop's side
// ---------------------------------------------------------------------------------------------

/// How the desktop arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskEntry {
    /// The start link: the desktop welcomes and takes consent itself, and hands only the camera
    /// steps to a phone.
    StartLink,
    /// The API's `handoff_url` (`/capture?url=`): the integrator chose the phone, so the QR code
    /// shows at once and everything before the end happens on the phone.
    CaptureLink,
}

/// The screens a desktop hands to a phone: those that need a camera in hand, and the chip,
/// which only a phone (with the mobile app) can read.
pub fn needs_phone(screen: &Screen) -> bool {
    matches!(
        screen,
        Screen::DocumentFront | Screen::DocumentBack | Screen::Liveness | Screen::Nfc
    )
}

/// Whether a desktop shows the handoff screen instead of this view. Final screens, refused
/// links and load errors always show as they are.
pub fn hands_off(view: &View, entry: DeskEntry) -> bool {
    match view {
        View::Screen(screen) if screen.is_final() => false,
        View::Screen(screen) if needs_phone(screen) => true,
        View::Welcome | View::Screen(_) => entry == DeskEntry::CaptureLink,
        View::Loading | View::LinkRefused(_) | View::LoadFailed(_) => false,
    }
}

/// What the platform tells the desktop about the phone, on the session's websocket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhonePresence {
    /// The phone opened the link, or its socket is open.
    Connected,
    /// The phone's last socket closed.
    Disconnected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    /// Nothing asked yet.
    None,
    Requesting,
    Ready {
        url: String,
    },
    /// Ten minutes passed without a phone: a new code is one tap away.
    Expired,
    /// The platform could not issue a link; a retry may help.
    Failed,
    /// A phone opened it: it is spent and no longer shown.
    Used,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneState {
    /// No phone has opened a link yet (or the user asked for a new code after the phone went
    /// quiet).
    Waiting,
    Connected,
    /// The phone's connection closed and did not come back within [`QUIET_AFTER_MS`].
    Quiet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeskTimer {
    /// The shown link has reached its expiry.
    LinkExpiry,
    /// The phone has been gone for [`QUIET_AFTER_MS`].
    Quiet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskEvent {
    /// The handoff screen is on display.
    Shown,
    /// The platform issued a link valid for `expires_in_ms`.
    LinkIssued {
        url: String,
        expires_in_ms: u32,
    },
    LinkFailed,
    /// The user asked for a new QR code.
    Refresh,
    Phone(PhonePresence),
    TimerFired(DeskTimer),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskEffect {
    /// Ask the platform for a handoff link.
    RequestLink,
    StartTimer(DeskTimer, u32),
    CancelTimer(DeskTimer),
}

/// The desktop's handoff state. It lives as long as the journey, not the screen: moving from
/// the ID's front to its back must not ask for a new code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    pub link: LinkState,
    pub phone: PhoneState,
}

impl Default for Desk {
    fn default() -> Self {
        Desk {
            link: LinkState::None,
            phone: PhoneState::Waiting,
        }
    }
}

impl Desk {
    /// Whether the QR code (or what stands for it: its expiry, a failure) is to be shown.
    pub fn shows_code(&self) -> bool {
        self.phone != PhoneState::Connected && self.link != LinkState::Used
    }
}

pub fn desk_step(mut desk: Desk, event: DeskEvent) -> (Desk, Vec<DeskEffect>) {
    let mut fx = Vec::new();
    match event {
        DeskEvent::Shown => {
            if desk.link == LinkState::None && desk.phone == PhoneState::Waiting {
                request(&mut desk, &mut fx);
            }
        }
        DeskEvent::LinkIssued { url, expires_in_ms } => {
            if desk.link == LinkState::Requesting {
                desk.link = LinkState::Ready { url };
                fx.push(DeskEffect::StartTimer(DeskTimer::LinkExpiry, expires_in_ms));
            }
        }
        DeskEvent::LinkFailed => {
            if desk.link == LinkState::Requesting {
                desk.link = LinkState::Failed;
            }
        }
        DeskEvent::Refresh => {
            if desk.phone == PhoneState::Quiet {
                desk.phone = PhoneState::Waiting;
            }
            if desk.phone == PhoneState::Waiting && desk.link != LinkState::Requesting {
                request(&mut desk, &mut fx);
            }
        }
        DeskEvent::Phone(PhonePresence::Connected) => {
            desk.phone = PhoneState::Connected;
            fx.push(DeskEffect::CancelTimer(DeskTimer::Quiet));
            if matches!(desk.link, LinkState::Ready { .. } | LinkState::Expired) {
                desk.link = LinkState::Used;
                fx.push(DeskEffect::CancelTimer(DeskTimer::LinkExpiry));
            }
        }
        DeskEvent::Phone(PhonePresence::Disconnected) => {
            if desk.phone == PhoneState::Connected {
                fx.push(DeskEffect::StartTimer(DeskTimer::Quiet, QUIET_AFTER_MS));
            }
        }
        DeskEvent::TimerFired(DeskTimer::Quiet) => {
            if desk.phone == PhoneState::Connected {
                desk.phone = PhoneState::Quiet;
            }
        }
        DeskEvent::TimerFired(DeskTimer::LinkExpiry) => {
            if matches!(desk.link, LinkState::Ready { .. }) {
                desk.link = LinkState::Expired;
            }
        }
    }
    (desk, fx)
}

fn request(desk: &mut Desk, fx: &mut Vec<DeskEffect>) {
    desk.link = LinkState::Requesting;
    fx.push(DeskEffect::CancelTimer(DeskTimer::LinkExpiry));
    fx.push(DeskEffect::RequestLink);
}

#[cfg(test)]
mod tests;
