//! Register imports: checked rows wait in `pending_imports` until the person
//! confirms the preview; then they are written in batches, each its own
//! short transaction, so that other writers get in between. An import run
//! (`import_runs`) records its state and progress, and per written process
//! what the import did (`import_run_rows`): a batch that fails, or a run
//! that stopped (the server ended), is undone batch by batch — the register
//! is as before, and edits made meanwhile by others are kept.

use ablauf_domain::{ImportKind, RunState};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::Change;
use crate::db::{exec, fetch};
use crate::refs::Refs;
use crate::register::{
    ProcessRow, Save, create_in, process_in, save_in, undo_create_in, undo_save_in,
};
use crate::{Actor, ImportId, OrgId, ProcessId, Result, Store, StoreError, UserId, new_id};
/// One row to apply: a new process, or a new version of `target`
/// (process id and the version the row was based on).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportItem {
    pub line: u64,
    pub target: Option<(ProcessId, i64)>,
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
    pub id: ImportId,
    pub organization_id: OrgId,
    pub user_id: UserId,
    pub kind: ImportKind,
    pub file_name: String,
    pub payload: String,
    pub created_at: DateTime<Utc>,
}

/// Pending imports older than this are dropped.
const KEEP_PENDING_HOURS: i64 = 24;

/// A register import being applied (or applied, or undone).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRun {
    /// The pending import's id.
    pub id: ImportId,
    pub organization_id: OrgId,
    pub user_id: UserId,
    pub file_name: String,
    pub state: RunState,
    pub total: i64,
    pub applied: i64,
    pub created: i64,
    pub updated: i64,
    /// Why it failed (a German sentence), when it did.
    pub message: String,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What undoing an import did: processes taken back, and processes kept
/// because someone saved them after the import had written them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UndoCounts {
    pub undone: usize,
    pub kept: usize,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    process_id: ProcessId,
    version: i64,
    prior: Option<String>,
}

/// A run that has not moved for this long is taken to have stopped (its
/// server ended) and is undone.
const STALE_RUN_MINUTES: i64 = 2;

impl Store {
    /// Starts applying the pending import `id` with `total` rows. A run of
    /// it that failed before is replaced; one still running is a conflict.
    pub async fn begin_import_run(
        &self,
        org: OrgId,
        user: UserId,
        id: ImportId,
        file_name: &str,
        total: usize,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        exec!(
            &mut tx,
            "DELETE FROM import_runs WHERE id = $1 AND organization_id = $2 AND state = 'failed'",
            id,
            org
        )?;
        let now = Utc::now();
        exec!(
            &mut tx,
            "INSERT INTO import_runs (id, organization_id, user_id, file_name, state, total, started_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'running', $5, $6, $6)",
            id,
            org,
            user,
            file_name,
            total as i64,
            now
        )
        .map_err(crate::on_unique("sheet.apply_running"))?;
        tx.commit().await
    }

    /// Applies one batch of a running import in one transaction, and notes
    /// its progress in the same transaction. The first failing row rolls
    /// the batch back; earlier batches stay until [`Store::undo_import_run`].
    pub async fn apply_import_batch(
        &self,
        actor: &Actor,
        org: OrgId,
        run: ImportId,
        items: &[ImportItem],
    ) -> std::result::Result<RegisterImportCounts, ImportFailure> {
        let fail = |line| move |error| ImportFailure { line, error };
        let mut tx = self.begin().await.map_err(fail(0))?;
        let mut counts = RegisterImportCounts::default();
        // The organisation's ids are read once for the batch.
        let mut refs = Refs::new(org);
        for item in items {
            let (id, version, prior) = match item.target {
                None => {
                    let row = create_in(&mut tx, actor, &mut refs, org, &item.save)
                        .await
                        .map_err(fail(item.line))?;
                    counts.created += 1;
                    (row.id, row.version, None)
                }
                Some((id, version)) => {
                    let prior = process_in(&mut tx, org, id)
                        .await
                        .map_err(fail(item.line))?;
                    let row = save_in(&mut tx, actor, &mut refs, org, (id, version), &item.save)
                        .await
                        .map_err(fail(item.line))?;
                    counts.updated += 1;
                    let prior = serde_json::to_string(&prior).unwrap_or_default();
                    (row.id, row.version, Some(prior))
                }
            };
            exec!(
                &mut tx,
                "INSERT INTO import_run_rows (run_id, process_id, version, prior) VALUES ($1, $2, $3, $4)",
                run,
                id,
                version,
                prior
            )
            .map_err(|e| fail(item.line)(e.into()))?;
        }
        let moved = exec!(
            &mut tx,
            "UPDATE import_runs SET applied = applied + $3, created = created + $4, updated = updated + $5, \
             updated_at = $6 WHERE id = $1 AND organization_id = $2 AND state = 'running'",
            run,
            org,
            items.len() as i64,
            counts.created as i64,
            counts.updated as i64,
            Utc::now()
        )
        .map_err(|e| fail(0)(e.into()))?;
        if moved == 0 {
            // The run was taken for stopped and is being undone.
            return Err(ImportFailure {
                line: 0,
                error: StoreError::Refused("sheet.fail_stopped"),
            });
        }
        tx.commit().await.map_err(fail(0))?;
        Ok(counts)
    }

