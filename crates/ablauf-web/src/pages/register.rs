//! The process register: the process map (areas with process tiles), the
//! register table, the Steckbrief form with optimistic concurrency and a
//! conflict page, versions with comparison and restore, release, and the
//! organisation's catalogues. What these do beyond parsing the forms and
//! rendering is in [`ablauf_app::register`].

use std::collections::HashMap;

use ablauf_domain::ReferenceKind;
use ablauf_domain::{AreaId, EntryId, OrgUnitId};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use minijinja::{Value, context};
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppError, AppResult, form_id, path_id};
use crate::pages::users::confirm_page;
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::Error;
use ablauf_app::i18n::{t, tf};
use ablauf_app::modelling::person;
use ablauf_app::register::{self, Lookups, ProfileSaved, TypedService, display_fields, leika_key};
use ablauf_domain::process::{Criticality, ProcessType, Profile, Status};
use ablauf_store::{OrgId, ProcessRow, RegisterFilter, Save};

fn base(org: OrgId) -> String {
    format!("/o/{org}/prozesse")
}

/// Options for a select of org units (indented tree), marking `selected`.
fn unit_options(l: &Lookups, selected: &[OrgUnitId]) -> Vec<Value> {
    l.units
        .iter()
        .map(|(id, name, d)| {
            context! { id => id.to_string(), label => format!("{}{name}", "\u{2003}".repeat(*d)), name => name, selected => selected.contains(id) }
        })
        .collect()
}

/// Options for a select of areas (indented tree), marking `selected`.
pub(crate) fn area_options(l: &Lookups, selected: Option<AreaId>) -> Vec<Value> {
    l.areas
        .iter()
        .map(|(id, name, d)| {
            context! { id => id.to_string(), label => format!("{}{name}", "\u{2003}".repeat(*d)), selected => Some(*id) == selected }
        })
        .collect()
}

fn labelled(fields: Vec<(&'static str, String)>) -> Vec<Value> {
    fields
        .into_iter()
        .map(|(f, v)| context! { field => f, label => t(&format!("profile.{f}")), value => v })
        .collect()
}

fn status_view(r: &ProcessRow) -> Value {
    context! { code => r.status.code(), label => t(&r.status.label_key()) }
}

// ---------------------------------------------------------------- the map

#[derive(Deserialize, Default)]
pub struct RegisterQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    criticality: String,
    #[serde(default)]
    level: String,
    /// A service: "LeiKa key – name" as the suggestions offer it, a key, or
    /// text that names exactly one catalogue entry.
    #[serde(default)]
    service: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    dir: String,
    #[serde(default)]
    ansicht: String,
    /// Page of the table, from 1.
    #[serde(default)]
    seite: String,
    #[serde(flatten)]
    notice: Notice,
}

/// The three views of the register.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    /// Areas as sections with process tiles (the default).
    Map,
    /// Areas as a nested, collapsible list with their processes.
    Tree,
    /// The sortable, filterable table.
    Table,
}

