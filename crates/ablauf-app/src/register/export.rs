//! The register as a spreadsheet: every Steckbrief field of the (filtered)
//! register, one process a row, with German headers and what people see —
//! names of areas, units, people and reference-list entries, not ids — so
//! the file reads on its own and the import can map it back. A row carries
//! the process id and version, which make an edited file an update.

use ablauf_store::{OrgId, ProcessRow, RegisterFilter, Store, VersionRow};

use super::columns::{COLUMNS, header};
use super::{Lookups, display_fields};
use crate::error::{Error, Result};
use crate::i18n::{local_datetime, t};
use crate::sheet::{self, Cell};

/// The kinds of file the register goes out as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    /// German CSV (semicolons, UTF-8 with BOM).
    Csv,
}

/// A written file.
pub struct ExportFile {
    pub body: Vec<u8>,
    pub mime: &'static str,
    /// Without the dot: `xlsx`, `csv`.
    pub extension: &'static str,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The headers, in column order.
pub fn headers() -> Vec<String> {
    COLUMNS.iter().map(|c| header(c)).collect()
}

/// The cells of one process, in column order.
pub fn row(r: &ProcessRow, v: &VersionRow, l: &Lookups) -> Vec<Cell> {
    let p = v.profile();
    let shown: std::collections::HashMap<&str, String> = display_fields(&p, r.status, r.area_id, l)
        .into_iter()
        .collect();
    let shown = |f: &str| text(shown.get(f).cloned().unwrap_or_default());
    let opt_num = |n: Option<f64>| n.map(Cell::Number).unwrap_or_else(|| text(""));
    COLUMNS
        .iter()
        .map(|col| match *col {
            "id" => text(r.id.to_string()),
            "version" => Cell::Number(r.version as f64),
            "service_key" => text(p.service_key.clone().unwrap_or_default()),
            "service_name" => text(p.service_name.clone()),
            "digitisation_level" => opt_num(p.digitisation_level.map(f64::from)),
            "cases_per_year" => opt_num(p.cases_per_year.map(f64::from)),
            "keywords" => text(p.keywords.join("; ")),
            "valid_from" => p.valid_from.map(Cell::Date).unwrap_or_else(|| text("")),
            "valid_until" => p.valid_until.map(Cell::Date).unwrap_or_else(|| text("")),
            "released_version" => opt_num(r.released_version.map(|v| v as f64)),
            "released_by" => text(r.released_by.clone().unwrap_or_default()),
            "released_at" => text(
                r.released_at
                    .map(|d| local_datetime(&d))
                    .unwrap_or_default(),
            ),
            "updated_at" => text(local_datetime(&r.updated_at)),
            field => shown(field),
        })
        .collect()
}

/// The register's processes that pass `filter`, in its order, as a file.
pub async fn export(
    store: &Store,
    org: OrgId,
    filter: &RegisterFilter,
    format: Format,
) -> Result<ExportFile> {
    let l = Lookups::load(store, org).await?;
    let rows = store.export_processes(org, filter).await?;
    // Building the workbook is CPU work; keep it off the async threads.
    tokio::task::spawn_blocking(move || {
        let cells: Vec<Vec<Cell>> = rows.iter().map(|(r, v)| row(r, v, &l)).collect();
        Ok(match format {
            Format::Csv => ExportFile {
                body: sheet::write_csv(&headers(), &cells),
                mime: "text/csv; charset=utf-8",
                extension: "csv",
            },
            Format::Xlsx => ExportFile {
                body: sheet::write_xlsx(&t("sheet.sheet_name"), &headers(), &cells)
                    .map_err(|e| Error::Internal(anyhow::anyhow!(e.to_string())))?,
                mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                extension: "xlsx",
            },
        })
    })
    .await
    .map_err(|e| Error::Internal(anyhow::anyhow!(e.to_string())))?
}
