//! One-shot timers that need no Leptos (the first module has none): the timer is cleared when
//! its value is dropped, so an abandoned wait leaves nothing behind.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub struct Timeout {
    id: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Runs `f` in `ms` milliseconds, unless the value is dropped first.
    pub fn start(ms: u32, f: impl FnOnce() + 'static) -> Timeout {
        let mut f = Some(f);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()
        });
        Timeout {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(id), Some(window)) = (self.id, web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

/// Runs `f` once the next frame has been painted: work that must not delay what is on its way
/// to the screen.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let frame = Closure::once_into_js(move || {
        // A task queued from the frame callback runs after that frame's paint.
        std::mem::forget(Timeout::start(0, f));
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}
