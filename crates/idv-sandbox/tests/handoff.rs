//! Desktop to phone handoff: `POST /v1/client/handoff` issues a single-use link, the phone
//! exchanges it at `POST /v1/client/handoff/exchange` for its own session token, and both
//! devices follow the same session. The clock is the harness's; sockets are real (port 0), and
//! every wait is a timeout around the next message.

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

async fn issue(h: &Harness, token: &str) -> Value {
    let r = h.post("/v1/client/handoff", Some(token), None).await;
    assert_eq!(r.status, 201, "issue: {}", r.text);
    r.body
}

async fn exchange(h: &Harness, handoff_token: &str) -> Resp {
    h.post("/v1/client/handoff/exchange", Some(handoff_token), None)
        .await
}

#[tokio::test]
async fn a_link_is_exchanged_for_the_phones_own_token() {
    let h = Harness::new();
    let (id, desktop) = h.session("handoff-user", "kyc").await;
    let issued = issue(&h, &desktop).await;
    let handoff = str_of(&issued, "handoff_token");
    assert_eq!(handoff.len(), 64);
    assert_ne!(handoff, desktop);
    assert_eq!(
        issued["url"],
        format!("{ORIGIN}/mobile?handoff={handoff}&sessionId={id}")
    );
    assert_eq!(issued["expires_in"], 600);
    assert_eq!(issued["expires_at"], at(10 * MINUTE_MS));

    let exchanged = exchange(&h, &handoff).await;
    assert_eq!(exchanged.status, 201, "{}", exchanged.text);
    let phone = str_of(&exchanged.body, "token");
    assert_eq!(exchanged.body["session_id"], id.as_str());
    assert_ne!(phone, desktop);
    assert_ne!(phone, handoff);
    // The phone's token expires with the desktop's: a handoff never lengthens the session.
    assert_eq!(exchanged.body["token_expires_at"], at(30 * MINUTE_MS));

    let session = h.get("/v1/client/session", Some(&phone)).await.ok();
    assert_eq!(session["session_id"], id.as_str());
    assert_eq!(h.preflight(&phone).await, h.preflight(&desktop).await);
    // The handoff token itself opens nothing but the exchange.
    h.get("/v1/client/session", Some(&handoff))
        .await
        .assert_error(401, "invalid_token");
    let events = h.events_of(&id).await;
    assert!(
        events
            .iter()
            .any(|(k, d)| k == "handoff" && d.starts_with("issued")),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|(k, d)| k == "handoff" && d == "exchanged by a phone"),
        "{events:?}"
    );
    // Neither token is ever written to the log.
    assert!(!events
        .iter()
        .any(|(_, d)| d.contains(&handoff) || d.contains(&phone)));
}

#[tokio::test]
async fn a_link_opens_one_phone_only() {
    let h = Harness::new();
    let (id, desktop) = h.session("handoff-once", "kyc").await;
    let handoff = str_of(&issue(&h, &desktop).await, "handoff_token");
    assert_eq!(exchange(&h, &handoff).await.status, 201);
    let again = exchange(&h, &handoff).await;
    again.assert_error(410, "handoff_used");
    assert!(again.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("new QR code"));
    // Still "used" once it has expired too: that is what happened first.
    h.advance_ms(11 * MINUTE_MS);
    exchange(&h, &handoff)
        .await
        .assert_error(410, "handoff_used");
    let events = h.events_of(&id).await;
    assert!(events
        .iter()
        .any(|(k, d)| k == "handoff" && d == "refused handoff_used"));
}

#[tokio::test]
async fn a_link_expires_after_ten_minutes() {
    let h = Harness::new();
    let (_, desktop) = h.session("handoff-expiry", "kyc").await;
    let first = str_of(&issue(&h, &desktop).await, "handoff_token");
    h.advance_ms(10 * MINUTE_MS - 1);
    assert_eq!(exchange(&h, &first).await.status, 201);

    let second = str_of(&issue(&h, &desktop).await, "handoff_token");
    h.advance_ms(10 * MINUTE_MS);
    exchange(&h, &second)
        .await
        .assert_error(410, "handoff_expired");
}

