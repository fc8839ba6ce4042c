//! The camera: asks for a stream, maps refusals to named problems, and stops every track when
//! dropped, so the camera light goes off as soon as the screen that wanted it is gone.
//!
//! Inside an integrator's frame the camera may be refused by the host page (its `<iframe>`
//! without `allow="camera"`, or its Permissions-Policy). What the page can learn about that is
//! read here ([`facts`]); which problem it is, is `idv_core::capture::CameraProblem`'s call.

use idv_core::capture::{CameraFacts, CameraProblem};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamConstraints, MediaStreamTrack};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facing {
    /// The rear camera, for documents.
    Environment,
    /// The front camera, for the selfie.
    User,
}

pub struct Camera {
    stream: MediaStream,
    /// What tells the owner that the stream stopped (`Camera::watch`).
    watchers: Vec<super::dom::Listener>,
}

/// Whether this page can ask for a camera at all (secure context, an API the browser exposes;
/// many in-app browsers have none).
pub fn available() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .is_some()
}

/// The browser's user agent string, empty when unreadable.
pub fn user_agent() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}

/// What this page knows about its camera before asking: whether it is framed, and what the
/// frame's policy says (Chromium tells; others do not).
pub fn facts() -> CameraFacts {
    let Some(window) = web_sys::window() else {
        return CameraFacts::default();
    };
    // Identity, not `==` on the objects' wrappers: the parent may be another origin's window.
    let framed = window
        .parent()
        .ok()
        .flatten()
        .is_some_and(|parent| !Object::is(parent.as_ref(), window.as_ref()));
    CameraFacts {
        framed,
        policy_allows: framed
            .then(|| window.document().and_then(|d| policy_allows(&d)))
            .flatten(),
    }
}

/// `document.permissionsPolicy.allowsFeature('camera')`, or the older `featurePolicy`'s.
fn policy_allows(document: &web_sys::Document) -> Option<bool> {
    ["permissionsPolicy", "featurePolicy"]
        .into_iter()
        .find_map(|name| {
            let policy = Reflect::get(document, &name.into()).ok()?;
            if !policy.is_object() {
                return None;
            }
            let allows = Reflect::get(&policy, &"allowsFeature".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            allows.call1(&policy, &"camera".into()).ok()?.as_bool()
        })
}

impl Camera {
    pub async fn start(facing: Facing) -> Result<Camera, CameraProblem> {
        let devices = web_sys::window()
            .and_then(|w| w.navigator().media_devices().ok())
            .ok_or(CameraProblem::Unsupported)?;
        let facts = facts();
        if let Some(problem) = CameraProblem::before_asking(&facts) {
            return Err(problem);
        }
        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&JsValue::FALSE);
        constraints.set_video(&video_constraints(facing));
        let asked = js_sys::Date::now();
        let refused = |e: JsValue| {
            CameraProblem::from_failure(&error_name(&e), &facts, js_sys::Date::now() - asked)
        };
        let promise = devices
            .get_user_media_with_constraints(&constraints)
            .map_err(refused)?;
        let stream = JsFuture::from(promise).await.map_err(refused)?;
        stream
            .dyn_into::<MediaStream>()
            .map(|stream| Camera {
                stream,
                watchers: Vec::new(),
            })
            .map_err(|_| CameraProblem::Unsupported)
    }

    pub fn stream(&self) -> &MediaStream {
        &self.stream
    }

    /// Calls `on_lost` when the stream stops under the page: a track ends (the device went:
    /// another app took it, it was unplugged), or the page comes back from the back-forward
    /// cache, where WebKit stops capture and leaves the preview black. Until dropped.
    pub fn watch(&mut self, on_lost: impl Fn() + Clone + 'static) {
        for track in self.stream.get_video_tracks().iter() {
            let Ok(track) = track.dyn_into::<web_sys::EventTarget>() else {
                continue;
            };
            let lost = on_lost.clone();
            self.watchers
                .extend(super::dom::Listener::new(&track, "ended", move |_| lost()));
        }
        if let Some(window) = web_sys::window() {
            self.watchers
                .extend(super::dom::Listener::new(&window, "pageshow", move |e| {
                    let persisted = Reflect::get(&e, &"persisted".into())
                        .ok()
                        .and_then(|p| p.as_bool());
                    if persisted == Some(true) {
                        on_lost();
                    }
                }));
        }
    }
}

impl Drop for Camera {
    fn drop(&mut self) {
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                track.stop();
            }
        }
    }
}

/// `{facingMode: {ideal}, width: {ideal: 1920}, height: {ideal: 1080}}`: the sharpest picture
/// the device offers up to full HD, which is plenty for an ID card's text.
fn video_constraints(facing: Facing) -> JsValue {
    let ideal = |v: JsValue| {
        let o = Object::new();
        let _ = Reflect::set(&o, &"ideal".into(), &v);
        o
    };
    let video = Object::new();
    let mode = match facing {
        Facing::Environment => "environment",
        Facing::User => "user",
    };
    let _ = Reflect::set(&video, &"facingMode".into(), &ideal(mode.into()));
    let _ = Reflect::set(&video, &"width".into(), &ideal(1920.into()));
    let _ = Reflect::set(&video, &"height".into(), &ideal(1080.into()));
    video.into()
}

fn error_name(e: &JsValue) -> String {
    Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

/// Shows `stream` in `video` and starts playing it. `play()`'s promise rejects when the source
/// changes before playback starts (the camera stopped at once, a file chosen): expected, so the
/// rejection is caught here instead of surfacing as an uncaught error.
pub fn show(video: &web_sys::HtmlVideoElement, stream: Option<&MediaStream>) {
    video.set_src_object(stream);
    if stream.is_some() {
        if let Ok(playing) = video.play() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(playing).await;
            });
        }
    }
}
