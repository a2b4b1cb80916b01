//! Layout: every reference model, its diagram removed and rebuilt, gets a
//! diagram where shapes never partially overlap, flows do not cross shapes,
//! every drawable element has a shape, and the file stays schema-valid.

mod common;

use ablauf_bpmn::{ReadOptions, Step, check, layout, read, write};
use common::problems;

#[test]
fn reference_models_without_diagram_get_a_clean_layout() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let dir = common::tmp_dir("layout");
    let mut all = Vec::new();
    let mut outputs = Vec::new();
    for f in std::fs::read_dir(data.join("bpmn-miwg/Reference")).unwrap() {
        let f = f.unwrap().path();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let mut defs = read(&std::fs::read(&f).unwrap(), &ReadOptions::default()).unwrap();
        let unknown_before = check(&defs)
            .iter()
            .filter(|x| x.code == "unknown-ref")
            .count();
        layout(&mut defs);
        let out = write(&defs);
        let back = read(&out, &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.model().processes.len(), defs.model().processes.len());
        let unknown_after = check(&back)
            .iter()
            .filter(|x| x.code == "unknown-ref")
            .count();
        assert!(
            unknown_after <= unknown_before,
            "{name}: layout introduced dangling refs: {:?}",
            check(&back)
        );
        all.extend(problems(&name, &back));
        // Layout is deterministic and idempotent.
        let mut again = back.clone();
        layout(&mut again);
        assert_eq!(write(&again), out, "{name}: layout not idempotent");
        let p = dir.join(&name);
        std::fs::write(&p, &out).unwrap();
        outputs.push(p);
    }
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
    if let Some(x) = common::xmllint() {
        let o = std::process::Command::new(x)
            .args(["--noout", "--schema"])
            .arg(data.join("bpmn-xsd/BPMN20.xsd"))
            .args(&outputs)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A model made from building blocks (no lanes, no diagram): lanes per org unit.
#[test]
fn building_block_model_gets_lanes_per_org_unit() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:x">
  <bpmn:process id="P" name="Bauantrag">
    <bpmn:startEvent id="S" name="Antrag eingegangen"/>
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="A"/>
    <bpmn:task id="A" name="Erfassen"/>
    <bpmn:sequenceFlow id="F2" sourceRef="A" targetRef="B"/>
    <bpmn:task id="B" name="Prüfen"/>
    <bpmn:sequenceFlow id="F3" sourceRef="B" targetRef="G"/>
    <bpmn:exclusiveGateway id="G" name="vollständig?"/>
    <bpmn:sequenceFlow id="F4" sourceRef="G" targetRef="C" name="ja"/>
    <bpmn:sequenceFlow id="F5" sourceRef="G" targetRef="A" name="nein"/>
    <bpmn:task id="C" name="Bescheid"/>
    <bpmn:sequenceFlow id="F6" sourceRef="C" targetRef="E"/>
    <bpmn:endEvent id="E"/>
  </bpmn:process>
</bpmn:definitions>
"#;
    let mut defs = read(xml.as_bytes(), &ReadOptions::default()).unwrap();
    for (id, unit) in [("A", "Poststelle"), ("B", "Bauamt"), ("C", "Bauamt")] {
        defs.set_step(
            id,
            Some(&Step {
                org_unit: Some(unit.into()),
                block_type: Some("erfassen".into()),
                ..Step::default()
            }),
        );
    }
    layout(&mut defs);
    let back = read(&write(&defs), &ReadOptions::default()).unwrap();
    let m = back.model();
    let lanes: Vec<_> = m.processes[0]
        .lanes
        .iter()
        .map(|l| (l.name.clone().unwrap(), l.flow_node_refs.clone()))
        .collect();
    assert_eq!(
        lanes,
        vec![
            (
                "Poststelle".to_string(),
                vec!["S".to_string(), "A".to_string()]
            ),
            (
                "Bauamt".to_string(),
                vec!["B".into(), "G".into(), "C".into(), "E".into()]
            )
        ]
    );
    assert_eq!(
        m.collaborations.len(),
        1,
        "a pool so that bpmn-js shows the lanes"
    );
    assert!(
        problems("bb", &back).is_empty(),
        "{:?}",
        problems("bb", &back)
    );
    assert!(check(&back).is_empty(), "{:?}", check(&back));
}

/// Annotations at collaboration level (as some tools write them) are drawn in
/// the pool of the node they annotate.
#[test]
fn collaboration_artifacts_are_drawn() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:x">
  <bpmn:collaboration id="C">
    <bpmn:participant id="A" processRef="P1"/>
    <bpmn:participant id="B" processRef="P2"/>
    <bpmn:messageFlow id="M" sourceRef="T1" targetRef="T2"/>
    <bpmn:textAnnotation id="N"><bpmn:text>Frist 14 Tage</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="AS" sourceRef="T2" targetRef="N"/>
  </bpmn:collaboration>
  <bpmn:process id="P1"><bpmn:startEvent id="S1"/><bpmn:sequenceFlow id="F1" sourceRef="S1" targetRef="T1"/><bpmn:sendTask id="T1"/></bpmn:process>
  <bpmn:process id="P2"><bpmn:receiveTask id="T2"/><bpmn:boundaryEvent id="BE" attachedToRef="T2"/><bpmn:sequenceFlow id="F2" sourceRef="BE" targetRef="E2"/><bpmn:endEvent id="E2"/></bpmn:process>
