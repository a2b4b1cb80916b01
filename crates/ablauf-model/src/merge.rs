//! Comparing and merging block models by element id.
//!
//! Every element of a model (subprocess, step, variant, parallel part,
//! branch) has an id that stays with it through edits, so two versions can
//! be compared element by element, and two versions made from a common
//! ancestor can be combined without looking at positions: [`diff`] says
//! which elements were added, removed, changed or moved; [`merge`] takes a
//! base and two versions made from it ("ours" and "theirs") and keeps the
//! changes of both, or names the elements both changed in ways that do not
//! fit together. The block editor uses the diff to tell whether someone
//! else changed the element an edit on an older version changes; updates
//! of models taken from a shared library will use the merge.
//!
//! What belongs to an element itself, and so what "changed" means: a
//! subprocess's name and org unit; a step with all its attributes; a
//! variant's or parallel part's label and kind; a branch's label and share.
//! Its children are elements of their own: a step changed inside a branch
//! changes the step, not the branch. Where an element stands — its
//! container and its place among the siblings both versions share — is
//! what "moved" compares.
//!
//! Ids are expected to be unique in a model, as the editing operations keep
//! them; an element whose id occurred earlier in the model is left out,
//! with everything below it.

use std::collections::{HashMap, HashSet};

use crate::model::{BlockModel, Branch, Branching, Item, StepItem, Subprocess};

/// Which elements differ between two versions of a model, by id. Each list
/// is in reading order (of the older version for `removed`, of the newer
/// one otherwise).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Only in the newer version.
    pub added: Vec<String>,
    /// Only in the older version (with everything below them).
    pub removed: Vec<String>,
    /// In both, with different fields of their own.
    pub changed: Vec<String>,
    /// In both, in another container or at another place among the
    /// siblings both versions have in that container.
    pub moved: Vec<String>,
}

impl Diff {
    /// Nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.moved.is_empty()
    }

    /// The element is there in both versions with other fields, or is gone:
    /// an edit of the older version that overwrites it would undo that.
    pub fn changed_or_removed(&self, id: &str) -> bool {
        self.changed.iter().chain(&self.removed).any(|x| x == id)
    }
}

/// Compares two versions of a model element by element.
pub fn diff(before: &BlockModel, after: &BlockModel) -> Diff {
    let (a, b) = (Flat::of(before), Flat::of(after));
    let in_both = |id: &String| a.nodes.contains_key(id) && b.nodes.contains_key(id);
    let mut moved: HashSet<&String> = HashSet::new();
    for container in b.containers() {
        let (old, new) = (a.common(&b, &container), b.common(&a, &container));
        moved.extend(
            old.iter()
                .zip(&new)
                .filter(|(x, y)| x != y)
                .map(|(_, y)| *y),
        );
    }
    Diff {
        added: b
            .order
            .iter()
            .filter(|id| !a.nodes.contains_key(*id))
            .cloned()
            .collect(),
        removed: a
            .order
            .iter()
            .filter(|id| !b.nodes.contains_key(*id))
            .cloned()
            .collect(),
        changed: b
            .order
            .iter()
            .filter(|id| in_both(id) && a.nodes[*id].own != b.nodes[*id].own)
            .cloned()
            .collect(),
        moved: b
            .order
            .iter()
            .filter(|id| {
                in_both(id) && (a.nodes[*id].parent != b.nodes[*id].parent || moved.contains(id))
            })
            .cloned()
            .collect(),
    }
}

/// Why two versions cannot be merged at one element.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("„{0}“ wurde auf beiden Seiten unterschiedlich geändert.")]
    Changed(String),
    #[error("„{0}“ wurde auf einer Seite geändert und auf der anderen gelöscht.")]
    ChangedAndRemoved(String),
    /// Moved to different places on the two sides (another container, or
    /// another order of the same container).
    #[error("„{0}“ wurde auf beiden Seiten unterschiedlich verschoben.")]
    Moved(String),
    /// The same id added on both sides with different content.
    #[error("„{0}“ wurde auf beiden Seiten unterschiedlich hinzugefügt.")]
    Added(String),
    /// Its container is gone (removed on the other side) or can no longer
    /// hold it.
    #[error("„{0}“ hat keinen Platz mehr: Sein Teilprozess oder Zweig wurde gelöscht.")]
    Orphaned(String),
}

