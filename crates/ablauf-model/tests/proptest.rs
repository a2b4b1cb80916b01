//! Property tests: random models survive JSON and BPMN round trips
//! unchanged and render to well-formed SVG; random editing sessions never
//! panic, keep ids unique and leave the model untouched when refused;
//! merging a model with itself is the identity, edits to different elements
//! merge and the same element changed on both sides is a conflict.

use ablauf_bpmn::{ReadOptions, read, write};
use ablauf_model::merge::{Conflict, merge};
use ablauf_model::{
    BlockModel, Branch, Branching, Catalogue, Direction, Item, Op, StepDocument, StepItem,
    Subprocess, diff, from_bpmn, render_svg, to_bpmn,
};
use proptest::prelude::*;

mod common;
use proptest::test_runner::Config;

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9äöüÄÖÜß §&<>\"'.,:;!?%/()\\-\n\t]{0,16}"
}

fn some_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[a-zA-Z0-9äöü &<>\"]{1,10}")
}

fn block() -> impl Strategy<Value = String> {
    let keys: Vec<String> = Catalogue::default()
        .blocks()
        .map(|b| b.key.clone())
        .collect();
    prop::sample::select(keys)
}

/// Minutes that ISO 8601 durations carry exactly (whole or half minutes).
fn minutes() -> impl Strategy<Value = Option<f64>> {
    prop::option::of((0u32..200_000).prop_map(|m| f64::from(m) / 2.0))
}

fn share() -> impl Strategy<Value = Option<f64>> {
    prop::option::of((0u32..=1000).prop_map(|k| f64::from(k) / 1000.0))
}

fn step() -> impl Strategy<Value = StepItem> {
    let texts = (text(), block(), text(), text());
    let units = (
        prop::option::of((0u8..3).prop_map(|u| format!("step-unit-{u}"))),
        some_text(),
    );
    let numbers = (minutes(), minutes(), minutes(), minutes(), share());
    let strings = (
        some_text(),
        prop::option::of("[a-z]{1,8}"),
        some_text(),
        some_text(),
    );
    let lists = (
        prop::collection::vec(
            (any::<bool>(), text()).prop_map(|(out, name)| StepDocument {
                direction: if out { Direction::Out } else { Direction::In },
                name,
            }),
            0..3,
        ),
        prop::collection::vec(text(), 0..3),
    );
    (texts, units, numbers, strings, lists).prop_map(
        |(
            (label, block, description, notes),
            (org_unit, pay_grade),
            (p, pmin, pmax, wait, share),
            (it_system, medium, input_channel, output_channel),
            (documents, legal_basis),
        )| StepItem {
            id: String::new(),
            label,
            block,
            description,
            notes,
            org_unit,
            pay_grade,
            processing_minutes: p,
            processing_minutes_min: pmin,
            processing_minutes_max: pmax,
            waiting_minutes: wait,
            share,
            it_system,
            medium,
            input_channel,
            output_channel,
            documents,
            legal_basis,
        },
    )
}

fn item() -> impl Strategy<Value = Item> {
    step()
        .prop_map(Item::Step)
        .prop_recursive(3, 24, 4, |inner| {
            (
                text(),
                any::<bool>(),
                prop::collection::vec((text(), share(), prop::collection::vec(inner, 0..3)), 2..4),
            )
                .prop_map(|(label, variant, branches)| {
                    let branches = branches
                        .into_iter()
                        .map(|(label, share, items)| Branch {
                            id: String::new(),
                            label,
                            share: if variant { share } else { None },
                            items,
                        })
                        .collect();
                    let b = Branching {
                        id: String::new(),
                        label,
                        branches,
                    };
                    if variant {
                        Item::Variant(b)
                    } else {
                        Item::Parallel(b)
                    }
                })
        })
}

