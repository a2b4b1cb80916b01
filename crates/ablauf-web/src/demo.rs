//! Demo content for a laptop start (`ablauf serve --demo`) and for tests:
//! an operator, three organisations of different kinds with org-unit trees,
//! pay grades and people in every role. Written for Ablauf; all names are
//! invented. Every demo account's password is `demo`.

use ablauf_domain::{HourlyRate, OrgKind, Role};
use ablauf_store::{Actor, NewAccount, OrgId, Store, UnitInput};

use ablauf_app::password;

pub const PASSWORD: &str = "demo";
pub const OPERATOR: &str = "betreiber@ablauf.example";

/// A unit and its sub-units: (name, short name, children).
struct Unit(&'static str, &'static str, &'static [Unit]);

struct DemoOrg {
    name: &'static str,
    kind: OrgKind,
    /// (e-mail, name, role, library editor)
    people: &'static [(&'static str, &'static str, Role, bool)],
    units: &'static [Unit],
    grades: &'static [(&'static str, &'static str)],
}

const TVOED_GRADES: &[(&str, &str)] = &[
    ("E 5", "46,90"),
    ("E 6", "49,30"),
    ("E 8", "53,80"),
    ("E 9a", "57,40"),
    ("E 9b", "61,20"),
    ("E 9c", "64,50"),
    ("E 10", "67,10"),
    ("E 11", "72,60"),
    ("E 12", "77,90"),
    ("E 13", "81,30"),
    ("A 9", "59,70"),
    ("A 11", "70,20"),
    ("A 13", "84,80"),
];

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        name: "Stadt Musterstadt",
        kind: OrgKind::Stadt,
        people: &[
            (
                "admin@musterstadt.example",
                "Petra Adler",
                Role::Administrator,
                false,
            ),
            (
                "modellierer@musterstadt.example",
                "Jonas Becker",
                Role::Modellierer,
                false,
            ),
            (
                "betrachter@musterstadt.example",
                "Aylin Demir",
                Role::Betrachter,
                false,
            ),
            (
                "lotse@ablauf.example",
                "Frieda Lotz",
                Role::Modellierer,
                false,
            ),
        ],
        units: &[
            Unit(
                "Dezernat I – Verwaltung und Finanzen",
                "Dez. I",
                &[
                    Unit(
                        "Hauptamt",
                        "10",
                        &[
                            Unit("Sachgebiet Personal", "10.1", &[]),
                            Unit("Sachgebiet Organisation und IT", "10.2", &[]),
                        ],
                    ),
                    Unit(
                        "Kämmerei",
                        "20",
                        &[
                            Unit("Sachgebiet Haushalt", "20.1", &[]),
                            Unit("Stadtkasse", "20.2", &[]),
                        ],
                    ),
                ],
            ),
            Unit(
                "Dezernat II – Ordnung und Bürgerdienste",
                "Dez. II",
                &[
                    Unit(
                        "Ordnungsamt",
                        "32",
                        &[
                            Unit("Sachgebiet Gewerbe", "32.1", &[]),
                            Unit("Sachgebiet Verkehrsüberwachung", "32.2", &[]),
                        ],
                    ),
                    Unit(
                        "Bürgeramt",
                        "33",
                        &[
                            Unit("Sachgebiet Meldewesen", "33.1", &[]),
                            Unit("Sachgebiet Pass- und Ausweiswesen", "33.2", &[]),
                        ],
                    ),
                    Unit("Standesamt", "34", &[]),
                ],
            ),
            Unit(
                "Dezernat III – Bau und Umwelt",
                "Dez. III",
                &[
                    Unit("Bauordnungsamt", "63", &[]),
                    Unit("Tiefbauamt", "66", &[]),
                    Unit("Umweltamt", "70", &[]),
                ],
            ),
        ],
        grades: TVOED_GRADES,
    },
    DemoOrg {
        name: "Landkreis Elbtal",
        kind: OrgKind::Landkreis,
        people: &[
            (
                "admin@landkreis-elbtal.example",
                "Carsten Wolf",
                Role::Administrator,
                false,
            ),
            (
                "modellierer@landkreis-elbtal.example",
                "Miriam Hoffmann",
                Role::Modellierer,
                false,
            ),
            (
                "betrachter@landkreis-elbtal.example",
                "Emil Schubert",
                Role::Betrachter,
                false,
            ),
            (
                "redaktion@landkreis-elbtal.example",
                "Sabine Krause",
                Role::Modellierer,
                true,
            ),
            (
                "lotse@ablauf.example",
                "Frieda Lotz",
                Role::Modellierer,
                true,
            ),
        ],
        units: &[
            Unit(
                "Dezernat 1 – Zentrale Dienste",
                "Dez. 1",
                &[
                    Unit("Haupt- und Personalamt", "10", &[]),
                    Unit("Kreiskämmerei", "20", &[]),
                ],
            ),
            Unit(
                "Dezernat 2 – Ordnung und Verkehr",
                "Dez. 2",
                &[
                    Unit(
                        "Straßenverkehrsamt",
                        "36",
                        &[
                            Unit("Sachgebiet Zulassung", "36.1", &[]),
                            Unit("Sachgebiet Fahrerlaubnis", "36.2", &[]),
                        ],
                    ),
                    Unit("Ausländerbehörde", "37", &[]),
                    Unit("Lebensmittelüberwachungs- und Veterinäramt", "39", &[]),
                ],
            ),
            Unit(
                "Dezernat 3 – Soziales und Jugend",
                "Dez. 3",
                &[Unit("Sozialamt", "50", &[]), Unit("Jugendamt", "51", &[])],
            ),
        ],
        grades: TVOED_GRADES,
    },
    DemoOrg {
        name: "Gemeinde Beispielheim",
        kind: OrgKind::Gemeinde,
        people: &[
            (
                "admin@beispielheim.example",
                "Holger Richter",
                Role::Administrator,
                false,
            ),
            (
                "modellierer@beispielheim.example",
                "Lena Vogel",
                Role::Modellierer,
                false,
            ),
            (
                "betrachter@beispielheim.example",
                "Tobias Franke",
                Role::Betrachter,
                false,
            ),
            (
                "lotse@ablauf.example",
                "Frieda Lotz",
                Role::Modellierer,
                false,
            ),
        ],
        units: &[Unit(
            "Bürgermeister",
            "BM",
            &[
                Unit(
                    "Hauptamt",
                    "HA",
                    &[
                        Unit("Einwohnermeldeamt", "HA 1", &[]),
                        Unit("Gewerbeamt", "HA 2", &[]),
                    ],
                ),
                Unit(
                    "Kämmerei",
                    "KÄ",
                    &[
                        Unit("Steuern und Abgaben", "KÄ 1", &[]),
                        Unit("Gemeindekasse", "KÄ 2", &[]),
                    ],
                ),
                Unit("Bauamt", "BA", &[]),
            ],
        )],
        grades: &[
            ("E 6", "49,30"),
            ("E 8", "53,80"),
            ("E 9a", "57,40"),
            ("E 9c", "64,50"),
            ("E 11", "72,60"),
        ],
    },
];