</bpmn:definitions>
"#;
    let mut defs = read(xml.as_bytes(), &ReadOptions::default()).unwrap();
    layout(&mut defs);
    let back = read(&write(&defs), &ReadOptions::default()).unwrap();
    let m = back.model();
    let d = &m.diagrams[0];
    let shape = |id: &str| {
        d.shapes
            .iter()
            .find(|s| s.bpmn_element.as_deref() == Some(id))
            .and_then(|s| s.bounds)
    };
    let (pool_b, note) = (shape("B").unwrap(), shape("N").expect("annotation drawn"));
    assert!(pool_b.contains(&note), "annotation sits in the pool of T2");
    for e in ["AS", "M", "F1", "F2"] {
        assert!(
            d.edges.iter().any(|x| x.bpmn_element.as_deref() == Some(e)),
            "edge {e}"
        );
    }
    assert!(
        problems("collab", &back).is_empty(),
        "{:?}",
        problems("collab", &back)
    );
}

/// A process made from building blocks, from scratch: lanes per org unit,
/// a laid-out diagram, no findings, schema-valid.
#[test]
fn model_from_blocks_exports_cleanly() {
    let mut d = ablauf_bpmn::Definitions::new();
    assert!(d.add_process("P", Some("Gewerbeanmeldung")));
    assert!(!d.add_process("P", None), "ids are unique");
    let step = |unit: &str, block: &str, min: f64| Step {
        org_unit: Some(unit.into()),
        block_type: Some(block.into()),
        processing_minutes: Some(min),
        ..Step::default()
    };
    d.add_node("P", "startEvent", "S", Some("Anmeldung eingegangen"), None);
    d.add_node(
        "P",
        "task",
        "T1",
        Some("Erfassen"),
        Some(&step("Bürgerbüro", "erfassen", 5.0)),
    );
    d.add_node(
        "P",
        "task",
        "T2",
        Some("Formell prüfen"),
        Some(&step("Gewerbeamt", "formell-pruefen", 10.0)),
    );
    d.add_node("P", "exclusiveGateway", "G", Some("vollständig?"), None);
    d.add_node(
        "P",
        "task",
        "T3",
        Some("Rückfrage"),
        Some(&step("Gewerbeamt", "rueckfrage", 15.0)),
    );
    d.add_node(
        "P",
        "task",
        "T4",
        Some("Bescheinigung erstellen"),
        Some(&step("Gewerbeamt", "erstellen", 5.0)),
    );
    d.add_node("P", "endEvent", "E", Some("erledigt"), None);
    for (id, s, t) in [
        ("F1", "S", "T1"),
        ("F2", "T1", "T2"),
        ("F3", "T2", "G"),
        ("F4", "G", "T4"),
        ("F5", "G", "T3"),
        ("F6", "T3", "T2"),
        ("F7", "T4", "E"),
    ] {
        assert!(d.add_sequence_flow("P", id, s, t));
    }
    d.set_probability("F4", Some(0.8));
    d.set_probability("F5", Some(0.2));
    layout(&mut d);
    let out = write(&d);
    if let Ok(p) = std::env::var("ABLAUF_BPMN_DUMP") {
        std::fs::write(p, &out).unwrap();
    }
    let back = read(&out, &ReadOptions::default()).unwrap();
    assert!(check(&back).is_empty(), "{:?}", check(&back));
    assert!(
        problems("blocks", &back).is_empty(),
        "{:?}",
        problems("blocks", &back)
    );
    let m = back.model();
    let lanes: Vec<_> = m.processes[0]
        .lanes
        .iter()
        .filter_map(|l| l.name.clone())
        .collect();
    assert_eq!(
        lanes,
        vec!["Bürgerbüro".to_string(), "Gewerbeamt".to_string()]
    );
    let t1 = m.all_nodes().into_iter().find(|n| n.id == "T1").unwrap();
    assert_eq!(
        t1.step.as_ref().and_then(|s| s.processing_minutes),
        Some(5.0)
    );
    if let (Some(data), Some(x)) = (common::shared_data(), common::xmllint()) {
        let dir = common::tmp_dir("blocks");
        let p = dir.join("blocks.bpmn");
        std::fs::write(&p, &out).unwrap();
        let o = std::process::Command::new(x)
            .args(["--noout", "--schema"])
            .arg(data.join("bpmn-xsd/BPMN20.xsd"))
            .arg(&p)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&o.stderr),
            String::from_utf8_lossy(&out)
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Found by the layout proptest: three boundary events on a start event
/// reached past its column, so a flow down the next column gap crossed the
/// third. A host's events now stay inside its column.
#[test]
fn many_boundary_events_on_a_small_host_stay_in_its_column() {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:x">
  <bpmn:process id="P">
    <bpmn:task id="N0"/>
    <bpmn:startEvent id="N1"/>
"#,
    );
    for i in 2..=5 {
        xml.push_str(&format!(
            "    <bpmn:boundaryEvent id=\"N{i}\" attachedToRef=\"N1\"><bpmn:messageEventDefinition id=\"E{i}\"/></bpmn:boundaryEvent>\n"
        ));
    }
    xml.push_str(
        "    <bpmn:sequenceFlow id=\"F0\" sourceRef=\"N2\" targetRef=\"N0\"/>\n  </bpmn:process>\n</bpmn:definitions>\n",
    );
    for count in [3, 4] {
        // The first `count` boundary events (N2…).
        let text: String = xml
            .lines()
            .filter(|l| count == 4 || !l.contains("id=\"N5\""))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut defs = read(text.as_bytes(), &ReadOptions::default()).unwrap();
        layout(&mut defs);
        let back = read(&write(&defs), &ReadOptions::default()).unwrap();
        let found = problems(&format!("{count} events"), &back);
        assert!(found.is_empty(), "{found:?}");
    }
}
