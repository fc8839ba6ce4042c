//! What the selfie screen tells the user while they place their face: the verdict on one
//! analysed frame ([`judge`]), and the steadying of those verdicts over time ([`Guide`]), so the
//! message does not flicker and the challenge starts only on a face held in place.
//!
//! Geometry is in fractions of the analysed frame (the whole camera picture, 4:3 landscape on
//! most webcams, portrait on phones), so it does not depend on the analysis size. The oval the
//! screen draws is centred and 46 % of the frame's width: a face fills it at about 25 to 60 % of
//! the width.

/// One guidance code; `code()` is the stable name exposed as `data-guidance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guidance {
    Ok,
    NoFace,
    MultipleFaces,
    TooClose,
    TooFar,
    OffCentre,
    Dark,
}

impl Guidance {
    pub const ALL: [Guidance; 7] = [
        Guidance::Ok,
        Guidance::NoFace,
        Guidance::MultipleFaces,
        Guidance::TooClose,
        Guidance::TooFar,
        Guidance::OffCentre,
        Guidance::Dark,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Guidance::Ok => "ok",
            Guidance::NoFace => "no_face",
            Guidance::MultipleFaces => "multiple_faces",
            Guidance::TooClose => "too_close",
            Guidance::TooFar => "too_far",
            Guidance::OffCentre => "off_centre",
            Guidance::Dark => "dark",
        }
    }
}

/// A detected face as fractions of the frame: `x`, `y` of the top-left corner, `w`, `h` its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl FaceBox {
    /// From a detector's pixel box in a `width` x `height` frame; `None` for an empty frame.
    pub fn from_pixels(x: u32, y: u32, w: u32, h: u32, width: u32, height: u32) -> Option<FaceBox> {
        if width == 0 || height == 0 {
            return None;
        }
        let (fw, fh) = (width as f32, height as f32);
        Some(FaceBox {
            x: x as f32 / fw,
            y: y as f32 / fh,
            w: w as f32 / fw,
            h: h as f32 / fh,
        })
    }

    fn centre(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// Below this mean luma (0 to 255) the picture is too dark to judge or to use.
pub const DARK_LUMA: u8 = 45;
/// A face narrower than this share of the frame is too far away.
pub const MIN_FACE_WIDTH: f32 = 0.22;
/// A face wider than this share of the frame is too close.
pub const MAX_FACE_WIDTH: f32 = 0.62;
/// How far the face's centre may sit from the frame's centre, across and down.
pub const MAX_OFFSET_X: f32 = 0.12;
pub const MAX_OFFSET_Y: f32 = 0.15;
/// A second face counts when it is at least this share of the largest one's width: a face far
/// in the background, or a face on a poster, is then still reported.
pub const SECOND_FACE_SHARE: f32 = 0.5;

/// The verdict on one frame. Darkness comes first: in the dark the detector misses faces, and
/// "no face" would send the user looking for the wrong fix.
pub fn judge(faces: &[FaceBox], mean_luma: u8) -> Guidance {
    if mean_luma < DARK_LUMA {
        return Guidance::Dark;
    }
    let Some(largest) = faces
        .iter()
        .copied()
        .max_by(|a, b| (a.w * a.h).total_cmp(&(b.w * b.h)))
    else {
        return Guidance::NoFace;
    };
    let counted = faces
        .iter()
        .filter(|f| f.w >= largest.w * SECOND_FACE_SHARE)
        .count();
    if counted > 1 {
        return Guidance::MultipleFaces;
    }
    if largest.w > MAX_FACE_WIDTH {
        return Guidance::TooClose;
    }
    if largest.w < MIN_FACE_WIDTH {
        return Guidance::TooFar;
    }
    let (cx, cy) = largest.centre();
    if (cx - 0.5).abs() > MAX_OFFSET_X || (cy - 0.5).abs() > MAX_OFFSET_Y {
        return Guidance::OffCentre;
    }
    Guidance::Ok
}

/// How many verdicts in a row must agree before the message changes.
pub const STEADY: u32 = 2;
/// How many `ok` verdicts in a row start the challenge (about half a second at the analysis
/// rate the app reaches).
pub const READY_AFTER_OK: u32 = 3;
/// After this long without being ready, the screen offers to go on anyway: any detector misses
/// some faces (poor light, a head covering, a face it was not trained on), and the platform,
/// not the device, decides on the selfie.
pub const ANYWAY_AFTER_MS: f64 = 6_000.0;

/// The steadied guidance while the user places their face.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    shown: Option<Guidance>,
    candidate: Option<(Guidance, u32)>,
    ok_run: u32,
    started_ms: f64,
}

impl Guide {
    pub fn new(now_ms: f64) -> Guide {
        Guide {
            shown: None,
            candidate: None,
            ok_run: 0,
            started_ms: now_ms,
        }
    }

    /// Takes one frame's verdict; returns what the screen shows now. The first verdict is shown
    /// at once; after that a change needs [`STEADY`] agreeing verdicts.
    pub fn observe(&mut self, verdict: Guidance) -> Guidance {
        self.ok_run = if verdict == Guidance::Ok {
            self.ok_run + 1
        } else {
            0
        };
        let agreeing = match self.candidate {
            Some((g, n)) if g == verdict => n + 1,
            _ => 1,
        };
        self.candidate = Some((verdict, agreeing));
        if self.shown.is_none() || agreeing >= STEADY {
            self.shown = Some(verdict);
        }
        self.shown.unwrap_or(verdict)
    }

    pub fn shown(&self) -> Option<Guidance> {
        self.shown
    }

    /// The face has been in place long enough to start the challenge.
    pub fn ready(&self) -> bool {
        self.ok_run >= READY_AFTER_OK
    }

