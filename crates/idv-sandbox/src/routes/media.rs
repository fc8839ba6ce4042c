//! `POST /v1/client/media`: one side of the ID document, as multipart/form-data with the
//! fields `side` (`front` / `back`) and `file`, under an `Idempotency-Key`.

use crate::auth::ClientAuth;
use crate::error::{AppError, AppResult};
use crate::media::{self, Answer, Upload};
use crate::AppState;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idv_core::media::MAX_UPLOAD_BYTES;
use idv_core::DocumentSide;
use std::time::Duration;

/// The whole request body may exceed the file's limit by this much (the form's boundaries,
/// headers and the `side` field).
pub const FORM_OVERHEAD: usize = 64 * 1024;
pub const MEDIA_BODY_LIMIT: usize = MAX_UPLOAD_BYTES + FORM_OVERHEAD;
pub const MAX_IDEMPOTENCY_KEY: usize = 128;

pub async fn upload(
    auth: ClientAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = handle(&state, &auth, &headers, form).await;
    // Fault injection: every answer of the session is held back (the upload itself is already
    // processed, so a client that gives up and retries meets the idempotent replay).
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

async fn handle(
    state: &AppState,
    auth: &ClientAuth,
    headers: &HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> AppResult<Answer> {
    let form = form.map_err(|_| {
        AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the image as multipart/form-data with the fields side and file.",
        )
    })?;
    let key = idempotency_key(headers)?;
    let upload = read_form(form).await?;
    if let Some((status, left)) = state.upload_faults().take_failure(&auth.session_id) {
        let detail = format!("upload failed with {status} ({left} more to fail)");
        state
            .lock()
            .add_event(&auth.session_id, state.now(), "fault", Some(&detail))?;
        return Err(AppError::new(
            StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            "injected_fault",
            format!("The sandbox failed this upload on purpose (fault injection); {left} more will fail. Nothing was stored."),
        ));
    }
    media::accept(state, &auth.session_id, key, upload)
}

/// `Idempotency-Key`: 1 to 128 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> AppResult<&str> {
    let value = headers.get("idempotency-key").ok_or_else(|| {
        AppError::validation(
            "idempotency_key_required",
            "Send an Idempotency-Key header (one per photo; the same on every retry of it).",
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

fn file_too_large() -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        format!(
            "The file is larger than {} MB; send a smaller photo.",
            MAX_UPLOAD_BYTES / (1024 * 1024)
        ),
    )
}

fn form_error(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return file_too_large();
    }
    AppError::new(
        StatusCode::BAD_REQUEST,
        "invalid_multipart",
        format!("The multipart body could not be read: {}.", e.body_text()),
    )
}

async fn read_form(mut form: Multipart) -> AppResult<Upload> {
    let mut side = None;
    let mut file: Option<Vec<u8>> = None;
    while let Some(mut field) = form.next_field().await.map_err(form_error)? {
        match field.name() {
            Some("side") => {
                let text = field.text().await.map_err(form_error)?;
                side = Some(DocumentSide::from_name(&text).ok_or_else(invalid_side)?);
            }
            Some("file") => {
                if file.is_some() {
                    return Err(AppError::validation(
                        "invalid_body",
                        "Send one file per upload.",
                    ));
                }
                // The file's name and Content-Type are ignored: only its bytes are judged.
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(form_error)? {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(file_too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some(bytes);
            }
            other => {
                return Err(AppError::validation(
                    "invalid_body",
                    format!(
                        "Unexpected form field {:?}: send side and file only.",
                        other.unwrap_or_default()
                    ),
                ))
            }
        }
    }
    let side = side.ok_or_else(invalid_side)?;
    let file = file.ok_or_else(|| {
        AppError::validation("missing_file", "Add the image as the form field file.")
    })?;
    Ok(Upload { side, file })
}

fn invalid_side() -> AppError {
    AppError::validation("invalid_side", "The form field side must be front or back.")
}
