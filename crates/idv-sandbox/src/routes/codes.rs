//! `POST /v1/client/{phone,email}/{initiate,complete}`: one-time codes (rules in `crate::codes`).

use super::extract::JsonBody;
use crate::auth::ClientAuth;
use crate::codes;
use crate::error::AppResult;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use idv_core::{
    CodeCompleteRequest, CodeSent, CodeVerified, EmailInitiateRequest, PhoneInitiateRequest, Step,
};

pub async fn phone_initiate(
    auth: ClientAuth,
    State(state): State<AppState>,
    JsonBody(req): JsonBody<PhoneInitiateRequest>,
) -> AppResult<Json<CodeSent>> {
    codes::initiate(&state, &auth.session_id, Step::Phone, &req.phone).map(Json)
}

pub async fn phone_complete(
    auth: ClientAuth,
    State(state): State<AppState>,
    JsonBody(req): JsonBody<CodeCompleteRequest>,
) -> AppResult<Json<CodeVerified>> {
    codes::complete(&state, &auth.session_id, Step::Phone, &req.code).map(Json)
}

pub async fn email_initiate(
    auth: ClientAuth,
    State(state): State<AppState>,
    JsonBody(req): JsonBody<EmailInitiateRequest>,
) -> AppResult<Json<CodeSent>> {
    codes::initiate(&state, &auth.session_id, Step::Email, &req.email).map(Json)
}

pub async fn email_complete(
    auth: ClientAuth,
    State(state): State<AppState>,
    JsonBody(req): JsonBody<CodeCompleteRequest>,
) -> AppResult<Json<CodeVerified>> {
    codes::complete(&state, &auth.session_id, Step::Email, &req.code).map(Json)
}
