//! `POST /v1/client/media` and the media listing, driven with `oneshot` and multipart bodies
//! built by hand. The images are built by hand too (`common/files.rs`: a real grey PNG with
//! stored deflate blocks; a structurally whole baseline JPEG), without the sandbox's own code.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use idv_core::{Screen, Step};
use idv_sandbox::hub::HubEvent;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn media_request(auth: Option<&str>, key: Option<&str>, parts: &[Part]) -> Request<Body> {
    upload_request("/v1/client/media", auth, key, parts)
}

impl Harness {
    /// One side's image, as the app sends it.
    async fn upload(&self, token: &str, key: &str, side: &str, image: &[u8]) -> Resp {
        let name = format!("{side}.jpg");
        self.send(media_request(
            Some(token),
            Some(key),
            &[field("side", side), file(&name, "image/jpeg", image)],
        ))
        .await
    }

    /// A session of `workflow` with consent given: on `scan_id_document_front_screen`.
    async fn on_document(&self, workflow: &str) -> (String, String) {
        let (id, token) = self.session(&format!("media-{workflow}"), workflow).await;
        self.consent(&token, true).await.ok();
        (id, token)
    }

    async fn media_list(&self, id: &str) -> Vec<Value> {
        let r = self
            .get(&format!("/v1/sandbox/sessions/{id}/media"), Some(KEY))
            .await
            .ok();
        r["media"].as_array().unwrap().clone()
    }

