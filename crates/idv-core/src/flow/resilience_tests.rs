//! The flow under a bad network: offline and back, a half-open socket, reconnects that resync,
//! jittered backoff.

use super::*;
use crate::{Branding, SessionStatus, Step};

fn session() -> ClientSession {
    ClientSession {
        session_id: "123456789".into(),
        status: SessionStatus::InProgress,
        steps: vec![Step::Consent, Step::Document],
        locale: "en".into(),
        web_sdk_return_url: None,
        expires_at: "2026-11-21T10:30:00Z".into(),
        // From JSON, so that fields the branding gains later take their defaults.
        branding: serde_json::from_str::<Branding>(
            r##"{"name":"Bank","primary_color":"#000000"}"##,
        )
        .expect("a branding"),
    }
}

fn pf(screen: Screen, seq: u64) -> Preflight {
    Preflight {
        screen,
        seq,
        step: 2,
        step_count: 2,
    }
}

fn run(flow: Flow, events: impl IntoIterator<Item = Event>) -> (Flow, Vec<Effect>) {
    let mut all = Vec::new();
    let mut flow = flow;
    for e in events {
        let (next, fx) = step(flow, e);
        flow = next;
        all.extend(fx);
    }
    (flow, all)
}

/// On the document's front screen with the socket open.
fn on_front() -> Flow {
    let (flow, _) = run(
        Flow::new(),
        [
            Event::Boot,
            Event::SessionLoaded(session()),
            Event::SocketOpened,
            Event::Pushed(pf(Screen::DocumentFront, 3)),
        ],
    );
    assert_eq!(flow.view, View::Screen(Screen::DocumentFront));
    flow
}

fn has(fx: &[Effect], e: &Effect) -> bool {
    fx.contains(e)
}

#[test]
fn an_open_socket_gets_a_heartbeat() {
    let (_, fx) = run(Flow::new(), [Event::Boot, Event::SocketOpened]);
    assert!(has(
        &fx,
        &Effect::StartTimer(Timer::Heartbeat, HEARTBEAT_MS)
    ));
}

#[test]
fn an_answered_heartbeat_keeps_the_socket() {
    let flow = on_front();
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Heartbeat));
    assert!(has(&fx, &Effect::AskOnSocket));
    assert!(has(
        &fx,
        &Effect::StartTimer(Timer::Heartbeat, HEARTBEAT_MS)
    ));
    // The answer is the current preflight again: ignored as a screen, heard as a heartbeat.
    let (flow, fx) = step(flow, Event::Pushed(pf(Screen::DocumentFront, 3)));
    assert!(fx.is_empty(), "{fx:?}");
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Heartbeat));
    assert!(!has(&fx, &Effect::CloseSocket));
    assert_eq!(flow.socket, SocketState::Open);
}

#[test]
fn an_unanswered_heartbeat_drops_the_half_open_socket_and_lives_on_http() {
    let flow = on_front();
    let (flow, _) = step(flow, Event::TimerFired(Timer::Heartbeat));
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Heartbeat));
    assert!(has(&fx, &Effect::CloseSocket), "{fx:?}");
    assert!(has(&fx, &Effect::FetchPreflight));
    assert!(has(
        &fx,
        &Effect::StartTimer(Timer::Reconnect, RECONNECT_FIRST_MS)
    ));
    assert!(has(&fx, &Effect::StartTimer(Timer::Poll, POLL_MS)));
    assert_eq!(flow.socket, SocketState::Closed);
    assert_eq!(
        flow.view,
        View::Screen(Screen::DocumentFront),
        "the screen stays"
    );
    // The close event of the dropped socket never arrives (the socket was let go of); the
    // reconnect comes from the timer.
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Reconnect));
    assert!(has(&fx, &Effect::OpenSocket));
    assert_eq!(flow.socket, SocketState::Connecting);
}

#[test]
fn every_reconnect_resyncs_over_http() {
    let flow = on_front();
    let (flow, _) = step(
        flow,
        Event::SocketClosed {
            code: 1006,
            reason: None,
        },
    );
    let (flow, _) = step(flow, Event::TimerFired(Timer::Reconnect));
    let (flow, fx) = step(flow, Event::SocketOpened);
    assert!(has(&fx, &Effect::FetchPreflight), "{fx:?}");
    assert!(has(&fx, &Effect::CancelTimer(Timer::Poll)));
    assert_eq!(flow.reconnects, 0);
    // The first open of a page is not a reconnect: the session's load asks already.
    let (_, fx) = run(Flow::new(), [Event::Boot, Event::SocketOpened]);
    assert!(!has(&fx, &Effect::FetchPreflight));
}

