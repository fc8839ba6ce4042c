//! Whether the browser says it is online: `navigator.onLine` and its `online`/`offline` events.
//! The browser can be wrong in one direction only (online behind a dead Wi-Fi), which failed
//! requests cover; when it says offline, it is.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// `navigator.onLine`; true when the browser cannot tell.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls back on every change (`false`: offline) until dropped.
pub struct NetworkWatch {
    on_online: Closure<dyn FnMut()>,
    on_offline: Closure<dyn FnMut()>,
}

impl NetworkWatch {
    pub fn start(on_change: impl Fn(bool) + 'static) -> NetworkWatch {
        let on_change = std::rc::Rc::new(on_change);
        let online = on_change.clone();
        let watch = NetworkWatch {
            on_online: Closure::new(move || online(true)),
            on_offline: Closure::new(move || on_change(false)),
        };
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback(
                "online",
                watch.on_online.as_ref().unchecked_ref(),
            );
            let _ = w.add_event_listener_with_callback(
                "offline",
                watch.on_offline.as_ref().unchecked_ref(),
            );
        }
        watch
    }
}

impl Drop for NetworkWatch {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "online",
                self.on_online.as_ref().unchecked_ref(),
            );
            let _ = w.remove_event_listener_with_callback(
                "offline",
                self.on_offline.as_ref().unchecked_ref(),
            );
        }
    }
}
