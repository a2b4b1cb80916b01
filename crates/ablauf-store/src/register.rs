//! The process register: areas of the process map, processes, their
//! versions, and the organisation's catalogues the profiles refer to.
//!
//! **Every save is a new version** (`process_versions`), written together
//! with the process row in one transaction. **Saves are optimistic**: the
//! caller names the version it edited; when someone else saved in between,
//! nothing is written and `StoreError::Conflict("error.process_conflict")`
//! comes back, so the caller can show both.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::{Change, Deletion};
use crate::db::{Arg, AsRaw, Tx, exec, fetch, fetch_args, scalar};
use crate::filter::{RegisterFilter, filter_sql};
use crate::refs::Refs;
use crate::{
    Actor, AreaId, EntryId, OrgId, OrgUnitId, ProcessId, Result, Store, StoreError, UserId, new_id,
    on_unique,
};
use ablauf_domain::process::{Criticality, ProcessType, Profile, ReferenceKind, Status};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Area {
    pub id: AreaId,
    pub organization_id: OrgId,
    pub parent_id: Option<AreaId>,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// A process as the register lists it (the current version's key fields).
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct ProcessRow {
    pub id: ProcessId,
    pub organization_id: OrgId,
    pub area_id: Option<AreaId>,
    pub version: i64,
    pub status: Status,
    pub name: String,
    pub identifier: String,
    pub service_key: Option<String>,
    pub service_name: String,
    pub owner_id: Option<UserId>,
    pub org_unit_id: Option<OrgUnitId>,
    pub process_type: Option<ProcessType>,
    pub criticality: Criticality,
    pub digitisation_level: Option<i64>,
    pub released_version: Option<i64>,
    pub released_by: Option<String>,
    pub released_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One saved version.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct VersionRow {
    pub process_id: ProcessId,
    pub version: i64,
    pub status: Status,
    pub area_id: Option<AreaId>,
    pub profile: String,
    pub author_id: Option<UserId>,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
    pub note: String,
    /// The building-block model (JSON), when the process has one. Not read
    /// by lists of versions.
    #[sqlx(default)]
    #[serde(skip)]
    pub model: Option<String>,
    /// The BPMN text, when the model was last saved as BPMN.
    #[sqlx(default)]
    #[serde(skip)]
    pub model_bpmn: Option<String>,
    /// The to-be model (Soll) in blocks (JSON), when the process has one.
    #[sqlx(default)]
    #[serde(skip)]
    pub to_be_model: Option<String>,
    /// The to-be model's BPMN text, when it was last saved as BPMN.
    #[sqlx(default)]
    #[serde(skip)]
    pub to_be_model_bpmn: Option<String>,
}

/// Which of a process's two models: the as-is model (Ist, the one every
/// process has) or the to-be model (Soll, the optimised process a
/// potential analysis compares it with). Both are versioned with the
/// process: every version carries both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Which {
    /// Ist.
    #[default]
    #[serde(rename = "ist")]
    AsIs,
    /// Soll.
    #[serde(rename = "soll")]
    ToBe,
}

impl Which {
    /// `ist` or `soll`, as query parameters and paths say it.
    pub fn code(self) -> &'static str {
        match self {
            Which::AsIs => "ist",
            Which::ToBe => "soll",
        }
    }

    pub fn parse(s: &str) -> Option<Which> {
        match s {
            "ist" => Some(Which::AsIs),
            "soll" => Some(Which::ToBe),
            _ => None,
        }
    }
}

/// A process model as stored with a version: the block model (JSON) and/or
/// the BPMN text it was saved as. Both empty: the process has no model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredModel {
    pub blocks: Option<String>,
    pub bpmn: Option<String>,
}

impl StoredModel {
    /// Whether there is a model at all.
    pub fn exists(&self) -> bool {
        self.blocks.is_some() || self.bpmn.is_some()
    }
}

/// Both models of a version.
#[derive(Debug, Clone, Default)]
struct Models {
    as_is: StoredModel,
    to_be: StoredModel,
}

impl Models {
    fn set(&mut self, which: Which, model: StoredModel) {
        match which {
            Which::AsIs => self.as_is = model,
            Which::ToBe => self.to_be = model,
        }
    }
}

impl VersionRow {
    /// The as-is model (Ist).
    pub fn stored_model(&self) -> StoredModel {
        self.stored(Which::AsIs)
    }

    /// One of the two models.
    pub fn stored(&self, which: Which) -> StoredModel {
        match which {
            Which::AsIs => StoredModel {
                blocks: self.model.clone(),
                bpmn: self.model_bpmn.clone(),
            },
            Which::ToBe => StoredModel {
                blocks: self.to_be_model.clone(),
                bpmn: self.to_be_model_bpmn.clone(),
            },
        }
    }

