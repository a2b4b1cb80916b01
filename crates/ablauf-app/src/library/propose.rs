//! Proposing one of the organisation's processes as a template, or — for
//! a process that came from a template — a change to that template
//! ("Änderung vorschlagen"). Before anything leaves the organisation it is
//! made organisation-neutral and checked for personal data; the proposer
//! sees exactly what will be sent.

use std::collections::HashMap;

use ablauf_domain::{OrgKind, OrgUnitId, ProcessId, ProposalId, ProposalState};
use ablauf_library::content::{Mapping, Names, neutralise};
use ablauf_library::personal::{self, Finding};
use ablauf_library::{Content, Version};
use ablauf_store::library::{LineageRow, NewProposal, ProposalRow, TemplateRow};
use ablauf_store::{Actor, OrgId, ProcessRow, Store};

use super::{content_json, mapping_json, version};
use crate::modelling::{Current, current_model};
use crate::{Error, FieldErrors, Result};

/// Where a proposal goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// A new template.
    New,
    /// A change to the template the process came from, based on the
    /// version the process is based on.
    Change {
        template: Box<TemplateRow>,
        base: Version,
    },
}

/// What the proposer sees before sending.
#[derive(Debug, Clone)]
pub struct Preview {
    pub process: ProcessRow,
    pub version: i64,
    pub target: Target,
    /// The content as it would be sent.
    pub content: Content,
    /// Each org unit the process names, with the role it becomes.
    pub roles: Vec<(OrgUnitId, String, String)>,
    /// Personal data found; must be resolved or confirmed.
    pub findings: Vec<Finding>,
    /// The organisation's kind, offered as what the template suits.
    pub org_kind: OrgKind,
    /// Proposals of this process still waiting.
    pub pending: Vec<ProposalRow>,
    /// How the organisation reads the content's names (kept with the
    /// proposal, for the lineage after release).
    pub mapping: Mapping,
}

/// What the proposer chose.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub note: String,
    /// Role names instead of the units' names.
    pub renames: HashMap<OrgUnitId, String>,
    /// The kinds of organisation the template suits (empty: any).
    pub suits: Vec<OrgKind>,
    /// The proposer looked at the personal-data findings and confirms the
    /// texts are fine to share.
    pub confirm_personal: bool,
}

/// The outcome of proposing.
#[derive(Debug)]
pub enum Proposed {
    Created(Box<ProposalRow>),
    /// Not sent: personal data to resolve or confirm.
    PersonalData(Vec<Finding>),
}

/// Most characters of a proposal's note.
pub const MAX_NOTE: usize = 5000;

/// The neutral content of a process as it would be proposed.
pub async fn preview(
    store: &Store,
    org: OrgId,
    process: ProcessId,
    choices: &Choices,
) -> Result<Preview> {
    let (row, v) = store.get_process(org, process).await?;
    let model = match current_model(&v) {
        Current::Blocks(m) => m,
        Current::Empty => ablauf_model::BlockModel::new(),
        Current::BpmnOnly(_) => return Err(Error::Refused("error.proposal_bpmn_only")),
    };
    let profile = v.profile();
    let units = store.list_org_units(org).await?;
    let lineage = store.get_lineage(org, process).await?;
    // A process that came from a template keeps the template's role names
    // unless the proposer renames them: a change proposal changes what
    // was changed, not every role.
    let mut inherited: HashMap<OrgUnitId, String> = HashMap::new();
    if let Some(l) = &lineage {
        for (role, unit) in super::mapping(&l.mapping).roles {
            inherited.entry(unit).or_insert(role);
        }
    }
    let mut names = Names::default();
    for u in &units {
        let role = choices
            .renames
            .get(&u.id)
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .or_else(|| inherited.get(&u.id).cloned())
            .unwrap_or_else(|| u.name.clone());
        names.roles.insert(u.id, role);
    }
    let mut mapping = Mapping::default();
    for (unit, role) in &names.roles {
        mapping.roles.entry(role.clone()).or_insert(*unit);
    }
    for g in store.list_pay_grades(org).await? {
        mapping.pay_grades.entry(g.name.clone()).or_insert(g.id);
        names.pay_grades.insert(g.id, g.name);
    }
    for e in store.all_reference_entries(org).await? {
        mapping
            .entries
            .entry(e.kind)
            .or_default()
            .entry(e.name.clone())
            .or_insert(e.id);
        names.entries.insert(e.id, e.name);
    }
    let org_row = store.get_organization(org).await?;
    let content = neutralise(&profile, &model, &names, &choices.suits);
    let used: Vec<String> = content.roles();
    let roles = units
        .iter()
        .filter(|u| used.contains(&names.roles[&u.id]))
        .map(|u| (u.id, u.name.clone(), names.roles[&u.id].clone()))
        .collect();
    let people: Vec<String> = store
        .list_members(org)
        .await?
        .into_iter()
        .map(|m| m.display_name)
        .collect();
    let findings = personal::check(&content, &people);
    let target = match lineage {
        Some(LineageRow {
            template_id,
            major,
            minor,
            ..
        }) => Target::Change {
            template: Box::new(store.get_template(template_id).await?),
            base: version(major, minor),
        },
        None => Target::New,
    };
    let pending = store
        .proposals_of_process(org, process)
        .await?
        .into_iter()
        .filter(|p| p.state.is_pending())
        .collect();
    Ok(Preview {
        version: row.version,
        process: row,
        target,
        content,
        roles,
        findings,
        org_kind: org_row.kind,
        pending,
        mapping,
    })
}

