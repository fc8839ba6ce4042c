//! The liveness calls (`start`, `{liveness_id}/complete`, `assisted`) and the liveness listing,
//! driven with `oneshot` and multipart bodies built by hand (`common/form.rs`), frames from the
//! hand-built JPEGs of `common/files.rs`.

mod common;

use axum::http::StatusCode;
use common::*;
use idv_core::Step;
use serde_json::Value;
use std::path::Path;

const START: &str = "/v1/client/liveness/start";
const ASSISTED: &str = "/v1/client/liveness/assisted";

/// A frame: its declared step's code and its bytes.
type Frame = (String, Vec<u8>);

impl Harness {
    /// A session of `workflow` with consent given and then put on the liveness step.
    async fn on_liveness(&self, ref_id: &str, workflow: &str) -> (String, String) {
        self.on_step(ref_id, workflow, Step::Liveness).await
    }

    /// `POST /v1/client/liveness/start`; must be `201`.
    async fn start(&self, token: &str) -> Value {
        let r = self.post(START, Some(token), None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", r.what, r.text);
        r.body
    }

    /// The frames as the app sends them: a `step` part whenever the step changes, then the
    /// step's `frame` parts.
    async fn complete(&self, token: &str, liveness_id: &str, key: &str, frames: &[Frame]) -> Resp {
        let mut parts = Vec::new();
        let mut last: Option<&str> = None;
        for (step, bytes) in frames {
            if last != Some(step.as_str()) {
                parts.push(field("step", step));
                last = Some(step);
            }
            let png = bytes.starts_with(b"\x89PNG");
            parts.push(Part {
                name: "frame",
                filename: Some(if png { "frame.png" } else { "frame.jpg" }),
                content_type: Some(if png { "image/png" } else { "image/jpeg" }),
                data: bytes,
            });
        }
        self.send(upload_request(
            &format!("/v1/client/liveness/{liveness_id}/complete"),
            Some(token),
            Some(key),
            &parts,
        ))
        .await
    }

    async fn liveness_list(&self, id: &str) -> Vec<Value> {
        let r = self
            .get(&format!("/v1/sandbox/sessions/{id}/liveness"), Some(KEY))
            .await
            .ok();
        r["liveness"].as_array().unwrap().clone()
    }

    fn frame_files(&self, id: &str) -> usize {
        let dir = self.dir.path().join("liveness").join(id);
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .map(|e| std::fs::read_dir(e.unwrap().path()).unwrap().count())
            .sum()
    }
}

fn challenge_of(started: &Value) -> Vec<String> {
    started["challenge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// `counts[i]` frames of the challenge's step `i`, each a distinct JPEG.
fn burst(challenge: &[String], counts: &[usize]) -> Vec<Frame> {
    let mut shade = 0u8;
    let mut out = Vec::new();
    for (step, &n) in challenge.iter().zip(counts) {
        for _ in 0..n {
            shade += 1;
            out.push((step.clone(), jpeg(640, 480, shade)));
        }
    }
    out
}

fn created(r: Resp) -> Value {
    assert_eq!(r.status, StatusCode::CREATED, "{}: {}", r.what, r.text);
    r.body
}

#[tokio::test]
async fn start_then_complete_moves_on_and_stores_the_frames() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-1", "full").await;
    let started = h.start(&token).await;
    let liveness_id = started["liveness_id"].as_str().unwrap().to_owned();
    assert!(liveness_id.starts_with("liv_"), "{started}");
    let challenge = challenge_of(&started);
    assert_eq!(challenge.len(), 3);
    assert_eq!(challenge[0], "look_straight");
    assert!(challenge.contains(&"turn_left".into()) && challenge.contains(&"turn_right".into()));
    assert_eq!(
        (
            started["frames_per_step"].as_u64(),
            started["expires_in"].as_u64()
        ),
        (Some(5), Some(300))
    );
    let frames = burst(&challenge, &[3, 5, 8]);
    let done = created(h.complete(&token, &liveness_id, "k1", &frames).await);
    assert_eq!(done["liveness_id"], liveness_id.as_str());
    assert_eq!(done["frames"], 16);
    assert_eq!(done["preflight"]["screen"], "proof_of_address_screen");
    assert_eq!(done["preflight"]["step"], 4);
    assert_eq!(h.preflight(&token).await, done["preflight"]);
    // The rows and the files.
    let list = h.liveness_list(&id).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "completed");
    assert_eq!(list[0]["challenge"], started["challenge"]);
    assert!(list[0]["completed_at"].is_string());
    let stored = list[0]["frames"].as_array().unwrap();
    assert_eq!(stored.len(), 16);
    for (i, (f, (step, bytes))) in stored.iter().zip(&frames).enumerate() {
        assert_eq!(f["index"], i);
        assert_eq!(f["step"], step.as_str());
        assert_eq!(
            (f["width"].as_u64(), f["height"].as_u64()),
            (Some(640), Some(480))
        );
        let path = Path::new(f["path"].as_str().unwrap());
        assert_eq!(
            path,
            h.dir
                .path()
                .join("liveness")
                .join(&id)
                .join(&liveness_id)
                .join(format!("{i}.jpg"))
        );
        let on_disk = std::fs::read(path).unwrap();
        assert_eq!(f["sha256"], sha256_hex(&on_disk));
        assert_eq!(f["bytes"], on_disk.len());
        // These frames carry no metadata: stored as sent.
        assert_eq!(&on_disk, bytes);
    }
    assert_eq!(h.frame_files(&id), 16);
    let events = h.events_of(&id).await;
    assert!(events
        .iter()
        .any(|(k, d)| k == "liveness" && d.starts_with("started liv_")));
    // Grey frames show no face: stored all the same, and the check says so.
    let completed = format!("completed {liveness_id} with 16 frames: failed no_face (");
    assert!(
        events
            .iter()
            .any(|(k, d)| k == "liveness" && d.starts_with(&completed)),
        "{events:?}"
    );
    // Completed: the step is over.
    h.post(START, Some(&token), None)
        .await
        .assert_error(409, "step_out_of_order");
}

/// A greyscale PNG frame of the photographed head (`idv_fixtures::head`) turned by `yaw`
/// degrees (positive: to the user's left), 480x360 as the app sends, the picture moved `dx`
/// pixels sideways (a live user is never perfectly still).
fn head(yaw: f32, dx: usize) -> Vec<u8> {
    let (rgb, w, h) = idv_fixtures::head::frame(yaw);
    let luma: Vec<u8> = (0..w * h)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            let p = &rgb[(y * w + x.saturating_sub(dx)) * 3..];
            ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
        })
        .collect();
    idv_fixtures::png::png_gray(&luma, w, h)
}

