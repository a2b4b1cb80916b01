//! The audit trail page: every change in the organisation, filterable by
//! action, person, period and text. The filter form updates the table in
//! place with htmx and works as a plain form without JavaScript.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, TimeZone};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{OrgAdmin, Viewer};
use crate::error::AppResult;
use crate::pages::layout;
use crate::templates::render;
use ablauf_app::i18n::{self, t};
use ablauf_store::{AuditFilter, UserId};

pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<i64>,
}

/// Start of a German calendar day, as the filter's "from" and "until".
fn day_start(raw: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()?;
    chrono_tz::Europe::Berlin
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
}

impl AuditQuery {
    pub fn filter(&self) -> AuditFilter {
        let page = self.page.unwrap_or(1).max(1);
        AuditFilter {
            action: Some(self.action.trim().to_owned()).filter(|a| !a.is_empty()),
            actor: uuid::Uuid::parse_str(self.actor.trim()).ok().map(UserId),
            from: day_start(&self.from),
            // "until" includes the whole day.
            until: day_start(&self.until).map(|d| d + chrono::Duration::days(1)),
            text: Some(self.q.trim().to_owned()).filter(|q| !q.is_empty()),
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
        }
    }
}

/// German label of an action code, falling back to the code.
pub fn action_label(action: &str) -> String {
    let key = format!("audit_action.{}", action.replace('.', "_"));
    if i18n::has(&key) {
        t(&key)
    } else {
        action.to_owned()
    }
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    headers: HeaderMap,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let filter = q.filter();
    let (events, total) = state.store.list_audit(ctx.id(), &filter).await?;
    let page = q.page.unwrap_or(1).max(1);
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let events: Vec<Value> = events
        .into_iter()
        .map(|e| {
            context! {
                at => e.at.to_rfc3339(),
                actor => e.actor_name,
                action => action_label(&e.action),
                summary => e.summary,
                before => e.before_state,
                after => e.after_state,
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
    if headers.contains_key("hx-request") {
        return Ok(render("audit_table.html", table)?.into_response());
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
        "audit.html",
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
