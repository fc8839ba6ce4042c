//! The selfie liveness challenge: which head poses are asked for, in what order, and whether an
//! uploaded burst of frames follows it. Pure: the seed comes from the caller (the sandbox draws
//! it from the operating system's random source).
//!
//! A challenge is always `look_straight` first, then `turn_left` and `turn_right` in an order
//! chosen by the seed's lowest bit (`0`: left then right; `1`: right then left). Each step takes
//! between [`FRAMES_PER_STEP_MIN`] and [`FRAMES_PER_STEP_MAX`] frames, sent in challenge order.

pub mod burst;
pub mod coach;
pub mod pose;

use crate::media::{Limits, MAX_PIXELS};
use serde::{Deserialize, Serialize};

/// The fewest frames a challenge step may have.
pub const FRAMES_PER_STEP_MIN: usize = 3;
/// The most frames a challenge step may have.
pub const FRAMES_PER_STEP_MAX: usize = 8;
/// How many frames per step the client is asked to capture (between the two limits).
pub const FRAMES_PER_STEP: usize = 5;
/// One frame's largest size in bytes (a downscaled JPEG of a face is far smaller).
pub const MAX_FRAME_BYTES: usize = 400 * 1024;
/// A frame's short side must be at least this many pixels.
pub const MIN_FRAME_SIDE: u32 = 240;
/// A frame's long side may be at most this many pixels.
pub const MAX_FRAME_SIDE: u32 = 4096;
/// How long a started liveness may be completed, in seconds.
pub const LIVENESS_TTL_S: u32 = 300;

/// What `idv_core::media::inspect_image` allows for one liveness frame.
pub const FRAME_LIMITS: Limits = Limits {
    max_bytes: MAX_FRAME_BYTES,
    max_pixels: MAX_PIXELS,
    max_side: MAX_FRAME_SIDE,
    min_short_side: MIN_FRAME_SIDE,
};

/// One pose of the challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStep {
    LookStraight,
    TurnLeft,
    TurnRight,
}

impl ChallengeStep {
    pub const ALL: [ChallengeStep; 3] = [
        ChallengeStep::LookStraight,
        ChallengeStep::TurnLeft,
        ChallengeStep::TurnRight,
    ];

    /// The stable code (the wire name).
    pub fn code(self) -> &'static str {
        match self {
            ChallengeStep::LookStraight => "look_straight",
            ChallengeStep::TurnLeft => "turn_left",
            ChallengeStep::TurnRight => "turn_right",
        }
    }

    pub fn from_code(code: &str) -> Option<ChallengeStep> {
        ChallengeStep::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The challenge for `seed`: `look_straight`, then the two turns in the order the seed's lowest
/// bit picks (`0`: left first; `1`: right first).
pub fn challenge_from(seed: u64) -> Vec<ChallengeStep> {
    let (a, b) = if seed & 1 == 0 {
        (ChallengeStep::TurnLeft, ChallengeStep::TurnRight)
    } else {
        (ChallengeStep::TurnRight, ChallengeStep::TurnLeft)
    };
    vec![ChallengeStep::LookStraight, a, b]
}

/// Why a burst of frames does not follow its challenge. [`LivenessError::code`] is stable (it is
/// the API's error code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LivenessError {
    /// `step` has fewer than [`FRAMES_PER_STEP_MIN`] frames (`got` may be 0: a step skipped).
    NotEnoughFrames { step: ChallengeStep, got: usize },
    /// `step` has more than [`FRAMES_PER_STEP_MAX`] frames.
    TooManyFrames { step: ChallengeStep, got: usize },
    /// The frame at `index` belongs to a step the burst had already left (or the indices do not
    /// increase).
    FramesOutOfOrder { index: usize },
    /// The frame at `index` declares a step that is not in the challenge.
    UnknownStep { index: usize },
}

impl LivenessError {
    pub fn code(&self) -> &'static str {
        match self {
            LivenessError::NotEnoughFrames { .. } => "not_enough_frames",
            LivenessError::TooManyFrames { .. } => "too_many_frames",
            LivenessError::FramesOutOfOrder { .. } => "frames_out_of_order",
            LivenessError::UnknownStep { .. } => "unknown_step",
        }
    }
}

