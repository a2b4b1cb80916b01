//! Pattern queries across an organisation's landscape: running one (every
//! member), saving it to run again and deleting a saved one (Modellierer
//! and administrators). The matching itself is `ablauf_analysis::pattern`;
//! the store answers from its step index, kept current with every model
//! save, so no model is loaded or parsed here.

use uuid::Uuid;

use crate::error::{Error, FieldErrors, Result};
use crate::i18n::t;
use ablauf_analysis::pattern::PatternQuery;
use ablauf_store::{Actor, OrgId, PatternResults, SavedQuery, Store};

/// Most processes one answer lists (all are counted in `total`).
pub const MAX_PROCESSES: usize = 1_000;
/// Most matches listed per process.
pub const MAX_MATCHES_PER_PROCESS: usize = 50;

/// The query, normalised, or its problems as field errors (German).
pub fn check(q: PatternQuery) -> Result<PatternQuery> {
    let q = q.normalized();
    let problems = q.validate();
    if problems.is_empty() {
        return Ok(q);
    }
    let mut errors = FieldErrors::default();
    for p in problems {
        errors.0.entry(p.field).or_insert(p.message);
    }
    Err(Error::Invalid(errors))
}

/// Runs a query over the organisation's processes: how many match, and the
/// first `limit` (at most [`MAX_PROCESSES`]) by name with their matching
/// steps.
pub async fn run(
    store: &Store,
    org: OrgId,
    q: PatternQuery,
    limit: usize,
) -> Result<(PatternQuery, PatternResults)> {
    let q = check(q)?;
    let found = store
        .pattern_query(org, &q, limit.min(MAX_PROCESSES), MAX_MATCHES_PER_PROCESS)
        .await?;
    Ok((q, found))
}

/// A saved query with its query read back.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Saved {
    pub id: Uuid,
    pub name: String,
    pub query: PatternQuery,
    pub created_by: String,
}

impl From<SavedQuery> for Saved {
    fn from(s: SavedQuery) -> Self {
        Saved {
            id: s.id,
            name: s.name,
            query: serde_json::from_str(&s.query).unwrap_or_default(),
            created_by: s.created_by,
        }
    }
}

/// The organisation's saved queries by name.
pub async fn saved(store: &Store, org: OrgId) -> Result<Vec<Saved>> {
    Ok(store
        .list_pattern_queries(org)
        .await?
        .into_iter()
        .map(Saved::from)
        .collect())
}

pub async fn get(store: &Store, org: OrgId, id: Uuid) -> Result<Saved> {
    Ok(store.get_pattern_query(org, id).await?.into())
}

/// Saves a query under a name (1–120 characters, unique in the
/// organisation).
pub async fn save(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    name: &str,
    q: PatternQuery,
) -> Result<Saved> {
    let name = name.trim();
    let mut errors = FieldErrors::default();
    if name.is_empty() {
        errors.add("name", "error.pattern_query_name_missing");
    } else if name.chars().count() > 120 {
        errors.add("name", "error.pattern_query_name_long");
    }
    let q = match check(q) {
        Ok(q) => Some(q),
        Err(Error::Invalid(e)) => {
            for (k, v) in e.0 {
                errors.0.entry(k).or_insert(v);
            }
            None
        }
        Err(e) => return Err(e),
    };
    let Some(q) = q.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let json = serde_json::to_string(&q).map_err(|e| Error::Internal(e.into()))?;
    match store.save_pattern_query(actor, org, name, &json).await {
        Ok(s) => Ok(s.into()),
        Err(ablauf_store::StoreError::Conflict(key)) => {
            let mut errors = FieldErrors::default();
            errors.0.insert("name".into(), t(key));
            Err(Error::Invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(store: &Store, org: OrgId, actor: &Actor, id: Uuid) -> Result<()> {
    Ok(store.delete_pattern_query(actor, org, id).await?)
}
