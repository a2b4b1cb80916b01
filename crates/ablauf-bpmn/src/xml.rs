//! The lossless XML layer: an ordered element tree in an arena.
//!
//! This tree is the source of truth for a BPMN file. It keeps what a round
//! trip must not lose and what a typed model would drop: qualified names with
//! their prefixes, attributes in document order with their raw (still
//! escaped) values and quote characters, namespace declarations (as ordinary
//! attributes), text, CDATA, comments, processing instructions and the XML
//! declaration. Values stay escaped so that writing is a plain copy and
//! character references such as `&#10;` come out exactly as they went in.
//!
//! Namespaces are resolved once while reading: every element and prefixed
//! attribute carries the index of its namespace URI in [`Document::namespaces`],
//! so the typed view can match on `(uri, local name)` whatever prefix a tool
//! chose (`bpmn:`, `semantic:`, `bpmn2:` or the default namespace).

use crate::error::{ErrorKind, ReadError};
use quick_xml::events::Event;

/// String type of the tree: short strings (most names, ids, coordinates and
/// indentation) are stored inline, which saves most allocations when reading.
pub type Str = compact_str::CompactString;

/// Index of a node in [`Document::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The virtual document node that holds the prolog, the root element and the epilog.
    pub const DOCUMENT: NodeId = NodeId(0);
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a namespace URI in [`Document::namespaces`]; [`NO_NS`] for none.
pub type NsId = u32;
/// Marker for "no namespace" (unprefixed attributes, elements without default namespace).
pub const NO_NS: NsId = u32::MAX;

/// One attribute, kept as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// Qualified name, e.g. `id`, `xmlns:bpmn`, `camunda:asyncBefore`.
    pub name: Str,
    /// Raw value, still escaped (`&lt;`, `&#10;` …). Use [`unescape`] to read it.
    pub raw: Str,
    /// Namespace of the prefix, [`NO_NS`] for unprefixed names and `xmlns` declarations.
    pub ns: NsId,
    /// The quote character used (`"` or `'`), so values containing the other survive.
    pub quote: u8,
    /// Unusual layout around the attribute (`None`: one space before, `=` after the name).
    /// Boxed so the common case costs 8 bytes and no allocation.
    pub spacing: Option<Box<AttrSpacing>>,
}

/// Layout of an attribute that is not ` name=`.
#[derive(Clone, Debug, PartialEq)]
pub struct AttrSpacing {
    /// Whitespace before the name.
    pub pre: Str,
    /// What stands between name and quote (`=` with optional whitespace).
    pub eq: Str,
}

impl Attr {
    /// A new attribute: `value` must already be escaped (see [`escape_attr`]).
    pub fn new(name: &str, escaped_value: &str, ns: NsId) -> Attr {
        Attr {
            name: name.into(),
            raw: escaped_value.into(),
            ns,
            quote: b'"',
            spacing: None,
        }
    }

    /// Whitespace before the name, as written.
    pub fn pre(&self) -> &str {
        self.spacing.as_ref().map_or(" ", |s| &s.pre)
    }

    /// Text between name and quote, as written.
    pub fn eq(&self) -> &str {
        self.spacing.as_ref().map_or("=", |s| &s.eq)
    }

    /// Local part of the name (after the prefix).
    pub fn local(&self) -> &str {
        local_name(&self.name)
    }
}

/// An element: name, attributes and flags; children live in [`Node::children`].
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Qualified name as written, e.g. `semantic:task`.
    pub name: Str,
    /// Namespace URI index of the element.
    pub ns: NsId,
    pub attrs: Vec<Attr>,
    /// Written as `<x/>` when it has no children (keeps `<x></x>` distinct).
    pub self_closing: bool,
    /// Whitespace after the last attribute (`<x a="1" />`), as written.
    pub tail: Str,
    /// Byte offset of the start tag in the input (for line/column in findings).
    pub pos: u32,
}

impl Element {
    /// Local part of the name (after the prefix).
    pub fn local(&self) -> &str {
        local_name(&self.name)
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// The virtual root holding prolog, root element and epilog.
    Document,
    Element(Element),
    /// Raw character data, still escaped (whitespace included).
    Text(Str),
    /// Content of `<![CDATA[...]]>`.
    CData(Str),
    /// Content of `<!--...-->`.
    Comment(Str),
    /// Content of `<?...?>` (target and data).
    Pi(Str),
    /// Content of the XML declaration `<?xml ...?>`.
    Decl(Str),
}

/// A node of the arena tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
}

