//! axe-core in the page: every screen the tests photograph is also checked against WCAG 2.2 AA.
//!
//! `scripts/setup.sh` installs the npm package `axe-core` (pinned) into `.tools/axe/`; the
//! harness runs its `axe.min.js` in the page through WebDriver, which the page's CSP does not
//! govern, so the app's policy stays as strict as in production.

use super::Harness;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// The WCAG levels checked: A and AA of 2.0, 2.1 and 2.2.
pub const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];

fn axe_path() -> PathBuf {
    std::env::var_os("IDV_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".tools/axe/node_modules/axe-core/axe.min.js")
        })
}

/// The axe-core script. Missing, it fails the test: an accessibility check that skips itself
/// proves nothing.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is missing ({}: {e}): run `source scripts/setup.sh && setup_axe`, or set \
                 IDV_AXE_JS to an axe.min.js",
                path.display()
            )
        })
    })
}

/// One axe rule broken, with the elements that break it.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<ViolationNode>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ViolationNode {
    pub target: serde_json::Value,
    #[serde(rename = "failureSummary")]
    pub failure_summary: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Outcome {
    Done { violations: Vec<Violation> },
    Failed { error: String },
}

impl Harness {
    /// Runs axe-core on the page as it is now, or says why it could not run to the end (a
    /// navigation replaced the document meanwhile, say).
    pub async fn axe(&self) -> Result<Vec<Violation>, String> {
        // The 550 KB script crosses WebDriver once per document, not on every check.
        let present: bool = self
            .driver()
            .execute("return !!window.axe;", Vec::new())
            .await
            .and_then(|v| v.convert())
            .map_err(|e| e.to_string())?;
        if !present {
            self.driver()
                .execute(axe_source(), Vec::new())
                .await
                .map_err(|e| e.to_string())?;
        }
        let script = format!(
            "const done = arguments[arguments.length - 1];\n\
             window.axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags:?} }}, \
               resultTypes: ['violations'] }})\n\
               .then((r) => done({{ violations: r.violations.map((v) => ({{ id: v.id, \
                 impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({{ target: n.target, \
                 failureSummary: n.failureSummary }})) }})) }}))\n\
               .catch((e) => done({{ error: String(e) }}));",
            tags = TAGS,
        );
        let run = self.driver().execute_async(&script, Vec::new());
        let answer = tokio::time::timeout(Duration::from_secs(30), run)
            .await
            .map_err(|_| "axe-core did not finish within 30 s".to_owned())?
            .map_err(|e| e.to_string())?;
        match answer.convert::<Outcome>().map_err(|e| e.to_string())? {
            Outcome::Done { violations } => Ok(violations),
            Outcome::Failed { error } => Err(error),
        }
    }

    /// Fails if axe-core finds any WCAG 2.2 A/AA violation on the page. `name` says where, in
    /// the failure. The check runs again when a navigation cut it short, a few times.
    /// [`Harness::screenshot`] calls it for every state a test photographs.
    pub async fn assert_accessible(&self, name: &str) {
        let mut errors = Vec::new();
        for _ in 0..5 {
            // Only the app is checked, not a test's return site the journey ended on.
            match self.driver().current_url().await {
                Ok(url) if !self.on_app_origin(url.as_str()) => return,
                _ => {}
            }
            match self.axe().await {
                Ok(violations) => {
                    assert!(
                        violations.is_empty(),
                        "axe-core: {} WCAG violation(s) on {name}:\n{violations:#?}",
                        violations.len()
                    );
                    return;
                }
                Err(e) => errors.push(e),
            }
            tokio::time::sleep(super::POLL_INTERVAL).await;
        }
        panic!("axe-core could not check {name}: {errors:#?}");
    }

    /// Emulates the user's colour-scheme preference (`dark` or `light`) for this page on.
    pub async fn prefer_color_scheme(&self, scheme: &str) {
        self.driver()
            .cdp()
            .send_raw(
                "Emulation.setEmulatedMedia",
                serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            )
            .await
            .expect("emulate prefers-color-scheme");
    }

    /// `lang` and `dir` of `<html>`.
    pub async fn html_lang_dir(&self) -> (String, String) {
        let got = self
            .driver()
            .execute(
                "return [document.documentElement.lang, document.documentElement.dir];",
                vec![],
            )
            .await
            .expect("read lang and dir");
        got.convert().expect("two strings")
    }

    /// The `data-testid` of the focused element, if it has one.
    pub async fn focused_testid(&self) -> Option<String> {
        let got = self
            .driver()
            .execute(
                "const e = document.activeElement; return e ? e.getAttribute('data-testid') : null;",
                vec![],
            )
            .await
            .ok()?;
        got.convert().ok().flatten()
    }

    /// Presses one key (a `thirtyfour::Key` as text, or a character) on the focused element.
    pub async fn press(&self, key: impl Into<thirtyfour::common::keys::TypingData>) {
        self.driver()
            .action_chain()
            .send_keys(key)
            .perform()
            .await
            .expect("press a key");
    }

    /// Presses Tab until the control `data-testid=<id>` has focus, as a keyboard user moves
    /// through the page; fails if it is not reached within `max` presses.
    pub async fn tab_to(&self, id: &str, max: usize) {
        use thirtyfour::Key;
        for _ in 0..max {
            if self.focused_testid().await.as_deref() == Some(id) {
                return;
            }
            self.press(Key::Tab).await;
        }
        assert_eq!(
            self.focused_testid().await.as_deref(),
            Some(id),
            "{id} not reached with {max} Tab presses"
        );
    }
}
