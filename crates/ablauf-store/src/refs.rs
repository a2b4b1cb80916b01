//! **Every id a change carries is checked to belong to the organisation,
//! here in the store**, so that no page, API route or import can forget it:
//! a process's owner (a member), its org units, its catalogue entries
//! (by kind) and its area; the org units and pay grades a block model
//! names. An id of another organisation and an id that exists nowhere are
//! refused alike with [`StoreError::Invalid`] naming the field.
//!
//! Only what a change adds is checked: ids the current version already
//! holds stay (a unit deleted since does not block the next save), and
//! restoring a version or carrying a profile forward adds nothing.
//! A list longer than the organisation has entries of its kind is refused
//! before anything is looked up; the organisation's ids are read once per
//! transaction (an import checks all its rows against one read).

use std::collections::{HashMap, HashSet};

use ablauf_domain::Invalid;
use ablauf_domain::process::{Profile, ReferenceKind};
use ablauf_model::BlockModel;
use uuid::Uuid;

use crate::db::{Tx, fetch, scalar};
use crate::{AreaId, OrgId, Result, StoreError};

/// The ids of one organisation that changes may refer to, each kind read
/// on first use within the transaction.
pub(crate) struct Refs {
    org: OrgId,
    members: Option<HashSet<Uuid>>,
    units: Option<HashSet<Uuid>>,
    grades: Option<HashSet<Uuid>>,
    areas: Option<HashSet<Uuid>>,
    /// Catalogue entries with their kind.
    entries: Option<HashMap<Uuid, ReferenceKind>>,
}

/// What a reference field refers to.
#[derive(Clone, Copy)]
enum Kind {
    Member,
    Unit,
    Grade,
    Area,
    Entry(ReferenceKind),
}

fn refused(field: &'static str, key: &'static str) -> StoreError {
    StoreError::Invalid(Invalid::new(field, key))
}

impl Refs {
    pub(crate) fn new(org: OrgId) -> Refs {
        Refs {
            org,
            members: None,
            units: None,
            grades: None,
            areas: None,
            entries: None,
        }
    }

    /// How many ids of this kind the organisation has, reading them first.
    async fn count(&mut self, tx: &mut Tx, kind: Kind) -> Result<usize> {
        self.load(tx, kind).await?;
        Ok(match kind {
            Kind::Member => self.members.as_ref().map_or(0, HashSet::len),
            Kind::Unit => self.units.as_ref().map_or(0, HashSet::len),
            Kind::Grade => self.grades.as_ref().map_or(0, HashSet::len),
            Kind::Area => self.areas.as_ref().map_or(0, HashSet::len),
            Kind::Entry(k) => self
                .entries
                .as_ref()
                .map_or(0, |e| e.values().filter(|v| **v == k).count()),
        })
    }

    async fn load(&mut self, tx: &mut Tx, kind: Kind) -> Result<()> {
        let org = self.org;
        let (slot, sql) = match kind {
            Kind::Entry(_) => {
                if self.entries.is_none() {
                    #[derive(sqlx::FromRow)]
                    struct Entry {
                        id: Uuid,
                        kind: ReferenceKind,
                    }
                    let rows = fetch!(
                        tx,
                        fetch_all,
                        Entry,
                        "SELECT id, kind FROM catalog_entries WHERE organization_id = $1",
                        org
                    )?;
                    self.entries = Some(rows.into_iter().map(|e| (e.id, e.kind)).collect());
                }
                return Ok(());
            }
            Kind::Member => (
                &mut self.members,
                "SELECT user_id FROM memberships WHERE organization_id = $1",
            ),
            Kind::Unit => (
                &mut self.units,
                "SELECT id FROM org_units WHERE organization_id = $1",
            ),
            Kind::Grade => (
                &mut self.grades,
                "SELECT id FROM pay_grades WHERE organization_id = $1",
            ),
            Kind::Area => (
                &mut self.areas,
                "SELECT id FROM process_areas WHERE organization_id = $1",
            ),
        };
        if slot.is_none() {
            *slot = Some(
                scalar!(tx, fetch_all, Uuid, sql, org)?
                    .into_iter()
                    .collect(),
            );
        }
        Ok(())
    }

    fn known(&self, kind: Kind, id: &Uuid) -> bool {
        match kind {
            Kind::Member => self.members.as_ref().is_some_and(|s| s.contains(id)),
            Kind::Unit => self.units.as_ref().is_some_and(|s| s.contains(id)),
            Kind::Grade => self.grades.as_ref().is_some_and(|s| s.contains(id)),
            Kind::Area => self.areas.as_ref().is_some_and(|s| s.contains(id)),
            Kind::Entry(k) => self
                .entries
                .as_ref()
                .and_then(|e| e.get(id))
                .is_some_and(|v| *v == k),
        }
    }