/// The whole document as an arena tree. Detached nodes may remain in the arena;
/// only what is reachable from [`NodeId::DOCUMENT`] is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub nodes: Vec<Node>,
    /// Interned namespace URIs (raw attribute values of the declarations).
    pub namespaces: Vec<String>,
    /// Whether the input started with a UTF-8 byte order mark (written back).
    pub bom: bool,
    /// Size of the input, to pre-size the output buffer.
    pub size_hint: usize,
    /// The input was ISO-8859-1 (decoded on read, encoded again on write).
    pub latin1: bool,
}

/// Limits applied while reading.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
}

pub fn local_name(qname: &str) -> &str {
    match qname.rfind(':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

fn prefix_of(qname: &str) -> Option<&str> {
    qname.find(':').map(|i| &qname[..i])
}

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

impl Document {
    /// An empty document (just the virtual document node).
    pub fn new() -> Self {
        Document {
            nodes: vec![Node {
                kind: NodeKind::Document,
                parent: None,
                children: Vec::new(),
            }],
            namespaces: Vec::new(),
            bom: false,
            size_hint: 0,
            latin1: false,
        }
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.index()]
    }

    /// The element of a node, if it is one.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes.get(id.index())?.kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn element_mut(&mut self, id: NodeId) -> Option<&mut Element> {
        match &mut self.nodes.get_mut(id.index())?.kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The root element (first element child of the document node).
    pub fn root(&self) -> Option<NodeId> {
        self.node(NodeId::DOCUMENT)
            .children
            .iter()
            .copied()
            .find(|c| self.element(*c).is_some())
    }

    /// Intern a namespace URI.
    pub fn intern_ns(&mut self, uri: &str) -> NsId {
        if let Some(i) = self.namespaces.iter().position(|u| u == uri) {
            return i as NsId;
        }
        self.namespaces.push(uri.to_owned());
        (self.namespaces.len() - 1) as NsId
    }

    /// Index of a namespace URI if it occurs in the document.
    pub fn ns_id(&self, uri: &str) -> Option<NsId> {
        self.namespaces
            .iter()
            .position(|u| u == uri)
            .map(|i| i as NsId)
    }

    /// Element children of a node.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.node(id)
            .children
            .iter()
            .copied()
            .filter(|c| matches!(self.node(*c).kind, NodeKind::Element(_)))
    }

    /// Raw value of an unprefixed attribute.
    pub fn attr_raw(&self, id: NodeId, name: &str) -> Option<&str> {
        self.element(id)?
            .attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.raw.as_str())
    }

    /// Value of an unprefixed attribute, unescaped and normalised as XML
    /// prescribes (literal tabs and line breaks become spaces).
    pub fn attr(&self, id: NodeId, name: &str) -> Option<String> {
        self.attr_raw(id, name).map(unescape_attr)
    }

    /// Unescaped value of a namespaced attribute.
    pub fn attr_ns(&self, id: NodeId, ns: NsId, local: &str) -> Option<String> {
        self.element(id)?
            .attrs
            .iter()
            .find(|a| a.ns == ns && a.local() == local)
            .map(|a| unescape_attr(&a.raw))
    }

    /// Concatenated, unescaped text content of a node's direct text/CDATA children.
    pub fn text(&self, id: NodeId) -> String {
        let mut s = String::new();
        for c in &self.node(id).children {
            match &self.node(*c).kind {
                NodeKind::Text(t) => s.push_str(&unescape(t)),
                NodeKind::CData(t) => s.push_str(t),
                _ => {}
            }
        }
        s
    }

    /// Add a node to the arena (detached).
    pub fn push(&mut self, kind: NodeKind) -> NodeId {
        self.nodes.push(Node {
            kind,
            parent: None,
            children: Vec::new(),
        });
        NodeId((self.nodes.len() - 1) as u32)
    }

    /// Append `child` to `parent`.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.insert(parent, self.node(parent).children.len(), child);
    }

    /// Insert `child` at position `index` of `parent`'s children.
    pub fn insert(&mut self, parent: NodeId, index: usize, child: NodeId) {
        self.detach(child);
        self.nodes[child.index()].parent = Some(parent);
        let ch = &mut self.nodes[parent.index()].children;
        let index = index.min(ch.len());
        ch.insert(index, child);
    }

    /// Remove a node from its parent (it stays in the arena, unreachable).
    pub fn detach(&mut self, id: NodeId) {
        if let Some(p) = self.nodes[id.index()].parent.take() {
            self.nodes[p.index()].children.retain(|c| *c != id);
        }
    }

    /// Remove an element together with the indentation text just before it,
    /// so removals leave no blank lines behind.
    pub fn remove_indented(&mut self, id: NodeId) {
        if let Some(p) = self.node(id).parent {
            let ch = &self.node(p).children;
            if let Some(i) = ch.iter().position(|c| *c == id)
                && i > 0
            {
                let prev = ch[i - 1];
                if let NodeKind::Text(t) = &self.node(prev).kind
                    && t.trim().is_empty()
                {
                    self.detach(prev);
                }
            }
        }
        self.detach(id);
    }

    /// Append an element child with proper indentation, guessing the indent
    /// from the parent's existing layout so edited files stay readable.
    pub fn append_element_indented(&mut self, parent: NodeId, el: Element) -> NodeId {
        let depth = self.depth(parent);
        let indent = self.guess_indent();
        let child = self.push(NodeKind::Element(el));
        let inner = format!("\n{}", indent.repeat(depth + 1));
        let outer = format!("\n{}", indent.repeat(depth));
        // Drop trailing whitespace text so we control the closing indentation
        // (pop, not detach: appending thousands of shapes must stay linear).
        if let Some(last) = self.node(parent).children.last().copied()
            && let NodeKind::Text(t) = &self.node(last).kind
            && t.trim().is_empty()
        {
            self.nodes[parent.index()].children.pop();
            self.nodes[last.index()].parent = None;
        }
        let t = self.push(NodeKind::Text(inner.into()));
        self.append(parent, t);
        self.append(parent, child);
        let t = self.push(NodeKind::Text(outer.into()));
        self.append(parent, t);
        if let Some(e) = self.element_mut(parent) {
            e.self_closing = false;
        }
        child
    }

    /// Insert an element before the `n`-th element child (or append when there
    /// is none), with indentation matching the parent's layout.
    pub fn insert_element_indented(&mut self, parent: NodeId, n: usize, el: Element) -> NodeId {
        let Some(anchor) = self.child_elements(parent).nth(n) else {
            return self.append_element_indented(parent, el);
        };
        let depth = self.depth(parent);
        let indent = self.guess_indent();
        let child = self.push(NodeKind::Element(el));
        let idx = self
            .node(parent)
            .children
            .iter()
            .position(|c| *c == anchor)
            .unwrap_or(0);
        // New order: [existing ws] child ws anchor
        let ws = self.push(NodeKind::Text(
            format!("\n{}", indent.repeat(depth + 1)).into(),
        ));
        self.insert(parent, idx, ws);
        self.insert(parent, idx, child);
        child
    }

    fn depth(&self, mut id: NodeId) -> usize {
        let mut d = 0;
        while let Some(p) = self.node(id).parent {
            if p == NodeId::DOCUMENT {
                break;
            }
            d += 1;
            id = p;
        }
        d
    }

    fn guess_indent(&self) -> String {
        let Some(root) = self.root() else {
            return "  ".into();
        };
        for c in &self.node(root).children {
            if let NodeKind::Text(t) = &self.node(*c).kind
                && let Some(i) = t.rfind('\n')
            {
                let ind = &t[i + 1..];
                if !ind.is_empty() && ind.trim().is_empty() {
                    return ind.to_owned();
                }
            }
        }
        "  ".into()
    }

    /// Resolve a prefix in the scope of an element (walking up the tree).
    /// Used for values like `xsi:type="bpmn:tFormalExpression"` and for new elements.
    pub fn lookup_prefix(&self, mut id: NodeId, prefix: Option<&str>) -> Option<String> {
        let key = match prefix {
            Some("xml") => return Some(XML_NS.into()),
            Some(p) => format!("xmlns:{p}"),
            None => "xmlns".into(),
        };
        loop {
            if let Some(e) = self.element(id)
                && let Some(a) = e.attrs.iter().find(|a| a.name == key)
            {
                return Some(unescape(&a.raw));
            }
            id = self.node(id).parent?;
        }
    }

    /// Find a prefix bound to `uri` on the root element.
    pub fn root_prefix_for(&self, uri: &str) -> Option<String> {
        let root = self.root()?;
        self.element(root)?.attrs.iter().find_map(|a| {
            a.name
                .strip_prefix("xmlns:")
                .filter(|_| unescape(&a.raw) == uri)
                .map(str::to_owned)
        })
    }

    /// Iterate all element nodes reachable from the document, in document order.
    pub fn descendants(&self, start: NodeId) -> Descendants<'_> {
        Descendants {
            doc: self,
            stack: vec![start],
        }
    }
}

