//! A process's model, as BPMN 2.0 (`…/bpmn`) or as building blocks in
//! JSON (`…/model`). `GET` answers the current model with its version as
//! `ETag`; `PUT` replaces it (a new version) when `If-Match` names the
//! current version, and answers the check's findings (for BPMN also
//! whether the model can be edited with building blocks).
//!
//! `?model=soll` addresses the to-be model (Soll) instead of the as-is
//! model (Ist, the default); both share the process's version, so `ETag`
//! and `If-Match` work alike. `POST …/model/soll` creates the to-be model
//! as a copy of the as-is model, `DELETE …/model/soll` removes it.

use ablauf_domain::ProcessId;
use std::collections::HashSet;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::processes::ProcessPath;
use crate::api::{ApiJson, ApiQuery};
use crate::auth::{OrgCtx, OrgEditor};
use crate::error::{AppError, AppResult};
use ablauf_app::i18n::{t, tf};
use ablauf_app::modelling::{
    self, BpmnSaved, Current, Finding, Names, Which, bpmn_text, current_model,
};
use ablauf_model::{BlockModel, Severity};
use ablauf_store::{OrgId, VersionRow};

/// One finding of the BPMN check.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FindingDto {
    /// `error` or `warning`
    pub severity: String,
    pub code: String,
    /// German message.
    pub message: String,
    pub element: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// The answer to a saved model.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedModel {
    /// The new version of the process.
    pub version: i64,
    pub findings: Vec<FindingDto>,
    /// The model can also be edited with building blocks.
    pub blocks: bool,
    /// Why not, when `blocks` is false.
    pub reasons: Vec<String>,
}

impl From<Finding> for FindingDto {
    fn from(f: Finding) -> Self {
        FindingDto {
            severity: f.severity,
            code: f.code,
            message: f.message,
            element: f.element,
            line: f.line,
            column: f.column,
        }
    }
}

fn findings(f: Vec<Finding>) -> Vec<FindingDto> {
    f.into_iter().map(FindingDto::from).collect()
}

/// The version a change is based on, from `If-Match: "7"` (weak or
/// strong); None when the header is missing or names no version.
fn if_match(headers: &HeaderMap) -> Option<i64> {
    headers
        .get(header::IF_MATCH)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| {
            h.trim()
                .trim_start_matches("W/")
                .trim_matches('"')
                .parse::<i64>()
                .ok()
        })
}

/// 409 for a save based on an old version: nothing was written, and
/// `current.version` is the version to build on. `editor` adds the
/// sentence the BPMN editor shows (who saved, and what to do).
async fn conflict(
    state: &AppState,
    org: OrgId,
    id: ProcessId,
    key: &str,
    editor: bool,
) -> AppResult<Response> {
    let (now, v) = state.store.get_process(org, id).await?;
    let mut body = serde_json::json!({
        "error": { "code": "conflict", "message": t(key) },
        "current": { "version": now.version },
    });
    if editor {
        let version = now.version.to_string();
        body["message"] = tf(
            "model.api_conflict",
            &[("author", &v.author_name), ("version", &version)],
        )
        .into();
    }
    Ok((StatusCode::CONFLICT, Json(body)).into_response())
}

/// Which model a request reads or writes.
#[derive(Debug, serde::Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModelParam {
    /// `ist` (the as-is model, the default) or `soll` (the to-be model).
    #[param(value_type = Option<String>, example = "soll")]
    model: Option<Which>,
}

impl ModelParam {
    pub fn which(&self) -> Which {
        self.model.unwrap_or_default()
    }
}

/// A version seen through the chosen model; 404 for a to-be model the
/// process does not have.
fn chosen(v: VersionRow, which: Which) -> AppResult<VersionRow> {
    if which == Which::ToBe && !v.has_to_be() {
        return Err(AppError::NotFound);
    }
    Ok(v.viewed_as(which))
}

