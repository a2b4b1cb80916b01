//! Processes and their profiles (Steckbriefe) of the organisation in the
//! path: `/api/v1/organizations/{org}/processes…`.

use ablauf_domain::{AreaId, OrgId, OrgUnitId, ProcessId, UserId};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::{ApiJson, ApiQuery, OrgPath};
use crate::auth::{OrgCtx, OrgEditor};
use crate::error::{AppError, AppResult};
use ablauf_app::FieldErrors;
use ablauf_domain::process::{Criticality, Profile, Status};
use ablauf_store::{ProcessRow, RegisterFilter, Save, StoreError, VersionRow};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only processes in this life-cycle status.
    status: Option<String>,
    /// Only processes in this area of the process map.
    #[param(value_type = Option<Uuid>)]
    area_id: Option<AreaId>,
    /// Only processes of this org unit (the responsible one).
    #[param(value_type = Option<Uuid>)]
    org_unit_id: Option<OrgUnitId>,
    /// Only processes this person owns.
    #[param(value_type = Option<Uuid>)]
    owner_id: Option<UserId>,
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

/// A process of the organisation in the path; anything but the id of a
/// process of this organisation is "not found".
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProcessPath {
    /// Organisation (`OrgCtx` checks it)
    #[param(value_type = Uuid)]
    #[allow(dead_code)]
    org: String,
    /// Prozess
    #[param(value_type = Uuid)]
    process: String,
}

impl ProcessPath {
    pub fn id(&self) -> AppResult<ProcessId> {
        crate::error::path_id(&self.process)
    }
}

/// A status filter as the API takes it: absent, or a known status; an
/// unknown one is noted for `status` with the list of the known ones.
pub(crate) fn status_filter(status: Option<String>, errors: &mut FieldErrors) -> Option<String> {
    match status {
        Some(s) if Status::parse(&s).is_none() => {
            errors.add("status", "error.filter_status");
            None
        }
        s => s,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProcessDto {
    #[schema(value_type = Uuid)]
    pub id: ProcessId,
    #[schema(value_type = Uuid)]
    pub organization_id: OrgId,
    /// The current version; send it back with PUT.
    pub version: i64,
    /// identifiziert, dokumentiert, modelliert, analysiert, optimiert, freigegeben
    pub status: String,
    #[schema(value_type = Option<Uuid>)]
    pub area_id: Option<AreaId>,
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
        organization_id: row.organization_id,
        version: row.version,
        status: row.status.code().into(),
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
    #[schema(value_type = Uuid)]
    pub id: ProcessId,
    pub name: String,
    pub identifier: String,
    pub version: i64,
    pub status: String,
    #[schema(value_type = Option<Uuid>)]
    pub area_id: Option<AreaId>,
    pub service_key: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// The process register of the organisation.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes", tag = "Prozesse",
    params(OrgPath, ListParams),
    responses((status = 200, body = Vec<ProcessSummary>,
        headers(("X-Total-Count" = i64, description = "How many processes match in all"))),
        (status = 400, description = "Ein Parameter passt nicht; `fields` nennt ihn"), (status = 404)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiQuery(q): ApiQuery<ListParams>,
) -> AppResult<([(HeaderName, HeaderValue); 1], Json<Vec<ProcessSummary>>)> {
    let mut errors = FieldErrors::default();
    let status = status_filter(q.status, &mut errors);
    if q.criticality
        .as_deref()
        .is_some_and(|c| Criticality::parse(c).is_none())
    {
        errors.add("criticality", "error.filter_criticality");
    }
    if q.digitisation_level.is_some_and(|l| !(0..=4).contains(&l)) {
        errors.add("digitisation_level", "error.filter_level");
    }
    if !errors.is_empty() {
        return Err(AppError::BadInput(errors));
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
                    status: r.status.code().into(),
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
    /// For PUT: the version this change is based on.
    pub version: Option<i64>,
    #[schema(value_type = Option<Uuid>)]
    pub area_id: Option<AreaId>,
    /// Defaults to identifiziert; freigegeben is not set by saving.
    pub status: Option<String>,
    #[schema(value_type = Object)]
    pub profile: Profile,
    /// A change note for the version history.
    #[serde(default)]
    pub note: String,
}

/// Field errors as JSON: `{"error": {"code": "invalid", "message", "fields": {field: message}}}`.
fn invalid(errors: FieldErrors) -> Response {
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
    let mut errors = FieldErrors::default();
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
#[utoipa::path(post, path = "/api/v1/organizations/{org}/processes", tag = "Prozesse",
    params(OrgPath),
    request_body = ProcessWrite,
    responses((status = 201, body = ProcessDto),
        (status = 400, description = "Der Inhalt passt nicht; `fields` nennt das Feld"),
        (status = 403), (status = 404), (status = 422, description = "Feldfehler")),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    ctx: OrgEditor,
    ApiJson(w): ApiJson<ProcessWrite>,
) -> AppResult<Response> {
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
        Err(StoreError::Invalid(i)) => return Ok(invalid(FieldErrors::of(&i))),
        Err(e) => return Err(e.into()),
    };
    let (row, v) = state.store.get_process(ctx.id(), row.id).await?;
    Ok((StatusCode::CREATED, Json(dto(row, &v))).into_response())
}

/// One process with its current Steckbrief.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes/{process}", tag = "Prozesse",
    params(ProcessPath),
    responses((status = 200, body = ProcessDto), (status = 404)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<ProcessPath>,
) -> AppResult<Json<ProcessDto>> {
    let (row, v) = state.store.get_process(ctx.id(), p.id()?).await?;
    Ok(Json(dto(row, &v)))
}

/// Save a new version. `version` must be the current one; otherwise 409
/// with the current process, and nothing is written.
#[utoipa::path(put, path = "/api/v1/organizations/{org}/processes/{process}", tag = "Prozesse",
    params(ProcessPath),
    request_body = ProcessWrite,
    responses((status = 200, body = ProcessDto),
        (status = 400, description = "Der Inhalt passt nicht oder `version` fehlt"),
        (status = 403), (status = 404),
        (status = 409, description = "Inzwischen geändert; `current` enthält die aktuelle Fassung"),
        (status = 422, description = "Feldfehler")),
    security(("bearer" = [])))]
pub async fn put(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
    ApiJson(w): ApiJson<ProcessWrite>,
) -> AppResult<Response> {
    let id = p.id()?;
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
        Err(StoreError::Invalid(i)) => Ok(invalid(FieldErrors::of(&i))),
        Err(e) => Err(e.into()),
    }
}

/// Delete a process with all its versions.
#[utoipa::path(delete, path = "/api/v1/organizations/{org}/processes/{process}", tag = "Prozesse",
    params(ProcessPath),
    responses((status = 204), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
) -> AppResult<StatusCode> {
    state
        .store
        .delete_process(&ctx.actor(), ctx.id(), p.id()?)
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
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes/{process}/versions", tag = "Prozesse",
    params(ProcessPath),
    responses((status = 200, body = Vec<VersionDto>), (status = 404)),
    security(("bearer" = [])))]
pub async fn versions(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<ProcessPath>,
) -> AppResult<Json<Vec<VersionDto>>> {
    let id = p.id()?;
    state.store.get_process(ctx.id(), id).await?;
    let list = state.store.list_versions(ctx.id(), id).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| VersionDto {
                profile: v.profile(),
                version: v.version,
                status: v.status.code().into(),
                author: v.author_name,
                created_at: v.created_at,
                note: v.note,
            })
            .collect(),
    ))
}
