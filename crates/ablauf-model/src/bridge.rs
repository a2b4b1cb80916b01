//! The bridge between building-block models and BPMN 2.0.
//!
//! [`to_bpmn`] draws a block model as one BPMN process with a laid-out
//! diagram; [`from_bpmn`] reads such a process back, and any other process
//! whose structure a block model can express. See the crate docs for the
//! mapping.

use crate::model::{BlockModel, Branch, Branching, IdGen, Item, StepItem, Subprocess};
use crate::validate::is_valid_id;
use ablauf_bpmn::ext::SubprocessDef;
use ablauf_bpmn::model::{ArtifactKind, BPMN_NS, Bounds};
use ablauf_bpmn::xml::{Attr, Element, NO_NS, NodeKind, escape_attr, escape_text};
use ablauf_bpmn::{
    Definitions, EventKind, FlowNode, FlowNodeKind, GatewayKind, Lane, NodeId, SequenceFlow, Step,
};
use std::collections::{HashMap, HashSet};

/// How deeply branchings may nest when reading BPMN (protects the stack
/// against hostile files; real models stay far below).
const MAX_NESTING: usize = 64;

// ---------------------------------------------------------------------------
// Block model → BPMN

/// Keep only characters XML 1.0 allows (a label pasted with control characters
/// must not make the file unreadable).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| {
            matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        })
        .collect()
}

fn clean_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clean).filter(|s| !s.is_empty())
}

/// Times a duration can express (negative and non-finite ones are invalid
/// models; validation reports them).
fn time(t: Option<f64>) -> Option<f64> {
    t.filter(|t| t.is_finite() && *t >= 0.0)
}

fn non_empty(s: &str) -> Option<String> {
    let s = clean(s);
    (!s.is_empty()).then_some(s)
}

struct FlowRec {
    id: String,
    source: String,
    target: String,
    name: String,
    probability: Option<f64>,
}

/// Where the next flow starts; `pending` is a reserved flow (the first flow
/// of a branch) whose target is not known yet.
struct Cursor {
    from: String,
    pending: Option<usize>,
}

struct SpCtx {
    id: String,
    org_unit: Option<String>,
}

struct Writer {
    d: Definitions,
    pid: String,
    ids: IdGen,
    taken: HashSet<String>,
    flows: Vec<FlowRec>,
}

impl Writer {
    /// The BPMN id for a model id: the same when it is a valid, unused XML id.
    fn bpmn_id(&mut self, id: &str, prefix: &str) -> String {
        if is_valid_id(id) && self.taken.insert(id.to_owned()) {
            id.to_owned()
        } else {
            let fresh = self.ids.fresh(prefix);
            self.taken.insert(fresh.clone());
            fresh
        }
    }

    fn generated(&mut self, want: &str, prefix: &str) -> String {
        let id = if self.taken.contains(want) {
            self.ids.fresh(prefix)
        } else {
            self.ids.keep_or_fresh(want, prefix)
        };
        self.taken.insert(id.clone());
        id
    }

    fn connect(&mut self, cur: &mut Cursor, to: &str) {
        match cur.pending.take() {
            Some(i) => self.flows[i].target = to.to_owned(),
            None => {
                let id = self.generated("", "Flow_");
                self.flows.push(FlowRec {
                    id,
                    source: cur.from.clone(),
                    target: to.to_owned(),
                    name: String::new(),
                    probability: None,
                });
            }
        }
        cur.from = to.to_owned();
    }

    fn items(&mut self, items: &[Item], sp: &SpCtx, cur: &mut Cursor) {
        for it in items {
            match it {
                Item::Step(s) => self.step(s, sp, cur),
                Item::Variant(b) => self.branching(b, true, sp, cur),
                Item::Parallel(b) => self.branching(b, false, sp, cur),
            }
        }
    }

    fn step(&mut self, s: &StepItem, sp: &SpCtx, cur: &mut Cursor) {
        let id = self.bpmn_id(&s.id, "Activity_");
        let step = Step {
            block_type: non_empty(&s.block),
            org_unit: clean_opt(&s.org_unit).or_else(|| sp.org_unit.clone()),
            pay_grade: clean_opt(&s.pay_grade),
            processing_minutes: time(s.processing_minutes),
            processing_minutes_min: time(s.processing_minutes_min),
            processing_minutes_max: time(s.processing_minutes_max),
            waiting_minutes: time(s.waiting_minutes),
            share: s.share.filter(|v| v.is_finite()),
            it_system: clean_opt(&s.it_system),
            medium: clean_opt(&s.medium),
            input_channel: clean_opt(&s.input_channel),
            output_channel: clean_opt(&s.output_channel),
            documents: s
                .documents
                .iter()
                .map(|d| ablauf_bpmn::StepDocument {
                    direction: d.direction,
                    name: clean(&d.name),
                })
                .collect(),
            legal_basis: s.legal_basis.iter().map(|l| clean(l)).collect(),
            subprocess: Some(sp.id.clone()),
            notes: non_empty(&s.notes),
        };
        let name = non_empty(&s.label);
        self.d
            .add_node(&self.pid, "task", &id, name.as_deref(), Some(&step));
        let description = clean(&s.description);
        if !description.is_empty() {
            add_documentation(&mut self.d, &id, &description);
        }
        self.connect(cur, &id);
    }

