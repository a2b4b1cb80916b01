//! The building-block model: process → subprocesses → items (steps, variants,
//! parallel parts), with branches holding items again.
//!
//! The JSON form (serde, camelCase) is what storage keeps, so it is compact and
//! stable: empty strings, empty lists and `None` are left out, and every field
//! may be missing when read back.

use ablauf_bpmn::StepDocument;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A process drawn from building blocks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlockModel {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subprocesses: Vec<Subprocess>,
}

/// A section of the process done by one org unit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Subprocess {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Opaque org-unit value (the web layer stores the unit's UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// One entry of a sequence.
// Steps are inline (not boxed) so the JSON shape and pattern matching stay
// plain; models hold hundreds of items, not millions.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Item {
    Step(StepItem),
    /// Exclusive branching: each case takes one branch (with a share of cases).
    Variant(Branching),
    /// Parallel branching: all branches run, the process continues when all are done.
    Parallel(Branching),
}

/// A step: one building block with its attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StepItem {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Block key of the catalogue, e.g. `formell-pruefen`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub block: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Notes and improvement ideas.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Overrides the subprocess's org unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_grade: Option<String>,
    /// Typical processing time in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_minutes: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_minutes_min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_minutes_max: Option<f64>,
    /// Waiting time before the step, in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_minutes: Option<f64>,
    /// Share of cases passing this step, 0..=1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub it_system: Option<String>,
    /// Key of [`crate::MEDIA`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_channel: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<StepDocument>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<String>,
}

/// A variant or parallel part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Branching {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<Branch>,
}

/// One branch of a variant or parallel part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Branch {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Share of cases taking this branch, 0..=1 (variants only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

impl Item {
    pub fn id(&self) -> &str {
        match self {
            Item::Step(s) => &s.id,
            Item::Variant(b) | Item::Parallel(b) => &b.id,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Item::Step(s) => &s.label,
            Item::Variant(b) | Item::Parallel(b) => &b.label,
        }
    }

    pub fn as_step(&self) -> Option<&StepItem> {
        match self {
            Item::Step(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_branching(&self) -> Option<&Branching> {
        match self {
            Item::Variant(b) | Item::Parallel(b) => Some(b),
            Item::Step(_) => None,
        }
    }

    pub(crate) fn as_branching_mut(&mut self) -> Option<&mut Branching> {
        match self {
            Item::Variant(b) | Item::Parallel(b) => Some(b),
            Item::Step(_) => None,
        }
    }

    pub(crate) fn id_mut(&mut self) -> &mut String {
        match self {
            Item::Step(s) => &mut s.id,
            Item::Variant(b) | Item::Parallel(b) => &mut b.id,
        }
    }

    /// German noun of the item kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Item::Step(_) => "Schritt",
            Item::Variant(_) => "Variante",
            Item::Parallel(_) => "Parallelität",
        }
    }
}

/// Where an id lives: the container path is the chain of (item index,
/// branch index) pairs from the subprocess down to the item list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Path {
    pub sp: usize,
    pub chain: Vec<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Loc {
    Subprocess(usize),
    /// An item at `index` of the list at `path`.
    Item(Path, usize),
    /// Branch `branch` of the branching at `index` of the list at `path`.
    Branch(Path, usize, usize),
}

impl BlockModel {
    /// An empty model.
    pub fn new() -> Self {
        BlockModel::default()
    }

    /// Parse the stored JSON form.
    pub fn from_json(s: &str) -> Result<BlockModel, serde_json::Error> {
        serde_json::from_str(s)
    }

    /// The stored JSON form (compact).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// The step with this id.
    pub fn find(&self, id: &str) -> Option<&StepItem> {
        self.find_item(id).and_then(Item::as_step)
    }

    /// The item (step, variant, parallel part) with this id.
    pub fn find_item(&self, id: &str) -> Option<&Item> {
        match self.locate(id)? {
            Loc::Item(p, i) => self.list(&p).get(i),
            _ => None,
        }
    }

    /// The branch with this id.
    pub fn find_branch(&self, id: &str) -> Option<&Branch> {
        match self.locate(id)? {
            Loc::Branch(p, i, b) => self.list(&p).get(i)?.as_branching()?.branches.get(b),
            _ => None,
        }
    }

    /// The branching (variant or parallel item) a branch belongs to.
    pub fn branching_of(&self, branch_id: &str) -> Option<&Item> {
        match self.locate(branch_id)? {
            Loc::Branch(p, i, _) => self.list(&p).get(i),
            _ => None,
        }
    }

    pub fn find_subprocess(&self, id: &str) -> Option<&Subprocess> {
        self.subprocesses.iter().find(|s| s.id == id)
    }

    /// The subprocess containing an item or branch (or the subprocess itself).
    pub fn subprocess_of(&self, id: &str) -> Option<&Subprocess> {
        let sp = match self.locate(id)? {
            Loc::Subprocess(s) => s,
            Loc::Item(p, _) | Loc::Branch(p, _, _) => p.sp,
        };
        self.subprocesses.get(sp)
    }

    /// The org unit that performs a step: its own, else its subprocess's.
    pub fn effective_org_unit(&self, step_id: &str) -> Option<&str> {
        let step = self.find(step_id)?;
        step.org_unit
            .as_deref()
            .or_else(|| self.subprocess_of(step_id)?.org_unit.as_deref())
    }

