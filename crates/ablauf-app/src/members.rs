//! An organisation's members, as its administrators manage them: adding a
//! person (a new account with a one-time link or an initial password, or an
//! existing account of another organisation), changing the role,
//! deactivating and reactivating (never the last administrator), and
//! resetting a password.
//!
//! Adding an account is shared with the operator's "new organisation"
//! ([`crate::organizations`]): [`AccountFields`] and [`Handover`].

use serde::{Deserialize, Serialize};

use ablauf_domain::{DisplayName, Email, NewPassword, Role};
use ablauf_store::{Actor, LinkPurpose, Member, NewAccount, OrgId, Store, UserId};

use crate::accounts::new_link;
use crate::error::{Error, FieldErrors, Result};
use crate::password;

/// How a new person gets their first password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Onboarding {
    /// A one-time link the administrator passes on.
    Link,
    /// An initial password the administrator chooses and passes on.
    Password,
}

impl Onboarding {
    /// The form's `mode`: `password`, anything else is a link.
    pub fn parse(mode: &str) -> Onboarding {
        if mode == "password" {
            Onboarding::Password
        } else {
            Onboarding::Link
        }
    }
}

/// The fields that create an account: e-mail, name and the way to the
/// first password (`mode`: `link` or `password`).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct AccountFields {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default, skip_serializing)]
    pub initial_password: String,
}

pub(crate) struct ValidAccount {
    email: Email,
    name: String,
    onboarding: Onboarding,
    password: Option<NewPassword>,
}

/// An initial password, its errors noted at `initial_password`.
fn initial_password(raw: &str) -> Result<NewPassword, ablauf_domain::Invalid> {
    NewPassword::parse(raw, raw).map_err(|mut e| {
        e.field = "initial_password";
        e
    })
}

impl AccountFields {
    /// Checks the fields, noting every problem in `errors`.
    pub(crate) fn validate(&self, errors: &mut FieldErrors) -> Option<ValidAccount> {
        let email = errors.check(Email::parse(&self.email));
        let name = errors.check(DisplayName::parse(&self.display_name));
        let onboarding = Onboarding::parse(&self.mode);
        let password = match onboarding {
            Onboarding::Password => Some(errors.check(initial_password(&self.initial_password))?),
            Onboarding::Link => None,
        };
        Some(ValidAccount {
            email: email?,
            name: name?.into_string(),
            onboarding,
            password,
        })
    }
}

/// What the administrator must pass on after creating an account or
/// resetting a password.
#[derive(Debug, Serialize)]
pub struct Handover {
    pub email: String,
    /// The account existed already (another organisation); it keeps its password.
    pub existing: bool,
    /// The one-time link to pass on.
    pub link: Option<String>,
    /// The administrator chose an initial password to pass on.
    pub initial_password: bool,
}

/// A one-time link's address: `link_base` is where the links point (the
/// web layer's `…/zugang`), the secret follows.
fn link_address(link_base: &str, secret: &str) -> String {
    format!("{link_base}/{secret}")
}

/// Whether the account exists already, and the hash of its initial
/// password (only for a new account that gets one).
pub(crate) async fn prepare_account(
    store: &Store,
    account: &ValidAccount,
) -> Result<(bool, Option<String>)> {
    let existing = store
        .find_user_by_email(account.email.as_str())
        .await?
        .is_some();
    let hash = match &account.password {
        Some(p) if !existing => Some(password::hash_blocking(p.expose().to_owned()).await?),
        _ => None,
    };
    Ok((existing, hash))
}

pub(crate) fn new_account<'a>(account: &'a ValidAccount, hash: Option<&'a str>) -> NewAccount<'a> {
    NewAccount {
        email: account.email.as_str(),
        display_name: &account.name,
        password_hash: hash,
    }
}

/// Creates the one-time link (or notes the initial password) for an
/// account that has no password yet.
pub(crate) async fn hand_over(
    store: &Store,
    org: OrgId,
    user: UserId,
    link_base: &str,
    account: &ValidAccount,
    existing: bool,
) -> Result<Handover> {
    let mut h = Handover {
        email: account.email.as_str().to_owned(),
        existing,
        link: None,
        initial_password: false,
    };
    if existing {
        return Ok(h);
    }
    match account.onboarding {
        Onboarding::Link => {
            let secret = new_link(store, org, user, LinkPurpose::Invite).await?;
            h.link = Some(link_address(link_base, &secret));
        }
        Onboarding::Password => h.initial_password = true,
    }
    Ok(h)
}

