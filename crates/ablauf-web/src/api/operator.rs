//! The operator's API under `/api/v1/operator`: what the operator pages do
//! — every organisation, creating one with its first administrator,
//! renaming it, changing its kind, deactivating and reactivating it, its
//! members — and the service catalogue's import. Every route takes
//! [`Operator`], so anyone else is refused with 403 before a body is read.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::ApiJson;
use crate::api::orgs::UserDto;
use crate::auth::extract::Operator;
use crate::error::{AppError, AppResult};
use ablauf_app::members::{AccountFields, Handover};
use ablauf_app::organizations::{self, OrgChange, OrgFields};
use ablauf_app::service_catalogue::{self, ImportError};
use ablauf_store::{OrgId, Organization};

/// `{org}` in an operator path: any organisation, active or not.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OperatorOrgPath {
    /// Organisation (id, see `GET /api/v1/operator/organizations`)
    org: String,
}

impl OperatorOrgPath {
    /// The organisation's id; a path that is none names nothing (404).
    fn id(&self) -> AppResult<OrgId> {
        crate::error::path_id(&self.org)
    }
}

#[derive(Serialize, ToSchema)]
pub struct OperatorOrgDto {
    #[schema(value_type = Uuid)]
    pub id: OrgId,
    pub name: String,
    /// landesministerium, landesbehoerde, landkreis, kreisfreie_stadt, stadt,
    /// gemeinde, verwaltungsgemeinschaft, zweckverband, sonstige
    pub kind: String,
    /// False when deactivated: its members cannot work in it.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// Active memberships.
    pub members: i64,
}

impl OperatorOrgDto {
    async fn of(state: &AppState, o: Organization) -> AppResult<Self> {
        Ok(OperatorOrgDto {
            members: state.store.count_members(o.id).await?,
            id: o.id,
            name: o.name,
            kind: o.kind.code().into(),
            active: o.active,
            created_at: o.created_at,
        })
    }
}

/// Every organisation of the platform, by name (operator only).
#[utoipa::path(get, path = "/api/v1/operator/organizations", tag = "Betrieb",
    responses((status = 200, body = Vec<OperatorOrgDto>), (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    _op: Operator,
) -> AppResult<Json<Vec<OperatorOrgDto>>> {
    let orgs = state.store.list_organizations().await?;
    Ok(Json(
        orgs.into_iter()
            .map(|o| OperatorOrgDto {
                id: o.id,
                name: o.name,
                kind: o.kind.code().into(),
                active: o.active,
                created_at: o.created_at,
                members: o.member_count,
            })
            .collect(),
    ))
}

/// The first administrator of a new organisation.
#[derive(Deserialize, ToSchema)]
pub struct NewAdministrator {
    pub email: String,
    pub display_name: String,
    /// `link` (default): a one-time link to pass on; `password`: the
    /// initial password given here. An existing account keeps its password.
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub initial_password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewOrganization {
    pub name: String,
    /// An organisation kind's code (see `kind` of the answer).
    pub kind: String,
    pub administrator: NewAdministrator,
}

/// What to pass on to the first administrator.
#[derive(Serialize, ToSchema)]
pub struct HandoverDto {
    pub email: String,
    /// The account existed already (another organisation); it keeps its password.
    pub existing: bool,
    /// The one-time link to pass on, when one was made.
    pub link: Option<String>,
    /// The initial password given was set.
    pub initial_password: bool,
}

impl From<Handover> for HandoverDto {
    fn from(h: Handover) -> Self {
        HandoverDto {
            email: h.email,
            existing: h.existing,
            link: h.link,
            initial_password: h.initial_password,
        }
    }
}

/// The new organisation and what to pass on to its administrator.
#[derive(Serialize, ToSchema)]
pub struct CreatedOrganization {
    #[serde(flatten)]
    pub created: OperatorOrgDto,
    pub administrator: HandoverDto,
}

/// Create an organisation with its first administrator (operator only). A
/// name in use answers 409.
#[utoipa::path(post, path = "/api/v1/operator/organizations", tag = "Betrieb",
    request_body = NewOrganization,
    responses((status = 201, body = CreatedOrganization),
        (status = 400, description = "Ein Feld passt nicht; `fields` nennt es"),
        (status = 401), (status = 403), (status = 409)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    op: Operator,
    ApiJson(req): ApiJson<NewOrganization>,
) -> AppResult<(StatusCode, Json<CreatedOrganization>)> {
    let org = OrgFields {
        name: req.name,
        kind: req.kind,
    };
    let admin = AccountFields {
        email: req.administrator.email,
        display_name: req.administrator.display_name,
        mode: req.administrator.mode,
        initial_password: req.administrator.initial_password,
    };
    let (o, h) = organizations::create_organization(
        &state.store,
        &op.actor(),
        &state.link_base(),
        &org,
        &admin,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedOrganization {
            created: OperatorOrgDto::of(&state, o).await?,
            administrator: h.into(),
        }),
    ))
}

/// One organisation (operator only).
#[utoipa::path(get, path = "/api/v1/operator/organizations/{org}", tag = "Betrieb",
    params(OperatorOrgPath),
    responses((status = 200, body = OperatorOrgDto), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    _op: Operator,
    Path(p): Path<OperatorOrgPath>,
) -> AppResult<Json<OperatorOrgDto>> {
    let o = state.store.get_organization(p.id()?).await?;
    Ok(Json(OperatorOrgDto::of(&state, o).await?))
}

