//! The JSON API under `/api/v1`, authenticated by `Authorization: Bearer`
//! (personal API tokens, or tokens from `POST /api/v1/auth/token`) or by a
//! browser session. Described by an OpenAPI document generated from the
//! handlers' annotations ([`docs`]).

pub mod auth;
pub mod docs;
pub mod models;
pub mod orgs;
pub mod processes;
pub mod search;
pub mod services;

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body; a malformed one answers 400 with a German message.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|j| ApiJson(j.0))
            .map_err(|_| AppError::BadRequest("error.json_invalid"))
    }
}
