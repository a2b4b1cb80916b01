//! Organisations (tenants).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::Change;
use crate::db::{exec, fetch, scalar};
use crate::users::{Membership, NewAccount, insert_membership, upsert_account};
use crate::{Actor, OrgId, Result, Store, StoreError, UserId, new_id, on_unique};
use ablauf_domain::{OrgKind, Role};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    pub kind: OrgKind,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// An organisation with the number of its members, for the operator's list.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrgOverview {
    pub id: OrgId,
    pub name: String,
    pub kind: OrgKind,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub member_count: i64,
}

impl Store {
    /// Creates an organisation and its first administrator in one
    /// transaction. The administrator is a new account, or an existing one
    /// (a person can belong to several organisations) that gains the role.
    /// Returns the organisation and the administrator's user id.
    pub async fn create_organization(
        &self,
        actor: &Actor,
        name: &str,
        kind: OrgKind,
        admin: NewAccount<'_>,
    ) -> Result<(Organization, UserId)> {
        let mut tx = self.begin().await?;
        let org = fetch!(
            &mut tx,
            fetch_one,
            Organization,
            "INSERT INTO organizations (id, name, kind, active, created_at) \
             VALUES ($1, $2, $3, TRUE, $4) RETURNING *",
            OrgId(new_id()),
            name,
            kind.code(),
            Utc::now()
        )
        .map_err(on_unique("error.org_name_taken"))?;
        Change::new(
            org.id,
            "organization.created",
            "organization",
            "audit_summary.organization_created",
        )
        .entity(org.id)
        .arg("name", &org.name)
        .after(&org)
        .record(&mut tx, actor)
        .await?;
        let admin_email = admin.email.to_owned();
        let user_id = upsert_account(&mut tx, admin).await?;
        insert_membership(
            &mut tx,
            actor,
            org.id,
            user_id,
            &admin_email,
            Role::Administrator,
        )
        .await?;
        tx.commit().await?;
        Ok((org, user_id))
    }

    pub async fn get_organization(&self, org: OrgId) -> Result<Organization> {
        let mut c = self.conn().await?;
        fetch!(
            &mut c,
            fetch_optional,
            Organization,
            "SELECT * FROM organizations WHERE id = $1",
            org
        )?
        .ok_or(StoreError::NotFound)
    }

    /// The organisations a person may work in (active memberships only),
    /// ordered by name.
    pub async fn organizations_of(&self, user: UserId) -> Result<Vec<(Organization, Membership)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            org: Organization,
            role: Role,
            library_editor: bool,
            m_created_at: DateTime<Utc>,
        }
        let mut c = self.conn().await?;
        let rows = fetch!(
            &mut c,
            fetch_all,
            Row,
            "SELECT o.*, m.role, EXISTS (SELECT 1 FROM library_editors e WHERE e.user_id = m.user_id) \
             AS library_editor, m.created_at AS m_created_at \
             FROM memberships m JOIN organizations o ON o.id = m.organization_id \
             WHERE m.user_id = $1 AND m.active AND o.active ORDER BY lower(o.name)",
            user
        )?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let m = Membership {
                    organization_id: r.org.id,
                    user_id: user,
                    role: r.role,
                    library_editor: r.library_editor,
                    active: true,
                    created_at: r.m_created_at,
                };
                (r.org, m)
            })
            .collect())
    }

    /// All organisations with member counts (operator view).
    pub async fn list_organizations(&self) -> Result<Vec<OrgOverview>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            OrgOverview,
            "SELECT o.id, o.name, o.kind, o.active, o.created_at, \
             (SELECT COUNT(*) FROM memberships m WHERE m.organization_id = o.id AND m.active) AS member_count \
             FROM organizations o ORDER BY lower(o.name)"
        )?)
    }

    pub async fn count_organizations(&self) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM organizations"
        )?)
    }

    /// Changes an organisation's name and kind (operator). A name another
    /// organisation carries is refused (`Conflict`).
    pub async fn update_organization(
        &self,
        actor: &Actor,
        org: OrgId,
        name: &str,
        kind: OrgKind,
    ) -> Result<Organization> {
        let mut tx = self.begin().await?;
        let before = org_in(&mut tx, org).await?;
        let after = fetch!(
            &mut tx,
            fetch_one,
            Organization,
            "UPDATE organizations SET name = $2, kind = $3 WHERE id = $1 RETURNING *",
            org,
            name,
            kind.code()
        )
        .map_err(on_unique("error.org_name_taken"))?;
        if (before.name.as_str(), before.kind) != (name, kind) {
            let key = if before.name == name {
                "audit_summary.organization_kind_changed"
            } else {
                "audit_summary.organization_renamed"
            };
            Change::new(org, "organization.updated", "organization", key)
                .entity(org)
                .arg("name", name)
                .arg("before", &before.name)
                .before(&before)
                .after(&after)
                .record(&mut tx, actor)
                .await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    /// Deactivates or reactivates an organisation (operator). While it is
    /// inactive nobody can work in it — memberships, sessions and tokens
    /// stop reaching it at their next request — and nothing is deleted.
    pub async fn set_organization_active(
        &self,
        actor: &Actor,
        org: OrgId,
        active: bool,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = org_in(&mut tx, org).await?;
        if before.active == active {
            return Ok(());
        }
        exec!(
            &mut tx,
            "UPDATE organizations SET active = $2 WHERE id = $1",
            org,
            active
        )?;
        let (action, key) = if active {
            (
                "organization.activated",
                "audit_summary.organization_activated",
            )
        } else {
            (
                "organization.deactivated",
                "audit_summary.organization_deactivated",
            )
        };
        Change::new(org, action, "organization", key)
            .entity(org)
            .arg("name", &before.name)
            .before(&serde_json::json!({ "active": before.active }))
            .after(&serde_json::json!({ "active": active }))
            .commit(tx, actor)
            .await
    }
}

async fn org_in(tx: &mut crate::db::Tx, org: OrgId) -> Result<Organization> {
    fetch!(
        tx,
        fetch_optional,
        Organization,
        "SELECT * FROM organizations WHERE id = $1",
        org
    )?
    .ok_or(StoreError::NotFound)
}
