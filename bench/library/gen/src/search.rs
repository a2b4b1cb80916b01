//! Library search: twenty typical queries (German words, service names,
//! filters by Themenfeld, Lebenslage and organisation kind), and the naive
//! peer: `LIKE '%word%'` over the current versions' content on the same
//! database.

use std::time::{Duration, Instant};

use ablauf_app::library::browse::{Filter, LibraryIndex, find};
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
