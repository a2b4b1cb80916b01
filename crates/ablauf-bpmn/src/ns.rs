//! The namespaces of BPMN 2.0 interchange and of Ablauf's extension, and
//! how the reader tells an element by namespace URI rather than by prefix.
//! Both the typed model and the extension read through this.

use crate::xml::{Document, NodeId, NsId};

pub const BPMN_NS: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
pub const BPMNDI_NS: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
pub const DC_NS: &str = "http://www.omg.org/spec/DD/20100524/DC";
pub const DI_NS: &str = "http://www.omg.org/spec/DD/20100524/DI";
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// Ablauf's extension namespace (prefix `ablauf`).
pub const ABLAUF_NS: &str = "urn:ablauf:bpmn:1.0";

/// Namespace ids needed to interpret the tree.
pub(crate) struct Ns {
    pub bpmn: NsId,
    pub bpmndi: NsId,
    pub dc: NsId,
    pub di: NsId,
    pub ablauf: NsId,
}

impl Ns {
    pub fn of(doc: &Document) -> Ns {
        let id = |u: &str| doc.ns_id(u).unwrap_or(u32::MAX - 1);
        Ns {
            bpmn: id(BPMN_NS),
            bpmndi: id(BPMNDI_NS),
            dc: id(DC_NS),
            di: id(DI_NS),
            ablauf: id(ABLAUF_NS),
        }
    }
}

pub(crate) fn is(doc: &Document, id: NodeId, ns: NsId, local: &str) -> bool {
    doc.element(id)
        .is_some_and(|e| e.ns == ns && e.local() == local)
}
