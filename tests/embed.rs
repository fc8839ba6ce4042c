//! Embedding (issue 11): an integrator's page on another origin opens the flow with
//! `public/embed-v1.js` in a modal `<iframe>`; the app tells the page what happens, in order,
//! from its own origin; the page ignores a look-alike message from anywhere else; `close()`
//! stops the app and removes the frame.

mod support;

use idv_core::handoff::percent_encode as encode;
use std::time::{Duration, Instant};
use support::pages::{ConsentPage, WelcomePage};
use support::{Harness, ReturnSite};
use thirtyfour::prelude::*;

/// The integrator's page (served by the harness's second site, on another origin): loads the embed helper from the app's origin (`?app=`), opens the
/// session's start link (`?start=`) and records what the helper reports.
const HOST_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Integrator</title></head><body>
<h1>Integrator</h1><p data-testid="host-status">waiting</p>
<script>
var q = new URLSearchParams(location.search);
window.__events = []; window.__origins = []; window.__completed = []; window.__errors = [];
window.addEventListener('message', function (e) { window.__origins.push(e.origin); });
var s = document.createElement('script');
s.src = q.get('app') + '/embed-v1.js';
s.onload = function () {
  window.__flow = IdvCapture.open({
    url: q.get('start'),
    onEvent: function (m) { window.__events.push(m.type); },
    onComplete: function (m) {
      window.__completed.push(m.status);
      document.querySelector('[data-testid=host-status]').textContent = 'complete: ' + m.status;
    },
    onError: function (m) { window.__errors.push(m.code); }
  });
  // A look-alike of the app's message from this page's own origin: the helper must ignore it.
  window.postMessage({ source: 'idv-capture', version: 1, type: 'completed', status: 'forged' }, '*');
};
document.head.appendChild(s);
</script></body></html>"#;

async fn host_list(h: &Harness, name: &str) -> Vec<String> {
    h.driver()
        .execute(&format!("return window.{name} || [];"), Vec::new())
        .await
        .expect("read the host page")
        .convert()
        .expect("a list of strings")
}

async fn wait_host(
    h: &Harness,
    what: &str,
    done: impl Fn(&[String]) -> bool,
    name: &str,
) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = host_list(h, name).await;
        if done(&got) {
            return got;
        }
        assert!(Instant::now() < deadline, "{what}: {name} = {got:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Presses the button `data-testid=<id>` with the keyboard (Enter). In a frame of a page under
/// Chromium's mobile emulation, WebDriver's pointer lands beside the frame's buttons; the keys
/// go to the element itself.
async fn activate(h: &Harness, id: &str) {
    let button = h
        .driver()
        .query(By::Css(format!("[data-testid=\"{id}\"]")))
        .wait(Duration::from_secs(20), Duration::from_millis(50))
        .first()
        .await
        .unwrap_or_else(|e| panic!("no {id}: {e}"));
    button
        .send_keys(Key::Enter)
        .await
        .unwrap_or_else(|e| panic!("press {id}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_integrator_page_embeds_the_flow_and_hears_its_events_from_the_app_only() {
    let site = ReturnSite::serving(HOST_PAGE);
    let host = site.origin();
    let frame_ancestors = host.clone();
    // The decision comes a moment after submission, so the page hears both endings.
    let h = Harness::start_with(move |c| {
        c.frame_ancestors = frame_ancestors;
        c.decision_delay_ms = 1_500;
    })
    .await;
    let session = h.create_session("e2e-embed", "consent_only", None).await;
    let start = session.start_url.clone().expect("start_url");
    let app = h.url("");
    h.open(&format!(
        "{host}/?app={}&start={}",
        encode(app.trim_end_matches('/')),
        encode(&start)
    ))
    .await;
    wait_host(
        &h,
        "the app is ready",
        |e| e.iter().any(|t| t == "ready"),
        "__events",
    )
    .await;
    h.screenshot("embed-host-welcome").await;

    // Inside the frame: the journey as usual.
    h.driver()
        .enter_frame(0)
        .await
        .expect("enter the app's frame");
    WelcomePage::wait(&h).await;
    activate(&h, "welcome-start").await;
    ConsentPage::wait(&h).await;
    activate(&h, "consent-accept").await;
    h.wait_for_screen("successful_screen").await;
    h.driver()
        .enter_default_frame()
        .await
        .expect("back to the host page");

    let completed = wait_host(
        &h,
        "the decision",
        |c| c.iter().any(|s| s == "successful"),
        "__completed",
    )
    .await;
    assert_eq!(
        completed,
        ["completed", "successful"],
        "the look-alike was ignored"
    );
    let events = host_list(&h, "__events").await;
    let journey: Vec<&str> = events
        .iter()
        .map(String::as_str)
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
            "completed"
        ],
        "{events:?}"
    );
    assert!(events.iter().any(|t| t == "layout"), "{events:?}");
    // Every message the page got came from the app's origin, but the page's own look-alike.
    let app_origin = app.trim_end_matches('/').to_owned();
    let origins = host_list(&h, "__origins").await;
    assert!(
        origins.iter().filter(|o| **o != app_origin).count() == 1 && origins.contains(&host),
        "{origins:?}"
    );
    h.screenshot("embed-host-completed").await;

    // The host closes the flow: the app says so, and the frame goes.
    h.driver()
        .execute("window.__flow.close();", Vec::new())
        .await
        .expect("close the flow");
    wait_host(
        &h,
        "closed",
        |e| e.iter().any(|t| t == "closed"),
        "__events",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let overlays: u32 = h
            .driver()
            .execute(
                "return document.querySelectorAll('[data-idv-capture]').length;",
                Vec::new(),
            )
            .await
            .expect("count the overlay")
            .convert()
            .expect("a count");
        if overlays == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the frame stayed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(host_list(&h, "__errors").await.is_empty());
    h.finish().await;
}
