//! The shell of the selfie step: the front camera, the platform's challenge walked through by
//! the core's `liveness::Run`, a burst of frames per step kept in memory, and one upload with
//! automatic retries. Face guidance is not part of this version yet.

use crate::api::{self, CallError};
use crate::browser::camera::{self, Camera, Facing};
use crate::browser::frames;
use crate::browser::upload::{self, Answer, Part, PartValue};
use crate::journey::Journey;
use idv_core::capture::CameraProblem;
use idv_core::flow::{self, CallFailure};
use idv_core::liveness::{ChallengeStep, Run, RunProgress};
use idv_core::retry::{self, Next};
use idv_core::Preflight;
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use web_sys::Blob;

/// Time between two frames of a step.
const FRAME_INTERVAL_MS: u64 = 250;
/// Time to turn the head between two steps.
const STEP_PAUSE_MS: u64 = 1_200;
/// A selfie frame's long side.
const FRAME_SIDE: f64 = 480.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Intro,
    Starting,
    /// Taking frames for this step (`position` of `count`).
    Step {
        step: ChallengeStep,
        position: usize,
        count: usize,
    },
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
            Stage::Step { .. } => "challenge",
            Stage::Uploading { .. } => "uploading",
            Stage::Retrying => "retrying",
            Stage::UploadFailed => "upload_failed",
            Stage::Refused => "upload_refused",
            Stage::CameraFailed(p) => p.code(),
            Stage::Done => "uploaded",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Selfie {
    pub stage: RwSignal<Stage>,
    pub video: NodeRef<Video>,
    journey: Journey,
    camera: StoredValue<Option<Camera>, LocalStorage>,
    frames: StoredValue<Vec<(ChallengeStep, Blob)>, LocalStorage>,
    liveness_id: StoredValue<Option<String>>,
    key: StoredValue<String>,
}

impl Selfie {
    pub fn new(journey: Journey) -> Selfie {
        let s = Selfie {
            stage: RwSignal::new(Stage::Intro),
            video: NodeRef::new(),
            journey,
            camera: StoredValue::new_local(None),
            frames: StoredValue::new_local(Vec::new()),
            liveness_id: StoredValue::new(None),
            key: StoredValue::new(String::new()),
        };
        on_cleanup(move || s.camera.update_value(|c| *c = None));
        s
    }

    /// Starts the camera and the challenge together, then walks through its steps.
    pub fn start(self) {
        if !matches!(
            self.stage.get_untracked(),
            Stage::Intro | Stage::Refused | Stage::CameraFailed(_)
        ) {
            return;
        }
        self.stage.set(Stage::Starting);
        self.frames.update_value(Vec::clear);
        let token = self.journey.token();
        spawn_local(async move {
            if !camera::available() {
                return self
                    .stage
                    .set(Stage::CameraFailed(CameraProblem::Unsupported));
            }
            let cam = match Camera::start(Facing::User).await {
                Ok(cam) => cam,
                Err(problem) => return self.stage.set(Stage::CameraFailed(problem)),
            };
            if let Some(video) = self.video.get_untracked() {
                video.set_src_object(Some(cam.stream()));
                let _ = video.play();
            }
            if self.camera.try_update_value(|c| *c = Some(cam)).is_none() {
                return;
            }
            let started = match api::liveness_start(&token).await {
                Ok(started) => started,
                Err(e) => return self.failed_call(e),
            };
            self.liveness_id.set_value(Some(started.liveness_id));
            self.key.set_value(crate::document::new_key());
            let mut run = Run::new(started.challenge, started.frames_per_step);
            while let Some(step) = run.current() {
                let (position, count) = run.position();
                self.stage.set(Stage::Step {
                    step,
                    position,
                    count,
                });
                api::sleep(Duration::from_millis(FRAME_INTERVAL_MS)).await;
                let Some(video) = self.video.get_untracked() else {
                    return;
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
                    RunProgress::Done => break,
                }
            }
            self.camera.update_value(|c| *c = None);
            self.upload().await;
        });
    }

    /// Sends the kept frames again (after the automatic attempts were spent).
    pub fn retry(self) {
        if self.stage.get_untracked() == Stage::UploadFailed {
            spawn_local(self.upload());
        }
    }

    /// For a person who cannot take a selfie: a person reviews instead (EN 301 549 §5.3).
    pub fn assisted(self) {
        self.camera.update_value(|c| *c = None);
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
                    self.frames.update_value(Vec::clear);
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

    fn moved_on(self, p: Preflight) {
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
                self.journey.dispatch(flow::Event::CheckAgain)
            }
            CallError::Network(_) | CallError::Timeout(_) | CallError::Server { .. } => {
                self.stage.set(Stage::UploadFailed)
            }
            // Refused frames, an expired challenge: take the selfie again.
            _ => self.stage.set(Stage::Refused),
        }
    }
}
