//! End-to-end: languages, right-to-left, keyboard-only use, dark mode, a narrow screen and the
//! session's branding, each checked by axe-core (WCAG 2.2 AA) on every screen it reaches.

mod support;

use idv_core::Session;
use std::time::Duration;
use support::pages::{ConsentPage, WelcomePage};
use support::{testid, Harness, API_KEY, FINAL_SCREENS};
use thirtyfour::prelude::ElementQueryable;
use thirtyfour::Key;

const JOURNEY_TIMEOUT: Duration = Duration::from_secs(40);

/// Creates a session with the create request's optional fields set as `extra` says.
async fn create(h: &Harness, ref_id: &str, workflow: &str, extra: serde_json::Value) -> Session {
    let mut body = serde_json::json!({ "ref_id": ref_id, "workflow_id": workflow });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let response = h
        .http
        .post(h.url("/v1/sessions"))
        .bearer_auth(API_KEY)
        .json(&body)
        .send()
        .await
        .expect("POST /v1/sessions");
    let status = response.status();
    let text = response.text().await.expect("the answer");
    assert_eq!(status.as_u16(), 201, "{text}");
    serde_json::from_str(&text).expect("a session object")
}

async fn text_of(h: &Harness, id: &str) -> String {
    h.driver()
        .find(testid(id))
        .await
        .unwrap_or_else(|e| panic!("{id}: {e}"))
        .text()
        .await
        .expect("text")
}

async fn heading(h: &Harness) -> String {
    h.driver()
        .find(thirtyfour::By::Css("main h1"))
        .await
        .expect("the screen's h1")
        .text()
        .await
        .expect("h1 text")
}

async fn wait_lang(h: &Harness, lang: &str) {
    for _ in 0..200 {
        if h.html_lang_dir().await.0 == lang {
            return;
        }
        tokio::time::sleep(support::POLL_INTERVAL).await;
    }
    panic!(
        "<html lang> never became {lang}: {:?}",
        h.html_lang_dir().await
    );
}

/// Welcome, consent (accepted), then whatever the platform shows until a final screen; every
/// screen photographed as `<prefix><screen>` and checked by axe.
async fn consent_journey(h: &Harness, session: &Session, prefix: &str) {
    h.open(session.start_url.as_deref().expect("start_url"))
        .await;
    WelcomePage::wait(h).await;
    h.screenshot_once(&format!("{prefix}welcome")).await;
    WelcomePage::start(h).await;
    ConsentPage::wait(h).await;
    h.screenshot_once(&format!("{prefix}consent_screen")).await;
    ConsentPage::accept(h).await;
    h.follow(prefix, JOURNEY_TIMEOUT, |p| {
        p.screen.as_deref() == Some("successful_screen")
    })
    .await;
}

// The session's locale "ar": the page is Arabic and right to left from the welcome screen to
// the end, and each screen passes axe in that direction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arabic_session_is_right_to_left_and_translated() {
    let h = Harness::start().await;
    let session = create(
        &h,
        "a11y-ar",
        "consent_only",
        serde_json::json!({ "locale": "ar" }),
    )
    .await;

    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    wait_lang(&h, "ar").await;
    assert_eq!(h.html_lang_dir().await, ("ar".to_owned(), "rtl".to_owned()));
    assert_eq!(heading(&h).await, "لنتحقق من هويتك");
    assert_eq!(text_of(&h, "welcome-start").await, "ابدأ");
    let title = h.driver().title().await.expect("title");
    assert_eq!(title, "التحقق من الهوية");
    // The layout mirrors: the start button's text sits on the right of the screen.
    let dir: String = h
        .driver()
        .execute(
            "return getComputedStyle(document.querySelector('main')).direction;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(dir, "rtl");

    consent_journey(&h, &session, "ar-").await;
    assert_eq!(heading(&h).await, "تم التحقق من هويتك");
    assert_eq!(h.html_lang_dir().await.1, "rtl");
    h.assert_clean_console().await;
    h.finish().await;
}

// The session's locale "de-CH": German, left to right, through to the final screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn german_session_is_translated() {
    let h = Harness::start().await;
    let session = create(
        &h,
        "a11y-de",
        "consent_only",
        serde_json::json!({ "locale": "de-CH" }),
    )
    .await;

    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    wait_lang(&h, "de").await;
    assert_eq!(h.html_lang_dir().await, ("de".to_owned(), "ltr".to_owned()));
    assert_eq!(heading(&h).await, "Bestätigen Sie Ihre Identität");

    consent_journey(&h, &session, "de-").await;
    assert_eq!(heading(&h).await, "Sie sind verifiziert");
    h.assert_clean_console().await;
    h.finish().await;
}

