//! Sandbox-only controls (API key): the codes "sent", the decision to make, fault injection,
//! and the event log. Compiled out without the `sandbox-api` feature.

use super::extract::JsonBody;
use super::server::session_id;
use crate::auth::ApiKey;
use crate::error::{AppError, AppResult};
use crate::hub::HubEvent;
use crate::media::WithCorners;
use crate::store::EventRow;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use idv_core::{
    CodesResponse, DocumentList, FaultRequest, FaultState, LivenessList, OutcomeRequest,
    OutcomeResponse, Preflight, SentCode, StoredDocument, StoredFrame, StoredLiveness, StoredMedia,
    WebsocketFault,
};

/// `upload_delay_ms` is at most a minute: longer would only hang a test.
const MAX_UPLOAD_DELAY_MS: u64 = 60_000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/sandbox/sessions", get(recent))
        .route("/v1/sandbox/sessions/{session_id}/codes", get(codes))
        .route("/v1/sandbox/sessions/{session_id}/outcome", post(outcome))
        .route("/v1/sandbox/sessions/{session_id}/faults", post(faults))
        .route("/v1/sandbox/sessions/{session_id}/events", get(events))
        .route("/v1/sandbox/sessions/{session_id}/media", get(media))
        .route(
            "/v1/sandbox/sessions/{session_id}/documents",
            get(documents),
        )
        .route("/v1/sandbox/sessions/{session_id}/liveness", get(liveness))
        .route(
            "/v1/sandbox/sessions/{session_id}/steps/nfc/skip",
            post(skip_nfc),
        )
}

/// The platform moves past the chip step, as one that skips it for web users would; the next
/// screen is pushed to the session's sockets like any change.
async fn skip_nfc(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Preflight>> {
    let now = state.now();
    let delay = state.config().decision_delay_ms;
    let ((), row) = state.modify(session_id(&id)?, |row| row.nfc_skipped(now, delay))?;
    state
        .lock()
        .add_event(&row.id, now, "step_skipped", Some("nfc"))?;
    Ok(Json(row.preflight()))
}

/// The newest sessions of every user (`?limit=`, 1 to 500, default 20), newest first: what a
/// developer wants to see after a few test runs, without knowing each user's `ref_id`.
async fn recent(
    _: ApiKey,
    State(state): State<AppState>,
    query: super::server::Params,
) -> AppResult<Json<idv_core::SessionList>> {
    let query = super::server::params(query)?;
    let limit = match query.get("limit") {
        None => 20,
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=500).contains(n))
            .ok_or_else(|| {
                AppError::validation(
                    "invalid_limit",
                    "limit must be a whole number from 1 to 500.",
                )
            })?,
    };
    let rows = state.lock().recent_sessions(limit)?;
    super::server::session_list(&state, rows)
}

