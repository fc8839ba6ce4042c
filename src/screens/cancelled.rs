use crate::components::{ReturnNotice, ScreenTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn Cancelled(service: String, can_return: bool, on_return: Callback<()>) -> impl IntoView {
    view! {
        <section class="screen final" data-testid="screen" data-screen="cancel_screen">
            <ScreenTitle text=t(Msg::CancelTitle) />
            <p>{t(Msg::CancelBody)}</p>
            <ReturnNotice service can_return on_return />
        </section>
    }
}
