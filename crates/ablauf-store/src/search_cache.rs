//! The in-memory search indexes this instance keeps, one per organisation
//! searched so far, and what their documents look like. The search module
//! brings them up to date and queries them; the store handle holds the
//! cache, so every clone of it shares the indexes. Nothing in here reads
//! the database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::RwLock;

use crate::{OrgId, ProcessId};
use ablauf_search::{Field, Index};

/// The stored code of a searchable field (in `search_docs.fields`).
pub(crate) fn field_code(f: Field) -> &'static str {
    match f {
        Field::Name => "name",
        Field::Keywords => "keywords",
        Field::Service => "service",
        Field::LegalBasis => "legal_basis",
        Field::Description => "description",
        Field::Other => "other",
    }
}

fn field_of(code: &str) -> Field {
    match code {
        "name" => Field::Name,
        "keywords" => Field::Keywords,
        "service" => Field::Service,
        "legal_basis" => Field::LegalBasis,
        "description" => Field::Description,
        _ => Field::Other,
    }
}

/// The in-memory indexes of the organisations searched so far. Each instance
/// keeps its own; the database's revisions tell it what changed meanwhile,
/// also through another instance.
#[derive(Default)]
pub(crate) struct SearchCache {
    orgs: Mutex<HashMap<OrgId, Cached>>,
}

struct Cached {
    index: Arc<RwLock<OrgIndex>>,
    last_used: Instant,
}

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchCache")
    }
}

pub(crate) struct OrgIndex {
    /// The revision the index reflects; `None` before the first load.
    pub(crate) rev: Option<i64>,
    pub(crate) index: Index<ProcessId>,
}

/// Documents kept in memory over all organisations before the least recently
/// searched ones are dropped (they are rebuilt on their next search).
const CACHE_DOCS: usize = 1_000_000;

pub(crate) fn doc_fields(json: &str) -> Vec<(Field, String)> {
    serde_json::from_str::<Vec<(String, String)>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|(c, t)| (field_of(&c), t))
        .collect()
}

impl SearchCache {
    /// Whether the organisation's index is loaded (and not being rebuilt).
    pub(crate) fn loaded(&self, org: OrgId) -> bool {
        let orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        orgs.get(&org)
            .is_some_and(|c| c.index.try_read().is_ok_and(|ix| ix.rev.is_some()))
    }

    pub(crate) fn org(&self, org: OrgId) -> Arc<RwLock<OrgIndex>> {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let c = orgs.entry(org).or_insert_with(|| Cached {
            index: Arc::new(RwLock::new(OrgIndex {
                rev: None,
                index: Index::new(),
            })),
            last_used: Instant::now(),
        });
        c.last_used = Instant::now();
        c.index.clone()
    }

    /// Drops the least recently used indexes beyond [`CACHE_DOCS`], never `keep`.
    pub(crate) fn evict(&self, keep: OrgId) {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let mut sizes: Vec<(OrgId, usize, Instant)> = orgs
            .iter()
            .map(|(id, c)| {
                let n = c.index.try_read().map_or(0, |ix| ix.index.len());
                (*id, n, c.last_used)
            })
            .collect();
        let mut total: usize = sizes.iter().map(|s| s.1).sum();
        sizes.sort_by_key(|s| s.2);
        for (id, n, _) in sizes {
            if total <= CACHE_DOCS {
                break;
            }
            if id != keep {
                orgs.remove(&id);
                total -= n;
            }
        }
    }
}
