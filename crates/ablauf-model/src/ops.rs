//! Editing operations. The editor posts one [`Op`] per user action; every
//! operation addresses elements by id, is pure, and either changes the model
//! as described or leaves it untouched and says why (German [`OpError`]).
//! [`Applied::focus`] names the element the editor should focus next.

use crate::model::{BlockModel, Branch, Branching, IdGen, Item, Loc, Path, StepItem, Subprocess};
use crate::validate::quoted;
use serde::{Deserialize, Serialize};

/// One editing operation (JSON: `{"op": "insertStep", "container": "sp1", …}`).
// `SetStep` carries a whole step inline; operations are handled one at a time.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Op {
    /// Add a subprocess after `after` (`None`: at the start).
    AddSubprocess {
        #[serde(default)]
        after: Option<String>,
        #[serde(default)]
        name: String,
        #[serde(default)]
        org_unit: Option<String>,
    },
    RenameSubprocess {
        id: String,
        #[serde(default)]
        name: String,
        #[serde(default)]
        org_unit: Option<String>,
    },
    DeleteSubprocess {
        id: String,
    },
    MoveSubprocess {
        id: String,
        up: bool,
    },
    /// Insert a step into a subprocess or branch, after the item `after`
    /// (`None`: at the start).
    InsertStep {
        container: String,
        #[serde(default)]
        after: Option<String>,
        #[serde(default)]
        block: String,
        #[serde(default)]
        label: String,
    },
    /// Replace a step's attributes; its id stays.
    SetStep {
        id: String,
        step: StepItem,
    },
    /// Move an item (or a branch within its branching, or a subprocess) one
    /// place up or down within its container; never across containers.
    MoveItem {
        id: String,
        up: bool,
    },
    /// Deep copy with fresh ids, inserted right after the original (items,
    /// branches and subprocesses).
    Duplicate {
        id: String,
    },
    /// Delete an item, a branch (not below two) or a subprocess.
    Delete {
        id: String,
    },
    /// Insert a variant with the branches "Fall A" and "Fall B" at 50 % each.
    AddVariant {
        container: String,
        #[serde(default)]
        after: Option<String>,
        #[serde(default)]
        label: String,
    },
    /// Insert a parallel part with two branches.
    AddParallel {
        container: String,
        #[serde(default)]
        after: Option<String>,
        #[serde(default)]
        label: String,
    },
    /// Append a branch to a variant or parallel part.
    AddBranch {
        id: String,
        #[serde(default)]
        label: String,
    },
    SetBranch {
        id: String,
        #[serde(default)]
        label: String,
        #[serde(default)]
        share: Option<f64>,
    },
    DeleteBranch {
        id: String,
    },
}

/// What an applied operation asks the editor to do next.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    /// Id of the element to put keyboard focus on (the new, moved or
    /// neighbouring element); `None` when the model became empty.
    pub focus: Option<String>,
}

/// Why an operation was refused (German messages for the user).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    #[error("Das Element wurde nicht gefunden; vielleicht wurde es inzwischen gelöscht.")]
    NotFound(String),
    #[error(
        "Hier kann nichts eingefügt werden: Das Ziel ist weder ein Teilprozess noch ein Zweig."
    )]
    NotAContainer(String),
    #[error("Die Einfügestelle liegt nicht in diesem Teilprozess oder Zweig.")]
    NotInContainer { container: String, after: String },
    #[error("Das Element ist kein Schritt.")]
    NotAStep(String),
    #[error("Das Element ist keine Variante und keine Parallelität.")]
    NotABranching(String),
    #[error("Das Element ist kein Zweig.")]
    NotABranch(String),
    #[error("Das Element ist kein Teilprozess.")]
    NotASubprocess(String),
    #[error(
        "Eine Verzweigung braucht mindestens zwei Zweige; dieser Zweig kann nicht gelöscht werden."
    )]
    TooFewBranches(String),
    #[error("Das Element steht schon an erster Stelle.")]
    AtStart(String),
    #[error("Das Element steht schon an letzter Stelle.")]
    AtEnd(String),
    #[error("Parallele Zweige laufen immer alle und haben daher keinen Anteil an den Fällen.")]
    ShareOnParallel(String),
}