/// The current model as BPMN 2.0 XML with diagram.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes/{process}/bpmn", tag = "Modelle",
    params(ProcessPath, ModelParam),
    responses((status = 200, content_type = "application/xml", description = "BPMN 2.0; `ETag` ist die Version"),
        (status = 404, description = "Prozess unbekannt, noch ohne Modell oder ohne Soll-Modell")),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<ProcessPath>,
    ApiQuery(m): ApiQuery<ModelParam>,
) -> AppResult<Response> {
    let (row, v) = state.store.get_process(ctx.id(), p.id()?).await?;
    let v = chosen(v, m.which())?;
    let names = Names::load(&state.store, ctx.id()).await?;
    let xml = bpmn_text(&v, &row.name, &names).ok_or(AppError::NotFound)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_owned(),
            ),
            (header::ETAG, format!("\"{}\"", row.version)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        xml,
    )
        .into_response())
}

/// Replace the model with BPMN 2.0 XML (a new version). The version it is
/// based on goes in `If-Match: "7"` (or `?version=7`); when someone saved
/// in between, 409 and nothing is written.
#[utoipa::path(put, path = "/api/v1/organizations/{org}/processes/{process}/bpmn", tag = "Modelle",
    params(ProcessPath, VersionParam,
        ("If-Match" = String, Header, description = "Version, auf der die Änderung beruht, z. B. \"7\"")),
    request_body(content = String, content_type = "application/xml"),
    responses((status = 200, body = SavedModel), (status = 400, description = "Version fehlt"),
        (status = 403), (status = 404, description = "Prozess unbekannt oder ohne Soll-Modell"),
        (status = 409, description = "Inzwischen geändert; `current.version` ist die aktuelle Version"),
        (status = 422, description = "Nicht lesbar; `findings` sagt, wo")),
    security(("bearer" = [])))]
pub async fn put(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
    ApiQuery(v): ApiQuery<VersionParam>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let id = p.id()?;
    state.store.get_process(ctx.id(), id).await?;
    let expected = if_match(&headers)
        .or(v.version)
        .ok_or(AppError::BadRequest("error.version_required"))?;
    let which = v.model.unwrap_or_default();
    let saved = modelling::save_bpmn(
        &state.store,
        ctx.id(),
        &ctx.actor(),
        (id, which),
        expected,
        &body,
    )
    .await;
    match saved {
        Ok(BpmnSaved::Saved { version, accepted }) => Ok(Json(SavedModel {
            version,
            findings: findings(accepted.findings),
            blocks: accepted.stored.blocks.is_some(),
            reasons: accepted.reasons,
        })
        .into_response()),
        Ok(BpmnSaved::Unreadable(found)) => {
            let body = serde_json::json!({
                "error": { "code": "unreadable", "message": t("error.bpmn_unreadable") },
                "findings": findings(found),
            });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
        }
        Err(ablauf_app::Error::Conflict(key)) => conflict(&state, ctx.id(), id, key, true).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, serde::Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    /// The version the change is based on, when `If-Match` cannot be sent.
    version: Option<i64>,
    /// `ist` (the as-is model, the default) or `soll` (the to-be model).
    #[param(value_type = Option<String>, example = "soll")]
    model: Option<Which>,
}

/// The model as building blocks, in the JSON form storage keeps
/// (camelCase; subprocesses → items of `kind` step, variant or parallel,
/// branches holding items again). A process without a model has an empty
/// one; a model saved as BPMN that does not fit the block structure is 409
/// (read it as BPMN). `ETag` is the version.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes/{process}/model", tag = "Modelle",
    params(ProcessPath, ModelParam),
    responses((status = 200, content_type = "application/json", description = "Das Bausteinmodell; `ETag` ist die Version"),
        (status = 404, description = "Prozess unbekannt oder ohne Soll-Modell"),
        (status = 409, description = "Nur als BPMN lesbar; `reasons` sagt, warum")),
    security(("bearer" = [])))]
