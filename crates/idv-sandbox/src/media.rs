//! Storing an uploaded ID image: judged by `idv_core::media`, stripped of its metadata, kept
//! on disk under its SHA-256 with a row in SQLite, and remembered under its `Idempotency-Key`.

use crate::error::{AppError, AppResult};
use crate::store::{IdempotentAnswer, MediaRow};
use crate::{token, AppState};
use axum::http::StatusCode;
use idv_core::media::{inspect_image, strip_metadata, ImageInfo, Limits, MediaError};
use idv_core::{DocumentSide, MediaUploaded, UploadFailure};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a `POST /v1/client/media` carried.
pub struct Upload {
    pub side: DocumentSide,
    pub file: Vec<u8>,
}

/// The answer to an upload: a new stored image, or the answer already given to that key.
#[derive(Debug)]
pub enum Answer {
    Stored { status: u16, json: String },
    Replayed { status: u16, json: String },
}

impl Answer {
    pub fn status(&self) -> u16 {
        match self {
            Answer::Stored { status, .. } | Answer::Replayed { status, .. } => *status,
        }
    }

    pub fn json(&self) -> &str {
        match self {
            Answer::Stored { json, .. } | Answer::Replayed { json, .. } => json,
        }
    }
}

/// The API error for an image `inspect_image` refused.
pub fn media_error(e: &MediaError) -> AppError {
    let status = match e {
        MediaError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    AppError::new(status, e.code(), e.to_string())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    token::hex(&Sha256::digest(bytes))
}

/// What identifies a request under its key: the call, the side and the uploaded bytes.
fn request_fingerprint(upload: &Upload) -> String {
    let mut h = Sha256::new();
    h.update(b"media\0");
    h.update(upload.side.name().as_bytes());
    h.update(b"\0");
    h.update(&upload.file);
    token::hex(&h.finalize())
}

struct Prepared {
    info: ImageInfo,
    stored: Vec<u8>,
    sha256: String,
}

/// Checks and stores `upload` for the session, or answers again what was answered to `key`.
///
/// Under the session's lock, in this order: a kept answer for `key` (the same answer for the
/// same request, `idempotency_key_reused` for another); the session must be on the document
/// step with this side's screen; the image must pass `inspect_image`; then the file is written,
/// its row, event and kept answer inserted, and the flow advanced, all or nothing. Only stored
/// uploads are kept under their key: after an error a retry is judged afresh.
pub fn accept(state: &AppState, session_id: &str, key: &str, upload: Upload) -> AppResult<Answer> {
    let fingerprint = request_fingerprint(&upload);
    // The pure work happens before the lock is taken.
    let prepared = inspect_image(&upload.file, &Limits::DEFAULT).map(|info| {
        let stored = strip_metadata(&upload.file);
        let sha256 = sha256_hex(&stored);
        Prepared {
            info,
            stored,
            sha256,
        }
    });
    let now = state.now();
    let delay = state.config().decision_delay_ms;
    let media_dir = state.config().data_dir.join("media");
    let (answer, _) = state.modify_tx(session_id, |tx, row| {
        if let Some(kept) = tx.idempotent_answer(&row.id, key)? {
            if kept.request_sha256 != fingerprint {
                return Err(AppError::validation(
                    "idempotency_key_reused",
                    "This Idempotency-Key was already used for another upload; use a new key for a new photo.",
                ));
            }
            return Ok(Answer::Replayed {
                status: kept.status,
                json: kept.response_json,
            });
        }
        row.check_document_side(upload.side)?;
        let p = prepared.map_err(|e| media_error(&e))?;
        let path = write_file(&media_dir.join(&row.id), &p)?;
        row.document_uploaded(upload.side, now, delay)?;
        let media = MediaRow {
            id: format!("med_{}", token::random_hex(12)),
            session_id: row.id.clone(),
            side: upload.side,
            sha256: p.sha256,
            format: p.info.format,
            width: p.info.width,
            height: p.info.height,
            bytes: p.stored.len() as u64,
            path: path.to_string_lossy().into_owned(),
            created_at: now,
        };
        let body = MediaUploaded {
            media_id: media.id.clone(),
            side: media.side,
            format: media.format,
            sha256: media.sha256.clone(),
            width: media.width,
            height: media.height,
            bytes: media.bytes,
            preflight: row.preflight(),
        };
        let json = serde_json::to_string(&body).expect("plain data serialises");
        tx.insert_media(&media)?;
        let detail = format!(
            "{} {} {}x{} {} bytes {} sha256={}",
            media.side.name(),
            media.format.name(),
            media.width,
            media.height,
            media.bytes,
            media.id,
            media.sha256
        );
        tx.add_event(&row.id, now, "media", Some(&detail))?;
        let kept = IdempotentAnswer {
            status: StatusCode::CREATED.as_u16(),
            response_json: json,
            request_sha256: fingerprint,
        };
        tx.insert_idempotent_answer(&row.id, key, &kept, now)?;
        Ok(Answer::Stored {
            status: kept.status,
            json: kept.response_json,
        })
    })?;
    Ok(answer)
}

/// Writes the file as `<dir>/<sha256>.<ext>` (through a temporary name, so no half-written
/// file is ever seen under its final name). The name is the content's hash, so a file already
/// there is the same file and is kept as it is.
fn write_file(dir: &Path, p: &Prepared) -> AppResult<PathBuf> {
    let path = dir.join(format!("{}.{}", p.sha256, p.info.format.extension()));
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == p.stored.len() as u64) {
        return Ok(path);
    }
    std::fs::create_dir_all(dir).map_err(|e| AppError::internal(format!("media dir: {e}")))?;
    let tmp = dir.join(format!(".{}.{}.tmp", p.sha256, token::random_hex(4)));
    std::fs::write(&tmp, &p.stored)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            AppError::internal(format!("writing {}: {e}", path.display()))
        })?;
    Ok(path)
}

