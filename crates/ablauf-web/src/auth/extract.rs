//! Extractors that establish who is asking and in which organisation.
//! Handlers take [`OrgCtx`] for anything of an organisation: it cannot be
//! built without an active membership, so a handler cannot forget the check.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use uuid::Uuid;

use crate::AppState;
use crate::auth::CsrfToken;
use crate::error::AppError;
use ablauf_app::accounts;
use ablauf_domain::Role;
use ablauf_store::{Actor, OrgId, Organization, User};

/// The session cookie's name (prefixed under HTTPS: `WebConfig::cookie_name`).
pub const SESSION_COOKIE: &str = "ablauf_session";

/// How the person proved who they are.
#[derive(Clone, Debug)]
pub enum AuthVia {
    /// A browser session; holds the hash of the cookie's token.
    Session(String),
    ApiToken,
}

/// A signed-in person whose account is active and who may still work
/// somewhere (an operator, or an active member of some organisation).
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    pub via: AuthVia,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        accounts::actor(&self.user)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(u) = parts.extensions.get::<CurrentUser>() {
            return Ok(u.clone());
        }
        let found = if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
            let token = auth
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(AppError::Unauthenticated)?;
            accounts::token_user(&state.store, token)
                .await?
                .map(|user| CurrentUser {
                    user,
                    via: AuthVia::ApiToken,
                })
        } else {
            let jar = CookieJar::from_headers(&parts.headers);
            match jar.get(&state.config.cookie_name(SESSION_COOKIE)) {
                Some(c) => accounts::session_user(&state.store, c.value(), state.session_ttl())
                    .await?
                    .map(|(user, hash)| CurrentUser {
                        user,
                        via: AuthVia::Session(hash),
                    }),
                None => None,
            }
        };
        // Only a person who may still work is found: a deactivated account,
        // or one without any active membership, loses its sessions and
        // tokens at once.
        let cu = found.ok_or(AppError::Unauthenticated)?;
        parts.extensions.insert(cu.clone());
        Ok(cu)
    }
}

/// A signed-in person looking at a page: the account, the CSRF token for
/// forms, and the organisations to switch between.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub current: CurrentUser,
    pub csrf: String,
    pub orgs: Vec<(Organization, Role)>,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let orgs = state
            .store
            .organizations_of(current.user.id)
            .await?
            .into_iter()
            .map(|(o, m)| {
                let r = m.role();
                (o, r)
            })
            .collect();
        Ok(Viewer {
            current,
            csrf,
            orgs,
        })
    }
}

/// The organisation named in the path (`{org}`), for a person who is an
/// active member of it, with their role there.
#[derive(Clone, Debug)]
pub struct OrgCtx {
    pub current: CurrentUser,
    pub org: Organization,
    pub role: Role,
    pub library_editor: bool,
}

impl OrgCtx {
    pub fn id(&self) -> OrgId {
        self.org.id
    }

    pub fn actor(&self) -> Actor {
        self.current.actor()
    }

    /// Allowed to manage users, structure and read the audit trail.
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.role.can_administer() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Allowed to change content.
    pub fn require_editor(&self) -> Result<(), AppError> {
        if self.role.can_edit() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for OrgCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(c) = parts.extensions.get::<OrgCtx>() {
            return Ok(c.clone());
        }
        let current = CurrentUser::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let org_id = params
            .iter()
            .find(|(k, _)| *k == "org")
            .and_then(|(_, v)| Uuid::parse_str(v).ok())
            .map(OrgId)
            .ok_or(AppError::NotFound)?;
        // Not a member: answer as if the organisation did not exist.
        let membership = state
            .store
            .membership(org_id, current.user.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let org = state.store.get_organization(org_id).await?;
        let ctx = OrgCtx {
            current,
            org,
            role: membership.role(),
            library_editor: membership.library_editor,
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// The operator of the platform (creates organisations).
#[derive(Clone, Debug)]
pub struct Operator(pub CurrentUser);

impl FromRequestParts<AppState> for Operator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        if current.user.is_operator {
            Ok(Operator(current))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// [`OrgCtx`] for an administrator of the organisation. Taking it as an
/// extractor refuses everyone else before the request body is even read.
#[derive(Clone, Debug)]
pub struct OrgAdmin(pub OrgCtx);

impl FromRequestParts<AppState> for OrgAdmin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ctx = OrgCtx::from_request_parts(parts, state).await?;
        ctx.require_admin()?;
        Ok(OrgAdmin(ctx))
    }
}

/// [`OrgCtx`] for someone who may change content (Modellierer or
/// Administrator); refuses viewers before the body is read.
#[derive(Clone, Debug)]
pub struct OrgEditor(pub OrgCtx);

impl FromRequestParts<AppState> for OrgEditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ctx = OrgCtx::from_request_parts(parts, state).await?;
        ctx.require_editor()?;
        Ok(OrgEditor(ctx))
    }
}
