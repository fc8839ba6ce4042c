//! A chromedriver process of our own and one headless Chromium session on it.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use thirtyfour::{BrowserLogEntry, LoggingPrefsLogLevel};
use tokio::process::{Child, Command};

const CHROMEDRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);

fn chromium_binary() -> String {
    std::env::var("IDV_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

fn chromedriver_binary() -> String {
    std::env::var("IDV_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

/// How Chromium's camera behaves.
#[derive(Debug, Clone, Default)]
pub enum Camera {
    /// Chromium's fake device (a moving test pattern) with the permission granted
    /// (`--use-fake-ui-for-media-stream` accepts the prompt).
    #[default]
    FakePattern,
    /// The fake device plays this `.y4m` (or `.mjpeg`) file in a loop
    /// (`--use-file-for-fake-video-capture`), the permission granted.
    File(PathBuf),
    /// The permission is refused: no fake-UI flag, and `--deny-permission-prompts` answers every
    /// prompt with "block", as a user who taps "Don't allow" does.
    Denied,
}

/// How to start Chromium.
#[derive(Debug, Clone, Default)]
pub struct BrowserOptions {
    pub camera: Camera,
}

/// What kind of device Chromium plays. The app decides phone or desktop from capabilities
/// (`idv_core::device::device_kind`), not from the window's width.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Device {
    /// Chrome's mobile emulation: a 412x915 touch screen whose primary pointer is coarse.
    #[default]
    Phone,
    /// Plain headless Chromium in a desktop-sized window: a mouse, no touch.
    Desktop,
}

pub struct Browser {
    // Field order is drop order: the session ends before its chromedriver is killed.
    pub driver: WebDriver,
    chromedriver: Child,
    _profile: tempfile::TempDir,
}

/// Collects `securitypolicyviolation` events into `window.__idvCsp`.
const CSP_LISTENER: &str = "window.__idvCsp = []; \
    document.addEventListener('securitypolicyviolation', (e) => window.__idvCsp.push( \
      e.effectiveDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));";

impl Browser {
    pub async fn start() -> Browser {
        Browser::start_with(&BrowserOptions::default()).await
    }

    pub async fn start_with(options: &BrowserOptions) -> Browser {
        Browser::start_as(options, Device::Phone).await
    }

    pub async fn start_as(options: &BrowserOptions, device: Device) -> Browser {
        let chromedriver = chromedriver_binary();
        let port = free_port();
        let child = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {chromedriver}: {e} (install chromium and chromium-driver)")
            });
        let server = format!("http://127.0.0.1:{port}");
        wait_until_ready(&server).await;

        let profile = tempfile::tempdir().expect("create a Chromium profile directory");
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&chromium_binary()).expect("binary");
        for arg in [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--use-fake-device-for-media-stream",
        ] {
            caps.add_arg(arg).expect("argument");
        }
        match device {
            Device::Phone => {
                // A phone-sized window, and a touch screen the page sees as a phone's.
                caps.add_arg("--window-size=412,915").expect("argument");
                caps.add_experimental_option(
                    "mobileEmulation",
                    serde_json::json!({"deviceMetrics": {
                        "width": 412, "height": 915, "pixelRatio": 1.0, "touch": true, "mobile": true
                    }}),
                )
                .expect("mobile emulation");
            }
            Device::Desktop => caps.add_arg("--window-size=1280,1000").expect("argument"),
        }
        match &options.camera {
            Camera::FakePattern => {
                caps.add_arg("--use-fake-ui-for-media-stream")
                    .expect("argument");
            }
            Camera::File(path) => {
                assert!(path.is_file(), "no fake camera file {}", path.display());
                caps.add_arg("--use-fake-ui-for-media-stream")
                    .expect("argument");
                caps.add_arg(&format!(
                    "--use-file-for-fake-video-capture={}",
                    path.display()
                ))
                .expect("argument");
            }
            Camera::Denied => {
                caps.add_arg("--deny-permission-prompts").expect("argument");
            }
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.path().display()))
            .expect("argument");
        caps.set_browser_log_level(LoggingPrefsLogLevel::All)
            .expect("logging preferences");
        let driver = WebDriver::new(&server, caps)
            .await
            .expect("start a Chromium session");
        // Every document of this browser records its CSP violations from its first instant, before
        // any script of the page runs: `Harness::assert_no_csp_violations` reads them, besides
        // the log (which also holds the workers' violations).
        driver
            .cdp()
            .send_raw(
                "Page.addScriptToEvaluateOnNewDocument",
                serde_json::json!({ "source": CSP_LISTENER }),
            )
            .await
            .expect("install the CSP violation listener");
        Browser {
            driver,
            chromedriver: child,
            _profile: profile,
        }
    }

    /// The browser console since the last call (entries are drained).
    pub async fn drain_log(&self) -> Vec<BrowserLogEntry> {
        self.driver
            .browser_log()
            .await
            .expect("read the browser log")
    }

    pub async fn quit(mut self) {
        let _ = self.driver.clone().quit().await;
        let _ = self.chromedriver.kill().await;
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

/// Polls chromedriver's `/status` until it says it is ready, or fails after a deadline.
async fn wait_until_ready(server: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + CHROMEDRIVER_START_TIMEOUT;
    loop {
        if let Ok(response) = client.get(format!("{server}/status")).send().await {
            if let Ok(status) = response.json::<serde_json::Value>().await {
                if status["value"]["ready"] == serde_json::Value::Bool(true) {
                    return;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "chromedriver at {server} not ready within {CHROMEDRIVER_START_TIMEOUT:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
