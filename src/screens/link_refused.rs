use crate::components::ScreenTitle;
use crate::i18n::{new_link_from, return_now, t, Msg};
use idv_core::flow::LinkProblem;
use leptos::prelude::*;

/// The token was refused. Only the integrator can issue a new link, so the way forward is to
/// go back to it; its name is used when the session was read before the token failed, and its
/// return URL (one the return-URL rule accepted) is offered as a link.
#[component]
pub fn LinkRefused(
    problem: LinkProblem,
    service: Option<String>,
    #[prop(default = None)] return_url: Option<String>,
) -> impl IntoView {
    let (title, body) = match problem {
        LinkProblem::TokenExpired => (Msg::ExpiredTitle, Msg::ExpiredBody),
        LinkProblem::InvalidToken => (Msg::InvalidTitle, Msg::InvalidBody),
    };
    let service = service.unwrap_or_else(|| t(Msg::UnknownService).to_owned());
    view! {
        <section class="screen" data-testid="screen" data-screen="expired_link" data-reason=problem.code()>
            <ScreenTitle text=t(title) />
            <p>{t(body)}</p>
            <p>{new_link_from(&service)}</p>
            {return_url.map(|href| view! {
                <a class="primary" href=href rel="noreferrer" data-testid="return-link">
                    {return_now(&service)}
                </a>
            })}
        </section>
    }
}
