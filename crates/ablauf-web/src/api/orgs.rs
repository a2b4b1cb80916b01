//! Organisations and what belongs to them: users, org units, pay grades,
//! the audit trail. Every route checks the membership through [`OrgCtx`].

use ablauf_domain::{AuditId, OrgId, OrgUnitId, PayGradeId, UserId};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::{ApiJson, ApiQuery, OrgPath};
use crate::auth::{CurrentUser, OrgAdmin, OrgCtx};
use crate::error::AppResult;
use ablauf_app::audit::{self, AuditQuery, FieldChange, Names};
use ablauf_app::structure::{self, UnitFields};
use ablauf_store::{AuditEvent, Member, Membership, Organization};

#[derive(Serialize, ToSchema)]
pub struct OrganizationDto {
    #[schema(value_type = Uuid)]
    pub id: OrgId,
    pub name: String,
    /// landesministerium, landesbehoerde, landkreis, kreisfreie_stadt, stadt,
    /// gemeinde, verwaltungsgemeinschaft, zweckverband, sonstige
    pub kind: String,
    /// administrator, modellierer or betrachter
    pub role: String,
    /// May edit the shared library (Redaktion).
    pub library_editor: bool,
}

impl OrganizationDto {
    pub fn new(o: Organization, m: &Membership) -> Self {
        OrganizationDto {
            id: o.id,
            name: o.name,
            kind: o.kind.code().into(),
            role: m.role.code().into(),
            library_editor: m.library_editor,
        }
    }
}

