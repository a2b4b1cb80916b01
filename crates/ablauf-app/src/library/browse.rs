//! Finding and reading templates: every signed-in person searches the
//! library (German text search as the register's, with the filters
//! service, Themenfeld, Lebenslage and organisation kind) and reads a
//! template's page (Steckbrief, model, figures, versions, usage).
//!
//! The search runs on an in-memory index of every template's current
//! version ([`LibraryIndex`]), kept by the caller for the life of the
//! process. Before each search it asks the store for the templates' count
//! and latest change (two small queries); when they moved, it compares
//! each template's `updated_at` with what it loaded and reads only the
//! templates that changed, so a release shows up in the next search, also
//! through another instance.

use std::collections::{HashMap, HashSet};

use ablauf_analysis::{Analysis, Context};
use ablauf_domain::OrgKind;
use ablauf_library::{Content, Version};
use ablauf_search::{Field, Index, Query};
use ablauf_store::library::TemplateRow;
use ablauf_store::{Store, TemplateId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{content, version};
use crate::Result;

/// Most templates one page of results lists.
pub const MAX_LIMIT: usize = 1_000;

/// The in-memory search index of the library's current versions.
#[derive(Default)]
pub struct LibraryIndex {
    loaded: tokio::sync::RwLock<Loaded>,
}

#[derive(Default)]
struct Loaded {
    /// The store's template count and latest change when last refreshed.
    stamp: Option<(i64, Option<DateTime<Utc>>)>,
    /// Each template's `updated_at` as indexed.
    seen: HashMap<TemplateId, DateTime<Utc>>,
    index: Index<TemplateId>,
    /// The list columns of every template, by name.
    rows: Vec<TemplateRow>,
}

impl LibraryIndex {
    pub fn new() -> LibraryIndex {
        LibraryIndex::default()
    }

    /// Brings the index up to date with the store.
    async fn refresh(&self, store: &Store) -> Result<()> {
        let stamp = store.template_stamp().await?;
        if self.loaded.read().await.stamp == Some(stamp) {
            return Ok(());
        }
        let rows = store.list_templates().await?;
        let (stale, gone): (Vec<TemplateId>, Vec<TemplateId>) = {
            let l = self.loaded.read().await;
            let ids: HashSet<TemplateId> = rows.iter().map(|r| r.id).collect();
            let stale = rows
                .iter()
                .filter(|r| l.seen.get(&r.id) != Some(&r.updated_at))
                .map(|r| r.id)
                .collect();
            let gone = l
                .seen
                .keys()
                .filter(|id| !ids.contains(id))
                .copied()
                .collect();
            (stale, gone)
        };
        if stale.is_empty() && gone.is_empty() {
            let mut l = self.loaded.write().await;
            l.rows = rows;
            l.stamp = Some(stamp);
            return Ok(());
        }
        let contents = store.current_template_contents(&stale).await?;
        let docs: Vec<(TemplateId, Vec<(Field, String)>)> = contents
            .iter()
            .filter_map(|c| {
                let parsed = content(&c.content).ok()?;
                Some((c.template_id, document(&parsed)))
            })
            .collect();
        let mut l = self.loaded.write().await;
        for id in &gone {
            l.index.remove(id);
            l.seen.remove(id);
        }
        for (id, fields) in docs {
            l.index.upsert(id, fields);
        }
        let stale: HashSet<TemplateId> = stale.into_iter().collect();
        for r in &rows {
            if stale.contains(&r.id) {
                l.seen.insert(r.id, r.updated_at);
            }
        }
        l.rows = rows;
        l.stamp = Some(stamp);
        Ok(())
    }
}

/// What the search finds a template by: name, description, service,
/// keywords, legal bases, and the names of its subprocesses and steps,
/// Themenfeld and Lebenslage.
fn document(c: &Content) -> Vec<(Field, String)> {
    let p = &c.profile;
    let mut fields = vec![(Field::Name, p.name.clone())];
    fields.extend(p.keywords.iter().map(|k| (Field::Keywords, k.clone())));
    fields.push((Field::Service, p.service_name.clone()));
    if let Some(k) = &p.service_key {
        fields.push((Field::Service, k.clone()));
    }
    if !p.ozg_service.is_empty() {
        fields.push((Field::Service, p.ozg_service.clone()));
    }
    fields.extend(p.legal_bases.iter().map(|l| (Field::LegalBasis, l.clone())));
    fields.push((Field::Description, p.description.clone()));
    for extra in [&p.themenfeld, &p.lebenslage, &p.trigger, &p.result] {
        if !extra.is_empty() {
            fields.push((Field::Other, extra.clone()));
        }
    }
    for sp in &c.model.subprocesses {
        if !sp.name.is_empty() {
            fields.push((Field::Other, sp.name.clone()));
        }
    }
    for s in c.model.steps() {
        if !s.label.is_empty() {
            fields.push((Field::Other, s.label.clone()));
        }
    }
    fields.retain(|(_, t)| !t.trim().is_empty());
    fields
}

/// The search and its filters, as the page's form and the API's query
/// string give them (all optional).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Filter {
    /// Words to search for (German text search).
    #[serde(default)]
    pub q: String,
    /// A LeiKa key ("99050012104000", also "key – name" as suggestions
    /// offer it) or part of a service's name.
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub themenfeld: String,
    #[serde(default)]
    pub lebenslage: String,
    /// An organisation kind's code ("gemeinde"); templates that suit no
    /// particular kind suit every kind.
    #[serde(default)]
    pub kind: String,
}

