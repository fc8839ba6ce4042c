//! Storing a proof of address or of funds: judged by `idv_core::document_file` (a PDF, or a
//! photo of the paper), kept on disk under its SHA-256 with a row in SQLite, and remembered
//! under its `Idempotency-Key` like the ID images (`crate::upload`).

use crate::error::{AppError, AppResult};
use crate::store::DocumentRow;
use crate::upload::{self, sha256_hex, Answer};
use crate::{token, AppState};
use axum::http::StatusCode;
use idv_core::document_file::{inspect_document, DocumentError, DocumentFormat, DocumentInfo};
use idv_core::media::strip_metadata;
use idv_core::{DocumentKind, DocumentUploaded};

/// The API error for a document `inspect_document` refused: `413` for a file over the limit,
/// `422` with the core's code otherwise.
pub fn document_error(e: &DocumentError) -> AppError {
    let status = match e {
        DocumentError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    AppError::new(status, e.code(), e.to_string())
}

struct Prepared {
    info: DocumentInfo,
    stored: Vec<u8>,
    sha256: String,
}

/// A document made ready before the lock: its fingerprint, the judged file, and the file
/// written (when it passed).
pub struct Staged {
    kind: DocumentKind,
    fingerprint: String,
    prepared: Result<Prepared, DocumentError>,
    written: Option<upload::Written>,
}

/// The slow part of storing `file` as the session's document of `kind`, without the lock (on
/// the file work's threads, `upload::FileWork`): its fingerprint, `inspect_document` (a PDF is
/// inflated and read here), a photo's metadata stripped, the file written durably
/// (`upload::write_file`). [`commit`] does the rest.
pub fn prepare(
    state: &AppState,
    session_id: &str,
    kind: DocumentKind,
    file: Vec<u8>,
) -> AppResult<Staged> {
    let fingerprint = upload::fingerprint(kind.name(), &[&file]);
    let prepared = inspect_document(&file).map(|info| {
        let stored = match info.format {
            DocumentFormat::Pdf => file,
            _ => strip_metadata(&file),
        };
        let sha256 = sha256_hex(&stored);
        Prepared {
            info,
            stored,
            sha256,
        }
    });
    let written = match &prepared {
        Ok(p) => Some(upload::write_file(
            &state.config().data_dir.join("documents").join(session_id),
            &p.sha256,
            p.info.format.extension(),
            &p.stored,
        )?),
        Err(_) => None,
    };
    Ok(Staged {
        kind,
        fingerprint,
        prepared,
        written,
    })
}

/// Stores a [`prepare`]d document for the session, or answers again what was answered to
/// `key`.
///
/// Under the session's lock, in this order: a kept answer for `key` (the same answer for the
/// same request, `idempotency_key_reused` for another); the session must be on the `kind`'s
/// step; the file must have passed `inspect_document`; then its row, event and kept answer are
/// inserted and the flow advanced, all or nothing, and the commit made durable. Only stored
/// uploads are kept under their key: after an error a retry is judged afresh, and the file this
/// upload wrote is removed.
pub fn commit(state: &AppState, session_id: &str, key: &str, staged: Staged) -> AppResult<Answer> {
    let Staged {
        kind,
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
        row.check_step(kind.step())?;
        let p = prepared.map_err(|e| document_error(&e))?;
        let path = written
            .as_ref()
            .map(|w| w.path.clone())
            .ok_or_else(|| AppError::internal("the document was not written"))?;
        row.document_file_uploaded(kind, now, delay)?;
        let doc = DocumentRow {
            id: format!("doc_{}", token::random_hex(12)),
            session_id: row.id.clone(),
            kind,
            sha256: p.sha256,
            format: p.info.format,
            pages: p.info.pages,
            bytes: p.stored.len() as u64,
            path: path.to_string_lossy().into_owned(),
            created_at: now,
        };
        let body = DocumentUploaded {
            document_id: doc.id.clone(),
            kind,
            format: doc.format,
            sha256: doc.sha256.clone(),
            bytes: doc.bytes,
            pages: doc.pages,
            preflight: row.preflight(),
        };
        let json = serde_json::to_string(&body).expect("plain data serialises");
        tx.insert_document(&doc)?;
        let pages = doc.pages.map(|n| format!(" {n} pages")).unwrap_or_default();
        let detail = format!(
            "{} {}{pages} {} bytes {} sha256={}",
            kind.name(),
            doc.format.name(),
            doc.bytes,
            doc.id,
            doc.sha256
        );
        tx.add_event(&row.id, now, "document", Some(&detail))?;
        upload::keep(tx, &row.id, key, fingerprint, json, now)
    });
    upload::conclude(state, result, written, |tx, sha256| {
        tx.documents_of(session_id)
            .is_ok_and(|rows| rows.iter().any(|r| r.sha256 == sha256))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_errors_map_to_their_statuses() {
        let e = document_error(&DocumentError::TooLarge { limit: 10 });
        assert_eq!((e.status.as_u16(), e.code), (413, "file_too_large"));
        let e = document_error(&DocumentError::PdfEncrypted);
        assert_eq!((e.status.as_u16(), e.code), (422, "pdf_encrypted"));
        let e = document_error(&DocumentError::PdfTooManyPages { pages: 21, max: 20 });
        assert_eq!((e.status.as_u16(), e.code), (422, "pdf_too_many_pages"));
        assert!(e.message.contains("21 pages"), "{}", e.message);
    }
}
