//! A minimal integrator of idv-capture: the backend of "Example Bank" and its page.
//!
//! The backend holds the platform's API key (the browser never sees it), creates a session
//! when the page asks, hands the page the session's `start_url`, and, when the page says the
//! flow is done, reads the outcome from the platform itself: the messages the page hears from
//! the flow tell it what to show, never whether the user is verified.
//!
//! The page (`static/`) is static HTML with one script and one stylesheet, served under a
//! strict Content-Security-Policy: it loads `embed-v1.js` from the app's origin, opens the flow
//! in the helper's modal frame, lists the events it receives and shows the outcome its backend
//! read. See `README.md` beside this crate.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const INDEX: &str = include_str!("../static/index.html");
const SCRIPT: &str = include_str!("../static/app.js");
const STYLE: &str = include_str!("../static/style.css");

/// The journeys the page may start; anything else is refused here, before the platform.
pub const WORKFLOWS: [&str; 4] = ["consent_only", "document_only", "kyc", "full"];

/// The one user of this demo, as the bank knows them: the session's `ref_id`. Asking again
/// for the same user and journey gives back their active session (the platform's reuse rule).
pub const USER: &str = "example-user";

struct Backend {
    /// The platform's origin, e.g. `http://127.0.0.1:8080`: its API and the app are both there.
    platform: String,
    api_key: String,
    http: reqwest::Client,
    /// The sessions this backend created: the only ones the page may ask about.
    sessions: Mutex<HashSet<String>>,
}

/// The example's routes: the page, its script and style, and the page's small API.
pub fn app(platform_origin: &str, api_key: &str) -> Router {
    let backend = Arc::new(Backend {
        platform: platform_origin.trim_end_matches('/').to_owned(),
        api_key: api_key.to_owned(),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client"),
        sessions: Mutex::new(HashSet::new()),
    });
    let csp = page_policy(&backend.platform);
    let camera = camera_policy(&backend.platform);
    Router::new()
        .route(
            "/",
            get(move || async move {
                page(
                    "text/html; charset=utf-8",
                    INDEX,
                    &[
                        (header::CONTENT_SECURITY_POLICY, csp.as_str()),
                        (
                            header::HeaderName::from_static("permissions-policy"),
                            &camera,
                        ),
                    ],
                )
            }),
        )
        .route(
            "/app.js",
            get(|| async { page("text/javascript; charset=utf-8", SCRIPT, &[]) }),
        )
        .route(
            "/style.css",
            get(|| async { page("text/css; charset=utf-8", STYLE, &[]) }),
        )
        .route("/api/config", get(config))
        .route("/api/verifications", post(create))
        .route("/api/verifications/{session_id}", get(outcome))
        .with_state(backend)
}

/// Serves the example on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    platform_origin: String,
    api_key: String,
) -> std::io::Result<()> {
    axum::serve(listener, app(&platform_origin, &api_key)).await
}

/// Scripts from this origin and the app's (the embed helper); frames from the app's only; the
/// page's own calls to its backend; no inline code anywhere.
fn page_policy(platform: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' {platform}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; frame-src {platform}; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    )
}

/// The camera for this page and the app's frame, nobody else. Without the app's origin here
/// (or without `allow="camera"` on the frame, which the helper sets) the app is refused the
/// camera and says so.
fn camera_policy(platform: &str) -> String {
    format!("camera=(self \"{platform}\"), microphone=(), geolocation=()")
}

fn page(
    content_type: &'static str,
    body: &'static str,
    extra: &[(header::HeaderName, &str)],
) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for (name, value) in extra {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name.clone(), value);
        }
    }
    response
}

fn fail(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = json!({ "error": { "code": code, "message": message.into() } });
    (status, Json(body)).into_response()
}

/// Where the page loads the embed helper from.
async fn config(State(backend): State<Arc<Backend>>) -> Json<Value> {
    Json(json!({ "app_origin": backend.platform }))
}

#[derive(Deserialize)]
struct Start {
    workflow: String,
}