impl Filter {
    /// The kind filter, if it names a kind (an unknown code filters
    /// nothing; the caller may refuse it with [`Filter::kind_known`]).
    pub fn kind(&self) -> Option<OrgKind> {
        OrgKind::parse(self.kind.trim())
    }

    pub fn kind_known(&self) -> bool {
        self.kind.trim().is_empty() || self.kind().is_some()
    }

    fn keeps(&self, r: &TemplateRow) -> bool {
        let same = |a: &str, b: &str| {
            let b = b.trim();
            b.is_empty() || a.trim().to_lowercase() == b.to_lowercase()
        };
        if !same(&r.themenfeld, &self.themenfeld) || !same(&r.lebenslage, &self.lebenslage) {
            return false;
        }
        if let Some(kind) = self.kind()
            && !suits(r).is_empty()
            && !suits(r).contains(&kind)
        {
            return false;
        }
        let service = self.service.trim();
        if service.is_empty() {
            return true;
        }
        match crate::register::leika_key(service) {
            Some(key) => r.service_key.as_deref() == Some(key),
            None => {
                let typed = ablauf_search::fold(service);
                ablauf_search::fold(&r.service_name).contains(&typed)
                    || r.service_key
                        .as_deref()
                        .is_some_and(|k| k.contains(service))
            }
        }
    }

