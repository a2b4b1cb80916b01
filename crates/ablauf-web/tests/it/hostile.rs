//! Hostile input (issue 14): oversized lists, redirects, control
//! characters, bodies beyond the limits. Every refusal is a clear German
//! answer in the shape the caller expects, and the server stays up.

use reqwest::StatusCode;

use crate::both;
use crate::harness::{TestApp, urlencode};

both!(oversized_lists_are_refused_with_the_limit_before_any_work);
async fn oversized_lists_are_refused_with_the_limit_before_any_work(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.client();
    let token = c.token("modellierer@musterstadt.example").await;
    let processes = format!("/api/v1/organizations/{org}/processes");
    let keywords: Vec<String> = (0..160_000).map(|i| format!("k{i}")).collect();
    let units: Vec<String> = (0..5_000)
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let r = c
        .api_post(
            &processes,
            &token,
            serde_json::json!({ "profile": {
                "name": "Viel",
                "keywords": keywords,
                "participating_units": units,
                "legal_bases": units,
                "documents": units,
            } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields = &r.json()["error"]["fields"];
    assert!(
        fields["keywords"].as_str().unwrap().contains("30"),
        "{fields}"
    );
    for f in ["participating_units", "legal_bases", "documents"] {
        assert!(fields[f].as_str().unwrap().contains("200"), "{f}: {fields}");
    }
    // Many duplicates of few keywords are still fine.
    let same: Vec<&str> = (0..50_000)
        .map(|i| ["Gewerbe", "gewerbe", " Anzeige "][i % 3])
        .collect();
    let r = c
        .api_post(
            &processes,
            &token,
            serde_json::json!({ "profile": { "name": "Doppelt", "keywords": same } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.json()["profile"]["keywords"],
        serde_json::json!(["Gewerbe", "Anzeige"])
    );

    // A model far beyond any drawn by hand: one finding naming the limit.
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let steps: Vec<serde_json::Value> = (0..6_000)
        .map(|i| serde_json::json!({ "kind": "step", "id": format!("s{i}") }))
        .collect();
    let model = serde_json::json!({ "subprocesses": [{ "id": "sp", "items": steps }] });
    let r = c
        .http
        .put(c.url(&format!("{processes}/{id}/model")))
        .bearer_auth(&token)
        .header("if-match", "\"1\"")
        .json(&model)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.unwrap();
    let findings = body["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{body}");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("mehr als 5.000 Elemente")
    );
}

both!(after_sign_in_only_paths_of_this_site_are_followed);
async fn after_sign_in_only_paths_of_this_site_are_followed(app: TestApp) {
    let email = "modellierer@musterstadt.example";
    for hostile in [
        "/\t/evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/.//evil.example/",
        "/\r\nSet-Cookie: x=1",
        "https://evil.example/",
        "evil.example",
        "/\u{0}",
    ] {
        let c = app.client();
        let page = c
            .get(&format!("/anmelden?weiter={}", urlencode(hostile)))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{hostile:?}");
        let r = c
            .post(
                "/anmelden",
                &[("email", email), ("password", "demo"), ("weiter", hostile)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{hostile:?}: {}", r.body);
        assert_eq!(r.location.as_deref(), Some("/"), "{hostile:?}");
    }
    let c = app.client();
    let r = c
        .post(
            "/anmelden",
            &[
                ("email", email),
                ("password", "demo"),
                ("weiter", "/hilfe?x=a b"),
            ],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/hilfe?x=a%20b"));
}
