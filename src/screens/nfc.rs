use crate::components::{ScreenTitle, StepProgress};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// `nfc_capture_screen`: a browser cannot read the chip. The screen says so plainly and keeps
/// listening: the journey engine asks the platform again after the screen's wait, so a platform
/// that skips this step moves the user on by itself.
#[component]
pub fn Nfc(step: u32, count: u32, on_check_again: Callback<()>) -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="nfc_capture_screen">
            <StepProgress step count />
            <ScreenTitle text=t(Msg::NfcTitle) />
            <p>{t(Msg::NfcBody)}</p>
            <p>{t(Msg::NfcPhone)}</p>
            <button type="button" class="secondary" data-testid="check-again" on:click=move |_| on_check_again.run(())>
                {t(Msg::CheckAgain)}
            </button>
        </section>
    }
}
