//! The proof-of-address and proof-of-funds uploads and the phone and e-mail code steps as tests
//! see them: hand-written PDFs, one probe of the screens' hooks (docs/test-hooks.md), the
//! sandbox's lists of stored documents and sent codes, and the one test-only move the sandbox's
//! API does not offer (skipping a step the sandbox cannot complete yet).

use super::{testid, Harness, POLL_INTERVAL, SCREEN_TIMEOUT};
use idv_core::Step;
use serde::Deserialize;
use std::time::{Duration, Instant};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

// ---- files ----

/// Hand-written PDFs (`idv-fixtures`): a bill of text, a scanned one (its first page a JPEG),
/// and a password-protected one.
#[allow(unused_imports)] // not every test binary uploads a PDF
pub use idv_fixtures::pdf::{encrypted_pdf, pdf, scanned_pdf};

// ---- the screens' hooks ----

/// What an upload or code screen shows at one instant, read in one script.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StepProbe {
    /// `data-screen` of the screen on display.
    pub screen: Option<String>,
    /// `data-capture-state` (upload screens).
    pub capture_state: Option<String>,
    /// `data-code-state` (code screens): `contact` or `code`.
    pub code_state: Option<String>,
    /// The text of each of these `data-testid`s, when in the page: `file-summary`,
    /// `file-error`, `code-sent-to`, `code-error`, `contact-error`, `resend-countdown`.
    pub file_summary: Option<String>,
    pub file_error: Option<String>,
    pub code_sent_to: Option<String>,
    pub code_error: Option<String>,
    pub contact_error: Option<String>,
    pub resend_countdown: Option<String>,
    /// `resend` is in the page and disabled.
    pub resend_disabled: Option<bool>,
    /// `photo-preview` is laid out and its image decoded: its natural size.
    pub preview_size: Option<(u32, u32)>,
    /// `page-preview` (a PDF's first page) laid out and decoded: its natural size, and its URL.
    pub page_size: Option<(u32, u32)>,
    pub page_src: Option<String>,
    /// `document-card`'s `aria-label` ("PDF, 2 pages"), when in the page.
    pub document_card: Option<String>,
    /// Images in the page that finished loading without a picture (broken).
    pub broken_images: u32,
    /// `data-testid`s in the page that are laid out (width and height above 0).
    pub shown: Vec<String>,
}

impl StepProbe {
    pub fn on(&self, screen: &str) -> bool {
        self.screen.as_deref() == Some(screen)
    }

    pub fn shows(&self, id: &str) -> bool {
        self.shown.iter().any(|s| s == id)
    }

    /// The seconds `resend-countdown` announces ("... in 27 s"), if it announces any.
    pub fn countdown(&self) -> Option<u32> {
        let text = self.resend_countdown.as_deref()?;
        text.split_whitespace()
            .filter_map(|w| w.parse::<u32>().ok())
            .next_back()
    }
}

const STEP_PROBE_JS: &str = r#"
const s = document.querySelector('[data-testid="screen"]');
const attr = n => (s ? s.getAttribute(n) : null);
const text = id => { const e = document.querySelector(`[data-testid="${id}"]`); return e ? e.textContent.trim() : null; };
const shown = [];
for (const e of document.querySelectorAll('[data-testid]')) {
  const r = e.getBoundingClientRect();
  if (r.width > 0 && r.height > 0) shown.push(e.getAttribute('data-testid'));
}
const resend = document.querySelector('[data-testid="resend"]');
const img = document.querySelector('[data-testid="photo-preview"]');
const imgBox = img ? img.getBoundingClientRect() : null;
const page = document.querySelector('[data-testid="page-preview"]');
const pageBox = page ? page.getBoundingClientRect() : null;
const card = document.querySelector('[data-testid="document-card"]');
const broken = [...document.images].filter(i => i.complete && i.getAttribute('src') && i.naturalWidth === 0).length;
return {
  screen: attr('data-screen'),
  capture_state: attr('data-capture-state'),
  code_state: attr('data-code-state'),
  file_summary: text('file-summary'),
  file_error: text('file-error'),
  code_sent_to: text('code-sent-to'),
  code_error: text('code-error'),
  contact_error: text('contact-error'),
  resend_countdown: text('resend-countdown'),
  resend_disabled: resend ? resend.disabled : null,
  preview_size: img && img.complete && img.naturalWidth > 0 && imgBox.width > 0
    ? [img.naturalWidth, img.naturalHeight] : null,
  page_size: page && page.complete && page.naturalWidth > 0 && pageBox.width > 0
    ? [page.naturalWidth, page.naturalHeight] : null,
  page_src: page ? page.getAttribute('src') : null,
  document_card: card ? card.getAttribute('aria-label') : null,
  broken_images: broken,
  shown,
};
"#;

