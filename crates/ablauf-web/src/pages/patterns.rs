//! The pattern page of the "Analysen" area: a form that builds a pattern
//! query (a sequence of steps with conditions), the processes it matches
//! with their steps linked into the block editor, and the organisation's
//! saved queries. Every member runs queries; Modellierer and
//! administrators save and delete them.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::users::confirm_page;
use crate::pages::{FormErrors, HtmlForm, done, form_errors, layout, unprocessable};
use crate::templates::render;
use ablauf_analysis::pattern::{Element, MAX_ELEMENTS, PatternQuery};
use ablauf_app::i18n::{t, tf};
use ablauf_app::patterns;

/// Processes listed on the page (all are counted).
const SHOWN: usize = 50;

fn base(org: &OrgCtx) -> String {
    format!("/o/{}/analysen/muster", org.id())
}

/// Waiting-time units of the form and their minutes.
const UNITS: [(&str, f64); 3] = [("min", 1.0), ("h", 60.0), ("d", 1440.0)];

/// The block catalogue as the form offers it: (category key, category
/// name, [(block key, block name)]).
type BlockOptions = Vec<(String, String, Vec<(String, String)>)>;

/// One element as the form shows it.
#[derive(Default, Clone)]
struct ElementForm {
    block: String,
    medium: String,
    it: String,
    wait: String,
    unit: String,
}

/// The form's state: elements, within, adjacent.
#[derive(Default)]
struct QueryForm {
    elements: Vec<ElementForm>,
    subprocess: bool,
    adjacent: bool,
}

fn number_de(s: &str) -> Option<f64> {
    let s = s.trim().replace('.', "").replace(',', ".");
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}").replace('.', ",")
    }
}

impl QueryForm {
    /// Reads the form's fields (`b0`, `m0`, `i0`, `w0`, `u0`, … `n`,
    /// `within`, `adjacent`, and the buttons `add` and `remove`).
    fn read(f: &HashMap<String, String>) -> QueryForm {
        let get = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let n = get("n")
            .parse::<usize>()
            .unwrap_or(1)
            .clamp(1, MAX_ELEMENTS);
        let mut elements: Vec<ElementForm> = (0..n)
            .map(|k| ElementForm {
                block: get(&format!("b{k}")),
                medium: get(&format!("m{k}")),
                it: get(&format!("i{k}")),
                wait: get(&format!("w{k}")),
                unit: get(&format!("u{k}")),
            })
            .collect();
        if let Ok(k) = get("remove").parse::<usize>()
            && k < elements.len()
            && elements.len() > 1
        {
            elements.remove(k);
        }
        if f.contains_key("add") && elements.len() < MAX_ELEMENTS {
            elements.push(ElementForm::default());
        }
        QueryForm {
            elements,
            subprocess: get("within") == "subprocess",
            adjacent: get("adjacent") == "1",
        }
    }

    fn of(q: &PatternQuery) -> QueryForm {
        QueryForm {
            elements: q
                .sequence
                .iter()
                .map(|e| {
                    let (wait, unit) = match e.min_waiting_minutes {
                        Some(m) if m > 0.0 && m % 1440.0 == 0.0 => (format_number(m / 1440.0), "d"),
                        Some(m) if m > 0.0 && m % 60.0 == 0.0 => (format_number(m / 60.0), "h"),
                        Some(m) => (format_number(m), "min"),
                        None => (String::new(), "d"),
                    };
                    ElementForm {
                        block: e.block.clone().unwrap_or_default(),
                        medium: e.medium.clone().unwrap_or_default(),
                        it: e.it_system.clone().unwrap_or_default(),
                        wait,
                        unit: unit.into(),
                    }
                })
                .collect(),
            subprocess: q.within == "subprocess",
            adjacent: q.adjacent,
        }
    }

