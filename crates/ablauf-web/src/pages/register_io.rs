//! The register as a spreadsheet: export of the (filtered) register with
//! every Steckbrief field to XLSX or CSV, and import from XLSX or CSV with a
//! preview and a report per row. An import is applied whole or not at all:
//! a file with any faulty row cannot be applied, and the apply step writes
//! every row in one transaction.
//!
//! The columns carry German headers and what people see (names of areas,
//! units, people and catalogue entries, not ids); the import maps them back.
//! A row with a "Prozess-ID" updates that process (checked against the
//! "Version" it was exported with); a row without one creates a process.

use std::collections::{HashMap, HashSet};

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{OrgCtx, OrgEditor, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::register::{Lookups, RegisterQuery, display_fields};
use crate::pages::{FormErrors, HtmlForm, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::i18n::{t, tf};
use ablauf_app::sheet::{self, Cell};
use ablauf_domain::process::{Criticality, ProcessType, Profile, Status};
use ablauf_store::{ImportItem, Member, OrgId, ProcessRow, Save, StoreError, VersionRow};

/// The columns, in file order. Each is a key of the `sheet.col` catalogue.
const COLUMNS: [&str; 35] = [
    "id",
    "version",
    "name",
    "identifier",
    "status",
    "area",
    "description",
    "service_key",
    "service_name",
    "ozg_service",
    "themenfeld",
    "lebenslage",
    "process_type",
    "owner",
    "org_unit",
    "trigger",
    "result",
    "participating_units",
    "external_parties",
    "applicant_involved",
    "legal_bases",
    "cases_per_year",
    "statutory_deadline",
    "it_systems",
    "documents",
    "digitisation_level",
    "keywords",
    "criticality",
    "max_downtime",
    "valid_from",
    "valid_until",
    // Only informative: not read back.
    "released_version",
    "released_by",
    "released_at",
    "updated_at",
];
const READ_ONLY: [&str; 4] = [
    "released_version",
    "released_by",
    "released_at",
    "updated_at",
];

fn header(col: &str) -> String {
    t(&format!("sheet.col.{col}"))
}

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

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn export_row(r: &ProcessRow, v: &VersionRow, l: &Lookups) -> Vec<Cell> {
    let p = v.profile();
    let shown: HashMap<&str, String> = display_fields(&p, r.status(), r.area_id, l)
        .into_iter()
        .collect();
    let shown = |f: &str| text(shown.get(f).cloned().unwrap_or_default());
    let opt_num = |n: Option<f64>| n.map(Cell::Number).unwrap_or_else(|| text(""));
    COLUMNS
        .iter()
        .map(|col| match *col {
            "id" => text(r.id.to_string()),
            "version" => Cell::Number(r.version as f64),
            "service_key" => text(p.service_key.clone().unwrap_or_default()),
            "service_name" => text(p.service_name.clone()),
            "digitisation_level" => opt_num(p.digitisation_level.map(f64::from)),
            "cases_per_year" => opt_num(p.cases_per_year.map(f64::from)),
            "keywords" => text(p.keywords.join("; ")),
            "valid_from" => p.valid_from.map(Cell::Date).unwrap_or_else(|| text("")),
            "valid_until" => p.valid_until.map(Cell::Date).unwrap_or_else(|| text("")),
            "released_version" => opt_num(r.released_version.map(|v| v as f64)),
            "released_by" => text(r.released_by.clone().unwrap_or_default()),
            "released_at" => text(
                r.released_at
                    .map(|d| crate::templates::local_datetime(&d))
                    .unwrap_or_default(),
            ),
            "updated_at" => text(crate::templates::local_datetime(&r.updated_at)),
            field => shown(field),
        })
        .collect()
}

pub async fn export(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(mut q): Query<ExportQuery>,
) -> AppResult<Response> {
    let org = ctx.id();
    if let Some(problem) = q.filter.resolve_service(&state).await? {
        return Err(AppError::BadRequest(problem));
    }
    let l = Lookups::load(&state, org).await?;
    let rows = state
        .store
        .export_processes(org, &q.filter.filter())
        .await?;
    let headers: Vec<String> = COLUMNS.iter().map(|c| header(c)).collect();
    // Building the workbook is CPU work; keep it off the request threads.
    let (body, mime, ext) = tokio::task::spawn_blocking(move || {
        let cells: Vec<Vec<Cell>> = rows.iter().map(|(r, v)| export_row(r, v, &l)).collect();
        if q.format == "csv" {
            Ok((
                sheet::write_csv(&headers, &cells),
                "text/csv; charset=utf-8",
                "csv",
            ))
        } else {
            sheet::write_xlsx(&t("sheet.sheet_name"), &headers, &cells).map(|b| {
                (
                    b,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "xlsx",
                )
            })
        }
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?
    .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    let stamp = chrono::Utc::now().format("%Y-%m-%d");
    let file = format!(
        "prozessregister-{}-{stamp}.{ext}",
        crate::pages::model::file_stem(&ctx.org.name)
    );
    Ok((
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
        .into_response())
}

// ----------------------------------------------------------------- import

/// A row of the preview: what will happen, or why it cannot.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PreviewRow {
    line: u64,
    name: String,
    /// new, changed, unchanged, error
    action: String,
    messages: Vec<String>,
}

/// What waits in `pending_imports` between preview and apply.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    rows: Vec<PreviewRow>,
    items: Vec<ImportItem>,
    ignored_columns: Vec<String>,
}

/// Names → ids, case-insensitively, for everything a row refers to.
struct Resolver<'a> {
    l: &'a Lookups,
    members: &'a [Member],
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Finds the one id with this name; `Err` names why not.
fn one_named(list: &[(Uuid, &str)], value: &str) -> Result<Uuid, &'static str> {
    let v = norm(value);
    let found: Vec<Uuid> = list
        .iter()
        .filter(|(_, n)| norm(n) == v)
        .map(|(id, _)| *id)
        .collect();
    match found.as_slice() {
        [id] => Ok(*id),
        [] => Err("unknown"),
        _ => Err("ambiguous"),
    }
}

fn split_list(s: &str) -> Vec<&str> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

impl Resolver<'_> {
    fn unit(&self, v: &str) -> Result<Uuid, &'static str> {
        let list: Vec<(Uuid, &str)> = self.l.units.iter().map(|u| (u.0, u.1.as_str())).collect();
        one_named(&list, v)
    }

    fn area(&self, v: &str) -> Result<Uuid, &'static str> {
        let list: Vec<(Uuid, &str)> = self.l.areas.iter().map(|a| (a.0, a.1.as_str())).collect();
        one_named(&list, v)
    }

    fn member(&self, v: &str) -> Result<Uuid, &'static str> {
        let active = self.members.iter().filter(|m| m.active);
        let by_mail: Vec<(Uuid, &str)> = active
            .clone()
            .map(|m| (m.user_id.0, m.email.as_str()))
            .collect();
        if let Ok(id) = one_named(&by_mail, v) {
            return Ok(id);
        }
        let by_name: Vec<(Uuid, &str)> = active
            .map(|m| (m.user_id.0, m.display_name.as_str()))
            .collect();
        one_named(&by_name, v)
    }

    /// A catalogue entry by its full label ("name – detail") or its name.
    fn entry(&self, kind: &str, v: &str) -> Result<Uuid, &'static str> {
        let list = self.l.catalog.get(kind).map(Vec::as_slice).unwrap_or(&[]);
        let labels: Vec<(Uuid, &str)> = list.iter().map(|e| (e.0, e.1.as_str())).collect();
        match one_named(&labels, v) {
            Ok(id) => Ok(id),
            Err("ambiguous") => Err("ambiguous"),
            Err(_) => {
                let names: Vec<(Uuid, &str)> = list
                    .iter()
                    .map(|e| (e.0, e.1.split(" – ").next().unwrap_or(&e.1)))
                    .collect();
                one_named(&names, v)
            }
        }
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match norm(v).as_str() {
        "ja" | "j" | "x" | "1" | "wahr" | "yes" | "true" => Some(true),
        "nein" | "n" | "0" | "falsch" | "no" | "false" | "" => Some(false),
        _ => None,
    }
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    NaiveDate::parse_from_str(v, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(v, "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(v, "%d.%m.%y"))
        .ok()
}

/// "1.200", "1200", "1 200" → 1200.
fn parse_count(v: &str) -> Option<u32> {
    let digits: String = v
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}' | '\''))
        .collect();
    digits.parse().ok()
}

