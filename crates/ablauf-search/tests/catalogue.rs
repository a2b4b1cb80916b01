//! The real LeiKa/OZG service catalogue (5,251 services): sensible results for
//! typical queries, and the candidate filter never drops a scored document.

use std::path::PathBuf;

use ablauf_search::{Document, Field, Index, Prepared, Query, index_terms, score_prepared};

struct Service {
    name: String,
    legal: String,
    ozg: String,
    keywords: String,
}

impl Service {
    fn doc(&self) -> Document<'_> {
        Document::new()
            .with(Field::Name, &self.name)
            .with(Field::Service, &self.ozg)
            .with(Field::Keywords, &self.keywords)
            .with(Field::LegalBasis, &self.legal)
    }
}

fn catalogue() -> Option<Vec<Service>> {
    let path = match std::env::var_os("ABLAUF_SHARED_DATA") {
        Some(dir) => PathBuf::from(dir).join("leika/leika-ozg.csv"),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/leika/leika-ozg.csv"
        )),
    };
    if !path.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "service catalogue missing at {} (set ABLAUF_SHARED_DATA)",
            path.display()
        );
        eprintln!("SKIP: service catalogue not found at {}", path.display());
        return None;
    }
    let mut r = csv::Reader::from_path(&path).expect("open catalogue");
    let h = r.headers().expect("headers").clone();
    let col = |name: &str| h.iter().position(|c| c == name).expect(name);
    let (n, l, o, lage, thema) = (
        col("leika_bezeichnung"),
        col("rechtsgrundlage"),
        col("ozg_leistung"),
        col("lebenslage"),
        col("themenfeld"),
    );
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("record");
            Service {
                name: rec[n].to_string(),
                legal: rec[l].to_string(),
                ozg: rec[o].to_string(),
                keywords: format!("{}, {}", &rec[lage], &rec[thema]),
            }
        })
        .collect::<Vec<_>>();
    assert_eq!(rows.len(), 5251);
    Some(rows)
}

/// (query, substrings of which at least one must appear in each listed
/// position of the top 10: "any of the top 10 contains X").
const EXPECT: &[(&str, &[&str])] = &[
    ("gewerbeanmeldung", &["Gewerbe Anmeldung"]),
    ("gewerbeanmedlung", &["Gewerbe Anmeldung"]),
    ("hundesteuer", &["Hundesteuer"]),
    ("personalausweis", &["Personalausweis"]),
    ("baugenehmigung", &["Baugenehmigung"]),
    ("wohngeld", &["Wohngeld"]),
    ("elterngeld", &["Elterngeld"]),
    ("kfz zulassung", &["Zulassung"]),
    ("führerschein", &["Führerschein"]),
    ("fuehrerschein", &["Führerschein"]),
    // LeiKa says "Meldebestätigung"; found through the OZG service name.
    ("meldebescheinigung", &["Meldebestätigung", "Melde"]),
    ("strasse", &["Straße"]),
    ("anmeldung", &["Anmeldung"]),
    ("abfall", &["Abfall"]),
    ("kita", &["Kita", "Kindertages"]),
    ("einbürgerung", &["Einbürgerung"]),
    ("parkausweis", &["Parkausweis"]),
    ("sondernutzung", &["Sondernutzung"]),
    ("hund", &["Hund"]),
    ("bauantrag", &["Baugenehmigung"]),
];