    /// Whether this version has a to-be model (Soll).
    pub fn has_to_be(&self) -> bool {
        self.to_be_model.is_some() || self.to_be_model_bpmn.is_some()
    }

    /// This version seen through one of its models: `model` and
    /// `model_bpmn` hold the chosen one (the to-be fields are empty), so
    /// whatever reads a version's model reads that one.
    pub fn viewed_as(&self, which: Which) -> VersionRow {
        let m = self.stored(which);
        VersionRow {
            model: m.blocks,
            model_bpmn: m.bpmn,
            to_be_model: None,
            to_be_model_bpmn: None,
            ..self.clone()
        }
    }

    fn models(&self) -> Models {
        Models {
            as_is: self.stored(Which::AsIs),
            to_be: self.stored(Which::ToBe),
        }
    }

    /// The stored profile. Versions written by older releases read with
    /// defaults for fields they did not have.
    pub fn profile(&self) -> Profile {
        serde_json::from_str(&self.profile).unwrap_or_default()
    }
}

/// The columns of a version without its model (for lists).
const VERSION_COLUMNS: &str =
    "process_id, version, status, area_id, profile, author_id, author_name, created_at, note";

/// What a save writes besides the profile.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Save {
    pub area_id: Option<AreaId>,
    pub status: Status,
    pub profile: Profile,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReferenceEntry {
    pub id: EntryId,
    pub organization_id: OrgId,
    pub kind: ReferenceKind,
    pub name: String,
    pub detail: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
}

pub(crate) async fn process_in<C: AsRaw + Send>(
    c: &mut C,
    org: OrgId,
    id: ProcessId,
) -> Result<ProcessRow> {
    fetch!(
        c,
        fetch_optional,
        ProcessRow,
        "SELECT * FROM processes WHERE organization_id = $1 AND id = $2",
        org,
        id
    )?
    .ok_or(StoreError::NotFound)
}

async fn area_in(tx: &mut Tx, org: OrgId, id: AreaId) -> Result<Area> {
    fetch!(
        tx,
        fetch_optional,
        Area,
        "SELECT * FROM process_areas WHERE organization_id = $1 AND id = $2",
        org,
        id
    )?
    .ok_or(StoreError::Refused("error.area_unknown"))
}

/// Which version of which process is written, and when.
struct VersionKey {
    org: OrgId,
    id: ProcessId,
    version: i64,
    now: DateTime<Utc>,
}

async fn insert_version(
    tx: &mut Tx,
    actor: &Actor,
    key: VersionKey,
    save: &Save,
    models: &Models,
) -> Result<()> {
    let VersionKey {
        org,
        id,
        version,
        now,
    } = key;
    exec!(
        tx,
        "INSERT INTO process_versions (process_id, organization_id, version, status, area_id, profile, \
         author_id, author_name, created_at, note, model, model_bpmn, to_be_model, to_be_model_bpmn) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        id,
        org,
        version,
        save.status.code(),
        save.area_id,
        serde_json::to_string(&save.profile).unwrap_or_else(|_| "{}".into()),
        actor.user_id,
        &actor.name,
        now,
        &save.note,
        models.as_is.blocks.clone(),
        models.as_is.bpmn.clone(),
        models.to_be.blocks.clone(),
        models.to_be.bpmn.clone()
    )?;
    Ok(())
}

/// Creates a process with its first version.
pub(crate) async fn create_in(
    tx: &mut Tx,
    actor: &Actor,
    refs: &mut Refs,
    org: OrgId,
    save: &Save,
) -> Result<ProcessRow> {
    refs.check_profile(tx, save.area_id, &save.profile, None)
        .await?;
    let now = Utc::now();
    let id = ProcessId(new_id());
    let p = &save.profile;
    let status = if save.status == Status::Freigegeben {
        Status::Optimiert
    } else {
        save.status
    };
    let row = fetch!(
        tx,
        fetch_one,
        ProcessRow,
        "INSERT INTO processes (id, organization_id, area_id, version, status, name, identifier, service_key, \
         service_name, owner_id, org_unit_id, process_type, criticality, digitisation_level, created_at, updated_at) \
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING *",
        id,
        org,
        save.area_id,
        status.code(),
        &p.name,
        &p.identifier,
        p.service_key.clone(),
        &p.service_name,
        p.owner_id,
        p.org_unit_id,
        p.process_type.map(|t| t.code()),
        p.criticality.code(),
        p.digitisation_level.map(i64::from),
        now
    )?;
    let save = Save {
        status,
        ..save.clone()
    };
    let key = VersionKey {
        org,
        id,
        version: 1,
        now,
    };
    insert_version(tx, actor, key, &save, &Models::default()).await?;
    crate::search::index_process(tx, org, id, &save.profile).await?;
    Change::new(
        org,
        "process.created",
        "process",
        "audit_summary.process_created",
    )
    .entity(id)
    .arg("name", &p.name)
    .after(p)
    .record(tx, actor)
    .await?;
    Ok(row)
}

