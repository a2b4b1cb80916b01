//! The library benchmark: a generated shared library of (by default) 5,000
//! templates drawn from the LeiKa service catalogue, 1,000 organisations
//! and 100 adoptions per template — 500,000 adopted processes, each with
//! its lineage row — bulk-loaded into SQLite or PostgreSQL, then timed
//! through the library's use cases and store functions: the template page,
//! adopting a 200-step template, the three-way comparison and merge of a
//! 200-step model, and the start page's update notices of an organisation
//! with 300 adopted processes; each against a named peer.
//!
//! The organisation measured is the demo's "Stadt Musterstadt" (its org
//! units and pay grades come from the demo's platform part); the other
//! organisations are generated. The adopted processes' models share a few
//! JSON shapes (nothing measured reads them but the three-way comparison,
//! which gets its own 200-step models).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use ablauf_domain::process::{Profile, Status};
use ablauf_domain::{OrgKind, OrgUnitId, PayGradeId};
use ablauf_library::content::{Mapping, localise};
use ablauf_library::{Content, NeutralProfile};
use ablauf_model::{BlockModel, Branch, Branching, Item, StepItem, Subprocess};
use ablauf_store::{Actor, Backend, OrgId, ProcessId, Save, Store, StoredModel, TemplateId};
use anyhow::Context as _;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

pub mod search;

/// What to generate and how often to ask.
#[derive(Clone, Debug)]
pub struct Config {
    pub url: String,
    pub templates: usize,
    pub organisations: usize,
    /// Adoptions of every template (by as many organisations).
    pub adoptions: usize,
    /// Adopted processes of the organisation measured ("Stadt Musterstadt").
    pub own: usize,
    pub seed: u64,
    /// Timed runs per measurement.
    pub reps: usize,
    /// The LeiKa catalogue (CSV); a short built-in list without it.
    pub catalogue: Option<std::path::PathBuf>,
}

// ------------------------------------------------------------ the catalogue

/// One service of the catalogue.
#[derive(Clone, Debug)]
pub struct Service {
    pub key: Option<String>,
    pub name: String,
    pub ozg: String,
    pub lebenslage: String,
    pub themenfeld: String,
}

/// Rows of a CSV text (quotes, doubled quotes, line breaks in quotes).
fn csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The services of the LeiKa CSV (`leika_schluessel, leika_bezeichnung,
/// typisierung, rechtsgrundlage, ozg_id, ozg_leistung, lebenslage,
/// themenfeld`), or a short built-in list when there is no file.
pub fn services(path: Option<&Path>) -> Vec<Service> {
    let text = path.and_then(|p| std::fs::read_to_string(p).ok());
    let Some(text) = text else {
        return BUILT_IN
            .iter()
            .map(|(key, name, lebenslage, themenfeld)| Service {
                key: Some((*key).to_owned()),
                name: (*name).to_owned(),
                ozg: (*name).to_owned(),
                lebenslage: (*lebenslage).to_owned(),
                themenfeld: (*themenfeld).to_owned(),
            })
            .collect();
    };
    csv(&text)
        .into_iter()
        .skip(1)
        .filter(|r| r.len() >= 8 && !r[1].trim().is_empty())
        .map(|r| Service {
            key: r[0]
                .chars()
                .all(|c| c.is_ascii_digit())
                .then(|| r[0].clone())
                .filter(|k| !k.is_empty()),
            name: r[1].trim().to_owned(),
            ozg: r[5].trim().to_owned(),
            lebenslage: r[6].trim().to_owned(),
            themenfeld: r[7].trim().to_owned(),
        })
        .collect()
}

const BUILT_IN: &[(&str, &str, &str, &str)] = &[
    (
        "99102013000000",
        "Hundesteuer",
        "Tierhaltung",
        "Engagement & Hobby",
    ),
    (
        "99050012104000",
        "Gewerbeanmeldung",
        "Unternehmensstart & Gewerbezulassung",
        "Unternehmensführung & -entwicklung",
    ),
    (
        "99107023000000",
        "Wohngeld",
        "Finanzielle Existenzsicherung",
        "Arbeit & Ruhestand",
    ),
    (
        "99001009000000",
        "Sperrmüll",
        "Wohnen & Umzug",
        "Bauen & Wohnen",
    ),
    (
        "99012001000000",
        "Abbruchgenehmigung",
        "Bauen & Immobilien",
        "Bauen & Wohnen",
    ),
    (
        "99115004000000",
        "Meldebescheinigung",
        "Umzug",
        "Ein- & Auswanderung",
    ),
    (
        "99066002000000",
        "Bewohnerparkausweis",
        "Mobilität",
        "Mobilität & Reisen",
    ),
    (
        "99088001000000",
        "Kindertagesbetreuung",
        "Familie",
        "Familie & Kind",
    ),
];

// ------------------------------------------------------------ the models

/// Role names of templates: what an adopter maps to its org units.
pub const ROLES: &[&str] = &[
    "Bürgerbüro",
    "Fachbereich Ordnung",
    "Stadtkasse",
    "Sachbearbeitung",
    "Amtsleitung",
    "Poststelle",
    "Bauaufsicht",
    "Steueramt",
];