#[tokio::test]
async fn a_link_never_outlives_the_desktops_token() {
    let h = Harness::new();
    let (_, desktop) = h.session("handoff-late", "kyc").await;
    h.advance_ms(25 * MINUTE_MS);
    let issued = issue(&h, &desktop).await;
    assert_eq!(issued["expires_in"], 300);
    assert_eq!(issued["expires_at"], at(30 * MINUTE_MS));
}

// Refreshing the QR code on the desktop must leave only the new code working.
#[tokio::test]
async fn a_new_link_replaces_the_unused_ones() {
    let h = Harness::new();
    let (_, desktop) = h.session("handoff-refresh", "kyc").await;
    let old = str_of(&issue(&h, &desktop).await, "handoff_token");
    let new = str_of(&issue(&h, &desktop).await, "handoff_token");
    exchange(&h, &old)
        .await
        .assert_error(410, "handoff_replaced");
    assert_eq!(exchange(&h, &new).await.status, 201);
    // A used link stays "used", not "replaced", after the next one is issued.
    issue(&h, &desktop).await;
    exchange(&h, &new).await.assert_error(410, "handoff_used");
}

#[tokio::test]
async fn wrong_credentials_are_refused() {
    let h = Harness::new();
    let (_, desktop) = h.session("handoff-auth", "kyc").await;
    h.post("/v1/client/handoff", None, None)
        .await
        .assert_error(401, "unauthorized");
    h.post("/v1/client/handoff", Some(KEY), None)
        .await
        .assert_error(403, "forbidden");
    h.post("/v1/client/handoff", Some("nope"), None)
        .await
        .assert_error(401, "invalid_token");
    exchange(&h, "never-issued")
        .await
        .assert_error(401, "invalid_token");
    // A session token is not a handoff token.
    exchange(&h, &desktop)
        .await
        .assert_error(401, "invalid_token");
    h.post("/v1/client/handoff/exchange", None, None)
        .await
        .assert_error(401, "unauthorized");
    h.advance_ms(31 * MINUTE_MS);
    h.post("/v1/client/handoff", Some(&desktop), None)
        .await
        .assert_error(401, "token_expired");
}

#[tokio::test]
async fn a_finished_session_hands_nothing_off() {
    let h = Harness::new();
    let (_, desktop) = h.session("handoff-finished", "kyc").await;
    let handoff = str_of(&issue(&h, &desktop).await, "handoff_token");
    h.post("/v1/client/cancel", Some(&desktop), None).await.ok();
    h.post("/v1/client/handoff", Some(&desktop), None)
        .await
        .assert_error(409, "session_finished");
    exchange(&h, &handoff)
        .await
        .assert_error(409, "session_finished");
    // The refused exchange did not spend the link or mint a token.
    let again = exchange(&h, &handoff).await;
    again.assert_error(409, "session_finished");
}

struct Server {
    h: Harness,
    addr: SocketAddr,
}

impl Server {
    async fn start() -> Server {
        let h = Harness::new();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().unwrap();
        tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));
        Server { h, addr }
    }

    async fn open(&self, token: &str) -> (Ws, Value) {
        let url = format!("ws://{}/v1/client/ws", self.addr);
        let (mut ws, _) = tokio::time::timeout(WAIT, connect_async(url))
            .await
            .expect("connect within the wait")
            .expect("websocket handshake");
        let auth = json!({"type": "auth", "token": token}).to_string();
        ws.send(Message::text(auth)).await.expect("send auth");
        let first = next_json(&mut ws).await;
        assert_eq!(first["type"], "preflight", "{first}");
        (ws, first)
    }
}

async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("a message within the wait")
            .expect("the socket is open")
            .expect("a message");
        if let Message::Text(t) = msg {
            return serde_json::from_str(&t).expect("JSON");
        }
    }
}

