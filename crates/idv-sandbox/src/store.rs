//! SQLite: sessions, token hashes and an event log. Everything the sandbox knows survives a
//! restart.
//!
//! One connection behind a mutex: a sandbox serves one developer or one test run, and the
//! mutex also makes each read-modify-write of a session atomic.

use crate::flow::SessionRow;
use idv_core::corners::PhotoCorners;
use idv_core::document_file::DocumentFormat;
use idv_core::liveness::ChallengeStep;
use idv_core::media::ImageFormat;
use idv_core::{DocumentKind, DocumentSide, Screen, SessionStatus, Step, WebsocketFault};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    ref_id TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    steps TEXT NOT NULL,
    status TEXT NOT NULL,
    return_url TEXT,
    locale TEXT NOT NULL,
    user_json TEXT,
    branding_json TEXT NOT NULL,
    step_index INTEGER NOT NULL,
    screen TEXT NOT NULL,
    seq INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    decide_at INTEGER,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    result_json TEXT,
    ws_fault TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_ref ON sessions (ref_id, created_at);
CREATE INDEX IF NOT EXISTS sessions_due ON sessions (status, expires_at, decide_at);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('client', 'device')),
    session_id TEXT REFERENCES sessions (id),
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS events_by_session ON events (session_id, id);
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Client,
    Device,
}

#[derive(Debug, Clone)]
pub struct TokenRow {
    pub kind: TokenKind,
    pub session_id: Option<String>,
    pub expires_at: i64,
}

/// One stored image (the `media` table).
#[derive(Debug, Clone, PartialEq)]
pub struct MediaRow {
    pub id: String,
    pub session_id: String,
    pub side: DocumentSide,
    pub sha256: String,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub path: String,
    pub created_at: i64,
    /// Where the app found the card in the photo, if it said.
    pub corners: Option<PhotoCorners>,
}

/// One stored proof of address or of funds (the `documents` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: String,
    pub session_id: String,
    pub kind: DocumentKind,
    pub sha256: String,
    pub format: DocumentFormat,
    /// A PDF's page count; `None` for a photo.
    pub pages: Option<u32>,
    pub bytes: u64,
    pub path: String,
    pub created_at: i64,
}

/// A code sent for a phone or e-mail step (the `codes` table): its hash, not the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    pub id: i64,
    pub session_id: String,
    pub step: Step,
    pub destination: String,
    pub salt: String,
    pub code_hash: String,
    pub sent_at: i64,
    pub expires_at: i64,
    /// Wrong codes entered against it.
    pub attempts: u32,
}

/// Sandbox only: a code as "sent" (the `sent_codes` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentCodeRow {
    pub step: Step,
    pub destination: String,
    pub code: String,
    pub sent_at: i64,
}

/// A started liveness challenge (the `liveness` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LivenessRow {
    pub id: String,
    pub session_id: String,
    pub challenge: Vec<ChallengeStep>,
    /// `open`, `replaced` or `completed`.
    pub status: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub completed_at: Option<i64>,
}

/// One stored liveness frame (the `liveness_frames` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameRow {
    pub liveness_id: String,
    pub index: u32,
    pub step: ChallengeStep,
    pub sha256: String,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub path: String,
}

/// A desktop to phone handoff token (the `handoffs` table): its hash, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffRow {
    pub hash: String,
    pub session_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// The expiry of the session token the phone gets: that of the token that asked.
    pub phone_token_expires_at: i64,
    pub used_at: Option<i64>,
    pub replaced_at: Option<i64>,
}

/// What [`Tx::purge_session`] deleted: the files' paths by kind, and the number of codes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    pub images: Vec<String>,
    pub frames: Vec<String>,
    pub documents: Vec<String>,
    pub codes: usize,
}

/// An answer kept for an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentAnswer {
    pub status: u16,
    pub response_json: String,
    pub request_sha256: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EventRow {
    pub at: String,
    pub kind: String,
    pub detail: Option<String>,
}

