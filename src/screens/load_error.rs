use crate::api::CallError;
use crate::components::ScreenTitle;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// Why the session could not be shown, in the terms the user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadFailure {
    /// Expired, revoked or malformed link: only a new link helps.
    LinkInvalid,
    /// No answer from the platform: trying again may help.
    Unreachable,
    /// The platform answered something the app does not expect.
    Unexpected,
}

impl LoadFailure {
    /// A stable name for tests and logs (`data-error`).
    pub fn code(self) -> &'static str {
        match self {
            LoadFailure::LinkInvalid => "link_invalid",
            LoadFailure::Unreachable => "unreachable",
            LoadFailure::Unexpected => "unexpected",
        }
    }

    pub fn can_retry(self) -> bool {
        !matches!(self, LoadFailure::LinkInvalid)
    }

    pub fn title(self) -> &'static str {
        t(match self {
            LoadFailure::LinkInvalid => Msg::LinkInvalidTitle,
            LoadFailure::Unreachable => Msg::UnreachableTitle,
            LoadFailure::Unexpected => Msg::UnexpectedTitle,
        })
    }

    fn body(self) -> &'static str {
        t(match self {
            LoadFailure::LinkInvalid => Msg::LinkInvalidBody,
            LoadFailure::Unreachable => Msg::UnreachableBody,
            LoadFailure::Unexpected => Msg::UnexpectedBody,
        })
    }
}

#[component]
pub fn LoadError(failure: LoadFailure, on_retry: Option<Callback<()>>) -> impl IntoView {
    let retry = on_retry.filter(|_| failure.can_retry()).map(|on_retry| {
        view! {
            <button type="button" class="primary" data-testid="retry" on:click=move |_| on_retry.run(())>
                {t(Msg::Retry)}
            </button>
        }
    });
    view! {
        <section class="screen" data-testid="screen-load-error" data-error=failure.code()>
            <ScreenTitle text=failure.title() />
            <p>{failure.body()}</p>
            {retry}
        </section>
    }
}

impl From<&CallError> for LoadFailure {
    fn from(error: &CallError) -> LoadFailure {
        match error {
            CallError::Unauthorized { .. } => LoadFailure::LinkInvalid,
            CallError::Network(_) | CallError::Timeout(_) | CallError::Server { .. } => {
                LoadFailure::Unreachable
            }
            CallError::Rejected { .. } | CallError::Decode(_) => LoadFailure::Unexpected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_tokens_need_a_new_link_and_outages_a_retry() {
        let expired =
            CallError::from_answer(401, r#"{"error":{"code":"token_expired","message":""}}"#);
        assert_eq!(LoadFailure::from(&expired), LoadFailure::LinkInvalid);
        assert!(!LoadFailure::LinkInvalid.can_retry());
        let offline = CallError::Network("Failed to fetch".into());
        assert_eq!(LoadFailure::from(&offline), LoadFailure::Unreachable);
        assert!(LoadFailure::Unreachable.can_retry());
    }
}