impl Default for Document {
    fn default() -> Self {
        Self::new()
    }
}

/// Pre-order iterator over element nodes.
pub struct Descendants<'a> {
    doc: &'a Document,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        while let Some(id) = self.stack.pop() {
            let n = self.doc.node(id);
            for c in n.children.iter().rev() {
                if matches!(self.doc.node(*c).kind, NodeKind::Element(_)) {
                    self.stack.push(*c);
                }
            }
            if matches!(n.kind, NodeKind::Element(_)) {
                return Some(id);
            }
        }
        None
    }
}

/// Unescape an attribute value with XML attribute-value normalisation:
/// literal whitespace characters become spaces, character references stay exact.
pub fn unescape_attr(raw: &str) -> String {
    if raw.contains(['\t', '\n', '\r']) {
        unescape(&raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " "))
    } else {
        unescape(raw)
    }
}

/// Unescape the five predefined entities and character references.
/// Input was validated while reading, so unknown references are kept verbatim.
pub fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let ent = &after[..end];
        let ch = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => char_ref(ent),
        };
        match ch {
            Some(c) => out.push(c),
            None => {
                out.push('&');
                out.push_str(ent);
                out.push(';');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn char_ref(ent: &str) -> Option<char> {
    let n = if let Some(h) = ent.strip_prefix("#x") {
        u32::from_str_radix(h, 16).ok()?
    } else if let Some(d) = ent.strip_prefix('#') {
        d.parse::<u32>().ok()?
    } else {
        return None;
    };
    char::from_u32(n).filter(|c| is_xml_char(*c))
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escape text for an attribute value (quoted with `"`).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape text content.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Check that every `&` in raw character data starts a valid reference.
/// DOCTYPEs are refused, so only predefined entities and character references exist.
fn check_refs(raw: &[u8]) -> Result<(), usize> {
    let mut i = 0;
    while let Some(off) = memchr(b'&', &raw[i..]) {
        let start = i + off;
        let rest = &raw[start + 1..];
        let end = rest.iter().take(12).position(|b| *b == b';').ok_or(start)?;
        let ent = std::str::from_utf8(&rest[..end]).map_err(|_| start)?;
        let ok = matches!(ent, "lt" | "gt" | "amp" | "apos" | "quot") || char_ref(ent).is_some();
        if !ok {
            return Err(start);
        }
        i = start + 1 + end + 1;
    }
    Ok(())
}

fn memchr(b: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(b, hay)
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == ':' || (!c.is_ascii() && !c.is_whitespace())
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.' || c == '\u{B7}'
}

/// 1 = ASCII name character, 2 = colon, 0 = anything else.
const NAME_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' {
            t[i] = 1;
        }
        i += 1;
    }
    t[b':' as usize] = 2;
    t
};

