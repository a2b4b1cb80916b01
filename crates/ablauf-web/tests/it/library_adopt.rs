//! The library as readers find it and organisations adopt from it: the
//! German text search and the filters (page and API), a template's page
//! for every version, and adopting through the API and the wizard — roles
//! to org units, pay grades and reference-list entries by name, lineage,
//! adopting twice, and who may.
//!
//! Templates are put into the library through the store: a process of
//! Landkreis Elbtal made neutral ([`ablauf_library::content::neutralise`]),
//! proposed and released.

use std::collections::HashMap;

use ablauf_domain::process::{Profile, Status};
use ablauf_domain::{OrgKind, OrgUnitId, TemplateId};
use ablauf_library::Content;
use ablauf_library::content::{Names, neutralise};
use ablauf_model::BlockModel;
use ablauf_store::library::NewProposal;
use ablauf_store::{Actor, OrgId, Save};
use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::harness::TestApp;

/// What a test template holds besides its model.
struct Spec {
    name: &'static str,
    themenfeld: &'static str,
    lebenslage: &'static str,
    service: (&'static str, &'static str),
    suits: Vec<OrgKind>,
    keywords: Vec<&'static str>,
}

/// A model with two roles, "Gewerbeamt" (the subprocess) and "Kasse" (one
/// step), pay grades "E 9a" and "E 10", an IT system and a wait.
fn model(units: (&str, &str)) -> BlockModel {
    BlockModel::from_json(
        &json!({"subprocesses": [{"id": "sp1", "name": "Prüfung", "orgUnit": units.0, "items": [
            {"kind": "step", "id": "a", "label": "Anmeldung prüfen", "block": "bearbeiten",
             "processingMinutes": 20.0, "payGrade": "E 9a", "itSystem": "Gewerbe-Fachverfahren"},
            {"kind": "step", "id": "b", "label": "Gebühr buchen", "block": "bearbeiten",
             "processingMinutes": 10.0, "waitingMinutes": 60.0, "payGrade": "E 10", "orgUnit": units.1}
        ]}]})
        .to_string(),
    )
    .unwrap()
}

