//! One-time links: invitations, password resets and the first-start setup.
//! Only the hash of a link's token is stored; a link works once and expires.

use chrono::{DateTime, Duration, Utc};

use crate::db::{exec, fetch, scalar};
use crate::{OrgId, Result, Store, StoreError, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Set the first password of an invited account.
    Invite,
    /// Set a new password after an administrator's reset.
    Reset,
    /// Create the first operator account of a fresh instance.
    Setup,
}

impl LinkPurpose {
    pub fn code(self) -> &'static str {
        match self {
            LinkPurpose::Invite => "invite",
            LinkPurpose::Reset => "reset",
            LinkPurpose::Setup => "setup",
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Link {
    pub token_hash: String,
    pub purpose: String,
    pub user_id: Option<UserId>,
    pub organization_id: Option<OrgId>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Stores a link. A new link of the same purpose for the same person
    /// replaces the old one (only the latest invitation works). A link for
    /// a person in an organisation needs their membership there (else
    /// `NotFound`, as for anyone outside it).
    pub async fn create_link(
        &self,
        purpose: LinkPurpose,
        user: Option<UserId>,
        org: Option<OrgId>,
        token_hash: &str,
        valid_for: Duration,
    ) -> Result<()> {
        let now = Utc::now();
        let mut tx = self.begin().await?;
        if let (Some(user), Some(org)) = (user, org) {
            let member = scalar!(
                &mut tx,
                fetch_one,
                i64,
                "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND user_id = $2",
                org,
                user
            )?;
            if member == 0 {
                return Err(StoreError::NotFound);
            }
        }
        if user.is_some() {
            exec!(
                &mut tx,
                "DELETE FROM one_time_links WHERE user_id = $1 AND used_at IS NULL",
                user
            )?;
        } else {
            exec!(
                &mut tx,
                "DELETE FROM one_time_links WHERE purpose = $1 AND user_id IS NULL AND used_at IS NULL",
                purpose.code()
            )?;
        }
        exec!(
            &mut tx,
            "INSERT INTO one_time_links (token_hash, purpose, user_id, organization_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            token_hash,
            purpose.code(),
            user,
            org,
            now,
            now + valid_for
        )?;
        tx.commit().await
    }

    /// The link if it is unused and not expired (to show its form).
    pub async fn peek_link(&self, token_hash: &str) -> Result<Option<Link>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_optional,
            Link,
            "SELECT * FROM one_time_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            token_hash,
            Utc::now()
        )?)
    }

    /// Marks the link used and returns it, atomically: of two concurrent
    /// uses, exactly one gets the link.
    pub async fn take_link(&self, token_hash: &str) -> Result<Option<Link>> {
        let now = Utc::now();
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_optional,
            Link,
            "UPDATE one_time_links SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING *",
            token_hash,
            now
        )?)
    }
}
