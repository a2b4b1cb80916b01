//! Pattern queries across the landscape: the step index follows every
//! model change (save, restore, BPMN import, delete), also seen from a
//! second instance on the same database; organisations never see each
//! other's processes; Betrachter query but do not save queries.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::harness::{TestApp, spawn_on};
use ablauf_app::modelling;
use ablauf_domain::process::{Profile, Status};
use ablauf_model::BlockModel;
use ablauf_store::{Actor, OrgId, Save};

/// Drucken → Zeichnen → Scannen in one subprocess, then a fax.
fn paper_model() -> BlockModel {
    BlockModel::from_json(
        r#"{"subprocesses":[{"id":"sp1","name":"Bearbeitung","items":[
            {"kind":"step","id":"d1","label":"Bescheid drucken","block":"drucken","medium":"papier"},
            {"kind":"step","id":"z1","label":"Bescheid unterschreiben","block":"zeichnen-unterschreiben"},
            {"kind":"step","id":"s1","label":"Bescheid scannen","block":"scannen","itSystem":"E-Akte VIS"}]},
          {"id":"sp2","name":"Versand","items":[
            {"kind":"step","id":"f1","label":"Per Fax senden","block":"ausgang","medium":"fax","waitingMinutes":7200}]}]}"#,
    )
    .unwrap()
}

/// Everything electronic: no print, no fax.
fn digital_model() -> BlockModel {
    BlockModel::from_json(
        r#"{"subprocesses":[{"id":"sp1","items":[
            {"kind":"step","id":"e1","label":"Antrag prüfen","block":"formell-pruefen"},
            {"kind":"step","id":"e2","label":"Bescheid versenden","block":"ausgang","medium":"portal"}]}]}"#,
    )
    .unwrap()
}

fn issue_query() -> serde_json::Value {
    json!({"sequence": [{"block": "drucken"}, {"block": "zeichnen-unterschreiben"}, {"block": "scannen"}],
           "within": "subprocess", "adjacent": false})
}

async fn process(app: &TestApp, org: OrgId, name: &str) -> (ablauf_domain::ProcessId, i64) {
    let save = Save {
        area_id: None,
        status: Status::Dokumentiert,
        profile: Profile {
            name: name.into(),
            ..Default::default()
        },
        note: String::new(),
    };
    let row = app
        .store
        .create_process(&Actor::system("Test"), org, &save)
        .await
        .unwrap();
    (row.id, row.version)
}

fn org_of(s: &str) -> OrgId {
    OrgId(s.parse().unwrap())
}

/// The process ids and step ids an API answer names.
fn hits(r: &crate::harness::Resp) -> Vec<(String, serde_json::Value)> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    let list: Vec<(String, serde_json::Value)> = j["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["process_id"].as_str().unwrap().to_owned(),
                m["step_ids"].clone(),
            )
        })
        .collect();
    assert_eq!(j["total"].as_u64().unwrap() as usize, list.len());
    list
}

both!(the_step_index_follows_every_model_change);
async fn the_step_index_follows_every_model_change(app: TestApp) {
    let org_s = app.org_id("Stadt Musterstadt").await;
    let org = org_of(&org_s);
    let actor = Actor::system("Test");
    let (id, v) = process(&app, org, "Gewerbeanmeldung").await;
    let c = app.client();
    let token = c.token("betrachter@musterstadt.example").await;
    let url = format!("/api/v1/organizations/{org_s}/analysis/pattern");
    let fax = json!({"sequence": [{"medium": "fax", "min_waiting_minutes": 7200}]});
    assert!(hits(&c.api_post(&url, &token, issue_query()).await).is_empty());

    // A second instance on the same database, its index loaded before the
    // changes: it must answer them too.
    let other = spawn_on(app.db.clone(), Default::default()).await;
    let oc = other.client();
    assert!(hits(&oc.api_post(&url, &token, issue_query()).await).is_empty());

    // Saved: found, with its steps, on both instances.
    let v1 = modelling::save_model(
        &app.store,
        org,
        &actor,
        (id, ablauf_store::Which::AsIs),
        v,
        &paper_model(),
        None,
    )
    .await
    .unwrap()
    .version;
    let want = vec![(id.to_string(), json!([["d1", "z1", "s1"]]))];
    assert_eq!(hits(&c.api_post(&url, &token, issue_query()).await), want);
    assert_eq!(hits(&oc.api_post(&url, &token, issue_query()).await), want);
    let r = c.api_post(&url, &token, fax.clone()).await;
    assert_eq!(hits(&r), vec![(id.to_string(), json!([["f1"]]))]);
    assert_eq!(r.json()["matches"][0]["name"], "Gewerbeanmeldung");

    // Saved again without paper: gone.
    let v2 = modelling::save_model(
        &app.store,
        org,
        &actor,
        (id, ablauf_store::Which::AsIs),
        v1,
        &digital_model(),
        None,
    )
    .await
    .unwrap()
    .version;
    assert!(hits(&c.api_post(&url, &token, issue_query()).await).is_empty());
    assert!(hits(&oc.api_post(&url, &token, fax.clone()).await).is_empty());

    // The paper version restored: back.
    let v3 = app
        .store
        .restore_version(&actor, org, id, v2, v1, "")
        .await
        .unwrap()
        .version;
    assert_eq!(hits(&oc.api_post(&url, &token, issue_query()).await), want);

    // A BPMN import of the digital model: gone again.
    let bpmn = ablauf_bpmn::write(&ablauf_model::to_bpmn(&digital_model(), "G", &|_| None));
    let saved = modelling::bpmn::save_bpmn(
        &app.store,
        org,
        &actor,
        (id, ablauf_store::Which::AsIs),
        v3,
        &bpmn,
    )
    .await
    .unwrap();
    assert!(matches!(saved, modelling::bpmn::BpmnSaved::Saved { .. }));
    assert!(hits(&c.api_post(&url, &token, issue_query()).await).is_empty());
    let portal =
        json!({"sequence": [{"block": "formell-pruefen"}, {"medium": "portal"}], "adjacent": true});
    assert_eq!(
        hits(&oc.api_post(&url, &token, portal.clone()).await),
        vec![(id.to_string(), json!([["e1", "e2"]]))]
    );

    // A rename through the Steckbrief: the answer names the new name.
    let (row, ver) = app.store.get_process(org, id).await.unwrap();
    let mut profile = ver.profile();
    profile.name = "Gewerbe anmelden".into();
    let save = Save {
        area_id: row.area_id,
        status: row.status,
        profile,
        note: String::new(),
    };
    app.store
        .save_process(&actor, org, id, row.version, &save)
        .await
        .unwrap();
    assert_eq!(
        oc.api_post(&url, &token, portal.clone()).await.json()["matches"][0]["name"],
        "Gewerbe anmelden"
    );

    // Deleted: no longer answered, by either instance.
    app.store.delete_process(&actor, org, id).await.unwrap();
    assert!(hits(&c.api_post(&url, &token, portal.clone()).await).is_empty());
    assert!(hits(&oc.api_post(&url, &token, portal).await).is_empty());
}

