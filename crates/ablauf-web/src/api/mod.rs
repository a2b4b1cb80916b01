//! The JSON API under `/api/v1`, authenticated by `Authorization: Bearer`
//! (personal API tokens, or tokens from `POST /api/v1/auth/token`) or by a
//! browser session. Described by an OpenAPI document generated from the
//! handlers' annotations ([`docs`]).
//!
//! Everything of an organisation lives under `/api/v1/organizations/{org}`
//! and is reached through the same extractors as the pages
//! ([`crate::auth::OrgCtx`], [`crate::auth::OrgEditor`], …), so membership
//! and role are checked before a body is read. Bodies and query strings
//! come in through [`ApiJson`] and [`ApiQuery`], which answer 400 naming the
//! field and why (`profile.cases_per_year: keine ganze Zahl`).

pub mod analysis;
pub mod auth;
pub mod docs;
pub mod library_browse;
pub mod library_review;
pub mod library_update;
pub mod models;
pub mod operator;
pub mod orgs;
pub mod patterns;
pub mod processes;
pub mod search;
pub mod services;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use ablauf_app::FieldErrors;
use ablauf_app::i18n::{t, tf};

/// `{org}` in the path, for the OpenAPI document ([`crate::auth::OrgCtx`]
/// reads it).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrgPath {
    /// Organisation (id, see `GET /api/v1/organizations`)
    #[allow(dead_code)]
    org: uuid::Uuid,
}

/// A JSON body. One that is not JSON answers 400 with where it breaks; one
/// that does not fit answers 400 naming the field and why.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime_type::Essence>().ok())
            .is_some_and(|m| m.is_json());
        if !json {
            return Err(AppError::BadRequest("error.json_content_type"));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest("error.body_unreadable"))?;
        from_json(&bytes).map(ApiJson)
    }
}

/// Reads `T` from JSON text, naming the field at fault.
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let syntax = |e: &serde_json::Error| AppError::BadJson {
        line: e.line(),
        column: e.column(),
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        if matches!(
            inner.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ) {
            return syntax(inner);
        }
        let message = inner.to_string();
        // serde_json adds the position; the field path says more.
        let message = match message.rfind(" at line ") {
            Some(i) => &message[..i],
            None => &message,
        };
        field_error(&e.path().to_string(), message, None)
    })?;
    de.end().map_err(|e| syntax(&e))?;
    Ok(value)
}

/// A query string. A parameter that does not fit answers 400 naming it
/// and why (`limit: keine ganze Zahl`).
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let path = e.path().to_string();
                // Query strings are flat: the path is the parameter's name.
                let raw = form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| *k == path)
                    .map(|(_, v)| v.into_owned());
                field_error(&path, &e.inner().to_string(), raw.as_deref())
            })
    }
}

/// 400 for one field: the path serde reports (`.` for the whole value)
/// and the German reason for serde's message. `raw` is the value as sent,
/// where known (a query parameter), to tell "-1" from "zehn".
fn field_error(path: &str, message: &str, raw: Option<&str>) -> AppError {
    let path = path.trim_start_matches('.');
    let (field, why) = match between(message, "missing field `", "`") {
        // The path leads to the object that lacks the field.
        Some(name) if path.is_empty() => (name.to_owned(), t("error.input.missing")),
        Some(name) => (format!("{path}.{name}"), t("error.input.missing")),
        None if message == "invalid digit found in string"
            && raw.is_some_and(|r| r.trim().parse::<i128>().is_ok()) =>
        {
            (path.to_owned(), t("error.input.out_of_range"))
        }
        None => (path.to_owned(), why(message)),
    };
    let field = if field.is_empty() {
        ".".to_owned()
    } else {
        field
    };
    AppError::BadInput(FieldErrors::message(field, why))
}

