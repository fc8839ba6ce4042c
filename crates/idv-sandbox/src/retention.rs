//! Retention: a session's personal data (ID images, selfie frames, documents, codes, the user's
//! details) is deleted `IDV_RETENTION_DAYS` after the session ended (finished, cancelled or
//! timed out); `0` keeps nothing past the end. The session itself, its result and its events stay
//! (they hold no personal data), with an event saying what was deleted. Run at start and then
//! every minute by the sweeper.

use crate::error::AppResult;
use crate::AppState;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What one sweep deleted, over all sessions.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub sessions: usize,
    pub images: usize,
    pub frames: usize,
    pub documents: usize,
    pub codes: usize,
}

/// Deletes the personal data of every session that ended `retention_days` ago or more.
pub fn sweep(state: &AppState) -> AppResult<Swept> {
    let now = state.now();
    let keep_ms = i64::from(state.config().retention_days) * DAY_MS;
    let due = state.lock().due_for_purge(now - keep_ms)?;
    let mut swept = Swept::default();
    for id in due {
        let purged = {
            let tx = state.lock();
            tx.savepoint()?;
            let done = tx.purge_session(&id, now).and_then(|p| {
                let detail = format!(
                    "personal data deleted after {} days: {} images, {} frames, {} documents, {} codes",
                    state.config().retention_days,
                    p.images.len(),
                    p.frames.len(),
                    p.documents.len(),
                    p.codes
                );
                tx.add_event(&id, now, "retention", Some(&detail))?;
                Ok(p)
            });
            match done {
                Ok(p) => {
                    tx.release()?;
                    p
                }
                Err(e) => {
                    let _ = tx.rollback();
                    return Err(e.into());
                }
            }
        };
        // The rows are gone first: a crash now leaves files nothing names, which the next
        // sweep of the folders below removes.
        for path in purged
            .images
            .iter()
            .chain(&purged.frames)
            .chain(&purged.documents)
        {
            let _ = std::fs::remove_file(path);
        }
        remove_session_folders(state, &id);
        swept.sessions += 1;
        swept.images += purged.images.len();
        swept.frames += purged.frames.len();
        swept.documents += purged.documents.len();
        swept.codes += purged.codes;
    }
    if swept.sessions > 0 {
        tracing::info!(
            sessions = swept.sessions,
            images = swept.images,
            frames = swept.frames,
            documents = swept.documents,
            codes = swept.codes,
            "retention: personal data of ended sessions deleted"
        );
    }
    Ok(swept)
}

/// The session's own folders under the data directory, whatever is left in them.
fn remove_session_folders(state: &AppState, id: &str) {
    for kind in ["media", "documents", "liveness"] {
        let dir = state.config().data_dir.join(kind).join(id);
        if dir.is_dir() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
