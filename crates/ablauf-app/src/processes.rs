//! Processes and their Steckbriefe: checking a profile and completing it
//! from the service catalogue before it is saved, for the form, the API and
//! the imports alike.

use ablauf_domain::process::Profile;
use ablauf_store::Store;

use crate::error::{FieldErrors, Result};

/// Checks a profile and fills what the service catalogue knows about its
/// service (name, OZG service, Themenfeld, Lebenslage). Every problem is
/// noted in `errors` by field; a store failure is an error of its own.
pub async fn complete_profile(
    store: &Store,
    p: &mut Profile,
    errors: &mut FieldErrors,
) -> Result<()> {
    for e in p.validate() {
        errors.invalid(&e);
    }
    if let Some(key) = p.service_key.clone() {
        match store.get_service(&key).await? {
            Some(row) => {
                let s = row.service;
                p.service_name = s.name;
                p.ozg_service = s.ozg_service;
                p.themenfeld = s.themenfeld;
                p.lebenslage = s.lebenslage;
            }
            None => errors.add("service_key", "error.service_unknown"),
        }
    }
    Ok(())
}
