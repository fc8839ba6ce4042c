//! Wire types of the platform API (`shared/API.md`): what crosses HTTP and the websocket.
//!
//! Field names here are the contract: every type has a golden JSON file under `tests/golden/`.

use crate::document_file::DocumentFormat;
use crate::liveness::ChallengeStep;
use crate::media::ImageFormat;
use crate::Screen;
use serde::{Deserialize, Serialize};

/// A step of a workflow, in the order the user meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Consent,
    Document,
    Liveness,
    Address,
    Funds,
    Phone,
    Email,
    Nfc,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Consent,
        Step::Document,
        Step::Liveness,
        Step::Address,
        Step::Funds,
        Step::Phone,
        Step::Email,
        Step::Nfc,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::Consent => "consent",
            Step::Document => "document",
            Step::Liveness => "liveness",
            Step::Address => "address",
            Step::Funds => "funds",
            Step::Phone => "phone",
            Step::Email => "email",
            Step::Nfc => "nfc",
        }
    }

    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The screen the platform shows when this step begins.
    pub fn first_screen(self) -> Screen {
        match self {
            Step::Consent => Screen::Consent,
            Step::Document => Screen::DocumentFront,
            Step::Liveness => Screen::Liveness,
            Step::Address => Screen::ProofOfAddress,
            Step::Funds => Screen::ProofOfFunds,
            Step::Phone => Screen::PhoneVerification,
            Step::Email => Screen::EmailVerification,
            Step::Nfc => Screen::Nfc,
        }
    }
}

/// The built-in workflows and their steps.
pub fn workflow_steps(workflow_id: &str) -> Option<&'static [Step]> {
    use Step::*;
    Some(match workflow_id {
        "full" => &[Consent, Document, Liveness, Address, Funds, Phone, Email],
        "kyc" => &[Consent, Document, Liveness],
        "document_only" => &[Consent, Document],
        "contact" => &[Consent, Phone, Email],
        "consent_only" => &[Consent],
        // The chip is read after the data page is photographed: its access key (BAC) is made
        // from the document number, birth date and expiry printed there; the selfie then meets
        // the chip's photo.
        "passport" => &[Consent, Document, Nfc, Liveness],
        _ => return None,
    })
}

