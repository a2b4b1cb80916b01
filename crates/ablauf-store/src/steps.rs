//! The landscape's step index: every step of every process's current
//! (as-is) block model in `process_steps`, written in the transaction that
//! writes the model, and the in-memory [`PatternIndex`] per organisation
//! that answers pattern queries from it.
//!
//! Every change to a process with a model (model saved, renamed, restored,
//! imported, taken back, deleted) takes the organisation's next step
//! revision (`step_revs`, locked until commit so revisions become visible
//! in order) and stamps the process's `step_sets` row with it. Before it
//! answers, an instance reads the organisation's revision (one indexed
//! query) and loads the step sets newer than its index — so an answer is
//! never staler than the last committed change, whichever instance made it.

use std::collections::HashMap;

use tokio::sync::RwLock;
use uuid::Uuid;

use crate::db::{AsRaw, Raw, Tx, exec, fetch, scalar};
use crate::steps_cache::OrgSteps;
use crate::{OrgId, Result, Store};
use ablauf_analysis::index::{IndexStep, PatternIndex, StepRow, parse_predecessors, step_rows};
use ablauf_analysis::pattern::PatternQuery;
use ablauf_model::BlockModel;

/// Rows per INSERT statement (19 values each, well below both backends'
/// limits on bound values).
const INSERT_CHUNK: usize = 200;

async fn next_rev(tx: &mut Tx, org: OrgId) -> Result<i64> {
    Ok(scalar!(
        tx,
        fetch_one,
        i64,
        "INSERT INTO step_revs (organization_id, rev) VALUES ($1, 1) \
         ON CONFLICT (organization_id) DO UPDATE SET rev = step_revs.rev + 1 RETURNING rev",
        org
    )?)
}

/// The steps of a stored block model (none when there is none or it does
/// not parse).
pub fn rows_of(model: Option<&str>) -> Vec<StepRow> {
    model
        .and_then(|m| BlockModel::from_json(m).ok())
        .map(|m| step_rows(&m))
        .unwrap_or_default()
}

async fn has_set(tx: &mut Tx, org: OrgId, id: Uuid) -> Result<Option<(String, bool)>> {
    #[derive(sqlx::FromRow)]
    struct Set {
        name: String,
        gone: bool,
    }
    Ok(fetch!(
        tx,
        fetch_optional,
        Set,
        "SELECT name, gone FROM step_sets WHERE organization_id = $1 AND process_id = $2",
        org,
        id
    )?
    .map(|s| (s.name, s.gone)))
}

/// Replaces the steps of a process with those of `model` (its current
/// block model JSON), inside the save's transaction. A process that never
/// had a model and gets none is left alone.
pub(crate) async fn index_steps(
    tx: &mut Tx,
    org: OrgId,
    id: Uuid,
    name: &str,
    model: Option<&str>,
) -> Result<()> {
    let rows = rows_of(model);
    if model.is_none() && has_set(tx, org, id).await?.is_none_or(|(_, gone)| gone) {
        return Ok(());
    }
    let rev = next_rev(tx, org).await?;
    exec!(tx, "DELETE FROM process_steps WHERE process_id = $1", id)?;
    insert_rows(tx, org, id, &rows).await?;
    exec!(
        tx,
        "INSERT INTO step_sets (process_id, organization_id, name, rev, gone) VALUES ($1, $2, $3, $4, FALSE) \
         ON CONFLICT (organization_id, process_id) DO UPDATE SET name = excluded.name, rev = excluded.rev, gone = FALSE",
        id,
        org,
        name,
        rev
    )?;
    Ok(())
}

