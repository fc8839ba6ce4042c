use super::*;
use crate::{Branding, SessionStatus, Step};

fn session(return_url: Option<&str>) -> ClientSession {
    ClientSession {
        session_id: "123456789".into(),
        status: SessionStatus::Pending,
        steps: vec![Step::Consent, Step::Document],
        locale: "en".into(),
        web_sdk_return_url: return_url.map(Into::into),
        expires_at: "2026-11-21T10:30:00Z".into(),
        branding: Branding {
            name: "Bank".into(),
            primary_color: "#000000".into(),
            logo_url: None,
        },
    }
}

fn pf(screen: Screen, seq: u64) -> Preflight {
    Preflight {
        screen,
        seq,
        step: 1,
        step_count: 2,
    }
}

/// Runs events in order; returns the flow and every effect, in order.
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

/// Booted, session loaded with this return URL, socket open, on the consent screen.
fn at_consent(return_url: Option<&str>) -> Flow {
    let (flow, _) = run(
        Flow::new(),
        [
            Event::Boot,
            Event::SessionLoaded(session(return_url)),
            Event::SocketOpened,
            Event::Pushed(pf(Screen::Consent, 1)),
            Event::Start,
        ],
    );
    assert_eq!(flow.view, View::Screen(Screen::Consent));
    flow
}

fn redirects(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::Redirect(_)))
        .count()
}

#[test]
fn boot_loads_the_session_and_opens_the_socket() {
    let (flow, fx) = step(Flow::new(), Event::Boot);
    assert_eq!(fx, vec![Effect::FetchSession, Effect::OpenSocket]);
    assert_eq!(flow.view, View::Loading);
    assert_eq!(flow.socket, SocketState::Connecting);
}

#[test]
fn a_journey_started_on_the_first_modules_welcome_opens_at_consent() {
    let started = Flow {
        started: true,
        ..Flow::new()
    };
    let (flow, _) = run(
        started,
        [
            Event::Boot,
            Event::SessionLoaded(session(None)),
            Event::PreflightLoaded(pf(Screen::Consent, 1)),
        ],
    );
    assert_eq!(flow.view, View::Screen(Screen::Consent));
}

#[test]
fn booting_with_what_the_first_module_read_asks_for_nothing_again() {
    let started = Flow {
        started: true,
        ..Flow::new()
    };
    let seeded = Event::BootWith(Box::new(session(None)), pf(Screen::Consent, 1));
    let (flow, fx) = step(started, seeded);
    assert_eq!(flow.view, View::Screen(Screen::Consent));
    assert!(fx.contains(&Effect::OpenSocket), "{fx:?}");
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::FetchSession | Effect::FetchPreflight)),
        "{fx:?}"
    );
    // The same as booting and being answered.
    let (answered, _) = run(
        Flow {
            started: true,
            ..Flow::new()
        },
        [
            Event::Boot,
            Event::SessionLoaded(session(None)),
            Event::PreflightLoaded(pf(Screen::Consent, 1)),
        ],
    );
    assert_eq!(flow, answered);
}

#[test]
fn welcome_first_then_consent_on_start() {
    let (flow, fx) = run(
        Flow::new(),
        [Event::Boot, Event::SessionLoaded(session(None))],
    );
    assert!(fx.contains(&Effect::FetchPreflight));
    assert_eq!(flow.view, View::Loading);
    let (flow, fx) = step(flow, Event::PreflightLoaded(pf(Screen::Consent, 1)));
    assert_eq!(flow.view, View::Welcome);
    assert_eq!(fx, vec![Effect::StartTimer(Timer::Fallback, 10_000)]);
    let (flow, _) = step(flow, Event::Start);
    assert_eq!(flow.view, View::Screen(Screen::Consent));
}

#[test]
fn a_push_before_the_session_waits_for_it() {
    let (flow, _) = run(
        Flow::new(),
        [Event::Boot, Event::Pushed(pf(Screen::DocumentFront, 2))],
    );
    assert_eq!(flow.view, View::Loading);
    let (flow, _) = step(flow, Event::SessionLoaded(session(None)));
    assert_eq!(flow.view, View::Screen(Screen::DocumentFront));
}

