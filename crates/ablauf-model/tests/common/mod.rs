//! Helpers shared by the integration tests: the shared test data, schema
//! validation with xmllint, and a hand-made sample model.
#![allow(dead_code)]

use ablauf_bpmn::Definitions;
use ablauf_bpmn::model::Bounds;
use ablauf_model::{
    BlockModel, Branch, Branching, Direction, Item, StepDocument, StepItem, Subprocess,
};
use std::path::{Path, PathBuf};

/// `<workspace>/../shared/data`, or `$ABLAUF_SHARED_DATA`. Missing data fails
/// under `CI=true`; otherwise the caller skips.
pub fn shared_data() -> Option<PathBuf> {
    let dir = match std::env::var_os("ABLAUF_SHARED_DATA") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    if dir.join("bpmn-xsd/BPMN20.xsd").is_file() {
        return Some(std::fs::canonicalize(&dir).unwrap_or(dir));
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "shared test data missing at {}",
        dir.display()
    );
    eprintln!("SKIP: shared test data missing at {}", dir.display());
    None
}

/// Whether xmllint runs; missing xmllint fails under `CI=true`.
pub fn have_xmllint() -> bool {
    let ok = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    assert!(
        ok || std::env::var("CI").as_deref() != Ok("true"),
        "xmllint missing (apt-get install libxml2-utils)"
    );
    if !ok {
        eprintln!("SKIP: xmllint missing");
    }
    ok
}

/// Validate BPMN bytes against the OMG schema (skips without data or xmllint).
pub fn assert_xsd_valid(bytes: &[u8], name: &str) {
    let Some(data) = shared_data() else { return };
    if !have_xmllint() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("ablauf-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let file = dir.join(format!("{name}.bpmn"));
    std::fs::write(&file, bytes).expect("write tmp file");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(data.join("bpmn-xsd/BPMN20.xsd"))
        .arg(&file)
        .output()
        .expect("run xmllint");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{name} is not schema-valid:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(bytes)
    );
}

