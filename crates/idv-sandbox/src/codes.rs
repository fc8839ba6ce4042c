//! One-time codes for the phone and e-mail steps.
//!
//! The rules, all checked here with the sandbox's clock:
//! - a code is six digits from the operating system's CSPRNG, valid 10 minutes, good once;
//! - at most 5 codes per session and step; another is `429 rate_limited` without `Retry-After`
//!   (waiting does not help);
//! - a new code only 30 s after the previous one (`retry_after` in every answer); earlier is
//!   `429 rate_limited` with `Retry-After: <seconds left>`;
//! - a new code voids the earlier ones;
//! - 5 wrong codes use a code up: the fifth wrong one and everything after it is
//!   `422 too_many_attempts` until a new code is sent. `422`, not `429`: waiting does not help,
//!   only a new code does, and `429` is kept for what time cures;
//! - `code_invalid` (wrong, or not six digits: the latter is not counted as a try),
//!   `code_expired`, `too_many_attempts` are distinct; a code from another session is simply
//!   wrong; complete before any initiate is `409 code_not_sent`.
//!
//! The platform keeps a salted SHA-256 of each code, never the code. (Six digits are a million
//! possibilities, so the hash alone would not stop someone holding the database; what protects
//! a code is its 10 minutes and its 5 tries.) The sandbox also keeps every code in `sent_codes`
//! and logs it, standing in for the SMS or e-mail it does not send, so a developer or a test can
//! type it (`GET /v1/sandbox/sessions/{id}/codes`); a production platform would have neither.

use crate::error::{AppError, AppResult};
use crate::store::{CodeRow, SentCodeRow};
use crate::upload::sha256_hex;
use crate::{token, AppState};
use axum::http::StatusCode;
use idv_core::code::{mask_email, normalise_code};
use idv_core::phone::mask_phone;
use idv_core::validate::{is_e164, is_email};
use idv_core::{CodeSent, CodeVerified, Step};

/// A code is valid this long after it is sent.
pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
/// Another code may be sent this long after the previous one.
pub const RESEND_AFTER_MS: i64 = 30 * 1000;
/// Codes per session and step.
pub const MAX_SENDS: u32 = 5;
/// Wrong codes that use a code up.
pub const MAX_WRONG: u32 = 5;

/// Checks the destination of a code for `step`: E.164 for the phone, a sensible e-mail address
/// for the e-mail.
pub fn check_destination(step: Step, to: &str) -> AppResult<()> {
    match step {
        Step::Phone if is_e164(to) => Ok(()),
        Step::Phone => Err(AppError::validation(
            "invalid_phone",
            "phone must be a number in E.164 form: +, the country code and the number, digits only (+41791234567).",
        )),
        Step::Email if is_email(to) => Ok(()),
        Step::Email => Err(AppError::validation(
            "invalid_email",
            "email is not an e-mail address; check it for typos.",
        )),
        other => Err(AppError::internal(format!(
            "codes for the {} step",
            other.name()
        ))),
    }
}

fn mask(step: Step, to: &str) -> String {
    match step {
        Step::Phone => mask_phone(to),
        _ => mask_email(to),
    }
}

fn code_hash(salt: &str, code: &str) -> String {
    sha256_hex(format!("{salt}:{code}").as_bytes())
}

fn rate_limited(message: String) -> AppError {
    AppError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
}

/// `POST /v1/client/{phone,email}/initiate`: sends a new code to `to` for the session's `step`.
pub fn initiate(state: &AppState, session_id: &str, step: Step, to: &str) -> AppResult<CodeSent> {
    check_destination(step, to)?;
    let now = state.now();
    let (sent, row) = state.modify_tx(session_id, |tx, row| {
        row.check_step(step)?;
        row.mark_started(now);
        let (count, last) = tx.code_sends(&row.id, step)?;
        if count >= MAX_SENDS {
            return Err(rate_limited(format!(
                "No more codes can be sent for this step ({MAX_SENDS} were sent). Enter the last code while it is valid."
            )));
        }
        if let Some(wait) = last
            .map(|at| at + RESEND_AFTER_MS - now)
            .filter(|&w| w > 0)
        {
            let seconds = (wait as u64).div_ceil(1000);
            return Err(rate_limited(format!(
                "Wait {seconds} s before asking for another code."
            ))
            .with_retry_after(seconds));
        }
        let code = format!("{:06}", token::random_below(1_000_000));
        let salt = token::random_hex(16);
        tx.insert_code(&CodeRow {
            id: 0,
            session_id: row.id.clone(),
            step,
            destination: to.to_owned(),
            code_hash: code_hash(&salt, &code),
            salt,
            sent_at: now,
            expires_at: now + CODE_TTL_MS,
            attempts: 0,
        })?;
        if cfg!(feature = "sandbox-api") {
            tx.insert_sent_code(
                &row.id,
                &SentCodeRow {
                    step,
                    destination: to.to_owned(),
                    code: code.clone(),
                    sent_at: now,
                },
            )?;
        }
        let sent = CodeSent {
            sent_to: mask(step, to),
            retry_after: (RESEND_AFTER_MS / 1000) as u32,
            expires_in: (CODE_TTL_MS / 1000) as u32,
            sends_left: MAX_SENDS - count - 1,
        };
        let detail = format!(
            "{} {} ({} of {MAX_SENDS})",
            step.name(),
            sent.sent_to,
            count + 1
        );
        tx.add_event(&row.id, now, "code_sent", Some(&detail))?;
        Ok(sent)
    })?;
    if cfg!(feature = "sandbox-api") {
        // Neither the code nor where it went: logs travel further than the sandbox's API, and
        // a code with its number is a session taken over. The masked address tells them apart.
        tracing::info!(
            session = %row.id,
            step = step.name(),
            to = %sent.sent_to,
            "sandbox code sent (not delivered: read it from GET /v1/sandbox/sessions/{}/codes)",
            row.id
        );
    }
    Ok(sent)
}

