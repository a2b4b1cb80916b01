//! Template updates: the Steckbrief's three-way comparison and merge, and
//! the whole update (Steckbrief and model) as a property: taking nothing
//! gives the organisation's process, taking everything over no local
//! changes gives the new template version.

use std::collections::HashSet;

use ablauf_domain::process::{Criticality, ProcessType, Profile};
use ablauf_domain::{EntryId, OrgUnitId, UserId};
use ablauf_library::update::{ChangeKind, apply, compare, profile_changes};
use ablauf_model::{BlockModel, Op, StepItem};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::json;

/// A fixed id of any kind: the `n`th.
fn id<T: std::str::FromStr>(n: u8) -> T
where
    T::Err: std::fmt::Debug,
{
    format!("00000000-0000-4000-8000-0000000000{n:02x}")
        .parse()
        .unwrap()
}

fn profile() -> Profile {
    Profile {
        name: "Gewerbeanmeldung".into(),
        identifier: "P-32.1-004".into(),
        trigger: "Antrag geht ein".into(),
        result: "Gewerbeschein".into(),
        keywords: vec!["Gewerbe".into(), "Anmeldung".into()],
        cases_per_year: Some(1200),
        owner_id: Some(id::<UserId>(1)),
        org_unit_id: Some(id::<OrgUnitId>(2)),
        ..Profile::default()
    }
}

fn ids(u: &[ablauf_library::update::Change]) -> HashSet<String> {
    u.iter().map(|c| c.id.clone()).collect()
}

#[test]
fn steckbrief_changes_of_both_sides_come_together() {
    let base = profile();
    let theirs = Profile {
        trigger: "Antrag geht online ein".into(),
        ..base.clone()
    };
    let ours = Profile {
        result: "Gewerbeschein und Mitteilung".into(),
        ..base.clone()
    };
    let list = profile_changes(&base, &theirs, &ours);
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(
        (c.id.as_str(), c.element.as_str(), c.kind, c.label.as_str()),
        (
            "steckbrief.trigger",
            "steckbrief",
            ChangeKind::Steckbrief,
            "Auslöser"
        )
    );
    assert_eq!(
        (&c.base, &c.theirs, &c.ours, c.conflict),
        (
            &Some(json!("Antrag geht ein")),
            &Some(json!("Antrag geht online ein")),
            &Some(json!("Antrag geht ein")),
            false
        )
    );
    let m = BlockModel::new();
    let (p, _) = apply((&base, &m), (&theirs, &m), (&ours, &m), &ids(&list));
    assert_eq!(p.trigger, "Antrag geht online ein");
    assert_eq!(p.result, "Gewerbeschein und Mitteilung");
    let (p, _) = apply((&base, &m), (&theirs, &m), (&ours, &m), &HashSet::new());
    assert_eq!(p, ours);
}

#[test]
fn the_same_steckbrief_field_changed_on_both_sides_conflicts() {
    let base = profile();
    let theirs = Profile {
        cases_per_year: Some(2000),
        criticality: Criticality::Hoch,
        ..base.clone()
    };
    let ours = Profile {
        cases_per_year: Some(900),
        criticality: Criticality::Hoch,
        ..base.clone()
    };
    let list = profile_changes(&base, &theirs, &ours);
    // The same new criticality on both sides is not listed.
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, "steckbrief.cases_per_year");
    assert_eq!(list[0].label, "Fallzahl pro Jahr");
    assert!(list[0].conflict);
    assert_eq!(
        (&list[0].base, &list[0].theirs, &list[0].ours),
        (&Some(json!(1200)), &Some(json!(2000)), &Some(json!(900)))
    );
    let m = BlockModel::new();
    let (p, _) = apply((&base, &m), (&theirs, &m), (&ours, &m), &ids(&list));
    assert_eq!(p.cases_per_year, Some(2000));
    assert_eq!(p.criticality, Criticality::Hoch);
}

