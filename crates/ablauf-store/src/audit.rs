//! The audit trail: who changed what, when, in which organisation, with the
//! state before and after.
//!
//! **A summary is a message key and its arguments**, never a sentence: the
//! reader renders it from the catalogue like every other UI string (rows
//! written before migration 0010 keep their German sentence in `summary`).
//! Arguments are plain text (a name, a number already formatted) or a
//! message key the catalogue translates (a role, a kind), see [`SummaryArg`].
//! The states before and after are the changed rows as JSON; the reader
//! labels their fields and resolves ids to names.

use std::collections::BTreeMap;
use std::fmt::Display;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::db::{Arg, Tx, escape_like, exec, fetch_args, scalar};
use crate::{AuditId, OrgId, Result, Store, UserId, new_id};

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

/// One argument of a summary message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SummaryArg {
    /// Shown as it is: a name, an e-mail address, a formatted number.
    Text(String),
    /// A message key the catalogue translates (`role.betrachter`).
    Message { key: String },
}

/// One change to record, built in the change's own transaction and written
/// with [`Change::record`]:
///
/// ```ignore
/// Change::new(org, "org_unit.created", "org_unit", "audit_summary.org_unit_created")
///     .entity(unit.id)
///     .arg("name", &unit.name)
///     .after(&unit)
///     .record(&mut tx, actor)
///     .await?;
/// ```
pub(crate) struct Change {
    org: Option<OrgId>,
    action: String,
    entity_type: &'static str,
    entity_id: Option<String>,
    key: &'static str,
    args: BTreeMap<&'static str, SummaryArg>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl Change {
    /// A change of `entity_type` in an organisation (or, with `None`, of the
    /// platform: operators, accounts), filed under `action` (the filter's
    /// code, `org_unit.created`) and summarised by the message `key`.
    pub(crate) fn new(
        org: impl Into<Option<OrgId>>,
        action: impl Into<String>,
        entity_type: &'static str,
        key: &'static str,
    ) -> Change {
        Change {
            org: org.into(),
            action: action.into(),
            entity_type,
            entity_id: None,
            key,
            args: BTreeMap::new(),
            before: None,
            after: None,
        }
    }

    /// The id of the changed entity.
    pub(crate) fn entity(mut self, id: impl Display) -> Change {
        self.entity_id = Some(id.to_string());
        self
    }

    /// A summary argument shown as it is.
    pub(crate) fn arg(mut self, name: &'static str, value: impl Display) -> Change {
        self.args.insert(name, SummaryArg::Text(value.to_string()));
        self
    }

    /// A summary argument the catalogue translates.
    pub(crate) fn arg_key(mut self, name: &'static str, key: impl Into<String>) -> Change {
        self.args
            .insert(name, SummaryArg::Message { key: key.into() });
        self
    }

    /// The state before the change (`None` records none).
    pub(crate) fn before<T: Serialize>(mut self, v: &T) -> Change {
        self.before = serde_json::to_value(v).ok().filter(|v| !v.is_null());
        self
    }

    /// The state after the change (`None` records none).
    pub(crate) fn after<T: Serialize>(mut self, v: &T) -> Change {
        self.after = serde_json::to_value(v).ok().filter(|v| !v.is_null());
        self
    }

    /// Writes the change and commits the transaction it was made in.
    pub(crate) async fn commit(self, mut tx: Tx, actor: &Actor) -> Result<()> {
        self.record(&mut tx, actor).await?;
        tx.commit().await
    }

    /// Writes the change, in the caller's transaction.
    pub(crate) async fn record(self, tx: &mut Tx, actor: &Actor) -> Result<()> {
        let args = serde_json::to_string(&self.args).unwrap_or_else(|_| "{}".into());
        exec!(
            tx,
            "INSERT INTO audit_events (id, organization_id, actor_id, actor_name, at, action, \
             entity_type, entity_id, summary, summary_key, summary_args, before_state, after_state) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10, $11, $12)",
            new_id(),
            self.org,
            actor.user_id,
            &actor.name,
            Utc::now(),
            self.action,
            self.entity_type,
            self.entity_id,
            self.key,
            args,
            self.before.map(|v| v.to_string()),
            self.after.map(|v| v.to_string()),
        )?;
        Ok(())
    }
}

/// A kind of row of an organisation that is deleted by its id and recorded
/// with its name and its state before.
pub(crate) struct Deletion {
    pub(crate) table: &'static str,
    /// The audit trail's action (`org_unit.deleted`), entity type and
    /// summary key.
    pub(crate) action: &'static str,
    pub(crate) entity: &'static str,
    pub(crate) key: &'static str,
}

