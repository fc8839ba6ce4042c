//! `POST /v1/client/media`: one side of the ID document, as multipart/form-data with the
//! fields `side` (`front` / `back`), `file` and optionally `corners` (where the card lies in the
//! photo, `crate::corners`), under an `Idempotency-Key`.

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
use idv_core::corners::PhotoCorners;
use idv_core::DocumentSide;

const FIELDS: &str = "side, file and (optionally) corners";

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
    // Before the body is read: a flood of parallel uploads is refused cheaply.
    let _place = state.uploading().enter(&auth.session_id)?;
    let form = upload::multipart(form, FIELDS)?;
    let key = idempotency_key(headers)?;
    let form = read_form(form, &["side", "corners"], FIELDS).await?;
    let side = form
        .field("side")
        .and_then(DocumentSide::from_name)
        .ok_or_else(invalid_side)?;
    let corners = corners(&form)?;
    let file = form.file.ok_or_else(|| upload::missing_file("image"))?;
    upload::injected_fault(state, auth)?;
    let (work, session) = (state.clone(), auth.session_id.clone());
    let upload = Upload {
        side,
        file,
        corners,
    };
    let staged =
        crate::upload::blocking(state, move || media::prepare(&work, &session, upload)).await?;
    let (work, session, key) = (state.clone(), auth.session_id.clone(), key.to_owned());
    crate::upload::commit(move || media::commit(&work, &session, &key, staged)).await
}

fn corners(form: &upload::Form) -> AppResult<Option<PhotoCorners>> {
    let mut sent = form.fields.iter().filter(|(n, _)| *n == "corners");
    let Some((_, text)) = sent.next() else {
        return Ok(None);
    };
    if sent.next().is_some() {
        return Err(upload::invalid_corners("Send the field corners once."));
    }
    PhotoCorners::parse(text)
        .map(Some)
        .map_err(|e| upload::invalid_corners(e.to_string()))
}

fn invalid_side() -> AppError {
    AppError::validation("invalid_side", "The form field side must be front or back.")
}