fn parse_status(v: &str) -> Option<Status> {
    let v = norm(v);
    Status::ALL
        .into_iter()
        .find(|s| s.code() == v || norm(&t(&s.label_key())) == v)
}

fn parse_process_type(v: &str) -> Option<ProcessType> {
    let v = norm(v);
    ProcessType::ALL.into_iter().find(|p| {
        let label = norm(&t(&format!("process_type.{}", p.code())));
        p.code() == v || label == v || label.trim_end_matches("prozess") == v
    })
}

fn parse_criticality(v: &str) -> Option<Criticality> {
    let v = norm(v);
    Criticality::ALL
        .into_iter()
        .find(|c| c.code() == v || norm(&t(&format!("criticality.{}", c.code()))) == v)
}

/// The OZG level from "3" or "3 – Online-Antrag …".
fn parse_level(v: &str) -> Option<u8> {
    let d = v.trim().chars().next()?.to_digit(10)?;
    let rest = v.trim()[1..].trim_start();
    (rest.is_empty() || rest.starts_with('–') || rest.starts_with('-')).then_some(d as u8)
}

/// One row's outcome.
enum Outcome {
    Apply(Box<ImportItem>, bool),
    Unchanged,
    Faulty(Vec<String>),
}

struct Current {
    row: ProcessRow,
    version: VersionRow,
}

