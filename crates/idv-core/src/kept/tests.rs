use super::*;
use crate::capture::Source;
use crate::liveness::FRAMES_PER_STEP;
use proptest::prelude::*;

const SESSION: &str = "123456789";

fn photo(kind: KeptKind) -> Kept {
    Kept {
        session_id: SESSION.into(),
        kind,
        key: "0123456789abc0123456789abc".into(),
        name: "document-front.jpg".into(),
        pages: None,
        liveness: None,
        parts: vec![KeptPart {
            mime: "image/jpeg".into(),
            step: None,
            bytes: vec![0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3],
        }],
    }
}

fn challenge() -> Vec<ChallengeStep> {
    vec![
        ChallengeStep::LookStraight,
        ChallengeStep::TurnLeft,
        ChallengeStep::TurnRight,
    ]
}

fn burst(challenge: &[ChallengeStep], per_step: usize) -> Vec<ChallengeStep> {
    challenge
        .iter()
        .flat_map(|s| std::iter::repeat_n(*s, per_step))
        .collect()
}

fn selfie(steps: &[ChallengeStep]) -> Kept {
    Kept {
        kind: KeptKind::Selfie,
        name: "selfie".into(),
        liveness: Some(KeptLiveness {
            liveness_id: "lv_1".into(),
            challenge: challenge(),
            expires_at_ms: 300_000,
        }),
        parts: steps
            .iter()
            .map(|s| KeptPart {
                mime: "image/jpeg".into(),
                step: Some(*s),
                bytes: vec![1, 2, 3],
            })
            .collect(),
        ..photo(KeptKind::Selfie)
    }
}

#[test]
fn records_round_trip_through_text() {
    for kept in [
        photo(KeptKind::DocumentFront),
        Kept {
            pages: Some(3),
            name: "statement.pdf".into(),
            ..photo(KeptKind::Address)
        },
        selfie(&burst(&challenge(), FRAMES_PER_STEP)),
    ] {
        let text = encode(&kept);
        assert!(text.starts_with("{\"v\":1,"), "{text}");
        assert_eq!(decode(&text), Some(kept));
    }
}

// Whatever the store hands back that is not a whole record of this version is dropped, never
// offered half-read.
#[test]
fn unsound_records_are_not_offered() {
    let good = encode(&photo(KeptKind::DocumentBack));
    assert!(decode(&good).is_some());
    let cut = &good[..good.len() / 2];
    let other_version = good.replacen("\"v\":1", "\"v\":2", 1);
    let mut bad_session = photo(KeptKind::DocumentBack);
    bad_session.session_id = "12345".into();
    let mut no_key = photo(KeptKind::DocumentBack);
    no_key.key = String::new();
    let mut odd_key = photo(KeptKind::DocumentBack);
    odd_key.key = "a key with spaces".into();
    let mut two_files = photo(KeptKind::DocumentBack);
    two_files.parts.push(two_files.parts[0].clone());
    let mut empty_file = photo(KeptKind::DocumentBack);
    empty_file.parts[0].bytes.clear();
    let mut no_file = photo(KeptKind::DocumentBack);
    no_file.parts.clear();
    let mut doc_with_liveness = photo(KeptKind::Funds);
    doc_with_liveness.liveness = selfie(&[]).liveness;
    let mut selfie_without_liveness = selfie(&burst(&challenge(), FRAMES_PER_STEP));
    selfie_without_liveness.liveness = None;
    let not_base64 = good.replace("/9j/4AABAgM=", "/9j/4AABAgM");
    assert_ne!(
        not_base64, good,
        "the fixture's bytes are where the test expects"
    );
    let texts = [
        "".to_owned(),
        "null".to_owned(),
        "[]".to_owned(),
        cut.to_owned(),
        other_version,
        encode(&bad_session),
        encode(&no_key),
        encode(&odd_key),
        encode(&two_files),
        encode(&empty_file),
        encode(&no_file),
        encode(&doc_with_liveness),
        encode(&selfie_without_liveness),
        not_base64,
    ];
    for text in texts {
        assert_eq!(decode(&text), None, "{text}");
    }
}

// Only a burst the platform would accept is kept for a reload: a challenge cut short is taken
// again anyway.
#[test]
fn a_selfie_is_kept_only_whole() {
    let c = challenge();
    assert!(frames_complete(&c, &burst(&c, FRAMES_PER_STEP)));
    assert!(decode(&encode(&selfie(&burst(&c, FRAMES_PER_STEP)))).is_some());
    let short = burst(&c[..2], FRAMES_PER_STEP);
    assert!(!frames_complete(&c, &short));
    assert!(decode(&encode(&selfie(&short))).is_none());
    assert!(!frames_complete(&c, &burst(&c, 2)));
    assert!(!frames_complete(&c, &[]));
    assert!(!frames_complete(&[], &[]));
    let mut swapped = burst(&c, FRAMES_PER_STEP);
    swapped.reverse();
    assert!(!frames_complete(&c, &swapped));
}

