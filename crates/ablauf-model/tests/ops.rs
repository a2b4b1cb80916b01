//! Editing operations: effects, focus, refusals (model unchanged), JSON form
//! and descriptions.

mod common;

use ablauf_model::{Applied, BlockModel, Item, Op, OpError, StepItem, describe};
use common::sample;

fn apply(m: &mut BlockModel, op: Op) -> String {
    m.apply(&op)
        .unwrap_or_else(|e| panic!("{op:?}: {e}"))
        .focus
        .unwrap_or_default()
}

/// Apply an operation that must be refused, and check nothing changed.
fn refuse(m: &mut BlockModel, op: Op) -> OpError {
    let before = m.clone();
    let e = m.apply(&op).expect_err("must be refused");
    assert_eq!(*m, before, "a refused {op:?} changed the model");
    e
}

fn insert(container: &str, after: Option<&str>, label: &str) -> Op {
    Op::InsertStep {
        container: container.into(),
        after: after.map(Into::into),
        block: "sichten".into(),
        label: label.into(),
    }
}

fn labels(items: &[Item]) -> Vec<&str> {
    items.iter().map(Item::label).collect()
}

#[test]
fn build_a_model_with_operations() {
    let mut m = BlockModel::new();
    let sp1 = apply(
        &mut m,
        Op::AddSubprocess {
            after: None,
            name: "Eingang".into(),
            org_unit: Some("u1".into()),
        },
    );
    assert_eq!(sp1, "sp1");
    let sp0 = apply(
        &mut m,
        Op::AddSubprocess {
            after: None,
            name: "Vorher".into(),
            org_unit: Some(String::new()),
        },
    );
    assert_eq!(
        m.subprocesses[0].id, sp0,
        "after: None inserts at the start"
    );
    assert_eq!(
        m.subprocesses[0].org_unit, None,
        "an empty org unit is none"
    );
    let sp2 = apply(
        &mut m,
        Op::AddSubprocess {
            after: Some(sp1.clone()),
            name: "Prüfung".into(),
            org_unit: None,
        },
    );
    assert_eq!(m.subprocesses[2].id, sp2);

    let a = apply(&mut m, insert(&sp1, None, "A"));
    let c = apply(&mut m, insert(&sp1, Some(&a), "C"));
    let b = apply(&mut m, insert(&sp1, Some(&a), "B"));
    let first = apply(&mut m, insert(&sp1, None, "Erster"));
    assert_eq!(labels(&m.subprocesses[1].items), ["Erster", "A", "B", "C"]);
    assert_eq!(
        (a.as_str(), c.as_str(), b.as_str(), first.as_str()),
        ("s1", "s2", "s3", "s4")
    );

    let v = apply(
        &mut m,
        Op::AddVariant {
            container: sp2.clone(),
            after: None,
            label: "Vollständig?".into(),
        },
    );
    let Some(Item::Variant(var)) = m.find_item(&v) else {
        panic!("variant expected")
    };
    let shares: Vec<_> = var
        .branches
        .iter()
        .map(|b| (b.label.as_str(), b.share))
        .collect();
    assert_eq!(shares, [("Fall A", Some(0.5)), ("Fall B", Some(0.5))]);
    let fall_a = var.branches[0].id.clone();
    let p = apply(
        &mut m,
        Op::AddParallel {
            container: fall_a.clone(),
            after: None,
            label: "Gleichzeitig".into(),
        },
    );
    let Some(Item::Parallel(par)) = m.find_item(&p) else {
        panic!("parallel expected")
    };
    assert_eq!(par.branches.len(), 2);
    assert!(par.branches.iter().all(|b| b.share.is_none()));
    let par_b = par.branches[1].id.clone();
    let inner = apply(&mut m, insert(&par_b, None, "Innen"));
    assert_eq!(m.subprocess_of(&inner).unwrap().id, sp2);
    assert!(m.validate().iter().all(|f| f.code != "id-duplicate"));

    // Steps go into subprocesses and branches only.
    assert!(matches!(
        refuse(&mut m, insert(&a, None, "x")),
        OpError::NotAContainer(_)
    ));
    assert!(matches!(
        refuse(&mut m, insert(&v, None, "x")),
        OpError::NotAContainer(_)
    ));
    assert!(matches!(
        refuse(&mut m, insert("nope", None, "x")),
        OpError::NotFound(_)
    ));
    assert!(matches!(
        refuse(&mut m, insert(&sp2, Some(&a), "x")),
        OpError::NotInContainer { .. }
    ));
    assert!(matches!(
        refuse(
            &mut m,
            Op::AddSubprocess {
                after: Some(a.clone()),
                name: String::new(),
                org_unit: None
            }
        ),
        OpError::NotASubprocess(_)
    ));
}

