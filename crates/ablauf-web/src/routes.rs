//! The table of every route, each with the scope it belongs to. The router
//! is built from it, and the security tests walk the same table, so a new
//! route is covered by the sign-in, tenant and role tests of its scope
//! without anyone remembering to add it there.
//!
//! A scope says who may reach a route and through which extractor
//! ([`crate::auth::extract`]). The table is written as one group of routes
//! per scope; a scope's paths share a prefix, and the table refuses (panics
//! when it is built, a unit test builds it) a route whose path does not
//! belong to the scope it is declared in, so a route cannot slip into a
//! laxer scope than its path suggests.

use axum::Router;
use axum::routing::{MethodRouter, get, post};

use crate::state::AppState;
use crate::{api, assets, pages};

/// Who may reach a route. Each scope has its extractors and its row in the
/// security sweep (`tests/it/security.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Reachable without signing in, showing nothing of anyone: health,
    /// assets, signing in and out, one-time links, the API's description
    /// and its token exchange.
    Entry,
    /// Anonymous public pages (`/oeffentlich…`): only what an organisation
    /// released publicly, the same for everyone. Extractor: `PublicOrg`.
    /// No routes yet.
    Public,
    /// Any signed-in person, for their own things: account, tokens, the
    /// list of their organisations, and the platform's service catalogue.
    /// Extractors: `CurrentUser`, `Viewer`.
    SignedIn,
    /// One organisation, for its active members (`/o/{org}…`,
    /// `/api/v1/organizations/{org}…`); others get 404. Extractors:
    /// `OrgCtx` to read, `OrgEditor` or `OrgAdmin` to change.
    Org,
    /// The platform-wide library (`/bibliothek…`, `/api/v1/library…`):
    /// every signed-in person reads (`LibraryReader`), library editors —
    /// the Redaktion — change (`LibraryEditor`).
    Library,
    /// The library editors' own desk, nested in the library's prefixes
    /// (`/bibliothek/redaktion…`, `/api/v1/library/proposals…`): the
    /// review queue and its decisions. Proposals are not for every reader,
    /// so anyone but a library editor is refused, reading included.
    /// Extractor: `LibraryEditor`.
    Editorial,
    /// The platform's operator (`/betrieb…`, `/api/v1/operator…`):
    /// organisations and the service catalogue. Extractor: `Operator`.
    Operator,
}

/// How a scope recognises its paths.
enum Pattern {
    /// This path exactly.
    Exact(&'static str),
    /// This path and everything below it (`/konto`, `/konto/…`).
    Under(&'static str),
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match *self {
            Pattern::Exact(p) => path == p,
            Pattern::Under(p) => {
                path == p || path.strip_prefix(p).is_some_and(|r| r.starts_with('/'))
            }
        }
    }
}

impl Scope {
    pub const ALL: [Scope; 7] = [
        Scope::Entry,
        Scope::Public,
        Scope::SignedIn,
        Scope::Org,
        Scope::Library,
        Scope::Editorial,
        Scope::Operator,
    ];

    /// The scope whose prefixes this scope's prefixes lie within: a path
    /// of the inner scope belongs to it alone.
    fn nested_in(self) -> Option<Scope> {
        match self {
            Scope::Editorial => Some(Scope::Library),
            _ => None,
        }
    }

    fn patterns(self) -> &'static [Pattern] {
        use Pattern::*;
        match self {
            Scope::Entry => &[
                Exact("/healthz"),
                Exact("/readyz"),
                Under("/assets"),
                Exact("/anmelden"),
                Exact("/abmelden"),
                Under("/einrichtung"),
                Under("/zugang"),
                Exact("/api"),
                Exact("/api/openapi.json"),
                Exact("/api/v1/auth/token"),
            ],
            Scope::Public => &[Under("/oeffentlich")],
            Scope::SignedIn => &[
                Exact("/"),
                Under("/konto"),
                Exact("/organisationen"),
                Exact("/wechseln"),
                Exact("/api/v1/me"),
                Exact("/api/v1/organizations"),
                Under("/api/v1/services"),
            ],
            Scope::Org => &[Under("/o/{org}"), Under("/api/v1/organizations/{org}")],
            Scope::Library => &[Under("/bibliothek"), Under("/api/v1/library")],
            Scope::Editorial => &[
                Under("/bibliothek/redaktion"),
                Under("/api/v1/library/proposals"),
            ],
            Scope::Operator => &[Under("/betrieb"), Under("/api/v1/operator")],
        }
    }

