//! A person's own account: name, password, personal API tokens.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Viewer;
use crate::auth::extract::AuthVia;
use crate::error::{AppError, AppResult};
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::t;
use ablauf_app::{password, secret};
use ablauf_domain::{DisplayName, NewPassword, required_text};

fn render_account(
    viewer: &Viewer,
    notice: Option<String>,
    name: &str,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "account.html",
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
    match DisplayName::parse(&f.display_name) {
        Ok(name) => {
            let cu = &viewer.current;
            state
                .store
                .set_display_name(&cu.actor(), cu.user.id, &name.into_string())
                .await?;
            Ok(done("/konto", "saved"))
        }
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.invalid(&e);
            Ok(unprocessable(render_account(
                &viewer,
                None,
                &f.display_name,
                &errors,
            )?))
        }
    }
}

#[derive(Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    HtmlForm(f): HtmlForm<PasswordChange>,
) -> AppResult<Response> {
    let cu = &viewer.current;
    let mut errors = FormErrors::default();
    if !password::verify_blocking(f.current_password.clone(), cu.user.password_hash.clone()).await {
        errors.add("current_password", "error.current_password_wrong");
    }
    let pw = errors.check(NewPassword::parse(&f.password, &f.password_repeat));
    let Some(pw) = pw.filter(|_| errors.is_empty()) else {
        let name = cu.user.display_name.clone();
        return Ok(unprocessable(render_account(
            &viewer, None, &name, &errors,
        )?));
    };
    let hash = password::hash_blocking(pw.expose().to_owned()).await?;
    state
        .store
        .set_password(&cu.actor(), cu.user.id, &hash)
        .await?;
    // Other browsers signed in with the old password are signed out.
    if let AuthVia::Session(keep) = &cu.via {
        state.store.delete_other_sessions(cu.user.id, keep).await?;
    }
    Ok(done("/konto", "password_changed"))
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
        "tokens.html",
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
    let name = match required_text("name", &f.name, 80) {
        Ok(n) => n,
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.invalid(&e);
            return Ok(unprocessable(
                render_tokens(&state, &viewer, None, None, &errors).await?,
            ));
        }
    };
    let token = secret::new_api_token();
    let cu = &viewer.current;
    state
        .store
        .create_api_token(
            &cu.actor(),
            cu.user.id,
            &name,
            &secret::hash(&token),
            &token[..8],
        )
        .await?;
    Ok(
        render_tokens(&state, &viewer, None, Some(token), &FormErrors::default())
            .await?
            .into_response(),
    )
}

pub async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&token).map_err(|_| AppError::NotFound)?;
    let cu = &viewer.current;
    state
        .store
        .revoke_api_token(&cu.actor(), cu.user.id, id)
        .await?;
    Ok(done("/konto/tokens", "token_revoked"))
}
