//! Adopting a template: the organisation maps each of the template's roles
//! to one of its org units (suggested by name), its pay grades to the
//! organisation's own (by name, or created with an hourly rate), and IT
//! systems, legal bases, external parties and documents by name to its
//! reference lists (missing ones are created there). The result is a new
//! process of the organisation — Steckbrief and as-is model — based on the
//! template's version (its lineage), with the version note "Übernommen aus
//! Musterprozess „X“, Version 1.1". Adopting the same template again is
//! allowed; [`Wizard::earlier`] says where it was adopted before.

use std::collections::HashMap;

use ablauf_domain::process::Status;
use ablauf_domain::{AreaId, EntryId, OrgUnitId, PayGradeId, ReferenceKind};
use ablauf_library::content::{Mapping, localise};
use ablauf_library::{Content, Version};
use ablauf_search::fold;
use ablauf_store::library::TemplateRow;
use ablauf_store::library_browse::OwnCopy;
use ablauf_store::{
    Actor, OrgId, PayGrade, ProcessRow, Save, Store, StoreError, StoredModel, TemplateId,
};
use serde::Deserialize;

use super::{content, stored, version};
use crate::error::{Error, FieldErrors, Result};
use crate::i18n::tf;
use crate::register::named_tree;
use crate::structure::GradeFields;

/// A reference-list entry the template names, and whether the
/// organisation's list holds it already (else adopting creates it).
#[derive(Debug, Clone)]
pub struct EntryPlan {
    pub kind: ReferenceKind,
    pub name: String,
    pub existing: Option<EntryId>,
}

/// What the adoption wizard shows.
#[derive(Debug, Clone)]
pub struct Wizard {
    pub template: TemplateRow,
    pub version: Version,
    pub content: Content,
    /// Each role with the org unit its name suggests.
    pub roles: Vec<(String, Option<OrgUnitId>)>,
    /// Each pay grade name with the organisation's grade of that name.
    pub grades: Vec<(String, Option<PayGradeId>)>,
    pub entries: Vec<EntryPlan>,
    /// The organisation's org units (id, name, depth) in tree order.
    pub units: Vec<(OrgUnitId, String, usize)>,
    pub pay_grades: Vec<PayGrade>,
    /// The areas of the process map (id, name, depth) in tree order.
    pub areas: Vec<(AreaId, String, usize)>,
    /// The organisation's processes based on this template already.
    pub earlier: Vec<OwnCopy>,
}

/// Names compared as people mean them: case, umlaut spelling, `ß` and
/// punctuation do not matter.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && a == b
}

/// The org unit a role's name suggests: one of the same name, else one
/// whose name contains the role's or is contained in it (the closest in
/// length), else none.
pub fn suggest_unit(role: &str, units: &[(OrgUnitId, String, usize)]) -> Option<OrgUnitId> {
    if let Some(u) = units.iter().find(|u| same(&u.1, role)) {
        return Some(u.0);
    }
    let r = fold(role);
    if r.is_empty() {
        return None;
    }
    units
        .iter()
        .filter(|u| {
            let n = fold(&u.1);
            !n.is_empty() && (n.contains(&r) || r.contains(&n))
        })
        .min_by_key(|u| fold(&u.1).len().abs_diff(r.len()))
        .map(|u| u.0)
}

/// Pay grade names compared without spaces ("E 9a" = "E9a").
fn same_grade(a: &str, b: &str) -> bool {
    let squash = |s: &str| fold(s).replace(' ', "");
    let a = squash(a);
    !a.is_empty() && a == squash(b)
}

/// The template's reference-list names by kind, as spelt.
fn raw_entry_names(c: &Content) -> Vec<(ReferenceKind, String)> {
    let p = &c.profile;
    let lists: [(ReferenceKind, Vec<String>); 4] = [
        (ReferenceKind::ItSystem, c.it_systems()),
        (ReferenceKind::LegalBasis, p.legal_bases.clone()),
        (ReferenceKind::ExternalParty, p.external_parties.clone()),
        (ReferenceKind::Document, p.documents.clone()),
    ];
    lists
        .into_iter()
        .flat_map(|(kind, names)| names.into_iter().map(move |n| (kind, n)))
        .filter(|(_, n)| !n.trim().is_empty())
        .collect()
}

/// The template's reference-list names by kind, each once (names that
/// differ only in spelling count once).
fn entry_names(c: &Content) -> Vec<(ReferenceKind, String)> {
    let mut out: Vec<(ReferenceKind, String)> = Vec::new();
    for (kind, n) in raw_entry_names(c) {
        let n = n.trim().to_owned();
        if !out.iter().any(|(k, m)| *k == kind && same(m, &n)) {
            out.push((kind, n));
        }
    }
    out
}

async fn load(
    store: &Store,
    template: TemplateId,
    wanted: Option<Version>,
) -> Result<(TemplateRow, Version, Content)> {
    let row = store.get_template(template).await?;
    let v = wanted.unwrap_or(version(row.major, row.minor));
    let stored_version = store.get_template_version(template, stored(v)).await?;
    Ok((row, v, content(&stored_version.content)?))
}

