//! Accounts, and their memberships in organisations with a role.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::Change;
use crate::db::{AsRaw, Tx, exec, fetch, scalar};
use crate::{Actor, OrgId, Result, Store, StoreError, UserId, new_id, on_unique};
use ablauf_domain::Role;

#[derive(Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub is_operator: bool,
    pub active: bool,
    pub last_organization_id: Option<OrgId>,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for User {
    // The password hash never appears in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("is_operator", &self.is_operator)
            .field("active", &self.active)
            .finish()
    }
}

/// A person's membership in one organisation.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Membership {
    pub organization_id: OrgId,
    pub user_id: UserId,
    pub role: Role,
    pub library_editor: bool,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// A member as listed on the users page.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Member {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub library_editor: bool,
    /// The membership is active (the organisation's own switch).
    pub active: bool,
    /// The account is active (the platform's switch).
    pub account_active: bool,
    pub has_password: bool,
    pub created_at: DateTime<Utc>,
}

/// The data of an account to create (or find, when the e-mail exists).
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
}

/// Inserts the account, or returns the id of the existing account with that
/// e-mail (its name and password stay as they are).
pub(crate) async fn upsert_account(tx: &mut Tx, a: NewAccount<'_>) -> Result<UserId> {
    if let Some(id) = scalar!(
        tx,
        fetch_optional,
        UserId,
        "SELECT id FROM users WHERE email = $1",
        a.email
    )? {
        return Ok(id);
    }
    Ok(scalar!(
        tx,
        fetch_one,
        UserId,
        "INSERT INTO users (id, email, display_name, password_hash, is_operator, active, created_at) \
         VALUES ($1, $2, $3, $4, FALSE, TRUE, $5) RETURNING id",
        UserId(new_id()),
        a.email,
        a.display_name,
        a.password_hash,
        Utc::now()
    )?)
}

pub(crate) async fn insert_membership(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    user: UserId,
    email: &str,
    role: Role,
) -> Result<()> {
    exec!(
        tx,
        "INSERT INTO memberships (organization_id, user_id, role, library_editor, active, created_at) \
         VALUES ($1, $2, $3, FALSE, TRUE, $4)",
        org,
        user,
        role.code(),
        Utc::now()
    )
    .map_err(on_unique("error.already_member"))?;
    Change::new(org, "user.added", "user", "audit_summary.user_added")
        .entity(user)
        .arg("email", email)
        .arg_key("role", role_key(role))
        .after(&serde_json::json!({
            "email": email, "role": role.code()
        }))
        .record(tx, actor)
        .await
}

/// The message key of a role's name, for audit summaries.
fn role_key(role: Role) -> String {
    format!("role.{}", role.code())
}

const MEMBER_SELECT: &str = "SELECT u.id AS user_id, u.email, u.display_name, m.role, \
     EXISTS (SELECT 1 FROM library_editors e WHERE e.user_id = m.user_id) AS library_editor, \
     m.active, u.active AS account_active, (u.password_hash IS NOT NULL) AS has_password, m.created_at \
     FROM memberships m JOIN users u ON u.id = m.user_id";

