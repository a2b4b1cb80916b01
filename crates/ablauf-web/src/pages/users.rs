//! An organisation's users: invite or create, change role, deactivate,
//! reset the password. Administrators only.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{OrgAdmin, OrgCtx, Viewer};
use crate::error::{AppResult, path_id};
use crate::pages::{FormErrors, HtmlForm, Notice, done, form_result, layout, saved, unprocessable};
use crate::templates::render;
use ablauf_app::Error;
use ablauf_app::i18n::{t, tf};
use ablauf_app::members::{self, AccountFields, NewMember};
use ablauf_domain::Role;
use ablauf_store::UserId;

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
                role => t(&m.role.label_key()),
                library_editor => m.library_editor,
                active => m.active && m.account_active,
                invited => !m.has_password,
                is_me => m.user_id == ctx.user().id,
            }
        })
        .collect();
    let selected = Role::parse(&form.role).unwrap_or(Role::Modellierer);
    render(
        "admin/users.html",
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
    ctx: OrgAdmin,
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
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    HtmlForm(f): HtmlForm<NewMemberForm>,
) -> AppResult<Response> {
    let member = NewMember {
        account: &f.account,
        role: &f.role,
    };
    let r = members::add_member(
        &state.store,
        &ctx.actor(),
        ctx.id(),
        &state.link_base(),
        &member,
    )
    .await;
    let handover = match form_result(r, "email")? {
        Ok(h) => h,
        Err(errors) => {
            return Ok(unprocessable(
                render_list(&state, &viewer, &ctx, None, &f, &errors, None).await?,
            ));
        }
    };
    Ok(render(
        "admin/user_created.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("user_created.title"), "users"),
            h => handover,
            back => format!("/o/{}/verwaltung/benutzer", ctx.id()),
        },
    )?
    .into_response())
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
        "admin/user_edit.html",
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
                is_me => m.user_id == ctx.user().id,
            },
            roles => role_options(m.role),
            errors => errors,
        },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, user)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let user = path_id(&user)?;
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
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, user)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<RoleForm>,
) -> AppResult<Response> {
    let user = path_id(&user)?;
    let r = members::update_member(&state.store, &ctx.actor(), ctx.id(), user, &f.role).await;
    let path = format!("/o/{}/verwaltung/benutzer/{user}", ctx.id());
    saved(r, Some("role"), &path, "saved", async |errors| {
        render_edit(&state, &viewer, &ctx, user, None, &errors).await
    })
    .await
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
    reset_choice: bool,
) -> AppResult<Response> {
    Ok(render(
        "layout/confirm.html",
        context! {
            layout => layout(viewer, ctx, title, section),
            question => question,
            action => action,
            button => button,
            cancel => cancel,
            reset_choice => reset_choice,
        },
    )?
    .into_response())
}

/// The confirmation before deleting `name` (`id`) from the organisation's
/// list at `base`: the messages `{section}.delete_title` and
/// `{section}.delete_question`, the delete route `{base}/{id}/loeschen`.
pub fn confirm_deletion(
    viewer: &Viewer,
    ctx: &OrgCtx,
    (section, base): (&str, &str),
    id: impl std::fmt::Display,
    name: &str,
) -> AppResult<Response> {
    confirm_page(
        viewer,
        Some(ctx),
        section,
        &t(&format!("{section}.delete_title")),
        &tf(&format!("{section}.delete_question"), &[("name", name)]),
        &format!("{base}/{id}/loeschen"),
        &t("common.delete"),
        base,
        false,
    )
}

pub async fn confirm_deactivate(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    let m = state.store.get_member(ctx.id(), path_id(&user)?).await?;
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
        false,
    )
}

async fn set_active(
    state: &AppState,
    ctx: &OrgCtx,
    user: &str,
    active: bool,
) -> AppResult<Response> {
    let user = path_id(user)?;
    let base = format!("/o/{}/verwaltung/benutzer/{user}", ctx.id());
    match members::set_member_active(&state.store, &ctx.actor(), ctx.id(), user, active).await {
        Ok(()) if active => Ok(done(&base, "user_activated")),
        Ok(()) => Ok(done(&base, "user_deactivated")),
        Err(Error::Refused(_)) => Ok(done(&base, "last_admin")),
        Err(e) => Err(e.into()),
    }
}

pub async fn deactivate(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    set_active(&state, &ctx, &user, false).await
}

pub async fn activate(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    set_active(&state, &ctx, &user, true).await
}

pub async fn confirm_reset(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Path((_, user)): Path<(String, String)>,
) -> AppResult<Response> {
    let user = path_id(&user)?;
    let base = format!("/o/{}/verwaltung/benutzer/{user}", ctx.id());
    let m = match members::resettable(&state.store, ctx.id(), user).await {
        Ok(m) => m,
        Err(Error::Refused(_)) => return Ok(done(&base, "reset_other_orgs")),
        Err(e) => return Err(e.into()),
    };
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
        true,
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
    ctx: OrgAdmin,
    Path((_, user)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<ResetForm>,
) -> AppResult<Response> {
    let user = path_id(&user)?;
    let base = format!("/o/{}/verwaltung/benutzer/{user}", ctx.id());
    let r = members::reset_password(
        &state.store,
        &ctx.actor(),
        ctx.id(),
        user,
        &state.link_base(),
        &f.mode,
        &f.initial_password,
    )
    .await;
    let h = match r {
        Ok(h) => h,
        Err(Error::Refused(_)) => return Ok(done(&base, "reset_other_orgs")),
        Err(Error::Invalid(_)) => return Ok(done(&base, "reset_password_short")),
        Err(e) => return Err(e.into()),
    };
    Ok(render(
        "admin/user_created.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("users.reset_done_title"), "users"),
            h => h,
            reset => true,
            back => base,
        },
    )?
    .into_response())
}
