//! What the sign-in page and the token endpoint share: throttling per
//! account and per client address, the password check, and the rule who
//! may work at all. Keeping it in one place keeps the two doors alike.

use std::net::SocketAddr;

use axum::http::HeaderMap;
use chrono::{Duration, Utc};

use crate::AppState;
use ablauf_app::password;
use ablauf_store::{Result, Store, User};

/// An active account that is an operator or an active member somewhere.
/// Sign-in, tokens and every request check this.
pub async fn may_work(store: &Store, user: &User) -> Result<bool> {
    Ok(user.active && (user.is_operator || store.has_active_membership(user.id).await?))
}

/// The client's address: the connection's, or the first hop of
/// `X-Forwarded-For` behind a trusted proxy.
pub fn client_addr(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> String {
    if state.config.trust_proxy
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return first.trim().to_owned();
    }
    peer.ip().to_string()
}

/// One attempt to sign in, counted against the account and the address.
pub struct SignInAttempt {
    pub email: String,
    account_key: String,
    addr_key: String,
}

impl SignInAttempt {
    pub fn new(state: &AppState, headers: &HeaderMap, peer: SocketAddr, email: &str) -> Self {
        let email = email.trim().to_lowercase();
        SignInAttempt {
            account_key: format!("account:{email}"),
            addr_key: format!("addr:{}", client_addr(state, headers, peer)),
            email,
        }
    }

    /// Too many failures in the last 15 minutes for the account or the address?
    pub async fn throttled(&self, state: &AppState) -> Result<bool> {
        let since = Utc::now() - Duration::minutes(15);
        let store = &state.store;
        Ok(store.count_login_failures(&self.account_key, since).await?
            >= state.config.max_failures_per_account
            || store.count_login_failures(&self.addr_key, since).await?
                >= state.config.max_failures_per_address)
    }

    /// The account if the password is right (timing does not tell whether
    /// the account exists).
    pub async fn verify(&self, state: &AppState, password: &str) -> Result<Option<User>> {
        let user = state.store.find_user_by_email(&self.email).await?;
        let ok = password::verify_blocking(
            password.to_owned(),
            user.as_ref().and_then(|u| u.password_hash.clone()),
        )
        .await;
        Ok(user.filter(|_| ok))
    }

    pub async fn failed(&self, state: &AppState) -> Result<()> {
        state
            .store
            .record_login_failure(&[&self.account_key, &self.addr_key])
            .await
    }

    pub async fn succeeded(&self, state: &AppState) -> Result<()> {
        state.store.clear_login_failures(&self.account_key).await
    }
}
