use crate::components::{ScreenTitle, StepProgress};
use crate::i18n::{t, Msg};
use idv_core::Screen;
use leptos::prelude::*;

/// A step of the journey this version cannot do yet. It keeps the platform's screen name, so
/// the journey's position stays visible to tests and analytics, and keeps listening: if the
/// platform moves on, so does the app.
#[component]
pub fn StepPending(
    screen: Screen,
    step: u32,
    count: u32,
    on_check_again: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen=screen.name().to_owned()>
            <StepProgress step count />
            <ScreenTitle text=t(Msg::PendingTitle) />
            <p>{t(Msg::PendingBody)}</p>
            <button type="button" class="secondary" data-testid="check-again" on:click=move |_| on_check_again.run(())>
                {t(Msg::CheckAgain)}
            </button>
        </section>
    }
}
