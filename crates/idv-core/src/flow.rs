//! The journey engine: `step(flow, event) -> (flow, effects)`.
//!
//! The app feeds it everything that happens — answers from the platform, websocket pushes and
//! closes, timers, the user's taps — and carries out the effects it returns: HTTP calls, socket
//! operations, timers, the redirect. All decisions live here, so every one of them is tested
//! natively without a browser: when to ask for the preflight, what to do when the socket is
//! refused or lost, which pushes to ignore, when and where to send the user back.
//!
//! Rules:
//! - the platform decides the screen; a preflight is accepted only if its `seq` is newer than
//!   the last one accepted, so stale, repeated or out-of-order messages change nothing, and a
//!   final decision (`successful_screen`, `rejected_screen`, `cancel_screen`) is never left;
//! - on each screen the app waits for a push for that screen's fallback wait, then asks: on the
//!   socket, or over HTTP if the socket is down or did not answer the last ask;
//! - while the socket is down (refused, lost, never opened) the app polls over HTTP every
//!   [`POLL_MS`] and reconnects with a capped exponential backoff;
//! - after a final screen, a return URL the return-URL rule accepts is navigated to once, after
//!   [`REDIRECT_DELAY_MS`] or at once when the user asks;
//! - an open socket is asked `preflight` every [`HEARTBEAT_MS`]; one that has not answered by the
//!   next beat is half-open (the network path died without a close): it is dropped and
//!   reconnected, and every reconnect is followed by an HTTP resync of the preflight;
//! - offline (the browser says so), polling and reconnecting pause and the banner shows; back
//!   online, the app resyncs over HTTP and reopens the socket at once.

use crate::{ClientSession, Preflight, ReturnUrl, Screen};

/// How often to ask over HTTP while the socket is down.
pub const POLL_MS: u32 = 3_000;
/// How long a final screen shows before the user is sent back.
pub const REDIRECT_DELAY_MS: u32 = 3_000;
pub const RECONNECT_FIRST_MS: u32 = 1_000;
pub const RECONNECT_MAX_MS: u32 = 30_000;
/// Consecutive failed calls after which the user is told the connection is a problem.
pub const FAILURES_BEFORE_BANNER: u32 = 2;
/// How often an open socket is asked `preflight` to prove it is alive. Below the 30 s or more
/// after which mobile networks and proxies drop idle connections.
pub const HEARTBEAT_MS: u32 = 15_000;
/// The close code the app gives a socket it dropped as half-open (never sent by the platform).
pub const HALF_OPEN: u16 = 4900;

/// The websocket close codes of the platform that mean something to the journey.
pub mod close {
    pub const UNAUTHORIZED: u16 = 4401;
    pub const FORBIDDEN: u16 = 4403;
    pub const REFUSED: u16 = 4503;
    /// Too many sockets for the session, or messages too fast: like a refusal, the app lives
    /// on HTTP and tries again only after the longest wait.
    pub const TOO_MANY: u16 = 4429;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// The current screen's wait for a push is over: ask.
    Fallback,
    /// Ask over HTTP while the socket is down.
    Poll,
    /// Try the socket again.
    Reconnect,
    /// Send the user back to the return URL.
    Redirect,
    /// Check that the open socket still answers.
    Heartbeat,
}

/// What the screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Loading,
    /// The session is open and the user has not started: the steps ahead, a start button.
    Welcome,
    /// The platform's screen (known, final or unknown).
    Screen(Screen),
    /// The link's token is refused; only a new link helps.
    LinkRefused(LinkProblem),
    /// Loading failed in a way a retry may fix.
    LoadFailed(LoadProblem),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    TokenExpired,
    InvalidToken,
}

impl LinkProblem {
    pub fn code(self) -> &'static str {
        match self {
            LinkProblem::TokenExpired => "token_expired",
            LinkProblem::InvalidToken => "invalid_token",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProblem {
    /// No answer, or the platform failed: trying again may help.
    Unreachable,
    /// The platform answered something the contract does not allow.
    Unexpected,
}

impl LoadProblem {
    pub fn code(self) -> &'static str {
        match self {
            LoadProblem::Unreachable => "unreachable",
            LoadProblem::Unexpected => "unexpected",
        }
    }
}

/// How a call to the platform failed, as the app's HTTP module reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallFailure {
    /// No answer: offline, reset, timed out.
    Network,
    /// An error answer with the API's stable code.
    Status { status: u16, code: String },
    /// A success answer that does not parse.
    Unreadable,
}

