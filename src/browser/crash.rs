//! What the user sees when the app panics: a plain "something went wrong — reload" screen,
//! written straight into the DOM. The release build aborts on panic, so nothing of the app runs
//! after the hook: the screen must not need the reactive system, an event handler or any other
//! code of the app, only a link that reloads the page (the tab's storage resumes the session).

use crate::i18n::{text, Msg};
use idv_core::locale::Lang;
use web_sys::{Document, Element};

/// The session-storage key of the test-only panic trigger (docs/test-hooks.md). Nothing in the
/// app writes it; a test sets it before the page loads.
pub const TEST_PANIC_KEY: &str = "idv.test.panic-on-screen";

/// Logs panics to the console, as `console_error_panic_hook` does, then shows the crash screen.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

/// The screen name on which a test asked the app to panic, if it did.
pub fn test_trigger() -> Option<String> {
    web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(TEST_PANIC_KEY)
        .ok()?
        .filter(|s| !s.is_empty())
}

fn show() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Some(document), Ok(href)) = (window.document(), window.location().href()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    // After the first panic, what is left of the app may panic again (a timer or a handler
    // running into state the abort left behind): the screen already shown stays, the same
    // element, rather than being drawn anew under a user's (or a test's) hand.
    if document
        .query_selector("[data-screen=\"crashed\"]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    // The language on display, read from the page rather than the app's signals: the panic may
    // have happened inside the reactive system.
    let lang = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::En);
    let Some(screen) = build(&document, lang, &href) else {
        return;
    };
    body.set_text_content(None);
    let _ = body.append_child(&screen);
}

fn build(document: &Document, lang: Lang, href: &str) -> Option<Element> {
    let el = |tag: &str, attrs: &[(&str, &str)], text: Option<&str>| {
        super::dom::el(document, tag, attrs, text)
    };
    let main = el("main", &[("class", "app")], None)?;
    let section = el(
        "section",
        &[
            ("class", "screen"),
            ("role", "alert"),
            ("data-testid", "screen"),
            ("data-screen", "crashed"),
        ],
        None,
    )?;
    let title = el("h1", &[], Some(text(lang, Msg::CrashTitle)))?;
    let body = el("p", &[], Some(text(lang, Msg::CrashBody)))?;
    let reload = el(
        "a",
        &[
            ("class", "button primary"),
            ("href", href),
            ("data-testid", "reload"),
        ],
        Some(text(lang, Msg::CrashReload)),
    )?;
    for child in [&title, &body, &reload] {
        section.append_child(child).ok()?;
    }
    main.append_child(&section).ok()?;
    Some(main)
}