    /// Whether to offer starting without the guidance's blessing.
    pub fn offer_anyway(&self, now_ms: f64) -> bool {
        !self.ready() && now_ms - self.started_ms >= ANYWAY_AFTER_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(cx: f32, cy: f32, w: f32) -> FaceBox {
        FaceBox {
            x: cx - w / 2.0,
            y: cy - w * 0.75,
            w,
            h: w * 1.5,
        }
    }

    #[test]
    fn a_centred_face_at_arms_length_is_ok() {
        assert_eq!(judge(&[face(0.5, 0.5, 0.37)], 120), Guidance::Ok);
        assert_eq!(judge(&[face(0.6, 0.62, 0.3)], 120), Guidance::Ok);
    }

    #[test]
    fn each_problem_has_its_code() {
        assert_eq!(judge(&[], 120), Guidance::NoFace);
        assert_eq!(judge(&[face(0.5, 0.5, 0.37)], 20), Guidance::Dark);
        assert_eq!(judge(&[], 20), Guidance::Dark, "dark before no face");
        assert_eq!(judge(&[face(0.5, 0.5, 0.7)], 120), Guidance::TooClose);
        assert_eq!(judge(&[face(0.5, 0.5, 0.15)], 120), Guidance::TooFar);
        assert_eq!(judge(&[face(0.7, 0.5, 0.3)], 120), Guidance::OffCentre);
        assert_eq!(judge(&[face(0.5, 0.3, 0.3)], 120), Guidance::OffCentre);
        assert_eq!(
            judge(&[face(0.3, 0.5, 0.3), face(0.7, 0.5, 0.25)], 120),
            Guidance::MultipleFaces
        );
    }

    #[test]
    fn the_limits_are_inclusive_of_an_ok_face() {
        assert_eq!(judge(&[face(0.5, 0.5, MIN_FACE_WIDTH)], 120), Guidance::Ok);
        assert_eq!(judge(&[face(0.5, 0.5, MAX_FACE_WIDTH)], 120), Guidance::Ok);
        assert_eq!(
            judge(&[face(0.5 + MAX_OFFSET_X - 0.001, 0.5, 0.3)], 120),
            Guidance::Ok
        );
        assert_eq!(judge(&[face(0.5, 0.5, 0.3)], DARK_LUMA), Guidance::Ok);
        assert_eq!(judge(&[face(0.5, 0.5, 0.3)], DARK_LUMA - 1), Guidance::Dark);
    }

    #[test]
    fn a_small_second_face_does_not_count_but_a_comparable_one_does() {
        let main = face(0.5, 0.5, 0.4);
        assert_eq!(judge(&[main, face(0.1, 0.1, 0.1)], 120), Guidance::Ok);
        assert_eq!(
            judge(&[face(0.1, 0.1, 0.1), main], 120),
            Guidance::Ok,
            "order does not matter"
        );
        assert_eq!(
            judge(&[main, face(0.85, 0.2, 0.2)], 120),
            Guidance::MultipleFaces
        );
    }

    #[test]
    fn the_largest_face_is_the_one_judged() {
        // Placement is judged on the user's face, not on a small one in the background.
        assert_eq!(
            judge(&[face(0.9, 0.9, 0.12), face(0.5, 0.5, 0.7)], 120),
            Guidance::TooClose
        );
    }

    #[test]
    fn pixel_boxes_become_fractions() {
        let f = FaceBox::from_pixels(49, 25, 59, 59, 160, 120).unwrap();
        assert!((f.w - 0.369).abs() < 0.001 && (f.y - 0.2083).abs() < 0.001);
        assert_eq!(FaceBox::from_pixels(1, 1, 1, 1, 0, 120), None);
    }

    #[test]
    fn the_first_verdict_shows_at_once_then_changes_need_agreement() {
        let mut g = Guide::new(0.0);
        assert_eq!(g.shown(), None);
        assert_eq!(g.observe(Guidance::NoFace), Guidance::NoFace);
        // One stray frame does not change the message.
        assert_eq!(g.observe(Guidance::TooFar), Guidance::NoFace);
        assert_eq!(g.observe(Guidance::NoFace), Guidance::NoFace);
        assert_eq!(g.observe(Guidance::TooFar), Guidance::NoFace);
        assert_eq!(g.observe(Guidance::TooFar), Guidance::TooFar);
    }

    #[test]
    fn ready_needs_ok_frames_in_a_row() {
        let mut g = Guide::new(0.0);
        for _ in 0..READY_AFTER_OK - 1 {
            g.observe(Guidance::Ok);
        }
        assert!(!g.ready());
        g.observe(Guidance::OffCentre);
        for _ in 0..READY_AFTER_OK - 1 {
            g.observe(Guidance::Ok);
        }
        assert!(!g.ready(), "a bad frame starts the count again");
        g.observe(Guidance::Ok);
        assert!(g.ready());
        assert_eq!(g.shown(), Some(Guidance::Ok));
    }

    #[test]
    fn going_on_anyway_is_offered_after_a_while_unless_ready() {
        let mut g = Guide::new(1_000.0);
        assert!(!g.offer_anyway(1_000.0 + ANYWAY_AFTER_MS - 1.0));
        assert!(g.offer_anyway(1_000.0 + ANYWAY_AFTER_MS));
        for _ in 0..READY_AFTER_OK {
            g.observe(Guidance::Ok);
        }
        assert!(!g.offer_anyway(1_000_000.0));
    }

    #[test]
    fn codes_are_distinct() {
        let codes: std::collections::HashSet<_> = Guidance::ALL.iter().map(|g| g.code()).collect();
        assert_eq!(codes.len(), Guidance::ALL.len());
    }
}
