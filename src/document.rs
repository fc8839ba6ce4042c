//! The imperative shell of one capture (an ID side, or a proof-of-address/funds file): runs the
//! core's capture machine, owns
//! the camera, the preview's frame reader, the photo (kept for the tab's life until it is
//! stored: in memory, and in the tab's store so a reload offers it again, see
//! `browser::kept`), the retry timer, and the upload.

use crate::browser::camera::{self, Camera, Facing};
use crate::browser::frames::{self, FrameReader};
use crate::browser::kept;
use crate::browser::object_url::ObjectUrl;
use crate::browser::upload::{self, Answer, Part, PartValue};
use crate::card::{Outline, PhotoCorners};
use crate::i18n::Msg;
use crate::journey::Journey;
use idv_core::capture::{step, Capture, Effect, Event, Phase};
use idv_core::document_file::{first_page_jpeg, inspect_document, DocumentError, DocumentFormat};
use idv_core::flow::{self, CallFailure};
use idv_core::kept::{Kept, KeptKind, KeptPart};
use idv_core::quality::{judge, measure_with, Scratch};
use idv_core::{ApiError, DocumentKind, Preflight};
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

pub const MEDIA_PATH: &str = "/v1/client/media";
/// Preview frames analysed per second.
const ANALYSIS_INTERVAL_MS: u64 = 150;
/// Files above this are refused before any upload.
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Front,
    Back,
}

/// Where the kept file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `POST /v1/client/media` with `side`: a photo of the ID, by camera or file.
    Media(Side),
    /// `POST /v1/client/address` or `/funds`: a PDF or a photo, by file.
    Document(DocumentKind),
}

impl Target {
    fn path(self) -> &'static str {
        match self {
            Target::Media(_) => MEDIA_PATH,
            Target::Document(DocumentKind::Address) => "/v1/client/address",
            Target::Document(DocumentKind::Funds) => "/v1/client/funds",
        }
    }

    /// Which kept record is this capture's.
    fn kept_kind(self) -> KeptKind {
        match self {
            Target::Media(Side::Front) => KeptKind::DocumentFront,
            Target::Media(Side::Back) => KeptKind::DocumentBack,
            Target::Document(DocumentKind::Address) => KeptKind::Address,
            Target::Document(DocumentKind::Funds) => KeptKind::Funds,
        }
    }
}

/// What the preview shows of a chosen document file.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenFile {
    pub name: String,
    pub bytes: f64,
    /// A PDF's page count; `None` for a photo.
    pub pages: Option<u32>,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub analysis_ms: Option<f64>,
    pub frames: u32,
    pub photo_ms: Option<f64>,
    pub photo_bytes: Option<f64>,
}

/// The photo waiting to be stored: the same bytes and the same key on every attempt.
pub struct Photo {
    pub blob: Blob,
    /// Held so the preview's URL lives exactly as long as the photo: revoked when it goes.
    _url: ObjectUrl,
    pub key: String,
    /// Where the card lies in it, when the frame analysed as it was taken found its corners
    /// (never for a chosen file): sent with it on every attempt.
    pub corners: Option<PhotoCorners>,
}