/// All MIWG reference files and their bpmn.io exports, sorted.
pub fn miwg_files(data: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for sub in ["bpmn-miwg/Reference", "bpmn-miwg/exports-bpmn.io"] {
        let Ok(rd) = std::fs::read_dir(data.join(sub)) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "bpmn") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

pub fn step(id: &str, label: &str, block: &str) -> StepItem {
    StepItem {
        id: id.into(),
        label: label.into(),
        block: block.into(),
        ..StepItem::default()
    }
}

pub fn branch(id: &str, label: &str, share: Option<f64>, items: Vec<Item>) -> Branch {
    Branch {
        id: id.into(),
        label: label.into(),
        share,
        items,
    }
}

/// A small but complete model: three subprocesses (one empty), every step
/// attribute, a variant with an empty branch, a parallel part nested in a
/// variant branch, and text that needs escaping.
pub fn sample() -> BlockModel {
    let full = StepItem {
        id: "s2".into(),
        label: "Antrag formell prüfen".into(),
        block: "formell-pruefen".into(),
        description: "Vollständigkeit, Form & Fristen <prüfen>.\nZweite Zeile.".into(),
        notes: "Checkliste \"digital\" einführen".into(),
        org_unit: Some("unit-bauamt".into()),
        pay_grade: Some("grade-e9".into()),
        processing_minutes: Some(15.0),
        processing_minutes_min: Some(10.0),
        processing_minutes_max: Some(90.0),
        waiting_minutes: Some(2880.0),
        share: Some(0.8),
        it_system: Some("ProBauG".into()),
        medium: Some("papier".into()),
        input_channel: Some("email".into()),
        output_channel: Some("portal".into()),
        documents: vec![
            StepDocument {
                direction: Direction::In,
                name: "Bauantrag".into(),
            },
            StepDocument {
                direction: Direction::Out,
                name: "Nachforderung".into(),
            },
        ],
        legal_basis: vec!["§ 64 BauO NRW".into(), "§ 71 VwVfG".into()],
    };
    BlockModel {
        subprocesses: vec![
            Subprocess {
                id: "sp1".into(),
                name: "Antragseingang".into(),
                org_unit: Some("unit-buergerbuero".into()),
                items: vec![
                    Item::Step(step("s1", "Antrag entgegennehmen", "eingang")),
                    Item::Step(full),
                ],
            },
            Subprocess {
                id: "sp2".into(),
                name: "Prüfung".into(),
                org_unit: Some("unit-bauamt".into()),
                items: vec![
                    Item::Variant(Branching {
                        id: "v1".into(),
                        label: "Unterlagen vollständig?".into(),
                        branches: vec![
                            branch(
                                "b1",
                                "nein",
                                Some(0.3),
                                vec![
                                    Item::Step(step("s3", "Unterlagen nachfordern", "rueckfrage")),
                                    Item::Parallel(Branching {
                                        id: "p1".into(),
                                        label: "Beteiligung".into(),
                                        branches: vec![
                                            branch(
                                                "b3",
                                                "Feuerwehr",
                                                None,
                                                vec![Item::Step(step(
                                                    "s4",
                                                    "Feuerwehr beteiligen",
                                                    "abstimmen-beteiligen",
                                                ))],
                                            ),
                                            branch("b4", "", None, vec![]),
                                        ],
                                    }),
                                ],
                            ),
                            branch("b2", "ja", Some(0.7), vec![]),
                        ],
                    }),
                    Item::Step(step("s5", "Bescheid erstellen", "erstellen")),
                ],
            },
            Subprocess {
                id: "sp3".into(),
                name: "Nachbereitung".into(),
                org_unit: None,
                items: vec![],
            },
        ],
    }
}

/// Lane names for the org-unit values of [`sample`].
pub fn unit_names(unit: &str) -> Option<String> {
    match unit {
        "unit-buergerbuero" => Some("Bürgerbüro".into()),
        "unit-bauamt" => Some("Bauamt & Planung".into()),
        _ => None,
    }
}

/// The demo's block models (`crates/ablauf-demo/data/*/models/*.json`), by
/// file, sorted.
pub fn demo_models() -> Vec<(String, BlockModel)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ablauf-demo/data");
    let mut out = Vec::new();
    for org in std::fs::read_dir(&root).expect("demo data").flatten() {
        let Ok(files) = std::fs::read_dir(org.path().join("models")) else {
            continue;
        };
        for f in files.flatten() {
            let text = std::fs::read_to_string(f.path()).expect("demo model");
            let name = format!(
                "{}/{}",
                org.file_name().to_string_lossy(),
                f.file_name().to_string_lossy()
            );
            let m = BlockModel::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            out.push((name, m));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 10,
        "demo models missing under {}",
        root.display()
    );
    out
}

fn overlap(a: &Bounds, b: &Bounds) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// Where a generated diagram puts a flow label over something: a step,
/// gateway or event, the label of one, a lane's name band, or another flow
/// label. Empty when every flow label sits in free space.
pub fn label_collisions(defs: &Definitions) -> Vec<String> {
    let m = defs.model();
    let Some(d) = m.diagrams.first() else {
        return Vec::new();
    };
    fn lanes<'a>(ls: &'a [ablauf_bpmn::Lane], out: &mut Vec<&'a str>) {
        for l in ls {
            out.push(&l.id);
            lanes(&l.children, out);
        }
    }
    let mut frames: Vec<&str> = m
        .collaborations
        .iter()
        .flat_map(|c| c.participants.iter().map(|p| p.id.as_str()))
        .collect();
    for p in &m.processes {
        lanes(&p.lanes, &mut frames);
    }
    let mut things: Vec<(String, Bounds)> = Vec::new();
    for s in &d.shapes {
        let (Some(id), Some(b)) = (s.bpmn_element.as_deref(), s.bounds) else {
            continue;
        };
        if frames.contains(&id) {
            things.push((format!("name band of {id}"), Bounds { width: 30.0, ..b }));
            continue;
        }
        things.push((format!("shape {id}"), b));
        if let Some(l) = s.label {
            things.push((format!("label of {id}"), l));
        }
    }
    let labels: Vec<(String, Bounds)> = d
        .edges
        .iter()
        .filter_map(|e| Some((e.bpmn_element.clone()?, e.label?)))
        .filter(|(id, _)| {
            m.all_flows()
                .iter()
                .any(|f| &f.id == id && f.name.as_deref().is_some_and(|n| !n.trim().is_empty()))
        })
        .collect();
    let mut out = Vec::new();
    for (i, (id, l)) in labels.iter().enumerate() {
        for (what, b) in &things {
            if overlap(l, b) {
                out.push(format!("label of flow {id} {l:?} over {what} {b:?}"));
            }
        }
        for (other, b) in &labels[i + 1..] {
            if overlap(l, b) {
                out.push(format!("label of flow {id} over label of flow {other}"));
            }
        }
    }
    out
}
