//! Personal API tokens: created in the UI, shown once, revocable.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::Change;
use crate::db::{exec, fetch};
use crate::{Actor, Result, Store, StoreError, TokenId, User, UserId, new_id};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: TokenId,
    pub user_id: UserId,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    /// The first characters of the token, so a person can tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Store {
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        user: UserId,
        name: &str,
        token_hash: &str,
        prefix: &str,
    ) -> Result<ApiToken> {
        let mut tx = self.begin().await?;
        let t = fetch!(
            &mut tx,
            fetch_one,
            ApiToken,
            "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
            new_id(),
            user,
            name,
            token_hash,
            prefix,
            Utc::now()
        )?;
        Change::new(
            None,
            "token.created",
            "api_token",
            "audit_summary.token_created",
        )
        .entity(t.id)
        .arg("name", name)
        .commit(tx, actor)
        .await?;
        Ok(t)
    }

    pub async fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            ApiToken,
            "SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC",
            user
        )?)
    }

    /// Revokes one of the person's own tokens.
    pub async fn revoke_api_token(&self, actor: &Actor, user: UserId, id: TokenId) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = exec!(
            &mut tx,
            "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
            id,
            user,
            Utc::now()
        )?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Change::new(
            None,
            "token.revoked",
            "api_token",
            "audit_summary.token_revoked",
        )
        .entity(id)
        .commit(tx, actor)
        .await
    }

    /// The account behind a token hash, if the token is not revoked.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<(ApiToken, User)>> {
        let mut c = self.conn().await?;
        let Some(token) = fetch!(
            &mut c,
            fetch_optional,
            ApiToken,
            "SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            token_hash
        )?
        else {
            return Ok(None);
        };
        let user = crate::users::user_in(&mut c, token.user_id).await?;
        let now = Utc::now();
        // Like sessions: note the use at most once a minute.
        if token
            .last_used_at
            .is_none_or(|t| now - t > chrono::Duration::minutes(1))
        {
            exec!(
                &mut c,
                "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1",
                token.id,
                now
            )?;
        }
        Ok(Some((token, user)))
    }
}