fn valid_name(n: &str) -> bool {
    let b = n.as_bytes();
    // Fast path: plain ASCII names, the norm in BPMN files; one pass with a table.
    if let Some(first) = b.first()
        && (first.is_ascii_alphabetic() || *first == b'_')
    {
        let mut colons = 0usize;
        let mut ascii = true;
        for c in b {
            match NAME_CLASS[*c as usize] {
                1 => {}
                2 => colons += 1,
                _ => {
                    ascii = false;
                    break;
                }
            }
        }
        if ascii {
            // Both the prefix and the local part must start like a name (NCName).
            return match colons {
                0 => true,
                1 => b
                    .iter()
                    .position(|c| *c == b':')
                    .and_then(|i| b.get(i + 1))
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_'),
                _ => false,
            };
        }
    }
    let mut it = n.chars();
    match it.next() {
        Some(c) if is_name_start(c) => {}
        _ => return false,
    }
    if !it.all(is_name_char) {
        return false;
    }
    // Namespace well-formedness: at most one colon, and the local part starts like a name.
    match n.split_once(':') {
        None => true,
        Some((p, l)) => {
            !p.is_empty()
                && !l.contains(':')
                && l.chars()
                    .next()
                    .is_some_and(|c| is_name_start(c) && c != ':')
        }
    }
}

