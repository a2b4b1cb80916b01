//! The BPMN editor page (bpmn-js, for experts) and the import of a BPMN
//! file from another tool into a process: the check's findings are shown
//! before anything is saved, and the import becomes a new version. Checking,
//! keeping and applying the file are use cases of
//! [`ablauf_app::modelling::bpmn`].

use ablauf_domain::ProcessId;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;

use crate::AppState;
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppError, AppResult, path_id};
use crate::pages::model::{Chosen, catalogue, links as model_links};
use crate::pages::{FormErrors, HtmlForm, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::Error;
use ablauf_app::i18n::{t, tf};
use ablauf_app::modelling::bpmn::{self, Finding, PendingBpmn, Prepared};
use ablauf_app::modelling::{Names, Which, diagram_svg, file_stem};
use ablauf_store::PendingImport;

fn model_page(ctx: &OrgCtx, process: ProcessId) -> String {
    format!("/o/{}/prozesse/{process}/modell", ctx.id())
}

/// The BPMN editor of the as-is model (`…/bpmn-editor`) or of the to-be
/// model (`…/soll-bpmn-editor`): it reads and saves through the API's
/// `…/bpmn` (with `?model=soll`).
pub async fn editor(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Chosen(which): Chosen,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let (row, v) = state.store.get_process(ctx.id(), id).await?;
    if which == Which::ToBe && !v.has_to_be() {
        return Err(AppError::NotFound);
    }
    let api = match which {
        Which::AsIs => format!("/api/v1/organizations/{}/processes/{id}/bpmn", ctx.id()),
        Which::ToBe => format!(
            "/api/v1/organizations/{}/processes/{id}/bpmn?model=soll",
            ctx.id()
        ),
    };
    let title = match which {
        Which::AsIs => tf("bpmn_editor.title", &[("name", &row.name)]),
        Which::ToBe => tf("to_be.bpmn_editor_title", &[("name", &row.name)]),
    };
    let cat = catalogue(&state, ctx.id()).await?;
    let names = Names::load(&state.store, ctx.id()).await?;
    let blocks: Vec<_> = cat
        .visible()
        .into_iter()
        .flat_map(|(c, blocks)| {
            blocks.into_iter().map(
                move |b| serde_json::json!({ "key": b.key, "name": b.name, "category": c.name }),
            )
        })
        .collect();
    let units: Vec<_> = names
        .units
        .iter()
        .map(|(id, name, _)| serde_json::json!({ "id": id, "name": name }))
        .collect();
    Ok(render(
        "modelling/bpmn_editor.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &title, "register"),
            name => row.name,
            file => match which { Which::AsIs => file_stem(&row.name), Which::ToBe => format!("{}-soll", file_stem(&row.name)) },
            process => row.id.to_string(),
            api => api,
            links => model_links(ctx.id(), &row, which, v.has_to_be()),
            version => row.version,
            blocks => blocks,
            units => units,
        },
    )?
    .into_response())
}

async fn render_upload(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    id: ProcessId,
    errors: &FormErrors,
    findings: &[Finding],
) -> AppResult<axum::response::Html<String>> {
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    render(
        "modelling/bpmn_import.html",
        context! {
            layout => layout(viewer, Some(ctx), &tf("bpmn_import.title", &[("name", &row.name)]), "register"),
            name => row.name,
            process => id.to_string(),
            errors => errors,
            findings => findings,
        },
    )
}

pub async fn import_form(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    Ok(
        render_upload(&state, &viewer, &ctx, id, &FormErrors::default(), &[])
            .await?
            .into_response(),
    )
}

pub async fn import_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
    multipart: Multipart,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    let Some((name, bytes)) = crate::pages::uploaded_file(multipart).await? else {
        let errors = FormErrors::single("file", "error.import_no_file");
        return Ok(unprocessable(
            render_upload(&state, &viewer, &ctx, id, &errors, &[]).await?,
        ));
    };
    let user = ctx.user().id;
    match bpmn::prepare_import(&state.store, ctx.id(), user, id, row.version, &name, &bytes).await?
    {
        Prepared::Waiting(import) => Ok(Redirect::to(&format!(
            "/o/{}/prozesse/{id}/bpmn-import/{import}",
            ctx.id()
        ))
        .into_response()),
        Prepared::Unreadable(findings) => {
            let errors = FormErrors::single("file", "error.bpmn_unreadable");
            Ok(unprocessable(
                render_upload(&state, &viewer, &ctx, id, &errors, &findings).await?,
            ))
        }
    }
}

async fn load_pending(
    state: &AppState,
    ctx: &OrgCtx,
    process: &str,
    import: &str,
) -> AppResult<(PendingImport, PendingBpmn)> {
    let user = ctx.user().id;
    Ok(bpmn::pending_import(
        &state.store,
        ctx.id(),
        user,
        path_id(process)?,
        path_id(import)?,
    )
    .await?)
}

async fn render_preview(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    import: &PendingImport,
    pending: &PendingBpmn,
    failure: Option<String>,
) -> AppResult<axum::response::Html<String>> {
    let (row, mut v) = state.store.get_process(ctx.id(), pending.process).await?;
    let names = Names::load(&state.store, ctx.id()).await?;
    let cat = catalogue(state, ctx.id()).await?;
    v.model = pending.blocks.clone();
    v.model_bpmn = Some(pending.bpmn.clone());
    let diagram = diagram_svg(&v, &row.name, &names, &cat);
    render(
        "modelling/bpmn_import.html",
        context! {
            layout => layout(viewer, Some(ctx), &tf("bpmn_import.title", &[("name", &row.name)]), "register"),
            name => row.name,
            process => row.id.to_string(),
            failure => failure,
            preview => context! {
                id => import.id.to_string(),
                file_name => import.file_name,
                blocks => pending.blocks.is_some(),
                reasons => pending.reasons,
                findings => pending.findings,
                diagram => diagram,
            },
        },
    )
}

pub async fn import_preview(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process, import)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (p, pending) = load_pending(&state, &ctx, &process, &import).await?;
    Ok(render_preview(&state, &viewer, &ctx, &p, &pending, None)
        .await?
        .into_response())
}

pub async fn import_apply(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process, import)): Path<(String, String, String)>,
    HtmlForm(_): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (p, pending) = load_pending(&state, &ctx, &process, &import).await?;
    match bpmn::apply_import(&state.store, ctx.id(), &ctx.actor(), &p, &pending).await {
        Ok(_) => Ok(done(&model_page(&ctx, pending.process), "bpmn_imported")),
        Err(Error::Conflict(key)) => Ok(unprocessable(
            render_preview(&state, &viewer, &ctx, &p, &pending, Some(t(key))).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn import_discard(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, process, import)): Path<(String, String, String)>,
    HtmlForm(_): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let user = ctx.user().id;
    ablauf_app::pending::discard(&state.store, ctx.id(), user, path_id(&import)?).await?;
    Ok(done(&model_page(&ctx, id), "import_discarded"))
}
