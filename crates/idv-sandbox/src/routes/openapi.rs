//! The API reference the sandbox serves (`GET /v1/openapi.json`, OpenAPI 3.1) and the table of
//! the routes it must describe.
//!
//! axum cannot list a router's routes, so `ROUTES` (and `SANDBOX_ROUTES`) say which (method, path)
//! pairs `app` routes. `tests/openapi.rs` holds the three together: the document describes
//! exactly the table, every entry of the table is routed (and its path takes no other method),
//! and every `.route(..)` written in this folder is in the table.

use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::Value;
use std::sync::OnceLock;

/// The (method, path) pairs of the API, paths as the router and the document write them.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/openapi.json"),
    ("POST", "/v1/sessions"),
    ("GET", "/v1/sessions"),
    ("GET", "/v1/sessions/{session_id}"),
    ("POST", "/v1/sessions/{session_id}/cancel"),
    ("POST", "/v1/devices/ephemeral"),
    ("GET", "/v1/client/session"),
    ("POST", "/v1/client/consent"),
    ("GET", "/v1/client/preflight"),
    ("POST", "/v1/client/cancel"),
    ("GET", "/v1/client/ws"),
    ("POST", "/v1/client/handoff"),
    ("POST", "/v1/client/handoff/exchange"),
    ("POST", "/v1/client/media"),
    ("POST", "/v1/client/liveness/start"),
    ("POST", "/v1/client/liveness/assisted"),
    ("POST", "/v1/client/liveness/{liveness_id}/complete"),
    ("POST", "/v1/client/address"),
    ("POST", "/v1/client/funds"),
    ("POST", "/v1/client/phone/initiate"),
    ("POST", "/v1/client/phone/complete"),
    ("POST", "/v1/client/email/initiate"),
    ("POST", "/v1/client/email/complete"),
    ("POST", "/v1/csp-reports"),
];

/// The sandbox-only controls (`routes/sandbox.rs`), present with the `sandbox-api` feature.
#[cfg(feature = "sandbox-api")]
pub const SANDBOX_ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/sandbox/sessions"),
    ("GET", "/v1/sandbox/sessions/{session_id}/codes"),
    ("POST", "/v1/sandbox/sessions/{session_id}/outcome"),
    ("POST", "/v1/sandbox/sessions/{session_id}/faults"),
    ("GET", "/v1/sandbox/sessions/{session_id}/events"),
    ("GET", "/v1/sandbox/sessions/{session_id}/media"),
    ("GET", "/v1/sandbox/sessions/{session_id}/documents"),
    ("GET", "/v1/sandbox/sessions/{session_id}/liveness"),
    ("POST", "/v1/sandbox/sessions/{session_id}/steps/nfc/skip"),
];

/// Every route of this build: `ROUTES`, plus `SANDBOX_ROUTES` with the `sandbox-api` feature.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    #[cfg(feature = "sandbox-api")]
    return [ROUTES, SANDBOX_ROUTES].concat();
    #[cfg(not(feature = "sandbox-api"))]
    ROUTES.to_vec()
}

/// Written by hand next to this file; it describes the sandbox-only paths too, which a build
/// without them leaves out of what it serves.
const DOCUMENT: &str = include_str!("../openapi.json");

/// The reference of this build: the document without the sandbox-only paths when they are
/// compiled out, its server the configured public origin.
pub fn document(public_origin: &str) -> Value {
    static PARSED: OnceLock<Value> = OnceLock::new();
    let mut doc = PARSED
        .get_or_init(|| serde_json::from_str(DOCUMENT).expect("openapi.json is JSON (tested)"))
        .clone();
    if !cfg!(feature = "sandbox-api") {
        if let Some(paths) = doc["paths"].as_object_mut() {
            paths.retain(|path, _| !path.starts_with("/v1/sandbox/"));
        }
        if let Some(tags) = doc["tags"].as_array_mut() {
            tags.retain(|t| t["name"] != "Sandbox");
        }
    }
    doc["servers"] = serde_json::json!([{ "url": public_origin }]);
    doc
}

/// `GET /v1/openapi.json`: public, like any API reference; it holds no secret.
pub async fn serve(State(state): State<AppState>) -> Json<Value> {
    Json(document(&state.config().public_origin))
}