/// The yaw a user holding `step` shows (the sign is the user's left).
fn pose(step: &str) -> f32 {
    match step {
        "turn_left" => 30.0,
        "turn_right" => -30.0,
        _ => 0.0,
    }
}

/// Four frames a step, the head at `yaw(step)` with a little movement frame to frame, as a
/// live user gives.
fn head_burst(challenge: &[String], yaw: impl Fn(&str) -> f32) -> Vec<Frame> {
    let mut out = Vec::new();
    for step in challenge {
        for k in 0..4 {
            let dx = out.len() * 3;
            out.push((step.clone(), head(yaw(step) + k as f32 * 1.5, dx)));
        }
    }
    out
}

/// Completes a `kyc` session's liveness with the burst `make` builds for its challenge;
/// returns the session's id and the session after its decision.
async fn kyc_with(
    h: &Harness,
    ref_id: &str,
    make: impl Fn(&[String]) -> Vec<Frame>,
) -> (String, Value) {
    let (id, token) = h.on_liveness(ref_id, "kyc").await;
    let started = h.start(&token).await;
    let frames = make(&challenge_of(&started));
    let lid = started["liveness_id"].as_str().unwrap();
    created(h.complete(&token, lid, "k", &frames).await);
    let session = h.server_session(&id).await;
    (id, session)
}