// A reload in the middle of the journey goes straight back to the current step.
#[test]
fn resuming_past_consent_skips_the_welcome() {
    let (flow, _) = run(
        Flow::new(),
        [
            Event::Boot,
            Event::SessionLoaded(session(None)),
            Event::PreflightLoaded(pf(Screen::DocumentFront, 2)),
        ],
    );
    assert_eq!(flow.view, View::Screen(Screen::DocumentFront));
    assert!(flow.started);
}

#[test]
fn each_screen_waits_as_the_brief_says() {
    let table = [
        (Screen::Consent, Some(10_000)),
        (Screen::DocumentFront, Some(90_000)),
        (Screen::DocumentBack, Some(90_000)),
        (Screen::Liveness, Some(10_000)),
        (Screen::ProofOfAddress, Some(10_000)),
        (Screen::ProofOfFunds, Some(10_000)),
        (Screen::PhoneVerification, Some(10_000)),
        (Screen::EmailVerification, Some(30_000)),
        (Screen::Nfc, Some(10_000)),
        (Screen::Completed, Some(10_000)),
        (Screen::Unknown("video_selfie".into()), Some(10_000)),
        (Screen::Successful, None),
        (Screen::Rejected, None),
        (Screen::Cancel, None),
    ];
    for (screen, wait) in table {
        let (_, fx) = step(at_consent(None), Event::Pushed(pf(screen.clone(), 5)));
        let expected = match wait {
            Some(ms) => Effect::StartTimer(Timer::Fallback, ms),
            None => Effect::CancelTimer(Timer::Fallback),
        };
        assert_eq!(fx.first(), Some(&expected), "{screen:?}");
    }
}

#[test]
fn after_the_wait_ask_the_socket_then_http_if_it_stays_silent() {
    let flow = at_consent(None);
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Fallback));
    assert_eq!(
        fx,
        vec![
            Effect::AskOnSocket,
            Effect::StartTimer(Timer::Fallback, 10_000)
        ]
    );
    // No answer on the socket: it may be half-open, so the next ask goes over HTTP.
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Fallback));
    assert_eq!(
        fx,
        vec![
            Effect::FetchPreflight,
            Effect::StartTimer(Timer::Fallback, 10_000)
        ]
    );
    // An answer on the socket (even a repeat of the same seq) shows it is alive again.
    let (flow, _) = step(flow, Event::Pushed(pf(Screen::Consent, 1)));
    let (_, fx) = step(flow, Event::TimerFired(Timer::Fallback));
    assert_eq!(fx[0], Effect::AskOnSocket);
}

#[test]
fn stale_duplicate_and_out_of_order_preflights_change_nothing() {
    let (flow, _) = step(at_consent(None), Event::Pushed(pf(Screen::Liveness, 4)));
    for old in [
        Event::Pushed(pf(Screen::Liveness, 4)),
        Event::Pushed(pf(Screen::DocumentFront, 3)),
        Event::PreflightLoaded(pf(Screen::Consent, 1)),
        Event::ConsentSent(pf(Screen::DocumentFront, 2)),
    ] {
        let (next, fx) = step(flow.clone(), old.clone());
        assert_eq!(next.view, View::Screen(Screen::Liveness), "{old:?}");
        assert_eq!(next.current, flow.current);
        assert!(
            !fx.iter().any(|e| matches!(e, Effect::StartTimer(..))),
            "{old:?}"
        );
    }
    // A jump forward is fine: the platform decides, seq orders.
    let (flow, _) = step(flow, Event::Pushed(pf(Screen::ProofOfFunds, 9)));
    assert_eq!(flow.view, View::Screen(Screen::ProofOfFunds));
}

