//! The BPMN bridge: export (schema-valid, laid out, lanes named), the round
//! trip, import of models drawn elsewhere, and German reasons for what a
//! block model cannot express.

mod common;

use ablauf_bpmn::{ReadOptions, read, write};
use ablauf_model::{BlockModel, Item, StepItem, Subprocess, from_bpmn, to_bpmn};
use common::{assert_xsd_valid, sample, step, unit_names};

fn no_names(_: &str) -> Option<String> {
    None
}

fn round_trip(m: &BlockModel, name: &str) -> (BlockModel, String) {
    let defs = to_bpmn(m, name, &unit_names);
    let bytes = write(&defs);
    let back = read(&bytes, &ReadOptions::default()).expect("our output reads back");
    let model =
        from_bpmn(&back).unwrap_or_else(|r| panic!("{r:?}\n{}", String::from_utf8_lossy(&bytes)));
    (model, String::from_utf8(bytes).expect("utf-8"))
}

#[test]
fn sample_round_trips_and_is_valid_bpmn() {
    let m = sample();
    let (back, xml) = round_trip(&m, "Baugenehmigung");
    assert_eq!(back, m);
    assert_xsd_valid(xml.as_bytes(), "sample");
    let defs = read(xml.as_bytes(), &ReadOptions::default()).unwrap();
    let findings = ablauf_bpmn::check(&defs);
    assert!(findings.is_empty(), "{findings:?}");

    // What other tools see.
    for needle in [
        r#"<bpmn:task id="s2" name="Antrag formell prüfen">"#,
        "<bpmn:documentation>Vollständigkeit, Form &amp; Fristen &lt;prüfen&gt;.\nZweite Zeile.</bpmn:documentation>",
        r#"blockType="formell-pruefen" orgUnit="unit-bauamt""#,
        r#"notes="Checkliste &quot;digital&quot; einführen""#,
        r#"subprocess="sp1""#,
        r#"<ablauf:subprocess id="sp1" name="Antragseingang" orgUnit="unit-buergerbuero"/>"#,
        r#"<ablauf:subprocess id="sp3" name="Nachbereitung"/>"#,
        r#"<bpmn:exclusiveGateway id="v1" name="Unterlagen vollständig?" ablauf:subprocess="sp2">"#,
        r#"<bpmn:parallelGateway id="p1" name="Beteiligung" ablauf:subprocess="sp2">"#,
        r#"id="b1" sourceRef="v1" targetRef="s3" name="nein" ablauf:probability="0.3""#,
        r#"id="b2" sourceRef="v1" targetRef="v1_join" name="ja" ablauf:probability="0.7""#,
        r#"processingTime="PT15M" processingTimeMin="PT10M" processingTimeMax="PT1H30M" waitingTime="P2D""#,
        r#"name="Bürgerbüro""#,
        r#"name="Bauamt &amp; Planung""#,
        r#"<bpmn:participant id="Participant_Process_1" name="Baugenehmigung" processRef="Process_1"/>"#,
        "<bpmndi:BPMNShape id=\"s2_di\" bpmnElement=\"s2\">",
    ] {
        assert!(xml.contains(needle), "missing {needle} in\n{xml}");
    }
    // The step of the inherited unit names the subprocess's unit.
    let m = defs.model();
    let s4 = m.all_nodes().into_iter().find(|n| n.id == "s4").unwrap();
    assert_eq!(
        s4.step.as_ref().unwrap().org_unit.as_deref(),
        Some("unit-bauamt")
    );
    // Two lanes, one per org unit, and every node in a lane.
    let lanes = &m.processes[0].lanes;
    assert_eq!(lanes.len(), 2);
    let in_lanes: usize = lanes.iter().map(|l| l.flow_node_refs.len()).sum();
    assert_eq!(in_lanes, m.processes[0].content.nodes.len());
}

