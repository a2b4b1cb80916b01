//! BPMN 2.0 interchange for Ablauf.
//!
//! # Tour
//!
//! - [`xml`]: the lossless layer. [`read`] parses bytes into an ordered arena
//!   tree ([`xml::Document`]) that keeps every element, attribute (raw, in
//!   order, with its quote), namespace declaration, text, CDATA and comment.
//!   [`write()`] serialises it back. Unknown extensions (Signavio, ADONIS,
//!   Camunda, ARIS …) survive because nothing is ever dropped from the tree.
//! - [`model`]: the typed view ([`Model`]): processes, lanes, flow nodes with
//!   kinds, flows, artifacts, collaborations, diagram shapes and edges. It is a
//!   snapshot computed on demand; every item points back to its tree node.
//! - [`ext`]: Ablauf's own extension (`urn:ablauf:bpmn:1.0`, prefix `ablauf`):
//!   the building-block [`Step`] of an activity and the branch probability of a
//!   sequence flow. Typed edits ([`Definitions::set_step`],
//!   [`Definitions::set_probability`]) write through to the tree.
//! - [`build`]: creating models from scratch (`Definitions::new`, `add_process`,
//!   `add_node`, `add_sequence_flow`), e.g. from building blocks.
//! - [`mod@check`]: findings (German and English) about a model ([`check()`]).
//! - [`mod@layout`]: builds a diagram (lanes per org unit, left-to-right) ([`layout()`]).
//!
//! # Invariants
//!
//! - The tree is the source of truth; the typed model is a snapshot, recomputed
//!   after edits (typed edits and [`layout()`] write into the tree).
//! - `write(read(x))` is equivalent to `x` (same elements, attributes, text,
//!   namespaces, order) and in practice byte-identical: whitespace inside tags
//!   and quote characters are kept too. ISO-8859-1 input is written back as such.
//! - Reading never panics and never expands entities: DOCTYPE is refused, input
//!   size and nesting depth are limited ([`ReadOptions`]).
//! - No I/O: bytes in, bytes out.

pub mod build;
pub mod check;
pub mod error;
pub mod ext;
pub mod layout;
pub mod model;
pub mod ns;
pub mod xml;

pub use check::{Finding, Severity, check};
pub use error::{ErrorKind, ReadError};
pub use ext::{ABLAUF_NS, Direction, Step, StepDocument};
pub use layout::layout;
pub use model::{
    Bounds, Collaboration, Container, EventDefinition, EventKind, FlowNode, FlowNodeKind,
    GatewayKind, Lane, Model, Process, SequenceFlow, SubProcessKind, TaskKind,
};
pub use xml::{Document, NodeId};

/// Limits for reading untrusted input.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest accepted input in bytes (default 50 MiB).
    pub max_bytes: usize,
    /// Deepest accepted element nesting (default 256; real BPMN stays below 20).
    pub max_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 50 * 1024 * 1024,
            max_depth: 256,
        }
    }
}

/// A BPMN definitions document: the lossless tree plus helpers.
#[derive(Clone, Debug)]
pub struct Definitions {
    /// The lossless tree (source of truth).
    pub doc: Document,
    /// Byte offsets of line starts in the input, for line/column of findings.
    line_starts: Vec<u32>,
    /// Elements by `id`, extended as the arena grows (see [`Definitions::find`]).
    ids: std::cell::RefCell<IdIndex>,
}

impl PartialEq for Definitions {
    fn eq(&self, other: &Self) -> bool {
        self.doc == other.doc && self.line_starts == other.line_starts
    }
}

/// Candidates for each id: every arena element that carried it when it was
/// added. Nodes only ever join the arena (removal detaches), so scanning the
/// new tail keeps the index complete; candidates are checked on lookup.
#[derive(Clone, Debug, Default)]
struct IdIndex {
    scanned: usize,
    map: std::collections::HashMap<String, Vec<NodeId>>,
}

