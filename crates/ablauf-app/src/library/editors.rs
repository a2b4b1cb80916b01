//! The library editors (Redaktion), named by the operator platform-wide.
//! A person needs an account first (as a member of an organisation, or
//! created by the command line); being an editor alone lets them sign in.

use ablauf_domain::{Email, UserId};
use ablauf_store::library::LibraryEditorRow;
use ablauf_store::{Actor, Store};

use crate::{Error, FieldErrors, Result};

pub async fn list(store: &Store) -> Result<Vec<LibraryEditorRow>> {
    Ok(store.list_library_editors().await?)
}

/// Names the account of `email` library editor; an address without an
/// account is a field error of `email`.
pub async fn grant(store: &Store, actor: &Actor, email: &str) -> Result<UserId> {
    let email = Email::parse(email).map_err(|e| Error::Invalid(FieldErrors::of(&e)))?;
    let user = store
        .find_user_by_email(email.as_str())
        .await?
        .ok_or_else(|| Error::Invalid(FieldErrors::single("email", "error.no_account")))?;
    store.set_library_editor(actor, user.id, true).await?;
    Ok(user.id)
}

/// Takes the grant back (nothing happens for someone who is none).
pub async fn revoke(store: &Store, actor: &Actor, user: UserId) -> Result<()> {
    Ok(store.set_library_editor(actor, user, false).await?)
}
