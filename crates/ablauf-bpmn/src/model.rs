//! The typed view: what the rest of Ablauf understands of a BPMN file.
//!
//! [`Model`] is a snapshot computed from the tree by [`crate::Definitions::model`].
//! Every item carries the [`NodeId`] of its element, so callers can go back to
//! the tree (for example to edit through [`crate::Definitions::set_step`]).
//! Element kinds are matched on namespace URI and local name, never on prefix.

use crate::ext::{self, Step};
pub use crate::ns::{BPMN_NS, BPMNDI_NS, DC_NS, DI_NS, XSI_NS};
pub(crate) use crate::ns::{Ns, is};
use crate::xml::{Document, NodeId, NsId};

/// Task kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TaskKind {
    Task,
    User,
    Manual,
    Service,
    Script,
    Send,
    Receive,
    BusinessRule,
}

/// Kinds of subprocess.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SubProcessKind {
    Embedded,
    /// `triggeredByEvent="true"`.
    Event,
    Transaction,
    AdHoc,
}

/// Event positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    Start,
    IntermediateCatch,
    IntermediateThrow,
    Boundary,
    End,
}

/// Event definitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventDefinition {
    Message,
    Timer,
    Error,
    Escalation,
    Signal,
    Conditional,
    Compensation,
    Link,
    Terminate,
    Cancel,
}

/// Gateway kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GatewayKind {
    Exclusive,
    Inclusive,
    Parallel,
    Complex,
    EventBased,
}

/// What a flow node is.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum FlowNodeKind {
    Task {
        task: TaskKind,
    },
    SubProcess {
        sub: SubProcessKind,
    },
    CallActivity {
        called_element: Option<String>,
    },
    Event {
        event: EventKind,
    },
    Gateway {
        gateway: GatewayKind,
    },
    /// Choreography and other flow nodes Ablauf does not model; the local name.
    Other {
        name: String,
    },
}

/// A flow node (activity, event, gateway) with its typed attributes.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowNode {
    pub id: String,
    pub name: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub kind: FlowNodeKind,
    pub event_definitions: Vec<EventDefinition>,
    /// Host activity of a boundary event.
    pub attached_to: Option<String>,
    pub cancel_activity: bool,
    /// `default` flow of gateways and activities.
    pub default_flow: Option<String>,
    pub is_for_compensation: bool,
    /// Ablauf's building-block step attributes (tasks and other activities).
    pub step: Option<Step>,
    /// Content of subprocesses.
    pub content: Option<Box<Container>>,
}

impl FlowNode {
    pub fn is_activity(&self) -> bool {
        matches!(
            self.kind,
            FlowNodeKind::Task { .. }
                | FlowNodeKind::SubProcess { .. }
                | FlowNodeKind::CallActivity { .. }
        )
    }
    pub fn is_event(&self, k: EventKind) -> bool {
        self.kind == FlowNodeKind::Event { event: k }
    }
}

/// A sequence flow.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceFlow {
    pub id: String,
    pub name: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub source: String,
    pub target: String,
    /// Text of `conditionExpression`.
    pub condition: Option<String>,
    /// Whether the source names this flow as its default.
    pub is_default: bool,
    /// Ablauf branch probability (0..=1).
    pub probability: Option<f64>,
}

/// Data objects, stores, annotations, groups: anything that is not flow.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    pub id: String,
    pub name: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub kind: ArtifactKind,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum ArtifactKind {
    DataObject,
    DataObjectReference { data_object: Option<String> },
    DataStore,
    DataStoreReference { data_store: Option<String> },
    DataInput,
    DataOutput,
    TextAnnotation { text: String },
    Group { category_value: Option<String> },
}

/// A link between an artifact and a node: data associations and associations.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Association {
    pub id: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub kind: AssociationKind,
    pub sources: Vec<String>,
    pub target: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AssociationKind {
    /// `dataInputAssociation` inside an activity (the owner is the target).
    DataInput,
    /// `dataOutputAssociation` inside an activity (the owner is the source).
    DataOutput,
    Association,
}

/// The flow content of a process or subprocess.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub nodes: Vec<FlowNode>,
    pub flows: Vec<SequenceFlow>,
    pub artifacts: Vec<Artifact>,
    pub associations: Vec<Association>,
}

/// A lane with its node references and nested lanes.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lane {
    pub id: String,
    pub name: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub flow_node_refs: Vec<String>,
    pub children: Vec<Lane>,
}

/// A process.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Process {
    pub id: String,
    pub name: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub lanes: Vec<Lane>,
    pub content: Container,
}