#[derive(Clone, Copy)]
pub struct DocumentCapture {
    pub target: Target,
    pub chosen: RwSignal<Option<ChosenFile>>,
    pub state: RwSignal<Capture>,
    /// Why the last chosen file was refused, for the view.
    pub file_problem: RwSignal<Option<Msg>>,
    pub photo_url: RwSignal<Option<String>>,
    /// The photo on display was kept from before a reload (the view says so); false once the
    /// user takes or chooses another.
    pub restored: RwSignal<bool>,
    /// A chosen PDF's first page, when it is a JPEG the PDF holds (a scan); `None` for a PDF
    /// without one (the view shows a document card instead).
    pub page_url: RwSignal<Option<String>>,
    pub video: NodeRef<Video>,
    /// Pipeline figures for diagnostics and the benchmark: mean frame-analysis time over the
    /// recent frames (ms), and the last photo's capture-to-JPEG time (ms) and bytes.
    pub figures: RwSignal<Figures>,
    /// The card found in the last analysed frame, for the outline over the preview.
    pub outline: RwSignal<Option<Outline>>,
    /// Its corners, when the whole card was in that frame: the photo taken now carries them.
    found: StoredValue<Option<PhotoCorners>, LocalStorage>,
    journey: Journey,
    camera: StoredValue<Option<Camera>, LocalStorage>,
    reader: StoredValue<Option<(FrameReader, Scratch)>, LocalStorage>,
    photo: StoredValue<Option<Photo>, LocalStorage>,
    page: StoredValue<Option<ObjectUrl>, LocalStorage>,
    retry: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl DocumentCapture {
    pub fn start(target: Target, journey: Journey) -> DocumentCapture {
        let capture = DocumentCapture {
            target,
            chosen: RwSignal::new(None),
            state: RwSignal::new(Capture::new()),
            file_problem: RwSignal::new(None),
            photo_url: RwSignal::new(None),
            restored: RwSignal::new(false),
            page_url: RwSignal::new(None),
            video: NodeRef::new(),
            figures: RwSignal::new(Figures::default()),
            outline: RwSignal::new(None),
            found: StoredValue::new_local(None),
            journey,
            camera: StoredValue::new_local(None),
            reader: StoredValue::new_local(FrameReader::new().map(|r| (r, Scratch::default()))),
            photo: StoredValue::new_local(None),
            page: StoredValue::new_local(None),
            retry: StoredValue::new_local(None),
        };
        let uses_camera = matches!(target, Target::Media(_));
        let ticker = uses_camera
            .then(|| {
                set_interval_with_handle(
                    move || capture.analyse(),
                    Duration::from_millis(ANALYSIS_INTERVAL_MS),
                )
                .ok()
            })
            .flatten();
        on_cleanup(move || {
            if let Some(t) = ticker {
                t.clear();
            }
            capture.camera.update_value(|c| *c = None);
            capture.photo.update_value(|p| *p = None);
            capture.page.update_value(|p| *p = None);
            capture.retry.update_value(|t| {
                if let Some(t) = t.take() {
                    t.clear();
                }
            });
        });
        // An upload that gave up while the network was gone goes again by itself when it is back
        // (the same photo under the same key); in any other phase `TryAgain` changes nothing.
        let flow = journey.flow();
        let was_offline = StoredValue::new(false);
        leptos::prelude::Effect::new(move |_| {
            let offline = flow.with(|f| f.offline);
            if was_offline.try_get_value() == Some(true) && !offline {
                capture.dispatch(Event::TryAgain);
            }
            was_offline.try_set_value(offline);
        });
        // A photo kept from before a reload is offered as it was, without starting the camera
        // (no permission asked for nothing); "retake" starts it, and a camera that cannot start
        // then ends on its problem screen as usual. A document file starts at the
        // file choice: the capture machine stays in `Starting` without a camera until a file is
        // chosen.
        let restored = kept::offered(&journey.session_id(), target.kept_kind())
            .is_some_and(|record| capture.restore(&record, kept::corners_of(target.kept_kind())));
        if restored {
            capture.restored.set(true);
            capture.dispatch(Event::FileChosen);
        } else if uses_camera {
            capture.dispatch(Event::Open {
                camera_available: camera::available(),
                in_app_browser: idv_core::device::is_in_app_browser(&camera::user_agent()),
            });
        }
        capture
    }

    pub fn dispatch(self, event: Event) {
        let Some(state) = self.state.try_get_untracked() else {
            return;
        };
        let kept_before = idv_core::kept::keeps(&state.phase);
        let (next, effects) = step(state, event);
        // Stored, refused, or retaken: the tab's copy goes with it.
        if kept_before && !idv_core::kept::keeps(&next.phase) {
            kept::remove(self.target.kept_kind());
        }
        self.state.set(next);
        for effect in effects {
            self.run(effect);
        }
    }

    pub fn on(self, event: Event) -> Callback<()> {
        Callback::new(move |()| self.dispatch(event.clone()))
    }

    /// The shutter, stamped with the time it was pressed.
    pub fn shutter(self) {
        self.dispatch(Event::Shutter { now_ms: now_ms() });
    }

    fn analyse(self) {
        // A timer may fire after the screen is gone: its state is then disposed.
        if self
            .state
            .try_with_untracked(|c| c.phase != Phase::Live)
            .unwrap_or(true)
        {
            return;
        }
        let Some(video) = self.video.try_get_untracked().flatten() else {
            return;
        };
        let started = now_ms();
        let picture = (
            f64::from(video.video_width()),
            f64::from(video.video_height()),
        );
        let measured = self.reader.try_update_value(|r| {
            let (reader, scratch) = r.as_mut()?;
            let frame = reader.read(&video)?;
            let metrics = measure_with(&frame, scratch);
            let guidance = judge(&metrics);
            let outline = Outline::of_frame(&metrics, guidance, picture.0, picture.1);
            let corners = metrics.corners.as_ref().and_then(PhotoCorners::from_found);
            Some((guidance, metrics.signature, outline, corners))
        });
        if let Some(Some((guidance, signature, outline, corners))) = measured {
            self.found.set_value(corners);
            if self.outline.try_with_untracked(|o| *o != outline) == Some(true) {
                self.outline.set(outline);
            }
            let took = now_ms() - started;
            self.figures.update(|f| {
                // A running mean over about the last 30 frames.
                let n = f64::from(f.frames.min(29));
                f.analysis_ms = Some(f.analysis_ms.map_or(took, |m| (m * n + took) / (n + 1.0)));
                f.frames += 1;
            });
            self.dispatch(Event::Frame {
                guidance,
                signature,
                now_ms: now_ms(),
            });
        }
    }

    /// A file from the picker: size, type and (for documents) the PDF's state are checked here,
    /// before anything is sent.
    pub fn choose_file(self, file: web_sys::File) {
        let size = file.size();
        let is_document = matches!(self.target, Target::Document(_));
        if size <= 0.0 {
            return self.refuse(if is_document {
                Msg::DocumentEmpty
            } else {
                Msg::FileEmpty
            });
        }
        if size > MAX_FILE_BYTES {
            return self.refuse(if is_document {
                Msg::DocumentTooLarge
            } else {
                Msg::FileTooLarge
            });
        }
        spawn_local(async move {
            let outcome = match self.target {
                Target::Media(_) => match frames::photo_from_file(&file).await {
                    Some(photo) => Ok(photo),
                    None => Err(unreadable_photo(&file).await),
                },
                Target::Document(_) => self.prepare_document(&file).await,
            };
            match outcome {
                Ok(blob) => {
                    self.file_problem.set(None);
                    self.keep(blob, None);
                    self.dispatch(Event::FileChosen);
                }
                Err(msg) => self.refuse(msg),
            }
        });
    }

    fn refuse(self, msg: Msg) {
        self.file_problem.set(Some(msg));
        self.dispatch(Event::FileRefused);
    }

    /// A proof of address or funds: judged by its bytes with the same rules the platform
    /// applies; a PDF is sent as it is, a photo is re-encoded (which drops its metadata).
    async fn prepare_document(self, file: &web_sys::File) -> Result<Blob, Msg> {
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| Msg::FileUnreadable)?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let info = inspect_document(&bytes).map_err(|e| document_problem(&e))?;
        let blob = match info.format {
            DocumentFormat::Pdf => file.clone().into(),
            DocumentFormat::Heic => frames::photo_from_file(file)
                .await
                .ok_or(Msg::FileHeicUnreadable)?,
            _ => frames::photo_from_file(file)
                .await
                .ok_or(Msg::FileUnreadable)?,
        };
        // Replaced only by a file that is taken: a refused one leaves the preview as it was.
        let page = match info.format {
            DocumentFormat::Pdf => first_page_jpeg(&bytes)
                .and_then(|image| ObjectUrl::of_part(file, image.bytes, "image/jpeg")),
            _ => None,
        };
        self.page_url.set(page.as_ref().map(|p| p.url().to_owned()));
        self.page.set_value(page);
        self.chosen.set(Some(ChosenFile {
            // A photo is re-encoded as JPEG: its name says so.
            name: match info.format {
                DocumentFormat::Pdf => file.name(),
                _ => jpeg_name(&file.name()),
            },
            bytes: blob.size(),
            pages: info.pages,
        }));
        Ok(blob)
    }

