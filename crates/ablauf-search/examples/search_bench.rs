//! LeiKa names × 20 (100k documents), two routes side by side in one run:
//! `Index` (what Ablauf's store uses: vocabulary, exact top 20) and the older
//! route through an inverted index of `index_terms` (standing in for the former
//! SQL table: candidates with `COUNT(*) >= min_shared_terms`, then scoring and
//! sorting every candidate).
//!
//! `cargo run --release -p ablauf-search --example search_bench [-- path/to/leika-ozg.csv]`
//! (no csv dependency outside dev: the name is the second column, quoted CSV
//! handled just enough for this file).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ablauf_search::{Document, Field, Index, Query, index_terms, rank};

const COPIES: usize = 20;
const QUERIES: &[&str] = &[
    "gewerbeanmeldung",
    "hundesteuer",
    "personalausweis",
    "baugenehmigung",
    "wohngeld",
    "elterngeld",
    "kfz zulassung",
    "führerschein",
    "meldebescheinigung",
    "strasse",
    "anmeldung",
    "gewerbeanmedlung",
    "fuehrerschein",
    "abfall",
    "kita",
    "einbürgerung",
    "parkausweis",
    "sondernutzung",
    "hund",
    "bauantrag",
];

fn names(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read catalogue");
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        // Second field; names containing commas are quoted.
        let rest = line.split_once(',').map(|x| x.1).unwrap_or("");
        let name = match rest.strip_prefix('"') {
            Some(q) => q.split_once('"').map(|x| x.0).unwrap_or(q),
            None => rest.split(',').next().unwrap_or(""),
        };
        if !name.is_empty() {
            out.push(name.to_string());
        }
    }
    out
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/leika/leika-ozg.csv"
        )
        .into()
    });
    let base = names(&path);
    let docs: Vec<String> = (0..COPIES)
        .flat_map(|i| base.iter().map(move |n| format!("{n} Variante {i}")))
        .collect();

    let t0 = Instant::now();
    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    let mut n_terms = 0usize;
    for (id, name) in docs.iter().enumerate() {
        let terms = index_terms(&Document::new().with(Field::Name, name));
        n_terms += terms.len();
        for t in terms {
            index.entry(t).or_default().push(id as u32);
        }
    }
    println!(
        "{} documents, {} index rows ({:.1}/doc), {} distinct terms, built in {:.2?}\n",
        docs.len(),
        n_terms,
        n_terms as f64 / docs.len() as f64,
        index.len(),
        t0.elapsed()
    );

    let t1 = Instant::now();
    let mut ix: Index<u32> = Index::new();
    for (id, name) in docs.iter().enumerate() {
        ix.upsert(id as u32, vec![(Field::Name, name.clone())]);
    }
    let (entries, postings) = ix.stats();
    println!(
        "Index: {entries} vocabulary entries, {postings} postings, built in {:.2?}\n",
        t1.elapsed()
    );

    println!(
        "{:<20} {:>10} {:>6} {:>6} {:>10} {:>10} {:>10} {:>10}",
        "query", "candidates", "need", "hits", "old p50", "old p99", "Index p50", "Index p99"
    );
    let mut new_all = Vec::new();
    let mut counts = vec![0u16; docs.len()];
    let mut all = Vec::new();
    for q in QUERIES {
        let mut times = Vec::new();
        let (mut n_cand, mut n_hits, mut need) = (0, 0, 0);
        for _ in 0..30 {
            let start = Instant::now();
            let query = Query::parse(q);
            need = query.min_shared_terms();
            // SELECT doc_id … WHERE term IN (…) GROUP BY doc_id HAVING COUNT(*) >= need
            let mut touched = Vec::new();
            for t in query.lookup_terms() {
                for &d in index.get(&t).map(Vec::as_slice).unwrap_or(&[]) {
                    if counts[d as usize] == 0 {
                        touched.push(d);
                    }
                    counts[d as usize] += 1;
                }
            }
            let cands: Vec<u32> = touched
                .iter()
                .copied()
                .filter(|&d| counts[d as usize] as usize >= need)
                .collect();
            for d in touched {
                counts[d as usize] = 0;
            }
            let hits = rank(
                &query,
                cands
                    .iter()
                    .map(|&d| (d, Document::new().with(Field::Name, &docs[d as usize]))),
            );
            std::hint::black_box(hits.first());
            times.push(start.elapsed());
            n_cand = cands.len();
            n_hits = hits.len();
        }
        times.sort();
        all.extend_from_slice(&times);
        let mut new_times = Vec::new();
        for _ in 0..30 {
            let start = Instant::now();
            let found = ix.search(&Query::parse(q), 20, |_| true);
            assert_eq!(
                found.total, n_hits,
                "{q}: the Index finds what scoring finds"
            );
            std::hint::black_box(found.hits.first());
            new_times.push(start.elapsed());
        }
        new_times.sort();
        new_all.extend_from_slice(&new_times);
        println!(
            "{:<20} {:>10} {:>6} {:>6} {:>10.2?} {:>10.2?} {:>10.2?} {:>10.2?}",
            q,
            n_cand,
            need,
            n_hits,
            pct(&times, 0.5),
            pct(&times, 0.99),
            pct(&new_times, 0.5),
            pct(&new_times, 0.99)
        );
    }
    all.sort();
    new_all.sort();
    println!(
        "\nall queries, old route: p50 {:.2?}, p99 {:.2?}; Index: p50 {:.2?}, p99 {:.2?}; ratio of p50 {:.0}×",
        pct(&all, 0.5),
        pct(&all, 0.99),
        pct(&new_all, 0.5),
        pct(&new_all, 0.99),
        pct(&all, 0.5).as_secs_f64() / pct(&new_all, 0.5).as_secs_f64()
    );
}
