//! Processes and their profiles (Steckbriefe), in the organisation chosen
//! by the `organization` parameter, or the caller's only (or last used)
//! organisation.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::{CurrentUser, OrgCtx};
use crate::error::{AppError, AppResult};
use crate::pages::FormErrors;
use ablauf_domain::Role;
use ablauf_domain::process::{Criticality, Profile, Status};
use ablauf_store::{ProcessRow, RegisterFilter, Save, StoreError, VersionRow};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgParam {
    /// Organisation id; needed when the caller belongs to several.
    pub(crate) organization: Option<Uuid>,
    /// Only processes in this life-cycle status.
    status: Option<String>,
    /// Only processes in this area of the process map.
    area_id: Option<Uuid>,
    /// Only processes of this org unit (the responsible one).
    org_unit_id: Option<Uuid>,
    /// Only processes this person owns.
    owner_id: Option<Uuid>,
    /// Only processes for this service (14-digit LeiKa key).
    service_key: Option<String>,
    /// Only processes of this criticality: normal, hoch, kritisch.
    criticality: Option<String>,
    /// Only processes at this OZG maturity level (0–4).
    digitisation_level: Option<i64>,
    /// Skip this many processes (in name order); default 0.
    offset: Option<i64>,
    /// At most this many processes (1–5000, default 5000); the header
    /// `X-Total-Count` says how many there are.
    limit: Option<i64>,
}

/// Finds the organisation the request is about and the caller's role there.
pub(crate) async fn org_of(
    state: &AppState,
    user: &CurrentUser,
    requested: Option<Uuid>,
) -> AppResult<OrgCtx> {
    let orgs = state.store.organizations_of(user.user.id).await?;
    let chosen = match requested {
        Some(id) => orgs.into_iter().find(|(o, _)| o.id.0 == id),
        None if orgs.len() == 1 => orgs.into_iter().next(),
        None => match user.user.last_organization_id {
            Some(last) => orgs.into_iter().find(|(o, _)| o.id == last),
            None => return Err(AppError::BadRequest("error.organization_required")),
        },
    };
    let (org, m) = chosen.ok_or(AppError::NotFound)?;
    Ok(OrgCtx {
        current: user.clone(),
        role: m.role(),
        library_editor: m.library_editor,
        org,
    })
}

/// A status filter as the API takes it: absent, or a known status; an
/// unknown one is refused with the list of the known ones.
pub(crate) fn status_filter(status: Option<String>) -> AppResult<Option<String>> {
    match status {
        Some(s) if Status::parse(&s).is_none() => Err(AppError::BadRequest("error.filter_status")),
        s => Ok(s),
    }
}

