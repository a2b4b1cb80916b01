//! The modelling use cases as the pages and the JSON API call them: a whole
//! block model saved with its version (optimistic, ids checked), and edits
//! made on an older version applied on top of others' changes unless they
//! change an element someone else changed or deleted meanwhile.

use ablauf_app::Error;
use ablauf_app::modelling::{self, Current, Edit, Element, Which};
use ablauf_domain::process::{Profile, Status};
use ablauf_model::{BlockModel, Op, StepItem};
use ablauf_store::{Actor, OrgId, Save};

use crate::both;
use crate::harness::TestApp;

/// A process without a model in Stadt Musterstadt.
async fn process(app: &TestApp) -> (OrgId, ablauf_store::ProcessId, i64) {
    let org = OrgId(app.org_id("Stadt Musterstadt").await.parse().unwrap());
    let save = Save {
        area_id: None,
        status: Status::Dokumentiert,
        profile: Profile {
            name: "Hundesteuer".into(),
            ..Default::default()
        },
        note: String::new(),
    };
    let row = app
        .store
        .create_process(&Actor::system("Test"), org, &save)
        .await
        .unwrap();
    (org, row.id, row.version)
}

/// Eingang: s1, then a variant v1 with s2 in branch b1 (and b2 empty).
fn sample() -> BlockModel {
    let mut m = BlockModel::new();
    for op in [
        Op::AddSubprocess {
            after: None,
            name: "Eingang".into(),
            org_unit: None,
        },
        Op::InsertStep {
            container: "sp1".into(),
            after: None,
            block: "eingang".into(),
            label: "Antrag kommt an".into(),
        },
        Op::AddVariant {
            container: "sp1".into(),
            after: Some("s1".into()),
            label: "Vollständig?".into(),
        },
        Op::InsertStep {
            container: "b1".into(),
            after: None,
            block: "formell-pruefen".into(),
            label: "Unterlagen prüfen".into(),
        },
    ] {
        m.apply(&op).unwrap();
    }
    m
}

fn set_step(m: &BlockModel, id: &str, label: &str) -> Op {
    Op::SetStep {
        id: id.into(),
        step: StepItem {
            label: label.into(),
            ..m.find(id).unwrap().clone()
        },
    }
}

both!(a_whole_model_is_saved_with_its_version_and_read_back);
async fn a_whole_model_is_saved_with_its_version_and_read_back(app: TestApp) {
    let (org, id, v) = process(&app).await;
    let actor = Actor::system("Skript");
    let m = sample();
    let row = modelling::save_model(&app.store, org, &actor, (id, Which::AsIs), v, &m, None)
        .await
        .unwrap();
    assert_eq!(row.version, v + 1);
    assert_eq!(row.status, Status::Modelliert, "the first model");
    let loaded = modelling::load(&app.store, org, (id, Which::AsIs))
        .await
        .unwrap();
    assert_eq!(loaded.current, Current::Blocks(m.clone()));
    assert_eq!(loaded.version.note, "Bausteinmodell gespeichert");
    // Saved on a version that is no longer current: nothing written.
    let stale = modelling::save_model(
        &app.store,
        org,
        &actor,
        (id, Which::AsIs),
        v,
        &BlockModel::new(),
        None,
    )
    .await;
    assert!(matches!(stale, Err(Error::Conflict(_))), "{stale:?}");
    // Ids the editing operations could not tell apart are refused.
    let mut twice = m.clone();
    twice.subprocesses.push(twice.subprocesses[0].clone());
    match modelling::save_model(
        &app.store,
        org,
        &actor,
        (id, Which::AsIs),
        v + 1,
        &twice,
        None,
    )
    .await
    {
        Err(Error::Invalid(e)) => assert!(e.0["model"].contains("eigene")),
        other => panic!("{other:?}"),
    }
    // Another organisation does not see the process.
    let other = OrgId(app.org_id("Landkreis Elbtal").await.parse().unwrap());
    assert!(matches!(
        modelling::load(&app.store, other, (id, Which::AsIs)).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        modelling::load(&app.store, org, (id, Which::AsIs))
            .await
            .unwrap()
            .process
            .version,
        v + 1
    );
}

both!(edits_on_an_older_version_rebase_unless_the_element_changed);
async fn edits_on_an_older_version_rebase_unless_the_element_changed(app: TestApp) {
    let (org, id, v) = process(&app).await;
    let petra = Actor::system("Petra Adler <admin@musterstadt.example>");
    let max = Actor::system("Max Modell <modellierer@musterstadt.example>");
    let m = sample();
    let base = modelling::save_model(&app.store, org, &petra, (id, Which::AsIs), v, &m, None)
        .await
        .unwrap()
        .version;
    // Petra changes the step inside the branch.
    let edit = modelling::apply(
        &app.store,
        org,
        &petra,
        (id, Which::AsIs),
        base,
        &set_step(&m, "s2", "Vollständigkeit prüfen"),
    )
    .await
    .unwrap();
    assert!(
        matches!(edit, Edit::Saved { before, .. } if before == base),
        "{edit:?}"
    );
    // Max, still on the base version, gives the branch a share: the branch
    // itself is unchanged, so his edit lands on top of hers.
    let share = Op::SetBranch {
        id: "b1".into(),
        label: "Fall A".into(),
        share: Some(0.8),
    };
    let edit = modelling::apply(&app.store, org, &max, (id, Which::AsIs), base, &share)
        .await
        .unwrap();
    assert!(
        matches!(edit, Edit::Saved { version, .. } if version == base + 2),
        "{edit:?}"
    );
    let now = modelling::load(&app.store, org, (id, Which::AsIs))
        .await
        .unwrap();
    let Current::Blocks(now) = now.current else {
        panic!("blocks")
    };
    assert_eq!(now.find("s2").unwrap().label, "Vollständigkeit prüfen");
    assert_eq!(now.find_branch("b1").unwrap().share, Some(0.8));
    // Max edits the step Petra changed: a conflict with both values.
    let mine = set_step(&m, "s2", "Formell prüfen");
    match modelling::apply(&app.store, org, &max, (id, Which::AsIs), base, &mine)
        .await
        .unwrap()
    {
        Edit::Conflict(c) => {
            assert_eq!(c.id, "s2");
            assert_eq!(c.author, "Max Modell", "who saved last");
            match (&c.theirs, &c.mine) {
                (Some(Element::Step(theirs)), Element::Step(mine)) => {
                    assert_eq!(theirs.label, "Vollständigkeit prüfen");
                    assert_eq!(mine.label, "Formell prüfen");
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    // A step deleted meanwhile: a conflict without their value.
    let current = modelling::load(&app.store, org, (id, Which::AsIs))
        .await
        .unwrap();
    modelling::apply(
        &app.store,
        org,
        &petra,
        (id, Which::AsIs),
        current.process.version,
        &Op::Delete { id: "s1".into() },
    )
    .await
    .unwrap();
    match modelling::apply(
        &app.store,
        org,
        &max,
        (id, Which::AsIs),
        base,
        &set_step(&m, "s1", "Post"),
    )
    .await
    .unwrap()
    {
        Edit::Conflict(c) => {
            assert_eq!((c.id.as_str(), c.theirs), ("s1", None));
            assert_eq!(c.author, "Petra Adler");
        }
        other => panic!("{other:?}"),
    }
    let versions = app.store.list_versions(org, id).await.unwrap().len();
    assert_eq!(versions, 5, "conflicts wrote nothing");
}
