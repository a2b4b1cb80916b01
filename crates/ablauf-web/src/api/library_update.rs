//! A template update of a process that came from a template: the
//! three-way comparison, and taking chosen changes as a new version.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::ApiJson;
use crate::api::processes::ProcessPath;
use crate::auth::{OrgCtx, OrgEditor};
use crate::error::AppResult;
use ablauf_app::library::update::{self as uc, Choice};
use ablauf_domain::{OrgUnitId, ProcessId, TemplateId};

/// One change the template made.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateChange {
    /// `steckbrief.{field}` or `{element id}.{field}`: what `take` names.
    pub id: String,
    /// `steckbrief`, or the model element's id.
    pub element: String,
    /// `steckbrief`, `subprocess`, `step`, `variant`, `parallel`, `branch`.
    pub kind: String,
    /// The Steckbrief field's German name, or the element's name or label.
    pub label: String,
    /// The field: a Steckbrief field as in the process's `profile`, a model
    /// field as in the block model's JSON (`processingMinutes`, `orgUnit`,
    /// …), or `element` (added or removed) or `position` (moved:
    /// `{"parent", "after"}`).
    pub field: String,
    /// The field's German name.
    pub field_label: String,
    /// The value in the template version the process is based on; absent
    /// when the element is not in that version.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub base: Option<serde_json::Value>,
    /// The value in the template's new version; absent: removed there.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub theirs: Option<serde_json::Value>,
    /// The organisation's value today; absent: not in its process.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub ours: Option<serde_json::Value>,
    /// The organisation changed the same thing to another value.
    pub conflict: bool,
}

/// The three-way comparison of a template update.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateUpdate {
    #[schema(value_type = String, format = Uuid)]
    pub process_id: ProcessId,
    /// The process version compared (send it back as `expected_version`).
    pub process_version: i64,
    #[schema(value_type = String, format = Uuid)]
    pub template_id: TemplateId,
    pub template_name: String,
    /// The template version the process is based on ("1.0").
    pub from_version: String,
    /// The template's current version; equal to `from_version` when there
    /// is nothing to take.
    pub to_version: String,
    /// The organisation skipped `to_version`.
    pub skipped: bool,
    /// How many changes conflict.
    pub conflicts: usize,
    /// Roles the new version names that the organisation has not mapped to
    /// an org unit (map them with `roles` when taking).
    pub unmapped_roles: Vec<String>,
    /// Pay grades and catalogue entries the new version names that the
    /// organisation has none of that name for: not taken.
    pub unknown_names: Vec<UnknownName>,
    /// Every change the template made, the Steckbrief's first, then the
    /// model's in reading order.
    pub changes: Vec<TemplateChange>,
}

/// A name of the template the organisation has nothing for.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnknownName {
    /// What it is, in German ("Entgeltgruppe", "Rechtsgrundlagen", …).
    pub kind: String,
    pub name: String,
}

/// What to take.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TakeUpdate {
    /// The ids of the template's changes to take; everything else keeps
    /// the organisation's own.
    pub take: Vec<String>,
    /// The process version the choice was made on (409 when the process
    /// changed since); default: the current one.
    #[serde(default)]
    pub expected_version: Option<i64>,
    /// The template version the choice was made on ("1.1"; 409 when the
    /// template moved on since); default: the current one.
    #[serde(default)]
    pub to_version: Option<String>,
    /// New roles of the template, each mapped to an org unit of the
    /// organisation.
    #[serde(default)]
    #[schema(value_type = HashMap<String, String>)]
    pub roles: HashMap<String, OrgUnitId>,
}

/// The new version of the process.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateTaken {
    #[schema(value_type = String, format = Uuid)]
    pub process_id: ProcessId,
    /// The process's new version.
    pub version: i64,
    #[schema(value_type = String, format = Uuid)]
    pub template_id: TemplateId,
    /// The template version the process is now based on.
    pub lineage_version: String,
}

