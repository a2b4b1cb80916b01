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
            .any(|g| g["name"] == "E 9a" && g["hourly_rate_cents"] == 6190)
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
    // Everything of an organisation is under its path, and nothing picks
    // the organisation any other way.
    for path in paths.keys() {
        assert!(
            !path.starts_with("/api/v1/processes") && path != "/api/v1/search",
            "{path}"
        );
    }
    for path in [
        "/api/v1/organizations/{org}/processes",
        "/api/v1/organizations/{org}/processes/{process}",
        "/api/v1/organizations/{org}/processes/{process}/versions",
        "/api/v1/organizations/{org}/processes/{process}/bpmn",
        "/api/v1/organizations/{org}/processes/{process}/model",
        "/api/v1/organizations/{org}/search",
    ] {
        let item = paths[path].as_object().unwrap();
        for (method, op) in item {
            let params = op["parameters"].as_array().unwrap();
            assert!(
                params
                    .iter()
                    .any(|p| p["name"] == "org" && p["in"] == "path"),
                "{method} {path} lacks the org path parameter"
            );
        }
    }
    let text = doc.to_string();
    assert!(
        !text.contains("\"organization\""),
        "an `organization` parameter or field remains"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let page = c.get("/api").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .replace("&#x2f;", "/")
            .contains("/api/v1/organizations/{org}/audit")
    );
}

both!(a_request_that_does_not_fit_names_the_field);
async fn a_request_that_does_not_fit_names_the_field(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.client();
    let token = c.token("modellierer@musterstadt.example").await;
    let processes = format!("/api/v1/organizations/{org}/processes");
    let bad = |body: serde_json::Value| {
        let (c, processes, token) = (&c, &processes, &token);
        async move {
            let r = c.api_post(processes, token, body).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
            let e = r.json()["error"].clone();
            assert_eq!(e["code"], "bad_request");
            e
        }
    };
    let e = bad(serde_json::json!({ "profile": { "name": "A", "cases_per_year": "viele" } })).await;
    assert_eq!(e["message"], "profile.cases_per_year: keine ganze Zahl");
    assert_eq!(e["fields"]["profile.cases_per_year"], "keine ganze Zahl");
    let e = bad(serde_json::json!({ "status": "dokumentiert" })).await;
    assert_eq!(e["message"], "profile: fehlt");
    let e = bad(serde_json::json!({ "profile": { "name": "A", "keywords": ["a", 7] } })).await;
    assert_eq!(e["message"], "profile.keywords[1]: kein Text");
    let e = bad(serde_json::json!({ "profile": { "name": "A", "criticality": "egal" } })).await;
    assert_eq!(
        e["message"],
        "profile.criticality: unbekannter Wert „egal“ (erlaubt: normal, hoch, kritisch)"
    );
    let e = bad(serde_json::json!({ "profile": { "name": "A", "owner_id": "ich" } })).await;
    assert_eq!(e["message"], "profile.owner_id: keine gültige ID (UUID)");
    // Not JSON at all: where it breaks.
    let r = c
        .http
        .post(c.url(&processes))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"profile\": {\"name\": \"A\",}}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        e["error"]["message"],
        "Der JSON-Inhalt der Anfrage ist ungültig oder unvollständig (Zeile 1, Spalte 26)."
    );
    // Nothing was created by any of these.
    let list = c.api_get(&processes, &token).await;
    assert_eq!(list.json().as_array().unwrap().len(), 0);

    // Query parameters likewise, on every API route that takes them.
    for (path, expected) in [
        (format!("{processes}?limit=zehn"), "limit: keine ganze Zahl"),
        (
            format!("{processes}?area_id=keine"),
            "area_id: keine gültige ID (UUID)",
        ),
        (
            format!("{processes}?status=fertig"),
            "status: Unbekannter Status. Erlaubt sind: identifiziert, dokumentiert, modelliert, analysiert, optimiert, freigegeben.",
        ),
        (
            format!("/api/v1/organizations/{org}/search?q=a&limit=-1"),
            "limit: außerhalb des erlaubten Bereichs",
        ),
        (
            "/api/v1/services?q=a&limit=viele".to_owned(),
            "limit: keine ganze Zahl",
        ),
    ] {
        let r = c.api_get(&path, &token).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert_eq!(r.json()["error"]["message"], expected, "{path}");
    }
    let admin = c.token("admin@musterstadt.example").await;
    let r = c
        .api_get(
            &format!("/api/v1/organizations/{org}/audit?page=zwei"),
            &admin,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["fields"]["page"], "keine ganze Zahl");
}

/// A block model with one subprocess of `unit` and one step paid at `grade`.
fn block_model(unit: &str, grade: &str, label: &str) -> serde_json::Value {
    serde_json::json!({ "subprocesses": [{
        "id": "sp-eingang", "name": "Eingang", "orgUnit": unit,
        "items": [{
            "kind": "step", "id": "s-pruefen", "label": label,
            "block": "formell-pruefen", "payGrade": grade, "processingMinutes": 15.0
        }]
    }]})
}

