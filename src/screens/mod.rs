//! One file per screen. Screens read what they are given, render it, and report user actions
//! through callbacks; they do not call the network themselves.

pub mod camera_problem;
pub mod cancelled;
pub mod capture_refused;
pub mod completed;
pub mod consent;
pub mod document_capture;
pub mod document_upload;
pub mod email_verification;
pub mod handoff;
pub mod handoff_refused;
pub mod link_refused;
pub mod liveness;
pub mod load_error;
pub mod loading;
pub mod lost_session;
pub mod nfc;
pub mod no_session;
pub mod phone_verification;
pub mod rejected;
pub mod successful;
pub mod unsupported;
pub mod welcome;
