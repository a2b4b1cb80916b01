//! The service catalogue (Leistungskatalog, LeiKa) of the instance.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::Change;
use crate::db::{escape_like, exec, fetch, scalar};
use crate::{Actor, Result, Store};
use ablauf_domain::service::Service;

/// A stored service: the service with its folded name for matching and
/// when it was last imported. Reads as the [`Service`] it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ServiceRow {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub service: Service,
    #[serde(skip)]
    pub name_folded: String,
    pub updated_at: DateTime<Utc>,
}

impl std::ops::Deref for ServiceRow {
    type Target = Service;

    fn deref(&self) -> &Service {
        &self.service
    }
}

/// Folds text for matching: lower case (all of Unicode, unlike SQLite's
/// `lower`), ß as ss. Done in Rust so both backends match alike.
pub fn fold(text: &str) -> String {
    text.to_lowercase().replace('ß', "ss")
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Store {
    /// Imports services in one transaction: new keys are added, known keys
    /// updated where something changed. A second import of the same file
    /// changes nothing; a failure leaves the catalogue as it was.
    pub async fn import_services(
        &self,
        actor: &Actor,
        services: &[Service],
    ) -> Result<ImportCounts> {
        let mut tx = self.begin().await?;
        let existing: HashMap<String, ServiceRow> =
            fetch!(&mut tx, fetch_all, ServiceRow, "SELECT * FROM services")?
                .into_iter()
                .map(|r| (r.leika_key.as_str().to_owned(), r))
                .collect();
        let now = Utc::now();
        let mut counts = ImportCounts::default();
        for s in services {
            match existing.get(s.leika_key.as_str()) {
                Some(row) if row.service == *s => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(_) => counts.updated += 1,
                None => counts.inserted += 1,
            }
            exec!(
                &mut tx,
                "INSERT INTO services (leika_key, name, typisierung, legal_basis, ozg_id, ozg_service, \
                 lebenslage, themenfeld, name_folded, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (leika_key) DO UPDATE SET name = $2, typisierung = $3, legal_basis = $4, \
                 ozg_id = $5, ozg_service = $6, lebenslage = $7, themenfeld = $8, name_folded = $9, \
                 updated_at = $10",
                s.leika_key.as_str(),
                &s.name,
                &s.typisierung,
                &s.legal_basis,
                &s.ozg_id,
                &s.ozg_service,
                &s.lebenslage,
                &s.themenfeld,
                fold(&s.name),
                now
            )?;
        }
        Change::new(
            None,
            "services.imported",
            "service_catalogue",
            "audit_summary.services_imported",
        )
        .arg("inserted", counts.inserted)
        .arg("updated", counts.updated)
        .arg("unchanged", counts.unchanged)
        .after(&counts)
        .commit(tx, actor)
        .await?;
        Ok(counts)
    }

    pub async fn count_services(&self) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM services"
        )?)
    }

    pub async fn get_service(&self, key: &str) -> Result<Option<ServiceRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_optional,
            ServiceRow,
            "SELECT * FROM services WHERE leika_key = $1",
            key
        )?)
    }

    /// Services whose key starts with the query or whose name contains it,
    /// names starting with it first; for the autocomplete of the profile.
    pub async fn find_services(&self, query: &str, limit: i64) -> Result<Vec<ServiceRow>> {
        let q = fold(query.trim());
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.conn().await?;
        let esc = escape_like(&q);
        Ok(fetch!(
            &mut c,
            fetch_all,
            ServiceRow,
            "SELECT * FROM services WHERE leika_key LIKE $1 ESCAPE '\\' OR name_folded LIKE $2 ESCAPE '\\' \
             ORDER BY CASE WHEN name_folded LIKE $3 ESCAPE '\\' THEN 0 ELSE 1 END, length(name), name LIMIT $4",
            format!("{esc}%"),
            format!("%{esc}%"),
            format!("{esc}%"),
            limit.clamp(1, 100)
        )?)
    }
}
