//! Ablauf's BPMN extension (namespace [`ABLAUF_NS`], prefix `ablauf`).
//!
//! A building-block step lives in the activity's `extensionElements`, so every
//! BPMN tool keeps it (they must preserve unknown extension elements) and
//! bpmn-js keeps it typed once `moddle/ablauf.json` is loaded:
//!
//! ```xml
//! <bpmn:task id="T1" name="Antrag prüfen">
//!   <bpmn:extensionElements>
//!     <ablauf:step blockType="formell-pruefen" orgUnit="Bauamt" payGrade="E9"
//!         processingTime="PT15M" processingTimeMin="PT10M" processingTimeMax="PT30M"
//!         waitingTime="P2D" share="0.8" itSystem="ProBauG" medium="paper"
//!         inputChannel="email" outputChannel="post">
//!       <ablauf:document direction="in" name="Bauantrag"/>
//!       <ablauf:legalBasis>§ 64 BauO NRW</ablauf:legalBasis>
//!     </ablauf:step>
//!   </bpmn:extensionElements>
//! </bpmn:task>
//! ```
//!
//! A branch probability is an attribute on the sequence flow:
//! `<bpmn:sequenceFlow ... ablauf:probability="0.3"/>`.
//!
//! Models drawn from building blocks also keep their subprocesses (the
//! sections of a process, each done by one org unit), so that the block view
//! survives a round trip through other tools:
//!
//! ```xml
//! <bpmn:process id="P">
//!   <bpmn:extensionElements>
//!     <ablauf:subprocess id="sp1" name="Antragseingang" orgUnit="Bürgerbüro"/>
//!     <ablauf:subprocess id="sp2" name="Prüfung" orgUnit="Bauamt"/>
//!   </bpmn:extensionElements>
//!   <bpmn:task id="s1" name="Antrag erfassen">
//!     <bpmn:extensionElements>
//!       <ablauf:step blockType="erfassen-registrieren" subprocess="sp1" notes="Doppelerfassung vermeiden"/>
//!     </bpmn:extensionElements>
//!   </bpmn:task>
//!   <bpmn:exclusiveGateway id="v1" name="Vollständig?" ablauf:subprocess="sp2"/>
//! </bpmn:process>
//! ```
//!
//! A step names its subprocess in `subprocess`; a gateway (which has no
//! step) carries `ablauf:subprocess` as an attribute, and the layout draws
//! it in the lane of that subprocess's org unit.
//!
//! Times are ISO 8601 durations in the file (`xsd:duration`, what other tools
//! and BPSim use) and minutes in the typed view (what the analysis computes with).
//! Days count as 24 hours here; working-day calendars belong to the analysis.

use crate::xml::{Attr, Document, Element, NO_NS, NodeId, NsId, escape_attr, escape_text};

pub use crate::ns::ABLAUF_NS;
/// Preferred prefix.
pub const ABLAUF_PREFIX: &str = "ablauf";
/// Local name of the probability attribute on sequence flows.
pub const PROBABILITY_ATTR: &str = "probability";
/// Local name of the subprocess attribute on gateways (and of the process-level element).
pub const SUBPROCESS: &str = "subprocess";

/// Direction of a document in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    In,
    Out,
}

/// A document a step receives or produces.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepDocument {
    pub direction: Direction,
    pub name: String,
}

/// The building-block attributes of a step (PRODUCT.md, "Building-block modelling").
/// Free-text catalogue values (block type, medium, channels) are keys of
/// configurable catalogues, so they stay strings.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub block_type: Option<String>,
    pub org_unit: Option<String>,
    pub pay_grade: Option<String>,
    /// Typical processing time in minutes.
    pub processing_minutes: Option<f64>,
    pub processing_minutes_min: Option<f64>,
    pub processing_minutes_max: Option<f64>,
    /// Waiting time before the step, in minutes.
    pub waiting_minutes: Option<f64>,
    /// Share of cases passing this step, 0..=1.
    pub share: Option<f64>,
    pub it_system: Option<String>,
    /// paper, email, fax, portal, efile, phone, in-person …
    pub medium: Option<String>,
    pub input_channel: Option<String>,
    pub output_channel: Option<String>,
    pub documents: Vec<StepDocument>,
    pub legal_basis: Vec<String>,
    /// Id of the building-block subprocess the step belongs to (see [`SubprocessDef`]).
    pub subprocess: Option<String>,
    /// Notes and improvement ideas.
    pub notes: Option<String>,
}

/// A subprocess of a building-block model: `<ablauf:subprocess id name orgUnit/>`
/// in the process's `extensionElements`, in model order.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubprocessDef {
    pub id: String,
    pub name: String,
    pub org_unit: Option<String>,
}

