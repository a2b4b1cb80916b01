//! The three-way comparison of a template update, attribute by attribute,
//! and taking a chosen part of it.
//!
//! An organisation's process adopted from a template has three versions
//! that matter when the template moves on: the template version it was
//! adopted from (base), the new template version (theirs) and the
//! organisation's process today (ours), all three in the organisation's
//! own terms. [`changes`] lists every change the template made, one per
//! attribute of an element, and says which of them the organisation
//! changed too, differently (a conflict); [`apply`] starts from ours and
//! takes the changes the user chose, leaving everything else as the
//! organisation has it. Where [`crate::merge::merge`] combines two
//! versions whole or not at all, this is the change-by-change form the
//! update page needs.
//!
//! What a change is about: one field of an element's own (see
//! [`crate::merge`] for what belongs to an element), named as in the JSON
//! form — a step's `label`, `processingMinutes`, `orgUnit` …, a
//! subprocess's `name` and `orgUnit`, a variant's or parallel part's
//! `label` (and `kind`, should it turn from one into the other), a
//! branch's `label` and `share`; or the pseudo-field `element` for an
//! element the template added (the value is the element's JSON without
//! what is below it, which comes as changes of its own) or removed (with
//! everything below it); or `position` for an element the template moved:
//! `{"parent": container id or null, "after": previous sibling id or
//! null}`. Moved means: in another container, or not among the longest run
//! of siblings both versions keep in the same order (so moving one step
//! down moves one element, not all it passes).
//!
//! A value absent from a version is `None` there: the element is not in
//! that version. An element that is there has every field: empty texts
//! and lists as `""` and `[]`, unset options as `null`.
//!
//! Conflicts: the organisation changed the same field of the same element
//! to another value; or it removed an element whose field or position the
//! template changed; or it changed (a field, its position, anything below
//! it) an element the template removed. Changes both sides made alike are
//! not listed; changes only the organisation made are not listed either —
//! they are kept whatever is taken.
//!
//! Taking changes: fields are set to the template's value; an added
//! element goes into the container the template has it in, after the
//! element it follows there (the nearest earlier sibling the result has;
//! first when there is none) — when that container is not in the result,
//! the change cannot be taken and is skipped; moves work the same way (and
//! are skipped when they would put an element inside itself); removals
//! come last, so that what the template moved out of a removed container
//! is moved first. Taking a field or position change of an element the
//! organisation removed brings the element back, as the base had it
//! without what was below it, at the template's place. An added element
//! whose id the organisation uses for something else gets a fresh id, so
//! ids stay unique.
//!
//! With no local changes (ours = base), taking every change gives the new
//! template exactly; taking none gives ours exactly.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{BlockModel, Branch, Branching, IdGen, Item, StepItem, Subprocess};

/// The sort of a model element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    Subprocess,
    Step,
    Variant,
    Parallel,
    Branch,
}

impl ElementKind {
    /// Which containers hold it: kinds of one class may stand for one another.
    fn class(self) -> u8 {
        match self {
            ElementKind::Subprocess => 0,
            ElementKind::Step | ElementKind::Variant | ElementKind::Parallel => 1,
            ElementKind::Branch => 2,
        }
    }

    /// The element's own fields, in the order changes are listed.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            ElementKind::Subprocess => &["name", "orgUnit"],
            ElementKind::Step => &[
                "label",
                "block",
                "description",
                "notes",
                "orgUnit",
                "payGrade",
                "processingMinutes",
                "processingMinutesMin",
                "processingMinutesMax",
                "waitingMinutes",
                "share",
                "itSystem",
                "medium",
                "inputChannel",
                "outputChannel",
                "documents",
                "legalBasis",
            ],
            ElementKind::Variant | ElementKind::Parallel => &["label", "kind"],
            ElementKind::Branch => &["label", "share"],
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            ElementKind::Subprocess => "sp",
            ElementKind::Step => "s",
            ElementKind::Variant => "v",
            ElementKind::Parallel => "p",
            ElementKind::Branch => "b",
        }
    }

    /// May an element of this kind stand in a container of kind `container`
    /// (None: the model itself)?
    fn fits_in(self, container: Option<ElementKind>) -> bool {
        match container {
            None => self == ElementKind::Subprocess,
            Some(ElementKind::Subprocess | ElementKind::Branch) => self.class() == 1,
            Some(ElementKind::Variant | ElementKind::Parallel) => self == ElementKind::Branch,
            Some(ElementKind::Step) => false,
        }
    }
}

