//! The browser app, built as two WebAssembly modules from this one library:
//!
//! - the **first module** (`src/main.rs`, `shell`): small, no Leptos and no reactive system. It
//!   takes the token out of the address bar, reads the session and draws the welcome screen,
//!   then fetches the journey in idle time and hands over when the user starts. It is all the
//!   first screen downloads (issue 10's budget).
//! - the **journey module** (`src/bin/idv-journey.rs`): the Leptos app with every other screen,
//!   started by the first module through `run_journey`.

// The first module is built without the `journey` feature and uses only part of what is left.
#![cfg_attr(not(feature = "journey"), allow(dead_code, unused_imports))]

mod api;
#[cfg(feature = "journey")]
mod app;
mod browser;
mod card;
#[cfg(feature = "journey")]
mod components;
#[cfg(feature = "journey")]
mod document;
mod entry;
#[cfg(feature = "journey")]
mod handoff;
mod i18n;
#[cfg(feature = "journey")]
mod journey;
#[cfg(feature = "journey")]
mod liveness;
mod screens;
mod shell;
mod theme;
#[cfg(feature = "journey")]
mod verification;

pub use shell::run as run_first_module;

/// Starts the journey module where the first module left off: `handover` is its
/// `entry::Handover` as JSON (the address bar being scrubbed already).
#[cfg(feature = "journey")]
pub fn run_journey(handover: &str) {
    browser::crash::install();
    let handover: entry::Handover = serde_json::from_str(handover).unwrap_or_default();
    shell::remove_first_screen();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App handover /> });
}
