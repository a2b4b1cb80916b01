//! Library search: twenty typical queries (German words, service names,
//! filters by Themenfeld, Lebenslage and organisation kind), and the naive
//! peer: `LIKE '%word%'` over the current versions' content on the same
//! database.

use std::time::{Duration, Instant};

use ablauf_app::library::browse::{Filter, LibraryIndex, find};
use ablauf_search::{Field, Index, Query};
use ablauf_store::Store;

use crate::{Pool, Stats};

/// One page of results, as the library page asks.
pub const PAGE: usize = 20;

/// A search as the library page's form sends it.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub q: &'static str,
    pub service: &'static str,
    pub themenfeld: &'static str,
    pub lebenslage: &'static str,
    pub kind: &'static str,
}

impl Search {
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("„{}“", self.q));
        }
        for (name, v) in [
            ("Leistung", self.service),
            ("Themenfeld", self.themenfeld),
            ("Lebenslage", self.lebenslage),
            ("Art", self.kind),
        ] {
            if !v.is_empty() {
                parts.push(format!("{name}: {v}"));
            }
        }
        parts.join(", ")
    }
}

/// Twenty typical searches: service names and German words (also in other
/// word forms than the templates use), and filters alone or with words.
pub fn searches() -> Vec<Search> {
    let q = |q| Search {
        q,
        ..Default::default()
    };
    vec![
        q("Hundesteuer"),
        q("Gewerbeanmeldung"),
        q("Baugenehmigung"),
        q("Wohngeld"),
        q("Personalausweis"),
        q("Eheschließung"),
        q("Führerschein"),
        q("Sperrmüll Abholung"),
        q("Kindertagesbetreuung"),
        q("Gebühr"),
        q("Bescheide"),
        q("Fischereischein"),
        q("Aufenthaltserlaubnis"),
        q("Anmeldung Wohnung"),
        Search {
            q: "Steuer",
            kind: "gemeinde",
            ..Default::default()
        },
        Search {
            q: "Genehmigung",
            themenfeld: "Bauen & Wohnen",
            ..Default::default()
        },
        Search {
            themenfeld: "Familie & Kind",
            ..Default::default()
        },
        Search {
            lebenslage: "Unternehmensstart & Gewerbezulassung",
            kind: "landkreis",
            ..Default::default()
        },
        Search {
            service: "99102013000000",
            ..Default::default()
        },
        Search {
            q: "Anzeige",
            service: "Gewerbe",
            ..Default::default()
        },
    ]
}

/// The naive peer: every word a `LIKE '%word%'` over the current
/// version's content (Steckbrief and model as stored), the filters as
/// SQL, every match by name (the total is counted, as the page shows it).
fn like_sql(s: &Search, postgres: bool) -> (String, Vec<String>) {
    let mut sql = String::from(
        "SELECT t.id FROM templates t JOIN template_versions v \
         ON v.template_id = t.id AND v.major = t.major AND v.minor = t.minor WHERE 1 = 1",
    );
    let mut args: Vec<String> = Vec::new();
    let mut arg = |sql: &mut String, cond: &str, v: String| {
        args.push(v);
        sql.push_str(&cond.replace('?', &format!("${}", args.len())));
    };
    for w in s.q.split_whitespace() {
        arg(
            &mut sql,
            " AND lower(v.content) LIKE ?",
            format!("%{}%", w.to_lowercase()),
        );
    }
    if !s.themenfeld.is_empty() {
        arg(
            &mut sql,
            " AND lower(t.themenfeld) = ?",
            s.themenfeld.to_lowercase(),
        );
    }
    if !s.lebenslage.is_empty() {
        arg(
            &mut sql,
            " AND lower(t.lebenslage) = ?",
            s.lebenslage.to_lowercase(),
        );
    }
    if !s.kind.is_empty() {
        arg(
            &mut sql,
            " AND (t.suits = '' OR (' ' || t.suits || ' ') LIKE ?)",
            format!("% {} %", s.kind),
        );
    }
    if !s.service.is_empty() {
        if s.service.chars().all(|c| c.is_ascii_digit()) {
            arg(&mut sql, " AND t.service_key = ?", s.service.to_owned());
        } else {
            arg(
                &mut sql,
                " AND lower(t.service_name) LIKE ?",
                format!("%{}%", s.service.to_lowercase()),
            );
        }
    }
    sql.push_str(" ORDER BY lower(t.name), t.id");
    let _ = postgres;
    (sql, args)
}