/// Format minutes as an ISO 8601 duration (`PT90M` → `PT1H30M`).
pub fn minutes_to_duration(min: f64) -> String {
    if !min.is_finite() || min < 0.0 {
        return "PT0M".into();
    }
    let total_secs = (min * 60.0).round() as u64;
    let days = total_secs / 86_400;
    let hours = (total_secs % 86_400) / 3600;
    let mins = (total_secs % 3600) / 60;
    let secs = total_secs % 60;
    let mut s = String::from("P");
    if days > 0 {
        s.push_str(&format!("{days}D"));
    }
    if hours > 0 || mins > 0 || secs > 0 || days == 0 {
        s.push('T');
        if hours > 0 {
            s.push_str(&format!("{hours}H"));
        }
        if mins > 0 || (hours == 0 && secs == 0) {
            s.push_str(&format!("{mins}M"));
        }
        if secs > 0 {
            s.push_str(&format!("{secs}S"));
        }
    }
    s
}

/// Parse an ISO 8601 duration into minutes (years and months are refused: their length varies).
pub fn duration_to_minutes(s: &str) -> Option<f64> {
    let s = s.trim();
    let rest = s.strip_prefix('P')?;
    let (date, time) = match rest.find('T') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut total = 0.0;
    let mut any = false;
    let mut parse = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                num.push(if c == ',' { '.' } else { c });
            } else {
                let f = units.iter().find(|(u, _)| *u == c)?.1;
                total += num.parse::<f64>().ok()? * f;
                num.clear();
                any = true;
            }
        }
        num.is_empty().then_some(())
    };
    parse(date, &[('W', 7.0 * 1440.0), ('D', 1440.0)])?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        parse(t, &[('H', 60.0), ('M', 1.0), ('S', 1.0 / 60.0)])?;
    }
    any.then_some(total)
}

fn child_ext(doc: &Document, bpmn: NsId, ablauf: NsId, host: NodeId) -> Option<NodeId> {
    let ee = doc
        .child_elements(host)
        .find(|c| crate::ns::is(doc, *c, bpmn, "extensionElements"))?;
    doc.child_elements(ee)
        .find(|c| crate::ns::is(doc, *c, ablauf, "step"))
}

/// Read the step of an activity, if it has one.
pub(crate) fn read_step(doc: &Document, bpmn: NsId, ablauf: NsId, host: NodeId) -> Option<Step> {
    let s = child_ext(doc, bpmn, ablauf, host)?;
    let a = |n: &str| doc.attr(s, n).filter(|v| !v.is_empty());
    let mut step = Step {
        block_type: a("blockType"),
        org_unit: a("orgUnit"),
        pay_grade: a("payGrade"),
        processing_minutes: a("processingTime").and_then(|v| duration_to_minutes(&v)),
        processing_minutes_min: a("processingTimeMin").and_then(|v| duration_to_minutes(&v)),
        processing_minutes_max: a("processingTimeMax").and_then(|v| duration_to_minutes(&v)),
        waiting_minutes: a("waitingTime").and_then(|v| duration_to_minutes(&v)),
        share: a("share").and_then(|v| v.trim().parse().ok()),
        it_system: a("itSystem"),
        medium: a("medium"),
        input_channel: a("inputChannel"),
        output_channel: a("outputChannel"),
        subprocess: a("subprocess"),
        notes: a("notes"),
        ..Step::default()
    };
    for c in doc.child_elements(s) {
        if crate::ns::is(doc, c, ablauf, "document") {
            step.documents.push(StepDocument {
                direction: if doc.attr(c, "direction").as_deref() == Some("out") {
                    Direction::Out
                } else {
                    Direction::In
                },
                name: doc.attr(c, "name").unwrap_or_default(),
            });
        } else if crate::ns::is(doc, c, ablauf, "legalBasis") {
            step.legal_basis.push(doc.text(c));
        }
    }
    Some(step)
}

/// Make sure the root declares the Ablauf namespace; returns the prefix to use.
/// Declared once on the root so every use shares it.
pub(crate) fn ensure_ns(doc: &mut Document) -> String {
    if let Some(p) = doc.root_prefix_for(ABLAUF_NS) {
        return p;
    }
    let root = doc.root().expect("definitions has a root");
    let mut prefix = ABLAUF_PREFIX.to_owned();
    let mut n = 1;
    while doc.lookup_prefix(root, Some(&prefix)).is_some() {
        prefix = format!("{ABLAUF_PREFIX}{n}");
        n += 1;
    }
    doc.intern_ns(ABLAUF_NS);
    if let Some(e) = doc.element_mut(root) {
        e.attrs.push(Attr::new(
            &format!("xmlns:{prefix}"),
            &escape_attr(ABLAUF_NS),
            NO_NS,
        ));
    }
    prefix
}