pub const WORKFLOWS: [&str; 6] = [
    "full",
    "kyc",
    "document_only",
    "contact",
    "consent_only",
    "passport",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Pending,
    InProgress,
    Verified,
    Failed,
    Review,
    OutOfDate,
    Timeout,
    Cancelled,
    Error,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 9] = [
        SessionStatus::Pending,
        SessionStatus::InProgress,
        SessionStatus::Verified,
        SessionStatus::Failed,
        SessionStatus::Review,
        SessionStatus::OutOfDate,
        SessionStatus::Timeout,
        SessionStatus::Cancelled,
        SessionStatus::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Pending => "pending",
            SessionStatus::InProgress => "in_progress",
            SessionStatus::Verified => "verified",
            SessionStatus::Failed => "failed",
            SessionStatus::Review => "review",
            SessionStatus::OutOfDate => "out_of_date",
            SessionStatus::Timeout => "timeout",
            SessionStatus::Cancelled => "cancelled",
            SessionStatus::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<SessionStatus> {
        SessionStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The user has not finished: the session can still change and may be reused.
    pub fn is_active(self) -> bool {
        matches!(self, SessionStatus::Pending | SessionStatus::InProgress)
    }

    /// Statuses the platform may decide after all steps are submitted.
    pub fn is_decision(self) -> bool {
        matches!(
            self,
            SessionStatus::Verified
                | SessionStatus::Failed
                | SessionStatus::Review
                | SessionStatus::OutOfDate
                | SessionStatus::Error
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Passed,
    Failed,
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub step: Step,
    pub status: CheckStatus,
    pub error_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResult {
    pub status: SessionStatus,
    pub checks: Vec<Check>,
    pub completed_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// How the capture pages present the integrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// The integrator's name as the user knows it ("Go back to `<name>`").
    pub name: String,
    /// `#rrggbb`.
    pub primary_color: String,
    /// The integrator's logo, shown in the page's banner: an `https://` URL, a path on the
    /// app's origin, or a `data:image/...;base64,` URI (`idv_core::theme::is_logo_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// `POST /v1/sessions` with the API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSessionRequest {
    pub ref_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(default)]
    pub force_creation: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branding: Option<Branding>,
}

/// The session object of the server-side API.
///
/// `token`, `start_url` and `handoff_url` carry the client token, so like the token itself they
/// appear only in create answers; the platform keeps no readable copy of a token afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub session_id: String,
    pub ref_id: String,
    pub workflow_id: String,
    pub steps: Vec<Step>,
    pub status: SessionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub token_expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_url: Option<String>,
    pub return_url: Option<String>,
    pub locale: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<SessionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionList {
    pub sessions: Vec<Session>,
}

/// `POST /v1/devices/ephemeral`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EphemeralDeviceRequest {
    pub ttl: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EphemeralDeviceResponse {
    pub authorization: String,
}

/// `POST /v1/sessions?workflowId=..` with a device token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceSessionRequest {
    pub metadata: DeviceMetadata,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceMetadata {
    #[serde(rename = "externalUserId")]
    pub external_user_id: String,
}

/// `GET /v1/client/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSession {
    pub session_id: String,
    pub status: SessionStatus,
    pub steps: Vec<Step>,
    pub locale: String,
    pub web_sdk_return_url: Option<String>,
    pub expires_at: String,
    pub branding: Branding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    pub accepted: bool,
}

/// Which screen the platform wants now. `seq` grows with every change of screen, so a client
/// can drop stale or repeated messages; `step` is 1-based among `step_count` steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preflight {
    pub screen: Screen,
    pub seq: u64,
    pub step: u32,
    pub step_count: u32,
}

/// What the platform sends on the websocket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    Preflight(Preflight),
    /// Sent just before the platform closes the socket, saying why.
    Error {
        code: String,
        message: String,
    },
    /// To the desktop of a handoff: whether the phone is there (sent when it changes, and at
    /// once on a new socket of a session a phone has joined).
    Handoff {
        phone: crate::handoff::PhonePresence,
    },
}

/// What the client sends on the websocket as JSON. Besides these, the plain text `preflight`
/// asks for the current screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    Auth { token: String },
}

/// Every error answer: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

/// Sandbox: `POST /v1/sandbox/sessions/{id}/outcome`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    pub status: SessionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeResponse {
    pub session_id: String,
    pub outcome: SessionStatus,
}

/// Sandbox: `POST /v1/sandbox/sessions/{id}/faults`. Omitted fields leave a fault as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    /// `refuse`: close every websocket of this session right after its auth message; `mute`:
    /// keep them open but push nothing (lost pushes; asking still answers); `allow` undoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websocket: Option<WebsocketFault>,
    /// Close the websockets open now (they may reconnect unless refused).
    #[serde(default)]
    pub drop_websockets: bool,
    /// Serve this raw value to the client as `web_sdk_return_url`, unchecked, as a
    /// misconfigured or tampered platform might; `""` restores the session's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_return_url: Option<String>,
    /// Fail the session's next `count` uploads (ID images and documents) with `status`, before
    /// anything is stored; `count: 0` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_uploads: Option<UploadFailure>,
    /// Hold every upload answer of the session this long (0 clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_delay_ms: Option<u64>,
    /// Fail the session's next `count` HTTP preflights (`GET /v1/client/preflight`) with
    /// `status`; `count: 0` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_preflight: Option<UploadFailure>,
    /// Send these raw text frames, as they are, on the session's open websockets now: stale,
    /// repeated or foreign pushes, malformed or oversized frames, unknown types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub push_frames: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebsocketFault {
    Allow,
    Refuse,
    /// Sockets stay open and answer `preflight` when asked, but no change is pushed: every
    /// push is lost on the way, as through a proxy that buffers or drops server messages.
    Mute,
}

