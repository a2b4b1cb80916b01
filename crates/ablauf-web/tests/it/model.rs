//! Process models: the building-block editor's operations saved as
//! versions, undo, conflicts between two editors, the read-only view, the
//! BPMN API (GET/PUT with If-Match), BPMN import with findings before
//! saving, and the MIWG reference files imported into processes unchanged.

use ablauf_domain::process::{Profile, Status};
use ablauf_store::{Actor, OrgId, Save};
use reqwest::StatusCode;

use crate::both;
use crate::harness::{Client, TestApp};

struct Setup {
    org: String,
    oid: OrgId,
    id: ablauf_store::ProcessId,
    unit: String,
    c: Client,
}

async fn setup(app: &TestApp) -> Setup {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let row = app
        .store
        .create_process(
            &Actor::system("Test"),
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
    let unit = app
        .store
        .list_org_units(oid)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == "Sachgebiet Gewerbe")
        .unwrap()
        .id
        .to_string();
    let c = app.signed_in("modellierer@musterstadt.example").await;
    Setup {
        org,
        oid,
        id: row.id,
        unit,
        c,
    }
}

impl Setup {
    fn model_url(&self) -> String {
        format!("/o/{}/prozesse/{}/modell", self.org, self.id)
    }

    fn api_url(&self) -> String {
        format!(
            "/api/v1/organizations/{}/processes/{}/bpmn",
            self.org, self.id
        )
    }
}