    /// The scopes whose prefixes a path falls under (exactly one for a
    /// path that may be in the table).
    pub fn of(path: &str) -> Vec<Scope> {
        let found: Vec<Scope> = Scope::ALL
            .into_iter()
            .filter(|s| s.patterns().iter().any(|p| p.matches(path)))
            .collect();
        let outer: Vec<Scope> = found.iter().filter_map(|s| s.nested_in()).collect();
        found.into_iter().filter(|s| !outer.contains(s)).collect()
    }

    /// Whether nobody needs to sign in for the routes of this scope.
    pub fn anonymous(self) -> bool {
        matches!(self, Scope::Entry | Scope::Public)
    }
}

/// One route of the table: its scope, path and body kind.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub scope: Scope,
    pub path: &'static str,
    pub body: BodyKind,
    /// A POST that only asks (its question is too large for a query
    /// string, e.g. a pattern query): it changes nothing, so every member
    /// of the scope may send it. The security sweep checks that it writes
    /// nothing.
    pub asks: bool,
}

/// Which configured limit a route's request body has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// Forms and JSON: `max_body_bytes`.
    Form,
    /// Files (spreadsheets, BPMN, the service catalogue): `max_upload_bytes`.
    Upload,
}

/// The paths (as declared, e.g. `/o/{org}/prozesse/import`) whose bodies
/// are uploads.
pub fn upload_paths() -> &'static std::collections::HashSet<&'static str> {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    PATHS.get_or_init(|| {
        table()
            .routes
            .into_iter()
            .filter(|r| r.body == BodyKind::Upload)
            .map(|r| r.path)
            .collect()
    })
}

pub struct RouteTable {
    pub router: Router<AppState>,
    pub routes: Vec<Route>,
}

impl RouteTable {
    /// Adds the routes `add` declares, all in `scope`.
    fn scope(self, scope: Scope, add: impl FnOnce(Scoped) -> Scoped) -> Self {
        add(Scoped { table: self, scope }).table
    }

    fn add(
        mut self,
        scope: Scope,
        path: &'static str,
        body: BodyKind,
        asks: bool,
        handler: MethodRouter<AppState>,
    ) -> Self {
        let found = Scope::of(path);
        assert!(
            found == [scope],
            "{path} is declared {scope:?} but its prefix belongs to {found:?}"
        );
        self.routes.push(Route {
            scope,
            path,
            body,
            asks,
        });
        self.router = self.router.route(path, handler);
        self
    }
}

/// The table while the routes of one scope are added.
struct Scoped {
    table: RouteTable,
    scope: Scope,
}

impl Scoped {
    fn route(mut self, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        self.table = self
            .table
            .add(self.scope, path, BodyKind::Form, false, handler);
        self
    }

    /// A POST that only asks (see [`Route::asks`]).
    fn asks(mut self, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        self.table = self
            .table
            .add(self.scope, path, BodyKind::Form, true, handler);
        self
    }

    /// A route that takes a file: its body has the upload limit.
    fn upload(mut self, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        self.table = self
            .table
            .add(self.scope, path, BodyKind::Upload, false, handler);
        self
    }
}