/// Sends the proposal: refused while personal data is found and not
/// confirmed, and for a process without steps.
pub async fn propose(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    process: ProcessId,
    choices: &Choices,
) -> Result<Proposed> {
    if choices.note.chars().count() > MAX_NOTE {
        return Err(Error::Invalid(FieldErrors::single(
            "note",
            "error.text_too_long",
        )));
    }
    let p = preview(store, org, process, choices).await?;
    if p.content.step_count() == 0 {
        return Err(Error::Refused("error.proposal_no_model"));
    }
    if !p.findings.is_empty() && !choices.confirm_personal {
        return Ok(Proposed::PersonalData(p.findings));
    }
    let (template_id, base) = match &p.target {
        Target::New => (None, None),
        Target::Change { template, base } => (
            Some(template.id),
            Some((i64::from(base.major), i64::from(base.minor))),
        ),
    };
    let row = store
        .create_proposal(
            actor,
            org,
            &NewProposal {
                process_id: process,
                process_version: p.version,
                template_id,
                base,
                name: p.content.profile.name.clone(),
                note: choices.note.trim().to_owned(),
                content: content_json(&p.content),
                mapping: mapping_json(&p.mapping),
            },
        )
        .await?;
    Ok(Proposed::Created(Box::new(row)))
}

/// A proposal as its organisation sees it (404 for another's).
pub async fn own_proposal(store: &Store, org: OrgId, id: ProposalId) -> Result<ProposalRow> {
    let p = store.get_proposal(id).await?;
    if p.organization_id != org {
        return Err(Error::NotFound);
    }
    Ok(p)
}

/// Sends the process's current state again for a proposal the editors sent
/// back (or that still waits), with a new note.
pub async fn resubmit(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    id: ProposalId,
    choices: &Choices,
) -> Result<Proposed> {
    let old = own_proposal(store, org, id).await?;
    if !old.state.is_pending() {
        return Err(Error::Refused("error.proposal_state"));
    }
    let process = old
        .process_id
        .ok_or(Error::Refused("error.proposal_process_gone"))?;
    let p = preview(store, org, process, choices).await?;
    if !p.findings.is_empty() && !choices.confirm_personal {
        return Ok(Proposed::PersonalData(p.findings));
    }
    let row = store
        .resubmit_proposal(
            actor,
            org,
            id,
            (
                p.version,
                &content_json(&p.content),
                &mapping_json(&p.mapping),
                choices.note.trim(),
            ),
        )
        .await?;
    Ok(Proposed::Created(Box::new(row)))
}

/// Whether a proposal still waits for the library editors.
pub fn waits(p: &ProposalRow) -> bool {
    p.state == ProposalState::Open
}
