//! The process model: the building-block editor (the everyday way), the
//! read-only view with diagram and step table, downloads (SVG, BPMN), and
//! the page around the BPMN editor for experts.
//!
//! The block editor is server-rendered: every action is a form posting one
//! [`Op`] (so it works without script and by keyboard); htmx swaps the
//! editor in place and keeps focus where the action happened. Every applied
//! operation is saved at once as a new version of the process (autosave).
//! Operations address elements by id, so an edit made on an older version
//! is applied to the current model unless it touches an element someone
//! else changed meanwhile: then the editor shows both values and keeps what
//! was typed (conflict protection). Undo restores the model as it was
//! before the person's last change, as a new version. Applying, rebasing,
//! saving and undoing are use cases of [`ablauf_app::modelling`]; this file
//! parses the forms into operations and renders the editor.
//!
//! The same pages serve both models of a process: the as-is model (Ist)
//! under `…/modell` and the to-be model (Soll) under `…/soll-modell`
//! ([`Chosen`] reads which from the path). Every link and form of the
//! editor is built from its `base`, so an action never leaves the model it
//! was made in.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header;
use axum::http::request::Parts;

use crate::htmx::HxRequest;
use ablauf_domain::ProcessId;
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppError, AppResult, path_id};
use crate::pages::users::confirm_page;
use crate::pages::{HtmlForm, Notice, done, layout};
use crate::templates::{local_datetime, render};
use ablauf_app::i18n::{t, tf};
use ablauf_app::modelling::{
    self, Current, Edit, Element, Names, Undone, Which, bpmn_text, diagram_svg, file_stem, person,
};
use ablauf_model::{BlockModel, Catalogue, Item, Op, StepItem};
use ablauf_store::{OrgId, ProcessRow, VersionRow};

/// Which model a page works on, from its path: `…/{process}/soll-modell…`
/// and `…/{process}/soll-bpmn-editor` are the to-be model's (Soll), every
/// other model page the as-is model's (Ist).
#[derive(Clone, Copy, Debug)]
pub struct Chosen(pub Which);

impl<S: Send + Sync> FromRequestParts<S> for Chosen {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // "", "o", org, "prozesse", process, page
        let to_be = parts
            .uri
            .path()
            .split('/')
            .nth(5)
            .is_some_and(|p| p.starts_with("soll-"));
        Ok(Chosen(if to_be { Which::ToBe } else { Which::AsIs }))
    }
}

/// The path of a model's editor; its actions and downloads hang below it.
pub(crate) fn base(org: OrgId, id: ProcessId, which: Which) -> String {
    match which {
        Which::AsIs => format!("/o/{org}/prozesse/{id}/modell"),
        Which::ToBe => format!("/o/{org}/prozesse/{id}/soll-modell"),
    }
}

/// The path of a model's BPMN editor.
pub(crate) fn bpmn_editor(org: OrgId, id: ProcessId, which: Which) -> String {
    match which {
        Which::AsIs => format!("/o/{org}/prozesse/{id}/bpmn-editor"),
        Which::ToBe => format!("/o/{org}/prozesse/{id}/soll-bpmn-editor"),
    }
}

/// The stem of a model's downloads: "gewerbeanmeldung", "gewerbeanmeldung-soll".
fn file_of(name: &str, which: Which) -> String {
    match which {
        Which::AsIs => file_stem(name),
        Which::ToBe => format!("{}-soll", file_stem(name)),
    }
}

/// A model page's title: "Modell: …" or "Soll-Modell: …".
fn title(which: Which, name: &str) -> String {
    match which {
        Which::AsIs => tf("model.title", &[("name", name)]),
        Which::ToBe => tf("to_be.title", &[("name", name)]),
    }
}

/// What the pages of a model need to link to each other.
pub(crate) fn links(org: OrgId, row: &ProcessRow, which: Which, has_to_be: bool) -> Value {
    context! {
        which => which.code(),
        base => base(org, row.id, which),
        bpmn_editor => bpmn_editor(org, row.id, which),
        as_is => base(org, row.id, Which::AsIs),
        to_be => has_to_be.then(|| base(org, row.id, Which::ToBe)),
    }
}

/// The organisation's block catalogue (defaults with its changes).
pub(crate) async fn catalogue(state: &AppState, org: OrgId) -> AppResult<Catalogue> {
    Ok(ablauf_app::block_catalogue::org_catalogue(&state.store, org).await?)
}

// ------------------------------------------------------------ formatting

/// Minutes in German: "15 Min.", "1,5 Std.", "2 Tage".
fn minutes_text(m: f64) -> String {
    let num = |x: f64| {
        let s = format!("{:.1}", x);
        s.trim_end_matches('0')
            .trim_end_matches('.')
            .replace('.', ",")
    };
    if m >= 1440.0 && (m % 1440.0 == 0.0 || m >= 2880.0) {
        let n = num(m / 1440.0);
        tf(
            if n == "1" { "model.day" } else { "model.days" },
            &[("n", &n)],
        )
    } else if m >= 120.0 {
        tf("model.hours", &[("n", &num(m / 60.0))])
    } else {
        tf("model.minutes", &[("n", &num(m))])
    }
}

fn number_field(x: Option<f64>) -> String {
    x.map(|x| {
        let s = format!("{x}");
        s.replace('.', ",")
    })
    .unwrap_or_default()
}

fn percent_field(x: Option<f64>) -> String {
    x.map(|x| number_field(Some((x * 1000.0).round() / 10.0)))
        .unwrap_or_default()
}

// ------------------------------------------------------------ the view

