//! The journey on the other engines a phone user has (issue 19): WebKit, Safari's engine and so
//! every browser on an iPhone, playing an iPhone; and Gecko (Firefox ESR) playing an Android
//! phone. Same harness, same page objects as on Chromium: only the browser differs
//! (`support::browser::Engine`).

mod support;

use idv_core::{Session, SessionStatus};
use std::time::Duration;
use support::pages::{ConsentPage, WelcomePage};
use support::{BrowserOptions, Engine, Harness, ReturnSite};

/// From the consent decision to the return URL: the final screen, ~3 s on it, the navigation.
const JOURNEY_TIMEOUT: Duration = Duration::from_secs(40);

fn start_url(session: &Session) -> &str {
    session
        .start_url
        .as_deref()
        .expect("a new session has a start link")
}

/// The start link, the welcome screen (the session's id, the token gone from the address bar),
/// consent accepted, the decision, the return URL; axe-core on every screen it passes.
async fn consent_journey_on(engine: Engine, name: &str) {
    let site = ReturnSite::start();
    let options = BrowserOptions {
        engine,
        ..BrowserOptions::default()
    };
    let h = Harness::start_with_browser(|_| {}, &options).await;
    let session = h
        .create_session(
            &format!("engines-{name}"),
            "consent_only",
            Some(&site.url()),
        )
        .await;

    h.open(start_url(&session)).await;
    let welcome = WelcomePage::wait(&h).await;
    assert_eq!(welcome.session_id().await, session.session_id);
    let url = h.current_url().await;
    assert!(!url.contains("authorization"), "token left in {url}");
    h.screenshot(&format!("{name}-welcome")).await;
    h.assert_accessible(&format!("{name} welcome")).await;

    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    h.screenshot(&format!("{name}-consent")).await;
    h.assert_accessible(&format!("{name} consent")).await;
    ConsentPage::accept(&h).await;

    let journey = h.follow(name, JOURNEY_TIMEOUT, |p| p.returned).await;
    assert!(
        journey.saw("successful_screen"),
        "no successful_screen before the return: {:?}",
        journey.screens
    );
    assert_eq!(journey.last.url, site.url());
    assert_eq!(
        h.session(&session.session_id).await.status,
        SessionStatus::Verified
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_as_an_iphone_consents_and_returns() {
    consent_journey_on(Engine::WebKit, "webkit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_as_a_phone_consents_and_returns() {
    consent_journey_on(Engine::Gecko, "gecko").await;
}