/// `POST /v1/client/{phone,email}/complete`: checks `typed` against the step's current code.
/// A wrong code is counted (and kept counted: the refusal is an answer, not a failure).
pub fn complete(
    state: &AppState,
    session_id: &str,
    step: Step,
    typed: &str,
) -> AppResult<CodeVerified> {
    let now = state.now();
    let delay = state.config().decision_delay_ms;
    let (verdict, _) = state.modify_tx(session_id, |tx, row| {
        row.check_step(step)?;
        row.mark_started(now);
        let code = tx.current_code(&row.id, step)?.ok_or_else(|| {
            AppError::conflict(
                "code_not_sent",
                "No code has been sent for this step yet: ask for one first.",
            )
        })?;
        let refuse = |code: &'static str,
                      message: String,
                      detail: String|
         -> AppResult<AppResult<CodeVerified>> {
            tx.add_event(&row.id, now, "code_refused", Some(&detail))?;
            Ok(Err(AppError::validation(code, message)))
        };
        let Some(typed) = normalise_code(typed) else {
            return Ok(Err(AppError::validation(
                "code_invalid",
                "A code is 6 digits; check what you typed.",
            )));
        };
        if code.attempts >= MAX_WRONG {
            return refuse(
                "too_many_attempts",
                "Too many wrong codes: ask for a new code.".to_owned(),
                format!("{} too_many_attempts", step.name()),
            );
        }
        if now >= code.expires_at {
            return refuse(
                "code_expired",
                "This code has expired (codes are valid 10 minutes): ask for a new code."
                    .to_owned(),
                format!("{} code_expired", step.name()),
            );
        }
        if !token::constant_time_eq(&code_hash(&code.salt, &typed), &code.code_hash) {
            let wrong = tx.code_attempt(code.id)?;
            let detail = format!("{} wrong code ({wrong} of {MAX_WRONG})", step.name());
            return if wrong >= MAX_WRONG {
                refuse(
                    "too_many_attempts",
                    "Too many wrong codes: ask for a new code.".to_owned(),
                    detail,
                )
            } else {
                let left = MAX_WRONG - wrong;
                refuse(
                    "code_invalid",
                    format!("This code is not the one we sent; {left} tries left."),
                    detail,
                )
            };
        }
        tx.code_used(code.id, now)?;
        row.code_verified(step, now, delay)?;
        tx.add_event(&row.id, now, "code_verified", Some(step.name()))?;
        Ok(Ok(CodeVerified {
            verified: true,
            preflight: row.preflight(),
        }))
    })?;
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_checked_per_step() {
        assert!(check_destination(Step::Phone, "+41791234567").is_ok());
        for bad in [
            "0791234567",
            "+41 79 123 45 67",
            "",
            "+0791234567",
            "41791234567",
        ] {
            assert_eq!(
                check_destination(Step::Phone, bad).unwrap_err().code,
                "invalid_phone",
                "{bad:?}"
            );
        }
        assert!(check_destination(Step::Email, "jane@bank.example").is_ok());
        assert_eq!(
            check_destination(Step::Email, "jane@localhost")
                .unwrap_err()
                .code,
            "invalid_email"
        );
        assert_eq!(
            check_destination(Step::Address, "x").unwrap_err().code,
            "internal"
        );
    }

    #[test]
    fn hashes_are_salted() {
        assert_ne!(code_hash("a", "123456"), code_hash("b", "123456"));
        assert_eq!(code_hash("a", "123456"), code_hash("a", "123456"));
        assert_eq!(code_hash("a", "123456").len(), 64);
    }
}
