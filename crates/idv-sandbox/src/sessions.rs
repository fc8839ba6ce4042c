//! Creating sessions and writing them out: the server-side API's logic, shared by the HTTP
//! handlers and the CLI's demo session.

use crate::clock::rfc3339;
use crate::error::{AppError, AppResult};
use crate::flow::SessionRow;
use crate::store::{TokenKind, TokenRow, Tx};
use crate::{token, AppState};
use axum::http::StatusCode;
use idv_core::validate::{is_e164, is_email, is_hex_colour, is_locale};
use idv_core::{
    workflow_steps, Branding, ClientSession, CreateSessionRequest, DeviceSessionRequest, ReturnUrl,
    Screen, Session, SessionStatus, UserInfo, WebsocketFault,
};

pub const MIN_DEVICE_TTL_S: u64 = 60;
pub const MAX_DEVICE_TTL_S: u64 = 24 * 3600;

pub fn default_branding() -> Branding {
    Branding {
        name: "idv-capture sandbox".to_owned(),
        primary_color: "#1f5fbf".to_owned(),
        logo_url: None,
    }
}

/// What a create request asks for, once every field is checked.
struct NewSession {
    ref_id: String,
    workflow_id: String,
    return_url: Option<String>,
    locale: String,
    user: Option<UserInfo>,
    branding: Branding,
}

/// `POST /v1/sessions` with the API key: `201` and a new session, or `200` and the user's
/// active session of the same workflow with a fresh token and a longer life.
pub fn create(state: &AppState, req: CreateSessionRequest) -> AppResult<(StatusCode, Session)> {
    let force = req.force_creation;
    let new = validate(req)?;
    check_return_origin(state, new.return_url.as_deref())?;
    if !force {
        if let Some(session) = renew_active(state, &new.ref_id, &new.workflow_id)? {
            return Ok((StatusCode::OK, session));
        }
    }
    let now = state.now();
    let tok = token::new_token();
    let expires_at = now + state.config().token_ttl_ms;
    let tx = state.lock();
    let row = insert_new(&tx, new, expires_at, now)?;
    tx.insert_token(
        &token::hash(&tok),
        TokenKind::Client,
        Some(&row.id),
        expires_at,
        now,
    )?;
    Ok((StatusCode::CREATED, session_object(state, &row, Some(&tok))))
}

fn renew_active(state: &AppState, ref_id: &str, workflow_id: &str) -> AppResult<Option<Session>> {
    let candidates: Vec<String> = state
        .lock()
        .sessions_of(ref_id)?
        .into_iter()
        .filter(|s| s.workflow_id == workflow_id && s.status.is_active())
        .map(|s| s.id)
        .collect();
    for id in candidates {
        let tok = token::new_token();
        let ttl = state.config().token_ttl_ms;
        let renewed = state.modify(&id, |row| {
            // Settled by `modify` first: a session that just timed out is not reused.
            if !row.status.is_active() || row.decide_at.is_some() {
                return Ok(None);
            }
            let token_expires_at = state.now() + ttl;
            // The session lives as long as its longest-lived token: a device token bound to it
            // may outlive the new one, and must not find its session timed out under it.
            row.expires_at = row.expires_at.max(token_expires_at);
            row.updated_at = state.now();
            Ok(Some(token_expires_at))
        })?;
        if let (Some(token_expires_at), row) = renewed {
            let now = state.now();
            let tx = state.lock();
            tx.insert_token(
                &token::hash(&tok),
                TokenKind::Client,
                Some(&row.id),
                token_expires_at,
                now,
            )?;
            tx.add_event(&row.id, now, "token_renewed", None)?;
            let mut session = session_object(state, &row, Some(&tok));
            session.token_expires_at = rfc3339(token_expires_at);
            return Ok(Some(session));
        }
    }
    Ok(None)
}

/// `POST /v1/devices/ephemeral`: a token that may create one session.
pub fn create_device_token(state: &AppState, ttl_s: u64) -> AppResult<String> {
    if !(MIN_DEVICE_TTL_S..=MAX_DEVICE_TTL_S).contains(&ttl_s) {
        return Err(AppError::validation(
            "invalid_ttl",
            format!("ttl must be between {MIN_DEVICE_TTL_S} and {MAX_DEVICE_TTL_S} seconds."),
        ));
    }
    let now = state.now();
    let tok = token::new_token();
    state.lock().insert_token(
        &token::hash(&tok),
        TokenKind::Device,
        None,
        now + ttl_s as i64 * 1000,
        now,
    )?;
    Ok(tok)
}

