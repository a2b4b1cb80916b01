//! Pattern queries across the organisation's landscape.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::api::{ApiJson, ApiQuery, OrgPath};
use crate::auth::OrgCtx;
use crate::error::AppResult;
use ablauf_analysis::pattern::{Element, PatternQuery};
use ablauf_app::patterns;

/// Conditions one step must fulfil; every one given must hold, none given
/// matches any step.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternElement {
    /// Block key of the catalogue, e.g. `scannen`.
    block: Option<String>,
    /// Medium key: papier, email, fax, portal, eakte, telefon, persoenlich.
    medium: Option<String>,
    /// IT system as named in the models (compared ignoring case).
    it_system: Option<String>,
    /// The step's waiting time before it is at least this many minutes.
    min_waiting_minutes: Option<f64>,
}

/// A pattern query: a sequence of 1–10 step conditions; each matched step
/// follows the one before along a path of the model (later in the same
/// sequence or after the branching that holds it; never across branches of
/// one variant or parallel part).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternBody {
    sequence: Vec<PatternElement>,
    /// `subprocess`: all matched steps in one subprocess; `process`
    /// (default): anywhere in the process.
    within: Option<String>,
    /// `true`: each matched step directly follows the one before;
    /// `false` (default): other steps may lie between.
    adjacent: Option<bool>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PatternParams {
    /// At most this many processes listed (1–1000, default 100); `total`
    /// counts all.
    limit: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct PatternMatchDto {
    pub process_id: Uuid,
    /// The process's name.
    pub name: String,
    /// The matching steps: one list of step ids (in sequence order) per
    /// match, at most 50 per process.
    pub step_ids: Vec<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct PatternAnswer {
    /// Matching processes by name (at most `limit`).
    pub matches: Vec<PatternMatchDto>,
    /// How many processes match in all.
    pub total: usize,
}

/// Find processes whose models contain a sequence of steps, e.g. printed,
/// signed and scanned again within one subprocess.
#[utoipa::path(post, path = "/api/v1/organizations/{org}/analysis/pattern", tag = "Analyse",
    params(OrgPath, PatternParams),
    request_body(content = PatternBody, example = json!({"sequence": [{"block": "drucken"}, {"block": "zeichnen-unterschreiben"}, {"block": "scannen"}], "within": "subprocess", "adjacent": false})),
    responses((status = 200, body = PatternAnswer),
        (status = 400, description = "Die Abfrage passt nicht; `fields` nennt das Feld und warum"),
        (status = 404)),
    security(("bearer" = [])))]
pub async fn run(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiQuery(p): ApiQuery<PatternParams>,
    ApiJson(body): ApiJson<PatternBody>,
) -> AppResult<Json<PatternAnswer>> {
    let q = PatternQuery {
        sequence: body
            .sequence
            .into_iter()
            .map(|e| Element {
                block: e.block,
                medium: e.medium,
                it_system: e.it_system,
                min_waiting_minutes: e.min_waiting_minutes,
            })
            .collect(),
        within: body.within.unwrap_or_default(),
        adjacent: body.adjacent.unwrap_or(false),
    };
    let limit = p.limit.unwrap_or(100).clamp(1, patterns::MAX_PROCESSES);
    let (_, found) = patterns::run(&state.store, ctx.id(), q, limit).await?;
    Ok(Json(PatternAnswer {
        total: found.total,
        matches: found
            .matches
            .into_iter()
            .map(|m| PatternMatchDto {
                process_id: m.process_id,
                name: m.name,
                step_ids: m.step_ids,
            })
            .collect(),
    }))
}
