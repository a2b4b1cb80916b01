//! The typed view: kinds, lanes, collaboration, data, annotations and DI,
//! whatever prefix the file uses.

use ablauf_bpmn::model::{ArtifactKind, AssociationKind};
use ablauf_bpmn::{
    EventDefinition, EventKind, FlowNodeKind, GatewayKind, ReadOptions, SubProcessKind, TaskKind,
    read,
};

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:di2="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:tns="urn:t" id="D" targetNamespace="urn:t">
  <collaboration id="C">
    <participant id="Pool" name="Amt" processRef="tns:P"/>
    <participant id="Ext" name="Bürger"/>
    <messageFlow id="M" sourceRef="Ext" targetRef="S"/>
  </collaboration>
  <process id="P">
    <laneSet id="LS">
      <lane id="L1" name="Poststelle"><flowNodeRef>S</flowNodeRef>
        <childLaneSet id="CLS"><lane id="L1a"><flowNodeRef>T</flowNodeRef></lane></childLaneSet>
      </lane>
      <lane id="L2" name="Fachamt"><flowNodeRef>G</flowNodeRef></lane>
    </laneSet>
    <startEvent id="S"><messageEventDefinition/></startEvent>
    <userTask id="T" name="Prüfen" default="F3">
      <dataInputAssociation id="DIA"><sourceRef>DOR</sourceRef><targetRef>prop</targetRef></dataInputAssociation>
    </userTask>
    <boundaryEvent id="BE" attachedToRef="T" cancelActivity="false"><timerEventDefinition/></boundaryEvent>
    <exclusiveGateway id="G"/>
    <transaction id="TX"><startEvent id="TS"/></transaction>
    <adHocSubProcess id="AH"/>
    <subProcess id="ES" triggeredByEvent="true"><startEvent id="ESS"><errorEventDefinition/></startEvent></subProcess>
    <callActivity id="CA" calledElement="tns:Other"/>
    <endEvent id="E"><terminateEventDefinition/></endEvent>
    <intermediateThrowEvent id="LT"><linkEventDefinition name="x"/></intermediateThrowEvent>
    <sequenceFlow id="F1" sourceRef="S" targetRef="T"/>
    <sequenceFlow id="F2" sourceRef="T" targetRef="G"><conditionExpression>a &gt; b</conditionExpression></sequenceFlow>
    <sequenceFlow id="F3" sourceRef="T" targetRef="E"/>
    <dataObject id="DO"/>
    <dataObjectReference id="DOR" dataObjectRef="DO" name="Antrag"/>
    <dataStoreReference id="DSR"/>
    <textAnnotation id="TA"><text>Hinweis</text></textAnnotation>
    <association id="A1" sourceRef="T" targetRef="TA"/>
  </process>
  <di2:BPMNDiagram id="Dia">
    <di2:BPMNPlane id="Pl" bpmnElement="C">
      <di2:BPMNShape id="T_di" bpmnElement="T"><dc:Bounds x="10" y="20.5" width="100" height="80"/></di2:BPMNShape>
      <di2:BPMNShape id="S_di" bpmnElement="S"><dc:Bounds x="1" y="2" width="36" height="36"/><di2:BPMNLabel><dc:Bounds x="0" y="40" width="50" height="14"/></di2:BPMNLabel></di2:BPMNShape>
      <di2:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="37" y="20"/><di:waypoint x="10" y="60"/></di2:BPMNEdge>
    </di2:BPMNPlane>
  </di2:BPMNDiagram>
</definitions>
"#;

