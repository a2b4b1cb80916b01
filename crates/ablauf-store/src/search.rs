//! Search over the register. The `ablauf-search` crate decides everything
//! (folding, matching, ranking) and answers from an in-memory [`Index`] per
//! organisation; SQL keeps each process's searchable fields (`search_docs`)
//! with a revision, so every instance can bring its index up to date with one
//! cheap query before it answers.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use tokio::sync::RwLock;

use crate::db::{AsRaw, Raw, Tx, exec, fetch, scalar};
use crate::filter::{RegisterFilter, filter_ids};
use crate::search_cache::{OrgIndex, doc_fields, field_code};
use crate::{EntryId, OrgId, ProcessId, Result, Store};
use ablauf_domain::process::{Profile, Status};
use ablauf_search::{Index, Query};

/// The searchable fields of a profile; legal bases by their catalogue names.
fn fields_of(p: &Profile, legal: &[(EntryId, String)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![("name".into(), p.name.clone())];
    for k in &p.keywords {
        f.push(("keywords".into(), k.clone()));
    }
    for s in [&p.service_name, &p.ozg_service] {
        if !s.is_empty() {
            f.push(("service".into(), s.clone()));
        }
    }
    for id in &p.legal_bases {
        if let Some((_, name)) = legal.iter().find(|(i, _)| i == id) {
            f.push(("legal_basis".into(), name.clone()));
        }
    }
    if !p.description.is_empty() {
        f.push(("description".into(), p.description.clone()));
    }
    for s in [
        &p.identifier,
        &p.trigger,
        &p.result,
        &p.themenfeld,
        &p.lebenslage,
    ] {
        if !s.is_empty() {
            f.push(("other".into(), s.clone()));
        }
    }
    f
}

/// Takes the organisation's next search revision, in the caller's transaction.
/// The row stays locked until commit, so revisions become visible in order.
async fn next_rev(tx: &mut Tx, org: OrgId) -> Result<i64> {
    Ok(scalar!(
        tx,
        fetch_one,
        i64,
        "INSERT INTO search_revs (organization_id, rev) VALUES ($1, 1) \
         ON CONFLICT (organization_id) DO UPDATE SET rev = search_revs.rev + 1 RETURNING rev",
        org
    )?)
}

/// Replaces the search entry of a process, inside the save's transaction.
pub(crate) async fn index_process(
    tx: &mut Tx,
    org: OrgId,
    id: ProcessId,
    p: &Profile,
) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct Entry {
        id: EntryId,
        name: String,
        detail: String,
    }
    let legal: Vec<(EntryId, String)> = if p.legal_bases.is_empty() {
        Vec::new()
    } else {
        fetch!(
            tx,
            fetch_all,
            Entry,
            "SELECT id, name, detail FROM catalog_entries WHERE organization_id = $1 AND kind = 'legal_basis'",
            org
        )?
        .into_iter()
        .map(|e| (e.id, format!("{} {}", e.name, e.detail).trim().to_owned()))
        .collect()
    };
    let fields = fields_of(p, &legal);
    let rev = next_rev(tx, org).await?;
    exec!(tx, "DELETE FROM search_docs WHERE process_id = $1", id)?;
    exec!(
        tx,
        "INSERT INTO search_docs (process_id, organization_id, fields, rev) VALUES ($1, $2, $3, $4)",
        id,
        org,
        serde_json::to_string(&fields).unwrap_or_else(|_| "[]".into()),
        rev
    )?;
    Ok(())
}

/// Removes a process from search, inside the deletion's transaction.
pub(crate) async fn unindex_process(tx: &mut Tx, org: OrgId, id: ProcessId) -> Result<()> {
    let rev = next_rev(tx, org).await?;
    exec!(tx, "DELETE FROM search_docs WHERE process_id = $1", id)?;
    exec!(
        tx,
        "INSERT INTO search_gone (organization_id, process_id, rev) VALUES ($1, $2, $3) \
         ON CONFLICT (organization_id, process_id) DO UPDATE SET rev = excluded.rev",
        org,
        id,
        rev
    )?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DocRow {
    process_id: ProcessId,
    fields: String,
}

/// One part of a field, marked or not.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldMatch {
    /// name, keywords, service, legal_basis, description, other
    pub field: &'static str,
    pub text: String,
    /// Byte ranges of the matches in `text`.
    pub ranges: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: ProcessId,
    pub name: String,
    pub status: Status,
    pub score: f32,
    pub matches: Vec<FieldMatch>,
}

/// What a search found: the number of matching processes and the best ones.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

