use crate::components::{ScreenTitle, StepProgress, UploadFailed, UploadProgress, UploadRetrying};
use crate::i18n::{t, Msg};
use crate::journey::Journey;
use crate::liveness::{Selfie, Stage};
use crate::screens::camera_problem::CameraProblemNotice;
use idv_core::face_guide::Guidance;
use idv_core::liveness::coach::Hint;
use idv_core::liveness::ChallengeStep;
use leptos::prelude::*;

fn instruction(step: ChallengeStep) -> Msg {
    match step {
        ChallengeStep::LookStraight => Msg::LookStraight,
        ChallengeStep::TurnLeft => Msg::TurnLeft,
        ChallengeStep::TurnRight => Msg::TurnRight,
    }
}

fn guidance_text(g: Guidance) -> Msg {
    match g {
        Guidance::Ok => Msg::FaceOk,
        Guidance::NoFace => Msg::FaceNoFace,
        Guidance::MultipleFaces => Msg::FaceMultiple,
        Guidance::TooClose => Msg::FaceTooClose,
        Guidance::TooFar => Msg::FaceTooFar,
        Guidance::OffCentre => Msg::FaceOffCentre,
        Guidance::Dark => Msg::FaceDark,
    }
}

/// What the challenge's live region says for `hint`.
fn hint_text(hint: Hint) -> Msg {
    match hint {
        Hint::Do(step) => instruction(step),
        Hint::Hold => Msg::ChallengeHold,
        Hint::TurnMore => Msg::ChallengeTurnMore,
        Hint::OtherWay => Msg::ChallengeOtherWay,
        Hint::BackToCentre => Msg::ChallengeBackToCentre,
        Hint::Face(g) => guidance_text(g),
    }
}

/// `liveness_screen`: a short guided selfie with the front camera, and a way forward that does
/// not rely on the face (assisted verification).
#[component]
pub fn LivenessScreen(step: u32, count: u32, journey: Journey) -> impl IntoView {
    let selfie = Selfie::new(journey);
    let stage = selfie.stage;
    let (guidance, figures, hint) = (selfie.guidance, selfie.figures, selfie.hint);
    let camera_on = Memo::new(move |_| {
        matches!(
            stage.get(),
            Stage::Starting | Stage::Positioning { .. } | Stage::Challenging | Stage::Step { .. }
        )
    });
    let assisted = move || {
        view! {
            <button type="button" class="link-button" data-testid="liveness-assisted" on:click=move |_| selfie.assisted()>
                {t(Msg::LivenessAssisted)}
            </button>
        }
    };
    view! {
        <section
            class="screen"
            data-testid="screen"
            data-screen="liveness_screen"
            data-liveness-state=move || stage.with(Stage::name)
            data-challenge-step=move || match stage.get() {
                Stage::Step { step, .. } => Some(step.code()),
                _ => None,
            }
            data-guidance=move || guidance.get().map(Guidance::code)
            data-liveness-hint=move || hint.get().map(Hint::code)
            data-face-frames=move || figures.get().frames
            data-face-detect-ms=move || figures.get().detect_ms.map(|v| format!("{v:.2}"))
            data-face-round-trip-ms=move || figures.get().round_trip_ms.map(|v| format!("{v:.2}"))
        >
            <StepProgress step count />
            <ScreenTitle text=t(Msg::LivenessTitle) />
            <div
                class="viewfinder selfie"
                class:hidden=move || !camera_on.get()
                class:face-ok=move || guidance.get() == Some(Guidance::Ok) || hint.get() == Some(Hint::Hold)
            >
                <video node_ref=selfie.video autoplay muted playsinline data-testid="preview-video"></video>
                <div class="oval" aria-hidden="true"></div>
            </div>
            {move || match stage.get() {
                Stage::Intro => view! {
                    <p>{t(Msg::LivenessIntro)}</p>
                    <button type="button" class="primary" data-testid="liveness-start" on:click=move |_| selfie.start()>
                        {t(Msg::LivenessStart)}
                    </button>
                    {assisted()}
                }.into_any(),
                Stage::Kept => view! {
                    {move || selfie.kept_url.get().map(|url| view! {
                        <img class="photo" data-testid="photo-preview" alt=t(Msg::KeptSelfieAlt) src=url />
                    })}
                    <p class="notice kept" role="status" data-testid="kept-photo">{t(Msg::KeptSelfie)}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="send-kept" on:click=move |_| selfie.send_kept()>
                            {t(Msg::SendKeptSelfie)}
                        </button>
                        <button type="button" class="secondary" data-testid="liveness-start" on:click=move |_| selfie.start()>
                            {t(Msg::RetakeSelfie)}
                        </button>
                    </div>
                    {assisted()}
                }.into_any(),
                Stage::Starting | Stage::Challenging => view! { <p class="muted">{t(Msg::StartingCamera)}</p> }.into_any(),
                Stage::Positioning { anyway } => view! {
                    <p class="muted">{t(Msg::FacePlace)}</p>
                    <p class="guidance" role="status" aria-live="polite" data-testid="face-guidance">
                        {move || guidance.get().map(|g| t(guidance_text(g)))}
                    </p>
                    {anyway.then(|| view! {
                        <p class="muted">{t(Msg::LivenessAnywayHint)}</p>
                        <button type="button" class="secondary" data-testid="liveness-anyway" on:click=move |_| selfie.anyway()>
                            {t(Msg::LivenessAnyway)}
                        </button>
                    })}
                    {assisted()}
                }.into_any(),
                Stage::Step { step, position, count } => view! {
                    <p class="guidance" role="status" aria-live="polite" data-testid="challenge">
                        {move || t(hint.get().map_or(instruction(step), hint_text))}
                    </p>
                    <p class="muted">{crate::i18n::step_progress(position as u32, count as u32)}</p>
                    {assisted()}
                }.into_any(),
                Stage::TimedOut(_) => view! {
                    <div class="action-error" role="alert">
                        <p data-testid="action-error">{t(Msg::ChallengeTimedOut)}</p>
                    </div>
                    <button type="button" class="primary" data-testid="liveness-start" on:click=move |_| selfie.start()>
                        {t(Msg::ChallengeTryAgain)}
                    </button>
                    {assisted()}
                }.into_any(),
                Stage::Uploading { sent, total } => view! { <UploadProgress sent total /> }.into_any(),
                Stage::Retrying => view! { <UploadRetrying /> }.into_any(),
                Stage::UploadFailed => view! {
                    <UploadFailed on_retry=Callback::new(move |()| selfie.retry()) />
                    {assisted()}
                }.into_any(),
                Stage::Refused => view! {
                    <div class="action-error" role="alert">
                        <p data-testid="action-error">{t(Msg::LivenessRefused)}</p>
                    </div>
                    <button type="button" class="primary" data-testid="liveness-start" on:click=move |_| selfie.start()>
                        {t(Msg::LivenessStart)}
                    </button>
                    {assisted()}
                }.into_any(),
                Stage::CameraFailed(problem) => view! {
                    <CameraProblemNotice problem on_retry=Callback::new(move |()| selfie.start()) />
                    {assisted()}
                }.into_any(),
                Stage::Done => view! { <p role="status" data-testid="uploaded">{t(Msg::Uploaded)}</p> }.into_any(),
            }}
        </section>
    }
}
