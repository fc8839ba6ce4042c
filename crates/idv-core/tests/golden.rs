//! Every wire type against a golden JSON file: parse it, write it back, get the same JSON.
//! Guards the API contract's field names and shapes (`shared/API.md`).

use idv_core::document_file::DocumentFormat;
use idv_core::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(file: &str) -> T {
    let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let golden: Value = serde_json::from_str(&text).unwrap();
    let parsed: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let written = serde_json::to_value(&parsed).unwrap();
    assert_eq!(written, golden, "{file} does not round-trip");
    parsed
}

#[test]
fn server_side_types() {
    let req: CreateSessionRequest = round_trip("create_session_request.json");
    assert!(req.force_creation);
    let created: Session = round_trip("session_created.json");
    assert!(created.token.is_some() && created.result.is_none());
    let finished: Session = round_trip("session_finished.json");
    let result = finished.result.unwrap();
    assert_eq!(result.checks[1].status, CheckStatus::Failed);
    round_trip::<SessionList>("session_list.json");
    round_trip::<EphemeralDeviceRequest>("ephemeral_device_request.json");
    round_trip::<EphemeralDeviceResponse>("ephemeral_device_response.json");
    let dev: DeviceSessionRequest = round_trip("device_session_request.json");
    assert_eq!(dev.metadata.external_user_id, "user-42");
}

#[test]
fn client_side_types() {
    round_trip::<ClientSession>("client_session.json");
    round_trip::<ConsentRequest>("consent_request.json");
    let p: Preflight = round_trip("preflight.json");
    assert_eq!(p.screen, Screen::DocumentFront);
    let unknown: Preflight = round_trip("preflight_unknown_screen.json");
    assert_eq!(
        unknown.screen,
        Screen::Unknown("selfie_video_screen".into())
    );
    let push: ServerMessage = round_trip("server_message_preflight.json");
    assert!(matches!(
        push,
        ServerMessage::Preflight(Preflight { seq: 7, .. })
    ));
    round_trip::<ServerMessage>("server_message_error.json");
    round_trip::<ClientMessage>("client_message_auth.json");
    round_trip::<ApiError>("api_error.json");
    let media: MediaUploaded = round_trip("media_uploaded.json");
    assert_eq!(media.side, DocumentSide::Front);
    assert_eq!(media.preflight.screen, Screen::DocumentBack);
    let doc: DocumentUploaded = round_trip("document_uploaded.json");
    assert_eq!(
        (doc.kind, doc.format, doc.pages),
        (DocumentKind::Address, DocumentFormat::Pdf, Some(2))
    );
    let photo: DocumentUploaded = round_trip("document_uploaded_photo.json");
    assert_eq!((photo.kind, photo.pages), (DocumentKind::Funds, None));
    let phone: PhoneInitiateRequest = round_trip("phone_initiate_request.json");
    assert!(idv_core::validate::is_e164(&phone.phone));
    round_trip::<EmailInitiateRequest>("email_initiate_request.json");
    let sent: CodeSent = round_trip("code_sent.json");
    assert_eq!((sent.retry_after, sent.expires_in), (30, 600));
    let typed: CodeCompleteRequest = round_trip("code_complete_request.json");
    assert_eq!(
        idv_core::code::normalise_code(&typed.code).as_deref(),
        Some("031337")
    );
    let verified: CodeVerified = round_trip("code_verified.json");
    assert!(verified.verified);
    let started: LivenessStarted = round_trip("liveness_started.json");
    assert_eq!(
        started.challenge[0],
        idv_core::liveness::ChallengeStep::LookStraight
    );
    let done: LivenessCompleted = round_trip("liveness_completed.json");
    assert_eq!(
        (done.frames, done.preflight.screen),
        (15, Screen::Completed)
    );
}

#[test]
fn sandbox_types() {
    round_trip::<OutcomeRequest>("outcome_request.json");
    round_trip::<OutcomeResponse>("outcome_response.json");
    let faults: FaultRequest = round_trip("fault_request.json");
    assert_eq!(
        faults.fail_uploads,
        Some(UploadFailure {
            count: 2,
            status: 503
        })
    );
    round_trip::<FaultState>("fault_state.json");
    round_trip::<FaultState>("fault_state_uploads.json");
    round_trip::<CodesResponse>("codes_response.json");
    let list: MediaList = round_trip("media_list.json");
    assert_eq!(list.media[1].format, idv_core::media::ImageFormat::Png);
    let docs: DocumentList = round_trip("document_list.json");
    assert_eq!(docs.documents[1].format, DocumentFormat::Heic);
    let liveness: LivenessList = round_trip("liveness_list.json");
    assert_eq!(liveness.liveness[0].completed_at, None);
    assert_eq!(liveness.liveness[1].frames[0].index, 0);
}

#[test]
fn minimal_create_request_uses_defaults() {
    let req: CreateSessionRequest = serde_json::from_str(r#"{"ref_id": "u"}"#).unwrap();
    assert_eq!(req.workflow_id, None);
    assert!(!req.force_creation);
}

#[test]
fn misspelt_fields_are_refused_not_ignored() {
    let err = serde_json::from_str::<CreateSessionRequest>(r#"{"ref_id": "u", "returnUrl": "x"}"#)
        .unwrap_err();
    assert!(err.to_string().contains("returnUrl"), "{err}");
}

#[test]
fn code_requests_refuse_unknown_fields() {
    assert!(serde_json::from_str::<CodeCompleteRequest>(r#"{"otp": "123456"}"#).is_err());
    assert!(
        serde_json::from_str::<PhoneInitiateRequest>(r#"{"phone": "+41791234567", "x": 1}"#)
            .is_err()
    );
}

#[test]
fn unknown_message_types_fail_to_parse() {
    assert!(serde_json::from_str::<ServerMessage>(r#"{"type": "telemetry"}"#).is_err());
    assert!(serde_json::from_str::<ServerMessage>(r#"{"screen": "consent_screen"}"#).is_err());
}

#[test]
fn handoff_types() {
    let issued: HandoffIssued = round_trip("handoff_issued.json");
    assert_eq!(issued.expires_in, 600);
    assert!(issued.url.contains(&issued.handoff_token));
    round_trip::<HandoffExchanged>("handoff_exchanged.json");
    let notice: ServerMessage = round_trip("server_message_handoff.json");
    assert_eq!(
        notice,
        ServerMessage::Handoff {
            phone: idv_core::handoff::PhonePresence::Connected
        }
    );
}
