//! Helpers shared by the sandbox's API and websocket tests: a state on a temporary directory with
//! a clock the test moves, one-shot requests, and the checks every answer must pass.

#![allow(dead_code)]

pub mod files;
pub mod form;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use idv_core::Step;
use idv_sandbox::clock::{rfc3339, ManualClock};
use idv_sandbox::{app, AppState, Config};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

#[allow(unused_imports)]
pub use files::*;
#[allow(unused_imports)]
pub use form::*;

pub const KEY: &str = "test-api-key";
/// 2026-11-23T06:00:00Z, a whole second so RFC 3339 times compare exactly.
pub const START_MS: i64 = 1_795_413_600_000;
pub const MINUTE_MS: i64 = 60 * 1000;
pub const ORIGIN: &str = "http://127.0.0.1:8080";

pub struct Harness {
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn new() -> Harness {
        Harness::with(|_| {})
    }

    /// A harness whose configuration `tweak` may change (a decision delay, say).
    pub fn with(tweak: impl FnOnce(&mut Config)) -> Harness {
        let dir = tempfile::tempdir().expect("temporary directory");
        let clock = Arc::new(ManualClock::new(START_MS));
        let state = open_state(dir.path(), clock.clone(), tweak);
        Harness { state, clock, dir }
    }

    pub fn now(&self) -> i64 {
        self.state.now()
    }

    pub fn advance_ms(&self, ms: i64) {
        self.clock.advance_ms(ms);
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        send(&self.state, req).await
    }

    pub async fn get(&self, path: &str, auth: Option<&str>) -> Resp {
        self.send(request(Method::GET, path, auth, None)).await
    }

    pub async fn post(&self, path: &str, auth: Option<&str>, body: Option<Value>) -> Resp {
        self.send(request(Method::POST, path, auth, body)).await
    }

    /// `POST /v1/sessions` with the API key; the answer must be `201`.
    pub async fn create(&self, body: Value) -> Value {
        let r = self.post("/v1/sessions", Some(KEY), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "create: {}", r.text);
        r.body
    }

    /// A new session of `workflow` for user `ref_id`: `(session_id, token)`.
    pub async fn session(&self, ref_id: &str, workflow: &str) -> (String, String) {
        let s = self
            .create(json!({"ref_id": ref_id, "workflow_id": workflow, "force_creation": true}))
            .await;
        (str_of(&s, "session_id"), str_of(&s, "token"))
    }

    /// `GET /v1/sessions/{id}` with the API key; must be `200`.
    pub async fn server_session(&self, id: &str) -> Value {
        let r = self.get(&format!("/v1/sessions/{id}"), Some(KEY)).await;
        r.ok()
    }

    pub async fn consent(&self, token: &str, accepted: bool) -> Resp {
        self.post(
            "/v1/client/consent",
            Some(token),
            Some(json!({ "accepted": accepted })),
        )
        .await
    }

    pub async fn preflight(&self, token: &str) -> Value {
        self.get("/v1/client/preflight", Some(token)).await.ok()
    }

