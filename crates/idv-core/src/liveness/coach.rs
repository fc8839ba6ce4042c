//! The selfie challenge on the device: events in (a frame's faces, a frame taken, the clock),
//! effects out (what to tell the user, take a frame, the step done, time is up). The app's
//! `src/liveness.rs` only carries the effects out.
//!
//! The rules:
//! - a frame counts only with exactly one face, bright, near enough and not too near (the
//!   positioning rules of `face_guide`; being off centre is allowed while turning, since the
//!   face's box moves with the head);
//! - a step's pose must hold for [`HOLD`] analysed frames in a row before its frames are taken,
//!   then one frame is taken per analysed frame that still holds it, at least [`FRAME_GAP_MS`]
//!   apart, until the step has its frames; a pose that breaks stops the taking until it holds
//!   again (frames already taken stay: they showed the pose);
//! - a step not done within [`STEP_LIMIT_MS`] ends the run: the screen offers to try again or
//!   the assisted way;
//! - the hint changes only when a new one is seen [`STEADY`] times in a row, so the live region
//!   does not chatter, except at a step's start, which is announced at once.

use super::pose::{direction, Seen, DEVICE};
use super::{ChallengeStep, FRAMES_PER_STEP_MAX, FRAMES_PER_STEP_MIN};
use crate::face_guide::{self, Guidance};

/// Analysed frames in a row the pose must hold before frames are taken.
pub const HOLD: u32 = 2;
/// The least time between two frames of a step, so a burst spans some movement.
pub const FRAME_GAP_MS: f64 = 120.0;
/// How long a step may take before the user is offered another way.
pub const STEP_LIMIT_MS: f64 = 15_000.0;
/// Hints seen in a row before they replace the shown one.
pub const STEADY: u32 = 2;
/// A turn this far (degrees) the wrong way is told as such, not as "turn more".
const WRONG_WAY: f32 = 8.0;
/// A turn this far the right way, short of the pose, is "a little more".
const STARTED_TURNING: f32 = 5.0;

/// What the screen tells the user; `code()` is exposed as `data-liveness-hint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hint {
    /// The step's own instruction.
    Do(ChallengeStep),
    /// The pose holds: keep still while the frames are taken.
    Hold,
    /// Turning the right way, not far enough yet.
    TurnMore,
    /// Turning the other way.
    OtherWay,
    /// Back to the centre (asked to look straight, turned).
    BackToCentre,
    /// A positioning problem (no face, several, too far, too close, dark).
    Face(Guidance),
}

