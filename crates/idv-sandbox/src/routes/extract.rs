//! Extractors whose failures are API errors in the JSON shape, not axum's plain-text ones.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let headers = req.headers().clone();
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("The request body could not be read: {e}"),
            )
        })?;
        parse_json(&headers, &bytes).map(JsonBody)
    }
}

pub fn parse_json<T: DeserializeOwned>(headers: &HeaderMap, bytes: &[u8]) -> Result<T, AppError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let mime = v.split(';').next().unwrap_or_default().trim();
            mime.eq_ignore_ascii_case("application/json")
        })
        .unwrap_or(false);
    if !is_json {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with Content-Type: application/json.",
        ));
    }
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The body is not valid JSON: {e}."),
        )
    })?;
    // serde reads a struct from an array too (`["u"]` as `{"ref_id": "u"}`): only objects here.
    if !value.is_object() {
        return Err(AppError::validation(
            "invalid_body",
            "The JSON body must be an object.",
        ));
    }
    whole_numbers_as_integers(&mut value);
    serde_json::from_value(value).map_err(|e| {
        AppError::validation("invalid_body", format!("The JSON body does not fit: {e}."))
    })
}

/// JSON has one number type, and JSON Schema's `integer` is any number with no fraction, so
/// `431.0` is a valid `status` to a client generated from the document (and to JavaScript, which
/// may print a computed whole number that way). serde's integers refuse it; rewriting such
/// numbers as integers lets every integer field take it, while `431.5` is still refused.
fn whole_numbers_as_integers(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            let Some(f) = n.as_f64() else { return };
            // Within ±2^53 an f64 holds every whole number exactly; beyond it, leave it as sent.
            if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                *v = if f < 0.0 {
                    serde_json::Value::from(f as i64)
                } else {
                    serde_json::Value::from(f as u64)
                };
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        serde_json::Value::Object(fields) => {
            fields.values_mut().for_each(whole_numbers_as_integers)
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_numbers_become_integers_and_fractions_stay() {
        let mut v = json!({"status": 431.0, "n": [-2.0, 0.5, 1e300], "deep": {"x": 7}});
        whole_numbers_as_integers(&mut v);
        assert_eq!(v["status"], json!(431));
        assert!(v["status"].is_u64());
        assert!(v["n"][0].is_i64());
        assert_eq!(v["n"][1], json!(0.5));
        assert!(v["n"][2].is_f64(), "too large to be exact: left as sent");
        assert_eq!(v["deep"]["x"], json!(7));
    }
}