/// A pool.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub id: String,
    pub name: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub process_ref: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageFlow {
    pub id: String,
    pub name: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub source: String,
    pub target: String,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collaboration {
    pub id: String,
    #[serde(skip)]
    pub node: NodeId,
    pub participants: Vec<Participant>,
    pub message_flows: Vec<MessageFlow>,
    pub artifacts: Vec<Artifact>,
    pub associations: Vec<Association>,
}

/// Rectangle in diagram coordinates.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Bounds {
    /// Strict interior overlap (touching edges do not count).
    pub fn overlaps(&self, o: &Bounds) -> bool {
        self.x < o.x + o.width
            && o.x < self.x + self.width
            && self.y < o.y + o.height
            && o.y < self.y + self.height
    }
    pub fn contains(&self, o: &Bounds) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.width <= self.x + self.width
            && o.y + o.height <= self.y + self.height
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    pub id: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub bpmn_element: Option<String>,
    pub bounds: Option<Bounds>,
    pub is_expanded: Option<bool>,
    pub is_horizontal: Option<bool>,
    pub label: Option<Bounds>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    pub id: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub bpmn_element: Option<String>,
    pub waypoints: Vec<(f64, f64)>,
    pub label: Option<Bounds>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagram {
    pub id: Option<String>,
    #[serde(skip)]
    pub node: NodeId,
    pub plane_element: Option<String>,
    pub shapes: Vec<Shape>,
    pub edges: Vec<Edge>,
}

/// The typed snapshot of a definitions file.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    pub processes: Vec<Process>,
    pub collaborations: Vec<Collaboration>,
    pub diagrams: Vec<Diagram>,
}

impl Model {
    /// All flow nodes of all processes, depth first (subprocess content included).
    pub fn all_nodes(&self) -> Vec<&FlowNode> {
        fn walk<'a>(c: &'a Container, out: &mut Vec<&'a FlowNode>) {
            for n in &c.nodes {
                out.push(n);
                if let Some(sub) = &n.content {
                    walk(sub, out);
                }
            }
        }
        let mut out = Vec::new();
        for p in &self.processes {
            walk(&p.content, &mut out);
        }
        out
    }

    /// All sequence flows of all processes (subprocess content included).
    pub fn all_flows(&self) -> Vec<&SequenceFlow> {
        fn walk<'a>(c: &'a Container, out: &mut Vec<&'a SequenceFlow>) {
            out.extend(c.flows.iter());
            for n in &c.nodes {
                if let Some(sub) = &n.content {
                    walk(sub, out);
                }
            }
        }
        let mut out = Vec::new();
        for p in &self.processes {
            walk(&p.content, &mut out);
        }
        out
    }
}

fn children_named<'a>(
    doc: &'a Document,
    id: NodeId,
    ns: NsId,
    local: &'a str,
) -> impl Iterator<Item = NodeId> + 'a {
    doc.child_elements(id)
        .filter(move |c| is(doc, *c, ns, local))
}

fn text_of_child(doc: &Document, id: NodeId, ns: NsId, local: &str) -> Option<String> {
    children_named(doc, id, ns, local)
        .next()
        .map(|c| doc.text(c))
}

pub(crate) fn build(doc: &Document) -> Model {
    let ns = Ns::of(doc);
    let mut m = Model::default();
    let Some(root) = doc.root() else { return m };
    for c in doc.child_elements(root) {
        let Some(e) = doc.element(c) else { continue };
        if e.ns == ns.bpmn {
            match e.local() {
                "process" => m.processes.push(Process {
                    id: doc.attr(c, "id").unwrap_or_default(),
                    name: doc.attr(c, "name"),
                    node: c,
                    lanes: lanes(doc, &ns, c),
                    content: container(doc, &ns, c),
                }),
                "collaboration" => m.collaborations.push(collaboration(doc, &ns, c)),
                _ => {}
            }
        } else if e.ns == ns.bpmndi && e.local() == "BPMNDiagram" {
            m.diagrams.push(diagram(doc, &ns, c));
        }
    }
    m
}

fn lanes(doc: &Document, ns: &Ns, parent: NodeId) -> Vec<Lane> {
    let mut out = Vec::new();
    for set in doc
        .child_elements(parent)
        .filter(|c| is(doc, *c, ns.bpmn, "laneSet") || is(doc, *c, ns.bpmn, "childLaneSet"))
    {
        for l in children_named(doc, set, ns.bpmn, "lane") {
            out.push(Lane {
                id: doc.attr(l, "id").unwrap_or_default(),
                name: doc.attr(l, "name"),
                node: l,
                flow_node_refs: children_named(doc, l, ns.bpmn, "flowNodeRef")
                    .map(|r| doc.text(r).trim().to_owned())
                    .collect(),
                children: lanes(doc, ns, l),
            });
        }
    }
    out
}

