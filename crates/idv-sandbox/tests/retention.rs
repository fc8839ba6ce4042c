//! Retention (`src/retention.rs`): a session's images, frames, documents, codes and the user's
//! details are deleted `IDV_RETENTION_DAYS` after it ended, files and rows, with an event; the
//! session, its result and its events stay; a session still in progress keeps everything.

mod common;

use common::*;
use serde_json::json;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A `document_only` session with both sides uploaded: it ends `verified` at once.
async fn finished_with_images(h: &Harness, ref_id: &str) -> String {
    let (id, token) = h.session(ref_id, "document_only").await;
    h.consent(&token, true).await.ok();
    for (side, shade) in [("front", 1), ("back", 2)] {
        let image = jpeg(640, 400, shade);
        let r = h
            .send(upload_request(
                "/v1/client/media",
                Some(&token),
                Some(side),
                &[field("side", side), file("id.jpg", "image/jpeg", &image)],
            ))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    id
}

async fn media_count(h: &Harness, id: &str) -> usize {
    h.get(&format!("/v1/sandbox/sessions/{id}/media"), Some(KEY))
        .await
        .ok()["media"]
        .as_array()
        .unwrap()
        .len()
}

fn files_under(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                files_under(&p)
            } else {
                1
            }
        })
        .sum()
}

#[tokio::test]
async fn personal_data_goes_after_the_retention_and_the_session_stays() {
    let h = Harness::with(|c| c.retention_days = 30);
    let done = finished_with_images(&h, "kept-30-days").await;
    // A contact session with a code sent, cancelled: ended too.
    let (cancelled, token) = h.session("code-then-cancel", "contact").await;
    h.consent(&token, true).await.ok();
    let sent = h
        .post(
            "/v1/client/phone/initiate",
            Some(&token),
            Some(json!({ "phone": "+41791234567" })),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    h.post(&format!("/v1/sessions/{cancelled}/cancel"), Some(KEY), None)
        .await
        .ok();
    // One still in progress, with its images.
    let (active, active_token) = h.session("still-going", "kyc").await;
    h.consent(&active_token, true).await.ok();
    let image = jpeg(640, 400, 9);
    h.send(upload_request(
        "/v1/client/media",
        Some(&active_token),
        Some("f"),
        &[field("side", "front"), file("id.jpg", "image/jpeg", &image)],
    ))
    .await;
    let media_dir = h.dir.path().join("media");
    assert_eq!(files_under(&media_dir.join(&done)), 2);

    h.advance_ms(29 * DAY_MS);
    let swept = idv_sandbox::retention::sweep(&h.state).unwrap();
    assert_eq!(swept.sessions, 0, "{swept:?}");
    assert_eq!(media_count(&h, &done).await, 2);

    h.advance_ms(2 * DAY_MS);
    let swept = idv_sandbox::retention::sweep(&h.state).unwrap();
    assert_eq!(
        (swept.sessions, swept.images, swept.codes),
        (2, 2, 1),
        "{swept:?}"
    );
    assert_eq!(media_count(&h, &done).await, 0);
    assert!(
        !media_dir.join(&done).exists(),
        "the session's folder is gone"
    );
    assert!(h.state.lock().sent_codes(&cancelled).unwrap().is_empty());
    // The session and its result stay, with an event saying what went.
    let session = h.server_session(&done).await;
    assert_eq!(session["status"], "verified");
    assert!(session["result"]["checks"].is_array());
    let events = h.events_of(&done).await;
    assert!(
        events.iter().any(|(k, d)| k == "retention"
            && d
                == "personal data deleted after 30 days: 2 images, 0 frames, 0 documents, 0 codes"),
        "{events:?}"
    );
    // In progress: kept, whatever its age.
    assert_eq!(media_count(&h, &active).await, 1);
    assert_eq!(files_under(&media_dir.join(&active)), 1);
    // A second sweep finds nothing more.
    assert_eq!(idv_sandbox::retention::sweep(&h.state).unwrap().sessions, 0);
}

#[tokio::test]
async fn zero_days_keeps_nothing_past_the_end() {
    let h = Harness::with(|c| c.retention_days = 0);
    let done = finished_with_images(&h, "kept-0-days").await;
    let swept = idv_sandbox::retention::sweep(&h.state).unwrap();
    assert_eq!((swept.sessions, swept.images), (1, 2), "{swept:?}");
    assert_eq!(media_count(&h, &done).await, 0);
    assert_eq!(files_under(&h.dir.path().join("media")), 0);
}
