use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <section class="screen" data-testid="screen" data-screen="loading" aria-busy="true">
            <ScreenTitle text=t(Msg::LoadingTitle) />
            <p>{t(Msg::LoadingBody)}</p>
            <div class="spinner" aria-hidden="true"></div>
        </section>
    }
}
