//! The shell of the selfie step: the front camera; live face guidance from the face worker
//! (judged and steadied by the core's `face_guide`) until the face is in place; the platform's
//! challenge walked through by the core's `liveness::coach` on the worker's head poses (each
//! step's frames taken only while its pose holds; a user who cannot make a step in time is
//! offered to try again or the assisted way), or, where the worker is unavailable, by the
//! core's timed `liveness::Run`; a burst of frames per step kept in memory, and the whole burst
//! in the tab's store until it is sent (a reload offers it again, see `browser::kept`); and one
//! upload with automatic retries.

use crate::api::{self, CallError};
use crate::browser::camera::{self, Camera, Facing};
use crate::browser::face::{FaceError, FaceWorker};
use crate::browser::frames;
use crate::browser::kept;
use crate::browser::object_url::ObjectUrl;
use crate::browser::upload::{self, Answer, Part, PartValue};
use crate::journey::Journey;
use idv_core::capture::CameraProblem;
use idv_core::face_guide::{self, Guidance, Guide};
use idv_core::flow::{self, CallFailure};
use idv_core::kept::{Kept, KeptKind, KeptLiveness, KeptPart};
use idv_core::liveness::coach::{self, Coach, Effect as CoachEffect, Hint};
use idv_core::liveness::{ChallengeStep, Run, RunProgress};
use idv_core::retry::{self, Next};
use idv_core::Preflight;
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;
use web_sys::Blob;

/// Time between two frames of a step.
const FRAME_INTERVAL_MS: u64 = 250;
/// Time to turn the head between two steps.
const STEP_PAUSE_MS: u64 = 1_200;
/// A selfie frame's long side.
const FRAME_SIDE: f64 = 480.0;
/// The face guidance analyses at most one frame per this many milliseconds: about 8 a second
/// reads as live, and leaves a slow phone's CPU to the preview.
const ANALYSIS_INTERVAL_MS: f64 = 120.0;
/// During the challenge frames are analysed as often as the worker answers (a turn is short),
/// with a little room left for the preview.
const CHALLENGE_INTERVAL_MS: f64 = 60.0;

/// How a coached challenge ended.
enum Coached {
    /// Every step has its frames.
    Done,
    /// Timed out, or the screen moved on.
    Stopped,
    /// The worker failed: the challenge goes on the timed way.
    WorkerLost,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Intro,
    Starting,
    /// The camera is on and the face guidance runs until the face is in place; `anyway` once
    /// starting without it is offered.
    Positioning {
        anyway: bool,
    },
    /// A whole burst kept from before a reload, not sent yet: send it, or take the selfie again.
    Kept,
    /// Asking the platform for the challenge.
    Challenging,
    /// Taking frames for this step (`position` of `count`).
    Step {
        step: ChallengeStep,
        position: usize,
        count: usize,
    },
    /// The pose of `step` was not seen in time: try again, or the assisted way.
    TimedOut(ChallengeStep),
    Uploading {
        sent: u64,
        total: u64,
    },
    Retrying,
    /// The automatic attempts are spent: the frames are kept.
    UploadFailed,
    /// The platform refused the frames: start again.
    Refused,
    CameraFailed(CameraProblem),
    Done,
}

impl Stage {
    pub fn name(&self) -> &'static str {
        match self {
            Stage::Intro => "intro",
            Stage::Starting => "starting",
            Stage::Positioning { .. } => "positioning",
            Stage::Kept => "kept",
            Stage::Challenging => "challenging",
            Stage::Step { .. } => "challenge",
            Stage::TimedOut(_) => "challenge_timed_out",
            Stage::Uploading { .. } => "uploading",
            Stage::Retrying => "retrying",
            Stage::UploadFailed => "upload_failed",
            Stage::Refused => "upload_refused",
            Stage::CameraFailed(p) => p.code(),
            Stage::Done => "uploaded",
        }
    }
}