    fn branching(&mut self, b: &Branching, variant: bool, sp: &SpCtx, cur: &mut Cursor) {
        let kind = if variant {
            "exclusiveGateway"
        } else {
            "parallelGateway"
        };
        let split = self.bpmn_id(&b.id, "Gateway_");
        let name = non_empty(&b.label);
        self.d
            .add_node(&self.pid, kind, &split, name.as_deref(), None);
        self.d.set_subprocess_ref(&split, Some(&sp.id));
        self.connect(cur, &split);
        let mut ends = Vec::with_capacity(b.branches.len());
        for br in &b.branches {
            let id = self.bpmn_id(&br.id, "Flow_");
            self.flows.push(FlowRec {
                id,
                source: split.clone(),
                target: String::new(),
                name: clean(&br.label),
                probability: if variant {
                    br.share.filter(|v| v.is_finite())
                } else {
                    None
                },
            });
            let mut c = Cursor {
                from: split.clone(),
                pending: Some(self.flows.len() - 1),
            };
            self.items(&br.items, sp, &mut c);
            ends.push(c);
        }
        let join = self.generated(&format!("{split}_join"), "Gateway_");
        self.d.add_node(&self.pid, kind, &join, None, None);
        // The join belongs to the subprocess too: the layout draws both
        // gateways in its org unit's lane.
        self.d.set_subprocess_ref(&join, Some(&sp.id));
        for mut c in ends {
            self.connect(&mut c, &join);
        }
        cur.from = join;
        cur.pending = None;
    }
}

/// Set an unprefixed attribute of the element with this id.
fn set_attr(d: &mut Definitions, node: NodeId, name: &str, value: &str) {
    let raw = escape_attr(value);
    if let Some(e) = d.doc.element_mut(node) {
        match e.attrs.iter_mut().find(|a| a.name.as_str() == name) {
            Some(a) => a.raw = raw.as_str().into(),
            None => e.attrs.push(Attr::new(name, &raw, NO_NS)),
        }
    }
}

/// Add `<bpmn:documentation>` as the first child (XSD order).
fn add_documentation(d: &mut Definitions, id: &str, text: &str) {
    let Some(node) = d.find(id) else { return };
    let prefix = d
        .doc
        .element(node)
        .and_then(|e| e.name.split_once(':').map(|(p, _)| p.to_owned()));
    let name = match prefix {
        Some(p) => format!("{p}:documentation"),
        None => "documentation".to_owned(),
    };
    let ns = d.doc.intern_ns(BPMN_NS);
    let el = Element {
        name: name.as_str().into(),
        ns,
        attrs: Vec::new(),
        self_closing: true,
        tail: Default::default(),
        pos: 0,
    };
    let doc_node = d.doc.insert_element_indented(node, 0, el);
    // Carriage returns would be normalised away by any XML reader; keep them.
    let raw = escape_text(text).replace('\r', "&#13;");
    let t = d.doc.push(NodeKind::Text(raw.as_str().into()));
    d.doc.append(doc_node, t);
}

/// Draw a block model as BPMN: one process from a start event through the
/// items of every subprocess, in order, to an end event, with a generated
/// diagram (a lane per org unit). `names` turns an org-unit value into the
/// name shown on its lane (`None`: the value itself).
pub fn to_bpmn(
    model: &BlockModel,
    process_name: &str,
    names: &dyn Fn(&str) -> Option<String>,
) -> Definitions {
    let mut reserved: HashSet<String> = model
        .ids()
        .into_iter()
        .filter(|id| is_valid_id(id))
        .map(str::to_owned)
        .collect();
    reserved.insert("Definitions_1".to_owned());
    let mut w = Writer {
        d: Definitions::new(),
        pid: String::new(),
        ids: IdGen::from_used(reserved),
        taken: HashSet::from(["Definitions_1".to_owned()]),
        flows: Vec::new(),
    };
    w.pid = w.generated("Process_1", "Process_");
    let pname = non_empty(process_name);
    w.d.add_process(&w.pid.clone(), pname.as_deref());

    let sps: Vec<SpCtx> = model
        .subprocesses
        .iter()
        .map(|sp| SpCtx {
            id: w.bpmn_id(&sp.id, "Subprocess_"),
            org_unit: clean_opt(&sp.org_unit),
        })
        .collect();
    let start = w.generated("StartEvent_1", "StartEvent_");
    let pid = w.pid.clone();
    w.d.add_node(&pid, "startEvent", &start, None, None);
    let mut cur = Cursor {
        from: start,
        pending: None,
    };
    for (sp, ctx) in model.subprocesses.iter().zip(&sps) {
        w.items(&sp.items, ctx, &mut cur);
    }
    let end = w.generated("EndEvent_1", "EndEvent_");
    w.d.add_node(&pid, "endEvent", &end, None, None);
    w.connect(&mut cur, &end);

    let flows = std::mem::take(&mut w.flows);
    for f in &flows {
        w.d.add_sequence_flow(&pid, &f.id, &f.source, &f.target);
        if !f.name.is_empty()
            && let Some(n) = w.d.find(&f.id)
        {
            set_attr(&mut w.d, n, "name", &f.name);
        }
        if f.probability.is_some() {
            w.d.set_probability(&f.id, f.probability);
        }
    }
    let defs: Vec<SubprocessDef> = model
        .subprocesses
        .iter()
        .zip(&sps)
        .map(|(sp, ctx)| SubprocessDef {
            id: ctx.id.clone(),
            name: clean(&sp.name),
            org_unit: ctx.org_unit.clone(),
        })
        .collect();
    w.d.set_subprocesses(&pid, &defs);

    let mut d = w.d;
    ablauf_bpmn::layout(&mut d);
    // The layout names lanes after the org-unit values; show readable names.
    let m = d.model();
    fn rename(d: &mut Definitions, lanes: &[Lane], names: &dyn Fn(&str) -> Option<String>) {
        for l in lanes {
            if let Some(n) = l.name.as_deref().and_then(names) {
                set_attr(d, l.node, "name", &clean(&n));
            }
            rename(d, &l.children, names);
        }
    }
    for p in &m.processes {
        rename(&mut d, &p.lanes, names);
    }
    place_flow_labels(&mut d, &m);
    d
}

