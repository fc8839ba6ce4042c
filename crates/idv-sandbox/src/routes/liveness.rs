//! The liveness calls: `start`, `{liveness_id}/complete` (multipart frames under an
//! `Idempotency-Key`) and `assisted`.
//!
//! The completion form is a sequence of parts, in order: a text part `step` (a challenge step's
//! code: `look_straight`, `turn_left`, `turn_right`) names the step of every `frame` part (a JPEG
//! or PNG, at most `MAX_FRAME_BYTES`) after it, until the next `step`. One `step` then its burst
//! of frames, or a `step` before each frame, are both fine. Frames are numbered from 0 in the
//! order they arrive.

use super::upload::{self, form_error, idempotency_key};
use crate::auth::ClientAuth;
use crate::error::{AppError, AppResult};
use crate::liveness::{self, Frame};
use crate::upload::Answer;
use crate::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use idv_core::liveness::{ChallengeStep, FRAMES_PER_STEP_MAX, MAX_FRAME_BYTES};
use idv_core::{LivenessStarted, Preflight};

const FIELDS: &str = "step and frame (a step before its frames)";
/// More frames than any challenge may have are refused while the form is read.
const MAX_FRAMES: usize = ChallengeStep::ALL.len() * FRAMES_PER_STEP_MAX;

pub async fn start(
    auth: ClientAuth,
    State(state): State<AppState>,
) -> AppResult<(StatusCode, Json<LivenessStarted>)> {
    let started = liveness::start(&state, &auth.session_id)?;
    Ok((StatusCode::CREATED, Json(started)))
}

pub async fn assisted(
    auth: ClientAuth,
    State(state): State<AppState>,
) -> AppResult<Json<Preflight>> {
    Ok(Json(liveness::assisted(&state, &auth.session_id)?))
}

pub async fn complete(
    auth: ClientAuth,
    State(state): State<AppState>,
    Path(liveness_id): Path<String>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = handle(&state, &auth, &liveness_id, &headers, form).await;
    upload::respond(&state, &auth, result).await
}

async fn handle(
    state: &AppState,
    auth: &ClientAuth,
    liveness_id: &str,
    headers: &HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> AppResult<Answer> {
    // Before the body is read: a flood of parallel uploads is refused cheaply.
    let _place = state.uploading().enter(&auth.session_id)?;
    let form = upload::multipart(form, FIELDS)?;
    let key = idempotency_key(headers)?;
    let frames = read_frames(form).await?;
    upload::injected_fault(state, auth)?;
    // The burst check runs the face detector on every frame (tens of milliseconds each): off
    // the async workers, so other requests are not held behind it.
    let (work, session, id) = (
        state.clone(),
        auth.session_id.clone(),
        liveness_id.to_owned(),
    );
    let staged = crate::upload::blocking(state, move || {
        liveness::prepare(&work, &session, &id, frames)
    })
    .await?;
    let (work, session, key) = (state.clone(), auth.session_id.clone(), key.to_owned());
    crate::upload::commit(move || liveness::complete(&work, &session, &key, staged)).await
}

fn frame_too_large() -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        format!(
            "A frame is larger than {} KiB; send smaller frames.",
            MAX_FRAME_BYTES / 1024
        ),
    )
}

async fn read_frames(mut form: Multipart) -> AppResult<Vec<Frame>> {
    let mut frames = Vec::new();
    let mut step: Option<ChallengeStep> = None;
    while let Some(mut field) = form.next_field().await.map_err(form_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "step" => {
                let text = field.text().await.map_err(form_error)?;
                step = Some(ChallengeStep::from_code(text.trim()).ok_or_else(|| {
                    AppError::validation(
                        "unknown_step",
                        format!(
                            "{text:?} is not a challenge step: send look_straight, turn_left or turn_right."
                        ),
                    )
                })?);
            }
            "frame" => {
                let step = step.ok_or_else(|| {
                    AppError::validation(
                        "missing_step",
                        "Send a step field before the frames it names.",
                    )
                })?;
                if frames.len() == MAX_FRAMES {
                    return Err(AppError::validation(
                        "too_many_frames",
                        format!("Send at most {MAX_FRAMES} frames."),
                    ));
                }
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(form_error)? {
                    if bytes.len() + chunk.len() > MAX_FRAME_BYTES {
                        return Err(frame_too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                frames.push(Frame { step, bytes });
            }
            "corners" => return Err(upload::corners_not_taken()),
            _ => {
                return Err(AppError::validation(
                    "invalid_body",
                    format!("Unexpected form field {name:?}: send {FIELDS} only."),
                ))
            }
        }
    }
    Ok(frames)
}
