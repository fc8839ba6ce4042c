//! The app inside an integrator's `<iframe>`: events to the host page by `postMessage`, only to
//! the origin the host named (`embed_origin` in the start link; `idv_core::embed::host_origin`
//! checks it), and commands only from that origin and that window. Outside a frame, or without
//! a valid origin, nothing is posted and nothing is listened to.

use idv_core::embed::{self, EmbedEvent, HostCommand};
use js_sys::{Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Window};

/// Where the host's origin is kept for the tab's life: a reload inside the frame loses the
/// start link's query (it is scrubbed at once), not the host.
const KEY: &str = "idv.embed_origin";

/// Reads `embed_origin` from the start link before the address is scrubbed, and keeps it.
pub fn remember_origin() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let origin = window
        .location()
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new(&href).ok())
        .and_then(|url| url.search_params().get("embed_origin"))
        .and_then(|raw| embed::host_origin(&raw));
    if let (Some(origin), Ok(Some(storage))) = (origin, window.session_storage()) {
        let _ = storage.set_item(KEY, &origin);
    }
}

/// Posts one event to the host, when the app is framed and was told its host: for a part of
/// the app other than the journey (a camera screen refused the camera), which holds no
/// [`Embed`].
pub fn tell_host(event: &EmbedEvent) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    if parent == window {
        return;
    }
    let origin = window
        .session_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(KEY).ok().flatten());
    if let Some(origin) = origin {
        post_to(&parent, &origin, event);
    }
}

fn post_to(parent: &Window, origin: &str, event: &EmbedEvent) {
    let Ok(text) = serde_json::to_string(&event.envelope()) else {
        return;
    };
    if let Ok(message) = JSON::parse(&text) {
        let _ = parent.post_message(&message, origin);
    }
}

pub struct Embed {
    parent: Window,
    origin: String,
    on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Embed {
    /// Starts talking to the host, if there is one; `on_command` gets the host's commands.
    pub fn start(on_command: impl Fn(HostCommand) + 'static) -> Option<Embed> {
        let window = web_sys::window()?;
        let parent = window.parent().ok()??;
        if parent == window {
            return None;
        }
        let origin = window.session_storage().ok()??.get_item(KEY).ok()??;
        let on_message = {
            let (origin, parent) = (origin.clone(), parent.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                // Only the host window itself, from its origin: not another frame of the page,
                // not a page that merely knows our origin.
                // Identity, not `instanceof Window`: that is false for a window of another
                // origin.
                let from_parent = e
                    .source()
                    .is_some_and(|s| js_sys::Object::is(s.as_ref(), parent.as_ref()));
                if !from_parent {
                    return;
                }
                let data = e.data();
                let field = |name: &str| Reflect::get(&data, &name.into()).ok();
                let source = field("source")
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                let version = field("version").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
                let kind = field("type")
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                if let Some(command) =
                    embed::host_command(&e.origin(), &origin, &source, version, &kind)
                {
                    on_command(command);
                }
            })
        };
        window
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref())
            .ok()?;
        Some(Embed {
            parent,
            origin,
            on_message,
        })
    }

    pub fn post(&self, event: &EmbedEvent) {
        post_to(&self.parent, &self.origin, event);
    }

    /// The host's `close`: says goodbye, then leaves the page, which stops any camera and every
    /// timer at once.
    pub fn close_page(&self) {
        self.post(&EmbedEvent::Closed);
        super::location::replace("about:blank");
    }

    /// The page's height and text direction, for the host to size the frame. Called a frame
    /// after a screen change, once the new screen is laid out.
    pub fn post_layout(&self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let height = document
            .document_element()
            .map_or(0, |e| e.scroll_height().max(0) as u32);
        let dir = document
            .document_element()
            .and_then(|e| e.get_attribute("dir"))
            .unwrap_or_else(|| "ltr".into());
        self.post(&EmbedEvent::Layout { height, dir });
    }
}

impl Drop for Embed {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "message",
                self.on_message.as_ref().unchecked_ref(),
            );
        }
    }
}