/// The editor's live version in an editor page or fragment.
fn live_version(html: &str) -> String {
    regex::Regex::new(r#"name="live_version" value="(\d+)""#)
        .unwrap()
        .captures(html)
        .unwrap_or_else(|| panic!("no live version in {html}"))[1]
        .to_owned()
}

/// Posts an editor action as htmx does; returns (status, fragment).
async fn act(
    c: &Client,
    url: &str,
    version: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut all = fields.to_vec();
    all.push(("live_version", version));
    let token = c.csrf().await;
    let r = c
        .http
        .post(c.url(url))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", token)
        .form(&all)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn model_of(app: &TestApp, s: &Setup) -> ablauf_model::BlockModel {
    let (_, v) = app.store.get_process(s.oid, s.id).await.unwrap();
    ablauf_model::BlockModel::from_json(v.model.as_deref().expect("a model")).unwrap()
}

/// Builds: subprocess "Antrag annehmen" with two steps.
async fn build(app: &TestApp, s: &Setup) -> String {
    let page = s.c.get(&s.model_url()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Das Modell ist noch leer"));
    let v = live_version(&page.body);
    let (st, html) = act(
        &s.c,
        &s.model_url(),
        &v,
        &[
            ("op", "addSubprocess"),
            ("name", "Antrag annehmen"),
            ("org_unit", &s.unit),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{html}");
    let v = live_version(&html);
    let sp = model_of(app, s).await.subprocesses[0].id.clone();
    let (_, html) = act(
        &s.c,
        &s.model_url(),
        &v,
        &[
            ("op", "insertStep"),
            ("container", &sp),
            ("block", "eingang"),
            ("label", "Antrag geht ein"),
        ],
    )
    .await;
    let v = live_version(&html);
    let first = model_of(app, s).await.steps()[0].id.clone();
    let (st, html) = act(
        &s.c,
        &s.model_url(),
        &v,
        &[
            ("op", "insertStep"),
            ("container", &sp),
            ("after", &first),
            ("block", "formell-pruefen"),
            ("label", "Antrag prüfen"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    live_version(&html)
}

both!(every_editor_action_is_a_saved_version_and_can_be_undone);
async fn every_editor_action_is_a_saved_version_and_can_be_undone(app: TestApp) {
    let s = setup(&app).await;
    let v = build(&app, &s).await;
    assert_eq!(v, "4", "three actions, three new versions");
    let m = model_of(&app, &s).await;
    let labels: Vec<&str> = m.steps().iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Antrag geht ein", "Antrag prüfen"]);
    assert_eq!(m.subprocesses[0].org_unit.as_deref(), Some(s.unit.as_str()));
    // The first model moves the process on in its life cycle.
    let (row, _) = app.store.get_process(s.oid, s.id).await.unwrap();
    assert_eq!(row.status, Status::Modelliert);
    // The history names what each version did.
    let history =
        s.c.get(&format!("/o/{}/prozesse/{}/versionen", s.org, s.id))
            .await;
    assert!(
        history.body.contains("Schritt „Antrag prüfen“ eingefügt"),
        "{}",
        history.body
    );

    // Move the second step up: focus stays on the moved step's button.
    let second = m.steps()[1].id.clone();
    let (_, html) = act(
        &s.c,
        &s.model_url(),
        &v,
        &[
            ("op", "moveItem"),
            ("id", &second),
            ("up", "true"),
            ("undo", ""),
        ],
    )
    .await;
    assert!(
        html.contains("aria-label=\"Nach unten: „Antrag prüfen“\" autofocus"),
        "{html}"
    );
    let labels: Vec<String> = model_of(&app, &s)
        .await
        .steps()
        .iter()
        .map(|s| s.label.clone())
        .collect();
    assert_eq!(labels, ["Antrag prüfen", "Antrag geht ein"]);
    // Undo puts it back, as a new version; the undo stack came with the answer.
    let undo = regex::Regex::new(r#"name="live_undo" value="([^"]*)""#)
        .unwrap()
        .captures(&html)
        .unwrap()[1]
        .to_owned();
    assert_eq!(undo, "4");
    let v = live_version(&html);
    let (st, html) = act(
        &s.c,
        &format!("{}/rueckgaengig", s.model_url()),
        &v,
        &[("live_undo", &undo)],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{html}");
    let labels: Vec<String> = model_of(&app, &s)
        .await
        .steps()
        .iter()
        .map(|s| s.label.clone())
        .collect();
    assert_eq!(labels, ["Antrag geht ein", "Antrag prüfen"]);
    assert_eq!(live_version(&html), "6");

    // Step attributes with German numbers; junk is refused, nothing saved.
    let (st, html) = act(
        &s.c,
        &s.model_url(),
        "6",
        &[
            ("op", "setStep"),
            ("id", &second),
            ("label", "Antrag prüfen"),
            ("block", "formell-pruefen"),
            ("processing_minutes", "zehn"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Zeiten und Anteile müssen Zahlen sein"));
    assert!(html.contains("value=\"zehn\""), "typed value kept");
    let (st, _) = act(
        &s.c,
        &s.model_url(),
        "6",
        &[
            ("op", "setStep"),
            ("id", &second),
            ("label", "Antrag prüfen"),
            ("block", "formell-pruefen"),
            ("processing_minutes", "12,5"),
            ("medium", "papier"),
            ("documents_in", "Antrag\nPersonalausweis"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let step = model_of(&app, &s).await.find(&second).unwrap().clone();
    assert_eq!(step.processing_minutes, Some(12.5));
    assert_eq!(step.documents.len(), 2);

    // Restoring an old version restores its model too.
    let r =
        s.c.post(
            &format!(
                "/o/{}/prozesse/{}/versionen/2/wiederherstellen",
                s.org, s.id
            ),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(model_of(&app, &s).await.steps().len(), 0);
    // Profile saves keep the model.
    let (_, v) = app.store.get_process(s.oid, s.id).await.unwrap();
    let save = Save {
        area_id: None,
        status: Status::Modelliert,
        profile: v.profile(),
        note: String::new(),
    };
    let (row, _) = app.store.get_process(s.oid, s.id).await.unwrap();
    app.store
        .save_process(&Actor::system("Test"), s.oid, s.id, row.version, &save)
        .await
        .unwrap();
    assert_eq!(model_of(&app, &s).await.subprocesses.len(), 1);
}

both!(two_editors_never_overwrite_each_other);
async fn two_editors_never_overwrite_each_other(app: TestApp) {
    let s = setup(&app).await;
    let v = build(&app, &s).await;
    let steps: Vec<String> = model_of(&app, &s)
        .await
        .steps()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let admin = app.signed_in("admin@musterstadt.example").await;
    // The administrator changes the first step on version 4.
    let (st, _) = act(
        &admin,
        &s.model_url(),
        &v,
        &[
            ("op", "setStep"),
            ("id", &steps[0]),
            ("label", "Antrag kommt per Post"),
            ("block", "eingang"),
            ("processing_minutes", "3"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    // The modeller, still on version 4, edits the same step: conflict, both shown.
    let (st, html) = act(
        &s.c,
        &s.model_url(),
        &v,
        &[
            ("op", "setStep"),
            ("id", &steps[0]),
            ("label", "Antrag kommt online"),
            ("block", "eingang"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Petra Adler hat diesen Schritt inzwischen geändert"),
        "{html}"
    );
    assert!(html.contains("<td>Eingang</td>"), "block by name");
    assert!(html.contains("Antrag kommt per Post"), "their value shown");
    assert!(
        html.contains("value=\"Antrag kommt online\""),
        "typed value kept"
    );
    assert_eq!(
        model_of(&app, &s).await.steps()[0].label,
        "Antrag kommt per Post"
    );
    // Another element on the old version: applied on top, nothing lost.
    let (st, html) = act(
        &s.c,
        &s.model_url(),
        &v,
        &[
            ("op", "setStep"),
            ("id", &steps[1]),
            ("label", "Vollständigkeit prüfen"),
            ("block", "formell-pruefen"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{html}");
    let labels: Vec<String> = model_of(&app, &s)
        .await
        .steps()
        .iter()
        .map(|s| s.label.clone())
        .collect();
    assert_eq!(labels, ["Antrag kommt per Post", "Vollständigkeit prüfen"]);
    // A step someone deleted meanwhile: a clear message.
    let (_, html) = act(
        &admin,
        &s.model_url(),
        &live_version(&html),
        &[("op", "delete"), ("id", &steps[1])],
    )
    .await;
    let (st, html2) = act(
        &s.c,
        &s.model_url(),
        &v,
        &[("op", "duplicate"), ("id", &steps[1])],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html2.contains("nicht gefunden"), "{html2}");
    let _ = html;
    // Undo is refused once someone else saved after one's own change.
    let (st, html) = act(
        &s.c,
        &format!("{}/rueckgaengig", s.model_url()),
        &v,
        &[("live_undo", "3")],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Rückgängig ist nicht mehr möglich"));
}

both!(viewers_get_the_diagram_and_a_step_table);
async fn viewers_get_the_diagram_and_a_step_table(app: TestApp) {
    let s = setup(&app).await;
    build(&app, &s).await;
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let page = viewer.get(&s.model_url()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<table class=\"steps\""));
    assert!(page.body.contains("Antrag prüfen"));
    assert!(page.body.contains("role=\"img\""), "diagram inline");
    assert!(!page.body.contains("name=\"op\""), "no editing forms");
    let (st, _) = act(
        &viewer,
        &s.model_url(),
        "4",
        &[("op", "delete"), ("id", "s1")],
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, mime, svg) = viewer.get_bytes(&format!("{}.svg", s.model_url())).await;
    assert_eq!(st, StatusCode::OK);
    assert!(mime.starts_with("image/svg+xml"));
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.contains("Sachgebiet Gewerbe"),
        "lane named after the unit"
    );
    let (st, _, bpmn) = viewer.get_bytes(&format!("{}.bpmn", s.model_url())).await;
    assert_eq!(st, StatusCode::OK);
    let defs = ablauf_bpmn::read(&bpmn, &Default::default()).unwrap();
    assert!(!defs.model().diagrams.is_empty(), "exported with diagram");
}

async fn put_bpmn(
    c: &Client,
    url: &str,
    version: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, serde_json::Value) {
    let mut r = c
        .http
        .put(c.url(url))
        .header("Content-Type", "application/xml")
        .header("X-CSRF-Token", c.csrf().await);
    if let Some(v) = version {
        r = r.header("If-Match", format!("\"{v}\""));
    }
    let r = r.body(body).send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

both!(the_bpmn_api_round_trips_block_models_and_protects_against_lost_updates);
async fn the_bpmn_api_round_trips_block_models_and_protects_against_lost_updates(app: TestApp) {
    let s = setup(&app).await;
    let r = s.c.get(&s.api_url()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "no model yet");
    build(&app, &s).await;
    let before = model_of(&app, &s).await;
    let r = s.c.http.get(s.c.url(&s.api_url())).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"4\"");
    let xml = r.bytes().await.unwrap().to_vec();
    // Block model → BPMN → block model: unchanged.
    let (st, body) = put_bpmn(&s.c, &s.api_url(), Some("4"), xml.clone()).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 5);
    assert_eq!(body["blocks"], true);
    assert_eq!(model_of(&app, &s).await, before);
    // Stale version: 409 with the current version, nothing written.
    let (st, body) = put_bpmn(&s.c, &s.api_url(), Some("4"), xml.clone()).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(body["current"]["version"], 5);
    let (st, _) = put_bpmn(&s.c, &s.api_url(), None, xml.clone()).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "the version is required");
    // Unreadable XML: 422 with where.
    let (st, body) = put_bpmn(&s.c, &s.api_url(), Some("5"), b"<bpmn:definitions".to_vec()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["findings"][0]["line"].is_number(), "{body}");
    // Tokens work too; a Betrachter may read but not write.
    let token = s.c.token("betrachter@musterstadt.example").await;
    assert_eq!(
        s.c.api_get(&s.api_url(), &token).await.status,
        StatusCode::OK
    );
    let r =
        s.c.http
            .put(s.c.url(&s.api_url()))
            .bearer_auth(&token)
            .header("If-Match", "\"5\"")
            .body(xml)
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

fn miwg_references() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var("ABLAUF_SHARED_DATA")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").into());
    let Ok(entries) = std::fs::read_dir(format!("{dir}/bpmn-miwg/Reference")) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "shared data missing under CI"
        );
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bpmn"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

both!(the_miwg_references_import_into_processes_and_come_back_unchanged);
async fn the_miwg_references_import_into_processes_and_come_back_unchanged(app: TestApp) {
    let s = setup(&app).await;
    let files = miwg_references();
    for (name, bytes) in &files {
        let row = app
            .store
            .create_process(
                &Actor::system("Test"),
                s.oid,
                &Save {
                    area_id: None,
                    status: Status::Identifiziert,
                    profile: Profile {
                        name: format!("MIWG {name}"),
                        ..Default::default()
                    },
                    note: String::new(),
                },
            )
            .await
            .unwrap();
        let url = format!("/api/v1/organizations/{}/processes/{}/bpmn", s.org, row.id);
        let (st, body) = put_bpmn(&s.c, &url, Some("1"), bytes.clone()).await;
        assert_eq!(st, StatusCode::OK, "{name}: {body}");
        assert_eq!(
            body["blocks"], false,
            "{name}: MIWG tasks carry no block types"
        );
        assert!(!body["reasons"].as_array().unwrap().is_empty());
        let (st, _, back) = s.c.get_bytes(&url).await;
        assert_eq!(st, StatusCode::OK);
        assert!(back == *bytes, "{name} changed on the way through Ablauf");
        // The model page explains why it is BPMN-only and still draws it.
        let page =
            s.c.get(&format!("/o/{}/prozesse/{}/modell", s.org, row.id))
                .await;
        assert!(
            page.body.contains("Nur im BPMN-Editor bearbeitbar"),
            "{name}"
        );
        assert!(page.body.contains("role=\"img\""), "{name}: diagram drawn");
    }
    assert!(files.len() >= 20 || std::env::var("CI").as_deref() != Ok("true"));
}

both!(a_bpmn_file_is_checked_before_it_is_imported);
async fn a_bpmn_file_is_checked_before_it_is_imported(app: TestApp) {
    let s = setup(&app).await;
    let Some((name, bytes)) = miwg_references()
        .into_iter()
        .find(|(n, _)| n == "A.2.0.bpmn")
    else {
        return;
    };
    let url = format!("/o/{}/prozesse/{}/bpmn-import", s.org, s.id);
    let r = s.c.upload(&url, &name, bytes.clone()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let preview_url = r.location.unwrap();
    let preview = s.c.get(&preview_url).await;
    assert!(preview.body.contains("Prüfbefunde"));
    assert!(preview.body.contains("Noch ist nichts gespeichert"));
    let (row, _) = app.store.get_process(s.oid, s.id).await.unwrap();
    assert_eq!(row.version, 1, "nothing saved before the confirmation");
    let r = s.c.post(&preview_url, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (row, v) = app.store.get_process(s.oid, s.id).await.unwrap();
    assert_eq!(row.version, 2);
    assert_eq!(
        v.model_bpmn.as_deref().map(str::as_bytes),
        Some(bytes.as_slice())
    );
    // Junk is refused with where it failed; nothing saved.
    let r =
        s.c.upload(
            &url,
            "kaputt.bpmn",
            b"<?xml version=\"1.0\"?><definitions><unclosed>".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Zeile 1"), "{}", r.body);
    let (row, _) = app.store.get_process(s.oid, s.id).await.unwrap();
    assert_eq!(row.version, 2);
}

both!(the_bpmn_editor_bundle_is_served_compressed_from_the_binary);
async fn the_bpmn_editor_bundle_is_served_compressed_from_the_binary(app: TestApp) {
    let s = setup(&app).await;
    let page =
        s.c.get(&format!("/o/{}/prozesse/{}/bpmn-editor", s.org, s.id))
            .await;
    assert_eq!(page.status, StatusCode::OK);
    let src = regex::Regex::new(r#"src="(/assets/bpmn-editor\.js\?v=[0-9a-f]+)""#)
        .unwrap()
        .captures(&page.body)
        .expect("the page loads the bundle from this server")[1]
        .to_owned();
    assert!(page.body.contains("id=\"ablauf-blocks\""));
    let plain = s.c.http.get(s.c.url(&src)).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    let gz =
        s.c.http
            .get(s.c.url(&src))
            .header("Accept-Encoding", "gzip, br")
            .send()
            .await
            .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let gz = gz.bytes().await.unwrap();
    assert!(
        gz.len() * 3 < plain.len(),
        "{} vs {}",
        gz.len(),
        plain.len()
    );
    let mut back = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
    assert!(back == plain);
}

both!(the_step_form_saves_itself_and_redraws_the_diagram);
async fn the_step_form_saves_itself_and_redraws_the_diagram(app: TestApp) {
    let s = setup(&app).await;
    let v = build(&app, &s).await;
    let step = model_of(&app, &s).await.steps()[1].id.clone();
    let fields = [
        ("op", "setStep"),
        ("id", step.as_str()),
        ("label", "Vollständigkeit prüfen"),
        ("block", "formell-pruefen"),
        ("processing_minutes", "8"),
        ("autosave", "1"),
        ("keep_open", "1"),
    ];
    let (st, html) = act(&s.c, &s.model_url(), &v, &fields).await;
    assert_eq!(st, StatusCode::OK);
    // Only out-of-band parts: saved state, live version, undo, diagram.
    assert!(!html.contains("id=\"model-editor\""), "{html}");
    assert!(html.contains("id=\"model-status\""));
    assert!(html.contains("Version 5"), "{html}");
    assert!(
        html.contains("Vollständigkeit prüfen"),
        "diagram redrawn with the new label"
    );
    assert_eq!(live_version(&html), "5");
    // Typing pauses without a change save nothing.
    let (st, html) = act(&s.c, &s.model_url(), "5", &fields).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(live_version(&html), "5");
    let (row, _) = app.store.get_process(s.oid, s.id).await.unwrap();
    assert_eq!(row.version, 5);
    // Junk while typing: the whole editor comes back with the message.
    let mut bad = fields.to_vec();
    bad[4] = ("processing_minutes", "acht");
    let r =
        s.c.http
            .post(s.c.url(&s.model_url()))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", s.c.csrf().await)
            .form(&[bad.as_slice(), &[("live_version", "5")]].concat())
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.headers()["hx-retarget"], "#model-editor");
    assert!(r.text().await.unwrap().contains("value=\"acht\""));
}

both!(a_wide_diagram_zooms_beside_the_editor_and_prints_in_page_wide_stretches);
async fn a_wide_diagram_zooms_beside_the_editor_and_prints_in_page_wide_stretches(app: TestApp) {
    use ablauf_model::{BlockModel, Item, StepItem, Subprocess};
    let s = setup(&app).await;
    // One subprocess of 20 steps: about 3,600 px wide.
    let steps = (1..=20)
        .map(|i| {
            Item::Step(StepItem {
                id: format!("s{i}"),
                label: format!("Schritt {i} bearbeiten"),
                block: "formell-pruefen".into(),
                ..StepItem::default()
            })
        })
        .collect();
    let m = BlockModel {
        subprocesses: vec![Subprocess {
            id: "sp1".into(),
            name: "Bearbeiten".into(),
            org_unit: Some(s.unit.clone()),
            items: steps,
        }],
    };
    let defs = ablauf_model::to_bpmn(&m, "Gewerbeanmeldung", &|_| None);
    let (st, body) = put_bpmn(&s.c, &s.api_url(), Some("1"), ablauf_bpmn::write(&defs)).await;
    assert_eq!(st, StatusCode::OK, "{body}");

    // Beside the editor: the zoom tools (shown by the script) and every step
    // findable in the diagram by its id.
    let page = s.c.get(&s.model_url()).await;
    assert_eq!(page.status, StatusCode::OK);
    for label in [
        "Verkleinern",
        "Vergrößern",
        "An Breite anpassen",
        "Originalgröße",
    ] {
        assert!(page.body.contains(&format!(">{label}</button>")), "{label}");
    }
    assert!(
        page.body
            .contains("aria-label=\"Diagramm vergrößern oder verkleinern\"")
    );
    for i in 1..=20 {
        assert!(
            page.body.contains(&format!("data-id=\"s{i}\"")),
            "step s{i}"
        );
    }
    assert!(
        !page.body.contains("class=\"diagram-print\""),
        "no print pages in the editor"
    );

    // The read-only view carries the print stretches: no wider than a page,
    // each named "(n von N)".
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let page = viewer
        .get(&format!("{}?ansicht=lesen", s.model_url()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let print = page
        .body
        .split("class=\"diagram-print\"")
        .nth(1)
        .expect("print pages");
    let widths: Vec<f64> = regex::Regex::new(r#"<svg [^>]*viewBox="[-\d.]+ [-\d.]+ ([\d.]+) "#)
        .unwrap()
        .captures_iter(print)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert!(widths.len() >= 3, "{widths:?}");
    assert!(widths.iter().all(|w| *w <= 1250.0), "{widths:?}");
    let n = widths.len();
    for i in 1..=n {
        assert!(print.contains(&format!("<title>Gewerbeanmeldung ({i} von {n})</title>")));
    }
}

both!(a_step_picks_its_it_system_from_the_catalogue_or_adds_it);
async fn a_step_picks_its_it_system_from_the_catalogue_or_adds_it(app: TestApp) {
    let s = setup(&app).await;
    let r =
        s.c.post(
            &format!("/o/{}/kataloge/fachverfahren", s.org),
            &[
                ("name", "Gewerbe-Fachverfahren"),
                ("detail", ""),
                ("link", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let v = build(&app, &s).await;
    let step = model_of(&app, &s).await.steps()[0].id.clone();
    let form = |it: &'static str, add: bool| {
        let step = step.clone();
        let mut f = vec![
            ("op", "setStep".to_owned()),
            ("id", step),
            ("label", "Antrag geht ein".to_owned()),
            ("block", "formell-pruefen".to_owned()),
            ("it_system", it.to_owned()),
        ];
        if add {
            f.push(("add_it_system", "1".to_owned()));
        }
        f
    };
    let send = |f: Vec<(&'static str, String)>, v: String| {
        let s = &s;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            act(&s.c, &s.model_url(), &v, &f).await
        }
    };
    let open = format!("{}?schritt={step}", s.model_url());
    // The catalogue is offered as suggestions; a known name needs no offer.
    let (st, html) = send(form("Gewerbe-Fachverfahren", false), v).await;
    assert_eq!(st, StatusCode::OK, "{html}");
    let page = s.c.get(&open).await.body;
    assert!(page.contains("<datalist id=\"it-systems\"><option value=\"Gewerbe-Fachverfahren\">"));
    assert!(
        page.contains("name=\"it_system\" value=\"Gewerbe-Fachverfahren\" list=\"it-systems\"")
    );
    assert!(!page.contains("in den Katalog aufnehmen"));
    // A name typed freely is kept, and adding it to the catalogue offered.
    let (_, html) = send(form("Neues Verfahren", false), live_version(&page)).await;
    let page = s.c.get(&open).await.body;
    assert!(
        page.contains("„Neues Verfahren“ steht noch nicht im Katalog der Fachverfahren."),
        "{html}"
    );
    assert!(page.contains("name=\"add_it_system\" value=\"1\""));
    assert!(page.contains("„Neues Verfahren“ in den Katalog aufnehmen"));
    // Enter in a field saves: the offer comes after the save buttons.
    assert!(
        page.find("data-control=\"save\"").unwrap() < page.find("name=\"add_it_system\"").unwrap()
    );
    // Taking the offer adds it; the step keeps the name.
    let (st, _) = send(form("Neues Verfahren", true), live_version(&page)).await;
    assert_eq!(st, StatusCode::OK);
    let names: Vec<String> = app
        .store
        .list_reference_entries(s.oid, ablauf_domain::ReferenceKind::ItSystem)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Neues Verfahren".to_owned()));
    let page = s.c.get(&open).await.body;
    assert!(page.contains("<option value=\"Neues Verfahren\">"));
    assert!(!page.contains("in den Katalog aufnehmen"));
    assert_eq!(
        model_of(&app, &s)
            .await
            .find(&step)
            .unwrap()
            .it_system
            .as_deref(),
        Some("Neues Verfahren")
    );
}
