//! The HTTP side of signing in, shared by the sign-in page and the token
//! endpoint: who the client is (its address) and the configured limits.
//! The rules — throttling, the password check, who may work — are
//! [`ablauf_app::accounts::sign_in`].

use std::net::SocketAddr;

use axum::http::HeaderMap;

use crate::AppState;
use ablauf_app::accounts::{self, Credentials, Door, SignIn, Throttle};

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

/// One attempt to sign in through `door`, from the client of `headers`
/// and `peer`.
pub async fn sign_in(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    door: Door,
    email: &str,
    password: &str,
) -> ablauf_app::Result<SignIn> {
    let throttle = Throttle {
        per_account: state.config.max_failures_per_account,
        per_address: state.config.max_failures_per_address,
    };
    let client = client_addr(state, headers, peer);
    let credentials = Credentials {
        email,
        password,
        client: &client,
    };
    accounts::sign_in(&state.store, throttle, door, &credentials).await
}
