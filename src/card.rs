//! Where the preview's analysis found the ID card, in the two forms the app uses: the outline
//! drawn over the preview (in the camera picture's pixels) and the `corners` field the ID
//! photo's upload carries (fractions of the photo, checked the way the platform checks them).
//! Pure, tested natively.
//!
//! The analysis buffer and the uploaded photo are the same region of the camera picture (the
//! guide grown by its margin, `browser::frames::analysis_region`), so the core's fractions of
//! the buffer are fractions of the photo as they are, and become picture pixels through that
//! region. The overlay is an SVG whose `viewBox` is the picture and whose `preserveAspectRatio`
//! is [`FIT`], the SVG twin of the video's `object-fit: contain` (style/main.css): the browser
//! scales and letterboxes both alike, so a point of the picture lands on the same screen pixel
//! in both.

use crate::browser::frames::{analysis_region, Rect};
use idv_core::quality::{CardBox, Corners, Guidance, Metrics, Point};

/// The overlay's `preserveAspectRatio`: scale to fit, centred, as `object-fit: contain` does.
pub const FIT: &str = "xMidYMid meet";

/// The card's quadrilateral in a frame's metrics: its corners when the whole card is in the
/// frame, otherwise the corners of its bounding box (a cut-off card shows where it runs out).
/// Clockwise from the top-left, in fractions of the analysis buffer. `None` without a card.
pub fn found_quad(m: &Metrics) -> Option<Corners> {
    quad_of(m.document.then_some(m.card).flatten(), m.corners)
}

/// The quadrilateral of a card's bounding box and corners: the corners, or else the box's.
pub fn quad_of(card: Option<CardBox>, corners: Option<Corners>) -> Option<Corners> {
    corners.or_else(|| card.map(|b| box_corners(&b)))
}

fn box_corners(b: &CardBox) -> Corners {
    [
        Point {
            x: b.left,
            y: b.top,
        },
        Point {
            x: b.right,
            y: b.top,
        },
        Point {
            x: b.right,
            y: b.bottom,
        },
        Point {
            x: b.left,
            y: b.bottom,
        },
    ]
}

/// Fractions of the analysis `region` as pixels of the camera picture the region was cut from.
pub fn to_picture(quad: &Corners, region: Rect) -> [(f64, f64); 4] {
    quad.map(|p| {
        (
            region.x + f64::from(p.x) * region.w,
            region.y + f64::from(p.y) * region.h,
        )
    })
}

/// The outline over the preview: what the analysis of one frame found, and its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// The frame's verdict; its code names the outline's look (`card-outline--<code>`).
    pub guidance: Guidance,
    /// The card's corners in the camera picture's pixels, clockwise from the top-left.
    pub points: [(f64, f64); 4],
    /// The camera picture's size: the overlay's `viewBox`.
    pub picture: (f64, f64),
}

impl Outline {
    /// The outline of a frame of a `width` x `height` camera picture, analysed as `m` and judged
    /// `guidance`; `None` when there is nothing to outline (no card, or judged without one).
    pub fn of_frame(m: &Metrics, guidance: Guidance, width: f64, height: f64) -> Option<Outline> {
        Outline::of_quad(found_quad(m), guidance, width, height)
    }

    /// The outline of the card quadrilateral `quad` (fractions of the analysis buffer) found in
    /// a `width` x `height` camera picture judged `guidance`.
    pub fn of_quad(
        quad: Option<Corners>,
        guidance: Guidance,
        width: f64,
        height: f64,
    ) -> Option<Outline> {
        if guidance == Guidance::NoDocument || width <= 0.0 || height <= 0.0 {
            return None;
        }
        let quad = quad?;
        Some(Outline {
            guidance,
            points: to_picture(&quad, analysis_region(width, height)),
            picture: (width, height),
        })
    }