/// Typical step labels by building block.
const STEPS: &[(&str, &str)] = &[
    ("eingang", "Antrag entgegennehmen"),
    (
        "erfassen-registrieren",
        "Antragsdaten im Fachverfahren erfassen",
    ),
    ("formell-pruefen", "Unterlagen auf Vollständigkeit prüfen"),
    ("inhaltlich-pruefen", "Voraussetzungen inhaltlich prüfen"),
    ("rueckfrage", "Fehlende Unterlagen nachfordern"),
    ("berechnen", "Gebühren berechnen"),
    ("entscheiden", "Über den Antrag entscheiden"),
    ("erstellen", "Bescheid erstellen"),
    ("zeichnen-unterschreiben", "Bescheid zeichnen"),
    ("ausgang", "Bescheid versenden"),
    ("zahlung-annehmen", "Zahlungseingang überwachen"),
    ("ablegen-archivieren", "Vorgang in der E-Akte ablegen"),
    (
        "abstimmen-beteiligen",
        "Stellungnahme der Fachbehörde einholen",
    ),
    ("warten", "Auf die Stellungnahme warten"),
    ("recherchieren", "Register abfragen"),
    ("beraten", "Antragstellende beraten"),
    (
        "weiterleiten",
        "Vorgang an die zuständige Stelle weiterleiten",
    ),
    ("it-system-eingeben", "Ergebnis im Fachverfahren buchen"),
];

const MEDIA: &[&str] = &["", "papier", "eakte", "email", "portal", "fax"];

struct Gen {
    rng: StdRng,
    next: usize,
    /// What a step's org unit and pay grade hold: role names in a template,
    /// the organisation's ids in an adopted process.
    units: Vec<String>,
    grades: Vec<String>,
}

impl Gen {
    fn id(&mut self, p: &str) -> String {
        self.next += 1;
        format!("{p}{}", self.next)
    }

    fn step(&mut self, service: &str) -> Item {
        let (block, label) = *STEPS.choose(&mut self.rng).expect("steps");
        let r = &mut self.rng;
        let label = if r.gen_bool(0.15) {
            format!("{service} prüfen")
        } else {
            label.to_owned()
        };
        let medium = MEDIA[r.gen_range(0..MEDIA.len())];
        let unit = self.units[r.gen_range(0..self.units.len())].clone();
        let grade = self.grades[r.gen_range(0..self.grades.len())].clone();
        let it = r
            .gen_bool(0.3)
            .then(|| format!("Fachverfahren {:02}", r.gen_range(1..=40)));
        let waiting = (block == "warten").then(|| f64::from(r.gen_range(1..=10u32) * 480));
        let minutes = f64::from(r.gen_range(2..=60u32));
        let id = self.id("s");
        Item::Step(StepItem {
            id,
            label,
            block: block.into(),
            medium: (!medium.is_empty()).then(|| medium.to_owned()),
            it_system: it,
            waiting_minutes: waiting,
            processing_minutes: Some(minutes),
            org_unit: Some(unit),
            pay_grade: Some(grade),
            ..Default::default()
        })
    }

    fn items(&mut self, service: &str, budget: usize, depth: usize) -> Vec<Item> {
        let mut out = Vec::new();
        let mut left = budget.max(1);
        while left > 0 {
            let roll = self.rng.gen_range(0..100);
            if depth > 0 && left >= 4 && roll < 10 {
                let (a, b) = (self.rng.gen_range(1..=2usize), 1);
                let branches = vec![
                    Branch {
                        id: self.id("b"),
                        label: "vollständig".into(),
                        share: Some(0.8),
                        items: self.items(service, a, depth - 1),
                    },
                    Branch {
                        id: self.id("b"),
                        label: "unvollständig".into(),
                        share: Some(0.2),
                        items: self.items(service, b, depth - 1),
                    },
                ];
                left = left.saturating_sub(a + b);
                out.push(Item::Variant(Branching {
                    id: self.id("v"),
                    label: "Unterlagen vollständig?".into(),
                    branches,
                }));
            } else if depth > 0 && left >= 4 && roll < 15 {
                let branches = (0..2)
                    .map(|_| Branch {
                        id: self.id("b"),
                        items: self.items(service, 1, depth - 1),
                        ..Default::default()
                    })
                    .collect();
                left = left.saturating_sub(2);
                out.push(Item::Parallel(Branching {
                    id: self.id("p"),
                    branches,
                    ..Default::default()
                }));
            } else {
                out.push(self.step(service));
                left -= 1;
            }
        }
        out
    }

    /// A model of about `steps` steps in 2–4 subprocesses.
    fn model(&mut self, service: &str, steps: usize) -> BlockModel {
        let n = self.rng.gen_range(2..=4usize).min(steps.max(1));
        let names = ["Antragseingang", "Prüfung", "Entscheidung", "Abschluss"];
        let subprocesses = (0..n)
            .map(|i| {
                let budget = steps / n + usize::from(i < steps % n);
                let unit = self.units[self.rng.gen_range(0..self.units.len())].clone();
                Subprocess {
                    id: self.id("sp"),
                    name: names[i].into(),
                    org_unit: Some(unit),
                    items: self.items(service, budget, 2),
                }
            })
            .collect();
        BlockModel { subprocesses }
    }
}

