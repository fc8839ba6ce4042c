//! The phone and e-mail codes, every rule driven through the API with the manual clock:
//! expiry at 10 minutes, 5 wrong tries, 5 sends, the 30 s resend wait, a resend voiding the old
//! code, codes of other sessions, single use, the step order. And a `full` session walked from
//! consent to the decision.

mod common;

use axum::http::{header, StatusCode};
use common::*;
use idv_core::Step;
use serde_json::{json, Value};

const PHONE: &str = "+41791234567";
const EMAIL: &str = "jane.doe@bank.example";
const SECOND_MS: i64 = 1000;

impl Harness {
    async fn initiate(&self, token: &str, step: &str, to: &str) -> Resp {
        let field = if step == "phone" { "phone" } else { "email" };
        self.post(
            &format!("/v1/client/{step}/initiate"),
            Some(token),
            Some(json!({ field: to })),
        )
        .await
    }

    async fn complete(&self, token: &str, step: &str, code: &str) -> Resp {
        self.post(
            &format!("/v1/client/{step}/complete"),
            Some(token),
            Some(json!({ "code": code })),
        )
        .await
    }

    /// `GET /v1/sandbox/sessions/{id}/codes`: newest first.
    async fn codes(&self, id: &str) -> Vec<Value> {
        let r = self
            .get(&format!("/v1/sandbox/sessions/{id}/codes"), Some(KEY))
            .await
            .ok();
        r["codes"].as_array().unwrap().clone()
    }

    /// The newest code the session "sent".
    async fn last_code(&self, id: &str) -> String {
        str_of(&self.codes(id).await[0], "code")
    }

    /// A `contact` session (consent, phone, email) on the phone screen.
    async fn on_phone(&self, ref_id: &str) -> (String, String) {
        let (id, token) = self.session(ref_id, "contact").await;
        self.consent(&token, true).await.ok();
        assert_eq!(
            self.preflight(&token).await["screen"],
            "phone_verification_start_screen"
        );
        (id, token)
    }
}

/// A code that is not `code` (so a test of a wrong code never hits the right one by chance).
fn other_than(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

fn retry_after(r: &Resp) -> Option<u64> {
    r.headers
        .get(header::RETRY_AFTER)
        .map(|v| v.to_str().unwrap().parse().unwrap())
}

// ---------------------------------------------------------------------------------------------
// The happy path
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_phone_code_then_an_email_code_complete_the_session() {
    let h = Harness::new();
    let (id, token) = h.on_phone("happy").await;
    let mut hub = h.state.hub().subscribe(&id).unwrap();
    let sent = h.initiate(&token, "phone", PHONE).await.ok();
    assert_eq!(
        sent,
        json!({"sent_to": "+41 ••••••• 67", "retry_after": 30, "expires_in": 600, "sends_left": 4})
    );
    // Sending a code does not change the screen.
    assert!(hub.rx.try_recv().is_err());
    let codes = h.codes(&id).await;
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0]["step"], "phone");
    assert_eq!(codes[0]["to"], PHONE);
    assert_eq!(codes[0]["sent_at"], at(0));
    let code = str_of(&codes[0], "code");
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    // Typed as pasted from the SMS: with a space.
    let typed = format!("{} {}", &code[..3], &code[3..]);
    let verified = h.complete(&token, "phone", &typed).await.ok();
    assert_eq!(
        verified,
        json!({"verified": true, "preflight": {"screen": "email_verification_start_screen", "seq": 3, "step": 3, "step_count": 3}})
    );
    assert!(
        hub.rx.try_recv().is_ok(),
        "the sockets hear of the new screen"
    );

    let sent = h.initiate(&token, "email", EMAIL).await.ok();
    assert_eq!(sent["sent_to"], "j•••@bank.example");
    assert_eq!(sent["sends_left"], 4);
    let codes = h.codes(&id).await;
    assert_eq!(codes.len(), 2);
    assert_eq!(
        (codes[0]["step"].as_str(), codes[0]["to"].as_str()),
        (Some("email"), Some(EMAIL)),
        "newest first"
    );
    let code = str_of(&codes[0], "code");
    let done = h.complete(&token, "email", &code).await.ok();
    assert_eq!(done["verified"], true);
    assert_eq!(done["preflight"]["screen"], "successful_screen");
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "verified");
    let checks = s["result"]["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["status"] == "passed"), "{checks:?}");
    let events = h.events_of(&id).await;
    let kinds: Vec<&str> = events
        .iter()
        .filter(|(k, _)| k.starts_with("code"))
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        kinds,
        ["code_sent", "code_verified", "code_sent", "code_verified"]
    );
    assert!(
        events.iter().all(|(_, d)| !d.contains(&code)),
        "no code in the events"
    );
}