// The switcher: a labelled select; choosing French translates the screen on display at once,
// sets <html lang>, and the choice outlives a reload (the session said English).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switcher_translates_at_once_and_keeps_the_choice() {
    let h = Harness::start().await;
    let session = create(
        &h,
        "a11y-switch",
        "consent_only",
        serde_json::json!({ "locale": "en" }),
    )
    .await;

    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    assert_eq!(heading(&h).await, "Let's verify your identity");
    let select = h
        .driver()
        .find(testid("language"))
        .await
        .expect("the switcher");
    let label: String = h
        .driver()
        .execute(
            "return document.querySelector('label[for=language]').textContent;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(label, "Language");
    select
        .find(thirtyfour::By::Css("option[value=fr]"))
        .await
        .expect("French")
        .click()
        .await
        .expect("choose French");
    wait_lang(&h, "fr").await;
    assert_eq!(heading(&h).await, "Vérifions votre identité");
    h.screenshot_once("fr-welcome").await;

    h.driver().refresh().await.expect("reload");
    WelcomePage::wait(&h).await;
    wait_lang(&h, "fr").await;
    assert_eq!(text_of(&h, "welcome-start").await, "Commencer");
    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    assert_eq!(heading(&h).await, "Avant de commencer");
    h.screenshot_once("fr-consent_screen").await;
    h.finish().await;
}

// Spanish from the browser's languages when the session's locale has no catalogue.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsupported_session_locale_falls_back_to_the_browser() {
    let h = Harness::start().await;
    h.before_every_page(
        "Object.defineProperty(navigator, 'languages', { get: () => ['it-IT', 'es-MX', 'en'] });",
    )
    .await;
    let session = create(
        &h,
        "a11y-es",
        "consent_only",
        serde_json::json!({ "locale": "it" }),
    )
    .await;
    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    wait_lang(&h, "es").await;
    assert_eq!(heading(&h).await, "Verifiquemos su identidad");
    h.screenshot_once("es-welcome").await;
    h.finish().await;
}

