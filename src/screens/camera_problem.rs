use crate::browser::embed;
use crate::i18n::{t, Msg};
use idv_core::capture::CameraProblem;
use leptos::prelude::*;

/// The screen part for a camera that cannot be used: what happened, how to fix it in this
/// browser, and the ways on that do not need the camera (upload; the link on a phone). Each
/// problem is its own state (`data-capture-state`: `camera_denied`, `camera_not_found`,
/// `camera_busy`, `camera_unsupported`, `camera_in_app_browser`, `camera_frame_refused`).
///
/// In an integrator's frame, a refused camera is also told to the host page (`error`,
/// `camera_denied`, with who refused it), whose developer may have to allow the camera.
#[component]
pub fn CameraProblemNotice(problem: CameraProblem, on_retry: Callback<()>) -> impl IntoView {
    if let Some(event) = idv_core::embed::camera_event(problem) {
        embed::tell_host(&event);
    }
    let (title, body) = match problem {
        CameraProblem::Denied => (Msg::CameraDeniedTitle, Msg::CameraDeniedBody),
        CameraProblem::NotFound => (Msg::CameraNotFoundTitle, Msg::CameraNotFoundBody),
        CameraProblem::Busy => (Msg::CameraBusyTitle, Msg::CameraBusyBody),
        CameraProblem::Unsupported => (Msg::CameraUnsupportedTitle, Msg::CameraUnsupportedBody),
        CameraProblem::InAppBrowser => (Msg::CameraInAppTitle, Msg::CameraInAppBody),
        CameraProblem::FrameRefused => (Msg::CameraFrameTitle, Msg::CameraFrameBody),
    };
    let how_to =
        (problem == CameraProblem::Denied).then(|| view! { <p>{t(Msg::CameraDeniedHowTo)}</p> });
    // Only the host page can lift a frame's refusal: the phone, outside that page, is the way
    // to a camera, not "a computer without a camera".
    let phone = match problem {
        CameraProblem::FrameRefused => Msg::CameraFramePhone,
        _ => Msg::CameraOnPhoneHint,
    };
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
            <p class="muted" data-testid="camera-phone-way">{t(phone)}</p>
            {retry}
        </div>
    }
}
