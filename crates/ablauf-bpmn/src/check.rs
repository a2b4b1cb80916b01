//! Model checks with bilingual findings.
//!
//! Checks run over the tree (ids, references) and the typed model (flow
//! structure). Every finding names the element id and, when the element came
//! from a file, its line and column.

use crate::Definitions;
use crate::model::{self, Container, EventDefinition, EventKind, FlowNodeKind, GatewayKind, Ns};
use crate::xml::NodeId;
use std::collections::{HashMap, HashSet, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a model.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub severity: Severity,
    /// Stable code, e.g. `unknown-ref`.
    pub code: &'static str,
    pub element_id: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message_de: String,
    pub message_en: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "Fehler/error",
            Severity::Warning => "Warnung/warning",
        };
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "{l}:{c}: ")?;
        }
        write!(f, "{sev} [{}]", self.code)?;
        if let Some(id) = &self.element_id {
            write!(f, " {id}")?;
        }
        write!(f, ": {} / {}", self.message_de, self.message_en)
    }
}

struct Ctx<'a> {
    defs: &'a Definitions,
    out: Vec<Finding>,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        id: Option<&str>,
        node: Option<NodeId>,
        de: String,
        en: String,
    ) {
        let pos = node.and_then(|n| self.defs.position(n));
        self.out.push(Finding {
            severity,
            code,
            element_id: id.map(str::to_owned),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            message_de: de,
            message_en: en,
        });
    }
}

/// Check a model. Errors make the model unusable for analysis or export;
/// warnings point at modelling problems.
pub fn check(defs: &Definitions) -> Vec<Finding> {
    let doc = &defs.doc;
    let mut cx = Ctx {
        defs,
        out: Vec::new(),
    };
    let Some(root) = doc.root() else {
        return cx.out;
    };
    let ns = Ns::of(doc);

    // Ids: duplicates, and the set of known ids for reference checks.
    // Only BPMN and DI elements share the id space; foreign extensions
    // (ADONIS, Signavio …) use their own ids, which may repeat BPMN ones.
    let mut ids: HashMap<String, NodeId> = HashMap::new();
    for n in doc.descendants(root) {
        let Some(e) = doc.element(n) else { continue };
        if ![ns.bpmn, ns.bpmndi, ns.di, ns.dc].contains(&e.ns) {
            continue;
        }
        if let Some(id) = doc.attr(n, "id") {
            if let Some(first) = ids.get(&id) {
                let first_pos = defs.position(*first);
                let (de_at, en_at) = match first_pos {
                    Some((l, c)) => (
                        format!(" (zuerst in Zeile {l}, Spalte {c})"),
                        format!(" (first at line {l}, column {c})"),
                    ),
                    None => (String::new(), String::new()),
                };
                cx.push(
                    Severity::Error,
                    "duplicate-id",
                    Some(&id),
                    Some(n),
                    format!("Die Id '{id}' ist mehrfach vergeben{de_at}"),
                    format!("the id '{id}' is used more than once{en_at}"),
                );
            } else {
                ids.insert(id, n);
            }
        }
    }

    // References that must point at an existing id.
    let ref_attrs: &[(&str, &str)] = &[
        ("sequenceFlow", "sourceRef"),
        ("sequenceFlow", "targetRef"),
        ("messageFlow", "sourceRef"),
        ("messageFlow", "targetRef"),
        ("association", "sourceRef"),
        ("association", "targetRef"),
        ("boundaryEvent", "attachedToRef"),
        ("participant", "processRef"),
        ("dataObjectReference", "dataObjectRef"),
        ("dataStoreReference", "dataStoreRef"),
        ("BPMNShape", "bpmnElement"),
        ("BPMNEdge", "bpmnElement"),
        ("BPMNPlane", "bpmnElement"),
    ];
    let default_owners = [
        "exclusiveGateway",
        "inclusiveGateway",
        "complexGateway",
        "task",
        "userTask",
        "manualTask",
        "serviceTask",
        "scriptTask",
        "sendTask",
        "receiveTask",
        "businessRuleTask",
        "subProcess",
        "callActivity",
        "transaction",
        "adHocSubProcess",
    ];
    for n in doc.descendants(root) {
        let Some(e) = doc.element(n) else { continue };
        let local = e.local();
        let relevant = e.ns == ns.bpmn || e.ns == ns.bpmndi;
        if !relevant {
            continue;
        }
        let owner_id = doc.attr(n, "id");
        let check_ref = |attr: &str, value: String, cx: &mut Ctx| {
            let r = model::strip_qname(&value);
            if !r.is_empty() && !ids.contains_key(&r) {
                let who = owner_id.clone().unwrap_or_else(|| local.to_owned());
                cx.push(
                    Severity::Error,
                    "unknown-ref",
                    owner_id.as_deref(),
                    Some(n),
                    format!("{local} '{who}': {attr} verweist auf unbekanntes Element '{r}'"),
                    format!("{local} '{who}': {attr} refers to unknown element '{r}'"),
                );
            }
        };
        for (el, attr) in ref_attrs {
            if *el == local
                && let Some(v) = doc.attr(n, attr)
            {
                check_ref(attr, v, &mut cx);
            }
        }
        if default_owners.contains(&local)
            && e.ns == ns.bpmn
            && let Some(v) = doc.attr(n, "default")
        {
            check_ref("default", v, &mut cx);
        }
        if e.ns == ns.bpmn && local == "flowNodeRef" {
            let v = doc.text(n);
            let r = v.trim().to_owned();
            if !ids.contains_key(&r) {
                let lane = doc.node(n).parent.and_then(|p| doc.attr(p, "id"));
                cx.push(
                    Severity::Error,
                    "unknown-ref",
                    lane.as_deref(),
                    Some(n),
                    format!("Lane verweist auf unbekannten Knoten '{r}'"),
                    format!("lane refers to unknown node '{r}'"),
                );
            }
        }
    }

    let m = defs.model();
    for p in &m.processes {
        let has_nodes = !p.content.nodes.is_empty();
        let has_start = p.content.nodes.iter().any(|n| n.is_event(EventKind::Start));
        if has_nodes && !has_start {
            cx.push(
                Severity::Warning,
                "no-start",
                Some(&p.id),
                Some(p.node),
                format!(
                    "Prozess '{}' hat kein Startereignis",
                    p.name.as_deref().unwrap_or(&p.id)
                ),
                format!(
                    "process '{}' has no start event",
                    p.name.as_deref().unwrap_or(&p.id)
                ),
            );
        }
        check_container(&mut cx, &p.content);
    }
    cx.out
        .sort_by_key(|f| (f.severity, f.line.unwrap_or(u32::MAX)));
    cx.out
}

