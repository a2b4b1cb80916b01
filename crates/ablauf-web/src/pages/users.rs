//! An organisation's users: invite or create, change role, deactivate,
//! reset the password. Administrators only.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{OrgAdmin, OrgCtx, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::{t, tf};
use ablauf_app::{password, secret};
use ablauf_domain::{DisplayName, Email, NewPassword, Role};
use ablauf_store::{LinkPurpose, NewAccount, OrgId, UserId};

/// How a new person gets their first password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Onboarding {
    /// A one-time link the administrator passes on.
    Link,
    /// An initial password the administrator chooses and passes on.
    Password,
}

/// The part of a form that creates an account: e-mail, name and the way
/// to the first password. Shared by the users page and the operator's
/// "new organisation" form.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct AccountFields {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default, skip_serializing)]
    pub initial_password: String,
}

pub struct ValidAccount {
    pub email: Email,
    pub name: DisplayName,
    pub onboarding: Onboarding,
    pub password: Option<NewPassword>,
}

impl AccountFields {
    pub fn validate(&self, errors: &mut FormErrors) -> Option<ValidAccount> {
        let email = errors.check(Email::parse(&self.email));
        let name = errors.check(DisplayName::parse(&self.display_name));
        let onboarding = if self.mode == "password" {
            Onboarding::Password
        } else {
            Onboarding::Link
        };
        let password = match onboarding {
            Onboarding::Password => {
                let p = NewPassword::parse(&self.initial_password, &self.initial_password).map_err(
                    |mut e| {
                        e.field = "initial_password";
                        e
                    },
                );
                Some(errors.check(p)?)
            }
            Onboarding::Link => None,
        };
        Some(ValidAccount {
            email: email?,
            name: name?,
            onboarding,
            password,
        })
    }
}

/// What the administrator must pass on after creating an account.
#[derive(Debug, Serialize)]
pub struct Handover {
    pub email: String,
    /// The account existed already (another organisation); it keeps its password.
    pub existing: bool,
    pub link: Option<String>,
    pub initial_password: bool,
}

/// Creates the one-time link (or sets the initial password) for an account
/// that has no password yet.
pub async fn hand_over(
    state: &AppState,
    org: OrgId,
    user: UserId,
    account: &ValidAccount,
    existing: bool,
) -> AppResult<Handover> {
    let mut h = Handover {
        email: account.email.as_str().to_owned(),
        existing,
        link: None,
        initial_password: false,
    };
    if existing {
        return Ok(h);
    }
    match account.onboarding {
        Onboarding::Link => {
            h.link = Some(new_link(state, org, user, LinkPurpose::Invite).await?);
        }
        Onboarding::Password => h.initial_password = true,
    }
    Ok(h)
}

pub async fn new_link(
    state: &AppState,
    org: OrgId,
    user: UserId,
    purpose: LinkPurpose,
) -> AppResult<String> {
    let token = secret::new_secret();
    let valid = match purpose {
        LinkPurpose::Invite => chrono::Duration::days(7),
        _ => chrono::Duration::hours(48),
    };
    state
        .store
        .create_link(purpose, Some(user), Some(org), &secret::hash(&token), valid)
        .await?;
    Ok(format!(
        "{}/zugang/{token}",
        state.config.public_url.trim_end_matches('/')
    ))
}