/// The map's areas (in tree order, each with its `depth`) nested under
/// their parents: from `areas[0]`, every area of `depth`, each with its
/// `children`. Also says how many areas it took.
fn nest(areas: &[Value], depth: usize) -> (Vec<Value>, usize) {
    let depth_of = |a: &Value| {
        a.get_attr("depth")
            .ok()
            .and_then(|d| usize::try_from(d).ok())
            .unwrap_or(0)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < areas.len() && depth_of(&areas[i]) >= depth {
        let (children, taken) = nest(&areas[i + 1..], depth_of(&areas[i]) + 1);
        out.push(context! { children => children, ..areas[i].clone() });
        i += 1 + taken;
    }
    (out, i)
}

/// Rows per page of the register table.
const PAGE_ROWS: i64 = 100;
/// Tiles per area on the process map; the rest is one link to the table.
const MAP_TILES: i64 = 60;

impl RegisterQuery {
    /// The table's filter; unknown values do not filter.
    pub(crate) fn filter(&self) -> RegisterFilter {
        RegisterFilter {
            status: Some(self.status.clone()).filter(|s| Status::parse(s).is_some()),
            area_id: form_id(&self.area),
            org_unit_id: form_id(&self.unit),
            owner_id: form_id(&self.owner),
            service: leika_key(&self.service).map(str::to_owned),
            criticality: Some(self.criticality.clone()).filter(|c| Criticality::parse(c).is_some()),
            digitisation_level: self.level.parse().ok(),
            sort: self.sort.clone(),
            descending: self.dir == "desc",
        }
    }

    /// The filter and the order as query parameters (for the export and
    /// page links).
    pub(crate) fn filter_params(&self) -> String {
        let mut params = self.conditions();
        params.push_str(
            &serde_urlencoded::to_string([("sort", &self.sort), ("dir", &self.dir)])
                .unwrap_or_default(),
        );
        params
    }

    /// The filter's conditions as query parameters, ending in `&`.
    fn conditions(&self) -> String {
        let mut params = serde_urlencoded::to_string([
            ("status", self.status.as_str()),
            ("area", self.area.as_str()),
            ("unit", self.unit.as_str()),
            ("owner", self.owner.as_str()),
            ("criticality", self.criticality.as_str()),
            ("level", self.level.as_str()),
            ("service", self.service.as_str()),
        ])
        .unwrap_or_default();
        params.push('&');
        params
    }

    /// Turns a typed service into the catalogue entry it names ("key –
    /// name"), so the filter, its links and the field agree. Text that names
    /// no entry, or several, is refused with the reason (and not filtered).
    pub(crate) async fn resolve_service(
        &mut self,
        state: &AppState,
    ) -> AppResult<Option<&'static str>> {
        Ok(
            match register::resolve_service(&state.store, &self.service).await? {
                TypedService::Nothing => {
                    self.service.clear();
                    None
                }
                TypedService::Entry(entry) => {
                    self.service = entry;
                    None
                }
                TypedService::Problem(key) => Some(key),
            },
        )
    }
}

