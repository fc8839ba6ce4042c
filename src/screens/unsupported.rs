use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// The platform asked for a screen this version does not know. The name is kept for support
/// and tests; the user can ask again, and a push moves the journey on by itself.
#[component]
pub fn Unsupported(name: String, on_check_again: Callback<()>) -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="unsupported_screen" data-unknown-screen=name>
            <ScreenTitle text=t(Msg::UnsupportedTitle) />
            <p>{t(Msg::UnsupportedBody)}</p>
            <button type="button" class="primary" data-testid="check-again" on:click=move |_| on_check_again.run(())>
                {t(Msg::CheckAgain)}
            </button>
        </section>
    }
}
