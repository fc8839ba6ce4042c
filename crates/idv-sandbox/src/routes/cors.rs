//! CORS for the client API, so the app may be served from another origin than the platform's
//! (`<meta name="idv-api-origin">`, docs/self-hosting.md).
//!
//! Only the client API (`/v1/client/...`) answers across origins, and only to the origins the
//! app may be served from (`Config::allows_origin`: `IDV_PUBLIC_ORIGIN` and
//! `IDV_ALLOWED_ORIGINS`). The server API, which takes the API key, never does: a browser must
//! not be able to read it from any page. The websocket is not here either: browsers do not apply
//! CORS to it, and its own `Origin` check (`ws::upgrade`) uses the same allow-list.
//!
//! Written by hand rather than with tower-http's `CorsLayer`: that layer answers every `OPTIONS`
//! on the paths it wraps, and sends the allowed methods, headers and max-age to any origin (only
//! `Access-Control-Allow-Origin` is withheld), while here an origin not on the list gets no
//! `Access-Control-*` header at all, and each path allows exactly the methods the route table
//! gives it. It is also a few lines of plain code instead of a new feature of a dependency.

use super::openapi::ROUTES;
use crate::error::AppError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The request headers the app sends that a browser asks about: `Authorization` (the bearer
/// token), `Content-Type` (`application/json`; multipart bodies need no permission),
/// `Idempotency-Key` (uploads) and `Accept` (safelisted for the app's value, listed in case a
/// browser asks anyway). Nothing broader: no cookies, no custom headers.
pub const ALLOW_HEADERS: &str = "authorization, content-type, idempotency-key, accept";

/// How long a browser may reuse a preflight's answer, in seconds: two hours, the most Chromium
/// honours. Only the methods and headers are cached this way; every answer is still checked for
/// `Access-Control-Allow-Origin`, so taking an origin off the list takes effect at once.
pub const MAX_AGE_SECONDS: &str = "7200";

/// The methods a page of an allowed origin may use on `path`, as the route table gives them
/// (`"GET"`, `"POST"`), when `path` is a route of the client API; `None` for any other path (the
/// server API, the sandbox controls, the websocket, the app's files, an unknown path).
pub fn methods_for(path: &str) -> Option<String> {
    let methods: Vec<&str> = ROUTES
        .iter()
        .filter(|(_, template)| is_cors_route(template) && matches(template, path))
        .map(|(method, _)| *method)
        .collect();
    (!methods.is_empty()).then(|| methods.join(", "))
}

/// A client API route other than the websocket.
fn is_cors_route(template: &str) -> bool {
    template.starts_with("/v1/client/") && template != "/v1/client/ws"
}

/// `path` is an instance of `template` (`{name}` stands for one non-empty segment).
fn matches(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(ts), Some(ps)) if ts.starts_with('{') && !ps.is_empty() => {}
            (Some(ts), Some(ps)) if ts == ps => {}
            _ => return false,
        }
    }
}

/// Answers the preflights of the client API and marks its answers for the allowed origins.
///
/// An actual request from an origin not on the list is not refused here: the browser withholds
/// the answer from the page (no `Access-Control-Allow-Origin`), and the non-safelisted
/// `Authorization` header means it never sends one without a preflight, which is refused.
pub async fn cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(methods) = methods_for(req.uri().path()) else {
        return next.run(req).await;
    };
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .filter(|o| o.to_str().is_ok_and(|o| state.config().allows_origin(o)))
        .cloned();
    let is_preflight = req.method() == Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = match (is_preflight, &origin) {
        (true, Some(_)) => preflight(&methods),
        (true, None) => {
            tracing::warn!("CORS preflight refused: Origin not on the allow-list");
            AppError::new(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                "This page's origin may not call the platform's client API.",
            )
            .into_response()
        }
        (false, _) => next.run(req).await,
    };
    let h = res.headers_mut();
    // The answer depends on the Origin, allowed or not: a cache must not give one origin's
    // answer to another.
    h.append(header::VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = origin {
        // The exact origin, never `*`; no `Access-Control-Allow-Credentials`: the app
        // authenticates with a bearer token, never a cookie.
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    res
}

fn preflight(methods: &str) -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    if let Ok(m) = HeaderValue::from_str(methods) {
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, m);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOW_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE_SECONDS),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_client_routes_take_cors_with_their_own_methods() {
        assert_eq!(methods_for("/v1/client/session").as_deref(), Some("GET"));
        assert_eq!(methods_for("/v1/client/consent").as_deref(), Some("POST"));
        assert_eq!(
            methods_for("/v1/client/liveness/liv_0/complete").as_deref(),
            Some("POST")
        );
        for other in [
            "/v1/client/ws",
            "/v1/client/liveness//complete",
            "/v1/client/session/",
            "/v1/client/nope",
            "/v1/sessions",
            "/v1/sessions/123456789",
            "/v1/devices/ephemeral",
            "/v1/openapi.json",
            "/v1/sandbox/sessions",
            "/mobile",
            "/",
        ] {
            assert_eq!(methods_for(other), None, "{other}");
        }
    }

    #[test]
    fn every_client_route_but_the_socket_takes_cors() {
        for (_, template) in ROUTES {
            let path = template
                .replace("{session_id}", "123456789")
                .replace("{liveness_id}", "liv_0");
            let expected = template.starts_with("/v1/client/") && *template != "/v1/client/ws";
            assert_eq!(methods_for(&path).is_some(), expected, "{template}");
        }
    }
}
