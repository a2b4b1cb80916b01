//! Every media-break, hand-over, weak-spot and quality rule has a model that
//! triggers it and one that does not.

use ablauf_analysis::{Analysis, Category, Context, Params, RULES, analyse};
use ablauf_model::BlockModel;
use serde_json::{Value, json};

/// A complete step: label, block, time, pay grade, unit, IT system.
fn s(id: &str, block: &str, medium: Option<&str>) -> Value {
    let mut v = json!({"kind": "step", "id": id, "label": "Antrag prüfen", "block": block,
        "processingMinutes": 10.0, "payGrade": "e9", "orgUnit": "u1", "itSystem": "Fachverfahren"});
    if let Some(m) = medium {
        v["medium"] = json!(m);
    }
    v
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

fn model(items: Vec<Value>) -> BlockModel {
    serde_json::from_value(
        json!({"subprocesses": [{"id": "sp", "name": "Bearbeitung", "items": items}]}),
    )
    .unwrap()
}

fn ctx(cases: u32, ozg: Option<u8>) -> Context {
    Context {
        cases_per_year: Some(cases),
        ozg_level: ozg,
        rates: [("e9".to_owned(), 60.0)].into(),
        params: Params::default(),
    }
}

fn run(m: &BlockModel, c: &Context) -> Analysis {
    analyse(m, c, &|_| true)
}

fn rules(a: &Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.rule).collect()
}

/// The steps the findings of `rule` name.
fn steps_of(a: &Analysis, rule: &str) -> Vec<Vec<String>> {
    a.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.step_ids.clone())
        .collect()
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_complete_electronic_model_has_no_findings_but_style() {
    let m = model(vec![
        s("a", "eingang", Some("portal")),
        s("b", "formell-pruefen", Some("eakte")),
        s("c", "ausgang", Some("portal")),
    ]);
    let a = run(&m, &ctx(100, Some(4)));
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    assert_eq!(a.quality.score, 100);
    assert_eq!(a.totals.media_breaks, 0);
}

#[test]
fn printed_signed_scanned_and_printed_scanned() {
    let m = model(vec![
        s("p", "drucken", Some("papier")),
        s("z", "zeichnen-unterschreiben", Some("papier")),
        s("x", "bearbeiten", Some("eakte")),
        s("c", "scannen", Some("papier")),
    ]);
    let a = run(&m, &ctx(10, None));
    assert_eq!(steps_of(&a, "print-sign-scan"), [ids(&["p", "z", "c"])]);
    assert!(
        steps_of(&a, "print-scan").is_empty(),
        "covered by print-sign-scan"
    );
    assert_eq!(steps_of(&a, "ws-paper-signature"), [ids(&["z"])]);

    let m = model(vec![
        s("p", "drucken", Some("papier")),
        s("c", "scannen", Some("papier")),
    ]);
    let a = run(&m, &ctx(10, None));
    assert_eq!(steps_of(&a, "print-scan"), [ids(&["p", "c"])]);
    assert_eq!(a.totals.media_breaks, 1);

    // Scanning before printing is no round trip; neither are two variant
    // branches.
    let m = model(vec![
        s("c", "scannen", Some("papier")),
        s("p", "drucken", Some("papier")),
    ]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "print-scan").is_empty());
    let m = model(vec![json!({"kind": "variant", "id": "v", "branches": [
        {"id": "b1", "share": 0.5, "items": [s("p", "drucken", Some("papier"))]},
        {"id": "b2", "share": 0.5, "items": [s("c", "scannen", Some("papier"))]}]})]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "print-scan").is_empty());
    // An electronic signature is no weak spot.
    let m = model(vec![s("z", "zeichnen-unterschreiben", Some("eakte"))]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "ws-paper-signature").is_empty());
}

#[test]
fn electronic_input_keyed_in_again() {
    let m = model(vec![
        s("e", "eingang", Some("portal")),
        s("k", "it-system-eingeben", Some("eakte")),
    ]);
    assert_eq!(
        steps_of(&run(&m, &ctx(10, None)), "rekeying"),
        [ids(&["e", "k"])]
    );
    let m = model(vec![
        s("e", "eingang", Some("papier")),
        s("k", "it-system-eingeben", Some("eakte")),
    ]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "rekeying").is_empty());
}

