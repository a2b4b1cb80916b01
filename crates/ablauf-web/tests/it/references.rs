//! The store's guarantees towards every caller: every id a change carries
//! must belong to the organisation (another organisation's objects and ids
//! that exist nowhere are refused for the API, the form and the model
//! alike, with an error naming the field), and reads never wait for a
//! writer.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::harness::{RawConn, TestApp};
use crate::{both, raw_exec};
use ablauf_store::{Actor, OrgId, StoreError, StoredModel, UnitInput, Which};

fn oid(s: &str) -> OrgId {
    OrgId(s.parse().unwrap())
}

/// A process of the organisation with only a name.
async fn process(app: &TestApp, org: &str, name: &str) -> ablauf_store::ProcessRow {
    let save = ablauf_store::Save {
        area_id: None,
        status: Default::default(),
        profile: ablauf_domain::process::Profile {
            name: name.into(),
            ..Default::default()
        },
        note: String::new(),
    };
    app.store
        .create_process(&Actor::system("Test"), oid(org), &save)
        .await
        .unwrap()
}

/// A unit, an IT system and an area of the organisation, made for the test.
async fn own_things(
    app: &TestApp,
    org: &str,
    tag: &str,
) -> (
    ablauf_store::OrgUnitId,
    ablauf_store::EntryId,
    ablauf_store::AreaId,
) {
    let actor = Actor::system("Test");
    let unit = app
        .store
        .create_org_unit(
            &actor,
            oid(org),
            &UnitInput {
                parent_id: None,
                name: format!("Einheit {tag}"),
                short_name: String::new(),
                positions: None,
            },
        )
        .await
        .unwrap();
    let system = app
        .store
        .create_reference_entry(
            &actor,
            oid(org),
            ablauf_domain::ReferenceKind::ItSystem,
            &format!("Fachverfahren {tag}"),
            "",
            "",
        )
        .await
        .unwrap();
    let area = app
        .store
        .create_area(&actor, oid(org), None, &format!("Bereich {tag}"))
        .await
        .unwrap();
    (unit.id, system.id, area.id)
}