// ---------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_code_expires_after_ten_minutes() {
    let h = Harness::new();
    let (id, token) = h.on_phone("expiry").await;
    h.initiate(&token, "phone", PHONE).await.ok();
    let code = h.last_code(&id).await;
    // One millisecond before: still valid (a wrong code is wrong, not expired).
    h.advance_ms(10 * MINUTE_MS - 1);
    h.complete(&token, "phone", &other_than(&code))
        .await
        .assert_error(422, "code_invalid");
    h.advance_ms(1);
    let r = h.complete(&token, "phone", &code).await;
    r.assert_error(422, "code_expired");
    assert!(r.text.contains("new code"), "{}", r.text);
    // A new code works.
    h.initiate(&token, "phone", PHONE).await.ok();
    let fresh = h.last_code(&id).await;
    h.complete(&token, "phone", &fresh).await.ok();
}

#[tokio::test]
async fn five_wrong_codes_use_a_code_up_until_a_new_one_is_sent() {
    let h = Harness::new();
    let (id, token) = h.on_phone("attempts").await;
    h.initiate(&token, "phone", PHONE).await.ok();
    let code = h.last_code(&id).await;
    let wrong = other_than(&code);
    for left in [4, 3, 2, 1] {
        let r = h.complete(&token, "phone", &wrong).await;
        r.assert_error(422, "code_invalid");
        assert!(r.text.contains(&format!("{left} tries left")), "{}", r.text);
    }
    // Malformed input is refused without using a try.
    for bad in ["12345", "abcdef", "1234567"] {
        h.complete(&token, "phone", bad)
            .await
            .assert_error(422, "code_invalid");
    }
    // The fifth wrong code, then the right one: too many.
    h.complete(&token, "phone", &wrong)
        .await
        .assert_error(422, "too_many_attempts");
    h.complete(&token, "phone", &code)
        .await
        .assert_error(422, "too_many_attempts");
    // Still on the phone screen; a new code (after the wait) has its own five tries.
    assert_eq!(
        h.preflight(&token).await["screen"],
        "phone_verification_start_screen"
    );
    h.advance_ms(30 * SECOND_MS);
    h.initiate(&token, "phone", PHONE).await.ok();
    let fresh = h.last_code(&id).await;
    h.complete(&token, "phone", &other_than(&fresh))
        .await
        .assert_error(422, "code_invalid");
    h.complete(&token, "phone", &fresh).await.ok();
    let events = h.events_of(&id).await;
    let refused = events.iter().filter(|(k, _)| k == "code_refused").count();
    assert_eq!(refused, 7, "{events:?}");
}

#[tokio::test]
async fn a_resend_waits_thirty_seconds() {
    let h = Harness::new();
    let (id, token) = h.on_phone("cooldown").await;
    h.initiate(&token, "phone", PHONE).await.ok();
    let r = h.initiate(&token, "phone", PHONE).await;
    r.assert_error(429, "rate_limited");
    assert_eq!(retry_after(&r), Some(30));
    h.advance_ms(12_500);
    let r = h.initiate(&token, "phone", PHONE).await;
    r.assert_error(429, "rate_limited");
    assert_eq!(retry_after(&r), Some(18), "17.5 s left, rounded up");
    assert!(r.text.contains("18 s"), "{}", r.text);
    // Another number waits too.
    h.initiate(&token, "phone", "+41781112233")
        .await
        .assert_error(429, "rate_limited");
    h.advance_ms(17_500);
    let sent = h.initiate(&token, "phone", "+41781112233").await.ok();
    assert_eq!(sent["sends_left"], 3);
    assert_eq!(h.codes(&id).await.len(), 2, "refused sends send nothing");
}

#[tokio::test]
async fn at_most_five_codes_per_step() {
    let h = Harness::new();
    let (id, token) = h.on_phone("cap").await;
    for left in [4, 3, 2, 1, 0] {
        let sent = h.initiate(&token, "phone", PHONE).await.ok();
        assert_eq!(sent["sends_left"], left);
        h.advance_ms(30 * SECOND_MS);
    }
    let r = h.initiate(&token, "phone", PHONE).await;
    r.assert_error(429, "rate_limited");
    assert_eq!(retry_after(&r), None, "waiting does not help");
    h.advance_ms(2 * MINUTE_MS);
    h.initiate(&token, "phone", PHONE)
        .await
        .assert_error(429, "rate_limited");
    assert_eq!(h.codes(&id).await.len(), 5);
    // The last code still works; the e-mail step has its own five.
    let code = h.last_code(&id).await;
    h.complete(&token, "phone", &code).await.ok();
    let sent = h.initiate(&token, "email", EMAIL).await.ok();
    assert_eq!(sent["sends_left"], 4);
}

