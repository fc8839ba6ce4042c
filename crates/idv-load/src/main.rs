//! Drives many sandbox sessions at once, each with its own websocket, through the `contact`
//! workflow (consent, phone code, e-mail code, then the sandbox's decision), and reports
//! throughput, latency, the sandbox's memory, and whether any push was lost.
//!
//! ```text
//! idv-load --url http://127.0.0.1:8089 --key <api key> [--sessions 1000] [--concurrency 64] [--pid <sandbox pid>]
//! ```
//!
//! Every session's socket stays open for the whole run, so the sandbox holds all of them at
//! once. A push counts as lost when a client's socket did not see every `seq` from the one it
//! opened on to the session's final `seq` (read over HTTP at the end).
//!
//! `idv-load uploads ...` is another benchmark: the preflight's latency on one session while
//! many others upload a 10 MiB photo at once (`uploads.rs`).

use futures_util::{SinkExt, StreamExt};
use idv_core::{CodesResponse, Session, Step};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Semaphore};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

mod uploads;

struct Args {
    url: String,
    key: String,
    sessions: usize,
    concurrency: usize,
    pid: Option<u32>,
}

fn args(argv: Vec<String>) -> Result<Args, String> {
    let mut a = Args {
        url: "http://127.0.0.1:8080".into(),
        key: String::new(),
        sessions: 1000,
        concurrency: 64,
        pid: None,
    };
    let mut it = argv.into_iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--url" => a.url = value.trim_end_matches('/').to_owned(),
            "--key" => a.key = value.clone(),
            "--sessions" => a.sessions = number()?,
            "--concurrency" => a.concurrency = number()?.max(1),
            "--pid" => a.pid = Some(number()? as u32),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if a.key.is_empty() {
        return Err("--key <api key> is required".into());
    }
    Ok(a)
}

/// What one session's run measured.
#[derive(Default)]
struct Outcome {
    /// Each HTTP call's route (`POST /v1/sessions/{id}/...`) and time, in ms.
    calls: Vec<(String, f64)>,
    /// From starting the call that changed the screen to its push arriving, in ms.
    pushes: Vec<f64>,
    /// When the last call left (after waiting for the concurrency gate, which is the load
    /// generator's own queue, not the sandbox's latency).
    last_sent: Option<Instant>,
    /// Decisions pushed (after the sandbox's own delay, so not timed).
    decisions: usize,
    /// `seq`s the socket missed.
    lost: usize,
    error: Option<String>,
}

struct Client {
    http: reqwest::Client,
    base: String,
    key: String,
    gate: Arc<Semaphore>,
}

