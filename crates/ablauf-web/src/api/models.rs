//! A process's model as BPMN 2.0: `GET` answers the current model with its
//! diagram, `PUT` replaces it (a new version) and answers the check's
//! findings and whether the model can also be edited with building blocks.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::processes::{OrgParam, find, require_editor};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use ablauf_app::i18n::t;
use ablauf_app::modelling::{self, BpmnSaved, Finding, Names, bpmn_text};

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

/// The current model as BPMN 2.0 XML with diagram.
#[utoipa::path(get, path = "/api/v1/processes/{process}/bpmn", tag = "Modelle",
    params(("process" = uuid::Uuid, Path, description = "Prozess"), OrgParam),
    responses((status = 200, content_type = "application/xml", description = "BPMN 2.0; `ETag` ist die Version"),
        (status = 404, description = "Prozess unbekannt oder noch ohne Modell")),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(process): Path<String>,
    Query(q): Query<OrgParam>,
) -> AppResult<Response> {
    let (ctx, id) = find(&state, &user, q.organization, &process).await?;
    let (row, v) = state.store.get_process(ctx.id(), id).await?;
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
#[utoipa::path(put, path = "/api/v1/processes/{process}/bpmn", tag = "Modelle",
    params(("process" = uuid::Uuid, Path, description = "Prozess"), OrgParam,
        ("If-Match" = String, Header, description = "Version, auf der die Änderung beruht, z. B. \"7\"")),
    request_body(content = String, content_type = "application/xml"),
    responses((status = 200, body = SavedModel), (status = 403), (status = 404),
        (status = 409, description = "Inzwischen geändert; `current.version` ist die aktuelle Version"),
        (status = 422, description = "Nicht lesbar; `findings` sagt, wo")),
    security(("bearer" = [])))]
pub async fn put(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(process): Path<String>,
    Query(q): Query<OrgParam>,
    Query(v): Query<VersionParam>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let (ctx, id) = find(&state, &user, q.organization, &process).await?;
    require_editor(&ctx)?;
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    let expected = headers
        .get(header::IF_MATCH)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| {
            h.trim()
                .trim_start_matches("W/")
                .trim_matches('"')
                .parse::<i64>()
                .ok()
        })
        .or(v.version)
        .ok_or(AppError::BadRequest("error.version_required"))?;
    match modelling::save_bpmn(&state.store, ctx.id(), &ctx.actor(), id, expected, &body).await {
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
        Err(ablauf_app::Error::Conflict(key)) => {
            let (now, v) = state.store.get_process(ctx.id(), id).await?;
            let body = serde_json::json!({
                "error": { "code": "conflict", "message": t(key) },
                "message": ablauf_app::i18n::tf("model.api_conflict", &[("author", &v.author_name), ("version", &now.version.to_string())]),
                "current": { "version": now.version },
            });
            let _ = row;
            Ok((StatusCode::CONFLICT, Json(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, serde::Deserialize, Default)]
pub struct VersionParam {
    version: Option<i64>,
}