fn collaboration(doc: &Document, ns: &Ns, c: NodeId) -> Collaboration {
    let mut col = Collaboration {
        id: doc.attr(c, "id").unwrap_or_default(),
        node: c,
        participants: Vec::new(),
        message_flows: Vec::new(),
        artifacts: Vec::new(),
        associations: Vec::new(),
    };
    for ch in doc.child_elements(c) {
        let Some(e) = doc.element(ch) else { continue };
        if e.ns != ns.bpmn {
            continue;
        }
        match e.local() {
            "participant" => col.participants.push(Participant {
                id: doc.attr(ch, "id").unwrap_or_default(),
                name: doc.attr(ch, "name"),
                node: ch,
                process_ref: doc.attr(ch, "processRef").map(|s| strip_qname(&s)),
            }),
            "messageFlow" => col.message_flows.push(MessageFlow {
                id: doc.attr(ch, "id").unwrap_or_default(),
                name: doc.attr(ch, "name"),
                node: ch,
                source: doc
                    .attr(ch, "sourceRef")
                    .map(|s| strip_qname(&s))
                    .unwrap_or_default(),
                target: doc
                    .attr(ch, "targetRef")
                    .map(|s| strip_qname(&s))
                    .unwrap_or_default(),
            }),
            _ => {
                if let Some(a) = artifact(doc, ns, ch) {
                    col.artifacts.push(a);
                } else if let Some(a) = association(doc, ns, ch, None) {
                    col.associations.push(a);
                }
            }
        }
    }
    col
}

/// References may be written as QNames (`tns:Task_1`); ids are local.
pub fn strip_qname(s: &str) -> String {
    let s = s.trim();
    match s.rfind(':') {
        Some(i) => s[i + 1..].to_owned(),
        None => s.to_owned(),
    }
}

fn task_kind(local: &str) -> Option<TaskKind> {
    Some(match local {
        "task" => TaskKind::Task,
        "userTask" => TaskKind::User,
        "manualTask" => TaskKind::Manual,
        "serviceTask" => TaskKind::Service,
        "scriptTask" => TaskKind::Script,
        "sendTask" => TaskKind::Send,
        "receiveTask" => TaskKind::Receive,
        "businessRuleTask" => TaskKind::BusinessRule,
        _ => return None,
    })
}

fn event_def(local: &str) -> Option<EventDefinition> {
    Some(match local {
        "messageEventDefinition" => EventDefinition::Message,
        "timerEventDefinition" => EventDefinition::Timer,
        "errorEventDefinition" => EventDefinition::Error,
        "escalationEventDefinition" => EventDefinition::Escalation,
        "signalEventDefinition" => EventDefinition::Signal,
        "conditionalEventDefinition" => EventDefinition::Conditional,
        "compensateEventDefinition" => EventDefinition::Compensation,
        "linkEventDefinition" => EventDefinition::Link,
        "terminateEventDefinition" => EventDefinition::Terminate,
        "cancelEventDefinition" => EventDefinition::Cancel,
        _ => return None,
    })
}

fn flow_node_kind(doc: &Document, id: NodeId, local: &str) -> Option<FlowNodeKind> {
    if let Some(t) = task_kind(local) {
        return Some(FlowNodeKind::Task { task: t });
    }
    Some(match local {
        "subProcess" => FlowNodeKind::SubProcess {
            sub: if doc.attr(id, "triggeredByEvent").as_deref() == Some("true") {
                SubProcessKind::Event
            } else {
                SubProcessKind::Embedded
            },
        },
        "transaction" => FlowNodeKind::SubProcess {
            sub: SubProcessKind::Transaction,
        },
        "adHocSubProcess" => FlowNodeKind::SubProcess {
            sub: SubProcessKind::AdHoc,
        },
        "callActivity" => FlowNodeKind::CallActivity {
            called_element: doc.attr(id, "calledElement").map(|s| strip_qname(&s)),
        },
        "startEvent" => FlowNodeKind::Event {
            event: EventKind::Start,
        },
        "endEvent" => FlowNodeKind::Event {
            event: EventKind::End,
        },
        "intermediateCatchEvent" => FlowNodeKind::Event {
            event: EventKind::IntermediateCatch,
        },
        "intermediateThrowEvent" => FlowNodeKind::Event {
            event: EventKind::IntermediateThrow,
        },
        "boundaryEvent" => FlowNodeKind::Event {
            event: EventKind::Boundary,
        },
        "exclusiveGateway" => FlowNodeKind::Gateway {
            gateway: GatewayKind::Exclusive,
        },
        "inclusiveGateway" => FlowNodeKind::Gateway {
            gateway: GatewayKind::Inclusive,
        },
        "parallelGateway" => FlowNodeKind::Gateway {
            gateway: GatewayKind::Parallel,
        },
        "complexGateway" => FlowNodeKind::Gateway {
            gateway: GatewayKind::Complex,
        },
        "eventBasedGateway" => FlowNodeKind::Gateway {
            gateway: GatewayKind::EventBased,
        },
        "choreographyTask" | "subChoreography" | "callChoreography" => FlowNodeKind::Other {
            name: local.to_owned(),
        },
        _ => return None,
    })
}

