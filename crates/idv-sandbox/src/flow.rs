//! How a session moves on the platform side: pure functions of a session row and the time.
//!
//! Handlers load a row, call one of these, and store the result; nothing here does I/O, so the
//! rules (what may follow what, when a session times out, what the result says) are tested
//! directly.

use crate::error::{AppError, AppResult};
use idv_core::{
    Branding, Check, CheckStatus, DocumentKind, DocumentSide, Preflight, Screen, SessionResult,
    SessionStatus, Step, UserInfo, WebsocketFault,
};

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub id: String,
    pub ref_id: String,
    pub workflow_id: String,
    pub steps: Vec<Step>,
    pub status: SessionStatus,
    pub return_url: Option<String>,
    pub locale: String,
    pub user: Option<UserInfo>,
    pub branding: Branding,
    /// Index into `steps` of the step in progress; `steps.len()` once all are submitted.
    pub step_index: usize,
    pub screen: Screen,
    pub seq: u64,
    /// What the sandbox will decide once all steps are submitted.
    pub outcome: SessionStatus,
    /// When the decision is due (set when the last step is submitted).
    pub decide_at: Option<i64>,
    /// The latest expiry among the session's tokens: the session's life.
    pub expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub result: Option<SessionResult>,
    pub ws_fault: WebsocketFault,
    /// Fault injection: served to the client as `web_sdk_return_url` instead of `return_url`,
    /// unchecked, to prove the app applies the return-URL rule itself.
    pub client_return_url: Option<String>,
    /// The platform's liveness check failed with this code (`idv_core::liveness::burst`).
    pub liveness_error: Option<String>,
    /// The integrator chose the outcome through the sandbox: it stands over a failed check.
    pub outcome_set: bool,
}

impl SessionRow {
    pub fn preflight(&self) -> Preflight {
        let count = self.steps.len() as u32;
        Preflight {
            screen: self.screen.clone(),
            seq: self.seq,
            step: (self.step_index as u32 + 1).min(count),
            step_count: count,
        }
    }

    pub fn current_step(&self) -> Option<Step> {
        self.steps.get(self.step_index).copied()
    }

    fn show(&mut self, screen: Screen, now: i64) {
        if self.screen != screen {
            self.screen = screen;
            self.seq += 1;
        }
        self.updated_at = now;
    }

    /// The user opened the link: `pending` becomes `in_progress`.
    pub fn mark_started(&mut self, now: i64) {
        if self.status == SessionStatus::Pending {
            self.status = SessionStatus::InProgress;
            self.updated_at = now;
        }
    }

    /// Applies what time alone decides: a due decision, or the timeout of an abandoned session.
    pub fn settle(&mut self, now: i64) {
        if let Some(at) = self.decide_at {
            if at <= now {
                self.decide(now);
            }
            return;
        }
        if self.status.is_active() && self.expires_at <= now {
            self.finish(SessionStatus::Timeout, now);
        }
    }

    pub fn consent(&mut self, accepted: bool, now: i64, decision_delay_ms: i64) -> AppResult<()> {
        self.ensure_active()?;
        if self.current_step() != Some(Step::Consent) {
            // A repeated "accept" (a double tap, a retried request) changes nothing.
            if accepted && self.steps.first() == Some(&Step::Consent) && self.step_index > 0 {
                return Ok(());
            }
            return Err(step_out_of_order(self, Step::Consent));
        }
        self.mark_started(now);
        if accepted {
            self.complete_step(now, decision_delay_ms);
        } else {
            self.finish(SessionStatus::Cancelled, now);
        }
        Ok(())
    }

    /// May an image of this side of the ID document be stored now? Only on the document step,
    /// and only the side its current screen asks for.
    pub fn check_document_side(&self, side: DocumentSide) -> AppResult<()> {
        self.ensure_active()?;
        if self.current_step() != Some(Step::Document) {
            return Err(step_out_of_order(self, Step::Document));
        }
        if self.screen != side.screen() {
            return Err(AppError::conflict(
                "step_out_of_order",
                format!(
                    "The {} side is not the one asked for now (screen: {}); ask for the preflight and follow it.",
                    side.name(),
                    self.screen.name()
                ),
            ));
        }
        Ok(())
    }

