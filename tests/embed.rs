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

// ---- a frame that is not allowed the camera ----

/// An integrator's page that frames the app WITHOUT `allow="camera"` (and without the helper):
/// it records every message of the app's envelope, with its origin.
const NO_CAMERA_HOST: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Integrator without the camera</title></head><body>
<main><h1>Integrator</h1></main>
<script>
var q = new URLSearchParams(location.search);
window.__events = []; window.__origins = []; window.__errors = [];
window.addEventListener('message', function (e) {
  var m = e.data;
  if (!m || m.source !== 'idv-capture') return;
  window.__events.push(m.type);
  window.__origins.push(e.origin);
  if (m.type === 'error') window.__errors.push(m.code + ':' + (m.reason || ''));
});
var url = new URL(q.get('start'));
url.searchParams.set('embed_origin', location.origin);
var frame = document.createElement('iframe');
frame.src = url.href;
frame.title = 'Identity verification';
frame.style.width = '100%'; frame.style.height = '820px'; frame.style.border = '0';
document.querySelector('main').appendChild(frame);
</script></body></html>"#;

/// Counts the app's camera requests and how each ended (`stream`, or the error's name and how
/// long the refusal took), in the document it runs in.
const COUNT_CAMERA_REQUESTS: &str = r#"
if (window.__gum) return;
window.__gum = [];
const md = navigator.mediaDevices;
const inner = md.getUserMedia.bind(md);
md.getUserMedia = c => {
  const t = performance.now();
  return inner(c).then(
    s => { window.__gum.push('stream'); return s; },
    e => { window.__gum.push(e.name + ' after ' + Math.round(performance.now() - t) + ' ms'); throw e; });
};
"#;

/// Firefox and Safari have no `document.featurePolicy` / `permissionsPolicy`: hides Chromium's
/// from the app, which must then tell the frame's refusal from the refusal itself.
const HIDE_POLICY_API: &str = r#"
Object.defineProperty(document, 'featurePolicy', { value: undefined });
Object.defineProperty(document, 'permissionsPolicy', { value: undefined });
"#;

// Chromium tells the frame it may not use the camera: the app does not even ask, says why,
// and the upload takes both sides of the ID; the host hears error/camera_denied (reason frame).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_not_allowed_the_camera_says_so_the_upload_works_and_the_host_hears_it() {
    let gum = frame_refused_camera("embed-nocam-", false).await;
    assert!(gum.is_empty(), "the camera was asked for: {gum:?}");
}

// The same page as a browser without the policy API sees it: the camera is asked for, refused
// at once, and the app tells that refusal (no prompt could have been answered) for the frame's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_policy_api_an_instant_refusal_in_a_frame_is_the_frames_too() {
    let gum = frame_refused_camera("embed-nocam-nopolicy-", true).await;
    assert!(
        !gum.is_empty() && gum.iter().all(|g| g.starts_with("NotAllowedError after ")),
        "{gum:?}"
    );
}

