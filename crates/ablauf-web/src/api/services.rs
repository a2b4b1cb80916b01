//! The service catalogue, for lookups and autocomplete.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::api::ApiQuery;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use ablauf_domain::service::Service;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Part of the name, or the beginning of the LeiKa key.
    #[serde(default)]
    q: String,
    /// At most this many (1–100, default 20).
    limit: Option<i64>,
}

/// Find services of the LeiKa catalogue by name or key (any signed-in person).
#[utoipa::path(get, path = "/api/v1/services", tag = "Leistungskatalog",
    params(ServiceQuery),
    responses((status = 200, body = Vec<Service>), (status = 401)),
    security(("bearer" = [])))]
pub async fn find(
    State(state): State<AppState>,
    _user: CurrentUser,
    ApiQuery(q): ApiQuery<ServiceQuery>,
) -> AppResult<Json<Vec<Service>>> {
    let rows = state
        .store
        .find_services(&q.q, q.limit.unwrap_or(20))
        .await?;
    Ok(Json(rows.into_iter().map(|s| s.service).collect()))
}