both!(references_outside_the_organization_are_refused);
async fn references_outside_the_organization_are_refused(app: TestApp) {
    let here = app.org_id("Gemeinde Beispielheim").await;
    let there = app.org_id("Stadt Musterstadt").await;
    let (unit, system, area) = own_things(&app, &here, "hier").await;
    let (their_unit, their_system, their_area) = own_things(&app, &there, "dort").await;
    let their_person = app.user_id("admin@musterstadt.example").await;
    let me = app.user_id("modellierer@beispielheim.example").await;
    let c = app.client();
    let token = c.token("modellierer@beispielheim.example").await;
    let processes_before = app.store.count_processes(oid(&here)).await.unwrap();
    let audit_before = app.audit_count(&here).await;

    let post = |profile: serde_json::Value, area: Option<ablauf_store::AreaId>| {
        let c = &c;
        let token = &token;
        let here = &here;
        async move {
            c.api_post(
                &format!("/api/v1/organizations/{here}/processes"),
                token,
                serde_json::json!({ "area_id": area, "profile": profile }),
            )
            .await
        }
    };
    // Within the list limit (200), so the store checks every id; longer
    // lists are refused by their length first.
    let many: Vec<Uuid> = (0..200).map(|_| Uuid::now_v7()).collect();
    let too_many: Vec<Uuid> = (0..30_000).map(|_| Uuid::now_v7()).collect();
    let refused = [
        (
            serde_json::json!({ "name": "P", "owner_id": their_person }),
            None,
            "owner_id",
            "Diese Person gehört nicht zu dieser Organisation.",
        ),
        (
            serde_json::json!({ "name": "P", "org_unit_id": their_unit }),
            None,
            "org_unit_id",
            "Diese Organisationseinheit gibt es in dieser Organisation nicht.",
        ),
        (
            serde_json::json!({ "name": "P", "participating_units": [unit, their_unit] }),
            None,
            "participating_units",
            "Diese Organisationseinheit gibt es in dieser Organisation nicht.",
        ),
        (
            serde_json::json!({ "name": "P", "participating_units": many }),
            None,
            "participating_units",
            "Diese Organisationseinheit gibt es in dieser Organisation nicht.",
        ),
        (
            // Known ids, but more of them than there are.
            serde_json::json!({ "name": "P", "participating_units": vec![unit; 200] }),
            None,
            "participating_units",
            "Die Liste nennt mehr Einträge, als es in dieser Organisation gibt.",
        ),
        (
            serde_json::json!({ "name": "P", "participating_units": too_many }),
            None,
            "participating_units",
            "Bitte wählen Sie höchstens 200 Einträge.",
        ),
        (
            serde_json::json!({ "name": "P", "participating_units": vec![unit; 30_000] }),
            None,
            "participating_units",
            "Bitte wählen Sie höchstens 200 Einträge.",
        ),
        (
            serde_json::json!({ "name": "P", "it_systems": [their_system] }),
            None,
            "it_systems",
            "Diesen Eintrag gibt es im Katalog dieser Organisation nicht.",
        ),
        (
            serde_json::json!({ "name": "P", "legal_bases": [Uuid::now_v7()] }),
            None,
            "legal_bases",
            "Diesen Eintrag gibt es im Katalog dieser Organisation nicht.",
        ),
        (
            // An entry of the organisation, but of another catalogue.
            serde_json::json!({ "name": "P", "documents": [system] }),
            None,
            "documents",
            "Diesen Eintrag gibt es im Katalog dieser Organisation nicht.",
        ),
        (
            serde_json::json!({ "name": "P", "external_parties": [Uuid::now_v7()] }),
            None,
            "external_parties",
            "Diesen Eintrag gibt es im Katalog dieser Organisation nicht.",
        ),
        (
            serde_json::json!({ "name": "P" }),
            Some(their_area),
            "area_id",
            "Den gewählten Bereich gibt es in dieser Organisation nicht.",
        ),
    ];
    for (profile, area, field, message) in refused {
        let r = post(profile, area).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.body
        );
        let e = r.json();
        assert_eq!(e["error"]["code"], "invalid");
        assert_eq!(e["error"]["fields"][field], message, "{}", r.body);
    }
    assert_eq!(
        app.store.count_processes(oid(&here)).await.unwrap(),
        processes_before,
        "nothing stored"
    );
    assert_eq!(app.audit_count(&here).await, audit_before);

    // The organisation's own references are stored.
    let r = post(
        serde_json::json!({
            "name": "Hundesteuer", "owner_id": me, "org_unit_id": unit,
            "participating_units": [unit], "it_systems": [system]
        }),
        Some(area),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let id = created["id"].as_str().unwrap().to_owned();

    // A new version may not add a foreign reference either.
    let put = |profile: serde_json::Value, version: i64| {
        let (http, url, token) = (
            c.http.clone(),
            c.url(&format!("/api/v1/organizations/{here}/processes/{id}")),
            token.clone(),
        );
        async move {
            let r = http
                .put(url)
                .bearer_auth(token)
                .json(&serde_json::json!({ "version": version, "profile": profile }))
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (status, e) = put(
        serde_json::json!({ "name": "Hundesteuer", "org_unit_id": their_unit }),
        1,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"]["fields"]["org_unit_id"].is_string(), "{e}");

    // Ids the process already holds stay, even when their unit is gone.
    app.store
        .delete_org_unit(&Actor::system("Test"), oid(&here), unit)
        .await
        .unwrap();
    let (status, saved) = put(
        serde_json::json!({
            "name": "Hundesteuer", "owner_id": me, "org_unit_id": unit,
            "participating_units": [unit], "it_systems": [system], "trigger": "Anmeldung"
        }),
        1,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);

    // The form refuses the same, at the field.
    let form = app.signed_in("modellierer@beispielheim.example").await;
    let base = format!("/o/{here}/prozesse");
    let new = |field: &'static str, value: String| {
        let (form, url) = (&form, format!("{base}/neu"));
        async move {
            let fields = [
                ("name", "Baumfällung"),
                ("criticality", "normal"),
                (field, &value),
            ];
            form.post(&url, &fields).await
        }
    };
    let r = new("owner_id", their_person.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("Diese Person gehört nicht zu dieser Organisation.")
    );
    assert!(r.body.contains("href=\"#f-owner_id\""), "{}", r.body);
    let their_unit = their_unit.to_string();
    let r = new("participating_units", their_unit.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-participating_units-error\""));
    let r = form
        .post(
            &format!("{base}/{id}/bearbeiten"),
            &[
                ("name", "Hundesteuer"),
                ("status", "identifiziert"),
                ("criticality", "normal"),
                ("version", "2"),
                ("org_unit_id", &their_unit),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("Diese Organisationseinheit gibt es in dieser Organisation nicht.")
    );

    // And the organisation's export still answers.
    let (status, mime, _) = form.get_bytes(&format!("{base}/export")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.contains("spreadsheetml"), "{mime}");
}

both!(models_name_only_the_organizations_units_and_pay_grades);
async fn models_name_only_the_organizations_units_and_pay_grades(app: TestApp) {
    let here = app.org_id("Gemeinde Beispielheim").await;
    let there = app.org_id("Stadt Musterstadt").await;
    let (unit, _, _) = own_things(&app, &here, "hier").await;
    let (their_unit, _, _) = own_things(&app, &there, "dort").await;
    let actor = Actor::system("Test");
    let grade = app
        .store
        .create_pay_grade(
            &actor,
            oid(&here),
            "E 99z",
            ablauf_domain::HourlyRate::from_cents(6000),
        )
        .await
        .unwrap();
    let process = process(&app, &here, "Gewerbeanmeldung").await;
    let model = |sp_unit: &str, step_unit: &str, step_grade: &str| StoredModel {
        blocks: Some(
            serde_json::json!({ "subprocesses": [{
                "id": "sp1", "name": "Eingang", "orgUnit": sp_unit,
                "items": [{ "kind": "step", "id": "s1", "label": "Prüfen",
                    "block": "formell-pruefen", "orgUnit": step_unit, "payGrade": step_grade }]
            }]})
            .to_string(),
        ),
        bpmn: None,
    };
    let save = |m: StoredModel, version: i64| {
        let store = app.store.clone();
        let actor = actor.clone();
        let org = oid(&here);
        async move {
            store
                .save_model(&actor, org, process.id, Which::AsIs, version, &m, "")
                .await
        }
    };
    let (u, g, tu) = (
        unit.to_string(),
        grade.id.to_string(),
        their_unit.to_string(),
    );
    let refused = [
        (model(&tu, &u, &g), "org_unit"),
        (model(&u, &tu, &g), "org_unit"),
        (model(&u, &u, &Uuid::now_v7().to_string()), "pay_grade"),
    ];
    for (m, field) in refused {
        match save(m, 1).await {
            Err(StoreError::Invalid(i)) => assert_eq!(i.field, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    // The organisation's own ids, and names as a BPMN file may carry them.
    let row = save(model(&u, "Bauamt", &g), 1).await.unwrap();
    assert_eq!(row.version, 2);
}

both!(reads_are_answered_while_a_writer_holds_the_lock);
async fn reads_are_answered_while_a_writer_holds_the_lock(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let (unit, _, _) = own_things(&app, &org, "hier").await;
    let process = process(&app, &org, "Hundesteuer").await;
    let c = app.signed_in("admin@beispielheim.example").await;
    let token = c.token("admin@beispielheim.example").await;
    let api = format!("/api/v1/organizations/{org}/processes/{}", process.id);
    let page = format!("/o/{org}/prozesse/{}", process.id);
    let unit_page = format!("/o/{org}/verwaltung/einheiten/{unit}");
    // Once before, so that signing in, the token's first use and the last
    // organisation are written already.
    for path in [&page, &unit_page] {
        assert_eq!(c.get(path).await.status, StatusCode::OK);
    }
    assert_eq!(c.api_get(&api, &token).await.status, StatusCode::OK);

    // Another writer takes the lock and changes the process's row.
    let hold = Writer::begin(&app, process.id).await;
    let r = c.api_get(&api, &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["profile"]["name"], "Hundesteuer");
    let r = c.get(&page).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Hundesteuer"));
    let r = c.get(&unit_page).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Einheit hier"));
    hold.rollback().await;
}

/// A write transaction of another connection, held open: on SQLite it
/// holds the database's write lock, on PostgreSQL the process row's lock.
struct Writer(RawConn);

impl Writer {
    async fn begin(app: &TestApp, process: ablauf_store::ProcessId) -> Writer {
        let mut c = app.raw().await;
        let begin = match app.backend {
            ablauf_store::Backend::Sqlite => "BEGIN IMMEDIATE",
            ablauf_store::Backend::Postgres => "BEGIN",
        };
        raw_exec!(&mut c, begin);
        raw_exec!(
            &mut c,
            "UPDATE processes SET name = name WHERE id = $1",
            process
        );
        Writer(c)
    }

    async fn rollback(mut self) {
        raw_exec!(&mut self.0, "ROLLBACK");
    }
}
