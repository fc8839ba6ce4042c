//! A WebDriver process of our own and one browser session on it: headless Chromium through
//! chromedriver (the default), WebKit through WebKitGTK's driver and MiniBrowser (on a display
//! of its own, Xvfb), or Gecko through geckodriver and Firefox ESR (`Engine`). Everything that
//! differs between the engines is in this file; the page objects and helpers stay the same.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use thirtyfour::{BrowserLogEntry, LoggingPrefsLogLevel};
use tokio::process::{Child, Command};

const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);

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
    /// (`--use-file-for-fake-video-capture`), the permission granted. WebKit and Gecko start
    /// with their mock camera, and play a `.y4m` file once the test asks
    /// (`Harness::camera_plays_file`, `support::file_camera`).
    File(PathBuf),
    /// The permission is refused: no fake-UI flag, and `--deny-permission-prompts` answers every
    /// prompt with "block", as a user who taps "Don't allow" does.
    Denied,
}

/// Which browser engine a test drives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium, headless, through chromedriver.
    #[default]
    Chromium,
    /// WebKitGTK's MiniBrowser through WebKitWebDriver, on an Xvfb display: Safari's engine, and
    /// so every browser on an iPhone. Its mock camera (`--enable-mock-capture-devices`) is a
    /// test pattern and cannot play a file (`support::file_camera` can).
    WebKit,
    /// Firefox ESR, headless, through geckodriver, with Firefox's fake camera stream.
    Gecko,
}

/// How to start the browser.
#[derive(Debug, Clone, Default)]
pub struct BrowserOptions {
    pub camera: Camera,
    pub engine: Engine,
}

/// The user agent of Safari on an iPhone, for WebKit playing a phone.
const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) \
    AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";

/// The user agent of Firefox on Android, for Gecko playing a phone.
const ANDROID_FIREFOX: &str =
    "Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0";

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
    // Field order is drop order: the session ends before its driver is killed, and the driver
    // before the display the browser draws on.
    pub driver: WebDriver,
    pub engine: Engine,
    driver_process: Child,
    display: Option<Child>,
    /// Chromium's `--user-data-dir`; the other drivers make and remove their own profile.
    _profile: Option<tempfile::TempDir>,
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
        match options.engine {
            Engine::Chromium => Browser::start_chromium(options, device).await,
            Engine::WebKit => Browser::start_webkit(options, device).await,
            Engine::Gecko => Browser::start_gecko(options, device).await,
        }
    }

    async fn start_chromium(options: &BrowserOptions, device: Device) -> Browser {
        let (child, server) = start_driver(&chromedriver_binary(), &[], None).await;
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
            engine: Engine::Chromium,
            driver_process: child,
            display: None,
            _profile: Some(profile),
        }
    }

    async fn start_webkit(options: &BrowserOptions, device: Device) -> Browser {
        let (xvfb, display) = start_display().await;
        let (child, server) = start_driver("WebKitWebDriver", &[], Some(&display)).await;
        let mut args = vec![
            "--automation".to_owned(),
            "--enable-media-stream=true".to_owned(),
        ];
        if !matches!(options.camera, Camera::Denied) {
            args.push("--enable-mock-capture-devices=true".into());
        }
        if device == Device::Phone {
            args.push(format!("--user-agent={IPHONE_SAFARI}"));
        }
        let caps = serde_json::json!({
            "browserName": "MiniBrowser",
            "webkitgtk:browserOptions": {"binary": webkit_binary(), "args": args},
        });
        let driver = new_session(&server, caps, "WebKit").await;
        let (width, height) = match device {
            Device::Phone => (390, 844),
            Device::Desktop => (1280, 1000),
        };
        driver
            .set_window_rect(0, 0, width, height)
            .await
            .expect("size the WebKit window");
        Browser {
            driver,
            engine: Engine::WebKit,
            driver_process: child,
            display: Some(xvfb),
            _profile: None,
        }
    }

    async fn start_gecko(options: &BrowserOptions, device: Device) -> Browser {
        let (child, server) = start_driver(&geckodriver_binary(), &[], None).await;
        let (width, height) = match device {
            Device::Phone => (412, 915),
            Device::Desktop => (1280, 1000),
        };
        let mut prefs = serde_json::json!({
            "media.navigator.permission.disabled": !matches!(options.camera, Camera::Denied),
            "media.navigator.streams.fake": !matches!(options.camera, Camera::Denied),
            // Denied: every permission prompt answered "block".
            "permissions.default.camera": if matches!(options.camera, Camera::Denied) { 2 } else { 0 },
        });
        if device == Device::Phone {
            prefs["general.useragent.override"] = serde_json::json!(ANDROID_FIREFOX);
            prefs["dom.w3c_touch_events.enabled"] = serde_json::json!(1);
        }
        let caps = serde_json::json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": firefox_binary(),
                "args": ["-headless", format!("--width={width}"), format!("--height={height}")],
                "prefs": prefs,
            },
        });
        let driver = new_session(&server, caps, "Firefox").await;
        Browser {
            driver,
            engine: Engine::Gecko,
            driver_process: child,
            display: None,
            _profile: None,
        }
    }

    /// The browser console since the last call (entries are drained). Chromium only: the
    /// W3C protocol has no log, so on the other engines this is empty.
    pub async fn drain_log(&self) -> Vec<BrowserLogEntry> {
        if self.engine != Engine::Chromium {
            return Vec::new();
        }
        self.driver
            .browser_log()
            .await
            .expect("read the browser log")
    }

    pub async fn quit(mut self) {
        let _ = self.driver.clone().quit().await;
        let _ = self.driver_process.kill().await;
        if let Some(mut display) = self.display.take() {
            let _ = display.kill().await;
        }
    }
}