impl Deletion {
    /// Deletes the row `id` of the organisation and records it, in the
    /// caller's transaction.
    pub(crate) async fn run<T: Serialize>(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        org: OrgId,
        id: impl Into<uuid::Uuid> + Display + Copy,
        (name, before): (&str, &T),
    ) -> Result<()> {
        let sql = format!(
            "DELETE FROM {} WHERE organization_id = $1 AND id = $2",
            self.table
        );
        exec!(&mut *tx, &sql, org, id.into())?;
        Change::new(org, self.action, self.entity, self.key)
            .entity(id)
            .arg("name", name)
            .before(before)
            .record(tx, actor)
            .await
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEvent {
    pub id: AuditId,
    pub organization_id: Option<OrgId>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// The German sentence of rows written before summaries became keys;
    /// empty since.
    pub summary: String,
    /// The summary's message key (None in rows written before).
    pub summary_key: Option<String>,
    /// The summary's arguments, a JSON object of [`SummaryArg`]s.
    pub summary_args: Option<String>,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
}

impl AuditEvent {
    /// The summary's arguments by name.
    pub fn args(&self) -> BTreeMap<String, SummaryArg> {
        self.summary_args
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_default()
    }

    /// The state before the change, where there was one.
    pub fn before(&self) -> Option<serde_json::Value> {
        self.before_state
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
    }

    /// The state after the change, where there is one.
    pub fn after(&self) -> Option<serde_json::Value> {
        self.after_state
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
    }
}

/// Filters of the audit page and API. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Matches the action exactly or as a prefix ("user" matches "user.created").
    pub action: Option<String>,
    pub actor: Option<UserId>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Case-insensitive text within the summary's arguments, an old row's
    /// summary sentence or the actor's name.
    pub text: Option<String>,
    /// Summary message keys whose text contains `text`: the caller's
    /// catalogue knows them, so a word of the sentence ("angelegt") finds
    /// the events it describes.
    pub text_keys: Vec<String>,
    pub limit: i64,
    pub offset: i64,
}

impl AuditFilter {
    /// The conditions (only the set ones) and their values, the
    /// organisation as `$1`.
    fn sql(&self, org: OrgId) -> (String, Vec<Arg>) {
        let mut args = vec![Arg::Id(org.0)];
        let mut sql = String::from("organization_id = $1");
        let bind = |args: &mut Vec<Arg>, a: Arg| {
            args.push(a);
            format!("${}", args.len())
        };
        if let Some(a) = &self.action {
            let exact = bind(&mut args, Arg::Text(a.clone()));
            let prefix = bind(&mut args, Arg::Text(format!("{}.%", escape_like(a))));
            sql.push_str(&format!(
                " AND (action = {exact} OR action LIKE {prefix} ESCAPE '\\')"
            ));
        }
        if let Some(a) = self.actor {
            let p = bind(&mut args, Arg::Id(a.0));
            sql.push_str(&format!(" AND actor_id = {p}"));
        }
        if let Some(t) = self.from {
            let p = bind(&mut args, Arg::Time(t));
            sql.push_str(&format!(" AND at >= {p}"));
        }
        if let Some(t) = self.until {
            let p = bind(&mut args, Arg::Time(t));
            sql.push_str(&format!(" AND at < {p}"));
        }
        if let Some(t) = &self.text {
            let like = format!("%{}%", escape_like(&t.to_lowercase()));
            let p = bind(&mut args, Arg::Text(like));
            let mut any = format!(
                "lower(summary) LIKE {p} ESCAPE '\\' OR lower(summary_args) LIKE {p} ESCAPE '\\' \
                 OR lower(actor_name) LIKE {p} ESCAPE '\\'"
            );
            if !self.text_keys.is_empty() {
                let keys: Vec<String> = self
                    .text_keys
                    .iter()
                    .map(|k| bind(&mut args, Arg::Text(k.clone())))
                    .collect();
                any.push_str(&format!(" OR summary_key IN ({})", keys.join(", ")));
            }
            sql.push_str(&format!(" AND ({any})"));
        }
        (sql, args)
    }
}

impl Store {
    /// The organisation's audit trail, newest first, with the total count of
    /// matching events for paging.
    pub async fn list_audit(&self, org: OrgId, f: &AuditFilter) -> Result<(Vec<AuditEvent>, i64)> {
        let mut c = self.conn().await?;
        let (filter, mut args) = f.sql(org);
        let total = fetch_args!(
            &mut c,
            sqlx::query_scalar,
            fetch_one,
            &format!("SELECT COUNT(*) FROM audit_events WHERE {filter}"),
            &args
        )?;
        let n = args.len();
        args.push(Arg::Int(f.limit.clamp(1, 500)));
        args.push(Arg::Int(f.offset.max(0)));
        let rows = fetch_args!(
            &mut c,
            sqlx::query_as::<_, AuditEvent>,
            fetch_all,
            &format!(
                "SELECT * FROM audit_events WHERE {filter} ORDER BY at DESC, id DESC \
                 LIMIT ${} OFFSET ${}",
                n + 1,
                n + 2
            ),
            &args
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
