//! The shape of `library.toml`: the demo library's editor, which demo
//! processes become templates (with role names, notes and the kinds they
//! suit), the proposal left waiting, and the adopted process whose
//! template gets a newer version. References by name, as in the other
//! demo files.

use std::collections::BTreeMap;

use ablauf_domain::OrgKind;
use ablauf_model::{BlockModel, Item, StepItem};
use anyhow::anyhow;
use serde::Deserialize;

/// `library.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    pub editor: Option<Editor>,
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    /// Released as version 1.0 each, in file order.
    #[serde(default, rename = "template")]
    pub templates: Vec<Proposal>,
    /// Left waiting in the editors' queue.
    #[serde(default, rename = "proposal")]
    pub proposals: Vec<Proposal>,
    pub update: Option<Update>,
}

/// The library editor: an account of no organisation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Editor {
    pub email: String,
    pub name: String,
}

/// What an organisation's proposals have in common.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The organisation's folder.
    pub organisation: String,
    /// The proposing person's e-mail address (a member).
    pub proposer: String,
    /// The proposal note unless a proposal has its own.
    pub note: String,
    /// The release notes unless a template has its own.
    #[serde(default)]
    pub release_notes: String,
    /// The kinds of organisation the templates suit (empty: any).
    #[serde(default)]
    pub suits: Vec<OrgKind>,
    /// Org unit name → the role it becomes; other units keep their name.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
}

/// One process proposed as a new template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The organisation's folder (a `[[source]]`).
    pub organisation: String,
    /// The process's name in the organisation's register.
    pub process: String,
    pub note: Option<String>,
    pub release_notes: Option<String>,
    pub suits: Option<Vec<OrgKind>>,
    /// Merged over the source's roles.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    /// The editor's comment on a waiting proposal.
    pub comment: Option<String>,
}

/// An adopted template with a newer version the adopter has not taken.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// The process a `[[template]]` was drawn from.
    pub template: String,
    /// The adopting organisation's folder.
    pub adopter: String,
    /// Who adopts (a member of the adopter): the process's owner.
    pub adopted_by: String,
    /// The area of the adopter's process map.
    pub area: String,
    /// Role → the adopter's org unit (by name); every role of the template.
    pub roles: BTreeMap<String, String>,
    /// The adopted process's change note.
    pub note: String,
    /// The adopter's changes to its copy (one model save).
    pub own: Changes,
    /// The source's changes to its process, proposed as a change and
    /// released as the next minor version.
    pub change: Changes,
}

/// Changes to a model, saved as one version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// The model save's change note.
    pub note: String,
    /// The proposal's note (for the source's change).
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub release_notes: String,
    pub edits: Vec<Edit>,
}

/// A change to one step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    /// The step's id.
    pub step: String,
    pub label: Option<String>,
    pub processing_minutes: Option<f64>,
    pub notes: Option<String>,
}

impl Library {
    /// The source of an organisation's proposals.
    pub fn source(&self, organisation: &str) -> anyhow::Result<&Source> {
        self.sources
            .iter()
            .find(|s| s.organisation == organisation)
            .ok_or_else(|| anyhow!("no [[source]] for „{organisation}“"))
    }
}

/// Applies `edits` to the steps of `model`.
pub fn apply(model: &mut BlockModel, edits: &[Edit]) -> anyhow::Result<()> {
    fn find<'m>(items: &'m mut [Item], id: &str) -> Option<&'m mut StepItem> {
        for item in items {
            match item {
                Item::Step(s) if s.id == id => return Some(s),
                Item::Step(_) => {}
                Item::Variant(b) | Item::Parallel(b) => {
                    for br in &mut b.branches {
                        if let Some(s) = find(&mut br.items, id) {
                            return Some(s);
                        }
                    }
                }
            }
        }
        None
    }
    for e in edits {
        let step = model
            .subprocesses
            .iter_mut()
            .find_map(|sp| find(&mut sp.items, &e.step))
            .ok_or_else(|| anyhow!("no step {}", e.step))?;
        if let Some(l) = &e.label {
            step.label = l.clone();
        }
        if let Some(m) = e.processing_minutes {
            step.processing_minutes = Some(m);
        }
        if let Some(n) = &e.notes {
            step.notes = n.clone();
        }
    }
    Ok(())
}
