//! Checks (findings) and refusal of hostile input.

use ablauf_bpmn::{ErrorKind, ReadOptions, Severity, check, read};

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:x">"#;

fn model(body: &str) -> Vec<u8> {
    format!("{HEAD}\n{body}\n</bpmn:definitions>\n").into_bytes()
}

fn codes(xml: &[u8]) -> Vec<(&'static str, Option<String>, Severity)> {
    let defs = read(xml, &ReadOptions::default()).expect("reads");
    check(&defs)
        .into_iter()
        .map(|f| (f.code, f.element_id, f.severity))
        .collect()
}

#[test]
fn clean_model_has_no_findings() {
    let xml = model(
        r#"<bpmn:process id="P">
  <bpmn:startEvent id="S"/>
  <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="G"/>
  <bpmn:exclusiveGateway id="G" default="F3"/>
  <bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="T"><bpmn:conditionExpression>ok</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="F3" sourceRef="G" targetRef="E"/>
  <bpmn:task id="T"/>
  <bpmn:sequenceFlow id="F4" sourceRef="T" targetRef="E"/>
  <bpmn:endEvent id="E"/>
</bpmn:process>"#,
    );
    assert_eq!(codes(&xml), vec![]);
    let m = read(&xml, &ReadOptions::default()).unwrap().model();
    let f3 = m.all_flows().into_iter().find(|f| f.id == "F3").unwrap();
    assert!(f3.is_default);
    let f2 = m.all_flows().into_iter().find(|f| f.id == "F2").unwrap();
    assert_eq!(f2.condition.as_deref(), Some("ok"));
}

#[test]
fn reports_unknown_refs_duplicates_unreachable_no_start_and_dead_gateways() {
    let xml = model(
        r#"<bpmn:process id="P">
  <bpmn:task id="A"/>
  <bpmn:sequenceFlow id="F1" sourceRef="A" targetRef="Missing"/>
  <bpmn:task id="A"/>
  <bpmn:exclusiveGateway id="G"/>
  <bpmn:sequenceFlow id="F2" sourceRef="A" targetRef="G"/>
</bpmn:process>
<bpmn:process id="Q">
  <bpmn:startEvent id="S"/>
  <bpmn:task id="Lonely"/>
  <bpmn:sequenceFlow id="F3" sourceRef="Lonely" targetRef="S2"/>
  <bpmn:endEvent id="S2"/>
</bpmn:process>"#,
    );
    let defs = read(&xml, &ReadOptions::default()).unwrap();
    let findings = check(&defs);
    let has = |code: &str, id: &str| {
        findings
            .iter()
            .any(|f| f.code == code && f.element_id.as_deref() == Some(id))
    };
    assert!(has("unknown-ref", "F1"), "{findings:#?}");
    assert!(has("duplicate-id", "A"));
    assert!(has("gateway-no-outflow", "G"));
    assert!(has("no-start", "P"));
    assert!(has("unreachable", "Lonely"));
    assert!(has("unreachable", "S2"));
    let dup = findings.iter().find(|f| f.code == "duplicate-id").unwrap();
    assert_eq!(
        (dup.line, dup.column),
        (Some(6), Some(3)),
        "position of the second A"
    );
    assert!(dup.message_de.contains("mehrfach") && dup.message_en.contains("more than once"));
    assert!(findings.iter().any(|f| f.severity == Severity::Error));
}

