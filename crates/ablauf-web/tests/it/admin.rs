//! What an organisation's administrator does: users, roles, org units, pay
//! grades, and the audit trail that records all of it.

use reqwest::StatusCode;

use crate::both;
use crate::harness::{TestApp, input_value};

both!(admin_adds_a_user_with_initial_password_and_changes_role);
async fn admin_adds_a_user_with_initial_password_and_changes_role(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let users = format!("/o/{org}/verwaltung/benutzer");

    let r = admin
        .post(
            &users,
            &[
                ("email", "falsch"),
                ("display_name", ""),
                ("role", "modellierer"),
                ("mode", "password"),
                ("initial_password", "kurz"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Bitte korrigieren Sie die folgenden Angaben")
    );
    assert!(
        r.body.contains("href=\"#f-email\""),
        "error summary links to the field"
    );
    assert!(r.body.contains("id=\"f-initial_password-error\""));

    let r = admin
        .post(
            &users,
            &[
                ("email", "Neu@Musterstadt.example"),
                ("display_name", "Nora Neumann"),
                ("role", "betrachter"),
                ("mode", "password"),
                ("initial_password", "Startpasswort-123"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("Das Startpasswort für neu@musterstadt.example ist gesetzt")
    );
    let list = admin.get(&users).await;
    assert!(list.body.contains("Nora Neumann"));

    // The same person again: refused, nothing doubled.
    let r = admin
        .post(
            &users,
            &[
                ("email", "neu@musterstadt.example"),
                ("display_name", "Nora"),
                ("role", "betrachter"),
                ("mode", "link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("gehört bereits zu dieser Organisation"));

    let nora = app.client();
    assert_eq!(
        nora.login("neu@musterstadt.example", "Startpasswort-123")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(
        nora.get(&format!("/o/{org}"))
            .await
            .body
            .contains("Ihre Rolle: Betrachter")
    );
    assert_eq!(nora.get(&users).await.status, StatusCode::FORBIDDEN);

    let uid = app.user_id("neu@musterstadt.example").await;
    let r = admin
        .post(&format!("{users}/{uid}"), &[("role", "modellierer")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        nora.get(&format!("/o/{org}"))
            .await
            .body
            .contains("Ihre Rolle: Modellierer")
    );

    let audit = admin
        .get(&format!("/o/{org}/verwaltung/protokoll?action=user"))
        .await;
    assert!(
        audit
            .body
            .contains("neu@musterstadt.example als Betrachter aufgenommen")
    );
    assert!(
        audit
            .body
            .contains("Rolle von neu@musterstadt.example geändert: Betrachter → Modellierer")
    );
}

both!(an_existing_account_joins_another_organization_without_new_password);
async fn an_existing_account_joins_another_organization_without_new_password(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let admin = app.signed_in("admin@beispielheim.example").await;
    let r = admin
        .post(
            &format!("/o/{org}/verwaltung/benutzer"),
            &[
                ("email", "modellierer@musterstadt.example"),
                ("display_name", "Jonas"),
                ("role", "betrachter"),
                ("mode", "link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("hatte bereits ein Konto"));
    assert!(
        input_value(&r.body, "f-link").is_none(),
        "no link for an existing account"
    );
    let c = app.signed_in("modellierer@musterstadt.example").await;
    assert_eq!(c.get(&format!("/o/{org}")).await.status, StatusCode::OK);
    // Its password cannot be reset from here: it belongs to another organisation too.
    let uid = app.user_id("modellierer@musterstadt.example").await;
    let r = admin
        .get(&format!("/o/{org}/verwaltung/benutzer/{uid}/zuruecksetzen"))
        .await;
    assert_eq!(
        r.location,
        Some(format!(
            "/o/{org}/verwaltung/benutzer/{uid}?hinweis=reset_other_orgs"
        ))
    );
}

both!(deactivated_user_loses_sessions_and_tokens);
async fn deactivated_user_loses_sessions_and_tokens(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let admin = app.signed_in("admin@beispielheim.example").await;
    let user = app.signed_in("modellierer@beispielheim.example").await;
    let token = user.token("modellierer@beispielheim.example").await;
    assert_eq!(
        user.api_get("/api/v1/me", &token).await.status,
        StatusCode::OK
    );
    let uid = app.user_id("modellierer@beispielheim.example").await;
    let base = format!("/o/{org}/verwaltung/benutzer/{uid}");

    // Asking first, then doing.
    let confirm = admin.get(&format!("{base}/deaktivieren")).await;
    assert!(
        confirm
            .body
            .contains("Soll Lena Vogel (modellierer@beispielheim.example) deaktiviert werden?")
    );
    let r = admin.post(&format!("{base}/deaktivieren"), &[]).await;
    assert_eq!(r.location, Some(format!("{base}?hinweis=user_deactivated")));

    assert_eq!(
        user.get(&format!("/o/{org}")).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        user.api_get("/api/v1/me", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = app.client();
    let r = again
        .login("modellierer@beispielheim.example", "demo")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Ihr Zugang ist deaktiviert"));

    admin.post(&format!("{base}/aktivieren"), &[]).await;
    assert_eq!(
        user.api_get("/api/v1/me", &token).await.status,
        StatusCode::OK
    );
    assert_eq!(user.get(&format!("/o/{org}")).await.status, StatusCode::OK);
}

both!(the_last_administrator_stays);
async fn the_last_administrator_stays(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let admin = app.signed_in("admin@beispielheim.example").await;
    let uid = app.user_id("admin@beispielheim.example").await;
    let base = format!("/o/{org}/verwaltung/benutzer/{uid}");
    let r = admin.post(&base, &[("role", "betrachter")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("mindestens eine aktive Administratorin"));
    let r = admin.post(&format!("{base}/deaktivieren"), &[]).await;
    assert_eq!(r.location, Some(format!("{base}?hinweis=last_admin")));
    assert!(
        admin
            .get(&format!("/o/{org}"))
            .await
            .body
            .contains("Ihre Rolle: Administrator")
    );
}

both!(reset_by_link_replaces_the_password);
async fn reset_by_link_replaces_the_password(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let admin = app.signed_in("admin@beispielheim.example").await;
    let victim = app.signed_in("betrachter@beispielheim.example").await;
    let uid = app.user_id("betrachter@beispielheim.example").await;
    let r = admin
        .post(
            &format!("/o/{org}/verwaltung/benutzer/{uid}/zuruecksetzen"),
            &[("mode", "link")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let link = input_value(&r.body, "f-link").unwrap();
    assert_eq!(
        victim.get("/konto").await.status,
        StatusCode::SEE_OTHER,
        "sessions end on reset"
    );
    let c = app.client();
    assert_eq!(
        c.login("betrachter@beispielheim.example", "demo")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let path = link.strip_prefix(&app.base).unwrap();
    let r = c
        .post(
            path,
            &[
                ("password", "neues Passwort 1"),
                ("password_repeat", "anderes Passwort"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("stimmen nicht überein"));
    let r = c
        .post(
            path,
            &[
                ("password", "neues Passwort 1"),
                ("password_repeat", "neues Passwort 1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        c.login("betrachter@beispielheim.example", "neues Passwort 1")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

both!(org_unit_tree_keeps_its_shape);
async fn org_unit_tree_keeps_its_shape(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let admin = app.signed_in("admin@beispielheim.example").await;
    let base = format!("/o/{org}/verwaltung/einheiten");
    let r = admin
        .post(
            &base,
            &[("name", " "), ("short_name", ""), ("parent_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Bitte füllen Sie dieses Feld aus."));

    admin
        .post(
            &base,
            &[
                ("name", "Ordnungsamt"),
                ("short_name", "OA"),
                ("parent_id", ""),
            ],
        )
        .await;
    let units = app
        .store
        .list_org_units(ablauf_store::OrgId(org.parse().unwrap()))
        .await
        .unwrap();
    let oa = units
        .iter()
        .find(|u| u.name == "Ordnungsamt")
        .unwrap()
        .id
        .to_string();
    let r = admin
        .post(
            &base,
            &[
                ("name", "Sachgebiet Friedhof"),
                ("short_name", ""),
                ("parent_id", &oa),
            ],
        )
        .await;
    assert_eq!(r.location, Some(format!("{base}?hinweis=unit_created")));
    let units = app
        .store
        .list_org_units(ablauf_store::OrgId(org.parse().unwrap()))
        .await
        .unwrap();
    let sg = units
        .iter()
        .find(|u| u.name == "Sachgebiet Friedhof")
        .unwrap()
        .id
        .to_string();

    // The list shows the child indented below its parent.
    let page = admin.get(&base).await.body;
    let oa_pos = page.find(">Ordnungsamt<").unwrap();
    let sg_pos = page.find(">Sachgebiet Friedhof<").unwrap();
    assert!(oa_pos < sg_pos);
    assert!(page.contains(&format!("class=\"depth-1\"><a href=\"{base}/{sg}\"")));

    // Moving a unit below its own child is refused.
    let r = admin
        .post(
            &format!("{base}/{oa}"),
            &[
                ("name", "Ordnungsamt"),
                ("short_name", "OA"),
                ("parent_id", &sg),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("nicht unter sich selbst"));
    // Deleting a unit with sub-units is refused, a leaf can go.
    let r = admin.post(&format!("{base}/{oa}/loeschen"), &[]).await;
    assert_eq!(
        r.location,
        Some(format!("{base}?hinweis=unit_has_children"))
    );
    assert!(
        admin
            .get(&format!("{base}/{oa}/loeschen"))
            .await
            .body
            .contains("Soll die Organisationseinheit „Ordnungsamt“ gelöscht werden?")
    );
    let r = admin.post(&format!("{base}/{sg}/loeschen"), &[]).await;
    assert_eq!(r.location, Some(format!("{base}?hinweis=unit_deleted")));
    let audit = admin
        .get(&format!("/o/{org}/verwaltung/protokoll?action=org_unit"))
        .await
        .body;
    assert!(audit.contains("Organisationseinheit „Sachgebiet Friedhof“ gelöscht"));
    assert!(!audit.contains("Entgeltgruppe „"), "filter by action");
}

both!(pay_grades_take_german_amounts);
async fn pay_grades_take_german_amounts(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let admin = app.signed_in("admin@beispielheim.example").await;
    let base = format!("/o/{org}/verwaltung/entgeltgruppen");
    let r = admin
        .post(&base, &[("name", "E 10"), ("rate", "viel")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Bitte geben Sie einen Betrag in Euro ein"));
    let r = admin
        .post(&base, &[("name", "E 10"), ("rate", "67,10 €")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(admin.get(&base).await.body.contains("67,10 €"));
    let r = admin.post(&base, &[("name", "e 10"), ("rate", "1")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Diese Entgeltgruppe gibt es bereits."));
    let audit = admin
        .get(&format!("/o/{org}/verwaltung/protokoll?q=67,10"))
        .await
        .body;
    assert!(audit.contains("Entgeltgruppe „E 10“ mit 67,10 € je Stunde angelegt"));
}

both!(audit_trail_filters_and_pages);
async fn audit_trail_filters_and_pages(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let base = format!("/o/{org}/verwaltung/protokoll");
    // The demo content itself is in the trail: the organisation, 4 people,
    // 19 units, 13 pay grades.
    let all = admin.get(&base).await.body;
    assert!(all.contains("37 Einträge"), "{all}");
    assert!(!all.contains("Seite 1 von"), "one page only");
    let oid = ablauf_store::OrgId(org.parse().unwrap());
    let actor = ablauf_store::Actor::system("Test");
    for i in 0..14 {
        app.store
            .create_pay_grade(
                &actor,
                oid,
                &format!("Zusatz {i}"),
                ablauf_domain::HourlyRate::from_cents(1000 + i),
            )
            .await
            .unwrap();
    }
    let first = admin.get(&base).await.body;
    assert!(first.contains("Seite 1 von 2"));
    assert!(first.contains("Zusatz 13"), "newest first");
    let second = admin.get(&format!("{base}?page=2")).await.body;
    assert!(second.contains("Seite 2 von 2"));
    assert!(
        second.contains("Organisation „Stadt Musterstadt“ angelegt"),
        "oldest last"
    );
    // htmx asks for the table alone.
    let r = admin
        .http
        .get(admin.url(&format!("{base}?action=pay_grade")))
        .header("hx-request", "true")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(r.contains("27 Einträge"), "{r}");
    assert!(!r.contains("<html"), "partial only");
    let actor = app.user_id("admin@musterstadt.example").await;
    let none = admin.get(&format!("{base}?actor={actor}")).await.body;
    assert!(none.contains("Keine Einträge für diesen Filter."));
    let future = admin.get(&format!("{base}?from=2999-01-01")).await.body;
    assert!(future.contains("0 Einträge"));
}
