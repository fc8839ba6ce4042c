use crate::components::{ScreenTitle, StepProgress};
use crate::i18n::{nfc_app, nfc_waiting, t, Msg};
use leptos::prelude::*;

/// `nfc_capture_screen`: a browser cannot read the chip. The screen says so plainly and keeps
/// listening: the journey engine asks the platform again after each of the screen's waits, so
/// a platform that skips this step moves the user on by itself; "check again" asks at once.
/// `handoff`, when given, is offered first as the way forward (continuing on a phone).
#[component]
pub fn Nfc(
    step: u32,
    count: u32,
    service: String,
    on_check_again: Callback<()>,
    #[prop(optional, into)] handoff: Option<ViewFn>,
) -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="nfc_capture_screen">
            <StepProgress step count />
            <ScreenTitle text=t(Msg::NfcTitle) />
            <p>{t(Msg::NfcBody)}</p>
            <div class="waiting" role="status" data-testid="nfc-waiting">
                <div class="spinner small" aria-hidden="true"></div>
                <p>{nfc_waiting(&service)}</p>
            </div>
            <h2>{t(Msg::NfcWaysHeading)}</h2>
            {handoff.map(|h| h.run())}
            <p>{nfc_app(&service)}</p>
            <button type="button" class="secondary" data-testid="check-again" on:click=move |_| on_check_again.run(())>
                {t(Msg::CheckAgain)}
            </button>
        </section>
    }
}