/// The face guidance's figures, exposed for the benchmark (`data-face-*`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FaceFigures {
    /// Frames analysed on this screen.
    pub frames: u32,
    /// Mean detection time in the worker, in ms.
    pub detect_ms: Option<f64>,
    /// Mean time from grabbing a frame to its verdict, in ms (detection, transfer, drawing).
    pub round_trip_ms: Option<f64>,
}

#[derive(Clone, Copy)]
pub struct Selfie {
    pub stage: RwSignal<Stage>,
    /// What the guidance shows now; `None` before the first verdict and when the worker is
    /// unavailable (the selfie then goes on without guidance).
    pub guidance: RwSignal<Option<Guidance>>,
    /// What the challenge tells the user now (the coach's hint); `None` on the timed way.
    pub hint: RwSignal<Option<Hint>>,
    pub figures: RwSignal<FaceFigures>,
    pub video: NodeRef<Video>,
    journey: Journey,
    camera: StoredValue<Option<Camera>, LocalStorage>,
    /// The face worker, kept from the positioning to the challenge.
    worker: StoredValue<Option<Rc<FaceWorker>>, LocalStorage>,
    frames: StoredValue<Vec<(ChallengeStep, Blob)>, LocalStorage>,
    liveness_id: StoredValue<Option<String>>,
    /// The challenge the frames follow, and when the platform stops taking them (wall clock,
    /// ms), for the tab's copy.
    challenge: StoredValue<(Vec<ChallengeStep>, u64)>,
    key: StoredValue<String>,
    /// The kept burst's first frame, shown with it after a reload.
    pub kept_url: RwSignal<Option<String>>,
    kept_preview: StoredValue<Option<ObjectUrl>, LocalStorage>,
}

impl Selfie {
    pub fn new(journey: Journey) -> Selfie {
        let s = Selfie {
            stage: RwSignal::new(Stage::Intro),
            guidance: RwSignal::new(None),
            hint: RwSignal::new(None),
            figures: RwSignal::new(FaceFigures::default()),
            video: NodeRef::new(),
            journey,
            camera: StoredValue::new_local(None),
            worker: StoredValue::new_local(None),
            frames: StoredValue::new_local(Vec::new()),
            liveness_id: StoredValue::new(None),
            challenge: StoredValue::new((Vec::new(), 0)),
            key: StoredValue::new(String::new()),
            kept_url: RwSignal::new(None),
            kept_preview: StoredValue::new_local(None),
        };
        on_cleanup(move || {
            s.camera.update_value(|c| *c = None);
            s.worker.update_value(|w| *w = None);
            s.kept_preview.update_value(|p| *p = None);
        });
        if let Some(record) = kept::offered(&journey.session_id(), KeptKind::Selfie) {
            s.restore(record);
        }
        // Frames whose upload gave up while offline go again by themselves when the network is
        // back; `retry` does nothing in any other stage.
        let flow = journey.flow();
        let was_offline = StoredValue::new(false);
        Effect::new(move |_| {
            let offline = flow.with(|f| f.offline);
            if was_offline.try_get_value() == Some(true) && !offline {
                s.retry();
            }
            was_offline.try_set_value(offline);
        });
        s
    }

    /// Starts the front camera and the face guidance; the challenge follows once the face is
    /// in place (or the user starts anyway, or the guidance is unavailable).
    pub fn start(self) {
        if !matches!(
            self.stage.get_untracked(),
            Stage::Intro
                | Stage::Kept
                | Stage::Refused
                | Stage::CameraFailed(_)
                | Stage::TimedOut(_)
        ) {
            return;
        }
        self.stage.set(Stage::Starting);
        self.guidance.set(None);
        self.hint.set(None);
        self.forget_frames();
        spawn_local(async move {
            if !camera::available() {
                return self
                    .stage
                    .set(Stage::CameraFailed(CameraProblem::Unsupported));
            }
            let mut cam = match Camera::start(Facing::User).await {
                Ok(cam) => cam,
                Err(problem) => return self.stage.set(Stage::CameraFailed(problem)),
            };
            cam.watch(move || self.camera_lost());
            if let Some(video) = self.video.try_get_untracked().flatten() {
                camera::show(&video, Some(cam.stream()));
            }
            if self.camera.try_update_value(|c| *c = Some(cam)).is_none() {
                return;
            }
            self.stage.set(Stage::Positioning { anyway: false });
            self.position().await;
            if self.positioning() {
                self.challenge().await;
            }
        });
    }

