//! The operator's page of library editors (Redaktion): who reviews and
//! releases templates of the shared library, naming more and taking the
//! grant back after a confirmation.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Operator, Viewer};
use crate::error::{AppResult, path_id};
use crate::pages::users::confirm_page;
use crate::pages::{FormErrors, HtmlForm, Notice, done, form_errors, form_page, layout};
use crate::templates::render;
use ablauf_app::i18n::{local_datetime, t, tf};
use ablauf_app::library::editors;

const PATH: &str = "/betrieb/redaktion";

async fn page(
    state: &AppState,
    viewer: &Viewer,
    email: &str,
    errors: &FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let rows: Vec<Value> = editors::list(&state.store)
        .await?
        .into_iter()
        .map(|e| {
            context! {
                id => e.user_id.to_string(),
                name => e.display_name,
                email => e.email,
                since => local_datetime(&e.granted_at),
            }
        })
        .collect();
    let html = render(
        "operator/library_editors.html",
        context! {
            layout => layout(viewer, None, &t("editors.title"), "editors"),
            editors => rows,
            email => email,
            errors => errors,
            notice => notice,
        },
    )?;
    Ok(form_page(html, errors))
}

pub async fn list(
    State(state): State<AppState>,
    _op: Operator,
    viewer: Viewer,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    page(&state, &viewer, "", &FormErrors::default(), n.text()).await
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    email: String,
}

pub async fn grant(
    State(state): State<AppState>,
    op: Operator,
    viewer: Viewer,
    HtmlForm(f): HtmlForm<GrantForm>,
) -> AppResult<Response> {
    match form_errors(editors::grant(&state.store, &op.actor(), &f.email).await)? {
        Ok(_) => Ok(done(PATH, "editor_granted")),
        Err(errors) => page(&state, &viewer, &f.email, &errors, None).await,
    }
}

pub async fn confirm_revoke(
    State(state): State<AppState>,
    _op: Operator,
    viewer: Viewer,
    Path(user): Path<String>,
) -> AppResult<Response> {
    let user = path_id(&user)?;
    let e = state.store.get_user(user).await?;
    confirm_page(
        &viewer,
        None,
        "editors",
        &t("editors.revoke_title"),
        &tf(
            "editors.revoke_question",
            &[("name", &e.display_name), ("email", &e.email)],
        ),
        &format!("{PATH}/{user}/entziehen"),
        &t("editors.revoke"),
        PATH,
        false,
    )
}

pub async fn revoke(
    State(state): State<AppState>,
    op: Operator,
    Path(user): Path<String>,
) -> AppResult<Response> {
    editors::revoke(&state.store, &op.actor(), path_id(&user)?).await?;
    Ok(done(PATH, "editor_revoked"))
}
