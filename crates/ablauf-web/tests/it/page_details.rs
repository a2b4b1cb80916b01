//! Details of the pages a new user stumbled on: counts in the singular,
//! the organisation switcher, limits named, the error summary naming its
//! fields, names instead of addresses, download names.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::harness::TestApp;

both!(one_organisation_one_person_in_the_singular_and_no_switcher);
async fn one_organisation_one_person_in_the_singular_and_no_switcher(app: TestApp) {
    // A new organisation with only its first administrator.
    let op = app.client();
    let token = op.token(ablauf_demo::OPERATOR).await;
    let r = op
        .api_post(
            "/api/v1/operator/organizations",
            &token,
            json!({ "name": "Gemeinde Einzeln", "kind": "gemeinde",
                    "administrator": { "email": "eins@einzeln.example", "display_name": "Ida Eins",
                                       "mode": "password", "initial_password": "lang-genug-2026" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let org = r.json()["id"].as_str().unwrap().to_owned();
    let c = app.client();
    c.login("eins@einzeln.example", "lang-genug-2026").await;
    let home = c.get(&format!("/o/{org}")).await.body;
    assert!(
        home.contains("1 aktive Person in dieser Organisation"),
        "{home}"
    );
    assert!(!home.contains("1 aktive Personen"));
    // One organisation: its name, no switcher.
    assert!(!home.contains("id=\"org-switch\""));
    assert!(home.contains("<p class=\"org-current\">Gemeinde Einzeln</p>"));
    // Several: the switcher.
    let lotse = app.signed_in("lotse@ablauf.example").await;
    let musterstadt = app.org_id("Stadt Musterstadt").await;
    let home = lotse.get(&format!("/o/{musterstadt}")).await.body;
    assert!(home.contains("id=\"org-switch\""));
    // The account links sit beside the name, not in the main navigation.
    assert!(home.contains("class=\"who\" href=\"/konto\">Frieda Lotz"));
    let nav = home
        .split("class=\"main-nav\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    assert!(!nav.contains("href=\"/konto"));
}

both!(too_long_names_the_limit_and_the_summary_names_the_fields);
async fn too_long_names_the_limit_and_the_summary_names_the_fields(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let long = "A".repeat(400);
    let r = admin
        .post(
            &format!("/o/{org}/verwaltung/einheiten"),
            &[("name", &long), ("short_name", ""), ("parent_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Die Eingabe ist zu lang: höchstens 160 Zeichen."),
        "{}",
        r.body
    );
    // Two empty required fields: the summary says which.
    let r = admin
        .post(
            &format!("/o/{org}/verwaltung/benutzer"),
            &[
                ("email", ""),
                ("display_name", ""),
                ("role", "modellierer"),
                ("mode", "link"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = r
        .body
        .split("class=\"error-summary\"")
        .nth(1)
        .unwrap()
        .split("</div>")
        .next()
        .unwrap();
    assert!(
        summary.contains("href=\"#f-email\">E-Mail-Adresse: "),
        "{summary}"
    );
    assert!(
        summary.contains("href=\"#f-display_name\">Name: "),
        "{summary}"
    );
    // The API names the limit too.
    let token = admin.token("admin@musterstadt.example").await;
    let r = admin
        .api_post(
            &format!("/api/v1/organizations/{org}/org-units"),
            &token,
            json!({ "name": long }),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["error"]["fields"]["name"]
            .as_str()
            .unwrap()
            .contains("höchstens 160 Zeichen")
    );
}

both!(versions_name_people_and_the_png_is_named_after_the_process);
async fn versions_name_people_and_the_png_is_named_after_the_process(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let r = c
        .post(
            &format!("/o/{org}/prozesse/neu"),
            &[
                ("name", "Straßensondernutzung genehmigen"),
                ("status", "identifiziert"),
                ("criticality", "normal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let base = r.location.unwrap();
    let base = base.split('?').next().unwrap();
    for page in [
        format!("{base}/versionen"),
        format!("{base}/vergleich?a=1&b=1"),
        base.to_owned(),
    ] {
        let body = c.get(&page).await.body;
        assert!(body.contains("Jonas Becker"), "{page}");
        assert!(!body.contains("modellierer@musterstadt.example"), "{page}");
    }
    // Both diagram pages name the PNG as the SVG and BPMN downloads are.
    for page in [
        format!("{base}/modell"),
        format!("{base}/modell?ansicht=lesen"),
    ] {
        let body = c.get(&page).await.body;
        if body.contains("data-png") {
            assert!(
                body.contains("data-png=\"strassensondernutzung-genehmigen\""),
                "{page}"
            );
        }
    }
    let editor = c.get(&format!("{base}/modell")).await.body;
    assert!(editor.contains("data-png=\"strassensondernutzung-genehmigen\""));
}
