//! The Ablauf extension: typed edits write through to the tree, survive a
//! round trip, keep the file schema-valid, and declare the namespace once.

mod common;

use ablauf_bpmn::{ABLAUF_NS, Direction, ReadOptions, Step, StepDocument, read, write};

const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:x">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:startEvent id="S"/>
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T"/>
    <bpmn:task id="T" name="Antrag prüfen">
      <bpmn:documentation>Vollständigkeit   prüfen
  und Fristen</bpmn:documentation>
      <bpmn:incoming>F1</bpmn:incoming>
      <bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:task>
    <bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="G"/>
    <bpmn:exclusiveGateway id="G"/>
    <bpmn:sequenceFlow id="F3" sourceRef="G" targetRef="E"/>
    <bpmn:sequenceFlow id="F4" sourceRef="G" targetRef="E"/>
    <bpmn:endEvent id="E"/>
  </bpmn:process>
</bpmn:definitions>
"#;

fn step() -> Step {
    Step {
        block_type: Some("formell-pruefen".into()),
        org_unit: Some("Bauordnungsamt".into()),
        pay_grade: Some("E9b".into()),
        processing_minutes: Some(15.0),
        processing_minutes_min: Some(10.0),
        processing_minutes_max: Some(90.0),
        waiting_minutes: Some(2.0 * 1440.0),
        share: Some(0.8),
        it_system: Some("ProBauG".into()),
        medium: Some("paper".into()),
        input_channel: Some("email".into()),
        output_channel: Some("post & portal".into()),
        documents: vec![
            StepDocument {
                direction: Direction::In,
                name: "Bauantrag \"A\"".into(),
            },
            StepDocument {
                direction: Direction::Out,
                name: "Nachforderung".into(),
            },
        ],
        legal_basis: vec!["§ 64 BauO NRW".into(), "§ 71 <VwVfG>".into()],
        subprocess: Some("sp1".into()),
        notes: Some("Zeile 1\nZeile \"2\" & <3>".into()),
    }
}

