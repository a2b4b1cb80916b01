//! Proposals to the shared library: an organisation proposes a process
//! (made organisation-neutral, checked for personal data), the library
//! editors review it, ask for changes, reject or release it (four eyes),
//! the proposing process is then based on the template, and a later
//! change of that process is proposed as a change of the template.

use ablauf_domain::process::{Profile, Status};
use ablauf_store::{Actor, OrgId, ProcessId, Save, StoredModel, Which};
use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::harness::{Client, TestApp};

struct Setup {
    org: String,
    oid: OrgId,
    process: ProcessId,
    unit: String,
    grade: String,
}

/// Musterstadt's "Gewerbeanmeldung": an org unit "Bürgerbüro" runs the two
/// steps; the description names a mailbox (personal data to confirm).
async fn setup(app: &TestApp) -> Setup {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let actor = Actor::system("Test");
    let unit = app
        .store
        .create_org_unit(
            &actor,
            oid,
            &ablauf_store::UnitInput {
                parent_id: None,
                name: "Bürgerbüro Mitte".into(),
                short_name: String::new(),
                positions: None,
            },
        )
        .await
        .unwrap();
    let grade = app.store.list_pay_grades(oid).await.unwrap().remove(0);
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
                    description: "Rückfragen an gewerbe@musterstadt.example".into(),
                    trigger: "Antrag geht ein".into(),
                    org_unit_id: Some(unit.id),
                    cases_per_year: Some(800),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let model = json!({"subprocesses": [{"id": "sp1", "name": "Annahme", "orgUnit": unit.id.to_string(), "items": [
        {"kind": "step", "id": "s1", "label": "Antrag annehmen", "block": "eingang", "processingMinutes": 5.0, "payGrade": grade.id.to_string()},
        {"kind": "step", "id": "s2", "label": "Antrag prüfen", "block": "formell-pruefen", "processingMinutes": 15.0, "payGrade": grade.id.to_string()}
    ]}]});
    app.store
        .save_model(
            &actor,
            oid,
            row.id,
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
    Setup {
        org,
        oid,
        process: row.id,
        unit: unit.id.to_string(),
        grade: grade.name,
    }
}

async fn propose(c: &Client, token: &str, s: &Setup, confirm: bool) -> reqwest::StatusCode {
    c.api_post(
        &format!("/api/v1/organizations/{}/processes/{}/proposals", s.org, s.process),
        token,
        json!({"note": "Bewährt seit 2020", "roles": {s.unit.clone(): "Bürgerbüro"}, "suits": ["stadt", "gemeinde"], "confirm_personal": confirm}),
    )
    .await
    .status
}

both!(a_proposal_is_neutral_reviewed_and_released_with_four_eyes);
async fn a_proposal_is_neutral_reviewed_and_released_with_four_eyes(app: TestApp) {
    let s = setup(&app).await;
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    let token = modeller.token("modellierer@musterstadt.example").await;

    // The preview shows what leaves the organisation and what looks personal.
    let page = modeller
        .get(&format!("/o/{}/prozesse/{}/vorschlagen", s.org, s.process))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Rolle für „Bürgerbüro Mitte“"));
    assert!(page.body.contains("gewerbe@musterstadt.example"));
    assert!(page.body.contains("Antrag prüfen"));

    // Personal data must be resolved or confirmed.
    let r = modeller
        .api_post(
            &format!(
                "/api/v1/organizations/{}/processes/{}/proposals",
                s.org, s.process
            ),
            &token,
            json!({"note": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let findings = &r.json()["findings"];
    assert_eq!(findings[0]["kind"], "email");
    assert_eq!(findings[0]["text"], "gewerbe@musterstadt.example");
    assert!(
        app.store
            .list_proposals(&ablauf_domain::ProposalState::ALL, None)
            .await
            .unwrap()
            .is_empty()
    );

    // A Betrachter proposes nothing.
    let viewer = app.client();
    let vtoken = viewer.token("betrachter@musterstadt.example").await;
    assert_eq!(
        propose(&viewer, &vtoken, &s, true).await,
        StatusCode::FORBIDDEN
    );

    assert_eq!(
        propose(&modeller, &token, &s, true).await,
        StatusCode::CREATED
    );
    let mine = modeller
        .api_get(
            &format!("/api/v1/organizations/{}/proposals", s.org),
            &token,
        )
        .await
        .json();
    let id = mine[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(mine[0]["state"], "open");
    assert_eq!(mine[0]["template_id"], serde_json::Value::Null);

    // Another organisation does not see it.
    let other = app.client();
    let otoken = other.token("admin@beispielheim.example").await;
    let beispielheim = app.org_id("Gemeinde Beispielheim").await;
    let r = other
        .api_get(
            &format!("/api/v1/organizations/{beispielheim}/proposals/{id}"),
            &otoken,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The editors see the neutral content: roles instead of units, names
    // instead of ids, no person.
    let lotse = app.signed_in("lotse@ablauf.example").await;
    let ltoken = lotse.token("lotse@ablauf.example").await;
    let queue = lotse
        .api_get("/api/v1/library/proposals", &ltoken)
        .await
        .json();
    assert!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == id.as_str())
    );
    let review = lotse
        .api_get(&format!("/api/v1/library/proposals/{id}"), &ltoken)
        .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    let review = review.json();
    assert_eq!(review["roles"], json!(["Bürgerbüro"]));
    assert_eq!(
        review["content"]["profile"]["responsible_role"],
        "Bürgerbüro"
    );
    assert_eq!(
        review["content"]["model"]["subprocesses"][0]["orgUnit"],
        "Bürgerbüro"
    );
    assert_eq!(
        review["content"]["model"]["subprocesses"][0]["items"][0]["payGrade"],
        s.grade.as_str()
    );
    assert_eq!(review["content"]["suits"], json!(["stadt", "gemeinde"]));
    let text = review["content"].to_string();
    assert!(
        !text.contains(&s.unit),
        "no org unit id leaves the organisation"
    );
    assert!(
        review["missing_fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "legal_bases")
    );

    // Asking for changes needs a reason; the organisation answers and resubmits.
    let r = lotse
        .api_post(
            &format!("/api/v1/library/proposals/{id}/request-changes"),
            &ltoken,
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = lotse
        .api_post(
            &format!("/api/v1/library/proposals/{id}/request-changes"),
            &ltoken,
            json!({"reason": "Bitte die Rechtsgrundlagen ergänzen."}),
        )
        .await;
    assert_eq!(r.json()["state"], "changes_requested");
    let page = modeller
        .get(&format!("/o/{}/bibliothek/vorschlaege/{id}", s.org))
        .await;
    assert!(page.body.contains("Bitte die Rechtsgrundlagen ergänzen."));
    let r = modeller
        .post(
            &format!("/o/{}/bibliothek/vorschlaege/{id}/kommentare", s.org),
            &[("body", "Ergänzt, danke!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = modeller
        .post(
            &format!("/o/{}/bibliothek/vorschlaege/{id}/erneut", s.org),
            &[
                ("note", "Mit Rechtsgrundlagen"),
                ("confirm_personal", "on"),
                (&format!("role_{}", s.unit), "Bürgerbüro"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let review = lotse.get(&format!("/bibliothek/redaktion/{id}")).await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.body.contains("Ergänzt, danke!"));
    assert!(review.body.contains("wartet auf Prüfung"));

    // Four eyes: a library editor does not release their own proposal.
    let actor = Actor::system("Test");
    let modeller_id = ablauf_store::UserId(
        app.user_id("modellierer@musterstadt.example")
            .await
            .parse()
            .unwrap(),
    );
    app.store
        .set_library_editor(&actor, modeller_id, true)
        .await
        .unwrap();
    let r = modeller
        .api_post(
            &format!("/api/v1/library/proposals/{id}/release"),
            &token,
            json!({"version": "minor"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("Vier-Augen-Prinzip"));

    let r = lotse
        .api_post(
            &format!("/api/v1/library/proposals/{id}/release"),
            &ltoken,
            json!({"version": "minor", "release_notes": "Erste Fassung"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let released = r.json();
    assert_eq!(released["version"], "1.0");
    let template =
        ablauf_domain::TemplateId::parse(released["template_id"].as_str().unwrap()).unwrap();
    let t = app.store.get_template(template).await.unwrap();
    assert_eq!(
        (t.name.as_str(), t.major, t.minor),
        ("Gewerbeanmeldung", 1, 0)
    );
    // Released once: again is refused.
    let r = lotse
        .api_post(
            &format!("/api/v1/library/proposals/{id}/release"),
            &ltoken,
            json!({"version": "minor"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // The proposing process is now based on the template ...
    let lineage = app
        .store
        .get_lineage(s.oid, s.process)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            lineage.template_id,
            lineage.major,
            lineage.minor,
            lineage.adopted
        ),
        (template, 1, 0, false)
    );

    // ... so its next proposal is a change of the template, released as 1.1.
    assert_eq!(
        propose(&modeller, &token, &s, true).await,
        StatusCode::CREATED
    );
    let mine = modeller
        .api_get(
            &format!("/api/v1/organizations/{}/proposals", s.org),
            &token,
        )
        .await
        .json();
    let change = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["state"] == "open")
        .unwrap()
        .clone();
    assert_eq!(change["template_id"], template.to_string().as_str());
    assert_eq!(change["base_version"], "1.0");
    let cid = change["id"].as_str().unwrap();
    let r = lotse
        .api_post(
            &format!("/api/v1/library/proposals/{cid}/release"),
            &ltoken,
            json!({"version": "minor", "release_notes": "Kleinigkeiten"}),
        )
        .await;
    assert_eq!(r.json()["version"], "1.1", "{}", r.body);
    let versions = app.store.template_versions(template).await.unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.major, v.minor))
            .collect::<Vec<_>>(),
        vec![(1, 1), (1, 0)],
        "every version stays readable"
    );
}

both!(a_rejected_proposal_is_closed_and_the_queue_pages_work);
async fn a_rejected_proposal_is_closed_and_the_queue_pages_work(app: TestApp) {
    let s = setup(&app).await;
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    // Proposed through the page: a role renamed, the finding confirmed.
    let r = modeller
        .post(
            &format!("/o/{}/prozesse/{}/vorschlagen", s.org, s.process),
            &[
                ("note", "Bitte prüfen"),
                (&format!("role_{}", s.unit), "Bürgerbüro"),
                ("suits", "stadt"),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unconfirmed personal data"
    );
    assert!(r.body.contains("personenbezogenen Daten"));
    let r = modeller
        .post(
            &format!("/o/{}/prozesse/{}/vorschlagen", s.org, s.process),
            &[
                ("note", "Bitte prüfen"),
                (&format!("role_{}", s.unit), "Bürgerbüro"),
                ("suits", "stadt"),
                ("confirm_personal", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.location.unwrap();
    assert!(at.contains("/bibliothek/vorschlaege/"));
    let id = at
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let page = modeller.get(&at).await;
    assert!(page.body.contains("Ihr Vorschlag ist bei der Redaktion"));

    let lotse = app.signed_in("lotse@ablauf.example").await;
    let queue = lotse.get("/bibliothek/redaktion").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Gewerbeanmeldung"));
    assert!(queue.body.contains("Stadt Musterstadt"));
    // Rejecting needs a reason, given in its own field.
    let r = lotse
        .post(
            &format!("/bibliothek/redaktion/{id}/ablehnen"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-reject_reason-error\""));
    let r = lotse
        .post(
            &format!("/bibliothek/redaktion/{id}/ablehnen"),
            &[("reason", "Gibt es schon als Musterprozess.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = modeller
        .get(&format!("/o/{}/bibliothek/vorschlaege/{id}", s.org))
        .await;
    assert!(page.body.contains("abgelehnt"));
    assert!(page.body.contains("Gibt es schon als Musterprozess."));
    // A rejected proposal is not released.
    let r = lotse
        .post(
            &format!("/bibliothek/redaktion/{id}/freigeben"),
            &[("step", "minor")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.list_templates().await.unwrap().is_empty());
    // The queue is empty again and says so.
    assert!(
        lotse
            .get("/bibliothek/redaktion")
            .await
            .body
            .contains("Zurzeit wartet kein Vorschlag auf Prüfung.")
    );
    // The organisation's list shows it with its state.
    let list = modeller
        .get(&format!("/o/{}/bibliothek/vorschlaege", s.org))
        .await;
    assert!(list.body.contains("abgelehnt"));
}

both!(the_operator_names_library_editors);
async fn the_operator_names_library_editors(app: TestApp) {
    let op = app.signed_in(ablauf_demo::OPERATOR).await;
    let page = op.get("/betrieb/redaktion").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("lotse@ablauf.example"),
        "the demo's editor is listed"
    );
    // An address without an account is said so, at its field.
    let r = op
        .post("/betrieb/redaktion", &[("email", "niemand@example.org")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("kein Konto"));
    let r = op
        .post(
            "/betrieb/redaktion",
            &[("email", "betrachter@musterstadt.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    assert_eq!(
        viewer.get("/bibliothek/redaktion").await.status,
        StatusCode::OK
    );
    let uid = app.user_id("betrachter@musterstadt.example").await;
    // Taking it back asks first.
    let confirm = op.get(&format!("/betrieb/redaktion/{uid}/entziehen")).await;
    assert!(confirm.body.contains("Aus der Redaktion entfernen?"));
    let r = op
        .post(&format!("/betrieb/redaktion/{uid}/entziehen"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        viewer.get("/bibliothek/redaktion").await.status,
        StatusCode::FORBIDDEN
    );
    // The same through the API, recorded in the audit trail.
    let token = op.token(ablauf_demo::OPERATOR).await;
    let r = op
        .api_send(
            reqwest::Method::PUT,
            &format!("/api/v1/operator/library-editors/{uid}"),
            &token,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let list = op
        .api_get("/api/v1/operator/library-editors", &token)
        .await
        .json();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|e| e["user_id"] == uid.as_str())
    );
    let r = op
        .api_send(
            reqwest::Method::DELETE,
            &format!("/api/v1/operator/library-editors/{uid}"),
            &token,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let list = op
        .api_get("/api/v1/operator/library-editors", &token)
        .await
        .json();
    assert!(
        !list
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["user_id"] == uid.as_str())
    );
}

both!(administrators_decide_whether_the_library_names_their_organisation);
async fn administrators_decide_whether_the_library_names_their_organisation(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    assert!(
        !app.store.library_usage_public(oid).await.unwrap(),
        "default: not named"
    );
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    let r = modeller
        .post(
            &format!("/o/{org}/verwaltung/bibliothek"),
            &[("public", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let admin = app.signed_in("admin@musterstadt.example").await;
    let page = admin.get(&format!("/o/{org}/verwaltung/bibliothek")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("checked"));
    let r = admin
        .post(
            &format!("/o/{org}/verwaltung/bibliothek"),
            &[("public", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.store.library_usage_public(oid).await.unwrap());
    let page = admin.get(&format!("/o/{org}/verwaltung/bibliothek")).await;
    assert!(page.body.contains(" checked"));
    let r = admin
        .post(&format!("/o/{org}/verwaltung/bibliothek"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app.store.library_usage_public(oid).await.unwrap());
}

both!(a_process_from_the_library_shows_how_it_differs_from_its_template);
async fn a_process_from_the_library_shows_how_it_differs_from_its_template(app: TestApp) {
    let s = setup(&app).await;
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    let token = modeller.token("modellierer@musterstadt.example").await;
    assert_eq!(
        propose(&modeller, &token, &s, true).await,
        StatusCode::CREATED
    );
    let lotse = app.client();
    let ltoken = lotse.token("lotse@ablauf.example").await;
    let queue = lotse
        .api_get("/api/v1/library/proposals", &ltoken)
        .await
        .json();
    let id = queue[0]["id"].as_str().unwrap();
    let r = lotse
        .api_post(
            &format!("/api/v1/library/proposals/{id}/release"),
            &ltoken,
            json!({"version": "minor"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let path = format!("/o/{}/prozesse/{}/abweichungen", s.org, s.process);
    // Released as it is: no deviation.
    let page = modeller.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("entspricht dem Musterprozess"));
    // The process page links there and offers a change proposal.
    let profile = modeller
        .get(&format!("/o/{}/prozesse/{}", s.org, s.process))
        .await;
    assert!(profile.body.contains("Abweichungen vom Musterprozess"));
    assert!(
        profile
            .body
            .contains("Änderung am Musterprozess vorschlagen")
    );
    // A step renamed in the organisation shows with both values.
    let (row, v) = app.store.get_process(s.oid, s.process).await.unwrap();
    let model = v
        .model
        .unwrap()
        .replace("Antrag prüfen", "Antrag formell prüfen");
    app.store
        .save_model(
            &Actor::system("Test"),
            s.oid,
            s.process,
            Which::AsIs,
            row.version,
            &StoredModel {
                blocks: Some(model),
                bpmn: None,
            },
            "",
        )
        .await
        .unwrap();
    let page = modeller.get(&path).await;
    assert!(page.body.contains("Antrag formell prüfen"));
    assert!(page.body.contains("Antrag prüfen"));
    assert!(page.body.contains("Bezeichnung"));
    // Nobody else's: another organisation gets 404, a process without a
    // template too.
    let other = app.signed_in("admin@beispielheim.example").await;
    let beispielheim = app.org_id("Gemeinde Beispielheim").await;
    let r = other
        .get(&format!(
            "/o/{beispielheim}/prozesse/{}/abweichungen",
            s.process
        ))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