/// Writes step rows of one process (the caller removed the old ones).
pub(crate) async fn insert_rows(tx: &mut Tx, org: OrgId, id: Uuid, rows: &[StepRow]) -> Result<()> {
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut sql = String::from(
            "INSERT INTO process_steps (process_id, organization_id, position, step_id, label, \
             subprocess_index, subprocess_id, block, medium, it_system, org_unit, pay_grade, \
             processing_minutes, waiting_minutes, share, reach, predecessors, branch_path) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 18;
            if i > 0 {
                sql.push_str(", ");
            }
            let ps: Vec<String> = (1..=18).map(|k| format!("${}", b + k)).collect();
            sql.push('(');
            sql.push_str(&ps.join(", "));
            sql.push(')');
        }
        macro_rules! bind_rows {
            ($q:expr) => {{
                let mut q = $q;
                for r in chunk {
                    q = q
                        .bind(id)
                        .bind(org)
                        .bind(r.position as i64)
                        .bind(&r.step_id)
                        .bind(&r.label)
                        .bind(r.subprocess_index as i64)
                        .bind(&r.subprocess_id)
                        .bind(&r.block)
                        .bind(r.medium.as_deref())
                        .bind(r.it_system.as_deref())
                        .bind(r.org_unit.as_deref())
                        .bind(r.pay_grade.as_deref())
                        .bind(r.processing_minutes)
                        .bind(r.waiting_minutes)
                        .bind(r.share)
                        .bind(r.reach)
                        .bind(r.predecessors_text())
                        .bind(&r.branch_path);
                }
                q
            }};
        }
        match tx.raw() {
            Raw::Sqlite(c) => {
                bind_rows!(sqlx::query(&sql)).execute(c).await?;
            }
            Raw::Postgres(c) => {
                bind_rows!(sqlx::query(&sql)).execute(c).await?;
            }
        }
    }
    Ok(())
}

/// Keeps the name a process's step set answers with, inside a save that
/// left the model as it was.
pub(crate) async fn rename_steps(tx: &mut Tx, org: OrgId, id: Uuid, name: &str) -> Result<()> {
    match has_set(tx, org, id).await? {
        Some((old, false)) if old != name => {}
        _ => return Ok(()),
    }
    let rev = next_rev(tx, org).await?;
    exec!(
        tx,
        "UPDATE step_sets SET name = $3, rev = $4 WHERE organization_id = $1 AND process_id = $2",
        org,
        id,
        name,
        rev
    )?;
    Ok(())
}

/// Removes a process's steps, inside the deletion's transaction.
pub(crate) async fn unindex_steps(tx: &mut Tx, org: OrgId, id: Uuid) -> Result<()> {
    if has_set(tx, org, id).await?.is_none_or(|(_, gone)| gone) {
        return Ok(());
    }
    let rev = next_rev(tx, org).await?;
    exec!(tx, "DELETE FROM process_steps WHERE process_id = $1", id)?;
    exec!(
        tx,
        "UPDATE step_sets SET gone = TRUE, rev = $3 WHERE organization_id = $1 AND process_id = $2",
        org,
        id,
        rev
    )?;
    Ok(())
}

/// One process a pattern query matched.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PatternMatch {
    pub process_id: Uuid,
    pub name: String,
    /// The matching steps, one list of step ids per match.
    pub step_ids: Vec<Vec<String>>,
}

/// What a pattern query found: how many processes match, and the first
/// ones by name.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PatternResults {
    pub total: usize,
    pub matches: Vec<PatternMatch>,
}

#[derive(sqlx::FromRow)]
struct SetRow {
    process_id: Uuid,
    name: String,
    gone: bool,
}

#[derive(sqlx::FromRow)]
struct StepDbRow {
    process_id: Uuid,
    step_id: String,
    subprocess_index: i64,
    block: String,
    medium: Option<String>,
    it_system: Option<String>,
    waiting_minutes: Option<f64>,
    predecessors: String,
}

impl From<StepDbRow> for IndexStep {
    fn from(r: StepDbRow) -> Self {
        IndexStep {
            step_id: r.step_id,
            subprocess: usize::try_from(r.subprocess_index).unwrap_or(0),
            block: r.block,
            medium: r.medium,
            it_system: r.it_system,
            waiting_minutes: r.waiting_minutes,
            predecessors: parse_predecessors(&r.predecessors),
        }
    }
}

const STEP_COLUMNS: &str = "ps.process_id, ps.step_id, ps.subprocess_index, ps.block, ps.medium, \
                            ps.it_system, ps.waiting_minutes, ps.predecessors";

/// The steps of these processes (of the organisation), in position order.
async fn steps_of(c: &mut crate::db::Conn, org: OrgId, ids: &[Uuid]) -> Result<Vec<StepDbRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(1000) {
        let ps: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT {STEP_COLUMNS} FROM process_steps ps \
             WHERE ps.organization_id = $1 AND ps.process_id IN ({}) ORDER BY ps.process_id, ps.position",
            ps.join(", ")
        );
        let rows: Vec<StepDbRow> = match c.raw() {
            Raw::Sqlite(conn) => {
                let sql = sql.replacen("ps.organization_id", "+ps.organization_id", 1);
                let mut q = sqlx::query_as::<_, StepDbRow>(&sql).bind(org);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(conn).await?
            }
            Raw::Postgres(conn) => {
                let mut q = sqlx::query_as::<_, StepDbRow>(&sql).bind(org);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(conn).await?
            }
        };
        out.extend(rows);
    }
    Ok(out)
}

