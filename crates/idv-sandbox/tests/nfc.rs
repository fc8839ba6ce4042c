//! The chip step (`nfc`): the `passport` workflow that holds it, the sandbox call that moves a
//! session past it (`POST /v1/sandbox/sessions/{id}/steps/nfc/skip`), and the `mute` websocket
//! fault under which no push arrives, so the app has to ask. Over a real socket on port 0 where
//! pushes matter; every wait is a timeout around the next message.

mod common;

use common::*;
use futures_util::{SinkExt, StreamExt};
use idv_core::Step;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const WAIT: Duration = Duration::from_secs(5);
/// How long a push that must not come is waited for.
const NO_PUSH: Duration = Duration::from_millis(700);

struct Server {
    h: Harness,
    addr: SocketAddr,
}

async fn start() -> Server {
    let h = Harness::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));
    Server { h, addr }
}

impl Server {
    /// Connects and authenticates; returns the socket and its first message.
    async fn open(&self, token: &str) -> (Ws, Value) {
        let url = format!("ws://{}/v1/client/ws", self.addr);
        let (mut ws, _) = tokio::time::timeout(WAIT, connect_async(url))
            .await
            .expect("connect within the wait")
            .expect("websocket handshake");
        let auth = json!({"type": "auth", "token": token}).to_string();
        ws.send(Message::text(auth)).await.expect("send auth");
        let first = next_json(&mut ws, WAIT)
            .await
            .expect("the current preflight");
        (ws, first)
    }
}

/// The next JSON message within `wait`, skipping pings; `None` if none came.
async fn next_json(ws: &mut Ws, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next()).await.ok()?;
        match msg {
            Some(Ok(Message::Text(t))) => {
                return Some(serde_json::from_str(&t).expect("text messages are JSON"))
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("the socket ended: {other:?}"),
        }
    }
}

fn skip_path(id: &str) -> String {
    format!("/v1/sandbox/sessions/{id}/steps/nfc/skip")
}

/// A `passport` session with consent given and the document step passed: on the chip screen.
async fn on_chip(h: &Harness, ref_id: &str) -> (String, String) {
    let (id, token) = h.on_step(ref_id, "passport", Step::Nfc).await;
    assert_eq!(h.preflight(&token).await["screen"], "nfc_capture_screen");
    (id, token)
}

#[tokio::test]
async fn passport_reads_the_chip_after_the_data_page() {
    let h = Harness::new();
    let s = h
        .create(json!({"ref_id": "passport-user", "workflow_id": "passport"}))
        .await;
    assert_eq!(
        s["steps"],
        json!(["consent", "document", "nfc", "liveness"])
    );
    let token = str_of(&s, "token");
    assert_eq!(h.preflight(&token).await["step_count"], 4);
    let client = h.get("/v1/client/session", Some(&token)).await.ok();
    assert_eq!(client["steps"], s["steps"]);
}

// The skip answers with the next preflight and pushes it to the open socket, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skipping_the_chip_pushes_the_next_screen() {
    let s = start().await;
    let (id, token) = on_chip(&s.h, "skip-push").await;
    let (mut ws, first) = s.open(&token).await;
    assert_eq!(first["screen"], "nfc_capture_screen");
    assert_eq!(
        (first["step"].as_u64(), first["step_count"].as_u64()),
        (Some(3), Some(4))
    );

    let answer = s.h.post(&skip_path(&id), Some(KEY), None).await.ok();
    assert_eq!(answer["screen"], "liveness_screen");
    assert_eq!(answer["step"], 4);
    assert!(answer["seq"].as_u64() > first["seq"].as_u64(), "{answer}");
    let pushed = next_json(&mut ws, WAIT).await.expect("the push");
    assert_eq!(pushed["type"], "preflight");
    for field in ["screen", "seq", "step", "step_count"] {
        assert_eq!(
            pushed[field], answer[field],
            "{field}: {pushed} vs {answer}"
        );
    }
    assert!(s
        .h
        .events_of(&id)
        .await
        .contains(&("step_skipped".to_owned(), "nfc".to_owned())));
    // Once past it, the step cannot be skipped again.
    s.h.post(&skip_path(&id), Some(KEY), None)
        .await
        .assert_error(409, "step_out_of_order");
}

