//! The welcome screen: what the verification is for, the steps ahead, and "start".
//!
//! Built with plain DOM calls, not Leptos: it is the first screen, drawn by the first module
//! (src/shell) before the Leptos journey module is fetched (issue 10's size budget). When the
//! journey itself reaches the welcome (it started after a failure, or from a handoff), it draws
//! the same element through `WelcomeView`.

use crate::browser::dom::{self, append, el, Listener};
use crate::i18n::{fill, step_msg, Msg};
#[cfg(feature = "journey")]
use idv_core::ClientSession;
use idv_core::Step;
#[cfg(feature = "journey")]
use leptos::prelude::*;
use web_sys::{Document, Element};

/// The welcome's texts in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WelcomeText {
    title: &'static str,
    intro: String,
    steps_heading: &'static str,
    /// Each step's `data-step` name and text.
    steps: Vec<(&'static str, &'static str)>,
    start: &'static str,
    session_label: &'static str,
    session_id: String,
    load_failed: &'static str,
}

impl WelcomeText {
    /// The texts for a session (its id, the integrator's name, its steps), with `text` giving
    /// each message in the language on display.
    pub fn new(
        session_id: &str,
        service: &str,
        steps: &[Step],
        text: impl Fn(Msg) -> &'static str,
    ) -> WelcomeText {
        let intro = match service.trim() {
            "" => text(Msg::WelcomeIntro).to_owned(),
            service => fill(text(Msg::WelcomeIntroService), &[("service", service)]),
        };
        WelcomeText {
            title: text(Msg::WelcomeTitle),
            intro,
            steps_heading: text(Msg::WelcomeStepsHeading),
            steps: steps
                .iter()
                .map(|step| (step.name(), text(step_msg(*step))))
                .collect(),
            start: text(Msg::WelcomeStart),
            session_label: text(Msg::WelcomeSessionLabel),
            session_id: session_id.to_owned(),
            load_failed: text(Msg::UnreachableBody),
        }
    }
}

/// The screen, drawn; its click handler lives as long as this value.
pub struct Welcome {
    pub root: Element,
    heading: Element,
    start: Element,
    error: Element,
    _on_start: Listener,
}

impl Welcome {
    pub fn build(
        document: &Document,
        text: &WelcomeText,
        on_start: impl Fn() + 'static,
    ) -> Option<Welcome> {
        let e = |tag: &str, attrs: &[(&str, &str)], content: Option<&str>| {
            el(document, tag, attrs, content)
        };
        let root = e(
            "section",
            &[
                ("class", "screen"),
                ("data-testid", "screen"),
                ("data-screen", "welcome"),
            ],
            None,
        )?;
        let heading = e("h1", &[("tabindex", "-1")], Some(text.title))?;
        let steps = e("ol", &[("class", "steps"), ("data-testid", "steps")], None)?;
        for (name, label) in &text.steps {
            let item = e(
                "li",
                &[("data-testid", "step"), ("data-step", name)],
                Some(label),
            )?;
            append(&steps, &[&item])?;
        }
        let start = e(
            "button",
            &[
                ("type", "button"),
                ("class", "primary"),
                ("data-testid", "welcome-start"),
            ],
            Some(text.start),
        )?;
        // Empty until the journey cannot be fetched; an alert, so it is read out when it fills.
        let error = e(
            "p",
            &[
                ("class", "field-error"),
                ("role", "alert"),
                ("data-testid", "welcome-error"),
            ],
            None,
        )?;
        let session = e("dl", &[("class", "session-ref")], None)?;
        append(
            &session,
            &[
                &e("dt", &[], Some(text.session_label))?,
                &e(
                    "dd",
                    &[("data-testid", "session-id")],
                    Some(&text.session_id),
                )?,
            ],
        )?;
        append(
            &root,
            &[
                &heading,
                &e("p", &[], Some(&text.intro))?,
                &e("h2", &[], Some(text.steps_heading))?,
                &steps,
                &start,
                &error,
                &session,
            ],
        )?;
        let on_start = Listener::new(&start, "click", move |_| on_start())?;
        Some(Welcome {
            root,
            heading,
            start,
            error,
            _on_start: on_start,
        })
    }

    pub fn focus_heading(&self) {
        dom::focus_heading(&self.heading);
    }

    /// While the journey is being fetched after "start": the button says it is busy, and a
    /// failure from an earlier press is cleared.
    pub fn set_busy(&self, busy: bool) {
        let _ = self
            .start
            .set_attribute("aria-busy", if busy { "true" } else { "false" });
        if busy {
            self.error.set_text_content(None);
        }
    }

    /// The journey could not be fetched: say so; "start" stays, to try again.
    pub fn show_load_failed(&self, text: &WelcomeText) {
        self.set_busy(false);
        self.error.set_text_content(Some(text.load_failed));
    }
}

/// The welcome drawn inside the journey module's page (see the module's comment).
#[cfg(feature = "journey")]
#[component]
pub fn WelcomeView(session: ClientSession, on_start: Callback<()>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let text = WelcomeText::new(
        &session.session_id,
        &session.branding.name,
        &session.steps,
        crate::i18n::t,
    );
    let shown = StoredValue::new_local(None::<Welcome>);
    Effect::new(move |_| {
        let (Some(host), Some(document)) = (host.get(), dom::document()) else {
            return;
        };
        if let Some(welcome) = Welcome::build(&document, &text, move || on_start.run(())) {
            let _ = host.append_child(&welcome.root);
            welcome.focus_heading();
            shown.set_value(Some(welcome));
        }
    });
    view! { <div class="contents" node_ref=host></div> }
}
