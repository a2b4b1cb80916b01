//! Large register imports beside the organisation's other work: a busy
//! database is answered with 503 and `Retry-After`, never 500.

use reqwest::StatusCode;

use crate::harness::{RawConn, TestApp};
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
