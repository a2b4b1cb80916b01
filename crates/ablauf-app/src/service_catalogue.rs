//! The service catalogue: importing it (CLI and operator page share this)
//! and looking services up.

use ablauf_domain::Invalid;
use ablauf_domain::service::{RowError, parse_catalogue};
use ablauf_store::{Actor, ImportCounts, Store};

/// The outcome of an import: what was stored and which rows were not.
#[derive(Debug)]
pub struct ImportReport {
    pub counts: ImportCounts,
    pub errors: Vec<RowError>,
}

impl ImportReport {
    /// The services taken from the file: new, updated and unchanged.
    pub fn taken(&self) -> usize {
        self.counts.inserted + self.counts.updated + self.counts.unchanged
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is no catalogue at all; nothing was stored.
    #[error("{}", crate::i18n::t(.0.key))]
    File(Invalid),
    #[error(transparent)]
    Store(#[from] ablauf_store::StoreError),
}

/// Reads a catalogue file and stores every good row; bad rows are returned
/// with their line and reason. Either all good rows are stored or none.
pub async fn import_catalogue(
    store: &Store,
    actor: &Actor,
    bytes: &[u8],
) -> Result<ImportReport, ImportError> {
    let parsed = parse_catalogue(bytes).map_err(ImportError::File)?;
    let counts = store.import_services(actor, &parsed.services).await?;
    Ok(ImportReport {
        counts,
        errors: parsed.errors,
    })
}

/// A row error as a German sentence: "Zeile 7: … („…“)".
pub fn describe(e: &RowError) -> String {
    let reason = crate::i18n::t(e.reason);
    if e.value.is_empty() {
        format!("Zeile {}: {reason}", e.line)
    } else {
        format!("Zeile {}: {reason} („{}“)", e.line, e.value)
    }
}
