//! The page itself: its `<html>` language and direction, its title, the browser's preferred
//! languages, and the theme's custom properties on the root element.

fn root() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .document_element()?
        .dyn_into()
        .ok()
}

/// `lang` and `dir` on `<html>`, so screen readers pick the right voice and the layout's
/// logical properties mirror; and the tab's title in that language.
pub fn set_language(code: &str, dir: &str, title: &str) {
    if let Some(root) = root() {
        let _ = root.set_attribute("lang", code);
        let _ = root.set_attribute("dir", dir);
    }
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// `navigator.languages`, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Sets (or with `None`, removes) a custom property on `<html>` through the CSSOM. Under
/// `style-src 'self'` a `style` attribute would be refused, but the CSSOM is script, not markup,
/// and the policy allows it. Callers pass only validated values.
pub fn set_property(name: &str, value: Option<&str>) {
    let Some(style) = root().map(|r| r.style()) else {
        return;
    };
    let _ = match value {
        Some(value) => style.set_property(name, value),
        None => style.remove_property(name).map(|_| ()),
    };
}

/// Whether focus is in the page's banner (the language switcher).
pub fn focus_in_banner() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.closest("header.topbar").ok().flatten())
        .is_some()
}

/// Milliseconds since the epoch of an RFC 3339 time, by the browser's own parser.
pub fn time_ms(rfc3339: &str) -> Option<f64> {
    Some(js_sys::Date::parse(rfc3339)).filter(|t| t.is_finite())
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A named instant on the page's performance timeline, for the benchmarks and the size test to
/// find (`performance.getEntriesByName`).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
