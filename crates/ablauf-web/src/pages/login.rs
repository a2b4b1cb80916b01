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
            next => next.and_then(local_target),
            notice => notice,
            error => error,
        },
    )
}

/// The path of this site that `next` names, as the URL parser writes it,
/// or `None` (then the start page): only paths of this site are followed
/// after sign-in (no open redirect). `next` must be an absolute path
/// without control characters or backslashes (which browsers read as
/// slashes or drop), resolve against this site to this site, and not
/// resolve to a path starting with `//` (a host to a browser).
pub(crate) fn local_target(next: &str) -> Option<String> {
    if !next.starts_with('/') || next.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    let site = url::Url::parse("http://ablauf.invalid/").ok()?;
    let url = site.join(next).ok()?;
    if url.origin() != site.origin()
        || !url.username().is_empty()
        || url.password().is_some()
        || url.path().starts_with("//")
    {
        return None;
    }
    let mut out = url.path().to_owned();
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = url.fragment() {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
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
    let target = next
        .and_then(local_target)
        .unwrap_or_else(|| "/".to_owned());
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

#[cfg(test)]
mod tests {
    use super::local_target;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        for hostile in [
            "//evil.example/",
            "/\t/evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/\r\nSet-Cookie: x=1",
            "/.//evil.example/",
            "/..//evil.example/",
            "/a/../..//evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil.example",
            " /x",
            "",
            "/\u{0}x",
        ] {
            assert_eq!(local_target(hostile), None, "{hostile:?}");
        }
        assert_eq!(
            local_target("/o/1/prozesse?q=a b#x").as_deref(),
            Some("/o/1/prozesse?q=a%20b#x")
        );
        assert_eq!(local_target("/").as_deref(), Some("/"));
        assert_eq!(local_target("/%2F%2Fevil").as_deref(), Some("/%2F%2Fevil"));
    }
}
