//! The to-be model (Soll) beside the as-is model (Ist): created from the
//! process page as a copy of the Ist, edited in the same block editor
//! under `…/soll-modell` without touching the Ist, deleted after a
//! confirmation, carried by every version and restored with it; the same
//! through the API (`?model=soll`, `POST/DELETE …/model/soll`, If-Match);
//! a Betrachter reads it and changes nothing.

use ablauf_domain::process::{Profile, Status};
use ablauf_model::{BlockModel, Op};
use ablauf_store::{Actor, OrgId, Save, StoredModel, Which};
use reqwest::StatusCode;

use crate::both;
use crate::harness::{Client, TestApp};

struct Setup {
    org: String,
    oid: OrgId,
    id: ablauf_domain::ProcessId,
}

/// Gewerbeanmeldung with an as-is model: "Antrag annehmen" with the steps
/// s1 "Antrag geht ein" (paper) and s2 "Antrag prüfen".
async fn setup(app: &TestApp) -> Setup {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let actor = Actor::system("Test");
    let row = app
        .store
        .create_process(
            &actor,
            oid,
            &Save {
                area_id: None,
                status: Status::Dokumentiert,
                profile: Profile {
                    name: "Gewerbeanmeldung".into(),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let mut m = BlockModel::new();
    for op in [
        Op::AddSubprocess {
            after: None,
            name: "Antrag annehmen".into(),
            org_unit: None,
        },
        Op::InsertStep {
            container: "sp1".into(),
            after: None,
            block: "eingang".into(),
            label: "Antrag geht ein".into(),
        },
        Op::InsertStep {
            container: "sp1".into(),
            after: Some("s1".into()),
            block: "formell-pruefen".into(),
            label: "Antrag prüfen".into(),
        },
    ] {
        m.apply(&op).unwrap();
    }
    let stored = StoredModel {
        blocks: Some(m.to_json()),
        bpmn: None,
    };
    app.store
        .save_model(&actor, oid, row.id, Which::AsIs, row.version, &stored, "")
        .await
        .unwrap();
    Setup {
        org,
        oid,
        id: row.id,
    }
}

impl Setup {
    fn page(&self) -> String {
        format!("/o/{}/prozesse/{}", self.org, self.id)
    }

    fn to_be(&self) -> String {
        format!("/o/{}/prozesse/{}/soll-modell", self.org, self.id)
    }

    fn api(&self, tail: &str) -> String {
        format!(
            "/api/v1/organizations/{}/processes/{}/{tail}",
            self.org, self.id
        )
    }
}

/// The step labels of the as-is and the to-be model as stored now (None:
/// no to-be model).
async fn labels(app: &TestApp, s: &Setup) -> (Vec<String>, Option<Vec<String>>) {
    let (_, v) = app.store.get_process(s.oid, s.id).await.unwrap();
    let of = |json: &str| -> Vec<String> {
        BlockModel::from_json(json)
            .unwrap()
            .steps()
            .iter()
            .map(|s| s.label.clone())
            .collect()
    };
    (
        of(v.model.as_deref().expect("an as-is model")),
        v.to_be_model.as_deref().map(of),
    )
}

fn live_version(html: &str) -> String {
    regex::Regex::new(r#"name="live_version" value="(\d+)""#)
        .unwrap()
        .captures(html)
        .unwrap_or_else(|| panic!("no live version in {html}"))[1]
        .to_owned()
}

/// Posts an editor action as htmx does; returns (status, fragment).
async fn act(c: &Client, url: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let token = c.csrf().await;
    let r = c
        .http
        .post(c.url(url))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", token)
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

both!(a_to_be_model_is_created_edited_deleted_and_restored_through_the_pages);
async fn a_to_be_model_is_created_edited_deleted_and_restored_through_the_pages(app: TestApp) {
    let s = setup(&app).await;
    let c = app.signed_in("modellierer@musterstadt.example").await;

    // The process page says there is none yet and offers to create it.
    let page = c.get(&s.page()).await;
    assert!(page.body.contains("noch kein Soll-Modell"), "{}", page.body);
    assert!(page.body.contains("Soll-Modell anlegen"));
    assert_eq!(c.get(&s.to_be()).await.status, StatusCode::NOT_FOUND);
    let bpmn_editor = format!("/o/{}/prozesse/{}/soll-bpmn-editor", s.org, s.id);
    assert_eq!(c.get(&bpmn_editor).await.status, StatusCode::NOT_FOUND);

    // "Soll-Modell anlegen": a copy of the Ist, then its editor.
    let r = c.post(&format!("{}/anlegen", s.to_be()), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let to = r.location.unwrap();
    assert!(to.starts_with(&s.to_be()), "{to}");
    let editor = c.get(&to).await;
    assert_eq!(editor.status, StatusCode::OK);
    let body = editor.body.replace("&#x2f;", "/");
    assert!(editor.body.contains("Soll-Modell: Gewerbeanmeldung"));
    assert!(editor.body.contains("als Kopie des Ist-Modells angelegt"));
    assert!(editor.body.contains("Antrag geht ein"));
    // Every form of this editor posts to the to-be model.
    assert!(body.contains(&format!("action=\"{}\"", s.to_be())));
    assert!(!body.contains(&format!("action=\"/o/{}/prozesse/{}/modell\"", s.org, s.id)));
    let (ist, soll) = labels(&app, &s).await;
    assert_eq!(soll.as_deref(), Some(ist.as_slice()), "a copy of the Ist");
    let (row, v) = app.store.get_process(s.oid, s.id).await.unwrap();
    assert_eq!(v.note, "Soll-Modell angelegt (Kopie des Ist-Modells)");
    // Its BPMN editor reads and saves the Soll through the API.
    let page = c.get(&bpmn_editor).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.replace("&#x2f;", "/").contains(&format!(
        "data-save-url=\"/api/v1/organizations/{}/processes/{}/bpmn?model=soll\"",
        s.org, s.id
    )));

    // A second "anlegen" changes nothing.
    let again = c.post(&format!("{}/anlegen", s.to_be()), &[]).await;
    assert!(again.location.unwrap().contains("to_be_exists"));
    assert_eq!(
        app.store.get_process(s.oid, s.id).await.unwrap().0.version,
        row.version
    );

    // Change a step in the Soll: the Ist stays as it was.
    let live = live_version(&editor.body);
    let (st, html) = act(
        &c,
        &s.to_be(),
        &[
            ("live_version", &live),
            ("op", "setStep"),
            ("id", "s1"),
            ("label", "Online-Antrag geht ein"),
            ("block", "eingang"),
            ("medium", "online"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{html}");
    let (ist, soll) = labels(&app, &s).await;
    assert_eq!(ist, ["Antrag geht ein", "Antrag prüfen"]);
    assert_eq!(soll.unwrap(), ["Online-Antrag geht ein", "Antrag prüfen"]);
    // The downloads are the Soll's and the Ist's respectively.
    let (st, _, svg) = c.get_bytes(&format!("{}.svg", s.to_be())).await;
    assert_eq!(st, StatusCode::OK);
    assert!(String::from_utf8_lossy(&svg).contains("Online-Antrag"));
    let (_, _, svg) = c
        .get_bytes(&format!("/o/{}/prozesse/{}/modell.svg", s.org, s.id))
        .await;
    assert!(!String::from_utf8_lossy(&svg).contains("Online-Antrag"));
    let (st, _, bpmn) = c.get_bytes(&format!("{}.bpmn", s.to_be())).await;
    assert_eq!(st, StatusCode::OK);
    assert!(String::from_utf8_lossy(&bpmn).contains("Online-Antrag geht ein"));

    // Undo in the Soll takes back the Soll's change only.
    let undo = regex::Regex::new(r#"name="live_undo" value="([^"]*)""#)
        .unwrap()
        .captures(&html)
        .unwrap()[1]
        .to_owned();
    let (st, html) = act(
        &c,
        &format!("{}/rueckgaengig", s.to_be()),
        &[("live_version", &live_version(&html)), ("live_undo", &undo)],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{html}");
    let (ist, soll) = labels(&app, &s).await;
    assert_eq!(soll.as_deref(), Some(ist.as_slice()));
    // Redo the change for what follows.
    let (st, _) = act(
        &c,
        &s.to_be(),
        &[
            ("live_version", &live_version(&html)),
            ("op", "setStep"),
            ("id", "s1"),
            ("label", "Online-Antrag geht ein"),
            ("block", "eingang"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK);

    // A Steckbrief save and an Ist edit carry the Soll forward.
    let (row, v) = app.store.get_process(s.oid, s.id).await.unwrap();
    let save = Save {
        area_id: row.area_id,
        status: row.status,
        profile: Profile {
            cases_per_year: Some(1200),
            ..v.profile()
        },
        note: "Fallzahl".into(),
    };
    app.store
        .save_process(&Actor::system("Test"), s.oid, s.id, row.version, &save)
        .await
        .unwrap();
    let ist_page = c
        .get(&format!("/o/{}/prozesse/{}/modell", s.org, s.id))
        .await;
    let (st, _) = act(
        &c,
        &format!("/o/{}/prozesse/{}/modell", s.org, s.id),
        &[
            ("live_version", &live_version(&ist_page.body)),
            ("op", "setStep"),
            ("id", "s2"),
            ("label", "Antrag formell prüfen"),
            ("block", "formell-pruefen"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (ist, soll) = labels(&app, &s).await;
    assert_eq!(ist, ["Antrag geht ein", "Antrag formell prüfen"]);
    assert_eq!(soll.unwrap(), ["Online-Antrag geht ein", "Antrag prüfen"]);
    let with_both = app.store.get_process(s.oid, s.id).await.unwrap().0.version;

    // The processes with a Soll: this one.
    let with: Vec<_> = app
        .store
        .processes_with_to_be(s.oid)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(with, [s.id]);

    // The process page links to the Soll editor now.
    let page = c.get(&s.page()).await;
    assert!(page.body.contains("Soll-Modell bearbeiten"));
    assert!(!page.body.contains("Soll-Modell anlegen"));

    // Delete: a confirmation first, then gone; the Ist stays.
    let confirm = c.get(&format!("{}/loeschen", s.to_be())).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm
            .body
            .contains("Soll das Soll-Modell von „Gewerbeanmeldung“ gelöscht werden?")
    );
    assert_eq!(labels(&app, &s).await.1.map(|l| l.len()), Some(2));
    let r = c.post(&format!("{}/loeschen", s.to_be()), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location.unwrap().starts_with(&s.page()));
    let (ist, soll) = labels(&app, &s).await;
    assert_eq!(ist, ["Antrag geht ein", "Antrag formell prüfen"]);
    assert_eq!(soll, None);
    assert_eq!(c.get(&s.to_be()).await.status, StatusCode::NOT_FOUND);
    assert!(c.get(&s.page()).await.body.contains("Soll-Modell anlegen"));
    assert!(
        app.store
            .processes_with_to_be(s.oid)
            .await
            .unwrap()
            .is_empty()
    );

    // Restoring the version before the deletion brings both models back.
    let r = c
        .post(
            &format!(
                "/o/{}/prozesse/{}/versionen/{with_both}/wiederherstellen",
                s.org, s.id
            ),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (ist, soll) = labels(&app, &s).await;
    assert_eq!(ist, ["Antrag geht ein", "Antrag formell prüfen"]);
    assert_eq!(soll.unwrap(), ["Online-Antrag geht ein", "Antrag prüfen"]);
    // Restoring one from before the Soll existed removes it again, and
    // puts back that version's Ist.
    let r = c
        .post(
            &format!(
                "/o/{}/prozesse/{}/versionen/2/wiederherstellen",
                s.org, s.id
            ),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (ist, soll) = labels(&app, &s).await;
    assert_eq!(ist, ["Antrag geht ein", "Antrag prüfen"]);
    assert_eq!(soll, None);
}

both!(a_betrachter_reads_the_to_be_model_and_changes_nothing);
async fn a_betrachter_reads_the_to_be_model_and_changes_nothing(app: TestApp) {
    let s = setup(&app).await;
    let token = app.client().token("modellierer@musterstadt.example").await;
    let c = app.client();
    let r = c
        .api_send(reqwest::Method::POST, &s.api("model/soll"), &token, None)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let version = app.store.get_process(s.oid, s.id).await.unwrap().0.version;

    let b = app.signed_in("betrachter@musterstadt.example").await;
    let page = b.get(&s.page()).await;
    assert!(page.body.contains("Soll-Modell ansehen"), "{}", page.body);
    assert!(!page.body.contains("Soll-Modell bearbeiten"));
    assert!(!page.body.contains("/soll-modell/anlegen"));
    // The read-only view: diagram and step table, no editor, no delete.
    let view = b.get(&format!("{}?ansicht=lesen", s.to_be())).await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(view.body.contains("<svg"));
    assert!(view.body.contains("Antrag geht ein"));
    assert!(!view.body.contains("live_version"));
    assert!(!view.body.contains("Soll-Modell löschen"));
    let plain = b.get(&s.to_be()).await;
    assert!(
        !plain.body.contains("live_version"),
        "Betrachter get the view"
    );

    // Every change is refused, and nothing is written.
    for (path, fields) in [
        (format!("{}/anlegen", s.to_be()), vec![]),
        (format!("{}/loeschen", s.to_be()), vec![]),
        (
            s.to_be(),
            vec![
                ("live_version", "9"),
                ("op", "setStep"),
                ("id", "s1"),
                ("label", "Gelesen"),
                ("block", "eingang"),
            ],
        ),
        (
            format!("{}/rueckgaengig", s.to_be()),
            vec![("live_version", "9"), ("live_undo", "2")],
        ),
    ] {
        let r = b.post(&path, &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        b.get(&format!("{}/loeschen", s.to_be())).await.status,
        StatusCode::FORBIDDEN
    );
    let viewer = app.client().token("betrachter@musterstadt.example").await;
    let model = c
        .api_get(&format!("{}?model=soll", s.api("model")), &viewer)
        .await;
    assert_eq!(model.status, StatusCode::OK, "reading is allowed");
    for method in [reqwest::Method::DELETE, reqwest::Method::POST] {
        let r = c
            .api_send(method, &s.api("model/soll"), &viewer, None)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let r = c
        .http
        .put(c.url(&format!("{}?model=soll", s.api("model"))))
        .bearer_auth(&viewer)
        .header("If-Match", format!("\"{version}\""))
        .body(model.body.clone())
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.get_process(s.oid, s.id).await.unwrap().0.version,
        version
    );
}

/// A PUT with `If-Match`.
async fn put(
    c: &Client,
    url: &str,
    token: &str,
    version: i64,
    (content_type, body): (&str, String),
) -> (StatusCode, serde_json::Value) {
    let r = c
        .http
        .put(c.url(url))
        .bearer_auth(token)
        .header("If-Match", format!("\"{version}\""))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or_default())
}

both!(the_api_reads_writes_creates_and_deletes_the_to_be_model_with_if_match);
async fn the_api_reads_writes_creates_and_deletes_the_to_be_model_with_if_match(app: TestApp) {
    let s = setup(&app).await;
    let c = app.client();
    let token = c.token("modellierer@musterstadt.example").await;
    let soll = |tail: &str| format!("{}?model=soll", s.api(tail));

    assert_eq!(
        c.api_get(&soll("model"), &token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        c.api_get(&soll("bpmn"), &token).await.status,
        StatusCode::NOT_FOUND
    );
    let bad = c
        .api_get(&format!("{}?model=plan", s.api("model")), &token)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("model"));
    // PUT before it exists: nothing to replace.
    let v0 = app.store.get_process(s.oid, s.id).await.unwrap().0.version;
    let ist = c.api_get(&s.api("model"), &token).await;
    let (st, _) = put(
        &c,
        &soll("model"),
        &token,
        v0,
        ("application/json", ist.body.clone()),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Create: a copy of the Ist; a second time 409.
    let r = c
        .api_send(reqwest::Method::POST, &s.api("model/soll"), &token, None)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v1 = r.json()["version"].as_i64().unwrap();
    assert_eq!(v1, v0 + 1);
    let r = c
        .api_send(reqwest::Method::POST, &s.api("model/soll"), &token, None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("bereits ein Soll-Modell"), "{}", r.body);
    let got = c.api_get(&soll("model"), &token).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json(), ist.json(), "the copy equals the Ist");

    // PUT the Soll with the current version; the Ist stays.
    let mut m: BlockModel = serde_json::from_str(&got.body).unwrap();
    m.subprocesses[0].items.remove(1);
    let (st, body) = put(
        &c,
        &soll("model"),
        &token,
        v1,
        ("application/json", serde_json::to_string(&m).unwrap()),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let v2 = body["version"].as_i64().unwrap();
    let (ist_labels, soll_labels) = labels(&app, &s).await;
    assert_eq!(ist_labels.len(), 2);
    assert_eq!(soll_labels.unwrap(), ["Antrag geht ein"]);
    // Based on an old version: 409 with the current one, nothing written.
    let (st, body) = put(
        &c,
        &soll("model"),
        &token,
        v1,
        ("application/json", ist.body.clone()),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(body["current"]["version"], v2);
    assert_eq!(labels(&app, &s).await.1.unwrap().len(), 1);

    // BPMN of the Soll, read and written back the same way.
    let xml = c.api_get(&soll("bpmn"), &token).await;
    assert_eq!(xml.status, StatusCode::OK);
    assert!(!xml.body.contains("Antrag prüfen"));
    let ist_xml = c.api_get(&s.api("bpmn"), &token).await;
    assert!(ist_xml.body.contains("Antrag prüfen"));
    let (st, body) = put(
        &c,
        &soll("bpmn"),
        &token,
        v2,
        (
            "application/xml",
            xml.body.replace("Antrag geht ein", "E-Antrag geht ein"),
        ),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let v3 = body["version"].as_i64().unwrap();
    assert_eq!(labels(&app, &s).await.1.unwrap(), ["E-Antrag geht ein"]);
    assert_eq!(labels(&app, &s).await.0.len(), 2, "the Ist untouched");
    let (st, _) = put(
        &c,
        &soll("bpmn"),
        &token,
        v2,
        ("application/xml", xml.body.clone()),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);

    // Delete: a stale If-Match is 409, then gone (404 after).
    let r = c
        .http
        .delete(c.url(&s.api("model/soll")))
        .bearer_auth(&token)
        .header("If-Match", format!("\"{v2}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = c
        .http
        .delete(c.url(&s.api("model/soll")))
        .bearer_auth(&token)
        .header("If-Match", format!("\"{v3}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(labels(&app, &s).await.1, None);
    assert_eq!(
        c.api_get(&soll("model"), &token).await.status,
        StatusCode::NOT_FOUND
    );
    let r = c
        .api_send(reqwest::Method::DELETE, &s.api("model/soll"), &token, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The OpenAPI document describes it.
    let doc = c.get("/api/openapi.json").await.json();
    let paths = &doc["paths"];
    assert!(
        paths["/api/v1/organizations/{org}/processes/{process}/model/soll"]["post"].is_object()
    );
    assert!(
        paths["/api/v1/organizations/{org}/processes/{process}/model/soll"]["delete"].is_object()
    );
    let params =
        paths["/api/v1/organizations/{org}/processes/{process}/model"]["get"]["parameters"]
            .to_string();
    assert!(params.contains("\"model\""), "{params}");
}
