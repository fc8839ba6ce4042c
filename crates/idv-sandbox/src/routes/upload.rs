//! The HTTP side every upload shares (`/v1/client/media`, `/v1/client/address`,
//! `/v1/client/funds`): the multipart form, the `Idempotency-Key`, the size limit, the injected
//! faults, and the answer (with `Idempotent-Replayed: true` on a replay).

use crate::auth::ClientAuth;
use crate::error::{AppError, AppResult};
use crate::upload::Answer;
use crate::AppState;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::Multipart;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idv_core::media::MAX_UPLOAD_BYTES;
use std::time::Duration;

/// The whole request body may exceed the file's limit by this much (the form's boundaries,
/// headers and the other fields).
pub const FORM_OVERHEAD: usize = 64 * 1024;
pub const UPLOAD_BODY_LIMIT: usize = MAX_UPLOAD_BYTES + FORM_OVERHEAD;
pub const MAX_IDEMPOTENCY_KEY: usize = 128;

/// The paths that take uploads (their `413` is `file_too_large`, not `body_too_large`).
pub const UPLOAD_PATHS: [&str; 3] = ["/v1/client/media", "/v1/client/address", "/v1/client/funds"];

/// Turns a handled upload into its response, after the session's injected delay (the upload
/// itself is already processed, so a client that gives up and retries meets the replay).
pub async fn respond(state: &AppState, auth: &ClientAuth, result: AppResult<Answer>) -> Response {
    let delay = state.upload_faults().get(&auth.session_id).delay_ms;
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    match result {
        Ok(answer) => {
            let status = StatusCode::from_u16(answer.status()).unwrap_or(StatusCode::CREATED);
            let replayed = matches!(answer, Answer::Replayed { .. });
            let mut res = (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                answer.json().to_owned(),
            )
                .into_response();
            if replayed {
                res.headers_mut()
                    .insert("idempotent-replayed", HeaderValue::from_static("true"));
            }
            res
        }
        Err(e) => e.into_response(),
    }
}

/// The form, or `415` when the body is not `multipart/form-data`; `fields` names what to send.
pub fn multipart(
    form: Result<Multipart, MultipartRejection>,
    fields: &str,
) -> AppResult<Multipart> {
    form.map_err(|_| {
        AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("Send the file as multipart/form-data with the fields {fields}."),
        )
    })
}

/// `Idempotency-Key`: 1 to 128 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> AppResult<&str> {
    let value = headers.get("idempotency-key").ok_or_else(|| {
        AppError::validation(
            "idempotency_key_required",
            "Send an Idempotency-Key header (one per file; the same on every retry of it).",
        )
    })?;
    let bytes = value.as_bytes();
    if bytes.is_empty()
        || bytes.len() > MAX_IDEMPOTENCY_KEY
        || !bytes.iter().all(|b| (0x21..=0x7E).contains(b))
    {
        return Err(AppError::validation(
            "invalid_idempotency_key",
            "The Idempotency-Key must be 1 to 128 visible ASCII characters (no spaces).",
        ));
    }
    Ok(value.to_str().expect("visible ASCII"))
}

/// Fault injection: fails this upload, before anything is stored, if the session has failures
/// left to inject (and logs a `fault` event).
pub fn injected_fault(state: &AppState, auth: &ClientAuth) -> AppResult<()> {
    let Some((status, left)) = state.upload_faults().take_failure(&auth.session_id) else {
        return Ok(());
    };
    let detail = format!("upload failed with {status} ({left} more to fail)");
    state
        .lock()
        .add_event(&auth.session_id, state.now(), "fault", Some(&detail))?;
    Err(AppError::new(
        StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
        "injected_fault",
        format!("The sandbox failed this upload on purpose (fault injection); {left} more will fail. Nothing was stored."),
    ))
}

pub fn file_too_large() -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        format!(
            "The file is larger than {} MB; send a smaller one.",
            MAX_UPLOAD_BYTES / (1024 * 1024)
        ),
    )
}

pub fn form_error(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return file_too_large();
    }
    AppError::new(
        StatusCode::BAD_REQUEST,
        "invalid_multipart",
        format!("The multipart body could not be read: {}.", e.body_text()),
    )
}

/// What a form carried: its text fields (among those allowed) and its one `file`.
pub struct Form {
    pub fields: Vec<(&'static str, String)>,
    pub file: Option<Vec<u8>>,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the form: the text fields named in `text_fields` and one `file` (at most 10 MiB,
/// `413 file_too_large` as soon as it passes). Any other field, or a second file, is
/// `invalid_body`; `fields` names what to send in that message. The file's name and
/// `Content-Type` are ignored: only its bytes are judged.
pub async fn read_form(
    mut form: Multipart,
    text_fields: &[&'static str],
    fields: &str,
) -> AppResult<Form> {
    let mut out = Form {
        fields: Vec::new(),
        file: None,
    };
    while let Some(mut field) = form.next_field().await.map_err(form_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if out.file.is_some() {
                return Err(AppError::validation(
                    "invalid_body",
                    "Send one file per upload.",
                ));
            }
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(form_error)? {
                if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                    return Err(file_too_large());
                }
                bytes.extend_from_slice(&chunk);
            }
            out.file = Some(bytes);
        } else if let Some(&known) = text_fields.iter().find(|f| **f == name) {
            let text = field.text().await.map_err(form_error)?;
            out.fields.push((known, text));
        } else if name == "corners" {
            return Err(corners_not_taken());
        } else {
            return Err(AppError::validation(
                "invalid_body",
                format!("Unexpected form field {name:?}: send {fields} only."),
            ));
        }
    }
    Ok(out)
}

pub fn invalid_corners(message: impl Into<String>) -> AppError {
    AppError::validation("invalid_corners", message)
}

/// `corners` sent where no ID card is photographed (a proof of address or funds, a liveness
/// frame): refused by name rather than as just another unknown field, since a client sending
/// it has a card detector running on the wrong capture.
pub fn corners_not_taken() -> AppError {
    invalid_corners("corners describe an ID document photo: only POST /v1/client/media takes them.")
}

pub fn missing_file(what: &str) -> AppError {
    AppError::validation(
        "missing_file",
        format!("Add the {what} as the form field file."),
    )
}