#[test]
fn paper_in_an_electronic_chain_and_fax() {
    let m = model(vec![
        s("a", "eingang", Some("email")),
        s("b", "bearbeiten", Some("papier")),
        s("c", "ausgang", Some("eakte")),
    ]);
    let a = run(&m, &ctx(10, None));
    assert_eq!(steps_of(&a, "paper-in-electronic-chain"), [ids(&["b"])]);
    assert!(rules(&a).contains(&"ws-media-breaks"));
    let m = model(vec![
        s("a", "eingang", Some("papier")),
        s("b", "bearbeiten", Some("papier")),
        s("c", "ausgang", Some("eakte")),
    ]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "paper-in-electronic-chain").is_empty());

    let m = model(vec![s("a", "eingang", Some("fax"))]);
    assert_eq!(steps_of(&run(&m, &ctx(10, None)), "fax"), [ids(&["a"])]);
    let m = model(vec![with(
        s("a", "ausgang", Some("eakte")),
        "outputChannel",
        json!("fax"),
    )]);
    assert_eq!(steps_of(&run(&m, &ctx(10, None)), "fax"), [ids(&["a"])]);
    let m = model(vec![s("a", "eingang", Some("email"))]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "fax").is_empty());
}

#[test]
fn hand_overs_back_and_forth_and_more_than_three() {
    let m = model(vec![
        s("a", "bearbeiten", None),
        with(s("b", "bearbeiten", None), "orgUnit", json!("u2")),
        s("c", "bearbeiten", None),
    ]);
    let a = run(&m, &ctx(10, None));
    assert_eq!(
        steps_of(&a, "handover-back-and-forth"),
        [ids(&["a", "b", "c"])]
    );
    assert_eq!(a.totals.handovers, 2);
    assert!(steps_of(&a, "ws-handovers").is_empty());

    let m = model(vec![
        s("a", "bearbeiten", None),
        with(s("b", "bearbeiten", None), "orgUnit", json!("u2")),
        with(s("c", "bearbeiten", None), "orgUnit", json!("u3")),
        with(s("d", "bearbeiten", None), "orgUnit", json!("u4")),
        with(s("e", "bearbeiten", None), "orgUnit", json!("u5")),
    ]);
    let a = run(&m, &ctx(10, None));
    assert!(steps_of(&a, "handover-back-and-forth").is_empty());
    assert_eq!(a.totals.handovers, 4);
    assert_eq!(steps_of(&a, "ws-handovers"), [ids(&["b", "c", "d", "e"])]);
}

#[test]
fn waiting_over_half_the_lead_time() {
    let m = model(vec![with(
        s("a", "warten", None),
        "waitingMinutes",
        json!(11.0),
    )]);
    assert_eq!(
        steps_of(&run(&m, &ctx(10, None)), "ws-waiting"),
        [ids(&["a"])]
    );
    let m = model(vec![with(
        s("a", "warten", None),
        "waitingMinutes",
        json!(10.0),
    )]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "ws-waiting").is_empty());
}

#[test]
fn paper_notice_although_online() {
    let m = model(vec![
        s("a", "eingang", Some("portal")),
        s("b", "ausgang", Some("papier")),
    ]);
    assert_eq!(
        steps_of(&run(&m, &ctx(10, Some(3))), "ws-paper-notice-online"),
        [ids(&["b"])]
    );
    assert!(steps_of(&run(&m, &ctx(10, Some(2))), "ws-paper-notice-online").is_empty());
    assert!(steps_of(&run(&m, &ctx(10, None)), "ws-paper-notice-online").is_empty());
}

#[test]
fn double_data_entry() {
    let m = model(vec![
        s("a", "it-system-eingeben", None),
        s("b", "bearbeiten", None),
        s("c", "it-system-eingeben", None),
    ]);
    assert_eq!(
        steps_of(&run(&m, &ctx(10, None)), "ws-double-entry"),
        [ids(&["a", "c"])]
    );
    let m = model(vec![json!({"kind": "variant", "id": "v", "branches": [
        {"id": "b1", "share": 0.5, "items": [s("a", "it-system-eingeben", None)]},
        {"id": "b2", "share": 0.5, "items": [s("c", "it-system-eingeben", None)]}]})]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "ws-double-entry").is_empty());
}

#[test]
fn steps_without_it_in_a_high_volume_process() {
    let m = model(vec![
        s("a", "bearbeiten", None),
        with(s("b", "bearbeiten", None), "itSystem", json!(null)),
    ]);
    assert_eq!(
        steps_of(&run(&m, &ctx(1000, None)), "ws-no-it-high-volume"),
        [ids(&["b"])]
    );
    assert!(steps_of(&run(&m, &ctx(999, None)), "ws-no-it-high-volume").is_empty());
}