fn liveness_check(session: &Value) -> (String, Value) {
    let check = session["result"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["step"] == "liveness")
        .unwrap();
    (
        check["status"].as_str().unwrap().to_owned(),
        check["error_code"].clone(),
    )
}

#[tokio::test]
async fn a_head_that_follows_the_challenge_passes_and_completes_a_kyc_session() {
    let h = Harness::new();
    let (id, session) = kyc_with(&h, "live-kyc", |c| head_burst(c, pose)).await;
    assert_eq!(session["status"], "verified", "{session}");
    assert_eq!(liveness_check(&session), ("passed".into(), Value::Null));
    let events = h.events_of(&id).await;
    assert!(
        events
            .iter()
            .any(|(k, d)| k == "liveness" && d.contains("frames: passed (look_straight")),
        "{events:?}"
    );
}

#[tokio::test]
async fn copies_of_one_photo_are_a_still_image_and_fail_the_session() {
    let h = Harness::new();
    let still = head(0.0, 0);
    let (_, session) = kyc_with(&h, "live-still", |c| {
        c.iter()
            .flat_map(|s| std::iter::repeat_n((s.clone(), still.clone()), 5))
            .collect()
    })
    .await;
    assert_eq!(session["status"], "failed", "{session}");
    assert_eq!(
        liveness_check(&session),
        ("failed".into(), Value::from("still_image"))
    );
}

#[tokio::test]
async fn a_head_that_never_turns_or_turns_the_wrong_way_did_not_follow() {
    let h = Harness::new();
    let (_, session) = kyc_with(&h, "live-straight", |c| head_burst(c, |_| 0.0)).await;
    assert_eq!(session["status"], "failed", "{session}");
    assert_eq!(
        liveness_check(&session),
        ("failed".into(), Value::from("challenge_not_followed"))
    );
    // The two turns swapped: each turn's frames turn the other way.
    let (_, session) = kyc_with(&h, "live-swapped", |c| head_burst(c, |s| -pose(s))).await;
    assert_eq!(
        liveness_check(&session),
        ("failed".into(), Value::from("challenge_not_followed"))
    );
}

#[tokio::test]
async fn two_faces_and_no_face_fail_with_their_codes() {
    let h = Harness::new();
    // Two people side by side: the head at half size, twice.
    let two = |yaw: f32| {
        let (rgb, w, hh) = idv_fixtures::head::frame(yaw);
        let small: Vec<u8> = (0..hh / 2)
            .flat_map(|y| (0..w / 2).map(move |x| (x, y)))
            .map(|(x, y)| {
                let p = &rgb[(2 * y * w + 2 * x) * 3..];
                ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
            })
            .collect();
        let (sw, sh) = (w / 2, hh / 2);
        let mut luma = vec![128u8; w * hh];
        for y in 0..sh {
            for x in 0..sw {
                let v = small[y * sw + x];
                luma[(y + hh / 4) * w + x] = v;
                luma[(y + hh / 4) * w + x + sw] = v;
            }
        }
        idv_fixtures::png::png_gray(&luma, w, hh)
    };
    let (_, session) = kyc_with(&h, "live-two", |c| {
        c.iter()
            .flat_map(|s| (0..4).map(|k| (s.clone(), two(pose(s) + k as f32 * 1.5))))
            .collect()
    })
    .await;
    assert_eq!(
        liveness_check(&session),
        ("failed".into(), Value::from("multiple_faces")),
        "{session}"
    );
    let (_, session) = kyc_with(&h, "live-none", |c| burst(c, &[3, 3, 3])).await;
    assert_eq!(session["status"], "failed");
    assert_eq!(
        liveness_check(&session),
        ("failed".into(), Value::from("no_face"))
    );
}