/// The German reason for one of serde's messages. serde words these the
/// same for every format ("invalid type: …, expected …"); the parsers of
/// numbers, UUIDs and dates behind query strings word theirs.
fn why(message: &str) -> String {
    if let Some(variant) = between(message, "unknown variant `", "`") {
        let allowed = message
            .split_once("expected ")
            .map(|(_, rest)| {
                rest.trim_start_matches("one of ")
                    .replace('`', "")
                    .replace(" or ", " oder ")
            })
            .unwrap_or_default();
        return tf(
            "error.input.unknown_value",
            &[("value", variant), ("allowed", &allowed)],
        );
    }
    let key = if message.starts_with("unknown field") {
        "error.input.unknown_field"
    } else if message.starts_with("duplicate field") {
        "error.input.duplicate"
    } else if message.starts_with("invalid length") {
        "error.input.wrong_length"
    } else if message.contains("UUID") {
        "error.input.not_uuid"
    } else if let Some(expected) = message.split_once(", expected ").map(|(_, e)| e) {
        let integer = [
            "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128",
        ]
        .iter()
        .any(|i| expected == *i || expected == "usize" || expected == "isize");
        if integer && message.starts_with("invalid value: integer") {
            "error.input.out_of_range"
        } else if integer {
            "error.input.not_integer"
        } else if expected == "f32" || expected == "f64" {
            "error.input.not_number"
        } else if expected.contains("string") && expected.contains("date") {
            "error.input.not_date"
        } else if expected.contains("string") || expected == "a character" {
            "error.input.not_text"
        } else if expected == "a boolean" {
            "error.input.not_boolean"
        } else if expected.contains("sequence") {
            "error.input.not_list"
        } else if expected.starts_with("struct ") || expected.contains("map") {
            "error.input.not_object"
        } else {
            "error.input.invalid"
        }
    } else {
        match message {
            // std's ParseIntError, behind numbers in query strings
            "invalid digit found in string" | "cannot parse integer from empty string" => {
                "error.input.not_integer"
            }
            "number too large to fit in target type" | "number too small to fit in target type" => {
                "error.input.out_of_range"
            }
            "invalid float literal" => "error.input.not_number",
            "provided string was not `true` or `false`" => "error.input.not_boolean",
            // chrono's ParseError, behind dates
            "input contains invalid characters"
            | "premature end of input"
            | "trailing input"
            | "input is out of range"
            | "input is not enough for unique date and time"
            | "no possible date and time matching input" => "error.input.not_date",
            _ => "error.input.invalid",
        }
    };
    t(key)
}

/// The text between `start` and the next `end` in `s`.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// A content type's essence, enough to tell JSON (`application/json`,
/// `application/problem+json`, with or without parameters).
mod mime_type {
    pub struct Essence(String);