#[test]
fn typed_view_with_default_namespace_and_odd_prefixes() {
    let defs = read(XML.as_bytes(), &ReadOptions::default()).unwrap();
    let m = defs.model();
    let p = &m.processes[0];
    let kind = |id: &str| {
        m.all_nodes()
            .into_iter()
            .find(|n| n.id == id)
            .unwrap()
            .kind
            .clone()
    };
    assert_eq!(
        kind("T"),
        FlowNodeKind::Task {
            task: TaskKind::User
        }
    );
    assert_eq!(
        kind("G"),
        FlowNodeKind::Gateway {
            gateway: GatewayKind::Exclusive
        }
    );
    assert_eq!(
        kind("TX"),
        FlowNodeKind::SubProcess {
            sub: SubProcessKind::Transaction
        }
    );
    assert_eq!(
        kind("AH"),
        FlowNodeKind::SubProcess {
            sub: SubProcessKind::AdHoc
        }
    );
    assert_eq!(
        kind("ES"),
        FlowNodeKind::SubProcess {
            sub: SubProcessKind::Event
        }
    );
    assert_eq!(
        kind("CA"),
        FlowNodeKind::CallActivity {
            called_element: Some("Other".into())
        }
    );
    assert_eq!(
        kind("TS"),
        FlowNodeKind::Event {
            event: EventKind::Start
        },
        "subprocess content is visible"
    );
    let be = m.all_nodes().into_iter().find(|n| n.id == "BE").unwrap();
    assert_eq!(
        (
            be.attached_to.as_deref(),
            be.cancel_activity,
            be.event_definitions.as_slice()
        ),
        (Some("T"), false, &[EventDefinition::Timer][..])
    );
    let end = m.all_nodes().into_iter().find(|n| n.id == "E").unwrap();
    assert_eq!(end.event_definitions, vec![EventDefinition::Terminate]);

    let f2 = p.content.flows.iter().find(|f| f.id == "F2").unwrap();
    assert_eq!(f2.condition.as_deref(), Some("a > b"));
    assert!(
        p.content
            .flows
            .iter()
            .find(|f| f.id == "F3")
            .unwrap()
            .is_default
    );

    assert_eq!(p.lanes.len(), 2);
    assert_eq!(p.lanes[0].children[0].flow_node_refs, vec!["T".to_string()]);
    let c = &m.collaborations[0];
    assert_eq!(c.participants[0].process_ref.as_deref(), Some("P"));
    assert_eq!(c.participants[1].name.as_deref(), Some("Bürger"));
    assert_eq!(
        (
            c.message_flows[0].source.as_str(),
            c.message_flows[0].target.as_str()
        ),
        ("Ext", "S")
    );

    let art = |id: &str| {
        p.content
            .artifacts
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .kind
            .clone()
    };
    assert_eq!(
        art("DOR"),
        ArtifactKind::DataObjectReference {
            data_object: Some("DO".into())
        }
    );
    assert_eq!(
        art("TA"),
        ArtifactKind::TextAnnotation {
            text: "Hinweis".into()
        }
    );
    assert!(matches!(
        art("DSR"),
        ArtifactKind::DataStoreReference { .. }
    ));
    let dia = p
        .content
        .associations
        .iter()
        .find(|a| a.id.as_deref() == Some("DIA"))
        .unwrap();
    assert_eq!(
        (dia.kind, dia.sources.clone(), dia.target.as_deref()),
        (
            AssociationKind::DataInput,
            vec!["DOR".to_string()],
            Some("T")
        )
    );

    let d = &m.diagrams[0];
    assert_eq!(d.plane_element.as_deref(), Some("C"));
    let t = d
        .shapes
        .iter()
        .find(|s| s.bpmn_element.as_deref() == Some("T"))
        .unwrap();
    assert_eq!(t.bounds.unwrap().y, 20.5);
    assert_eq!(d.shapes[1].label.unwrap().width, 50.0);
    assert_eq!(d.edges[0].waypoints, vec![(37.0, 20.0), (10.0, 60.0)]);
    // QName references (tns:P) resolve; the only error is the dead-end gateway.
    let errors: Vec<_> = ablauf_bpmn::check(&defs)
        .into_iter()
        .filter(|f| f.severity == ablauf_bpmn::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (
            errors[0].code,
            errors[0].element_id.as_deref(),
            errors[0].line
        ),
        ("gateway-no-outflow", Some("G"), Some(21))
    );
    // The model serialises (for the API) without the tree handles.
    let json = serde_json::to_string(&m).unwrap();
    assert!(
        json.contains("\"userTask\"") || json.contains("\"user\""),
        "{json}"
    );
}