/// `POST /v1/sessions?workflowId=..` with a device token: the token becomes the session's
/// client token and keeps its own expiry.
pub fn create_for_device(
    state: &AppState,
    device_token: &str,
    device: TokenRow,
    workflow_id: Option<String>,
    req: DeviceSessionRequest,
) -> AppResult<Session> {
    let now = state.now();
    if device.expires_at <= now {
        return Err(AppError::token_expired());
    }
    if device.session_id.is_some() {
        return Err(used_device_token());
    }
    let new = validate(CreateSessionRequest {
        ref_id: req.metadata.external_user_id,
        workflow_id,
        return_url: None,
        force_creation: true,
        locale: None,
        user: None,
        branding: None,
    })?;
    let hash = token::hash(device_token);
    let tx = state.lock();
    // Checked again under the lock: a concurrent request may have used the token meanwhile,
    // and a session must not be written without the token that opens it.
    if tx
        .find_token(&hash)?
        .is_some_and(|t| t.session_id.is_some())
    {
        return Err(used_device_token());
    }
    let row = insert_new(&tx, new, device.expires_at, now)?;
    if !tx.bind_device_token(&hash, &row.id)? {
        return Err(used_device_token());
    }
    Ok(session_object(state, &row, Some(device_token)))
}

fn used_device_token() -> AppError {
    AppError::conflict(
        "device_token_used",
        "This device token has already created a session; create a new device token.",
    )
}

/// The API key's allow-list of return origins (`IDV_RETURN_ORIGINS`), when it has one.
fn check_return_origin(state: &AppState, url: Option<&str>) -> AppResult<()> {
    let allowed = &state.config().return_origins;
    let Some(url) = url.filter(|_| !allowed.is_empty()) else {
        return Ok(());
    };
    let origin = ReturnUrl::parse(url)
        .map(|u| u.origin().to_owned())
        .unwrap_or_default();
    if allowed.iter().any(|o| o.eq_ignore_ascii_case(&origin)) {
        return Ok(());
    }
    Err(AppError::validation(
        "invalid_return_url",
        "return_url: its origin is not on this API key's list of return origins.",
    ))
}

fn validate(req: CreateSessionRequest) -> AppResult<NewSession> {
    let ref_id = req.ref_id;
    if ref_id.trim().is_empty()
        || ref_id.chars().count() > 128
        || ref_id.chars().any(char::is_control)
    {
        return Err(AppError::validation(
            "invalid_ref_id",
            "ref_id must be 1 to 128 characters without control characters.",
        ));
    }
    let workflow_id = req.workflow_id.unwrap_or_else(|| "full".to_owned());
    if workflow_steps(&workflow_id).is_none() {
        return Err(AppError::validation(
            "unknown_workflow",
            format!(
                "Unknown workflow_id {workflow_id:?}; use one of {}.",
                idv_core::WORKFLOWS.join(", ")
            ),
        ));
    }
    let return_url = req
        .return_url
        .map(|u| ReturnUrl::parse(&u).map(|u| u.to_string()))
        .transpose()
        .map_err(|e| AppError::validation("invalid_return_url", format!("return_url: {e}.")))?;
    let locale = req.locale.unwrap_or_else(|| "en".to_owned());
    if !is_locale(&locale) {
        return Err(AppError::validation(
            "invalid_locale",
            "locale must be a language tag such as en or de-CH.",
        ));
    }
    if let Some(user) = &req.user {
        validate_user(user)?;
    }
    let branding = req.branding.unwrap_or_else(default_branding);
    if branding.name.trim().is_empty()
        || branding.name.chars().count() > 64
        || branding.name.chars().any(char::is_control)
    {
        return Err(AppError::validation(
            "invalid_branding",
            "branding.name must be 1 to 64 characters.",
        ));
    }
    if !is_hex_colour(&branding.primary_color) {
        return Err(AppError::validation(
            "invalid_branding",
            "branding.primary_color must be a colour such as #1f5fbf.",
        ));
    }
    if let Some(logo) = &branding.logo_url {
        if !idv_core::theme::is_logo_url(logo) {
            return Err(AppError::validation(
                "invalid_branding",
                "branding.logo_url must be an https URL, a path on this origin, or a data:image \
                 URI of at most 64 KB.",
            ));
        }
    }
    Ok(NewSession {
        ref_id,
        workflow_id,
        return_url,
        locale,
        user: req.user,
        branding,
    })
}

