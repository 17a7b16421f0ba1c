//! One error type for the whole application. Handlers return `AppResult<T>`;
//! the error turns into a response that carries an [`ErrorPage`] marker, and
//! the `error_pages` middleware renders it in the visitor's language. Internal
//! error text is logged with a reference id and never shown.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A message for the user: a translation key plus named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMessage {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl UserMessage {
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {}", .0.key)]
    BadRequest(UserMessage),
    #[error("login required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {}", .0.key)]
    Conflict(UserMessage),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("template error: {0}")]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad_request(key: &'static str) -> Self {
        Self::BadRequest(UserMessage::new(key))
    }

    /// Maps a violated database constraint to a user-facing error by its
    /// name, the way realworld-axum-sqlx does, instead of checking first and
    /// racing. Unknown constraints stay internal errors.
    pub fn from_constraint(err: sqlx::Error) -> Self {
        let name = err.as_database_error().and_then(|e| e.constraint()).map(str::to_owned);
        match name.as_deref().and_then(constraint_message) {
            Some(key) => Self::BadRequest(UserMessage::new(key)),
            None => Self::Database(err),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Database(sqlx::Error::RowNotFound) => StatusCode::NOT_FOUND,
            Self::Database(e) if is_unavailable(e) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Database(_) | Self::Template(_) | Self::Other(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

/// Seconds a client is asked to wait (`Retry-After`) while the database is
/// unreachable: about what a PostgreSQL restart or fail-over takes.
pub const RETRY_AFTER_SECS: u32 = 30;

/// Whether the database could not be reached at all (no connection in
/// time, the connection broke, the server is shutting down or starting),
/// as opposed to a query that failed: the first is a 503 worth retrying.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        // Class 08: connection exceptions; 57P01-03: admin shutdown, crash
        // shutdown, cannot connect now.
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || matches!(&*c, "57P01" | "57P02" | "57P03")),
        _ => false,
    }
}

/// Constraint name → translation key of the message users see. Every name
/// here is checked against the migrated schema by a test.
pub const CONSTRAINT_MESSAGES: &[(&str, &str)] = &[
    ("places_name_check", "error-place-name"),
    ("places_description_check", "error-text-too-long"),
    ("places_founded_year_check", "error-founded-year"),
    ("places_closed_check", "error-closed-needs-date"),
    ("places_category_fkey", "error-category"),
    ("places_wijk_code_fkey", "error-unknown-area"),
    ("places_buurt_code_fkey", "error-unknown-area"),
    ("users_email_key", "auth-error-email-taken"),
    ("place_annotations_answer_check", "tip-error-answer-too-long"),
];

/// The message key for a violated constraint, if it is one users can fix.
pub fn constraint_message(constraint: &str) -> Option<&'static str> {
    CONSTRAINT_MESSAGES.iter().find(|(name, _)| *name == constraint).map(|(_, key)| *key)
}

/// Marker left in a response for the `error_pages` middleware.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub message: Option<UserMessage>,
    /// Set for internal errors so a user can quote it to support.
    pub reference: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut page = ErrorPage { message: None, reference: None };
        match &self {
            Self::BadRequest(m) | Self::Conflict(m) => page.message = Some(m.clone()),
            _ if status.is_server_error() => {
                let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
                tracing::error!(error = %self, error_debug = ?self, %reference, "request failed");
                page.reference = Some(reference);
            }
            _ => {}
        }
        let mut response = status.into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response.extensions_mut().insert(page);
        response
    }
}
