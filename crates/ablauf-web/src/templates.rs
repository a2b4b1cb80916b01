//! The HTML templates (minijinja, auto-escaping) embedded in the binary.
//! Templates call `t("key")` for every string shown.

use std::sync::LazyLock;

use axum::response::Html;
use minijinja::{Environment, Value};

use crate::error::{AppError, AppResult};
use ablauf_app::i18n;

macro_rules! embed {
    ($env:expr, $($name:literal),* $(,)?) => {
        $( $env.add_template($name, include_str!(concat!("../templates/", $name)))
            .expect(concat!("template ", $name, " parses")); )*
    };
}

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
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
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
    embed!(
        env,
        "base.html",
        "macros.html",
        "error.html",
        "login.html",
        "home.html",
        "no_org.html",
        "organizations.html",
        "users.html",
        "user_edit.html",
        "user_created.html",
        "confirm.html",
        "units.html",
        "unit_edit.html",
        "grades.html",
        "grade_edit.html",
        "blocks.html",
        "block_edit.html",
        "block_category_edit.html",
        "block_macros.html",
        "audit.html",
        "audit_table.html",
        "operator_orgs.html",
        "operator_org.html",
        "account.html",
        "tokens.html",
        "set_password.html",
        "setup.html",
        "api_docs.html",
        "catalogue.html",
        "register.html",
        "model.html",
        "bpmn_editor.html",
        "bpmn_import.html",
        "model_editor.html",
        "model_autosaved.html",
        "model_zoom.html",
        "model_items.html",
        "register_import.html",
        "register_import_preview.html",
        "register_import_progress.html",
        "register_import_progress_part.html",
        "profile_form.html",
        "profile.html",
        "versions.html",
        "compare.html",
        "catalog.html",
        "service_options.html",
        "search.html",
        "search_results.html",
    );
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