both!(queries_never_cross_organisations);
async fn queries_never_cross_organisations(app: TestApp) {
    let mst = app.org_id("Stadt Musterstadt").await;
    let elb = app.org_id("Landkreis Elbtal").await;
    let actor = Actor::system("Test");
    let (ours, v) = process(&app, org_of(&mst), "Bauantrag").await;
    modelling::save_model(
        &app.store,
        org_of(&mst),
        &actor,
        (ours, ablauf_store::Which::AsIs),
        v,
        &paper_model(),
        None,
    )
    .await
    .unwrap();
    let (theirs, v) = process(&app, org_of(&elb), "Bauantrag Elbtal").await;
    modelling::save_model(
        &app.store,
        org_of(&elb),
        &actor,
        (theirs, ablauf_store::Which::AsIs),
        v,
        &paper_model(),
        None,
    )
    .await
    .unwrap();
    let c = app.client();
    let token = c.token("modellierer@musterstadt.example").await;
    let r = c
        .api_post(
            &format!("/api/v1/organizations/{mst}/analysis/pattern"),
            &token,
            issue_query(),
        )
        .await;
    assert_eq!(
        hits(&r),
        vec![(ours.to_string(), json!([["d1", "z1", "s1"]]))]
    );
    // Another organisation's landscape is not there for a non-member.
    let r = c
        .api_post(
            &format!("/api/v1/organizations/{elb}/analysis/pattern"),
            &token,
            issue_query(),
        )
        .await;
    assert!(
        matches!(r.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
        "{}",
        r.status
    );
    assert!(!r.body.contains(&theirs.to_string()));
    // The page neither.
    let web = app.signed_in("modellierer@musterstadt.example").await;
    let page = web
        .get(&format!("/o/{mst}/analysen/muster?n=1&b0=drucken&run=1"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Bauantrag"));
    assert!(!page.body.contains("Bauantrag Elbtal"));
    assert!(!page.body.contains(&theirs.to_string()));
}

both!(betrachter_query_modellierer_save_queries);
async fn betrachter_query_modellierer_save_queries(app: TestApp) {
    let org_s = app.org_id("Stadt Musterstadt").await;
    let org = org_of(&org_s);
    let (id, v) = process(&app, org, "Rechnungseingang").await;
    modelling::save_model(
        &app.store,
        org,
        &Actor::system("Test"),
        (id, ablauf_store::Which::AsIs),
        v,
        &paper_model(),
        None,
    )
    .await
    .unwrap();
    let base = format!("/o/{org_s}/analysen/muster");
    let query = "n=3&b0=drucken&b1=zeichnen-unterschreiben&b2=scannen&within=subprocess&run=1";

    // Betrachter: runs the query and sees the steps linked into the editor.
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let page = viewer.get(&format!("{base}?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("1 Prozess gefunden."), "{}", page.body);
    assert!(page.body.contains("Bescheid unterschreiben"));
    let link = format!("/o/{org_s}/prozesse/{id}/modell?schritt=z1#z1").replace('/', "&#x2f;");
    assert!(page.body.contains(&link), "{}", page.body);
    // … but cannot save it (no form, and the server refuses).
    assert!(!page.body.contains("/analysen/muster/speichern"));
    let q = json!({"sequence": [{"block": "drucken"}], "within": "process", "adjacent": false})
        .to_string();
    let r = viewer
        .post(
            &format!("{base}/speichern"),
            &[("name", "Druck"), ("query", &q)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A bad waiting time is named at its field.
    let r = viewer.get(&format!("{base}?n=1&w0=fünf&run=1")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Bitte geben Sie die Wartezeit als Zahl ein")
    );

    // Modellierer: saves, runs the saved query again, deletes it after
    // confirming.
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    let page = modeller.get(&format!("{base}?{query}")).await;
    let json_field =
        crate::harness::input_value(&page.body.replace("name=\"query\" ", "id=\"q\" "), "q")
            .map(|s| s.replace("&quot;", "\"").replace("&#x27;", "'"))
            .expect("the save form carries the query");
    let r = modeller
        .post(
            &format!("{base}/speichern"),
            &[("name", "Medienbruch Druck–Scan"), ("query", &json_field)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = modeller
        .post(
            &format!("{base}/speichern"),
            &[("name", "Medienbruch Druck–Scan"), ("query", &json_field)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Eine gespeicherte Abfrage mit diesem Namen gibt es bereits.")
    );
    let saved = ablauf_app::patterns::saved(&app.store, org).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].query.sequence.len(), 3);
    assert_eq!(saved[0].query.within, "subprocess");
    // The Betrachter sees and runs it.
    let page = viewer
        .get(&format!("{base}?gespeichert={}", saved[0].id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Medienbruch Druck–Scan"));
    assert!(page.body.contains("Bescheid scannen"));
    assert!(!page.body.contains(&format!("{}/loeschen", saved[0].id)));
    let r = viewer
        .post(&format!("{base}/{}/loeschen", saved[0].id), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Delete: a confirmation first, then gone.
    let confirm = modeller
        .get(&format!("{base}/{}/loeschen", saved[0].id))
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm
            .body
            .contains("Soll die gespeicherte Abfrage „Medienbruch Druck–Scan“ gelöscht werden?")
    );
    let r = modeller
        .post(&format!("{base}/{}/loeschen", saved[0].id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        ablauf_app::patterns::saved(&app.store, org)
            .await
            .unwrap()
            .is_empty()
    );
}

both!(invalid_queries_are_refused_in_german);
async fn invalid_queries_are_refused_in_german(app: TestApp) {
    let org_s = app.org_id("Stadt Musterstadt").await;
    let c = app.client();
    let token = c.token("betrachter@musterstadt.example").await;
    let url = format!("/api/v1/organizations/{org_s}/analysis/pattern");
    let r = c
        .api_post(&url, &token, json!({"sequence": [], "within": "amt"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let j = r.json();
    assert!(j.to_string().contains("mindestens einen Schritt"), "{j}");
    assert!(j.to_string().contains("Innerhalb"), "{j}");
    let r = c
        .api_post(
            &url,
            &token,
            json!({"sequence": [{"min_waiting_minutes": -5}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("nicht negativ"));
    let eleven: Vec<serde_json::Value> = (0..11).map(|_| json!({})).collect();
    let r = c.api_post(&url, &token, json!({"sequence": eleven})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("höchstens 10"));
    // Unknown fields are named.
    let r = c
        .api_post(&url, &token, json!({"sequence": [{"blok": "drucken"}]}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("blok"), "{}", r.body);
    // In the OpenAPI document.
    let doc = c.get("/api/openapi.json").await;
    assert!(
        doc.body
            .contains("/api/v1/organizations/{org}/analysis/pattern")
    );
}

both!(models_saved_before_the_index_are_filled_in);
async fn models_saved_before_the_index_are_filled_in(app: TestApp) {
    let org_s = app.org_id("Stadt Musterstadt").await;
    let org = org_of(&org_s);
    let (id, v) = process(&app, org, "Altbestand").await;
    modelling::save_model(
        &app.store,
        org,
        &Actor::system("Test"),
        (id, ablauf_store::Which::AsIs),
        v,
        &paper_model(),
        None,
    )
    .await
    .unwrap();
    // As a database from before the step index: no rows.
    let mut raw = app.raw().await;
    crate::raw_exec!(&mut raw, "DELETE FROM process_steps");
    crate::raw_exec!(&mut raw, "DELETE FROM step_sets");
    // The next start fills them in (migrate runs the backfill).
    let other = spawn_on(app.db.clone(), Default::default()).await;
    assert_eq!(
        other.store.backfill_steps().await.unwrap(),
        0,
        "done at start"
    );
    let c = other.client();
    let token = c.token("betrachter@musterstadt.example").await;
    let r = c
        .api_post(
            &format!("/api/v1/organizations/{org_s}/analysis/pattern"),
            &token,
            issue_query(),
        )
        .await;
    assert_eq!(
        hits(&r),
        vec![(id.to_string(), json!([["d1", "z1", "s1"]]))]
    );
}
