//! Face detection for the selfie guidance: OpenCV's LBP frontal-face cascade evaluated over an
//! image pyramid, then OpenCV's rectangle grouping.
//!
//! Why this detector: the whole model is 139 weak classifiers (about 6 KB in the compact form
//! the worker embeds), it needs no inference runtime, and it runs in a few milliseconds on a
//! 160x120 frame in wasm. A neural detector (BlazeFace through `tract`, SeetaFace through
//! `rustface`) would be more robust to pose and light, but costs 0.4 to 1.2 MB of model and
//! runtime for guidance that only has to tell "no face / too far / off centre" in a selfie.
//! The guidance never blocks the user for good: the screen offers to go on anyway and an
//! assisted route, because any detector misses some faces.

pub mod blazeface;
mod cascade;
mod detect;
pub mod net;

pub use cascade::{Cascade, ModelError};
pub use detect::{detect, group, Face, Params};

/// The committed compact form of `model/lbpcascade_frontalface_opencv.xml`.
pub const FRONTAL_FACE: &[u8] = include_bytes!("../model/frontalface.lbpc");

/// The committed compact form of MediaPipe's BlazeFace short-range model
/// (`model/convert_blazeface.py`).
pub const BLAZEFACE: &[u8] = include_bytes!("../model/blazeface.bfn");