/// Takes back a process created as `version` 1 — unless someone has saved
/// it since (then it stays, and `false` says so).
pub(crate) async fn undo_create_in(tx: &mut Tx, org: OrgId, id: ProcessId) -> Result<bool> {
    match process_in(tx, org, id).await {
        Ok(row) if row.version == 1 => {}
        Ok(_) => return Ok(false),
        Err(StoreError::NotFound) => return Ok(true),
        Err(e) => return Err(e),
    }
    remove_in(tx, org, id).await?;
    Ok(true)
}

/// Removes a process with its versions and its search entry.
async fn remove_in(tx: &mut Tx, org: OrgId, id: ProcessId) -> Result<()> {
    crate::search::unindex_process(tx, org, id).await?;
    crate::steps::unindex_steps(tx, org, id.0).await?;
    exec!(
        tx,
        "DELETE FROM process_versions WHERE organization_id = $1 AND process_id = $2",
        org,
        id
    )?;
    exec!(
        tx,
        "DELETE FROM processes WHERE organization_id = $1 AND id = $2",
        org,
        id
    )?;
    Ok(())
}

/// Takes back the `version` a save wrote, back to the row as it was
/// (`prior`) — unless someone has saved it since (then it stays, and
/// `false` says so).
pub(crate) async fn undo_save_in(
    tx: &mut Tx,
    org: OrgId,
    prior: &ProcessRow,
    version: i64,
) -> Result<bool> {
    let p = prior;
    let restored = fetch!(
        tx,
        fetch_optional,
        ProcessRow,
        "UPDATE processes SET area_id = $3, version = $4, status = $5, name = $6, identifier = $7, \
         service_key = $8, service_name = $9, owner_id = $10, org_unit_id = $11, process_type = $12, \
         criticality = $13, digitisation_level = $14, released_version = $15, released_by = $16, \
         released_at = $17, updated_at = $18 \
         WHERE organization_id = $1 AND id = $2 AND version = $19 RETURNING *",
        org,
        p.id,
        p.area_id,
        p.version,
        p.status,
        &p.name,
        &p.identifier,
        p.service_key.clone(),
        &p.service_name,
        p.owner_id,
        p.org_unit_id,
        p.process_type,
        p.criticality,
        p.digitisation_level,
        p.released_version,
        p.released_by.clone(),
        p.released_at,
        p.updated_at,
        version
    )?;
    if restored.is_none() {
        return Ok(false);
    }
    exec!(
        tx,
        "DELETE FROM process_versions WHERE organization_id = $1 AND process_id = $2 AND version = $3",
        org,
        p.id,
        version
    )?;
    let old = fetch!(
        tx,
        fetch_one,
        VersionRow,
        "SELECT * FROM process_versions WHERE process_id = $1 AND version = $2",
        p.id,
        p.version
    )?;
    crate::search::index_process(tx, org, p.id, &old.profile()).await?;
    crate::steps::index_steps(tx, org, p.id.0, &p.name, old.model.as_deref()).await?;
    Ok(true)
}

/// Saves a new version, if `expected_version` is still the current one.
/// Saving never releases: a released process that is edited keeps its
/// recorded release (of the older version) and gets the given status.
pub(crate) async fn save_in(
    tx: &mut Tx,
    actor: &Actor,
    refs: &mut Refs,
    org: OrgId,
    (id, expected_version): (ProcessId, i64),
    save: &Save,
) -> Result<ProcessRow> {
    let source = Source::Profile(refs);
    save_with_model_in(tx, actor, org, id, expected_version, save, source).await
}

/// Saves a new version with a checked profile and a new as-is model.
pub(crate) async fn save_model_and_profile_in(
    tx: &mut Tx,
    actor: &Actor,
    refs: &mut Refs,
    org: OrgId,
    (id, expected_version): (ProcessId, i64),
    save: &Save,
    model: &StoredModel,
) -> Result<ProcessRow> {
    let source = Source::ProfileAndModel(refs, model);
    save_with_model_in(tx, actor, org, id, expected_version, save, source).await
}