pub async fn register(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Query(mut q): Query<RegisterQuery>,
) -> AppResult<Response> {
    let org = ctx.id();
    let l = Lookups::load(&state.store, org).await?;
    // Whoever works in the register is likely to search next.
    state.store.prepare_search(org);
    let service_problem = q.resolve_service(&state).await?;
    let mut filter = q.filter();
    if service_problem.is_some() {
        filter.service = None;
    }
    let view = match q.ansicht.as_str() {
        "tabelle" => View::Table,
        "baum" => View::Tree,
        _ => View::Map,
    };
    let table = view == View::Table;
    let page: i64 = q.seite.parse().unwrap_or(1).max(1);
    let mut page: i64 = page;
    let (rows, matching, area_counts) = if table {
        let (mut rows, matching) = state
            .store
            .list_processes_page(org, &filter, (page - 1) * PAGE_ROWS, PAGE_ROWS)
            .await?;
        if rows.is_empty() && matching > 0 {
            // Behind the last page (the register shrank, or a typed link):
            // show the last one.
            page = (matching + PAGE_ROWS - 1) / PAGE_ROWS;
            rows = state
                .store
                .list_processes_page(org, &filter, (page - 1) * PAGE_ROWS, PAGE_ROWS)
                .await?
                .0;
        }
        (rows, matching, Vec::new())
    } else {
        let (rows, counts) = state.store.map_processes(org, MAP_TILES).await?;
        (rows, 0, counts)
    };
    let pages = ((matching + PAGE_ROWS - 1) / PAGE_ROWS).max(1);
    let area_count = |a: Option<AreaId>| {
        area_counts
            .iter()
            .find(|(id, _)| *id == a)
            .map_or(0, |(_, n)| *n)
    };
    let processes: Vec<Value> = rows
        .iter()
        .map(|r| {
            context! {
                id => r.id.to_string(),
                name => r.name.clone(),
                identifier => r.identifier.clone(),
                status => status_view(r),
                area => l.area(r.area_id),
                area_id => r.area_id.map(|a| a.to_string()),
                unit => l.unit(r.org_unit_id),
                owner => l.member(r.owner_id),
                service => r.service_name.clone(),
                criticality => t(&format!("criticality.{}", r.criticality.code())),
                level => r.digitisation_level,
                updated => r.updated_at.to_rfc3339(),
            }
        })
        .collect();
    // The map: areas in tree order, each with its processes, and how many
    // processes it holds with its subareas.
    let map: Vec<Value> = l
        .areas
        .iter()
        .enumerate()
        .map(|(i, (id, name, depth))| {
            let below = l.areas[i + 1..]
                .iter()
                .take_while(|(_, _, d)| d > depth)
                .collect::<Vec<_>>();
            let total = area_count(Some(*id))
                + below
                    .iter()
                    .map(|(a, _, _)| area_count(Some(*a)))
                    .sum::<i64>();
            let tiles: Vec<&Value> = processes
                .iter()
                .filter(|p| {
                    p.get_attr("area_id")
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        == Some(id.to_string())
                })
                .collect();
            let count = area_count(Some(*id));
            context! {
                id => id.to_string(), name => name, depth => depth,
                more => count - tiles.len() as i64, count => count, tiles => tiles,
                total => total, has_children => !below.is_empty(),
            }
        })
        .collect();
    let unassigned: Vec<&Value> = processes
        .iter()
        .filter(|p| p.get_attr("area_id").map(|v| v.is_none()).unwrap_or(true))
        .collect();
    let tree = if view == View::Tree {
        nest(&map, 0).0
    } else {
        Vec::new()
    };
    let sort_link = |col: &str| {
        let dir = if q.sort == col && q.dir != "desc" {
            "desc"
        } else {
            "asc"
        };
        let mut params = q.conditions();
        params.push_str(&format!("ansicht=tabelle&sort={col}&dir={dir}"));
        let aria = if q.sort == col || (q.sort.is_empty() && col == "name") {
            if q.dir == "desc" {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        context! { href => format!("{}?{params}", base(org)), aria => aria }
    };
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| context! { code => s.code(), label => t(&s.label_key()), selected => s.code() == q.status })
        .collect();
    let crit: Vec<Value> = Criticality::ALL
        .iter()
        .map(|c| context! { code => c.code(), label => t(&format!("criticality.{}", c.code())), selected => c.code() == q.criticality })
        .collect();
    let levels: Vec<Value> = (0..=4)
        .map(|lv| context! { code => lv.to_string(), label => t(&format!("ozg_level.l{lv}")), selected => lv.to_string() == q.level })
        .collect();
    let owners: Vec<Value> = l
        .members
        .iter()
        .map(|(id, n)| context! { id => id.to_string(), label => n, selected => id.to_string() == q.owner })
        .collect();
    // Page links keep the filter and the sort.
    let page_link = |n: i64| {
        let mut params = q.filter_params();
        params.push_str(&format!("&ansicht=tabelle&seite={n}"));
        format!("{}?{params}", base(org))
    };
    let first_row = (page - 1) * PAGE_ROWS + 1;
    let paging = context! {
        page => page,
        pages => pages,
        first => first_row,
        last => (first_row + rows.len() as i64 - 1).max(0),
        matching => matching,
        prev => (page > 1).then(|| page_link(page - 1)),
        next => (page < pages).then(|| page_link(page + 1)),
        first_href => (page > 2).then(|| page_link(1)),
        last_href => (page + 1 < pages).then(|| page_link(pages)),
    };
    Ok(render(
        "register/register.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t(match view {
                View::Table => "register.table_title",
                View::Tree => "register.tree_title",
                View::Map => "register.map_title",
            }), "register"),
            notice => q.notice.text(),
            table => table,
            tree_view => view == View::Tree,
            tree => tree,
            processes => processes,
            map => map,
            unassigned => unassigned,
            unassigned_more => area_count(None) - unassigned.len() as i64,
            paging => paging,
            total => state.store.count_processes(org).await?,
            q => context! { status => q.status, area => q.area, unit => q.unit, owner => q.owner, criticality => q.criticality, level => q.level, service => q.service },
            service_problem => service_problem.map(t),
            export_params => q.filter_params(),
            statuses => statuses,
            criticalities => crit,
            levels => levels,
            owners => owners,
            units => unit_options(&l, &form_id(&q.unit).into_iter().collect::<Vec<_>>()),
            areas => area_options(&l, form_id(&q.area)),
            sort => context! {
                name => sort_link("name"), identifier => sort_link("identifier"),
                status => sort_link("status"), updated => sort_link("updated"), digitisation => sort_link("digitisation"),
            },
            can_edit => ctx.role().can_edit(),
        },
    )?
    .into_response())
}