fn role_options(selected: Role) -> Vec<Value> {
    Role::ALL
        .iter()
        .map(|r| {
            context! {
                code => r.code(),
                label => t(&r.label_key()),
                hint => t(&format!("role_hint.{}", r.code())),
                selected => *r == selected,
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    #[serde(flatten)]
    notice: Notice,
}

async fn render_list(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    notice: Option<String>,
    form: &NewMemberForm,
    errors: &FormErrors,
    q: Option<&str>,
) -> AppResult<axum::response::Html<String>> {
    let needle = q.unwrap_or("").trim().to_lowercase();
    let members: Vec<Value> = state
        .store
        .list_members(ctx.id())
        .await?
        .into_iter()
        .filter(|m| {
            needle.is_empty()
                || m.email.contains(&needle)
                || m.display_name.to_lowercase().contains(&needle)
        })
        .map(|m| {
            context! {
                id => m.user_id.to_string(),
                email => m.email.clone(),
                name => m.display_name.clone(),
                role => t(&m.role().label_key()),
                library_editor => m.library_editor,
                active => m.active && m.account_active,
                invited => !m.has_password,
                is_me => m.user_id == ctx.current.user.id,
            }
        })
        .collect();
    let selected = Role::parse(&form.role).unwrap_or(Role::Modellierer);
    render(
        "users.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("users.title"), "users"),
            notice => notice,
            members => members,
            roles => role_options(selected),
            form => form,
            errors => errors,
            q => q,
        },
    )
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let form = NewMemberForm {
        role: Role::Modellierer.code().into(),
        ..Default::default()
    };
    Ok(render_list(
        &state,
        &viewer,
        &ctx,
        q.notice.text(),
        &form,
        &FormErrors::default(),
        q.q.as_deref(),
    )
    .await?
    .into_response())
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NewMemberForm {
    #[serde(flatten)]
    account: AccountFields,
    #[serde(default)]
    role: String,
    library_editor: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    HtmlForm(f): HtmlForm<NewMemberForm>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let account = f.account.validate(&mut errors);
    let role = Role::parse(&f.role);
    if role.is_none() {
        errors.add("role", "error.role_invalid");
    }
    let (Some(account), Some(role)) = (account, role) else {
        return Ok(unprocessable(
            render_list(&state, &viewer, &ctx, None, &f, &errors, None).await?,
        ));
    };
    let existing = state
        .store
        .find_user_by_email(account.email.as_str())
        .await?
        .is_some();
    let hash = match &account.password {
        Some(p) if !existing => Some(password::hash_blocking(p.expose().to_owned()).await?),
        _ => None,
    };
    let user = match state
        .store
        .add_member(
            &ctx.actor(),
            ctx.id(),
            NewAccount {
                email: account.email.as_str(),
                display_name: account.name.clone().into_string().as_str(),
                password_hash: hash.as_deref(),
            },
            role,
            f.library_editor.is_some(),
        )
        .await
    {
        Ok(u) => u,
        Err(ablauf_store::StoreError::Conflict(key)) => {
            let errors = FormErrors::single("email", key);
            return Ok(unprocessable(
                render_list(&state, &viewer, &ctx, None, &f, &errors, None).await?,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let handover = hand_over(&state, ctx.id(), user, &account, existing).await?;
    Ok(render(
        "user_created.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("user_created.title"), "users"),
            h => handover,
            back => format!("/o/{}/verwaltung/benutzer", ctx.id()),
        },
    )?
    .into_response())
}

fn user_id(raw: &str) -> AppResult<UserId> {
    Uuid::parse_str(raw)
        .map(UserId)
        .map_err(|_| AppError::NotFound)
}

async fn render_edit(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    user: UserId,
    notice: Option<String>,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let m = state.store.get_member(ctx.id(), user).await?;
    render(
        "user_edit.html",
        context! {
            layout => layout(viewer, Some(ctx), &m.display_name, "users"),
            notice => notice,
            m => context! {
                id => m.user_id.to_string(),
                email => m.email.clone(),
                name => m.display_name.clone(),
                active => m.active,
                invited => !m.has_password,
                library_editor => m.library_editor,
                is_me => m.user_id == ctx.current.user.id,
            },
            roles => role_options(m.role()),
            errors => errors,
        },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, user)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let user = user_id(&user)?;
    Ok(render_edit(
        &state,
        &viewer,
        &ctx,
        user,
        n.text(),
        &FormErrors::default(),
    )
    .await?
    .into_response())
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    library_editor: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, user)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<RoleForm>,
) -> AppResult<Response> {
    let user = user_id(&user)?;
    let Some(role) = Role::parse(&f.role) else {
        let errors = FormErrors::single("role", "error.role_invalid");
        return Ok(unprocessable(
            render_edit(&state, &viewer, &ctx, user, None, &errors).await?,
        ));
    };
    match state
        .store
        .update_member(
            &ctx.actor(),
            ctx.id(),
            user,
            role,
            f.library_editor.is_some(),
        )
        .await
    {
        Ok(()) => Ok(done(
            &format!("/o/{}/verwaltung/benutzer/{user}", ctx.id()),
            "saved",
        )),
        Err(ablauf_store::StoreError::Refused(key)) => {
            let errors = FormErrors::single("role", key);
            Ok(unprocessable(
                render_edit(&state, &viewer, &ctx, user, None, &errors).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A confirmation page before a consequential action.
#[allow(clippy::too_many_arguments)]
pub fn confirm_page(
    viewer: &Viewer,
    ctx: Option<&OrgCtx>,
    section: &str,
    title: &str,
    question: &str,
    action: &str,
    button: &str,
    cancel: &str,
    extra: Value,
) -> AppResult<Response> {
    Ok(render(
        "confirm.html",
        context! {
            layout => layout(viewer, ctx, title, section),
            question => question,
            action => action,
            button => button,
            cancel => cancel,
            extra => extra,
        },
    )?
    .into_response())
}

pub async fn confirm_deactivate(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    let m = state.store.get_member(ctx.id(), user_id(&user)?).await?;
    let base = format!("/o/{}/verwaltung/benutzer/{}", ctx.id(), m.user_id);
    confirm_page(
        &viewer,
        Some(&ctx),
        "users",
        &t("users.deactivate_title"),
        &tf(
            "users.deactivate_question",
            &[("name", &m.display_name), ("email", &m.email)],
        ),
        &format!("{base}/deaktivieren"),
        &t("users.deactivate"),
        &base,
        Value::UNDEFINED,
    )
}

async fn set_active(
    state: &AppState,
    ctx: &OrgCtx,
    user: &str,
    active: bool,
) -> AppResult<Response> {
    let user = user_id(user)?;
    let base = format!("/o/{}/verwaltung/benutzer/{user}", ctx.id());
    match state
        .store
        .set_member_active(&ctx.actor(), ctx.id(), user, active)
        .await
    {
        Ok(()) => Ok(done(
            &base,
            if active {
                "user_activated"
            } else {
                "user_deactivated"
            },
        )),
        Err(ablauf_store::StoreError::Refused(_)) => Ok(done(&base, "last_admin")),
        Err(e) => Err(e.into()),
    }
}

pub async fn deactivate(
    State(state): State<AppState>,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    set_active(&state, &ctx, &user, false).await
}

pub async fn activate(
    State(state): State<AppState>,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    set_active(&state, &ctx, &user, true).await
}

pub async fn confirm_reset(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    let m = state.store.get_member(ctx.id(), user_id(&user)?).await?;
    let base = format!("/o/{}/verwaltung/benutzer/{}", ctx.id(), m.user_id);
    if state.store.other_memberships(ctx.id(), m.user_id).await? > 0 {
        return Ok(done(&base, "reset_other_orgs"));
    }
    confirm_page(
        &viewer,
        Some(&ctx),
        "users",
        &t("users.reset_title"),
        &tf(
            "users.reset_question",
            &[("name", &m.display_name), ("email", &m.email)],
        ),
        &format!("{base}/zuruecksetzen"),
        &t("users.reset"),
        &base,
        context! { reset_choice => true },
    )
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    initial_password: String,
}

pub async fn reset(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, user)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<ResetForm>,
) -> AppResult<Response> {
    let m = state.store.get_member(ctx.id(), user_id(&user)?).await?;
    let base = format!("/o/{}/verwaltung/benutzer/{}", ctx.id(), m.user_id);
    if state.store.other_memberships(ctx.id(), m.user_id).await? > 0 {
        return Ok(done(&base, "reset_other_orgs"));
    }
    let mut h = Handover {
        email: m.email.clone(),
        existing: false,
        link: None,
        initial_password: false,
    };
    if f.mode == "password" {
        let pw = match NewPassword::parse(&f.initial_password, &f.initial_password) {
            Ok(p) => p,
            Err(_) => return Ok(done(&base, "reset_password_short")),
        };
        let hash = password::hash_blocking(pw.expose().to_owned()).await?;
        state
            .store
            .admin_reset_password(&ctx.actor(), ctx.id(), m.user_id, Some(&hash))
            .await?;
        h.initial_password = true;
    } else {
        state
            .store
            .admin_reset_password(&ctx.actor(), ctx.id(), m.user_id, None)
            .await?;
        h.link = Some(new_link(&state, ctx.id(), m.user_id, LinkPurpose::Reset).await?);
    }
    Ok(render(
        "user_created.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("users.reset_done_title"), "users"),
            h => h,
            reset => true,
            back => base,
        },
    )?
    .into_response())
}
