//! Presentational pieces shared by screens.

use leptos::html::H1;
use leptos::prelude::*;

/// The one `h1` of a screen. It takes focus when the screen appears, so keyboard and screen
/// reader users start reading at the new screen's title instead of wherever focus was left.
#[component]
pub fn ScreenTitle(text: &'static str) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {text}
        </h1>
    }
}