/// Put the labels of named flows in free space beside their flows (the
/// generic layout puts them at the first bend, where the branches of one
/// gateway share their start, and over the next shape), so bpmn-js and
/// [`crate::render_svg`] show them apart and clear of every step.
fn place_flow_labels(d: &mut Definitions, m: &ablauf_bpmn::Model) {
    let Some(diagram) = m.diagrams.first() else {
        return;
    };
    let flows: HashMap<&str, &SequenceFlow> = m
        .all_flows()
        .into_iter()
        .map(|f| (f.id.as_str(), f))
        .collect();
    let frames: HashSet<&str> = m
        .collaborations
        .iter()
        .flat_map(|c| c.participants.iter().map(|p| p.id.as_str()))
        .chain(m.processes.iter().flat_map(|p| {
            let mut ids = Vec::new();
            lane_ids(&p.lanes, &mut ids);
            ids
        }))
        .collect();
    let mut shapes: HashMap<&str, Bounds> = HashMap::new();
    let mut obstacles: Vec<Bounds> = Vec::new();
    for s in &diagram.shapes {
        let (Some(id), Some(b)) = (s.bpmn_element.as_deref(), s.bounds) else {
            continue;
        };
        if frames.contains(id) {
            // The name band at the left.
            obstacles.push(Bounds {
                width: 30.0_f64.min(b.width),
                ..b
            });
            continue;
        }
        shapes.insert(id, b);
        obstacles.push(b);
        obstacles.extend(s.label);
    }
    let mut edges = Vec::new();
    let mut reqs = Vec::new();
    for e in &diagram.edges {
        let Some(f) = e.bpmn_element.as_deref().and_then(|id| flows.get(id)) else {
            continue;
        };
        let Some(name) = f.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        if e.waypoints.len() < 2 {
            continue;
        }
        edges.push(e);
        reqs.push(crate::svg::LabelFor {
            pts: &e.waypoints,
            target: shapes.get(f.target.as_str()).copied(),
            name,
            pct: f
                .probability
                .map(crate::validate::percent)
                .unwrap_or_default(),
        });
    }
    let placed = crate::svg::place_flow_labels(&reqs, &obstacles);
    let fmt = |v: f64| {
        let r = (v * 10.0).round() / 10.0;
        if r.fract() == 0.0 {
            format!("{}", r as i64)
        } else {
            format!("{r:.1}")
        }
    };
    for (e, b) in edges.into_iter().zip(placed) {
        let Some(b) = b else { continue };
        let bounds = d
            .doc
            .child_elements(e.node)
            .find(|c| {
                d.doc
                    .element(*c)
                    .is_some_and(|el| el.local() == "BPMNLabel")
            })
            .and_then(|l| {
                d.doc
                    .child_elements(l)
                    .find(|c| d.doc.element(*c).is_some_and(|el| el.local() == "Bounds"))
            });
        let Some(bounds) = bounds else { continue };
        for (attr, v) in [
            ("x", b.x),
            ("y", b.y),
            ("width", b.width),
            ("height", b.height),
        ] {
            set_attr(d, bounds, attr, &fmt(v));
        }
    }
}

fn lane_ids<'a>(lanes: &'a [Lane], out: &mut Vec<&'a str>) {
    for l in lanes {
        out.push(&l.id);
        lane_ids(&l.children, out);
    }
}

// ---------------------------------------------------------------------------
// BPMN → block model

/// `„name“`, or `„id“` for unnamed elements.
fn label(n: &FlowNode) -> String {
    named(n.name.as_deref(), &n.id)
}

fn flow_label(f: &SequenceFlow) -> String {
    named(f.name.as_deref(), &f.id)
}