/// Reads messages until one matches, returning those before it too.
async fn until(ws: &mut Ws, want: &Value) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        let msg = next_json(ws).await;
        let done = msg == *want;
        seen.push(msg);
        if done {
            return seen;
        }
    }
}

/// A phone notice as the platform sends it: stamped with its session's id.
fn phone(session_id: &str, presence: &str) -> Value {
    json!({"type": "handoff", "session_id": session_id, "phone": presence})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop_and_phone_follow_the_same_stream() {
    let s = Server::start().await;
    let h = &s.h;
    let (id, desktop) = h.session("handoff-live", "kyc").await;
    h.consent(&desktop, true).await.ok();
    let (mut desk_ws, desk_first) = s.open(&desktop).await;
    assert_eq!(desk_first["screen"], "scan_id_document_front_screen");

    let handoff = str_of(&issue(h, &desktop).await, "handoff_token");
    let phone_token = str_of(&exchange(h, &handoff).await.body, "token");
    // The desktop hears that the phone opened its link.
    assert_eq!(next_json(&mut desk_ws).await, phone(&id, "connected"));

    let (mut phone_ws, phone_first) = s.open(&phone_token).await;
    assert_eq!(
        phone_first, desk_first,
        "the phone starts where the desktop is"
    );
    until(&mut desk_ws, &phone(&id, "connected")).await;

    // Every change reaches both, identical and in the same order.
    h.skip_to(&id, idv_core::Step::Liveness);
    h.post("/v1/client/liveness/assisted", Some(&phone_token), None)
        .await
        .ok();
    let mut on_phone = Vec::new();
    while on_phone.last().map(|p: &Value| p["screen"].clone()) != Some("completed_screen".into()) {
        on_phone.push(next_json(&mut phone_ws).await);
    }
    let on_desk: Vec<Value> = until(&mut desk_ws, on_phone.last().unwrap())
        .await
        .into_iter()
        .filter(|m| m["type"] == "preflight")
        .collect();
    assert_eq!(on_desk, on_phone);
    assert!(
        on_phone.iter().all(|m| m["type"] == "preflight"),
        "the phone gets no handoff notices"
    );

    // The phone leaving is told to the desktop, and to a desktop socket opened later.
    phone_ws.close(None).await.expect("close");
    until(&mut desk_ws, &phone(&id, "disconnected")).await;
    let (mut later, _) = s.open(&desktop).await;
    assert_eq!(next_json(&mut later).await, phone(&id, "disconnected"));
}

// A session no phone joined sends the desktop nothing about phones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_phone_no_notice() {
    let s = Server::start().await;
    let (_, desktop) = s.h.session("handoff-none", "kyc").await;
    issue(&s.h, &desktop).await;
    let (mut ws, _) = s.open(&desktop).await;
    ws.send(Message::text("preflight")).await.unwrap();
    assert_eq!(next_json(&mut ws).await["type"], "preflight");
}

// Issue 18: two phones scan the same QR code at the same moment. The exchanges race on the
// server's threads; exactly one gets a token, every other one is `410 handoff_used`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn phones_racing_one_link_get_one_token_between_them() {
    let h = Harness::new();
    let (_, desktop) = h.session("handoff-race", "kyc").await;
    for round in 0..10 {
        let handoff = str_of(&issue(&h, &desktop).await, "handoff_token");
        let racers: Vec<_> = (0..(2 + round % 4))
            .map(|_| {
                let (state, handoff) = (h.state.clone(), handoff.clone());
                tokio::spawn(async move {
                    send(
                        &state,
                        request(
                            axum::http::Method::POST,
                            "/v1/client/handoff/exchange",
                            Some(&handoff),
                            None,
                        ),
                    )
                    .await
                })
            })
            .collect();
        let mut won = 0;
        for racer in racers {
            let r = racer.await.expect("the exchange ran");
            if r.status == 201 {
                won += 1;
            } else {
                r.assert_error(410, "handoff_used");
            }
        }
        assert_eq!(won, 1, "round {round}: {won} phones got a token");
    }
}
