use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn NoSession() -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="no_session">
            <ScreenTitle text=t(Msg::NoSessionTitle) />
            <p>{t(Msg::NoSessionBody)}</p>
            <p>{t(Msg::NoSessionHint)}</p>
        </section>
    }
}