/// One row of `GET /v1/sandbox/sessions/{id}/documents`.
#[derive(Debug, Clone, Deserialize)]
pub struct DocumentRow {
    pub document_id: String,
    pub kind: String,
    pub format: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    pub path: String,
    pub created_at: String,
    pub current: bool,
}

#[derive(Deserialize)]
struct DocumentList {
    documents: Vec<DocumentRow>,
}

/// One row of `GET /v1/sandbox/sessions/{id}/codes`.
#[derive(Debug, Clone, Deserialize)]
pub struct CodeRow {
    pub step: String,
    pub to: String,
    pub code: String,
    pub sent_at: String,
}

#[derive(Deserialize)]
struct CodeList {
    codes: Vec<CodeRow>,
}

impl Harness {
    /// The upload or code screen's hooks now.
    pub async fn step_probe(&self) -> StepProbe {
        self.driver()
            .execute(STEP_PROBE_JS, Vec::new())
            .await
            .expect("probe the screen")
            .convert()
            .expect("a step probe")
    }

    /// Polls the screen until `done` holds; fails after `timeout` with the last probe.
    pub async fn wait_step(&self, what: &str, done: impl Fn(&StepProbe) -> bool) -> StepProbe {
        self.wait_step_for(what, SCREEN_TIMEOUT, done).await
    }