/// Read BPMN 2.0 XML.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<Definitions, ReadError> {
    let doc = xml::parse(
        bytes,
        &xml::Limits {
            max_bytes: opts.max_bytes,
            max_depth: opts.max_depth,
        },
    )?;
    let root = doc.root().and_then(|r| doc.element(r));
    let ok = root.is_some_and(|e| {
        e.local() == "definitions"
            && doc.namespaces.get(e.ns as usize).map(String::as_str) == Some(model::BPMN_NS)
    });
    if !ok {
        let pos = root.map_or(0, |e| e.pos as usize);
        return Err(ReadError::new(
            ErrorKind::NotBpmn,
            bytes,
            pos,
            "Wurzelelement ist nicht bpmn:definitions (Namespace http://www.omg.org/spec/BPMN/20100524/MODEL)".into(),
            "root element is not bpmn:definitions (namespace http://www.omg.org/spec/BPMN/20100524/MODEL)".into(),
        ));
    }
    let mut line_starts = vec![0u32];
    line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| (i + 1) as u32));
    Ok(Definitions {
        doc,
        line_starts,
        ids: Default::default(),
    })
}

/// Write BPMN 2.0 XML (UTF-8).
pub fn write(defs: &Definitions) -> Vec<u8> {
    xml::serialize(&defs.doc)
}

impl Definitions {
    /// Wrap a tree (e.g. built programmatically).
    pub fn from_document(doc: Document) -> Self {
        Definitions {
            doc,
            line_starts: Vec::new(),
            ids: Default::default(),
        }
    }

    /// The typed view of the current tree.
    pub fn model(&self) -> Model {
        model::build(&self.doc)
    }

    /// Node of the element with this `id` attribute (the first in document
    /// order). Indexed: building a model of n elements costs O(n), not O(n²).
    pub fn find(&self, id: &str) -> Option<NodeId> {
        let root = self.doc.root()?;
        let has_id = |n: NodeId| {
            self.doc
                .attr_raw(n, "id")
                .is_some_and(|v| xml::unescape(v) == id)
        };
        let mut index = self.ids.borrow_mut();
        let len = self.doc.nodes.len();
        if index.scanned > len {
            *index = IdIndex::default();
        }
        for i in index.scanned..len {
            let n = NodeId(i as u32);
            if let Some(v) = self.doc.attr_raw(n, "id") {
                index.map.entry(xml::unescape(v)).or_default().push(n);
            }
        }
        index.scanned = len;
        let candidates = index.map.get(id);
        let live: Vec<NodeId> = candidates
            .into_iter()
            .flatten()
            .copied()
            .filter(|n| has_id(*n) && self.attached(*n, root))
            .collect();
        match live.as_slice() {
            [] if candidates.is_none() => None,
            [one] => Some(*one),
            // Duplicate ids, or an id changed in place: the full walk decides.
            _ => self.doc.descendants(root).find(|n| has_id(*n)),
        }
    }

    /// Whether a node is reachable from the root element.
    fn attached(&self, mut n: NodeId, root: NodeId) -> bool {
        loop {
            if n == root {
                return true;
            }
            match self.doc.node(n).parent {
                Some(p) => n = p,
                None => return false,
            }
        }
    }

    /// Set (or with `None` remove) the building-block step of an activity.
    /// Returns false when no element has this id.
    pub fn set_step(&mut self, id: &str, step: Option<&Step>) -> bool {
        match self.find(id) {
            Some(n) => {
                ext::write_step(&mut self.doc, n, step);
                true
            }
            None => false,
        }
    }

    /// Set (or remove) the branch probability of a sequence flow.
    pub fn set_probability(&mut self, flow_id: &str, p: Option<f64>) -> bool {
        match self.find(flow_id) {
            Some(n) => {
                ext::write_probability(&mut self.doc, n, p);
                true
            }
            None => false,
        }
    }

    /// 1-based line and byte column of a node read from input (None for new nodes).
    pub fn position(&self, node: NodeId) -> Option<(u32, u32)> {
        let e = self.doc.element(node)?;
        if self.line_starts.is_empty() {
            return None;
        }
        let pos = e.pos;
        let line = self.line_starts.partition_point(|s| *s <= pos);
        let start = self.line_starts[line - 1];
        Some((line as u32, pos - start + 1))
    }
}
