//! Presentational pieces shared by screens.

pub mod card_outline;
pub mod code_entry;

pub use card_outline::CardOutline;

use leptos::html::H1;
use leptos::prelude::*;

/// The one `h1` of a screen. It takes focus when the screen appears, so keyboard and screen
/// reader users start reading at the new screen's title instead of wherever focus was left.
#[component]
pub fn ScreenTitle(text: &'static str) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    Effect::new(move |_| {
        // A language switch rebuilds the screen; focus stays on the switcher then, or a
        // keyboard user browsing languages with the arrow keys would be thrown out of it.
        if let Some(heading) = heading
            .get()
            .filter(|_| !crate::browser::page::focus_in_banner())
        {
            let _ = heading.focus();
        }
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {text}
        </h1>
    }
}

/// "Step i of k", for the screens of the journey's steps.
#[component]
pub fn StepProgress(step: u32, count: u32) -> impl IntoView {
    view! {
        <p class="progress" data-testid="step-progress" data-step=step data-step-count=count>
            {crate::i18n::step_progress(step, count)}
        </p>
    }
}

/// What happens after a final screen: the countdown back to the integrator with a button to go
/// at once, or, without a usable return URL, that the window may be closed.
#[component]
pub fn ReturnNotice(service: String, can_return: bool, on_return: Callback<()>) -> impl IntoView {
    use crate::i18n::{return_now, returning_to, t, Msg};
    if can_return {
        view! {
            <p>{returning_to(&service)}</p>
            <button type="button" class="primary" data-testid="return-now" on:click=move |_| on_return.run(())>
                {return_now(&service)}
            </button>
        }
        .into_any()
    } else {
        view! { <p>{t(Msg::CloseWindow)}</p> }.into_any()
    }
}

/// Shown above the screen while the platform cannot be reached.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    use crate::i18n::{t, Msg};
    view! {
        <div class="banner" role="alert" data-testid="connection-banner">
            {move || t(Msg::ConnectionProblem)}
        </div>
    }
}

/// A hidden file input (its label is the visible control) that reports the chosen file.
#[component]
pub fn FileInput(
    accept: &'static str,
    testid: &'static str,
    /// `capture="environment"` asks phones to open the camera for the photo.
    #[prop(optional)]
    camera: bool,
    on_file: Callback<web_sys::File>,
) -> impl IntoView {
    view! {
        <input
            class="visually-hidden"
            type="file"
            accept=accept
            capture=camera.then_some("environment")
            data-testid=testid
            on:change=move |ev| {
                if let Some(file) = crate::document::chosen_file(&ev) {
                    on_file.run(file);
                }
            }
        />
    }
}

/// The upload's real progress, announced politely.
#[component]
pub fn UploadProgress(
    sent: u64,
    total: u64,
    /// Sending a document (a PDF or a photo of paper), not a photo the app took.
    #[prop(optional)]
    document: bool,
) -> impl IntoView {
    use crate::i18n::{t, upload_percent, Msg};
    let label = if document {
        Msg::DocumentUploading
    } else {
        Msg::Uploading
    };
    let percent = sent
        .saturating_mul(100)
        .checked_div(total)
        .map_or(0, |p| p.min(100) as u32);
    view! {
        <p role="status" aria-live="polite">{t(label)}" "{upload_percent(percent)}</p>
        <progress data-testid="upload-progress" max="100" value=percent></progress>
    }
}

/// Between two automatic attempts.
#[component]
pub fn UploadRetrying(#[prop(optional)] document: bool) -> impl IntoView {
    use crate::i18n::{t, Msg};
    let label = if document {
        Msg::DocumentUploadRetrying
    } else {
        Msg::UploadRetrying
    };
    view! {
        <p role="status" aria-live="polite" data-testid="upload-retrying">{t(label)}</p>
        <progress data-testid="upload-progress"></progress>
    }
}

/// The automatic attempts are spent; the file is kept and `retry` sends it again.
#[component]
pub fn UploadFailed(on_retry: Callback<()>, #[prop(optional)] document: bool) -> impl IntoView {
    use crate::i18n::{t, Msg};
    let (title, body) = if document {
        (
            Msg::DocumentUploadFailedTitle,
            Msg::DocumentUploadFailedBody,
        )
    } else {
        (Msg::UploadFailedTitle, Msg::UploadFailedBody)
    };
    view! {
        <div class="action-error" role="alert">
            <h2>{t(title)}</h2>
            <p data-testid="action-error">{t(body)}</p>
        </div>
        <button type="button" class="primary" data-testid="retry" on:click=move |_| on_retry.run(())>
            {t(Msg::Retry)}
        </button>
    }
}

/// On a phone that came from a desktop's QR code: the computer follows along.
#[component]
pub fn PhoneNote() -> impl IntoView {
    use crate::i18n::{t, Msg};
    view! {
        <p class="notice" data-testid="handoff-phone-note">
            {move || t(Msg::HandoffPhoneNote)}
        </p>
    }
}

/// The page's banner: the language switcher, labelled, listing each language by its own name.
#[component]
pub fn TopBar() -> impl IntoView {
    use crate::i18n::{choose, endonym, lang, t, Msg};
    use idv_core::locale::Lang;
    let options = Lang::ALL
        .into_iter()
        .map(|l| {
            view! {
                <option value=l.code() lang=l.code() prop:selected=move || lang() == l>
                    {endonym(l)}
                </option>
            }
        })
        .collect_view();
    let brand = move || {
        crate::theme::brand().map(|b| match b.logo {
            Some(logo) => view! {
                <div class="brand">
                    <img src=logo alt=move || crate::i18n::logo_alt(&b.name) />
                </div>
            }
            .into_any(),
            None => view! { <div class="brand">{b.name}</div> }.into_any(),
        })
    };
    view! {
        <header class="topbar">
            {brand}
            <div class="language">
                <label for="language">{move || t(Msg::Language)}</label>
                <select
                    id="language"
                    data-testid="language"
                    on:change=move |ev| {
                        if let Some(l) = Lang::from_tag(&event_target_value(&ev)) {
                            choose(l);
                        }
                    }
                >
                    {options}
                </select>
            </div>
        </header>
    }
}
