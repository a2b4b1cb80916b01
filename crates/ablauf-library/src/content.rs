//! What a template holds: a Steckbrief and a block model with nothing of
//! one organisation in them, and the two ways across that line —
//! [`neutralise`] (an organisation's process → template content) and
//! [`localise`] (template content → an organisation's process).
//!
//! In the model of a template, a subprocess's or step's `org_unit` holds a
//! role name ("Bürgerbüro") and a step's `pay_grade` a pay grade's name
//! ("E 9a"); IT systems, legal bases and documents of steps are names
//! already.

use std::collections::{BTreeSet, HashMap};

use ablauf_domain::process::{Criticality, ProcessType, Profile};
use ablauf_domain::{EntryId, OrgKind, OrgUnitId, PayGradeId, ReferenceKind};
use ablauf_model::{BlockModel, Item};
use serde::{Deserialize, Serialize};

/// A template's Steckbrief: the fields of a [`Profile`] that mean the same
/// in every organisation, references by name. The organisation's own
/// identifier, the owner, and the validity dates are not part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct NeutralProfile {
    pub name: String,
    pub description: String,
    pub service_key: Option<String>,
    pub service_name: String,
    pub ozg_service: String,
    pub themenfeld: String,
    pub lebenslage: String,
    pub process_type: Option<ProcessType>,
    /// The role responsible for the process.
    pub responsible_role: Option<String>,
    /// Other roles taking part.
    pub participating_roles: Vec<String>,
    pub trigger: String,
    pub result: String,
    pub external_parties: Vec<String>,
    pub applicant_involved: bool,
    pub legal_bases: Vec<String>,
    /// A typical organisation's cases per year, as the proposer had them.
    pub cases_per_year: Option<u32>,
    pub statutory_deadline: String,
    pub it_systems: Vec<String>,
    pub documents: Vec<String>,
    pub digitisation_level: Option<u8>,
    pub keywords: Vec<String>,
    pub criticality: Criticality,
    pub max_downtime: String,
}

/// What one template version holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Content {
    pub profile: NeutralProfile,
    pub model: BlockModel,
    /// The kinds of organisation the template suits (empty: any).
    pub suits: Vec<OrgKind>,
}

impl Content {
    /// Every role the template names (Steckbrief and model), sorted, once.
    pub fn roles(&self) -> Vec<String> {
        let mut roles: BTreeSet<String> = BTreeSet::new();
        roles.extend(self.profile.responsible_role.iter().cloned());
        roles.extend(self.profile.participating_roles.iter().cloned());
        for sp in &self.model.subprocesses {
            roles.extend(sp.org_unit.iter().cloned());
        }
        for s in self.model.steps() {
            roles.extend(s.org_unit.iter().cloned());
        }
        roles.into_iter().filter(|r| !r.trim().is_empty()).collect()
    }

    /// Every pay grade name the model uses, sorted, once.
    pub fn pay_grades(&self) -> Vec<String> {
        let out: BTreeSet<String> = self
            .model
            .steps()
            .into_iter()
            .filter_map(|s| s.pay_grade.clone())
            .collect();
        out.into_iter().collect()
    }

    /// Every IT system named by the Steckbrief or a step, sorted, once.
    pub fn it_systems(&self) -> Vec<String> {
        let mut out: BTreeSet<String> = self.profile.it_systems.iter().cloned().collect();
        for s in self.model.steps() {
            out.extend(s.it_system.iter().cloned());
        }
        out.into_iter().collect()
    }

    /// How many steps the model has.
    pub fn step_count(&self) -> usize {
        self.model.steps().len()
    }
}

/// Calls `f` with every step of `items`, branches included, in reading
/// order, to change it (the model reads its steps with `BlockModel::steps`).
fn visit_steps_mut(items: &mut [Item], f: &mut impl FnMut(&mut ablauf_model::StepItem)) {
    for item in items {
        match item {
            Item::Step(s) => f(s),
            Item::Variant(b) | Item::Parallel(b) => {
                for br in &mut b.branches {
                    visit_steps_mut(&mut br.items, f);
                }
            }
        }
    }
}

/// The names an organisation's ids stand for, to neutralise its process.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Org unit → the role it becomes (its name unless renamed).
    pub roles: HashMap<OrgUnitId, String>,
    pub pay_grades: HashMap<PayGradeId, String>,
    /// Every reference-list entry the Steckbrief may name.
    pub entries: HashMap<EntryId, String>,
}