/// Writes the demo content into an empty instance: organisations, people,
/// structure and (with `processes`) each organisation's process register
/// from [`crate::demo_processes`] with the building-block models of
/// [`crate::demo_models`]. Does nothing when the instance already
/// has organisations (a restart with `--demo`). Tests seed without
/// processes so that each test starts from a small, known register.
pub async fn seed(store: &Store) -> anyhow::Result<bool> {
    seed_with(store, false).await
}

/// [`seed`], with the demo processes when `processes` is true
/// (`ablauf serve --demo`).
pub async fn seed_with(store: &Store, processes: bool) -> anyhow::Result<bool> {
    if store.count_organizations().await? > 0 {
        return Ok(false);
    }
    let actor = Actor::system("Demo-Inhalte");
    if processes {
        // The services the demo processes name, so that picking and
        // filtering by service work before the real catalogue is imported.
        store
            .import_services(&actor, &crate::demo_processes::services())
            .await?;
    }
    // One hash for all demo accounts keeps the start quick; they share the
    // well-known password anyway.
    let hash = password::hash_blocking(PASSWORD.to_owned()).await?;
    store
        .create_operator(&actor, OPERATOR, "Bernd Betrieb", &hash)
        .await?;
    for o in ORGS {
        let (admin_email, admin_name, _, _) = o.people[0];
        let (org, _) = store
            .create_organization(
                &actor,
                o.name,
                o.kind,
                NewAccount {
                    email: admin_email,
                    display_name: admin_name,
                    password_hash: Some(&hash),
                },
            )
            .await?;
        for &(email, name, role, editor) in &o.people[1..] {
            store
                .add_member(
                    &actor,
                    org.id,
                    NewAccount {
                        email,
                        display_name: name,
                        password_hash: Some(&hash),
                    },
                    role,
                    editor,
                )
                .await?;
        }
        seed_units(store, &actor, org.id, None, o.units).await?;
        for (name, rate) in o.grades {
            store
                .create_pay_grade(&actor, org.id, name, HourlyRate::parse(rate)?)
                .await?;
        }
        if processes {
            crate::demo_processes::seed(store, &actor, org.id, o.kind).await?;
            crate::demo_models::seed_models(store, org.id).await?;
        }
    }
    Ok(true)
}

async fn seed_units(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    parent: Option<uuid::Uuid>,
    units: &[Unit],
) -> anyhow::Result<()> {
    for Unit(name, short, children) in units {
        let u = store
            .create_org_unit(
                actor,
                org,
                &UnitInput {
                    parent_id: parent,
                    name: (*name).to_owned(),
                    short_name: (*short).to_owned(),
                },
            )
            .await?;
        Box::pin(seed_units(store, actor, org, Some(u.id), children)).await?;
    }
    Ok(())
}