/// Changes to the schema after its first version, applied in order and counted in
/// `PRAGMA user_version`, so a database from an older sandbox keeps working.
const MIGRATIONS: &[&str] = &[
    // 1: fault injection may serve the client a raw, unchecked return URL.
    "ALTER TABLE sessions ADD COLUMN client_return_url TEXT",
    // 2: uploaded ID images, and the answers kept for idempotent retries.
    "CREATE TABLE media (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        side TEXT NOT NULL CHECK (side IN ('front', 'back')),
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        path TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX media_by_session ON media (session_id);
    CREATE TABLE idempotency (
        session_id TEXT NOT NULL REFERENCES sessions (id),
        key TEXT NOT NULL,
        status INTEGER NOT NULL,
        response_json TEXT NOT NULL,
        request_sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, key)
    );",
    // 3: proofs of address and of funds (their idempotent answers share `idempotency`).
    "CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        kind TEXT NOT NULL CHECK (kind IN ('address', 'funds')),
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        pages INTEGER,
        bytes INTEGER NOT NULL,
        path TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX documents_by_session ON documents (session_id);",
    // 4: codes sent for the phone and e-mail steps. `codes` keeps a salted SHA-256 of each code,
    // never the code; `sent_codes` keeps the codes themselves for the sandbox's codes listing
    // (the SMS or e-mail it stands in for), which a production platform would not have.
    "CREATE TABLE codes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        step TEXT NOT NULL CHECK (step IN ('phone', 'email')),
        destination TEXT NOT NULL,
        salt TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        used_at INTEGER,
        voided_at INTEGER
    );
    CREATE INDEX codes_by_step ON codes (session_id, step, id);
    CREATE TABLE sent_codes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        step TEXT NOT NULL,
        destination TEXT NOT NULL,
        code TEXT NOT NULL,
        sent_at INTEGER NOT NULL
    );
    CREATE INDEX sent_codes_by_session ON sent_codes (session_id, id);",
    // 5: selfie liveness: each started challenge, and the frames of a completed one.
    "CREATE TABLE liveness (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        challenge TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'replaced', 'completed')),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        completed_at INTEGER
    );
    CREATE INDEX liveness_by_session ON liveness (session_id, created_at);
    CREATE TABLE liveness_frames (
        liveness_id TEXT NOT NULL REFERENCES liveness (id),
        idx INTEGER NOT NULL,
        step TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (liveness_id, idx)
    );",
    // 6: desktop to phone handoff tokens (hashes only). `phone_token_hash` is the session token
    // the phone got in exchange, so the platform can tell the desktop when the phone is there.
    "CREATE TABLE handoffs (
        hash TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        phone_token_expires_at INTEGER NOT NULL,
        used_at INTEGER,
        replaced_at INTEGER,
        phone_token_hash TEXT
    );
    CREATE INDEX handoffs_by_session ON handoffs (session_id);
    CREATE INDEX handoffs_by_phone_token ON handoffs (phone_token_hash);",
    // 7: the card's four corners an ID image may carry, as the JSON `PhotoCorners::to_json` writes;
    // NULL when the upload carried none (and for every image stored before).
    "ALTER TABLE media ADD COLUMN corners TEXT",
    // 8: the platform's own liveness check: the burst's error code when it failed, and whether
    // the integrator chose the outcome (which then stands over a failed check).
    "ALTER TABLE sessions ADD COLUMN liveness_error TEXT; \
     ALTER TABLE sessions ADD COLUMN outcome_set INTEGER NOT NULL DEFAULT 0",
    // 9: retention: when a session's personal data (images, frames, documents, codes, the
    // user's details) was deleted (`crate::retention`).
    "ALTER TABLE sessions ADD COLUMN purged_at INTEGER",
];

/// Each migration and its new `user_version` commit together, so a crash between them cannot
/// leave a change applied but uncounted.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let done: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}

pub struct Store {
    conn: Mutex<Connection>,
    /// The write-ahead log, flushed by [`Store::sync`] after an upload's commit.
    wal: std::path::PathBuf,
}

