//! Search across the register, answered as one types (htmx swaps the
//! results; without JavaScript the form submits normally).

use std::ops::Range;

use crate::htmx::HxRequest;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{OrgCtx, Viewer};
use crate::error::AppResult;
use crate::pages::layout;
use crate::templates::render;
use ablauf_app::i18n::t;
use ablauf_domain::process::Status;
use ablauf_store::{RegisterFilter, SearchHit, Segment, segments};

use crate::pages::register::area_options;
use ablauf_app::register::Lookups;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub status: String,
    /// An area of the process map (id); empty: all.
    #[serde(default)]
    pub area: String,
}

/// A window of a long text around its first match, with the ranges moved
/// into the window.
pub fn snippet(text: &str, ranges: &[Range<usize>], width: usize) -> Vec<Segment> {
    if text.len() <= width {
        return segments(text, ranges);
    }
    let first = ranges.first().map(|r| r.start).unwrap_or(0);
    let mut start = first.saturating_sub(width / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + width).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let inner: Vec<Range<usize>> = ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start..r.end - start)
        .collect();
    let mut out = segments(&text[start..end], &inner);
    if start > 0 {
        out.insert(
            0,
            Segment {
                text: "…".into(),
                hit: false,
            },
        );
    }
    if end < text.len() {
        out.push(Segment {
            text: "…".into(),
            hit: false,
        });
    }
    out
}

fn hit_view(org: &str, h: &SearchHit) -> Value {
    let name = h
        .matches
        .iter()
        .find(|m| m.field == "name")
        .map(|m| segments(&m.text, &m.ranges))
        .unwrap_or_else(|| {
            vec![Segment {
                text: h.name.clone(),
                hit: false,
            }]
        });
    let more: Vec<Value> = h
        .matches
        .iter()
        .filter(|m| m.field != "name")
        .take(2)
        .map(|m| context! { label => t(&format!("search.field.{}", m.field)), segments => snippet(&m.text, &m.ranges, 180) })
        .collect();
    let status = h.status;
    context! {
        href => format!("/o/{org}/prozesse/{}", h.id),
        name => name,
        more => more,
        status => context! { code => status.code(), label => t(&status.label_key()) },
    }
}

/// Hits listed on the page; the count says how many there are in all.
const SHOWN: usize = 50;

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    hx: HxRequest,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let filter = RegisterFilter {
        status: Some(q.status.clone()).filter(|s| Status::parse(s).is_some()),
        area_id: crate::error::form_id(&q.area),
        ..Default::default()
    };
    if q.q.trim().is_empty() {
        // Someone is about to type: have the index ready by then.
        state.store.prepare_search(ctx.id());
    }
    let found = state
        .store
        .search_processes(ctx.id(), &q.q, &filter, SHOWN)
        .await?;
    let org = ctx.id().to_string();
    let results = context! {
        q => q.q.trim(),
        hits => found.hits.iter().map(|h| hit_view(&org, h)).collect::<Vec<_>>(),
        count => found.total,
        shown => found.hits.len(),
    };
    if hx.0 {
        return Ok(render("search/_results.html", results)?.into_response());
    }
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| context! { code => s.code(), label => t(&s.label_key()), selected => s.code() == q.status })
        .collect();
    let areas = area_options(
        &Lookups::load(&state.store, ctx.id()).await?,
        filter.area_id,
    );
    Ok(render(
        "search/search.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("search.title"), "search"),
            statuses => statuses,
            areas => areas,
            ..results
        },
    )?
    .into_response())
}