    async fn event_kinds(&self, id: &str) -> Vec<(String, String)> {
        let r = self
            .get(&format!("/v1/sandbox/sessions/{id}/events"), Some(KEY))
            .await
            .ok();
        r["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap().to_owned(),
                    e["detail"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    fn media_dir(&self, id: &str) -> PathBuf {
        self.dir.path().join("media").join(id)
    }

    /// The files stored for a session (no temporary ones left behind either).
    fn files(&self, id: &str) -> Vec<PathBuf> {
        match std::fs::read_dir(self.media_dir(id)) {
            Ok(dir) => {
                let mut files: Vec<PathBuf> = dir.map(|e| e.unwrap().path()).collect();
                files.sort();
                files
            }
            Err(_) => Vec::new(),
        }
    }

    async fn faults(&self, id: &str, body: Value) -> Resp {
        self.post(
            &format!("/v1/sandbox/sessions/{id}/faults"),
            Some(KEY),
            Some(body),
        )
        .await
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

fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

// ---------------------------------------------------------------------------------------------
// The happy path
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn front_then_back_advances_the_flow_and_stores_two_files() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let mut hub = h.state.hub().subscribe(&id).unwrap();
    let front_image = jpeg(1000, 630, 3);
    let front = created(h.upload(&token, "front-1", "front", &front_image).await);
    assert_eq!(front["side"], "front");
    assert_eq!(front["format"], "jpeg");
    assert_eq!(
        (front["width"].as_u64(), front["height"].as_u64()),
        (Some(1000), Some(630))
    );
    assert_eq!(front["bytes"], front_image.len());
    assert_eq!(front["sha256"], sha256_hex(&front_image));
    assert!(front["media_id"].as_str().unwrap().starts_with("med_"));
    assert_eq!(
        front["preflight"],
        json!({"screen": "scan_id_document_back_screen", "seq": 3, "step": 2, "step_count": 3})
    );
    // The sockets hear of it.
    match hub.rx.try_recv().unwrap() {
        HubEvent::Preflight {
            session_id,
            preflight,
        } => {
            assert_eq!(session_id, id);
            assert_eq!(preflight.screen, Screen::DocumentBack);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.preflight(&token).await, front["preflight"]);

    let back_image = png(800, 505, 200);
    let back = created(h.upload(&token, "back-1", "back", &back_image).await);
    assert_eq!(back["format"], "png");
    assert_eq!(
        back["preflight"],
        json!({"screen": "liveness_screen", "seq": 4, "step": 3, "step_count": 3})
    );
    assert_ne!(back["media_id"], front["media_id"]);

    // Two rows, two files, each named by its hash and holding exactly the stored bytes.
    let list = h.media_list(&id).await;
    assert_eq!(list.len(), 2, "{list:?}");
    for (row, answer) in list.iter().zip([&front, &back]) {
        for k in [
            "media_id", "side", "format", "sha256", "width", "height", "bytes",
        ] {
            assert_eq!(row[k], answer[k], "{k}");
        }
        assert_eq!(row["current"], true);
        assert_eq!(row["created_at"], at(0));
        let path = PathBuf::from(row["path"].as_str().unwrap());
        let sha = row["sha256"].as_str().unwrap();
        assert!(is_sha256(sha), "{sha}");
        let ext = if row["format"] == "png" { "png" } else { "jpg" };
        assert_eq!(path, h.media_dir(&id).join(format!("{sha}.{ext}")));
        let on_disk = std::fs::read(&path).unwrap();
        assert_eq!(sha256_hex(&on_disk), sha);
        assert_eq!(on_disk.len() as u64, row["bytes"].as_u64().unwrap());
    }
    assert_eq!(h.files(&id).len(), 2);
    let events = h.event_kinds(&id).await;
    let media: Vec<&String> = events
        .iter()
        .filter(|(k, _)| k == "media")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(media.len(), 2, "{events:?}");
    assert!(media[0].starts_with("front jpeg 1000x630"), "{}", media[0]);
    assert!(media[1].starts_with("back png 800x505"), "{}", media[1]);
}

#[tokio::test]
async fn the_back_of_a_document_only_session_completes_it() {
    let h = Harness::with(|c| c.decision_delay_ms = 1000);
    let (id, token) = h.on_document("document_only").await;
    created(h.upload(&token, "f", "front", &jpeg(640, 400, 1)).await);
    let back = created(h.upload(&token, "b", "back", &jpeg(640, 400, 2)).await);
    assert_eq!(back["preflight"]["screen"], "completed_screen");
    h.advance_ms(1000);
    assert_eq!(h.preflight(&token).await["screen"], "successful_screen");
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "verified");
    // Finished: no more uploads.
    h.upload(&token, "b2", "back", &jpeg(640, 400, 3))
        .await
        .assert_error(409, "session_finished");
}

#[tokio::test]
async fn a_png_named_jpg_is_judged_by_its_bytes() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = png(640, 400, 9);
    let r = h
        .send(media_request(
            Some(&token),
            Some("k1"),
            &[
                field("side", "front"),
                file("passport.jpg", "image/jpeg", &image),
            ],
        ))
        .await;
    let body = created(r);
    assert_eq!(body["format"], "png");
    let list = h.media_list(&id).await;
    assert!(list[0]["path"].as_str().unwrap().ends_with(".png"));
    // And a JPEG sent as "text/plain" named .txt is a JPEG.
    let r = h
        .send(media_request(
            Some(&token),
            Some("k2"),
            &[
                field("side", "back"),
                file("notes.txt", "text/plain", &jpeg(640, 400, 1)),
            ],
        ))
        .await;
    assert_eq!(created(r)["format"], "jpeg");
}

#[tokio::test]
async fn metadata_is_stripped_before_storing() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let with = jpeg_with(800, 500, 4, &[(0xE1, EXIF), (0xFE, b"shot on a phone")]);
    let without = jpeg(800, 500, 4);
    let body = created(h.upload(&token, "m", "front", &with).await);
    assert_eq!(body["bytes"], without.len());
    assert_eq!(body["sha256"], sha256_hex(&without));
    let path = h.media_list(&id).await[0]["path"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored = std::fs::read(path).unwrap();
    assert_eq!(
        stored, without,
        "everything but the metadata kept byte for byte"
    );
    assert!(!stored.windows(4).any(|w| w == b"Exif"));
    assert!(!stored.windows(3).any(|w| w == b"GPS"));
}

// ---------------------------------------------------------------------------------------------
// Refused images
// ---------------------------------------------------------------------------------------------

/// Nothing was stored and the session did not move.
async fn assert_nothing_stored(h: &Harness, id: &str, token: &str) {
    assert!(h.media_list(id).await.is_empty());
    assert!(h.files(id).is_empty());
    assert_eq!(
        h.preflight(token).await["screen"],
        "scan_id_document_front_screen"
    );
}

#[tokio::test]
async fn a_truncated_jpeg_is_undecodable() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let whole = jpeg(800, 500, 5);
    for cut in [whole.len() - 1, whole.len() - 40, 200, 30] {
        let r = h
            .upload(&token, &format!("t{cut}"), "front", &whole[..cut])
            .await;
        r.assert_error(422, "undecodable_image");
    }
    let r = h
        .upload(&token, "t", "front", &whole[..whole.len() - 40])
        .await;
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("truncated"),
        "{}",
        r.text
    );
    assert_nothing_stored(&h, &id, &token).await;
}

#[tokio::test]
async fn refused_images_have_their_codes() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    h.upload(&token, "a", "front", &[])
        .await
        .assert_error(422, "empty_file");
    h.upload(&token, "b", "front", &png_claiming(50_000, 50_000))
        .await
        .assert_error(422, "too_many_pixels");
    h.upload(&token, "c", "front", &png(200, 600, 1))
        .await
        .assert_error(422, "image_too_small");
    h.upload(&token, "d", "front", b"GIF89a\x01\0\x01\0\0\0\0;")
        .await
        .assert_error(422, "unsupported_type");
    h.upload(&token, "e", "front", b"%PDF-1.7 a scan of my passport")
        .await
        .assert_error(422, "unsupported_type");
    let mut bad_crc = png(640, 400, 1);
    let n = bad_crc.len();
    bad_crc[n - 20] ^= 1;
    h.upload(&token, "f", "front", &bad_crc)
        .await
        .assert_error(422, "undecodable_image");
    assert_nothing_stored(&h, &id, &token).await;
    // A refused image is not kept under its key: the same key with a good image is accepted.
    created(h.upload(&token, "a", "front", &jpeg(640, 400, 1)).await);
}

