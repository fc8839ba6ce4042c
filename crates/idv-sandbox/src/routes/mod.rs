//! The router: the API of `shared/API.md`, the sandbox controls, and the built app.

mod client;
mod codes;
pub mod cors;
pub mod csp;
mod documents;
mod extract;
mod handoff;
mod liveness;
mod media;
pub mod openapi;
#[cfg(feature = "sandbox-api")]
mod sandbox;
mod server;
mod upload;
mod web;
pub mod ws;

use crate::error::AppError;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;

/// JSON bodies of this API are small; uploads get their own limit on their own routes
/// (`upload::UPLOAD_BODY_LIMIT`).
const JSON_BODY_LIMIT: usize = 64 * 1024;

pub fn app(state: AppState) -> Router {
    // Every route here is listed in `openapi::ROUTES` and described in `openapi.json`
    // (tests/openapi.rs checks all three agree).
    let api = Router::new()
        .route("/v1/openapi.json", get(openapi::serve))
        .route("/v1/sessions", post(server::create).get(server::list))
        .route("/v1/sessions/{session_id}", get(server::get))
        .route("/v1/sessions/{session_id}/cancel", post(server::cancel))
        .route("/v1/devices/ephemeral", post(server::ephemeral))
        .route("/v1/client/session", get(client::session))
        .route("/v1/client/consent", post(client::consent))
        .route("/v1/client/preflight", get(client::preflight))
        .route("/v1/client/cancel", post(client::cancel))
        .route("/v1/client/ws", get(ws::upgrade))
        .route("/v1/client/handoff", post(handoff::issue))
        .route("/v1/client/handoff/exchange", post(handoff::exchange))
        .route(
            "/v1/client/media",
            post(media::upload).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT)),
        )
        .route("/v1/client/liveness/start", post(liveness::start))
        .route("/v1/client/liveness/assisted", post(liveness::assisted))
        .route(
            "/v1/client/liveness/{liveness_id}/complete",
            post(liveness::complete).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/v1/client/address",
            post(documents::address).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/v1/client/funds",
            post(documents::funds).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT)),
        )
        .route("/v1/client/phone/initiate", post(codes::phone_initiate))
        .route("/v1/client/phone/complete", post(codes::phone_complete))
        .route("/v1/client/email/initiate", post(codes::email_initiate))
        .route("/v1/client/email/complete", post(codes::email_complete))
        .route(
            "/v1/csp-reports",
            post(csp::receive).layer(DefaultBodyLimit::max(csp::REPORT_BODY_LIMIT)),
        )
        .route("/v1", any(api_not_found))
        .route("/v1/", any(api_not_found))
        .route("/v1/{*rest}", any(api_not_found));
    #[cfg(feature = "sandbox-api")]
    let api = api.merge(sandbox::routes());
    api.method_not_allowed_fallback(method_not_allowed)
        .fallback_service(web::service(state.config().dist_dir.as_deref()))
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(middleware::from_fn(json_errors))
        // Inside `headers`: a preflight's answer carries the security headers too.
        .layer(middleware::from_fn_with_state(state.clone(), cors::cors))
        .layer(middleware::from_fn_with_state(state.clone(), headers))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

async fn api_not_found() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is no such API call; see docs/api.md.",
    )
}

async fn method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This API call does not take that HTTP method.",
    )
}

/// axum's own rejections (a body over the limit before `JsonBody` sees it, a path that is not
/// UTF-8, a plain GET on the websocket route) answer in plain text; on the API every error is
/// JSON in the one shape, so they are rewritten here.
async fn json_errors(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/v1");
    let is_upload = upload::UPLOAD_PATHS.contains(&req.uri().path());
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE if is_upload => "file_too_large",
        StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UPGRADE_REQUIRED => "upgrade_required",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let message = match text.is_empty() {
        true => status.canonical_reason().unwrap_or("Error").to_owned(),
        false => text,
    };
    let out = AppError::new(status, code, message).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(out.headers().clone());
    Response::from_parts(parts, out.into_body())
}

/// The security headers every response carries, app and API alike.
async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/v1");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = content_security_policy(state.config());
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    // The start URL carries the token: no page of ours may leak it in a Referer.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        // API answers hold tokens and personal data; the app's files are revalidated.
        let value = if is_api { "no-store" } else { "no-cache" };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

/// The policy of every response (docs/security.md explains each source). `'wasm-unsafe-eval'`
/// lets the page compile WebAssembly and nothing else; the websocket origin is named besides
/// `'self'`, which older Safari does not extend to `ws:`/`wss:`, and so is the platform API's
/// origin when the app calls one elsewhere (`IDV_API_ORIGIN`). Violations are reported to
/// `/v1/csp-reports` (`routes::csp`).
pub fn content_security_policy(config: &crate::Config) -> String {
    let extra_img = match config.img_sources.is_empty() {
        true => String::new(),
        false => format!(" {}", config.img_sources),
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' blob: data:{extra_img}; media-src 'self' blob:; connect-src 'self' {}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; report-uri /v1/csp-reports; \
         frame-ancestors {}",
        config.connect_sources(),
        config.frame_ancestors
    )
}

/// Logs method, path and status. Never the query string (the start URL's token is in it) and
/// never a header.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    tracing::info!(
        %method,
        path,
        status = res.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    res
}
