//! A camera that plays a video file on the engines whose fake camera cannot (WebKit's and
//! Firefox's mock devices draw a test pattern). Chromium plays the file itself
//! (`--use-file-for-fake-video-capture`); on the other engines the harness serves the same
//! `.y4m` file from the app's origin (the policy's `connect-src 'self'` allows the fetch) and
//! [`Harness::camera_plays_file`] makes the page's `getUserMedia` answer with a canvas's stream
//! (`HTMLCanvasElement.captureStream`) that plays it in real time. Everything after
//! `getUserMedia` is the engine's own: the `MediaStream`, the preview `<video>`, the frames
//! drawn from it, the worker that looks for the face.

use super::Harness;
use std::path::{Path, PathBuf};

/// Where the video is served on the sandbox's origin.
pub const VIDEO_PATH: &str = "/__test-camera/video.y4m";

/// A folder that serves what `dist` does (a link to each of its entries) and `video` at
/// [`VIDEO_PATH`]. The sandbox serves it as the app.
pub fn dist_with_video(dist: &Path, video: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder for the app and the camera's video");
    let entries = std::fs::read_dir(dist).expect("read the built app's folder");
    for entry in entries {
        let entry = entry.expect("an entry of the built app");
        std::os::unix::fs::symlink(entry.path(), dir.path().join(entry.file_name()))
            .expect("link an entry of the built app");
    }
    let served: PathBuf = dir.path().join(VIDEO_PATH.trim_start_matches('/'));
    std::fs::create_dir_all(served.parent().expect("a folder")).expect("the video's folder");
    let video = video
        .canonicalize()
        .unwrap_or_else(|e| panic!("no camera video {}: {e}", video.display()));
    std::os::unix::fs::symlink(video, served).expect("link the camera's video");
    dir
}

/// Fetches the Y4M file (4:2:0, `FRAME` headers without parameters), and from then on answers
/// every video `getUserMedia` call with a new stream of a canvas on which the file plays in a
/// loop at its own frame rate (BT.601 studio range to RGB, as the file was made, every frame
/// converted before it plays). Calls back
/// with the frame count, or an error's text.
const PLAY_JS: &str = r#"
const done = arguments[arguments.length - 1];
const url = arguments[0];
(async () => {
  const answer = await fetch(url, { cache: 'no-store' });
  const bytes = new Uint8Array(await answer.arrayBuffer());
  const nl = bytes.indexOf(10);
  const header = new TextDecoder().decode(bytes.subarray(0, Math.max(nl, 0)));
  if (!answer.ok || !header.startsWith('YUV4MPEG2 ')) {
    throw new Error(`${url} is not a Y4M video (${answer.status}): ${header.slice(0, 40)}`);
  }
  const field = (p) => (header.split(' ').find((t) => t[0] === p) || '').slice(1);
  const w = Number(field('W')), h = Number(field('H'));
  const [num, den] = field('F').split(':').map(Number);
  const fps = num / (den || 1);
  const size = (w * h * 3) / 2;
  const frames = [];
  for (let at = nl + 1; at + 6 + size <= bytes.length; at += 6 + size) {
    frames.push(bytes.subarray(at + 6, at + 6 + size));
  }
  if (!frames.length || !(fps > 0)) throw new Error(`no frames in ${header}`);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  const clamp = (v) => (v < 0 ? 0 : v > 255 ? 255 : v);
  // Every frame converted once, here: drawing one is then a copy, so a busy machine does not
  // slow the video down (frames shown twice look like a still photograph to the platform).
  const images = frames.map((f) => {
    const image = ctx.createImageData(w, h);
    const px = image.data;
    const cw = w >> 1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const c = (y >> 1) * cw + (x >> 1);
        const yy = 1.164 * (f[y * w + x] - 16);
        const u = f[w * h + c] - 128;
        const v = f[w * h + (w * h) / 4 + c] - 128;
        const o = (y * w + x) * 4;
        px[o] = clamp(yy + 1.596 * v);
        px[o + 1] = clamp(yy - 0.813 * v - 0.391 * u);
        px[o + 2] = clamp(yy + 2.018 * u);
        px[o + 3] = 255;
      }
    }
    return image;
  });
  const started = performance.now();
  let shown = -1;
  const draw = () => {
    const i = Math.floor(((performance.now() - started) / 1000) * fps) % images.length;
    if (i === shown) return;
    shown = i;
    ctx.putImageData(images[i], 0, 0);
  };
  draw();
  // Timers and animation frames both: either may be throttled (a page back from the
  // back-forward cache, a window not painted), and a video that stalls looks like a still
  // photograph to the platform's check.
  setInterval(draw, 1000 / fps / 2);
  const tick = () => { draw(); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const md = navigator.mediaDevices;
  const real = md.getUserMedia.bind(md);
  md.getUserMedia = (c) => (c && c.video ? Promise.resolve(canvas.captureStream(fps)) : real(c));
  return images.length;
})().then(done, (e) => done('error: ' + e));
"#;

impl Harness {
    /// From now on the page's camera plays the video this harness was started with
    /// (`Camera::File` on WebKit or Gecko). Until the page is left: a reload or a new page
    /// has the engine's own mock camera again.
    pub async fn camera_plays_file(&self) {
        assert!(
            self.serves_camera_video,
            "the harness was not started with a camera video (Camera::File on WebKit or Gecko)"
        );
        let answer = self
            .driver()
            .execute_async(PLAY_JS, vec![serde_json::Value::from(VIDEO_PATH)])
            .await
            .expect("install the file camera");
        let answer = answer.json().clone();
        assert!(answer.is_u64(), "the file camera: {answer}");
    }
}