pub async fn get_blocks(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<ProcessPath>,
    ApiQuery(m): ApiQuery<ModelParam>,
) -> AppResult<Response> {
    let (row, v) = state.store.get_process(ctx.id(), p.id()?).await?;
    let v = chosen(v, m.which())?;
    let model = match current_model(&v) {
        Current::Blocks(m) => m,
        Current::Empty => BlockModel::new(),
        Current::BpmnOnly(reasons) => {
            let body = serde_json::json!({
                "error": { "code": "bpmn_only", "message": t("model_api.bpmn_only") },
                "reasons": reasons,
                "current": { "version": row.version },
            });
            return Ok((StatusCode::CONFLICT, Json(body)).into_response());
        }
    };
    Ok((
        [
            (header::ETAG, format!("\"{}\"", row.version)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Json(model),
    )
        .into_response())
}

/// The answer to a saved block model.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedBlocks {
    /// The new version of the process (also the answer's `ETag`).
    pub version: i64,
    /// Warnings of the model check (gaps a clerk should fill).
    #[schema(value_type = Vec<Object>)]
    pub findings: Vec<ablauf_model::Finding>,
}

/// Replace the model with building blocks (a new version). `If-Match:
/// "7"` names the version the change is based on; when someone saved in
/// between, 409 and nothing is written. A model with errors (share sums,
/// ranges, unknown blocks, org units or pay grades not of this
/// organisation) is 422 with the findings, and nothing is written.
#[utoipa::path(put, path = "/api/v1/organizations/{org}/processes/{process}/model", tag = "Modelle",
    params(ProcessPath, ModelParam,
        ("If-Match" = String, Header, description = "Version, auf der die Änderung beruht, z. B. \"7\"")),
    request_body(content = Object, content_type = "application/json", description = "Das Bausteinmodell, wie GET es liefert"),
    responses((status = 200, body = SavedBlocks),
        (status = 400, description = "If-Match fehlt, oder der Inhalt passt nicht; `fields` nennt das Feld"),
        (status = 403), (status = 404, description = "Prozess unbekannt oder ohne Soll-Modell"),
        (status = 409, description = "Inzwischen geändert; `current.version` ist die aktuelle Version"),
        (status = 422, description = "Das Modell enthält Fehler; `findings` nennt sie")),
    security(("bearer" = [])))]
pub async fn put_blocks(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
    ApiQuery(m): ApiQuery<ModelParam>,
    headers: HeaderMap,
    ApiJson(model): ApiJson<BlockModel>,
) -> AppResult<Response> {
    let id = p.id()?;
    state.store.get_process(ctx.id(), id).await?;
    let expected = if_match(&headers).ok_or(AppError::BadRequest("model_api.if_match_required"))?;
    let catalogue = ablauf_app::block_catalogue::org_catalogue(&state.store, ctx.id()).await?;
    let mut findings = model.validate_with(&catalogue);
    findings.extend(foreign_references(&state, ctx.id(), &model).await?);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        let body = serde_json::json!({
            "error": { "code": "invalid", "message": t("model_api.invalid") },
            "findings": findings,
        });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    match modelling::save_model(
        &state.store,
        ctx.id(),
        &ctx.actor(),
        (id, m.which()),
        expected,
        &model,
        None,
    )
    .await
    {
        Ok(saved) => Ok((
            [(header::ETAG, format!("\"{}\"", saved.version))],
            Json(SavedBlocks {
                version: saved.version,
                findings,
            }),
        )
            .into_response()),
        Err(ablauf_app::Error::Conflict(key)) => conflict(&state, ctx.id(), id, key, false).await,
        Err(e) => Err(e.into()),
    }
}

/// The answer to creating or deleting the to-be model.
#[derive(Debug, Serialize, ToSchema)]
pub struct ToBeChanged {
    /// The new version of the process (also the answer's `ETag`).
    pub version: i64,
}

