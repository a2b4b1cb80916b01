//! The three-way comparison of template updates: hand-written cases and
//! properties over random models edited at random on both sides (no
//! changes is the identity; with no local changes taking everything gives
//! the new template; local-only changes survive whatever is taken; a
//! conflict is reported exactly when both sides changed the same field of
//! the same element differently; taking nothing gives ours).

use std::collections::{HashMap, HashSet};

use ablauf_model::three_way::{ElementKind, ModelChange, apply, changes};
use ablauf_model::{BlockModel, Branch, Branching, Item, Op, StepItem, Subprocess};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Map, Value, json};

// ---- hand-written cases ----------------------------------------------

fn step(id: &str, label: &str) -> Item {
    Item::Step(StepItem {
        id: id.into(),
        label: label.into(),
        block: "formell-pruefen".into(),
        processing_minutes: Some(10.0),
        ..StepItem::default()
    })
}

/// Eingang (s1, s2, s3), Prüfung (v1: b1 with s4, b2 empty).
fn sample() -> BlockModel {
    BlockModel {
        subprocesses: vec![
            Subprocess {
                id: "sp1".into(),
                name: "Eingang".into(),
                org_unit: None,
                items: vec![
                    step("s1", "Antrag annehmen"),
                    step("s2", "Vollständigkeit prüfen"),
                    step("s3", "Akte anlegen"),
                ],
            },
            Subprocess {
                id: "sp2".into(),
                name: "Prüfung".into(),
                org_unit: Some("unit-1".into()),
                items: vec![Item::Variant(Branching {
                    id: "v1".into(),
                    label: "Vollständig?".into(),
                    branches: vec![
                        Branch {
                            id: "b1".into(),
                            label: "ja".into(),
                            share: Some(0.8),
                            items: vec![step("s4", "Inhalt prüfen")],
                        },
                        Branch {
                            id: "b2".into(),
                            label: "nein".into(),
                            share: Some(0.2),
                            items: Vec::new(),
                        },
                    ],
                })],
            },
        ],
    }
}

fn edit_step(m: &BlockModel, id: &str, f: impl FnOnce(&mut StepItem)) -> BlockModel {
    let mut s = m.find(id).unwrap().clone();
    f(&mut s);
    let mut m = m.clone();
    m.apply(&Op::SetStep {
        id: id.into(),
        step: s,
    })
    .unwrap();
    m
}

fn ids(list: &[ModelChange]) -> HashSet<String> {
    list.iter().map(|c| c.id.clone()).collect()
}

#[test]
fn a_time_from_the_template_and_a_label_from_the_organisation_both_stay() {
    let base = sample();
    let theirs = edit_step(&base, "s2", |s| s.processing_minutes = Some(15.0));
    let ours = edit_step(&base, "s2", |s| s.label = "Unterlagen prüfen".into());
    let list = changes(&base, &theirs, &ours);
    assert_eq!(
        list,
        [ModelChange {
            id: "s2.processingMinutes".into(),
            element: "s2".into(),
            kind: ElementKind::Step,
            label: "Vollständigkeit prüfen".into(),
            field: "processingMinutes".into(),
            base: Some(json!(10.0)),
            theirs: Some(json!(15.0)),
            ours: Some(json!(10.0)),
            conflict: false,
        }]
    );
    let merged = apply(&base, &theirs, &ours, &ids(&list));
    let s2 = merged.find("s2").unwrap();
    assert_eq!(s2.processing_minutes, Some(15.0));
    assert_eq!(s2.label, "Unterlagen prüfen");
    assert_eq!(apply(&base, &theirs, &ours, &HashSet::new()), ours);
    // The public shape.
    assert_eq!(
        serde_json::to_value(&list[0]).unwrap(),
        json!({"id": "s2.processingMinutes", "element": "s2", "kind": "step",
               "label": "Vollständigkeit prüfen", "field": "processingMinutes",
               "base": 10.0, "theirs": 15.0, "ours": 10.0, "conflict": false})
    );
}

