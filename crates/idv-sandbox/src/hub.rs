//! The websocket hub: one broadcast channel; each socket task keeps the messages of its session.
//! It also counts the open sockets of phones that joined a session through a handoff, so the
//! desktop can be told when its phone comes and goes.

use idv_core::handoff::PhonePresence;
use idv_core::Preflight;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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
    /// Fault injection: send this text, as it is, on the session's sockets.
    Raw { session_id: String, text: String },
    /// The session's phone arrived (its link was exchanged or its socket opened) or left (its
    /// last socket closed).
    Phone {
        session_id: String,
        presence: PhonePresence,
    },
}

impl HubEvent {
    pub fn session_id(&self) -> &str {
        match self {
            HubEvent::Preflight { session_id, .. }
            | HubEvent::Drop { session_id }
            | HubEvent::Raw { session_id, .. }
            | HubEvent::Phone { session_id, .. } => session_id,
        }
    }
}

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<HubEvent>,
    /// Open phone sockets per session (in memory: after a restart every socket is new anyway).
    phones: Arc<Mutex<HashMap<String, usize>>>,
}

impl Default for Hub {
    fn default() -> Self {
        // A socket that falls this far behind resynchronises from the database instead.
        let (tx, _) = broadcast::channel(1024);
        Hub {
            tx,
            phones: Arc::default(),
        }
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

    /// How many sockets the session's phone has open now.
    pub fn phone_sockets(&self, session_id: &str) -> usize {
        let phones = self.phones.lock().unwrap_or_else(|p| p.into_inner());
        phones.get(session_id).copied().unwrap_or(0)
    }

    /// Counts a phone socket in until the guard is dropped, telling the desktop both ends.
    pub fn phone_joined(&self, session_id: &str) -> PhoneGuard {
        {
            let mut phones = self.phones.lock().unwrap_or_else(|p| p.into_inner());
            *phones.entry(session_id.to_owned()).or_default() += 1;
        }
        self.publish(HubEvent::Phone {
            session_id: session_id.to_owned(),
            presence: PhonePresence::Connected,
        });
        PhoneGuard {
            hub: self.clone(),
            session_id: session_id.to_owned(),
        }
    }
}

/// One open phone socket; dropping it (however the socket task ends) counts it out.
pub struct PhoneGuard {
    hub: Hub,
    session_id: String,
}

impl Drop for PhoneGuard {
    fn drop(&mut self) {
        let left = {
            let mut phones = self.hub.phones.lock().unwrap_or_else(|p| p.into_inner());
            match phones.get_mut(&self.session_id) {
                Some(n) if *n > 1 => {
                    *n -= 1;
                    false
                }
                _ => {
                    phones.remove(&self.session_id);
                    true
                }
            }
        };
        if left {
            self.hub.publish(HubEvent::Phone {
                session_id: self.session_id.clone(),
                presence: PhonePresence::Disconnected,
            });
        }
    }
}