/// Prefix for BPMN elements in scope at `at` (the prefix the file already uses).
pub(crate) fn bpmn_prefix(doc: &Document, at: NodeId) -> Option<String> {
    let e = doc.element(at)?;
    Some(match e.name.find(':') {
        Some(i) => e.name[..i].to_string(),
        None => String::new(),
    })
}

pub(crate) fn qname(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_owned()
    } else {
        format!("{prefix}:{local}")
    }
}

pub(crate) fn new_element(
    doc: &mut Document,
    name: String,
    ns_uri: &str,
    attrs: Vec<(String, String)>,
) -> Element {
    let ns = doc.intern_ns(ns_uri);
    let abl = doc.ns_id(ABLAUF_NS);
    Element {
        ns,
        attrs: attrs
            .into_iter()
            .map(|(n, v)| {
                let ns = if n.contains(':') {
                    abl.unwrap_or(NO_NS)
                } else {
                    NO_NS
                };
                Attr::new(&n, &escape_attr(&v), ns)
            })
            .collect(),
        name: name.into(),
        self_closing: true,
        tail: Default::default(),
        pos: 0,
    }
}

/// The host's `extensionElements`, created when missing.
fn ensure_extension_elements(doc: &mut Document, host: NodeId) -> NodeId {
    let ns = crate::ns::Ns::of(doc);
    let existing = doc
        .child_elements(host)
        .find(|c| crate::ns::is(doc, *c, ns.bpmn, "extensionElements"));
    if let Some(ee) = existing {
        return ee;
    }
    let bp = bpmn_prefix(doc, host).unwrap_or_default();
    let el = new_element(
        doc,
        qname(&bp, "extensionElements"),
        crate::ns::BPMN_NS,
        vec![],
    );
    // extensionElements follows documentation and precedes everything else (XSD order).
    let docs = doc
        .child_elements(host)
        .take_while(|c| crate::ns::is(doc, *c, ns.bpmn, "documentation"))
        .count();
    doc.insert_element_indented(host, docs, el)
}

/// Write a step into an activity (replacing an existing one; `None` removes it).
pub(crate) fn write_step(doc: &mut Document, host: NodeId, step: Option<&Step>) {
    let ns = crate::ns::Ns::of(doc);
    if let Some(old) = child_ext(doc, ns.bpmn, ns.ablauf, host) {
        let prev = doc.node(old).parent;
        doc.remove_indented(old);
        if let Some(ee) = prev {
            // Drop an extensionElements we emptied, tools dislike empty ones.
            if doc.child_elements(ee).next().is_none() {
                doc.remove_indented(ee);
            }
        }
    }
    let Some(step) = step else { return };
    let prefix = ensure_ns(doc);
    let ee = ensure_extension_elements(doc, host);
    let mut attrs = Vec::new();
    // An empty value means "not set": it is not written, and reads back as None.
    let mut put = |n: &str, v: &Option<String>| {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            attrs.push((n.to_owned(), v.clone()));
        }
    };
    put("blockType", &step.block_type);
    put("orgUnit", &step.org_unit);
    put("payGrade", &step.pay_grade);
    put(
        "processingTime",
        &step.processing_minutes.map(minutes_to_duration),
    );
    put(
        "processingTimeMin",
        &step.processing_minutes_min.map(minutes_to_duration),
    );
    put(
        "processingTimeMax",
        &step.processing_minutes_max.map(minutes_to_duration),
    );
    put(
        "waitingTime",
        &step.waiting_minutes.map(minutes_to_duration),
    );
    put("share", &step.share.map(|s| s.to_string()));
    put("itSystem", &step.it_system);
    put("medium", &step.medium);
    put("inputChannel", &step.input_channel);
    put("outputChannel", &step.output_channel);
    put("subprocess", &step.subprocess);
    put("notes", &step.notes);
    let el = new_element(doc, qname(&prefix, "step"), ABLAUF_NS, attrs);
    let s = doc.append_element_indented(ee, el);
    for d in &step.documents {
        let dir = match d.direction {
            Direction::In => "in",
            Direction::Out => "out",
        };
        let el = new_element(
            doc,
            qname(&prefix, "document"),
            ABLAUF_NS,
            vec![
                ("direction".into(), dir.into()),
                ("name".into(), d.name.clone()),
            ],
        );
        doc.append_element_indented(s, el);
    }
    for l in &step.legal_basis {
        let el = new_element(doc, qname(&prefix, "legalBasis"), ABLAUF_NS, vec![]);
        let id = doc.append_element_indented(s, el);
        let t = doc.push(crate::xml::NodeKind::Text(escape_text(l).into()));
        doc.append(id, t);
    }
}