/// `„name“` with whitespace (line breaks from other tools) collapsed, or `„id“`.
fn named(name: Option<&str>, id: &str) -> String {
    let n = name
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    format!("„{}“", n.as_deref().unwrap_or(id))
}

fn gateway_kind(n: &FlowNode) -> Option<GatewayKind> {
    match n.kind {
        FlowNodeKind::Gateway { gateway } => Some(gateway),
        _ => None,
    }
}

/// German "the element" phrase for a node.
fn the(n: &FlowNode) -> String {
    let noun = match &n.kind {
        FlowNodeKind::Task { .. } => "Die Aufgabe",
        FlowNodeKind::Gateway { .. } => "Das Gateway",
        FlowNodeKind::Event {
            event: EventKind::Start,
        } => "Das Startereignis",
        FlowNodeKind::Event {
            event: EventKind::End,
        } => "Das Endereignis",
        FlowNodeKind::Event { .. } => "Das Ereignis",
        _ => "Das Element",
    };
    format!("{noun} {}", label(n))
}

/// An item read from the file, with what tells its subprocess.
struct Read {
    item: Item,
    /// Subprocess id named in the file: the step's, the gateway's, or that of
    /// the first step inside a branching.
    sp_ref: Option<String>,
    /// Org unit of the step (of the first step inside a branching).
    org_unit: Option<String>,
    /// Id of the BPMN element (for its lane).
    node_id: String,
}

enum Stop<'a> {
    End,
    Join(&'a str),
    Failed,
}

struct Reader<'a> {
    defs: &'a Definitions,
    nodes: HashMap<&'a str, &'a FlowNode>,
    out: HashMap<&'a str, Vec<&'a SequenceFlow>>,
    inc: HashMap<&'a str, usize>,
    visited: HashSet<&'a str>,
    reasons: Vec<String>,
    ids: IdGen,
    depth: usize,
    bpmn_ns: Option<u32>,
}

impl<'a> Reader<'a> {
    fn n_in(&self, id: &str) -> usize {
        self.inc.get(id).copied().unwrap_or(0)
    }

    fn n_out(&self, id: &str) -> usize {
        self.out.get(id).map_or(0, Vec::len)
    }

    fn succ(&self, id: &str) -> &'a str {
        self.out[id][0].target.as_str()
    }

    fn documentation(&self, n: &FlowNode) -> String {
        let doc = &self.defs.doc;
        let mut parts = Vec::new();
        for c in doc.child_elements(n.node) {
            if let Some(e) = doc.element(c)
                && Some(e.ns) == self.bpmn_ns
                && e.local() == "documentation"
            {
                parts.push(doc.text(c));
            }
        }
        parts.join("\n")
    }

    fn step(&mut self, n: &FlowNode) -> Read {
        let s = n.step.clone().unwrap_or_default();
        let item = StepItem {
            id: self.ids.keep_or_fresh(&n.id, "s"),
            label: n.name.clone().unwrap_or_default(),
            block: s.block_type.unwrap_or_default(),
            description: self.documentation(n),
            notes: s.notes.unwrap_or_default(),
            org_unit: s.org_unit.clone(),
            pay_grade: s.pay_grade,
            processing_minutes: s.processing_minutes,
            processing_minutes_min: s.processing_minutes_min,
            processing_minutes_max: s.processing_minutes_max,
            waiting_minutes: s.waiting_minutes,
            share: s.share,
            it_system: s.it_system,
            medium: s.medium,
            input_channel: s.input_channel,
            output_channel: s.output_channel,
            documents: s.documents,
            legal_basis: s.legal_basis,
        };
        Read {
            item: Item::Step(item),
            sp_ref: s.subprocess,
            org_unit: s.org_unit,
            node_id: n.id.clone(),
        }
    }

    /// Read a sequence starting at `node` up to the end event or a join.
    fn seq(&mut self, mut node: &'a str, items: &mut Vec<Read>) -> Stop<'a> {
        loop {
            let n = self.nodes[node];
            if gateway_kind(n).is_some() && self.n_in(node) >= 2 {
                return Stop::Join(node);
            }
            if !self.visited.insert(node) {
                self.reasons.push(format!(
                    "{} wird auf mehreren Wegen erreicht, ohne dass ein Gateway sie zusammenführt.",
                    the(n)
                ));
                return Stop::Failed;
            }
            match &n.kind {
                FlowNodeKind::Event {
                    event: EventKind::End,
                } => return Stop::End,
                FlowNodeKind::Task { .. } => {
                    let r = self.step(n);
                    items.push(r);
                    node = self.succ(node);
                }
                FlowNodeKind::Gateway { gateway } if self.n_out(node) >= 2 => {
                    let Some((r, join)) = self.split(n, *gateway) else {
                        return Stop::Failed;
                    };
                    items.push(r);
                    node = self.succ(join);
                }
                _ => {
                    self.reasons.push(format!(
                        "{} lässt sich an dieser Stelle nicht als Baustein darstellen.",
                        the(n)
                    ));
                    return Stop::Failed;
                }
            }
        }
    }

    /// Read the branches of a splitting gateway up to their common join.
    fn split(&mut self, n: &'a FlowNode, kind: GatewayKind) -> Option<(Read, &'a str)> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.reasons.push(format!(
                "Die Verzweigungen sind tiefer als {MAX_NESTING} Ebenen verschachtelt (bei {}).",
                label(n)
            ));
            return None;
        }
        let variant = kind == GatewayKind::Exclusive;
        let flows = self.out[n.id.as_str()].clone();
        let mut branches = Vec::with_capacity(flows.len());
        let mut join: Option<&'a str> = None;
        let mut matched = true;
        let mut sp_ref = None;
        let mut org_unit = None;
        for f in &flows {
            let mut reads = Vec::new();
            match self.seq(f.target.as_str(), &mut reads) {
                Stop::Failed => return None,
                Stop::End => {
                    self.reasons.push(format!(
                        "Ein Zweig des Gateways {} endet, ohne wieder zusammengeführt zu werden.",
                        label(n)
                    ));
                    return None;
                }
                Stop::Join(j) => {
                    if join.is_some_and(|x| x != j) {
                        matched = false;
                    }
                    join.get_or_insert(j);
                }
            }
            for r in &reads {
                if sp_ref.is_none() {
                    sp_ref.clone_from(&r.sp_ref);
                }
                if org_unit.is_none() {
                    org_unit.clone_from(&r.org_unit);
                }
            }
            branches.push(Branch {
                id: self.ids.keep_or_fresh(&f.id, "b"),
                label: f.name.clone().unwrap_or_default(),
                share: if variant { f.probability } else { None },
                items: reads.into_iter().map(|r| r.item).collect(),
            });
        }
        let j = join?;
        if !matched || self.n_in(j) != flows.len() {
            self.reasons.push(format!(
                "Das Gateway {} hat keinen passenden Zusammenführungspunkt.",
                label(n)
            ));
            return None;
        }
        let jn = self.nodes[j];
        if gateway_kind(jn) != Some(kind) {
            self.reasons.push(format!(
                "Das Gateway {} wird durch das Gateway {} einer anderen Art zusammengeführt.",
                label(n),
                label(jn)
            ));
            return None;
        }
        self.visited.insert(j);
        self.depth -= 1;
        let b = Branching {
            id: self
                .ids
                .keep_or_fresh(&n.id, if variant { "v" } else { "p" }),
            label: n.name.clone().unwrap_or_default(),
            branches,
        };
        let read = Read {
            item: if variant {
                Item::Variant(b)
            } else {
                Item::Parallel(b)
            },
            sp_ref: self.defs.subprocess_ref(&n.id).or(sp_ref),
            org_unit,
            node_id: n.id.clone(),
        };
        Some((read, j))
    }
}

