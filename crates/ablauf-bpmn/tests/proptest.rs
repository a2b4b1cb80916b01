//! Property tests: random valid models survive read → write → read → write
//! unchanged, the typed view is stable, and typed edits round-trip.

mod common;

use ablauf_bpmn::{Direction, ReadOptions, Step, StepDocument, read, write};
use proptest::prelude::*;

/// Text with the characters XML must escape, umlauts and whitespace runs.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 äöüßÄ€<>&\"'\\n\\t§-]{0,24}").unwrap()
}

fn esc_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

fn esc_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const KINDS: &[&str] = &[
    "task",
    "userTask",
    "serviceTask",
    "manualTask",
    "sendTask",
    "receiveTask",
    "scriptTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "complexGateway",
    "boundaryEvent",
    "boundaryEvent",
];
const DEFS: &[&str] = &[
    "",
    "messageEventDefinition",
    "timerEventDefinition",
    "signalEventDefinition",
    "escalationEventDefinition",
];

#[derive(Debug, Clone)]
struct NodeSpec {
    kind: usize,
    name: String,
    doc: Option<String>,
    def: usize,
    foreign: Option<String>,
}

fn node_spec() -> impl Strategy<Value = NodeSpec> {
    (
        0..KINDS.len(),
        text(),
        proptest::option::of(text()),
        0..DEFS.len(),
        proptest::option::of(text()),
    )
        .prop_map(|(kind, name, doc, def, foreign)| NodeSpec {
            kind,
            name,
            doc,
            def,
            foreign,
        })
}

/// A random but valid BPMN model, written by hand (independently of the writer).
fn model() -> impl Strategy<Value = String> {
    (proptest::collection::vec(node_spec(), 1..12), proptest::collection::vec((0usize..12, 0usize..12, proptest::option::of(text())), 0..16), any::<bool>(), any::<bool>())
        .prop_map(|(nodes, flows, with_comment, single_quotes)| {
            let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            if with_comment {
                x.push_str("<!-- generated -->\n");
            }
            x.push_str("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:foo=\"urn:foo\" id=\"D\" targetNamespace=\"urn:x\">\n  <bpmn:process id=\"P\">\n");
            for (i, n) in nodes.iter().enumerate() {
                let k = KINDS[n.kind];
                let q = if single_quotes { '\'' } else { '"' };
                let name = if single_quotes { esc_attr(&n.name).replace('\'', "&apos;") } else { esc_attr(&n.name) };
                x.push_str(&format!("    <bpmn:{k} id=\"N{i}\" name={q}{name}{q}"));
                if let Some(f) = &n.foreign {
                    x.push_str(&format!(" foo:attr=\"{}\"", esc_attr(f)));
                }
                if k == "boundaryEvent" {
                    // Hosts may be anything, even itself or another boundary event: layout must cope.
                    x.push_str(&format!(" attachedToRef=\"N{}\"", n.def % (i + 1)));
                }
                x.push_str(">\n");
                if let Some(d) = &n.doc {
                    x.push_str(&format!("      <bpmn:documentation>{}</bpmn:documentation>\n", esc_text(d)));
                }
                if let Some(f) = &n.foreign {
                    x.push_str(&format!("      <bpmn:extensionElements><foo:data a=\"1\"><![CDATA[{}]]></foo:data></bpmn:extensionElements>\n", f.replace("]]>", "")));
                }
                if k.ends_with("Event") && k != "startEvent" && !DEFS[n.def].is_empty() {
                    x.push_str(&format!("      <bpmn:{} id=\"ED{i}\"/>\n", DEFS[n.def]));
                }
                x.push_str(&format!("    </bpmn:{k}>\n"));
            }
            for (i, (s, t, cond)) in flows.iter().enumerate() {
                let (s, t) = (s % nodes.len(), t % nodes.len());
                x.push_str(&format!("    <bpmn:sequenceFlow id=\"F{i}\" sourceRef=\"N{s}\" targetRef=\"N{t}\""));
                match cond {
                    Some(c) => x.push_str(&format!("><bpmn:conditionExpression>{}</bpmn:conditionExpression></bpmn:sequenceFlow>\n", esc_text(c))),
                    None => x.push_str("/>\n"),
                }
            }
            x.push_str("  </bpmn:process>\n</bpmn:definitions>\n");
            x
        })
}

fn step() -> impl Strategy<Value = Step> {
    (
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(0u32..200_000),
        proptest::option::of(0u32..100),
        proptest::collection::vec((any::<bool>(), text()), 0..3),
        proptest::collection::vec(text(), 0..3),
    )
        .prop_map(|(block, unit, minutes, share, docs, laws)| Step {
            // Empty means "not set" in the extension.
            block_type: block.filter(|s| !s.is_empty()),
            org_unit: unit.filter(|s| !s.is_empty()),
            processing_minutes: minutes.map(f64::from),
            waiting_minutes: minutes.map(|m| f64::from(m) * 2.0),
            share: share.map(|s| f64::from(s) / 100.0),
            documents: docs
                .into_iter()
                .map(|(i, name)| StepDocument {
                    direction: if i { Direction::In } else { Direction::Out },
                    name,
                })
                .collect(),
            legal_basis: laws,
            ..Step::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_models_round_trip(xml in model()) {
        let d1 = read(xml.as_bytes(), &ReadOptions::default()).expect("generated model reads");
        let w1 = write(&d1);
        common::assert_equivalent("generated", xml.as_bytes(), &w1);
        let d2 = read(&w1, &ReadOptions::default()).unwrap();
        prop_assert_eq!(d1.model(), d2.model());
        prop_assert_eq!(&w1, &write(&d2));
        // The checker never panics on any of them.
        let _ = ablauf_bpmn::check(&d2);
    }

    #[test]
    fn typed_edits_round_trip(xml in model(), s in step(), p in 0u32..=100) {
        let mut d = read(xml.as_bytes(), &ReadOptions::default()).unwrap();
        d.set_step("N0", Some(&s));
        let has_flow = d.set_probability("F0", Some(f64::from(p) / 100.0));
        let w1 = write(&d);
        let d2 = read(&w1, &ReadOptions::default()).unwrap();
        let m = d2.model();
        let n0 = m.all_nodes().into_iter().find(|n| n.id == "N0").unwrap();
        prop_assert_eq!(n0.step.as_ref(), Some(&s));
        if has_flow {
            let f0 = m.all_flows().into_iter().find(|f| f.id == "F0").unwrap();
            prop_assert_eq!(f0.probability, Some(f64::from(p) / 100.0));
        }
        prop_assert_eq!(&w1, &write(&d2));
    }

    #[test]
    fn layout_never_panics_and_is_stable(xml in model()) {
        let mut d = read(xml.as_bytes(), &ReadOptions::default()).unwrap();
        ablauf_bpmn::layout(&mut d);
        let w1 = write(&d);
        let mut d2 = read(&w1, &ReadOptions::default()).unwrap();
        let problems = common::problems("generated", &d2);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        ablauf_bpmn::layout(&mut d2);
        prop_assert_eq!(w1, write(&d2));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read(&bytes, &ReadOptions::default());
    }
}