#[tokio::test]
async fn files_over_the_limit_are_refused_with_413() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    // One byte over 10 MiB: the form fits the body limit, the file does not.
    let mut big = jpeg(640, 400, 1);
    big.resize(10 * 1024 * 1024 + 1, 0);
    h.upload(&token, "big", "front", &big)
        .await
        .assert_error(413, "file_too_large");
    // Far over: the body limit itself answers, with the same code.
    big.resize(12 * 1024 * 1024, 0);
    h.upload(&token, "bigger", "front", &big)
        .await
        .assert_error(413, "file_too_large");
    // The body limit (10 MiB and a little) holds for the other fields too.
    let huge_side = "f".repeat(11 * 1024 * 1024);
    let image = jpeg(640, 400, 1);
    h.send(media_request(
        Some(&token),
        Some("huge"),
        &[
            field("side", &huge_side),
            file("a.jpg", "image/jpeg", &image),
        ],
    ))
    .await
    .assert_error(413, "file_too_large");
    // Exactly 10 MiB is within the limit (and judged on its content: trailing zeros after a
    // JPEG's end are allowed, and dropped).
    big.truncate(10 * 1024 * 1024);
    let body = created(h.upload(&token, "max", "front", &big).await);
    assert_eq!(body["bytes"], jpeg(640, 400, 1).len());
    assert_eq!(h.files(&id).len(), 1);
    // The JSON routes keep their 64 KiB limit.
    h.post(
        "/v1/client/consent",
        Some(&token),
        Some(json!({"accepted": true, "pad": "x".repeat(100 * 1024)})),
    )
    .await
    .assert_error(413, "body_too_large");
}

// ---------------------------------------------------------------------------------------------
// Idempotency
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_same_key_replays_the_same_answer_and_stores_one_file() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = jpeg(1200, 760, 7);
    let first = h.upload(&token, "photo-1", "front", &image).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(first.headers.get("idempotent-replayed").is_none());
    // The session has moved to the back; a retry of the front still gets the front's answer.
    for _ in 0..3 {
        let again = h.upload(&token, "photo-1", "front", &image).await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
        assert_eq!(again.text, first.text, "the same body, byte for byte");
        assert_eq!(again.headers["idempotent-replayed"], "true");
    }
    assert_eq!(h.media_list(&id).await.len(), 1);
    assert_eq!(h.files(&id).len(), 1);
    let events = h.event_kinds(&id).await;
    assert_eq!(events.iter().filter(|(k, _)| k == "media").count(), 1);
    assert_eq!(
        h.preflight(&token).await["seq"],
        3,
        "replays do not move the flow"
    );
    // Keys belong to their session: another session's same key is a new upload.
    let (other, other_token) = h.on_document("document_only").await;
    created(h.upload(&other_token, "photo-1", "front", &image).await);
    assert_eq!(h.media_list(&other).await.len(), 1);
}

