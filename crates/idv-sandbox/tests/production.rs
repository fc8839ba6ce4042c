//! The production build (`--no-default-features`: without the `sandbox-api` feature): the
//! platform's own API works, and nothing of the sandbox's is there: no `/v1/sandbox/` route
//! answers, the OpenAPI document lists none, and a code sent is kept only as its salted hash
//! (no row in `sent_codes`, which only the sandbox's codes listing reads).
//!
//! `scripts/test` runs this file alone in that build; in the default build it is empty.
#![cfg(not(feature = "sandbox-api"))]

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn the_platform_works_and_has_no_sandbox_routes_and_keeps_no_codes() {
    let h = Harness::new();
    let (id, token) = h.session("prod-user", "contact").await;
    h.consent(&token, true).await.ok();
    let sent = h
        .post(
            "/v1/client/phone/initiate",
            Some(&token),
            Some(json!({ "phone": "+41791234567" })),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    assert!(
        h.state.lock().sent_codes(&id).unwrap().is_empty(),
        "a production build keeps no code in clear"
    );
    for (method, path) in [
        ("GET", format!("/v1/sandbox/sessions/{id}/codes")),
        ("GET", format!("/v1/sandbox/sessions/{id}/events")),
        ("GET", format!("/v1/sandbox/sessions/{id}/liveness")),
        ("POST", format!("/v1/sandbox/sessions/{id}/outcome")),
        ("POST", format!("/v1/sandbox/sessions/{id}/faults")),
    ] {
        let r = if method == "GET" {
            h.get(&path, Some(KEY)).await
        } else {
            h.post(&path, Some(KEY), Some(json!({"status": "failed"})))
                .await
        };
        assert_eq!(r.status, 404, "{method} {path}: {}", r.text);
    }
    let doc = h.get("/v1/openapi.json", None).await.ok();
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert!(
        paths.iter().all(|p| !p.starts_with("/v1/sandbox/")),
        "{paths:?}"
    );
    assert!(
        paths.iter().any(|p| p.as_str() == "/v1/sessions"),
        "{paths:?}"
    );
}