/// The locked connection: hold it across a read-modify-write.
pub struct Tx<'a>(MutexGuard<'a, Connection>);

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL: in WAL mode a commit is not flushed to disk by itself (a power cut may lose
        // the last ones, never corrupt the file); the commits whose loss matters, uploads
        // answered `201`, are flushed by `Store::sync`. FULL on every call costs the load
        // benchmark half its throughput.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        migrate(&conn)?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Ok(Store {
            conn: Mutex::new(conn),
            wal: wal.into(),
        })
    }

    /// Flushes the write-ahead log to disk: every commit made so far survives a power cut.
    pub fn sync(&self) -> std::io::Result<()> {
        match std::fs::File::open(&self.wal) {
            Ok(file) => file.sync_data(),
            // No log yet (nothing written since a checkpoint removed it): nothing to flush.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    pub fn lock(&self) -> Tx<'_> {
        // A panic while holding the lock leaves SQLite consistent (each statement is atomic), so
        // a poisoned mutex is safe to keep using.
        Tx(self.conn.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

const SESSION_COLUMNS: &str = "id, ref_id, workflow_id, steps, status, return_url, locale, \
    user_json, branding_json, step_index, screen, seq, outcome, decide_at, expires_at, \
    created_at, updated_at, result_json, ws_fault, client_return_url, liveness_error, outcome_set";

impl Tx<'_> {
    /// Starts a unit of work that [`Tx::release`] keeps or [`Tx::rollback`] undoes.
    pub fn savepoint(&self) -> rusqlite::Result<()> {
        self.0.execute_batch("SAVEPOINT work")
    }

    pub fn release(&self) -> rusqlite::Result<()> {
        self.0.execute_batch("RELEASE work")
    }

    pub fn rollback(&self) -> rusqlite::Result<()> {
        self.0.execute_batch("ROLLBACK TO work; RELEASE work")
    }

    pub fn insert_media(&self, m: &MediaRow) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO media (id, session_id, side, sha256, format, width, height, bytes, path, \
             created_at, corners) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                m.id,
                m.session_id,
                m.side.name(),
                m.sha256,
                m.format.name(),
                m.width,
                m.height,
                m.bytes as i64,
                m.path,
                m.created_at,
                m.corners.as_ref().map(PhotoCorners::to_json),
            ],
        )?;
        Ok(())
    }

    /// The session's stored images in the order they arrived.
    pub fn media_of(&self, session_id: &str) -> rusqlite::Result<Vec<MediaRow>> {
        let mut stmt = self.0.prepare(
            "SELECT id, session_id, side, sha256, format, width, height, bytes, path, created_at, \
             corners FROM media WHERE session_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([session_id], |r| {
            let side: String = r.get(2)?;
            let format: String = r.get(4)?;
            let corners: Option<String> = r.get(10)?;
            Ok(MediaRow {
                id: r.get(0)?,
                session_id: r.get(1)?,
                side: DocumentSide::from_name(&side).ok_or_else(|| bad_column(2, "side"))?,
                sha256: r.get(3)?,
                format: ImageFormat::from_name(&format).ok_or_else(|| bad_column(4, "format"))?,
                width: r.get(5)?,
                height: r.get(6)?,
                bytes: r.get::<_, i64>(7)? as u64,
                path: r.get(8)?,
                created_at: r.get(9)?,
                corners: corners
                    .map(|c| PhotoCorners::from_stored(&c).ok_or_else(|| bad_column(10, "corners")))
                    .transpose()?,
            })
        })?;
        rows.collect()
    }

    pub fn insert_document(&self, d: &DocumentRow) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO documents (id, session_id, kind, sha256, format, pages, bytes, path, \
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                d.id,
                d.session_id,
                d.kind.name(),
                d.sha256,
                d.format.name(),
                d.pages,
                d.bytes as i64,
                d.path,
                d.created_at,
            ],
        )?;
        Ok(())
    }

    /// The session's stored documents in the order they arrived.
    pub fn documents_of(&self, session_id: &str) -> rusqlite::Result<Vec<DocumentRow>> {
        let mut stmt = self.0.prepare(
            "SELECT id, session_id, kind, sha256, format, pages, bytes, path, created_at \
             FROM documents WHERE session_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([session_id], |r| {
            let kind: String = r.get(2)?;
            let format: String = r.get(4)?;
            Ok(DocumentRow {
                id: r.get(0)?,
                session_id: r.get(1)?,
                kind: DocumentKind::from_name(&kind).ok_or_else(|| bad_column(2, "kind"))?,
                sha256: r.get(3)?,
                format: DocumentFormat::from_name(&format)
                    .ok_or_else(|| bad_column(4, "format"))?,
                pages: r.get(5)?,
                bytes: r.get::<_, i64>(6)? as u64,
                path: r.get(7)?,
                created_at: r.get(8)?,
            })
        })?;
        rows.collect()
    }

    /// How many codes the session's `step` has sent, and when the last one went.
    pub fn code_sends(&self, session_id: &str, step: Step) -> rusqlite::Result<(u32, Option<i64>)> {
        self.0.query_row(
            "SELECT COUNT(*), MAX(sent_at) FROM codes WHERE session_id = ?1 AND step = ?2",
            params![session_id, step.name()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Stores a new code for the session's `step`, voiding every earlier unused one.
    pub fn insert_code(&self, c: &CodeRow) -> rusqlite::Result<i64> {
        self.0.execute(
            "UPDATE codes SET voided_at = ?3 WHERE session_id = ?1 AND step = ?2 \
             AND used_at IS NULL AND voided_at IS NULL",
            params![c.session_id, c.step.name(), c.sent_at],
        )?;
        self.0.execute(
            "INSERT INTO codes (session_id, step, destination, salt, code_hash, sent_at, \
             expires_at, attempts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                c.session_id,
                c.step.name(),
                c.destination,
                c.salt,
                c.code_hash,
                c.sent_at,
                c.expires_at,
                c.attempts,
            ],
        )?;
        Ok(self.0.last_insert_rowid())
    }

    /// The code of the session's `step` that may still be entered: the newest one, unless it
    /// was used (voided ones are never the newest).
    pub fn current_code(&self, session_id: &str, step: Step) -> rusqlite::Result<Option<CodeRow>> {
        self.0
            .query_row(
                "SELECT id, session_id, destination, salt, code_hash, sent_at, expires_at, \
                 attempts FROM codes WHERE session_id = ?1 AND step = ?2 AND used_at IS NULL \
                 AND voided_at IS NULL ORDER BY id DESC LIMIT 1",
                params![session_id, step.name()],
                |r| {
                    Ok(CodeRow {
                        id: r.get(0)?,
                        session_id: r.get(1)?,
                        step,
                        destination: r.get(2)?,
                        salt: r.get(3)?,
                        code_hash: r.get(4)?,
                        sent_at: r.get(5)?,
                        expires_at: r.get(6)?,
                        attempts: r.get(7)?,
                    })
                },
            )
            .optional()
    }

    /// Counts a wrong code against code `id`: the number of wrong codes so far.
    pub fn code_attempt(&self, id: i64) -> rusqlite::Result<u32> {
        self.0.query_row(
            "UPDATE codes SET attempts = attempts + 1 WHERE id = ?1 RETURNING attempts",
            [id],
            |r| r.get(0),
        )
    }

    pub fn code_used(&self, id: i64, now: i64) -> rusqlite::Result<()> {
        self.0.execute(
            "UPDATE codes SET used_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(())
    }

    /// Sandbox only: keeps the code itself for the codes listing.
    pub fn insert_sent_code(&self, session_id: &str, sent: &SentCodeRow) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO sent_codes (session_id, step, destination, code, sent_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                session_id,
                sent.step.name(),
                sent.destination,
                sent.code,
                sent.sent_at
            ],
        )?;
        Ok(())
    }

    /// Sandbox only: the codes the session "sent", newest first.
    pub fn sent_codes(&self, session_id: &str) -> rusqlite::Result<Vec<SentCodeRow>> {
        let mut stmt = self.0.prepare(
            "SELECT step, destination, code, sent_at FROM sent_codes WHERE session_id = ?1 \
             ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([session_id], |r| {
            let step: String = r.get(0)?;
            Ok(SentCodeRow {
                step: Step::from_name(&step).ok_or_else(|| bad_column(0, "step"))?,
                destination: r.get(1)?,
                code: r.get(2)?,
                sent_at: r.get(3)?,
            })
        })?;
        rows.collect()
    }

    /// Stores a new open liveness, marking the session's open ones `replaced`.
    pub fn insert_liveness(&self, l: &LivenessRow) -> rusqlite::Result<()> {
        self.0.execute(
            "UPDATE liveness SET status = 'replaced' WHERE session_id = ?1 AND status = 'open'",
            [&l.session_id],
        )?;
        self.0.execute(
            "INSERT INTO liveness (id, session_id, challenge, status, created_at, expires_at, \
             completed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                l.id,
                l.session_id,
                to_json(&l.challenge),
                l.status,
                l.created_at,
                l.expires_at,
                l.completed_at
            ],
        )?;
        Ok(())
    }

    const LIVENESS_COLUMNS: &'static str =
        "id, session_id, challenge, status, created_at, expires_at, completed_at";

    fn read_liveness(r: &Row) -> rusqlite::Result<LivenessRow> {
        Ok(LivenessRow {
            id: r.get(0)?,
            session_id: r.get(1)?,
            challenge: json_column(r, 2)?,
            status: r.get(3)?,
            created_at: r.get(4)?,
            expires_at: r.get(5)?,
            completed_at: r.get(6)?,
        })
    }

    /// The session's liveness `id` (another session's is `None`).
    pub fn liveness(&self, session_id: &str, id: &str) -> rusqlite::Result<Option<LivenessRow>> {
        self.0
            .query_row(
                &format!(
                    "SELECT {} FROM liveness WHERE id = ?1 AND session_id = ?2",
                    Self::LIVENESS_COLUMNS
                ),
                params![id, session_id],
                Self::read_liveness,
            )
            .optional()
    }

    /// The session's liveness challenges, oldest first.
    pub fn liveness_of(&self, session_id: &str) -> rusqlite::Result<Vec<LivenessRow>> {
        let mut stmt = self.0.prepare(&format!(
            "SELECT {} FROM liveness WHERE session_id = ?1 ORDER BY created_at, rowid",
            Self::LIVENESS_COLUMNS
        ))?;
        let rows = stmt.query_map([session_id], Self::read_liveness)?;
        rows.collect()
    }

    pub fn liveness_completed(&self, id: &str, now: i64) -> rusqlite::Result<()> {
        self.0.execute(
            "UPDATE liveness SET status = 'completed', completed_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(())
    }

    pub fn insert_frame(&self, f: &FrameRow) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO liveness_frames (liveness_id, idx, step, sha256, format, width, height, \
             bytes, path) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                f.liveness_id,
                f.index,
                f.step.code(),
                f.sha256,
                f.format.name(),
                f.width,
                f.height,
                f.bytes as i64,
                f.path
            ],
        )?;
        Ok(())
    }

    /// A liveness's frames in their order.
    pub fn frames_of(&self, liveness_id: &str) -> rusqlite::Result<Vec<FrameRow>> {
        let mut stmt = self.0.prepare(
            "SELECT liveness_id, idx, step, sha256, format, width, height, bytes, path \
             FROM liveness_frames WHERE liveness_id = ?1 ORDER BY idx",
        )?;
        let rows = stmt.query_map([liveness_id], |r| {
            let step: String = r.get(2)?;
            let format: String = r.get(4)?;
            Ok(FrameRow {
                liveness_id: r.get(0)?,
                index: r.get(1)?,
                step: ChallengeStep::from_code(&step).ok_or_else(|| bad_column(2, "step"))?,
                sha256: r.get(3)?,
                format: ImageFormat::from_name(&format).ok_or_else(|| bad_column(4, "format"))?,
                width: r.get(5)?,
                height: r.get(6)?,
                bytes: r.get::<_, i64>(7)? as u64,
                path: r.get(8)?,
            })
        })?;
        rows.collect()
    }

    pub fn idempotent_answer(
        &self,
        session_id: &str,
        key: &str,
    ) -> rusqlite::Result<Option<IdempotentAnswer>> {
        self.0
            .query_row(
                "SELECT status, response_json, request_sha256 FROM idempotency \
                 WHERE session_id = ?1 AND key = ?2",
                params![session_id, key],
                |r| {
                    Ok(IdempotentAnswer {
                        status: r.get(0)?,
                        response_json: r.get(1)?,
                        request_sha256: r.get(2)?,
                    })
                },
            )
            .optional()
    }

    pub fn insert_idempotent_answer(
        &self,
        session_id: &str,
        key: &str,
        answer: &IdempotentAnswer,
        now: i64,
    ) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO idempotency (session_id, key, status, response_json, request_sha256, \
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                session_id,
                key,
                answer.status,
                answer.response_json,
                answer.request_sha256,
                now
            ],
        )?;
        Ok(())
    }

    pub fn session_exists(&self, id: &str) -> rusqlite::Result<bool> {
        self.0
            .query_row("SELECT 1 FROM sessions WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
    }

    pub fn get_session(&self, id: &str) -> rusqlite::Result<Option<SessionRow>> {
        self.0
            .query_row(
                &format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?1"),
                [id],
                read_session,
            )
            .optional()
    }

    /// All sessions of one user, newest first.
    pub fn sessions_of(&self, ref_id: &str) -> rusqlite::Result<Vec<SessionRow>> {
        let mut stmt = self.0.prepare(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE ref_id = ?1 \
             ORDER BY created_at DESC, rowid DESC"
        ))?;
        let rows = stmt.query_map([ref_id], read_session)?;
        rows.collect()
    }

    /// The newest `limit` sessions of every user, newest first (the sandbox's session list).
    pub fn recent_sessions(&self, limit: u32) -> rusqlite::Result<Vec<SessionRow>> {
        let mut stmt = self.0.prepare(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions ORDER BY created_at DESC, rowid DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], read_session)?;
        rows.collect()
    }

    /// Sessions that time alone may change now: a decision due, or an active session past its life.
    pub fn due_sessions(&self, now: i64) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.0.prepare(
            "SELECT id FROM sessions WHERE decide_at <= ?1 \
             OR (status IN ('pending', 'in_progress') AND decide_at IS NULL AND expires_at <= ?1)",
        )?;
        let rows = stmt.query_map([now], |r| r.get(0))?;
        rows.collect()
    }

    pub fn insert_session(&self, s: &SessionRow) -> rusqlite::Result<()> {
        self.0.execute(
            &format!(
                "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
                 ?21, ?22)"
            ),
            params![
                s.id,
                s.ref_id,
                s.workflow_id,
                to_json(&s.steps),
                s.status.as_str(),
                s.return_url,
                s.locale,
                s.user.as_ref().map(to_json),
                to_json(&s.branding),
                s.step_index as i64,
                s.screen.name(),
                s.seq as i64,
                s.outcome.as_str(),
                s.decide_at,
                s.expires_at,
                s.created_at,
                s.updated_at,
                s.result.as_ref().map(to_json),
                fault_name(s.ws_fault),
                s.client_return_url,
                s.liveness_error,
                s.outcome_set,
            ],
        )?;
        Ok(())
    }

    /// Writes the mutable part of a session.
    pub fn update_session(&self, s: &SessionRow) -> rusqlite::Result<()> {
        self.0.execute(
            "UPDATE sessions SET status = ?2, step_index = ?3, screen = ?4, seq = ?5, \
             outcome = ?6, decide_at = ?7, expires_at = ?8, updated_at = ?9, result_json = ?10, \
             ws_fault = ?11, client_return_url = ?12, liveness_error = ?13, outcome_set = ?14 \
             WHERE id = ?1",
            params![
                s.id,
                s.status.as_str(),
                s.step_index as i64,
                s.screen.name(),
                s.seq as i64,
                s.outcome.as_str(),
                s.decide_at,
                s.expires_at,
                s.updated_at,
                s.result.as_ref().map(to_json),
                fault_name(s.ws_fault),
                s.client_return_url,
                s.liveness_error,
                s.outcome_set,
            ],
        )?;
        Ok(())
    }

    pub fn insert_token(
        &self,
        hash: &str,
        kind: TokenKind,
        session_id: Option<&str>,
        expires_at: i64,
        now: i64,
    ) -> rusqlite::Result<()> {
        let kind = match kind {
            TokenKind::Client => "client",
            TokenKind::Device => "device",
        };
        self.0.execute(
            "INSERT INTO tokens (hash, kind, session_id, expires_at, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![hash, kind, session_id, expires_at, now],
        )?;
        Ok(())
    }

    pub fn find_token(&self, hash: &str) -> rusqlite::Result<Option<TokenRow>> {
        self.0
            .query_row(
                "SELECT kind, session_id, expires_at FROM tokens WHERE hash = ?1",
                [hash],
                |r| {
                    let kind: String = r.get(0)?;
                    Ok(TokenRow {
                        kind: if kind == "device" {
                            TokenKind::Device
                        } else {
                            TokenKind::Client
                        },
                        session_id: r.get(1)?,
                        expires_at: r.get(2)?,
                    })
                },
            )
            .optional()
    }

    /// Binds an unused device token to its new session; false if it was already used.
    pub fn bind_device_token(&self, hash: &str, session_id: &str) -> rusqlite::Result<bool> {
        let n = self.0.execute(
            "UPDATE tokens SET session_id = ?2 WHERE hash = ?1 AND kind = 'device' \
             AND session_id IS NULL",
            params![hash, session_id],
        )?;
        Ok(n == 1)
    }

    /// Stores a new handoff token and voids the session's earlier unused ones: only the QR code
    /// on display opens the session.
    pub fn insert_handoff(&self, h: &HandoffRow) -> rusqlite::Result<()> {
        self.0.execute(
            "UPDATE handoffs SET replaced_at = ?2 WHERE session_id = ?1 \
             AND used_at IS NULL AND replaced_at IS NULL",
            params![h.session_id, h.created_at],
        )?;
        self.0.execute(
            "INSERT INTO handoffs (hash, session_id, created_at, expires_at, \
             phone_token_expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                h.hash,
                h.session_id,
                h.created_at,
                h.expires_at,
                h.phone_token_expires_at
            ],
        )?;
        Ok(())
    }

    pub fn find_handoff(&self, hash: &str) -> rusqlite::Result<Option<HandoffRow>> {
        self.0
            .query_row(
                "SELECT hash, session_id, created_at, expires_at, phone_token_expires_at, \
                 used_at, replaced_at FROM handoffs WHERE hash = ?1",
                [hash],
                |r| {
                    Ok(HandoffRow {
                        hash: r.get(0)?,
                        session_id: r.get(1)?,
                        created_at: r.get(2)?,
                        expires_at: r.get(3)?,
                        phone_token_expires_at: r.get(4)?,
                        used_at: r.get(5)?,
                        replaced_at: r.get(6)?,
                    })
                },
            )
            .optional()
    }

    /// Marks a handoff token used by the phone holding `phone_token_hash`; false if another
    /// exchange got there first.
    pub fn use_handoff(
        &self,
        hash: &str,
        phone_token_hash: &str,
        now: i64,
    ) -> rusqlite::Result<bool> {
        let n = self.0.execute(
            "UPDATE handoffs SET used_at = ?3, phone_token_hash = ?2 WHERE hash = ?1 \
             AND used_at IS NULL AND replaced_at IS NULL",
            params![hash, phone_token_hash, now],
        )?;
        Ok(n == 1)
    }

    /// Whether this session token was handed to a phone by a handoff.
    pub fn is_phone_token(&self, token_hash: &str) -> rusqlite::Result<bool> {
        self.0
            .query_row(
                "SELECT 1 FROM handoffs WHERE phone_token_hash = ?1",
                [token_hash],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
    }

    /// Whether a phone has ever joined this session through a handoff.
    pub fn has_phone(&self, session_id: &str) -> rusqlite::Result<bool> {
        self.0
            .query_row(
                "SELECT 1 FROM handoffs WHERE session_id = ?1 AND used_at IS NOT NULL",
                [session_id],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
    }

    /// Sessions that ended (any status but `pending` and `in_progress`) at or before
    /// `ended_before` and still hold personal data.
    pub fn due_for_purge(&self, ended_before: i64) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.0.prepare(
            "SELECT id FROM sessions WHERE purged_at IS NULL \
             AND status NOT IN ('pending', 'in_progress') AND updated_at <= ?1",
        )?;
        let rows = stmt.query_map([ended_before], |r| r.get(0))?;
        rows.collect()
    }

    /// Deletes the session's personal data: its image, frame and document rows (returning their
    /// files' paths to delete), its codes, its kept answers and the user's details; marks it
    /// purged at `now`.
    pub fn purge_session(&self, id: &str, now: i64) -> rusqlite::Result<Purged> {
        let paths_of = |sql: &str| -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.0.prepare(sql)?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect()
        };
        let images = paths_of("SELECT path FROM media WHERE session_id = ?1")?;
        let documents = paths_of("SELECT path FROM documents WHERE session_id = ?1")?;
        let frames = paths_of(
            "SELECT path FROM liveness_frames WHERE liveness_id IN \
             (SELECT id FROM liveness WHERE session_id = ?1)",
        )?;
        let codes: usize = self.0.query_row(
            "SELECT COUNT(*) FROM codes WHERE session_id = ?1",
            [id],
            |r| r.get::<_, i64>(0),
        )? as usize;
        self.0.execute(
            "DELETE FROM liveness_frames WHERE liveness_id IN \
             (SELECT id FROM liveness WHERE session_id = ?1)",
            [id],
        )?;
        for table in ["media", "documents", "codes", "sent_codes", "idempotency"] {
            self.0
                .execute(&format!("DELETE FROM {table} WHERE session_id = ?1"), [id])?;
        }
        self.0.execute(
            "UPDATE sessions SET user_json = NULL, purged_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(Purged {
            images,
            frames,
            documents,
            codes,
        })
    }

    pub fn add_event(
        &self,
        session_id: &str,
        at: i64,
        kind: &str,
        detail: Option<&str>,
    ) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO events (session_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
            params![session_id, at, kind, detail],
        )?;
        Ok(())
    }

    pub fn events(&self, session_id: &str) -> rusqlite::Result<Vec<EventRow>> {
        let mut stmt = self
            .0
            .prepare("SELECT at, kind, detail FROM events WHERE session_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([session_id], |r| {
            Ok(EventRow {
                at: crate::clock::rfc3339(r.get(0)?),
                kind: r.get(1)?,
                detail: r.get(2)?,
            })
        })?;
        rows.collect()
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

