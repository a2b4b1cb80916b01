//! The HTML templates (minijinja, auto-escaping) embedded in the binary.
//! Templates call `t("key")` for every string shown.

use std::sync::LazyLock;

use axum::response::Html;
use minijinja::{Environment, Value};

use crate::error::{AppError, AppResult};
use ablauf_app::i18n;

// Every file under `templates/`, listed by the build script.
include!(concat!(env!("OUT_DIR"), "/templates.rs"));

static ENV: LazyLock<Environment<'static>> = LazyLock::new(environment);

pub fn environment_ref() -> &'static Environment<'static> {
    &ENV
}

/// Renders a page template with its context.
pub fn render(name: &str, ctx: Value) -> AppResult<Html<String>> {
    let tpl = ENV
        .get_template(name)
        .map_err(|e| AppError::Internal(e.into()))?;
    tpl.render(ctx)
        .map(Html)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {name}: {e:#}")))
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    // A misspelt or missing variable fails in debug builds and tests (printing
    // or iterating an undefined value is an error); a release build shows
    // it empty rather than failing a page.
    env.set_undefined_behavior(if cfg!(debug_assertions) {
        minijinja::UndefinedBehavior::SemiStrict
    } else {
        minijinja::UndefinedBehavior::Chainable
    });
    env.add_function("t", |key: &str| i18n::t(key));
    env.add_function("tf", |key: &str, kwargs: minijinja::value::Kwargs| {
        let mut s = i18n::t(key);
        for name in kwargs.args() {
            let v: Value = kwargs.get(name)?;
            s = s.replace(&format!("{{{name}}}"), &v.to_string());
        }
        Ok::<_, minijinja::Error>(s)
    });
    env.add_filter("datetime", format_datetime);
    // Soft hyphens in long German words (headings, table headers, names in
    // narrow columns): they break with a hyphen instead of anywhere.
    // An undefined value fails here as it would when printed, so the filter
    // does not hide a misspelt variable from the strict checks.
    env.add_filter("hy", |state: &minijinja::State, v: Value| {
        if v.is_undefined()
            && state.env().undefined_behavior() != minijinja::UndefinedBehavior::Chainable
        {
            return Err(minijinja::Error::from(minijinja::ErrorKind::UndefinedError));
        }
        Ok(match v.as_str() {
            Some(s) => ablauf_model::text::soft_hyphens(s, 16),
            None if v.is_undefined() || v.is_none() => String::new(),
            None => v.to_string(),
        })
    });
    for (name, text) in TEMPLATES {
        env.add_template(name, text)
            .unwrap_or_else(|e| panic!("template {name} does not parse: {e:#}"));
    }
    env
}

pub use ablauf_app::i18n::local_datetime;

/// Formats an RFC 3339 timestamp as German local time ([`local_datetime`]).
fn format_datetime(value: String) -> String {
    match chrono::DateTime::parse_from_rfc3339(&value) {
        Ok(dt) => local_datetime(&dt.with_timezone(&chrono::Utc)),
        Err(_) => value,
    }
}