/// Give every element an id, as the editor would.
fn number(m: &mut BlockModel) {
    fn items(list: &mut [Item], n: &mut u32) {
        for it in list {
            *n += 1;
            match it {
                Item::Step(s) => s.id = format!("s{n}"),
                Item::Variant(b) | Item::Parallel(b) => {
                    b.id = format!("g{n}");
                    for br in &mut b.branches {
                        *n += 1;
                        br.id = format!("b{n}");
                        items(&mut br.items, n);
                    }
                }
            }
        }
    }
    let mut n = 0;
    for sp in &mut m.subprocesses {
        n += 1;
        sp.id = format!("sp{n}");
        items(&mut sp.items, &mut n);
    }
}

fn model() -> impl Strategy<Value = BlockModel> {
    prop::collection::vec(
        (
            text(),
            prop::option::of((0u8..3).prop_map(|u| format!("sp-unit-{u}"))),
            prop::collection::vec(item(), 0..4),
        ),
        0..4,
    )
    .prop_map(|sps| {
        let mut m = BlockModel {
            subprocesses: sps
                .into_iter()
                .map(|(name, org_unit, items)| Subprocess {
                    id: String::new(),
                    name,
                    org_unit,
                    items,
                })
                .collect(),
        };
        number(&mut m);
        m
    })
}

fn names(unit: &str) -> Option<String> {
    unit.strip_prefix("sp-unit-")
        .map(|n| format!("Amt {n} & Co"))
}

