//! The journey's timers: at most one of each kind runs; starting one replaces the previous, and
//! dropping the set clears them all.

use idv_core::flow::Timer;
use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use std::collections::HashMap;
use std::time::Duration;

#[derive(Default)]
pub struct Timers {
    running: HashMap<Timer, TimeoutHandle>,
}

impl Timers {
    pub fn start(&mut self, timer: Timer, ms: u32, fire: impl FnOnce() + 'static) {
        self.cancel(timer);
        if let Ok(handle) = set_timeout_with_handle(fire, Duration::from_millis(ms.into())) {
            self.running.insert(timer, handle);
        }
    }

    pub fn cancel(&mut self, timer: Timer) {
        if let Some(handle) = self.running.remove(&timer) {
            handle.clear();
        }
    }

    /// Forgets a timer that has fired (its handle is spent).
    pub fn fired(&mut self, timer: Timer) {
        self.running.remove(&timer);
    }
}

impl Drop for Timers {
    fn drop(&mut self) {
        for (_, handle) in self.running.drain() {
            handle.clear();
        }
    }
}
