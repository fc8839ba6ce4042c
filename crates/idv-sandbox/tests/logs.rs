//! The sandbox's logs never hold a secret or personal data (issue 8): a whole run — sessions
//! created with the user's contact details, a start link with its token, consent, phone and
//! e-mail codes, an ID image upload, a websocket authenticated by its token, refused requests —
//! is logged into memory at the most verbose level, then searched for every one of them.

mod common;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message;
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

const PHONE: &str = "+41791234567";
const EMAIL: &str = "jane.secret@bank.example";
const PIXEL_MARKER: &str = "PIXELS-OF-A-REAL-PASSPORT";

#[tokio::test]
async fn a_whole_run_logs_no_token_code_contact_or_image() {
    let logs = Captured::default();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(logs.clone())
            .finish(),
    )
    .expect("the only subscriber of this test binary");

    let h = Harness::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));

    let user = json!({"first_name": "Jane", "last_name": "Secret", "email": EMAIL, "phone": PHONE});
    let contact = h
        .create(json!({"ref_id": "logs-contact", "workflow_id": "contact", "user": user}))
        .await;
    let (id, token) = (str_of(&contact, "session_id"), str_of(&contact, "token"));
    let start = str_of(&contact, "start_url");
    let start_path = &start[start.find("/mobile").unwrap()..];
    h.get(start_path, None).await;
    h.consent(&token, true).await.ok();
    let mut codes = Vec::new();
    for (step, field, to) in [("phone", "phone", PHONE), ("email", "email", EMAIL)] {
        h.post(
            &format!("/v1/client/{step}/initiate"),
            Some(&token),
            Some(json!({ field: to })),
        )
        .await
        .ok();
        let listed = h
            .get(&format!("/v1/sandbox/sessions/{id}/codes"), Some(KEY))
            .await
            .ok();
        let code = str_of(&listed["codes"][0], "code");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        h.post(
            &format!("/v1/client/{step}/complete"),
            Some(&token),
            Some(json!({"code": wrong})),
        )
        .await;
        h.post(
            &format!("/v1/client/{step}/complete"),
            Some(&token),
            Some(json!({"code": code})),
        )
        .await
        .ok();
        codes.push(code);
    }

    // The websocket: the token in the first message, then an ask.
    let (mut ws, _) = connect_async(format!("ws://{addr}/v1/client/ws"))
        .await
        .unwrap();
    ws.send(Message::text(
        json!({"type": "auth", "token": token}).to_string(),
    ))
    .await
    .unwrap();
    ws.send(Message::text("preflight")).await.unwrap();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next()).await;

    // An ID image with a marker in its metadata.
    let (doc_id, doc_token) = h.session("logs-doc", "document_only").await;
    h.consent(&doc_token, true).await.ok();
    let image = idv_fixtures::png::png_gradient(640, 400, &[(b"tEXt", PIXEL_MARKER.as_bytes())]);
    let r = h
        .send(upload_request(
            "/v1/client/media",
            Some(&doc_token),
            Some("logs-key-1"),
            &[field("side", "front"), file("id.png", "image/png", &image)],
        ))
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text);

    // Refused: a wrong token, a foreign session's, a token in a query string.
    let stolen = "sk_live_4f1c2a9e0b7d3c5a6e8f9012";
    h.get("/v1/client/session", Some(stolen)).await;
    h.get(&format!("/v1/sessions/{doc_id}"), Some(stolen)).await;
    h.get(&format!("/v1/client/preflight?authorization={token}"), None)
        .await;

    drop(ws);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        text.contains("/v1/client/phone/initiate"),
        "nothing captured: {text}"
    );
    assert!(text.contains("/v1/client/media"), "{text}");
    let mut secrets = vec![
        ("the session token", token.clone()),
        ("the other session's token", doc_token.clone()),
        ("the API key", KEY.to_owned()),
        ("a refused bearer", stolen.to_owned()),
        ("the phone number", PHONE.to_owned()),
        ("the phone's digits", PHONE[3..].to_owned()),
        ("the e-mail address", EMAIL.to_owned()),
        ("the e-mail's local part", "jane.secret".to_owned()),
        ("the image's bytes", PIXEL_MARKER.to_owned()),
        ("the user's last name", "Secret".to_owned()),
    ];
    for code in &codes {
        secrets.push(("a code", code.clone()));
    }
    for (what, secret) in secrets {
        assert!(!text.contains(&secret), "{what} is in the logs:\n{text}");
    }
}
