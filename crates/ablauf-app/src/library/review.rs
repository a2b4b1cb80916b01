//! The library editors' review (Redaktion): the queue of proposals, a
//! proposal with its quality findings and — for a change to a template —
//! what it changes, comments back and forth with the proposer, and the
//! decisions: request changes, reject with a reason, or release as a new
//! template version with release notes. Four eyes: nobody releases their
//! own proposal.

use ablauf_analysis::{Category, Context, Finding, Flow, Params, Severity, figures, findings};
use ablauf_domain::{ProposalId, ProposalState};
use ablauf_library::version::Step;
use ablauf_library::{Content, NeutralProfile, Version};
use ablauf_model::{BlockModel, Diff};
use ablauf_store::library::{CommentRow, ProposalRow, TemplateRow};
use ablauf_store::{Actor, Store, TemplateId};
use serde_json::Value;

use super::{content, content_json, meta, stored, version};
use crate::{Error, FieldErrors, Result};

/// Most characters of a comment, a reason or release notes.
pub const MAX_TEXT: usize = 5000;

/// The proposals waiting for the editors or for their proposers.
pub async fn queue(store: &Store) -> Result<Vec<ProposalRow>> {
    Ok(store
        .list_proposals(
            &[ProposalState::Open, ProposalState::ChangesRequested],
            None,
        )
        .await?)
}

/// A Steckbrief field a template should have and the proposal lacks.
#[derive(Debug, Clone)]
pub struct Missing {
    pub field: &'static str,
    pub label: &'static str,
}

/// A Steckbrief field the proposal changes against the template.
#[derive(Debug, Clone)]
pub struct FieldDiff {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What a change proposal changes against the template's current version.
#[derive(Debug, Clone)]
pub struct Against {
    pub template: TemplateRow,
    /// The version the proposal is based on.
    pub base: Version,
    /// The template's current version.
    pub current: Version,
    pub fields: Vec<FieldDiff>,
    /// Model elements by id, with labels.
    pub added: Vec<(String, String)>,
    pub removed: Vec<(String, String)>,
    pub changed: Vec<(String, String)>,
}

/// A proposal as the editors review it.
#[derive(Debug, Clone)]
pub struct Review {
    pub proposal: ProposalRow,
    pub content: Content,
    pub comments: Vec<CommentRow>,
    pub findings: Vec<Finding>,
    pub missing: Vec<Missing>,
    pub against: Option<Against>,
}

/// Plausibility and model-quality findings of template content. Pay
/// grades travel by name without rates, so findings about rates are left
/// out.
pub fn quality_findings(c: &Content) -> Vec<Finding> {
    let flow = Flow::new(&c.model);
    let ctx = Context {
        cases_per_year: c.profile.cases_per_year,
        ozg_level: c.profile.digitisation_level,
        rates: Default::default(),
        params: Params::default(),
    };
    let computed = figures::compute(&c.model, &flow, &ctx);
    findings::find(&c.model, &flow, &computed, &ctx, &|_| true)
        .into_iter()
        .filter(|f| matches!(f.category, Category::Plausibility | Category::Quality))
        .filter(|f| f.rule != "unknown-pay-grade")
        .collect()
}

/// The Steckbrief fields a template should fill.
pub fn missing_fields(p: &NeutralProfile) -> Vec<Missing> {
    let mut out = Vec::new();
    let mut need = |empty: bool, field, label| {
        if empty {
            out.push(Missing { field, label });
        }
    };
    need(
        p.description.trim().is_empty(),
        "description",
        "Beschreibung",
    );
    need(
        p.service_key.is_none() && p.service_name.trim().is_empty(),
        "service",
        "Leistung",
    );
    need(p.themenfeld.trim().is_empty(), "themenfeld", "Themenfeld");
    need(p.lebenslage.trim().is_empty(), "lebenslage", "Lebenslage");
    need(p.trigger.trim().is_empty(), "trigger", "Auslöser");
    need(p.result.trim().is_empty(), "result", "Ergebnis");
    need(
        p.responsible_role.is_none(),
        "responsible_role",
        "Zuständige Rolle",
    );
    need(p.legal_bases.is_empty(), "legal_bases", "Rechtsgrundlagen");
    out
}

/// Blocking findings: what keeps a proposal from release unless the
/// editor decides otherwise (shown, not enforced).
pub fn blocking(r: &Review) -> usize {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Bool(true) => "ja".into(),
        Value::Bool(false) => "nein".into(),
        other => other.to_string(),
    }
}

fn profile_map(p: &NeutralProfile) -> serde_json::Map<String, Value> {
    match serde_json::to_value(p) {
        Ok(Value::Object(m)) => m,
        _ => Default::default(),
    }
}

/// The Steckbrief fields that differ, as people read them.
pub fn field_diffs(before: &NeutralProfile, after: &NeutralProfile) -> Vec<FieldDiff> {
    let (b, a) = (profile_map(before), profile_map(after));
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| FieldDiff {
            field: k.clone(),
            before: b.get(k).map(text).unwrap_or_default(),
            after: text(v),
        })
        .collect()
}

fn labels(m: &BlockModel) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    super::update::element_labels(m, &mut out);
    out
}

fn against(template: TemplateRow, base: Version, current: &Content, proposed: &Content) -> Against {
    let d: Diff = ablauf_model::diff(&current.model, &proposed.model);
    let (lb, la) = (labels(&current.model), labels(&proposed.model));
    let named = |ids: &[String], l: &std::collections::HashMap<String, String>| {
        ids.iter()
            .map(|id| (id.clone(), l.get(id).cloned().unwrap_or_default()))
            .collect()
    };
    Against {
        current: version(template.major, template.minor),
        base,
        fields: field_diffs(&current.profile, &proposed.profile),
        added: named(&d.added, &la),
        removed: named(&d.removed, &lb),
        changed: named(&d.changed, &la),
        template,
    }
}