    /// The query, or field errors by the form's field names.
    fn query(&self) -> Result<PatternQuery, FormErrors> {
        let mut errors = FormErrors::default();
        let mut sequence = Vec::new();
        for (k, e) in self.elements.iter().enumerate() {
            let min = if e.wait.is_empty() {
                None
            } else {
                match number_de(&e.wait) {
                    Some(v) if v >= 0.0 => {
                        let factor = UNITS.iter().find(|u| u.0 == e.unit).map_or(1440.0, |u| u.1);
                        Some(v * factor)
                    }
                    Some(_) => {
                        errors.add(&format!("w{k}"), "error.pattern_wait_negative");
                        None
                    }
                    None => {
                        errors.add(&format!("w{k}"), "error.pattern_wait_number");
                        None
                    }
                }
            };
            sequence.push(Element {
                block: Some(e.block.clone()),
                medium: Some(e.medium.clone()),
                it_system: Some(e.it.clone()),
                min_waiting_minutes: min,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PatternQuery {
            sequence,
            within: if self.subprocess {
                "subprocess"
            } else {
                "process"
            }
            .into(),
            adjacent: self.adjacent,
        }
        .normalized())
    }

    fn view(&self, blocks: &BlockOptions) -> Value {
        let elements: Vec<Value> = self
            .elements
            .iter()
            .enumerate()
            .map(|(k, e)| {
                context! {
                    k => k,
                    number => k + 1,
                    block => e.block,
                    medium => e.medium,
                    it => e.it,
                    wait => e.wait,
                    categories => blocks.iter().map(|(_, name, bs)| context! {
                        name => name,
                        blocks => bs.iter().map(|(key, name)| context! { key => key, name => name, selected => *key == e.block }).collect::<Vec<_>>(),
                    }).collect::<Vec<_>>(),
                    media => ablauf_model::MEDIA.iter().map(|(key, label)| context! { key => key, label => label, selected => *key == e.medium }).collect::<Vec<_>>(),
                    units => UNITS.iter().map(|(u, _)| context! { key => u, label => t(&format!("patterns.unit_{u}")), selected => *u == e.unit || (e.unit.is_empty() && *u == "d") }).collect::<Vec<_>>(),
                }
            })
            .collect();
        context! {
            elements => elements,
            n => self.elements.len(),
            can_add => self.elements.len() < MAX_ELEMENTS,
            can_remove => self.elements.len() > 1,
            subprocess => self.subprocess,
            adjacent => self.adjacent,
        }
    }
}

/// The organisation's block catalogue as (category key, name, blocks).
async fn block_options(
    state: &AppState,
    ctx: &OrgCtx,
) -> AppResult<(BlockOptions, HashMap<String, String>)> {
    let cat = ablauf_app::block_catalogue::org_catalogue(&state.store, ctx.id()).await?;
    let names: HashMap<String, String> = cat
        .blocks()
        .map(|b| (b.key.clone(), b.name.clone()))
        .collect();
    let visible = cat
        .visible()
        .into_iter()
        .map(|(c, bs)| {
            (
                c.key.clone(),
                c.name.clone(),
                bs.iter().map(|b| (b.key.clone(), b.name.clone())).collect(),
            )
        })
        .collect();
    Ok((visible, names))
}

struct Page<'a> {
    form: &'a QueryForm,
    errors: &'a FormErrors,
    results: Option<Value>,
    save_name: &'a str,
    notice: Option<String>,
}

async fn render_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    p: Page<'_>,
) -> AppResult<axum::response::Html<String>> {
    let (blocks, _) = block_options(state, ctx).await?;
    let it_systems = ablauf_app::modelling::Names::load(&state.store, ctx.id())
        .await?
        .it_systems;
    let saved: Vec<Value> = patterns::saved(&state.store, ctx.id())
        .await?
        .into_iter()
        .map(|s| context! { id => s.id.to_string(), name => s.name, by => s.created_by })
        .collect();
    let query_json = p
        .form
        .query()
        .ok()
        .and_then(|q| serde_json::to_string(&q).ok())
        .unwrap_or_default();
    render(
        "analysis/patterns.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("patterns.title"), "analysis"),
            notice => p.notice,
            form => p.form.view(&blocks),
            it_systems => it_systems,
            errors => p.errors,
            results => p.results,
            saved => saved,
            query_json => query_json,
            save_name => p.save_name,
        },
    )
}

