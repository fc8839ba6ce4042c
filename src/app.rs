//! The application shell: decides the entry, starts the journey, and shows one screen at a time
//! from the journey engine's view.

use crate::browser::{device, page, storage};
use crate::components::{ConnectionBanner, PhoneNote, TopBar};
use crate::document::Side;
use crate::entry::{self, Entry, SessionCredentials};
use crate::handoff::{DeskHandle, Exchange};
use crate::i18n::{t, Msg};
use crate::journey::Journey;
use crate::screens::liveness::LivenessScreen;
use crate::screens::{
    cancelled::Cancelled, completed::Completed, consent::Consent,
    document_capture::DocumentCaptureScreen, document_upload::DocumentUploadScreen,
    email_verification::EmailVerification, link_refused::LinkRefused, load_error::LoadError,
    loading::Loading, lost_session::LostSession, nfc::Nfc, no_session::NoSession,
    phone_verification::PhoneVerification, rejected::Rejected, successful::Successful,
    unsupported::Unsupported, welcome::WelcomeView,
};
use crate::screens::{
    capture_refused::CaptureRefused, handoff::Handoff, handoff_refused::HandoffRefused,
};
use idv_core::device::DeviceKind;
use idv_core::flow::{Event, Flow, LinkProblem, LoadProblem, Redirect, View};
use idv_core::handoff::{hands_off, DeskEntry, HandoffRefusal};
use idv_core::{DocumentKind, Screen};
use leptos::prelude::*;

/// The journey module's page, from what the first module handed over.
#[component]
pub fn App(handover: entry::Handover) -> impl IntoView {
    let read = handover.answers();
    let entry::Handover { link, started, .. } = handover;
    let device = device::kind(link.device.as_deref());
    crate::i18n::start();
    Effect::new(move |_| crate::i18n::reflect_on_page(crate::i18n::lang()));
    let page = match entry::resolve(&link, storage::load_session()) {
        Entry::Session(credentials) => {
            storage::save_session(&credentials);
            view! { <JourneyView credentials device started read /> }.into_any()
        }
        Entry::Exchange {
            handoff,
            session_id,
        } => view! { <PhoneEntry handoff session_id device /> }.into_any(),
        Entry::CaptureRefused => {
            storage::clear_session();
            static_page(|| view! { <CaptureRefused /> }, Msg::CaptureRefusedTitle)
        }
        Entry::InvalidLink => {
            storage::clear_session();
            let problem = LinkProblem::InvalidToken;
            static_page(
                move || view! { <LinkRefused problem service=None /> },
                Msg::InvalidTitle,
            )
        }
        Entry::Lost => static_page(|| view! { <LostSession /> }, Msg::LostTitle),
        Entry::NoSession => static_page(|| view! { <NoSession /> }, Msg::NoSessionTitle),
    };
    view! {
        <TopBar />
        {page}
    }
}

/// A screen outside the journey. It is built again when the language changes.
fn static_page<V: IntoView + 'static>(
    screen: impl Fn() -> V + Send + Sync + 'static,
    status: Msg,
) -> AnyView {
    view! {
        <main class="app">{move || {
            crate::i18n::lang();
            screen()
        }}</main>
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="status">
            {move || t(status)}
        </p>
    }
    .into_any()
}

/// A phone that opened a desktop's QR code: its handoff token is exchanged for a session token
/// of its own before the journey starts.
#[component]
fn PhoneEntry(handoff: String, session_id: String, device: DeviceKind) -> impl IntoView {
    let (exchange, retry) = crate::handoff::exchange(handoff, session_id);
    move || match exchange.get() {
        Exchange::Exchanging => static_page(|| view! { <Loading /> }, Msg::StatusLoading),
        Exchange::Done(credentials) => {
            view! { <JourneyView credentials device started=false read=None /> }.into_any()
        }
        Exchange::Refused(refusal) => {
            let status = match refusal {
                HandoffRefusal::Used => Msg::HandoffUsedTitle,
                HandoffRefusal::Expired => Msg::HandoffExpiredTitle,
                HandoffRefusal::Replaced => Msg::HandoffReplacedTitle,
            };
            static_page(move || view! { <HandoffRefused refusal /> }, status)
        }
        Exchange::Invalid => {
            let problem = LinkProblem::InvalidToken;
            static_page(
                move || view! { <LinkRefused problem service=None /> },
                Msg::InvalidTitle,
            )
        }
        Exchange::Failed => {
            let problem = LoadProblem::Unreachable;
            static_page(
                move || view! { <LoadError problem on_retry=retry /> },
                Msg::UnreachableTitle,
            )
        }
    }
}