#[tokio::test]
async fn an_outcome_the_integrator_set_stands_over_a_failed_check() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-set", "kyc").await;
    h.set_outcome(&id, "verified").await.ok();
    let started = h.start(&token).await;
    let frames = burst(&challenge_of(&started), &[3, 3, 3]);
    let lid = started["liveness_id"].as_str().unwrap();
    created(h.complete(&token, lid, "k", &frames).await);
    let session = h.server_session(&id).await;
    assert_eq!(session["status"], "verified");
    assert_eq!(
        liveness_check(&session),
        ("failed".into(), Value::from("no_face"))
    );
}

#[tokio::test]
async fn bursts_that_do_not_follow_the_challenge_are_refused() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-bad", "kyc").await;
    let started = h.start(&token).await;
    let lid = started["liveness_id"].as_str().unwrap();
    let c = challenge_of(&started);
    // Not enough frames: in a step, a step left out, none at all.
    for (i, counts) in [[2, 3, 3], [3, 3, 2], [3, 3, 0]].iter().enumerate() {
        h.complete(&token, lid, &format!("few{i}"), &burst(&c, counts))
            .await
            .assert_error(422, "not_enough_frames");
    }
    h.complete(&token, lid, "none", &[])
        .await
        .assert_error(422, "not_enough_frames");
    // Too many in a step.
    h.complete(&token, lid, "many", &burst(&c, &[3, 9, 3]))
        .await
        .assert_error(422, "too_many_frames");
    // Back to a step already left.
    let mut back = burst(&c, &[3, 3, 3]);
    back.push((c[0].clone(), jpeg(640, 480, 99)));
    h.complete(&token, lid, "back", &back)
        .await
        .assert_error(422, "frames_out_of_order");
    // The turns in the other order.
    let swapped = vec![c[0].clone(), c[2].clone(), c[1].clone()];
    h.complete(&token, lid, "swap", &burst(&swapped, &[3, 3, 3]))
        .await
        .assert_error(422, "not_enough_frames");
    // Nothing stored, the session still on liveness, and the liveness still open.
    assert_eq!(h.frame_files(&id), 0);
    assert_eq!(h.preflight(&token).await["screen"], "liveness_screen");
    created(
        h.complete(&token, lid, "good", &burst(&c, &[3, 3, 3]))
            .await,
    );
}

#[tokio::test]
async fn steps_and_frames_in_the_form_are_checked() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-form", "kyc").await;
    let started = h.start(&token).await;
    let lid = started["liveness_id"].as_str().unwrap().to_owned();
    let path = format!("/v1/client/liveness/{lid}/complete");
    let image = jpeg(640, 480, 1);
    let frame = Part {
        name: "frame",
        filename: Some("f.jpg"),
        content_type: Some("image/jpeg"),
        data: &image,
    };
    let frame2 = Part { ..frame };
    let cases: [(Vec<Part>, &str); 3] = [
        (vec![field("step", "nod"), frame], "unknown_step"),
        (vec![frame2], "missing_step"),
        (
            vec![field("step", "look_straight"), field("colour", "blue")],
            "invalid_body",
        ),
    ];
    for (i, (parts, code)) in cases.iter().enumerate() {
        h.send(upload_request(
            &path,
            Some(&token),
            Some(&format!("f{i}")),
            parts,
        ))
        .await
        .assert_error(422, code);
    }
    // Images the frame limits refuse.
    let c = challenge_of(&started);
    let mut small = burst(&c, &[3, 3, 3]);
    small[4].1 = jpeg(200, 150, 1);
    h.complete(&token, &lid, "small", &small)
        .await
        .assert_error(422, "image_too_small");
    let mut junk = burst(&c, &[3, 3, 3]);
    junk[0].1 = b"not an image at all".to_vec();
    h.complete(&token, &lid, "junk", &junk)
        .await
        .assert_error(422, "unsupported_type");
    let mut big = burst(&c, &[3, 3, 3]);
    big[1].1 = vec![0xFF; 400 * 1024 + 1];
    h.complete(&token, &lid, "big", &big)
        .await
        .assert_error(413, "file_too_large");
    // The Idempotency-Key is required.
    h.send(upload_request(&path, Some(&token), None, &[]))
        .await
        .assert_error(422, "idempotency_key_required");
    assert_eq!(h.frame_files(&id), 0);
}

