//! Pay grades (Entgeltgruppen) with their hourly personnel cost rates; the
//! analysis uses them to cost a step.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{OrgAdmin, OrgCtx, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::users::confirm_page;
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::{t, tf};
use ablauf_domain::{HourlyRate, required_text};
use ablauf_store::StoreError;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct GradeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    rate: String,
}

impl GradeForm {
    fn validate(&self, errors: &mut FormErrors) -> Option<(String, HourlyRate)> {
        let name = errors.check(required_text("name", &self.name, 60));
        let rate = errors.check(HourlyRate::parse(&self.rate).map_err(|mut e| {
            e.field = "rate";
            e
        }));
        Some((name?, rate?))
    }
}

fn base(ctx: &OrgCtx) -> String {
    format!("/o/{}/verwaltung/entgeltgruppen", ctx.id())
}

async fn render_list(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    notice: Option<String>,
    form: &GradeForm,
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
        "grades.html",
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
    OrgAdmin(ctx): OrgAdmin,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    Ok(render_list(
        &state,
        &viewer,
        &ctx,
        n.text(),
        &GradeForm::default(),
        &FormErrors::default(),
    )
    .await?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    HtmlForm(f): HtmlForm<GradeForm>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let Some((name, rate)) = f.validate(&mut errors) else {
        return Ok(unprocessable(
            render_list(&state, &viewer, &ctx, None, &f, &errors).await?,
        ));
    };
    match state
        .store
        .create_pay_grade(&ctx.actor(), ctx.id(), &name, rate)
        .await
    {
        Ok(_) => Ok(done(&base(&ctx), "grade_created")),
        Err(StoreError::Conflict(key)) => {
            let errors = FormErrors::single("name", key);
            Ok(unprocessable(
                render_list(&state, &viewer, &ctx, None, &f, &errors).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

fn grade_id(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

fn render_edit(
    viewer: &Viewer,
    ctx: &OrgCtx,
    id: Uuid,
    form: &GradeForm,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "grade_edit.html",
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
    OrgAdmin(ctx): OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
) -> AppResult<Response> {
    let g = state
        .store
        .get_pay_grade(ctx.id(), grade_id(&grade)?)
        .await?;
    let form = GradeForm {
        rate: g.rate().format_de(),
        name: g.name,
    };
    Ok(render_edit(&viewer, &ctx, g.id, &form, &FormErrors::default())?.into_response())
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<GradeForm>,
) -> AppResult<Response> {
    let id = grade_id(&grade)?;
    state.store.get_pay_grade(ctx.id(), id).await?;
    let mut errors = FormErrors::default();
    let Some((name, rate)) = f.validate(&mut errors) else {
        return Ok(unprocessable(render_edit(&viewer, &ctx, id, &f, &errors)?));
    };
    match state
        .store
        .update_pay_grade(&ctx.actor(), ctx.id(), id, &name, rate)
        .await
    {
        Ok(_) => Ok(done(&base(&ctx), "saved")),
        Err(StoreError::Conflict(key)) => {
            let errors = FormErrors::single("name", key);
            Ok(unprocessable(render_edit(&viewer, &ctx, id, &f, &errors)?))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
) -> AppResult<Response> {
    let g = state
        .store
        .get_pay_grade(ctx.id(), grade_id(&grade)?)
        .await?;
    confirm_page(
        &viewer,
        Some(&ctx),
        "grades",
        &t("grades.delete_title"),
        &tf("grades.delete_question", &[("name", &g.name)]),
        &format!("{}/{}/loeschen", base(&ctx), g.id),
        &t("common.delete"),
        &base(&ctx),
        Value::UNDEFINED,
    )
}

pub async fn delete(
    State(state): State<AppState>,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, grade)): Path<(String, String)>,
) -> AppResult<Response> {
    state
        .store
        .delete_pay_grade(&ctx.actor(), ctx.id(), grade_id(&grade)?)
        .await?;
    Ok(done(&base(&ctx), "grade_deleted"))
}