impl Conflict {
    /// The element the conflict is about.
    pub fn id(&self) -> &str {
        match self {
            Conflict::Changed(id)
            | Conflict::ChangedAndRemoved(id)
            | Conflict::Moved(id)
            | Conflict::Added(id)
            | Conflict::Orphaned(id) => id,
        }
    }
}

/// Combines two versions made from `base`: every element takes the change
/// of the side that changed it, new elements of either side are kept after
/// the element they follow there, removed ones stay removed. Elements both
/// sides changed differently (or one changed and the other removed, or both
/// moved elsewhere) are conflicts, every one of them named; nothing is
/// merged then.
///
/// The result keeps ids unique and every element in a container that can
/// hold it; whether it is a sensible process (branch shares, at least two
/// branches) is for [`BlockModel::validate`] to say.
pub fn merge(
    base: &BlockModel,
    ours: &BlockModel,
    theirs: &BlockModel,
) -> Result<BlockModel, Vec<Conflict>> {
    let (b, o, t) = (Flat::of(base), Flat::of(ours), Flat::of(theirs));
    let mut merged = Flat::default();
    let mut conflicts = Vec::new();
    let mut seen: HashSet<&String> = HashSet::new();
    for id in b.order.iter().chain(&o.order).chain(&t.order) {
        if !seen.insert(id) {
            continue;
        }
        let node = match (b.nodes.get(id), o.nodes.get(id), t.nodes.get(id)) {
            (Some(nb), Some(no), Some(nt)) => {
                match (
                    pick(&nb.own, &no.own, &nt.own),
                    pick(&nb.parent, &no.parent, &nt.parent),
                ) {
                    (Some(own), Some(parent)) => Node { own, parent },
                    (None, _) => {
                        conflicts.push(Conflict::Changed(id.clone()));
                        continue;
                    }
                    (_, None) => {
                        conflicts.push(Conflict::Moved(id.clone()));
                        continue;
                    }
                }
            }
            // Removed on one side: fine unless the other side changed or
            // moved it.
            (Some(nb), None, Some(kept)) | (Some(nb), Some(kept), None) => {
                if kept != nb {
                    conflicts.push(Conflict::ChangedAndRemoved(id.clone()));
                }
                continue;
            }
            (Some(_), None, None) => continue,
            (None, Some(added), None) | (None, None, Some(added)) => added.clone(),
            (None, Some(no), Some(nt)) => {
                if no != nt {
                    conflicts.push(Conflict::Added(id.clone()));
                    continue;
                }
                no.clone()
            }
            (None, None, None) => unreachable!("every id comes from one of the versions"),
        };
        merged.order.push(id.clone());
        merged.nodes.insert(id.clone(), node);
    }
    // The order of each container: the common elements as the side that
    // reordered them has them, then what either side put there, after the
    // element it follows on that side.
    for container in merged.containers() {
        let here = |id: &String| merged.nodes[id].parent == container;
        let common: Vec<&String> = b
            .children_of(&container)
            .filter(|id| {
                merged.nodes.contains_key(*id)
                    && here(id)
                    && o.is_child(id, &container)
                    && t.is_child(id, &container)
            })
            .collect();
        let in_order = |side: &Flat| -> Vec<String> {
            side.children_of(&container)
                .filter(|id| common.contains(id))
                .cloned()
                .collect()
        };
        let (ob, oo, ot) = (in_order(&b), in_order(&o), in_order(&t));
        let mut list = if oo == ob {
            ot
        } else if ot == ob || ot == oo {
            oo
        } else {
            conflicts.extend(
                ob.iter()
                    .zip(oo.iter().zip(&ot))
                    .filter(|(x, (y, z))| x != y || x != z)
                    .map(|(x, _)| Conflict::Moved(x.clone())),
            );
            ob
        };
        for side in [&t, &o] {
            let mut previous: Option<&String> = None;
            for id in side
                .children_of(&container)
                .filter(|id| merged.nodes.contains_key(*id) && here(id))
            {
                if !list.contains(id) {
                    let at = previous
                        .and_then(|p| list.iter().position(|x| x == p))
                        .map_or(0, |i| i + 1);
                    list.insert(at, id.clone());
                }
                previous = Some(id);
            }
        }
        merged.children.insert(container, list);
    }
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    let (model, reached) = merged.build();
    let orphans: Vec<Conflict> = merged
        .order
        .iter()
        .filter(|id| !reached.contains(*id))
        .map(|id| Conflict::Orphaned(id.clone()))
        .collect();
    if orphans.is_empty() {
        Ok(model)
    } else {
        Err(orphans)
    }
}