#[test]
fn step_and_probability_round_trip() {
    let mut defs = read(MODEL.as_bytes(), &ReadOptions::default()).unwrap();
    assert!(defs.set_step("T", Some(&step())));
    assert!(defs.set_probability("F3", Some(0.25)));
    assert!(defs.set_probability("F4", Some(0.75)));
    assert!(!defs.set_step("nope", Some(&step())));
    let out = write(&defs);
    let text = String::from_utf8(out.clone()).unwrap();
    assert_eq!(
        text.matches(&format!("xmlns:ablauf=\"{ABLAUF_NS}\""))
            .count(),
        1,
        "{text}"
    );
    assert!(text.contains("processingTimeMax=\"PT1H30M\""), "{text}");
    assert!(text.contains("waitingTime=\"P2D\""));
    assert!(text.contains("Vollständigkeit   prüfen\n  und Fristen"));

    let back = read(&out, &ReadOptions::default()).unwrap();
    let m = back.model();
    let t = m.all_nodes().into_iter().find(|n| n.id == "T").unwrap();
    assert_eq!(t.step.as_ref(), Some(&step()));
    let probs: Vec<_> = m
        .all_flows()
        .iter()
        .map(|f| (f.id.clone(), f.probability))
        .collect();
    assert!(probs.contains(&("F3".into(), Some(0.25))));
    assert!(probs.contains(&("F4".into(), Some(0.75))));
    assert!(
        ablauf_bpmn::check(&back).is_empty(),
        "{:?}",
        ablauf_bpmn::check(&back)
    );
    // Stable: another write is identical.
    assert_eq!(write(&back), out);

    // Editing again replaces rather than duplicates, and removal cleans up.
    let mut again = back.clone();
    let mut s2 = step();
    s2.share = Some(0.5);
    again.set_step("T", Some(&s2));
    let t2 = again
        .model()
        .all_nodes()
        .into_iter()
        .find(|n| n.id == "T")
        .unwrap()
        .step
        .clone();
    assert_eq!(t2.and_then(|s| s.share), Some(0.5));
    again.set_step("T", None);
    again.set_probability("F3", None);
    again.set_probability("F4", None);
    let text = String::from_utf8(write(&again)).unwrap();
    assert!(!text.contains("\n      \n"), "blank lines left: {text}");
    assert!(
        !text.contains("ablauf:step")
            && !text.contains("extensionElements")
            && !text.contains("ablauf:probability"),
        "{text}"
    );

    // Schema-valid with the extension in place.
    if let (Some(data), Some(xmllint)) = (common::shared_data(), common::xmllint()) {
        let dir = common::tmp_dir("ext");
        let p = dir.join("ext.bpmn");
        std::fs::write(&p, &out).unwrap();
        let o = std::process::Command::new(xmllint)
            .args(["--noout", "--schema"])
            .arg(data.join("bpmn-xsd/BPMN20.xsd"))
            .arg(&p)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn durations() {
    use ablauf_bpmn::ext::{duration_to_minutes, minutes_to_duration};
    assert_eq!(duration_to_minutes("PT15M"), Some(15.0));
    assert_eq!(duration_to_minutes("P1DT2H"), Some(1440.0 + 120.0));
    assert_eq!(duration_to_minutes("PT30S"), Some(0.5));
    assert_eq!(duration_to_minutes("P1W"), Some(7.0 * 1440.0));
    assert_eq!(duration_to_minutes("P1M"), None);
    assert_eq!(duration_to_minutes("PT"), None);
    assert_eq!(duration_to_minutes("15"), None);
    assert_eq!(minutes_to_duration(0.0), "PT0M");
    assert_eq!(minutes_to_duration(61.5), "PT1H1M30S");
    assert_eq!(minutes_to_duration(1440.0), "P1D");
}

/// The fixture bpmn-moddle reads in bench/bpmn/moddle-roundtrip.mjs.
#[test]
fn moddle_fixture_is_typed() {
    let bytes = include_bytes!("fixtures/ablauf-extension.bpmn");
    let defs = read(bytes, &ReadOptions::default()).unwrap();
    let m = defs.model();
    let t = m.all_nodes().into_iter().find(|n| n.id == "T").unwrap();
    let s = t.step.as_ref().unwrap();
    assert_eq!(s.processing_minutes_max, Some(90.0));
    assert_eq!(s.documents.len(), 2);
    assert_eq!(
        s.legal_basis,
        vec!["§ 64 BauO NRW".to_string(), "§ 71 VwVfG".to_string()]
    );
    assert!(ablauf_bpmn::check(&defs).is_empty());
    // The descriptor must name every attribute the writer emits.
    let json = include_str!("../moddle/ablauf.json");
    for a in [
        "blockType",
        "orgUnit",
        "payGrade",
        "processingTime",
        "processingTimeMin",
        "processingTimeMax",
        "waitingTime",
        "share",
        "itSystem",
        "medium",
        "inputChannel",
        "outputChannel",
        "subprocess",
        "notes",
        "direction",
        "probability",
        "urn:ablauf:bpmn:1.0",
    ] {
        assert!(
            json.contains(&format!("\"{a}\"")),
            "{a} missing in moddle/ablauf.json"
        );
    }
}

/// Subprocesses of building-block models: declared on the process, named by
/// steps and splitting gateways; schema-valid; removable without residue.
#[test]
fn subprocesses_round_trip() {
    use ablauf_bpmn::ext::SubprocessDef;
    let mut defs = read(MODEL.as_bytes(), &ReadOptions::default()).unwrap();
    let sps = vec![
        SubprocessDef {
            id: "sp1".into(),
            name: "Eingang & Prüfung".into(),
            org_unit: Some("Bürgerbüro".into()),
        },
        SubprocessDef {
            id: "sp2".into(),
            name: String::new(),
            org_unit: None,
        },
    ];
    assert!(defs.set_subprocesses("P", &sps));
    assert!(!defs.set_subprocesses("nope", &sps));
    assert!(defs.set_step("T", Some(&step())));
    assert!(defs.set_subprocess_ref("G", Some("sp2")));
    let out = write(&defs);
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains(r#"ablauf:subprocess="sp2""#), "{text}");
    // extensionElements of the process come before its flow elements (XSD order).
    let ee = text.find("<bpmn:extensionElements>").unwrap();
    assert!(ee < text.find("<bpmn:startEvent").unwrap(), "{text}");

    let back = read(&out, &ReadOptions::default()).unwrap();
    assert_eq!(back.subprocesses("P"), sps);
    assert_eq!(back.subprocess_ref("G").as_deref(), Some("sp2"));
    assert_eq!(back.subprocess_ref("T"), None);
    let m = back.model();
    let t = m.all_nodes().into_iter().find(|n| n.id == "T").unwrap();
    assert_eq!(t.step.as_ref(), Some(&step()));
    assert!(ablauf_bpmn::check(&back).is_empty());
    assert_eq!(write(&back), out);

    if let (Some(data), Some(xmllint)) = (common::shared_data(), common::xmllint()) {
        let dir = common::tmp_dir("ext-sub");
        let p = dir.join("sub.bpmn");
        std::fs::write(&p, &out).unwrap();
        let o = std::process::Command::new(xmllint)
            .args(["--noout", "--schema"])
            .arg(data.join("bpmn-xsd/BPMN20.xsd"))
            .arg(&p)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let _ = std::fs::remove_dir_all(dir);
    }

    // Removing everything restores the original text.
    let mut again = back.clone();
    again.set_subprocesses("P", &[]);
    again.set_subprocess_ref("G", None);
    again.set_step("T", None);
    let text = String::from_utf8(write(&again)).unwrap();
    assert!(
        !text.contains("<ablauf:")
            && !text.contains("ablauf:subprocess")
            && !text.contains("extensionElements"),
        "{text}"
    );
}
