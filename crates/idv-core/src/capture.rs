//! One side of an identity document, from camera (or file) to a stored upload:
//! `step(capture, event) -> (capture, effects)`, like the journey engine.
//!
//! The photo itself never enters this machine: the app keeps it (in memory, for the tab's life)
//! and this machine says when to take it, show it, send it, and send it again. So a failed
//! upload never asks the user to photograph the document again.

use crate::quality::{AutoCapture, Guidance, Signature};
use crate::retry::{self, Next};

/// Why the camera cannot be used; each has its own screen and ways out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraProblem {
    /// The user or the browser's settings refused the permission.
    Denied,
    /// No camera on this device.
    NotFound,
    /// Another app or tab holds the camera.
    Busy,
    /// This browser cannot give a page the camera (an insecure page, an old browser).
    Unsupported,
    /// An app's built-in browser, which commonly gives pages no camera: open the system browser.
    InAppBrowser,
    /// The page that frames the app does not let it use the camera (its `<iframe>` lacks
    /// `allow="camera"`, or its Permissions-Policy forbids it): nothing the user can change.
    FrameRefused,
}

impl CameraProblem {
    pub fn code(self) -> &'static str {
        match self {
            CameraProblem::Denied => "camera_denied",
            CameraProblem::NotFound => "camera_not_found",
            CameraProblem::Busy => "camera_busy",
            CameraProblem::Unsupported => "camera_unsupported",
            CameraProblem::InAppBrowser => "camera_in_app_browser",
            CameraProblem::FrameRefused => "camera_frame_refused",
        }
    }

    /// Before asking for the camera: a framed page its policy forbids the camera need not ask
    /// (the answer is a refusal, and some browsers log a policy violation for the attempt).
    pub fn before_asking(facts: &CameraFacts) -> Option<CameraProblem> {
        (facts.framed && facts.policy_allows == Some(false)).then_some(CameraProblem::FrameRefused)
    }

    /// A `getUserMedia` failure (its `DOMException` name), `elapsed_ms` after asking, told apart
    /// by what the page knew. Browsers without a policy API (Firefox, Safari) refuse a frame
    /// that was not allowed the camera with the same `NotAllowedError` as a user who said no;
    /// but then no prompt was possible, so the refusal is immediate. The permission's state
    /// cannot tell them apart (the Permissions spec answers `denied` for a document its policy
    /// forbids the feature, as for a user's remembered "block"), so such a block in a frame of
    /// those browsers is reported as the frame's; the ways on are the same.
    pub fn from_failure(name: &str, facts: &CameraFacts, elapsed_ms: f64) -> CameraProblem {
        let problem = CameraProblem::from_dom_error(name);
        let frame_refused = problem == CameraProblem::Denied
            && facts.framed
            && facts.policy_allows != Some(true)
            && elapsed_ms < NO_PROMPT_MS;
        if frame_refused {
            CameraProblem::FrameRefused
        } else {
            problem
        }
    }

    /// Maps a `getUserMedia` failure (its `DOMException` name) to a problem.
    pub fn from_dom_error(name: &str) -> CameraProblem {
        match name {
            "NotAllowedError" | "PermissionDeniedError" | "SecurityError" => CameraProblem::Denied,
            "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" => {
                CameraProblem::NotFound
            }
            "NotReadableError" | "TrackStartError" | "AbortError" => CameraProblem::Busy,
            _ => CameraProblem::Unsupported,
        }
    }
}

/// A refusal faster than this came from no prompt: nobody reads and answers a permission
/// prompt in under half a second, and a browser refusing by policy answers at once.
pub const NO_PROMPT_MS: f64 = 500.0;

/// What the page knows about its camera before asking for it, read by the browser shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CameraFacts {
    /// The app runs inside another page's frame.
    pub framed: bool,
    /// `document.permissionsPolicy` (or `featurePolicy`) `.allowsFeature('camera')`, in the
    /// browsers that have it (Chromium).
    pub policy_allows: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Camera,
    File,
}