    /// The camera stopped under the preview (`Camera::watch`: back from the back-forward cache,
    /// the device gone). The screen goes back to its start, where the user starts again; the
    /// guidance or the challenge running stops with the stage, and its frames are dropped by
    /// the next start.
    fn camera_lost(self) {
        let live = matches!(
            self.stage.try_get_untracked(),
            Some(
                Stage::Starting
                    | Stage::Positioning { .. }
                    | Stage::Challenging
                    | Stage::Step { .. }
            )
        );
        if live {
            self.camera.try_update_value(|c| *c = None);
            self.guidance.try_set(None);
            self.hint.try_set(None);
            self.stage.try_set(Stage::Intro);
        }
    }

    /// Whether the face guidance should run on; false once the screen is gone (its signals
    /// disposed), which a task waiting on the worker must not mistake for a panic.
    fn positioning(self) -> bool {
        matches!(
            self.stage.try_get_untracked(),
            Some(Stage::Positioning { .. })
        )
    }

    /// Starts the challenge without the guidance's "ok".
    pub fn anyway(self) {
        if self.positioning() {
            self.stage.set(Stage::Challenging);
            spawn_local(self.challenge());
        }
    }

    /// Runs the face guidance until the face is in place. Returns early when the user starts
    /// anyway or leaves, and when the worker is unavailable: the guidance helps, it never
    /// stands between the user and the selfie.
    async fn position(self) {
        let Some(worker) = self.face_worker() else {
            return;
        };
        let mut guide = Guide::new(now_ms());
        while self.positioning() {
            let Some(video) = self.video.try_get_untracked().flatten() else {
                return;
            };
            let grabbed = now_ms();
            match worker.analyse(&video).await {
                Ok(analysis) => {
                    let verdict = face_guide::judge(&analysis.boxes(), analysis.seen.mean_luma);
                    let shown = guide.observe(verdict);
                    // The screen may have moved on, or be gone, while the worker was busy.
                    if !self.positioning() {
                        return;
                    }
                    self.guidance.set(Some(shown));
                    self.count_frame(analysis.detect_ms, now_ms() - grabbed);
                    if guide.ready() {
                        return;
                    }
                }
                Err(FaceError::NoFrame) => {}
                Err(FaceError::Worker) => {
                    self.guidance.set(None);
                    self.worker.update_value(|w| *w = None);
                    return;
                }
            }
            if guide.offer_anyway(now_ms()) {
                self.stage.update(|s| {
                    if let Stage::Positioning { anyway } = s {
                        *anyway = true;
                    }
                });
            }
            let wait = (ANALYSIS_INTERVAL_MS - (now_ms() - grabbed)).max(0.0);
            api::sleep(Duration::from_millis(wait as u64)).await;
        }
    }

    /// Asks the platform for the challenge and walks through its steps, then uploads.
    async fn challenge(self) {
        self.stage.set(Stage::Challenging);
        let token = self.journey.token();
        let started = match api::liveness_start(&token).await {
            Ok(started) => started,
            Err(e) => return self.failed_call(e),
        };
        self.liveness_id.set_value(Some(started.liveness_id));
        let expires_at = js_sys::Date::now() as u64 + u64::from(started.expires_in) * 1000;
        self.challenge
            .set_value((started.challenge.clone(), expires_at));
        self.key.set_value(crate::document::new_key());
        let worker = self.worker.try_get_value().flatten();
        let done = match worker {
            Some(worker) => {
                self.coached(&worker, started.challenge.clone(), started.frames_per_step)
                    .await
            }
            None => Coached::WorkerLost,
        };
        let done = match done {
            Coached::Done => true,
            Coached::Stopped => false,
            // Without the worker the platform alone judges the poses: frames on a timer, from
            // the first step again, so the burst stays whole.
            Coached::WorkerLost => {
                self.frames.try_update_value(Vec::clear);
                self.hint.try_set(None);
                self.timed(started.challenge, started.frames_per_step).await
            }
        };
        if !done {
            return;
        }
        self.camera.update_value(|c| *c = None);
        self.worker.update_value(|w| *w = None);
        self.keep_in_tab().await;
        self.upload().await;
    }

