//! What every upload shares (ID images on `/v1/client/media`, documents on `/v1/client/address`
//! and `/funds`): answers kept under their `Idempotency-Key`, files written under their SHA-256,
//! and the upload fault injection.

use crate::error::{AppError, AppResult};
use crate::store::{IdempotentAnswer, Tx};
use crate::token;
use axum::http::StatusCode;
use idv_core::UploadFailure;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The answer to an upload: a new stored file, or the answer already given to that key.
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

pub fn sha256_hex(bytes: &[u8]) -> String {
    token::hex(&Sha256::digest(bytes))
}

/// What identifies a request under its key: the call and what it carried, separated by NUL
/// bytes (every part but the last is a fixed word without one, so no two different requests
/// share a fingerprint; the form is the one media uploads always had, so kept keys stay valid).
pub fn fingerprint(call: &str, parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    h.update(call.as_bytes());
    h.update(b"\0");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h.update(b"\0");
        }
        h.update(part);
    }
    token::hex(&h.finalize())
}

/// The answer kept under `key` for this session: the same answer for the same request
/// (`fingerprint`), `idempotency_key_reused` for another one, `None` if the key is new.
pub fn replay(
    tx: &Tx<'_>,
    session_id: &str,
    key: &str,
    fingerprint: &str,
) -> AppResult<Option<Answer>> {
    let Some(kept) = tx.idempotent_answer(session_id, key)? else {
        return Ok(None);
    };
    if kept.request_sha256 != fingerprint {
        return Err(AppError::validation(
            "idempotency_key_reused",
            "This Idempotency-Key was already used for another upload; use a new key for a new file.",
        ));
    }
    Ok(Some(Answer::Replayed {
        status: kept.status,
        json: kept.response_json,
    }))
}

/// Keeps a `201` answer under `key` (in the caller's transaction) and returns it.
pub fn keep(
    tx: &Tx<'_>,
    session_id: &str,
    key: &str,
    fingerprint: String,
    json: String,
    now: i64,
) -> AppResult<Answer> {
    let kept = IdempotentAnswer {
        status: StatusCode::CREATED.as_u16(),
        response_json: json,
        request_sha256: fingerprint,
    };
    tx.insert_idempotent_answer(session_id, key, &kept, now)?;
    Ok(Answer::Stored {
        status: kept.status,
        json: kept.response_json,
    })
}

/// Writes `bytes` as `<dir>/<sha256>.<ext>`, durably: through a temporary name (so no
/// half-written file is ever seen under its final name), the file and then its directory
/// flushed to disk, so that once its row is committed a crash loses neither. The name is the
/// content's hash, so a file already there is the same file and is kept as it is.
///
/// Called before the session's lock is taken (and off the async workers): a 10 MiB file being
/// written holds up no other request. A file whose row then is not written (the session had
/// moved on) is left, unreferenced and harmless.
pub fn write_file(dir: &Path, sha256: &str, ext: &str, bytes: &[u8]) -> AppResult<Written> {
    let path = dir.join(format!("{sha256}.{ext}"));
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64) {
        return Ok(Written {
            path,
            sha256: sha256.to_owned(),
            created: false,
        });
    }
    crate::private::create_dir(dir)
        .map_err(|e| AppError::internal(format!("{}: {e}", dir.display())))?;
    let tmp = dir.join(format!(".{sha256}.{}.tmp", token::random_hex(4)));
    crate::private::write_durably(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .and_then(|()| crate::private::sync_dir(dir))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            AppError::internal(format!("writing {}: {e}", path.display()))
        })?;
    Ok(Written {
        path,
        sha256: sha256.to_owned(),
        created: true,
    })
}

/// A file [`write_file`] put in place, and whether this call created it.
pub struct Written {
    pub path: PathBuf,
    pub sha256: String,
    pub created: bool,
}