fn artifact(doc: &Document, ns: &Ns, id: NodeId) -> Option<Artifact> {
    let e = doc.element(id)?;
    if e.ns != ns.bpmn {
        return None;
    }
    let kind = match e.local() {
        "dataObject" => ArtifactKind::DataObject,
        "dataObjectReference" => ArtifactKind::DataObjectReference {
            data_object: doc.attr(id, "dataObjectRef").map(|s| strip_qname(&s)),
        },
        "dataStore" => ArtifactKind::DataStore,
        "dataStoreReference" => ArtifactKind::DataStoreReference {
            data_store: doc.attr(id, "dataStoreRef").map(|s| strip_qname(&s)),
        },
        "dataInput" => ArtifactKind::DataInput,
        "dataOutput" => ArtifactKind::DataOutput,
        "textAnnotation" => ArtifactKind::TextAnnotation {
            text: text_of_child(doc, id, ns.bpmn, "text").unwrap_or_default(),
        },
        "group" => ArtifactKind::Group {
            category_value: doc.attr(id, "categoryValueRef").map(|s| strip_qname(&s)),
        },
        _ => return None,
    };
    Some(Artifact {
        id: doc.attr(id, "id").unwrap_or_default(),
        name: doc.attr(id, "name"),
        node: id,
        kind,
    })
}

fn association(doc: &Document, ns: &Ns, id: NodeId, owner: Option<&str>) -> Option<Association> {
    let e = doc.element(id)?;
    if e.ns != ns.bpmn {
        return None;
    }
    let refs = |name: &str| -> Vec<String> {
        children_named(doc, id, ns.bpmn, name)
            .map(|r| strip_qname(&doc.text(r)))
            .collect()
    };
    let (kind, sources, target) = match e.local() {
        "association" => (
            AssociationKind::Association,
            doc.attr(id, "sourceRef")
                .map(|s| strip_qname(&s))
                .into_iter()
                .collect(),
            doc.attr(id, "targetRef").map(|s| strip_qname(&s)),
        ),
        // The visible ends of a data association are the data and its owning
        // activity (the XML targetRef often names an internal property).
        "dataInputAssociation" => (
            AssociationKind::DataInput,
            refs("sourceRef"),
            owner
                .map(str::to_owned)
                .or_else(|| refs("targetRef").into_iter().next()),
        ),
        "dataOutputAssociation" => {
            let s = match owner {
                Some(o) => vec![o.to_owned()],
                None => refs("sourceRef"),
            };
            (
                AssociationKind::DataOutput,
                s,
                refs("targetRef").into_iter().next(),
            )
        }
        _ => return None,
    };
    Some(Association {
        id: doc.attr(id, "id"),
        node: id,
        kind,
        sources,
        target,
    })
}

