//! End-to-end: the release build of the app, served by the sandbox, in headless Chromium.
//! Needs `dist/` (the README's test command builds it) and Debian's chromium + chromium-driver.
//!
//! Screens are found by `data-screen`, controls by `data-testid` (docs/test-hooks.md). Every
//! screen a test reaches is saved under `target/e2e-screenshots/`.

mod support;

use idv_core::{Session, SessionStatus};
use std::time::Duration;
use support::pages::{
    ConsentPage, ExpiredLinkPage, FinalPage, LoadErrorPage, LostSessionPage, NoSessionPage,
    WelcomePage,
};
use support::{Harness, Probe, ReturnSite, SCREEN_TIMEOUT};

/// From the consent decision to the return URL: the final screen, ~3 s on it, the navigation.
const JOURNEY_TIMEOUT: Duration = Duration::from_secs(40);
/// Longer than the app's redirect delay (about 3 s, docs/test-hooks.md): a navigation that was
/// going to happen has happened by then.
const NO_REDIRECT_WAIT: Duration = Duration::from_secs(5);

fn start_url(session: &Session) -> &str {
    session
        .start_url
        .as_deref()
        .expect("start_url in the create answer")
}

fn assert_no_token(url: &str) {
    assert!(
        !url.contains("authorization"),
        "token left in the address bar: {url}"
    );
}

/// Opens the start link, checks the welcome screen and starts; returns on the consent screen.
async fn open_and_reach_consent(h: &Harness, session: &Session, shot_prefix: &str) -> ConsentPage {
    h.open(start_url(session)).await;
    let welcome = WelcomePage::wait(h).await;
    assert_eq!(welcome.session_id().await, session.session_id);
    assert_no_token(&h.current_url().await);
    h.screenshot_once(&format!("{shot_prefix}welcome")).await;
    WelcomePage::start(h).await;
    let consent = ConsentPage::wait(h).await;
    h.screenshot_once(&format!("{shot_prefix}consent_screen"))
        .await;
    consent
}

fn returned(probe: &Probe) -> bool {
    probe.returned
}

// ---- entry ----

// The start link opens the session, and the token does not stay in the address bar.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_link_shows_session_id() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-user", "kyc", None).await;

    h.open(start_url(&session)).await;
    let welcome = WelcomePage::wait(&h).await;

    assert_eq!(welcome.session_id().await, session.session_id);
    assert_eq!(welcome.steps().await, ["consent", "document", "liveness"]);
    let url = h.current_url().await;
    assert_no_token(&url);
    assert!(url.ends_with("/mobile"), "{url}");
    h.screenshot("welcome").await;
    h.assert_clean_console().await;
    h.finish().await;
}

// A reload has no token in the URL any more: the tab's session storage resumes the session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_resumes_the_session() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-reload", "kyc", None).await;
    h.open(start_url(&session)).await;
    WelcomePage::wait(&h).await;

    h.driver().refresh().await.expect("reload");
    let welcome = WelcomePage::wait(&h).await;

    assert_eq!(welcome.session_id().await, session.session_id);
    assert_no_token(&h.current_url().await);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn root_without_link_explains_the_link_is_needed() {
    let h = Harness::start().await;

    h.open("/").await;
    NoSessionPage::wait(&h).await;

    h.screenshot("no_session").await;
    h.assert_clean_console().await;
    h.finish().await;
}

// `/mobile` without a link and with nothing stored in this tab: the session is lost, and the
// screen says how to get back to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mobile_without_link_or_stored_session_is_a_lost_session() {
    let h = Harness::start().await;

    h.open("/mobile").await;
    LostSessionPage::wait(&h).await;

    h.screenshot("lost_session").await;
    h.assert_clean_console().await;
    h.finish().await;
}

