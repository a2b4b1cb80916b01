//! The operator's page for the service catalogue: how many services there
//! are, importing a CSV file with a report of rows not taken, and looking
//! services up.

use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Viewer;
use crate::auth::extract::Operator;
use crate::error::AppResult;
use crate::pages::{FormErrors, layout, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::t;
use ablauf_app::service_catalogue::{ImportError, describe, import_catalogue};

#[derive(Deserialize, Default)]
pub struct LookupQuery {
    #[serde(default)]
    q: String,
}

async fn render_page(
    state: &AppState,
    viewer: &Viewer,
    q: &str,
    report: Option<Value>,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let count = state.store.count_services().await?;
    let found = state.store.find_services(q, 25).await?;
    render(
        "operator/service_catalogue.html",
        context! {
            layout => layout(viewer, None, &t("catalogue.title"), "catalogue"),
            count => count,
            q => q,
            found => found,
            report => report,
            errors => errors,
        },
    )
}

pub async fn page(
    State(state): State<AppState>,
    _op: Operator,
    viewer: Viewer,
    Query(q): Query<LookupQuery>,
) -> AppResult<Response> {
    Ok(
        render_page(&state, &viewer, &q.q, None, &FormErrors::default())
            .await?
            .into_response(),
    )
}

pub async fn upload(
    State(state): State<AppState>,
    op: Operator,
    viewer: Viewer,
    multipart: Multipart,
) -> AppResult<Response> {
    let Some((_, bytes)) = crate::pages::uploaded_file(multipart).await? else {
        let errors = FormErrors::single("file", "error.import_no_file");
        return Ok(unprocessable(
            render_page(&state, &viewer, "", None, &errors).await?,
        ));
    };
    match import_catalogue(&state.store, &op.actor(), &bytes).await {
        Ok(report) => {
            let rows: Vec<String> = report.errors.iter().map(describe).collect();
            let summary = context! {
                taken => report.taken(),
                inserted => report.counts.inserted,
                updated => report.counts.updated,
                unchanged => report.counts.unchanged,
                rejected => rows.len(),
                rows => rows,
            };
            Ok(
                render_page(&state, &viewer, "", Some(summary), &FormErrors::default())
                    .await?
                    .into_response(),
            )
        }
        Err(ImportError::File(e)) => {
            let errors = FormErrors::single("file", e.key);
            Ok(unprocessable(
                render_page(&state, &viewer, "", None, &errors).await?,
            ))
        }
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}