/// Why the upload stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadProblem {
    /// The automatic retries are spent; the photo is kept, the user may try again.
    Unreachable,
    /// The platform refused this photo (its error code): another photo is needed.
    Refused(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Waiting for the camera.
    Starting,
    /// The preview runs and guidance updates.
    Live,
    CameraFailed(CameraProblem),
    /// The shell is taking the photo.
    Taking,
    /// The photo is shown with "retake" and "use this photo".
    Preview(Source),
    Uploading {
        attempt: u32,
        sent: u64,
        total: u64,
    },
    /// An upload attempt failed; the next starts after a pause.
    Waiting {
        attempt: u32,
    },
    UploadFailed(UploadProblem),
    /// Stored; the journey moves on.
    Uploaded,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The screen opened: start the camera, unless this browser has none to give.
    Open {
        camera_available: bool,
        in_app_browser: bool,
    },
    CameraStarted,
    CameraFailed(CameraProblem),
    /// The camera stopped under a running preview: the page came back from the back-forward
    /// cache (WebKit stops capture while a page is cached), or the device went (another app
    /// took it, it was unplugged). It is asked for again, as when the screen opened.
    CameraLost,
    /// One analysed preview frame, with its coarse picture for steadiness.
    Frame {
        guidance: Guidance,
        signature: Signature,
        now_ms: f64,
    },
    /// The shutter button.
    Shutter {
        now_ms: f64,
    },
    /// The photo is ready (cropped, encoded, kept by the shell).
    PhotoTaken,
    /// Taking or reading the photo failed.
    PhotoFailed,
    /// A file was chosen and decoded into a photo (kept by the shell).
    FileChosen,
    /// The chosen file cannot be used; the shell shows why.
    FileRefused,
    Retake,
    UsePhoto,
    Progress {
        sent: u64,
        total: u64,
    },
    /// The upload answered: `None` for no answer at all; `code` is the API's error code.
    Answered {
        status: Option<u16>,
        code: Option<String>,
        jitter: f64,
    },
    RetryTimer,
    TryAgain,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    StartCamera,
    StopCamera,
    TakePhoto,
    /// Send the kept photo. Every attempt of one photo carries the same idempotency key.
    Upload {
        attempt: u32,
    },
    /// A new photo replaces the kept one: it needs a new idempotency key.
    ForgetPhoto,
    StartRetryTimer(u32),
    CancelRetryTimer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    pub phase: Phase,
    /// The verdict on the last analysed frame; `None` until a frame of this preview was seen.
    pub guidance: Option<Guidance>,
    /// The shutter works even when the checks never pass, from this time on.
    pub manual_allowed: bool,
    auto: AutoCapture,
    opened_ms: Option<f64>,
    in_app_browser: bool,
}

impl Default for Capture {
    fn default() -> Self {
        Capture::new()
    }
}

impl Capture {
    pub fn new() -> Capture {
        Capture {
            phase: Phase::Starting,
            guidance: None,
            manual_allowed: false,
            auto: AutoCapture::new(),
            opened_ms: None,
            in_app_browser: false,
        }
    }
}

