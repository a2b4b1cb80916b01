//! The audit trail: who changed what, when, in which organisation, with a
//! summary of the state before and after.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::db::{Tx, exec, fetch, scalar};
use crate::{OrgId, Result, Store, UserId, new_id};

/// Who makes a change: a signed-in person, or the system itself (CLI, demo
/// seeding) with a descriptive name.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub name: String,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            name: name.to_owned(),
        }
    }
}

/// One recorded change, written with [`record`] inside the change's own
/// transaction.
pub(crate) struct Change<'a> {
    pub org: Option<OrgId>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub(crate) fn json<T: Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

pub(crate) async fn record(tx: &mut Tx, actor: &Actor, c: Change<'_>) -> Result<()> {
    exec!(
        tx,
        "INSERT INTO audit_events (id, organization_id, actor_id, actor_name, at, action, \
         entity_type, entity_id, summary, before_state, after_state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        new_id(),
        c.org,
        actor.user_id,
        &actor.name,
        Utc::now(),
        c.action,
        c.entity_type,
        c.entity_id,
        c.summary,
        c.before.map(|v| v.to_string()),
        c.after.map(|v| v.to_string()),
    )?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEvent {
    pub id: Uuid,
    pub organization_id: Option<OrgId>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub summary: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
}

/// Filters of the audit page and API. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Matches the action exactly or as a prefix ("user" matches "user.created").
    pub action: Option<String>,
    pub actor: Option<UserId>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Case-insensitive text within the summary or the actor's name.
    pub text: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

impl Store {
    /// The organisation's audit trail, newest first, with the total count of
    /// matching events for paging.
    pub async fn list_audit(&self, org: OrgId, f: &AuditFilter) -> Result<(Vec<AuditEvent>, i64)> {
        let mut c = self.conn().await?;
        let action_prefix = f.action.as_ref().map(|a| format!("{}.%", escape_like(a)));
        let text = f
            .text
            .as_ref()
            .map(|t| format!("%{}%", escape_like(&t.to_lowercase())));
        let filter = "organization_id = $1 \
             AND ($2 IS NULL OR action = $2 OR action LIKE $3 ESCAPE '\\') \
             AND ($4 IS NULL OR actor_id = $4) \
             AND ($5 IS NULL OR at >= $5) \
             AND ($6 IS NULL OR at < $6) \
             AND ($7 IS NULL OR lower(summary) LIKE $7 ESCAPE '\\' OR lower(actor_name) LIKE $7 ESCAPE '\\')";
        let rows = fetch!(
            &mut c,
            fetch_all,
            AuditEvent,
            &format!(
                "SELECT * FROM audit_events WHERE {filter} ORDER BY at DESC, id DESC LIMIT $8 OFFSET $9"
            ),
            org,
            f.action.clone(),
            action_prefix.clone(),
            f.actor,
            f.from,
            f.until,
            text.clone(),
            f.limit.clamp(1, 500),
            f.offset.max(0),
        )?;
        let total = scalar!(
            &mut c,
            fetch_one,
            i64,
            &format!("SELECT COUNT(*) FROM audit_events WHERE {filter}"),
            org,
            f.action.clone(),
            action_prefix,
            f.actor,
            f.from,
            f.until,
            text,
        )?;
        Ok((rows, total))
    }

    /// The distinct actions recorded in an organisation, for the filter.
    pub async fn audit_actions(&self, org: OrgId) -> Result<Vec<String>> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_all,
            String,
            "SELECT DISTINCT action FROM audit_events WHERE organization_id = $1 ORDER BY action",
            org
        )?)
    }
}

/// Escapes LIKE wildcards so user text matches literally.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}
