//! Organisations: what the operator does with them (creating one with its
//! first administrator, renaming it, changing its kind, deactivating and
//! reactivating it), and which organisation a person works in.

use serde::{Deserialize, Serialize};

use ablauf_domain::{OrgKind, required_text};
use ablauf_store::{Actor, OrgId, Organization, Store, User};

use crate::error::{Error, FieldErrors, Result};
use crate::members::{AccountFields, Handover, hand_over, new_account, prepare_account};

/// Longest name of an organisation (characters).
const NAME_MAX: usize = 160;

/// An organisation's name and kind (the kind's code).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct OrgFields {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
}

impl OrgFields {
    fn validate(&self, errors: &mut FieldErrors) -> Option<(String, OrgKind)> {
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let kind = OrgKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "error.kind_invalid");
        }
        Some((name?, kind?))
    }
}

/// Creates an organisation with its first administrator: a new account
/// (with a one-time link under `link_base`, or an initial password), or an
/// existing one that gains the role. A name in use is a conflict.
pub async fn create_organization(
    store: &Store,
    actor: &Actor,
    link_base: &str,
    org: &OrgFields,
    admin: &AccountFields,
) -> Result<(Organization, Handover)> {
    let mut errors = FieldErrors::default();
    let valid = org.validate(&mut errors);
    let account = admin.validate(&mut errors);
    let (Some((name, kind)), Some(account)) = (valid, account) else {
        return Err(Error::Invalid(errors));
    };
    let (existing, hash) = prepare_account(store, &account).await?;
    let (org, user) = store
        .create_organization(actor, &name, kind, new_account(&account, hash.as_deref()))
        .await?;
    let h = hand_over(store, org.id, user, link_base, &account, existing).await?;
    Ok((org, h))
}

/// Renames an organisation or changes its kind; a name in use is a
/// conflict.
pub async fn update_organization(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    f: &OrgFields,
) -> Result<()> {
    let mut errors = FieldErrors::default();
    let (name, kind) = f.validate(&mut errors).ok_or(Error::Invalid(errors))?;
    store.update_organization(actor, org, &name, kind).await?;
    Ok(())
}

/// Deactivates an organisation (its members can no longer work in it) or
/// reactivates it.
pub async fn set_organization_active(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    active: bool,
) -> Result<()> {
    Ok(store.set_organization_active(actor, org, active).await?)
}

/// A change of an organisation naming only what changes (the API's
/// `PATCH`): its name, its kind (a code), whether it is active.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct OrgChange {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub active: Option<bool>,
}

/// Applies a change: name and kind as [`update_organization`] checks them
/// (fields not given keep their value), then deactivating or reactivating;
/// what already holds is not written again. Answers the organisation as it
/// is afterwards.
pub async fn change_organization(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    change: &OrgChange,
) -> Result<Organization> {
    let current = store.get_organization(org).await?;
    let fields = OrgFields {
        name: change.name.clone().unwrap_or_else(|| current.name.clone()),
        kind: change
            .kind
            .clone()
            .unwrap_or_else(|| current.kind.code().to_owned()),
    };
    if fields.name != current.name || fields.kind != current.kind.code() {
        update_organization(store, actor, org, &fields).await?;
    }
    if let Some(active) = change.active.filter(|a| *a != current.active) {
        set_organization_active(store, actor, org, active).await?;
    }
    Ok(store.get_organization(org).await?)
}

/// Where a person lands: the organisation worked in last while still a
/// member of it, else the first of theirs; `None` without any.
pub async fn landing(store: &Store, user: &User) -> Result<Option<OrgId>> {
    let orgs = store.organizations_of(user.id).await?;
    Ok(user
        .last_organization_id
        .filter(|last| orgs.iter().any(|(o, _)| o.id == *last))
        .or_else(|| orgs.first().map(|(o, _)| o.id)))
}

/// What an organisation's start page shows. The administration's figures
/// only for administrators.
#[derive(Debug, Serialize)]
pub struct StartFigures {
    pub members: Option<i64>,
    pub units: Option<i64>,
    pub grades: Option<usize>,
    pub processes: i64,
}

/// A person opens an organisation's start page: it becomes the one they
/// land in next time, its search index starts building (the start page
/// leads to the register and to search), and its figures are counted.
pub async fn enter(
    store: &Store,
    user: &User,
    org: OrgId,
    administrator: bool,
) -> Result<StartFigures> {
    store.set_last_organization(user.id, org).await?;
    store.prepare_search(org);
    let (members, units, grades) = if administrator {
        (
            Some(store.count_members(org).await?),
            Some(store.count_org_units(org).await?),
            Some(store.list_pay_grades(org).await?.len()),
        )
    } else {
        (None, None, None)
    };
    Ok(StartFigures {
        members,
        units,
        grades,
        processes: store.count_processes(org).await?,
    })
}