#[tokio::test]
async fn the_skip_needs_the_api_key_and_the_chip_step() {
    let h = Harness::new();
    let (id, token) = on_chip(&h, "skip-auth").await;
    h.post(&skip_path(&id), None, None)
        .await
        .assert_error(401, "unauthorized");
    // The session's own token is not the integrator's key.
    h.post(&skip_path(&id), Some(&token), None)
        .await
        .assert_error(403, "forbidden");
    h.post(&skip_path("123456789"), Some(KEY), None)
        .await
        .assert_error(404, "session_not_found");
    h.post(&skip_path("not-an-id"), Some(KEY), None)
        .await
        .assert_error_shape();
    assert_eq!(h.preflight(&token).await["screen"], "nfc_capture_screen");

    // Not before the chip step, nor in a workflow without one, nor once finished.
    let (early, _) = h.session("skip-early", "passport").await;
    h.post(&skip_path(&early), Some(KEY), None)
        .await
        .assert_error(409, "step_out_of_order");
    let (kyc, _) = h.session("skip-kyc", "kyc").await;
    h.post(&skip_path(&kyc), Some(KEY), None)
        .await
        .assert_error(409, "step_out_of_order");
    h.post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .ok();
    h.post(&skip_path(&id), Some(KEY), None)
        .await
        .assert_error(409, "session_finished");
}

// Under the `mute` fault the socket stays open and pushes nothing, so only the app's own ask
// (the text `preflight`, sent after the screen's wait) brings the next screen; `allow` restores
// the pushes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_muted_socket_gets_no_push_but_answers_an_ask() {
    let s = start().await;
    let (id, token) = on_chip(&s.h, "skip-mute").await;
    let (mut ws, first) = s.open(&token).await;
    let faults = format!("/v1/sandbox/sessions/{id}/faults");
    let state =
        s.h.post(&faults, Some(KEY), Some(json!({"websocket": "mute"})))
            .await
            .ok();
    assert_eq!(state["websocket"], "mute");

    let answer = s.h.post(&skip_path(&id), Some(KEY), None).await.ok();
    assert_eq!(answer["screen"], "liveness_screen");
    assert_eq!(
        next_json(&mut ws, NO_PUSH).await,
        None,
        "a muted socket pushed"
    );
    ws.send(Message::text("preflight")).await.expect("ask");
    let asked = next_json(&mut ws, WAIT)
        .await
        .expect("the answer to the ask");
    assert_eq!(asked["screen"], "liveness_screen");
    assert_eq!(asked["seq"], answer["seq"]);
    assert!(asked["seq"].as_u64() > first["seq"].as_u64());
    // A socket opened while muted still gets the current screen first.
    let (_other, current) = s.open(&token).await;
    assert_eq!(current["screen"], "liveness_screen");

    s.h.post(&faults, Some(KEY), Some(json!({"websocket": "allow"})))
        .await
        .ok();
    s.h.post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .ok();
    let pushed = next_json(&mut ws, WAIT).await.expect("pushes again");
    assert_eq!(pushed["screen"], "cancel_screen");
}

// A browser never reads the chip, so a session past the step reports its check as skipped.
#[tokio::test]
async fn the_chip_check_is_reported_skipped() {
    let h = Harness::new();
    let (id, _) = on_chip(&h, "skip-result").await;
    h.post(&skip_path(&id), Some(KEY), None).await.ok();
    let session = h
        .post(&format!("/v1/sessions/{id}/cancel"), Some(KEY), None)
        .await
        .ok();
    let checks: Vec<(String, String)> = session["result"]["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| (str_of(c, "step"), str_of(c, "status")))
        .collect();
    let expected = [
        ("consent", "passed"),
        ("document", "passed"),
        ("nfc", "skipped"),
        ("liveness", "skipped"),
    ];
    assert_eq!(
        checks,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())),
        "{session}"
    );
}
