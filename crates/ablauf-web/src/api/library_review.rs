//! Proposals to the shared library through the API: an organisation
//! proposes and follows its proposals; library editors review, comment,
//! ask for changes, reject and release.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::ApiJson;
use crate::api::processes::ProcessPath;
use crate::auth::{LibraryEditor, OrgCtx, OrgEditor};
use crate::error::{AppResult, path_id};
use ablauf_app::i18n::t;
use ablauf_app::library::propose::{self, Choices, Proposed};
use ablauf_app::library::review;
use ablauf_domain::{OrgKind, OrgUnitId, ProposalId, ProposalState};
use ablauf_library::version::Step;
use ablauf_store::library::{CommentRow, ProposalRow};

/// A proposal as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct ProposalDto {
    #[schema(value_type = Uuid)]
    pub id: ProposalId,
    pub name: String,
    /// `open`, `changes_requested`, `rejected` or `released`.
    pub state: String,
    #[schema(value_type = Uuid)]
    pub organization_id: ablauf_domain::OrgId,
    pub organization_name: String,
    #[schema(value_type = Option<Uuid>)]
    pub process_id: Option<ablauf_domain::ProcessId>,
    /// The template the proposal changes (or became, once released).
    #[schema(value_type = Option<Uuid>)]
    pub template_id: Option<ablauf_domain::TemplateId>,
    /// The template version a change proposal is based on.
    pub base_version: Option<String>,
    /// The version it was released as.
    pub released_version: Option<String>,
    pub note: String,
    /// Why the editors asked for changes or rejected it.
    pub reason: String,
    pub created_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

fn pair(a: Option<i64>, b: Option<i64>) -> Option<String> {
    a.zip(b).map(|(a, b)| format!("{a}.{b}"))
}

