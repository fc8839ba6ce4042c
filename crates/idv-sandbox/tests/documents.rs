//! `POST /v1/client/address` and `/funds` and the documents listing, driven with `oneshot` and
//! multipart bodies built by hand; the PDFs and photos are built by hand too
//! (`common/files.rs`), without the sandbox's own code.

mod common;

use axum::http::{header, StatusCode};
use common::*;
use idv_core::Step;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

impl Harness {
    /// A document as the app sends it to `/v1/client/<kind>`.
    async fn upload_doc(&self, token: &str, kind: &str, key: &str, bytes: &[u8]) -> Resp {
        self.send(upload_request(
            &format!("/v1/client/{kind}"),
            Some(token),
            Some(key),
            &[file("statement.pdf", "application/pdf", bytes)],
        ))
        .await
    }

    /// A `full` session on the proof-of-address screen.
    async fn on_address(&self, ref_id: &str) -> (String, String) {
        self.on_step(ref_id, "full", Step::Address).await
    }

    async fn documents(&self, id: &str) -> Vec<Value> {
        let r = self
            .get(&format!("/v1/sandbox/sessions/{id}/documents"), Some(KEY))
            .await
            .ok();
        r["documents"].as_array().unwrap().clone()
    }

    fn documents_dir(&self, id: &str) -> PathBuf {
        self.dir.path().join("documents").join(id)
    }

    /// The files stored for a session (no temporary ones left behind either).
    fn document_files(&self, id: &str) -> Vec<PathBuf> {
        match std::fs::read_dir(self.documents_dir(id)) {
            Ok(dir) => {
                let mut files: Vec<PathBuf> = dir.map(|e| e.unwrap().path()).collect();
                files.sort();
                files
            }
            Err(_) => Vec::new(),
        }
    }
}

fn created(r: Resp) -> Value {
    assert_eq!(r.status, StatusCode::CREATED, "{}: {}", r.what, r.text);
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    r.body
}

// ---------------------------------------------------------------------------------------------
// Stored
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_pdf_then_a_photo_are_stored_and_move_the_flow() {
    let h = Harness::new();
    let (id, token) = h.on_address("docs").await;
    assert_eq!(
        h.preflight(&token).await["screen"],
        "proof_of_address_screen"
    );
    let mut hub = h.state.hub().subscribe(&id).unwrap();
    let bill = pdf(2, "Electricity bill, 1 Main St");
    let address = created(h.upload_doc(&token, "address", "bill-1", &bill).await);
    assert!(address["document_id"].as_str().unwrap().starts_with("doc_"));
    assert_eq!(address["kind"], "address");
    assert_eq!(address["format"], "pdf");
    assert_eq!(address["pages"], 2);
    assert_eq!(address["bytes"], bill.len());
    assert_eq!(address["sha256"], sha256_hex(&bill));
    let seq = address["preflight"]["seq"].as_u64().unwrap();
    assert_eq!(
        address["preflight"],
        json!({"screen": "proof_of_funds_screen", "seq": seq, "step": 5, "step_count": 7})
    );
    // The sockets hear of it.
    match hub.rx.try_recv().unwrap() {
        idv_sandbox::hub::HubEvent::Preflight { preflight, .. } => {
            assert_eq!(preflight.screen.name(), "proof_of_funds_screen");
            assert_eq!(preflight.seq, seq);
        }
        other => panic!("{other:?}"),
    }

    // Proof of funds as a photo: its EXIF (with a location) is not kept.
    let photo = jpeg_with(1200, 1600, 5, &[(0xE1, EXIF)]);
    let stripped = jpeg(1200, 1600, 5);
    let funds = created(h.upload_doc(&token, "funds", "funds-1", &photo).await);
    assert_eq!(funds["kind"], "funds");
    assert_eq!(funds["format"], "jpeg");
    assert_eq!(funds["pages"], Value::Null);
    assert_eq!(funds["bytes"], stripped.len());
    assert_eq!(funds["sha256"], sha256_hex(&stripped));
    assert_eq!(
        funds["preflight"],
        json!({"screen": "phone_verification_start_screen", "seq": seq + 1, "step": 6, "step_count": 7})
    );

    // Two rows, two files named by their hash, holding exactly the stored bytes.
    let list = h.documents(&id).await;
    assert_eq!(list.len(), 2, "{list:?}");
    for (row, (answer, ext, bytes)) in list
        .iter()
        .zip([(&address, "pdf", &bill), (&funds, "jpg", &stripped)])
    {
        for k in ["document_id", "kind", "format", "sha256", "bytes", "pages"] {
            assert_eq!(row[k], answer[k], "{k}");
        }
        assert_eq!(row["current"], true);
        assert_eq!(row["created_at"], at(0));
        let sha = row["sha256"].as_str().unwrap();
        let path = PathBuf::from(row["path"].as_str().unwrap());
        assert_eq!(path, h.documents_dir(&id).join(format!("{sha}.{ext}")));
        assert_eq!(&std::fs::read(&path).unwrap(), bytes);
    }
    assert_eq!(h.document_files(&id).len(), 2);
    let events = h.events_of(&id).await;
    let docs: Vec<&String> = events
        .iter()
        .filter(|(k, _)| k == "document")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(docs.len(), 2, "{events:?}");
    assert!(docs[0].starts_with("address pdf 2 pages"), "{}", docs[0]);
    assert!(docs[1].starts_with("funds jpeg "), "{}", docs[1]);
}

