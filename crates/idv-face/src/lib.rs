//! Faces and head pose for the selfie: MediaPipe's BlazeFace short-range model (Apache-2.0, see
//! `model/BLAZEFACE.md`) run by a small hand-written inference ([`net`]), decoded into face
//! boxes and six keypoints, and a yaw estimate from the eyes, nose and ears ([`blazeface`]).
//!
//! Why this detector: the selfie challenge must know which way the head is turned, which a
//! frontal-face cascade (this crate's first detector, OpenCV's LBP cascade, 6 KB) cannot tell;
//! BlazeFace gives the keypoints for it in 0.2 MB of half-precision weights and about 25 ms a
//! frame natively, with no runtime dependency, so the face worker stays small and the sandbox
//! runs the very same code on the uploaded frames. A full face mesh (MediaPipe's landmarker,
//! about 3 MB) would estimate pose more finely than a turn to the left or right needs.

pub mod blazeface;
pub mod net;

/// The committed compact form of MediaPipe's BlazeFace short-range model
/// (`model/convert_blazeface.py`).
pub const BLAZEFACE: &[u8] = include_bytes!("../model/blazeface.bfn");
