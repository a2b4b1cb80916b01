//! A person's own account: name, password, personal API tokens.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Viewer;
use crate::auth::extract::AuthVia;
use crate::error::{AppResult, path_id};
use crate::pages::{FormErrors, HtmlForm, Notice, done, form_errors, form_page, layout, saved};
use crate::templates::render;
use ablauf_app::accounts::{self, PasswordChange};
use ablauf_app::i18n::t;

fn render_account(
    viewer: &Viewer,
    notice: Option<String>,
    name: &str,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "account/account.html",
        context! {
            layout => layout(viewer, None, &t("account.title"), "account"),
            notice => notice,
            display_name => name,
            errors => errors,
        },
    )
}

pub async fn page(viewer: Viewer, Query(n): Query<Notice>) -> AppResult<Response> {
    let name = viewer.current.user.display_name.clone();
    Ok(render_account(&viewer, n.text(), &name, &FormErrors::default())?.into_response())
}

#[derive(Deserialize)]
pub struct NameForm {
    #[serde(default)]
    display_name: String,
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    HtmlForm(f): HtmlForm<NameForm>,
) -> AppResult<Response> {
    let r = accounts::rename(&state.store, &viewer.current.user, &f.display_name).await;
    saved(r, None, "/konto", "saved", async |errors| {
        render_account(&viewer, None, &f.display_name, &errors)
    })
    .await
}

pub async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    HtmlForm(f): HtmlForm<PasswordChange>,
) -> AppResult<Response> {
    let cu = &viewer.current;
    let keep = match &cu.via {
        AuthVia::Session(hash) => Some(hash.as_str()),
        AuthVia::ApiToken => None,
    };
    let r = accounts::change_password(&state.store, &cu.user, keep, &f).await;
    saved(r, None, "/konto", "password_changed", async |errors| {
        render_account(&viewer, None, &cu.user.display_name, &errors)
    })
    .await
}

async fn render_tokens(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<String>,
    new_token: Option<String>,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let tokens = state.store.list_api_tokens(viewer.current.user.id).await?;
    render(
        "account/tokens.html",
        context! {
            layout => layout(viewer, None, &t("tokens.title"), "tokens"),
            notice => notice,
            tokens => tokens,
            new_token => new_token,
            errors => errors,
        },
    )
}

pub async fn tokens(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    Ok(
        render_tokens(&state, &viewer, n.text(), None, &FormErrors::default())
            .await?
            .into_response(),
    )
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Creates a token and shows it this once; only its hash is stored.
pub async fn create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    HtmlForm(f): HtmlForm<TokenForm>,
) -> AppResult<Response> {
    let r = accounts::issue_token(&state.store, &viewer.current.user, &f.name).await;
    let (token, errors) = match form_errors(r)? {
        Ok(token) => (Some(token), FormErrors::default()),
        Err(errors) => (None, errors),
    };
    let html = render_tokens(&state, &viewer, None, token, &errors).await?;
    Ok(form_page(html, &errors))
}

pub async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let id = path_id(&token)?;
    accounts::revoke_token(&state.store, &viewer.current.user, id).await?;
    Ok(done("/konto/tokens", "token_revoked"))
}
