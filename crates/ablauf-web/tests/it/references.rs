//! Reads never wait for a writer: a Steckbrief, an org unit and a pay
//! grade are answered while another transaction holds the write lock.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::harness::{RawConn, TestApp};
use crate::{both, raw_exec};
use ablauf_store::{Actor, OrgId, UnitInput};

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
async fn own_things(app: &TestApp, org: &str, tag: &str) -> (Uuid, Uuid, Uuid) {
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
            },
        )
        .await
        .unwrap();
    let system = app
        .store
        .create_catalog_entry(
            &actor,
            oid(org),
            "it_system",
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

both!(reads_are_answered_while_a_writer_holds_the_lock);
async fn reads_are_answered_while_a_writer_holds_the_lock(app: TestApp) {
    let org = app.org_id("Gemeinde Beispielheim").await;
    let (unit, _, _) = own_things(&app, &org, "hier").await;
    let process = process(&app, &org, "Hundesteuer").await;
    let c = app.signed_in("admin@beispielheim.example").await;
    let token = c.token("admin@beispielheim.example").await;
    let api = format!("/api/v1/processes/{}", process.id);
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
    async fn begin(app: &TestApp, process: Uuid) -> Writer {
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
