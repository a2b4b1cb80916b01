//! Accounts and how people prove who they are: signing in (throttled per
//! account and per client address), sessions, personal API tokens, one's
//! own name and password, one-time links (setting a password from an
//! invitation or reset) and the operator accounts of the platform (the
//! first-start setup and `ablauf admin create-operator`).
//!
//! The sign-in page and the token endpoint both go through [`sign_in`], and
//! every request through [`session_user`] or [`token_user`]: all of them
//! apply [`may_work`], so a deactivated person loses every door at once.

use ablauf_domain::TokenId;
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};

use ablauf_domain::{DisplayName, Email, NewPassword, required_text};
use ablauf_store::{Actor, LinkPurpose, OrgId, Store, User, UserId};

use crate::error::{Error, FieldErrors, Result};
use crate::{password, secret};

/// The name of the tokens the token endpoint hands out to scripts.
pub const SCRIPT_TOKEN_NAME: &str = "Skript-Anmeldung";

/// How far back failed sign-ins count.
const THROTTLE_WINDOW: Duration = Duration::minutes(15);

/// Longest name of an API token (characters).
const TOKEN_NAME_MAX: usize = 80;

/// The person as the audit trail names them when they act themselves.
pub fn actor(user: &User) -> Actor {
    Actor {
        user_id: Some(user.id),
        name: format!("{} <{}>", user.display_name, user.email),
    }
}

/// An active account that is an operator, a library editor or an active
/// member somewhere. Sign-in, tokens and every request check this.
pub async fn may_work(store: &Store, user: &User) -> Result<bool> {
    Ok(user.active
        && (user.is_operator
            || store.has_active_membership(user.id).await?
            || store.is_library_editor(user.id).await?))
}

// ------------------------------------------------------------ signing in

/// Failed sign-ins allowed within 15 minutes before signing in pauses.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub per_account: i64,
    pub per_address: i64,
}

/// Where someone signs in. The page tells a deactivated person why they
/// cannot work; a script learns nothing beyond "wrong".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Page,
    Script,
}

/// What a sign-in attempt brings.
pub struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// The client's address, counted apart from the account.
    pub client: &'a str,
}

/// The answer to a sign-in attempt.
#[derive(Debug)]
pub enum SignIn {
    /// The password is right and the person may work.
    Welcome(User),
    /// Too many failures for the account or the address; nothing checked.
    Throttled,
    /// Unknown account or wrong password (counted as a failure).
    Wrong,
    /// Right password, but the account is deactivated or belongs nowhere.
    MayNotWork,
}

/// Checks an attempt to sign in: throttling, the password (in the same
/// time whether the account exists or not), and [`may_work`]. Failures
/// count against the account and the address; success clears the account's.
pub async fn sign_in(
    store: &Store,
    throttle: Throttle,
    door: Door,
    c: &Credentials<'_>,
) -> Result<SignIn> {
    let email = c.email.trim().to_lowercase();
    let account_key = format!("account:{email}");
    let addr_key = format!("addr:{}", c.client);
    let since = Utc::now() - THROTTLE_WINDOW;
    if store.count_login_failures(&account_key, since).await? >= throttle.per_account
        || store.count_login_failures(&addr_key, since).await? >= throttle.per_address
    {
        tracing::warn!(account = %email, "sign-in throttled");
        return Ok(SignIn::Throttled);
    }
    let user = store.find_user_by_email(&email).await?;
    let ok = password::verify_blocking(
        c.password.to_owned(),
        user.as_ref().and_then(|u| u.password_hash.clone()),
    )
    .await;
    // Through the script door a deactivated account counts as a failed
    // attempt: scripts get no hint that the password was right.
    let Some(user) = user.filter(|u| ok && (door == Door::Page || u.active)) else {
        store
            .record_login_failure(&[&account_key, &addr_key])
            .await?;
        tracing::info!(account = %email, "sign-in failed");
        return Ok(SignIn::Wrong);
    };
    if !may_work(store, &user).await? {
        return Ok(SignIn::MayNotWork);
    }
    store.clear_login_failures(&account_key).await?;
    Ok(SignIn::Welcome(user))
}

