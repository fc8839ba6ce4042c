//! `POST /v1/csp-reports` (`routes/csp.rs`): what browsers report the policy blocked is kept
//! and logged without the token a start link carries; anyone may post, so the body is small,
//! typed, and checked.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request};
use common::*;

fn report(content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/v1/csp-reports")
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .expect("a request")
}

#[tokio::test]
async fn the_policy_names_the_report_route() {
    let h = Harness::new();
    let r = h.get("/", None).await;
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("; report-uri /v1/csp-reports;"), "{csp}");
}

#[tokio::test]
async fn a_browsers_report_is_kept_without_the_token() {
    let h = Harness::new();
    let body = format!(
        r#"{{"csp-report": {{"document-uri": "{ORIGIN}/?authorization=tok_SECRET#x",
            "referrer": "", "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "original-policy": "default-src 'self'; report-uri /v1/csp-reports",
            "disposition": "enforce",
            "blocked-uri": "https://cdn.example/x.js?authorization=tok_SECRET",
            "status-code": 200, "script-sample": ""}}}}"#
    );
    let r = h.send(report("application/csp-report", body)).await;
    assert_eq!(r.status.as_u16(), 204, "{}", r.text);
    assert!(r.text.is_empty());
    let kept = h.state.csp_reports().recent();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        kept[0].to_string(),
        format!("script-src-elem blocked https://cdn.example/x.js on {ORIGIN}/")
    );
    assert!(!format!("{kept:?}").contains("SECRET"));
    assert_eq!(h.state.csp_reports().take().len(), 1);
    assert!(h.state.csp_reports().recent().is_empty());
}

#[tokio::test]
async fn what_is_no_report_is_refused_clearly() {
    let h = Harness::new();
    let good = r#"{"csp-report": {"effective-directive": "img-src"}}"#;
    for (kind, body, status, code) in [
        ("text/plain", good.to_owned(), 415, "unsupported_media_type"),
        (
            "application/x-www-form-urlencoded",
            good.to_owned(),
            415,
            "unsupported_media_type",
        ),
        (
            "application/csp-report",
            "{".to_owned(),
            400,
            "invalid_report",
        ),
        (
            "application/csp-report",
            "{}".to_owned(),
            400,
            "invalid_report",
        ),
        // A Reporting API batch sent as the older type.
        (
            "application/csp-report",
            r#"[{"type": "csp-violation", "body": {"effectiveDirective": "img-src"}}]"#.to_owned(),
            400,
            "invalid_report",
        ),
        (
            "application/csp-report",
            format!(
                r#"{{"csp-report": {{"effective-directive": "img-src", "x": "{}"}}}}"#,
                "a".repeat(20_000)
            ),
            413,
            "body_too_large",
        ),
    ] {
        let r = h.send(report(kind, body)).await;
        r.assert_error(status, code);
    }
    let r = h
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/v1/csp-reports")
                .body(Body::from(good))
                .unwrap(),
        )
        .await;
    r.assert_error(415, "unsupported_media_type");
    assert!(h.state.csp_reports().recent().is_empty());
    let r = h.get("/v1/csp-reports", None).await;
    r.assert_error(405, "method_not_allowed");
}

#[tokio::test]
async fn a_flood_keeps_the_newest_hundred() {
    let h = Harness::new();
    for n in 0..130 {
        let body = format!(
            r#"[{{"type": "csp-violation", "body": {{"effectiveDirective": "img-src",
                "blockedURL": "https://x.example/{n}.png", "documentURL": "{ORIGIN}/"}}}}]"#
        );
        let r = h.send(report("application/reports+json", body)).await;
        assert_eq!(r.status.as_u16(), 204, "{}", r.text);
    }
    let kept = h.state.csp_reports().recent();
    assert_eq!(kept.len(), idv_sandbox::routes::csp::KEPT);
    assert_eq!(kept[0].blocked, "https://x.example/30.png");
    assert_eq!(kept[99].blocked, "https://x.example/129.png");
}
