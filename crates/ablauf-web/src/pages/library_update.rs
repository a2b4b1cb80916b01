//! The update page of a process that came from a template
//! (`/o/{org}/prozesse/{process}/aktualisierung`): the three-way
//! comparison of the template's new version, per change a choice between
//! taking it and keeping one's own, and skipping the version. Every
//! member reads it; Modellierer and Administratoren take and skip.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};

use crate::AppState;
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppResult, form_id, path_id};
use crate::pages::{HtmlForm, done, layout};
use crate::templates::render;
use ablauf_app::Error;
use ablauf_app::i18n::{t, tf};
use ablauf_app::library::update::{self as uc, Choice, UpdateView, Version};
use ablauf_app::modelling::Names;
use ablauf_domain::ProcessId;
use ablauf_store::OrgId;

fn base(org: OrgId, process: ProcessId) -> String {
    format!("/o/{org}/prozesse/{process}")
}

/// What the page shows: the comparison, and — after a refused submission —
/// the message and the choices made.
async fn page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    v: &UpdateView,
    error: Option<String>,
    chosen: Option<&HashSet<String>>,
) -> AppResult<Value> {
    let can_edit = ctx.role().can_edit();
    let take = chosen.cloned().unwrap_or_else(|| v.default_take());
    let mut n = 0usize;
    let groups: Vec<Value> = v
        .groups
        .iter()
        .map(|g| {
            let element = if g.label.trim().is_empty() {
                g.kind_label.clone()
            } else {
                format!("{} „{}“", g.kind_label, g.label)
            };
            let changes: Vec<Value> = g
                .changes
                .iter()
                .map(|c| {
                    n += 1;
                    context! {
                        n => n,
                        id => c.change.id.clone(),
                        field => c.field_label.clone(),
                        base => c.base.clone(),
                        theirs => c.theirs.clone(),
                        ours => c.ours.clone(),
                        conflict => c.change.conflict,
                        take => take.contains(&c.change.id),
                        legend => tf("library_update.choice_legend", &[("field", &c.field_label), ("element", &element)]),
                    }
                })
                .collect();
            context! { element => element, changes => changes }
        })
        .collect();
    let units = if can_edit && !v.unmapped_roles.is_empty() {
        Names::load(&state.store, ctx.id())
            .await?
            .units
            .into_iter()
            .map(|(id, name, depth)| context! { id => id, name => format!("{}{name}", "\u{a0}\u{a0}".repeat(depth)) })
            .collect()
    } else {
        Vec::new()
    };
    let total = v.update.changes.len();
    let conflicts = v.update.conflicts();
    let count = |n: usize, one: &str, many: &str| match n {
        1 => t(one),
        n => tf(many, &[("n", &n.to_string())]),
    };
    let conflicts_text = if conflicts == 0 {
        t("library_update.conflicts_none")
    } else {
        count(
            conflicts,
            "library_update.conflicts_one",
            "library_update.conflicts_n",
        )
    };
    let summary = tf(
        "library_update.summary",
        &[
            (
                "changes",
                &count(
                    total,
                    "library_update.changes_one",
                    "library_update.changes_n",
                ),
            ),
            ("conflicts", &conflicts_text),
        ],
    );
    let (from, to) = (v.from_version.to_string(), v.to_version.to_string());
    Ok(context! {
        layout => layout(viewer, Some(ctx), &tf("library_update.title", &[("name", &v.process.name)]), "register"),
        base => base(ctx.id(), v.process.id),
        name => v.process.name.clone(),
        template => v.template.name.clone(),
        from => from,
        to => to,
        version => v.process.version,
        up_to_date => v.up_to_date(),
        skipped => v.skipped,
        can_edit => can_edit,
        summary => summary,
        conflicts => conflicts,
        total => total,
        groups => groups,
        released => v.released.iter().map(|r| context! {
            version => r.version.to_string(),
            notes => r.notes.clone(),
            at => r.at.to_rfc3339(),
        }).collect::<Vec<_>>(),
        roles => v.unmapped_roles.iter().enumerate().map(|(i, r)| context! { n => i + 1, name => r.clone() }).collect::<Vec<_>>(),
        units => units,
        unknown => v.unknown_names.iter().map(|(kind, name)| context! { kind => kind.clone(), name => name.clone() }).collect::<Vec<_>>(),
        error => error,
    })
}

/// The update page.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let v = uc::comparison(&state.store, ctx.id(), path_id(&process)?).await?;
    let c = page(&state, &viewer, &ctx, &v, None, None).await?;
    Ok(render("library/update.html", c)?.into_response())
}