/// Runs a `document_only` journey in [`NO_CAMERA_HOST`] (the fake camera granted, so only the
/// frame refuses it) and returns the app's camera requests (see [`COUNT_CAMERA_REQUESTS`]).
async fn frame_refused_camera(shots: &str, hide_policy_api: bool) -> Vec<String> {
    use support::capture::{BACK, FRONT};
    let files = tempfile::tempdir().expect("a temporary folder");
    let png = files.path().join("id-card.png");
    std::fs::write(&png, support::card::card_photo_png()).expect("write the photo");

    let site = ReturnSite::serving(NO_CAMERA_HOST);
    let host = site.origin();
    let frame_ancestors = host.clone();
    let h = Harness::start_with(move |c| c.frame_ancestors = frame_ancestors).await;
    let session = h
        .create_session("e2e-embed-nocam", "document_only", None)
        .await;
    // A phone's journey: Chromium's mobile emulation does not reach into a frame of another
    // site, so the link says so itself (`device=phone`).
    let start = session.start_url.clone().expect("start_url") + "&device=phone";
    h.open(&format!("{host}/?start={}", encode(&start))).await;
    wait_host(
        &h,
        "the app is ready",
        |e| e.iter().any(|t| t == "ready"),
        "__events",
    )
    .await;

    h.driver()
        .enter_frame(0)
        .await
        .expect("enter the app's frame");
    WelcomePage::wait(&h).await;
    h.record_changes().await;
    h.driver()
        .execute(COUNT_CAMERA_REQUESTS, Vec::new())
        .await
        .expect("count the camera requests");
    if hide_policy_api {
        h.driver()
            .execute(HIDE_POLICY_API, Vec::new())
            .await
            .expect("hide the policy API");
    }
    activate(&h, "welcome-start").await;
    ConsentPage::wait(&h).await;
    activate(&h, "consent-accept").await;

    for screen in [FRONT, BACK] {
        let refused = h
            .wait_capture("a camera problem", SCREEN_WAIT, Some(shots), |p| {
                p.on(screen) && p.problem.is_some()
            })
            .await;
        assert_eq!(
            refused.problem.as_deref(),
            Some("camera_frame_refused"),
            "camera requests: {:?}",
            camera_requests(&h).await
        );
        for id in ["camera-problem", "upload-instead", "camera-phone-way"] {
            assert!(refused.shows(id), "no {id}: {refused:#?}");
        }
        // Trying again cannot help: only the host page can allow the camera.
        assert!(!refused.shows("camera-retry") && !refused.shows("shutter"));
        let notice = h
            .driver()
            .find(By::Css("[data-testid=\"camera-problem\"]"))
            .await
            .expect("the notice")
            .text()
            .await
            .expect("its text");
        assert!(
            notice.contains("The page this runs in does not let it use the camera.")
                && notice.contains("phone"),
            "{notice}"
        );
        h.screenshot(&format!("{shots}{screen}-refused")).await;

        h.choose_file(&png).await;
        h.wait_capture("the file's preview", SCREEN_WAIT, Some(shots), |p| {
            p.is(screen, "preview") && p.preview_size == Some((960, 640))
        })
        .await;
        activate(&h, "use-photo").await;
        h.wait_capture("the upload", SCREEN_WAIT, Some(shots), |p| {
            p.screen.is_some() && !p.on(screen)
        })
        .await;
    }
    h.wait_for_screen("successful_screen").await;
    assert_eq!(h.camera_tracks().await, (0, 0), "no camera stream at all");
    let gum = camera_requests(&h).await;

    h.driver()
        .enter_default_frame()
        .await
        .expect("back to the host page");
    h.screenshot(&format!("{shots}host-completed")).await;
    let errors = wait_host(&h, "the host told", |e| e.len() >= 2, "__errors").await;
    assert!(
        errors.iter().all(|e| e == "camera_denied:frame"),
        "{errors:?}"
    );
    let events = host_list(&h, "__events").await;
    let first_error = events.iter().position(|t| t == "error").expect("an error");
    assert!(
        events[..first_error]
            .iter()
            .filter(|t| *t == "screen")
            .count()
            >= 2,
        "the error comes on the document screen: {events:?}"
    );
    wait_host(
        &h,
        "the end",
        |e| e.iter().any(|t| t == "completed"),
        "__events",
    )
    .await;
    let app_origin = h.base_url.clone();
    let origins = host_list(&h, "__origins").await;
    assert!(origins.iter().all(|o| *o == app_origin), "{origins:?}");
    let media = h.media(&session.session_id).await;
    let sides: Vec<&str> = media.iter().map(|m| m.side.as_str()).collect();
    assert_eq!(sides, ["front", "back"], "{media:#?}");
    h.finish().await;
    gum
}

async fn camera_requests(h: &Harness) -> Vec<String> {
    h.driver()
        .execute("return window.__gum;", Vec::new())
        .await
        .expect("read the camera requests")
        .convert()
        .expect("a list")
}

/// How long a capture state may take to appear (a file's decoding, an upload, on a busy machine).
const SCREEN_WAIT: Duration = Duration::from_secs(30);