#[test]
fn malformed_xml_reports_line_and_column() {
    let xml = model("<bpmn:process id=\"P\">\n  <bpmn:task id=\"T\">\n</bpmn:process>");
    let e = read(&xml, &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert_eq!(e.line, 5, "{e}");
    assert!(e.message_de.contains("wohlgeformt"));
    let e = read(b"<a", &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
    let e = read(b"<x:a/>", &ReadOptions::default()).unwrap_err();
    assert!(e.message_en.contains("not declared"), "{e}");
    let e = read(b"<a>&foo;</a>", &ReadOptions::default()).unwrap_err();
    assert!(e.message_en.contains("entity"), "{e}");
    assert_eq!((e.line, e.column), (1, 4));
    let e = read(b"<a b='1' b='2'/>", &ReadOptions::default()).unwrap_err();
    assert!(e.message_en.contains("duplicate attribute"), "{e}");
    let e = read(b"<a/>", &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotBpmn);
}

#[test]
fn doctype_and_entities_are_refused() {
    let billion = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol2;</bpmn:definitions>"#;
    let e = read(billion.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Doctype);
    assert_eq!(e.line, 2);
    let xxe = r#"<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>"#;
    assert_eq!(
        read(xxe.as_bytes(), &ReadOptions::default())
            .unwrap_err()
            .kind,
        ErrorKind::Doctype
    );
}

#[test]
fn size_and_depth_limits() {
    let xml = model("");
    let opts = ReadOptions {
        max_bytes: 10,
        ..ReadOptions::default()
    };
    assert_eq!(read(&xml, &opts).unwrap_err().kind, ErrorKind::TooLarge);
    let deep = format!(
        "{HEAD}{}{}</bpmn:definitions>",
        "<x>".repeat(100_000),
        "</x>".repeat(100_000)
    );
    let e = read(deep.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep);
    let opts = ReadOptions {
        max_depth: 3,
        ..ReadOptions::default()
    };
    let e = read(&model("<bpmn:process id=\"P\"><bpmn:task id=\"T\"><bpmn:documentation/></bpmn:task></bpmn:process>"), &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep);
}

#[test]
fn garbage_never_panics() {
    for input in [
        &b""[..],
        b"\xff\xfe<",
        b"<?xml?>",
        b"<a></b>",
        b"]]>",
        b"<a><![CDATA[x</a>",
        b"<!-- -- -->",
        b"\0",
        b"<a x=\"&#0;\"/>",
    ] {
        assert!(read(input, &ReadOptions::default()).is_err());
    }
}

#[test]
fn latin1_files_are_decoded_and_encoded_back() {
    let mut xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"D\"><bpmn:process id=\"P\" name=\"Gr".to_vec();
    xml.push(0xFC); // ü in Latin-1
    xml.extend_from_slice(b"n\"/></bpmn:definitions>");
    let mut defs = read(&xml, &ReadOptions::default()).expect("latin-1 reads");
    assert_eq!(defs.model().processes[0].name.as_deref(), Some("Grün"));
    assert_eq!(
        ablauf_bpmn::write(&defs),
        xml,
        "written back as Latin-1, byte for byte"
    );
    // New text beyond Latin-1 becomes a character reference.
    defs.set_step(
        "P",
        Some(&ablauf_bpmn::Step {
            org_unit: Some("Amt €".into()),
            ..Default::default()
        }),
    );
    let out = ablauf_bpmn::write(&defs);
    assert!(out.windows(8).any(|w| w == b"&#x20AC;"));
    let back = read(&out, &ReadOptions::default()).unwrap();
    let p = back.model();
    assert_eq!(p.processes[0].name.as_deref(), Some("Grün"));
    // Undeclared non-UTF-8 is refused with a position.
    let e = read(b"<a>\xfc</a>", &ReadOptions::default()).unwrap_err();
    assert_eq!((e.kind, e.line, e.column), (ErrorKind::Encoding, 1, 4));
}

#[test]
fn names_must_be_namespace_well_formed() {
    // Found by the fuzzer: a prefix whose local part starts with '.', reused by layout.
    for bad in [
        "<a xmlns:.p='u'/>",
        "<a:b:c xmlns:a='u'/>",
        "<a xmlns:p='u' p:-x='1'/>",
        "<:a/>",
    ] {
        assert_eq!(
            read(bad.as_bytes(), &ReadOptions::default())
                .unwrap_err()
                .kind,
            ErrorKind::Malformed,
            "{bad}"
        );
    }
}
