//! Editing a block model: one operation at a time, each saved at once as a
//! new version of the process (the block editor's autosave), and undo.
//!
//! An edit names the version it was made on. When someone saved since,
//! the operation is applied to the current model instead (operations
//! address elements by id, so that is well defined) — unless it changes an
//! element in place (a step's attributes, a branch, a subprocess's name)
//! that the other person changed or deleted since: then nothing is saved
//! and [`Edit::Conflict`] carries both values, so the person can decide.
//! Which elements changed between two versions is
//! [`ablauf_model::diff`]'s answer.

use ablauf_domain::ProcessId;
use ablauf_model::{BlockModel, Op, StepItem};
use ablauf_store::{Actor, OrgId, ProcessRow, Store, StoreError, StoredModel, VersionRow, Which};

use super::{current_model, person};
use crate::error::{Error, FieldErrors, Result};
use crate::i18n::{t, tf};

/// What became of an edit.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Saved as `version`; `before` is the version it replaced (what undo
    /// goes back to).
    Saved {
        version: i64,
        before: i64,
        /// The element to focus next (new, moved or neighbouring).
        focus: Option<String>,
    },
    /// The operation changed nothing, so nothing was saved.
    Unchanged { focus: Option<String> },
    /// The operation does not fit the model: why, in German.
    Refused(String),
    /// Someone else changed the element meanwhile.
    Conflict(Box<Conflict>),
}

/// An edit made on an older version meets someone else's change of the
/// same element.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The element the edit changes in place.
    pub id: String,
    /// Who saved the current version (name without address).
    pub author: String,
    /// The element as it is now; None when it was deleted meanwhile.
    pub theirs: Option<Element>,
    /// What the edit would have made of it.
    pub mine: Element,
}

/// The fields of an element an edit changes in place.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Step(Box<StepItem>),
    Branch {
        label: String,
        share: Option<f64>,
    },
    Subprocess {
        name: String,
        org_unit: Option<String>,
    },
}

/// The element an operation changes in place, with its new value.
fn in_place(op: &Op) -> Option<(&str, Element)> {
    Some(match op {
        Op::SetStep { id, step } => (id, Element::Step(Box::new(step.clone()))),
        Op::SetBranch { id, label, share } => (
            id,
            Element::Branch {
                label: label.clone(),
                share: *share,
            },
        ),
        Op::RenameSubprocess { id, name, org_unit } => (
            id,
            Element::Subprocess {
                name: name.clone(),
                org_unit: org_unit.clone(),
            },
        ),
        _ => return None,
    })
}

/// An element of a model as an edit would change it.
fn element(m: &BlockModel, id: &str) -> Option<Element> {
    if let Some(s) = m.find(id) {
        return Some(Element::Step(Box::new(s.clone())));
    }
    if let Some(b) = m.find_branch(id) {
        return Some(Element::Branch {
            label: b.label.clone(),
            share: b.share,
        });
    }
    m.find_subprocess(id).map(|s| Element::Subprocess {
        name: s.name.clone(),
        org_unit: s.org_unit.clone(),
    })
}