/// Scores every service once per query (prepared once, so this stays quick in
/// debug builds) and checks both the ranking and the candidate filter.
#[test]
fn catalogue_queries() {
    let Some(services) = catalogue() else { return };
    let prepared: Vec<Prepared> = services.iter().map(|s| Prepared::new(s.doc())).collect();
    let terms: Vec<Vec<String>> = services.iter().map(|s| index_terms(&s.doc())).collect();
    let max_terms = terms.iter().map(Vec::len).max().unwrap_or(0);
    let print = std::env::var_os("ABLAUF_SEARCH_PRINT").is_some();
    if print {
        eprintln!("index terms per service: max {max_terms}");
    }
    // The typical queries, then as-you-type prefixes and typos: filter only.
    let extra = [
        "gewerbea",
        "personalausw",
        "einbürg",
        "führersc",
        "hundesteu",
        "g",
        "ab",
        "kf",
        "personalasuweis",
        "baugenemigung",
        "wohngled",
        "elterngelt",
        "sondernutsung",
        "antrag auf wohngeld",
        "kfz abmeldung",
    ];
    let queries = EXPECT.iter().map(|(q, w)| (*q, Some(*w)));
    for (q, want) in queries.chain(extra.iter().map(|q| (*q, None))) {
        let query = Query::parse(q);
        let lookup = query.lookup_terms();
        let need = query.min_shared_terms();
        let mut hits = Vec::new();
        let mut candidates = 0;
        for ((s, p), t) in services.iter().zip(&prepared).zip(&terms) {
            let shared = lookup.iter().filter(|x| t.binary_search(x).is_ok()).count();
            let kept = shared >= need;
            candidates += usize::from(kept);
            if let Some(hit) = score_prepared(&query, p) {
                assert!(kept, "{q}: filter drops {:?} ({shared} < {need})", s.name);
                hits.push((s.name.as_str(), hit.score));
            }
        }
        assert!(need >= 1, "{q}: every non-empty query filters");
        hits.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top: Vec<&str> = hits.iter().take(10).map(|h| h.0).collect();
        if print {
            eprintln!(
                "{q}: {candidates} candidates, {} hits\n  {}",
                hits.len(),
                top.join("\n  ")
            );
        }
        let Some(want) = want else { continue };
        let good = |n: &&str| want.iter().any(|w| n.contains(w));
        assert!(top.first().is_some_and(good), "{q}: top hit {top:#?}");
        // Services carrying the wanted word fill the top 10 (two slots of
        // slack for fuzzy neighbours such as "Doppelbesteuerungsabkommen").
        let n_good = hits.iter().filter(|h| good(&h.0)).count();
        let good_in_top = top.iter().filter(|n| good(n)).count();
        assert!(good_in_top + 2 >= n_good.min(10), "{q}: {top:#?}");
    }
}

/// The in-memory index finds exactly what scoring every service finds: the
/// same number of hits and the same best scores, with and without a filter.
#[test]
fn index_agrees_with_scoring_everything() {
    let Some(services) = catalogue() else { return };
    let prepared: Vec<Prepared> = services.iter().map(|s| Prepared::new(s.doc())).collect();
    let mut index: Index<usize> = Index::new();
    for (i, s) in services.iter().enumerate() {
        let fields = s
            .doc()
            .fields
            .iter()
            .map(|(f, t)| (*f, t.to_string()))
            .collect();
        index.upsert(i, fields);
    }
    let queries = EXPECT.iter().map(|(q, _)| *q).chain([
        "gewerbea",
        "g",
        "ab",
        "kf",
        "personalasuweis",
        "baugenemigung",
        "antrag auf wohngeld",
        "kfz abmeldung",
        "gewerbe anmeldung",
        "an und",
    ]);
    for q in queries {
        let query = Query::parse(q);
        for even_only in [false, true] {
            let keep = |i: &usize| !even_only || i % 2 == 0;
            let mut brute: Vec<(usize, f32)> = prepared
                .iter()
                .enumerate()
                .filter(|(i, _)| keep(i))
                .filter_map(|(i, p)| score_prepared(&query, p).map(|h| (i, h.score)))
                .collect();
            brute.sort_by(|a, b| b.1.total_cmp(&a.1));
            let got = index.search(&query, 20, keep);
            assert_eq!(got.total, brute.len(), "{q}: total");
            assert_eq!(got.hits.len(), brute.len().min(20), "{q}: hits");
            for (h, (_, want)) in got.hits.iter().zip(&brute) {
                assert!(
                    (h.hit.score - want).abs() < 1e-4,
                    "{q}: {} scored {} where the best remaining is {want}",
                    services[h.key].name,
                    h.hit.score
                );
                let exact = score_prepared(&query, &prepared[h.key]).unwrap();
                assert_eq!(exact, h.hit, "{q}: {}", services[h.key].name);
                assert!(keep(&h.key));
            }
        }
    }
}
