//! The example integrator (`examples/integrator`, issue 11) end to end: its backend, started on
//! a free port with the sandbox's API key, creates a `consent_only` session; its page (on its
//! own origin, under its strict CSP) loads `embed-v1.js` from the app's origin and opens the
//! flow; the journey runs inside the frame; the page lists the documented events in order, each
//! from the app's origin, ignores a look-alike posted by a page on a third origin, and shows
//! the outcome its backend read from the platform.

mod support;

use std::time::{Duration, Instant};
use support::pages::{ConsentPage, WelcomePage};
use support::{testid, Harness, ReturnSite, API_KEY};
use thirtyfour::prelude::*;

/// A page on a third origin that posts a perfect look-alike of the app's decision to the window
/// that opened it, then closes itself.
const FORGER: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Elsewhere</title></head><body><main><h1>Elsewhere</h1>
<script>
if (window.opener) {
  window.opener.postMessage({ source: 'idv-capture', version: 1, type: 'completed',
    status: 'successful' }, '*');
}
window.close();
</script></main></body></html>"#;

const WAIT: Duration = Duration::from_secs(30);

/// One listed message of the example page: `data-type` and `data-origin`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct Listed {
    #[serde(rename = "type")]
    kind: String,
    origin: String,
}

async fn listed(h: &Harness, list: &str) -> Vec<Listed> {
    h.driver()
        .execute(
            "return Array.from(document.querySelectorAll(\
               '[data-testid=\"' + arguments[0] + '\"] > li'), \
               li => ({ type: li.dataset.type, origin: li.dataset.origin }));",
            vec![serde_json::json!(list)],
        )
        .await
        .expect("read the page's list")
        .convert()
        .expect("listed messages")
}