#[tokio::test]
async fn png_photos_and_the_page_limit() {
    let h = Harness::new();
    let (_, token) = h.on_address("png").await;
    let body = created(
        h.upload_doc(&token, "address", "a", &png(800, 1100, 7))
            .await,
    );
    assert_eq!(
        (body["format"].as_str(), body["pages"].as_u64()),
        (Some("png"), None)
    );
    // Exactly 20 pages is within the limit.
    let body = created(
        h.upload_doc(&token, "funds", "f", &pdf(20, "statement"))
            .await,
    );
    assert_eq!(body["pages"], 20);
}

// ---------------------------------------------------------------------------------------------
// Refused
// ---------------------------------------------------------------------------------------------

/// Nothing was stored and the session did not move.
async fn assert_nothing_stored(h: &Harness, id: &str, token: &str) {
    assert!(h.documents(id).await.is_empty());
    assert!(h.document_files(id).is_empty());
    assert_eq!(
        h.preflight(token).await["screen"],
        "proof_of_address_screen"
    );
}

#[tokio::test]
async fn refused_files_have_their_codes_and_say_what_to_do() {
    let h = Harness::new();
    let (id, token) = h.on_address("refused").await;
    let r = h.upload_doc(&token, "address", "a", &encrypted_pdf()).await;
    r.assert_error(422, "pdf_encrypted");
    assert!(r.text.contains("password"), "{}", r.text);
    let r = h
        .upload_doc(&token, "address", "b", &pdf(25, "archive"))
        .await;
    r.assert_error(422, "pdf_too_many_pages");
    assert!(r.text.contains("25 pages"), "{}", r.text);
    h.upload_doc(&token, "address", "c", &pdf(21, "one too many"))
        .await
        .assert_error(422, "pdf_too_many_pages");
    h.upload_doc(&token, "address", "d", &[])
        .await
        .assert_error(422, "empty_file");
    for other in [
        &b"GIF89a\x01\0\x01\0\0\0\0;"[..],
        b"PK\x03\x04\x14\0\x06\0 a .docx is a zip",
        b"just some text",
    ] {
        h.upload_doc(&token, "address", "e", other)
            .await
            .assert_error(422, "unsupported_type");
    }
    let whole = pdf(1, "cut short");
    let r = h
        .upload_doc(&token, "address", "f", &whole[..whole.len() / 2])
        .await;
    r.assert_error(422, "undecodable_document");
    assert!(r.text.contains("truncated"), "{}", r.text);
    h.upload_doc(&token, "address", "g", &pdf(0, "no pages"))
        .await
        .assert_error(422, "undecodable_document");
    h.upload_doc(&token, "address", "h", &png(100, 100, 1))
        .await
        .assert_error(422, "image_too_small");
    assert_nothing_stored(&h, &id, &token).await;
    // A refused file is not kept under its key: the same key with a good file is accepted.
    created(h.upload_doc(&token, "address", "a", &pdf(1, "fine")).await);
}

