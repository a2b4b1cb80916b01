use super::*;
use ablauf_model::{BlockModel, Branch, Branching, Item, StepItem, Subprocess};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn model(json: &str) -> BlockModel {
    BlockModel::from_json(json).expect("test model")
}

fn query(json: &str) -> PatternQuery {
    serde_json::from_str(json).expect("test query")
}

fn ids(found: Vec<Vec<String>>) -> Vec<String> {
    found.into_iter().map(|t| t.join(",")).collect()
}

/// Drucken, a variant (sign or not), scannen; a second subprocess with a
/// parallel part of a fax and a scan.
const PAPER: &str = r#"{"subprocesses":[
  {"id":"sp1","items":[
    {"kind":"step","id":"d1","block":"drucken","medium":"papier"},
    {"kind":"variant","id":"v","branches":[
      {"id":"b1","share":0.6,"items":[{"kind":"step","id":"z1","block":"zeichnen-unterschreiben"}]},
      {"id":"b2","share":0.4,"items":[{"kind":"step","id":"w1","block":"warten","waitingMinutes":7200}]}]},
    {"kind":"step","id":"s1","block":"scannen","itSystem":"E-Akte VIS"}]},
  {"id":"sp2","items":[
    {"kind":"parallel","id":"p","branches":[
      {"id":"p1","items":[{"kind":"step","id":"f2","block":"versenden","medium":"fax"}]},
      {"id":"p2","items":[{"kind":"step","id":"s2","block":"scannen"}]}]},
    {"kind":"step","id":"z2","block":"zeichnen-unterschreiben"}]}]}"#;

#[test]
fn the_issues_query_finds_print_sign_scan_in_one_subprocess() {
    let m = model(PAPER);
    let q = query(
        r#"{"sequence": [{"block": "drucken"}, {"block": "zeichnen-unterschreiben"}, {"block": "scannen"}],
            "within": "subprocess", "adjacent": false}"#,
    );
    assert!(q.validate().is_empty());
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["d1,z1,s1"]);
    // Across the whole process the scan of the second subprocess counts
    // too; its signature does not (nothing is scanned after it).
    let q = PatternQuery {
        within: "process".into(),
        ..q
    };
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["d1,z1,s1", "d1,z1,s2"]);
}

#[test]
fn within_subprocess_keeps_tuples_in_one_subprocess() {
    let m = model(PAPER);
    let q =
        query(r#"{"sequence": [{"block": "drucken"}, {"block": "scannen"}], "within": "process"}"#);
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["d1,s1", "d1,s2"]);
    let q = PatternQuery {
        within: "subprocess".into(),
        ..q
    };
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["d1,s1"]);
}