#[tokio::test]
async fn the_same_key_with_another_file_is_refused() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    created(h.upload(&token, "k", "front", &jpeg(640, 400, 1)).await);
    h.upload(&token, "k", "back", &jpeg(640, 400, 2))
        .await
        .assert_error(422, "idempotency_key_reused");
    // The same bytes for the other side are another request too.
    h.upload(&token, "k", "back", &jpeg(640, 400, 1))
        .await
        .assert_error(422, "idempotency_key_reused");
    assert_eq!(h.media_list(&id).await.len(), 1);
    created(h.upload(&token, "k2", "back", &jpeg(640, 400, 2)).await);
}

#[tokio::test]
async fn the_idempotency_key_is_required_and_checked() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = jpeg(640, 400, 1);
    let parts = [field("side", "front"), file("a.jpg", "image/jpeg", &image)];
    h.send(media_request(Some(&token), None, &parts))
        .await
        .assert_error(422, "idempotency_key_required");
    let long = "k".repeat(129);
    for bad in ["", "has space", long.as_str(), "tab\tkey"] {
        h.send(media_request(Some(&token), Some(bad), &parts))
            .await
            .assert_error(422, "invalid_idempotency_key");
    }
    let longest = "k".repeat(128);
    created(
        h.send(media_request(Some(&token), Some(&longest), &parts))
            .await,
    );
    assert_eq!(h.media_list(&id).await.len(), 1);
}

#[tokio::test]
async fn answers_and_keys_survive_a_restart() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = jpeg(640, 400, 1);
    let first = h.upload(&token, "k", "front", &image).await;
    let reopened = open_state(h.dir.path(), h.clock.clone(), |_| {});
    let again = send(
        &reopened,
        media_request(
            Some(&token),
            Some("k"),
            &[field("side", "front"), file("a.jpg", "image/jpeg", &image)],
        ),
    )
    .await;
    assert_eq!((again.status, again.text), (first.status, first.text));
    let list = send(
        &reopened,
        request(
            Method::GET,
            &format!("/v1/sandbox/sessions/{id}/media"),
            Some(KEY),
            None,
        ),
    )
    .await
    .ok();
    assert_eq!(list["media"].as_array().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Order, auth, form
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_side_must_be_the_one_asked_for() {
    let h = Harness::new();
    let (id, token) = h.session("order", "kyc").await;
    // Before consent: not the document step.
    h.upload(&token, "a", "front", &jpeg(640, 400, 1))
        .await
        .assert_error(409, "step_out_of_order");
    h.consent(&token, true).await.ok();
    h.upload(&token, "b", "back", &jpeg(640, 400, 1))
        .await
        .assert_error(409, "step_out_of_order");
    created(h.upload(&token, "c", "front", &jpeg(640, 400, 1)).await);
    h.upload(&token, "d", "front", &jpeg(640, 400, 2))
        .await
        .assert_error(409, "step_out_of_order");
    // A workflow without a document step.
    let (_, contact) = h.session("order-2", "contact").await;
    h.consent(&contact, true).await.ok();
    h.upload(&contact, "e", "front", &jpeg(640, 400, 1))
        .await
        .assert_error(409, "step_out_of_order");
    // Cancelled: finished.
    h.post("/v1/client/cancel", Some(&token), None).await.ok();
    h.upload(&token, "f", "back", &jpeg(640, 400, 1))
        .await
        .assert_error(409, "session_finished");
    assert_eq!(h.media_list(&id).await.len(), 1);
}

#[tokio::test]
async fn uploads_need_the_session_token() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = jpeg(640, 400, 1);
    let parts = [field("side", "front"), file("a.jpg", "image/jpeg", &image)];
    h.send(media_request(None, Some("k"), &parts))
        .await
        .assert_error(401, "unauthorized");
    h.send(media_request(Some(&"f".repeat(64)), Some("k"), &parts))
        .await
        .assert_error(401, "invalid_token");
    h.send(media_request(Some(KEY), Some("k"), &parts))
        .await
        .assert_error(403, "forbidden");
    h.advance_ms(31 * MINUTE_MS);
    h.send(media_request(Some(&token), Some("k"), &parts))
        .await
        .assert_error(401, "token_expired");
    assert!(h.media_list(&id).await.is_empty());
}

