//! One error type for every handler. The person sees a clear German
//! message (an HTML page, or JSON under `/api`); the log sees the cause.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use ablauf_app::FieldErrors;
use ablauf_app::i18n::{t, tf};
use ablauf_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in (pages redirect to the sign-in page, the API answers 401).
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// Not there, or not visible to this person (other organisation).
    #[error("not found")]
    NotFound,
    /// The request itself is wrong; the key names a German message.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Input that does not pass a use case's validation, or a reference the
    /// store finds outside the organisation; each field's German message
    /// (the API also names the fields).
    #[error("invalid input: {0:?}")]
    Invalid(ablauf_app::FieldErrors),
    /// A body or query parameter that does not fit, by field (`profile.name`
    /// → "fehlt"): 400 naming each field and why.
    #[error("bad input: {0:?}")]
    BadInput(FieldErrors),
    /// A body that is not JSON: where it breaks.
    #[error("not JSON: line {line}, column {column}")]
    BadJson { line: usize, column: usize },
    /// A rule refused the change (e.g. last administrator); a message key.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Conflicts with existing data (e.g. e-mail taken); a message key.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A body beyond the limit of its route kind (bytes): 413 naming it.
    #[error("body larger than {0} bytes")]
    TooLarge(usize),
    #[error("too many sign-in attempts")]
    Throttled,
    #[error("csrf token missing or wrong")]
    Csrf,
    /// The database is busy: 503 with `Retry-After`, "bitte gleich noch
    /// einmal".
    #[error("database busy")]
    Busy,
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// Seconds a client is asked to wait after a busy database (`Retry-After`).
pub const BUSY_RETRY_AFTER_SECS: u32 = 2;

/// An internal error that is a busy database underneath is [`AppError::Busy`].
impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        ablauf_app::Error::from(e).into()
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(k) => AppError::Conflict(k),
            StoreError::Refused(k) => AppError::Refused(k),
            StoreError::Invalid(i) => AppError::Invalid(ablauf_app::FieldErrors::of(&i)),
            StoreError::Busy(_) => AppError::Busy,
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<ablauf_app::Error> for AppError {
    fn from(e: ablauf_app::Error) -> Self {
        use ablauf_app::Error as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::BadRequest(k) => AppError::BadRequest(k),
            E::Invalid(f) => AppError::Invalid(f),
            E::Refused(k) => AppError::Refused(k),
            E::Conflict(k) => AppError::Conflict(k),
            E::Busy => AppError::Busy,
            E::Internal(e) => AppError::Internal(e),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_)
            | AppError::Invalid(_)
            | AppError::BadInput(_)
            | AppError::BadJson { .. } => StatusCode::BAD_REQUEST,
            AppError::Refused(_) | AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::NotFound => "not_found",
            AppError::BadRequest(_)
            | AppError::Invalid(_)
            | AppError::BadInput(_)
            | AppError::BadJson { .. } => "bad_request",
            AppError::Refused(_) => "refused",
            AppError::Conflict(_) => "conflict",
            AppError::TooLarge(_) => "too_large",
            AppError::Throttled => "throttled",
            AppError::Busy => "busy",
            AppError::Internal(_) => "internal",
        }
    }

    /// The German message shown to the person.
    pub fn message(&self) -> String {
        match self {
            AppError::Unauthenticated => t("error.unauthenticated"),
            AppError::Forbidden => t("error.forbidden"),
            AppError::Csrf => t("error.csrf"),
            AppError::NotFound => t("error.not_found"),
            AppError::BadRequest(k) | AppError::Refused(k) | AppError::Conflict(k) => t(k),
            AppError::Invalid(f) => f.0.values().cloned().collect::<Vec<_>>().join(" "),
            AppError::BadInput(f) => {
                f.0.iter()
                    .map(|(field, why)| format!("{field}: {why}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            AppError::BadJson { line, column } => tf(
                "error.json_syntax",
                &[("line", &line.to_string()), ("column", &column.to_string())],
            ),
            AppError::TooLarge(limit) => {
                tf("error.body_too_large", &[("limit", &megabytes(*limit))])
            }
            AppError::Throttled => t("error.throttled"),
            AppError::Busy => t("error.busy"),
            AppError::Internal(_) => t("error.internal"),
        }
    }
}

/// Bytes as German megabytes ("20 MB", "2,5 MB"; 1 MB = 1024 × 1024 bytes,
/// as the configuration counts).
fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    let rounded = (mb * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{} MB", rounded as i64)
    } else {
        format!("{rounded:.1} MB").replace('.', ",")
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        // The body is chosen by the `error_shape` middleware (app.rs), which
        // finds this marker: JSON under /api, a redirect to the sign-in page
        // for a signed-out browser, the German error page otherwise.
        let mut resp = self.status().into_response();
        if let AppError::Busy = self {
            resp.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                BUSY_RETRY_AFTER_SECS.into(),
            );
        }
        let fields = match &self {
            AppError::Invalid(f) | AppError::BadInput(f) => Some(f.0.clone().into_iter().collect()),
            _ => None,
        };
        resp.extensions_mut().insert(ErrorInfo {
            code: self.code(),
            message: self.message(),
            fields,
        });
        resp
    }
}

/// What the `error_shape` middleware needs to answer an error.
#[derive(Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: String,
    /// Field errors by field (`{"owner_id": "…"}`), where there are any.
    pub fields: Option<std::collections::BTreeMap<String, String>>,
}

impl ErrorInfo {
    /// The API's JSON error, naming the fields where there are field errors.
    pub fn json(&self, status: StatusCode) -> Response {
        match &self.fields {
            None => json_error(status, self.code, &self.message),
            Some(fields) => (
                status,
                axum::Json(json!({ "error": {
                    "code": self.code, "message": self.message, "fields": fields
                }})),
            )
                .into_response(),
        }
    }
}

pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

pub type AppResult<T> = Result<T, AppError>;

/// A typed id from a path segment; anything but an id names nothing (404).
pub fn path_id<I: From<uuid::Uuid>>(raw: &str) -> AppResult<I> {
    uuid::Uuid::parse_str(raw)
        .map(I::from)
        .map_err(|_| AppError::NotFound)
}

/// A typed id from a form field or query parameter; None for anything else
/// (an empty choice).
pub fn form_id<I: From<uuid::Uuid>>(raw: &str) -> Option<I> {
    uuid::Uuid::parse_str(raw).ok().map(I::from)
}
