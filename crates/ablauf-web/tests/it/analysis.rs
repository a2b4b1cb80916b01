//! The analysis of a process: figures computed from the model, the
//! Steckbrief and the pay grades' rates, through the API and the Analyse
//! tab; the organisation's parameters and weak-spot rules, set by its
//! administrator only.

use ablauf_domain::process::{Profile, Status};
use ablauf_store::{Actor, OrgId, Save};
use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::harness::TestApp;

struct Setup {
    org: String,
    process: String,
    rate: f64,
}

/// Gewerbeanmeldung with 1,000 cases a year and a model of a 10-minute
/// step followed by a 70/30 variant of 20 and 40 minutes, all at the
/// fixture's first pay grade, saved through the model API.
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
                    cases_per_year: Some(1000),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let grade = app.store.list_pay_grades(oid).await.unwrap().remove(0);
    let unit = app.store.list_org_units(oid).await.unwrap().remove(0);
    let step = |id: &str, label: &str, minutes: f64, medium: &str| {
        json!({"kind": "step", "id": id, "label": label, "block": "bearbeiten",
               "processingMinutes": minutes, "payGrade": grade.id.to_string(), "medium": medium})
    };
    let model = json!({"subprocesses": [{"id": "sp1", "name": "Prüfung", "orgUnit": unit.id.to_string(), "items": [
        step("a", "Antrag prüfen", 10.0, "eakte"),
        {"kind": "variant", "id": "v", "label": "Vollständig?", "branches": [
            {"id": "b1", "share": 0.7, "items": [step("b", "Bescheid erstellen", 20.0, "eakte")]},
            {"id": "b2", "share": 0.3, "items": [step("c", "Unterlagen anfordern", 40.0, "fax")]}]}]}]});
    let token = app.client().token("modellierer@musterstadt.example").await;
    let r = reqwest::Client::new()
        .put(app.client().url(&format!(
            "/api/v1/organizations/{org}/processes/{}/model",
            row.id
        )))
        .bearer_auth(&token)
        .header("If-Match", "\"1\"")
        .json(&model)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    Setup {
        org,
        process: row.id.to_string(),
        rate: grade.hourly_rate_cents as f64 / 100.0,
    }
}

fn close(a: &serde_json::Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-6)
}

