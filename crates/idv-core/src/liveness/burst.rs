//! The platform's check of an uploaded burst: did the frames show one live face following the
//! challenge? The sandbox runs the face detector on every stored frame and hands the findings
//! here; this judges them, in this order (the first fault found is the verdict):
//!
//! 1. `no_face`: a step where fewer than half the frames show a face;
//! 2. `multiple_faces`: two or more frames show a second face of a person's size;
//! 3. `still_image`: frames that are copies of each other: half or more of the consecutive
//!    pairs nearly identical, or any two frames of different steps nearly identical (a head that
//!    turned cannot give the same picture twice);
//! 4. `challenge_not_followed`: the face is not one person-sized face moving smoothly (a jump in
//!    position or size between frames, a face too small to be the user's), or a step where fewer
//!    than [`POSE_SHARE`] of the frames show its pose (turns with the right sign).
//!
//! This checks that a capture followed the challenge. It is not presentation-attack detection:
//! a video of the user turning their head, a good mask or a deepfake stream meets it.

use super::pose::{Seen, PLATFORM};
use super::ChallengeStep;

/// The side of the luma thumbnail compared between frames.
pub const THUMB_SIDE: usize = 32;
/// Mean absolute difference (0-255 levels) under which two thumbnails are copies. A live
/// camera's noise alone stays under it once averaged into a thumbnail, so it is only applied
/// together with the rules above (half the pairs, or frames of different poses).
pub const STILL_DIFF: f32 = 0.75;
/// The share of a step's frames that must show its pose.
pub const POSE_SHARE: f32 = 0.6;
/// The smallest face (fraction of the frame's width) counted as the user's own.
pub const MIN_FACE_WIDTH: f32 = 0.12;
/// How far (fractions of the frame's width) the face's centre may move between two frames of
/// one step, and between the last frame of a step and the first of the next (the user turned in
/// between).
const MAX_JUMP_IN_STEP: f32 = 0.15;
const MAX_JUMP_ACROSS: f32 = 0.3;
/// How much the face's width may change between two frames (ratio), within and across steps.
const MAX_SCALE_IN_STEP: f32 = 1.4;
const MAX_SCALE_ACROSS: f32 = 1.8;

/// One stored frame as the platform saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstFrame {
    pub step: ChallengeStep,
    /// `None`: the frame could not be read (a format the platform does not decode).
    pub seen: Option<Seen>,
    /// `THUMB_SIDE`² luma samples of the whole frame (empty when unread).
    pub thumb: Vec<u8>,
}

/// Why a burst fails; `code()` is the check's `error_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BurstFailure {
    NoFace,
    MultipleFaces,
    StillImage,
    ChallengeNotFollowed,
}

impl BurstFailure {
    pub fn code(self) -> &'static str {
        match self {
            BurstFailure::NoFace => "no_face",
            BurstFailure::MultipleFaces => "multiple_faces",
            BurstFailure::StillImage => "still_image",
            BurstFailure::ChallengeNotFollowed => "challenge_not_followed",
        }
    }
}

/// The verdict and what it rests on (for the session's events).
#[derive(Debug, Clone, PartialEq)]
pub struct BurstReport {
    pub failure: Option<BurstFailure>,
    /// Each step's median yaw over the frames showing a face (`None`: no face in the step).
    pub yaw_by_step: Vec<(ChallengeStep, Option<f32>)>,
}

impl BurstReport {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }

    /// One line for the event log: `passed` or `failed <code>`, and the yaws.
    pub fn summary(&self) -> String {
        let verdict = match self.failure {
            None => "passed".to_owned(),
            Some(f) => format!("failed {}", f.code()),
        };
        let yaws: Vec<String> = self
            .yaw_by_step
            .iter()
            .map(|(s, y)| match y {
                Some(y) => format!("{} {y:.0}°", s.code()),
                None => format!("{} no face", s.code()),
            })
            .collect();
        format!("{verdict} ({})", yaws.join(", "))
    }
}

/// Judges `frames`, which already follow `challenge` step by step (`check_frames`).
pub fn judge(challenge: &[ChallengeStep], frames: &[BurstFrame]) -> BurstReport {
    let yaw_by_step = challenge
        .iter()
        .map(|&step| {
            let mut yaws: Vec<f32> = frames
                .iter()
                .filter(|f| f.step == step)
                .filter_map(|f| f.seen.as_ref()?.main_face().map(|face| face.yaw))
                .collect();
            yaws.sort_by(f32::total_cmp);
            (step, yaws.get(yaws.len() / 2).copied())
        })
        .collect();
    BurstReport {
        failure: failure(challenge, frames),
        yaw_by_step,
    }
}

