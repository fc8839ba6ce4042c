//! Proofs of address and of funds, phone and e-mail codes, end to end (issue 6): the release
//! build of the app in headless Chromium against the sandbox.
//!
//! The files are written by this test (`support/steps.rs`: PDFs with a correct cross-reference
//! table, an encrypted one; `support/card.rs`: a PNG photo and the synthetic ID card the fake
//! camera plays). The codes are read from the sandbox's `GET /v1/sandbox/sessions/{id}/codes`,
//! standing in for the text message and the e-mail.
//!
//! The states a test does not reach on its own path (an upload failing, refused) it reaches by
//! the sandbox's fault injection, after [`Harness::skip_to`] (a test-only edit of the sandbox's
//! record) put the session on the step.
//!
//! Every state is saved under `target/e2e-screenshots/steps-*.png`.

mod support;

use idv_core::document_file::{inspect_document, DocumentError, DocumentFormat};
use idv_core::{Session, Step};
use std::path::PathBuf;
use std::time::Duration;
use support::capture::{BACK, FRONT};
use support::card::{self, FRAME_H, FRAME_W};
use support::pages::{ConsentPage, WelcomePage};
use support::steps::{encrypted_pdf, pdf, scanned_pdf, StepProbe};
use support::{BrowserOptions, Camera, Harness};

const ADDRESS: &str = "proof_of_address_screen";
const FUNDS: &str = "proof_of_funds_screen";
const PHONE: &str = "phone_verification_start_screen";
const EMAIL: &str = "email_verification_start_screen";
const CAPTURE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the app says to a wrong code (`Msg::CodeInvalid`).
const CODE_INVALID_TEXT: &str = "This code is not right";
/// What the app says to an expired code (`Msg::CodeExpired`) and after too many wrong ones
/// (`Msg::TooManyAttempts`).
const CODE_EXPIRED_TEXT: &str = "This code has expired";
const TOO_MANY_ATTEMPTS_TEXT: &str = "Too many wrong codes";
/// What the app says to a password-protected PDF (`Msg::PdfEncrypted`).
const PDF_ENCRYPTED_TEXT: &str = "protected by a password";

// ---- the files, natively ----

mod files {
    use super::*;

    #[test]
    fn the_generated_pdf_is_a_one_page_pdf_with_a_correct_xref() {
        let bytes = pdf(1, "Electricity bill, 1 Main Street");
        let info = inspect_document(&bytes).expect("a valid PDF");
        assert_eq!(info.format, DocumentFormat::Pdf);
        assert_eq!(info.pages, Some(1));
        // Every xref entry points at its `N 0 obj` (offsets in bytes: the header's comment is
        // binary).
        let at = |needle: &[u8]| {
            bytes
                .windows(needle.len())
                .rposition(|w| w == needle)
                .expect("found")
        };
        let tail = String::from_utf8(bytes[at(b"startxref\n")..].to_vec()).expect("ASCII");
        let xref_at: usize = tail
            .lines()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert_eq!(xref_at, at(b"xref\n0 "));
        let table = String::from_utf8(bytes[xref_at..].to_vec()).expect("ASCII");
        let entries: Vec<&str> = table
            .lines()
            .skip(3)
            .take_while(|l| l.ends_with(" n "))
            .collect();
        assert_eq!(entries.len(), 5, "{table}");
        for (k, entry) in entries.iter().enumerate() {
            let offset: usize = entry[..10].parse().expect("an offset");
            assert!(
                bytes[offset..].starts_with(format!("{} 0 obj", k + 1).as_bytes()),
                "entry {}: {entry}",
                k + 1
            );
        }
    }

    #[test]
    fn the_encrypted_pdf_is_refused_as_encrypted() {
        assert_eq!(
            inspect_document(&encrypted_pdf()),
            Err(DocumentError::PdfEncrypted)
        );
    }
}

// ---- helpers ----

