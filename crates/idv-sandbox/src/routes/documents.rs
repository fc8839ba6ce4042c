//! `POST /v1/client/address` and `POST /v1/client/funds`: a proof of address or of funds, as
//! multipart/form-data with the one field `file`, under an `Idempotency-Key`.

use super::upload::{self, idempotency_key, read_form};
use crate::auth::ClientAuth;
use crate::documents;
use crate::error::AppResult;
use crate::upload::Answer;
use crate::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::Response;
use idv_core::DocumentKind;

pub async fn address(
    auth: ClientAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = handle(&state, &auth, &headers, form, DocumentKind::Address).await;
    upload::respond(&state, &auth, result).await
}

pub async fn funds(
    auth: ClientAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = handle(&state, &auth, &headers, form, DocumentKind::Funds).await;
    upload::respond(&state, &auth, result).await
}

async fn handle(
    state: &AppState,
    auth: &ClientAuth,
    headers: &HeaderMap,
    form: Result<Multipart, MultipartRejection>,
    kind: DocumentKind,
) -> AppResult<Answer> {
    // Before the body is read: a flood of parallel uploads is refused cheaply.
    let _place = state.uploading().enter(&auth.session_id)?;
    let form = upload::multipart(form, "file")?;
    let key = idempotency_key(headers)?;
    let form = read_form(form, &[], "file").await?;
    let file = form.file.ok_or_else(|| upload::missing_file("document"))?;
    upload::injected_fault(state, auth)?;
    let (work, session) = (state.clone(), auth.session_id.clone());
    let staged = crate::upload::blocking(state, move || {
        documents::prepare(&work, &session, kind, file)
    })
    .await?;
    let (work, session, key) = (state.clone(), auth.session_id.clone(), key.to_owned());
    crate::upload::commit(move || documents::commit(&work, &session, &key, staged)).await
}
