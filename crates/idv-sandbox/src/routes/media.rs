//! `POST /v1/client/media`: one side of the ID document, as multipart/form-data with the
//! fields `side` (`front` / `back`) and `file`, under an `Idempotency-Key`.

use super::upload::{self, idempotency_key, read_form};
use crate::auth::ClientAuth;
use crate::error::{AppError, AppResult};
use crate::media::{self, Upload};
use crate::upload::Answer;
use crate::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::Response;
use idv_core::DocumentSide;

const FIELDS: &str = "side and file";

pub async fn upload(
    auth: ClientAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = handle(&state, &auth, &headers, form).await;
    upload::respond(&state, &auth, result).await
}

async fn handle(
    state: &AppState,
    auth: &ClientAuth,
    headers: &HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> AppResult<Answer> {
    let form = upload::multipart(form, FIELDS)?;
    let key = idempotency_key(headers)?;
    let form = read_form(form, &["side"], FIELDS).await?;
    let side = form
        .field("side")
        .and_then(DocumentSide::from_name)
        .ok_or_else(invalid_side)?;
    let file = form.file.ok_or_else(|| upload::missing_file("image"))?;
    upload::injected_fault(state, auth)?;
    media::accept(state, &auth.session_id, key, Upload { side, file })
}

fn invalid_side() -> AppError {
    AppError::validation("invalid_side", "The form field side must be front or back.")
}
