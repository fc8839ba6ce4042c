//! The face worker: receives camera frames from the selfie screen, answers with the faces in
//! them and how each head is turned. It runs off the main thread so detection never makes the
//! preview stutter, and it is a separate wasm module (this second binary of the package, built
//! by trunk as `data-type="worker"`) so neither its code nor its model is downloaded before the
//! selfie screen needs it.
//!
//! The detector is MediaPipe's BlazeFace short-range model run by `idv_face::blazeface` (the
//! same code the platform runs on the uploaded frames): a face box and six keypoints, from which
//! the head's yaw is estimated.
//!
//! The message protocol (the other side is `src/browser/face.rs`):
//! - in: `[width, height, rgba: ArrayBuffer]`, the buffer transferred, not copied;
//! - out: an `Int32Array` `[status, mean_luma, detect_us, n, x, y, w, h, yaw, ...]`: status 0 is
//!   a result; 1 a malformed message; 2 a model that does not load (a broken build). The faces
//!   (`n` of them, largest first) are in the frame's pixels; `yaw` is in hundredths of a degree,
//!   positive when the user turns to their left (see `idv_core::liveness::pose`).
//! - first of all, `[3]` once the worker listens: a message posted before then would be lost
//!   (the module is still compiling when the page's first frame is ready), so the app sends
//!   nothing until it has this.

use idv_face::blazeface::Detector;
use js_sys::{Array, ArrayBuffer, Int32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

const STATUS_OK: i32 = 0;
const STATUS_BAD_MESSAGE: i32 = 1;
const STATUS_NO_MODEL: i32 = 2;
const STATUS_READY: i32 = 3;

/// The largest frame accepted: the app sends 160x120; anything far bigger is a mistake that
/// would only stall the worker.
const MAX_PIXELS: usize = 640 * 480;

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let mut detector = Detector::new().ok();
    let reply_to = scope.clone();
    let mut rgba = Vec::new();
    let mut rgb = Vec::new();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = match (&mut detector, frame(&event.data(), &mut rgba)) {
            (None, _) => vec![STATUS_NO_MODEL],
            (_, None) => vec![STATUS_BAD_MESSAGE],
            (Some(detector), Some((width, height))) => {
                let started = now(&reply_to);
                rgb.clear();
                rgb.extend(rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]));
                let luma: u64 = rgba
                    .chunks_exact(4)
                    .map(|p| {
                        (77 * u64::from(p[0]) + 150 * u64::from(p[1]) + 29 * u64::from(p[2])) >> 8
                    })
                    .sum();
                let mean = luma / (width * height) as u64;
                match detector.detect(&rgb, width, height) {
                    Ok(mut faces) => {
                        faces.sort_by(|a, b| {
                            (b.bbox[2] * b.bbox[3]).total_cmp(&(a.bbox[2] * a.bbox[3]))
                        });
                        let took_us = ((now(&reply_to) - started) * 1000.0) as i32;
                        let mut out = vec![STATUS_OK, mean as i32, took_us, faces.len() as i32];
                        for f in faces {
                            let [x, y, w, h] = f.bbox;
                            let clamp =
                                |v: f32, max: usize| v.round().clamp(0.0, max as f32) as i32;
                            out.extend([
                                clamp(x, width),
                                clamp(y, height),
                                clamp(w, width),
                                clamp(h, height),
                                (f.yaw() * 100.0).round() as i32,
                            ]);
                        }
                        out
                    }
                    Err(_) => vec![STATUS_BAD_MESSAGE],
                }
            }
        };
        let _ = reply_to.post_message(&Int32Array::from(&reply[..]));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker; the app terminates the worker when done.
    on_message.forget();
    let _ = scope.post_message(&Int32Array::from(&[STATUS_READY][..]));
}

/// The frame's size, its pixels copied into `rgba`; `None` for anything but a well-formed frame.
fn frame(data: &JsValue, rgba: &mut Vec<u8>) -> Option<(usize, usize)> {
    let parts = data.dyn_ref::<Array>()?;
    let width = parts.get(0).as_f64()?;
    let height = parts.get(1).as_f64()?;
    let buffer = parts.get(2).dyn_into::<ArrayBuffer>().ok()?;
    if !(1.0..=4096.0).contains(&width) || !(1.0..=4096.0).contains(&height) {
        return None;
    }
    let (width, height) = (width as usize, height as usize);
    if width * height > MAX_PIXELS || buffer.byte_length() as usize != width * height * 4 {
        return None;
    }
    rgba.resize(width * height * 4, 0);
    Uint8Array::new(&buffer).copy_to(rgba);
    Some((width, height))
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}
