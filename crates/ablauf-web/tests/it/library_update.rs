//! Taking a template's new version into an adopted process: the three-way
//! comparison through the API and the update page, taking the template's
//! non-conflicting changes (the organisation's own kept, the lineage moved,
//! the notice gone), a concurrent save refused, skipping a version until
//! the next, and nobody else seeing the comparison.
//!
//! The library is set up through the store and the use cases: Landkreis
//! Elbtal models a process and proposes it (made organisation-neutral),
//! it is released as template 1.0 and adopted by Stadt Musterstadt with a
//! mapping of its roles; Musterstadt changes its copy, Elbtal changes its
//! process and a second proposal is released as 1.1.

use std::collections::HashMap;

use ablauf_app::library::propose::{self, Choices, Proposed};
use ablauf_domain::process::{Profile, Status};
use ablauf_domain::{HourlyRate, ProcessId, UserId};
use ablauf_library::content::{Mapping, localise};
use ablauf_store::{Actor, OrgId, Save, StoredModel, TemplateId, Which};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both;
use crate::harness::TestApp;

struct Setup {
    /// Landkreis Elbtal, the template's source.
    a: OrgId,
    a_process: ProcessId,
    /// Stadt Musterstadt, the adopter.
    b: OrgId,
    b_process: ProcessId,
    template: TemplateId,
}

fn oid(s: &str) -> OrgId {
    OrgId(s.parse().unwrap())
}

async fn actor(app: &TestApp, email: &str) -> Actor {
    Actor {
        user_id: Some(UserId(app.user_id(email).await.parse().unwrap())),
        name: email.to_owned(),
    }
}

fn step(id: &str, label: &str, minutes: f64, grade: &str) -> Value {
    json!({"kind": "step", "id": id, "label": label, "block": "bearbeiten",
           "processingMinutes": minutes, "payGrade": grade})
}

/// Saves a block model as the process's new as-is version.
async fn save_model(app: &TestApp, org: OrgId, process: ProcessId, model: &Value) {
    let (row, _) = app.store.get_process(org, process).await.unwrap();
    app.store
        .save_model(
            &Actor::system("Test"),
            org,
            process,
            Which::AsIs,
            row.version,
            &StoredModel {
                blocks: Some(model.to_string()),
                bpmn: None,
            },
            "",
        )
        .await
        .unwrap();
}

/// The process's current as-is model as JSON.
async fn model_of(app: &TestApp, org: OrgId, process: ProcessId) -> Value {
    let (_, v) = app.store.get_process(org, process).await.unwrap();
    serde_json::from_str(v.model.as_deref().unwrap()).unwrap()
}

/// Proposes Elbtal's process (a change to its template once it has one)
/// and releases it as `version`.
async fn release(
    app: &TestApp,
    s_a: OrgId,
    process: ProcessId,
    current: Option<(i64, i64)>,
    version: (i64, i64),
) -> TemplateId {
    let proposer = actor(app, "modellierer@landkreis-elbtal.example").await;
    let choices = Choices {
        note: "Bitte aufnehmen".into(),
        confirm_personal: true,
        ..Default::default()
    };
    let Proposed::Created(p) = propose::propose(&app.store, s_a, &proposer, process, &choices)
        .await
        .unwrap()
    else {
        panic!("personal data")
    };
    assert_eq!(p.template_id.is_some(), current.is_some());
    let content = ablauf_app::library::content(&p.content).unwrap();
    let editor = actor(app, "redaktion@landkreis-elbtal.example").await;
    app.store
        .release_proposal(
            &editor,
            p.id,
            current,
            version,
            &format!("Hinweise zu {}.{}", version.0, version.1),
            (&p.content, &ablauf_app::library::meta(&content)),
        )
        .await
        .unwrap()
}