/// The found processes with their matches, steps named and linked.
async fn results_view(
    state: &AppState,
    ctx: &OrgCtx,
    found: ablauf_store::PatternResults,
) -> AppResult<Value> {
    let (_, block_names) = block_options(state, ctx).await?;
    let ids: Vec<Uuid> = found.matches.iter().map(|m| m.process_id).collect();
    let labels: HashMap<(Uuid, String), (String, String)> = state
        .store
        .step_labels(ctx.id(), &ids)
        .await?
        .into_iter()
        .map(|l| ((l.process_id, l.step_id), (l.label, l.block)))
        .collect();
    let org = ctx.id();
    let processes: Vec<Value> = found
        .matches
        .iter()
        .map(|m| {
            let matches: Vec<Value> = m
                .step_ids
                .iter()
                .map(|tuple| {
                    let steps: Vec<Value> = tuple
                        .iter()
                        .map(|sid| {
                            let (label, block) = labels
                                .get(&(m.process_id, sid.clone()))
                                .cloned()
                                .unwrap_or_default();
                            let block = block_names.get(&block).cloned().unwrap_or(block);
                            let label = if label.is_empty() { block.clone() } else { label };
                            context! {
                                label => label,
                                block => block,
                                href => format!("/o/{org}/prozesse/{}/modell?schritt={}#{}", m.process_id, urlencode(sid), urlencode(sid)),
                            }
                        })
                        .collect();
                    context! { steps => steps }
                })
                .collect();
            context! {
                name => m.name,
                href => format!("/o/{org}/prozesse/{}", m.process_id),
                count => m.step_ids.len(),
                matches => matches,
            }
        })
        .collect();
    Ok(context! {
        total => found.total,
        shown => processes.len(),
        processes => processes,
    })
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    state.store.prepare_steps(ctx.id());
    let notice = q
        .fields
        .get("hinweis")
        .map(|h| format!("flash.{h}"))
        .filter(|k| ablauf_app::i18n::has(k))
        .map(|k| t(&k));
    let mut errors = FormErrors::default();
    let mut results = None;
    let form = if let Some(id) = q.fields.get("gespeichert") {
        let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
        let saved = patterns::get(&state.store, ctx.id(), id).await?;
        let form = QueryForm::of(&saved.query);
        let (_, found) = patterns::run(&state.store, ctx.id(), saved.query, SHOWN).await?;
        results = Some(results_view(&state, &ctx, found).await?);
        form
    } else {
        let mut form = QueryForm::read(&q.fields);
        if form.elements.is_empty() {
            form.elements.push(ElementForm::default());
        }
        if q.fields.contains_key("run") {
            match form.query() {
                Ok(query) => {
                    match form_errors(patterns::run(&state.store, ctx.id(), query, SHOWN).await)? {
                        Ok((_, found)) => results = Some(results_view(&state, &ctx, found).await?),
                        Err(e) => errors = e,
                    }
                }
                Err(e) => errors = e,
            }
        }
        form
    };
    let page = Page {
        form: &form,
        errors: &errors,
        results,
        save_name: "",
        notice,
    };
    let html = render_page(&state, &viewer, &ctx, page).await?;
    if errors.is_empty() {
        Ok(html.into_response())
    } else {
        Ok(unprocessable(html))
    }
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    HtmlForm(f): HtmlForm<SaveForm>,
) -> AppResult<Response> {
    let query: PatternQuery = serde_json::from_str(&f.query).unwrap_or_default();
    let r = patterns::save(&state.store, ctx.id(), &ctx.actor(), &f.name, query.clone()).await;
    match form_errors(r)? {
        Ok(_) => Ok(done(&base(&ctx), "pattern_query_saved")),
        Err(errors) => {
            let form = QueryForm::of(&query);
            let page = Page {
                form: &form,
                errors: &errors,
                results: None,
                save_name: &f.name,
                notice: None,
            };
            Ok(unprocessable(
                render_page(&state, &viewer, &ctx, page).await?,
            ))
        }
    }
}

pub async fn confirm_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let s = patterns::get(&state.store, ctx.id(), id).await?;
    confirm_page(
        &viewer,
        Some(&ctx),
        "analysis",
        &t("patterns.delete_title"),
        &tf("patterns.delete_question", &[("name", &s.name)]),
        &format!("{}/{}/loeschen", base(&ctx), s.id),
        &t("common.delete"),
        &base(&ctx),
        false,
    )
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    patterns::delete(&state.store, ctx.id(), &ctx.actor(), id).await?;
    Ok(done(&base(&ctx), "pattern_query_deleted"))
}
