//! Figures and findings of a process's model.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::ApiQuery;
use crate::api::models::ModelParam;
use crate::api::processes::ProcessPath;
use crate::auth::OrgCtx;
use crate::error::AppResult;
use ablauf_app::analysis as uc;
use ablauf_app::i18n::t;

/// The analysis of the process's model: `totals` (figures per case and per
/// year with the unit in the field name: `processing_minutes_per_case`,
/// `processing_minutes_min_per_case`, `processing_minutes_max_per_case`,
/// `waiting_minutes_per_case`, `lead_time_hours`, `lead_time_days`,
/// `waiting_share`, `annual_hours`, `fte`, `cost_per_case_eur`,
/// `cost_per_year_eur` — both personnel cost without surcharges —,
/// `workplace_cost_per_year_eur`, `steps`, `it_steps`,
/// `fastest_path_minutes`, `slowest_path_minutes`, `handovers`,
/// `media_breaks`; annual figures are `null` without cases per year),
/// `gaps` (what is missing and counted as zero), the same figures
/// `by_subprocess`, `by_org_unit`, `by_it_system`, `by_pay_grade` (each
/// with the `key` steps store) and per step (`steps`, with `weight`, the
/// share of cases), `findings` (each with a stable `rule` key, `category`,
/// `severity`, a German `message` and `step_ids`), `quality` (`score`
/// 0–100 and `checks`) and the `params` the figures used.
///
/// `?model=soll` analyses the to-be model (404 when the process has none).
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes/{process}/analysis", tag = "Analyse",
    params(ProcessPath, ModelParam),
    responses((status = 200, content_type = "application/json", description = "Kennzahlen, Befunde und die verwendeten Parameter"),
        (status = 404, description = "Prozess unbekannt"),
        (status = 409, description = "Das Modell liegt nur als BPMN vor, das nicht in Bausteine passt; `reasons` sagt, warum")),
    security(("bearer" = [])))]
pub async fn process(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<ProcessPath>,
    ApiQuery(m): ApiQuery<ModelParam>,
) -> AppResult<Response> {
    let which = m.which();
    let pa = uc::process_analysis(&state.store, ctx.id(), p.id()?, which).await?;
    let Some(a) = pa.analysis else {
        let body = serde_json::json!({
            "error": { "code": "bpmn_only", "message": t("model_api.bpmn_only") },
            "reasons": pa.reasons,
        });
        return Ok((StatusCode::CONFLICT, Json(body)).into_response());
    };
    let mut body =
        serde_json::to_value(&a).map_err(|e| crate::error::AppError::Internal(e.into()))?;
    if let Some(o) = body.as_object_mut() {
        o.insert("process_id".into(), pa.process.id.to_string().into());
        o.insert("version".into(), pa.process.version.into());
        o.insert("model".into(), which.code().into());
        o.insert("has_model".into(), (!pa.empty).into());
        o.insert(
            "cases_per_year".into(),
            pa.version.profile().cases_per_year.into(),
        );
    }
    Ok(Json(body).into_response())
}

/// As-is against to-be: `ist` and `soll` (the whole-process figures of
/// each, as in `totals` of the analysis), `saving` (as-is minus to-be:
/// `processing_minutes_per_case`, `lead_time_hours`, `annual_hours`, `fte`,
/// `cost_per_case_eur`, `cost_per_year_eur`, `workplace_cost_per_year_eur`,
/// `media_breaks`, `handovers`; positive = saved), and the steps the to-be
/// model `removed`, `changed` and `added` (`step_id`, `label`), with the
/// `params` used.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes/{process}/potential", tag = "Analyse",
    params(ProcessPath),
    responses((status = 200, content_type = "application/json", description = "Ist und Soll nebeneinander mit der Einsparung"),
        (status = 404, description = "Prozess unbekannt oder ohne Soll-Modell"),
        (status = 409, description = "Ein Modell liegt nur als BPMN vor, das nicht in Bausteine passt")),
    security(("bearer" = [])))]
pub async fn potential(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<ProcessPath>,
) -> AppResult<Response> {
    let pp = uc::potential(&state.store, ctx.id(), p.id()?).await?;
    let mut body = serde_json::to_value(&pp.potential)
        .map_err(|e| crate::error::AppError::Internal(e.into()))?;
    if let Some(o) = body.as_object_mut() {
        o.insert("process_id".into(), pp.process.id.to_string().into());
        o.insert("version".into(), pp.process.version.into());
        o.insert(
            "cases_per_year".into(),
            pp.version.profile().cases_per_year.into(),
        );
        o.insert(
            "params".into(),
            serde_json::to_value(&pp.settings.params).unwrap_or_default(),
        );
    }
    Ok(Json(body).into_response())
}

/// Totals and rankings over all processes of the organisation:
/// `processes`, `processes_without_cases`, `annual_hours`, `fte`,
/// `cost_per_year_eur`, `media_breaks`; tables `by_org_unit`,
/// `by_it_system`, `by_pay_grade`, `by_service` (each line with `key`, a
/// readable `label`, `annual_hours`, `fte`, `cost_per_year_eur`, `steps`,
/// `processes`); rankings `by_workload`, `by_media_breaks`, `by_potential`
/// (each process with `key`, `name`, its figures and, with a to-be model,
/// `saving_hours`, `saving_fte`, `saving_eur`); `potential_hours`,
/// `potential_fte`, `potential_eur`; and the `params` used.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/analysis/landscape", tag = "Analyse",
    params(crate::api::OrgPath),
    responses((status = 200, content_type = "application/json", description = "Summen und Ranglisten über alle Prozesse")),
    security(("bearer" = [])))]
pub async fn landscape(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Response> {
    let view = uc::landscape(&state.store, &state.landscape, ctx.id()).await?;
    let mut body = serde_json::to_value(&view.landscape)
        .map_err(|e| crate::error::AppError::Internal(e.into()))?;
    let label = |table: &str, key: &str| -> Option<String> {
        if key.is_empty() {
            return None;
        }
        match table {
            "by_org_unit" => view.names.unit(key),
            "by_pay_grade" => view.names.grade(key),
            "by_service" => view.services.get(key).cloned(),
            _ => Some(key.to_owned()),
        }
    };
    for table in ["by_org_unit", "by_it_system", "by_pay_grade", "by_service"] {
        if let Some(lines) = body[table].as_array_mut() {
            for l in lines {
                let key = l["key"].as_str().unwrap_or_default().to_owned();
                l["label"] = label(table, &key).into();
                if table == "by_org_unit" {
                    l["positions"] = view.positions.get(&key).copied().into();
                }
            }
        }
    }
    Ok(Json(body).into_response())
}
