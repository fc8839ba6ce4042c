//! The sandbox's HTTP API against `shared/API.md`, driven with `app(state).oneshot(..)` and a
//! clock the tests move by hand.
//!
//! Every answer passes through `common::send`, which checks the security headers and, for every
//! 4xx/5xx, the one error shape `{"error": {"code", "message"}}`.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use serde_json::{json, Value};

const FULL: [&str; 7] = [
    "consent", "document", "liveness", "address", "funds", "phone", "email",
];

fn is_nine_digits(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

// ---------------------------------------------------------------------------------------------
// POST /v1/sessions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_answers_a_new_session() {
    let h = Harness::new();
    let r = h
        .post("/v1/sessions", Some(KEY), Some(json!({"ref_id": "user-1"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let s = r.body;
    let id = str_of(&s, "session_id");
    let token = str_of(&s, "token");
    assert!(is_nine_digits(&id), "{id}");
    assert!(token.len() >= 32, "{token}");
    assert_eq!(s["ref_id"], "user-1");
    assert_eq!(s["workflow_id"], "full", "the default workflow");
    assert_eq!(s["steps"], json!(FULL));
    assert_eq!(s["status"], "pending");
    assert_eq!(s["token_expires_at"], at(30 * MINUTE_MS));
    assert_eq!(s["created_at"], at(0));
    assert_eq!(s["updated_at"], at(0));
    assert_eq!(s["return_url"], Value::Null);
    assert!(s.get("result").is_none(), "no result before the end: {s}");
    let start_url = format!("{ORIGIN}/mobile?authorization={token}&sessionId={id}");
    assert_eq!(s["start_url"], start_url);
    assert_eq!(
        s["handoff_url"],
        format!("{ORIGIN}/capture?url={}", url_encode(&start_url))
    );
    // The handoff URL holds the start URL as one query value: no raw `&`, `?` or `=` inside.
    let handoff = str_of(&s, "handoff_url");
    let query = handoff.split_once("?url=").unwrap().1;
    assert!(!query.contains(['&', '?', '=', '/', ':']), "{query}");
}

#[tokio::test]
async fn each_builtin_workflow_has_its_steps() {
    let h = Harness::new();
    let cases: [(&str, &[&str]); 5] = [
        ("full", &FULL),
        ("kyc", &["consent", "document", "liveness"]),
        ("document_only", &["consent", "document"]),
        ("contact", &["consent", "phone", "email"]),
        ("consent_only", &["consent"]),
    ];
    for (workflow, steps) in cases {
        let s = h
            .create(json!({"ref_id": format!("wf-{workflow}"), "workflow_id": workflow}))
            .await;
        assert_eq!(s["workflow_id"], workflow);
        assert_eq!(s["steps"], json!(steps), "{workflow}");
        // The client sees the same steps, and the preflight counts them.
        let token = str_of(&s, "token");
        let p = h.preflight(&token).await;
        assert_eq!(p["step_count"], steps.len(), "{workflow}");
        assert_eq!(p["screen"], "consent_screen");
    }
}

#[tokio::test]
async fn workflow_may_come_from_the_query() {
    let h = Harness::new();
    let r = h
        .post(
            "/v1/sessions?workflowId=kyc",
            Some(KEY),
            Some(json!({"ref_id": "q"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["workflow_id"], "kyc");
    h.post(
        "/v1/sessions?workflowId=kyc",
        Some(KEY),
        Some(json!({"ref_id": "q", "workflow_id": "contact"})),
    )
    .await
    .assert_error(422, "conflicting_workflow");
}

#[tokio::test]
async fn create_keeps_the_given_fields() {
    let h = Harness::new();
    let s = h
        .create(json!({
            "ref_id": "u-fields",
            "workflow_id": "kyc",
            "return_url": "https://Bank.Example/done?x=1",
            "locale": "de-CH",
            "user": {"first_name": "Ada", "last_name": "Lovelace",
                     "email": "ada@example.com", "phone": "+41791234567"},
        }))
        .await;
    assert_eq!(s["return_url"], "https://bank.example/done?x=1");
    assert_eq!(s["locale"], "de-CH");
    let token = str_of(&s, "token");
    let c = h.get("/v1/client/session", Some(&token)).await.ok();
    assert_eq!(c["web_sdk_return_url"], "https://bank.example/done?x=1");
    assert_eq!(c["locale"], "de-CH");
    // http is allowed for the local machine only.
    let s = h
        .create(json!({"ref_id": "u-local", "return_url": "http://localhost:3000/back"}))
        .await;
    assert_eq!(s["return_url"], "http://localhost:3000/back");
}

#[tokio::test]
async fn reuse_renews_the_token_and_extends_the_life() {
    let h = Harness::new();
    let body = json!({"ref_id": "reuser", "workflow_id": "kyc"});
    let first = h.create(body.clone()).await;
    let id = str_of(&first, "session_id");
    let old_token = str_of(&first, "token");
    assert_eq!(first["token_expires_at"], at(30 * MINUTE_MS));

    h.advance_ms(10 * MINUTE_MS);
    let r = h.post("/v1/sessions", Some(KEY), Some(body.clone())).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the active session is reused: {}",
        r.text
    );
    let again = r.body;
    assert_eq!(str_of(&again, "session_id"), id);
    let new_token = str_of(&again, "token");
    assert_ne!(new_token, old_token, "a fresh token");
    assert_eq!(again["token_expires_at"], at(40 * MINUTE_MS));
    assert_eq!(again["created_at"], at(0));
    assert_eq!(again["updated_at"], at(10 * MINUTE_MS));
    assert_eq!(
        again["start_url"],
        format!("{ORIGIN}/mobile?authorization={new_token}&sessionId={id}")
    );
    // GET shows the extended life too.
    let s = h.server_session(&id).await;
    assert_eq!(s["token_expires_at"], at(40 * MINUTE_MS));

    // Both tokens reach the session; each tells its own expiry.
    let c_old = h.get("/v1/client/session", Some(&old_token)).await.ok();
    assert_eq!(c_old["session_id"], id.as_str());
    assert_eq!(c_old["expires_at"], at(30 * MINUTE_MS));
    let c_new = h.get("/v1/client/session", Some(&new_token)).await.ok();
    assert_eq!(c_new["expires_at"], at(40 * MINUTE_MS));

    // The old token dies at its own expiry; the new one lives on, and so does the session.
    h.advance_ms(20 * MINUTE_MS);
    h.get("/v1/client/session", Some(&old_token))
        .await
        .assert_error(401, "token_expired");
    let c = h.get("/v1/client/session", Some(&new_token)).await.ok();
    assert_eq!(c["status"], "in_progress");

    // A reuse while in progress is still a reuse.
    let r = h.post("/v1/sessions", Some(KEY), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(str_of(&r.body, "session_id"), id);
    assert_eq!(r.body["status"], "in_progress");
}

#[tokio::test]
async fn force_creation_and_other_workflows_make_new_sessions() {
    let h = Harness::new();
    let a = h.create(json!({"ref_id": "f", "workflow_id": "kyc"})).await;
    let b = h
        .create(json!({"ref_id": "f", "workflow_id": "kyc", "force_creation": true}))
        .await;
    assert_ne!(a["session_id"], b["session_id"]);
    let c = h
        .create(json!({"ref_id": "f", "workflow_id": "contact"}))
        .await;
    assert_ne!(c["session_id"], a["session_id"]);
    assert_ne!(c["session_id"], b["session_id"]);
    // Another user's session is never reused.
    let d = h.create(json!({"ref_id": "g", "workflow_id": "kyc"})).await;
    assert_ne!(d["session_id"], a["session_id"]);
    // Reuse picks the newest active session of that workflow.
    let r = h
        .post(
            "/v1/sessions",
            Some(KEY),
            Some(json!({"ref_id": "f", "workflow_id": "kyc"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["session_id"], b["session_id"]);
}

#[tokio::test]
async fn finished_sessions_are_not_reused() {
    let h = Harness::new();
    let body = json!({"ref_id": "fin", "workflow_id": "kyc"});
    let a = h.create(body.clone()).await;
    let id = str_of(&a, "session_id");
    h.post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .ok();
    let b = h.create(body.clone()).await; // asserts 201
    assert_ne!(str_of(&b, "session_id"), id);

    // Nor is one that timed out.
    h.advance_ms(30 * MINUTE_MS);
    let c = h.create(body).await;
    assert_ne!(c["session_id"], b["session_id"]);
    let old = h.server_session(&str_of(&b, "session_id")).await;
    assert_eq!(old["status"], "timeout");
}

#[tokio::test]
async fn create_refuses_bad_fields() {
    let h = Harness::new();
    let cases = [
        (
            json!({"ref_id": "u", "return_url": "javascript:alert(1)"}),
            "invalid_return_url",
        ),
        (
            json!({"ref_id": "u", "return_url": "http://evil.example/"}),
            "invalid_return_url",
        ),
        (
            json!({"ref_id": "u", "return_url": "https://ok.example@evil.example/"}),
            "invalid_return_url",
        ),
        (
            json!({"ref_id": "u", "return_url": "//evil.example"}),
            "invalid_return_url",
        ),
        (
            json!({"ref_id": "u", "return_url": ""}),
            "invalid_return_url",
        ),
        (
            json!({"ref_id": "u", "workflow_id": "everything"}),
            "unknown_workflow",
        ),
        (
            json!({"ref_id": "u", "locale": "english please"}),
            "invalid_locale",
        ),
        (json!({"ref_id": "u", "locale": "e"}), "invalid_locale"),
        (
            json!({"ref_id": "u", "user": {"email": "not-an-email"}}),
            "invalid_user",
        ),
        (
            json!({"ref_id": "u", "user": {"phone": "0791234567"}}),
            "invalid_user",
        ),
        (
            json!({"ref_id": "u", "user": {"nickname": "x"}}),
            "invalid_body",
        ),
        (
            json!({"ref_id": "u", "branding": {"name": "Bank", "primary_color": "red"}}),
            "invalid_branding",
        ),
        (
            json!({"ref_id": "u", "branding": {"name": "Bank", "primary_color": "#12345"}}),
            "invalid_branding",
        ),
        (
            json!({"ref_id": "u", "branding": {"name": "", "primary_color": "#123456"}}),
            "invalid_branding",
        ),
        (
            json!({"ref_id": "u", "branding": {"name": "Bank", "primary_color": "#123456",
                "logo_url": "javascript:alert(1)"}}),
            "invalid_branding",
        ),
        (
            json!({"ref_id": "u", "branding": {"name": "Bank", "primary_color": "#123456",
                "logo_url": "https://x.example/a.png\") no-repeat; x:url(y"}}),
            "invalid_branding",
        ),
        (json!({"ref_id": ""}), "invalid_ref_id"),
        (json!({"ref_id": "   "}), "invalid_ref_id"),
        (json!({"ref_id": "x".repeat(129)}), "invalid_ref_id"),
        (json!({"workflow_id": "kyc"}), "invalid_body"),
        (json!({"ref_id": "u", "colour": "blue"}), "invalid_body"),
        (json!({"ref_id": 42}), "invalid_body"),
        (
            json!({"ref_id": "u", "force_creation": "yes"}),
            "invalid_body",
        ),
        (json!(["ref_id", "u"]), "invalid_body"),
    ];
    for (body, code) in cases {
        let r = h.post("/v1/sessions", Some(KEY), Some(body.clone())).await;
        assert_eq!(r.status.as_u16(), 422, "{body}: {}", r.text);
        assert_eq!(r.body["error"]["code"], code, "{body}: {}", r.text);
    }
    // Nothing was created by any of them.
    let list = h.get("/v1/sessions?ref_id=u", Some(KEY)).await.ok();
    assert_eq!(list["sessions"], json!([]));
}

#[tokio::test]
async fn create_refuses_bad_requests() {
    let h = Harness::new();
    let raw = |ctype: Option<&str>, auth: Option<&str>, body: &str| {
        let mut b = Request::builder().method(Method::POST).uri("/v1/sessions");
        if let Some(c) = ctype {
            b = b.header(header::CONTENT_TYPE, c);
        }
        if let Some(a) = auth {
            b = b.header(header::AUTHORIZATION, a);
        }
        b.body(Body::from(body.to_owned())).unwrap()
    };
    let bearer = format!("Bearer {KEY}");
    let ok_body = r#"{"ref_id":"u"}"#;

    h.send(raw(
        Some("application/json"),
        Some(&bearer),
        "{\"ref_id\": ",
    ))
    .await
    .assert_error(400, "invalid_json");
    h.send(raw(Some("application/json"), Some(&bearer), ""))
        .await
        .assert_error(400, "invalid_json");
    h.send(raw(None, Some(&bearer), ok_body))
        .await
        .assert_error(415, "unsupported_media_type");
    h.send(raw(Some("text/plain"), Some(&bearer), ok_body))
        .await
        .assert_error(415, "unsupported_media_type");
    // A charset parameter is fine.
    let r = h
        .send(raw(
            Some("application/json; charset=utf-8"),
            Some(&bearer),
            ok_body,
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    h.send(raw(Some("application/json"), None, ok_body))
        .await
        .assert_error(401, "unauthorized");
    h.send(raw(
        Some("application/json"),
        Some("Bearer wrong-key-0123456789"),
        ok_body,
    ))
    .await
    .assert_error(401, "unauthorized");
    h.send(raw(
        Some("application/json"),
        Some(&format!("Basic {KEY}")),
        ok_body,
    ))
    .await
    .assert_error(401, "unauthorized");
    // Authentication comes before the body is looked at.
    h.send(raw(None, None, "junk"))
        .await
        .assert_error(401, "unauthorized");

    // A client token may not create sessions.
    let (_, token) = h.session("client", "kyc").await;
    h.post("/v1/sessions", Some(&token), Some(json!({"ref_id": "x"})))
        .await
        .assert_error(403, "forbidden");
}

#[tokio::test]
async fn oversized_bodies_are_refused_as_json() {
    let h = Harness::new();
    let big = json!({"ref_id": "u", "locale": "x".repeat(200 * 1024)});
    let r = h.post("/v1/sessions", Some(KEY), Some(big.clone())).await;
    r.assert_error(413, "body_too_large");
    let r = h
        .post(
            "/v1/devices/ephemeral",
            Some(KEY),
            Some(json!({"ttl": 60, "pad": "x".repeat(200 * 1024)})),
        )
        .await;
    r.assert_error(413, "body_too_large");
}

// ---------------------------------------------------------------------------------------------
// GET /v1/sessions/{id}, GET /v1/sessions?ref_id=
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_answers_the_session_without_its_token() {
    let h = Harness::new();
    let created = h
        .create(json!({"ref_id": "reader", "workflow_id": "kyc"}))
        .await;
    let id = str_of(&created, "session_id");
    let s = h.server_session(&id).await;
    for field in ["token", "start_url", "handoff_url", "result"] {
        assert!(s.get(field).is_none(), "{field} in {s}");
    }
    for field in [
        "session_id",
        "ref_id",
        "workflow_id",
        "steps",
        "status",
        "token_expires_at",
        "return_url",
        "created_at",
        "updated_at",
    ] {
        assert_eq!(s[field], created[field], "{field}");
    }

    let other = if id == "123456789" {
        "987654321"
    } else {
        "123456789"
    };
    h.get(&format!("/v1/sessions/{other}"), Some(KEY))
        .await
        .assert_error(404, "session_not_found");
    for bad in [
        "12345",
        "1234567890",
        "abcdefghi",
        "012345678",
        "%20123456789",
    ] {
        h.get(&format!("/v1/sessions/{bad}"), Some(KEY))
            .await
            .assert_error(404, "session_not_found");
    }
    h.get(&format!("/v1/sessions/{id}"), None)
        .await
        .assert_error(401, "unauthorized");
    h.get(&format!("/v1/sessions/{id}"), Some("not-the-key"))
        .await
        .assert_error(401, "unauthorized");
    let token = str_of(&created, "token");
    h.get(&format!("/v1/sessions/{id}"), Some(&token))
        .await
        .assert_error(403, "forbidden");
}

#[tokio::test]
async fn paths_that_are_not_utf8_answer_json() {
    let h = Harness::new();
    h.get("/v1/sessions/%FF%FE", Some(KEY))
        .await
        .assert_error(400, "bad_request");
    h.get("/v1/sandbox/sessions/%FF/codes", Some(KEY))
        .await
        .assert_error(400, "bad_request");
}

#[tokio::test]
async fn list_is_newest_first_and_per_user() {
    let h = Harness::new();
    let mut ids = Vec::new();
    for workflow in ["kyc", "contact", "consent_only"] {
        let s = h
            .create(json!({"ref_id": "lister", "workflow_id": workflow}))
            .await;
        ids.push(str_of(&s, "session_id"));
        h.create(
            json!({"ref_id": "someone-else", "workflow_id": workflow, "force_creation": true}),
        )
        .await;
        h.advance_ms(MINUTE_MS);
    }
    let list = h.get("/v1/sessions?ref_id=lister", Some(KEY)).await.ok();
    let sessions = list["sessions"].as_array().unwrap();
    let got: Vec<String> = sessions.iter().map(|s| str_of(s, "session_id")).collect();
    ids.reverse();
    assert_eq!(got, ids, "newest first");
    for s in sessions {
        assert_eq!(s["ref_id"], "lister");
        assert!(
            s.get("token").is_none() && s.get("start_url").is_none(),
            "{s}"
        );
    }
    // Same creation time: the later one still comes first.
    let a = h
        .create(json!({"ref_id": "same-ms", "workflow_id": "kyc"}))
        .await;
    let b = h
        .create(json!({"ref_id": "same-ms", "workflow_id": "contact"}))
        .await;
    let list = h.get("/v1/sessions?ref_id=same-ms", Some(KEY)).await.ok();
    assert_eq!(list["sessions"][0]["session_id"], b["session_id"]);
    assert_eq!(list["sessions"][1]["session_id"], a["session_id"]);

    // Reserved characters in the ref_id survive the query string.
    let odd = "a&b=c d";
    let s = h.create(json!({"ref_id": odd})).await;
    let list = h
        .get(
            &format!("/v1/sessions?ref_id={}", url_encode(odd)),
            Some(KEY),
        )
        .await
        .ok();
    assert_eq!(list["sessions"][0]["session_id"], s["session_id"]);

    let list = h.get("/v1/sessions?ref_id=nobody", Some(KEY)).await.ok();
    assert_eq!(list["sessions"], json!([]));
    h.get("/v1/sessions", Some(KEY))
        .await
        .assert_error(422, "missing_ref_id");
    h.get("/v1/sessions?ref_id=", Some(KEY))
        .await
        .assert_error(422, "missing_ref_id");
    h.get("/v1/sessions?ref_id=lister", None)
        .await
        .assert_error(401, "unauthorized");
}

#[tokio::test]
async fn list_shows_statuses_settled_by_time() {
    let h = Harness::new();
    let s = h
        .create(json!({"ref_id": "late", "workflow_id": "kyc"}))
        .await;
    h.advance_ms(30 * MINUTE_MS);
    let list = h.get("/v1/sessions?ref_id=late", Some(KEY)).await.ok();
    assert_eq!(list["sessions"][0]["session_id"], s["session_id"]);
    assert_eq!(list["sessions"][0]["status"], "timeout");
}

// ---------------------------------------------------------------------------------------------
// POST /v1/sessions/{id}/cancel
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cancel_by_the_integrator() {
    let h = Harness::new();
    let (id, token) = h.session("canceller", "kyc").await;
    h.consent(&token, true).await.ok();
    h.advance_ms(MINUTE_MS);
    let s = h
        .post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .ok();
    assert_eq!(s["status"], "cancelled");
    assert_eq!(s["updated_at"], at(MINUTE_MS));
    let result = &s["result"];
    assert_eq!(result["status"], "cancelled");
    assert_eq!(result["completed_at"], at(MINUTE_MS));
    let checks = result["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert_eq!(
        checks[0],
        json!({"step": "consent", "status": "passed", "error_code": null})
    );
    for c in &checks[1..] {
        assert_eq!(c["status"], "skipped", "{c}");
    }
    // Twice is fine and changes nothing.
    h.advance_ms(MINUTE_MS);
    let again = h
        .post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .ok();
    assert_eq!(again, s);
    assert_eq!(h.server_session(&id).await, s);
    // The user sees it.
    assert_eq!(h.preflight(&token).await["screen"], "cancel_screen");
    h.consent(&token, true)
        .await
        .assert_error(409, "session_finished");

    h.post("/v1/sessions/123456789/cancel", None, None)
        .await
        .assert_error(401, "unauthorized");
    h.post(&format!("/v1/sessions/{id}/cancel"), Some(&token), None)
        .await
        .assert_error(403, "forbidden");
    h.post("/v1/sessions/12/cancel", Some(KEY), None)
        .await
        .assert_error(404, "session_not_found");
}

#[tokio::test]
async fn cancelling_a_finished_session_conflicts() {
    let h = Harness::new();
    let (id, token) = h.session("done", "consent_only").await;
    assert_eq!(
        h.consent(&token, true).await.ok()["screen"],
        "successful_screen"
    );
    h.post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .assert_error(409, "session_finished");
    h.post("/v1/client/cancel", Some(&token), None)
        .await
        .assert_error(409, "session_finished");
    assert_eq!(h.server_session(&id).await["status"], "verified");
}

// ---------------------------------------------------------------------------------------------
// Ephemeral device tokens
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn device_token_creates_one_session_and_becomes_its_token() {
    let h = Harness::new();
    let r = h
        .post(
            "/v1/devices/ephemeral",
            Some(KEY),
            Some(json!({"ttl": 3600})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body.as_object().unwrap().len(), 1, "{}", r.text);
    let device = str_of(&r.body, "authorization");

    // Before it has a session it reaches no client call and no server call.
    h.get("/v1/client/session", Some(&device))
        .await
        .assert_error(403, "forbidden");
    h.get("/v1/sessions?ref_id=u", Some(&device))
        .await
        .assert_error(403, "forbidden");

    let create = |body: Value| h.post("/v1/sessions?workflowId=kyc", Some(&device), Some(body));
    let r = create(json!({"metadata": {"externalUserId": "u"}})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let s = r.body;
    let id = str_of(&s, "session_id");
    assert!(is_nine_digits(&id));
    assert_eq!(s["ref_id"], "u");
    assert_eq!(s["workflow_id"], "kyc");
    assert_eq!(s["steps"], json!(["consent", "document", "liveness"]));
    assert_eq!(s["status"], "pending");
    assert_eq!(s["token"], device.as_str());
    assert_eq!(
        s["token_expires_at"],
        at(3600 * 1000),
        "the device token keeps its expiry"
    );
    assert_eq!(
        s["start_url"],
        format!("{ORIGIN}/mobile?authorization={device}&sessionId={id}")
    );

    // Now it is that session's client token.
    let c = h.get("/v1/client/session", Some(&device)).await.ok();
    assert_eq!(c["session_id"], id.as_str());
    assert_eq!(c["status"], "in_progress");
    assert_eq!(h.preflight(&device).await["screen"], "consent_screen");

    // Once only.
    create(json!({"metadata": {"externalUserId": "u"}}))
        .await
        .assert_error(409, "device_token_used");
    // And never a server-side call.
    for (method, path) in [
        (Method::GET, format!("/v1/sessions/{id}")),
        (Method::GET, "/v1/sessions?ref_id=u".to_owned()),
        (Method::POST, format!("/v1/sessions/{id}/cancel")),
        (Method::GET, format!("/v1/sandbox/sessions/{id}/codes")),
    ] {
        h.send(request(method, &path, Some(&device), None))
            .await
            .assert_error(403, "forbidden");
    }
    h.post(
        "/v1/devices/ephemeral",
        Some(&device),
        Some(json!({"ttl": 60})),
    )
    .await
    .assert_error(403, "forbidden");

    // The integrator sees it like any other session.
    let list = h.get("/v1/sessions?ref_id=u", Some(KEY)).await.ok();
    assert_eq!(list["sessions"][0]["session_id"], id.as_str());
}

#[tokio::test]
async fn a_reuse_never_shortens_a_device_session() {
    let h = Harness::new();
    let device = str_of(
        &h.post(
            "/v1/devices/ephemeral",
            Some(KEY),
            Some(json!({"ttl": 3600})),
        )
        .await
        .body,
        "authorization",
    );
    let r = h
        .post(
            "/v1/sessions?workflowId=kyc",
            Some(&device),
            Some(json!({"metadata": {"externalUserId": "dev-reuse"}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = str_of(&r.body, "session_id");
    h.consent(&device, true).await.ok();

    // The integrator's backend asks for the same user's session: it gets the device's session
    // with a token of its own, thirty minutes long.
    h.advance_ms(MINUTE_MS);
    let r = h
        .post(
            "/v1/sessions",
            Some(KEY),
            Some(json!({"ref_id": "dev-reuse", "workflow_id": "kyc"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(str_of(&r.body, "session_id"), id);
    assert_eq!(r.body["token_expires_at"], at(31 * MINUTE_MS));
    let renewed = str_of(&r.body, "token");
    assert_eq!(
        h.get("/v1/client/session", Some(&renewed)).await.ok()["expires_at"],
        at(31 * MINUTE_MS)
    );

    // Past the new token but within the device token's hour, the session is still alive.
    h.advance_ms(40 * MINUTE_MS);
    h.get("/v1/client/session", Some(&renewed))
        .await
        .assert_error(401, "token_expired");
    assert_eq!(
        h.preflight(&device).await["screen"],
        "scan_id_document_front_screen"
    );
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "in_progress");
    assert_eq!(s["token_expires_at"], at(60 * MINUTE_MS));
    // And it times out with its last token.
    h.advance_ms(19 * MINUTE_MS);
    assert_eq!(h.server_session(&id).await["status"], "timeout");
}

#[tokio::test]
async fn device_tokens_check_their_input() {
    let h = Harness::new();
    for body in [
        json!({"ttl": 0}),
        json!({"ttl": 59}),
        json!({"ttl": 86_401}),
    ] {
        h.post("/v1/devices/ephemeral", Some(KEY), Some(body))
            .await
            .assert_error(422, "invalid_ttl");
    }
    for body in [
        json!({"ttl": -5}),
        json!({"ttl": "3600"}),
        json!({}),
        json!({"ttl": 60, "x": 1}),
    ] {
        h.post("/v1/devices/ephemeral", Some(KEY), Some(body))
            .await
            .assert_error(422, "invalid_body");
    }
    h.post("/v1/devices/ephemeral", None, Some(json!({"ttl": 60})))
        .await
        .assert_error(401, "unauthorized");

    let device = str_of(
        &h.post("/v1/devices/ephemeral", Some(KEY), Some(json!({"ttl": 60})))
            .await
            .body,
        "authorization",
    );
    // A bad workflow or body uses nothing up.
    h.post(
        "/v1/sessions?workflowId=nope",
        Some(&device),
        Some(json!({"metadata": {"externalUserId": "d"}})),
    )
    .await
    .assert_error(422, "unknown_workflow");
    h.post("/v1/sessions", Some(&device), Some(json!({"ref_id": "d"})))
        .await
        .assert_error(422, "invalid_body");
    h.post(
        "/v1/sessions",
        Some(&device),
        Some(json!({"metadata": {"externalUserId": ""}})),
    )
    .await
    .assert_error(422, "invalid_ref_id");
    // Without a workflowId it is the default one.
    let r = h
        .post(
            "/v1/sessions",
            Some(&device),
            Some(json!({"metadata": {"externalUserId": "d"}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["workflow_id"], "full");

    // An expired device token creates nothing.
    let late = str_of(
        &h.post("/v1/devices/ephemeral", Some(KEY), Some(json!({"ttl": 60})))
            .await
            .body,
        "authorization",
    );
    h.advance_ms(60 * 1000);
    h.post(
        "/v1/sessions",
        Some(&late),
        Some(json!({"metadata": {"externalUserId": "late"}})),
    )
    .await
    .assert_error(401, "token_expired");
}

// ---------------------------------------------------------------------------------------------
// Client calls
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn client_session_tells_the_app_what_it_needs() {
    let h = Harness::new();
    let s = h
        .create(json!({
            "ref_id": "client-1",
            "workflow_id": "kyc",
            "return_url": "https://bank.example/back",
            "locale": "fr",
            "branding": {"name": "Example Bank", "primary_color": "#AA3300"},
        }))
        .await;
    let id = str_of(&s, "session_id");
    let token = str_of(&s, "token");
    assert_eq!(h.server_session(&id).await["status"], "pending");
    h.advance_ms(MINUTE_MS);
    let c = h.get("/v1/client/session", Some(&token)).await.ok();
    assert_eq!(
        c,
        json!({
            "session_id": id,
            "status": "in_progress",
            "steps": ["consent", "document", "liveness"],
            "locale": "fr",
            "web_sdk_return_url": "https://bank.example/back",
            "expires_at": at(30 * MINUTE_MS),
            "branding": {"name": "Example Bank", "primary_color": "#AA3300"},
        })
    );
    let server = h.server_session(&id).await;
    assert_eq!(server["status"], "in_progress");
    assert_eq!(server["updated_at"], at(MINUTE_MS));

    // Without return URL or branding: null and the sandbox's default branding.
    let (_, plain) = h.session("client-2", "consent_only").await;
    let c = h.get("/v1/client/session", Some(&plain)).await.ok();
    assert_eq!(c["web_sdk_return_url"], Value::Null);
    assert_eq!(c["locale"], "en");
    assert!(c["branding"]["name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    assert!(c["branding"]["primary_color"]
        .as_str()
        .is_some_and(|n| n.starts_with('#')));
}

#[tokio::test]
async fn the_preflight_marks_the_start_too() {
    let h = Harness::new();
    let (id, token) = h.session("pf", "kyc").await;
    let p = h.preflight(&token).await;
    assert_eq!(
        p,
        json!({"screen": "consent_screen", "seq": 1, "step": 1, "step_count": 3})
    );
    assert_eq!(h.server_session(&id).await["status"], "in_progress");
    // Reading changes no seq.
    assert_eq!(h.preflight(&token).await, p);
}

#[tokio::test]
async fn consent_moves_the_session_on() {
    let h = Harness::new();
    let (id, token) = h.session("consenter", "kyc").await;
    let first = h.preflight(&token).await;
    let seq = first["seq"].as_u64().unwrap();
    let p = h.consent(&token, true).await.ok();
    assert_eq!(p["screen"], "scan_id_document_front_screen");
    assert_eq!(p["seq"].as_u64().unwrap(), seq + 1);
    assert_eq!(p["step"], 2);
    assert_eq!(p["step_count"], 3);
    assert_eq!(h.preflight(&token).await, p);
    // A repeated accept (double tap, retried request) is the same answer.
    assert_eq!(h.consent(&token, true).await.ok(), p);
    // Rejecting after accepting is out of order.
    h.consent(&token, false)
        .await
        .assert_error(409, "step_out_of_order");
    assert_eq!(h.server_session(&id).await["status"], "in_progress");

    // The body is checked like any other.
    h.post(
        "/v1/client/consent",
        Some(&token),
        Some(json!({"accepted": "yes"})),
    )
    .await
    .assert_error(422, "invalid_body");
    h.post("/v1/client/consent", Some(&token), Some(json!({})))
        .await
        .assert_error(422, "invalid_body");
    h.post("/v1/client/consent", Some(&token), None)
        .await
        .assert_error(415, "unsupported_media_type");
    h.post("/v1/client/consent", None, Some(json!({"accepted": true})))
        .await
        .assert_error(401, "unauthorized");
}

#[tokio::test]
async fn rejecting_consent_cancels() {
    let h = Harness::new();
    let (id, token) = h.session("rejecter", "kyc").await;
    let p = h.consent(&token, false).await.ok();
    assert_eq!(p["screen"], "cancel_screen");
    assert_eq!(p["seq"], 2);
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "cancelled");
    assert_eq!(s["result"]["status"], "cancelled");
    for c in s["result"]["checks"].as_array().unwrap() {
        assert_eq!(c["status"], "skipped", "{c}");
    }
    h.consent(&token, true)
        .await
        .assert_error(409, "session_finished");
    h.consent(&token, false)
        .await
        .assert_error(409, "session_finished");
    // The client still reads where it ended.
    let c = h.get("/v1/client/session", Some(&token)).await.ok();
    assert_eq!(c["status"], "cancelled");
}

#[tokio::test]
async fn consent_only_is_decided_at_once() {
    let h = Harness::new();
    let (id, token) = h.session("quick", "consent_only").await;
    let p = h.consent(&token, true).await.ok();
    assert_eq!(p["screen"], "successful_screen");
    assert!(p["seq"].as_u64().unwrap() > 1);
    assert_eq!(p["step"], 1);
    assert_eq!(p["step_count"], 1);
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "verified");
    assert_eq!(
        s["result"],
        json!({
            "status": "verified",
            "checks": [{"step": "consent", "status": "passed", "error_code": null}],
            "completed_at": at(0),
        })
    );
    // Finished: a repeated accept is refused, and the outcome cannot change.
    h.consent(&token, true)
        .await
        .assert_error(409, "session_finished");
    h.set_outcome(&id, "failed")
        .await
        .assert_error(409, "session_finished");
}

#[tokio::test]
async fn the_sandbox_outcome_decides_the_result() {
    let h = Harness::new();
    let (id, token) = h.session("failing", "consent_only").await;
    let r = h.set_outcome(&id, "failed").await.ok();
    assert_eq!(r, json!({"session_id": id, "outcome": "failed"}));
    let p = h.consent(&token, true).await.ok();
    assert_eq!(p["screen"], "rejected_screen");
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "failed");
    assert_eq!(s["result"]["status"], "failed");
    let check = &s["result"]["checks"][0];
    assert_eq!(check["step"], "consent");
    assert_eq!(check["status"], "failed");
    assert!(
        check["error_code"].as_str().is_some_and(|c| !c.is_empty()),
        "{check}"
    );

    let (id, token) = h.session("reviewed", "consent_only").await;
    h.set_outcome(&id, "review").await.ok();
    let p = h.consent(&token, true).await.ok();
    assert_eq!(p["screen"], "completed_screen");
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "review");
    assert_eq!(s["result"]["status"], "review");

    for (status, screen) in [
        ("out_of_date", "rejected_screen"),
        ("error", "rejected_screen"),
        ("verified", "successful_screen"),
    ] {
        let (id, token) = h
            .session(&format!("outcome-{status}"), "consent_only")
            .await;
        h.set_outcome(&id, status).await.ok();
        assert_eq!(
            h.consent(&token, true).await.ok()["screen"],
            screen,
            "{status}"
        );
        let s = h.server_session(&id).await;
        assert_eq!(s["status"], status);
        assert_eq!(s["result"]["status"], status);
    }
}

#[tokio::test]
async fn the_decision_waits_for_its_delay() {
    let h = Harness::with(|c| c.decision_delay_ms = 5_000);
    let (id, token) = h.session("slow", "consent_only").await;
    let p = h.consent(&token, true).await.ok();
    assert_eq!(p["screen"], "completed_screen");
    assert_eq!(p["seq"], 2);
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "in_progress");
    assert!(s.get("result").is_none());
    // All is submitted: nothing more is accepted, not even a cancel.
    h.post("/v1/client/cancel", Some(&token), None)
        .await
        .assert_error(409, "session_finished");
    h.advance_ms(4_999);
    assert_eq!(h.preflight(&token).await["screen"], "completed_screen");
    h.advance_ms(1);
    let p = h.preflight(&token).await;
    assert_eq!(p["screen"], "successful_screen");
    assert_eq!(p["seq"], 3);
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "verified");
    assert_eq!(s["result"]["completed_at"], at(5_000));
}

#[tokio::test]
async fn cancel_by_the_user() {
    let h = Harness::new();
    let (id, token) = h.session("quitter", "kyc").await;
    h.consent(&token, true).await.ok();
    let c = h.post("/v1/client/cancel", Some(&token), None).await.ok();
    assert_eq!(c["status"], "cancelled");
    assert_eq!(c["session_id"], id.as_str());
    assert_eq!(h.preflight(&token).await["screen"], "cancel_screen");
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "cancelled");
    assert_eq!(s["result"]["checks"][0]["status"], "passed");
    assert_eq!(s["result"]["checks"][1]["status"], "skipped");
    // Again: still cancelled.
    let c = h.post("/v1/client/cancel", Some(&token), None).await.ok();
    assert_eq!(c["status"], "cancelled");
    h.post("/v1/client/cancel", None, None)
        .await
        .assert_error(401, "unauthorized");
}

#[tokio::test]
async fn a_token_reaches_its_own_session_only() {
    let h = Harness::new();
    let (id_a, token_a) = h.session("alice", "kyc").await;
    let (id_b, token_b) = h.session("bob", "kyc").await;
    assert_eq!(
        h.get("/v1/client/session", Some(&token_a)).await.ok()["session_id"],
        id_a.as_str()
    );
    assert_eq!(
        h.get("/v1/client/session", Some(&token_b)).await.ok()["session_id"],
        id_b.as_str()
    );
    h.consent(&token_a, true).await.ok();
    assert_eq!(h.preflight(&token_b).await["screen"], "consent_screen");
    h.post("/v1/client/cancel", Some(&token_a), None).await.ok();
    assert_eq!(h.server_session(&id_a).await["status"], "cancelled");
    assert_eq!(h.server_session(&id_b).await["status"], "in_progress");
    // The session id is never taken from the request: a query naming B changes nothing.
    let c = h
        .get(
            &format!("/v1/client/session?sessionId={id_b}"),
            Some(&token_a),
        )
        .await
        .ok();
    assert_eq!(c["session_id"], id_a.as_str());
}

#[tokio::test]
async fn client_calls_refuse_other_credentials() {
    let h = Harness::new();
    for (method, path) in [
        (Method::GET, "/v1/client/session"),
        (Method::GET, "/v1/client/preflight"),
        (Method::POST, "/v1/client/cancel"),
    ] {
        h.send(request(method.clone(), path, None, None))
            .await
            .assert_error(401, "unauthorized");
        h.send(request(
            method.clone(),
            path,
            Some("0".repeat(64).as_str()),
            None,
        ))
        .await
        .assert_error(401, "invalid_token");
        h.send(request(method.clone(), path, Some(KEY), None))
            .await
            .assert_error(403, "forbidden");
    }
}

#[tokio::test]
async fn tokens_expire_after_thirty_minutes() {
    let h = Harness::new();
    let (_, token) = h.session("expiring", "kyc").await;
    h.consent(&token, true).await.ok();
    h.advance_ms(30 * MINUTE_MS - 1);
    h.preflight(&token).await;
    h.advance_ms(1);
    for (method, path, body) in [
        (Method::GET, "/v1/client/session", None),
        (Method::GET, "/v1/client/preflight", None),
        (
            Method::POST,
            "/v1/client/consent",
            Some(json!({"accepted": true})),
        ),
        (Method::POST, "/v1/client/cancel", None),
        (
            Method::POST,
            "/v1/client/phone/initiate",
            Some(json!({"phone": "+41791234567"})),
        ),
    ] {
        h.send(request(method, path, Some(&token), body))
            .await
            .assert_error(401, "token_expired");
    }
}

#[tokio::test]
async fn an_untouched_session_times_out() {
    let h = Harness::new();
    let (id, _) = h.session("idle", "kyc").await;
    h.advance_ms(30 * MINUTE_MS - 1);
    assert_eq!(h.server_session(&id).await["status"], "pending");
    h.advance_ms(1);
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "timeout");
    assert_eq!(s["result"]["status"], "timeout");
    assert_eq!(s["result"]["completed_at"], at(30 * MINUTE_MS));
    for c in s["result"]["checks"].as_array().unwrap() {
        assert_eq!(c["status"], "skipped");
    }
    // It stays so, and cannot be cancelled any more.
    h.advance_ms(MINUTE_MS);
    assert_eq!(h.server_session(&id).await, s);
    h.post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .assert_error(409, "session_finished");
    // An abandoned session in progress times out too.
    let (id, token) = h.session("idle-2", "kyc").await;
    h.consent(&token, true).await.ok();
    h.advance_ms(30 * MINUTE_MS);
    assert_eq!(h.server_session(&id).await["status"], "timeout");
}

// ---------------------------------------------------------------------------------------------
// Sandbox controls
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn sandbox_codes() {
    let h = Harness::new();
    let (id, token) = h.session("codes", "contact").await;
    let r = h
        .get(&format!("/v1/sandbox/sessions/{id}/codes"), Some(KEY))
        .await
        .ok();
    assert_eq!(r, json!({"codes": []}));
    let other = if id == "123456789" {
        "987654321"
    } else {
        "123456789"
    };
    h.get(&format!("/v1/sandbox/sessions/{other}/codes"), Some(KEY))
        .await
        .assert_error(404, "session_not_found");
    h.get("/v1/sandbox/sessions/nope/codes", Some(KEY))
        .await
        .assert_error(404, "session_not_found");
    h.get(&format!("/v1/sandbox/sessions/{id}/codes"), None)
        .await
        .assert_error(401, "unauthorized");
    h.get(&format!("/v1/sandbox/sessions/{id}/codes"), Some(&token))
        .await
        .assert_error(403, "forbidden");
}

#[tokio::test]
async fn sandbox_outcome() {
    let h = Harness::new();
    let (id, token) = h.session("outcome", "kyc").await;
    for status in ["cancelled", "pending", "in_progress", "timeout"] {
        h.set_outcome(&id, status)
            .await
            .assert_error(422, "invalid_outcome");
    }
    h.post(
        &format!("/v1/sandbox/sessions/{id}/outcome"),
        Some(KEY),
        Some(json!({"status": "approved"})),
    )
    .await
    .assert_error(422, "invalid_body");
    assert_eq!(
        h.set_outcome(&id, "review").await.ok(),
        json!({"session_id": id, "outcome": "review"})
    );
    h.set_outcome("123", "review")
        .await
        .assert_error(404, "session_not_found");
    h.post(
        &format!("/v1/sandbox/sessions/{id}/outcome"),
        None,
        Some(json!({"status": "failed"})),
    )
    .await
    .assert_error(401, "unauthorized");
    h.post(
        &format!("/v1/sandbox/sessions/{id}/outcome"),
        Some(&token),
        Some(json!({"status": "failed"})),
    )
    .await
    .assert_error(403, "forbidden");
    h.post("/v1/client/cancel", Some(&token), None).await.ok();
    h.set_outcome(&id, "verified")
        .await
        .assert_error(409, "session_finished");
}

#[tokio::test]
async fn sandbox_faults_and_events() {
    let h = Harness::new();
    let (id, token) = h.session("faulty", "consent_only").await;
    let faults = format!("/v1/sandbox/sessions/{id}/faults");
    let r = h
        .post(&faults, Some(KEY), Some(json!({"websocket": "refuse"})))
        .await
        .ok();
    assert_eq!(r, json!({"session_id": id, "websocket": "refuse"}));
    // Omitted fields leave the fault as it was.
    let r = h
        .post(&faults, Some(KEY), Some(json!({"drop_websockets": true})))
        .await
        .ok();
    assert_eq!(r["websocket"], "refuse");
    let r = h
        .post(&faults, Some(KEY), Some(json!({"websocket": "allow"})))
        .await
        .ok();
    assert_eq!(r["websocket"], "allow");
    h.post(&faults, Some(KEY), Some(json!({"websocket": "sometimes"})))
        .await
        .assert_error(422, "invalid_body");
    // `null` is "leave it", like an absent field (the document says so).
    let r = h
        .post(&faults, Some(KEY), Some(json!({"websocket": null})))
        .await
        .ok();
    assert_eq!(r["websocket"], "allow");
    // JSON Schema's integers include 503.0; a fraction is still refused.
    let r = h
        .post(
            &faults,
            Some(KEY),
            Some(json!({"fail_preflight": {"count": 1.0, "status": 503.0}})),
        )
        .await
        .ok();
    assert_eq!(r["fail_preflight"], json!({"count": 1, "status": 503}));
    h.post(
        &faults,
        Some(KEY),
        Some(json!({"fail_preflight": {"count": 1.5, "status": 503}})),
    )
    .await
    .assert_error(422, "invalid_body");
    h.post(
        &faults,
        Some(KEY),
        Some(json!({"fail_preflight": {"count": 0, "status": 503}})),
    )
    .await
    .ok();
    h.post(&faults, None, Some(json!({})))
        .await
        .assert_error(401, "unauthorized");
    h.post(
        "/v1/sandbox/sessions/123/faults",
        Some(KEY),
        Some(json!({})),
    )
    .await
    .assert_error(404, "session_not_found");

    h.consent(&token, true).await.ok();
    let events = h
        .get(&format!("/v1/sandbox/sessions/{id}/events"), Some(KEY))
        .await
        .ok();
    let events = events["events"].as_array().unwrap().clone();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"created"), "{kinds:?}");
    assert!(kinds.contains(&"fault"), "{kinds:?}");
    assert!(kinds.contains(&"status"), "{kinds:?}");
    assert!(kinds.contains(&"screen"), "{kinds:?}");
    let details: Vec<&str> = events.iter().filter_map(|e| e["detail"].as_str()).collect();
    assert!(details.contains(&"verified"), "{details:?}");
    for e in &events {
        assert_eq!(e["at"], at(0), "{e}");
    }
    // No token or hash in the log.
    let text = serde_json::to_string(&events).unwrap();
    assert!(!text.contains(&token), "{text}");
    h.get(&format!("/v1/sandbox/sessions/{id}/events"), None)
        .await
        .assert_error(401, "unauthorized");
    h.get("/v1/sandbox/sessions/123456/events", Some(KEY))
        .await
        .assert_error(404, "session_not_found");
}

// ---------------------------------------------------------------------------------------------
// The router as a whole
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json() {
    let h = Harness::new();
    for path in [
        "/v1",
        "/v1/",
        "/v1/nothing",
        "/v1/sessions/123456789/extra",
        "/v1/client",
    ] {
        h.get(path, Some(KEY)).await.assert_error(404, "not_found");
        h.post(path, None, None)
            .await
            .assert_error(404, "not_found");
    }
    h.send(request(Method::DELETE, "/v1/sessions", Some(KEY), None))
        .await
        .assert_error(405, "method_not_allowed");
    h.send(request(Method::GET, "/v1/client/consent", None, None))
        .await
        .assert_error(405, "method_not_allowed");
    h.send(request(
        Method::PUT,
        "/v1/sandbox/sessions/123456789/outcome",
        None,
        None,
    ))
    .await
    .assert_error(405, "method_not_allowed");
}

#[tokio::test]
async fn the_websocket_route_without_an_upgrade_answers_json() {
    let h = Harness::new();
    h.get("/v1/client/ws", None)
        .await
        .assert_error(400, "bad_request");
    // With the upgrade headers but no connection to upgrade (as under `oneshot`): still JSON.
    let req = Request::builder()
        .uri("/v1/client/ws")
        .header(header::CONNECTION, "upgrade")
        .header(header::UPGRADE, "websocket")
        .header(header::SEC_WEBSOCKET_VERSION, "13")
        .header(header::SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
        .body(Body::empty())
        .unwrap();
    h.send(req).await.assert_error(426, "upgrade_required");
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    // `send` checks the headers on every answer of these tests; here each kind of answer is
    // made once on purpose: the app's page, its route fallback, its assets, the API's answers
    // and errors of every family, and the websocket's refusals. `frame-ancestors` comes from
    // the configuration.
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
    std::fs::write(
        dist.path().join("boot.js"),
        "import init from './a.js'; init();",
    )
    .unwrap();
    std::fs::write(dist.path().join("main.css"), "body{}").unwrap();
    let h = Harness::with(|c| {
        c.dist_dir = Some(dist.path().to_path_buf());
        c.frame_ancestors = "https://bank.example".to_owned();
        c.public_origin = "https://idv.example.com".to_owned();
    });
    let csp = expected_csp("wss://idv.example.com", "https://bank.example");
    let (_, token) = h.session("headers", "kyc").await;
    let ws = |origin: Option<&str>| {
        let mut b = Request::builder()
            .uri("/v1/client/ws")
            .header(header::CONNECTION, "upgrade")
            .header(header::UPGRADE, "websocket")
            .header(header::SEC_WEBSOCKET_VERSION, "13")
            .header(header::SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==");
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        b.body(Body::empty()).unwrap()
    };
    let big = json!({"ref_id": "x".repeat(70 * 1024)});
    let answers = vec![
        (h.get("/", None).await, 200, "no-cache"),
        (
            h.get("/mobile?authorization=x&sessionId=123456789", None)
                .await,
            200,
            "no-cache",
        ),
        (h.get("/boot.js", None).await, 200, "no-cache"),
        (h.get("/main.css", None).await, 200, "no-cache"),
        (
            h.get("/v1/client/session", Some(&token)).await,
            200,
            "no-store",
        ),
        (
            h.get("/v1/client/session", Some("nope")).await,
            401,
            "no-store",
        ),
        (
            h.get("/v1/sessions/000000000", Some(KEY)).await,
            404,
            "no-store",
        ),
        (h.get("/v1/no/such/call", None).await, 404, "no-store"),
        (
            h.send(request(
                Method::DELETE,
                "/v1/client/preflight",
                Some(&token),
                None,
            ))
            .await,
            405,
            "no-store",
        ),
        (
            h.post("/v1/sessions", Some(KEY), Some(json!({}))).await,
            422,
            "no-store",
        ),
        (
            h.post("/v1/sessions", Some(KEY), Some(big)).await,
            413,
            "no-store",
        ),
        (h.get("/v1/client/ws", None).await, 400, "no-store"),
        (h.send(ws(None)).await, 426, "no-store"),
        (
            h.send(ws(Some("https://evil.example"))).await,
            403,
            "no-store",
        ),
    ];
    for (r, status, cache) in answers {
        assert_eq!(r.status.as_u16(), status, "{}: {}", r.what, r.text);
        assert_eq!(
            r.headers[header::CONTENT_SECURITY_POLICY],
            csp.as_str(),
            "{}",
            r.what
        );
        assert_eq!(r.headers[header::CACHE_CONTROL], cache, "{}", r.what);
    }
    // The app's files are served as what they are, which nosniff then holds the browser to.
    let js = h.get("/boot.js", None).await;
    assert!(js.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    // Without a build, the page saying so carries them too.
    let bare = Harness::new();
    let r = bare.get("/", None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text.contains("not built"), "{}", r.text);
    let r = bare.send(ws(Some("https://evil.example"))).await;
    r.assert_error(403, "origin_not_allowed");
}

#[tokio::test]
async fn state_survives_a_restart() {
    let h = Harness::new();
    let (id, token) = h.session("durable", "kyc").await;
    let before = h.consent(&token, true).await.ok();
    assert_eq!(before["screen"], "scan_id_document_front_screen");
    let server_before = h.server_session(&id).await;

    let Harness { state, clock, dir } = h;
    drop(state);
    clock.advance_ms(MINUTE_MS);
    let state = open_state(dir.path(), clock.clone(), |_| {});
    let h = Harness { state, clock, dir };

    assert_eq!(h.preflight(&token).await, before, "same screen and seq");
    let c = h.get("/v1/client/session", Some(&token)).await.ok();
    assert_eq!(c["session_id"], id.as_str());
    assert_eq!(c["status"], "in_progress");
    assert_eq!(c["expires_at"], at(30 * MINUTE_MS));
    assert_eq!(h.server_session(&id).await, server_before);
    let list = h.get("/v1/sessions?ref_id=durable", Some(KEY)).await.ok();
    assert_eq!(list["sessions"][0]["session_id"], id.as_str());
    // And it carries on: a reuse finds it, a cancel finishes it.
    let r = h
        .post(
            "/v1/sessions",
            Some(KEY),
            Some(json!({"ref_id": "durable", "workflow_id": "kyc"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["session_id"], id.as_str());
    let c = h.post("/v1/client/cancel", Some(&token), None).await.ok();
    assert_eq!(c["status"], "cancelled");
    // Timeouts are measured against the stored life, across the restart as well.
    let (idle, _) = h.session("durable-idle", "kyc").await;
    let Harness { state, clock, dir } = h;
    drop(state);
    clock.advance_ms(30 * MINUTE_MS);
    let state = open_state(dir.path(), clock.clone(), |_| {});
    let h = Harness { state, clock, dir };
    assert_eq!(h.server_session(&idle).await["status"], "timeout");
}

/// The fault that serves the client a raw return URL: the platform's own record keeps the
/// checked one, the client sees the injected value, and `""` restores it.
#[tokio::test]
async fn sandbox_fault_can_serve_an_unchecked_return_url() {
    let h = Harness::new();
    let s = h
        .create(json!({"ref_id": "u", "workflow_id": "consent_only", "return_url": "https://bank.example/done"}))
        .await;
    let (id, token) = (str_of(&s, "session_id"), str_of(&s, "token"));
    let faults = format!("/v1/sandbox/sessions/{id}/faults");
    h.post(
        &faults,
        Some(KEY),
        Some(json!({"client_return_url": "javascript:alert(1)"})),
    )
    .await
    .ok();
    let client = h.get("/v1/client/session", Some(&token)).await.ok();
    assert_eq!(client["web_sdk_return_url"], "javascript:alert(1)");
    assert_eq!(
        h.server_session(&id).await["return_url"],
        "https://bank.example/done"
    );
    h.post(&faults, Some(KEY), Some(json!({"client_return_url": ""})))
        .await
        .ok();
    let client = h.get("/v1/client/session", Some(&token)).await.ok();
    assert_eq!(client["web_sdk_return_url"], "https://bank.example/done");
}

/// A database written before a schema change opens and gains the new column.
#[test]
fn an_older_database_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.sqlite3");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE sessions (id TEXT PRIMARY KEY, ref_id TEXT NOT NULL, workflow_id TEXT NOT NULL,
         steps TEXT NOT NULL, status TEXT NOT NULL, return_url TEXT, locale TEXT NOT NULL,
         user_json TEXT, branding_json TEXT NOT NULL, step_index INTEGER NOT NULL,
         screen TEXT NOT NULL, seq INTEGER NOT NULL, outcome TEXT NOT NULL, decide_at INTEGER,
         expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
         result_json TEXT, ws_fault TEXT NOT NULL);",
    )
    .unwrap();
    drop(conn);
    let config = idv_sandbox::Config::for_tests(dir.path().to_owned());
    idv_sandbox::AppState::open(config.clone()).expect("migrated");
    // Opening again runs no migration twice.
    idv_sandbox::AppState::open(config).expect("reopened");
}

#[tokio::test]
async fn precompressed_files_are_sent_as_they_are_and_others_compressed_on_the_way() {
    // The sibling files' bytes are markers, not real brotli or gzip: what matters is which
    // one is sent, with which encoding and type.
    let dist = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| std::fs::write(dist.path().join(name), text).unwrap();
    file("index.html", "<!doctype html><title>t</title>");
    file("index.html.br", "BR-INDEX");
    file("app.js", "console.log('plain');");
    file("app.js.br", "BR-APP");
    file("app.js.gz", "GZ-APP");
    file("main.css", &"body { margin: 0 }\n".repeat(200));
    let h = Harness::with(|c| c.dist_dir = Some(dist.path().to_path_buf()));
    let get = |path: &str, encodings: Option<&str>| {
        let mut b = Request::builder().uri(path);
        if let Some(e) = encodings {
            b = b.header(header::ACCEPT_ENCODING, e);
        }
        h.send(b.body(Body::empty()).unwrap())
    };
    let encoding = |r: &common::Resp| {
        r.headers
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_owned())
    };

    let br = get("/app.js", Some("gzip, br")).await;
    assert_eq!((br.status.as_u16(), br.text.as_str()), (200, "BR-APP"));
    assert_eq!(encoding(&br).as_deref(), Some("br"));
    assert!(br.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let gz = get("/app.js", Some("gzip")).await;
    assert_eq!(
        (gz.text.as_str(), encoding(&gz).as_deref()),
        ("GZ-APP", Some("gzip"))
    );
    let plain = get("/app.js", None).await;
    assert_eq!(
        (plain.text.as_str(), encoding(&plain)),
        ("console.log('plain');", None)
    );
    // The app's routes get index.html's precompressed form too.
    let page = get("/mobile?authorization=x&sessionId=123456789", Some("br")).await;
    assert_eq!(
        (page.text.as_str(), encoding(&page).as_deref()),
        ("BR-INDEX", Some("br"))
    );
    // No sibling: compressed on the way out.
    let css = get("/main.css", Some("gzip")).await;
    assert_eq!(encoding(&css).as_deref(), Some("gzip"));
}