fn failure(challenge: &[ChallengeStep], frames: &[BurstFrame]) -> Option<BurstFailure> {
    let of_step = |step| frames.iter().filter(move |f: &&BurstFrame| f.step == step);
    let with_face = |f: &BurstFrame| f.seen.as_ref().and_then(Seen::main_face).is_some();
    if frames.is_empty()
        || challenge.iter().any(|&s| {
            let n = of_step(s).count();
            n == 0 || of_step(s).filter(|f| with_face(f)).count() * 2 < n
        })
    {
        return Some(BurstFailure::NoFace);
    }
    let crowded = frames
        .iter()
        .filter(|f| f.seen.as_ref().is_some_and(Seen::has_second_face))
        .count();
    if crowded >= 2 {
        return Some(BurstFailure::MultipleFaces);
    }
    if still(frames) {
        return Some(BurstFailure::StillImage);
    }
    if !smooth(frames) {
        return Some(BurstFailure::ChallengeNotFollowed);
    }
    let posed = |s: ChallengeStep| {
        let n = of_step(s).count();
        let met = of_step(s)
            .filter(|f| {
                f.seen
                    .as_ref()
                    .and_then(Seen::main_face)
                    .is_some_and(|face| PLATFORM.meets(s, face.yaw))
            })
            .count();
        met as f32 >= POSE_SHARE * n as f32
    };
    if !challenge.iter().all(|&s| posed(s)) {
        return Some(BurstFailure::ChallengeNotFollowed);
    }
    None
}

/// Mean absolute difference of two thumbnails; `None` if either is missing.
fn difference(a: &[u8], b: &[u8]) -> Option<f32> {
    if a.len() != THUMB_SIDE * THUMB_SIDE || b.len() != a.len() {
        return None;
    }
    let sum: u32 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| u32::from(x.abs_diff(y)))
        .sum();
    Some(sum as f32 / a.len() as f32)
}

fn still(frames: &[BurstFrame]) -> bool {
    let pairs: Vec<Option<f32>> = frames
        .windows(2)
        .map(|w| difference(&w[0].thumb, &w[1].thumb))
        .collect();
    let copies = pairs.iter().flatten().filter(|&&d| d < STILL_DIFF).count();
    if !pairs.is_empty() && copies * 2 >= pairs.len() {
        return true;
    }
    frames.iter().enumerate().any(|(i, a)| {
        frames[i + 1..].iter().any(|b| {
            a.step != b.step && difference(&a.thumb, &b.thumb).is_some_and(|d| d < STILL_DIFF)
        })
    })
}