async fn setup(app: &TestApp) -> Setup {
    let a = oid(&app.org_id("Landkreis Elbtal").await);
    let b = oid(&app.org_id("Stadt Musterstadt").await);
    let unit_a = app.store.list_org_units(a).await.unwrap().remove(0);
    let grade_a = app.store.list_pay_grades(a).await.unwrap().remove(0);
    let row = app
        .store
        .create_process(
            &Actor::system("Test"),
            a,
            &Save {
                area_id: None,
                status: Status::Dokumentiert,
                profile: Profile {
                    name: "Gewerbeanmeldung".into(),
                    description: "Anmeldung eines Gewerbes".into(),
                    cases_per_year: Some(1000),
                    org_unit_id: Some(unit_a.id),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let g = grade_a.id.to_string();
    let model = json!({"subprocesses": [{"id": "sp1", "name": "Prüfung", "orgUnit": unit_a.id.to_string(), "items": [
        step("a", "Antrag prüfen", 10.0, &g),
        step("b", "Bescheid erstellen", 20.0, &g),
        step("c", "Unterlagen ablegen", 5.0, &g)]}]});
    save_model(app, a, row.id, &model).await;
    let template = release(app, a, row.id, None, (1, 0)).await;

    // Musterstadt adopts 1.0, its first unit doing the role.
    let unit_b = app.store.list_org_units(b).await.unwrap().remove(0);
    let grade_b = app.store.list_pay_grades(b).await.unwrap().remove(0);
    let v = app
        .store
        .get_template_version(template, (1, 0))
        .await
        .unwrap();
    let content = ablauf_app::library::content(&v.content).unwrap();
    let roles = content.roles();
    assert_eq!(roles, vec![unit_a.name.clone()]);
    let mapping = Mapping {
        roles: HashMap::from([(unit_a.name.clone(), unit_b.id)]),
        pay_grades: HashMap::from([(grade_a.name.clone(), grade_b.id)]),
        entries: HashMap::new(),
    };
    let (profile, model) = localise(&content, &mapping);
    let adopted = app
        .store
        .adopt_template(
            &actor(app, "modellierer@musterstadt.example").await,
            b,
            &Save {
                area_id: None,
                status: Status::Dokumentiert,
                profile,
                note: String::new(),
            },
            &StoredModel {
                blocks: Some(model.to_json()),
                bpmn: None,
            },
            (
                template,
                (1, 0),
                &ablauf_app::library::mapping_json(&mapping),
            ),
        )
        .await
        .unwrap();
    Setup {
        a,
        a_process: row.id,
        b,
        b_process: adopted.id,
        template,
    }
}

/// Musterstadt changes its copy: step a takes 15 minutes, step b is
/// renamed.
async fn change_b(app: &TestApp, s: &Setup) {
    let mut m = model_of(app, s.b, s.b_process).await;
    let items = m["subprocesses"][0]["items"].as_array_mut().unwrap();
    items[0]["processingMinutes"] = json!(15.0);
    items[1]["label"] = json!("Bescheid schreiben (Musterstadt)");
    save_model(app, s.b, s.b_process, &m).await;
}

/// Elbtal changes its process — step a to 12 minutes, step c renamed, the
/// description — and releases it as 1.1.
async fn release_1_1(app: &TestApp, s: &Setup) {
    let mut m = model_of(app, s.a, s.a_process).await;
    let items = m["subprocesses"][0]["items"].as_array_mut().unwrap();
    items[0]["processingMinutes"] = json!(12.0);
    items[2]["label"] = json!("Unterlagen elektronisch ablegen");
    save_model(app, s.a, s.a_process, &m).await;
    let (row, v) = app.store.get_process(s.a, s.a_process).await.unwrap();
    let mut profile = v.profile();
    profile.description = "Anmeldung, Ummeldung und Abmeldung eines Gewerbes".into();
    app.store
        .save_process(
            &Actor::system("Test"),
            s.a,
            s.a_process,
            row.version,
            &Save {
                area_id: None,
                status: row.status,
                profile,
                note: String::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        release(app, s.a, s.a_process, Some((1, 0)), (1, 1)).await,
        s.template
    );
}

fn path(org: OrgId, process: ProcessId) -> String {
    format!("/api/v1/organizations/{org}/processes/{process}/template-update")
}

fn ids(u: &Value) -> Vec<String> {
    u["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn take_an_update_with_a_conflict(app: TestApp) {
    let s = setup(&app).await;
    let token = app.client().token("modellierer@musterstadt.example").await;
    let c = app.client();

    // Based on the current version: nothing to take, no notice.
    let r = c.api_get(&path(s.b, s.b_process), &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let u = r.json();
    assert_eq!(
        (u["from_version"].as_str(), u["to_version"].as_str()),
        (Some("1.0"), Some("1.0"))
    );
    assert_eq!(u["changes"], json!([]));

    change_b(&app, &s).await;
    release_1_1(&app, &s).await;

    let r = c.api_get(&path(s.b, s.b_process), &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let u = r.json();
    assert_eq!(u["from_version"], "1.0");
    assert_eq!(u["to_version"], "1.1");
    assert_eq!(
        ids(&u),
        ["steckbrief.description", "a.processingMinutes", "c.label"],
        "{u:#}"
    );
    let changes = u["changes"].as_array().unwrap();
    let conflicts: Vec<&Value> = changes.iter().filter(|c| c["conflict"] == true).collect();
    assert_eq!(conflicts.len(), 1, "{u:#}");
    assert_eq!(u["conflicts"], 1);
    let a = conflicts[0];
    assert_eq!(a["id"], "a.processingMinutes");
    assert_eq!(
        (
            a["element"].as_str(),
            a["kind"].as_str(),
            a["field"].as_str()
        ),
        (Some("a"), Some("step"), Some("processingMinutes"))
    );
    assert_eq!(
        (a["base"].as_f64(), a["theirs"].as_f64(), a["ours"].as_f64()),
        (Some(10.0), Some(12.0), Some(15.0))
    );
    assert_eq!(a["label"], "Antrag prüfen");
    let d = &changes[0];
    assert_eq!(d["element"], "steckbrief");
    assert_eq!(
        d["theirs"],
        "Anmeldung, Ummeldung und Abmeldung eines Gewerbes"
    );
    assert_eq!(d["conflict"], false);

    // The start page and the process page say so, linking to the page.
    let page = format!("/o/{}/prozesse/{}/aktualisierung", s.b, s.b_process);
    let web = app.signed_in("modellierer@musterstadt.example").await;
    let home = web.get(&format!("/o/{}", s.b)).await;
    assert!(
        home.body.contains("Aktualisierungen verfügbar"),
        "{}",
        home.body
    );
    assert!(home.body.contains(&page));
    let show = web
        .get(&format!("/o/{}/prozesse/{}", s.b, s.b_process))
        .await;
    assert!(show.body.contains("Aktualisierung verfügbar"));
    assert!(show.body.contains(&page));
    // The update page: the summary, the conflict marked, keep-own chosen
    // for it, the others taken by default.
    let html = web.get(&page).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(
        html.body.contains("3 Änderungen, davon 1 Konflikt"),
        "{}",
        html.body
    );
    assert!(html.body.contains("Bearbeitungszeit (Min.)"));
    assert!(html.body.contains("Hinweise zu 1.1"));
    let checked = |id: &str, value: &str| {
        regex::Regex::new(&format!(
            r#"name="c:{}" value="{value}" checked"#,
            regex::escape(id)
        ))
        .unwrap()
        .is_match(&html.body)
    };
    assert!(checked("a.processingMinutes", "keep"));
    assert!(checked("c.label", "take"));
    assert!(checked("steckbrief.description", "take"));
    // A Betrachter reads it without the choices, and cannot take.
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let ro = viewer.get(&page).await;
    assert_eq!(ro.status, StatusCode::OK);
    assert!(!ro.body.contains("type=\"radio\""));
    let viewer_token = app.client().token("betrachter@musterstadt.example").await;
    let r = c
        .api_post(
            &path(s.b, s.b_process),
            &viewer_token,
            json!({"take": ["c.label"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(
        viewer
            .post(&page, &[("version", "1"), ("c:c.label", "take")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Another organisation sees none of it.
    let c_org = oid(&app.org_id("Gemeinde Beispielheim").await);
    let other = app.client().token("admin@beispielheim.example").await;
    assert_eq!(
        c.api_get(&path(c_org, s.b_process), &other).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        c.api_get(&path(s.b, s.b_process), &other).await.status,
        StatusCode::NOT_FOUND
    );
    let c_web = app.signed_in("admin@beispielheim.example").await;
    assert_eq!(
        c_web
            .get(&format!(
                "/o/{c_org}/prozesse/{}/aktualisierung",
                s.b_process
            ))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Elbtal's own process is based on 1.1 already.
    let a_token = app
        .client()
        .token("modellierer@landkreis-elbtal.example")
        .await;
    let r = c.api_get(&path(s.a, s.a_process), &a_token).await;
    assert_eq!(r.json()["to_version"], r.json()["from_version"]);
    // A process that did not come from a template has no update.
    let plain = app
        .store
        .create_process(
            &Actor::system("Test"),
            s.b,
            &Save {
                area_id: None,
                status: Status::Dokumentiert,
                profile: Profile {
                    name: "Eigener Prozess".into(),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        c.api_get(&path(s.b, plain.id), &token).await.status,
        StatusCode::NOT_FOUND
    );

    // Taking on a version someone has saved past is refused.
    let version = u["process_version"].as_i64().unwrap();
    let take = json!(["steckbrief.description", "c.label"]);
    let r = c
        .api_post(
            &path(s.b, s.b_process),
            &token,
            json!({"take": take, "expected_version": version - 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("inzwischen geändert"), "{}", r.body);
    // And on a template version that is not the current one.
    let r = c
        .api_post(
            &path(s.b, s.b_process),
            &token,
            json!({"take": take, "to_version": "1.0"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

    // Taking the template's non-conflicting changes.
    let r = c
        .api_post(
            &path(s.b, s.b_process),
            &token,
            json!({"take": take, "expected_version": version}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let t = r.json();
    assert_eq!(t["version"], version + 1);
    assert_eq!(t["lineage_version"], "1.1");
    assert_eq!(t["process_id"], s.b_process.to_string());
    let m = model_of(&app, s.b, s.b_process).await;
    let items = &m["subprocesses"][0]["items"];
    assert_eq!(items[0]["processingMinutes"], 15.0, "own time kept");
    assert_eq!(
        items[1]["label"], "Bescheid schreiben (Musterstadt)",
        "own label kept"
    );
    assert_eq!(
        items[2]["label"], "Unterlagen elektronisch ablegen",
        "template's change taken"
    );
    let (row, v) = app.store.get_process(s.b, s.b_process).await.unwrap();
    assert_eq!(
        v.profile().description,
        "Anmeldung, Ummeldung und Abmeldung eines Gewerbes"
    );
    assert_eq!(
        v.note,
        "Aktualisierung auf Version 1.1 des Musterprozesses „Gewerbeanmeldung“"
    );
    assert_eq!(row.version, version + 1);
    let l = app
        .store
        .get_lineage(s.b, s.b_process)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((l.major, l.minor), (1, 1));
    assert!(app.store.update_notices(s.b).await.unwrap().is_empty());
    let home = web.get(&format!("/o/{}", s.b)).await;
    assert!(!home.body.contains("Aktualisierungen verfügbar"));
    // Nothing left to take.
    let u = c.api_get(&path(s.b, s.b_process), &token).await.json();
    assert_eq!(
        (
            u["from_version"].as_str(),
            u["changes"].as_array().map(Vec::len)
        ),
        (Some("1.1"), Some(0))
    );
    let r = c
        .api_post(&path(s.b, s.b_process), &token, json!({"take": []}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}
both!(take_an_update_with_a_conflict);

async fn the_page_takes_and_skips(app: TestApp) {
    let s = setup(&app).await;
    change_b(&app, &s).await;
    release_1_1(&app, &s).await;
    let web = app.signed_in("modellierer@musterstadt.example").await;
    let page = format!("/o/{}/prozesse/{}/aktualisierung", s.b, s.b_process);
    let process = format!("/o/{}/prozesse/{}", s.b, s.b_process);

    // "Diese Version überspringen" hides the notice …
    let r = web
        .post(&format!("{page}/ueberspringen"), &[("to", "1.1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location.as_deref().unwrap().starts_with(&process));
    assert!(app.store.update_notices(s.b).await.unwrap().is_empty());
    let show = web.get(&process).await;
    assert!(!show.body.contains("Aktualisierung verfügbar"));
    // … until a further version.
    let mut m = model_of(&app, s.a, s.a_process).await;
    m["subprocesses"][0]["items"][1]["processingMinutes"] = json!(25.0);
    save_model(&app, s.a, s.a_process, &m).await;
    release(&app, s.a, s.a_process, Some((1, 1)), (1, 2)).await;
    let notices = app.store.update_notices(s.b).await.unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!((notices[0].new_major, notices[0].new_minor), (1, 2));

    // The form: the version it was made on, keep-own on the conflict.
    let html = web.get(&page).await.body;
    assert!(html.contains("Hinweise zu 1.1") && html.contains("Hinweise zu 1.2"));
    let (row, _) = app.store.get_process(s.b, s.b_process).await.unwrap();
    let v = row.version.to_string();
    // A form made on an older version is refused with the page again.
    let old = (row.version - 1).to_string();
    let r = web
        .post(
            &page,
            &[
                ("version", &old),
                ("to", "1.2"),
                ("c:a.processingMinutes", "keep"),
                ("c:c.label", "take"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("inzwischen geändert"), "{}", r.body);
    let r = web
        .post(
            &page,
            &[
                ("version", &v),
                ("to", "1.2"),
                ("c:steckbrief.description", "keep"),
                ("c:a.processingMinutes", "keep"),
                ("c:b.processingMinutes", "take"),
                ("c:c.label", "take"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("{process}?hinweis=library_update.taken").as_str())
    );
    let show = web.get(r.location.as_deref().unwrap()).await;
    assert!(
        show.body.contains("Die Aktualisierung wurde übernommen"),
        "{}",
        show.body
    );
    let m = model_of(&app, s.b, s.b_process).await;
    let items = &m["subprocesses"][0]["items"];
    assert_eq!(items[0]["processingMinutes"], 15.0);
    assert_eq!(items[1]["processingMinutes"], 25.0);
    assert_eq!(items[1]["label"], "Bescheid schreiben (Musterstadt)");
    assert_eq!(items[2]["label"], "Unterlagen elektronisch ablegen");
    let (_, v) = app.store.get_process(s.b, s.b_process).await.unwrap();
    assert_eq!(v.profile().description, "Anmeldung eines Gewerbes", "kept");
    let l = app
        .store
        .get_lineage(s.b, s.b_process)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((l.major, l.minor), (1, 2));
    // The page now says there is nothing to take.
    let html = web.get(&page).await.body;
    assert!(
        html.contains("bereits auf der aktuellen Version 1.2"),
        "{html}"
    );
}
both!(the_page_takes_and_skips);

/// A new version that adds a step done by a role the adopter has not
/// mapped: the comparison names the role, the page offers mapping it, and
/// taking with the role mapped gives the step the chosen org unit and
/// keeps the mapping for later updates.
async fn a_new_role_is_mapped_when_taking(app: TestApp) {
    let s = setup(&app).await;
    let units_a = app.store.list_org_units(s.a).await.unwrap();
    let new_unit = &units_a[1];
    let mut m = model_of(&app, s.a, s.a_process).await;
    // Step d at a pay grade both have by name, e at one only Elbtal has.
    let grades_a = app.store.list_pay_grades(s.a).await.unwrap();
    let special = app
        .store
        .create_pay_grade(
            &Actor::system("Test"),
            s.a,
            "Sondergruppe",
            HourlyRate::from_cents(9000),
        )
        .await
        .unwrap();
    let mut d = step(
        "d",
        "Gewerbeamt informieren",
        3.0,
        &grades_a[2].id.to_string(),
    );
    d["orgUnit"] = json!(new_unit.id.to_string());
    let items = m["subprocesses"][0]["items"].as_array_mut().unwrap();
    items.push(d);
    items.push(step("e", "Sonderfall", 1.0, &special.id.to_string()));
    save_model(&app, s.a, s.a_process, &m).await;
    release(&app, s.a, s.a_process, Some((1, 0)), (1, 1)).await;

    let token = app.client().token("modellierer@musterstadt.example").await;
    let c = app.client();
    let u = c.api_get(&path(s.b, s.b_process), &token).await.json();
    assert_eq!(u["unmapped_roles"], json!([new_unit.name]), "{u:#}");
    assert_eq!(ids(&u), ["d.element", "e.element"], "{u:#}");
    assert_eq!(
        u["unknown_names"],
        json!([{"kind": "Entgeltgruppe", "name": "Sondergruppe"}])
    );
    assert_eq!(u["changes"][0]["field"], "element");
    assert!(u["changes"][0].get("base").is_none(), "not in the base");
    let web = app.signed_in("modellierer@musterstadt.example").await;
    let html = web
        .get(&format!(
            "/o/{}/prozesse/{}/aktualisierung",
            s.b, s.b_process
        ))
        .await
        .body;
    assert!(
        html.contains(&format!("Rolle „{}“", new_unit.name)),
        "{html}"
    );
    assert!(
        html.contains("vorhanden: „Gewerbeamt informieren“"),
        "{html}"
    );
    assert!(html.contains("Entgeltgruppe: Sondergruppe"), "{html}");

    // A unit of another organisation is refused.
    let foreign = app.store.list_org_units(s.a).await.unwrap().remove(0);
    let r = c
        .api_post(
            &path(s.b, s.b_process),
            &token,
            json!({"take": ["d.element"], "roles": {new_unit.name.clone(): foreign.id}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    let unit_b = app.store.list_org_units(s.b).await.unwrap().remove(1);
    let r = c
        .api_post(
            &path(s.b, s.b_process),
            &token,
            json!({"take": ["d.element"], "roles": {new_unit.name.clone(): unit_b.id}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = model_of(&app, s.b, s.b_process).await;
    let d = &m["subprocesses"][0]["items"][3];
    assert_eq!(d["id"], "d");
    assert_eq!(d["orgUnit"], unit_b.id.to_string());
    let grade_b = app
        .store
        .list_pay_grades(s.b)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.name == grades_a[2].name)
        .unwrap();
    assert_eq!(d["payGrade"], grade_b.id.to_string(), "matched by name");
    let l = app
        .store
        .get_lineage(s.b, s.b_process)
        .await
        .unwrap()
        .unwrap();
    let mapping: Value = serde_json::from_str(&l.mapping).unwrap();
    assert_eq!(mapping["roles"][&new_unit.name], unit_b.id.to_string());
}
both!(a_new_role_is_mapped_when_taking);