#[test]
fn set_step_keeps_the_id() {
    let mut m = sample();
    let new = StepItem {
        id: "ignored".into(),
        label: "Neu".into(),
        block: "drucken".into(),
        processing_minutes: Some(3.0),
        ..StepItem::default()
    };
    let f = apply(
        &mut m,
        Op::SetStep {
            id: "s3".into(),
            step: new.clone(),
        },
    );
    assert_eq!(f, "s3");
    assert_eq!(
        m.find("s3"),
        Some(&StepItem {
            id: "s3".into(),
            ..new.clone()
        })
    );
    assert!(matches!(
        refuse(
            &mut m,
            Op::SetStep {
                id: "v1".into(),
                step: new.clone()
            }
        ),
        OpError::NotAStep(_)
    ));
    assert!(matches!(
        refuse(
            &mut m,
            Op::SetStep {
                id: "zz".into(),
                step: new
            }
        ),
        OpError::NotFound(_)
    ));
}

#[test]
fn moving_stays_in_the_container() {
    let mut m = sample();
    // s1 is first in sp1: up is refused, down swaps with s2.
    assert!(matches!(
        refuse(
            &mut m,
            Op::MoveItem {
                id: "s1".into(),
                up: true
            }
        ),
        OpError::AtStart(_)
    ));
    assert_eq!(
        apply(
            &mut m,
            Op::MoveItem {
                id: "s1".into(),
                up: false
            }
        ),
        "s1"
    );
    assert_eq!(
        labels(&m.subprocesses[0].items),
        ["Antrag formell prüfen", "Antrag entgegennehmen"]
    );
    // Moving past the end of a branch is refused.
    assert!(matches!(
        refuse(
            &mut m,
            Op::MoveItem {
                id: "p1".into(),
                up: false
            }
        ),
        OpError::AtEnd(_)
    ));
    assert_eq!(
        apply(
            &mut m,
            Op::MoveItem {
                id: "p1".into(),
                up: true
            }
        ),
        "p1"
    );
    // Branches reorder within their branching.
    apply(
        &mut m,
        Op::MoveItem {
            id: "b2".into(),
            up: true,
        },
    );
    let v = m.find_item("v1").unwrap().as_branching().unwrap();
    assert_eq!(v.branches[0].id, "b2");
    // Subprocesses through either operation.
    apply(
        &mut m,
        Op::MoveItem {
            id: "sp3".into(),
            up: true,
        },
    );
    apply(
        &mut m,
        Op::MoveSubprocess {
            id: "sp3".into(),
            up: true,
        },
    );
    assert_eq!(m.subprocesses[0].id, "sp3");
    assert!(matches!(
        refuse(
            &mut m,
            Op::MoveSubprocess {
                id: "sp3".into(),
                up: true
            }
        ),
        OpError::AtStart(_)
    ));
    assert!(matches!(
        refuse(
            &mut m,
            Op::MoveSubprocess {
                id: "s5".into(),
                up: true
            }
        ),
        OpError::NotASubprocess(_)
    ));
}

