use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// `/capture?url=` with a URL that is not this app's own start link: neither followed nor
/// turned into a QR code.
#[component]
pub fn CaptureRefused() -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="capture_refused">
            <ScreenTitle text=t(Msg::CaptureRefusedTitle) />
            <p>{t(Msg::CaptureRefusedBody)}</p>
        </section>
    }
}