/// What the editor shows open and where focus goes.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct EditorQuery {
    /// Step whose attribute form is open.
    #[serde(default)]
    schritt: String,
    /// Container (subprocess or branch) whose insert panel is open, with
    /// an optional position: `sp1` or `sp1:s3`.
    #[serde(default)]
    einfuegen: String,
    /// Element to focus, with the control: `s3:up`.
    #[serde(default)]
    fokus: String,
    /// Undo stack (versions before the person's changes), comma-separated.
    #[serde(default)]
    undo: String,
    /// Read-only view even for editors.
    #[serde(default)]
    ansicht: String,
    /// A message after a change (`?hinweis=`).
    #[serde(flatten)]
    notice: Notice,
}

struct ViewCtx<'a> {
    names: &'a Names,
    cat: &'a Catalogue,
    q: &'a EditorQuery,
    model: &'a BlockModel,
    /// Typed values of a step form to show again (errors, conflicts).
    step_form: Option<(&'a str, &'a HashMap<String, String>)>,
}

fn focus_of(q: &EditorQuery, id: &str, control: &str) -> bool {
    q.fokus == format!("{id}:{control}")
}

/// Where focus lands on a moved element: on the button used, unless the
/// element reached the end and that button is now disabled; then on the
/// other one (or the element itself).
fn move_focus(q: &EditorQuery, id: &str, first: bool, last: bool) -> (bool, bool, bool) {
    let up = focus_of(q, id, "up");
    let down = focus_of(q, id, "down");
    let row = focus_of(q, id, "row");
    match (up, down) {
        (true, _) if first && last => (false, false, true),
        (true, _) if first => (false, true, row),
        (_, true) if last && first => (false, false, true),
        (_, true) if last => (true, false, row),
        _ => (up, down, row),
    }
}

fn step_view(c: &ViewCtx, s: &StepItem, first: bool, last: bool, sub_unit: Option<&str>) -> Value {
    let block = c.cat.block(&s.block);
    let unit = s
        .org_unit
        .as_deref()
        .filter(|u| Some(*u) != sub_unit)
        .and_then(|u| c.names.unit(u));
    let open = c.q.schritt == s.id;
    let form = open.then(|| step_form_view(c, s));
    let focus = move_focus(c.q, &s.id, first, last);
    context! {
        kind => "step",
        id => s.id,
        label => if s.label.is_empty() { block.map(|b| b.name.clone()).unwrap_or_default() } else { s.label.clone() },
        block => s.block,
        block_name => block.map(|b| b.name.clone()).unwrap_or_else(|| tf("model.unknown_block", &[("key", &s.block)])),
        icon => c.cat.icon_of(&s.block).map(|i| i.key),
        hidden_block => block.is_some_and(|b| b.hidden),
        minutes => s.processing_minutes.map(minutes_text),
        waiting => s.waiting_minutes.filter(|w| *w > 0.0).map(minutes_text),
        share => s.share.filter(|x| *x < 1.0).map(|x| percent_field(Some(x))),
        unit => unit,
        medium => s.medium.as_deref().and_then(ablauf_model::medium_label),
        it_system => s.it_system,
        notes => s.notes,
        first => first,
        last => last,
        open => open,
        form => form,
        focus_up => focus.0,
        focus_down => focus.1,
        focus_edit => focus_of(c.q, &s.id, "edit"),
        focus_row => focus.2,
    }
}

fn step_form_view(c: &ViewCtx, s: &StepItem) -> Value {
    let typed = c.step_form.filter(|(id, _)| *id == s.id).map(|(_, f)| f);
    let val = |field: &str, stored: String| -> String {
        typed.and_then(|f| f.get(field).cloned()).unwrap_or(stored)
    };
    let unit_value = val("org_unit", s.org_unit.clone().unwrap_or_default());
    let grade_value = val("pay_grade", s.pay_grade.clone().unwrap_or_default());
    let medium_value = val("medium", s.medium.clone().unwrap_or_default());
    let block_value = val("block", s.block.clone());
    context! {
        label => val("label", s.label.clone()),
        block => block_value.clone(),
        blocks => block_choices(c.cat, &block_value),
        description => val("description", s.description.clone()),
        notes => val("notes", s.notes.clone()),
        processing => val("processing_minutes", number_field(s.processing_minutes)),
        processing_min => val("processing_minutes_min", number_field(s.processing_minutes_min)),
        processing_max => val("processing_minutes_max", number_field(s.processing_minutes_max)),
        waiting => val("waiting_minutes", number_field(s.waiting_minutes)),
        share => val("share", percent_field(s.share)),
        it_system => val("it_system", s.it_system.clone().unwrap_or_default()),
        it_known => c.names.knows_it_system(&val("it_system", s.it_system.clone().unwrap_or_default())),
        input_channel => val("input_channel", s.input_channel.clone().unwrap_or_default()),
        output_channel => val("output_channel", s.output_channel.clone().unwrap_or_default()),
        documents_in => val("documents_in", docs(s, ablauf_bpmn::Direction::In)),
        documents_out => val("documents_out", docs(s, ablauf_bpmn::Direction::Out)),
        legal_basis => val("legal_basis", s.legal_basis.join("\n")),
        units => c.names.units.iter().map(|(id, name, d)| context! { id => id, label => format!("{}{name}", "\u{2003}".repeat(*d)), selected => *id == unit_value }).collect::<Vec<_>>(),
        grades => c.names.grades.iter().map(|(id, name)| context! { id => id, label => name, selected => *id == grade_value }).collect::<Vec<_>>(),
        media => ablauf_model::MEDIA.iter().map(|(k, l)| context! { key => k, label => l, selected => *k == medium_value }).collect::<Vec<_>>(),
    }
}

