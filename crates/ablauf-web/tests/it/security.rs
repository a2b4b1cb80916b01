//! The security sweep: sign-in, tenant isolation, roles and CSRF, tested
//! as tables over every route of `ablauf_web::routes::routes()`, each by
//! what its scope promises ([`row`]). A route added tomorrow is covered by
//! these tests without anyone adding it here; a scope added tomorrow does
//! not compile until it has its row. A route with a path parameter this
//! file does not know makes the test fail until it is taught what to put
//! there. Scopes without routes yet (the library, public pages) have their
//! extractors' decisions tested directly.

use axum::body::Body;
use axum::routing::{get, post};
use reqwest::{Method, StatusCode};
use tower::ServiceExt;

use crate::both;
use crate::harness::{Client, TestApp};
use ablauf_web::auth::{LibraryEditor, LibraryReader, PublicOrg};
use ablauf_web::routes::{Route, Scope};
use ablauf_web::{AppState, WebConfig};

/// What the sweep holds every route of a scope to.
struct Row {
    /// Someone not signed in is refused (401, or the sign-in page).
    signed_out_refused: bool,
    /// A member of another organisation gets 404 for every method.
    other_org_not_found: bool,
    /// What a Betrachter's request with any method but GET gets.
    viewer_writes: ViewerWrites,
    /// Anyone but the operator is refused (403), GET included.
    operator_only: bool,
    /// Anyone but a library editor is refused (403) for any method but GET.
    library_editors_write: bool,
    /// Anyone but a library editor is refused (403), GET included.
    library_editors_only: bool,
}

enum ViewerWrites {
    /// 403: the scope's changes need more than a Betrachter has.
    Refused,
    /// Allowed: the person's own things (account, tokens, signing out).
    OwnThings,
    /// 405: the scope only reads.
    NoWrites,
}

/// Each scope's row; a new scope does not compile until it has one.
fn row(scope: Scope) -> Row {
    let none = Row {
        signed_out_refused: false,
        other_org_not_found: false,
        viewer_writes: ViewerWrites::OwnThings,
        operator_only: false,
        library_editors_write: false,
        library_editors_only: false,
    };
    match scope {
        Scope::Entry => none,
        Scope::Public => Row {
            viewer_writes: ViewerWrites::NoWrites,
            ..none
        },
        Scope::SignedIn => Row {
            signed_out_refused: true,
            ..none
        },
        Scope::Org => Row {
            signed_out_refused: true,
            other_org_not_found: true,
            viewer_writes: ViewerWrites::Refused,
            ..none
        },
        Scope::Library => Row {
            signed_out_refused: true,
            viewer_writes: ViewerWrites::Refused,
            library_editors_write: true,
            ..none
        },
        Scope::Editorial => Row {
            signed_out_refused: true,
            viewer_writes: ViewerWrites::Refused,
            library_editors_only: true,
            ..none
        },
        Scope::Operator => Row {
            signed_out_refused: true,
            viewer_writes: ViewerWrites::Refused,
            operator_only: true,
            ..none
        },
    }
}

/// The routes of the table for which `pick` holds.
fn routes_where(pick: impl Fn(&Row) -> bool) -> Vec<Route> {
    ablauf_web::routes::routes()
        .into_iter()
        .filter(|r| pick(&row(r.scope)))
        .collect()
}

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];
const SECRET_UNIT: &str = "Geheim-Einheit-7f3a";

/// Ids of organisation A's things to put into the paths.
struct Ids {
    org: String,
    user: String,
    unit: String,
    grade: String,
    token: String,
    process: String,
    area: String,
    entry: String,
    import: String,
    query: String,
    proposal: String,
}

