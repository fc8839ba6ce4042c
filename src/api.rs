//! Every call the app makes to the platform: same origin, bearer token, a deadline per attempt,
//! retries for idempotent reads, and typed failures instead of panics.

use crate::browser::config;
use crate::browser::timeout::Timeout;
use gloo_net::http::{Request, Response};
use idv_core::flow::CallFailure;
use idv_core::{
    ApiError, ClientSession, CodeCompleteRequest, CodeSent, CodeVerified, ConsentRequest,
    EmailInitiateRequest, HandoffExchanged, HandoffIssued, LivenessStarted, PhoneInitiateRequest,
    Preflight,
};
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

pub const CLIENT_SESSION_PATH: &str = "/v1/client/session";
pub const PREFLIGHT_PATH: &str = "/v1/client/preflight";
pub const CONSENT_PATH: &str = "/v1/client/consent";

/// How long one attempt may take before it is aborted, in milliseconds.
const ATTEMPT_TIMEOUT_MS: u32 = 15_000;
/// Pauses before the retries of a read that failed transiently.
const RETRY_DELAYS: [Duration; 2] = [Duration::from_millis(400), Duration::from_millis(1200)];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The token was refused: expired, revoked or never valid.
    #[error("the session token was refused ({code}): {message}")]
    Unauthorized { code: String, message: String },
    /// A client error other than authorisation.
    #[error("the request was refused with {status} ({code}): {message}")]
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    /// The platform failed; trying again may help.
    #[error("the platform failed with {status} ({code})")]
    Server { status: u16, code: String },
    /// The request never got an answer (offline, DNS, connection reset, CORS).
    #[error("network error: {0}")]
    Network(String),
    /// No answer within this many milliseconds.
    #[error("no answer within {0} ms")]
    Timeout(u32),
    /// An answer arrived but is not what the contract says.
    #[error("unreadable answer: {0}")]
    Decode(String),
}

impl CallError {
    /// Whether the same request may succeed if sent again.
    pub fn is_transient(&self) -> bool {
        match self {
            CallError::Network(_) | CallError::Timeout(_) => true,
            CallError::Server { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// Maps an error answer (status and body) to a failure; the body should be an
    /// `{"error": {"code", "message"}}` document but may be anything.
    pub fn from_answer(status: u16, body: &str) -> CallError {
        match serde_json::from_str::<ApiError>(body) {
            Ok(ApiError { error }) => CallError::from_parts(status, error.code, error.message),
            Err(_) => CallError::from_status(status),
        }
    }

    /// A failure from the status alone, for a caller that does not read error bodies (the
    /// first module, which hands every failure to the journey).
    pub fn from_status(status: u16) -> CallError {
        CallError::from_parts(status, format!("http_{status}"), String::new())
    }

    fn from_parts(status: u16, code: String, message: String) -> CallError {
        match status {
            401 | 403 => CallError::Unauthorized { code, message },
            500.. => CallError::Server { status, code },
            _ => CallError::Rejected {
                status,
                code,
                message,
            },
        }
    }
}

impl From<CallError> for CallFailure {
    fn from(error: CallError) -> CallFailure {
        match error {
            CallError::Unauthorized { code, .. } => CallFailure::Status { status: 401, code },
            CallError::Rejected { status, code, .. } | CallError::Server { status, code } => {
                CallFailure::Status { status, code }
            }
            CallError::Network(_) | CallError::Timeout(_) => CallFailure::Network,
            CallError::Decode(_) => CallFailure::Unreadable,
        }
    }
}

/// `GET /v1/client/preflight`: the screen the platform wants now.
pub async fn preflight(token: &str) -> Result<Preflight, CallError> {
    get_json(PREFLIGHT_PATH, token).await
}

/// `POST /v1/client/consent`: answered with the next preflight. Sent once per tap: the user
/// decides whether to try again.
pub async fn consent(token: &str, accepted: bool) -> Result<Preflight, CallError> {
    post_json_once(CONSENT_PATH, token, &ConsentRequest { accepted }).await
}

/// `POST /v1/client/{phone,email}/initiate`: send a code to `contact`.
pub async fn initiate_code(
    token: &str,
    channel: &str,
    contact: &str,
) -> Result<CodeSent, CallError> {
    let path = format!("/v1/client/{channel}/initiate");
    if channel == "phone" {
        post_json_once(
            &path,
            token,
            &PhoneInitiateRequest {
                phone: contact.to_owned(),
            },
        )
        .await
    } else {
        post_json_once(
            &path,
            token,
            &EmailInitiateRequest {
                email: contact.to_owned(),
            },
        )
        .await
    }
}

/// `POST /v1/client/{phone,email}/complete`: check the code the user typed.
pub async fn complete_code(
    token: &str,
    channel: &str,
    code: &str,
) -> Result<CodeVerified, CallError> {
    let path = format!("/v1/client/{channel}/complete");
    post_json_once(
        &path,
        token,
        &CodeCompleteRequest {
            code: code.to_owned(),
        },
    )
    .await
}

/// `POST /v1/client/liveness/start`: a new challenge.
pub async fn liveness_start(token: &str) -> Result<LivenessStarted, CallError> {
    post_json_once("/v1/client/liveness/start", token, &serde_json::json!({})).await
}

/// `POST /v1/client/liveness/assisted`: end the selfie step for a person to review instead.
pub async fn liveness_assisted(token: &str) -> Result<Preflight, CallError> {
    post_json_once(
        "/v1/client/liveness/assisted",
        token,
        &serde_json::json!({}),
    )
    .await
}

/// Runs two calls at once and waits for both: on a slow network one round trip costs less than
/// two in a row.
pub async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut done_a, mut done_b) = (None, None);
    poll_fn(|cx| {
        // A future that has finished must not be polled again.
        if done_a.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                done_a = Some(v);
            }
        }
        if done_b.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                done_b = Some(v);
            }
        }
        match (done_a.take(), done_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                (done_a, done_b) = (a, b);
                Poll::Pending
            }
        }
    })
    .await
}