/// Why an artifact is lost. Data inputs and outputs count only when they
/// belong to the process itself (those of tasks are not drawn).
fn artifact_reason(
    defs: &Definitions,
    process: Option<NodeId>,
    a: &ablauf_bpmn::model::Artifact,
    reasons: &mut Vec<String>,
) {
    let name = named(a.name.as_deref(), &a.id);
    let what = match &a.kind {
        ArtifactKind::DataObjectReference { .. } => format!("Das Datenobjekt {name} lässt"),
        ArtifactKind::DataStoreReference { .. } => format!("Der Datenspeicher {name} lässt"),
        ArtifactKind::DataInput | ArtifactKind::DataOutput => {
            let owner = defs
                .doc
                .node(a.node)
                .parent
                .and_then(|io| defs.doc.node(io).parent);
            if process.is_none() || owner != process {
                return;
            }
            let kind = if a.kind == ArtifactKind::DataInput {
                "Die Eingabedaten"
            } else {
                "Die Ausgabedaten"
            };
            format!("{kind} {name} lassen")
        }
        ArtifactKind::TextAnnotation { text } => {
            let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = t.chars().take(40).collect();
            let more = if t.chars().count() > 40 { "…" } else { "" };
            if short.is_empty() {
                format!("Die Anmerkung „{}“ lässt", a.id)
            } else {
                format!("Die Anmerkung „{short}{more}“ lässt")
            }
        }
        ArtifactKind::Group { .. } => format!("Die Gruppe {name} lässt"),
        // Definitions without a drawing of their own (the references are drawn).
        ArtifactKind::DataObject | ArtifactKind::DataStore => return,
    };
    let reason = format!("{what} sich im Bausteinmodell nicht darstellen.");
    if !reasons.contains(&reason) {
        reasons.push(reason);
    }
}

/// Whether the flow graph has a cycle; returns a node the cycle returns to.
fn find_cycle<'a>(
    ids: &[&'a str],
    out: &HashMap<&'a str, Vec<&'a SequenceFlow>>,
) -> Option<&'a str> {
    let mut state: HashMap<&str, u8> = HashMap::new(); // 1 on stack, 2 done
    for &s in ids {
        if state.contains_key(s) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(s, 0)];
        state.insert(s, 1);
        while let Some((n, i)) = stack.pop() {
            let succ = out.get(n).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(f) = succ.get(i) {
                stack.push((n, i + 1));
                let t = f.target.as_str();
                match state.get(t) {
                    None => {
                        state.insert(t, 1);
                        stack.push((t, 0));
                    }
                    Some(1) => return Some(t),
                    _ => {}
                }
            } else {
                state.insert(n, 2);
            }
        }
    }
    None
}