/// Set or remove `ablauf:probability` on a sequence flow.
pub(crate) fn write_probability(doc: &mut Document, flow: NodeId, p: Option<f64>) {
    write_attr(
        doc,
        flow,
        PROBABILITY_ATTR,
        p.map(|p| p.to_string()).as_deref(),
    );
}

/// Set or remove an `ablauf:` attribute on an element.
fn write_attr(doc: &mut Document, node: NodeId, local: &str, value: Option<&str>) {
    let abl = doc.ns_id(ABLAUF_NS);
    if let Some(e) = doc.element_mut(node) {
        e.attrs
            .retain(|a| !(Some(a.ns) == abl && a.local() == local));
    }
    let Some(value) = value else { return };
    let prefix = ensure_ns(doc);
    let ns = doc.intern_ns(ABLAUF_NS);
    if let Some(e) = doc.element_mut(node) {
        e.attrs
            .push(Attr::new(&qname(&prefix, local), &escape_attr(value), ns));
    }
}

/// The `<ablauf:subprocess>` elements of a process (or any element), in order.
pub(crate) fn read_subprocesses(doc: &Document, host: NodeId) -> Vec<SubprocessDef> {
    let ns = crate::ns::Ns::of(doc);
    let Some(ee) = doc
        .child_elements(host)
        .find(|c| crate::ns::is(doc, *c, ns.bpmn, "extensionElements"))
    else {
        return Vec::new();
    };
    doc.child_elements(ee)
        .filter(|c| crate::ns::is(doc, *c, ns.ablauf, SUBPROCESS))
        .map(|c| SubprocessDef {
            id: doc.attr(c, "id").unwrap_or_default(),
            name: doc.attr(c, "name").unwrap_or_default(),
            org_unit: doc.attr(c, "orgUnit").filter(|v| !v.is_empty()),
        })
        .collect()
}

/// Replace the `<ablauf:subprocess>` elements of a process.
pub(crate) fn write_subprocesses(doc: &mut Document, host: NodeId, defs: &[SubprocessDef]) {
    let ns = crate::ns::Ns::of(doc);
    let existing = doc
        .child_elements(host)
        .find(|c| crate::ns::is(doc, *c, ns.bpmn, "extensionElements"));
    if let Some(ee) = existing {
        let old: Vec<NodeId> = doc
            .child_elements(ee)
            .filter(|c| crate::ns::is(doc, *c, ns.ablauf, SUBPROCESS))
            .collect();
        for o in old {
            doc.remove_indented(o);
        }
        if defs.is_empty() && doc.child_elements(ee).next().is_none() {
            doc.remove_indented(ee);
        }
    }
    if defs.is_empty() {
        return;
    }
    let prefix = ensure_ns(doc);
    let ee = ensure_extension_elements(doc, host);
    for d in defs {
        let mut attrs = vec![("id".to_owned(), d.id.clone())];
        if !d.name.is_empty() {
            attrs.push(("name".into(), d.name.clone()));
        }
        if let Some(u) = d.org_unit.as_ref().filter(|u| !u.is_empty()) {
            attrs.push(("orgUnit".into(), u.clone()));
        }
        let el = new_element(doc, qname(&prefix, SUBPROCESS), ABLAUF_NS, attrs);
        doc.append_element_indented(ee, el);
    }
}

impl crate::Definitions {
    /// The building-block subprocesses declared on a process (empty when none
    /// or when there is no such process).
    pub fn subprocesses(&self, process_id: &str) -> Vec<SubprocessDef> {
        match self.find(process_id) {
            Some(n) => read_subprocesses(&self.doc, n),
            None => Vec::new(),
        }
    }

    /// Replace the building-block subprocesses of a process (an empty slice
    /// removes them). Returns false when no element has this id.
    pub fn set_subprocesses(&mut self, process_id: &str, defs: &[SubprocessDef]) -> bool {
        match self.find(process_id) {
            Some(n) => {
                write_subprocesses(&mut self.doc, n, defs);
                true
            }
            None => false,
        }
    }

    /// The `ablauf:subprocess` attribute of an element (splitting gateways of
    /// building-block models carry it).
    pub fn subprocess_ref(&self, id: &str) -> Option<String> {
        let n = self.find(id)?;
        let ns = self.doc.ns_id(ABLAUF_NS)?;
        self.doc
            .attr_ns(n, ns, SUBPROCESS)
            .filter(|v| !v.is_empty())
    }

    /// Set (or with `None` remove) the `ablauf:subprocess` attribute of an element.
    /// Returns false when no element has this id.
    pub fn set_subprocess_ref(&mut self, id: &str, subprocess: Option<&str>) -> bool {
        match self.find(id) {
            Some(n) => {
                write_attr(&mut self.doc, n, SUBPROCESS, subprocess);
                true
            }
            None => false,
        }
    }
}