/// The test's files: the fake camera's video and the documents to upload.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        Files {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write a file");
        path
    }

    fn still_card(&self) -> PathBuf {
        let path = self.dir.path().join("still-card.y4m");
        card::write_y4m(&path, FRAME_W, FRAME_H, &card::still_card_frames());
        path
    }
}

fn start_url(session: &Session) -> &str {
    session.start_url.as_deref().expect("start_url")
}

/// Opens the link and accepts consent.
async fn open_and_consent(h: &Harness, session: &Session) {
    h.open(start_url(session)).await;
    WelcomePage::wait(h).await;
    h.record_changes().await;
    h.screenshot_once("steps-welcome").await;
    WelcomePage::start(h).await;
    ConsentPage::wait(h).await;
    ConsentPage::accept(h).await;
}

/// On `screen` with the still card before the camera: waits for the photo, uses it, and
/// waits until the app has left the screen.
async fn photograph(h: &Harness, screen: &str) {
    h.wait_capture("auto-capture", CAPTURE_TIMEOUT, None, |p| {
        p.is(screen, "preview") && p.preview_size.is_some()
    })
    .await;
    h.screenshot_once(&format!("steps-{screen}-preview")).await;
    h.click("use-photo").await;
    h.wait_capture("the photo's upload", CAPTURE_TIMEOUT, None, |p| {
        p.screen.is_some() && !p.on(screen)
    })
    .await;
}

/// Picks `path` in the screen's `file-input` and waits for its preview.
async fn choose_and_preview(h: &Harness, screen: &str, path: &std::path::Path) -> StepProbe {
    h.choose_file(path).await;
    h.wait_step("the file's preview", |p| {
        p.on(screen)
            && p.capture_state.as_deref() == Some("preview")
            && p.file_summary.as_deref().is_some_and(|s| !s.is_empty())
    })
    .await
}

/// Sends the previewed file and waits for the screen after `screen`.
async fn send_and_leave(h: &Harness, screen: &str) -> StepProbe {
    h.click("use-photo").await;
    h.wait_step_for("the upload", CAPTURE_TIMEOUT, |p| {
        p.screen.is_some() && !p.on(screen)
    })
    .await
}

/// A six-digit code that is not `code`.
fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| char::from_digit((c.to_digit(10).expect("a digit") + 1) % 10, 10).unwrap())
        .collect()
}

/// On a code screen just after a code was sent: the countdown is shown, "resend" is disabled,
/// and the countdown goes down.
async fn assert_resend_countdown(h: &Harness, screen: &str) {
    let first = h
        .wait_step("the resend countdown", |p| {
            p.on(screen) && p.countdown().is_some()
        })
        .await;
    let start = first.countdown().expect("seconds");
    assert!((1..=30).contains(&start), "{first:#?}");
    assert_eq!(first.resend_disabled, Some(true), "{first:#?}");
    // The button is whole: its label alone (a `>` in its `disabled` closure once ended the tag
    // early, spilling the rest of the view's source into the label and losing the handler).
    assert_eq!(
        h.element("resend")
            .await
            .text()
            .await
            .expect("resend's label"),
        "Send a new code"
    );
    let later = h
        .wait_step("the countdown going down", |p| {
            p.countdown().is_some_and(|s| s < start)
        })
        .await;
    assert_eq!(
        later.resend_disabled,
        Some(true),
        "resend enabled before its time: {later:#?}"
    );
}

/// On a code screen in its code state: a wrong code (refused, said so), then the right one
/// (typed with a space, as pasted), which moves the journey on. Returns the next probe.
async fn wrong_then_right(h: &Harness, session_id: &str, screen: &str, step: &str) -> StepProbe {
    let code = h.newest_code(session_id, step).await.code;
    assert_eq!(code.len(), 6, "{code}");
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
    h.type_into("code-input", &wrong(&code)).await;
    let refused = h
        .wait_step("the wrong code refused", |p| {
            p.code_error.as_deref().is_some_and(|e| !e.is_empty())
        })
        .await;
    assert!(refused.on(screen), "{refused:#?}");
    assert_eq!(refused.code_state.as_deref(), Some("code"));
    assert!(
        refused
            .code_error
            .as_deref()
            .unwrap()
            .contains(CODE_INVALID_TEXT),
        "{refused:#?}"
    );
    h.screenshot(&format!("steps-{screen}-code-error")).await;

    h.type_into("code-input", &format!("{} {}", &code[..3], &code[3..]))
        .await;
    h.wait_step("the right code accepted", |p| {
        p.screen.is_some() && !p.on(screen)
    })
    .await
}

