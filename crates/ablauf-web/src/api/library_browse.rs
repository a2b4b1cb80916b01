//! The library in the JSON API: finding templates and reading one
//! (`/api/v1/library/templates…`, every signed-in person), and adopting a
//! template into an organisation (`POST /api/v1/organizations/{org}/
//! adoptions`, Modellierer and administrators).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::{ApiJson, ApiQuery, OrgPath};
use crate::auth::{LibraryReader, OrgEditor};
use crate::error::{AppError, AppResult, path_id};
use ablauf_app::FieldErrors;
use ablauf_app::library::adopt::{self, Adoption, GradeChoice};
use ablauf_app::library::browse::{self, Filter, TemplatePage};
use ablauf_domain::{AreaId, OrgUnitId, TemplateId};
use ablauf_library::Version;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindParams {
    /// Search words (German text search: word forms, compounds, typos).
    #[serde(default)]
    q: String,
    /// A LeiKa key, or part of a service's name.
    #[serde(default)]
    service: String,
    /// A Themenfeld (as the templates name it; any case).
    #[serde(default)]
    themenfeld: String,
    /// A Lebenslage (as the templates name it; any case).
    #[serde(default)]
    lebenslage: String,
    /// An organisation kind (`gemeinde`, `stadt`, `landkreis`, …): templates
    /// that suit it, and those that suit every kind.
    #[serde(default)]
    kind: String,
    /// Skip this many templates; default 0.
    offset: Option<usize>,
    /// At most this many (1–1000, default 100); the header `X-Total-Count`
    /// says how many match.
    limit: Option<usize>,
}

/// A template as the search lists it.
#[derive(Serialize, ToSchema)]
pub struct TemplateSummary {
    #[schema(value_type = Uuid)]
    pub id: TemplateId,
    pub name: String,
    /// The current version ("1.1").
    pub version: String,
    pub service_key: Option<String>,
    pub service_name: String,
    pub themenfeld: String,
    pub lebenslage: String,
    /// Organisation kinds it suits (codes); empty: every kind.
    pub suits: Vec<String>,
    pub step_count: i64,
    /// Organisations with a process based on it (any version).
    pub adoptions: i64,
}

/// Find templates: with `q` the best matches first, otherwise by name.
#[utoipa::path(get, path = "/api/v1/library/templates", tag = "Bibliothek",
    params(FindParams),
    responses((status = 200, body = Vec<TemplateSummary>,
        headers(("X-Total-Count" = i64, description = "How many templates match in all"))),
        (status = 400, description = "Ein Parameter passt nicht; `fields` nennt ihn")),
    security(("bearer" = [])))]