#[tokio::test]
async fn files_over_the_limit_are_refused_with_413() {
    let h = Harness::new();
    let (id, token) = h.on_address("big").await;
    // One byte over 10 MiB: the form fits the body limit, the file does not.
    let mut big = pdf(1, "big");
    big.resize(10 * 1024 * 1024 + 1, b' ');
    h.upload_doc(&token, "address", "big", &big)
        .await
        .assert_error(413, "file_too_large");
    // Far over: the body limit itself answers, with the same code.
    big.resize(12 * 1024 * 1024, b' ');
    h.upload_doc(&token, "address", "bigger", &big)
        .await
        .assert_error(413, "file_too_large");
    assert_nothing_stored(&h, &id, &token).await;
    // Exactly 10 MiB (padding before its end) is within the limit.
    let doc = pdf(1, "max");
    let mut max = doc[..doc.len() - 6].to_vec();
    max.resize(10 * 1024 * 1024 - 6, b' ');
    max.extend(b"%%EOF\n");
    let body = created(h.upload_doc(&token, "address", "max", &max).await);
    assert_eq!(body["bytes"], 10 * 1024 * 1024);
}

// ---------------------------------------------------------------------------------------------
// Idempotency, order, form
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_same_key_replays_the_same_answer() {
    let h = Harness::new();
    let (id, token) = h.on_address("replay").await;
    let bill = pdf(1, "bill");
    let first = h.upload_doc(&token, "address", "bill", &bill).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert!(first.headers.get("idempotent-replayed").is_none());
    // The session is on funds now; a retry of the address still gets the address's answer.
    for _ in 0..2 {
        let again = h.upload_doc(&token, "address", "bill", &bill).await;
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.text, first.text, "the same body, byte for byte");
        assert_eq!(again.headers["idempotent-replayed"], "true");
    }
    // Another file under the key, or the same bytes to the other call, is another request.
    h.upload_doc(&token, "address", "bill", &pdf(1, "another bill"))
        .await
        .assert_error(422, "idempotency_key_reused");
    h.upload_doc(&token, "funds", "bill", &bill)
        .await
        .assert_error(422, "idempotency_key_reused");
    assert_eq!(h.documents(&id).await.len(), 1);
    assert_eq!(h.document_files(&id).len(), 1);
    let events = h.events_of(&id).await;
    assert_eq!(events.iter().filter(|(k, _)| k == "document").count(), 1);
    assert_eq!(h.preflight(&token).await["screen"], "proof_of_funds_screen");
    // The answers survive a restart.
    let reopened = open_state(h.dir.path(), h.clock.clone(), |_| {});
    let again = send(
        &reopened,
        upload_request(
            "/v1/client/address",
            Some(&token),
            Some("bill"),
            &[file("a.pdf", "application/pdf", &bill)],
        ),
    )
    .await;
    assert_eq!((again.status, again.text), (first.status, first.text));
}

#[tokio::test]
async fn the_step_must_be_the_current_one() {
    let h = Harness::new();
    let bill = pdf(1, "bill");
    // Before consent.
    let (id, token) = h.session("order", "full").await;
    h.upload_doc(&token, "address", "a", &bill)
        .await
        .assert_error(409, "step_out_of_order");
    // On the document step.
    h.consent(&token, true).await.ok();
    h.upload_doc(&token, "address", "b", &bill)
        .await
        .assert_error(409, "step_out_of_order");
    // Funds before address, address on funds.
    h.skip_to(&id, Step::Address);
    h.upload_doc(&token, "funds", "c", &bill)
        .await
        .assert_error(409, "step_out_of_order");
    created(h.upload_doc(&token, "address", "d", &bill).await);
    h.upload_doc(&token, "address", "e", &pdf(1, "again"))
        .await
        .assert_error(409, "step_out_of_order");
    // A workflow without these steps.
    let (_, kyc) = h.session("order-2", "kyc").await;
    h.consent(&kyc, true).await.ok();
    h.upload_doc(&kyc, "address", "f", &bill)
        .await
        .assert_error(409, "step_out_of_order");
    // Cancelled: finished.
    h.post("/v1/client/cancel", Some(&token), None).await.ok();
    h.upload_doc(&token, "funds", "g", &bill)
        .await
        .assert_error(409, "session_finished");
    assert_eq!(h.documents(&id).await.len(), 1);
}

