//! What the platform sees in a liveness frame: the frame decoded (JPEG or PNG), the app's own
//! face detector and head-yaw estimate run on it (`idv_face::blazeface`, the same code the face
//! worker runs in the browser), and a small luma thumbnail to tell copies apart. The judging is
//! the core's (`idv_core::liveness::burst`).

use idv_core::face_guide::FaceBox;
use idv_core::liveness::burst::THUMB_SIDE;
use idv_core::liveness::pose::{Seen, SeenFace};
use idv_core::media::ImageFormat;
use idv_face::blazeface::Detector;

/// A decoded frame: RGB, 3 bytes a pixel.
struct Rgb {
    px: Vec<u8>,
    width: usize,
    height: usize,
}

/// The detector, loaded once per burst (parsing the model takes a few milliseconds).
pub struct Looker {
    detector: Option<Detector>,
}

impl Looker {
    pub fn new() -> Looker {
        let detector = Detector::new()
            .map_err(|e| tracing::error!("the face model does not load: {e}"))
            .ok();
        Looker { detector }
    }

    /// What `bytes` (already checked by `inspect_image` as `format`) shows: `None` for a frame
    /// that cannot be decoded here (HEIC, WebP), which the burst check counts as showing no face.
    pub fn look(&mut self, bytes: &[u8], format: ImageFormat) -> (Option<Seen>, Vec<u8>) {
        let Some(image) = decode(bytes, format) else {
            return (None, Vec::new());
        };
        let thumb = thumbnail(&image);
        let Some(detector) = self.detector.as_mut() else {
            return (None, thumb);
        };
        let Ok(faces) = detector.detect(&image.px, image.width, image.height) else {
            return (None, thumb);
        };
        let (w, h) = (image.width as f32, image.height as f32);
        let mut faces: Vec<SeenFace> = faces
            .iter()
            .map(|f| {
                let [x, y, fw, fh] = f.bbox;
                SeenFace {
                    bbox: FaceBox {
                        x: x / w,
                        y: y / h,
                        w: fw / w,
                        h: fh / h,
                    },
                    yaw: f.yaw(),
                }
            })
            .collect();
        faces.sort_by(|a, b| (b.bbox.w * b.bbox.h).total_cmp(&(a.bbox.w * a.bbox.h)));
        let sum: u64 = image.px.chunks_exact(3).map(|p| u64::from(luma(p))).sum();
        let mean_luma = (sum / (image.width * image.height).max(1) as u64) as u8;
        (Some(Seen { faces, mean_luma }), thumb)
    }
}

impl Default for Looker {
    fn default() -> Self {
        Looker::new()
    }
}

fn luma(p: &[u8]) -> u8 {
    ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
}

fn decode(bytes: &[u8], format: ImageFormat) -> Option<Rgb> {
    match format {
        ImageFormat::Jpeg => decode_jpeg(bytes),
        ImageFormat::Png => decode_png(bytes),
        ImageFormat::Heic | ImageFormat::Webp => None,
    }
}

fn decode_jpeg(bytes: &[u8]) -> Option<Rgb> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(idv_core::liveness::MAX_FRAME_SIDE as usize)
        .set_max_height(idv_core::liveness::MAX_FRAME_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let px = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (width, height) = (usize::from(info.width), usize::from(info.height));
    (px.len() == width * height * 3).then_some(Rgb { px, width, height })
}

fn decode_png(bytes: &[u8]) -> Option<Rgb> {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).ok()?;
    let (width, height) = (info.width as usize, info.height as usize);
    let samples = info.color_type.samples();
    let px = buf
        .get(..width * height * samples)?
        .chunks_exact(samples)
        .flat_map(|p| match samples {
            1 | 2 => [p[0]; 3],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    Some(Rgb { px, width, height })
}

/// The frame's luma, averaged into `THUMB_SIDE` x `THUMB_SIDE` cells.
fn thumbnail(image: &Rgb) -> Vec<u8> {
    let mut sums = vec![(0u32, 0u32); THUMB_SIDE * THUMB_SIDE];
    for y in 0..image.height {
        let ty = y * THUMB_SIDE / image.height;
        for x in 0..image.width {
            let tx = x * THUMB_SIDE / image.width;
            let cell = &mut sums[ty * THUMB_SIDE + tx];
            cell.0 += u32::from(luma(&image.px[(y * image.width + x) * 3..]));
            cell.1 += 1;
        }
    }
    sums.iter().map(|&(s, n)| (s / n.max(1)) as u8).collect()
}