#[test]
fn the_same_field_changed_on_both_sides_is_one_conflict_with_three_values() {
    let base = sample();
    let theirs = edit_step(&base, "s2", |s| s.processing_minutes = Some(15.0));
    let ours = edit_step(&base, "s2", |s| s.processing_minutes = Some(20.0));
    let list = changes(&base, &theirs, &ours);
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert!(c.conflict);
    assert_eq!(
        (&c.base, &c.theirs, &c.ours),
        (&Some(json!(10.0)), &Some(json!(15.0)), &Some(json!(20.0)))
    );
    let take = ids(&list);
    assert_eq!(
        apply(&base, &theirs, &ours, &take)
            .find("s2")
            .unwrap()
            .processing_minutes,
        Some(15.0)
    );
    assert_eq!(apply(&base, &theirs, &ours, &HashSet::new()), ours);
    // The same change on both sides is not listed.
    assert!(changes(&base, &theirs, &theirs).is_empty());
}

#[test]
fn a_step_the_template_added_after_s2_goes_after_s2() {
    let base = sample();
    let mut theirs = base.clone();
    theirs
        .apply(&Op::InsertStep {
            container: "sp1".into(),
            after: Some("s2".into()),
            block: "bescheid".into(),
            label: "Eingang bestätigen".into(),
        })
        .unwrap();
    // The organisation added a step of its own at the start, under the
    // same new id the template's step has.
    let mut ours = base.clone();
    ours.apply(&Op::InsertStep {
        container: "sp1".into(),
        after: None,
        block: "eingang".into(),
        label: "Post öffnen".into(),
    })
    .unwrap();
    assert_eq!(ours.subprocesses[0].items[0].id(), "s5");
    assert_eq!(theirs.subprocesses[0].items[2].id(), "s5");
    let list = changes(&base, &theirs, &ours);
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].id.as_str(), list[0].conflict),
        ("s5.element", false)
    );
    assert_eq!(list[0].base, None);
    assert_eq!(
        list[0].theirs.as_ref().unwrap()["label"],
        "Eingang bestätigen"
    );
    let merged = apply(&base, &theirs, &ours, &ids(&list));
    let labels: Vec<&str> = merged.subprocesses[0]
        .items
        .iter()
        .map(Item::label)
        .collect();
    assert_eq!(
        labels,
        [
            "Post öffnen",
            "Antrag annehmen",
            "Vollständigkeit prüfen",
            "Eingang bestätigen",
            "Akte anlegen"
        ]
    );
    // The template's step got a fresh id: ids stay unique.
    let all = merged.ids();
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len());
    assert_ne!(merged.subprocesses[0].items[3].id(), "s5");
}

#[test]
fn a_step_the_template_removed_and_the_organisation_changed_is_a_conflict() {
    let base = sample();
    let mut theirs = base.clone();
    theirs.apply(&Op::Delete { id: "s3".into() }).unwrap();
    let ours = edit_step(&base, "s3", |s| s.notes = "Nur digital".into());
    let list = changes(&base, &theirs, &ours);
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(
        (c.id.as_str(), c.field.as_str(), c.conflict),
        ("s3.element", "element", true)
    );
    assert_eq!(c.theirs, None);
    assert_eq!(c.ours.as_ref().unwrap()["notes"], "Nur digital");
    assert!(
        apply(&base, &theirs, &ours, &ids(&list))
            .find("s3")
            .is_none()
    );
    assert_eq!(apply(&base, &theirs, &ours, &HashSet::new()), ours);
    // Unchanged by the organisation: no conflict.
    let list = changes(&base, &theirs, &base);
    assert!(!list[0].conflict);
    // The other way round: the template changed a step the organisation
    // removed; taking it brings the step back where the template has it.
    let theirs = edit_step(&base, "s3", |s| s.label = "E-Akte anlegen".into());
    let mut ours = base.clone();
    ours.apply(&Op::Delete { id: "s3".into() }).unwrap();
    let list = changes(&base, &theirs, &ours);
    assert_eq!(list.len(), 1);
    assert!(list[0].conflict && list[0].ours.is_none());
    let merged = apply(&base, &theirs, &ours, &ids(&list));
    assert_eq!(merged.subprocesses[0].items[2].label(), "E-Akte anlegen");
}

