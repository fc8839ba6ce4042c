//! Sandbox-only controls (API key): the codes "sent", the decision to make, fault injection,
//! and the event log. Compiled out without the `sandbox-api` feature.

use super::extract::JsonBody;
use super::server::session_id;
use crate::auth::ApiKey;
use crate::error::AppResult;
use crate::hub::HubEvent;
use crate::store::EventRow;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use idv_core::{
    CodesResponse, FaultRequest, FaultState, OutcomeRequest, OutcomeResponse, WebsocketFault,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/sandbox/sessions/{session_id}/codes", get(codes))
        .route("/v1/sandbox/sessions/{session_id}/outcome", post(outcome))
        .route("/v1/sandbox/sessions/{session_id}/faults", post(faults))
        .route("/v1/sandbox/sessions/{session_id}/events", get(events))
}

/// No step that sends codes exists yet, so the list is honestly empty.
async fn codes(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<CodesResponse>> {
    state.read(session_id(&id)?)?;
    Ok(Json(CodesResponse { codes: Vec::new() }))
}

async fn outcome(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<OutcomeRequest>,
) -> AppResult<Json<OutcomeResponse>> {
    let now = state.now();
    let ((), row) = state.modify(session_id(&id)?, |row| row.set_outcome(req.status, now))?;
    Ok(Json(OutcomeResponse {
        session_id: row.id,
        outcome: row.outcome,
    }))
}

async fn faults(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<FaultRequest>,
) -> AppResult<Json<FaultState>> {
    let ((), row) = state.modify(session_id(&id)?, |row| {
        if let Some(ws) = req.websocket {
            row.ws_fault = ws;
        }
        if let Some(url) = &req.client_return_url {
            row.client_return_url = Some(url.clone()).filter(|u| !u.is_empty());
        }
        Ok(())
    })?;
    if req.drop_websockets || row.ws_fault == WebsocketFault::Refuse {
        state.hub().publish(HubEvent::Drop {
            session_id: row.id.clone(),
        });
    }
    let now = state.now();
    let detail = format!("websocket={:?} drop={}", row.ws_fault, req.drop_websockets);
    state
        .lock()
        .add_event(&row.id, now, "fault", Some(&detail))?;
    Ok(Json(FaultState {
        session_id: row.id,
        websocket: row.ws_fault,
    }))
}

#[derive(serde::Serialize)]
struct Events {
    events: Vec<EventRow>,
}

async fn events(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Events>> {
    let id = session_id(&id)?;
    state.read(id)?;
    let events = state.lock().events(id)?;
    Ok(Json(Events { events }))
}
