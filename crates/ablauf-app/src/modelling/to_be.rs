//! The to-be model (Soll) of a process: the optimised process a potential
//! analysis compares with the as-is model (Ist). It starts as a copy of the
//! as-is model ([`create`]) and is edited in the same editors (every
//! editing use case takes a [`Which`]); [`delete`] removes it. Both models
//! are versioned with the process: every save of either writes a version
//! carrying both, and restoring a version restores both.

use ablauf_domain::ProcessId;
use ablauf_model::BlockModel;
use ablauf_store::{Actor, OrgId, ProcessRow, Store, StoreError, StoredModel, Which};

use crate::error::{Error, Result};
use crate::i18n::t;

/// Creates the to-be model as a copy of the current as-is model (an empty
/// block model when the process has none yet), as a new version.
/// [`Error::Conflict`] (`to_be.exists`) when the process has one already.
pub async fn create(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    process: ProcessId,
) -> Result<ProcessRow> {
    for _ in 0..3 {
        let (row, v) = store.get_process(org, process).await?;
        if v.has_to_be() {
            return Err(Error::Conflict("to_be.exists"));
        }
        let mut copy = v.stored(Which::AsIs);
        if !copy.exists() {
            copy.blocks = Some(BlockModel::new().to_json());
        }
        // The version check makes "none yet" and the write one step: had
        // someone created it meanwhile, the version moved and we read again.
        match store
            .save_model(
                actor,
                org,
                process,
                Which::ToBe,
                row.version,
                &copy,
                &t("to_be.created_note"),
            )
            .await
        {
            Ok(row) => return Ok(row),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Busy)
}

/// Deletes the to-be model (a new version without it), if
/// `expected_version` (default: the current one) is still the current
/// one; otherwise [`Error::Conflict`]. [`Error::NotFound`] when there is
/// none.
pub async fn delete(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    process: ProcessId,
    expected_version: Option<i64>,
) -> Result<ProcessRow> {
    let (row, v) = store.get_process(org, process).await?;
    let expected = expected_version.unwrap_or(row.version);
    if !v.has_to_be() {
        return Err(if expected == row.version {
            Error::NotFound
        } else {
            Error::Conflict("error.process_conflict")
        });
    }
    Ok(store
        .save_model(
            actor,
            org,
            process,
            Which::ToBe,
            expected,
            &StoredModel::default(),
            &t("to_be.deleted_note"),
        )
        .await?)
}

/// For a save of the to-be model based on `expected_version`: the process
/// must have one ([`Error::NotFound`] otherwise). A save based on an older
/// version passes here and meets the version check.
pub(crate) async fn require(
    store: &Store,
    org: OrgId,
    (process, which): (ProcessId, Which),
    expected_version: i64,
) -> Result<()> {
    if which == Which::AsIs {
        return Ok(());
    }
    let (row, v) = store.get_process(org, process).await?;
    if row.version == expected_version && !v.has_to_be() {
        return Err(Error::NotFound);
    }
    Ok(())
}