#[tokio::test]
async fn the_form_is_checked() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = jpeg(640, 400, 1);
    // Not multipart.
    h.post(
        "/v1/client/media",
        Some(&token),
        Some(json!({"side": "front"})),
    )
    .await
    .assert_error(415, "unsupported_media_type");
    let cases: [(&[Part], &str); 5] = [
        (&[file("a.jpg", "image/jpeg", &image)], "invalid_side"),
        (
            &[field("side", "left"), file("a.jpg", "image/jpeg", &image)],
            "invalid_side",
        ),
        (&[field("side", "front")], "missing_file"),
        (
            &[
                field("side", "front"),
                field("colour", "blue"),
                file("a.jpg", "image/jpeg", &image),
            ],
            "invalid_body",
        ),
        (
            &[
                field("side", "front"),
                file("a.jpg", "image/jpeg", &image),
                file("b.jpg", "image/jpeg", &image),
            ],
            "invalid_body",
        ),
    ];
    for (i, (parts, code)) in cases.iter().enumerate() {
        h.send(media_request(Some(&token), Some(&format!("k{i}")), parts))
            .await
            .assert_error(422, code);
    }
    // A body that is not the multipart it claims.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/v1/client/media")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("Idempotency-Key", "k9")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from("this is not a form"))
        .unwrap();
    h.send(req).await.assert_error(400, "invalid_multipart");
    h.get("/v1/client/media", Some(&token))
        .await
        .assert_error(405, "method_not_allowed");
    assert!(h.media_list(&id).await.is_empty());
}

#[tokio::test]
async fn a_retake_adds_a_row_and_the_newest_counts() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    created(h.upload(&token, "a", "front", &jpeg(640, 400, 1)).await);
    // A failed check would send the user back to the front (the sandbox has no such check
    // yet): put the session there by hand.
    h.state
        .modify(&id, |row| {
            row.screen = Screen::DocumentFront;
            row.seq += 1;
            Ok(())
        })
        .unwrap();
    let retake = created(h.upload(&token, "b", "front", &jpeg(640, 400, 2)).await);
    created(h.upload(&token, "c", "back", &jpeg(640, 400, 3)).await);
    let list = h.media_list(&id).await;
    let summary: Vec<(&str, bool)> = list
        .iter()
        .map(|m| (m["side"].as_str().unwrap(), m["current"].as_bool().unwrap()))
        .collect();
    assert_eq!(summary, [("front", false), ("front", true), ("back", true)]);
    assert_eq!(list[1]["media_id"], retake["media_id"]);
    assert_eq!(h.files(&id).len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Fault injection and the listing
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn failed_uploads_then_success_store_exactly_one_file() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let r = h
        .faults(&id, json!({"fail_uploads": {"count": 2, "status": 503}}))
        .await
        .ok();
    assert_eq!(
        r,
        json!({"session_id": id, "websocket": "allow", "fail_uploads": {"count": 2, "status": 503}})
    );
    let image = jpeg(1000, 630, 8);
    for left in [1, 0] {
        let r = h.upload(&token, "retry-me", "front", &image).await;
        r.assert_error(503, "injected_fault");
        assert!(r.text.contains(&format!("{left} more")), "{}", r.text);
        assert!(h.files(&id).is_empty());
    }
    let ok = created(h.upload(&token, "retry-me", "front", &image).await);
    assert_eq!(ok["preflight"]["screen"], "scan_id_document_back_screen");
    // A retry after a lost answer replays it.
    let again = h.upload(&token, "retry-me", "front", &image).await;
    assert_eq!(again.body, ok);
    assert_eq!(h.media_list(&id).await.len(), 1);
    assert_eq!(h.files(&id).len(), 1);
    let events = h.event_kinds(&id).await;
    let failures = events
        .iter()
        .filter(|(k, d)| k == "fault" && d.starts_with("upload failed with 503"))
        .count();
    assert_eq!(failures, 2, "{events:?}");
    assert!(events
        .iter()
        .any(|(k, d)| k == "fault" && d.contains("fail_uploads=2x503")));
}