impl Store {
    /// Processes matching the query among those the register filter selects
    /// (its order is ignored), best first (at most `limit`), and how many
    /// match in all. Answered from the organisation's in-memory index, brought
    /// up to date with the database first.
    pub async fn search_processes(
        &self,
        org: OrgId,
        query: &str,
        filter: &RegisterFilter,
        limit: usize,
    ) -> Result<SearchResults> {
        let q = Query::parse(query);
        let mut out = SearchResults {
            total: 0,
            hits: Vec::new(),
        };
        if q.is_empty() {
            return Ok(out);
        }
        let mut c = self.conn().await?;
        let only: Option<HashSet<ProcessId>> = filter_ids(&mut c, org, filter)
            .await?
            .map(|ids| ids.into_iter().collect());
        let lock = self.search.org(org);
        let ix = self.fresh_index(&mut c, org, &lock).await?;
        let found = ix
            .index
            .search(&q, limit, |id| only.as_ref().is_none_or(|o| o.contains(id)));
        drop(ix);
        self.search.evict(org);
        out.total = found.total;
        if found.hits.is_empty() {
            return Ok(out);
        }
        #[derive(sqlx::FromRow)]
        struct Row {
            id: ProcessId,
            name: String,
            status: Status,
        }
        let placeholders: Vec<String> = (0..found.hits.len())
            .map(|i| format!("${}", i + 2))
            .collect();
        let sql = format!(
            "SELECT id, name, status FROM processes WHERE organization_id = $1 AND id IN ({})",
            placeholders.join(", ")
        );
        let rows: Vec<Row> = match c.raw() {
            Raw::Sqlite(conn) => {
                // Without statistics SQLite walks the organisation's index
                // (the whole register) instead of looking the ids up; the
                // unary plus keeps it off that index.
                let sql = sql.replacen("WHERE organization_id", "WHERE +organization_id", 1);
                let mut s = sqlx::query_as::<_, Row>(&sql).bind(org);
                for h in &found.hits {
                    s = s.bind(h.key);
                }
                s.fetch_all(conn).await?
            }
            Raw::Postgres(conn) => {
                let mut s = sqlx::query_as::<_, Row>(&sql).bind(org);
                for h in &found.hits {
                    s = s.bind(h.key);
                }
                s.fetch_all(conn).await?
            }
        };
        let rows: HashMap<ProcessId, Row> = rows.into_iter().map(|r| (r.id, r)).collect();
        out.hits = found
            .hits
            .into_iter()
            .filter_map(|h| {
                // Deleted since the index was brought up to date: left out.
                let row = rows.get(&h.key)?;
                Some(SearchHit {
                    id: h.key,
                    name: row.name.clone(),
                    status: row.status,
                    score: h.hit.score,
                    matches: h
                        .hit
                        .highlights
                        .into_iter()
                        .map(|m| FieldMatch {
                            field: field_code(m.field),
                            text: h.fields[m.index].1.clone(),
                            ranges: m.ranges,
                        })
                        .collect(),
                })
            })
            .collect();
        Ok(out)
    }

    /// Builds the organisation's search index in the background when this
    /// instance holds none yet, so that the first query someone types is
    /// answered from memory instead of waiting for the whole register to be
    /// read (seconds at 100,000 processes). Pages that lead to search call it.
    pub fn prepare_search(&self, org: OrgId) {
        let lock = self.search.org(org);
        if lock.try_read().is_ok_and(|ix| ix.rev.is_some()) {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            let built = async {
                let mut c = store.conn().await?;
                store.fresh_index(&mut c, org, &lock).await.map(drop)
            };
            if let Err(e) = built.await {
                tracing::warn!(error = %e, "preparing the search index failed");
            }
            store.search.evict(org);
        });
    }

    /// Whether this instance holds the organisation's search index.
    pub fn search_index_loaded(&self, org: OrgId) -> bool {
        self.search.loaded(org)
    }

    /// The organisation's index, brought up to the database's current
    /// revision first when it is behind (or not loaded yet).
    async fn fresh_index<'a>(
        &self,
        c: &mut crate::db::Conn,
        org: OrgId,
        lock: &'a RwLock<OrgIndex>,
    ) -> Result<tokio::sync::RwLockReadGuard<'a, OrgIndex>> {
        let current: i64 = scalar!(
            &mut *c,
            fetch_optional,
            i64,
            "SELECT rev FROM search_revs WHERE organization_id = $1",
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
            self.refresh(c, org, &mut ix, current).await?;
        }
        Ok(ix.downgrade())
    }

    /// Brings `ix` up to revision `current`: the changed entries since its
    /// revision, or everything on the first load.
    async fn refresh(
        &self,
        c: &mut crate::db::Conn,
        org: OrgId,
        ix: &mut OrgIndex,
        current: i64,
    ) -> Result<()> {
        let since = ix.rev.unwrap_or(-1);
        let docs: Vec<DocRow> = fetch!(
            c,
            fetch_all,
            DocRow,
            "SELECT process_id, fields FROM search_docs WHERE organization_id = $1 AND rev > $2",
            org,
            since
        )?;
        let gone: Vec<ProcessId> = scalar!(
            c,
            fetch_all,
            ProcessId,
            "SELECT process_id FROM search_gone WHERE organization_id = $1 AND rev > $2",
            org,
            since
        )?;
        if ix.rev.is_none() {
            // The first load may be a whole register: fold it off the
            // async workers.
            ix.index = tokio::task::spawn_blocking(move || {
                let mut index = Index::new();
                for d in docs {
                    index.upsert(d.process_id, doc_fields(&d.fields));
                }
                index
            })
            .await
            .map_err(|e| crate::StoreError::Db(sqlx::Error::Protocol(e.to_string())))?;
        } else {
            for d in docs {
                ix.index.upsert(d.process_id, doc_fields(&d.fields));
            }
        }
        for id in gone {
            ix.index.remove(&id);
        }
        ix.rev = Some(current.max(ix.rev.unwrap_or(0)));
        Ok(())
    }
}

/// Splits a text into marked and unmarked segments for display.
pub fn segments(text: &str, ranges: &[Range<usize>]) -> Vec<Segment> {
    ablauf_search::highlight(text, ranges)
        .into_iter()
        .map(|(text, hit)| Segment { text, hit })
        .collect()
}