/// One change the template made to one field of one element.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelChange {
    /// `"{element}.{field}"`: stable, the same for the same three versions.
    pub id: String,
    /// The element's id.
    pub element: String,
    pub kind: ElementKind,
    /// The element's name or label: the template's, else ours, else the base's.
    pub label: String,
    /// A field name of the JSON form, or `element` or `position`.
    pub field: String,
    pub base: Option<Value>,
    pub theirs: Option<Value>,
    pub ours: Option<Value>,
    /// The organisation changed the same thing differently.
    pub conflict: bool,
}

/// Every change the template made (theirs against base), in reading order
/// of the new template (removed elements where they stood), with the
/// organisation's value and whether it conflicts.
pub fn changes(base: &BlockModel, theirs: &BlockModel, ours: &BlockModel) -> Vec<ModelChange> {
    let (b, t, o) = (Flat::of(base), Flat::of(theirs), Flat::of(ours));
    Compare::new(&b, &t, &o).changes()
}

/// Ours with the changes whose ids are in `take` taken from theirs (ids
/// that are not changes of these versions are ignored).
pub fn apply(
    base: &BlockModel,
    theirs: &BlockModel,
    ours: &BlockModel,
    take: &HashSet<String>,
) -> BlockModel {
    let (b, t, o) = (Flat::of(base), Flat::of(theirs), Flat::of(ours));
    let list = Compare::new(&b, &t, &o).changes();
    let used: HashSet<String> = b
        .order
        .iter()
        .chain(&t.order)
        .chain(&o.order)
        .cloned()
        .collect();
    let mut work = Apply {
        b: &b,
        t: &t,
        r: o.clone(),
        ids: IdGen::from_used(used),
        renamed: HashMap::new(),
    };
    let mut removals = Vec::new();
    for c in list.iter().filter(|c| take.contains(&c.id)) {
        match c.field.as_str() {
            "element" if t.nodes.contains_key(&c.element) => work.add(&c.element),
            "element" => removals.push(&c.element),
            "position" => work.position(&c.element),
            field => work.field(&c.element, field),
        }
    }
    for id in removals {
        if work.r.same(&b, id) {
            work.r.remove(id);
        }
    }
    work.r.build()
}

/// The comparison of three flattened versions.
struct Compare<'a> {
    b: &'a Flat,
    t: &'a Flat,
    o: &'a Flat,
    /// Moved by theirs, by ours (against base).
    t_moved: HashSet<String>,
    o_moved: HashSet<String>,
}

impl<'a> Compare<'a> {
    fn new(b: &'a Flat, t: &'a Flat, o: &'a Flat) -> Self {
        Compare {
            b,
            t,
            o,
            t_moved: moved(b, t),
            o_moved: moved(b, o),
        }
    }

    fn changes(&self) -> Vec<ModelChange> {
        // Removed elements are listed after the last element before them
        // that the template still has.
        let mut after: HashMap<Option<&String>, Vec<&String>> = HashMap::new();
        let mut anchor = None;
        for id in &self.b.order {
            if self.t.nodes.contains_key(id) {
                anchor = Some(id);
            } else {
                after.entry(anchor).or_default().push(id);
            }
        }
        let mut out = Vec::new();
        let removed = |out: &mut Vec<ModelChange>, anchor: Option<&String>| {
            for id in after.get(&anchor).into_iter().flatten() {
                self.removal(id, out);
            }
        };
        removed(&mut out, None);
        for id in &self.t.order {
            self.element(id, &mut out);
            removed(&mut out, Some(id));
        }
        out
    }