    /// Starts the face worker once for the screen; `None` where workers are unavailable.
    fn face_worker(self) -> Option<Rc<FaceWorker>> {
        if let Some(worker) = self.worker.try_get_value().flatten() {
            return Some(worker);
        }
        let worker = Rc::new(FaceWorker::start()?);
        self.worker.try_set_value(Some(worker.clone()));
        Some(worker)
    }

    fn count_frame(self, detect_ms: f64, took_ms: f64) {
        self.figures.update(|f| {
            let n = f64::from(f.frames);
            let mean = |m: Option<f64>, v: f64| Some(m.map_or(v, |m| (m * n + v) / (n + 1.0)));
            f.detect_ms = mean(f.detect_ms, detect_ms);
            f.round_trip_ms = mean(f.round_trip_ms, took_ms);
            f.frames += 1;
        });
    }

    fn challenging(self) -> bool {
        matches!(
            self.stage.try_get_untracked(),
            Some(Stage::Challenging | Stage::Step { .. })
        )
    }

    /// Walks the challenge with the coach: every analysed frame's faces go in, its effects are
    /// carried out (hints shown, frames taken while the pose holds).
    async fn coached(
        self,
        worker: &FaceWorker,
        challenge: Vec<ChallengeStep>,
        per_step: u32,
    ) -> Coached {
        let mut coach = Coach::new(challenge, per_step);
        let mut queue: VecDeque<CoachEffect> = coach
            .step(coach::Event::Start { now_ms: now_ms() }, None)
            .into();
        loop {
            while let Some(effect) = queue.pop_front() {
                match effect {
                    CoachEffect::Show(hint) => {
                        self.hint.try_set(Some(hint));
                    }
                    CoachEffect::TakeFrame(step) => {
                        let Some(video) = self.video.try_get_untracked().flatten() else {
                            return Coached::Stopped;
                        };
                        let frame = frames::frame_from_video(&video, FRAME_SIDE).await;
                        let ok = frame.is_some();
                        if let Some(frame) = frame {
                            self.frames.try_update_value(|f| f.push((step, frame)));
                        }
                        let now_ms = now_ms();
                        queue.extend(coach.step(coach::Event::FrameTaken { now_ms, ok }, None));
                    }
                    CoachEffect::NextStep(_) => {}
                    CoachEffect::Done => return Coached::Done,
                    CoachEffect::TimedOut(step) => {
                        self.camera.update_value(|c| *c = None);
                        self.worker.update_value(|w| *w = None);
                        self.stage.try_set(Stage::TimedOut(step));
                        return Coached::Stopped;
                    }
                }
            }
            if !self.challenging() {
                return Coached::Stopped;
            }
            if let Some(step) = coach.current() {
                let (position, count) = coach.position();
                let stage = Stage::Step {
                    step,
                    position,
                    count,
                };
                if self.stage.get_untracked() != stage {
                    self.stage.set(stage);
                }
            }
            let Some(video) = self.video.try_get_untracked().flatten() else {
                return Coached::Stopped;
            };
            let grabbed = now_ms();
            let answer = worker.analyse(&video).await;
            if !self.challenging() {
                return Coached::Stopped;
            }
            let now_ms = now_ms();
            queue.extend(match answer {
                Ok(analysis) => {
                    self.count_frame(analysis.detect_ms, now_ms - grabbed);
                    coach.step(coach::Event::Seen { now_ms }, Some(&analysis.seen))
                }
                Err(FaceError::NoFrame) => coach.step(coach::Event::Tick { now_ms }, None),
                Err(FaceError::Worker) => return Coached::WorkerLost,
            });
            let wait = (CHALLENGE_INTERVAL_MS - (now_ms - grabbed)).max(0.0);
            api::sleep(Duration::from_millis(wait as u64)).await;
        }
    }

