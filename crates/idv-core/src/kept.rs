//! What the app keeps, for the tab's life, of a capture the platform has not stored yet (an ID
//! side's photo, a proof-of-address or -funds file, a selfie's frames), so a reload does not
//! lose it: which captures are worth keeping, when a kept one is dropped, how much may be kept,
//! and the record's text form (JSON with the bytes in base64), all decided here.
//!
//! The app keeps the record in the tab's `sessionStorage` (`src/browser/kept.rs` says why that
//! store). It writes a record when a capture exists and is not stored yet; it removes it when the
//! platform stores the capture, refuses it, or the user takes another; it offers a record after a
//! reload only on the screen that made it, in the session that made it, with its idempotency
//! key, so sending it again can never store it twice.

use crate::capture::{Phase, UploadProblem};
use crate::liveness::{check_frames, ChallengeStep};
use crate::Screen;
use serde::{Deserialize, Serialize};

/// The storage keys of kept records start with this; one record per kind.
pub const KEY_PREFIX: &str = "idv.kept.";

/// The most characters all kept records may take together. Browsers give an origin's session
/// storage about 5 MB (Chromium and Firefox: about 5 million UTF-16 characters, keys
/// included); base64 makes 3 bytes 4 characters. This fits the largest camera photo
/// (`MAX_PHOTO_BYTES`, 1.5 MiB: about 2.1 million characters) or a whole selfie, and leaves
/// room for what else the tab keeps there (its session, its language).
pub const MAX_KEPT_CHARS: usize = 3_000_000;

/// Version of the record's text form; a record of another version is dropped, not guessed at.
const VERSION: u32 = 1;

/// The longest idempotency key a record may carry (the app's keys are 26 characters).
const MAX_KEY_LEN: usize = 128;

/// Which capture a record holds; each has its own screen and its own storage key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeptKind {
    DocumentFront,
    DocumentBack,
    Address,
    Funds,
    Selfie,
}

impl KeptKind {
    pub const ALL: [KeptKind; 5] = [
        KeptKind::DocumentFront,
        KeptKind::DocumentBack,
        KeptKind::Address,
        KeptKind::Funds,
        KeptKind::Selfie,
    ];

    pub fn code(self) -> &'static str {
        match self {
            KeptKind::DocumentFront => "document_front",
            KeptKind::DocumentBack => "document_back",
            KeptKind::Address => "address",
            KeptKind::Funds => "funds",
            KeptKind::Selfie => "selfie",
        }
    }

    /// The screen whose capture this is.
    pub fn screen(self) -> Screen {
        match self {
            KeptKind::DocumentFront => Screen::DocumentFront,
            KeptKind::DocumentBack => Screen::DocumentBack,
            KeptKind::Address => Screen::ProofOfAddress,
            KeptKind::Funds => Screen::ProofOfFunds,
            KeptKind::Selfie => Screen::Liveness,
        }
    }

    /// The storage key of this kind's record.
    pub fn storage_key(self) -> String {
        format!("{KEY_PREFIX}{}", self.code())
    }
}

/// One kept capture: what is needed to show it again and to send it exactly as before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    pub session_id: String,
    pub kind: KeptKind,
    /// The upload's `Idempotency-Key`: the same on every attempt, before and after a reload.
    pub key: String,
    /// The file name the upload carries (a chosen file's own name, or the app's).
    pub name: String,
    /// A PDF's page count, for its preview; `None` for a photo.
    #[serde(default)]
    pub pages: Option<u32>,
    /// The selfie's liveness and its challenge (the frames complete it).
    #[serde(default)]
    pub liveness: Option<KeptLiveness>,
    pub parts: Vec<KeptPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptLiveness {
    pub liveness_id: String,
    pub challenge: Vec<ChallengeStep>,
    /// When the platform stops taking frames for this liveness, on the page's wall clock
    /// (`Date.now()` at the start plus the platform's `expires_in`): later, the burst is no
    /// use and is not offered.
    pub expires_at_ms: u64,
}

/// One file of a capture: the photo, the document, or one selfie frame (with its step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptPart {
    pub mime: String,
    #[serde(default)]
    pub step: Option<ChallengeStep>,
    #[serde(with = "base64_text")]
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    v: u32,
    #[serde(flatten)]
    kept: &'a Kept,
}

#[derive(Deserialize)]
struct RecordIn {
    v: u32,
    #[serde(flatten)]
    kept: Kept,
}

/// The record's text, for the store.
pub fn encode(kept: &Kept) -> String {
    serde_json::to_string(&RecordOut { v: VERSION, kept }).expect("plain data serialises")
}

/// A stored text back as a record; `None` for anything that is not a whole, sound record of
/// this version (cut short, edited, another version): such a text is dropped.
pub fn decode(text: &str) -> Option<Kept> {
    let record: RecordIn = serde_json::from_str(text).ok()?;
    (record.v == VERSION && sound(&record.kept)).then_some(record.kept)
}