#[tokio::test]
async fn upload_faults_are_checked_and_can_be_cleared() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    for bad in [
        json!({"fail_uploads": {"count": 1, "status": 200}}),
        json!({"fail_uploads": {"count": 1, "status": 600}}),
        json!({"upload_delay_ms": 60_001}),
    ] {
        h.faults(&id, bad).await.assert_error(422, "invalid_fault");
    }
    h.faults(&id, json!({"fail_uploads": {"count": 1}}))
        .await
        .assert_error(422, "invalid_body");
    h.faults(&id, json!({"fail_uploads": {"count": 5, "status": 500}}))
        .await
        .ok();
    let r = h
        .faults(&id, json!({"fail_uploads": {"count": 0, "status": 500}}))
        .await
        .ok();
    assert_eq!(r, json!({"session_id": id, "websocket": "allow"}));
    created(h.upload(&token, "k", "front", &jpeg(640, 400, 1)).await);
    // 429 with a count of one: one failure, then through.
    h.faults(&id, json!({"fail_uploads": {"count": 1, "status": 429}}))
        .await
        .ok();
    h.upload(&token, "k2", "back", &jpeg(640, 400, 2))
        .await
        .assert_error(429, "injected_fault");
    created(h.upload(&token, "k2", "back", &jpeg(640, 400, 2)).await);
}

#[tokio::test]
async fn upload_delay_holds_the_answer() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let r = h.faults(&id, json!({"upload_delay_ms": 300})).await.ok();
    assert_eq!(r["upload_delay_ms"], 300);
    let started = std::time::Instant::now();
    created(h.upload(&token, "slow", "front", &jpeg(640, 400, 1)).await);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    // Errors are held too.
    let started = std::time::Instant::now();
    h.upload(&token, "slow2", "front", &jpeg(640, 400, 1))
        .await
        .assert_error(409, "step_out_of_order");
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let r = h.faults(&id, json!({"upload_delay_ms": 0})).await.ok();
    assert!(r.get("upload_delay_ms").is_none(), "{r}");
    let started = std::time::Instant::now();
    created(h.upload(&token, "fast", "back", &jpeg(640, 400, 2)).await);
    assert!(started.elapsed() < std::time::Duration::from_millis(300));
}

#[tokio::test]
async fn the_media_listing_needs_the_api_key() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let path = format!("/v1/sandbox/sessions/{id}/media");
    h.get(&path, None).await.assert_error(401, "unauthorized");
    h.get(&path, Some(&token))
        .await
        .assert_error(403, "forbidden");
    h.get("/v1/sandbox/sessions/123456789/media", Some(KEY))
        .await
        .assert_error(404, "session_not_found");
    assert_eq!(h.get(&path, Some(KEY)).await.ok(), json!({"media": []}));
}

/// Paths under the data directory only: nothing in the answer points elsewhere.
#[tokio::test]
async fn stored_files_stay_under_the_data_directory() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    created(
        h.upload(&token, "../../etc/passwd", "front", &jpeg(640, 400, 1))
            .await,
    );
    let list = h.media_list(&id).await;
    let path = Path::new(list[0]["path"].as_str().unwrap());
    assert!(
        path.starts_with(h.dir.path().join("media").join(&id)),
        "{path:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The card's corners
// ---------------------------------------------------------------------------------------------

const CORNERS: &str = "[[0.08,0.21],[0.93,0.18],[0.95,0.83],[0.05,0.86]]";

impl Harness {
    async fn upload_with_corners(
        &self,
        token: &str,
        key: &str,
        side: &str,
        image: &[u8],
        corners: &str,
    ) -> Resp {
        self.send(media_request(
            Some(token),
            Some(key),
            &[
                field("side", side),
                field("corners", corners),
                file("id.jpg", "image/jpeg", image),
            ],
        ))
        .await
    }

    /// The `corners` column of every `media` row of the session, read with SQL as another
    /// process (an end-to-end test) would: `sandbox.sqlite3` in the data directory.
    fn stored_corners(&self, id: &str) -> Vec<(String, Option<String>)> {
        let db = rusqlite::Connection::open(self.dir.path().join("sandbox.sqlite3")).unwrap();
        let mut stmt = db
            .prepare("SELECT id, corners FROM media WHERE session_id = ?1 ORDER BY rowid")
            .unwrap();
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        rows.map(Result::unwrap).collect()
    }
}

#[tokio::test]
async fn corners_are_stored_answered_listed_and_logged() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let want = json!([[0.08, 0.21], [0.93, 0.18], [0.95, 0.83], [0.05, 0.86]]);
    let front = created(
        h.upload_with_corners(&token, "f", "front", &jpeg(1000, 630, 3), CORNERS)
            .await,
    );
    assert_eq!(front["corners"], want);
    assert_eq!(
        front["preflight"]["screen"], "scan_id_document_back_screen",
        "the flow moves on as without corners"
    );
    // Without corners: as before, no field at all.
    let back = created(h.upload(&token, "b", "back", &jpeg(1000, 630, 4)).await);
    assert!(back.get("corners").is_none(), "{back}");

    let list = h.media_list(&id).await;
    assert_eq!(list[0]["corners"], want);
    assert!(list[1].get("corners").is_none(), "{}", list[1]);

    assert_eq!(
        h.stored_corners(&id),
        [
            (str_of(&front, "media_id"), Some(CORNERS.to_owned())),
            (str_of(&back, "media_id"), None),
        ]
    );

    let events = h.event_kinds(&id).await;
    let media: Vec<&String> = events
        .iter()
        .filter(|(k, _)| k == "media")
        .map(|(_, d)| d)
        .collect();
    assert!(
        media[0].ends_with(&format!(" corners={CORNERS}")),
        "{}",
        media[0]
    );
    assert!(!media[1].contains("corners"), "{}", media[1]);
}

