//! The imperative shell around the core's journey engine: it feeds `idv_core::flow::step` with
//! what happens and carries out the effects it returns. No decision is taken here.

use crate::api;
use crate::browser::embed::Embed;
use crate::browser::network::{self, NetworkWatch};
use crate::browser::socket::{Socket, SocketEvent};
use crate::browser::timers::Timers;
use crate::browser::{location, storage};
use crate::entry::SessionCredentials;
use idv_core::flow::CallFailure;
use idv_core::flow::{jittered_ms, step, Effect, Event, Flow, Timer};
use idv_core::handoff::PhonePresence;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A handle to the running journey; `Copy`, so views and callbacks capture it freely.
#[derive(Clone, Copy)]
pub struct Journey {
    flow: RwSignal<Flow>,
    token: StoredValue<String>,
    session_id: StoredValue<String>,
    socket: StoredValue<Option<Socket>, LocalStorage>,
    timers: StoredValue<Timers, LocalStorage>,
    network: StoredValue<Option<NetworkWatch>, LocalStorage>,
    /// Where the platform's notices about a handoff's phone go (the desktop's handoff state).
    phone: StoredValue<Option<Callback<PhonePresence>>>,
    /// The host page, when the app runs in an integrator's frame.
    embed: StoredValue<Option<Embed>, LocalStorage>,
}

impl Journey {
    /// Starts the journey for the session this token opens; everything it holds is released
    /// when the owning view is cleaned up. `started`: the user already pressed "start" on the
    /// first module's welcome screen, so the journey goes straight to the current step; `read`,
    /// the session and screen that module read, not asked for again.
    pub fn start(
        credentials: SessionCredentials,
        started: bool,
        read: Option<(idv_core::ClientSession, idv_core::Preflight)>,
    ) -> Journey {
        let journey = Journey {
            flow: RwSignal::new(Flow {
                started,
                ..Flow::new()
            }),
            token: StoredValue::new(credentials.token),
            session_id: StoredValue::new(credentials.session_id),
            socket: StoredValue::new_local(None),
            timers: StoredValue::new_local(Timers::default()),
            network: StoredValue::new_local(None),
            phone: StoredValue::new(None),
            embed: StoredValue::new_local(None),
        };
        let embed = Embed::start(move |idv_core::embed::HostCommand::Close| {
            journey.embed.with_value(|e| {
                if let Some(e) = e {
                    e.close_page();
                }
            });
        });
        journey.embed.set_value(embed);
        on_cleanup(move || {
            journey.socket.update_value(|s| *s = None);
            journey.timers.update_value(|t| *t = Timers::default());
            journey.network.update_value(|n| *n = None);
        });
        journey.dispatch(match read {
            Some((session, preflight)) if session.session_id == journey.session_id() => {
                Event::BootWith(Box::new(session), preflight)
            }
            _ => Event::Boot,
        });
        if !network::is_online() {
            journey.dispatch(Event::WentOffline);
        }
        let watch = NetworkWatch::start(move |online| {
            journey.dispatch(match online {
                true => Event::WentOnline,
                false => Event::WentOffline,
            })
        });
        journey.network.set_value(Some(watch));
        journey
    }

    pub fn flow(&self) -> RwSignal<Flow> {
        self.flow
    }

    pub fn session_id(&self) -> String {
        self.session_id.get_value()
    }

    /// Sends the socket's notices about a handoff's phone to `f`.
    pub fn on_phone(&self, f: Callback<PhonePresence>) {
        self.phone.set_value(Some(f));
    }

    /// The session token, for the calls a screen makes itself (uploads).
    pub fn token(&self) -> String {
        self.token.get_value()
    }

    /// Tells the engine what happened and does what it says. Events arriving after the view is
    /// gone (a late answer, a timer) are dropped.
    pub fn dispatch(self, event: Event) {
        let Some(flow) = self.flow.try_get_untracked() else {
            return;
        };
        if matches!(event, Event::TimerFired(_)) && flow.offline && network::is_online() {
            // The `online` event can be missed (a tab in the background, a flaky adapter): the
            // paused timers ask the browser itself, so a lost event never leaves the app paused.
            self.dispatch(Event::WentOnline);
            return self.dispatch(event);
        }
        if let Event::TimerFired(timer) = &event {
            self.timers.update_value(|t| t.fired(*timer));
        }
        let embedded = self.embed.with_value(Option::is_some);
        let before = embedded.then(|| flow.clone());
        let (next, effects) = step(flow, event);
        if let Some(before) = before {
            self.tell_host(&before, &next);
        }
        self.flow.set(next);
        for effect in effects {
            self.run(effect);
        }
    }