fn read_row(
    line: u64,
    get: &dyn Fn(&str) -> Option<String>,
    r: &Resolver,
    current: &HashMap<Uuid, Current>,
) -> (String, Outcome) {
    let mut errors: Vec<String> = Vec::new();
    let name_shown = get("name").unwrap_or_default();
    // Which process, based on which version.
    let mut target: Option<(Uuid, i64)> = None;
    let mut base: Option<&Current> = None;
    if let Some(id) = get("id").filter(|v| !v.trim().is_empty()) {
        match Uuid::parse_str(id.trim()) {
            Ok(id) => match current.get(&id) {
                Some(c) => {
                    base = Some(c);
                    let version = match get("version").filter(|v| !v.trim().is_empty()) {
                        None => c.row.version,
                        Some(v) => match v.trim().parse::<i64>() {
                            Ok(v) => v,
                            Err(_) => {
                                errors.push(tf("sheet.err.version", &[("value", &v)]));
                                c.row.version
                            }
                        },
                    };
                    if version != c.row.version {
                        errors.push(tf(
                            "sheet.err.changed_since",
                            &[
                                ("version", &version.to_string()),
                                ("current", &c.row.version.to_string()),
                                ("author", &c.version.author_name),
                            ],
                        ));
                    }
                    target = Some((id, version));
                }
                None => errors.push(tf("sheet.err.id_unknown", &[("value", &id.to_string())])),
            },
            Err(_) => errors.push(tf("sheet.err.id_invalid", &[("value", &id)])),
        }
    }
    let mut p: Profile = base.map(|c| c.version.profile()).unwrap_or_default();
    let mut status = base.map(|c| c.row.status()).unwrap_or_default();
    let mut area = base.and_then(|c| c.row.area_id);
    let col_err = |errors: &mut Vec<String>, col: &str, key: &str, value: &str| {
        errors.push(tf(
            &format!("sheet.err.{key}"),
            &[("column", &header(col)), ("value", value)],
        ));
    };
    // Text fields.
    for (col, field) in [
        ("name", &mut p.name),
        ("identifier", &mut p.identifier),
        ("description", &mut p.description),
        ("service_name", &mut p.service_name),
        ("ozg_service", &mut p.ozg_service),
        ("themenfeld", &mut p.themenfeld),
        ("lebenslage", &mut p.lebenslage),
        ("trigger", &mut p.trigger),
        ("result", &mut p.result),
        ("statutory_deadline", &mut p.statutory_deadline),
        ("max_downtime", &mut p.max_downtime),
    ] {
        if let Some(v) = get(col) {
            *field = v;
        }
    }
    if let Some(v) = get("service_key") {
        p.service_key = Some(v);
    }
    if let Some(v) = get("status") {
        match parse_status(&v) {
            Some(s) => status = s,
            None if v.trim().is_empty() => {}
            None => col_err(&mut errors, "status", "unknown_value", &v),
        }
    }
    if let Some(v) = get("area") {
        area = if v.trim().is_empty() {
            None
        } else {
            match r.area(&v) {
                Ok(id) => Some(id),
                Err(why) => {
                    col_err(&mut errors, "area", why, &v);
                    area
                }
            }
        };
    }
    if let Some(v) = get("process_type") {
        p.process_type = match parse_process_type(&v) {
            Some(t) => Some(t),
            None if v.trim().is_empty() => None,
            None => {
                col_err(&mut errors, "process_type", "unknown_value", &v);
                p.process_type
            }
        };
    }
    if let Some(v) = get("owner") {
        p.owner_id = if v.trim().is_empty() {
            None
        } else {
            match r.member(&v) {
                Ok(id) => Some(id),
                Err(why) => {
                    col_err(&mut errors, "owner", why, &v);
                    p.owner_id
                }
            }
        };
    }
    if let Some(v) = get("org_unit") {
        p.org_unit_id = if v.trim().is_empty() {
            None
        } else {
            match r.unit(&v) {
                Ok(id) => Some(id),
                Err(why) => {
                    col_err(&mut errors, "org_unit", why, &v);
                    p.org_unit_id
                }
            }
        };
    }
    if let Some(v) = get("participating_units") {
        let mut ids = Vec::new();
        for name in split_list(&v) {
            match r.unit(name) {
                Ok(id) if !ids.contains(&id) => ids.push(id),
                Ok(_) => {}
                Err(why) => col_err(&mut errors, "participating_units", why, name),
            }
        }
        p.participating_units = ids;
    }
    for (col, kind, field) in [
        (
            "external_parties",
            "external_party",
            &mut p.external_parties,
        ),
        ("legal_bases", "legal_basis", &mut p.legal_bases),
        ("it_systems", "it_system", &mut p.it_systems),
        ("documents", "document", &mut p.documents),
    ] {
        if let Some(v) = get(col) {
            let mut ids = Vec::new();
            for name in split_list(&v) {
                match r.entry(kind, name) {
                    Ok(id) if !ids.contains(&id) => ids.push(id),
                    Ok(_) => {}
                    Err(why) => col_err(&mut errors, col, why, name),
                }
            }
            *field = ids;
        }
    }
    if let Some(v) = get("applicant_involved") {
        match parse_bool(&v) {
            Some(b) => p.applicant_involved = b,
            None => col_err(&mut errors, "applicant_involved", "yes_no", &v),
        }
    }
    if let Some(v) = get("cases_per_year") {
        p.cases_per_year = if v.trim().is_empty() {
            None
        } else {
            match parse_count(&v) {
                Some(n) => Some(n),
                None => {
                    col_err(&mut errors, "cases_per_year", "number", &v);
                    p.cases_per_year
                }
            }
        };
    }
    if let Some(v) = get("digitisation_level") {
        p.digitisation_level = if v.trim().is_empty() {
            None
        } else {
            match parse_level(&v) {
                Some(n) => Some(n),
                None => {
                    col_err(&mut errors, "digitisation_level", "level", &v);
                    p.digitisation_level
                }
            }
        };
    }
    if let Some(v) = get("keywords") {
        p.keywords = v
            .split([';', ','])
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect();
    }
    if let Some(v) = get("criticality") {
        match parse_criticality(&v) {
            Some(c) => p.criticality = c,
            None if v.trim().is_empty() => p.criticality = Criticality::Normal,
            None => col_err(&mut errors, "criticality", "unknown_value", &v),
        }
    }
    for (col, field) in [
        ("valid_from", &mut p.valid_from),
        ("valid_until", &mut p.valid_until),
    ] {
        if let Some(v) = get(col) {
            *field = if v.trim().is_empty() {
                None
            } else {
                match parse_date(&v) {
                    Some(d) => Some(d),
                    None => {
                        col_err(&mut errors, col, "date", &v);
                        *field
                    }
                }
            };
        }
    }
    let p = p.normalised();
    for e in p.validate() {
        // The profile's field names are the column keys.
        errors.push(format!("{}: {}", header(e.field), t(e.key)));
    }
    let shown = if p.name.is_empty() {
        name_shown
    } else {
        p.name.clone()
    };
    if !errors.is_empty() {
        return (shown, Outcome::Faulty(errors));
    }
    if let Some(c) = base
        && c.version.profile() == p
        && (c.row.status() == status || status == Status::Freigegeben)
        && c.row.area_id == area
    {
        return (shown, Outcome::Unchanged);
    }
    let is_new = target.is_none();
    let item = ImportItem {
        line,
        target,
        save: Save {
            area_id: area,
            status,
            profile: p,
            note: t("sheet.version_note"),
        },
    };
    (shown, Outcome::Apply(Box::new(item), is_new))
}