/// The console shows no error but the refused codes (and codes asked for too soon), and never
/// a code.
async fn assert_console_clean_of_codes(h: &Harness, codes: &[String]) {
    let entries = h.browser.drain_log().await;
    for e in &entries {
        for code in codes {
            assert!(
                !e.message.contains(code.as_str()),
                "a code in the console: {}",
                e.message
            );
        }
    }
    let errors: Vec<&str> = entries
        .iter()
        .filter(|e| e.level == "SEVERE")
        .map(|e| e.message.as_str())
        .filter(|m| {
            !(m.contains("/complete") && m.contains("422")
                || m.contains("/initiate") && m.contains("429"))
        })
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

// ---- end to end ----

// A `full` session from consent to the final screen: the ID card photographed front and back
// by the fake camera, the selfie (frames of the same camera), a password-protected PDF refused
// on the device, a scanned PDF previewed by its first page then replaced by a text PDF
// (previewed by a card) sent as proof of address, a PNG photo as proof of funds, a phone number
// typed nationally (wrong code, then the right one), an e-mail address, and the final screen.
// The sandbox holds both documents and the codes it sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_session_from_consent_to_the_final_screen() {
    let files = Files::new();
    let h = Harness::start_with_browser(
        |_| {},
        &BrowserOptions {
            camera: Camera::File(files.still_card()),
            ..BrowserOptions::default()
        },
    )
    .await;
    let session = h.create_session("e2e-steps-full", "full", None).await;
    let id = session.session_id.clone();

    // Consent, the ID card, the selfie.
    open_and_consent(&h, &session).await;
    for screen in [FRONT, BACK] {
        photograph(&h, screen).await;
    }
    h.wait_for_screen("liveness_screen").await;
    h.screenshot_once("steps-liveness_screen").await;
    h.click("liveness-start").await;
    // The camera plays the card, not a face: the face guidance never says ok, so the selfie is
    // started anyway; the challenge then says it sees no face and takes nothing, and the user
    // takes the assisted way (tests/capture.rs has the real, turning head).
    h.click("liveness-anyway").await;
    h.wait_step_for("the challenge without a face", CAPTURE_TIMEOUT, |p| {
        p.shows("liveness-assisted") && p.on("liveness_screen")
    })
    .await;
    h.click("liveness-assisted").await;
    h.wait_step_for("the selfie", CAPTURE_TIMEOUT, |p| p.on(ADDRESS))
        .await;
    let captures = h.liveness(&id).await.liveness;
    assert!(
        captures.iter().all(|c| c.frames.is_empty()),
        "{captures:#?}"
    );

    // Proof of address: an encrypted PDF refused on the device, then a one-page PDF.
    let choose = h
        .wait_step("the address screen", |p| {
            p.on(ADDRESS) && p.capture_state.as_deref() == Some("choose")
        })
        .await;
    assert!(
        choose.shows("choose-file") && choose.shows("drop-zone"),
        "{choose:#?}"
    );
    h.screenshot("steps-address-choose").await;

    h.choose_file(&files.write("statement-locked.pdf", &encrypted_pdf()))
        .await;
    let refused = h
        .wait_step("the encrypted PDF refused", |p| {
            p.file_error.as_deref().is_some_and(|e| !e.is_empty())
        })
        .await;
    assert!(refused.on(ADDRESS), "{refused:#?}");
    assert_eq!(
        refused.capture_state.as_deref(),
        Some("choose"),
        "{refused:#?}"
    );
    assert!(
        refused
            .file_error
            .as_deref()
            .unwrap()
            .contains(PDF_ENCRYPTED_TEXT),
        "{refused:#?}"
    );
    h.screenshot("steps-address-refused-encrypted").await;
    assert!(
        h.documents(&id).await.is_empty(),
        "the encrypted PDF was uploaded"
    );

    // A scanned statement: its first page (the JPEG it holds) is the preview.
    let scan = scanned_pdf(2, 600, 848);
    let path = files.write("statement-scan.pdf", &scan);
    choose_and_preview(&h, ADDRESS, &path).await;
    let preview = h
        .wait_step("the first page shown", |p| p.page_size.is_some())
        .await;
    assert_eq!(preview.page_size, Some((600, 848)), "{preview:#?}");
    let summary = preview.file_summary.clone().unwrap();
    assert!(
        summary.contains("statement-scan.pdf") && summary.contains("2 pages"),
        "{preview:#?}"
    );
    assert!(
        preview.file_error.as_deref().unwrap_or("").is_empty(),
        "the earlier refusal still shows: {preview:#?}"
    );
    assert!(
        !preview.shows("document-card") && !preview.shows("photo-preview"),
        "{preview:#?}"
    );
    assert!(
        preview.shows("use-photo") && preview.shows("replace"),
        "{preview:#?}"
    );
    h.screenshot("steps-address-preview-scan").await;
    let scan_url = preview.page_src.clone().expect("the page's URL");
    assert!(scan_url.starts_with("blob:"), "{scan_url}");

    // Replaced by a text PDF: nothing to show of its page, so a card; the scan's URL released.
    let bill = pdf(1, "Electricity bill, 1 Main Street");
    h.choose_file_in("replace-input", &files.write("bill.pdf", &bill))
        .await;
    let preview = h
        .wait_step("the text PDF's card", |p| {
            p.document_card.is_some()
                && p.file_summary
                    .as_deref()
                    .is_some_and(|s| s.contains("bill.pdf"))
        })
        .await;
    assert_eq!(preview.document_card.as_deref(), Some("PDF, 1 page"));
    assert!(preview.file_summary.as_deref().unwrap().contains("1 page"));
    assert!(!preview.shows("page-preview"), "{preview:#?}");
    assert_eq!(preview.broken_images, 0, "{preview:#?}");
    assert_eq!(preview.capture_state.as_deref(), Some("preview"));
    h.screenshot("steps-address-preview-pdf").await;
    assert!(
        h.blob_url_revoked(&scan_url).await,
        "the replaced scan's URL still loads"
    );
    // Loading the revoked URL is the one error the console may show.
    let errors: Vec<String> = h
        .browser
        .drain_log()
        .await
        .into_iter()
        .filter(|e| e.level == "SEVERE" && !e.message.contains("blob:"))
        .map(|e| e.message)
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let next = send_and_leave(&h, ADDRESS).await;
    assert!(next.on(FUNDS), "{next:#?}");

    // Proof of funds: a PNG photo (re-encoded as a JPEG on the device, dropping metadata).
    h.screenshot("steps-funds-choose").await;
    let png = card::card_photo_png();
    let preview = choose_and_preview(&h, FUNDS, &files.write("payslip.png", &png)).await;
    let preview = if preview.preview_size.is_some() {
        preview
    } else {
        h.wait_step("the photo's preview", |p| p.preview_size.is_some())
            .await
    };
    assert_eq!(preview.preview_size, Some((960, 640)), "{preview:#?}");
    // The photo is re-encoded as JPEG (dropping its metadata), and its name says so.
    assert!(
        preview
            .file_summary
            .as_deref()
            .unwrap()
            .contains("payslip.jpg"),
        "{preview:#?}"
    );
    h.screenshot("steps-funds-preview-png").await;
    let next = send_and_leave(&h, FUNDS).await;
    assert!(next.on(PHONE), "{next:#?}");

    let documents = h.documents(&id).await;
    let kinds: Vec<(&str, &str, Option<u32>)> = documents
        .iter()
        .map(|d| (d.kind.as_str(), d.format.as_str(), d.pages))
        .collect();
    assert_eq!(
        kinds,
        [("address", "pdf", Some(1)), ("funds", "jpeg", None)],
        "{documents:#?}"
    );
    assert!(documents.iter().all(|d| d.current), "{documents:#?}");
    let stored = std::fs::read(&documents[0].path).expect("the stored PDF");
    assert_eq!(stored, bill, "the PDF is stored as sent");
    assert_eq!(documents[0].bytes, bill.len() as u64);

    // Phone: Switzerland, a national number; a wrong code, then the right one.
    let contact = h
        .wait_step("the phone form", |p| {
            p.on(PHONE) && p.code_state.as_deref() == Some("contact")
        })
        .await;
    assert!(
        contact.shows("country") && contact.shows("phone-input"),
        "{contact:#?}"
    );
    h.select("country", "CH").await;
    h.type_into("phone-input", "079 123 45 67").await;
    h.screenshot("steps-phone-contact").await;
    h.click("send-code").await;
    let sent = h
        .wait_step("the phone code sent", |p| {
            p.code_state.as_deref() == Some("code")
        })
        .await;
    assert!(
        sent.code_sent_to
            .as_deref()
            .unwrap()
            .contains("+41 ••••••• 67"),
        "{sent:#?}"
    );
    assert!(!sent.code_sent_to.as_deref().unwrap().contains("791234"));
    let phone_code = h.newest_code(&id, "phone").await;
    assert_eq!(phone_code.to, "+41791234567");
    h.screenshot("steps-phone-code").await;
    assert_resend_countdown(&h, PHONE).await;
    let next = wrong_then_right(&h, &id, PHONE, "phone").await;
    assert!(next.on(EMAIL), "{next:#?}");

    // E-mail: an address, a wrong code, then the right one.
    h.wait_step("the e-mail form", |p| {
        p.on(EMAIL) && p.code_state.as_deref() == Some("contact")
    })
    .await;
    h.type_into("email-input", "jane.doe@bank.example").await;
    h.screenshot("steps-email-contact").await;
    h.click("send-code").await;
    let sent = h
        .wait_step("the e-mail code sent", |p| {
            p.code_state.as_deref() == Some("code")
        })
        .await;
    assert!(
        sent.code_sent_to
            .as_deref()
            .unwrap()
            .contains("j•••@bank.example"),
        "{sent:#?}"
    );
    let email_code = h.newest_code(&id, "email").await;
    assert_eq!(email_code.to, "jane.doe@bank.example");
    h.screenshot("steps-email-code").await;
    assert_resend_countdown(&h, EMAIL).await;
    let next = wrong_then_right(&h, &id, EMAIL, "email").await;
    assert!(
        next.on("completed_screen") || next.on("successful_screen"),
        "{next:#?}"
    );
    // The selfie went the assisted way: a person reviews the session.
    h.wait_for_screen("completed_screen").await;
    h.screenshot("steps-final-completed").await;

    let codes = h.codes(&id).await;
    assert_eq!(codes.len(), 2, "{codes:#?}");
    h.wait_decided(&id, idv_core::SessionStatus::Review).await;
    assert_console_clean_of_codes(&h, &[phone_code.code, email_code.code]).await;
    h.finish().await;
}