/// Step sets read per round on a first load.
const LOAD_CHUNK: i64 = 5_000;

impl Store {
    /// Runs a pattern query over the organisation's processes: every
    /// matching process counted, the first `limit` by name returned with
    /// at most `per_process` matches each. Answered from the
    /// organisation's in-memory step index, brought up to date first.
    pub async fn pattern_query(
        &self,
        org: OrgId,
        q: &PatternQuery,
        limit: usize,
        per_process: usize,
    ) -> Result<PatternResults> {
        let lock = self.steps.org(org);
        let ix = self.fresh_steps(org, &lock).await?;
        let (total, hits) = ix.index.query(q, per_process, limit);
        drop(ix);
        self.steps.evict(org);
        Ok(PatternResults {
            total,
            matches: hits
                .into_iter()
                .map(|h| PatternMatch {
                    process_id: h.key,
                    name: h.name,
                    step_ids: h.step_ids,
                })
                .collect(),
        })
    }

    /// Loads the organisation's step index in the background when this
    /// instance holds none yet (pages that lead to pattern queries call it).
    pub fn prepare_steps(&self, org: OrgId) {
        let lock = self.steps.org(org);
        if lock.try_read().is_ok_and(|ix| ix.rev.is_some()) {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            if let Err(e) = store.fresh_steps(org, &lock).await.map(drop) {
                tracing::warn!(error = %e, "preparing the step index failed");
            }
            store.steps.evict(org);
        });
    }

    async fn fresh_steps<'a>(
        &self,
        org: OrgId,
        lock: &'a RwLock<OrgSteps>,
    ) -> Result<tokio::sync::RwLockReadGuard<'a, OrgSteps>> {
        let mut c = self.conn().await?;
        let current: i64 = scalar!(
            &mut c,
            fetch_optional,
            i64,
            "SELECT rev FROM step_revs WHERE organization_id = $1",
            org
        )?
        .unwrap_or(0);
        let stale = |rev: Option<i64>| rev.is_none_or(|r| r < current);
        let read = lock.read().await;
        if !stale(read.rev) {
            return Ok(read);
        }
        drop(read);
        let mut ix = lock.write().await;
        if stale(ix.rev) {
            let since = ix.rev.unwrap_or(-1);
            if ix.rev.is_none() {
                ix.index = PatternIndex::new();
            }
            let mut after = Uuid::nil();
            let first_load = ix.rev.is_none();
            // Without statistics SQLite would walk the organisation's
            // block index (every step) for the id range; the unary plus
            // keeps it on the primary key.
            let org_col = match self.backend() {
                crate::Backend::Sqlite => "+ps.organization_id",
                crate::Backend::Postgres => "ps.organization_id",
            };
            loop {
                // A first load reads every step set, a chunk at a time in id
                // order, and their steps by id range; later refreshes read
                // the sets changed since the index's revision and their
                // steps by id.
                let sets: Vec<SetRow> = if first_load {
                    fetch!(
                        &mut c,
                        fetch_all,
                        SetRow,
                        "SELECT process_id, name, gone FROM step_sets \
                         WHERE organization_id = $1 AND process_id > $2 \
                         ORDER BY process_id LIMIT $3",
                        org,
                        after,
                        LOAD_CHUNK
                    )?
                } else {
                    fetch!(
                        &mut c,
                        fetch_all,
                        SetRow,
                        "SELECT process_id, name, gone FROM step_sets \
                         WHERE organization_id = $1 AND rev > $2 AND process_id > $3 \
                         ORDER BY process_id LIMIT $4",
                        org,
                        since,
                        after,
                        LOAD_CHUNK
                    )?
                };
                let Some(last) = sets.last().map(|s| s.process_id) else {
                    break;
                };
                let first = sets[0].process_id;
                let steps: Vec<StepDbRow> = if first_load {
                    fetch!(
                        &mut c,
                        fetch_all,
                        StepDbRow,
                        &format!(
                            "SELECT {STEP_COLUMNS} FROM process_steps ps \
                             WHERE {org_col} = $1 AND ps.process_id >= $2 AND ps.process_id <= $3 \
                             ORDER BY ps.process_id, ps.position"
                        ),
                        org,
                        first,
                        last
                    )?
                } else {
                    let ids: Vec<Uuid> = sets
                        .iter()
                        .filter(|s| !s.gone)
                        .map(|s| s.process_id)
                        .collect();
                    steps_of(&mut c, org, &ids).await?
                };
                let mut by_process: HashMap<Uuid, Vec<IndexStep>> = HashMap::new();
                for s in steps {
                    by_process.entry(s.process_id).or_default().push(s.into());
                }
                for set in &sets {
                    if set.gone {
                        ix.index.remove(&set.process_id);
                    } else {
                        let steps = by_process.remove(&set.process_id).unwrap_or_default();
                        ix.index.upsert(set.process_id, &set.name, &steps);
                    }
                }
                after = last;
                if (sets.len() as i64) < LOAD_CHUNK {
                    break;
                }
            }
            ix.rev = Some(current.max(ix.rev.unwrap_or(0)));
        }
        Ok(ix.downgrade())
    }

    /// Fills the step index for processes whose current model has no step
    /// set yet (models saved before the index existed). Runs after the
    /// migrations; a no-op once every model is indexed.
    pub async fn backfill_steps(&self) -> Result<usize> {
        #[derive(sqlx::FromRow)]
        struct Missing {
            id: Uuid,
            organization_id: Uuid,
            name: String,
            model: Option<String>,
        }
        let mut done = 0;
        loop {
            let mut c = self.conn().await?;
            let batch: Vec<Missing> = fetch!(
                &mut c,
                fetch_all,
                Missing,
                "SELECT p.id, p.organization_id, p.name, v.model FROM processes p \
                 JOIN process_versions v ON v.process_id = p.id AND v.version = p.version \
                 WHERE v.model IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM step_sets s WHERE s.organization_id = p.organization_id AND s.process_id = p.id) \
                 LIMIT 500"
            )?;
            drop(c);
            if batch.is_empty() {
                return Ok(done);
            }
            let mut tx = self.begin().await?;
            for m in &batch {
                let org = OrgId(m.organization_id);
                // Written for every model, even one without steps, so the
                // next round does not pick it again.
                let rev = next_rev(&mut tx, org).await?;
                exec!(
                    &mut tx,
                    "DELETE FROM process_steps WHERE process_id = $1",
                    m.id
                )?;
                insert_rows(&mut tx, org, m.id, &rows_of(m.model.as_deref())).await?;
                exec!(
                    &mut tx,
                    "INSERT INTO step_sets (process_id, organization_id, name, rev, gone) VALUES ($1, $2, $3, $4, FALSE) \
                     ON CONFLICT (organization_id, process_id) DO UPDATE SET name = excluded.name, rev = excluded.rev, gone = FALSE",
                    m.id,
                    org,
                    &m.name,
                    rev
                )?;
            }
            tx.commit().await?;
            done += batch.len();
        }
    }
}

/// A step as the pattern page names it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepLabel {
    pub process_id: Uuid,
    pub step_id: String,
    pub label: String,
    pub block: String,
}

impl Store {
    /// Labels and blocks of the steps of these processes (of the
    /// organisation only), from the step index.
    pub async fn step_labels(&self, org: OrgId, processes: &[Uuid]) -> Result<Vec<StepLabel>> {
        let mut out = Vec::new();
        let mut c = self.conn().await?;
        for chunk in processes.chunks(200) {
            let ps: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT process_id, step_id, label, block FROM process_steps \
                 WHERE organization_id = $1 AND process_id IN ({})",
                ps.join(", ")
            );
            let rows: Vec<StepLabel> = match c.raw() {
                Raw::Sqlite(conn) => {
                    // Kept off the organisation's block index (see steps_of).
                    let sql = sql.replacen("WHERE organization_id", "WHERE +organization_id", 1);
                    let mut q = sqlx::query_as::<_, StepLabel>(&sql).bind(org);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(conn).await?
                }
                Raw::Postgres(conn) => {
                    let mut q = sqlx::query_as::<_, StepLabel>(&sql).bind(org);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(conn).await?
                }
            };
            out.extend(rows);
        }
        Ok(out)
    }
}