/// Only the fields that change.
#[derive(Deserialize, ToSchema)]
pub struct OrganizationChange {
    pub name: Option<String>,
    pub kind: Option<String>,
    /// false deactivates the organisation (its members can no longer work
    /// in it), true reactivates it.
    pub active: Option<bool>,
}

/// Rename an organisation, change its kind, deactivate or reactivate it
/// (operator only). A name in use answers 409.
#[utoipa::path(patch, path = "/api/v1/operator/organizations/{org}", tag = "Betrieb",
    params(OperatorOrgPath),
    request_body = OrganizationChange,
    responses((status = 200, body = OperatorOrgDto),
        (status = 400, description = "Ein Feld passt nicht; `fields` nennt es"),
        (status = 401), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    op: Operator,
    Path(p): Path<OperatorOrgPath>,
    ApiJson(req): ApiJson<OrganizationChange>,
) -> AppResult<Json<OperatorOrgDto>> {
    let change = OrgChange {
        name: req.name,
        kind: req.kind,
        active: req.active,
    };
    let o = organizations::change_organization(&state.store, &op.actor(), p.id()?, &change).await?;
    Ok(Json(OperatorOrgDto::of(&state, o).await?))
}

/// The organisation's members, active or not (operator only).
#[utoipa::path(get, path = "/api/v1/operator/organizations/{org}/members", tag = "Betrieb",
    params(OperatorOrgPath),
    responses((status = 200, body = Vec<UserDto>), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn members(
    State(state): State<AppState>,
    _op: Operator,
    Path(p): Path<OperatorOrgPath>,
) -> AppResult<Json<Vec<UserDto>>> {
    let org = state.store.get_organization(p.id()?).await?;
    let members = state.store.list_members(org.id).await?;
    Ok(Json(members.into_iter().map(Into::into).collect()))
}

/// A row of the file that was not taken.
#[derive(Serialize, ToSchema)]
pub struct RejectedRow {
    pub line: u64,
    /// Why, in German, with the value at fault.
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceImportReport {
    /// Services taken from the file: new, updated and unchanged.
    pub taken: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<RejectedRow>,
}

/// Import the service catalogue (LeiKa) from a CSV file, as the operator
/// page does (operator only): every good row is stored, the others are
/// listed. A file that is no catalogue answers 400 and stores nothing.
#[utoipa::path(post, path = "/api/v1/operator/services", tag = "Betrieb",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ServiceImportReport),
        (status = 400, description = "Keine Katalogdatei"), (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn import_services(
    State(state): State<AppState>,
    op: Operator,
    body: Bytes,
) -> AppResult<Json<ServiceImportReport>> {
    let report = service_catalogue::import_catalogue(&state.store, &op.actor(), &body)
        .await
        .map_err(|e| match e {
            ImportError::File(e) => AppError::BadRequest(e.key),
            ImportError::Store(e) => e.into(),
        })?;
    Ok(Json(ServiceImportReport {
        taken: report.taken(),
        inserted: report.counts.inserted,
        updated: report.counts.updated,
        unchanged: report.counts.unchanged,
        rejected: report
            .errors
            .iter()
            .map(|e| RejectedRow {
                line: e.line,
                message: service_catalogue::describe(e),
            })
            .collect(),
    }))
}

/// A library editor (Redaktion).
#[derive(Serialize, ToSchema)]
pub struct LibraryEditorDto {
    #[schema(value_type = Uuid)]
    pub user_id: ablauf_domain::UserId,
    pub email: String,
    pub display_name: String,
    pub granted_at: DateTime<Utc>,
}

/// Every library editor of the platform.
#[utoipa::path(get, path = "/api/v1/operator/library-editors", tag = "Betrieb",
    responses((status = 200, body = Vec<LibraryEditorDto>), (status = 403)),
    security(("bearer" = [])))]
pub async fn library_editors(
    State(state): State<AppState>,
    _op: Operator,
) -> AppResult<Json<Vec<LibraryEditorDto>>> {
    let rows = ablauf_app::library::editors::list(&state.store).await?;
    Ok(Json(
        rows.into_iter()
            .map(|e| LibraryEditorDto {
                user_id: e.user_id,
                email: e.email,
                display_name: e.display_name,
                granted_at: e.granted_at,
            })
            .collect(),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UserPath {
    /// Konto
    #[param(value_type = Uuid)]
    user: String,
}

/// Names an account library editor (idempotent).
#[utoipa::path(put, path = "/api/v1/operator/library-editors/{user}", tag = "Betrieb",
    params(UserPath), responses((status = 204), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn grant_library_editor(
    State(state): State<AppState>,
    op: Operator,
    Path(p): Path<UserPath>,
) -> AppResult<StatusCode> {
    let user = crate::error::path_id(&p.user)?;
    state
        .store
        .set_library_editor(&op.actor(), user, true)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes the grant back (idempotent).
#[utoipa::path(delete, path = "/api/v1/operator/library-editors/{user}", tag = "Betrieb",
    params(UserPath), responses((status = 204), (status = 403)),
    security(("bearer" = [])))]
pub async fn revoke_library_editor(
    State(state): State<AppState>,
    op: Operator,
    Path(p): Path<UserPath>,
) -> AppResult<StatusCode> {
    let user = crate::error::path_id(&p.user)?;
    ablauf_app::library::editors::revoke(&state.store, &op.actor(), user).await?;
    Ok(StatusCode::NO_CONTENT)
}
