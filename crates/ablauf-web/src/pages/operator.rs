//! The operator's page: all organisations, and creating a new one with its
//! first administrator.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::extract::Operator;
use crate::auth::{Viewer, password};
use crate::error::AppResult;
use crate::i18n::t;
use crate::pages::users::{AccountFields, hand_over};
use crate::pages::{FormErrors, HtmlForm, Notice, layout, unprocessable};
use crate::templates::render;
use ablauf_domain::{OrgKind, required_text};
use ablauf_store::NewAccount;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NewOrgForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(flatten)]
    admin: AccountFields,
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
                kind => t(&OrgKind::parse(&o.kind).map(|k| k.label_key()).unwrap_or_default()),
                members => o.member_count,
                created_at => o.created_at.to_rfc3339(),
                member_of => viewer.orgs.iter().any(|(m, _)| m.id == o.id),
            }
        })
        .collect();
    let kinds: Vec<Value> = OrgKind::ALL
        .iter()
        .map(|k| context! { code => k.code(), label => t(&k.label_key()), selected => k.code() == form.kind })
        .collect();
    render(
        "operator_orgs.html",
        context! {
            layout => layout(viewer, None, &t("operator.title"), "operator"),
            notice => notice,
            orgs => orgs,
            kinds => kinds,
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
    let form = NewOrgForm {
        kind: OrgKind::Gemeinde.code().into(),
        ..Default::default()
    };
    Ok(render_list(
        &state,
        &viewer,
        n.text(),
        &form,
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
    let mut errors = FormErrors::default();
    let name = errors.check(required_text("name", &f.name, 160));
    let kind = OrgKind::parse(&f.kind);
    if kind.is_none() {
        errors.add("kind", "error.kind_invalid");
    }
    let admin = f.admin.validate(&mut errors);
    let (Some(name), Some(kind), Some(admin)) = (name, kind, admin) else {
        return Ok(unprocessable(
            render_list(&state, &viewer, None, &f, &errors, None).await?,
        ));
    };
    let existing = state
        .store
        .find_user_by_email(admin.email.as_str())
        .await?
        .is_some();
    let hash = match &admin.password {
        Some(p) if !existing => Some(password::hash_blocking(p.expose().to_owned()).await?),
        _ => None,
    };
    let display = admin.name.clone().into_string();
    let created = state
        .store
        .create_organization(
            &op.0.actor(),
            &name,
            kind,
            NewAccount {
                email: admin.email.as_str(),
                display_name: &display,
                password_hash: hash.as_deref(),
            },
        )
        .await;
    let (org, user) = match created {
        Ok(v) => v,
        Err(ablauf_store::StoreError::Conflict(key)) => {
            let errors = FormErrors::single("name", key);
            return Ok(unprocessable(
                render_list(&state, &viewer, None, &f, &errors, None).await?,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let h = hand_over(&state, org.id, user, &admin, existing).await?;
    let fresh = NewOrgForm {
        kind: OrgKind::Gemeinde.code().into(),
        ..Default::default()
    };
    let notice = crate::i18n::tf("flash.org_created", &[("name", &org.name)]);
    Ok(render_list(
        &state,
        &viewer,
        Some(notice),
        &fresh,
        &FormErrors::default(),
        Some(Value::from_serialize(&h)),
    )
    .await?
    .into_response())
}
