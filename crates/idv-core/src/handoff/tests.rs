use super::*;
use crate::flow::{LinkProblem, LoadProblem};

const ORIGIN: &str = "http://127.0.0.1:8080";

fn target(inner: &str) -> Result<InnerLink, CaptureUrlError> {
    capture_target(ORIGIN, inner)
}

#[test]
fn a_start_link_of_the_own_origin_is_accepted() {
    let link =
        target("http://127.0.0.1:8080/mobile?authorization=abc123&sessionId=123456789").unwrap();
    assert_eq!(link.authorization.as_deref(), Some("abc123"));
    assert_eq!(link.session_id.as_deref(), Some("123456789"));
    assert_eq!(link.handoff, None);
    let link = target("HTTP://127.0.0.1:8080/mobile/?handoff=h%2Fx&sessionId=1#top").unwrap();
    assert_eq!(link.handoff.as_deref(), Some("h/x"));
}

#[test]
fn default_ports_and_case_do_not_matter() {
    assert!(capture_target("https://idv.example", "https://IDV.example:443/mobile?x=1").is_ok());
    assert!(capture_target("http://idv.example", "http://idv.example:80/mobile").is_ok());
    assert!(capture_target("http://[::1]:8080", "http://[::1]:8080/mobile").is_ok());
}

// The page must never become a QR generator or a redirector for someone else's link.
#[test]
fn other_origins_are_refused() {
    for inner in [
        "https://127.0.0.1:8080/mobile",
        "http://127.0.0.1:8081/mobile",
        "http://127.0.0.2:8080/mobile",
        "http://evil.example/mobile",
        "http://127.0.0.1:8080@evil.example/mobile",
        "http://evil.example@127.0.0.1:8080/mobile",
        "javascript://127.0.0.1:8080/mobile",
        "ftp://127.0.0.1:8080/mobile",
        "http://127.0.0.1:8080x/mobile",
        "http://127.0.0.1:/mobile",
    ] {
        assert_eq!(target(inner), Err(CaptureUrlError::OtherOrigin), "{inner}");
    }
}

#[test]
fn other_paths_and_shapes_are_refused() {
    assert_eq!(target(""), Err(CaptureUrlError::Empty));
    assert_eq!(
        target("/mobile?authorization=a"),
        Err(CaptureUrlError::NotAbsolute)
    );
    assert_eq!(
        target("//127.0.0.1:8080/mobile"),
        Err(CaptureUrlError::NotAbsolute)
    );
    assert_eq!(target("http:///mobile"), Err(CaptureUrlError::NotAbsolute));
    for path in [
        "/",
        "/capture?url=x",
        "/mobile/x",
        "/mobilex",
        "/Mobile",
        "/%6Dobile",
        "",
    ] {
        let inner = format!("http://127.0.0.1:8080{path}");
        assert_eq!(
            target(&inner),
            Err(CaptureUrlError::NotStartPath),
            "{inner}"
        );
    }
    for inner in [
        "http://127.0.0.1:8080/mobile?a=b c",
        "http://127.0.0.1:8080\\@evil.example/mobile",
        "http://127.0.0.1:8080/mobile\n",
        "\thttp://127.0.0.1:8080/mobile",
    ] {
        assert_eq!(
            target(inner),
            Err(CaptureUrlError::ForbiddenCharacter),
            "{inner:?}"
        );
    }
    assert_eq!(
        target("http://127.0.0.1:8080/mobile?authorization=%zz"),
        Err(CaptureUrlError::BadEncoding)
    );
    assert_eq!(
        target("http://127.0.0.1:8080/mobile?authorization=%ff"),
        Err(CaptureUrlError::BadEncoding)
    );
    assert_eq!(
        target("http://127.0.0.1:8080/mobile?authorization=%4"),
        Err(CaptureUrlError::BadEncoding)
    );
    let long = format!("http://127.0.0.1:8080/mobile?a={}", "x".repeat(5000));
    assert_eq!(target(&long), Err(CaptureUrlError::TooLong));
}

#[test]
fn a_bad_page_origin_accepts_nothing() {
    for origin in ["", "null", "file://", "http://a/b"] {
        assert!(
            capture_target(origin, "http://a/mobile").is_err(),
            "{origin}"
        );
    }
}