fn smooth(frames: &[BurstFrame]) -> bool {
    let faces: Vec<(ChallengeStep, crate::face_guide::FaceBox)> = frames
        .iter()
        .filter_map(|f| Some((f.step, f.seen.as_ref()?.main_face()?.bbox)))
        .collect();
    if faces.iter().any(|(_, b)| b.w < MIN_FACE_WIDTH) {
        return false;
    }
    faces.windows(2).all(|w| {
        let ((s0, a), (s1, b)) = (w[0], w[1]);
        let (jump, scale) = if s0 == s1 {
            (MAX_JUMP_IN_STEP, MAX_SCALE_IN_STEP)
        } else {
            (MAX_JUMP_ACROSS, MAX_SCALE_ACROSS)
        };
        let (ax, ay) = (a.x + a.w / 2.0, a.y + a.h / 2.0);
        let (bx, by) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
        let moved = ((ax - bx).powi(2) + (ay - by).powi(2)).sqrt();
        let ratio = (a.w / b.w).max(b.w / a.w);
        moved <= jump && ratio <= scale
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face_guide::FaceBox;
    use crate::liveness::challenge_from;
    use crate::liveness::pose::{direction, SeenFace};
    use ChallengeStep::*;

    fn face(cx: f32, w: f32, yaw: f32) -> SeenFace {
        SeenFace {
            bbox: FaceBox {
                x: cx - w / 2.0,
                y: 0.3,
                w,
                h: w * 1.2,
            },
            yaw,
        }
    }

    /// A thumbnail that differs frame to frame (a live scene).
    fn thumb(i: usize) -> Vec<u8> {
        (0..THUMB_SIDE * THUMB_SIDE)
            .map(|p| ((p * 7 + i * 13) % 200) as u8)
            .collect()
    }

    fn frame(step: ChallengeStep, faces: Vec<SeenFace>, i: usize) -> BurstFrame {
        BurstFrame {
            step,
            seen: Some(Seen {
                faces,
                mean_luma: 120,
            }),
            thumb: thumb(i),
        }
    }

    /// Five frames a step, the head at `yaw(step)`, moving a little.
    fn burst(
        challenge: &[ChallengeStep],
        yaw: impl Fn(ChallengeStep, usize) -> f32,
    ) -> Vec<BurstFrame> {
        let mut out = Vec::new();
        for &s in challenge {
            for k in 0..5 {
                let i = out.len();
                let cx = 0.5 + 0.02 * direction(s) + 0.003 * k as f32;
                out.push(frame(s, vec![face(cx, 0.35, yaw(s, k))], i));
            }
        }
        out
    }

    fn turning(s: ChallengeStep, _: usize) -> f32 {
        direction(s) * 25.0
    }

    #[test]
    fn a_turning_head_passes_in_either_order() {
        for seed in [0, 1] {
            let c = challenge_from(seed);
            let report = judge(&c, &burst(&c, turning));
            assert_eq!(report.failure, None, "{report:?}");
            assert!(report.passed());
            assert!(
                report.summary().starts_with("passed"),
                "{}",
                report.summary()
            );
        }
    }

    #[test]
    fn a_few_frames_off_pose_are_tolerated_but_not_most() {
        let c = challenge_from(0);
        // Two of five frames of each turn still on the way.
        let report = judge(
            &c,
            &burst(&c, |s, k| if k < 2 { 0.0 } else { turning(s, k) }),
        );
        assert!(report.passed(), "{report:?}");
        let report = judge(
            &c,
            &burst(&c, |s, k| if k < 3 { 0.0 } else { turning(s, k) }),
        );
        assert_eq!(report.failure, Some(BurstFailure::ChallengeNotFollowed));
    }

    #[test]
    fn a_face_that_never_turns_or_turns_the_wrong_way_did_not_follow() {
        let c = challenge_from(0);
        let report = judge(&c, &burst(&c, |_, _| 2.0));
        assert_eq!(report.failure, Some(BurstFailure::ChallengeNotFollowed));
        assert_eq!(report.failure.unwrap().code(), "challenge_not_followed");
        // The turns in the other order: each step's frames show the other turn.
        let report = judge(&c, &burst(&c, |s, k| -turning(s, k)));
        assert_eq!(report.failure, Some(BurstFailure::ChallengeNotFollowed));
        assert!(
            report.summary().contains("turn_left -25°"),
            "{}",
            report.summary()
        );
    }

    #[test]
    fn identical_frames_are_a_still_image() {
        let c = challenge_from(1);
        let mut frames = burst(&c, turning);
        for f in &mut frames {
            f.thumb = thumb(0);
        }
        assert_eq!(judge(&c, &frames).failure, Some(BurstFailure::StillImage));
        // One straight frame reused as a turn.
        let mut frames = burst(&c, turning);
        frames[14].thumb = frames[0].thumb.clone();
        assert_eq!(judge(&c, &frames).failure, Some(BurstFailure::StillImage));
        // Repeats within a step only (a user holding very still) are not.
        let mut frames = burst(&c, turning);
        frames[1].thumb = frames[0].thumb.clone();
        assert_eq!(judge(&c, &frames).failure, None);
    }

    #[test]
    fn no_face_and_unreadable_frames() {
        let c = challenge_from(0);
        let mut frames = burst(&c, turning);
        for f in frames.iter_mut().filter(|f| f.step == TurnRight).take(3) {
            f.seen = Some(Seen::default());
        }
        assert_eq!(judge(&c, &frames).failure, Some(BurstFailure::NoFace));
        let mut frames = burst(&c, turning);
        for f in &mut frames {
            f.seen = None;
            f.thumb.clear();
        }
        let report = judge(&c, &frames);
        assert_eq!(report.failure, Some(BurstFailure::NoFace));
        assert!(report.summary().contains("look_straight no face"));
        assert_eq!(judge(&c, &[]).failure, Some(BurstFailure::NoFace));
        // A step with no frames at all (not possible after check_frames, judged anyway).
        let only_straight: Vec<_> = burst(&c, turning).into_iter().take(5).collect();
        assert_eq!(
            judge(&c, &only_straight).failure,
            Some(BurstFailure::NoFace)
        );
    }

    #[test]
    fn two_people_are_multiple_faces_but_one_stray_frame_is_not() {
        let c = challenge_from(0);
        let mut frames = burst(&c, turning);
        let second = face(0.85, 0.3, 0.0);
        frames[3].seen.as_mut().unwrap().faces.push(second);
        assert_eq!(judge(&c, &frames).failure, None);
        frames[9].seen.as_mut().unwrap().faces.push(second);
        assert_eq!(
            judge(&c, &frames).failure,
            Some(BurstFailure::MultipleFaces)
        );
    }

    #[test]
    fn a_jumping_or_tiny_face_did_not_follow() {
        let c = challenge_from(0);
        let mut frames = burst(&c, turning);
        // A different face spliced in mid-step.
        frames[7].seen.as_mut().unwrap().faces[0].bbox.x += 0.3;
        assert_eq!(
            judge(&c, &frames).failure,
            Some(BurstFailure::ChallengeNotFollowed)
        );
        let mut frames = burst(&c, turning);
        frames[12].seen.as_mut().unwrap().faces[0] = face(0.5, 0.2, 25.0);
        assert_eq!(
            judge(&c, &frames).failure,
            Some(BurstFailure::ChallengeNotFollowed)
        );
        let mut frames = burst(&c, turning);
        for f in &mut frames {
            let face = &mut f.seen.as_mut().unwrap().faces[0];
            face.bbox.w = 0.08;
        }
        assert_eq!(
            judge(&c, &frames).failure,
            Some(BurstFailure::ChallengeNotFollowed)
        );
        // Moving further between steps (the user turned in between) is fine.
        let mut frames = burst(&c, turning);
        for f in frames.iter_mut().filter(|f| f.step != LookStraight) {
            f.seen.as_mut().unwrap().faces[0].bbox.x += 0.2;
        }
        assert_eq!(judge(&c, &frames).failure, None);
    }
}
