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

both!(bodies_have_the_configured_limit_of_their_route_kind_and_a_shaped_refusal);
async fn bodies_have_the_configured_limit_of_their_route_kind_and_a_shaped_refusal(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let token = c.token("modellierer@musterstadt.example").await;
    let mb = |n: f64| (n * 1024.0 * 1024.0) as usize;

    // 2.5 MB is a file upload well within the 20 MB: read, not refused.
    let mut file = b"Name;Notiz\nGro\xc3\x9fe Datei;".to_vec();
    file.resize(mb(2.5), b'x');
    file.push(b'\n');
    let r = c
        .upload(&format!("/o/{org}/prozesse/import"), "gross.csv", file)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let created = c
        .api_post(
            &format!("/api/v1/organizations/{org}/processes"),
            &token,
            serde_json::json!({ "profile": { "name": "Gross" } }),
        )
        .await
        .json();
    let bpmn = format!(
        "/api/v1/organizations/{org}/processes/{}/bpmn",
        created["id"].as_str().unwrap()
    );
    let put = |bytes: Vec<u8>| {
        let req = c
            .http
            .put(c.url(&bpmn))
            .bearer_auth(&token)
            .header("if-match", "\"1\"")
            .header("content-type", "application/xml")
            .body(bytes);
        async move { req.send().await.unwrap() }
    };
    let mut big = b"<?xml version=\"1.0\"?><!--".to_vec();
    big.resize(mb(2.5), b' ');
    big.extend_from_slice(b"-->");
    let r = put(big).await;
    assert_ne!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Beyond the upload limit: 413 as the API's JSON error, naming it.
    let r = put(vec![b' '; mb(20.5)]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_large");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("höchstens 20 MB"),
        "{body}"
    );
    // A page upload beyond it: the German error page.
    let r = c
        .upload(
            &format!("/o/{org}/prozesse/import"),
            "riesig.csv",
            vec![b'x'; mb(20.5)],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("<html"), "{}", r.body);
    assert!(r.body.contains("höchstens 20 MB"), "{}", r.body);
    // JSON beyond the form/JSON limit (2 MB), even to an upload-free route.
    let r = c
        .http
        .post(c.url(&format!("/api/v1/organizations/{org}/processes")))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(format!(
            "{{\"profile\":{{\"name\":\"{}\"}}}}",
            "x".repeat(mb(2.5))
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("höchstens 2 MB"),
        "{body}"
    );
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
}

both!(control_characters_are_refused_naming_the_field_on_every_backend);
async fn control_characters_are_refused_naming_the_field_on_every_backend(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let token = c.token("modellierer@musterstadt.example").await;
    let api = format!("/api/v1/organizations/{org}");
    // JSON: a name with NUL, a keyword with a bell; 400 naming the field.
    for (profile, field) in [
        (serde_json::json!({ "name": "A\u{0}B" }), "profile.name"),
        (
            serde_json::json!({ "name": "A", "keywords": ["ok", "x\u{7}"] }),
            "profile.keywords[1]",
        ),
    ] {
        let r = c
            .api_post(
                &format!("{api}/processes"),
                &token,
                serde_json::json!({ "profile": profile }),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        let fields = &r.json()["error"]["fields"];
        assert!(
            fields[field].as_str().unwrap().contains("Steuerzeichen"),
            "{field}: {fields}"
        );
    }
    // Multi-line text keeps its line breaks and tabs.
    let r = c
        .api_post(
            &format!("{api}/processes"),
            &token,
            serde_json::json!({ "profile": { "name": "Zeilen", "description": "eins\r\nzwei\tdrei" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Query parameters of the API and the pages.
    for path in [
        format!("{api}/processes?service_key=%00"),
        format!("{api}/search?q=a%00"),
        format!("{api}/audit?action=%00"),
        format!("{api}/audit?q=%00"),
        "/api/v1/services?q=%00".to_owned(),
    ] {
        let r = c.api_get(&path, &token).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Steuerzeichen"),
            "{path}"
        );
    }
    for path in [
        format!("/o/{org}/prozesse?service=%00"),
        format!("/o/{org}/suche?q=%00"),
        format!("/o/{org}/verwaltung/protokoll?action=%00"),
    ] {
        let r = c.get(&path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(r.body.contains("Steuerzeichen"), "{path}: {}", r.body);
    }
    // A form: the new-process page refuses a name with NUL.
    let r = c
        .post(&format!("/o/{org}/prozesse/neu"), &[("name", "A\u{0}")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Steuerzeichen"), "{}", r.body);
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
}