/// `POST /api/verifications {"workflow"}`: a session for this page's user, created with the
/// API key; the page gets its id and `start_url`, nothing else.
async fn create(State(backend): State<Arc<Backend>>, Json(start): Json<Start>) -> Response {
    if !WORKFLOWS.contains(&start.workflow.as_str()) {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_workflow",
            format!("workflow must be one of {WORKFLOWS:?}"),
        );
    }
    // No `return_url`: in a frame the flow ends on its own final screen, and this page hears
    // `completed`. (Sent, it would take the frame to that page, and it must be an https
    // address, or http on localhost, on an origin the platform allows for this key.)
    let request = json!({ "ref_id": USER, "workflow_id": start.workflow });
    let session = match platform(
        &backend,
        reqwest::Method::POST,
        "/v1/sessions",
        Some(request),
    )
    .await
    {
        Ok(session) => session,
        Err(response) => return response,
    };
    let (Some(id), Some(start_url)) = (
        session["session_id"].as_str(),
        session["start_url"].as_str(),
    ) else {
        return fail(
            StatusCode::BAD_GATEWAY,
            "platform_answer",
            "the platform's session has no session_id or start_url",
        );
    };
    backend
        .sessions
        .lock()
        .expect("the session list")
        .insert(id.to_owned());
    Json(json!({ "session_id": id, "start_url": start_url })).into_response()
}

/// `GET /api/verifications/{id}`: the session's status as the platform has it, for a session
/// this backend created. `decided` is false while the user has not finished or the platform
/// has not decided.
async fn outcome(State(backend): State<Arc<Backend>>, Path(session_id): Path<String>) -> Response {
    let ours = backend
        .sessions
        .lock()
        .expect("the session list")
        .contains(&session_id);
    if !ours {
        return fail(
            StatusCode::NOT_FOUND,
            "unknown_session",
            "not a session of this page",
        );
    }
    let path = format!("/v1/sessions/{session_id}");
    let session = match platform(&backend, reqwest::Method::GET, &path, None).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let status = session["status"].as_str().unwrap_or("unknown").to_owned();
    let decided = !matches!(status.as_str(), "pending" | "in_progress");
    Json(json!({
        "session_id": session_id,
        "status": status,
        "decided": decided,
        "result": session["result"],
    }))
    .into_response()
}

/// One call to the platform's server-side API with the API key; its errors become this
/// backend's `502` with the platform's code.
async fn platform(
    backend: &Backend,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Result<Value, Response> {
    let mut request = backend
        .http
        .request(method, format!("{}{path}", backend.platform))
        .bearer_auth(&backend.api_key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let unreachable = |e: reqwest::Error| {
        fail(
            StatusCode::BAD_GATEWAY,
            "platform_unreachable",
            format!("the platform did not answer: {e}"),
        )
    };
    let response = request.send().await.map_err(unreachable)?;
    let status = response.status();
    let answer: Value = response.json().await.map_err(unreachable)?;
    if !status.is_success() {
        let code = answer["error"]["code"].as_str().unwrap_or("platform_error");
        return Err(fail(
            StatusCode::BAD_GATEWAY,
            code,
            format!("the platform answered {status}: {answer}"),
        ));
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_may_load_scripts_and_frames_from_the_app_only() {
        let csp = page_policy("http://127.0.0.1:8080");
        assert!(csp.contains("script-src 'self' http://127.0.0.1:8080;"));
        assert!(csp.contains("frame-src http://127.0.0.1:8080;"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains('*'));
        assert_eq!(
            camera_policy("http://127.0.0.1:8080"),
            "camera=(self \"http://127.0.0.1:8080\"), microphone=(), geolocation=()"
        );
    }

    #[test]
    fn the_page_has_no_inline_code() {
        // Every <script> names its file; no style attribute, no inline handler.
        assert_eq!(
            INDEX.matches("<script").count(),
            INDEX.matches("<script src=").count()
        );
        assert!(!INDEX.contains("style="));
        assert!(!INDEX
            .split_whitespace()
            .any(|w| w.starts_with("on") && w.contains('=')));
    }
}