fn validate_user(user: &UserInfo) -> AppResult<()> {
    for (field, value) in [
        ("first_name", &user.first_name),
        ("last_name", &user.last_name),
    ] {
        if let Some(v) = value {
            if v.chars().count() > 100 || v.chars().any(char::is_control) {
                return Err(AppError::validation(
                    "invalid_user",
                    format!("user.{field} must be at most 100 characters."),
                ));
            }
        }
    }
    if user.email.as_deref().is_some_and(|e| !is_email(e)) {
        return Err(AppError::validation(
            "invalid_user",
            "user.email is not an e-mail address.",
        ));
    }
    if user.phone.as_deref().is_some_and(|p| !is_e164(p)) {
        return Err(AppError::validation(
            "invalid_user",
            "user.phone must be in E.164 form, such as +41791234567.",
        ));
    }
    Ok(())
}

fn insert_new(tx: &Tx<'_>, new: NewSession, expires_at: i64, now: i64) -> AppResult<SessionRow> {
    let id = loop {
        let candidate = (100_000_000 + token::random_below(900_000_000)).to_string();
        if !tx.session_exists(&candidate)? {
            break candidate;
        }
    };
    let steps = workflow_steps(&new.workflow_id)
        .expect("validated workflow")
        .to_vec();
    let row = SessionRow {
        id,
        ref_id: new.ref_id,
        workflow_id: new.workflow_id,
        screen: steps
            .first()
            .map(|s| s.first_screen())
            .unwrap_or(Screen::Completed),
        steps,
        status: SessionStatus::Pending,
        return_url: new.return_url,
        locale: new.locale,
        user: new.user,
        branding: new.branding,
        step_index: 0,
        seq: 1,
        outcome: SessionStatus::Verified,
        decide_at: None,
        expires_at,
        created_at: now,
        updated_at: now,
        result: None,
        ws_fault: WebsocketFault::Allow,
        client_return_url: None,
        liveness_error: None,
        outcome_set: false,
    };
    tx.insert_session(&row)?;
    tx.add_event(&row.id, now, "created", Some(&row.workflow_id))?;
    Ok(row)
}

/// The session object of API.md. The links are written only when the token is at hand, that
/// is in create answers.
pub fn session_object(state: &AppState, row: &SessionRow, token: Option<&str>) -> Session {
    let origin = &state.config().public_origin;
    let start_url =
        token.map(|t| format!("{origin}/mobile?authorization={t}&sessionId={}", row.id));
    let handoff_url = start_url
        .as_ref()
        .map(|u| format!("{origin}/capture?url={}", percent_encode(u)));
    Session {
        session_id: row.id.clone(),
        ref_id: row.ref_id.clone(),
        workflow_id: row.workflow_id.clone(),
        steps: row.steps.clone(),
        status: row.status,
        token: token.map(str::to_owned),
        token_expires_at: rfc3339(row.expires_at),
        start_url,
        handoff_url,
        return_url: row.return_url.clone(),
        locale: row.locale.clone(),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        result: row.result.clone(),
    }
}

pub fn client_session(row: &SessionRow, token_expires_at: i64) -> ClientSession {
    ClientSession {
        session_id: row.id.clone(),
        status: row.status,
        steps: row.steps.clone(),
        locale: row.locale.clone(),
        web_sdk_return_url: row
            .client_return_url
            .clone()
            .or_else(|| row.return_url.clone()),
        expires_at: rfc3339(token_expires_at),
        branding: row.branding.clone(),
    }
}

use idv_core::handoff::percent_encode;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_start_url() {
        assert_eq!(
            percent_encode("http://h:1/mobile?authorization=ab&sessionId=1"),
            "http%3A%2F%2Fh%3A1%2Fmobile%3Fauthorization%3Dab%26sessionId%3D1"
        );
    }
}
