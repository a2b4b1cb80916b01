//! The OpenAPI document (generated from the handlers' annotations) and a
//! readable, server-rendered page of it at `/api`.

use axum::Json;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use std::sync::LazyLock;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::Viewer;
use crate::auth::CsrfToken;
use crate::error::{AppError, AppResult};
use crate::templates::render;
use crate::views::{layout, public_layout};
use ablauf_app::i18n::t;

#[derive(OpenApi)]
#[openapi(
    info(title = "Ablauf API", description = "Die JSON-Schnittstelle der Prozessplattform Ablauf."),
    paths(
        super::auth::token,
        super::auth::me,
        super::orgs::list,
        super::orgs::users,
        super::orgs::org_units,
        super::orgs::create_org_unit,
        super::orgs::pay_grades,
        super::orgs::audit,
        super::services::find,
        super::processes::list,
        super::processes::create,
        super::processes::get,
        super::processes::put,
        super::processes::delete,
        super::processes::versions,
        super::models::get,
        super::models::put,
        super::models::get_blocks,
        super::models::put_blocks,
        super::analysis::process,
        super::analysis::potential,
        super::analysis::landscape,
        super::models::create_to_be,
        super::models::delete_to_be,
        super::library_update::get,
        super::library_update::post,
        super::search::search,
        super::patterns::run,
        super::library_review::propose,
        super::library_review::org_list,
        super::library_review::org_get,
        super::library_review::org_comment,
        super::library_review::queue,
        super::library_review::get,
        super::library_review::comment,
        super::library_review::reject,
        super::library_review::request_changes,
        super::library_review::release,
        super::library_browse::find,
        super::library_browse::get,
        super::library_browse::get_version,
        super::library_browse::adopt,
        super::operator::list,
        super::operator::create,
        super::operator::get,
        super::operator::update,
        super::operator::members,
        super::operator::import_services,
        super::operator::library_editors,
        super::operator::grant_library_editor,
        super::operator::revoke_library_editor,
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub static OPENAPI: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(OPENAPI.clone())
}

/// The API page: every operation with its parameters and answers, readable
/// without JavaScript. Signed-in people see it inside the usual layout.
pub async fn page(
    viewer: Result<Viewer, AppError>,
    axum::Extension(csrf): axum::Extension<CsrfToken>,
) -> AppResult<Response> {
    let json = serde_json::to_value(&*OPENAPI).map_err(|e| AppError::Internal(e.into()))?;
    let mut ops = Vec::new();
    if let Some(paths) = json["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let params: Vec<Value> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        context! {
                            name => p["name"].as_str().unwrap_or(""),
                            location => p["in"].as_str().unwrap_or(""),
                            description => p["description"].as_str().unwrap_or(""),
                        }
                    })
                    .collect();
                let responses: Vec<Value> = op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(code, r)| context! { code => code, description => r["description"].as_str().unwrap_or("") })
                    .collect();
                ops.push(context! {
                    anchor => format!("{method}-{}", path.replace(['/', '{', '}'], "-")),
                    method => method.to_uppercase(),
                    path => path,
                    tag => op["tags"][0].as_str().unwrap_or(""),
                    summary => op["summary"].as_str().unwrap_or(""),
                    description => op["description"].as_str().unwrap_or(""),
                    params => params,
                    responses => responses,
                    has_body => op.get("requestBody").is_some(),
                });
            }
        }
    }
    let layout = match &viewer {
        Ok(v) => layout(v, None, &t("api.title"), "api"),
        Err(_) => public_layout(&csrf.0, &t("api.title")),
    };
    Ok(render(
        "layout/api_docs.html",
        context! { layout => layout, ops => ops },
    )?
    .into_response())
}
