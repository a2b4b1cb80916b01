//! Extractors that establish who is asking and in which scope
//! ([`crate::routes::Scope`]). Each scope has its extractors, and a handler
//! of a scope takes one of them:
//!
//! | scope | reads | changes |
//! | --- | --- | --- |
//! | `Entry` | — (nobody signed in needed) | — |
//! | `Public` | [`PublicOrg`] | none: public pages only read |
//! | `SignedIn` | [`CurrentUser`], [`Viewer`] | the same (the person's own things) |
//! | `Org` | [`OrgCtx`] (any active member) | [`OrgEditor`], [`OrgAdmin`] |
//! | `Library` | [`LibraryReader`] (anyone signed in) | [`LibraryEditor`] |
//! | `Operator` | [`Operator`] | [`Operator`] |
//!
//! All of them run before the request body is read, so a refused request
//! is refused before anything of it is parsed. The scope types have private
//! fields: [`OrgCtx`] and the others can only be built by their extractor,
//! so a handler holding one knows the check was made.

use std::ops::Deref;

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
    /// A library editor (Redaktion), named platform-wide.
    pub library_editor: bool,
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
        let memberships = state.store.organizations_of(current.user.id).await?;
        // Each membership says whether the person is a library editor;
        // without one, ask.
        let library_editor = match memberships.first() {
            Some((_, m)) => m.library_editor,
            None => state.store.is_library_editor(current.user.id).await?,
        };
        let orgs = memberships.into_iter().map(|(o, m)| (o, m.role)).collect();
        Ok(Viewer {
            current,
            csrf,
            orgs,
            library_editor,
        })
    }
}

/// The organisation named in the path (`{org}`), for a person who is an
/// active member of it, with their role there. Built only by its
/// extractor: a non-member (or anyone in a deactivated organisation) gets
/// 404, as if the organisation did not exist.
#[derive(Clone, Debug)]
pub struct OrgCtx {
    current: CurrentUser,
    org: Organization,
    role: Role,
    library_editor: bool,
}

impl OrgCtx {
    pub fn id(&self) -> OrgId {
        self.org.id
    }

    pub fn org(&self) -> &Organization {
        &self.org
    }

    /// The person's role in this organisation.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether this membership makes the person a library editor (Redaktion).
    pub fn library_editor(&self) -> bool {
        self.library_editor
    }

    pub fn current(&self) -> &CurrentUser {
        &self.current
    }

    pub fn user(&self) -> &User {
        &self.current.user
    }

    pub fn actor(&self) -> Actor {
        self.current.actor()
    }

    /// Allowed to change content (Modellierer or Administrator).
    pub fn can_edit(&self) -> bool {
        self.role.can_edit()
    }

    /// Allowed to manage users and structure and to read the audit trail.
    pub fn can_administer(&self) -> bool {
        self.role.can_administer()
    }
}

/// The `{org}` path parameter; a missing or malformed one is "not found".
fn org_in_path(params: &RawPathParams) -> Result<OrgId, AppError> {
    params
        .iter()
        .find(|(k, _)| *k == "org")
        .and_then(|(_, v)| Uuid::parse_str(v).ok())
        .map(OrgId)
        .ok_or(AppError::NotFound)
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
        let org_id = org_in_path(&params)?;
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
            role: membership.role,
            library_editor: membership.library_editor,
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// [`OrgCtx`] for someone who may change content (Modellierer or
/// Administrator); refuses viewers (403) before the body is read. Every
/// handler that changes an organisation's content takes it.
#[derive(Clone, Debug)]
pub struct OrgEditor(OrgCtx);

impl FromRequestParts<AppState> for OrgEditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ctx = OrgCtx::from_request_parts(parts, state).await?;
        if ctx.can_edit() {
            Ok(OrgEditor(ctx))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl Deref for OrgEditor {
    type Target = OrgCtx;
    fn deref(&self) -> &OrgCtx {
        &self.0
    }
}

/// [`OrgCtx`] for an administrator of the organisation (users, structure,
/// block catalogue, audit trail); refuses everyone else (403) before the
/// body is read.
#[derive(Clone, Debug)]
pub struct OrgAdmin(OrgCtx);

impl FromRequestParts<AppState> for OrgAdmin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ctx = OrgCtx::from_request_parts(parts, state).await?;
        if ctx.can_administer() {
            Ok(OrgAdmin(ctx))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl Deref for OrgAdmin {
    type Target = OrgCtx;
    fn deref(&self) -> &OrgCtx {
        &self.0
    }
}

/// The operator of the platform (organisations, the service catalogue);
/// anyone else signed in gets 403.
#[derive(Clone, Debug)]
pub struct Operator(CurrentUser);

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

impl Deref for Operator {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.0
    }
}

/// A reader of the platform-wide library: every signed-in person.
#[derive(Clone, Debug)]
pub struct LibraryReader(CurrentUser);

impl FromRequestParts<AppState> for LibraryReader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        CurrentUser::from_request_parts(parts, state)
            .await
            .map(LibraryReader)
    }
}

impl Deref for LibraryReader {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.0
    }
}

/// A library editor (Redaktion): someone the operator named so,
/// platform-wide (`library_editors`); everyone else signed in gets 403
/// before the body is read.
#[derive(Clone, Debug)]
pub struct LibraryEditor(CurrentUser);

impl FromRequestParts<AppState> for LibraryEditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        let editor = state.store.is_library_editor(current.user.id).await?;
        if editor {
            Ok(LibraryEditor(current))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl Deref for LibraryEditor {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.0
    }
}

/// An organisation as the public sees it (`/oeffentlich/{org}…`): no
/// sign-in, and a session or token sent along is not even looked at, so a
/// member sees exactly what a stranger sees. Handlers of this scope read
/// only what the organisation released publicly. An unknown or deactivated
/// organisation is 404.
#[derive(Clone, Debug)]
pub struct PublicOrg(Organization);

impl PublicOrg {
    pub fn id(&self) -> OrgId {
        self.0.id
    }

    pub fn org(&self) -> &Organization {
        &self.0
    }
}

impl FromRequestParts<AppState> for PublicOrg {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let org = match state.store.get_organization(org_in_path(&params)?).await {
            Ok(o) if o.active => o,
            Ok(_) | Err(ablauf_store::StoreError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(e.into()),
        };
        Ok(PublicOrg(org))
    }
}