// A `contact` session: a number that cannot be one and an address that cannot be one are
// refused on the device (nothing sent); "change number" goes back to the form with the number
// kept; the country defaults from the locale (`en` → GB); the codes end on the final screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contact_details_are_checked_on_the_device_and_can_be_changed() {
    let h = Harness::start().await;
    let session = h.create_session("e2e-steps-contact", "contact", None).await;
    let id = session.session_id.clone();
    open_and_consent(&h, &session).await;

    h.wait_step("the phone form", |p| {
        p.on(PHONE) && p.code_state.as_deref() == Some("contact")
    })
    .await;
    let country = h.element("country").await;
    assert_eq!(country.value().await.expect("value").as_deref(), Some("GB"));
    h.type_into("phone-input", "12").await;
    h.click("send-code").await;
    let refused = h
        .wait_step("the number refused", |p| {
            p.contact_error.as_deref().is_some_and(|e| !e.is_empty())
        })
        .await;
    assert_eq!(
        refused.code_state.as_deref(),
        Some("contact"),
        "{refused:#?}"
    );
    assert!(
        refused
            .contact_error
            .as_deref()
            .unwrap()
            .contains("does not look like a phone number"),
        "{refused:#?}"
    );
    h.screenshot("steps-phone-contact-error").await;
    assert!(
        h.codes(&id).await.is_empty(),
        "a code was sent to a bad number"
    );

    h.select("country", "CH").await;
    h.type_into("phone-input", "079 123 45 67").await;
    h.click("send-code").await;
    h.wait_step("the phone code sent", |p| {
        p.code_state.as_deref() == Some("code")
    })
    .await;
    h.click("change-contact").await;
    let back = h
        .wait_step("back to the phone form", |p| {
            p.code_state.as_deref() == Some("contact")
        })
        .await;
    assert!(
        back.contact_error.as_deref().unwrap_or("").is_empty(),
        "{back:#?}"
    );
    let country = h.element("country").await;
    assert_eq!(
        country.value().await.expect("value").as_deref(),
        Some("CH"),
        "the country chosen is kept (and shown)"
    );
    let number = h.element("phone-input").await;
    assert_eq!(
        number.value().await.expect("value").as_deref(),
        Some("079 123 45 67"),
        "the number is kept"
    );
    h.click("send-code").await;
    // Another code within 30 s is refused by the platform (`429`): the app says so and stays.
    let waited = h
        .wait_step("a second code too soon", |p| {
            p.code_state.as_deref() == Some("code")
                || p.contact_error.as_deref().is_some_and(|e| !e.is_empty())
        })
        .await;
    assert_eq!(waited.code_state.as_deref(), Some("contact"), "{waited:#?}");
    h.screenshot("steps-phone-resend-too-soon").await;
    assert_eq!(h.codes(&id).await.len(), 1);

    // Once the sandbox's 30 s have passed (its clock moved on), a new code voids the first.
    let code = h.newest_code(&id, "phone").await.code;
    h.advance_clock(Duration::from_secs(31));
    h.click("send-code").await;
    h.wait_step("a new code after the wait", |p| {
        p.code_state.as_deref() == Some("code")
    })
    .await;
    let newest = h.newest_code(&id, "phone").await.code;
    let codes = h.codes(&id).await;
    assert_eq!(codes.len(), 2, "{codes:#?}");
    if newest != code {
        // The first code was voided by the new one.
        h.type_into("code-input", &code).await;
        h.wait_step("the voided code refused", |p| {
            p.code_error.as_deref().is_some_and(|e| !e.is_empty())
        })
        .await;
    }
    h.type_into("code-input", &newest).await;
    h.wait_for_screen(EMAIL).await;

    h.type_into("email-input", "jane@").await;
    h.click("send-code").await;
    let refused = h
        .wait_step("the address refused", |p| {
            p.contact_error.as_deref().is_some_and(|e| !e.is_empty())
        })
        .await;
    assert!(
        refused
            .contact_error
            .as_deref()
            .unwrap()
            .contains("does not look like an e-mail address"),
        "{refused:#?}"
    );
    h.screenshot("steps-email-contact-error").await;
    h.type_into("email-input", "  jane.doe@bank.example ").await;
    h.click("send-code").await;
    h.wait_step("the e-mail code sent", |p| {
        p.code_state.as_deref() == Some("code")
    })
    .await;
    let first = h.newest_code(&id, "email").await;
    assert_eq!(first.to, "jane.doe@bank.example");

    // Past its 10 minutes (the sandbox's clock moved on), the right code is refused as expired.
    h.advance_clock(Duration::from_secs(10 * 60 + 1));
    h.type_into("code-input", &first.code).await;
    let expired = h
        .wait_step("the expired code refused", |p| {
            p.code_error.as_deref().is_some_and(|e| !e.is_empty())
        })
        .await;
    assert!(
        expired
            .code_error
            .as_deref()
            .unwrap()
            .contains(CODE_EXPIRED_TEXT),
        "{expired:#?}"
    );
    h.screenshot("steps-email-code-expired").await;

    // A new code; five wrong tries spend it, and then even the right one is refused, worded
    // differently again.
    let second = new_email_code(&h, &id, 2).await;
    let before = refusals(&h, &id).await;
    for tries in 1..=5 {
        h.type_into("code-input", &wrong(&second.code)).await;
        wait_refusals(&h, &id, before + tries).await;
    }
    h.type_into("code-input", &second.code).await;
    wait_refusals(&h, &id, before + 6).await;
    let locked = h
        .wait_step("too many wrong codes", |p| {
            p.code_error
                .as_deref()
                .is_some_and(|e| e.contains(TOO_MANY_ATTEMPTS_TEXT))
        })
        .await;
    assert_eq!(locked.code_state.as_deref(), Some("code"), "{locked:#?}");
    h.screenshot("steps-email-too-many-attempts").await;

    let email = new_email_code(&h, &id, 3).await;
    h.type_into("code-input", &email.code).await;
    h.wait_for_screen("successful_screen").await;
    h.screenshot("steps-contact-final").await;
    assert_console_clean_of_codes(&h, &[code, newest, first.code, second.code, email.code]).await;
    h.finish().await;
}

