//! Embedding: when the app runs in an integrator's `<iframe>`, it tells the host page what
//! happens with `postMessage`, to **one** origin the host named (never `'*'`), in a small
//! versioned envelope, and takes commands only from that origin. Pure: which events a journey
//! change produces, the envelope's JSON, and the origin and command rules. The browser side is
//! `src/browser/embed.rs`; the host side is `public/embed-v1.js`; `docs/embedding.md` documents
//! the messages.

use crate::capture::CameraProblem;
use crate::flow::{Flow, View};
use crate::screen::Screen;
use serde::Serialize;

/// The envelope's `source` and `version`: a host tells these messages from any other.
pub const SOURCE: &str = "idv-capture";
pub const VERSION: u32 = 1;
/// What a host's command carries as its `source`.
pub const HOST_SOURCE: &str = "idv-host";

/// One event for the host. Serialized as `{"source", "version", "type", ...fields}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EmbedEvent {
    /// The session is loaded and the welcome screen shows.
    Ready {
        step_count: u32,
    },
    /// A new screen of the journey: step `step` of `step_count` (0 for screens outside steps).
    Screen {
        screen: String,
        step: u32,
        step_count: u32,
    },
    /// The step whose screen was left is done (the platform moved to a later step).
    StepCompleted {
        step: u32,
    },
    /// The journey ended: `status` is `completed` (submitted), `successful` or `rejected`.
    Completed {
        status: String,
    },
    Cancelled,
    /// A failure: `token_expired`, `invalid_token`, `network` (the flow cannot go on in the
    /// frame), or `camera_denied` (the flow goes on without the camera: upload, or the phone).
    /// `reason` narrows a code down where it helps the integrator (`camera_denied`: `frame`
    /// when the host page did not allow the camera, `user` when the user refused it).
    Error {
        code: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The content's height in CSS px and the text direction, so the host can size the frame.
    Layout {
        height: u32,
        dir: String,
    },
    /// The app stopped at the host's request.
    Closed,
}

/// The message as sent: the event's fields with `source` and `version` beside them; serialize
/// it to JSON (`serde_json::to_string`) to post it.
#[derive(Debug, Serialize)]
pub struct Envelope<'a> {
    pub source: &'static str,
    pub version: u32,
    #[serde(flatten)]
    pub event: &'a EmbedEvent,
}

impl EmbedEvent {
    pub fn envelope(&self) -> Envelope<'_> {
        Envelope {
            source: SOURCE,
            version: VERSION,
            event: self,
        }
    }
}

/// The events a change of the journey from `before` to `after` produces, in order.
pub fn events(before: &Flow, after: &Flow) -> Vec<EmbedEvent> {
    let mut out = Vec::new();
    if before.view == after.view && before.current == after.current {
        return out;
    }
    match &after.view {
        View::Welcome if before.view != View::Welcome => {
            let step_count = after
                .session
                .as_ref()
                .map_or(0, |s| u32::try_from(s.steps.len()).unwrap_or(u32::MAX));
            out.push(EmbedEvent::Ready { step_count });
        }
        View::Screen(screen) => {
            let Some(now) = &after.current else {
                return out;
            };
            let was = match (&before.view, &before.current) {
                (View::Screen(s), Some(p)) => Some((s, p)),
                _ => None,
            };
            if was.is_some_and(|(s, _)| s == screen) {
                return out;
            }
            if let Some((left, p)) = was {
                if !left.is_final() && p.step > 0 && (now.step > p.step || screen.is_final()) {
                    out.push(EmbedEvent::StepCompleted { step: p.step });
                }
            }
            out.push(EmbedEvent::Screen {
                screen: screen.name().to_owned(),
                step: now.step,
                step_count: now.step_count,
            });
            match screen {
                Screen::Completed => out.push(EmbedEvent::Completed {
                    status: "completed".into(),
                }),
                Screen::Successful => out.push(EmbedEvent::Completed {
                    status: "successful".into(),
                }),
                Screen::Rejected => out.push(EmbedEvent::Completed {
                    status: "rejected".into(),
                }),
                Screen::Cancel => out.push(EmbedEvent::Cancelled),
                _ => {}
            }
        }
        View::LinkRefused(problem) => out.push(EmbedEvent::Error {
            code: problem.code().to_owned(),
            reason: None,
        }),
        View::LoadFailed(_) => out.push(EmbedEvent::Error {
            code: "network".to_owned(),
            reason: None,
        }),
        _ => {}
    }
    out
}

/// The host's event for a camera screen that cannot use the camera: `camera_denied` when the
/// camera was refused (by the host page's frame or by the user), so the host learns why the
/// user is offered an upload; nothing for the problems of the device itself.
pub fn camera_event(problem: CameraProblem) -> Option<EmbedEvent> {
    let reason = match problem {
        CameraProblem::FrameRefused => "frame",
        CameraProblem::Denied => "user",
        CameraProblem::NotFound
        | CameraProblem::Busy
        | CameraProblem::Unsupported
        | CameraProblem::InAppBrowser => return None,
    };
    Some(EmbedEvent::Error {
        code: "camera_denied".to_owned(),
        reason: Some(reason.to_owned()),
    })
}

/// The host's origin as the app is told it (`embed_origin` in the start link): the return-URL
/// rule's schemes and hosts (`https`, or `http` on `localhost` / `127.0.0.1` for development),
/// and an origin only: a path, a query, a wildcard, `null` or a userinfo trick is refused, and
/// the app then posts nothing.
pub fn host_origin(raw: &str) -> Option<String> {
    let after_scheme = raw.split_once("://")?.1;
    if after_scheme.contains(['/', '?', '#']) {
        return None;
    }
    let url = crate::return_url::ReturnUrl::parse(raw).ok()?;
    let origin = url.origin();
    matches!(url.as_str().strip_prefix(origin), Some("" | "/")).then(|| origin.to_owned())
}

/// A command from the host page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostCommand {
    /// Stop: release the camera, tell the host `closed`.
    Close,
}

/// Reads a host message: only from the configured origin, only with the host envelope
/// (`{"source": "idv-host", "version": 1, "type": "close"}`); anything else is `None`.
pub fn host_command(
    origin: &str,
    configured: &str,
    source: &str,
    version: u32,
    kind: &str,
) -> Option<HostCommand> {
    if origin != configured || source != HOST_SOURCE || version != VERSION {
        return None;
    }
    match kind {
        "close" => Some(HostCommand::Close),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