    /// The `points` attribute of the SVG polygon.
    pub fn points_attr(&self) -> String {
        self.points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The overlay's `viewBox`: the whole camera picture.
    pub fn view_box(&self) -> String {
        let (w, h) = self.picture;
        format!("0 0 {w} {h}")
    }
}

/// The card's corners as the ID photo's upload sends them (the multipart field `corners`),
/// made and checked by the core's rule, which is also the platform's.
pub use idv_core::corners::PhotoCorners;

/// The member a kept ID photo's record carries its corners in, beside the core's fields (the
/// core's reader ignores members it does not know).
const KEPT_MEMBER: &str = "corners";

/// A kept record's text (`idv_core::kept::encode`) with the photo's corners added, so a photo
/// sent again after a failure or a reload carries them too.
pub fn kept_text_with(record: &str, corners: Option<&PhotoCorners>) -> String {
    match (corners, record.strip_prefix('{')) {
        (Some(c), Some(rest)) => format!("{{\"{KEPT_MEMBER}\":{},{rest}", c.to_json()),
        _ => record.to_owned(),
    }
}

/// The corners a kept record's text carries, checked again; `None` without (a chosen file's
/// photo, a record from before corners were kept).
pub fn kept_corners(record: &str) -> Option<PhotoCorners> {
    #[derive(serde::Deserialize)]
    struct Extra {
        #[serde(default)]
        corners: Option<[[f64; 2]; 4]>,
    }
    let extra: Extra = serde_json::from_str(record).ok()?;
    PhotoCorners::from_points(extra.corners?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use idv_core::kept::{self, Kept, KeptKind, KeptPart};

    fn pt(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    const BOX: CardBox = CardBox {
        left: 0.1,
        top: 0.2,
        right: 0.9,
        bottom: 0.8,
    };

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3
    }

    #[test]
    fn the_quad_is_the_corners_or_else_the_box() {
        let quad = [pt(0.1, 0.2), pt(0.9, 0.25), pt(0.85, 0.8), pt(0.12, 0.75)];
        assert_eq!(quad_of(Some(BOX), Some(quad)), Some(quad));
        // Cut off: no corners, the bounding box stands in, clockwise from the top-left.
        assert_eq!(
            quad_of(Some(BOX), None),
            Some([pt(0.1, 0.2), pt(0.9, 0.2), pt(0.9, 0.8), pt(0.1, 0.8)])
        );
        assert_eq!(quad_of(None, None), None);
    }

    #[test]
    fn buffer_fractions_land_on_the_analysis_region_of_the_picture() {
        // The fake camera's 640 x 480 picture: the guide (512 x 322.9 at 64, 78.6) grown by 8%
        // on each side is the region the buffer and the photo hold.
        let region = analysis_region(640.0, 480.0);
        let whole = [pt(0.0, 0.0), pt(1.0, 0.0), pt(1.0, 1.0), pt(0.0, 1.0)];
        let p = to_picture(&whole, region);
        assert!(close(p[0], (region.x, region.y)), "{p:?}");
        assert!(
            close(p[2], (region.x + region.w, region.y + region.h)),
            "{p:?}"
        );
        assert!(close(p[0], (23.04, 52.735)), "{region:?}");
        assert!(close(p[2], (616.96, 427.265)), "{region:?}");
        // The guide itself, seen from the buffer, is inset by margin / (1 + 2 margin).
        let m = idv_core::quality::GUIDE_MARGIN / (1.0 + 2.0 * idv_core::quality::GUIDE_MARGIN);
        let guide = crate::browser::frames::guide(640.0, 480.0);
        let p = to_picture(
            &[
                pt(m, m),
                pt(1.0 - m, m),
                pt(1.0 - m, 1.0 - m),
                pt(m, 1.0 - m),
            ],
            region,
        );
        assert!(close(p[0], (guide.x, guide.y)), "{p:?} {guide:?}");
        assert!(
            close(p[2], (guide.x + guide.w, guide.y + guide.h)),
            "{p:?} {guide:?}"
        );
        // A portrait picture (a phone held upright): the same fractions, its own region.
        let region = analysis_region(720.0, 1280.0);
        let p = to_picture(&[pt(0.5, 0.5); 4], region);
        assert!(close(p[0], (360.0, 640.0)), "{p:?}");
    }

    #[test]
    fn the_outline_follows_the_verdict_and_needs_a_card() {
        let quad = [pt(0.1, 0.1), pt(0.9, 0.1), pt(0.9, 0.9), pt(0.1, 0.9)];
        let m = Some(quad);
        let o = Outline::of_quad(m, Guidance::Glare, 640.0, 480.0).expect("an outline");
        assert_eq!(o.guidance, Guidance::Glare);
        assert_eq!(o.view_box(), "0 0 640 480");
        assert_eq!(o.points_attr().split(' ').count(), 4);
        assert!(
            o.points_attr().starts_with("82.4,90.2 "),
            "{}",
            o.points_attr()
        );
        assert_eq!(
            Outline::of_quad(m, Guidance::NoDocument, 640.0, 480.0),
            None
        );
        assert_eq!(Outline::of_quad(None, Guidance::TooFar, 640.0, 480.0), None);
        assert_eq!(Outline::of_quad(m, Guidance::Ok, 0.0, 0.0), None);
        // A cut-off card is outlined by its box.
        let cut = quad_of(Some(BOX), None);
        let o = Outline::of_quad(cut, Guidance::CutOff, 640.0, 480.0).expect("an outline");
        assert_eq!(o.points[0].1, o.points[1].1);
    }

    #[test]
    fn corners_are_sent_as_four_clockwise_fractions_with_four_decimals() {
        let c = PhotoCorners::from_found(&[
            pt(0.081_234_5, 0.1),
            pt(0.918_76, 0.1),
            pt(0.918_76, 0.9),
            pt(0.081_234_5, 0.9),
        ])
        .expect("a card");
        assert_eq!(
            c.to_json(),
            "[[0.0812,0.1],[0.9188,0.1],[0.9188,0.9],[0.0812,0.9]]"
        );
        assert_eq!(PhotoCorners::parse(&c.to_json()), Ok(c));
        let whole = PhotoCorners::from_points([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
        assert_eq!(whole.unwrap().to_json(), "[[0,0],[1,0],[1,1],[0,1]]");
        // The platform's limit on the field's length, with room to spare.
        let longest = PhotoCorners::from_points([
            [0.1111, 0.1111],
            [0.8888, 0.1212],
            [0.8787, 0.8888],
            [0.1313, 0.8787],
        ])
        .unwrap();
        assert!(longest.to_json().len() < 256);
    }

    #[test]
    fn corners_are_clamped_into_the_photo_and_put_clockwise() {
        // A corner a hair outside the photo (the detector extrapolates a line) is clamped.
        let c = PhotoCorners::from_points([[-0.01, -0.002], [1.03, 0.0], [1.0, 1.2], [0.0, 1.0]])
            .unwrap();
        assert_eq!(c.points(), [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
        // Listed the other way round: the top-left stays first, the rest go clockwise.
        let c =
            PhotoCorners::from_points([[0.1, 0.1], [0.1, 0.9], [0.9, 0.9], [0.9, 0.1]]).unwrap();
        assert_eq!(c.points(), [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]]);
        assert!(c.area() > 0.6);
    }

    #[test]
    fn what_the_platform_would_refuse_is_not_sent() {
        let refused: &[[[f64; 2]; 4]] = &[
            // Edges crossing (a bow tie).
            [[0.1, 0.1], [0.9, 0.9], [0.9, 0.1], [0.1, 0.9]],
            // A corner bent inwards.
            [[0.1, 0.1], [0.9, 0.1], [0.5, 0.4], [0.1, 0.9]],
            // Three on a line; two in one place.
            [[0.1, 0.1], [0.5, 0.1], [0.9, 0.1], [0.1, 0.9]],
            [[0.1, 0.1], [0.1, 0.1], [0.9, 0.9], [0.1, 0.9]],
            // A speck: 5% x 5% of the photo.
            [[0.5, 0.5], [0.55, 0.5], [0.55, 0.55], [0.5, 0.55]],
            // Wholly outside: clamped onto one edge, nothing left.
            [[1.2, 0.1], [1.5, 0.1], [1.5, 0.9], [1.2, 0.9]],
            [[f64::NAN, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]],
        ];
        for points in refused {
            assert_eq!(PhotoCorners::from_points(*points), None, "{points:?}");
        }
        assert!(PhotoCorners::parse("[[0,0],[1,0],[1,1]]").is_err());
        assert!(PhotoCorners::parse("not json").is_err());
    }

    fn record() -> Kept {
        Kept {
            session_id: "123456789".into(),
            kind: KeptKind::DocumentFront,
            key: "0123456789abcdef".into(),
            name: "document-front.jpg".into(),
            pages: None,
            liveness: None,
            parts: vec![KeptPart {
                mime: "image/jpeg".into(),
                step: None,
                bytes: vec![0xFF, 0xD8, 0xFF, 1, 2, 3],
            }],
        }
    }

    #[test]
    fn a_kept_photo_carries_its_corners_and_stays_a_sound_record() {
        let corners =
            PhotoCorners::from_points([[0.1, 0.1], [0.9, 0.12], [0.88, 0.9], [0.1, 0.88]]);
        let text = kept_text_with(&kept::encode(&record()), corners.as_ref());
        assert!(text.starts_with("{\"corners\":[[0.1,0.1],"), "{text}");
        // The core reads the record as before: the member is beside its fields.
        assert_eq!(kept::decode(&text), Some(record()));
        assert_eq!(kept_corners(&text), corners);
        // Without corners (a chosen file), or from before they were kept: none.
        let plain = kept_text_with(&kept::encode(&record()), None);
        assert_eq!(plain, kept::encode(&record()));
        assert_eq!(kept_corners(&plain), None);
        // Edited in the store into something the platform would refuse: dropped, photo kept.
        let bad = text.replacen("[[0.1,0.1],", "[[0.9,0.9],", 1);
        assert_eq!(kept_corners(&bad), None);
        assert_eq!(kept::decode(&bad), Some(record()));
    }
}