    impl std::str::FromStr for Essence {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            let essence = s.split(';').next().unwrap_or_default().trim();
            Ok(Essence(essence.to_ascii_lowercase()))
        }
    }

    impl Essence {
        pub fn is_json(&self) -> bool {
            let e = self.0.as_str();
            e == "application/json" || (e.starts_with("application/") && e.ends_with("+json"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)] // read only to provoke errors
    #[derive(Debug, Deserialize)]
    struct Body {
        name: String,
        profile: Inner,
        #[serde(default)]
        ids: Vec<uuid::Uuid>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Inner {
        #[serde(default)]
        cases_per_year: Option<u32>,
        #[serde(default)]
        level: Option<u8>,
        #[serde(default)]
        share: Option<f64>,
        #[serde(default)]
        applicant: bool,
        #[serde(default)]
        keywords: Vec<String>,
        #[serde(default)]
        criticality: Option<ablauf_domain::process::Criticality>,
        #[serde(default)]
        from: Option<chrono::NaiveDate>,
        #[serde(default)]
        owner: Option<uuid::Uuid>,
        #[serde(default)]
        deep: Option<Deep>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Deep {
        name: String,
    }

    fn json_message(body: &str) -> String {
        match from_json::<Body>(body.as_bytes()) {
            Ok(b) => panic!("accepted: {b:?}"),
            Err(e) => e.message(),
        }
    }

    #[test]
    fn a_json_body_that_does_not_fit_names_the_field_and_why() {
        let ok = r#""name": "A""#;
        for (profile, expected) in [
            (
                r#"{"cases_per_year": "viele"}"#,
                "profile.cases_per_year: keine ganze Zahl",
            ),
            (
                r#"{"cases_per_year": 1.5}"#,
                "profile.cases_per_year: keine ganze Zahl",
            ),
            (
                r#"{"cases_per_year": -1}"#,
                "profile.cases_per_year: außerhalb des erlaubten Bereichs",
            ),
            (
                r#"{"level": 300}"#,
                "profile.level: außerhalb des erlaubten Bereichs",
            ),
            (r#"{"share": "halb"}"#, "profile.share: keine Zahl"),
            (
                r#"{"applicant": "ja"}"#,
                "profile.applicant: kein Wahrheitswert (true oder false)",
            ),
            (
                r#"{"keywords": "Gewerbe"}"#,
                "profile.keywords: keine Liste",
            ),
            (
                r#"{"keywords": ["a", 5]}"#,
                "profile.keywords[1]: kein Text",
            ),
            (
                r#"{"criticality": "egal"}"#,
                "profile.criticality: unbekannter Wert „egal“ (erlaubt: normal, hoch, kritisch)",
            ),
            (
                r#"{"from": "31.12.2026"}"#,
                "profile.from: kein gültiges Datum (JJJJ-MM-TT)",
            ),
            (
                r#"{"from": 5}"#,
                "profile.from: kein gültiges Datum (JJJJ-MM-TT)",
            ),
            (
                r#"{"owner": "x"}"#,
                "profile.owner: keine gültige ID (UUID)",
            ),
            (r#"{"owner": 7}"#, "profile.owner: keine gültige ID (UUID)"),
            (r#"{"deep": {}}"#, "profile.deep.name: fehlt"),
            (r#"{"deep": 1}"#, "profile.deep: kein Objekt"),
            ("5", "profile: kein Objekt"),
        ] {
            assert_eq!(
                json_message(&format!(r#"{{{ok}, "profile": {profile}}}"#)),
                expected,
                "{profile}"
            );
        }
        assert_eq!(json_message(r#"{"name": "A"}"#), "profile: fehlt");
        assert_eq!(json_message(r#"{"profile": {}}"#), "name: fehlt");
        assert_eq!(
            json_message(r#"{"name": 5, "profile": {}}"#),
            "name: kein Text"
        );
        assert_eq!(
            json_message(r#"{"name": "A", "profile": {}, "ids": ["a"]}"#),
            "ids[0]: keine gültige ID (UUID)"
        );
        assert_eq!(json_message("7"), ".: kein Objekt");
    }

    #[test]
    fn broken_json_says_where() {
        let e = from_json::<Body>(b"{\"name\": ").unwrap_err();
        assert_eq!(e.status(), axum::http::StatusCode::BAD_REQUEST);
        assert_eq!(
            e.message(),
            "Der JSON-Inhalt der Anfrage ist ungültig oder unvollständig (Zeile 1, Spalte 9)."
        );
        let e = from_json::<Body>(br#"{"name": "A", "profile": {}} x"#).unwrap_err();
        assert!(e.message().contains("Spalte 30"), "{}", e.message());
        assert!(matches!(e, AppError::BadJson { .. }));
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Query {
        limit: Option<i64>,
        count: Option<usize>,
        area_id: Option<uuid::Uuid>,
        from: Option<chrono::NaiveDate>,
        flag: Option<bool>,
        criticality: Option<ablauf_domain::process::Criticality>,
        q: String,
    }

    async fn query_message(q: &str) -> String {
        let mut parts = axum::http::Request::get(format!("/x?{q}"))
            .body(())
            .unwrap()
            .into_parts()
            .0;
        match ApiQuery::<Query>::from_request_parts(&mut parts, &()).await {
            Ok(ApiQuery(v)) => panic!("accepted: {v:?}"),
            Err(e) => e.message(),
        }
    }

    #[tokio::test]
    async fn a_query_parameter_that_does_not_fit_is_named() {
        for (q, expected) in [
            ("q=a&limit=zehn", "limit: keine ganze Zahl"),
            ("q=a&limit=", "limit: keine ganze Zahl"),
            (
                "q=a&limit=99999999999999999999",
                "limit: außerhalb des erlaubten Bereichs",
            ),
            ("q=a&count=-1", "count: außerhalb des erlaubten Bereichs"),
            ("q=a&count=1,5", "count: keine ganze Zahl"),
            ("q=a&area_id=abc", "area_id: keine gültige ID (UUID)"),
            ("q=a&from=morgen", "from: kein gültiges Datum (JJJJ-MM-TT)"),
            (
                "q=a&flag=vielleicht",
                "flag: kein Wahrheitswert (true oder false)",
            ),
            (
                "q=a&criticality=egal",
                "criticality: unbekannter Wert „egal“ (erlaubt: normal, hoch, kritisch)",
            ),
            ("limit=5", "q: fehlt"),
        ] {
            assert_eq!(query_message(q).await, expected, "{q}");
        }
    }

    #[test]
    fn json_content_types() {
        for (ct, json) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("Application/JSON", true),
            ("application/merge-patch+json", true),
            ("text/plain", false),
            ("application/x-www-form-urlencoded", false),
        ] {
            assert_eq!(
                ct.parse::<mime_type::Essence>().unwrap().is_json(),
                json,
                "{ct}"
            );
        }
    }
}