fn lane_names(lanes: &[Lane], out: &mut HashMap<String, String>) {
    for l in lanes {
        if let Some(n) = l.name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            for r in &l.flow_node_refs {
                out.insert(r.clone(), n.to_owned());
            }
        }
        // Nested lanes come later and win: the innermost lane names a node.
        lane_names(&l.children, out);
    }
}

/// Read a block model from BPMN where the structure allows: one process (a
/// collaboration with one pool is fine), one start and one end event, tasks
/// that all carry a block type, and exclusive or parallel gateways that
/// split and join in matching, properly nested pairs. Otherwise every reason
/// (German, naming the elements) why not.
///
/// Kept from the file: ids, names, documentation, step attributes, branch
/// names and probabilities, subprocesses (`ablauf:subprocess`; without them,
/// consecutive steps of one org unit form a subprocess named after its lane).
/// Not kept: the task type (user, service … task), event definitions of the
/// start and end event, flow conditions, the diagram.
pub fn from_bpmn(defs: &Definitions) -> Result<BlockModel, Vec<String>> {
    let m = defs.model();
    let mut reasons = Vec::new();
    if m.processes.is_empty() {
        return Err(vec!["Die Datei enthält keinen Prozess.".into()]);
    }
    let with_content: Vec<_> = m
        .processes
        .iter()
        .filter(|p| !p.content.nodes.is_empty())
        .collect();
    if with_content.len() > 1 {
        return Err(vec![format!(
            "Die Datei enthält {} Prozesse; ein Bausteinmodell beschreibt genau einen.",
            with_content.len()
        )]);
    }
    let p = with_content.first().copied().unwrap_or(&m.processes[0]);
    for col in &m.collaborations {
        if col.participants.len() > 1 {
            reasons.push(format!(
                "Die Zusammenarbeit enthält {} Pools; ein Bausteinmodell hat genau einen.",
                col.participants.len()
            ));
        }
        for mf in &col.message_flows {
            let name = mf
                .name
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(&mf.id);
            reasons.push(format!(
                "Der Nachrichtenfluss „{name}“ lässt sich im Bausteinmodell nicht darstellen."
            ));
        }
        for a in &col.artifacts {
            artifact_reason(defs, None, a, &mut reasons);
        }
    }
    let c = &p.content;
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut nodes: HashMap<&str, &FlowNode> = HashMap::new();
    for n in &c.nodes {
        if nodes.insert(n.id.as_str(), n).is_some() {
            reasons.push(format!("Die Kennung „{}“ kommt mehrfach vor.", n.id));
        }
        match &n.kind {
            FlowNodeKind::Task { .. } => {
                if n.step
                    .as_ref()
                    .and_then(|s| s.block_type.as_deref())
                    .is_none_or(|b| b.trim().is_empty())
                {
                    reasons.push(format!("Die Aufgabe {} hat keinen Bausteintyp.", label(n)));
                }
            }
            FlowNodeKind::SubProcess { .. } => reasons.push(format!(
                "Der Unterprozess {} lässt sich nicht als Baustein darstellen; ein Bausteinmodell besteht aus einfachen Schritten.",
                label(n)
            )),
            FlowNodeKind::CallActivity { .. } => reasons.push(format!(
                "Die Aufrufaktivität {} lässt sich nicht als Baustein darstellen.",
                label(n)
            )),
            FlowNodeKind::Event { event } => match event {
                EventKind::Start => starts.push(n),
                EventKind::End => ends.push(n),
                EventKind::Boundary => reasons.push(format!(
                    "Das angeheftete Ereignis {} lässt sich im Bausteinmodell nicht darstellen.",
                    label(n)
                )),
                EventKind::IntermediateCatch | EventKind::IntermediateThrow => {
                    reasons.push(format!(
                        "Ereignisse zwischen Schritten lassen sich nicht als Baustein darstellen: {}.",
                        label(n)
                    ))
                }
            },
            FlowNodeKind::Gateway { gateway } => {
                let kind = match gateway {
                    GatewayKind::Exclusive | GatewayKind::Parallel => None,
                    GatewayKind::Inclusive => Some("inklusive"),
                    GatewayKind::Complex => Some("komplexe"),
                    GatewayKind::EventBased => Some("ereignisbasierte"),
                };
                if let Some(k) = kind {
                    reasons.push(format!(
                        "Das {k} Gateway {} lässt sich nicht darstellen; Bausteinmodelle kennen nur Varianten (exklusiv) und Parallelität.",
                        label(n)
                    ));
                }
            }
            FlowNodeKind::Other { name } => reasons.push(format!(
                "Das Element {} ({name}) lässt sich im Bausteinmodell nicht darstellen.",
                label(n)
            )),
        }
    }
    match starts.len() {
        0 => reasons.push("Der Prozess hat kein Startereignis.".into()),
        1 => {}
        k => reasons.push(format!(
            "Der Prozess hat {k} Startereignisse; ein Bausteinmodell hat genau eines."
        )),
    }
    match ends.len() {
        0 => reasons.push("Der Prozess hat kein Endereignis.".into()),
        1 => {}
        k => reasons.push(format!(
            "Der Prozess hat {k} Endereignisse; ein Bausteinmodell hat genau eines."
        )),
    }
    for a in &c.artifacts {
        artifact_reason(defs, Some(p.node), a, &mut reasons);
    }
    let mut out: HashMap<&str, Vec<&SequenceFlow>> = HashMap::new();
    let mut inc: HashMap<&str, usize> = HashMap::new();
    for f in &c.flows {
        let (Some(s), Some(t)) = (nodes.get(f.source.as_str()), nodes.get(f.target.as_str()))
        else {
            reasons.push(format!(
                "Der Sequenzfluss {} verbindet unbekannte Elemente.",
                flow_label(f)
            ));
            continue;
        };
        out.entry(s.id.as_str()).or_default().push(f);
        *inc.entry(t.id.as_str()).or_default() += 1;
    }
    for n in &c.nodes {
        let i = inc.get(n.id.as_str()).copied().unwrap_or(0);
        let o = out.get(n.id.as_str()).map_or(0, Vec::len);
        let the = the(n);
        match &n.kind {
            FlowNodeKind::Task { .. } => {
                match i {
                    0 => reasons.push(format!("{the} hat keinen eingehenden Sequenzfluss.")),
                    1 => {}
                    k => reasons.push(format!(
                        "{the} hat {k} eingehende Sequenzflüsse; zusammengeführt wird im Bausteinmodell nur durch Gateways."
                    )),
                }
                match o {
                    0 => reasons.push(format!("{the} hat keinen ausgehenden Sequenzfluss.")),
                    1 => {}
                    k => reasons.push(format!(
                        "{the} hat {k} ausgehende Sequenzflüsse; verzweigt wird im Bausteinmodell nur durch Gateways."
                    )),
                }
            }
            FlowNodeKind::Event {
                event: EventKind::Start,
            } => {
                if i > 0 {
                    reasons.push(format!("{the} hat eingehende Sequenzflüsse."));
                }
                if o != 1 {
                    reasons.push(format!(
                        "{the} hat {o} ausgehende Sequenzflüsse; erlaubt ist genau einer."
                    ));
                }
            }
            FlowNodeKind::Event {
                event: EventKind::End,
            } => {
                if i != 1 {
                    reasons.push(format!(
                        "{the} hat {i} eingehende Sequenzflüsse; erlaubt ist genau einer."
                    ));
                }
                if o > 0 {
                    reasons.push(format!("{the} hat ausgehende Sequenzflüsse."));
                }
            }
            FlowNodeKind::Gateway {
                gateway: GatewayKind::Exclusive | GatewayKind::Parallel,
            } => {
                if i >= 2 && o >= 2 {
                    reasons.push(format!(
                        "{the} führt zusammen und verzweigt zugleich; im Bausteinmodell sind das zwei Gateways."
                    ));
                } else if i == 0 || o == 0 {
                    reasons.push(format!("{the} ist nicht vollständig verbunden."));
                } else if i == 1 && o == 1 {
                    reasons.push(format!("{the} verzweigt nicht und führt nicht zusammen."));
                }
            }
            _ => {}
        }
    }
    let ids: Vec<&str> = starts
        .iter()
        .map(|n| n.id.as_str())
        .chain(c.nodes.iter().map(|n| n.id.as_str()))
        .collect();
    if let Some(back) = find_cycle(&ids, &out) {
        let n = nodes[back];
        reasons.push(format!(
            "Der Prozess enthält Schleifen (ein Weg führt zurück zu {}).",
            label(n)
        ));
    }
    if !reasons.is_empty() {
        return Err(reasons);
    }

    let mut r = Reader {
        defs,
        nodes,
        out,
        inc,
        visited: HashSet::new(),
        reasons: Vec::new(),
        ids: IdGen::from_used(HashSet::new()),
        depth: 0,
        bpmn_ns: defs.doc.ns_id(BPMN_NS),
    };
    let start = starts[0].id.as_str();
    r.visited.insert(start);
    let first = r.succ(start);
    let mut tops = Vec::new();
    match r.seq(first, &mut tops) {
        Stop::End | Stop::Failed => {}
        Stop::Join(j) => {
            let n = r.nodes[j];
            r.reasons.push(format!(
                "Das Gateway {} führt zusammen, ohne dass vorher verzweigt wurde.",
                label(n)
            ));
        }
    }
    if r.reasons.is_empty() {
        for n in &c.nodes {
            if !r.visited.contains(n.id.as_str()) {
                r.reasons.push(format!(
                    "{} ist vom Startereignis aus nicht erreichbar.",
                    the(n)
                ));
            }
        }
    }
    if !r.reasons.is_empty() {
        return Err(r.reasons);
    }
    let mut lanes = HashMap::new();
    lane_names(&p.lanes, &mut lanes);
    let declared = defs.subprocesses(&p.id);
    let subprocesses = assemble(tops, declared, &lanes, &mut r.ids);
    Ok(BlockModel { subprocesses })
}