/// Reads and checks a whole file against the organisation's data.
async fn check_file(
    state: &AppState,
    org: OrgId,
    bytes: &[u8],
) -> AppResult<Result<Pending, &'static str>> {
    let sheet = match sheet::read(bytes) {
        Ok(s) => s,
        Err(key) => return Ok(Err(key)),
    };
    // Header → column key.
    let known: HashMap<String, &str> = COLUMNS
        .iter()
        .flat_map(|c| [(norm(&header(c)), *c), (c.to_string(), *c)])
        .collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        match known.get(&norm(h)) {
            Some(c) if !READ_ONLY.contains(c) => {
                index.entry(*c).or_insert(i);
            }
            Some(_) => {}
            None if h.is_empty() => {}
            None => ignored.push(h.clone()),
        }
    }
    if !index.contains_key("name") {
        return Ok(Err("error.sheet_no_name_column"));
    }
    let l = Lookups::load(state, org).await?;
    let members = state.store.list_members(org).await?;
    let r = Resolver {
        l: &l,
        members: &members,
    };
    let current: HashMap<Uuid, Current> = state
        .store
        .export_processes(org, &Default::default())
        .await?
        .into_iter()
        .map(|(row, version)| (row.id, Current { row, version }))
        .collect();
    let mut seen_ids: HashSet<Uuid> = HashSet::new();
    let mut out = Pending {
        rows: Vec::new(),
        items: Vec::new(),
        ignored_columns: ignored,
    };
    for (line, cells) in &sheet.rows {
        let get = |col: &str| {
            index
                .get(col)
                .map(|i| cells.get(*i).cloned().unwrap_or_default())
        };
        let (name, outcome) = read_row(*line, &get, &r, &current);
        let mut row = PreviewRow {
            line: *line,
            name,
            action: String::new(),
            messages: Vec::new(),
        };
        match outcome {
            Outcome::Apply(item, is_new) => {
                if let Some((id, _)) = item.target
                    && !seen_ids.insert(id)
                {
                    row.action = "error".into();
                    row.messages.push(t("sheet.err.duplicate_id"));
                } else {
                    row.action = if is_new { "new" } else { "changed" }.into();
                    out.items.push(*item);
                }
            }
            Outcome::Unchanged => row.action = "unchanged".into(),
            Outcome::Faulty(m) => {
                row.action = "error".into();
                row.messages = m;
            }
        }
        out.rows.push(row);
    }
    Ok(Ok(out))
}

