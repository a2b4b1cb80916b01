//! The analysis benchmark: a generated, state-sized landscape of
//! building-block models (variants, parallel parts, media breaks, fax,
//! waits), bulk-loaded into SQLite or PostgreSQL; the store's step index
//! built from the stored models (`Store::backfill_steps`, the path every
//! model written before the index takes); five pattern queries timed
//! through the real use case (`ablauf_app::patterns::run`); on PostgreSQL
//! the same questions asked of the stored model JSON with jsonpath and a
//! GIN index, hits compared.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use ablauf_analysis::pattern::{Element, PatternQuery, find_in_model};
use ablauf_model::{BlockModel, Branch, Branching, Item, StepItem, Subprocess};
use ablauf_store::{Backend, OrgId, Store};
use anyhow::Context;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// What to generate and how often to ask.
#[derive(Clone, Debug)]
pub struct Config {
    pub url: String,
    pub processes: usize,
    pub seed: u64,
    /// Timed runs per question through the use case.
    pub reps: usize,
    /// Timed runs per question on PostgreSQL jsonpath.
    pub pg_reps: usize,
}

const BLOCKS: &[(&str, u32)] = &[
    ("eingang", 10),
    ("ausgang", 8),
    ("weiterleiten", 5),
    ("warten", 5),
    ("erstellen", 8),
    ("erfassen-registrieren", 6),
    ("bearbeiten", 8),
    ("ablegen-archivieren", 4),
    ("sichten", 4),
    ("formell-pruefen", 6),
    ("inhaltlich-pruefen", 6),
    ("entscheiden", 4),
    ("berechnen", 3),
    ("zeichnen-unterschreiben", 4),
    ("zahlung-annehmen", 2),
    ("it-system-eingeben", 8),
    ("kopieren-vervielfaeltigen", 2),
    ("recherchieren", 3),
    ("rueckfrage", 3),
    ("abstimmen-beteiligen", 3),
    ("beraten", 2),
    ("ortswechsel", 2),
    ("drucken", 4),
    ("scannen", 4),
];

const MEDIA: &[(&str, u32)] = &[
    ("", 20),
    ("papier", 30),
    ("eakte", 25),
    ("email", 10),
    ("portal", 8),
    ("telefon", 4),
    ("fax", 3),
];

fn weighted<'a>(rng: &mut StdRng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut r = rng.gen_range(0..total);
    for (v, w) in items {
        if r < *w {
            return v;
        }
        r -= w;
    }
    items[0].0
}

struct Gen {
    rng: StdRng,
    next: usize,
    units: Vec<String>,
    grades: Vec<String>,
}

impl Gen {
    fn id(&mut self, p: &str) -> String {
        self.next += 1;
        format!("{p}{}", self.next)
    }

    fn step(&mut self, block: &str) -> Item {
        let r = &mut self.rng;
        let medium = weighted(r, MEDIA);
        let it = r
            .gen_bool(0.3)
            .then(|| format!("Fachverfahren {:02}", r.gen_range(1..=40)));
        let waiting = if block == "warten" {
            Some(f64::from(r.gen_range(1..=30u32) * 480))
        } else if r.gen_bool(0.1) {
            Some(f64::from(r.gen_range(1..=120u32)))
        } else {
            None
        };
        let minutes = f64::from(r.gen_range(2..=90u32));
        let unit = r
            .gen_bool(0.2)
            .then(|| self.units[r.gen_range(0..self.units.len())].clone());
        let grade = r
            .gen_bool(0.8)
            .then(|| self.grades[r.gen_range(0..self.grades.len())].clone());
        let share = r
            .gen_bool(0.1)
            .then(|| f64::from(r.gen_range(1..=9u32)) / 10.0);
        let id = self.id("s");
        Item::Step(StepItem {
            id,
            label: format!("Schritt {}", self.next),
            block: block.into(),
            medium: (!medium.is_empty()).then(|| medium.to_owned()),
            it_system: it,
            waiting_minutes: waiting,
            processing_minutes: Some(minutes),
            org_unit: unit,
            pay_grade: grade,
            share,
            ..Default::default()
        })
    }

