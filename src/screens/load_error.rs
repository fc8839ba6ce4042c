use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use idv_core::flow::LoadProblem;
use leptos::prelude::*;

/// Loading failed in a way trying again may fix.
#[component]
pub fn LoadError(problem: LoadProblem, on_retry: Callback<()>) -> impl IntoView {
    let (title, body) = match problem {
        LoadProblem::Unreachable => (Msg::UnreachableTitle, Msg::UnreachableBody),
        LoadProblem::Unexpected => (Msg::UnexpectedTitle, Msg::UnexpectedBody),
    };
    view! {
        <section class="screen" data-testid="screen" data-screen="load_error" data-error=problem.code()>
            <ScreenTitle text=t(title) />
            <p>{t(body)}</p>
            <button type="button" class="primary" data-testid="retry" on:click=move |_| on_retry.run(())>
                {t(Msg::Retry)}
            </button>
        </section>
    }
}
