use crate::components::ScreenTitle;
use crate::i18n::{step_name, t, welcome_intro, Msg};
use idv_core::ClientSession;
use leptos::prelude::*;

#[component]
pub fn Welcome(session: ClientSession, on_start: Callback<()>) -> impl IntoView {
    let intro = match session.branding.name.trim() {
        "" => t(Msg::WelcomeIntro).to_string(),
        service => welcome_intro(service),
    };
    let steps = session
        .steps
        .iter()
        .map(|step| {
            view! {
                <li data-testid="step" data-step=step.name()>
                    {step_name(*step)}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="screen" data-testid="screen" data-screen="welcome">
            <ScreenTitle text=t(Msg::WelcomeTitle) />
            <p>{intro}</p>
            <h2>{t(Msg::WelcomeStepsHeading)}</h2>
            <ol class="steps" data-testid="steps">
                {steps}
            </ol>
            <button type="button" class="primary" data-testid="welcome-start" on:click=move |_| on_start.run(())>
                {t(Msg::WelcomeStart)}
            </button>
            <dl class="session-ref">
                <dt>{t(Msg::WelcomeSessionLabel)}</dt>
                <dd data-testid="session-id">{session.session_id}</dd>
            </dl>
        </section>
    }
}