    /// The timed way (no face worker): frames on a timer, a pause to turn between steps.
    /// `false` if the screen moved on meanwhile.
    async fn timed(self, challenge: Vec<ChallengeStep>, per_step: u32) -> bool {
        let mut run = Run::new(challenge, per_step);
        while let Some(step) = run.current() {
            if !self.challenging() {
                return false;
            }
            let (position, count) = run.position();
            self.stage.set(Stage::Step {
                step,
                position,
                count,
            });
            api::sleep(Duration::from_millis(FRAME_INTERVAL_MS)).await;
            let Some(video) = self.video.try_get_untracked().flatten() else {
                return false;
            };
            let Some(frame) = frames::frame_from_video(&video, FRAME_SIDE).await else {
                continue;
            };
            self.frames.update_value(|f| f.push((step, frame)));
            match run.frame_taken() {
                RunProgress::FrameDue => {}
                RunProgress::NextStep(_) => {
                    api::sleep(Duration::from_millis(STEP_PAUSE_MS)).await;
                }
                RunProgress::Done => return true,
            }
        }
        true
    }

    /// Sends the kept frames again (after the automatic attempts were spent).
    pub fn retry(self) {
        if self.stage.get_untracked() != Stage::UploadFailed {
            return;
        }
        if self.frames.with_value(Vec::is_empty) {
            // What failed was asking for the challenge (no network then, or a page sent to the
            // back-forward cache with the call under way): there is no burst to send, so the
            // selfie starts again.
            self.stage.set(Stage::Intro);
            self.start();
        } else {
            spawn_local(self.upload());
        }
    }

    /// Sends the burst kept from before a reload, under its own idempotency key.
    pub fn send_kept(self) {
        if self.stage.get_untracked() == Stage::Kept {
            spawn_local(self.upload());
        }
    }

    /// Copies the whole burst to the tab's store before it is sent. Not kept (too large, the
    /// store refused): the frames live in memory only, as before the store existed.
    async fn keep_in_tab(self) {
        let (Some(liveness_id), Some((challenge, expires_at_ms))) = (
            self.liveness_id.try_get_value().flatten(),
            self.challenge.try_get_value(),
        ) else {
            return;
        };
        let Some(frames) = self.frames.try_get_value() else {
            return;
        };
        let steps: Vec<ChallengeStep> = frames.iter().map(|(step, _)| *step).collect();
        if !idv_core::kept::frames_complete(&challenge, &steps) {
            return;
        }
        let mut parts = Vec::with_capacity(frames.len());
        for (step, blob) in &frames {
            let Some(bytes) = kept::bytes_of(blob).await else {
                return;
            };
            parts.push(KeptPart {
                mime: blob.type_(),
                step: Some(*step),
                bytes,
            });
        }
        let record = Kept {
            session_id: self.journey.session_id(),
            kind: KeptKind::Selfie,
            key: self.key.get_value(),
            name: "selfie".to_owned(),
            pages: None,
            liveness: Some(KeptLiveness {
                liveness_id,
                challenge,
                expires_at_ms,
            }),
            parts,
        };
        let _ = kept::save(&record);
    }

    /// Takes back a burst kept from before a reload: its frames, its liveness, its key.
    fn restore(self, record: Kept) {
        let Some(liveness) = record.liveness else {
            return;
        };
        let frames: Option<Vec<(ChallengeStep, Blob)>> = record
            .parts
            .iter()
            .map(|p| Some((p.step?, kept::blob_of(&p.bytes, &p.mime)?)))
            .collect();
        let Some(frames) = frames else {
            return;
        };
        let preview = frames.first().and_then(|(_, blob)| ObjectUrl::new(blob));
        self.kept_url
            .set(preview.as_ref().map(|p| p.url().to_owned()));
        self.kept_preview.set_value(preview);
        self.frames.set_value(frames);
        self.liveness_id.set_value(Some(liveness.liveness_id));
        self.challenge
            .set_value((liveness.challenge, liveness.expires_at_ms));
        self.key.set_value(record.key);
        self.stage.set(Stage::Kept);
    }

