//! The browser's calls, each on the session its token belongs to.

use super::extract::JsonBody;
use crate::auth::ClientAuth;
use crate::error::{AppError, AppResult};
use crate::sessions::client_session;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use idv_core::{ClientSession, ConsentRequest, Preflight};

pub async fn session(
    auth: ClientAuth,
    State(state): State<AppState>,
) -> AppResult<Json<ClientSession>> {
    let now = state.now();
    let ((), row) = state.modify(&auth.session_id, |row| {
        row.mark_started(now);
        Ok(())
    })?;
    Ok(Json(client_session(&row, auth.token_expires_at)))
}

pub async fn consent(
    auth: ClientAuth,
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ConsentRequest>,
) -> AppResult<Json<Preflight>> {
    let now = state.now();
    let delay = state.config().decision_delay_ms;
    let ((), row) = state.modify(&auth.session_id, |row| {
        row.consent(req.accepted, now, delay)
    })?;
    Ok(Json(row.preflight()))
}

pub async fn preflight(
    auth: ClientAuth,
    State(state): State<AppState>,
) -> AppResult<Json<Preflight>> {
    if let Some((status, _)) = state.preflight_faults().take_failure(&auth.session_id) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Err(AppError::new(
            status,
            "injected_fault",
            "This preflight failed on purpose (sandbox fault injection).",
        ));
    }
    let now = state.now();
    let ((), row) = state.modify(&auth.session_id, |row| {
        row.mark_started(now);
        Ok(())
    })?;
    Ok(Json(row.preflight()))
}

pub async fn cancel(
    auth: ClientAuth,
    State(state): State<AppState>,
) -> AppResult<Json<ClientSession>> {
    let now = state.now();
    let ((), row) = state.modify(&auth.session_id, |row| row.cancel(now))?;
    Ok(Json(client_session(&row, auth.token_expires_at)))
}