// Consent to the final screen with the keyboard alone: Tab to each control, Enter or Space to
// press it; after each screen change focus is on the new screen's heading.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_from_consent_to_the_final_screen() {
    let h = Harness::start().await;
    let session = create(&h, "a11y-keys", "consent_only", serde_json::json!({})).await;

    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    h.screenshot_once("keyboard-welcome").await;
    h.tab_to("welcome-start", 12).await;
    h.press(Key::Enter).await;

    ConsentPage::wait(&h).await;
    let focused_h1: bool = h
        .driver()
        .execute(
            "return document.activeElement === document.querySelector('main h1');",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(focused_h1, "focus is not on the consent screen's heading");
    // The change is announced: the polite status region names the new screen.
    let status: String = h
        .driver()
        .execute(
            "return document.querySelector('[data-testid=status]').textContent;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(status, "Before we start");
    h.screenshot_once("keyboard-consent_screen").await;
    h.tab_to("consent-accept", 6).await;
    // The focus indicator is visible: an outline on the focused button.
    let outline: String = h
        .driver()
        .execute(
            "return getComputedStyle(document.activeElement).outlineStyle;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(outline, "solid", "no visible focus on consent-accept");
    h.press(" ").await;

    let journey = h
        .follow("keyboard-", JOURNEY_TIMEOUT, |p| {
            p.screen
                .as_deref()
                .is_some_and(|s| FINAL_SCREENS.contains(&s) && s != "completed_screen")
        })
        .await;
    assert_eq!(journey.last_screen(), Some("successful_screen"));
    h.finish().await;
}

// Dark mode at 320 CSS px wide with text at 200 %: nothing scrolls sideways, and axe (contrast
// included) passes on each screen; with reduced motion asked for, nothing spins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_mode_narrow_and_large_text() {
    let h = Harness::start().await;
    h.prefer_color_scheme("dark").await;
    h.driver()
        .cdp()
        .send_raw(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": 320, "height": 640, "deviceScaleFactor": 2, "mobile": true }),
        )
        .await
        .expect("a 320 px wide screen");
    let session = create(&h, "a11y-dark", "consent_only", serde_json::json!({})).await;

    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    let bg: String = h
        .driver()
        .execute(
            "return getComputedStyle(document.body).backgroundColor;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(bg, "rgb(17, 19, 22)", "not the dark theme");
    h.screenshot_once("dark-320-welcome").await;
    // 200 % text: the root font size doubled, as a browser's text-size setting does.
    h.driver()
        .execute("document.documentElement.style.fontSize = '200%';", vec![])
        .await
        .expect("enlarge the text");
    let overflow: bool = h
        .driver()
        .execute(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(
        !overflow,
        "the page scrolls sideways at 320 px with 200 % text"
    );
    h.screenshot_once("dark-320-200pc-welcome").await;
    h.driver()
        .execute("document.documentElement.style.fontSize = '';", vec![])
        .await
        .expect("text back to 100 %");
    // prefers-reduced-motion: the one animation (the spinner) stands still.
    h.driver()
        .cdp()
        .send_raw(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "features": [
                { "name": "prefers-color-scheme", "value": "dark" },
                { "name": "prefers-reduced-motion", "value": "reduce" }
            ] }),
        )
        .await
        .expect("emulate reduced motion");
    let animation: String = h
        .driver()
        .execute(
            "const s = document.createElement('div'); s.className = 'spinner'; \
             document.body.append(s); const a = getComputedStyle(s).animationName; s.remove(); \
             return a;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(
        animation, "none",
        "the spinner turns despite prefers-reduced-motion"
    );
    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    h.screenshot_once("dark-320-consent_screen").await;
    ConsentPage::accept(&h).await;
    h.follow("dark-320-", JOURNEY_TIMEOUT, |p| {
        p.screen.as_deref() == Some("successful_screen")
    })
    .await;
    h.finish().await;
}

// The session's branding: a pale brand colour is darkened until buttons keep AA contrast (axe
// checks), the logo shows with its text alternative; a value that is not #rrggbb never reaches
// the page (the platform refuses it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn branding_colours_and_logo_apply_with_aa_contrast() {
    let h = Harness::start().await;
    let logo = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI4MCIgaGVpZ2h0PSIyNCI+PHJlY3Qgd2lkdGg9IjgwIiBoZWlnaHQ9IjI0IiBmaWxsPSIjZmZjYzAwIi8+PC9zdmc+";
    let session = create(
        &h,
        "a11y-brand",
        "consent_only",
        serde_json::json!({ "branding": { "name": "Acme Bank", "primary_color": "#ffcc00", "logo_url": logo } }),
    )
    .await;
    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    let expected = idv_core::theme::brand_colours("#ffcc00").unwrap().light;
    let mut primary = String::new();
    for _ in 0..200 {
        primary = h
            .driver()
            .execute(
                "return getComputedStyle(document.documentElement).getPropertyValue('--idv-primary').trim();",
                vec![],
            )
            .await
            .unwrap()
            .convert()
            .unwrap();
        if primary == expected.primary {
            break;
        }
        tokio::time::sleep(support::POLL_INTERVAL).await;
    }
    assert_eq!(primary, expected.primary);
    assert_ne!(
        primary, "#ffcc00",
        "a pale yellow would fail contrast as it is"
    );
    let alt = h
        .driver()
        .find(thirtyfour::By::Css("header .brand img"))
        .await
        .expect("the logo")
        .attr("alt")
        .await
        .unwrap();
    assert_eq!(alt.as_deref(), Some("Acme Bank logo"));
    h.screenshot_once("brand-welcome").await;
    WelcomePage::start(&h).await;
    ConsentPage::wait(&h).await;
    h.screenshot_once("brand-consent_screen").await;
    h.assert_no_csp_violations().await;

    let refused = h
        .http
        .post(h.url("/v1/sessions"))
        .bearer_auth(API_KEY)
        .json(
            &serde_json::json!({ "ref_id": "a11y-brand-bad", "force_creation": true,
            "branding": { "name": "X", "primary_color": "red;}body{display:none" } }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 422);
    h.finish().await;
}

// Guards the check itself: axe-core really runs in the page (under the app's CSP) and reports a
// planted fault, so "no violations" elsewhere means something.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_reports_a_planted_violation() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_for_screen("no_session").await;
    h.assert_accessible("no_session").await;
    h.driver()
        .execute(
            "const b = document.createElement('button'); document.querySelector('main').append(b);",
            vec![],
        )
        .await
        .expect("plant a button without a name");
    let violations = h.axe().await.expect("axe-core runs");
    assert!(
        violations.iter().any(|v| v.id == "button-name"),
        "{violations:#?}"
    );
    h.finish().await;
}

// The link's time limit is announced two minutes before it runs out (WCAG 2.2.1: the app cannot
// extend the token, so it warns in time), as an alert, and passes axe.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_running_out_is_announced() {
    let h = Harness::start().await;
    // The sandbox's clock 28.5 minutes behind the browser's: the session's 30 minutes end 1.5
    // minutes from now in the browser's time.
    h.clock.advance_ms(-(28 * 60 + 30) * 1000);
    let session = create(&h, "a11y-expiry", "consent_only", serde_json::json!({})).await;
    h.open(session.start_url.as_deref().unwrap()).await;
    WelcomePage::wait(&h).await;
    let warning = h
        .driver()
        .query(testid("expiry-warning"))
        .wait(support::SCREEN_TIMEOUT, support::POLL_INTERVAL)
        .first()
        .await
        .expect("the expiry warning");
    assert_eq!(
        warning.attr("role").await.unwrap().as_deref(),
        Some("alert")
    );
    assert!(warning.text().await.unwrap().contains("2 minutes"));
    h.screenshot_once("expiry-warning-welcome").await;
    h.finish().await;
}
