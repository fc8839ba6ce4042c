//! The closed set of screens the platform can ask for, with an explicit unknown case.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A screen name from a preflight answer or push.
///
/// Unknown names are kept (not rejected) so the app can show a deliberate "not supported" screen
/// and report the name, instead of failing to parse the whole message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Screen {
    Consent,
    DocumentFront,
    DocumentBack,
    Liveness,
    ProofOfAddress,
    ProofOfFunds,
    PhoneVerification,
    EmailVerification,
    Nfc,
    Completed,
    Successful,
    Rejected,
    Cancel,
    Unknown(String),
}

const NAMES: &[(Screen, &str)] = &[
    (Screen::Consent, "consent_screen"),
    (Screen::DocumentFront, "scan_id_document_front_screen"),
    (Screen::DocumentBack, "scan_id_document_back_screen"),
    (Screen::Liveness, "liveness_screen"),
    (Screen::ProofOfAddress, "proof_of_address_screen"),
    (Screen::ProofOfFunds, "proof_of_funds_screen"),
    (Screen::PhoneVerification, "phone_verification_start_screen"),
    (Screen::EmailVerification, "email_verification_start_screen"),
    (Screen::Nfc, "nfc_capture_screen"),
    (Screen::Completed, "completed_screen"),
    (Screen::Successful, "successful_screen"),
    (Screen::Rejected, "rejected_screen"),
    (Screen::Cancel, "cancel_screen"),
];

impl Screen {
    /// Every known screen, in journey order.
    pub fn known() -> impl Iterator<Item = Screen> {
        NAMES.iter().map(|(s, _)| s.clone())
    }

    pub fn from_name(name: &str) -> Screen {
        NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| Screen::Unknown(name.to_owned()))
    }

    pub fn name(&self) -> &str {
        match self {
            Screen::Unknown(name) => name,
            known => NAMES
                .iter()
                .find(|(s, _)| s == known)
                .map(|(_, n)| *n)
                .expect("every known screen has a name"),
        }
    }

    /// Final screens end the journey: no further step follows them.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Screen::Completed | Screen::Successful | Screen::Rejected | Screen::Cancel
        )
    }

    /// How long the app waits for a push on this screen before it asks for the preflight itself
    /// (the brief's table). Final screens wait for nothing; `Completed` still polls because the
    /// decision (`successful_screen` / `rejected_screen`) follows it.
    pub fn fallback_wait_ms(&self) -> Option<u32> {
        match self {
            Screen::DocumentFront | Screen::DocumentBack => Some(90_000),
            Screen::EmailVerification => Some(30_000),
            Screen::Successful | Screen::Rejected | Screen::Cancel => None,
            _ => Some(10_000),
        }
    }
}

impl Serialize for Screen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Screen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(Screen::from_name(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for screen in Screen::known() {
            assert_eq!(Screen::from_name(screen.name()), screen);
        }
        assert_eq!(Screen::known().count(), NAMES.len());
    }

    #[test]
    fn unknown_names_are_kept() {
        let s = Screen::from_name("selfie_video_screen");
        assert_eq!(s, Screen::Unknown("selfie_video_screen".into()));
        assert_eq!(s.name(), "selfie_video_screen");
        assert!(!s.is_final());
        assert_eq!(s.fallback_wait_ms(), Some(10_000));
    }

    #[test]
    fn waits_follow_the_brief() {
        assert_eq!(Screen::Consent.fallback_wait_ms(), Some(10_000));
        assert_eq!(Screen::DocumentFront.fallback_wait_ms(), Some(90_000));
        assert_eq!(Screen::DocumentBack.fallback_wait_ms(), Some(90_000));
        assert_eq!(Screen::EmailVerification.fallback_wait_ms(), Some(30_000));
        assert_eq!(Screen::Nfc.fallback_wait_ms(), Some(10_000));
        assert_eq!(Screen::Successful.fallback_wait_ms(), None);
    }
}
