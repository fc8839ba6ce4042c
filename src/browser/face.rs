//! The face worker's app side: starts the worker (its own wasm module, fetched only now), hands
//! it small frames of the front camera and reads its answers. The protocol is described in
//! `src/bin/face-worker.rs`.
//!
//! One frame is in flight at a time, so a slow device analyses fewer frames instead of queueing
//! them; the preview itself never waits for the detector.

use idv_core::face_guide::FaceBox;
use idv_core::liveness::pose::{Seen, SeenFace};
use js_sys::{Array, Int32Array, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, Event, HtmlCanvasElement, HtmlVideoElement, MessageEvent, Worker,
};

/// The analysed frame's width (its height follows the camera's shape). BlazeFace sees the frame
/// scaled into 128 px, so a larger frame would only cost transfer; a selfie's face (a quarter to
/// two thirds of the width) is found and its yaw read at this size.
pub const ANALYSIS_WIDTH: u32 = 160;
/// The worker's loader, next to the app's own files.
const LOADER: &str = "face-worker_loader.js";
/// How long the worker may take to start (fetch and compile its module), and to answer one
/// frame, before the guidance is given up for this screen.
const START_TIMEOUT_MS: i32 = 10_000;
const ANSWER_TIMEOUT_MS: i32 = 3_000;
const STATUS_READY: i32 = 3;

/// One analysed frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The faces (largest first) and how each head is turned, and the frame's brightness.
    pub seen: Seen,
    /// The detector's own time in the worker.
    pub detect_ms: f64,
}

impl Analysis {
    pub fn boxes(&self) -> Vec<FaceBox> {
        self.seen.faces.iter().map(|f| f.bbox).collect()
    }
}

/// Why no analysis came back; either way the screen carries on without guidance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceError {
    /// The worker did not load, failed, or answered nonsense.
    Worker,
    /// The video has no picture yet: try the next frame.
    NoFrame,
}

type Settle = (js_sys::Function, js_sys::Function);