#[test]
fn heartbeats_stop_with_the_socket_and_at_the_end() {
    let flow = on_front();
    let (flow, _) = step(
        flow,
        Event::SocketClosed {
            code: 1006,
            reason: None,
        },
    );
    let (_, fx) = step(flow, Event::TimerFired(Timer::Heartbeat));
    assert!(fx.is_empty(), "a stale beat does nothing: {fx:?}");
    let (_, fx) = step(on_front(), Event::Pushed(pf(Screen::Successful, 9)));
    assert!(has(&fx, &Effect::CancelTimer(Timer::Heartbeat)));
}

#[test]
fn offline_pauses_asking_and_reconnecting_and_shows_the_banner() {
    let flow = on_front();
    let (flow, fx) = step(flow, Event::WentOffline);
    assert!(fx.is_empty());
    assert!(flow.connection_problem(), "the banner shows at once");
    // The socket dies with the network: no HTTP call, the timers keep ticking idle.
    let (flow, fx) = step(
        flow,
        Event::SocketClosed {
            code: 1006,
            reason: None,
        },
    );
    assert!(!has(&fx, &Effect::FetchPreflight), "{fx:?}");
    for timer in [Timer::Poll, Timer::Reconnect, Timer::Fallback] {
        let (_, fx) = step(flow.clone(), Event::TimerFired(timer));
        assert!(!has(&fx, &Effect::FetchPreflight), "{timer:?}: {fx:?}");
        assert!(!has(&fx, &Effect::OpenSocket), "{timer:?}: {fx:?}");
    }
    assert_eq!(flow.view, View::Screen(Screen::DocumentFront));
}

#[test]
fn back_online_resyncs_and_reconnects_at_once() {
    let (flow, _) = run(
        on_front(),
        [
            Event::WentOffline,
            Event::SocketClosed {
                code: 1006,
                reason: None,
            },
            Event::TimerFired(Timer::Reconnect),
        ],
    );
    let (flow, fx) = step(flow, Event::WentOnline);
    assert!(has(&fx, &Effect::FetchPreflight), "{fx:?}");
    assert!(has(&fx, &Effect::OpenSocket), "{fx:?}");
    assert!(has(&fx, &Effect::CancelTimer(Timer::Reconnect)));
    assert!(!flow.offline);
    let (flow, _) = step(flow, Event::PreflightLoaded(pf(Screen::DocumentBack, 4)));
    assert!(!flow.connection_problem());
    assert_eq!(flow.view, View::Screen(Screen::DocumentBack));
    // Online while online changes nothing.
    let (_, fx) = step(flow, Event::WentOnline);
    assert!(fx.is_empty());
}

#[test]
fn offline_at_start_still_loads_once_back() {
    let (flow, _) = run(
        Flow::new(),
        [
            Event::Boot,
            Event::WentOffline,
            Event::SessionFailed(CallFailure::Network),
        ],
    );
    let (_, fx) = step(flow, Event::WentOnline);
    assert!(has(&fx, &Effect::FetchSession), "{fx:?}");
}

#[test]
fn a_refused_socket_stays_refused_when_back_online() {
    let (flow, _) = run(
        on_front(),
        [
            Event::SocketClosed {
                code: close::REFUSED,
                reason: None,
            },
            Event::WentOffline,
        ],
    );
    let (_, fx) = step(flow, Event::WentOnline);
    assert!(!has(&fx, &Effect::OpenSocket), "{fx:?}");
    assert!(has(&fx, &Effect::FetchPreflight));
}

#[test]
fn jitter_stays_within_half_and_all_of_the_backoff() {
    assert_eq!(jittered_ms(1000, 0.0), 500);
    assert_eq!(jittered_ms(1000, 0.999_999), 999);
    assert_eq!(jittered_ms(RECONNECT_MAX_MS, 0.5), 22_500);
    assert_eq!(jittered_ms(1000, f64::NAN), 500);
    assert_eq!(jittered_ms(1000, 7.0), 1000);
    assert_eq!(jittered_ms(0, 0.5), 0);
    for attempt in 1..40 {
        let ms = reconnect_delay_ms(attempt);
        assert!(ms <= RECONNECT_MAX_MS);
        for r in [0.0, 0.25, 0.5, 0.75, 0.9999] {
            let j = jittered_ms(ms, r);
            assert!(j >= ms / 2 && j <= ms, "{attempt} {r} {j}");
        }
    }
}