/// Applies `op`, made on `base_version`, to the current as-is or to-be
/// model of a process and saves the result as a new version. Retries when
/// a concurrent save wins the race; refuses when the model can only be
/// edited as BPMN, or when the to-be model was deleted meanwhile.
pub async fn apply(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    (process, which): (ProcessId, Which),
    base_version: i64,
    op: &Op,
) -> Result<Edit> {
    for _ in 0..3 {
        let (row, v) = store.get_process(org, process).await?;
        if which == Which::ToBe && !v.has_to_be() {
            return Ok(Edit::Refused(t("to_be.missing")));
        }
        let v = v.viewed_as(which);
        let Some(mut model) = current_model(&v).editable() else {
            return Ok(Edit::Refused(t("model.bpmn_only_short")));
        };
        if base_version != row.version
            && let Some(conflict) =
                changed_since(store, org, (process, which), base_version, &model, op)
                    .await
                    .map(|(id, mine)| Conflict {
                        theirs: element(&model, &id),
                        id,
                        author: person(&v.author_name),
                        mine,
                    })
        {
            return Ok(Edit::Conflict(Box::new(conflict)));
        }
        let description = model.describe_op(op);
        let unchanged = model.clone();
        let applied = match model.apply(op) {
            Ok(a) => a,
            Err(e) => return Ok(Edit::Refused(e.to_string())),
        };
        if model == unchanged {
            return Ok(Edit::Unchanged {
                focus: applied.focus,
            });
        }
        let stored = StoredModel {
            blocks: Some(model.to_json()),
            bpmn: None,
        };
        match store
            .save_model(
                actor,
                org,
                process,
                which,
                row.version,
                &stored,
                &description,
            )
            .await
        {
            Ok(saved) => {
                return Ok(Edit::Saved {
                    version: saved.version,
                    before: row.version,
                    focus: applied.focus,
                });
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Edit::Refused(t("model.busy")))
}

/// The element `op` changes in place (with its new value), when someone
/// changed or deleted it since `base_version`.
async fn changed_since(
    store: &Store,
    org: OrgId,
    (process, which): (ProcessId, Which),
    base_version: i64,
    current: &BlockModel,
    op: &Op,
) -> Option<(String, Element)> {
    let (id, mine) = in_place(op)?;
    let base = store.get_version(org, process, base_version).await.ok()?;
    let base = current_model(&base.viewed_as(which)).editable()?;
    ablauf_model::diff(&base, current)
        .changed_or_removed(id)
        .then(|| (id.to_owned(), mine))
}

/// What became of an undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undone {
    /// The model of `back_to` is the current one again, as a new version.
    Done { version: i64 },
    /// Someone else saved after the person's last change: nothing undone.
    Stale,
}

/// Takes the person's last change back: restores the (as-is or to-be)
/// model of `back_to` as a new version, if `version` (the one their change
/// created) is still the current one.
pub async fn undo(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    (process, which): (ProcessId, Which),
    version: i64,
    back_to: i64,
) -> Result<Undone> {
    let (row, _) = store.get_process(org, process).await?;
    if row.version != version {
        return Ok(Undone::Stale);
    }
    let old = store.get_version(org, process, back_to).await?;
    let note = tf("model.undone", &[("version", &back_to.to_string())]);
    match store
        .save_model(
            actor,
            org,
            process,
            which,
            version,
            &old.stored(which),
            &note,
        )
        .await
    {
        Ok(saved) => Ok(Undone::Done {
            version: saved.version,
        }),
        Err(StoreError::Conflict(_)) => Ok(Undone::Stale),
        Err(e) => Err(e.into()),
    }
}

/// The change undo takes back: the note of the version the person's last
/// change created, i.e. the one after `undo_top` (after an undo, the
/// current version's note is "Rückgängig gemacht …", which is not what
/// undo does next). Empty without anything to undo.
pub async fn undo_note(
    store: &Store,
    org: OrgId,
    row: &ProcessRow,
    current: &VersionRow,
    undo_top: Option<i64>,
) -> String {
    let Some(top) = undo_top else {
        return String::new();
    };
    if top + 1 == row.version {
        return current.note.clone();
    }
    match store.get_version(org, row.id, top + 1).await {
        Ok(v) => v.note,
        Err(_) => current.note.clone(),
    }
}

/// Replaces the as-is or to-be model of a process with `model` (a new
/// version), if `expected_version` is still the current one; otherwise
/// [`Error::Conflict`] and nothing is written. A to-be model must exist
/// ([`super::to_be::create`] makes one), else [`Error::NotFound`]. Every element needs an id
/// of its own, as the editing operations and the diff rely on them. The
/// version's change note is `note`, or "saved as building blocks".
pub async fn save_model(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    (process, which): (ProcessId, Which),
    expected_version: i64,
    model: &BlockModel,
    note: Option<&str>,
) -> Result<ProcessRow> {
    super::to_be::require(store, org, (process, which), expected_version).await?;
    let ids = model.ids();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    if unique.len() != ids.len() || unique.contains("") {
        return Err(Error::Invalid(FieldErrors::single(
            "model",
            "error.model_ids",
        )));
    }
    let stored = StoredModel {
        blocks: Some(model.to_json()),
        bpmn: None,
    };
    Ok(store
        .save_model(
            actor,
            org,
            process,
            which,
            expected_version,
            &stored,
            note.unwrap_or(&t("model.saved_as_blocks")),
        )
        .await?)
}
