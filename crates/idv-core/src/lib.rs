//! The browser-free core of idv-capture, shared by the app and the sandbox.
//!
//! Nothing here touches a browser, a socket or a clock: every function takes what it needs as
//! arguments, so all of it is tested natively with `cargo test`.

pub mod capture;
pub mod code;
pub mod corners;
pub mod device;
pub mod document_file;
pub mod embed;
pub mod expiry;
pub mod face_guide;
pub mod flow;
pub mod frame;
pub mod handoff;
pub mod inflate;
pub mod kept;
pub mod liveness;
pub mod locale;
pub mod media;
pub mod phone;
pub mod quality;
pub mod retry;
pub mod return_url;
pub mod screen;
pub mod theme;
pub mod validate;
pub mod wire;

pub use return_url::{ReturnUrl, ReturnUrlError};
pub use screen::Screen;
pub use wire::*;
