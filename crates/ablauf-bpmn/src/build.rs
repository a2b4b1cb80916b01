//! Building models from scratch (e.g. from building blocks), through the tree.
//!
//! New elements are appended with indentation, in the prefix the file uses,
//! and in an order the XSD accepts (flow elements inside processes, processes
//! before diagrams).

use crate::ext::{self, qname};
use crate::model::{self, BPMN_NS};
use crate::xml::{Document, Element, NodeId, NodeKind, escape_text};
use crate::{Definitions, Step};

const EMPTY: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" ",
    "xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" ",
    "xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" ",
    "xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" ",
    "xmlns:ablauf=\"urn:ablauf:bpmn:1.0\" ",
    "id=\"Definitions_1\" targetNamespace=\"urn:ablauf:process\" exporter=\"Ablauf\">\n",
    "</bpmn:definitions>\n"
);

impl Definitions {
    /// An empty definitions document with the BPMN, DI and Ablauf namespaces declared.
    pub fn new() -> Definitions {
        crate::read(EMPTY.as_bytes(), &crate::ReadOptions::default())
            .expect("the empty template is valid")
    }

    /// Append a process. Returns false if the id is taken.
    pub fn add_process(&mut self, id: &str, name: Option<&str>) -> bool {
        let Some(root) = self.doc.root() else {
            return false;
        };
        if self.find(id).is_some() {
            return false;
        }
        let el = self.bpmn_element(root, "process", id, name);
        // Processes go before diagrams and relationships (XSD order).
        let ns = model::Ns::of(&self.doc);
        let before = self.doc.child_elements(root).position(|c| {
            self.doc.element(c).is_some_and(|e| {
                (e.ns == ns.bpmndi && e.local() == "BPMNDiagram")
                    || (e.ns == ns.bpmn && e.local() == "relationship")
            })
        });
        let isexec = crate::xml::Attr::new("isExecutable", "false", crate::xml::NO_NS);
        let el = Element {
            attrs: el
                .attrs
                .into_iter()
                .chain(std::iter::once(isexec))
                .collect(),
            ..el
        };
        match before {
            Some(i) => self.doc.insert_element_indented(root, i, el),
            None => self.doc.append_element_indented(root, el),
        };
        true
    }

    /// Append a flow node (`local` is the BPMN element name: `task`, `userTask`,
    /// `startEvent`, `exclusiveGateway` …) to a process or subprocess, with an
    /// optional building-block step. Returns false if the container is missing
    /// or the id is taken.
    pub fn add_node(
        &mut self,
        container: &str,
        local: &str,
        id: &str,
        name: Option<&str>,
        step: Option<&Step>,
    ) -> bool {
        let Some(parent) = self.find(container) else {
            return false;
        };
        if self.find(id).is_some() {
            return false;
        }
        let el = self.bpmn_element(parent, local, id, name);
        self.doc.append_element_indented(parent, el);
        if step.is_some() {
            self.set_step(id, step);
        }
        true
    }

    /// Append a sequence flow between two nodes of a container (and the
    /// `incoming`/`outgoing` references bpmn.io writes). Returns false if
    /// the container is missing or the id is taken.
    pub fn add_sequence_flow(
        &mut self,
        container: &str,
        id: &str,
        source: &str,
        target: &str,
    ) -> bool {
        let Some(parent) = self.find(container) else {
            return false;
        };
        if self.find(id).is_some() {
            return false;
        }
        let mut el = self.bpmn_element(parent, "sequenceFlow", id, None);
        el.attrs.push(crate::xml::Attr::new(
            "sourceRef",
            &crate::xml::escape_attr(source),
            crate::xml::NO_NS,
        ));
        el.attrs.push(crate::xml::Attr::new(
            "targetRef",
            &crate::xml::escape_attr(target),
            crate::xml::NO_NS,
        ));
        self.doc.append_element_indented(parent, el);
        for (node, dir) in [(source, "outgoing"), (target, "incoming")] {
            if let Some(n) = self.find(node) {
                self.add_ref_child(n, dir, id);
            }
        }
        true
    }

    fn add_ref_child(&mut self, node: NodeId, local: &str, id: &str) {
        let prefix = ext::bpmn_prefix(&self.doc, node).unwrap_or_default();
        let el = ext::new_element(&mut self.doc, qname(&prefix, local), BPMN_NS, vec![]);
        // incoming/outgoing follow documentation and extensionElements (XSD order).
        let ns = model::Ns::of(&self.doc);
        let skip = self
            .doc
            .child_elements(node)
            .take_while(|c| {
                self.doc.element(*c).is_some_and(|e| {
                    e.ns == ns.bpmn
                        && matches!(
                            e.local(),
                            "documentation"
                                | "extensionElements"
                                | "auditing"
                                | "monitoring"
                                | "categoryValueRef"
                                | "incoming"
                                | "outgoing"
                        )
                        && !(local == "incoming" && e.local() == "outgoing")
                })
            })
            .count();
        let r = self.doc.insert_element_indented(node, skip, el);
        let t = self.doc.push(NodeKind::Text(escape_text(id).into()));
        self.doc.append(r, t);
    }

    fn bpmn_element(&mut self, at: NodeId, local: &str, id: &str, name: Option<&str>) -> Element {
        let prefix = prefix_for_bpmn(&self.doc, at);
        let mut attrs = vec![("id".to_owned(), id.to_owned())];
        if let Some(n) = name {
            attrs.push(("name".into(), n.into()));
        }
        ext::new_element(&mut self.doc, qname(&prefix, local), BPMN_NS, attrs)
    }
}

impl Default for Definitions {
    fn default() -> Self {
        Definitions::new()
    }
}

/// The prefix BPMN elements use at `at` (the element's own if it is a BPMN element).
fn prefix_for_bpmn(doc: &Document, at: NodeId) -> String {
    ext::bpmn_prefix(doc, at).unwrap_or_default()
}
