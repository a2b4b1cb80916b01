//! The in-memory step indexes this instance keeps for pattern queries, one
//! per organisation queried so far (see `steps.rs`, which brings them up
//! to date and queries them). Nothing in here reads the database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::RwLock;
use uuid::Uuid;

use crate::OrgId;
use ablauf_analysis::index::PatternIndex;

/// Steps kept in memory over all organisations before the least recently
/// queried indexes are dropped (rebuilt on their next query).
const CACHE_STEPS: usize = 6_000_000;

pub(crate) struct OrgSteps {
    /// The revision the index reflects; `None` before the first load.
    pub(crate) rev: Option<i64>,
    pub(crate) index: PatternIndex<Uuid>,
}

struct Cached {
    index: Arc<RwLock<OrgSteps>>,
    last_used: Instant,
}

/// The in-memory step indexes of the organisations queried so far.
#[derive(Default)]
pub(crate) struct StepsCache {
    orgs: Mutex<HashMap<OrgId, Cached>>,
}

impl std::fmt::Debug for StepsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StepsCache")
    }
}

impl StepsCache {
    pub(crate) fn org(&self, org: OrgId) -> Arc<RwLock<OrgSteps>> {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let c = orgs.entry(org).or_insert_with(|| Cached {
            index: Arc::new(RwLock::new(OrgSteps {
                rev: None,
                index: PatternIndex::new(),
            })),
            last_used: Instant::now(),
        });
        c.last_used = Instant::now();
        c.index.clone()
    }

    pub(crate) fn evict(&self, keep: OrgId) {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let mut sizes: Vec<(OrgId, usize, Instant)> = orgs
            .iter()
            .map(|(id, c)| {
                let n = c.index.try_read().map_or(0, |ix| ix.index.steps());
                (*id, n, c.last_used)
            })
            .collect();
        let mut total: usize = sizes.iter().map(|s| s.1).sum();
        sizes.sort_by_key(|s| s.2);
        for (id, n, _) in sizes {
            if total <= CACHE_STEPS {
                break;
            }
            if id != keep {
                orgs.remove(&id);
                total -= n;
            }
        }
    }
}