    fn random_step(&mut self) -> Item {
        let b = weighted(&mut self.rng, BLOCKS).to_owned();
        self.step(&b)
    }

    /// A sequence of about `budget` steps, with branchings while `depth`
    /// allows.
    fn items(&mut self, budget: usize, depth: usize) -> Vec<Item> {
        let mut out = Vec::new();
        let mut left = budget.max(1);
        while left > 0 {
            let roll = self.rng.gen_range(0..100);
            if depth > 0 && left >= 3 && roll < 12 {
                let n = self.rng.gen_range(2..=3usize);
                let mut shares: Vec<f64> = Vec::new();
                let mut rest: f64 = 1.0;
                for i in 0..n {
                    let s = if i + 1 == n {
                        rest
                    } else {
                        (rest * 0.6 * 10.0).round() / 10.0
                    };
                    rest -= s;
                    shares.push(s);
                }
                let branches = (0..n)
                    .map(|i| {
                        let k = self.rng.gen_range(0..=2usize);
                        Branch {
                            id: self.id("b"),
                            share: Some(shares[i]),
                            items: self.items(k, depth - 1),
                            ..Default::default()
                        }
                    })
                    .collect::<Vec<_>>();
                let used: usize = branches.iter().map(|b| count(&b.items)).sum();
                left = left.saturating_sub(used.max(1));
                out.push(Item::Variant(Branching {
                    id: self.id("v"),
                    label: "Vollständig?".into(),
                    branches,
                }));
            } else if depth > 0 && left >= 3 && roll < 20 {
                let branches = (0..2)
                    .map(|_| {
                        let k = self.rng.gen_range(1..=2usize);
                        Branch {
                            id: self.id("b"),
                            items: self.items(k, depth - 1),
                            ..Default::default()
                        }
                    })
                    .collect::<Vec<_>>();
                let used: usize = branches.iter().map(|b| count(&b.items)).sum();
                left = left.saturating_sub(used.max(1));
                out.push(Item::Parallel(Branching {
                    id: self.id("p"),
                    branches,
                    ..Default::default()
                }));
            } else if left >= 3 && roll < 26 {
                // The media break the issue names: printed, signed, scanned
                // again (sometimes with a step between).
                out.push(self.step("drucken"));
                if self.rng.gen_bool(0.3) {
                    out.push(self.random_step());
                    left = left.saturating_sub(1);
                }
                out.push(self.step("zeichnen-unterschreiben"));
                out.push(self.step("scannen"));
                left = left.saturating_sub(3);
            } else {
                out.push(self.random_step());
                left -= 1;
            }
        }
        out
    }

    /// A model of about `steps` steps in 2–5 subprocesses.
    fn model(&mut self, steps: usize) -> BlockModel {
        let n = self.rng.gen_range(2..=5usize).min(steps.max(1));
        let mut subprocesses = Vec::new();
        for i in 0..n {
            let budget = steps / n + usize::from(i < steps % n);
            let unit = self.units[self.rng.gen_range(0..self.units.len())].clone();
            subprocesses.push(Subprocess {
                id: self.id("sp"),
                name: format!("Teilprozess {}", i + 1),
                org_unit: Some(unit),
                items: self.items(budget, 2),
            });
        }
        BlockModel { subprocesses }
    }
}

fn count(items: &[Item]) -> usize {
    items
        .iter()
        .map(|i| match i {
            Item::Step(_) => 1,
            Item::Variant(b) | Item::Parallel(b) => {
                b.branches.iter().map(|br| count(&br.items)).sum()
            }
        })
        .sum()
}

