use crate::components::{
    FileInput, ScreenTitle, StepProgress, UploadFailed, UploadProgress, UploadRetrying,
};
use crate::document::{DocumentCapture, Target};
use crate::i18n::{file_summary, page_count, pdf_card_label, t, Msg};
use crate::journey::Journey;
use idv_core::capture::{Event, Phase, UploadProblem};
use idv_core::{DocumentKind, Screen};
use leptos::prelude::*;

fn state_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Preview(_) => "preview",
        Phase::Uploading { .. } => "uploading",
        Phase::Waiting { .. } => "retrying",
        Phase::UploadFailed(UploadProblem::Unreachable) => "upload_failed",
        Phase::UploadFailed(UploadProblem::Refused(_)) => "upload_refused",
        Phase::Uploaded => "uploaded",
        _ => "choose",
    }
}

/// `proof_of_address_screen` and `proof_of_funds_screen`: a PDF or a photo, picked, dropped or
/// photographed; checked on the device by the platform's own rules before anything is sent.
#[component]
pub fn DocumentUploadScreen(
    kind: DocumentKind,
    step: u32,
    count: u32,
    journey: Journey,
) -> impl IntoView {
    let capture = DocumentCapture::start(Target::Document(kind), journey);
    let phase = Memo::new(move |_| capture.state.with(|c| c.phase.clone()));
    let (screen, title, hint) = match kind {
        DocumentKind::Address => (Screen::ProofOfAddress, Msg::AddressTitle, Msg::AddressHint),
        DocumentKind::Funds => (Screen::ProofOfFunds, Msg::FundsTitle, Msg::FundsHint),
    };
    let choose = Callback::new(move |file| capture.choose_file(file));
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            capture.choose_file(file);
        }
    };
    let picker = move || {
        view! {
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="drop-zone"
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label class="primary file-button" data-testid="choose-file">
                    {t(Msg::ChooseFile)}
                    <FileInput accept="application/pdf,image/*" testid="file-input" on_file=choose />
                </label>
                <p class="muted drop-hint">{t(Msg::DropHere)}</p>
                <label class="link-button" data-testid="take-photo">
                    {t(Msg::TakePhotoOfIt)}
                    <FileInput accept="image/*" camera=true testid="camera-input" on_file=choose />
                </label>
            </div>
        }
    };
    let summary = move || {
        capture
            .chosen
            .get()
            .map(|c| file_summary(&c.name, c.bytes, c.pages))
    };
    // A photo shows itself; a PDF its first page when that is a scan it holds, else a card.
    let thumbnail = move || {
        let pages = capture.chosen.get().and_then(|c| c.pages);
        match (pages, capture.page_url.get()) {
            (None, _) => view! {
                <img class="photo" data-testid="photo-preview" alt=t(Msg::PreviewAlt)
                    src=move || capture.photo_url.get().unwrap_or_default() />
            }
            .into_any(),
            (Some(_), Some(url)) => view! {
                <img class="photo page" data-testid="page-preview" alt=t(Msg::PagePreviewAlt)
                    src=url on:error=move |_| capture.forget_page_preview() />
            }
            .into_any(),
            (Some(pages), None) => view! {
                <div class="document-card" data-testid="document-card" role="img"
                    aria-label=pdf_card_label(pages)>
                    <span class="document-card-kind">{t(Msg::PdfKind)}</span>
                    <span class="document-card-pages">{page_count(pages)}</span>
                </div>
            }
            .into_any(),
        }
    };
    view! {
        <section
            class="screen"
            data-testid="screen"
            data-screen=screen.name().to_owned()
            data-capture-state=move || state_name(&phase.get())
        >
            <StepProgress step count />
            <ScreenTitle text=t(title) />
            <p>{t(hint)}</p>
            {move || match phase.get() {
                Phase::Preview(_) => view! {
                    <Show when=move || capture.restored.get()>
                        <p class="notice kept" role="status" data-testid="kept-photo">{t(Msg::KeptFile)}</p>
                    </Show>
                    <h2>{t(Msg::DocumentPreviewTitle)}</h2>
                    {thumbnail}
                    <p class="file-summary" data-testid="file-summary">{summary}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="use-photo" on:click=move |_| capture.dispatch(Event::UsePhoto)>
                            {t(Msg::SendDocument)}
                        </button>
                    </div>
                    <label class="link-button" data-testid="replace">
                        {t(Msg::Replace)}
                        <FileInput accept="application/pdf,image/*" testid="replace-input" on_file=choose />
                    </label>
                }.into_any(),
                Phase::Uploading { sent, total, .. } => view! {
                    <p class="file-summary" data-testid="file-summary">{summary}</p>
                    <UploadProgress sent total document=true />
                }.into_any(),
                Phase::Waiting { .. } => view! { <UploadRetrying document=true /> }.into_any(),
                Phase::UploadFailed(UploadProblem::Unreachable) => view! {
                    <p class="file-summary" data-testid="file-summary">{summary}</p>
                    <UploadFailed on_retry=capture.on(Event::TryAgain) document=true />
                }.into_any(),
                Phase::UploadFailed(UploadProblem::Refused(code)) => view! {
                    <div class="action-error" role="alert">
                        <p data-testid="action-error" data-error=code>{t(Msg::DocumentRefusedBody)}</p>
                    </div>
                    {picker()}
                }.into_any(),
                Phase::Uploaded => view! { <p role="status" data-testid="uploaded">{t(Msg::DocumentUploaded)}</p> }.into_any(),
                _ => picker().into_any(),
            }}
            <Show when=move || capture.file_problem.get().is_some()>
                <p class="field-error" role="alert" data-testid="file-error">
                    {move || capture.file_problem.get().map(t)}
                </p>
            </Show>
        </section>
    }
}