    /// Ends a run whose every batch is written: recorded in the audit trail,
    /// the pending import gone, in one transaction.
    pub async fn finish_import_run(
        &self,
        actor: &Actor,
        org: OrgId,
        run: ImportId,
    ) -> Result<RegisterImportCounts> {
        let mut tx = self.begin().await?;
        let r = run_in(&mut tx, org, run).await?;
        let counts = RegisterImportCounts {
            created: r.created as usize,
            updated: r.updated as usize,
        };
        Change::new(
            org,
            "register.imported",
            "register",
            "audit_summary.register_imported",
        )
        .arg("file", &r.file_name)
        .arg("created", counts.created)
        .arg("updated", counts.updated)
        .record(&mut tx, actor)
        .await?;
        exec!(
            &mut tx,
            "UPDATE import_runs SET state = 'done', updated_at = $3 WHERE id = $1 AND organization_id = $2",
            run,
            org,
            Utc::now()
        )?;
        exec!(
            &mut tx,
            "DELETE FROM import_run_rows WHERE run_id = $1",
            run
        )?;
        exec!(
            &mut tx,
            "DELETE FROM pending_imports WHERE organization_id = $1 AND id = $2",
            org,
            run
        )?;
        tx.commit().await?;
        Ok(counts)
    }

    /// Takes back what a run wrote, `batch` processes per transaction, and
    /// marks it failed with `message`. A process someone saved after the
    /// import wrote it is kept as it is (nothing of theirs is lost).
    pub async fn undo_import_run(
        &self,
        actor: &Actor,
        org: OrgId,
        run: ImportId,
        message: &str,
        batch: usize,
    ) -> Result<UndoCounts> {
        let mut c = self.conn().await?;
        exec!(
            &mut c,
            "UPDATE import_runs SET state = 'undoing', message = $3, updated_at = $4 \
             WHERE id = $1 AND organization_id = $2",
            run,
            org,
            message,
            Utc::now()
        )?;
        drop(c);
        let mut counts = UndoCounts::default();
        loop {
            let mut tx = self.begin().await?;
            let rows = fetch!(
                &mut tx,
                fetch_all,
                RunRow,
                "SELECT process_id, version, prior FROM import_run_rows WHERE run_id = $1 \
                 ORDER BY process_id LIMIT $2",
                run,
                batch.max(1) as i64
            )?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let undone = match &r.prior {
                    None => undo_create_in(&mut tx, org, r.process_id).await?,
                    Some(prior) => {
                        let prior: ProcessRow = serde_json::from_str(prior)
                            .map_err(|e| StoreError::Db(sqlx::Error::Decode(e.into())))?;
                        undo_save_in(&mut tx, org, &prior, r.version).await?
                    }
                };
                if undone {
                    counts.undone += 1;
                } else {
                    counts.kept += 1;
                }
                exec!(
                    &mut tx,
                    "DELETE FROM import_run_rows WHERE run_id = $1 AND process_id = $2",
                    run,
                    r.process_id
                )?;
            }
            exec!(
                &mut tx,
                "UPDATE import_runs SET updated_at = $2 WHERE id = $1",
                run,
                Utc::now()
            )?;
            tx.commit().await?;
        }
        let mut tx = self.begin().await?;
        let r = run_in(&mut tx, org, run).await?;
        if counts.undone + counts.kept > 0 {
            Change::new(
                org,
                "register.import_undone",
                "register",
                "audit_summary.register_import_undone",
            )
            .arg("file", &r.file_name)
            .arg("undone", counts.undone)
            .arg("kept", counts.kept)
            .record(&mut tx, actor)
            .await?;
        }
        exec!(
            &mut tx,
            "UPDATE import_runs SET state = 'failed', applied = 0, created = 0, updated = 0, updated_at = $3 \
             WHERE id = $1 AND organization_id = $2",
            run,
            org,
            Utc::now()
        )?;
        tx.commit().await?;
        Ok(counts)
    }

    /// The run of the pending import `id` of this person.
    pub async fn import_run(&self, org: OrgId, user: UserId, id: ImportId) -> Result<ImportRun> {
        let mut c = self.conn().await?;
        fetch!(
            &mut c,
            fetch_optional,
            ImportRun,
            "SELECT * FROM import_runs WHERE organization_id = $1 AND user_id = $2 AND id = $3",
            org,
            user,
            id
        )?
        .ok_or(StoreError::NotFound)
    }

    /// Runs that are running or being undone but have not moved for a
    /// while: their server ended before they did.
    pub async fn stopped_import_runs(&self) -> Result<Vec<ImportRun>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            ImportRun,
            "SELECT * FROM import_runs WHERE state IN ('running', 'undoing') AND updated_at < $1",
            Utc::now() - Duration::minutes(STALE_RUN_MINUTES)
        )?)
    }

    /// Keeps checked rows until the person confirms; returns the id.
    pub async fn put_pending_import(
        &self,
        org: OrgId,
        user: UserId,
        kind: ImportKind,
        file_name: &str,
        payload: &str,
    ) -> Result<ImportId> {
        let mut tx = self.begin().await?;
        let now = Utc::now();
        exec!(
            &mut tx,
            "DELETE FROM pending_imports WHERE created_at < $1",
            now - Duration::hours(KEEP_PENDING_HOURS)
        )?;
        exec!(
            &mut tx,
            "DELETE FROM import_runs WHERE state IN ('done', 'failed') AND updated_at < $1",
            now - Duration::hours(KEEP_PENDING_HOURS)
        )?;
        let id = ImportId(new_id());
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
        kind: ImportKind,
        id: ImportId,
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

    pub async fn delete_pending_import(
        &self,
        org: OrgId,
        user: UserId,
        id: ImportId,
    ) -> Result<()> {
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

async fn run_in(tx: &mut crate::db::Tx, org: OrgId, run: ImportId) -> Result<ImportRun> {
    fetch!(
        tx,
        fetch_optional,
        ImportRun,
        "SELECT * FROM import_runs WHERE organization_id = $1 AND id = $2",
        org,
        run
    )?
    .ok_or(StoreError::NotFound)
}
