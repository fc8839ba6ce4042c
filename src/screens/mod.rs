//! One file per screen. Screens read what they are given, render it, and report user actions
//! through callbacks; they do not call the network themselves. All but the welcome (drawn by
//! the first module as well) are Leptos components, in the journey module only.

#[cfg(feature = "journey")]
pub mod camera_problem;
#[cfg(feature = "journey")]
pub mod cancelled;
#[cfg(feature = "journey")]
pub mod capture_refused;
#[cfg(feature = "journey")]
pub mod completed;
#[cfg(feature = "journey")]
pub mod consent;
#[cfg(feature = "journey")]
pub mod document_capture;
#[cfg(feature = "journey")]
pub mod document_upload;
#[cfg(feature = "journey")]
pub mod email_verification;
#[cfg(feature = "journey")]
pub mod handoff;
#[cfg(feature = "journey")]
pub mod handoff_refused;
#[cfg(feature = "journey")]
pub mod link_refused;
#[cfg(feature = "journey")]
pub mod liveness;
#[cfg(feature = "journey")]
pub mod load_error;
#[cfg(feature = "journey")]
pub mod loading;
#[cfg(feature = "journey")]
pub mod lost_session;
#[cfg(feature = "journey")]
pub mod nfc;
#[cfg(feature = "journey")]
pub mod no_session;
#[cfg(feature = "journey")]
pub mod phone_verification;
#[cfg(feature = "journey")]
pub mod rejected;
#[cfg(feature = "journey")]
pub mod successful;
#[cfg(feature = "journey")]
pub mod unsupported;
pub mod welcome;