/// A proposal with everything the editors decide on.
pub async fn review(store: &Store, id: ProposalId) -> Result<Review> {
    let proposal = store.get_proposal(id).await?;
    let c = content(&proposal.content)?;
    let comments = store.proposal_comments(id).await?;
    let against = match (
        proposal.template_id,
        proposal.base_major,
        proposal.base_minor,
    ) {
        (Some(t), Some(maj), Some(min)) if proposal.state != ProposalState::Released => {
            let template = store.get_template(t).await?;
            let current = store
                .get_template_version(t, (template.major, template.minor))
                .await?;
            Some(against(
                template,
                version(maj, min),
                &content(&current.content)?,
                &c,
            ))
        }
        _ => None,
    };
    Ok(Review {
        findings: quality_findings(&c),
        missing: missing_fields(&c.profile),
        content: c,
        comments,
        against,
        proposal,
    })
}

fn checked_text(field: &'static str, s: &str, required: bool) -> Result<String> {
    let s = s.trim();
    if required && s.is_empty() {
        return Err(Error::Invalid(FieldErrors::single(field, "error.required")));
    }
    if s.chars().count() > MAX_TEXT {
        return Err(Error::Invalid(FieldErrors::single(
            field,
            "error.text_too_long",
        )));
    }
    Ok(s.to_owned())
}

/// A comment on a proposal, by an editor or a member of the proposing
/// organisation (the caller checks which).
pub async fn comment(
    store: &Store,
    actor: &Actor,
    id: ProposalId,
    body: &str,
) -> Result<CommentRow> {
    let body = checked_text("body", body, true)?;
    Ok(store.add_proposal_comment(actor, id, &body).await?)
}

/// Sends an open proposal back to its proposer, saying what to change.
pub async fn request_changes(
    store: &Store,
    actor: &Actor,
    id: ProposalId,
    reason: &str,
) -> Result<ProposalRow> {
    let reason = checked_text("reason", reason, true)?;
    Ok(store
        .decide_proposal(
            actor,
            id,
            &[ProposalState::Open],
            ProposalState::ChangesRequested,
            &reason,
        )
        .await?)
}

/// Rejects a proposal that still waits, with a reason.
pub async fn reject(
    store: &Store,
    actor: &Actor,
    id: ProposalId,
    reason: &str,
) -> Result<ProposalRow> {
    let reason = checked_text("reason", reason, true)?;
    Ok(store
        .decide_proposal(
            actor,
            id,
            &[ProposalState::Open, ProposalState::ChangesRequested],
            ProposalState::Rejected,
            &reason,
        )
        .await?)
}

/// Picks per Steckbrief field: the proposal's value where it changed the
/// field against its base, the current template's otherwise.
fn merge_profile(
    base: &NeutralProfile,
    current: &NeutralProfile,
    proposed: &NeutralProfile,
) -> NeutralProfile {
    let (b, c, p) = (
        profile_map(base),
        profile_map(current),
        profile_map(proposed),
    );
    let mut out = c.clone();
    for (k, v) in &p {
        if b.get(k) != Some(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(Value::Object(out)).unwrap_or_else(|_| proposed.clone())
}

/// What a released proposal becomes: its content, or — for a change to a
/// template that moved on since the proposal's base — the proposal's
/// changes merged into the current version (three-way; conflicts refuse).
async fn release_content(
    store: &Store,
    p: &ProposalRow,
    proposed: Content,
) -> Result<(Option<(TemplateRow, Version)>, Content)> {
    let (Some(t), Some(maj), Some(min)) = (p.template_id, p.base_major, p.base_minor) else {
        return Ok((None, proposed));
    };
    let template = store.get_template(t).await?;
    let current_v = version(template.major, template.minor);
    let base_v = version(maj, min);
    if current_v == base_v {
        return Ok((Some((template, current_v)), proposed));
    }
    let base = content(&store.get_template_version(t, stored(base_v)).await?.content)?;
    let current = content(
        &store
            .get_template_version(t, stored(current_v))
            .await?
            .content,
    )?;
    let model = ablauf_model::merge::merge(&base.model, &current.model, &proposed.model)
        .map_err(|_| Error::Conflict("error.proposal_merge_conflict"))?;
    let merged = Content {
        profile: merge_profile(&base.profile, &current.profile, &proposed.profile),
        model,
        suits: if proposed.suits != base.suits {
            proposed.suits
        } else {
            current.suits
        },
    };
    Ok((Some((template, current_v)), merged))
}

/// Releases an open proposal as a template version: 1.0 of a new
/// template, or the next minor or major version of the template it
/// changes. Nobody releases their own proposal.
pub async fn release(
    store: &Store,
    actor: &Actor,
    id: ProposalId,
    step: Step,
    release_notes: &str,
) -> Result<(TemplateId, Version)> {
    let notes = checked_text("release_notes", release_notes, false)?;
    let p = store.get_proposal(id).await?;
    if p.state != ProposalState::Open {
        return Err(Error::Refused("error.proposal_state"));
    }
    if actor.user_id.is_some() && p.created_by == actor.user_id {
        return Err(Error::Refused("error.release_own_proposal"));
    }
    let proposed = content(&p.content)?;
    let (template, released) = release_content(store, &p, proposed).await?;
    let (current, next) = match &template {
        Some((_, v)) => (Some(stored(*v)), v.next(step)),
        None => (None, Version::FIRST),
    };
    let id = store
        .release_proposal(
            actor,
            id,
            current,
            stored(next),
            &notes,
            (&content_json(&released), &meta(&released)),
        )
        .await?;
    Ok((id, next))
}
