//! The chip screen (`nfc_capture_screen`) end to end: the release build in headless Chromium
//! against the sandbox's `passport` workflow (consent, document, nfc, liveness).
//!
//! A browser cannot read the chip, so the app can only wait on that screen; these tests prove it
//! moves on when the platform skips the step (`POST /v1/sandbox/sessions/{id}/steps/nfc/skip`):
//! by the push, and, when the push is lost (the sandbox's `mute` websocket fault), by asking
//! after the screen's 10 s wait. The document step is not what these tests are about: the
//! session is put on the chip step by [`Harness::skip_to`], a test-only edit of the sandbox's
//! record, pushed like any change.

mod support;

use idv_core::{Screen, Session, Step};
use std::time::{Duration, Instant};
use support::pages::{ConsentPage, WelcomePage};
use support::steps::StepProbe;
use support::Harness;

const NFC: &str = "nfc_capture_screen";
const NEXT: &str = "liveness_screen";

/// Opens the link, accepts consent, and puts the session on the chip step; returns when the
/// chip screen shows, with the instant it was first seen.
async fn on_chip_screen(h: &Harness, session: &Session, prefix: &str) -> (StepProbe, Instant) {
    h.open(session.start_url.as_deref().expect("start_url"))
        .await;
    WelcomePage::wait(h).await;
    WelcomePage::start(h).await;
    ConsentPage::wait(h).await;
    ConsentPage::accept(h).await;
    h.wait_for_screen("scan_id_document_front_screen").await;
    h.skip_to(&session.session_id, Step::Nfc);
    let probe = h
        .wait_step("the chip screen", |p| {
            p.on(NFC) && p.shows("nfc-waiting") && p.shows("check-again")
        })
        .await;
    let seen = Instant::now();
    h.screenshot(&format!("{prefix}-nfc_capture_screen")).await;
    // The document screen was left while its camera was starting: nothing may break for it.
    h.assert_clean_console().await;
    (probe, seen)
}

// The platform skips the chip step: its push moves the app on by itself, well before the
// screen's own wait would have asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_skipped_chip_step_moves_the_app_on_by_the_push() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-nfc-push", "passport", None).await;
    let (probe, seen) = on_chip_screen(&h, &session, "nfc-push").await;
    assert!(probe.shows("step-progress"), "{probe:#?}");
    let text = h
        .element("screen")
        .await
        .text()
        .await
        .expect("the screen's text");
    assert!(text.contains("web browser cannot"), "{text}");
    assert!(text.contains("moves on by itself"), "{text}");

    h.skip_nfc(&session.session_id).await;
    // The screen's wait is 10 s from the screen's arrival: a change seen before it is the push.
    let wait = Duration::from_millis(Screen::Nfc.fallback_wait_ms().expect("a wait").into());
    let moved = h
        .wait_step_for("the push", wait.saturating_sub(seen.elapsed()), |p| {
            p.on(NEXT)
        })
        .await;
    assert!(moved.on(NEXT), "{moved:#?}");
    h.screenshot("nfc-push-after").await;
    h.assert_clean_console().await;
    h.finish().await;
}

// The platform skips the chip step but its push is lost (the socket stays open and silent): the
// app asks by itself after the screen's wait and moves on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_push_is_made_up_for_by_the_app_asking() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-nfc-lost", "passport", None).await;
    let id = session.session_id.clone();
    on_chip_screen(&h, &session, "nfc-lost").await;
    h.inject_faults(&id, serde_json::json!({"websocket": "mute"}))
        .await;
    h.skip_nfc(&id).await;
    let asked = Instant::now();
    // The screen's wait (10 s) and an answer; the session's own state says where it is.
    let moved = h
        .wait_step_for("the app asking", Duration::from_secs(25), |p| p.on(NEXT))
        .await;
    assert!(moved.on(NEXT), "{moved:#?}");
    assert!(
        !moved.shows("connection-banner"),
        "a lost push is no connection problem: {moved:#?}"
    );
    eprintln!("moved on {:?} after the skip", asked.elapsed());
    h.screenshot("nfc-lost-after").await;
    // The socket was never dropped: the app asked on it (or over HTTP), it did not reconnect.
    let events = h.events(&id).await;
    let connects = events
        .iter()
        .filter(|e| e.kind == "websocket" && e.detail.as_deref() == Some("connected"))
        .count();
    assert_eq!(connects, 1, "{events:#?}");
    h.assert_clean_console().await;
    h.finish().await;
}