fn docs(s: &StepItem, dir: ablauf_bpmn::Direction) -> String {
    s.documents
        .iter()
        .filter(|d| d.direction == dir)
        .map(|d| d.name.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The visible blocks by category (plus the current one, even if hidden).
fn block_choices(cat: &Catalogue, selected: &str) -> Vec<Value> {
    let mut out: Vec<Value> = cat
        .visible()
        .into_iter()
        .map(|(c, blocks)| {
            context! {
                name => c.name,
                blocks => blocks.iter().map(|b| context! { key => b.key, name => b.name, description => b.description, icon => cat.icon_of(&b.key).map(|i| i.key), selected => b.key == selected }).collect::<Vec<_>>(),
            }
        })
        .collect();
    if let Some(b) = cat.block(selected).filter(|b| b.hidden) {
        out.push(context! {
            name => t("model.hidden_blocks"),
            blocks => vec![context! { key => b.key, name => b.name, description => b.description, icon => cat.icon_of(&b.key).map(|i| i.key), selected => true }],
        });
    }
    out
}

fn items_view(c: &ViewCtx, items: &[Item], container: &str, sub_unit: Option<&str>) -> Vec<Value> {
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, it)| match it {
            Item::Step(s) => step_view(c, s, i == 0, i + 1 == n, sub_unit),
            Item::Variant(b) | Item::Parallel(b) => {
                let variant = matches!(it, Item::Variant(_));
                let focus = move_focus(c.q, &b.id, i == 0, i + 1 == n);
                let nb = b.branches.len();
                let branches: Vec<Value> = b
                    .branches
                    .iter()
                    .enumerate()
                    .map(|(j, br)| {
                        context! {
                            id => br.id,
                            label => br.label,
                            share => percent_field(br.share),
                            items => items_view(c, &br.items, &br.id, sub_unit),
                            insert => insert_view(c, &br.id, &br.items),
                            first => j == 0,
                            last => j + 1 == nb,
                            focus_row => focus_of(c.q, &br.id, "row"),
                        }
                    })
                    .collect();
                context! {
                    kind => if variant { "variant" } else { "parallel" },
                    id => b.id,
                    label => b.label,
                    branches => branches,
                    first => i == 0,
                    last => i + 1 == n,
                    container => container,
                    focus_up => focus.0,
                    focus_down => focus.1,
                    focus_row => focus.2,
                }
            }
        })
        .collect()
}

/// The insert panel of a container, when it is the open one.
fn insert_view(c: &ViewCtx, container: &str, items: &[Item]) -> Option<Value> {
    let (open, after) = match c.q.einfuegen.split_once(':') {
        Some((cont, after)) => (cont, Some(after)),
        None => (c.q.einfuegen.as_str(), None),
    };
    if open != container {
        return None;
    }
    let after = after
        .map(str::to_owned)
        .or_else(|| items.last().map(|i| i.id().to_owned()));
    let positions: Vec<Value> = std::iter::once(context! { id => "", label => t("model.at_start"), selected => after.is_none() })
        .chain(items.iter().map(|i| {
            let label = match i {
                Item::Step(s) if s.label.is_empty() => c.cat.block(&s.block).map(|b| b.name.clone()).unwrap_or_default(),
                _ => i.label().to_owned(),
            };
            context! { id => i.id(), label => tf("model.after", &[("name", &label)]), selected => after.as_deref() == Some(i.id()) }
        }))
        .collect();
    let _ = c.model;
    // "Abbrechen" returns focus to the control that opened the panel: the
    // step's "Danach einfügen" or the container's "Schritt hinzufügen".
    let cancel_focus = match c.q.einfuegen.split_once(':') {
        Some((_, after)) if !after.is_empty() => format!("{after}:insert"),
        _ => format!("{container}:add"),
    };
    Some(context! {
        positions => positions,
        blocks => block_choices(c.cat, ""),
        cancel_focus => cancel_focus,
    })
}

fn editor_view(c: &ViewCtx) -> Vec<Value> {
    let n = c.model.subprocesses.len();
    c.model
        .subprocesses
        .iter()
        .enumerate()
        .map(|(i, sp)| {
            let unit = sp.org_unit.as_deref();
            let focus = move_focus(c.q, &sp.id, i == 0, i + 1 == n);
            context! {
                id => sp.id,
                number => i + 1,
                name => sp.name,
                unit_id => sp.org_unit,
                unit => unit.and_then(|u| c.names.unit(u)),
                items => items_view(c, &sp.items, &sp.id, unit),
                insert => insert_view(c, &sp.id, &sp.items),
                first => i == 0,
                last => i + 1 == n,
                focus_up => focus.0,
                focus_down => focus.1,
                focus_row => focus.2,
                focus_add => focus_of(c.q, &sp.id, "add"),
            }
        })
        .collect()
}

/// Rows of the printable step table (read-only view).
pub(crate) fn step_rows(m: &BlockModel, names: &Names, cat: &Catalogue) -> Vec<Value> {
    let mut rows = Vec::new();
    for (i, sp) in m.subprocesses.iter().enumerate() {
        let mut n = 0;
        collect_rows(&sp.items, &mut rows, &mut n, i + 1, sp, names, cat, "");
    }
    rows
}