/// Neutral content from a process of Elbtal: its units become the roles
/// "Gewerbeamt" and "Kasse".
async fn neutral(app: &TestApp, spec: &Spec) -> (Content, ablauf_store::ProcessId) {
    let org = OrgId(app.org_id("Landkreis Elbtal").await.parse().unwrap());
    let units = app.store.list_org_units(org).await.unwrap();
    let (a, b) = (units[0].id, units[1].id);
    let profile = Profile {
        name: spec.name.into(),
        description: format!("{} – Musterablauf", spec.name),
        service_key: Some(spec.service.0.into()),
        service_name: spec.service.1.into(),
        themenfeld: spec.themenfeld.into(),
        lebenslage: spec.lebenslage.into(),
        org_unit_id: Some(a),
        participating_units: vec![b],
        cases_per_year: Some(600),
        keywords: spec.keywords.iter().map(|k| (*k).to_owned()).collect(),
        ..Default::default()
    };
    let row = app
        .store
        .create_process(
            &Actor::system("Test"),
            org,
            &Save {
                area_id: None,
                status: Status::Modelliert,
                profile: profile.clone(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let m = model((&a.to_string(), &b.to_string()));
    let names = Names {
        roles: HashMap::from([(a, "Gewerbeamt".to_owned()), (b, "Kasse".to_owned())]),
        ..Default::default()
    };
    let mut c = neutralise(&profile, &m, &names, &spec.suits);
    // The test model names pay grades, not ids: neutralise dropped them;
    // the model with roles and names is what a proposal would hold.
    c.model = model(("Gewerbeamt", "Kasse"));
    c.profile.legal_bases = vec!["§ 14 GewO".into()];
    c.profile.it_systems = vec!["Gewerbe-Fachverfahren".into()];
    c.profile.external_parties = vec!["Finanzamt".into()];
    (c, row.id)
}

/// Releases `spec` as a new template (version 1.0); answers its id.
async fn release(app: &TestApp, spec: &Spec) -> TemplateId {
    let elbtal = OrgId(app.org_id("Landkreis Elbtal").await.parse().unwrap());
    let (c, process) = neutral(app, spec).await;
    let actor = Actor::system("Redaktion");
    let json = ablauf_app::library::content_json(&c);
    let p = app
        .store
        .create_proposal(
            &actor,
            elbtal,
            &NewProposal {
                process_id: process,
                process_version: 1,
                template_id: None,
                base: None,
                name: spec.name.into(),
                note: String::new(),
                content: json.clone(),
                mapping: "{}".into(),
            },
        )
        .await
        .unwrap();
    app.store
        .release_proposal(
            &actor,
            p.id,
            None,
            (1, 0),
            "Erste Fassung",
            (&json, &ablauf_app::library::meta(&c)),
        )
        .await
        .unwrap()
}

/// Releases version 1.1 of the template, with a third step.
async fn release_minor(app: &TestApp, template: TemplateId, spec: &Spec) {
    let elbtal = OrgId(app.org_id("Landkreis Elbtal").await.parse().unwrap());
    let (mut c, process) = neutral(app, spec).await;
    if let ablauf_model::Item::Step(s) = c.model.subprocesses[0].items[0].clone() {
        let mut s = s;
        s.id = "c".into();
        s.label = "Bescheinigung versenden".into();
        c.model.subprocesses[0]
            .items
            .push(ablauf_model::Item::Step(s));
    }
    let actor = Actor::system("Redaktion");
    let json = ablauf_app::library::content_json(&c);
    let p = app
        .store
        .create_proposal(
            &actor,
            elbtal,
            &NewProposal {
                process_id: process,
                process_version: 1,
                template_id: Some(template),
                base: Some((1, 0)),
                name: spec.name.into(),
                note: String::new(),
                content: json.clone(),
                mapping: "{}".into(),
            },
        )
        .await
        .unwrap();
    app.store
        .release_proposal(
            &actor,
            p.id,
            Some((1, 0)),
            (1, 1),
            "Versand ergänzt",
            (&json, &ablauf_app::library::meta(&c)),
        )
        .await
        .unwrap();
}

fn gewerbe() -> Spec {
    Spec {
        name: "Gewerbeanmeldung",
        themenfeld: "Wirtschaft",
        lebenslage: "Unternehmensgründung",
        service: ("99050012104000", "Gewerbeanmeldung"),
        suits: vec![],
        keywords: vec!["Gewerbe"],
    }
}

fn hundesteuer() -> Spec {
    Spec {
        name: "Hundesteuer – Anmeldung",
        themenfeld: "Steuern",
        lebenslage: "Haustiere",
        service: ("99107004017000", "Hundesteuer Anmeldung"),
        suits: vec![OrgKind::Gemeinde, OrgKind::Stadt],
        keywords: vec!["Hund"],
    }
}

fn bau() -> Spec {
    Spec {
        name: "Baugenehmigung",
        themenfeld: "Bauen und Wohnen",
        lebenslage: "Bauen",
        service: ("99015004000000", "Baugenehmigung"),
        suits: vec![OrgKind::Landkreis],
        keywords: vec![],
    }
}

/// Three templates, the first in versions 1.0 and 1.1.
async fn library(app: &TestApp) -> (TemplateId, TemplateId, TemplateId) {
    let g = release(app, &gewerbe()).await;
    release_minor(app, g, &gewerbe()).await;
    let h = release(app, &hundesteuer()).await;
    let b = release(app, &bau()).await;
    (g, h, b)
}

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

both!(finding_templates);
async fn finding_templates(app: TestApp) {
    let c = app.client();
    let token = c.token("betrachter@musterstadt.example").await;
    // An empty library says so.
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let r = viewer.get("/bibliothek").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("noch keine Musterprozesse"), "{}", r.body);
    let (g, _, _) = library(&app).await;

    let r = c.api_get("/api/v1/library/templates", &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let all = r.json();
    assert_eq!(
        names(&all),
        [
            "Baugenehmigung",
            "Gewerbeanmeldung",
            "Hundesteuer – Anmeldung"
        ]
    );
    let t = all.as_array().unwrap()[1].clone();
    assert_eq!(t["id"], g.to_string());
    assert_eq!(t["version"], "1.1");
    assert_eq!(t["service_key"], "99050012104000");
    assert_eq!(t["service_name"], "Gewerbeanmeldung");
    assert_eq!(t["themenfeld"], "Wirtschaft");
    assert_eq!(t["lebenslage"], "Unternehmensgründung");
    assert_eq!(t["suits"], json!([]));
    assert_eq!(t["step_count"], 3);
    // Elbtal's proposing process is based on it.
    assert_eq!(t["adoptions"], 1);

    let find = |q: &str| {
        let c = &c;
        let token = &token;
        let q = q.to_owned();
        async move {
            let r = c
                .api_get(&format!("/api/v1/library/templates?{q}"), token)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
            names(&r.json())
        }
    };
    // German word forms, compounds, umlauts, typos, step labels.
    assert_eq!(find("q=Gewerbeanmeldungen").await[0], "Gewerbeanmeldung");
    assert_eq!(find("q=anmeldung+gewerbe").await[0], "Gewerbeanmeldung");
    assert_eq!(find("q=Hundesteuern").await, ["Hundesteuer – Anmeldung"]);
    assert_eq!(find("q=Baugenehmigungen").await, ["Baugenehmigung"]);
    assert_eq!(find("q=Bescheinigung").await, ["Gewerbeanmeldung"]);
    assert!(find("q=Fischereischein").await.is_empty());
    // Filters, alone and with the search.
    assert_eq!(
        find("kind=landkreis").await,
        ["Baugenehmigung", "Gewerbeanmeldung"]
    );
    assert_eq!(
        find("kind=gemeinde").await,
        ["Gewerbeanmeldung", "Hundesteuer – Anmeldung"]
    );
    assert_eq!(
        find("themenfeld=steuern").await,
        ["Hundesteuer – Anmeldung"]
    );
    assert_eq!(find("lebenslage=Bauen").await, ["Baugenehmigung"]);
    assert_eq!(find("service=99050012104000").await, ["Gewerbeanmeldung"]);
    assert_eq!(
        find("service=99050012104000%20%E2%80%93%20Gewerbeanmeldung").await,
        ["Gewerbeanmeldung"]
    );
    assert_eq!(
        find("service=hundesteuer").await,
        ["Hundesteuer – Anmeldung"]
    );
    assert!(find("q=Hund&kind=landkreis").await.is_empty());
    assert_eq!(
        find("q=Hund&kind=gemeinde").await,
        ["Hundesteuer – Anmeldung"]
    );
    // Paging with the total in a header.
    let r = c
        .api_get("/api/v1/library/templates?limit=1&offset=1", &token)
        .await;
    assert_eq!(names(&r.json()), ["Gewerbeanmeldung"]);
    let r = c
        .http
        .get(c.url("/api/v1/library/templates?limit=1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-total-count"], "3");
    // An unknown kind is named.
    let r = c
        .api_get("/api/v1/library/templates?kind=dorf", &token)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("kind"), "{}", r.body);

    // The page: every signed-in person, not anonymous.
    let r = viewer.get("/bibliothek?q=Gewerbeanmeldungen").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Gewerbeanmeldung"));
    assert!(!r.body.contains("Baugenehmigung</a>"), "{}", r.body);
    assert!(r.body.contains("1 Musterprozess"));
    // The words found are marked in the name.
    assert!(
        r.body.contains("<mark>Gewerbeanmeldung</mark>"),
        "{}",
        r.body
    );
    let r = viewer.get("/bibliothek?kind=landkreis").await;
    assert!(r.body.contains("Baugenehmigung") && !r.body.contains("Hundesteuer – Anmeldung</a>"));
    let r = viewer.get("/bibliothek?q=Fischereischein").await;
    assert!(r.body.contains("Keine Musterprozesse gefunden"));
    assert!(r.body.contains(r#"href="/bibliothek""#), "navigation entry");
    let r = app.client().get("/bibliothek").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location.unwrap().starts_with("/anmelden"));
    let r = app.client().get("/api/v1/library/templates").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // A release after the index was built is found by the next search.
    release(
        &app,
        &Spec {
            name: "Fischereischein",
            themenfeld: "Freizeit",
            lebenslage: "Angeln",
            service: ("99012003000000", "Fischereischein"),
            suits: vec![],
            keywords: vec![],
        },
    )
    .await;
    assert_eq!(find("q=Fischereischeine").await, ["Fischereischein"]);
}

both!(reading_a_template);
async fn reading_a_template(app: TestApp) {
    let (g, _, _) = library(&app).await;
    let elbtal = OrgId(app.org_id("Landkreis Elbtal").await.parse().unwrap());
    app.store
        .set_library_usage_public(&Actor::system("Test"), elbtal, true)
        .await
        .unwrap();
    let c = app.client();
    let token = c.token("betrachter@musterstadt.example").await;
    let r = c
        .api_get(&format!("/api/v1/library/templates/{g}"), &token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let t = r.json();
    assert_eq!(t["version"], "1.1");
    assert_eq!(t["current_version"], "1.1");
    assert_eq!(t["roles"], json!(["Gewerbeamt", "Kasse"]));
    assert_eq!(t["pay_grades"], json!(["E 10", "E 9a"]));
    assert_eq!(t["profile"]["responsible_role"], "Gewerbeamt");
    assert_eq!(t["model"]["subprocesses"][0]["orgUnit"], "Gewerbeamt");
    assert_eq!(t["figures"]["steps"], 3);
    // 20 + 10 + 20 minutes; the wait of an hour is in the lead time.
    assert_eq!(t["figures"]["processing_minutes_per_case"], 50.0);
    assert!(t["figures"]["lead_time_hours"].as_f64().unwrap() > 1.8);
    let versions = t["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], "1.1");
    assert_eq!(versions[0]["release_notes"], "Versand ergänzt");
    assert_eq!(versions[1]["version"], "1.0");
    // Elbtal's process is based on 1.1 now; Elbtal allows being named.
    assert_eq!(versions[0]["organizations"], 1);
    assert_eq!(
        versions[0]["named_organizations"],
        json!(["Landkreis Elbtal"])
    );
    let r = c
        .api_get(
            &format!("/api/v1/library/templates/{g}/versions/1.0"),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["version"], "1.0");
    assert_eq!(r.json()["figures"]["steps"], 2);
    for missing in [
        format!("/api/v1/library/templates/{g}/versions/3.0"),
        format!("/api/v1/library/templates/{g}/versions/neu"),
        format!("/api/v1/library/templates/{}", uuid::Uuid::new_v4()),
    ] {
        assert_eq!(
            c.api_get(&missing, &token).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }

    // The page: Steckbrief, diagram with the roles as lanes, steps,
    // figures, versions with usage.
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let r = viewer.get(&format!("/bibliothek/vorlagen/{g}")).await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "Gewerbeanmeldung – Musterablauf",
        "§ 14 GewO",
        "<svg",
        "Gewerbeamt",
        "Bescheinigung versenden",
        "Bearbeitungszeit je Fall",
        "50 Min.",
        "Durchlaufzeit je Fall",
        "Versand ergänzt",
        "Erste Fassung",
        "Darunter: Landkreis Elbtal",
    ] {
        assert!(r.body.contains(text), "{text} missing");
    }
    // A Betrachter does not adopt; a Modellierer of Musterstadt does.
    assert!(!r.body.contains("/uebernehmen"));
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    let mut r = modeller.get(&format!("/bibliothek/vorlagen/{g}")).await;
    r.body = r.body.replace("&#x2f;", "/");
    let musterstadt = app.org_id("Stadt Musterstadt").await;
    assert!(
        r.body
            .contains(&format!("/o/{musterstadt}/bibliothek/{g}/uebernehmen")),
        "{}",
        r.body
    );
    // An older version is readable and says so.
    let r = viewer
        .get(&format!("/bibliothek/vorlagen/{g}/versionen/1.0"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("ältere Version"));
    assert!(!r.body.contains("Bescheinigung versenden"));
    let r = modeller
        .get(&format!("/bibliothek/vorlagen/{g}/versionen/1.0"))
        .await;
    assert!(
        r.body
            .replace("&#x2f;", "/")
            .contains("uebernehmen?version=1.0")
    );
}

/// Beispielheim's unit and pay grade ids by name.
async fn beispielheim(
    app: &TestApp,
) -> (String, HashMap<String, OrgUnitId>, HashMap<String, String>) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let oid = OrgId(org.parse().unwrap());
    let units = app
        .store
        .list_org_units(oid)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.name, u.id))
        .collect();
    let grades = app
        .store
        .list_pay_grades(oid)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.name, g.id.to_string()))
        .collect();
    (org, units, grades)
}

both!(adopting_through_the_api);
async fn adopting_through_the_api(app: TestApp) {
    let (g, _, _) = library(&app).await;
    let (org, units, grades) = beispielheim(&app).await;
    let c = app.client();
    let token = c.token("modellierer@beispielheim.example").await;
    let path = format!("/api/v1/organizations/{org}/adoptions");
    let gewerbeamt = units["Gewerbeamt"].to_string();
    let kasse = units["Gemeindekasse"].to_string();
    // A role left unmapped is named.
    let r = c
        .api_post(
            &path,
            &token,
            json!({"template_id": g, "version": "1.1", "roles": {"Gewerbeamt": gewerbeamt}, "area_id": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields = &r.json()["error"]["fields"];
    assert!(
        fields["roles.Kasse"].as_str().unwrap().contains("„Kasse“"),
        "{fields}"
    );
    // So is a pay grade the organisation has no grade of ("E 10").
    assert!(fields["pay_grades.E 10"].is_string(), "{fields}");
    assert!(fields.get("pay_grades.E 9a").is_none(), "matched by name");
    // A unit of another organisation is refused too.
    let musterstadt = OrgId(app.org_id("Stadt Musterstadt").await.parse().unwrap());
    let foreign = app.store.list_org_units(musterstadt).await.unwrap()[0].id;
    let r = c
        .api_post(
            &path,
            &token,
            json!({"template_id": g, "roles": {"Gewerbeamt": gewerbeamt, "Kasse": foreign},
                   "pay_grades": {"E 10": grades["E 11"]}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"]["fields"]["roles.Kasse"].is_string());
    let oid = OrgId(org.parse().unwrap());
    assert_eq!(
        app.store.list_pay_grades(oid).await.unwrap().len(),
        grades.len(),
        "nothing created on refusal"
    );

    // Mapped: a new process with the organisation's ids.
    let r = c
        .api_post(
            &path,
            &token,
            json!({"template_id": g, "roles": {"Gewerbeamt": gewerbeamt, "Kasse": kasse},
                   "pay_grades": {"E 10": {"hourly_rate": "70,10"}}, "area_id": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let p = r.json();
    assert_eq!(p["profile"]["name"], "Gewerbeanmeldung");
    assert_eq!(p["status"], "modelliert");
    assert_eq!(p["profile"]["org_unit_id"], gewerbeamt);
    assert_eq!(p["profile"]["participating_units"], json!([kasse]));
    let id = p["id"].as_str().unwrap().to_owned();
    let grades_after: HashMap<String, String> = app
        .store
        .list_pay_grades(oid)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.name, g.id.to_string()))
        .collect();
    assert!(grades_after.contains_key("E 10"), "created with its rate");
    let m = c
        .api_get(
            &format!("/api/v1/organizations/{org}/processes/{id}/model"),
            &token,
        )
        .await
        .json();
    let m = if m.get("model").is_some() {
        m["model"].clone()
    } else {
        m
    };
    let sp = &m["subprocesses"][0];
    assert_eq!(sp["orgUnit"], gewerbeamt);
    assert_eq!(sp["items"][0]["payGrade"], grades["E 9a"]);
    assert_eq!(sp["items"][1]["orgUnit"], kasse);
    assert_eq!(sp["items"][1]["payGrade"], grades_after["E 10"]);
    assert_eq!(sp["items"][0]["itSystem"], "Gewerbe-Fachverfahren");
    // Reference-list entries were created and named by the Steckbrief.
    let entries = app.store.all_reference_entries(oid).await.unwrap();
    for name in ["Gewerbe-Fachverfahren", "§ 14 GewO", "Finanzamt"] {
        let e = entries
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        let ids = [
            &p["profile"]["it_systems"],
            &p["profile"]["legal_bases"],
            &p["profile"]["external_parties"],
        ];
        assert!(
            ids.iter()
                .any(|l| l.as_array().unwrap().contains(&json!(e.id.to_string()))),
            "{name}"
        );
    }
    // Lineage: based on 1.1, with the version note.
    let pid = ablauf_store::ProcessId(id.parse().unwrap());
    let l = app.store.get_lineage(oid, pid).await.unwrap().unwrap();
    assert_eq!(
        (l.template_id, l.major, l.minor, l.adopted),
        (g, 1, 1, true)
    );
    let versions = c
        .api_get(
            &format!("/api/v1/organizations/{org}/processes/{id}/versions"),
            &token,
        )
        .await;
    assert!(
        versions
            .body
            .contains("Übernommen aus Musterprozess „Gewerbeanmeldung“, Version 1.1"),
        "{}",
        versions.body
    );
    let page = app.signed_in("betrachter@beispielheim.example").await;
    let r = page.get(&format!("/o/{org}/prozesse/{id}")).await;
    assert!(
        r.body.contains("Übernommen aus Musterprozess"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .replace("&#x2f;", "/")
            .contains(&format!("/bibliothek/vorlagen/{g}/versionen/1.1"))
    );

    // Adopting again (the older version) is allowed; the wizard says so.
    let r = c
        .api_post(
            &path,
            &token,
            json!({"template_id": g, "version": "1.0", "roles": {"Gewerbeamt": gewerbeamt, "Kasse": kasse}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let second = r.json()["id"].as_str().unwrap().to_owned();
    let modeller = app.signed_in("modellierer@beispielheim.example").await;
    let r = modeller
        .get(&format!("/o/{org}/bibliothek/{g}/uebernehmen"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Sie haben diesen Musterprozess bereits übernommen")
    );
    let body = r.body.replace("&#x2f;", "/");
    assert!(body.contains(&format!("/o/{org}/prozesse/{id}")));
    assert!(body.contains(&format!("/o/{org}/prozesse/{second}")));
    // Two organisations use it now.
    let list = c
        .api_get("/api/v1/library/templates?q=Gewerbe", &token)
        .await
        .json();
    assert_eq!(list[0]["adoptions"], 2);

    // A Betrachter may not adopt; a member of another organisation finds
    // nothing there.
    let viewer = c.token("betrachter@beispielheim.example").await;
    let body = json!({"template_id": g, "roles": {"Gewerbeamt": gewerbeamt, "Kasse": kasse}});
    assert_eq!(
        c.api_post(&path, &viewer, body.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let stranger = c.token("modellierer@musterstadt.example").await;
    assert_eq!(
        c.api_post(&path, &stranger, body.clone()).await.status,
        StatusCode::NOT_FOUND
    );
    let v = app.signed_in("betrachter@beispielheim.example").await;
    assert_eq!(
        v.get(&format!("/o/{org}/bibliothek/{g}/uebernehmen"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // An unknown template is not found.
    let r = c
        .api_post(
            &path,
            &token,
            json!({"template_id": uuid::Uuid::new_v4(), "roles": {}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

both!(adopting_through_the_wizard);
async fn adopting_through_the_wizard(app: TestApp) {
    let (g, _, _) = library(&app).await;
    let (org, units, grades) = beispielheim(&app).await;
    let area = app
        .store
        .create_area(
            &Actor::system("Test"),
            OrgId(org.parse().unwrap()),
            None,
            "Ordnung",
        )
        .await
        .unwrap();
    let modeller = app.signed_in("modellierer@beispielheim.example").await;
    let path = format!("/o/{org}/bibliothek/{g}/uebernehmen");
    let r = modeller.get(&path).await;
    assert_eq!(r.status, StatusCode::OK);
    // Suggested by name: equal ("Gewerbeamt"), contained ("Kasse" in
    // "Gemeindekasse"); E 9a matched, E 10 to be created; missing entries
    // said.
    for (role, unit) in [("0", "Gewerbeamt"), ("1", "Gemeindekasse")] {
        let re = regex::Regex::new(&format!(
            r#"(?s)id="f-role-{role}".*?<option value="{}" selected>"#,
            units[unit]
        ))
        .unwrap();
        assert!(re.is_match(&r.body), "role {role} → {unit}");
    }
    assert!(
        r.body
            .contains(&format!(r#"<option value="{}" selected>"#, grades["E 9a"]))
    );
    assert!(r.body.contains("Neu anlegen: „E 10“"));
    assert!(r.body.contains("wird angelegt"));
    assert!(!r.body.contains("bereits übernommen"));

    // A role left unmapped, a new pay grade without a rate: the form again.
    let r = modeller
        .post(
            &path,
            &[
                ("version", "1.1"),
                ("role-0", &units["Gewerbeamt"].to_string()),
                ("role-1", ""),
                ("grade-0", "neu"),
                ("rate-0", ""),
                ("grade-1", &grades["E 9a"]),
                ("area_id", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Bitte ordnen Sie die Rolle „Kasse“"),
        "{}",
        r.body
    );
    assert!(r.body.contains(r##"href="#f-role-1""##));
    assert!(r.body.contains(r##"href="#f-grade-0""##));

    let r = modeller
        .post(
            &path,
            &[
                ("version", "1.1"),
                ("role-0", &units["Gewerbeamt"].to_string()),
                ("role-1", &units["Gemeindekasse"].to_string()),
                ("grade-0", "neu"),
                ("rate-0", "70,10"),
                ("grade-1", &grades["E 9a"]),
                ("area_id", &area.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.location.unwrap();
    assert!(to.starts_with(&format!("/o/{org}/prozesse/")));
    let page = modeller.get(&to).await;
    assert!(page.body.contains("Übernommen aus Musterprozess"));
    assert!(page.body.contains("Gewerbeanmeldung"));
    let pid = ablauf_store::ProcessId(to.rsplit('/').next().unwrap().parse().unwrap());
    let (row, _) = app
        .store
        .get_process(OrgId(org.parse().unwrap()), pid)
        .await
        .unwrap();
    assert_eq!(row.area_id, Some(area.id));
}
