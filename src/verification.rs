//! The shell of the phone and e-mail steps: send a code, check it, resend after the platform's
//! countdown. The codes themselves are never logged or stored by the app.

use crate::api::{self, CallError};
use crate::i18n::Msg;
use crate::journey::Journey;
use idv_core::code::normalise_code;
use idv_core::flow::{self, CallFailure};
use idv_core::CodeSent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Phone,
    Email,
}

impl Channel {
    fn path(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Verification {
    pub channel: Channel,
    /// The last code sent; `None` while the user enters the number or address.
    pub sent: RwSignal<Option<CodeSent>>,
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<Msg>>,
    /// Seconds until a new code may be asked for.
    pub resend_in: RwSignal<u32>,
    contact: StoredValue<String>,
    journey: Journey,
}

impl Verification {
    pub fn start(channel: Channel, journey: Journey) -> Verification {
        let v = Verification {
            channel,
            sent: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            resend_in: RwSignal::new(0),
            contact: StoredValue::new(String::new()),
            journey,
        };
        let ticker = set_interval_with_handle(
            move || {
                if v.resend_in.try_get_untracked().unwrap_or(0) > 0 {
                    v.resend_in.update(|s| *s -= 1);
                }
            },
            Duration::from_secs(1),
        )
        .ok();
        on_cleanup(move || {
            if let Some(t) = ticker {
                t.clear();
            }
        });
        v
    }

    /// Sends a code to `contact` (already checked by the screen).
    pub fn send(self, contact: String) {
        if self.busy.get_untracked() {
            return;
        }
        self.contact.set_value(contact.clone());
        self.busy.set(true);
        self.error.set(None);
        let token = self.journey.token();
        spawn_local(async move {
            let answer = api::initiate_code(&token, self.channel.path(), &contact).await;
            self.busy.set(false);
            match answer {
                Ok(sent) => {
                    self.resend_in.set(sent.retry_after);
                    self.sent.set(Some(sent));
                }
                Err(e) => self.failed(e),
            }
        });
    }

    pub fn resend(self) {
        if self.resend_in.get_untracked() == 0 {
            self.send(self.contact.get_value());
        }
    }

    /// Back to entering the number or address.
    pub fn change(self) {
        self.sent.set(None);
        self.error.set(None);
    }

    /// Checks `typed` once it holds a whole code; partial input waits for more.
    pub fn verify(self, typed: &str) {
        let Some(code) = normalise_code(typed) else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        let token = self.journey.token();
        spawn_local(async move {
            let answer = api::complete_code(&token, self.channel.path(), &code).await;
            self.busy.set(false);
            match answer {
                Ok(verified) => self
                    .journey
                    .dispatch(flow::Event::PreflightLoaded(verified.preflight)),
                Err(e) => self.failed(e),
            }
        });
    }

    fn failed(self, e: CallError) {
        let message = match &e {
            CallError::Unauthorized { .. } => {
                return self
                    .journey
                    .dispatch(flow::Event::PreflightFailed(CallFailure::from(e)));
            }
            // The platform has moved on (another tab, a retried request): follow it.
            CallError::Rejected { status: 409, .. } => {
                return self.journey.dispatch(flow::Event::CheckAgain);
            }
            CallError::Rejected { code, .. } => match code.as_str() {
                "code_invalid" => Msg::CodeInvalid,
                "code_expired" => Msg::CodeExpired,
                "too_many_attempts" => Msg::TooManyAttempts,
                // Still inside the wait after the last code: say so, not "too many codes".
                "rate_limited" if self.resend_in.try_get_untracked().unwrap_or(0) > 0 => {
                    Msg::WaitBeforeResend
                }
                "rate_limited" => Msg::RateLimited,
                "invalid_phone" => Msg::PhoneInvalid,
                "invalid_email" => Msg::EmailInvalid,
                _ => Msg::UnexpectedBody,
            },
            CallError::Network(_) | CallError::Timeout(_) | CallError::Server { .. } => {
                Msg::ActionFailed
            }
            CallError::Decode(_) => Msg::UnexpectedBody,
        };
        self.error.set(Some(message));
    }
}
