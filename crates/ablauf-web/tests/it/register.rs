//! The process register: Steckbriefe with validation, versions, comparison,
//! restore, conflicts between two editors, release rules, filters.

use reqwest::StatusCode;

use crate::both;
use crate::harness::{Client, TestApp, input_value};

const SERVICES: &str = "leika_schluessel,leika_bezeichnung,typisierung,rechtsgrundlage,ozg_id,ozg_leistung,lebenslage,themenfeld\n\
99050012104000,Gewerbeanmeldung,3,,10117,Gewerbeanzeige,Unternehmensführung,Unternehmensführung\n\
99108004000000,Hundesteuer An- und Abmeldung,3,,10356,Hundesteuer,Haustiere,Steuern\n";

async fn setup(app: &TestApp) -> (String, Client) {
    let parsed = ablauf_domain::service::parse_catalogue(SERVICES.as_bytes()).unwrap();
    app.store
        .import_services(&ablauf_store::Actor::system("Test"), &parsed.services)
        .await
        .unwrap();
    let org = app.org_id("Stadt Musterstadt").await;
    let c = app.signed_in("modellierer@musterstadt.example").await;
    (org, c)
}

fn process_id(location: &str) -> String {
    location
        .split('/')
        .nth(4)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

both!(steckbrief_versions_compare_and_restore);
async fn steckbrief_versions_compare_and_restore(app: TestApp) {
    let (org, c) = setup(&app).await;
    let base = format!("/o/{org}/prozesse");
    assert!(
        c.get(&base)
            .await
            .body
            .contains("Das Prozessregister ist noch leer")
    );
    let r = c
        .post(
            &format!("{base}/bereiche"),
            &[("name", "Kernprozesse"), ("parent_id", "")],
        )
        .await;
    assert_eq!(r.location, Some(format!("{base}?hinweis=area_created")));
    let area = app
        .store
        .list_areas(ablauf_store::OrgId(org.parse().unwrap()))
        .await
        .unwrap()[0]
        .id
        .to_string();
    let r = c
        .post(
            &format!("/o/{org}/kataloge/fachverfahren"),
            &[
                ("name", "Gewerbe-Fachverfahren"),
                ("detail", "Hersteller X"),
                ("link", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let it = app
        .store
        .list_reference_entries(
            ablauf_store::OrgId(org.parse().unwrap()),
            ablauf_domain::ReferenceKind::ItSystem,
        )
        .await
        .unwrap()[0]
        .id
        .to_string();

    // Validation: errors tied to fields, typed values kept.
    let r = c
        .post(
            &format!("{base}/neu"),
            &[
                ("name", ""),
                ("trigger", "Anzeige geht ein"),
                ("service_key", "11111111111111"),
                ("valid_from", "31.02.2026"),
                ("status", "dokumentiert"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Diese Leistung gibt es im Leistungskatalog nicht")
    );
    assert!(r.body.contains("Bitte geben Sie ein Datum ein"));
    assert!(r.body.contains("href=\"#f-name\""));
    assert!(r.body.contains("Anzeige geht ein"), "typed values are kept");

    let r = c
        .post(
            &format!("{base}/neu"),
            &[
                ("name", "Gewerbeanmeldung"),
                ("identifier", "P-32.1-001"),
                ("area_id", &area),
                ("status", "dokumentiert"),
                ("service_key", "99050012104000 – Gewerbeanmeldung"),
                ("trigger", "Gewerbeanzeige geht ein"),
                ("it_systems", &it),
                ("keywords", "Gewerbe, Anzeige, gewerbe"),
                ("cases_per_year", "1.200"),
                ("criticality", "hoch"),
                ("digitisation_level", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = process_id(r.location.as_deref().unwrap());
    let page = c.get(&format!("{base}/{id}")).await.body;
    assert!(
        page.contains("Gewerbeanzeige"),
        "OZG service filled from the catalogue"
    );
    assert!(page.contains("Unternehmensführung"));
    assert!(page.contains("Gewerbe-Fachverfahren – Hersteller X"));
    assert!(page.contains("Gewerbe, Anzeige<"), "keywords deduplicated");
    assert!(page.contains(">1200<"));
    assert!(
        c.get(&base).await.body.contains("Gewerbeanmeldung"),
        "tile on the map"
    );

    // Edit → version 2.
    let edit = c.get(&format!("{base}/{id}/bearbeiten")).await.body;
    assert_eq!(
        input_value(&edit, "f-name").as_deref(),
        Some("Gewerbeanmeldung")
    );
    let r = c
        .post(
            &format!("{base}/{id}/bearbeiten"),
            &[
                ("version", "1"),
                ("name", "Gewerbeanmeldung"),
                ("area_id", &area),
                ("status", "modelliert"),
                ("trigger", "Anzeige online über das Portal"),
                ("criticality", "hoch"),
                ("note", "Auslöser präzisiert"),
            ],
        )
        .await;
    assert_eq!(r.location, Some(format!("{base}/{id}?hinweis=saved")));
    let history = c.get(&format!("{base}/{id}/versionen")).await.body;
    assert!(history.contains("Auslöser präzisiert"));
    let cmp = c.get(&format!("{base}/{id}/vergleich?a=1&b=2")).await.body;
    assert!(
        cmp.contains("Gewerbeanzeige geht ein") && cmp.contains("Anzeige online über das Portal")
    );
    assert!(cmp.contains("class=\"changed\""));
    assert!(cmp.contains("Felder unterscheiden sich"));

    // Restore version 1 as version 3.
    let r = c
        .post(&format!("{base}/{id}/versionen/1/wiederherstellen"), &[])
        .await;
    assert_eq!(
        r.location,
        Some(format!("{base}/{id}/versionen?hinweis=version_restored"))
    );
    let (row, v) = app
        .store
        .get_process(
            ablauf_store::OrgId(org.parse().unwrap()),
            id.parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(row.version, 3);
    assert_eq!(v.profile().trigger, "Gewerbeanzeige geht ein");
    assert_eq!(row.status.code(), "dokumentiert");
    assert!(
        c.get(&format!("{base}/{id}/vergleich?a=1&b=3"))
            .await
            .body
            .contains("0 Felder unterscheiden sich")
    );
}

both!(two_editors_conflict_and_nothing_is_lost);
async fn two_editors_conflict_and_nothing_is_lost(app: TestApp) {
    let (org, anna) = setup(&app).await;
    let base = format!("/o/{org}/prozesse");
    let r = anna
        .post(
            &format!("{base}/neu"),
            &[
                ("name", "Hundesteuer – An- und Abmeldung"),
                ("status", "identifiziert"),
                ("criticality", "normal"),
            ],
        )
        .await;
    let id = process_id(r.location.as_deref().unwrap());
    let ben = app.signed_in("lotse@ablauf.example").await;
    // Both opened version 1.
    let r = anna
        .post(
            &format!("{base}/{id}/bearbeiten"),
            &[
                ("version", "1"),
                ("name", "Hundesteuer – An- und Abmeldung"),
                ("trigger", "Antrag per Post"),
                ("status", "dokumentiert"),
                ("criticality", "normal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = ben
        .post(
            &format!("{base}/{id}/bearbeiten"),
            &[
                ("version", "1"),
                ("name", "Hundesteuer – An- und Abmeldung"),
                ("trigger", "Online-Antrag"),
                ("result", "Steuerbescheid"),
                ("status", "dokumentiert"),
                ("criticality", "normal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body
            .contains("Jemand anderes hat diesen Prozess inzwischen gespeichert")
    );
    assert!(
        r.body.contains("Antrag per Post"),
        "the other person's value is shown"
    );
    assert!(r.body.contains("Online-Antrag"), "what Ben typed is kept");
    assert!(r.body.contains("Steuerbescheid"));
    assert!(
        r.body.contains("name=\"version\" value=\"2\""),
        "the form now names the current version"
    );
    let (row, v) = app
        .store
        .get_process(
            ablauf_store::OrgId(org.parse().unwrap()),
            id.parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        (row.version, v.profile().trigger.as_str()),
        (2, "Antrag per Post"),
        "nothing overwritten"
    );
    // Saving again is a conscious decision and works.
    let r = ben
        .post(
            &format!("{base}/{id}/bearbeiten"),
            &[
                ("version", "2"),
                ("name", "Hundesteuer – An- und Abmeldung"),
                ("trigger", "Online-Antrag"),
                ("result", "Steuerbescheid"),
                ("status", "dokumentiert"),
                ("criticality", "normal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .list_versions(
                ablauf_store::OrgId(org.parse().unwrap()),
                id.parse().unwrap()
            )
            .await
            .unwrap()
            .len(),
        3
    );
}

both!(release_needs_the_owner_or_an_administrator);
async fn release_needs_the_owner_or_an_administrator(app: TestApp) {
    let (org, modeller) = setup(&app).await;
    let base = format!("/o/{org}/prozesse");
    let r = modeller
        .post(
            &format!("{base}/neu"),
            &[
                ("name", "Posteingang"),
                ("status", "optimiert"),
                ("criticality", "normal"),
            ],
        )
        .await;
    let id = process_id(r.location.as_deref().unwrap());
    assert!(
        !modeller
            .get(&format!("{base}/{id}"))
            .await
            .body
            .contains("freigeben</button>")
    );
    assert_eq!(
        modeller
            .post(&format!("{base}/{id}/freigeben"), &[("version", "1")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Named as owner, the modeller may release.
    let me = app.user_id("modellierer@musterstadt.example").await;
    let r = modeller
        .post(
            &format!("{base}/{id}/bearbeiten"),
            &[
                ("version", "1"),
                ("name", "Posteingang"),
                ("owner_id", &me),
                ("status", "optimiert"),
                ("criticality", "normal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        modeller
            .get(&format!("{base}/{id}"))
            .await
            .body
            .contains("Version 2 freigeben")
    );
    // A stale release (version 1) is refused.
    let r = modeller
        .post(&format!("{base}/{id}/freigeben"), &[("version", "1")])
        .await;
    assert_eq!(
        r.location,
        Some(format!("{base}/{id}?hinweis=release_conflict"))
    );
    let r = modeller
        .post(&format!("{base}/{id}/freigeben"), &[("version", "2")])
        .await;
    assert_eq!(
        r.location,
        Some(format!("{base}/{id}?hinweis=process_released"))
    );
    let page = modeller.get(&format!("{base}/{id}")).await.body;
    assert!(page.contains("Freigegeben: Version 2 durch Jonas Becker"));
    // An administrator may release any process; the audit trail records it.
    let admin = app.signed_in("admin@musterstadt.example").await;
    let audit = admin
        .get(&format!(
            "/o/{org}/verwaltung/protokoll?action=process.released"
        ))
        .await
        .body;
    assert!(audit.contains("Prozess „Posteingang“ in Version 2 freigegeben"));
    // Editing after release keeps the recorded release of version 2.
    modeller
        .post(
            &format!("{base}/{id}/bearbeiten"),
            &[
                ("version", "2"),
                ("name", "Posteingang"),
                ("owner_id", &me),
                ("status", "freigegeben"),
                ("criticality", "normal"),
            ],
        )
        .await;
    let (row, _) = app
        .store
        .get_process(
            ablauf_store::OrgId(org.parse().unwrap()),
            id.parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        (row.version, row.released_version, row.status.code()),
        (3, Some(2), "optimiert")
    );
}

both!(register_table_filters_and_sorts);
async fn register_table_filters_and_sorts(app: TestApp) {
    let (org, c) = setup(&app).await;
    let base = format!("/o/{org}/prozesse");
    for (name, status) in [
        ("Urlaubsantrag", "dokumentiert"),
        ("Anmeldung einer Wohnung", "modelliert"),
        ("Rechnungseingang", "dokumentiert"),
    ] {
        let r = c
            .post(
                &format!("{base}/neu"),
                &[
                    ("name", name),
                    ("status", status),
                    ("criticality", "normal"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let all = c.get(&format!("{base}?ansicht=tabelle")).await.body;
    let pos = |b: &str, s: &str| b.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos(&all, ">Anmeldung einer Wohnung<") < pos(&all, ">Rechnungseingang<"));
    assert!(all.contains("aria-sort=\"ascending\""));
    let desc = c
        .get(&format!("{base}?ansicht=tabelle&sort=name&dir=desc"))
        .await
        .body;
    assert!(pos(&desc, ">Urlaubsantrag<") < pos(&desc, ">Anmeldung einer Wohnung<"));
    let filtered = c
        .get(&format!("{base}?ansicht=tabelle&status=dokumentiert"))
        .await
        .body;
    assert!(filtered.contains(">Urlaubsantrag<") && filtered.contains(">Rechnungseingang<"));
    assert!(!filtered.contains(">Anmeldung einer Wohnung<"));
    // A viewer reads the register but sees no edit actions.
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let page = viewer.get(&format!("{base}?ansicht=tabelle")).await.body;
    assert!(page.contains(">Urlaubsantrag<"));
    assert!(!page.contains("Prozess anlegen"));
}

both!(process_api_with_optimistic_concurrency);
async fn process_api_with_optimistic_concurrency(app: TestApp) {
    let (org, c) = setup(&app).await;
    let token = c.token("modellierer@musterstadt.example").await;
    let body = serde_json::json!({
        "status": "dokumentiert",
        "profile": { "name": "Gewerbeanmeldung", "service_key": "99050012104000", "keywords": ["Gewerbe"], "cases_per_year": 1200 }
    });
    let api = format!("/api/v1/organizations/{org}/processes");
    let r = c.api_post(&api, &token, body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert_eq!(created["version"], 1);
    assert_eq!(created["organization_id"], org.as_str());
    assert_eq!(
        created["profile"]["ozg_service"], "Gewerbeanzeige",
        "filled from the catalogue"
    );
    let id = created["id"].as_str().unwrap().to_owned();

    let bad = c
        .api_post(
            &api,
            &token,
            serde_json::json!({ "profile": { "name": "", "digitisation_level": 7 } }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = bad.json();
    assert_eq!(
        e["error"]["fields"]["name"],
        "Bitte füllen Sie dieses Feld aus."
    );
    assert!(e["error"]["fields"]["digitisation_level"].is_string());

    let put = |version: i64, trigger: &str| {
        let (http, url, token) = (c.http.clone(), c.url(&format!("{api}/{id}")), token.clone());
        let body = serde_json::json!({ "version": version, "status": "modelliert", "profile": { "name": "Gewerbeanmeldung", "trigger": trigger } });
        async move {
            let r = http
                .put(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (status, v2) = put(1, "Anzeige online").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v2["version"], 2);
    let (status, conflict) = put(1, "veraltet").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["error"]["code"], "conflict");
    assert_eq!(conflict["current"]["version"], 2);
    assert_eq!(conflict["current"]["profile"]["trigger"], "Anzeige online");

    let versions = c
        .api_get(&format!("{api}/{id}/versions"), &token)
        .await
        .json();
    assert_eq!(versions.as_array().unwrap().len(), 2);
    assert_eq!(versions[0]["version"], 2);
    let list = c
        .api_get(&format!("{api}?status=modelliert"), &token)
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Someone in several organisations names the organisation in the path.
    let lotse = c.token("lotse@ablauf.example").await;
    let r = c.api_post(&api, &lotse, body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["organization_id"], org.as_str());
    let elbtal = app.org_id("Landkreis Elbtal").await;
    let r = c
        .api_post(
            &format!("/api/v1/organizations/{elbtal}/processes"),
            &lotse,
            body.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["organization_id"], elbtal.as_str());
    // A process is found only under its own organisation.
    assert_eq!(
        c.api_get(
            &format!("/api/v1/organizations/{elbtal}/processes/{id}"),
            &lotse
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Nobody picks an organisation they do not belong to.
    let r = c
        .api_post(
            &format!("/api/v1/organizations/{elbtal}/processes"),
            &token,
            body.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Viewers read but do not write.
    let viewer = c.token("betrachter@musterstadt.example").await;
    assert_eq!(
        c.api_get(&format!("{api}/{id}"), &viewer).await.status,
        StatusCode::OK
    );
    assert_eq!(
        c.api_post(&api, &viewer, body).await.status,
        StatusCode::FORBIDDEN
    );
    let r = c
        .http
        .delete(c.url(&format!("{api}/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        c.api_get(&format!("{api}/{id}"), &token).await.status,
        StatusCode::NOT_FOUND
    );
}

both!(large_registers_page_the_table_and_shorten_the_map);
async fn large_registers_page_the_table_and_shorten_the_map(app: TestApp) {
    use ablauf_domain::process::{Profile, Status};
    use ablauf_store::{Actor, OrgId, Save};
    let (org_s, c) = setup(&app).await;
    let org = OrgId(org_s.parse().unwrap());
    let actor = Actor::system("Test");
    let area = app
        .store
        .create_area(&actor, org, None, "Ordnungswidrigkeiten")
        .await
        .unwrap();
    for i in 1..=250 {
        let save = Save {
            area_id: Some(area.id),
            status: Status::Identifiziert,
            profile: Profile {
                name: format!("Bußgeldverfahren {i:03}"),
                ..Default::default()
            },
            note: String::new(),
        };
        app.store.create_process(&actor, org, &save).await.unwrap();
    }
    let table = |query: String| {
        let c = &c;
        let org_s = org_s.clone();
        async move {
            c.get(&format!("/o/{org_s}/prozesse?ansicht=tabelle&{query}"))
                .await
                .body
        }
    };
    let area_q = format!("area={}", area.id);
    let first = table(area_q.clone()).await;
    assert!(first.contains("Zeilen 1–100 von 250"), "{first}");
    assert!(first.contains("Seite 1 von 3"));
    assert_eq!(first.matches("<th scope=\"row\">").count(), 100);
    assert!(first.contains("Bußgeldverfahren 001") && !first.contains("Bußgeldverfahren 101"));
    // The next page keeps the filter.
    assert!(
        first.contains(&format!("area={}", area.id)) && first.contains("seite=2"),
        "{first}"
    );
    let last = table(format!("{area_q}&seite=3")).await;
    assert!(last.contains("Zeilen 201–250 von 250"));
    assert_eq!(last.matches("<th scope=\"row\">").count(), 50);
    assert!(last.contains("Bußgeldverfahren 250") && !last.contains("Seite 4"));
    // Sorted descending, page 1 starts at the other end.
    let desc = table(format!("{area_q}&sort=name&dir=desc")).await;
    assert!(desc.contains("Bußgeldverfahren 250") && !desc.contains("Bußgeldverfahren 001"));
    // Behind the end, or junk: the last or the first page, never an error.
    assert!(
        table(format!("{area_q}&seite=99"))
            .await
            .contains("Zeilen 201–250 von 250")
    );
    assert!(
        table(format!("{area_q}&seite=abc"))
            .await
            .contains("Zeilen 1–100 von 250")
    );

    // The map shows the first 60 tiles of the area and links the table; the
    // area is not offered for deletion.
    let map = c.get(&format!("/o/{org_s}/prozesse")).await.body;
    let section = map
        .split("Ordnungswidrigkeiten</h2>")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(section.matches("class=\"tile ").count(), 60, "{section}");
    assert!(
        section.contains(
            "Alle 250 Prozesse im Bereich „Ordnungswidrigkeiten“ in der Tabelle (190 weitere)"
        ),
        "{section}"
    );
    assert!(!section.contains("/loeschen"));

    // The API pages too and says how many there are.
    let token = c.token("modellierer@musterstadt.example").await;
    let r = c
        .http
        .get(c.url(&format!(
            "/api/v1/organizations/{org_s}/processes?limit=10&offset=5"
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let total: usize = r.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        total,
        app.store.count_processes(org).await.unwrap() as usize
    );
    assert!(total >= 250);
    let list: serde_json::Value = r.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 10);
}

/// How many `<details>` are open at `needle` in `html` (its depth in the
/// tree view).
fn tree_depth(html: &str, needle: &str) -> usize {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} missing"));
    let before = &html[..at];
    before.matches("<details").count() - before.matches("</details>").count()
}

/// The names in an API answer listing processes, sorted.
fn names(r: crate::harness::Resp) -> Vec<String> {
    let mut n: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    n.sort();
    n
}

/// Creates an area of the process map (under `parent`, an id or "") and
/// returns its id.
async fn new_area(app: &TestApp, c: &Client, org: &str, name: &str, parent: &str) -> String {
    let r = c
        .post(
            &format!("/o/{org}/prozesse/bereiche"),
            &[("name", name), ("parent_id", parent)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.store
        .list_areas(ablauf_store::OrgId(org.parse().unwrap()))
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.name == name)
        .unwrap()
        .id
        .to_string()
}

both!(register_filters_by_service_and_shows_a_tree);
async fn register_filters_by_service_and_shows_a_tree(app: TestApp) {
    let (org, c) = setup(&app).await;
    let base = format!("/o/{org}/prozesse");
    let core = new_area(&app, &c, &org, "Kernprozesse", "").await;
    let citizens = new_area(&app, &c, &org, "Bürgerdienste", &core).await;
    for (name, area, service) in [
        (
            "Gewerbeanmeldung",
            citizens.as_str(),
            "99050012104000 – Gewerbeanmeldung",
        ),
        ("Hundesteuer", core.as_str(), "99108004000000"),
        ("Urlaubsantrag", "", ""),
    ] {
        let r = c
            .post(
                &format!("{base}/neu"),
                &[
                    ("name", name),
                    ("status", "dokumentiert"),
                    ("criticality", "normal"),
                    ("area_id", area),
                    ("service_key", service),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.body);
    }

    // The table filters by a service picked from the suggestions …
    let suggestions = c
        .get(&format!("/o/{org}/leistungen-vorschlag?service=gewerbe"))
        .await
        .body;
    assert!(suggestions.contains("value=\"99050012104000 – Gewerbeanmeldung\""));
    let table = |q: &str| {
        let c = &c;
        let url = format!("{base}?ansicht=tabelle&{q}");
        async move { c.get(&url).await.body }
    };
    let picked = table("service=99050012104000+%E2%80%93+Gewerbeanmeldung").await;
    assert!(picked.contains(">Gewerbeanmeldung<"));
    assert!(!picked.contains(">Hundesteuer<") && !picked.contains(">Urlaubsantrag<"));
    assert!(picked.contains("Zeilen 1–1 von 1"), "{picked}");
    // … and keeps it in the sort and export links.
    assert!(picked.contains(
        "service=99050012104000+%E2%80%93+Gewerbeanmeldung&amp;ansicht=tabelle&amp;sort=name"
    ));
    let export = picked
        .split("href=\"")
        .find(|s| s.contains("export?format=csv"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let (status, _, csv) = c.get_bytes(&export).await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Gewerbeanmeldung") && !csv.contains("Hundesteuer"));

    // Text that names one service is taken as that service and shown so.
    let typed = table("service=hundesteuer").await;
    assert!(typed.contains(">Hundesteuer<") && !typed.contains(">Gewerbeanmeldung<"));
    assert_eq!(
        input_value(&typed, "f-service").as_deref(),
        Some("99108004000000 – Hundesteuer An- und Abmeldung")
    );
    // Text that names no service, or several, is said so and not applied.
    for (q, message) in [
        (
            "service=Baumf%C3%A4llung",
            "Keine Leistung im Leistungskatalog passt",
        ),
        ("service=an", "Mehrere Leistungen passen"),
    ] {
        let page = table(q).await;
        assert!(page.contains(message), "{q}");
        assert!(page.contains("aria-invalid=\"true\""), "{q}");
        assert!(page.contains(">Urlaubsantrag<") && page.contains(">Hundesteuer<"));
    }
    let (status, _, _) = c
        .get_bytes(&format!("/o/{org}/prozesse/export?format=csv&service=an"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The API filters the same way and refuses unknown values in German.
    let token = c.token("modellierer@musterstadt.example").await;
    let api = format!("/api/v1/organizations/{org}/processes");
    let r = c
        .api_get(&format!("{api}?service_key=99108004000000"), &token)
        .await;
    assert_eq!(names(r), ["Hundesteuer"]);
    let r = c
        .api_get(&format!("{api}?area_id={citizens}"), &token)
        .await;
    assert_eq!(names(r), ["Gewerbeanmeldung"]);
    let r = c
        .api_get(
            &format!("{api}?criticality=normal&status=dokumentiert"),
            &token,
        )
        .await;
    assert_eq!(names(r).len(), 3);
    for q in ["criticality=egal", "status=fertig", "digitisation_level=9"] {
        let r = c.api_get(&format!("{api}?{q}"), &token).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Erlaubt")
                || q.starts_with("digit")
        );
    }

    // The tree view nests areas and their processes.
    let tree = c.get(&format!("{base}?ansicht=baum")).await.body;
    assert!(tree.contains("aria-current=\"page\">Baumansicht<"));
    assert_eq!(tree_depth(&tree, ">Kernprozesse<"), 1);
    assert_eq!(tree_depth(&tree, ">Bürgerdienste<"), 2);
    assert_eq!(tree_depth(&tree, ">Gewerbeanmeldung<"), 2);
    assert_eq!(tree_depth(&tree, ">Hundesteuer<"), 1);
    assert_eq!(tree_depth(&tree, ">Urlaubsantrag<"), 1);
    assert!(tree.find(">Ohne Bereich<").unwrap() < tree.find(">Urlaubsantrag<").unwrap());
    // A parent counts the processes of its subareas.
    assert!(tree.contains("Kernprozesse</span> <span class=\"meta\">(2 Prozesse)"));
    assert!(tree.contains("Bürgerdienste</span> <span class=\"meta\">(1 Prozess)"));

    // On the map a subarea's heading is one level below its parent's, and
    // an area with subareas is neither "empty" nor offered for deletion.
    let top = new_area(&app, &c, &org, "Leer oben", "").await;
    new_area(&app, &c, &org, "Leer unten", &top).await;
    let map = c.get(&base).await.body;
    assert!(map.contains(">Kernprozesse</h2>") && map.contains(">Bürgerdienste</h3>"));
    let section = |name: &str| {
        map.split(&format!(">{name}</"))
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(!section("Leer oben").contains("/loeschen"));
    assert!(!section("Leer oben").contains("Noch keine Prozesse"));
    assert!(section("Leer unten").contains("/loeschen"));
    assert!(section("Leer unten").contains("Noch keine Prozesse"));
}

both!(concurrent_saves_one_wins_the_others_are_told);
async fn concurrent_saves_one_wins_the_others_are_told(app: TestApp) {
    // Eight people save the same version at the same moment: exactly one
    // save wins, every other one is answered 409 with the winner's version,
    // none fails with a server error (SQLite included: writers queue).
    let (org, c) = setup(&app).await;
    let api = format!("/api/v1/organizations/{org}/processes");
    let token = c.token("modellierer@musterstadt.example").await;
    let created = c
        .api_post(
            &api,
            &token,
            serde_json::json!({ "profile": { "name": "Fundsache abgeben" } }),
        )
        .await
        .json();
    let id = created["id"].as_str().unwrap().to_owned();
    let saves: Vec<_> = (0..8)
        .map(|i| {
            let (http, url, token) = (c.http.clone(), c.url(&format!("{api}/{id}")), token.clone());
            tokio::spawn(async move {
                let body = serde_json::json!({ "version": 1, "profile": {
                    "name": "Fundsache abgeben", "trigger": format!("Fassung {i}") } });
                let r = http
                    .put(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                (i, r.status(), r.text().await.unwrap())
            })
        })
        .collect();
    let mut results = Vec::new();
    for s in saves {
        results.push(s.await.unwrap());
    }
    let won: Vec<_> = results
        .iter()
        .filter(|(_, s, _)| *s == StatusCode::OK)
        .collect();
    assert_eq!(won.len(), 1, "{results:?}");
    for (_, status, body) in &results {
        assert!(
            *status == StatusCode::OK || *status == StatusCode::CONFLICT,
            "{status}: {body}"
        );
    }
    let now = c.api_get(&format!("{api}/{id}"), &token).await.json();
    assert_eq!(now["version"], 2);
    assert_eq!(
        now["profile"]["trigger"],
        format!("Fassung {}", won[0].0).as_str()
    );
}

both!(a_parent_area_or_unit_includes_its_children_everywhere);
async fn a_parent_area_or_unit_includes_its_children_everywhere(app: TestApp) {
    // The tree counts a subarea's processes under its parent; the table,
    // the search, the API and the export select them alike.
    let (org, c) = setup(&app).await;
    let base = format!("/o/{org}/prozesse");
    let core = new_area(&app, &c, &org, "Kernprozesse", "").await;
    let citizens = new_area(&app, &c, &org, "Bürgerdienste", &core).await;
    let desk = new_area(&app, &c, &org, "Schalter", &citizens).await;
    let units = app
        .store
        .list_org_units(ablauf_store::OrgId(org.parse().unwrap()))
        .await
        .unwrap();
    let unit = |name: &str| {
        units
            .iter()
            .find(|u| u.name == name)
            .unwrap()
            .id
            .to_string()
    };
    for (name, area, u) in [
        (
            "Gewerbeanmeldung",
            desk.as_str(),
            unit("Sachgebiet Gewerbe"),
        ),
        ("Hundesteuer", core.as_str(), unit("Kämmerei")),
        ("Urlaubsantrag", "", unit("Sachgebiet Personal")),
    ] {
        let r = c
            .post(
                &format!("{base}/neu"),
                &[
                    ("name", name),
                    ("status", "dokumentiert"),
                    ("criticality", "normal"),
                    ("area_id", area),
                    ("org_unit_id", &u),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.body);
    }
    let shown = |page: &str| -> Vec<&str> {
        ["Gewerbeanmeldung", "Hundesteuer", "Urlaubsantrag"]
            .into_iter()
            .filter(|n| page.contains(&format!(">{n}<")))
            .collect()
    };
    let dez2 = unit("Dezernat II – Ordnung und Bürgerdienste");
    let dez1 = unit("Dezernat I – Verwaltung und Finanzen");
    // The register table.
    for (q, expected) in [
        (
            format!("area={core}"),
            vec!["Gewerbeanmeldung", "Hundesteuer"],
        ),
        (format!("area={citizens}"), vec!["Gewerbeanmeldung"]),
        (format!("unit={dez2}"), vec!["Gewerbeanmeldung"]),
        (format!("unit={dez1}"), vec!["Hundesteuer", "Urlaubsantrag"]),
        (format!("area={core}&unit={dez1}"), vec!["Hundesteuer"]),
    ] {
        let page = c.get(&format!("{base}?ansicht=tabelle&{q}")).await.body;
        assert_eq!(shown(&page), expected, "{q}");
        // The export of the same filter.
        let (status, _, csv) = c.get_bytes(&format!("{base}/export?format=csv&{q}")).await;
        assert_eq!(status, StatusCode::OK);
        let csv = String::from_utf8(csv).unwrap();
        for n in ["Gewerbeanmeldung", "Hundesteuer", "Urlaubsantrag"] {
            assert_eq!(csv.contains(n), expected.contains(&n), "{q}: {n} in {csv}");
        }
    }
    // The search page.
    let page = c
        .get(&format!("/o/{org}/suche?q=gewerbeanmeldung&area={core}"))
        .await
        .body;
    assert_eq!(shown(&page), ["Gewerbeanmeldung"]);
    let page = c
        .get(&format!(
            "/o/{org}/suche?q=gewerbeanmeldung&area={citizens}"
        ))
        .await
        .body;
    assert_eq!(shown(&page), ["Gewerbeanmeldung"]);
    // The API: the process list and the search.
    let token = c.token("modellierer@musterstadt.example").await;
    let api = format!("/api/v1/organizations/{org}");
    let r = c
        .api_get(&format!("{api}/processes?area_id={core}"), &token)
        .await;
    assert_eq!(names(r), ["Gewerbeanmeldung", "Hundesteuer"]);
    let r = c
        .api_get(&format!("{api}/processes?org_unit_id={dez2}"), &token)
        .await;
    assert_eq!(names(r), ["Gewerbeanmeldung"]);
    let r = c
        .api_get(&format!("{api}/search?q=gewerbe&area_id={core}"), &token)
        .await;
    assert_eq!(names(r), ["Gewerbeanmeldung"]);
    let r = c
        .api_get(&format!("{api}/search?q=steuer&org_unit_id={dez1}"), &token)
        .await;
    assert_eq!(names(r), ["Hundesteuer"]);
    // Another organisation's area selects nothing.
    let other = app.org_id("Gemeinde Beispielheim").await;
    let theirs = app
        .store
        .list_org_units(ablauf_store::OrgId(other.parse().unwrap()))
        .await
        .unwrap()[0]
        .id;
    let r = c
        .api_get(&format!("{api}/processes?org_unit_id={theirs}"), &token)
        .await;
    assert!(names(r).is_empty());
}

both!(the_comparison_ignores_list_order_and_marks_changed_words);
async fn the_comparison_ignores_list_order_and_marks_changed_words(app: TestApp) {
    let (org, c) = setup(&app).await;
    let token = c.token("modellierer@musterstadt.example").await;
    let api = format!("/api/v1/organizations/{org}/processes");
    let units = app
        .store
        .list_org_units(ablauf_store::OrgId(org.parse().unwrap()))
        .await
        .unwrap();
    let (u1, u2) = (units[0].id, units[1].id);
    let text = "Die Anzeige geht beim Sachgebiet Gewerbe ein und wird dort geprüft.";
    let r = c
        .api_post(
            &api,
            &token,
            serde_json::json!({ "profile": {
                "name": "Gewerbeanmeldung",
                "description": text,
                "keywords": ["Gewerbe", "Anzeige"],
                "participating_units": [u1, u2],
            }}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let body = serde_json::json!({ "version": 1, "profile": {
        "name": "Gewerbeanmeldung",
        "description": "Die Anzeige geht beim Bürgeramt ein und wird dort digital geprüft.",
        "keywords": ["Anzeige", "Gewerbe"],
        "participating_units": [u2, u1],
    }});
    let r = c
        .api_send(
            reqwest::Method::PUT,
            &format!("{api}/{id}"),
            &token,
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cmp = c
        .get(&format!("/o/{org}/prozesse/{id}/vergleich?a=1&b=2"))
        .await
        .body;
    // Only the description changed: the lists in another order did not.
    assert!(cmp.contains("1 Feld unterscheidet sich."), "{cmp}");
    assert_eq!(cmp.matches("class=\"changed\"").count(), 1);
    let row = cmp
        .split("<tr class=\"changed\">")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(row.contains("Kurzbeschreibung"), "{row}");
    assert!(
        row.contains(
            "<del><span class=\"visually-hidden\">entfernt: </span>Sachgebiet Gewerbe</del>"
        ),
        "{row}"
    );
    assert!(
        row.contains("<ins><span class=\"visually-hidden\">hinzugefügt: </span>Bürgeramt</ins>"),
        "{row}"
    );
    assert!(
        row.contains(
            "dort <ins><span class=\"visually-hidden\">hinzugefügt: </span>digital</ins> geprüft."
        ),
        "{row}"
    );
    assert_eq!(row.matches("<del>").count(), 1);
}

both!(an_unknown_stored_code_is_an_error_that_names_it);
async fn an_unknown_stored_code_is_an_error_that_names_it(app: TestApp) {
    let oid = ablauf_store::OrgId(app.org_id("Stadt Musterstadt").await.parse().unwrap());
    let save = ablauf_store::Save {
        area_id: None,
        status: ablauf_domain::process::Status::Dokumentiert,
        profile: ablauf_domain::process::Profile {
            name: "Hundesteuer".into(),
            ..Default::default()
        },
        note: String::new(),
    };
    let row = app
        .store
        .create_process(&ablauf_store::Actor::system("Test"), oid, &save)
        .await
        .unwrap();
    // A status this release does not know (written by hand, or by a newer
    // release) is not read as some other status.
    let mut c = app.raw().await;
    crate::raw_exec!(
        &mut c,
        "UPDATE processes SET status = 'verschollen' WHERE id = $1",
        row.id
    );
    let e = app.store.get_process(oid, row.id).await.unwrap_err();
    assert!(matches!(e, ablauf_store::StoreError::Db(_)), "{e:?}");
    assert!(
        e.to_string()
            .contains("unknown process status code „verschollen“"),
        "{e}"
    );
}