/// One search timed through the use case and the peer.
#[derive(Debug)]
pub struct Timed {
    pub search: Search,
    /// Templates found in all, and the timings (through the use case).
    pub ours: Option<(usize, Stats)>,
    pub like: (usize, Stats),
}

#[derive(Debug)]
pub struct SearchTimes {
    /// The first search after a start (loads the index).
    pub cold: Option<Duration>,
    pub timed: Vec<Timed>,
    pub library_size: usize,
}

fn filter(s: &Search) -> Filter {
    Filter {
        q: s.q.into(),
        service: s.service.into(),
        themenfeld: s.themenfeld.into(),
        lebenslage: s.lebenslage.into(),
        kind: s.kind.into(),
    }
}

/// Every search through the use case (`ablauf_app::library::browse::find`,
/// the page's first 20 results), then through the peer; the first search
/// of a fresh index is timed alone.
pub async fn run(store: &Store, pool: &Pool, reps: usize) -> anyhow::Result<SearchTimes> {
    let postgres = matches!(pool, Pool::Postgres(_));
    let index = LibraryIndex::new();
    let all = searches();
    let t = Instant::now();
    let first = find(store, &index, &filter(&all[0]), 0, PAGE).await?;
    let cold = t.elapsed();
    let library_size = first.library_size;
    let mut timed = Vec::new();
    for s in all {
        let f = filter(&s);
        for _ in 0..3 {
            find(store, &index, &f, 0, PAGE).await?;
        }
        let mut total = 0;
        let mut times = Vec::with_capacity(reps);
        for _ in 0..reps {
            let t = Instant::now();
            total = find(store, &index, &f, 0, PAGE).await?.total;
            times.push(t.elapsed());
        }
        let ours = (total, Stats::of(times));
        let (sql, args) = like_sql(&s, postgres);
        let mut hits = pool.ids(&sql, &args).await?.len();
        let mut times = Vec::new();
        for _ in 0..reps.min(10) {
            let t = Instant::now();
            hits = pool.ids(&sql, &args).await?.len();
            times.push(t.elapsed());
        }
        timed.push(Timed {
            search: s,
            ours: Some(ours),
            like: (hits, Stats::of(times)),
        });
    }
    Ok(SearchTimes {
        cold: Some(cold),
        timed,
        library_size,
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

pub fn print(t: &SearchTimes) {
    println!(
        "**Library search** over {} templates (the page's first {PAGE} results and the total){}:\n",
        t.library_size,
        t.cold
            .map(|c| format!(
                "; the first search after a start, which loads the index, took {} ms",
                ms(c)
            ))
            .unwrap_or_default()
    );
    println!(
        "| Search | Found | p50 ms | p99 ms | peer `LIKE` found | peer p50 ms | peer p99 ms | Ratio (p50) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for x in &t.timed {
        let (found, p50, p99) = match &x.ours {
            Some((n, s)) => (n.to_string(), ms(s.p50), ms(s.p99)),
            None => ("–".into(), "–".into(), "–".into()),
        };
        let ratio = x.ours.as_ref().map_or("–".into(), |(_, s)| {
            format!(
                "{:.1}×",
                x.like.1.p50.as_secs_f64() / s.p50.as_secs_f64().max(1e-9)
            )
        });
        println!(
            "| {} | {found} | {p50} | {p99} | {} | {} | {} | {ratio} |",
            x.search.describe(),
            x.like.0,
            ms(x.like.1.p50),
            ms(x.like.1.p99)
        );
    }
    println!();
}

/// The search document of a template as `ablauf_app::library::browse`
/// builds it: name, keywords, service, legal bases, description,
/// Themenfeld, Lebenslage, trigger, result, then every subprocess name and
/// step label.
pub fn document(c: &ablauf_library::Content) -> Vec<(Field, String)> {
    let p = &c.profile;
    let mut fields = vec![(Field::Name, p.name.clone())];
    fields.extend(p.keywords.iter().map(|k| (Field::Keywords, k.clone())));
    fields.push((Field::Service, p.service_name.clone()));
    fields.extend(p.service_key.iter().map(|k| (Field::Service, k.clone())));
    fields.push((Field::Service, p.ozg_service.clone()));
    fields.extend(p.legal_bases.iter().map(|l| (Field::LegalBasis, l.clone())));
    fields.push((Field::Description, p.description.clone()));
    for extra in [&p.themenfeld, &p.lebenslage, &p.trigger, &p.result] {
        fields.push((Field::Other, extra.clone()));
    }
    for sp in &c.model.subprocesses {
        fields.push((Field::Other, sp.name.clone()));
    }
    for s in c.model.steps() {
        fields.push((Field::Other, s.label.clone()));
    }
    fields.retain(|(_, t)| !t.trim().is_empty());
    fields
}

/// Where a search's time goes: the search index alone (the same documents
/// as the use case's), the probe before every search whether the library
/// changed (like `template_stamp`), and what a change costs: every
/// template's row (`list_templates`).
#[derive(Debug)]
pub struct Experiment {
    /// Search, total found, p50/p99 of `Index::search` alone.
    pub rows: Vec<(String, usize, Stats)>,
    pub list_templates: Stats,
    pub probe: Stats,
}

pub async fn experiment(store: &Store, pool: &Pool, reps: usize) -> anyhow::Result<Experiment> {
    let ids: Vec<_> = store.list_templates().await?.iter().map(|t| t.id).collect();
    let contents = store.current_template_contents(&ids).await?;
    let mut index = Index::new();
    for c in &contents {
        let content = ablauf_app::library::content(&c.content)?;
        index.upsert(c.template_id, document(&content));
    }
    let mut rows = Vec::new();
    for s in searches().into_iter().filter(|s| !s.q.is_empty()) {
        let q = Query::parse(s.q);
        let mut total = 0;
        let mut v = Vec::new();
        for i in 0..reps + 3 {
            let t = Instant::now();
            total = index.search(&q, PAGE, |_| true).total;
            if i >= 3 {
                v.push(t.elapsed());
            }
        }
        rows.push((s.describe(), total, Stats::of(v)));
    }
    let (mut list, mut probe) = (Vec::new(), Vec::new());
    for i in 0..reps + 3 {
        let t = Instant::now();
        store.list_templates().await?;
        let a = t.elapsed();
        let t = Instant::now();
        pool.exec("SELECT COUNT(*), MAX(updated_at) FROM templates")
            .await?;
        let b = t.elapsed();
        if i >= 3 {
            list.push(a);
            probe.push(b);
        }
    }
    Ok(Experiment {
        rows,
        list_templates: Stats::of(list),
        probe: Stats::of(probe),
    })
}

pub fn print_experiment(e: &Experiment) {
    println!(
        "**Where a search's time goes.** The search index alone (`ablauf_search::Index::search` over the same documents as the use case's, first {PAGE} hits and the total, no filters):\n"
    );
    println!("| Search | Found | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|");
    for (name, total, s) in &e.rows {
        println!("| {name} | {total} | {} | {} |", ms3(s.p50), ms3(s.p99));
    }
    println!(
        "\nBefore every search the use case asks whether the library changed (`store.template_stamp()`: count and latest `updated_at`; a probe like it, `SELECT COUNT(*), MAX(updated_at) FROM templates` on the bench's own connection: p50 {} ms, p99 {} ms) and only then reads every template's row (`store.list_templates()`: p50 {} ms, p99 {} ms), so a search without a release in between does not pay the latter.\n",
        ms3(e.probe.p50),
        ms3(e.probe.p99),
        ms3(e.list_templates.p50),
        ms3(e.list_templates.p99)
    );
}

fn ms3(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}