/// Sandbox fault injection: `count` uploads to fail with HTTP `status` (400..=599).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadFailure {
    pub count: u32,
    pub status: u16,
}

/// The session's faults after a `POST .../faults`; upload faults appear only while set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultState {
    pub session_id: String,
    pub websocket: WebsocketFault,
    /// Uploads still to fail, and with which status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_uploads: Option<UploadFailure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_delay_ms: Option<u64>,
    /// HTTP preflights still to fail, and with which status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_preflight: Option<UploadFailure>,
}

/// Which side of an ID document an image shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentSide {
    Front,
    Back,
}

impl DocumentSide {
    pub fn name(self) -> &'static str {
        match self {
            DocumentSide::Front => "front",
            DocumentSide::Back => "back",
        }
    }

    pub fn from_name(name: &str) -> Option<DocumentSide> {
        [DocumentSide::Front, DocumentSide::Back]
            .into_iter()
            .find(|s| s.name() == name)
    }

    /// The screen on which this side is captured.
    pub fn screen(self) -> Screen {
        match self {
            DocumentSide::Front => Screen::DocumentFront,
            DocumentSide::Back => Screen::DocumentBack,
        }
    }
}

/// `POST /v1/client/media` (`201`): the stored image and the preflight that follows it.
/// `sha256`, `bytes`, `width` and `height` describe the file as stored, metadata stripped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaUploaded {
    pub media_id: String,
    pub side: DocumentSide,
    pub format: ImageFormat,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub preflight: Preflight,
}

/// Sandbox: `GET /v1/sandbox/sessions/{id}/media`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaList {
    pub media: Vec<StoredMedia>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMedia {
    pub media_id: String,
    pub side: DocumentSide,
    pub format: ImageFormat,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    /// Where the sandbox keeps the file: `<data dir>/media/<session id>/<sha256>.<ext>`.
    pub path: String,
    pub created_at: String,
    /// The newest image of its side: the one that counts (a retake adds a row).
    pub current: bool,
}

/// Sandbox: `GET /v1/sandbox/sessions/{id}/codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodesResponse {
    pub codes: Vec<SentCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCode {
    pub step: Step,
    pub to: String,
    pub code: String,
    pub sent_at: String,
}

/// Which paper a document upload proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Proof of address: `POST /v1/client/address`, the `address` step.
    Address,
    /// Proof of funds: `POST /v1/client/funds`, the `funds` step.
    Funds,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 2] = [DocumentKind::Address, DocumentKind::Funds];

    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Address => "address",
            DocumentKind::Funds => "funds",
        }
    }

    pub fn from_name(name: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The step this upload belongs to.
    pub fn step(self) -> Step {
        match self {
            DocumentKind::Address => Step::Address,
            DocumentKind::Funds => Step::Funds,
        }
    }
}

/// `POST /v1/client/address` and `/funds` (`201`): the stored document and the preflight that
/// follows it. `sha256` and `bytes` describe the file as stored (a photo's metadata stripped);
/// `pages` is a PDF's page count, `null` for a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentUploaded {
    pub document_id: String,
    pub kind: DocumentKind,
    pub format: DocumentFormat,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    pub preflight: Preflight,
}

/// Sandbox: `GET /v1/sandbox/sessions/{id}/documents`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentList {
    pub documents: Vec<StoredDocument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub document_id: String,
    pub kind: DocumentKind,
    pub format: DocumentFormat,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    /// Where the sandbox keeps the file: `<data dir>/documents/<session id>/<sha256>.<ext>`.
    pub path: String,
    pub created_at: String,
    /// The newest document of its kind: the one that counts.
    pub current: bool,
}

/// `POST /v1/client/phone/initiate`: the number in E.164 form (`+41791234567`); the app
/// normalises what the user typed with `idv_core::phone::normalise_phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneInitiateRequest {
    pub phone: String,
}