async fn wait_listed(h: &Harness, list: &str, done: impl Fn(&[Listed]) -> bool) -> Vec<Listed> {
    let deadline = Instant::now() + WAIT;
    loop {
        let got = listed(h, list).await;
        if done(&got) {
            return got;
        }
        assert!(Instant::now() < deadline, "{list}: {got:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `final-status`'s `data-status` and `data-decided`, once the backend has answered.
async fn final_status(h: &Harness) -> (Option<String>, Option<String>) {
    let element = h
        .driver()
        .find(testid("final-status"))
        .await
        .expect("the result line");
    (
        element.attr("data-status").await.expect("data-status"),
        element.attr("data-decided").await.expect("data-decided"),
    )
}

/// Presses the button `data-testid=<id>` in the app's frame with the keyboard: in a frame of a
/// page under Chromium's mobile emulation, WebDriver's pointer misses the frame's buttons.
async fn activate(h: &Harness, id: &str) {
    h.driver()
        .query(testid(id))
        .wait(WAIT, Duration::from_millis(50))
        .first()
        .await
        .unwrap_or_else(|e| panic!("no {id}: {e}"))
        .send_keys(Key::Enter)
        .await
        .unwrap_or_else(|e| panic!("press {id}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_integrator_embeds_a_journey_and_reads_the_outcome_from_the_platform() {
    // The example's origin is the page the sandbox lets frame the app (`IDV_FRAME_ANCESTORS`).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the example");
    let example = format!("http://{}", listener.local_addr().expect("its address"));
    let frame_ancestors = example.clone();
    // The decision comes a moment after submission, so the page hears both endings.
    let h = Harness::start_with(move |c| {
        c.frame_ancestors = frame_ancestors;
        c.decision_delay_ms = 1_500;
    })
    .await;
    let app_origin = h.base_url.clone();
    tokio::spawn(idv_example_integrator::serve(
        listener,
        app_origin.clone(),
        API_KEY.to_owned(),
    ));
    let forger = ReturnSite::serving(FORGER);

    // The page never holds the key; the backend answers only for sessions it created.
    for path in ["/", "/app.js", "/api/config"] {
        let body = h
            .http
            .get(format!("{example}{path}"))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
            .text()
            .await
            .expect("the body");
        assert!(!body.contains(API_KEY), "{path} shows the API key");
    }
    let stranger = h
        .http
        .get(format!("{example}/api/verifications/123456789"))
        .send()
        .await
        .expect("ask about another session");
    assert_eq!(stranger.status().as_u16(), 404);

    h.open(&format!("{example}/")).await;
    h.driver()
        .query(By::Css("[data-testid=\"start\"]:enabled"))
        .wait(WAIT, Duration::from_millis(50))
        .first()
        .await
        .expect("the helper loaded and the start button enabled");
    h.screenshot("example-ready").await;
    h.click("start").await;
    wait_listed(&h, "events", |e| e.iter().any(|m| m.kind == "ready")).await;
    h.screenshot("example-dialog").await;

    // While the flow is open, a page on a third origin posts a look-alike to this one.
    h.driver()
        .execute(
            "window.open(arguments[0], 'elsewhere');",
            vec![serde_json::json!(format!("{}/", forger.origin()))],
        )
        .await
        .expect("open the other page");
    let ignored = wait_listed(&h, "ignored", |i| !i.is_empty()).await;
    assert_eq!(
        ignored,
        [Listed {
            kind: "completed".into(),
            origin: forger.origin()
        }]
    );

    // The journey, inside the frame.
    h.driver()
        .enter_frame(0)
        .await
        .expect("enter the app's frame");
    WelcomePage::wait(&h).await;
    // The page's Permissions-Policy and the helper's `allow` let the app use the camera.
    let camera: bool = h
        .driver()
        .execute(
            "return document.featurePolicy.allowsFeature('camera');",
            Vec::new(),
        )
        .await
        .expect("ask the frame's policy")
        .convert()
        .expect("a boolean");
    assert!(camera, "the example's frame may not use the camera");
    activate(&h, "welcome-start").await;
    ConsentPage::wait(&h).await;
    activate(&h, "consent-accept").await;
    // The page closes the dialog once the platform decides: wait from outside the frame.
    h.driver()
        .enter_default_frame()
        .await
        .expect("back to the example page");

    let events = wait_listed(&h, "events", |e| e.iter().any(|m| m.kind == "closed")).await;
    let journey: Vec<&str> = events
        .iter()
        .map(|m| m.kind.as_str())
        .filter(|t| *t != "layout")
        .collect();
    assert_eq!(
        journey,
        [
            "ready",
            "screen",
            "step_completed",
            "screen",
            "completed",
            "screen",
            "completed",
            "closed"
        ],
        "{events:#?}"
    );
    assert!(events.iter().any(|m| m.kind == "layout"), "{events:#?}");
    assert!(
        events.iter().all(|m| m.origin == app_origin),
        "every event from the app's origin {app_origin}: {events:#?}"
    );
    // Still the one look-alike, and nothing of it among the events.
    assert_eq!(listed(&h, "ignored").await.len(), 1);

    // The outcome shown is the one the backend read from the platform.
    let deadline = Instant::now() + WAIT;
    let (status, decided) = loop {
        let (status, decided) = final_status(&h).await;
        if decided.as_deref() == Some("true") || Instant::now() > deadline {
            break (status, decided);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(
        (status.as_deref(), decided.as_deref()),
        (Some("verified"), Some("true"))
    );
    let sessions: serde_json::Value = h
        .http
        .get(h.url("/v1/sessions?ref_id=example-user"))
        .bearer_auth(API_KEY)
        .send()
        .await
        .expect("list the user's sessions")
        .json()
        .await
        .expect("a session list");
    assert_eq!(sessions["sessions"][0]["status"], "verified", "{sessions}");
    assert_eq!(sessions["sessions"][0]["workflow_id"], "consent_only");
    assert_eq!(
        h.driver()
            .find_all(By::Css("[data-idv-capture]"))
            .await
            .expect("look for the dialog")
            .len(),
        0,
        "the dialog is gone"
    );
    h.screenshot("example-verified").await;
    h.assert_no_csp_violations().await;
    h.finish().await;
}