#[tokio::test]
async fn unknown_replaced_and_other_sessions_ids_are_not_found() {
    let h = Harness::new();
    let (_, token) = h.on_liveness("live-a", "kyc").await;
    let (_, other_token) = h.on_liveness("live-b", "kyc").await;
    let first = h.start(&token).await;
    let second = h.start(&token).await;
    let other = h.start(&other_token).await;
    let frames = burst(&challenge_of(&second), &[3, 3, 3]);
    h.complete(&token, "liv_000000000000000000000000", "u", &frames)
        .await
        .assert_error(404, "liveness_not_found");
    // Starting again replaced the first.
    let first_frames = burst(&challenge_of(&first), &[3, 3, 3]);
    h.complete(
        &token,
        first["liveness_id"].as_str().unwrap(),
        "r",
        &first_frames,
    )
    .await
    .assert_error(404, "liveness_not_found");
    let other_frames = burst(&challenge_of(&other), &[3, 3, 3]);
    h.complete(
        &token,
        other["liveness_id"].as_str().unwrap(),
        "o",
        &other_frames,
    )
    .await
    .assert_error(404, "liveness_not_found");
    created(
        h.complete(
            &token,
            second["liveness_id"].as_str().unwrap(),
            "ok",
            &frames,
        )
        .await,
    );
}

