//! The service catalogue: importing the shared LeiKa file through the
//! operator's page, the report of bad rows, a second import, lookups.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::both;
use crate::harness::{Client, TestApp};

fn shared_catalogue() -> Option<Vec<u8>> {
    let dir = std::env::var("ABLAUF_SHARED_DATA")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").into());
    match std::fs::read(format!("{dir}/leika/leika-ozg.csv")) {
        Ok(b) => Some(b),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "shared data missing under CI: {e}"
            );
            eprintln!("shared data not found ({e}); skipping");
            None
        }
    }
}

async fn upload(c: &Client, bytes: Vec<u8>, with_token: bool) -> (StatusCode, String) {
    let mut form = Form::new();
    if with_token {
        form = form.text("_csrf", c.csrf().await);
    }
    form = form.part(
        "file",
        Part::bytes(bytes)
            .file_name("leika.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let r = c
        .http
        .post(c.url("/betrieb/leistungen"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

both!(operator_imports_the_whole_catalogue_and_bad_rows_are_reported);
async fn operator_imports_the_whole_catalogue_and_bad_rows_are_reported(app: TestApp) {
    let Some(csv) = shared_catalogue() else {
        return;
    };
    let op = app.signed_in("betreiber@ablauf.example").await;
    assert!(
        op.get("/betrieb/leistungen")
            .await
            .body
            .contains("0 Leistungen")
    );

    // Without the CSRF token the upload is refused and nothing stored.
    let (status, _) = upload(&op, csv.clone(), false).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.count_services().await.unwrap(), 0);

    let (status, body) = upload(&op, csv.clone(), true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("4813 Leistungen übernommen: 4813 neu, 0 aktualisiert, 0 unverändert."),
        "{body}"
    );
    assert!(body.contains("438 Zeilen wurden nicht übernommen."));
    assert!(
        body.contains("Zeile 2: kein gültiger LeiKa-Schlüssel (14 Ziffern) („nicht im LeiKa“)")
    );
    assert!(body.contains("Zeile 5251: kein gültiger LeiKa-Schlüssel (14 Ziffern) („25323525“)"));
    assert!(body.contains("Zeile 5252: kein gültiger LeiKa-Schlüssel (14 Ziffern) („3233“)"));
    assert_eq!(app.store.count_services().await.unwrap(), 4813);

    // Again: nothing doubled, nothing changed.
    let (_, body) = upload(&op, csv.clone(), true).await;
    assert!(
        body.contains("0 neu, 0 aktualisiert, 4813 unverändert"),
        "{body}"
    );
    assert_eq!(app.store.count_services().await.unwrap(), 4813);

    // A changed row is updated in place.
    let text = String::from_utf8(csv).unwrap().replace(
        ",Abbruchgenehmigung Erteilung,",
        ",Abbruchgenehmigung – Erteilung,",
    );
    let (_, body) = upload(&op, text.into_bytes(), true).await;
    assert!(
        body.contains("0 neu, 1 aktualisiert, 4812 unverändert"),
        "{body}"
    );
    let s = app
        .store
        .get_service("99012001001000")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.name, "Abbruchgenehmigung – Erteilung");
    assert_eq!(s.ozg_service, "Abbruchgenehmigung");
    assert_eq!(s.themenfeld, "Bauen & Wohnen");

    // Lookups, as the profile's autocomplete will use them.
    let token = op.token("modellierer@musterstadt.example").await;
    let hits = op
        .api_get("/api/v1/services?q=strasse&limit=50", &token)
        .await
        .json();
    let names: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.contains("Straße")), "{names:?}");
    let by_key = op
        .api_get("/api/v1/services?q=9901200100", &token)
        .await
        .json();
    assert_eq!(by_key[0]["leika_key"], "99012001000000");
    let page = op.get("/betrieb/leistungen?q=hundesteuer").await.body;
    assert!(page.contains("Hundesteuer"));
}

both!(a_file_that_is_no_catalogue_changes_nothing);
async fn a_file_that_is_no_catalogue_changes_nothing(app: TestApp) {
    let op = app.signed_in("betreiber@ablauf.example").await;
    let (status, body) = upload(&op, b"Name;Wert\nx;1\n".to_vec(), true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Die Datei ist kein Leistungskatalog"));
    let (status, body) = upload(&op, vec![0xff, 0xfe, 0x00, 0x41], true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("nicht im Zeichensatz UTF-8"));
    let (status, body) = upload(&op, Vec::new(), true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Bitte wählen Sie eine Datei aus."));
    assert_eq!(app.store.count_services().await.unwrap(), 0);
    // Only the operator imports.
    let admin = app.signed_in("admin@musterstadt.example").await;
    let (status, _) = upload(
        &admin,
        b"leika_schluessel,leika_bezeichnung\n99000000000001,X\n".to_vec(),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.count_services().await.unwrap(), 0);
}