// A refused token is a dead end the user can only leave with a new link: no retry button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_token_shows_expired_link() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-bad-token", "kyc", None).await;

    h.open(&format!(
        "/mobile?authorization=not-a-real-token&sessionId={}",
        session.session_id
    ))
    .await;
    let error = ExpiredLinkPage::wait(&h).await;

    assert_eq!(error.reason().await, "invalid_token");
    assert!(!error.has_retry().await);
    assert_no_token(&h.current_url().await);
    h.screenshot("expired_link-invalid_token").await;
    // The refused request itself is logged as an error by the browser; nothing else may be.
    h.assert_no_csp_violations().await;
    h.finish().await;
}

// Issue 3, e2e 6: a token past its 30 minutes shows the expired-link screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_token_shows_expired_link() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-expired", "kyc", None).await;

    h.advance_clock(Duration::from_secs(31 * 60));
    h.open(start_url(&session)).await;
    let expired = ExpiredLinkPage::wait(&h).await;

    assert_eq!(expired.reason().await, "token_expired");
    assert!(!expired.has_retry().await);
    assert_no_token(&h.current_url().await);
    h.screenshot("expired_link").await;
    h.assert_no_csp_violations().await;
    h.finish().await;
}

// A network failure is not the user's fault: the app says so and offers a retry that works once
// the network is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_failure_offers_a_working_retry() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-offline", "kyc", None).await;
    h.block_requests(&["*/v1/client/*"]).await;

    h.open(start_url(&session)).await;
    let error = LoadErrorPage::wait(&h).await;
    assert_eq!(error.kind().await, "unreachable");
    assert!(error.has_retry().await);
    h.screenshot("load_error-unreachable").await;

    h.block_requests(&[]).await;
    LoadErrorPage::retry(&h).await;
    let welcome = WelcomePage::wait(&h).await;
    assert_eq!(welcome.session_id().await, session.session_id);
    h.finish().await;
}

// ---- the journey ----

// Issue 3, e2e 1: welcome → consent → accept → final screen → the integrator's return URL, once;
// the integrator then reads a final status.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_consent_ends_on_the_return_url() {
    let site = ReturnSite::start();
    let h = Harness::start().await;
    let session = h
        .create_session("e2e-accept", "consent_only", Some(&site.url()))
        .await;

    let consent = open_and_reach_consent(&h, &session, "").await;
    assert!(
        !consent.text().await.trim().is_empty(),
        "the consent screen shows no text to agree to"
    );
    ConsentPage::accept(&h).await;
    let journey = h.follow("", JOURNEY_TIMEOUT, returned).await;
    h.screenshot("returned").await;

    assert!(
        journey.saw("successful_screen"),
        "no successful_screen before the return: {:?}",
        journey.screens
    );
    for name in &journey.screens {
        assert!(
            ["consent_screen", "completed_screen", "successful_screen"].contains(&name.as_str()),
            "unexpected screen {name} in {:?}",
            journey.screens
        );
    }
    assert_eq!(journey.last.url, site.url());
    assert_eq!(
        site.returns(),
        ["/back?from=idv"],
        "the app navigated more than once"
    );

    let outcome = h.session(&session.session_id).await;
    assert_eq!(outcome.status, SessionStatus::Verified);
    assert!(outcome.result.is_some(), "a finished session has a result");
    h.assert_clean_console().await;

    // `location.replace`: going back does not reopen the finished journey.
    h.driver().back().await.expect("go back");
    let back = h.current_url().await;
    assert!(
        !h.on_app_origin(&back),
        "back reopened the journey at {back}"
    );
    h.finish().await;
}