/// Every step of a model, mutably, in reading order.
fn steps_mut(model: &mut BlockModel) -> Vec<&mut StepItem> {
    fn walk<'m>(items: &'m mut [Item], out: &mut Vec<&'m mut StepItem>) {
        for i in items {
            match i {
                Item::Step(s) => out.push(s),
                Item::Variant(b) | Item::Parallel(b) => {
                    for br in &mut b.branches {
                        walk(&mut br.items, out);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for sp in &mut model.subprocesses {
        walk(&mut sp.items, &mut out);
    }
    out
}

/// Removes the steps with these ids wherever they are.
fn remove_steps(model: &mut BlockModel, ids: &HashSet<String>) {
    fn walk(items: &mut Vec<Item>, ids: &HashSet<String>) {
        items.retain(|i| !matches!(i, Item::Step(s) if ids.contains(&s.id)));
        for i in items {
            if let Item::Variant(b) | Item::Parallel(b) = i {
                for br in &mut b.branches {
                    walk(&mut br.items, ids);
                }
            }
        }
    }
    for sp in &mut model.subprocesses {
        walk(&mut sp.items, ids);
    }
}

// ------------------------------------------------------------ templates

const KINDS: &[OrgKind] = &[
    OrgKind::Gemeinde,
    OrgKind::Stadt,
    OrgKind::KreisfreieStadt,
    OrgKind::Landkreis,
    OrgKind::Landesbehoerde,
    OrgKind::Verwaltungsgemeinschaft,
];

/// The content of a template's version 1.0.
fn template_content(g: &mut Gen, s: &Service, steps: usize) -> Content {
    let kinds = if g.rng.gen_bool(0.4) {
        Vec::new()
    } else {
        let n = g.rng.gen_range(1..=3);
        let mut k: Vec<OrgKind> = KINDS.choose_multiple(&mut g.rng, n).copied().collect();
        k.sort_by_key(|k| k.code());
        k
    };
    let model = g.model(&s.name, steps);
    let responsible = ROLES[g.rng.gen_range(0..ROLES.len())].to_owned();
    let mut keywords: Vec<String> = s
        .name
        .split_whitespace()
        .filter(|w| w.chars().count() > 4)
        .take(2)
        .map(str::to_owned)
        .collect();
    if !s.lebenslage.is_empty() {
        keywords.push(s.lebenslage.clone());
    }
    Content {
        profile: NeutralProfile {
            name: s.name.clone(),
            description: format!(
                "Musterprozess für „{}“: Der Antrag geht ein, wird auf Vollständigkeit und inhaltlich geprüft, \
                 entschieden und beschieden. Leistung: {}.",
                s.name, s.ozg
            ),
            service_key: s.key.clone(),
            service_name: s.name.clone(),
            ozg_service: s.ozg.clone(),
            themenfeld: s.themenfeld.clone(),
            lebenslage: s.lebenslage.clone(),
            responsible_role: Some(responsible),
            participating_roles: vec!["Poststelle".into()],
            trigger: "Antrag".into(),
            result: "Bescheid".into(),
            applicant_involved: true,
            cases_per_year: Some(g.rng.gen_range(20..=5000)),
            it_systems: vec!["Fachverfahren 01".into()],
            keywords,
            ..Default::default()
        },
        model,
        suits: kinds,
    }
}

/// A minor version: a few labels and times changed.
fn next_version(c: &Content, round: usize) -> Content {
    let mut c = c.clone();
    for (i, s) in steps_mut(&mut c.model).into_iter().enumerate() {
        if i % 7 == round % 7 {
            s.label = format!("{} (überarbeitet)", s.label);
        }
        if i % 5 == 1 {
            s.processing_minutes = s.processing_minutes.map(|m| m + 5.0);
        }
    }
    c.profile.description.push_str(" Überarbeitet.");
    c
}

// ------------------------------------------------------------ generating

/// What the generator wrote, and what the measurements need of it.
#[derive(Debug)]
pub struct Generated {
    pub org: OrgId,
    pub organisations: usize,
    pub templates: usize,
    pub template_versions: usize,
    pub lineage: usize,
    /// The measured organisation's adopted processes (id, template).
    pub own: Vec<(ProcessId, TemplateId)>,
    /// Templates with their adoptions, for the template page.
    pub sample: Vec<TemplateId>,
    /// The template with a 200-step model.
    pub big: TemplateId,
    pub load: Duration,
}

/// Rows per multi-row INSERT.
const ROWS: usize = 500;

fn values(rows: usize, per: usize, tail: &str) -> String {
    (0..rows)
        .map(|r| {
            let ps: Vec<String> = (1..=per).map(|k| format!("${}", r * per + k)).collect();
            format!("({}{tail})", ps.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One argument of a bulk INSERT.
#[derive(Clone, Debug)]
pub enum Arg {
    Id(Uuid),
    OptId(Option<Uuid>),
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    Bool(bool),
    Time(chrono::DateTime<chrono::Utc>),
}

/// The bench's own connection, for the bulk load and the peers' SQL.
pub enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Id(v) => q.bind(*v),
                Arg::OptId(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.as_str()),
                Arg::OptText(v) => q.bind(v.as_deref()),
                Arg::Int(v) => q.bind(*v),
                Arg::OptInt(v) => q.bind(*v),
                Arg::Bool(v) => q.bind(*v),
                Arg::Time(v) => q.bind(*v),
            };
        }
        q
    }};
}

impl Pool {
    pub async fn connect(url: &str) -> anyhow::Result<Pool> {
        Ok(if url.starts_with("postgres") {
            Pool::Postgres(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(2)
                    .connect(url)
                    .await?,
            )
        } else {
            Pool::Sqlite(
                sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect(url)
                    .await?,
            )
        })
    }

    /// Runs each `(sql, args)` in one transaction.
    async fn write(&self, stmts: &[(String, Vec<Arg>)]) -> anyhow::Result<()> {
        match self {
            Pool::Sqlite(p) => {
                let mut tx = p.begin().await?;
                for (sql, args) in stmts {
                    bind_args!(sqlx::query(sql), args).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
            Pool::Postgres(p) => {
                let mut tx = p.begin().await?;
                for (sql, args) in stmts {
                    bind_args!(sqlx::query(sql), args).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Runs SQL without arguments.
    pub async fn exec(&self, sql: &str) -> anyhow::Result<()> {
        match self {
            Pool::Sqlite(p) => {
                sqlx::query(sql).execute(p).await?;
            }
            Pool::Postgres(p) => {
                sqlx::query(sql).execute(p).await?;
            }
        }
        Ok(())
    }

    /// The ids a query answers, its arguments text.
    pub async fn ids(&self, sql: &str, args: &[String]) -> anyhow::Result<Vec<Uuid>> {
        Ok(match self {
            Pool::Sqlite(p) => {
                let mut q = sqlx::query_scalar(sql);
                for a in args {
                    q = q.bind(a.as_str());
                }
                q.fetch_all(p).await?
            }
            Pool::Postgres(p) => {
                let mut q = sqlx::query_scalar(sql);
                for a in args {
                    q = q.bind(a.as_str());
                }
                q.fetch_all(p).await?
            }
        })
    }
}

/// Collects rows of one table and writes them `ROWS` at a time.
struct Table {
    head: &'static str,
    per: usize,
    tail: &'static str,
    rows: usize,
    args: Vec<Arg>,
}

impl Table {
    fn new(head: &'static str, per: usize, tail: &'static str) -> Table {
        Table {
            head,
            per,
            tail,
            rows: 0,
            args: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<Arg>) {
        debug_assert_eq!(row.len(), self.per);
        self.args.extend(row);
        self.rows += 1;
    }

    fn take(&mut self) -> Option<(String, Vec<Arg>)> {
        if self.rows == 0 {
            return None;
        }
        let sql = format!(
            "{} VALUES {}",
            self.head,
            values(self.rows, self.per, self.tail)
        );
        self.rows = 0;
        Some((sql, std::mem::take(&mut self.args)))
    }
}

/// A place name for a generated organisation.
fn place(rng: &mut StdRng) -> String {
    const A: &[&str] = &[
        "Ahl", "Bern", "Kirch", "Lin", "Mar", "Neu", "Ober", "Reh", "Schön", "Stein", "Wal",
        "Wester", "Alt", "Bruch", "Eich", "Hohen", "Rosen", "Sand", "Tann", "Wolfs",
    ];
    const B: &[&str] = &[
        "bach", "berg", "dorf", "feld", "hausen", "heim", "ingen", "stedt", "tal", "wald", "au",
        "hagen",
    ];
    format!(
        "{}{}",
        A[rng.gen_range(0..A.len())],
        B[rng.gen_range(0..B.len())]
    )
}

/// The localised model shapes the adopted processes share.
fn shapes(g: &mut Gen) -> Vec<String> {
    (0..6).map(|i| g.model("Antrag", 6 + i).to_json()).collect()
}

/// Writes the demo's platform part, then the organisations, templates with
/// their versions, and every adoption (process, version, lineage) with the
/// bench's own connection, in batches.
pub async fn generate(store: &Store, cfg: &Config) -> anyhow::Result<Generated> {
    ablauf_demo::seed(store, ablauf_demo::Content::Platform).await?;
    let existing = store.list_organizations().await?;
    let org = existing
        .iter()
        .find(|o| o.name == "Stadt Musterstadt")
        .context("demo organisation")?
        .id;
    let grades: Vec<String> = store
        .list_pay_grades(org)
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    anyhow::ensure!(!grades.is_empty(), "Musterstadt has pay grades");
    let services = services(cfg.catalogue.as_deref());
    let mut g = Gen {
        rng: StdRng::seed_from_u64(cfg.seed),
        next: 0,
        units: ROLES.iter().map(|r| (*r).to_owned()).collect(),
        grades,
    };
    let started = Instant::now();
    let pool = Pool::connect(&cfg.url).await?;
    let now = chrono::Utc::now();

    // Organisations: the demo's, then generated ones; a third allow being
    // named among a template's users.
    let mut names: HashSet<String> = existing.iter().map(|o| o.name.to_lowercase()).collect();
    let mut orgs: Vec<Uuid> = existing.iter().map(|o| o.id.0).collect();
    orgs.retain(|o| *o != org.0);
    let mut t = Table::new(
        "INSERT INTO organizations (id, name, kind, created_at, library_usage_public, active)",
        5,
        ", TRUE",
    );
    let mut batch = Vec::new();
    while orgs.len() + 1 < cfg.organisations {
        let kind = KINDS[g.rng.gen_range(0..KINDS.len())];
        let prefix = match kind {
            OrgKind::Gemeinde => "Gemeinde",
            OrgKind::Stadt | OrgKind::KreisfreieStadt => "Stadt",
            OrgKind::Landkreis => "Landkreis",
            OrgKind::Landesbehoerde => "Landesamt",
            _ => "Verwaltungsgemeinschaft",
        };
        let mut name = format!("{prefix} {}", place(&mut g.rng));
        let mut n = 2;
        while names.contains(&name.to_lowercase()) {
            name = format!("{prefix} {} {n}", place(&mut g.rng));
            n += 1;
        }
        names.insert(name.to_lowercase());
        let id = Uuid::now_v7();
        orgs.push(id);
        t.push(vec![
            Arg::Id(id),
            Arg::Text(name),
            Arg::Text(kind.code().into()),
            Arg::Time(now),
            Arg::Bool(g.rng.gen_bool(0.3)),
        ]);
        if t.rows == ROWS {
            batch.extend(t.take());
        }
    }
    batch.extend(t.take());
    pool.write(&batch).await?;
    let others = orgs;
    anyhow::ensure!(
        others.len() >= cfg.adoptions,
        "more organisations than adoptions per template"
    );
    // A stride through the other organisations that visits each once.
    let gcd = |mut a: usize, mut b: usize| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let stride = (10..).find(|s| gcd(*s, others.len()) == 1).unwrap_or(1);

    let shapes = shapes(&mut g);
    let mapping = serde_json::json!({
        "roles": ROLES.iter().map(|r| (r.to_string(), Uuid::from_u128(7).to_string())).collect::<HashMap<_, _>>(),
    })
    .to_string();
    let mut templates = Table::new(
        "INSERT INTO templates (id, name, major, minor, service_key, service_name, themenfeld, lebenslage, suits, \
         step_count, source_organization_id, created_at, updated_at)",
        13,
        "",
    );
    let mut versions = Table::new(
        "INSERT INTO template_versions (template_id, major, minor, content, release_notes, released_at)",
        6,
        "",
    );
    let mut processes = Table::new(
        "INSERT INTO processes (id, organization_id, name, service_key, service_name, created_at, updated_at, \
         version, status, identifier, criticality)",
        7,
        ", 1, 'modelliert', '', 'normal'",
    );
    let mut pversions = Table::new(
        "INSERT INTO process_versions (process_id, organization_id, profile, created_at, model, version, status, \
         author_name, note)",
        5,
        ", 1, 'modelliert', 'Benchmark', ''",
    );
    let mut lineage = Table::new(
        "INSERT INTO process_lineage (process_id, organization_id, template_id, major, minor, mapping, \
         skipped_major, skipped_minor, adopted, created_at, updated_at)",
        11,
        "",
    );
    let mut out = Generated {
        org,
        organisations: others.len() + 1,
        templates: 0,
        template_versions: 0,
        lineage: 0,
        own: Vec::new(),
        sample: Vec::new(),
        big: TemplateId(Uuid::nil()),
        load: Duration::ZERO,
    };
    let mut used_names: HashMap<String, usize> = HashMap::new();
    for ti in 0..cfg.templates {
        let s = &services[ti % services.len()];
        let big = ti + 1 == cfg.templates;
        let steps = if big {
            200
        } else if g.rng.gen_bool(0.02) {
            g.rng.gen_range(60..=120)
        } else {
            g.rng.gen_range(6..=32)
        };
        let mut c = template_content(&mut g, s, steps);
        let seen = used_names.entry(s.name.clone()).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            c.profile.name = format!("{} (Variante {})", s.name, seen);
        }
        if big {
            c.profile.name = "Großes Verfahren mit 200 Schritten".into();
        }
        // 1.0; 40 % also 1.1; 15 % of those also 2.0.
        let mut list = vec![((1i64, 0i64), c.clone())];
        if g.rng.gen_bool(0.4) {
            list.push(((1, 1), next_version(&c, 1)));
            if g.rng.gen_bool(0.15) {
                let last = list.last().expect("a version").1.clone();
                list.push(((2, 0), next_version(&last, 2)));
            }
        }
        let id = Uuid::now_v7();
        let template = TemplateId(id);
        if big {
            out.big = template;
        }
        if out.sample.len() < 50 && ti % 7 == 3 {
            out.sample.push(template);
        }
        let (current, cc) = list.last().expect("a version");
        let meta = ablauf_app::library::meta(cc);
        let source = others[(ti * 37) % others.len()];
        templates.push(vec![
            Arg::Id(id),
            Arg::Text(meta.name.clone()),
            Arg::Int(current.0),
            Arg::Int(current.1),
            Arg::OptText(meta.service_key),
            Arg::Text(meta.service_name),
            Arg::Text(meta.themenfeld),
            Arg::Text(meta.lebenslage),
            Arg::Text(meta.suits),
            Arg::Int(meta.step_count),
            Arg::OptId(Some(source)),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        for ((major, minor), content) in &list {
            versions.push(vec![
                Arg::Id(id),
                Arg::Int(*major),
                Arg::Int(*minor),
                Arg::Text(ablauf_app::library::content_json(content)),
                Arg::Text(if (*major, *minor) == (1, 0) {
                    String::new()
                } else {
                    "Schritte überarbeitet, Bearbeitungszeiten angepasst.".into()
                }),
                Arg::Time(now),
            ]);
            out.template_versions += 1;
        }
        out.templates += 1;
        // The adoptions: the source organisation's own (not adopted), then
        // others; the measured organisation adopts the first `own`
        // templates.
        for k in 0..cfg.adoptions {
            let (o, own) = if ti < cfg.own && k + 1 == cfg.adoptions {
                (org.0, true)
            } else {
                (others[(ti * 37 + k * stride) % others.len()], false)
            };
            // Half on the current version, the others on an older one.
            let at = if list.len() > 1 && g.rng.gen_bool(0.5) {
                list[g.rng.gen_range(0..list.len() - 1)].0
            } else {
                *current
            };
            let skipped = (at != *current && g.rng.gen_bool(0.1)).then_some(*current);
            let pid = Uuid::now_v7();
            if own {
                out.own.push((ProcessId(pid), template));
            }
            processes.push(vec![
                Arg::Id(pid),
                Arg::Id(o),
                Arg::Text(c.profile.name.clone()),
                Arg::OptText(s.key.clone()),
                Arg::Text(s.name.clone()),
                Arg::Time(now),
                Arg::Time(now),
            ]);
            pversions.push(vec![
                Arg::Id(pid),
                Arg::Id(o),
                Arg::Text(serde_json::json!({ "name": c.profile.name }).to_string()),
                Arg::Time(now),
                Arg::Text(shapes[(ti + k) % shapes.len()].clone()),
            ]);
            lineage.push(vec![
                Arg::Id(pid),
                Arg::Id(o),
                Arg::Id(id),
                Arg::Int(at.0),
                Arg::Int(at.1),
                Arg::Text(mapping.clone()),
                Arg::OptInt(skipped.map(|v| v.0)),
                Arg::OptInt(skipped.map(|v| v.1)),
                Arg::Bool(k != 0 || own),
                Arg::Time(now),
                Arg::Time(now),
            ]);
            out.lineage += 1;
        }
        if processes.rows >= ROWS || ti + 1 == cfg.templates {
            let mut stmts = Vec::new();
            stmts.extend(templates.take());
            stmts.extend(versions.take());
            stmts.extend(processes.take());
            stmts.extend(pversions.take());
            stmts.extend(lineage.take());
            pool.write(&stmts).await?;
        }
    }
    if let Pool::Postgres(_) = pool {
        // What autovacuum does shortly after a bulk load.
        pool.exec("ANALYZE").await?;
    }
    out.load = started.elapsed();
    Ok(out)
}

// ------------------------------------------------------------ measuring

/// p50, p99 and mean of timed runs.
#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub p50: Duration,
    pub p99: Duration,
    pub mean: Duration,
    pub runs: usize,
}

impl Stats {
    pub fn of(mut v: Vec<Duration>) -> Stats {
        v.sort();
        let at = |p: f64| v[(((v.len() as f64) - 1.0) * p).round() as usize];
        Stats {
            p50: at(0.5),
            p99: at(0.99),
            mean: v.iter().sum::<Duration>() / v.len().max(1) as u32,
            runs: v.len(),
        }
    }
}

pub fn backend_name(store: &Store) -> &'static str {
    match store.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// The template page's data, and the usage queries with and without the
/// lineage's template index.
#[derive(Debug)]
pub struct PageTimes {
    /// `ablauf_app::library::browse::template` (the page's use case:
    /// template, version, content, usage, named users, versions, figures).
    pub use_case: Stats,
    /// `get_template`, `template_versions`, `template_usage`,
    /// `template_public_users`.
    pub store_fns: Stats,
    /// `template_usage` + `template_public_users`.
    pub usage: Stats,
    pub usage_without_index: Stats,
    /// Processes counted on one page (the last template asked).
    pub processes: i64,
}

async fn page_store(store: &Store, id: TemplateId) -> anyhow::Result<i64> {
    store.get_template(id).await?;
    store.template_versions(id).await?;
    let u = store.template_usage(id).await?;
    store.template_public_users(id).await?;
    Ok(u.iter().map(|u| u.processes).sum())
}

async fn usage(store: &Store, id: TemplateId) -> anyhow::Result<()> {
    store.template_usage(id).await?;
    store.template_public_users(id).await?;
    Ok(())
}

pub async fn template_page(
    store: &Store,
    pool: &Pool,
    g: &Generated,
    reps: usize,
) -> anyhow::Result<PageTimes> {
    let pick = |i: usize| g.sample[i % g.sample.len()];
    let mut processes = 0;
    for i in 0..3 {
        page_store(store, pick(i)).await?;
    }
    let mut case = Vec::new();
    for i in 0..reps {
        let t = Instant::now();
        ablauf_app::library::browse::template(store, pick(i), None).await?;
        case.push(t.elapsed());
    }
    let mut fns = Vec::new();
    for i in 0..reps {
        let t = Instant::now();
        processes = page_store(store, pick(i)).await?;
        fns.push(t.elapsed());
    }
    let mut with = Vec::new();
    for i in 0..reps {
        let t = Instant::now();
        usage(store, pick(i)).await?;
        with.push(t.elapsed());
    }
    pool.exec("DROP INDEX process_lineage_template").await?;
    let mut without = Vec::new();
    let r = async {
        usage(store, pick(0)).await?;
        for i in 0..reps.min(10) {
            let t = Instant::now();
            usage(store, pick(i)).await?;
            without.push(t.elapsed());
        }
        anyhow::Ok(())
    }
    .await;
    pool.exec(
        "CREATE INDEX process_lineage_template ON process_lineage (template_id, major, minor)",
    )
    .await?;
    r?;
    Ok(PageTimes {
        use_case: Stats::of(case),
        store_fns: Stats::of(fns),
        usage: Stats::of(with),
        usage_without_index: Stats::of(without),
        processes,
    })
}

/// The start page's update notices of the measured organisation, against
/// asking process by process and against the same query without the
/// lineage's organisation index.
#[derive(Debug)]
pub struct NoticeTimes {
    pub notices: usize,
    pub adopted: usize,
    pub query: Stats,
    pub per_process: Stats,
    pub without_index: Stats,
}

pub async fn update_notices(
    store: &Store,
    pool: &Pool,
    g: &Generated,
    reps: usize,
) -> anyhow::Result<NoticeTimes> {
    let org = g.org;
    let mut notices = 0;
    for _ in 0..3 {
        notices = ablauf_app::library::update::notices(store, org)
            .await?
            .len();
    }
    let mut q = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        ablauf_app::library::update::notices(store, org).await?;
        q.push(t.elapsed());
    }
    // The peer a first version might write: each adopted process's
    // lineage, then its template.
    let mut per = Vec::new();
    let mut found = 0;
    for _ in 0..reps.min(20) {
        let t = Instant::now();
        found = 0;
        for (pid, _) in &g.own {
            let Some(l) = store.get_lineage(org, *pid).await? else {
                continue;
            };
            let t = store.get_template(l.template_id).await?;
            let newer = (t.major, t.minor) > (l.major, l.minor);
            let skipped = l.skipped_major == Some(t.major) && l.skipped_minor == Some(t.minor);
            if newer && !skipped {
                found += 1;
            }
        }
        per.push(t.elapsed());
    }
    anyhow::ensure!(
        found == notices,
        "per-process lookups found {found}, the query {notices}"
    );
    pool.exec("DROP INDEX process_lineage_org").await?;
    let mut without = Vec::new();
    let r = async {
        ablauf_app::library::update::notices(store, org).await?;
        for _ in 0..reps.min(10) {
            let t = Instant::now();
            ablauf_app::library::update::notices(store, org).await?;
            without.push(t.elapsed());
        }
        anyhow::Ok(())
    }
    .await;
    pool.exec("CREATE INDEX process_lineage_org ON process_lineage (organization_id)")
        .await?;
    r?;
    Ok(NoticeTimes {
        notices,
        adopted: g.own.len(),
        query: Stats::of(q),
        per_process: Stats::of(per),
        without_index: Stats::of(without),
    })
}

/// Adopting the 200-step template into the measured organisation, against
/// creating the same process and saving the same model through the
/// register and the block editor's use case.
#[derive(Debug)]
pub struct AdoptTimes {
    pub steps: usize,
    /// `ablauf_app::library::adopt::adopt` (wizard data, checks, process).
    pub use_case: Stats,
    /// The store's part alone (template, version, localise, adopt_template).
    pub adopt: Stats,
    pub by_hand: Stats,
}

/// The measured organisation's mapping of every role and pay grade.
async fn mapping_for(store: &Store, org: OrgId, c: &Content) -> anyhow::Result<Mapping> {
    let units: Vec<OrgUnitId> = store
        .list_org_units(org)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let grades: HashMap<String, PayGradeId> = store
        .list_pay_grades(org)
        .await?
        .into_iter()
        .map(|g| (g.name, g.id))
        .collect();
    let mut m = Mapping::default();
    for (i, r) in c.roles().into_iter().enumerate() {
        m.roles.insert(r, units[i % units.len()]);
    }
    m.pay_grades = grades;
    Ok(m)
}

/// One adoption as the use case does it: the template, its version, the
/// content localised with the mapping, the process with its lineage.
pub async fn adopt_once(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    template: TemplateId,
    map: &Mapping,
) -> anyhow::Result<ProcessId> {
    let row = store.get_template(template).await?;
    let v = store
        .get_template_version(template, (row.major, row.minor))
        .await?;
    let c = ablauf_app::library::content(&v.content)?;
    let (profile, model) = localise(&c, map);
    let save = Save {
        area_id: None,
        status: Status::Modelliert,
        profile,
        note: format!("Übernommen aus Musterprozess „{}“", row.name),
    };
    let stored = StoredModel {
        blocks: Some(model.to_json()),
        bpmn: None,
    };
    let p = store
        .adopt_template(
            actor,
            org,
            (&save, &stored, &Default::default()),
            (
                template,
                (row.major, row.minor),
                &ablauf_app::library::mapping_json(map),
            ),
        )
        .await?;
    Ok(p.id)
}

pub async fn adoption(store: &Store, g: &Generated, reps: usize) -> anyhow::Result<AdoptTimes> {
    let org = g.org;
    let actor = Actor::system("Benchmark");
    let row = store.get_template(g.big).await?;
    let c = ablauf_app::library::content(
        &store
            .get_template_version(g.big, (row.major, row.minor))
            .await?
            .content,
    )?;
    let map = mapping_for(store, org, &c).await?;
    let a = ablauf_app::library::adopt::Adoption {
        roles: map.roles.clone(),
        ..Default::default()
    };
    let mut case = Vec::new();
    for i in 0..=reps {
        let t = Instant::now();
        ablauf_app::library::adopt::adopt(store, org, &actor, g.big, &a).await?;
        if i > 0 {
            case.push(t.elapsed());
        }
    }
    adopt_once(store, org, &actor, g.big, &map).await?;
    let mut adopt = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        adopt_once(store, org, &actor, g.big, &map).await?;
        adopt.push(t.elapsed());
    }
    let (profile, model) = localise(&c, &map);
    let mut by_hand = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        let p = store
            .create_process(
                &actor,
                org,
                &Save {
                    area_id: None,
                    status: Status::Modelliert,
                    profile: profile.clone(),
                    note: String::new(),
                },
            )
            .await?;
        ablauf_app::modelling::save_model(
            store,
            org,
            &actor,
            (p.id, ablauf_store::Which::AsIs),
            p.version,
            &model,
            None,
        )
        .await?;
        by_hand.push(t.elapsed());
    }
    Ok(AdoptTimes {
        steps: c.step_count(),
        use_case: Stats::of(case),
        adopt: Stats::of(adopt),
        by_hand: Stats::of(by_hand),
    })
}

/// The three-way comparison and merge of a 200-step model.
#[derive(Debug)]
pub struct ThreeWayTimes {
    pub steps: usize,
    pub changes: usize,
    pub conflicts: usize,
    pub compare: Stats,
    pub apply: Stats,
    /// `ablauf_model::merge::merge` on the same models, and how many
    /// conflicts it names.
    pub merge: Stats,
    pub merge_conflicts: usize,
}

type Side = (Profile, BlockModel);

/// The adopted template version (base), the new one (theirs, the
/// template's edits) and the organisation's process (ours, local edits),
/// in the organisation's terms, about `steps` steps.
pub fn three_way_models(steps: usize) -> (Side, Side, Side) {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(11),
        next: 0,
        units: (1..=6u128)
            .map(|i| Uuid::from_u128(i).to_string())
            .collect(),
        grades: (100..=103u128)
            .map(|i| Uuid::from_u128(i).to_string())
            .collect(),
    };
    let model = g.model("Gewerbeanmeldung", steps);
    let profile = Profile {
        name: "Gewerbeanmeldung".into(),
        description: "Anmeldung eines Gewerbes".into(),
        cases_per_year: Some(1200),
        keywords: vec!["Gewerbe".into(), "Anmeldung".into()],
        ..Default::default()
    };
    let base = (profile, model);

    // The template: 10 labels, 8 times, 5 new steps, 3 removed, one
    // subprocess renamed; a new description and keyword.
    let mut theirs = base.clone();
    let mut gone = HashSet::new();
    for (i, s) in steps_mut(&mut theirs.1).into_iter().enumerate() {
        if i % 20 == 0 {
            s.label = format!("{} (neu gefasst)", s.label);
        }
        if i % 25 == 5 {
            s.processing_minutes = Some(15.0);
        }
        if i % 67 == 3 {
            gone.insert(s.id.clone());
        }
    }
    remove_steps(&mut theirs.1, &gone);
    for k in 0..5 {
        let sp = k % theirs.1.subprocesses.len();
        let mut s = g.step("Gewerbeanmeldung");
        if let Item::Step(st) = &mut s {
            st.id = format!("t{k}");
        }
        let at = (k * 3).min(theirs.1.subprocesses[sp].items.len());
        theirs.1.subprocesses[sp].items.insert(at, s);
    }
    theirs.1.subprocesses[0].name = "Eingang und Erfassung".into();
    theirs.0.description = "Anmeldung, Ummeldung und Abmeldung eines Gewerbes".into();
    theirs.0.keywords.push("Gewerbeanzeige".into());

    // The organisation: 8 times (3 of them the template's), 7 notes, 4 new
    // steps, 2 removed; its own cases per year and description.
    let mut ours = base.clone();
    let mut gone = HashSet::new();
    for (i, s) in steps_mut(&mut ours.1).into_iter().enumerate() {
        if i % 25 == 5 && i < 80 {
            s.processing_minutes = Some(20.0);
        }
        if i % 25 == 12 {
            s.processing_minutes = Some(3.0);
        }
        if i % 30 == 7 {
            s.notes = "Bei uns mit Terminvergabe".into();
        }
        if i % 71 == 11 {
            gone.insert(s.id.clone());
        }
    }
    remove_steps(&mut ours.1, &gone);
    for k in 0..4 {
        let sp = (k + 1) % ours.1.subprocesses.len();
        let mut s = g.step("Gewerbeanmeldung");
        if let Item::Step(st) = &mut s {
            st.id = format!("o{k}");
        }
        let at = (k * 2 + 1).min(ours.1.subprocesses[sp].items.len());
        ours.1.subprocesses[sp].items.insert(at, s);
    }
    ours.0.cases_per_year = Some(800);
    ours.0.description = "Gewerbeanmeldung im Bürgerbüro".into();
    (base, theirs, ours)
}

pub fn three_way(steps: usize, reps: usize) -> ThreeWayTimes {
    use ablauf_library::update::{apply, compare};
    let (b, t, o) = three_way_models(steps);
    fn side(s: &Side) -> (&Profile, &BlockModel) {
        (&s.0, &s.1)
    }
    let steps = b.1.steps().len();
    let update = compare(side(&b), side(&t), side(&o));
    let take: HashSet<String> = update
        .changes
        .iter()
        .filter(|c| !c.conflict)
        .map(|c| c.id.clone())
        .collect();
    let (mut cmp, mut app, mut mrg) = (Vec::new(), Vec::new(), Vec::new());
    let mut merge_conflicts = 0;
    for _ in 0..reps {
        let s = Instant::now();
        std::hint::black_box(compare(side(&b), side(&t), side(&o)));
        cmp.push(s.elapsed());
        let s = Instant::now();
        std::hint::black_box(apply(side(&b), side(&t), side(&o), &take));
        app.push(s.elapsed());
        let s = Instant::now();
        let m = ablauf_model::merge::merge(&b.1, &o.1, &t.1);
        mrg.push(s.elapsed());
        merge_conflicts = m.err().map_or(0, |c| c.len());
    }
    ThreeWayTimes {
        steps,
        changes: update.changes.len(),
        conflicts: update.conflicts(),
        compare: Stats::of(cmp),
        apply: Stats::of(app),
        merge: Stats::of(mrg),
        merge_conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny library on SQLite: everything generated is there, every
    /// measurement runs, the per-process peer finds the same notices, and
    /// the three-way comparison offers changes with conflicts.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn smoke_tiny_library() {
        let dir = std::env::temp_dir().join(format!("library-bench-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/a.db", dir.display());
        let store = Store::connect(&url, 4).await.unwrap();
        store.migrate().await.unwrap();
        let cfg = Config {
            url: url.clone(),
            templates: 40,
            organisations: 30,
            adoptions: 5,
            own: 12,
            seed: 7,
            reps: 3,
            catalogue: None,
        };
        let g = generate(&store, &cfg).await.unwrap();
        assert_eq!(g.templates, 40);
        assert_eq!(g.lineage, 200);
        assert_eq!(g.own.len(), 12);
        assert_eq!(g.organisations, 30);
        assert_eq!(store.list_templates().await.unwrap().len(), 40);
        let big = store.get_template(g.big).await.unwrap();
        assert_eq!(big.step_count, 200);

        let pool = Pool::connect(&url).await.unwrap();
        let s = search::run(&store, &pool, cfg.reps).await.unwrap();
        assert_eq!(s.timed.len(), 20);
        assert!(s.timed.iter().all(|t| t.ours.is_some()));
        let e = search::experiment(&store, &pool, 2).await.unwrap();
        assert_eq!(e.rows.len(), 17);
        let page = template_page(&store, &pool, &g, cfg.reps).await.unwrap();
        assert_eq!(page.processes, 5);
        let n = update_notices(&store, &pool, &g, cfg.reps).await.unwrap();
        assert_eq!(n.adopted, 12);
        let a = adoption(&store, &g, 2).await.unwrap();
        assert_eq!(a.steps, 200);
        let t = three_way(200, 2);
        assert!(t.changes > 20 && t.conflicts > 0, "{t:?}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
