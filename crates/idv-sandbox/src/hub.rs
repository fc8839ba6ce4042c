//! The websocket hub: one broadcast channel; each socket task keeps the messages of its session.

use idv_core::Preflight;
use tokio::sync::broadcast;

#[derive(Debug, Clone)]
pub enum HubEvent {
    /// The session's screen changed.
    Preflight {
        session_id: String,
        preflight: Preflight,
    },
    /// Fault injection: close this session's sockets now.
    Drop { session_id: String },
}

impl HubEvent {
    pub fn session_id(&self) -> &str {
        match self {
            HubEvent::Preflight { session_id, .. } | HubEvent::Drop { session_id } => session_id,
        }
    }
}

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<HubEvent>,
}

impl Default for Hub {
    fn default() -> Self {
        // A socket that falls this far behind resynchronises from the database instead.
        let (tx, _) = broadcast::channel(1024);
        Hub { tx }
    }
}

impl Hub {
    pub fn publish(&self, event: HubEvent) {
        // No receiver just means no socket is open; the state is in the database anyway.
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<HubEvent> {
        self.tx.subscribe()
    }
}
