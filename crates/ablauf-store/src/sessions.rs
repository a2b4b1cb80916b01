//! Sign-in sessions, kept in the database so that any application server
//! behind a load balancer can answer any request.

use chrono::{DateTime, Duration, Utc};

use crate::db::{exec, fetch};
use crate::{Result, Store, User, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    pub token_hash: String,
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Stores a new session. Only the hash of the cookie's token is kept, so
    /// a copy of the database does not hand out sessions.
    pub async fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        ttl: Duration,
    ) -> Result<()> {
        let now = Utc::now();
        let mut c = self.conn().await?;
        exec!(
            &mut c,
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4)",
            token_hash,
            user,
            now,
            now + ttl
        )?;
        Ok(())
    }

    /// The session and its account for a token hash, if the session has not
    /// expired. Sliding expiry: a session seen again is extended, but the
    /// row is written at most every five minutes to keep reads cheap.
    pub async fn session_user(
        &self,
        token_hash: &str,
        ttl: Duration,
    ) -> Result<Option<(Session, User)>> {
        let now = Utc::now();
        let mut c = self.conn().await?;
        let Some(session) = fetch!(
            &mut c,
            fetch_optional,
            Session,
            "SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2",
            token_hash,
            now
        )?
        else {
            return Ok(None);
        };
        let user = crate::users::user_in(&mut c, session.user_id).await?;
        if now - session.last_seen_at > Duration::minutes(5) {
            exec!(
                &mut c,
                "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1",
                token_hash,
                now,
                now + ttl
            )?;
        }
        Ok(Some((session, user)))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut c = self.conn().await?;
        exec!(
            &mut c,
            "DELETE FROM sessions WHERE token_hash = $1",
            token_hash
        )?;
        Ok(())
    }

    /// Ends all other sessions of a person (after a password change).
    pub async fn delete_other_sessions(&self, user: UserId, keep_hash: &str) -> Result<()> {
        let mut c = self.conn().await?;
        exec!(
            &mut c,
            "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
            user,
            keep_hash
        )?;
        Ok(())
    }

    /// Removes expired sessions, one-time links and old login failures.
    pub async fn prune_expired(&self) -> Result<u64> {
        let now = Utc::now();
        let mut c = self.conn().await?;
        let a = exec!(&mut c, "DELETE FROM sessions WHERE expires_at <= $1", now)?;
        let b = exec!(
            &mut c,
            "DELETE FROM one_time_links WHERE expires_at <= $1",
            now
        )?;
        let d = exec!(
            &mut c,
            "DELETE FROM login_failures WHERE at <= $1",
            now - Duration::days(1)
        )?;
        Ok(a + b + d)
    }
}