/// Group the top-level items into subprocesses.
fn assemble(
    tops: Vec<Read>,
    declared: Vec<SubprocessDef>,
    lanes: &HashMap<String, String>,
    ids: &mut IdGen,
) -> Vec<Subprocess> {
    let mut result: Vec<Subprocess> = if declared.is_empty() {
        from_units(tops, lanes, ids)
    } else {
        from_declared(tops, declared, ids)
    };
    // A step's org unit equal to its subprocess's is inherited.
    fn normalise(items: &mut [Item], unit: &Option<String>) {
        for it in items {
            match it {
                Item::Step(s) => {
                    if s.org_unit.is_some() && s.org_unit == *unit {
                        s.org_unit = None;
                    }
                }
                Item::Variant(b) | Item::Parallel(b) => {
                    for br in &mut b.branches {
                        normalise(&mut br.items, unit);
                    }
                }
            }
        }
    }
    for sp in &mut result {
        normalise(&mut sp.items, &sp.org_unit);
    }
    result
}

/// Subprocesses declared in the file (`ablauf:subprocess`), in their order
/// when the flow agrees with it.
fn from_declared(
    tops: Vec<Read>,
    declared: Vec<SubprocessDef>,
    ids: &mut IdGen,
) -> Vec<Subprocess> {
    let mut decl: Vec<(String, Subprocess)> = Vec::new();
    for d in declared {
        if decl.iter().any(|(orig, _)| *orig == d.id) {
            continue;
        }
        let sp = Subprocess {
            id: ids.keep_or_fresh(&d.id, "sp"),
            name: d.name,
            org_unit: d.org_unit,
            items: Vec::new(),
        };
        decl.push((d.id, sp));
    }
    let index: HashMap<&str, usize> = decl
        .iter()
        .enumerate()
        .map(|(i, (orig, _))| (orig.as_str(), i))
        .collect();
    // Items without a known subprocess stay with the one before.
    let mut runs: Vec<(usize, Vec<Item>)> = Vec::new();
    let mut prev = 0;
    for t in tops {
        let k = t
            .sp_ref
            .as_deref()
            .and_then(|r| index.get(r).copied())
            .unwrap_or(prev);
        prev = k;
        match runs.last_mut() {
            Some((last, items)) if *last == k => items.push(t.item),
            _ => runs.push((k, vec![t.item])),
        }
    }
    if runs.windows(2).all(|w| w[0].0 < w[1].0) {
        let mut out: Vec<Subprocess> = decl.into_iter().map(|(_, sp)| sp).collect();
        for (k, items) in runs {
            out[k].items = items;
        }
        return out;
    }
    // The flow visits subprocesses in another order (edited elsewhere): the
    // flow wins; a subprocess visited twice is split in two.
    let mut placed: Vec<(usize, Subprocess)> = Vec::new();
    let mut seen = HashSet::new();
    for (k, items) in runs {
        let mut sp = decl[k].1.clone();
        if !seen.insert(k) {
            sp.id = ids.fresh("sp");
        }
        sp.items = items;
        placed.push((k, sp));
    }
    for (k, (_, sp)) in decl.into_iter().enumerate() {
        if seen.contains(&k) {
            continue;
        }
        let pos = placed
            .iter()
            .rposition(|(j, _)| *j < k)
            .map_or(0, |p| p + 1);
        placed.insert(pos, (k, sp));
    }
    placed.into_iter().map(|(_, sp)| sp).collect()
}