    fn change(
        &self,
        id: &str,
        field: &str,
        values: [Option<Value>; 3],
        conflict: bool,
    ) -> ModelChange {
        let node = self
            .t
            .nodes
            .get(id)
            .or_else(|| self.o.nodes.get(id))
            .or_else(|| self.b.nodes.get(id))
            .expect("a change is about an element of one of the versions");
        let label = [self.t, self.o, self.b]
            .iter()
            .filter_map(|f| f.nodes.get(id))
            .map(Node::label)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        let [base, theirs, ours] = values;
        ModelChange {
            id: format!("{id}.{field}"),
            element: id.to_owned(),
            kind: node.kind,
            label: label.to_owned(),
            field: field.to_owned(),
            base,
            theirs,
            ours,
            conflict,
        }
    }

    /// Did ours change the element (anything of it or below it, or where
    /// it stands) against base?
    fn ours_changed(&self, id: &str) -> bool {
        self.o.parent(id) != self.b.parent(id)
            || self.o_moved.contains(id)
            || !subtree_eq(self.b, self.o, id)
    }

    /// The changes of one element of theirs.
    fn element(&self, id: &String, out: &mut Vec<ModelChange>) {
        let nt = &self.t.nodes[id];
        let nb = self
            .b
            .nodes
            .get(id)
            .filter(|n| n.kind.class() == nt.kind.class());
        let no = self
            .o
            .nodes
            .get(id)
            .filter(|n| n.kind.class() == nt.kind.class());
        let Some(nb) = nb else {
            // Added (or, under an id that named something else, replaced).
            let same = no.is_some_and(|no| {
                no.kind == nt.kind && no.own == nt.own && self.o.parent(id) == self.t.parent(id)
            });
            if same && !self.b.nodes.contains_key(id) {
                return;
            }
            let conflict = self.b.nodes.contains_key(id)
                && self.o.nodes.contains_key(id)
                && self.ours_changed(id);
            let values = [
                self.b.nodes.get(id).map(|n| n.json(id)),
                Some(nt.json(id)),
                self.o.nodes.get(id).map(|n| n.json(id)),
            ];
            out.push(self.change(id, "element", values, conflict));
            return;
        };
        if self.t_moved.contains(id) {
            let tp = self.t.position(id);
            let listed = match no {
                Some(_) => {
                    let op = self.o.position(id);
                    let ours_moved = self.o_moved.contains(id);
                    let conflict = ours_moved && op != tp;
                    (!ours_moved || conflict).then_some((Some(op), conflict))
                }
                None => Some((None, true)),
            };
            if let Some((op, conflict)) = listed {
                let values = [Some(self.b.position(id)), Some(tp), op];
                out.push(self.change(id, "position", values, conflict));
            }
        }
        for field in nt.kind.fields() {
            let (bv, tv) = (nb.field(field), nt.field(field));
            if bv == tv {
                continue;
            }
            let ov = no.map(|n| n.field(field));
            if ov.as_ref() == Some(&tv) {
                continue;
            }
            let conflict = ov.as_ref().is_none_or(|ov| *ov != bv);
            out.push(self.change(id, field, [Some(bv), Some(tv), ov], conflict));
        }
    }

    /// The removal of a base element theirs does not have, unless ours
    /// does not have it either or it goes with its container.
    fn removal(&self, id: &String, out: &mut Vec<ModelChange>) {
        let nb = &self.b.nodes[id];
        let Some(no) = self
            .o
            .nodes
            .get(id)
            .filter(|n| n.kind.class() == nb.kind.class())
        else {
            return;
        };
        if let Some(p) = &nb.parent
            && no.parent.as_ref() == Some(p)
            && !self.t.nodes.contains_key(p)
            && self.o.same(self.b, p)
        {
            return;
        }
        let values = [Some(nb.json(id)), None, Some(no.json(id))];
        out.push(self.change(id, "element", values, self.ours_changed(id)));
    }
}

/// The elements `after` moved against `before`: into another container, or
/// off the longest common order of the siblings both keep in one container.
fn moved(before: &Flat, after: &Flat) -> HashSet<String> {
    let mut out = HashSet::new();
    for (container, kids) in &after.children {
        let new: Vec<&String> = kids
            .iter()
            .filter(|id| before.parent(id) == Some(container.as_ref()))
            .collect();
        let old: Vec<&String> = before
            .children_of(container)
            .iter()
            .filter(|id| after.parent(id) == Some(container.as_ref()))
            .collect();
        let keep = lcs(&old, &new);
        out.extend(
            new.iter()
                .filter(|id| !keep.contains(**id))
                .map(|id| (*id).clone()),
        );
    }
    for (id, n) in &after.nodes {
        if let Some(p) = before.parent(id)
            && p != n.parent.as_ref()
        {
            out.insert(id.clone());
        }
    }
    out
}

