//! Storing an uploaded ID image: judged by `idv_core::media`, stripped of its metadata, kept
//! on disk under its SHA-256 with a row in SQLite, and remembered under its `Idempotency-Key`
//! (the machinery shared with document uploads is in `crate::upload`).

use crate::error::{AppError, AppResult};
use crate::store::MediaRow;
use crate::upload::{self, sha256_hex, Answer};
use crate::{token, AppState};
use axum::http::StatusCode;
use idv_core::corners::PhotoCorners;
use idv_core::media::{inspect_image, strip_metadata, ImageInfo, Limits, MediaError};
use idv_core::{DocumentSide, MediaUploaded};

/// What a `POST /v1/client/media` carried.
pub struct Upload {
    pub side: DocumentSide,
    pub file: Vec<u8>,
    /// Already judged by [`PhotoCorners::parse`].
    pub corners: Option<PhotoCorners>,
}

/// An answer or listing entry of `idv_core` with the image's corners added when it has them:
/// the wire types stay as they are, and a client that does not know the field never sees it
/// from an upload that did not send it.
#[derive(serde::Serialize)]
pub struct WithCorners<T> {
    #[serde(flatten)]
    pub inner: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corners: Option<PhotoCorners>,
}

/// The API error for an image `inspect_image` refused.
pub fn media_error(e: &MediaError) -> AppError {
    let status = match e {
        MediaError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    AppError::new(status, e.code(), e.to_string())
}

struct Prepared {
    info: ImageInfo,
    stored: Vec<u8>,
    sha256: String,
}

/// An upload made ready before the lock: its fingerprint, the judged image, and the file
/// written (when the image passed).
pub struct Staged {
    side: DocumentSide,
    corners: Option<PhotoCorners>,
    fingerprint: String,
    prepared: Result<Prepared, MediaError>,
    written: Option<upload::Written>,
}

/// The slow part of storing `upload`, without the lock (on the file work's threads,
/// `upload::FileWork`): its fingerprint, `inspect_image`, the metadata stripped, the file
/// written durably (`upload::write_file`). [`commit`] does the rest.
pub fn prepare(state: &AppState, session_id: &str, upload: Upload) -> AppResult<Staged> {
    // Without corners the fingerprint is the one media uploads always had, so kept keys stay
    // valid; with them it is another call's, so the two kinds of request never share one.
    let fingerprint = match &upload.corners {
        None => upload::fingerprint("media", &[upload.side.name().as_bytes(), &upload.file]),
        Some(c) => upload::fingerprint(
            "media+corners",
            &[
                upload.side.name().as_bytes(),
                c.to_json().as_bytes(),
                &upload.file,
            ],
        ),
    };
    let prepared = inspect_image(&upload.file, &Limits::DEFAULT).map(|info| {
        let stored = strip_metadata(&upload.file);
        let sha256 = sha256_hex(&stored);
        Prepared {
            info,
            stored,
            sha256,
        }
    });
    let written = match &prepared {
        Ok(p) => Some(upload::write_file(
            &state.config().data_dir.join("media").join(session_id),
            &p.sha256,
            p.info.format.extension(),
            &p.stored,
        )?),
        Err(_) => None,
    };
    Ok(Staged {
        side: upload.side,
        corners: upload.corners,
        fingerprint,
        prepared,
        written,
    })
}

/// Stores a [`prepare`]d upload for the session, or answers again what was answered to `key`.
///
/// Under the session's lock, in this order: a kept answer for `key` (the same answer for the
/// same request, `idempotency_key_reused` for another); the session must be on the document
/// step with this side's screen; the image must have passed `inspect_image`; then its row,
/// event and kept answer are inserted and the flow advanced, all or nothing, and the commit
/// made durable. Only stored uploads are kept under their key: after an error a retry is
/// judged afresh, and the file this upload wrote is removed.
pub fn commit(state: &AppState, session_id: &str, key: &str, staged: Staged) -> AppResult<Answer> {
    let Staged {
        side,
        corners,
        fingerprint,
        prepared,
        written,
    } = staged;
    let now = state.now();
    let delay = state.config().decision_delay_ms;
    let result = state.modify_tx(session_id, |tx, row| {
        if let Some(answer) = upload::replay(tx, &row.id, key, &fingerprint)? {
            return Ok(answer);
        }
        row.check_document_side(side)?;
        let p = prepared.map_err(|e| media_error(&e))?;
        let path = written
            .as_ref()
            .map(|w| w.path.clone())
            .ok_or_else(|| AppError::internal("the image was not written"))?;
        row.document_uploaded(side, now, delay)?;
        let media = MediaRow {
            id: format!("med_{}", token::random_hex(12)),
            session_id: row.id.clone(),
            side,
            sha256: p.sha256,
            format: p.info.format,
            width: p.info.width,
            height: p.info.height,
            bytes: p.stored.len() as u64,
            path: path.to_string_lossy().into_owned(),
            created_at: now,
            corners,
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
        let body = WithCorners {
            inner: body,
            corners: media.corners,
        };
        let json = serde_json::to_string(&body).expect("plain data serialises");
        tx.insert_media(&media)?;
        let mut detail = format!(
            "{} {} {}x{} {} bytes {} sha256={}",
            media.side.name(),
            media.format.name(),
            media.width,
            media.height,
            media.bytes,
            media.id,
            media.sha256
        );
        if let Some(c) = &media.corners {
            detail.push_str(&format!(" corners={}", c.to_json()));
        }
        tx.add_event(&row.id, now, "media", Some(&detail))?;
        upload::keep(tx, &row.id, key, fingerprint, json, now)
    });
    upload::conclude(state, result, written, |tx, sha256| {
        tx.media_of(session_id)
            .is_ok_and(|rows| rows.iter().any(|r| r.sha256 == sha256))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_errors_map_to_their_statuses() {
        let e = media_error(&MediaError::TooLarge { limit: 10 });
        assert_eq!((e.status.as_u16(), e.code), (413, "file_too_large"));
        let e = media_error(&MediaError::Empty);
        assert_eq!((e.status.as_u16(), e.code), (422, "empty_file"));
    }
}
