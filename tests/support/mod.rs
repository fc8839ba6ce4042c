//! The end-to-end harness: the sandbox in-process on a free port serving the built app, and a
//! headless Chromium driven by a chromedriver this harness starts and stops.
//!
//! Tests find elements by `data-testid` and `data-screen` only (docs/test-hooks.md) and wait on
//! conditions, never on fixed delays. The one exception is [`Harness::stays_false_for`], a
//! bounded wait for something that must *not* happen.

#![allow(dead_code)] // each test binary uses its own part of the harness

pub mod a11y;
pub mod app_site;
pub mod browser;
pub mod capture;
pub mod card;
pub mod file_camera;
pub mod pages;
pub mod return_site;
pub mod steps;

use idv_core::{CreateSessionRequest, Session};
use idv_sandbox::clock::OffsetClock;
use serde::Deserialize;
use std::collections::HashSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

#[allow(unused_imports)] // the camera options are for the capture tests
pub use browser::{Browser, BrowserOptions, Camera, Engine};
#[allow(unused_imports)] // not every test binary returns to a site
pub use return_site::ReturnSite;

/// The fake camera's video of a photographed head turning left and right
/// (`idv_fixtures::head`, 10 frames a second, an 8 s loop), rendered once into cargo's
/// temporary folder for the tests and kept there (20 MB; a render takes a few seconds).
pub fn turning_head_video() -> PathBuf {
    static VIDEO: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    VIDEO
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
            let y4m = idv_fixtures::head::turning_y4m(10);
            // Named by a hash of its bytes, so a changed fixture is rendered anew; written
            // under a temporary name first, so a test process beside this one never plays
            // half a file.
            let sum = idv_fixtures::checksum::crc32(&y4m);
            let path = dir.join(format!("turning-head-{sum:08x}.y4m"));
            if !path.exists() {
                let tmp = dir.join(format!("turning-head-{sum:08x}.{}.tmp", std::process::id()));
                std::fs::write(&tmp, &y4m).expect("write the turning head");
                std::fs::rename(&tmp, &path).expect("keep the turning head");
            }
            path
        })
        .clone()
}

/// The API key `idv_sandbox::Config::for_tests` accepts.
pub const API_KEY: &str = "test-api-key";

/// How long a screen may take to appear. Generous: the first load compiles the wasm module on a
/// busy CI machine.
pub const SCREEN_TIMEOUT: Duration = Duration::from_secs(20);
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// The screens that end a journey (BRIEF.md).
pub const FINAL_SCREENS: [&str; 4] = [
    "completed_screen",
    "successful_screen",
    "rejected_screen",
    "cancel_screen",
];

/// The folder holding the built app (`trunk build --release`), `IDV_DIST_DIR` to override.
/// A missing build fails the test: an end-to-end test that skips itself proves nothing.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("IDV_DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dir.join("index.html").is_file(),
        "the built app is missing: {} has no index.html. The end-to-end tests drive the release \
         build of the app; run the test command from README.md, which builds it first \
         (`trunk build --release`), or set IDV_DIST_DIR to a built dist folder.",
        dir.display()
    );
    dir
}

/// Where screenshots go: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots")
}

/// `[data-testid="<id>"]`.
pub fn testid(id: &str) -> By {
    By::Css(format!("[data-testid=\"{id}\"]"))
}

/// The root of the screen `name`: `[data-testid="screen"][data-screen="<name>"]`.
pub fn screen(name: &str) -> By {
    By::Css(format!("[data-testid=\"screen\"][data-screen=\"{name}\"]"))
}

/// What the page shows at one instant, read in one script so the parts agree.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Probe {
    pub url: String,
    /// `data-screen` of the screen on display, if any.
    pub screen: Option<String>,
    /// How many elements carry `data-testid="screen"` (the app shows exactly one).
    pub screen_count: u32,
    /// The return site's page is on display.
    pub returned: bool,
}

const PROBE_JS: &str = r#"
const screens = document.querySelectorAll('[data-testid="screen"]');
return {
  url: location.href,
  screen: screens.length ? screens[0].getAttribute('data-screen') : null,
  screen_count: screens.length,
  returned: document.querySelector('[data-testid="returned"]') !== null,
};
"#;