#[test]
fn lists_are_sets_and_the_organisation_s_own_fields_stay() {
    let base = profile();
    let e: EntryId = id(3);
    let theirs = Profile {
        keywords: vec!["Anmeldung".into(), "Gewerbe".into()],
        legal_bases: vec![e],
        identifier: "T-1".into(),
        owner_id: None,
        process_type: Some(ProcessType::Kern),
        ..base.clone()
    };
    let ours = Profile {
        identifier: "P-32.1-009".into(),
        ..base.clone()
    };
    let list = profile_changes(&base, &theirs, &ours);
    let fields: Vec<&str> = list.iter().map(|c| c.field.as_str()).collect();
    // Reordered keywords are no change; identifier and owner are not compared.
    assert_eq!(fields, ["process_type", "legal_bases"]);
    let m = BlockModel::new();
    let (p, _) = apply((&base, &m), (&theirs, &m), (&ours, &m), &ids(&list));
    assert_eq!(p.identifier, "P-32.1-009");
    assert_eq!(p.owner_id, base.owner_id);
    assert_eq!(p.legal_bases, [e]);
    assert_eq!(p.process_type, Some(ProcessType::Kern));
    assert_eq!(p.keywords, base.keywords);
}

#[test]
fn an_update_lists_the_steckbrief_first_then_the_model() {
    let mut base_m = BlockModel::new();
    base_m
        .apply(&Op::AddSubprocess {
            after: None,
            name: "Eingang".into(),
            org_unit: None,
        })
        .unwrap();
    base_m
        .apply(&Op::InsertStep {
            container: "sp1".into(),
            after: None,
            block: "eingang".into(),
            label: "Antrag annehmen".into(),
        })
        .unwrap();
    let mut theirs_m = base_m.clone();
    let mut s1 = theirs_m.find("s1").unwrap().clone();
    s1.processing_minutes = Some(5.0);
    theirs_m
        .apply(&Op::SetStep {
            id: "s1".into(),
            step: s1,
        })
        .unwrap();
    let base = profile();
    let theirs = Profile {
        description: "Neu".into(),
        ..base.clone()
    };
    let u = compare((&base, &base_m), (&theirs, &theirs_m), (&base, &base_m));
    let listed: Vec<&str> = u.changes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(listed, ["steckbrief.description", "s1.processingMinutes"]);
    assert_eq!(u.changes[1].kind, ChangeKind::Step);
    assert_eq!(u.changes[1].label, "Antrag annehmen");
    assert_eq!(u.conflicts(), 0);
    let (p, m) = apply(
        (&base, &base_m),
        (&theirs, &theirs_m),
        (&base, &base_m),
        &ids(&u.changes),
    );
    assert_eq!((p, m), (theirs, theirs_m));
    assert_eq!(
        serde_json::to_value(&u.changes[0]).unwrap(),
        json!({"id": "steckbrief.description", "element": "steckbrief", "kind": "steckbrief",
               "label": "Beschreibung", "field": "description", "base": "", "theirs": "Neu",
               "ours": "", "conflict": false})
    );
}

// ---- properties ----------------------------------------------------------

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "a", "b", "Antrag"]).prop_map(str::to_owned)
}

/// A change to some Steckbrief fields, compared ones and the
/// organisation's own alike.
fn profile_edit() -> impl Strategy<Value = Vec<(usize, String)>> {
    prop::collection::vec((0usize..10, word()), 0..5)
}

fn edit_profile(p: &Profile, edits: &[(usize, String)], units: &[OrgUnitId]) -> Profile {
    let mut p = p.clone();
    for (f, w) in edits {
        match f {
            0 => p.name = w.clone(),
            1 => p.trigger = w.clone(),
            2 => p.identifier = w.clone(),
            3 => {
                p.keywords = w
                    .split_whitespace()
                    .map(str::to_owned)
                    .chain([w.clone()])
                    .collect()
            }
            4 => p.keywords.reverse(),
            5 => p.cases_per_year = Some(w.len() as u32),
            6 => p.participating_units = units[..w.len().min(units.len())].to_vec(),
            7 => p.service_key = (!w.is_empty()).then(|| w.clone()),
            8 => {
                p.valid_from =
                    serde_json::from_value(json!(format!("2026-01-{:02}", 1 + w.len()))).unwrap()
            }
            _ => p.applicant_involved = !p.applicant_involved,
        }
    }
    p
}

/// Random step edits of a small model.
fn model_edit() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    prop::collection::vec((0usize..8, 0usize..4, word()), 0..6)
}