/// Back to the e-mail form and a new code (the platform's 30 s between codes passed on its
/// clock); waits until it is the `count`th e-mail code sent.
async fn new_email_code(h: &Harness, session_id: &str, count: usize) -> support::steps::CodeRow {
    h.advance_clock(Duration::from_secs(31));
    h.click("change-contact").await;
    h.wait_step("the e-mail form", |p| {
        p.code_state.as_deref() == Some("contact")
    })
    .await;
    h.click("send-code").await;
    h.wait_step("a new e-mail code", |p| {
        p.code_state.as_deref() == Some("code")
    })
    .await;
    let sent = h
        .codes(session_id)
        .await
        .into_iter()
        .filter(|c| c.step == "email")
        .count();
    assert_eq!(sent, count);
    h.newest_code(session_id, "email").await
}

/// How many codes the sandbox has refused in the session (its `code_refused` events).
async fn refusals(h: &Harness, session_id: &str) -> usize {
    h.events(session_id)
        .await
        .iter()
        .filter(|e| e.kind == "code_refused")
        .count()
}

/// Waits until the sandbox has refused `count` codes of the session.
async fn wait_refusals(h: &Harness, session_id: &str, count: usize) {
    let deadline = std::time::Instant::now() + support::SCREEN_TIMEOUT;
    loop {
        let refused = refusals(h, session_id).await;
        if refused >= count {
            assert_eq!(refused, count, "more codes refused than typed");
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{refused} codes refused, not {count}"
        );
        tokio::time::sleep(support::POLL_INTERVAL).await;
    }
}