pub struct FaceWorker {
    worker: Worker,
    /// Settles when the worker says it listens (or fails).
    ready: Promise,
    waiting: Rc<RefCell<Option<Settle>>>,
    failed: Rc<RefCell<bool>>,
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl FaceWorker {
    /// Starts the worker; `None` where workers or canvases are unavailable.
    pub fn start() -> Option<FaceWorker> {
        let worker = Worker::new(&loader_url()).ok()?;
        let waiting: Rc<RefCell<Option<Settle>>> = Rc::new(RefCell::new(None));
        let failed = Rc::new(RefCell::new(false));
        // The first message is the worker's "ready".
        let ready = Promise::new(&mut |resolve, reject| {
            *waiting.borrow_mut() = Some((resolve, reject));
        });
        let on_message = {
            let waiting = waiting.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                if let Some((resolve, _)) = waiting.borrow_mut().take() {
                    let _ = resolve.call1(&JsValue::NULL, &e.data());
                }
            })
        };
        // A loader that does not load (offline, blocked) or a worker that traps ends the
        // guidance for this screen, not the screen.
        let on_error = {
            let (waiting, failed) = (waiting.clone(), failed.clone());
            Closure::<dyn FnMut(Event)>::new(move |e: Event| {
                e.prevent_default();
                *failed.borrow_mut() = true;
                if let Some((_, reject)) = waiting.borrow_mut().take() {
                    let _ = reject.call0(&JsValue::NULL);
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let (canvas, ctx) = super::frames::reading_canvas()?;
        Some(FaceWorker {
            worker,
            ready,
            waiting,
            failed,
            canvas,
            ctx,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Analyses the video's current frame.
    pub async fn analyse(&self, video: &HtmlVideoElement) -> Result<Analysis, FaceError> {
        if *self.failed.borrow() {
            return Err(FaceError::Worker);
        }
        // Settled once, then at once on every later frame.
        let hello = within(&self.ready, START_TIMEOUT_MS)
            .await
            .map_err(|_| FaceError::Worker)?;
        if hello.dyn_into::<Int32Array>().map(|a| a.to_vec()) != Ok(vec![STATUS_READY]) {
            *self.failed.borrow_mut() = true;
            return Err(FaceError::Worker);
        }
        // One frame in flight: the worker answers in order and this side keeps one pending
        // answer, so a second caller (the challenge starting while the positioning loop still
        // waits for its answer) would take the first one's answer and leave it to time out.
        // It gets "no frame" instead and tries again on its next turn.
        if self.waiting.borrow().is_some() {
            return Err(FaceError::NoFrame);
        }
        let (vw, vh) = (video.video_width(), video.video_height());
        if vw < 16 || vh < 16 || video.ready_state() < 2 {
            return Err(FaceError::NoFrame);
        }
        let w = ANALYSIS_WIDTH;
        let h = ((f64::from(w) * f64::from(vh) / f64::from(vw)).round() as u32).clamp(1, 4 * w);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        self.ctx
            .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w.into(), h.into())
            .map_err(|_| FaceError::NoFrame)?;
        let pixels = self
            .ctx
            .get_image_data(0.0, 0.0, w.into(), h.into())
            .map_err(|_| FaceError::NoFrame)?;
        // The pixels' own buffer (not `ImageData::data`, which copies them into wasm memory).
        let buffer = Reflect::get(&pixels, &"data".into())
            .ok()
            .and_then(|d| d.dyn_into::<js_sys::Uint8ClampedArray>().ok())
            .map(|d| d.buffer())
            .ok_or(FaceError::NoFrame)?;
        let answer = Promise::new(&mut |resolve, reject| {
            *self.waiting.borrow_mut() = Some((resolve, reject));
        });
        let message = Array::of3(&w.into(), &h.into(), &buffer);
        // The pixels move to the worker instead of being copied.
        self.worker
            .post_message_with_transfer(&message, &Array::of1(&buffer))
            .map_err(|_| FaceError::Worker)?;
        let reply = within(&answer, ANSWER_TIMEOUT_MS).await.map_err(|_| {
            // A worker that does not answer is given up: the guidance must not hang the screen.
            *self.failed.borrow_mut() = true;
            FaceError::Worker
        })?;
        let reply = reply
            .dyn_into::<Int32Array>()
            .map_err(|_| FaceError::Worker)?
            .to_vec();
        parse(&reply, w, h).ok_or(FaceError::Worker)
    }
}

impl Drop for FaceWorker {
    fn drop(&mut self) {
        self.worker.terminate();
        if let Some((_, reject)) = self.waiting.borrow_mut().take() {
            let _ = reject.call0(&JsValue::NULL);
        }
    }
}

/// `promise`, or a rejection after `ms`.
async fn within(promise: &Promise, ms: i32) -> Result<JsValue, JsValue> {
    let timeout = Promise::new(&mut |_, reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&reject, ms);
        }
    });
    JsFuture::from(Promise::race(&Array::of2(promise, &timeout))).await
}

/// `[status, mean_luma, detect_us, n, (x, y, w, h, yaw_centidegrees) × n]`; anything else is
/// `None`.
fn parse(reply: &[i32], width: u32, height: u32) -> Option<Analysis> {
    let (&[0, luma, took_us, n], rest) = reply.split_first_chunk::<4>()? else {
        return None;
    };
    if rest.len() != usize::try_from(n).ok()? * 5 {
        return None;
    }
    let faces = rest
        .chunks_exact(5)
        .map(|f| {
            let [x, y, fw, fh] = [f[0], f[1], f[2], f[3]].map(|v| u32::try_from(v).ok());
            let yaw = f[4] as f32 / 100.0;
            let bbox = FaceBox::from_pixels(x?, y?, fw?, fh?, width, height)?;
            (yaw.abs() <= 90.0).then_some(SeenFace { bbox, yaw })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Analysis {
        seen: Seen {
            faces,
            mean_luma: u8::try_from(luma).ok()?,
        },
        detect_ms: f64::from(took_us) / 1000.0,
    })
}

/// The loader sits next to `boot.js`, wherever the app is hosted.
fn loader_url() -> String {
    let script = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("script[src$='boot.js']").ok().flatten())
        .and_then(|s| s.get_attribute("src"));
    let base = web_sys::window().and_then(|w| w.location().href().ok());
    match (script, base) {
        (Some(src), Some(base)) => web_sys::Url::new_with_base(&src, &base)
            .and_then(|boot| web_sys::Url::new_with_base(LOADER, &boot.href()))
            .map(|u| u.href())
            .unwrap_or_else(|_| format!("/{LOADER}")),
        _ => format!("/{LOADER}"),
    }
}
