//! Search across the register, in German as people type it, the same on
//! SQLite and PostgreSQL.

use reqwest::StatusCode;

use crate::both;
use crate::harness::TestApp;
use ablauf_demo::Content;
use ablauf_domain::process::{Profile, Status};
use ablauf_store::{Actor, OrgId, Save};

async fn add(
    app: &TestApp,
    org: OrgId,
    name: &str,
    status: Status,
    f: impl FnOnce(&mut Profile),
) -> ablauf_store::ProcessId {
    let mut profile = Profile {
        name: name.into(),
        ..Default::default()
    };
    f(&mut profile);
    let save = Save {
        area_id: None,
        status,
        profile,
        note: String::new(),
    };
    app.store
        .create_process(&Actor::system("Test"), org, &save)
        .await
        .unwrap()
        .id
}

both!(german_search_finds_what_people_type);
async fn german_search_finds_what_people_type(app: TestApp) {
    let org_s = app.org_id("Stadt Musterstadt").await;
    let org = OrgId(org_s.parse().unwrap());
    let actor = Actor::system("Test");
    let gewo = app
        .store
        .create_reference_entry(
            &actor,
            org,
            ablauf_domain::ReferenceKind::LegalBasis,
            "Gewerbeordnung",
            "§ 14",
            "",
        )
        .await
        .unwrap();
    add(&app, org, "Gewerbeanmeldung", Status::Dokumentiert, |p| {
        p.legal_bases = vec![gewo.id]
    })
    .await;
    add(
        &app,
        org,
        "Anmeldung einer Wohnung",
        Status::Modelliert,
        |p| p.description = "Meldebehörde bestätigt den Einzug.".into(),
    )
    .await;
    add(&app, org, "Straßenreinigung", Status::Identifiziert, |_| {}).await;
    let dog = add(
        &app,
        org,
        "Hundesteuer – An- und Abmeldung",
        Status::Dokumentiert,
        |p| p.keywords = vec!["Steuer".into()],
    )
    .await;
    add(&app, org, "Urlaubsantrag", Status::Dokumentiert, |p| {
        p.description =
            "Auch für Sonderurlaub, zum Beispiel bei einer Anmeldung zur Fortbildung.".into()
    })
    .await;
    add(
        &app,
        org,
        "Friedhofsverwaltung",
        Status::Dokumentiert,
        |p| p.keywords = vec!["Grabstätte".into()],
    )
    .await;

    let c = app.signed_in("modellierer@musterstadt.example").await;
    let token = c.token("modellierer@musterstadt.example").await;
    let names = |q: &str| {
        let c = &c;
        let token = token.clone();
        let org_s = &org_s;
        let q = q.to_owned();
        async move {
            let r = c
                .api_get(
                    &format!(
                        "/api/v1/organizations/{org_s}/search?q={}",
                        crate::harness::urlencode(&q)
                    ),
                    &token,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let hits = names("anmeldung").await;
    assert!(
        hits.contains(&"Gewerbeanmeldung".to_owned())
            && hits.contains(&"Anmeldung einer Wohnung".to_owned()),
        "{hits:?}"
    );
    assert_eq!(
        hits.last().map(String::as_str),
        Some("Urlaubsantrag"),
        "a description hit ranks below name hits: {hits:?}"
    );
    assert_eq!(names("strasse").await[0], "Straßenreinigung");
    assert_eq!(
        names("hundesteuer").await[0],
        "Hundesteuer – An- und Abmeldung"
    );
    assert_eq!(
        names("gewerbeanmedlung").await[0],
        "Gewerbeanmeldung",
        "a typo still finds it"
    );
    assert_eq!(
        names("gewerbeanm").await[0],
        "Gewerbeanmeldung",
        "as one types"
    );
    assert_eq!(
        names("gewerbeordnung").await,
        ["Gewerbeanmeldung"],
        "legal bases are searched"
    );
    assert_eq!(
        names("grabstätte").await,
        ["Friedhofsverwaltung"],
        "keywords are searched"
    );
    assert!(names("xylophon").await.is_empty());

    // The JSON hit carries id, kind, score and the highlighted ranges.
    let r = c
        .api_get(
            &format!("/api/v1/organizations/{org_s}/search?q=strasse"),
            &token,
        )
        .await
        .json();
    assert_eq!(r[0]["kind"], "process");
    assert!(r[0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(r[0]["matches"][0]["field"], "name");
    assert_eq!(
        r[0]["matches"][0]["ranges"][0],
        serde_json::json!([0, 7]),
        "„Straße“ is bytes 0..7"
    );

    // The page highlights and filters; htmx gets the results alone.
    let page = c.get(&format!("/o/{org_s}/suche?q=strasse")).await.body;
    assert!(page.contains("<mark>Straße</mark>nreinigung"), "{page}");
    let partial = c
        .http
        .get(c.url(&format!("/o/{org_s}/suche?q=anmeldung&status=modelliert")))
        .header("hx-request", "true")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        partial.contains("1 Treffer") && partial.contains("Wohnung"),
        "{partial}"
    );
    assert!(!partial.contains("<html"));

    // Saving re-indexes, deleting removes.
    let (row, _) = app.store.get_process(org, dog).await.unwrap();
    let save = Save {
        area_id: None,
        status: Status::Dokumentiert,
        profile: Profile {
            name: "Hundesteuer".into(),
            ..Default::default()
        },
        note: String::new(),
    };
    app.store
        .save_process(&actor, org, dog, row.version, &save)
        .await
        .unwrap();
    assert!(
        !names("abmeldung")
            .await
            .iter()
            .any(|n| n.starts_with("Hundesteuer")),
        "the old name left the index"
    );
    assert_eq!(names("hundesteuer").await, ["Hundesteuer"]);
    app.store.delete_process(&actor, org, dog).await.unwrap();
    assert!(names("hundesteuer").await.is_empty());

    // Another organisation's search does not see these processes, and
    // nobody searches an organisation they do not belong to.
    let other = c.token("modellierer@beispielheim.example").await;
    let beispielheim = app.org_id("Gemeinde Beispielheim").await;
    let r = c
        .api_get(
            &format!("/api/v1/organizations/{beispielheim}/search?q=gewerbeanmeldung"),
            &other,
        )
        .await
        .json();
    assert_eq!(r.as_array().unwrap().len(), 0);
    let r = c
        .api_get(
            &format!("/api/v1/organizations/{org_s}/search?q=gewerbeanmeldung"),
            &other,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

both!(the_demo_register_is_searchable);
async fn the_demo_register_is_searchable(_plain: TestApp) {
    // A server with the full demo content, as `ablauf serve --demo` has it.
    let app = crate::harness::spawn_with(_plain.backend, Content::Full)
        .await
        .unwrap();
    for name in [
        "Stadt Musterstadt",
        "Landkreis Elbtal",
        "Gemeinde Beispielheim",
    ] {
        let org = OrgId(app.org_id(name).await.parse().unwrap());
        assert!(
            app.store.count_processes(org).await.unwrap() >= 30,
            "{name}"
        );
    }
    let c = app.signed_in("betrachter@musterstadt.example").await;
    let token = c.token("betrachter@musterstadt.example").await;
    let org = app.org_id("Stadt Musterstadt").await;
    let hits = c
        .api_get(
            &format!("/api/v1/organizations/{org}/search?q=anmeldung&limit=50"),
            &token,
        )
        .await
        .json();
    let names: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Gewerbeanmeldung") && names.contains(&"Anmeldung einer Wohnung"),
        "{names:?}"
    );
    let hits = c
        .api_get(
            &format!("/api/v1/organizations/{org}/search?q=hundesteuer"),
            &token,
        )
        .await
        .json();
    assert_eq!(hits[0]["name"], "Hundesteuer – An- und Abmeldung");
    let map = c.get(&format!("/o/{org}/prozesse")).await.body;
    assert!(map.contains("Posteingang") && map.contains("status--freigegeben"));
}

/// GET on the search API: (total from X-Total-Count, names of the hits).
async fn api_search(
    c: &crate::harness::Client,
    token: &str,
    org: &str,
    query: &str,
) -> (usize, Vec<String>) {
    let r = c
        .http
        .get(c.url(&format!("/api/v1/organizations/{org}/search?{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let total = r.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let hits: serde_json::Value = r.json().await.unwrap();
    let names = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap().to_owned())
        .collect();
    (total, names)
}

both!(every_instance_sees_every_change);
async fn every_instance_sees_every_change(app: TestApp) {
    // Two servers on one database; the second answers searches from its own
    // in-memory index, and every change made through the first shows there
    // at once.
    let second = crate::harness::spawn_on(app.db.clone(), Default::default()).await;
    let org_s = app.org_id("Stadt Musterstadt").await;
    let org = OrgId(org_s.parse().unwrap());
    let actor = Actor::system("Test");
    let c = second.signed_in("modellierer@musterstadt.example").await;
    let token = c.token("modellierer@musterstadt.example").await;
    assert_eq!(
        api_search(&c, &token, &org_s, "q=wasserzahler").await,
        (0, vec![])
    );

    let id = add(
        &app,
        org,
        "Wasserzählerwechsel",
        Status::Dokumentiert,
        |_| {},
    )
    .await;
    assert_eq!(
        api_search(&c, &token, &org_s, "q=wasserzahler").await,
        (1, vec!["Wasserzählerwechsel".to_owned()])
    );
    let (row, _) = app.store.get_process(org, id).await.unwrap();
    let save = Save {
        area_id: None,
        status: Status::Dokumentiert,
        profile: Profile {
            name: "Zählertausch".into(),
            keywords: vec!["Wasseruhr".into()],
            ..Default::default()
        },
        note: String::new(),
    };
    app.store
        .save_process(&actor, org, id, row.version, &save)
        .await
        .unwrap();
    assert_eq!(api_search(&c, &token, &org_s, "q=wasserzahler").await.0, 0);
    assert_eq!(
        api_search(&c, &token, &org_s, "q=wasseruhr").await,
        (1, vec!["Zählertausch".to_owned()])
    );
    app.store.delete_process(&actor, org, id).await.unwrap();
    assert_eq!(
        api_search(&c, &token, &org_s, "q=wasseruhr").await,
        (0, vec![])
    );

    // Many hits: the total counts all of them, the list the best; the status
    // filter applies before counting.
    for i in 1..=60 {
        let status = if i % 3 == 0 {
            Status::Modelliert
        } else {
            Status::Identifiziert
        };
        add(
            &app,
            org,
            &format!("Anwohnerparkausweis Zone {i}"),
            status,
            |_| {},
        )
        .await;
    }
    let (total, names) = api_search(&c, &token, &org_s, "q=anwohnerpark&limit=5").await;
    assert_eq!((total, names.len()), (60, 5));
    assert!(names.iter().all(|n| n.starts_with("Anwohnerparkausweis")));
    let (total, names) = api_search(
        &c,
        &token,
        &org_s,
        "q=anwohnerparkausweis&status=modelliert&limit=200",
    )
    .await;
    assert_eq!((total, names.len()), (20, 20));
    let page = c
        .get(&format!("/o/{org_s}/suche?q=anwohnerparkausweis"))
        .await
        .body;
    assert!(
        page.contains("60 Treffer, die besten 50 sind aufgeführt"),
        "{page}"
    );
    assert_eq!(page.matches("class=\"hit\"").count(), 50);
}

both!(opening_search_builds_the_index_before_the_first_query);
async fn opening_search_builds_the_index_before_the_first_query(app: TestApp) {
    // A fresh instance holds no index; opening the search page builds it in
    // the background, so the first query does not wait for the register.
    let org_s = app.org_id("Stadt Musterstadt").await;
    let org = OrgId(org_s.parse().unwrap());
    add(
        &app,
        org,
        "Wasserzählerwechsel",
        Status::Dokumentiert,
        |_| {},
    )
    .await;
    let second = crate::harness::spawn_on(app.db.clone(), Default::default()).await;
    let c = second.client();
    c.login("betrachter@musterstadt.example", "demo").await;
    assert!(!second.store.search_index_loaded(org));
    let page = c.get(&format!("/o/{org_s}/suche")).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut waited = 0;
    while !second.store.search_index_loaded(org) {
        assert!(waited < 200, "no index 10 s after opening the search page");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    let token = c.token("betrachter@musterstadt.example").await;
    assert_eq!(
        api_search(&c, &token, &org_s, "q=wasserzahler").await,
        (1, vec!["Wasserzählerwechsel".to_owned()])
    );
}

both!(search_filters_like_the_register);
async fn search_filters_like_the_register(app: TestApp) {
    // Search narrows to an area, an org unit or a service the same way the
    // register table does, on the page and in the API.
    let org_s = app.org_id("Stadt Musterstadt").await;
    let org = OrgId(org_s.parse().unwrap());
    let actor = Actor::system("Test");
    let area = app
        .store
        .create_area(&actor, org, None, "Ordnung und Verkehr")
        .await
        .unwrap()
        .id;
    let unit = app.store.list_org_units(org).await.unwrap()[0].id;
    for i in 1..=5 {
        let save = Save {
            area_id: (i <= 3).then_some(area),
            status: Status::Dokumentiert,
            profile: Profile {
                name: format!("Parkverstoß Zone {i}"),
                org_unit_id: (i == 2).then_some(unit),
                ..Default::default()
            },
            note: String::new(),
        };
        app.store.create_process(&actor, org, &save).await.unwrap();
    }
    let c = app.signed_in("betrachter@musterstadt.example").await;
    let token = c.token("betrachter@musterstadt.example").await;
    assert_eq!(api_search(&c, &token, &org_s, "q=parkverstoss").await.0, 5);
    assert_eq!(
        api_search(
            &c,
            &token,
            &org_s,
            &format!("q=parkverstoss&area_id={area}")
        )
        .await
        .0,
        3
    );
    assert_eq!(
        api_search(
            &c,
            &token,
            &org_s,
            &format!("q=parkverstoss&org_unit_id={unit}")
        )
        .await,
        (1, vec!["Parkverstoß Zone 2".to_owned()])
    );
    let r = c
        .api_get(
            &format!("/api/v1/organizations/{org_s}/search?q=parkverstoss&status=erledigt"),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Unbekannter Status"));

    let page = c
        .get(&format!("/o/{org_s}/suche?q=parkverstoss&area={area}"))
        .await
        .body;
    assert!(page.contains("3 Treffer"), "{page}");
    assert!(page.contains(&format!("<option value=\"{area}\" selected>")));
    assert!(!page.contains("Parkverstoß Zone 4"));
}
