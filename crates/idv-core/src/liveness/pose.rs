//! What a frame shows of the head, and whether that meets a challenge step: the rules the
//! device's [`super::coach`] and the platform's [`super::burst`] share.
//!
//! Yaw is in degrees, measured on the camera's own (unmirrored) picture, which is what both the
//! face worker and the platform see: positive when the user turns to their left (the nose moves
//! to the picture's right), negative to their right. A front camera's preview is shown mirrored,
//! so on screen a user turning to their left sees their face turn to the screen's left, as in a
//! mirror; nothing here depends on how the preview is drawn.

use super::ChallengeStep;
use crate::face_guide::FaceBox;

/// One face a frame shows: where (fractions of the frame) and how the head is turned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeenFace {
    pub bbox: FaceBox,
    /// Degrees; positive: turned to the user's left.
    pub yaw: f32,
}

/// What the face detector saw in one frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Seen {
    /// Largest first.
    pub faces: Vec<SeenFace>,
    pub mean_luma: u8,
}

impl Seen {
    /// The largest face, where the frame shows any.
    pub fn main_face(&self) -> Option<SeenFace> {
        self.faces
            .iter()
            .copied()
            .max_by(|a, b| (a.bbox.w * a.bbox.h).total_cmp(&(b.bbox.w * b.bbox.h)))
    }

    /// Whether a second face is large enough to count as another person in front of the
    /// camera (a small face far behind, a picture on the wall, does not).
    pub fn has_second_face(&self) -> bool {
        let Some(main) = self.main_face() else {
            return false;
        };
        self.faces
            .iter()
            .filter(|f| f.bbox.w >= main.bbox.w * crate::face_guide::SECOND_FACE_SHARE)
            .count()
            > 1
    }
}

/// How strict a judge is: the device asks for a clear pose, the platform accepts a little less,
/// because it measures on other frames (the uploaded, larger ones) a moment later.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoseRule {
    /// "Look straight" holds while |yaw| is at most this.
    pub straight_max: f32,
    /// A turn holds once yaw, in the asked direction, is at least this.
    pub turn_min: f32,
}

/// What the device asks for. Smile ID's web client counts a turn at 13° (left) and 18°
/// (right); our estimate (from the ears and the nose) reads a real 30° turn as 20 to 35°.
pub const DEVICE: PoseRule = PoseRule {
    straight_max: 10.0,
    turn_min: 18.0,
};

/// What the platform accepts for a frame of a step.
pub const PLATFORM: PoseRule = PoseRule {
    straight_max: 15.0,
    turn_min: 12.0,
};

/// The direction of `step`'s turn: +1 for the user's left, -1 for their right, 0 for straight.
pub fn direction(step: ChallengeStep) -> f32 {
    match step {
        ChallengeStep::LookStraight => 0.0,
        ChallengeStep::TurnLeft => 1.0,
        ChallengeStep::TurnRight => -1.0,
    }
}

impl PoseRule {
    /// Whether a head turned by `yaw` meets `step`.
    pub fn meets(&self, step: ChallengeStep, yaw: f32) -> bool {
        match step {
            ChallengeStep::LookStraight => yaw.abs() <= self.straight_max,
            turn => yaw * direction(turn) >= self.turn_min,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChallengeStep::*;

    fn face(w: f32, yaw: f32) -> SeenFace {
        SeenFace {
            bbox: FaceBox {
                x: 0.5 - w / 2.0,
                y: 0.3,
                w,
                h: w,
            },
            yaw,
        }
    }

    #[test]
    fn turns_have_a_sign_and_straight_has_a_band() {
        assert!(DEVICE.meets(TurnLeft, 25.0));
        assert!(!DEVICE.meets(TurnLeft, -25.0));
        assert!(DEVICE.meets(TurnRight, -25.0));
        assert!(!DEVICE.meets(TurnRight, 25.0));
        assert!(!DEVICE.meets(TurnLeft, 12.0));
        assert!(PLATFORM.meets(TurnLeft, 12.0));
        assert!(DEVICE.meets(LookStraight, -9.0));
        assert!(!DEVICE.meets(LookStraight, 14.0));
        assert!(PLATFORM.meets(LookStraight, 14.0));
        // The platform never refuses what the device accepted.
        for yaw in (-60..=60).map(|y| y as f32) {
            for step in ChallengeStep::ALL {
                if DEVICE.meets(step, yaw) {
                    assert!(PLATFORM.meets(step, yaw), "{step:?} {yaw}");
                }
            }
        }
    }

    #[test]
    fn the_main_face_is_the_largest_and_small_ones_behind_do_not_count() {
        let seen = Seen {
            faces: vec![face(0.1, 0.0), face(0.4, 20.0)],
            mean_luma: 120,
        };
        assert_eq!(seen.main_face().unwrap().yaw, 20.0);
        assert!(!seen.has_second_face());
        let two = Seen {
            faces: vec![face(0.3, 0.0), face(0.35, 0.0)],
            mean_luma: 120,
        };
        assert!(two.has_second_face());
        assert_eq!(Seen::default().main_face(), None);
        assert!(!Seen::default().has_second_face());
    }
}