// Issue 3, e2e 2: reject → cancel_screen → the return URL (here with `return-now`, at once);
// the session is cancelled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_consent_cancels_and_returns() {
    let site = ReturnSite::start();
    let h = Harness::start().await;
    let session = h
        .create_session("e2e-reject", "consent_only", Some(&site.url()))
        .await;

    open_and_reach_consent(&h, &session, "reject-").await;
    ConsentPage::reject(&h).await;
    let cancel = FinalPage::wait(&h, "cancel_screen").await;
    h.screenshot_once("cancel_screen").await;
    assert!(
        cancel.has_return_now().await,
        "no return-now on cancel_screen though the return URL is usable"
    );
    h.click("return-now").await;
    let journey = h.follow("reject-", JOURNEY_TIMEOUT, returned).await;

    assert_eq!(journey.last.url, site.url());
    assert_eq!(
        site.returns(),
        ["/back?from=idv"],
        "the app navigated more than once"
    );
    let outcome = h.session(&session.session_id).await;
    assert_eq!(outcome.status, SessionStatus::Cancelled);
    h.assert_clean_console().await;
    h.finish().await;
}

/// Asserts that no websocket of the session got through the sandbox's refusal.
async fn assert_no_socket_connected(h: &Harness, session_id: &str) {
    let events = h.events(session_id).await;
    assert!(
        !events
            .iter()
            .any(|e| e.kind == "websocket" && e.detail.as_deref() == Some("connected")),
        "a websocket got through the refusal: {events:#?}"
    );
}

// Issue 3, e2e 3 (a): the sandbox refuses every websocket of the session and decides 1.5 s after
// consent. The consent answer shows completed_screen; successful_screen can only be found by
// HTTP polling. Without a return URL nothing ends the wait early, so the test is deterministic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_websockets_decision_is_found_by_polling() {
    let h = Harness::start_with(|config| config.decision_delay_ms = 1500).await;
    let session = h.create_session("e2e-poll", "consent_only", None).await;
    h.refuse_websockets(&session.session_id).await;

    open_and_reach_consent(&h, &session, "no-socket-").await;
    ConsentPage::accept(&h).await;
    let journey = h
        .follow("no-socket-", JOURNEY_TIMEOUT, |p| {
            p.screen.as_deref() == Some("successful_screen")
        })
        .await;

    assert!(
        journey.saw("completed_screen"),
        "the consent answer (decision not yet made) should show completed_screen: {:?}",
        journey.screens
    );
    let done = FinalPage::wait(&h, "successful_screen").await;
    assert!(
        !done.has_return_now().await,
        "return-now offered without a return URL"
    );
    assert!(h.on_app_origin(&h.current_url().await));
    assert_eq!(
        h.session(&session.session_id).await.status,
        SessionStatus::Verified
    );
    assert_no_socket_connected(&h, &session.session_id).await;
    h.assert_no_csp_violations().await;
    h.finish().await;
}

// Issue 3, e2e 3 (b): the same refusal with a return URL: the journey completes over HTTP
// alone and the user lands on the return URL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_websockets_journey_completes_and_returns() {
    let site = ReturnSite::start();
    let h = Harness::start_with(|config| config.decision_delay_ms = 1500).await;
    let session = h
        .create_session("e2e-no-socket", "consent_only", Some(&site.url()))
        .await;
    h.refuse_websockets(&session.session_id).await;

    open_and_reach_consent(&h, &session, "no-socket-return-").await;
    ConsentPage::accept(&h).await;
    let journey = h
        .follow("no-socket-return-", JOURNEY_TIMEOUT, returned)
        .await;

    // completed_screen is final too: the app may return from it (after its redirect delay)
    // before a poll finds the decision, so successful_screen is not required here.
    assert!(
        journey.saw("completed_screen"),
        "the consent answer (decision not yet made) should show completed_screen: {:?}",
        journey.screens
    );
    assert_eq!(journey.last.url, site.url());
    assert_eq!(site.returns(), ["/back?from=idv"]);
    assert_eq!(
        h.session(&session.session_id).await.status,
        SessionStatus::Verified
    );
    assert_no_socket_connected(&h, &session.session_id).await;
    h.assert_no_csp_violations().await;
    h.finish().await;
}