#[component]
fn JourneyView(
    credentials: SessionCredentials,
    device: DeviceKind,
    started: bool,
    read: Option<(idv_core::ClientSession, idv_core::Preflight)>,
) -> impl IntoView {
    let via_handoff = credentials.via_handoff;
    let entry = match credentials.capture {
        true => DeskEntry::CaptureLink,
        false => DeskEntry::StartLink,
    };
    let journey = Journey::start(credentials, started, read);
    let flow = journey.flow();
    // Only a change of view re-renders the screen; finer changes reach screens as signals.
    let current = Memo::new(move |_| flow.with(|f| f.view.clone()));
    let banner = Memo::new(move |_| flow.with(Flow::connection_problem));
    let session = Memo::new(move |_| {
        flow.with(|f| {
            f.session
                .as_ref()
                .map(|s| (s.locale.clone(), s.branding.clone()))
        })
    });
    Effect::new(move |_| {
        if let Some((locale, branding)) = session.get() {
            crate::i18n::adopt_session_locale(&locale);
            crate::theme::apply(&branding);
        }
    });
    let expiring = expiry_warning(flow);
    // A capture kept for a reload (browser::kept) that the platform no longer needs, because the
    // journey ended elsewhere (another device, assisted review), goes with the journey.
    Effect::new(move |_| {
        if matches!(current.get(), View::Screen(s) if s.is_final()) {
            for kind in idv_core::kept::KeptKind::ALL {
                crate::browser::kept::remove(kind);
            }
        }
    });
    // The test-only panic (docs/test-hooks.md): proves a panic mid-journey ends on the crash
    // screen, not a blank page.
    Effect::new(move |_| {
        if let View::Screen(s) = current.get() {
            if crate::browser::crash::test_trigger().is_some_and(|on| on == s.name()) {
                panic!("test-only panic on {}", s.name());
            }
        }
    });
    // A desktop hands the camera steps to a phone, unless its user chooses its own webcam.
    let desk = (device == DeviceKind::Desktop).then(|| DeskHandle::start(journey));
    let (webcam, set_webcam) = signal(false);
    if desk.is_some() {
        leptos::task::spawn_local(async move {
            let _ = set_webcam.try_set(device::has_webcam().await);
        });
    }
    let here = RwSignal::new(false);
    let on_here = Callback::new(move |()| here.set(true));
    let handing_off = Memo::new(move |_| {
        desk.is_some() && !here.get() && flow.with(|f| hands_off(&f.view, entry))
    });
    let phone_note = Memo::new(move |_| {
        via_handoff && flow.with(|f| !matches!(&f.view, View::Screen(s) if s.is_final()))
    });
    view! {
        <Show when=move || banner.get()>
            <ConnectionBanner />
        </Show>
        <Show when=move || phone_note.get()>
            <PhoneNote />
        </Show>
        <Show when=move || expiring.get()>
            <p class="banner" role="alert" data-testid="expiry-warning">
                {move || t(Msg::ExpiryWarning)}
            </p>
        </Show>
        <main class="app">
            {move || {
                crate::i18n::lang();
                match desk.filter(|_| handing_off.get()) {
                Some(handle) => view! { <Handoff handle flow webcam on_here /> }.into_any(),
                    None => screen(journey, current.get()),
                }
            }}
        </main>
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="status">
            {move || match handing_off.get() {
                true => t(Msg::HandoffTitle),
                false => t(status(&current.get())),
            }}
        </p>
    }
}

/// True from two minutes before the session's link expires (`idv_core::expiry`), on every
/// screen but the final ones.
fn expiry_warning(flow: RwSignal<Flow>) -> Memo<bool> {
    let expires_at =
        Memo::new(move |_| flow.with(|f| f.session.as_ref().map(|s| s.expires_at.clone())));
    let (due, set_due) = signal(false);
    Effect::new(move |_| {
        let delay = expires_at
            .get()
            .and_then(|at| idv_core::expiry::warning_delay_ms(page::now_ms(), page::time_ms(&at)?));
        if let Some(delay) = delay {
            set_timeout(
                move || {
                    let _ = set_due.try_set(true);
                },
                std::time::Duration::from_millis(delay as u64),
            );
        }
    });
    Memo::new(move |_| {
        due.get() && flow.with(|f| !matches!(&f.view, View::Screen(s) if s.is_final()))
    })
}

