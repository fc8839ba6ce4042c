//! The document-capture screens (`scan_id_document_front_screen`, `scan_id_document_back_screen`)
//! as tests see them: one probe of the screen's hooks (docs/test-hooks.md), a recorder of every
//! capture state and guidance the page went through, the file input, and the sandbox's list of
//! stored images.

use super::{testid, Harness, POLL_INTERVAL};
use serde::Deserialize;
use std::path::Path;
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

/// What the capture screen shows at one instant, read in one script.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaptureProbe {
    /// `data-screen` of the screen on display.
    pub screen: Option<String>,
    /// `data-capture-state`.
    pub state: Option<String>,
    /// `data-guidance` (only while the preview runs).
    pub guidance: Option<String>,
    /// `data-analysed-frames`.
    pub frames: u32,
    /// `data-analysis-ms`, `data-photo-ms`, `data-photo-bytes`.
    pub analysis_ms: Option<f64>,
    pub photo_ms: Option<f64>,
    pub photo_bytes: Option<f64>,
    /// The shutter is in the page and enabled.
    pub shutter_enabled: bool,
    /// `photo-preview` is laid out and its image decoded: its natural size.
    pub preview_size: Option<(u32, u32)>,
    /// `upload-progress`'s value, when it has one.
    pub progress: Option<f64>,
    /// `data-testid`s in the page that are laid out (width and height above 0).
    pub shown: Vec<String>,
    /// `camera-problem`'s `data-problem`.
    pub problem: Option<String>,
    /// The `<video>`'s picture size (0 x 0 without a stream).
    pub video: (u32, u32),
    /// `card-outline`'s `data-guidance`, while an outline is drawn.
    #[serde(default)]
    pub outline: Option<String>,
}

impl CaptureProbe {
    pub fn on(&self, screen: &str) -> bool {
        self.screen.as_deref() == Some(screen)
    }

    pub fn is(&self, screen: &str, state: &str) -> bool {
        self.on(screen) && self.state.as_deref() == Some(state)
    }

    pub fn shows(&self, id: &str) -> bool {
        self.shown.iter().any(|s| s == id)
    }
}

const CAPTURE_PROBE_JS: &str = r#"
const s = document.querySelector('[data-testid="screen"]');
const attr = n => (s ? s.getAttribute(n) : null);
const num = n => { const v = attr(n); return v === null || v === '' ? null : Number(v); };
const shown = [];
for (const e of document.querySelectorAll('[data-testid]')) {
  const r = e.getBoundingClientRect();
  if (r.width > 0 && r.height > 0) shown.push(e.getAttribute('data-testid'));
}
const shutter = document.querySelector('[data-testid="shutter"]');
const img = document.querySelector('[data-testid="photo-preview"]');
const imgBox = img ? img.getBoundingClientRect() : null;
const progress = document.querySelector('[data-testid="upload-progress"]');
const problem = document.querySelector('[data-testid="camera-problem"]');
const video = document.querySelector('[data-testid="preview-video"]');
const outline = document.querySelector('[data-testid="card-outline"]');
return {
  screen: attr('data-screen'),
  state: attr('data-capture-state'),
  guidance: attr('data-guidance'),
  frames: num('data-analysed-frames') || 0,
  analysis_ms: num('data-analysis-ms'),
  photo_ms: num('data-photo-ms'),
  photo_bytes: num('data-photo-bytes'),
  shutter_enabled: !!shutter && !shutter.disabled,
  preview_size: img && img.complete && img.naturalWidth > 0 && imgBox.width > 0
    ? [img.naturalWidth, img.naturalHeight] : null,
  progress: progress && progress.hasAttribute('value') ? progress.value : null,
  shown,
  problem: problem ? problem.getAttribute('data-problem') : null,
  video: video ? [video.videoWidth, video.videoHeight] : [0, 0],
  outline: outline ? outline.getAttribute('data-guidance') : null,
};
"#;

