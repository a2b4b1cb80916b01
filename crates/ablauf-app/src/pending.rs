//! Imports waiting for confirmation: a checked file is kept (as JSON, in
//! `pending_imports`) for the person who uploaded it until they apply or
//! discard its preview, at most a day.

use ablauf_domain::ImportId;
use ablauf_domain::ImportKind;
use ablauf_store::{OrgId, PendingImport, Store, UserId};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Keeps a checked import of `kind` for this person; returns its id.
pub async fn put<T: Serialize>(
    store: &Store,
    org: OrgId,
    user: UserId,
    kind: ImportKind,
    file_name: &str,
    payload: &T,
) -> Result<ImportId> {
    let json = serde_json::to_string(payload).map_err(|e| Error::Internal(e.into()))?;
    Ok(store
        .put_pending_import(org, user, kind, file_name, &json)
        .await?)
}

/// A waiting import of `kind` of this person, with what was checked.
pub async fn load<T: DeserializeOwned>(
    store: &Store,
    org: OrgId,
    user: UserId,
    kind: ImportKind,
    id: ImportId,
) -> Result<(PendingImport, T)> {
    let p = store.pending_import(org, user, kind, id).await?;
    let payload = serde_json::from_str(&p.payload).map_err(|e| Error::Internal(e.into()))?;
    Ok((p, payload))
}

/// Drops a waiting import (nothing of it was applied).
pub async fn discard(store: &Store, org: OrgId, user: UserId, id: ImportId) -> Result<()> {
    Ok(store.delete_pending_import(org, user, id).await?)
}