/// The elements of one longest common subsequence of `a` and `b`.
fn lcs<'s>(a: &[&'s String], b: &[&'s String]) -> HashSet<&'s String> {
    if a == b {
        return a.iter().copied().collect();
    }
    let (n, m) = (a.len(), b.len());
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if a[i] == b[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, HashSet::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.insert(a[i]);
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The element and everything below it are alike in both versions.
fn subtree_eq(a: &Flat, b: &Flat, id: &str) -> bool {
    match (a.nodes.get(id), b.nodes.get(id)) {
        (Some(x), Some(y)) if x.kind == y.kind && x.own == y.own => {
            let key = Some(id.to_owned());
            let (ka, kb) = (a.children_of(&key), b.children_of(&key));
            ka == kb && ka.iter().all(|k| subtree_eq(a, b, k))
        }
        _ => false,
    }
}

/// Taking changes into the result.
struct Apply<'a> {
    b: &'a Flat,
    t: &'a Flat,
    r: Flat,
    ids: IdGen,
    /// Elements theirs added → their id in the result.
    renamed: HashMap<String, String>,
}

impl Apply<'_> {
    /// The result's element for an element of theirs.
    fn resolve(&self, id: &str) -> Option<String> {
        if let Some(r) = self.renamed.get(id) {
            return Some(r.clone());
        }
        let kind = self.t.nodes.get(id)?.kind;
        (self
            .b
            .nodes
            .get(id)
            .is_some_and(|n| n.kind.class() == kind.class())
            && self
                .r
                .nodes
                .get(id)
                .is_some_and(|n| n.kind.class() == kind.class()))
        .then(|| id.to_owned())
    }

    /// Where theirs has the element, in the result's terms: the container
    /// (which must be there and hold such elements) and the sibling to
    /// follow.
    fn place(&self, id: &str, kind: ElementKind) -> Option<(Option<String>, Option<String>)> {
        let parent = match &self.t.nodes[id].parent {
            None => None,
            Some(p) => Some(self.resolve(p)?),
        };
        let container = match &parent {
            None => None,
            Some(p) => Some(self.r.nodes.get(p)?.kind),
        };
        if !kind.fits_in(container) {
            return None;
        }
        let siblings = self.t.children_of(&self.t.nodes[id].parent);
        let at = siblings.iter().position(|s| s == id).unwrap_or(0);
        let after = siblings[..at].iter().rev().find_map(|s| {
            self.resolve(s)
                .filter(|r| r.as_str() != id && self.r.parent(r) == Some(parent.as_ref()))
        });
        Some((parent, after))
    }

    fn add(&mut self, id: &str) {
        let nt = &self.t.nodes[id];
        if self.r.nodes.contains_key(id) && self.b.nodes.contains_key(id) {
            // Replaced by an element of another sort under the same id.
            self.r.remove(id);
        }
        let Some((parent, after)) = self.place(id, nt.kind) else {
            return;
        };
        let new = if self.r.nodes.contains_key(id) || id.is_empty() {
            self.ids.fresh(nt.kind.prefix())
        } else {
            id.to_owned()
        };
        self.r.insert(&new, nt.kind, nt.own.clone(), parent, after);
        self.renamed.insert(id.to_owned(), new);
    }

    /// Brings back a base element the result lacks, at theirs' place;
    /// false when there is no such place.
    fn restore(&mut self, id: &str) -> bool {
        let (Some(nb), Some(nt)) = (self.b.nodes.get(id), self.t.nodes.get(id)) else {
            return false;
        };
        if self.r.nodes.contains_key(id) {
            return self.r.nodes[id].kind.class() == nt.kind.class();
        }
        let Some((parent, after)) = self.place(id, nt.kind) else {
            return false;
        };
        self.r.insert(id, nb.kind, nb.own.clone(), parent, after);
        true
    }

    fn position(&mut self, id: &str) {
        if !self.r.nodes.contains_key(id) {
            self.restore(id);
            return;
        }
        let kind = self.r.nodes[id].kind;
        if kind.class() != self.t.nodes[id].kind.class() {
            return;
        }
        let Some((parent, after)) = self.place(id, kind) else {
            return;
        };
        if parent.as_deref().is_some_and(|p| self.r.within(p, id)) {
            return;
        }
        self.r.detach(id);
        let own = self.r.nodes[id].own.clone();
        self.r.nodes.remove(id);
        self.r.insert(id, kind, own, parent, after);
    }

    fn field(&mut self, id: &str, field: &str) {
        if !self.restore(id) {
            return;
        }
        let value = self.t.nodes[id].field(field);
        let node = self.r.nodes.get_mut(id).expect("restored");
        node.set(field, value);
    }
}

/// An element apart from its children, with its container.
#[derive(Clone, Debug, PartialEq)]
struct Node {
    kind: ElementKind,
    /// The JSON form's fields of its own (no id, kind or children).
    own: Map<String, Value>,
    parent: Option<String>,
}

impl Node {
    fn label(&self) -> &str {
        let key = if self.kind == ElementKind::Subprocess {
            "name"
        } else {
            "label"
        };
        self.own
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// A field's value, empty ones included.
    fn field(&self, field: &str) -> Value {
        if field == "kind" {
            return Value::String(kind_name(self.kind).into());
        }
        self.own.get(field).cloned().unwrap_or_else(|| empty(field))
    }

    fn set(&mut self, field: &str, value: Value) {
        if field == "kind" {
            if self.kind.class() == 1 && self.kind != ElementKind::Step {
                self.kind = match value.as_str() {
                    Some("parallel") => ElementKind::Parallel,
                    _ => ElementKind::Variant,
                };
            }
        } else if value == empty(field) {
            self.own.remove(field);
        } else {
            self.own.insert(field.to_owned(), value);
        }
    }

    /// The element's JSON form without what is below it.
    fn json(&self, id: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(id.into()));
        if self.kind.class() == 1 {
            m.insert("kind".into(), Value::String(kind_name(self.kind).into()));
        }
        m.extend(self.own.clone());
        Value::Object(m)
    }
}

fn kind_name(kind: ElementKind) -> &'static str {
    match kind {
        ElementKind::Subprocess => "subprocess",
        ElementKind::Step => "step",
        ElementKind::Variant => "variant",
        ElementKind::Parallel => "parallel",
        ElementKind::Branch => "branch",
    }
}