#[allow(clippy::too_many_arguments)]
fn collect_rows(
    items: &[Item],
    rows: &mut Vec<Value>,
    n: &mut usize,
    sp_no: usize,
    sp: &ablauf_model::Subprocess,
    names: &Names,
    cat: &Catalogue,
    path: &str,
) {
    for it in items {
        match it {
            Item::Step(s) => {
                *n += 1;
                let unit = s.org_unit.as_deref().or(sp.org_unit.as_deref());
                rows.push(context! {
                    number => format!("{sp_no}.{n}"),
                    subprocess => sp.name,
                    path => path,
                    label => s.label,
                    block => cat.block(&s.block).map(|b| b.name.clone()).unwrap_or_else(|| s.block.clone()),
                    unit => unit.and_then(|u| names.unit(u)),
                    grade => s.pay_grade.as_deref().and_then(|g| names.grade(g)),
                    minutes => s.processing_minutes.map(minutes_text),
                    waiting => s.waiting_minutes.filter(|w| *w > 0.0).map(minutes_text),
                    share => s.share.map(|x| percent_field(Some(x))),
                    medium => s.medium.as_deref().and_then(ablauf_model::medium_label),
                    it_system => s.it_system,
                    notes => s.notes,
                });
            }
            Item::Variant(b) | Item::Parallel(b) => {
                for br in &b.branches {
                    let label = match br.share {
                        Some(x) => {
                            format!("{} – {} ({} %)", b.label, br.label, percent_field(Some(x)))
                        }
                        None => format!("{} – {}", b.label, br.label),
                    };
                    collect_rows(&br.items, rows, n, sp_no, sp, names, cat, &label);
                }
            }
        }
    }
}

/// Everything the model page and fragment need.
struct Page {
    which: Which,
    has_to_be: bool,
    row: ProcessRow,
    version: VersionRow,
    current: Current,
    names: Names,
    cat: Catalogue,
    /// What "Rückgängig" takes back (see [`modelling::undo_note`]).
    undo_note: String,
}

async fn load(state: &AppState, ctx: &OrgCtx, process: &str, which: Which) -> AppResult<Page> {
    let m = modelling::load(&state.store, ctx.id(), (path_id(process)?, which)).await?;
    Ok(Page {
        which,
        has_to_be: m.has_to_be,
        row: m.process,
        version: m.version,
        current: m.current,
        names: Names::load(&state.store, ctx.id()).await?,
        cat: catalogue(state, ctx.id()).await?,
        undo_note: String::new(),
    })
}

/// The page with what "Rückgängig" would take back.
async fn load_for_undo(
    state: &AppState,
    ctx: &OrgCtx,
    (process, which): (&str, Which),
    q: &EditorQuery,
) -> AppResult<Page> {
    let mut p = load(state, ctx, process, which).await?;
    let top = parse_undo(&q.undo).last().copied();
    p.undo_note = modelling::undo_note(&state.store, ctx.id(), &p.row, &p.version, top).await;
    Ok(p)
}

/// The icons used on the page, as one sprite.
fn icon_sprite(cat: &Catalogue) -> Vec<Value> {
    let mut keys: Vec<&str> = cat
        .blocks()
        .filter_map(|b| cat.icon_of(&b.key))
        .map(|i| i.key)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter_map(ablauf_model::icon)
        .map(|i| context! { key => i.key, path => i.svg_path })
        .collect()
}

/// Status line, error or conflict shown above the editor.
#[derive(Default)]
struct Message {
    error: Option<String>,
    conflict: Option<Value>,
}

fn editor_context(
    csrf: &str,
    ctx: &OrgCtx,
    p: &Page,
    model: &BlockModel,
    q: &EditorQuery,
    msg: &Message,
    step_form: Option<(&str, &HashMap<String, String>)>,
) -> Value {
    let c = ViewCtx {
        names: &p.names,
        cat: &p.cat,
        q,
        model,
        step_form,
    };
    let findings: Vec<String> = model
        .validate_with(&p.cat)
        .into_iter()
        .map(|f| f.message)
        .collect();
    // Model quality as the Analyse tab checks it (no rates needed).
    let quality = ablauf_analysis::analyse(model, &Default::default(), &|_| true);
    let quality_findings: Vec<String> = quality
        .findings
        .iter()
        .filter(|f| f.category == ablauf_analysis::Category::Quality)
        .map(|f| f.message.clone())
        .collect();
    let undo: Vec<i64> = parse_undo(&q.undo);
    context! {
        quality => context! {
            score => quality.quality.score,
            findings => quality_findings,
            link => format!(
                "/o/{}/prozesse/{}/analyse{}",
                ctx.id(),
                p.row.id,
                if p.which == Which::ToBe { "?modell=soll" } else { "" }
            ),
        },
        base => base(ctx.id(), p.row.id, p.which),
        process => p.row.id.to_string(),
        file => file_of(&p.row.name, p.which),
        it_systems => p.names.it_systems,
        version => p.row.version,
        saved_at => local_datetime(&p.version.created_at),
        saved_by => person(&p.version.author_name),
        undo => q.undo,
        can_undo => !undo.is_empty(),
        undo_label => if undo.is_empty() { String::new() } else { tf("model.undo_named", &[("what", &p.undo_note)]) },
        subprocesses => editor_view(&c),
        units => p.names.units.iter().map(|(id, name, d)| context! { id => id, label => format!("{}{name}", "\u{2003}".repeat(*d)) }).collect::<Vec<_>>(),
        findings => findings,
        error => msg.error,
        conflict => msg.conflict,
        diagram => diagram_svg(&p.version, &p.row.name, &p.names, &p.cat),
        add_subprocess_focus => q.fokus == "add-subprocess",
        focus => q.fokus,
        focus_step_label => q.fokus.ends_with(":label"),
        csrf => csrf,
    }
}

