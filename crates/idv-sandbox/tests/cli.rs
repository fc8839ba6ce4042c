//! The command line for frontend developers (`idv-sandbox create|list|show|codes|outcome`),
//! run against a sandbox serving on port 0.

mod common;

use common::*;
use idv_sandbox::cli::{run, CliError, Target};
use tokio::net::TcpListener;

async fn start() -> (Harness, Target) {
    let h = Harness::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));
    let target = Target {
        base: format!("http://{addr}"),
        key: KEY.to_owned(),
    };
    (h, target)
}

fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

fn session_id_of(printed: &str) -> String {
    printed
        .split_whitespace()
        .nth(1)
        .expect("Session <id>")
        .to_owned()
}

#[tokio::test]
async fn create_prints_the_links_and_a_qr_code_then_list_and_show_find_it() {
    let (_h, t) = start().await;
    let out = run(&args("create kyc --ref dev-1 --locale de"), &t)
        .await
        .unwrap();
    assert!(out.starts_with("Session "), "{out}");
    assert!(out.contains("workflow kyc"), "{out}");
    assert!(out.contains("start URL:   http"), "{out}");
    assert!(out.contains("handoff URL: http"), "{out}");
    // The terminal QR code: half blocks.
    assert!(
        out.contains('▀') || out.contains('▄') || out.contains('█'),
        "{out}"
    );
    let id = session_id_of(&out);

    let listed = run(&args("list"), &t).await.unwrap();
    assert!(
        listed.contains(&id) && listed.contains("pending"),
        "{listed}"
    );
    let by_user = run(&args("list --ref dev-1"), &t).await.unwrap();
    assert!(by_user.contains(&id), "{by_user}");
    let nobody = run(&args("list --ref nobody"), &t).await.unwrap();
    assert_eq!(nobody, "no sessions\n");

    let shown = run(&args(&format!("show {id}")), &t).await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&shown).expect("pretty JSON");
    assert_eq!(v["session_id"], id.as_str());
    assert_eq!(v["locale"], "de");
}

#[tokio::test]
async fn codes_and_outcome_reach_the_session() {
    let (h, t) = start().await;
    let id = session_id_of(&run(&args("create contact"), &t).await.unwrap());
    assert_eq!(
        run(&args(&format!("codes {id}")), &t).await.unwrap(),
        "no codes sent\n"
    );
    let out = run(&args(&format!("outcome {id} failed")), &t)
        .await
        .unwrap();
    assert!(out.contains("failed"), "{out}");
    let events = h.events_of(&id).await;
    assert!(!events.is_empty());
}

#[tokio::test]
async fn mistakes_are_usage_errors_and_refusals_say_what_the_sandbox_said() {
    let (_h, t) = start().await;
    for line in [
        "",
        "frobnicate",
        "show",
        "outcome 123456789",
        "outcome 123456789 great",
        "list --limit",
    ] {
        let e = run(&args(line), &t).await.unwrap_err();
        assert!(matches!(e, CliError::Usage(_)), "{line:?}: {e}");
        assert_eq!(e.exit_code(), 2);
    }
    let e = run(&args("show 000000000"), &t).await.unwrap_err();
    assert!(matches!(e, CliError::Refused { status: 404, .. }), "{e}");
    let e = run(&args("list --limit 0"), &t).await.unwrap_err();
    assert!(matches!(e, CliError::Refused { status: 422, .. }), "{e}");
    let wrong_key = Target {
        base: t.base.clone(),
        key: "x".repeat(20),
    };
    let e = run(&args("list"), &wrong_key).await.unwrap_err();
    assert!(matches!(e, CliError::Refused { status: 401, .. }), "{e}");
    let nowhere = Target {
        base: "http://127.0.0.1:9".into(),
        key: KEY.into(),
    };
    let e = run(&args("list"), &nowhere).await.unwrap_err();
    assert!(matches!(e, CliError::Unreachable { .. }), "{e}");
    assert_eq!(e.exit_code(), 1);
}
