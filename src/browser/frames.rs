//! Pixels from the camera preview and from files: the downscaled grayscale frame the quality
//! checks read, and the photo that is uploaded (cropped to the guide, long side at most
//! 2000 px, JPEG). Drawing into a canvas and encoding anew drops every byte of the original's
//! metadata (EXIF location included).

use idv_core::quality::{Gray, CARD_ASPECT, GUIDE_MARGIN};
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, ImageBitmap};

/// The analysis frame's width; its height follows the guide's shape.
pub const ANALYSIS_WIDTH: u32 = 320;
/// The uploaded photo's long side at most.
pub const MAX_PHOTO_SIDE: f64 = 2000.0;
/// JPEG qualities tried in turn: the small print of an ID card stays readable at the first;
/// the lower ones only serve when a very detailed picture would exceed `MAX_PHOTO_BYTES`.
pub const JPEG_QUALITIES: [f64; 3] = [0.9, 0.8, 0.7];
pub const MAX_PHOTO_BYTES: f64 = 1.5 * 1024.0 * 1024.0;
/// The guide's width as a share of the frame's width (the CSS guide uses the same figure).
pub const GUIDE_WIDTH: f64 = 0.8;

/// A rectangle in source pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The card-shaped guide, centred in a `width` x `height` frame.
pub fn guide(width: f64, height: f64) -> Rect {
    let mut w = width * GUIDE_WIDTH;
    let mut h = w / f64::from(CARD_ASPECT);
    if h > height * 0.9 {
        h = height * 0.9;
        w = h * f64::from(CARD_ASPECT);
    }
    Rect {
        x: (width - w) / 2.0,
        y: (height - h) / 2.0,
        w,
        h,
    }
}

/// The guide grown by the analysis margin, kept inside the frame: the region the analysis
/// buffer and the photo are cut from.
pub fn analysis_region(width: f64, height: f64) -> Rect {
    let g = guide(width, height);
    let (mx, my) = (g.w * f64::from(GUIDE_MARGIN), g.h * f64::from(GUIDE_MARGIN));
    let x = (g.x - mx).max(0.0);
    let y = (g.y - my).max(0.0);
    Rect {
        x,
        y,
        w: (g.w + 2.0 * mx).min(width - x),
        h: (g.h + 2.0 * my).min(height - y),
    }
}

/// Reads the preview into a small grayscale buffer, reusing its canvas and buffer every frame.
pub struct FrameReader {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    gray: Vec<u8>,
}

impl FrameReader {
    pub fn new() -> Option<FrameReader> {
        let (canvas, ctx) = reading_canvas()?;
        Some(FrameReader {
            canvas,
            ctx,
            gray: Vec::new(),
        })
    }

    /// The current preview frame's guide region, or `None` while the video has no picture.
    pub fn read(&mut self, video: &HtmlVideoElement) -> Option<Gray<'_>> {
        let (vw, vh) = (
            f64::from(video.video_width()),
            f64::from(video.video_height()),
        );
        if vw < 16.0 || vh < 16.0 || video.ready_state() < 2 {
            return None;
        }
        let region = analysis_region(vw, vh);
        let w = ANALYSIS_WIDTH;
        let h = ((f64::from(w) * region.h / region.w).round() as u32).max(1);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        self.ctx
            .draw_image_with_html_video_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                video,
                region.x,
                region.y,
                region.w,
                region.h,
                0.0,
                0.0,
                f64::from(w),
                f64::from(h),
            )
            .ok()?;
        let rgba = self
            .ctx
            .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
            .ok()?
            .data();
        self.gray.clear();
        self.gray.extend(rgba.chunks_exact(4).map(|p| {
            ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
        }));
        Some(Gray {
            width: w as usize,
            height: h as usize,
            pixels: &self.gray,
        })
    }
}

/// The photo: the guide region of the current preview frame with the analysis margin, since a
/// card judged as filling the frame may reach into that margin and must not lose its edges.
pub async fn photo_from_video(video: &HtmlVideoElement) -> Option<Blob> {
    let (vw, vh) = (
        f64::from(video.video_width()),
        f64::from(video.video_height()),
    );
    if vw < 16.0 || vh < 16.0 {
        return None;
    }
    let g = analysis_region(vw, vh);
    let (canvas, ctx) = sized_canvas(g.w, g.h)?;
    ctx.draw_image_with_html_video_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
        video,
        g.x,
        g.y,
        g.w,
        g.h,
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    )
    .ok()?;
    to_jpeg(&canvas).await
}