#[tokio::test]
async fn corners_are_stored_in_one_spelling() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let spelled = " [[0.080, 0.21], [9.3e-1,0.18] ,[0.95,0.83],[0.05,0.86]]\n";
    created(
        h.upload_with_corners(&token, "f", "front", &jpeg(1000, 630, 3), spelled)
            .await,
    );
    assert_eq!(h.stored_corners(&id)[0].1.as_deref(), Some(CORNERS));
    // Whole numbers are numbers too: the photo's own corners.
    created(
        h.upload_with_corners(
            &token,
            "b",
            "back",
            &jpeg(1000, 630, 4),
            "[[0,0],[1,0],[1,1],[0,1]]",
        )
        .await,
    );
    let list = h.media_list(&id).await;
    assert_eq!(
        list[1]["corners"],
        json!([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    );
}

#[tokio::test]
async fn refused_corners_have_their_code_and_store_nothing() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = jpeg(1000, 630, 3);
    let too_long = format!("{CORNERS}{}", " ".repeat(256));
    // Each value, and a word its message must carry.
    let cases: &[(&str, &str)] = &[
        ("", "not valid JSON"),
        ("[[0,0],[1,0],[1,1],[0,1]", "not valid JSON"),
        ("top-left", "not valid JSON"),
        ("[[0,0],[1,0],[1,1]]", "exactly 4 points"),
        ("[[0,0],[1,0],[1,1],[0,1],[0,0]]", "exactly 4 points"),
        ("{\"top_left\": [0, 0]}", "exactly 4 points"),
        ("[[0,0],[1,0],[1],[0,1]]", "corners[2]"),
        ("[[0,0],[1,0,1],[1,1],[0,1]]", "corners[1]"),
        ("[[0,0],[1,0],[1,1],[\"0\",1]]", "corners[3]"),
        ("[[0,0],[1,0],[1,1],[0,null]]", "corners[3]"),
        ("[[0,0],[1e400,0],[1,1],[0,1]]", "not valid JSON"),
        ("[[0,0],[1.5,0],[1,1],[0,1]]", "outside the photo"),
        ("[[0,-0.01],[1,0],[1,1],[0,1]]", "outside the photo"),
        ("[[0.1,0.1],[0.9,0.9],[0.9,0.1],[0.1,0.9]]", "cross"),
        (
            "[[0.1,0.1],[0.1,0.9],[0.9,0.9],[0.9,0.1]]",
            "counter-clockwise",
        ),
        ("[[0.1,0.1],[0.9,0.1],[0.9,0.9],[0.7,0.3]]", "convex"),
        ("[[0.1,0.1],[0.5,0.1],[0.9,0.1],[0.1,0.9]]", "convex"),
        ("[[0.1,0.1],[0.1,0.1],[0.9,0.9],[0.1,0.9]]", "convex"),
        ("[[0.5,0.5],[0.58,0.5],[0.58,0.58],[0.5,0.58]]", "0.64%"),
        (&too_long, "at most 256"),
    ];
    for (i, (corners, says)) in cases.iter().enumerate() {
        let r = h
            .upload_with_corners(&token, &format!("k{i}"), "front", &image, corners)
            .await;
        r.assert_error(422, "invalid_corners");
        let message = r.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{corners:?}: {message}");
    }
    // Twice, even the same value twice.
    h.send(media_request(
        Some(&token),
        Some("twice"),
        &[
            field("side", "front"),
            field("corners", CORNERS),
            field("corners", CORNERS),
            file("id.jpg", "image/jpeg", &image),
        ],
    ))
    .await
    .assert_error(422, "invalid_corners");
    assert!(h.media_list(&id).await.is_empty());
    assert!(h.files(&id).is_empty());
    assert_eq!(
        h.preflight(&token).await["screen"],
        "scan_id_document_front_screen"
    );
    // Refusals are not kept under their key: the same key with good corners is a new upload.
    created(
        h.upload_with_corners(&token, "k0", "front", &image, CORNERS)
            .await,
    );
}