fn role(raw: &str, errors: &mut FieldErrors) -> Option<Role> {
    let role = Role::parse(raw);
    if role.is_none() {
        errors.add("role", "error.role_invalid");
    }
    role
}

/// A person to add to an organisation.
pub struct NewMember<'a> {
    pub account: &'a AccountFields,
    /// A role's code.
    pub role: &'a str,
}

/// Adds a person to the organisation: a new account, or the existing
/// account of that e-mail address (which keeps its password). A person
/// already a member is a conflict.
pub async fn add_member(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    link_base: &str,
    m: &NewMember<'_>,
) -> Result<Handover> {
    let mut errors = FieldErrors::default();
    let account = m.account.validate(&mut errors);
    let role = role(m.role, &mut errors);
    let (Some(account), Some(role)) = (account, role) else {
        return Err(Error::Invalid(errors));
    };
    let (existing, hash) = prepare_account(store, &account).await?;
    let user = store
        .add_member(actor, org, new_account(&account, hash.as_deref()), role)
        .await?;
    hand_over(store, org, user, link_base, &account, existing).await
}

/// Changes a member's role; the organisation's last administrator keeps
/// the role (refused). Library editors are named by the operator,
/// platform-wide.
pub async fn update_member(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    user: UserId,
    role_code: &str,
) -> Result<()> {
    let mut errors = FieldErrors::default();
    let role = role(role_code, &mut errors).ok_or(Error::Invalid(errors))?;
    Ok(store.update_member(actor, org, user, role).await?)
}

/// Deactivates or reactivates a member; the last active administrator
/// stays (refused).
pub async fn set_member_active(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    user: UserId,
    active: bool,
) -> Result<()> {
    Ok(store.set_member_active(actor, org, user, active).await?)
}

/// The member whose password an administrator may reset: only a person
/// who belongs to this organisation alone (refused otherwise; the person
/// or the operator resets it then).
pub async fn resettable(store: &Store, org: OrgId, user: UserId) -> Result<Member> {
    let m = store.get_member(org, user).await?;
    if store.other_memberships(org, m.user_id).await? > 0 {
        return Err(Error::Refused("flash.reset_other_orgs"));
    }
    Ok(m)
}

/// Resets a member's password: the old one stops working, and the person
/// gets a new one-time link or the initial password the administrator
/// chose (`mode` and `initial_password` as in [`AccountFields`]).
pub async fn reset_password(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    user: UserId,
    link_base: &str,
    mode: &str,
    initial: &str,
) -> Result<Handover> {
    let m = resettable(store, org, user).await?;
    let mut h = Handover {
        email: m.email.clone(),
        existing: false,
        link: None,
        initial_password: false,
    };
    match Onboarding::parse(mode) {
        Onboarding::Password => {
            let pw = initial_password(initial)?;
            let hash = password::hash_blocking(pw.expose().to_owned()).await?;
            store
                .admin_reset_password(actor, org, m.user_id, Some(&hash))
                .await?;
            h.initial_password = true;
        }
        Onboarding::Link => {
            store
                .admin_reset_password(actor, org, m.user_id, None)
                .await?;
            let secret = new_link(store, org, m.user_id, LinkPurpose::Reset).await?;
            h.link = Some(link_address(link_base, &secret));
        }
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(mode: &str, initial: &str) -> AccountFields {
        AccountFields {
            email: " Neu@Musterstadt.Example ".into(),
            display_name: "Nora Neu".into(),
            mode: mode.into(),
            initial_password: initial.into(),
        }
    }

    #[test]
    fn an_account_gets_a_link_unless_an_initial_password_is_chosen() {
        let mut errors = FieldErrors::default();
        let link = account("link", "").validate(&mut errors).unwrap();
        assert_eq!(link.email.as_str(), "neu@musterstadt.example");
        assert_eq!(link.onboarding, Onboarding::Link);
        assert!(link.password.is_none());
        let pw = account("password", "ein langes Passwort")
            .validate(&mut errors)
            .unwrap();
        assert_eq!(pw.onboarding, Onboarding::Password);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_short_initial_password_is_noted_at_its_field() {
        let mut errors = FieldErrors::default();
        assert!(account("password", "kurz").validate(&mut errors).is_none());
        assert_eq!(errors.0.keys().collect::<Vec<_>>(), ["initial_password"]);
        let mut errors = FieldErrors::default();
        assert!(role("chef", &mut errors).is_none());
        assert_eq!(role("betrachter", &mut errors), Some(Role::Betrachter));
        assert_eq!(errors.0.keys().collect::<Vec<_>>(), ["role"]);
    }
}