impl Hint {
    pub fn code(self) -> &'static str {
        match self {
            Hint::Do(step) => step.code(),
            Hint::Hold => "hold",
            Hint::TurnMore => "turn_more",
            Hint::OtherWay => "other_way",
            Hint::BackToCentre => "back_to_centre",
            Hint::Face(g) => g.code(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// The run begins (the challenge is known and the camera is on).
    Start { now_ms: f64 },
    /// An analysed frame.
    Seen { now_ms: f64 },
    /// The frame asked for by [`Effect::TakeFrame`] was taken (`ok`) or could not be.
    FrameTaken { now_ms: f64, ok: bool },
    /// Time passes without an analysed frame (a slow or stalled worker).
    Tick { now_ms: f64 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// Show this hint (it changed).
    Show(Hint),
    /// Take a frame of `step` now.
    TakeFrame(ChallengeStep),
    /// A step has its frames; `next` begins.
    NextStep(ChallengeStep),
    /// Every step has its frames: upload them.
    Done,
    /// The current step was not met in time: offer to try again or the assisted way.
    TimedOut(ChallengeStep),
}

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not started.
    Waiting,
    /// Walking the steps.
    Running,
    /// A frame was asked for and is being taken.
    Taking,
    Done,
    TimedOut,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Coach {
    challenge: Vec<ChallengeStep>,
    per_step: usize,
    step: usize,
    taken: usize,
    holding: u32,
    state: State,
    step_since_ms: f64,
    last_frame_ms: Option<f64>,
    shown: Option<Hint>,
    candidate: Option<(Hint, u32)>,
}

impl Coach {
    /// `per_step` is kept within the platform's bounds, whatever the platform sent.
    pub fn new(challenge: Vec<ChallengeStep>, per_step: u32) -> Coach {
        Coach {
            challenge,
            per_step: (per_step as usize).clamp(FRAMES_PER_STEP_MIN, FRAMES_PER_STEP_MAX),
            step: 0,
            taken: 0,
            holding: 0,
            state: State::Waiting,
            step_since_ms: 0.0,
            last_frame_ms: None,
            shown: None,
            candidate: None,
        }
    }

    pub fn state(&self) -> State {
        self.state
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

    /// Frames taken of the current step, and how many it needs.
    pub fn frames(&self) -> (usize, usize) {
        (self.taken, self.per_step)
    }

    pub fn shown(&self) -> Option<Hint> {
        self.shown
    }

    /// Feeds one event; `seen` is the analysed frame for [`Event::Seen`] (ignored otherwise).
    pub fn step(&mut self, event: Event, seen: Option<&Seen>) -> Vec<Effect> {
        let mut out = Vec::new();
        match event {
            Event::Start { now_ms } => {
                if self.state != State::Waiting {
                    return out;
                }
                match self.current() {
                    Some(step) => {
                        self.state = State::Running;
                        self.begin_step(step, now_ms, &mut out);
                    }
                    None => {
                        self.state = State::Done;
                        out.push(Effect::Done);
                    }
                }
            }
            Event::Tick { now_ms } => self.check_time(now_ms, &mut out),
            Event::Seen { now_ms } => {
                if self.state != State::Running {
                    return out;
                }
                self.check_time(now_ms, &mut out);
                if self.state != State::Running {
                    return out;
                }
                let Some(step) = self.current() else {
                    return out;
                };
                let hint = match seen {
                    Some(seen) => self.judge(step, seen),
                    None => Hint::Face(Guidance::NoFace),
                };
                if hint == Hint::Hold {
                    self.holding += 1;
                } else {
                    self.holding = 0;
                }
                let due = self.holding >= HOLD
                    && self
                        .last_frame_ms
                        .is_none_or(|last| now_ms - last >= FRAME_GAP_MS);
                self.hint(hint, &mut out);
                if due {
                    self.state = State::Taking;
                    out.push(Effect::TakeFrame(step));
                }
            }
            Event::FrameTaken { now_ms, ok } => {
                if self.state != State::Taking {
                    return out;
                }
                self.state = State::Running;
                if !ok {
                    return out;
                }
                self.last_frame_ms = Some(now_ms);
                self.taken += 1;
                if self.taken < self.per_step {
                    return out;
                }
                self.step += 1;
                match self.current() {
                    Some(next) => {
                        out.push(Effect::NextStep(next));
                        self.begin_step(next, now_ms, &mut out);
                    }
                    None => {
                        self.state = State::Done;
                        out.push(Effect::Done);
                    }
                }
            }
        }
        out
    }

    fn begin_step(&mut self, step: ChallengeStep, now_ms: f64, out: &mut Vec<Effect>) {
        self.taken = 0;
        self.holding = 0;
        self.step_since_ms = now_ms;
        self.last_frame_ms = None;
        self.candidate = None;
        self.shown = Some(Hint::Do(step));
        out.push(Effect::Show(Hint::Do(step)));
    }

    fn check_time(&mut self, now_ms: f64, out: &mut Vec<Effect>) {
        if self.state != State::Running || now_ms - self.step_since_ms < STEP_LIMIT_MS {
            return;
        }
        if let Some(step) = self.current() {
            self.state = State::TimedOut;
            out.push(Effect::TimedOut(step));
        }
    }

    /// What one frame says about `step`.
    fn judge(&self, step: ChallengeStep, seen: &Seen) -> Hint {
        let boxes: Vec<_> = seen.faces.iter().map(|f| f.bbox).collect();
        match face_guide::judge(&boxes, seen.mean_luma) {
            Guidance::Ok => {}
            // The box follows the head as it turns; only the size and the count matter then.
            Guidance::OffCentre if step != ChallengeStep::LookStraight => {}
            other => return Hint::Face(other),
        }
        let Some(face) = seen.main_face() else {
            return Hint::Face(Guidance::NoFace);
        };
        if DEVICE.meets(step, face.yaw) {
            return Hint::Hold;
        }
        let toward = face.yaw * direction(step);
        match step {
            ChallengeStep::LookStraight => Hint::BackToCentre,
            _ if toward <= -WRONG_WAY => Hint::OtherWay,
            _ if toward >= STARTED_TURNING => Hint::TurnMore,
            _ => Hint::Do(step),
        }
    }

    /// Shows `hint` once it is steady; "hold" is shown at once, since frames follow it.
    fn hint(&mut self, hint: Hint, out: &mut Vec<Effect>) {
        let agreeing = match self.candidate {
            Some((h, n)) if h == hint => n + 1,
            _ => 1,
        };
        self.candidate = Some((hint, agreeing));
        if self.shown != Some(hint) && (agreeing >= STEADY || hint == Hint::Hold) {
            self.shown = Some(hint);
            out.push(Effect::Show(hint));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face_guide::FaceBox;
    use crate::liveness::pose::SeenFace;
    use crate::liveness::{challenge_from, check_frames};
    use ChallengeStep::*;

    fn seen(yaw: f32) -> Seen {
        Seen {
            faces: vec![SeenFace {
                bbox: FaceBox {
                    x: 0.33,
                    y: 0.3,
                    w: 0.34,
                    h: 0.4,
                },
                yaw,
            }],
            mean_luma: 120,
        }
    }

    /// A user who holds each asked pose: the yaw the step wants, well past the threshold.
    fn ideal(step: ChallengeStep) -> f32 {
        direction(step) * 30.0
    }

    /// Drives a coach with one analysed frame every 100 ms, taking each asked frame at once;
    /// `yaw_for` says where the head is. Returns the effects and the declared frames.
    fn drive(
        coach: &mut Coach,
        frames: usize,
        yaw_for: impl Fn(ChallengeStep, usize) -> f32,
    ) -> (Vec<Effect>, Vec<(ChallengeStep, usize)>) {
        let mut all = coach.step(Event::Start { now_ms: 0.0 }, None);
        let mut declared = Vec::new();
        for i in 1..=frames {
            let now_ms = i as f64 * 100.0;
            let Some(step) = coach.current() else { break };
            let effects = coach.step(Event::Seen { now_ms }, Some(&seen(yaw_for(step, i))));
            all.extend(effects.iter().copied());
            for e in effects {
                if let Effect::TakeFrame(s) = e {
                    declared.push((s, declared.len()));
                    all.extend(coach.step(Event::FrameTaken { now_ms, ok: true }, None));
                }
            }
        }
        (all, declared)
    }

    #[test]
    fn a_user_who_follows_gets_every_step_in_order_and_the_platform_accepts_the_frames() {
        for seed in [0, 1] {
            let challenge = challenge_from(seed);
            let mut coach = Coach::new(challenge.clone(), 5);
            let (effects, declared) = drive(&mut coach, 100, |s, _| ideal(s));
            assert_eq!(coach.state(), State::Done);
            assert_eq!(check_frames(&challenge, &declared), Ok(()));
            let nexts: Vec<_> = effects
                .iter()
                .filter_map(|e| match e {
                    Effect::NextStep(s) => Some(*s),
                    _ => None,
                })
                .collect();
            assert_eq!(nexts, challenge[1..]);
            assert_eq!(effects.last(), Some(&Effect::Done));
            assert_eq!(effects[0], Effect::Show(Hint::Do(LookStraight)));
        }
    }

    #[test]
    fn a_head_that_never_turns_never_passes_the_first_turn_and_times_out() {
        let mut coach = Coach::new(challenge_from(0), 5);
        let (effects, declared) = drive(&mut coach, 400, |_, _| 0.0);
        // The straight step passes; nothing of the turn is taken.
        assert_eq!(declared.len(), 5);
        assert!(declared.iter().all(|(s, _)| *s == LookStraight));
        assert_eq!(coach.state(), State::TimedOut);
        assert!(effects.contains(&Effect::TimedOut(TurnLeft)));
        assert!(!effects.contains(&Effect::Done));
        // Nothing more happens once timed out.
        assert!(coach
            .step(Event::Seen { now_ms: 1e9 }, Some(&seen(30.0)))
            .is_empty());
    }

    #[test]
    fn turning_the_wrong_way_or_not_enough_is_told_and_takes_nothing() {
        let mut coach = Coach::new(vec![TurnLeft], 3);
        coach.step(Event::Start { now_ms: 0.0 }, None);
        let mut shown = Vec::new();
        for (i, yaw) in [-25.0, -25.0, 10.0, 10.0, 30.0, 30.0]
            .into_iter()
            .enumerate()
        {
            let effects = coach.step(
                Event::Seen {
                    now_ms: i as f64 * 100.0,
                },
                Some(&seen(yaw)),
            );
            shown.extend(effects.iter().filter_map(|e| match e {
                Effect::Show(h) => Some(*h),
                _ => None,
            }));
            let takes = effects.iter().any(|e| matches!(e, Effect::TakeFrame(_)));
            // Only the second frame in a row at the pose asks for a frame.
            assert_eq!(takes, i == 5, "frame {i}: {effects:?}");
        }
        assert_eq!(
            shown,
            [Hint::OtherWay, Hint::TurnMore, Hint::Hold],
            "{shown:?}"
        );
    }

    #[test]
    fn the_turns_follow_the_cameras_picture_not_the_mirror() {
        // A user turning to their left moves the nose to the right of the camera's picture,
        // which the estimator reads as a positive yaw.
        let mut coach = Coach::new(vec![TurnLeft], 3);
        let (_, declared) = drive(&mut coach, 50, |_, _| 25.0);
        assert_eq!(declared.len(), 3);
        let mut coach = Coach::new(vec![TurnLeft], 3);
        let (_, declared) = drive(&mut coach, 50, |_, _| -25.0);
        assert!(declared.is_empty());
    }

    #[test]
    fn positioning_problems_stop_the_taking_and_are_shown() {
        let mut coach = Coach::new(vec![LookStraight], 3);
        coach.step(Event::Start { now_ms: 0.0 }, None);
        let two = Seen {
            faces: vec![seen(0.0).faces[0], seen(0.0).faces[0]],
            mean_luma: 120,
        };
        let mut effects = Vec::new();
        for i in 0..4 {
            effects.extend(coach.step(
                Event::Seen {
                    now_ms: f64::from(i) * 100.0,
                },
                Some(&two),
            ));
        }
        assert_eq!(effects, [Effect::Show(Hint::Face(Guidance::MultipleFaces))]);
        let dark = Seen {
            mean_luma: 10,
            ..seen(0.0)
        };
        let mut effects = Vec::new();
        for i in 4..8 {
            effects.extend(coach.step(
                Event::Seen {
                    now_ms: f64::from(i) * 100.0,
                },
                Some(&dark),
            ));
        }
        assert_eq!(effects, [Effect::Show(Hint::Face(Guidance::Dark))]);
        let none = Seen::default();
        let effects = (8..12)
            .flat_map(|i| {
                coach.step(
                    Event::Seen {
                        now_ms: f64::from(i) * 100.0,
                    },
                    Some(&Seen {
                        mean_luma: 120,
                        ..none.clone()
                    }),
                )
            })
            .collect::<Vec<_>>();
        assert_eq!(effects, [Effect::Show(Hint::Face(Guidance::NoFace))]);
    }

    #[test]
    fn an_off_centre_face_may_turn_but_must_come_back_to_look_straight() {
        let mut off = seen(30.0);
        off.faces[0].bbox.x = 0.05;
        let mut coach = Coach::new(vec![TurnLeft], 3);
        coach.step(Event::Start { now_ms: 0.0 }, None);
        coach.step(Event::Seen { now_ms: 100.0 }, Some(&off));
        let e = coach.step(Event::Seen { now_ms: 200.0 }, Some(&off));
        assert!(e.contains(&Effect::TakeFrame(TurnLeft)), "{e:?}");
        off.faces[0].yaw = 0.0;
        let mut coach = Coach::new(vec![LookStraight], 3);
        coach.step(Event::Start { now_ms: 0.0 }, None);
        coach.step(Event::Seen { now_ms: 100.0 }, Some(&off));
        let e = coach.step(Event::Seen { now_ms: 200.0 }, Some(&off));
        assert_eq!(e, [Effect::Show(Hint::Face(Guidance::OffCentre))]);
    }

    #[test]
    fn frames_are_spaced_and_a_failed_frame_is_asked_again() {
        let mut coach = Coach::new(vec![LookStraight], 3);
        coach.step(Event::Start { now_ms: 0.0 }, None);
        coach.step(Event::Seen { now_ms: 10.0 }, Some(&seen(0.0)));
        let e = coach.step(Event::Seen { now_ms: 20.0 }, Some(&seen(0.0)));
        assert!(e.contains(&Effect::TakeFrame(LookStraight)));
        // Seen frames while a frame is being taken change nothing.
        assert!(coach
            .step(Event::Seen { now_ms: 25.0 }, Some(&seen(0.0)))
            .is_empty());
        assert!(coach
            .step(
                Event::FrameTaken {
                    now_ms: 30.0,
                    ok: false
                },
                None
            )
            .is_empty());
        assert_eq!(coach.frames(), (0, 3));
        let e = coach.step(Event::Seen { now_ms: 40.0 }, Some(&seen(0.0)));
        assert!(e.contains(&Effect::TakeFrame(LookStraight)));
        coach.step(
            Event::FrameTaken {
                now_ms: 50.0,
                ok: true,
            },
            None,
        );
        // Too soon after the last frame.
        let e = coach.step(Event::Seen { now_ms: 60.0 }, Some(&seen(0.0)));
        assert!(!e.contains(&Effect::TakeFrame(LookStraight)));
        let e = coach.step(
            Event::Seen {
                now_ms: 50.0 + FRAME_GAP_MS,
            },
            Some(&seen(0.0)),
        );
        assert!(e.contains(&Effect::TakeFrame(LookStraight)));
    }

    #[test]
    fn a_stalled_worker_times_out_by_the_clock() {
        let mut coach = Coach::new(challenge_from(1), 5);
        coach.step(Event::Start { now_ms: 1000.0 }, None);
        assert!(coach.step(Event::Tick { now_ms: 2000.0 }, None).is_empty());
        assert_eq!(
            coach.step(
                Event::Tick {
                    now_ms: 1000.0 + STEP_LIMIT_MS
                },
                None
            ),
            [Effect::TimedOut(LookStraight)]
        );
    }

    #[test]
    fn an_empty_challenge_is_done_at_once_and_codes_are_stable() {
        let mut coach = Coach::new(Vec::new(), 5);
        assert_eq!(
            coach.step(Event::Start { now_ms: 0.0 }, None),
            [Effect::Done]
        );
        assert_eq!(Hint::Do(TurnLeft).code(), "turn_left");
        assert_eq!(Hint::Face(Guidance::MultipleFaces).code(), "multiple_faces");
        assert_eq!(Hint::BackToCentre.code(), "back_to_centre");
    }
}
