//! Selfie liveness: a challenge started with a random seed, completed with a burst of frames that
//! `idv_core::liveness::check_frames` and `idv_core::media::inspect_image` judge, stored under
//! `<data dir>/liveness/<session id>/<liveness id>/<index>.<ext>` with a row each, and remembered
//! under the upload's `Idempotency-Key`. Or, for a user who cannot do a selfie, assisted
//! verification: the step ends and the session goes to `review`.

use crate::error::{AppError, AppResult};
use crate::media::media_error;
use crate::store::{FrameRow, LivenessRow};
use crate::upload::{self, sha256_hex, Answer};
use crate::{token, AppState};
use axum::http::StatusCode;
use idv_core::liveness::burst::{self, BurstFrame};
use idv_core::liveness::{
    challenge_from, check_frames, ChallengeStep, LivenessError, FRAMES_PER_STEP, FRAME_LIMITS,
    LIVENESS_TTL_S,
};
use idv_core::media::{inspect_image, strip_metadata, ImageFormat, ImageInfo, MediaError};
use idv_core::{LivenessCompleted, LivenessStarted, Preflight, Step};
use std::path::{Path, PathBuf};

/// One frame as uploaded: the step it declares and its bytes.
pub struct Frame {
    pub step: ChallengeStep,
    pub bytes: Vec<u8>,
}

fn random_seed() -> u64 {
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    u64::from_le_bytes(buf)
}

/// `POST /v1/client/liveness/start`: a new challenge for the session (on the liveness step),
/// replacing any open one.
pub fn start(state: &AppState, session_id: &str) -> AppResult<LivenessStarted> {
    let now = state.now();
    let challenge = challenge_from(random_seed());
    let (started, _) = state.modify_tx(session_id, |tx, row| {
        row.check_step(Step::Liveness)?;
        row.mark_started(now);
        let l = LivenessRow {
            id: format!("liv_{}", token::random_hex(12)),
            session_id: row.id.clone(),
            challenge: challenge.clone(),
            status: "open".into(),
            created_at: now,
            expires_at: now + i64::from(LIVENESS_TTL_S) * 1000,
            completed_at: None,
        };
        tx.insert_liveness(&l)?;
        let codes: Vec<&str> = challenge.iter().map(|s| s.code()).collect();
        let detail = format!("started {} {}", l.id, codes.join(","));
        tx.add_event(&row.id, now, "liveness", Some(&detail))?;
        Ok(LivenessStarted {
            liveness_id: l.id,
            challenge: challenge.clone(),
            frames_per_step: FRAMES_PER_STEP as u32,
            expires_in: LIVENESS_TTL_S,
        })
    })?;
    Ok(started)
}

pub fn liveness_not_found() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        "liveness_not_found",
        "This session has no open liveness with this id; start a new one.",
    )
}

pub fn liveness_expired() -> AppError {
    AppError::new(
        StatusCode::GONE,
        "liveness_expired",
        "This liveness challenge has expired; start a new one.",
    )
}

pub fn liveness_error(e: &LivenessError) -> AppError {
    AppError::validation(e.code(), e.to_string())
}

struct Prepared {
    info: ImageInfo,
    stored: Vec<u8>,
    sha256: String,
}

/// What the face detector finds in every frame, for the burst check. Only once every frame is
/// a readable image within the limits (a refused burst costs no detection); a few tens of
/// milliseconds a frame, so callers run this off the async workers.
fn look_at(frames: &[Frame], prepared: &[Result<Prepared, MediaError>]) -> Option<Vec<BurstFrame>> {
    let mut looker = crate::faces::Looker::new();
    frames
        .iter()
        .zip(prepared)
        .map(|(f, p)| {
            let p = p.as_ref().ok()?;
            let (seen, thumb) = looker.look(&p.stored, p.info.format);
            Some(BurstFrame {
                step: f.step,
                seen,
                thumb,
            })
        })
        .collect()
}

/// A burst made ready before the lock: its fingerprint, the judged frames, what the face
/// detector found in them, and the frames written into a folder of this attempt's own.
pub struct Staged {
    liveness_id: String,
    frames: Vec<Frame>,
    fingerprint: String,
    prepared: Vec<Result<Prepared, MediaError>>,
    looked: Option<Vec<BurstFrame>>,
    staged: Option<PathBuf>,
}

