//! The one error type of the use cases, and field errors for forms and the
//! API. The web layer turns an [`Error`] into a German page or a JSON
//! answer; the command line prints its message.

use indexmap::IndexMap;

use ablauf_domain::Invalid;
use ablauf_store::StoreError;

use crate::i18n::{t, tf};

/// What is wrong with a value, in German, with the limit it exceeded
/// where there is one.
pub fn message(e: &Invalid) -> String {
    match e.max {
        Some(max) => tf(e.key, &[("max", &max.to_string())]),
        None => t(e.key),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not there, or not visible in this organisation.
    #[error("not found")]
    NotFound,
    /// The person's role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// The request itself is wrong; a message key.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Input that does not pass validation, by field.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// A rule refused the change (e.g. last administrator); a message key.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Someone changed the same thing meanwhile, or a name is taken; a
    /// message key.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The database is busy (another writer holds the lock); nothing was
    /// changed, trying again shortly will do.
    #[error("database busy")]
    Busy,
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// An internal error that is a busy database underneath is [`Error::Busy`].
impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast_ref::<StoreError>() {
            Some(StoreError::Busy(_)) => Error::Busy,
            _ => Error::Internal(e),
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Error::NotFound,
            StoreError::Conflict(k) => Error::Conflict(k),
            StoreError::Refused(k) => Error::Refused(k),
            StoreError::Invalid(i) => Error::Invalid(FieldErrors::of(&i)),
            StoreError::Busy(_) => Error::Busy,
            other => Error::Internal(other.into()),
        }
    }
}

/// One value that does not pass validation: the field's error alone.
impl From<Invalid> for Error {
    fn from(e: Invalid) -> Self {
        Error::Invalid(FieldErrors::of(&e))
    }
}

impl From<FieldErrors> for Error {
    fn from(e: FieldErrors) -> Self {
        Error::Invalid(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors by field name, each a German sentence from the catalogue. Field
/// names are those of the form or the JSON body (`name`, `profile.name`).
/// In the order they were found, which is the order of the form's fields,
/// so an error summary reads top to bottom like the form.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct FieldErrors(pub IndexMap<String, String>);

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Notes the message `key` for `field`, unless the field has one.
    pub fn add(&mut self, field: &str, key: &str) {
        self.0.entry(field.to_owned()).or_insert_with(|| t(key));
    }

    pub fn invalid(&mut self, e: &Invalid) {
        self.0
            .entry(e.field.to_owned())
            .or_insert_with(|| message(e));
    }

    /// The error of one value alone.
    pub fn of(e: &Invalid) -> Self {
        let mut errors = FieldErrors::default();
        errors.invalid(e);
        errors
    }

    /// Keeps the value when it is valid, notes the error otherwise.
    pub fn check<T>(&mut self, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.invalid(&e);
                None
            }
        }
    }

    /// The same errors with `from`'s error under the name `to` (a form
    /// that asks for the same value in two places).
    pub fn renamed(self, from: &str, to: &str) -> Self {
        FieldErrors(
            self.0
                .into_iter()
                .map(|(k, v)| {
                    if k == from {
                        (to.to_owned(), v)
                    } else {
                        (k, v)
                    }
                })
                .collect(),
        )
    }

    /// One field's error, the message already in German.
    pub fn message(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldErrors(IndexMap::from([(field.into(), message.into())]))
    }

    pub fn single(field: &str, key: &str) -> Self {
        let mut e = FieldErrors::default();
        e.add(field, key);
        e
    }

    /// `Ok(())` when there are none, the errors as [`Error::Invalid`]
    /// otherwise.
    pub fn into_result(self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self))
        }
    }
}