// The states of an upload screen, each saved as a screenshot: retrying and then failed (the
// sandbox failing every attempt; nothing stored, the file kept), sending (the sandbox holding
// the answer back) after `retry`; then the platform refusing a file (`upload_refused`: said so,
// the picker again) and the file dropped on the page instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_retries_fails_is_sent_again_and_may_be_refused() {
    let files = Files::new();
    let h = Harness::start().await;
    let session = h
        .create_session("e2e-steps-upload-states", "full", None)
        .await;
    let id = session.session_id.clone();
    open_and_consent(&h, &session).await;
    h.wait_for_screen(FRONT).await;
    h.skip_to(&id, Step::Address);
    h.wait_step("the address screen", |p| {
        p.on(ADDRESS) && p.capture_state.as_deref() == Some("choose")
    })
    .await;
    h.slow_retry_jitter().await;

    let statement = pdf(3, "Bank statement, 1 Main Street");
    choose_and_preview(&h, ADDRESS, &files.write("statement.pdf", &statement)).await;
    h.inject_faults(
        &id,
        serde_json::json!({"fail_uploads": {"count": idv_core::retry::MAX_AUTO_ATTEMPTS, "status": 503}}),
    )
    .await;
    h.click("use-photo").await;
    let retrying = h
        .wait_step("an automatic retry", |p| {
            p.capture_state.as_deref() == Some("retrying")
        })
        .await;
    assert!(retrying.shows("upload-retrying"), "{retrying:#?}");
    h.screenshot("steps-address-retrying").await;
    let failed = h
        .wait_step_for("the retries spent", CAPTURE_TIMEOUT, |p| {
            p.capture_state.as_deref() == Some("upload_failed")
        })
        .await;
    assert!(failed.shows("retry"), "{failed:#?}");
    let said = h.element("action-error").await.text().await.expect("text");
    assert!(said.contains("Your document is kept"), "{said}");
    assert!(
        failed
            .file_summary
            .as_deref()
            .is_some_and(|s| s.contains("statement.pdf")),
        "the file is kept: {failed:#?}"
    );
    h.screenshot("steps-address-upload_failed").await;
    assert!(h.documents(&id).await.is_empty());

    // The answer is held long enough for a poll (and the screenshot's accessibility check) to
    // see the upload under way even on a loaded machine.
    h.inject_faults(&id, serde_json::json!({"upload_delay_ms": 6000}))
        .await;
    h.click("retry").await;
    // The page's recorder sees the state however short it is on a loaded machine; the
    // screenshot is taken while it lasts.
    h.wait_values(ADDRESS, "data-capture-state", "the upload under way", |v| {
        v.iter().any(|s| s == "uploading")
    })
    .await;
    let sending = h.step_probe().await;
    if sending.capture_state.as_deref() == Some("uploading") {
        assert!(sending.shows("upload-progress"), "{sending:#?}");
        h.screenshot("steps-address-uploading").await;
    }
    h.wait_step_for("the funds screen", CAPTURE_TIMEOUT, |p| p.on(FUNDS))
        .await;

    h.inject_faults(
        &id,
        serde_json::json!({"upload_delay_ms": 0, "fail_uploads": {"count": 1, "status": 422}}),
    )
    .await;
    let scan = scanned_pdf(1, 640, 905);
    choose_and_preview(&h, FUNDS, &files.write("payslip-scan.pdf", &scan)).await;
    h.click("use-photo").await;
    let refused = h
        .wait_step("the platform's refusal", |p| {
            p.capture_state.as_deref() == Some("upload_refused")
        })
        .await;
    assert!(
        refused.shows("action-error") && refused.shows("choose-file"),
        "{refused:#?}"
    );
    let said = h.element("action-error").await.text().await.expect("text");
    assert!(said.contains("could not use this file"), "{said}");
    h.screenshot("steps-funds-upload_refused").await;
    // The same scan dropped on the page, as from a desktop's folder.
    h.drop_file("drop-zone", "payslip-scan.pdf", "application/pdf", &scan)
        .await;
    let dropped = h
        .wait_step("the dropped file's preview", |p| {
            p.capture_state.as_deref() == Some("preview") && p.page_size.is_some()
        })
        .await;
    assert_eq!(dropped.page_size, Some((640, 905)), "{dropped:#?}");
    assert!(
        dropped
            .file_summary
            .as_deref()
            .is_some_and(|s| s.contains("payslip-scan.pdf")),
        "{dropped:#?}"
    );
    let next = send_and_leave(&h, FUNDS).await;
    assert!(next.on(PHONE), "{next:#?}");

    let kinds: Vec<(String, String, Option<u32>)> = h
        .documents(&id)
        .await
        .into_iter()
        .map(|d| (d.kind, d.format, d.pages))
        .collect();
    let expected = [("address", "pdf", Some(3)), ("funds", "pdf", Some(1))];
    assert_eq!(
        kinds,
        expected.map(|(k, f, p)| (k.to_owned(), f.to_owned(), p)),
    );
    h.finish().await;
}
