//! Crash-safe acknowledgement, on the real binary: a stream of ID-image uploads (four clients at
//! once, a session each time) is cut by SIGKILL at a moment nobody chose; the sandbox is started
//! again on the same data directory. Every upload that was answered `201` is stored exactly once
//! with its sha256, its file on disk with those bytes; every upload left without an answer is
//! sent again under its own `Idempotency-Key` and completes, without a duplicate.

use idv_fixtures::jpeg::jpeg;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEY: &str = "crash-test-api-key";

struct Sandbox {
    child: Child,
    base: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(dir: &std::path::Path, port: u16) -> Sandbox {
    let child = Command::new(env!("CARGO_BIN_EXE_idv-sandbox"))
        .env("IDV_ADDR", format!("127.0.0.1:{port}"))
        .env("IDV_DATA_DIR", dir)
        .env("IDV_API_KEY", KEY)
        .env("IDV_DIST_DIR", dir.join("no-app"))
        .env("IDV_DECISION_DELAY_MS", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the sandbox");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while client
        .get(format!("{base}/v1/openapi.json"))
        .send()
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "the sandbox did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Sandbox { child, base }
}

/// One upload: its session, token, key and the image's bytes and sha256.
#[derive(Clone)]
struct Upload {
    session: String,
    token: String,
    key: String,
    image: Vec<u8>,
    sha256: String,
}

async fn new_upload(client: &reqwest::Client, base: &str, n: usize) -> Option<Upload> {
    let created: Value = client
        .post(format!("{base}/v1/sessions"))
        .bearer_auth(KEY)
        .json(&serde_json::json!({"ref_id": format!("crash-{n}"), "workflow_id": "kyc", "force_creation": true}))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let token = created["token"].as_str()?.to_owned();
    let consent = client
        .post(format!("{base}/v1/client/consent"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"accepted": true}))
        .send()
        .await
        .ok()?;
    if !consent.status().is_success() {
        return None;
    }
    let image = jpeg(640, 400, (n % 250) as u8 + 1);
    let sha256 = hex(&Sha256::digest(&image));
    Some(Upload {
        session: created["session_id"].as_str()?.to_owned(),
        token,
        key: format!("crash-key-{n}"),
        image,
        sha256,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sends the upload; its status, or `None` when no answer came (the connection died).
async fn send(client: &reqwest::Client, base: &str, u: &Upload) -> Option<u16> {
    let boundary = "idv-crash-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"side\"\r\n\r\nfront\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"front.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&u.image);
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    client
        .post(format!("{base}/v1/client/media"))
        .bearer_auth(&u.token)
        .header("Idempotency-Key", &u.key)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .ok()
        .map(|r| r.status().as_u16())
}

async fn media_of(client: &reqwest::Client, base: &str, session: &str) -> Vec<Value> {
    let list: Value = client
        .get(format!("{base}/v1/sandbox/sessions/{session}/media"))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("media list")
        .json()
        .await
        .expect("a media list");
    list["media"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn uploads_answered_before_a_sigkill_are_all_there_and_retries_complete_once() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut sandbox = start(dir.path(), port).await;
    let client = reqwest::Client::new();
    let answered: Arc<Mutex<Vec<Upload>>> = Arc::default();
    let unanswered: Arc<Mutex<Vec<Upload>>> = Arc::default();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (client, base) = (client.clone(), sandbox.base.clone());
            let (answered, unanswered, next) = (answered.clone(), unanswered.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(u) = new_upload(&client, &base, n).await else {
                        return;
                    };
                    match send(&client, &base, &u).await {
                        Some(201) => answered.lock().unwrap().push(u),
                        Some(status) => panic!("upload {n} answered {status}"),
                        None => {
                            unanswered.lock().unwrap().push(u);
                            return;
                        }
                    }
                }
            })
        })
        .collect();
    // Let the stream run, then kill it in the middle of whatever it is doing.
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered.lock().unwrap().len() < 40 {
        assert!(Instant::now() < deadline, "the uploads did not get going");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // SIGKILL: no shutdown, no flush.
    sandbox.child.kill().expect("SIGKILL");
    sandbox.child.wait().unwrap();
    for w in workers {
        w.await.expect("a client task");
    }
    let answered = answered.lock().unwrap().clone();
    let unanswered = unanswered.lock().unwrap().clone();

    let sandbox = start(dir.path(), port).await;
    for u in &answered {
        let media = media_of(&client, &sandbox.base, &u.session).await;
        let same: Vec<_> = media
            .iter()
            .filter(|m| m["sha256"] == u.sha256.as_str())
            .collect();
        assert_eq!(same.len(), 1, "answered {}: {media:#?}", u.key);
        let path = same[0]["path"].as_str().unwrap();
        let on_disk = std::fs::read(path).expect("the file of an answered upload");
        assert_eq!(hex(&Sha256::digest(&on_disk)), u.sha256);
    }
    // The app's retries, after the restart: each completes once.
    for u in &unanswered {
        assert_eq!(
            send(&client, &sandbox.base, u).await,
            Some(201),
            "{}",
            u.key
        );
        assert_eq!(
            send(&client, &sandbox.base, u).await,
            Some(201),
            "{}",
            u.key
        );
        let media = media_of(&client, &sandbox.base, &u.session).await;
        assert_eq!(media.len(), 1, "retried {}: {media:#?}", u.key);
    }
    println!(
        "crash: {} uploads answered 201 before SIGKILL, all stored once; {} cut off, retried once each",
        answered.len(),
        unanswered.len()
    );
}