/// A question: the pattern query, and the jsonpath that asks PostgreSQL
/// the same (`exact`), or, where jsonpath cannot follow paths, what it can
/// ask instead (co-occurrence in one subprocess, a superset).
pub struct Question {
    pub name: &'static str,
    pub query: PatternQuery,
    pub jsonpath: &'static str,
    pub exact: bool,
}

fn el(block: Option<&str>, medium: Option<&str>, it: Option<&str>, wait: Option<f64>) -> Element {
    Element {
        block: block.map(str::to_owned),
        medium: medium.map(str::to_owned),
        it_system: it.map(str::to_owned),
        min_waiting_minutes: wait,
    }
}

pub fn questions() -> Vec<Question> {
    let q = |sequence: Vec<Element>, within: &str| PatternQuery {
        sequence,
        within: within.into(),
        adjacent: false,
    };
    vec![
        Question {
            name: "Fax: any step with medium fax",
            query: q(vec![el(None, Some("fax"), None, None)], "process"),
            jsonpath: r#"$.** ? (@.kind == "step" && @.medium == "fax")"#,
            exact: true,
        },
        Question {
            name: "IT system: a step in Fachverfahren 07",
            query: q(
                vec![el(None, None, Some("Fachverfahren 07"), None)],
                "process",
            ),
            jsonpath: r#"$.** ? (@.kind == "step" && @.itSystem == "Fachverfahren 07")"#,
            exact: true,
        },
        Question {
            name: "Waiting: Warten at least 5 days (7,200 min)",
            query: q(
                vec![el(Some("warten"), None, None, Some(7200.0))],
                "process",
            ),
            jsonpath: r#"$.** ? (@.kind == "step" && @.block == "warten" && @.waitingMinutes >= 7200)"#,
            exact: true,
        },
        Question {
            name: "Paper print: Drucken with medium Papier",
            query: q(
                vec![el(Some("drucken"), Some("papier"), None, None)],
                "process",
            ),
            jsonpath: r#"$.** ? (@.kind == "step" && @.block == "drucken" && @.medium == "papier")"#,
            exact: true,
        },
        Question {
            name: "Print–sign–scan within one subprocess (sequence along a path)",
            query: q(
                vec![
                    el(Some("drucken"), None, None, None),
                    el(Some("zeichnen-unterschreiben"), None, None, None),
                    el(Some("scannen"), None, None, None),
                ],
                "subprocess",
            ),
            jsonpath: r#"$.subprocesses[*] ? (exists(@.** ? (@.block == "drucken")) && exists(@.** ? (@.block == "zeichnen-unterschreiben")) && exists(@.** ? (@.block == "scannen")))"#,
            exact: false,
        },
    ]
}

/// What the generator wrote.
#[derive(Debug, Default)]
pub struct Generated {
    pub org: Option<OrgId>,
    pub processes: usize,
    pub steps: usize,
    pub variants: usize,
    pub parallels: usize,
    pub load: Duration,
    pub index_rows: Duration,
}

fn shapes(items: &[Item], v: &mut usize, p: &mut usize) {
    for i in items {
        match i {
            Item::Step(_) => {}
            Item::Variant(b) => {
                *v += 1;
                b.branches.iter().for_each(|br| shapes(&br.items, v, p));
            }
            Item::Parallel(b) => {
                *p += 1;
                b.branches.iter().for_each(|br| shapes(&br.items, v, p));
            }
        }
    }
}

/// Rows per multi-row INSERT.
const ROWS: usize = 400;