#[test]
fn removing_a_container_goes_with_what_is_below_it_and_moves_out_first() {
    let base = sample();
    // The template moves s4 out of the variant into Eingang and drops the variant.
    let mut theirs = base.clone();
    let s4 = theirs.find("s4").unwrap().clone();
    theirs.subprocesses[0].items.push(Item::Step(s4));
    theirs.subprocesses[1].items.clear();
    let list = changes(&base, &theirs, &base);
    let listed: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(listed, ["s4.position", "v1.element"]);
    assert_eq!(
        list[0].theirs,
        Some(json!({"parent": "sp1", "after": "s3"}))
    );
    assert_eq!(apply(&base, &theirs, &base, &ids(&list)), theirs);
    // Only the removal: s4 goes with the variant.
    let only: HashSet<String> = ["v1.element".to_string()].into();
    assert!(apply(&base, &theirs, &base, &only).find("s4").is_none());
    // A step added by the organisation below the variant makes the removal a conflict.
    let mut ours = base.clone();
    ours.apply(&Op::InsertStep {
        container: "b2".into(),
        after: None,
        block: "bescheid".into(),
        label: "Nachfordern".into(),
    })
    .unwrap();
    let list = changes(&base, &theirs, &ours);
    assert!(list.iter().any(|c| c.id == "v1.element" && c.conflict));
    // A step added into a container the organisation removed cannot be taken.
    let mut theirs = base.clone();
    theirs
        .apply(&Op::InsertStep {
            container: "b2".into(),
            after: None,
            block: "bescheid".into(),
            label: "Nachfordern".into(),
        })
        .unwrap();
    let mut ours = base.clone();
    ours.apply(&Op::Delete { id: "v1".into() }).unwrap();
    let list = changes(&base, &theirs, &ours);
    assert_eq!(apply(&base, &theirs, &ours, &ids(&list)), ours);
}

#[test]
fn unknown_ids_are_ignored() {
    let base = sample();
    let theirs = edit_step(&base, "s1", |s| s.label = "X".into());
    let take: HashSet<String> = ["s1.nonsense".to_string(), "zz.label".into()].into();
    assert_eq!(apply(&base, &theirs, &base, &take), base);
}

// ---- random models and random edits --------------------------------

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "a", "b", "Prüfen", "Bescheid"]).prop_map(str::to_owned)
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec!["u1", "u2", "u3"]).prop_map(str::to_owned))
}

fn minutes() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop::sample::select(vec![0.5, 5.0, 10.0, 30.0]))
}

fn step_item() -> impl Strategy<Value = StepItem> {
    (
        (text(), text(), text()),
        (opt_text(), opt_text(), minutes(), minutes()),
        (opt_text(), prop::collection::vec(text(), 0..2)),
    )
        .prop_map(
            |((label, description, notes), (org_unit, pay_grade, p, w), (it, legal))| StepItem {
                id: String::new(),
                label,
                block: "formell-pruefen".into(),
                description,
                notes,
                org_unit,
                pay_grade,
                processing_minutes: p,
                waiting_minutes: w,
                it_system: it,
                legal_basis: legal,
                ..StepItem::default()
            },
        )
}

fn item() -> impl Strategy<Value = Item> {
    step_item()
        .prop_map(Item::Step)
        .prop_recursive(2, 16, 3, |inner| {
            (
                text(),
                any::<bool>(),
                prop::collection::vec(
                    (text(), minutes(), prop::collection::vec(inner, 0..3)),
                    2..4,
                ),
            )
                .prop_map(|(label, variant, branches)| {
                    let b = Branching {
                        id: String::new(),
                        label,
                        branches: branches
                            .into_iter()
                            .map(|(label, share, items)| Branch {
                                id: String::new(),
                                label,
                                share: share.filter(|_| variant).map(|s| s / 100.0),
                                items,
                            })
                            .collect(),
                    };
                    if variant {
                        Item::Variant(b)
                    } else {
                        Item::Parallel(b)
                    }
                })
        })
}

