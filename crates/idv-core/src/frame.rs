//! The app's decoder of websocket frames. Whatever arrives (a stale proxy's page, a frame cut
//! short, a message type of a newer platform, a push meant for another session, megabytes of
//! garbage) becomes either a message of the contract or a counted reason to drop it, never a
//! panic.

use crate::ServerMessage;

/// Frames larger than this are dropped unread: a preflight is a few dozen bytes, and the
/// platform's own limit is the same.
pub const MAX_FRAME: usize = 16 * 1024;

/// Why a frame was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dropped {
    Oversized,
    /// Not JSON, not an object, no `type`, or a known type with a body that does not fit it.
    Malformed,
    /// A `type` this version does not know.
    UnknownType,
    /// A `session_id` other than this page's session.
    ForeignSession,
}

impl Dropped {
    pub fn code(self) -> &'static str {
        match self {
            Dropped::Oversized => "oversized",
            Dropped::Malformed => "malformed",
            Dropped::UnknownType => "unknown_type",
            Dropped::ForeignSession => "foreign_session",
        }
    }
}

const KNOWN_TYPES: [&str; 3] = ["preflight", "error", "handoff"];

/// Decodes one text frame for the session `own_session`. A `session_id` in the frame, when
/// present, must be that session's; the contract's messages need not carry one.
pub fn decode(text: &str, own_session: &str) -> Result<ServerMessage, Dropped> {
    if text.len() > MAX_FRAME {
        return Err(Dropped::Oversized);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| Dropped::Malformed)?;
    let serde_json::Value::Object(mut fields) = value else {
        return Err(Dropped::Malformed);
    };
    let kind = fields
        .get("type")
        .and_then(|t| t.as_str())
        .ok_or(Dropped::Malformed)?;
    if !KNOWN_TYPES.contains(&kind) {
        return Err(Dropped::UnknownType);
    }
    if let Some(session) = fields.remove("session_id") {
        if session.as_str() != Some(own_session) {
            return Err(Dropped::ForeignSession);
        }
    }
    serde_json::from_value(serde_json::Value::Object(fields)).map_err(|_| Dropped::Malformed)
}

/// How many frames were dropped, by reason, for diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DropCounts {
    pub oversized: u32,
    pub malformed: u32,
    pub unknown_type: u32,
    pub foreign_session: u32,
}

impl DropCounts {
    pub fn record(&mut self, reason: Dropped) {
        let n = match reason {
            Dropped::Oversized => &mut self.oversized,
            Dropped::Malformed => &mut self.malformed,
            Dropped::UnknownType => &mut self.unknown_type,
            Dropped::ForeignSession => &mut self.foreign_session,
        };
        *n = n.saturating_add(1);
    }

    pub fn total(&self) -> u32 {
        self.oversized
            .saturating_add(self.malformed)
            .saturating_add(self.unknown_type)
            .saturating_add(self.foreign_session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Preflight, Screen};
    use proptest::prelude::*;

    const OWN: &str = "123456789";

    fn preflight(seq: u64) -> ServerMessage {
        ServerMessage::Preflight(Preflight {
            screen: Screen::Consent,
            seq,
            step: 1,
            step_count: 3,
        })
    }

    #[test]
    fn each_kind_of_bad_frame_has_its_reason() {
        let ok =
            r#"{"type":"preflight","screen":"consent_screen","seq":4,"step":1,"step_count":3}"#;
        assert_eq!(decode(ok, OWN), Ok(preflight(4)));
        let mine = r#"{"type":"preflight","session_id":"123456789","screen":"consent_screen","seq":4,"step":1,"step_count":3}"#;
        assert_eq!(decode(mine, OWN), Ok(preflight(4)));
        let cases = [
            (
                r#"{"type":"preflight","session_id":"987654321","screen":"consent_screen","seq":4,"step":1,"step_count":3}"#,
                Dropped::ForeignSession,
            ),
            (
                r#"{"type":"preflight","session_id":7,"screen":"consent_screen","seq":4,"step":1,"step_count":3}"#,
                Dropped::ForeignSession,
            ),
            (r#"{"type":"telemetry","x":1}"#, Dropped::UnknownType),
            (
                r#"{"type":"preflight","screen":"consent_screen"}"#,
                Dropped::Malformed,
            ),
            (
                r#"{"type":"preflight","screen":"consent_screen","seq":-1,"step":1,"step_count":3}"#,
                Dropped::Malformed,
            ),
            (r#"{"screen":"consent_screen","seq":4}"#, Dropped::Malformed),
            (r#"[1,2,3]"#, Dropped::Malformed),
            ("preflight", Dropped::Malformed),
            (r#"{"type":"preflight","#, Dropped::Malformed),
            ("", Dropped::Malformed),
        ];
        for (frame, reason) in cases {
            assert_eq!(decode(frame, OWN), Err(reason), "{frame}");
        }
        let big = format!(
            r#"{{"type":"preflight","pad":"{}"}}"#,
            "x".repeat(MAX_FRAME)
        );
        assert_eq!(decode(&big, OWN), Err(Dropped::Oversized));
    }

    #[test]
    fn counts_add_up() {
        let mut c = DropCounts::default();
        for r in [
            Dropped::Oversized,
            Dropped::Malformed,
            Dropped::Malformed,
            Dropped::ForeignSession,
        ] {
            c.record(r);
        }
        assert_eq!((c.malformed, c.total()), (2, 4));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(idv_fixtures::fuzz_cases(5000)))]

        // Any text at all: an answer, never a panic; only frames within the limit are read.
        #[test]
        fn any_text_decodes_or_drops(text in ".{0,300}") {
            let _ = decode(&text, OWN);
        }

        // Bytes near JSON (braces, quotes, the known keys) reach deeper into the decoder.
        #[test]
        fn json_like_text_decodes_or_drops(
            parts in prop::collection::vec(prop::sample::select(vec![
                "{", "}", "[", "]", ",", ":", "\"", "\"type\"", "\"preflight\"", "\"handoff\"",
                "\"error\"", "\"session_id\"", "\"123456789\"", "\"seq\"", "1", "-1", "1e999",
                "null", "true", "\"screen\"", "\"consent_screen\"", "\\u0000", "\"phone\"",
            ]), 0..40)
        ) {
            let _ = decode(&parts.concat(), OWN);
        }

        // A valid push survives a round trip; stamped with another session it is dropped.
        #[test]
        fn pushes_round_trip_and_foreign_ones_drop(seq in 0u64..u64::MAX, other in "[0-9]{9}") {
            let msg = preflight(seq);
            let text = serde_json::to_string(&msg).unwrap();
            prop_assert_eq!(decode(&text, OWN), Ok(msg));
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            v["session_id"] = serde_json::Value::String(other.clone());
            let expected = if other == OWN { Ok(preflight(seq)) } else { Err(Dropped::ForeignSession) };
            prop_assert_eq!(decode(&v.to_string(), OWN), expected);
        }

        // Anything over the limit is dropped whatever it holds.
        #[test]
        fn oversized_frames_drop(extra in 1usize..2048) {
            let text = "x".repeat(MAX_FRAME + extra);
            prop_assert_eq!(decode(&text, OWN), Err(Dropped::Oversized));
        }
    }
}