/// `GET /v1/client/session`: the session the token opens.
pub async fn client_session(token: &str) -> Result<ClientSession, CallError> {
    get_json(CLIENT_SESSION_PATH, token).await
}

/// `POST /v1/client/handoff`: a single-use link for a phone (the desktop's QR code).
pub async fn issue_handoff(token: &str) -> Result<HandoffIssued, CallError> {
    post_json_once("/v1/client/handoff", token, &serde_json::json!({})).await
}

/// `POST /v1/client/handoff/exchange`: the phone trades the link's handoff token for a session
/// token of its own. Sent once: a retry of a lost answer would find the link used.
pub async fn exchange_handoff(handoff_token: &str) -> Result<HandoffExchanged, CallError> {
    post_json_once(
        "/v1/client/handoff/exchange",
        handoff_token,
        &serde_json::json!({}),
    )
    .await
}

/// A language's catalogue (`/i18n/<code>.json`, written from `src/i18n/` by a test): the texts
/// in `Msg` order. Static files, no token; the usual timeout and retries.
#[cfg(target_arch = "wasm32")]
pub async fn catalogue(code: &str) -> Result<Vec<String>, CallError> {
    let text = get_text(&format!("/i18n/{code}.json"), None).await?;
    crate::browser::json::parse(&text)
        .as_ref()
        .and_then(crate::browser::json::strings)
        .ok_or_else(|| CallError::Decode(format!("the {code} catalogue is not a list of texts")))
}

async fn get_json<T: DeserializeOwned>(path: &str, token: &str) -> Result<T, CallError> {
    retrying(|| get_json_once(path, token)).await
}

/// Runs `attempt` again after each transient failure, waiting `RETRY_DELAYS` between tries:
/// for idempotent reads only.
async fn retrying<T, F: Future<Output = Result<T, CallError>>>(
    mut attempt: impl FnMut() -> F,
) -> Result<T, CallError> {
    let mut retries = RETRY_DELAYS.iter();
    loop {
        match attempt().await {
            Err(error) if error.is_transient() => match retries.next() {
                Some(delay) => sleep(*delay).await,
                None => return Err(error),
            },
            answer => return answer,
        }
    }
}

async fn get_json_once<T: DeserializeOwned>(path: &str, token: &str) -> Result<T, CallError> {
    let deadline = Deadline::start(ATTEMPT_TIMEOUT_MS);
    let response = Request::get(&config::api_url(path))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Accept", "application/json")
        .abort_signal(deadline.signal().as_ref())
        .send()
        .await
        .map_err(|e| deadline.failure(e))?;
    read_json(response, &deadline).await
}

/// A GET's answer as text, with the usual timeout and retries, and failures from the status
/// alone: no JSON is read here (the first module reads what it needs with the browser's
/// parser, `browser::json`). `token`: the session's, for the platform; `None` for the app's
/// own files (the catalogues).
pub async fn get_text(url: &str, token: Option<&str>) -> Result<String, CallError> {
    retrying(|| get_text_once(url, token)).await
}