/// An organisation's process as template content: org units become roles,
/// ids become names, people and the organisation's own identifier are
/// dropped. References the names do not know are left out.
pub fn neutralise(
    profile: &Profile,
    model: &BlockModel,
    names: &Names,
    suits: &[OrgKind],
) -> Content {
    let role = |u: &OrgUnitId| names.roles.get(u).cloned();
    let entries = |ids: &[EntryId]| -> Vec<String> {
        ids.iter()
            .filter_map(|e| names.entries.get(e).cloned())
            .collect()
    };
    let unit_str = |s: &Option<String>| -> Option<String> {
        s.as_deref()
            .and_then(OrgUnitId::parse)
            .and_then(|u| role(&u))
    };
    let mut model = model.clone();
    for sp in &mut model.subprocesses {
        sp.org_unit = unit_str(&sp.org_unit);
        visit_steps_mut(&mut sp.items, &mut |s| {
            s.org_unit = unit_str(&s.org_unit);
            s.pay_grade = s
                .pay_grade
                .as_deref()
                .and_then(PayGradeId::parse)
                .and_then(|g| names.pay_grades.get(&g).cloned());
        });
    }
    let mut participating: Vec<String> = profile
        .participating_units
        .iter()
        .filter_map(role)
        .collect();
    participating.dedup();
    Content {
        profile: NeutralProfile {
            name: profile.name.clone(),
            description: profile.description.clone(),
            service_key: profile.service_key.clone(),
            service_name: profile.service_name.clone(),
            ozg_service: profile.ozg_service.clone(),
            themenfeld: profile.themenfeld.clone(),
            lebenslage: profile.lebenslage.clone(),
            process_type: profile.process_type,
            responsible_role: profile.org_unit_id.as_ref().and_then(role),
            participating_roles: participating,
            trigger: profile.trigger.clone(),
            result: profile.result.clone(),
            external_parties: entries(&profile.external_parties),
            applicant_involved: profile.applicant_involved,
            legal_bases: entries(&profile.legal_bases),
            cases_per_year: profile.cases_per_year,
            statutory_deadline: profile.statutory_deadline.clone(),
            it_systems: entries(&profile.it_systems),
            documents: entries(&profile.documents),
            digitisation_level: profile.digitisation_level,
            keywords: profile.keywords.clone(),
            criticality: profile.criticality,
            max_downtime: profile.max_downtime.clone(),
        },
        model,
        suits: suits.to_vec(),
    }
}

/// How an adopting organisation reads a template's names: each role as
/// one of its org units, pay grades and reference-list entries by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub roles: HashMap<String, OrgUnitId>,
    pub pay_grades: HashMap<String, PayGradeId>,
    /// Entries by kind and name.
    pub entries: HashMap<ReferenceKind, HashMap<String, EntryId>>,
}

impl Mapping {
    fn entry(&self, kind: ReferenceKind, name: &str) -> Option<EntryId> {
        self.entries.get(&kind).and_then(|m| m.get(name)).copied()
    }
}

/// A template as an organisation's process: roles become the org units
/// they are mapped to, names become the organisation's ids. A name the
/// mapping does not know is left out (a role: no org unit).
pub fn localise(content: &Content, map: &Mapping) -> (Profile, BlockModel) {
    let p = &content.profile;
    let entries = |kind: ReferenceKind, names: &[String]| -> Vec<EntryId> {
        names.iter().filter_map(|n| map.entry(kind, n)).collect()
    };
    let unit = |r: &Option<String>| -> Option<String> {
        r.as_ref()
            .and_then(|r| map.roles.get(r))
            .map(|u| u.to_string())
    };
    let mut model = content.model.clone();
    for sp in &mut model.subprocesses {
        sp.org_unit = unit(&sp.org_unit);
        visit_steps_mut(&mut sp.items, &mut |s| {
            s.org_unit = unit(&s.org_unit);
            s.pay_grade = s
                .pay_grade
                .as_ref()
                .and_then(|g| map.pay_grades.get(g))
                .map(|g| g.to_string());
        });
    }
    let mut participating: Vec<OrgUnitId> = Vec::new();
    for r in &p.participating_roles {
        if let Some(u) = map.roles.get(r)
            && !participating.contains(u)
        {
            participating.push(*u);
        }
    }
    let profile = Profile {
        name: p.name.clone(),
        description: p.description.clone(),
        service_key: p.service_key.clone(),
        service_name: p.service_name.clone(),
        ozg_service: p.ozg_service.clone(),
        themenfeld: p.themenfeld.clone(),
        lebenslage: p.lebenslage.clone(),
        process_type: p.process_type,
        org_unit_id: p
            .responsible_role
            .as_ref()
            .and_then(|r| map.roles.get(r))
            .copied(),
        participating_units: participating,
        trigger: p.trigger.clone(),
        result: p.result.clone(),
        external_parties: entries(ReferenceKind::ExternalParty, &p.external_parties),
        applicant_involved: p.applicant_involved,
        legal_bases: entries(ReferenceKind::LegalBasis, &p.legal_bases),
        cases_per_year: p.cases_per_year,
        statutory_deadline: p.statutory_deadline.clone(),
        it_systems: entries(ReferenceKind::ItSystem, &p.it_systems),
        documents: entries(ReferenceKind::Document, &p.documents),
        digitisation_level: p.digitisation_level,
        keywords: p.keywords.clone(),
        criticality: p.criticality,
        max_downtime: p.max_downtime.clone(),
        ..Profile::default()
    };
    (profile, model)
}