proptest! {
    #![proptest_config(Config { cases: 96, ..Config::default() })]

    #[test]
    fn json_round_trip(m in model()) {
        prop_assert_eq!(BlockModel::from_json(&m.to_json()).unwrap(), m);
    }

    #[test]
    fn bpmn_round_trip_and_svg(m in model()) {
        let defs = to_bpmn(&m, "Prozess", &names);
        let bytes = write(&defs);
        let back = read(&bytes, &ReadOptions::default()).unwrap();
        prop_assert!(ablauf_bpmn::check(&back).iter().all(|f| f.severity != ablauf_bpmn::Severity::Error));
        let again = from_bpmn(&back);
        prop_assert_eq!(again.as_ref(), Ok(&m), "{}", String::from_utf8_lossy(&bytes));

        let svg = render_svg(&back, &Catalogue::default(), "Prozess <&>");
        let doc = roxmltree::Document::parse(&svg).map_err(|e| TestCaseError::fail(format!("{e}\n{svg}")))?;
        let root = doc.root_element();
        prop_assert_eq!(root.attribute("role"), Some("img"));
        prop_assert_eq!(root.first_element_child().and_then(|t| t.text()), Some("Prozess <&>"));
        // Coordinates are finite (labels may say "NaN": the generator writes text).
        for n in doc.descendants() {
            for a in n.attributes() {
                prop_assert!(!a.value().contains("NaN") && !a.value().contains("inf"), "{}={}", a.name(), a.value());
            }
        }
    }

    /// Branch labels, long ones too, sit in free space: over no step,
    /// gateway, event, shape label, name band or other branch label.
    #[test]
    fn flow_labels_stay_clear(m in model().prop_map(long_branch_labels)) {
        let defs = to_bpmn(&m, "Prozess", &names);
        let problems = common::label_collisions(&defs);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// Branch labels of sentence length (the generator's are short).
fn long_branch_labels(mut m: BlockModel) -> BlockModel {
    fn items(list: &mut [Item]) {
        for it in list {
            if let Item::Variant(b) | Item::Parallel(b) = it {
                for br in &mut b.branches {
                    if !br.label.trim().is_empty() {
                        br.label = format!("{} über das Serviceportal {}", br.label, br.label);
                    }
                    items(&mut br.items);
                }
            }
        }
    }
    for sp in &mut m.subprocesses {
        items(&mut sp.items);
    }
    m
}

/// An editing action on the element at position `pick` of the id list.
#[derive(Clone, Debug)]
enum Act {
    AddSubprocess(usize, String, Option<u8>),
    Rename(usize, String, Option<u8>),
    Insert(usize, usize, String, String),
    Set(usize, Box<StepItem>),
    Move(usize, bool),
    Duplicate(usize),
    Delete(usize),
    Variant(usize, usize, String),
    Parallel(usize, usize, String),
    AddBranch(usize, String),
    SetBranch(usize, String, Option<f64>),
    DeleteBranch(usize),
}

fn act() -> impl Strategy<Value = Act> {
    let i = 0usize..64;
    prop_oneof![
        1 => (i.clone(), text(), prop::option::of(0u8..3)).prop_map(|(a, b, c)| Act::AddSubprocess(a, b, c)),
        1 => (i.clone(), text(), prop::option::of(0u8..3)).prop_map(|(a, b, c)| Act::Rename(a, b, c)),
        4 => (i.clone(), i.clone(), block(), text()).prop_map(|(a, b, c, d)| Act::Insert(a, b, c, d)),
        1 => (i.clone(), step()).prop_map(|(a, s)| Act::Set(a, Box::new(s))),
        2 => (i.clone(), any::<bool>()).prop_map(|(a, b)| Act::Move(a, b)),
        1 => (i.clone()).prop_map(Act::Duplicate),
        1 => (i.clone()).prop_map(Act::Delete),
        1 => (i.clone(), i.clone(), text()).prop_map(|(a, b, c)| Act::Variant(a, b, c)),
        1 => (i.clone(), i.clone(), text()).prop_map(|(a, b, c)| Act::Parallel(a, b, c)),
        1 => (i.clone(), text()).prop_map(|(a, b)| Act::AddBranch(a, b)),
        1 => (i.clone(), text(), share()).prop_map(|(a, b, c)| Act::SetBranch(a, b, c)),
        1 => (i).prop_map(Act::DeleteBranch),
    ]
}

fn to_op(m: &BlockModel, a: &Act) -> Op {
    let mut steps = Vec::new();
    let mut branchings = Vec::new();
    let mut branches = Vec::new();
    let mut containers: Vec<String> = m.subprocesses.iter().map(|s| s.id.clone()).collect();
    m.walk(&mut |it, _| match it {
        Item::Step(s) => steps.push(s.id.clone()),
        Item::Variant(b) | Item::Parallel(b) => {
            branchings.push(b.id.clone());
            branches.extend(b.branches.iter().map(|br| br.id.clone()));
        }
    });
    containers.extend(branches.iter().cloned());
    let all: Vec<String> = m.ids().into_iter().map(str::to_owned).collect();
    let subprocesses: Vec<String> = m.subprocesses.iter().map(|s| s.id.clone()).collect();
    // Pick from a pool; one extra slot stands for an unknown id, to
    // exercise refusals.
    let pick = |pool: &[String], k: usize| {
        pool.get(k % (pool.len() + 1))
            .cloned()
            .unwrap_or_else(|| format!("unknown{k}"))
    };
    // `after`: an item of the container, or none (the extra slot).
    let after = |container: &str, k: usize| -> Option<String> {
        let items: Vec<String> = match m.find_subprocess(container) {
            Some(sp) => sp.items.iter().map(|i| i.id().to_owned()).collect(),
            None => m
                .find_branch(container)
                .map(|b| b.items.iter().map(|i| i.id().to_owned()).collect())
                .unwrap_or_default(),
        };
        items.get(k % (items.len() + 1)).cloned()
    };
    let unit = |u: &Option<u8>| u.map(|u| format!("sp-unit-{u}"));
    match a {
        Act::AddSubprocess(k, name, u) => Op::AddSubprocess {
            after: subprocesses.get(k % (subprocesses.len() + 1)).cloned(),
            name: name.clone(),
            org_unit: unit(u),
        },
        Act::Rename(k, name, u) => Op::RenameSubprocess {
            id: pick(&subprocesses, *k),
            name: name.clone(),
            org_unit: unit(u),
        },
        Act::Insert(c, k, block, label) => {
            let container = pick(&containers, *c);
            Op::InsertStep {
                after: after(&container, *k),
                container,
                block: block.clone(),
                label: label.clone(),
            }
        }
        Act::Set(k, s) => Op::SetStep {
            id: pick(&steps, *k),
            step: (**s).clone(),
        },
        Act::Move(k, up) => Op::MoveItem {
            id: pick(&all, *k),
            up: *up,
        },
        Act::Duplicate(k) => Op::Duplicate { id: pick(&all, *k) },
        Act::Delete(k) => Op::Delete { id: pick(&all, *k) },
        Act::Variant(c, k, label) => {
            let container = pick(&containers, *c);
            Op::AddVariant {
                after: after(&container, *k),
                container,
                label: label.clone(),
            }
        }
        Act::Parallel(c, k, label) => {
            let container = pick(&containers, *c);
            Op::AddParallel {
                after: after(&container, *k),
                container,
                label: label.clone(),
            }
        }
        Act::AddBranch(k, label) => Op::AddBranch {
            id: pick(&branchings, *k),
            label: label.clone(),
        },
        Act::SetBranch(k, label, share) => Op::SetBranch {
            id: pick(&branches, *k),
            label: label.clone(),
            share: *share,
        },
        Act::DeleteBranch(k) => Op::DeleteBranch {
            id: pick(&branches, *k),
        },
    }
}

#[test]
fn editing_sessions() {
    let accepted_total = std::cell::Cell::new(0usize);
    let tried_total = std::cell::Cell::new(0usize);
    let mut runner = proptest::test_runner::TestRunner::new(Config {
        cases: 64,
        // A hand-driven runner has no source file to record failures next to.
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (model(), prop::collection::vec(act(), 1..40));
    let result = runner.run(&strategy, |(start, acts)| {
        let mut m = start;
        let mut accepted = 0;
        for a in &acts {
            let op = to_op(&m, a);
            let before = m.clone();
            let _ = m.describe_op(&op);
            match m.apply(&op) {
                Ok(applied) => {
                    accepted += 1;
                    if let Some(f) = &applied.focus {
                        prop_assert!(
                            m.ids().contains(&f.as_str()),
                            "focus {} not in model after {:?}",
                            f,
                            op
                        );
                    }
                }
                Err(e) => {
                    prop_assert_eq!(&m, &before, "refused {:?} ({}) changed the model", op, e);
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            let ids = m.ids();
            let mut unique = ids.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert_eq!(unique.len(), ids.len(), "duplicate ids after {:?}", op);
            prop_assert!(ids.iter().all(|i| !i.is_empty()));
        }
        let _ = m.validate_with(&Catalogue::default());
        accepted_total.set(accepted_total.get() + accepted);
        tried_total.set(tried_total.get() + acts.len());
        // Whatever the session built, its BPMN reads back as the same model
        // (parallel branches carry no share in BPMN, so drop those first).
        let mut expected = m.clone();
        fn drop_parallel_shares(items: &mut [Item]) {
            for it in items {
                let parallel = matches!(it, Item::Parallel(_));
                if let Item::Parallel(b) | Item::Variant(b) = it {
                    for br in &mut b.branches {
                        if parallel {
                            br.share = None;
                        }
                        drop_parallel_shares(&mut br.items);
                    }
                }
            }
        }
        for sp in &mut expected.subprocesses {
            drop_parallel_shares(&mut sp.items);
        }
        let defs = to_bpmn(&m, "Sitzung", &names);
        let back = from_bpmn(&read(&write(&defs), &ReadOptions::default()).unwrap());
        prop_assert_eq!(back.as_ref(), Ok(&expected));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
    let (a, t) = (accepted_total.get(), tried_total.get());
    eprintln!("{a} of {t} random operations applied");
    assert!(a * 2 > t, "only {a} of {t} operations applied");
}

/// Applies random actions as the editor would; refused ones change nothing.
fn session(start: &BlockModel, acts: &[Act]) -> BlockModel {
    let mut m = start.clone();
    for a in acts {
        let op = to_op(&m, a);
        let _ = m.apply(&op);
    }
    m
}

/// A step's label set as the step form would.
fn relabelled(m: &BlockModel, id: &str, label: &str) -> BlockModel {
    let step = StepItem {
        label: label.to_owned(),
        ..m.find(id).unwrap().clone()
    };
    let mut m = m.clone();
    m.apply(&Op::SetStep {
        id: id.to_owned(),
        step,
    })
    .unwrap();
    m
}

proptest! {
    #![proptest_config(Config { cases: 96, ..Config::default() })]

    #[test]
    fn merging_a_model_with_itself_changes_nothing(m in model()) {
        prop_assert!(diff(&m, &m).is_empty());
        prop_assert_eq!(merge(&m, &m, &m), Ok(m.clone()));
    }

    #[test]
    fn a_change_on_one_side_only_is_taken_whole(
        base in model(),
        acts in prop::collection::vec(act(), 1..24),
    ) {
        let edited = session(&base, &acts);
        prop_assert_eq!(merge(&base, &edited, &base), Ok(edited.clone()));
        prop_assert_eq!(merge(&base, &base, &edited), Ok(edited.clone()));
        prop_assert_eq!(diff(&base, &edited).is_empty(), base == edited);
    }

    #[test]
    fn edits_to_different_elements_merge_and_the_same_element_conflicts(
        base in model(),
        i in 0usize..64,
        j in 0usize..64,
    ) {
        let steps: Vec<String> = base.steps().iter().map(|s| s.id.clone()).collect();
        prop_assume!(steps.len() >= 2);
        let a = &steps[i % steps.len()];
        let b = &steps[(i % steps.len() + 1 + j % (steps.len() - 1)) % steps.len()];
        prop_assert_ne!(a, b);
        let ours = relabelled(&base, a, "unsere Änderung");
        let theirs = relabelled(&base, b, "ihre Änderung");
        let both = relabelled(&ours, b, "ihre Änderung");
        prop_assert_eq!(merge(&base, &ours, &theirs), Ok(both.clone()));
        prop_assert_eq!(merge(&base, &theirs, &ours), Ok(both));
        let other = relabelled(&base, a, "eine andere Änderung");
        prop_assert_eq!(merge(&base, &ours, &other), Err(vec![Conflict::Changed(a.clone())]));
        let d = diff(&base, &ours);
        prop_assert_eq!(d.changed, vec![a.clone()]);
        prop_assert!(d.added.is_empty() && d.removed.is_empty() && d.moved.is_empty());
    }

    #[test]
    fn a_merge_of_two_sessions_keeps_what_each_side_alone_changed(
        base in model(),
        mine in prop::collection::vec(act(), 1..12),
        others in prop::collection::vec(act(), 1..12),
    ) {
        let (ours, theirs) = (session(&base, &mine), session(&base, &others));
        let (d_ours, d_theirs) = (diff(&base, &ours), diff(&base, &theirs));
        match merge(&base, &ours, &theirs) {
            Ok(m) => {
                let ids = m.ids();
                let mut unique = ids.clone();
                unique.sort_unstable();
                unique.dedup();
                prop_assert_eq!(unique.len(), ids.len());
                // A step only one side changed is as that side left it.
                for (d, side, other) in [(&d_ours, &ours, &d_theirs), (&d_theirs, &theirs, &d_ours)] {
                    for id in d.changed.iter().chain(&d.added) {
                        if other.changed_or_removed(id) || other.added.contains(id) {
                            continue;
                        }
                        if let Some(s) = side.find(id) {
                            prop_assert_eq!(m.find(id), Some(s));
                        }
                    }
                    for id in &d.removed {
                        if !other.changed.contains(id) && !other.moved.contains(id) {
                            prop_assert!(!ids.contains(&id.as_str()), "{} removed by one side", id);
                        }
                    }
                }
            }
            Err(conflicts) => {
                prop_assert!(!conflicts.is_empty());
                for c in &conflicts {
                    let id = c.id().to_owned();
                    prop_assert!(
                        [&base, &ours, &theirs].iter().any(|m| m.ids().contains(&id.as_str())),
                        "conflict names an element of a version: {}", c
                    );
                }
            }
        }
    }
}