#[test]
fn unknown_screens_are_shown_as_such_and_can_be_asked_again() {
    let (flow, _) = step(
        at_consent(None),
        Event::Pushed(pf(Screen::Unknown("video_call_screen".into()), 2)),
    );
    assert_eq!(
        flow.view,
        View::Screen(Screen::Unknown("video_call_screen".into()))
    );
    let (flow, fx) = step(flow, Event::CheckAgain);
    assert_eq!(fx, vec![Effect::FetchPreflight]);
    let (flow, _) = step(flow, Event::PreflightLoaded(pf(Screen::Liveness, 3)));
    assert_eq!(flow.view, View::Screen(Screen::Liveness));
}

#[test]
fn too_many_sockets_or_a_flood_is_taken_as_a_refusal() {
    for reason in ["too_many_sockets", "rate_limited"] {
        let (flow, fx) = step(
            at_consent(None),
            Event::SocketClosed {
                code: close::TOO_MANY,
                reason: Some(reason.into()),
            },
        );
        assert_eq!(flow.socket, SocketState::Refused);
        assert_eq!(
            fx,
            vec![
                Effect::StartTimer(Timer::Reconnect, RECONNECT_MAX_MS),
                Effect::FetchPreflight,
                Effect::StartTimer(Timer::Poll, POLL_MS),
            ]
        );
    }
}

#[test]
fn a_refused_socket_means_living_on_http_polling() {
    let flow = at_consent(None);
    let (flow, fx) = step(
        flow,
        Event::SocketClosed {
            code: close::REFUSED,
            reason: Some("websocket_refused".into()),
        },
    );
    assert_eq!(flow.socket, SocketState::Refused);
    assert_eq!(
        fx,
        vec![
            Effect::StartTimer(Timer::Reconnect, RECONNECT_MAX_MS),
            Effect::FetchPreflight,
            Effect::StartTimer(Timer::Poll, POLL_MS),
        ]
    );
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Poll));
    assert_eq!(
        fx,
        vec![
            Effect::FetchPreflight,
            Effect::StartTimer(Timer::Poll, POLL_MS)
        ]
    );
    // The fallback wait goes to HTTP too while the socket is down.
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Fallback));
    assert_eq!(fx[0], Effect::FetchPreflight);
    // Progress arrives over HTTP.
    let (flow, _) = step(flow, Event::PreflightLoaded(pf(Screen::Completed, 2)));
    assert_eq!(flow.view, View::Screen(Screen::Completed));
    // A later reconnect that works stops the polling, starts the heartbeat and resyncs once.
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Reconnect));
    assert_eq!(fx, vec![Effect::OpenSocket]);
    let (flow, fx) = step(flow, Event::SocketOpened);
    assert_eq!(
        fx,
        vec![
            Effect::CancelTimer(Timer::Poll),
            Effect::StartTimer(Timer::Heartbeat, HEARTBEAT_MS),
            Effect::FetchPreflight
        ]
    );
    let (_, fx) = step(flow, Event::TimerFired(Timer::Poll));
    assert!(fx.is_empty());
}