pub fn step(mut c: Capture, event: Event) -> (Capture, Vec<Effect>) {
    let mut fx = Vec::new();
    match event {
        Event::Open {
            camera_available,
            in_app_browser,
        } => {
            c = Capture::new();
            c.in_app_browser = in_app_browser;
            if camera_available {
                fx.push(Effect::StartCamera);
            } else if in_app_browser {
                c.phase = Phase::CameraFailed(CameraProblem::InAppBrowser);
            } else {
                c.phase = Phase::CameraFailed(CameraProblem::Unsupported);
            }
        }
        Event::CameraStarted => {
            if c.phase == Phase::Starting {
                c.phase = Phase::Live;
                c.auto.reset();
            } else {
                // A camera that arrives after the user moved on is released at once.
                fx.push(Effect::StopCamera);
            }
        }
        Event::CameraFailed(problem) => {
            if matches!(c.phase, Phase::Starting | Phase::Live) {
                // Inside an app's browser a refusal is the app's doing, not the user's choice:
                // the way out is the system browser, not the site settings.
                let problem = match problem {
                    CameraProblem::Denied | CameraProblem::Unsupported if c.in_app_browser => {
                        CameraProblem::InAppBrowser
                    }
                    other => other,
                };
                c.phase = Phase::CameraFailed(problem);
                fx.push(Effect::StopCamera);
            }
        }
        Event::CameraLost => {
            if matches!(c.phase, Phase::Live | Phase::Taking) {
                // A photo being taken from a stopped camera would be black: it is dropped too.
                c.phase = Phase::Starting;
                c.opened_ms = None;
                c.manual_allowed = false;
                c.guidance = None;
                c.auto.reset();
                fx.push(Effect::StopCamera);
                fx.push(Effect::StartCamera);
            }
        }
        Event::Frame {
            guidance,
            signature,
            now_ms,
        } => {
            if c.phase == Phase::Live {
                let opened = *c.opened_ms.get_or_insert(now_ms);
                c.guidance = Some(guidance);
                let fire = c.auto.observe_frame(guidance, now_ms, &signature);
                c.manual_allowed = c.auto.manual_allowed(now_ms - opened);
                if fire {
                    c.phase = Phase::Taking;
                    fx.push(Effect::TakePhoto);
                }
            }
        }
        Event::Shutter { now_ms } => {
            if c.phase == Phase::Live {
                let opened = *c.opened_ms.get_or_insert(now_ms);
                if c.guidance == Some(Guidance::Ok) || c.auto.manual_allowed(now_ms - opened) {
                    c.phase = Phase::Taking;
                    fx.push(Effect::TakePhoto);
                }
            }
        }
        Event::PhotoTaken => {
            if c.phase == Phase::Taking {
                c.phase = Phase::Preview(Source::Camera);
                fx.push(Effect::StopCamera);
            }
        }
        Event::PhotoFailed => {
            if c.phase == Phase::Taking {
                c.phase = Phase::Live;
                c.auto.reset();
            }
        }
        Event::FileChosen => {
            if !matches!(c.phase, Phase::Uploading { .. } | Phase::Uploaded) {
                fx.push(Effect::CancelRetryTimer);
                fx.push(Effect::StopCamera);
                c.phase = Phase::Preview(Source::File);
            }
        }
        Event::FileRefused => {}
        Event::Retake => {
            if matches!(
                c.phase,
                Phase::Preview(_) | Phase::UploadFailed(UploadProblem::Refused(_))
            ) {
                fx.push(Effect::ForgetPhoto);
                c.phase = Phase::Starting;
                c.opened_ms = None;
                c.manual_allowed = false;
                c.guidance = None;
                fx.push(Effect::StartCamera);
            }
        }
        Event::UsePhoto => {
            if matches!(c.phase, Phase::Preview(_)) {
                c.phase = Phase::Uploading {
                    attempt: 1,
                    sent: 0,
                    total: 0,
                };
                fx.push(Effect::Upload { attempt: 1 });
            }
        }
        Event::Progress { sent, total } => {
            if let Phase::Uploading { attempt, .. } = c.phase {
                c.phase = Phase::Uploading {
                    attempt,
                    sent,
                    total,
                };
            }
        }
        Event::Answered {
            status,
            code,
            jitter,
        } => {
            if let Phase::Uploading { attempt, .. } = c.phase {
                match retry::next(attempt, retry::classify(status), jitter) {
                    Next::Done => c.phase = Phase::Uploaded,
                    Next::RetryAfter(ms) => {
                        c.phase = Phase::Waiting { attempt };
                        fx.push(Effect::StartRetryTimer(ms));
                    }
                    Next::GiveUp => c.phase = Phase::UploadFailed(UploadProblem::Unreachable),
                    Next::Fail => {
                        let code = code.unwrap_or_else(|| "upload_refused".to_owned());
                        c.phase = Phase::UploadFailed(UploadProblem::Refused(code));
                    }
                }
            }
        }
        Event::RetryTimer => {
            if let Phase::Waiting { attempt } = c.phase {
                let attempt = attempt + 1;
                c.phase = Phase::Uploading {
                    attempt,
                    sent: 0,
                    total: 0,
                };
                fx.push(Effect::Upload { attempt });
            }
        }
        Event::TryAgain => match c.phase {
            Phase::UploadFailed(UploadProblem::Unreachable) => {
                // A new round of automatic attempts, with the same photo and the same key.
                c.phase = Phase::Uploading {
                    attempt: 1,
                    sent: 0,
                    total: 0,
                };
                fx.push(Effect::Upload { attempt: 1 });
            }
            Phase::CameraFailed(_) => {
                c.phase = Phase::Starting;
                fx.push(Effect::StartCamera);
            }
            _ => {}
        },
    }
    (c, fx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(camera_available: bool, in_app_browser: bool) -> Event {
        Event::Open {
            camera_available,
            in_app_browser,
        }
    }

    fn framed(policy_allows: Option<bool>) -> CameraFacts {
        CameraFacts {
            framed: true,
            policy_allows,
        }
    }

    #[test]
    fn a_frame_its_policy_refuses_the_camera_does_not_ask() {
        assert_eq!(
            CameraProblem::before_asking(&framed(Some(false))),
            Some(CameraProblem::FrameRefused)
        );
        // Allowed, unknown (no policy API), or not framed at all: ask.
        assert_eq!(CameraProblem::before_asking(&framed(Some(true))), None);
        assert_eq!(CameraProblem::before_asking(&framed(None)), None);
        let top = CameraFacts {
            framed: false,
            policy_allows: Some(false),
        };
        assert_eq!(CameraProblem::before_asking(&top), None);
    }

    #[test]
    fn an_instant_refusal_in_a_frame_without_a_policy_api_is_the_frame() {
        assert_eq!(
            CameraProblem::from_failure("NotAllowedError", &framed(None), 12.0),
            CameraProblem::FrameRefused
        );
        assert_eq!(
            CameraProblem::from_failure("SecurityError", &framed(Some(false)), 3.0),
            CameraProblem::FrameRefused
        );
    }

    #[test]
    fn the_users_refusal_stays_the_users() {
        let denied = |facts: &CameraFacts, ms: f64| {
            CameraProblem::from_failure("NotAllowedError", facts, ms)
        };
        // A prompt was answered (it took a person's time).
        assert_eq!(denied(&framed(None), 2_000.0), CameraProblem::Denied);
        // The frame's policy allows the camera: the refusal is not the frame's.
        assert_eq!(denied(&framed(Some(true)), 5.0), CameraProblem::Denied);
        // Not framed at all.
        assert_eq!(denied(&CameraFacts::default(), 5.0), CameraProblem::Denied);
        // Other failures keep their own meaning in a frame.
        assert_eq!(
            CameraProblem::from_failure("NotReadableError", &framed(None), 5.0),
            CameraProblem::Busy
        );
    }

    #[test]
    fn a_frame_refusal_is_not_mistaken_for_an_in_app_browser() {
        let (c, _) = step(Capture::new(), open(true, true));
        let (c, fx) = step(c, Event::CameraFailed(CameraProblem::FrameRefused));
        assert_eq!(c.phase, Phase::CameraFailed(CameraProblem::FrameRefused));
        assert_eq!(fx, vec![Effect::StopCamera]);
        assert_eq!(CameraProblem::FrameRefused.code(), "camera_frame_refused");
    }

    #[test]
    fn in_app_browsers_are_sent_to_the_system_browser() {
        let (c, fx) = step(Capture::new(), open(false, true));
        assert_eq!(c.phase, Phase::CameraFailed(CameraProblem::InAppBrowser));
        assert!(fx.is_empty());
        let (c, _) = step(Capture::new(), open(true, true));
        let (c, _) = step(c, Event::CameraFailed(CameraProblem::Denied));
        assert_eq!(c.phase, Phase::CameraFailed(CameraProblem::InAppBrowser));
        let (c, _) = step(Capture::new(), open(true, true));
        let (c, _) = step(c, Event::CameraFailed(CameraProblem::Busy));
        assert_eq!(c.phase, Phase::CameraFailed(CameraProblem::Busy));
    }

    fn live() -> Capture {
        let (c, fx) = step(Capture::new(), open(true, false));
        assert_eq!(fx, vec![Effect::StartCamera]);
        let (c, _) = step(c, Event::CameraStarted);
        assert_eq!(c.phase, Phase::Live);
        c
    }

    #[test]
    fn a_camera_lost_under_the_preview_is_asked_for_again() {
        let (c, _) = run(live(), ok_frames(0.0, 300.0));
        assert!(c.guidance.is_some());
        let (c, fx) = step(c, Event::CameraLost);
        assert_eq!(c.phase, Phase::Starting);
        assert_eq!(fx, vec![Effect::StopCamera, Effect::StartCamera]);
        assert_eq!(
            (c.guidance, c.opened_ms, c.manual_allowed),
            (None, None, false)
        );
        // The frames of the old stream said nothing about the new one: auto-capture starts over.
        let (c, _) = step(c, Event::CameraStarted);
        assert_eq!(c.phase, Phase::Live);
        // A photo being taken when it went is dropped with it.
        let c = Capture {
            phase: Phase::Taking,
            ..live()
        };
        let (c, fx) = step(c, Event::CameraLost);
        assert_eq!(
            (c.phase.clone(), fx),
            (
                Phase::Starting,
                vec![Effect::StopCamera, Effect::StartCamera]
            )
        );
        // Anywhere else there is no camera to lose (a late report of an old stream).
        for phase in [
            Phase::Starting,
            Phase::Preview(Source::Camera),
            Phase::CameraFailed(CameraProblem::Busy),
            Phase::Uploaded,
        ] {
            let c = Capture {
                phase: phase.clone(),
                ..Capture::new()
            };
            let (after, fx) = step(c, Event::CameraLost);
            assert_eq!((after.phase, fx), (phase, vec![]));
        }
    }

    fn run(c: Capture, events: impl IntoIterator<Item = Event>) -> (Capture, Vec<Effect>) {
        let mut all = Vec::new();
        let mut c = c;
        for e in events {
            let (next, fx) = step(c, e);
            c = next;
            all.extend(fx);
        }
        (c, all)
    }

    fn ok_frames(from_ms: f64, to_ms: f64) -> Vec<Event> {
        let mut t = from_ms;
        let mut v = Vec::new();
        while t <= to_ms {
            v.push(Event::Frame {
                guidance: Guidance::Ok,
                signature: Signature([100; 64]),
                now_ms: t,
            });
            t += 100.0;
        }
        v
    }

    fn previewing() -> Capture {
        let (c, _) = run(live(), ok_frames(0.0, 10_000.0));
        let (c, _) = step(c, Event::PhotoTaken);
        assert_eq!(c.phase, Phase::Preview(Source::Camera));
        c
    }

    #[test]
    fn steady_good_frames_take_the_photo_once() {
        let (c, fx) = run(live(), ok_frames(0.0, 10_000.0));
        assert_eq!(c.phase, Phase::Taking);
        assert_eq!(fx.iter().filter(|e| **e == Effect::TakePhoto).count(), 1);
        let (c, fx) = step(c, Event::PhotoTaken);
        assert_eq!(c.phase, Phase::Preview(Source::Camera));
        assert_eq!(fx, vec![Effect::StopCamera]);
    }

    #[test]
    fn bad_frames_show_guidance_and_never_auto_capture() {
        let mut events = Vec::new();
        for i in 0..100 {
            events.push(Event::Frame {
                guidance: Guidance::Blurry,
                signature: Signature([100; 64]),
                now_ms: f64::from(i) * 100.0,
            });
        }
        let (c, fx) = run(live(), events);
        assert_eq!(c.phase, Phase::Live);
        assert_eq!(c.guidance, Some(Guidance::Blurry));
        assert!(!fx.contains(&Effect::TakePhoto));
        // After a while the shutter works anyway.
        assert!(c.manual_allowed);
        let (c, fx) = step(c, Event::Shutter { now_ms: 10_000.0 });
        assert_eq!(fx, vec![Effect::TakePhoto]);
        assert_eq!(c.phase, Phase::Taking);
    }

    #[test]
    fn a_moving_picture_does_not_auto_capture() {
        let mut events = Vec::new();
        for i in 0..60u8 {
            events.push(Event::Frame {
                guidance: Guidance::Ok,
                // Every frame differs a lot from the last: the card is moving.
                signature: Signature([if i % 2 == 0 { 40 } else { 200 }; 64]),
                now_ms: f64::from(i) * 100.0,
            });
        }
        let (c, fx) = run(live(), events);
        assert_eq!(c.phase, Phase::Live);
        assert!(!fx.contains(&Effect::TakePhoto));
    }

    #[test]
    fn the_shutter_waits_for_good_quality_at_first() {
        let (c, _) = step(
            live(),
            Event::Frame {
                guidance: Guidance::Dark,
                signature: Signature([10; 64]),
                now_ms: 0.0,
            },
        );
        let (c, fx) = step(c, Event::Shutter { now_ms: 100.0 });
        assert!(fx.is_empty());
        assert_eq!(c.phase, Phase::Live);
    }

    #[test]
    fn camera_problems_have_their_own_state_and_a_retry() {
        for (name, problem) in [
            ("NotAllowedError", CameraProblem::Denied),
            ("NotFoundError", CameraProblem::NotFound),
            ("NotReadableError", CameraProblem::Busy),
            ("TypeError", CameraProblem::Unsupported),
        ] {
            assert_eq!(CameraProblem::from_dom_error(name), problem);
            let (c, _) = step(Capture::new(), open(true, false));
            let (c, fx) = step(c, Event::CameraFailed(problem));
            assert_eq!(c.phase, Phase::CameraFailed(problem));
            assert_eq!(fx, vec![Effect::StopCamera]);
            let (c, fx) = step(c, Event::TryAgain);
            assert_eq!((c.phase, fx), (Phase::Starting, vec![Effect::StartCamera]));
        }
        let (c, fx) = step(Capture::new(), open(false, false));
        assert_eq!(c.phase, Phase::CameraFailed(CameraProblem::Unsupported));
        assert!(fx.is_empty());
    }

    #[test]
    fn a_file_works_when_the_camera_does_not() {
        let (c, _) = step(Capture::new(), open(true, false));
        let (c, _) = step(c, Event::CameraFailed(CameraProblem::Denied));
        let (c, _) = step(c, Event::FileRefused);
        assert_eq!(c.phase, Phase::CameraFailed(CameraProblem::Denied));
        let (c, _) = step(c, Event::FileChosen);
        assert_eq!(c.phase, Phase::Preview(Source::File));
    }

    #[test]
    fn a_late_camera_is_released() {
        let (c, _) = step(Capture::new(), open(true, false));
        let (c, _) = step(c, Event::FileChosen);
        let (_, fx) = step(c, Event::CameraStarted);
        assert_eq!(fx, vec![Effect::StopCamera]);
    }

    #[test]
    fn retake_forgets_the_photo_and_restarts_the_camera() {
        let (c, fx) = step(previewing(), Event::Retake);
        assert_eq!(fx, vec![Effect::ForgetPhoto, Effect::StartCamera]);
        assert_eq!(c.phase, Phase::Starting);
        assert!(!c.manual_allowed);
    }

    #[test]
    fn transient_failures_retry_with_the_same_photo_then_hand_over_to_the_user() {
        let (mut c, fx) = step(previewing(), Event::UsePhoto);
        assert_eq!(fx, vec![Effect::Upload { attempt: 1 }]);
        let mut uploads = 1;
        loop {
            let (next, fx) = step(
                c,
                Event::Answered {
                    status: Some(503),
                    code: None,
                    jitter: 0.5,
                },
            );
            c = next;
            if c.phase == Phase::UploadFailed(UploadProblem::Unreachable) {
                break;
            }
            assert!(matches!(fx.as_slice(), [Effect::StartRetryTimer(_)]));
            let (next, fx) = step(c, Event::RetryTimer);
            c = next;
            assert!(matches!(fx.as_slice(), [Effect::Upload { .. }]));
            uploads += 1;
        }
        assert_eq!(uploads, retry::MAX_AUTO_ATTEMPTS);
        // Nothing was forgotten: trying again sends the same photo.
        let (c, fx) = step(c, Event::TryAgain);
        assert_eq!(fx, vec![Effect::Upload { attempt: 1 }]);
        let (c, _) = step(
            c,
            Event::Answered {
                status: Some(201),
                code: None,
                jitter: 0.1,
            },
        );
        assert_eq!(c.phase, Phase::Uploaded);
    }

    #[test]
    fn a_refused_photo_asks_for_another_one() {
        let (c, _) = step(previewing(), Event::UsePhoto);
        let (c, _) = step(
            c,
            Event::Progress {
                sent: 10,
                total: 20,
            },
        );
        assert_eq!(
            c.phase,
            Phase::Uploading {
                attempt: 1,
                sent: 10,
                total: 20
            }
        );
        let (c, fx) = step(
            c,
            Event::Answered {
                status: Some(422),
                code: Some("undecodable_image".into()),
                jitter: 0.0,
            },
        );
        assert!(fx.is_empty());
        assert_eq!(
            c.phase,
            Phase::UploadFailed(UploadProblem::Refused("undecodable_image".into()))
        );
        let (c, fx) = step(c, Event::Retake);
        assert_eq!(c.phase, Phase::Starting);
        assert!(fx.contains(&Effect::ForgetPhoto));
    }

    #[test]
    fn answers_outside_an_upload_change_nothing() {
        let c = previewing();
        let (next, fx) = step(
            c.clone(),
            Event::Answered {
                status: Some(201),
                code: None,
                jitter: 0.0,
            },
        );
        assert_eq!(next, c);
        assert!(fx.is_empty());
    }
}