#[test]
fn empty_and_minimal_models() {
    let empty = BlockModel::new();
    let (back, xml) = round_trip(&empty, "");
    assert_eq!(back, empty);
    assert_xsd_valid(xml.as_bytes(), "empty");

    let one = BlockModel {
        subprocesses: vec![Subprocess {
            id: "sp1".into(),
            name: String::new(),
            org_unit: None,
            items: vec![Item::Step(step("s1", "", "warten"))],
        }],
    };
    let (back, xml) = round_trip(&one, "Einfach");
    assert_eq!(back, one);
    assert_xsd_valid(xml.as_bytes(), "one");
    assert!(!xml.contains("laneSet"), "no org units, no lanes");
}

#[test]
fn hostile_text_and_ids_still_give_valid_bpmn() {
    let mut m = sample();
    m.subprocesses[0].items.push(Item::Step(StepItem {
        id: "1 kaputt".into(),
        label: "Steuer\u{1}zeichen & \"Zitate\" <b>".into(),
        description: "a\r\nb".into(),
        ..step("", "", "scannen")
    }));
    m.subprocesses[0]
        .items
        .push(Item::Step(step("s1", "Doppelte Kennung", "drucken")));
    m.subprocesses[0]
        .items
        .push(Item::Step(step("Process_1", "Wie ein Prozess", "drucken")));
    m.subprocesses[0].name = "Tab\there".into();
    let defs = to_bpmn(&m, "Prozess <\u{7}>", &|_| Some("Amt \u{0}A".into()));
    let bytes = write(&defs);
    assert_xsd_valid(&bytes, "hostile");
    let back = from_bpmn(&read(&bytes, &ReadOptions::default()).unwrap()).unwrap();
    // Valid ids are kept; broken and duplicate ones are replaced; text is kept
    // except characters XML cannot carry.
    let steps = back.steps();
    assert_eq!(steps.len(), 8);
    assert_eq!(steps[2].label, "Steuerzeichen & \"Zitate\" <b>");
    assert_eq!(steps[2].description, "a\r\nb");
    assert_ne!(steps[2].id, "1 kaputt");
    assert_ne!(steps[3].id, "s1");
    assert_eq!(steps[4].id, "Process_1");
    assert_eq!(back.subprocesses[0].name, "Tab\there");
    let mut ids = back.ids();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn inherited_org_unit_is_normalised() {
    let mut m = sample();
    // An explicit unit equal to the subprocess's reads back as inherited.
    if let Some(Item::Step(s)) = m.subprocesses[0].items.get_mut(0) {
        s.org_unit = Some("unit-buergerbuero".into());
    }
    let (back, _) = round_trip(&m, "P");
    assert_eq!(back.find("s1").unwrap().org_unit, None);
    assert_eq!(back.effective_org_unit("s1"), m.effective_org_unit("s1"));
}

fn bpmn(body: &str) -> ablauf_bpmn::Definitions {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ablauf="urn:ablauf:bpmn:1.0" id="D" targetNamespace="urn:t">
{body}
</definitions>"#
    );
    read(xml.as_bytes(), &ReadOptions::default()).expect("test file reads")
}