/// One change the recorder saw: `attr` (`data-capture-state`, `data-guidance` or
/// `data-screen`) took `value` (`None`: removed) on the screen `screen`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Change {
    pub screen: Option<String>,
    pub attr: String,
    pub value: Option<String>,
}

/// Installs a `MutationObserver` that logs every value the screen's `data-screen`,
/// `data-capture-state`, `data-guidance`, `data-liveness-state` and `data-liveness-hint` take, old values included, so states that last less
/// than a poll (taking, a short retry wait) are seen too. The app is one page: the observer lives
/// as long as the tab does not navigate. It also keeps every camera stream `getUserMedia` gives
/// the app, to count the tracks still running.
const RECORDER_JS: &str = r#"
if (window.__idvChanges) return;
const log = window.__idvChanges = [];
const attrs = ['data-screen', 'data-capture-state', 'data-guidance', 'data-liveness-state',
  'data-liveness-hint'];
const last = {};
const push = (screen, attr, value) => {
  const key = attr + '@' + screen;
  if (attr !== 'data-screen' && last[key] === value) return;
  last[key] = value;
  log.push({ screen, attr, value });
};
const root = () => document.querySelector('[data-testid="screen"]');
const now = () => {
  const s = root();
  if (!s) return;
  const screen = s.getAttribute('data-screen');
  for (const a of attrs) if (a !== 'data-screen') push(screen, a, s.getAttribute(a));
};
let shownScreen = null;
new MutationObserver(records => {
  for (const r of records) {
    if (r.type !== 'attributes' || r.target.getAttribute('data-testid') !== 'screen') continue;
    const screen = r.target.getAttribute('data-screen');
    if (r.attributeName !== 'data-screen') push(screen, r.attributeName, r.oldValue);
  }
  const s = root();
  const screen = s ? s.getAttribute('data-screen') : null;
  if (screen !== shownScreen) { shownScreen = screen; push(screen, 'data-screen', screen); }
  now();
}).observe(document.body, {
  subtree: true, childList: true, attributes: true, attributeOldValue: true,
  attributeFilter: attrs,
});
// Every camera stream the app is given, to tell whether its tracks were stopped.
const streams = window.__idvStreams = [];
const md = navigator.mediaDevices;
if (md && md.getUserMedia) {
  const getUserMedia = md.getUserMedia.bind(md);
  md.getUserMedia = c => getUserMedia(c).then(stream => { streams.push(stream); return stream; });
}
const s = root();
shownScreen = s ? s.getAttribute('data-screen') : null;
push(shownScreen, 'data-screen', shownScreen);
now();
"#;

/// One drawing of the found card's outline (`card-outline`) over the preview, as the page laid
/// it out: its verdict, its box and the preview video's box on screen (CSS pixels), and the
/// camera picture's size.
#[derive(Debug, Clone, Deserialize)]
pub struct OutlineSeen {
    pub guidance: Option<String>,
    /// `[x, y, width, height]`.
    pub outline: [f64; 4],
    pub video: [f64; 4],
    pub picture: [f64; 2],
    /// `card-outline--<verdict>` is among its classes.
    pub classed: bool,
}

/// Logs every outline the page draws (a `MutationObserver` on the polygon's `points` and
/// `data-guidance`), so the outline of a frame that lasts less than a poll is seen too. Keeps
/// the last 300.
const OUTLINE_RECORDER_JS: &str = r#"
if (window.__idvOutlines) return;
const log = window.__idvOutlines = [];
const box = e => { const b = e.getBoundingClientRect(); return [b.x, b.y, b.width, b.height]; };
const note = () => {
  const o = document.querySelector('[data-testid="card-outline"]');
  const v = document.querySelector('[data-testid="preview-video"]');
  if (!o || !v) return;
  const g = o.getAttribute('data-guidance');
  log.push({
    guidance: g,
    outline: box(o),
    video: box(v),
    picture: [v.videoWidth, v.videoHeight],
    classed: o.classList.contains('card-outline--' + g),
  });
  if (log.length > 300) log.shift();
};
new MutationObserver(note).observe(document.body, {
  subtree: true, childList: true, attributes: true,
  attributeFilter: ['points', 'data-guidance'],
});
"#;

