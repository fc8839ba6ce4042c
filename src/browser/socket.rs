//! The platform's websocket: authenticates in its first message (the token stays out of the
//! URL), turns frames into typed events, and detaches and closes itself when dropped, so a
//! socket the app let go of can never report into the journey again.

use idv_core::frame::{self, DropCounts};
use idv_core::handoff::PhonePresence;
use idv_core::{ClientMessage, Preflight, ServerMessage};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

pub const PATH: &str = "/v1/client/ws";

thread_local! {
    /// Frames dropped by every socket of this page, by reason, for diagnostics.
    static DROPPED: Cell<DropCounts> = Cell::new(DropCounts::default());
}

/// Counts a dropped frame, says why in the console (never what it held), and shows the counts on
/// the page's root element as `data-socket-dropped` (docs/test-hooks.md).
fn count_drop(reason: frame::Dropped) {
    let counts = DROPPED.with(|d| {
        let mut c = d.get();
        c.record(reason);
        d.set(c);
        c
    });
    web_sys::console::warn_1(&format!("idv: websocket frame dropped ({})", reason.code()).into());
    let summary = format!(
        "oversized:{} malformed:{} unknown_type:{} foreign_session:{}",
        counts.oversized, counts.malformed, counts.unknown_type, counts.foreign_session
    );
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-socket-dropped", &summary);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    Opened,
    Preflight(Preflight),
    /// Whether the phone of a desktop-to-phone handoff is there.
    Phone(PhonePresence),
    /// `reason` is the platform's error code sent before the close, if any.
    Closed {
        code: u16,
        reason: Option<String>,
    },
}

pub struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    /// Closes the socket when the page is left: a page kept in the back-forward cache would
    /// otherwise keep it open, and the platform (a desktop following its phone) would think
    /// the user is still here. A page restored from that cache reconnects as after any close.
    _on_pagehide: Option<super::dom::Listener>,
}

impl Socket {
    /// Connects to the page's own origin. Failing to even start (a malformed URL, a blocked
    /// scheme) is an error value; the caller treats it as a closed socket.
    pub fn open(
        token: &str,
        session_id: &str,
        on_event: impl Fn(SocketEvent) + 'static,
    ) -> Result<Socket, String> {
        let url = super::config::socket_url(PATH).ok_or("no page origin")?;
        let ws = WebSocket::new(&url).map_err(|e| format!("{e:?}"))?;
        let on_event = Rc::new(on_event);
        let last_error: Rc<RefCell<Option<String>>> = Rc::default();

        let auth = serde_json::to_string(&ClientMessage::Auth {
            token: token.to_owned(),
        })
        .unwrap_or_default();
        let on_open = {
            let (ws, on_event) = (ws.clone(), on_event.clone());
            Closure::<dyn FnMut()>::new(move || {
                if ws.send_with_str(&auth).is_ok() {
                    on_event(SocketEvent::Opened);
                }
            })
        };
        let on_message = {
            let (on_event, last_error) = (on_event.clone(), last_error.clone());
            let session_id = session_id.to_owned();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                // Binary frames are no message of the contract either.
                let Some(text) = e.data().as_string() else {
                    return count_drop(frame::Dropped::Malformed);
                };
                // Anything that is not a message of the contract is dropped, never a panic.
                match frame::decode(&text, &session_id) {
                    Ok(ServerMessage::Preflight(p)) => on_event(SocketEvent::Preflight(p)),
                    Ok(ServerMessage::Error { code, .. }) => *last_error.borrow_mut() = Some(code),
                    Ok(ServerMessage::Handoff { phone }) => on_event(SocketEvent::Phone(phone)),
                    Err(reason) => count_drop(reason),
                }
            })
        };
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            let reason = last_error
                .borrow_mut()
                .take()
                .or_else(|| Some(e.reason()).filter(|r| !r.is_empty()));
            on_event(SocketEvent::Closed {
                code: e.code(),
                reason,
            });
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let on_pagehide = web_sys::window().and_then(|window| {
            let ws = ws.clone();
            super::dom::Listener::new(&window, "pagehide", move |_| {
                // Only 1000 or 3000-4999 may be sent by a page (1001 throws).
                let _ = ws.close_with_code(1000);
            })
        });
        Ok(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
            _on_pagehide: on_pagehide,
        })
    }

    pub fn send_text(&self, text: &str) {
        // A send on a closing socket fails silently; the close event follows and is handled.
        let _ = self.ws.send_with_str(text);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}
