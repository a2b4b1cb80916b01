//! Large register imports beside the organisation's other work: written in
//! batches so that other writers get in between, all or nothing, with
//! their progress shown; a busy database is answered with 503 and
//! `Retry-After`, never 500.

use ablauf_app::register::import::{self, Checked};
use ablauf_app::sheet;
use ablauf_domain::process::{Profile, Status};
use ablauf_store::{Actor, OrgId, Save, UserId};
use reqwest::StatusCode;

use crate::harness::{RawConn, TestApp, spawn_on};
use crate::register_io::{col, count, csv, upload};
use crate::{both, raw_exec};

const BUSY: &str = "Die Datenbank ist gerade ausgelastet – bitte gleich noch einmal versuchen.";

/// Another connection holding the write lock: on SQLite the database's, on
/// PostgreSQL the register's tables.
async fn hold_write_lock(app: &TestApp) -> RawConn {
    let mut c = app.raw().await;
    match app.backend {
        ablauf_store::Backend::Sqlite => raw_exec!(&mut c, "BEGIN IMMEDIATE"),
        ablauf_store::Backend::Postgres => {
            raw_exec!(&mut c, "BEGIN");
            raw_exec!(
                &mut c,
                "LOCK TABLE processes, process_areas IN EXCLUSIVE MODE"
            );
        }
    }
    c
}