    /// Drops the first-page preview (its URL revoked); also when the browser cannot decode it,
    /// so the view falls back to the document card rather than a broken image.
    pub fn forget_page_preview(self) {
        self.page_url.set(None);
        self.page.set_value(None);
    }

    fn keep(self, blob: Blob, corners: Option<PhotoCorners>) {
        let key = new_key();
        if self.hold(blob.clone(), key.clone(), corners) {
            self.restored.set(false);
            spawn_local(self.keep_in_tab(blob, key, corners));
        }
    }

    /// Holds the photo in memory, where the preview and the upload read it.
    fn hold(self, blob: Blob, key: String, corners: Option<PhotoCorners>) -> bool {
        let Some(url) = ObjectUrl::new(&blob) else {
            return false;
        };
        self.photo_url.set(Some(url.url().to_owned()));
        self.photo
            .try_update_value(|p| {
                *p = Some(Photo {
                    blob,
                    _url: url,
                    key,
                    corners,
                })
            })
            .is_some()
    }

    /// Copies the photo to the tab's store, once its bytes are read; unless, meanwhile, it was
    /// replaced, stored or refused (the capture machine's phase says whether it is still kept).
    async fn keep_in_tab(self, blob: Blob, key: String, corners: Option<PhotoCorners>) {
        let Some(bytes) = kept::bytes_of(&blob).await else {
            return;
        };
        let current = self
            .photo
            .try_with_value(|p| p.as_ref().is_some_and(|p| p.key == key))
            .unwrap_or(false);
        let phase_keeps = self
            .state
            .try_with_untracked(|c| idv_core::kept::keeps(&c.phase))
            .unwrap_or(false);
        if !(current && phase_keeps) {
            return;
        }
        let chosen = self.chosen.try_get_untracked().flatten();
        let record = Kept {
            session_id: self.journey.session_id(),
            kind: self.target.kept_kind(),
            key,
            name: self.file_name(),
            pages: chosen.and_then(|c| c.pages),
            liveness: None,
            parts: vec![KeptPart {
                mime: blob.type_(),
                step: None,
                bytes,
            }],
        };
        // Not kept (too large, storage refused): the photo lives in memory only, as it did
        // before the store existed; nothing to tell the user.
        let _ = kept::save_photo(&record, corners.as_ref());
    }