// -------------------------------------------------------------- sessions

/// Starts a browser session; returns the secret for the cookie (only its
/// hash is stored).
pub async fn start_session(store: &Store, user: UserId, ttl: Duration) -> Result<String> {
    let token = secret::new_secret();
    store
        .create_session(user, &secret::hash(&token), ttl)
        .await?;
    tracing::info!(user = %user, "signed in");
    Ok(token)
}

/// The person of a session cookie and the session's hash (to end it, or to
/// keep it when the password changes), if they may still work.
pub async fn session_user(
    store: &Store,
    cookie: &str,
    ttl: Duration,
) -> Result<Option<(User, String)>> {
    let hash = secret::hash(cookie);
    match store.session_user(&hash, ttl).await? {
        Some((_, user)) if may_work(store, &user).await? => Ok(Some((user, hash))),
        _ => Ok(None),
    }
}

/// Signs a session out (by the hash [`session_user`] gave).
pub async fn end_session(store: &Store, hash: &str) -> Result<()> {
    Ok(store.delete_session(hash).await?)
}

// ------------------------------------------------------------ API tokens

/// The person of an API token, if they may still work.
pub async fn token_user(store: &Store, token: &str) -> Result<Option<User>> {
    match store.token_user(&secret::hash(token.trim())).await? {
        Some((_, user)) if may_work(store, &user).await? => Ok(Some(user)),
        _ => Ok(None),
    }
}

/// Creates a personal API token named `name`; returns it this once (only
/// its hash is stored).
pub async fn issue_token(store: &Store, user: &User, name: &str) -> Result<String> {
    let name = required_text("name", name, TOKEN_NAME_MAX)?;
    let token = secret::new_api_token();
    store
        .create_api_token(
            &actor(user),
            user.id,
            &name,
            &secret::hash(&token),
            &token[..8],
        )
        .await?;
    Ok(token)
}

pub async fn revoke_token(store: &Store, user: &User, token: TokenId) -> Result<()> {
    Ok(store.revoke_api_token(&actor(user), user.id, token).await?)
}

// ----------------------------------------------------------- own account

/// Changes one's own display name.
pub async fn rename(store: &Store, user: &User, display_name: &str) -> Result<()> {
    let name = DisplayName::parse(display_name)?;
    Ok(store
        .set_display_name(&actor(user), user.id, &name.into_string())
        .await?)
}

/// A new password for one's own account.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_repeat: String,
}

/// Changes one's own password after checking the current one. Every other
/// session of the person ends (other browsers signed in with the old
/// password); `keep` is the hash of the session making the change, if any.
pub async fn change_password(
    store: &Store,
    user: &User,
    keep: Option<&str>,
    change: &PasswordChange,
) -> Result<()> {
    let mut errors = FieldErrors::default();
    if !password::verify_blocking(change.current_password.clone(), user.password_hash.clone()).await
    {
        errors.add("current_password", "error.current_password_wrong");
    }
    let pw = errors.check(NewPassword::parse(
        &change.password,
        &change.password_repeat,
    ));
    let Some(pw) = pw.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let hash = password::hash_blocking(pw.expose().to_owned()).await?;
    store.set_password(&actor(user), user.id, &hash).await?;
    if let Some(keep) = keep {
        store.delete_other_sessions(user.id, keep).await?;
    }
    Ok(())
}

// --------------------------------------------------------- one-time links

/// Creates a one-time link for `user` and returns its secret (only the
/// hash is stored). An invitation lasts seven days, a reset 48 hours.
pub async fn new_link(
    store: &Store,
    org: OrgId,
    user: UserId,
    purpose: LinkPurpose,
) -> Result<String> {
    let token = secret::new_secret();
    let valid = match purpose {
        LinkPurpose::Invite => Duration::days(7),
        _ => Duration::hours(48),
    };
    store
        .create_link(purpose, Some(user), Some(org), &secret::hash(&token), valid)
        .await?;
    Ok(token)
}

/// The account a link sets the password of.
#[derive(Debug)]
pub struct AccountLink {
    pub email: String,
    /// An invitation (first password) rather than a reset.
    pub invite: bool,
    user: User,
}