impl Store {
    pub async fn count_users(&self) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM users"
        )?)
    }

    pub async fn find_user_by_email(&self, email: &str) -> Result<Option<User>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_optional,
            User,
            "SELECT * FROM users WHERE email = $1",
            email
        )?)
    }

    pub async fn get_user(&self, id: UserId) -> Result<User> {
        user_in(&mut self.conn().await?, id).await
    }

    /// Creates a platform operator (the first account of an instance, or
    /// another one made by the CLI).
    pub async fn create_operator(
        &self,
        actor: &Actor,
        email: &str,
        display_name: &str,
        password_hash: &str,
    ) -> Result<UserId> {
        let mut tx = self.begin().await?;
        let id = scalar!(
            &mut tx,
            fetch_one,
            UserId,
            "INSERT INTO users (id, email, display_name, password_hash, is_operator, active, created_at) \
             VALUES ($1, $2, $3, $4, TRUE, TRUE, $5) RETURNING id",
            UserId(new_id()),
            email,
            display_name,
            password_hash,
            Utc::now()
        )
        .map_err(on_unique("error.email_taken"))?;
        Change::new(
            None,
            "operator.created",
            "user",
            "audit_summary.operator_created",
        )
        .entity(id)
        .arg("email", email)
        .after(&serde_json::json!({ "email": email }))
        .commit(tx, actor)
        .await?;
        Ok(id)
    }

    /// Creates an account that belongs to no organisation (a library
    /// editor named platform-wide). Refused when the e-mail address is
    /// taken.
    pub async fn create_account(&self, actor: &Actor, account: NewAccount<'_>) -> Result<UserId> {
        let mut tx = self.begin().await?;
        let email = account.email.to_owned();
        let id = scalar!(
            &mut tx,
            fetch_one,
            UserId,
            "INSERT INTO users (id, email, display_name, password_hash, is_operator, active, created_at) \
             VALUES ($1, $2, $3, $4, FALSE, TRUE, $5) RETURNING id",
            UserId(new_id()),
            account.email,
            account.display_name,
            account.password_hash,
            Utc::now()
        )
        .map_err(on_unique("error.email_taken"))?;
        Change::new(
            None,
            "account.created",
            "user",
            "audit_summary.account_created",
        )
        .entity(id)
        .arg("email", &email)
        .after(&serde_json::json!({ "email": email }))
        .commit(tx, actor)
        .await?;
        Ok(id)
    }

    /// Sets a person's own password (or one set through a one-time link).
    pub async fn set_password(&self, actor: &Actor, user: UserId, hash: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = exec!(
            &mut tx,
            "UPDATE users SET password_hash = $2 WHERE id = $1",
            user,
            hash
        )?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Change::new(
            None,
            "account.password_changed",
            "user",
            "audit_summary.account_password_changed",
        )
        .entity(user)
        .commit(tx, actor)
        .await
    }

    pub async fn set_display_name(&self, actor: &Actor, user: UserId, name: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        exec!(
            &mut tx,
            "UPDATE users SET display_name = $2 WHERE id = $1",
            user,
            name
        )?;
        Change::new(
            None,
            "account.renamed",
            "user",
            "audit_summary.account_renamed",
        )
        .entity(user)
        .arg("name", name)
        .commit(tx, actor)
        .await
    }

    /// Remembers the organisation a person worked in last (where `/` leads).
    pub async fn set_last_organization(&self, user: UserId, org: OrgId) -> Result<()> {
        let mut c = self.conn().await?;
        exec!(
            &mut c,
            "UPDATE users SET last_organization_id = $2 WHERE id = $1 \
             AND (last_organization_id IS NULL OR last_organization_id <> $2)",
            user,
            org
        )?;
        Ok(())
    }

    /// The active membership of a person in an organisation, if any. This is
    /// the check behind every organisation page and API route.
    pub async fn membership(&self, org: OrgId, user: UserId) -> Result<Option<Membership>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_optional,
            Membership,
            "SELECT m.organization_id, m.user_id, m.role, m.active, m.created_at, \
             EXISTS (SELECT 1 FROM library_editors e WHERE e.user_id = m.user_id) AS library_editor \
             FROM memberships m JOIN organizations o ON o.id = m.organization_id \
             WHERE m.organization_id = $1 AND m.user_id = $2 AND m.active AND o.active",
            org,
            user
        )?)
    }

    /// The members of an organisation, active ones first, then by name.
    pub async fn list_members(&self, org: OrgId) -> Result<Vec<Member>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            Member,
            &format!(
                "{MEMBER_SELECT} WHERE m.organization_id = $1 \
                 ORDER BY m.active DESC, lower(u.display_name), u.email"
            ),
            org
        )?)
    }

    pub async fn count_members(&self, org: OrgId) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND active",
            org
        )?)
    }

    pub async fn get_member(&self, org: OrgId, user: UserId) -> Result<Member> {
        member_in(&mut self.conn().await?, org, user).await
    }

    /// Adds a person to an organisation: a new account (without password
    /// when they are invited by link), or an existing account by e-mail.
    pub async fn add_member(
        &self,
        actor: &Actor,
        org: OrgId,
        account: NewAccount<'_>,
        role: Role,
    ) -> Result<UserId> {
        let mut tx = self.begin().await?;
        let email = account.email.to_owned();
        let user = upsert_account(&mut tx, account).await?;
        insert_membership(&mut tx, actor, org, user, &email, role).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Changes a member's role. Refuses to take the administrator role
    /// from the organisation's last administrator. (Library editors are
    /// named platform-wide: [`Store::set_library_editor`].)
    pub async fn update_member(
        &self,
        actor: &Actor,
        org: OrgId,
        user: UserId,
        role: Role,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = member_in(&mut tx, org, user).await?;
        if before.role == Role::Administrator && role != Role::Administrator {
            ensure_other_admin(&mut tx, org, user).await?;
        }
        exec!(
            &mut tx,
            "UPDATE memberships SET role = $3 WHERE organization_id = $1 AND user_id = $2",
            org,
            user,
            role.code()
        )?;
        Change::new(
            org,
            "user.role_changed",
            "user",
            "audit_summary.user_role_changed",
        )
        .entity(user)
        .arg("email", &before.email)
        .arg_key("before", role_key(before.role))
        .arg_key("role", role_key(role))
        .before(&serde_json::json!({ "role": before.role }))
        .after(&serde_json::json!({ "role": role.code() }))
        .commit(tx, actor)
        .await
    }

    /// Deactivates or reactivates a membership. A deactivated member can no
    /// longer open anything of the organisation, by page or by API token.
    pub async fn set_member_active(
        &self,
        actor: &Actor,
        org: OrgId,
        user: UserId,
        active: bool,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = member_in(&mut tx, org, user).await?;
        if !active && before.role == Role::Administrator {
            ensure_other_admin(&mut tx, org, user).await?;
        }
        exec!(
            &mut tx,
            "UPDATE memberships SET active = $3 WHERE organization_id = $1 AND user_id = $2",
            org,
            user,
            active
        )?;
        let (action, key) = if active {
            ("user.activated", "audit_summary.user_activated")
        } else {
            ("user.deactivated", "audit_summary.user_deactivated")
        };
        Change::new(org, action, "user", key)
            .entity(user)
            .arg("email", &before.email)
            .before(&serde_json::json!({ "active": before.active }))
            .after(&serde_json::json!({ "active": active }))
            .commit(tx, actor)
            .await
    }

    /// Number of organisations (other than `org`) in which the person has
    /// a membership. An administrator may only reset the password of
    /// someone who belongs to their organisation alone.
    pub async fn other_memberships(&self, org: OrgId, user: UserId) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND organization_id <> $2",
            user,
            org
        )?)
    }

    /// Sets an initial password chosen by an administrator (or removes the
    /// password when `hash` is None, for a reset by link), ends the
    /// person's sessions, and records it.
    pub async fn admin_reset_password(
        &self,
        actor: &Actor,
        org: OrgId,
        user: UserId,
        hash: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let m = member_in(&mut tx, org, user).await?;
        exec!(
            &mut tx,
            "UPDATE users SET password_hash = $2 WHERE id = $1",
            user,
            hash
        )?;
        exec!(&mut tx, "DELETE FROM sessions WHERE user_id = $1", user)?;
        Change::new(
            org,
            "user.password_reset",
            "user",
            "audit_summary.user_password_reset",
        )
        .entity(user)
        .arg("email", &m.email)
        .commit(tx, actor)
        .await
    }
}