    /// Takes back a photo kept from before a reload, with its idempotency key: sending it now
    /// can only store it once, even if its earlier upload reached the platform.
    fn restore(self, record: &Kept, corners: Option<PhotoCorners>) -> bool {
        let Some(part) = record.parts.first() else {
            return false;
        };
        let Some(blob) = kept::blob_of(&part.bytes, &part.mime) else {
            return false;
        };
        if let Target::Document(_) = self.target {
            let page = record
                .pages
                .and_then(|_| first_page_jpeg(&part.bytes))
                .and_then(|image| ObjectUrl::of_part(&blob, image.bytes, "image/jpeg"));
            self.page_url.set(page.as_ref().map(|p| p.url().to_owned()));
            self.page.set_value(page);
            self.chosen.set(Some(ChosenFile {
                name: record.name.clone(),
                bytes: blob.size(),
                pages: record.pages,
            }));
        }
        self.hold(blob, record.key.clone(), corners)
    }

    /// The name the upload gives the file: the app's for an ID side, the chosen file's for a
    /// document.
    fn file_name(self) -> String {
        match self.target {
            Target::Media(side) => format!("document-{}.jpg", side.name()),
            Target::Document(_) => self
                .chosen
                .try_get_untracked()
                .flatten()
                .map(|c| c.name)
                .unwrap_or_else(|| "document".to_owned()),
        }
    }

