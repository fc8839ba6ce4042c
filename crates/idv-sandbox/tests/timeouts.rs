//! Limits below HTTP (`src/guard.rs`), on a real socket: a client that stalls mid-request or
//! mid-headers is disconnected once the idle time has passed, and so is one that trickles its
//! headers a byte at a time (a request head must be whole within the idle time); one that keeps
//! sending a body, however slowly, is answered; connections beyond the cap wait until one
//! closes. The idle time is cut to half a second here (30 s by default).

mod common;

use common::*;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const IDLE: Duration = Duration::from_millis(500);
/// Far longer than `IDLE`: a stalled connection is closed well within it.
const WAIT: Duration = Duration::from_secs(10);

async fn server(max_connections: usize) -> (Harness, SocketAddr) {
    let h = Harness::with(|c| {
        c.idle_timeout = IDLE;
        c.max_connections = max_connections;
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));
    (h, addr)
}

/// Reads until the server closes the connection (or fails it); panics if it does not within
/// `WAIT`. Returns what was read.
async fn until_closed(stream: &mut (impl tokio::io::AsyncRead + Unpin)) -> Vec<u8> {
    let mut got = Vec::new();
    tokio::time::timeout(WAIT, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .expect("the server closed the stalled connection");
    got
}

#[tokio::test]
async fn a_client_that_stops_sending_is_disconnected() {
    let (_h, addr) = server(64).await;
    // A body announced and never sent.
    let mut body_stall = TcpStream::connect(addr).await.unwrap();
    body_stall
        .write_all(
            format!(
                "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n\
                 Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"ref"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    // Headers never finished.
    let mut header_stall = TcpStream::connect(addr).await.unwrap();
    header_stall
        .write_all(b"GET /v1/openapi.json HTTP/1.1\r\nHost: x\r\nAcc")
        .await
        .unwrap();
    // Connected, nothing sent at all.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let started = std::time::Instant::now();
    for stream in [&mut body_stall, &mut header_stall, &mut silent] {
        let got = until_closed(stream).await;
        // Nothing was answered as if the request had been whole.
        assert!(!String::from_utf8_lossy(&got).contains(" 201 "), "{got:?}");
    }
    assert!(started.elapsed() >= IDLE, "closed before the idle time");
}

#[tokio::test]
async fn headers_trickled_a_byte_at_a_time_meet_a_deadline() {
    let (_h, addr) = server(64).await;
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    // Slowloris: a byte every 60 % of the idle time keeps the connection busy below HTTP, and
    // these headers would take a minute to finish. Only the deadline on a request head (hyper's
    // header read timeout, the idle time) stops it: the close must come long before `WAIT`.
    let trickle = tokio::spawn(async move {
        let head = format!(
            "GET /v1/openapi.json HTTP/1.1\r\nHost: x\r\nX-Pad: {}",
            "a".repeat(200)
        );
        for byte in head.as_bytes() {
            if write.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(IDLE * 3 / 5).await;
        }
    });
    let started = std::time::Instant::now();
    let got = until_closed(&mut read).await;
    trickle.abort();
    assert!(!String::from_utf8_lossy(&got).contains(" 200 "), "{got:?}");
    assert!(started.elapsed() >= IDLE, "closed before the idle time");
}

#[tokio::test]
async fn a_slow_upload_that_keeps_sending_is_answered() {
    let (_h, addr) = server(64).await;
    let body = r#"{"ref_id": "slow-phone", "workflow_id": "kyc"}"#;
    let head = format!(
        "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // Four bytes every 60 % of the idle time: the whole body takes many idle times.
    for chunk in body.as_bytes().chunks(4) {
        tokio::time::sleep(IDLE * 3 / 5).await;
        stream.write_all(chunk).await.unwrap();
    }
    let answer = String::from_utf8_lossy(&until_closed(&mut stream).await).into_owned();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
}

#[tokio::test]
async fn connections_past_the_cap_wait_for_a_place() {
    let (_h, addr) = server(2).await;
    let mut first = TcpStream::connect(addr).await.unwrap();
    let _second = TcpStream::connect(addr).await.unwrap();
    let mut third = TcpStream::connect(addr).await.unwrap();
    third
        .write_all(b"GET /v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    // Two places taken by silent clients: the third is not served while they hold them.
    let early = tokio::time::timeout(IDLE / 2, third.read(&mut buf)).await;
    assert!(early.is_err(), "served past the cap: {early:?}");
    // A place frees (the first client goes): the third is served.
    first.shutdown().await.unwrap();
    drop(first);
    let answer = String::from_utf8_lossy(&until_closed(&mut third).await).into_owned();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

// A session may have two uploads in flight; a third is refused at once, before its body is
// read, with `429 too_many_uploads` and `Retry-After` (the app retries a 429 by itself).
#[tokio::test]
async fn a_third_upload_at_once_is_refused_with_retry_after() {
    let (h, addr) = server(64).await;
    let (_, token) = h.session("uploads-at-once", "kyc").await;
    h.consent(&token, true).await.ok();
    let head = format!(
        "POST /v1/client/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Idempotency-Key: k\r\nContent-Type: multipart/form-data; boundary=b\r\n\
         Content-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"side\"\r\n\r\nfront\r\n"
    );
    // Two uploads whose bodies are still coming.
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(head.as_bytes()).await.unwrap();
        slow.push(s);
    }
    // Each has reached its handler once its place is taken: poll the third until it is refused.
    let client = reqwest::Client::new();
    let deadline = std::time::Instant::now() + WAIT;
    let third = loop {
        let r = client
            .post(format!("http://{addr}/v1/client/media"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "third")
            .header("Content-Type", "multipart/form-data; boundary=b")
            .body("--b--\r\n")
            .send()
            .await
            .unwrap();
        if r.status() == 429 || std::time::Instant::now() > deadline {
            break r;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(third.status(), 429);
    assert_eq!(third.headers()["retry-after"], "1");
    let body: serde_json::Value = third.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_uploads", "{body}");
    // One of them goes: there is room again (this one is refused for its form, not its number).
    drop(slow.pop());
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let r = client
            .post(format!("http://{addr}/v1/client/media"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "fourth")
            .header("Content-Type", "multipart/form-data; boundary=b")
            .body("--b--\r\n")
            .send()
            .await
            .unwrap();
        if r.status() != 429 {
            assert_eq!(r.status(), 422);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no room again");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