fn focus(id: impl Into<String>) -> Result<Applied, OpError> {
    Ok(Applied {
        focus: Some(id.into()),
    })
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

impl BlockModel {
    /// Apply an operation. On error the model is unchanged.
    pub fn apply(&mut self, op: &Op) -> Result<Applied, OpError> {
        match op {
            Op::AddSubprocess {
                after,
                name,
                org_unit,
            } => {
                let at = match after {
                    None => 0,
                    Some(a) => self.sp_index(a)? + 1,
                };
                let id = self.new_id("sp");
                self.subprocesses.insert(
                    at,
                    Subprocess {
                        id: id.clone(),
                        name: name.clone(),
                        org_unit: non_empty(org_unit),
                        items: Vec::new(),
                    },
                );
                focus(id)
            }
            Op::RenameSubprocess { id, name, org_unit } => {
                let i = self.sp_index(id)?;
                let sp = &mut self.subprocesses[i];
                sp.name = name.clone();
                sp.org_unit = non_empty(org_unit);
                focus(id)
            }
            Op::DeleteSubprocess { id } => self.delete_subprocess(id),
            Op::MoveSubprocess { id, up } => {
                let i = self.sp_index(id)?;
                let j = neighbour(i, self.subprocesses.len(), *up, id)?;
                self.subprocesses.swap(i, j);
                focus(id)
            }
            Op::InsertStep {
                container,
                after,
                block,
                label,
            } => {
                let (path, at) = self.insertion(container, after.as_deref())?;
                let id = self.new_id("s");
                self.list_mut(&path).insert(
                    at,
                    Item::Step(StepItem {
                        id: id.clone(),
                        label: label.clone(),
                        block: block.clone(),
                        ..StepItem::default()
                    }),
                );
                focus(id)
            }
            Op::SetStep { id, step } => {
                let Some(Loc::Item(path, i)) = self.locate(id) else {
                    return Err(self.not_found_or(id, OpError::NotAStep(id.clone())));
                };
                match &mut self.list_mut(&path)[i] {
                    Item::Step(s) => {
                        *s = StepItem {
                            id: id.clone(),
                            ..step.clone()
                        };
                        focus(id)
                    }
                    _ => Err(OpError::NotAStep(id.clone())),
                }
            }
            Op::MoveItem { id, up } => match self.locate(id) {
                None => Err(OpError::NotFound(id.clone())),
                Some(Loc::Subprocess(_)) => self.apply(&Op::MoveSubprocess {
                    id: id.clone(),
                    up: *up,
                }),
                Some(Loc::Item(path, i)) => {
                    let list = self.list_mut(&path);
                    let j = neighbour(i, list.len(), *up, id)?;
                    list.swap(i, j);
                    focus(id)
                }
                Some(Loc::Branch(path, i, b)) => {
                    let branching = self.list_mut(&path)[i]
                        .as_branching_mut()
                        .expect("located branch has a branching");
                    let j = neighbour(b, branching.branches.len(), *up, id)?;
                    branching.branches.swap(b, j);
                    focus(id)
                }
            },
            Op::Duplicate { id } => {
                let mut ids = IdGen::new(self);
                match self.locate(id) {
                    None => Err(OpError::NotFound(id.clone())),
                    Some(Loc::Subprocess(s)) => {
                        let mut copy = self.subprocesses[s].clone();
                        copy.id = ids.fresh("sp");
                        for it in &mut copy.items {
                            ids.renew_item(it);
                        }
                        let new = copy.id.clone();
                        self.subprocesses.insert(s + 1, copy);
                        focus(new)
                    }
                    Some(Loc::Item(path, i)) => {
                        let list = self.list_mut(&path);
                        let mut copy = list[i].clone();
                        ids.renew_item(&mut copy);
                        let new = copy.id().to_owned();
                        list.insert(i + 1, copy);
                        focus(new)
                    }
                    Some(Loc::Branch(path, i, b)) => {
                        let branching = self.list_mut(&path)[i]
                            .as_branching_mut()
                            .expect("located branch has a branching");
                        let mut copy = branching.branches[b].clone();
                        ids.renew_branch(&mut copy);
                        let new = copy.id.clone();
                        branching.branches.insert(b + 1, copy);
                        focus(new)
                    }
                }
            }
            Op::Delete { id } => match self.locate(id) {
                None => Err(OpError::NotFound(id.clone())),
                Some(Loc::Subprocess(_)) => self.delete_subprocess(id),
                Some(Loc::Branch(..)) => self.delete_branch(id),
                Some(Loc::Item(path, i)) => {
                    let container = self.container_id(&path);
                    let list = self.list_mut(&path);
                    list.remove(i);
                    let next = list
                        .get(i)
                        .or_else(|| i.checked_sub(1).and_then(|p| list.get(p)))
                        .map(|it| it.id().to_owned());
                    focus(next.unwrap_or(container))
                }
            },
            Op::AddVariant {
                container,
                after,
                label,
            } => self.add_branching(container, after.as_deref(), label, true),
            Op::AddParallel {
                container,
                after,
                label,
            } => self.add_branching(container, after.as_deref(), label, false),
            Op::AddBranch { id, label } => {
                let Some(Loc::Item(path, i)) = self.locate(id) else {
                    return Err(self.not_found_or(id, OpError::NotABranching(id.clone())));
                };
                let new = self.new_id("b");
                let Some(b) = self.list_mut(&path)[i].as_branching_mut() else {
                    return Err(OpError::NotABranching(id.clone()));
                };
                b.branches.push(Branch {
                    id: new.clone(),
                    label: label.clone(),
                    share: None,
                    items: Vec::new(),
                });
                focus(new)
            }
            Op::SetBranch { id, label, share } => {
                let Some(Loc::Branch(path, i, b)) = self.locate(id) else {
                    return Err(self.not_found_or(id, OpError::NotABranch(id.clone())));
                };
                let item = &mut self.list_mut(&path)[i];
                if share.is_some() && matches!(item, Item::Parallel(_)) {
                    return Err(OpError::ShareOnParallel(id.clone()));
                }
                let br = &mut item
                    .as_branching_mut()
                    .expect("located branch has a branching")
                    .branches[b];
                br.label = label.clone();
                br.share = *share;
                focus(id)
            }
            Op::DeleteBranch { id } => self.delete_branch(id),
        }
    }

    /// A German description of an operation for the undo list, naming the
    /// elements it touches with their current labels (call it before `apply`).
    pub fn describe_op(&self, op: &Op) -> String {
        let what = |id: &str| -> Option<String> {
            Some(match self.locate(id)? {
                Loc::Subprocess(s) => format!(
                    "Teilprozess {}",
                    quoted(&self.subprocesses[s].name, "ohne Namen")
                ),
                Loc::Item(p, i) => {
                    let it = &self.list(&p)[i];
                    format!(
                        "{} {}",
                        it.kind_name(),
                        quoted(it.label(), "ohne Bezeichnung")
                    )
                }
                Loc::Branch(p, i, b) => {
                    let br = &self.list(&p)[i]
                        .as_branching()
                        .expect("located branch has a branching")
                        .branches[b];
                    format!("Zweig {}", quoted(&br.label, "ohne Bezeichnung"))
                }
            })
        };
        let named = |id: &str, verb: &str| match what(id) {
            Some(w) => format!("{w} {verb}"),
            None => describe(op),
        };
        match op {
            Op::DeleteSubprocess { id } | Op::Delete { id } | Op::DeleteBranch { id } => {
                named(id, "gelöscht")
            }
            Op::MoveSubprocess { id, up } | Op::MoveItem { id, up } => named(
                id,
                if *up {
                    "nach oben verschoben"
                } else {
                    "nach unten verschoben"
                },
            ),
            Op::Duplicate { id } => named(id, "dupliziert"),
            _ => describe(op),
        }
    }

    fn sp_index(&self, id: &str) -> Result<usize, OpError> {
        match self.locate(id) {
            Some(Loc::Subprocess(s)) => Ok(s),
            Some(_) => Err(OpError::NotASubprocess(id.to_owned())),
            None => Err(OpError::NotFound(id.to_owned())),
        }
    }

    fn not_found_or(&self, id: &str, e: OpError) -> OpError {
        if self.locate(id).is_none() {
            OpError::NotFound(id.to_owned())
        } else {
            e
        }
    }

    /// The list a container id denotes and the index to insert at.
    fn insertion(&self, container: &str, after: Option<&str>) -> Result<(Path, usize), OpError> {
        let path = match self.locate(container) {
            None => return Err(OpError::NotFound(container.to_owned())),
            Some(Loc::Subprocess(s)) => Path {
                sp: s,
                chain: Vec::new(),
            },
            Some(Loc::Branch(mut p, i, b)) => {
                p.chain.push((i, b));
                p
            }
            Some(Loc::Item(..)) => return Err(OpError::NotAContainer(container.to_owned())),
        };
        let at = match after {
            None => 0,
            Some(a) => {
                self.list(&path)
                    .iter()
                    .position(|it| it.id() == a)
                    .ok_or_else(|| OpError::NotInContainer {
                        container: container.to_owned(),
                        after: a.to_owned(),
                    })?
                    + 1
            }
        };
        Ok((path, at))
    }

    /// Id of the subprocess or branch holding the list at `path`.
    fn container_id(&self, path: &Path) -> String {
        match path.chain.split_last() {
            None => self.subprocesses[path.sp].id.clone(),
            Some((&(i, b), rest)) => {
                let parent = Path {
                    sp: path.sp,
                    chain: rest.to_vec(),
                };
                self.list(&parent)[i]
                    .as_branching()
                    .expect("path points through a branching")
                    .branches[b]
                    .id
                    .clone()
            }
        }
    }

    fn add_branching(
        &mut self,
        container: &str,
        after: Option<&str>,
        label: &str,
        variant: bool,
    ) -> Result<Applied, OpError> {
        let (path, at) = self.insertion(container, after)?;
        let mut ids = IdGen::new(self);
        let id = ids.fresh(if variant { "v" } else { "p" });
        let names = if variant {
            ["Fall A", "Fall B"]
        } else {
            ["Zweig A", "Zweig B"]
        };
        let branches = names
            .iter()
            .map(|n| Branch {
                id: ids.fresh("b"),
                label: (*n).to_owned(),
                share: variant.then_some(0.5),
                items: Vec::new(),
            })
            .collect();
        let b = Branching {
            id: id.clone(),
            label: label.to_owned(),
            branches,
        };
        let item = if variant {
            Item::Variant(b)
        } else {
            Item::Parallel(b)
        };
        self.list_mut(&path).insert(at, item);
        focus(id)
    }

    fn delete_subprocess(&mut self, id: &str) -> Result<Applied, OpError> {
        let i = self.sp_index(id)?;
        self.subprocesses.remove(i);
        let next = self
            .subprocesses
            .get(i)
            .or_else(|| i.checked_sub(1).and_then(|p| self.subprocesses.get(p)))
            .map(|s| s.id.clone());
        Ok(Applied { focus: next })
    }

    fn delete_branch(&mut self, id: &str) -> Result<Applied, OpError> {
        let Some(Loc::Branch(path, i, b)) = self.locate(id) else {
            return Err(self.not_found_or(id, OpError::NotABranch(id.to_owned())));
        };
        let branching = self.list_mut(&path)[i]
            .as_branching_mut()
            .expect("located branch has a branching");
        if branching.branches.len() <= 2 {
            return Err(OpError::TooFewBranches(id.to_owned()));
        }
        branching.branches.remove(b);
        let next = branching
            .branches
            .get(b)
            .or_else(|| branching.branches.get(b.wrapping_sub(1)))
            .map(|br| br.id.clone());
        Ok(Applied { focus: next })
    }
}

fn neighbour(i: usize, len: usize, up: bool, id: &str) -> Result<usize, OpError> {
    if up {
        i.checked_sub(1)
            .ok_or_else(|| OpError::AtStart(id.to_owned()))
    } else if i + 1 < len {
        Ok(i + 1)
    } else {
        Err(OpError::AtEnd(id.to_owned()))
    }
}

/// A short German description of an operation for an undo list, e.g.
/// "Schritt „Antrag prüfen“ eingefügt". Operations that address an element
/// only by id are described generically; [`BlockModel::describe_op`] names it.
pub fn describe(op: &Op) -> String {
    let q = |s: &str| {
        let s = s.trim();
        if s.is_empty() {
            String::new()
        } else {
            format!(" „{s}“")
        }
    };
    match op {
        Op::AddSubprocess { name, .. } => format!("Teilprozess{} hinzugefügt", q(name)),
        Op::RenameSubprocess { name, .. } => format!("Teilprozess{} geändert", q(name)),
        Op::DeleteSubprocess { .. } => "Teilprozess gelöscht".into(),
        Op::MoveSubprocess { up, .. } => format!(
            "Teilprozess nach {} verschoben",
            if *up { "oben" } else { "unten" }
        ),
        Op::InsertStep { label, .. } => format!("Schritt{} eingefügt", q(label)),
        Op::SetStep { step, .. } => format!("Schritt{} geändert", q(&step.label)),
        Op::MoveItem { up, .. } => format!(
            "Element nach {} verschoben",
            if *up { "oben" } else { "unten" }
        ),
        Op::Duplicate { .. } => "Element dupliziert".into(),
        Op::Delete { .. } => "Element gelöscht".into(),
        Op::AddVariant { label, .. } => format!("Variante{} eingefügt", q(label)),
        Op::AddParallel { label, .. } => format!("Parallelität{} eingefügt", q(label)),
        Op::AddBranch { label, .. } => format!("Zweig{} hinzugefügt", q(label)),
        Op::SetBranch { label, .. } => format!("Zweig{} geändert", q(label)),
        Op::DeleteBranch { .. } => "Zweig gelöscht".into(),
    }
}
