use crate::components::{ScreenTitle, StepProgress};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// The consent decision, with the text the user agrees to. While the answer is being sent both
/// buttons are disabled; if sending failed, the message says so and offers a retry.
#[component]
pub fn Consent(
    step: u32,
    count: u32,
    #[prop(into)] sending: Signal<bool>,
    #[prop(into)] failed: Signal<bool>,
    on_accept: Callback<()>,
    on_reject: Callback<()>,
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="consent_screen" aria-busy=move || sending.get().to_string()>
            <StepProgress step count />
            <ScreenTitle text=t(Msg::ConsentTitle) />
            <div data-testid="consent-text">
                <p>{t(Msg::ConsentAgreeHeading)}</p>
                <ul class="consent-points">
                    <li>{t(Msg::ConsentPointPhotos)}</li>
                    <li>{t(Msg::ConsentPointData)}</li>
                    <li>{t(Msg::ConsentPointKeep)}</li>
                    <li>{t(Msg::ConsentPointRefuse)}</li>
                </ul>
            </div>
            <Show when=move || failed.get()>
                <div class="action-error" role="alert">
                    <p data-testid="action-error">{t(Msg::ActionFailed)}</p>
                    <button type="button" class="secondary" data-testid="retry" on:click=move |_| on_retry.run(())>
                        {t(Msg::Retry)}
                    </button>
                </div>
            </Show>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="consent-accept"
                    disabled=move || sending.get()
                    on:click=move |_| on_accept.run(())
                >
                    {t(Msg::ConsentAccept)}
                </button>
                <button
                    type="button"
                    class="secondary"
                    data-testid="consent-reject"
                    disabled=move || sending.get()
                    on:click=move |_| on_reject.run(())
                >
                    {t(Msg::ConsentReject)}
                </button>
            </div>
            <Show when=move || sending.get()>
                <p class="muted">{t(Msg::Sending)}</p>
            </Show>
        </section>
    }
}