fn parse_undo(s: &str) -> Vec<i64> {
    s.split(',').filter_map(|x| x.trim().parse().ok()).collect()
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    hx: HxRequest,
    Chosen(which): Chosen,
    Path((_, process)): Path<(String, String)>,
    Query(q): Query<EditorQuery>,
) -> AppResult<Response> {
    let mut p = load_for_undo(&state, &ctx, (&process, which), &q).await?;
    let links = links(ctx.id(), &p.row, which, p.has_to_be);
    let current = std::mem::replace(&mut p.current, Current::Empty);
    let editing = ctx.role().can_edit() && q.ansicht != "lesen";
    if editing && let Current::Blocks(_) | Current::Empty = current {
        let model = match current {
            Current::Blocks(m) => m,
            _ => BlockModel::new(),
        };
        let editor = editor_context(
            &viewer.csrf,
            &ctx,
            &p,
            &model,
            &q,
            &Message::default(),
            None,
        );
        if hx.0 {
            return Ok(render("modelling/_editor.html", context! { e => editor, layout => context! { csrf => viewer.csrf.clone(), org => context! { id => ctx.id().to_string() } } })?.into_response());
        }
        return Ok(render(
            "modelling/model.html",
            context! {
                layout => layout(&viewer, Some(&ctx), &title(which, &p.row.name), "register"),
                name => p.row.name,
                process => p.row.id.to_string(),
                links => links,
                notice => q.notice.text(),
                editing => true,
                e => editor,
                icons => icon_sprite(&p.cat),
                can_edit => true,
            },
        )?
        .into_response());
    }
    // Read-only view: diagram and step table (and why a BPMN model cannot
    // be edited with blocks).
    let (rows, reasons) = match &current {
        Current::Blocks(m) => (step_rows(m, &p.names, &p.cat), Vec::new()),
        Current::BpmnOnly(r) => (Vec::new(), r.clone()),
        Current::Empty => (Vec::new(), Vec::new()),
    };
    Ok(render(
        "modelling/model.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &title(which, &p.row.name), "register"),
            name => p.row.name,
            file => file_of(&p.row.name, which),
            process => p.row.id.to_string(),
            links => links,
            notice => q.notice.text(),
            editing => false,
            can_edit => ctx.role().can_edit(),
            bpmn_only => matches!(current, Current::BpmnOnly(_)),
            empty => matches!(current, Current::Empty),
            reasons => reasons,
            rows => rows,
            version => p.row.version,
            saved_at => local_datetime(&p.version.created_at),
            saved_by => person(&p.version.author_name),
            diagram => diagram_svg(&p.version, &p.row.name, &p.names, &p.cat),
            print_pages => modelling::diagram_pages(&p.version, &p.row.name, &p.names, &p.cat),
            icons => icon_sprite(&p.cat),
        },
    )?
    .into_response())
}

// ------------------------------------------------------------ operations

