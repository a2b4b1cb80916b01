//! Seeding the demo into a scratch SQLite database, as `ablauf serve
//! --demo` and the integration tests do: every name resolves to what the
//! store gave, and a name that does not is an error naming its file and
//! entry.

use std::collections::HashSet;

use ablauf_demo::{Content, Demo, OPERATOR, PASSWORD};
use ablauf_domain::ReferenceKind;
use ablauf_model::BlockModel;
use ablauf_store::{RegisterFilter, Store};

/// An empty, migrated SQLite database that is removed afterwards.
struct Scratch {
    store: Store,
    path: std::path::PathBuf,
}

impl Scratch {
    async fn new() -> Scratch {
        let path = std::env::temp_dir().join(format!("ablauf-demo-{}.db", uuid::Uuid::new_v4()));
        let store = Store::connect(&format!("sqlite://{}", path.display()), 2)
            .await
            .unwrap();
        store.migrate().await.unwrap();
        Scratch { store, path }
    }

    async fn close(self) {
        self.store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

#[tokio::test]
async fn the_platform_part_has_people_and_structure_but_no_register() {
    let db = Scratch::new().await;
    let store = &db.store;
    assert!(ablauf_demo::seed(store, Content::Platform).await.unwrap());
    let demo = Demo::load().unwrap();
    let operator = store.find_user_by_email(OPERATOR).await.unwrap().unwrap();
    assert!(operator.is_operator);
    assert!(ablauf_app::password::verify(
        PASSWORD,
        operator.password_hash.as_deref()
    ));
    let orgs = store.list_organizations().await.unwrap();
    assert_eq!(orgs.len(), demo.organisations.len());
    // Library editors are named platform-wide: a person named in any
    // organisation's file is one in all of them.
    let editor = |email: &str| {
        demo.organisations.iter().any(|f| {
            f.organisation
                .people
                .iter()
                .any(|p| p.email == email && p.library_editor)
        })
    };
    for files in &demo.organisations {
        let o = &files.organisation;
        let org = orgs.iter().find(|r| r.name == o.name).expect(&o.name);
        assert_eq!(org.kind.code(), o.kind.code());
        let members = store.list_members(org.id).await.unwrap();
        assert_eq!(members.len(), o.people.len(), "{}", o.name);
        for p in &o.people {
            let m = members.iter().find(|m| m.email == p.email).expect(&p.email);
            assert_eq!(
                (m.role.code(), m.library_editor),
                (p.role.code(), editor(&p.email))
            );
        }
        let units = store.list_org_units(org.id).await.unwrap();
        assert_eq!(units.len(), o.org_units.len(), "{}", o.name);
        for u in &o.org_units {
            let row = units.iter().find(|r| r.name == u.name).expect(&u.name);
            let parent = row
                .parent_id
                .map(|id| units.iter().find(|r| r.id == id).unwrap().name.clone());
            assert_eq!(parent, u.parent, "{}", u.name);
        }
        let grades = store.list_pay_grades(org.id).await.unwrap();
        assert_eq!(grades.len(), o.pay_grades.len(), "{}", o.name);
        assert_eq!(store.count_processes(org.id).await.unwrap(), 0);
        assert!(store.list_areas(org.id).await.unwrap().is_empty());
    }
    assert!(store.get_service("99050012104000").await.unwrap().is_none());
    // A restart with the demo again changes nothing.
    assert!(!ablauf_demo::seed(store, Content::Full).await.unwrap());
    assert_eq!(store.list_organizations().await.unwrap().len(), orgs.len());
    db.close().await;
}

#[tokio::test]
async fn the_full_demo_writes_every_process_version_and_model() {
    let db = Scratch::new().await;
    let store = &db.store;
    assert!(ablauf_demo::seed(store, Content::Full).await.unwrap());
    let demo = Demo::load().unwrap();
    let catalogue = ablauf_domain::service::parse_catalogue(demo.services.as_bytes()).unwrap();
    for s in &catalogue.services {
        let row = store
            .get_service(s.leika_key.as_str())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.name, s.name);
    }
    let orgs = store.list_organizations().await.unwrap();
    let mut modelled = 0;
    for files in &demo.organisations {
        let r = &files.register;
        let org = orgs
            .iter()
            .find(|o| o.name == files.organisation.name)
            .unwrap();
        let mut rows = Vec::new();
        let mut adopted = Vec::new();
        for row in store
            .list_processes(org.id, &RegisterFilter::default())
            .await
            .unwrap()
        {
            // Adopted from the library (library.toml), not in the register file.
            match store.get_lineage(org.id, row.id).await.unwrap() {
                Some(l) if l.adopted => adopted.push(row.name),
                _ => rows.push(row),
            }
        }
        assert_eq!(rows.len(), r.processes.len(), "{}", org.name);
        let update = demo.library.update.as_ref().unwrap();
        let expected: Vec<String> = if update.adopter == files.dir {
            vec![update.template.clone()]
        } else {
            vec![]
        };
        assert_eq!(adopted, expected, "{}", org.name);
        // The template's source changed its process once more for the
        // template's next version.
        let changed = demo
            .library
            .templates
            .iter()
            .any(|t| t.organisation == files.dir && t.process == update.template)
            .then_some(update.template.as_str());
        assert_eq!(store.list_areas(org.id).await.unwrap().len(), r.areas.len());
        // The adopter's lists also hold what the adopted template names
        // and the organisation lacked (the wizard adds it).
        let source = demo
            .organisations
            .iter()
            .flat_map(|o| &o.register.processes)
            .find(|p| p.name() == update.template)
            .map(|p| p.versions.last().unwrap())
            .unwrap();
        for (kind, list) in r.lists() {
            let stored = store.list_reference_entries(org.id, kind).await.unwrap();
            let extra: Vec<&str> = stored
                .iter()
                .map(|e| e.name.as_str())
                .filter(|n| !list.iter().any(|e| e.name == *n))
                .collect();
            assert_eq!(stored.len(), list.len() + extra.len());
            let named = match kind {
                ReferenceKind::ItSystem => &source.it_systems,
                ReferenceKind::LegalBasis => &source.legal_bases,
                ReferenceKind::ExternalParty => &source.external_parties,
                ReferenceKind::Document => &source.documents,
            };
            for n in &extra {
                assert!(
                    expected.len() == 1 && named.iter().any(|x| x == n),
                    "{}: {n}",
                    org.name
                );
            }
        }
        let unit_rows = store.list_org_units(org.id).await.unwrap();
        let grade_rows = store.list_pay_grades(org.id).await.unwrap();
        let units: HashSet<String> = unit_rows.iter().map(|u| u.id.to_string()).collect();
        let grades: HashSet<String> = grade_rows.iter().map(|g| g.id.to_string()).collect();
        // The processes with a to-be model are those the files give one.
        let with: HashSet<String> = store
            .processes_with_to_be(org.id)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        let given: HashSet<String> = r
            .processes
            .iter()
            .filter(|p| p.to_be_model.is_some())
            .map(|p| p.name().to_owned())
            .collect();
        assert_eq!(with, given);
        for p in &r.processes {
            let name = p.name();
            let row = rows.iter().find(|r| r.name == name).expect(name);
            let last = p.versions.last().unwrap();
            // A to-be model is created as a copy, then saved: two versions.
            let versions = p.versions.len()
                + usize::from(p.model.is_some())
                + 2 * usize::from(p.to_be_model.is_some())
                + usize::from(changed == Some(name));
            assert_eq!(row.version, versions as i64, "{name}");
            assert!(
                row.owner_id.is_some() && row.org_unit_id.is_some(),
                "{name}"
            );
            assert_eq!(row.service_key, last.service_key, "{name}");
            let released = p.model.as_ref().map_or(last.release, |m| m.release);
            assert_eq!(row.released_version.is_some(), released, "{name}");
            let (_, v) = store.get_process(org.id, row.id).await.unwrap();
            let profile = v.profile();
            assert_eq!(profile.legal_bases.len(), last.legal_bases.len(), "{name}");
            if let Some(key) = &last.service_key {
                // Filled from the catalogue, as the form does.
                let service = catalogue
                    .services
                    .iter()
                    .find(|s| s.leika_key.as_str() == key);
                assert_eq!(
                    Some(&profile.service_name),
                    service.map(|s| &s.name),
                    "{name}"
                );
            }
            let Some(m) = &p.model else {
                assert_eq!(v.note, last.note, "{name}");
                assert!(v.model.is_none(), "{name}");
                continue;
            };
            modelled += 1;
            let note = match changed == Some(name) {
                true => &update.change.note,
                false => p.to_be_model.as_ref().map_or(&m.note, |t| &t.note),
            };
            assert_eq!(&v.note, note, "{name}");
            assert_eq!(v.has_to_be(), p.to_be_model.is_some(), "{name}");
            let mut models = vec![v.model.as_deref().unwrap()];
            models.extend(v.to_be_model.as_deref());
            for json in models {
                let model = BlockModel::from_json(json).unwrap();
                assert!(model.validate().is_empty(), "{name}");
                // Org units and pay grades are the store's ids now.
                for sp in &model.subprocesses {
                    assert!(units.contains(sp.org_unit.as_deref().unwrap()), "{name}");
                }
                for s in model.steps() {
                    if let Some(u) = &s.org_unit {
                        assert!(units.contains(u), "{name} / {}", s.label);
                    }
                    if let Some(g) = &s.pay_grade {
                        assert!(grades.contains(g), "{name} / {}", s.label);
                    }
                }
            }
            if m.release {
                assert_eq!(row.released_version, Some(row.version), "{name}");
                assert_eq!(row.status.code(), "freigegeben", "{name}");
            }
            // Saving the first model makes a process "modelliert".
            assert!(
                !matches!(row.status.code(), "identifiziert" | "dokumentiert"),
                "{name}: {}",
                row.status.code()
            );
        }
    }
    assert!(modelled >= 12, "{modelled}");
    db.close().await;
}

/// Seeds the demo with one file changed; the error, with its context.
async fn seed_with_changed(path: &str, from: &str, to: &str) -> String {
    let mut files: Vec<(&str, String)> = Demo::files()
        .iter()
        .map(|(p, t)| (*p, (*t).to_owned()))
        .collect();
    let file = files.iter_mut().find(|f| f.0 == path).expect(path);
    assert!(file.1.contains(from), "{path}: {from}");
    file.1 = file.1.replacen(from, to, 1);
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let demo = Demo::from_files(&files).unwrap();
    let db = Scratch::new().await;
    let e = demo.seed(&db.store, Content::Full).await.unwrap_err();
    db.close().await;
    format!("{e:#}")
}

#[tokio::test]
async fn a_name_that_does_not_resolve_is_named_with_its_file_and_entry() {
    let e = seed_with_changed(
        "stadt-musterstadt/register.toml",
        "org_unit = \"Hauptamt\"",
        "org_unit = \"Hauptamtt\"",
    )
    .await;
    assert!(
        e.starts_with("stadt-musterstadt/register.toml: process „Sitzungsdienst“: version 1: unknown org unit „Hauptamtt“"),
        "{e}"
    );
    let e = seed_with_changed(
        "landkreis-elbtal/models/wohngeld.json",
        "\"payGrade\": \"E 9a\"",
        "\"payGrade\": \"E 99\"",
    )
    .await;
    assert!(
        e.contains("landkreis-elbtal/models/wohngeld.json: step s"),
        "{e}"
    );
    assert!(e.ends_with("unknown pay grade „E 99“"), "{e}");
    let e = seed_with_changed(
        "gemeinde-beispielheim/organisation.toml",
        "parent = \"Hauptamt\"",
        "parent = \"Nebenamt\"",
    )
    .await;
    assert!(
        e.starts_with("gemeinde-beispielheim/organisation.toml: org unit „Einwohnermeldeamt“: unknown parent „Nebenamt“"),
        "{e}"
    );
    let e = seed_with_changed(
        "stadt-musterstadt/register.toml",
        "service_key = \"99050012104000\"",
        "service_key = \"99050012104999\"",
    )
    .await;
    assert!(
        e.starts_with(
            "stadt-musterstadt/register.toml: process „Gewerbeanmeldung“: version 2: service_key: "
        ),
        "{e}"
    );
}

/// Every demo model yields plausible figures: finite, positive where
/// work is done, annual figures where the Steckbrief has cases, shares that
/// add up, every step timed — and every to-be model saves against its
/// as-is model.
#[tokio::test]
async fn every_demo_model_yields_plausible_figures() {
    use ablauf_app::analysis::{potential, process_analysis};
    use ablauf_store::Which;
    let db = Scratch::new().await;
    let store = &db.store;
    assert!(ablauf_demo::seed(store, Content::Full).await.unwrap());
    let mut analysed = 0;
    let mut problems = Vec::new();
    for org in store.list_organizations().await.unwrap() {
        for p in store
            .list_processes(org.id, &RegisterFilter::default())
            .await
            .unwrap()
        {
            let pa = process_analysis(store, org.id, p.id, Which::AsIs)
                .await
                .unwrap();
            let Some(a) = pa.analysis.filter(|_| !pa.empty) else {
                continue;
            };
            analysed += 1;
            let f = &a.totals.figures;
            let name = &p.name;
            for (what, x) in [
                ("processing", f.processing_minutes_per_case),
                ("lead", f.lead_time_hours),
                ("cost", f.cost_per_case_eur),
            ] {
                if !x.is_finite() || x <= 0.0 {
                    problems.push(format!("{name}: {what} = {x}"));
                }
            }
            if pa.version.profile().cases_per_year.is_some() != f.annual_hours.is_some() {
                problems.push(format!(
                    "{name}: annual figures without cases or the other way round"
                ));
            }
            if f.fte.is_some_and(|x| !(0.0..100.0).contains(&x)) {
                problems.push(format!("{name}: {} FTE", f.fte.unwrap_or_default()));
            }
            for finding in &a.findings {
                if matches!(
                    finding.rule,
                    "branch-shares" | "missing-processing-time" | "unknown-pay-grade"
                ) {
                    problems.push(format!("{name}: {}", finding.message));
                }
            }
            if pa.version.has_to_be() {
                let pot = potential(store, org.id, p.id).await.unwrap();
                if pot
                    .potential
                    .saving
                    .cost_per_year_eur
                    .is_none_or(|x| x <= 0.0)
                {
                    problems.push(format!("{name}: the to-be model saves nothing"));
                }
            }
        }
    }
    assert!(analysed >= 14, "only {analysed} models analysed");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    db.close().await;
}
