//! Limits below HTTP (`src/guard.rs`), on a real socket: a client that stalls mid-request or
//! mid-headers is disconnected once the idle time has passed; one that keeps sending, however
//! slowly, is answered; connections beyond the cap wait until one closes. The idle time is cut
//! to half a second here (30 s by default).

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
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
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
