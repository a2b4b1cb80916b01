//! HTML pages. Each file is one area of the UI; handlers take the
//! extractors of [`crate::auth`], call the store and render a template.
//! Forms post back to their own address; success answers with a redirect
//! carrying a message key (`?hinweis=…`), failure re-renders the form with
//! the errors tied to their fields (status 422).

pub mod account;
pub mod analysis;
pub mod audit;
pub mod blocks;
pub mod catalogue;
pub mod editors;
pub mod grades;
pub mod health;
pub mod home;
pub mod landscape;
pub mod library_browse;
pub mod library_review;
pub mod library_update;
pub mod links;
pub mod login;
pub mod model;
pub mod model_io;
pub mod operator;
pub mod patterns;
pub mod register;
pub mod register_io;
pub mod search;
pub mod units;
pub mod users;

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use ablauf_app::i18n::{self, t};

/// A form body; a malformed one is a German error, not axum's English text.
pub struct HtmlForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for HtmlForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|f| HtmlForm(f.0))
            .map_err(|_| AppError::BadRequest("error.form_invalid"))
    }
}

/// The `?hinweis=` of a page: a message key of the `flash` section.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Notice {
    hinweis: Option<String>,
}

impl Notice {
    pub fn text(&self) -> Option<String> {
        let key = format!("flash.{}", self.hinweis.as_deref()?);
        i18n::has(&key).then(|| t(&key))
    }
}

/// After a successful change: back to a page, with a message.
pub fn done(path: &str, flash: &str) -> Response {
    Redirect::to(&format!("{path}?hinweis={flash}")).into_response()
}

/// Form errors by field name, each a German sentence.
pub use ablauf_app::FieldErrors as FormErrors;

/// A use case's answer to a form: its value, or its field errors to show
/// with the form again. Any other failure fails the request.
pub fn form_errors<T>(r: ablauf_app::Result<T>) -> Result<Result<T, FormErrors>, AppError> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(ablauf_app::Error::Invalid(errors)) => Ok(Err(errors)),
        Err(e) => Err(e.into()),
    }
}

/// Like [`form_errors`], and a conflict or refusal (a name in use, the
/// last administrator) is shown at `field` too.
pub fn form_result<T>(
    r: ablauf_app::Result<T>,
    field: &str,
) -> Result<Result<T, FormErrors>, AppError> {
    use ablauf_app::Error as E;
    match r {
        Err(E::Conflict(key) | E::Refused(key)) => Ok(Err(FormErrors::single(field, key))),
        r => form_errors(r),
    }
}

/// The usual end of a form's submission: on success back to `path` with
/// the message `flash`; on field errors (and, with a `field`, a conflict or
/// refusal shown there) the form again, rendered by `form` with the errors
/// (422).
pub async fn saved<T>(
    r: ablauf_app::Result<T>,
    field: Option<&str>,
    path: &str,
    flash: &str,
    form: impl AsyncFnOnce(FormErrors) -> Result<Html<String>, AppError>,
) -> Result<Response, AppError> {
    let r = match field {
        Some(field) => form_result(r, field)?,
        None => form_errors(r)?,
    };
    match r {
        Ok(_) => Ok(done(path, flash)),
        Err(errors) => Ok(unprocessable(form(errors).await?)),
    }
}

pub use crate::views::{layout, public_layout};

/// A page re-rendered with validation errors answers 422, so scripts and
/// tests can tell it from success.
pub fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

/// A page with a form: 200 without errors, 422 ([`unprocessable`]) with.
pub fn form_page(html: Html<String>, errors: &FormErrors) -> Response {
    if errors.is_empty() {
        html.into_response()
    } else {
        unprocessable(html)
    }
}

/// The file of an upload form's `file` field: its name and bytes; None when
/// no file (or an empty one) was chosen.
pub async fn uploaded_file(
    mut multipart: axum::extract::Multipart,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("error.form_invalid"))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::BadRequest("error.body_unreadable"))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    Ok(file.filter(|(_, b)| !b.is_empty()))
}