#[test]
fn adjacent_asks_for_direct_succession() {
    let m = model(PAPER);
    let q =
        query(r#"{"sequence": [{"block": "drucken"}, {"block": "scannen"}], "adjacent": true}"#);
    assert!(find_in_model(&m, &q, 100).is_empty());
    let q = query(r#"{"sequence": [{"block": "warten"}, {"block": "scannen"}], "adjacent": true}"#);
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["w1,s1"]);
}

#[test]
fn branches_of_a_variant_or_parallel_part_never_follow_each_other() {
    let m = model(PAPER);
    let q = query(r#"{"sequence": [{"block": "zeichnen-unterschreiben"}, {"block": "warten"}]}"#);
    assert!(find_in_model(&m, &q, 100).is_empty());
    let q = query(r#"{"sequence": [{"medium": "fax"}, {"block": "scannen"}]}"#);
    assert!(find_in_model(&m, &q, 100).is_empty());
    let q = query(r#"{"sequence": [{"medium": "fax"}, {"block": "zeichnen-unterschreiben"}]}"#);
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["f2,z2"]);
}

#[test]
fn single_conditions_medium_it_system_and_waiting() {
    let m = model(PAPER);
    let q = query(r#"{"sequence": [{"medium": "fax"}]}"#);
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["f2"]);
    let q = query(r#"{"sequence": [{"block": "scannen", "it_system": "e-akte vis"}]}"#);
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["s1"]);
    let q = query(r#"{"sequence": [{"min_waiting_minutes": 7200}]}"#);
    assert_eq!(ids(find_in_model(&m, &q, 100)), ["w1"]);
    let q = query(r#"{"sequence": [{"min_waiting_minutes": 7201}]}"#);
    assert!(find_in_model(&m, &q, 100).is_empty());
    // No condition: every step; the limit cuts the answer.
    let q = query(r#"{"sequence": [{}]}"#);
    assert_eq!(find_in_model(&m, &q, 100).len(), 7);
    assert_eq!(find_in_model(&m, &q, 3).len(), 3);
}

#[test]
fn invalid_queries_are_refused_in_german() {
    let q = query(r#"{"sequence": [], "within": "abteilung"}"#);
    let p = q.validate();
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].field, "sequence");
    assert!(p[0].message.contains("mindestens einen Schritt"));
    assert_eq!(p[1].field, "within");
    let q = PatternQuery {
        sequence: vec![Element::default(); 11],
        ..Default::default()
    };
    assert!(q.validate()[0].message.contains("höchstens 10"));
    let q = query(r#"{"sequence": [{}, {"min_waiting_minutes": -1}]}"#);
    assert_eq!(q.validate()[0].field, "sequence[1].min_waiting_minutes");
    assert!(q.validate()[0].message.contains("nicht negativ"));
}

#[test]
fn normalized_drops_empty_conditions() {
    let q = query(r#"{"sequence": [{"block": " ", "medium": " fax "}], "within": " subprocess"}"#)
        .normalized();
    assert_eq!(q.sequence[0].block, None);
    assert_eq!(q.sequence[0].medium.as_deref(), Some("fax"));
    assert_eq!(q.within(), Within::Subprocess);
}

// ---- brute force over execution paths ----

/// Every path through `items`: each variant and each parallel part takes
/// one branch (see the module documentation), as (step, subprocess).
fn paths(items: &[Item], sp: usize) -> Vec<Vec<(&StepItem, usize)>> {
    let mut out: Vec<Vec<(&StepItem, usize)>> = vec![Vec::new()];
    for item in items {
        let tails: Vec<Vec<(&StepItem, usize)>> = match item {
            Item::Step(s) => vec![vec![(s, sp)]],
            Item::Variant(b) | Item::Parallel(b) => {
                if b.branches.is_empty() {
                    vec![Vec::new()]
                } else {
                    b.branches
                        .iter()
                        .flat_map(|br| paths(&br.items, sp))
                        .collect()
                }
            }
        };
        out = out
            .iter()
            .flat_map(|head| {
                tails.iter().map(move |t| {
                    let mut p = head.clone();
                    p.extend(t.iter().copied());
                    p
                })
            })
            .collect();
    }
    out
}

fn brute_force(m: &BlockModel, q: &PatternQuery) -> BTreeSet<Vec<String>> {
    let mut whole: Vec<Vec<(&StepItem, usize)>> = vec![Vec::new()];
    for (i, sp) in m.subprocesses.iter().enumerate() {
        let ps = paths(&sp.items, i);
        whole = whole
            .iter()
            .flat_map(|h| {
                ps.iter().map(move |t| {
                    let mut p = h.clone();
                    p.extend(t.iter().copied());
                    p
                })
            })
            .collect();
    }
    let mut out = BTreeSet::new();
    for path in &whole {
        fn facts<'s>((s, sp): (&'s StepItem, usize)) -> StepFacts<'s> {
            StepFacts {
                block: &s.block,
                medium: s.medium.as_deref(),
                it_system: s.it_system.as_deref(),
                waiting_minutes: s.waiting_minutes,
                subprocess: sp,
            }
        }
        // Every increasing choice of positions on this path.
        fn choose(
            path: &[(&StepItem, usize)],
            q: &PatternQuery,
            from: usize,
            picked: &mut Vec<usize>,
            out: &mut BTreeSet<Vec<String>>,
        ) {
            let e = picked.len();
            if e == q.sequence.len() {
                let sps: BTreeSet<usize> = picked.iter().map(|&i| path[i].1).collect();
                if q.within() == Within::Process || sps.len() == 1 {
                    out.insert(picked.iter().map(|&i| path[i].0.id.clone()).collect());
                }
                return;
            }
            for i in from..path.len() {
                if q.adjacent && e > 0 && i != from {
                    break;
                }
                if q.sequence[e].accepts(&facts(path[i])) {
                    picked.push(i);
                    choose(path, q, i + 1, picked, out);
                    picked.pop();
                }
            }
        }
        choose(path, q, 0, &mut Vec::new(), &mut out);
    }
    out
}

const BLOCKS: [&str; 3] = ["drucken", "scannen", "pruefen"];

fn step() -> impl Strategy<Value = Item> {
    (
        0..3usize,
        prop::option::of(0..2usize),
        prop::option::of(0..3u8),
    )
        .prop_map(|(b, m, w)| {
            Item::Step(StepItem {
                block: BLOCKS[b].into(),
                medium: m.map(|m| ["fax", "papier"][m].into()),
                waiting_minutes: w.map(|w| f64::from(w) * 60.0),
                ..Default::default()
            })
        })
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    let leaf = prop::collection::vec(step(), 0..4);
    leaf.prop_recursive(2, 24, 4, |inner| {
        prop::collection::vec(
            prop_oneof![
                3 => step(),
                1 => (prop::collection::vec(inner.clone(), 0..3), any::<bool>()).prop_map(
                    |(branches, parallel)| {
                        let b = Branching {
                            branches: branches
                                .into_iter()
                                .map(|items| Branch {
                                    items,
                                    ..Default::default()
                                })
                                .collect(),
                            ..Default::default()
                        };
                        if parallel { Item::Parallel(b) } else { Item::Variant(b) }
                    }
                ),
            ],
            0..4,
        )
    })
}

/// Gives every step a unique id.
fn number(items: &mut [Item], n: &mut usize) {
    for item in items {
        match item {
            Item::Step(s) => {
                s.id = format!("s{n}");
                *n += 1;
            }
            Item::Variant(b) | Item::Parallel(b) => {
                for br in &mut b.branches {
                    number(&mut br.items, n);
                }
            }
        }
    }
}

pub(crate) fn models() -> impl Strategy<Value = BlockModel> {
    prop::collection::vec(items(), 1..3).prop_map(|sps| {
        let mut n = 0;
        BlockModel {
            subprocesses: sps
                .into_iter()
                .enumerate()
                .map(|(i, mut items)| {
                    number(&mut items, &mut n);
                    Subprocess {
                        id: format!("sp{i}"),
                        items,
                        ..Default::default()
                    }
                })
                .collect(),
        }
    })
}

fn element() -> impl Strategy<Value = Element> {
    (
        prop::option::of(0..3usize),
        prop::option::of(0..2usize),
        prop::option::of(0..3u8),
    )
        .prop_map(|(b, m, w)| Element {
            block: b.map(|b| BLOCKS[b].into()),
            medium: m.map(|m| ["fax", "papier"][m].into()),
            min_waiting_minutes: w.map(|w| f64::from(w) * 60.0),
            ..Default::default()
        })
}

pub(crate) fn queries() -> impl Strategy<Value = PatternQuery> {
    (
        prop::collection::vec(element(), 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(sequence, sub, adjacent)| PatternQuery {
            sequence,
            within: if sub { "subprocess" } else { "process" }.into(),
            adjacent,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn matcher_agrees_with_every_execution_path(m in models(), q in queries()) {
        let found = find_in_model(&m, &q, usize::MAX);
        let set: BTreeSet<Vec<String>> = found.iter().cloned().collect();
        prop_assert_eq!(set.len(), found.len(), "no tuple twice");
        prop_assert_eq!(set, brute_force(&m, &q));
        // Ascending lexicographic order of positions.
        let flow = Flow::new(&m);
        let pos: Vec<Vec<usize>> = found
            .iter()
            .map(|t| t.iter().map(|id| flow.position(id).unwrap()).collect())
            .collect();
        prop_assert!(pos.windows(2).all(|w| w[0] < w[1]));
    }
}