/// Parse attributes from the raw bytes after the element name.
/// Our own small parser so the quote character survives and errors are precise.
type AttrError = (usize, &'static str, &'static str);

/// Returns the attributes and the whitespace after the last one.
fn parse_attrs(raw: &str, base: usize) -> Result<(Vec<Attr>, Str), AttrError> {
    let b = raw.as_bytes();
    let mut i = 0;
    let mut attrs: Vec<Attr> = Vec::new();
    loop {
        let ws_start = i;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= b.len() {
            return Ok((attrs, Str::from(&raw[ws_start..])));
        }
        if i == ws_start {
            return Err((
                base + i,
                "Leerzeichen zwischen Attributen fehlt",
                "missing whitespace between attributes",
            ));
        }
        let ns = i;
        while i < b.len() && !matches!(b[i], b'=' | b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        let name = &raw[ns..i];
        let eq_start = i;
        if !valid_name(name) {
            return Err((
                base + ns,
                "ungültiger Attributname",
                "invalid attribute name",
            ));
        }
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            return Err((
                base + i,
                "'=' nach Attributname erwartet",
                "expected '=' after attribute name",
            ));
        }
        i += 1;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= b.len() || !matches!(b[i], b'"' | b'\'') {
            return Err((
                base + i,
                "Attributwert ohne Anführungszeichen",
                "attribute value not quoted",
            ));
        }
        let q = b[i];
        let eq = &raw[eq_start..i];
        i += 1;
        let vs = i;
        let Some(len) = memchr::memchr(q, &b[vs..]) else {
            return Err((
                base + vs,
                "Attributwert nicht beendet",
                "unterminated attribute value",
            ));
        };
        i = vs + len;
        let value = &raw[vs..i];
        i += 1;
        if memchr::memchr(b'<', value.as_bytes()).is_some() {
            return Err((base + vs, "'<' in Attributwert", "'<' in attribute value"));
        }
        if let Err(p) = check_refs(value.as_bytes()) {
            return Err((
                base + vs + p,
                "unbekannte Entität oder Zeichenreferenz",
                "unknown entity or character reference",
            ));
        }
        if attrs.iter().any(|a| a.name == name) {
            return Err((
                base + ns,
                "Attribut doppelt angegeben",
                "duplicate attribute",
            ));
        }
        attrs.push(Attr {
            spacing: (&raw[ws_start..ns] != " " || eq != "=").then(|| {
                Box::new(AttrSpacing {
                    pre: Str::from(&raw[ws_start..ns]),
                    eq: Str::from(eq),
                })
            }),
            name: name.into(),
            raw: value.into(),
            ns: NO_NS,
            quote: q,
        });
    }
}

struct Scope {
    /// (prefix or "" for default, namespace id)
    bindings: Vec<(String, NsId)>,
}

impl Scope {
    fn resolve(&self, prefix: &str) -> Option<NsId> {
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, n)| *n)
    }
}

fn resolve_cached(
    cache: &mut Vec<(Str, Option<NsId>)>,
    scopes: &[Scope],
    prefix: &str,
) -> Option<NsId> {
    if let Some((_, ns)) = cache.iter().find(|(p, _)| p == prefix) {
        return *ns;
    }
    let ns = scopes.iter().rev().find_map(|s| s.resolve(prefix));
    cache.push((prefix.into(), ns));
    ns
}

/// Whether the XML declaration names ISO-8859-1 (or its aliases).
fn declared_latin1(body: &[u8]) -> bool {
    if !body.starts_with(b"<?xml") {
        return false;
    }
    let head = &body[..body.len().min(256)];
    let Some(end) = memchr::memmem::find(head, b"?>") else {
        return false;
    };
    let decl = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
    [
        "iso-8859-1",
        "iso_8859-1",
        "latin1",
        "latin-1",
        "l1",
        "iso8859-1",
        "windows-1252",
        "cp1252",
    ]
    .iter()
    .any(|e| decl.contains(&format!("\"{e}\"")) || decl.contains(&format!("'{e}'")))
}

/// Encode UTF-8 output as ISO-8859-1; characters beyond U+00FF become
/// character references (valid in text and attribute values, where new
/// characters come from).
fn to_latin1(utf8: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(utf8);
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => out.push(b),
            Err(_) => out.extend_from_slice(format!("&#x{:X};", u32::from(c)).as_bytes()),
        }
    }
    out
}