/// The codes the session "sent" (SMS and e-mail alike), newest first.
async fn codes(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<CodesResponse>> {
    let id = session_id(&id)?;
    state.read(id)?;
    let codes = state
        .lock()
        .sent_codes(id)?
        .into_iter()
        .map(|c| SentCode {
            step: c.step,
            to: c.destination,
            code: c.code,
            sent_at: crate::clock::rfc3339(c.sent_at),
        })
        .collect();
    Ok(Json(CodesResponse { codes }))
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
    if req
        .fail_uploads
        .is_some_and(|f| !(400..=599).contains(&f.status))
    {
        return Err(AppError::validation(
            "invalid_fault",
            "fail_uploads.status must be an HTTP error status, 400 to 599.",
        ));
    }
    if req
        .fail_preflight
        .is_some_and(|f| !(400..=599).contains(&f.status))
    {
        return Err(AppError::validation(
            "invalid_fault",
            "fail_preflight.status must be an HTTP error status, 400 to 599.",
        ));
    }
    if req.push_frames.len() > 16
        || req
            .push_frames
            .iter()
            .any(|f| f.chars().count() > 64 * 1024)
    {
        return Err(AppError::validation(
            "invalid_fault",
            "push_frames takes at most 16 frames of at most 65,536 characters each.",
        ));
    }
    if req.upload_delay_ms.is_some_and(|d| d > MAX_UPLOAD_DELAY_MS) {
        return Err(AppError::validation(
            "invalid_fault",
            "upload_delay_ms must be at most 60000.",
        ));
    }
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
    for text in &req.push_frames {
        state.hub().publish(HubEvent::Raw {
            session_id: row.id.clone(),
            text: text.clone(),
        });
    }
    let uploads = state
        .upload_faults()
        .set(&row.id, req.fail_uploads, req.upload_delay_ms);
    let preflights = state
        .preflight_faults()
        .set(&row.id, req.fail_preflight, None);
    let now = state.now();
    let mut detail = format!("websocket={:?} drop={}", row.ws_fault, req.drop_websockets);
    if let Some(f) = uploads.fail {
        detail.push_str(&format!(" fail_uploads={}x{}", f.count, f.status));
    }
    if uploads.delay_ms > 0 {
        detail.push_str(&format!(" upload_delay_ms={}", uploads.delay_ms));
    }
    if let Some(f) = preflights.fail {
        detail.push_str(&format!(" fail_preflight={}x{}", f.count, f.status));
    }
    if !req.push_frames.is_empty() {
        // Their count only: the frames are the test's, not the log's.
        detail.push_str(&format!(" push_frames={}", req.push_frames.len()));
    }
    state
        .lock()
        .add_event(&row.id, now, "fault", Some(&detail))?;
    Ok(Json(FaultState {
        session_id: row.id,
        websocket: row.ws_fault,
        fail_uploads: uploads.fail,
        upload_delay_ms: Some(uploads.delay_ms).filter(|&d| d > 0),
        fail_preflight: preflights.fail,
    }))
}

#[derive(serde::Serialize)]
struct Media {
    media: Vec<WithCorners<StoredMedia>>,
}

/// The session's stored images, oldest first; `current` marks the newest of each side, and
/// `corners` is there when the upload carried them.
async fn media(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Media>> {
    let id = session_id(&id)?;
    state.read(id)?;
    let rows = state.lock().media_of(id)?;
    let media = rows
        .iter()
        .enumerate()
        .map(|(i, m)| WithCorners {
            inner: StoredMedia {
                media_id: m.id.clone(),
                side: m.side,
                format: m.format,
                sha256: m.sha256.clone(),
                width: m.width,
                height: m.height,
                bytes: m.bytes,
                path: m.path.clone(),
                created_at: crate::clock::rfc3339(m.created_at),
                current: !rows[i + 1..].iter().any(|later| later.side == m.side),
            },
            corners: m.corners,
        })
        .collect();
    Ok(Json(Media { media }))
}

/// The session's stored documents, oldest first; `current` marks the newest of each kind.
async fn documents(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<DocumentList>> {
    let id = session_id(&id)?;
    state.read(id)?;
    let rows = state.lock().documents_of(id)?;
    let documents = rows
        .iter()
        .enumerate()
        .map(|(i, d)| StoredDocument {
            document_id: d.id.clone(),
            kind: d.kind,
            format: d.format,
            sha256: d.sha256.clone(),
            bytes: d.bytes,
            pages: d.pages,
            path: d.path.clone(),
            created_at: crate::clock::rfc3339(d.created_at),
            current: !rows[i + 1..].iter().any(|later| later.kind == d.kind),
        })
        .collect();
    Ok(Json(DocumentList { documents }))
}

/// The session's liveness challenges, oldest first, each with its stored frames.
async fn liveness(
    _: ApiKey,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<LivenessList>> {
    let id = session_id(&id)?;
    state.read(id)?;
    let tx = state.lock();
    let mut liveness = Vec::new();
    for l in tx.liveness_of(id)? {
        let frames = tx
            .frames_of(&l.id)?
            .into_iter()
            .map(|f| StoredFrame {
                index: f.index,
                step: f.step,
                format: f.format,
                sha256: f.sha256,
                width: f.width,
                height: f.height,
                bytes: f.bytes,
                path: f.path,
            })
            .collect();
        liveness.push(StoredLiveness {
            liveness_id: l.id,
            challenge: l.challenge,
            status: l.status,
            created_at: crate::clock::rfc3339(l.created_at),
            expires_at: crate::clock::rfc3339(l.expires_at),
            completed_at: l.completed_at.map(crate::clock::rfc3339),
            frames,
        });
    }
    Ok(Json(LivenessList { liveness }))
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