#[tokio::test]
async fn corners_are_part_of_the_idempotent_request() {
    let h = Harness::new();
    let (id, token) = h.on_document("kyc").await;
    let image = jpeg(1000, 630, 3);
    let first = h
        .upload_with_corners(&token, "photo", "front", &image, CORNERS)
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    // The same request, spelled alike or not, is replayed byte for byte.
    for corners in [
        CORNERS,
        " [[0.080,0.21],[0.93,0.18],[0.95,0.83],[0.05,0.86]]",
    ] {
        let again = h
            .upload_with_corners(&token, "photo", "front", &image, corners)
            .await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
        assert_eq!(again.text, first.text);
        assert_eq!(again.headers["idempotent-replayed"], "true");
    }
    // Other corners, or none, under the key are another request.
    h.upload_with_corners(
        &token,
        "photo",
        "front",
        &image,
        "[[0.1,0.2],[0.93,0.18],[0.95,0.83],[0.05,0.86]]",
    )
    .await
    .assert_error(422, "idempotency_key_reused");
    h.upload(&token, "photo", "front", &image)
        .await
        .assert_error(422, "idempotency_key_reused");
    assert_eq!(h.media_list(&id).await.len(), 1);

    // A key first used without corners refuses the same photo with them.
    let (other, other_token) = h.on_document("document_only").await;
    created(h.upload(&other_token, "plain", "front", &image).await);
    h.upload_with_corners(&other_token, "plain", "front", &image, CORNERS)
        .await
        .assert_error(422, "idempotency_key_reused");
    assert_eq!(h.stored_corners(&other).len(), 1);

    // Kept answers with corners survive a restart.
    let reopened = open_state(h.dir.path(), h.clock.clone(), |_| {});
    let again = send(
        &reopened,
        media_request(
            Some(&token),
            Some("photo"),
            &[
                field("side", "front"),
                field("corners", CORNERS),
                file("id.jpg", "image/jpeg", &image),
            ],
        ),
    )
    .await;
    assert_eq!((again.status, again.text), (first.status, first.text));
}

#[tokio::test]
async fn only_id_images_take_corners() {
    let h = Harness::new();
    let (id, token) = h.on_step("corners-elsewhere", "full", Step::Address).await;
    let bill = pdf(1, "bill");
    for path in ["/v1/client/address", "/v1/client/funds"] {
        let r = h
            .send(upload_request(
                path,
                Some(&token),
                Some("bill"),
                &[
                    field("corners", CORNERS),
                    file("a.pdf", "application/pdf", &bill),
                ],
            ))
            .await;
        r.assert_error(422, "invalid_corners");
        assert!(
            r.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("/v1/client/media"),
            "{}",
            r.text
        );
    }
    // The liveness form refuses it as it reads it, before the liveness itself is looked at.
    h.send(upload_request(
        "/v1/client/liveness/liv_0/complete",
        Some(&token),
        Some("frames"),
        &[field("step", "look_straight"), field("corners", CORNERS)],
    ))
    .await
    .assert_error(422, "invalid_corners");
    assert!(h.media_list(&id).await.is_empty());
    assert_eq!(
        h.preflight(&token).await["screen"],
        "proof_of_address_screen"
    );
}