#[test]
fn a_photo_is_kept_from_its_preview_until_the_platform_has_it() {
    let kept = [
        Phase::Preview(Source::Camera),
        Phase::Preview(Source::File),
        Phase::Uploading {
            attempt: 2,
            sent: 10,
            total: 20,
        },
        Phase::Waiting { attempt: 1 },
        Phase::UploadFailed(UploadProblem::Unreachable),
    ];
    let dropped = [
        Phase::Starting,
        Phase::Live,
        Phase::Taking,
        Phase::CameraFailed(crate::capture::CameraProblem::Denied),
        Phase::UploadFailed(UploadProblem::Refused("image_too_small".into())),
        Phase::Uploaded,
    ];
    for p in kept {
        assert!(keeps(&p), "{p:?}");
    }
    for p in dropped {
        assert!(!keeps(&p), "{p:?}");
    }
}

#[test]
fn only_the_screen_and_session_that_made_a_record_offer_it() {
    let front = photo(KeptKind::DocumentFront);
    let now = 1_000_000_000_000;
    assert_eq!(
        on_open(&front, SESSION, KeptKind::DocumentFront, now),
        Found::Offer
    );
    // A new session in this tab: the old one's capture goes.
    assert_eq!(
        on_open(&front, "987654321", KeptKind::DocumentFront, now),
        Found::Drop
    );
    // The platform moved past the front (stored by a reply lost in the reload, or by a phone).
    for kind in KeptKind::ALL
        .into_iter()
        .filter(|k| *k != KeptKind::DocumentFront)
    {
        assert_eq!(on_open(&front, SESSION, kind, now), Found::Drop, "{kind:?}");
    }
}

// A selfie's burst is offered while its liveness takes frames, not after.
#[test]
fn an_expired_liveness_is_not_offered() {
    let kept = selfie(&burst(&challenge(), FRAMES_PER_STEP));
    assert_eq!(
        on_open(&kept, SESSION, KeptKind::Selfie, 299_999),
        Found::Offer
    );
    assert_eq!(
        on_open(&kept, SESSION, KeptKind::Selfie, 300_000),
        Found::Drop
    );
}

#[test]
fn kinds_have_their_own_keys_and_screens() {
    let keys: std::collections::HashSet<_> =
        KeptKind::ALL.iter().map(|k| k.storage_key()).collect();
    assert_eq!(keys.len(), KeptKind::ALL.len());
    assert!(keys.iter().all(|k| k.starts_with(KEY_PREFIX)));
    assert_eq!(
        KeptKind::DocumentBack.screen().name(),
        "scan_id_document_back_screen"
    );
    assert_eq!(KeptKind::Selfie.screen().name(), "liveness_screen");
}

// The largest camera photo the app makes fits on its own; two of them, or a 10 MB PDF, do not.
#[test]
fn the_budget_fits_one_largest_photo() {
    let largest_photo = base64::encoded_len(1_572_864) + 200;
    assert!(fits(largest_photo, 0));
    assert!(!fits(largest_photo, largest_photo));
    assert!(!fits(base64::encoded_len(10 * 1024 * 1024), 0));
    assert!(!fits(usize::MAX, 1));
}

#[test]
fn base64_matches_the_rfc_vectors() {
    for (plain, coded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64::encode(plain.as_bytes()), coded);
        assert_eq!(base64::decode(coded).as_deref(), Some(plain.as_bytes()));
        assert_eq!(base64::encoded_len(plain.len()), coded.len());
    }
    assert_eq!(base64::encode(&[0xfb, 0xff]), "+/8=");
    for bad in [
        "Zg", "Zg=", "Z===", "Zh==", "Zm9=", "Zg==Zg==", "Zm 9", "Zm9v\n", "Zg-_",
    ] {
        assert_eq!(base64::decode(bad), None, "{bad}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(idv_fixtures::fuzz_cases(2000)))]

    #[test]
    fn base64_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = base64::encode(&bytes);
        prop_assert_eq!(text.len(), base64::encoded_len(bytes.len()));
        prop_assert_eq!(base64::decode(&text), Some(bytes));
    }

    // Any text at all: a record or nothing, never a panic.
    #[test]
    fn any_text_decodes_or_drops(text in ".{0,200}") {
        let _ = decode(&text);
        let _ = base64::decode(&text);
    }

    // A sound record with any bytes and any session survives the store.
    #[test]
    fn records_with_any_bytes_round_trip(
        bytes in prop::collection::vec(any::<u8>(), 1..200),
        session in "[0-9]{9}",
    ) {
        let mut kept = photo(KeptKind::DocumentFront);
        kept.session_id = session;
        kept.parts[0].bytes = bytes;
        prop_assert_eq!(decode(&encode(&kept)), Some(kept));
    }
}
