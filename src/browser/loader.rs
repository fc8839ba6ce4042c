//! Fetching and starting the journey module (`idv-journey.js` and its wasm, beside this
//! module's files in `dist/`) from the first module.
//!
//! A dynamic `import()` has no web-sys binding, hence the few lines of JavaScript below.
//! wasm-bindgen writes them to a file of their own (`snippets/…/inline0.js`) that this module's
//! glue imports, so the page's `script-src 'self'` allows them: nothing runs inline.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
const base = new URL('../../', import.meta.url);
export function journey_url(file) { return new URL(file, base).href; }
export async function start_journey(attempt, handover) {
  // A module whose fetch failed stays failed for this page: a retry asks for another URL.
  const js = journey_url('idv-journey.js') + (attempt > 0 ? '?attempt=' + attempt : '');
  const m = await import(js);
  await m.default({ module_or_path: journey_url('idv-journey_bg.wasm') });
  m.start(handover);
}
"#)]
extern "C" {
    fn journey_url(file: &str) -> String;
    fn start_journey(attempt: u32, handover: &str) -> js_sys::Promise;
}

/// Asks the browser to fetch the journey module now, at low cost to the page: it is parsed
/// and compiled only when started. Called once the first screen is up.
pub fn prefetch() {
    let Some(document) = super::dom::document() else {
        return;
    };
    let Some(head) = document.head() else {
        return;
    };
    let links: [&[(&str, &str)]; 2] = [
        &[("rel", "modulepreload")],
        // `crossorigin`, like the `fetch` that will ask for it, or the preload goes unused.
        &[
            ("rel", "preload"),
            ("as", "fetch"),
            ("type", "application/wasm"),
            ("crossorigin", ""),
        ],
    ];
    for (attrs, file) in links
        .into_iter()
        .zip(["idv-journey.js", "idv-journey_bg.wasm"])
    {
        let href = journey_url(file);
        let mut all = attrs.to_vec();
        all.push(("href", &href));
        if let Some(link) = super::dom::el(&document, "link", &all, None) {
            let _ = head.append_child(&link);
        }
    }
}

/// Fetches (or takes from the prefetch) the journey module and starts it with `handover`
/// (`entry::Handover` as JSON). `attempt` counts the earlier failures. `Err` when the module
/// could not be fetched or instantiated.
pub async fn start(attempt: u32, handover: &str) -> Result<(), JsValue> {
    JsFuture::from(start_journey(attempt, handover))
        .await
        .map(|_| ())
}