/// The slow part of a `complete`, without the lock (on the file work's threads,
/// `upload::FileWork`): the fingerprint, each frame judged and stripped, the face detector run
/// on every frame, and the frames written durably into a new folder of the session's with a
/// temporary name, which [`complete`] renames into place under the lock. A burst with a
/// refused frame is never written.
pub fn prepare(
    state: &AppState,
    session_id: &str,
    liveness_id: &str,
    frames: Vec<Frame>,
) -> AppResult<Staged> {
    let mut parts: Vec<Vec<u8>> = vec![liveness_id.as_bytes().to_vec()];
    for f in &frames {
        parts.push(f.step.code().as_bytes().to_vec());
        parts.push(sha256_hex(&f.bytes).into_bytes());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let fingerprint = upload::fingerprint("liveness", &refs);
    let prepared: Vec<_> = frames
        .iter()
        .map(|f| {
            inspect_image(&f.bytes, &FRAME_LIMITS).map(|info| {
                let stored = strip_metadata(&f.bytes);
                let sha256 = sha256_hex(&stored);
                Prepared {
                    info,
                    stored,
                    sha256,
                }
            })
        })
        .collect();
    let looked = look_at(&frames, &prepared);
    let session_dir = state.config().data_dir.join("liveness").join(session_id);
    let staged = if prepared.iter().all(Result::is_ok) {
        let stored = prepared
            .iter()
            .flatten()
            .map(|p| (p.info.format, &p.stored[..]));
        Some(stage_frames(&session_dir, stored)?)
    } else {
        None
    };
    Ok(Staged {
        liveness_id: liveness_id.to_owned(),
        frames,
        fingerprint,
        prepared,
        looked,
        staged,
    })
}

/// `POST /v1/client/liveness/{liveness_id}/complete`: stores the [`prepare`]d frames, or
/// answers again what was answered to `key`.
///
/// Under the session's lock, in this order: a kept answer for `key`; the session on the
/// liveness step (`409 step_out_of_order` / `session_finished`); the liveness the session's own
/// and open (`404 liveness_not_found`, also for a replaced one) and not expired
/// (`410 liveness_expired`); the frames following the challenge (`422` with the core's codes);
/// each frame a readable image within the frame limits (`422`/`413` with the media codes). Then
/// the burst check (`idv_core::liveness::burst`, on what the face detector found in each frame,
/// found before the lock), the frames' folder renamed into place, rows, event and kept answer,
/// and the flow moves on, all or nothing. A burst that fails the check is stored and answered
/// `201` like any other: the verdict is the platform's, in the session's result, never a reason
/// to retake.
pub fn complete(
    state: &AppState,
    session_id: &str,
    key: &str,
    staged: Staged,
) -> AppResult<Answer> {
    let Staged {
        liveness_id,
        frames,
        fingerprint,
        prepared,
        looked,
        staged,
    } = staged;
    let liveness_id = liveness_id.as_str();
    let declared: Vec<(ChallengeStep, usize)> = frames
        .iter()
        .enumerate()
        .map(|(i, f)| (f.step, i))
        .collect();
    let now = state.now();
    let delay = state.config().decision_delay_ms;
    let session_dir = state.config().data_dir.join("liveness").join(session_id);
    let result = state.modify_tx(session_id, |tx, row| {
        if let Some(answer) = upload::replay(tx, &row.id, key, &fingerprint)? {
            return Ok(answer);
        }
        row.check_step(Step::Liveness)?;
        let l = tx
            .liveness(&row.id, liveness_id)?
            .filter(|l| l.status == "open")
            .ok_or_else(liveness_not_found)?;
        if l.expires_at <= now {
            return Err(liveness_expired());
        }
        check_frames(&l.challenge, &declared).map_err(|e| liveness_error(&e))?;
        let mut ok = Vec::with_capacity(prepared.len());
        for (i, p) in prepared.into_iter().enumerate() {
            let p = p.map_err(|e| {
                let mut err = media_error(&e);
                err.message = format!("Frame {i}: {}", err.message);
                err
            })?;
            ok.push(p);
        }
        let staged = staged
            .as_deref()
            .ok_or_else(|| AppError::internal("the frames were not written"))?;
        let dir = session_dir.join(&l.id);
        for (i, (p, f)) in ok.iter().zip(&frames).enumerate() {
            let path = dir.join(frame_name(i, p.info.format));
            tx.insert_frame(&FrameRow {
                liveness_id: l.id.clone(),
                index: i as u32,
                step: f.step,
                sha256: p.sha256.clone(),
                format: p.info.format,
                width: p.info.width,
                height: p.info.height,
                bytes: p.stored.len() as u64,
                path: path.to_string_lossy().into_owned(),
            })?;
        }
        let report = burst::judge(&l.challenge, looked.as_deref().unwrap_or_default());
        tx.liveness_completed(&l.id, now)?;
        row.liveness_completed(now, delay, report.failure.map(|f| f.code()))?;
        let detail = format!(
            "completed {} with {} frames: {}",
            l.id,
            ok.len(),
            report.summary()
        );
        tx.add_event(&row.id, now, "liveness", Some(&detail))?;
        let body = LivenessCompleted {
            liveness_id: l.id.clone(),
            frames: ok.len() as u32,
            preflight: row.preflight(),
        };
        let json = serde_json::to_string(&body).expect("plain data serialises");
        let answer = upload::keep(tx, &row.id, key, fingerprint, json, now)?;
        // Last, so that nothing after it can fail the transaction: a folder under the final
        // name is left only by an attempt whose commit failed, and its rows were never written.
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::rename(staged, &dir)
            .and_then(|()| crate::private::sync_dir(&session_dir))
            .map_err(|e| AppError::internal(format!("storing {}: {e}", dir.display())))?;
        Ok(answer)
    });
    // Still there when the burst was refused, or answered again from its kept answer (a retry
    // of a stored burst): nothing of it is kept.
    if let Some(staged) = staged.filter(|s| s.exists()) {
        let _ = std::fs::remove_dir_all(staged);
    }
    let (answer, _) = result?;
    state.make_durable()?;
    Ok(answer)
}

fn frame_name(index: usize, format: ImageFormat) -> String {
    format!("{index}.{}", format.extension())
}

/// Writes a burst's frames as `<index>.<ext>` into a new folder of `session_dir` with a
/// temporary name, each file and then the folder flushed to disk, and returns the folder.
fn stage_frames<'a>(
    session_dir: &Path,
    frames: impl Iterator<Item = (ImageFormat, &'a [u8])>,
) -> AppResult<PathBuf> {
    // Named by chance, not by the liveness id: that comes from the request's path and is not
    // checked until the lock is held.
    let staged = session_dir.join(format!(".frames.{}.tmp", token::random_hex(8)));
    let written = crate::private::create_dir(session_dir)
        .and_then(|()| crate::private::create_dir(&staged))
        .and_then(|()| {
            for (i, (format, bytes)) in frames.enumerate() {
                crate::private::write_durably(&staged.join(frame_name(i, format)), bytes)?;
            }
            crate::private::sync_dir(&staged)
        });
    match written {
        Ok(()) => Ok(staged),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staged);
            Err(AppError::internal(format!(
                "writing {}: {e}",
                staged.display()
            )))
        }
    }
}

/// `POST /v1/client/liveness/assisted`: the user asks for assisted verification instead of a
/// selfie. The liveness step ends; an outcome of `verified` becomes `review` (see
/// `SessionRow::liveness_assisted`). Asking again once the step is over is `step_out_of_order`.
pub fn assisted(state: &AppState, session_id: &str) -> AppResult<Preflight> {
    let now = state.now();
    let delay = state.config().decision_delay_ms;
    let (_, row) = state.modify_tx(session_id, |tx, row| {
        row.liveness_assisted(now, delay)?;
        tx.add_event(
            &row.id,
            now,
            "liveness",
            Some("assisted verification requested"),
        )?;
        Ok(())
    })?;
    Ok(row.preflight())
}
