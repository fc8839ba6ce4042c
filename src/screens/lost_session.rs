use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// `/mobile` without a link and nothing to resume in this tab (a copied address, a new tab).
#[component]
pub fn LostSession() -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="lost_session">
            <ScreenTitle text=t(Msg::LostTitle) />
            <p>{t(Msg::LostBody)}</p>
            <p>{t(Msg::NoSessionHint)}</p>
        </section>
    }
}
