//! The data files on their own, without a database: each test reads the
//! embedded files and names the file and entry of anything wrong in its
//! message, so that a broken data file says where it is broken.

use std::collections::{BTreeMap, HashMap, HashSet};

use ablauf_demo::{Demo, OPERATOR, OrgFiles, Process, Version};
use ablauf_domain::Role;
use ablauf_domain::process::{Criticality, ProcessType, Status};
use ablauf_domain::service::{LeikaKey, parse_catalogue};
use ablauf_model::{BlockModel, Catalogue, Item, MEDIA, from_bpmn, to_bpmn};

fn demo() -> Demo {
    Demo::load().unwrap_or_else(|e| panic!("{e:#}"))
}

fn register_file(o: &OrgFiles) -> String {
    format!("{}/register.toml", o.dir)
}

/// "stadt-musterstadt/register.toml: process „…“"
fn at(o: &OrgFiles, p: &Process) -> String {
    format!("{}: process „{}“", register_file(o), p.name())
}

fn unit_names(o: &OrgFiles) -> HashSet<&str> {
    o.organisation
        .org_units
        .iter()
        .map(|u| u.name.as_str())
        .collect()
}

fn last(p: &Process) -> &Version {
    p.versions.last().expect("a version")
}

/// The services of `services.csv` by key, read as the operator's import
/// reads them; a row it would refuse fails here.
fn services(demo: &Demo) -> HashMap<String, String> {
    let parsed = parse_catalogue(demo.services.as_bytes()).expect("services.csv is a catalogue");
    assert!(
        parsed.errors.is_empty(),
        "services.csv: {:?}",
        parsed.errors
    );
    parsed
        .services
        .into_iter()
        .map(|s| (s.leika_key.as_str().to_owned(), s.name))
        .collect()
}

fn unique<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let mut seen = HashSet::new();
    for n in names {
        assert!(!n.trim().is_empty(), "{what}: an empty name");
        assert!(seen.insert(n.to_lowercase()), "{what} „{n}“ twice");
    }
    seen
}

/// The names of a tree given as (name, parent) in file order: each once,
/// each parent before its children.
fn tree<'a>(
    file: &str,
    what: &str,
    items: impl Iterator<Item = (&'a String, &'a Option<String>)>,
) -> HashSet<String> {
    let mut seen = HashSet::new();
    for (name, parent) in items {
        if let Some(p) = parent {
            assert!(
                seen.contains(p),
                "{file}: parent „{p}“ of {what} „{name}“ must come first"
            );
        }
        assert!(seen.insert(name.clone()), "{file}: {what} „{name}“ twice");
    }
    seen
}

#[test]
fn the_platform_file_names_the_operator_and_every_organisation() {
    let d = demo();
    assert_eq!(d.operator.email, OPERATOR, "platform.toml");
    let names: Vec<_> = d
        .organisations
        .iter()
        .map(|o| o.organisation.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Stadt Musterstadt",
            "Landkreis Elbtal",
            "Gemeinde Beispielheim"
        ]
    );
}

#[test]
fn every_organisation_has_people_in_every_role_and_a_structure() {
    for o in demo().organisations {
        let file = format!("{}/organisation.toml", o.dir);
        let org = &o.organisation;
        assert_eq!(org.people[0].role, Role::Administrator, "{file}");
        for role in [Role::Administrator, Role::Modellierer, Role::Betrachter] {
            assert!(
                org.people.iter().any(|p| p.role == role),
                "{file}: nobody is {role:?}"
            );
        }
        unique(
            &format!("{file}: person"),
            org.people.iter().map(|p| p.email.as_str()),
        );
        let units = tree(
            &file,
            "org unit",
            org.org_units.iter().map(|u| (&u.name, &u.parent)),
        );
        assert!(units.len() >= 8, "{file}: {} org units", units.len());
        unique(
            &format!("{file}: pay grade"),
            org.pay_grades.iter().map(|g| g.name.as_str()),
        );
        for g in &org.pay_grades {
            assert!(
                ablauf_domain::HourlyRate::parse(&g.hourly_rate).is_ok(),
                "{file}: pay grade „{}“: {}",
                g.name,
                g.hourly_rate
            );
        }
    }
}

