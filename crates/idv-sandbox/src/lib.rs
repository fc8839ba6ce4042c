//! The sandbox IDV platform: the API of `shared/API.md` over SQLite, a websocket hub, and the
//! built app, in one process.
//!
//! `app(state)` builds the router without binding a socket, so tests drive it with `oneshot`;
//! `serve` adds the listener and the background sweeper.

pub mod auth;
#[cfg(feature = "sandbox-api")]
pub mod cli;
pub mod clock;
pub mod codes;
pub mod config;
pub mod documents;
pub mod error;
pub mod faces;
pub mod flow;
pub mod guard;
pub mod handoff;
pub mod hub;
pub mod liveness;
pub mod media;
pub mod private;
pub mod retention;
pub mod routes;
pub mod sessions;
pub mod store;
pub mod tls;
pub mod token;
pub mod upload;

use crate::error::{AppError, AppResult};
use crate::flow::SessionRow;
use crate::hub::{Hub, HubEvent};
use crate::store::{Store, Tx};
use std::sync::Arc;

pub use config::{Config, ConfigError};
pub use routes::app;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    config: Config,
    store: Store,
    hub: Hub,
    upload_faults: upload::UploadFaults,
    preflight_faults: upload::UploadFaults,
    uploading: upload::InFlight,
    file_work: upload::FileWork,
    csp_reports: routes::csp::Reports,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(std::path::PathBuf, std::io::Error),
    #[error("cannot open the database {0}: {1}")]
    Database(std::path::PathBuf, rusqlite::Error),
}

impl AppState {
    pub fn open(config: Config) -> Result<AppState, StartError> {
        let data_error = |e| StartError::DataDir(config.data_dir.clone(), e);
        private::create_dir(&config.data_dir).map_err(data_error)?;
        // A data directory an older sandbox left readable by every local user is closed first.
        let tightened = private::tighten_data_dir(&config.data_dir).map_err(data_error)?;
        if tightened > 0 {
            tracing::warn!(
                "made {tightened} files and folders in {} readable by this user only",
                config.data_dir.display()
            );
        }
        let path = config.data_dir.join("sandbox.sqlite3");
        private::touch(&path).map_err(data_error)?;
        let store = Store::open(&path).map_err(|e| StartError::Database(path, e))?;
        Ok(AppState(Arc::new(Inner {
            config,
            store,
            hub: Hub::default(),
            upload_faults: upload::UploadFaults::default(),
            preflight_faults: upload::UploadFaults::default(),
            uploading: upload::InFlight::default(),
            file_work: upload::FileWork::for_this_machine(),
            csp_reports: routes::csp::Reports::default(),
        })))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The Content-Security-Policy violations browsers reported (`routes::csp`).
    pub fn csp_reports(&self) -> &routes::csp::Reports {
        &self.0.csp_reports
    }

    pub fn hub(&self) -> &Hub {
        &self.0.hub
    }

    /// Upload fault injection (kept in memory: a restart clears it).
    pub fn upload_faults(&self) -> &upload::UploadFaults {
        &self.0.upload_faults
    }

    /// The uploads each session has in flight (`upload::InFlight`).
    pub fn uploading(&self) -> &upload::InFlight {
        &self.0.uploading
    }

    /// The places for uploads' file work (`upload::FileWork`).
    pub fn file_work(&self) -> &upload::FileWork {
        &self.0.file_work
    }

    /// HTTP preflight fault injection (in memory, like the upload faults; only `fail` is used).
    pub fn preflight_faults(&self) -> &upload::UploadFaults {
        &self.0.preflight_faults
    }

    pub fn now(&self) -> i64 {
        self.0.config.clock.now_ms()
    }

    pub fn lock(&self) -> Tx<'_> {
        self.0.store.lock()
    }

    /// Makes every commit so far durable (the write-ahead log flushed): called after an
    /// upload's commit and before its `201`, so an answered upload survives a crash.
    pub fn make_durable(&self) -> AppResult<()> {
        self.0
            .store
            .sync()
            .map_err(|e| AppError::internal(format!("flushing the database: {e}")))
    }

    /// Reads a session, applying what time has decided since (a due decision, a timeout).
    pub fn read(&self, id: &str) -> AppResult<SessionRow> {
        self.modify(id, |_| Ok(())).map(|(_, row)| row)
    }

    /// The one way a session changes: under the lock, settle it with the clock, apply `f`, store
    /// what changed, log it, and push the new screen to the session's sockets. Pushing under the
    /// lock keeps every socket's `seq` strictly increasing.
    pub fn modify<T>(
        &self,
        id: &str,
        f: impl FnOnce(&mut SessionRow) -> AppResult<T>,
    ) -> AppResult<(T, SessionRow)> {
        self.modify_tx(id, |_, row| f(row))
    }

