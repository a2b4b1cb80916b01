//! The register from a spreadsheet (XLSX or CSV): every row is read and
//! checked against the organisation's data first ([`prepare`]); the checked
//! rows wait in `pending_imports` while the person looks at the preview,
//! and [`start`] writes them in batches of [`BATCH_ROWS`] rows, each in a
//! transaction of its own so that others can write in between — all of
//! them, or none: when a batch fails, what was written is taken back (a
//! file with faulty rows cannot be applied at all).
//!
//! Columns are found by their German header (or column key) in any order;
//! unknown columns are named and passed over, informative ones (release,
//! last change) are not read. Cells hold what people see: names of areas,
//! units, people and reference-list entries (found case-insensitively, by
//! e-mail address or name for people), German dates, numbers, yes/no and
//! the labels of status, process type and criticality. A row with a
//! "Prozess-ID" updates that process, checked against the "Version" it was
//! exported with; a row without one creates a process.

use std::collections::{HashMap, HashSet};

use ablauf_domain::ImportKind;
use ablauf_domain::ReferenceKind;
use ablauf_domain::process::{Criticality, ProcessType, Profile, Status};
use ablauf_domain::{AreaId, EntryId, ImportId, OrgUnitId, ProcessId};
use ablauf_store::{
    Actor, Backend, ImportItem, ImportRun, Member, OrgId, PendingImport, ProcessRow,
    RegisterImportCounts, Save, Store, StoreError, UserId, VersionRow,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Lookups;
use super::columns::{COLUMNS, READ_ONLY, header};
use crate::error::{Error, FieldErrors, Result};
use crate::i18n::{t, tf};
use crate::{pending, sheet};

/// What a row of the file will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    New,
    Changed,
    Unchanged,
    /// Faulty: the row cannot be applied (and so neither can the file).
    Error,
}

impl Action {
    /// `new`, `changed`, `unchanged`, `error` (keys of `sheet.action`).
    pub fn code(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Changed => "changed",
            Action::Unchanged => "unchanged",
            Action::Error => "error",
        }
    }
}

/// A row of the preview: what will happen, or why it cannot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: u64,
    pub name: String,
    pub action: Action,
    /// German sentences, one a problem.
    pub messages: Vec<String>,
}

/// A checked file: what waits in `pending_imports` between preview and
/// apply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checked {
    pub rows: Vec<PreviewRow>,
    pub items: Vec<ImportItem>,
    /// Headers of columns the import does not know.
    pub ignored_columns: Vec<String>,
}

