//! `GET /v1/client/ws` over a real socket: the sandbox serves on port 0 and tokio-tungstenite
//! connects to it. Every wait is a timeout around the next message, never a fixed sleep.

mod common;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const WAIT: Duration = Duration::from_secs(5);

struct Server {
    h: Harness,
    addr: SocketAddr,
}

async fn start() -> Server {
    start_with(|_| {}).await
}

async fn start_with(tweak: impl FnOnce(&mut idv_sandbox::Config)) -> Server {
    let h = Harness::with(tweak);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));
    Server { h, addr }
}

impl Server {
    async fn connect(&self) -> Ws {
        let url = format!("ws://{}/v1/client/ws", self.addr);
        let (ws, res) = tokio::time::timeout(WAIT, connect_async(url))
            .await
            .expect("connect within the wait")
            .expect("websocket handshake");
        assert_security_headers(res.headers(), "GET /v1/client/ws");
        ws
    }

    /// Connects and authenticates; answers the first message (the current preflight).
    async fn open(&self, token: &str) -> (Ws, Value) {
        let mut ws = self.connect().await;
        send_auth(&mut ws, token).await;
        let first = next_json(&mut ws).await;
        assert_eq!(first["type"], "preflight", "{first}");
        (ws, first)
    }
}

#[derive(Debug)]
enum Got {
    Json(Value),
    Close(Option<u16>),
    /// The stream ended (or broke) without a close frame; the text says how (read in panics).
    End(#[allow(dead_code)] String),
}

async fn send_auth(ws: &mut Ws, token: &str) {
    let auth = json!({"type": "auth", "token": token}).to_string();
    ws.send(Message::text(auth)).await.expect("send auth");
}

async fn send_text(ws: &mut Ws, text: &str) {
    ws.send(Message::text(text)).await.expect("send text");
}

/// The next text or close message, skipping pings; panics if nothing comes within `WAIT`.
async fn next(ws: &mut Ws) -> Got {
    loop {
        let msg = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("a message within the wait");
        match msg {
            None => return Got::End("end of stream".into()),
            Some(Err(e)) => return Got::End(e.to_string()),
            Some(Ok(Message::Text(t))) => {
                return Got::Json(serde_json::from_str(&t).expect("text messages are JSON"))
            }
            Some(Ok(Message::Close(frame))) => return Got::Close(frame.map(|f| f.code.into())),
            Some(Ok(_)) => continue,
        }
    }
}

async fn next_json(ws: &mut Ws) -> Value {
    match next(ws).await {
        Got::Json(v) => v,
        other => panic!("expected a JSON message, got {other:?}"),
    }
}

async fn expect_close(ws: &mut Ws, code: u16) {
    match next(ws).await {
        Got::Close(Some(c)) => assert_eq!(c, code, "close code"),
        other => panic!("expected close {code}, got {other:?}"),
    }
}

/// An error message with this code, then a close frame with this close code.
async fn expect_error_and_close(ws: &mut Ws, code: &str, close: u16) {
    let msg = next_json(ws).await;
    assert_eq!(msg["type"], "error", "{msg}");
    assert_eq!(msg["code"], code, "{msg}");
    assert!(
        msg["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{msg}"
    );
    expect_close(ws, close).await;
}

/// A push as the platform sends it: stamped with its session's id.
fn preflight(session_id: &str, screen: &str, seq: u64, step: u64, step_count: u64) -> Value {
    json!({"type": "preflight", "session_id": session_id, "screen": screen, "seq": seq, "step": step, "step_count": step_count})
}

fn seq_of(v: &Value) -> u64 {
    v["seq"].as_u64().unwrap_or_else(|| panic!("no seq in {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_first_then_the_current_preflight_and_pushes() {
    let s = start().await;
    let (id, token) = s.h.session("ws-user", "kyc").await;
    let (mut ws, first) = s.open(&token).await;
    assert_eq!(first, preflight(&id, "consent_screen", 1, 1, 3));
    // Opening the socket counts as the user starting.
    assert_eq!(s.h.server_session(&id).await["status"], "in_progress");

    let answer = s.h.consent(&token, true).await.ok();
    let pushed = next_json(&mut ws).await;
    assert_eq!(pushed["type"], "preflight");
    assert!(seq_of(&pushed) > seq_of(&first), "{pushed}");
    assert_eq!(
        pushed,
        preflight(&id, "scan_id_document_front_screen", 2, 2, 3)
    );
    // The push is the HTTP answer, tagged and stamped.
    let mut untagged = pushed.clone();
    untagged.as_object_mut().unwrap().remove("type");
    untagged.as_object_mut().unwrap().remove("session_id");
    assert_eq!(untagged, answer);

    // Asking again gets the current preflight, same seq.
    send_text(&mut ws, "preflight").await;
    assert_eq!(next_json(&mut ws).await, pushed);
    // Anything else is answered with an error, and the socket stays open.
    send_text(&mut ws, "hello").await;
    let err = next_json(&mut ws).await;
    assert_eq!(err["type"], "error");
    assert_eq!(err["code"], "unknown_message");
    send_text(&mut ws, " preflight\n").await;
    assert_eq!(next_json(&mut ws).await, pushed);

    // A repeated accept changes nothing, so nothing is pushed: the next message is the answer
    // to the next `preflight`.
    s.h.consent(&token, true).await.ok();
    send_text(&mut ws, "preflight").await;
    assert_eq!(next_json(&mut ws).await, pushed);

    // The user cancels: pushed too.
    s.h.post("/v1/client/cancel", Some(&token), None).await.ok();
    let cancelled = next_json(&mut ws).await;
    assert_eq!(cancelled["screen"], "cancel_screen");
    assert!(seq_of(&cancelled) > seq_of(&pushed));
    ws.close(None).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_credentials_are_refused() {
    let s = start().await;
    let (_, token) = s.h.session("ws-bad", "kyc").await;

    let mut ws = s.connect().await;
    send_auth(&mut ws, &"0".repeat(64)).await;
    expect_error_and_close(&mut ws, "invalid_token", 4401).await;

    // The API key belongs on the server.
    let mut ws = s.connect().await;
    send_auth(&mut ws, KEY).await;
    expect_error_and_close(&mut ws, "forbidden", 4403).await;

    // A device token without a session yet.
    let device =
        s.h.post(
            "/v1/devices/ephemeral",
            Some(KEY),
            Some(json!({"ttl": 600})),
        )
        .await
        .body["authorization"]
            .as_str()
            .unwrap()
            .to_owned();
    let mut ws = s.connect().await;
    send_auth(&mut ws, &device).await;
    expect_error_and_close(&mut ws, "forbidden", 4403).await;

    // An expired token.
    s.h.advance_ms(30 * MINUTE_MS);
    let mut ws = s.connect().await;
    send_auth(&mut ws, &token).await;
    expect_error_and_close(&mut ws, "token_expired", 4401).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_message_must_be_auth() {
    let s = start().await;
    let (_, token) = s.h.session("ws-first", "kyc").await;
    for first in [
        "preflight".to_owned(),
        "{}".to_owned(),
        json!({"type": "hello", "token": token}).to_string(),
        json!({"type": "auth"}).to_string(),
        format!("Bearer {token}"),
    ] {
        let mut ws = s.connect().await;
        send_text(&mut ws, &first).await;
        expect_error_and_close(&mut ws, "auth_required", 4400).await;
    }
    // The socket still works for a proper client afterwards.
    s.open(&token).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_websockets_and_allowing_them_again() {
    let s = start().await;
    let (id, token) = s.h.session("ws-fault", "kyc").await;
    let faults = format!("/v1/sandbox/sessions/{id}/faults");
    let (mut open, _) = s.open(&token).await;

    s.h.post(&faults, Some(KEY), Some(json!({"websocket": "refuse"})))
        .await
        .ok();
    expect_close(&mut open, 4000).await;

    let mut ws = s.connect().await;
    send_auth(&mut ws, &token).await;
    expect_error_and_close(&mut ws, "websocket_refused", 4503).await;

    // The session lives on over HTTP meanwhile.
    s.h.consent(&token, true).await.ok();

    s.h.post(&faults, Some(KEY), Some(json!({"websocket": "allow"})))
        .await
        .ok();
    let (mut ws, first) = s.open(&token).await;
    assert_eq!(
        first,
        preflight(&id, "scan_id_document_front_screen", 2, 2, 3)
    );
    send_text(&mut ws, "preflight").await;
    assert_eq!(next_json(&mut ws).await, first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_socket_reconnects_where_it_was() {
    let s = start().await;
    let (id, token) = s.h.session("ws-drop", "kyc").await;
    let (mut ws, _) = s.open(&token).await;
    s.h.consent(&token, true).await.ok();
    let pushed = next_json(&mut ws).await;
    assert_eq!(pushed["screen"], "scan_id_document_front_screen");

    let r =
        s.h.post(
            &format!("/v1/sandbox/sessions/{id}/faults"),
            Some(KEY),
            Some(json!({"drop_websockets": true})),
        )
        .await
        .ok();
    assert_eq!(r["websocket"], "allow", "a drop is not a refusal");
    expect_close(&mut ws, 4000).await;

    let (mut again, first) = s.open(&token).await;
    assert_eq!(first, pushed, "the current preflight, same seq");
    // And it hears the next change.
    s.h.post("/v1/client/cancel", Some(&token), None).await.ok();
    let next = next_json(&mut again).await;
    assert_eq!(next["screen"], "cancel_screen");
    assert!(seq_of(&next) > seq_of(&first));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_only_pushes_completed_then_the_decision() {
    // A decision delay, so `completed_screen` is a screen of its own; the sweeper decides once
    // the (manual) clock passes it, with no request arriving.
    let s = start_with(|c| c.decision_delay_ms = 2_000).await;
    let (id, token) = s.h.session("ws-decide", "consent_only").await;
    let (mut ws, first) = s.open(&token).await;
    assert_eq!(first, preflight(&id, "consent_screen", 1, 1, 1));

    s.h.consent(&token, true).await.ok();
    let completed = next_json(&mut ws).await;
    assert_eq!(completed, preflight(&id, "completed_screen", 2, 1, 1));

    s.h.advance_ms(2_000);
    let decided = next_json(&mut ws).await;
    assert_eq!(decided, preflight(&id, "successful_screen", 3, 1, 1));
    assert_eq!(s.h.server_session(&id).await["status"], "verified");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_keep_seq_strictly_increasing() {
    let s = start().await;
    for (outcome, last) in [
        ("verified", "successful_screen"),
        ("failed", "rejected_screen"),
    ] {
        let (id, token) =
            s.h.session(&format!("ws-seq-{outcome}"), "consent_only")
                .await;
        s.h.set_outcome(&id, outcome).await.ok();
        let (mut ws, first) = s.open(&token).await;
        s.h.consent(&token, true).await.ok();
        let mut seen = vec![first];
        while seen.last().unwrap()["screen"] != last {
            let msg = next_json(&mut ws).await;
            assert!(
                seq_of(&msg) > seq_of(seen.last().unwrap()),
                "{msg} after {:?}",
                seen
            );
            seen.push(msg);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_socket_of_a_session_follows_it_and_only_it() {
    let s = start().await;
    let (_, token_a) = s.h.session("ws-a", "kyc").await;
    let (_, token_b) = s.h.session("ws-b", "kyc").await;
    // The desktop and the phone on session A, another user on B.
    let (mut desktop, _) = s.open(&token_a).await;
    let (mut phone, _) = s.open(&token_a).await;
    let (mut other, first_b) = s.open(&token_b).await;

    s.h.consent(&token_a, true).await.ok();
    let on_desktop = next_json(&mut desktop).await;
    let on_phone = next_json(&mut phone).await;
    assert_eq!(on_desktop["screen"], "scan_id_document_front_screen");
    assert_eq!(on_desktop, on_phone);

    // Had A's push reached B, it would come before this answer.
    send_text(&mut other, "preflight").await;
    assert_eq!(next_json(&mut other).await, first_b);
}

/// A handshake sent with this `Origin` header: the socket, or the HTTP status it was refused with.
async fn connect_from(server: &Server, origin: &str) -> Result<Ws, u16> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Error;
    let mut req = format!("ws://{}/v1/client/ws", server.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("origin", origin.parse().expect("a header value"));
    match tokio::time::timeout(WAIT, connect_async(req)).await {
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(Error::Http(res))) => {
            assert_security_headers(res.headers(), "GET /v1/client/ws");
            Err(res.status().as_u16())
        }
        other => panic!("neither a socket nor a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn only_allowed_origins_may_open_a_socket() {
    // A page on another site must not open a socket in the user's name (cross-site websocket
    // hijacking); the public origin and the configured allow-list may.
    let server = start_with(|c| c.allowed_origins = vec!["https://app.bank.example".into()]).await;
    let (_, token) = server.h.session("origins", "kyc").await;
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1:8080.evil.example",
    ] {
        assert_eq!(
            connect_from(&server, origin).await.err(),
            Some(403),
            "{origin}"
        );
    }
    for origin in [ORIGIN, "https://app.bank.example"] {
        let mut ws = connect_from(&server, origin).await.expect(origin);
        send_auth(&mut ws, &token).await;
        assert_eq!(next_json(&mut ws).await["type"], "preflight", "{origin}");
    }
}

#[tokio::test]
async fn injected_frames_reach_the_sessions_sockets_as_they_are() {
    // Fault injection for the app's decoder: whatever text the test gives is sent raw, to the
    // session's own sockets only.
    let server = start().await;
    let (id, token) = server.h.session("raw-frames", "kyc").await;
    let (_, other) = server.h.session("raw-frames-other", "kyc").await;
    let (mut ws, _) = server.open(&token).await;
    let (mut bystander, _) = server.open(&other).await;
    let frames = [
        r#"{"type":"preflight","screen":"consent_screen","seq":1,"step":1,"step_count":3}"#
            .to_owned(),
        r#"{"type":"telemetry"}"#.to_owned(),
        "x".repeat(20 * 1024),
    ];
    let r = server
        .h
        .post(
            &format!("/v1/sandbox/sessions/{id}/faults"),
            Some(KEY),
            Some(json!({ "push_frames": frames })),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    for expected in &frames {
        let got = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("a frame")
            .expect("open")
            .expect("a frame");
        assert_eq!(got.into_text().unwrap().as_str(), expected.as_str());
    }
    send_text(&mut bystander, "preflight").await;
    assert_eq!(
        next_json(&mut bystander).await["type"],
        "preflight",
        "only its own answer"
    );
    let too_many = vec!["{}"; 17];
    server
        .h
        .post(
            &format!("/v1/sandbox/sessions/{id}/faults"),
            Some(KEY),
            Some(json!({ "push_frames": too_many })),
        )
        .await
        .assert_error(422, "invalid_fault");
}

#[tokio::test]
async fn injected_preflight_failures_are_used_up_then_answers_resume() {
    let server = start().await;
    let (id, token) = server.h.session("preflight-faults", "kyc").await;
    let r = server
        .h
        .post(
            &format!("/v1/sandbox/sessions/{id}/faults"),
            Some(KEY),
            Some(json!({ "fail_preflight": {"count": 2, "status": 500} })),
        )
        .await
        .ok();
    assert_eq!(r["fail_preflight"], json!({"count": 2, "status": 500}));
    for _ in 0..2 {
        server
            .h
            .get("/v1/client/preflight", Some(&token))
            .await
            .assert_error(500, "injected_fault");
    }
    assert_eq!(server.h.preflight(&token).await["screen"], "consent_screen");
    server
        .h
        .post(
            &format!("/v1/sandbox/sessions/{id}/faults"),
            Some(KEY),
            Some(json!({ "fail_preflight": {"count": 1, "status": 200} })),
        )
        .await
        .assert_error(422, "invalid_fault");
}

// Every message a socket gets once its session is known names that session (`session_id`,
// beside `type`): the first preflight, a pushed one, the answer to `preflight`, an error before
// the socket stays open, and the error it closes with. Two sessions move at once; neither's
// socket ever sees the other's id. (The desktop's `handoff` notices: handoff.rs.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_after_auth_names_its_session() {
    let s = start().await;
    let (id_a, token_a) = s.h.session("ws-stamp-a", "kyc").await;
    let (id_b, token_b) = s.h.session("ws-stamp-b", "kyc").await;
    let (mut a, first_a) = s.open(&token_a).await;
    let (mut b, first_b) = s.open(&token_b).await;
    let mut seen_a = vec![first_a];
    let mut seen_b = vec![first_b];

    for (ws, token, seen) in [
        (&mut a, &token_a, &mut seen_a),
        (&mut b, &token_b, &mut seen_b),
    ] {
        s.h.consent(token, true).await.ok();
        seen.push(next_json(ws).await);
        send_text(ws, "preflight").await;
        seen.push(next_json(ws).await);
        send_text(ws, "hello").await;
        seen.push(next_json(ws).await);
    }
    // The links expire: the next `preflight` is answered with the reason, then the close.
    s.h.advance_ms(31 * 60 * 1000);
    for (ws, seen) in [(&mut a, &mut seen_a), (&mut b, &mut seen_b)] {
        send_text(ws, "preflight").await;
        seen.push(next_json(ws).await);
        expect_close(ws, 4401).await;
    }

    for (id, seen) in [(&id_a, &seen_a), (&id_b, &seen_b)] {
        let kinds: Vec<_> = seen
            .iter()
            .map(|m| m["type"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(
            kinds,
            ["preflight", "preflight", "preflight", "error", "error"],
            "{seen:#?}"
        );
        assert_eq!(seen[3]["code"], "unknown_message");
        assert_eq!(seen[4]["code"], "token_expired");
        for m in seen {
            assert_eq!(m["session_id"], json!(id), "{m}");
        }
    }
    assert_ne!(id_a, id_b);
}

// Before the socket's session is known there is no id to name: a refused auth is unstamped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_auth_names_no_session() {
    let s = start().await;
    let mut ws = s.connect().await;
    send_auth(&mut ws, "not-a-token").await;
    let msg = next_json(&mut ws).await;
    assert_eq!(msg["type"], "error", "{msg}");
    assert!(msg.get("session_id").is_none(), "{msg}");
}

// Issue 18: a session has a few sockets at most (a desktop, a phone, a reload or two), and a
// socket that floods is closed; both with a code the app treats as any lost socket (it asks
// for the preflight over HTTP). Closing one makes room again.
#[tokio::test]
async fn a_session_has_a_few_sockets_and_a_flooding_socket_is_closed() {
    let s = start().await;
    let (_, token) = s.h.session("ws-many", "kyc").await;
    let mut open = Vec::new();
    for _ in 0..idv_sandbox::hub::MAX_SOCKETS_PER_SESSION {
        open.push(s.open(&token).await.0);
    }
    let mut extra = s.connect().await;
    send_auth(&mut extra, &token).await;
    expect_error_and_close(&mut extra, "too_many_sockets", 4429).await;
    // Another session is not affected.
    let (_, other) = s.h.session("ws-other", "kyc").await;
    let (mut flooding, _) = s.open(&other).await;
    drop(open.pop());
    // The dropped socket's place frees once its task has seen it go.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let mut again = s.connect().await;
        send_auth(&mut again, &token).await;
        match next(&mut again).await {
            Got::Json(v) if v["type"] == "preflight" => break,
            got => assert!(
                std::time::Instant::now() < deadline,
                "no room again: {got:?}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // 30 messages in 10 s are answered; the 31st closes the socket.
    for _ in 0..30 {
        send_text(&mut flooding, "preflight").await;
        assert_eq!(next_json(&mut flooding).await["type"], "preflight");
    }
    send_text(&mut flooding, "preflight").await;
    expect_error_and_close(&mut flooding, "rate_limited", 4429).await;
}