    /// Every step, in reading order (branches depth first).
    pub fn steps(&self) -> Vec<&StepItem> {
        let mut out = Vec::new();
        self.walk(&mut |it, _| {
            if let Item::Step(s) = it {
                out.push(s);
            }
        });
        out
    }

    /// Visit every item in reading order with its nesting depth (0 = directly
    /// in a subprocess).
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Item, usize)) {
        fn go<'a>(items: &'a [Item], depth: usize, f: &mut dyn FnMut(&'a Item, usize)) {
            for it in items {
                f(it, depth);
                if let Some(b) = it.as_branching() {
                    for br in &b.branches {
                        go(&br.items, depth + 1, f);
                    }
                }
            }
        }
        for sp in &self.subprocesses {
            go(&sp.items, 0, f);
        }
    }

    /// Every id in the model (subprocesses, items, branches), in reading order.
    pub fn ids(&self) -> Vec<&str> {
        fn go<'a>(items: &'a [Item], out: &mut Vec<&'a str>) {
            for it in items {
                out.push(it.id());
                if let Some(b) = it.as_branching() {
                    for br in &b.branches {
                        out.push(&br.id);
                        go(&br.items, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for sp in &self.subprocesses {
            out.push(sp.id.as_str());
            go(&sp.items, &mut out);
        }
        out
    }

    /// A fresh id with this prefix: the prefix followed by one more than the
    /// highest number already used with it ("s7" after "s6").
    pub fn new_id(&self, prefix: &str) -> String {
        IdGen::new(self).fresh(prefix)
    }

    pub(crate) fn locate(&self, id: &str) -> Option<Loc> {
        fn go(items: &[Item], path: &mut Path, id: &str) -> Option<Loc> {
            for (i, it) in items.iter().enumerate() {
                if it.id() == id {
                    return Some(Loc::Item(path.clone(), i));
                }
                if let Some(b) = it.as_branching() {
                    for (bi, br) in b.branches.iter().enumerate() {
                        if br.id == id {
                            return Some(Loc::Branch(path.clone(), i, bi));
                        }
                        path.chain.push((i, bi));
                        let found = go(&br.items, path, id);
                        path.chain.pop();
                        if found.is_some() {
                            return found;
                        }
                    }
                }
            }
            None
        }
        if id.is_empty() {
            return None;
        }
        for (s, sp) in self.subprocesses.iter().enumerate() {
            if sp.id == id {
                return Some(Loc::Subprocess(s));
            }
            let mut path = Path {
                sp: s,
                chain: Vec::new(),
            };
            if let Some(l) = go(&sp.items, &mut path, id) {
                return Some(l);
            }
        }
        None
    }

    pub(crate) fn list(&self, p: &Path) -> &Vec<Item> {
        let mut items = &self.subprocesses[p.sp].items;
        for &(i, b) in &p.chain {
            items = &items[i]
                .as_branching()
                .expect("path points through a branching")
                .branches[b]
                .items;
        }
        items
    }

    pub(crate) fn list_mut(&mut self, p: &Path) -> &mut Vec<Item> {
        let mut items = &mut self.subprocesses[p.sp].items;
        for &(i, b) in &p.chain {
            items = &mut items[i]
                .as_branching_mut()
                .expect("path points through a branching")
                .branches[b]
                .items;
        }
        items
    }
}

/// Generates ids that are unique in a model.
pub(crate) struct IdGen {
    used: HashSet<String>,
    /// Next number to try per prefix (ids are only ever added, so the
    /// highest number seen stays valid).
    next: std::collections::HashMap<String, u64>,
}

impl IdGen {
    pub fn new(m: &BlockModel) -> IdGen {
        IdGen::from_used(m.ids().into_iter().map(str::to_owned).collect())
    }

    pub fn from_used(used: HashSet<String>) -> IdGen {
        IdGen {
            used,
            next: std::collections::HashMap::new(),
        }
    }

    pub fn fresh(&mut self, prefix: &str) -> String {
        let mut n = match self.next.get(prefix) {
            Some(n) => *n,
            None => self
                .used
                .iter()
                .filter_map(|id| id.strip_prefix(prefix))
                .filter(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
                .filter_map(|rest| rest.parse::<u64>().ok())
                .max()
                .unwrap_or(0)
                .saturating_add(1),
        };
        loop {
            let id = format!("{prefix}{n}");
            n = n.saturating_add(1);
            if self.used.insert(id.clone()) {
                self.next.insert(prefix.to_owned(), n);
                return id;
            }
        }
    }

    /// `want` itself when it is free (and non-empty), else a fresh id with `prefix`.
    pub fn keep_or_fresh(&mut self, want: &str, prefix: &str) -> String {
        if !want.is_empty() && self.used.insert(want.to_owned()) {
            want.to_owned()
        } else {
            self.fresh(prefix)
        }
    }

    /// Give an item tree fresh ids (for duplicates).
    pub fn renew_item(&mut self, it: &mut Item) {
        let prefix = match it {
            Item::Step(_) => "s",
            Item::Variant(_) => "v",
            Item::Parallel(_) => "p",
        };
        *it.id_mut() = self.fresh(prefix);
        if let Some(b) = it.as_branching_mut() {
            for br in &mut b.branches {
                self.renew_branch(br);
            }
        }
    }

    pub fn renew_branch(&mut self, br: &mut Branch) {
        br.id = self.fresh("b");
        for it in &mut br.items {
            self.renew_item(it);
        }
    }
}