/// The wizard for adopting `template` at `version` (the current one when
/// None) into the organisation, with suggestions.
pub async fn wizard(
    store: &Store,
    org: OrgId,
    template: TemplateId,
    wanted: Option<Version>,
) -> Result<Wizard> {
    let (row, v, c) = load(store, template, wanted).await?;
    let units = store.list_org_units(org).await?;
    let units = named_tree(units.iter().map(|u| (u.id, u.parent_id, u.name.clone())));
    let pay_grades = store.list_pay_grades(org).await?;
    let catalog = store.all_reference_entries(org).await?;
    let areas = store.list_areas(org).await?;
    let areas = named_tree(areas.iter().map(|a| (a.id, a.parent_id, a.name.clone())));
    let roles = c
        .roles()
        .into_iter()
        .map(|r| {
            let s = suggest_unit(&r, &units);
            (r, s)
        })
        .collect();
    let grades = c
        .pay_grades()
        .into_iter()
        .map(|g| {
            let found = pay_grades
                .iter()
                .find(|p| same_grade(&p.name, &g))
                .map(|p| p.id);
            (g, found)
        })
        .collect();
    let entries = entry_names(&c)
        .into_iter()
        .map(|(kind, name)| EntryPlan {
            existing: catalog
                .iter()
                .find(|e| e.kind == kind && same(&e.name, &name))
                .map(|e| e.id),
            kind,
            name,
        })
        .collect();
    let earlier = store.own_copies(org, template).await?;
    Ok(Wizard {
        template: row,
        version: v,
        content: c,
        roles,
        grades,
        entries,
        units,
        pay_grades,
        areas,
        earlier,
    })
}

/// How a pay grade name of the template becomes one of the organisation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum GradeChoice {
    /// One of the organisation's pay grades.
    Existing(PayGradeId),
    /// A new pay grade of the template's name with this hourly rate
    /// (German notation, "57,40").
    New { hourly_rate: String },
}

/// What the person decided in the wizard (or a script sent).
#[derive(Debug, Clone, Default)]
pub struct Adoption {
    /// The version to adopt; the current one when None.
    pub version: Option<Version>,
    /// Every role of the template → one of the organisation's org units.
    pub roles: HashMap<String, OrgUnitId>,
    /// Pay grade names of the template that the organisation's grade of the
    /// same name does not cover (or that the person maps otherwise).
    pub pay_grades: HashMap<String, GradeChoice>,
    /// The area of the process map to put the process in.
    pub area: Option<AreaId>,
}

/// The field of a role's error (`roles.Bürgerbüro`).
pub fn role_field(role: &str) -> String {
    format!("roles.{role}")
}

/// The field of a pay grade's error (`pay_grades.E 9a`).
pub fn grade_field(name: &str) -> String {
    format!("pay_grades.{name}")
}

/// The version note of an adopted process.
pub fn note(name: &str, v: Version) -> String {
    tf(
        "library_browse.adopted_note",
        &[("name", name), ("version", &v.to_string())],
    )
}

