//! `register-recall DOCS.tsv QUERIES.txt OUT_DIR`
//!
//! DOCS.tsv: `process_id \t field \t text` in PostgreSQL's COPY text format
//! (backslash escapes), one row per field of `search_docs.fields`, in field
//! order. QUERIES.txt: one query per line, as typed.
//!
//! Writes `OUT_DIR/ours-all.tsv` (`query \t process_id \t score \t
//! name_hit \t fields`, fields = the kinds of field with highlights) with
//! every document the engine accepts (brute force: every document scored, the
//! reference for the in-memory index's totals and top hits); prints per-query
//! counts and timings.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Instant;

use ablauf_search::{Document, Field, Prepared, Query, score_prepared};

fn code_of(f: Field) -> &'static str {
    match f {
        Field::Name => "name",
        Field::Keywords => "keywords",
        Field::Service => "service",
        Field::LegalBasis => "legal_basis",
        Field::Description => "description",
        Field::Other => "other",
    }
}

fn field_of(code: &str) -> Field {
    match code {
        "name" => Field::Name,
        "keywords" => Field::Keywords,
        "service" => Field::Service,
        "legal_basis" => Field::LegalBasis,
        "description" => Field::Description,
        _ => Field::Other,
    }
}

/// Undoes COPY's text-format escapes.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: register-recall DOCS.tsv QUERIES.txt OUT_DIR");
        std::process::exit(2);
    }
    let docs_text = std::fs::read_to_string(&args[1]).expect("reading the documents");
    let queries: Vec<String> = std::fs::read_to_string(&args[2])
        .expect("reading the queries")
        .lines()
        .map(str::to_owned)
        .filter(|q| !q.trim().is_empty())
        .collect();
    let out = std::path::Path::new(&args[3]);

    // Documents in file order, fields in row order.
    let mut order: Vec<String> = Vec::new();
    let mut fields: HashMap<String, Vec<(Field, String)>> = HashMap::new();
    for line in docs_text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(f), Some(t)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let entry = fields.entry(id.to_owned()).or_insert_with(|| {
            order.push(id.to_owned());
            Vec::new()
        });
        entry.push((field_of(f), unescape(t)));
    }
    let t0 = Instant::now();
    let prepared: Vec<(&str, Prepared<'_>)> = order
        .iter()
        .map(|id| {
            let doc = Document {
                fields: fields[id].iter().map(|(f, t)| (*f, t.as_str())).collect(),
            };
            (id.as_str(), Prepared::new(doc))
        })
        .collect();
    eprintln!(
        "register-recall: {} documents folded in {:.1} s",
        prepared.len(),
        t0.elapsed().as_secs_f64()
    );

    let mut all = String::new();
    for q in &queries {
        let query = Query::parse(q);
        let t = Instant::now();
        let mut n = 0usize;
        for (id, doc) in &prepared {
            if let Some(hit) = score_prepared(&query, doc) {
                n += 1;
                let name_hit = hit.highlights.iter().any(|h| h.field == Field::Name);
                let mut kinds: Vec<&str> =
                    hit.highlights.iter().map(|h| code_of(h.field)).collect();
                kinds.dedup();
                let _ = writeln!(
                    all,
                    "{q}\t{id}\t{}\t{}\t{}",
                    hit.score,
                    u8::from(name_hit),
                    kinds.join(",")
                );
            }
        }
        eprintln!(
            "register-recall: {q:?}: {n} matches, scored in {:.0} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    std::fs::write(out.join("ours-all.tsv"), all).expect("writing ours-all.tsv");
}
