//! The org-unit tree of an organisation (Dezernat → Amt → Sachgebiet).

use ablauf_domain::OrgUnitId;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};

use crate::AppState;
use crate::auth::{OrgAdmin, OrgCtx, Viewer};
use crate::error::{AppError, AppResult, path_id};
use crate::pages::users::confirm_deletion;
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, saved};
use crate::templates::render;
use ablauf_app::Error;
use ablauf_app::i18n::t;
use ablauf_app::structure::{self, UnitFields};
use ablauf_domain::tree_order;
use ablauf_store::OrgUnit;

/// The units in tree order with their depth, for lists and select boxes.
fn tree_rows(units: &[OrgUnit]) -> Vec<(OrgUnit, usize)> {
    let rows: Vec<_> = units
        .iter()
        .map(|u| (u.id, u.parent_id, u.clone()))
        .collect();
    tree_order(&rows)
}

/// Parent choices: every unit except `exclude` and its descendants.
fn parent_options(units: &[OrgUnit], exclude: Option<OrgUnitId>, selected: &str) -> Vec<Value> {
    let mut skip_depth: Option<usize> = None;
    let mut out = Vec::new();
    for (u, depth) in tree_rows(units) {
        if let Some(d) = skip_depth {
            if depth > d {
                continue;
            }
            skip_depth = None;
        }
        if Some(u.id) == exclude {
            skip_depth = Some(depth);
            continue;
        }
        let indent = "\u{2003}".repeat(depth);
        out.push(context! {
            id => u.id.to_string(),
            label => format!("{indent}{}", u.name),
            selected => u.id.to_string() == selected,
        });
    }
    out
}

async fn render_list(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    notice: Option<String>,
    form: &UnitFields,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let units = state.store.list_org_units(ctx.id()).await?;
    let rows: Vec<Value> = tree_rows(&units)
        .into_iter()
        .map(|(u, depth)| {
            context! {
                id => u.id.to_string(),
                name => u.name,
                short_name => u.short_name,
                positions => u.positions.map(|p| ablauf_domain::format_decimal_de(p, 2)),
                depth => depth,
            }
        })
        .collect();
    render(
        "admin/units.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("units.title"), "units"),
            notice => notice,
            units => rows,
            parents => parent_options(&units, None, &form.parent_id),
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
        &UnitFields::default(),
        &FormErrors::default(),
    )
    .await?
    .into_response())
}

fn base(ctx: &OrgCtx) -> String {
    format!("/o/{}/verwaltung/einheiten", ctx.id())
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    HtmlForm(f): HtmlForm<UnitFields>,
) -> AppResult<Response> {
    let r = structure::create_org_unit(&state.store, &ctx.actor(), ctx.id(), &f).await;
    saved(
        r,
        Some("parent_id"),
        &base(&ctx),
        "unit_created",
        async |errors| render_list(&state, &viewer, &ctx, None, &f, &errors).await,
    )
    .await
}

async fn render_edit(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    id: OrgUnitId,
    form: &UnitFields,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let units = state.store.list_org_units(ctx.id()).await?;
    let unit = units
        .iter()
        .find(|u| u.id == id)
        .ok_or(AppError::NotFound)?;
    render(
        "admin/unit_edit.html",
        context! {
            layout => layout(viewer, Some(ctx), &unit.name, "units"),
            id => id.to_string(),
            parents => parent_options(&units, Some(id), &form.parent_id),
            form => form,
            errors => errors,
        },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, unit)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = path_id(&unit)?;
    let u = state.store.get_org_unit(ctx.id(), id).await?;
    let form = UnitFields {
        name: u.name,
        short_name: u.short_name,
        parent_id: u.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        positions: u
            .positions
            .map(|p| ablauf_domain::format_decimal_de(p, 2))
            .unwrap_or_default(),
    };
    Ok(
        render_edit(&state, &viewer, &ctx, id, &form, &FormErrors::default())
            .await?
            .into_response(),
    )
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, unit)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<UnitFields>,
) -> AppResult<Response> {
    let id = path_id(&unit)?;
    let r = structure::update_org_unit(&state.store, &ctx.actor(), ctx.id(), id, &f).await;
    saved(r, Some("parent_id"), &base(&ctx), "saved", async |errors| {
        render_edit(&state, &viewer, &ctx, id, &f, &errors).await
    })
    .await
}

pub async fn confirm_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, unit)): Path<(String, String)>,
) -> AppResult<Response> {
    let u = state.store.get_org_unit(ctx.id(), path_id(&unit)?).await?;
    confirm_deletion(&viewer, &ctx, ("units", &base(&ctx)), u.id, &u.name)
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    Path((_, unit)): Path<(String, String)>,
) -> AppResult<Response> {
    let base = base(&ctx);
    match structure::delete_org_unit(&state.store, &ctx.actor(), ctx.id(), path_id(&unit)?).await {
        Ok(()) => Ok(done(&base, "unit_deleted")),
        Err(Error::Refused(_)) => Ok(done(&base, "unit_has_children")),
        Err(e) => Err(e.into()),
    }
}
