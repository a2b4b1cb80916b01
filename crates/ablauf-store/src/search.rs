//! Search over the register. The `ablauf-search` crate decides everything
//! (folding, terms, matching, ranking); SQL only stores the terms and finds
//! candidates that share enough of them with the query.

use std::ops::Range;

use serde::Serialize;
use uuid::Uuid;

use crate::db::{AsRaw, Raw, Tx, exec, fetch};
use crate::{OrgId, Result, Store};
use ablauf_domain::process::Profile;
use ablauf_search::{Document, Field, Query, index_terms, rank};

fn field_code(f: Field) -> &'static str {
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

/// The searchable fields of a profile; legal bases by their catalogue names.
fn fields_of(p: &Profile, legal: &[(Uuid, String)]) -> Vec<(String, String)> {
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

/// Replaces the search entry of a process, inside the save's transaction.
pub(crate) async fn index_process(tx: &mut Tx, org: OrgId, id: Uuid, p: &Profile) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct Entry {
        id: Uuid,
        name: String,
        detail: String,
    }
    let legal: Vec<(Uuid, String)> = if p.legal_bases.is_empty() {
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
    let doc = Document {
        fields: fields
            .iter()
            .map(|(c, t)| (field_of(c), t.as_str()))
            .collect(),
    };
    let terms = index_terms(&doc);
    exec!(tx, "DELETE FROM search_terms WHERE process_id = $1", id)?;
    exec!(tx, "DELETE FROM search_docs WHERE process_id = $1", id)?;
    exec!(
        tx,
        "INSERT INTO search_docs (process_id, organization_id, fields) VALUES ($1, $2, $3)",
        id,
        org,
        serde_json::to_string(&fields).unwrap_or_else(|_| "[]".into())
    )?;
    // Many rows: insert in chunks with one statement each.
    for chunk in terms.chunks(200) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("($1, $2, ${})", i + 3))
            .collect();
        let sql = format!(
            "INSERT INTO search_terms (organization_id, process_id, term) VALUES {}",
            values.join(", ")
        );
        match tx.raw() {
            Raw::Sqlite(c) => {
                let mut q = sqlx::query(&sql).bind(org).bind(id);
                for t in chunk {
                    q = q.bind(t);
                }
                q.execute(c).await?;
            }
            Raw::Postgres(c) => {
                let mut q = sqlx::query(&sql).bind(org).bind(id);
                for t in chunk {
                    q = q.bind(t);
                }
                q.execute(c).await?;
            }
        }
    }
    Ok(())
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
    pub id: Uuid,
    pub name: String,
    pub status: String,
    pub score: f32,
    pub matches: Vec<FieldMatch>,
}

/// Processes matching the query, best first.
pub const MAX_CANDIDATES: usize = 2000;

impl Store {
    pub async fn search_processes(
        &self,
        org: OrgId,
        query: &str,
        status: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let q = Query::parse(query);
        let terms = q.lookup_terms();
        if q.is_empty() || terms.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..terms.len()).map(|i| format!("${}", i + 4)).collect();
        let sql = format!(
            "SELECT p.id, p.name, p.status, d.fields FROM processes p JOIN search_docs d ON d.process_id = p.id \
             WHERE p.organization_id = $1 AND ($2 IS NULL OR p.status = $2) AND p.id IN ( \
               SELECT process_id FROM search_terms WHERE organization_id = $1 AND term IN ({}) \
               GROUP BY process_id HAVING COUNT(*) >= $3 ORDER BY COUNT(*) DESC LIMIT {MAX_CANDIDATES})",
            placeholders.join(", ")
        );
        #[derive(sqlx::FromRow)]
        struct Cand {
            id: Uuid,
            name: String,
            status: String,
            fields: String,
        }
        let min = q.min_shared_terms() as i64;
        let mut c = self.conn().await?;
        let cands: Vec<Cand> = match c.raw() {
            Raw::Sqlite(conn) => {
                let mut s = sqlx::query_as::<_, Cand>(&sql)
                    .bind(org)
                    .bind(status)
                    .bind(min);
                for t in &terms {
                    s = s.bind(t);
                }
                s.fetch_all(conn).await?
            }
            Raw::Postgres(conn) => {
                let mut s = sqlx::query_as::<_, Cand>(&sql)
                    .bind(org)
                    .bind(status)
                    .bind(min);
                for t in &terms {
                    s = s.bind(t);
                }
                s.fetch_all(conn).await?
            }
        };
        let parsed: Vec<(usize, Vec<(String, String)>)> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| (i, serde_json::from_str(&c.fields).unwrap_or_default()))
            .collect();
        let docs = parsed.iter().map(|(i, fields)| {
            (
                *i,
                Document {
                    fields: fields
                        .iter()
                        .map(|(f, t)| (field_of(f), t.as_str()))
                        .collect(),
                },
            )
        });
        let ranked = rank(&q, docs);
        Ok(ranked
            .into_iter()
            .take(limit)
            .map(|(i, hit)| {
                let fields = &parsed[i].1;
                SearchHit {
                    id: cands[i].id,
                    name: cands[i].name.clone(),
                    status: cands[i].status.clone(),
                    score: hit.score,
                    matches: hit
                        .highlights
                        .into_iter()
                        .map(|h| FieldMatch {
                            field: field_code(h.field),
                            text: fields[h.index].1.clone(),
                            ranges: h.ranges,
                        })
                        .collect(),
                }
            })
            .collect())
    }
}

/// Splits a text into marked and unmarked segments for display.
pub fn segments(text: &str, ranges: &[Range<usize>]) -> Vec<Segment> {
    ablauf_search::highlight(text, ranges)
        .into_iter()
        .map(|(text, hit)| Segment { text, hit })
        .collect()
}