    /// Puts the session on the first screen of `step`, as if the steps before it were passed:
    /// skipping the steps a test does not care about (the document step, say). The change is
    /// stored and pushed like any other.
    pub fn skip_to(&self, id: &str, step: Step) {
        let now = self.now();
        self.state
            .modify(id, |row| {
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

    /// A new session of `workflow` with consent given and then put on `step`.
    pub async fn on_step(&self, ref_id: &str, workflow: &str, step: Step) -> (String, String) {
        let (id, token) = self.session(ref_id, workflow).await;
        self.consent(&token, true).await.ok();
        self.skip_to(&id, step);
        (id, token)
    }

    /// The kinds and details of the session's events, oldest first.
    pub async fn events_of(&self, id: &str) -> Vec<(String, String)> {
        let r = self
            .get(&format!("/v1/sandbox/sessions/{id}/events"), Some(KEY))
            .await
            .ok();
        r["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap().to_owned(),
                    e["detail"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    pub async fn set_outcome(&self, id: &str, status: &str) -> Resp {
        self.post(
            &format!("/v1/sandbox/sessions/{id}/outcome"),
            Some(KEY),
            Some(json!({ "status": status })),
        )
        .await
    }
}

/// Opens a state on `dir` whose clock is `clock`.
pub fn open_state(
    dir: &Path,
    clock: Arc<ManualClock>,
    tweak: impl FnOnce(&mut Config),
) -> AppState {
    let mut config = Config::for_tests(dir.to_path_buf());
    config.clock = clock;
    tweak(&mut config);
    AppState::open(config).expect("open the sandbox state")
}

pub fn request(
    method: Method,
    path: &str,
    auth: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(token) = auth {
        b = b.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string())),
        None => b.body(Body::empty()),
    }
    .expect("a well-formed request")
}

/// Sends one request through a fresh router and checks what every answer must carry.
pub async fn send(state: &AppState, req: Request<Body>) -> Resp {
    let what = format!("{} {}", req.method(), req.uri().path());
    let res = app(state.clone())
        .oneshot(req)
        .await
        .expect("the router is infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res
        .into_body()
        .collect()
        .await
        .expect("read the body")
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert_security_headers(&headers, &what);
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    };
    let resp = Resp {
        status,
        headers,
        body,
        text,
        what,
    };
    // The API's errors are JSON; the app's pages (the fallback) are HTML.
    if resp
        .what
        .split(' ')
        .nth(1)
        .is_some_and(|p| p.starts_with("/v1"))
        && (status.is_client_error() || status.is_server_error())
    {
        resp.assert_error_shape();
    }
    resp
}

/// The policy of issue #8, word for word, with the configured `frame-ancestors`; `ws` is the
/// websocket origin of the sandbox's public origin.
pub fn expected_csp(ws: &str, frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self' {ws}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; report-uri /v1/csp-reports; \
         frame-ancestors {frame_ancestors}"
    )
}

/// What every response carries, whatever its kind; `Cache-Control: no-store` on the API
/// (`what` is "METHOD /path").
pub fn assert_security_headers(headers: &HeaderMap, what: &str) {
    let get = |name: &str| {
        headers
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let csp = get("content-security-policy");
    let (policy, ancestors) = csp
        .rsplit_once("; frame-ancestors ")
        .unwrap_or_else(|| panic!("{what}: CSP without frame-ancestors: {csp}"));
    assert!(
        !ancestors.is_empty() && !ancestors.contains(';'),
        "{what}: {csp}"
    );
    let ws = policy
        .split("connect-src 'self' ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("{what}: CSP without the websocket origin: {csp}"));
    assert!(
        ws.starts_with("ws://") || ws.starts_with("wss://"),
        "{what}: {csp}"
    );
    let img = policy
        .split("img-src 'self' blob: data:")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("{what}: CSP without img-src: {csp}"));
    let csp_without_extra_img = csp.replacen(img, "", 1);
    assert_eq!(
        csp_without_extra_img,
        expected_csp(ws, ancestors),
        "{what}: CSP"
    );
    assert_eq!(get("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    let permissions = get("permissions-policy");
    assert!(
        permissions.split(", ").any(|p| p == "camera=(self)"),
        "{what}: Permissions-Policy {permissions}"
    );
    assert_eq!(get("cross-origin-opener-policy"), "same-origin", "{what}");
    let is_api = what.split(' ').nth(1).is_some_and(|p| p.starts_with("/v1"));
    if is_api {
        assert_eq!(get("cache-control"), "no-store", "{what}: Cache-Control");
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
    pub what: String,
}

impl Resp {
    /// The body of a `200`.
    pub fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{}: {}", self.what, self.text);
        self.body
    }

    /// An error answer with this status and code, in the one error shape.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}: {}", self.what, self.text);
        self.assert_error_shape();
        assert_eq!(
            self.body["error"]["code"], code,
            "{}: {}",
            self.what, self.text
        );
    }

    /// `{"error": {"code": "<snake_case>", "message": "<text>"}}` and nothing else, as JSON.
    pub fn assert_error_shape(&self) {
        let ctype = self
            .headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            ctype.starts_with("application/json"),
            "{}: error answered as {ctype:?}: {}",
            self.what,
            self.text
        );
        let top = self.body.as_object().unwrap_or_else(|| {
            panic!(
                "{}: error body is not a JSON object: {}",
                self.what, self.text
            )
        });
        assert_eq!(top.len(), 1, "{}: {}", self.what, self.text);
        let error = top["error"].as_object().expect("error object");
        assert_eq!(error.len(), 2, "{}: {}", self.what, self.text);
        let code = error["code"].as_str().expect("code is a string");
        assert!(
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{}: code {code:?} is not snake_case",
            self.what
        );
        let message = error["message"].as_str().expect("message is a string");
        assert!(!message.trim().is_empty(), "{}: empty message", self.what);
    }
}

pub fn str_of(v: &Value, field: &str) -> String {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is not a string in {v}"))
        .to_owned()
}

/// RFC 3339 of `START_MS + offset_ms`.
pub fn at(offset_ms: i64) -> String {
    rfc3339(START_MS + offset_ms)
}

/// Percent-encoding of everything but RFC 3986's unreserved characters, written here again so
/// the test does not trust the sandbox's own function.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
