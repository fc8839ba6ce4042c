//! Deploy-time configuration, read from the page so that the built app needs no rebuild:
//! `<meta name="idv-api-origin" content="https://api.example.com">` in `index.html` sends the
//! app's platform calls and its websocket to that origin (docs/self-hosting.md). Empty or absent:
//! the page's own origin, as served by the sandbox.

use std::cell::OnceCell;

const META: &str = "meta[name=\"idv-api-origin\"]";

thread_local! {
    // Read once: the page's configuration does not change while it lives.
    static API_ORIGIN: OnceCell<String> = const { OnceCell::new() };
}

/// The platform's origin (`https://api.example.com`), or `""` for the page's own.
pub fn api_origin() -> String {
    API_ORIGIN.with(|o| o.get_or_init(read_api_origin).clone())
}

/// The URL of a platform path (`/v1/...`).
pub fn api_url(path: &str) -> String {
    format!("{}{path}", api_origin())
}

/// `ws://` or `wss://` for a platform path, on the configured origin or the page's own host,
/// matching its scheme.
pub fn socket_url(path: &str) -> Option<String> {
    let origin = match api_origin() {
        o if o.is_empty() => web_sys::window()?.location().origin().ok()?,
        o => o,
    };
    let (scheme, rest) = origin.split_once("://")?;
    let scheme = if scheme == "https" { "wss" } else { "ws" };
    Some(format!("{scheme}://{rest}{path}"))
}

fn read_api_origin() -> String {
    let content = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(META).ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default();
    let content = content.trim();
    if content.is_empty() {
        return String::new();
    }
    // The return-URL rule's schemes and hosts (https, or http on localhost in development), an
    // origin and nothing else: the same rule as the embedding host's origin.
    match idv_core::embed::host_origin(content) {
        Some(origin) => origin,
        None => {
            // The integrator's mistake, said where they will look; the page's own origin is
            // used instead, so the user gets the app's usual "cannot reach" screen at worst.
            web_sys::console::error_1(
                &format!(
                    "idv: <meta name=\"idv-api-origin\"> must be an https origin such as \
                     https://api.example.com (http only on localhost); ignoring {content:?}"
                )
                .into(),
            );
            String::new()
        }
    }
}