impl Client {
    /// One HTTP call under the concurrency gate; its time is recorded.
    async fn call(
        &self,
        out: &mut Outcome,
        request: reqwest::RequestBuilder,
    ) -> Result<Value, String> {
        let _permit = self.gate.acquire().await.map_err(|e| e.to_string())?;
        let request = request.build().map_err(|e| e.to_string())?;
        let route = route_of(&request);
        let started = Instant::now();
        out.last_sent = Some(started);
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.text().await.map_err(|e| e.to_string())?;
        out.calls
            .push((route, started.elapsed().as_secs_f64() * 1000.0));
        if !status.is_success() {
            return Err(format!("{status}: {body}"));
        }
        serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// `METHOD /path` with the segments that name one session (they hold digits) as `{id}`: the
/// calls of every session under one name.
fn route_of(request: &reqwest::Request) -> String {
    let path: Vec<&str> = request
        .url()
        .path()
        .split('/')
        .map(
            |seg| match seg.len() > 4 && seg.bytes().any(|b| b.is_ascii_digit()) {
                true => "{id}",
                false => seg,
            },
        )
        .collect();
    format!("{} {}", request.method(), path.join("/"))
}

async fn run_session(
    client: Arc<Client>,
    index: usize,
    start: Arc<tokio::sync::Barrier>,
) -> Outcome {
    let mut out = Outcome::default();
    if let Err(e) = drive(&client, index, start, &mut out).await {
        out.error = Some(e);
    }
    out
}

async fn drive(
    client: &Client,
    index: usize,
    start: Arc<tokio::sync::Barrier>,
    out: &mut Outcome,
) -> Result<(), String> {
    let session: Session = serde_json::from_value(
        client
            .call(
                out,
                client
                    .http
                    .post(client.url("/v1/sessions"))
                    .bearer_auth(&client.key)
                    .json(&json!({
                        "ref_id": format!("load-{index}"),
                        "workflow_id": "contact",
                        "force_creation": true,
                    })),
            )
            .await?,
    )
    .map_err(|e| e.to_string())?;
    let token = session.token.clone().ok_or("no token")?;

    // The socket: authenticate in the first message, then collect every push.
    let ws_url = format!("{}/v1/client/ws", client.base.replacen("http", "ws", 1));
    let mut request = ws_url.into_client_request().map_err(|e| e.to_string())?;
    request.headers_mut().insert(
        "Origin",
        client.base.parse().map_err(|_| "bad origin".to_owned())?,
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|e| format!("websocket: {e}"))?;
    socket
        .send(Message::text(
            json!({"type": "auth", "token": token}).to_string(),
        ))
        .await
        .map_err(|e| e.to_string())?;
    let (seen_tx, mut seen) = mpsc::unbounded_channel::<(u64, String, Instant)>();
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(v) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            if v["type"] == "preflight" {
                let seq = v["seq"].as_u64().unwrap_or(0);
                let screen = v["screen"].as_str().unwrap_or_default().to_owned();
                if seen_tx.send((seq, screen, Instant::now())).is_err() {
                    break;
                }
            }
        }
    });
    let mut seqs = BTreeSet::new();
    let (first, _, _) = seen.recv().await.ok_or("no preflight on the socket")?;
    seqs.insert(first);
    // Every socket is open before any session moves: the sandbox then holds them all at once.
    start.wait().await;

    let auth = |r: reqwest::RequestBuilder| r.bearer_auth(&token);
    client
        .call(
            out,
            auth(client.http.post(client.url("/v1/client/consent")))
                .json(&json!({"accepted": true})),
        )
        .await?;
    let t = out.last_sent.unwrap_or_else(Instant::now);
    expect(
        &mut seen,
        &mut seqs,
        out,
        t,
        "phone_verification_start_screen",
    )
    .await?;

    for (step, channel, to, next) in [
        (
            Step::Phone,
            "phone",
            json!({"phone": "+14155550100"}),
            "email_verification_start_screen",
        ),
        (
            Step::Email,
            "email",
            json!({"email": "load@example.com"}),
            "completed_screen",
        ),
    ] {
        client
            .call(
                out,
                auth(
                    client
                        .http
                        .post(client.url(&format!("/v1/client/{channel}/initiate"))),
                )
                .json(&to),
            )
            .await?;
        let codes: CodesResponse = serde_json::from_value(
            client
                .call(
                    out,
                    client
                        .http
                        .get(client.url(&format!(
                            "/v1/sandbox/sessions/{}/codes",
                            session.session_id
                        )))
                        .bearer_auth(&client.key),
                )
                .await?,
        )
        .map_err(|e| e.to_string())?;
        let code = codes
            .codes
            .iter()
            .rev()
            .find(|c| c.step == step)
            .ok_or("no code sent")?
            .code
            .clone();
        client
            .call(
                out,
                auth(
                    client
                        .http
                        .post(client.url(&format!("/v1/client/{channel}/complete"))),
                )
                .json(&json!({"code": code})),
            )
            .await?;
        let t = out.last_sent.unwrap_or_else(Instant::now);
        expect(&mut seen, &mut seqs, out, t, next).await?;
    }
    // The sandbox decides by itself after its decision delay: one more push, not timed (the
    // delay is the sandbox's setting, not its latency).
    let mut untimed = Outcome::default();
    expect(
        &mut seen,
        &mut seqs,
        &mut untimed,
        Instant::now(),
        "successful_screen",
    )
    .await?;
    out.decisions += 1;

    let last: Value = client
        .call(
            out,
            auth(client.http.get(client.url("/v1/client/preflight"))),
        )
        .await?;
    let last = last["seq"].as_u64().ok_or("no seq")?;
    out.lost = (first..=last).filter(|s| !seqs.contains(s)).count();
    reader.abort();
    Ok(())
}

type Seen = mpsc::UnboundedReceiver<(u64, String, Instant)>;

