//! The input boundary every request passes before a handler or extractor
//! sees it: the body is read up to the configured limit of its route's kind,
//! and no text a request carries (query parameters, form fields, JSON
//! strings and keys) may hold control characters.
//!
//! Control characters (NUL above all, which PostgreSQL refuses in text)
//! have no business in any field; tab, line feed and carriage return stay
//! allowed for multi-line text. A request that carries one is refused with
//! 400 naming the field, on every route and backend alike.

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::error::AppError;
use crate::routes;
use crate::state::AppState;
use ablauf_app::FieldErrors;
use ablauf_app::i18n::t;

/// Most bytes read (and dropped) past a refused body's limit, so that a
/// client still sending gets the answer rather than a reset connection.
const DRAIN: usize = 64 * 1024 * 1024;

/// The middleware: limits, then control characters, then the handler.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let upload = req
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|p| routes::upload_paths().contains(p.as_str()));
    let limit = if upload {
        state.config.max_upload_bytes
    } else {
        state.config.max_body_bytes
    };
    if let Some(field) = req.uri().query().and_then(|q| in_pairs(q.as_bytes())) {
        return refused(field);
    }
    let (parts, body) = req.into_parts();
    let body = match read_body(&parts, body, limit).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let field = if content_type.starts_with("application/x-www-form-urlencoded") {
        in_pairs(&body)
    } else if content_type.starts_with("application/json") {
        // Not JSON at all: the extractor says where it breaks.
        serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| in_json(&v, String::new()))
    } else {
        None
    };
    if let Some(field) = field {
        return refused(field);
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// The body, read up to `limit` bytes; beyond it 413 naming the limit.
async fn read_body(
    parts: &axum::http::request::Parts,
    body: Body,
    limit: usize,
) -> Result<Bytes, AppError> {
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > (limit + DRAIN) as u64) {
        return Err(AppError::TooLarge(limit));
    }
    let mut chunks = body.into_data_stream();
    let (mut kept, mut seen) = (Vec::new(), 0usize);
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("error.body_unreadable"))?;
        seen = seen.saturating_add(chunk.len());
        if seen <= limit {
            kept.extend_from_slice(&chunk);
        } else if seen > limit + DRAIN {
            break;
        } else {
            // Beyond the limit: read on without keeping anything.
            kept = Vec::new();
        }
    }
    if seen > limit {
        return Err(AppError::TooLarge(limit));
    }
    Ok(Bytes::from(kept))
}

fn refused(field: String) -> Response {
    AppError::BadInput(FieldErrors::message(
        field,
        t("error.input.control_character"),
    ))
    .into_response()
}

/// Whether `s` holds a control character other than tab, LF and CR.
fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The first field of a query string or form body (decoded) whose name or
/// value holds a control character.
fn in_pairs(raw: &[u8]) -> Option<String> {
    form_urlencoded::parse(raw)
        .find(|(k, v)| has_control(k) || has_control(v))
        .map(|(k, _)| k.chars().filter(|c| !c.is_control()).collect())
}

/// The path (`profile.keywords[1]`) of the first JSON string or key that
/// holds a control character.
fn in_json(v: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match v {
        Value::String(s) => has_control(s).then(|| {
            if path.is_empty() {
                ".".into()
            } else {
                path.clone()
            }
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| in_json(item, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            if has_control(k) {
                Some(join(
                    &k.chars().filter(|c| !c.is_control()).collect::<String>(),
                ))
            } else {
                in_json(item, join(k))
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_with_their_field() {
        assert_eq!(in_pairs(b"q=a%00b&x=1").as_deref(), Some("q"));
        assert_eq!(in_pairs(b"q=zwei%0D%0AZeilen%09Tab&x=1"), None);
        assert_eq!(in_pairs(b"a%01=1").as_deref(), Some("a"));
        assert_eq!(in_pairs("q=%C2%85".as_bytes()).as_deref(), Some("q"));
        let v = serde_json::json!({ "profile": { "name": "ok\n", "keywords": ["a", "b\u{0}"] } });
        assert_eq!(
            in_json(&v, String::new()).as_deref(),
            Some("profile.keywords[1]")
        );
        let v = serde_json::json!({ "note": "\u{7f}" });
        assert_eq!(in_json(&v, String::new()).as_deref(), Some("note"));
        assert_eq!(
            in_json(
                &serde_json::json!({ "a": ["x\ty", 1, null] }),
                String::new()
            ),
            None
        );
    }
}