    /// Checks the ids of one field that `kept` does not already hold. Of a
    /// list longer than the organisation's ids of this kind plus the kept
    /// ones, no more than that many are looked at: it is refused either way.
    async fn check(
        &mut self,
        tx: &mut Tx,
        (field, kind, key): Field,
        ids: &[Uuid],
        kept: &[Uuid],
    ) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let most = self.count(tx, kind).await? + kept.len();
        let kept: HashSet<&Uuid> = kept.iter().collect();
        if ids
            .iter()
            .take(most + 1)
            .any(|id| !kept.contains(id) && !self.known(kind, id))
        {
            return Err(refused(field, key));
        }
        if ids.len() > most {
            // Every id is known, but some more than once.
            return Err(refused(field, "error.too_many_references"));
        }
        Ok(())
    }

    /// Checks a profile and its area against the organisation; `current`
    /// is the stored version's area and profile, whose ids stay.
    pub(crate) async fn check_profile(
        &mut self,
        tx: &mut Tx,
        area: Option<AreaId>,
        p: &Profile,
        current: Option<(Option<AreaId>, &Profile)>,
    ) -> Result<()> {
        let empty = Profile::default();
        let (kept_area, old) = current.unwrap_or((None, &empty));
        const ENTRY: &str = "error.catalog_entry_unknown";
        let fields: [(Field, Vec<Uuid>, Vec<Uuid>); 8] = [
            (
                ("area_id", Kind::Area, "error.area_unknown"),
                raw(area.as_slice()),
                raw(kept_area.as_slice()),
            ),
            (
                ("owner_id", Kind::Member, "error.owner_unknown"),
                raw(p.owner_id.as_slice()),
                raw(old.owner_id.as_slice()),
            ),
            (
                ("org_unit_id", Kind::Unit, "error.org_unit_unknown"),
                raw(p.org_unit_id.as_slice()),
                raw(old.org_unit_id.as_slice()),
            ),
            (
                ("participating_units", Kind::Unit, "error.org_unit_unknown"),
                raw(&p.participating_units),
                raw(&old.participating_units),
            ),
            (
                (
                    "external_parties",
                    Kind::Entry(ReferenceKind::ExternalParty),
                    ENTRY,
                ),
                raw(&p.external_parties),
                raw(&old.external_parties),
            ),
            (
                ("legal_bases", Kind::Entry(ReferenceKind::LegalBasis), ENTRY),
                raw(&p.legal_bases),
                raw(&old.legal_bases),
            ),
            (
                ("it_systems", Kind::Entry(ReferenceKind::ItSystem), ENTRY),
                raw(&p.it_systems),
                raw(&old.it_systems),
            ),
            (
                ("documents", Kind::Entry(ReferenceKind::Document), ENTRY),
                raw(&p.documents),
                raw(&old.documents),
            ),
        ];
        for (field, ids, kept) in fields {
            self.check(tx, field, &ids, &kept).await?;
        }
        Ok(())
    }

    /// Checks the org units and pay grades a block model names, where they
    /// are ids: a model read from a BPMN file may name them in words
    /// ("Bauamt"), which refer to nothing stored and stay as they are.
    /// `current` are the stored models, whose ids stay. A BPMN-only model is
    /// text the store does not read.
    pub(crate) async fn check_model(
        &mut self,
        tx: &mut Tx,
        model: Option<&str>,
        current: &[Option<&str>],
    ) -> Result<()> {
        let (units, grades) = model_ids(model);
        if units.is_empty() && grades.is_empty() {
            return Ok(());
        }
        let (mut kept_units, mut kept_grades) = (Vec::new(), Vec::new());
        for c in current {
            let (u, g) = model_ids(*c);
            kept_units.extend(u);
            kept_grades.extend(g);
        }
        self.check(
            tx,
            ("org_unit", Kind::Unit, "error.org_unit_unknown"),
            &units,
            &kept_units,
        )
        .await?;
        self.check(
            tx,
            ("pay_grade", Kind::Grade, "error.pay_grade_unknown"),
            &grades,
            &kept_grades,
        )
        .await
    }
}

/// The plain UUIDs of typed ids, for the checks that mix kinds.
fn raw<I: Copy + Into<Uuid>>(ids: &[I]) -> Vec<Uuid> {
    ids.iter().map(|&i| i.into()).collect()
}

/// A reference field: its name, what it refers to, and the message key of
/// its refusal.
type Field = (&'static str, Kind, &'static str);

/// The distinct ids among the org units and pay grades of a block model.
fn model_ids(json: Option<&str>) -> (Vec<Uuid>, Vec<Uuid>) {
    let Some(model) = json.and_then(|j| BlockModel::from_json(j).ok()) else {
        return (Vec::new(), Vec::new());
    };
    let id = |v: &Option<String>| v.as_deref().and_then(|v| Uuid::parse_str(v).ok());
    let mut units: HashSet<Uuid> = model
        .subprocesses
        .iter()
        .filter_map(|sp| id(&sp.org_unit))
        .collect();
    let mut grades = HashSet::new();
    for s in model.steps() {
        units.extend(id(&s.org_unit));
        grades.extend(id(&s.pay_grade));
    }
    (units.into_iter().collect(), grades.into_iter().collect())
}
