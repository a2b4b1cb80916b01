//! The candidate filter never drops a document that `score` accepts.

use ablauf_search::{Document, Field, Index, Query, index_terms, score};
use proptest::prelude::*;

/// Does storage's `HAVING COUNT(*) >= n` keep this document?
fn kept(q: &Query, doc: &Document) -> bool {
    let terms = index_terms(doc);
    let shared = q
        .lookup_terms()
        .iter()
        .filter(|t| terms.contains(t))
        .count();
    shared >= q.min_shared_terms()
}

/// German-ish words from a small alphabet, so random queries often match.
fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "e", "n", "r", "s", "t", "u", "ung", "ae", "ü", "ß", "ei", "an", "mel", "d", "-",
        ]),
        1..8,
    )
    .prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..6).prop_map(|v| v.join(" "))
}

/// A query derived from a document word with random edits, or a random one.
fn query_for(doc_words: Vec<String>) -> impl Strategy<Value = String> {
    let n = doc_words.len();
    (
        0..n,
        prop::collection::vec(
            (
                0usize..4,
                0usize..20,
                prop::sample::select(vec!['a', 'e', 'n', 's', 'u']),
            ),
            0..3,
        ),
        0usize..4,
        0usize..20,
        prop::bool::ANY,
        word(),
    )
        .prop_map(move |(wi, edits, cut_from, cut_len, space, extra)| {
            let mut w: Vec<char> = doc_words[wi].chars().collect();
            for (op, pos, c) in edits {
                let p = if w.is_empty() { 0 } else { pos % w.len() };
                match op {
                    0 if !w.is_empty() => {
                        w.remove(p);
                    }
                    1 if p + 1 < w.len() => w.swap(p, p + 1),
                    2 if !w.is_empty() => w[p] = c,
                    _ => w.insert(p, c),
                }
            }
            // Take a slice (compound part / prefix).
            let from = cut_from.min(w.len());
            let to = (from + 1 + cut_len).min(w.len());
            let mut q: String = w[from..to].iter().collect();
            if space {
                q.push(' ');
                q.push_str(&extra);
            }
            q
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn filter_is_safe((name, desc, q) in (text(), text()).prop_flat_map(|(n, d)| {
        // Single words and glued neighbours (compound typed for a split spelling).
        let mut words: Vec<String> = format!("{n} {d}").split_whitespace().map(String::from).collect();
        let glued: Vec<String> = words.windows(2).map(|p| p.concat()).collect();
        words.extend(glued);
        (Just(n), Just(d), query_for(words))
    })) {
        let doc = Document::new().with(Field::Name, &name).with(Field::Description, &desc);
        let q = Query::parse(&q);
        if score(&q, &doc).is_some() {
            prop_assert!(kept(&q, &doc), "query {:?} doc {:?}", q.tokens(), doc);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// The in-memory index answers like scoring every document: same total,
    /// same best scores, for registers of random look-alike documents.
    #[test]
    fn index_equals_scoring_everything((docs, q, limit) in prop::collection::vec((text(), text(), text()), 1..40)
        .prop_flat_map(|docs| {
            let words: Vec<String> = docs
                .iter()
                .flat_map(|(n, k, d)| format!("{n} {k} {d}").split_whitespace().map(String::from).collect::<Vec<_>>())
                .collect();
            (Just(docs), query_for(words), 1usize..6)
        })) {
        let mut index: Index<usize> = Index::new();
        let fields: Vec<Vec<(Field, String)>> = docs
            .iter()
            .map(|(n, k, d)| vec![(Field::Name, n.clone()), (Field::Keywords, k.clone()), (Field::Description, d.clone())])
            .collect();
        for (i, f) in fields.iter().enumerate() {
            index.upsert(i, f.clone());
        }
        // Replace one document and drop another, as a register changes.
        index.upsert(0, fields[0].clone());
        if fields.len() > 2 {
            index.remove(&1);
        }
        let q = Query::parse(&q);
        let mut brute: Vec<f32> = fields
            .iter()
            .enumerate()
            .filter(|(i, _)| !(fields.len() > 2 && *i == 1))
            .filter_map(|(_, f)| {
                let doc = Document { fields: f.iter().map(|(f, t)| (*f, t.as_str())).collect() };
                score(&q, &doc).map(|h| h.score)
            })
            .collect();
        brute.sort_by(|a, b| b.total_cmp(a));
        let got = index.search(&q, limit, |_| true);
        prop_assert_eq!(got.total, brute.len());
        let scores: Vec<f32> = got.hits.iter().map(|h| h.hit.score).collect();
        prop_assert_eq!(scores.len(), brute.len().min(limit));
        for (a, b) in scores.iter().zip(&brute) {
            prop_assert!((a - b).abs() < 1e-4, "query {:?}: {:?} vs {:?}", q.tokens(), scores, brute);
        }
    }
}

#[test]
fn every_prefix_and_typo_of_long_words_is_kept() {
    let names = [
        "Gewerbeanmeldung",
        "Hundesteuer – An- und Abmeldung",
        "Straßenreinigung",
        "Meldebescheinigung",
        "Einbürgerung",
    ];
    for n in names {
        let doc = Document::new().with(Field::Name, n);
        let folded = ablauf_search::fold(n).replace(' ', "");
        let chars: Vec<char> = folded.chars().collect();
        let mut queries = Vec::new();
        for i in 1..=chars.len() {
            queries.push(chars[..i].iter().collect::<String>());
        }
        for i in 0..chars.len().saturating_sub(1) {
            let mut c = chars.clone();
            c.swap(i, i + 1);
            queries.push(c.iter().collect());
            let mut c = chars.clone();
            c.remove(i);
            queries.push(c.iter().collect());
        }
        for q in queries {
            let q = Query::parse(&q);
            if score(&q, &doc).is_some() {
                assert!(kept(&q, &doc), "{n}: {:?}", q.tokens());
            }
        }
    }
}
