//! Desktop to phone handoff: the desktop asks for a single-use link, the phone exchanges it for
//! a session token of its own. The rules themselves are `idv_core::handoff`'s.

use crate::auth::ClientAuth;
use crate::clock::rfc3339;
use crate::error::{AppError, AppResult};
use crate::hub::HubEvent;
use crate::store::{HandoffRow, TokenKind};
use crate::{token, AppState};
use axum::http::StatusCode;
use idv_core::handoff::{
    check_exchange, handoff_expiry, phone_link, HandoffRecord, HandoffRefusal, PhonePresence,
};
use idv_core::{HandoffExchanged, HandoffIssued};

/// `POST /v1/client/handoff`: a new link for a phone; the session's earlier unused links stop
/// working.
pub fn issue(state: &AppState, auth: &ClientAuth) -> AppResult<HandoffIssued> {
    let now = state.now();
    let handoff_token = token::new_token();
    let expires_at = handoff_expiry(now, auth.token_expires_at);
    let ((), row) = state.modify_tx(&auth.session_id, |tx, row| {
        row.ensure_active()?;
        row.mark_started(now);
        tx.insert_handoff(&HandoffRow {
            hash: token::hash(&handoff_token),
            session_id: row.id.clone(),
            created_at: now,
            expires_at,
            phone_token_expires_at: auth.token_expires_at,
            used_at: None,
            replaced_at: None,
        })?;
        tx.add_event(
            &row.id,
            now,
            "handoff",
            Some(&format!("issued, valid until {}", rfc3339(expires_at))),
        )?;
        Ok(())
    })?;
    let origin = &state.config().public_origin;
    Ok(HandoffIssued {
        url: phone_link(origin, &handoff_token, &row.id),
        handoff_token,
        expires_at: rfc3339(expires_at),
        expires_in: ((expires_at - now).max(0) / 1000) as u32,
    })
}

/// `POST /v1/client/handoff/exchange` with the handoff token as bearer: the phone's session
/// token. Refusals are `410` with the core's codes; a token never issued is `invalid_token`.
pub fn exchange(state: &AppState, presented: &str) -> AppResult<HandoffExchanged> {
    let now = state.now();
    let hash = token::hash(presented);
    let handoff = state
        .lock()
        .find_handoff(&hash)?
        .ok_or_else(AppError::invalid_token)?;
    let record = HandoffRecord {
        expires_at_ms: handoff.expires_at,
        used: handoff.used_at.is_some(),
        replaced: handoff.replaced_at.is_some(),
    };
    if let Err(refusal) = check_exchange(&record, now) {
        return Err(refused(state, &handoff.session_id, refusal, now));
    }
    let phone_token = token::new_token();
    let phone_hash = token::hash(&phone_token);
    let result = state.modify_tx(&handoff.session_id, |tx, row| {
        row.ensure_active()?;
        // Checked again under the lock: two phones scanning at once get one session between them.
        if !tx.use_handoff(&hash, &phone_hash, now)? {
            return Err(refusal_error(HandoffRefusal::Used));
        }
        tx.insert_token(
            &phone_hash,
            TokenKind::Client,
            Some(&row.id),
            handoff.phone_token_expires_at,
            now,
        )?;
        row.mark_started(now);
        tx.add_event(&row.id, now, "handoff", Some("exchanged by a phone"))?;
        Ok(())
    });
    let ((), row) = match result {
        Ok(done) => done,
        Err(e) if e.code == HandoffRefusal::Used.code() => {
            return Err(refused(
                state,
                &handoff.session_id,
                HandoffRefusal::Used,
                now,
            ))
        }
        Err(e) => return Err(e),
    };
    state.hub().publish(HubEvent::Phone {
        session_id: row.id.clone(),
        presence: PhonePresence::Connected,
    });
    Ok(HandoffExchanged {
        session_id: row.id,
        token: phone_token,
        token_expires_at: rfc3339(handoff.phone_token_expires_at),
    })
}

fn refused(state: &AppState, session_id: &str, refusal: HandoffRefusal, now: i64) -> AppError {
    let _ = state.lock().add_event(
        session_id,
        now,
        "handoff",
        Some(&format!("refused {}", refusal.code())),
    );
    refusal_error(refusal)
}

fn refusal_error(refusal: HandoffRefusal) -> AppError {
    let message = match refusal {
        HandoffRefusal::Used => {
            "This link has already been used. Show a new QR code on your computer."
        }
        HandoffRefusal::Replaced => {
            "A newer QR code has replaced this link. Scan the one on your computer."
        }
        HandoffRefusal::Expired => "This link has expired. Show a new QR code on your computer.",
    };
    AppError::new(StatusCode::GONE, refusal.code(), message)
}