fn task(id: &str, name: &str, block: Option<&str>, unit: Option<&str>) -> String {
    let mut attrs = String::new();
    if let Some(b) = block {
        attrs.push_str(&format!(r#" blockType="{b}""#));
    }
    if let Some(u) = unit {
        attrs.push_str(&format!(r#" orgUnit="{u}""#));
    }
    if block.is_none() && unit.is_none() {
        return format!(r#"<userTask id="{id}" name="{name}"/>"#);
    }
    format!(
        r#"<userTask id="{id}" name="{name}"><extensionElements><ablauf:step{attrs}/></extensionElements></userTask>"#
    )
}

fn flows(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .enumerate()
        .map(|(i, (s, t))| format!(r#"<sequenceFlow id="f{i}" sourceRef="{s}" targetRef="{t}"/>"#))
        .collect()
}

#[test]
fn models_drawn_elsewhere_convert() {
    // No ablauf:subprocess declarations: consecutive steps of one org unit
    // form a subprocess named after their lane; any task kind is a step.
    let d = bpmn(&format!(
        r#"<process id="P">
  <laneSet><lane id="L1" name="Bürgerbüro"><flowNodeRef>A</flowNodeRef><flowNodeRef>B</flowNodeRef></lane>
  <lane id="L2" name="Bauamt"><flowNodeRef>G</flowNodeRef><flowNodeRef>C</flowNodeRef><flowNodeRef>J</flowNodeRef></lane></laneSet>
  <startEvent id="S"><messageEventDefinition/></startEvent>
  {}{}
  <exclusiveGateway id="G" name="Vollständig?"/>{}<exclusiveGateway id="J"/>
  <endEvent id="E"/>
  {}
  <sequenceFlow id="yes" name="ja" sourceRef="G" targetRef="J" ablauf:probability="0.6"/>
</process>"#,
        task("A", "Antrag annehmen", Some("eingang"), Some("bb")),
        task("B", "Erfassen", Some("erfassen-registrieren"), Some("bb")),
        task("C", "Nachfordern", Some("rueckfrage"), Some("ba")),
        flows(&[
            ("S", "A"),
            ("A", "B"),
            ("B", "G"),
            ("G", "C"),
            ("C", "J"),
            ("J", "E")
        ]),
    ));
    let m = from_bpmn(&d).unwrap();
    assert_eq!(m.subprocesses.len(), 2);
    assert_eq!(m.subprocesses[0].name, "Bürgerbüro");
    assert_eq!(m.subprocesses[0].org_unit.as_deref(), Some("bb"));
    assert_eq!(m.subprocesses[1].name, "Bauamt");
    assert_eq!(
        m.find("A").unwrap().org_unit,
        None,
        "inherited from the subprocess"
    );
    let Item::Variant(v) = &m.subprocesses[1].items[0] else {
        panic!("variant expected: {m:?}")
    };
    assert_eq!(v.label, "Vollständig?");
    assert_eq!(v.branches[0].id, "f3");
    assert_eq!(v.branches[1].label, "ja");
    assert_eq!(v.branches[1].share, Some(0.6));
    assert!(v.branches[1].items.is_empty());
    assert!(m.validate().iter().all(|f| f.code != "id-duplicate"));
    // And it exports again.
    let again = to_bpmn(&m, "P", &no_names);
    assert_xsd_valid(&write(&again), "elsewhere");
    assert_eq!(from_bpmn(&again).unwrap(), m);
}

fn reasons(d: &ablauf_bpmn::Definitions) -> Vec<String> {
    from_bpmn(d).expect_err("must not convert")
}

#[test]
fn reasons_name_the_elements() {
    let r = reasons(&bpmn(&format!(
        r#"<process id="P"><startEvent id="S"/>{}{}<endEvent id="E"/>{}</process>"#,
        task("A", "Antrag prüfen", None, None),
        task("B", "", Some("sichten"), None),
        flows(&[("S", "A"), ("A", "B"), ("B", "E")]),
    )));
    assert_eq!(r, ["Die Aufgabe „Antrag prüfen“ hat keinen Bausteintyp."]);

    // A split whose branches end in different places.
    let r = reasons(&bpmn(&format!(
        r#"<process id="P"><startEvent id="S"/><exclusiveGateway id="X" name="X"/>{}{}<parallelGateway id="J"/>{}<endEvent id="E"/>{}</process>"#,
        task("A", "A", Some("sichten"), None),
        task("B", "B", Some("sichten"), None),
        task("C", "C", Some("sichten"), None),
        flows(&[
            ("S", "X"),
            ("X", "A"),
            ("X", "B"),
            ("A", "J"),
            ("B", "C"),
            ("C", "J"),
            ("J", "E")
        ]),
    )));
    assert_eq!(
        r,
        ["Das Gateway „X“ wird durch das Gateway „J“ einer anderen Art zusammengeführt."]
    );

    let r = reasons(&bpmn(&format!(
        r#"<process id="P"><startEvent id="S"/><exclusiveGateway id="X" name="X"/>{}{}<endEvent id="E"/>{}</process>"#,
        task("A", "A", Some("sichten"), None),
        task("B", "B", Some("sichten"), None),
        flows(&[("S", "X"), ("X", "A"), ("X", "B"), ("A", "E"), ("B", "E")]),
    )));
    assert_eq!(
        r,
        ["Das Endereignis „E“ hat 2 eingehende Sequenzflüsse; erlaubt ist genau einer."]
    );

    // Not properly nested: the inner split joins at the outer join.
    let r = reasons(&bpmn(&format!(
        r#"<process id="P"><startEvent id="S"/><exclusiveGateway id="X" name="außen"/><exclusiveGateway id="Y" name="innen"/>{}<exclusiveGateway id="J"/><endEvent id="E"/>{}</process>"#,
        task("A", "A", Some("sichten"), None),
        flows(&[
            ("S", "X"),
            ("X", "Y"),
            ("X", "A"),
            ("Y", "J"),
            ("Y", "J"),
            ("A", "J"),
            ("J", "E")
        ]),
    )));
    assert_eq!(
        r,
        ["Das Gateway „innen“ hat keinen passenden Zusammenführungspunkt."]
    );

    // Loops.
    let r = reasons(&bpmn(&format!(
        r#"<process id="P"><startEvent id="S"/><exclusiveGateway id="J"/>{}<exclusiveGateway id="X" name="OK?"/><endEvent id="E"/>{}</process>"#,
        task("A", "Prüfen", Some("sichten"), None),
        flows(&[("S", "J"), ("J", "A"), ("A", "X"), ("X", "J"), ("X", "E")]),
    )));
    assert!(
        r.iter()
            .any(|s| s.starts_with("Der Prozess enthält Schleifen")),
        "{r:?}"
    );
    assert!(
        r.contains(&"Das Gateway „J“ verzweigt nicht und führt nicht zusammen.".to_owned())
            || r.iter().any(|s| s.contains("„J“")),
        "{r:?}"
    );

    // Everything a block model cannot hold, all at once.
    let r = reasons(&bpmn(&format!(
        r#"<collaboration id="C"><participant id="P1" processRef="P"/><participant id="P2" name="Bürger"/>
  <messageFlow id="M" name="Antrag" sourceRef="P2" targetRef="A"/></collaboration>
<process id="P"><startEvent id="S"/><startEvent id="S2"/>{}
  <intermediateCatchEvent id="T" name="Frist abwarten"><timerEventDefinition/></intermediateCatchEvent>
  <inclusiveGateway id="I" name="Welche?"/><subProcess id="U" name="Details"/>
  <boundaryEvent id="BE" name="Eskalation" attachedToRef="A"/>
  <textAnnotation id="N"><text>Wichtig</text></textAnnotation>
  <endEvent id="E"/>{}</process>"#,
        task("A", "Antrag prüfen", None, None),
        flows(&[("S", "A"), ("A", "T"), ("T", "I"), ("I", "U"), ("U", "E")]),
    )));
    for want in [
        "Die Zusammenarbeit enthält 2 Pools; ein Bausteinmodell hat genau einen.",
        "Der Nachrichtenfluss „Antrag“ lässt sich im Bausteinmodell nicht darstellen.",
        "Der Prozess hat 2 Startereignisse; ein Bausteinmodell hat genau eines.",
        "Die Aufgabe „Antrag prüfen“ hat keinen Bausteintyp.",
        "Ereignisse zwischen Schritten lassen sich nicht als Baustein darstellen: „Frist abwarten“.",
        "Das inklusive Gateway „Welche?“ lässt sich nicht darstellen; Bausteinmodelle kennen nur Varianten (exklusiv) und Parallelität.",
        "Der Unterprozess „Details“ lässt sich nicht als Baustein darstellen; ein Bausteinmodell besteht aus einfachen Schritten.",
        "Das angeheftete Ereignis „Eskalation“ lässt sich im Bausteinmodell nicht darstellen.",
        "Die Anmerkung „Wichtig“ lässt sich im Bausteinmodell nicht darstellen.",
        "Das Startereignis „S2“ hat 0 ausgehende Sequenzflüsse; erlaubt ist genau einer.",
    ] {
        assert!(r.contains(&want.to_owned()), "missing {want} in {r:#?}");
    }

    assert_eq!(reasons(&bpmn("")), ["Die Datei enthält keinen Prozess."]);
    assert_eq!(
        reasons(&bpmn(
            r#"<process id="P1"><startEvent id="S"/></process><process id="P2"><endEvent id="E"/></process>"#
        )),
        ["Die Datei enthält 2 Prozesse; ein Bausteinmodell beschreibt genau einen."]
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowing() {
    // 200 nested splits: a reason, no stack overflow.
    let depth = 200;
    let mut body = String::from(r#"<process id="P"><startEvent id="S"/><endEvent id="E"/>"#);
    let mut fl = vec![("S".to_owned(), "G0".to_owned())];
    for i in 0..depth {
        body.push_str(&format!(
            r#"<parallelGateway id="G{i}"/><parallelGateway id="J{i}"/>"#
        ));
        let next = if i + 1 < depth {
            format!("G{}", i + 1)
        } else {
            format!("J{i}")
        };
        fl.push((format!("G{i}"), next));
        fl.push((format!("G{i}"), format!("J{i}")));
        let after = if i == 0 {
            "E".to_owned()
        } else {
            format!("J{}", i - 1)
        };
        fl.push((format!("J{i}"), after));
    }
    let pairs: Vec<(&str, &str)> = fl.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    body.push_str(&flows(&pairs));
    body.push_str("</process>");
    let r = reasons(&bpmn(&body));
    assert!(r[0].contains("tiefer als 64 Ebenen"), "{r:?}");
}

#[test]
fn miwg_files_convert_or_give_reasons() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let files = common::miwg_files(&data);
    assert!(files.len() >= 40, "{} files", files.len());
    let mut converted = 0;
    let mut typed_ok = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let Ok(defs) = read(&bytes, &ReadOptions::default()) else {
            continue;
        };
        match from_bpmn(&defs) {
            Ok(m) => {
                converted += 1;
                let again = to_bpmn(&m, "MIWG", &no_names);
                assert_eq!(from_bpmn(&again).as_ref(), Ok(&m), "{}", f.display());
            }
            Err(r) => {
                assert!(!r.is_empty(), "{}", f.display());
                assert!(r.iter().all(|s| !s.trim().is_empty()));
            }
        }
        // With block types added to every task, more files convert; none panics.
        let mut typed = defs.clone();
        let ids: Vec<String> = typed
            .model()
            .all_nodes()
            .into_iter()
            .filter(|n| matches!(n.kind, ablauf_bpmn::FlowNodeKind::Task { .. }))
            .map(|n| n.id.clone())
            .collect();
        for id in ids {
            typed.set_step(
                &id,
                Some(&ablauf_bpmn::Step {
                    block_type: Some("sichten".into()),
                    ..Default::default()
                }),
            );
        }
        match from_bpmn(&typed) {
            Ok(m) => {
                typed_ok += 1;
                assert_xsd_valid(&write(&to_bpmn(&m, "MIWG", &no_names)), "miwg-typed");
            }
            Err(r) if std::env::var_os("ABLAUF_SHOW_REASONS").is_some() => {
                eprintln!("{}:\n  {}", f.display(), r.join("\n  "));
            }
            Err(_) => {}
        }
    }
    eprintln!(
        "{converted} of {} MIWG files convert as they are, {typed_ok} with block types added",
        files.len()
    );
}