/// The `&str` for a byte slice the reader handed out. The reader borrows from
/// `text`, so the slice is located by address instead of validating UTF-8 again.
fn sub<'a>(text: &'a str, part: &[u8]) -> &'a str {
    let off = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match text.get(off..off.wrapping_add(part.len())) {
        Some(s) if s.as_bytes().as_ptr() == part.as_ptr() => s,
        // Not reached with the borrowing reader; empty rather than a second validation path.
        _ => "",
    }
}

/// Parse bytes into a [`Document`].
pub fn parse(input: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if input.len() > limits.max_bytes {
        return Err(ReadError::new(
            ErrorKind::TooLarge,
            input,
            0,
            format!(
                "Datei zu groß: {} Bytes, erlaubt sind höchstens {} Bytes",
                input.len(),
                limits.max_bytes
            ),
            format!(
                "file too large: {} bytes, the limit is {} bytes",
                input.len(),
                limits.max_bytes
            ),
        ));
    }
    let (bom, body) = match input.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let base = input.len() - body.len();
    if body.starts_with(b"\xFE\xFF") || body.starts_with(b"\xFF\xFE") {
        return Err(ReadError::new(
            ErrorKind::Encoding,
            input,
            0,
            "UTF-16 wird nicht unterstützt; bitte als UTF-8 speichern".into(),
            "UTF-16 is not supported; please save as UTF-8".into(),
        ));
    }
    let latin1_text: String;
    let mut latin1 = false;
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        // Some tools still write ISO-8859-1; such files are decoded here and
        // encoded back by `serialize`. (Declared Latin-1 but valid UTF-8 is read
        // as UTF-8: ASCII files are both, and mislabelled UTF-8 is common.)
        Err(_) if declared_latin1(body) => {
            latin1_text = body.iter().map(|&b| char::from(b)).collect();
            latin1 = true;
            &latin1_text
        }
        Err(e) => {
            return Err(ReadError::new(
                ErrorKind::Encoding,
                input,
                base + e.valid_up_to(),
                "ungültiges UTF-8 (und keine ISO-8859-1-Deklaration)".into(),
                "invalid UTF-8 (and no ISO-8859-1 declaration)".into(),
            ));
        }
    };
    let mut doc = Document::new();
    doc.bom = bom;
    doc.latin1 = latin1;
    // Pre-size: BPMN files have about one node (element or text) per 20 bytes.
    doc.nodes.reserve(text.len() / 20);
    doc.size_hint = input.len();
    let xml_ns = doc.intern_ns(XML_NS);
    let mut scopes: Vec<Scope> = vec![Scope {
        bindings: vec![("xml".into(), xml_ns)],
    }];
    let mut stack: Vec<NodeId> = vec![NodeId::DOCUMENT];
    // Resolved prefixes, valid until a scope with declarations opens or closes;
    // files often declare dozens of prefixes on the root.
    let mut cache: Vec<(Str, Option<NsId>)> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(text);
    {
        let cfg = reader.config_mut();
        cfg.trim_text(false);
        cfg.check_end_names = true;
        cfg.check_comments = true;
        cfg.expand_empty_elements = false;
    }
    let mut seen_root = false;
    let err = |kind: ErrorKind, pos: usize, de: &str, en: &str| {
        ReadError::new(kind, input, base + pos, de.to_owned(), en.to_owned())
    };
    loop {
        let start_pos = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let pos = reader.error_position() as usize;
                return Err(ReadError::new(
                    ErrorKind::Malformed,
                    input,
                    base + pos,
                    format!("XML nicht wohlgeformt: {e}"),
                    format!("malformed XML: {e}"),
                ));
            }
        };
        let parent = *stack.last().unwrap_or(&NodeId::DOCUMENT);
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let is_empty = matches!(ev, Event::Empty(_));
                if parent == NodeId::DOCUMENT && seen_root {
                    return Err(err(
                        ErrorKind::Malformed,
                        start_pos,
                        "mehr als ein Wurzelelement",
                        "more than one root element",
                    ));
                }
                if stack.len() > limits.max_depth {
                    return Err(ReadError::new(
                        ErrorKind::TooDeep,
                        input,
                        base + start_pos,
                        format!("Verschachtelung tiefer als {} Ebenen", limits.max_depth),
                        format!("nesting deeper than {} levels", limits.max_depth),
                    ));
                }
                let name_bytes = s.name().into_inner();
                let name = sub(text, name_bytes);
                if !valid_name(name) {
                    return Err(err(
                        ErrorKind::Malformed,
                        start_pos,
                        "ungültiger Elementname",
                        "invalid element name",
                    ));
                }
                let raw_attrs = sub(text, s.attributes_raw());
                let attr_base = start_pos + 1 + name.len();
                let (mut attrs, tail) = parse_attrs(raw_attrs, attr_base)
                    .map_err(|(p, de, en)| err(ErrorKind::Malformed, p, de, en))?;
                // Namespace declarations first, they apply to the element itself.
                let mut scope = Scope {
                    bindings: Vec::new(),
                };
                for a in &attrs {
                    if a.name == "xmlns" {
                        let id = doc.intern_ns(&unescape(&a.raw));
                        scope.bindings.push((String::new(), id));
                    } else if let Some(p) = a.name.strip_prefix("xmlns:") {
                        let id = doc.intern_ns(&unescape(&a.raw));
                        scope.bindings.push((p.to_owned(), id));
                    }
                }
                if !scope.bindings.is_empty() {
                    cache.clear();
                }
                scopes.push(scope);
                let mut resolve =
                    |prefix: &str, scopes: &[Scope]| resolve_cached(&mut cache, scopes, prefix);
                let ns = match prefix_of(name) {
                    Some(p) => match resolve(p, &scopes) {
                        Some(n) => n,
                        None => {
                            return Err(err(
                                ErrorKind::Malformed,
                                start_pos,
                                &format!("Präfix '{p}' ist nicht deklariert"),
                                &format!("namespace prefix '{p}' is not declared"),
                            ));
                        }
                    },
                    None => resolve("", &scopes).unwrap_or(NO_NS),
                };
                for a in &mut attrs {
                    if let Some(p) = prefix_of(&a.name)
                        && p != "xmlns"
                    {
                        match resolve(p, &scopes) {
                            Some(n) => a.ns = n,
                            None => {
                                return Err(err(
                                    ErrorKind::Malformed,
                                    start_pos,
                                    &format!("Präfix '{p}' ist nicht deklariert"),
                                    &format!("namespace prefix '{p}' is not declared"),
                                ));
                            }
                        }
                    }
                }
                let id = doc.push(NodeKind::Element(Element {
                    name: name.into(),
                    ns,
                    attrs,
                    self_closing: is_empty,
                    tail,
                    pos: (base + start_pos) as u32,
                }));
                doc.nodes[id.index()].parent = Some(parent);
                doc.nodes[parent.index()].children.push(id);
                if parent == NodeId::DOCUMENT {
                    seen_root = true;
                }
                if !is_empty {
                    stack.push(id);
                } else if scopes.pop().is_some_and(|s| !s.bindings.is_empty()) {
                    cache.clear();
                }
            }
            Event::End(_) => {
                stack.pop();
                if scopes.pop().is_some_and(|s| !s.bindings.is_empty()) {
                    cache.clear();
                }
            }
            Event::Text(t) => {
                let raw = sub(text, &t);
                if parent == NodeId::DOCUMENT {
                    if !raw.trim().is_empty() {
                        return Err(err(
                            ErrorKind::Malformed,
                            start_pos,
                            "Text außerhalb des Wurzelelements",
                            "text outside the root element",
                        ));
                    }
                } else if let Err(p) = check_refs(raw.as_bytes()) {
                    return Err(err(
                        ErrorKind::Malformed,
                        start_pos + p,
                        "unbekannte Entität oder Zeichenreferenz",
                        "unknown entity or character reference",
                    ));
                }
                let id = doc.push(NodeKind::Text(raw.into()));
                doc.nodes[id.index()].parent = Some(parent);
                doc.nodes[parent.index()].children.push(id);
            }
            Event::CData(t) => {
                if parent == NodeId::DOCUMENT {
                    return Err(err(
                        ErrorKind::Malformed,
                        start_pos,
                        "CDATA außerhalb des Wurzelelements",
                        "CDATA outside the root element",
                    ));
                }
                let raw = sub(text, &t);
                let id = doc.push(NodeKind::CData(raw.into()));
                doc.nodes[id.index()].parent = Some(parent);
                doc.nodes[parent.index()].children.push(id);
            }
            Event::Comment(t) => {
                let raw = sub(text, &t);
                let id = doc.push(NodeKind::Comment(raw.into()));
                doc.nodes[id.index()].parent = Some(parent);
                doc.nodes[parent.index()].children.push(id);
            }
            Event::PI(t) => {
                let raw = sub(text, &t);
                let id = doc.push(NodeKind::Pi(raw.into()));
                doc.nodes[id.index()].parent = Some(parent);
                doc.nodes[parent.index()].children.push(id);
            }
            Event::Decl(d) => {
                if start_pos != 0 {
                    return Err(err(
                        ErrorKind::Malformed,
                        start_pos,
                        "XML-Deklaration nicht am Dateianfang",
                        "XML declaration not at the start of the file",
                    ));
                }
                let raw = sub(text, &d);
                let id = doc.push(NodeKind::Decl(raw.into()));
                doc.nodes[id.index()].parent = Some(parent);
                doc.nodes[parent.index()].children.push(id);
            }
            Event::DocType(_) => {
                // Refused outright: DTDs are the door for entity expansion
                // ("billion laughs") and external entity (XXE) attacks, and
                // BPMN never needs one.
                return Err(err(
                    ErrorKind::Doctype,
                    start_pos,
                    "DOCTYPE ist nicht erlaubt (Schutz vor Entitäten-Angriffen)",
                    "DOCTYPE is not allowed (protection against entity attacks)",
                ));
            }
            Event::Eof => break,
        }
    }
    if stack.len() > 1 {
        return Err(err(
            ErrorKind::Malformed,
            text.len(),
            "Datei endet vor dem Schließen aller Elemente",
            "file ends before all elements are closed",
        ));
    }
    if !seen_root {
        return Err(err(
            ErrorKind::Malformed,
            text.len(),
            "kein Wurzelelement",
            "no root element",
        ));
    }
    Ok(doc)
}