both!(block_models_are_read_and_written_as_json);
async fn block_models_are_read_and_written_as_json(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = ablauf_store::OrgId(org.parse().unwrap());
    let unit = app.store.list_org_units(oid).await.unwrap()[0]
        .id
        .to_string();
    let grade = app.store.list_pay_grades(oid).await.unwrap()[0]
        .id
        .to_string();
    let c = app.client();
    let token = c.token("modellierer@musterstadt.example").await;
    let created = c
        .api_post(
            &format!("/api/v1/organizations/{org}/processes"),
            &token,
            serde_json::json!({ "profile": { "name": "Fundsache abgeben" } }),
        )
        .await
        .json();
    let id = created["id"].as_str().unwrap();
    let url = format!("/api/v1/organizations/{org}/processes/{id}/model");
    let put = |body: serde_json::Value, if_match: Option<&str>, token: &str| {
        let mut req = c.http.put(c.url(&url)).bearer_auth(token).json(&body);
        if let Some(v) = if_match {
            req = req.header("if-match", v);
        }
        async move {
            let r = req.send().await.unwrap();
            let etag = r
                .headers()
                .get("etag")
                .map(|e| e.to_str().unwrap().to_owned());
            (
                r.status(),
                etag,
                r.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };

    // A process without a model has an empty one, at its version.
    let r = c
        .http
        .get(c.url(&url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"1\"");
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!({})
    );

    // Written with If-Match, read back as written.
    let model = block_model(&unit, &grade, "Antrag prüfen");
    let (status, etag, body) = put(model.clone(), Some("\"1\""), &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 2);
    assert_eq!(etag.as_deref(), Some("\"2\""));
    let r = c
        .http
        .get(c.url(&url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["etag"], "\"2\"");
    assert_eq!(r.json::<serde_json::Value>().await.unwrap(), model);
    // The block editor and the BPMN route see the same model.
    let bpmn = c
        .api_get(
            &format!("/api/v1/organizations/{org}/processes/{id}/bpmn"),
            &token,
        )
        .await;
    assert!(bpmn.body.contains("Antrag prüfen"), "{}", bpmn.body);
    let page = app
        .signed_in("modellierer@musterstadt.example")
        .await
        .get(&format!("/o/{org}/prozesse/{id}/modell"))
        .await;
    assert!(page.body.contains("Antrag prüfen"));

    // Based on an old version: 409 with the current one, nothing written.
    let (status, _, body) = put(
        block_model(&unit, &grade, "veraltet"),
        Some("\"1\""),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["current"]["version"], 2);
    // Without If-Match: 400, saying what is missing.
    let (status, _, body) = put(model.clone(), None, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("If-Match"),
        "{body}"
    );
    // A model with errors: 422 with the findings.
    let mut broken = model.clone();
    broken["subprocesses"][0]["items"][0]["block"] = "gibt-es-nicht".into();
    broken["subprocesses"][0]["items"][0]["processingMinutes"] = (-5.0).into();
    let (status, _, body) = put(broken, Some("\"2\""), &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let codes: Vec<&str> = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"block-unknown") && codes.contains(&"time-negative"),
        "{codes:?}"
    );
    // Org units and pay grades of another organisation are refused.
    let other = ablauf_store::OrgId(app.org_id("Gemeinde Beispielheim").await.parse().unwrap());
    let foreign_unit = app.store.list_org_units(other).await.unwrap()[0]
        .id
        .to_string();
    let foreign_grade = app.store.list_pay_grades(other).await.unwrap()[0]
        .id
        .to_string();
    let (status, _, body) = put(
        block_model(&foreign_unit, &foreign_grade, "Antrag prüfen"),
        Some("\"2\""),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let findings = body["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["code"] == "unknown-org-unit"
        && f["id"] == "sp-eingang"
        && f["message"].as_str().unwrap().contains(&foreign_unit)));
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "unknown-pay-grade" && f["id"] == "s-pruefen")
    );
    // A body that does not fit names the field.
    let (status, _, body) = put(
        serde_json::json!({ "subprocesses": [{ "id": "a", "items": "keine" }] }),
        Some("\"2\""),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["message"],
        "subprocesses[0].items: keine Liste"
    );
    // Viewers read but do not write; other organisations see nothing.
    let viewer = c.token("betrachter@musterstadt.example").await;
    assert_eq!(c.api_get(&url, &viewer).await.status, StatusCode::OK);
    let (status, _, _) = put(model.clone(), Some("\"2\""), &viewer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let stranger = c.token("admin@beispielheim.example").await;
    assert_eq!(
        c.api_get(&url, &stranger).await.status,
        StatusCode::NOT_FOUND
    );
    // Still version 2, as written first.
    let (row, _) = app
        .store
        .get_process(oid, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(row.version, 2);
}