pub fn table() -> RouteTable {
    use pages::*;
    RouteTable {
        router: Router::new(),
        routes: Vec::new(),
    }
    // Before signing in: health, assets, signing in and out, one-time
    // links, the API's description and its token exchange
    .scope(Scope::Entry, |s| {
        s.route("/healthz", get(health::healthz))
            .route("/readyz", get(health::readyz))
            .route("/assets/{file}", get(assets::serve))
            .route("/anmelden", get(login::form).post(login::submit))
            .route("/abmelden", post(login::logout))
            .route(
                "/einrichtung/{link}",
                get(links::setup_form).post(links::setup_submit),
            )
            .route("/zugang/{link}", get(links::form).post(links::submit))
            .route("/api", get(api::docs::page))
            .route("/api/openapi.json", get(api::docs::openapi_json))
            .route("/api/v1/auth/token", post(api::auth::token))
    })
    // A signed-in person: the start, their account and tokens, their
    // organisations, the service catalogue
    .scope(Scope::SignedIn, |s| {
        s.route("/", get(home::root))
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
            .route("/api/v1/me", get(api::auth::me))
            .route("/api/v1/organizations", get(api::orgs::list))
            .route("/api/v1/services", get(api::services::find))
    })
    // An organisation, for its members
    .scope(Scope::Org, |s| {
        s.route("/o/{org}", get(home::start))
            // The process register
            .route("/o/{org}/prozesse", get(register::register))
            .route(
                "/o/{org}/prozesse/neu",
                get(register::new_form).post(register::create),
            )
            .route("/o/{org}/prozesse/export", get(register_io::export))
            .upload(
                "/o/{org}/prozesse/import",
                get(register_io::import_form).post(register_io::import_upload),
            )
            .route(
                "/o/{org}/prozesse/import/{import}",
                get(register_io::import_preview).post(register_io::import_apply),
            )
            .route(
                "/o/{org}/prozesse/import/{import}/fortschritt",
                get(register_io::import_progress),
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
            // The to-be model (Soll): the same handlers, which read the
            // model from the path (`model::Chosen`).
            .route(
                "/o/{org}/prozesse/{process}/soll-modell",
                get(model::page).post(model::apply),
            )
            .route(
                "/o/{org}/prozesse/{process}/soll-modell/rueckgaengig",
                post(model::undo),
            )
            .route(
                "/o/{org}/prozesse/{process}/soll-modell.svg",
                get(model::svg),
            )
            .route(
                "/o/{org}/prozesse/{process}/soll-modell.bpmn",
                get(model::bpmn),
            )
            .route(
                "/o/{org}/prozesse/{process}/soll-bpmn-editor",
                get(model_io::editor),
            )
            .route(
                "/o/{org}/prozesse/{process}/soll-modell/anlegen",
                post(model::create_to_be),
            )
            .route(
                "/o/{org}/prozesse/{process}/soll-modell/loeschen",
                get(model::confirm_delete_to_be).post(model::delete_to_be),
            )
            .upload(
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
                "/o/{org}/prozesse/{process}/analyse",
                get(analysis::process),
            )
            .route(
                "/o/{org}/prozesse/{process}/potenzial",
                get(analysis::potential),
            )
            .route(
                "/o/{org}/prozesse/{process}/abweichungen",
                get(library_update::deviations),
            )
            .route(
                "/o/{org}/prozesse/{process}/aktualisierung",
                get(library_update::show).post(library_update::take),
            )
            .route(
                "/o/{org}/prozesse/{process}/aktualisierung/ueberspringen",
                post(library_update::skip),
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
            .route("/o/{org}/analysen", get(landscape::page))
            .route("/o/{org}/analysen/export/{table}", get(landscape::export))
            // Analyses
            // Proposals to the shared library
            .route(
                "/o/{org}/prozesse/{process}/vorschlagen",
                get(library_review::propose_form).post(library_review::propose_submit),
            )
            .route(
                "/o/{org}/bibliothek/vorschlaege",
                get(library_review::org_proposals),
            )
            .route(
                "/o/{org}/verwaltung/bibliothek",
                get(library_review::usage_form).post(library_review::usage_save),
            )
            .route(
                "/o/{org}/bibliothek/vorschlaege/{proposal}",
                get(library_review::org_proposal),
            )
            .route(
                "/o/{org}/bibliothek/vorschlaege/{proposal}/kommentare",
                post(library_review::org_comment),
            )
            .route(
                "/o/{org}/bibliothek/vorschlaege/{proposal}/erneut",
                post(library_review::org_resubmit),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}/proposals",
                post(api::library_review::propose),
            )
            .route(
                "/api/v1/organizations/{org}/proposals",
                get(api::library_review::org_list),
            )
            .route(
                "/api/v1/organizations/{org}/proposals/{proposal}",
                get(api::library_review::org_get),
            )
            .route(
                "/api/v1/organizations/{org}/proposals/{proposal}/comments",
                post(api::library_review::org_comment),
            )
            .route("/o/{org}/analysen/muster", get(patterns::page))
            .route("/o/{org}/analysen/muster/speichern", post(patterns::save))
            .route(
                "/o/{org}/analysen/muster/{query}/loeschen",
                get(patterns::confirm_delete).post(patterns::delete),
            )
            .route(
                "/o/{org}/kataloge/{kind}",
                get(register::catalog).post(register::create_entry),
            )
            .route(
                "/o/{org}/kataloge/{kind}/{entry}/loeschen",
                post(register::delete_entry),
            )
            // Administration
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
                post(blocks::set_visibility::<false, true>),
            )
            .route(
                "/o/{org}/verwaltung/bausteine/{block}/einblenden",
                post(blocks::set_visibility::<false, false>),
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
                post(blocks::set_visibility::<true, true>),
            )
            .route(
                "/o/{org}/verwaltung/baustein-kategorien/{category}/einblenden",
                post(blocks::set_visibility::<true, false>),
            )
            .route(
                "/o/{org}/verwaltung/analyse",
                get(analysis::settings_form).post(analysis::settings_save),
            )
            .route("/o/{org}/verwaltung/protokoll", get(audit::page))
            // The JSON API
            .route(
                "/api/v1/organizations/{org}/processes",
                get(api::processes::list).post(api::processes::create),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}",
                get(api::processes::get)
                    .put(api::processes::put)
                    .delete(api::processes::delete),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}/versions",
                get(api::processes::versions),
            )
            .upload(
                "/api/v1/organizations/{org}/processes/{process}/bpmn",
                get(api::models::get).put(api::models::put),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}/model",
                get(api::models::get_blocks).put(api::models::put_blocks),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}/analysis",
                get(api::analysis::process),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}/potential",
                get(api::analysis::potential),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}/template-update",
                get(api::library_update::get).post(api::library_update::post),
            )
            .route(
                "/api/v1/organizations/{org}/processes/{process}/model/soll",
                post(api::models::create_to_be).delete(api::models::delete_to_be),
            )
            .route(
                "/api/v1/organizations/{org}/analysis/landscape",
                get(api::analysis::landscape),
            )
            .route(
                "/api/v1/organizations/{org}/search",
                get(api::search::search),
            )
            .asks(
                "/api/v1/organizations/{org}/analysis/pattern",
                post(api::patterns::run),
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
            // Adopting a template of the library
            .route(
                "/o/{org}/bibliothek/{template}/uebernehmen",
                get(library_browse::adopt_form).post(library_browse::adopt_submit),
            )
            .route(
                "/api/v1/organizations/{org}/adoptions",
                post(api::library_browse::adopt),
            )
    })
    // The library: finding and reading templates
    .scope(Scope::Library, |s| {
        s.route("/bibliothek", get(library_browse::browse))
            .route(
                "/bibliothek/vorlagen/{template}",
                get(library_browse::template),
            )
            .route(
                "/bibliothek/vorlagen/{template}/versionen/{version}",
                get(library_browse::template_version),
            )
            .route("/api/v1/library/templates", get(api::library_browse::find))
            .route(
                "/api/v1/library/templates/{template}",
                get(api::library_browse::get),
            )
            .route(
                "/api/v1/library/templates/{template}/versions/{version}",
                get(api::library_browse::get_version),
            )
    })
    // The library editors' desk: the review queue and its decisions
    .scope(Scope::Editorial, |s| {
        s.route("/bibliothek/redaktion", get(library_review::queue))
            .route(
                "/bibliothek/redaktion/{proposal}",
                get(library_review::review_show),
            )
            .route(
                "/bibliothek/redaktion/{proposal}/kommentare",
                post(library_review::review_comment),
            )
            .route(
                "/bibliothek/redaktion/{proposal}/aenderungen",
                post(library_review::review_request_changes),
            )
            .route(
                "/bibliothek/redaktion/{proposal}/ablehnen",
                post(library_review::review_reject),
            )
            .route(
                "/bibliothek/redaktion/{proposal}/freigeben",
                post(library_review::review_release),
            )
            .route("/api/v1/library/proposals", get(api::library_review::queue))
            .route(
                "/api/v1/library/proposals/{proposal}",
                get(api::library_review::get),
            )
            .route(
                "/api/v1/library/proposals/{proposal}/comments",
                post(api::library_review::comment),
            )
            .route(
                "/api/v1/library/proposals/{proposal}/reject",
                post(api::library_review::reject),
            )
            .route(
                "/api/v1/library/proposals/{proposal}/request-changes",
                post(api::library_review::request_changes),
            )
            .route(
                "/api/v1/library/proposals/{proposal}/release",
                post(api::library_review::release),
            )
    })
    // The operator
    .scope(Scope::Operator, |s| {
        s.route(
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
            "/betrieb/redaktion",
            get(editors::list).post(editors::grant),
        )
        .route(
            "/betrieb/redaktion/{user}/entziehen",
            get(editors::confirm_revoke).post(editors::revoke),
        )
        .upload(
            "/betrieb/leistungen",
            get(catalogue::page).post(catalogue::upload),
        )
        // The JSON API
        .route(
            "/api/v1/operator/organizations",
            get(api::operator::list).post(api::operator::create),
        )
        .route(
            "/api/v1/operator/organizations/{org}",
            get(api::operator::get).patch(api::operator::update),
        )
        .route(
            "/api/v1/operator/organizations/{org}/members",
            get(api::operator::members),
        )
        .route(
            "/api/v1/operator/services",
            post(api::operator::import_services),
        )
        .route(
            "/api/v1/operator/library-editors",
            get(api::operator::library_editors),
        )
        .route(
            "/api/v1/operator/library-editors/{user}",
            axum::routing::put(api::operator::grant_library_editor)
                .delete(api::operator::revoke_library_editor),
        )
    })
}