    /// `modify` whose `f` may also write other tables through the held connection. What `f`
    /// writes and the session's change are kept together or not at all: an error from `f` (or
    /// from storing the session) rolls back `f`'s writes. What time settled before `f` stays.
    pub fn modify_tx<T>(
        &self,
        id: &str,
        f: impl FnOnce(&Tx<'_>, &mut SessionRow) -> AppResult<T>,
    ) -> AppResult<(T, SessionRow)> {
        let now = self.now();
        let tx = self.lock();
        let mut row = tx
            .get_session(id)?
            .ok_or_else(AppError::session_not_found)?;
        let before = row.clone();
        row.settle(now);
        self.commit(&tx, &before, &row, now)?;
        let settled = row.clone();
        tx.savepoint()?;
        let done = f(&tx, &mut row).and_then(|out| {
            self.commit(&tx, &settled, &row, now)?;
            Ok(out)
        });
        match done {
            Ok(out) => {
                tx.release()?;
                Ok((out, row))
            }
            Err(e) => {
                if let Err(undo) = tx.rollback() {
                    tracing::error!(session = %id, "rollback failed: {undo}");
                }
                Err(e)
            }
        }
    }

    fn commit(
        &self,
        tx: &Tx<'_>,
        before: &SessionRow,
        after: &SessionRow,
        now: i64,
    ) -> AppResult<()> {
        if before == after {
            return Ok(());
        }
        tx.update_session(after)?;
        if before.status != after.status {
            tx.add_event(&after.id, now, "status", Some(after.status.as_str()))?;
        }
        if before.seq != after.seq {
            let detail = format!("{} seq={}", after.screen.name(), after.seq);
            tx.add_event(&after.id, now, "screen", Some(&detail))?;
            // A muted session's pushes are lost (fault injection): its app must ask.
            if after.ws_fault != idv_core::WebsocketFault::Mute {
                self.0.hub.publish(HubEvent::Preflight {
                    session_id: after.id.clone(),
                    preflight: after.preflight(),
                });
            }
        }
        Ok(())
    }

    /// Applies due decisions and timeouts to every session that has one; run by the sweeper so
    /// that open sockets hear about decisions without any request arriving.
    pub fn settle_due(&self) -> AppResult<usize> {
        let due = self.lock().due_sessions(self.now())?;
        // One unreadable session must not hold back the others' decisions.
        for id in &due {
            if let Err(e) = self.read(id) {
                tracing::warn!(session = %id, code = e.code, "settling failed: {}", e.message);
            }
        }
        Ok(due.len())
    }
}

/// Serves `app(state)` on `listener` (plain TCP, or [`tls::TlsListener`]) until the process
/// ends, with the sweeper beside it.
pub async fn serve<L>(listener: L, state: AppState) -> std::io::Result<()>
where
    L: axum::serve::Listener,
    L::Addr: std::fmt::Debug,
{
    let sweeper = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
        // Retention at start (the first tick), then every minute (240 ticks).
        let mut ticks = 0u32;
        loop {
            tick.tick().await;
            // Off the async workers: one tick may settle a thousand sessions whose decisions
            // fell due together, and on a worker it would hold back every call queued there.
            // Each session takes the lock for itself, so calls go on between them.
            let state = sweeper.clone();
            match tokio::task::spawn_blocking(move || state.settle_due()).await {
                Ok(Err(e)) => tracing::warn!(code = e.code, "sweeper: {}", e.message),
                Err(e) => tracing::warn!("sweeper: {e}"),
                Ok(Ok(_)) => {}
            }
            if ticks.is_multiple_of(240) {
                let state = sweeper.clone();
                match tokio::task::spawn_blocking(move || retention::sweep(&state)).await {
                    Ok(Err(e)) => tracing::warn!(code = e.code, "retention: {}", e.message),
                    Err(e) => tracing::warn!("retention: {e}"),
                    Ok(Ok(_)) => {}
                }
            }
            ticks = ticks.wrapping_add(1);
        }
    });
    let idle = state.config().idle_timeout;
    let mut guarded = guard::Guarded::new(listener, idle, state.config().max_connections);
    let app = app(state);
    // axum::serve, but with hyper's timer set: without one, hyper has no deadline for a request
    // head, and a client trickling a header byte now and then (slowloris) never meets the idle
    // timeout below HTTP, which only sees that bytes still come.
    loop {
        let (io, addr) = axum::serve::Listener::accept(&mut guarded).await;
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            // HTTP/1.1 only, as before: TLS offers nothing else (tls.rs, ALPN).
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(idle)
                .serve_connection(hyper_util::rt::TokioIo::new(io), service)
                .with_upgrades();
            if let Err(e) = conn.await {
                tracing::trace!("connection {addr:?}: {e}");
            }
        });
    }
}