/// The value a field the JSON form leaves out stands for.
fn empty(field: &str) -> Value {
    match field {
        "name" | "label" | "block" | "description" | "notes" => Value::String(String::new()),
        "documents" | "legalBasis" => Value::Array(Vec::new()),
        _ => Value::Null,
    }
}

/// The JSON object of a value, without the keys given.
fn own_of<T: Serialize>(value: &T, drop: &[&str]) -> Map<String, Value> {
    let mut m = match serde_json::to_value(value) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    for k in drop {
        m.remove(*k);
    }
    m
}

fn from_own<T: serde::de::DeserializeOwned + Default>(own: &Map<String, Value>) -> T {
    serde_json::from_value(Value::Object(own.clone())).unwrap_or_default()
}

/// A model as elements by id, with the children of each container in order.
#[derive(Clone, Default)]
struct Flat {
    nodes: HashMap<String, Node>,
    children: HashMap<Option<String>, Vec<String>>,
    /// Every id in reading order.
    order: Vec<String>,
}

impl Flat {
    fn of(m: &BlockModel) -> Flat {
        let mut f = Flat::default();
        for sp in &m.subprocesses {
            let own = Subprocess {
                items: Vec::new(),
                ..sp.clone()
            };
            if f.add(None, &sp.id, ElementKind::Subprocess, own_of(&own, &["id"])) {
                f.items(&sp.id, &sp.items);
            }
        }
        f
    }

