//! Reading the library in bulk, for finding templates and adopting them:
//! the content of many templates' current versions at once, how many
//! organisations use each, per-version users that allow being named, and
//! an organisation's earlier adoptions of one template.

use serde::Serialize;

use chrono::{DateTime, Utc};

use crate::db::{Raw, fetch, scalar};
use crate::{OrgId, ProcessId, Result, Store, TemplateId};

/// The content of a template's current version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CurrentContent {
    pub template_id: TemplateId,
    /// `ablauf_library::Content` as JSON.
    pub content: String,
}

/// How many organisations use a template.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateUsers {
    pub template_id: TemplateId,
    pub organizations: i64,
}

/// An organisation that allows being named, using a template's version.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct NamedUser {
    pub major: i64,
    pub minor: i64,
    pub name: String,
}

/// One of the organisation's processes based on a template.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OwnCopy {
    pub process_id: ProcessId,
    pub name: String,
    pub major: i64,
    pub minor: i64,
    pub adopted: bool,
}

/// Most ids bound in one statement.
const CHUNK: usize = 500;

fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// How many templates there are and when the last one changed: what
    /// a cache of the templates compares to know it is current.
    pub async fn template_stamp(&self) -> Result<(i64, Option<DateTime<Utc>>)> {
        let mut c = self.conn().await?;
        let n = scalar!(&mut c, fetch_one, i64, "SELECT COUNT(*) FROM templates")?;
        let last = scalar!(
            &mut c,
            fetch_optional,
            DateTime<Utc>,
            "SELECT updated_at FROM templates ORDER BY updated_at DESC LIMIT 1"
        )?;
        Ok((n, last))
    }

    /// The content of the current version of each of `ids` (unknown ids
    /// are left out).
    pub async fn current_template_contents(
        &self,
        ids: &[TemplateId],
    ) -> Result<Vec<CurrentContent>> {
        let mut out = Vec::with_capacity(ids.len());
        let mut c = self.conn().await?;
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT v.template_id, v.content FROM template_versions v \
                 JOIN templates t ON t.id = v.template_id AND t.major = v.major AND t.minor = v.minor \
                 WHERE t.id IN ({})",
                placeholders(chunk.len())
            );
            let rows: Vec<CurrentContent> = match crate::db::AsRaw::raw(&mut c) {
                Raw::Sqlite(c) => {
                    let mut q = sqlx::query_as::<_, CurrentContent>(&sql);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(c).await?
                }
                Raw::Postgres(c) => {
                    let mut q = sqlx::query_as::<_, CurrentContent>(&sql);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(c).await?
                }
            };
            out.extend(rows);
        }
        Ok(out)
    }

    /// How many organisations have a process based on each of `ids` (any
    /// version); templates nobody uses are left out.
    pub async fn template_user_counts(&self, ids: &[TemplateId]) -> Result<Vec<TemplateUsers>> {
        let mut out = Vec::new();
        let mut c = self.conn().await?;
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT template_id, COUNT(DISTINCT organization_id) AS organizations \
                 FROM process_lineage WHERE template_id IN ({}) GROUP BY template_id",
                placeholders(chunk.len())
            );
            let rows: Vec<TemplateUsers> = match crate::db::AsRaw::raw(&mut c) {
                Raw::Sqlite(c) => {
                    let mut q = sqlx::query_as::<_, TemplateUsers>(&sql);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(c).await?
                }
                Raw::Postgres(c) => {
                    let mut q = sqlx::query_as::<_, TemplateUsers>(&sql);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(c).await?
                }
            };
            out.extend(rows);
        }
        Ok(out)
    }

    /// The organisations allowing to be named, per version of a template
    /// they use, newest version first, by name.
    pub async fn template_named_users(&self, id: TemplateId) -> Result<Vec<NamedUser>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            NamedUser,
            "SELECT DISTINCT l.major, l.minor, o.name FROM process_lineage l \
             JOIN organizations o ON o.id = l.organization_id \
             WHERE l.template_id = $1 AND o.library_usage_public \
             ORDER BY l.major DESC, l.minor DESC, o.name",
            id
        )?)
    }

    /// The organisation's processes based on a template, by name.
    pub async fn own_copies(&self, org: OrgId, template: TemplateId) -> Result<Vec<OwnCopy>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            OwnCopy,
            "SELECT l.process_id, p.name, l.major, l.minor, l.adopted FROM process_lineage l \
             JOIN processes p ON p.id = l.process_id \
             WHERE l.organization_id = $1 AND l.template_id = $2 ORDER BY lower(p.name), p.id",
            org,
            template
        )?)
    }
}
