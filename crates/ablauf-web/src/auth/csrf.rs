//! Protection against cross-site request forgery, by double submit: every
//! browser gets a random token in an HttpOnly, SameSite=Strict cookie, and
//! every state-changing request must carry the same token in the form field
//! `_csrf` or the `X-CSRF-Token` header (htmx sends the header). Another
//! site can neither read nor set the cookie, so it cannot forge the field.
//!
//! Requests authenticated by `Authorization: Bearer` carry no cookies and
//! are exempt, as is the token endpoint that takes credentials as JSON.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::AppState;
use crate::error::AppError;
use ablauf_app::secret;

/// The CSRF cookie's name (prefixed under HTTPS: `WebConfig::cookie_name`).
pub const COOKIE: &str = "ablauf_csrf";
pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";

/// The token of this browser; templates put it into every form.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

fn exempt(req: &Request) -> bool {
    matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.headers().contains_key(header::AUTHORIZATION)
        || req.uri().path() == "/api/v1/auth/token"
}

pub async fn layer(
    State(state): State<AppState>,
    jar: CookieJar,
    req: Request,
    next: Next,
) -> Response {
    let existing = jar
        .get(&state.config.cookie_name(COOKIE))
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 43);
    let token = existing.clone().unwrap_or_else(secret::new_secret);

    let mut req = req;
    if !exempt(&req) {
        let from_header = req
            .headers()
            .get(HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let submitted = match from_header {
            Some(h) => Some(h),
            None => {
                // Read the form body to find the field, then put it back.
                let content_type = req
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                let limit = if content_type.starts_with("multipart/form-data") {
                    state.config.max_upload_bytes
                } else {
                    state.config.max_body_bytes
                };
                if content_type.starts_with("application/x-www-form-urlencoded")
                    || content_type.starts_with("multipart/form-data")
                {
                    let (parts, body) = req.into_parts();
                    let bytes = match to_bytes(body, limit).await {
                        Ok(b) => b,
                        Err(_) => {
                            return AppError::TooLarge(limit).into_response();
                        }
                    };
                    let field = if content_type.starts_with("multipart/form-data") {
                        multipart_field(&content_type, bytes.clone(), FIELD).await
                    } else {
                        form_field(&bytes, FIELD)
                    };
                    req = Request::from_parts(parts, Body::from(bytes));
                    field
                } else {
                    None
                }
            }
        };
        let valid = match (&existing, submitted) {
            (Some(cookie), Some(sent)) => secret::equal(cookie, &sent),
            _ => false,
        };
        if !valid {
            tracing::warn!(path = %req.uri().path(), "refused request without valid CSRF token");
            return AppError::Csrf.into_response();
        }
    }

    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut resp = next.run(req).await;
    // Only pages need the cookie: health checks, assets and JSON stay
    // cookie-free.
    let is_page = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if existing.is_none() && is_page {
        let cookie = Cookie::build((state.config.cookie_name(COOKIE), token))
            .path("/")
            .http_only(true)
            .secure(state.config.secure_cookies())
            .same_site(SameSite::Strict)
            .build();
        if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The value of a small text field of a multipart body. Forms put the
/// `_csrf` field before any file, so the file itself is not read here.
async fn multipart_field(
    content_type: &str,
    body: axum::body::Bytes,
    name: &str,
) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut mp = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
        if field.file_name().is_some() {
            return None; // the token must come before the file
        }
    }
    None
}