fn link_invalid() -> Error {
    Error::BadRequest("error.link_invalid")
}

/// The account of an unused invitation or reset link.
pub async fn account_link(store: &Store, link: &str) -> Result<AccountLink> {
    let l = store
        .peek_link(&secret::hash(link))
        .await?
        .filter(|l| l.purpose != LinkPurpose::Setup.code())
        .ok_or_else(link_invalid)?;
    let user = store.get_user(l.user_id.ok_or_else(link_invalid)?).await?;
    Ok(AccountLink {
        email: user.email.clone(),
        invite: l.purpose == LinkPurpose::Invite.code(),
        user,
    })
}

/// Uses the link: its one use, so of two submissions one wins.
async fn take_link(store: &Store, link: &str) -> Result<()> {
    store
        .take_link(&secret::hash(link))
        .await?
        .map(|_| ())
        .ok_or_else(link_invalid)
}

/// Sets the password of an invitation or reset link's account. A password
/// that does not fit leaves the link unused.
pub async fn set_password_by_link(
    store: &Store,
    link: &str,
    password: &str,
    repeat: &str,
) -> Result<()> {
    let account = account_link(store, link).await?;
    let pw = NewPassword::parse(password, repeat)?;
    take_link(store, link).await?;
    let hash = password::hash_blocking(pw.expose().to_owned()).await?;
    let user = &account.user;
    Ok(store.set_password(&actor(user), user.id, &hash).await?)
}

// ------------------------------------------------------------- operators

/// A new operator account, as the setup form or the command line gives it.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct OperatorFields {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default, skip_serializing)]
    pub password: String,
    #[serde(default, skip_serializing)]
    pub password_repeat: String,
}

struct ValidOperator {
    email: Email,
    name: DisplayName,
    password: NewPassword,
}

impl OperatorFields {
    fn validate(&self) -> Result<ValidOperator> {
        let mut errors = FieldErrors::default();
        let email = errors.check(Email::parse(&self.email));
        let name = errors.check(DisplayName::parse(&self.display_name));
        let password = errors.check(NewPassword::parse(&self.password, &self.password_repeat));
        match (email, name, password) {
            (Some(email), Some(name), Some(password)) => Ok(ValidOperator {
                email,
                name,
                password,
            }),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

async fn insert_operator(store: &Store, actor: &Actor, op: ValidOperator) -> Result<UserId> {
    let hash = password::hash_blocking(op.password.expose().to_owned()).await?;
    Ok(store
        .create_operator(actor, op.email.as_str(), &op.name.into_string(), &hash)
        .await?)
}

/// Creates an operator account (`ablauf admin create-operator`). An e-mail
/// address that has an account already is a conflict.
pub async fn create_operator(store: &Store, actor: &Actor, f: &OperatorFields) -> Result<UserId> {
    insert_operator(store, actor, f.validate()?).await
}

/// A fresh instance without any account gets a setup link, valid for 24
/// hours, to create its first operator; returns its secret. `None` once
/// there are accounts.
pub async fn offer_setup(store: &Store) -> Result<Option<String>> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let token = secret::new_secret();
    store
        .create_link(
            LinkPurpose::Setup,
            None,
            None,
            &secret::hash(&token),
            Duration::hours(24),
        )
        .await?;
    Ok(Some(token))
}

/// Checks that `link` is an unused setup link.
pub async fn check_setup_link(store: &Store, link: &str) -> Result<()> {
    store
        .peek_link(&secret::hash(link))
        .await?
        .filter(|l| l.purpose == LinkPurpose::Setup.code())
        .map(|_| ())
        .ok_or_else(link_invalid)
}

/// The first-start setup: creates the first operator through the setup
/// link. A form that does not fit leaves the link unused.
pub async fn set_up(store: &Store, link: &str, f: &OperatorFields) -> Result<UserId> {
    check_setup_link(store, link).await?;
    let op = f.validate()?;
    take_link(store, link).await?;
    insert_operator(store, &Actor::system("Einrichtung"), op).await
}
