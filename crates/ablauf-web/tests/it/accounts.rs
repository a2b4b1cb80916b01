//! Signing in and out, throttling, CSRF, sessions across instances, the
//! first-start setup, one-time links, the account page.

use reqwest::StatusCode;

use crate::both;
use crate::harness::{TestApp, input_value, spawn_on};

both!(health_and_readiness);
async fn health_and_readiness(app: TestApp) {
    let c = app.client();
    let r = c.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok"));
    let r = c.get("/readyz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ready"));
}

both!(sign_in_and_out);
async fn sign_in_and_out(app: TestApp) {
    let c = app.client();
    // Signed out, a page leads to the sign-in page and back afterwards.
    let r = c.get("/konto").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some("/anmelden?weiter=%2Fkonto"));

    let r = c.login("admin@musterstadt.example", "falsch").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("E-Mail-Adresse oder Passwort ist falsch."));
    let r = c.login("niemand@musterstadt.example", "demo").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("E-Mail-Adresse oder Passwort ist falsch."));

    let r = c
        .post(
            "/anmelden",
            &[
                ("email", " Admin@Musterstadt.EXAMPLE "),
                ("password", "demo"),
                ("weiter", "/konto"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/konto"));
    let r = c.get("/konto").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("admin@musterstadt.example"));

    // The start page is the organisation's.
    let org = app.org_id("Stadt Musterstadt").await;
    assert_eq!(c.get("/").await.location, Some(format!("/o/{org}")));
    assert!(
        c.get(&format!("/o/{org}"))
            .await
            .body
            .contains("Ihre Rolle: Administrator")
    );

    let r = c.post("/abmelden", &[]).await;
    assert_eq!(r.location.as_deref(), Some("/anmelden?hinweis=signed_out"));
    assert_eq!(c.get("/konto").await.status, StatusCode::SEE_OTHER);
    assert!(
        c.get("/anmelden?hinweis=signed_out")
            .await
            .body
            .contains("Sie haben sich abgemeldet.")
    );
}

both!(open_redirects_are_refused);
async fn open_redirects_are_refused(app: TestApp) {
    let c = app.client();
    let r = c
        .post(
            "/anmelden",
            &[
                ("email", "admin@musterstadt.example"),
                ("password", "demo"),
                ("weiter", "//evil.example/x"),
            ],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/"));
}

both!(sign_in_is_throttled_per_account);
async fn sign_in_is_throttled_per_account(app: TestApp) {
    let c = app.client();
    for _ in 0..5 {
        assert_eq!(
            c.login("modellierer@musterstadt.example", "raten")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Now even the right password is refused for a while, with a clear message.
    let r = c.login("modellierer@musterstadt.example", "demo").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Zu viele fehlgeschlagene Anmeldeversuche"));
    // The API's token endpoint shares the counter.
    let r = c
        .http
        .post(c.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"email": "modellierer@musterstadt.example", "password": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Other accounts are not affected.
    assert_eq!(
        c.login("admin@musterstadt.example", "demo").await.status,
        StatusCode::SEE_OTHER
    );
}

both!(forms_without_valid_csrf_token_are_refused);
async fn forms_without_valid_csrf_token_are_refused(app: TestApp) {
    let c = app.signed_in("admin@musterstadt.example").await;
    let r = c.post_raw("/konto", &[("display_name", "Gefälscht")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Das Formular ist abgelaufen"));
    let r = c
        .post_raw(
            "/konto",
            &[
                ("display_name", "Gefälscht"),
                ("_csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The sign-in form needs it too.
    let fresh = app.client();
    let r = fresh
        .post_raw(
            "/anmelden",
            &[("email", "admin@musterstadt.example"), ("password", "demo")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Nothing changed.
    let u = app
        .store
        .find_user_by_email("admin@musterstadt.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.display_name, "Petra Adler");
    // With the token it works.
    let r = c
        .post("/konto", &[("display_name", "Petra Adler-Neu")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let u = app
        .store
        .find_user_by_email("admin@musterstadt.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.display_name, "Petra Adler-Neu");
}

both!(sessions_work_on_every_instance);
async fn sessions_work_on_every_instance(app: TestApp) {
    // Two application servers on one database: a session made on one is
    // valid on the other, and signing out on one ends it on both.
    let second = spawn_on(app.db.clone(), Default::default()).await;
    let c = app.signed_in("admin@musterstadt.example").await;
    let cookie = c.cookie("ablauf_session").unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = http
        .get(format!("{}/konto", second.base))
        .header("cookie", format!("ablauf_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    c.post("/abmelden", &[]).await;
    let r = http
        .get(format!("{}/konto", second.base))
        .header("cookie", format!("ablauf_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

both!(password_change_checks_and_ends_other_sessions);
async fn password_change_checks_and_ends_other_sessions(app: TestApp) {
    let a = app.signed_in("modellierer@musterstadt.example").await;
    let b = app.signed_in("modellierer@musterstadt.example").await;
    let r = a
        .post(
            "/konto/passwort",
            &[
                ("current_password", "falsch"),
                ("password", "kurz"),
                ("password_repeat", "kurz"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Das aktuelle Passwort ist nicht richtig."));
    assert!(r.body.contains("mindestens 10 Zeichen"));
    assert!(r.body.contains("aria-invalid=\"true\""));
    let r = a
        .post(
            "/konto/passwort",
            &[
                ("current_password", "demo"),
                ("password", "ein langes Passwort"),
                ("password_repeat", "ein langes Passwort"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(a.get("/konto").await.status, StatusCode::OK);
    assert_eq!(
        b.get("/konto").await.status,
        StatusCode::SEE_OTHER,
        "other session must end"
    );
    let c = app.client();
    assert_eq!(
        c.login("modellierer@musterstadt.example", "demo")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        c.login("modellierer@musterstadt.example", "ein langes Passwort")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

both!(first_start_setup_link_creates_the_operator_once);
async fn first_start_setup_link_creates_the_operator_once(_demo: TestApp) {
    let app = crate::harness::spawn_empty(_demo.backend).await.unwrap();
    assert_eq!(app.store.count_users().await.unwrap(), 0);
    let token = "setup-token-for-the-test-0123456789abcdefghij";
    app.store
        .create_link(
            ablauf_store::LinkPurpose::Setup,
            None,
            None,
            &ablauf_app::secret::hash(token),
            chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    let c = app.client();
    let path = format!("/einrichtung/{token}");
    assert_eq!(c.get(&path).await.status, StatusCode::OK);
    let r = c
        .post(
            &path,
            &[
                ("email", "kein-mail"),
                ("display_name", ""),
                ("password", "x"),
                ("password_repeat", "y"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("gültige E-Mail-Adresse"));
    assert!(r.body.contains("Bitte füllen Sie dieses Feld aus."));
    let fields = [
        ("email", "betrieb@land.example"),
        ("display_name", "Betrieb Land"),
        ("password", "sehr geheimes Passwort"),
        ("password_repeat", "sehr geheimes Passwort"),
    ];
    let r = c.post(&path, &fields).await;
    assert_eq!(r.location.as_deref(), Some("/anmelden?hinweis=setup_done"));
    // The link works once.
    assert_eq!(c.post(&path, &fields).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        c.login("betrieb@land.example", "sehr geheimes Passwort")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.get("/").await.location.as_deref(),
        Some("/betrieb/organisationen")
    );
}

both!(operator_creates_organization_and_admin_joins_by_link);
async fn operator_creates_organization_and_admin_joins_by_link(app: TestApp) {
    let op = app.signed_in("betreiber@ablauf.example").await;
    let r = op.get("/betrieb/organisationen").await;
    assert!(r.body.contains("Landkreis Elbtal"));
    let r = op
        .post(
            "/betrieb/organisationen",
            &[
                ("name", "Stadt Musterstadt"),
                ("kind", "stadt"),
                ("email", "x@y.example"),
                ("display_name", "X"),
                ("mode", "link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Eine Organisation mit diesem Namen gibt es bereits.")
    );
    let r = op
        .post(
            "/betrieb/organisationen",
            &[
                ("name", "Verwaltungsgemeinschaft Auental"),
                ("kind", "verwaltungsgemeinschaft"),
                ("email", "admin@auental.example"),
                ("display_name", "Anna Auer"),
                ("mode", "link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let link = input_value(&r.body, "f-link").expect("one-time link shown");
    let path = link.strip_prefix(&app.base).unwrap().to_owned();

    let admin = app.client();
    assert!(
        admin
            .get(&path)
            .await
            .body
            .contains("admin@auental.example")
    );
    let r = admin
        .post(
            &path,
            &[
                ("password", "Auental ist schön"),
                ("password_repeat", "Auental ist schön"),
            ],
        )
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some("/anmelden?hinweis=password_set")
    );
    assert_eq!(
        admin
            .login("admin@auental.example", "Auental ist schön")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let org = app.org_id("Verwaltungsgemeinschaft Auental").await;
    let start = admin.get(&format!("/o/{org}")).await;
    assert!(
        start.body.contains("Ihre Rolle: Administrator"),
        "{}",
        start.body
    );
    let audit = admin.get(&format!("/o/{org}/verwaltung/protokoll")).await;
    assert!(
        audit
            .body
            .contains("Organisation „Verwaltungsgemeinschaft Auental“ angelegt")
    );
    assert!(audit.body.contains("Bernd Betrieb"));
}

both!(a_person_in_several_organizations_switches);
async fn a_person_in_several_organizations_switches(app: TestApp) {
    let c = app.signed_in("lotse@ablauf.example").await;
    let stadt = app.org_id("Stadt Musterstadt").await;
    let kreis = app.org_id("Landkreis Elbtal").await;
    let page = c.get(&format!("/o/{stadt}")).await;
    assert!(
        page.body.contains("Gemeinde Beispielheim"),
        "the switcher lists every organisation"
    );
    let r = c.get(&format!("/wechseln?org={kreis}")).await;
    assert_eq!(r.location, Some(format!("/o/{kreis}")));
    let page = c.get(&format!("/o/{kreis}")).await;
    assert!(page.body.contains("<h1>Landkreis Elbtal</h1>"));
    assert!(page.body.contains("Redaktion der Prozessbibliothek"));
    // `/` remembers the last organisation.
    assert_eq!(c.get("/").await.location, Some(format!("/o/{kreis}")));
}

both!(operator_renames_deactivates_and_reactivates_an_organization);
async fn operator_renames_deactivates_and_reactivates_an_organization(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let path = format!("/betrieb/organisationen/{org}");
    let op = app.signed_in("betreiber@ablauf.example").await;
    let list = op.get("/betrieb/organisationen").await.body;
    assert!(list.contains(&format!("href=\"{path}\">Gemeinde Beispielheim</a>")));
    let page = op.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        input_value(&page.body, "f-name").as_deref(),
        Some("Gemeinde Beispielheim")
    );
    assert_eq!(
        op.get("/betrieb/organisationen/kein-uuid").await.status,
        StatusCode::NOT_FOUND
    );

    // A name another organisation carries is refused, the typed one kept.
    let r = op
        .post(
            &path,
            &[("name", "Stadt Musterstadt"), ("kind", "gemeinde")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Eine Organisation mit diesem Namen gibt es bereits.")
    );
    assert_eq!(
        input_value(&r.body, "f-name").as_deref(),
        Some("Stadt Musterstadt")
    );
    let r = op.post(&path, &[("name", " "), ("kind", "planet")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("aria-invalid=\"true\""));
    let audit = app.audit_count(&org).await;
    let r = op
        .post(&path, &[("name", "Stadt Beispielheim"), ("kind", "stadt")])
        .await;
    assert_eq!(r.location, Some(format!("{path}?hinweis=saved")));
    assert_eq!(app.audit_count(&org).await, audit + 1);
    let member = app.signed_in("modellierer@beispielheim.example").await;
    let token = member.token("modellierer@beispielheim.example").await;
    let start = member.get(&format!("/o/{org}")).await;
    assert!(
        start.body.contains("<h1>Stadt Beispielheim</h1>"),
        "{}",
        start.body
    );

    // Deactivating asks first, then shuts every member out (sessions and
    // tokens) without deleting anything.
    let ask = op.get(&format!("{path}/deaktivieren")).await;
    assert!(ask.body.contains("„Stadt Beispielheim“ deaktivieren?"));
    assert!(ask.body.contains("Es wird nichts gelöscht"));
    let r = op.post(&format!("{path}/deaktivieren"), &[]).await;
    assert_eq!(r.location, Some(format!("{path}?hinweis=org_deactivated")));
    assert!(
        op.get(&path)
            .await
            .body
            .contains("Diese Organisation ist deaktiviert")
    );
    // Someone who works nowhere else is signed out, their token refused.
    let r = member.get(&format!("/o/{org}")).await;
    assert!(
        r.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/anmelden")),
        "{:?}",
        r.location
    );
    assert_eq!(
        member
            .api_get(&format!("/api/v1/organizations/{org}/processes"), &token)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Somebody who also works elsewhere keeps that organisation.
    let lotse = app.signed_in("lotse@ablauf.example").await;
    let orgs = lotse.get("/organisationen").await.body;
    assert!(!orgs.contains("Stadt Beispielheim") && orgs.contains("Stadt Musterstadt"));
    assert_eq!(app.audit_count(&org).await, audit + 2);

    // Reactivating lets them back in, with everything as it was.
    let r = op.post(&format!("{path}/aktivieren"), &[]).await;
    assert_eq!(r.location, Some(format!("{path}?hinweis=org_activated")));
    assert_eq!(
        member.get(&format!("/o/{org}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        member
            .api_get(&format!("/api/v1/organizations/{org}/processes"), &token)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(app.audit_count(&org).await, audit + 3);
}

both!(cookies_carry_the_host_prefix_under_https);
async fn cookies_carry_the_host_prefix_under_https(app: TestApp) {
    // Behind HTTPS (public_url https://…) both cookies are `__Host-`
    // cookies: Secure, for the whole site, without a domain; the same value
    // under the plain name is not taken.
    let config = ablauf_web::WebConfig {
        public_url: "https://ablauf.example".into(),
        ..Default::default()
    };
    let secure = spawn_on(app.db.clone(), config).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let set_cookie = |r: &reqwest::Response| -> Vec<String> {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    let value_of = |cookie: &str| {
        cookie
            .split(';')
            .next()
            .unwrap()
            .split_once('=')
            .unwrap()
            .1
            .to_owned()
    };
    let page = http
        .get(format!("{}/anmelden", secure.base))
        .send()
        .await
        .unwrap();
    let csrf = set_cookie(&page);
    assert_eq!(csrf.len(), 1, "{csrf:?}");
    assert!(csrf[0].starts_with("__Host-ablauf_csrf="), "{csrf:?}");
    for part in ["Secure", "Path=/", "HttpOnly"] {
        assert!(csrf[0].contains(part), "{part} missing: {csrf:?}");
    }
    assert!(!csrf[0].to_lowercase().contains("domain="));
    let token = value_of(&csrf[0]);
    let r = http
        .post(format!("{}/anmelden", secure.base))
        .header("cookie", format!("__Host-ablauf_csrf={token}"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "admin@musterstadt.example"),
            ("password", "demo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(&r);
    let session = session
        .iter()
        .find(|c| c.starts_with("__Host-ablauf_session="))
        .unwrap_or_else(|| panic!("{session:?}"));
    assert!(session.contains("Secure") && session.contains("Path=/"));
    let value = value_of(session);
    let account = |cookie: String| {
        let (http, url) = (http.clone(), format!("{}/konto", secure.base));
        async move {
            http.get(url)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        account(format!("__Host-ablauf_session={value}")).await,
        StatusCode::OK
    );
    assert_eq!(
        account(format!("ablauf_session={value}")).await,
        StatusCode::SEE_OTHER
    );
}
