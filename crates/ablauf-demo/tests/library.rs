//! The demo's shared library (`library.toml`), seeded into a scratch SQLite
//! database: the editor, the released templates, the waiting proposal, and
//! Musterstadt's adopted template with a newer version whose three-way
//! comparison has exactly one conflict.

use ablauf_app::library::{content, mapping};
use ablauf_demo::{Content, Demo, PASSWORD};
use ablauf_domain::ProposalState;
use ablauf_library::content::localise;
use ablauf_library::update::compare;
use ablauf_model::BlockModel;
use ablauf_model::merge::diff;
use ablauf_store::{RegisterFilter, Store};

async fn scratch() -> (Store, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("ablauf-demo-{}.db", uuid::Uuid::new_v4()));
    let store = Store::connect(&format!("sqlite://{}", path.display()), 2)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    (store, path)
}

async fn close(store: Store, path: std::path::PathBuf) {
    store.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test]
async fn the_demo_library_has_templates_a_waiting_proposal_and_an_update_with_one_conflict() {
    let (store, path) = scratch().await;
    let started = std::time::Instant::now();
    assert!(ablauf_demo::seed(&store, Content::Full).await.unwrap());
    eprintln!(
        "full demo seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let demo = Demo::load().unwrap();
    let lib = &demo.library;

    // The editor: an account of no organisation, named platform-wide.
    let e = lib.editor.as_ref().unwrap();
    assert_eq!(e.email, "redaktion@ablauf.example");
    let editor = store.find_user_by_email(&e.email).await.unwrap().unwrap();
    assert!(!editor.is_operator);
    assert!(ablauf_app::password::verify(
        PASSWORD,
        editor.password_hash.as_deref()
    ));
    assert!(store.is_library_editor(editor.id).await.unwrap());
    assert!(!store.has_active_membership(editor.id).await.unwrap());
    let editors: Vec<String> = store
        .list_library_editors()
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.email)
        .collect();
    // The organisations' files name library editors too.
    assert!(editors.contains(&"redaktion@landkreis-elbtal.example".to_owned()));

    // At least 30 templates, one per `[[template]]`, released by the editor
    // from proposals the organisations' modellers made.
    let templates = store.list_templates().await.unwrap();
    assert!(templates.len() >= 30, "{} templates", templates.len());
    assert_eq!(templates.len(), lib.templates.len());
    let orgs = store.list_organizations().await.unwrap();
    let org_named = |dir: &str| {
        let name = &demo
            .organisations
            .iter()
            .find(|o| o.dir == dir)
            .unwrap()
            .organisation
            .name;
        orgs.iter().find(|o| &o.name == name).unwrap().clone()
    };
    let mut people: Vec<String> = Vec::new();
    for o in &demo.organisations {
        people.extend(o.organisation.people.iter().map(|p| p.name.clone()));
    }
    for t in &lib.templates {
        let row = templates
            .iter()
            .find(|r| r.name == t.process)
            .unwrap_or_else(|| panic!("no template „{}“", t.process));
        assert_eq!(
            row.source_organization_id,
            Some(org_named(&t.organisation).id),
            "{}",
            t.process
        );
        let versions = store.template_versions(row.id).await.unwrap();
        let first = versions
            .iter()
            .find(|v| (v.major, v.minor) == (1, 0))
            .unwrap();
        for v in &versions {
            assert_eq!(v.released_by, Some(editor.id), "{}", t.process);
            let c = content(&v.content).unwrap();
            assert!(c.step_count() >= 6, "{}", t.process);
            // Organisation-neutral: roles, no ids, and no personal data.
            for role in c.roles() {
                assert!(uuid::Uuid::parse_str(&role).is_err(), "{}", t.process);
            }
            let found = ablauf_library::personal::check(&c, &people);
            assert!(found.is_empty(), "{}: {found:?}", t.process);
        }
        let proposal = store
            .get_proposal(first.proposal_id.unwrap())
            .await
            .unwrap();
        assert_eq!(proposal.state, ProposalState::Released);
        assert_ne!(proposal.created_by, Some(editor.id), "four eyes");
        assert!(!proposal.note.is_empty());
    }
    let renamed = templates
        .iter()
        .find(|t| t.name == "Anmeldung einer Wohnung")
        .unwrap();
    let c = content(
        &store
            .get_template_version(renamed.id, (1, 0))
            .await
            .unwrap()
            .content,
    )
    .unwrap();
    assert_eq!(c.profile.responsible_role.as_deref(), Some("Meldebehörde"));
    assert!(c.roles().contains(&"Bürgerbüro".to_owned()));
    assert_eq!(renamed.suits, "stadt gemeinde kreisfreie_stadt");

    // One proposal waits, with the editor's question.
    let queue = ablauf_app::library::review::queue(&store).await.unwrap();
    assert_eq!(queue.len(), 1);
    let waiting = &queue[0];
    assert_eq!(waiting.state, ProposalState::Open);
    assert_eq!(waiting.organization_name, "Gemeinde Beispielheim");
    assert_eq!(waiting.name, "Posteingang");
    assert!(!waiting.note.is_empty());
    let comments = store.proposal_comments(waiting.id).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].author_id, Some(editor.id));
    assert!(comments[0].body.contains('?'));

    // Musterstadt adopted 1.0 of a template that has 1.1 by now.
    let u = lib.update.as_ref().unwrap();
    let stadt = org_named(&u.adopter);
    let notices = store.update_notices(stadt.id).await.unwrap();
    assert_eq!(notices.len(), 1);
    let n = &notices[0];
    assert_eq!(n.template_name, u.template);
    assert_eq!((n.major, n.minor, n.new_major, n.new_minor), (1, 0, 1, 1));
    let lineage = store
        .get_lineage(stadt.id, n.process_id)
        .await
        .unwrap()
        .unwrap();
    assert!(lineage.adopted);
    let (row, _) = store.get_process(stadt.id, n.process_id).await.unwrap();
    // Adopted as the wizard adopts: the responsible role became a unit of
    // Musterstadt's; no person travels with a template.
    assert!(row.org_unit_id.is_some() && row.owner_id.is_none());
    // The source is linked to the new version; nobody else is behind.
    for o in &orgs {
        if o.id != stadt.id {
            assert!(store.update_notices(o.id).await.unwrap().is_empty());
        }
    }
    // The three-way comparison as the update page makes it: the adopted
    // version (1.0) and the new one (1.1) in Musterstadt's terms (its
    // mapping), and its process today.
    let map = mapping(&lineage.mapping);
    let mut localised = Vec::new();
    for v in [(1, 0), (1, 1)] {
        let json = store
            .get_template_version(n.template_id, v)
            .await
            .unwrap()
            .content;
        localised.push(localise(&content(&json).unwrap(), &map));
    }
    let (base, theirs) = (&localised[0], &localised[1]);
    let (_, today) = store.get_process(stadt.id, n.process_id).await.unwrap();
    let ours = (
        today.profile(),
        BlockModel::from_json(today.model.as_deref().unwrap()).unwrap(),
    );
    let update = compare(
        (&base.0, &base.1),
        (&theirs.0, &theirs.1),
        (&ours.0, &ours.1),
    );
    let conflicts: Vec<&str> = update
        .changes
        .iter()
        .filter(|c| c.conflict)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(conflicts, ["s6.processingMinutes"], "{update:#?}");
    let mut offered: Vec<&str> = update
        .changes
        .iter()
        .filter(|c| !c.conflict)
        .map(|c| c.id.as_str())
        .collect();
    offered.sort();
    assert_eq!(
        offered,
        ["s5.label", "s5.processingMinutes", "s9.notes"],
        "{update:#?}"
    );
    // Musterstadt's own label change is no change of the template's: kept.
    assert_eq!(diff(&base.1, &ours.1).changed, ["s2", "s6"]);

    // Beispielheim's map holds only its own processes: nothing adopted.
    let heim = org_named("gemeinde-beispielheim");
    let own = demo
        .organisations
        .iter()
        .find(|o| o.dir == "gemeinde-beispielheim")
        .unwrap()
        .register
        .processes
        .len();
    let rows = store
        .list_processes(heim.id, &RegisterFilter::default())
        .await
        .unwrap();
    assert_eq!(rows.len(), own);
    close(store, path).await;
}

#[tokio::test]
async fn a_personal_name_in_a_proposed_text_stops_the_seed_with_the_template() {
    let mut files: Vec<(&str, String)> = Demo::files()
        .iter()
        .map(|(p, t)| (*p, (*t).to_owned()))
        .collect();
    let file = files
        .iter_mut()
        .find(|f| f.0 == "landkreis-elbtal/models/wohngeld.json")
        .unwrap();
    file.1 = file.1.replacen(
        "\"label\": \"E-Akte anlegen\"",
        "\"label\": \"E-Akte anlegen (Frau Hoffmann)\"",
        1,
    );
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let demo = Demo::from_files(&files).unwrap();
    let (store, path) = scratch().await;
    let e = format!("{:#}", demo.seed(&store, Content::Full).await.unwrap_err());
    close(store, path).await;
    assert!(
        e.starts_with("library.toml: template „Wohngeld“ of landkreis-elbtal: personal data: "),
        "{e}"
    );
    assert!(e.contains("Frau Hoffmann"), "{e}");
}