/// A selfie frame: the whole preview, scaled so its long side is at most `max_side`.
pub async fn frame_from_video(video: &HtmlVideoElement, max_side: f64) -> Option<Blob> {
    let (vw, vh) = (
        f64::from(video.video_width()),
        f64::from(video.video_height()),
    );
    if vw < 16.0 || vh < 16.0 || video.ready_state() < 2 {
        return None;
    }
    let scale = (max_side / vw.max(vh)).min(1.0);
    let canvas = new_canvas()?;
    canvas.set_width((vw * scale).round() as u32);
    canvas.set_height((vh * scale).round() as u32);
    let ctx = canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    ctx.draw_image_with_html_video_element_and_dw_and_dh(
        video,
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    )
    .ok()?;
    encode_jpeg(&canvas, 0.8).await
}

/// The photo from a chosen file: decoded by the browser (so HEIC works where the browser reads
/// it), scaled down, encoded anew. `None` when this browser cannot decode the file.
pub async fn photo_from_file(file: &Blob) -> Option<Blob> {
    let window = web_sys::window()?;
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?)
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let (canvas, ctx) = sized_canvas(w, h)?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    )
    .ok()?;
    bitmap.close();
    to_jpeg(&canvas).await
}

/// The first `n` bytes of `file` (fewer if it is shorter): enough to tell its type by content.
pub async fn file_head(file: &Blob, n: i32) -> Option<Vec<u8>> {
    let head = file.slice_with_i32_and_i32(0, n).ok()?;
    let buffer = JsFuture::from(head.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A canvas for a `w` x `h` source, scaled so its long side is at most `MAX_PHOTO_SIDE`.
fn sized_canvas(w: f64, h: f64) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let scale = (MAX_PHOTO_SIDE / w.max(h)).min(1.0);
    let canvas = new_canvas()?;
    canvas.set_width((w * scale).round().max(1.0) as u32);
    canvas.set_height((h * scale).round().max(1.0) as u32);
    let ctx = canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    Some((canvas, ctx))
}

/// A canvas whose pixels are read back every frame: its context is asked to keep them on the
/// CPU side (`willReadFrequently`), which makes `getImageData` cheap.
pub fn reading_canvas() -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let canvas = new_canvas()?;
    let options = Object::new();
    let _ = Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE);
    let ctx = canvas
        .get_context_with_context_options("2d", &options)
        .ok()??
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    Some((canvas, ctx))
}

fn new_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()
}

/// The canvas as a JPEG under `MAX_PHOTO_BYTES`, at the best quality that fits.
async fn to_jpeg(canvas: &HtmlCanvasElement) -> Option<Blob> {
    let mut last = None;
    for quality in JPEG_QUALITIES {
        let blob = encode_jpeg(canvas, quality).await?;
        if blob.size() <= MAX_PHOTO_BYTES {
            return Some(blob);
        }
        last = Some(blob);
    }
    last
}

async fn encode_jpeg(canvas: &HtmlCanvasElement, quality: f64) -> Option<Blob> {
    let mut on_blob = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let ok = canvas
            .to_blob_with_type_and_encoder_options(
                callback.as_ref().unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(quality),
            )
            .is_ok();
        if ok {
            on_blob = Some(callback);
        }
    });
    on_blob.as_ref()?;
    let blob = JsFuture::from(promise).await.ok()?;
    drop(on_blob);
    blob.dyn_into::<Blob>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_is_card_shaped_and_centred() {
        let g = guide(640.0, 480.0);
        assert!((g.w / g.h - f64::from(CARD_ASPECT)).abs() < 1e-9);
        assert!((g.x * 2.0 + g.w - 640.0).abs() < 1e-9);
        assert!(g.h <= 480.0 * 0.9);
        // A wide, short frame: the height limits the guide.
        let g = guide(1920.0, 800.0);
        assert!(g.h <= 720.0 + 1e-9 && g.w < 1920.0 * GUIDE_WIDTH);
    }

    #[test]
    fn the_analysis_region_stays_in_the_frame() {
        for (w, h) in [
            (640.0, 480.0),
            (1080.0, 1920.0),
            (1920.0, 1080.0),
            (100.0, 1000.0),
        ] {
            let r = analysis_region(w, h);
            assert!(r.x >= 0.0 && r.y >= 0.0 && r.x + r.w <= w + 1e-9 && r.y + r.h <= h + 1e-9);
        }
    }
}
