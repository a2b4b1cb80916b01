//! One-time links: setting the first password of an invited account or a
//! new one after a reset, and creating the first operator of an instance.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::CsrfToken;
use crate::error::{AppError, AppResult};
use crate::pages::{FormErrors, HtmlForm, public_layout, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::t;
use ablauf_app::{password, secret};
use ablauf_domain::{DisplayName, Email, NewPassword};
use ablauf_store::{Actor, LinkPurpose};

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

async fn account_link(state: &AppState, link: &str) -> AppResult<ablauf_store::Link> {
    state
        .store
        .peek_link(&secret::hash(link))
        .await?
        .filter(|l| l.purpose != LinkPurpose::Setup.code() && l.user_id.is_some())
        .ok_or(AppError::BadRequest("error.link_invalid"))
}

fn render_password_form(
    csrf: &str,
    email: &str,
    purpose: &str,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "set_password.html",
        context! {
            layout => public_layout(csrf, &t("password.title")),
            email => email,
            invite => purpose == LinkPurpose::Invite.code(),
            errors => errors,
        },
    )
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
) -> AppResult<Response> {
    let l = account_link(&state, &link).await?;
    let user = state
        .store
        .get_user(l.user_id.ok_or(AppError::NotFound)?)
        .await?;
    Ok(
        render_password_form(&csrf.0, &user.email, &l.purpose, &FormErrors::default())?
            .into_response(),
    )
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
    HtmlForm(f): HtmlForm<PasswordForm>,
) -> AppResult<Response> {
    let l = account_link(&state, &link).await?;
    let user_id = l.user_id.ok_or(AppError::NotFound)?;
    let user = state.store.get_user(user_id).await?;
    let pw = match NewPassword::parse(&f.password, &f.password_repeat) {
        Ok(p) => p,
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.invalid(&e);
            return Ok(unprocessable(render_password_form(
                &csrf.0,
                &user.email,
                &l.purpose,
                &errors,
            )?));
        }
    };
    // Taking the link is atomic: of two submissions, one wins.
    state
        .store
        .take_link(&secret::hash(&link))
        .await?
        .ok_or(AppError::BadRequest("error.link_invalid"))?;
    let hash = password::hash_blocking(pw.expose().to_owned()).await?;
    let actor = Actor {
        user_id: Some(user.id),
        name: format!("{} <{}>", user.display_name, user.email),
    };
    state.store.set_password(&actor, user.id, &hash).await?;
    Ok(Redirect::to("/anmelden?hinweis=password_set").into_response())
}

async fn setup_link(state: &AppState, link: &str) -> AppResult<()> {
    state
        .store
        .peek_link(&secret::hash(link))
        .await?
        .filter(|l| l.purpose == LinkPurpose::Setup.code())
        .map(|_| ())
        .ok_or(AppError::BadRequest("error.link_invalid"))
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

fn render_setup(
    csrf: &str,
    email: &str,
    name: &str,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "setup.html",
        context! {
            layout => public_layout(csrf, &t("setup.title")),
            email => email,
            display_name => name,
            errors => errors,
        },
    )
}

pub async fn setup_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
) -> AppResult<Response> {
    setup_link(&state, &link).await?;
    Ok(render_setup(&csrf.0, "", "", &FormErrors::default())?.into_response())
}

pub async fn setup_submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
    HtmlForm(f): HtmlForm<SetupForm>,
) -> AppResult<Response> {
    setup_link(&state, &link).await?;
    let mut errors = FormErrors::default();
    let email = errors.check(Email::parse(&f.email));
    let name = errors.check(DisplayName::parse(&f.display_name));
    let pw = errors.check(NewPassword::parse(&f.password, &f.password_repeat));
    let (Some(email), Some(name), Some(pw)) = (email, name, pw) else {
        return Ok(unprocessable(render_setup(
            &csrf.0,
            &f.email,
            &f.display_name,
            &errors,
        )?));
    };
    state
        .store
        .take_link(&secret::hash(&link))
        .await?
        .ok_or(AppError::BadRequest("error.link_invalid"))?;
    let hash = password::hash_blocking(pw.expose().to_owned()).await?;
    state
        .store
        .create_operator(
            &Actor::system("Einrichtung"),
            email.as_str(),
            &name.into_string(),
            &hash,
        )
        .await?;
    Ok(Redirect::to("/anmelden?hinweis=setup_done").into_response())
}