#[derive(Deserialize)]
pub struct AreaForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_id: String,
}

pub async fn create_area(
    State(state): State<AppState>,
    ctx: OrgEditor,
    HtmlForm(f): HtmlForm<AreaForm>,
) -> AppResult<Response> {
    let parent = form_id(&f.parent_id);
    match register::create_area(&state.store, ctx.id(), &ctx.actor(), parent, &f.name).await {
        Ok(_) => Ok(done(&base(ctx.id()), "area_created")),
        Err(ablauf_app::Error::Invalid(_)) => Ok(done(&base(ctx.id()), "area_name_missing")),
        Err(ablauf_app::Error::Refused(_)) => Ok(done(&base(ctx.id()), "area_unknown")),
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_area(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, area)): Path<(String, String)>,
) -> AppResult<Response> {
    match register::delete_area(&state.store, ctx.id(), &ctx.actor(), path_id(&area)?).await {
        Ok(()) => Ok(done(&base(ctx.id()), "area_deleted")),
        Err(ablauf_app::Error::Refused(_)) => Ok(done(&base(ctx.id()), "area_not_empty")),
        Err(e) => Err(e.into()),
    }
}

// ------------------------------------------------------------ the profile

/// The form as typed: every value kept as text so that nothing a person
/// typed is lost when it is shown again (errors, conflicts).
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ProfileForm {
    values: HashMap<String, String>,
    lists: HashMap<String, Vec<String>>,
}

const LIST_FIELDS: [&str; 6] = [
    "participating_units",
    "external_parties",
    "legal_bases",
    "it_systems",
    "documents",
    "keywords_list",
];

