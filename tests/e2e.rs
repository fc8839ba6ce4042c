//! End-to-end: the release build of the app, served by the sandbox, in headless Chromium.
//! Needs `dist/` (the README's test command builds it) and Debian's chromium + chromium-driver.

mod support;

use support::pages::{LoadErrorPage, NoSessionPage, WelcomePage};
use support::Harness;

// The start link opens the session, and the token does not stay in the address bar.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_link_shows_session_id() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-user", "kyc").await;
    let start_url = session
        .start_url
        .clone()
        .expect("start_url in the create answer");

    h.open(&start_url).await;
    let welcome = WelcomePage::wait(&h).await;

    assert_eq!(welcome.session_id().await, session.session_id);
    assert_eq!(welcome.steps().await, ["consent", "document", "liveness"]);
    let url = h.current_url().await;
    assert!(
        !url.contains("authorization"),
        "token left in the address bar: {url}"
    );
    assert!(url.ends_with("/mobile"), "{url}");
    h.screenshot("welcome").await;
    h.assert_clean_console().await;
    h.finish().await;
}

// A reload has no token in the URL any more: the tab's session storage resumes the session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_resumes_the_session() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-reload", "kyc").await;
    h.open(session.start_url.as_deref().expect("start_url"))
        .await;
    WelcomePage::wait(&h).await;

    h.driver().refresh().await.expect("reload");
    let welcome = WelcomePage::wait(&h).await;

    assert_eq!(welcome.session_id().await, session.session_id);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn root_without_link_explains_the_link_is_needed() {
    let h = Harness::start().await;

    h.open("/").await;
    NoSessionPage::wait(&h).await;

    h.screenshot("no-session").await;
    h.assert_clean_console().await;
    h.finish().await;
}

// A refused token is a dead end the user can only leave with a new link: no retry button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_token_shows_link_error() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-bad-token", "kyc").await;

    h.open(&format!(
        "/mobile?authorization=not-a-real-token&sessionId={}",
        session.session_id
    ))
    .await;
    let error = LoadErrorPage::wait(&h).await;

    assert_eq!(error.kind().await, "link_invalid");
    assert!(!error.has_retry().await);
    let url = h.current_url().await;
    assert!(
        !url.contains("authorization"),
        "token left in the address bar: {url}"
    );
    h.screenshot("link-invalid").await;
    // The refused request itself is logged as an error by the browser; nothing else may be.
    h.assert_no_csp_violations().await;
    h.finish().await;
}

// A network failure is not the user's fault: the app says so and offers a retry that works once
// the network is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_failure_offers_a_working_retry() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-offline", "kyc").await;
    h.block_requests(&["*/v1/client/*"]).await;

    h.open(session.start_url.as_deref().expect("start_url"))
        .await;
    let error = LoadErrorPage::wait(&h).await;
    assert_eq!(error.kind().await, "unreachable");
    h.screenshot("unreachable").await;

    h.block_requests(&[]).await;
    error.retry().await;
    let welcome = WelcomePage::wait(&h).await;
    assert_eq!(welcome.session_id().await, session.session_id);
    h.finish().await;
}
