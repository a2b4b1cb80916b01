//! The building-block catalogue of an organisation: administrators rename,
//! hide and add blocks and categories; hidden blocks keep working in models;
//! other organisations and other roles see nothing of it.

use ablauf_app::block_catalogue::org_catalogue;
use ablauf_model::{Catalogue, default_catalogue};
use ablauf_store::OrgId;
use reqwest::StatusCode;

use crate::both;
use crate::harness::TestApp;

/// Form fields of a request.
type Fields<'a> = Vec<(&'a str, &'a str)>;

fn oid(org: &str) -> OrgId {
    OrgId(org.parse().unwrap())
}

/// Keys of the blocks the editor offers.
fn offered(c: &Catalogue) -> Vec<String> {
    c.visible()
        .iter()
        .flat_map(|(_, blocks)| blocks.iter().map(|b| b.key.clone()))
        .collect()
}

both!(admin_renames_hides_and_shows_a_default_block);
async fn admin_renames_hides_and_shows_a_default_block(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let page = format!("/o/{org}/verwaltung/bausteine");

    let r = admin.get(&page).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Formell prüfen"));
    assert!(r.body.contains("<svg class=\"block-icon\""), "icons inline");
    assert!(
        r.body.contains(&format!(
            "href=\"/o/{org}/verwaltung/bausteine\" aria-current=\"page\""
        )),
        "navigation marks the page"
    );
    assert!(r.body.contains("bestehende Modelle behalten ihn"));
    let home = admin.get(&format!("/o/{org}")).await;
    assert!(
        home.body
            .contains(&format!("/o/{org}/verwaltung/bausteine"))
    );

    // The edit page offers every icon as a labelled radio button.
    let edit = admin.get(&format!("{page}/formell-pruefen")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("<legend>Symbol"));
    assert!(
        edit.body
            .contains("id=\"f-icon-stempel\" name=\"icon\" value=\"stempel\"")
    );
    assert!(edit.body.contains("for=\"f-icon-stempel\""));
    assert!(edit.body.contains("value=\"formell-pruefen\" checked"));

    // Rename, describe, re-icon.
    let r = admin
        .post(
            &format!("{page}/formell-pruefen"),
            &[
                ("name", "Formprüfung"),
                ("description", "Form und Fristen prüfen."),
                ("icon", "stempel"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, Some(format!("{page}?hinweis=saved")));
    let cat = org_catalogue(&app.store, oid(&org)).await.unwrap();
    let b = cat.block("formell-pruefen").unwrap();
    assert_eq!(
        (
            b.name.as_str(),
            b.description.as_str(),
            b.icon.as_str(),
            b.hidden
        ),
        ("Formprüfung", "Form und Fristen prüfen.", "stempel", false)
    );
    assert_eq!(
        cat.category_of("formell-pruefen").unwrap().key,
        "inhaltliche-arbeit"
    );
    assert!(admin.get(&page).await.body.contains("Formprüfung"));

    // Hide: no longer offered, still found (existing models keep it).
    let r = admin
        .post(&format!("{page}/formell-pruefen/ausblenden"), &[])
        .await;
    assert_eq!(r.location, Some(format!("{page}?hinweis=block_hidden")));
    let cat = org_catalogue(&app.store, oid(&org)).await.unwrap();
    assert!(!offered(&cat).contains(&"formell-pruefen".to_owned()));
    let b = cat
        .block("formell-pruefen")
        .expect("hidden blocks are found");
    assert!(b.hidden);
    assert_eq!(b.name, "Formprüfung");
    assert_eq!(cat.icon_of("formell-pruefen").unwrap().key, "stempel");
    assert_eq!(
        offered(&cat).len(),
        offered(&Catalogue::default()).len() - 1
    );
    let r = admin.get(&format!("{page}?hinweis=block_hidden")).await;
    assert!(r.body.contains("bestehende Modelle behalten ihn"));
    assert!(r.body.contains("ausgeblendet"));
    assert!(r.body.contains(&format!(
        "action=\"/o/{org}/verwaltung/bausteine/formell-pruefen/einblenden\""
    )));

    // Show again.
    let r = admin
        .post(&format!("{page}/formell-pruefen/einblenden"), &[])
        .await;
    assert_eq!(r.location, Some(format!("{page}?hinweis=block_shown")));
    let cat = org_catalogue(&app.store, oid(&org)).await.unwrap();
    assert!(offered(&cat).contains(&"formell-pruefen".to_owned()));

    // All of it is in the audit trail.
    let audit = admin
        .get(&format!("/o/{org}/verwaltung/protokoll?action=block_type"))
        .await;
    assert!(
        audit.body.contains("Baustein „Formprüfung“ ausgeblendet"),
        "{}",
        audit.body
    );
    assert!(
        audit
            .body
            .contains("Baustein „Formprüfung“ wieder eingeblendet")
    );
    assert!(
        audit
            .body
            .contains("Baustein „Formprüfung“ (formell-pruefen) geändert")
    );
}

both!(admin_adds_a_category_and_a_block_with_an_icon);
async fn admin_adds_a_category_and_a_block_with_an_icon(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let page = format!("/o/{org}/verwaltung/bausteine");
    let categories = format!("/o/{org}/verwaltung/baustein-kategorien");

    let r = admin
        .post(&categories, &[("category_name", "Vollstreckung")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location,
        Some(format!("{page}?hinweis=block_category_created"))
    );
    let r = admin
        .post(&categories, &[("category_name", "Außendienst")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let r = admin
        .post(
            &page,
            &[
                ("category", "vollstreckung"),
                ("name", "Pfändung prüfen"),
                ("description", "Ob eine Pfändung möglich ist."),
                ("icon", "stempel"),
            ],
        )
        .await;
    assert_eq!(
        r.location,
        Some(format!("{page}?hinweis=block_created")),
        "{}",
        r.body
    );
    // The same name in another category is fine; the key stays unique.
    let r = admin
        .post(
            &page,
            &[
                ("category", "vollstreckung"),
                ("name", "Formell prüfen"),
                ("icon", "haken"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let cat = org_catalogue(&app.store, oid(&org)).await.unwrap();
    let keys: Vec<&str> = cat.categories.iter().map(|c| c.key.as_str()).collect();
    let defaults = default_catalogue().len();
    assert_eq!(keys.len(), defaults + 2);
    assert_eq!(&keys[defaults..], ["vollstreckung", "aussendienst"]);
    let v = &cat.categories[defaults];
    assert_eq!(v.name, "Vollstreckung");
    let own: Vec<(&str, &str, &str)> = v
        .blocks
        .iter()
        .map(|b| (b.key.as_str(), b.name.as_str(), b.icon.as_str()))
        .collect();
    assert_eq!(
        own,
        [
            ("pfaendung-pruefen", "Pfändung prüfen", "stempel"),
            ("formell-pruefen-2", "Formell prüfen", "haken"),
        ]
    );
    assert_eq!(cat.icon_of("pfaendung-pruefen").unwrap().name, "Stempel");
    assert_eq!(
        cat.block("formell-pruefen").unwrap().name,
        "Formell prüfen",
        "the default block is untouched"
    );
    assert!(offered(&cat).contains(&"pfaendung-pruefen".to_owned()));
    // The empty category is listed for administrators, not offered to modellers.
    assert!(cat.visible().iter().all(|(c, _)| c.key != "aussendienst"));

    let r = admin.get(&page).await;
    assert!(r.body.contains("Pfändung prüfen"));
    assert!(r.body.contains("Ob eine Pfändung möglich ist."));
    assert!(
        r.body
            .contains("Diese Kategorie enthält noch keine Bausteine")
    );

    // Rename the own category and a default one.
    let r = admin
        .post(
            &format!("{categories}/vollstreckung"),
            &[("name", "Vollstreckung und Mahnung")],
        )
        .await;
    assert_eq!(
        r.location,
        Some(format!("{page}?hinweis=saved")),
        "{}",
        r.body
    );
    let r = admin
        .post(&format!("{categories}/sonstiges"), &[("name", "Weiteres")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Hide the own category: its blocks are no longer offered, still found.
    let r = admin
        .post(&format!("{categories}/vollstreckung/ausblenden"), &[])
        .await;
    assert_eq!(
        r.location,
        Some(format!("{page}?hinweis=block_category_hidden"))
    );
    let cat = org_catalogue(&app.store, oid(&org)).await.unwrap();
    assert!(cat.visible().iter().all(|(c, _)| c.key != "vollstreckung"));
    assert!(cat.block("pfaendung-pruefen").unwrap().hidden);
    assert_eq!(cat.categories[defaults].name, "Vollstreckung und Mahnung");
    assert_eq!(
        cat.categories
            .iter()
            .find(|c| c.key == "sonstiges")
            .unwrap()
            .name,
        "Weiteres"
    );
    let r = admin.get(&format!("{categories}/vollstreckung")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Kategorie einblenden"));
    admin
        .post(&format!("{categories}/vollstreckung/einblenden"), &[])
        .await;
    let cat = org_catalogue(&app.store, oid(&org)).await.unwrap();
    assert!(offered(&cat).contains(&"pfaendung-pruefen".to_owned()));

    let audit = admin
        .get(&format!(
            "/o/{org}/verwaltung/protokoll?action=block_category"
        ))
        .await;
    assert!(
        audit
            .body
            .contains("Bausteinkategorie „Vollstreckung“ angelegt")
    );
    assert!(
        audit
            .body
            .contains("Bausteinkategorie „Vollstreckung“ umbenannt in „Vollstreckung und Mahnung“")
    );
}

both!(invalid_input_is_explained_and_changes_nothing);
async fn invalid_input_is_explained_and_changes_nothing(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let page = format!("/o/{org}/verwaltung/bausteine");
    let categories = format!("/o/{org}/verwaltung/baustein-kategorien");
    let audit_before = app.audit_count(&org).await;
    let long = "x".repeat(61);
    let longer = "x".repeat(201);
    let edit = format!("{page}/formell-pruefen");
    let edit_category = format!("{categories}/sonstiges");

    let cases: Vec<(&str, Fields, &str, &str)> = vec![
        (
            &page,
            vec![
                ("category", "inhaltliche-arbeit"),
                ("name", "  "),
                ("icon", "stempel"),
            ],
            "name",
            "Bitte füllen Sie dieses Feld aus.",
        ),
        (
            &page,
            vec![
                ("category", "inhaltliche-arbeit"),
                ("name", &long),
                ("icon", "stempel"),
            ],
            "name",
            "Die Eingabe ist zu lang: höchstens 60 Zeichen.",
        ),
        (
            &page,
            vec![
                ("category", "inhaltliche-arbeit"),
                ("name", " formell PRÜFEN "),
                ("icon", "stempel"),
            ],
            "name",
            "In dieser Kategorie gibt es bereits einen Baustein mit diesem Namen.",
        ),
        (
            &page,
            vec![("category", "inhaltliche-arbeit"), ("name", "Neu")],
            "icon",
            "Bitte wählen Sie ein Symbol.",
        ),
        (
            &page,
            vec![
                ("category", "inhaltliche-arbeit"),
                ("name", "Neu"),
                ("icon", "rakete"),
            ],
            "icon",
            "Dieses Symbol gibt es nicht.",
        ),
        (
            &page,
            vec![
                ("category", "gibt-es-nicht"),
                ("name", "Neu"),
                ("icon", "stempel"),
            ],
            "category",
            "Bitte wählen Sie eine Kategorie.",
        ),
        (
            &categories,
            vec![("category_name", "")],
            "category_name",
            "Bitte füllen Sie dieses Feld aus.",
        ),
        (
            &categories,
            vec![("category_name", "sonstiges")],
            "category_name",
            "Es gibt bereits eine Kategorie mit diesem Namen.",
        ),
        (
            &edit,
            vec![("name", "Entscheiden"), ("icon", "stempel")],
            "name",
            "In dieser Kategorie gibt es bereits einen Baustein mit diesem Namen.",
        ),
        (
            &edit,
            vec![
                ("name", "Formell prüfen"),
                ("description", &longer),
                ("icon", "stempel"),
            ],
            "description",
            "Die Eingabe ist zu lang: höchstens 200 Zeichen.",
        ),
        (
            &edit_category,
            vec![("name", "Dokumentation")],
            "name",
            "Es gibt bereits eine Kategorie mit diesem Namen.",
        ),
    ];
    for (path, fields, field, message) in &cases {
        let r = admin.post(path, fields).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {fields:?}: {}",
            r.body
        );
        assert!(
            r.body
                .contains("Bitte korrigieren Sie die folgenden Angaben")
        );
        assert!(
            r.body.contains(&format!("href=\"#f-{field}\"")),
            "{fields:?}: the summary links to {field}"
        );
        assert!(
            r.body.contains(&format!("id=\"f-{field}\"")),
            "{fields:?}: {field} is on the page"
        );
        assert!(
            r.body.contains(message),
            "{fields:?}: {message}\n{}",
            r.body
        );
    }
    // What was typed is kept.
    let r = admin
        .post(
            &page,
            &[
                ("category", "dokumentation"),
                ("name", "Neu"),
                ("description", "Bleibt stehen"),
                ("icon", ""),
            ],
        )
        .await;
    assert!(r.body.contains("value=\"Bleibt stehen\""));
    assert!(r.body.contains("<option value=\"dokumentation\" selected>"));

    // Keeping its own name is fine.
    let r = admin
        .post(
            &format!("{page}/formell-pruefen"),
            &[("name", "Formell prüfen"), ("icon", "formell-pruefen")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.audit_count(&org).await, audit_before + 1);

    // Unknown blocks and categories are not there.
    assert_eq!(
        admin.get(&format!("{page}/gibt-es-nicht")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin
            .post(&format!("{page}/gibt-es-nicht/ausblenden"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin
            .get(&format!("{categories}/gibt-es-nicht"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

both!(a_modeller_is_refused);
async fn a_modeller_is_refused(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    let page = format!("/o/{org}/verwaltung/bausteine");
    let audit_before = app.audit_count(&org).await;

    let r = modeller.get(&page).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Dafür fehlt Ihnen die Berechtigung"));
    assert!(
        !modeller
            .get(&format!("/o/{org}"))
            .await
            .body
            .contains("/verwaltung/bausteine")
    );
    for (path, fields) in [
        (
            page.clone(),
            vec![
                ("category", "sonstiges"),
                ("name", "Heimlich"),
                ("icon", "stempel"),
            ],
        ),
        (
            format!("{page}/formell-pruefen"),
            vec![("name", "Heimlich"), ("icon", "stempel")],
        ),
        (format!("{page}/formell-pruefen/ausblenden"), vec![]),
        (
            format!("/o/{org}/verwaltung/baustein-kategorien"),
            vec![("category_name", "Heimlich")],
        ),
        (
            format!("/o/{org}/verwaltung/baustein-kategorien/sonstiges/ausblenden"),
            vec![],
        ),
    ] {
        let r = modeller.post(&path, &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.audit_count(&org).await, audit_before);
    assert_eq!(
        org_catalogue(&app.store, oid(&org)).await.unwrap(),
        Catalogue::default()
    );
}

both!(another_organization_does_not_see_the_change);
async fn another_organization_does_not_see_the_change(app: TestApp) {
    let org = app.org_id("Stadt Musterstadt").await;
    let other = app.org_id("Gemeinde Beispielheim").await;
    let admin = app.signed_in("admin@musterstadt.example").await;
    let page = format!("/o/{org}/verwaltung/bausteine");
    admin
        .post(
            &format!("{page}/formell-pruefen"),
            &[("name", "Musterstädter Prüfung"), ("icon", "stempel")],
        )
        .await;
    admin.post(&format!("{page}/scannen/ausblenden"), &[]).await;
    admin
        .post(
            &format!("/o/{org}/verwaltung/baustein-kategorien"),
            &[("category_name", "Musterstädter Eigenes")],
        )
        .await;
    let mine = org_catalogue(&app.store, oid(&org)).await.unwrap();
    assert_eq!(
        mine.block("formell-pruefen").unwrap().name,
        "Musterstädter Prüfung"
    );
    assert!(mine.block("scannen").unwrap().hidden);

    assert_eq!(
        org_catalogue(&app.store, oid(&other)).await.unwrap(),
        Catalogue::default()
    );
    let neighbour = app.signed_in("admin@beispielheim.example").await;
    let r = neighbour
        .get(&format!("/o/{other}/verwaltung/bausteine"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Formell prüfen"));
    assert!(!r.body.contains("Musterstädter"));
    // Nor can it reach into Musterstadt's catalogue.
    assert_eq!(neighbour.get(&page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        neighbour
            .post(&format!("{page}/scannen/einblenden"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        org_catalogue(&app.store, oid(&org))
            .await
            .unwrap()
            .block("scannen")
            .unwrap()
            .hidden
    );
}

both!(two_administrators_adding_the_same_block_at_once_do_not_overwrite);
async fn two_administrators_adding_the_same_block_at_once_do_not_overwrite(app: TestApp) {
    // Several people add a block of the same name at the same moment: one
    // gets it, the others are told the name is taken; none overwrites it.
    let org = ablauf_store::OrgId(app.org_id("Stadt Musterstadt").await.parse().unwrap());
    let attempts: Vec<_> = (0..8)
        .map(|i| {
            let store = app.store.clone();
            tokio::spawn(async move {
                let input = ablauf_store::BlockInput {
                    key: "akteneinsicht".into(),
                    category_key: "informationsbeschaffung".into(),
                    name: format!("Akteneinsicht {i}"),
                    description: String::new(),
                    icon: String::new(),
                    hidden: false,
                    custom: true,
                };
                let r = store
                    .create_block_type(&ablauf_store::Actor::system("Test"), org, &input)
                    .await;
                (i, r)
            })
        })
        .collect();
    let mut results = Vec::new();
    for a in attempts {
        results.push(a.await.unwrap());
    }
    let won: Vec<_> = results.iter().filter(|(_, r)| r.is_ok()).collect();
    assert_eq!(won.len(), 1, "{results:?}");
    for (_, r) in &results {
        if let Err(e) = r {
            assert!(
                matches!(e, ablauf_store::StoreError::Conflict("blocks.key_taken")),
                "{e:?}"
            );
        }
    }
    let stored = app
        .store
        .list_block_types(org)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.key == "akteneinsicht")
        .unwrap();
    assert_eq!(stored.name, format!("Akteneinsicht {}", won[0].0));
}
