use crate::components::{ReturnNotice, ScreenTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn Completed(service: String, can_return: bool, on_return: Callback<()>) -> impl IntoView {
    view! {
        <section class="screen final" data-testid="screen" data-screen="completed_screen">
            <ScreenTitle text=t(Msg::CompletedTitle) />
            <p>{t(Msg::CompletedBody)}</p>
            <ReturnNotice service can_return on_return />
        </section>
    }
}
