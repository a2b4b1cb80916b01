//! The library as every signed-in person reads it (`/bibliothek…`): the
//! search with its filters, a template's page (any version), and the
//! adoption wizard of an organisation (`/o/{org}/bibliothek/{template}/
//! uebernehmen`, Modellierer and administrators).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{LibraryReader, OrgEditor, Viewer};
use crate::error::{AppError, AppResult, path_id};
use crate::htmx::HxRequest;
use crate::pages::{FormErrors, HtmlForm, form_errors, layout, unprocessable};
use crate::templates::render;
use crate::views::layout_in;
use ablauf_app::i18n::{t, tf};
use ablauf_app::library::adopt::{self, Adoption, GradeChoice, Wizard};
use ablauf_app::library::browse::{self, Filter, Found, TemplatePage};
use ablauf_app::modelling::Names;
use ablauf_domain::format_decimal_de as de;
use ablauf_domain::{OrgKind, ReferenceKind, Role};
use ablauf_library::{Content, Version};
use ablauf_store::{Organization, TemplateId};

/// Templates listed per page.
const PER_PAGE: usize = 20;

/// The organisation the person works in (the one used last, else the
/// first), for the navigation and the "Übernehmen" button.
fn current_org(viewer: &Viewer) -> Option<(&Organization, Role)> {
    let last = viewer.current.user.last_organization_id;
    viewer
        .orgs
        .iter()
        .find(|(o, _)| Some(o.id) == last)
        .or(viewer.orgs.first())
        .map(|(o, r)| (o, *r))
}

fn kind_label(k: OrgKind) -> String {
    t(&k.label_key())
}

