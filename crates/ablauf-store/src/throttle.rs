//! Failed sign-ins, counted per account and per address so that guessing
//! passwords is slowed down on every application server alike.

use chrono::{DateTime, Utc};

use crate::db::{exec, scalar};
use crate::{Result, Store, new_id};

impl Store {
    pub async fn record_login_failure(&self, keys: &[&str]) -> Result<()> {
        let now = Utc::now();
        let mut c = self.conn().await?;
        for key in keys {
            exec!(
                &mut c,
                "INSERT INTO login_failures (id, throttle_key, at) VALUES ($1, $2, $3)",
                new_id(),
                *key,
                now
            )?;
        }
        Ok(())
    }

    pub async fn count_login_failures(&self, key: &str, since: DateTime<Utc>) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND at > $2",
            key,
            since
        )?)
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        let mut c = self.conn().await?;
        exec!(
            &mut c,
            "DELETE FROM login_failures WHERE throttle_key = $1",
            key
        )?;
        Ok(())
    }
}