fn fault_name(f: WebsocketFault) -> &'static str {
    match f {
        WebsocketFault::Allow => "allow",
        WebsocketFault::Refuse => "refuse",
        WebsocketFault::Mute => "mute",
    }
}

fn bad_column(idx: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("unreadable {what}").into(),
    )
}

fn json_column<T: serde::de::DeserializeOwned>(r: &Row, idx: usize) -> rusqlite::Result<T> {
    let text: String = r.get(idx)?;
    serde_json::from_str(&text).map_err(|_| bad_column(idx, "json"))
}

fn status_column(r: &Row, idx: usize) -> rusqlite::Result<SessionStatus> {
    let text: String = r.get(idx)?;
    SessionStatus::parse(&text).ok_or_else(|| bad_column(idx, "status"))
}

fn read_session(r: &Row) -> rusqlite::Result<SessionRow> {
    let user: Option<String> = r.get(7)?;
    let result: Option<String> = r.get(17)?;
    let fault: String = r.get(18)?;
    let steps: Vec<Step> = json_column(r, 3)?;
    Ok(SessionRow {
        id: r.get(0)?,
        ref_id: r.get(1)?,
        workflow_id: r.get(2)?,
        steps,
        status: status_column(r, 4)?,
        return_url: r.get(5)?,
        locale: r.get(6)?,
        user: user
            .map(|u| serde_json::from_str(&u).map_err(|_| bad_column(7, "user")))
            .transpose()?,
        branding: json_column(r, 8)?,
        step_index: r.get::<_, i64>(9)? as usize,
        screen: Screen::from_name(&r.get::<_, String>(10)?),
        seq: r.get::<_, i64>(11)? as u64,
        outcome: status_column(r, 12)?,
        decide_at: r.get(13)?,
        expires_at: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        result: result
            .map(|u| serde_json::from_str(&u).map_err(|_| bad_column(17, "result")))
            .transpose()?,
        client_return_url: r.get(19)?,
        liveness_error: r.get(20)?,
        outcome_set: r.get(21)?,
        ws_fault: match fault.as_str() {
            "refuse" => WebsocketFault::Refuse,
            "mute" => WebsocketFault::Mute,
            _ => WebsocketFault::Allow,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database written before the `corners` column opens, keeps its images (without
    /// corners), and takes new ones with them.
    #[test]
    fn an_older_database_gains_the_corners_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let old = Connection::open(&path).unwrap();
            old.execute_batch(SCHEMA).unwrap();
            for sql in &MIGRATIONS[..6] {
                old.execute_batch(sql).unwrap();
            }
            old.execute_batch(
                // No session row: the image alone is what the migration must keep.
                "PRAGMA foreign_keys = OFF;
                 PRAGMA user_version = 6;
                 INSERT INTO media (id, session_id, side, sha256, format, width, height, bytes,
                 path, created_at) VALUES ('med_old', 's', 'front', 'ab', 'jpeg', 640, 400, 9,
                 '/x.jpg', 1);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let tx = store.lock();
        let old = tx.media_of("s").unwrap();
        assert_eq!((old.len(), old[0].corners), (1, None));
        let corners = PhotoCorners::parse("[[0.1,0.1],[0.9,0.1],[0.9,0.9],[0.1,0.9]]").unwrap();
        tx.0.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        tx.insert_media(&MediaRow {
            id: "med_new".into(),
            corners: Some(corners),
            ..old[0].clone()
        })
        .unwrap();
        let rows = tx.media_of("s").unwrap();
        assert_eq!(rows[1].corners, Some(corners));
    }
}