async fn get_text_once(url: &str, token: Option<&str>) -> Result<String, CallError> {
    let deadline = Deadline::start(ATTEMPT_TIMEOUT_MS);
    let mut request = Request::get(url).abort_signal(deadline.signal().as_ref());
    if let Some(token) = token {
        request = request
            .header("Authorization", &format!("Bearer {token}"))
            .header("Accept", "application/json");
    }
    let response = request.send().await.map_err(|e| deadline.failure(e))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| deadline.failure(e))?;
    if !response.ok() {
        return Err(CallError::from_status(status));
    }
    Ok(text)
}

async fn post_json_once<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    token: &str,
    body: &B,
) -> Result<T, CallError> {
    let deadline = Deadline::start(ATTEMPT_TIMEOUT_MS);
    let request = Request::post(&config::api_url(path))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Accept", "application/json")
        .abort_signal(deadline.signal().as_ref())
        .json(body)
        .map_err(|e| CallError::Decode(e.to_string()))?;
    let response = request.send().await.map_err(|e| deadline.failure(e))?;
    read_json(response, &deadline).await
}

async fn read_json<T: DeserializeOwned>(
    response: Response,
    deadline: &Deadline,
) -> Result<T, CallError> {
    let status = response.status();
    let body = response.text().await.map_err(|e| deadline.failure(e))?;
    if !response.ok() {
        return Err(CallError::from_answer(status, &body));
    }
    serde_json::from_str(&body).map_err(|e| CallError::Decode(e.to_string()))
}

/// Aborts the request it guards when its time is up, or when the request's future is dropped
/// (the screen that wanted the answer is gone).
struct Deadline {
    controller: Option<web_sys::AbortController>,
    /// Cleared when the guard goes.
    _timer: Option<Timeout>,
    expired: Rc<Cell<bool>>,
    limit_ms: u32,
}

impl Deadline {
    fn start(limit_ms: u32) -> Deadline {
        let controller = web_sys::AbortController::new().ok();
        let expired = Rc::new(Cell::new(false));
        let timer = controller.clone().map(|controller| {
            let expired = expired.clone();
            Timeout::start(limit_ms, move || {
                expired.set(true);
                controller.abort();
            })
        });
        Deadline {
            controller,
            _timer: timer,
            expired,
            limit_ms,
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    fn failure(&self, error: gloo_net::Error) -> CallError {
        if self.expired.get() {
            CallError::Timeout(self.limit_ms)
        } else {
            CallError::Network(error.to_string())
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
    }
}

/// Waits without blocking the page. The timer is cleared if the wait is abandoned.
pub async fn sleep(duration: Duration) {
    #[derive(Default)]
    struct Wake {
        done: bool,
        waker: Option<Waker>,
    }
    let state = Rc::new(RefCell::new(Wake::default()));
    let on_timeout = {
        let state = state.clone();
        move || {
            let waker = {
                let mut state = state.borrow_mut();
                state.done = true;
                state.waker.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    };
    let ms = u32::try_from(duration.as_millis()).unwrap_or(u32::MAX);
    let _timer = Timeout::start(ms, on_timeout);
    poll_fn(|cx| {
        let mut state = state.borrow_mut();
        if state.done {
            Poll::Ready(())
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_token_is_unauthorized() {
        let body = r#"{"error":{"code":"token_expired","message":"The token has expired"}}"#;
        assert_eq!(
            CallError::from_answer(401, body),
            CallError::Unauthorized {
                code: "token_expired".into(),
                message: "The token has expired".into()
            }
        );
    }

    // A proxy or a crashed server may answer with HTML: still a typed failure.
    #[test]
    fn non_json_error_bodies_still_map() {
        assert_eq!(
            CallError::from_answer(502, "<html>Bad gateway</html>"),
            CallError::Server {
                status: 502,
                code: "http_502".into()
            }
        );
        assert!(matches!(
            CallError::from_answer(404, ""),
            CallError::Rejected { status: 404, .. }
        ));
    }

    #[test]
    fn only_network_timeouts_and_gateway_failures_are_retried() {
        assert!(CallError::Network("offline".into()).is_transient());
        assert!(CallError::Timeout(ATTEMPT_TIMEOUT_MS).is_transient());
        assert!(CallError::from_answer(503, "").is_transient());
        assert!(!CallError::from_answer(501, "").is_transient());
        assert!(!CallError::from_answer(401, "").is_transient());
        assert!(!CallError::from_answer(422, "").is_transient());
        assert!(!CallError::Decode("x".into()).is_transient());
    }
}