pub(crate) fn require_editor(ctx: &OrgCtx) -> AppResult<()> {
    if ctx.role >= Role::Modellierer {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProcessDto {
    pub id: Uuid,
    pub organization_id: Uuid,
    /// The current version; send it back with PUT.
    pub version: i64,
    /// identifiziert, dokumentiert, modelliert, analysiert, optimiert, freigegeben
    pub status: String,
    pub area_id: Option<Uuid>,
    pub released_version: Option<i64>,
    pub released_by: Option<String>,
    pub released_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// The Steckbrief (all fields; see the register's form for their meaning).
    #[schema(value_type = Object)]
    pub profile: Profile,
}

fn dto(row: ProcessRow, v: &VersionRow) -> ProcessDto {
    ProcessDto {
        id: row.id,
        organization_id: row.organization_id.0,
        version: row.version,
        status: row.status,
        area_id: row.area_id,
        released_version: row.released_version,
        released_by: row.released_by,
        released_at: row.released_at,
        updated_at: row.updated_at,
        profile: v.profile(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProcessSummary {
    pub id: Uuid,
    pub name: String,
    pub identifier: String,
    pub version: i64,
    pub status: String,
    pub area_id: Option<Uuid>,
    pub service_key: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// The process register of the organisation.
#[utoipa::path(get, path = "/api/v1/processes", tag = "Prozesse",
    params(OrgParam),
    responses((status = 200, body = Vec<ProcessSummary>,
        headers(("X-Total-Count" = i64, description = "How many processes match in all"))),
        (status = 400), (status = 404)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<OrgParam>,
) -> AppResult<([(HeaderName, HeaderValue); 1], Json<Vec<ProcessSummary>>)> {
    let ctx = org_of(&state, &user, q.organization).await?;
    let invalid = |key| Err(AppError::BadRequest(key));
    let status = status_filter(q.status)?;
    if q.criticality
        .as_deref()
        .is_some_and(|c| Criticality::parse(c).is_none())
    {
        return invalid("error.filter_criticality");
    }
    if q.digitisation_level.is_some_and(|l| !(0..=4).contains(&l)) {
        return invalid("error.filter_level");
    }
    let filter = RegisterFilter {
        status,
        area_id: q.area_id,
        org_unit_id: q.org_unit_id,
        owner_id: q.owner_id,
        service: q.service_key.map(|k| k.trim().to_owned()),
        criticality: q.criticality,
        digitisation_level: q.digitisation_level,
        ..Default::default()
    };
    let (rows, total) = state
        .store
        .list_processes_page(
            ctx.id(),
            &filter,
            q.offset.unwrap_or(0).max(0),
            q.limit.unwrap_or(5000).clamp(1, 5000),
        )
        .await?;
    let total = [(
        HeaderName::from_static("x-total-count"),
        HeaderValue::from(total),
    )];
    Ok((
        total,
        Json(
            rows.into_iter()
                .map(|r| ProcessSummary {
                    id: r.id,
                    name: r.name,
                    identifier: r.identifier,
                    version: r.version,
                    status: r.status,
                    area_id: r.area_id,
                    service_key: r.service_key,
                    updated_at: r.updated_at,
                })
                .collect(),
        ),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ProcessWrite {
    /// For POST when the caller belongs to several organisations.
    pub organization: Option<Uuid>,
    /// For PUT: the version this change is based on.
    pub version: Option<i64>,
    pub area_id: Option<Uuid>,
    /// Defaults to identifiziert; freigegeben is not set by saving.
    pub status: Option<String>,
    #[schema(value_type = Object)]
    pub profile: Profile,
    /// A change note for the version history.
    #[serde(default)]
    pub note: String,
}

/// Field errors as JSON: `{"error": {"code": "invalid", "message", "fields": {field: message}}}`.
fn invalid(errors: FormErrors) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(serde_json::json!({ "error": {
            "code": "invalid",
            "message": ablauf_app::i18n::t("common.error_summary"),
            "fields": errors.0,
        }})),
    )
        .into_response()
}

async fn prepare(state: &AppState, w: ProcessWrite) -> Result<Save, Response> {
    let mut profile = w.profile.normalised();
    let mut errors = FormErrors::default();
    if let Err(e) =
        ablauf_app::processes::complete_profile(&state.store, &mut profile, &mut errors).await
    {
        return Err(AppError::from(e).into_response());
    }
    let status = match w.status.as_deref() {
        None => Status::Identifiziert,
        Some(s) => match Status::parse(s) {
            Some(s) => s,
            None => {
                errors.add("status", "error.status_invalid");
                Status::Identifiziert
            }
        },
    };
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    Ok(Save {
        area_id: w.area_id,
        status,
        profile,
        note: w.note.trim().chars().take(300).collect(),
    })
}

/// Create a process (version 1).
#[utoipa::path(post, path = "/api/v1/processes", tag = "Prozesse",
    request_body = ProcessWrite,
    responses((status = 201, body = ProcessDto), (status = 403), (status = 422, description = "Feldfehler")),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(w): ApiJson<ProcessWrite>,
) -> AppResult<Response> {
    let ctx = org_of(&state, &user, w.organization).await?;
    require_editor(&ctx)?;
    let save = match prepare(&state, w).await {
        Ok(s) => s,
        Err(r) => return Ok(r),
    };
    let row = match state
        .store
        .create_process(&ctx.actor(), ctx.id(), &save)
        .await
    {
        Ok(row) => row,
        // A reference outside the organisation: a field error like the others.
        Err(StoreError::Invalid(i)) => return Ok(invalid(FormErrors::single(i.field, i.key))),
        Err(e) => return Err(e.into()),
    };
    let (row, v) = state.store.get_process(ctx.id(), row.id).await?;
    Ok((StatusCode::CREATED, Json(dto(row, &v))).into_response())
}

pub(crate) async fn find(
    state: &AppState,
    user: &CurrentUser,
    org: Option<Uuid>,
    id: &str,
) -> AppResult<(OrgCtx, Uuid)> {
    let ctx = org_of(state, user, org).await?;
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    Ok((ctx, id))
}

/// One process with its current Steckbrief.
#[utoipa::path(get, path = "/api/v1/processes/{process}", tag = "Prozesse",
    params(("process" = Uuid, Path, description = "Prozess"), OrgParam),
    responses((status = 200, body = ProcessDto), (status = 404)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(process): Path<String>,
    Query(q): Query<OrgParam>,
) -> AppResult<Json<ProcessDto>> {
    let (ctx, id) = find(&state, &user, q.organization, &process).await?;
    let (row, v) = state.store.get_process(ctx.id(), id).await?;
    Ok(Json(dto(row, &v)))
}

/// Save a new version. `version` must be the current one; otherwise 409
/// with the current process, and nothing is written.
#[utoipa::path(put, path = "/api/v1/processes/{process}", tag = "Prozesse",
    params(("process" = Uuid, Path, description = "Prozess"), OrgParam),
    request_body = ProcessWrite,
    responses((status = 200, body = ProcessDto), (status = 403), (status = 404),
        (status = 409, description = "Inzwischen geändert; `current` enthält die aktuelle Fassung"),
        (status = 422, description = "Feldfehler")),
    security(("bearer" = [])))]
pub async fn put(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(process): Path<String>,
    Query(q): Query<OrgParam>,
    ApiJson(w): ApiJson<ProcessWrite>,
) -> AppResult<Response> {
    let (ctx, id) = find(&state, &user, q.organization.or(w.organization), &process).await?;
    require_editor(&ctx)?;
    state.store.get_process(ctx.id(), id).await?;
    let Some(expected) = w.version else {
        return Err(AppError::BadRequest("error.version_required"));
    };
    let save = match prepare(&state, w).await {
        Ok(s) => s,
        Err(r) => return Ok(r),
    };
    match state
        .store
        .save_process(&ctx.actor(), ctx.id(), id, expected, &save)
        .await
    {
        Ok(_) => {
            let (row, v) = state.store.get_process(ctx.id(), id).await?;
            Ok(Json(dto(row, &v)).into_response())
        }
        Err(StoreError::Conflict(key)) => {
            let (row, v) = state.store.get_process(ctx.id(), id).await?;
            let body = serde_json::json!({
                "error": { "code": "conflict", "message": ablauf_app::i18n::t(key) },
                "current": dto(row, &v),
            });
            Ok((StatusCode::CONFLICT, Json(body)).into_response())
        }
        Err(StoreError::Invalid(i)) => Ok(invalid(FormErrors::single(i.field, i.key))),
        Err(e) => Err(e.into()),
    }
}

/// Delete a process with all its versions.
#[utoipa::path(delete, path = "/api/v1/processes/{process}", tag = "Prozesse",
    params(("process" = Uuid, Path, description = "Prozess"), OrgParam),
    responses((status = 204), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(process): Path<String>,
    Query(q): Query<OrgParam>,
) -> AppResult<StatusCode> {
    let (ctx, id) = find(&state, &user, q.organization, &process).await?;
    require_editor(&ctx)?;
    state
        .store
        .delete_process(&ctx.actor(), ctx.id(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct VersionDto {
    pub version: i64,
    pub status: String,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub note: String,
    #[schema(value_type = Object)]
    pub profile: Profile,
}

/// Every saved version, newest first.
#[utoipa::path(get, path = "/api/v1/processes/{process}/versions", tag = "Prozesse",
    params(("process" = Uuid, Path, description = "Prozess"), OrgParam),
    responses((status = 200, body = Vec<VersionDto>), (status = 404)),
    security(("bearer" = [])))]
pub async fn versions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(process): Path<String>,
    Query(q): Query<OrgParam>,
) -> AppResult<Json<Vec<VersionDto>>> {
    let (ctx, id) = find(&state, &user, q.organization, &process).await?;
    state.store.get_process(ctx.id(), id).await?;
    let list = state.store.list_versions(ctx.id(), id).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| VersionDto {
                profile: v.profile(),
                version: v.version,
                status: v.status,
                author: v.author_name,
                created_at: v.created_at,
                note: v.note,
            })
            .collect(),
    ))
}