impl From<&ProposalRow> for ProposalDto {
    fn from(p: &ProposalRow) -> Self {
        ProposalDto {
            id: p.id,
            name: p.name.clone(),
            state: p.state.code().into(),
            organization_id: p.organization_id,
            organization_name: p.organization_name.clone(),
            process_id: p.process_id,
            template_id: p.template_id,
            base_version: pair(p.base_major, p.base_minor),
            released_version: pair(p.released_major, p.released_minor),
            note: p.note.clone(),
            reason: p.reason.clone(),
            created_by: p.created_by_name.clone(),
            created_at: p.created_at.to_rfc3339(),
            updated_at: p.updated_at.to_rfc3339(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CommentDto {
    pub author: String,
    pub body: String,
    pub created_at: String,
}

impl From<&CommentRow> for CommentDto {
    fn from(c: &CommentRow) -> Self {
        CommentDto {
            author: c.author_name.clone(),
            body: c.body.clone(),
            created_at: c.created_at.to_rfc3339(),
        }
    }
}

/// A proposal with what it sends and the conversation on it.
#[derive(Serialize, ToSchema)]
pub struct ProposalDetail {
    #[serde(flatten)]
    pub proposal: ProposalDto,
    /// The organisation-neutral Steckbrief and model (`profile`, `model`,
    /// `suits`), roles by name.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    pub roles: Vec<String>,
    pub comments: Vec<CommentDto>,
}

fn detail(p: &ProposalRow, comments: &[CommentRow]) -> AppResult<ProposalDetail> {
    let c = ablauf_app::library::content(&p.content)?;
    Ok(ProposalDetail {
        proposal: p.into(),
        roles: c.roles(),
        content: serde_json::to_value(&c)
            .map_err(|e| crate::error::AppError::Internal(e.into()))?,
        comments: comments.iter().map(Into::into).collect(),
    })
}

/// What a proposal sends along: a note, role names for org units (by unit
/// id; the unit's name otherwise), the organisation kinds the template
/// suits, and the confirmation that the personal-data findings are fine.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ProposeBody {
    pub note: String,
    #[schema(value_type = Object)]
    pub roles: HashMap<String, String>,
    /// Organisation kind codes (`gemeinde`, `stadt`, `landkreis`, …).
    pub suits: Vec<String>,
    pub confirm_personal: bool,
}

impl ProposeBody {
    fn choices(self) -> AppResult<Choices> {
        let mut renames = HashMap::new();
        for (unit, role) in self.roles {
            let id = OrgUnitId::parse(&unit)
                .ok_or(crate::error::AppError::BadRequest("error.unit_id"))?;
            renames.insert(id, role);
        }
        let mut suits = Vec::new();
        for s in &self.suits {
            suits.push(
                OrgKind::parse(s).ok_or(crate::error::AppError::BadRequest("error.org_kind"))?,
            );
        }
        Ok(Choices {
            note: self.note,
            renames,
            suits,
            confirm_personal: self.confirm_personal,
        })
    }
}

fn personal_data(findings: &[ablauf_library::personal::Finding]) -> Response {
    let body = serde_json::json!({
        "error": { "code": "personal_data", "message": t("error.personal_data") },
        "findings": findings,
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// Proposes the process as a template, or — for a process adopted from or
/// proposed to the library — a change to its template. Answers 201 with
/// the proposal, or 422 with `findings` (personal data: `kind`, `place`,
/// `label`, `text`) until they are resolved or `confirm_personal` is true.
#[utoipa::path(post, path = "/api/v1/organizations/{org}/processes/{process}/proposals", tag = "Bibliothek",
    params(ProcessPath), request_body = ProposeBody,
    responses((status = 201, body = ProposalDto), (status = 422, description = "Personenbezogene Daten gefunden"),
        (status = 403), (status = 404), (status = 409, description = "Kein Bausteinmodell mit Schritten")),
    security(("bearer" = [])))]
pub async fn propose(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<ProcessPath>,
    ApiJson(body): ApiJson<ProposeBody>,
) -> AppResult<Response> {
    let choices = body.choices()?;
    match propose::propose(&state.store, ctx.id(), &ctx.actor(), p.id()?, &choices).await? {
        Proposed::Created(row) => {
            Ok((StatusCode::CREATED, Json(ProposalDto::from(&*row))).into_response())
        }
        Proposed::PersonalData(f) => Ok(personal_data(&f)),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrgProposalPath {
    /// Organisation
    #[param(value_type = Uuid)]
    #[allow(dead_code)]
    org: String,
    /// Vorschlag
    #[param(value_type = Uuid)]
    proposal: String,
}

/// The organisation's proposals, newest change first.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/proposals", tag = "Bibliothek",
    params(crate::api::OrgPath), responses((status = 200, body = Vec<ProposalDto>)),
    security(("bearer" = [])))]
pub async fn org_list(
    State(state): State<AppState>,
    ctx: OrgCtx,
) -> AppResult<Json<Vec<ProposalDto>>> {
    let rows = state
        .store
        .list_proposals(&ProposalState::ALL, Some(ctx.id()))
        .await?;
    Ok(Json(rows.iter().map(Into::into).collect()))
}

/// One of the organisation's proposals with its content and comments.
#[utoipa::path(get, path = "/api/v1/organizations/{org}/proposals/{proposal}", tag = "Bibliothek",
    params(OrgProposalPath), responses((status = 200, body = ProposalDetail), (status = 404)),
    security(("bearer" = [])))]
pub async fn org_get(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path(p): Path<OrgProposalPath>,
) -> AppResult<Json<ProposalDetail>> {
    let row = propose::own_proposal(&state.store, ctx.id(), path_id(&p.proposal)?).await?;
    let comments = state.store.proposal_comments(row.id).await?;
    Ok(Json(detail(&row, &comments)?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    pub body: String,
}

/// A comment of the proposing organisation (answering the editors).
#[utoipa::path(post, path = "/api/v1/organizations/{org}/proposals/{proposal}/comments", tag = "Bibliothek",
    params(OrgProposalPath), request_body = CommentBody,
    responses((status = 201, body = CommentDto), (status = 400), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn org_comment(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path(p): Path<OrgProposalPath>,
    ApiJson(b): ApiJson<CommentBody>,
) -> AppResult<Response> {
    let row = propose::own_proposal(&state.store, ctx.id(), path_id(&p.proposal)?).await?;
    let c = review::comment(&state.store, &ctx.actor(), row.id, &b.body).await?;
    Ok((StatusCode::CREATED, Json(CommentDto::from(&c))).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProposalPath {
    /// Vorschlag
    #[param(value_type = Uuid)]
    proposal: String,
}

impl ProposalPath {
    fn id(&self) -> AppResult<ProposalId> {
        path_id(&self.proposal)
    }
}

/// The editors' queue: proposals waiting for them or for their proposers.
#[utoipa::path(get, path = "/api/v1/library/proposals", tag = "Bibliothek",
    responses((status = 200, body = Vec<ProposalDto>), (status = 403, description = "Nur für die Redaktion")),
    security(("bearer" = [])))]
pub async fn queue(
    State(state): State<AppState>,
    _e: LibraryEditor,
) -> AppResult<Json<Vec<ProposalDto>>> {
    let rows = review::queue(&state.store).await?;
    Ok(Json(rows.iter().map(Into::into).collect()))
}

/// A finding of the review (plausibility or model quality).
#[derive(Serialize, ToSchema)]
pub struct ReviewFinding {
    pub rule: String,
    pub severity: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReviewDto {
    #[serde(flatten)]
    pub detail: ProposalDetail,
    pub findings: Vec<ReviewFinding>,
    /// Steckbrief fields a template should fill and this one lacks.
    pub missing_fields: Vec<String>,
}

/// A proposal as the editors review it: content, comments, quality
/// findings and missing Steckbrief fields.
#[utoipa::path(get, path = "/api/v1/library/proposals/{proposal}", tag = "Bibliothek",
    params(ProposalPath), responses((status = 200, body = ReviewDto), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    _e: LibraryEditor,
    Path(p): Path<ProposalPath>,
) -> AppResult<Json<ReviewDto>> {
    let r = review::review(&state.store, p.id()?).await?;
    Ok(Json(ReviewDto {
        detail: detail(&r.proposal, &r.comments)?,
        findings: r
            .findings
            .iter()
            .map(|f| ReviewFinding {
                rule: f.rule.into(),
                severity: format!("{:?}", f.severity).to_lowercase(),
                message: f.message.clone(),
            })
            .collect(),
        missing_fields: r.missing.iter().map(|m| m.field.to_owned()).collect(),
    }))
}

/// A library editor's comment.
#[utoipa::path(post, path = "/api/v1/library/proposals/{proposal}/comments", tag = "Bibliothek",
    params(ProposalPath), request_body = CommentBody,
    responses((status = 201, body = CommentDto), (status = 400), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn comment(
    State(state): State<AppState>,
    e: LibraryEditor,
    Path(p): Path<ProposalPath>,
    ApiJson(b): ApiJson<CommentBody>,
) -> AppResult<Response> {
    let c = review::comment(&state.store, &e.actor(), p.id()?, &b.body).await?;
    Ok((StatusCode::CREATED, Json(CommentDto::from(&c))).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    pub reason: String,
}

/// Rejects a proposal with a reason.
#[utoipa::path(post, path = "/api/v1/library/proposals/{proposal}/reject", tag = "Bibliothek",
    params(ProposalPath), request_body = ReasonBody,
    responses((status = 200, body = ProposalDto), (status = 400), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
pub async fn reject(
    State(state): State<AppState>,
    e: LibraryEditor,
    Path(p): Path<ProposalPath>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> AppResult<Json<ProposalDto>> {
    let row = review::reject(&state.store, &e.actor(), p.id()?, &b.reason).await?;
    Ok(Json((&row).into()))
}

/// Sends a proposal back to its organisation, saying what to change.
#[utoipa::path(post, path = "/api/v1/library/proposals/{proposal}/request-changes", tag = "Bibliothek",
    params(ProposalPath), request_body = ReasonBody,
    responses((status = 200, body = ProposalDto), (status = 400), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
pub async fn request_changes(
    State(state): State<AppState>,
    e: LibraryEditor,
    Path(p): Path<ProposalPath>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> AppResult<Json<ProposalDto>> {
    let row = review::request_changes(&state.store, &e.actor(), p.id()?, &b.reason).await?;
    Ok(Json((&row).into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    /// `minor` (1.0 → 1.1) or `major` (1.1 → 2.0); a new template is 1.0.
    #[schema(value_type = String)]
    pub version: Step,
    #[serde(default)]
    pub release_notes: String,
}

#[derive(Serialize, ToSchema)]
pub struct Released {
    #[schema(value_type = Uuid)]
    pub template_id: ablauf_domain::TemplateId,
    pub version: String,
}

/// Releases an open proposal as a template version. Nobody releases their
/// own proposal (409).
#[utoipa::path(post, path = "/api/v1/library/proposals/{proposal}/release", tag = "Bibliothek",
    params(ProposalPath), request_body = ReleaseBody,
    responses((status = 200, body = Released), (status = 403), (status = 404),
        (status = 409, description = "Eigener Vorschlag, nicht offen, oder der Musterprozess wurde an denselben Stellen geändert")),
    security(("bearer" = [])))]
pub async fn release(
    State(state): State<AppState>,
    e: LibraryEditor,
    Path(p): Path<ProposalPath>,
    ApiJson(b): ApiJson<ReleaseBody>,
) -> AppResult<Json<Released>> {
    let (template_id, v) = review::release(
        &state.store,
        &e.actor(),
        p.id()?,
        b.version,
        &b.release_notes,
    )
    .await?;
    Ok(Json(Released {
        template_id,
        version: v.to_string(),
    }))
}
