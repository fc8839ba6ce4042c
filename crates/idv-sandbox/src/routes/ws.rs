//! `GET /v1/client/ws`: the token arrives in the first message, never in the URL, so it stays
//! out of access logs and proxies.
//!
//! `run` is generic over the sink and stream, so a channel can stand in for the socket.

use crate::auth::ClientAuth;
use crate::error::AppError;
use crate::hub::HubEvent;
use crate::{token, AppState};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use idv_core::handoff::PhonePresence;
use idv_core::{ClientMessage, ServerMessage, WebsocketFault};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

pub const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
const HEARTBEAT: Duration = Duration::from_secs(25);
const MAX_MESSAGE: usize = 16 * 1024;

/// Close codes (4000-4999 are the application's own).
pub mod close {
    pub const DROPPED: u16 = 4000;
    pub const BAD_MESSAGE: u16 = 4400;
    pub const UNAUTHORIZED: u16 = 4401;
    pub const FORBIDDEN: u16 = 4403;
    pub const AUTH_TIMEOUT: u16 = 4408;
    pub const REFUSED: u16 = 4503;
    /// Too many sockets for the session, or messages too fast: the app falls back to asking
    /// for the preflight over HTTP, as for any socket it loses.
    pub const TOO_MANY: u16 = 4429;
}

/// Messages a socket may send in [`RATE_WINDOW`]: the app sends one `preflight` per heartbeat,
/// so this is only ever reached by a client that floods.
const RATE_LIMIT: u32 = 30;
const RATE_WINDOW: Duration = Duration::from_secs(10);

/// Refuses a browser page of another origin before the upgrade (cross-site websocket
/// hijacking: a socket is authorised by its first message, but a page elsewhere must not even
/// get to try). Clients that are not browsers send no `Origin` and are let through: they could
/// forge it anyway.
pub async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let allowed = origin
            .to_str()
            .is_ok_and(|o| state.config().allows_origin(o));
        if !allowed {
            tracing::warn!("websocket refused: Origin not on the allow-list");
            return AppError::new(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                "This page's origin may not open the platform's websocket.",
            )
            .into_response();
        }
    }
    let ws = match ws {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    ws.max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |socket| async move {
            let (sink, stream) = socket.split();
            run(state, sink, stream).await;
        })
}