    /// Whether any filter or search is set.
    pub fn is_empty(&self) -> bool {
        [
            &self.q,
            &self.service,
            &self.themenfeld,
            &self.lebenslage,
            &self.kind,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// The kinds of organisation a template suits (empty: any).
pub fn suits(r: &TemplateRow) -> Vec<OrgKind> {
    r.suits
        .split_whitespace()
        .filter_map(OrgKind::parse)
        .collect()
}

/// One template in a list of results.
#[derive(Debug, Clone)]
pub struct Listed {
    pub row: TemplateRow,
    pub version: Version,
    pub suits: Vec<OrgKind>,
    /// Organisations with a process based on the template.
    pub adoptions: i64,
    /// The name in runs, those the search words matched marked (`true`);
    /// one unmarked run without search words.
    pub name_runs: Vec<(String, bool)>,
}

/// A page of results.
#[derive(Debug, Clone)]
pub struct Found {
    /// How many templates match in all.
    pub total: usize,
    pub items: Vec<Listed>,
    /// How many templates the library holds.
    pub library_size: usize,
    /// The Themenfelder and Lebenslagen the library's templates name, for
    /// the filters' choices.
    pub themenfelder: Vec<String>,
    pub lebenslagen: Vec<String>,
}

/// Finds templates: with search words the best matches first, otherwise
/// every template that passes the filters by name; `limit` (at most
/// [`MAX_LIMIT`]) of them from `offset`.
pub async fn find(
    store: &Store,
    index: &LibraryIndex,
    f: &Filter,
    offset: usize,
    limit: usize,
) -> Result<Found> {
    index.refresh(store).await?;
    let limit = limit.clamp(1, MAX_LIMIT);
    let l = index.loaded.read().await;
    let by_id: HashMap<TemplateId, &TemplateRow> = l.rows.iter().map(|r| (r.id, r)).collect();
    let mut runs: HashMap<TemplateId, Vec<(String, bool)>> = HashMap::new();
    let (total, ids): (usize, Vec<TemplateId>) = if f.q.trim().is_empty() {
        let all: Vec<TemplateId> = l.rows.iter().filter(|r| f.keeps(r)).map(|r| r.id).collect();
        let total = all.len();
        (total, all.into_iter().skip(offset).take(limit).collect())
    } else {
        let query = Query::parse(&f.q);
        let found = l.index.search(&query, offset + limit, |id| {
            by_id.get(id).is_some_and(|r| f.keeps(r))
        });
        let hits: Vec<_> = found.hits.into_iter().skip(offset).collect();
        for h in &hits {
            if let Some(fh) = h.hit.highlights.iter().find(|x| x.field == Field::Name)
                && let Some((_, text)) = h.fields.get(fh.index)
            {
                runs.insert(h.key, ablauf_search::highlight(text, &fh.ranges));
            }
        }
        (found.total, hits.into_iter().map(|h| h.key).collect())
    };
    let users: HashMap<TemplateId, i64> = store
        .template_user_counts(&ids)
        .await?
        .into_iter()
        .map(|u| (u.template_id, u.organizations))
        .collect();
    let items = ids
        .iter()
        .filter_map(|id| by_id.get(id))
        .map(|r| Listed {
            version: version(r.major, r.minor),
            suits: suits(r),
            adoptions: users.get(&r.id).copied().unwrap_or(0),
            name_runs: runs
                .remove(&r.id)
                .unwrap_or_else(|| vec![(r.name.clone(), false)]),
            row: (*r).clone(),
        })
        .collect();
    let distinct = |pick: fn(&TemplateRow) -> &str| {
        let mut v: Vec<String> = l
            .rows
            .iter()
            .map(|r| pick(r).trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        v.sort_by_key(|s| s.to_lowercase());
        v.dedup();
        v
    };
    Ok(Found {
        total,
        items,
        library_size: l.rows.len(),
        themenfelder: distinct(|r| &r.themenfeld),
        lebenslagen: distinct(|r| &r.lebenslage),
    })
}

/// One released version in a template's history.
#[derive(Debug, Clone)]
pub struct VersionEntry {
    pub version: Version,
    pub release_notes: String,
    pub released_at: DateTime<Utc>,
    /// Processes based on this version, and their organisations.
    pub processes: i64,
    pub organizations: i64,
    /// The organisations among them that allow being named.
    pub named: Vec<String>,
}

/// A template's page: one version of it with everything around.
#[derive(Debug, Clone)]
pub struct TemplatePage {
    pub template: TemplateRow,
    /// The version shown, and the current one.
    pub version: Version,
    pub current: Version,
    pub content: Content,
    pub release_notes: String,
    pub released_at: DateTime<Utc>,
    /// Every version, newest first.
    pub versions: Vec<VersionEntry>,
    /// The figures the model gives without an organisation's rates
    /// (None: no model).
    pub analysis: Option<Analysis>,
}

impl TemplatePage {
    pub fn is_current(&self) -> bool {
        self.version == self.current
    }

    /// All organisations using any version, and all processes.
    pub fn usage(&self) -> (i64, i64) {
        let processes = self.versions.iter().map(|v| v.processes).sum();
        let orgs = self.versions.iter().map(|v| v.organizations).sum();
        (orgs, processes)
    }
}

/// A template at `version` (its current one when None) with its history,
/// usage and figures. An unknown template or version is not found.
pub async fn template(
    store: &Store,
    id: TemplateId,
    wanted: Option<Version>,
) -> Result<TemplatePage> {
    let row = store.get_template(id).await?;
    let current = version(row.major, row.minor);
    let shown = wanted.unwrap_or(current);
    let v = store.get_template_version(id, super::stored(shown)).await?;
    let c = content(&v.content)?;
    let usage = store.template_usage(id).await?;
    let named = store.template_named_users(id).await?;
    let versions = store
        .template_versions(id)
        .await?
        .into_iter()
        .map(|t| {
            let u = usage
                .iter()
                .find(|u| u.major == t.major && u.minor == t.minor);
            VersionEntry {
                version: version(t.major, t.minor),
                release_notes: t.release_notes,
                released_at: t.released_at,
                processes: u.map_or(0, |u| u.processes),
                organizations: u.map_or(0, |u| u.organizations),
                named: named
                    .iter()
                    .filter(|n| n.major == t.major && n.minor == t.minor)
                    .map(|n| n.name.clone())
                    .collect(),
            }
        })
        .collect();
    let analysis = figures(&c);
    Ok(TemplatePage {
        template: row,
        version: shown,
        current,
        content: c,
        release_notes: v.release_notes,
        released_at: v.released_at,
        versions,
        analysis,
    })
}

/// The figures of a template's model as far as they do not depend on an
/// organisation: times, lead time and (with the proposer's cases per year)
/// the workload. Costs need the adopting organisation's hourly rates, so
/// they are left at zero and said to be missing.
pub fn figures(c: &Content) -> Option<Analysis> {
    if c.model.subprocesses.is_empty() {
        return None;
    }
    let ctx = Context {
        cases_per_year: c.profile.cases_per_year,
        ozg_level: c.profile.digitisation_level,
        rates: HashMap::new(),
        params: Default::default(),
    };
    Some(ablauf_analysis::analyse(&c.model, &ctx, &|_| true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, suits: &str, service: (&str, &str)) -> TemplateRow {
        TemplateRow {
            id: TemplateId(uuid::Uuid::new_v4()),
            name: name.into(),
            major: 1,
            minor: 0,
            service_key: Some(service.0.into()),
            service_name: service.1.into(),
            themenfeld: "Wirtschaft".into(),
            lebenslage: "Unternehmensführung".into(),
            suits: suits.into(),
            step_count: 3,
            source_organization_id: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn filters_by_service_kind_and_topic() {
        let r = row(
            "Gewerbeanmeldung",
            "gemeinde stadt",
            ("99050012104000", "Gewerbeanmeldung"),
        );
        let f = |f: Filter| f.keeps(&r);
        assert!(f(Filter::default()));
        assert!(f(Filter {
            service: "99050012104000 – Gewerbeanmeldung".into(),
            ..Default::default()
        }));
        assert!(!f(Filter {
            service: "99050012104001".into(),
            ..Default::default()
        }));
        assert!(f(Filter {
            service: "gewerbe".into(),
            ..Default::default()
        }));
        assert!(f(Filter {
            kind: "gemeinde".into(),
            ..Default::default()
        }));
        assert!(!f(Filter {
            kind: "landkreis".into(),
            ..Default::default()
        }));
        assert!(f(Filter {
            themenfeld: "wirtschaft".into(),
            ..Default::default()
        }));
        assert!(!f(Filter {
            lebenslage: "Umzug".into(),
            ..Default::default()
        }));
        // No kinds: suits every kind.
        let any = row("Hundesteuer", "", ("99", "Hundesteuer"));
        assert!(
            Filter {
                kind: "landkreis".into(),
                ..Default::default()
            }
            .keeps(&any)
        );
    }
}
