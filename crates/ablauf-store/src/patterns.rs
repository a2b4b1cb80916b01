//! Pattern queries an organisation keeps to run again.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::Change;
use crate::db::{exec, fetch};
use crate::{Actor, OrgId, Result, Store, StoreError, new_id, on_unique};

/// A saved pattern query: its name and JSON (`ablauf_analysis::pattern::PatternQuery`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SavedQuery {
    pub id: Uuid,
    pub organization_id: OrgId,
    pub name: String,
    pub query: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// The organisation's saved pattern queries by name.
    pub async fn list_pattern_queries(&self, org: OrgId) -> Result<Vec<SavedQuery>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            SavedQuery,
            "SELECT * FROM pattern_queries WHERE organization_id = $1 ORDER BY name",
            org
        )?)
    }

    pub async fn get_pattern_query(&self, org: OrgId, id: Uuid) -> Result<SavedQuery> {
        let mut c = self.conn().await?;
        fetch!(
            &mut c,
            fetch_optional,
            SavedQuery,
            "SELECT * FROM pattern_queries WHERE organization_id = $1 AND id = $2",
            org,
            id
        )?
        .ok_or(StoreError::NotFound)
    }

    /// Saves a query under a name unique in the organisation.
    pub async fn save_pattern_query(
        &self,
        actor: &Actor,
        org: OrgId,
        name: &str,
        query_json: &str,
    ) -> Result<SavedQuery> {
        let mut tx = self.begin().await?;
        let q = fetch!(
            &mut tx,
            fetch_one,
            SavedQuery,
            "INSERT INTO pattern_queries (id, organization_id, name, query, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
            new_id(),
            org,
            name,
            query_json,
            &actor.name,
            Utc::now()
        )
        .map_err(on_unique("error.pattern_query_taken"))?;
        Change::new(
            org,
            "pattern_query.saved",
            "pattern_query",
            "audit_summary.pattern_query_saved",
        )
        .entity(q.id)
        .arg("name", &q.name)
        .after(&q)
        .record(&mut tx, actor)
        .await?;
        tx.commit().await?;
        Ok(q)
    }

    pub async fn delete_pattern_query(&self, actor: &Actor, org: OrgId, id: Uuid) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = fetch!(
            &mut tx,
            fetch_optional,
            SavedQuery,
            "SELECT * FROM pattern_queries WHERE organization_id = $1 AND id = $2",
            org,
            id
        )?
        .ok_or(StoreError::NotFound)?;
        exec!(
            &mut tx,
            "DELETE FROM pattern_queries WHERE organization_id = $1 AND id = $2",
            org,
            id
        )?;
        Change::new(
            org,
            "pattern_query.deleted",
            "pattern_query",
            "audit_summary.pattern_query_deleted",
        )
        .entity(id)
        .arg("name", &before.name)
        .before(&before)
        .record(&mut tx, actor)
        .await?;
        tx.commit().await
    }
}
