use super::*;
use crate::flow::{step, Event, Flow};
use crate::Preflight;

fn json(e: &EmbedEvent) -> serde_json::Value {
    serde_json::to_value(e.envelope()).unwrap()
}

fn at(screen: &str, step: u32, count: u32) -> Flow {
    let mut f = Flow::new();
    f.view = View::Screen(Screen::from_name(screen));
    f.current = Some(Preflight {
        screen: Screen::from_name(screen),
        seq: 1,
        step,
        step_count: count,
    });
    f
}

#[test]
fn the_envelope_is_flat_and_versioned() {
    assert_eq!(
        json(&EmbedEvent::Screen {
            screen: "consent_screen".into(),
            step: 1,
            step_count: 3
        }),
        serde_json::json!({"source": "idv-capture", "version": 1, "type": "screen",
            "screen": "consent_screen", "step": 1, "step_count": 3})
    );
    assert_eq!(
        json(&EmbedEvent::Cancelled),
        serde_json::json!({"source": "idv-capture", "version": 1, "type": "cancelled"})
    );
    assert_eq!(
        json(&EmbedEvent::Error {
            code: "token_expired".into(),
            reason: None,
        }),
        serde_json::json!({"source": "idv-capture", "version": 1, "type": "error",
            "code": "token_expired"})
    );
}

#[test]
fn a_refused_camera_tells_the_host_who_refused_it() {
    use crate::capture::CameraProblem;
    assert_eq!(
        json(&camera_event(CameraProblem::FrameRefused).unwrap()),
        serde_json::json!({"source": "idv-capture", "version": 1, "type": "error",
            "code": "camera_denied", "reason": "frame"})
    );
    assert_eq!(
        camera_event(CameraProblem::Denied),
        Some(EmbedEvent::Error {
            code: "camera_denied".into(),
            reason: Some("user".into())
        })
    );
    for problem in [
        CameraProblem::NotFound,
        CameraProblem::Busy,
        CameraProblem::Unsupported,
        CameraProblem::InAppBrowser,
    ] {
        assert_eq!(camera_event(problem), None, "{problem:?}");
    }
}

#[test]
fn moving_to_a_later_step_completes_the_one_left() {
    let e = events(
        &at("consent_screen", 1, 3),
        &at("scan_id_document_front_screen", 2, 3),
    );
    assert_eq!(
        e,
        [
            EmbedEvent::StepCompleted { step: 1 },
            EmbedEvent::Screen {
                screen: "scan_id_document_front_screen".into(),
                step: 2,
                step_count: 3
            }
        ]
    );
    // Front to back is the same step: no completion.
    let e = events(
        &at("scan_id_document_front_screen", 2, 3),
        &at("scan_id_document_back_screen", 2, 3),
    );
    assert!(
        !e.iter()
            .any(|e| matches!(e, EmbedEvent::StepCompleted { .. })),
        "{e:?}"
    );
}

#[test]
fn final_screens_end_the_journey_for_the_host() {
    let e = events(&at("liveness_screen", 3, 3), &at("completed_screen", 0, 3));
    assert_eq!(e.first(), Some(&EmbedEvent::StepCompleted { step: 3 }));
    assert_eq!(
        e.last(),
        Some(&EmbedEvent::Completed {
            status: "completed".into()
        })
    );
    let e = events(
        &at("completed_screen", 0, 3),
        &at("successful_screen", 0, 3),
    );
    assert_eq!(
        e.last(),
        Some(&EmbedEvent::Completed {
            status: "successful".into()
        })
    );
    let e = events(&at("consent_screen", 1, 1), &at("cancel_screen", 0, 1));
    assert_eq!(e.last(), Some(&EmbedEvent::Cancelled));
}

#[test]
fn nothing_new_is_nothing_to_say() {
    assert!(events(&at("consent_screen", 1, 3), &at("consent_screen", 1, 3)).is_empty());
    assert!(events(&Flow::new(), &Flow::new()).is_empty());
}

#[test]
fn a_refused_link_is_an_error_for_the_host() {
    let (booted, _) = step(Flow::new(), Event::Boot);
    let mut refused = booted.clone();
    refused.view = View::LinkRefused(crate::flow::LinkProblem::TokenExpired);
    assert_eq!(
        events(&booted, &refused),
        [EmbedEvent::Error {
            code: "token_expired".into(),
            reason: None,
        }]
    );
}

#[test]
fn only_https_or_local_origins_are_hosts() {
    assert_eq!(
        host_origin("https://bank.example").as_deref(),
        Some("https://bank.example")
    );
    assert_eq!(
        host_origin("https://Bank.Example:8443").as_deref(),
        Some("https://bank.example:8443")
    );
    assert_eq!(
        host_origin("http://localhost:3000").as_deref(),
        Some("http://localhost:3000")
    );
    assert_eq!(
        host_origin("http://127.0.0.1:9").as_deref(),
        Some("http://127.0.0.1:9")
    );
    for bad in [
        "",
        "*",
        "null",
        "http://bank.example",
        "https://bank.example/",
        "https://bank.example/path",
        "https://evil@bank.example",
        "javascript:alert(1)",
        "https://",
        "https://bank.example:99999",
        "https://bank.example:x",
        "ftp://bank.example",
        "https://bank example",
        "https://a/b?c",
    ] {
        assert_eq!(host_origin(bad), None, "{bad:?}");
    }
}

#[test]
fn commands_come_only_from_the_host_in_its_envelope() {
    let host = "https://bank.example";
    assert_eq!(
        host_command(host, host, "idv-host", 1, "close"),
        Some(HostCommand::Close)
    );
    assert_eq!(
        host_command("https://evil.example", host, "idv-host", 1, "close"),
        None
    );
    assert_eq!(host_command(host, host, "idv-capture", 1, "close"), None);
    assert_eq!(host_command(host, host, "idv-host", 2, "close"), None);
    assert_eq!(host_command(host, host, "idv-host", 1, "reload"), None);
}