    /// An image of `side` was stored: the front leads to the back, the back ends the step.
    pub fn document_uploaded(
        &mut self,
        side: DocumentSide,
        now: i64,
        decision_delay_ms: i64,
    ) -> AppResult<()> {
        self.check_document_side(side)?;
        self.mark_started(now);
        match side {
            DocumentSide::Front => self.show(Screen::DocumentBack, now),
            DocumentSide::Back => self.complete_step(now, decision_delay_ms),
        }
        Ok(())
    }

    /// May a call of `step` be made now? The session must be active and on that step.
    pub fn check_step(&self, step: Step) -> AppResult<()> {
        self.ensure_active()?;
        if self.current_step() != Some(step) {
            return Err(step_out_of_order(self, step));
        }
        Ok(())
    }

    /// A proof of address or of funds was stored: its step is done.
    pub fn document_file_uploaded(
        &mut self,
        kind: DocumentKind,
        now: i64,
        decision_delay_ms: i64,
    ) -> AppResult<()> {
        self.submit(kind.step(), now, decision_delay_ms)
    }

    /// The code sent for `step` (`phone` or `email`) was verified: the step is done.
    pub fn code_verified(&mut self, step: Step, now: i64, decision_delay_ms: i64) -> AppResult<()> {
        if !matches!(step, Step::Phone | Step::Email) {
            return Err(AppError::internal(format!(
                "code_verified for the {} step",
                step.name()
            )));
        }
        self.submit(step, now, decision_delay_ms)
    }

    /// The liveness frames were checked and stored: the step is done. `failure` is the burst
    /// check's error code when it failed: the liveness check then fails, and so does the
    /// session, unless the integrator chose the outcome.
    pub fn liveness_completed(
        &mut self,
        now: i64,
        decision_delay_ms: i64,
        failure: Option<&str>,
    ) -> AppResult<()> {
        self.check_step(Step::Liveness)?;
        self.liveness_error = failure.map(str::to_owned);
        if failure.is_some() && !self.outcome_set {
            self.outcome = SessionStatus::Failed;
        }
        self.submit(Step::Liveness, now, decision_delay_ms)
    }

    /// The user asked for assisted verification instead of a selfie (EN 301 549 §5.3: a face must
    /// not be the only way through): the liveness step ends, and a person must look at the
    /// session, so an outcome of `verified` becomes `review`. Another outcome the integrator set
    /// (`failed`, `out_of_date`, `error`, `review`) stands.
    pub fn liveness_assisted(&mut self, now: i64, decision_delay_ms: i64) -> AppResult<()> {
        self.check_step(Step::Liveness)?;
        if self.outcome == SessionStatus::Verified {
            self.outcome = SessionStatus::Review;
        }
        self.submit(Step::Liveness, now, decision_delay_ms)
    }

    /// `step`, the current one, is submitted in one call: the flow moves to the next step.
    fn submit(&mut self, step: Step, now: i64, decision_delay_ms: i64) -> AppResult<()> {
        self.check_step(step)?;
        self.mark_started(now);
        self.complete_step(now, decision_delay_ms);
        Ok(())
    }

    /// Sandbox only: the platform moves past the chip step, as one that skips it for web users
    /// does (a browser cannot read the chip, and the sandbox has no app that could).
    pub fn nfc_skipped(&mut self, now: i64, decision_delay_ms: i64) -> AppResult<()> {
        self.submit(Step::Nfc, now, decision_delay_ms)
    }

    /// The user or the integrator cancels. Cancelling a cancelled session changes nothing.
    pub fn cancel(&mut self, now: i64) -> AppResult<()> {
        if self.status == SessionStatus::Cancelled {
            return Ok(());
        }
        self.ensure_active()?;
        self.finish(SessionStatus::Cancelled, now);
        Ok(())
    }