pub async fn find(
    State(state): State<AppState>,
    _reader: LibraryReader,
    ApiQuery(p): ApiQuery<FindParams>,
) -> AppResult<([(HeaderName, HeaderValue); 1], Json<Vec<TemplateSummary>>)> {
    let f = Filter {
        q: p.q,
        service: p.service,
        themenfeld: p.themenfeld,
        lebenslage: p.lebenslage,
        kind: p.kind,
    };
    if !f.kind_known() {
        return Err(AppError::BadInput(FieldErrors::single(
            "kind",
            "library_browse.error_kind",
        )));
    }
    let limit = p.limit.unwrap_or(100).clamp(1, browse::MAX_LIMIT);
    let found = browse::find(
        &state.store,
        &state.library,
        &f,
        p.offset.unwrap_or(0),
        limit,
    )
    .await?;
    let total = [(
        HeaderName::from_static("x-total-count"),
        HeaderValue::from(found.total),
    )];
    let items = found
        .items
        .into_iter()
        .map(|l| TemplateSummary {
            id: l.row.id,
            name: l.row.name,
            version: l.version.to_string(),
            service_key: l.row.service_key,
            service_name: l.row.service_name,
            themenfeld: l.row.themenfeld,
            lebenslage: l.row.lebenslage,
            suits: l.suits.iter().map(|k| k.code().to_owned()).collect(),
            step_count: l.row.step_count,
            adoptions: l.adoptions,
        })
        .collect();
    Ok((total, Json(items)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TemplatePath {
    /// Template
    #[param(value_type = Uuid)]
    template: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct VersionPath {
    /// Template
    #[param(value_type = Uuid)]
    template: String,
    /// Version, e.g. `1.1`
    version: String,
}

/// One released version of a template with its history.
#[derive(Serialize, ToSchema)]
pub struct VersionInfo {
    pub version: String,
    pub release_notes: String,
    pub released_at: chrono::DateTime<chrono::Utc>,
    /// Processes based on this version, and their organisations.
    pub processes: i64,
    pub organizations: i64,
    /// The organisations among them that allow being named.
    pub named_organizations: Vec<String>,
}

/// A template at one version.
#[derive(Serialize, ToSchema)]
pub struct TemplateDto {
    #[schema(value_type = Uuid)]
    pub id: TemplateId,
    pub name: String,
    /// The version this answer shows.
    pub version: String,
    /// The template's current version.
    pub current_version: String,
    pub release_notes: String,
    pub released_at: chrono::DateTime<chrono::Utc>,
    /// The role names the model and the Steckbrief use (map each to an org
    /// unit when adopting).
    pub roles: Vec<String>,
    /// The pay grade names the steps use.
    pub pay_grades: Vec<String>,
    /// Organisation kinds it suits (codes); empty: every kind.
    pub suits: Vec<String>,
    /// The neutral Steckbrief (roles and names instead of ids).
    #[schema(value_type = Object)]
    pub profile: ablauf_library::NeutralProfile,
    /// The block model: `org_unit` holds a role name, `pay_grade` a pay
    /// grade name.
    #[schema(value_type = Object)]
    pub model: ablauf_model::BlockModel,
    /// Figures of the model without an organisation's rates (`null`
    /// without a model): `processing_minutes_per_case`, `lead_time_hours`,
    /// `lead_time_days`, `waiting_minutes_per_case`, `annual_hours` and
    /// `fte` (with the Steckbrief's cases per year), `steps`, `it_steps`.
    #[schema(value_type = Option<Object>)]
    pub figures: Option<serde_json::Value>,
    /// Every version, newest first.
    pub versions: Vec<VersionInfo>,
}

fn dto(p: TemplatePage) -> TemplateDto {
    let figures = p.analysis.as_ref().map(|a| {
        let f = &a.totals.figures;
        serde_json::json!({
            "processing_minutes_per_case": f.processing_minutes_per_case,
            "processing_minutes_min_per_case": f.processing_minutes_min_per_case,
            "processing_minutes_max_per_case": f.processing_minutes_max_per_case,
            "waiting_minutes_per_case": f.waiting_minutes_per_case,
            "lead_time_hours": f.lead_time_hours,
            "lead_time_days": f.lead_time_days,
            "annual_hours": f.annual_hours,
            "fte": f.fte,
            "steps": f.steps,
            "it_steps": f.it_steps,
        })
    });
    TemplateDto {
        id: p.template.id,
        name: p.content.profile.name.clone(),
        version: p.version.to_string(),
        current_version: p.current.to_string(),
        release_notes: p.release_notes,
        released_at: p.released_at,
        roles: p.content.roles(),
        pay_grades: p.content.pay_grades(),
        suits: p
            .content
            .suits
            .iter()
            .map(|k| k.code().to_owned())
            .collect(),
        versions: p
            .versions
            .into_iter()
            .map(|v| VersionInfo {
                version: v.version.to_string(),
                release_notes: v.release_notes,
                released_at: v.released_at,
                processes: v.processes,
                organizations: v.organizations,
                named_organizations: v.named,
            })
            .collect(),
        figures,
        profile: p.content.profile,
        model: p.content.model,
    }
}

/// A template at its current version.
#[utoipa::path(get, path = "/api/v1/library/templates/{template}", tag = "Bibliothek",
    params(TemplatePath),
    responses((status = 200, body = TemplateDto), (status = 404)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    _reader: LibraryReader,
    Path(p): Path<TemplatePath>,
) -> AppResult<Json<TemplateDto>> {
    let page = browse::template(&state.store, path_id(&p.template)?, None).await?;
    Ok(Json(dto(page)))
}

/// A template at one of its versions (every version stays readable).
#[utoipa::path(get, path = "/api/v1/library/templates/{template}/versions/{version}", tag = "Bibliothek",
    params(VersionPath),
    responses((status = 200, body = TemplateDto), (status = 404, description = "Vorlage oder Version unbekannt")),
    security(("bearer" = [])))]
pub async fn get_version(
    State(state): State<AppState>,
    _reader: LibraryReader,
    Path(p): Path<VersionPath>,
) -> AppResult<Json<TemplateDto>> {
    let v = Version::parse(&p.version).ok_or(AppError::NotFound)?;
    let page = browse::template(&state.store, path_id(&p.template)?, Some(v)).await?;
    Ok(Json(dto(page)))
}

/// An adoption as a script sends it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptionWrite {
    #[schema(value_type = Uuid)]
    pub template_id: TemplateId,
    /// The version to adopt ("1.1"); the current one when absent.
    #[serde(default)]
    pub version: Option<String>,
    /// Every role of the template (see `roles` of the template) → the id
    /// of one of the organisation's org units.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub roles: HashMap<String, OrgUnitId>,
    /// Pay grade names of the template → the id of one of the
    /// organisation's pay grades, or `{"hourly_rate": "57,40"}` to create
    /// it under the template's name. Names the organisation has a pay grade
    /// of (any case, spaces ignored) need no entry.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub pay_grades: HashMap<String, GradeChoice>,
    /// The area of the process map; none when absent or null.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub area_id: Option<AreaId>,
}

/// Adopt a template: a new process of the organisation (Steckbrief and
/// as-is model) based on the template's version, with its roles as the
/// organisation's org units. IT systems, legal bases, external parties and
/// documents are matched by name to the organisation's reference lists;
/// missing ones are created there. Pay grades are matched by name; a name
/// without a match must be mapped in `pay_grades` (an existing grade, or
/// created with an hourly rate) — otherwise 422 naming it, as for a role
/// left unmapped (`fields`: `roles.<role>`, `pay_grades.<name>`). Nothing
/// is created when the mapping is refused. Adopting a template again is
/// allowed (another process). Answers the new process as
/// `GET …/processes/{id}` does.
#[utoipa::path(post, path = "/api/v1/organizations/{org}/adoptions", tag = "Bibliothek",
    params(OrgPath),
    request_body = AdoptionWrite,
    responses((status = 201, body = crate::api::processes::ProcessDto),
        (status = 400, description = "Der Inhalt passt nicht; `fields` nennt das Feld"),
        (status = 403), (status = 404, description = "Vorlage oder Version unbekannt"),
        (status = 422, description = "Eine Rolle oder Entgeltgruppe ist nicht zugeordnet; `fields` nennt sie")),
    security(("bearer" = [])))]
pub async fn adopt(
    State(state): State<AppState>,
    ctx: OrgEditor,
    ApiJson(w): ApiJson<AdoptionWrite>,
) -> AppResult<Response> {
    let version = match w.version.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(Version::parse(v).ok_or_else(|| {
            AppError::BadInput(FieldErrors::single(
                "version",
                "library_browse.error_version",
            ))
        })?),
    };
    let a = Adoption {
        version,
        roles: w.roles,
        pay_grades: w.pay_grades,
        area: w.area_id,
    };
    match adopt::adopt(&state.store, ctx.id(), &ctx.actor(), w.template_id, &a).await {
        Ok(row) => {
            let (row, v) = state.store.get_process(ctx.id(), row.id).await?;
            let body = crate::api::processes::ProcessDto {
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
            };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(ablauf_app::Error::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({ "error": {
                "code": "invalid",
                "message": ablauf_app::i18n::t("common.error_summary"),
                "fields": errors.0,
            }})),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