/// The three-way comparison of the template update waiting for a process
/// that came from a template: the template version it is based on
/// (`base`), the template's current version (`theirs`) and the process
/// today (`ours`), every change the template made, with `conflict` where
/// the organisation changed the same field differently. Org units and pay
/// grades are the organisation's ids, catalogue entries too. Changes only
/// the organisation made are not listed (they are always kept).
#[utoipa::path(get, path = "/api/v1/organizations/{org}/processes/{process}/template-update", tag = "Bibliothek",
    params(ProcessPath),
    responses((status = 200, body = TemplateUpdate, description = "Die Gegenüberstellung; ohne neue Version mit `changes: []`"),
        (status = 404, description = "Prozess unbekannt oder nicht aus einem Musterprozess übernommen"),
        (status = 409, description = "Das Modell liegt nur als BPMN vor, das nicht in Bausteine passt")),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<ProcessPath>,
) -> AppResult<Response> {
    let v = uc::comparison(&state.store, ctx.id(), p.id()?).await?;
    let changes = v
        .update
        .changes
        .iter()
        .map(|c| TemplateChange {
            id: c.id.clone(),
            element: c.element.clone(),
            kind: serde_json::to_value(c.kind)
                .ok()
                .and_then(|k| k.as_str().map(str::to_owned))
                .unwrap_or_default(),
            label: c.label.clone(),
            field: c.field.clone(),
            field_label: uc::field_label(c),
            base: c.base.clone(),
            theirs: c.theirs.clone(),
            ours: c.ours.clone(),
            conflict: c.conflict,
        })
        .collect();
    Ok(Json(TemplateUpdate {
        process_id: v.process.id,
        process_version: v.process.version,
        template_id: v.template.id,
        template_name: v.template.name.clone(),
        from_version: v.from_version.to_string(),
        to_version: v.to_version.to_string(),
        skipped: v.skipped,
        conflicts: v.update.conflicts(),
        unmapped_roles: v.unmapped_roles.clone(),
        unknown_names: v
            .unknown_names
            .iter()
            .map(|(kind, name)| UnknownName {
                kind: kind.clone(),
                name: name.clone(),
            })
            .collect(),
        changes,
    })
    .into_response())
}

/// Takes the named changes of the template's current version: the result
/// is saved as a new version of the process (the organisation's own
/// changes kept), and the process is based on the new template version.
#[utoipa::path(post, path = "/api/v1/organizations/{org}/processes/{process}/template-update", tag = "Bibliothek",
    params(ProcessPath),
    request_body = TakeUpdate,
    responses((status = 200, body = UpdateTaken, description = "Gespeichert"),
        (status = 400, description = "Ungültiger Inhalt, oder eine Organisationseinheit, die es nicht gibt"),
        (status = 403, description = "Nur für Modellierende und Administration"),
        (status = 404, description = "Prozess unbekannt oder nicht aus einem Musterprozess übernommen"),
        (status = 409, description = "Der Prozess oder der Musterprozess hat sich inzwischen geändert, oder es gibt nichts zu übernehmen")),
    security(("bearer" = [])))]
pub async fn post(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
    ApiJson(body): ApiJson<TakeUpdate>,
) -> AppResult<Response> {
    let to_version = match body.to_version.as_deref() {
        None => None,
        Some(s) => Some(
            uc::Version::parse(s).ok_or(crate::error::AppError::BadRequest(
                "library_update.bad_version",
            ))?,
        ),
    };
    let choice = Choice {
        expected_version: body.expected_version,
        to_version,
        take: body.take.into_iter().collect::<HashSet<_>>(),
        roles: body.roles,
    };
    let id = p.id()?;
    let row = uc::take(&state.store, ctx.id(), &ctx.actor(), id, &choice).await?;
    let lineage = state
        .store
        .get_lineage(ctx.id(), id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    Ok(Json(UpdateTaken {
        process_id: row.id,
        version: row.version,
        template_id: lineage.template_id,
        lineage_version: format!("{}.{}", lineage.major, lineage.minor),
    })
    .into_response())
}