#[test]
fn every_name_a_process_refers_to_exists() {
    for o in demo().organisations {
        let file = register_file(&o);
        let r = &o.register;
        let areas = tree(&file, "area", r.areas.iter().map(|a| (&a.name, &a.parent)));
        let lists: HashMap<&str, HashSet<String>> = r
            .lists()
            .into_iter()
            .map(|(kind, l)| {
                let what = format!("{file}: {}", kind.code());
                (
                    kind.code(),
                    unique(&what, l.iter().map(|e| e.name.as_str())),
                )
            })
            .collect();
        unique(
            &format!("{file}: process name"),
            r.processes.iter().map(|p| p.name()),
        );
        unique(
            &format!("{file}: identifier"),
            r.processes.iter().map(|p| last(p).identifier.as_str()),
        );
        let units = unit_names(&o);
        let people: HashMap<&str, Role> = o
            .organisation
            .people
            .iter()
            .map(|p| (p.email.as_str(), p.role))
            .collect();
        for p in &r.processes {
            let at = at(&o, p);
            let area = p.area.as_deref().expect("an area");
            assert!(areas.contains(area), "{at}: unknown area „{area}“");
            for (i, v) in p.versions.iter().enumerate() {
                let at = format!("{at}, version {}", i + 1);
                let owner = v.owner.as_deref().expect("an owner");
                let role = people.get(owner);
                assert!(role.is_some(), "{at}: unknown owner {owner}");
                assert_ne!(
                    role,
                    Some(&Role::Betrachter),
                    "{at}: a viewer owns no process"
                );
                let unit = v.org_unit.as_deref().expect("a responsible unit");
                for u in
                    std::iter::once(unit).chain(v.participating_units.iter().map(String::as_str))
                {
                    assert!(units.contains(u), "{at}: unknown org unit „{u}“");
                }
                assert!(
                    !v.participating_units.iter().any(|u| u == unit),
                    "{at}: the responsible unit is listed as participating"
                );
                for (kind, names) in [
                    ("it_system", &v.it_systems),
                    ("legal_basis", &v.legal_bases),
                    ("external_party", &v.external_parties),
                    ("document", &v.documents),
                ] {
                    for n in names {
                        assert!(
                            lists[kind].contains(&n.to_lowercase()),
                            "{at}: unknown {kind} „{n}“"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn every_service_has_a_key_one_name_and_a_process() {
    let d = demo();
    let services = services(&d);
    assert!(services.len() >= 40, "services.csv: {}", services.len());
    let mut named = HashSet::new();
    for o in &d.organisations {
        for p in &o.register.processes {
            for v in &p.versions {
                let Some(key) = &v.service_key else { continue };
                assert!(LeikaKey::parse(key).is_some(), "{}: key {key}", at(o, p));
                assert!(
                    services.contains_key(key),
                    "{}: {key} is not in services.csv",
                    at(o, p)
                );
                named.insert(key.clone());
            }
        }
    }
    for key in services.keys() {
        assert!(named.contains(key), "services.csv: no process names {key}");
    }
}

/// The rules a version's Steckbrief follows in the demo: its texts are
/// trimmed, the life cycle only moves forward, the last version is complete.
#[test]
fn every_version_of_every_process_is_plausible() {
    for o in demo().organisations {
        for p in &o.register.processes {
            let at = at(&o, p);
            assert!((1..=3).contains(&p.versions.len()), "{at}: 1–3 versions");
            let mut status = Status::Identifiziert;
            for (i, v) in p.versions.iter().enumerate() {
                let at = format!("{at}, version {}", i + 1);
                for text in [
                    &v.name,
                    &v.identifier,
                    &v.description,
                    &v.trigger,
                    &v.result,
                    &v.statutory_deadline,
                    &v.max_downtime,
                ]
                .into_iter()
                .chain(&v.keywords)
                {
                    assert_eq!(text, text.trim(), "{at}: untrimmed text");
                }
                assert!(
                    v.keywords.iter().all(|k| !k.is_empty()),
                    "{at}: empty keyword"
                );
                assert!(
                    !v.description.is_empty() && !v.trigger.is_empty() && !v.result.is_empty(),
                    "{at}: description, trigger and result"
                );
                assert!(v.process_type.is_some() && v.valid_from.is_some(), "{at}");
                assert!(!v.note.is_empty(), "{at}: no change note");
                assert!(v.status >= status, "{at}: the status goes back");
                assert!(
                    v.status != Status::Freigegeben,
                    "{at}: release is an action, not a status"
                );
                assert!(
                    !v.release || i + 1 == p.versions.len(),
                    "{at}: only the last version is released"
                );
                status = v.status;
            }
            let v = last(p);
            assert!(
                v.digitisation_level.is_some_and(|l| l <= 4)
                    && v.cases_per_year.is_some_and(|c| c > 0),
                "{at}: level and cases"
            );
            assert_eq!(
                v.criticality == Criticality::Normal,
                v.max_downtime.is_empty(),
                "{at}: a downtime exactly when critical"
            );
            if v.release {
                assert!(
                    v.status >= Status::Analysiert,
                    "{at}: released before analysis"
                );
            }
            if p.versions.len() > 1 {
                assert!(
                    v.status >= Status::Dokumentiert,
                    "{at}: history needs progress"
                );
            }
        }
    }
}

#[test]
fn each_organisation_gets_a_full_register() {
    let d = demo();
    for o in &d.organisations {
        let file = register_file(o);
        let ps = &o.register.processes;
        assert!(ps.len() >= 30, "{file}: {} processes", ps.len());
        for s in [
            Status::Identifiziert,
            Status::Dokumentiert,
            Status::Modelliert,
            Status::Analysiert,
            Status::Optimiert,
        ] {
            assert!(
                ps.iter().any(|p| last(p).status == s),
                "{file}: no process {s:?}"
            );
        }
        for t in ProcessType::ALL {
            assert!(
                ps.iter().any(|p| last(p).process_type == Some(t)),
                "{file}: no {t:?} process"
            );
        }
        assert!(
            ps.iter().any(|p| last(p).release),
            "{file}: nothing released"
        );
        assert!(
            ps.iter().filter(|p| p.versions.len() > 1).count() >= 3,
            "{file}: too little history"
        );
        assert!(
            ps.iter()
                .any(|p| last(p).criticality == Criticality::Kritisch),
            "{file}: nothing critical"
        );
    }
    let stadt: Vec<_> = d.organisations[0]
        .register
        .processes
        .iter()
        .map(|p| p.name())
        .collect();
    for name in [
        "Gewerbeanmeldung",
        "Anmeldung einer Wohnung",
        "Hundesteuer – An- und Abmeldung",
        "Straßenreinigung",
        "Posteingang",
        "Rechnungseingang und -prüfung",
        "Urlaubsantrag",
        "Sitzungsdienst",
    ] {
        assert!(
            stadt.contains(&name),
            "stadt-musterstadt/register.toml lacks „{name}“"
        );
    }
}

#[test]
fn the_first_version_is_a_rough_inventory_entry() {
    let d = demo();
    let p = d.organisations[0]
        .register
        .processes
        .iter()
        .find(|p| p.name() == "Gewerbeanmeldung")
        .expect("Gewerbeanmeldung");
    let [v1, v2, v3] = &p.versions[..] else {
        panic!("Gewerbeanmeldung: three versions");
    };
    assert_eq!(v1.description, "Entgegennahme von Gewerbeanmeldungen.");
    assert!(v1.legal_bases.is_empty() && v1.it_systems.is_empty() && v1.service_key.is_none());
    assert!(!v2.legal_bases.is_empty() && v2.it_systems.is_empty());
    assert_eq!(v2.digitisation_level, Some(2));
    assert_eq!(v3.digitisation_level, Some(3));
    assert_eq!(
        services(&d)[v3.service_key.as_deref().unwrap()],
        "Gewerbe Anmeldung"
    );
    assert_eq!(v3.cases_per_year, Some(650));
}

/// The as-is models with where they come from: (model file, organisation,
/// process).
fn models(d: &Demo) -> Vec<(String, &OrgFiles, &Process, &BlockModel)> {
    all_models(d)
        .into_iter()
        .filter(|m| !m.4)
        .map(|(f, o, p, m, _)| (f, o, p, m))
        .collect()
}

/// Every model, as-is and to-be (`true`), with where it comes from.
fn all_models(d: &Demo) -> Vec<(String, &OrgFiles, &Process, &BlockModel, bool)> {
    let mut out = Vec::new();
    for o in &d.organisations {
        for p in &o.register.processes {
            let files = [
                p.model.as_ref().map(|m| (&m.file, false)),
                p.to_be_model.as_ref().map(|m| (&m.file, true)),
            ];
            for (name, to_be) in files.into_iter().flatten() {
                let file = format!("{}/models/{name}", o.dir);
                let model = o
                    .models
                    .get(name)
                    .unwrap_or_else(|| panic!("{}: no {file}", at(o, p)));
                out.push((file, o, p, model, to_be));
            }
        }
    }
    out
}

fn count(m: &BlockModel) -> (usize, usize, usize) {
    let (mut steps, mut variants, mut parallels) = (0, 0, 0);
    m.walk(&mut |it, _| match it {
        Item::Step(_) => steps += 1,
        Item::Variant(_) => variants += 1,
        Item::Parallel(_) => parallels += 1,
    });
    (steps, variants, parallels)
}

/// Where two JSON values first differ, as a path (`subprocesses[0].name`).
fn difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    let field = |k: &str| {
        if at.is_empty() {
            k.to_owned()
        } else {
            format!("{at}.{k}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys()
                .chain(y.keys())
                .find_map(|k| match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => difference(v, w, field(k)),
                    _ => Some(field(k)),
                })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| difference(v, w, format!("{at}[{i}]"))),
        _ => (a != b).then_some(at),
    }
}

#[test]
fn every_model_file_belongs_to_one_process_and_is_written_out_in_full() {
    let d = demo();
    let used: Vec<String> = all_models(&d).into_iter().map(|m| m.0).collect();
    let mut files = 0;
    for (path, text) in Demo::files() {
        if !path.ends_with(".json") {
            continue;
        }
        files += 1;
        assert_eq!(
            used.iter().filter(|u| u == path).count(),
            1,
            "{path}: used by one process"
        );
        // Parsed and written again, the file says the same: no field is
        // misspelt (it would be dropped) and nothing relies on a default.
        let raw: serde_json::Value = serde_json::from_str(text).unwrap();
        let model = BlockModel::from_json(text).unwrap();
        let again = serde_json::to_value(&model).unwrap();
        if let Some(at) = difference(&raw, &again, String::new()) {
            panic!("{path}: {at} is not a field of the model, or holds its default");
        }
    }
    assert_eq!(files, used.len());
}

#[test]
fn every_model_is_valid_and_complete() {
    let d = demo();
    let catalogue = Catalogue::default();
    for (file, o, _, m, _) in all_models(&d) {
        let findings = m.validate_with(&catalogue);
        assert!(findings.is_empty(), "{file}: {findings:#?}");
        let (steps, _, _) = count(m);
        assert!((6..=20).contains(&steps), "{file}: {steps} steps");
        assert!(
            (3..=4).contains(&m.subprocesses.len()),
            "{file}: {} subprocesses",
            m.subprocesses.len()
        );
        let ids = m.ids();
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "{file}: an id twice"
        );
        let org = &o.organisation;
        let units = unit_names(o);
        let grades: HashSet<&str> = org.pay_grades.iter().map(|g| g.name.as_str()).collect();
        let systems: HashSet<&str> = o
            .register
            .it_systems
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        for sp in &m.subprocesses {
            let unit = sp.org_unit.as_deref();
            assert!(
                unit.is_some_and(|u| units.contains(u)),
                "{file}: {}: org unit {unit:?}",
                sp.name
            );
        }
        for s in m.steps() {
            let what = format!("{file}: step {} „{}“", s.id, s.label);
            assert!(s.processing_minutes.is_some(), "{what}: no time");
            if s.block != "warten" {
                assert!(s.pay_grade.is_some(), "{what}: no pay grade");
                assert!(s.medium.is_some(), "{what}: no medium");
            }
            if let Some(g) = &s.pay_grade {
                assert!(
                    grades.contains(g.as_str()),
                    "{what}: unknown pay grade „{g}“"
                );
            }
            if let Some(it) = &s.it_system {
                assert!(
                    systems.contains(it.as_str()),
                    "{what}: unknown IT system „{it}“"
                );
            }
            for key in [&s.medium, &s.input_channel, &s.output_channel]
                .into_iter()
                .flatten()
            {
                assert!(MEDIA.iter().any(|(k, _)| k == key), "{what}: medium {key}");
            }
            // A step names its own unit only when it differs.
            if let Some(u) = &s.org_unit {
                assert!(units.contains(u.as_str()), "{what}: unknown org unit „{u}“");
                let sp = m.subprocess_of(&s.id).unwrap();
                assert_ne!(Some(u), sp.org_unit.as_ref(), "{what}");
            }
        }
    }
}

#[test]
fn the_models_cover_the_brief() {
    let d = demo();
    let all = models(&d);
    assert!(all.len() >= 12, "{} models", all.len());
    let with =
        |f: fn(&(usize, usize, usize)) -> bool| all.iter().filter(|m| f(&count(m.3))).count();
    assert!(with(|c| c.1 > 0) >= 4, "too few variants");
    assert!(with(|c| c.2 > 0) >= 2, "too few parallel parts");
    let mut per_org: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, o, _, _) in &all {
        *per_org.entry(o.dir.as_str()).or_default() += 1;
    }
    assert!(per_org["stadt-musterstadt"] > all.len() / 2, "{per_org:?}");
    assert!(per_org.values().all(|n| *n >= 2), "{per_org:?}");
    // Paper steps worth optimising carry an improvement idea somewhere.
    for (file, _, _, m) in &all {
        let steps = m.steps();
        assert!(
            steps.iter().any(|s| s.medium.as_deref() == Some("papier")),
            "{file}: no paper at all"
        );
        assert!(
            steps.iter().any(|s| !s.notes.is_empty()),
            "{file}: no ideas"
        );
    }
}

/// The to-be models are what the potential analysis compares: each beside
/// a model of its process, paper-heavy processes whose Soll drops the
/// paper, keeps the element ids of the steps it keeps (so steps read as
/// kept, changed, removed or added) and needs less time per case.
#[test]
fn the_to_be_models_improve_their_as_is_models() {
    let d = demo();
    let all = all_models(&d);
    let to_be: Vec<_> = all.iter().filter(|m| m.4).collect();
    assert!(to_be.len() >= 2, "{} to-be models", to_be.len());
    for name in ["Gewerbeanmeldung", "Rechnungseingang und -prüfung"] {
        assert!(
            to_be
                .iter()
                .any(|m| m.1.dir == "stadt-musterstadt" && m.2.name() == name),
            "no to-be model for {name}"
        );
    }
    // Expected minutes per case: steps by their share, variants by their
    // branches' shares, parallel parts counting every branch.
    fn expected(items: &[Item]) -> f64 {
        items
            .iter()
            .map(|it| match it {
                Item::Step(s) => s.processing_minutes.unwrap_or(0.0) * s.share.unwrap_or(1.0),
                Item::Variant(b) => b
                    .branches
                    .iter()
                    .map(|br| br.share.unwrap_or(0.0) * expected(&br.items))
                    .sum(),
                Item::Parallel(b) => b.branches.iter().map(|br| expected(&br.items)).sum(),
            })
            .sum()
    }
    let minutes =
        |m: &BlockModel| -> f64 { m.subprocesses.iter().map(|sp| expected(&sp.items)).sum() };
    let paper = |m: &BlockModel| {
        m.steps()
            .iter()
            .filter(|s| matches!(s.medium.as_deref(), Some("papier" | "fax")))
            .count()
    };
    for (file, o, p, soll, _) in to_be {
        let (_, _, _, ist, _) = all
            .iter()
            .find(|m| !m.4 && m.2.name() == p.name() && m.1.dir == o.dir)
            .unwrap_or_else(|| panic!("{file}: no as-is model"));
        assert!(p.model.is_some(), "{file}: a to-be model needs a model");
        // The analysis counts every step of both: nothing it needs is left
        // open, waiting included (it costs nothing, but belongs to someone).
        for m in [ist, soll] {
            for s in m.steps() {
                let unit = s
                    .org_unit
                    .as_ref()
                    .or(m.subprocess_of(&s.id).and_then(|sp| sp.org_unit.as_ref()));
                assert!(
                    s.processing_minutes.is_some() && s.pay_grade.is_some() && unit.is_some(),
                    "{file}: step {} „{}“ lacks a time, pay grade or org unit",
                    s.id,
                    s.label
                );
            }
        }
        assert!(
            paper(ist) >= 3,
            "{file}: the as-is model is not paper-heavy"
        );
        assert_eq!(paper(soll), 0, "{file}: paper or fax left in the Soll");
        assert!(
            minutes(soll) < 0.75 * minutes(ist),
            "{file}: {} min against {} min",
            minutes(soll),
            minutes(ist)
        );
        let kept = soll
            .steps()
            .iter()
            .filter(|s| ist.find(&s.id).is_some_and(|i| i.block == s.block))
            .count();
        assert!(
            kept * 2 >= soll.steps().len(),
            "{file}: too few steps kept by id ({kept})"
        );
    }
}

#[test]
fn every_model_round_trips_through_bpmn() {
    for (file, _, p, m, _) in all_models(&demo()) {
        let defs = to_bpmn(m, p.name(), &|u: &str| Some(u.to_owned()));
        assert_eq!(from_bpmn(&defs).as_ref(), Ok(m), "{file}");
    }
}

#[test]
fn a_broken_file_is_named_in_the_error() {
    let with = |path: &str, text: &str| -> String {
        let mut files: Vec<(&str, &str)> = Demo::files().to_vec();
        match files.iter_mut().find(|f| f.0 == path) {
            Some(f) => f.1 = text,
            None => files.push((path, text)),
        }
        format!("{:#}", Demo::from_files(&files).unwrap_err())
    };
    let org = Demo::files()
        .iter()
        .find(|f| f.0 == "landkreis-elbtal/organisation.toml")
        .unwrap()
        .1;
    let e = with(
        "landkreis-elbtal/organisation.toml",
        &org.replace("role = \"betrachter\"", "rolle = \"betrachter\""),
    );
    assert!(e.starts_with("landkreis-elbtal/organisation.toml: "), "{e}");
    assert!(e.contains("rolle"), "{e}");
    let e = with(
        "stadt-musterstadt/models/kaputt.json",
        "{\"subprocesses\": [",
    );
    assert!(e.starts_with("stadt-musterstadt/models/kaputt.json"), "{e}");
    let e = with("stadt-musterstadt/modelle/x.json", "{}");
    assert!(
        e.starts_with("stadt-musterstadt/modelle/x.json: not a demo file"),
        "{e}"
    );
}
