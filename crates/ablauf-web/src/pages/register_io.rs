//! The register as a spreadsheet: export of the (filtered) register with
//! every Steckbrief field to XLSX or CSV, and import from XLSX or CSV with a
//! preview and a report per row. An import is applied whole or not at all:
//! a file with any faulty row cannot be applied, and the apply step writes
//! the rows in batches (others can write in between) and takes them back
//! when a batch fails. A large import goes on in the background while its
//! progress page asks how far it is.
//!
//! Reading, checking and applying rows and building the exported cells are
//! use cases of [`ablauf_app::register::import`] and
//! [`ablauf_app::register::export`]; these handlers take the upload, show
//! the preview and hand out the file.

use ablauf_domain::RunState;
use std::collections::HashMap;

use ablauf_domain::ImportId;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppError, AppResult, path_id};
use crate::pages::register::RegisterQuery;
use crate::pages::{FormErrors, HtmlForm, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::Error;
use ablauf_app::i18n::t;
use ablauf_app::register::columns::importable_headers;
use ablauf_app::register::export::{self, Format};
use ablauf_app::register::import::{self, Action, Applied, Checked};
use ablauf_store::{OrgId, PendingImport};

fn base(org: OrgId) -> String {
    format!("/o/{org}/prozesse")
}

// ----------------------------------------------------------------- export

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(flatten)]
    filter: RegisterQuery,
}

pub async fn export(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(mut q): Query<ExportQuery>,
) -> AppResult<Response> {
    if let Some(problem) = q.filter.resolve_service(&state).await? {
        return Err(AppError::BadRequest(problem));
    }
    let format = if q.format == "csv" {
        Format::Csv
    } else {
        Format::Xlsx
    };
    let file = export::export(&state.store, ctx.id(), &q.filter.filter(), format).await?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    let name = format!(
        "prozessregister-{}-{stamp}.{}",
        ablauf_app::modelling::file_stem(&ctx.org().name),
        file.extension
    );
    Ok((
        [
            (header::CONTENT_TYPE, file.mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        file.body,
    )
        .into_response())
}

// ----------------------------------------------------------------- import

fn render_upload(
    viewer: &Viewer,
    ctx: &OrgCtx,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    render(
        "register/import.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("sheet.import_title"), "register"),
            errors => errors,
            columns => importable_headers(),
        },
    )
}

pub async fn import_form(viewer: Viewer, ctx: OrgEditor) -> AppResult<Response> {
    Ok(render_upload(&viewer, &ctx, &FormErrors::default())?.into_response())
}

pub async fn import_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    multipart: Multipart,
) -> AppResult<Response> {
    let Some((name, bytes)) = crate::pages::uploaded_file(multipart).await? else {
        let errors = FormErrors::single("file", "error.import_no_file");
        return Ok(unprocessable(render_upload(&viewer, &ctx, &errors)?));
    };
    let user = ctx.user().id;
    match import::prepare(&state.store, ctx.id(), user, &name, &bytes).await {
        Ok(id) => Ok(
            axum::response::Redirect::to(&format!("{}/import/{id}", base(ctx.id())))
                .into_response(),
        ),
        Err(Error::Invalid(errors)) => Ok(unprocessable(render_upload(&viewer, &ctx, &errors)?)),
        Err(e) => Err(e.into()),
    }
}

async fn load_pending(
    state: &AppState,
    ctx: &OrgCtx,
    raw: &str,
) -> AppResult<(PendingImport, Checked)> {
    let id = path_id(raw)?;
    Ok(import::pending(&state.store, ctx.id(), ctx.user().id, id).await?)
}

fn render_preview(
    viewer: &Viewer,
    ctx: &OrgCtx,
    import: &PendingImport,
    pending: &Checked,
    failure: Option<String>,
) -> AppResult<axum::response::Html<String>> {
    let rows: Vec<Value> = pending
        .rows
        .iter()
        .map(|r| {
            context! {
                line => r.line, name => r.name, action => r.action.code(),
                action_label => t(&format!("sheet.action.{}", r.action.code())),
                messages => r.messages,
            }
        })
        .collect();
    render(
        "register/import_preview.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("sheet.preview_title"), "register"),
            id => import.id.to_string(),
            file_name => import.file_name,
            rows => rows,
            new => pending.count(Action::New),
            changed => pending.count(Action::Changed),
            unchanged => pending.count(Action::Unchanged),
            faulty => pending.count(Action::Error),
            ignored => pending.ignored_columns,
            failure => failure,
        },
    )
}