#[test]
fn duplicate_gives_fresh_ids() {
    let mut m = sample();
    let copy = apply(&mut m, Op::Duplicate { id: "v1".into() });
    assert_eq!(m.subprocesses[1].items[1].id(), copy);
    let before = m.ids().len();
    let mut ids = m.ids();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), before, "ids stay unique");
    assert_eq!(
        m.subprocesses[1].items[0].label(),
        m.subprocesses[1].items[1].label()
    );
    let b = apply(&mut m, Op::Duplicate { id: "b3".into() });
    assert_eq!(m.branching_of(&b).unwrap().id(), "p1");
    let sp = apply(&mut m, Op::Duplicate { id: "sp1".into() });
    assert_eq!(m.subprocesses[1].id, sp);
    assert_eq!(m.subprocesses[1].items.len(), 2);
    assert_ne!(m.subprocesses[1].items[0].id(), "s1");
    assert!(m.validate().iter().all(|f| f.code != "id-duplicate"));
}

#[test]
fn delete_and_focus() {
    let mut m = sample();
    // Focus moves to the next item, else the previous, else the container.
    assert_eq!(apply(&mut m, Op::Delete { id: "s1".into() }), "s2");
    assert_eq!(apply(&mut m, Op::Delete { id: "s2".into() }), "sp1");
    assert_eq!(apply(&mut m, Op::Delete { id: "s5".into() }), "v1");
    assert_eq!(apply(&mut m, Op::Delete { id: "p1".into() }), "s3");
    assert_eq!(apply(&mut m, Op::Delete { id: "s3".into() }), "b1");
    assert!(matches!(
        refuse(&mut m, Op::Delete { id: "b1".into() }),
        OpError::TooFewBranches(_)
    ));
    let b = apply(
        &mut m,
        Op::AddBranch {
            id: "v1".into(),
            label: "vielleicht".into(),
        },
    );
    assert_eq!(m.find_branch(&b).unwrap().share, None);
    assert_eq!(apply(&mut m, Op::DeleteBranch { id: b.clone() }), "b2");
    assert!(matches!(
        refuse(
            &mut m,
            Op::AddBranch {
                id: "s9".into(),
                label: String::new()
            }
        ),
        OpError::NotFound(_)
    ));
    assert!(matches!(
        refuse(
            &mut m,
            Op::AddBranch {
                id: "b1".into(),
                label: String::new()
            }
        ),
        OpError::NotABranching(_)
    ));
    assert_eq!(apply(&mut m, Op::Delete { id: "sp2".into() }), "sp3");
    assert_eq!(
        apply(&mut m, Op::DeleteSubprocess { id: "sp3".into() }),
        "sp1"
    );
    assert_eq!(
        m.apply(&Op::Delete { id: "sp1".into() }),
        Ok(Applied { focus: None })
    );
    assert_eq!(m, BlockModel::new());
}

#[test]
fn branches() {
    let mut m = sample();
    apply(
        &mut m,
        Op::SetBranch {
            id: "b1".into(),
            label: "unvollständig".into(),
            share: Some(0.25),
        },
    );
    let b = m.find_branch("b1").unwrap();
    assert_eq!((b.label.as_str(), b.share), ("unvollständig", Some(0.25)));
    let e = refuse(
        &mut m,
        Op::SetBranch {
            id: "b3".into(),
            label: "x".into(),
            share: Some(0.5),
        },
    );
    assert_eq!(e, OpError::ShareOnParallel("b3".into()));
    apply(
        &mut m,
        Op::SetBranch {
            id: "b3".into(),
            label: "Brandschutz".into(),
            share: None,
        },
    );
    assert!(matches!(
        refuse(
            &mut m,
            Op::SetBranch {
                id: "s3".into(),
                label: String::new(),
                share: None
            }
        ),
        OpError::NotABranch(_)
    ));
    assert!(matches!(
        refuse(&mut m, Op::DeleteBranch { id: "b4".into() }),
        OpError::TooFewBranches(_)
    ));
    apply(
        &mut m,
        Op::RenameSubprocess {
            id: "sp2".into(),
            name: "Fachliche Prüfung".into(),
            org_unit: Some("u9".into()),
        },
    );
    assert_eq!(m.subprocesses[1].org_unit.as_deref(), Some("u9"));
}