#[test]
fn a_lost_socket_reconnects_with_capped_backoff_and_recovers() {
    let mut flow = at_consent(None);
    let mut delays = Vec::new();
    for _ in 0..8 {
        let (next, fx) = step(
            flow,
            Event::SocketClosed {
                code: 1006,
                reason: None,
            },
        );
        flow = next;
        for e in fx {
            if let Effect::StartTimer(Timer::Reconnect, ms) = e {
                delays.push(ms);
            }
        }
        let (next, fx) = step(flow, Event::TimerFired(Timer::Reconnect));
        assert_eq!(fx, vec![Effect::OpenSocket]);
        flow = next;
    }
    assert_eq!(
        delays,
        vec![1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
    );
    let (flow, _) = step(flow, Event::SocketOpened);
    assert_eq!(flow.reconnects, 0);
    // Pushes on the new socket carry on where the journey was.
    let (flow, _) = step(flow, Event::Pushed(pf(Screen::DocumentFront, 2)));
    assert_eq!(flow.view, View::Screen(Screen::DocumentFront));
}

#[test]
fn an_expired_token_on_the_socket_or_http_shows_the_link_screen() {
    let (flow, fx) = step(
        at_consent(None),
        Event::SocketClosed {
            code: close::UNAUTHORIZED,
            reason: Some("token_expired".into()),
        },
    );
    assert_eq!(flow.view, View::LinkRefused(LinkProblem::TokenExpired));
    assert!(fx.contains(&Effect::ForgetCredentials));
    assert!(fx.contains(&Effect::CloseSocket));
    assert!(!fx.iter().any(|e| matches!(e, Effect::StartTimer(..))));

    let (flow, _) = run(
        Flow::new(),
        [
            Event::Boot,
            Event::SessionFailed(CallFailure::Status {
                status: 401,
                code: "invalid_token".into(),
            }),
        ],
    );
    assert_eq!(flow.view, View::LinkRefused(LinkProblem::InvalidToken));
    // Nothing brings a refused link back.
    let (flow, _) = step(flow, Event::Pushed(pf(Screen::Consent, 1)));
    assert_eq!(flow.view, View::LinkRefused(LinkProblem::InvalidToken));
}

#[test]
fn loading_failures_offer_a_retry() {
    let (flow, _) = run(
        Flow::new(),
        [Event::Boot, Event::SessionFailed(CallFailure::Network)],
    );
    assert_eq!(flow.view, View::LoadFailed(LoadProblem::Unreachable));
    let (flow, fx) = step(flow, Event::Retry);
    assert_eq!(fx, vec![Effect::FetchSession]);
    assert_eq!(flow.view, View::Loading);
    let (flow, _) = step(flow, Event::SessionFailed(CallFailure::Unreadable));
    assert_eq!(flow.view, View::LoadFailed(LoadProblem::Unexpected));
}

#[test]
fn consent_is_sent_once_and_a_failed_send_can_be_retried() {
    let flow = at_consent(None);
    let (flow, fx) = step(flow, Event::Consent(true));
    assert_eq!(fx, vec![Effect::PostConsent(true)]);
    // A double tap while the call is out sends nothing more.
    let (flow, fx) = step(flow, Event::Consent(false));
    assert!(fx.is_empty());
    let (flow, fx) = step(flow, Event::ConsentFailed(CallFailure::Network));
    assert!(fx.is_empty());
    assert!(flow.action_failed);
    let (flow, fx) = step(flow, Event::Retry);
    assert_eq!(fx, vec![Effect::PostConsent(true)]);
    let (flow, _) = step(flow, Event::ConsentSent(pf(Screen::DocumentFront, 2)));
    assert_eq!(flow.view, View::Screen(Screen::DocumentFront));
    assert_eq!(flow.pending_consent, None);
}

#[test]
fn a_conflicting_consent_resyncs_instead_of_failing() {
    let (flow, _) = step(at_consent(None), Event::Consent(true));
    let (flow, fx) = step(
        flow,
        Event::ConsentFailed(CallFailure::Status {
            status: 409,
            code: "step_out_of_order".into(),
        }),
    );
    assert_eq!(fx, vec![Effect::FetchPreflight]);
    assert!(!flow.action_failed);
}

#[test]
fn a_decision_redirects_once_to_a_usable_return_url() {
    let flow = at_consent(Some("https://bank.example/done"));
    let (flow, _) = step(flow, Event::Consent(true));
    let (flow, fx) = step(flow, Event::ConsentSent(pf(Screen::Successful, 2)));
    assert_eq!(flow.view, View::Screen(Screen::Successful));
    assert!(fx.contains(&Effect::StartTimer(Timer::Redirect, REDIRECT_DELAY_MS)));
    assert!(fx.contains(&Effect::CloseSocket));
    assert!(fx.contains(&Effect::CancelTimer(Timer::Poll)));
    let (flow, fx) = step(flow, Event::TimerFired(Timer::Redirect));
    let url = ReturnUrl::parse("https://bank.example/done").unwrap();
    assert!(fx.contains(&Effect::Redirect(url)));
    assert!(fx.contains(&Effect::ForgetCredentials));
    // Exactly once, whatever comes after.
    let (_, fx) = run(
        flow,
        [
            Event::TimerFired(Timer::Redirect),
            Event::ReturnNow,
            Event::Pushed(pf(Screen::Successful, 3)),
        ],
    );
    assert_eq!(redirects(&fx), 0);
}

#[test]
fn return_now_skips_the_wait() {
    let flow = at_consent(Some("http://localhost:3000/back"));
    let (flow, _) = step(flow, Event::Consent(false));
    let (flow, _) = step(flow, Event::ConsentSent(pf(Screen::Cancel, 2)));
    let (flow, fx) = step(flow, Event::ReturnNow);
    assert_eq!(redirects(&fx), 1);
    assert!(fx.contains(&Effect::CancelTimer(Timer::Redirect)));
    let (_, fx) = step(flow, Event::TimerFired(Timer::Redirect));
    assert_eq!(redirects(&fx), 0);
}

#[test]
fn unusable_return_urls_never_navigate() {
    for raw in [
        "javascript:alert(1)",
        "http://evil.example/",
        "https://ok@evil.example/",
        "//evil.example",
        "data:text/html,hi",
        "",
    ] {
        let flow = at_consent(Some(raw));
        assert_eq!(flow.redirect, Redirect::Unavailable, "{raw}");
        let (_, fx) = run(
            flow,
            [
                Event::Consent(true),
                Event::ConsentSent(pf(Screen::Successful, 2)),
                Event::TimerFired(Timer::Redirect),
                Event::ReturnNow,
            ],
        );
        assert_eq!(redirects(&fx), 0, "{raw}");
        assert!(!fx.contains(&Effect::StartTimer(Timer::Redirect, REDIRECT_DELAY_MS)));
    }
    let (_, fx) = run(
        at_consent(None),
        [
            Event::ConsentSent(pf(Screen::Rejected, 2)),
            Event::ReturnNow,
        ],
    );
    assert_eq!(redirects(&fx), 0);
}

#[test]
fn completed_waits_for_the_decision_while_the_redirect_counts_down() {
    let flow = at_consent(Some("https://bank.example/done"));
    let (flow, fx) = step(flow, Event::Pushed(pf(Screen::Completed, 2)));
    assert!(fx.contains(&Effect::StartTimer(Timer::Redirect, REDIRECT_DELAY_MS)));
    assert!(!fx.contains(&Effect::CloseSocket));
    let (flow, fx) = step(flow, Event::Pushed(pf(Screen::Successful, 3)));
    assert_eq!(flow.view, View::Screen(Screen::Successful));
    // The countdown started on completed is not restarted.
    assert!(!fx
        .iter()
        .any(|e| matches!(e, Effect::StartTimer(Timer::Redirect, _))));
    let (_, fx) = step(flow, Event::TimerFired(Timer::Redirect));
    assert_eq!(redirects(&fx), 1);
}

#[test]
fn a_decision_is_never_left() {
    let (flow, _) = step(at_consent(None), Event::Pushed(pf(Screen::Rejected, 2)));
    let (flow, fx) = run(
        flow,
        [
            Event::Pushed(pf(Screen::Consent, 7)),
            Event::PreflightLoaded(pf(Screen::Successful, 8)),
            Event::SocketOpened,
            Event::SocketClosed {
                code: 1006,
                reason: None,
            },
            Event::TimerFired(Timer::Poll),
            Event::TimerFired(Timer::Fallback),
            Event::TimerFired(Timer::Reconnect),
            Event::SessionFailed(CallFailure::Status {
                status: 401,
                code: "token_expired".into(),
            }),
        ],
    );
    assert_eq!(flow.view, View::Screen(Screen::Rejected));
    assert!(!fx.contains(&Effect::OpenSocket));
    assert!(!fx.contains(&Effect::FetchPreflight));
}

#[test]
fn repeated_failures_raise_the_connection_banner_and_success_lowers_it() {
    let flow = at_consent(None);
    let (flow, _) = step(flow, Event::PreflightFailed(CallFailure::Network));
    assert!(!flow.connection_problem());
    let (flow, _) = step(
        flow,
        Event::PreflightFailed(CallFailure::Status {
            status: 503,
            code: "internal".into(),
        }),
    );
    assert!(flow.connection_problem());
    assert_eq!(flow.view, View::Screen(Screen::Consent));
    let (flow, _) = step(flow, Event::PreflightLoaded(pf(Screen::Consent, 1)));
    assert!(!flow.connection_problem());
}

#[test]
fn backoff_is_capped() {
    assert_eq!(reconnect_delay_ms(1), 1_000);
    assert_eq!(reconnect_delay_ms(5), 16_000);
    assert_eq!(reconnect_delay_ms(6), 30_000);
    assert_eq!(reconnect_delay_ms(u32::MAX), 30_000);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn screen() -> impl Strategy<Value = Screen> {
        prop_oneof![
            prop::sample::select(Screen::known().collect::<Vec<_>>()),
            Just(Screen::Unknown("mystery_screen".into())),
        ]
    }

    fn preflight() -> impl Strategy<Value = Preflight> {
        (screen(), 0u64..12).prop_map(|(s, seq)| pf(s, seq))
    }

    fn failure() -> impl Strategy<Value = CallFailure> {
        prop_oneof![
            Just(CallFailure::Network),
            Just(CallFailure::Unreadable),
            (
                prop::sample::select(vec![401u16, 404, 409, 422, 500, 503]),
                prop::sample::select(vec![
                    "token_expired",
                    "invalid_token",
                    "step_out_of_order",
                    "internal"
                ])
            )
                .prop_map(|(status, code)| CallFailure::Status {
                    status,
                    code: code.into()
                }),
        ]
    }

    fn event() -> impl Strategy<Value = Event> {
        let timer = prop::sample::select(vec![
            Timer::Fallback,
            Timer::Poll,
            Timer::Reconnect,
            Timer::Redirect,
        ]);
        let return_url = prop::sample::select(vec![
            None,
            Some("https://bank.example/"),
            Some("javascript:x"),
        ]);
        prop_oneof![
            Just(Event::Boot),
            return_url.prop_map(|u| Event::SessionLoaded(session(u))),
            failure().prop_map(Event::SessionFailed),
            preflight().prop_map(Event::PreflightLoaded),
            failure().prop_map(Event::PreflightFailed),
            Just(Event::SocketOpened),
            preflight().prop_map(Event::Pushed),
            (
                prop::sample::select(vec![1000u16, 1006, 4000, 4401, 4403, 4503]),
                prop::option::of(Just("token_expired".to_string()))
            )
                .prop_map(|(code, reason)| Event::SocketClosed { code, reason }),
            timer.prop_map(Event::TimerFired),
            Just(Event::Start),
            any::<bool>().prop_map(Event::Consent),
            preflight().prop_map(Event::ConsentSent),
            failure().prop_map(Event::ConsentFailed),
            Just(Event::Retry),
            Just(Event::CheckAgain),
            Just(Event::ReturnNow),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        // Whatever happens, in whatever order: seq never goes back, a decision is never left,
        // at most one redirect, and only ever to a URL the rule accepts.
        #[test]
        fn invariants_hold(events in prop::collection::vec(event(), 1..40)) {
            let mut flow = Flow::new();
            let mut redirects = 0;
            for e in events {
                let booted = e == Event::Boot;
                let before = flow.clone();
                let (next, fx) = step(flow, e);
                if !booted {
                    if let (Some(a), Some(b)) = (&before.current, &next.current) {
                        prop_assert!(b.seq >= a.seq);
                    }
                    if let View::Screen(s) = &before.view {
                        if is_decision(s) {
                            prop_assert_eq!(&next.view, &before.view);
                        }
                    }
                } else {
                    redirects = 0;
                }
                for effect in &fx {
                    if let Effect::Redirect(url) = effect {
                        redirects += 1;
                        prop_assert!(url.as_str().starts_with("https://"));
                    }
                }
                prop_assert!(redirects <= 1);
                flow = next;
            }
        }
    }
}