fn screen(journey: Journey, view: View) -> AnyView {
    let flow = journey.flow();
    let (session, current, can_return) = flow.with_untracked(|f| {
        (
            f.session.clone(),
            f.current.clone(),
            f.return_url.is_some() && matches!(f.redirect, Redirect::NotYet | Redirect::Scheduled),
        )
    });
    let service = session
        .as_ref()
        .map(|s| s.branding.name.trim().to_owned())
        .filter(|n| !n.is_empty());
    let service_or_default = service
        .clone()
        .unwrap_or_else(|| t(Msg::UnknownService).to_owned());
    let (step, count) = current
        .as_ref()
        .map(|p| (p.step, p.step_count))
        .unwrap_or((1, 1));
    let on_return = journey.on(Event::ReturnNow);
    match view {
        View::Loading => view! { <Loading /> }.into_any(),
        View::Welcome => match session {
            Some(session) => {
                view! { <WelcomeView session on_start=journey.on(Event::Start) /> }.into_any()
            }
            None => view! { <Loading /> }.into_any(),
        },
        View::Screen(Screen::Consent) => {
            let sending =
                Memo::new(move |_| flow.with(|f| f.pending_consent.is_some() && !f.action_failed));
            let failed = Memo::new(move |_| flow.with(|f| f.action_failed));
            view! {
                <Consent
                    step
                    count
                    sending
                    failed
                    on_accept=journey.on(Event::Consent(true))
                    on_reject=journey.on(Event::Consent(false))
                    on_retry=journey.on(Event::Retry)
                />
            }
            .into_any()
        }
        View::Screen(Screen::DocumentFront) => view! {
            <DocumentCaptureScreen side=Side::Front step count journey />
        }
        .into_any(),
        View::Screen(Screen::DocumentBack) => view! {
            <DocumentCaptureScreen side=Side::Back step count journey />
        }
        .into_any(),
        View::Screen(Screen::Liveness) => {
            view! { <LivenessScreen step count journey /> }.into_any()
        }
        View::Screen(Screen::ProofOfAddress) => view! {
            <DocumentUploadScreen kind=DocumentKind::Address step count journey />
        }
        .into_any(),
        View::Screen(Screen::ProofOfFunds) => view! {
            <DocumentUploadScreen kind=DocumentKind::Funds step count journey />
        }
        .into_any(),
        View::Screen(Screen::PhoneVerification) => {
            let locale = session
                .as_ref()
                .map(|s| s.locale.clone())
                .unwrap_or_default();
            view! { <PhoneVerification step count locale journey /> }.into_any()
        }
        View::Screen(Screen::EmailVerification) => {
            view! { <EmailVerification step count journey /> }.into_any()
        }
        View::Screen(Screen::Nfc) => {
            let on_check_again = journey.on(Event::CheckAgain);
            view! { <Nfc step count service=service_or_default on_check_again /> }.into_any()
        }
        View::Screen(Screen::Completed) => {
            view! { <Completed service=service_or_default can_return on_return /> }.into_any()
        }
        View::Screen(Screen::Successful) => {
            view! { <Successful service=service_or_default can_return on_return /> }.into_any()
        }
        View::Screen(Screen::Rejected) => {
            view! { <Rejected service=service_or_default can_return on_return /> }.into_any()
        }
        View::Screen(Screen::Cancel) => {
            view! { <Cancelled service=service_or_default can_return on_return /> }.into_any()
        }
        View::Screen(Screen::Unknown(name)) => {
            view! { <Unsupported name on_check_again=journey.on(Event::CheckAgain) /> }.into_any()
        }
        View::LinkRefused(problem) => {
            let return_url =
                flow.with_untracked(|f| f.return_url.as_ref().map(|u| u.as_str().to_owned()));
            view! { <LinkRefused problem service return_url /> }.into_any()
        }
        View::LoadFailed(problem) => {
            view! { <LoadError problem on_retry=journey.on(Event::Retry) /> }.into_any()
        }
    }
}

/// What the live region announces when a view appears.
fn status(view: &View) -> Msg {
    match view {
        View::Loading => Msg::StatusLoading,
        View::Welcome => Msg::StatusReady,
        View::Screen(Screen::Consent) => Msg::ConsentTitle,
        View::Screen(Screen::Completed) => Msg::CompletedTitle,
        View::Screen(Screen::Successful) => Msg::SuccessfulTitle,
        View::Screen(Screen::Rejected) => Msg::RejectedTitle,
        View::Screen(Screen::Cancel) => Msg::CancelTitle,
        View::Screen(Screen::Unknown(_)) => Msg::UnsupportedTitle,
        View::Screen(Screen::DocumentFront) => Msg::DocumentFrontTitle,
        View::Screen(Screen::DocumentBack) => Msg::DocumentBackTitle,
        View::Screen(Screen::Liveness) => Msg::LivenessTitle,
        View::Screen(Screen::ProofOfAddress) => Msg::AddressTitle,
        View::Screen(Screen::ProofOfFunds) => Msg::FundsTitle,
        View::Screen(Screen::PhoneVerification) => Msg::PhoneTitle,
        View::Screen(Screen::EmailVerification) => Msg::EmailTitle,
        View::Screen(Screen::Nfc) => Msg::NfcTitle,
        View::LinkRefused(LinkProblem::TokenExpired) => Msg::ExpiredTitle,
        View::LinkRefused(LinkProblem::InvalidToken) => Msg::InvalidTitle,
        View::LoadFailed(LoadProblem::Unreachable) => Msg::UnreachableTitle,
        View::LoadFailed(LoadProblem::Unexpected) => Msg::UnexpectedTitle,
    }
}
