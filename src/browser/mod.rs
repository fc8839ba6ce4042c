//! Thin wrappers around the browser APIs the app uses. Nothing else in the app touches
//! `web_sys` directly; every failure here becomes a value, never a panic.

pub mod location;
pub mod storage;
