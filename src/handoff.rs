//! The imperative shell of the desktop to phone handoff: it runs the core's desktop machine
//! (`idv_core::handoff::desk_step`), asking the platform for links and keeping its timers, and
//! on the phone it exchanges the QR code's handoff token for a session token of its own.

use crate::api::{self, CallError};
use crate::browser::{device, storage, timers::Timers};
use crate::entry::SessionCredentials;
use crate::journey::Journey;
use idv_core::handoff::{
    desk_step, phone_link, Desk, DeskEffect, DeskEvent, DeskTimer, HandoffRefusal,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The desktop's handoff state, alive as long as its journey; `Copy` for views and callbacks.
#[derive(Clone, Copy)]
pub struct DeskHandle {
    desk: RwSignal<Desk>,
    journey: Journey,
    timers: StoredValue<Timers<DeskTimer>, LocalStorage>,
}

impl DeskHandle {
    /// Starts following the phone; nothing is asked of the platform until the handoff screen
    /// is first shown.
    pub fn start(journey: Journey) -> DeskHandle {
        let handle = DeskHandle {
            desk: RwSignal::new(Desk::default()),
            journey,
            timers: StoredValue::new_local(Timers::default()),
        };
        journey.on_phone(Callback::new(move |presence| {
            handle.dispatch(DeskEvent::Phone(presence))
        }));
        on_cleanup(move || handle.timers.update_value(|t| *t = Timers::default()));
        handle
    }

    pub fn desk(&self) -> RwSignal<Desk> {
        self.desk
    }

    pub fn dispatch(self, event: DeskEvent) {
        let Some(desk) = self.desk.try_get_untracked() else {
            return;
        };
        if let DeskEvent::TimerFired(timer) = &event {
            self.timers.update_value(|t| t.fired(*timer));
        }
        let (next, effects) = desk_step(desk, event);
        self.desk.set(next);
        for effect in effects {
            self.run(effect);
        }
    }

    pub fn on(self, event: DeskEvent) -> Callback<()> {
        Callback::new(move |()| self.dispatch(event.clone()))
    }

    fn run(self, effect: DeskEffect) {
        match effect {
            DeskEffect::RequestLink => spawn_local(async move {
                let issued = api::issue_handoff(&self.journey.token()).await;
                let origin = device::origin();
                self.dispatch(match (issued, origin) {
                    // The link is written on this page's own origin, whatever the platform
                    // thinks its public address is: the phone must reach this app.
                    (Ok(issued), Some(origin)) => DeskEvent::LinkIssued {
                        url: phone_link(&origin, &issued.handoff_token, &self.journey.session_id()),
                        expires_in_ms: issued.expires_in.saturating_mul(1000),
                    },
                    _ => DeskEvent::LinkFailed,
                });
            }),
            DeskEffect::StartTimer(timer, ms) => self.timers.update_value(|t| {
                t.start(timer, ms, move || {
                    self.dispatch(DeskEvent::TimerFired(timer))
                })
            }),
            DeskEffect::CancelTimer(timer) => self.timers.update_value(|t| t.cancel(timer)),
        }
    }
}

/// The QR code of `url` as an SVG document (no `style` attribute: the CSP forbids inline
/// styles), or `None` if the link is too long for a QR code.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(264, 264)
        .quiet_zone(true)
        .build();
    // The XML declaration means nothing inside an HTML document.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_owned())
}

/// How the phone's exchange of a handoff token ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exchange {
    Exchanging,
    Done(SessionCredentials),
    /// Used, replaced or expired: only a new QR code on the computer helps.
    Refused(HandoffRefusal),
    /// A token the platform never issued, or an answer for another session.
    Invalid,
    /// No answer; trying again may help.
    Failed,
}

/// Exchanges the phone's handoff token once; `retry` tries again after a network failure.
pub fn exchange(handoff: String, session_id: String) -> (ReadSignal<Exchange>, Callback<()>) {
    let (state, set_state) = signal(Exchange::Exchanging);
    let attempt = Callback::new(move |()| {
        set_state.set(Exchange::Exchanging);
        let (handoff, session_id) = (handoff.clone(), session_id.clone());
        spawn_local(async move {
            let outcome = match api::exchange_handoff(&handoff).await {
                Ok(answer) if answer.session_id == session_id => {
                    let credentials = SessionCredentials {
                        via_handoff: true,
                        ..SessionCredentials::new(answer.token, answer.session_id)
                    };
                    // Saved before anything else: the handoff token is spent, a reload must
                    // resume with the phone's own token.
                    storage::save_session(&credentials);
                    Exchange::Done(credentials)
                }
                Ok(_) => Exchange::Invalid,
                // A finished session is a dead link too: the integrator's service has the rest.
                Err(CallError::Rejected { code, .. }) => {
                    HandoffRefusal::from_code(&code).map_or(Exchange::Invalid, Exchange::Refused)
                }
                Err(CallError::Unauthorized { .. }) => Exchange::Invalid,
                Err(_) => Exchange::Failed,
            };
            let _ = set_state.try_set(outcome);
        });
    });
    attempt.run(());
    (state, attempt)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The CSP forbids inline styles: the SVG must draw with attributes only.
    #[test]
    fn the_qr_code_is_plain_svg() {
        let svg = qr_svg("http://127.0.0.1:8080/mobile?handoff=abc&sessionId=123456789").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("style"));
        assert!(!svg.contains("<?xml"));
    }

    #[test]
    fn an_absurdly_long_link_has_no_code() {
        assert_eq!(qr_svg(&"x".repeat(8000)), None);
    }
}
