//! One error type for every handler: clients get a stable code and a sentence, logs the detail.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use idv_core::{ApiError, ErrorBody};

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Sent as `Retry-After: <seconds>` (on `429 rate_limited` when waiting helps).
    pub retry_after_s: Option<u64>,
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> AppError {
        AppError {
            status,
            code,
            message: message.into(),
            retry_after_s: None,
        }
    }

    /// The same error with a `Retry-After` header of `seconds`.
    pub fn with_retry_after(mut self, seconds: u64) -> AppError {
        self.retry_after_s = Some(seconds);
        self
    }

    pub fn unauthorized(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn invalid_token() -> AppError {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "This link is not valid. Ask the service that sent you for a new one.",
        )
    }

    pub fn token_expired() -> AppError {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            "token_expired",
            "This link has expired. Go back to the service that sent you to get a new one.",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn session_not_found() -> AppError {
        AppError::new(
            StatusCode::NOT_FOUND,
            "session_not_found",
            "No session has this id.",
        )
    }

    pub fn validation(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::CONFLICT, code, message)
    }

    pub fn session_finished() -> AppError {
        AppError::conflict(
            "session_finished",
            "This session has already finished; nothing more can be submitted.",
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        tracing::error!(%detail, "internal error");
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side. Please try again.",
        )
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> AppError {
        AppError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ApiError {
            error: ErrorBody {
                code: self.code.to_owned(),
                message: self.message,
            },
        };
        let mut res = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after_s {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