impl CallFailure {
    fn link_problem(&self) -> Option<LinkProblem> {
        match self {
            CallFailure::Status { code, .. } if code == "token_expired" => {
                Some(LinkProblem::TokenExpired)
            }
            // 404: the token opened no session we can see; for the user, the link is dead.
            CallFailure::Status {
                status: 401 | 403 | 404,
                ..
            } => Some(LinkProblem::InvalidToken),
            _ => None,
        }
    }

    fn is_conflict(&self) -> bool {
        matches!(self, CallFailure::Status { status: 409, .. })
    }

    fn load_problem(&self) -> LoadProblem {
        match self {
            CallFailure::Network => LoadProblem::Unreachable,
            CallFailure::Status { status, .. } if *status >= 500 => LoadProblem::Unreachable,
            _ => LoadProblem::Unexpected,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The app starts with credentials for a session.
    Boot,
    /// The app starts with the session and its current screen already read (by the first
    /// module, before the user pressed "start"): as `Boot` followed by both answers, without
    /// asking for them again.
    BootWith(Box<ClientSession>, Preflight),
    SessionLoaded(ClientSession),
    SessionFailed(CallFailure),
    /// An HTTP preflight answer (`GET /v1/client/preflight`).
    PreflightLoaded(Preflight),
    PreflightFailed(CallFailure),
    /// The socket opened (the auth message is sent with it).
    SocketOpened,
    /// A preflight pushed on the socket (or its answer to `preflight`).
    Pushed(Preflight),
    /// The socket closed; `reason` is the platform's error code when it gave one.
    SocketClosed {
        code: u16,
        reason: Option<String>,
    },
    TimerFired(Timer),
    /// The user pressed start on the welcome screen.
    Start,
    /// The user accepted or rejected the consent.
    Consent(bool),
    /// The consent call answered with the next preflight.
    ConsentSent(Preflight),
    ConsentFailed(CallFailure),
    /// Try the failed thing again (loading, or the last action).
    Retry,
    /// On an unknown screen: ask the platform again.
    CheckAgain,
    /// On a final screen: go back now.
    ReturnNow,
    /// The browser went offline (`offline` event, or `navigator.onLine` false at start).
    WentOffline,
    /// The browser is back online.
    WentOnline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    FetchSession,
    FetchPreflight,
    PostConsent(bool),
    OpenSocket,
    CloseSocket,
    /// Send the text `preflight` on the socket.
    AskOnSocket,
    /// Start (or restart) this timer; at most one of each kind runs.
    StartTimer(Timer, u32),
    CancelTimer(Timer),
    /// Leave for the integrator's page (`location.replace`).
    Redirect(ReturnUrl),
    /// The user leaves, or the token is dead: a reload must not reuse it.
    ForgetCredentials,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketState {
    Closed,
    Connecting,
    Open,
    /// The platform refuses sockets for this session: live on HTTP.
    Refused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirect {
    /// No usable return URL (none, or refused by the rule): the final screen stays.
    Unavailable,
    NotYet,
    Scheduled,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub view: View,
    pub session: Option<ClientSession>,
    /// The last preflight accepted.
    pub current: Option<Preflight>,
    /// The user has passed the welcome screen.
    pub started: bool,
    pub socket: SocketState,
    /// Reconnects tried since the socket was last open.
    pub reconnects: u32,
    /// A `preflight` was asked on the socket and nothing has come back since.
    pub asked_socket: bool,
    /// The consent choice being sent, or that failed to send.
    pub pending_consent: Option<bool>,
    /// The last action failed for a reason a retry may fix.
    pub action_failed: bool,
    /// Consecutive failed calls; the connection banner shows from [`FAILURES_BEFORE_BANNER`].
    pub failures: u32,
    pub return_url: Option<ReturnUrl>,
    pub redirect: Redirect,
    /// The browser says there is no network: polling and reconnecting wait for it.
    pub offline: bool,
    /// A heartbeat `preflight` was sent and nothing has come back since.
    pub heartbeat_unanswered: bool,
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new()
    }
}

impl Flow {
    pub fn new() -> Flow {
        Flow {
            view: View::Loading,
            session: None,
            current: None,
            started: false,
            socket: SocketState::Closed,
            reconnects: 0,
            asked_socket: false,
            pending_consent: None,
            action_failed: false,
            failures: 0,
            return_url: None,
            redirect: Redirect::NotYet,
            offline: false,
            heartbeat_unanswered: false,
        }
    }

    /// Whether to show that the platform cannot be reached right now.
    pub fn connection_problem(&self) -> bool {
        self.offline || self.failures >= FAILURES_BEFORE_BANNER
    }

    /// A final decision has been shown: nothing more will change.
    fn decided(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|p| is_decision(&p.screen))
    }

    /// The journey cannot go on: a decision, or a refused link.
    fn ended(&self) -> bool {
        self.decided() || matches!(self.view, View::LinkRefused(_))
    }
}

fn is_decision(screen: &Screen) -> bool {
    matches!(
        screen,
        Screen::Successful | Screen::Rejected | Screen::Cancel
    )
}

/// The return-URL rule applied to what the platform sent: only a URL it accepts is ever used.
pub fn usable_return_url(raw: Option<&str>) -> Option<ReturnUrl> {
    ReturnUrl::parse(raw?).ok()
}

/// The backoff before reconnect attempt `n` (1-based): 1 s, 2 s, 4 s, … at most 30 s.
pub fn reconnect_delay_ms(attempt: u32) -> u32 {
    let shift = attempt.saturating_sub(1).min(16);
    RECONNECT_FIRST_MS
        .saturating_mul(1 << shift)
        .min(RECONNECT_MAX_MS)
}

/// A reconnect wait of `ms` with "equal jitter": half of it fixed, half drawn by `random` in
/// `[0, 1)`, so that the phones of a platform that restarted do not all come back at the same
/// instant, while none comes back sooner than half the backoff. The shell draws `random`.
pub fn jittered_ms(ms: u32, random: f64) -> u32 {
    let half = ms / 2;
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    half + ((ms - half) as f64 * r) as u32
}

pub fn step(mut flow: Flow, event: Event) -> (Flow, Vec<Effect>) {
    let mut fx = Vec::new();
    match event {
        Event::BootWith(session, preflight) => {
            for event in [
                Event::Boot,
                Event::SessionLoaded(*session),
                Event::PreflightLoaded(preflight),
            ] {
                let (next, more) = step(flow, event);
                flow = next;
                fx.extend(more);
            }
            fx.retain(|e| !matches!(e, Effect::FetchSession | Effect::FetchPreflight));
        }
        Event::Boot => {
            // Whether the user already started (on the first module's welcome) survives.
            flow = Flow {
                started: flow.started,
                ..Flow::new()
            };
            flow.socket = SocketState::Connecting;
            fx.push(Effect::FetchSession);
            fx.push(Effect::OpenSocket);
        }
        Event::SessionLoaded(session) => {
            if flow.ended() {
                return (flow, fx);
            }
            flow.return_url = usable_return_url(session.web_sdk_return_url.as_deref());
            if flow.return_url.is_none() {
                flow.redirect = Redirect::Unavailable;
            }
            flow.session = Some(session);
            flow.failures = 0;
            if flow.current.is_none() {
                // The socket usually brings it first; HTTP makes sure.
                fx.push(Effect::FetchPreflight);
            }
            update_view(&mut flow, &mut fx);
        }
        Event::SessionFailed(failure) => {
            if let Some(problem) = failure.link_problem() {
                refuse_link(&mut flow, problem, &mut fx);
            } else if flow.session.is_none() {
                flow.view = View::LoadFailed(failure.load_problem());
            }
        }
        Event::PreflightLoaded(p) => {
            flow.failures = 0;
            accept(&mut flow, p, &mut fx);
        }
        Event::Pushed(p) => {
            flow.asked_socket = false;
            flow.heartbeat_unanswered = false;
            accept(&mut flow, p, &mut fx);
        }
        Event::PreflightFailed(failure) => {
            if let Some(problem) = failure.link_problem() {
                refuse_link(&mut flow, problem, &mut fx);
            } else {
                flow.failures += 1;
                if flow.current.is_none() && flow.session.is_some() {
                    flow.view = View::LoadFailed(failure.load_problem());
                }
            }
        }
        Event::SocketOpened => {
            if flow.ended() {
                fx.push(Effect::CloseSocket);
            } else {
                let reconnected = flow.reconnects > 0;
                flow.socket = SocketState::Open;
                flow.reconnects = 0;
                flow.asked_socket = false;
                flow.heartbeat_unanswered = false;
                fx.push(Effect::CancelTimer(Timer::Poll));
                fx.push(Effect::StartTimer(Timer::Heartbeat, HEARTBEAT_MS));
                if reconnected {
                    // Pushes sent while the socket was down are lost: catch up over HTTP.
                    fx.push(Effect::FetchPreflight);
                }
            }
        }
        Event::SocketClosed { code, reason } => socket_closed(&mut flow, code, reason, &mut fx),
        Event::TimerFired(timer) => timer_fired(&mut flow, timer, &mut fx),
        Event::Start => {
            if flow.view == View::Welcome {
                flow.started = true;
                update_view(&mut flow, &mut fx);
            }
        }
        Event::Consent(accepted) => {
            if flow.view == View::Screen(Screen::Consent) && flow.pending_consent.is_none() {
                flow.pending_consent = Some(accepted);
                flow.action_failed = false;
                fx.push(Effect::PostConsent(accepted));
            }
        }
        Event::ConsentSent(p) => {
            flow.pending_consent = None;
            flow.failures = 0;
            accept(&mut flow, p, &mut fx);
        }
        Event::ConsentFailed(failure) => {
            if let Some(problem) = failure.link_problem() {
                refuse_link(&mut flow, problem, &mut fx);
            } else if failure.is_conflict() {
                // Already decided elsewhere (another tab, a retried request): follow the platform.
                flow.pending_consent = None;
                fx.push(Effect::FetchPreflight);
            } else {
                flow.failures += 1;
                flow.action_failed = true;
            }
        }
        Event::Retry => match flow.view {
            View::LoadFailed(_) => {
                flow.view = View::Loading;
                fx.push(if flow.session.is_none() {
                    Effect::FetchSession
                } else {
                    Effect::FetchPreflight
                });
            }
            View::Screen(Screen::Consent) if flow.action_failed => {
                if let Some(accepted) = flow.pending_consent {
                    flow.action_failed = false;
                    fx.push(Effect::PostConsent(accepted));
                }
            }
            _ => {}
        },
        Event::CheckAgain => {
            if !flow.ended() {
                fx.push(Effect::FetchPreflight);
            }
        }
        Event::WentOffline => {
            flow.offline = true;
        }
        Event::WentOnline => {
            let was_offline = flow.offline;
            flow.offline = false;
            if was_offline && !flow.ended() && flow.redirect != Redirect::Done {
                // Carry on at once rather than at the next backoff: resync, reopen the socket.
                if flow.session.is_none() {
                    fx.push(Effect::FetchSession);
                }
                fx.push(Effect::FetchPreflight);
                if flow.socket != SocketState::Open && flow.socket != SocketState::Refused {
                    flow.socket = SocketState::Connecting;
                    fx.push(Effect::CancelTimer(Timer::Reconnect));
                    fx.push(Effect::OpenSocket);
                }
            }
        }
        Event::ReturnNow => {
            if matches!(flow.redirect, Redirect::NotYet | Redirect::Scheduled)
                && flow.current.as_ref().is_some_and(|p| p.screen.is_final())
            {
                redirect_now(&mut flow, &mut fx);
            }
        }
    }
    (flow, fx)
}

fn accept(flow: &mut Flow, p: Preflight, fx: &mut Vec<Effect>) {
    if matches!(flow.view, View::LinkRefused(_)) || flow.decided() {
        return;
    }
    if flow.current.as_ref().is_some_and(|cur| p.seq <= cur.seq) {
        return;
    }
    let wait = p.screen.fallback_wait_ms();
    flow.current = Some(p);
    flow.asked_socket = false;
    match wait {
        Some(ms) => fx.push(Effect::StartTimer(Timer::Fallback, ms)),
        None => fx.push(Effect::CancelTimer(Timer::Fallback)),
    }
    update_view(flow, fx);
}

/// Derives the view from the session and the current preflight, and starts what a final
/// screen needs.
fn update_view(flow: &mut Flow, fx: &mut Vec<Effect>) {
    let (Some(_), Some(current)) = (&flow.session, &flow.current) else {
        return;
    };
    let screen = current.screen.clone();
    if screen == Screen::Consent && !flow.started {
        flow.view = View::Welcome;
        return;
    }
    // Past consent (a reload mid-journey), or at an end: no welcome again.
    flow.started = true;
    flow.view = View::Screen(screen.clone());
    if screen.is_final() {
        if flow.redirect == Redirect::NotYet {
            flow.redirect = Redirect::Scheduled;
            fx.push(Effect::StartTimer(Timer::Redirect, REDIRECT_DELAY_MS));
        }
        if is_decision(&screen) {
            // Credentials stay until the user leaves, so a reload shows this decision again.
            wind_down(flow, fx);
        }
    }
}

/// Nothing more can happen: stop listening and asking.
fn wind_down(flow: &mut Flow, fx: &mut Vec<Effect>) {
    flow.socket = SocketState::Closed;
    fx.push(Effect::CloseSocket);
    fx.push(Effect::CancelTimer(Timer::Fallback));
    fx.push(Effect::CancelTimer(Timer::Poll));
    fx.push(Effect::CancelTimer(Timer::Reconnect));
    fx.push(Effect::CancelTimer(Timer::Heartbeat));
}

fn refuse_link(flow: &mut Flow, problem: LinkProblem, fx: &mut Vec<Effect>) {
    if flow.decided() {
        // The journey ended; a token expiring after that changes nothing for the user.
        return;
    }
    flow.view = View::LinkRefused(problem);
    flow.pending_consent = None;
    wind_down(flow, fx);
    fx.push(Effect::CancelTimer(Timer::Redirect));
    fx.push(Effect::ForgetCredentials);
}

fn redirect_now(flow: &mut Flow, fx: &mut Vec<Effect>) {
    if let Some(url) = flow.return_url.clone() {
        flow.redirect = Redirect::Done;
        fx.push(Effect::CancelTimer(Timer::Redirect));
        wind_down(flow, fx);
        fx.push(Effect::ForgetCredentials);
        fx.push(Effect::Redirect(url));
    }
}

fn socket_closed(flow: &mut Flow, code: u16, reason: Option<String>, fx: &mut Vec<Effect>) {
    if flow.ended() || flow.redirect == Redirect::Done {
        flow.socket = SocketState::Closed;
        return;
    }
    // A pending heartbeat finds the socket no longer open and does nothing.
    match code {
        close::UNAUTHORIZED | close::FORBIDDEN => {
            let problem = if reason.as_deref() == Some("token_expired") {
                LinkProblem::TokenExpired
            } else {
                LinkProblem::InvalidToken
            };
            refuse_link(flow, problem, fx);
            return;
        }
        close::REFUSED | close::TOO_MANY => flow.socket = SocketState::Refused,
        _ => flow.socket = SocketState::Closed,
    }
    flow.asked_socket = false;
    flow.heartbeat_unanswered = false;
    flow.reconnects += 1;
    let delay = if flow.socket == SocketState::Refused {
        RECONNECT_MAX_MS
    } else {
        reconnect_delay_ms(flow.reconnects)
    };
    fx.push(Effect::StartTimer(Timer::Reconnect, delay));
    // Live on HTTP until the socket is back: ask now (unless offline), then every POLL_MS.
    if !flow.offline {
        fx.push(Effect::FetchPreflight);
    }
    fx.push(Effect::StartTimer(Timer::Poll, POLL_MS));
}

fn timer_fired(flow: &mut Flow, timer: Timer, fx: &mut Vec<Effect>) {
    match timer {
        Timer::Fallback => {
            if flow.ended() {
                return;
            }
            if flow.offline {
                // Nothing can be asked; the return of the network resyncs.
            } else if flow.socket == SocketState::Open && !flow.asked_socket {
                flow.asked_socket = true;
                fx.push(Effect::AskOnSocket);
            } else {
                // The socket is down, or did not answer the last ask (half-open): use HTTP.
                fx.push(Effect::FetchPreflight);
            }
            if let Some(ms) = flow
                .current
                .as_ref()
                .and_then(|p| p.screen.fallback_wait_ms())
            {
                fx.push(Effect::StartTimer(Timer::Fallback, ms));
            }
        }
        Timer::Poll => {
            if flow.offline {
                // Paused: `WentOnline` asks at once and polling resumes from there.
                fx.push(Effect::StartTimer(Timer::Poll, POLL_MS));
            } else if !flow.ended() && flow.socket != SocketState::Open {
                fx.push(Effect::FetchPreflight);
                fx.push(Effect::StartTimer(Timer::Poll, POLL_MS));
            }
        }
        Timer::Reconnect => {
            if flow.offline {
                // Paused: `WentOnline` reconnects.
            } else if !flow.ended() && flow.socket != SocketState::Open {
                flow.socket = SocketState::Connecting;
                fx.push(Effect::OpenSocket);
            }
        }
        Timer::Redirect => {
            if flow.redirect == Redirect::Scheduled {
                redirect_now(flow, fx);
            }
        }
        Timer::Heartbeat => {
            if flow.ended() || flow.socket != SocketState::Open {
                return;
            }
            if flow.heartbeat_unanswered {
                // Half-open: the socket looks open but nothing comes through. Drop it and carry
                // on as after any close (HTTP now, reconnect with backoff).
                fx.push(Effect::CloseSocket);
                socket_closed(flow, HALF_OPEN, None, fx);
            } else {
                flow.heartbeat_unanswered = true;
                fx.push(Effect::AskOnSocket);
                fx.push(Effect::StartTimer(Timer::Heartbeat, HEARTBEAT_MS));
            }
        }
    }
}

#[cfg(test)]
mod resilience_tests;
#[cfg(test)]
mod tests;
