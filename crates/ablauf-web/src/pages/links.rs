//! One-time links: setting the first password of an invited account or a
//! new one after a reset, and creating the first operator of an instance.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::CsrfToken;
use crate::error::AppResult;
use crate::pages::{FormErrors, HtmlForm, form_errors, public_layout, saved, unprocessable};
use crate::templates::render;
use ablauf_app::accounts::{self, AccountLink, OperatorFields};
use ablauf_app::i18n::t;

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

fn render_password_form(
    csrf: &str,
    link: &AccountLink,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "account/set_password.html",
        context! {
            layout => public_layout(csrf, &t("password.title")),
            email => &link.email,
            invite => link.invite,
            errors => errors,
        },
    )
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
) -> AppResult<Response> {
    let l = accounts::account_link(&state.store, &link).await?;
    Ok(render_password_form(&csrf.0, &l, &FormErrors::default())?.into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
    HtmlForm(f): HtmlForm<PasswordForm>,
) -> AppResult<Response> {
    let r =
        accounts::set_password_by_link(&state.store, &link, &f.password, &f.password_repeat).await;
    saved(r, None, "/anmelden", "password_set", async |errors| {
        let l = accounts::account_link(&state.store, &link).await?;
        render_password_form(&csrf.0, &l, &errors)
    })
    .await
}

fn render_setup(
    csrf: &str,
    f: &OperatorFields,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "account/setup.html",
        context! {
            layout => public_layout(csrf, &t("setup.title")),
            email => &f.email,
            display_name => &f.display_name,
            errors => errors,
        },
    )
}

pub async fn setup_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
) -> AppResult<Response> {
    accounts::check_setup_link(&state.store, &link).await?;
    let empty = OperatorFields::default();
    Ok(render_setup(&csrf.0, &empty, &FormErrors::default())?.into_response())
}

pub async fn setup_submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(link): Path<String>,
    HtmlForm(f): HtmlForm<OperatorFields>,
) -> AppResult<Response> {
    let r = accounts::set_up(&state.store, &link, &f).await;
    match form_errors(r)? {
        Ok(_) => Ok(Redirect::to("/anmelden?hinweis=setup_done").into_response()),
        Err(errors) => Ok(unprocessable(render_setup(&csrf.0, &f, &errors)?)),
    }
}
