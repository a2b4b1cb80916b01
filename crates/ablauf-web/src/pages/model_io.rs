//! The BPMN editor page (bpmn-js, for experts) and the import of a BPMN
//! file from another tool into a process: the check's findings are shown
//! before anything is saved, and the import becomes a new version.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::api::models::{FindingDto, accept_bpmn};
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::model::{Names, catalogue, file_stem};
use crate::pages::{FormErrors, HtmlForm, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::{t, tf};
use ablauf_store::{StoreError, StoredModel};

fn uuid(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

pub async fn editor(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgEditor(ctx): OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = uuid(&process)?;
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    let cat = catalogue(&state, ctx.id()).await?;
    let names = Names::load(&state, ctx.id()).await?;
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
        "bpmn_editor.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &tf("bpmn_editor.title", &[("name", &row.name)]), "register"),
            name => row.name,
            file => file_stem(&row.name),
            process => row.id.to_string(),
            version => row.version,
            blocks => blocks,
            units => units,
        },
    )?
    .into_response())
}

/// A checked BPMN file waiting for confirmation.
#[derive(Serialize, Deserialize)]
struct PendingBpmn {
    process: Uuid,
    version: i64,
    blocks: Option<String>,
    bpmn: String,
    findings: Vec<FindingView>,
    reasons: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct FindingView {
    severity: String,
    message: String,
    line: Option<u32>,
    column: Option<u32>,
}

impl From<&FindingDto> for FindingView {
    fn from(f: &FindingDto) -> Self {
        FindingView {
            severity: f.severity.to_owned(),
            message: f.message.clone(),
            line: f.line,
            column: f.column,
        }
    }
}

async fn render_upload(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    id: Uuid,
    errors: &FormErrors,
    findings: &[FindingView],
) -> AppResult<axum::response::Html<String>> {
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    render(
        "bpmn_import.html",
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
    OrgEditor(ctx): OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = uuid(&process)?;
    Ok(
        render_upload(&state, &viewer, &ctx, id, &FormErrors::default(), &[])
            .await?
            .into_response(),
    )
}

pub async fn import_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgEditor(ctx): OrgEditor,
    Path((_, process)): Path<(String, String)>,
    multipart: Multipart,
) -> AppResult<Response> {
    let id = uuid(&process)?;
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    let Some((name, bytes)) = crate::pages::uploaded_file(multipart).await? else {
        let errors = FormErrors::single("file", "error.import_no_file");
        return Ok(unprocessable(
            render_upload(&state, &viewer, &ctx, id, &errors, &[]).await?,
        ));
    };
    let accepted = match accept_bpmn(&bytes) {
        Ok(a) => a,
        Err(findings) => {
            let errors = FormErrors::single("file", "error.bpmn_unreadable");
            let findings: Vec<FindingView> = findings.iter().map(FindingView::from).collect();
            return Ok(unprocessable(
                render_upload(&state, &viewer, &ctx, id, &errors, &findings).await?,
            ));
        }
    };
    let pending = PendingBpmn {
        process: id,
        version: row.version,
        blocks: accepted.stored.blocks,
        bpmn: accepted.stored.bpmn.unwrap_or_default(),
        findings: accepted.findings.iter().map(FindingView::from).collect(),
        reasons: accepted.reasons,
    };
    let payload =
        serde_json::to_string(&pending).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    let name = if name.is_empty() {
        "modell.bpmn".to_owned()
    } else {
        name
    };
    let import = state
        .store
        .put_pending_import(ctx.id(), ctx.current.user.id, "bpmn", &name, &payload)
        .await?;
    Ok(Redirect::to(&format!(
        "/o/{}/prozesse/{id}/bpmn-import/{import}",
        ctx.id()
    ))
    .into_response())
}

async fn load_pending(
    state: &AppState,
    ctx: &OrgCtx,
    process: Uuid,
    import: &str,
) -> AppResult<(ablauf_store::PendingImport, PendingBpmn)> {
    let p = state
        .store
        .pending_import(ctx.id(), ctx.current.user.id, "bpmn", uuid(import)?)
        .await?;
    let pending: PendingBpmn =
        serde_json::from_str(&p.payload).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    if pending.process != process {
        return Err(AppError::NotFound);
    }
    Ok((p, pending))
}

async fn render_preview(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    import: &ablauf_store::PendingImport,
    pending: &PendingBpmn,
    failure: Option<String>,
) -> AppResult<axum::response::Html<String>> {
    let (row, mut v) = state.store.get_process(ctx.id(), pending.process).await?;
    let names = Names::load(state, ctx.id()).await?;
    let cat = catalogue(state, ctx.id()).await?;
    v.model = pending.blocks.clone();
    v.model_bpmn = Some(pending.bpmn.clone());
    let diagram = crate::pages::model::diagram_svg(&v, &row.name, &names, &cat);
    render(
        "bpmn_import.html",
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
    OrgEditor(ctx): OrgEditor,
    Path((_, process, import)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (p, pending) = load_pending(&state, &ctx, uuid(&process)?, &import).await?;
    Ok(render_preview(&state, &viewer, &ctx, &p, &pending, None)
        .await?
        .into_response())
}

pub async fn import_apply(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgEditor(ctx): OrgEditor,
    Path((_, process, import)): Path<(String, String, String)>,
    HtmlForm(_): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = uuid(&process)?;
    let (p, pending) = load_pending(&state, &ctx, id, &import).await?;
    let stored = StoredModel {
        blocks: pending.blocks.clone(),
        bpmn: Some(pending.bpmn.clone()),
    };
    let note = tf("bpmn_import.note", &[("file", &p.file_name)]);
    match state
        .store
        .save_model(&ctx.actor(), ctx.id(), id, pending.version, &stored, &note)
        .await
    {
        Ok(_) => {
            state
                .store
                .delete_pending_import(ctx.id(), ctx.current.user.id, p.id)
                .await?;
            Ok(done(
                &format!("/o/{}/prozesse/{id}/modell", ctx.id()),
                "bpmn_imported",
            ))
        }
        Err(StoreError::Conflict(_)) => {
            let failure = t("bpmn_import.conflict");
            Ok(unprocessable(
                render_preview(&state, &viewer, &ctx, &p, &pending, Some(failure)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn import_discard(
    State(state): State<AppState>,
    OrgEditor(ctx): OrgEditor,
    Path((_, process, import)): Path<(String, String, String)>,
    HtmlForm(_): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = uuid(&process)?;
    state
        .store
        .delete_pending_import(ctx.id(), ctx.current.user.id, uuid(&import)?)
        .await?;
    Ok(done(
        &format!("/o/{}/prozesse/{id}/modell", ctx.id()),
        "import_discarded",
    ))
}
