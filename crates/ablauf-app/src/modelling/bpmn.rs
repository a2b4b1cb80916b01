//! A process model as BPMN 2.0: checking a file, saving it as a new
//! version with optimistic versions (the API's `PUT …/bpmn`), and the BPMN
//! import of the pages, whose checked file waits for confirmation.
//!
//! A BPMN save keeps the text as it came, so the file goes out again byte
//! for byte, and stores the blocks read from it where the structure fits,
//! so the block editor still opens it.

use ablauf_domain::ImportKind;
use ablauf_domain::{ImportId, ProcessId};
use ablauf_store::{
    Actor, OrgId, PendingImport, ProcessRow, Store, StoreError, StoredModel, UserId, Which,
};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::pending;

/// One finding of the BPMN check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `error` or `warning`
    pub severity: String,
    #[serde(default)]
    pub code: String,
    /// German message.
    pub message: String,
    #[serde(default)]
    pub element: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl From<&ablauf_bpmn::Finding> for Finding {
    fn from(f: &ablauf_bpmn::Finding) -> Self {
        Finding {
            severity: match f.severity {
                ablauf_bpmn::Severity::Error => "error",
                ablauf_bpmn::Severity::Warning => "warning",
            }
            .to_owned(),
            code: f.code.to_owned(),
            message: f.message_de.clone(),
            element: f.element_id.clone(),
            line: f.line,
            column: f.column,
        }
    }
}

/// A BPMN file checked and made ready to store.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub stored: StoredModel,
    pub findings: Vec<Finding>,
    /// Why the blocks could not be read from it (empty when they could).
    pub reasons: Vec<String>,
}

/// Reads and checks a BPMN file. Err: why it cannot be read (one finding).
pub fn accept_bpmn(bytes: &[u8]) -> Result<Accepted, Vec<Finding>> {
    // Stored as UTF-8 text; other encodings (Windows-1252) are converted.
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let s = encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned();
            match (s.find("encoding=\""), s.find("?>")) {
                (Some(a), Some(end)) if a < end => {
                    let rest = &s[a + 10..];
                    let close = rest.find('"').unwrap_or(0);
                    format!("{}encoding=\"UTF-8{}", &s[..a], &rest[close..])
                }
                _ => s,
            }
        }
    };
    let defs = ablauf_bpmn::read(text.as_bytes(), &Default::default()).map_err(|e| {
        vec![Finding {
            severity: "error".into(),
            code: "unreadable".into(),
            message: e.message_de.clone(),
            element: None,
            line: Some(e.line),
            column: Some(e.column),
        }]
    })?;
    let findings = ablauf_bpmn::check(&defs)
        .iter()
        .map(Finding::from)
        .collect();
    let (blocks, reasons) = match ablauf_model::from_bpmn(&defs) {
        Ok(m) => (Some(m.to_json()), Vec::new()),
        Err(r) => (None, r),
    };
    Ok(Accepted {
        stored: StoredModel {
            blocks,
            bpmn: Some(text),
        },
        findings,
        reasons,
    })
}

/// What became of a BPMN save.
#[derive(Debug)]
pub enum BpmnSaved {
    /// Saved as `version`, a new version of the process.
    Saved { version: i64, accepted: Accepted },
    /// Not readable as BPMN; nothing saved.
    Unreadable(Vec<Finding>),
}

/// Replaces the as-is or to-be model of a process with a BPMN file (a new
/// version), if `expected_version` is still the current one; otherwise
/// [`Error::Conflict`] and nothing is written. A to-be model must exist,
/// else [`Error::NotFound`].
pub async fn save_bpmn(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    (process, which): (ProcessId, Which),
    expected_version: i64,
    bytes: &[u8],
) -> Result<BpmnSaved> {
    super::to_be::require(store, org, (process, which), expected_version).await?;
    let accepted = match accept_bpmn(bytes) {
        Ok(a) => a,
        Err(findings) => return Ok(BpmnSaved::Unreadable(findings)),
    };
    let row = store
        .save_model(
            actor,
            org,
            process,
            which,
            expected_version,
            &accepted.stored,
            &t("model.saved_as_bpmn"),
        )
        .await?;
    Ok(BpmnSaved::Saved {
        version: row.version,
        accepted,
    })
}

/// A checked BPMN file waiting for the person to confirm its preview.
#[derive(Debug, Serialize, Deserialize)]
pub struct PendingBpmn {
    pub process: ProcessId,
    /// The version the import replaces; someone else's save since makes
    /// the import a conflict.
    pub version: i64,
    pub blocks: Option<String>,
    pub bpmn: String,
    pub findings: Vec<Finding>,
    pub reasons: Vec<String>,
}

impl PendingBpmn {
    /// What the version will store once the import is applied.
    pub fn stored(&self) -> StoredModel {
        StoredModel {
            blocks: self.blocks.clone(),
            bpmn: Some(self.bpmn.clone()),
        }
    }
}

const KIND: ImportKind = ImportKind::Bpmn;

/// What became of an uploaded BPMN file.
#[derive(Debug)]
pub enum Prepared {
    /// Checked; waits under this id for the person to confirm.
    Waiting(ImportId),
    /// Not readable as BPMN; nothing kept.
    Unreadable(Vec<Finding>),
}

/// Checks an uploaded file for a process (to replace `version`) and keeps
/// it waiting for the person's confirmation.
pub async fn prepare_import(
    store: &Store,
    org: OrgId,
    user: UserId,
    process: ProcessId,
    version: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<Prepared> {
    let accepted = match accept_bpmn(bytes) {
        Ok(a) => a,
        Err(findings) => return Ok(Prepared::Unreadable(findings)),
    };
    let pending = PendingBpmn {
        process,
        version,
        blocks: accepted.stored.blocks,
        bpmn: accepted.stored.bpmn.unwrap_or_default(),
        findings: accepted.findings,
        reasons: accepted.reasons,
    };
    let name = if file_name.is_empty() {
        "modell.bpmn"
    } else {
        file_name
    };
    let id = pending::put(store, org, user, KIND, name, &pending).await?;
    Ok(Prepared::Waiting(id))
}

/// A BPMN import of this person waiting for `process`.
pub async fn pending_import(
    store: &Store,
    org: OrgId,
    user: UserId,
    process: ProcessId,
    import: ImportId,
) -> Result<(PendingImport, PendingBpmn)> {
    let (p, pending): (PendingImport, PendingBpmn) =
        pending::load(store, org, user, KIND, import).await?;
    if pending.process != process {
        return Err(Error::NotFound);
    }
    Ok((p, pending))
}

/// Saves a waiting BPMN import as a new version and drops it. When someone
/// saved the process since the file was checked: [`Error::Conflict`]
/// (`bpmn_import.conflict`), nothing written, the import still waiting.
pub async fn apply_import(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    import: &PendingImport,
    pending: &PendingBpmn,
) -> Result<ProcessRow> {
    let note = tf("bpmn_import.note", &[("file", &import.file_name)]);
    let row = match store
        .save_model(
            actor,
            org,
            pending.process,
            Which::AsIs,
            pending.version,
            &pending.stored(),
            &note,
        )
        .await
    {
        Ok(row) => row,
        Err(StoreError::Conflict(_)) => return Err(Error::Conflict("bpmn_import.conflict")),
        Err(e) => return Err(e.into()),
    };
    pending::discard(store, org, import.user_id, import.id).await?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_no_bpmn_says_where() {
        let findings = accept_bpmn(b"<definitions><process></definitions>").unwrap_err();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, "error");
        assert_eq!(findings[0].code, "unreadable");
        assert!(findings[0].line.is_some());
    }
}
