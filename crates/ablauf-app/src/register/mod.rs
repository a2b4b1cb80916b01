//! The process register: what the register pages, its spreadsheet import
//! and export and the model pages do beyond showing things.
//!
//! [`Lookups`] holds the names of everything a Steckbrief refers to (areas,
//! org units, members, entries of the reference lists) and
//! [`display_fields`] shows a profile as people read it, in German — the
//! same text in the Steckbrief, the comparison of versions, the conflict
//! page and the exported file. The rest are the register's use cases that
//! carry a rule: saving a Steckbrief with a conflict that names what the
//! other person changed, comparing versions, restoring one, releasing
//! (administrators and the named owner), entries of the reference lists,
//! and turning a typed service into the catalogue entry it names.
//!
//! Tour: [`import`] reads a register from a spreadsheet, checks every row
//! against the organisation's data and applies it whole or not at all;
//! [`export`] writes the (filtered) register as one; [`columns`] is the
//! column list both share.

pub mod columns;
pub mod export;
pub mod import;

use ablauf_domain::ReferenceKind;
use std::collections::HashMap;

use ablauf_domain::Role;
use ablauf_domain::diff::{Run, word_diff};
use ablauf_domain::process::{Profile, Status, compare_profiles};
use ablauf_domain::required_text;
use ablauf_domain::service::LeikaKey;
use ablauf_domain::{AreaId, EntryId, OrgUnitId, ProcessId, UserId};
use ablauf_store::{
    Actor, Area, OrgId, ProcessRow, ReferenceEntry, Save, Store, StoreError, VersionRow,
};
use chrono::NaiveDate;

use crate::error::{Error, FieldErrors, Result};
use crate::i18n::{t, tf};

/// Names of everything a profile can refer to, for display and for
/// reading names back.
pub struct Lookups {
    /// Org units: (id, name, depth) in tree order.
    pub units: Vec<(OrgUnitId, String, usize)>,
    /// Active members: (user id, name).
    pub members: Vec<(UserId, String)>,
    /// Reference-list entries by kind: (id, "name – detail").
    pub catalog: HashMap<ReferenceKind, Vec<(EntryId, String)>>,
    /// Areas of the process map: (id, name, depth) in tree order.
    pub areas: Vec<(AreaId, String, usize)>,
}

/// (id, name, depth) in reading order, for indented lists and select boxes.
pub fn named_tree<I: Copy + Eq + std::hash::Hash>(
    rows: impl Iterator<Item = (I, Option<I>, String)>,
) -> Vec<(I, String, usize)> {
    let rows: Vec<_> = rows
        .map(|(id, parent, name)| (id, parent, (id, name)))
        .collect();
    ablauf_domain::tree_order(&rows)
        .into_iter()
        .map(|((id, name), depth)| (id, name, depth))
        .collect()
}

impl Lookups {
    pub async fn load(store: &Store, org: OrgId) -> Result<Lookups> {
        let units = store.list_org_units(org).await?;
        let units = named_tree(units.iter().map(|u| (u.id, u.parent_id, u.name.clone())));
        let members = store
            .list_members(org)
            .await?
            .into_iter()
            .filter(|m| m.active)
            .map(|m| (m.user_id, m.display_name))
            .collect();
        let mut catalog: HashMap<ReferenceKind, Vec<(EntryId, String)>> = HashMap::new();
        for e in store.all_reference_entries(org).await? {
            let label = if e.detail.is_empty() {
                e.name
            } else {
                format!("{} – {}", e.name, e.detail)
            };
            catalog.entry(e.kind).or_default().push((e.id, label));
        }
        let areas = store.list_areas(org).await?;
        let areas = named_tree(areas.iter().map(|a| (a.id, a.parent_id, a.name.clone())));
        Ok(Lookups {
            units,
            members,
            catalog,
            areas,
        })
    }

    pub fn unit(&self, id: Option<OrgUnitId>) -> String {
        id.and_then(|id| self.units.iter().find(|u| u.0 == id))
            .map(|u| u.1.clone())
            .unwrap_or_default()
    }

    pub fn member(&self, id: Option<UserId>) -> String {
        id.and_then(|id| self.members.iter().find(|m| m.0 == id))
            .map(|m| m.1.clone())
            .unwrap_or_default()
    }

