//! Pay grades (Entgeltgruppen) with their hourly personnel cost rates; the
//! analysis uses them to cost a step.

use ablauf_domain::PayGradeId;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};

use crate::AppState;
use crate::auth::{OrgAdmin, OrgCtx, Viewer};
use crate::error::{AppResult, path_id};
use crate::pages::users::confirm_deletion;
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, saved};
use crate::templates::render;
use ablauf_app::i18n::t;
use ablauf_app::structure::{self, GradeFields};

fn base(ctx: &OrgCtx) -> String {
    format!("/o/{}/verwaltung/entgeltgruppen", ctx.id())
}

async fn render_list(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    notice: Option<String>,
    form: &GradeFields,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let grades: Vec<Value> = state
        .store
        .list_pay_grades(ctx.id())
        .await?
        .into_iter()
        .map(|g| context! { id => g.id.to_string(), name => g.name.clone(), rate => g.rate().format_de() })
        .collect();
    render(
        "admin/grades.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("grades.title"), "grades"),
            notice => notice,
            grades => grades,
            form => form,
            errors => errors,
        },
    )
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    Ok(render_list(
        &state,
        &viewer,
        &ctx,
        n.text(),
        &GradeFields::default(),
        &FormErrors::default(),
    )
    .await?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    HtmlForm(f): HtmlForm<GradeFields>,
) -> AppResult<Response> {
    let r = structure::create_pay_grade(&state.store, &ctx.actor(), ctx.id(), &f).await;
    saved(
        r,
        Some("name"),
        &base(&ctx),
        "grade_created",
        async |errors| render_list(&state, &viewer, &ctx, None, &f, &errors).await,
    )
    .await
}

fn render_edit(
    viewer: &Viewer,
    ctx: &OrgCtx,
    id: PayGradeId,
    form: &GradeFields,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "admin/grade_edit.html",
        context! {
            layout => layout(viewer, Some(ctx), &form.name, "grades"),
            id => id.to_string(),
            form => form,
            errors => errors,
        },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
) -> AppResult<Response> {
    let g = state
        .store
        .get_pay_grade(ctx.id(), path_id(&grade)?)
        .await?;
    let form = GradeFields {
        rate: g.rate().format_de(),
        name: g.name,
    };
    Ok(render_edit(&viewer, &ctx, g.id, &form, &FormErrors::default())?.into_response())
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<GradeFields>,
) -> AppResult<Response> {
    let id = path_id(&grade)?;
    let r = structure::update_pay_grade(&state.store, &ctx.actor(), ctx.id(), id, &f).await;
    saved(r, Some("name"), &base(&ctx), "saved", async |errors| {
        render_edit(&viewer, &ctx, id, &f, &errors)
    })
    .await
}

pub async fn confirm_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
) -> AppResult<Response> {
    let g = state
        .store
        .get_pay_grade(ctx.id(), path_id(&grade)?)
        .await?;
    confirm_deletion(&viewer, &ctx, ("grades", &base(&ctx)), g.id, &g.name)
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
) -> AppResult<Response> {
    structure::delete_pay_grade(&state.store, &ctx.actor(), ctx.id(), path_id(&grade)?).await?;
    Ok(done(&base(&ctx), "grade_deleted"))
}