pub async fn run<Si, St, E>(state: AppState, mut sink: Si, mut stream: St)
where
    Si: Sink<Message> + Unpin,
    St: Stream<Item = Result<Message, E>> + Unpin,
{
    let auth = match tokio::time::timeout(AUTH_TIMEOUT, next_text(&mut stream)).await {
        Err(_) => {
            let msg = "Send {\"type\":\"auth\",\"token\":...} first.";
            return fail(&mut sink, close::AUTH_TIMEOUT, "auth_timeout", msg).await;
        }
        Ok(None) => return,
        Ok(Some(text)) => match serde_json::from_str::<ClientMessage>(&text) {
            Ok(ClientMessage::Auth { token }) => {
                ClientAuth::from_token(&state, &token).map(|auth| (auth, token::hash(&token)))
            }
            Err(_) => {
                let msg = "The first message must be {\"type\":\"auth\",\"token\":...}.";
                return fail(&mut sink, close::BAD_MESSAGE, "auth_required", msg).await;
            }
        },
    };
    let (auth, token_hash) = match auth {
        Ok(auth) => auth,
        Err(e) => return fail_with(&mut sink, &e).await,
    };
    let id = auth.session_id.clone();
    // From here on every message names its session: the client drops one that names another,
    // whatever a proxy or a bug on either side mixed up (docs/api.md, the websocket).
    let mut sink = Stamping {
        sink,
        session_id: id.clone(),
    };
    // Subscribe before reading the state, so no change falls between the two.
    let Some(mut hub) = state.hub().subscribe(&id) else {
        let msg = "This session has too many open websockets; close one, or ask for the \
                   preflight over HTTP.";
        return sink.fail(close::TOO_MANY, "too_many_sockets", msg).await;
    };
    let now = state.now();
    // A refused socket is no sign of the user starting: check the fault before marking it.
    let row = match state.modify(&id, |row| {
        if row.ws_fault == WebsocketFault::Allow {
            row.mark_started(now);
        }
        Ok(())
    }) {
        Ok(((), row)) => row,
        Err(e) => return sink.fail_with(&e).await,
    };
    if row.ws_fault == WebsocketFault::Refuse {
        let msg = "The sandbox refuses websockets for this session (fault injection).";
        return sink.fail(close::REFUSED, "websocket_refused", msg).await;
    }
    let _ = state
        .lock()
        .add_event(&id, now, "websocket", Some("connected"));
    let mut last_seq = row.seq;
    if sink
        .send(&ServerMessage::Preflight(row.preflight()))
        .await
        .is_err()
    {
        return;
    }
    // A phone's socket is counted while it lives; any other socket of a session a phone has
    // joined is the desktop's, and learns at once whether the phone is there.
    let is_phone = state.lock().is_phone_token(&token_hash).unwrap_or(false);
    let _phone = is_phone.then(|| state.hub().phone_joined(&id));
    if !is_phone && state.lock().has_phone(&id).unwrap_or(false) {
        let phone = match state.hub().phone_sockets(&id) {
            0 => PhonePresence::Disconnected,
            _ => PhonePresence::Connected,
        };
        if sink.send(&ServerMessage::Handoff { phone }).await.is_err() {
            return;
        }
    }
    let mut heartbeat =
        tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
    let (mut window_start, mut in_window) = (tokio::time::Instant::now(), 0u32);
    loop {
        tokio::select! {
            event = hub.rx.recv() => match event {
                Ok(HubEvent::Preflight { session_id, preflight }) if session_id == id => {
                    if preflight.seq > last_seq {
                        last_seq = preflight.seq;
                        if sink.send(&ServerMessage::Preflight(preflight)).await.is_err() {
                            return;
                        }
                    }
                }
                Ok(HubEvent::Phone { session_id, presence }) if session_id == id && !is_phone => {
                    if sink.send(&ServerMessage::Handoff { phone: presence }).await.is_err() {
                        return;
                    }
                }
                Ok(HubEvent::Raw { session_id, text }) if session_id == id => {
                    // Fault injection's frames go out as they are, unstamped: they are the test.
                    if sink.raw(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Ok(HubEvent::Drop { session_id }) if session_id == id => {
                    let _ = sink.raw(close_frame(close::DROPPED, "dropped")).await;
                    return;
                }
                Ok(_) => {}
                Err(RecvError::Lagged(_)) => {
                    // Too far behind to trust the channel: read the truth from the database.
                    match state.read(&id) {
                        Ok(row) if row.seq > last_seq => {
                            last_seq = row.seq;
                            if sink.send(&ServerMessage::Preflight(row.preflight())).await.is_err() {
                                return;
                            }
                        }
                        Ok(_) => {}
                        Err(e) => return sink.fail_with(&e).await,
                    }
                }
                Err(RecvError::Closed) => return,
            },
            message = stream.next() => {
                let now = tokio::time::Instant::now();
                if now.duration_since(window_start) >= RATE_WINDOW {
                    (window_start, in_window) = (now, 0);
                }
                in_window += 1;
                if in_window > RATE_LIMIT {
                    let msg = format!(
                        "More than {RATE_LIMIT} messages in {} s; send \"preflight\" at most once \
                         a second.",
                        RATE_WINDOW.as_secs()
                    );
                    return sink.fail(close::TOO_MANY, "rate_limited", &msg).await;
                }
                match message {
                Some(Ok(Message::Text(text))) if text.trim() == "preflight" => {
                    // The app asks on its own heartbeat: an expired token is told then, not only
                    // at the platform's next ping.
                    if auth.token_expires_at <= state.now() {
                        return sink.fail_with(&AppError::token_expired()).await;
                    }
                    let row = match state.read(&id) {
                        Ok(row) => row,
                        Err(e) => return sink.fail_with(&e).await,
                    };
                    last_seq = last_seq.max(row.seq);
                    if sink.send(&ServerMessage::Preflight(row.preflight())).await.is_err() {
                        return;
                    }
                }
                Some(Ok(Message::Text(_))) => {
                    let error = ServerMessage::Error {
                        code: "unknown_message".into(),
                        message: "Only the text \"preflight\" is understood after auth.".into(),
                    };
                    if sink.send(&error).await.is_err() {
                        return;
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                Some(Ok(_)) => {}
                }
            },
            _ = heartbeat.tick() => {
                if auth.token_expires_at <= state.now() {
                    return sink.fail_with(&AppError::token_expired()).await;
                }
                // A ping through every proxy on the way keeps an idle socket from being cut.
                if sink.raw(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
        }
    }
}

async fn next_text<St, E>(stream: &mut St) -> Option<String>
where
    St: Stream<Item = Result<Message, E>> + Unpin,
{
    loop {
        match stream.next().await? {
            Ok(Message::Text(t)) => return Some(t.to_string()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

async fn send<Si: Sink<Message> + Unpin>(sink: &mut Si, msg: &ServerMessage) -> Result<(), ()> {
    let text = serde_json::to_string(msg).expect("plain data serialises");
    sink.send(Message::Text(text.into())).await.map_err(|_| ())
}

/// A message of the contract with its session's id beside `type` (an additive field: the
/// contract leaves extra fields open, and clients that do not know it ignore it).
#[derive(serde::Serialize)]
struct Stamped<'a> {
    session_id: &'a str,
    #[serde(flatten)]
    message: &'a ServerMessage,
}

/// The socket once its session is known: every message of the contract leaves stamped.
struct Stamping<Si> {
    sink: Si,
    session_id: String,
}

impl<Si: Sink<Message> + Unpin> Stamping<Si> {
    async fn send(&mut self, message: &ServerMessage) -> Result<(), ()> {
        let text = stamped(&self.session_id, message);
        self.raw(Message::Text(text.into())).await
    }

    /// Control frames, and fault injection's texts (sent as they are: they are the test).
    async fn raw(&mut self, message: Message) -> Result<(), ()> {
        self.sink.send(message).await.map_err(|_| ())
    }

    async fn fail_with(&mut self, e: &AppError) {
        self.fail(close_code(e), e.code, &e.message).await
    }

    async fn fail(&mut self, close_code: u16, code: &str, message: &str) {
        let error = ServerMessage::Error {
            code: code.to_owned(),
            message: message.to_owned(),
        };
        if self.send(&error).await.is_ok() {
            let _ = self.raw(close_frame(close_code, code)).await;
        }
    }
}

/// `message` as JSON text, naming `session_id`.
pub fn stamped(session_id: &str, message: &ServerMessage) -> String {
    serde_json::to_string(&Stamped {
        session_id,
        message,
    })
    .expect("plain data serialises")
}

fn close_frame(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.to_owned().into(),
    }))
}

fn close_code(e: &AppError) -> u16 {
    match e.status.as_u16() {
        401 => close::UNAUTHORIZED,
        403 => close::FORBIDDEN,
        _ => close::BAD_MESSAGE,
    }
}

/// Refuses a socket whose session is not known (no valid auth yet): unstamped.
async fn fail_with<Si: Sink<Message> + Unpin>(sink: &mut Si, e: &AppError) {
    fail(sink, close_code(e), e.code, &e.message).await
}

async fn fail<Si: Sink<Message> + Unpin>(
    sink: &mut Si,
    close_code: u16,
    code: &str,
    message: &str,
) {
    let error = ServerMessage::Error {
        code: code.to_owned(),
        message: message.to_owned(),
    };
    if send(sink, &error).await.is_ok() {
        let _ = sink.send(close_frame(close_code, code)).await;
    }
}
