//! The table of every route. The router is built from it, and the security
//! tests walk the same table, so a new route is covered by the tenant and
//! role tests without anyone remembering to add it there.

use axum::Router;
use axum::routing::{MethodRouter, get, post};

use crate::state::AppState;
use crate::{api, assets, pages};

pub struct RouteTable {
    pub router: Router<AppState>,
    pub paths: Vec<&'static str>,
}

impl RouteTable {
    fn route(mut self, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        self.paths.push(path);
        self.router = self.router.route(path, handler);
        self
    }
}

pub fn table() -> RouteTable {
    use pages::*;
    RouteTable {
        router: Router::new(),
        paths: Vec::new(),
    }
    // Health and assets
    .route("/healthz", get(health::healthz))
    .route("/readyz", get(health::readyz))
    .route("/assets/{file}", get(assets::serve))
    // Signing in and out, first start, one-time links
    .route("/", get(home::root))
    .route("/anmelden", get(login::form).post(login::submit))
    .route("/abmelden", post(login::logout))
    .route(
        "/einrichtung/{link}",
        get(links::setup_form).post(links::setup_submit),
    )
    .route("/zugang/{link}", get(links::form).post(links::submit))
    // The person's own account
    .route("/konto", get(account::page).post(account::update))
    .route("/konto/passwort", post(account::change_password))
    .route(
        "/konto/tokens",
        get(account::tokens).post(account::create_token),
    )
    .route(
        "/konto/tokens/{token}/widerrufen",
        post(account::revoke_token),
    )
    .route("/organisationen", get(home::organizations))
    .route("/wechseln", get(home::switch))
    // Operator
    .route(
        "/betrieb/organisationen",
        get(operator::list).post(operator::create),
    )
    .route(
        "/betrieb/organisationen/{org}",
        get(operator::detail).post(operator::update),
    )
    .route(
        "/betrieb/organisationen/{org}/deaktivieren",
        get(operator::confirm_deactivate).post(operator::deactivate),
    )
    .route(
        "/betrieb/organisationen/{org}/aktivieren",
        post(operator::activate),
    )
    .route(
        "/betrieb/leistungen",
        get(catalogue::page).post(catalogue::upload),
    )
    // An organisation
    .route("/o/{org}", get(home::start))
    // The process register
    .route("/o/{org}/prozesse", get(register::register))
    .route(
        "/o/{org}/prozesse/neu",
        get(register::new_form).post(register::create),
    )
    .route("/o/{org}/prozesse/export", get(register_io::export))
    .route(
        "/o/{org}/prozesse/import",
        get(register_io::import_form).post(register_io::import_upload),
    )
    .route(
        "/o/{org}/prozesse/import/{import}",
        get(register_io::import_preview).post(register_io::import_apply),
    )
    .route(
        "/o/{org}/prozesse/import/{import}/verwerfen",
        post(register_io::import_discard),
    )
    .route("/o/{org}/prozesse/bereiche", post(register::create_area))
    .route(
        "/o/{org}/prozesse/bereiche/{area}/loeschen",
        post(register::delete_area),
    )
    .route("/o/{org}/prozesse/{process}", get(register::show))
    .route(
        "/o/{org}/prozesse/{process}/modell",
        get(model::page).post(model::apply),
    )
    .route(
        "/o/{org}/prozesse/{process}/modell/rueckgaengig",
        post(model::undo),
    )
    .route("/o/{org}/prozesse/{process}/modell.svg", get(model::svg))
    .route("/o/{org}/prozesse/{process}/modell.bpmn", get(model::bpmn))
    .route(
        "/o/{org}/prozesse/{process}/bpmn-editor",
        get(model_io::editor),
    )
    .route(
        "/o/{org}/prozesse/{process}/bpmn-import",
        get(model_io::import_form).post(model_io::import_upload),
    )
    .route(
        "/o/{org}/prozesse/{process}/bpmn-import/{import}",
        get(model_io::import_preview).post(model_io::import_apply),
    )
    .route(
        "/o/{org}/prozesse/{process}/bpmn-import/{import}/verwerfen",
        post(model_io::import_discard),
    )
    .route(
        "/o/{org}/prozesse/{process}/bearbeiten",
        get(register::edit_form).post(register::update),
    )
    .route(
        "/o/{org}/prozesse/{process}/versionen",
        get(register::versions),
    )
    .route(
        "/o/{org}/prozesse/{process}/vergleich",
        get(register::compare_versions),
    )
    .route(
        "/o/{org}/prozesse/{process}/versionen/{version}/wiederherstellen",
        post(register::restore),
    )
    .route(
        "/o/{org}/prozesse/{process}/freigeben",
        post(register::release),
    )
    .route(
        "/o/{org}/prozesse/{process}/loeschen",
        get(register::confirm_delete).post(register::delete),
    )
    .route(
        "/o/{org}/leistungen-vorschlag",
        get(register::service_suggestions),
    )
    .route("/o/{org}/suche", get(search::page))
    .route(
        "/o/{org}/kataloge/{kind}",
        get(register::catalog).post(register::create_entry),
    )
    .route(
        "/o/{org}/kataloge/{kind}/{entry}/loeschen",
        post(register::delete_entry),
    )
    .route(
        "/o/{org}/verwaltung/benutzer",
        get(users::list).post(users::create),
    )
    .route(
        "/o/{org}/verwaltung/benutzer/{user}",
        get(users::edit).post(users::update),
    )
    .route(
        "/o/{org}/verwaltung/benutzer/{user}/deaktivieren",
        get(users::confirm_deactivate).post(users::deactivate),
    )
    .route(
        "/o/{org}/verwaltung/benutzer/{user}/aktivieren",
        post(users::activate),
    )
    .route(
        "/o/{org}/verwaltung/benutzer/{user}/zuruecksetzen",
        get(users::confirm_reset).post(users::reset),
    )
    .route(
        "/o/{org}/verwaltung/einheiten",
        get(units::list).post(units::create),
    )
    .route(
        "/o/{org}/verwaltung/einheiten/{unit}",
        get(units::edit).post(units::update),
    )
    .route(
        "/o/{org}/verwaltung/einheiten/{unit}/loeschen",
        get(units::confirm_delete).post(units::delete),
    )
    .route(
        "/o/{org}/verwaltung/entgeltgruppen",
        get(grades::list).post(grades::create),
    )
    .route(
        "/o/{org}/verwaltung/entgeltgruppen/{grade}",
        get(grades::edit).post(grades::update),
    )
    .route(
        "/o/{org}/verwaltung/entgeltgruppen/{grade}/loeschen",
        get(grades::confirm_delete).post(grades::delete),
    )
    .route(
        "/o/{org}/verwaltung/bausteine",
        get(blocks::list).post(blocks::create_block),
    )
    .route(
        "/o/{org}/verwaltung/bausteine/{block}",
        get(blocks::edit_block).post(blocks::update_block),
    )
    .route(
        "/o/{org}/verwaltung/bausteine/{block}/ausblenden",
        post(blocks::hide_block),
    )
    .route(
        "/o/{org}/verwaltung/bausteine/{block}/einblenden",
        post(blocks::show_block),
    )
    .route(
        "/o/{org}/verwaltung/baustein-kategorien",
        post(blocks::create_category),
    )
    .route(
        "/o/{org}/verwaltung/baustein-kategorien/{category}",
        get(blocks::edit_category).post(blocks::update_category),
    )
    .route(
        "/o/{org}/verwaltung/baustein-kategorien/{category}/ausblenden",
        post(blocks::hide_category),
    )
    .route(
        "/o/{org}/verwaltung/baustein-kategorien/{category}/einblenden",
        post(blocks::show_category),
    )
    .route("/o/{org}/verwaltung/protokoll", get(audit::page))
    // The JSON API and its description
    .route("/api", get(api::docs::page))
    .route("/api/openapi.json", get(api::docs::openapi_json))
    .route("/api/v1/auth/token", post(api::auth::token))
    .route("/api/v1/me", get(api::auth::me))
    .route("/api/v1/organizations", get(api::orgs::list))
    .route("/api/v1/services", get(api::services::find))
    .route("/api/v1/search", get(api::search::search))
    .route(
        "/api/v1/processes",
        get(api::processes::list).post(api::processes::create),
    )
    .route(
        "/api/v1/processes/{process}",
        get(api::processes::get)
            .put(api::processes::put)
            .delete(api::processes::delete),
    )
    .route(
        "/api/v1/processes/{process}/versions",
        get(api::processes::versions),
    )
    .route(
        "/api/v1/processes/{process}/bpmn",
        get(api::models::get).put(api::models::put),
    )
    .route("/api/v1/organizations/{org}/users", get(api::orgs::users))
    .route(
        "/api/v1/organizations/{org}/org-units",
        get(api::orgs::org_units).post(api::orgs::create_org_unit),
    )
    .route(
        "/api/v1/organizations/{org}/pay-grades",
        get(api::orgs::pay_grades),
    )
    .route("/api/v1/organizations/{org}/audit", get(api::orgs::audit))
}

/// Every path in the table, for tests.
pub fn paths() -> Vec<&'static str> {
    table().paths
}