/// Create the to-be model (Soll) as a copy of the current as-is model (a
/// new version); then read and write it with `?model=soll`. 409 when the
/// process has one already.
#[utoipa::path(post, path = "/api/v1/organizations/{org}/processes/{process}/model/soll", tag = "Modelle",
    params(ProcessPath),
    responses((status = 201, body = ToBeChanged, description = "Angelegt; `ETag` ist die neue Version"),
        (status = 403), (status = 404, description = "Prozess unbekannt"),
        (status = 409, description = "Es gibt bereits ein Soll-Modell")),
    security(("bearer" = [])))]
pub async fn create_to_be(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
) -> AppResult<Response> {
    let row = modelling::to_be::create(&state.store, ctx.id(), &ctx.actor(), p.id()?).await?;
    Ok((
        StatusCode::CREATED,
        [(header::ETAG, format!("\"{}\"", row.version))],
        Json(ToBeChanged {
            version: row.version,
        }),
    )
        .into_response())
}

/// Delete the to-be model (a new version without it; earlier versions
/// keep it, so restoring one brings it back). With `If-Match`, only if
/// that is still the current version.
#[utoipa::path(delete, path = "/api/v1/organizations/{org}/processes/{process}/model/soll", tag = "Modelle",
    params(ProcessPath,
        ("If-Match" = Option<String>, Header, description = "Version, auf der die Löschung beruht, z. B. \"7\" (optional)")),
    responses((status = 200, body = ToBeChanged),
        (status = 403), (status = 404, description = "Prozess unbekannt oder ohne Soll-Modell"),
        (status = 409, description = "Inzwischen geändert; `current.version` ist die aktuelle Version")),
    security(("bearer" = [])))]
pub async fn delete_to_be(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = p.id()?;
    let expected = if_match(&headers);
    match modelling::to_be::delete(&state.store, ctx.id(), &ctx.actor(), id, expected).await {
        Ok(row) => Ok((
            [(header::ETAG, format!("\"{}\"", row.version))],
            Json(ToBeChanged {
                version: row.version,
            }),
        )
            .into_response()),
        Err(ablauf_app::Error::Conflict(key)) => conflict(&state, ctx.id(), id, key, false).await,
        Err(e) => Err(e.into()),
    }
}

/// Errors for org units and pay grades the model names that are not the
/// organisation's own (the block editor offers only its own; a script could
/// send anything).
async fn foreign_references(
    state: &AppState,
    org: OrgId,
    model: &BlockModel,
) -> AppResult<Vec<ablauf_model::Finding>> {
    let units: HashSet<String> = state
        .store
        .list_org_units(org)
        .await?
        .into_iter()
        .map(|u| u.id.to_string())
        .collect();
    let grades: HashSet<String> = state
        .store
        .list_pay_grades(org)
        .await?
        .into_iter()
        .map(|g| g.id.to_string())
        .collect();
    let mut out = Vec::new();
    let mut unit = |id: &str, value: &Option<String>| {
        if let Some(u) = value
            && !units.contains(u)
        {
            out.push(ablauf_model::Finding {
                severity: Severity::Error,
                code: "unknown-org-unit",
                id: Some(id.to_owned()),
                message: tf("model_api.unknown_unit", &[("unit", u)]),
            });
        }
    };
    for sp in &model.subprocesses {
        unit(&sp.id, &sp.org_unit);
    }
    for step in model.steps() {
        unit(&step.id, &step.org_unit);
    }
    for step in model.steps() {
        if let Some(g) = &step.pay_grade
            && !grades.contains(g)
        {
            out.push(ablauf_model::Finding {
                severity: Severity::Error,
                code: "unknown-pay-grade",
                id: Some(step.id.clone()),
                message: tf("model_api.unknown_grade", &[("grade", g)]),
            });
        }
    }
    Ok(out)
}
