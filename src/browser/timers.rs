//! The journey's timers (and the desktop handoff's): at most one of each kind runs; starting one
//! replaces the previous, and dropping the set clears them all.

use idv_core::flow::Timer;
use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use std::collections::HashMap;
use std::hash::Hash;
use std::time::Duration;

pub struct Timers<K = Timer> {
    running: HashMap<K, TimeoutHandle>,
}

impl<K> Default for Timers<K> {
    fn default() -> Self {
        Timers {
            running: HashMap::new(),
        }
    }
}

impl<K: Copy + Eq + Hash> Timers<K> {
    pub fn start(&mut self, timer: K, ms: u32, fire: impl FnOnce() + 'static) {
        self.cancel(timer);
        if let Ok(handle) = set_timeout_with_handle(fire, Duration::from_millis(ms.into())) {
            self.running.insert(timer, handle);
        }
    }

    pub fn cancel(&mut self, timer: K) {
        if let Some(handle) = self.running.remove(&timer) {
            handle.clear();
        }
    }

    /// Forgets a timer that has fired (its handle is spent).
    pub fn fired(&mut self, timer: K) {
        self.running.remove(&timer);
    }
}

impl<K> Drop for Timers<K> {
    fn drop(&mut self) {
        for (_, handle) in self.running.drain() {
            handle.clear();
        }
    }
}
