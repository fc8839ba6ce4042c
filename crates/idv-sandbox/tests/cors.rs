//! CORS for an app served from another origin than the platform (`routes/cors.rs`): the client
//! API answers the origins the app may be served from (`IDV_PUBLIC_ORIGIN`,
//! `IDV_ALLOWED_ORIGINS`) with exactly the headers the app needs; any other origin, and the
//! server API always, get none. The websocket's `Origin` check takes the same list. Every
//! answer here also passes `assert_security_headers` (`common::send`), preflights included.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use common::*;
use futures_util::SinkExt;
use idv_sandbox::routes::cors::{ALLOW_HEADERS, MAX_AGE_SECONDS};
use idv_sandbox::routes::openapi::route_table;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

/// Where the app is served from besides the sandbox's own origin (`IDV_ALLOWED_ORIGINS`).
const APP: &str = "https://verify.bank.example";

/// Origins that must get nothing: another site, an opaque origin, look-alikes of the allowed
/// ones, another port of the public origin, another scheme.
const OTHERS: [&str; 6] = [
    "https://evil.example",
    "null",
    "https://verify.bank.example.evil.example",
    "http://127.0.0.1:8080.evil.example",
    "http://127.0.0.1:8081",
    "http://verify.bank.example",
];

fn harness() -> Harness {
    Harness::with(|c| c.allowed_origins = vec![APP.to_owned()])
}

/// A concrete path for a route's template.
fn concrete(template: &str) -> String {
    template
        .replace("{session_id}", "123456789")
        .replace("{liveness_id}", "liv_0")
}

fn is_cors_route(template: &str) -> bool {
    template.starts_with("/v1/client/") && template != "/v1/client/ws"
}

/// The browser's preflight for `method path` from `origin`, asking for the headers the app
/// sends.
fn preflight(path: &str, origin: &str, method: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(path)
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type,idempotency-key",
        )
        .body(Body::empty())
        .unwrap()
}

/// `request(..)` from a page of `origin`.
fn from_origin(mut req: Request<Body>, origin: &str) -> Request<Body> {
    req.headers_mut()
        .insert(header::ORIGIN, origin.parse().unwrap());
    req
}

