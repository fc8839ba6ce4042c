//! End-to-end: the built app served from one origin, the platform's API on another
//! (`<meta name="idv-api-origin">`, docs/self-hosting.md). The platform answers the client API
//! across origins only to the origins the app may be served from (CORS, `IDV_ALLOWED_ORIGINS`);
//! the page's own server names the platform in its CSP (`IDV_API_ORIGIN`).
//!
//! Needs a build whose `index.html` has the meta (`IDV_DIST_DIR`), and Debian's chromium +
//! chromium-driver, as the other end-to-end tests.

mod support;

use idv_core::{SessionStatus, Step};
use std::time::Duration;
use support::app_site::AppOrigin;
use support::capture::FRONT;
use support::pages::{ConsentPage, LoadErrorPage, WelcomePage};
use support::steps::pdf;
use support::Harness;

const JOURNEY_TIMEOUT: Duration = Duration::from_secs(40);
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(30);
const ADDRESS: &str = "proof_of_address_screen";

// The app on its own origin runs a consent_only journey to its end against a platform on
// another origin that allows it: every call and the websocket go to the platform, under the
// page's CSP, with nothing refused on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_on_another_origin_runs_a_journey_on_the_platform() {
    let app = AppOrigin::reserve().await;
    let app_origin = app.origin();
    let h = Harness::start_with(|c| c.allowed_origins = vec![app_origin.clone()]).await;
    let site = app.serve(&h.base_url);
    assert_ne!(site.origin(), h.base_url);

    // The page's server lets it reach the platform, in both forms.
    let page = h
        .http
        .get(format!("{}/mobile", site.origin()))
        .send()
        .await
        .expect("GET the app's page");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let platform_ws = h.base_url.replace("http://", "ws://");
    assert!(
        csp.contains(&format!(" {} {platform_ws};", h.base_url)),
        "{csp}"
    );

    let session = h.create_session("cross-origin", "consent_only", None).await;
    h.open(&site.start_url(&session)).await;
    let welcome = WelcomePage::wait(&h).await;
    // Read from the platform: this origin's own server has no such session.
    assert_eq!(welcome.session_id().await, session.session_id);
    let url = h.current_url().await;
    assert!(url.starts_with(&format!("{}/", site.origin())), "{url}");
    h.screenshot_once("cross-origin-welcome").await;
    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    ConsentPage::accept(&h).await;
    let journey = h
        .follow("cross-origin-", JOURNEY_TIMEOUT, |p| {
            p.screen.as_deref() == Some("successful_screen")
        })
        .await;
    for name in &journey.screens {
        assert!(
            ["consent_screen", "completed_screen", "successful_screen"].contains(&name.as_str()),
            "unexpected screen {name} in {:?}",
            journey.screens
        );
    }

    assert_eq!(
        h.session(&session.session_id).await.status,
        SessionStatus::Verified
    );
    // The websocket too went to the platform, and its Origin check let the page in.
    let events = h.events(&session.session_id).await;
    assert!(
        events
            .iter()
            .any(|e| e.kind == "websocket" && e.detail.as_deref() == Some("connected")),
        "no websocket from the app's origin reached the platform: {events:#?}"
    );
    // No CORS refusal, no CSP violation, nothing else in the console.
    h.assert_no_csp_violations().await;
    h.assert_clean_console().await;
    h.finish().await;
}

// The same app on an origin the platform does not allow: the browser refuses the platform's
// answers (no CORS headers for that origin), and the app says it cannot reach the platform,
// with a retry, instead of a white page or a panic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_on_an_origin_not_allowed_says_it_cannot_reach_the_platform() {
    let app = AppOrigin::reserve().await;
    let h = Harness::start().await;
    let site = app.serve(&h.base_url);
    let session = h
        .create_session("cross-origin-refused", "consent_only", None)
        .await;

    h.open(&site.start_url(&session)).await;
    let error = LoadErrorPage::wait(&h).await;
    assert!(error.has_retry().await, "no way forward on load_error");
    h.screenshot("cross-origin-refused-load_error").await;
    let probe = h.probe_now().await.expect("probe");
    assert_eq!(probe.screen_count, 1, "{probe:?}");
    assert_eq!(probe.screen.as_deref(), Some("load_error"));

    // A retry is refused the same way and lands on the same screen.
    LoadErrorPage::retry(&h).await;
    LoadErrorPage::wait(&h).await;

    let console: Vec<String> = h
        .browser
        .drain_log()
        .await
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(
        console.iter().any(|m| m.contains("CORS policy")),
        "the browser did not say why (CORS): {console:#?}"
    );
    assert!(
        !console.iter().any(|m| m.contains("panicked")),
        "the app panicked: {console:#?}"
    );
    h.assert_no_csp_violations().await;
    // The browser never sent the calls (their preflight was refused): the session has not
    // even been opened.
    assert_eq!(
        h.session(&session.session_id).await.status,
        SessionStatus::Pending
    );
    h.finish().await;
}

// An upload goes across origins too: the proof of address (multipart, with its Idempotency-Key,
// through XMLHttpRequest) is sent to the platform and stored there once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_from_the_app_on_another_origin_is_stored_on_the_platform() {
    let app = AppOrigin::reserve().await;
    let app_origin = app.origin();
    let h = Harness::start_with(|c| c.allowed_origins = vec![app_origin.clone()]).await;
    let site = app.serve(&h.base_url);
    let session = h.create_session("cross-origin-upload", "full", None).await;
    let id = session.session_id.clone();
    h.open(&site.start_url(&session)).await;
    WelcomePage::wait(&h).await;
    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    ConsentPage::accept(&h).await;
    h.wait_for_screen(FRONT).await;
    // The steps before the proof of address are not what this test is about.
    h.skip_to(&id, Step::Address);
    h.wait_step("the address screen", |p| {
        p.on(ADDRESS) && p.capture_state.as_deref() == Some("choose")
    })
    .await;

    let dir = tempfile::tempdir().expect("a temporary folder");
    let bill = dir.path().join("bill.pdf");
    std::fs::write(&bill, pdf(1, "Electricity bill, 1 Main Street")).expect("write the bill");
    h.choose_file(&bill).await;
    h.wait_step("the file's preview", |p| {
        p.on(ADDRESS) && p.capture_state.as_deref() == Some("preview")
    })
    .await;
    h.click("use-photo").await;
    let next = h
        .wait_step_for("the upload", UPLOAD_TIMEOUT, |p| {
            p.screen.is_some() && !p.on(ADDRESS)
        })
        .await;
    h.screenshot_once(&format!(
        "cross-origin-upload-{}",
        next.screen.as_deref().unwrap_or_default()
    ))
    .await;

    let stored = h.documents(&id).await;
    assert_eq!(stored.len(), 1, "{stored:#?}");
    assert_eq!(stored[0].kind, "address");
    h.assert_no_csp_violations().await;
    h.assert_clean_console().await;
    h.finish().await;
}