/// Serialise the tree. Values are written raw, so an unmodified tree
/// reproduces its input apart from whitespace inside tags.
pub fn serialize(doc: &Document) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.size_hint.max(doc.nodes.len() * 32) + 256);
    if doc.bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    // Explicit stack: programmatic trees are not depth-limited like parsed ones.
    enum Step {
        Open(NodeId),
        Close(NodeId),
    }
    let mut stack: Vec<Step> = doc
        .node(NodeId::DOCUMENT)
        .children
        .iter()
        .rev()
        .map(|c| Step::Open(*c))
        .collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(id) => {
                let n = doc.node(id);
                match &n.kind {
                    NodeKind::Document => {}
                    NodeKind::Element(e) => {
                        out.push(b'<');
                        out.extend_from_slice(e.name.as_bytes());
                        for a in &e.attrs {
                            out.extend_from_slice(a.pre().as_bytes());
                            out.extend_from_slice(a.name.as_bytes());
                            out.extend_from_slice(a.eq().as_bytes());
                            let q = if a.quote == b'\'' { b'\'' } else { b'"' };
                            out.push(q);
                            out.extend_from_slice(a.raw.as_bytes());
                            out.push(q);
                        }
                        out.extend_from_slice(e.tail.as_bytes());
                        if n.children.is_empty() && e.self_closing {
                            out.extend_from_slice(b"/>");
                        } else {
                            out.push(b'>');
                            stack.push(Step::Close(id));
                            for c in n.children.iter().rev() {
                                stack.push(Step::Open(*c));
                            }
                        }
                    }
                    NodeKind::Text(t) => out.extend_from_slice(t.as_bytes()),
                    NodeKind::CData(t) => {
                        out.extend_from_slice(b"<![CDATA[");
                        out.extend_from_slice(t.as_bytes());
                        out.extend_from_slice(b"]]>");
                    }
                    NodeKind::Comment(t) => {
                        out.extend_from_slice(b"<!--");
                        out.extend_from_slice(t.as_bytes());
                        out.extend_from_slice(b"-->");
                    }
                    NodeKind::Pi(t) => {
                        out.extend_from_slice(b"<?");
                        out.extend_from_slice(t.as_bytes());
                        out.extend_from_slice(b"?>");
                    }
                    NodeKind::Decl(t) => {
                        out.extend_from_slice(b"<?");
                        out.extend_from_slice(t.as_bytes());
                        out.extend_from_slice(b"?>");
                    }
                }
            }
            Step::Close(id) => {
                if let Some(e) = doc.element(id) {
                    out.extend_from_slice(b"</");
                    out.extend_from_slice(e.name.as_bytes());
                    out.push(b'>');
                }
            }
        }
    }
    if doc.latin1 { to_latin1(&out) } else { out }
}