fn edit_model(m: &BlockModel, edits: &[(usize, usize, String)]) -> BlockModel {
    let mut m = m.clone();
    for (k, what, w) in edits {
        let steps: Vec<String> = m.steps().iter().map(|s| s.id.clone()).collect();
        let id = steps.get(k % steps.len().max(1)).cloned();
        let op = match (what, id) {
            (0, Some(id)) => {
                let step = StepItem {
                    label: w.clone(),
                    processing_minutes: Some(*k as f64),
                    ..m.find(&id).unwrap().clone()
                };
                Op::SetStep { id, step }
            }
            (1, Some(id)) => Op::Delete { id },
            (2, Some(id)) => Op::MoveItem { id, up: k % 2 == 0 },
            (3, Some(id)) => Op::AddVariant {
                container: "sp1".into(),
                after: Some(id),
                label: w.clone(),
            },
            _ => Op::InsertStep {
                container: "sp1".into(),
                after: None,
                block: "bescheid".into(),
                label: w.clone(),
            },
        };
        let _ = m.apply(&op);
    }
    m
}

fn start() -> BlockModel {
    edit_model(
        &BlockModel {
            subprocesses: vec![ablauf_model::Subprocess {
                id: "sp1".into(),
                ..Default::default()
            }],
        },
        &[
            (0, 4, "a".into()),
            (0, 4, "b".into()),
            (0, 4, "c".into()),
            (1, 3, "v".into()),
        ],
    )
}

/// The profile with its list fields sorted.
fn as_sets(mut p: Profile) -> Profile {
    p.keywords.sort();
    p.participating_units.sort();
    p.external_parties.sort();
    p.legal_bases.sort();
    p.it_systems.sort();
    p.documents.sort();
    p
}

proptest! {
    #![proptest_config(Config { cases: 128, ..Config::default() })]

    #[test]
    fn taking_nothing_gives_ours_and_everything_over_no_local_changes_gives_theirs(
        te in profile_edit(),
        oe in profile_edit(),
        tm in model_edit(),
        om in model_edit(),
        bits in any::<u64>(),
    ) {
        let units: [OrgUnitId; 4] = [id(10), id(11), id(12), id(13)];
        let base = profile();
        let (theirs, ours) = (edit_profile(&base, &te, &units), edit_profile(&base, &oe, &units));
        let base_m = start();
        prop_assert_eq!(base_m.steps().len(), 3);
        let (theirs_m, ours_m) = (edit_model(&base_m, &tm), edit_model(&base_m, &om));
        let (b, t, o) = ((&base, &base_m), (&theirs, &theirs_m), (&ours, &ours_m));

        let u = compare(b, t, o);
        prop_assert_eq!(apply(b, t, o, &HashSet::new()), (ours.clone(), ours_m.clone()));

        // No local changes: everything taken is the new template, apart
        // from the organisation's own fields and the order of lists (sets:
        // a new order alone is no change).
        let u0 = compare(b, t, b);
        prop_assert!(u0.changes.iter().all(|c| !c.conflict));
        let (p, m) = apply(b, t, b, &ids(&u0.changes));
        let expected = Profile {
            identifier: base.identifier.clone(),
            owner_id: base.owner_id,
            valid_from: base.valid_from,
            valid_until: base.valid_until,
            ..theirs.clone()
        };
        prop_assert_eq!(as_sets(p), as_sets(expected));
        prop_assert_eq!(m, theirs_m.clone());

        // Any choice: Steckbrief fields are ours or theirs, what the
        // organisation alone changed stays.
        let some: HashSet<String> = u
            .changes
            .iter()
            .enumerate()
            .filter(|(i, _)| bits >> (i % 64) & 1 == 1)
            .map(|(_, c)| c.id.clone())
            .collect();
        let (p, _) = apply(b, t, o, &some);
        prop_assert_eq!(&p.identifier, &ours.identifier);
        prop_assert_eq!(p.valid_from, ours.valid_from);
        for c in u.changes.iter().filter(|c| c.kind == ChangeKind::Steckbrief) {
            let now = serde_json::to_value(&p).unwrap()[&c.field].clone();
            let want = if some.contains(&c.id) { &c.theirs } else { &c.ours };
            prop_assert_eq!(Some(now), want.clone(), "{}", c.id);
        }
        if ours.trigger != base.trigger && theirs.trigger == base.trigger {
            prop_assert_eq!(&p.trigger, &ours.trigger);
        }
    }
}
