//! The operator's pages: all organisations, creating a new one with its
//! first administrator, and one organisation (name, kind, deactivating and
//! reactivating it).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Viewer;
use crate::auth::extract::Operator;
use crate::error::{AppResult, path_id};
use crate::pages::users::confirm_page;
use crate::pages::{FormErrors, HtmlForm, Notice, done, form_result, layout, saved, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::{t, tf};
use ablauf_app::members::AccountFields;
use ablauf_app::organizations::{self, OrgFields};
use ablauf_domain::OrgKind;
use ablauf_store::OrgId;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NewOrgForm {
    #[serde(flatten)]
    org: OrgFields,
    #[serde(flatten)]
    admin: AccountFields,
}

impl NewOrgForm {
    /// An empty form, a Gemeinde preselected.
    fn fresh() -> Self {
        NewOrgForm {
            org: OrgFields {
                kind: OrgKind::Gemeinde.code().into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }
}

/// The kinds for a select box, `chosen` (a code) selected.
fn kind_options(chosen: &str) -> Vec<Value> {
    OrgKind::ALL
        .iter()
        .map(|k| context! { code => k.code(), label => t(&k.label_key()), selected => k.code() == chosen })
        .collect()
}

async fn render_list(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<String>,
    form: &NewOrgForm,
    errors: &FormErrors,
    handover: Option<Value>,
) -> AppResult<axum::response::Html<String>> {
    let orgs: Vec<Value> = state
        .store
        .list_organizations()
        .await?
        .into_iter()
        .map(|o| {
            context! {
                id => o.id.to_string(),
                name => o.name.clone(),
                kind => t(&o.kind.label_key()),
                members => o.member_count,
                active => o.active,
                created_at => o.created_at.to_rfc3339(),
                member_of => viewer.orgs.iter().any(|(m, _)| m.id == o.id),
            }
        })
        .collect();
    render(
        "operator/organizations.html",
        context! {
            layout => layout(viewer, None, &t("operator.title"), "operator"),
            notice => notice,
            orgs => orgs,
            kinds => kind_options(&form.org.kind),
            form => form,
            errors => errors,
            h => handover,
        },
    )
}

pub async fn list(
    State(state): State<AppState>,
    _op: Operator,
    viewer: Viewer,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    Ok(render_list(
        &state,
        &viewer,
        n.text(),
        &NewOrgForm::fresh(),
        &FormErrors::default(),
        None,
    )
    .await?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    op: Operator,
    viewer: Viewer,
    HtmlForm(f): HtmlForm<NewOrgForm>,
) -> AppResult<Response> {
    let r = organizations::create_organization(
        &state.store,
        &op.actor(),
        &state.link_base(),
        &f.org,
        &f.admin,
    )
    .await;
    let (org, h) = match form_result(r, "name")? {
        Ok(v) => v,
        Err(errors) => {
            return Ok(unprocessable(
                render_list(&state, &viewer, None, &f, &errors, None).await?,
            ));
        }
    };
    let notice = tf("flash.org_created", &[("name", &org.name)]);
    Ok(render_list(
        &state,
        &viewer,
        Some(notice),
        &NewOrgForm::fresh(),
        &FormErrors::default(),
        Some(Value::from_serialize(&h)),
    )
    .await?
    .into_response())
}

// ------------------------------------------------- one organisation

fn org_path(org: OrgId) -> String {
    format!("/betrieb/organisationen/{org}")
}

async fn render_org(
    state: &AppState,
    viewer: &Viewer,
    org: OrgId,
    notice: Option<String>,
    form: Option<&OrgFields>,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let o = state.store.get_organization(org).await?;
    let (name, kind) = match form {
        Some(f) => (f.name.clone(), f.kind.clone()),
        None => (o.name.clone(), o.kind.code().to_owned()),
    };
    render(
        "operator/organization.html",
        context! {
            layout => layout(viewer, None, &o.name, "operator"),
            notice => notice,
            org => context! {
                id => o.id.to_string(),
                name => o.name,
                kind => t(&o.kind.label_key()),
                active => o.active,
                created_at => o.created_at.to_rfc3339(),
                members => state.store.count_members(org).await?,
                processes => state.store.count_processes(org).await?,
                member_of => viewer.orgs.iter().any(|(m, _)| m.id == org),
            },
            form => context! { name => name },
            kinds => kind_options(&kind),
            errors => errors,
        },
    )
}

pub async fn detail(
    State(state): State<AppState>,
    _op: Operator,
    viewer: Viewer,
    Path(org): Path<String>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let org = path_id(&org)?;
    Ok(
        render_org(&state, &viewer, org, n.text(), None, &FormErrors::default())
            .await?
            .into_response(),
    )
}

pub async fn update(
    State(state): State<AppState>,
    op: Operator,
    viewer: Viewer,
    Path(org): Path<String>,
    HtmlForm(f): HtmlForm<OrgFields>,
) -> AppResult<Response> {
    let org = path_id(&org)?;
    let r = organizations::update_organization(&state.store, &op.actor(), org, &f).await;
    saved(r, Some("name"), &org_path(org), "saved", async |errors| {
        render_org(&state, &viewer, org, None, Some(&f), &errors).await
    })
    .await
}

pub async fn confirm_deactivate(
    State(state): State<AppState>,
    _op: Operator,
    viewer: Viewer,
    Path(org): Path<String>,
) -> AppResult<Response> {
    let org = path_id(&org)?;
    let o = state.store.get_organization(org).await?;
    let members = state.store.count_members(org).await?.to_string();
    confirm_page(
        &viewer,
        None,
        "operator",
        &t("operator.deactivate_title"),
        &tf(
            "operator.deactivate_question",
            &[("name", &o.name), ("members", &members)],
        ),
        &format!("{}/deaktivieren", org_path(org)),
        &t("operator.deactivate"),
        &org_path(org),
        false,
    )
}

async fn set_active(
    state: &AppState,
    op: &Operator,
    org: &str,
    active: bool,
) -> AppResult<Response> {
    let org = path_id(org)?;
    organizations::set_organization_active(&state.store, &op.actor(), org, active).await?;
    Ok(done(
        &org_path(org),
        if active {
            "org_activated"
        } else {
            "org_deactivated"
        },
    ))
}

pub async fn deactivate(
    State(state): State<AppState>,
    op: Operator,
    Path(org): Path<String>,
) -> AppResult<Response> {
    set_active(&state, &op, &org, false).await
}

pub async fn activate(
    State(state): State<AppState>,
    op: Operator,
    Path(org): Path<String>,
) -> AppResult<Response> {
    set_active(&state, &op, &org, true).await
}
