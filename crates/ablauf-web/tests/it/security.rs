//! Tenant isolation, roles and CSRF, tested as tables over every route of
//! `ablauf_web::routes::paths()`: a route added tomorrow is covered by
//! these tests without anyone adding it here. A route with a path
//! parameter this file does not know makes the test fail until it is
//! taught what to put there.

use reqwest::{Method, StatusCode};

use crate::both;
use crate::harness::{Client, TestApp};

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
        .create_catalog_entry(&actor, oid, "it_system", SECRET_UNIT, "", "")
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
            "register",
            "register.csv",
            r#"{"rows":[],"items":[],"ignored_columns":[]}"#,
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
    ] {
        out = out.replace(param, value);
    }
    assert!(
        !out.contains('{'),
        "the security tests do not know a parameter of {path}: teach `fill` what to put there"
    );
    Some(out)
}

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
    for route in ablauf_web::routes::paths() {
        let Some(path) = fill(route, &ids) else {
            continue;
        };
        if !route.contains('{') {
            continue; // names nothing of A; the person's own data
        }
        for method in &METHODS {
            for bearer in [None, Some(token.as_str())] {
                let (status, body) = send(&intruder, method, &path, bearer).await;
                assert!(
                    matches!(status.as_u16(), 400 | 403 | 404 | 405),
                    "{method} {route} (bearer: {}) answered {status}",
                    bearer.is_some()
                );
                assert!(
                    !body.contains(SECRET_UNIT),
                    "{method} {route} leaked A's data"
                );
                assert!(
                    !body.contains("modellierer@musterstadt.example"),
                    "{method} {route} leaked A's people"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} requests checked");
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

both!(a_viewer_cannot_change_anything);
async fn a_viewer_cannot_change_anything(app: TestApp) {
    let (ids, _) = ids_of_musterstadt(&app).await;
    let audit_before = app.audit_count(&ids.org).await;
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let token = viewer.token("betrachter@musterstadt.example").await;
    for route in ablauf_web::routes::paths()
        .into_iter()
        .filter(|r| r.contains("{org}"))
    {
        let path = fill(route, &ids).unwrap();
        for method in METHODS.iter().filter(|m| **m != Method::GET) {
            for bearer in [None, Some(token.as_str())] {
                let (status, _) = send(&viewer, method, &path, bearer).await;
                assert!(
                    matches!(status.as_u16(), 403..=405),
                    "viewer: {method} {route} answered {status}"
                );
            }
        }
    }
    assert_eq!(
        app.audit_count(&ids.org).await,
        audit_before,
        "a viewer changed something"
    );
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

both!(operator_pages_are_for_operators);
async fn operator_pages_are_for_operators(app: TestApp) {
    let admin = app.signed_in("admin@musterstadt.example").await;
    assert_eq!(
        admin.get("/betrieb/organisationen").await.status,
        StatusCode::FORBIDDEN
    );
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
    assert_eq!(app.store.count_organizations().await.unwrap(), 3);
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