    pub fn area(&self, id: Option<AreaId>) -> String {
        id.and_then(|id| self.areas.iter().find(|a| a.0 == id))
            .map(|a| a.1.clone())
            .unwrap_or_default()
    }

    /// Entries of a reference list by id, "; "-separated; a deleted one
    /// says so.
    pub fn entries(&self, kind: ReferenceKind, ids: &[EntryId]) -> String {
        let list = self.catalog.get(&kind);
        ids.iter()
            .map(|id| {
                list.and_then(|l| l.iter().find(|e| e.0 == *id))
                    .map(|e| e.1.clone())
                    .unwrap_or_else(|| t("register.deleted_entry"))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn units_named(&self, ids: &[OrgUnitId]) -> String {
        ids.iter()
            .map(|id| self.unit(Some(*id)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The profile as the person sees it: (field, value) in display order.
pub fn display_fields(
    p: &Profile,
    status: Status,
    area: Option<AreaId>,
    l: &Lookups,
) -> Vec<(&'static str, String)> {
    let date = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_default()
    };
    vec![
        ("name", p.name.clone()),
        ("identifier", p.identifier.clone()),
        ("status", t(&status.label_key())),
        ("area", l.area(area)),
        ("description", p.description.clone()),
        (
            "service",
            match &p.service_key {
                Some(k) => format!("{} ({k})", p.service_name),
                None => String::new(),
            },
        ),
        ("ozg_service", p.ozg_service.clone()),
        ("themenfeld", p.themenfeld.clone()),
        ("lebenslage", p.lebenslage.clone()),
        (
            "process_type",
            p.process_type
                .map(|pt| t(&format!("process_type.{}", pt.code())))
                .unwrap_or_default(),
        ),
        ("owner", l.member(p.owner_id)),
        ("org_unit", l.unit(p.org_unit_id)),
        ("trigger", p.trigger.clone()),
        ("result", p.result.clone()),
        ("participating_units", l.units_named(&p.participating_units)),
        (
            "external_parties",
            l.entries(ReferenceKind::ExternalParty, &p.external_parties),
        ),
        (
            "applicant_involved",
            if p.applicant_involved {
                t("common.yes")
            } else {
                t("common.no")
            },
        ),
        (
            "legal_bases",
            l.entries(ReferenceKind::LegalBasis, &p.legal_bases),
        ),
        (
            "cases_per_year",
            p.cases_per_year.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("statutory_deadline", p.statutory_deadline.clone()),
        (
            "it_systems",
            l.entries(ReferenceKind::ItSystem, &p.it_systems),
        ),
        (
            "documents",
            l.entries(ReferenceKind::Document, &p.documents),
        ),
        (
            "digitisation_level",
            p.digitisation_level
                .map(|d| t(&format!("ozg_level.l{d}")))
                .unwrap_or_default(),
        ),
        ("keywords", p.keywords.join(", ")),
        (
            "criticality",
            t(&format!("criticality.{}", p.criticality.code())),
        ),
        ("max_downtime", p.max_downtime.clone()),
        ("valid_from", date(p.valid_from)),
        ("valid_until", date(p.valid_until)),
    ]
}

/// A version's profile as people read it.
fn version_fields(v: &VersionRow, l: &Lookups) -> Vec<(&'static str, String)> {
    let status = v.status;
    display_fields(&v.profile(), status, v.area_id, l)
}

// ------------------------------------------------------------ services

/// The LeiKa key a service field starts with, if any.
pub fn leika_key(text: &str) -> Option<&str> {
    text.split_whitespace()
        .next()
        .filter(|k| LeikaKey::parse(k).is_some())
}

/// A service as typed into a filter, resolved against the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedService {
    /// Nothing typed.
    Nothing,
    /// The one entry it names, as "key – name".
    Entry(String),
    /// It names no entry, or several: the message key saying which.
    Problem(&'static str),
}

/// Turns a typed service (a LeiKa key, "key – name" as the suggestions
/// offer it, or text) into the catalogue entry it names, so the filter, its
/// links and the field agree.
pub async fn resolve_service(store: &Store, typed: &str) -> Result<TypedService> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(TypedService::Nothing);
    }
    if let Some(key) = leika_key(typed) {
        return Ok(match store.get_service(key).await? {
            Some(s) => TypedService::Entry(format!("{} – {}", s.leika_key, s.name)),
            None => TypedService::Problem("register.service_filter_unknown"),
        });
    }
    let found = store.find_services(typed, 2).await?;
    Ok(match found.as_slice() {
        [one] => TypedService::Entry(format!("{} – {}", one.leika_key, one.name)),
        [] => TypedService::Problem("register.service_filter_unknown"),
        _ => TypedService::Problem("register.service_filter_ambiguous"),
    })
}

// ------------------------------------------------------------ Steckbriefe

/// What became of a Steckbrief save.
#[derive(Debug)]
pub enum ProfileSaved {
    /// Saved as this version.
    Saved { version: i64 },
    /// Someone saved in between; nothing written.
    Conflict(Box<ProfileConflict>),
}

/// Someone else's save beside what this person meant to save.
#[derive(Debug)]
pub struct ProfileConflict {
    /// The process as it is now.
    pub current: ProcessRow,
    pub version: VersionRow,
    /// The fields that differ: (field, theirs, mine) as people read them.
    pub rows: Vec<(&'static str, String, String)>,
}

/// A Steckbrief the store refuses names an area that is not there (any
/// more): a field error of `area_id`.
fn area_refused(e: StoreError) -> Error {
    match e {
        StoreError::Refused(key) => Error::Invalid(FieldErrors::single("area_id", key)),
        e => e.into(),
    }
}

/// Creates a process from a checked Steckbrief (its first version).
pub async fn create_process(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    save: &Save,
) -> Result<ProcessRow> {
    store
        .create_process(actor, org, save)
        .await
        .map_err(area_refused)
}

/// Saves a Steckbrief as a new version, if `expected_version` is still the
/// current one; otherwise nothing is written and the conflict names what
/// the other person's version says differently. An unknown area is a field
/// error of `area_id`.
pub async fn save_profile(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    process: ProcessId,
    expected_version: i64,
    save: &Save,
) -> Result<ProfileSaved> {
    match store
        .save_process(actor, org, process, expected_version, save)
        .await
    {
        Ok(row) => Ok(ProfileSaved::Saved {
            version: row.version,
        }),
        Err(StoreError::Conflict(_)) => {
            let (current, version) = store.get_process(org, process).await?;
            let l = Lookups::load(store, org).await?;
            let profile = version.profile();
            let theirs = display_fields(&profile, current.status, current.area_id, &l);
            let mine = display_fields(&save.profile, save.status, save.area_id, &l);
            let rows = compare_profiles((&profile, &theirs), (&save.profile, &mine))
                .into_iter()
                .filter(|c| c.3)
                .map(|(f, a, b, _)| (f, a, b))
                .collect();
            Ok(ProfileSaved::Conflict(Box::new(ProfileConflict {
                current,
                version,
                rows,
            })))
        }
        Err(e) => Err(area_refused(e)),
    }
}

/// Two versions of a process side by side.
#[derive(Debug)]
pub struct Comparison {
    pub process: ProcessRow,
    /// The older and the newer of the two.
    pub older: VersionRow,
    pub newer: VersionRow,
    /// Every field, as people read it.
    pub rows: Vec<ComparedField>,
}

/// One field of two versions.
#[derive(Debug)]
pub struct ComparedField {
    pub field: &'static str,
    pub older: String,
    pub newer: String,
    /// Lists count as changed when their members differ, not their order.
    pub changed: bool,
    /// For a changed text (not a list, not emptied or filled): the older
    /// text's runs with the removed words marked, and the newer's with the
    /// added ones.
    pub words: Option<(Vec<Run>, Vec<Run>)>,
}

impl Comparison {
    pub fn changed(&self) -> usize {
        self.rows.iter().filter(|r| r.changed).count()
    }
}

/// Compares two versions of a process field by field.
pub async fn compare_versions(
    store: &Store,
    org: OrgId,
    process: ProcessId,
    a: i64,
    b: i64,
) -> Result<Comparison> {
    let (row, _) = store.get_process(org, process).await?;
    let older = store.get_version(org, process, a.min(b)).await?;
    let newer = store.get_version(org, process, a.max(b)).await?;
    let l = Lookups::load(store, org).await?;
    let (po, pn) = (older.profile(), newer.profile());
    let lists = po.lists();
    let rows = compare_profiles(
        (&po, &version_fields(&older, &l)),
        (&pn, &version_fields(&newer, &l)),
    )
    .into_iter()
    .map(|(field, older, newer, changed)| {
        let text = !lists.iter().any(|(f, _)| *f == field);
        let words = (changed && text && !older.is_empty() && !newer.is_empty())
            .then(|| word_diff(&older, &newer));
        ComparedField {
            field,
            older,
            newer,
            changed,
            words,
        }
    })
    .collect();
    Ok(Comparison {
        process: row,
        older,
        newer,
        rows,
    })
}

/// Restores an old version (profile, status, area, as-is and to-be model) as a new one.
pub async fn restore(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    process: ProcessId,
    version: i64,
) -> Result<ProcessRow> {
    let (row, _) = store.get_process(org, process).await?;
    let note = tf(
        "register.restored_note",
        &[("version", &version.to_string())],
    );
    Ok(store
        .restore_version(actor, org, process, row.version, version, &note)
        .await?)
}

/// May this person release the process? Administrators and the named
/// owner (an editor).
pub fn may_release(role: Role, actor: &Actor, profile: &Profile) -> bool {
    role.can_administer()
        || (role.can_edit() && profile.owner_id.is_some() && profile.owner_id == actor.user_id)
}

/// Releases `version` (Freigabe). [`Error::Forbidden`] for whoever may not
/// ([`may_release`]); [`Error::Conflict`] when it is no longer current.
pub async fn release(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    role: Role,
    process: ProcessId,
    version: i64,
) -> Result<ProcessRow> {
    let (_, v) = store.get_process(org, process).await?;
    if !may_release(role, actor, &v.profile()) {
        return Err(Error::Forbidden);
    }
    Ok(store.release_process(actor, org, process, version).await?)
}

// ------------------------------------------------------------ the process map

/// Adds an area to the process map, below `parent` (another area of the
/// organisation) or at the top. A missing name is a field error of `name`;
/// a parent that is not the organisation's is refused.
pub async fn create_area(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    parent: Option<AreaId>,
    name: &str,
) -> Result<Area> {
    let name = required_text("name", name, AREA_NAME_MAX)?;
    Ok(store.create_area(actor, org, parent, &name).await?)
}

/// Deletes an area of the process map; one with sub-areas or processes is
/// refused.
pub async fn delete_area(store: &Store, org: OrgId, actor: &Actor, area: AreaId) -> Result<()> {
    Ok(store.delete_area(actor, org, area).await?)
}

/// The longest name of an area of the process map.
pub const AREA_NAME_MAX: usize = 120;

// ------------------------------------------------------------ reference lists

/// Adds an entry to one of the organisation's reference lists (IT
/// systems, legal bases, external parties, documents). A missing name, a
/// link that is no web address or a name already in the list are field
/// errors (`name`, `link`).
pub async fn create_reference_entry(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    kind: ReferenceKind,
    name: &str,
    detail: &str,
    link: &str,
) -> Result<ReferenceEntry> {
    let mut errors = FieldErrors::default();
    let name = errors.check(required_text("name", name, 200));
    let link = link.trim();
    if !(link.is_empty() || link.starts_with("https://") || link.starts_with("http://")) {
        errors.add("link", "error.link_url");
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    match store
        .create_reference_entry(actor, org, kind, &name, detail.trim(), link)
        .await
    {
        Err(StoreError::Conflict(key)) => Err(Error::Invalid(FieldErrors::single("name", key))),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ablauf_store::UserId;

    #[test]
    fn administrators_and_the_named_owner_release() {
        let owner = UserId(uuid::Uuid::from_u128(7));
        let actor = |id: u128| Actor {
            user_id: Some(UserId(uuid::Uuid::from_u128(id))),
            name: "Test".into(),
        };
        let p = Profile {
            owner_id: Some(owner),
            ..Profile::default()
        };
        assert!(may_release(Role::Administrator, &actor(1), &p));
        assert!(may_release(Role::Modellierer, &actor(7), &p));
        assert!(!may_release(Role::Modellierer, &actor(1), &p));
        assert!(!may_release(Role::Betrachter, &actor(7), &p));
        assert!(!may_release(
            Role::Modellierer,
            &Actor::system("Test"),
            &Profile::default()
        ));
    }

    #[test]
    fn service_keys_are_found_at_the_start() {
        assert_eq!(
            leika_key("99050012104000 – Gewerbeanmeldung"),
            Some("99050012104000")
        );
        assert_eq!(leika_key("Gewerbe"), None);
    }
}