/// The three-way choice for one value: the side that changed it, or both
/// when they agree; None when they changed it differently.
fn pick<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Option<T> {
    if ours == base {
        Some(theirs.clone())
    } else if theirs == base || theirs == ours {
        Some(ours.clone())
    } else {
        None
    }
}

/// What an element is apart from its children.
#[derive(Clone, Debug, PartialEq)]
enum Own {
    Subprocess {
        name: String,
        org_unit: Option<String>,
    },
    Step(Box<StepItem>),
    Branching {
        parallel: bool,
        label: String,
    },
    Branch {
        label: String,
        share: Option<f64>,
    },
}

/// An element with its container (None: the model itself).
#[derive(Clone, Debug, PartialEq)]
struct Node {
    own: Own,
    parent: Option<String>,
}

/// A model as elements by id, with the children of each container in order.
#[derive(Default)]
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
            let own = Own::Subprocess {
                name: sp.name.clone(),
                org_unit: sp.org_unit.clone(),
            };
            if f.add(None, &sp.id, own) {
                f.items(&sp.id, &sp.items);
            }
        }
        f
    }

    /// Notes an element; false (and nothing noted) when its id is taken.
    fn add(&mut self, parent: Option<&str>, id: &str, own: Own) -> bool {
        if self.nodes.contains_key(id) {
            return false;
        }
        let parent = parent.map(str::to_owned);
        self.children
            .entry(parent.clone())
            .or_default()
            .push(id.to_owned());
        self.nodes.insert(id.to_owned(), Node { own, parent });
        self.order.push(id.to_owned());
        true
    }

    fn items(&mut self, container: &str, items: &[Item]) {
        for it in items {
            match it {
                Item::Step(s) => {
                    self.add(Some(container), &s.id, Own::Step(Box::new(s.clone())));
                }
                Item::Variant(b) | Item::Parallel(b) => {
                    let own = Own::Branching {
                        parallel: matches!(it, Item::Parallel(_)),
                        label: b.label.clone(),
                    };
                    if !self.add(Some(container), &b.id, own) {
                        continue;
                    }
                    for br in &b.branches {
                        let own = Own::Branch {
                            label: br.label.clone(),
                            share: br.share,
                        };
                        if self.add(Some(&b.id), &br.id, own) {
                            self.items(&br.id, &br.items);
                        }
                    }
                }
            }
        }
    }

    fn children_of(&self, container: &Option<String>) -> std::slice::Iter<'_, String> {
        self.children
            .get(container)
            .map(|c| c.iter())
            .unwrap_or_default()
    }

    fn is_child(&self, id: &str, container: &Option<String>) -> bool {
        self.nodes.get(id).is_some_and(|n| &n.parent == container)
    }

    /// Every container that may hold elements: the model and each element.
    fn containers(&self) -> Vec<Option<String>> {
        std::iter::once(None)
            .chain(self.order.iter().cloned().map(Some))
            .collect()
    }

    /// The children of `container` that are children of it in `other`
    /// too, in this version's order.
    fn common<'a>(&'a self, other: &Flat, container: &Option<String>) -> Vec<&'a String> {
        self.children_of(container)
            .filter(|id| other.is_child(id, container))
            .collect()
    }

    /// The model again, and which elements it reached from the top (an
    /// element under a container that cannot hold it is not reached).
    fn build(&self) -> (BlockModel, HashSet<String>) {
        let mut reached = HashSet::new();
        let subprocesses = self
            .children_of(&None)
            .filter_map(|id| match &self.nodes[id].own {
                Own::Subprocess { name, org_unit } => {
                    reached.insert(id.clone());
                    Some(Subprocess {
                        id: id.clone(),
                        name: name.clone(),
                        org_unit: org_unit.clone(),
                        items: self.build_items(id, &mut reached),
                    })
                }
                _ => None,
            })
            .collect();
        (BlockModel { subprocesses }, reached)
    }

    fn build_items(&self, container: &str, reached: &mut HashSet<String>) -> Vec<Item> {
        let container = Some(container.to_owned());
        self.children_of(&container)
            .filter_map(|id| {
                let item = match &self.nodes[id].own {
                    Own::Step(s) => Item::Step((**s).clone()),
                    Own::Branching { parallel, label } => {
                        let b = Branching {
                            id: id.clone(),
                            label: label.clone(),
                            branches: self.build_branches(id, reached),
                        };
                        if *parallel {
                            Item::Parallel(b)
                        } else {
                            Item::Variant(b)
                        }
                    }
                    _ => return None,
                };
                reached.insert(id.clone());
                Some(item)
            })
            .collect()
    }

    fn build_branches(&self, branching: &str, reached: &mut HashSet<String>) -> Vec<Branch> {
        let container = Some(branching.to_owned());
        self.children_of(&container)
            .filter_map(|id| match &self.nodes[id].own {
                Own::Branch { label, share } => {
                    reached.insert(id.clone());
                    Some(Branch {
                        id: id.clone(),
                        label: label.clone(),
                        share: *share,
                        items: self.build_items(id, reached),
                    })
                }
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Op;

    /// Eingang (s1, s2), then Prüfung with a variant v1 (b1: s3, b2: empty).
    fn sample() -> BlockModel {
        let mut m = BlockModel::new();
        for op in [
            Op::AddSubprocess {
                after: None,
                name: "Eingang".into(),
                org_unit: None,
            },
            Op::InsertStep {
                container: "sp1".into(),
                after: None,
                block: "eingang".into(),
                label: "Antrag kommt an".into(),
            },
            Op::InsertStep {
                container: "sp1".into(),
                after: Some("s1".into()),
                block: "formell-pruefen".into(),
                label: "Vollständigkeit prüfen".into(),
            },
            Op::AddSubprocess {
                after: Some("sp1".into()),
                name: "Prüfung".into(),
                org_unit: None,
            },
            Op::AddVariant {
                container: "sp2".into(),
                after: None,
                label: "Vollständig?".into(),
            },
            Op::InsertStep {
                container: "b1".into(),
                after: None,
                block: "inhaltlich-pruefen".into(),
                label: "Inhalt prüfen".into(),
            },
        ] {
            m.apply(&op).unwrap();
        }
        m
    }

    fn edited(m: &BlockModel, ops: &[Op]) -> BlockModel {
        let mut m = m.clone();
        for op in ops {
            m.apply(op).unwrap();
        }
        m
    }

    fn relabel(id: &str, label: &str, m: &BlockModel) -> Op {
        Op::SetStep {
            id: id.into(),
            step: StepItem {
                label: label.into(),
                ..m.find(id).unwrap().clone()
            },
        }
    }

    #[test]
    fn a_diff_names_what_happened_to_each_element() {
        let base = sample();
        assert!(diff(&base, &base).is_empty());
        let after = edited(
            &base,
            &[
                relabel("s2", "Unterlagen prüfen", &base),
                Op::MoveItem {
                    id: "sp2".into(),
                    up: true,
                },
                Op::InsertStep {
                    container: "b2".into(),
                    after: None,
                    block: "bescheid".into(),
                    label: String::new(),
                },
                Op::Delete { id: "s3".into() },
            ],
        );
        let d = diff(&base, &after);
        assert_eq!(d.changed, ["s2"]);
        assert_eq!(d.removed, ["s3"]);
        assert_eq!(d.added, ["s4"]);
        assert_eq!(d.moved, ["sp2", "sp1"]);
        assert!(d.changed_or_removed("s2") && d.changed_or_removed("s3"));
        assert!(!d.changed_or_removed("s1"));
    }

    #[test]
    fn a_step_changed_inside_a_branch_changes_the_step_only() {
        let base = sample();
        let after = edited(&base, &[relabel("s3", "Genau prüfen", &base)]);
        assert_eq!(diff(&base, &after).changed, ["s3"]);
    }

    #[test]
    fn edits_on_both_sides_come_together() {
        let base = sample();
        let ours = edited(
            &base,
            &[
                relabel("s1", "Antrag kommt online", &base),
                Op::InsertStep {
                    container: "sp1".into(),
                    after: Some("s2".into()),
                    block: "bescheid".into(),
                    label: "Bescheid".into(),
                },
            ],
        );
        let theirs = edited(
            &base,
            &[
                relabel("s3", "Genau prüfen", &base),
                Op::RenameSubprocess {
                    id: "sp2".into(),
                    name: "Sachprüfung".into(),
                    org_unit: Some("unit-1".into()),
                },
                Op::AddBranch {
                    id: "v1".into(),
                    label: "Unklar".into(),
                },
            ],
        );
        let m = merge(&base, &ours, &theirs).unwrap();
        assert_eq!(m.find("s1").unwrap().label, "Antrag kommt online");
        assert_eq!(m.find("s3").unwrap().label, "Genau prüfen");
        assert_eq!(m.find("s4").unwrap().label, "Bescheid");
        assert_eq!(m.subprocesses[1].name, "Sachprüfung");
        assert_eq!(
            m.find_item("v1")
                .unwrap()
                .as_branching()
                .unwrap()
                .branches
                .len(),
            3
        );
        let ids: Vec<&str> = m.subprocesses[0].items.iter().map(Item::id).collect();
        assert_eq!(ids, ["s1", "s2", "s4"]);
        assert_eq!(merge(&base, &theirs, &ours), Ok(m));
    }

    #[test]
    fn insertions_at_the_same_place_keep_both() {
        let base = sample();
        let step = |label: &str| Op::InsertStep {
            container: "sp1".into(),
            after: Some("s1".into()),
            block: "eingang".into(),
            label: label.into(),
        };
        let ours = edited(&base, &[step("Eingang bestätigen")]);
        // Theirs got another id for its new step.
        let mut theirs = edited(&base, &[step("Akte anlegen")]);
        if let Item::Step(s) = &mut theirs.subprocesses[0].items[1] {
            s.id = "s9".into();
        }
        let m = merge(&base, &ours, &theirs).unwrap();
        let labels: Vec<&str> = m.subprocesses[0].items.iter().map(Item::label).collect();
        assert_eq!(
            labels,
            [
                "Antrag kommt an",
                "Eingang bestätigen",
                "Akte anlegen",
                "Vollständigkeit prüfen"
            ]
        );
    }

    #[test]
    fn what_does_not_fit_together_is_named() {
        let base = sample();
        let ours = edited(&base, &[relabel("s2", "A", &base)]);
        let theirs = edited(&base, &[relabel("s2", "B", &base)]);
        assert_eq!(
            merge(&base, &ours, &theirs),
            Err(vec![Conflict::Changed("s2".into())])
        );
        // The same change on both sides is no conflict.
        assert_eq!(merge(&base, &ours, &ours), Ok(ours.clone()));
        // Changed here, deleted there.
        let gone = edited(&base, &[Op::Delete { id: "s2".into() }]);
        assert_eq!(
            merge(&base, &ours, &gone),
            Err(vec![Conflict::ChangedAndRemoved("s2".into())])
        );
        // A step added to a branch the other side deleted.
        let added = edited(
            &base,
            &[Op::InsertStep {
                container: "b2".into(),
                after: None,
                block: "bescheid".into(),
                label: String::new(),
            }],
        );
        let deleted = edited(&base, &[Op::Delete { id: "sp2".into() }]);
        assert_eq!(
            merge(&base, &added, &deleted),
            Err(vec![Conflict::Orphaned("s4".into())])
        );
        // Both sides reordered the same container differently.
        let down = edited(
            &base,
            &[Op::MoveItem {
                id: "s1".into(),
                up: false,
            }],
        );
        let mut three = base.clone();
        three.subprocesses[0].items.push(Item::Step(StepItem {
            id: "s7".into(),
            ..StepItem::default()
        }));
        let ours = edited(
            &three,
            &[Op::MoveItem {
                id: "s1".into(),
                up: false,
            }],
        );
        let theirs = edited(
            &three,
            &[Op::MoveItem {
                id: "s7".into(),
                up: true,
            }],
        );
        assert!(
            matches!(merge(&three, &ours, &theirs), Err(c) if c.iter().all(|c| matches!(c, Conflict::Moved(_))))
        );
        assert_eq!(merge(&base, &down, &base), Ok(down));
        assert_eq!(
            Conflict::Changed("s2".into()).to_string(),
            "„s2“ wurde auf beiden Seiten unterschiedlich geändert."
        );
    }
}
