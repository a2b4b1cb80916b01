//! The audit trail page: every change in the organisation, filterable by
//! action, person, period and text. The filter form updates the table in
//! place with htmx and works as a plain form without JavaScript.

use crate::htmx::HxRequest;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};

use crate::AppState;
use crate::auth::{OrgAdmin, Viewer};
use crate::error::AppResult;
use crate::pages::layout;
use crate::templates::render;
use ablauf_app::audit::{self, AuditQuery, Names, PAGE_SIZE, action_label};
use ablauf_app::i18n::t;

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    hx: HxRequest,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let filter = q.filter();
    let (events, total) = state.store.list_audit(ctx.id(), &filter).await?;
    let page = q.page();
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let names = Names::load(&state.store, ctx.id()).await?;
    let events: Vec<Value> = events
        .iter()
        .map(|e| {
            let changes = audit::changes(e, &names);
            context! {
                at => e.at.to_rfc3339(),
                actor => &e.actor_name,
                action => action_label(&e.action),
                summary => audit::summary(e),
                // A creation has no "before", a deletion no "after".
                has_before => changes.iter().any(|c| c.before.is_some()),
                has_after => changes.iter().any(|c| c.after.is_some()),
                changes => changes,
            }
        })
        .collect();
    // The pager keeps the filter.
    let mut keep = serde_urlencoded::to_string(&AuditQuery {
        page: None,
        ..q.clone()
    })
    .unwrap_or_default();
    if !keep.is_empty() {
        keep.push('&');
    }
    let table = context! {
        events => events,
        total => total,
        page => page,
        pages => pages,
        base => format!("/o/{}/verwaltung/protokoll?{keep}", ctx.id()),
    };
    if hx.0 {
        return Ok(render("admin/_audit_table.html", table)?.into_response());
    }
    let actions: Vec<Value> = state
        .store
        .audit_actions(ctx.id())
        .await?
        .into_iter()
        .map(|a| context! { code => a.clone(), label => action_label(&a), selected => a == q.action })
        .collect();
    let members: Vec<Value> = state
        .store
        .list_members(ctx.id())
        .await?
        .into_iter()
        .map(|m| {
            let id = m.user_id.to_string();
            context! { selected => id == q.actor, id => id, name => format!("{} ({})", m.display_name, m.email) }
        })
        .collect();
    Ok(render(
        "admin/audit.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("audit.title"), "audit"),
            q => &q,
            actions => actions,
            members => members,
            ..table
        },
    )?
    .into_response())
}
