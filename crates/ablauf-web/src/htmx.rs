//! The one way to tell a request htmx sent (it sets `HX-Request: true`):
//! such a request gets the fragment it swaps, any other the whole page.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// Whether htmx sent the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HxRequest(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for HxRequest {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(HxRequest(
            parts.headers.get("hx-request").is_some_and(|v| v == "true"),
        ))
    }
}