/// The screens a journey went through, in order, as [`Harness::follow`] saw them.
#[derive(Debug, Clone, Default)]
pub struct Journey {
    pub screens: Vec<String>,
    pub last: Probe,
}

impl Journey {
    pub fn saw(&self, name: &str) -> bool {
        self.screens.iter().any(|s| s == name)
    }

    pub fn last_screen(&self) -> Option<&str> {
        self.screens.last().map(String::as_str)
    }
}

/// One line of `GET /v1/sandbox/sessions/{id}/events`.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub at: String,
    pub kind: String,
    pub detail: Option<String>,
}

#[derive(Deserialize)]
struct Events {
    events: Vec<Event>,
}

/// One sandbox and one browser, for one test.
pub struct Harness {
    /// The sandbox's origin, e.g. `http://127.0.0.1:41234`; it also serves the app.
    pub base_url: String,
    pub http: reqwest::Client,
    /// The sandbox's clock: real time plus an offset the test may advance.
    pub clock: Arc<OffsetClock>,
    /// The sandbox itself, for the few test-only moves its API does not offer
    /// ([`Harness::skip_to`]).
    pub state: idv_sandbox::AppState,
    /// Screen names already saved as screenshots by this test (each is saved once).
    shots: Mutex<HashSet<String>>,
    /// The sandbox serves the camera's video for [`Harness::camera_plays_file`].
    serves_camera_video: bool,
    // Field order is drop order: the browser goes before the sandbox's data directory.
    pub browser: Browser,
    _data_dir: tempfile::TempDir,
    /// The app's folder with the camera's video beside it, when served.
    _served: Option<tempfile::TempDir>,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::start_with(|_| {}).await
    }

    /// Starts with a sandbox configuration `tweak` may change (decision delay, clock, ...).
    /// The configuration starts as `Config::for_tests` serving `dist/`, with `clock` set to the
    /// harness's [`OffsetClock`].
    pub async fn start_with(tweak: impl FnOnce(&mut idv_sandbox::Config)) -> Harness {
        Harness::start_with_browser(tweak, &BrowserOptions::default()).await
    }

    /// [`Harness::start_with`], and the browser started with `options` (its engine and camera).
    /// A camera playing a file on WebKit or Gecko has the sandbox serve the file too
    /// (`support::file_camera`).
    pub async fn start_with_browser(
        tweak: impl FnOnce(&mut idv_sandbox::Config),
        options: &BrowserOptions,
    ) -> Harness {
        let dist = dist_dir();
        let with_video = match (&options.camera, options.engine) {
            (Camera::File(video), Engine::WebKit | Engine::Gecko) => {
                Some(file_camera::dist_with_video(&dist, video))
            }
            _ => None,
        };
        let dist = with_video.as_ref().map_or(dist, |d| d.path().to_path_buf());
        let data_dir = tempfile::tempdir().expect("create a data directory for the sandbox");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the sandbox to a free port");
        let addr = listener.local_addr().expect("sandbox address");

        let clock = Arc::new(OffsetClock::default());
        let mut config = idv_sandbox::Config::for_tests(data_dir.path().to_path_buf());
        config.dist_dir = Some(dist);
        config.public_origin = format!("http://{addr}");
        config.clock = clock.clone();
        tweak(&mut config);
        let state = idv_sandbox::AppState::open(config).expect("open the sandbox");
        let served = state.clone();
        tokio::spawn(async move {
            if let Err(e) = idv_sandbox::serve(listener, served).await {
                panic!("the sandbox stopped: {e}");
            }
        });

        let browser = Browser::start_with(options).await;
        Harness {
            base_url: format!("http://{addr}"),
            http: reqwest::Client::new(),
            clock,
            state,
            shots: Mutex::new(HashSet::new()),
            serves_camera_video: with_video.is_some(),
            browser,
            _data_dir: data_dir,
            _served: with_video,
        }
    }

    pub fn driver(&self) -> &WebDriver {
        &self.browser.driver
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Moves the sandbox's clock forward (tokens expire, sessions time out).
    pub fn advance_clock(&self, by: Duration) {
        self.clock.advance_ms(by.as_millis() as i64);
    }

    // ---- the integrator's backend (API key) ----

    /// Creates a session as an integrator's backend would, with the API key.
    pub async fn create_session(
        &self,
        ref_id: &str,
        workflow_id: &str,
        return_url: Option<&str>,
    ) -> Session {
        let request = CreateSessionRequest {
            ref_id: ref_id.into(),
            workflow_id: Some(workflow_id.into()),
            return_url: return_url.map(str::to_owned),
            force_creation: false,
            locale: None,
            user: None,
            branding: None,
        };
        let response = self
            .http
            .post(self.url("/v1/sessions"))
            .bearer_auth(API_KEY)
            .json(&request)
            .send()
            .await
            .expect("POST /v1/sessions");
        let status = response.status();
        let body = response
            .text()
            .await
            .expect("read the create-session answer");
        assert_eq!(status.as_u16(), 201, "POST /v1/sessions answered: {body}");
        serde_json::from_str(&body).expect("a session object")
    }

    /// `GET /v1/sessions/{id}`.
    pub async fn session(&self, session_id: &str) -> Session {
        let body = self
            .api_call(
                reqwest::Method::GET,
                &format!("/v1/sessions/{session_id}"),
                None,
            )
            .await;
        serde_json::from_value(body).expect("a session object")
    }

    /// Waits until the session is decided `status` (the sandbox decides after its delay);
    /// returns it with its result.
    pub async fn wait_decided(&self, session_id: &str, status: idv_core::SessionStatus) -> Session {
        let deadline = Instant::now() + SCREEN_TIMEOUT;
        loop {
            let session = self.session(session_id).await;
            if session.status == status && session.result.is_some() {
                return session;
            }
            assert!(
                Instant::now() < deadline,
                "the session was not decided {status:?} within {SCREEN_TIMEOUT:?}: {session:#?}"
            );
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    // ---- sandbox controls (API key) ----

    /// `POST /v1/sandbox/sessions/{id}/faults` with `faults` as the body.
    pub async fn inject_faults(&self, session_id: &str, faults: serde_json::Value) {
        self.api_call(
            reqwest::Method::POST,
            &format!("/v1/sandbox/sessions/{session_id}/faults"),
            Some(faults),
        )
        .await;
    }

    /// Every websocket of the session is closed right after its auth message from now on.
    pub async fn refuse_websockets(&self, session_id: &str) {
        self.inject_faults(session_id, serde_json::json!({ "websocket": "refuse" }))
            .await;
    }

    /// The sandbox serves `raw` to the client as `web_sdk_return_url`, unchecked.
    pub async fn serve_client_return_url(&self, session_id: &str, raw: &str) {
        self.inject_faults(session_id, serde_json::json!({ "client_return_url": raw }))
            .await;
    }

    /// `GET /v1/sandbox/sessions/{id}/events`: the session's event log, oldest first.
    pub async fn events(&self, session_id: &str) -> Vec<Event> {
        let body = self
            .api_call(
                reqwest::Method::GET,
                &format!("/v1/sandbox/sessions/{session_id}/events"),
                None,
            )
            .await;
        serde_json::from_value::<Events>(body)
            .expect("an event list")
            .events
    }

    /// `GET /v1/sandbox/sessions/{id}/liveness`: the stored selfie captures.
    pub async fn liveness(&self, session_id: &str) -> idv_core::LivenessList {
        let body = self
            .api_call(
                reqwest::Method::GET,
                &format!("/v1/sandbox/sessions/{session_id}/liveness"),
                None,
            )
            .await;
        serde_json::from_value(body).expect("a liveness list")
    }

    async fn api_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let mut request = self
            .http
            .request(method.clone(), self.url(path))
            .bearer_auth(API_KEY);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let text = response.text().await.expect("read the answer");
        assert!(
            status.is_success(),
            "{method} {path} answered {status}: {text}"
        );
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }

    // ---- the browser ----

    /// Opens a URL (absolute, or a path on the sandbox) in the browser.
    pub async fn open(&self, url: &str) {
        let url = if url.starts_with('/') {
            self.url(url)
        } else {
            url.to_owned()
        };
        self.driver().goto(&url).await.expect("open the page");
    }

    pub async fn current_url(&self) -> String {
        self.driver()
            .current_url()
            .await
            .expect("current URL")
            .to_string()
    }

    /// True when `url` is a page of the app (the sandbox's origin).
    pub fn on_app_origin(&self, url: &str) -> bool {
        url.starts_with(&format!("{}/", self.base_url))
    }

    /// Waits until the screen `name` is on display and returns its root element.
    pub async fn wait_for_screen(&self, name: &str) -> WebElement {
        let found = self
            .driver()
            .query(screen(name))
            .wait(SCREEN_TIMEOUT, POLL_INTERVAL)
            .desc(name)
            .first()
            .await;
        match found {
            Ok(root) => root,
            Err(e) => {
                let shown = self.probe_now().await.map(|p| p.screen);
                panic!("screen {name} did not appear within {SCREEN_TIMEOUT:?} (on display: {shown:?}): {e}")
            }
        }
    }

    /// Waits for the control `data-testid=<id>` to be clickable and clicks it.
    pub async fn click(&self, id: &str) {
        let element = self
            .driver()
            .query(testid(id))
            .wait(SCREEN_TIMEOUT, POLL_INTERVAL)
            .and_clickable()
            .desc(id)
            .first()
            .await
            .unwrap_or_else(|e| panic!("no clickable {id}: {e}"));
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {id}: {e}"));
    }

    /// True if an element `data-testid=<id>` is in the page now (no waiting).
    pub async fn has(&self, id: &str) -> bool {
        !self
            .driver()
            .find_all(testid(id))
            .await
            .expect("look for an element")
            .is_empty()
    }

    /// What the page shows now; an error while a navigation is under way, or with an alert open.
    pub async fn probe_now(&self) -> WebDriverResult<Probe> {
        self.driver().execute(PROBE_JS, Vec::new()).await?.convert()
    }

    /// Follows the page until `done` holds, recording each screen shown (and saving a screenshot
    /// `<prefix><screen>.png` of each new one). Fails after `timeout`, naming the screens seen.
    pub async fn follow(
        &self,
        prefix: &str,
        timeout: Duration,
        done: impl Fn(&Probe) -> bool,
    ) -> Journey {
        let deadline = Instant::now() + timeout;
        let mut journey = Journey::default();
        loop {
            // A probe fails while a navigation is under way; the next one tells.
            if let Ok(probe) = self.probe_now().await {
                assert!(
                    probe.screen_count <= 1,
                    "{} screens on display at once at {}",
                    probe.screen_count,
                    probe.url
                );
                if let Some(name) = &probe.screen {
                    if journey.last_screen() != Some(name.as_str()) {
                        journey.screens.push(name.clone());
                        self.screenshot_once(&format!("{prefix}{name}")).await;
                    }
                }
                let finished = done(&probe);
                journey.last = probe;
                if finished {
                    return journey;
                }
            }
            assert!(
                Instant::now() < deadline,
                "not done within {timeout:?}; screens seen: {:?}, last: {:?}",
                journey.screens,
                journey.last
            );
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Polls `condition` until it holds (true) or `timeout` passes (false). Only for asserting
    /// that something does *not* happen: the caller asserts false after a bounded wait.
    pub async fn stays_false_for<F, Fut>(&self, timeout: Duration, condition: F) -> bool
    where
        F: Fn() -> Fut,
        Fut: Future<Output = bool>,
    {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if condition().await {
                return true;
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        false
    }

    /// Saves a screenshot of the page as `target/e2e-screenshots/<name>.png`. Written to a
    /// temporary file and renamed, as tests running side by side may save the same name.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot folder");
        let path = dir.join(format!("{name}.png"));
        if self.browser.engine != browser::Engine::Chromium {
            // WebKitGTK's screenshot is the last frame it painted, which may be the screen
            // before: two animation frames make sure what the test sees is what was painted.
            let _ = self
                .driver()
                .execute_async(
                    "const done = arguments[arguments.length - 1]; \
                     requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                    Vec::new(),
                )
                .await;
        }
        let png = self
            .driver()
            .screenshot_as_png()
            .await
            .expect("take a screenshot");
        let tmp = dir.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&tmp, png).expect("write the screenshot");
        std::fs::rename(&tmp, &path).expect("move the screenshot in place");
        // Every state photographed is also checked for WCAG 2.2 AA (support/a11y.rs).
        self.assert_accessible(name).await;
        path
    }

    /// [`Harness::screenshot`], unless this test already saved `name`.
    pub async fn screenshot_once(&self, name: &str) {
        let new = self.shots.lock().expect("shots").insert(name.to_owned());
        if new {
            // A navigation may start between the probe and the shot; a missed shot is no failure.
            let _ = tokio::time::timeout(Duration::from_secs(10), self.screenshot(name)).await;
        }
    }

    /// Fails if a Content-Security-Policy violation was reported since the last call: on every
    /// engine, the reports the browser posted to the sandbox (`report-uri /v1/csp-reports`,
    /// workers' included); on Chromium also its log and the `securitypolicyviolation` events
    /// of the page on display (the listener every document gets before its first script,
    /// `support/browser.rs`). A browser posts its reports on its own time: a violation just
    /// before the call may be seen by the next one.
    pub async fn assert_no_csp_violations(&self) {
        let mut violations: Vec<String> = self
            .state
            .csp_reports()
            .take()
            .iter()
            .map(|r| format!("reported: {r}"))
            .collect();
        if self.browser.engine == browser::Engine::Chromium {
            violations.extend(
                self.browser
                    .drain_log()
                    .await
                    .into_iter()
                    .filter(|entry| entry.message.contains("Content Security Policy"))
                    .map(|entry| entry.message),
            );
            violations.extend(self.csp_events().await);
        }
        assert!(violations.is_empty(), "CSP violations: {violations:#?}");
    }

    /// Waits until the browser has reported a violation to the sandbox; returns the reports.
    pub async fn wait_csp_report(&self) -> Vec<String> {
        let deadline = Instant::now() + SCREEN_TIMEOUT;
        loop {
            let reports = self.state.csp_reports().take();
            if !reports.is_empty() {
                return reports.iter().map(ToString::to_string).collect();
            }
            assert!(
                Instant::now() < deadline,
                "no violation reported within {SCREEN_TIMEOUT:?}"
            );
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// The `securitypolicyviolation` events the page on display received.
    pub async fn csp_events(&self) -> Vec<String> {
        let got = self
            .driver()
            .execute("return window.__idvCsp || null;", vec![])
            .await
            .expect("read the CSP listener");
        let list: Option<Vec<String>> = got.convert().expect("a list of violations");
        list.expect("the CSP listener is installed on every document")
    }

    /// Runs `js` in every document this browser opens from now on, before the page's scripts.
    pub async fn before_every_page(&self, js: &str) {
        self.driver()
            .cdp()
            .send_raw(
                "Page.addScriptToEvaluateOnNewDocument",
                serde_json::json!({ "source": js }),
            )
            .await
            .expect("add a script to every new document");
    }

    /// Fails if the browser console shows any error since the last call: CSP violations, failed
    /// loads, uncaught exceptions and panics of the app all land there as `SEVERE`.
    pub async fn assert_clean_console(&self) {
        let errors: Vec<String> = self
            .browser
            .drain_log()
            .await
            .into_iter()
            .filter(|entry| entry.level == "SEVERE")
            .map(|entry| entry.message)
            .collect();
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    }

    /// Makes the browser fail every request whose URL matches one of `patterns` (`*` wildcards),
    /// as a dropped network would; an empty list lifts the block.
    pub async fn block_requests(&self, patterns: &[&str]) {
        let cdp = self.driver().cdp();
        cdp.send_raw("Network.enable", serde_json::json!({}))
            .await
            .expect("enable CDP network control");
        cdp.send_raw(
            "Network.setBlockedURLs",
            serde_json::json!({ "urls": patterns }),
        )
        .await
        .expect("block requests");
    }

    /// Quits the browser cleanly; dropping the harness also stops it, less politely.
    pub async fn finish(self) {
        self.browser.quit().await;
    }
}