async fn render_upload(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    errors: &FormErrors,
) -> AppResult<axum::response::Html<String>> {
    let _ = state;
    render(
        "register_import.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("sheet.import_title"), "register"),
            errors => errors,
            columns => COLUMNS.iter().filter(|c| !READ_ONLY.contains(c)).map(|c| header(c)).collect::<Vec<_>>(),
        },
    )
}

pub async fn import_form(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgEditor(ctx): OrgEditor,
) -> AppResult<Response> {
    Ok(render_upload(&state, &viewer, &ctx, &FormErrors::default())
        .await?
        .into_response())
}

pub async fn import_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgEditor(ctx): OrgEditor,
    multipart: Multipart,
) -> AppResult<Response> {
    let Some((name, bytes)) = crate::pages::uploaded_file(multipart).await? else {
        let errors = FormErrors::single("file", "error.import_no_file");
        return Ok(unprocessable(
            render_upload(&state, &viewer, &ctx, &errors).await?,
        ));
    };
    let pending = match check_file(&state, ctx.id(), &bytes).await? {
        Ok(p) => p,
        Err(key) => {
            let errors = FormErrors::single("file", key);
            return Ok(unprocessable(
                render_upload(&state, &viewer, &ctx, &errors).await?,
            ));
        }
    };
    let name = if name.is_empty() {
        t("sheet.unnamed_file")
    } else {
        name
    };
    let payload = serde_json::to_string(&pending)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    let id = state
        .store
        .put_pending_import(ctx.id(), ctx.current.user.id, "register", &name, &payload)
        .await?;
    Ok(axum::response::Redirect::to(&format!("{}/import/{id}", base(ctx.id()))).into_response())
}

async fn load_pending(
    state: &AppState,
    ctx: &OrgCtx,
    raw: &str,
) -> AppResult<(ablauf_store::PendingImport, Pending)> {
    let id = Uuid::parse_str(raw).map_err(|_| AppError::NotFound)?;
    let p = state
        .store
        .pending_import(ctx.id(), ctx.current.user.id, "register", id)
        .await?;
    let pending: Pending = serde_json::from_str(&p.payload)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    Ok((p, pending))
}

