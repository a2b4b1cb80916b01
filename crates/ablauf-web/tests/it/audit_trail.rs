//! The audit trail reads as German: summaries from the catalogue, the
//! states before and after as labelled fields with names instead of ids,
//! on the page and in the API; rows recorded before summaries became keys
//! stay readable.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::harness::TestApp;
use crate::{both, raw_exec};
use ablauf_store::{Actor, OrgId, UnitInput};

both!(the_audit_trail_shows_labelled_fields_with_names);
async fn the_audit_trail_shows_labelled_fields_with_names(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let actor = Actor::system("Test");
    let unit = |name: &str, parent: Option<ablauf_store::OrgUnitId>| UnitInput {
        parent_id: parent,
        name: name.into(),
        short_name: String::new(),
        positions: None,
    };
    let store = &app.store;
    let gone = store
        .create_org_unit(&actor, oid, &unit("Abteilung Xaverhof", None))
        .await
        .unwrap();
    let new_parent = store
        .create_org_unit(&actor, oid, &unit("Abteilung Yllostein", None))
        .await
        .unwrap();
    let water = store
        .create_org_unit(&actor, oid, &unit("Sachgebiet Zwergsee", Some(gone.id)))
        .await
        .unwrap();
    store
        .update_org_unit(
            &actor,
            oid,
            water.id,
            &unit("Sachgebiet Zwergseewerk", Some(new_parent.id)),
        )
        .await
        .unwrap();
    store.delete_org_unit(&actor, oid, gone.id).await.unwrap();

    let admin = app.signed_in("admin@musterstadt.example").await;
    let base = format!("/o/{org}/verwaltung/protokoll");
    let page = admin
        .get(&format!("{base}?action=org_unit.updated"))
        .await
        .body;
    assert!(page.contains("Organisationseinheit „Sachgebiet Zwergseewerk“ geändert"));
    assert!(
        page.contains("<th scope=\"row\">Übergeordnet</th>"),
        "{page}"
    );
    assert!(page.contains("<td>(gelöscht)</td><td>Abteilung Yllostein</td>"));
    assert!(page.contains("<td>Sachgebiet Zwergsee</td><td>Sachgebiet Zwergseewerk</td>"));
    assert!(!page.contains(&gone.id.to_string()), "no ids");
    assert!(!page.contains("&quot;parent_id&quot;"), "no JSON");
    assert!(
        !page.contains("<th scope=\"row\">Kurzbezeichnung</th>"),
        "unchanged fields are left out"
    );

    // A word of the sentence and a name both find events.
    let count = |q: &str| {
        let admin = &admin;
        let url = format!("{base}?action=org_unit&q={q}");
        async move { admin.get(&url).await.body }
    };
    assert!(count("gel%C3%B6scht").await.contains("1 Einträge"));
    assert!(count("Zwergseewerk").await.contains("1 Einträge"));
    assert!(count("zwergsee").await.contains("2 Einträge"));

    // The API gives the key, its arguments, the German summary and the
    // labelled fields beside the raw states.
    let c = app.client();
    let token = c.token("admin@musterstadt.example").await;
    let audit = c
        .api_get(
            &format!("/api/v1/organizations/{org}/audit?action=org_unit.updated"),
            &token,
        )
        .await;
    assert_eq!(audit.status, StatusCode::OK);
    let event = &audit.json()["events"][0];
    assert_eq!(
        event["summary"],
        "Organisationseinheit „Sachgebiet Zwergseewerk“ geändert"
    );
    assert_eq!(event["summary_key"], "audit_summary.org_unit_updated");
    assert_eq!(event["summary_args"]["name"], "Sachgebiet Zwergseewerk");
    assert_eq!(event["before"]["parent_id"], gone.id.to_string());
    let parent = event["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "parent_id")
        .expect("parent among the changes");
    assert_eq!(parent["label"], "Übergeordnet");
    assert_eq!(parent["before"], "(gelöscht)");
    assert_eq!(parent["after"], "Abteilung Yllostein");

    // Roles read in German, people by name.
    let users = admin.get(&format!("{base}?action=user.added")).await.body;
    assert!(users.contains("als Administrator aufgenommen"), "{users}");
    assert!(users.contains("<th scope=\"row\">Rolle</th>"));
}

both!(audit_rows_from_before_summary_keys_stay_readable);
async fn audit_rows_from_before_summary_keys_stay_readable(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid: Uuid = org.parse().unwrap();
    let insert = "INSERT INTO audit_events (id, organization_id, actor_id, actor_name, at, action, \
         entity_type, entity_id, summary, before_state, after_state) \
         VALUES ($1, $2, NULL, 'Frühere Version', $3, 'pay_grade.updated', 'pay_grade', NULL, \
         'Entgeltgruppe „E 5“ geändert: 40,00 € → 41,00 € je Stunde', \
         '{\"name\":\"E 5\",\"hourly_rate_cents\":4000}', '{\"name\":\"E 5\",\"hourly_rate_cents\":4100}')";
    let mut c = app.raw().await;
    raw_exec!(&mut c, insert, Uuid::now_v7(), oid, chrono::Utc::now());
    let admin = app.signed_in("admin@musterstadt.example").await;
    let page = admin
        .get(&format!("/o/{org}/verwaltung/protokoll?q=Fr%C3%BChere"))
        .await
        .body;
    assert!(page.contains("1 Einträge"), "{page}");
    assert!(page.contains("Entgeltgruppe „E 5“ geändert: 40,00 € → 41,00 € je Stunde"));
    assert!(page.contains("<td>40,00 €</td><td>41,00 €</td>"), "{page}");
    let c = app.client();
    let token = c.token("admin@musterstadt.example").await;
    let audit = c
        .api_get(
            &format!("/api/v1/organizations/{org}/audit?q=Fr%C3%BChere"),
            &token,
        )
        .await
        .json();
    assert_eq!(audit["total"], 1);
    let event = &audit["events"][0];
    assert!(event["summary_key"].is_null());
    assert_eq!(
        event["summary"],
        "Entgeltgruppe „E 5“ geändert: 40,00 € → 41,00 € je Stunde"
    );
    assert_eq!(event["changes"][0]["label"], "Stundensatz");
}
