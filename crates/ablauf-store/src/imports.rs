//! Register imports: checked rows wait in `pending_imports` until the person
//! confirms the preview; then all of them are written in one transaction,
//! so an import is applied whole or not at all.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::Change;
use crate::db::{exec, fetch};
use crate::refs::Refs;
use crate::register::{Save, create_in, save_in};
use crate::{Actor, OrgId, Result, Store, StoreError, UserId, new_id};

/// One row to apply: a new process, or a new version of `target`
/// (process id and the version the row was based on).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportItem {
    pub line: u64,
    pub target: Option<(Uuid, i64)>,
    pub save: Save,
}

/// What an applied import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegisterImportCounts {
    pub created: usize,
    pub updated: usize,
}

/// Why an import was not applied: the row (file line) that failed and why.
/// Nothing of the import was written.
#[derive(Debug)]
pub struct ImportFailure {
    pub line: u64,
    pub error: StoreError,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingImport {
    pub id: Uuid,
    pub organization_id: OrgId,
    pub user_id: UserId,
    /// `register` (a sheet) or `bpmn` (a model for one process).
    pub kind: String,
    pub file_name: String,
    pub payload: String,
    pub created_at: DateTime<Utc>,
}

/// Pending imports older than this are dropped.
const KEEP_PENDING_HOURS: i64 = 24;

impl Store {
    /// Applies all rows in one transaction. The first failing row (e.g. a
    /// process changed since the preview) rolls everything back.
    pub async fn import_processes(
        &self,
        actor: &Actor,
        org: OrgId,
        file_name: &str,
        items: &[ImportItem],
    ) -> std::result::Result<RegisterImportCounts, ImportFailure> {
        let fail = |line| move |error| ImportFailure { line, error };
        let mut tx = self.begin().await.map_err(fail(0))?;
        let mut counts = RegisterImportCounts::default();
        // The organisation's ids are read once for all rows.
        let mut refs = Refs::new(org);
        for item in items {
            match item.target {
                None => {
                    create_in(&mut tx, actor, &mut refs, org, &item.save)
                        .await
                        .map_err(fail(item.line))?;
                    counts.created += 1;
                }
                Some((id, version)) => {
                    save_in(&mut tx, actor, &mut refs, org, (id, version), &item.save)
                        .await
                        .map_err(fail(item.line))?;
                    counts.updated += 1;
                }
            }
        }
        Change::new(
            org,
            "register.imported",
            "register",
            "audit_summary.register_imported",
        )
        .arg("file", file_name)
        .arg("created", counts.created)
        .arg("updated", counts.updated)
        .record(&mut tx, actor)
        .await
        .map_err(fail(0))?;
        tx.commit().await.map_err(fail(0))?;
        Ok(counts)
    }

    /// Keeps checked rows until the person confirms; returns the id.
    pub async fn put_pending_import(
        &self,
        org: OrgId,
        user: UserId,
        kind: &str,
        file_name: &str,
        payload: &str,
    ) -> Result<Uuid> {
        let mut tx = self.begin().await?;
        let now = Utc::now();
        exec!(
            &mut tx,
            "DELETE FROM pending_imports WHERE created_at < $1",
            now - Duration::hours(KEEP_PENDING_HOURS)
        )?;
        let id = new_id();
        exec!(
            &mut tx,
            "INSERT INTO pending_imports (id, organization_id, user_id, kind, file_name, payload, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            id,
            org,
            user,
            kind,
            file_name,
            payload,
            now
        )?;
        tx.commit().await?;
        Ok(id)
    }

    /// A pending import of this kind, of this person in this organisation.
    pub async fn pending_import(
        &self,
        org: OrgId,
        user: UserId,
        kind: &str,
        id: Uuid,
    ) -> Result<PendingImport> {
        let mut c = self.conn().await?;
        fetch!(
            &mut c,
            fetch_optional,
            PendingImport,
            "SELECT * FROM pending_imports WHERE organization_id = $1 AND user_id = $2 AND id = $3 \
             AND created_at >= $4 AND kind = $5",
            org,
            user,
            id,
            Utc::now() - Duration::hours(KEEP_PENDING_HOURS),
            kind
        )?
        .ok_or(StoreError::NotFound)
    }

    pub async fn delete_pending_import(&self, org: OrgId, user: UserId, id: Uuid) -> Result<()> {
        let mut c = self.conn().await?;
        exec!(
            &mut c,
            "DELETE FROM pending_imports WHERE organization_id = $1 AND user_id = $2 AND id = $3",
            org,
            user,
            id
        )?;
        Ok(())
    }
}