/// The organisations the caller is an active member of. The operator of
/// the platform finds every organisation under
/// `GET /api/v1/operator/organizations`.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "Organisationen",
    responses((status = 200, body = Vec<OrganizationDto>)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
) -> AppResult<Json<Vec<OrganizationDto>>> {
    let orgs = state.store.organizations_of(current.user.id).await?;
    Ok(Json(
        orgs.into_iter()
            .map(|(o, m)| OrganizationDto::new(o, &m))
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    #[schema(value_type = Uuid)]
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub library_editor: bool,
    /// False when deactivated in this organisation or on the platform.
    pub active: bool,
    /// True while the person has not yet set a password (invited).
    pub invited: bool,
}

/// The organisation's users (administrators only).
#[utoipa::path(get, path = "/api/v1/organizations/{org}/users", tag = "Organisationen",
    params(OrgPath),
    responses((status = 200, body = Vec<UserDto>), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn users(State(state): State<AppState>, ctx: OrgAdmin) -> AppResult<Json<Vec<UserDto>>> {
    let members = state.store.list_members(ctx.id()).await?;
    Ok(Json(members.into_iter().map(Into::into).collect()))
}

impl From<Member> for UserDto {
    fn from(m: Member) -> Self {
        UserDto {
            id: m.user_id,
            active: m.active && m.account_active,
            invited: !m.has_password,
            role: m.role.code().into(),
            library_editor: m.library_editor,
            email: m.email,
            display_name: m.display_name,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrgUnitDto {
    #[schema(value_type = Uuid)]
    pub id: OrgUnitId,
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Option<OrgUnitId>,
    pub name: String,
    pub short_name: String,
    /// Positions (Stellen) in full-time equivalents, if entered.
    pub positions: Option<f64>,
}

impl From<ablauf_store::OrgUnit> for OrgUnitDto {
    fn from(u: ablauf_store::OrgUnit) -> Self {
        OrgUnitDto {
            id: u.id,
            parent_id: u.parent_id,
            name: u.name,
            short_name: u.short_name,
            positions: u.positions,
        }
    }
}

/// The org units, a tree by `parent_id` (every member may read them).
#[utoipa::path(get, path = "/api/v1/organizations/{org}/org-units", tag = "Organisationen",
    params(OrgPath),
    responses((status = 200, body = Vec<OrgUnitDto>), (status = 404)),
    security(("bearer" = [])))]
pub async fn org_units(
    State(state): State<AppState>,
    ctx: OrgCtx,
) -> AppResult<Json<Vec<OrgUnitDto>>> {
    let units = state.store.list_org_units(ctx.id()).await?;
    Ok(Json(units.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct NewOrgUnit {
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Option<OrgUnitId>,
    /// Positions (Stellen) in full-time equivalents, if known.
    #[serde(default)]
    pub positions: Option<f64>,
}

/// Create an org unit (administrators only).
#[utoipa::path(post, path = "/api/v1/organizations/{org}/org-units", tag = "Organisationen",
    params(OrgPath),
    request_body = NewOrgUnit,
    responses((status = 201, body = OrgUnitDto), (status = 400), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
pub async fn create_org_unit(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    ApiJson(req): ApiJson<NewOrgUnit>,
) -> AppResult<(StatusCode, Json<OrgUnitDto>)> {
    let fields = UnitFields {
        name: req.name,
        short_name: req.short_name,
        parent_id: req.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        positions: req
            .positions
            .map(|p| ablauf_domain::format_decimal_de(p, 2))
            .unwrap_or_default(),
    };
    let unit = structure::create_org_unit(&state.store, &ctx.actor(), ctx.id(), &fields).await?;
    Ok((StatusCode::CREATED, Json(unit.into())))
}

#[derive(Serialize, ToSchema)]
pub struct PayGradeDto {
    #[schema(value_type = Uuid)]
    pub id: PayGradeId,
    pub name: String,
    /// Hourly personnel cost in euro cents.
    pub hourly_rate_cents: i64,
}

/// The pay grades with hourly cost rates (every member may read them).
#[utoipa::path(get, path = "/api/v1/organizations/{org}/pay-grades", tag = "Organisationen",
    params(OrgPath),
    responses((status = 200, body = Vec<PayGradeDto>), (status = 404)),
    security(("bearer" = [])))]
pub async fn pay_grades(
    State(state): State<AppState>,
    ctx: OrgCtx,
) -> AppResult<Json<Vec<PayGradeDto>>> {
    let grades = state.store.list_pay_grades(ctx.id()).await?;
    Ok(Json(
        grades
            .into_iter()
            .map(|g| PayGradeDto {
                id: g.id,
                name: g.name,
                hourly_rate_cents: g.hourly_rate_cents,
            })
            .collect(),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; parsing is shared with the page
pub struct AuditParams {
    /// Action, or its prefix (`user` matches `user.created`).
    action: Option<String>,
    /// User id of the person who made the change.
    #[param(value_type = Option<Uuid>)]
    actor: Option<UserId>,
    /// First day (YYYY-MM-DD), inclusive.
    from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    until: Option<String>,
    /// Text in the summary or the person's name.
    q: Option<String>,
    /// Page of 50 events, from 1.
    page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventDto {
    #[schema(value_type = Uuid)]
    pub id: AuditId,
    pub at: DateTime<Utc>,
    #[schema(value_type = Option<Uuid>)]
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// The summary in German, rendered from the message catalogue.
    pub summary: String,
    /// The summary's message key (`audit_summary.org_unit_created`); absent
    /// for events recorded before summaries were keys.
    pub summary_key: Option<String>,
    /// The summary's arguments by name, each as shown (roles and kinds in
    /// German).
    pub summary_args: std::collections::BTreeMap<String, String>,
    /// State before the change (JSON, ids as stored), where there was one.
    pub before: Option<serde_json::Value>,
    /// State after the change (JSON, ids as stored), where there is one.
    pub after: Option<serde_json::Value>,
    /// The fields of the states as the audit page shows them: labelled in
    /// German, ids resolved to names ("(gelöscht)" when gone), of a change
    /// only what changed.
    pub changes: Vec<AuditFieldDto>,
}

/// One labelled field of an event's states.
#[derive(Serialize, ToSchema)]
pub struct AuditFieldDto {
    /// The field's code in `before`/`after`.
    pub field: String,
    /// Its German label.
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl From<FieldChange> for AuditFieldDto {
    fn from(c: FieldChange) -> Self {
        AuditFieldDto {
            field: c.field,
            label: c.label,
            before: c.before,
            after: c.after,
        }
    }
}

impl AuditEventDto {
    fn new(e: AuditEvent, names: &Names) -> Self {
        AuditEventDto {
            summary: audit::summary(&e),
            summary_args: audit::summary_args(&e),
            changes: audit::changes(&e, names)
                .into_iter()
                .map(Into::into)
                .collect(),
            before: e.before(),
            after: e.after(),
            id: e.id,
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            summary_key: e.summary_key,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub total: i64,
    pub page: i64,
    pub events: Vec<AuditEventDto>,
}

/// The audit trail, newest first (administrators only).
#[utoipa::path(get, path = "/api/v1/organizations/{org}/audit", tag = "Organisationen",
    params(OrgPath, AuditParams),
    responses((status = 200, body = AuditPage), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn audit(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> AppResult<Json<AuditPage>> {
    let (events, total) = state.store.list_audit(ctx.id(), &q.filter()).await?;
    let names = Names::load(&state.store, ctx.id()).await?;
    Ok(Json(AuditPage {
        total,
        page: q.page(),
        events: events
            .into_iter()
            .map(|e| AuditEventDto::new(e, &names))
            .collect(),
    }))
}