    pub async fn wait_step_for(
        &self,
        what: &str,
        timeout: Duration,
        done: impl Fn(&StepProbe) -> bool,
    ) -> StepProbe {
        let deadline = Instant::now() + timeout;
        loop {
            let probe = self.step_probe().await;
            if done(&probe) {
                return probe;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not within {timeout:?}; last seen {probe:#?}"
            );
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Picks `path` in the `<input type="file">` `data-testid=<id>` (`replace-input`, say).
    pub async fn choose_file_in(&self, id: &str, path: &std::path::Path) {
        self.element(id)
            .await
            .send_keys(path.to_str().expect("a UTF-8 path"))
            .await
            .unwrap_or_else(|e| panic!("choose a file in {id}: {e}"));
    }

    /// Drops a file of `bytes` named `name` on the element `data-testid=<id>`, as a desktop
    /// user dragging it from a folder does (`dragover`, then `drop` with the file).
    pub async fn drop_file(&self, id: &str, name: &str, mime: &str, bytes: &[u8]) {
        let script = "const [id, name, mime, hex] = arguments; \
            const data = new Uint8Array(hex.length / 2); \
            for (let i = 0; i < data.length; i++) data[i] = parseInt(hex.substr(2 * i, 2), 16); \
            const dt = new DataTransfer(); \
            dt.items.add(new File([data], name, { type: mime })); \
            const zone = document.querySelector(`[data-testid=\"${id}\"]`); \
            zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true })); \
            zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));";
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.element(id).await;
        self.driver()
            .execute(
                script,
                vec![
                    serde_json::json!(id),
                    serde_json::json!(name),
                    serde_json::json!(mime),
                    serde_json::json!(hex),
                ],
            )
            .await
            .unwrap_or_else(|e| panic!("drop {name} on {id}: {e}"));
    }

    /// Whether the `blob:` URL `url` no longer loads (it was revoked): tried as an image, which
    /// the CSP allows (`img-src blob:`).
    pub async fn blob_url_revoked(&self, url: &str) -> bool {
        let script = "const [url, done] = arguments; const i = new Image(); \
                      i.onload = () => done(false); i.onerror = () => done(true); i.src = url;";
        self.driver()
            .execute_async(script, vec![serde_json::json!(url)])
            .await
            .expect("try the URL")
            .convert()
            .expect("a boolean")
    }

    /// `POST /v1/sandbox/sessions/{id}/steps/nfc/skip`: the platform moves past the chip step.
    pub async fn skip_nfc(&self, session_id: &str) {
        let path = format!("/v1/sandbox/sessions/{session_id}/steps/nfc/skip");
        let response = self
            .http
            .post(self.url(&path))
            .bearer_auth(super::API_KEY)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = response.status();
        let text = response.text().await.expect("read the answer");
        assert!(status.is_success(), "POST {path} answered {status}: {text}");
    }

    /// The element `data-testid=<id>`, waiting for it.
    pub async fn element(&self, id: &str) -> WebElement {
        self.driver()
            .query(testid(id))
            .wait(SCREEN_TIMEOUT, POLL_INTERVAL)
            .first()
            .await
            .unwrap_or_else(|e| panic!("no {id}: {e}"))
    }

    /// Types `text` into the field `data-testid=<id>` after emptying it, key by key as a user
    /// does (each key is an `input` event).
    pub async fn type_into(&self, id: &str, text: &str) {
        let field = self.element(id).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear {id}: {e}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {id}: {e}"));
    }

    /// Picks `value` in the `<select>` `data-testid=<id>`.
    pub async fn select(&self, id: &str, value: &str) {
        let select = SelectElement::new(&self.element(id).await)
            .await
            .unwrap_or_else(|e| panic!("{id} is not a select: {e}"));
        select
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in {id}: {e}"));
    }

    /// Puts the session on the first screen of `step` as if the steps before it were passed,
    /// by changing the sandbox's record directly (stored and pushed to the app like any other
    /// change). **Test-only**, to reach a step without passing the ones a test is not about:
    /// the sandbox's API deliberately offers no general way to skip a step.
    pub fn skip_to(&self, session_id: &str, step: Step) {
        let now = self.state.now();
        self.state
            .modify(session_id, |row| {
                row.step_index = row
                    .steps
                    .iter()
                    .position(|s| *s == step)
                    .expect("the step is in the workflow");
                row.screen = step.first_screen();
                row.seq += 1;
                row.mark_started(now);
                Ok(())
            })
            .expect("skip to the step");
    }

    /// `GET /v1/sandbox/sessions/{id}/documents`: the stored proofs, oldest first.
    pub async fn documents(&self, session_id: &str) -> Vec<DocumentRow> {
        let body = self
            .sandbox_get(&format!("/v1/sandbox/sessions/{session_id}/documents"))
            .await;
        serde_json::from_str::<DocumentList>(&body)
            .unwrap_or_else(|e| panic!("a document list: {e}: {body}"))
            .documents
    }

    /// `GET /v1/sandbox/sessions/{id}/codes`: every code "sent", newest first.
    pub async fn codes(&self, session_id: &str) -> Vec<CodeRow> {
        let body = self
            .sandbox_get(&format!("/v1/sandbox/sessions/{session_id}/codes"))
            .await;
        serde_json::from_str::<CodeList>(&body)
            .unwrap_or_else(|e| panic!("a code list: {e}: {body}"))
            .codes
    }

    /// The newest code sent for `step` (`phone`/`email`), waiting for it to be listed.
    pub async fn newest_code(&self, session_id: &str, step: &str) -> CodeRow {
        let deadline = Instant::now() + SCREEN_TIMEOUT;
        loop {
            if let Some(row) = self
                .codes(session_id)
                .await
                .into_iter()
                .find(|c| c.step == step)
            {
                return row;
            }
            assert!(Instant::now() < deadline, "no {step} code was sent");
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    async fn sandbox_get(&self, path: &str) -> String {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(super::API_KEY)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status();
        let text = response.text().await.expect("read the answer");
        assert!(status.is_success(), "GET {path} answered {status}: {text}");
        text
    }
}