/// The end of an upload whose file was written before the lock: its answer, made durable
/// first; or, when the transaction failed, its error, the file removed if this upload created
/// it and no row of the session names its bytes (`stored` says, asked under the lock), so
/// nothing is kept of a refused upload and a file another upload of the same bytes committed
/// meanwhile stays.
pub fn conclude<R>(
    state: &crate::AppState,
    result: AppResult<(Answer, R)>,
    written: Option<Written>,
    stored: impl FnOnce(&crate::store::Tx<'_>, &str) -> bool,
) -> AppResult<Answer> {
    match result {
        Ok((answer, _)) => {
            state.make_durable()?;
            Ok(answer)
        }
        Err(e) => {
            if let Some(w) = written.filter(|w| w.created) {
                let tx = state.lock();
                if !stored(&tx, &w.sha256) {
                    let _ = std::fs::remove_file(&w.path);
                }
            }
            Err(e)
        }
    }
}

/// Uploads a session may have in flight at once: the app sends one at a time (and a retry
/// only after its attempt ended); more is a client flooding the platform.
pub const MAX_UPLOADS_PER_SESSION: usize = 2;

/// The uploads in flight per session.
#[derive(Default)]
pub struct InFlight(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>);

/// One upload's place; dropping it (however the request ends) frees it.
pub struct UploadPlace {
    map: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
    session_id: String,
}

impl InFlight {
    /// A place for one more upload of `session_id`, or `429 too_many_uploads` with
    /// `Retry-After: 1` (the app retries a 429 by itself).
    pub fn enter(&self, session_id: &str) -> AppResult<UploadPlace> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = map.entry(session_id.to_owned()).or_default();
        if *n >= MAX_UPLOADS_PER_SESSION {
            return Err(AppError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "too_many_uploads",
                format!(
                    "This session has {MAX_UPLOADS_PER_SESSION} uploads in progress; send the \
                     next one when one of them is answered."
                ),
            )
            .with_retry_after(1));
        }
        *n += 1;
        Ok(UploadPlace {
            map: self.0.clone(),
            session_id: session_id.to_owned(),
        })
    }
}

impl Drop for UploadPlace {
    fn drop(&mut self) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.session_id) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.session_id);
            }
        }
    }
}

/// The threads that do uploads' file work (hashing, judging the image or PDF, the burst's face
/// checks, the durable write): as many as the machine has cores, at a lower scheduling priority
/// (nice 10) than the async workers, fed in order from one queue.
///
/// Twenty 10 MiB uploads, each on a blocking thread of its own at the workers' priority, kept
/// every core busy, and a token check waited behind them: `scripts/bench-load uploads 20 10`
/// (200 uploads) gave preflight p99 181-201 ms at 198-206 MiB/s; on two threads at nice 10,
/// 55-68 ms at 247-260 MiB/s (eight threads were no better, and less steady).
pub struct FileWork {
    queue: std::sync::mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

/// The niceness of the file work's threads: below the async workers (0), above nothing else.
const FILE_WORK_NICE: i32 = 10;

impl FileWork {
    pub fn new(threads: usize) -> FileWork {
        let (queue, jobs) = std::sync::mpsc::channel::<Job>();
        let jobs = std::sync::Arc::new(std::sync::Mutex::new(jobs));
        for i in 0..threads.max(1) {
            let jobs = jobs.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("file-work-{i}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        // Ends with the sender, when the state is dropped.
                        let job = match jobs.lock().unwrap_or_else(|p| p.into_inner()).recv() {
                            Ok(job) => job,
                            Err(_) => return,
                        };
                        job();
                    }
                });
            if let Err(e) = spawned {
                tracing::error!("cannot start a file work thread: {e}");
            }
        }
        FileWork { queue }
    }

    /// One thread per core.
    pub fn for_this_machine() -> FileWork {
        FileWork::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: plain system calls on this thread's own id; on Linux a thread's niceness is its
    // own, and raising it needs no privilege.
    let failed = unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, FILE_WORK_NICE) != 0
    };
    if failed {
        tracing::warn!(
            "file work runs at the workers' priority: {}",
            std::io::Error::last_os_error()
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Runs `work` (an upload's file work, before the lock) on the file work's threads
/// ([`FileWork`]), off the async workers, and waits for its answer.
pub async fn blocking<T: Send + 'static>(
    state: &crate::AppState,
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        // A panic is this upload's 500, not the end of a thread the next uploads wait on.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
            .unwrap_or_else(|_| Err(AppError::internal("the upload's work panicked")));
        let _ = answer.send(result);
    });
    if state.file_work().queue.send(job).is_err() {
        return Err(AppError::internal("the file work has stopped"));
    }
    answered
        .await
        .map_err(|_| AppError::internal("the upload stopped"))?
}

/// Runs an upload's transaction and durable flush (`commit`) off the async workers, at their
/// priority: the database lock is held there, and a thread of the file work's lower priority
/// holding it would keep every other request waiting while it is not scheduled.
pub async fn commit<T: Send + 'static>(
    commit: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(commit)
        .await
        .map_err(|e| AppError::internal(format!("the upload stopped: {e}")))?
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
    fn fingerprints_tell_calls_and_parts_apart() {
        let a = fingerprint("media", &[b"front", b"xy"]);
        assert_eq!(a, fingerprint("media", &[b"front", b"xy"]));
        assert_ne!(a, fingerprint("media", &[b"frontx", b"y"]));
        assert_ne!(a, fingerprint("address", &[b"front", b"xy"]));
    }
}
