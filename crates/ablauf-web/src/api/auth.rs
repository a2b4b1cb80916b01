//! Tokens for scripts, and who am I.

use ablauf_domain::UserId;
use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::ApiJson;
use crate::api::orgs::OrganizationDto;
use crate::auth::CurrentUser;
use crate::auth::signin::sign_in;
use crate::error::{AppError, AppResult};
use ablauf_app::accounts::{self, Door, SignIn};

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    /// E-mail address of the account.
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`. It works until revoked on
    /// the account page ("API-Tokens").
    pub token: String,
}

/// Exchange e-mail and password for an API token.
///
/// The same throttling as the sign-in page applies. The token appears on
/// the account's token page as "Skript-Anmeldung" and can be revoked there.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "Anmeldung",
    request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "E-Mail-Adresse oder Passwort falsch"),
        (status = 429, description = "Zu viele Fehlversuche"),
    ))]
pub async fn token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<TokenRequest>,
) -> AppResult<Json<TokenResponse>> {
    let user = match sign_in(
        &state,
        &headers,
        peer,
        Door::Script,
        &req.email,
        &req.password,
    )
    .await?
    {
        SignIn::Welcome(user) => user,
        SignIn::Throttled => return Err(AppError::Throttled),
        SignIn::Wrong | SignIn::MayNotWork => return Err(AppError::Unauthenticated),
    };
    let token = accounts::issue_token(&state.store, &user, accounts::SCRIPT_TOKEN_NAME).await?;
    Ok(Json(TokenResponse { token }))
}

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    #[schema(value_type = Uuid)]
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    /// Operators run the platform and create organisations.
    pub is_operator: bool,
    /// The organisations this person works in, with their role there.
    pub organizations: Vec<OrganizationDto>,
}

/// The signed-in account and its organisations.
#[utoipa::path(get, path = "/api/v1/me", tag = "Anmeldung",
    responses((status = 200, body = MeResponse), (status = 401, description = "Nicht angemeldet")),
    security(("bearer" = [])))]
pub async fn me(
    State(state): State<AppState>,
    current: CurrentUser,
) -> AppResult<Json<MeResponse>> {
    let orgs = state.store.organizations_of(current.user.id).await?;
    Ok(Json(MeResponse {
        id: current.user.id,
        email: current.user.email,
        display_name: current.user.display_name,
        is_operator: current.user.is_operator,
        organizations: orgs
            .into_iter()
            .map(|(o, m)| OrganizationDto::new(o, &m))
            .collect(),
    }))
}