/// Whether a record holds what its kind needs: a session id of the platform's form, a usable
/// key, one file for a document and a whole burst (by the platform's own count rule) for a
/// selfie.
fn sound(k: &Kept) -> bool {
    let session_ok = k.session_id.len() == 9 && k.session_id.bytes().all(|b| b.is_ascii_digit());
    if !session_ok || !usable_key(&k.key) || k.parts.iter().any(|p| p.bytes.is_empty()) {
        return false;
    }
    match (&k.liveness, k.kind) {
        (Some(l), KeptKind::Selfie) => {
            let steps: Option<Vec<ChallengeStep>> = k.parts.iter().map(|p| p.step).collect();
            !l.liveness_id.is_empty() && steps.is_some_and(|s| frames_complete(&l.challenge, &s))
        }
        (None, KeptKind::Selfie) | (Some(_), _) => false,
        (None, _) => k.parts.len() == 1,
    }
}

/// An idempotency key as the app makes them: printable ASCII, not empty, not long.
pub fn usable_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= MAX_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Whether a selfie's frames (each its step, in order) are a burst the platform accepts for
/// `challenge`: only such a burst is worth offering after a reload; a challenge cut short is
/// taken again anyway.
pub fn frames_complete(challenge: &[ChallengeStep], frames: &[ChallengeStep]) -> bool {
    let indexed: Vec<(ChallengeStep, usize)> = frames
        .iter()
        .copied()
        .enumerate()
        .map(|(i, s)| (s, i))
        .collect();
    !challenge.is_empty() && check_frames(challenge, &indexed).is_ok()
}

/// Whether a capture's photo is to be kept in this phase of the capture machine: from the
/// preview until the platform has it (sending, waiting to send again, attempts spent). Once
/// stored, refused by the platform (another photo is needed), or gone (retaken), it is not.
pub fn keeps(phase: &Phase) -> bool {
    matches!(
        phase,
        Phase::Preview(_)
            | Phase::Uploading { .. }
            | Phase::Waiting { .. }
            | Phase::UploadFailed(UploadProblem::Unreachable)
    )
}

/// What a screen does with a record found in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Show it again, with send and retake.
    Offer,
    /// Remove it: another session's (this tab began a new one), another step's (the platform
    /// moved past it: it was stored, by a reply lost in the reload or by another device, or
    /// the step was skipped), or a selfie whose liveness has expired. Only the screen that
    /// made a record can use it.
    Drop,
}

/// What the screen of `kind`, in `session_id`, does at `now_ms` (wall clock) with the record
/// `kept` of the store.
pub fn on_open(kept: &Kept, session_id: &str, kind: KeptKind, now_ms: u64) -> Found {
    let expired = kept
        .liveness
        .as_ref()
        .is_some_and(|l| now_ms >= l.expires_at_ms);
    if kept.session_id == session_id && kept.kind == kind && !expired {
        Found::Offer
    } else {
        Found::Drop
    }
}

/// Whether a record of `chars` characters may be written while the other kept records take
/// `others` characters. A capture that does not fit is kept in memory only, as it would be
/// without the store (a chosen file can be chosen again; a photo larger than this is rare).
pub fn fits(chars: usize, others: usize) -> bool {
    chars.saturating_add(others) <= MAX_KEPT_CHARS
}

/// Base64 (RFC 4648, with padding) as a serde field: the store holds text only.
pub mod base64_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::base64::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::base64::decode(&text).ok_or_else(|| serde::de::Error::custom("not base64"))
    }
}

/// Standard base64 with padding. Small enough to own: the app has no base64 crate, and the
/// browser's `btoa` works on "binary strings", a copy per byte through JavaScript.
pub mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// How many characters `bytes` bytes take.
    pub fn encoded_len(bytes: usize) -> usize {
        bytes.div_ceil(3) * 4
    }

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(encoded_len(bytes.len()));
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }

    /// `None` for anything but canonical padded base64 (the only form `encode` writes).
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let t = text.as_bytes();
        if !t.len().is_multiple_of(4) {
            return None;
        }
        let mut out = Vec::with_capacity(t.len() / 4 * 3);
        let quads = t.len() / 4;
        for (q, chunk) in t.chunks(4).enumerate() {
            let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
            if pad > 2 || (pad > 0 && q + 1 != quads) {
                return None;
            }
            let mut n = 0u32;
            for &c in &chunk[..4 - pad] {
                n = (n << 6) | value(c)?;
            }
            n <<= 6 * pad as u32;
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            // Bits below the last byte must be zero, or two texts would decode alike.
            if bytes[3 - pad..].iter().any(|&b| b != 0) {
                return None;
            }
            out.extend_from_slice(&bytes[..3 - pad]);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests;
