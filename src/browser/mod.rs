//! Thin wrappers around the browser APIs the app uses. Nothing else in the app touches
//! `web_sys` directly; every failure here becomes a value, never a panic, and every wrapper
//! releases what it holds when dropped.

pub mod camera;
pub mod clipboard;
pub mod config;
pub mod crash;
pub mod device;
pub mod dom;
pub mod embed;
pub mod face;
pub mod frames;
pub mod json;
pub mod kept;
pub mod loader;
pub mod location;
pub mod network;
pub mod object_url;
pub mod page;
pub mod socket;
pub mod storage;
pub mod timeout;
#[cfg(feature = "journey")]
pub mod timers;
pub mod upload;
