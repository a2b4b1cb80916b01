//! The service catalogue, for lookups and autocomplete.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::ApiQuery;
use crate::auth::CurrentUser;
use crate::error::AppResult;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Part of the name, or the beginning of the LeiKa key.
    #[serde(default)]
    q: String,
    /// At most this many (1–100, default 20).
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceDto {
    pub leika_key: String,
    pub name: String,
    pub typisierung: String,
    pub legal_basis: String,
    pub ozg_id: String,
    pub ozg_service: String,
    pub lebenslage: String,
    pub themenfeld: String,
}

/// Find services of the LeiKa catalogue by name or key (any signed-in person).
#[utoipa::path(get, path = "/api/v1/services", tag = "Leistungskatalog",
    params(ServiceQuery),
    responses((status = 200, body = Vec<ServiceDto>), (status = 401)),
    security(("bearer" = [])))]
pub async fn find(
    State(state): State<AppState>,
    _user: CurrentUser,
    ApiQuery(q): ApiQuery<ServiceQuery>,
) -> AppResult<Json<Vec<ServiceDto>>> {
    let rows = state
        .store
        .find_services(&q.q, q.limit.unwrap_or(20))
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|s| ServiceDto {
                leika_key: s.leika_key,
                name: s.name,
                typisierung: s.typisierung,
                legal_basis: s.legal_basis,
                ozg_id: s.ozg_id,
                ozg_service: s.ozg_service,
                lebenslage: s.lebenslage,
                themenfeld: s.themenfeld,
            })
            .collect(),
    ))
}