/// Writes `cfg.processes` processes with one version holding a block model
/// each into the organisation "Stadt Musterstadt" (the demo's platform part
/// is seeded first), then builds the step index from the stored models.
pub async fn generate(store: &Store, cfg: &Config) -> anyhow::Result<Generated> {
    ablauf_demo::seed(store, ablauf_demo::Content::Platform).await?;
    let org = store
        .list_organizations()
        .await?
        .into_iter()
        .find(|o| o.name == "Stadt Musterstadt")
        .context("demo organisation")?
        .id;
    let org = OrgId(org.into());
    let units: Vec<String> = store
        .list_org_units(org)
        .await?
        .iter()
        .map(|u| u.id.to_string())
        .collect();
    let grades: Vec<String> = store
        .list_pay_grades(org)
        .await?
        .iter()
        .map(|g| g.id.to_string())
        .collect();
    let mut g = Gen {
        rng: StdRng::seed_from_u64(cfg.seed),
        next: 0,
        units,
        grades,
    };
    let mut out = Generated {
        org: Some(org),
        ..Default::default()
    };
    let started = Instant::now();
    let pool = Pool::connect(&cfg.url).await?;
    let now = chrono::Utc::now();
    let mut batch: Vec<(Uuid, String, String)> = Vec::with_capacity(ROWS);
    for i in 0..cfg.processes {
        // 20 steps on average: 6–34, a few large ones.
        let steps = if g.rng.gen_bool(0.01) {
            g.rng.gen_range(60..=200)
        } else {
            g.rng.gen_range(6..=32)
        };
        let m = g.model(steps);
        out.steps += ablauf_analysis::Flow::new(&m).steps.len();
        for sp in &m.subprocesses {
            shapes(&sp.items, &mut out.variants, &mut out.parallels);
        }
        batch.push((
            Uuid::now_v7(),
            format!("Prozess {:06} – Verwaltungsleistung", i + 1),
            m.to_json(),
        ));
        if batch.len() == ROWS || i + 1 == cfg.processes {
            pool.insert(org.0, &batch, now).await?;
            out.processes += batch.len();
            batch.clear();
        }
    }
    out.load = started.elapsed();
    let started = Instant::now();
    store.backfill_steps().await?;
    out.index_rows = started.elapsed();
    Ok(out)
}

/// The bench's own connection for the bulk load and PostgreSQL's jsonpath.
pub enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

