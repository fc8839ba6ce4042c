use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use idv_core::handoff::HandoffRefusal;
use leptos::prelude::*;

/// The phone opened a QR code's link that was used, replaced or expired. The computer that
/// showed it can show a new one; nothing on this phone can help.
#[component]
pub fn HandoffRefused(refusal: HandoffRefusal) -> impl IntoView {
    let title = match refusal {
        HandoffRefusal::Used => Msg::HandoffUsedTitle,
        HandoffRefusal::Expired => Msg::HandoffExpiredTitle,
        HandoffRefusal::Replaced => Msg::HandoffReplacedTitle,
    };
    view! {
        <section class="screen" data-testid="screen" data-screen="handoff_link_refused" data-reason=refusal.code()>
            <ScreenTitle text=t(title) />
            <p>{t(Msg::HandoffRefusedBody)}</p>
        </section>
    }
}