/// An account, read in a transaction or on a connection.
pub(crate) async fn user_in<C: AsRaw + Send>(c: &mut C, id: UserId) -> Result<User> {
    fetch!(
        c,
        fetch_optional,
        User,
        "SELECT * FROM users WHERE id = $1",
        id
    )?
    .ok_or(StoreError::NotFound)
}

async fn member_in<C: AsRaw + Send>(c: &mut C, org: OrgId, user: UserId) -> Result<Member> {
    fetch!(
        c,
        fetch_optional,
        Member,
        &format!("{MEMBER_SELECT} WHERE m.organization_id = $1 AND m.user_id = $2"),
        org,
        user
    )?
    .ok_or(StoreError::NotFound)
}

async fn ensure_other_admin(tx: &mut Tx, org: OrgId, user: UserId) -> Result<()> {
    let others = scalar!(
        tx,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND user_id <> $2 \
         AND role = 'administrator' AND active",
        org,
        user
    )?;
    if others == 0 {
        return Err(StoreError::Refused("error.last_admin"));
    }
    Ok(())
}

impl Store {
    /// Whether the person may still work in at least one organisation.
    pub async fn has_active_membership(&self, user: UserId) -> Result<bool> {
        let mut c = self.conn().await?;
        let n = scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM memberships m JOIN organizations o ON o.id = m.organization_id \
             WHERE m.user_id = $1 AND m.active AND o.active",
            user
        )?;
        Ok(n > 0)
    }
}
