//! Who is calling: the integrator's backend (API key) or a browser holding a session token.

use crate::error::AppError;
use crate::store::{TokenKind, TokenRow};
use crate::{token, AppState};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap};

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

/// How a presented token resolves.
pub enum Credential {
    ApiKey,
    Token(TokenRow),
    Unknown,
}

pub fn resolve(state: &AppState, presented: &str) -> Result<Credential, AppError> {
    if token::constant_time_eq(presented, &state.config().api_key) {
        return Ok(Credential::ApiKey);
    }
    Ok(match state.lock().find_token(&token::hash(presented))? {
        Some(row) => Credential::Token(row),
        None => Credential::Unknown,
    })
}

/// The server-side calls: `Authorization: Bearer <api key>`.
pub struct ApiKey;

impl FromRequestParts<AppState> for ApiKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let presented = bearer(&parts.headers).ok_or_else(|| {
            AppError::unauthorized("Send the API key as Authorization: Bearer <api key>.")
        })?;
        match resolve(state, presented)? {
            Credential::ApiKey => Ok(ApiKey),
            Credential::Token(_) => Err(AppError::forbidden(
                "A session or device token cannot make server-side calls; use the API key.",
            )),
            Credential::Unknown => Err(AppError::unauthorized("The API key is not valid.")),
        }
    }
}

/// The browser's calls: a live client token, which reaches its own session only.
pub struct ClientAuth {
    pub session_id: String,
    pub token_expires_at: i64,
}

impl ClientAuth {
    pub fn from_token(state: &AppState, presented: &str) -> Result<ClientAuth, AppError> {
        match resolve(state, presented)? {
            Credential::ApiKey => Err(AppError::forbidden(
                "The API key must stay on the server; client calls take the session token.",
            )),
            Credential::Unknown => Err(AppError::invalid_token()),
            Credential::Token(row) => {
                let session_id = match (row.kind, row.session_id) {
                    (_, Some(id)) => id,
                    (TokenKind::Device, None) => {
                        return Err(AppError::forbidden(
                            "This device token has no session yet; create one with it first.",
                        ))
                    }
                    (TokenKind::Client, None) => return Err(AppError::invalid_token()),
                };
                if row.expires_at <= state.now() {
                    return Err(AppError::token_expired());
                }
                Ok(ClientAuth {
                    session_id,
                    token_expires_at: row.expires_at,
                })
            }
        }
    }
}

impl FromRequestParts<AppState> for ClientAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let presented = bearer(&parts.headers).ok_or_else(|| {
            AppError::unauthorized("Send the session token as Authorization: Bearer <token>.")
        })?;
        ClientAuth::from_token(state, presented)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_bearer_tokens() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  abc "),
        );
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer(&h), None);
    }
}
