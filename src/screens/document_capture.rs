use crate::components::{
    CardOutline, FileInput, ScreenTitle, StepProgress, UploadFailed, UploadProgress, UploadRetrying,
};
use crate::document::{DocumentCapture, Side, Target};
use crate::i18n::{t, Msg};
use crate::journey::Journey;
use crate::screens::camera_problem::CameraProblemNotice;
use idv_core::capture::{Event, Phase, UploadProblem};
use idv_core::quality::Guidance;
use idv_core::Screen;
use leptos::prelude::*;

fn guidance_text(g: Guidance) -> &'static str {
    t(match g {
        Guidance::Ok => Msg::GuidanceOk,
        Guidance::Blurry => Msg::GuidanceBlurry,
        Guidance::Dark => Msg::GuidanceDark,
        Guidance::Glare => Msg::GuidanceGlare,
        Guidance::TooFar => Msg::GuidanceTooFar,
        Guidance::CutOff => Msg::GuidanceCutOff,
        Guidance::NoDocument => Msg::GuidanceNoDocument,
    })
}

/// A stable name of the capture's state for tests and analytics (`data-capture-state`).
fn state_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Starting => "starting",
        Phase::Live => "live",
        Phase::CameraFailed(p) => p.code(),
        Phase::Taking => "taking",
        Phase::Preview(_) => "preview",
        Phase::Uploading { .. } => "uploading",
        Phase::Waiting { .. } => "retrying",
        Phase::UploadFailed(UploadProblem::Unreachable) => "upload_failed",
        Phase::UploadFailed(UploadProblem::Refused(_)) => "upload_refused",
        Phase::Uploaded => "uploaded",
    }
}

/// `scan_id_document_front_screen` and `scan_id_document_back_screen`.
#[component]
pub fn DocumentCaptureScreen(side: Side, step: u32, count: u32, journey: Journey) -> impl IntoView {
    let capture = DocumentCapture::start(Target::Media(side), journey);
    let state = capture.state;
    let phase = Memo::new(move |_| state.with(|c| c.phase.clone()));
    let live =
        Memo::new(move |_| matches!(phase.get(), Phase::Starting | Phase::Live | Phase::Taking));
    let guidance = Memo::new(move |_| state.with(|c| c.guidance));
    let can_shoot = Memo::new(move |_| {
        state.with(|c| {
            c.phase == Phase::Live && (c.guidance == Some(Guidance::Ok) || c.manual_allowed)
        })
    });
    let (screen, title) = match side {
        Side::Front => (Screen::DocumentFront, Msg::DocumentFrontTitle),
        Side::Back => (Screen::DocumentBack, Msg::DocumentBackTitle),
    };
    view! {
        <section
            class="screen capture"
            data-testid="screen"
            data-screen=screen.name().to_owned()
            data-capture-state=move || state_name(&phase.get())
            data-guidance=move || live.get().then(|| guidance.get().map(Guidance::code)).flatten()
            data-analysis-ms=move || capture.figures.get().analysis_ms.map(|v| format!("{v:.3}"))
            data-analysed-frames=move || capture.figures.get().frames
            data-photo-ms=move || capture.figures.get().photo_ms.map(|v| format!("{v:.1}"))
            data-photo-bytes=move || capture.figures.get().photo_bytes
        >
            <StepProgress step count />
            <ScreenTitle text=t(title) />
            <div class="viewfinder" class:hidden=move || !live.get()>
                <video node_ref=capture.video autoplay muted playsinline data-testid="preview-video"></video>
                <div class="guide" aria-hidden="true"></div>
                <CardOutline outline=Signal::derive(move || {
                    (phase.get() == Phase::Live).then(|| capture.outline.get()).flatten()
                }) />
            </div>
            {move || match phase.get() {
                Phase::Starting => view! { <p class="muted">{t(Msg::StartingCamera)}</p> }.into_any(),
                Phase::Live | Phase::Taking => view! {
                    <p class="guidance" role="status" aria-live="polite" data-testid="guidance">
                        {move || if phase.get() == Phase::Taking { t(Msg::TakingPhoto) } else { guidance_text(guidance.get().unwrap_or(Guidance::NoDocument)) }}
                    </p>
                    <p class="muted">{t(Msg::DocumentHint)}</p>
                    <button type="button" class="primary" data-testid="shutter"
                        disabled=move || !can_shoot.get()
                        on:click=move |_| capture.shutter()>
                        {t(Msg::Shutter)}
                    </button>
                }.into_any(),
                Phase::CameraFailed(problem) => view! {
                    <CameraProblemNotice problem on_retry=capture.on(Event::TryAgain) />
                }.into_any(),
                Phase::Preview(_) => view! {
                    <Show when=move || capture.restored.get()>
                        <p class="notice kept" role="status" data-testid="kept-photo">{t(Msg::KeptPhoto)}</p>
                    </Show>
                    <h2>{t(Msg::PreviewTitle)}</h2>
                    <img class="photo" data-testid="photo-preview" alt=t(Msg::PreviewAlt)
                        src=move || capture.photo_url.get().unwrap_or_default() />
                    <p class="muted">{t(Msg::PreviewHint)}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="use-photo" on:click=move |_| capture.dispatch(Event::UsePhoto)>
                            {t(Msg::UsePhoto)}
                        </button>
                        <button type="button" class="secondary" data-testid="retake" on:click=move |_| capture.dispatch(Event::Retake)>
                            {t(Msg::Retake)}
                        </button>
                    </div>
                }.into_any(),
                Phase::Uploading { sent, total, .. } => view! { <UploadProgress sent total /> }.into_any(),
                Phase::Waiting { .. } => view! { <UploadRetrying /> }.into_any(),
                Phase::UploadFailed(UploadProblem::Unreachable) => view! {
                    <img class="photo" alt=t(Msg::PreviewAlt) src=move || capture.photo_url.get().unwrap_or_default() />
                    <UploadFailed on_retry=capture.on(Event::TryAgain) />
                }.into_any(),
                Phase::UploadFailed(UploadProblem::Refused(code)) => view! {
                    <div class="action-error" role="alert">
                        <p data-testid="action-error" data-error=code>{t(Msg::UploadRefusedBody)}</p>
                    </div>
                    <button type="button" class="primary" data-testid="retake" on:click=move |_| capture.dispatch(Event::Retake)>
                        {t(Msg::Retake)}
                    </button>
                }.into_any(),
                Phase::Uploaded => view! { <p role="status" data-testid="uploaded">{t(Msg::Uploaded)}</p> }.into_any(),
            }}
            <Show when=move || capture.file_problem.get().is_some()>
                <p class="field-error" role="alert" data-testid="file-error">
                    {move || capture.file_problem.get().map(t)}
                </p>
            </Show>
            <Show when=move || !matches!(phase.get(), Phase::Uploading { .. } | Phase::Waiting { .. } | Phase::Uploaded)>
                <label class="link-button" data-testid="upload-instead">
                    {t(Msg::UploadInstead)}
                    <FileInput accept="image/*" testid="file-input" on_file=Callback::new(move |f| capture.choose_file(f)) />
                </label>
            </Show>
        </section>
    }
}