fn opt(f: &HashMap<String, String>, k: &str) -> Option<String> {
    f.get(k)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn text(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// A German decimal ("12,5") or nothing; Err names the field.
fn decimal(f: &HashMap<String, String>, k: &str) -> Result<Option<f64>, String> {
    match opt(f, k) {
        None => Ok(None),
        Some(v) => v
            .replace(['.', ' '], "")
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| k.to_owned()),
    }
}

fn lines(f: &HashMap<String, String>, k: &str) -> Vec<String> {
    f.get(k)
        .map(|v| {
            v.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The step as typed in its form. Err: fields that are no numbers.
fn step_from_form(id: &str, f: &HashMap<String, String>) -> Result<StepItem, Vec<String>> {
    let mut bad = Vec::new();
    let mut num = |k: &str| match decimal(f, k) {
        Ok(v) => v,
        Err(k) => {
            bad.push(k);
            None
        }
    };
    let processing_minutes = num("processing_minutes");
    let processing_minutes_min = num("processing_minutes_min");
    let processing_minutes_max = num("processing_minutes_max");
    let waiting_minutes = num("waiting_minutes");
    let share = num("share").map(|p| p / 100.0);
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut documents: Vec<ablauf_bpmn::StepDocument> = lines(f, "documents_in")
        .into_iter()
        .map(|name| ablauf_bpmn::StepDocument {
            direction: ablauf_bpmn::Direction::In,
            name,
        })
        .collect();
    documents.extend(
        lines(f, "documents_out")
            .into_iter()
            .map(|name| ablauf_bpmn::StepDocument {
                direction: ablauf_bpmn::Direction::Out,
                name,
            }),
    );
    Ok(StepItem {
        id: id.to_owned(),
        label: text(f, "label"),
        block: text(f, "block"),
        description: text(f, "description"),
        notes: text(f, "notes"),
        org_unit: opt(f, "org_unit"),
        pay_grade: opt(f, "pay_grade"),
        processing_minutes,
        processing_minutes_min,
        processing_minutes_max,
        waiting_minutes,
        share,
        it_system: opt(f, "it_system"),
        medium: opt(f, "medium"),
        input_channel: opt(f, "input_channel"),
        output_channel: opt(f, "output_channel"),
        documents,
        legal_basis: lines(f, "legal_basis"),
    })
}

/// The operation a form posts. Err: a German message.
fn op_from_form(f: &HashMap<String, String>) -> Result<Op, String> {
    let id = || text(f, "id");
    let up = || f.get("up").is_some_and(|v| v == "true");
    let op = text(f, "op");
    Ok(match op.as_str() {
        "addSubprocess" => Op::AddSubprocess {
            after: opt(f, "after"),
            name: text(f, "name"),
            org_unit: opt(f, "org_unit"),
        },
        "renameSubprocess" => Op::RenameSubprocess {
            id: id(),
            name: text(f, "name"),
            org_unit: opt(f, "org_unit"),
        },
        "deleteSubprocess" => Op::DeleteSubprocess { id: id() },
        "moveSubprocess" => Op::MoveSubprocess { id: id(), up: up() },
        "insertStep" => {
            let block = text(f, "block");
            if block.is_empty() {
                return Err(t("model.choose_block"));
            }
            Op::InsertStep {
                container: text(f, "container"),
                after: opt(f, "after"),
                block,
                label: text(f, "label"),
            }
        }
        "moveItem" => Op::MoveItem { id: id(), up: up() },
        "duplicate" => Op::Duplicate { id: id() },
        "delete" => Op::Delete { id: id() },
        "addVariant" => Op::AddVariant {
            container: text(f, "container"),
            after: opt(f, "after"),
            label: opt(f, "label").unwrap_or_else(|| t("model.new_variant")),
        },
        "addParallel" => Op::AddParallel {
            container: text(f, "container"),
            after: opt(f, "after"),
            label: opt(f, "label").unwrap_or_else(|| t("model.new_parallel")),
        },
        "addBranch" => Op::AddBranch {
            id: id(),
            label: text(f, "label"),
        },
        "setBranch" => Op::SetBranch {
            id: id(),
            label: text(f, "label"),
            share: decimal(f, "share")
                .map_err(|_| t("model.share_invalid"))?
                .map(|p| p / 100.0),
        },
        "deleteBranch" => Op::DeleteBranch { id: id() },
        "setStep" => Op::SetStep {
            id: id(),
            step: step_from_form(&id(), f).map_err(|_| t("model.number_invalid"))?,
        },
        _ => return Err(t("model.unknown_action")),
    })
}

/// Where focus goes after an operation: (element id, control).
fn focus_after(op: &Op, focus: Option<String>) -> String {
    let f = focus.unwrap_or_default();
    match op {
        Op::MoveItem { up: true, .. } | Op::MoveSubprocess { up: true, .. } => format!("{f}:up"),
        Op::MoveItem { up: false, .. } | Op::MoveSubprocess { up: false, .. } => {
            format!("{f}:down")
        }
        Op::SetStep { .. } => format!("{f}:edit"),
        Op::AddSubprocess { .. } => format!("{f}:add"),
        _ if f.is_empty() => "add-subprocess".to_owned(),
        _ => format!("{f}:row"),
    }
}

/// One request to the editor: who, where, and how to answer.
struct Editor<'a> {
    state: &'a AppState,
    viewer: &'a Viewer,
    ctx: &'a OrgCtx,
    hx: HxRequest,
    process: &'a str,
    which: Which,
}

impl Editor<'_> {
    /// The answer to an autosave: out-of-band updates of the saved state,
    /// the live version and undo stack, and the diagram; the form being
    /// typed in stays as it is.
    async fn autosaved(&self, q: &EditorQuery) -> AppResult<Response> {
        let p = load(self.state, self.ctx, self.process, self.which).await?;
        let html = render(
            "modelling/_autosaved.html",
            context! {
                version => p.row.version,
                saved_at => local_datetime(&p.version.created_at),
                saved_by => person(&p.version.author_name),
                undo => q.undo,
                diagram => diagram_svg(&p.version, &p.row.name, &p.names, &p.cat),
                base => base(self.ctx.id(), p.row.id, p.which),
                process => p.row.id.to_string(),
                csrf => self.viewer.csrf,
                undo_label => tf("model.undo_named", &[("what", &p.version.note)]),
            },
        )?;
        Ok(html.into_response())
    }

    async fn respond(
        &self,
        q: &EditorQuery,
        msg: Message,
        step_form: Option<(&str, &HashMap<String, String>)>,
    ) -> AppResult<Response> {
        respond(
            self.state,
            self.viewer,
            self.ctx,
            self.hx,
            (self.process, self.which),
            q,
            msg,
            step_form,
        )
        .await
    }
}

/// Renders the editor (fragment for htmx, else the page) after an action.
#[allow(clippy::too_many_arguments)]
async fn respond(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    hx: HxRequest,
    (process, which): (&str, Which),
    q: &EditorQuery,
    msg: Message,
    step_form: Option<(&str, &HashMap<String, String>)>,
) -> AppResult<Response> {
    let mut p = load_for_undo(state, ctx, (process, which), q).await?;
    let model = std::mem::replace(&mut p.current, Current::Empty)
        .editable()
        .unwrap_or_default();
    let failed = msg.error.is_some() || msg.conflict.is_some();
    if !hx.0 && !failed {
        let mut url = format!(
            "{}?fokus={}",
            base(ctx.id(), p.row.id, which),
            crate::app::urlencode(&q.fokus)
        );
        if !q.undo.is_empty() {
            url.push_str(&format!("&undo={}", crate::app::urlencode(&q.undo)));
        }
        if !q.schritt.is_empty() {
            url.push_str(&format!("&schritt={}", crate::app::urlencode(&q.schritt)));
        }
        let anchor = q.fokus.split(':').next().unwrap_or("");
        return Ok(
            Redirect::to(&format!("{url}#{}", crate::app::urlencode(anchor))).into_response(),
        );
    }
    let editor = editor_context(&viewer.csrf, ctx, &p, &model, q, &msg, step_form);
    let status = if failed {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let html: Html<String> = if hx.0 {
        render(
            "modelling/_editor.html",
            context! { e => editor, layout => context! { csrf => viewer.csrf.clone(), org => context! { id => ctx.id().to_string() } } },
        )?
    } else {
        render(
            "modelling/model.html",
            context! {
                layout => layout(viewer, Some(ctx), &title(which, &p.row.name), "register"),
                name => p.row.name,
                process => p.row.id.to_string(),
                links => links(ctx.id(), &p.row, which, p.has_to_be),
                editing => true,
                e => editor,
                icons => icon_sprite(&p.cat),
                can_edit => true,
            },
        )?
    };
    // htmx swaps error answers too (see ablauf.js), so the message shows;
    // an autosave (which swaps nothing) is redirected to the whole editor.
    let mut resp = (status, html).into_response();
    if failed && hx.0 {
        resp.headers_mut().insert(
            "hx-retarget",
            header::HeaderValue::from_static("#model-editor"),
        );
        resp.headers_mut()
            .insert("hx-reswap", header::HeaderValue::from_static("outerHTML"));
    }
    Ok(resp)
}

pub async fn apply(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    hx: HxRequest,
    Chosen(which): Chosen,
    Path((_, process)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let ed = Editor {
        state: &state,
        viewer: &viewer,
        ctx: &ctx,
        hx,
        process: &process,
        which,
    };
    let f: HashMap<String, String> = f.into_iter().collect();
    // `live_*` come from the editor's current state (htmx), the plain
    // fields from the form as the page was rendered.
    let base_version: i64 = opt(&f, "live_version")
        .or_else(|| opt(&f, "version"))
        .and_then(|v| v.parse().ok())
        .ok_or(AppError::BadRequest("error.version_required"))?;
    // The step form saves itself as people type (htmx); the answer then
    // updates only the saved state, the diagram and the live version.
    let autosave = hx.0 && f.get("autosave").is_some_and(|v| v == "1");
    let undo = opt(&f, "live_undo")
        .or_else(|| opt(&f, "undo"))
        .unwrap_or_default();
    let mut q = EditorQuery {
        undo,
        ..Default::default()
    };
    let op = match op_from_form(&f) {
        Ok(op) => op,
        Err(message) => {
            if text(&f, "op") == "setStep" {
                q.schritt = text(&f, "id");
                q.fokus = format!("{}:edit", q.schritt);
                let msg = Message {
                    error: Some(message),
                    conflict: None,
                };
                return ed.respond(&q, msg, Some((&text(&f, "id"), &f))).await;
            }
            if matches!(
                text(&f, "op").as_str(),
                "insertStep" | "addVariant" | "addParallel"
            ) {
                q.einfuegen = text(&f, "container");
            }
            let msg = Message {
                error: Some(message),
                conflict: None,
            };
            return ed.respond(&q, msg, None).await;
        }
    };
    // "In den Katalog aufnehmen" beside an IT system typed freely.
    if let Op::SetStep { step, .. } = &op
        && f.get("add_it_system").is_some_and(|v| v == "1")
        && let Some(name) = &step.it_system
    {
        modelling::adopt_it_system(&state.store, ctx.id(), &ctx.actor(), name).await?;
    }
    let edit = modelling::apply(
        &state.store,
        ctx.id(),
        &ctx.actor(),
        (id, which),
        base_version,
        &op,
    )
    .await?;
    let focus = match edit {
        Edit::Saved { before, focus, .. } => {
            let mut stack = parse_undo(&q.undo);
            stack.push(before);
            // Keep the last 50 steps.
            let skip = stack.len().saturating_sub(50);
            q.undo = stack[skip..]
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            focus
        }
        Edit::Unchanged { focus } => focus,
        Edit::Refused(message) => {
            let msg = Message {
                error: Some(message),
                conflict: None,
            };
            return ed.respond(&q, msg, None).await;
        }
        Edit::Conflict(c) => {
            q.schritt = c.id.clone();
            q.fokus = format!("{}:edit", c.id);
            // A branch shows its label and share in the rows of a step.
            let theirs: Option<StepItem> = match c.theirs {
                Some(Element::Step(s)) => Some(*s),
                Some(Element::Branch { label, share }) => Some(StepItem {
                    id: c.id.clone(),
                    label,
                    share,
                    ..StepItem::default()
                }),
                Some(Element::Subprocess { .. }) | None => None,
            };
            let cat = catalogue(&state, ctx.id()).await?;
            let conflict = context! {
                author => c.author,
                theirs => theirs.map(|s| conflict_rows(&s, &cat)),
            };
            let msg = Message {
                error: None,
                conflict: Some(conflict),
            };
            return ed.respond(&q, msg, Some((&c.id, &f))).await;
        }
    };
    q.fokus = focus_after(&op, focus);
    if let Op::SetStep { id, .. } = &op
        && f.get("keep_open").is_some_and(|v| !v.is_empty())
    {
        q.schritt = id.clone();
    }
    if autosave {
        return ed.autosaved(&q).await;
    }
    ed.respond(&q, Message::default(), None).await
}

/// The other person's values of a step, as label/value rows.
fn conflict_rows(s: &StepItem, cat: &Catalogue) -> Vec<Value> {
    [
        ("model.f_label", s.label.clone()),
        (
            "model.f_block",
            cat.block(&s.block)
                .map(|b| b.name.clone())
                .unwrap_or_else(|| s.block.clone()),
        ),
        ("model.f_processing", number_field(s.processing_minutes)),
        ("model.f_waiting", number_field(s.waiting_minutes)),
        ("model.f_share", percent_field(s.share)),
        ("model.f_it_system", s.it_system.clone().unwrap_or_default()),
        ("model.f_description", s.description.clone()),
        ("model.f_notes", s.notes.clone()),
    ]
    .into_iter()
    .map(|(k, v)| context! { label => t(k), value => v })
    .collect()
}

#[derive(Deserialize)]
pub struct UndoForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    live_version: String,
    #[serde(default)]
    undo: String,
    #[serde(default)]
    live_undo: String,
}

pub async fn undo(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    hx: HxRequest,
    Chosen(which): Chosen,
    Path((_, process)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<UndoForm>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let ed = Editor {
        state: &state,
        viewer: &viewer,
        ctx: &ctx,
        hx,
        process: &process,
        which,
    };
    let version: i64 = if f.live_version.is_empty() {
        &f.version
    } else {
        &f.live_version
    }
    .parse()
    .map_err(|_| AppError::BadRequest("error.version_required"))?;
    let mut stack = parse_undo(if f.live_undo.is_empty() {
        &f.undo
    } else {
        &f.live_undo
    });
    let mut q = EditorQuery::default();
    let Some(back_to) = stack.pop() else {
        return ed.respond(&q, Message::default(), None).await;
    };
    let undone = modelling::undo(
        &state.store,
        ctx.id(),
        &ctx.actor(),
        (id, which),
        version,
        back_to,
    )
    .await?;
    let msg = match undone {
        Undone::Done { .. } => {
            q.undo = stack
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            q.fokus = "undo".into();
            Message::default()
        }
        Undone::Stale => Message {
            error: Some(t("model.undo_stale")),
            conflict: None,
        },
    };
    ed.respond(&q, msg, None).await
}

// ------------------------------------------------------------ the to-be model

/// "Soll-Modell anlegen": the to-be model as a copy of the as-is model,
/// then its editor.
pub async fn create_to_be(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let to_be = base(ctx.id(), id, Which::ToBe);
    match modelling::to_be::create(&state.store, ctx.id(), &ctx.actor(), id).await {
        Ok(_) => Ok(done(&to_be, "to_be_created")),
        Err(ablauf_app::Error::Conflict("to_be.exists")) => Ok(done(&to_be, "to_be_exists")),
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm_delete_to_be(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let m = modelling::load(&state.store, ctx.id(), (path_id(&process)?, Which::ToBe)).await?;
    let to_be = base(ctx.id(), m.process.id, Which::ToBe);
    confirm_page(
        &viewer,
        Some(&ctx),
        "register",
        &t("to_be.delete_title"),
        &tf("to_be.delete_question", &[("name", &m.process.name)]),
        &format!("{to_be}/loeschen"),
        &t("to_be.delete"),
        &to_be,
        false,
    )
}

pub async fn delete_to_be(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    modelling::to_be::delete(&state.store, ctx.id(), &ctx.actor(), id, None).await?;
    Ok(done(
        &format!("/o/{}/prozesse/{id}", ctx.id()),
        "to_be_deleted",
    ))
}

// ------------------------------------------------------------ downloads

#[derive(Deserialize, Default)]
pub struct DownloadQuery {
    #[serde(default)]
    version: Option<i64>,
}

fn download(body: String, mime: &str, file: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The version a download asks for, with the names of its lanes.
async fn to_download(
    state: &AppState,
    ctx: &OrgCtx,
    (process, which): (&str, Which),
    q: &DownloadQuery,
) -> AppResult<(ProcessRow, VersionRow, Names)> {
    let (row, v) = modelling::version_of(
        &state.store,
        ctx.id(),
        (path_id(process)?, which),
        q.version,
    )
    .await?;
    Ok((row, v, Names::load(&state.store, ctx.id()).await?))
}

pub async fn svg(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Chosen(which): Chosen,
    Path((_, process)): Path<(String, String)>,
    Query(q): Query<DownloadQuery>,
) -> AppResult<Response> {
    let (row, v, names) = to_download(&state, &ctx, (&process, which), &q).await?;
    let cat = catalogue(&state, ctx.id()).await?;
    let svg = diagram_svg(&v, &row.name, &names, &cat).ok_or(AppError::NotFound)?;
    let svg = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}");
    Ok(download(
        svg,
        "image/svg+xml; charset=utf-8",
        format!("{}.svg", file_of(&row.name, which)),
    ))
}

pub async fn bpmn(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Chosen(which): Chosen,
    Path((_, process)): Path<(String, String)>,
    Query(q): Query<DownloadQuery>,
) -> AppResult<Response> {
    let (row, v, names) = to_download(&state, &ctx, (&process, which), &q).await?;
    let xml = bpmn_text(&v, &row.name, &names).ok_or(AppError::NotFound)?;
    Ok(download(
        xml,
        "application/xml; charset=utf-8",
        format!("{}.bpmn", file_of(&row.name, which)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_clerks_say_them() {
        assert_eq!(minutes_text(15.0), "15 Min.");
        assert_eq!(minutes_text(7.5), "7,5 Min.");
        assert_eq!(minutes_text(90.0), "90 Min.");
        assert_eq!(minutes_text(150.0), "2,5 Std.");
        assert_eq!(minutes_text(1440.0), "1 Tag");
        assert_eq!(minutes_text(4320.0), "3 Tage");
        assert_eq!(percent_field(Some(0.8)), "80");
        assert_eq!(percent_field(Some(0.125)), "12,5");
    }

    #[test]
    fn step_forms_take_german_numbers_and_refuse_junk() {
        let mut f: HashMap<String, String> = [
            ("label", "Antrag prüfen"),
            ("block", "formell-pruefen"),
            ("processing_minutes", "12,5"),
            ("share", "80"),
            ("documents_in", "Antrag\n\nAusweis"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let s = step_from_form("s1", &f).unwrap();
        assert_eq!(s.processing_minutes, Some(12.5));
        assert_eq!(s.share, Some(0.8));
        assert_eq!(s.documents.len(), 2);
        f.insert("waiting_minutes".into(), "zwei Tage".into());
        assert_eq!(step_from_form("s1", &f).unwrap_err(), ["waiting_minutes"]);
    }
}