both!(a_busy_database_answers_503_with_retry_after);
async fn a_busy_database_answers_503_with_retry_after(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let token = c.token("modellierer@musterstadt.example").await;
    let api = format!("/api/v1/organizations/{org}/processes");
    // Once before, so that the session's and token's first use are written.
    assert_eq!(c.api_get(&api, &token).await.status, StatusCode::OK);
    assert_eq!(
        c.get(&format!("/o/{org}/prozesse")).await.status,
        StatusCode::OK
    );

    let mut lock = hold_write_lock(&app).await;
    let body = serde_json::json!({ "profile": { "name": "Wohngeld" } });
    let areas = format!("/o/{org}/prozesse/bereiche");
    let (api_resp, page_resp) = tokio::join!(
        c.http
            .post(c.url(&api))
            .bearer_auth(&token)
            .json(&body)
            .send(),
        c.post(&areas, &[("name", "Kernprozesse"), ("parent_id", "")])
    );
    raw_exec!(&mut lock, "ROLLBACK");

    let api_resp = api_resp.unwrap();
    assert_eq!(api_resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api_resp.headers()["retry-after"], "2");
    let e: serde_json::Value = api_resp.json().await.unwrap();
    assert_eq!(e["error"]["code"], "busy");
    assert_eq!(e["error"]["message"], BUSY);

    assert_eq!(page_resp.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page_resp.body.contains(BUSY), "{}", page_resp.body);
    assert!(page_resp.body.contains("<html"), "an HTML page");

    // Once the lock is free, the same write goes through.
    let r = c.api_post(&api, &token, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

/// A second server on the test's database that applies imports in batches
/// of `rows` rows.
async fn with_batches(app: &TestApp, rows: usize) -> TestApp {
    let config = ablauf_web::WebConfig {
        import_batch_rows: rows,
        ..Default::default()
    };
    spawn_on(app.db.clone(), config).await
}

fn process(name: &str, description: &str) -> Save {
    Save {
        area_id: None,
        status: Status::Dokumentiert,
        profile: Profile {
            name: name.into(),
            description: description.into(),
            ..Default::default()
        },
        note: String::new(),
    }
}

/// Processes of these names, each at version 1 with the description
/// "vorher".
async fn processes(app: &TestApp, oid: OrgId, names: &[&str]) -> Vec<ablauf_store::ProcessId> {
    let mut ids = Vec::new();
    for name in names {
        let row = app
            .store
            .create_process(&Actor::system("Test"), oid, &process(name, "vorher"))
            .await
            .unwrap();
        ids.push(row.id);
    }
    ids
}

/// The Modellierer's import at `preview` (its URL), begun as the server
/// begins it, with its checked rows; no batch written yet.
async fn begun(app: &TestApp, oid: OrgId, preview: &str) -> (ablauf_store::ImportId, Checked) {
    let import: ablauf_store::ImportId = preview.rsplit('/').next().unwrap().parse().unwrap();
    let user = UserId(
        app.user_id("modellierer@musterstadt.example")
            .await
            .parse()
            .unwrap(),
    );
    let (pending, checked) = import::pending(&app.store, oid, user, import)
        .await
        .unwrap();
    app.store
        .begin_import_run(oid, user, import, &pending.file_name, checked.items.len())
        .await
        .unwrap();
    (import, checked)
}

both!(an_apply_that_fails_midway_leaves_the_register_as_before);
async fn an_apply_that_fails_midway_leaves_the_register_as_before(app: TestApp) {
    let app = with_batches(&app, 2).await;
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let actor = Actor::system("Test");
    let ids = processes(
        &app,
        oid,
        &["Anmeldung", "Bauantrag", "Camping", "Dienstsiegel"],
    )
    .await;
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let (_, _, export) = c
        .get_bytes(&format!("/o/{org}/prozesse/export?format=csv"))
        .await;
    let book = sheet::read(&export).unwrap();
    let headers: Vec<&str> = book.headers.iter().map(String::as_str).collect();
    let mut rows: Vec<Vec<String>> = book.rows.iter().map(|(_, r)| r.clone()).collect();
    for r in &mut rows {
        r[col(&book, "Kurzbeschreibung")] = "aus der Tabelle".into();
    }
    // A new process first: the first batch creates it and changes one.
    let mut new = vec![String::new(); headers.len()];
    new[col(&book, "Name")] = "Zweitwohnungsteuer".into();
    rows.insert(0, new);
    let last = rows.last().unwrap()[col(&book, "Prozess-ID")].clone();
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let (url, preview) = upload(&c, &org, "gross.csv", csv(&headers, &rows)).await;
    assert!(preview.contains("1 neu, 4 geändert"), "{preview}");

    // Someone saves the process of the last row before the import gets
    // there: the third batch fails, after two batches were written.
    let last: ablauf_store::ProcessId = last.parse().unwrap();
    app.store
        .save_process(&actor, oid, last, 1, &process("Dienstsiegel", "von Petra"))
        .await
        .unwrap();
    let r = c.post(&url, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Der Import wurde nicht übernommen, nichts wurde gespeichert. Zeile 6"),
        "{}",
        r.body
    );

    // The register is as before: no new process, every process at its
    // version with its text, one version each; the other's save is kept.
    assert_eq!(count(&app, oid).await, 4);
    for id in &ids {
        let (row, v) = app.store.get_process(oid, *id).await.unwrap();
        let versions = app.store.list_versions(oid, *id).await.unwrap();
        if *id == last {
            assert_eq!(row.version, 2);
            assert_eq!(v.profile().description, "von Petra");
        } else {
            assert_eq!((row.version, versions.len()), (1, 1), "{}", row.name);
            assert_eq!(v.profile().description, "vorher");
        }
    }
    let hits = c.get(&format!("/o/{org}/suche?q=zweitwohnung")).await;
    assert!(!hits.body.contains("Zweitwohnungsteuer"), "not searchable");
    let admin = app.signed_in("admin@musterstadt.example").await;
    let audit = admin.get(&format!("/o/{org}/verwaltung/protokoll")).await;
    assert!(
        audit.body.contains("Import aus „gross.csv“ zurückgenommen"),
        "{}",
        audit.body
    );
    // The preview still waits; applied again after a fresh upload it works.
    assert_eq!(c.get(&url).await.status, StatusCode::OK);
}

both!(writers_during_a_large_import_get_in_between);
async fn writers_during_a_large_import_get_in_between(app: TestApp) {
    const ROWS: usize = 3000;
    let app = with_batches(&app, 100).await;
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let token = c.token("modellierer@musterstadt.example").await;
    let names: Vec<String> = (1..=ROWS)
        .map(|i| format!("Importierter Prozess {i}"))
        .collect();
    let rows: Vec<Vec<&str>> = names.iter().map(|n| vec![n.as_str()]).collect();
    let (url, preview) = upload(&c, &org, "viele.csv", csv(&["Name"], &rows)).await;
    assert!(preview.contains("3000 neu"), "{preview}");

    // Another person writes over the API while the import runs.
    let api = format!("/api/v1/organizations/{org}/processes");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = tokio::spawn({
        let (c, api, token, stop) = (app.client(), api.clone(), token.clone(), stop.clone());
        async move {
            let mut answers = Vec::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                i += 1;
                let body = serde_json::json!({ "profile": { "name": format!("Nebenher {i}") } });
                let r = c.api_post(&api, &token, body).await;
                answers.push((r.status, r.body));
            }
            answers
        }
    });
    let r = c.post(&url, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // It goes on in the background; its progress page shows how far.
    let location = r.location.unwrap();
    assert!(location.ends_with("/fortschritt"), "{location}");
    {
        let mut page = c.get(&location).await;
        let start = std::time::Instant::now();
        while !page.body.contains("Import übernommen") {
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            assert!(
                page.body.contains("Zeilen gespeichert") && page.body.contains("<progress"),
                "{}",
                page.body
            );
            assert!(start.elapsed().as_secs() < 120, "import did not finish");
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            page = c.get(&location).await;
        }
        assert!(
            page.body.contains("3.000 neu angelegt, 0 geändert"),
            "{}",
            page.body
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let answers = writer.await.unwrap();
    let created = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    for (status, body) in &answers {
        assert!(
            *status == StatusCode::CREATED || *status == StatusCode::SERVICE_UNAVAILABLE,
            "{status}: {body}"
        );
    }
    assert!(created > 0, "some writes got in during the import");
    assert_eq!(count(&app, oid).await, (ROWS + created) as i64);
}

both!(an_import_whose_server_stopped_midway_is_taken_back);
async fn an_import_whose_server_stopped_midway_is_taken_back(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let actor = Actor::system("Test");
    let kept = app
        .store
        .create_process(&actor, oid, &process("Anmeldung", "vorher"))
        .await
        .unwrap();
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let id = kept.id.to_string();
    let file = csv(
        &["Prozess-ID", "Version", "Name", "Kurzbeschreibung"],
        &[
            vec![id.as_str(), "1", "Anmeldung", "aus der Tabelle"],
            vec!["", "", "Zweitwohnungsteuer", ""],
            vec!["", "", "Hundesteuer", ""],
        ],
    );
    let (url, _) = upload(&c, &org, "halb.csv", file).await;
    // The server wrote the first batch and ended: what the store holds then.
    let (import, checked) = begun(&app, oid, &url).await;
    app.store
        .apply_import_batch(&actor, oid, import, &checked.items[..2])
        .await
        .unwrap();
    assert_eq!(count(&app, oid).await, 2, "half applied");
    let mut raw = app.raw().await;
    raw_exec!(
        &mut raw,
        "UPDATE import_runs SET updated_at = $1 WHERE id = $2",
        chrono::Utc::now() - chrono::Duration::minutes(5),
        import
    );

    // Its importer opens the progress page: the run is taken back.
    let page = c.get(&format!("{url}/fortschritt")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Import nicht übernommen"),
        "{}",
        page.body
    );
    assert!(page.body.contains("unterbrochen"), "{}", page.body);
    assert_eq!(count(&app, oid).await, 1);
    let (row, v) = app.store.get_process(oid, kept.id).await.unwrap();
    assert_eq!(row.version, 1);
    assert_eq!(v.profile().description, "vorher");
    // Applied again, it goes through whole.
    let r = c.post(&url, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count(&app, oid).await, 3);
}

both!(taking_an_import_back_keeps_what_others_saved_meanwhile);
async fn taking_an_import_back_keeps_what_others_saved_meanwhile(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let actor = Actor::system("Test");
    let ids = processes(&app, oid, &["Anmeldung", "Bauantrag"]).await;
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let (a, b) = (ids[0].to_string(), ids[1].to_string());
    let file = csv(
        &["Prozess-ID", "Version", "Name", "Kurzbeschreibung"],
        &[
            vec![a.as_str(), "1", "Anmeldung", "aus der Tabelle"],
            vec![b.as_str(), "1", "Bauantrag", "aus der Tabelle"],
        ],
    );
    let (url, _) = upload(&c, &org, "x.csv", file).await;
    let (import, checked) = begun(&app, oid, &url).await;
    app.store
        .apply_import_batch(&actor, oid, import, &checked.items)
        .await
        .unwrap();
    // Petra saves the imported version of the first process.
    app.store
        .save_process(&actor, oid, ids[0], 2, &process("Anmeldung", "von Petra"))
        .await
        .unwrap();
    let undone = app
        .store
        .undo_import_run(&actor, oid, import, "Test", 500)
        .await
        .unwrap();
    assert_eq!((undone.undone, undone.kept), (1, 1));
    let (row, v) = app.store.get_process(oid, ids[0]).await.unwrap();
    assert_eq!(
        (row.version, v.profile().description.as_str()),
        (3, "von Petra")
    );
    let (row, v) = app.store.get_process(oid, ids[1]).await.unwrap();
    assert_eq!(
        (row.version, v.profile().description.as_str()),
        (1, "vorher")
    );
    assert_eq!(app.store.list_versions(oid, ids[1]).await.unwrap().len(), 1);
}
