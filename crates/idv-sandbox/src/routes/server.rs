//! The integrator's backend: create, read, list and cancel sessions; ephemeral device tokens.

use super::extract::{parse_json, JsonBody};
use crate::auth::{bearer, resolve, ApiKey, Credential};
use crate::error::{AppError, AppResult};
use crate::sessions;
use crate::store::TokenKind;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use idv_core::validate::is_session_id;
use idv_core::{
    CreateSessionRequest, DeviceSessionRequest, EphemeralDeviceRequest, EphemeralDeviceResponse,
    Session, SessionList,
};
use std::collections::HashMap;

pub(super) type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

pub(super) fn params(q: Params) -> AppResult<HashMap<String, String>> {
    q.map(|Query(q)| q).map_err(|_| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "The query string could not be read.",
        )
    })
}

/// Either the API key (body: `CreateSessionRequest`) or an unused device token (body:
/// `{"metadata": {"externalUserId"}}`, workflow from `?workflowId=`).
pub async fn create(
    State(state): State<AppState>,
    query: Params,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<(StatusCode, Json<Session>)> {
    let query = params(query)?;
    let query_workflow = query.get("workflowId").cloned();
    let presented = bearer(&headers).ok_or_else(|| {
        AppError::unauthorized("Send the API key (or a device token) as Authorization: Bearer.")
    })?;
    match resolve(&state, presented)? {
        Credential::ApiKey => {
            let mut req: CreateSessionRequest = parse_json(&headers, &body)?;
            match (&req.workflow_id, query_workflow) {
                (Some(a), Some(b)) if *a != b => {
                    return Err(AppError::validation(
                        "conflicting_workflow",
                        "workflow_id in the body and workflowId in the query differ.",
                    ))
                }
                (None, q) => req.workflow_id = q,
                _ => {}
            }
            let (status, session) = sessions::create(&state, req)?;
            Ok((status, Json(session)))
        }
        Credential::Token(row) if row.kind == TokenKind::Device => {
            let req: DeviceSessionRequest = parse_json(&headers, &body)?;
            let session = sessions::create_for_device(&state, presented, row, query_workflow, req)?;
            Ok((StatusCode::CREATED, Json(session)))
        }
        Credential::Token(_) => Err(AppError::forbidden(
            "A session token cannot create sessions; use the API key or a device token.",
        )),
        Credential::Unknown => Err(AppError::unauthorized(
            "The API key or device token is not valid.",
        )),
    }
}

pub async fn list(
    _: ApiKey,
    State(state): State<AppState>,
    query: Params,
) -> AppResult<Json<SessionList>> {
    let query = params(query)?;
    let ref_id = query
        .get("ref_id")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| AppError::validation("missing_ref_id", "Add ?ref_id=<the user's id>."))?;
    let rows = state.lock().sessions_of(ref_id)?;
    session_list(&state, rows)
}

/// The session objects of `rows`, each read afresh (`read` settles what time has changed: an
/// expiry, a decision due).
pub(super) fn session_list(
    state: &AppState,
    rows: Vec<crate::flow::SessionRow>,
) -> AppResult<Json<SessionList>> {
    let sessions = rows
        .iter()
        .map(|s| {
            state
                .read(&s.id)
                .map(|row| sessions::session_object(state, &row, None))
        })
        .collect::<AppResult<_>>()?;
    Ok(Json(SessionList { sessions }))
}

pub(super) fn session_id(id: &str) -> AppResult<&str> {
    if is_session_id(id) {
        Ok(id)
    } else {
        Err(AppError::session_not_found())
    }
}

pub async fn get(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Session>> {
    let row = state.read(session_id(&id)?)?;
    Ok(Json(sessions::session_object(&state, &row, None)))
}

pub async fn cancel(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Session>> {
    let now = state.now();
    let ((), row) = state.modify(session_id(&id)?, |row| row.cancel(now))?;
    Ok(Json(sessions::session_object(&state, &row, None)))
}

pub async fn ephemeral(
    _: ApiKey,
    State(state): State<AppState>,
    JsonBody(req): JsonBody<EphemeralDeviceRequest>,
) -> AppResult<(StatusCode, Json<EphemeralDeviceResponse>)> {
    let authorization = sessions::create_device_token(&state, req.ttl)?;
    Ok((
        StatusCode::CREATED,
        Json(EphemeralDeviceResponse { authorization }),
    ))
}