#[tokio::test]
async fn the_form_key_and_token_are_checked() {
    let h = Harness::new();
    let (id, token) = h.on_address("form").await;
    let bill = pdf(1, "bill");
    for path in ["/v1/client/address", "/v1/client/funds"] {
        h.post(path, Some(&token), Some(json!({"file": "x"})))
            .await
            .assert_error(415, "unsupported_media_type");
        let one = [file("a.pdf", "application/pdf", &bill)];
        h.send(upload_request(path, Some(&token), None, &one))
            .await
            .assert_error(422, "idempotency_key_required");
        h.send(upload_request(path, Some(&token), Some("has space"), &one))
            .await
            .assert_error(422, "invalid_idempotency_key");
        h.send(upload_request(path, None, Some("k"), &one))
            .await
            .assert_error(401, "unauthorized");
        h.send(upload_request(path, Some(&"f".repeat(64)), Some("k"), &one))
            .await
            .assert_error(401, "invalid_token");
        h.send(upload_request(path, Some(KEY), Some("k"), &one))
            .await
            .assert_error(403, "forbidden");
        let cases: [(&[Part], &str); 3] = [
            (&[field("note", "hi")], "invalid_body"),
            (&[], "missing_file"),
            (
                &[
                    file("a.pdf", "application/pdf", &bill),
                    file("b.pdf", "application/pdf", &bill),
                ],
                "invalid_body",
            ),
        ];
        for (i, (parts, code)) in cases.iter().enumerate() {
            h.send(upload_request(
                path,
                Some(&token),
                Some(&format!("k{i}")),
                parts,
            ))
            .await
            .assert_error(422, code);
        }
        h.get(path, Some(&token))
            .await
            .assert_error(405, "method_not_allowed");
    }
    assert_nothing_stored(&h, &id, &token).await;
    // An expired token.
    h.advance_ms(31 * MINUTE_MS);
    h.upload_doc(&token, "address", "late", &bill)
        .await
        .assert_error(401, "token_expired");
}

#[tokio::test]
async fn upload_faults_apply_to_documents_too() {
    let h = Harness::new();
    let (id, token) = h.on_address("faults").await;
    h.post(
        &format!("/v1/sandbox/sessions/{id}/faults"),
        Some(KEY),
        Some(json!({"fail_uploads": {"count": 1, "status": 503}})),
    )
    .await
    .ok();
    let bill = pdf(1, "bill");
    h.upload_doc(&token, "address", "retry", &bill)
        .await
        .assert_error(503, "injected_fault");
    assert!(h.document_files(&id).is_empty());
    created(h.upload_doc(&token, "address", "retry", &bill).await);
    assert_eq!(h.documents(&id).await.len(), 1);
}

#[tokio::test]
async fn a_second_document_of_a_kind_is_the_current_one() {
    let h = Harness::new();
    let (id, token) = h.on_address("retake").await;
    created(
        h.upload_doc(&token, "address", "a", &pdf(1, "old bill"))
            .await,
    );
    // A failed check would send the user back (the sandbox has none yet): by hand.
    h.skip_to(&id, Step::Address);
    let newer = created(
        h.upload_doc(&token, "address", "b", &pdf(1, "new bill"))
            .await,
    );
    let list = h.documents(&id).await;
    let current: Vec<bool> = list
        .iter()
        .map(|d| d["current"].as_bool().unwrap())
        .collect();
    assert_eq!(current, [false, true]);
    assert_eq!(list[1]["document_id"], newer["document_id"]);
    assert_eq!(h.document_files(&id).len(), 2);
}

#[tokio::test]
async fn the_documents_listing_needs_the_api_key() {
    let h = Harness::new();
    let (id, token) = h.on_address("listing").await;
    let path = format!("/v1/sandbox/sessions/{id}/documents");
    h.get(&path, None).await.assert_error(401, "unauthorized");
    h.get(&path, Some(&token))
        .await
        .assert_error(403, "forbidden");
    h.get("/v1/sandbox/sessions/nope/documents", Some(KEY))
        .await
        .assert_error(404, "session_not_found");
    assert_eq!(h.get(&path, Some(KEY)).await.ok(), json!({"documents": []}));
    // Stored paths stay under the data directory whatever the key says.
    created(
        h.upload_doc(&token, "address", "../../etc/passwd", &pdf(1, "x"))
            .await,
    );
    let list = h.documents(&id).await;
    let path = Path::new(list[0]["path"].as_str().unwrap());
    assert!(path.starts_with(h.documents_dir(&id)), "{path:?}");
}