/// Without declared subprocesses: consecutive items of the same subprocess
/// reference, or else of the same org unit, form one subprocess, named after
/// the lane of its first element.
fn from_units(
    tops: Vec<Read>,
    lanes: &HashMap<String, String>,
    ids: &mut IdGen,
) -> Vec<Subprocess> {
    #[derive(PartialEq)]
    enum Key {
        Ref(String),
        Unit(Option<String>),
    }
    let mut runs: Vec<(Key, Vec<Read>)> = Vec::new();
    for t in tops {
        let key = match &t.sp_ref {
            Some(r) => Key::Ref(r.clone()),
            None => Key::Unit(t.org_unit.clone()),
        };
        match runs.last_mut() {
            Some((k, items)) if *k == key => items.push(t),
            _ => runs.push((key, vec![t])),
        }
    }
    runs.into_iter()
        .enumerate()
        .map(|(n, (key, reads))| {
            let first = &reads[0];
            let name = lanes
                .get(&first.node_id)
                .cloned()
                .unwrap_or_else(|| format!("Teilprozess {}", n + 1));
            let (id, org_unit) = match key {
                Key::Ref(r) => (ids.keep_or_fresh(&r, "sp"), first.org_unit.clone()),
                Key::Unit(u) => (ids.fresh("sp"), u),
            };
            Subprocess {
                id,
                name,
                org_unit,
                items: reads.into_iter().map(|r| r.item).collect(),
            }
        })
        .collect()
}
