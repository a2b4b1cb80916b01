//! The model: its JSON form, navigation, fresh ids and validation.

mod common;

use ablauf_model::{BlockModel, Catalogue, Item, Severity, StepItem, Subprocess};
use common::{branch, sample, step};

#[test]
fn json_is_compact_and_stable() {
    let m = BlockModel {
        subprocesses: vec![Subprocess {
            id: "sp1".into(),
            name: "Eingang".into(),
            org_unit: None,
            items: vec![
                Item::Step(StepItem {
                    processing_minutes: Some(15.0),
                    ..step("s1", "Antrag prüfen", "formell-pruefen")
                }),
                Item::Variant(ablauf_model::Branching {
                    id: "v1".into(),
                    label: String::new(),
                    branches: vec![
                        branch("b1", "ja", Some(0.5), vec![]),
                        branch("b2", "", None, vec![]),
                    ],
                }),
            ],
        }],
    };
    let json = m.to_json();
    assert_eq!(
        json,
        r#"{"subprocesses":[{"id":"sp1","name":"Eingang","items":[{"kind":"step","id":"s1","label":"Antrag prüfen","block":"formell-pruefen","processingMinutes":15.0},{"kind":"variant","id":"v1","branches":[{"id":"b1","label":"ja","share":0.5},{"id":"b2"}]}]}]}"#
    );
    assert_eq!(BlockModel::from_json(&json).unwrap(), m);
    assert_eq!(BlockModel::new().to_json(), "{}");
    assert_eq!(BlockModel::from_json("{}").unwrap(), BlockModel::new());

    // Every field of the sample survives; missing fields default.
    let s = sample();
    assert_eq!(BlockModel::from_json(&s.to_json()).unwrap(), s);
    let minimal = BlockModel::from_json(
        r#"{"subprocesses":[{"id":"sp1","items":[{"kind":"parallel","id":"p1"},{"kind":"step","id":"s1","documents":[{"direction":"out","name":"Bescheid"}]}]}]}"#,
    )
    .unwrap();
    assert_eq!(minimal.find("s1").unwrap().documents[0].name, "Bescheid");
    assert!(
        minimal
            .find_item("p1")
            .unwrap()
            .as_branching()
            .unwrap()
            .branches
            .is_empty()
    );
    assert!(
        BlockModel::from_json(r#"{"subprocesses":[{"id":"x","items":[{"kind":"loop"}]}]}"#)
            .is_err()
    );
}

#[test]
fn navigation() {
    let m = sample();
    assert_eq!(m.find("s3").unwrap().label, "Unterlagen nachfordern");
    assert!(m.find("v1").is_none(), "a variant is not a step");
    assert_eq!(m.find_item("p1").unwrap().label(), "Beteiligung");
    assert_eq!(m.find_branch("b3").unwrap().label, "Feuerwehr");
    assert_eq!(m.branching_of("b3").unwrap().id(), "p1");
    assert_eq!(m.subprocess_of("s4").unwrap().id, "sp2");
    assert_eq!(m.subprocess_of("sp3").unwrap().name, "Nachbereitung");
    assert_eq!(m.find_subprocess("sp1").unwrap().name, "Antragseingang");
    assert_eq!(m.effective_org_unit("s1"), Some("unit-buergerbuero"));
    assert_eq!(m.effective_org_unit("s2"), Some("unit-bauamt"));
    assert_eq!(m.effective_org_unit("s4"), Some("unit-bauamt"));
    assert!(m.find("nope").is_none() && m.find_branch("").is_none());
    let steps: Vec<&str> = m.steps().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(steps, ["s1", "s2", "s3", "s4", "s5"]);
    assert_eq!(
        m.ids(),
        [
            "sp1", "s1", "s2", "sp2", "v1", "b1", "s3", "p1", "b3", "s4", "b4", "b2", "s5", "sp3"
        ]
    );
    let mut depths = Vec::new();
    m.walk(&mut |it, d| depths.push((it.id().to_owned(), d)));
    assert!(depths.contains(&("s4".into(), 2)));
}

#[test]
fn fresh_ids() {
    let m = sample();
    assert_eq!(m.new_id("s"), "s6");
    assert_eq!(m.new_id("sp"), "sp4");
    assert_eq!(m.new_id("b"), "b5");
    assert_eq!(m.new_id("x"), "x1");
    assert_eq!(BlockModel::new().new_id("s"), "s1");
}

fn codes(m: &BlockModel) -> Vec<(&'static str, Option<String>)> {
    m.validate_with(&Catalogue::default())
        .into_iter()
        .map(|f| (f.code, f.id))
        .collect()
}

#[test]
fn validation() {
    let cat = Catalogue::default();
    assert_eq!(sample().validate_with(&cat), vec![]);

    let mut m = sample();
    if let Some(Item::Variant(v)) = m.subprocesses[1].items.get_mut(0) {
        v.branches[0].share = Some(0.2);
    }
    let f = m.validate();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].code, "share-sum");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].id.as_deref(), Some("v1"));
    assert_eq!(
        f[0].message,
        "Die Variante „Unterlagen vollständig?“: Die Anteile der Zweige ergeben zusammen 90 % statt 100 %."
    );

    let mut m = sample();
    let bad = StepItem {
        processing_minutes: Some(-5.0),
        processing_minutes_min: Some(30.0),
        processing_minutes_max: Some(20.0),
        share: Some(1.5),
        medium: Some("brieftaube".into()),
        legal_basis: vec![" ".into()],
        ..step("s9", "", "zaubern")
    };
    m.subprocesses[2].items.push(Item::Step(bad));
    let c = codes(&m);
    for code in [
        "label-empty",
        "block-unknown",
        "time-negative",
        "time-min-max",
        "time-typical-range",
        "share-range",
        "medium-unknown",
        "legal-basis-empty",
    ] {
        assert!(
            c.contains(&(code, Some("s9".into()))),
            "{code} missing in {c:?}"
        );
    }
    // Without a catalogue, block keys are not checked.
    assert!(!m.validate().iter().any(|f| f.code == "block-unknown"));
    // A hidden block still counts as known.
    let mut hidden = Catalogue::default();
    assert!(hidden.set_hidden("eingang", true));
    assert!(
        !sample()
            .validate_with(&hidden)
            .iter()
            .any(|f| f.code == "block-unknown")
    );

    let mut m = sample();
    m.subprocesses[2]
        .items
        .push(Item::Parallel(ablauf_model::Branching {
            id: "p9".into(),
            label: String::new(),
            branches: vec![branch(
                "b9",
                "A",
                Some(0.5),
                vec![Item::Step(step("s1", "Doppelt", ""))],
            )],
        }));
    m.subprocesses[2].name = " ".into();
    let c = codes(&m);
    for (code, id) in [
        ("branches-too-few", "p9"),
        ("label-empty", "p9"),
        ("share-parallel", "b9"),
        ("id-duplicate", "s1"),
        ("block-missing", "s1"),
        ("name-empty", "sp3"),
    ] {
        assert!(
            c.contains(&(code, Some(id.into()))),
            "{code} missing in {c:?}"
        );
    }

    let mut m = sample();
    if let Some(Item::Variant(v)) = m.subprocesses[1].items.get_mut(0) {
        v.branches[1].share = None;
        v.branches[0].id = "1b".into();
    }
    let c = codes(&m);
    assert!(c.contains(&("share-missing", Some("b2".into()))), "{c:?}");
    assert!(c.contains(&("id-invalid", Some("1b".into()))), "{c:?}");
    assert!(
        !c.iter().any(|(c, _)| *c == "share-sum"),
        "incomplete shares below 100 % are fine"
    );
    assert_eq!(ablauf_model::validate::percent(1.0 / 3.0), "33,3 %");
}
