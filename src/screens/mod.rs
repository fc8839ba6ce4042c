//! One file per screen. Screens read what they are given, render it, and report user actions
//! through callbacks; they do not call the network themselves.

pub mod load_error;
pub mod loading;
pub mod no_session;
pub mod welcome;