/// One row of `GET /v1/sandbox/sessions/{id}/media`.
#[derive(Debug, Clone, Deserialize)]
pub struct MediaRow {
    pub media_id: String,
    pub side: String,
    pub format: String,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub path: String,
    pub created_at: String,
    pub current: bool,
    /// The card's corners the upload carried (`[x, y]` fractions of the photo, TL TR BR BL).
    #[serde(default)]
    pub corners: Option<[[f64; 2]; 4]>,
}

#[derive(Deserialize)]
struct MediaList {
    media: Vec<MediaRow>,
}

pub const FRONT: &str = "scan_id_document_front_screen";
pub const BACK: &str = "scan_id_document_back_screen";

impl Harness {
    /// The capture screen's hooks now.
    pub async fn capture_probe(&self) -> CaptureProbe {
        self.driver()
            .execute(CAPTURE_PROBE_JS, Vec::new())
            .await
            .expect("probe the capture screen")
            .convert()
            .expect("a capture probe")
    }

    /// Polls the capture screen until `done` holds; fails after `timeout` with the last probe.
    /// With `shots`, every new (screen, state, guidance) is saved as
    /// `<shots><screen>-<state>[-<guidance>].png` on the way.
    pub async fn wait_capture(
        &self,
        what: &str,
        timeout: Duration,
        shots: Option<&str>,
        done: impl Fn(&CaptureProbe) -> bool,
    ) -> CaptureProbe {
        let deadline = Instant::now() + timeout;
        loop {
            let probe = self.capture_probe().await;
            if let (Some(prefix), Some(screen)) = (shots, probe.screen.as_deref()) {
                let mut name = format!("{prefix}{screen}");
                if let Some(state) = &probe.state {
                    name.push('-');
                    name.push_str(state);
                }
                if let Some(guidance) = &probe.guidance {
                    name.push('-');
                    name.push_str(guidance);
                }
                self.screenshot_once(&name).await;
            }
            if done(&probe) {
                return probe;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not within {timeout:?}; last seen {probe:#?}; changes {:#?}",
                self.changes().await
            );
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Starts recording every outline the page draws (see [`Harness::outlines`]).
    pub async fn record_outlines(&self) {
        self.driver()
            .execute(OUTLINE_RECORDER_JS, Vec::new())
            .await
            .expect("install the outline recorder");
    }

    /// The outlines drawn since [`Harness::record_outlines`], oldest first.
    pub async fn outlines(&self) -> Vec<OutlineSeen> {
        self.driver()
            .execute("return window.__idvOutlines || [];", Vec::new())
            .await
            .expect("read the outline recorder")
            .convert()
            .expect("recorded outlines")
    }

    /// The tab's kept record of `kind` (`idv.kept.<kind>` in session storage), as text.
    pub async fn kept_record(&self, kind: &str) -> Option<String> {
        self.driver()
            .execute(
                "return sessionStorage.getItem('idv.kept.' + arguments[0]);",
                vec![serde_json::Value::from(kind)],
            )
            .await
            .expect("read session storage")
            .convert()
            .expect("a string or null")
    }

    /// Starts recording every screen, capture state and guidance (see [`Harness::changes`]).
    pub async fn record_changes(&self) {
        self.driver()
            .execute(RECORDER_JS, Vec::new())
            .await
            .expect("install the recorder");
    }

    /// How many camera streams the app was given since [`Harness::record_changes`], and how
    /// many of their tracks still run (`readyState == "live"`: the camera light is on).
    pub async fn camera_tracks(&self) -> (u32, u32) {
        self.driver()
            .execute(
                "const s = window.__idvStreams || []; \
                 return [s.length, s.flatMap(x => x.getTracks()) \
                   .filter(t => t.readyState === 'live').length];",
                Vec::new(),
            )
            .await
            .expect("count the camera tracks")
            .convert()
            .expect("two counts")
    }

    /// Everything recorded since [`Harness::record_changes`], oldest first.
    pub async fn changes(&self) -> Vec<Change> {
        self.driver()
            .execute("return window.__idvChanges || [];", Vec::new())
            .await
            .expect("read the recorder")
            .convert()
            .expect("recorded changes")
    }

    /// The values `attr` took on `screen`, in order, consecutive repeats folded.
    pub async fn values_of(&self, screen: &str, attr: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.changes().await {
            if c.screen.as_deref() == Some(screen) && c.attr == attr {
                if let Some(v) = c.value {
                    if out.last() != Some(&v) {
                        out.push(v);
                    }
                }
            }
        }
        out
    }

    /// Waits until the values `attr` took on `screen` (see [`Harness::values_of`]) satisfy
    /// `done`; returns them.
    pub async fn wait_values(
        &self,
        screen: &str,
        attr: &str,
        what: &str,
        done: impl Fn(&[String]) -> bool,
    ) -> Vec<String> {
        self.wait_values_within(screen, attr, what, super::SCREEN_TIMEOUT, done)
            .await
    }

    /// [`Harness::wait_values`] with its own deadline, for what takes longer than a screen
    /// (a selfie challenge waits on the user's head).
    pub async fn wait_values_within(
        &self,
        screen: &str,
        attr: &str,
        what: &str,
        timeout: Duration,
        done: impl Fn(&[String]) -> bool,
    ) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let values = self.values_of(screen, attr).await;
            if done(&values) {
                return values;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not within {timeout:?}; {attr} on {screen}: {values:?}"
            );
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// The screens shown since recording started, in order.
    pub async fn screens_seen(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.changes().await {
            if c.attr == "data-screen" {
                if let Some(v) = c.value {
                    if out.last() != Some(&v) {
                        out.push(v);
                    }
                }
            }
        }
        out
    }

    /// Chooses `path` in the screen's `file-input`, as a user picking a photo does (WebDriver
    /// types the path into the file input; the input may be visually hidden).
    pub async fn choose_file(&self, path: &Path) {
        let input = self
            .driver()
            .query(testid("file-input"))
            .wait(super::SCREEN_TIMEOUT, POLL_INTERVAL)
            .first()
            .await
            .expect("a file input");
        input
            .send_keys(path.to_str().expect("a UTF-8 path"))
            .await
            .expect("choose the file");
    }

    /// Makes the app's random draws land in the top tenth of their range from now on, so the
    /// retry waits (full jitter: a random share of 0.5 s, 1 s, 2 s) last long enough to be
    /// seen and photographed. Draws stay distinct, so idempotency keys stay unique.
    pub async fn slow_retry_jitter(&self) {
        self.driver()
            .execute(
                "if (!Math.__idvRandom) { Math.__idvRandom = Math.random; \
                 Math.random = () => 0.9 + 0.0999 * Math.__idvRandom(); }",
                Vec::new(),
            )
            .await
            .expect("bias Math.random");
    }

    /// `GET /v1/sandbox/sessions/{id}/media`: the session's stored images, oldest first.
    pub async fn media(&self, session_id: &str) -> Vec<MediaRow> {
        let response = self
            .http
            .get(self.url(&format!("/v1/sandbox/sessions/{session_id}/media")))
            .bearer_auth(super::API_KEY)
            .send()
            .await
            .expect("GET media");
        let status = response.status();
        let text = response.text().await.expect("read the media list");
        assert!(status.is_success(), "GET media answered {status}: {text}");
        serde_json::from_str::<MediaList>(&text)
            .unwrap_or_else(|e| panic!("a media list: {e}: {text}"))
            .media
    }
}