    fn run(self, effect: Effect) {
        match effect {
            Effect::StartCamera => spawn_local(async move {
                match Camera::start(Facing::Environment).await {
                    // The screen may have gone while the camera started (the platform moved
                    // on): then nothing here may be read, and the camera is released at once.
                    Ok(mut cam) => {
                        cam.watch(move || self.dispatch(Event::CameraLost));
                        if let Some(video) = self.video.try_get_untracked().flatten() {
                            camera::show(&video, Some(cam.stream()));
                        }
                        if self.camera.try_update_value(|c| *c = Some(cam)).is_some() {
                            self.dispatch(Event::CameraStarted);
                        }
                    }
                    Err(problem) => self.dispatch(Event::CameraFailed(problem)),
                }
            }),
            Effect::StopCamera => {
                self.outline.set(None);
                self.found.set_value(None);
                if let Some(video) = self.video.try_get_untracked().flatten() {
                    camera::show(&video, None);
                }
                self.camera.update_value(|c| *c = None);
            }
            Effect::TakePhoto => spawn_local(async move {
                // The frame this photo follows: its corners are the photo's (the same region).
                let corners = self.found.try_get_value().flatten();
                self.outline.set(None);
                let Some(video) = self.video.try_get_untracked().flatten() else {
                    return self.dispatch(Event::PhotoFailed);
                };
                let started = now_ms();
                match frames::photo_from_video(&video).await {
                    Some(blob) => {
                        let (took, bytes) = (now_ms() - started, blob.size());
                        self.figures.update(|f| {
                            f.photo_ms = Some(took);
                            f.photo_bytes = Some(bytes);
                        });
                        self.keep(blob, corners);
                        self.dispatch(Event::PhotoTaken);
                    }
                    None => self.dispatch(Event::PhotoFailed),
                }
            }),
            Effect::ForgetPhoto => {
                self.restored.set(false);
                self.photo_url.set(None);
                self.photo.update_value(|p| *p = None);
                self.forget_page_preview();
            }
            Effect::Upload { .. } => spawn_local(self.upload()),
            Effect::StartRetryTimer(ms) => {
                let handle = set_timeout_with_handle(
                    move || self.dispatch(Event::RetryTimer),
                    Duration::from_millis(ms.into()),
                )
                .ok();
                self.retry.update_value(|t| {
                    if let Some(old) = std::mem::replace(t, handle) {
                        old.clear();
                    }
                });
            }
            Effect::CancelRetryTimer => self.retry.update_value(|t| {
                if let Some(t) = t.take() {
                    t.clear();
                }
            }),
        }
    }