macro_rules! bind_batch {
    ($q:expr, $org:expr, $batch:expr, $now:expr, $versions:expr) => {{
        let mut q = $q;
        for (id, name, model) in $batch {
            if $versions {
                q = q
                    .bind(*id)
                    .bind($org)
                    .bind("modelliert")
                    // The Steckbrief: its name and 10–1,030 cases a year.
                    .bind(
                        serde_json::json!({
                            "name": name,
                            "cases_per_year": 10 + u32::from(id.as_bytes()[15]) * 4,
                        })
                        .to_string(),
                    )
                    .bind("Benchmark")
                    .bind($now)
                    .bind(model.as_str());
            } else {
                q = q.bind(*id).bind($org).bind(name.as_str()).bind($now);
            }
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

    async fn insert(
        &self,
        org: Uuid,
        batch: &[(Uuid, String, String)],
        now: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<()> {
        let values = |n: usize, per: usize, tail: &str| -> String {
            (0..n)
                .map(|r| {
                    let ps: Vec<String> = (1..=per).map(|k| format!("${}", r * per + k)).collect();
                    format!("({}{tail})", ps.join(", "))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let procs = format!(
            "INSERT INTO processes (id, organization_id, name, created_at, version, status, identifier, service_name, criticality, updated_at) VALUES {}",
            values(
                batch.len(),
                4,
                ", 1, 'modelliert', '', '', 'normal', CURRENT_TIMESTAMP"
            )
        );
        let versions = format!(
            "INSERT INTO process_versions (process_id, organization_id, status, profile, author_name, created_at, model, version, note) VALUES {}",
            values(batch.len(), 7, ", 1, ''")
        );
        match self {
            Pool::Sqlite(p) => {
                let mut tx = p.begin().await?;
                bind_batch!(sqlx::query(&procs), org, batch, now, false)
                    .execute(&mut *tx)
                    .await?;
                bind_batch!(sqlx::query(&versions), org, batch, now, true)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            Pool::Postgres(p) => {
                let mut tx = p.begin().await?;
                bind_batch!(sqlx::query(&procs), org, batch, now, false)
                    .execute(&mut *tx)
                    .await?;
                bind_batch!(sqlx::query(&versions), org, batch, now, true)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }
}

/// Timings of one question.
#[derive(Debug)]
pub struct Timed {
    pub name: &'static str,
    pub total: usize,
    pub p50: Duration,
    pub p99: Duration,
    /// PostgreSQL jsonpath: hits, p50, p99, whether the GIN index was used.
    pub pg: Option<(usize, Duration, Duration, bool)>,
    /// The hits agree: with jsonpath (exact questions) or with the matcher
    /// run over every stored model (the sequence question).
    pub same_hits: bool,
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

/// Every process id whose current model the matcher finds `q` in (the
/// reference for the sequence question), read from the stored JSON.
async fn brute_force(pool: &Pool, org: Uuid, q: &PatternQuery) -> anyhow::Result<BTreeSet<Uuid>> {
    let sql = "SELECT v.process_id, v.model FROM process_versions v JOIN processes p ON p.id = v.process_id AND p.version = v.version WHERE p.organization_id = $1 AND v.model IS NOT NULL";
    let rows: Vec<(Uuid, String)> = match pool {
        Pool::Sqlite(p) => sqlx::query_as(sql).bind(org).fetch_all(p).await?,
        Pool::Postgres(p) => sqlx::query_as(sql).bind(org).fetch_all(p).await?,
    };
    Ok(rows
        .into_iter()
        .filter(|(_, m)| {
            BlockModel::from_json(m).is_ok_and(|m| !find_in_model(&m, q, 1).is_empty())
        })
        .map(|(id, _)| id)
        .collect())
}

/// Prepares PostgreSQL's side: the model as jsonb with a GIN index
/// (jsonb_path_ops), analysed.
pub async fn prepare_pg(pool: &Pool) -> anyhow::Result<Duration> {
    let Pool::Postgres(p) = pool else {
        return Ok(Duration::ZERO);
    };
    let started = Instant::now();
    for sql in [
        "ALTER TABLE process_versions ADD COLUMN IF NOT EXISTS model_jsonb JSONB",
        "UPDATE process_versions SET model_jsonb = model::jsonb WHERE model IS NOT NULL AND model_jsonb IS NULL",
        "CREATE INDEX IF NOT EXISTS process_versions_model_gin ON process_versions USING gin (model_jsonb jsonb_path_ops)",
        "ANALYZE process_versions",
        "ANALYZE processes",
        "ANALYZE process_steps",
    ] {
        sqlx::query(sql).execute(p).await?;
    }
    Ok(started.elapsed())
}

const PG_SQL: &str = "SELECT p.id FROM processes p JOIN process_versions v ON v.process_id = p.id AND v.version = p.version \
                      WHERE p.organization_id = $1 AND v.model_jsonb @? $2::jsonpath";

pub async fn measure(
    store: &Store,
    pool: &Pool,
    org: OrgId,
    cfg: &Config,
) -> anyhow::Result<Vec<Timed>> {
    let mut out = Vec::new();
    for q in questions() {
        // Warm: the first question loads the index (timed separately).
        for _ in 0..3 {
            ablauf_app::patterns::run(store, org, q.query.clone(), 100).await?;
        }
        let mut times = Vec::with_capacity(cfg.reps);
        let mut total = 0;
        for _ in 0..cfg.reps {
            let t = Instant::now();
            let (_, found) = ablauf_app::patterns::run(store, org, q.query.clone(), 100).await?;
            times.push(t.elapsed());
            total = found.total;
        }
        let ours: BTreeSet<Uuid> = store
            .pattern_query(org, &q.query, usize::MAX, 1)
            .await?
            .matches
            .into_iter()
            .map(|m| m.process_id)
            .collect();
        let mut pg = None;
        let mut same = true;
        if let Pool::Postgres(p) = pool {
            let mut times = Vec::new();
            let mut ids: Vec<Uuid> = Vec::new();
            for _ in 0..cfg.pg_reps.max(1) {
                let t = Instant::now();
                ids = sqlx::query_scalar(PG_SQL)
                    .bind(org.0)
                    .bind(q.jsonpath)
                    .fetch_all(p)
                    .await?;
                times.push(t.elapsed());
            }
            let plan: Vec<String> = sqlx::query_scalar(&format!("EXPLAIN {PG_SQL}"))
                .bind(org.0)
                .bind(q.jsonpath)
                .fetch_all(p)
                .await?;
            let uses_gin = plan
                .iter()
                .any(|l| l.contains("process_versions_model_gin"));
            let theirs: BTreeSet<Uuid> = ids.iter().copied().collect();
            if q.exact {
                same = theirs == ours;
            } else {
                same = ours.is_subset(&theirs);
            }
            pg = Some((
                theirs.len(),
                percentile(times.clone(), 0.5),
                percentile(times, 0.99),
                uses_gin,
            ));
        }
        if !q.exact || matches!(pool, Pool::Sqlite(_)) {
            same = same && brute_force(pool, org.0, &q.query).await? == ours;
        }
        out.push(Timed {
            name: q.name,
            total,
            p50: percentile(times.clone(), 0.5),
            p99: percentile(times, 0.99),
            pg,
            same_hits: same,
        });
    }
    Ok(out)
}

/// The resident memory of this process in MiB (Linux).
pub fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn backend_name(store: &Store) -> &'static str {
    match store.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// A process with a generated model of about `steps` steps, saved through
/// the use case as a person would (for timing the Analyse tab).
pub async fn big_process(
    store: &Store,
    org: OrgId,
    steps: usize,
) -> anyhow::Result<ablauf_store::ProcessId> {
    use ablauf_domain::process::{Profile, Status};
    let actor = ablauf_store::Actor::system("Benchmark");
    let row = store
        .create_process(
            &actor,
            org,
            &ablauf_store::Save {
                area_id: None,
                status: Status::Modelliert,
                profile: Profile {
                    name: format!("Großer Prozess mit {steps} Schritten"),
                    cases_per_year: Some(5000),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await?;
    let units = store
        .list_org_units(org)
        .await?
        .into_iter()
        .map(|u| u.id.to_string())
        .collect();
    let grades = store
        .list_pay_grades(org)
        .await?
        .into_iter()
        .map(|g| g.id.to_string())
        .collect();
    let mut g = Gen {
        rng: StdRng::seed_from_u64(7),
        next: 0,
        units,
        grades,
    };
    let m = g.model(steps);
    ablauf_app::modelling::save_model(
        store,
        org,
        &actor,
        (row.id, ablauf_store::Which::AsIs),
        row.version,
        &m,
        None,
    )
    .await?;
    Ok(row.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small landscape on SQLite: every question answers, and the index
    /// answers what the models hold.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn smoke_small_landscape() {
        let dir = std::env::temp_dir().join(format!("analysis-bench-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/a.db", dir.display());
        let store = Store::connect(&url, 4).await.unwrap();
        store.migrate().await.unwrap();
        let cfg = Config {
            url: url.clone(),
            processes: 300,
            seed: 7,
            reps: 3,
            pg_reps: 1,
        };
        let g = generate(&store, &cfg).await.unwrap();
        assert_eq!(g.processes, 300);
        assert!(g.steps > 300 * 10, "{}", g.steps);
        assert!(g.variants > 0 && g.parallels > 0);
        let pool = Pool::connect(&url).await.unwrap();
        let timed = measure(&store, &pool, g.org.unwrap(), &cfg).await.unwrap();
        assert_eq!(timed.len(), 5);
        for t in &timed {
            assert!(t.same_hits, "{}", t.name);
            assert!(t.total > 0, "{} found nothing", t.name);
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