/// Waits for the push of `screen` (recording every `seq` on the way) and its delay since
/// `started`.
async fn expect(
    seen: &mut Seen,
    seqs: &mut BTreeSet<u64>,
    out: &mut Outcome,
    started: Instant,
    screen: &str,
) -> Result<(), String> {
    loop {
        let (seq, shown, at) = tokio::time::timeout(Duration::from_secs(30), seen.recv())
            .await
            .map_err(|_| format!("no push of {screen} within 30 s"))?
            .ok_or("socket closed")?;
        seqs.insert(seq);
        if shown == screen {
            out.pushes
                .push(at.duration_since(started).as_secs_f64() * 1000.0);
            return Ok(());
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The sandbox's resident memory now and at its peak, in MiB, from `/proc`.
fn memory(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse::<f64>()
            .ok()
            .map(|kb| kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

#[tokio::main]
async fn main() {
    let mut argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().is_some_and(|mode| mode == "uploads") {
        argv.remove(0);
        std::process::exit(uploads::run(argv).await);
    }
    let args = match args(argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("idv-load: {e}");
            std::process::exit(2);
        }
    };
    let client = Arc::new(Client {
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(args.concurrency)
            .build()
            .expect("an HTTP client"),
        base: args.url.clone(),
        key: args.key.clone(),
        gate: Arc::new(Semaphore::new(args.concurrency)),
    });
    let before = args.pid.and_then(memory);
    let start = Arc::new(tokio::sync::Barrier::new(args.sessions + 1));
    let started = Instant::now();
    let tasks: Vec<_> = (0..args.sessions)
        .map(|i| tokio::spawn(run_session(client.clone(), i, start.clone())))
        .collect();
    // Sessions that fail before the barrier must not hold the others: wait for all sockets, or
    // give up waiting after a minute and report what happened.
    let opened = tokio::time::timeout(Duration::from_secs(60), start.wait())
        .await
        .is_ok();
    let sockets_open_after = started.elapsed();
    let at_peak = args.pid.and_then(memory);
    let drive_started = Instant::now();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap_or_else(|e| Outcome {
            error: Some(e.to_string()),
            ..Outcome::default()
        }));
    }
    let drive = drive_started.elapsed().as_secs_f64();
    let total = started.elapsed().as_secs_f64();
    let after = args.pid.and_then(memory);

    let mut calls: Vec<f64> = outcomes
        .iter()
        .flat_map(|o| o.calls.iter().map(|(_, ms)| *ms))
        .collect();
    let mut pushes: Vec<f64> = outcomes
        .iter()
        .flat_map(|o| o.pushes.iter().copied())
        .collect();
    calls.sort_by(f64::total_cmp);
    pushes.sort_by(f64::total_cmp);
    let errors: Vec<&String> = outcomes.iter().filter_map(|o| o.error.as_ref()).collect();
    let lost: usize = outcomes.iter().map(|o| o.lost).sum();
    let finished = outcomes.iter().filter(|o| o.error.is_none()).count();

    println!("load: {} sessions, each with an open websocket, through consent, phone code, e-mail code and the decision", args.sessions);
    println!(
        "load: all sockets open after {:.2} s{}",
        sockets_open_after.as_secs_f64(),
        if opened {
            ""
        } else {
            " (NOT all: some sessions failed first)"
        }
    );
    println!(
        "load: {} HTTP calls in {:.2} s (creating the sessions included) = {:.0} calls/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        calls.len(),
        total,
        calls.len() as f64 / total.max(f64::EPSILON),
        percentile(&calls, 0.5),
        percentile(&calls, 0.99),
        calls.last().copied().unwrap_or(f64::NAN)
    );
    // Which calls make the tail: p50/p99 per route.
    let mut by_route = std::collections::BTreeMap::<&str, Vec<f64>>::new();
    for (route, ms) in outcomes.iter().flat_map(|o| &o.calls) {
        by_route.entry(route).or_default().push(*ms);
    }
    for (route, ms) in &mut by_route {
        ms.sort_by(f64::total_cmp);
        println!(
            "load:   {route}: {} calls, p50 {:.1} ms, p99 {:.1} ms",
            ms.len(),
            percentile(ms, 0.5),
            percentile(ms, 0.99)
        );
    }
    let decisions: usize = outcomes.iter().map(|o| o.decisions).sum();
    println!(
        "load: {} pushes in {:.2} s of driving = {:.0} pushes/s; call that changed the screen -> its push received: p50 {:.1} ms, p99 {:.1} ms (plus {decisions} decision pushes, untimed)",
        pushes.len() + decisions,
        drive,
        (pushes.len() + decisions) as f64 / drive.max(f64::EPSILON),
        percentile(&pushes, 0.5),
        percentile(&pushes, 0.99)
    );
    if let (Some(b), Some(p), Some(a)) = (before, at_peak, after) {
        println!(
            "load: sandbox memory: {:.1} MiB before, {:.1} MiB with every socket open, {:.1} MiB after; peak {:.1} MiB",
            b.0, p.0, a.0, a.1
        );
    }
    println!(
        "load: {finished} of {} sessions finished; pushes lost: {lost}; errors: {}",
        args.sessions,
        errors.len()
    );
    for e in errors.iter().take(5) {
        println!("load: error: {e}");
    }
    if lost > 0 || !errors.is_empty() {
        std::process::exit(1);
    }
}