fn kinds_text(kinds: &[OrgKind]) -> String {
    if kinds.is_empty() {
        t("library_browse.all_kinds")
    } else {
        kinds
            .iter()
            .map(|k| kind_label(*k))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The link of a template's page (its current version when None).
pub fn template_href(id: TemplateId, v: Option<Version>) -> String {
    match v {
        Some(v) => format!("/bibliothek/vorlagen/{id}/versionen/{v}"),
        None => format!("/bibliothek/vorlagen/{id}"),
    }
}

// ------------------------------------------------------------ browsing

/// The query string of the browse page: the filters and the page.
#[derive(Debug, Default, Deserialize)]
pub struct BrowseQuery {
    #[serde(flatten)]
    filter: Filter,
    #[serde(default)]
    seite: String,
}

fn query_string(f: &Filter, page: usize) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("q", &f.q),
        ("service", &f.service),
        ("themenfeld", &f.themenfeld),
        ("lebenslage", &f.lebenslage),
        ("kind", &f.kind),
    ] {
        if !v.trim().is_empty() {
            pairs.push((k, v.trim().to_owned()));
        }
    }
    if page > 1 {
        pairs.push(("seite", page.to_string()));
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

fn results_view(f: &Filter, found: &Found, page: usize) -> Value {
    let pages = found.total.div_ceil(PER_PAGE).max(1);
    let href = |p: usize| {
        let qs = query_string(f, p);
        if qs.is_empty() {
            "/bibliothek".to_owned()
        } else {
            format!("/bibliothek?{qs}")
        }
    };
    let items: Vec<Value> = found
        .items
        .iter()
        .map(|l| {
            context! {
                href => template_href(l.row.id, None),
                name => l.row.name.clone(),
                runs => l.name_runs.iter().map(|(text, hit)| context! { text => text, hit => hit }).collect::<Vec<_>>(),
                version => l.version.to_string(),
                service => match &l.row.service_key {
                    Some(k) if !l.row.service_name.is_empty() => format!("{} ({k})", l.row.service_name),
                    Some(k) => k.clone(),
                    None => l.row.service_name.clone(),
                },
                themenfeld => l.row.themenfeld.clone(),
                lebenslage => l.row.lebenslage.clone(),
                kinds => kinds_text(&l.suits),
                steps => l.row.step_count,
                adoptions => l.adoptions,
            }
        })
        .collect();
    context! {
        items => items,
        total => found.total,
        empty_library => found.library_size == 0,
        count => if found.total == 1 { t("library_browse.count_one") } else { tf("library_browse.count", &[("count", &found.total.to_string())]) },
        page => page,
        pages => pages,
        prev => (page > 1).then(|| href(page - 1)),
        next => (page < pages).then(|| href(page + 1)),
    }
}

/// `/bibliothek`: search and filters, the results a page at a time.
pub async fn browse(
    State(state): State<AppState>,
    viewer: Viewer,
    _reader: LibraryReader,
    hx: HxRequest,
    Query(q): Query<BrowseQuery>,
) -> AppResult<Response> {
    let page = q.seite.trim().parse::<usize>().unwrap_or(1).max(1);
    let f = q.filter;
    let found = browse::find(
        &state.store,
        &state.library,
        &f,
        (page - 1) * PER_PAGE,
        PER_PAGE,
    )
    .await?;
    let results = results_view(&f, &found, page);
    if hx.0 {
        return Ok(render("library/_results.html", context! { r => results })?.into_response());
    }
    let option = |v: &String, chosen: &str| {
        context! { code => v.clone(), label => v.clone(), selected => v.to_lowercase() == chosen.trim().to_lowercase() }
    };
    let kinds: Vec<Value> = OrgKind::ALL
        .iter()
        .map(|k| context! { code => k.code(), label => kind_label(*k), selected => k.code() == f.kind.trim() })
        .collect();
    let kind_error = (!f.kind_known()).then(|| t("library_browse.error_kind"));
    Ok(render(
        "library/browse.html",
        context! {
            layout => layout_in(&viewer, current_org(&viewer), &t("library_browse.title"), "library"),
            f => &f,
            themenfelder => found.themenfelder.iter().map(|v| option(v, &f.themenfeld)).collect::<Vec<_>>(),
            lebenslagen => found.lebenslagen.iter().map(|v| option(v, &f.lebenslage)).collect::<Vec<_>>(),
            kinds => kinds,
            kind_error => kind_error,
            filtered => !f.is_empty(),
            r => results,
        },
    )?
    .into_response())
}

// ------------------------------------------------------------ a template

/// A template's names as [`Names`] for the step table: roles and pay
/// grades stand for themselves.
fn names_of(c: &Content) -> Names {
    Names {
        units: c.roles().into_iter().map(|r| (r.clone(), r, 0)).collect(),
        grades: c.pay_grades().into_iter().map(|g| (g.clone(), g)).collect(),
        it_systems: c.it_systems(),
    }
}

/// The neutral Steckbrief as (label, value) rows.
fn profile_rows(c: &Content) -> Vec<Value> {
    let p = &c.profile;
    let list = |v: &[String]| v.join("; ");
    let rows: Vec<(String, String)> = vec![
        (t("profile.description"), p.description.clone()),
        (
            t("profile.service"),
            match &p.service_key {
                Some(k) => format!("{} ({k})", p.service_name),
                None => p.service_name.clone(),
            },
        ),
        (t("profile.ozg_service"), p.ozg_service.clone()),
        (t("profile.themenfeld"), p.themenfeld.clone()),
        (t("profile.lebenslage"), p.lebenslage.clone()),
        (
            t("profile.process_type"),
            p.process_type
                .map(|pt| t(&format!("process_type.{}", pt.code())))
                .unwrap_or_default(),
        ),
        (
            t("library_browse.responsible_role"),
            p.responsible_role.clone().unwrap_or_default(),
        ),
        (
            t("library_browse.participating_roles"),
            list(&p.participating_roles),
        ),
        (t("profile.trigger"), p.trigger.clone()),
        (t("profile.result"), p.result.clone()),
        (t("profile.external_parties"), list(&p.external_parties)),
        (
            t("profile.applicant_involved"),
            if p.applicant_involved {
                t("common.yes")
            } else {
                t("common.no")
            },
        ),
        (t("profile.legal_bases"), list(&p.legal_bases)),
        (
            t("profile.cases_per_year"),
            p.cases_per_year.map(|c| c.to_string()).unwrap_or_default(),
        ),
        (
            t("profile.statutory_deadline"),
            p.statutory_deadline.clone(),
        ),
        (t("profile.it_systems"), list(&p.it_systems)),
        (t("profile.documents"), list(&p.documents)),
        (
            t("profile.digitisation_level"),
            p.digitisation_level
                .map(|d| t(&format!("ozg_level.l{d}")))
                .unwrap_or_default(),
        ),
        (t("profile.keywords"), p.keywords.join(", ")),
        (
            t("profile.criticality"),
            t(&format!("criticality.{}", p.criticality.code())),
        ),
        (t("profile.max_downtime"), p.max_downtime.clone()),
        (t("library_browse.suits"), kinds_text(&c.suits)),
    ];
    rows.into_iter()
        .map(|(label, value)| context! { label => label, value => value })
        .collect()
}

fn figures_view(page: &TemplatePage) -> Option<Value> {
    let a = page.analysis.as_ref()?;
    let f = &a.totals.figures;
    let minutes = |m: f64| {
        let n = de(m, 1);
        let n = n.strip_suffix(",0").unwrap_or(&n);
        tf("library_browse.fig_minutes", &[("n", n)])
    };
    Some(context! {
        processing => minutes(f.processing_minutes_per_case),
        range => format!("{} – {}", minutes(f.processing_minutes_min_per_case), minutes(f.processing_minutes_max_per_case)),
        lead => tf("library_browse.fig_hours_days", &[("hours", &de(f.lead_time_hours, 1)), ("days", &de(f.lead_time_days, 1))]),
        waiting => minutes(f.waiting_minutes_per_case),
        cases => page.content.profile.cases_per_year.map(|c| c.to_string()),
        annual_hours => f.annual_hours.map(|h| de(h, 0)),
        fte => f.fte.map(|x| de(x, 2)),
        steps => f.steps,
        it_steps => f.it_steps,
    })
}

/// The "Übernehmen" link for a person who may adopt into the organisation
/// they work in.
fn adopt_link(viewer: &Viewer, page: &TemplatePage) -> Option<Value> {
    let (org, role) = current_org(viewer)?;
    if !role.can_edit() {
        return None;
    }
    let mut href = format!("/o/{}/bibliothek/{}/uebernehmen", org.id, page.template.id);
    if !page.is_current() {
        href.push_str(&format!("?version={}", page.version));
    }
    Some(context! { href => href, org => org.name.clone() })
}

async fn template_page(
    state: &AppState,
    viewer: &Viewer,
    id: TemplateId,
    v: Option<Version>,
) -> AppResult<Response> {
    let page = browse::template(&state.store, id, v).await?;
    let c = &page.content;
    let title = c.profile.name.clone();
    let diagram = (!c.model.subprocesses.is_empty()).then(|| {
        ablauf_model::model_to_svg(
            &c.model,
            &title,
            &|u: &str| Some(u.to_owned()),
            &ablauf_model::Catalogue::default(),
        )
    });
    let rows =
        crate::pages::model::step_rows(&c.model, &names_of(c), &ablauf_model::Catalogue::default());
    let versions: Vec<Value> = page
        .versions
        .iter()
        .map(|e| {
            context! {
                version => e.version.to_string(),
                href => template_href(page.template.id, (e.version != page.current).then_some(e.version)),
                shown => e.version == page.version,
                current => e.version == page.current,
                released => e.released_at.to_rfc3339(),
                notes => e.release_notes.clone(),
                usage => if e.processes == 0 { t("library_browse.usage_none") } else {
                    tf("library_browse.usage_line", &[("processes", &e.processes.to_string()), ("orgs", &e.organizations.to_string())])
                },
                named => (!e.named.is_empty()).then(|| tf("library_browse.named", &[("names", &e.named.join(", "))])),
            }
        })
        .collect();
    let (orgs, processes) = page.usage();
    Ok(render(
        "library/template.html",
        context! {
            layout => layout_in(viewer, current_org(viewer), &title, "library"),
            name => title,
            version => page.version.to_string(),
            current => page.current.to_string(),
            is_current => page.is_current(),
            current_href => template_href(page.template.id, None),
            released => page.released_at.to_rfc3339(),
            release_notes => page.release_notes.clone(),
            profile => profile_rows(c),
            roles => c.roles(),
            diagram => diagram,
            rows => rows,
            figures => figures_view(&page),
            versions => versions,
            usage => tf("library_browse.usage_total", &[("orgs", &orgs.to_string()), ("processes", &processes.to_string())]),
            adopt => adopt_link(viewer, &page),
        },
    )?
    .into_response())
}

/// `/bibliothek/vorlagen/{template}`: the current version.
pub async fn template(
    State(state): State<AppState>,
    viewer: Viewer,
    _reader: LibraryReader,
    Path(template): Path<String>,
) -> AppResult<Response> {
    template_page(&state, &viewer, path_id(&template)?, None).await
}

/// `/bibliothek/vorlagen/{template}/versionen/{version}`: any version.
pub async fn template_version(
    State(state): State<AppState>,
    viewer: Viewer,
    _reader: LibraryReader,
    Path((template, version)): Path<(String, String)>,
) -> AppResult<Response> {
    let v = Version::parse(&version).ok_or(AppError::NotFound)?;
    template_page(&state, &viewer, path_id(&template)?, Some(v)).await
}

// ------------------------------------------------------------ adopting

/// `?version=1.0` of the wizard: an older version to adopt.
#[derive(Debug, Default, Deserialize)]
pub struct VersionQuery {
    #[serde(default)]
    version: String,
}

fn wanted(raw: &str) -> AppResult<Option<Version>> {
    match raw.trim() {
        "" => Ok(None),
        v => Version::parse(v).map(Some).ok_or(AppError::NotFound),
    }
}

/// What the wizard's form holds: per role `role.{i}` (an org unit id), per
/// pay grade `grade.{i}` (a pay grade id, or `neu`) and `rate.{i}`, and
/// `area_id`.
type Typed = HashMap<String, String>;

fn kind_key(k: ReferenceKind) -> String {
    format!("library_browse.kind_{}", k.code())
}

fn wizard_page(
    viewer: &Viewer,
    ctx: &OrgEditor,
    w: &Wizard,
    typed: Option<&Typed>,
    errors: &FormErrors,
) -> AppResult<Html<String>> {
    let org = ctx.id();
    let get = |k: &str| typed.and_then(|t| t.get(k)).map(String::as_str);
    // Errors by the form's field names (`role.0`), in the form's order.
    let mut form_errors = FormErrors::default();
    for (i, (r, _)) in w.roles.iter().enumerate() {
        if let Some(m) = errors.0.get(&adopt::role_field(r)) {
            form_errors.0.insert(format!("role-{i}"), m.clone());
        }
    }
    for (i, (g, _)) in w.grades.iter().enumerate() {
        if let Some(m) = errors.0.get(&adopt::grade_field(g)) {
            form_errors.0.insert(format!("grade-{i}"), m.clone());
        }
    }
    for (k, m) in &errors.0 {
        if !k.starts_with("roles.") && !k.starts_with("pay_grades.") {
            form_errors.0.insert(k.clone(), m.clone());
        }
    }
    let roles: Vec<Value> = w
        .roles
        .iter()
        .enumerate()
        .map(|(i, (role, suggested))| {
            let chosen = get(&format!("role-{i}"))
                .map(str::to_owned)
                .or_else(|| suggested.map(|s| s.to_string()))
                .unwrap_or_default();
            context! {
                i => i,
                name => role,
                options => w.units.iter().map(|(id, name, depth)| context! {
                    id => id.to_string(),
                    label => format!("{}{name}", "\u{a0}\u{a0}".repeat(*depth)),
                    selected => id.to_string() == chosen,
                }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let grades: Vec<Value> = w
        .grades
        .iter()
        .enumerate()
        .map(|(i, (name, found))| {
            let chosen = get(&format!("grade-{i}"))
                .map(str::to_owned)
                .or_else(|| found.map(|g| g.to_string()))
                .unwrap_or_else(|| "neu".into());
            context! {
                i => i,
                name => name,
                new => chosen == "neu",
                rate => get(&format!("rate-{i}")).unwrap_or_default(),
                options => w.pay_grades.iter().map(|g| context! {
                    id => g.id.to_string(),
                    label => format!("{} ({} €)", g.name, de(g.hourly_rate_cents as f64 / 100.0, 2)),
                    selected => g.id.to_string() == chosen,
                }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let entries: Vec<Value> = w
        .entries
        .iter()
        .map(|e| {
            context! {
                kind => t(&kind_key(e.kind)),
                name => e.name.clone(),
                exists => e.existing.is_some(),
            }
        })
        .collect();
    let area = get("area_id").unwrap_or_default();
    let areas: Vec<Value> = w
        .areas
        .iter()
        .map(|(id, name, depth)| {
            context! {
                id => id.to_string(),
                label => format!("{}{name}", "\u{a0}\u{a0}".repeat(*depth)),
                selected => id.to_string() == area,
            }
        })
        .collect();
    let earlier: Vec<Value> = w
        .earlier
        .iter()
        .map(|c| {
            context! {
                href => format!("/o/{org}/prozesse/{}", c.process_id),
                name => c.name.clone(),
                version => format!("{}.{}", c.major, c.minor),
            }
        })
        .collect();
    let title = t("library_browse.adopt_title");
    render(
        "library/adopt.html",
        context! {
            layout => layout(viewer, Some(ctx), &title, "library"),
            name => w.template.name.clone(),
            version => w.version.to_string(),
            template_href => template_href(w.template.id, None),
            action => format!("/o/{org}/bibliothek/{}/uebernehmen", w.template.id),
            version_field => w.version.to_string(),
            roles => roles,
            no_units => w.units.is_empty(),
            grades => grades,
            entries => entries,
            areas => areas,
            earlier => earlier,
            errors => form_errors,
        },
    )
}

/// `GET /o/{org}/bibliothek/{template}/uebernehmen`: the wizard.
pub async fn adopt_form(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, template)): Path<(String, String)>,
    Query(q): Query<VersionQuery>,
) -> AppResult<Response> {
    let w = adopt::wizard(
        &state.store,
        ctx.id(),
        path_id(&template)?,
        wanted(&q.version)?,
    )
    .await?;
    Ok(wizard_page(&viewer, &ctx, &w, None, &FormErrors::default())?.into_response())
}

/// `POST …/uebernehmen`: adopts and goes to the new process, or shows the
/// wizard again with the errors (422).
pub async fn adopt_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, template)): Path<(String, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let typed: Typed = pairs.into_iter().collect();
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or_default();
    let version = wanted(get("version"))?;
    let id: TemplateId = path_id(&template)?;
    let w = adopt::wizard(&state.store, ctx.id(), id, version).await?;
    let mut a = Adoption {
        version: Some(w.version),
        area: crate::error::form_id(get("area_id")),
        ..Default::default()
    };
    for (i, (role, _)) in w.roles.iter().enumerate() {
        if let Some(u) = crate::error::form_id(get(&format!("role-{i}"))) {
            a.roles.insert(role.clone(), u);
        }
    }
    for (i, (name, _)) in w.grades.iter().enumerate() {
        let choice = match get(&format!("grade-{i}")) {
            "neu" => Some(GradeChoice::New {
                hourly_rate: get(&format!("rate-{i}")).to_owned(),
            }),
            other => crate::error::form_id(other).map(GradeChoice::Existing),
        };
        if let Some(c) = choice {
            a.pay_grades.insert(name.clone(), c);
        }
    }
    let r = adopt::adopt(&state.store, ctx.id(), &ctx.actor(), id, &a).await;
    match form_errors(r)? {
        Ok(row) => {
            Ok(Redirect::to(&format!("/o/{}/prozesse/{}", ctx.id(), row.id)).into_response())
        }
        Err(errors) => Ok(unprocessable(wizard_page(
            &viewer,
            &ctx,
            &w,
            Some(&typed),
            &errors,
        )?)),
    }
}

// ------------------------------------------------------------ lineage

/// The line "übernommen aus Musterprozess X, Version 1.1" of a process
/// page (None: not from the library).
pub async fn lineage_view(
    state: &AppState,
    org: ablauf_store::OrgId,
    process: ablauf_store::ProcessId,
) -> AppResult<Option<Value>> {
    let Some(l) = state.store.get_lineage(org, process).await? else {
        return Ok(None);
    };
    let name = match state.store.get_template(l.template_id).await {
        Ok(t) => t.name,
        Err(ablauf_store::StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let v = ablauf_app::library::version(l.major, l.minor);
    Ok(Some(context! {
        adopted => l.adopted,
        name => name,
        version => v.to_string(),
        href => template_href(l.template_id, Some(v)),
    }))
}