    /// The frames are stored, refused, or about to be taken again: no copy stays.
    fn forget_frames(self) {
        // The screen may be gone already (the platform moved on while this was sent).
        self.frames.try_update_value(Vec::clear);
        self.kept_url.try_set(None);
        self.kept_preview.try_set_value(None);
        kept::remove(KeptKind::Selfie);
    }

    /// For a person who cannot take a selfie: a person reviews instead (EN 301 549 §5.3).
    pub fn assisted(self) {
        self.camera.update_value(|c| *c = None);
        self.worker.update_value(|w| *w = None);
        let token = self.journey.token();
        spawn_local(async move {
            match api::liveness_assisted(&token).await {
                Ok(p) => self.moved_on(p),
                Err(e) => self.failed_call(e),
            }
        });
    }

    async fn upload(self) {
        let Some(id) = self.liveness_id.get_value() else {
            return;
        };
        let frames = self.frames.get_value();
        let names: Vec<String> = (0..frames.len())
            .map(|i| format!("frame-{i}.jpg"))
            .collect();
        let mut parts = Vec::with_capacity(frames.len() * 2);
        for ((step, blob), name) in frames.iter().zip(&names) {
            parts.push(Part {
                name: "step",
                value: PartValue::Text(step.code()),
            });
            parts.push(Part {
                name: "frame",
                value: PartValue::File(blob, name),
            });
        }
        let path = format!("/v1/client/liveness/{id}/complete");
        let token = self.journey.token();
        let key = self.key.get_value();
        let mut attempt = 1;
        loop {
            self.stage.set(Stage::Uploading { sent: 0, total: 0 });
            let progress = move |sent: f64, total: f64| {
                self.stage.set(Stage::Uploading {
                    sent: sent as u64,
                    total: total as u64,
                })
            };
            let answer = upload::post(&path, &token, &key, &parts, progress).await;
            let status = match &answer {
                Answer::Status(status, _) => Some(*status),
                Answer::NoAnswer => None,
            };
            match (
                retry::next(attempt, retry::classify(status), js_sys::Math::random()),
                answer,
            ) {
                (Next::Done, Answer::Status(_, body)) => {
                    #[derive(serde::Deserialize)]
                    struct Completed {
                        preflight: Preflight,
                    }
                    return match serde_json::from_str::<Completed>(&body) {
                        Ok(c) => self.moved_on(c.preflight),
                        Err(_) => self.journey.dispatch(flow::Event::CheckAgain),
                    };
                }
                (Next::RetryAfter(ms), _) => {
                    self.stage.set(Stage::Retrying);
                    api::sleep(Duration::from_millis(ms.into())).await;
                    attempt += 1;
                }
                (Next::GiveUp, _) => return self.stage.set(Stage::UploadFailed),
                (_, Answer::Status(status, body)) => {
                    return self.failed_call(CallError::from_answer(status, &body));
                }
                (_, Answer::NoAnswer) => return self.stage.set(Stage::UploadFailed),
            }
        }
    }

    /// The step is done (frames stored, or assisted verification instead): nothing stays kept.
    fn moved_on(self, p: Preflight) {
        self.forget_frames();
        self.stage.set(Stage::Done);
        self.journey.dispatch(flow::Event::PreflightLoaded(p));
    }

    fn failed_call(self, e: CallError) {
        self.camera.update_value(|c| *c = None);
        match e {
            CallError::Unauthorized { .. } => self
                .journey
                .dispatch(flow::Event::PreflightFailed(CallFailure::from(e))),
            CallError::Rejected { status: 409, .. } => {
                kept::remove(KeptKind::Selfie);
                self.journey.dispatch(flow::Event::CheckAgain)
            }
            CallError::Network(_) | CallError::Timeout(_) | CallError::Server { .. } => {
                self.stage.set(Stage::UploadFailed)
            }
            // Refused frames, an expired challenge: take the selfie again.
            _ => {
                kept::remove(KeptKind::Selfie);
                self.stage.set(Stage::Refused)
            }
        }
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