fn webkit_binary() -> String {
    std::env::var("IDV_WEBKIT")
        .unwrap_or_else(|_| "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser".into())
}

fn firefox_binary() -> String {
    std::env::var("IDV_FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into())
}

/// geckodriver as the setup installs it (`.tools/geckodriver`), `IDV_GECKODRIVER` to override.
fn geckodriver_binary() -> String {
    std::env::var("IDV_GECKODRIVER").unwrap_or_else(|_| {
        let tools =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/geckodriver/bin/geckodriver");
        match tools.is_file() {
            true => tools.display().to_string(),
            false => "geckodriver".into(),
        }
    })
}

/// Starts a WebDriver server (`binary --port=N`, on `display` if given) and waits until it is
/// ready. Returns the process and its address.
async fn start_driver(binary: &str, args: &[&str], display: Option<&str>) -> (Child, String) {
    let port = free_port();
    let mut command = Command::new(binary);
    command
        .arg(format!("--port={port}"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if let Some(display) = display {
        command.env("DISPLAY", display);
    }
    let child = command.spawn().unwrap_or_else(|e| {
        panic!("cannot start {binary}: {e} (the README's test command installs it)")
    });
    let server = format!("http://127.0.0.1:{port}");
    wait_until_ready(&server).await;
    (child, server)
}

/// An Xvfb display of this browser's own, on a number Xvfb picks (`-displayfd`), so that tests
/// running at once never share one. Returns the process and `:N`.
async fn start_display() -> (Child, String) {
    use tokio::io::AsyncBufReadExt;
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start Xvfb: {e} (the README's test command installs it)")
        });
    let stdout = child.stdout.take().expect("Xvfb's stdout");
    let mut line = String::new();
    tokio::time::timeout(
        DRIVER_START_TIMEOUT,
        tokio::io::BufReader::new(stdout).read_line(&mut line),
    )
    .await
    .expect("Xvfb names its display in time")
    .expect("read Xvfb's display number");
    let number: u32 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("Xvfb said {line:?}"));
    (child, format!(":{number}"))
}

async fn new_session(server: &str, caps: serde_json::Value, what: &str) -> WebDriver {
    let serde_json::Value::Object(caps) = caps else {
        unreachable!("capabilities are an object")
    };
    WebDriver::new(server, thirtyfour::Capabilities::from(caps))
        .await
        .unwrap_or_else(|e| panic!("start a {what} session: {e}"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

/// Polls a WebDriver server's `/status` until it says it is ready, or fails after a deadline.
async fn wait_until_ready(server: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + DRIVER_START_TIMEOUT;
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
            "the WebDriver server at {server} not ready within {DRIVER_START_TIMEOUT:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