/// Issue 3, e2e 4: the platform serves `raw` as `web_sdk_return_url`; the app shows the final
/// screen, offers no `return-now` and never leaves its origin.
async fn unusable_return_url_is_never_navigated(raw: &str, shot_prefix: &str) {
    let site = ReturnSite::start();
    let h = Harness::start().await;
    let session = h
        .create_session("e2e-bad-return", "consent_only", Some(&site.url()))
        .await;
    h.serve_client_return_url(&session.session_id, raw).await;

    open_and_reach_consent(&h, &session, shot_prefix).await;
    ConsentPage::accept(&h).await;
    h.follow(shot_prefix, JOURNEY_TIMEOUT, |p| {
        p.screen.as_deref() == Some("successful_screen")
    })
    .await;
    let done = FinalPage::wait(&h, "successful_screen").await;
    assert!(
        !done.has_return_now().await,
        "return-now offered for the unusable return URL {raw:?}"
    );

    // The one bounded negative wait: past the redirect delay, nothing may have moved.
    let harness = &h;
    let moved = h
        .stays_false_for(NO_REDIRECT_WAIT, || async move {
            match harness.probe_now().await {
                Ok(p) => {
                    !harness.on_app_origin(&p.url)
                        || p.screen.as_deref() != Some("successful_screen")
                }
                // Navigating, or an alert open (a `javascript:` URL ran).
                Err(_) => true,
            }
        })
        .await;
    let url = h.current_url().await;
    assert!(
        !moved,
        "the app left successful_screen for {raw:?}; now at {url}"
    );
    assert!(h.on_app_origin(&url), "navigated to {url} for {raw:?}");
    assert!(
        h.driver().get_alert_text().await.is_err(),
        "an alert is open: the return URL {raw:?} ran"
    );
    assert!(site.returns().is_empty());
    h.screenshot(&format!("{shot_prefix}successful_screen-stays"))
        .await;
    // A blocked `javascript:` navigation would show up as a CSP violation.
    h.assert_no_csp_violations().await;
    assert_eq!(
        h.session(&session.session_id).await.status,
        SessionStatus::Verified
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn javascript_return_url_is_never_navigated() {
    unusable_return_url_is_never_navigated("javascript:alert(1)", "bad-return-js-").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insecure_http_return_url_is_never_navigated() {
    unusable_return_url_is_never_navigated("http://evil.example/", "bad-return-http-").await;
}

// Issue 3, e2e 5: the token leaves the address bar at load, and a reload in the middle of the
// journey continues the same session where the platform left it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_after_consent_continues_the_session() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-resume", "kyc", None).await;

    open_and_reach_consent(&h, &session, "resume-").await;
    ConsentPage::accept(&h).await;
    h.wait_for_screen("scan_id_document_front_screen").await;
    h.screenshot_once("scan_id_document_front_screen").await;
    let url = h.current_url().await;
    assert_no_token(&url);
    assert!(h.on_app_origin(&url), "{url}");

    h.driver().refresh().await.expect("reload");
    let after = h
        .follow("resume-after-reload-", SCREEN_TIMEOUT, |p| {
            p.screen.as_deref().is_some_and(|s| s != "loading")
        })
        .await;
    match after.last.screen.as_deref() {
        Some("scan_id_document_front_screen") => {}
        Some("welcome") => {
            let welcome = WelcomePage::wait(&h).await;
            assert_eq!(welcome.session_id().await, session.session_id);
            WelcomePage::start(&h).await;
            let resumed = h
                .follow("resume-after-reload-", SCREEN_TIMEOUT, |p| {
                    p.screen
                        .as_deref()
                        .is_some_and(|s| s != "loading" && s != "welcome")
                })
                .await;
            assert_eq!(
                resumed.last.screen.as_deref(),
                Some("scan_id_document_front_screen"),
                "after the reload and welcome-start: {:?}",
                resumed.screens
            );
        }
        other => panic!(
            "after a reload: {other:?} (screens {:?}); expected the journey to continue",
            after.screens
        ),
    }
    assert_no_token(&h.current_url().await);
    assert_eq!(
        h.session(&session.session_id).await.status,
        SessionStatus::InProgress
    );
    h.assert_clean_console().await;
    h.finish().await;
}