/// Every `Access-Control-*` header of an answer, by name.
fn cors_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("access-control-"))
        .map(|(name, v)| (name.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect()
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn assert_varies_on_origin(r: &Resp) {
    let vary: Vec<&str> = r
        .headers
        .get_all(header::VARY)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(vary, ["origin"], "{}: Vary", r.what);
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_gets_exactly_the_cors_headers() {
    let h = harness();
    // Every route of the client API, from the configured app origin and from the public origin.
    for (method, template) in route_table() {
        if !is_cors_route(template) {
            continue;
        }
        for origin in [APP, ORIGIN] {
            let r = h.send(preflight(&concrete(template), origin, method)).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}: {}", r.what, r.text);
            assert!(r.text.is_empty(), "{}: a body: {}", r.what, r.text);
            assert_eq!(
                cors_headers(&r.headers),
                expect(&[
                    ("access-control-allow-origin", origin),
                    ("access-control-allow-methods", method),
                    ("access-control-allow-headers", ALLOW_HEADERS),
                    ("access-control-max-age", MAX_AGE_SECONDS),
                ]),
                "{method} {template} from {origin}"
            );
            assert_varies_on_origin(&r);
        }
    }
    // The headers allowed are the app's, nothing broader; no credentials, never `*`.
    assert_eq!(
        ALLOW_HEADERS,
        "authorization, content-type, idempotency-key, accept"
    );
}

#[tokio::test]
async fn actual_requests_from_an_allowed_origin_carry_the_exact_origin() {
    let h = harness();
    let (_, token) = h.session("cors-actual", "consent_only").await;
    let answers = [
        h.send(from_origin(
            request(Method::GET, "/v1/client/session", Some(&token), None),
            APP,
        ))
        .await,
        h.send(from_origin(
            request(
                Method::POST,
                "/v1/client/consent",
                Some(&token),
                Some(json!({"accepted": true})),
            ),
            APP,
        ))
        .await,
        h.send(from_origin(
            request(Method::GET, "/v1/client/preflight", Some(&token), None),
            APP,
        ))
        .await,
    ];
    for r in &answers {
        assert_eq!(r.status, StatusCode::OK, "{}: {}", r.what, r.text);
    }
    // Errors too, so that the app reads them (an expired link, not "cannot reach").
    let refused = h
        .send(from_origin(
            request(Method::GET, "/v1/client/session", Some("not-a-token"), None),
            APP,
        ))
        .await;
    refused.assert_error(401, "invalid_token");
    for r in answers.iter().chain([&refused]) {
        assert_eq!(
            cors_headers(&r.headers),
            expect(&[("access-control-allow-origin", APP)]),
            "{}",
            r.what
        );
        assert_varies_on_origin(r);
    }
}

#[tokio::test]
async fn another_origin_gets_no_cors_headers() {
    let h = harness();
    let (_, token) = h.session("cors-other", "consent_only").await;
    for origin in OTHERS {
        let r = h
            .send(preflight("/v1/client/consent", origin, "POST"))
            .await;
        r.assert_error(403, "origin_not_allowed");
        assert_eq!(
            cors_headers(&r.headers),
            expect(&[]),
            "preflight from {origin}"
        );
        assert_varies_on_origin(&r);

        // Not refused by the platform (a browser never sends it, for want of a preflight; a
        // client that is no browser may), but the browser would withhold the answer.
        let r = h
            .send(from_origin(
                request(Method::GET, "/v1/client/session", Some(&token), None),
                origin,
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(cors_headers(&r.headers), expect(&[]), "GET from {origin}");
        assert_varies_on_origin(&r);
    }
    // An `OPTIONS` that is no preflight (no Origin, no requested method) is what it always was.
    let r = h
        .send(request(Method::OPTIONS, "/v1/client/session", None, None))
        .await;
    r.assert_error(405, "method_not_allowed");
    assert_eq!(cors_headers(&r.headers), expect(&[]));
}

#[tokio::test]
async fn the_server_api_never_answers_across_origins() {
    let h = harness();
    let (id, _) = h.session("cors-server", "consent_only").await;
    // Every other route of the table (the server API with its key, the sandbox controls, the
    // reference, the websocket), even from an allowed origin.
    for (method, template) in route_table() {
        if is_cors_route(template) {
            continue;
        }
        let r = h.send(preflight(&concrete(template), APP, method)).await;
        r.assert_error(405, "method_not_allowed");
        assert_eq!(
            cors_headers(&r.headers),
            expect(&[]),
            "preflight {method} {template}"
        );
        assert!(r.headers.get(header::VARY).is_none(), "{}", r.what);
    }
    for path in [
        "/v1/sessions?ref_id=cors-server".to_owned(),
        format!("/v1/sessions/{id}"),
        format!("/v1/sandbox/sessions/{id}/events"),
    ] {
        let r = h
            .send(from_origin(
                request(Method::GET, &path, Some(KEY), None),
                APP,
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", r.what, r.text);
        assert_eq!(cors_headers(&r.headers), expect(&[]), "GET {path}");
    }
    let r = h
        .send(from_origin(
            request(
                Method::POST,
                "/v1/sessions",
                Some(KEY),
                Some(json!({"ref_id": "cors-server-2", "workflow_id": "consent_only"})),
            ),
            APP,
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(cors_headers(&r.headers), expect(&[]));
    // Unknown API paths and the app's own pages neither.
    for path in ["/v1/client/nope", "/v1/nope", "/mobile"] {
        let r = h.send(preflight(path, APP, "GET")).await;
        assert_eq!(cors_headers(&r.headers), expect(&[]), "preflight {path}");
    }
}

#[tokio::test]
async fn the_api_origin_is_in_connect_src_in_both_forms() {
    let h = Harness::with(|c| c.api_origin = Some("https://api.bank.example".into()));
    let r = h.get("/v1/openapi.json", None).await;
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains(
            "; connect-src 'self' ws://127.0.0.1:8080 https://api.bank.example \
             wss://api.bank.example;"
        ),
        "{csp}"
    );
}

// ---- the websocket, over a real socket ----

/// Opens `/v1/client/ws` from a page of `origin` and authenticates: `Ok` with the first
/// message's type, or the refused handshake's status.
async fn socket_from(addr: std::net::SocketAddr, origin: &str, token: &str) -> Result<String, u16> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Error;
    let mut req = format!("ws://{addr}/v1/client/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("origin", origin.parse().expect("a header value"));
    let wait = Duration::from_secs(5);
    match tokio::time::timeout(wait, tokio_tungstenite::connect_async(req)).await {
        Ok(Ok((mut ws, _))) => {
            let auth = json!({"type": "auth", "token": token}).to_string();
            ws.send(Message::text(auth)).await.expect("send auth");
            let first = tokio::time::timeout(wait, ws.next())
                .await
                .expect("a message within the wait")
                .expect("a message")
                .expect("a frame");
            let v: serde_json::Value = serde_json::from_str(first.to_text().unwrap()).unwrap();
            Ok(v["type"].as_str().unwrap_or_default().to_owned())
        }
        Ok(Err(Error::Http(res))) => {
            assert_security_headers(res.headers(), "GET /v1/client/ws");
            assert_eq!(cors_headers(res.headers()), expect(&[]));
            Err(res.status().as_u16())
        }
        other => panic!("neither a socket nor a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn the_websocket_takes_the_same_origins() {
    let h = harness();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));
    let (_, token) = h.session("cors-ws", "consent_only").await;
    for origin in [APP, ORIGIN] {
        assert_eq!(
            socket_from(addr, origin, &token).await,
            Ok("preflight".to_owned()),
            "{origin}"
        );
    }
    for origin in OTHERS {
        assert_eq!(
            socket_from(addr, origin, &token).await,
            Err(403),
            "{origin}"
        );
    }
}

// ---- start-up ----

/// Runs the sandbox binary with `env` and returns its exit code and standard error; it must
/// refuse to start, so it is killed (and the test fails) if it is still running after a while.
fn start_binary(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_idv-sandbox"));
    cmd.env("IDV_DATA_DIR", dir.path())
        .env("IDV_ADDR", "127.0.0.1:0")
        .env("IDV_API_KEY", "test-api-key-0123456789")
        .env_remove("IDV_ALLOWED_ORIGINS")
        .env_remove("IDV_API_ORIGIN")
        .env_remove("IDV_PUBLIC_ORIGIN")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start the sandbox binary");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the sandbox started with {env:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code(), err)
}

#[test]
fn a_malformed_origin_stops_the_start_with_a_clear_error() {
    let (code, err) = start_binary(&[(
        "IDV_ALLOWED_ORIGINS",
        "https://verify.bank.example, verify.bank.example",
    )]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("IDV_ALLOWED_ORIGINS=") && err.contains("must be origins such as"),
        "{err}"
    );
    let (code, err) = start_binary(&[("IDV_API_ORIGIN", "https://api.bank.example/v1")]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("IDV_API_ORIGIN=\"https://api.bank.example/v1\" must be an origin"),
        "{err}"
    );
}