async fn render_preview(
    viewer: &Viewer,
    ctx: &OrgCtx,
    import: &ablauf_store::PendingImport,
    pending: &Pending,
    failure: Option<String>,
) -> AppResult<axum::response::Html<String>> {
    let count = |a: &str| pending.rows.iter().filter(|r| r.action == a).count();
    let rows: Vec<Value> = pending
        .rows
        .iter()
        .map(|r| {
            context! {
                line => r.line, name => r.name, action => r.action,
                action_label => t(&format!("sheet.action.{}", r.action)),
                messages => r.messages,
            }
        })
        .collect();
    render(
        "register_import_preview.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("sheet.preview_title"), "register"),
            id => import.id.to_string(),
            file_name => import.file_name,
            rows => rows,
            new => count("new"),
            changed => count("changed"),
            unchanged => count("unchanged"),
            faulty => count("error"),
            ignored => pending.ignored_columns,
            failure => failure,
        },
    )
}

pub async fn import_preview(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgEditor(ctx): OrgEditor,
    Path((_, import)): Path<(String, String)>,
) -> AppResult<Response> {
    let (p, pending) = load_pending(&state, &ctx, &import).await?;
    Ok(render_preview(&viewer, &ctx, &p, &pending, None)
        .await?
        .into_response())
}

pub async fn import_apply(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgEditor(ctx): OrgEditor,
    Path((_, import)): Path<(String, String)>,
    HtmlForm(_): HtmlForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let (p, pending) = load_pending(&state, &ctx, &import).await?;
    if pending.rows.iter().any(|r| r.action == "error") {
        let failure = t("sheet.has_errors");
        return Ok(unprocessable(
            render_preview(&viewer, &ctx, &p, &pending, Some(failure)).await?,
        ));
    }
    match state
        .store
        .import_processes(&ctx.actor(), ctx.id(), &p.file_name, &pending.items)
        .await
    {
        Ok(counts) => {
            state
                .store
                .delete_pending_import(ctx.id(), ctx.current.user.id, p.id)
                .await?;
            let flash = if counts.created + counts.updated == 0 {
                "import_nothing"
            } else {
                "import_applied"
            };
            Ok(done(&base(ctx.id()), flash))
        }
        Err(f) => {
            let reason = match f.error {
                StoreError::Conflict(_) => t("sheet.fail_conflict"),
                StoreError::Refused(key) => t(key),
                StoreError::NotFound => t("sheet.fail_gone"),
                e => return Err(e.into()),
            };
            let failure = tf(
                "sheet.apply_failed",
                &[("line", &f.line.to_string()), ("reason", &reason)],
            );
            Ok(unprocessable(
                render_preview(&viewer, &ctx, &p, &pending, Some(failure)).await?,
            ))
        }
    }
}

pub async fn import_discard(
    State(state): State<AppState>,
    OrgEditor(ctx): OrgEditor,
    Path((_, import)): Path<(String, String)>,
    HtmlForm(_): HtmlForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&import).map_err(|_| AppError::NotFound)?;
    state
        .store
        .delete_pending_import(ctx.id(), ctx.current.user.id, id)
        .await?;
    Ok(done(&base(ctx.id()), "import_discarded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_people_type_are_understood() {
        assert_eq!(parse_count("1.200"), Some(1200));
        assert_eq!(parse_count("12 000"), Some(12000));
        assert_eq!(parse_count("zwölf"), None);
        assert_eq!(parse_level("3 – Online-Antrag mit Nachweisen"), Some(3));
        assert_eq!(parse_level("4"), Some(4));
        assert_eq!(parse_level("42"), None);
        assert_eq!(
            parse_date("31.01.2026"),
            NaiveDate::from_ymd_opt(2026, 1, 31)
        );
        assert_eq!(
            parse_date("2026-01-31"),
            NaiveDate::from_ymd_opt(2026, 1, 31)
        );
        assert_eq!(parse_date("31/01/2026"), None);
        assert_eq!(parse_bool("Ja"), Some(true));
        assert_eq!(parse_bool("vielleicht"), None);
    }

    #[test]
    fn every_column_has_a_german_header() {
        for c in COLUMNS {
            assert!(
                ablauf_app::i18n::has(&format!("sheet.col.{c}")),
                "sheet.col.{c}"
            );
        }
    }
}