#[tokio::test]
async fn a_new_code_voids_the_old_one() {
    let h = Harness::new();
    let (id, token) = h.on_phone("void").await;
    h.initiate(&token, "phone", PHONE).await.ok();
    let old = h.last_code(&id).await;
    h.advance_ms(30 * SECOND_MS);
    h.initiate(&token, "phone", PHONE).await.ok();
    let new = h.last_code(&id).await;
    let codes = h.codes(&id).await;
    assert_eq!(codes.len(), 2);
    assert_eq!(
        codes[1]["code"],
        old.as_str(),
        "the old one is listed after"
    );
    if old != new {
        h.complete(&token, "phone", &old)
            .await
            .assert_error(422, "code_invalid");
    }
    h.complete(&token, "phone", &new).await.ok();
}

#[tokio::test]
async fn a_code_of_another_session_is_refused() {
    let h = Harness::new();
    let (a, token_a) = h.on_phone("cross-a").await;
    let (b, token_b) = h.on_phone("cross-b").await;
    h.initiate(&token_a, "phone", PHONE).await.ok();
    h.initiate(&token_b, "phone", PHONE).await.ok();
    let (code_a, code_b) = (h.last_code(&a).await, h.last_code(&b).await);
    if code_a != code_b {
        h.complete(&token_b, "phone", &code_a)
            .await
            .assert_error(422, "code_invalid");
    }
    // Each session lists its own codes only.
    assert_eq!(h.codes(&a).await.len(), 1);
    // Session a's own code is untouched by b's tries.
    h.complete(&token_a, "phone", &code_a).await.ok();
    h.complete(&token_b, "phone", &code_b).await.ok();
}

#[tokio::test]
async fn a_code_works_once() {
    let h = Harness::new();
    let (id, token) = h.on_phone("once").await;
    h.initiate(&token, "phone", PHONE).await.ok();
    let code = h.last_code(&id).await;
    h.complete(&token, "phone", &code).await.ok();
    // The step is done: the same code again is out of order, for phone and for e-mail.
    h.complete(&token, "phone", &code)
        .await
        .assert_error(409, "step_out_of_order");
    h.complete(&token, "email", &code)
        .await
        .assert_error(409, "code_not_sent");
}

#[tokio::test]
async fn the_step_must_be_the_current_one() {
    let h = Harness::new();
    // Before consent.
    let (_, token) = h.session("order", "contact").await;
    h.initiate(&token, "phone", PHONE)
        .await
        .assert_error(409, "step_out_of_order");
    h.complete(&token, "phone", "123456")
        .await
        .assert_error(409, "step_out_of_order");
    h.consent(&token, true).await.ok();
    // Complete before initiate; the e-mail step before the phone.
    h.complete(&token, "phone", "123456")
        .await
        .assert_error(409, "code_not_sent");
    h.initiate(&token, "email", EMAIL)
        .await
        .assert_error(409, "step_out_of_order");
    // A workflow without these steps.
    let (_, kyc) = h.session("order-2", "kyc").await;
    h.consent(&kyc, true).await.ok();
    h.initiate(&kyc, "phone", PHONE)
        .await
        .assert_error(409, "step_out_of_order");
    // Finished.
    h.post("/v1/client/cancel", Some(&token), None).await.ok();
    h.initiate(&token, "phone", PHONE)
        .await
        .assert_error(409, "session_finished");
    h.complete(&token, "phone", "123456")
        .await
        .assert_error(409, "session_finished");
}

#[tokio::test]
async fn destinations_and_bodies_are_checked() {
    let h = Harness::new();
    let (id, token) = h.on_phone("checks").await;
    for bad in ["0791234567", "+41 79 123 45 67", "", "+0791234567", "+41"] {
        h.initiate(&token, "phone", bad)
            .await
            .assert_error(422, "invalid_phone");
    }
    h.post(
        "/v1/client/phone/initiate",
        Some(&token),
        Some(json!({"number": PHONE})),
    )
    .await
    .assert_error(422, "invalid_body");
    h.post(
        "/v1/client/phone/complete",
        Some(&token),
        Some(json!({"code": 123456})),
    )
    .await
    .assert_error(422, "invalid_body");
    let r = h
        .send(
            axum::http::Request::post("/v1/client/phone/initiate")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(axum::body::Body::from(format!(
                    "{{\"phone\": \"{PHONE}\"}}"
                )))
                .unwrap(),
        )
        .await;
    r.assert_error(415, "unsupported_media_type");
    assert!(h.codes(&id).await.is_empty());
    // The e-mail step takes e-mail addresses only.
    h.initiate(&token, "phone", PHONE).await.ok();
    let code = h.last_code(&id).await;
    h.complete(&token, "phone", &code).await.ok();
    for bad in ["jane", "jane@localhost", "jane doe@bank.example", PHONE] {
        h.initiate(&token, "email", bad)
            .await
            .assert_error(422, "invalid_email");
    }
    // Tokens.
    for path in [
        "/v1/client/phone/initiate",
        "/v1/client/phone/complete",
        "/v1/client/email/initiate",
        "/v1/client/email/complete",
    ] {
        h.post(path, None, Some(json!({})))
            .await
            .assert_error(401, "unauthorized");
        h.post(path, Some(KEY), Some(json!({})))
            .await
            .assert_error(403, "forbidden");
        h.get(path, Some(&token))
            .await
            .assert_error(405, "method_not_allowed");
    }
    h.advance_ms(31 * MINUTE_MS);
    h.initiate(&token, "email", EMAIL)
        .await
        .assert_error(401, "token_expired");
}

