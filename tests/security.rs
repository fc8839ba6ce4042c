//! Security, end to end (issue 8): the built app needs nothing its Content-Security-Policy does
//! not allow, runs a whole journey without one violation, and a panic anywhere ends on a screen
//! that lets the user reload instead of a blank page.
//!
//! Needs `dist/` (README's test command builds it) and Debian's chromium + chromium-driver.

mod support;

use idv_core::Session;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::capture::{BACK, FRONT};
use support::card::{self, FRAME_H, FRAME_W};
use support::pages::{ConsentPage, WelcomePage};
use support::{dist_dir, BrowserOptions, Camera, Harness, ReturnSite};

const CAPTURE_TIMEOUT: Duration = Duration::from_secs(30);
const JOURNEY_TIMEOUT: Duration = Duration::from_secs(40);

fn start_url(session: &Session) -> &str {
    session.start_url.as_deref().expect("start_url")
}

/// JavaScript with its comments and string, template and regular-expression-free literals
/// blanked out, so that what remains is code: a word in a message or a comment is no call.
fn code_only(js: &str) -> String {
    let b = js.as_bytes();
    let mut out = String::with_capacity(js.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

/// Whether `code` calls `eval`, builds a function from text, or hands a string to a timer.
fn evaluates_text(code: &str) -> Vec<&'static str> {
    let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let mut found = Vec::new();
    for (needle, what) in [
        ("eval(", "eval("),
        ("newFunction", "new Function"),
        ("Function(", "Function("),
        ("setTimeout(\"\"", "setTimeout(string)"),
        ("setInterval(\"\"", "setInterval(string)"),
    ] {
        let hit = squeezed.match_indices(needle).any(|(at, _)| {
            // `eval(` as a word, not the end of `retrieval(`.
            let before = squeezed[..at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
                || needle.starts_with("new")
        });
        if hit {
            found.push(what);
        }
    }
    found
}

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dist/")
        .map(|e| e.expect("a dist/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

// The policy is `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'` with no nonce or hash:
// the built page may hold no inline script, style or event handler, and no JS file of the build
// (the app's glue, its boot script, the face worker's glue and loader) may evaluate text.
#[test]
fn the_built_app_needs_nothing_the_policy_does_not_allow() {
    let dist = dist_dir();
    let html = std::fs::read_to_string(dist.join("index.html")).expect("read index.html");
    let lower = html.to_ascii_lowercase();
    for (at, _) in lower.match_indices("<script") {
        let tag = &lower[at..at + lower[at..].find('>').expect("a closed tag")];
        assert!(tag.contains(" src="), "an inline script: {tag}");
        let body_end = at + lower[at..].find("</script>").expect("a closed script");
        let inner = &lower[at + tag.len() + 1..body_end];
        assert!(inner.trim().is_empty(), "a script with a body: {inner}");
    }
    assert!(!lower.contains("<style"), "an inline <style> element");
    for attr in [
        " style=",
        " onload=",
        " onerror=",
        " onclick=",
        "javascript:",
    ] {
        assert!(!lower.contains(attr), "index.html holds {attr:?}");
    }
    for (at, _) in lower.match_indices("<link") {
        let tag = &lower[at..at + lower[at..].find('>').expect("a closed tag")];
        assert!(!tag.contains("//"), "a link to another origin: {tag}");
    }

    let scripts = files_with(&dist, "js");
    let names: Vec<String> = scripts
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "boot.js",
        "idv-capture.js",
        "face-worker.js",
        "face-worker_loader.js",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not built: {names:?}"
        );
    }
    for path in &scripts {
        let js = std::fs::read_to_string(path).expect("read a script");
        let found = evaluates_text(&code_only(&js));
        assert!(
            found.is_empty(),
            "{} evaluates text: {found:?}",
            path.display()
        );
        // A worker made from a blob: or data: URL would need `worker-src blob:`.
        assert!(
            !js.contains("createObjectURL(new Blob(["),
            "{}",
            path.display()
        );
    }
    for path in files_with(&dist, "css") {
        let css = std::fs::read_to_string(&path).expect("read a stylesheet");
        assert!(!css.contains("@import url(http"), "{}", path.display());
        assert!(
            !css.contains("url(http"),
            "{} loads from elsewhere",
            path.display()
        );
    }
}

#[test]
fn the_scan_of_scripts_finds_what_it_looks_for() {
    assert_eq!(evaluates_text(&code_only("x = eval('1+1');")), ["eval("]);
    assert_eq!(
        evaluates_text(&code_only("f = new  Function('a', b);")),
        ["new Function"]
    );
    assert_eq!(
        evaluates_text(&code_only("setTimeout(\"go()\", 1)")),
        ["setTimeout(string)"]
    );
    assert!(evaluates_text(&code_only(
        "// eval(x)\n/* new Function */ s = `Function(${n})`;"
    ))
    .is_empty());
    assert!(evaluates_text(&code_only("retrieval(x); medieval (y)")).is_empty());
}

/// On `screen` with the still card before the camera: waits for the photo and sends it.
async fn photograph(h: &Harness, screen: &str) {
    h.wait_capture("auto-capture", CAPTURE_TIMEOUT, None, |p| {
        p.is(screen, "preview") && p.preview_size.is_some()
    })
    .await;
    h.click("use-photo").await;
    h.wait_capture("the photo's upload", CAPTURE_TIMEOUT, None, |p| {
        p.screen.is_some() && !p.on(screen)
    })
    .await;
}

// A kyc journey under the policy, from the link to the return: camera previews, photo previews
// (blob: URLs), uploads, the selfie with its face worker, the websocket, the redirect. A
// listener installed before each document's first script and the browser log both stay empty.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journey_runs_with_zero_policy_violations() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let y4m = dir.path().join("still-card.y4m");
    card::write_y4m(&y4m, FRAME_W, FRAME_H, &card::still_card_frames());
    let site = ReturnSite::start();
    let h = Harness::start_with_browser(
        |_| {},
        &BrowserOptions {
            camera: Camera::File(y4m),
            ..BrowserOptions::default()
        },
    )
    .await;
    let session = h.create_session("e2e-csp", "kyc", Some(&site.url())).await;

    h.open(start_url(&session)).await;
    WelcomePage::wait(&h).await;
    assert!(
        h.csp_events().await.is_empty(),
        "the listener runs on the app's page"
    );
    h.assert_no_csp_violations().await;
    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    ConsentPage::accept(&h).await;
    for screen in [FRONT, BACK] {
        photograph(&h, screen).await;
        h.assert_no_csp_violations().await;
    }
    h.wait_for_screen("liveness_screen").await;
    h.record_changes().await;
    h.click("liveness-start").await;
    // The card is no face: the guidance (the worker, loaded now) never says ok, and the
    // challenge started anyway says it sees no face; the user takes the assisted way.
    h.click("liveness-anyway").await;
    h.wait_values(
        "liveness_screen",
        "data-liveness-hint",
        "the challenge's no-face hint",
        |v| v.iter().any(|s| s == "no_face"),
    )
    .await;
    h.click("liveness-assisted").await;
    h.wait_capture("the selfie", CAPTURE_TIMEOUT, None, |p| {
        p.screen.is_some() && !p.on("liveness_screen")
    })
    .await;
    h.assert_no_csp_violations().await;
    let journey = h.follow("csp-", JOURNEY_TIMEOUT, |p| p.returned).await;
    assert!(journey.saw("completed_screen"), "{:?}", journey.screens);
    // The log holds the whole run, redirect included.
    h.assert_no_csp_violations().await;
    h.finish().await;
}

const PANIC_KEY: &str = "idv.test.panic-on-screen";

// A panic mid-journey (the release build aborts on it) ends on the crash screen, with the way
// out it offers: reloading resumes the session where it was, and the journey then finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_shows_the_crash_screen_and_a_reload_carries_on() {
    let site = ReturnSite::start();
    let h = Harness::start().await;
    let session = h
        .create_session("e2e-panic", "consent_only", Some(&site.url()))
        .await;
    h.open(start_url(&session)).await;
    WelcomePage::wait(&h).await;
    // The test-only trigger: the app panics when it shows this screen (docs/test-hooks.md).
    h.driver()
        .execute(
            &format!("sessionStorage.setItem('{PANIC_KEY}', 'consent_screen');"),
            vec![],
        )
        .await
        .expect("set the panic trigger");
    WelcomePage::start(&h).await;

    let crashed = h.wait_for_screen("crashed").await;
    h.screenshot("security-crashed").await;
    let probe = h.probe_now().await.expect("probe");
    assert_eq!(
        probe.screen_count, 1,
        "the crash screen replaces the app: {probe:?}"
    );
    assert_eq!(
        crashed.attr("role").await.unwrap().as_deref(),
        Some("alert")
    );
    let text = crashed.text().await.expect("the screen's text");
    assert!(text.contains("Something went wrong"), "{text}");
    let console: Vec<String> = h
        .browser
        .drain_log()
        .await
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(
        console
            .iter()
            .any(|m| m.contains("test-only panic on consent_screen")),
        "the panic is logged: {console:#?}"
    );
    // The app has stopped: the journey's timers and socket no longer change the page.
    assert!(
        !h.stays_false_for(Duration::from_secs(3), || async {
            h.probe_now()
                .await
                .map(|p| p.screen.as_deref() != Some("crashed"))
                .unwrap_or(true)
        })
        .await,
        "the crash screen was replaced"
    );

    h.driver()
        .execute(
            &format!("sessionStorage.removeItem('{PANIC_KEY}');"),
            vec![],
        )
        .await
        .expect("clear the panic trigger");
    h.click("reload").await;
    // Consent was not given yet, so the session resumes on its welcome screen.
    WelcomePage::wait(&h).await;
    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    ConsentPage::accept(&h).await;
    let journey = h.follow("panic-", JOURNEY_TIMEOUT, |p| p.returned).await;
    assert!(journey.saw("successful_screen"), "{:?}", journey.screens);
    assert_eq!(site.returns().len(), 1);
    h.assert_no_csp_violations().await;
    h.finish().await;
}