    /// Notes an element; false (and nothing noted) when its id is taken.
    fn add(
        &mut self,
        parent: Option<&str>,
        id: &str,
        kind: ElementKind,
        own: Map<String, Value>,
    ) -> bool {
        if self.nodes.contains_key(id) {
            return false;
        }
        let parent = parent.map(str::to_owned);
        self.children
            .entry(parent.clone())
            .or_default()
            .push(id.to_owned());
        self.nodes.insert(id.to_owned(), Node { kind, own, parent });
        self.order.push(id.to_owned());
        true
    }

    fn items(&mut self, container: &str, items: &[Item]) {
        for it in items {
            match it {
                Item::Step(s) => {
                    self.add(
                        Some(container),
                        &s.id,
                        ElementKind::Step,
                        own_of(s, &["id"]),
                    );
                }
                Item::Variant(b) | Item::Parallel(b) => {
                    let kind = if matches!(it, Item::Parallel(_)) {
                        ElementKind::Parallel
                    } else {
                        ElementKind::Variant
                    };
                    let own = Branching {
                        branches: Vec::new(),
                        ..b.clone()
                    };
                    if !self.add(Some(container), &b.id, kind, own_of(&own, &["id"])) {
                        continue;
                    }
                    for br in &b.branches {
                        let own = Branch {
                            items: Vec::new(),
                            ..br.clone()
                        };
                        if self.add(
                            Some(&b.id),
                            &br.id,
                            ElementKind::Branch,
                            own_of(&own, &["id"]),
                        ) {
                            self.items(&br.id, &br.items);
                        }
                    }
                }
            }
        }
    }

    fn children_of(&self, container: &Option<String>) -> &[String] {
        self.children.get(container).map_or(&[], Vec::as_slice)
    }

    /// The element's container: None when it is not there, Some(None) for
    /// the model itself.
    fn parent(&self, id: &str) -> Option<Option<&String>> {
        self.nodes.get(id).map(|n| n.parent.as_ref())
    }

    /// The element is here as the same sort as in `other`.
    fn same(&self, other: &Flat, id: &str) -> bool {
        match (self.nodes.get(id), other.nodes.get(id)) {
            (Some(a), Some(b)) => a.kind.class() == b.kind.class(),
            _ => false,
        }
    }

    /// `{"parent": …, "after": …}` of an element that is here.
    fn position(&self, id: &str) -> Value {
        let parent = &self.nodes[id].parent;
        let siblings = self.children_of(parent);
        let at = siblings.iter().position(|s| s == id).unwrap_or(0);
        let after = at.checked_sub(1).map(|i| siblings[i].clone());
        serde_json::json!({ "parent": parent, "after": after })
    }

    /// `id` is `ancestor` or below it.
    fn within(&self, id: &str, ancestor: &str) -> bool {
        let mut at = Some(id.to_owned());
        while let Some(x) = at {
            if x == ancestor {
                return true;
            }
            at = self.nodes.get(&x).and_then(|n| n.parent.clone());
        }
        false
    }

    fn detach(&mut self, id: &str) {
        let parent = self.nodes[id].parent.clone();
        if let Some(list) = self.children.get_mut(&parent) {
            list.retain(|x| x != id);
        }
    }

    fn insert(
        &mut self,
        id: &str,
        kind: ElementKind,
        own: Map<String, Value>,
        parent: Option<String>,
        after: Option<String>,
    ) {
        let list = self.children.entry(parent.clone()).or_default();
        let at = after
            .and_then(|a| list.iter().position(|x| *x == a))
            .map_or(0, |i| i + 1);
        list.insert(at, id.to_owned());
        self.nodes.insert(id.to_owned(), Node { kind, own, parent });
    }

    /// Takes the element out with everything below it.
    fn remove(&mut self, id: &str) {
        self.detach(id);
        let mut stack = vec![id.to_owned()];
        while let Some(x) = stack.pop() {
            self.nodes.remove(&x);
            if let Some(kids) = self.children.remove(&Some(x)) {
                stack.extend(kids);
            }
        }
    }

    /// The model again.
    fn build(&self) -> BlockModel {
        let subprocesses = self
            .children_of(&None)
            .iter()
            .filter_map(|id| {
                let n = &self.nodes[id];
                (n.kind == ElementKind::Subprocess).then(|| Subprocess {
                    id: id.clone(),
                    items: self.build_items(id),
                    ..from_own(&n.own)
                })
            })
            .collect();
        BlockModel { subprocesses }
    }