    async fn upload(self) {
        let Some((blob, key, corners)) = self
            .photo
            .try_with_value(|p| {
                p.as_ref()
                    .map(|p| (p.blob.clone(), p.key.clone(), p.corners))
            })
            .flatten()
        else {
            return;
        };
        let corners = corners.map(|c| c.to_json());
        let token = self.journey.token();
        let file_name = self.file_name();
        let file = Part {
            name: "file",
            value: PartValue::File(&blob, &file_name),
        };
        let parts = match self.target {
            Target::Media(side) => {
                let mut parts = vec![Part {
                    name: "side",
                    value: PartValue::Text(side.name()),
                }];
                if let Some(corners) = &corners {
                    parts.push(Part {
                        name: "corners",
                        value: PartValue::Text(corners),
                    });
                }
                parts.push(file);
                parts
            }
            Target::Document(_) => vec![file],
        };
        let on_progress = move |sent: f64, total: f64| {
            self.dispatch(Event::Progress {
                sent: sent as u64,
                total: total as u64,
            })
        };
        let answer = upload::post(self.target.path(), &token, &key, &parts, on_progress).await;
        let jitter = js_sys::Math::random();
        match answer {
            Answer::Status(status @ 200..=299, body) => {
                // Every upload answer (media or document) carries the next preflight.
                #[derive(serde::Deserialize)]
                struct Stored {
                    preflight: Preflight,
                }
                self.dispatch(Event::Answered {
                    status: Some(status),
                    code: None,
                    jitter,
                });
                match serde_json::from_str::<Stored>(&body) {
                    Ok(stored) => self
                        .journey
                        .dispatch(flow::Event::PreflightLoaded(stored.preflight)),
                    Err(_) => self.journey.dispatch(flow::Event::CheckAgain),
                }
            }
            Answer::Status(status, body) => {
                let code = serde_json::from_str::<ApiError>(&body)
                    .map(|e| e.error.code)
                    .unwrap_or_default();
                match status {
                    // The token is dead, or the platform has moved on: the journey decides.
                    401 | 403 => {
                        self.journey
                            .dispatch(flow::Event::PreflightFailed(CallFailure::Status {
                                status,
                                code,
                            }))
                    }
                    // The step is done or not this one: the kept photo is of no more use.
                    409 => {
                        kept::remove(self.target.kept_kind());
                        self.journey.dispatch(flow::Event::CheckAgain)
                    }
                    _ => self.dispatch(Event::Answered {
                        status: Some(status),
                        code: Some(code).filter(|c| !c.is_empty()),
                        jitter,
                    }),
                }
            }
            Answer::NoAnswer => self.dispatch(Event::Answered {
                status: None,
                code: None,
                jitter,
            }),
        }
    }
}

/// `scan.png` → `scan.jpg`.
fn jpeg_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    format!("{stem}.jpg")
}

/// The message for a document the rules refuse, by the platform's error code.
fn document_problem(e: &DocumentError) -> Msg {
    match e.code() {
        "empty_file" => Msg::DocumentEmpty,
        "file_too_large" => Msg::DocumentTooLarge,
        "pdf_encrypted" => Msg::PdfEncrypted,
        "pdf_too_many_pages" => Msg::PdfTooManyPages,
        "image_too_small" => Msg::ImageTooSmall,
        "unsupported_type" => Msg::DocumentUnsupported,
        _ => Msg::DocumentDamaged,
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// A fresh idempotency key per photo: unique enough for one session's uploads.
pub fn new_key() -> String {
    let a = (js_sys::Math::random() * 2f64.powi(52)) as u64;
    let b = (js_sys::Math::random() * 2f64.powi(52)) as u64;
    format!("{a:013x}{b:013x}")
}

/// The first file of a file input's change event.
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0);
    // Choosing the same file again must fire `change` again.
    input.set_value("");
    file
}

/// Why this browser could not decode a chosen photo. An iPhone's photos are HEIC, which only
/// Safari decodes (and iOS usually hands a page JPEG anyway): elsewhere the user is told that
/// it is the format, and to take the photo here or choose a JPEG or PNG copy.
async fn unreadable_photo(file: &web_sys::Blob) -> Msg {
    let head = frames::file_head(file, 64).await.unwrap_or_default();
    match idv_core::media::detect_format(&head) {
        Some(idv_core::media::ImageFormat::Heic) => Msg::FileHeicUnreadable,
        _ => Msg::FileUnreadable,
    }
}
