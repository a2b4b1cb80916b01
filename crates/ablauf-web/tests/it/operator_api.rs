//! The operator's API: every organisation, creating, renaming,
//! deactivating and reactivating one, its members, the service catalogue.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both;
use crate::harness::{Client, TestApp};

const OPS: &str = "/api/v1/operator";

async fn operator(app: &TestApp) -> (Client, String) {
    let c = app.client();
    let token = c.token(ablauf_demo::OPERATOR).await;
    (c, token)
}

async fn patch(
    c: &Client,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> crate::harness::Resp {
    c.api_send(
        Method::PATCH,
        path,
        token,
        Some(("application/json", body.to_string().into_bytes())),
    )
    .await
}

both!(the_operator_sees_every_organisation_and_its_members);
async fn the_operator_sees_every_organisation_and_its_members(app: TestApp) {
    let (c, token) = operator(&app).await;
    let r = c.api_get(&format!("{OPS}/organizations"), &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let orgs = r.json();
    let names: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    for name in [
        "Gemeinde Beispielheim",
        "Landkreis Elbtal",
        "Stadt Musterstadt",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let musterstadt = orgs
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Stadt Musterstadt")
        .unwrap();
    assert_eq!(musterstadt["kind"], "stadt");
    assert_eq!(musterstadt["active"], true);
    assert_eq!(musterstadt["members"], 4);
    // Its members, as its administrators see them.
    let id = musterstadt["id"].as_str().unwrap();
    let r = c
        .api_get(&format!("{OPS}/organizations/{id}/members"), &token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let members = r.json();
    let admin = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "admin@musterstadt.example")
        .unwrap();
    assert_eq!(admin["display_name"], "Petra Adler");
    assert_eq!(admin["role"], "administrator");
    assert_eq!(members.as_array().unwrap().len(), 4);
    // An organisation that does not exist is 404.
    let r = c
        .api_get(
            &format!("{OPS}/organizations/{}/members", uuid::Uuid::nil()),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The list of one's own organisations stays what it says.
    let r = c.api_get("/api/v1/organizations", &token).await;
    assert_eq!(r.json(), json!([]));
}

both!(operator_routes_refuse_everyone_else);
async fn operator_routes_refuse_everyone_else(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.client();
    let admin = c.token("admin@musterstadt.example").await;
    for (method, path) in [
        (Method::GET, format!("{OPS}/organizations")),
        (Method::POST, format!("{OPS}/organizations")),
        (Method::GET, format!("{OPS}/organizations/{org}")),
        (Method::PATCH, format!("{OPS}/organizations/{org}")),
        (Method::GET, format!("{OPS}/organizations/{org}/members")),
        (Method::POST, format!("{OPS}/services")),
    ] {
        let body = Some(("application/json", br#"{"active":false}"#.to_vec()));
        let r = c.api_send(method.clone(), &path, &admin, body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert!(r.json()["error"]["message"].is_string(), "{}", r.body);
    }
    let o = app
        .store
        .get_organization(ablauf_store::OrgId(org.parse().unwrap()))
        .await
        .unwrap();
    assert!(o.active);
}

both!(the_operator_creates_renames_deactivates_and_reactivates);
async fn the_operator_creates_renames_deactivates_and_reactivates(app: TestApp) {
    let (c, token) = operator(&app).await;
    let orgs = format!("{OPS}/organizations");
    let new = json!({
        "name": "Gemeinde Neudorf",
        "kind": "gemeinde",
        "administrator": { "email": "chefin@neudorf.example", "display_name": "Ida Neumann" },
    });
    let r = c.api_post(&orgs, &token, new.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["members"], 1);
    assert_eq!(created["administrator"]["email"], "chefin@neudorf.example");
    assert!(
        created["administrator"]["link"]
            .as_str()
            .unwrap()
            .contains("/zugang/")
    );
    // The same name again is a conflict; a bad kind and a bad address are
    // named.
    let r = c.api_post(&orgs, &token, new).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = c
        .api_post(
            &orgs,
            &token,
            json!({ "name": "X", "kind": "dorf",
                    "administrator": { "email": "kein", "display_name": "Y" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let fields = &r.json()["error"]["fields"];
    assert!(
        fields["kind"].is_string() && fields["email"].is_string(),
        "{}",
        r.body
    );

    // Rename, keeping the kind.
    let one = format!("{orgs}/{id}");
    let r = patch(
        &c,
        &one,
        &token,
        json!({ "name": "Gemeinde Neudorf am See" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["name"], "Gemeinde Neudorf am See");
    assert_eq!(r.json()["kind"], "gemeinde");
    let r = patch(&c, &one, &token, json!({ "name": "" })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.json()["error"]["fields"]["name"].is_string());
    // Deactivate and reactivate.
    let r = patch(&c, &one, &token, json!({ "active": false })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["active"], false);
    let r = c.api_get(&one, &token).await;
    assert_eq!(r.json()["active"], false);
    assert_eq!(r.json()["name"], "Gemeinde Neudorf am See");
    let r = patch(&c, &one, &token, json!({ "active": true })).await;
    assert_eq!(r.json()["active"], true);
    // The operator pages show the same.
    let page = app
        .signed_in(ablauf_demo::OPERATOR)
        .await
        .get("/betrieb/organisationen")
        .await
        .body;
    assert!(page.contains("Gemeinde Neudorf am See"));
}

both!(the_operator_imports_the_service_catalogue);
async fn the_operator_imports_the_service_catalogue(app: TestApp) {
    let (c, token) = operator(&app).await;
    let csv = "leika_schluessel,leika_bezeichnung,typisierung,rechtsgrundlage,ozg_id,ozg_leistung,lebenslage,themenfeld\n\
99999999999901,Testleistung Alpha,3,,1,Alpha,Leben,Thema\n\
kaputt,Testleistung Beta,3,,1,Beta,Leben,Thema\n";
    let r = c
        .api_send(
            Method::POST,
            &format!("{OPS}/services"),
            &token,
            Some(("text/csv", csv.as_bytes().to_vec())),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let report = r.json();
    assert_eq!(report["inserted"], 1);
    assert_eq!(report["taken"], 1);
    assert_eq!(report["rejected"][0]["line"], 3);
    assert!(
        report["rejected"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Zeile 3:")
    );
    let r = c.api_get("/api/v1/services?q=Testleistung", &token).await;
    assert_eq!(r.json()[0]["name"], "Testleistung Alpha");
    // A file that is no catalogue stores nothing and says why.
    let r = c
        .api_send(
            Method::POST,
            &format!("{OPS}/services"),
            &token,
            Some(("text/csv", b"nichts;hier\n".to_vec())),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.json()["error"]["message"].is_string());
}