impl ProfileForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = ProfileForm::default();
        for (k, v) in pairs {
            if LIST_FIELDS.contains(&k.as_str()) {
                f.lists.entry(k).or_default().push(v);
            } else {
                f.values.insert(k, v);
            }
        }
        f
    }

    fn from_profile(p: &Profile, status: Status, area: Option<AreaId>, version: i64) -> Self {
        let mut f = ProfileForm::default();
        let mut set = |k: &str, v: String| {
            f.values.insert(k.to_owned(), v);
        };
        set("name", p.name.clone());
        set("identifier", p.identifier.clone());
        set("description", p.description.clone());
        set("service_key", p.service_key.clone().unwrap_or_default());
        set(
            "process_type",
            p.process_type
                .map(|t| t.code().to_owned())
                .unwrap_or_default(),
        );
        set(
            "owner_id",
            p.owner_id.map(|u| u.to_string()).unwrap_or_default(),
        );
        set(
            "org_unit_id",
            p.org_unit_id.map(|u| u.to_string()).unwrap_or_default(),
        );
        set("trigger", p.trigger.clone());
        set("result", p.result.clone());
        set(
            "applicant_involved",
            if p.applicant_involved {
                "on".into()
            } else {
                String::new()
            },
        );
        set(
            "cases_per_year",
            p.cases_per_year.map(|c| c.to_string()).unwrap_or_default(),
        );
        set("statutory_deadline", p.statutory_deadline.clone());
        set(
            "digitisation_level",
            p.digitisation_level
                .map(|c| c.to_string())
                .unwrap_or_default(),
        );
        set("keywords", p.keywords.join(", "));
        set("criticality", p.criticality.code().to_owned());
        set("max_downtime", p.max_downtime.clone());
        set(
            "valid_from",
            p.valid_from.map(|d| d.to_string()).unwrap_or_default(),
        );
        set(
            "valid_until",
            p.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        );
        set("status", status.code().to_owned());
        set("area_id", area.map(|a| a.to_string()).unwrap_or_default());
        set("version", version.to_string());
        fn ids<I: ToString>(v: &[I]) -> Vec<String> {
            v.iter().map(I::to_string).collect()
        }
        f.lists
            .insert("participating_units".into(), ids(&p.participating_units));
        f.lists
            .insert("external_parties".into(), ids(&p.external_parties));
        f.lists.insert("legal_bases".into(), ids(&p.legal_bases));
        f.lists.insert("it_systems".into(), ids(&p.it_systems));
        f.lists.insert("documents".into(), ids(&p.documents));
        f
    }

    fn get(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }

    fn ids<I: From<Uuid>>(&self, k: &str) -> Vec<I> {
        self.lists
            .get(k)
            .into_iter()
            .flatten()
            .filter_map(|v| form_id(v))
            .collect()
    }

    /// Parses the form into a save, with every error tied to its field.
    async fn parse(&self, state: &AppState, errors: &mut FormErrors) -> Option<Save> {
        let date = |k: &'static str, errors: &mut FormErrors| -> Option<NaiveDate> {
            let v = self.get(k).trim();
            if v.is_empty() {
                return None;
            }
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(v, "%d.%m.%Y"))
                .map_err(|_| errors.add(k, "error.date_invalid"))
                .ok()
        };
        let number = |k: &'static str, errors: &mut FormErrors| -> Option<u32> {
            let v = self.get(k).trim().replace('.', "");
            if v.is_empty() {
                return None;
            }
            v.parse()
                .map_err(|_| errors.add(k, "error.number_invalid"))
                .ok()
        };
        let mut p = Profile {
            name: self.get("name").into(),
            identifier: self.get("identifier").into(),
            description: self.get("description").into(),
            service_key: Some(
                self.get("service_key")
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            ),
            process_type: ProcessType::parse(self.get("process_type")),
            owner_id: form_id(self.get("owner_id")),
            org_unit_id: form_id(self.get("org_unit_id")),
            trigger: self.get("trigger").into(),
            result: self.get("result").into(),
            participating_units: self.ids("participating_units"),
            external_parties: self.ids("external_parties"),
            applicant_involved: !self.get("applicant_involved").is_empty(),
            legal_bases: self.ids("legal_bases"),
            cases_per_year: number("cases_per_year", errors),
            statutory_deadline: self.get("statutory_deadline").into(),
            it_systems: self.ids("it_systems"),
            documents: self.ids("documents"),
            digitisation_level: self.get("digitisation_level").parse().ok(),
            keywords: self
                .get("keywords")
                .split([',', ';'])
                .map(str::to_owned)
                .collect(),
            criticality: Criticality::parse(self.get("criticality")).unwrap_or_default(),
            max_downtime: self.get("max_downtime").into(),
            valid_from: date("valid_from", errors),
            valid_until: date("valid_until", errors),
            ..Default::default()
        }
        .normalised();
        if ablauf_app::processes::complete_profile(&state.store, &mut p, errors)
            .await
            .is_err()
        {
            errors.add("service_key", "error.service_unknown");
        }
        if !errors.is_empty() {
            return None;
        }
        Some(Save {
            area_id: form_id(self.get("area_id")),
            status: Status::parse(self.get("status")).unwrap_or_default(),
            profile: p,
            note: self.get("note").trim().chars().take(300).collect(),
        })
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_form(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    form: &ProfileForm,
    errors: &FormErrors,
    process: Option<&ProcessRow>,
    conflict: Option<Value>,
) -> AppResult<axum::response::Html<String>> {
    let l = Lookups::load(&state.store, ctx.id()).await?;
    let catalog = |kind: ReferenceKind, k: &str| -> Vec<Value> {
        let chosen: Vec<EntryId> = form.ids(k);
        l.catalog
            .get(&kind)
            .into_iter()
            .flatten()
            .map(|(id, label)| context! { id => id.to_string(), label => label, selected => chosen.contains(id) })
            .collect()
    };
    let owner = form_id(form.get("owner_id"));
    let unit = form_id(form.get("org_unit_id"));
    let service = match form.get("service_key").split_whitespace().next() {
        Some(k) => state
            .store
            .get_service(k)
            .await?
            .map(|s| format!("{} ({})", s.name, s.leika_key)),
        None => None,
    };
    let title = match process {
        Some(p) => tf("register.edit_title", &[("name", &p.name)]),
        None => t("register.new_title"),
    };
    render(
        "register/profile_form.html",
        context! {
            layout => layout(viewer, Some(ctx), &title, "register"),
            f => &form.values,
            errors => errors,
            process => process.map(|p| context! { id => p.id.to_string(), version => p.version }),
            conflict => conflict,
            service => service,
            statuses => Status::ALL.iter().filter(|s| **s != Status::Freigegeben)
                .map(|s| context! { code => s.code(), label => t(&s.label_key()), selected => s.code() == form.get("status") })
                .collect::<Vec<_>>(),
            types => ProcessType::ALL.iter()
                .map(|p| context! { code => p.code(), label => t(&format!("process_type.{}", p.code())), selected => p.code() == form.get("process_type") })
                .collect::<Vec<_>>(),
            criticalities => Criticality::ALL.iter()
                .map(|c| context! { code => c.code(), label => t(&format!("criticality.{}", c.code())), selected => c.code() == form.get("criticality") })
                .collect::<Vec<_>>(),
            levels => (0..=4).map(|lv| context! { code => lv.to_string(), label => t(&format!("ozg_level.l{lv}")), selected => lv.to_string() == form.get("digitisation_level") }).collect::<Vec<_>>(),
            owners => l.members.iter().map(|(id, n)| context! { id => id.to_string(), label => n, selected => Some(*id) == owner }).collect::<Vec<_>>(),
            units => unit_options(&l, &unit.into_iter().collect::<Vec<_>>()),
            participating => unit_options(&l, &form.ids("participating_units")),
            areas => area_options(&l, form_id(form.get("area_id"))),
            external_parties => catalog(ReferenceKind::ExternalParty, "external_parties"),
            legal_bases => catalog(ReferenceKind::LegalBasis, "legal_bases"),
            it_systems => catalog(ReferenceKind::ItSystem, "it_systems"),
            documents => catalog(ReferenceKind::Document, "documents"),
        },
    )
}