#[tokio::test]
async fn codes_survive_a_restart() {
    let h = Harness::new();
    let (id, token) = h.on_phone("restart").await;
    h.initiate(&token, "phone", PHONE).await.ok();
    let code = h.last_code(&id).await;
    h.complete(&token, "phone", &other_than(&code))
        .await
        .assert_error(422, "code_invalid");
    let reopened = open_state(h.dir.path(), h.clock.clone(), |_| {});
    let r = send(
        &reopened,
        request(
            axum::http::Method::POST,
            "/v1/client/phone/complete",
            Some(&token),
            Some(json!({"code": other_than(&code)})),
        ),
    )
    .await;
    r.assert_error(422, "code_invalid");
    assert!(r.text.contains("3 tries left"), "{}", r.text);
    let r = send(
        &reopened,
        request(
            axum::http::Method::POST,
            "/v1/client/phone/complete",
            Some(&token),
            Some(json!({ "code": code })),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

// ---------------------------------------------------------------------------------------------
// A whole `full` session through the API
// ---------------------------------------------------------------------------------------------

/// Consent, both sides of the ID, (liveness skipped: tests/liveness.rs covers it),
/// a proof of address as a PDF, a proof of funds as a photo, the phone and the e-mail codes
/// read from the sandbox, then the decision.
#[tokio::test]
async fn a_full_session_from_consent_to_the_decision() {
    let h = Harness::with(|c| c.decision_delay_ms = 2000);
    let (id, token) = h.session("full-journey", "full").await;
    let p = h.consent(&token, true).await.ok();
    assert_eq!(p["screen"], "scan_id_document_front_screen");

    let image = |side: &str, bytes: &[u8]| {
        upload_request(
            "/v1/client/media",
            Some(&token),
            Some(&format!("{side}-1")),
            &[field("side", side), file("id.jpg", "image/jpeg", bytes)],
        )
    };
    let r = h.send(image("front", &jpeg(1000, 630, 3))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = h.send(image("back", &jpeg(1000, 630, 4))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["preflight"]["screen"], "liveness_screen");

    h.skip_to(&id, Step::Address);
    let doc = |kind: &str, bytes: &[u8]| {
        upload_request(
            &format!("/v1/client/{kind}"),
            Some(&token),
            Some(&format!("{kind}-1")),
            &[file("scan", "application/octet-stream", bytes)],
        )
    };
    let r = h
        .send(doc("address", &pdf(1, "Water bill, 1 Main St")))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["preflight"]["screen"], "proof_of_funds_screen");
    let r = h.send(doc("funds", &png(900, 1200, 40))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        r.body["preflight"]["screen"],
        "phone_verification_start_screen"
    );

    h.initiate(&token, "phone", PHONE).await.ok();
    let code = h.last_code(&id).await;
    let r = h.complete(&token, "phone", &other_than(&code)).await;
    r.assert_error(422, "code_invalid");
    let r = h.complete(&token, "phone", &code).await.ok();
    assert_eq!(r["preflight"]["screen"], "email_verification_start_screen");
    h.initiate(&token, "email", EMAIL).await.ok();
    let code = h.last_code(&id).await;
    let r = h.complete(&token, "email", &code).await.ok();
    assert_eq!(
        r["preflight"],
        json!({"screen": "completed_screen", "seq": r["preflight"]["seq"], "step": 7, "step_count": 7})
    );
    assert_eq!(h.server_session(&id).await["status"], "in_progress");
    h.advance_ms(2000);
    assert_eq!(h.preflight(&token).await["screen"], "successful_screen");
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "verified");
    let steps: Vec<(&str, &str)> = s["result"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["step"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("consent", "passed"),
            ("document", "passed"),
            ("liveness", "passed"),
            ("address", "passed"),
            ("funds", "passed"),
            ("phone", "passed"),
            ("email", "passed"),
        ]
    );
    let listing = h
        .get(&format!("/v1/sandbox/sessions/{id}/documents"), Some(KEY))
        .await
        .ok();
    assert_eq!(listing["documents"].as_array().unwrap().len(), 2);
}