/// `POST /v1/client/email/initiate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailInitiateRequest {
    pub email: String,
}

/// The answer to an initiate call: a code is on its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// Where it went, masked: `+41 ••••••• 67`, `j•••@bank.example`.
    pub sent_to: String,
    /// Seconds before another code may be asked for (the resend countdown).
    pub retry_after: u32,
    /// Seconds the code stays valid.
    pub expires_in: u32,
    /// How many more codes this step may send (0: this was the last).
    pub sends_left: u32,
}

/// `POST /v1/client/phone/complete` and `/email/complete`: the code as typed (separators and
/// full-width digits are accepted, see `idv_core::code::normalise_code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeCompleteRequest {
    pub code: String,
}

/// The code was right: the step is done and this is the next preflight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeVerified {
    pub verified: bool,
    pub preflight: Preflight,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflows_start_with_consent() {
        for id in WORKFLOWS {
            let steps = workflow_steps(id).unwrap();
            assert_eq!(steps[0], Step::Consent, "{id}");
        }
        assert!(workflow_steps("nope").is_none());
    }

    #[test]
    fn document_kinds_belong_to_their_steps() {
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::from_name(k.name()), Some(k));
            assert_eq!(k.step().name(), k.name());
        }
    }

    #[test]
    fn step_names_round_trip() {
        for s in Step::ALL {
            assert_eq!(Step::from_name(s.name()), Some(s));
        }
    }

    #[test]
    fn status_names_round_trip() {
        for s in SessionStatus::ALL {
            assert_eq!(SessionStatus::parse(s.as_str()), Some(s));
        }
        assert!(SessionStatus::Pending.is_active());
        assert!(!SessionStatus::Verified.is_active());
        assert!(!SessionStatus::Cancelled.is_decision());
    }
}

/// `POST /v1/client/liveness/start` (`201`): the challenge to follow, in order. Capture about
/// `frames_per_step` frames per step (between `idv_core::liveness::FRAMES_PER_STEP_MIN` and
/// `FRAMES_PER_STEP_MAX`) and complete within `expires_in` seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivenessStarted {
    pub liveness_id: String,
    pub challenge: Vec<ChallengeStep>,
    pub frames_per_step: u32,
    pub expires_in: u32,
}

/// `POST /v1/client/liveness/{liveness_id}/complete` (`201`): how many frames were stored, and
/// the preflight that follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivenessCompleted {
    pub liveness_id: String,
    pub frames: u32,
    pub preflight: Preflight,
}

/// Sandbox: `GET /v1/sandbox/sessions/{id}/liveness`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivenessList {
    pub liveness: Vec<StoredLiveness>,
}

/// One started liveness. `status`: `open` (may still be completed, unless past `expires_at`),
/// `replaced` (a newer start took its place), `completed` (its frames are stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLiveness {
    pub liveness_id: String,
    pub challenge: Vec<ChallengeStep>,
    pub status: String,
    pub created_at: String,
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    pub frames: Vec<StoredFrame>,
}

/// One stored frame: `path` is `<data dir>/liveness/<session id>/<liveness id>/<index>.<ext>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFrame {
    pub index: u32,
    pub step: ChallengeStep,
    pub format: ImageFormat,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub path: String,
}

/// `POST /v1/client/handoff` (`201`): a single-use link for a phone, valid `expires_in` seconds
/// (until `expires_at`). `url` is `<origin>/mobile?handoff=<handoff_token>&sessionId=<id>`;
/// issuing one voids the session's earlier unused ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffIssued {
    pub handoff_token: String,
    pub url: String,
    pub expires_at: String,
    pub expires_in: u32,
}

/// `POST /v1/client/handoff/exchange` with the handoff token (`201`): the phone's own session
/// token, expiring with the token that asked for the handoff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffExchanged {
    pub session_id: String,
    pub token: String,
    pub token_expires_at: String,
}
