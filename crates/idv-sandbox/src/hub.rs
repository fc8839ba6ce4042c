//! The websocket hub: a broadcast channel per session with open sockets (made by its first
//! socket, dropped with its last), so a push wakes only its own session's sockets and the cost
//! of a push does not grow with the number of sessions. At most [`MAX_SOCKETS_PER_SESSION`]
//! sockets per session. It also counts the open sockets of phones that joined a session
//! through a handoff, so the desktop can be told when its phone comes and goes.

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

/// Sockets one session may have open at once: a desktop, a phone, a reload or two of each.
pub const MAX_SOCKETS_PER_SESSION: usize = 6;
/// Events a socket may fall behind before it resynchronises from the database.
const CHANNEL: usize = 64;

/// A session's channel and how many sockets hold it.
type Channel = (broadcast::Sender<HubEvent>, usize);

#[derive(Clone, Default)]
pub struct Hub {
    /// Each session with open sockets: its channel and how many sockets hold it.
    sessions: Arc<Mutex<HashMap<String, Channel>>>,
    /// Open phone sockets per session (in memory: after a restart every socket is new anyway).
    phones: Arc<Mutex<HashMap<String, usize>>>,
}

/// One socket's subscription to its session; dropping it (however the socket task ends) lets
/// the session's channel go with its last socket.
pub struct Subscription {
    pub rx: broadcast::Receiver<HubEvent>,
    hub: Hub,
    session_id: String,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut sessions = self.hub.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, n)) = sessions.get_mut(&self.session_id) {
            *n -= 1;
            if *n == 0 {
                sessions.remove(&self.session_id);
            }
        }
    }
}

impl Hub {
    pub fn publish(&self, event: HubEvent) {
        let sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        // No channel just means no socket is open; the state is in the database anyway.
        if let Some((tx, _)) = sessions.get(event.session_id()) {
            let _ = tx.send(event);
        }
    }

    /// A new socket's subscription to `session_id`'s events; `None` when the session has
    /// [`MAX_SOCKETS_PER_SESSION`] open already.
    pub fn subscribe(&self, session_id: &str) -> Option<Subscription> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let (tx, n) = sessions
            .entry(session_id.to_owned())
            .or_insert_with(|| (broadcast::channel(CHANNEL).0, 0));
        if *n >= MAX_SOCKETS_PER_SESSION {
            return None;
        }
        *n += 1;
        Some(Subscription {
            rx: tx.subscribe(),
            hub: self.clone(),
            session_id: session_id.to_owned(),
        })
    }

    /// Sessions with a channel now (for tests and the load benchmark).
    pub fn channels(&self) -> usize {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .len()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn push(hub: &Hub, id: &str, seq: u64) {
        hub.publish(HubEvent::Preflight {
            session_id: id.to_owned(),
            preflight: Preflight {
                screen: idv_core::Screen::Consent,
                seq,
                step: 1,
                step_count: 1,
            },
        });
    }

    #[test]
    fn a_push_reaches_only_its_own_sessions_sockets_and_channels_go_with_their_last_socket() {
        let hub = Hub::default();
        let mut a = hub.subscribe("a").unwrap();
        let mut b = hub.subscribe("b").unwrap();
        assert_eq!(hub.channels(), 2);
        push(&hub, "a", 2);
        assert_eq!(a.rx.try_recv().unwrap().session_id(), "a");
        assert!(b.rx.try_recv().is_err(), "b woke for a's push");
        drop(a);
        assert_eq!(hub.channels(), 1);
        // A push for a session without sockets goes nowhere and makes no channel.
        push(&hub, "a", 3);
        assert_eq!(hub.channels(), 1);
        drop(b);
        assert_eq!(hub.channels(), 0);
    }

    #[test]
    fn a_session_has_a_few_sockets_at_most() {
        let hub = Hub::default();
        let held: Vec<_> = (0..MAX_SOCKETS_PER_SESSION)
            .map(|_| hub.subscribe("s").unwrap())
            .collect();
        assert!(hub.subscribe("s").is_none());
        assert!(hub.subscribe("other").is_some());
        drop(held);
        assert!(hub.subscribe("s").is_some());
    }
}
