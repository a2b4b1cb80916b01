//! Search across the process register of the organisation in the path.

use ablauf_domain::{AreaId, OrgUnitId, ProcessId};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::processes::status_filter;
use crate::api::{ApiQuery, OrgPath};
use crate::auth::OrgCtx;
use crate::error::{AppError, AppResult};
use ablauf_app::FieldErrors;
use ablauf_store::RegisterFilter;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for, as typed (the last word counts as a prefix).
    #[serde(default)]
    q: String,
    /// Only processes in this life-cycle status.
    status: Option<String>,
    /// Only processes in this area of the process map.
    #[param(value_type = Option<Uuid>)]
    area_id: Option<AreaId>,
    /// Only processes of this org unit (the responsible one).
    #[param(value_type = Option<Uuid>)]
    org_unit_id: Option<OrgUnitId>,
    /// Only processes for this service (14-digit LeiKa key).
    service_key: Option<String>,
    /// At most this many hits (1–200, default 20).
    limit: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchMatch {
    /// name, keywords, service, legal_basis, description, other
    pub field: String,
    pub text: String,
    /// Byte ranges [start, end) of the matches in `text`.
    pub ranges: Vec<[usize; 2]>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    #[schema(value_type = Uuid)]
    pub id: ProcessId,
    pub name: String,
    /// What was found; "process" for now.
    pub kind: String,
    pub status: String,
    /// Higher is better; only comparable within one answer.
    pub score: f32,
    pub matches: Vec<SearchMatch>,
}

/// Search the register (names, descriptions, keywords, services, legal bases),
/// in German as people type it: compound words, ß/ss, umlauts and typos.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/search", tag = "Prozesse",
    params(OrgPath, SearchParams),
    responses((status = 200, body = Vec<SearchResult>,
        headers(("X-Total-Count" = usize, description = "How many processes match in all"))),
        (status = 400, description = "Ein Parameter passt nicht; `fields` nennt ihn"), (status = 404)),
    security(("bearer" = [])))]
pub async fn search(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> AppResult<([(HeaderName, HeaderValue); 1], Json<Vec<SearchResult>>)> {
    let mut errors = FieldErrors::default();
    let status = status_filter(p.status, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::BadInput(errors));
    }
    let filter = RegisterFilter {
        status,
        area_id: p.area_id,
        org_unit_id: p.org_unit_id,
        service: p.service_key.map(|k| k.trim().to_owned()),
        ..Default::default()
    };
    let found = state
        .store
        .search_processes(ctx.id(), &p.q, &filter, p.limit.unwrap_or(20).clamp(1, 200))
        .await?;
    let total = [(
        HeaderName::from_static("x-total-count"),
        HeaderValue::from(found.total),
    )];
    Ok((
        total,
        Json(
            found
                .hits
                .into_iter()
                .map(|h| SearchResult {
                    id: h.id,
                    name: h.name,
                    kind: "process".into(),
                    status: h.status.code().into(),
                    score: h.score,
                    matches: h
                        .matches
                        .into_iter()
                        .map(|m| SearchMatch {
                            field: m.field.into(),
                            text: m.text,
                            ranges: m.ranges.into_iter().map(|r| [r.start, r.end]).collect(),
                        })
                        .collect(),
                })
                .collect(),
        ),
    ))
}
