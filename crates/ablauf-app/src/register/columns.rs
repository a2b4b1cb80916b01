//! The columns of the register as a spreadsheet, shared by the export and
//! the import: German headers, each a key of the `sheet.col` catalogue.

use crate::i18n::t;

/// The columns, in file order.
pub const COLUMNS: [&str; 35] = [
    "id",
    "version",
    "name",
    "identifier",
    "status",
    "area",
    "description",
    "service_key",
    "service_name",
    "ozg_service",
    "themenfeld",
    "lebenslage",
    "process_type",
    "owner",
    "org_unit",
    "trigger",
    "result",
    "participating_units",
    "external_parties",
    "applicant_involved",
    "legal_bases",
    "cases_per_year",
    "statutory_deadline",
    "it_systems",
    "documents",
    "digitisation_level",
    "keywords",
    "criticality",
    "max_downtime",
    "valid_from",
    "valid_until",
    // Only informative: not read back.
    "released_version",
    "released_by",
    "released_at",
    "updated_at",
];

/// The columns the export writes for information only; the import passes
/// them over.
pub const READ_ONLY: [&str; 4] = [
    "released_version",
    "released_by",
    "released_at",
    "updated_at",
];

/// The German header of a column.
pub fn header(col: &str) -> String {
    t(&format!("sheet.col.{col}"))
}

/// The headers of the columns an import reads, in file order.
pub fn importable_headers() -> Vec<String> {
    COLUMNS
        .iter()
        .filter(|c| !READ_ONLY.contains(c))
        .map(|c| header(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_german_header() {
        for c in COLUMNS {
            assert!(crate::i18n::has(&format!("sheet.col.{c}")), "sheet.col.{c}");
        }
    }
}