/// The choices of the update form: `version`, `to`, per change `c:{id}`
/// (`take` or `keep`) and per new role `rolle:{name}` (an org unit's id,
/// or empty).
fn choice(pairs: Vec<(String, String)>) -> Choice {
    let mut c = Choice::default();
    let mut roles = HashMap::new();
    for (k, v) in pairs {
        if k == "version" {
            c.expected_version = v.trim().parse().ok();
        } else if k == "to" {
            c.to_version = Version::parse(&v);
        } else if let Some(id) = k.strip_prefix("c:") {
            if v == "take" {
                c.take.insert(id.to_owned());
            }
        } else if let Some(role) = k.strip_prefix("rolle:")
            && let Some(unit) = form_id(&v)
        {
            roles.insert(role.to_owned(), unit);
        }
    }
    c.roles = roles;
    c
}

/// The page again after a refused submission, with the reason (409, or
/// 422 for a choice that does not fit).
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    process: ProcessId,
    e: Error,
    chosen: Option<&HashSet<String>>,
) -> AppResult<Response> {
    let (status, message) = match e {
        Error::Conflict(k) | Error::Refused(k) => (StatusCode::CONFLICT, t(k)),
        Error::Invalid(f) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            f.0.values().cloned().collect::<Vec<_>>().join(" "),
        ),
        e => return Err(e.into()),
    };
    let v = uc::comparison(&state.store, ctx.id(), process).await?;
    // Choices made on an older comparison are not carried over.
    let chosen = chosen.filter(|_| status != StatusCode::CONFLICT);
    let c = page(state, viewer, ctx, &v, Some(message), chosen).await?;
    Ok((status, render("library/update.html", c)?).into_response())
}

/// "Übernehmen und neue Version speichern".
pub async fn take(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id: ProcessId = path_id(&process)?;
    let choice = choice(pairs);
    match uc::take(&state.store, ctx.id(), &ctx.actor(), id, &choice).await {
        Ok(_) => Ok(done(&base(ctx.id(), id), "library_update.taken")),
        Err(e) => refused(&state, &viewer, &ctx, id, e, Some(&choice.take)).await,
    }
}

/// "Diese Version überspringen".
pub async fn skip(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id: ProcessId = path_id(&process)?;
    let to = choice(pairs).to_version;
    match uc::skip(&state.store, ctx.id(), &ctx.actor(), id, to).await {
        Ok(_) => Ok(done(&base(ctx.id(), id), "library_update.skipped")),
        Err(e) => refused(&state, &viewer, &ctx, id, e, None).await,
    }
}

/// The notice of one process, for the process page's partial
/// (`library/_update_notice.html`); None when there is none.
pub async fn notice(state: &AppState, org: OrgId, process: ProcessId) -> AppResult<Option<Value>> {
    Ok(uc::notice_for(&state.store, org, process)
        .await?
        .map(|n| notice_view(&n)))
}

/// The notices of the organisation's start page.
pub async fn notices(state: &AppState, org: OrgId) -> AppResult<Vec<Value>> {
    Ok(uc::notices(&state.store, org)
        .await?
        .iter()
        .map(notice_view)
        .collect())
}

fn notice_view(n: &ablauf_store::library::UpdateNotice) -> Value {
    context! {
        process => n.process_name.clone(),
        template => n.template_name.clone(),
        from => format!("{}.{}", n.major, n.minor),
        to => format!("{}.{}", n.new_major, n.new_minor),
        process_id => n.process_id.to_string(),
    }
}

/// How the process differs from the template version it is based on
/// (every member reads it).
pub async fn deviations(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let process = path_id(&process)?;
    let d = uc::deviations(&state.store, ctx.id(), process).await?;
    let groups: Vec<Value> = d
        .groups
        .iter()
        .map(|g| {
            let element = if g.label.trim().is_empty() {
                g.kind_label.clone()
            } else {
                format!("{} „{}“", g.kind_label, g.label)
            };
            let changes: Vec<Value> = g
                .changes
                .iter()
                .map(|c| context! { field => c.field_label.clone(), template => c.base.clone(), own => c.theirs.clone() })
                .collect();
            context! { element => element, changes => changes }
        })
        .collect();
    let title = tf(
        "library_update.deviations_title",
        &[("name", &d.process.name)],
    );
    Ok(render(
        "library/deviations.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &title, "register"),
            process => context! { id => d.process.id.to_string(), name => d.process.name.clone() },
            template => context! { id => d.template.id.to_string(), name => d.template.name.clone() },
            version => d.version.to_string(),
            groups => groups,
        },
    )?
    .into_response())
}