async fn ids_of_musterstadt(app: &TestApp) -> (Ids, String) {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = ablauf_store::OrgId(org.parse().unwrap());
    let actor = ablauf_store::Actor::system("Test");
    let unit = app
        .store
        .create_org_unit(
            &actor,
            oid,
            &ablauf_store::UnitInput {
                parent_id: None,
                name: SECRET_UNIT.into(),
                short_name: String::new(),
                positions: None,
            },
        )
        .await
        .unwrap();
    let grade = app.store.list_pay_grades(oid).await.unwrap().remove(0);
    let area = app
        .store
        .create_area(&actor, oid, None, "Kernprozesse")
        .await
        .unwrap();
    let entry = app
        .store
        .create_reference_entry(
            &actor,
            oid,
            ablauf_domain::ReferenceKind::ItSystem,
            SECRET_UNIT,
            "",
            "",
        )
        .await
        .unwrap();
    let process = app
        .store
        .create_process(
            &actor,
            oid,
            &ablauf_store::Save {
                area_id: Some(area.id),
                status: ablauf_domain::process::Status::Dokumentiert,
                profile: ablauf_domain::process::Profile {
                    name: SECRET_UNIT.into(),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let modeller: ablauf_store::UserId = ablauf_store::UserId(
        app.user_id("modellierer@musterstadt.example")
            .await
            .parse()
            .unwrap(),
    );
    let import = app
        .store
        .put_pending_import(
            oid,
            modeller,
            ablauf_domain::ImportKind::Register,
            "register.csv",
            r#"{"rows":[],"items":[],"ignored_columns":[]}"#,
        )
        .await
        .unwrap();
    let query = app
        .store
        .save_pattern_query(
            &ablauf_store::Actor::system("Test"),
            oid,
            "Faxe",
            r#"{"sequence":[{"medium":"fax"}]}"#,
        )
        .await
        .unwrap();
    let proposal = app
        .store
        .create_proposal(
            &actor,
            oid,
            &ablauf_store::library::NewProposal {
                process_id: process.id,
                process_version: process.version,
                template_id: None,
                base: None,
                name: SECRET_UNIT.into(),
                note: String::new(),
                content: "{}".into(),
                mapping: "{}".into(),
            },
        )
        .await
        .unwrap();
    let c = app.client();
    let a_token = c.token("modellierer@musterstadt.example").await;
    let token_id = app
        .store
        .list_api_tokens(ablauf_store::UserId(
            app.user_id("modellierer@musterstadt.example")
                .await
                .parse()
                .unwrap(),
        ))
        .await
        .unwrap()
        .remove(0)
        .id
        .to_string();
    (
        Ids {
            user: app.user_id("modellierer@musterstadt.example").await,
            unit: unit.id.to_string(),
            grade: grade.id.to_string(),
            token: token_id,
            process: process.id.to_string(),
            area: area.id.to_string(),
            entry: entry.id.to_string(),
            import: import.to_string(),
            query: query.id.to_string(),
            proposal: proposal.id.to_string(),
            org,
        },
        a_token,
    )
}

/// The path with its parameters filled from `ids`, or None for routes that
/// name nothing of an organisation or person (public assets).
fn fill(path: &str, ids: &Ids) -> Option<String> {
    if path.starts_with("/assets/") {
        return None;
    }
    Some(fill_all(path, ids))
}

/// The path with every parameter filled from `ids`.
fn fill_all(path: &str, ids: &Ids) -> String {
    let mut out = path.to_owned();
    for (param, value) in [
        ("{org}", ids.org.as_str()),
        ("{user}", ids.user.as_str()),
        ("{unit}", ids.unit.as_str()),
        ("{grade}", ids.grade.as_str()),
        ("{token}", ids.token.as_str()),
        ("{link}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ("{process}", ids.process.as_str()),
        ("{version}", "1"),
        ("{area}", ids.area.as_str()),
        ("{kind}", "fachverfahren"),
        ("{entry}", ids.entry.as_str()),
        ("{import}", ids.import.as_str()),
        ("{block}", "formell-pruefen"),
        ("{category}", "inhaltliche-arbeit"),
        ("{table}", "einheiten.xlsx"),
        ("{query}", ids.query.as_str()),
        ("{proposal}", ids.proposal.as_str()),
        // A template nobody holds: the library's pages are read by every
        // signed-in person, so naming one that exists would be no refusal.
        ("{template}", "00000000-0000-4000-8000-00000000a11b"),
    ] {
        out = out.replace(param, value);
    }
    assert!(
        !out.contains('{'),
        "the security tests do not know a parameter of {path}: teach `fill` what to put there"
    );
    out
}

/// Sends `method` to `path` as a browser would (a form with the CSRF
/// token) or, with `bearer`, as a script would (a JSON body).
async fn send(
    c: &Client,
    method: &Method,
    path: &str,
    bearer: Option<&str>,
) -> (StatusCode, String) {
    let mut req = c.http.request(method.clone(), c.url(path));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    } else if method != Method::GET {
        req = req.form(&[
            ("_csrf", c.csrf().await),
            ("name", "Übernahme".into()),
            ("role", "administrator".into()),
        ]);
    }
    if bearer.is_some() && method != Method::GET {
        req = req.json(&serde_json::json!({ "name": "Übernahme" }));
    }
    let r = req.send().await.unwrap();
    (r.status(), r.text().await.unwrap_or_default())
}

both!(no_route_reaches_into_another_organization);
async fn no_route_reaches_into_another_organization(app: TestApp) {
    let (ids, a_token) = ids_of_musterstadt(&app).await;
    let audit_before = app.audit_count(&ids.org).await;
    // The attacker is an administrator, of another organisation.
    let intruder = app.signed_in("admin@beispielheim.example").await;
    let token = intruder.token("admin@beispielheim.example").await;
    let mut checked = 0;
    // Every route of an organisation: 404, as if A did not exist.
    for route in routes_where(|r| r.other_org_not_found) {
        let path = fill_all(route.path, &ids);
        for method in &METHODS {
            for bearer in [None, Some(token.as_str())] {
                let (status, body) = send(&intruder, method, &path, bearer).await;
                assert!(
                    matches!(status.as_u16(), 404 | 405),
                    "{method} {} (bearer: {}) answered {status}",
                    route.path,
                    bearer.is_some()
                );
                assert!(
                    !body.contains(SECRET_UNIT),
                    "{method} {} leaked",
                    route.path
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} requests checked");
    // Every other route that names something (A's token, a link, A's
    // organisation on the operator pages) refuses too, and leaks nothing.
    for route in routes_where(|r| !r.other_org_not_found) {
        let Some(path) = fill(route.path, &ids) else {
            continue;
        };
        if !route.path.contains('{') {
            continue; // names nothing of A; the person's own data
        }
        for method in &METHODS {
            for bearer in [None, Some(token.as_str())] {
                let (status, body) = send(&intruder, method, &path, bearer).await;
                assert!(
                    matches!(status.as_u16(), 400 | 403 | 404 | 405),
                    "{method} {} (bearer: {}) answered {status}",
                    route.path,
                    bearer.is_some()
                );
                assert!(
                    !body.contains(SECRET_UNIT),
                    "{method} {} leaked",
                    route.path
                );
                assert!(
                    !body.contains("modellierer@musterstadt.example"),
                    "{method} {} leaked A's people",
                    route.path
                );
            }
        }
    }
    assert_eq!(
        app.audit_count(&ids.org).await,
        audit_before,
        "nothing of A changed"
    );
    // A's token was not revoked through the intruder's session.
    assert_eq!(
        intruder.api_get("/api/v1/me", &a_token).await.status,
        StatusCode::OK
    );
}

both!(signed_out_requests_reach_only_entry_and_public_routes);
async fn signed_out_requests_reach_only_entry_and_public_routes(app: TestApp) {
    let (ids, _) = ids_of_musterstadt(&app).await;
    let audit_before = app.audit_count(&ids.org).await;
    let stranger = app.client();
    let mut checked = 0;
    for route in routes_where(|r| r.signed_out_refused) {
        let path = fill_all(route.path, &ids);
        for method in &METHODS {
            // A browser without a session (but with a valid CSRF token, so
            // the sign-in check is what answers), and a script with a
            // token that does not exist.
            for bearer in [None, Some("abl_gibtesnicht")] {
                let r = {
                    let mut req = stranger.http.request(method.clone(), stranger.url(&path));
                    if let Some(t) = bearer {
                        req = req.bearer_auth(t).json(&serde_json::json!({ "name": "x" }));
                    } else if *method != Method::GET {
                        req = req.form(&[("_csrf", stranger.csrf().await)]);
                    }
                    req.send().await.unwrap()
                };
                let status = r.status().as_u16();
                let location = r
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let body = r.text().await.unwrap_or_default();
                let refused = status == 401
                    || status == 405
                    || (status == 303 && location.starts_with("/anmelden"));
                assert!(
                    refused,
                    "signed out: {method} {} (bearer: {}) answered {status} {location}",
                    route.path,
                    bearer.is_some()
                );
                if route.path.starts_with("/api/") && status == 401 {
                    assert!(body.contains("\"unauthenticated\""), "{body}");
                }
                assert!(!body.contains(SECRET_UNIT));
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} requests checked");
    assert_eq!(app.audit_count(&ids.org).await, audit_before);
}

both!(a_viewer_cannot_change_anything);
async fn a_viewer_cannot_change_anything(app: TestApp) {
    let (ids, _) = ids_of_musterstadt(&app).await;
    let audit_before = app.audit_count(&ids.org).await;
    let orgs_before = app.store.count_organizations().await.unwrap();
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let token = viewer.token("betrachter@musterstadt.example").await;
    let mut checked = 0;
    // Every route, whatever its scope: any method but GET is refused (or
    // not served), except where the scope holds only the person's own
    // things (their account, their tokens, signing out).
    for route in ablauf_web::routes::routes() {
        let Some(path) = fill(route.path, &ids) else {
            continue;
        };
        let allowed: &[u16] = match row(route.scope).viewer_writes {
            // A POST that only asks: answered (200, or 400 for the empty
            // question sent here), and the audit count below shows it
            // changed nothing; other methods are not served.
            ViewerWrites::Refused if route.asks => &[200, 400, 405],
            ViewerWrites::Refused => &[403, 405],
            ViewerWrites::NoWrites => &[405],
            ViewerWrites::OwnThings => continue,
        };
        for method in METHODS.iter().filter(|m| **m != Method::GET) {
            for bearer in [None, Some(token.as_str())] {
                let (status, _) = send(&viewer, method, &path, bearer).await;
                assert!(
                    allowed.contains(&status.as_u16()),
                    "viewer: {method} {} answered {status}",
                    route.path
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} requests checked");
    // The process API's PUT and DELETE are among them.
    let process = format!(
        "/api/v1/organizations/{}/processes/{}",
        ids.org, ids.process
    );
    for method in [Method::PUT, Method::DELETE] {
        let (status, _) = send(&viewer, &method, &process, Some(&token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {process}");
    }
    assert_eq!(
        app.audit_count(&ids.org).await,
        audit_before,
        "a viewer changed something"
    );
    assert_eq!(app.store.count_organizations().await.unwrap(), orgs_before);
    // Administration pages are closed to viewers, with a German explanation.
    let r = viewer
        .get(&format!("/o/{}/verwaltung/benutzer", ids.org))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Dafür fehlt Ihnen die Berechtigung"));
}

both!(every_state_changing_route_requires_the_csrf_token);
async fn every_state_changing_route_requires_the_csrf_token(app: TestApp) {
    let (ids, _) = ids_of_musterstadt(&app).await;
    let audit_before = app.audit_count(&ids.org).await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    for route in ablauf_web::routes::paths() {
        if route == "/api/v1/auth/token" {
            continue; // takes credentials, sets no cookie
        }
        let Some(path) = fill(route, &ids) else {
            continue;
        };
        for method in METHODS.iter().filter(|m| **m != Method::GET) {
            let r = admin
                .http
                .request(method.clone(), admin.url(&path))
                .form(&[("name", "ohne Token")])
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "{method} {route} without CSRF token"
            );
        }
    }
    assert_eq!(app.audit_count(&ids.org).await, audit_before);
}

both!(operator_routes_are_for_operators);
async fn operator_routes_are_for_operators(app: TestApp) {
    let (ids, _) = ids_of_musterstadt(&app).await;
    let orgs_before = app.store.count_organizations().await.unwrap();
    // An administrator of an organisation is not the operator.
    let admin = app.signed_in("admin@musterstadt.example").await;
    let token = admin.token("admin@musterstadt.example").await;
    let routes = routes_where(|r| r.operator_only);
    assert!(!routes.is_empty());
    for route in &routes {
        let path = fill_all(route.path, &ids);
        for method in &METHODS {
            for bearer in [None, Some(token.as_str())] {
                let (status, body) = send(&admin, method, &path, bearer).await;
                assert!(
                    matches!(status.as_u16(), 403 | 405),
                    "non-operator: {method} {} answered {status}",
                    route.path
                );
                assert!(!body.contains("Gemeinde Beispielheim"));
            }
        }
    }
    let r = admin
        .post(
            "/betrieb/organisationen",
            &[
                ("name", "Fremd"),
                ("kind", "gemeinde"),
                ("email", "a@b.example"),
                ("display_name", "A"),
                ("mode", "link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.count_organizations().await.unwrap(), orgs_before);
    // The operator does get in, so the refusals above are not an accident.
    let op = app.signed_in(ablauf_demo::OPERATOR).await;
    for route in &routes {
        let path = fill_all(route.path, &ids);
        let status = op.get(&path).await.status;
        assert!(
            matches!(status.as_u16(), 200 | 405),
            "operator: GET {} answered {status}",
            route.path
        );
    }
}

/// Sends a request through a router built on the test server's database.
async fn through(
    router: &axum::Router<AppState>,
    app: &TestApp,
    method: &str,
    path: &str,
    bearer: Option<&str>,
) -> (StatusCode, String) {
    let state = AppState::new(app.store.clone(), WebConfig::default());
    let mut req = axum::http::Request::builder().method(method).uri(path);
    if let Some(t) = bearer {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = router
        .clone()
        .with_state(state)
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = StatusCode::from_u16(resp.status().as_u16()).unwrap();
    let body = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

both!(the_library_is_read_by_everyone_signed_in_and_changed_by_editors);
async fn the_library_is_read_by_everyone_signed_in_and_changed_by_editors(app: TestApp) {
    // Every library route of the table: someone who is not a library
    // editor (here an organisation's administrator) reads, but changes
    // nothing.
    let (ids, _) = ids_of_musterstadt(&app).await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let admin_token = admin.token("admin@musterstadt.example").await;
    for route in routes_where(|r| r.library_editors_write) {
        let path = fill_all(route.path, &ids);
        for method in &METHODS {
            for bearer in [None, Some(admin_token.as_str())] {
                let (status, _) = send(&admin, method, &path, bearer).await;
                let ok = if *method == Method::GET {
                    !matches!(status.as_u16(), 401 | 403)
                } else {
                    matches!(status.as_u16(), 403 | 405)
                };
                assert!(ok, "non-editor: {method} {} answered {status}", route.path);
            }
        }
    }
    // No library route exists yet: its extractors are tried on routes of
    // this test's own, and every library route the table will hold is in
    // the sweep through its row.
    let library = axum::Router::new()
        .route(
            "/bibliothek",
            get(|r: LibraryReader| async move { r.user.email.clone() }),
        )
        .route(
            "/bibliothek/vorlagen",
            post(|e: LibraryEditor| async move { e.user.email.clone() }),
        );
    let c = app.client();
    let viewer = c.token("betrachter@musterstadt.example").await;
    let (status, body) = through(&library, &app, "GET", "/bibliothek", Some(&viewer)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "betrachter@musterstadt.example");
    assert_eq!(
        through(&library, &app, "GET", "/bibliothek", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    // Administrators and modellers of an organisation are not the Redaktion
    // (unless named so).
    for who in [
        "admin@musterstadt.example",
        "modellierer@musterstadt.example",
    ] {
        let token = c.token(who).await;
        let (status, _) =
            through(&library, &app, "POST", "/bibliothek/vorlagen", Some(&token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(
        through(&library, &app, "POST", "/bibliothek/vorlagen", None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    // The operator's grant makes a library editor, platform-wide, whatever
    // the person's role in their organisations ...
    let user = ablauf_store::UserId(
        app.user_id("betrachter@musterstadt.example")
            .await
            .parse()
            .unwrap(),
    );
    let actor = ablauf_store::Actor::system("Test");
    app.store
        .set_library_editor(&actor, user, true)
        .await
        .unwrap();
    let (status, body) = through(
        &library,
        &app,
        "POST",
        "/bibliothek/vorlagen",
        Some(&viewer),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "betrachter@musterstadt.example");
    // ... and taking it back ends it at once.
    app.store
        .set_library_editor(&actor, user, false)
        .await
        .unwrap();
    assert_eq!(
        through(
            &library,
            &app,
            "POST",
            "/bibliothek/vorlagen",
            Some(&viewer)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // Lotse, named by the demo, writes; reading stays open to her as to
    // everyone signed in.
    let lotse = c.token("lotse@ablauf.example").await;
    assert_eq!(
        through(&library, &app, "POST", "/bibliothek/vorlagen", Some(&lotse))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        through(&library, &app, "GET", "/bibliothek", Some(&lotse))
            .await
            .0,
        StatusCode::OK
    );
}

both!(the_editors_desk_is_for_library_editors_only);
async fn the_editors_desk_is_for_library_editors_only(app: TestApp) {
    // Proposals are not for every reader: anyone but a library editor is
    // refused every route of the editors' desk, reading included, and
    // learns nothing of the proposal.
    let (ids, _) = ids_of_musterstadt(&app).await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let admin_token = admin.token("admin@musterstadt.example").await;
    let routes = routes_where(|r| r.library_editors_only);
    assert!(!routes.is_empty());
    for route in &routes {
        let path = fill_all(route.path, &ids);
        for method in &METHODS {
            for bearer in [None, Some(admin_token.as_str())] {
                let (status, body) = send(&admin, method, &path, bearer).await;
                assert!(
                    matches!(status.as_u16(), 403 | 405),
                    "non-editor: {method} {} answered {status}",
                    route.path
                );
                assert!(!body.contains(SECRET_UNIT));
            }
        }
    }
    // A library editor reads every one of them.
    let lotse = app.signed_in("lotse@ablauf.example").await;
    let token = lotse.token("lotse@ablauf.example").await;
    for route in &routes {
        let path = fill_all(route.path, &ids);
        for bearer in [None, Some(token.as_str())] {
            let (status, _) = send(&lotse, &Method::GET, &path, bearer).await;
            assert!(
                !matches!(status.as_u16(), 401 | 403),
                "editor: GET {} answered {status}",
                route.path
            );
        }
    }
}

both!(public_pages_show_active_organisations_to_anyone);
async fn public_pages_show_active_organisations_to_anyone(app: TestApp) {
    // No public page exists yet: the extractor is tried on a route of this
    // test's own.
    let public = axum::Router::new().route(
        "/oeffentlich/{org}",
        get(|p: PublicOrg| async move { p.org().name.clone() }),
    );
    let org = app.org_id("Stadt Musterstadt").await;
    let path = format!("/oeffentlich/{org}");
    assert_eq!(
        through(&public, &app, "GET", &path, None).await,
        (StatusCode::OK, "Stadt Musterstadt".to_owned())
    );
    // A member sees the same; a broken token does not matter either, since
    // nobody is asked to sign in.
    let token = app.client().token("admin@musterstadt.example").await;
    assert_eq!(
        through(&public, &app, "GET", &path, Some(&token)).await.1,
        "Stadt Musterstadt"
    );
    assert_eq!(
        through(&public, &app, "GET", &path, Some("abl_falsch"))
            .await
            .0,
        StatusCode::OK
    );
    for missing in [
        format!("/oeffentlich/{}", uuid::Uuid::new_v4()),
        "/oeffentlich/stadt-musterstadt".to_owned(),
    ] {
        assert_eq!(
            through(&public, &app, "GET", &missing, None).await.0,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    // A deactivated organisation shows nothing.
    app.store
        .set_organization_active(
            &ablauf_store::Actor::system("Test"),
            ablauf_store::OrgId(org.parse().unwrap()),
            false,
        )
        .await
        .unwrap();
    assert_eq!(
        through(&public, &app, "GET", &path, None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn every_scope_has_its_row_in_the_sweep() {
    // Each scope's routes are walked by the tests above through its row;
    // the scopes without routes yet have their extractors tested directly
    // (the two tests above). This fails when a scope gets its first route
    // and the direct test is no longer all there is, as a reminder to walk
    // the new routes with real requests too.
    let routes = ablauf_web::routes::routes();
    for scope in Scope::ALL {
        let n = routes.iter().filter(|r| r.scope == scope).count();
        let r = row(scope);
        match scope {
            Scope::Public => assert_eq!(n, 0, "{scope:?} has routes now"),
            _ => assert!(n > 0, "{scope:?} has no routes"),
        }
        assert_eq!(r.signed_out_refused, !scope.anonymous(), "{scope:?}");
    }
}

both!(malformed_and_oversized_requests_are_refused_clearly);
async fn malformed_and_oversized_requests_are_refused_clearly(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let token = admin.token("admin@musterstadt.example").await;
    let r = admin
        .http
        .post(admin.url(&format!("/api/v1/organizations/{org}/org-units")))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("JSON-Inhalt")
    );
    let big = "x".repeat(3 * 1024 * 1024);
    let r = admin
        .http
        .post(admin.url("/konto"))
        .form(&[
            ("display_name", big.as_str()),
            ("_csrf", &admin.csrf().await),
        ])
        .send()
        .await
        .unwrap();
    assert!(matches!(r.status().as_u16(), 400 | 413), "{}", r.status());
    let u = app
        .store
        .find_user_by_email("admin@musterstadt.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.display_name, "Petra Adler");
}

both!(responses_carry_security_headers);
async fn responses_carry_security_headers(app: TestApp) {
    let c = app.client();
    let r = c.http.get(c.url("/anmelden")).send().await.unwrap();
    let h = r.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("x-request-id"));
    let cookie = h["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}