pub async fn import_preview(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, import)): Path<(String, String)>,
) -> AppResult<Response> {
    let (p, pending) = load_pending(&state, &ctx, &import).await?;
    Ok(render_preview(&viewer, &ctx, &p, &pending, None)?.into_response())
}

/// How long the confirmation waits for an import before showing its
/// progress instead: a small import answers as before, a large one goes on
/// in the background.
const APPLY_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub async fn import_apply(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, import)): Path<(String, String)>,
    HtmlForm(_): HtmlForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let (p, pending) = load_pending(&state, &ctx, &import).await?;
    let batch = state.config.import_batch_rows;
    let actor = ctx.actor();
    let started = import::start(&state.store, ctx.id(), &actor, &p, pending.clone(), batch);
    let mut task = match started.await {
        Ok(task) => task,
        // Confirmed twice: it is being applied already.
        Err(Error::Conflict(_)) => return Ok(progress_redirect(ctx.id(), p.id)),
        Err(e) => return Err(e.into()),
    };
    let applied = match tokio::time::timeout(APPLY_WAIT, &mut task).await {
        Ok(done) => done.map_err(|e| AppError::Internal(e.into()))?,
        Err(_) => return Ok(progress_redirect(ctx.id(), p.id)),
    };
    match applied {
        Applied::Done(counts) => {
            let flash = if counts.created + counts.updated == 0 {
                "import_nothing"
            } else {
                "import_applied"
            };
            Ok(done(&base(ctx.id()), flash))
        }
        Applied::Failed(failure) => Ok(unprocessable(render_preview(
            &viewer,
            &ctx,
            &p,
            &pending,
            Some(failure),
        )?)),
    }
}

fn progress_url(org: OrgId, id: ImportId) -> String {
    format!("{}/import/{id}/fortschritt", base(org))
}

fn progress_redirect(org: OrgId, id: ImportId) -> Response {
    axum::response::Redirect::to(&progress_url(org, id)).into_response()
}

/// 40000 → "40.000".
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// How far an import being applied is: the page, and (for htmx, every
/// second while it runs) the part that shows it.
pub async fn import_progress(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    hx: crate::htmx::HxRequest,
    Path((_, import)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = path_id(&import)?;
    let r = import::progress(&state.store, ctx.id(), ctx.user().id, id).await?;
    let percent = if r.total > 0 {
        r.applied * 100 / r.total
    } else {
        100
    };
    let title = t(match r.state {
        RunState::Done => "sheet.done_title",
        RunState::Failed => "sheet.failed_title",
        RunState::Running | RunState::Undoing => "sheet.running_title",
    });
    let run = context! {
        title => title,
        state => r.state,
        active => r.state.is_active(),
        url => progress_url(ctx.id(), id),
        preview => format!("{}/import/{id}", base(ctx.id())),
        file_name => r.file_name,
        total => r.total,
        applied => r.applied,
        total_shown => grouped(r.total),
        applied_shown => grouped(r.applied),
        created => grouped(r.created),
        updated => grouped(r.updated),
        percent => percent,
        message => r.message,
    };
    let org = ctx.id().to_string();
    if hx.0 {
        return Ok(render(
            "register/_import_progress.html",
            context! { run => run, org => org },
        )?
        .into_response());
    }
    Ok(render(
        "register/import_progress.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &title, "register"),
            run => run,
            org => org,
        },
    )?
    .into_response())
}

pub async fn import_discard(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, import)): Path<(String, String)>,
    HtmlForm(_): HtmlForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let id = path_id(&import)?;
    ablauf_app::pending::discard(&state.store, ctx.id(), ctx.user().id, id).await?;
    Ok(done(&base(ctx.id()), "import_discarded"))
}