#[tokio::test]
async fn an_expired_liveness_is_gone() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-exp", "kyc").await;
    let started = h.start(&token).await;
    let lid = started["liveness_id"].as_str().unwrap();
    let frames = burst(&challenge_of(&started), &[3, 3, 3]);
    h.advance_ms(5 * MINUTE_MS);
    h.complete(&token, lid, "late", &frames)
        .await
        .assert_error(410, "liveness_expired");
    assert_eq!(h.frame_files(&id), 0);
    // A new start works.
    let again = h.start(&token).await;
    let frames = burst(&challenge_of(&again), &[3, 3, 3]);
    created(
        h.complete(
            &token,
            again["liveness_id"].as_str().unwrap(),
            "late2",
            &frames,
        )
        .await,
    );
    let list = h.liveness_list(&id).await;
    let statuses: Vec<&str> = list.iter().map(|l| l["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["replaced", "completed"]);
}

#[tokio::test]
async fn a_retry_replays_the_answer_and_stores_nothing_more() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-idem", "full").await;
    let started = h.start(&token).await;
    let lid = started["liveness_id"].as_str().unwrap();
    let frames = burst(&challenge_of(&started), &[3, 4, 3]);
    let first = h.complete(&token, lid, "same", &frames).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = h.complete(&token, lid, "same", &frames).await;
    assert_eq!((again.status, &again.text), (first.status, &first.text));
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(h.frame_files(&id), 10);
    assert_eq!(
        h.liveness_list(&id).await[0]["frames"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    // The same key with other frames is refused.
    let other = burst(&challenge_of(&started), &[3, 3, 3]);
    h.complete(&token, lid, "same", &other)
        .await
        .assert_error(422, "idempotency_key_reused");
}

#[tokio::test]
async fn injected_failures_store_nothing_then_the_retry_succeeds() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-fault", "kyc").await;
    h.post(
        &format!("/v1/sandbox/sessions/{id}/faults"),
        Some(KEY),
        Some(serde_json::json!({"fail_uploads": {"count": 1, "status": 503}})),
    )
    .await
    .ok();
    let started = h.start(&token).await;
    let lid = started["liveness_id"].as_str().unwrap();
    let frames = burst(&challenge_of(&started), &[3, 3, 3]);
    h.complete(&token, lid, "f", &frames)
        .await
        .assert_error(503, "injected_fault");
    assert_eq!(h.frame_files(&id), 0);
    created(h.complete(&token, lid, "f", &frames).await);
}

#[tokio::test]
async fn assisted_verification_ends_the_step_in_review() {
    let h = Harness::new();
    let (id, token) = h.on_liveness("live-assist", "kyc").await;
    let r = h.post(ASSISTED, Some(&token), None).await.ok();
    assert_eq!(r["screen"], "completed_screen");
    assert_eq!(r["step"], 3);
    let s = h.server_session(&id).await;
    assert_eq!(s["status"], "review");
    assert!(h
        .events_of(&id)
        .await
        .iter()
        .any(|(k, d)| k == "liveness" && d == "assisted verification requested"));
    h.post(ASSISTED, Some(&token), None)
        .await
        .assert_error(409, "session_finished");
    // In `full` the flow goes on, and an outcome the integrator chose stands.
    let (id, token) = h.on_liveness("live-assist-2", "full").await;
    h.set_outcome(&id, "failed").await.ok();
    let r = h.post(ASSISTED, Some(&token), None).await.ok();
    assert_eq!(r["screen"], "proof_of_address_screen");
    h.post(ASSISTED, Some(&token), None)
        .await
        .assert_error(409, "step_out_of_order");
}

#[tokio::test]
async fn liveness_calls_need_the_token_and_the_step() {
    let h = Harness::new();
    let (id, token) = h.session("live-auth", "kyc").await;
    for path in [START, ASSISTED, "/v1/client/liveness/abc/complete"] {
        h.post(path, None, None)
            .await
            .assert_error(401, "unauthorized");
        h.post(path, Some("f".repeat(64).as_str()), None)
            .await
            .assert_error(401, "invalid_token");
    }
    // Before consent: not the liveness step.
    h.post(START, Some(&token), None)
        .await
        .assert_error(409, "step_out_of_order");
    h.post(ASSISTED, Some(&token), None)
        .await
        .assert_error(409, "step_out_of_order");
    // The listing needs the API key.
    let list = format!("/v1/sandbox/sessions/{id}/liveness");
    h.get(&list, None).await.assert_error(401, "unauthorized");
    h.get(&list, Some(&token))
        .await
        .assert_error(403, "forbidden");
    h.get("/v1/sandbox/sessions/123456789/liveness", Some(KEY))
        .await
        .assert_error(404, "session_not_found");
    assert!(h.liveness_list(&id).await.is_empty());
}

/// Every entry under `root` with group or other permissions, and how many entries there are.
fn open_entries(root: &Path) -> (Vec<String>, usize) {
    use std::os::unix::fs::PermissionsExt;
    let (mut open, mut seen) = (Vec::new(), 0);
    let mut pending = vec![root.to_path_buf()];
    while let Some(p) = pending.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        seen += 1;
        if meta.permissions().mode() & 0o077 != 0 {
            open.push(format!("{} {:o}", p.display(), meta.permissions().mode()));
        }
        if meta.is_dir() {
            pending.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
    (open, seen)
}

// Issue 18: the data directory holds selfies and codes: everything the sandbox writes there is
// its own user's only, and a directory an older run left open is closed when it starts.
#[tokio::test]
async fn the_data_directory_is_owner_only_and_tightened_at_start() {
    use std::os::unix::fs::PermissionsExt;
    let h = Harness::new();
    let (id, _) = kyc_with(&h, "live-private", |c| burst(c, &[3, 3, 3])).await;
    assert!(h.frame_files(&id) > 0);
    let (open, seen) = open_entries(h.dir.path());
    assert!(seen > 10, "{seen} entries");
    assert!(open.is_empty(), "readable by others: {open:#?}");
    // An older sandbox's files, readable by everyone.
    let loose = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    loose(h.dir.path(), 0o755);
    loose(&h.dir.path().join("liveness"), 0o755);
    loose(&h.dir.path().join("sandbox.sqlite3"), 0o644);
    let _again = open_state(h.dir.path(), h.clock.clone(), |_| {});
    let (open, _) = open_entries(h.dir.path());
    assert!(open.is_empty(), "still readable by others: {open:#?}");
}
