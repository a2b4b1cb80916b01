//! The JSON API and its OpenAPI document.

use reqwest::StatusCode;

use crate::both;
use crate::harness::TestApp;

both!(token_me_and_organizations);
async fn token_me_and_organizations(app: TestApp) {
    let c = app.client();
    let r = c
        .http
        .post(c.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"email": "lotse@ablauf.example", "password": "falsch"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthenticated");

    let token = c.token("lotse@ablauf.example").await;
    assert!(token.starts_with("abl_"));
    let me = c.api_get("/api/v1/me", &token).await.json();
    assert_eq!(me["email"], "lotse@ablauf.example");
    assert_eq!(me["organizations"].as_array().unwrap().len(), 3);
    let orgs = c.api_get("/api/v1/organizations", &token).await.json();
    let names: Vec<_> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "Gemeinde Beispielheim",
            "Landkreis Elbtal",
            "Stadt Musterstadt"
        ]
    );
    assert_eq!(
        c.api_get("/api/v1/me", "abl_falsch").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        c.api_get("/api/v1/me", "").await.status,
        StatusCode::UNAUTHORIZED
    );
}

both!(personal_tokens_are_shown_once_and_revocable);
async fn personal_tokens_are_shown_once_and_revocable(app: TestApp) {
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let r = c.post("/konto/tokens", &[("name", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = c.post("/konto/tokens", &[("name", "Berichtsskript")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let token = crate::harness::input_value(&r.body, "f-token").expect("token shown");
    assert_eq!(c.api_get("/api/v1/me", &token).await.status, StatusCode::OK);
    let page = c.get("/konto/tokens").await.body;
    assert!(page.contains("Berichtsskript"));
    assert!(!page.contains(&token), "shown only once");
    let uid = ablauf_store::UserId(
        app.user_id("modellierer@musterstadt.example")
            .await
            .parse()
            .unwrap(),
    );
    let id = app.store.list_api_tokens(uid).await.unwrap()[0].id;
    let r = c.post(&format!("/konto/tokens/{id}/widerrufen"), &[]).await;
    assert_eq!(
        r.location.as_deref(),
        Some("/konto/tokens?hinweis=token_revoked")
    );
    assert_eq!(
        c.api_get("/api/v1/me", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
}

both!(organization_resources_by_role);
async fn organization_resources_by_role(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.client();
    let admin = c.token("admin@musterstadt.example").await;
    let modeller = c.token("modellierer@musterstadt.example").await;

    let users = c
        .api_get(&format!("/api/v1/organizations/{org}/users"), &admin)
        .await;
    assert_eq!(users.status, StatusCode::OK);
    assert_eq!(users.json().as_array().unwrap().len(), 4);
    let r = c
        .api_get(&format!("/api/v1/organizations/{org}/users"), &modeller)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "forbidden");

    let units = c
        .api_get(&format!("/api/v1/organizations/{org}/org-units"), &modeller)
        .await
        .json();
    assert_eq!(units.as_array().unwrap().len(), 19);
    let grades = c
        .api_get(
            &format!("/api/v1/organizations/{org}/pay-grades"),
            &modeller,
        )
        .await
        .json();
    assert!(
        grades
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "E 9a" && g["hourly_rate_cents"] == 5740)
    );

    let path = format!("/api/v1/organizations/{org}/org-units");
    let r = c
        .api_post(&path, &modeller, serde_json::json!({"name": "Neu"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .api_post(&path, &admin, serde_json::json!({"name": "  "}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json()["error"]["message"],
        "Bitte füllen Sie dieses Feld aus."
    );
    let r = c
        .api_post(
            &path,
            &admin,
            serde_json::json!({"name": "Digitalisierung", "short_name": "10.3"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let foreign_parent = uuid::Uuid::new_v4();
    let r = c
        .api_post(
            &path,
            &admin,
            serde_json::json!({"name": "X", "parent_id": foreign_parent}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    let audit = c
        .api_get(
            &format!("/api/v1/organizations/{org}/audit?action=org_unit&q=Digitalisierung"),
            &admin,
        )
        .await
        .json();
    assert_eq!(audit["total"], 1);
    let event = &audit["events"][0];
    assert_eq!(event["action"], "org_unit.created");
    assert_eq!(event["after"]["short_name"], "10.3");
    assert!(
        event["actor_name"]
            .as_str()
            .unwrap()
            .contains("admin@musterstadt.example")
    );
}

both!(openapi_describes_every_api_route);
async fn openapi_describes_every_api_route(app: TestApp) {
    let c = app.client();
    let doc = c.get("/api/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for route in ablauf_web::routes::paths()
        .into_iter()
        .filter(|r| r.starts_with("/api/v1/"))
    {
        assert!(
            paths.contains_key(route),
            "{route} is missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let page = c.get("/api").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .replace("&#x2f;", "/")
            .contains("/api/v1/organizations/{org}/audit")
    );
}