/// Adopts the template into the organisation: checks the mapping (every
/// role to one of its org units, every pay grade resolved), then creates
/// the pay grades and reference-list entries it lacks and the process,
/// based on the template's version. Field errors name the role
/// (`roles.<name>`), the pay grade (`pay_grades.<name>`) or `area_id`.
pub async fn adopt(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    template: TemplateId,
    a: &Adoption,
) -> Result<ProcessRow> {
    let w = wizard(store, org, template, a.version).await?;
    let mut errors = FieldErrors::default();
    let mut mapping = Mapping::default();
    for (role, _) in &w.roles {
        match a.roles.get(role) {
            Some(u) if w.units.iter().any(|x| x.0 == *u) => {
                mapping.roles.insert(role.clone(), *u);
            }
            Some(_) => {
                errors.0.insert(
                    role_field(role),
                    tf("library_browse.error_role_unit", &[("role", role)]),
                );
            }
            None => {
                errors.0.insert(
                    role_field(role),
                    tf("library_browse.error_role_unmapped", &[("role", role)]),
                );
            }
        }
    }
    // Pay grades: the person's choice, else the grade of the same name.
    let mut new_grades: Vec<(String, GradeFields)> = Vec::new();
    for (name, found) in &w.grades {
        match (a.pay_grades.get(name), found) {
            (Some(GradeChoice::Existing(id)), _) => {
                if w.pay_grades.iter().any(|g| g.id == *id) {
                    mapping.pay_grades.insert(name.clone(), *id);
                } else {
                    errors.0.insert(
                        grade_field(name),
                        tf("library_browse.error_grade_unknown", &[("name", name)]),
                    );
                }
            }
            (Some(GradeChoice::New { hourly_rate }), _) => {
                match ablauf_domain::HourlyRate::parse(hourly_rate) {
                    Ok(_) => new_grades.push((
                        name.clone(),
                        GradeFields {
                            name: name.clone(),
                            rate: hourly_rate.clone(),
                        },
                    )),
                    Err(e) => {
                        errors
                            .0
                            .insert(grade_field(name), crate::error::message(&e));
                    }
                }
            }
            (None, Some(id)) => {
                mapping.pay_grades.insert(name.clone(), *id);
            }
            (None, None) => {
                errors.0.insert(
                    grade_field(name),
                    tf("library_browse.error_grade_unmapped", &[("name", name)]),
                );
            }
        }
    }
    if let Some(area) = a.area
        && !w.areas.iter().any(|x| x.0 == area)
    {
        errors.add("area_id", "error.area_unknown");
    }
    errors.into_result()?;

    // Everything checked: create what the organisation lacks.
    for (name, fields) in &new_grades {
        match crate::structure::create_pay_grade(store, actor, org, fields).await {
            Ok(g) => {
                mapping.pay_grades.insert(name.clone(), g.id);
            }
            Err(Error::Invalid(e)) => {
                let why = e.0.values().cloned().collect::<Vec<_>>().join(" ");
                return Err(FieldErrors::message(grade_field(name), why).into());
            }
            Err(Error::Conflict(key)) => {
                return Err(FieldErrors::message(grade_field(name), crate::i18n::t(key)).into());
            }
            Err(e) => return Err(e),
        }
    }
    let mut found: Vec<(ReferenceKind, &str, EntryId)> = Vec::new();
    for e in &w.entries {
        let id = match e.existing {
            Some(id) => id,
            None => {
                store
                    .create_reference_entry(actor, org, e.kind, e.name.trim(), "", "")
                    .await?
                    .id
            }
        };
        found.push((e.kind, &e.name, id));
    }
    // Every spelling the template uses maps to the entry found for it.
    for (kind, name) in raw_entry_names(&w.content) {
        if let Some((_, _, id)) = found.iter().find(|(k, n, _)| *k == kind && same(n, &name)) {
            mapping.entries.entry(kind).or_default().insert(name, *id);
        }
    }
    let (mut profile, model) = localise(&w.content, &mapping);
    if let Some(key) = profile.service_key.clone()
        && store.get_service(&key).await?.is_none()
    {
        // A service this instance's catalogue does not know: the name stays.
        profile.service_key = None;
    }
    let mut errors = FieldErrors::default();
    crate::processes::complete_profile(store, &mut profile, &mut errors).await?;
    errors.into_result()?;
    let status = if model.steps().is_empty() {
        Status::Identifiziert
    } else {
        Status::Modelliert
    };
    let save = Save {
        area_id: a.area,
        status,
        profile,
        note: note(&w.template.name, w.version),
    };
    let blocks = StoredModel {
        blocks: Some(model.to_json()),
        bpmn: None,
    };
    let mapping_json = serde_json::to_string(&mapping).map_err(|e| Error::Internal(e.into()))?;
    match store
        .adopt_template(
            actor,
            org,
            &save,
            &blocks,
            (template, stored(w.version), &mapping_json),
        )
        .await
    {
        Ok(row) => Ok(row),
        Err(StoreError::Refused(key)) => Err(FieldErrors::single("area_id", key).into()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(names: &[&str]) -> Vec<(OrgUnitId, String, usize)> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                (
                    OrgUnitId(uuid::Uuid::from_u128(i as u128 + 1)),
                    (*n).to_owned(),
                    0,
                )
            })
            .collect()
    }

    #[test]
    fn roles_suggest_units_by_name() {
        let u = units(&[
            "Stadtkasse",
            "Fachbereich Ordnung",
            "Bürgerbüro Mitte",
            "Bürgerbüro",
        ]);
        let id = |i: usize| Some(u[i].0);
        // Equal name first (any case, umlauts spelt out).
        assert_eq!(suggest_unit("buergerbuero", &u), id(3));
        assert_eq!(suggest_unit("STADTKASSE", &u), id(0));
        // Containment either way, the closest in length.
        assert_eq!(suggest_unit("Ordnung", &u), id(1));
        assert_eq!(suggest_unit("Kasse", &u), id(0));
        assert_eq!(
            suggest_unit("Fachbereich Ordnung und Sicherheit", &u),
            id(1)
        );
        assert_eq!(suggest_unit("Jugendamt", &u), None);
        assert_eq!(suggest_unit("", &u), None);
    }

    #[test]
    fn pay_grades_match_without_spaces() {
        assert!(same_grade("E 9a", "e9a"));
        assert!(!same_grade("E 9a", "E 9b"));
        assert!(!same_grade("", ""));
    }

    #[test]
    fn grade_choices_read_from_json() {
        let id: GradeChoice =
            serde_json::from_str("\"00000000-0000-0000-0000-000000000007\"").unwrap();
        assert_eq!(
            id,
            GradeChoice::Existing(PayGradeId(uuid::Uuid::from_u128(7)))
        );
        let new: GradeChoice = serde_json::from_str(r#"{"hourly_rate": "57,40"}"#).unwrap();
        assert_eq!(
            new,
            GradeChoice::New {
                hourly_rate: "57,40".into()
            }
        );
    }
}
