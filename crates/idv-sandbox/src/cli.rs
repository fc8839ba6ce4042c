//! The sandbox's command line for frontend developers: create a session and print its links
//! and a terminal QR code, list sessions, show one, read the codes it "sent", set its outcome.
//! Every command talks to a running sandbox over its HTTP API (so pushes reach open apps), with
//! the API key of the environment (`IDV_API_KEY`, or the development key in `IDV_DATA_DIR`).

use idv_core::handoff::percent_encode as encode;
use idv_core::{CodesResponse, Session, SessionList};
use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;
use serde_json::{json, Value};
use std::fmt::Write as _;

pub const USAGE: &str = "\
commands (against a running sandbox; IDV_URL, else http://IDV_ADDR):
  idv-sandbox create [<workflow>] [--ref <user id>] [--return-url <url>] [--locale <tag>]
  idv-sandbox list [--ref <user id>] [--limit <n>]
  idv-sandbox show <session id>
  idv-sandbox codes <session id>
  idv-sandbox outcome <session id> <verified|failed|review|out_of_date|error>";

/// The decisions the sandbox can be told to make.
const OUTCOMES: [&str; 5] = ["verified", "failed", "review", "out_of_date", "error"];

/// Where the commands go.
pub struct Target {
    pub base: String,
    pub key: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}\n{USAGE}")]
    Usage(String),
    #[error("cannot reach the sandbox at {base}: {detail} (is it running? set IDV_URL)")]
    Unreachable { base: String, detail: String },
    #[error("the sandbox answered {status}: {body}")]
    Refused { status: u16, body: String },
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}

pub fn is_command(arg: &str) -> bool {
    matches!(arg, "create" | "list" | "show" | "codes" | "outcome")
}

/// Runs one command; returns what to print.
pub async fn run(args: &[String], target: &Target) -> Result<String, CliError> {
    let (command, rest) = args
        .split_first()
        .ok_or_else(|| CliError::Usage("no command".into()))?;
    let (positional, flags) = split(rest)?;
    let flag = |name: &str| {
        flags
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let http = Http {
        target,
        client: reqwest::Client::new(),
    };
    match command.as_str() {
        "create" => {
            let workflow = positional.first().cloned().unwrap_or_else(|| "full".into());
            let mut body = json!({
                "ref_id": flag("--ref").unwrap_or_else(|| "cli-user".into()),
                "workflow_id": workflow,
                "force_creation": true,
            });
            if let Some(url) = flag("--return-url") {
                body["return_url"] = url.into();
            }
            if let Some(locale) = flag("--locale") {
                body["locale"] = locale.into();
            }
            let session: Session = http.send("POST", "/v1/sessions", Some(body)).await?;
            Ok(links(&session))
        }
        "list" => {
            let path = match (flag("--ref"), flag("--limit")) {
                (Some(r), _) => format!("/v1/sessions?ref_id={}", encode(&r)),
                (None, Some(n)) => format!("/v1/sandbox/sessions?limit={}", encode(&n)),
                (None, None) => "/v1/sandbox/sessions".into(),
            };
            let list: SessionList = http.send("GET", &path, None).await?;
            let mut out = String::new();
            for s in &list.sessions {
                let _ = writeln!(
                    out,
                    "{}  {:<12} {:<13} {:<16} {}",
                    s.session_id,
                    s.status.as_str(),
                    s.workflow_id,
                    s.ref_id,
                    s.created_at
                );
            }
            if list.sessions.is_empty() {
                out.push_str("no sessions\n");
            }
            Ok(out)
        }
        "show" => {
            let id = one(&positional, "a session id")?;
            let session: Value = http
                .send("GET", &format!("/v1/sessions/{}", encode(id)), None)
                .await?;
            Ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&session).unwrap_or_default()
            ))
        }
        "codes" => {
            let id = one(&positional, "a session id")?;
            let codes: CodesResponse = http
                .send(
                    "GET",
                    &format!("/v1/sandbox/sessions/{}/codes", encode(id)),
                    None,
                )
                .await?;
            let mut out = String::new();
            for c in &codes.codes {
                let _ = writeln!(
                    out,
                    "{}  {:<6} {}  to {}",
                    c.sent_at,
                    c.step.name(),
                    c.code,
                    c.to
                );
            }
            if codes.codes.is_empty() {
                out.push_str("no codes sent\n");
            }
            Ok(out)
        }
        "outcome" => {
            let (id, status) = match positional.as_slice() {
                [id, status] => (id, status),
                _ => {
                    return Err(CliError::Usage(
                        "outcome needs a session id and a status".into(),
                    ))
                }
            };
            if !OUTCOMES.contains(&status.as_str()) {
                return Err(CliError::Usage(format!("{status:?} is not an outcome")));
            }
            let answer: Value = http
                .send(
                    "POST",
                    &format!("/v1/sandbox/sessions/{}/outcome", encode(id)),
                    Some(json!({ "status": status })),
                )
                .await?;
            Ok(format!(
                "session {id}: the sandbox will decide {}\n",
                answer["outcome"].as_str().unwrap_or(status)
            ))
        }
        other => Err(CliError::Usage(format!("unknown command {other:?}"))),
    }
}

/// A session's links and a QR code of its start URL, for the terminal.
pub fn links(session: &Session) -> String {
    let start = session.start_url.clone().unwrap_or_default();
    let mut out = format!(
        "Session {} (workflow {}, link valid until {})\n  start URL:   {start}\n  handoff URL: {}\n",
        session.session_id,
        session.workflow_id,
        session.token_expires_at,
        session.handoff_url.clone().unwrap_or_default()
    );
    match QrCode::new(start.as_bytes()) {
        Ok(code) => {
            let qr = code
                .render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .quiet_zone(true)
                .build();
            let _ = write!(out, "\n{qr}\n");
        }
        Err(e) => {
            let _ = writeln!(out, "(no QR code: {e})");
        }
    }
    out
}

struct Http<'a> {
    target: &'a Target,
    client: reqwest::Client,
}

impl Http<'_> {
    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, CliError> {
        let url = format!("{}{path}", self.target.base);
        let mut req = match method {
            "POST" => self.client.post(&url),
            _ => self.client.get(&url),
        }
        .bearer_auth(&self.target.key);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let unreachable = |e: reqwest::Error| CliError::Unreachable {
            base: self.target.base.clone(),
            detail: e.to_string(),
        };
        let response = req.send().await.map_err(unreachable)?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(unreachable)?;
        if !(200..300).contains(&status) {
            return Err(CliError::Refused { status, body: text });
        }
        serde_json::from_str(&text).map_err(|e| CliError::Refused {
            status,
            body: format!("an answer this command cannot read ({e}): {text}"),
        })
    }
}

type Flags = Vec<(String, String)>;

/// Positional arguments and `--flag value` pairs.
fn split(args: &[String]) -> Result<(Vec<String>, Flags), CliError> {
    let (mut positional, mut flags) = (Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with("--") {
            let value = it
                .next()
                .ok_or_else(|| CliError::Usage(format!("{a} needs a value")))?;
            flags.push((a.clone(), value.clone()));
        } else {
            positional.push(a.clone());
        }
    }
    Ok((positional, flags))
}

fn one<'a>(positional: &'a [String], what: &str) -> Result<&'a String, CliError> {
    match positional {
        [one] => Ok(one),
        _ => Err(CliError::Usage(format!("this command needs {what}"))),
    }
}