#[test]
fn the_phone_link_round_trips_through_the_rule() {
    let url = phone_link("http://127.0.0.1:8080/", "tok/en+1", "123456789");
    assert_eq!(
        url,
        "http://127.0.0.1:8080/mobile?handoff=tok%2Fen%2B1&sessionId=123456789"
    );
    let link = target(&url).unwrap();
    assert_eq!(link.handoff.as_deref(), Some("tok/en+1"));
    assert_eq!(link.session_id.as_deref(), Some("123456789"));
    assert_eq!(link.authorization, None);
}

#[test]
fn handoff_tokens_live_ten_minutes_at_most() {
    assert_eq!(handoff_expiry(1_000, 1_000_000_000), 1_000 + 600_000);
    // Never past the token that asked for it.
    assert_eq!(handoff_expiry(1_000, 200_000), 200_000);
}

#[test]
fn handoff_tokens_are_single_use_and_expire() {
    let fresh = HandoffRecord {
        expires_at_ms: 10_000,
        used: false,
        replaced: false,
    };
    assert_eq!(check_exchange(&fresh, 9_999), Ok(()));
    assert_eq!(check_exchange(&fresh, 10_000), Err(HandoffRefusal::Expired));
    let used = HandoffRecord {
        used: true,
        ..fresh
    };
    assert_eq!(check_exchange(&used, 0), Err(HandoffRefusal::Used));
    // Used is what happened first; it wins over a later expiry.
    assert_eq!(check_exchange(&used, 20_000), Err(HandoffRefusal::Used));
    let replaced = HandoffRecord {
        replaced: true,
        ..fresh
    };
    assert_eq!(check_exchange(&replaced, 0), Err(HandoffRefusal::Replaced));
    for r in HandoffRefusal::ALL {
        assert_eq!(HandoffRefusal::from_code(r.code()), Some(r));
    }
    assert_eq!(HandoffRefusal::from_code("invalid_token"), None);
}

#[test]
fn desktops_hand_off_what_needs_a_phone() {
    for entry in [DeskEntry::StartLink, DeskEntry::CaptureLink] {
        for s in [
            Screen::DocumentFront,
            Screen::DocumentBack,
            Screen::Liveness,
            Screen::Nfc,
        ] {
            assert!(hands_off(&View::Screen(s), entry));
        }
        for s in [
            Screen::Completed,
            Screen::Successful,
            Screen::Rejected,
            Screen::Cancel,
        ] {
            assert!(!hands_off(&View::Screen(s), entry));
        }
        assert!(!hands_off(&View::Loading, entry));
        assert!(!hands_off(
            &View::LinkRefused(LinkProblem::TokenExpired),
            entry
        ));
        assert!(!hands_off(
            &View::LoadFailed(LoadProblem::Unreachable),
            entry
        ));
    }
    // From the start link the desktop does what it can itself: welcome, consent, uploads, codes.
    for v in [
        View::Welcome,
        View::Screen(Screen::Consent),
        View::Screen(Screen::ProofOfAddress),
        View::Screen(Screen::EmailVerification),
    ] {
        assert!(!hands_off(&v, DeskEntry::StartLink), "{v:?}");
        assert!(hands_off(&v, DeskEntry::CaptureLink), "{v:?}");
    }
}

fn run(events: impl IntoIterator<Item = DeskEvent>) -> (Desk, Vec<DeskEffect>) {
    let mut desk = Desk::default();
    let mut all = Vec::new();
    for e in events {
        let (next, fx) = desk_step(desk, e);
        desk = next;
        all.extend(fx);
    }
    (desk, all)
}

fn issued() -> DeskEvent {
    DeskEvent::LinkIssued {
        url: "http://h/mobile?handoff=a".into(),
        expires_in_ms: 600_000,
    }
}

#[test]
fn the_code_is_asked_for_once_across_screens() {
    let (desk, fx) = run([
        DeskEvent::Shown,
        issued(),
        DeskEvent::Shown,
        DeskEvent::Shown,
    ]);
    assert_eq!(
        fx.iter().filter(|e| **e == DeskEffect::RequestLink).count(),
        1
    );
    assert!(fx.contains(&DeskEffect::StartTimer(DeskTimer::LinkExpiry, 600_000)));
    assert!(matches!(desk.link, LinkState::Ready { .. }));
    assert!(desk.shows_code());
}