    pub fn set_outcome(&mut self, outcome: SessionStatus, now: i64) -> AppResult<()> {
        if !outcome.is_decision() {
            return Err(AppError::validation(
                "invalid_outcome",
                "The outcome must be one of verified, failed, review, out_of_date, error.",
            ));
        }
        self.ensure_active()?;
        self.outcome = outcome;
        self.outcome_set = true;
        self.updated_at = now;
        Ok(())
    }

    pub fn ensure_active(&self) -> AppResult<()> {
        if self.status.is_active() && self.decide_at.is_none() {
            Ok(())
        } else {
            Err(AppError::session_finished())
        }
    }

    fn complete_step(&mut self, now: i64, decision_delay_ms: i64) {
        self.step_index += 1;
        match self.current_step() {
            Some(next) => self.show(next.first_screen(), now),
            None => {
                self.show(Screen::Completed, now);
                self.decide_at = Some(now + decision_delay_ms.max(0));
                self.settle(now);
            }
        }
    }

    fn decide(&mut self, now: i64) {
        self.decide_at = None;
        let outcome = self.outcome;
        self.finish(outcome, now);
    }

    fn finish(&mut self, status: SessionStatus, now: i64) {
        self.status = status;
        self.decide_at = None;
        self.result = Some(self.build_result(status, now));
        match status {
            SessionStatus::Verified => self.show(Screen::Successful, now),
            SessionStatus::Failed | SessionStatus::OutOfDate | SessionStatus::Error => {
                self.show(Screen::Rejected, now)
            }
            SessionStatus::Cancelled => self.show(Screen::Cancel, now),
            // `review` stays on `completed_screen`: all is submitted and a person decides later.
            // A timed-out user is gone; there is nobody to show a screen to.
            _ => self.updated_at = now,
        }
    }

    fn build_result(&self, status: SessionStatus, now: i64) -> SessionResult {
        let submitted = self.step_index.min(self.steps.len());
        let liveness_failed = self.liveness_error.as_deref().and_then(|code| {
            let at = self.steps.iter().position(|s| *s == Step::Liveness)?;
            (at < submitted).then_some((at, code))
        });
        let failing = match status {
            // A failed liveness check is why a session the integrator left alone failed.
            SessionStatus::Failed if !self.outcome_set && liveness_failed.is_some() => {
                liveness_failed
            }
            SessionStatus::Failed => Some((submitted.saturating_sub(1), "sandbox_decision_failed")),
            SessionStatus::OutOfDate => Some((
                self.steps
                    .iter()
                    .position(|s| *s == Step::Document)
                    .filter(|&i| i < submitted)
                    .unwrap_or(submitted.saturating_sub(1)),
                "document_expired",
            )),
            SessionStatus::Error => Some((submitted.saturating_sub(1), "processing_error")),
            _ => None,
        };
        let checks = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, &step)| {
                let (status, error_code) = match (failing, liveness_failed) {
                    (Some((f, code)), _) if f == i => (CheckStatus::Failed, Some(code.to_owned())),
                    // The check failed even where the integrator's outcome stands: say so.
                    (_, Some((f, code))) if f == i => (CheckStatus::Failed, Some(code.to_owned())),
                    // Past the chip step means skipped: nothing here can read a chip.
                    _ if i < submitted && step == Step::Nfc => (CheckStatus::Skipped, None),
                    _ if i < submitted => (CheckStatus::Passed, None),
                    _ => (CheckStatus::Skipped, None),
                };
                Check {
                    step,
                    status,
                    error_code,
                }
            })
            .collect();
        SessionResult {
            status,
            checks,
            completed_at: crate::clock::rfc3339(now),
        }
    }
}

