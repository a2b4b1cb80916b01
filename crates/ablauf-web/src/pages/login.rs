//! Signing in and out, with throttling per account and per address.

use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::extract::{AuthVia, SESSION_COOKIE};
use crate::auth::signin::sign_in;
use crate::auth::{CsrfToken, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::pages::{HtmlForm, Notice, public_layout};
use crate::templates::render;
use ablauf_app::accounts::{self, Door, SignIn};
use ablauf_app::i18n::t;

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    weiter: Option<String>,
    #[serde(flatten)]
    notice: Notice,
}

pub async fn form(
    current: Result<CurrentUser, AppError>,
    Extension(csrf): Extension<CsrfToken>,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    if current.is_ok() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(render_form(&csrf.0, "", q.weiter.as_deref(), q.notice.text(), None)?.into_response())
}

fn render_form(
    csrf: &str,
    email: &str,
    next: Option<&str>,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<axum::response::Html<String>> {
    render(
        "account/login.html",
        context! {
            layout => public_layout(csrf, &t("login.title")),
            email => email,
            next => next.filter(|n| safe_next(n)),
            notice => notice,
            error => error,
        },
    )
}

/// Only paths of this site are followed after sign-in (no open redirect).
fn safe_next(next: &str) -> bool {
    next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    weiter: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    HtmlForm(f): HtmlForm<LoginForm>,
) -> AppResult<Response> {
    let email = f.email.trim().to_lowercase();
    let next = f.weiter.as_deref();
    let fail = |status: StatusCode, key: &str| -> AppResult<Response> {
        Ok((
            status,
            render_form(&csrf.0, &email, next, None, Some(t(key)))?,
        )
            .into_response())
    };
    if email.is_empty() || f.password.is_empty() {
        return fail(StatusCode::UNPROCESSABLE_ENTITY, "login.missing");
    }

    let user = match sign_in(&state, &headers, peer, Door::Page, &email, &f.password).await? {
        SignIn::Welcome(user) => user,
        SignIn::Throttled => return fail(StatusCode::TOO_MANY_REQUESTS, "error.throttled"),
        SignIn::Wrong => return fail(StatusCode::UNAUTHORIZED, "login.wrong"),
        SignIn::MayNotWork => return fail(StatusCode::FORBIDDEN, "login.deactivated"),
    };
    let token = accounts::start_session(&state.store, user.id, state.session_ttl()).await?;
    let cookie = Cookie::build((state.config.cookie_name(SESSION_COOKIE), token))
        .path("/")
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Lax)
        .build();
    let target = next.filter(|n| safe_next(n)).unwrap_or("/").to_owned();
    Ok((jar.add(cookie), Redirect::to(&target)).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    current: Result<CurrentUser, AppError>,
    jar: CookieJar,
) -> AppResult<Response> {
    if let Ok(CurrentUser {
        via: AuthVia::Session(hash),
        ..
    }) = current
    {
        accounts::end_session(&state.store, &hash).await?;
    }
    let jar = jar.remove(
        Cookie::build(state.config.cookie_name(SESSION_COOKIE))
            .path("/")
            .secure(state.config.secure_cookies()),
    );
    Ok((jar, Redirect::to("/anmelden?hinweis=signed_out")).into_response())
}