/// Every route in the table with its scope, for tests.
pub fn routes() -> Vec<Route> {
    table().routes
}

/// Every path in the table, for tests.
pub fn paths() -> Vec<&'static str> {
    routes().into_iter().map(|r| r.path).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_in_the_scope_its_path_belongs_to() {
        // Building the table checks each route; this runs it.
        let routes = routes();
        assert!(routes.len() > 50);
        for scope in [Scope::Org, Scope::SignedIn, Scope::Entry, Scope::Operator] {
            assert!(routes.iter().any(|r| r.scope == scope), "{scope:?}");
        }
    }

    #[test]
    fn prefixes_decide_the_scope() {
        let cases = [
            ("/o/{org}", Scope::Org),
            ("/o/{org}/prozesse/{process}", Scope::Org),
            ("/api/v1/organizations/{org}/processes", Scope::Org),
            ("/api/v1/organizations", Scope::SignedIn),
            ("/konto/tokens", Scope::SignedIn),
            ("/", Scope::SignedIn),
            ("/betrieb/organisationen/{org}", Scope::Operator),
            ("/api/v1/operator/organizations", Scope::Operator),
            ("/bibliothek/vorlagen", Scope::Library),
            ("/api/v1/library/templates", Scope::Library),
            ("/bibliothek/redaktion", Scope::Editorial),
            ("/bibliothek/redaktion/{proposal}", Scope::Editorial),
            (
                "/api/v1/library/proposals/{proposal}/release",
                Scope::Editorial,
            ),
            ("/bibliothek/redaktionell", Scope::Library),
            ("/oeffentlich/{org}/prozesse", Scope::Public),
            ("/anmelden", Scope::Entry),
            ("/api/v1/auth/token", Scope::Entry),
        ];
        for (path, scope) in cases {
            assert_eq!(Scope::of(path), [scope], "{path}");
        }
        // A look-alike prefix is not the scope, and an unknown path has none.
        assert!(Scope::of("/betriebsrat").is_empty());
        assert!(Scope::of("/konten").is_empty());
        assert!(Scope::of("/api/v1/processes").is_empty());
        assert!(Scope::of("/api/v1/organizationsX").is_empty());
    }

    #[test]
    #[should_panic(expected = "is declared SignedIn but its prefix belongs to [Org]")]
    fn a_route_in_the_wrong_scope_is_refused() {
        let _ = table().scope(Scope::SignedIn, |s| {
            s.route("/o/{org}/geheim", get(|| async { "" }))
        });
    }

    #[test]
    #[should_panic(expected = "belongs to []")]
    fn a_route_outside_every_scope_is_refused() {
        let _ = table().scope(Scope::SignedIn, |s| {
            s.route("/irgendwo", get(|| async { "" }))
        });
    }
}