    /// The host's events for this change, and its layout once the new screen is drawn.
    fn tell_host(self, before: &Flow, after: &Flow) {
        let events = idv_core::embed::events(before, after);
        if events.is_empty() {
            return;
        }
        self.embed.with_value(|e| {
            if let Some(e) = e {
                for event in &events {
                    e.post(event);
                }
            }
        });
        request_animation_frame(move || {
            self.embed.try_with_value(|e| {
                if let Some(e) = e {
                    e.post_layout();
                }
            });
        });
    }

    /// A callback for a view that sends `event` when called.
    pub fn on(self, event: Event) -> Callback<()> {
        Callback::new(move |()| self.dispatch(event.clone()))
    }

    fn run(self, effect: Effect) {
        let token = self.token.get_value();
        match effect {
            Effect::FetchSession => spawn_local(async move {
                let expected = self.session_id.get_value();
                self.dispatch(match api::client_session(&token).await {
                    Ok(session) if session.session_id == expected => Event::SessionLoaded(session),
                    // The token opens another session than the link names: a tampered link.
                    Ok(_) => Event::SessionFailed(CallFailure::Status {
                        status: 403,
                        code: "invalid_token".into(),
                    }),
                    Err(e) => Event::SessionFailed(e.into()),
                });
            }),
            Effect::FetchPreflight => spawn_local(async move {
                self.dispatch(match api::preflight(&token).await {
                    Ok(p) => Event::PreflightLoaded(p),
                    Err(e) => Event::PreflightFailed(e.into()),
                });
            }),
            Effect::PostConsent(accepted) => spawn_local(async move {
                self.dispatch(match api::consent(&token, accepted).await {
                    Ok(p) => Event::ConsentSent(p),
                    Err(e) => Event::ConsentFailed(e.into()),
                });
            }),
            Effect::OpenSocket => {
                self.socket.update_value(|s| *s = None);
                let on_event = move |e| match socket_event(e) {
                    Ok(event) => self.dispatch(event),
                    Err(phone) => {
                        if let Some(f) = self.phone.try_get_value().flatten() {
                            f.run(phone);
                        }
                    }
                };
                let session_id = self.session_id.get_value();
                match Socket::open(&token, &session_id, on_event) {
                    Ok(socket) => self.socket.update_value(|s| *s = Some(socket)),
                    Err(_) => self.dispatch(Event::SocketClosed {
                        code: 1006,
                        reason: None,
                    }),
                }
            }
            Effect::CloseSocket => self.socket.update_value(|s| *s = None),
            Effect::AskOnSocket => self.socket.with_value(|s| {
                if let Some(socket) = s {
                    socket.send_text("preflight");
                }
            }),
            Effect::StartTimer(timer, ms) => self.timers.update_value(|t| {
                // Reconnects are spread out: the core's backoff, with equal jitter drawn here.
                let ms = match timer {
                    Timer::Reconnect => jittered_ms(ms, js_sys::Math::random()),
                    _ => ms,
                };
                t.start(timer, ms, move || self.dispatch(Event::TimerFired(timer)))
            }),
            Effect::CancelTimer(timer) => self.timers.update_value(|t| t.cancel(timer)),
            Effect::Redirect(url) => location::replace(url.as_str()),
            Effect::ForgetCredentials => storage::clear_session(),
        }
    }
}

/// The journey's event, or a handoff notice that is not the journey engine's business.
fn socket_event(e: SocketEvent) -> Result<Event, PhonePresence> {
    match e {
        SocketEvent::Opened => Ok(Event::SocketOpened),
        SocketEvent::Preflight(p) => Ok(Event::Pushed(p)),
        SocketEvent::Closed { code, reason } => Ok(Event::SocketClosed { code, reason }),
        SocketEvent::Phone(phone) => Err(phone),
    }
}