/// Fault injection for uploads, per session, kept in memory (a restart of the sandbox clears
/// it): fail the next uploads with a status, hold every answer for a while.
#[derive(Default)]
pub struct UploadFaults(Mutex<HashMap<String, UploadFaultState>>);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UploadFaultState {
    pub fail: Option<UploadFailure>,
    pub delay_ms: u64,
}

impl UploadFaults {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, UploadFaultState>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, session_id: &str) -> UploadFaultState {
        self.map().get(session_id).copied().unwrap_or_default()
    }

    /// Changes the session's upload faults; `count: 0` and `delay_ms: 0` clear them.
    pub fn set(
        &self,
        session_id: &str,
        fail: Option<UploadFailure>,
        delay_ms: Option<u64>,
    ) -> UploadFaultState {
        let mut map = self.map();
        let state = map.entry(session_id.to_owned()).or_default();
        if let Some(fail) = fail {
            state.fail = Some(fail).filter(|f| f.count > 0);
        }
        if let Some(delay) = delay_ms {
            state.delay_ms = delay;
        }
        let out = *state;
        if out == UploadFaultState::default() {
            map.remove(session_id);
        }
        out
    }

    /// Uses up one injected failure, if any is left: `(status, failures left after this one)`.
    pub fn take_failure(&self, session_id: &str) -> Option<(u16, u32)> {
        let mut map = self.map();
        let state = map.get_mut(session_id)?;
        let fail = state.fail.as_mut()?;
        fail.count -= 1;
        let out = (fail.status, fail.count);
        if fail.count == 0 {
            state.fail = None;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_used_up_one_by_one() {
        let f = UploadFaults::default();
        assert_eq!(f.take_failure("s"), None);
        f.set(
            "s",
            Some(UploadFailure {
                count: 2,
                status: 503,
            }),
            Some(1500),
        );
        assert_eq!(f.take_failure("other"), None);
        assert_eq!(f.take_failure("s"), Some((503, 1)));
        assert_eq!(f.take_failure("s"), Some((503, 0)));
        assert_eq!(f.take_failure("s"), None);
        assert_eq!(f.get("s").delay_ms, 1500);
        // Omitted fields stay; zero clears.
        f.set("s", None, None);
        assert_eq!(f.get("s").delay_ms, 1500);
        f.set("s", None, Some(0));
        assert_eq!(f.get("s"), UploadFaultState::default());
    }

    #[test]
    fn image_errors_map_to_their_statuses() {
        let e = media_error(&MediaError::TooLarge { limit: 10 });
        assert_eq!((e.status.as_u16(), e.code), (413, "file_too_large"));
        let e = media_error(&MediaError::Empty);
        assert_eq!((e.status.as_u16(), e.code), (422, "empty_file"));
    }
}
