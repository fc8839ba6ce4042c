mod api;
mod app;
mod browser;
mod components;
mod document;
mod entry;
mod handoff;
mod i18n;
mod journey;
mod liveness;
mod screens;
mod theme;
mod verification;

fn main() {
    browser::crash::install();
    // Before the app scrubs the start link from the address bar.
    browser::embed::remember_origin();
    leptos::mount::mount_to_body(app::App);
}