fn step_out_of_order(row: &SessionRow, asked: Step) -> AppError {
    let current = row.current_step().map(Step::name).unwrap_or("none");
    AppError::conflict(
        "step_out_of_order",
        format!(
            "The {} step is not the current one (current: {current}); ask for the preflight and follow it.",
            asked.name()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use idv_core::workflow_steps;

    fn row(workflow: &str) -> SessionRow {
        SessionRow {
            id: "123456789".into(),
            ref_id: "u".into(),
            workflow_id: workflow.into(),
            steps: workflow_steps(workflow).unwrap().to_vec(),
            status: SessionStatus::Pending,
            return_url: None,
            locale: "en".into(),
            user: None,
            branding: Branding {
                name: "B".into(),
                primary_color: "#000000".into(),
                logo_url: None,
            },
            step_index: 0,
            screen: Screen::Consent,
            seq: 1,
            outcome: SessionStatus::Verified,
            decide_at: None,
            expires_at: 1_000_000,
            created_at: 0,
            updated_at: 0,
            result: None,
            ws_fault: WebsocketFault::Allow,
            client_return_url: None,
            liveness_error: None,
            outcome_set: false,
        }
    }

    #[test]
    fn consent_moves_to_the_next_step() {
        let mut r = row("kyc");
        r.consent(true, 10, 0).unwrap();
        assert_eq!(r.status, SessionStatus::InProgress);
        assert_eq!(r.preflight().screen, Screen::DocumentFront);
        assert_eq!((r.preflight().seq, r.preflight().step), (2, 2));
        // Accepting twice is harmless; rejecting after accepting is out of order.
        r.consent(true, 11, 0).unwrap();
        assert_eq!(r.seq, 2);
        assert_eq!(
            r.consent(false, 12, 0).unwrap_err().code,
            "step_out_of_order"
        );
    }

    #[test]
    fn last_step_completes_then_decides_after_the_delay() {
        let mut r = row("consent_only");
        r.set_outcome(SessionStatus::Failed, 5).unwrap();
        r.consent(true, 10, 100).unwrap();
        assert_eq!(r.screen, Screen::Completed);
        assert_eq!(r.status, SessionStatus::InProgress);
        assert_eq!(
            r.consent(true, 11, 100).unwrap_err().code,
            "session_finished"
        );
        r.settle(109);
        assert_eq!(r.screen, Screen::Completed);
        r.settle(110);
        assert_eq!(r.screen, Screen::Rejected);
        assert_eq!(r.status, SessionStatus::Failed);
        let result = r.result.as_ref().unwrap();
        assert_eq!(result.checks[0].status, CheckStatus::Failed);
        assert_eq!(r.seq, 3);
    }

    #[test]
    fn immediate_decision_and_verified_result() {
        let mut r = row("consent_only");
        r.consent(true, 10, 0).unwrap();
        assert_eq!(r.screen, Screen::Successful);
        assert_eq!(r.status, SessionStatus::Verified);
        let checks = &r.result.as_ref().unwrap().checks;
        assert!(checks.iter().all(|c| c.status == CheckStatus::Passed));
    }

    #[test]
    fn review_stays_on_completed() {
        let mut r = row("consent_only");
        r.set_outcome(SessionStatus::Review, 0).unwrap();
        r.consent(true, 10, 0).unwrap();
        assert_eq!(r.screen, Screen::Completed);
        assert_eq!(r.status, SessionStatus::Review);
        assert!(r.result.is_some());
    }

    #[test]
    fn reject_cancels_with_skipped_checks() {
        let mut r = row("kyc");
        r.consent(false, 10, 0).unwrap();
        assert_eq!(r.status, SessionStatus::Cancelled);
        assert_eq!(r.screen, Screen::Cancel);
        let checks = &r.result.as_ref().unwrap().checks;
        assert!(checks.iter().all(|c| c.status == CheckStatus::Skipped));
        r.cancel(11).unwrap();
        assert_eq!(r.seq, 2);
    }

    #[test]
    fn abandoned_sessions_time_out() {
        let mut r = row("kyc");
        r.settle(999_999);
        assert_eq!(r.status, SessionStatus::Pending);
        r.settle(1_000_000);
        assert_eq!(r.status, SessionStatus::Timeout);
        assert_eq!(r.cancel(1_000_001).unwrap_err().code, "session_finished");
    }

    #[test]
    fn a_pending_decision_is_not_a_timeout() {
        let mut r = row("consent_only");
        r.consent(true, 10, 5_000_000).unwrap();
        r.settle(2_000_000);
        assert_eq!(r.status, SessionStatus::InProgress);
        r.settle(5_000_010);
        assert_eq!(r.status, SessionStatus::Verified);
    }

    #[test]
    fn document_front_then_back_then_the_next_step() {
        let mut r = row("kyc");
        // Not before consent.
        assert_eq!(
            r.document_uploaded(DocumentSide::Front, 5, 0)
                .unwrap_err()
                .code,
            "step_out_of_order"
        );
        r.consent(true, 10, 0).unwrap();
        assert_eq!((r.screen.clone(), r.seq), (Screen::DocumentFront, 2));
        // The back is not asked for yet.
        let err = r.document_uploaded(DocumentSide::Back, 11, 0).unwrap_err();
        assert_eq!((err.status.as_u16(), err.code), (409, "step_out_of_order"));
        assert_eq!(r.seq, 2);
        r.document_uploaded(DocumentSide::Front, 12, 0).unwrap();
        assert_eq!(r.preflight().screen, Screen::DocumentBack);
        assert_eq!((r.preflight().seq, r.preflight().step), (3, 2));
        assert_eq!(r.updated_at, 12);
        // The front again is out of order now.
        assert!(r.check_document_side(DocumentSide::Front).is_err());
        r.document_uploaded(DocumentSide::Back, 13, 0).unwrap();
        assert_eq!(r.preflight().screen, Screen::Liveness);
        assert_eq!((r.preflight().seq, r.preflight().step), (4, 3));
        assert_eq!(
            r.check_document_side(DocumentSide::Back).unwrap_err().code,
            "step_out_of_order"
        );
    }

    #[test]
    fn the_back_of_the_last_step_completes_the_session() {
        let mut r = row("document_only");
        r.consent(true, 10, 0).unwrap();
        r.document_uploaded(DocumentSide::Front, 11, 500).unwrap();
        r.document_uploaded(DocumentSide::Back, 12, 500).unwrap();
        assert_eq!(r.screen, Screen::Completed);
        assert_eq!(r.decide_at, Some(512));
        assert_eq!(
            r.document_uploaded(DocumentSide::Back, 13, 500)
                .unwrap_err()
                .code,
            "session_finished"
        );
        r.settle(512);
        assert_eq!(r.status, SessionStatus::Verified);
        let checks = &r.result.as_ref().unwrap().checks;
        assert!(checks.iter().all(|c| c.status == CheckStatus::Passed));
    }

    #[test]
    fn a_finished_session_takes_no_document() {
        let mut r = row("kyc");
        r.consent(true, 10, 0).unwrap();
        r.cancel(11).unwrap();
        assert_eq!(
            r.document_uploaded(DocumentSide::Front, 12, 0)
                .unwrap_err()
                .code,
            "session_finished"
        );
    }

    /// `full` with its first three steps done, as if the user had passed them.
    fn on_address() -> SessionRow {
        let mut r = row("full");
        r.consent(true, 10, 0).unwrap();
        r.document_uploaded(DocumentSide::Front, 11, 0).unwrap();
        r.document_uploaded(DocumentSide::Back, 12, 0).unwrap();
        assert_eq!(r.current_step(), Some(Step::Liveness));
        r.liveness_completed(13, 0, None).unwrap();
        r
    }

    fn on_liveness(workflow: &str) -> SessionRow {
        let mut r = row(workflow);
        r.consent(true, 10, 0).unwrap();
        r.document_uploaded(DocumentSide::Front, 11, 0).unwrap();
        r.document_uploaded(DocumentSide::Back, 12, 0).unwrap();
        assert_eq!(r.screen, Screen::Liveness);
        r
    }

    #[test]
    fn liveness_completes_only_on_its_step() {
        let mut r = row("kyc");
        assert_eq!(
            r.liveness_completed(5, 0, None).unwrap_err().code,
            "step_out_of_order"
        );
        assert_eq!(
            r.liveness_assisted(5, 0).unwrap_err().code,
            "step_out_of_order"
        );
        let mut r = on_liveness("kyc");
        r.liveness_completed(20, 0, None).unwrap();
        assert_eq!(r.status, SessionStatus::Verified);
        assert_eq!(r.screen, Screen::Successful);
        assert_eq!(
            r.liveness_completed(21, 0, None).unwrap_err().code,
            "session_finished"
        );
        let mut r = on_liveness("full");
        r.liveness_completed(20, 0, None).unwrap();
        assert_eq!(r.screen, Screen::ProofOfAddress);
        assert_eq!(
            r.liveness_completed(21, 0, None).unwrap_err().code,
            "step_out_of_order"
        );
    }

    #[test]
    fn a_failed_liveness_check_fails_the_session_unless_the_integrator_chose() {
        let mut r = on_liveness("kyc");
        r.liveness_completed(20, 0, Some("still_image")).unwrap();
        assert_eq!(r.status, SessionStatus::Failed);
        assert_eq!(r.screen, Screen::Rejected);
        let checks = &r.result.as_ref().unwrap().checks;
        let live = checks.iter().find(|c| c.step == Step::Liveness).unwrap();
        assert_eq!(live.status, CheckStatus::Failed);
        assert_eq!(live.error_code.as_deref(), Some("still_image"));
        // The other checks passed.
        assert!(checks
            .iter()
            .filter(|c| c.step != Step::Liveness)
            .all(|c| c.status == CheckStatus::Passed));
        // An outcome the integrator set stands; the check still says what it found.
        let mut r = on_liveness("kyc");
        r.set_outcome(SessionStatus::Verified, 15).unwrap();
        r.liveness_completed(20, 0, Some("no_face")).unwrap();
        assert_eq!(r.status, SessionStatus::Verified);
        let checks = &r.result.as_ref().unwrap().checks;
        let live = checks.iter().find(|c| c.step == Step::Liveness).unwrap();
        assert_eq!(live.status, CheckStatus::Failed);
        assert_eq!(live.error_code.as_deref(), Some("no_face"));
        // A failed check on a longer workflow: the session goes on, and fails at the end.
        let mut r = on_liveness("full");
        r.liveness_completed(20, 0, Some("challenge_not_followed"))
            .unwrap();
        assert_eq!(r.screen, Screen::ProofOfAddress);
        assert_eq!(r.outcome, SessionStatus::Failed);
    }

    #[test]
    fn assisted_liveness_turns_verified_into_review() {
        let mut r = on_liveness("kyc");
        r.liveness_assisted(20, 0).unwrap();
        assert_eq!(r.status, SessionStatus::Review);
        assert_eq!(r.screen, Screen::Completed);
        // An outcome the integrator chose stands.
        let mut r = on_liveness("kyc");
        r.set_outcome(SessionStatus::Failed, 15).unwrap();
        r.liveness_assisted(20, 0).unwrap();
        assert_eq!(r.status, SessionStatus::Failed);
        // A finished session takes no assisted request, and its outcome does not move.
        let mut r = on_liveness("full");
        r.cancel(19).unwrap();
        assert_eq!(
            r.liveness_assisted(20, 0).unwrap_err().code,
            "session_finished"
        );
        assert_eq!(r.outcome, SessionStatus::Verified);
        // In `full`, the flow goes on to the address step with the outcome changed.
        let mut r = on_liveness("full");
        r.liveness_assisted(20, 0).unwrap();
        assert_eq!(r.screen, Screen::ProofOfAddress);
        assert_eq!(r.outcome, SessionStatus::Review);
    }

    #[test]
    fn address_then_funds_then_phone_then_email_then_completed() {
        let mut r = on_address();
        assert_eq!((r.screen.clone(), r.seq), (Screen::ProofOfAddress, 5));
        // Not the funds step yet, nor a code.
        let err = r
            .document_file_uploaded(DocumentKind::Funds, 20, 0)
            .unwrap_err();
        assert_eq!((err.status.as_u16(), err.code), (409, "step_out_of_order"));
        assert_eq!(
            r.code_verified(Step::Phone, 20, 0).unwrap_err().code,
            "step_out_of_order"
        );
        assert_eq!(r.seq, 5);
        r.document_file_uploaded(DocumentKind::Address, 21, 0)
            .unwrap();
        assert_eq!(r.preflight().screen, Screen::ProofOfFunds);
        assert_eq!((r.preflight().seq, r.preflight().step), (6, 5));
        assert_eq!(r.updated_at, 21);
        assert!(r.check_step(Step::Address).is_err());
        r.check_step(Step::Funds).unwrap();
        r.document_file_uploaded(DocumentKind::Funds, 22, 0)
            .unwrap();
        assert_eq!(r.preflight().screen, Screen::PhoneVerification);
        r.code_verified(Step::Phone, 23, 500).unwrap();
        assert_eq!(r.preflight().screen, Screen::EmailVerification);
        assert_eq!((r.preflight().seq, r.preflight().step), (8, 7));
        r.code_verified(Step::Email, 24, 500).unwrap();
        assert_eq!(r.screen, Screen::Completed);
        assert_eq!(r.decide_at, Some(524));
        assert_eq!(
            r.code_verified(Step::Email, 25, 500).unwrap_err().code,
            "session_finished"
        );
        r.settle(524);
        assert_eq!(r.status, SessionStatus::Verified);
        let checks = &r.result.as_ref().unwrap().checks;
        assert!(checks.iter().all(|c| c.status == CheckStatus::Passed));
    }

    #[test]
    fn contact_workflow_codes_only() {
        let mut r = row("contact");
        assert_eq!(
            r.check_step(Step::Phone).unwrap_err().code,
            "step_out_of_order"
        );
        r.consent(true, 10, 0).unwrap();
        assert_eq!(
            r.code_verified(Step::Email, 11, 0).unwrap_err().code,
            "step_out_of_order"
        );
        r.code_verified(Step::Phone, 12, 0).unwrap();
        r.code_verified(Step::Email, 13, 0).unwrap();
        assert_eq!(r.status, SessionStatus::Verified);
        // Only phone and e-mail have codes.
        let mut r = row("consent_only");
        assert_eq!(
            r.code_verified(Step::Consent, 5, 0).unwrap_err().code,
            "internal"
        );
        assert_eq!(r.seq, 1);
    }

    #[test]
    fn a_cancelled_session_takes_no_document_nor_code() {
        let mut r = on_address();
        r.cancel(20).unwrap();
        assert_eq!(
            r.document_file_uploaded(DocumentKind::Address, 21, 0)
                .unwrap_err()
                .code,
            "session_finished"
        );
        assert_eq!(
            r.check_step(Step::Address).unwrap_err().code,
            "session_finished"
        );
    }

    #[test]
    fn passport_skips_the_chip_then_takes_the_selfie() {
        let mut r = row("passport");
        r.consent(true, 10, 0).unwrap();
        // Only on the chip step.
        assert_eq!(r.nfc_skipped(11, 0).unwrap_err().code, "step_out_of_order");
        r.document_uploaded(DocumentSide::Front, 12, 0).unwrap();
        r.document_uploaded(DocumentSide::Back, 13, 0).unwrap();
        assert_eq!(r.preflight().screen, Screen::Nfc);
        assert_eq!((r.preflight().seq, r.preflight().step), (4, 3));
        r.nfc_skipped(14, 0).unwrap();
        assert_eq!(r.preflight().screen, Screen::Liveness);
        assert_eq!((r.preflight().seq, r.preflight().step), (5, 4));
        assert_eq!(r.nfc_skipped(15, 0).unwrap_err().code, "step_out_of_order");
        r.liveness_completed(16, 0, None).unwrap();
        assert_eq!(r.status, SessionStatus::Verified);
        let checks: Vec<(Step, CheckStatus)> = r
            .result
            .as_ref()
            .unwrap()
            .checks
            .iter()
            .map(|c| (c.step, c.status))
            .collect();
        assert_eq!(
            checks,
            [
                (Step::Consent, CheckStatus::Passed),
                (Step::Document, CheckStatus::Passed),
                (Step::Nfc, CheckStatus::Skipped),
                (Step::Liveness, CheckStatus::Passed),
            ]
        );
    }

    #[test]
    fn outcome_must_be_a_decision() {
        let mut r = row("kyc");
        assert_eq!(
            r.set_outcome(SessionStatus::Cancelled, 0).unwrap_err().code,
            "invalid_outcome"
        );
    }
}