pub async fn new_form(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let mut form = ProfileForm::default();
    form.values.insert("criticality".into(), "normal".into());
    if let Some(a) = q.get("bereich") {
        form.values.insert("area_id".into(), a.clone());
    }
    Ok(render_form(
        &state,
        &viewer,
        &ctx,
        &form,
        &FormErrors::default(),
        None,
        None,
    )
    .await?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = ProfileForm::from_pairs(pairs);
    let mut errors = FormErrors::default();
    let created = match form.parse(&state, &mut errors).await {
        Some(save) => register::create_process(&state.store, ctx.id(), &ctx.actor(), &save).await,
        None => Err(Error::Invalid(errors)),
    };
    match created {
        Ok(p) => Ok(done(
            &format!("{}/{}", base(ctx.id()), p.id),
            "process_created",
        )),
        Err(Error::Invalid(errors)) => Ok(unprocessable(
            render_form(&state, &viewer, &ctx, &form, &errors, None, None).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, process)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let (row, version) = state
        .store
        .get_process(ctx.id(), path_id(&process)?)
        .await?;
    let profile = version.profile();
    let l = Lookups::load(&state.store, ctx.id()).await?;
    let fields = display_fields(&profile, row.status, row.area_id, &l);
    let lineage = crate::pages::library_browse::lineage_view(&state, ctx.id(), row.id).await?;
    Ok(render(
        "register/profile.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &row.name, "register"),
            lineage => lineage,
            notice => n.text(),
            p => context! {
                id => row.id.to_string(),
                name => row.name.clone(),
                version => row.version,
                status => status_view(&row),
                released_version => row.released_version,
                released_by => row.released_by.clone(),
                released_at => row.released_at.map(|d| d.to_rfc3339()),
                updated => row.updated_at.to_rfc3339(),
                author => person(&version.author_name),
            },
            fields => labelled(fields),
            has_to_be => version.has_to_be(),
            can_edit => ctx.role().can_edit(),
            can_release => register::may_release(ctx.role(), &ctx.actor(), &profile) && row.released_version != Some(row.version),
            update_notice => crate::pages::library_update::notice(&state, ctx.id(), row.id).await?,
        },
    )?
    .into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let (row, version) = state
        .store
        .get_process(ctx.id(), path_id(&process)?)
        .await?;
    let form = ProfileForm::from_profile(&version.profile(), row.status, row.area_id, row.version);
    Ok(render_form(
        &state,
        &viewer,
        &ctx,
        &form,
        &FormErrors::default(),
        Some(&row),
        None,
    )
    .await?
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    let mut form = ProfileForm::from_pairs(pairs);
    let mut errors = FormErrors::default();
    let expected: i64 = form.get("version").parse().unwrap_or(0);
    let saved = match form.parse(&state, &mut errors).await {
        Some(save) => {
            register::save_profile(&state.store, ctx.id(), &ctx.actor(), id, expected, &save).await
        }
        None => Err(Error::Invalid(errors)),
    };
    match saved {
        Ok(ProfileSaved::Saved { .. }) => Ok(done(&format!("{}/{id}", base(ctx.id())), "saved")),
        Ok(ProfileSaved::Conflict(c)) => {
            // Someone saved in between. Show what they saved beside what this
            // person typed; the form keeps the typed values and now names the
            // current version, so saving again is a conscious decision.
            let rows: Vec<Value> = c
                .rows
                .iter()
                .map(|(f, a, b)| context! { label => t(&format!("profile.{f}")), theirs => a, mine => b })
                .collect();
            form.values
                .insert("version".into(), c.current.version.to_string());
            let conflict = context! {
                author => person(&c.version.author_name),
                at => c.version.created_at.to_rfc3339(),
                version => c.current.version,
                rows => rows,
            };
            let html = render_form(
                &state,
                &viewer,
                &ctx,
                &form,
                &FormErrors::default(),
                Some(&c.current),
                Some(conflict),
            )
            .await?;
            Ok((axum::http::StatusCode::CONFLICT, html).into_response())
        }
        Err(Error::Invalid(errors)) => Ok(unprocessable(
            render_form(&state, &viewer, &ctx, &form, &errors, Some(&row), None).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn versions(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, process)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let (row, _) = state.store.get_process(ctx.id(), id).await?;
    let list: Vec<Value> = state
        .store
        .list_versions(ctx.id(), id)
        .await?
        .into_iter()
        .map(|v| {
            let s = v.status;
            context! {
                version => v.version, author => person(&v.author_name), at => v.created_at.to_rfc3339(), note => v.note,
                status => t(&s.label_key()), current => v.version == row.version,
                released => row.released_version == Some(v.version),
            }
        })
        .collect();
    Ok(render(
        "register/versions.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &tf("register.versions_title", &[("name", &row.name)]), "register"),
            notice => n.text(),
            p => context! { id => row.id.to_string(), name => row.name.clone(), version => row.version },
            versions => list,
            can_edit => ctx.role().can_edit(),
        },
    )?
    .into_response())
}

#[derive(Deserialize)]
pub struct CompareQuery {
    a: i64,
    b: i64,
}

pub async fn compare_versions(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, process)): Path<(String, String)>,
    Query(q): Query<CompareQuery>,
) -> AppResult<Response> {
    let c =
        register::compare_versions(&state.store, ctx.id(), path_id(&process)?, q.a, q.b).await?;
    let rows: Vec<Value> = c
        .rows
        .iter()
        .map(|r| {
            context! {
                label => t(&format!("profile.{}", r.field)),
                a => r.older,
                b => r.newer,
                changed => r.changed,
                words => r.words.as_ref().map(|(a, b)| context! { a => a, b => b }),
            }
        })
        .collect();
    let (row, va, vb) = (&c.process, &c.older, &c.newer);
    Ok(render(
        "register/compare.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &tf("register.compare_title", &[("name", &row.name)]), "register"),
            p => context! { id => row.id.to_string(), name => row.name.clone() },
            a => context! { version => va.version, author => person(&va.author_name), at => va.created_at.to_rfc3339() },
            b => context! { version => vb.version, author => person(&vb.author_name), at => vb.created_at.to_rfc3339() },
            rows => rows,
            changed => c.changed(),
        },
    )?
    .into_response())
}

pub async fn restore(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, process, version)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    let v: i64 = version.parse().map_err(|_| AppError::NotFound)?;
    register::restore(&state.store, ctx.id(), &ctx.actor(), id, v).await?;
    Ok(done(
        &format!("{}/{id}/versionen", base(ctx.id())),
        "version_restored",
    ))
}

#[derive(Deserialize)]
pub struct ReleaseForm {
    #[serde(default)]
    version: i64,
}

pub async fn release(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<ReleaseForm>,
) -> AppResult<Response> {
    let id = path_id(&process)?;
    match register::release(
        &state.store,
        ctx.id(),
        &ctx.actor(),
        ctx.role(),
        id,
        f.version,
    )
    .await
    {
        Ok(_) => Ok(done(
            &format!("{}/{id}", base(ctx.id())),
            "process_released",
        )),
        Err(Error::Conflict(_)) => Ok(done(
            &format!("{}/{id}", base(ctx.id())),
            "release_conflict",
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let (row, _) = state
        .store
        .get_process(ctx.id(), path_id(&process)?)
        .await?;
    let path = format!("{}/{}", base(ctx.id()), row.id);
    confirm_page(
        &viewer,
        Some(&ctx),
        "register",
        &t("register.delete_title"),
        &tf(
            "register.delete_question",
            &[("name", &row.name), ("versions", &row.version.to_string())],
        ),
        &format!("{path}/loeschen"),
        &t("common.delete"),
        &path,
        false,
    )
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    state
        .store
        .delete_process(&ctx.actor(), ctx.id(), path_id(&process)?)
        .await?;
    Ok(done(&base(ctx.id()), "process_deleted"))
}

// ------------------------------------------------------------ catalogues

fn kind_of(raw: &str) -> AppResult<ReferenceKind> {
    Ok(match raw {
        "fachverfahren" => ReferenceKind::ItSystem,
        "rechtsgrundlagen" => ReferenceKind::LegalBasis,
        "beteiligte" => ReferenceKind::ExternalParty,
        "dokumente" => ReferenceKind::Document,
        _ => return Err(AppError::NotFound),
    })
}

#[derive(Deserialize, Default, serde::Serialize)]
pub struct EntryForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    link: String,
}

async fn render_reference_list(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    slug: &str,
    notice: Option<String>,
    form: &EntryForm,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let kind = kind_of(slug)?;
    let entries = state.store.list_reference_entries(ctx.id(), kind).await?;
    let kinds: Vec<Value> = [
        "fachverfahren",
        "rechtsgrundlagen",
        "beteiligte",
        "dokumente",
    ]
    .iter()
    .map(|s| context! { slug => s, label => t(&format!("catalog.{s}")), current => *s == slug })
    .collect();
    render(
        "register/reference_list.html",
        context! {
            layout => layout(viewer, Some(ctx), &t(&format!("catalog.{slug}")), "catalogs"),
            notice => notice,
            slug => slug,
            kind => kind,
            kinds => kinds,
            entries => entries,
            form => form,
            errors => errors,
            can_edit => ctx.role().can_edit(),
        },
    )
}

pub async fn catalog(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, slug)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    Ok(render_reference_list(
        &state,
        &viewer,
        &ctx,
        &slug,
        n.text(),
        &EntryForm::default(),
        &FormErrors::default(),
    )
    .await?
    .into_response())
}

pub async fn create_entry(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, slug)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<EntryForm>,
) -> AppResult<Response> {
    let kind = kind_of(&slug)?;
    match register::create_reference_entry(
        &state.store,
        ctx.id(),
        &ctx.actor(),
        kind,
        &f.name,
        &f.detail,
        &f.link,
    )
    .await
    {
        Ok(_) => Ok(done(
            &format!("/o/{}/kataloge/{slug}", ctx.id()),
            "entry_created",
        )),
        Err(Error::Invalid(errors)) => Ok(unprocessable(
            render_reference_list(&state, &viewer, &ctx, &slug, None, &f, &errors).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_entry(
    State(state): State<AppState>,
    ctx: OrgEditor,
    Path((_, slug, entry)): Path<(String, String, String)>,
) -> AppResult<Response> {
    kind_of(&slug)?;
    state
        .store
        .delete_reference_entry(&ctx.actor(), ctx.id(), path_id(&entry)?)
        .await?;
    Ok(done(
        &format!("/o/{}/kataloge/{slug}", ctx.id()),
        "entry_deleted",
    ))
}

/// Suggestions for the service field (htmx fills a datalist as one types).
pub async fn service_suggestions(
    State(state): State<AppState>,
    _ctx: OrgCtx,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    // The profile's field is `service_key`, the register filter's `service`.
    let term = q
        .get("service_key")
        .or_else(|| q.get("service"))
        .map(String::as_str)
        .unwrap_or("");
    let found = state.store.find_services(term, 15).await?;
    Ok(render(
        "register/_service_options.html",
        context! { found => found },
    )?
    .into_response())
}