fn check_container(cx: &mut Ctx, c: &Container) {
    let ids: HashSet<&str> = c.nodes.iter().map(|n| n.id.as_str()).collect();
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut has_in: HashSet<&str> = HashSet::new();
    for f in &c.flows {
        out.entry(f.source.as_str())
            .or_default()
            .push(f.target.as_str());
        has_in.insert(f.target.as_str());
    }
    // Gateways without outflow.
    for n in &c.nodes {
        if let FlowNodeKind::Gateway { gateway } = &n.kind
            && !out.contains_key(n.id.as_str())
        {
            let label = n.name.as_deref().unwrap_or(&n.id);
            cx.push(
                Severity::Error,
                "gateway-no-outflow",
                Some(&n.id),
                Some(n.node),
                format!("Gateway '{label}' hat keinen ausgehenden Sequenzfluss"),
                format!("gateway '{label}' ({gateway:?}) has no outgoing sequence flow"),
            );
        }
    }
    // Branch probabilities of a gateway should sum to 1.
    for n in &c.nodes {
        if !matches!(
            n.kind,
            FlowNodeKind::Gateway {
                gateway: GatewayKind::Exclusive | GatewayKind::Inclusive | GatewayKind::Complex
            }
        ) {
            continue;
        }
        let probs: Vec<f64> = c
            .flows
            .iter()
            .filter(|f| f.source == n.id)
            .filter_map(|f| f.probability)
            .collect();
        let outs = c.flows.iter().filter(|f| f.source == n.id).count();
        if !probs.is_empty()
            && matches!(
                n.kind,
                FlowNodeKind::Gateway {
                    gateway: GatewayKind::Exclusive
                }
            )
            && (probs.len() != outs || (probs.iter().sum::<f64>() - 1.0).abs() > 0.001)
        {
            cx.push(
                Severity::Warning,
                "probability-sum",
                Some(&n.id),
                Some(n.node),
                "Die Wahrscheinlichkeiten der Ausgänge ergeben nicht 100 %".into(),
                "the branch probabilities of the outgoing flows do not add up to 100 %".into(),
            );
        }
    }
    // Reachability from the entry points of this scope.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    let has_start = c.nodes.iter().any(|n| n.is_event(EventKind::Start));
    for n in &c.nodes {
        let entry = n.is_event(EventKind::Start)
            // Without start events, BPMN starts every node without incoming flow.
            || (!has_start && !has_in.contains(n.id.as_str()) && !n.is_event(EventKind::Boundary))
            // Event subprocesses and compensation handlers are started by events, not flow.
            || matches!(n.kind, FlowNodeKind::SubProcess { sub: model::SubProcessKind::Event })
            || n.is_for_compensation
            // Link catch events continue a link throw elsewhere.
            || (n.is_event(EventKind::IntermediateCatch) && n.event_definitions.contains(&EventDefinition::Link));
        if entry {
            queue.push_back(n.id.as_str());
        }
    }
    let hosts: HashMap<&str, Vec<&str>> = c.nodes.iter().fold(HashMap::new(), |mut m, n| {
        if let Some(h) = &n.attached_to {
            m.entry(h.as_str()).or_default().push(n.id.as_str());
        }
        m
    });
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        for t in out.get(id).into_iter().flatten() {
            queue.push_back(t);
        }
        for b in hosts.get(id).into_iter().flatten() {
            queue.push_back(b);
        }
    }
    for n in &c.nodes {
        if !seen.contains(n.id.as_str()) && ids.contains(n.id.as_str()) {
            let label = n.name.as_deref().unwrap_or(&n.id);
            cx.push(
                Severity::Warning,
                "unreachable",
                Some(&n.id),
                Some(n.node),
                format!("'{label}' ist vom Start aus nicht erreichbar"),
                format!("'{label}' cannot be reached from a start"),
            );
        }
        if let Some(sub) = &n.content {
            check_container(cx, sub);
        }
    }
}