    fn build_items(&self, container: &str) -> Vec<Item> {
        self.children_of(&Some(container.to_owned()))
            .iter()
            .filter_map(|id| {
                let n = &self.nodes[id];
                match n.kind {
                    ElementKind::Step => Some(Item::Step(StepItem {
                        id: id.clone(),
                        ..from_own(&n.own)
                    })),
                    ElementKind::Variant | ElementKind::Parallel => {
                        let b = Branching {
                            id: id.clone(),
                            branches: self.build_branches(id),
                            ..from_own(&n.own)
                        };
                        Some(if n.kind == ElementKind::Parallel {
                            Item::Parallel(b)
                        } else {
                            Item::Variant(b)
                        })
                    }
                    _ => None,
                }
            })
            .collect()
    }

    fn build_branches(&self, branching: &str) -> Vec<Branch> {
        self.children_of(&Some(branching.to_owned()))
            .iter()
            .filter_map(|id| {
                let n = &self.nodes[id];
                (n.kind == ElementKind::Branch).then(|| Branch {
                    id: id.clone(),
                    items: self.build_items(id),
                    ..from_own(&n.own)
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field lists cover every field the JSON form has, so no change
    /// goes unseen when a field is added to the model.
    #[test]
    fn the_field_lists_cover_the_json_form() {
        let step = StepItem {
            id: "s1".into(),
            label: "a".into(),
            block: "b".into(),
            description: "c".into(),
            notes: "d".into(),
            org_unit: Some("e".into()),
            pay_grade: Some("f".into()),
            processing_minutes: Some(1.0),
            processing_minutes_min: Some(1.0),
            processing_minutes_max: Some(1.0),
            waiting_minutes: Some(1.0),
            share: Some(1.0),
            it_system: Some("g".into()),
            medium: Some("h".into()),
            input_channel: Some("i".into()),
            output_channel: Some("j".into()),
            documents: vec![crate::StepDocument {
                direction: crate::Direction::In,
                name: "k".into(),
            }],
            legal_basis: vec!["l".into()],
        };
        let keys = |v: Map<String, Value>| {
            let mut k: Vec<String> = v.keys().cloned().collect();
            k.sort();
            k
        };
        let sorted = |kind: ElementKind| {
            let mut k: Vec<String> = kind
                .fields()
                .iter()
                .filter(|f| **f != "kind")
                .map(|f| f.to_string())
                .collect();
            k.sort();
            k
        };
        assert_eq!(keys(own_of(&step, &["id"])), sorted(ElementKind::Step));
        let sp = Subprocess {
            id: "sp1".into(),
            name: "a".into(),
            org_unit: Some("b".into()),
            items: Vec::new(),
        };
        assert_eq!(keys(own_of(&sp, &["id"])), sorted(ElementKind::Subprocess));
        let br = Branch {
            id: "b1".into(),
            label: "a".into(),
            share: Some(0.5),
            items: Vec::new(),
        };
        assert_eq!(keys(own_of(&br, &["id"])), sorted(ElementKind::Branch));
        let bi = Branching {
            id: "v1".into(),
            label: "a".into(),
            branches: Vec::new(),
        };
        assert_eq!(keys(own_of(&bi, &["id"])), sorted(ElementKind::Variant));
        // Each field's empty value is what the JSON form leaves out.
        for f in ElementKind::Step.fields() {
            let own = own_of(&StepItem::default(), &["id"]);
            assert!(!own.contains_key(*f));
            let back: StepItem =
                serde_json::from_value(serde_json::json!({ *f: empty(f) })).unwrap();
            assert_eq!(back, StepItem::default(), "{f}");
        }
    }

    #[test]
    fn lcs_keeps_the_longest_common_order() {
        let s = |x: &[&str]| x.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (a, b) = (s(&["a", "b", "c", "d"]), s(&["b", "c", "d", "a"]));
        let (ra, rb): (Vec<&String>, Vec<&String>) = (a.iter().collect(), b.iter().collect());
        let keep = lcs(&ra, &rb);
        assert_eq!(keep.len(), 3);
        assert!(!keep.contains(&"a".to_string()));
    }
}