fn number(m: &mut BlockModel) {
    fn items(list: &mut [Item], n: &mut u32) {
        for it in list {
            *n += 1;
            match it {
                Item::Step(s) => s.id = format!("s{n}"),
                Item::Variant(b) | Item::Parallel(b) => {
                    b.id = format!("v{n}");
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
        (text(), opt_text(), prop::collection::vec(item(), 0..4)),
        1..4,
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

/// An edit of the element at position `k` of the id list (modulo its length).
#[derive(Clone, Debug)]
enum Edit {
    /// Set one field of a step to one of a few values.
    Field(usize, usize, usize),
    Rename(usize, String),
    Insert(usize, usize, String),
    Delete(usize),
    Move(usize, bool),
    /// Take an item out and put it first into another container.
    Relocate(usize, usize),
    Variant(usize, String),
    AddBranch(usize, String),
    SetBranch(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0usize..64;
    prop_oneof![
        4 => (i.clone(), 0usize..6, 0usize..4).prop_map(|(a, b, c)| Edit::Field(a, b, c)),
        1 => (i.clone(), text()).prop_map(|(a, b)| Edit::Rename(a, b)),
        2 => (i.clone(), i.clone(), text()).prop_map(|(a, b, c)| Edit::Insert(a, b, c)),
        2 => i.clone().prop_map(Edit::Delete),
        2 => (i.clone(), any::<bool>()).prop_map(|(a, b)| Edit::Move(a, b)),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Relocate(a, b)),
        1 => (i.clone(), text()).prop_map(|(a, b)| Edit::Variant(a, b)),
        1 => (i.clone(), text()).prop_map(|(a, b)| Edit::AddBranch(a, b)),
        1 => (i, text()).prop_map(|(a, b)| Edit::SetBranch(a, b)),
    ]
}

fn pick(pool: &[String], k: usize) -> Option<String> {
    (!pool.is_empty()).then(|| pool[k % pool.len()].clone())
}

/// Removes the item with this id from wherever it is.
fn take_item(items: &mut Vec<Item>, id: &str) -> Option<Item> {
    if let Some(i) = items.iter().position(|it| it.id() == id) {
        return Some(items.remove(i));
    }
    for it in items.iter_mut() {
        if let Item::Variant(b) | Item::Parallel(b) = it {
            for br in &mut b.branches {
                if let Some(found) = take_item(&mut br.items, id) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn container_items<'m>(items: &'m mut [Item], id: &str) -> Option<&'m mut Vec<Item>> {
    for it in items.iter_mut() {
        if let Item::Variant(b) | Item::Parallel(b) = it {
            for br in &mut b.branches {
                if br.id == id {
                    return Some(&mut br.items);
                }
                if let Some(found) = container_items(&mut br.items, id) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn edited(start: &BlockModel, edits: &[Edit]) -> BlockModel {
    let mut m = start.clone();
    for e in edits {
        let mut steps = Vec::new();
        let mut items = Vec::new();
        let mut branchings = Vec::new();
        let mut branches = Vec::new();
        m.walk(&mut |it, _| {
            items.push(it.id().to_owned());
            match it {
                Item::Step(s) => steps.push(s.id.clone()),
                Item::Variant(b) | Item::Parallel(b) => {
                    branchings.push(b.id.clone());
                    branches.extend(b.branches.iter().map(|br| br.id.clone()));
                }
            }
        });
        let sps: Vec<String> = m.subprocesses.iter().map(|s| s.id.clone()).collect();
        let containers: Vec<String> = sps.iter().chain(&branches).cloned().collect();
        let op = match e {
            Edit::Field(k, f, v) => {
                let Some(id) = pick(&steps, *k) else { continue };
                let mut s = m.find(&id).unwrap().clone();
                let texts = ["", "x", "y", "Prüfen"];
                let nums = [None, Some(5.0), Some(10.0), Some(45.0)];
                let opts = [None, Some("u1"), Some("u2"), Some("u4")];
                match f {
                    0 => s.label = texts[*v].into(),
                    1 => s.notes = texts[*v].into(),
                    2 => s.processing_minutes = nums[*v],
                    3 => s.waiting_minutes = nums[*v],
                    4 => s.org_unit = opts[*v].map(str::to_owned),
                    _ => s.legal_basis = texts[..*v].iter().map(|t| t.to_string()).collect(),
                }
                Op::SetStep { id, step: s }
            }
            Edit::Rename(k, name) => {
                let Some(id) = pick(&sps, *k) else { continue };
                Op::RenameSubprocess {
                    id,
                    name: name.clone(),
                    org_unit: Some("u9".into()),
                }
            }
            Edit::Insert(c, k, label) => {
                let Some(container) = pick(&containers, *c) else {
                    continue;
                };
                let after = pick(&items, *k).filter(|a| {
                    m.subprocess_of(a).is_some()
                        && (m
                            .find_subprocess(&container)
                            .is_some_and(|sp| sp.items.iter().any(|i| i.id() == a))
                            || m.find_branch(&container)
                                .is_some_and(|br| br.items.iter().any(|i| i.id() == a)))
                });
                Op::InsertStep {
                    container,
                    after,
                    block: "bescheid".into(),
                    label: label.clone(),
                }
            }
            Edit::Delete(k) => {
                let all: Vec<String> = m.ids().into_iter().map(str::to_owned).collect();
                let Some(id) = pick(&all, *k) else { continue };
                Op::Delete { id }
            }
            Edit::Move(k, up) => {
                let Some(id) = pick(&items, *k) else { continue };
                Op::MoveItem { id, up: *up }
            }
            Edit::Relocate(k, c) => {
                let (Some(id), Some(container)) = (pick(&items, *k), pick(&containers, *c)) else {
                    continue;
                };
                let before = m.clone();
                let mut found = None;
                for sp in &mut m.subprocesses {
                    found = found.or_else(|| take_item(&mut sp.items, &id));
                }
                let Some(item) = found else { continue };
                let target = m.subprocesses.iter_mut().find_map(|sp| {
                    if sp.id == container {
                        Some(&mut sp.items)
                    } else {
                        container_items(&mut sp.items, &container)
                    }
                });
                match target {
                    Some(list) => list.insert(0, item),
                    None => m = before,
                }
                continue;
            }
            Edit::Variant(c, label) => {
                let Some(container) = pick(&containers, *c) else {
                    continue;
                };
                Op::AddVariant {
                    container,
                    after: None,
                    label: label.clone(),
                }
            }
            Edit::AddBranch(k, label) => {
                let Some(id) = pick(&branchings, *k) else {
                    continue;
                };
                Op::AddBranch {
                    id,
                    label: label.clone(),
                }
            }
            Edit::SetBranch(k, label) => {
                let Some(id) = pick(&branches, *k) else {
                    continue;
                };
                let parallel = matches!(m.branching_of(&id), Some(Item::Parallel(_)));
                Op::SetBranch {
                    id,
                    label: label.clone(),
                    share: (!parallel).then_some(0.5),
                }
            }
        };
        let _ = m.apply(&op);
    }
    m
}

/// Every element: (kind, own fields with empty ones filled in, parent).
type Elements = HashMap<String, (ElementKind, Map<String, Value>, Option<String>)>;

fn elements(m: &BlockModel) -> Elements {
    fn own(v: Value, kind: ElementKind) -> Map<String, Value> {
        let obj = v.as_object().cloned().unwrap_or_default();
        kind.fields()
            .iter()
            .filter(|f| **f != "kind")
            .map(|f| {
                let empty = match *f {
                    "name" | "label" | "block" | "description" | "notes" => json!(""),
                    "documents" | "legalBasis" => json!([]),
                    _ => Value::Null,
                };
                (f.to_string(), obj.get(*f).cloned().unwrap_or(empty))
            })
            .collect()
    }
    fn items(list: &[Item], parent: &str, out: &mut Elements) {
        for it in list {
            let p = Some(parent.to_owned());
            match it {
                Item::Step(s) => {
                    let v = serde_json::to_value(s).unwrap();
                    out.insert(
                        s.id.clone(),
                        (ElementKind::Step, own(v, ElementKind::Step), p),
                    );
                }
                Item::Variant(b) | Item::Parallel(b) => {
                    let kind = if matches!(it, Item::Variant(_)) {
                        ElementKind::Variant
                    } else {
                        ElementKind::Parallel
                    };
                    out.insert(
                        b.id.clone(),
                        (kind, own(json!({"label": b.label}), kind), p),
                    );
                    for br in &b.branches {
                        let v = json!({"label": br.label, "share": br.share});
                        out.insert(
                            br.id.clone(),
                            (
                                ElementKind::Branch,
                                own(v, ElementKind::Branch),
                                Some(b.id.clone()),
                            ),
                        );
                        items(&br.items, &br.id, out);
                    }
                }
            }
        }
    }
    let mut out = HashMap::new();
    for sp in &m.subprocesses {
        let v = json!({"name": sp.name, "orgUnit": sp.org_unit});
        out.insert(
            sp.id.clone(),
            (
                ElementKind::Subprocess,
                own(v, ElementKind::Subprocess),
                None,
            ),
        );
        items(&sp.items, &sp.id, &mut out);
    }
    out
}

fn unique_ids(m: &BlockModel) -> bool {
    let all = m.ids();
    all.iter().collect::<HashSet<_>>().len() == all.len()
}

/// Three versions: a random base, theirs and ours edited from it at random.
fn versions() -> impl Strategy<Value = (BlockModel, BlockModel, BlockModel)> {
    (
        model(),
        prop::collection::vec(edit(), 0..12),
        prop::collection::vec(edit(), 0..12),
    )
        .prop_map(|(base, t, o)| {
            let (theirs, ours) = (edited(&base, &t), edited(&base, &o));
            (base, theirs, ours)
        })
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    /// (a) Nothing changed anywhere: nothing listed, nothing to take.
    #[test]
    fn no_changes_is_the_identity(m in model()) {
        prop_assert!(changes(&m, &m, &m).is_empty());
        let all: HashSet<String> = ["s1.label".to_string()].into();
        prop_assert_eq!(apply(&m, &m, &m, &all), m.clone());
    }

    /// (b) With no local changes, taking every change gives the new
    /// template exactly; (e) taking none gives ours.
    #[test]
    fn taking_everything_over_no_local_changes_gives_the_template(
        base in model(),
        edits in prop::collection::vec(edit(), 0..16),
    ) {
        let theirs = edited(&base, &edits);
        let list = changes(&base, &theirs, &base);
        prop_assert!(list.iter().all(|c| !c.conflict));
        prop_assert_eq!(list.is_empty(), theirs == base);
        prop_assert_eq!(apply(&base, &theirs, &base, &ids(&list)), theirs.clone());
        prop_assert_eq!(apply(&base, &theirs, &base, &HashSet::new()), base.clone());
    }

    /// (e) Taking nothing gives ours; any choice keeps ids unique.
    #[test]
    fn taking_nothing_gives_ours((base, theirs, ours) in versions(), bits in any::<u64>()) {
        let list = changes(&base, &theirs, &ours);
        prop_assert_eq!(apply(&base, &theirs, &ours, &HashSet::new()), ours.clone());
        let some: HashSet<String> = list
            .iter()
            .enumerate()
            .filter(|(i, _)| bits >> (i % 64) & 1 == 1)
            .map(|(_, c)| c.id.clone())
            .collect();
        let merged = apply(&base, &theirs, &ours, &some);
        prop_assert!(unique_ids(&merged));
        prop_assert!(unique_ids(&apply(&base, &theirs, &ours, &ids(&list))));
        // Ids are unique and listed in a stable order.
        prop_assert_eq!(ids(&list).len(), list.len());
        prop_assert_eq!(changes(&base, &theirs, &ours), list);
    }

    /// (c) What only the organisation changed survives whatever
    /// non-conflicting changes are taken.
    #[test]
    fn local_only_changes_survive((base, theirs, ours) in versions(), bits in any::<u64>()) {
        let list = changes(&base, &theirs, &ours);
        let take: HashSet<String> = list
            .iter()
            .enumerate()
            .filter(|(i, c)| !c.conflict && bits >> (i % 64) & 1 == 1)
            .map(|(_, c)| c.id.clone())
            .collect();
        let merged = apply(&base, &theirs, &ours, &take);
        let (b, t, o, r) = (elements(&base), elements(&theirs), elements(&ours), elements(&merged));
        for (id, (kind, own, parent)) in &o {
            let Some(now) = r.get(id) else {
                // Only what the template removed (itself or a container of
                // it) and the organisation left as it was may go.
                let mut at = Some(id.clone());
                let mut removed = false;
                while let Some(x) = at {
                    removed |= !t.contains_key(&x);
                    at = o[&x].2.clone();
                }
                prop_assert!(removed && b.get(id) == Some(&(*kind, own.clone(), parent.clone())), "{} of ours is gone", id);
                continue;
            };
            prop_assert_eq!(&now.0, kind);
            match b.get(id) {
                None => {
                    prop_assert_eq!(&now.1, own, "{} added by ours", id);
                    prop_assert_eq!(&now.2, parent, "{} added by ours", id);
                }
                Some((_, bown, bparent)) => {
                    for (f, v) in own {
                        if bown.get(f) != Some(v) {
                            prop_assert_eq!(now.1.get(f), Some(v), "{}.{} changed by ours", id, f);
                        }
                    }
                    if bparent != parent {
                        prop_assert_eq!(&now.2, parent, "{} moved by ours", id);
                    }
                }
            }
        }
        for id in b.keys() {
            if !o.contains_key(id) {
                prop_assert!(!r.contains_key(id), "{} removed by ours is back", id);
            }
        }
    }

    /// (d) A field change is listed when theirs changed it and ours does
    /// not have the same value, and is a conflict exactly when ours changed
    /// it too.
    #[test]
    fn conflicts_are_exactly_fields_both_changed((base, theirs, ours) in versions()) {
        let list = changes(&base, &theirs, &ours);
        let by_id: HashMap<&str, &ModelChange> = list.iter().map(|c| (c.id.as_str(), c)).collect();
        let (b, t, o) = (elements(&base), elements(&theirs), elements(&ours));
        for (id, (kind, town, _)) in &t {
            let (Some(nb), Some(no)) = (b.get(id), o.get(id)) else { continue };
            if nb.0 != *kind || no.0 != *kind {
                continue;
            }
            for (f, tv) in town {
                let (bv, ov) = (&nb.1[f], &no.1[f]);
                let key = format!("{id}.{f}");
                let listed = by_id.get(key.as_str());
                prop_assert_eq!(listed.is_some(), tv != bv && ov != tv, "{}", key);
                if let Some(c) = listed {
                    prop_assert_eq!(c.conflict, ov != bv, "{}", key);
                    prop_assert_eq!((&c.base, &c.theirs, &c.ours), (&Some(bv.clone()), &Some(tv.clone()), &Some(ov.clone())));
                }
            }
        }
        // Every field change listed for an element ours lacks is a conflict.
        for c in &list {
            if !["element", "position"].contains(&c.field.as_str()) && !o.contains_key(&c.element) {
                prop_assert!(c.conflict && c.ours.is_none(), "{}", c.id);
            }
        }
    }
}

/// The random edits reach every sort of change, conflicts included, so the
/// properties above are not vacuous.
#[test]
fn the_generator_makes_every_sort_of_change() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen: HashSet<(String, bool)> = HashSet::new();
    for _ in 0..300 {
        let (base, theirs, ours) = versions().new_tree(&mut runner).unwrap().current();
        for c in changes(&base, &theirs, &ours) {
            let sort = match c.field.as_str() {
                "element" if c.base.is_none() => "added",
                "element" => "removed",
                "position" => "position",
                _ => "field",
            };
            seen.insert((sort.to_owned(), c.conflict));
        }
    }
    for sort in ["added", "removed", "position", "field"] {
        assert!(seen.contains(&(sort.to_owned(), false)), "{sort}");
    }
    for sort in ["removed", "position", "field"] {
        assert!(seen.contains(&(sort.to_owned(), true)), "{sort} conflict");
    }
}
