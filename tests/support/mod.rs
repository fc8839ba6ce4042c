//! The end-to-end harness: the sandbox in-process on a free port serving the built app, and a
//! headless Chromium driven by a chromedriver this harness starts and stops.
//!
//! Tests find elements by `data-testid` only and wait on conditions, never on fixed delays.

#![allow(dead_code)] // each test binary uses its own part of the harness

pub mod browser;
pub mod pages;

use idv_core::{CreateSessionRequest, Session};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thirtyfour::prelude::*;

pub use browser::Browser;

/// The API key `idv_sandbox::Config::for_tests` accepts.
pub const API_KEY: &str = "test-api-key";

/// How long a screen may take to appear. Generous: the first load compiles the wasm module on a
/// busy CI machine.
pub const SCREEN_TIMEOUT: Duration = Duration::from_secs(20);
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);

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

/// One sandbox and one browser, for one test.
pub struct Harness {
    /// The sandbox's origin, e.g. `http://127.0.0.1:41234`; it also serves the app.
    pub base_url: String,
    pub http: reqwest::Client,
    // Field order is drop order: the browser goes before the sandbox's data directory.
    pub browser: Browser,
    _data_dir: tempfile::TempDir,
}

impl Harness {
    pub async fn start() -> Harness {
        let dist = dist_dir();
        let data_dir = tempfile::tempdir().expect("create a data directory for the sandbox");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the sandbox to a free port");
        let addr = listener.local_addr().expect("sandbox address");

        let mut config = idv_sandbox::Config::for_tests(data_dir.path().to_path_buf());
        config.dist_dir = Some(dist);
        config.public_origin = format!("http://{addr}");
        let state = idv_sandbox::AppState::open(config).expect("open the sandbox");
        tokio::spawn(async move {
            if let Err(e) = idv_sandbox::serve(listener, state).await {
                panic!("the sandbox stopped: {e}");
            }
        });

        let browser = Browser::start().await;
        Harness {
            base_url: format!("http://{addr}"),
            http: reqwest::Client::new(),
            browser,
            _data_dir: data_dir,
        }
    }

    pub fn driver(&self) -> &WebDriver {
        &self.browser.driver
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Creates a session as an integrator's backend would, with the API key.
    pub async fn create_session(&self, ref_id: &str, workflow_id: &str) -> Session {
        let request = CreateSessionRequest {
            ref_id: ref_id.into(),
            workflow_id: Some(workflow_id.into()),
            return_url: None,
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

    /// Saves a screenshot of the page as `target/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot folder");
        let path = dir.join(format!("{name}.png"));
        self.driver()
            .screenshot(&path)
            .await
            .expect("take a screenshot");
        path
    }

    /// Fails if the browser reported a Content-Security-Policy violation since the last call.
    pub async fn assert_no_csp_violations(&self) {
        let violations: Vec<String> = self
            .browser
            .drain_log()
            .await
            .into_iter()
            .filter(|entry| entry.message.contains("Content Security Policy"))
            .map(|entry| entry.message)
            .collect();
        assert!(violations.is_empty(), "CSP violations: {violations:#?}");
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
