use crate::i18n::{t, Msg};
use idv_core::capture::CameraProblem;
use leptos::prelude::*;

/// The screen part for a camera that cannot be used: what happened, how to fix it in this
/// browser, and the ways on that do not need the camera (upload; the link on a phone). Each
/// problem is its own state (`data-capture-state`: `camera_denied`, `camera_not_found`,
/// `camera_busy`, `camera_unsupported`).
#[component]
pub fn CameraProblemNotice(problem: CameraProblem, on_retry: Callback<()>) -> impl IntoView {
    let (title, body) = match problem {
        CameraProblem::Denied => (Msg::CameraDeniedTitle, Msg::CameraDeniedBody),
        CameraProblem::NotFound => (Msg::CameraNotFoundTitle, Msg::CameraNotFoundBody),
        CameraProblem::Busy => (Msg::CameraBusyTitle, Msg::CameraBusyBody),
        CameraProblem::Unsupported => (Msg::CameraUnsupportedTitle, Msg::CameraUnsupportedBody),
        CameraProblem::InAppBrowser => (Msg::CameraInAppTitle, Msg::CameraInAppBody),
    };
    let how_to =
        (problem == CameraProblem::Denied).then(|| view! { <p>{t(Msg::CameraDeniedHowTo)}</p> });
    let retry = matches!(problem, CameraProblem::Denied | CameraProblem::Busy).then(|| {
        view! {
            <button type="button" class="secondary" data-testid="camera-retry" on:click=move |_| on_retry.run(())>
                {t(Msg::Retry)}
            </button>
        }
    });
    view! {
        <div class="camera-problem" role="alert" data-testid="camera-problem" data-problem=problem.code()>
            <h2>{t(title)}</h2>
            <p>{t(body)}</p>
            {how_to}
            <p class="muted">{t(Msg::CameraOnPhoneHint)}</p>
            {retry}
        </div>
    }
}
