//! Desktop to phone handoff calls.

use crate::auth::{bearer, ClientAuth};
use crate::error::{AppError, AppResult};
use crate::{handoff, AppState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use idv_core::{HandoffExchanged, HandoffIssued};

pub async fn issue(
    auth: ClientAuth,
    State(state): State<AppState>,
) -> AppResult<(StatusCode, Json<HandoffIssued>)> {
    Ok((StatusCode::CREATED, Json(handoff::issue(&state, &auth)?)))
}

pub async fn exchange(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<(StatusCode, Json<HandoffExchanged>)> {
    let presented = bearer(&headers).ok_or_else(|| {
        AppError::unauthorized("Send the handoff token as Authorization: Bearer <token>.")
    })?;
    Ok((
        StatusCode::CREATED,
        Json(handoff::exchange(&state, presented)?),
    ))
}