fn container(doc: &Document, ns: &Ns, parent: NodeId) -> Container {
    let mut c = Container::default();
    let mut defaults: Vec<String> = Vec::new();
    for ch in doc.child_elements(parent) {
        let Some(e) = doc.element(ch) else { continue };
        if e.ns != ns.bpmn {
            continue;
        }
        let local = e.local();
        if let Some(kind) = flow_node_kind(doc, ch, local) {
            let id = doc.attr(ch, "id").unwrap_or_default();
            let mut defs = Vec::new();
            for d in doc.child_elements(ch) {
                if let Some(de) = doc.element(d)
                    && de.ns == ns.bpmn
                    && let Some(k) = event_def(de.local())
                {
                    defs.push(k);
                }
                if is(doc, d, ns.bpmn, "ioSpecification") {
                    for io in doc.child_elements(d) {
                        if let Some(a) = artifact(doc, ns, io) {
                            c.artifacts.push(a);
                        }
                    }
                }
                if let Some(a) = association(doc, ns, d, Some(&id)) {
                    c.associations.push(a);
                }
            }
            let default_flow = doc.attr(ch, "default").map(|s| strip_qname(&s));
            if let Some(d) = &default_flow {
                defaults.push(d.clone());
            }
            let content = matches!(kind, FlowNodeKind::SubProcess { .. })
                .then(|| Box::new(container(doc, ns, ch)));
            c.nodes.push(FlowNode {
                name: doc.attr(ch, "name"),
                node: ch,
                attached_to: doc.attr(ch, "attachedToRef").map(|s| strip_qname(&s)),
                cancel_activity: doc.attr(ch, "cancelActivity").as_deref() != Some("false"),
                default_flow,
                is_for_compensation: doc.attr(ch, "isForCompensation").as_deref() == Some("true"),
                step: ext::read_step(doc, ns.bpmn, ns.ablauf, ch),
                event_definitions: defs,
                content,
                kind,
                id,
            });
        } else if local == "sequenceFlow" {
            c.flows.push(SequenceFlow {
                id: doc.attr(ch, "id").unwrap_or_default(),
                name: doc.attr(ch, "name"),
                node: ch,
                source: doc
                    .attr(ch, "sourceRef")
                    .map(|s| strip_qname(&s))
                    .unwrap_or_default(),
                target: doc
                    .attr(ch, "targetRef")
                    .map(|s| strip_qname(&s))
                    .unwrap_or_default(),
                condition: text_of_child(doc, ch, ns.bpmn, "conditionExpression"),
                is_default: false,
                probability: doc
                    .attr_ns(ch, ns.ablauf, ext::PROBABILITY_ATTR)
                    .and_then(|p| p.trim().parse().ok()),
            });
        } else if local == "ioSpecification" {
            for io in doc.child_elements(ch) {
                if let Some(a) = artifact(doc, ns, io) {
                    c.artifacts.push(a);
                }
            }
        } else if let Some(a) = artifact(doc, ns, ch) {
            c.artifacts.push(a);
        } else if let Some(a) = association(doc, ns, ch, None) {
            c.associations.push(a);
        }
    }
    for f in &mut c.flows {
        f.is_default = defaults.contains(&f.id);
    }
    c
}

fn num(doc: &Document, id: NodeId, name: &str) -> Option<f64> {
    doc.attr(id, name)?.trim().parse().ok()
}

fn bounds_of(doc: &Document, ns: &Ns, id: NodeId) -> Option<Bounds> {
    let b = children_named(doc, id, ns.dc, "Bounds").next()?;
    Some(Bounds {
        x: num(doc, b, "x")?,
        y: num(doc, b, "y")?,
        width: num(doc, b, "width")?,
        height: num(doc, b, "height")?,
    })
}

fn label_of(doc: &Document, ns: &Ns, id: NodeId) -> Option<Bounds> {
    let l = children_named(doc, id, ns.bpmndi, "BPMNLabel").next()?;
    bounds_of(doc, ns, l)
}

fn bool_attr(doc: &Document, id: NodeId, name: &str) -> Option<bool> {
    doc.attr(id, name).map(|v| v.trim() == "true")
}

fn diagram(doc: &Document, ns: &Ns, d: NodeId) -> Diagram {
    let mut out = Diagram {
        id: doc.attr(d, "id"),
        node: d,
        plane_element: None,
        shapes: Vec::new(),
        edges: Vec::new(),
    };
    for plane in children_named(doc, d, ns.bpmndi, "BPMNPlane") {
        out.plane_element = doc.attr(plane, "bpmnElement").map(|s| strip_qname(&s));
        for el in doc.child_elements(plane) {
            if is(doc, el, ns.bpmndi, "BPMNShape") {
                out.shapes.push(Shape {
                    id: doc.attr(el, "id"),
                    node: el,
                    bpmn_element: doc.attr(el, "bpmnElement").map(|s| strip_qname(&s)),
                    bounds: bounds_of(doc, ns, el),
                    is_expanded: bool_attr(doc, el, "isExpanded"),
                    is_horizontal: bool_attr(doc, el, "isHorizontal"),
                    label: label_of(doc, ns, el),
                });
            } else if is(doc, el, ns.bpmndi, "BPMNEdge") {
                out.edges.push(Edge {
                    id: doc.attr(el, "id"),
                    node: el,
                    bpmn_element: doc.attr(el, "bpmnElement").map(|s| strip_qname(&s)),
                    waypoints: children_named(doc, el, ns.di, "waypoint")
                        .filter_map(|w| Some((num(doc, w, "x")?, num(doc, w, "y")?)))
                        .collect(),
                    label: label_of(doc, ns, el),
                });
            }
        }
    }
    out
}
