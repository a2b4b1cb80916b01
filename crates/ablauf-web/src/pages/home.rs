//! Where a signed-in person lands: the start page of an organisation, the
//! list of their organisations, and switching between them.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{CurrentUser, OrgCtx, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::{Notice, layout};
use crate::templates::render;
use ablauf_app::i18n::t;
use ablauf_app::organizations;

/// `/`: to the organisation worked in last, else the first one; operators
/// without an organisation go to the operator's page, library editors
/// without one to the review queue.
pub async fn root(
    State(state): State<AppState>,
    current: Result<CurrentUser, AppError>,
) -> AppResult<Response> {
    let Ok(current) = current else {
        return Ok(Redirect::to("/anmelden").into_response());
    };
    Ok(
        match organizations::landing(&state.store, &current.user).await? {
            Some(org) => Redirect::to(&format!("/o/{org}")).into_response(),
            None if current.user.is_operator => {
                Redirect::to("/betrieb/organisationen").into_response()
            }
            None if state.store.is_library_editor(current.user.id).await? => {
                Redirect::to("/bibliothek/redaktion").into_response()
            }
            None => Redirect::to("/organisationen").into_response(),
        },
    )
}

/// The start page of an organisation.
pub async fn start(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Query(notice): Query<Notice>,
) -> AppResult<Response> {
    let figures = organizations::enter(
        &state.store,
        ctx.user(),
        ctx.id(),
        ctx.role().can_administer(),
    )
    .await?;
    Ok(render(
        "org/home.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &ctx.org().name, "start"),
            notice => notice.text(),
            library_editor => ctx.library_editor(),
            members => figures.members,
            units => figures.units,
            grades => figures.grades,
            processes => figures.processes,
            update_notices => crate::pages::library_update::notices(&state, ctx.id()).await?,
        },
    )?
    .into_response())
}

/// The person's organisations, to choose one.
pub async fn organizations(viewer: Viewer) -> AppResult<Response> {
    Ok(render(
        "org/organizations.html",
        context! { layout => layout(&viewer, None, &t("orgs.title"), "orgs") },
    )?
    .into_response())
}

#[derive(Deserialize)]
pub struct SwitchQuery {
    org: Option<String>,
}

/// The organisation switcher in the header submits here (works without
/// JavaScript); the target page checks the membership.
pub async fn switch(_current: CurrentUser, Query(q): Query<SwitchQuery>) -> Response {
    match q.org.as_deref().and_then(|o| uuid::Uuid::parse_str(o).ok()) {
        Some(id) => Redirect::to(&format!("/o/{id}")).into_response(),
        None => Redirect::to("/organisationen").into_response(),
    }
}