#[test]
fn switched_off_weak_spots_are_left_out_but_media_breaks_stay() {
    let m = model(vec![
        s("a", "eingang", Some("fax")),
        s("z", "zeichnen-unterschreiben", Some("papier")),
    ]);
    let a = analyse(&m, &ctx(10, None), &|rule| {
        rule != "ws-paper-signature" && rule != "ws-media-breaks"
    });
    let r = rules(&a);
    assert!(r.contains(&"fax"));
    assert!(!r.contains(&"ws-paper-signature") && !r.contains(&"ws-media-breaks"));
    assert_eq!(a.totals.media_breaks, 1);
}

#[test]
fn model_quality_checklist() {
    let mut items = vec![
        with(s("a", "", None), "label", json!("")),
        with(s("b", "bearbeiten", None), "label", json!("Prüfung")),
        json!({"kind": "variant", "id": "v", "branches": [{"id": "b1", "share": 1.0, "items": [s("c", "bearbeiten", None)]}]}),
        json!({"kind": "step", "id": "d", "label": "Akte ablegen", "block": "ablegen-archivieren"}),
    ];
    for n in 0..48 {
        items.push(s(&format!("x{n}"), "bearbeiten", None));
    }
    let mut m = model(items);
    m.subprocesses
        .push(serde_json::from_value(json!({"id": "leer", "name": "Nacharbeit"})).unwrap());
    let a = run(&m, &ctx(10, None));
    assert_eq!(steps_of(&a, "q-unnamed-step"), [ids(&["a"])]);
    assert_eq!(steps_of(&a, "q-no-block"), [ids(&["a"])]);
    assert_eq!(steps_of(&a, "q-verb-object"), [ids(&["b"])]);
    assert_eq!(steps_of(&a, "q-single-branch"), [ids(&["c"])]);
    assert_eq!(steps_of(&a, "q-empty-subprocess").len(), 1);
    assert_eq!(steps_of(&a, "q-too-large").len(), 1);
    assert_eq!(steps_of(&a, "q-missing-attributes"), [ids(&["d"])]);
    assert_eq!(a.quality.score, 0);
    assert!(a.quality.checks.iter().all(|c| !c.passed));
}

#[test]
fn labels_in_object_verb_form() {
    for ok in [
        "Antrag prüfen",
        "Gebühr berechnen",
        "Unterlagen sammeln",
        "Vorgang an Kasse weiterleiten",
    ] {
        assert!(ablauf_analysis::findings::is_verb_object(ok), "{ok}");
    }
    for bad in [
        "Prüfung",
        "Antrag Prüfung",
        "prüfen",
        "Antragsprüfung durchführen.",
    ] {
        let expect = bad == "Antragsprüfung durchführen.";
        assert_eq!(
            ablauf_analysis::findings::is_verb_object(bad),
            expect,
            "{bad}"
        );
    }
}

#[test]
fn every_rule_has_a_unique_key_and_german_texts() {
    let mut keys: Vec<&str> = RULES.iter().map(|r| r.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), RULES.len());
    for r in RULES {
        assert!(
            !r.title.is_empty() && r.why.ends_with('.') && r.remedy.ends_with('.'),
            "{}",
            r.key
        );
        assert_eq!(r.switchable(), r.key.starts_with("ws-"), "{}", r.key);
        assert_eq!(
            r.category == Category::Quality,
            r.key.starts_with("q-"),
            "{}",
            r.key
        );
    }
}

#[test]
fn paper_keyed_in() {
    let m = model(vec![
        s("a", "eingang", Some("papier")),
        s("k", "it-system-eingeben", Some("eakte")),
    ]);
    assert_eq!(
        steps_of(&run(&m, &ctx(10, None)), "paper-keyed-in"),
        [ids(&["a", "k"])]
    );
    let m = model(vec![s("k", "it-system-eingeben", Some("papier"))]);
    assert_eq!(
        steps_of(&run(&m, &ctx(10, None)), "paper-keyed-in"),
        [ids(&["k"])]
    );
    let m = model(vec![
        s("a", "eingang", Some("eakte")),
        s("k", "it-system-eingeben", Some("eakte")),
    ]);
    assert!(steps_of(&run(&m, &ctx(10, None)), "paper-keyed-in").is_empty());
}