async fn figures_through_the_api(app: TestApp) {
    let s = setup(&app).await;
    let token = app.client().token("betrachter@musterstadt.example").await;
    let path = format!(
        "/api/v1/organizations/{}/processes/{}/analysis",
        s.org, s.process
    );
    let r = app.client().api_get(&path, &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let a = r.json();
    let t = &a["totals"];
    // 10 + 0.7 × 20 + 0.3 × 40 minutes
    assert!(close(&t["processing_minutes_per_case"], 36.0), "{t}");
    assert!(close(&t["annual_hours"], 600.0), "{t}");
    assert!(close(&t["fte"], 600.0 * 1.1 / 1600.0), "{t}");
    assert!(close(&t["cost_per_case_eur"], 36.0 / 60.0 * s.rate), "{t}");
    assert!(close(&t["cost_per_year_eur"], 600.0 * s.rate), "{t}");
    assert!(
        close(&t["fastest_path_minutes"], 30.0) && close(&t["slowest_path_minutes"], 50.0),
        "{t}"
    );
    assert_eq!(t["steps"], 3);
    assert_eq!(a["params"]["net_hours_per_fte"], 1600.0);
    assert_eq!(a["cases_per_year"], 1000);
    assert_eq!(a["model"], "ist");
    let fax = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "fax")
        .expect("the fax is a media break");
    assert_eq!(fax["severity"], "warning");
    assert_eq!(fax["step_ids"], json!(["c"]));
    assert_eq!(t["media_breaks"], 1);
    assert!(a["quality"]["score"].as_u64().is_some());

    // Another organisation's process is not there.
    let other = app.org_id("Landkreis Elbtal").await;
    let foreign = format!(
        "/api/v1/organizations/{other}/processes/{}/analysis",
        s.process
    );
    let token_lk = app.client().token("admin@landkreis-elbtal.example").await;
    assert_eq!(
        app.client().api_get(&foreign, &token_lk).await.status,
        StatusCode::NOT_FOUND
    );
    // Nor for a member of another organisation asking through this one
    // (an organisation one is not a member of is not there either).
    assert_eq!(
        app.client().api_get(&path, &token_lk).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(figures_through_the_api);

async fn the_analyse_tab_shows_the_figures_and_what_is_missing(app: TestApp) {
    let s = setup(&app).await;
    let c = app.signed_in("betrachter@musterstadt.example").await;
    let r = c
        .get(&format!("/o/{}/prozesse/{}/analyse", s.org, s.process))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("36,0 min"), "processing time per case");
    assert!(r.body.contains("600 h"), "annual hours");
    assert!(r.body.contains("0,41"), "FTE");
    assert!(r.body.contains("Fax"), "the fax finding");
    assert!(
        r.body.contains("?schritt=c#c"),
        "a link to the step in the editor"
    );
    assert!(
        !r.body.contains("Einstellungen ändern"),
        "viewers do not change parameters"
    );

    // A process without cases per year and times: the page says what is
    // missing instead of counting it silently.
    let oid = OrgId(s.org.parse().unwrap());
    let row = app
        .store
        .create_process(
            &Actor::system("Test"),
            oid,
            &Save {
                area_id: None,
                status: Status::Dokumentiert,
                profile: Profile {
                    name: "Hundesteuer".into(),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let r = c
        .get(&format!("/o/{}/prozesse/{}/analyse", s.org, row.id))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("noch kein Modell"), "{}", r.body);
}
both!(the_analyse_tab_shows_the_figures_and_what_is_missing);

async fn administrators_set_the_parameters_and_rules(app: TestApp) {
    let s = setup(&app).await;
    let settings = format!("/o/{}/verwaltung/analyse", s.org);
    let modeller = app.signed_in("modellierer@musterstadt.example").await;
    assert_eq!(modeller.get(&settings).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        modeller
            .post(&settings, &[("net_hours_per_fte", "1000")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let admin = app.signed_in("admin@musterstadt.example").await;
    let r = admin.get(&settings).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"1.600\""), "defaults shown");
    let before = app.audit_count(&s.org).await;

    // Not a number, out of range: German errors, nothing saved.
    let r = admin
        .post(
            &settings,
            &[
                ("net_hours_per_fte", "viel"),
                ("distribution_surcharge_pct", "80"),
                ("hours_per_day", "7,8"),
                ("workplace_cost_eur_per_fte", "0"),
            ],
        )
        .await;
    assert!(r.body.contains("Bitte eine Zahl eingeben"), "{}", r.body);
    assert!(r.body.contains("Bitte einen Wert von 0 bis 50 eingeben"));
    assert_eq!(app.audit_count(&s.org).await, before);

    let r = admin
        .post(
            &settings,
            &[
                ("net_hours_per_fte", "1.500"),
                ("distribution_surcharge_pct", "20"),
                ("hours_per_day", "8"),
                ("workplace_cost_eur_per_fte", "9.000"),
                ("rules", "ws-media-breaks"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.audit_count(&s.org).await, before + 1);

    let token = app.client().token("betrachter@musterstadt.example").await;
    let a = app
        .client()
        .api_get(
            &format!(
                "/api/v1/organizations/{}/processes/{}/analysis",
                s.org, s.process
            ),
            &token,
        )
        .await
        .json();
    let fte = 600.0 * 1.2 / 1500.0;
    assert!(close(&a["totals"]["fte"], fte), "{}", a["totals"]);
    assert!(close(
        &a["totals"]["workplace_cost_per_year_eur"],
        fte * 9000.0
    ));
    assert_eq!(a["params"]["hours_per_day"], 8.0);
    let rules: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"ws-media-breaks"), "{rules:?}");
    assert!(
        !rules
            .iter()
            .any(|r| r.starts_with("ws-") && *r != "ws-media-breaks"),
        "{rules:?}"
    );

    // Another organisation keeps its defaults.
    let lk = app.org_id("Landkreis Elbtal").await;
    let r = app
        .signed_in("admin@landkreis-elbtal.example")
        .await
        .get(&format!("/o/{lk}/verwaltung/analyse"))
        .await;
    assert!(r.body.contains("value=\"1.600\""));
}
both!(administrators_set_the_parameters_and_rules);

async fn as_is_against_to_be(app: TestApp) {
    let s = setup(&app).await;
    let token = app.client().token("modellierer@musterstadt.example").await;
    let base = format!("/api/v1/organizations/{}/processes/{}", s.org, s.process);
    // No to-be model yet: nothing to compare.
    assert_eq!(
        app.client()
            .api_get(&format!("{base}/potential"), &token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.client()
            .api_get(&format!("{base}/analysis?model=soll"), &token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .client()
        .api_post(&format!("{base}/model/soll"), &token, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // The copy saves nothing.
    let p = app
        .client()
        .api_get(&format!("{base}/potential"), &token)
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(
        close(&p.json()["saving"]["annual_hours"], 0.0),
        "{}",
        p.body
    );

    // The to-be model drops the fax branch's step: 0.3 × 40 minutes less.
    let mut m = app
        .client()
        .api_get(&format!("{base}/model?model=soll"), &token)
        .await
        .json();
    let branches = m["subprocesses"][0]["items"][1]["branches"]
        .as_array_mut()
        .unwrap();
    branches[1]["items"] = json!([]);
    let version = app.client().api_get(&base, &token).await.json()["version"]
        .as_i64()
        .unwrap();
    let r = reqwest::Client::new()
        .put(app.client().url(&format!("{base}/model?model=soll")))
        .bearer_auth(&token)
        .header("If-Match", format!("\"{version}\""))
        .json(&m)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let p = app
        .client()
        .api_get(&format!("{base}/potential"), &token)
        .await
        .json();
    assert!(
        close(&p["saving"]["processing_minutes_per_case"], 12.0),
        "{p}"
    );
    assert!(close(&p["saving"]["annual_hours"], 200.0), "{p}");
    assert!(
        close(&p["saving"]["cost_per_year_eur"], 200.0 * s.rate),
        "{p}"
    );
    assert_eq!(p["saving"]["media_breaks"], 1);
    assert_eq!(
        p["removed"],
        json!([{"step_id": "c", "label": "Unterlagen anfordern"}])
    );
    assert!(close(&p["ist"]["processing_minutes_per_case"], 36.0));
    assert!(close(&p["soll"]["processing_minutes_per_case"], 24.0));
    let soll = app
        .client()
        .api_get(&format!("{base}/analysis?model=soll"), &token)
        .await
        .json();
    assert_eq!(soll["model"], "soll");
    assert!(close(&soll["totals"]["processing_minutes_per_case"], 24.0));

    // The report page says the saving.
    let c = app.signed_in("betrachter@musterstadt.example").await;
    let r = c
        .get(&format!("/o/{}/prozesse/{}/potenzial", s.org, s.process))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("spart 200 Arbeitsstunden"), "{}", r.body);
    assert!(r.body.contains("Unterlagen anfordern"));
}
both!(as_is_against_to_be);

async fn c_positions(app: &TestApp, org: &str) -> String {
    app.signed_in("betrachter@musterstadt.example")
        .await
        .get(&format!("/o/{org}/analysen"))
        .await
        .body
}

async fn the_landscape_adds_up_the_processes(app: TestApp) {
    let s = setup(&app).await;
    let token = app.client().token("betrachter@musterstadt.example").await;
    let org = &s.org;
    let l = app
        .client()
        .api_get(
            &format!("/api/v1/organizations/{org}/analysis/landscape"),
            &token,
        )
        .await;
    assert_eq!(l.status, StatusCode::OK, "{}", l.body);
    let l = l.json();
    assert_eq!(l["processes"], 1);
    assert!(close(&l["annual_hours"], 600.0), "{l}");
    assert!(close(&l["cost_per_year_eur"], 600.0 * s.rate), "{l}");
    assert_eq!(l["media_breaks"], 1);
    let unit_hours: f64 = l["by_org_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["annual_hours"].as_f64().unwrap())
        .sum();
    assert!((unit_hours - 600.0).abs() < 1e-6);
    assert!(l["by_org_unit"][0]["label"].is_string(), "units are named");
    // Positions entered for a unit stand beside what the processes need.
    let admin = app.signed_in("admin@musterstadt.example").await;
    let unit = l["by_org_unit"][0]["key"].as_str().unwrap().to_owned();
    let form = admin
        .get(&format!("/o/{org}/verwaltung/einheiten/{unit}"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let r = admin
        .post(
            &format!("/o/{org}/verwaltung/einheiten/{unit}"),
            &[
                ("name", "Prüfstelle"),
                ("short_name", ""),
                ("parent_id", ""),
                ("positions", "viel"),
            ],
        )
        .await;
    assert!(r.body.contains("Bitte die Stellen als Zahl"), "{}", r.body);
    let r = admin
        .post(
            &format!("/o/{org}/verwaltung/einheiten/{unit}"),
            &[
                ("name", "Prüfstelle"),
                ("short_name", ""),
                ("parent_id", ""),
                ("positions", "2,5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let l = app
        .client()
        .api_get(
            &format!("/api/v1/organizations/{org}/analysis/landscape"),
            &token,
        )
        .await
        .json();
    assert_eq!(l["by_org_unit"][0]["positions"], 2.5);
    let page = c_positions(&app, org).await;
    assert!(
        page.contains("Stellen minus Bedarf"),
        "the landscape sets positions against the need"
    );
    assert_eq!(l["by_workload"][0]["name"], "Gewerbeanmeldung");
    assert_eq!(l["by_potential"], json!([]));

    // The page and each table's workbook.
    let c = app.signed_in("betrachter@musterstadt.example").await;
    let r = c.get(&format!("/o/{org}/analysen")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Stellenbedarf nach Organisationseinheit"));
    let (status, content_type, bytes) = c
        .get_bytes(&format!("/o/{org}/analysen/export/einheiten.xlsx"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.contains("spreadsheetml"));
    let sheet = ablauf_app::sheet::read(&bytes).expect("a workbook");
    assert_eq!(sheet.headers[0], "Organisationseinheit");
    assert_eq!(
        c.get(&format!("/o/{org}/analysen/export/unbekannt.xlsx"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Another organisation sees only its own processes.
    let lk = app.org_id("Landkreis Elbtal").await;
    let token_lk = app.client().token("admin@landkreis-elbtal.example").await;
    let l = app
        .client()
        .api_get(
            &format!("/api/v1/organizations/{lk}/analysis/landscape"),
            &token_lk,
        )
        .await
        .json();
    assert_eq!(l["processes"], 0);
}
both!(the_landscape_adds_up_the_processes);
