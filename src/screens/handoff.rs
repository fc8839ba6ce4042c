use crate::browser::clipboard;
use crate::components::ScreenTitle;
use crate::handoff::{qr_svg, DeskHandle};
use crate::i18n::{handoff_progress, step_name, t, Msg};
use idv_core::flow::Flow;
use idv_core::handoff::{DeskEvent, LinkState, PhoneState};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The desktop's stand-in for the steps that need a phone camera: a QR code for a single-use
/// link, the link to copy, and, once the phone has it, what the phone is doing. It stays on
/// display across the phone's steps; only the end of the journey replaces it.
#[component]
pub fn Handoff(
    handle: DeskHandle,
    flow: RwSignal<Flow>,
    webcam: ReadSignal<bool>,
    on_here: Callback<()>,
) -> impl IntoView {
    handle.dispatch(DeskEvent::Shown);
    let desk = handle.desk();
    let phone = Memo::new(move |_| desk.with(|d| d.phone));
    let link = Memo::new(move |_| desk.with(|d| d.link.clone()));
    let progress = Memo::new(move |_| {
        flow.with(|f| {
            let p = f.current.as_ref()?;
            let step = f
                .session
                .as_ref()
                .and_then(|s| s.steps.get(p.step.checked_sub(1)? as usize).copied());
            Some((p.step, p.step_count, step.map(step_name)))
        })
    });
    let on_refresh = handle.on(DeskEvent::Refresh);
    let phone_name = move || match phone.get() {
        PhoneState::Waiting => "waiting",
        PhoneState::Connected => "connected",
        PhoneState::Quiet => "quiet",
    };
    let link_name = move || match link.get() {
        LinkState::None => "none",
        LinkState::Requesting => "requesting",
        LinkState::Ready { .. } => "ready",
        LinkState::Expired => "expired",
        LinkState::Failed => "failed",
        LinkState::Used => "used",
    };
    let phone_text = move || {
        t(match phone.get() {
            PhoneState::Waiting => Msg::HandoffWaiting,
            PhoneState::Connected => Msg::HandoffPhoneConnected,
            PhoneState::Quiet => Msg::HandoffPhoneQuiet,
        })
    };
    let body = move || match phone.get() {
        PhoneState::Connected => view! { <p>{t(Msg::HandoffPhoneConnectedBody)}</p> }.into_any(),
        PhoneState::Quiet => view! {
            <p>{t(Msg::HandoffPhoneQuietBody)}</p>
            <Code link on_refresh />
        }
        .into_any(),
        PhoneState::Waiting => view! {
            <p>{t(Msg::HandoffIntro)}</p>
            <Code link on_refresh />
        }
        .into_any(),
    };
    view! {
        <section
            class="screen handoff"
            data-testid="screen"
            data-screen="handoff"
            data-phone=phone_name
            data-link=link_name
        >
            <ScreenTitle text=t(Msg::HandoffTitle) />
            <p class="phone-status" role="status" aria-live="polite" data-testid="handoff-phone-status">
                {phone_text}
            </p>
            <p
                class="progress"
                aria-live="polite"
                data-testid="handoff-progress"
                data-step=move || progress.get().map(|p| p.0)
                data-step-count=move || progress.get().map(|p| p.1)
            >
                {move || progress.get().map(|(step, count, name)| handoff_progress(step, count, name))}
            </p>
            {body}
            <Show when=move || webcam.get() && phone.get() != PhoneState::Connected>
                <p>{t(Msg::HandoffHereHint)}</p>
                <button type="button" class="secondary" data-testid="handoff-here" on:click=move |_| on_here.run(())>
                    {t(Msg::HandoffHere)}
                </button>
            </Show>
        </section>
    }
}

/// The QR code and the link, or what stands in for them while there is none.
#[component]
fn Code(link: Memo<LinkState>, on_refresh: Callback<()>) -> impl IntoView {
    let refresh = move || {
        view! {
            <button type="button" class="secondary" data-testid="handoff-refresh" on:click=move |_| on_refresh.run(())>
                {t(Msg::HandoffNewCode)}
            </button>
        }
    };
    move || match link.get() {
        LinkState::Ready { url } => view! { <Ready url /> {refresh()} }.into_any(),
        LinkState::None | LinkState::Requesting => view! {
            <p aria-busy="true">{t(Msg::HandoffPreparing)}</p>
        }
        .into_any(),
        LinkState::Expired => view! { <p>{t(Msg::HandoffExpired)}</p> {refresh()} }.into_any(),
        LinkState::Failed => view! {
            <p class="action-error" role="alert">{t(Msg::HandoffFailed)}</p>
            {refresh()}
        }
        .into_any(),
        LinkState::Used => refresh().into_any(),
    }
}

#[component]
fn Ready(url: String) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let svg = qr_svg(&url).unwrap_or_default();
    let copy = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            spawn_local(async move {
                let ok = clipboard::copy(&url).await;
                let _ = copied.try_set(Some(ok));
            });
        }
    };
    view! {
        <ol class="steps">
            <li>{t(Msg::HandoffStepCamera)}</li>
            <li>{t(Msg::HandoffStepScan)}</li>
            <li>{t(Msg::HandoffStepFollow)}</li>
        </ol>
        <div class="qr" role="img" aria-label=t(Msg::HandoffQrLabel) data-testid="handoff-qr" inner_html=svg></div>
        <label class="handoff-link">
            {t(Msg::HandoffLinkLabel)}
            <input type="text" readonly data-testid="handoff-link" prop:value=url />
        </label>
        <button type="button" class="secondary" data-testid="handoff-copy" on:click=copy>
            {t(Msg::HandoffCopy)}
        </button>
        <p role="status" aria-live="polite" data-testid="handoff-copied">
            {move || copied.get().map(|ok| t(if ok { Msg::HandoffCopied } else { Msg::HandoffCopyFailed }))}
        </p>
    }
}