#[test]
fn an_expired_code_waits_for_the_user_to_ask_again() {
    let (desk, _) = run([
        DeskEvent::Shown,
        issued(),
        DeskEvent::TimerFired(DeskTimer::LinkExpiry),
    ]);
    assert_eq!(desk.link, LinkState::Expired);
    let (desk, fx) = desk_step(desk, DeskEvent::Shown);
    assert!(fx.is_empty());
    let (desk, fx) = desk_step(desk, DeskEvent::Refresh);
    assert_eq!(desk.link, LinkState::Requesting);
    assert!(fx.contains(&DeskEffect::RequestLink));
    // A second tap while asking asks nothing more.
    let (_, fx) = desk_step(desk, DeskEvent::Refresh);
    assert!(fx.is_empty());
}

#[test]
fn a_failed_request_can_be_retried() {
    let (desk, _) = run([DeskEvent::Shown, DeskEvent::LinkFailed]);
    assert_eq!(desk.link, LinkState::Failed);
    let (desk, fx) = desk_step(desk, DeskEvent::Refresh);
    assert_eq!(desk.link, LinkState::Requesting);
    assert_eq!(fx.last(), Some(&DeskEffect::RequestLink));
    // A late answer to an abandoned request does not resurrect anything.
    let (late, _) = run([DeskEvent::Shown, issued(), DeskEvent::LinkFailed]);
    assert!(matches!(late.link, LinkState::Ready { .. }));
}

#[test]
fn the_phone_connecting_spends_the_code() {
    let (desk, fx) = run([
        DeskEvent::Shown,
        issued(),
        DeskEvent::Phone(PhonePresence::Connected),
    ]);
    assert_eq!(desk.phone, PhoneState::Connected);
    assert_eq!(desk.link, LinkState::Used);
    assert!(!desk.shows_code());
    assert!(fx.contains(&DeskEffect::CancelTimer(DeskTimer::LinkExpiry)));
    // Refresh does nothing while the phone is there.
    let (desk, fx) = desk_step(desk, DeskEvent::Refresh);
    assert!(fx.is_empty());
    assert_eq!(desk.phone, PhoneState::Connected);
}

#[test]
fn a_phone_that_goes_quiet_is_reported_after_a_grace_period() {
    let (desk, fx) = run([
        DeskEvent::Shown,
        issued(),
        DeskEvent::Phone(PhonePresence::Connected),
        DeskEvent::Phone(PhonePresence::Disconnected),
    ]);
    assert!(fx.contains(&DeskEffect::StartTimer(DeskTimer::Quiet, QUIET_AFTER_MS)));
    // Still connected during the grace period: a locked screen drops the socket briefly.
    assert_eq!(desk.phone, PhoneState::Connected);
    let (back, fx) = desk_step(desk.clone(), DeskEvent::Phone(PhonePresence::Connected));
    assert_eq!(back.phone, PhoneState::Connected);
    assert!(fx.contains(&DeskEffect::CancelTimer(DeskTimer::Quiet)));

    let (quiet, _) = desk_step(desk, DeskEvent::TimerFired(DeskTimer::Quiet));
    assert_eq!(quiet.phone, PhoneState::Quiet);
    assert!(!quiet.shows_code(), "the spent code is not shown again");
    // A new QR code on request; the phone coming back instead also ends the quiet.
    let (again, fx) = desk_step(quiet.clone(), DeskEvent::Refresh);
    assert_eq!(again.phone, PhoneState::Waiting);
    assert!(fx.contains(&DeskEffect::RequestLink));
    let (back, _) = desk_step(quiet, DeskEvent::Phone(PhonePresence::Connected));
    assert_eq!(back.phone, PhoneState::Connected);
}

#[test]
fn a_disconnect_without_a_phone_means_nothing() {
    let (desk, fx) = run([
        DeskEvent::Shown,
        issued(),
        DeskEvent::Phone(PhonePresence::Disconnected),
    ]);
    assert_eq!(desk.phone, PhoneState::Waiting);
    assert!(!fx
        .iter()
        .any(|e| matches!(e, DeskEffect::StartTimer(DeskTimer::Quiet, _))));
    let (desk, _) = desk_step(desk, DeskEvent::TimerFired(DeskTimer::Quiet));
    assert_eq!(desk.phone, PhoneState::Waiting);
}