impl Checked {
    /// How many rows will do `action`.
    pub fn count(&self, action: Action) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
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
fn one_named<I: Copy>(list: &[(I, &str)], value: &str) -> Result<I, &'static str> {
    let v = norm(value);
    let found: Vec<I> = list
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
    fn unit(&self, v: &str) -> Result<OrgUnitId, &'static str> {
        let list: Vec<(OrgUnitId, &str)> =
            self.l.units.iter().map(|u| (u.0, u.1.as_str())).collect();
        one_named(&list, v)
    }

    fn area(&self, v: &str) -> Result<AreaId, &'static str> {
        let list: Vec<(AreaId, &str)> = self.l.areas.iter().map(|a| (a.0, a.1.as_str())).collect();
        one_named(&list, v)
    }

    fn member(&self, v: &str) -> Result<UserId, &'static str> {
        let active = self.members.iter().filter(|m| m.active);
        let by_mail: Vec<(UserId, &str)> = active
            .clone()
            .map(|m| (m.user_id, m.email.as_str()))
            .collect();
        if let Ok(id) = one_named(&by_mail, v) {
            return Ok(id);
        }
        let by_name: Vec<(UserId, &str)> = active
            .map(|m| (m.user_id, m.display_name.as_str()))
            .collect();
        one_named(&by_name, v)
    }

    /// A reference-list entry by its full label ("name – detail") or its
    /// name.
    fn entry(&self, kind: ReferenceKind, v: &str) -> Result<EntryId, &'static str> {
        let list = self.l.catalog.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
        let labels: Vec<(EntryId, &str)> = list.iter().map(|e| (e.0, e.1.as_str())).collect();
        match one_named(&labels, v) {
            Ok(id) => Ok(id),
            Err("ambiguous") => Err("ambiguous"),
            Err(_) => {
                let names: Vec<(EntryId, &str)> = list
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

/// Notes a faulty cell: `key` names the `sheet.err` message.
fn col_err(errors: &mut Vec<String>, col: &str, key: &str, value: &str) {
    errors.push(tf(
        &format!("sheet.err.{key}"),
        &[("column", &header(col)), ("value", value)],
    ));
}

/// Reads an optional column into `field`: an empty cell clears it; a value
/// that does not read keeps what was there and notes why (a key of
/// `sheet.err`). A column the file does not have changes nothing.
fn read_optional<T>(
    errors: &mut Vec<String>,
    get: &dyn Fn(&str) -> Option<String>,
    col: &str,
    field: &mut Option<T>,
    parse: &dyn Fn(&str) -> Result<T, &'static str>,
) {
    let Some(v) = get(col) else { return };
    if v.trim().is_empty() {
        *field = None;
        return;
    }
    match parse(&v) {
        Ok(x) => *field = Some(x),
        Err(why) => col_err(errors, col, why, &v),
    }
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
    current: &HashMap<ProcessId, Current>,
) -> (String, Outcome) {
    let mut errors: Vec<String> = Vec::new();
    let name_shown = get("name").unwrap_or_default();
    // Which process, based on which version.
    let mut target: Option<(ProcessId, i64)> = None;
    let mut base: Option<&Current> = None;
    if let Some(id) = get("id").filter(|v| !v.trim().is_empty()) {
        match Uuid::parse_str(id.trim()).map(ProcessId) {
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
    let mut status = base.map(|c| c.row.status).unwrap_or_default();
    let mut area = base.and_then(|c| c.row.area_id);
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
    read_optional(&mut errors, get, "area", &mut area, &|v| r.area(v));
    read_optional(
        &mut errors,
        get,
        "process_type",
        &mut p.process_type,
        &|v| parse_process_type(v).ok_or("unknown_value"),
    );
    read_optional(&mut errors, get, "owner", &mut p.owner_id, &|v| r.member(v));
    read_optional(&mut errors, get, "org_unit", &mut p.org_unit_id, &|v| {
        r.unit(v)
    });
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
            ReferenceKind::ExternalParty,
            &mut p.external_parties,
        ),
        ("legal_bases", ReferenceKind::LegalBasis, &mut p.legal_bases),
        ("it_systems", ReferenceKind::ItSystem, &mut p.it_systems),
        ("documents", ReferenceKind::Document, &mut p.documents),
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
    read_optional(
        &mut errors,
        get,
        "cases_per_year",
        &mut p.cases_per_year,
        &|v| parse_count(v).ok_or("number"),
    );
    read_optional(
        &mut errors,
        get,
        "digitisation_level",
        &mut p.digitisation_level,
        &|v| parse_level(v).ok_or("level"),
    );
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
        read_optional(&mut errors, get, col, field, &|v| {
            parse_date(v).ok_or("date")
        });
    }
    let p = p.normalised();
    for e in p.validate() {
        // The profile's field names are the column keys.
        errors.push(format!(
            "{}: {}",
            header(e.field),
            crate::error::message(&e)
        ));
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
        && (c.row.status == status || status == Status::Freigegeben)
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

/// Reads and checks a whole file against the organisation's data. A file
/// that is no table, or has no name column, is a field error of `file`.
pub async fn check(store: &Store, org: OrgId, bytes: &[u8]) -> Result<Checked> {
    let file_error = |key| Error::Invalid(FieldErrors::single("file", key));
    let sheet = sheet::read(bytes).map_err(file_error)?;
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
        return Err(file_error("error.sheet_no_name_column"));
    }
    let l = Lookups::load(store, org).await?;
    let members = store.list_members(org).await?;
    let r = Resolver {
        l: &l,
        members: &members,
    };
    let current: HashMap<ProcessId, Current> = store
        .export_processes(org, &Default::default())
        .await?
        .into_iter()
        .map(|(row, version)| (row.id, Current { row, version }))
        .collect();
    let mut seen_ids: HashSet<ProcessId> = HashSet::new();
    let mut out = Checked {
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
            action: Action::Error,
            messages: Vec::new(),
        };
        match outcome {
            Outcome::Apply(item, is_new) => {
                if let Some((id, _)) = item.target
                    && !seen_ids.insert(id)
                {
                    row.messages.push(t("sheet.err.duplicate_id"));
                } else {
                    row.action = if is_new { Action::New } else { Action::Changed };
                    out.items.push(*item);
                }
            }
            Outcome::Unchanged => row.action = Action::Unchanged,
            Outcome::Faulty(m) => row.messages = m,
        }
        out.rows.push(row);
    }
    Ok(out)
}

const KIND: ImportKind = ImportKind::Register;

/// Checks an uploaded file ([`check`]) and keeps the result waiting for
/// this person's confirmation; returns its id.
pub async fn prepare(
    store: &Store,
    org: OrgId,
    user: UserId,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportId> {
    let checked = check(store, org, bytes).await?;
    let name = if file_name.is_empty() {
        t("sheet.unnamed_file")
    } else {
        file_name.to_owned()
    };
    pending::put(store, org, user, KIND, &name, &checked).await
}

/// A checked register file of this person, waiting for confirmation.
pub async fn pending(
    store: &Store,
    org: OrgId,
    user: UserId,
    id: ImportId,
) -> Result<(PendingImport, Checked)> {
    pending::load(store, org, user, KIND, id).await
}

/// What became of applying an import.
#[derive(Debug)]
pub enum Applied {
    /// Written, and no longer waiting.
    Done(RegisterImportCounts),
    /// Nothing written (or all of it taken back): why, in German (faulty
    /// rows, or the row that failed). The import still waits.
    Failed(String),
}

/// Rows written per transaction when an import is applied: other writers
/// wait at most for one batch.
pub const BATCH_ROWS: usize = 500;

/// The pause after each batch on SQLite, so that writers waiting for the
/// lock get it.
const SQLITE_GAP: std::time::Duration = std::time::Duration::from_millis(100);

/// How often a batch that found the database busy is tried again.
const BUSY_RETRIES: u32 = 5;

/// Starts applying a waiting import: its rows are written in batches of
/// `batch` rows, each batch in a transaction of its own, in a task of its
/// own. The answer is that task; how far it is, [`progress`] tells. When a
/// batch fails, everything written before is taken back
/// ([`Store::undo_import_run`]): all rows or none.
pub async fn start(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    import: &PendingImport,
    checked: Checked,
    batch: usize,
) -> Result<tokio::task::JoinHandle<Applied>> {
    if checked.count(Action::Error) > 0 {
        let failed = Applied::Failed(t("sheet.has_errors"));
        return Ok(tokio::spawn(async move { failed }));
    }
    store
        .begin_import_run(
            org,
            import.user_id,
            import.id,
            &import.file_name,
            checked.items.len(),
        )
        .await?;
    let (store, actor, run) = (store.clone(), actor.clone(), import.id);
    Ok(tokio::spawn(async move {
        run_batches(&store, org, &actor, run, &checked.items, batch.max(1)).await
    }))
}

/// Writes the batches of a run; on failure takes back what was written.
async fn run_batches(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    run: ImportId,
    items: &[ImportItem],
    batch: usize,
) -> Applied {
    for chunk in items.chunks(batch) {
        let mut tries = 0;
        let failure = loop {
            match store.apply_import_batch(actor, org, run, chunk).await {
                Ok(_) => break None,
                Err(f) if matches!(f.error, StoreError::Busy(_)) && tries < BUSY_RETRIES => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(500 * u64::from(tries)))
                        .await;
                }
                Err(f) => break Some(f),
            }
        };
        if store.backend() == Backend::Sqlite {
            // SQLite's waiting writers poll (up to every 100 ms); without a
            // gap the next batch would take the lock again before any of
            // them wakes up. PostgreSQL queues waiting writers itself.
            tokio::time::sleep(SQLITE_GAP).await;
        }
        if let Some(f) = failure {
            let reason = match f.error {
                StoreError::Conflict(_) => t("sheet.fail_conflict"),
                StoreError::Refused(key) => t(key),
                StoreError::Invalid(i) => crate::error::message(&i),
                StoreError::NotFound => t("sheet.fail_gone"),
                StoreError::Busy(_) => t("error.busy"),
                e => {
                    tracing::error!(error = ?e, "register import failed");
                    t("error.internal")
                }
            };
            let message = tf(
                "sheet.apply_failed",
                &[("line", &f.line.to_string()), ("reason", &reason)],
            );
            undo(store, org, actor, run, &message, batch).await;
            return Applied::Failed(message);
        }
    }
    match store.finish_import_run(actor, org, run).await {
        Ok(counts) => Applied::Done(counts),
        Err(e) => {
            tracing::error!(error = ?e, "register import could not be finished");
            let message = tf(
                "sheet.apply_failed",
                &[("line", "–"), ("reason", &t("error.internal"))],
            );
            undo(store, org, actor, run, &message, batch).await;
            Applied::Failed(message)
        }
    }
}

/// Takes back what a run wrote; a run that cannot be undone now is left
/// `undoing` and taken up again by [`recover_stopped`].
async fn undo(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    run: ImportId,
    message: &str,
    batch: usize,
) {
    if let Err(e) = store.undo_import_run(actor, org, run, message, batch).await {
        tracing::error!(error = ?e, %run, "register import could not be undone yet");
    }
}

/// How far the run of this person's import is. A run whose server ended
/// before it did is undone first.
pub async fn progress(store: &Store, org: OrgId, user: UserId, id: ImportId) -> Result<ImportRun> {
    let run = store.import_run(org, user, id).await?;
    if run.state.is_active()
        && store
            .stopped_import_runs()
            .await?
            .iter()
            .any(|r| r.id == run.id)
    {
        undo_stopped(store, &run).await;
        return Ok(store.import_run(org, user, id).await?);
    }
    Ok(run)
}

/// Undoes every run whose server ended before it did (at start and
/// hourly): the register is as before the import.
pub async fn recover_stopped(store: &Store) -> Result<usize> {
    let runs = store.stopped_import_runs().await?;
    for run in &runs {
        undo_stopped(store, run).await;
    }
    Ok(runs.len())
}

async fn undo_stopped(store: &Store, run: &ImportRun) {
    let actor = Actor::system(&t("sheet.system_actor"));
    let message = t("sheet.fail_stopped");
    undo(
        store,
        run.organization_id,
        &actor,
        run.id,
        &message,
        BATCH_ROWS,
    )
    .await;
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
    fn names_are_found_once_or_said_why_not() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let list = [(a, "Bürgerbüro"), (b, "Ordnungsamt"), (b, "ordnungsamt ")];
        assert_eq!(one_named(&list, " bürgerbüro"), Ok(a));
        assert_eq!(one_named(&list, "Standesamt"), Err("unknown"));
        assert_eq!(one_named(&list, "Ordnungsamt"), Err("ambiguous"));
        assert_eq!(split_list("A; ;B ;"), ["A", "B"]);
    }
}
