//! Building the DOM by hand, for what must not need Leptos: the first module's screens (which
//! are downloaded before Leptos is) and the crash screen (drawn after the app has died).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// `<tag name="value"...>text</tag>`. `None` only when the browser refuses, which valid tag
/// and attribute names never make it do.
pub fn el(
    document: &Document,
    tag: &str,
    attrs: &[(&str, &str)],
    text: Option<&str>,
) -> Option<Element> {
    let e = document.create_element(tag).ok()?;
    for (name, value) in attrs {
        e.set_attribute(name, value).ok()?;
    }
    if text.is_some() {
        e.set_text_content(text);
    }
    Some(e)
}

pub fn append(parent: &Element, children: &[&Element]) -> Option<()> {
    for child in children {
        parent.append_child(child).ok()?;
    }
    Some(())
}

/// A listener on `target`, removed when the returned value is dropped: a screen that goes away
/// takes its handlers with it.
pub struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub fn new(
        target: &web_sys::EventTarget,
        kind: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Listener> {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        target
            .add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target: target.clone(),
            kind,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}

/// Moves focus to a new screen's heading, unless the user is in the page's banner (the
/// language switcher): a language switch redraws the screen, and a keyboard user browsing
/// languages with the arrow keys must not be thrown out of the switcher.
pub fn focus_heading(heading: &Element) {
    if super::page::focus_in_banner() {
        return;
    }
    if let Some(heading) = heading.dyn_ref::<web_sys::HtmlElement>() {
        let _ = heading.focus();
    }
}