/// Where a new version's parts come from.
enum Source<'a> {
    /// A profile someone entered, checked against the organisation; both
    /// models stay.
    Profile(&'a mut Refs),
    /// This model as the as-is or to-be model (the other stays), with a
    /// profile that was stored already: nothing new to check but that the
    /// area exists.
    Model(Which, &'a StoredModel),
    /// Both models of a restored version, with its profile.
    Restore(Models),
    /// A profile to check and a new as-is model (the to-be model stays):
    /// a template adopted or updated.
    ProfileAndModel(&'a mut Refs, &'a StoredModel),
}

/// Saves a new version of the profile or the model.
async fn save_with_model_in(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    id: ProcessId,
    expected_version: i64,
    save: &Save,
    source: Source<'_>,
) -> Result<ProcessRow> {
    let before = process_in(tx, org, id).await?;
    let old = fetch!(
        tx,
        fetch_one,
        VersionRow,
        "SELECT * FROM process_versions WHERE process_id = $1 AND version = $2",
        id,
        before.version
    )?;
    let model = match source {
        Source::Profile(refs) => {
            let current = (before.area_id, &old.profile());
            refs.check_profile(tx, save.area_id, &save.profile, Some(current))
                .await?;
            old.models()
        }
        Source::Model(which, model) => {
            if let Some(a) = save.area_id {
                area_in(tx, org, a).await?;
            }
            let mut models = old.models();
            models.set(which, model.clone());
            models
        }
        Source::Restore(models) => {
            if let Some(a) = save.area_id {
                area_in(tx, org, a).await?;
            }
            models
        }
        Source::ProfileAndModel(refs, model) => {
            let current = (before.area_id, &old.profile());
            refs.check_profile(tx, save.area_id, &save.profile, Some(current))
                .await?;
            refs.check_model(tx, model.blocks.as_deref(), &[old.model.as_deref()])
                .await?;
            let mut models = old.models();
            models.set(Which::AsIs, model.clone());
            models
        }
    };
    let status = if save.status == Status::Freigegeben {
        before.status
    } else {
        save.status
    };
    let status = if status == Status::Freigegeben {
        Status::Optimiert
    } else {
        status
    };
    let now = Utc::now();
    let p = &save.profile;
    let next = expected_version + 1;
    // The version check and the write are one statement: of two
    // concurrent saves of the same version, exactly one succeeds.
    let updated = fetch!(
        tx,
        fetch_optional,
        ProcessRow,
        "UPDATE processes SET area_id = $3, version = $4, status = $5, name = $6, identifier = $7, \
         service_key = $8, service_name = $9, owner_id = $10, org_unit_id = $11, process_type = $12, \
         criticality = $13, digitisation_level = $14, updated_at = $15 \
         WHERE organization_id = $1 AND id = $2 AND version = $16 RETURNING *",
        org,
        id,
        save.area_id,
        next,
        status.code(),
        &p.name,
        &p.identifier,
        p.service_key.clone(),
        &p.service_name,
        p.owner_id,
        p.org_unit_id,
        p.process_type.map(|t| t.code()),
        p.criticality.code(),
        p.digitisation_level.map(i64::from),
        now,
        expected_version
    )?;
    let Some(row) = updated else {
        return Err(StoreError::Conflict("error.process_conflict"));
    };
    let save = Save {
        status,
        ..save.clone()
    };
    let key = VersionKey {
        org,
        id,
        version: next,
        now,
    };
    insert_version(tx, actor, key, &save, &model).await?;
    crate::search::index_process(tx, org, id, &save.profile).await?;
    if model.as_is.blocks != old.model {
        crate::steps::index_steps(tx, org, id.0, &p.name, model.as_is.blocks.as_deref()).await?;
    } else {
        crate::steps::rename_steps(tx, org, id.0, &p.name).await?;
    }
    let key = if save.note.is_empty() {
        "audit_summary.process_saved"
    } else {
        "audit_summary.process_saved_note"
    };
    Change::new(org, "process.saved", "process", key)
        .entity(id)
        .arg("name", &p.name)
        .arg("version", next)
        .arg("note", &save.note)
        .before(&old.profile())
        .after(p)
        .record(tx, actor)
        .await?;
    Ok(row)
}

impl Store {
    pub async fn list_areas(&self, org: OrgId) -> Result<Vec<Area>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            Area,
            "SELECT * FROM process_areas WHERE organization_id = $1 ORDER BY created_at, id",
            org
        )?)
    }

    pub async fn create_area(
        &self,
        actor: &Actor,
        org: OrgId,
        parent: Option<AreaId>,
        name: &str,
    ) -> Result<Area> {
        let mut tx = self.begin().await?;
        if let Some(p) = parent {
            area_in(&mut tx, org, p).await?;
        }
        let area = fetch!(
            &mut tx,
            fetch_one,
            Area,
            "INSERT INTO process_areas (id, organization_id, parent_id, name, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING *",
            new_id(),
            org,
            parent,
            name,
            Utc::now()
        )?;
        Change::new(
            org,
            "area.created",
            "process_area",
            "audit_summary.area_created",
        )
        .entity(area.id)
        .arg("name", name)
        .after(&area)
        .commit(tx, actor)
        .await?;
        Ok(area)
    }

    /// Deletes an empty area (no sub-areas, no processes).
    pub async fn delete_area(&self, actor: &Actor, org: OrgId, id: AreaId) -> Result<()> {
        let mut tx = self.begin().await?;
        let area = area_in(&mut tx, org, id)
            .await
            .map_err(|_| StoreError::NotFound)?;
        let used = scalar!(
            &mut tx,
            fetch_one,
            i64,
            "SELECT (SELECT COUNT(*) FROM process_areas WHERE organization_id = $1 AND parent_id = $2) \
             + (SELECT COUNT(*) FROM processes WHERE organization_id = $1 AND area_id = $2)",
            org,
            id
        )?;
        if used > 0 {
            return Err(StoreError::Refused("error.area_not_empty"));
        }
        Deletion {
            table: "process_areas",
            action: "area.deleted",
            entity: "process_area",
            key: "audit_summary.area_deleted",
        }
        .run(&mut tx, actor, org, id, (&area.name, &area))
        .await?;
        tx.commit().await
    }

    /// Creates a process with its first version.
    pub async fn create_process(
        &self,
        actor: &Actor,
        org: OrgId,
        save: &Save,
    ) -> Result<ProcessRow> {
        let mut tx = self.begin().await?;
        let row = create_in(&mut tx, actor, &mut Refs::new(org), org, save).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Saves a new version, if `expected_version` is still the current one.
    /// Saving never releases: a released process that is edited keeps its
    /// recorded release (of the older version) and gets the given status.
    pub async fn save_process(
        &self,
        actor: &Actor,
        org: OrgId,
        id: ProcessId,
        expected_version: i64,
        save: &Save,
    ) -> Result<ProcessRow> {
        let mut tx = self.begin().await?;
        let mut refs = Refs::new(org);
        let row = save_in(&mut tx, actor, &mut refs, org, (id, expected_version), save).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Saves a new version with a new as-is or to-be model (the other
    /// model stays; an empty `StoredModel` as the to-be model removes it);
    /// profile, status and area stay as they are, except that a process
    /// still "identifiziert" or "dokumentiert" becomes "modelliert" with
    /// its first as-is model.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_model(
        &self,
        actor: &Actor,
        org: OrgId,
        id: ProcessId,
        which: Which,
        expected_version: i64,
        model: &StoredModel,
        note: &str,
    ) -> Result<ProcessRow> {
        let mut tx = self.begin().await?;
        let current = process_in(&mut tx, org, id).await?;
        let v = fetch!(
            &mut tx,
            fetch_one,
            VersionRow,
            "SELECT * FROM process_versions WHERE process_id = $1 AND version = $2",
            id,
            current.version
        )?;
        let status = match current.status {
            Status::Identifiziert | Status::Dokumentiert
                if which == Which::AsIs && model.exists() =>
            {
                Status::Modelliert
            }
            s => s,
        };
        // Ids either current model holds stay (a to-be model starts as a
        // copy of the as-is model, whose units may have been deleted since).
        Refs::new(org)
            .check_model(
                &mut tx,
                model.blocks.as_deref(),
                &[v.model.as_deref(), v.to_be_model.as_deref()],
            )
            .await?;
        let save = Save {
            area_id: current.area_id,
            status,
            profile: v.profile(),
            note: note.to_owned(),
        };
        let row = save_with_model_in(
            &mut tx,
            actor,
            org,
            id,
            expected_version,
            &save,
            Source::Model(which, model),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Restores an old version (profile, status, area and both models) as a new
    /// version, if `expected_version` is still the current one.
    pub async fn restore_version(
        &self,
        actor: &Actor,
        org: OrgId,
        id: ProcessId,
        expected_version: i64,
        old_version: i64,
        note: &str,
    ) -> Result<ProcessRow> {
        let mut tx = self.begin().await?;
        let old = fetch!(
            &mut tx,
            fetch_optional,
            VersionRow,
            "SELECT * FROM process_versions WHERE organization_id = $1 AND process_id = $2 AND version = $3",
            org,
            id,
            old_version
        )?
        .ok_or(StoreError::NotFound)?;
        let save = Save {
            area_id: old.area_id,
            status: old.status,
            profile: old.profile(),
            note: note.to_owned(),
        };
        let models = old.models();
        let row = save_with_model_in(
            &mut tx,
            actor,
            org,
            id,
            expected_version,
            &save,
            Source::Restore(models),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Releases the current version (Freigabe), if it is still `expected_version`.
    /// Who may release is the caller's rule (administrator or named owner).
    pub async fn release_process(
        &self,
        actor: &Actor,
        org: OrgId,
        id: ProcessId,
        expected_version: i64,
    ) -> Result<ProcessRow> {
        let mut tx = self.begin().await?;
        let before = process_in(&mut tx, org, id).await?;
        let now = Utc::now();
        let row = fetch!(
            &mut tx,
            fetch_optional,
            ProcessRow,
            "UPDATE processes SET status = 'freigegeben', released_version = version, released_by = $3, \
             released_at = $4 WHERE organization_id = $1 AND id = $2 AND version = $5 RETURNING *",
            org,
            id,
            &actor.name,
            now,
            expected_version
        )?
        .ok_or(StoreError::Conflict("error.process_conflict"))?;
        exec!(
            &mut tx,
            "UPDATE process_versions SET status = 'freigegeben' WHERE process_id = $1 AND version = $2",
            id,
            expected_version
        )?;
        Change::new(
            org,
            "process.released",
            "process",
            "audit_summary.process_released",
        )
        .entity(id)
        .arg("name", &before.name)
        .arg("version", expected_version)
        .before(&serde_json::json!({ "status": before.status }))
        .after(&serde_json::json!({ "status": "freigegeben", "version": expected_version }))
        .commit(tx, actor)
        .await?;
        Ok(row)
    }

    pub async fn delete_process(&self, actor: &Actor, org: OrgId, id: ProcessId) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = process_in(&mut tx, org, id).await?;
        remove_in(&mut tx, org, id).await?;
        Change::new(
            org,
            "process.deleted",
            "process",
            "audit_summary.process_deleted",
        )
        .entity(id)
        .arg("name", &before.name)
        .arg("versions", before.version)
        .before(&before)
        .commit(tx, actor)
        .await
    }

    /// A process with its current version, read from one snapshot.
    pub async fn get_process(&self, org: OrgId, id: ProcessId) -> Result<(ProcessRow, VersionRow)> {
        let mut tx = self.begin_read().await?;
        let row = process_in(&mut tx, org, id).await?;
        let v = fetch!(
            &mut tx,
            fetch_one,
            VersionRow,
            "SELECT * FROM process_versions WHERE process_id = $1 AND version = $2",
            id,
            row.version
        )?;
        tx.commit().await?;
        Ok((row, v))
    }

    /// The processes whose current version has a to-be model (Soll), by
    /// name: those a potential analysis can compare.
    pub async fn processes_with_to_be(&self, org: OrgId) -> Result<Vec<ProcessRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            ProcessRow,
            "SELECT p.* FROM processes p \
             JOIN process_versions v ON v.process_id = p.id AND v.version = p.version \
             WHERE p.organization_id = $1 \
             AND (v.to_be_model IS NOT NULL OR v.to_be_model_bpmn IS NOT NULL) \
             ORDER BY lower(p.name), p.id",
            org
        )?)
    }

    /// Every process of the organisation with its current version number
    /// (what a cache of figures checks before it reads anything else).
    pub async fn process_versions(&self, org: OrgId) -> Result<Vec<(ProcessId, i64)>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            (ProcessId, i64),
            "SELECT id, version FROM processes WHERE organization_id = $1",
            org
        )?)
    }

    /// The current versions of these processes of the organisation, with
    /// their models (others' ids are left out).
    pub async fn current_versions(&self, org: OrgId, ids: &[ProcessId]) -> Result<Vec<VersionRow>> {
        let mut out = Vec::with_capacity(ids.len());
        let mut c = self.conn().await?;
        for chunk in ids.chunks(500) {
            let list = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT v.* FROM process_versions v \
                 JOIN processes p ON p.id = v.process_id AND p.version = v.version \
                 WHERE p.organization_id = $1 AND p.id IN ({list})"
            );
            let rows: Vec<VersionRow> = match crate::db::AsRaw::raw(&mut c) {
                crate::db::Raw::Sqlite(c) => {
                    let mut q = sqlx::query_as::<_, VersionRow>(&sql).bind(org);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(c).await?
                }
                crate::db::Raw::Postgres(c) => {
                    let mut q = sqlx::query_as::<_, VersionRow>(&sql).bind(org);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(c).await?
                }
            };
            out.extend(rows);
        }
        Ok(out)
    }

    pub async fn list_versions(&self, org: OrgId, id: ProcessId) -> Result<Vec<VersionRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            VersionRow,
            &format!(
                "SELECT {VERSION_COLUMNS} FROM process_versions WHERE organization_id = $1 AND process_id = $2 \
                 ORDER BY version DESC"
            ),
            org,
            id
        )?)
    }

    pub async fn get_version(&self, org: OrgId, id: ProcessId, version: i64) -> Result<VersionRow> {
        let mut c = self.conn().await?;
        fetch!(
            &mut c,
            fetch_optional,
            VersionRow,
            "SELECT * FROM process_versions WHERE organization_id = $1 AND process_id = $2 AND version = $3",
            org,
            id,
            version
        )?
        .ok_or(StoreError::NotFound)
    }

    /// The register, filtered and sorted (the first 5,000; callers that
    /// may see more use [`Store::list_processes_page`]).
    pub async fn list_processes(&self, org: OrgId, f: &RegisterFilter) -> Result<Vec<ProcessRow>> {
        self.list_filtered(org, f, 0, 5000).await
    }

    /// One page of the filtered, sorted register and how many processes the
    /// filter matches in all.
    pub async fn list_processes_page(
        &self,
        org: OrgId,
        f: &RegisterFilter,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<ProcessRow>, i64)> {
        let rows = self.list_filtered(org, f, offset, limit).await?;
        let (cond, args) = filter_sql(org, f, "");
        let sql = format!("SELECT COUNT(*) FROM processes WHERE organization_id = $1{cond}");
        let mut c = self.conn().await?;
        let total: i64 = fetch_args!(&mut c, sqlx::query_scalar, fetch_one, &sql, &args)?;
        Ok((rows, total))
    }

    /// The process map: per area (and without area) the first `per_area`
    /// processes by name, area after area, and how many each area holds.
    pub async fn map_processes(
        &self,
        org: OrgId,
        per_area: i64,
    ) -> Result<(Vec<ProcessRow>, Vec<(Option<AreaId>, i64)>)> {
        #[derive(sqlx::FromRow)]
        struct AreaCount {
            area_id: Option<AreaId>,
            n: i64,
        }
        let mut c = self.conn().await?;
        let counts = fetch!(
            &mut c,
            fetch_all,
            AreaCount,
            "SELECT area_id, COUNT(*) AS n FROM processes WHERE organization_id = $1 GROUP BY area_id",
            org
        )?;
        // One query per area that holds processes, each answered from the
        // (organisation, area, name) index and stopping after `per_area`
        // rows; a window over the whole register sorted every process.
        let mut rows = Vec::new();
        for a in &counts {
            let tiles = match a.area_id {
                Some(area) => fetch!(
                    &mut c,
                    fetch_all,
                    ProcessRow,
                    "SELECT * FROM processes WHERE organization_id = $1 AND area_id = $2 \
                     ORDER BY lower(name), id LIMIT $3",
                    org,
                    area,
                    per_area
                )?,
                None => fetch!(
                    &mut c,
                    fetch_all,
                    ProcessRow,
                    "SELECT * FROM processes WHERE organization_id = $1 AND area_id IS NULL \
                     ORDER BY lower(name), id LIMIT $2",
                    org,
                    per_area
                )?,
            };
            rows.extend(tiles);
        }
        Ok((rows, counts.into_iter().map(|a| (a.area_id, a.n)).collect()))
    }

    /// Every process the filter matches, with its current version (for
    /// exports), in the register's order.
    pub async fn export_processes(
        &self,
        org: OrgId,
        f: &RegisterFilter,
    ) -> Result<Vec<(ProcessRow, VersionRow)>> {
        // Rows and versions from one snapshot: a save in between would
        // pair a row with another version's profile.
        let mut tx = self.begin_read().await?;
        let rows = list_filtered(&mut tx, org, f, 0, i64::MAX).await?;
        // The current versions of the same processes: the filter again, on
        // the join, so that only the exported profiles are read.
        let (cond, args) = filter_sql(org, f, "p.");
        let sql = format!(
            "SELECT v.process_id, v.version, v.status, v.area_id, v.profile, v.author_id, \
             v.author_name, v.created_at, v.note FROM processes p \
             JOIN process_versions v ON v.process_id = p.id AND v.version = p.version \
             WHERE p.organization_id = $1{cond}"
        );
        let versions = fetch_args!(
            &mut tx,
            sqlx::query_as::<_, VersionRow>,
            fetch_all,
            &sql,
            &args
        )?;
        tx.commit().await?;
        let mut by_id: std::collections::HashMap<ProcessId, VersionRow> =
            versions.into_iter().map(|v| (v.process_id, v)).collect();
        Ok(rows
            .into_iter()
            .filter_map(|r| by_id.remove(&r.id).map(|v| (r, v)))
            .collect())
    }

    async fn list_filtered(
        &self,
        org: OrgId,
        f: &RegisterFilter,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ProcessRow>> {
        list_filtered(&mut self.conn().await?, org, f, offset, limit).await
    }

    pub async fn count_processes(&self, org: OrgId) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM processes WHERE organization_id = $1",
            org
        )?)
    }

    pub async fn list_reference_entries(
        &self,
        org: OrgId,
        kind: ReferenceKind,
    ) -> Result<Vec<ReferenceEntry>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            ReferenceEntry,
            "SELECT * FROM catalog_entries WHERE organization_id = $1 AND kind = $2 ORDER BY lower(name)",
            org,
            kind
        )?)
    }

    pub async fn all_reference_entries(&self, org: OrgId) -> Result<Vec<ReferenceEntry>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            ReferenceEntry,
            "SELECT * FROM catalog_entries WHERE organization_id = $1 ORDER BY kind, lower(name)",
            org
        )?)
    }

    pub async fn create_reference_entry(
        &self,
        actor: &Actor,
        org: OrgId,
        kind: ReferenceKind,
        name: &str,
        detail: &str,
        link: &str,
    ) -> Result<ReferenceEntry> {
        let mut tx = self.begin().await?;
        let e = insert_reference_entry(
            &mut tx,
            actor,
            org,
            (EntryId(new_id()), kind, name),
            (detail, link),
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    pub async fn delete_reference_entry(
        &self,
        actor: &Actor,
        org: OrgId,
        id: EntryId,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let e = fetch!(
            &mut tx,
            fetch_optional,
            ReferenceEntry,
            "SELECT * FROM catalog_entries WHERE organization_id = $1 AND id = $2",
            org,
            id
        )?
        .ok_or(StoreError::NotFound)?;
        Deletion {
            table: "catalog_entries",
            action: "catalog.deleted",
            entity: "catalog_entry",
            key: "audit_summary.catalog_deleted",
        }
        .run(&mut tx, actor, org, id, (&e.name, &e))
        .await?;
        tx.commit().await
    }
}

/// One page of the filtered, sorted register, on a connection or in a
/// transaction.
async fn list_filtered<C: AsRaw + Send>(
    c: &mut C,
    org: OrgId,
    f: &RegisterFilter,
    offset: i64,
    limit: i64,
) -> Result<Vec<ProcessRow>> {
    let order = match f.sort.as_str() {
        "identifier" => "lower(identifier)",
        "status" => {
            "CASE status WHEN 'identifiziert' THEN 0 WHEN 'dokumentiert' THEN 1 WHEN 'modelliert' THEN 2 \
                     WHEN 'analysiert' THEN 3 WHEN 'optimiert' THEN 4 ELSE 5 END"
        }
        "updated" => "updated_at",
        "digitisation" => "COALESCE(digitisation_level, -1)",
        _ => "lower(name)",
    };
    let dir = if f.descending { "DESC" } else { "ASC" };
    // Ties are broken by name, then id. Sorting by name says so once, so
    // that the (organisation, name, id) index answers the whole order.
    let order = if order == "lower(name)" {
        format!("lower(name) {dir}, id {dir}")
    } else {
        format!("{order} {dir}, lower(name), id")
    };
    let (cond, mut args) = filter_sql(org, f, "");
    let n = args.len();
    let sql = format!(
        "SELECT * FROM processes WHERE organization_id = $1{cond} \
         ORDER BY {order} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    args.push(Arg::Int(limit));
    args.push(Arg::Int(offset.max(0)));
    Ok(fetch_args!(
        c,
        sqlx::query_as::<_, ProcessRow>,
        fetch_all,
        &sql,
        &args
    )?)
}

/// Creates a reference-list entry with a given id, in the caller's
/// transaction.
pub(crate) async fn insert_reference_entry(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    (id, kind, name): (EntryId, ReferenceKind, &str),
    (detail, link): (&str, &str),
) -> Result<ReferenceEntry> {
    let e = fetch!(
        &mut *tx,
        fetch_one,
        ReferenceEntry,
        "INSERT INTO catalog_entries (id, organization_id, kind, name, detail, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
        id,
        org,
        kind,
        name,
        detail,
        link,
        Utc::now()
    )
    .map_err(on_unique("error.catalog_entry_taken"))?;
    Change::new(
        org,
        "catalog.created",
        "catalog_entry",
        "audit_summary.catalog_created",
    )
    .entity(e.id)
    .arg("name", name)
    .after(&e)
    .record(tx, actor)
    .await?;
    Ok(e)
}