impl std::fmt::Display for LivenessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LivenessError::NotEnoughFrames { step, got } => write!(
                f,
                "The {} step has {got} frames; at least {FRAMES_PER_STEP_MIN} are needed.",
                step.code()
            ),
            LivenessError::TooManyFrames { step, got } => write!(
                f,
                "The {} step has {got} frames; at most {FRAMES_PER_STEP_MAX} are accepted.",
                step.code()
            ),
            LivenessError::FramesOutOfOrder { index } => write!(
                f,
                "Frame {index} is out of order: send the frames step by step, in the challenge's order."
            ),
            LivenessError::UnknownStep { index } => write!(
                f,
                "Frame {index} declares a step that is not in this challenge."
            ),
        }
    }
}

impl std::error::Error for LivenessError {}

/// Checks that `frames` (each its declared step and its index in the upload, in arrival order)
/// follow `challenge`: the steps in the challenge's order, none skipped, none revisited, each with
/// between [`FRAMES_PER_STEP_MIN`] and [`FRAMES_PER_STEP_MAX`] frames, indices increasing.
/// The first fault found, walking the frames in order, is the one reported.
pub fn check_frames(
    challenge: &[ChallengeStep],
    frames: &[(ChallengeStep, usize)],
) -> Result<(), LivenessError> {
    // Position in the challenge and frames counted for it.
    let mut pos = 0usize;
    let mut count = 0usize;
    let mut last_index: Option<usize> = None;
    for &(step, index) in frames {
        if last_index.is_some_and(|last| index <= last) {
            return Err(LivenessError::FramesOutOfOrder { index });
        }
        last_index = Some(index);
        let Some(at) = challenge.iter().position(|s| *s == step) else {
            return Err(LivenessError::UnknownStep { index });
        };
        if at < pos {
            return Err(LivenessError::FramesOutOfOrder { index });
        }
        if at > pos {
            // Leaving the current step: it must have had enough, and none may be skipped.
            if count < FRAMES_PER_STEP_MIN {
                return Err(LivenessError::NotEnoughFrames {
                    step: challenge[pos],
                    got: count,
                });
            }
            if at > pos + 1 {
                return Err(LivenessError::NotEnoughFrames {
                    step: challenge[pos + 1],
                    got: 0,
                });
            }
            pos = at;
            count = 0;
        }
        count += 1;
        if count > FRAMES_PER_STEP_MAX {
            return Err(LivenessError::TooManyFrames { step, got: count });
        }
    }
    let Some(&current) = challenge.get(pos) else {
        // An empty challenge with no frames: nothing was asked, nothing is missing.
        return Ok(());
    };
    if count < FRAMES_PER_STEP_MIN {
        return Err(LivenessError::NotEnoughFrames {
            step: current,
            got: count,
        });
    }
    if let Some(&next) = challenge.get(pos + 1) {
        return Err(LivenessError::NotEnoughFrames { step: next, got: 0 });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ChallengeStep::*;

    fn burst(steps: &[(ChallengeStep, usize)]) -> Vec<(ChallengeStep, usize)> {
        steps
            .iter()
            .flat_map(|&(s, n)| std::iter::repeat_n(s, n))
            .enumerate()
            .map(|(i, s)| (s, i))
            .collect()
    }

    #[test]
    fn challenges_start_straight_and_turn_both_ways() {
        assert_eq!(challenge_from(0), [LookStraight, TurnLeft, TurnRight]);
        assert_eq!(challenge_from(1), [LookStraight, TurnRight, TurnLeft]);
        assert_eq!(challenge_from(u64::MAX), challenge_from(1));
        for seed in 0..64 {
            let c = challenge_from(seed);
            assert_eq!(c.len(), 3);
            assert_eq!(c[0], LookStraight);
            assert!(c.contains(&TurnLeft) && c.contains(&TurnRight));
        }
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in ChallengeStep::ALL {
            assert_eq!(ChallengeStep::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        assert_eq!(ChallengeStep::from_code("nod"), None);
        assert_eq!(ChallengeStep::from_code("LOOK_STRAIGHT"), None);
    }

    #[test]
    fn a_burst_that_follows_the_challenge_passes() {
        let c = challenge_from(1);
        let frames = burst(&[(LookStraight, 3), (TurnRight, 8), (TurnLeft, 5)]);
        assert_eq!(check_frames(&c, &frames), Ok(()));
        // Indices need only increase.
        let sparse: Vec<_> = frames.iter().map(|&(s, i)| (s, i * 2 + 1)).collect();
        assert_eq!(check_frames(&c, &sparse), Ok(()));
    }

    #[test]
    fn too_few_frames_anywhere_is_not_enough() {
        let c = challenge_from(0);
        let err = |steps: &[(ChallengeStep, usize)]| check_frames(&c, &burst(steps)).unwrap_err();
        assert_eq!(
            err(&[]),
            LivenessError::NotEnoughFrames {
                step: LookStraight,
                got: 0
            }
        );
        assert_eq!(
            err(&[(LookStraight, 2), (TurnLeft, 3), (TurnRight, 3)]),
            LivenessError::NotEnoughFrames {
                step: LookStraight,
                got: 2
            }
        );
        assert_eq!(
            err(&[(LookStraight, 3), (TurnLeft, 3), (TurnRight, 1)]),
            LivenessError::NotEnoughFrames {
                step: TurnRight,
                got: 1
            }
        );
        // A step left out, in the middle or at the end.
        assert_eq!(
            err(&[(LookStraight, 3), (TurnRight, 3)]),
            LivenessError::NotEnoughFrames {
                step: TurnLeft,
                got: 0
            }
        );
        assert_eq!(
            err(&[(LookStraight, 3), (TurnLeft, 3)]),
            LivenessError::NotEnoughFrames {
                step: TurnRight,
                got: 0
            }
        );
        assert_eq!(err(&[(LookStraight, 3)]).code(), "not_enough_frames");
    }

    #[test]
    fn too_many_frames_in_a_step() {
        let c = challenge_from(0);
        let e = check_frames(
            &c,
            &burst(&[(LookStraight, 3), (TurnLeft, 9), (TurnRight, 3)]),
        )
        .unwrap_err();
        assert_eq!(
            e,
            LivenessError::TooManyFrames {
                step: TurnLeft,
                got: 9
            }
        );
        assert_eq!(e.code(), "too_many_frames");
    }

    #[test]
    fn going_back_or_shuffling_is_out_of_order() {
        let c = challenge_from(0);
        let e = check_frames(
            &c,
            &burst(&[(LookStraight, 3), (TurnLeft, 3), (LookStraight, 1)]),
        )
        .unwrap_err();
        assert_eq!(e, LivenessError::FramesOutOfOrder { index: 6 });
        assert_eq!(e.code(), "frames_out_of_order");
        // The turns in the other seed's order.
        let e = check_frames(
            &c,
            &burst(&[(LookStraight, 3), (TurnRight, 3), (TurnLeft, 3)]),
        )
        .unwrap_err();
        assert_eq!(
            e,
            LivenessError::NotEnoughFrames {
                step: TurnLeft,
                got: 0
            }
        );
        // Indices that do not increase.
        let mut frames = burst(&[(LookStraight, 3), (TurnLeft, 3), (TurnRight, 3)]);
        frames[4].1 = 3;
        assert_eq!(
            check_frames(&c, &frames),
            Err(LivenessError::FramesOutOfOrder { index: 3 })
        );
    }

    #[test]
    fn a_step_outside_the_challenge_is_unknown() {
        let c = [LookStraight, TurnLeft];
        let e = check_frames(&c, &burst(&[(LookStraight, 3), (TurnRight, 3)])).unwrap_err();
        assert_eq!(e, LivenessError::UnknownStep { index: 3 });
        assert_eq!(e.code(), "unknown_step");
        assert_eq!(
            check_frames(&[], &[(LookStraight, 0)]),
            Err(LivenessError::UnknownStep { index: 0 })
        );
        assert_eq!(check_frames(&[], &[]), Ok(()));
    }

    #[test]
    fn messages_name_the_step() {
        let e = LivenessError::NotEnoughFrames {
            step: TurnLeft,
            got: 1,
        };
        assert!(e.to_string().contains("turn_left"), "{e}");
    }

    fn any_step() -> impl Strategy<Value = ChallengeStep> {
        prop::sample::select(ChallengeStep::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn never_panics(
            challenge in prop::collection::vec(any_step(), 0..5),
            frames in prop::collection::vec((any_step(), 0usize..64), 0..40),
        ) {
            let _ = check_frames(&challenge, &frames);
        }

        #[test]
        fn well_formed_bursts_pass(seed in any::<u64>(), counts in prop::array::uniform3(FRAMES_PER_STEP_MIN..=FRAMES_PER_STEP_MAX)) {
            let c = challenge_from(seed);
            let steps: Vec<_> = c.iter().copied().zip(counts).collect();
            prop_assert_eq!(check_frames(&c, &burst(&steps)), Ok(()));
        }
    }
}

/// Walks the user through a challenge on the device: which step is current, and when enough
/// frames of it are taken. The app takes a frame at each `FrameDue`, pauses between steps so
/// the user can turn, and uploads when `Done`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    challenge: Vec<ChallengeStep>,
    per_step: usize,
    step: usize,
    taken: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunProgress {
    /// Take another frame of the current step.
    FrameDue,
    /// The step is done; the next one starts after a pause.
    NextStep(ChallengeStep),
    /// Every step has its frames.
    Done,
}

impl Run {
    /// `per_step` is kept within the platform's bounds, whatever the platform sent.
    pub fn new(challenge: Vec<ChallengeStep>, per_step: u32) -> Run {
        let per_step = (per_step as usize).clamp(FRAMES_PER_STEP_MIN, FRAMES_PER_STEP_MAX);
        Run {
            challenge,
            per_step,
            step: 0,
            taken: 0,
        }
    }

    pub fn current(&self) -> Option<ChallengeStep> {
        self.challenge.get(self.step).copied()
    }

    /// 1-based position of the current step, and the number of steps.
    pub fn position(&self) -> (usize, usize) {
        (
            (self.step + 1).min(self.challenge.len()),
            self.challenge.len(),
        )
    }

    /// Records a frame of the current step and says what comes next.
    pub fn frame_taken(&mut self) -> RunProgress {
        if self.current().is_none() {
            return RunProgress::Done;
        }
        self.taken += 1;
        if self.taken < self.per_step {
            return RunProgress::FrameDue;
        }
        self.step += 1;
        self.taken = 0;
        match self.current() {
            Some(next) => RunProgress::NextStep(next),
            None => RunProgress::Done,
        }
    }
}

#[cfg(test)]
mod run_tests {
    use super::*;

    #[test]
    fn a_run_takes_each_steps_frames_in_order_then_is_done() {
        let challenge = challenge_from(1);
        let mut run = Run::new(challenge.clone(), 3);
        let mut declared = Vec::new();
        let mut progress = Vec::new();
        for i in 0..9 {
            declared.push((run.current().unwrap(), i));
            progress.push(run.frame_taken());
        }
        assert_eq!(progress[2], RunProgress::NextStep(challenge[1]));
        assert_eq!(progress[5], RunProgress::NextStep(challenge[2]));
        assert_eq!(progress[8], RunProgress::Done);
        assert_eq!(run.frame_taken(), RunProgress::Done);
        // What the run produced is what the platform accepts.
        assert_eq!(check_frames(&challenge, &declared), Ok(()));
    }

    #[test]
    fn frames_per_step_stay_within_the_platforms_bounds() {
        let run = Run::new(challenge_from(0), 1000);
        assert_eq!(run.per_step, FRAMES_PER_STEP_MAX);
        let run = Run::new(challenge_from(0), 0);
        assert_eq!(run.per_step, FRAMES_PER_STEP_MIN);
        let mut empty = Run::new(Vec::new(), 5);
        assert_eq!(empty.frame_taken(), RunProgress::Done);
    }
}