#[test]
fn json_form_of_operations() {
    let op: Op = serde_json::from_str(
        r#"{"op":"insertStep","container":"sp1","after":null,"block":"eingang","label":"Antrag"}"#,
    )
    .unwrap();
    assert_eq!(op, insert_with("sp1", None, "eingang", "Antrag"));
    let op: Op =
        serde_json::from_str(r#"{"op":"addSubprocess","name":"Eingang","orgUnit":"u1"}"#).unwrap();
    assert_eq!(
        op,
        Op::AddSubprocess {
            after: None,
            name: "Eingang".into(),
            org_unit: Some("u1".into())
        }
    );
    let op: Op = serde_json::from_str(r#"{"op":"moveItem","id":"s1","up":true}"#).unwrap();
    assert_eq!(
        op,
        Op::MoveItem {
            id: "s1".into(),
            up: true
        }
    );
    let op: Op = serde_json::from_str(
        r#"{"op":"setStep","id":"s1","step":{"label":"X","block":"drucken","processingMinutes":5}}"#,
    )
    .unwrap();
    let Op::SetStep { step, .. } = &op else {
        panic!()
    };
    assert_eq!(step.processing_minutes, Some(5.0));
    let back: Op = serde_json::from_str(&serde_json::to_string(&op).unwrap()).unwrap();
    assert_eq!(back, op);
    assert!(serde_json::from_str::<Op>(r#"{"op":"explode","id":"s1"}"#).is_err());
    assert_eq!(
        serde_json::to_string(&Applied {
            focus: Some("s1".into())
        })
        .unwrap(),
        r#"{"focus":"s1"}"#
    );
}

fn insert_with(container: &str, after: Option<&str>, block: &str, label: &str) -> Op {
    Op::InsertStep {
        container: container.into(),
        after: after.map(Into::into),
        block: block.into(),
        label: label.into(),
    }
}

#[test]
fn descriptions_and_messages() {
    assert_eq!(
        describe(&insert_with(
            "sp1",
            None,
            "formell-pruefen",
            "Antrag prüfen"
        )),
        "Schritt „Antrag prüfen“ eingefügt"
    );
    assert_eq!(
        describe(&insert_with("sp1", None, "x", " ")),
        "Schritt eingefügt"
    );
    assert_eq!(
        describe(&Op::AddVariant {
            container: "sp1".into(),
            after: None,
            label: "Vollständig?".into()
        }),
        "Variante „Vollständig?“ eingefügt"
    );
    assert_eq!(
        describe(&Op::DeleteBranch { id: "b1".into() }),
        "Zweig gelöscht"
    );
    let m = sample();
    assert_eq!(
        m.describe_op(&Op::Delete { id: "s3".into() }),
        "Schritt „Unterlagen nachfordern“ gelöscht"
    );
    assert_eq!(
        m.describe_op(&Op::MoveItem {
            id: "v1".into(),
            up: false
        }),
        "Variante „Unterlagen vollständig?“ nach unten verschoben"
    );
    assert_eq!(
        m.describe_op(&Op::Duplicate { id: "sp1".into() }),
        "Teilprozess „Antragseingang“ dupliziert"
    );
    assert_eq!(
        m.describe_op(&Op::Delete { id: "b4".into() }),
        "Zweig ohne Bezeichnung gelöscht"
    );
    assert_eq!(
        m.describe_op(&Op::Delete { id: "zz".into() }),
        "Element gelöscht"
    );
    assert_eq!(
        OpError::TooFewBranches("b1".into()).to_string(),
        "Eine Verzweigung braucht mindestens zwei Zweige; dieser Zweig kann nicht gelöscht werden."
    );
    assert_eq!(
        OpError::AtEnd("s1".into()).to_string(),
        "Das Element steht schon an letzter Stelle."
    );
}
