//! Demo content for the process register: for each demo organisation a
//! process map, the organisation's catalogues (Fachverfahren, legal bases,
//! external parties, documents) and 30+ processes with complete profiles
//! (Steckbriefe) across the whole life cycle, some with several versions
//! and some released.
//!
//! Written for Ablauf. All product names, people and identifiers are
//! invented; laws are cited by name and paragraph. Where a process produces
//! a service of the federal catalogue (LeiKa), the profile names it by key,
//! and the demo's small service catalogue ([`services`]) holds those
//! services, so that picking and filtering by service work in the demo.
//!
//! The data are tables: [`OrgData`] per kind of organisation, one
//! [`Proc`] per process. References between them are by name; the tests at
//! the end check that every name resolves.

use std::collections::HashMap;

use ablauf_domain::OrgKind;
use ablauf_domain::process::{Criticality, ProcessType, Profile, Status};
use ablauf_domain::service::{LeikaKey, Service};
use ablauf_store::{Actor, OrgId, Save, Store};
use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use uuid::Uuid;

use Criticality::{Hoch, Kritisch};
use ProcessType::{Fuehrung, Kern, Unterstuetzung};
use Status::{Analysiert, Dokumentiert, Identifiziert, Modelliert, Optimiert};

/// A service of the federal catalogue (LeiKa): key, name, OZG service,
/// Themenfeld and Lebenslage.
#[derive(Clone, Copy)]
struct Svc {
    key: &'static str,
    name: &'static str,
    ozg: &'static str,
    themenfeld: &'static str,
    lebenslage: &'static str,
}

/// One process of the demo register.
#[derive(Clone, Copy)]
struct Proc {
    /// Name of the area of the process map.
    area: &'static str,
    identifier: &'static str,
    name: &'static str,
    description: &'static str,
    /// The rougher description of the first version (several versions
    /// only); empty: the first sentence of `description`.
    draft: &'static str,
    kind: ProcessType,
    /// Local part of the owner's e-mail address (`modellierer`, `admin`, …).
    owner: &'static str,
    unit: &'static str,
    units: &'static [&'static str],
    trigger: &'static str,
    result: &'static str,
    parties: &'static [&'static str],
    applicant: bool,
    legal: &'static [&'static str],
    cases: u32,
    deadline: &'static str,
    it: &'static [&'static str],
    docs: &'static [&'static str],
    level: u8,
    keywords: &'static [&'static str],
    criticality: Criticality,
    downtime: &'static str,
    valid_from: (i32, u32, u32),
    service: Option<Svc>,
    status: Status,
    /// How many versions to write (1–3); the earlier ones are less complete.
    versions: u8,
    release: bool,
    /// The change note of the last version.
    note: &'static str,
}

const P: Proc = Proc {
    area: "",
    identifier: "",
    name: "",
    description: "",
    draft: "",
    kind: Kern,
    owner: "modellierer",
    unit: "",
    units: &[],
    trigger: "",
    result: "",
    parties: &[],
    applicant: true,
    legal: &[],
    cases: 0,
    deadline: "",
    it: &[],
    docs: &[],
    level: 0,
    keywords: &[],
    criticality: Criticality::Normal,
    downtime: "",
    valid_from: (2024, 1, 1),
    service: None,
    status: Dokumentiert,
    versions: 1,
    release: false,
    note: "",
};

/// (name, detail)
type Entry = (&'static str, &'static str);
/// (name, detail, link)
type Law = (&'static str, &'static str, &'static str);

/// Everything the demo writes for one kind of organisation.
struct OrgData {
    /// (area, parent area); parents come before their children.
    areas: &'static [(&'static str, Option<&'static str>)],
    it_systems: &'static [Entry],
    legal_bases: &'static [Law],
    external_parties: &'static [Entry],
    documents: &'static [Entry],
    processes: &'static [Proc],
}

fn data(kind: OrgKind) -> Option<&'static OrgData> {
    match kind {
        OrgKind::Stadt => Some(&STADT),
        OrgKind::Landkreis => Some(&LANDKREIS),
        OrgKind::Gemeinde => Some(&GEMEINDE),
        _ => None,
    }
}

/// The services the demo processes produce, once each and in key order:
/// the demo's service catalogue.
pub fn services() -> Vec<Service> {
    let mut by_key: std::collections::BTreeMap<&str, Svc> = Default::default();
    for d in [&STADT, &LANDKREIS, &GEMEINDE] {
        for s in d.processes.iter().filter_map(|p| p.service) {
            by_key.entry(s.key).or_insert(s);
        }
    }
    by_key
        .into_values()
        .filter_map(|s| {
            Some(Service {
                key: LeikaKey::parse(s.key)?,
                name: s.name.to_owned(),
                typisierung: String::new(),
                legal_basis: String::new(),
                ozg_id: String::new(),
                ozg_service: s.ozg.to_owned(),
                lebenslage: s.lebenslage.to_owned(),
                themenfeld: s.themenfeld.to_owned(),
            })
        })
        .collect()
}

/// The profile of a process as its version `step` of `versions` shows it:
/// the first version of a process with history is a rough inventory entry,
/// a middle version lacks the technical details, the last one is complete.
fn profile(p: &Proc, step: u8, ids: &Ids, owner: Option<Uuid>) -> anyhow::Result<Profile> {
    let unit = |name: &str| -> anyhow::Result<Uuid> {
        ids.units
            .get(name)
            .copied()
            .ok_or_else(|| anyhow!("demo process {:?}: unknown org unit {name:?}", p.name))
    };
    let entries = |kind: &str, names: &[&str]| -> anyhow::Result<Vec<Uuid>> {
        names
            .iter()
            .map(|n| {
                ids.catalog
                    .get(&(kind.to_owned(), (*n).to_owned()))
                    .copied()
                    .ok_or_else(|| anyhow!("demo process {:?}: unknown {kind} entry {n:?}", p.name))
            })
            .collect()
    };
    let description = if step == 1 && p.versions > 1 {
        if p.draft.is_empty() {
            first_sentence(p.description).to_owned()
        } else {
            p.draft.to_owned()
        }
    } else {
        p.description.to_owned()
    };
    let mut profile = Profile {
        name: p.name.to_owned(),
        identifier: p.identifier.to_owned(),
        description,
        process_type: Some(p.kind),
        owner_id: owner,
        org_unit_id: Some(unit(p.unit)?),
        trigger: p.trigger.to_owned(),
        result: p.result.to_owned(),
        applicant_involved: p.applicant,
        valid_from: NaiveDate::from_ymd_opt(p.valid_from.0, p.valid_from.1, p.valid_from.2),
        ..Default::default()
    };
    if step == 1 && p.versions > 1 {
        return Ok(profile);
    }
    if let Some(s) = p.service {
        profile.service_key = Some(s.key.to_owned());
        profile.service_name = s.name.to_owned();
        profile.ozg_service = s.ozg.to_owned();
        profile.themenfeld = s.themenfeld.to_owned();
        profile.lebenslage = s.lebenslage.to_owned();
    }
    profile.participating_units = p
        .units
        .iter()
        .map(|u| unit(u))
        .collect::<anyhow::Result<_>>()?;
    profile.external_parties = entries("external_party", p.parties)?;
    profile.legal_bases = entries("legal_basis", p.legal)?;
    profile.statutory_deadline = p.deadline.to_owned();
    profile.keywords = p.keywords.iter().map(|k| (*k).to_owned()).collect();
    profile.criticality = p.criticality;
    profile.max_downtime = p.downtime.to_owned();
    if step < p.versions {
        // The middle version: documented, not yet measured.
        profile.digitisation_level = Some(p.level.saturating_sub(1));
        return Ok(profile);
    }
    profile.cases_per_year = (p.cases > 0).then_some(p.cases);
    profile.it_systems = entries("it_system", p.it)?;
    profile.documents = entries("document", p.docs)?;
    profile.digitisation_level = Some(p.level);
    Ok(profile)
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

/// Status and change note of version `step` of `versions`.
fn step_status(p: &Proc, step: u8) -> (Status, &'static str) {
    match (p.versions - step, step) {
        (0, 1) if p.note.is_empty() => (p.status, "Steckbrief erfasst"),
        (0, _) if p.note.is_empty() => (p.status, "Steckbrief überarbeitet"),
        (0, _) => (p.status, p.note),
        (_, 1) => (Identifiziert, "In der Prozessinventur erfasst"),
        _ => (
            Dokumentiert,
            "Steckbrief mit dem Fachbereich abgestimmt und um Beteiligte und Rechtsgrundlagen ergänzt",
        ),
    }
}

/// Ids of what the seed created or found, by name.
struct Ids {
    units: HashMap<String, Uuid>,
    areas: HashMap<String, Uuid>,
    /// (kind, name)
    catalog: HashMap<(String, String), Uuid>,
    /// Local part of the e-mail address → user id.
    people: HashMap<String, Uuid>,
}

/// Writes the process map, catalogues and processes of one demo
/// organisation. Called once, right after its people, org units and pay
/// grades exist. Kinds without demo processes are left alone.
pub async fn seed(store: &Store, actor: &Actor, org: OrgId, kind: OrgKind) -> anyhow::Result<()> {
    let Some(d) = data(kind) else {
        return Ok(());
    };
    let mut ids = Ids {
        units: store
            .list_org_units(org)
            .await?
            .into_iter()
            .map(|u| (u.name, u.id))
            .collect(),
        areas: HashMap::new(),
        catalog: HashMap::new(),
        people: store
            .list_members(org)
            .await?
            .into_iter()
            .filter_map(|m| {
                let local = m.email.split('@').next()?.to_owned();
                Some((local, m.user_id.0))
            })
            .collect(),
    };
    for &(name, parent) in d.areas {
        let parent = match parent {
            Some(p) => Some(
                *ids.areas
                    .get(p)
                    .ok_or_else(|| anyhow!("demo area {name:?}: unknown parent {p:?}"))?,
            ),
            None => None,
        };
        let area = store.create_area(actor, org, parent, name).await?;
        ids.areas.insert(name.to_owned(), area.id);
    }
    let entries = d
        .it_systems
        .iter()
        .map(|&(n, detail)| ("it_system", n, detail, ""))
        .chain(
            d.legal_bases
                .iter()
                .map(|&(n, detail, link)| ("legal_basis", n, detail, link)),
        )
        .chain(
            d.external_parties
                .iter()
                .map(|&(n, detail)| ("external_party", n, detail, "")),
        )
        .chain(
            d.documents
                .iter()
                .map(|&(n, detail)| ("document", n, detail, "")),
        );
    for (k, name, detail, link) in entries {
        let e = store
            .create_catalog_entry(actor, org, k, name, detail, link)
            .await
            .with_context(|| format!("demo catalogue entry {name:?}"))?;
        ids.catalog.insert((k.to_owned(), name.to_owned()), e.id);
    }
    for p in d.processes {
        let owner =
            Some(*ids.people.get(p.owner).ok_or_else(|| {
                anyhow!("demo process {:?}: unknown owner {:?}", p.name, p.owner)
            })?);
        let area = Some(
            *ids.areas
                .get(p.area)
                .ok_or_else(|| anyhow!("demo process {:?}: unknown area {:?}", p.name, p.area))?,
        );
        let mut row = None;
        for step in 1..=p.versions.max(1) {
            let (status, note) = step_status(p, step);
            let save = Save {
                area_id: area,
                status,
                profile: profile(p, step, &ids, owner)?,
                note: note.to_owned(),
            };
            debug_assert!(save.profile.validate().is_empty(), "{}", p.name);
            row = Some(match row {
                None => store.create_process(actor, org, &save).await?,
                Some(r) => {
                    let r: ablauf_store::ProcessRow = r;
                    store
                        .save_process(actor, org, r.id, r.version, &save)
                        .await?
                }
            });
        }
        if let Some(r) = row
            && p.release
        {
            store.release_process(actor, org, r.id, r.version).await?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Stadt Musterstadt

const STADT: OrgData = OrgData {
    areas: &[
        ("Führungsprozesse", None),
        ("Kernprozesse", None),
        ("Bürgerdienste", Some("Kernprozesse")),
        ("Ordnung und Gewerbe", Some("Kernprozesse")),
        ("Bauen und Umwelt", Some("Kernprozesse")),
        ("Finanzen und Steuern", Some("Kernprozesse")),
        ("Unterstützungsprozesse", None),
        ("Personal", Some("Unterstützungsprozesse")),
        ("Zentrale Dienste und IT", Some("Unterstützungsprozesse")),
        ("Haushalt und Kasse", Some("Unterstützungsprozesse")),
    ],
    it_systems: &[
        (
            "Aktenfluss",
            "E-Akte und Vorgangsbearbeitung, stadtweit im Einsatz",
        ),
        (
            "Einwohnerkompass",
            "Melderegister und Fachverfahren Meldewesen",
        ),
        (
            "Ausweisbrücke",
            "Pass- und Ausweisverfahren mit Anbindung an den Ausweishersteller",
        ),
        (
            "Gewerbekontor",
            "Fachverfahren für Gewerbeanzeigen und gewerbliche Erlaubnisse",
        ),
        (
            "Standesbuch",
            "Elektronisches Personenstandsregister und Beurkundung",
        ),
        ("Abgabenkontor", "Veranlagung von Steuern und Abgaben"),
        (
            "Haushaltswerk",
            "Doppisches Haushalts-, Kassen- und Rechnungswesen",
        ),
        (
            "Rechnungsstrom",
            "Eingang, Prüfung und Freigabe elektronischer Rechnungen (XRechnung)",
        ),
        (
            "Sitzungsmappe",
            "Ratsinformationssystem und Sitzungsmanagement",
        ),
        (
            "Personalkompass",
            "Personalverwaltung, Zeitwirtschaft und Urlaubsplanung",
        ),
        (
            "Ticketwerk",
            "IT-Servicedesk für Störungen und Anforderungen",
        ),
        ("Baufolio", "Bauaufsichtsverfahren mit digitaler Bauakte"),
        ("Geoblick", "Geoinformationssystem mit Liegenschaftskarte"),
        (
            "Parkwächter mobil",
            "Verwarn- und Bußgeldverfahren mit mobilen Erfassungsgeräten",
        ),
        (
            "Serviceportal Musterland",
            "Online-Antragsportal des Landes mit Nutzerkonto",
        ),
        ("Fundus", "Verwaltung von Fundsachen mit Online-Suche"),
        (
            "Mängelmelder",
            "Online-Meldungen zu Schäden und Verschmutzungen im Stadtgebiet",
        ),
        ("Vergabekompass", "Bestellwesen und Vergabeplattform"),
        (
            "Wahlkontor",
            "Wählerverzeichnis, Briefwahl und Ergebnisermittlung",
        ),
    ],
    legal_bases: &[
        (
            "Gewerbeordnung (GewO)",
            "§§ 14, 15 – Anzeigepflicht, Empfangsbescheinigung",
            "https://www.gesetze-im-internet.de/gewo/__14.html",
        ),
        (
            "Gaststättengesetz (GastG)",
            "§ 2 – Erlaubnis; § 18 – Sperrzeit",
            "https://www.gesetze-im-internet.de/gastg/__2.html",
        ),
        (
            "Bundesmeldegesetz (BMG)",
            "§§ 17, 19 – An- und Abmeldung, Wohnungsgeberbestätigung; §§ 44 ff. – Auskünfte",
            "https://www.gesetze-im-internet.de/bmg/__17.html",
        ),
        (
            "Personalausweisgesetz (PAuswG)",
            "§ 9 – Ausstellung des Ausweises",
            "https://www.gesetze-im-internet.de/pauswg/__9.html",
        ),
        (
            "Passgesetz (PaßG)",
            "§ 6 – Ausstellung eines Passes",
            "https://www.gesetze-im-internet.de/pa_g_1986/__6.html",
        ),
        (
            "Personenstandsgesetz (PStG)",
            "§§ 11 ff. – Eheschließung; §§ 18 ff. – Geburt; §§ 28 ff. – Sterbefall",
            "https://www.gesetze-im-internet.de/pstg/__11.html",
        ),
        (
            "Bürgerliches Gesetzbuch (BGB)",
            "§§ 965 ff. – Fund",
            "https://www.gesetze-im-internet.de/bgb/__965.html",
        ),
        (
            "Straßenverkehrs-Ordnung (StVO)",
            "§ 45 Abs. 1b – Bewohnerparken; § 46 – Ausnahmegenehmigungen",
            "https://www.gesetze-im-internet.de/stvo_2013/__45.html",
        ),
        (
            "Gesetz über Ordnungswidrigkeiten (OWiG)",
            "§ 56 – Verwarnung; §§ 65 ff. – Bußgeldbescheid",
            "https://www.gesetze-im-internet.de/owig_1968/__56.html",
        ),
        (
            "Straßengesetz des Landes",
            "Sondernutzung öffentlicher Straßen, Straßenreinigungspflicht",
            "",
        ),
        (
            "Sondernutzungssatzung der Stadt",
            "Erlaubnispflicht und Gebühren für Sondernutzungen",
            "",
        ),
        (
            "Straßenreinigungssatzung der Stadt",
            "Reinigungsklassen, Anliegerpflichten, Gebühren",
            "",
        ),
        (
            "Baugesetzbuch (BauGB)",
            "§§ 29–35 – Zulässigkeit von Vorhaben",
            "https://www.gesetze-im-internet.de/bbaug/__29.html",
        ),
        (
            "Landesbauordnung",
            "Bauantrag, Genehmigungsverfahren, Bauvorbescheid",
            "",
        ),
        (
            "Bundesnaturschutzgesetz (BNatSchG)",
            "§ 39 Abs. 5 – Schutzzeit für Gehölze",
            "https://www.gesetze-im-internet.de/bnatschg_2009/__39.html",
        ),
        (
            "Baumschutzsatzung der Stadt",
            "Geschützte Bäume, Genehmigung, Ersatzpflanzung",
            "",
        ),
        (
            "Kommunalabgabengesetz des Landes (KAG)",
            "Erhebung örtlicher Steuern und Gebühren",
            "",
        ),
        (
            "Hundesteuersatzung der Stadt",
            "Steuersätze, An- und Abmeldung, Steuermarken",
            "",
        ),
        (
            "Grundsteuergesetz (GrStG)",
            "§ 25 – Hebesatz; §§ 27, 28 – Festsetzung, Fälligkeit",
            "https://www.gesetze-im-internet.de/grstg_1973/__25.html",
        ),
        (
            "Gewerbesteuergesetz (GewStG)",
            "§ 16 – Hebesatz; § 19 – Vorauszahlungen",
            "https://www.gesetze-im-internet.de/gewstg/__16.html",
        ),
        (
            "Abgabenordnung (AO)",
            "§§ 155 ff. – Steuerfestsetzung",
            "https://www.gesetze-im-internet.de/ao_1977/__155.html",
        ),
        (
            "Verwaltungsvollstreckungsgesetz des Landes",
            "Beitreibung öffentlich-rechtlicher Forderungen",
            "",
        ),
        (
            "Gemeindeordnung des Landes",
            "Sitzungen des Gemeinderats, Haushaltswirtschaft, Anregungen und Beschwerden",
            "",
        ),
        (
            "Kommunalhaushaltsverordnung des Landes",
            "Haushaltsplan, Jahresabschluss, Kassenanordnungen",
            "",
        ),
        (
            "Bundeswahlgesetz (BWahlG)",
            "§§ 8 ff. – Wahlorgane; § 36 – Briefwahl",
            "https://www.gesetze-im-internet.de/bwahlg/__36.html",
        ),
        (
            "Umsatzsteuergesetz (UStG)",
            "§ 14 – Ausstellung von Rechnungen",
            "https://www.gesetze-im-internet.de/ustg_1980/__14.html",
        ),
        (
            "Tarifvertrag für den öffentlichen Dienst (TVöD)",
            "§ 26 – Erholungsurlaub",
            "",
        ),
        (
            "Bundesurlaubsgesetz (BUrlG)",
            "§ 7 – Zeitpunkt, Übertragbarkeit und Abgeltung",
            "https://www.gesetze-im-internet.de/burlg/__7.html",
        ),
        (
            "Allgemeines Gleichbehandlungsgesetz (AGG)",
            "§ 11 – Ausschreibung",
            "https://www.gesetze-im-internet.de/agg/__11.html",
        ),
        (
            "Unterschwellenvergabeordnung (UVgO)",
            "Vergabe von Liefer- und Dienstleistungen unterhalb der EU-Schwellenwerte",
            "",
        ),
        (
            "Dienstanweisung Schriftgut",
            "Posteingang, Registratur, Aufbewahrung und Aussonderung",
            "",
        ),
        (
            "Leitlinie Informationssicherheit der Stadt",
            "Meldewege und Reaktionszeiten bei IT-Störungen",
            "",
        ),
    ],
    external_parties: &[
        (
            "Finanzamt",
            "Empfänger der Gewerbeanzeigen; Messbescheide für Grund- und Gewerbesteuer",
        ),
        (
            "Handwerkskammer",
            "Erhält Gewerbeanzeigen zulassungspflichtiger Handwerke",
        ),
        ("Industrie- und Handelskammer", "Erhält Gewerbeanzeigen"),
        (
            "Statistisches Landesamt",
            "Gewerbe- und Bevölkerungsstatistik",
        ),
        (
            "Polizeidirektion",
            "Amtshilfe, Fundsachen, Verkehrsüberwachung",
        ),
        (
            "Ausweishersteller",
            "Produktion von Personalausweisen und Pässen",
        ),
        (
            "Standesämter anderer Gemeinden",
            "Fortführung von Registereinträgen",
        ),
        (
            "Bestattungsunternehmen",
            "Zeigen Sterbefälle im Auftrag der Angehörigen an",
        ),
        ("Geburtskliniken", "Zeigen Geburten an"),
        (
            "Eigenbetrieb Stadtreinigung",
            "Führt die Straßenreinigung und den Winterdienst aus",
        ),
        (
            "Kommunales Rechenzentrum",
            "Betrieb der Fachverfahren und des Netzes",
        ),
        (
            "Stadtrat",
            "Gewähltes Vertretungsorgan mit seinen Ausschüssen",
        ),
        ("Personalrat", "Mitbestimmung in Personalangelegenheiten"),
        (
            "Lieferanten und Auftragnehmer",
            "Stellen Rechnungen, liefern Waren und Leistungen",
        ),
        (
            "Rechtsaufsichtsbehörde",
            "Prüft Haushaltssatzung und Jahresabschluss",
        ),
        (
            "Versorgungsunternehmen",
            "Leitungsträger, Betreiber der Straßenbeleuchtung",
        ),
    ],
    documents: &[
        (
            "Gewerbeanmeldung (GewA 1)",
            "Amtlicher Vordruck nach Anlage 1 GewAnzV",
        ),
        (
            "Gewerbeummeldung (GewA 2)",
            "Amtlicher Vordruck nach Anlage 2 GewAnzV",
        ),
        (
            "Gewerbeabmeldung (GewA 3)",
            "Amtlicher Vordruck nach Anlage 3 GewAnzV",
        ),
        (
            "Meldebescheinigung",
            "Bescheinigung über die gemeldeten Wohnungen",
        ),
        (
            "Wohnungsgeberbestätigung",
            "Bestätigung des Einzugs durch den Wohnungsgeber",
        ),
        (
            "Meldeformular",
            "Anmeldung oder Abmeldung bei der Meldebehörde",
        ),
        (
            "Lichtbild (biometrisch)",
            "Passbild nach den Vorgaben der Passverordnung",
        ),
        (
            "Personalausweis",
            "Ausweisdokument mit Online-Ausweisfunktion",
        ),
        ("Reisepass", "Elektronischer Reisepass"),
        ("Geburtsurkunde", "Urkunde aus dem Geburtenregister"),
        ("Eheurkunde", "Urkunde aus dem Eheregister"),
        ("Sterbeurkunde", "Urkunde aus dem Sterberegister"),
        ("Fundanzeige", "Angaben zu Fundort, Finder und Gegenstand"),
        ("Antrag", "Allgemeiner Antrag (Papier oder online)"),
        ("Bescheid", "Verwaltungsakt mit Rechtsbehelfsbelehrung"),
        ("Gebührenbescheid", "Festsetzung von Verwaltungsgebühren"),
        ("Steuerbescheid", "Festsetzung einer Steuer"),
        (
            "Bauantrag mit Bauvorlagen",
            "Antrag, Lagepläne, Bauzeichnungen, Baubeschreibung, Nachweise",
        ),
        ("Verwarnung", "Verwarnungsgeldangebot im ruhenden Verkehr"),
        (
            "Rechnung",
            "Rechnung eines Lieferanten, überwiegend als XRechnung",
        ),
        ("Auszahlungsanordnung", "Anordnung an die Stadtkasse"),
        ("Mahnung", "Zahlungserinnerung mit Mahngebühr"),
        (
            "Sitzungsvorlage",
            "Beschlussvorlage für Stadtrat oder Ausschuss",
        ),
        ("Niederschrift", "Protokoll einer Sitzung"),
        (
            "Urlaubsantrag",
            "Antrag auf Erholungsurlaub (Formular im Mitarbeiterportal)",
        ),
        (
            "Stellenausschreibung",
            "Ausschreibungstext mit Anforderungsprofil",
        ),
        ("Bestellung", "Bestellschein an den Lieferanten"),
        ("Vergabevermerk", "Dokumentation des Vergabeverfahrens"),
        (
            "Haushaltsplan",
            "Haushaltssatzung mit Ergebnis- und Finanzhaushalt",
        ),
        (
            "Jahresabschluss",
            "Ergebnis-, Finanz- und Vermögensrechnung mit Anhang",
        ),
        ("Eingangspost", "Briefe, Faxe und E-Mails an die Stadt"),
    ],
    processes: STADT_PROCESSES,
};

const STADT_PROCESSES: &[Proc] = &[
    // Führungsprozesse
    Proc {
        area: "Führungsprozesse",
        identifier: "P-10-001",
        name: "Sitzungsdienst",
        description: "Vorbereitung, Durchführung und Nachbereitung der Sitzungen von Stadtrat und Ausschüssen: Tagesordnung, Einladung, Vorlagenversand, Niederschrift und Bekanntmachung der Beschlüsse. Die Fachämter liefern die Sitzungsvorlagen zu.",
        draft: "Sitzungen des Stadtrats vorbereiten und protokollieren.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Kämmerei", "Ordnungsamt", "Bauordnungsamt"],
        trigger: "Sitzungsplan des Stadtrats; Vorlage eines Fachamts",
        result: "Beschlüsse gefasst, Niederschrift unterzeichnet und veröffentlicht",
        parties: &["Stadtrat"],
        applicant: false,
        legal: &["Gemeindeordnung des Landes"],
        cases: 140,
        deadline: "Einladung mit der Frist der Geschäftsordnung (in der Regel 7 Tage vor der Sitzung)",
        it: &["Sitzungsmappe", "Aktenfluss"],
        docs: &["Sitzungsvorlage", "Niederschrift"],
        level: 3,
        keywords: &["Stadtrat", "Ausschuss", "Beschluss", "Tagesordnung"],
        status: Analysiert,
        versions: 3,
        note: "Bearbeitungszeiten je Sitzung erhoben; Medienbrüche beim Vorlagenversand markiert",
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-20.1-001",
        name: "Aufstellung des Haushaltsplans",
        description: "Die Kämmerei fragt die Mittelanmeldungen der Ämter ab, stimmt sie in Haushaltsgesprächen ab und legt den Entwurf der Haushaltssatzung dem Stadtrat vor. Nach dem Beschluss wird die Satzung der Rechtsaufsicht angezeigt und bekannt gemacht.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Sachgebiet Haushalt",
        units: &["Hauptamt", "Ordnungsamt", "Bürgeramt", "Tiefbauamt"],
        trigger: "Haushaltsrundschreiben der Kämmerei (jährlich im Frühjahr)",
        result: "Beschlossene und bekannt gemachte Haushaltssatzung",
        parties: &["Stadtrat", "Rechtsaufsichtsbehörde"],
        applicant: false,
        legal: &[
            "Gemeindeordnung des Landes",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 1,
        deadline: "Vorlage bei der Rechtsaufsicht spätestens einen Monat vor Beginn des Haushaltsjahres",
        it: &["Haushaltswerk", "Sitzungsmappe"],
        docs: &["Haushaltsplan", "Sitzungsvorlage"],
        level: 2,
        keywords: &["Haushalt", "Doppik", "Haushaltssatzung"],
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-20.1-002",
        name: "Jahresabschluss",
        description: "Aufstellung des doppischen Jahresabschlusses mit Inventur, Abgrenzungen und Rückstellungen. Der Abschluss wird geprüft, vom Stadtrat festgestellt und der Rechtsaufsicht vorgelegt.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Sachgebiet Haushalt",
        units: &["Stadtkasse"],
        trigger: "Ende des Haushaltsjahres",
        result: "Festgestellter Jahresabschluss",
        parties: &["Stadtrat", "Rechtsaufsichtsbehörde"],
        applicant: false,
        legal: &[
            "Gemeindeordnung des Landes",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 1,
        it: &["Haushaltswerk"],
        docs: &["Jahresabschluss"],
        level: 1,
        keywords: &["Jahresabschluss", "Bilanz", "Inventur"],
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-10-002",
        name: "Anregungen und Beschwerden",
        description: "Eingaben von Einwohnerinnen und Einwohnern werden zentral erfasst, dem zuständigen Amt zugewiesen und fristgerecht beantwortet. Wiederkehrende Themen fließen in einen Quartalsbericht an die Verwaltungsspitze.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Bürgeramt", "Ordnungsamt", "Tiefbauamt"],
        trigger: "Eingabe per Brief, E-Mail, Online-Formular oder persönlich",
        result: "Antwort an die Einsenderin oder den Einsender; Eintrag im Beschwerdebericht",
        parties: &["Stadtrat"],
        legal: &["Gemeindeordnung des Landes"],
        cases: 620,
        deadline: "Zwischennachricht nach 2 Wochen (Dienstanweisung)",
        it: &["Aktenfluss", "Mängelmelder"],
        docs: &["Eingangspost"],
        level: 2,
        keywords: &["Beschwerde", "Petition", "Bürgeranliegen"],
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-10-003",
        name: "Durchführung von Wahlen",
        description: "Organisation von Kommunal-, Landtags-, Bundestags- und Europawahlen: Wählerverzeichnis, Wahlbenachrichtigung, Briefwahl, Wahlvorstände und Ergebnisermittlung am Wahlabend.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Hauptamt",
        units: &[
            "Sachgebiet Meldewesen",
            "Sachgebiet Organisation und IT",
            "Sachgebiet Personal",
        ],
        trigger: "Festsetzung des Wahltags",
        result: "Vorläufiges und endgültiges Wahlergebnis festgestellt",
        parties: &["Statistisches Landesamt", "Kommunales Rechenzentrum"],
        legal: &["Bundeswahlgesetz (BWahlG)"],
        cases: 1,
        deadline: "Fristen der jeweiligen Wahlordnung (z. B. Wahlbenachrichtigung bis zum 21. Tag vor der Wahl)",
        it: &["Wahlkontor", "Einwohnerkompass"],
        level: 3,
        keywords: &["Wahl", "Briefwahl", "Wahlvorstand", "Wählerverzeichnis"],
        criticality: Kritisch,
        downtime: "4 Stunden in der Wahlwoche",
        service: Some(BRIEFWAHL),
        status: Modelliert,
        ..P
    },
    // Kernprozesse – Bürgerdienste
    Proc {
        area: "Bürgerdienste",
        identifier: "P-33.1-001",
        name: "Anmeldung einer Wohnung",
        description: "Wer eine Wohnung in Musterstadt bezieht, meldet sich im Bürgeramt oder online an. Die Sachbearbeitung prüft Identität und Wohnungsgeberbestätigung, erfasst den Zuzug im Melderegister und händigt die Meldebescheinigung aus; der neue Wohnort wird auf dem Ausweis vermerkt.",
        draft: "Anmeldung nach Zuzug oder Umzug im Bürgeramt.",
        owner: "modellierer",
        unit: "Sachgebiet Meldewesen",
        units: &["Bürgeramt"],
        trigger: "Einzug in eine Wohnung im Stadtgebiet",
        result: "Wohnung im Melderegister eingetragen, Meldebescheinigung ausgehändigt, Adresse im Ausweis aktualisiert",
        parties: &["Statistisches Landesamt", "Finanzamt"],
        legal: &["Bundesmeldegesetz (BMG)"],
        cases: 4600,
        deadline: "Anmeldung innerhalb von 2 Wochen nach dem Einzug (§ 17 Abs. 1 BMG)",
        it: &["Einwohnerkompass", "Serviceportal Musterland"],
        docs: &[
            "Meldeformular",
            "Wohnungsgeberbestätigung",
            "Meldebescheinigung",
            "Personalausweis",
        ],
        level: 3,
        keywords: &["Umzug", "Zuzug", "Meldewesen", "Wohnsitz"],
        criticality: Hoch,
        downtime: "3 Tage",
        valid_from: (2023, 7, 1),
        service: Some(WOHNSITZ_AN),
        status: Optimiert,
        versions: 3,
        release: true,
        note: "Online-Anmeldung über das Serviceportal eingeführt; Vorsprache nur noch für die Adressänderung im Ausweis",
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-33.1-002",
        name: "Abmeldung einer Wohnung",
        description: "Abmeldung bei Wegzug ins Ausland oder bei Aufgabe einer Nebenwohnung. Das Bürgeramt trägt den Auszug ein und stellt auf Wunsch eine Abmeldebestätigung aus.",
        owner: "modellierer",
        unit: "Sachgebiet Meldewesen",
        trigger: "Wegzug ins Ausland oder Aufgabe einer Nebenwohnung",
        result: "Abmeldung im Melderegister eingetragen, Bestätigung erteilt",
        parties: &["Finanzamt"],
        legal: &["Bundesmeldegesetz (BMG)"],
        cases: 900,
        deadline: "Innerhalb von 2 Wochen nach dem Auszug (§ 17 Abs. 2 BMG)",
        it: &["Einwohnerkompass", "Serviceportal Musterland"],
        docs: &["Meldeformular", "Meldebescheinigung"],
        level: 3,
        keywords: &["Wegzug", "Nebenwohnung", "Meldewesen"],
        service: Some(WOHNSITZ_AB),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-33.1-003",
        name: "Melderegisterauskunft",
        description: "Private und gewerbliche Anfragen nach der Anschrift einer Person werden geprüft und beantwortet, sofern keine Auskunftssperre besteht. Die Gebühr wird vorab erhoben.",
        owner: "modellierer",
        unit: "Sachgebiet Meldewesen",
        units: &["Stadtkasse"],
        trigger: "Schriftliche oder elektronische Anfrage",
        result: "Auskunft erteilt oder abgelehnt, Gebühr vereinnahmt",
        legal: &["Bundesmeldegesetz (BMG)"],
        cases: 7200,
        it: &["Einwohnerkompass", "Serviceportal Musterland"],
        docs: &["Antrag", "Gebührenbescheid"],
        level: 4,
        keywords: &["Auskunft", "Anschrift", "Auskunftssperre"],
        service: Some(MELDEAUSKUNFT),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-33.2-001",
        name: "Personalausweis – Beantragung und Ausgabe",
        description: "Antragstellung im Bürgeramt mit Lichtbild und Fingerabdrücken, Übermittlung an den Ausweishersteller und Ausgabe des fertigen Ausweises mit PIN-Brief. Bei der Ausgabe wird das alte Dokument entwertet.",
        draft: "Beantragung und Ausgabe von Personalausweisen.",
        owner: "modellierer",
        unit: "Sachgebiet Pass- und Ausweiswesen",
        units: &["Stadtkasse"],
        trigger: "Ablauf, Verlust oder Änderung des Ausweises; erstmalige Ausweispflicht mit 16 Jahren",
        result: "Personalausweis ausgehändigt, Gebühr vereinnahmt",
        parties: &["Ausweishersteller"],
        legal: &["Personalausweisgesetz (PAuswG)"],
        cases: 6100,
        it: &["Ausweisbrücke", "Einwohnerkompass"],
        docs: &[
            "Lichtbild (biometrisch)",
            "Personalausweis",
            "Gebührenbescheid",
        ],
        level: 2,
        keywords: &["Ausweis", "eID", "Fingerabdruck"],
        criticality: Hoch,
        downtime: "2 Tage",
        service: Some(PERSO),
        status: Analysiert,
        versions: 2,
        note: "Wartezeiten zwischen Antrag und Abholung gemessen",
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-33.2-002",
        name: "Reisepass – Beantragung und Ausgabe",
        description: "Beantragung eines elektronischen Reisepasses, auf Wunsch im Expressverfahren. Ablauf wie beim Personalausweis, zusätzlich mit Prüfung von Passversagungsgründen.",
        owner: "modellierer",
        unit: "Sachgebiet Pass- und Ausweiswesen",
        units: &["Stadtkasse"],
        trigger: "Antrag der Bürgerin oder des Bürgers",
        result: "Reisepass ausgehändigt",
        parties: &["Ausweishersteller", "Polizeidirektion"],
        legal: &["Passgesetz (PaßG)"],
        cases: 2600,
        it: &["Ausweisbrücke", "Einwohnerkompass"],
        docs: &["Lichtbild (biometrisch)", "Reisepass", "Gebührenbescheid"],
        level: 2,
        keywords: &["Pass", "Reise", "Expresspass"],
        service: Some(PASS),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-33-001",
        name: "Fundsachen",
        description: "Annahme, Verwahrung und Herausgabe von Fundsachen; nach Ablauf der Aufbewahrungsfrist Übergabe an die Finderin oder den Finder oder Versteigerung.",
        owner: "modellierer",
        unit: "Bürgeramt",
        trigger: "Abgabe eines Fundstücks oder Verlustmeldung",
        result: "Fundsache herausgegeben, dem Finder überlassen oder verwertet",
        parties: &["Polizeidirektion"],
        legal: &["Bürgerliches Gesetzbuch (BGB)"],
        cases: 1100,
        deadline: "Aufbewahrung 6 Monate nach Anzeige des Fundes (§ 973 BGB)",
        it: &["Fundus"],
        docs: &["Fundanzeige"],
        level: 3,
        keywords: &["Fundbüro", "Verlust", "Versteigerung"],
        service: Some(FUND),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-34-001",
        name: "Eheschließung – Anmeldung und Trauung",
        description: "Das Standesamt prüft bei der Anmeldung die Ehevoraussetzungen anhand der Urkunden, vereinbart den Trautermin und nimmt die Eheschließung vor. Anschließend wird die Ehe im Eheregister beurkundet.",
        owner: "lotse",
        unit: "Standesamt",
        units: &["Stadtkasse"],
        trigger: "Anmeldung der Eheschließung durch beide Verlobten",
        result: "Ehe geschlossen und beurkundet, Eheurkunden ausgehändigt",
        parties: &["Standesämter anderer Gemeinden"],
        legal: &["Personenstandsgesetz (PStG)"],
        cases: 320,
        deadline: "Trauung innerhalb von 6 Monaten nach der Anmeldung",
        it: &["Standesbuch"],
        docs: &["Geburtsurkunde", "Eheurkunde", "Gebührenbescheid"],
        level: 1,
        keywords: &["Hochzeit", "Trauung", "Ehe"],
        service: Some(EHE),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-34-002",
        name: "Beurkundung einer Geburt",
        description: "Die Geburtskliniken zeigen die Geburten elektronisch an; das Standesamt beurkundet sie im Geburtenregister und stellt die Geburtsurkunden aus. Die Meldebehörde erhält eine Mitteilung.",
        owner: "lotse",
        unit: "Standesamt",
        units: &["Sachgebiet Meldewesen"],
        trigger: "Geburtsanzeige der Klinik oder der Eltern",
        result: "Geburt beurkundet, Urkunden ausgestellt",
        parties: &["Geburtskliniken", "Statistisches Landesamt"],
        legal: &["Personenstandsgesetz (PStG)"],
        cases: 880,
        deadline: "Anzeige binnen einer Woche nach der Geburt (§ 18 PStG)",
        it: &["Standesbuch", "Einwohnerkompass"],
        docs: &["Geburtsurkunde"],
        level: 2,
        keywords: &["Geburt", "Geburtsurkunde", "Namensgebung"],
        service: Some(GEBURT),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-34-003",
        name: "Beurkundung eines Sterbefalls",
        description: "Bestattungsunternehmen oder Angehörige zeigen den Sterbefall an; das Standesamt beurkundet ihn und stellt Sterbeurkunden aus. Ohne Beurkundung kann keine Bestattung stattfinden.",
        owner: "lotse",
        unit: "Standesamt",
        units: &["Sachgebiet Meldewesen"],
        trigger: "Anzeige des Sterbefalls",
        result: "Sterbefall beurkundet, Sterbeurkunden ausgehändigt",
        parties: &["Bestattungsunternehmen", "Statistisches Landesamt"],
        legal: &["Personenstandsgesetz (PStG)"],
        cases: 950,
        deadline: "Anzeige spätestens am dritten auf den Tod folgenden Werktag (§ 28 PStG)",
        it: &["Standesbuch", "Einwohnerkompass"],
        docs: &["Sterbeurkunde"],
        level: 2,
        keywords: &["Sterbefall", "Sterbeurkunde", "Bestattung"],
        criticality: Hoch,
        downtime: "2 Tage",
        service: Some(STERBE),
        status: Analysiert,
        ..P
    },
    // Kernprozesse – Ordnung und Gewerbe
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-32.1-001",
        name: "Gewerbeanmeldung",
        description: "Wer ein Gewerbe beginnt, zeigt dies mit dem Vordruck GewA 1 an. Das Sachgebiet Gewerbe prüft die Anzeige auf Vollständigkeit und Erlaubnispflichten, bestätigt den Empfang und leitet die Daten an die beteiligten Stellen weiter.",
        draft: "Entgegennahme von Gewerbeanmeldungen.",
        owner: "modellierer",
        unit: "Sachgebiet Gewerbe",
        units: &["Stadtkasse"],
        trigger: "Beginn eines stehenden Gewerbes oder einer Zweigniederlassung",
        result: "Gewerbeanzeige registriert, Empfangsbescheinigung erteilt, Datenübermittlung erfolgt",
        parties: &[
            "Finanzamt",
            "Handwerkskammer",
            "Industrie- und Handelskammer",
            "Statistisches Landesamt",
        ],
        legal: &["Gewerbeordnung (GewO)"],
        cases: 650,
        deadline: "Anzeige gleichzeitig mit dem Beginn (§ 14 GewO); Empfangsbescheinigung innerhalb von 3 Tagen (§ 15 GewO)",
        it: &["Gewerbekontor", "Serviceportal Musterland", "Aktenfluss"],
        docs: &[
            "Gewerbeanmeldung (GewA 1)",
            "Gebührenbescheid",
            "Personalausweis",
        ],
        level: 3,
        keywords: &["Gewerbe", "Existenzgründung", "Anzeige", "GewA 1"],
        valid_from: (2023, 1, 1),
        service: Some(GEW_AN),
        status: Optimiert,
        versions: 3,
        release: true,
        note: "Soll-Prozess mit Online-Anzeige und automatischer Weiterleitung an Kammern und Finanzamt",
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-32.1-002",
        name: "Gewerbeabmeldung",
        description: "Entgegennahme der Abmeldung bei Aufgabe eines Gewerbes (GewA 3), Bestätigung und Weiterleitung an die beteiligten Stellen.",
        owner: "modellierer",
        unit: "Sachgebiet Gewerbe",
        trigger: "Aufgabe des Gewerbebetriebs",
        result: "Abmeldung registriert und bestätigt",
        parties: &[
            "Finanzamt",
            "Handwerkskammer",
            "Industrie- und Handelskammer",
            "Statistisches Landesamt",
        ],
        legal: &["Gewerbeordnung (GewO)"],
        cases: 520,
        deadline: "Anzeige gleichzeitig mit der Aufgabe (§ 14 GewO)",
        it: &["Gewerbekontor", "Serviceportal Musterland"],
        docs: &["Gewerbeabmeldung (GewA 3)"],
        level: 3,
        keywords: &["Gewerbe", "Betriebsaufgabe", "GewA 3"],
        service: Some(GEW_AB),
        status: Modelliert,
        versions: 2,
        note: "Ablauf aus der Gewerbeanmeldung übernommen und angepasst",
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-32.1-003",
        name: "Gewerbeummeldung",
        description: "Anzeige einer Verlegung des Betriebs oder einer Änderung der Tätigkeit (GewA 2). Bei Verlegung in eine andere Gemeinde wird dort neu angemeldet.",
        owner: "modellierer",
        unit: "Sachgebiet Gewerbe",
        trigger: "Verlegung oder Änderung des Gewerbes",
        result: "Ummeldung registriert und bestätigt",
        parties: &[
            "Finanzamt",
            "Industrie- und Handelskammer",
            "Statistisches Landesamt",
        ],
        legal: &["Gewerbeordnung (GewO)"],
        cases: 180,
        it: &["Gewerbekontor"],
        docs: &["Gewerbeummeldung (GewA 2)"],
        level: 2,
        keywords: &["Gewerbe", "Verlegung", "GewA 2"],
        service: Some(GEW_UM),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-32.1-004",
        name: "Gaststättenerlaubnis",
        description: "Prüfung von Zuverlässigkeit, Räumen und Unterrichtungsnachweis vor der Erlaubnis zum Ausschank alkoholischer Getränke. Bauordnungsamt und Lebensmittelüberwachung werden beteiligt.",
        owner: "modellierer",
        unit: "Sachgebiet Gewerbe",
        units: &["Bauordnungsamt"],
        trigger: "Antrag auf Gaststättenerlaubnis",
        result: "Erlaubnis erteilt oder versagt",
        parties: &["Polizeidirektion", "Finanzamt"],
        legal: &["Gaststättengesetz (GastG)"],
        cases: 45,
        it: &["Gewerbekontor"],
        docs: &["Antrag", "Bescheid", "Gebührenbescheid"],
        level: 1,
        keywords: &["Gaststätte", "Ausschank", "Konzession"],
        service: Some(GAST),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-32.1-005",
        name: "Sperrzeitverkürzung",
        description: "Gaststätten können für einzelne Anlässe oder dauerhaft eine Verkürzung der Sperrzeit beantragen. Die Entscheidung wägt das öffentliche Bedürfnis gegen den Lärmschutz der Nachbarschaft ab.",
        owner: "modellierer",
        unit: "Sachgebiet Gewerbe",
        units: &["Umweltamt"],
        trigger: "Antrag einer Gaststätte",
        result: "Ausnahme von der Sperrzeit erteilt oder abgelehnt",
        parties: &["Polizeidirektion"],
        legal: &["Gaststättengesetz (GastG)"],
        cases: 30,
        it: &["Gewerbekontor"],
        docs: &["Antrag", "Bescheid", "Gebührenbescheid"],
        level: 1,
        keywords: &["Sperrzeit", "Gaststätte", "Lärmschutz"],
        service: Some(SPERRZEIT),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-66-001",
        name: "Sondernutzung öffentlicher Straßen",
        description: "Erlaubnis für die Nutzung von Straßen und Gehwegen über den Gemeingebrauch hinaus, etwa für Baugerüste, Container, Außengastronomie oder Werbeaufsteller. Tiefbauamt und Verkehrsüberwachung werden beteiligt, die Gebühr nach Satzung festgesetzt.",
        draft: "Genehmigung von Sondernutzungen (Gerüste, Container, Außengastronomie).",
        owner: "modellierer",
        unit: "Tiefbauamt",
        units: &["Sachgebiet Verkehrsüberwachung", "Stadtkasse"],
        trigger: "Antrag auf Sondernutzungserlaubnis",
        result: "Sondernutzungserlaubnis mit Auflagen und Gebührenbescheid",
        parties: &["Polizeidirektion", "Versorgungsunternehmen"],
        legal: &[
            "Straßengesetz des Landes",
            "Sondernutzungssatzung der Stadt",
            "Straßenverkehrs-Ordnung (StVO)",
        ],
        cases: 420,
        it: &["Aktenfluss", "Geoblick", "Serviceportal Musterland"],
        docs: &["Antrag", "Bescheid", "Gebührenbescheid"],
        level: 2,
        keywords: &["Sondernutzung", "Gerüst", "Container", "Außengastronomie"],
        service: Some(SONDERNUTZUNG),
        status: Analysiert,
        versions: 2,
        note: "Beteiligung der Verkehrsüberwachung als eigener Teilprozess beschrieben",
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-32.2-001",
        name: "Bewohnerparkausweis",
        description: "Bewohnerinnen und Bewohner der Parkzonen erhalten einen Ausweis für ihr Fahrzeug. Geprüft werden Hauptwohnsitz und Halterdaten.",
        owner: "modellierer",
        unit: "Sachgebiet Verkehrsüberwachung",
        units: &["Sachgebiet Meldewesen"],
        trigger: "Antrag einer Bewohnerin oder eines Bewohners",
        result: "Bewohnerparkausweis ausgestellt",
        legal: &["Straßenverkehrs-Ordnung (StVO)"],
        cases: 1800,
        deadline: "Gültigkeit längstens ein Jahr, dann Verlängerung",
        it: &["Serviceportal Musterland", "Einwohnerkompass"],
        docs: &["Antrag", "Gebührenbescheid"],
        level: 4,
        keywords: &["Parken", "Bewohnerparken", "Parkzone"],
        service: Some(BEWOHNERPARK),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-32.2-002",
        name: "Verwarnungen im ruhenden Verkehr",
        description: "Der Außendienst erfasst Parkverstöße mit mobilen Geräten; die Verwarnungsgelder werden überwacht und bei Nichtzahlung ins Bußgeldverfahren übergeleitet.",
        owner: "modellierer",
        unit: "Sachgebiet Verkehrsüberwachung",
        units: &["Stadtkasse"],
        trigger: "Feststellung eines Parkverstoßes",
        result: "Verwarnungsgeld bezahlt oder Bußgeldbescheid erlassen",
        parties: &["Polizeidirektion"],
        legal: &[
            "Gesetz über Ordnungswidrigkeiten (OWiG)",
            "Straßenverkehrs-Ordnung (StVO)",
        ],
        cases: 38000,
        deadline: "Verfolgungsverjährung 3 Monate (§ 26 Abs. 3 StVG)",
        it: &["Parkwächter mobil", "Haushaltswerk"],
        docs: &["Verwarnung", "Bescheid"],
        level: 3,
        keywords: &["Falschparken", "Verwarnungsgeld", "Bußgeld"],
        status: Modelliert,
        ..P
    },
    // Kernprozesse – Bauen und Umwelt
    Proc {
        area: "Bauen und Umwelt",
        identifier: "P-66-002",
        name: "Straßenreinigung",
        description: "Planung der Reinigung nach Reinigungsklassen und Bearbeitung von Meldungen über verschmutzte Straßen und Plätze. Der Eigenbetrieb Stadtreinigung führt die Reinigung aus; die Gebühren werden mit dem Grundbesitzabgabenbescheid erhoben.",
        draft: "Straßenreinigung im Stadtgebiet organisieren.",
        owner: "lotse",
        unit: "Tiefbauamt",
        units: &["Umweltamt", "Kämmerei"],
        trigger: "Reinigungsplan; Meldung über den Mängelmelder",
        result: "Straße gereinigt, Meldung geschlossen, Gebühren veranlagt",
        parties: &["Eigenbetrieb Stadtreinigung"],
        legal: &[
            "Straßengesetz des Landes",
            "Straßenreinigungssatzung der Stadt",
            "Kommunalabgabengesetz des Landes (KAG)",
        ],
        cases: 1250,
        it: &["Mängelmelder", "Geoblick", "Abgabenkontor"],
        docs: &["Steuerbescheid"],
        level: 3,
        keywords: &[
            "Straßenreinigung",
            "Kehrplan",
            "Verschmutzung",
            "Reinigungsgebühr",
        ],
        service: Some(STRASSENREINIGUNG),
        status: Analysiert,
        versions: 3,
        note: "Meldungen aus dem Mängelmelder gezählt und Durchlaufzeiten ergänzt",
        ..P
    },
    Proc {
        area: "Bauen und Umwelt",
        identifier: "P-63-001",
        name: "Baugenehmigungsverfahren",
        description: "Eingang und Vollständigkeitsprüfung des Bauantrags, Beteiligung der Fachstellen, bauplanungs- und bauordnungsrechtliche Prüfung und Entscheidung. Das Verfahren wird vollständig in der digitalen Bauakte geführt.",
        owner: "modellierer",
        unit: "Bauordnungsamt",
        units: &["Tiefbauamt", "Umweltamt", "Stadtkasse"],
        trigger: "Eingang eines Bauantrags",
        result: "Baugenehmigung erteilt oder Antrag abgelehnt",
        parties: &["Versorgungsunternehmen"],
        legal: &["Baugesetzbuch (BauGB)", "Landesbauordnung"],
        cases: 380,
        deadline: "Entscheidung innerhalb von 3 Monaten nach Vollständigkeit (Landesbauordnung)",
        it: &["Baufolio", "Geoblick", "Serviceportal Musterland"],
        docs: &["Bauantrag mit Bauvorlagen", "Bescheid", "Gebührenbescheid"],
        level: 3,
        keywords: &[
            "Bauantrag",
            "Baugenehmigung",
            "Bauaufsicht",
            "digitale Bauakte",
        ],
        service: Some(BAUGEN),
        status: Modelliert,
        versions: 2,
        note: "Teilprozess Beteiligung der Fachstellen modelliert",
        ..P
    },
    Proc {
        area: "Bauen und Umwelt",
        identifier: "P-63-002",
        name: "Bauvorbescheid",
        description: "Verbindliche Vorab-Entscheidung über einzelne Fragen eines Bauvorhabens, meist zur planungsrechtlichen Zulässigkeit.",
        owner: "modellierer",
        unit: "Bauordnungsamt",
        units: &["Umweltamt"],
        trigger: "Antrag auf Vorbescheid",
        result: "Vorbescheid erteilt oder abgelehnt",
        legal: &["Baugesetzbuch (BauGB)", "Landesbauordnung"],
        cases: 60,
        it: &["Baufolio", "Geoblick"],
        docs: &["Antrag", "Bescheid", "Gebührenbescheid"],
        level: 2,
        keywords: &["Bauvoranfrage", "Vorbescheid"],
        service: Some(BAUVOR),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Bauen und Umwelt",
        identifier: "P-70-001",
        name: "Baumfällgenehmigung",
        description: "Prüfung von Anträgen auf Fällung geschützter Bäume auf privatem Grund, meist mit Ortsbesichtigung. Die Genehmigung legt Ersatzpflanzungen fest.",
        owner: "lotse",
        unit: "Umweltamt",
        trigger: "Antrag der Grundstückseigentümerin oder des -eigentümers",
        result: "Fällung genehmigt mit Ersatzpflanzung oder abgelehnt",
        legal: &[
            "Baumschutzsatzung der Stadt",
            "Bundesnaturschutzgesetz (BNatSchG)",
        ],
        cases: 240,
        deadline: "Fällung nur vom 1. Oktober bis 28. Februar (§ 39 Abs. 5 BNatSchG)",
        it: &["Aktenfluss", "Geoblick"],
        docs: &["Antrag", "Bescheid"],
        level: 1,
        keywords: &["Baum", "Fällung", "Ersatzpflanzung", "Naturschutz"],
        service: Some(BAUM),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Bauen und Umwelt",
        identifier: "P-66-003",
        name: "Störungsmeldung Straßenbeleuchtung",
        description: "Meldungen über ausgefallene Leuchten werden erfasst, an den Betreiber der Straßenbeleuchtung weitergegeben und bis zur Behebung verfolgt.",
        owner: "lotse",
        unit: "Tiefbauamt",
        trigger: "Meldung über den Mängelmelder, per Telefon oder E-Mail",
        result: "Störung behoben, Meldung geschlossen",
        parties: &["Versorgungsunternehmen"],
        legal: &["Straßengesetz des Landes"],
        cases: 650,
        it: &["Mängelmelder", "Geoblick"],
        level: 4,
        keywords: &["Straßenbeleuchtung", "Leuchte", "Störung"],
        service: Some(LICHT),
        status: Optimiert,
        ..P
    },
    // Kernprozesse – Finanzen und Steuern
    Proc {
        area: "Finanzen und Steuern",
        identifier: "P-20-001",
        name: "Hundesteuer – An- und Abmeldung",
        description: "Hundehalterinnen und -halter melden ihren Hund an oder ab. Die Kämmerei setzt die Hundesteuer fest, gibt die Steuermarke aus und prüft Anträge auf Ermäßigung oder Befreiung.",
        draft: "Hundesteuer veranlagen.",
        owner: "admin",
        unit: "Kämmerei",
        units: &["Stadtkasse", "Bürgeramt"],
        trigger: "Anmeldung eines Hundes; Abmeldung nach Abgabe, Tod oder Wegzug",
        result: "Steuerbescheid erlassen, Steuermarke ausgegeben oder Steuerpflicht beendet",
        legal: &[
            "Hundesteuersatzung der Stadt",
            "Kommunalabgabengesetz des Landes (KAG)",
            "Abgabenordnung (AO)",
        ],
        cases: 900,
        deadline: "An- und Abmeldung innerhalb von 2 Wochen (Hundesteuersatzung)",
        it: &["Abgabenkontor", "Serviceportal Musterland", "Haushaltswerk"],
        docs: &["Antrag", "Steuerbescheid"],
        level: 3,
        keywords: &["Hund", "Hundesteuer", "Steuermarke", "Befreiung"],
        service: Some(HUND),
        status: Optimiert,
        versions: 3,
        release: true,
        note: "Online-Anmeldung mit Datenübernahme ins Abgabenkontor; Bescheid ohne erneute Eingabe",
        ..P
    },
    Proc {
        area: "Finanzen und Steuern",
        identifier: "P-20-002",
        name: "Grundsteuer – Festsetzung",
        description: "Auf Grundlage der Messbescheide des Finanzamts setzt die Kämmerei die Grundsteuer mit dem Hebesatz der Stadt fest und versendet die Jahresbescheide.",
        owner: "admin",
        unit: "Kämmerei",
        units: &["Stadtkasse"],
        trigger: "Grundsteuermessbescheid des Finanzamts; Jahreswechsel",
        result: "Grundsteuerbescheid versandt, Sollstellung in der Stadtkasse",
        parties: &["Finanzamt"],
        applicant: false,
        legal: &["Grundsteuergesetz (GrStG)", "Abgabenordnung (AO)"],
        cases: 24000,
        deadline: "Fälligkeit zum 15.2., 15.5., 15.8. und 15.11. (§ 28 GrStG)",
        it: &["Abgabenkontor", "Haushaltswerk"],
        docs: &["Steuerbescheid"],
        level: 2,
        keywords: &["Grundsteuer", "Hebesatz", "Messbescheid"],
        criticality: Hoch,
        downtime: "1 Woche",
        service: Some(GRUNDST),
        status: Analysiert,
        ..P
    },
    Proc {
        area: "Finanzen und Steuern",
        identifier: "P-20-003",
        name: "Gewerbesteuer – Festsetzung und Vorauszahlungen",
        description: "Festsetzung der Gewerbesteuer und der Vorauszahlungen aus den Messbescheiden des Finanzamts. Anpassungen der Vorauszahlungen auf Antrag der Unternehmen werden geprüft.",
        owner: "admin",
        unit: "Kämmerei",
        units: &["Stadtkasse"],
        trigger: "Gewerbesteuermessbescheid des Finanzamts",
        result: "Gewerbesteuerbescheid erlassen",
        parties: &["Finanzamt"],
        legal: &["Gewerbesteuergesetz (GewStG)", "Abgabenordnung (AO)"],
        cases: 3200,
        deadline: "Vorauszahlungen zum 15.2., 15.5., 15.8. und 15.11. (§ 19 GewStG)",
        it: &["Abgabenkontor", "Haushaltswerk"],
        docs: &["Steuerbescheid"],
        level: 2,
        keywords: &["Gewerbesteuer", "Vorauszahlung", "Messbetrag"],
        service: Some(GEWST),
        status: Dokumentiert,
        ..P
    },
    // Unterstützungsprozesse
    Proc {
        area: "Zentrale Dienste und IT",
        identifier: "P-10-004",
        name: "Posteingang",
        description: "Die zentrale Poststelle öffnet die Papierpost, scannt sie und verteilt sie elektronisch an die Ämter; elektronische Eingänge werden aus dem zentralen Postfach zugeordnet. Wertsendungen und Zustellungen werden gesondert quittiert.",
        draft: "Annahme und Verteilung der Post.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Sachgebiet Organisation und IT"],
        trigger: "Täglicher Posteingang (Papier, E-Mail, Fax, Portal)",
        result: "Eingang gescannt, registriert und dem zuständigen Amt zugestellt",
        applicant: false,
        legal: &["Dienstanweisung Schriftgut"],
        cases: 85000,
        it: &["Aktenfluss"],
        docs: &["Eingangspost"],
        level: 3,
        keywords: &["Post", "Scannen", "Digitalisierung", "Poststelle"],
        criticality: Hoch,
        downtime: "1 Tag",
        status: Optimiert,
        versions: 3,
        release: true,
        note: "Scannen am Eingang statt Kopieren im Amt; Papierumlauf entfällt",
        ..P
    },
    Proc {
        area: "Zentrale Dienste und IT",
        identifier: "P-10.2-001",
        name: "IT-Störungsmanagement",
        description: "Störungen werden über den Servicedesk erfasst, nach Dringlichkeit eingestuft und gelöst oder an das Rechenzentrum weitergegeben. Schwere Störungen werden nach der Sicherheitsleitlinie eskaliert.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Sachgebiet Organisation und IT",
        trigger: "Störungsmeldung einer Beschäftigten oder eines Beschäftigten; Monitoring-Alarm",
        result: "Störung behoben und dokumentiert",
        parties: &["Kommunales Rechenzentrum"],
        applicant: false,
        legal: &["Leitlinie Informationssicherheit der Stadt"],
        cases: 4200,
        it: &["Ticketwerk"],
        level: 4,
        keywords: &["Störung", "Servicedesk", "Ticket", "Notfall"],
        criticality: Kritisch,
        downtime: "4 Stunden",
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Zentrale Dienste und IT",
        identifier: "P-10-005",
        name: "Beschaffung",
        description: "Bedarfe der Ämter werden gebündelt, Angebote nach den Wertgrenzen eingeholt und der Zuschlag dokumentiert. Bis 1.000 Euro genügt der Direktauftrag aus dem Rahmenvertragskatalog.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Kämmerei", "Sachgebiet Organisation und IT"],
        trigger: "Bedarfsmeldung eines Amts",
        result: "Ware oder Leistung bestellt und geliefert, Vergabe dokumentiert",
        parties: &["Lieferanten und Auftragnehmer"],
        applicant: false,
        legal: &[
            "Unterschwellenvergabeordnung (UVgO)",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 1400,
        it: &["Vergabekompass", "Haushaltswerk"],
        docs: &["Bestellung", "Vergabevermerk", "Rechnung"],
        level: 2,
        keywords: &["Einkauf", "Vergabe", "Bestellung", "Rahmenvertrag"],
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Haushalt und Kasse",
        identifier: "P-20.2-001",
        name: "Rechnungseingang und -prüfung",
        description: "Rechnungen gehen als XRechnung oder auf Papier ein, werden erfasst und dem bestellenden Amt zur sachlichen und rechnerischen Prüfung zugewiesen. Nach der Anordnung zahlt die Stadtkasse fristgerecht und unter Nutzung von Skonto.",
        draft: "Prüfung und Bezahlung von Eingangsrechnungen.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Stadtkasse",
        units: &["Hauptamt", "Tiefbauamt", "Sachgebiet Haushalt"],
        trigger: "Eingang einer Rechnung",
        result: "Rechnung geprüft, angeordnet, bezahlt und gebucht",
        parties: &["Lieferanten und Auftragnehmer"],
        applicant: false,
        legal: &[
            "Umsatzsteuergesetz (UStG)",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 24000,
        deadline: "Zahlung innerhalb des Zahlungsziels, spätestens 30 Tage nach Zugang (Verzug nach § 286 Abs. 3 BGB)",
        it: &["Rechnungsstrom", "Haushaltswerk"],
        docs: &["Rechnung", "Auszahlungsanordnung"],
        level: 3,
        keywords: &[
            "Rechnung",
            "XRechnung",
            "sachlich richtig",
            "Skonto",
            "Zahlung",
        ],
        criticality: Hoch,
        downtime: "5 Tage",
        status: Analysiert,
        versions: 3,
        note: "Liegezeiten bis zur sachlichen Prüfung gemessen; Skontoverluste beziffert",
        ..P
    },
    Proc {
        area: "Haushalt und Kasse",
        identifier: "P-20.2-002",
        name: "Mahnung und Vollstreckung",
        description: "Offene Forderungen werden automatisch gemahnt; bleibt die Zahlung aus, leitet die Vollstreckungsstelle Beitreibungsmaßnahmen ein.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Stadtkasse",
        units: &["Kämmerei"],
        trigger: "Fälligkeit ohne Zahlungseingang",
        result: "Forderung beglichen, niedergeschlagen oder vollstreckt",
        legal: &[
            "Verwaltungsvollstreckungsgesetz des Landes",
            "Abgabenordnung (AO)",
        ],
        cases: 5500,
        it: &["Haushaltswerk"],
        docs: &["Mahnung", "Bescheid"],
        level: 2,
        keywords: &["Mahnung", "Vollstreckung", "Forderung"],
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Personal",
        identifier: "P-10.1-001",
        name: "Urlaubsantrag",
        description: "Beschäftigte beantragen Erholungsurlaub im Mitarbeiterportal; die Führungskraft genehmigt unter Berücksichtigung der Vertretung, das Zeitkonto wird automatisch fortgeschrieben.",
        draft: "Urlaub beantragen und genehmigen (Papierformular).",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Sachgebiet Personal",
        trigger: "Urlaubswunsch einer oder eines Beschäftigten",
        result: "Urlaub genehmigt oder abgelehnt, Urlaubskonto aktualisiert",
        applicant: false,
        legal: &[
            "Tarifvertrag für den öffentlichen Dienst (TVöD)",
            "Bundesurlaubsgesetz (BUrlG)",
        ],
        cases: 3800,
        deadline: "Übertragener Urlaub ist bis 31. März, ausnahmsweise bis 31. Mai anzutreten (§ 26 TVöD)",
        it: &["Personalkompass"],
        docs: &["Urlaubsantrag"],
        level: 4,
        keywords: &["Urlaub", "Abwesenheit", "Vertretung", "Zeitkonto"],
        status: Optimiert,
        versions: 2,
        release: true,
        note: "Papierformular durch Antrag im Mitarbeiterportal ersetzt",
        ..P
    },
    Proc {
        area: "Personal",
        identifier: "P-10.1-002",
        name: "Stellenbesetzung",
        description: "Von der Freigabe der Stelle über Ausschreibung, Auswahlgespräche und Beteiligung des Personalrats bis zur Einstellungszusage.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Sachgebiet Personal",
        units: &["Sachgebiet Haushalt"],
        trigger: "Freiwerden oder Neuschaffung einer Stelle",
        result: "Stelle besetzt, Arbeitsvertrag unterschrieben",
        parties: &["Personalrat"],
        legal: &[
            "Allgemeines Gleichbehandlungsgesetz (AGG)",
            "Tarifvertrag für den öffentlichen Dienst (TVöD)",
        ],
        cases: 70,
        it: &["Personalkompass", "Aktenfluss"],
        docs: &["Stellenausschreibung"],
        level: 2,
        keywords: &["Personal", "Ausschreibung", "Bewerbung", "Einstellung"],
        status: Analysiert,
        ..P
    },
    Proc {
        area: "Personal",
        identifier: "P-10.1-003",
        name: "Einarbeitung neuer Beschäftigter",
        description: "Vor dem ersten Arbeitstag werden Arbeitsplatz, Zugänge und Schlüssel bereitgestellt; ein Einarbeitungsplan regelt die ersten Wochen.",
        kind: Unterstuetzung,
        owner: "lotse",
        unit: "Sachgebiet Personal",
        units: &["Sachgebiet Organisation und IT"],
        trigger: "Unterschriebener Arbeitsvertrag",
        result: "Arbeitsfähiger Arbeitsplatz am ersten Tag, Einarbeitung abgeschlossen",
        applicant: false,
        cases: 60,
        it: &["Personalkompass", "Ticketwerk"],
        level: 1,
        keywords: &["Onboarding", "Einarbeitung", "Arbeitsplatz"],
        status: Identifiziert,
        ..P
    },
];

// ---------------------------------------------------------------------------
// Landkreis Elbtal

const LANDKREIS: OrgData = OrgData {
    areas: &[
        ("Führungsprozesse", None),
        ("Kernprozesse", None),
        ("Verkehr und Mobilität", Some("Kernprozesse")),
        ("Ausländerangelegenheiten", Some("Kernprozesse")),
        ("Verbraucherschutz und Veterinärwesen", Some("Kernprozesse")),
        ("Soziales und Jugend", Some("Kernprozesse")),
        ("Bauen und Umwelt", Some("Kernprozesse")),
        ("Unterstützungsprozesse", None),
        ("Personal und Organisation", Some("Unterstützungsprozesse")),
        ("Finanzen", Some("Unterstützungsprozesse")),
    ],
    it_systems: &[
        (
            "Aktenfluss",
            "E-Akte und Vorgangsbearbeitung, kreisweit im Einsatz",
        ),
        (
            "Haushaltswerk",
            "Doppisches Haushalts-, Kassen- und Rechnungswesen",
        ),
        (
            "Rechnungsstrom",
            "Eingang, Prüfung und Freigabe elektronischer Rechnungen (XRechnung)",
        ),
        (
            "Sitzungsmappe",
            "Kreistagsinformationssystem und Sitzungsmanagement",
        ),
        (
            "Personalkompass",
            "Personalverwaltung, Zeitwirtschaft und Urlaubsplanung",
        ),
        (
            "Serviceportal Musterland",
            "Online-Antragsportal des Landes mit Nutzerkonto",
        ),
        ("Vergabekompass", "Bestellwesen und Vergabeplattform"),
        (
            "Kennzeichenwerk",
            "Zulassungsverfahren mit Anbindung an das zentrale Fahrzeugregister",
        ),
        (
            "Führerscheinkontor",
            "Fahrerlaubnisverfahren mit Anbindung an das zentrale Fahrerlaubnisregister",
        ),
        (
            "Aufenthaltsakte",
            "Fachverfahren Ausländer- und Staatsangehörigkeitswesen",
        ),
        (
            "Prüfbuch LÜ",
            "Kontrollplanung und -dokumentation der Lebensmittelüberwachung",
        ),
        (
            "Seuchenlage",
            "Lagebild und Maßnahmenverfolgung bei Tierseuchen",
        ),
        (
            "Sozialwerk",
            "Fachverfahren für Leistungen nach SGB XII und Wohngeld",
        ),
        (
            "Jugendwerk Fallakte",
            "Fachverfahren Jugendhilfe (SGB VIII)",
        ),
        ("Baufolio", "Bauaufsichtsverfahren mit digitaler Bauakte"),
        (
            "Terminlotse",
            "Online-Terminvergabe für Sprechzeiten mit Aufrufanlage",
        ),
    ],
    legal_bases: &[
        (
            "Fahrzeug-Zulassungsverordnung (FZV)",
            "§ 6 – Zulassung; § 13 – Änderungen; § 14 – Außerbetriebsetzung",
            "https://www.gesetze-im-internet.de/fzv_2011/__6.html",
        ),
        (
            "Fahrerlaubnis-Verordnung (FeV)",
            "§§ 21, 22 – Antrag, Verfahren; §§ 23, 24 – Geltungsdauer, Verlängerung",
            "https://www.gesetze-im-internet.de/fev_2010/__21.html",
        ),
        (
            "Straßenverkehrsgesetz (StVG)",
            "§ 2 – Fahrerlaubnis; § 3 – Entziehung",
            "https://www.gesetze-im-internet.de/stvg/__2.html",
        ),
        (
            "Aufenthaltsgesetz (AufenthG)",
            "§§ 5, 7, 8 – Aufenthaltserlaubnis; § 9 – Niederlassungserlaubnis; §§ 66, 68 – Verpflichtungserklärung",
            "https://www.gesetze-im-internet.de/aufenthg_2004/__7.html",
        ),
        (
            "Staatsangehörigkeitsgesetz (StAG)",
            "§§ 8–10 – Einbürgerung",
            "https://www.gesetze-im-internet.de/rustag/__10.html",
        ),
        (
            "Lebensmittel- und Futtermittelgesetzbuch (LFGB)",
            "§§ 38 ff. – Überwachung",
            "https://www.gesetze-im-internet.de/lfgb/__38.html",
        ),
        (
            "Verordnung (EU) 2017/625",
            "Amtliche Kontrollen in der Lebensmittelkette",
            "https://eur-lex.europa.eu/eli/reg/2017/625/oj",
        ),
        (
            "Verordnung (EG) Nr. 852/2004",
            "Art. 6 – Registrierung von Lebensmittelunternehmen",
            "https://eur-lex.europa.eu/eli/reg/2004/852/oj",
        ),
        (
            "Tiergesundheitsgesetz (TierGesG)",
            "Vorbeugung und Bekämpfung von Tierseuchen",
            "https://www.gesetze-im-internet.de/tiergesg/",
        ),
        (
            "Wohngeldgesetz (WoGG)",
            "§§ 22 ff. – Bewilligung, Bewilligungszeitraum",
            "https://www.gesetze-im-internet.de/wogg/__22.html",
        ),
        (
            "Sozialgesetzbuch Zwölftes Buch (SGB XII)",
            "§§ 41 ff. – Grundsicherung; §§ 61 ff. – Hilfe zur Pflege",
            "https://www.gesetze-im-internet.de/sgb_12/__41.html",
        ),
        (
            "Sozialgesetzbuch Achtes Buch (SGB VIII)",
            "§ 8a – Schutzauftrag; § 23 – Kindertagespflege; §§ 27 ff. – Hilfe zur Erziehung; § 59 – Beurkundung",
            "https://www.gesetze-im-internet.de/sgb_8/__8a.html",
        ),
        (
            "Unterhaltsvorschussgesetz (UhVorschG)",
            "§§ 1, 4, 9 – Anspruch, Beschränkung, Verfahren",
            "https://www.gesetze-im-internet.de/uhvorschg/__1.html",
        ),
        (
            "Sozialgesetzbuch Erstes Buch (SGB I)",
            "§ 60 – Mitwirkungspflichten",
            "https://www.gesetze-im-internet.de/sgb_1/__60.html",
        ),
        (
            "Baugesetzbuch (BauGB)",
            "§§ 29–36 – Zulässigkeit von Vorhaben",
            "https://www.gesetze-im-internet.de/bbaug/__29.html",
        ),
        (
            "Landesbauordnung",
            "Bauantrag, Genehmigungsverfahren, Bauüberwachung",
            "",
        ),
        (
            "Landkreisordnung des Landes",
            "Kreistag, Ausschüsse, Haushaltswirtschaft, Kommunalaufsicht",
            "",
        ),
        ("Finanzausgleichsgesetz des Landes", "Kreisumlage", ""),
        (
            "Kommunalhaushaltsverordnung des Landes",
            "Haushaltsplan, Jahresabschluss, Kassenanordnungen",
            "",
        ),
        (
            "Umsatzsteuergesetz (UStG)",
            "§ 14 – Ausstellung von Rechnungen",
            "https://www.gesetze-im-internet.de/ustg_1980/__14.html",
        ),
        (
            "Tarifvertrag für den öffentlichen Dienst (TVöD)",
            "§ 26 – Erholungsurlaub",
            "",
        ),
        (
            "Bundesurlaubsgesetz (BUrlG)",
            "§ 7 – Zeitpunkt, Übertragbarkeit und Abgeltung",
            "https://www.gesetze-im-internet.de/burlg/__7.html",
        ),
        (
            "Allgemeines Gleichbehandlungsgesetz (AGG)",
            "§ 11 – Ausschreibung",
            "https://www.gesetze-im-internet.de/agg/__11.html",
        ),
        (
            "Gesetz gegen Wettbewerbsbeschränkungen (GWB)",
            "§§ 97 ff. – Vergabe öffentlicher Aufträge",
            "https://www.gesetze-im-internet.de/gwb/__97.html",
        ),
        (
            "Dienstanweisung Schriftgut",
            "Posteingang, Registratur, Aufbewahrung und Aussonderung",
            "",
        ),
    ],
    external_parties: &[
        (
            "Kraftfahrt-Bundesamt",
            "Zentrales Fahrzeug- und Fahrerlaubnisregister",
        ),
        (
            "Technische Prüfstelle",
            "Fahrerlaubnisprüfungen und Fahrzeuggutachten",
        ),
        (
            "Fahrschulen",
            "Melden Fahrschülerinnen und Fahrschüler zur Prüfung an",
        ),
        ("Kfz-Versicherer", "Elektronische Versicherungsbestätigung"),
        (
            "Zulassungsdienste",
            "Stellen Anträge im Auftrag von Haltern und Autohäusern",
        ),
        (
            "Bundesamt für Migration und Flüchtlinge",
            "Ausländerzentralregister, Integrationskurse",
        ),
        ("Agentur für Arbeit", "Zustimmung zur Beschäftigung"),
        (
            "Bundeszentralregister",
            "Auskünfte für Einbürgerung und Fahreignung",
        ),
        (
            "Polizeidirektion",
            "Amtshilfe, Sicherheitsabfragen, Mitteilungen über Verkehrsverstöße",
        ),
        (
            "Landesuntersuchungsanstalt",
            "Untersuchung amtlicher Proben",
        ),
        (
            "Tierseuchenkasse",
            "Entschädigungen und Beihilfen für Tierhalter",
        ),
        (
            "Familiengericht",
            "Entscheidungen zum Sorgerecht, Anrufung bei Kindeswohlgefährdung",
        ),
        (
            "Freie Träger der Jugendhilfe",
            "Leisten Hilfen zur Erziehung",
        ),
        (
            "Pflegekasse",
            "Feststellung des Pflegegrads, vorrangige Leistungen",
        ),
        (
            "Deutsche Rentenversicherung",
            "Feststellung der Erwerbsminderung, Renteninformationen",
        ),
        (
            "Kreisangehörige Gemeinden",
            "Gemeindliches Einvernehmen, Kreisumlage, Amtshilfe",
        ),
        (
            "Statistisches Landesamt",
            "Sozial- und Jugendhilfestatistik",
        ),
        (
            "Kreistag",
            "Gewähltes Vertretungsorgan mit seinen Ausschüssen",
        ),
        ("Personalrat", "Mitbestimmung in Personalangelegenheiten"),
        (
            "Lieferanten und Auftragnehmer",
            "Stellen Rechnungen, liefern Waren und Leistungen",
        ),
        ("Landesdirektion", "Rechtsaufsicht über den Landkreis"),
        (
            "Finanzamt",
            "Steuerliche Auskünfte im Einbürgerungs- und Sozialverfahren",
        ),
    ],
    documents: &[
        ("Zulassungsbescheinigung Teil I", "Fahrzeugschein"),
        ("Zulassungsbescheinigung Teil II", "Fahrzeugbrief"),
        (
            "Versicherungsbestätigung (eVB)",
            "Elektronische Versicherungsbestätigung",
        ),
        (
            "Prüfbericht Hauptuntersuchung",
            "Nachweis der letzten Hauptuntersuchung",
        ),
        ("Führerschein", "Kartenführerschein"),
        ("Sehtestbescheinigung", "Nachweis des Sehvermögens"),
        (
            "Nachweis Erste-Hilfe-Schulung",
            "Bescheinigung über die Schulung",
        ),
        (
            "Ärztliches Gutachten",
            "Gutachten zur Fahreignung oder zum Gesundheitszustand",
        ),
        ("Aufenthaltstitel (eAT)", "Elektronischer Aufenthaltstitel"),
        ("Verpflichtungserklärung", "Bundeseinheitlicher Vordruck"),
        (
            "Einbürgerungsurkunde",
            "Urkunde über den Erwerb der deutschen Staatsangehörigkeit",
        ),
        ("Kontrollbericht", "Bericht über eine amtliche Kontrolle"),
        ("Probenahmeprotokoll", "Dokumentation einer amtlichen Probe"),
        ("Antrag", "Allgemeiner Antrag (Papier oder online)"),
        ("Bescheid", "Verwaltungsakt mit Rechtsbehelfsbelehrung"),
        ("Gebührenbescheid", "Festsetzung von Verwaltungsgebühren"),
        (
            "Einkommensnachweise",
            "Lohnabrechnungen, Rentenbescheide, Kontoauszüge",
        ),
        ("Hilfeplan", "Hilfeplan nach § 36 SGB VIII"),
        (
            "Gefährdungseinschätzung",
            "Dokumentation der Risikoeinschätzung nach § 8a SGB VIII",
        ),
        (
            "Urkunde",
            "Beurkundung durch die Urkundsperson des Jugendamts",
        ),
        (
            "Bauantrag mit Bauvorlagen",
            "Antrag, Lagepläne, Bauzeichnungen, Baubeschreibung, Nachweise",
        ),
        (
            "Sitzungsvorlage",
            "Beschlussvorlage für Kreistag oder Ausschuss",
        ),
        ("Niederschrift", "Protokoll einer Sitzung"),
        (
            "Haushaltsplan",
            "Haushaltssatzung mit Ergebnis- und Finanzhaushalt",
        ),
        ("Umlagebescheid", "Festsetzung der Kreisumlage"),
        (
            "Rechnung",
            "Rechnung eines Lieferanten, überwiegend als XRechnung",
        ),
        ("Auszahlungsanordnung", "Anordnung an die Kreiskasse"),
        (
            "Urlaubsantrag",
            "Antrag auf Erholungsurlaub (Formular im Mitarbeiterportal)",
        ),
        (
            "Stellenausschreibung",
            "Ausschreibungstext mit Anforderungsprofil",
        ),
        ("Vergabevermerk", "Dokumentation des Vergabeverfahrens"),
        (
            "Eingangspost",
            "Briefe, Faxe und E-Mails an das Landratsamt",
        ),
    ],
    processes: LANDKREIS_PROCESSES,
};

const LANDKREIS_PROCESSES: &[Proc] = &[
    // Führungsprozesse
    Proc {
        area: "Führungsprozesse",
        identifier: "P-10-001",
        name: "Sitzungsdienst Kreistag",
        description: "Vorbereitung und Nachbereitung der Sitzungen von Kreistag und Ausschüssen, von der Tagesordnung bis zur Veröffentlichung der Beschlüsse.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Haupt- und Personalamt",
        units: &["Kreiskämmerei", "Sozialamt", "Jugendamt"],
        trigger: "Sitzungsplan des Kreistags; Vorlage eines Amts",
        result: "Beschlüsse gefasst, Niederschrift veröffentlicht",
        parties: &["Kreistag"],
        applicant: false,
        legal: &["Landkreisordnung des Landes"],
        cases: 90,
        deadline: "Einladung mit der Frist der Geschäftsordnung",
        it: &["Sitzungsmappe", "Aktenfluss"],
        docs: &["Sitzungsvorlage", "Niederschrift"],
        level: 3,
        keywords: &["Kreistag", "Ausschuss", "Beschluss"],
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-20-001",
        name: "Aufstellung des Kreishaushalts",
        description: "Abfrage der Mittelanmeldungen, Haushaltsgespräche mit den Dezernaten, Anhörung der kreisangehörigen Gemeinden zur Kreisumlage und Beschluss durch den Kreistag.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Kreiskämmerei",
        units: &[
            "Dezernat 1 – Zentrale Dienste",
            "Dezernat 2 – Ordnung und Verkehr",
            "Dezernat 3 – Soziales und Jugend",
        ],
        trigger: "Haushaltsrundschreiben",
        result: "Beschlossene und genehmigte Haushaltssatzung",
        parties: &["Kreistag", "Kreisangehörige Gemeinden", "Landesdirektion"],
        applicant: false,
        legal: &[
            "Landkreisordnung des Landes",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 1,
        it: &["Haushaltswerk", "Sitzungsmappe"],
        docs: &["Haushaltsplan", "Sitzungsvorlage"],
        level: 2,
        keywords: &["Haushalt", "Kreisumlage", "Haushaltssatzung"],
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-20-002",
        name: "Festsetzung der Kreisumlage",
        description: "Berechnung der Umlage je Gemeinde aus den Umlagegrundlagen und dem beschlossenen Umlagesatz; Versand der Umlagebescheide und Überwachung der Raten.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Kreiskämmerei",
        trigger: "Inkrafttreten der Haushaltssatzung",
        result: "Umlagebescheide an alle Gemeinden versandt",
        parties: &["Kreisangehörige Gemeinden"],
        applicant: false,
        legal: &[
            "Finanzausgleichsgesetz des Landes",
            "Landkreisordnung des Landes",
        ],
        cases: 24,
        it: &["Haushaltswerk"],
        docs: &["Umlagebescheid"],
        level: 1,
        keywords: &["Kreisumlage", "Gemeinden", "Finanzausgleich"],
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-10-002",
        name: "Kommunalaufsicht über kreisangehörige Gemeinden",
        description: "Beratung der Gemeinden, Prüfung angezeigter Satzungen und Haushalte sowie Bearbeitung von Aufsichtsbeschwerden.",
        kind: Fuehrung,
        owner: "redaktion",
        unit: "Haupt- und Personalamt",
        units: &["Kreiskämmerei"],
        trigger: "Anzeige einer Satzung oder eines Haushalts; Aufsichtsbeschwerde",
        result: "Rechtsaufsichtliche Würdigung, Genehmigung oder Beanstandung",
        parties: &["Kreisangehörige Gemeinden", "Landesdirektion"],
        applicant: false,
        legal: &["Landkreisordnung des Landes"],
        cases: 160,
        it: &["Aktenfluss"],
        docs: &["Bescheid"],
        level: 1,
        keywords: &["Rechtsaufsicht", "Satzung", "Gemeinden"],
        status: Dokumentiert,
        ..P
    },
    // Verkehr und Mobilität
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.1-001",
        name: "Kfz-Zulassung (Neuzulassung)",
        description: "Zulassung eines fabrikneuen Fahrzeugs mit Zuteilung des Kennzeichens und Ausgabe der Zulassungsbescheinigungen. Versicherungsbestätigung und Steuerdaten werden elektronisch geprüft; Zulassungsdienste reichen Anträge gesammelt ein.",
        draft: "Neuzulassung von Fahrzeugen am Schalter.",
        owner: "modellierer",
        unit: "Sachgebiet Zulassung",
        units: &["Kreiskämmerei"],
        trigger: "Antrag der Halterin oder des Halters bzw. eines Zulassungsdienstes",
        result: "Fahrzeug zugelassen, Kennzeichen gesiegelt, Bescheinigungen ausgehändigt",
        parties: &[
            "Kraftfahrt-Bundesamt",
            "Kfz-Versicherer",
            "Zulassungsdienste",
        ],
        legal: &["Fahrzeug-Zulassungsverordnung (FZV)"],
        cases: 14500,
        it: &["Kennzeichenwerk", "Terminlotse", "Serviceportal Musterland"],
        docs: &[
            "Zulassungsbescheinigung Teil I",
            "Zulassungsbescheinigung Teil II",
            "Versicherungsbestätigung (eVB)",
            "Gebührenbescheid",
        ],
        level: 3,
        keywords: &["Kfz", "Zulassung", "Kennzeichen", "Auto"],
        criticality: Hoch,
        downtime: "2 Tage",
        service: Some(KFZ_NEU),
        status: Optimiert,
        versions: 3,
        release: true,
        note: "Internetbasierte Zulassung für Großkunden eingeführt; Schalterzeiten entlastet",
        ..P
    },
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.1-002",
        name: "Kfz-Umschreibung bei Halterwechsel",
        description: "Zulassung eines gebrauchten Fahrzeugs auf die neue Halterin oder den neuen Halter, auf Wunsch mit Mitnahme des bisherigen Kennzeichens.",
        owner: "modellierer",
        unit: "Sachgebiet Zulassung",
        trigger: "Kauf eines gebrauchten Fahrzeugs",
        result: "Fahrzeug umgeschrieben",
        parties: &["Kraftfahrt-Bundesamt", "Kfz-Versicherer"],
        legal: &["Fahrzeug-Zulassungsverordnung (FZV)"],
        cases: 21000,
        deadline: "Unverzüglich nach dem Halterwechsel (§ 13 FZV)",
        it: &["Kennzeichenwerk", "Terminlotse"],
        docs: &[
            "Zulassungsbescheinigung Teil I",
            "Zulassungsbescheinigung Teil II",
            "Versicherungsbestätigung (eVB)",
            "Prüfbericht Hauptuntersuchung",
        ],
        level: 3,
        keywords: &["Kfz", "Halterwechsel", "Gebrauchtwagen"],
        criticality: Hoch,
        downtime: "2 Tage",
        service: Some(KFZ_HALTER),
        status: Analysiert,
        versions: 2,
        note: "Ablauf mit Daten der Neuzulassung verglichen",
        ..P
    },
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.1-003",
        name: "Außerbetriebsetzung eines Fahrzeugs",
        description: "Abmeldung eines Fahrzeugs vor Ort oder online mit freigelegten Sicherheitscodes; Versicherung und Zoll werden automatisch benachrichtigt.",
        owner: "modellierer",
        unit: "Sachgebiet Zulassung",
        trigger: "Antrag auf Außerbetriebsetzung",
        result: "Fahrzeug außer Betrieb gesetzt, Bestätigung erteilt",
        parties: &["Kraftfahrt-Bundesamt", "Kfz-Versicherer"],
        legal: &["Fahrzeug-Zulassungsverordnung (FZV)"],
        cases: 16000,
        it: &["Kennzeichenwerk", "Serviceportal Musterland"],
        docs: &["Zulassungsbescheinigung Teil I"],
        level: 4,
        keywords: &["Kfz", "Abmeldung", "Stilllegung"],
        service: Some(KFZ_AB),
        status: Optimiert,
        release: true,
        ..P
    },
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.1-004",
        name: "Halterauskunft",
        description: "Auskunft aus dem Fahrzeugregister an Berechtigte, etwa nach einem Unfall oder zur Durchsetzung von Ansprüchen.",
        owner: "modellierer",
        unit: "Sachgebiet Zulassung",
        trigger: "Schriftliche Anfrage mit Darlegung des berechtigten Interesses",
        result: "Auskunft erteilt oder abgelehnt",
        parties: &["Kraftfahrt-Bundesamt"],
        legal: &["Fahrzeug-Zulassungsverordnung (FZV)"],
        cases: 2300,
        it: &["Kennzeichenwerk"],
        docs: &["Antrag", "Gebührenbescheid"],
        level: 2,
        keywords: &["Halter", "Auskunft", "Unfall"],
        service: Some(HALTERAUSKUNFT),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.2-001",
        name: "Ersterteilung einer Fahrerlaubnis",
        description: "Antrag über die Fahrschule, Prüfung der Unterlagen und Registerauskünfte, Prüfauftrag an die Technische Prüfstelle und Bestellung des Kartenführerscheins.",
        draft: "Bearbeitung von Anträgen auf eine Fahrerlaubnis.",
        owner: "redaktion",
        unit: "Sachgebiet Fahrerlaubnis",
        trigger: "Antrag, meist über die Fahrschule",
        result: "Prüfauftrag erteilt, Führerschein nach bestandener Prüfung ausgehändigt",
        parties: &[
            "Fahrschulen",
            "Technische Prüfstelle",
            "Kraftfahrt-Bundesamt",
        ],
        legal: &[
            "Fahrerlaubnis-Verordnung (FeV)",
            "Straßenverkehrsgesetz (StVG)",
        ],
        cases: 5200,
        it: &["Führerscheinkontor", "Serviceportal Musterland"],
        docs: &[
            "Antrag",
            "Sehtestbescheinigung",
            "Nachweis Erste-Hilfe-Schulung",
            "Führerschein",
        ],
        level: 2,
        keywords: &["Führerschein", "Fahrerlaubnis", "Fahrschule", "Prüfauftrag"],
        service: Some(FE),
        status: Modelliert,
        versions: 3,
        note: "Teilprozesse Fahrschule, Fahrerlaubnisbehörde und Prüfstelle modelliert",
        ..P
    },
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.2-002",
        name: "Umtausch in den Kartenführerschein",
        description: "Pflichtumtausch alter Papier- und Kartenführerscheine in das aktuelle EU-Muster nach den gestaffelten Fristen.",
        owner: "redaktion",
        unit: "Sachgebiet Fahrerlaubnis",
        trigger: "Antrag der Inhaberin oder des Inhabers",
        result: "Neuer Führerschein ausgehändigt, alter entwertet",
        parties: &["Kraftfahrt-Bundesamt"],
        legal: &["Fahrerlaubnis-Verordnung (FeV)"],
        cases: 7800,
        deadline: "Gestaffelte Umtauschfristen bis 19. Januar 2033 (Anlage 8e FeV)",
        it: &[
            "Führerscheinkontor",
            "Terminlotse",
            "Serviceportal Musterland",
        ],
        docs: &["Führerschein", "Gebührenbescheid"],
        level: 3,
        keywords: &["Führerschein", "Umtausch", "EU-Führerschein"],
        service: Some(FS_UMTAUSCH),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.2-003",
        name: "Verlängerung der Fahrerlaubnis Klassen C/CE",
        description: "Verlängerung der befristeten Lkw-Fahrerlaubnis mit Prüfung der ärztlichen Nachweise.",
        owner: "redaktion",
        unit: "Sachgebiet Fahrerlaubnis",
        trigger: "Ablauf der Geltungsdauer",
        result: "Fahrerlaubnis verlängert, neuer Führerschein ausgehändigt",
        parties: &["Kraftfahrt-Bundesamt"],
        legal: &["Fahrerlaubnis-Verordnung (FeV)"],
        cases: 1900,
        deadline: "Geltungsdauer 5 Jahre (§ 23 FeV)",
        it: &["Führerscheinkontor"],
        docs: &[
            "Antrag",
            "Ärztliches Gutachten",
            "Sehtestbescheinigung",
            "Führerschein",
        ],
        level: 2,
        keywords: &["Lkw", "Berufskraftfahrer", "Verlängerung"],
        service: Some(FE_C),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Verkehr und Mobilität",
        identifier: "P-36.2-004",
        name: "Überprüfung der Fahreignung",
        description: "Auf Mitteilungen von Polizei oder Gerichten prüft die Fahrerlaubnisbehörde Zweifel an der Eignung, ordnet Gutachten an und entzieht bei Bedarf die Fahrerlaubnis.",
        owner: "redaktion",
        unit: "Sachgebiet Fahrerlaubnis",
        trigger: "Mitteilung über Auffälligkeiten im Straßenverkehr oder Punktestand",
        result: "Eignung bestätigt, Auflagen erteilt oder Fahrerlaubnis entzogen",
        parties: &["Polizeidirektion", "Kraftfahrt-Bundesamt"],
        legal: &[
            "Straßenverkehrsgesetz (StVG)",
            "Fahrerlaubnis-Verordnung (FeV)",
        ],
        cases: 650,
        it: &["Führerscheinkontor", "Aktenfluss"],
        docs: &["Ärztliches Gutachten", "Bescheid"],
        level: 1,
        keywords: &["Fahreignung", "Entziehung", "MPU"],
        status: Analysiert,
        ..P
    },
    // Ausländerangelegenheiten
    Proc {
        area: "Ausländerangelegenheiten",
        identifier: "P-37-001",
        name: "Erteilung einer Aufenthaltserlaubnis",
        description: "Prüfung der allgemeinen und besonderen Erteilungsvoraussetzungen je nach Aufenthaltszweck, Sicherheitsabfragen und Bestellung des elektronischen Aufenthaltstitels.",
        draft: "Anträge auf Aufenthaltserlaubnis bearbeiten.",
        owner: "modellierer",
        unit: "Ausländerbehörde",
        trigger: "Antrag nach Einreise oder Zweckwechsel",
        result: "Aufenthaltstitel ausgehändigt oder Antrag abgelehnt",
        parties: &[
            "Bundesamt für Migration und Flüchtlinge",
            "Agentur für Arbeit",
            "Polizeidirektion",
        ],
        legal: &["Aufenthaltsgesetz (AufenthG)"],
        cases: 2400,
        it: &["Aufenthaltsakte", "Terminlotse"],
        docs: &[
            "Antrag",
            "Aufenthaltstitel (eAT)",
            "Einkommensnachweise",
            "Gebührenbescheid",
        ],
        level: 1,
        keywords: &["Aufenthalt", "Visum", "Fachkräfte", "eAT"],
        service: Some(AE),
        status: Analysiert,
        versions: 3,
        note: "Rückstände und Wartezeiten ausgewertet; Potenzial für Online-Antrag beziffert",
        ..P
    },
    Proc {
        area: "Ausländerangelegenheiten",
        identifier: "P-37-002",
        name: "Verlängerung einer Aufenthaltserlaubnis",
        description: "Verlängerung bei fortbestehendem Aufenthaltszweck; bis zur Entscheidung wird eine Fiktionsbescheinigung ausgestellt.",
        owner: "modellierer",
        unit: "Ausländerbehörde",
        trigger: "Antrag vor Ablauf des Titels",
        result: "Titel verlängert",
        parties: &["Bundesamt für Migration und Flüchtlinge"],
        legal: &["Aufenthaltsgesetz (AufenthG)"],
        cases: 4100,
        deadline: "Antrag vor Ablauf des bisherigen Titels (§ 81 Abs. 4 AufenthG)",
        it: &["Aufenthaltsakte", "Serviceportal Musterland"],
        docs: &["Antrag", "Aufenthaltstitel (eAT)", "Einkommensnachweise"],
        level: 2,
        keywords: &["Aufenthalt", "Verlängerung", "Fiktionsbescheinigung"],
        criticality: Hoch,
        downtime: "3 Tage",
        service: Some(AE_VERL),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Ausländerangelegenheiten",
        identifier: "P-37-003",
        name: "Niederlassungserlaubnis",
        description: "Prüfung der Voraussetzungen für ein unbefristetes Aufenthaltsrecht, unter anderem Sicherung des Lebensunterhalts, Sprachkenntnisse und Rentenbeiträge.",
        owner: "modellierer",
        unit: "Ausländerbehörde",
        trigger: "Antrag",
        result: "Niederlassungserlaubnis erteilt oder abgelehnt",
        parties: &[
            "Deutsche Rentenversicherung",
            "Bundesamt für Migration und Flüchtlinge",
        ],
        legal: &["Aufenthaltsgesetz (AufenthG)"],
        cases: 700,
        it: &["Aufenthaltsakte"],
        docs: &["Antrag", "Aufenthaltstitel (eAT)", "Einkommensnachweise"],
        level: 1,
        keywords: &["Niederlassung", "unbefristet", "Integration"],
        service: Some(NE),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Ausländerangelegenheiten",
        identifier: "P-37-004",
        name: "Verpflichtungserklärung",
        description: "Entgegennahme der Erklärung, mit der eine Gastgeberin oder ein Gastgeber die Kosten eines Besuchsaufenthalts übernimmt, nach Prüfung der Bonität.",
        owner: "modellierer",
        unit: "Ausländerbehörde",
        trigger: "Vorsprache der Gastgeberin oder des Gastgebers",
        result: "Verpflichtungserklärung beglaubigt ausgehändigt",
        legal: &["Aufenthaltsgesetz (AufenthG)"],
        cases: 900,
        it: &["Aufenthaltsakte", "Terminlotse"],
        docs: &[
            "Verpflichtungserklärung",
            "Einkommensnachweise",
            "Gebührenbescheid",
        ],
        level: 1,
        keywords: &["Besuch", "Visum", "Bonität"],
        service: Some(VERPFL),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Ausländerangelegenheiten",
        identifier: "P-37-005",
        name: "Einbürgerung",
        description: "Prüfung der Einbürgerungsvoraussetzungen mit Regelanfragen bei Sicherheitsbehörden und Registern, Aushändigung der Urkunde mit feierlichem Bekenntnis.",
        owner: "modellierer",
        unit: "Ausländerbehörde",
        trigger: "Einbürgerungsantrag",
        result: "Einbürgerungsurkunde ausgehändigt oder Antrag abgelehnt",
        parties: &["Bundeszentralregister", "Polizeidirektion", "Finanzamt"],
        legal: &["Staatsangehörigkeitsgesetz (StAG)"],
        cases: 650,
        it: &["Aufenthaltsakte", "Serviceportal Musterland"],
        docs: &["Antrag", "Einbürgerungsurkunde", "Gebührenbescheid"],
        level: 2,
        keywords: &["Einbürgerung", "Staatsangehörigkeit"],
        service: Some(EINB),
        status: Modelliert,
        versions: 2,
        note: "Online-Antrag des Landes in den Ablauf eingebunden",
        ..P
    },
    // Verbraucherschutz und Veterinärwesen
    Proc {
        area: "Verbraucherschutz und Veterinärwesen",
        identifier: "P-39-001",
        name: "Lebensmittelüberwachung – Betriebskontrolle",
        description: "Risikoorientierte Planung und Durchführung amtlicher Kontrollen in Lebensmittelbetrieben, mit Probenahme, Kontrollbericht und Anordnung von Maßnahmen bei Mängeln.",
        draft: "Kontrollen in Lebensmittelbetrieben.",
        owner: "redaktion",
        unit: "Lebensmittelüberwachungs- und Veterinäramt",
        trigger: "Kontrollplan nach Risikobeurteilung; Anlass oder Beschwerde",
        result: "Kontrollbericht erstellt, Maßnahmen angeordnet, Risikoeinstufung fortgeschrieben",
        parties: &["Landesuntersuchungsanstalt"],
        legal: &[
            "Lebensmittel- und Futtermittelgesetzbuch (LFGB)",
            "Verordnung (EU) 2017/625",
        ],
        cases: 3100,
        it: &["Prüfbuch LÜ"],
        docs: &["Kontrollbericht", "Probenahmeprotokoll", "Bescheid"],
        level: 2,
        keywords: &["Lebensmittel", "Hygiene", "Kontrolle", "Probe"],
        status: Analysiert,
        versions: 3,
        release: true,
        note: "Mobile Erfassung des Kontrollberichts vor Ort bewertet",
        ..P
    },
    Proc {
        area: "Verbraucherschutz und Veterinärwesen",
        identifier: "P-39-002",
        name: "Registrierung von Lebensmittelbetrieben",
        description: "Neue Lebensmittelunternehmen melden sich vor Aufnahme der Tätigkeit an; das Amt registriert sie und plant die erste Kontrolle.",
        owner: "redaktion",
        unit: "Lebensmittelüberwachungs- und Veterinäramt",
        trigger: "Meldung eines Lebensmittelunternehmens",
        result: "Betrieb registriert und in die Kontrollplanung aufgenommen",
        parties: &["Kreisangehörige Gemeinden"],
        legal: &["Verordnung (EG) Nr. 852/2004"],
        cases: 420,
        deadline: "Meldung vor Aufnahme der Tätigkeit",
        it: &["Prüfbuch LÜ", "Serviceportal Musterland"],
        docs: &["Antrag"],
        level: 3,
        keywords: &["Lebensmittel", "Registrierung", "Betrieb"],
        service: Some(LMBETRIEB),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Verbraucherschutz und Veterinärwesen",
        identifier: "P-39-003",
        name: "Tierseuchenbekämpfung im Ausbruchsfall",
        description: "Bei Verdacht oder Ausbruch einer anzeigepflichtigen Tierseuche richtet das Amt Sperrzonen ein, ordnet Schutzmaßnahmen an und koordiniert die Beteiligten im Krisenstab.",
        owner: "redaktion",
        unit: "Lebensmittelüberwachungs- und Veterinäramt",
        units: &["Haupt- und Personalamt"],
        trigger: "Verdachtsmeldung einer Tierärztin, eines Tierhalters oder des Labors",
        result: "Seuche getilgt, Sperrzonen aufgehoben",
        parties: &[
            "Landesuntersuchungsanstalt",
            "Tierseuchenkasse",
            "Polizeidirektion",
            "Kreisangehörige Gemeinden",
        ],
        applicant: false,
        legal: &["Tiergesundheitsgesetz (TierGesG)"],
        cases: 5,
        deadline: "Sofortmaßnahmen unverzüglich nach Verdacht",
        it: &["Seuchenlage"],
        docs: &["Bescheid", "Probenahmeprotokoll"],
        level: 1,
        keywords: &[
            "Tierseuche",
            "Krisenstab",
            "Sperrzone",
            "Allgemeinverfügung",
        ],
        criticality: Kritisch,
        downtime: "2 Stunden",
        status: Dokumentiert,
        ..P
    },
    // Soziales und Jugend
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-50-001",
        name: "Wohngeld",
        description: "Prüfung des Anspruchs auf Mietzuschuss oder Lastenzuschuss anhand von Haushaltsgröße, Einkommen und Wohnkosten; Bewilligung für in der Regel zwölf Monate.",
        draft: "Wohngeldanträge bearbeiten.",
        owner: "modellierer",
        unit: "Sozialamt",
        units: &["Kreiskämmerei"],
        trigger: "Antrag auf Wohngeld oder Weiterleistungsantrag",
        result: "Wohngeldbescheid, laufende Zahlung",
        parties: &["Finanzamt", "Deutsche Rentenversicherung"],
        legal: &[
            "Wohngeldgesetz (WoGG)",
            "Sozialgesetzbuch Erstes Buch (SGB I)",
        ],
        cases: 5600,
        deadline: "Bewilligungszeitraum in der Regel 12 Monate (§ 25 WoGG)",
        it: &["Sozialwerk", "Serviceportal Musterland", "Aktenfluss"],
        docs: &["Antrag", "Einkommensnachweise", "Bescheid"],
        level: 3,
        keywords: &["Wohngeld", "Mietzuschuss", "Lastenzuschuss"],
        criticality: Hoch,
        downtime: "1 Woche",
        service: Some(WOHNGELD),
        status: Optimiert,
        versions: 3,
        release: true,
        note: "Online-Antrag mit Belegupload; Rückfragen um ein Drittel gesunken",
        ..P
    },
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-50-002",
        name: "Grundsicherung im Alter und bei Erwerbsminderung",
        description: "Leistungen zum Lebensunterhalt für ältere oder dauerhaft voll erwerbsgeminderte Menschen, nach Prüfung von Einkommen und Vermögen.",
        owner: "modellierer",
        unit: "Sozialamt",
        units: &["Kreiskämmerei"],
        trigger: "Antrag",
        result: "Bewilligungs- oder Ablehnungsbescheid, laufende Zahlung",
        parties: &["Deutsche Rentenversicherung"],
        legal: &[
            "Sozialgesetzbuch Zwölftes Buch (SGB XII)",
            "Sozialgesetzbuch Erstes Buch (SGB I)",
        ],
        cases: 2900,
        it: &["Sozialwerk", "Aktenfluss"],
        docs: &["Antrag", "Einkommensnachweise", "Bescheid"],
        level: 2,
        keywords: &["Grundsicherung", "Rente", "Existenzsicherung"],
        criticality: Hoch,
        downtime: "3 Tage",
        service: Some(GRUNDSICH),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-50-003",
        name: "Hilfe zur Pflege",
        description: "Übernahme ungedeckter Pflegekosten im Heim oder in der Häuslichkeit, nachrangig zu den Leistungen der Pflegekasse.",
        owner: "modellierer",
        unit: "Sozialamt",
        trigger: "Antrag, häufig durch Heim oder Betreuer",
        result: "Kostenübernahme bewilligt oder abgelehnt",
        parties: &["Pflegekasse"],
        legal: &["Sozialgesetzbuch Zwölftes Buch (SGB XII)"],
        cases: 1300,
        it: &["Sozialwerk"],
        docs: &["Antrag", "Einkommensnachweise", "Bescheid"],
        level: 1,
        keywords: &["Pflege", "Heimkosten", "Sozialhilfe"],
        service: Some(PFLEGE),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-51-001",
        name: "Schutzauftrag bei Kindeswohlgefährdung",
        description: "Gewichtige Anhaltspunkte für eine Gefährdung werden von mindestens zwei Fachkräften eingeschätzt; je nach Ergebnis folgen Hausbesuch, Hilfeangebot, Inobhutnahme oder die Anrufung des Familiengerichts.",
        draft: "Umgang mit Meldungen zur Kindeswohlgefährdung.",
        owner: "modellierer",
        unit: "Jugendamt",
        trigger: "Meldung von Kita, Schule, Polizei, Nachbarn oder Angehörigen",
        result: "Gefährdung abgewendet; Schutzplan, Hilfe oder gerichtliche Entscheidung",
        parties: &[
            "Familiengericht",
            "Polizeidirektion",
            "Freie Träger der Jugendhilfe",
        ],
        applicant: false,
        legal: &["Sozialgesetzbuch Achtes Buch (SGB VIII)"],
        cases: 480,
        deadline: "Unverzügliche Gefährdungseinschätzung, bei akuter Gefahr sofort",
        it: &["Jugendwerk Fallakte"],
        docs: &["Gefährdungseinschätzung"],
        level: 1,
        keywords: &["Kinderschutz", "8a", "Inobhutnahme", "Rufbereitschaft"],
        criticality: Kritisch,
        downtime: "Keine – Rufbereitschaft rund um die Uhr",
        status: Analysiert,
        versions: 2,
        note: "Abläufe außerhalb der Dienstzeit (Rufbereitschaft) ergänzt",
        ..P
    },
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-51-002",
        name: "Hilfe zur Erziehung",
        description: "Gemeinsam mit den Sorgeberechtigten wird der Hilfebedarf geklärt und im Hilfeplan festgehalten; ein freier Träger erbringt die Hilfe, das Jugendamt schreibt den Plan regelmäßig fort.",
        owner: "modellierer",
        unit: "Jugendamt",
        units: &["Kreiskämmerei"],
        trigger: "Antrag der Sorgeberechtigten",
        result: "Hilfe bewilligt und durchgeführt, Hilfeplan fortgeschrieben",
        parties: &["Freie Träger der Jugendhilfe"],
        legal: &["Sozialgesetzbuch Achtes Buch (SGB VIII)"],
        cases: 750,
        deadline: "Überprüfung des Hilfeplans in regelmäßigen Abständen (§ 36 SGB VIII)",
        it: &["Jugendwerk Fallakte"],
        docs: &["Antrag", "Hilfeplan", "Bescheid"],
        level: 1,
        keywords: &["Erziehungshilfe", "Hilfeplan", "Familie"],
        service: Some(HZE),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-51-003",
        name: "Unterhaltsvorschuss",
        description: "Alleinerziehende erhalten einen Vorschuss, wenn der andere Elternteil keinen oder zu wenig Unterhalt zahlt; das Jugendamt nimmt diesen anschließend in Rückgriff.",
        owner: "modellierer",
        unit: "Jugendamt",
        units: &["Kreiskämmerei"],
        trigger: "Antrag des alleinerziehenden Elternteils",
        result: "Leistung bewilligt, Rückgriff eingeleitet",
        parties: &["Familiengericht"],
        legal: &[
            "Unterhaltsvorschussgesetz (UhVorschG)",
            "Sozialgesetzbuch Erstes Buch (SGB I)",
        ],
        cases: 1700,
        deadline: "Rückwirkend höchstens für den Monat vor der Antragstellung (§ 4 UhVorschG)",
        it: &["Jugendwerk Fallakte", "Serviceportal Musterland"],
        docs: &["Antrag", "Einkommensnachweise", "Bescheid"],
        level: 3,
        keywords: &["Unterhalt", "Alleinerziehende", "Rückgriff"],
        service: Some(UVG),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-51-004",
        name: "Beurkundung einer Vaterschaftsanerkennung",
        description: "Die Urkundsperson des Jugendamts beurkundet die Anerkennung der Vaterschaft und die Zustimmung der Mutter gebührenfrei und informiert das Standesamt.",
        owner: "modellierer",
        unit: "Jugendamt",
        trigger: "Terminanfrage der Eltern",
        result: "Urkunde erstellt, Standesamt benachrichtigt",
        legal: &["Sozialgesetzbuch Achtes Buch (SGB VIII)"],
        cases: 520,
        it: &["Jugendwerk Fallakte", "Terminlotse"],
        docs: &["Urkunde"],
        level: 1,
        keywords: &["Vaterschaft", "Beurkundung", "Sorgeerklärung"],
        service: Some(VATERSCHAFT),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Soziales und Jugend",
        identifier: "P-51-005",
        name: "Förderung in Kindertagespflege",
        description: "Vermittlung und Finanzierung der Betreuung durch Tagesmütter und Tagesväter einschließlich laufender Geldleistung an die Tagespflegeperson.",
        owner: "lotse",
        unit: "Jugendamt",
        units: &["Kreiskämmerei"],
        trigger: "Antrag der Eltern",
        result: "Förderung bewilligt, Geldleistung an die Tagespflegeperson festgesetzt",
        legal: &["Sozialgesetzbuch Achtes Buch (SGB VIII)"],
        cases: 380,
        it: &["Jugendwerk Fallakte"],
        docs: &["Antrag", "Bescheid"],
        level: 2,
        keywords: &["Kindertagespflege", "Tagesmutter", "Betreuung"],
        service: Some(KTP),
        status: Dokumentiert,
        ..P
    },
    // Bauen und Umwelt
    Proc {
        area: "Bauen und Umwelt",
        identifier: "P-63-001",
        name: "Baugenehmigungsverfahren (untere Bauaufsicht)",
        description: "Prüfung von Bauanträgen aus den kreisangehörigen Gemeinden, Einholung des gemeindlichen Einvernehmens und Entscheidung.",
        owner: "admin",
        unit: "Dezernat 2 – Ordnung und Verkehr",
        units: &["Lebensmittelüberwachungs- und Veterinäramt"],
        trigger: "Bauantrag, über die Gemeinde eingereicht",
        result: "Baugenehmigung erteilt oder abgelehnt",
        parties: &["Kreisangehörige Gemeinden"],
        legal: &["Baugesetzbuch (BauGB)", "Landesbauordnung"],
        cases: 1100,
        deadline: "Entscheidung innerhalb von 3 Monaten nach Vollständigkeit (Landesbauordnung)",
        it: &["Baufolio", "Serviceportal Musterland"],
        docs: &["Bauantrag mit Bauvorlagen", "Bescheid", "Gebührenbescheid"],
        level: 3,
        keywords: &["Bauaufsicht", "Bauantrag", "Einvernehmen"],
        service: Some(BAUGEN),
        status: Modelliert,
        ..P
    },
    // Unterstützungsprozesse
    Proc {
        area: "Personal und Organisation",
        identifier: "P-10-003",
        name: "Posteingang",
        description: "Papierpost wird zentral geöffnet, gescannt und elektronisch verteilt; Eingänge über Portale und Postfächer werden direkt den Ämtern zugeordnet.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Haupt- und Personalamt",
        trigger: "Täglicher Posteingang",
        result: "Eingang digital beim zuständigen Amt",
        applicant: false,
        legal: &["Dienstanweisung Schriftgut"],
        cases: 140000,
        it: &["Aktenfluss"],
        docs: &["Eingangspost"],
        level: 3,
        keywords: &["Post", "Scannen", "Poststelle"],
        criticality: Hoch,
        downtime: "1 Tag",
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Personal und Organisation",
        identifier: "P-10-004",
        name: "Urlaubsantrag",
        description: "Antrag im Mitarbeiterportal, Genehmigung durch die Führungskraft, automatische Fortschreibung des Urlaubskontos.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Haupt- und Personalamt",
        trigger: "Urlaubswunsch",
        result: "Urlaub genehmigt oder abgelehnt",
        applicant: false,
        legal: &[
            "Tarifvertrag für den öffentlichen Dienst (TVöD)",
            "Bundesurlaubsgesetz (BUrlG)",
        ],
        cases: 6500,
        it: &["Personalkompass"],
        docs: &["Urlaubsantrag"],
        level: 4,
        keywords: &["Urlaub", "Abwesenheit"],
        status: Optimiert,
        release: true,
        ..P
    },
    Proc {
        area: "Personal und Organisation",
        identifier: "P-10-005",
        name: "Stellenbesetzung",
        description: "Ausschreibung, Auswahlverfahren mit Beteiligung des Personalrats und Einstellung.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Haupt- und Personalamt",
        trigger: "Freie Stelle",
        result: "Stelle besetzt",
        parties: &["Personalrat"],
        applicant: false,
        legal: &[
            "Allgemeines Gleichbehandlungsgesetz (AGG)",
            "Tarifvertrag für den öffentlichen Dienst (TVöD)",
        ],
        cases: 120,
        it: &["Personalkompass"],
        docs: &["Stellenausschreibung"],
        level: 2,
        keywords: &["Personal", "Ausschreibung", "Auswahl"],
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Finanzen",
        identifier: "P-20-003",
        name: "Rechnungseingang und -prüfung",
        description: "XRechnungen und Papierrechnungen werden erfasst, den anordnenden Ämtern zur Prüfung zugewiesen, angeordnet und von der Kreiskasse bezahlt.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Kreiskämmerei",
        units: &["Haupt- und Personalamt", "Sozialamt", "Jugendamt"],
        trigger: "Eingang einer Rechnung",
        result: "Rechnung bezahlt und gebucht",
        parties: &[
            "Lieferanten und Auftragnehmer",
            "Freie Träger der Jugendhilfe",
        ],
        applicant: false,
        legal: &[
            "Umsatzsteuergesetz (UStG)",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 38000,
        it: &["Rechnungsstrom", "Haushaltswerk"],
        docs: &["Rechnung", "Auszahlungsanordnung"],
        level: 3,
        keywords: &["Rechnung", "XRechnung", "Zahlung"],
        criticality: Hoch,
        downtime: "5 Tage",
        status: Analysiert,
        ..P
    },
    Proc {
        area: "Finanzen",
        identifier: "P-20-004",
        name: "Beschaffung und Vergabe",
        description: "Vergabe von Liefer- und Dienstleistungen ab der Wertgrenze für Direktaufträge, bis zur EU-weiten Ausschreibung.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Kreiskämmerei",
        units: &["Haupt- und Personalamt"],
        trigger: "Bedarfsmeldung",
        result: "Zuschlag erteilt, Vertrag geschlossen",
        parties: &["Lieferanten und Auftragnehmer"],
        applicant: false,
        legal: &[
            "Gesetz gegen Wettbewerbsbeschränkungen (GWB)",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 260,
        it: &["Vergabekompass"],
        docs: &["Vergabevermerk"],
        level: 3,
        keywords: &["Vergabe", "Ausschreibung", "Einkauf"],
        status: Dokumentiert,
        ..P
    },
];

// ---------------------------------------------------------------------------
// Gemeinde Beispielheim

const GEMEINDE: OrgData = OrgData {
    areas: &[
        ("Führungsprozesse", None),
        ("Kernprozesse", None),
        ("Bürgerdienste", Some("Kernprozesse")),
        ("Ordnung und Gewerbe", Some("Kernprozesse")),
        ("Bauen und Liegenschaften", Some("Kernprozesse")),
        ("Finanzen und Steuern", Some("Kernprozesse")),
        ("Unterstützungsprozesse", None),
    ],
    it_systems: &[
        ("Aktenfluss", "E-Akte und Vorgangsbearbeitung"),
        (
            "Einwohnerkompass",
            "Melderegister und Fachverfahren Meldewesen",
        ),
        (
            "Ausweisbrücke",
            "Pass- und Ausweisverfahren mit Anbindung an den Ausweishersteller",
        ),
        ("Gewerbekontor", "Fachverfahren für Gewerbeanzeigen"),
        ("Abgabenkontor", "Veranlagung von Steuern und Abgaben"),
        (
            "Haushaltswerk",
            "Doppisches Haushalts-, Kassen- und Rechnungswesen",
        ),
        (
            "Rechnungsstrom",
            "Eingang und Freigabe elektronischer Rechnungen (XRechnung)",
        ),
        ("Sitzungsmappe", "Ratsinformationssystem"),
        (
            "Serviceportal Musterland",
            "Online-Antragsportal des Landes mit Nutzerkonto",
        ),
        ("Friedhofsbuch", "Grabstellen- und Friedhofsverwaltung"),
        (
            "Wahlkontor",
            "Wählerverzeichnis, Briefwahl und Ergebnisermittlung",
        ),
        ("Geoblick", "Geoinformationssystem mit Liegenschaftskarte"),
    ],
    legal_bases: &[
        (
            "Gewerbeordnung (GewO)",
            "§§ 14, 15 – Anzeigepflicht, Empfangsbescheinigung",
            "https://www.gesetze-im-internet.de/gewo/__14.html",
        ),
        (
            "Bundesmeldegesetz (BMG)",
            "§§ 17, 19 – An- und Abmeldung, Wohnungsgeberbestätigung; §§ 44 ff. – Auskünfte",
            "https://www.gesetze-im-internet.de/bmg/__17.html",
        ),
        (
            "Personalausweisgesetz (PAuswG)",
            "§ 9 – Ausstellung des Ausweises",
            "https://www.gesetze-im-internet.de/pauswg/__9.html",
        ),
        (
            "Passgesetz (PaßG)",
            "§ 6 – Ausstellung eines Passes",
            "https://www.gesetze-im-internet.de/pa_g_1986/__6.html",
        ),
        (
            "Bundeszentralregistergesetz (BZRG)",
            "§ 30 – Antrag auf ein Führungszeugnis",
            "https://www.gesetze-im-internet.de/bzrg/__30.html",
        ),
        (
            "Verwaltungsverfahrensgesetz (VwVfG)",
            "§ 33 – Beglaubigung von Dokumenten",
            "https://www.gesetze-im-internet.de/vwvfg/__33.html",
        ),
        (
            "Bürgerliches Gesetzbuch (BGB)",
            "§§ 965 ff. – Fund",
            "https://www.gesetze-im-internet.de/bgb/__965.html",
        ),
        (
            "Straßenverkehrs-Ordnung (StVO)",
            "§ 46 – Ausnahmegenehmigungen (Plakatierung)",
            "https://www.gesetze-im-internet.de/stvo_2013/__46.html",
        ),
        (
            "Straßengesetz des Landes",
            "Sondernutzung, Straßenreinigung und Winterdienst",
            "",
        ),
        (
            "Polizeiverordnung der Gemeinde",
            "Öffentliche Sicherheit und Ordnung, Feuer im Freien",
            "",
        ),
        (
            "Baugesetzbuch (BauGB)",
            "§§ 1–10 – Bauleitplanung; §§ 24 ff. – Vorkaufsrecht; § 36 – Einvernehmen",
            "https://www.gesetze-im-internet.de/bbaug/__36.html",
        ),
        (
            "Friedhofssatzung der Gemeinde",
            "Grabarten, Nutzungsrechte, Gebühren",
            "",
        ),
        (
            "Kommunalabgabengesetz des Landes (KAG)",
            "Erhebung örtlicher Steuern und Gebühren",
            "",
        ),
        (
            "Hundesteuersatzung der Gemeinde",
            "Steuersätze, An- und Abmeldung, Steuermarken",
            "",
        ),
        (
            "Grundsteuergesetz (GrStG)",
            "§ 25 – Hebesatz; §§ 27, 28 – Festsetzung, Fälligkeit",
            "https://www.gesetze-im-internet.de/grstg_1973/__25.html",
        ),
        (
            "Gewerbesteuergesetz (GewStG)",
            "§ 16 – Hebesatz; § 19 – Vorauszahlungen",
            "https://www.gesetze-im-internet.de/gewstg/__16.html",
        ),
        (
            "Abgabenordnung (AO)",
            "§§ 155 ff. – Steuerfestsetzung",
            "https://www.gesetze-im-internet.de/ao_1977/__155.html",
        ),
        (
            "Kita-Gesetz des Landes",
            "Elternbeiträge für Kindertageseinrichtungen",
            "",
        ),
        (
            "Gemeindeordnung des Landes",
            "Gemeinderat, Einwohnerversammlung, Haushaltswirtschaft",
            "",
        ),
        (
            "Kommunalhaushaltsverordnung des Landes",
            "Haushaltsplan, Jahresabschluss, Kassenanordnungen",
            "",
        ),
        (
            "Bundeswahlgesetz (BWahlG)",
            "§§ 8 ff. – Wahlorgane; § 36 – Briefwahl",
            "https://www.gesetze-im-internet.de/bwahlg/__36.html",
        ),
        (
            "Umsatzsteuergesetz (UStG)",
            "§ 14 – Ausstellung von Rechnungen",
            "https://www.gesetze-im-internet.de/ustg_1980/__14.html",
        ),
        (
            "Verwaltungsvollstreckungsgesetz des Landes",
            "Beitreibung öffentlich-rechtlicher Forderungen",
            "",
        ),
        (
            "Tarifvertrag für den öffentlichen Dienst (TVöD)",
            "§ 26 – Erholungsurlaub",
            "",
        ),
        (
            "Unterschwellenvergabeordnung (UVgO)",
            "Vergabe von Liefer- und Dienstleistungen unterhalb der EU-Schwellenwerte",
            "",
        ),
    ],
    external_parties: &[
        (
            "Finanzamt",
            "Empfänger der Gewerbeanzeigen; Messbescheide für Grund- und Gewerbesteuer",
        ),
        (
            "Handwerkskammer",
            "Erhält Gewerbeanzeigen zulassungspflichtiger Handwerke",
        ),
        ("Industrie- und Handelskammer", "Erhält Gewerbeanzeigen"),
        (
            "Statistisches Landesamt",
            "Gewerbe- und Bevölkerungsstatistik",
        ),
        ("Polizeidirektion", "Amtshilfe, Fundsachen, Veranstaltungen"),
        (
            "Ausweishersteller",
            "Produktion von Personalausweisen und Pässen",
        ),
        ("Bundeszentralregister", "Erteilt Führungszeugnisse"),
        (
            "Landratsamt Elbtal",
            "Untere Bauaufsicht, Rechtsaufsicht, Kreisumlage",
        ),
        (
            "Bauhof",
            "Regiebetrieb der Gemeinde für Winterdienst, Grünpflege und Reparaturen",
        ),
        (
            "Bestattungsunternehmen",
            "Beantragen Grabstellen im Auftrag der Angehörigen",
        ),
        ("Versorgungsunternehmen", "Betreiber der Straßenbeleuchtung"),
        ("Gemeinderat", "Gewähltes Vertretungsorgan"),
        (
            "Freiwillige Feuerwehr",
            "Brandschutz, Stellungnahmen zu Veranstaltungen und Feuern",
        ),
        (
            "Lieferanten und Auftragnehmer",
            "Stellen Rechnungen, liefern Waren und Leistungen",
        ),
    ],
    documents: &[
        (
            "Gewerbeanmeldung (GewA 1)",
            "Amtlicher Vordruck nach Anlage 1 GewAnzV",
        ),
        (
            "Gewerbeummeldung (GewA 2)",
            "Amtlicher Vordruck nach Anlage 2 GewAnzV",
        ),
        (
            "Gewerbeabmeldung (GewA 3)",
            "Amtlicher Vordruck nach Anlage 3 GewAnzV",
        ),
        (
            "Meldebescheinigung",
            "Bescheinigung über die gemeldeten Wohnungen",
        ),
        (
            "Wohnungsgeberbestätigung",
            "Bestätigung des Einzugs durch den Wohnungsgeber",
        ),
        (
            "Meldeformular",
            "Anmeldung oder Abmeldung bei der Meldebehörde",
        ),
        (
            "Lichtbild (biometrisch)",
            "Passbild nach den Vorgaben der Passverordnung",
        ),
        (
            "Personalausweis",
            "Ausweisdokument mit Online-Ausweisfunktion",
        ),
        ("Reisepass", "Elektronischer Reisepass"),
        ("Fundanzeige", "Angaben zu Fundort, Finder und Gegenstand"),
        ("Antrag", "Allgemeiner Antrag (Papier oder online)"),
        ("Bescheid", "Verwaltungsakt mit Rechtsbehelfsbelehrung"),
        ("Gebührenbescheid", "Festsetzung von Verwaltungsgebühren"),
        ("Steuerbescheid", "Festsetzung einer Steuer"),
        (
            "Grabnutzungsurkunde",
            "Urkunde über das Nutzungsrecht an einer Grabstätte",
        ),
        (
            "Negativzeugnis",
            "Bescheinigung über das Nichtbestehen oder die Nichtausübung des Vorkaufsrechts",
        ),
        (
            "Stellungnahme",
            "Stellungnahme der Gemeinde an eine andere Behörde",
        ),
        ("Sitzungsvorlage", "Beschlussvorlage für den Gemeinderat"),
        ("Niederschrift", "Protokoll einer Sitzung"),
        (
            "Haushaltsplan",
            "Haushaltssatzung mit Ergebnis- und Finanzhaushalt",
        ),
        (
            "Jahresabschluss",
            "Ergebnis-, Finanz- und Vermögensrechnung mit Anhang",
        ),
        (
            "Rechnung",
            "Rechnung eines Lieferanten, überwiegend als XRechnung",
        ),
        ("Auszahlungsanordnung", "Anordnung an die Gemeindekasse"),
        ("Mahnung", "Zahlungserinnerung mit Mahngebühr"),
        ("Urlaubsantrag", "Antrag auf Erholungsurlaub"),
        ("Bestellung", "Bestellschein an den Lieferanten"),
        ("Eingangspost", "Briefe, Faxe und E-Mails an die Gemeinde"),
        (
            "Einsatzprotokoll Winterdienst",
            "Nachweis der Räum- und Streueinsätze",
        ),
    ],
    processes: GEMEINDE_PROCESSES,
};

const GEMEINDE_PROCESSES: &[Proc] = &[
    // Führungsprozesse
    Proc {
        area: "Führungsprozesse",
        identifier: "P-HA-001",
        name: "Sitzungsdienst",
        description: "Vorbereitung der Gemeinderatssitzungen mit Tagesordnung, Einladung und Vorlagen, Protokollführung und Bekanntmachung der Beschlüsse im Amtsblatt.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Bauamt", "Kämmerei"],
        trigger: "Sitzungsplan des Gemeinderats",
        result: "Beschlüsse gefasst und bekannt gemacht",
        parties: &["Gemeinderat"],
        applicant: false,
        legal: &["Gemeindeordnung des Landes"],
        cases: 24,
        deadline: "Einladung mit der Frist der Geschäftsordnung",
        it: &["Sitzungsmappe"],
        docs: &["Sitzungsvorlage", "Niederschrift"],
        level: 2,
        keywords: &["Gemeinderat", "Beschluss", "Amtsblatt"],
        status: Modelliert,
        versions: 2,
        note: "Digitale Sitzungsmappe für die Gemeinderäte berücksichtigt",
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-KÄ-001",
        name: "Aufstellung des Haushaltsplans",
        description: "Die Kämmerei stellt den Haushalt mit den Ämtern auf, berät ihn im Gemeinderat und legt ihn dem Landratsamt als Rechtsaufsicht vor.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Kämmerei",
        units: &["Hauptamt", "Bauamt"],
        trigger: "Haushaltsrundschreiben",
        result: "Haushaltssatzung beschlossen und bekannt gemacht",
        parties: &["Gemeinderat", "Landratsamt Elbtal"],
        applicant: false,
        legal: &[
            "Gemeindeordnung des Landes",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 1,
        it: &["Haushaltswerk"],
        docs: &["Haushaltsplan", "Sitzungsvorlage"],
        level: 2,
        keywords: &["Haushalt", "Haushaltssatzung"],
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-KÄ-002",
        name: "Jahresabschluss",
        description: "Aufstellung des Jahresabschlusses, Prüfung und Feststellung durch den Gemeinderat.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Kämmerei",
        units: &["Gemeindekasse"],
        trigger: "Ende des Haushaltsjahres",
        result: "Festgestellter Jahresabschluss",
        parties: &["Gemeinderat", "Landratsamt Elbtal"],
        applicant: false,
        legal: &["Kommunalhaushaltsverordnung des Landes"],
        cases: 1,
        it: &["Haushaltswerk"],
        docs: &["Jahresabschluss"],
        level: 1,
        keywords: &["Jahresabschluss", "Bilanz"],
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-BM-001",
        name: "Einwohnerversammlung",
        description: "Der Bürgermeister lädt zu wichtigen Gemeindeangelegenheiten ein; Fragen und Anregungen werden protokolliert und beantwortet.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Bürgermeister",
        units: &["Hauptamt"],
        trigger: "Beschluss des Gemeinderats oder Entscheidung des Bürgermeisters",
        result: "Versammlung durchgeführt, Ergebnisse dem Gemeinderat berichtet",
        parties: &["Gemeinderat"],
        legal: &["Gemeindeordnung des Landes"],
        cases: 2,
        docs: &["Niederschrift"],
        level: 0,
        keywords: &["Bürgerbeteiligung", "Versammlung"],
        service: Some(EINWVERS),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Führungsprozesse",
        identifier: "P-HA-002",
        name: "Durchführung von Wahlen",
        description: "Vorbereitung und Durchführung aller Wahlen in der Gemeinde: Wählerverzeichnis, Briefwahl, Wahlvorstände in drei Wahlbezirken und Ergebnismeldung.",
        kind: Fuehrung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Einwohnermeldeamt"],
        trigger: "Festsetzung des Wahltags",
        result: "Wahlergebnis ermittelt und gemeldet",
        parties: &["Landratsamt Elbtal", "Statistisches Landesamt"],
        legal: &["Bundeswahlgesetz (BWahlG)"],
        cases: 1,
        it: &["Wahlkontor", "Einwohnerkompass"],
        level: 2,
        keywords: &["Wahl", "Briefwahl", "Wahlvorstand"],
        criticality: Kritisch,
        downtime: "4 Stunden in der Wahlwoche",
        service: Some(BRIEFWAHL),
        status: Dokumentiert,
        ..P
    },
    // Bürgerdienste
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA1-001",
        name: "Anmeldung einer Wohnung",
        description: "Anmeldung nach Zuzug oder Umzug im Einwohnermeldeamt oder online. Geprüft werden Ausweis und Wohnungsgeberbestätigung, anschließend wird die Adresse im Ausweis geändert.",
        draft: "Anmeldung im Einwohnermeldeamt.",
        owner: "modellierer",
        unit: "Einwohnermeldeamt",
        trigger: "Einzug in eine Wohnung in der Gemeinde",
        result: "Anmeldung eingetragen, Meldebescheinigung ausgehändigt",
        parties: &["Statistisches Landesamt", "Finanzamt"],
        legal: &["Bundesmeldegesetz (BMG)"],
        cases: 420,
        deadline: "Anmeldung innerhalb von 2 Wochen nach dem Einzug (§ 17 Abs. 1 BMG)",
        it: &["Einwohnerkompass", "Serviceportal Musterland"],
        docs: &[
            "Meldeformular",
            "Wohnungsgeberbestätigung",
            "Meldebescheinigung",
            "Personalausweis",
        ],
        level: 3,
        keywords: &["Umzug", "Zuzug", "Meldewesen"],
        criticality: Hoch,
        downtime: "3 Tage",
        service: Some(WOHNSITZ_AN),
        status: Optimiert,
        versions: 2,
        release: true,
        note: "Musterprozess der Stadt Musterstadt für die Gemeinde angepasst",
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA1-002",
        name: "Abmeldung einer Wohnung",
        description: "Abmeldung bei Wegzug ins Ausland oder bei Aufgabe einer Nebenwohnung.",
        owner: "modellierer",
        unit: "Einwohnermeldeamt",
        trigger: "Wegzug ins Ausland oder Aufgabe einer Nebenwohnung",
        result: "Abmeldung eingetragen und bestätigt",
        legal: &["Bundesmeldegesetz (BMG)"],
        cases: 60,
        deadline: "Innerhalb von 2 Wochen nach dem Auszug (§ 17 Abs. 2 BMG)",
        it: &["Einwohnerkompass"],
        docs: &["Meldeformular"],
        level: 2,
        keywords: &["Wegzug", "Nebenwohnung"],
        service: Some(WOHNSITZ_AB),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA1-003",
        name: "Melderegisterauskunft",
        description: "Einfache Auskünfte über Anschriften, sofern keine Sperre eingetragen ist; Anfragen kommen überwiegend elektronisch.",
        owner: "modellierer",
        unit: "Einwohnermeldeamt",
        units: &["Gemeindekasse"],
        trigger: "Anfrage",
        result: "Auskunft erteilt oder abgelehnt",
        legal: &["Bundesmeldegesetz (BMG)"],
        cases: 700,
        it: &["Einwohnerkompass", "Serviceportal Musterland"],
        docs: &["Antrag", "Gebührenbescheid"],
        level: 4,
        keywords: &["Auskunft", "Anschrift"],
        service: Some(MELDEAUSKUNFT),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA1-004",
        name: "Personalausweis – Beantragung und Ausgabe",
        description: "Antragsaufnahme mit Lichtbild und Fingerabdrücken, Bestellung beim Ausweishersteller und Ausgabe.",
        owner: "modellierer",
        unit: "Einwohnermeldeamt",
        units: &["Gemeindekasse"],
        trigger: "Ablauf oder Verlust des Ausweises",
        result: "Personalausweis ausgehändigt",
        parties: &["Ausweishersteller"],
        legal: &["Personalausweisgesetz (PAuswG)"],
        cases: 650,
        it: &["Ausweisbrücke", "Einwohnerkompass"],
        docs: &[
            "Lichtbild (biometrisch)",
            "Personalausweis",
            "Gebührenbescheid",
        ],
        level: 2,
        keywords: &["Ausweis", "eID"],
        service: Some(PERSO),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA1-005",
        name: "Reisepass – Beantragung und Ausgabe",
        description: "Beantragung und Ausgabe von Reisepässen, auf Wunsch im Expressverfahren.",
        owner: "modellierer",
        unit: "Einwohnermeldeamt",
        units: &["Gemeindekasse"],
        trigger: "Antrag",
        result: "Reisepass ausgehändigt",
        parties: &["Ausweishersteller"],
        legal: &["Passgesetz (PaßG)"],
        cases: 260,
        it: &["Ausweisbrücke", "Einwohnerkompass"],
        docs: &["Lichtbild (biometrisch)", "Reisepass", "Gebührenbescheid"],
        level: 2,
        keywords: &["Pass", "Reise"],
        service: Some(PASS),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA1-006",
        name: "Antrag auf ein Führungszeugnis",
        description: "Das Einwohnermeldeamt nimmt den Antrag nach Identitätsprüfung auf und übermittelt ihn elektronisch an das Bundeszentralregister, das das Zeugnis versendet.",
        owner: "modellierer",
        unit: "Einwohnermeldeamt",
        units: &["Gemeindekasse"],
        trigger: "Persönliche Vorsprache",
        result: "Antrag übermittelt, Gebühr vereinnahmt",
        parties: &["Bundeszentralregister"],
        legal: &["Bundeszentralregistergesetz (BZRG)"],
        cases: 380,
        it: &["Einwohnerkompass"],
        docs: &["Antrag", "Personalausweis"],
        level: 3,
        keywords: &["Führungszeugnis", "Ehrenamt", "Arbeitgeber"],
        service: Some(FZ),
        status: Analysiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA-003",
        name: "Amtliche Beglaubigung",
        description: "Beglaubigung von Abschriften und Kopien zur Vorlage bei Behörden.",
        owner: "modellierer",
        unit: "Hauptamt",
        units: &["Einwohnermeldeamt"],
        trigger: "Vorsprache mit Original und Kopie",
        result: "Beglaubigte Kopie ausgehändigt",
        legal: &["Verwaltungsverfahrensgesetz (VwVfG)"],
        cases: 900,
        docs: &["Gebührenbescheid"],
        level: 0,
        keywords: &["Beglaubigung", "Kopie", "Abschrift"],
        service: Some(BEGLAUBIGUNG),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Bürgerdienste",
        identifier: "P-HA-004",
        name: "Fundsachen",
        description: "Annahme, Verwahrung und Herausgabe von Fundsachen im Bürgerbüro.",
        owner: "modellierer",
        unit: "Hauptamt",
        trigger: "Abgabe eines Fundstücks oder Verlustmeldung",
        result: "Fundsache herausgegeben oder verwertet",
        parties: &["Polizeidirektion"],
        legal: &["Bürgerliches Gesetzbuch (BGB)"],
        cases: 90,
        deadline: "Aufbewahrung 6 Monate nach Anzeige des Fundes (§ 973 BGB)",
        docs: &["Fundanzeige"],
        level: 0,
        keywords: &["Fundbüro", "Verlust"],
        service: Some(FUND),
        status: Identifiziert,
        ..P
    },
    // Ordnung und Gewerbe
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-HA2-001",
        name: "Gewerbeanmeldung",
        description: "Entgegennahme der Gewerbeanzeige (GewA 1), Prüfung auf Erlaubnispflichten, Empfangsbescheinigung und Weiterleitung an Kammern, Finanzamt und Statistik.",
        draft: "Gewerbeanmeldungen entgegennehmen.",
        owner: "modellierer",
        unit: "Gewerbeamt",
        units: &["Gemeindekasse"],
        trigger: "Beginn eines Gewerbes",
        result: "Gewerbe registriert, Empfangsbescheinigung erteilt",
        parties: &[
            "Finanzamt",
            "Handwerkskammer",
            "Industrie- und Handelskammer",
            "Statistisches Landesamt",
        ],
        legal: &["Gewerbeordnung (GewO)"],
        cases: 75,
        deadline: "Anzeige gleichzeitig mit dem Beginn (§ 14 GewO); Empfangsbescheinigung innerhalb von 3 Tagen (§ 15 GewO)",
        it: &["Gewerbekontor", "Serviceportal Musterland"],
        docs: &["Gewerbeanmeldung (GewA 1)", "Gebührenbescheid"],
        level: 3,
        keywords: &["Gewerbe", "Existenzgründung", "GewA 1"],
        service: Some(GEW_AN),
        status: Optimiert,
        versions: 3,
        release: true,
        note: "Online-Anzeige übernommen; Weiterleitung an die Kammern automatisiert",
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-HA2-002",
        name: "Gewerbeabmeldung",
        description: "Entgegennahme der Abmeldung (GewA 3) und Weiterleitung an die beteiligten Stellen.",
        owner: "modellierer",
        unit: "Gewerbeamt",
        trigger: "Aufgabe des Gewerbes",
        result: "Abmeldung registriert",
        parties: &[
            "Finanzamt",
            "Handwerkskammer",
            "Industrie- und Handelskammer",
            "Statistisches Landesamt",
        ],
        legal: &["Gewerbeordnung (GewO)"],
        cases: 60,
        it: &["Gewerbekontor"],
        docs: &["Gewerbeabmeldung (GewA 3)"],
        level: 3,
        keywords: &["Gewerbe", "Betriebsaufgabe"],
        service: Some(GEW_AB),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-HA2-003",
        name: "Gewerbeummeldung",
        description: "Entgegennahme der Ummeldung (GewA 2) bei Verlegung innerhalb der Gemeinde oder Änderung der Tätigkeit.",
        owner: "modellierer",
        unit: "Gewerbeamt",
        trigger: "Verlegung oder Änderung des Gewerbes",
        result: "Ummeldung registriert",
        parties: &["Finanzamt", "Industrie- und Handelskammer"],
        legal: &["Gewerbeordnung (GewO)"],
        cases: 20,
        it: &["Gewerbekontor"],
        docs: &["Gewerbeummeldung (GewA 2)"],
        level: 2,
        keywords: &["Gewerbe", "Verlegung"],
        service: Some(GEW_UM),
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-HA2-004",
        name: "Genehmigung von Veranstaltungen im öffentlichen Raum",
        description: "Vereine und Veranstalter zeigen Dorffeste, Märkte und Umzüge an; das Gewerbeamt holt Stellungnahmen von Feuerwehr und Polizei ein und erteilt die nötigen Erlaubnisse mit Auflagen.",
        owner: "lotse",
        unit: "Gewerbeamt",
        units: &["Bauamt"],
        trigger: "Anzeige oder Antrag des Veranstalters",
        result: "Veranstaltung mit Auflagen erlaubt",
        parties: &["Freiwillige Feuerwehr", "Polizeidirektion"],
        legal: &["Polizeiverordnung der Gemeinde", "Straßengesetz des Landes"],
        cases: 35,
        docs: &["Antrag", "Bescheid"],
        level: 1,
        keywords: &["Veranstaltung", "Dorffest", "Verein"],
        status: Analysiert,
        versions: 2,
        note: "Checkliste für Veranstalter ergänzt",
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-HA2-005",
        name: "Plakatierungserlaubnis",
        description: "Erlaubnis für Veranstaltungs- und Wahlplakate an Straßen und Masten mit Vorgaben zu Anzahl, Standorten und Entfernung.",
        owner: "lotse",
        unit: "Gewerbeamt",
        trigger: "Antrag",
        result: "Erlaubnis mit Auflagen erteilt",
        legal: &["Straßenverkehrs-Ordnung (StVO)", "Straßengesetz des Landes"],
        cases: 50,
        it: &["Serviceportal Musterland"],
        docs: &["Antrag", "Bescheid"],
        level: 3,
        keywords: &["Plakat", "Werbung", "Wahlwerbung"],
        service: Some(PLAKAT),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Ordnung und Gewerbe",
        identifier: "P-HA2-006",
        name: "Brauchtumsfeuer – Anzeige",
        description: "Oster- und Maifeuer werden vorher angezeigt; das Gewerbeamt prüft Standort und Brandschutz gemeinsam mit der Feuerwehr.",
        owner: "lotse",
        unit: "Gewerbeamt",
        trigger: "Anzeige des Veranstalters",
        result: "Feuer zugelassen oder untersagt",
        parties: &["Freiwillige Feuerwehr"],
        legal: &["Polizeiverordnung der Gemeinde"],
        cases: 15,
        docs: &["Antrag", "Stellungnahme"],
        level: 0,
        keywords: &["Osterfeuer", "Brandschutz"],
        status: Identifiziert,
        ..P
    },
    // Bauen und Liegenschaften
    Proc {
        area: "Bauen und Liegenschaften",
        identifier: "P-BA-001",
        name: "Gemeindliches Einvernehmen zu Bauanträgen",
        description: "Bauanträge gehen über die Gemeinde an die untere Bauaufsicht; das Bauamt prüft die planungsrechtliche Zulässigkeit und bereitet die Entscheidung über das Einvernehmen vor.",
        draft: "Stellungnahmen zu Bauanträgen.",
        owner: "modellierer",
        unit: "Bauamt",
        units: &["Bürgermeister"],
        trigger: "Eingang eines Bauantrags",
        result: "Einvernehmen erteilt oder versagt, Antrag weitergeleitet",
        parties: &["Landratsamt Elbtal", "Gemeinderat"],
        legal: &["Baugesetzbuch (BauGB)"],
        cases: 85,
        deadline: "Einvernehmen gilt als erteilt, wenn es nicht binnen 2 Monaten verweigert wird (§ 36 Abs. 2 BauGB)",
        it: &["Aktenfluss", "Geoblick"],
        docs: &["Stellungnahme", "Sitzungsvorlage"],
        level: 2,
        keywords: &["Bauantrag", "Einvernehmen", "Bauplanungsrecht"],
        status: Analysiert,
        versions: 3,
        note: "Fristüberwachung ergänzt: Einvernehmensfiktion nach zwei Monaten",
        ..P
    },
    Proc {
        area: "Bauen und Liegenschaften",
        identifier: "P-BA-002",
        name: "Vorkaufsrecht – Negativzeugnis",
        description: "Bei Grundstücksverkäufen prüft die Gemeinde, ob ihr ein Vorkaufsrecht zusteht und ob sie es ausüben will; sonst stellt sie dem Notariat ein Negativzeugnis aus.",
        owner: "modellierer",
        unit: "Bauamt",
        units: &["Kämmerei"],
        trigger: "Mitteilung des Kaufvertrags durch das Notariat",
        result: "Negativzeugnis erteilt oder Vorkaufsrecht ausgeübt",
        parties: &["Gemeinderat"],
        legal: &["Baugesetzbuch (BauGB)"],
        cases: 110,
        deadline: "Ausübung nur binnen 3 Monaten nach Mitteilung des Kaufvertrags (§ 28 Abs. 2 BauGB)",
        it: &["Geoblick", "Aktenfluss"],
        docs: &["Negativzeugnis", "Gebührenbescheid"],
        level: 1,
        keywords: &["Vorkaufsrecht", "Grundstück", "Notar"],
        service: Some(VORKAUF),
        status: Optimiert,
        ..P
    },
    Proc {
        area: "Bauen und Liegenschaften",
        identifier: "P-BA-003",
        name: "Winterdienst",
        description: "Der Bauhof räumt und streut die Gemeindestraßen nach Dringlichkeitsstufen; Rufbereitschaft und Einsatzprotokolle sichern die Verkehrssicherungspflicht.",
        owner: "lotse",
        unit: "Bauamt",
        trigger: "Glätte- oder Schneefallwarnung; Kontrollfahrt",
        result: "Straßen geräumt und gestreut, Einsatz dokumentiert",
        parties: &["Bauhof"],
        applicant: false,
        legal: &["Straßengesetz des Landes"],
        cases: 60,
        docs: &["Einsatzprotokoll Winterdienst"],
        level: 0,
        keywords: &["Winterdienst", "Streuen", "Räumen", "Verkehrssicherung"],
        criticality: Kritisch,
        downtime: "2 Stunden",
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Bauen und Liegenschaften",
        identifier: "P-BA-004",
        name: "Störungsmeldung Straßenbeleuchtung",
        description: "Ausgefallene Leuchten werden gemeldet und an den Betreiber weitergegeben.",
        owner: "lotse",
        unit: "Bauamt",
        trigger: "Meldung per Telefon, E-Mail oder Online-Formular",
        result: "Störung behoben",
        parties: &["Versorgungsunternehmen"],
        legal: &["Straßengesetz des Landes"],
        cases: 70,
        it: &["Serviceportal Musterland"],
        level: 3,
        keywords: &["Straßenbeleuchtung", "Störung"],
        service: Some(LICHT),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Bauen und Liegenschaften",
        identifier: "P-BA-005",
        name: "Vergabe von Grabstätten",
        description: "Vergabe des Nutzungsrechts an einer Grabstätte nach Wahl der Angehörigen, Festsetzung der Friedhofsgebühren und Abstimmung des Bestattungstermins.",
        owner: "modellierer",
        unit: "Bauamt",
        units: &["Steuern und Abgaben"],
        trigger: "Antrag der Angehörigen oder des Bestattungsunternehmens",
        result: "Nutzungsrecht vergeben, Gebühren festgesetzt",
        parties: &["Bestattungsunternehmen", "Bauhof"],
        legal: &[
            "Friedhofssatzung der Gemeinde",
            "Kommunalabgabengesetz des Landes (KAG)",
        ],
        cases: 95,
        it: &["Friedhofsbuch"],
        docs: &["Antrag", "Grabnutzungsurkunde", "Gebührenbescheid"],
        level: 1,
        keywords: &["Friedhof", "Grab", "Bestattung"],
        service: Some(GRAB),
        status: Dokumentiert,
        ..P
    },
    // Finanzen und Steuern
    Proc {
        area: "Finanzen und Steuern",
        identifier: "P-KÄ1-001",
        name: "Hundesteuer – An- und Abmeldung",
        description: "An- und Abmeldung von Hunden, Festsetzung der Hundesteuer und Ausgabe der Steuermarke.",
        owner: "admin",
        unit: "Steuern und Abgaben",
        units: &["Gemeindekasse"],
        trigger: "Anmeldung oder Abmeldung eines Hundes",
        result: "Steuerbescheid erlassen, Steuermarke ausgegeben",
        legal: &[
            "Hundesteuersatzung der Gemeinde",
            "Kommunalabgabengesetz des Landes (KAG)",
        ],
        cases: 140,
        deadline: "An- und Abmeldung innerhalb von 2 Wochen (Hundesteuersatzung)",
        it: &["Abgabenkontor"],
        docs: &["Antrag", "Steuerbescheid"],
        level: 1,
        keywords: &["Hund", "Hundesteuer", "Steuermarke"],
        service: Some(HUND),
        status: Analysiert,
        ..P
    },
    Proc {
        area: "Finanzen und Steuern",
        identifier: "P-KÄ1-002",
        name: "Grundsteuer – Festsetzung",
        description: "Festsetzung der Grundsteuer aus den Messbescheiden des Finanzamts mit dem Hebesatz der Gemeinde.",
        owner: "admin",
        unit: "Steuern und Abgaben",
        units: &["Gemeindekasse"],
        trigger: "Messbescheid des Finanzamts; Jahreswechsel",
        result: "Grundsteuerbescheid versandt",
        parties: &["Finanzamt"],
        applicant: false,
        legal: &["Grundsteuergesetz (GrStG)", "Abgabenordnung (AO)"],
        cases: 2600,
        deadline: "Fälligkeit zum 15.2., 15.5., 15.8. und 15.11. (§ 28 GrStG)",
        it: &["Abgabenkontor", "Haushaltswerk"],
        docs: &["Steuerbescheid"],
        level: 2,
        keywords: &["Grundsteuer", "Hebesatz"],
        criticality: Hoch,
        downtime: "1 Woche",
        service: Some(GRUNDST),
        status: Modelliert,
        ..P
    },
    Proc {
        area: "Finanzen und Steuern",
        identifier: "P-KÄ1-003",
        name: "Gewerbesteuer – Festsetzung",
        description: "Festsetzung der Gewerbesteuer und der Vorauszahlungen aus den Messbescheiden des Finanzamts.",
        owner: "admin",
        unit: "Steuern und Abgaben",
        units: &["Gemeindekasse"],
        trigger: "Gewerbesteuermessbescheid",
        result: "Gewerbesteuerbescheid erlassen",
        parties: &["Finanzamt"],
        legal: &["Gewerbesteuergesetz (GewStG)", "Abgabenordnung (AO)"],
        cases: 310,
        it: &["Abgabenkontor"],
        docs: &["Steuerbescheid"],
        level: 2,
        keywords: &["Gewerbesteuer", "Vorauszahlung"],
        service: Some(GEWST),
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Finanzen und Steuern",
        identifier: "P-KÄ1-004",
        name: "Elternbeiträge Kindertagesstätte",
        description: "Festsetzung der Elternbeiträge für die gemeindliche Kita nach Betreuungsumfang, mit Ermäßigung für Geschwisterkinder.",
        owner: "admin",
        unit: "Steuern und Abgaben",
        units: &["Hauptamt", "Gemeindekasse"],
        trigger: "Aufnahme eines Kindes; Änderung des Betreuungsumfangs",
        result: "Beitragsbescheid erlassen",
        legal: &[
            "Kita-Gesetz des Landes",
            "Kommunalabgabengesetz des Landes (KAG)",
        ],
        cases: 210,
        it: &["Abgabenkontor"],
        docs: &["Antrag", "Bescheid"],
        level: 1,
        keywords: &["Kita", "Elternbeitrag", "Geschwisterermäßigung"],
        service: Some(ELTERNBEITRAG),
        status: Modelliert,
        ..P
    },
    // Unterstützungsprozesse
    Proc {
        area: "Unterstützungsprozesse",
        identifier: "P-HA-005",
        name: "Posteingang",
        description: "Die Post wird im Hauptamt geöffnet, mit Eingangsstempel versehen und in Umlaufmappen verteilt; elektronische Eingänge werden ausgedruckt.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Hauptamt",
        trigger: "Täglicher Posteingang",
        result: "Post beim zuständigen Amt",
        applicant: false,
        cases: 9500,
        docs: &["Eingangspost"],
        level: 0,
        keywords: &["Post", "Umlaufmappe", "Medienbruch"],
        status: Analysiert,
        ..P
    },
    Proc {
        area: "Unterstützungsprozesse",
        identifier: "P-KÄ2-001",
        name: "Rechnungseingang und -prüfung",
        description: "Rechnungen werden in der Gemeindekasse erfasst, vom bestellenden Amt sachlich geprüft, vom Bürgermeister angeordnet und bezahlt.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Gemeindekasse",
        units: &["Bauamt", "Hauptamt", "Bürgermeister"],
        trigger: "Eingang einer Rechnung",
        result: "Rechnung bezahlt und gebucht",
        parties: &["Lieferanten und Auftragnehmer"],
        applicant: false,
        legal: &[
            "Umsatzsteuergesetz (UStG)",
            "Kommunalhaushaltsverordnung des Landes",
        ],
        cases: 3600,
        it: &["Rechnungsstrom", "Haushaltswerk"],
        docs: &["Rechnung", "Auszahlungsanordnung"],
        level: 2,
        keywords: &["Rechnung", "XRechnung", "Zahlung"],
        criticality: Hoch,
        downtime: "1 Woche",
        status: Modelliert,
        versions: 2,
        note: "Eingang von XRechnungen über das Landesportal ergänzt",
        ..P
    },
    Proc {
        area: "Unterstützungsprozesse",
        identifier: "P-KÄ2-002",
        name: "Mahnung und Vollstreckung",
        description: "Offene Forderungen werden gemahnt und bei Bedarf beigetrieben.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Gemeindekasse",
        trigger: "Fälligkeit ohne Zahlungseingang",
        result: "Forderung beglichen oder vollstreckt",
        legal: &["Verwaltungsvollstreckungsgesetz des Landes"],
        cases: 450,
        it: &["Haushaltswerk"],
        docs: &["Mahnung"],
        level: 1,
        keywords: &["Mahnung", "Vollstreckung"],
        status: Identifiziert,
        ..P
    },
    Proc {
        area: "Unterstützungsprozesse",
        identifier: "P-HA-006",
        name: "Urlaubsantrag",
        description: "Urlaub wird mit einem Formular beantragt, vom Bürgermeister genehmigt und im Hauptamt in der Urlaubskartei eingetragen.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Bürgermeister"],
        trigger: "Urlaubswunsch",
        result: "Urlaub genehmigt und eingetragen",
        applicant: false,
        legal: &["Tarifvertrag für den öffentlichen Dienst (TVöD)"],
        cases: 180,
        docs: &["Urlaubsantrag"],
        level: 0,
        keywords: &["Urlaub", "Abwesenheit"],
        status: Dokumentiert,
        ..P
    },
    Proc {
        area: "Unterstützungsprozesse",
        identifier: "P-HA-007",
        name: "Beschaffung",
        description: "Bestellung von Büromaterial, Ausstattung und Leistungen nach Vergleichsangeboten; größere Aufträge vergibt der Gemeinderat.",
        kind: Unterstuetzung,
        owner: "admin",
        unit: "Hauptamt",
        units: &["Kämmerei"],
        trigger: "Bedarfsmeldung",
        result: "Ware oder Leistung bestellt und geliefert",
        parties: &["Lieferanten und Auftragnehmer", "Gemeinderat"],
        applicant: false,
        legal: &["Unterschwellenvergabeordnung (UVgO)"],
        cases: 240,
        docs: &["Bestellung", "Rechnung"],
        level: 1,
        keywords: &["Einkauf", "Bestellung", "Vergabe"],
        status: Identifiziert,
        ..P
    },
];

// ---------------------------------------------------------------------------
// Services of the federal catalogue (LeiKa), as text. The comment names the
// LeiKa key; the OZG service, Themenfeld and Lebenslage are those the
// catalogue assigns.

const WOHNSITZ_AN: Svc = Svc {
    key: "99115005104000",
    name: "Wohnsitz Anmeldung",
    ozg: "Wohnsitzmeldungen",
    themenfeld: "Bauen & Wohnen",
    lebenslage: "Wohnen & Umzug",
};
const WOHNSITZ_AB: Svc = Svc {
    key: "99115005070000",
    name: "Wohnsitz Abmeldung",
    ozg: "Wohnsitzmeldungen",
    themenfeld: "Bauen & Wohnen",
    lebenslage: "Wohnen & Umzug",
};
const MELDEAUSKUNFT: Svc = Svc {
    key: "99115004000000",
    name: "Melderegisterauskunft",
    ozg: "Meldebescheinigung und -registerauskunft",
    themenfeld: "Querschnitt",
    lebenslage: "Querschnitt Bürger",
};
const PERSO: Svc = Svc {
    key: "99008001012000",
    name: "Personalausweis Ausstellung",
    ozg: "Personalausweis",
    themenfeld: "Querschnitt",
    lebenslage: "Querschnitt Bürger",
};
const PASS: Svc = Svc {
    key: "99085001012000",
    name: "Reisepass Ausstellung",
    ozg: "Reisepass",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Auslandsaufenthalt",
};
const FUND: Svc = Svc {
    key: "99089017000000",
    name: "Fundsachen",
    ozg: "Fundsachen",
    themenfeld: "Recht & Ordnung",
    lebenslage: "Weitere Leistungen",
};
const EHE: Svc = Svc {
    key: "99059001104000",
    name: "Eheschließung Anmeldung",
    ozg: "Eheschließung und -beurkundung",
    themenfeld: "Familie & Kind",
    lebenslage: "Eheschließung",
};
const GEBURT: Svc = Svc {
    key: "99027006000000",
    name: "Anzeige einer Geburt",
    ozg: "Geburtsanzeige",
    themenfeld: "Familie & Kind",
    lebenslage: "Geburt",
};
const STERBE: Svc = Svc {
    key: "99101011000000",
    name: "Anzeige eines Sterbefalls",
    ozg: "Sterbefallanzeige",
    themenfeld: "Gesundheit",
    lebenslage: "Tod",
};
const GEW_AN: Svc = Svc {
    key: "99050012104000",
    name: "Gewerbe Anmeldung",
    ozg: "Unternehmensanmeldung und -genehmigung",
    themenfeld: "Unternehmensführung & -entwicklung",
    lebenslage: "Unternehmensstart & Gewerbezulassung",
};
const GEW_AB: Svc = Svc {
    key: "99050012070000",
    name: "Gewerbe Abmeldung",
    ozg: "Unternehmensanmeldung und -genehmigung",
    themenfeld: "Unternehmensführung & -entwicklung",
    lebenslage: "Unternehmensstart & Gewerbezulassung",
};
const GEW_UM: Svc = Svc {
    key: "99050012071000",
    name: "Gewerbe Ummeldung",
    ozg: "Unternehmensanmeldung und -genehmigung",
    themenfeld: "Unternehmensführung & -entwicklung",
    lebenslage: "Unternehmensstart & Gewerbezulassung",
};
const GAST: Svc = Svc {
    key: "99025002000000",
    name: "Gaststättengewerbe",
    ozg: "Unternehmensanmeldung und -genehmigung",
    themenfeld: "Unternehmensführung & -entwicklung",
    lebenslage: "Unternehmensstart & Gewerbezulassung",
};
const SPERRZEIT: Svc = Svc {
    key: "99025004057000",
    name: "Sperrzeit Verkürzung",
    ozg: "Ausnahmengemehmigungen von Sperrzeit und Nachtruhe",
    themenfeld: "Unternehmensführung & -entwicklung",
    lebenslage: "Veranstaltungen",
};
const SONDERNUTZUNG: Svc = Svc {
    key: "99108012005000",
    name: "Sondernutzung von Straßen Erlaubnis",
    ozg: "Sondernutzung von Straßen und Verkehrsraumeinschränkung",
    themenfeld: "Unternehmensführung & -entwicklung",
    lebenslage: "Veranstaltungen",
};
const BEWOHNERPARK: Svc = Svc {
    key: "99108001001000",
    name: "Bewohnerparkausweis Erteilung",
    ozg: "Parkausweise und Zufahrtsberechtigungen",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Kfz-Besitz",
};
const STRASSENREINIGUNG: Svc = Svc {
    key: "99108028000000",
    name: "Straßenreinigung",
    ozg: "Mängel melden",
    themenfeld: "Engagement & Hobby",
    lebenslage: "Engagement & Beteiligung",
};
const BAUGEN: Svc = Svc {
    key: "99012008001000",
    name: "Baugenehmigung Erteilung",
    ozg: "Bauvorbescheid und Baugenehmigung",
    themenfeld: "Bauen & Wohnen",
    lebenslage: "Bauen & Immobilien",
};
const BAUVOR: Svc = Svc {
    key: "99012010001000",
    name: "Bauvorbescheid Erteilung",
    ozg: "Bauvorbescheid und Baugenehmigung",
    themenfeld: "Bauen & Wohnen",
    lebenslage: "Bauen & Immobilien",
};
const BAUM: Svc = Svc {
    key: "99093003001002",
    name: "Baumfällgenehmigung Erteilung auf privatem Grund",
    ozg: "Baumfällgenehmigung",
    themenfeld: "Bauen & Wohnen",
    lebenslage: "Wohnen & Umzug",
};
const LICHT: Svc = Svc {
    key: "99108020224000",
    name: "Störung der Straßenbeleuchtung Behebung",
    ozg: "Mängel melden",
    themenfeld: "Engagement & Hobby",
    lebenslage: "Engagement & Beteiligung",
};
const HUND: Svc = Svc {
    key: "99102013002000",
    name: "Hundesteuer Festsetzung",
    ozg: "Hundehaltung",
    themenfeld: "Engagement & Hobby",
    lebenslage: "Tierhaltung",
};
const GRUNDST: Svc = Svc {
    key: "99102012002000",
    name: "Grundsteuer Festsetzung",
    ozg: "Grundsteuer",
    themenfeld: "Bauen & Wohnen",
    lebenslage: "Wohnen & Umzug",
};
const GEWST: Svc = Svc {
    key: "99102010002000",
    name: "Gewerbesteuer Festsetzung",
    ozg: "Gewerbesteuer",
    themenfeld: "Steuern & Zoll",
    lebenslage: "Steuern & Abgaben",
};
const KFZ_NEU: Svc = Svc {
    key: "99036008007002",
    name: "Kraftfahrzeug Zulassung erstmalig",
    ozg: "Kraftfahrzeugzulassung, -um- und Abmeldung",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Logistik & Transport",
};
const KFZ_HALTER: Svc = Svc {
    key: "99036008007001",
    name: "Kraftfahrzeug Zulassung bei Halterwechsel",
    ozg: "Kraftfahrzeugzulassung, -um- und Abmeldung",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Logistik & Transport",
};
const KFZ_AB: Svc = Svc {
    key: "99036008070000",
    name: "Kraftfahrzeug Abmeldung",
    ozg: "Kraftfahrzeugzulassung, -um- und Abmeldung",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Logistik & Transport",
};
const FE: Svc = Svc {
    key: "99023002000000",
    name: "Fahrerlaubnis",
    ozg: "Führerschein",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Führerschein",
};
const FS_UMTAUSCH: Svc = Svc {
    key: "99023001051000",
    name: "Führerschein Umtausch",
    ozg: "Führerschein",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Führerschein",
};
const FE_C: Svc = Svc {
    key: "99023002020003",
    name: "Fahrerlaubnis Verlängerung Fahrerlaubnis der Klassen C und CE",
    ozg: "Führerschein",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Führerschein",
};
const HALTERAUSKUNFT: Svc = Svc {
    key: "99029003000000",
    name: "Halterauskunft",
    ozg: "Fahrzeugregistereintragung und -auskunft",
    themenfeld: "Mobilität & Reisen",
    lebenslage: "Logistik & Transport",
};
const AE: Svc = Svc {
    key: "99010001001000",
    name: "Aufenthaltserlaubnis Erteilung",
    ozg: "Aufenthaltstitel",
    themenfeld: "Ein- & Auswanderung",
    lebenslage: "Einwanderung",
};
const AE_VERL: Svc = Svc {
    key: "99010001020000",
    name: "Aufenthaltserlaubnis Verlängerung",
    ozg: "Aufenthaltstitel",
    themenfeld: "Ein- & Auswanderung",
    lebenslage: "Einwanderung",
};
const NE: Svc = Svc {
    key: "99010003001000",
    name: "Niederlassungserlaubnis Erteilung",
    ozg: "Aufenthaltstitel",
    themenfeld: "Ein- & Auswanderung",
    lebenslage: "Einwanderung",
};
const EINB: Svc = Svc {
    key: "99099002006000",
    name: "Einbürgerung Genehmigung",
    ozg: "Einbürgerung",
    themenfeld: "Ein- & Auswanderung",
    lebenslage: "Einwanderung",
};
const VERPFL: Svc = Svc {
    key: "99010005261000",
    name: "Verpflichtungserklärung Entgegennahme",
    ozg: "Verpflichtungserklärung",
    themenfeld: "Ein- & Auswanderung",
    lebenslage: "Einwanderung",
};
const LMBETRIEB: Svc = Svc {
    key: "99050048060000",
    name: "Registrierung von Lebensmittelbetrieben Eintragung",
    ozg: "Berufsregistereintragung, -auszüge und löschung",
    themenfeld: "Querschnitt",
    lebenslage: "Querschnitt Unternehmen",
};
const WOHNGELD: Svc = Svc {
    key: "99107023017000",
    name: "Wohngeld Bewilligung",
    ozg: "Wohngeld",
    themenfeld: "Arbeit & Ruhestand",
    lebenslage: "Finanzielle Existenzsicherung/Unterstützung bei finanziellen Problemen",
};
const PFLEGE: Svc = Svc {
    key: "99107014017000",
    name: "Hilfe zur Pflege Bewilligung",
    ozg: "Hilfe zur Pflege",
    themenfeld: "Gesundheit",
    lebenslage: "Pflege",
};
const GRUNDSICH: Svc = Svc {
    key: "99107009017000",
    name: "Grundsicherung im Alter und bei Erwerbsminderung (SGB XII) Bewilligung",
    ozg: "Grundsicherung im Alter und bei Erwerbsminderung",
    themenfeld: "Arbeit & Ruhestand",
    lebenslage: "Finanzielle Existenzsicherung/Unterstützung bei finanziellen Problemen",
};
const HZE: Svc = Svc {
    key: "99060006080000",
    name: "Hilfe zur Erziehung Gewährung",
    ozg: "Gewährung von Hilfen zur Erziehung",
    themenfeld: "Familie & Kind",
    lebenslage: "Kinderbetreuung",
};
const UVG: Svc = Svc {
    key: "99107021017000",
    name: "Unterhaltsvorschuss Bewilligung",
    ozg: "Unterhaltsvorschuss",
    themenfeld: "Familie & Kind",
    lebenslage: "Trennung mit Kind",
};
const VATERSCHAFT: Svc = Svc {
    key: "99133001026000",
    name: "Erklärung zur Vaterschaftsanerkennung Beurkundung",
    ozg: "Erklärung zur Vaterschafts-/Mutterschaftsanerkennung",
    themenfeld: "Familie & Kind",
    lebenslage: "Geburt",
};
const KTP: Svc = Svc {
    key: "99071005080000",
    name: "Förderung in Kindertagespflege Gewährung",
    ozg: "Kindertagesbetreuung",
    themenfeld: "Familie & Kind",
    lebenslage: "Kinderbetreuung",
};
const EINWVERS: Svc = Svc {
    key: "99030006058000",
    name: "Einwohnerversammlung Durchführung",
    ozg: "Einwohnerfragestunde und -versammlung",
    themenfeld: "Engagement & Hobby",
    lebenslage: "Engagement & Beteiligung",
};
const FZ: Svc = Svc {
    key: "99049001001000",
    name: "Führungszeugnis Erteilung",
    ozg: "Führungszeugnis",
    themenfeld: "Querschnitt",
    lebenslage: "Querschnitt Unternehmen",
};
const PLAKAT: Svc = Svc {
    key: "99108012005005",
    name: "Sondernutzung von Straßen Erlaubnis zum Anbringen von Plakaten",
    ozg: "Sondernutzung von Straßen und Verkehrsraumeinschränkung",
    themenfeld: "Unternehmensführung & -entwicklung",
    lebenslage: "Veranstaltungen",
};
const VORKAUF: Svc = Svc {
    key: "99012038000000",
    name: "Vorkaufsrecht der Gemeinde",
    ozg: "Negativzeugnis über gemeindliches Vorkaufsrecht",
    themenfeld: "Bauen & Wohnen",
    lebenslage: "Hausbau & Immobilienerwerb",
};
const GRAB: Svc = Svc {
    key: "99101001107000",
    name: "Nutzungsrecht für eine Grabstelle Vergabe",
    ozg: "Bestattung",
    themenfeld: "Gesundheit",
    lebenslage: "Tod",
};
const ELTERNBEITRAG: Svc = Svc {
    key: "99071007002000",
    name: "Elternbeitrag Festsetzung",
    ozg: "Kindertagesbetreuung",
    themenfeld: "Familie & Kind",
    lebenslage: "Kinderbetreuung",
};
const BEGLAUBIGUNG: Svc = Svc {
    key: "99014003035000",
    name: "Abschriften Beglaubigung",
    ozg: "Urkundenbeglaubigung und -ersatz",
    themenfeld: "Querschnitt",
    lebenslage: "Querschnitt Unternehmen",
};
const BRIEFWAHL: Svc = Svc {
    key: "99128001000000",
    name: "Briefwahl",
    ozg: "Wahlschein und Briefwahl",
    themenfeld: "Engagement & Hobby",
    lebenslage: "Engagement & Beteiligung",
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The org units and people of demo.rs, as this module relies on them.
    fn demo_units(kind: OrgKind) -> &'static [&'static str] {
        match kind {
            OrgKind::Stadt => &[
                "Dezernat I – Verwaltung und Finanzen",
                "Hauptamt",
                "Sachgebiet Personal",
                "Sachgebiet Organisation und IT",
                "Kämmerei",
                "Sachgebiet Haushalt",
                "Stadtkasse",
                "Dezernat II – Ordnung und Bürgerdienste",
                "Ordnungsamt",
                "Sachgebiet Gewerbe",
                "Sachgebiet Verkehrsüberwachung",
                "Bürgeramt",
                "Sachgebiet Meldewesen",
                "Sachgebiet Pass- und Ausweiswesen",
                "Standesamt",
                "Dezernat III – Bau und Umwelt",
                "Bauordnungsamt",
                "Tiefbauamt",
                "Umweltamt",
            ],
            OrgKind::Landkreis => &[
                "Dezernat 1 – Zentrale Dienste",
                "Haupt- und Personalamt",
                "Kreiskämmerei",
                "Dezernat 2 – Ordnung und Verkehr",
                "Straßenverkehrsamt",
                "Sachgebiet Zulassung",
                "Sachgebiet Fahrerlaubnis",
                "Ausländerbehörde",
                "Lebensmittelüberwachungs- und Veterinäramt",
                "Dezernat 3 – Soziales und Jugend",
                "Sozialamt",
                "Jugendamt",
            ],
            OrgKind::Gemeinde => &[
                "Bürgermeister",
                "Hauptamt",
                "Einwohnermeldeamt",
                "Gewerbeamt",
                "Kämmerei",
                "Steuern und Abgaben",
                "Gemeindekasse",
                "Bauamt",
            ],
            _ => &[],
        }
    }

    fn demo_people(kind: OrgKind) -> &'static [&'static str] {
        match kind {
            OrgKind::Stadt => &["admin", "modellierer", "betrachter", "lotse"],
            OrgKind::Landkreis => &["admin", "modellierer", "betrachter", "redaktion", "lotse"],
            OrgKind::Gemeinde => &["admin", "modellierer", "betrachter", "lotse"],
            _ => &[],
        }
    }

    const KINDS: [OrgKind; 3] = [OrgKind::Stadt, OrgKind::Landkreis, OrgKind::Gemeinde];

    fn unique<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
        let mut seen = HashSet::new();
        for n in names {
            assert!(!n.trim().is_empty(), "empty {what}");
            assert!(seen.insert(n.to_lowercase()), "{what} {n:?} twice");
        }
        seen
    }

    /// Ids made up for every name, as the seed would find them.
    fn fake_ids(kind: OrgKind, d: &OrgData) -> Ids {
        let id = |_: &str| Uuid::new_v4();
        Ids {
            units: demo_units(kind)
                .iter()
                .map(|u| ((*u).to_owned(), id(u)))
                .collect(),
            areas: d.areas.iter().map(|a| (a.0.to_owned(), id(a.0))).collect(),
            catalog: d
                .it_systems
                .iter()
                .map(|e| ("it_system", e.0))
                .chain(d.legal_bases.iter().map(|e| ("legal_basis", e.0)))
                .chain(d.external_parties.iter().map(|e| ("external_party", e.0)))
                .chain(d.documents.iter().map(|e| ("document", e.0)))
                .map(|(k, n)| ((k.to_owned(), n.to_owned()), id(n)))
                .collect(),
            people: demo_people(kind)
                .iter()
                .map(|p| ((*p).to_owned(), id(p)))
                .collect(),
        }
    }

    #[test]
    fn every_name_a_process_refers_to_exists() {
        for kind in KINDS {
            let d = data(kind).expect("demo data");
            let mut areas = HashSet::new();
            for (name, parent) in d.areas {
                if let Some(p) = parent {
                    assert!(
                        areas.contains(*p),
                        "{kind:?}: parent {p:?} of area {name:?} must come first"
                    );
                }
                assert!(areas.insert(*name), "{kind:?}: area {name:?} twice");
            }
            let it = unique("it system", d.it_systems.iter().map(|e| e.0));
            let legal = unique("legal basis", d.legal_bases.iter().map(|e| e.0));
            let parties = unique("external party", d.external_parties.iter().map(|e| e.0));
            let docs = unique("document", d.documents.iter().map(|e| e.0));
            unique("process name", d.processes.iter().map(|p| p.name));
            unique("identifier", d.processes.iter().map(|p| p.identifier));
            let units = demo_units(kind);
            for p in d.processes {
                let at = format!("{kind:?} / {:?}", p.name);
                assert!(areas.contains(p.area), "{at}: unknown area {:?}", p.area);
                assert!(
                    demo_people(kind).contains(&p.owner),
                    "{at}: unknown owner {:?}",
                    p.owner
                );
                assert!(p.owner != "betrachter", "{at}: a viewer owns no process");
                for u in std::iter::once(&p.unit).chain(p.units) {
                    assert!(units.contains(u), "{at}: unknown org unit {u:?}");
                }
                assert!(
                    !p.units.contains(&p.unit),
                    "{at}: responsible unit listed as participant"
                );
                for (set, names, what) in [
                    (&it, p.it, "IT system"),
                    (&legal, p.legal, "legal basis"),
                    (&parties, p.parties, "external party"),
                    (&docs, p.docs, "document"),
                ] {
                    for n in names {
                        assert!(
                            set.contains(&n.to_lowercase()),
                            "{at}: unknown {what} {n:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_service_has_a_key_and_one_name() {
        let mut names: HashMap<&str, &str> = HashMap::new();
        for kind in KINDS {
            for s in data(kind)
                .unwrap()
                .processes
                .iter()
                .filter_map(|p| p.service)
            {
                assert!(
                    LeikaKey::parse(s.key).is_some(),
                    "{}: key {:?}",
                    s.name,
                    s.key
                );
                let name = names.entry(s.key).or_insert(s.name);
                assert_eq!(*name, s.name, "key {} names two services", s.key);
            }
        }
        assert_eq!(services().len(), names.len());
    }

    #[test]
    fn every_version_of_every_profile_validates() {
        for kind in KINDS {
            let d = data(kind).unwrap();
            let ids = fake_ids(kind, d);
            for p in d.processes {
                assert!((1..=3).contains(&p.versions), "{}: 1–3 versions", p.name);
                let mut last = Identifiziert;
                for step in 1..=p.versions {
                    let profile = profile(p, step, &ids, Some(Uuid::new_v4())).unwrap();
                    let errors = profile.validate();
                    assert!(errors.is_empty(), "{}: {errors:?}", p.name);
                    assert_eq!(
                        profile,
                        profile.clone().normalised(),
                        "{}: untrimmed text",
                        p.name
                    );
                    assert!(
                        !profile.description.is_empty()
                            && !profile.trigger.is_empty()
                            && !profile.result.is_empty()
                    );
                    let (status, note) = step_status(p, step);
                    assert!(
                        status >= last,
                        "{}: status goes back in version {step}",
                        p.name
                    );
                    assert!(!note.is_empty());
                    last = status;
                }
                assert!(p.level <= 4 && p.cases > 0, "{}: level and cases", p.name);
                assert_eq!(
                    p.criticality == Criticality::Normal,
                    p.downtime.is_empty(),
                    "{}: downtime iff critical",
                    p.name
                );
                if p.release {
                    assert!(
                        p.status >= Analysiert,
                        "{}: released before analysis",
                        p.name
                    );
                }
                if p.versions > 1 {
                    assert!(
                        p.status >= Dokumentiert,
                        "{}: history needs progress",
                        p.name
                    );
                }
            }
        }
    }

    #[test]
    fn each_organisation_gets_a_full_register() {
        for kind in KINDS {
            let d = data(kind).unwrap();
            assert!(
                d.processes.len() >= 30,
                "{kind:?}: {} processes",
                d.processes.len()
            );
            for s in [
                Identifiziert,
                Dokumentiert,
                Modelliert,
                Analysiert,
                Optimiert,
            ] {
                assert!(
                    d.processes.iter().any(|p| p.status == s),
                    "{kind:?}: no process {s:?}"
                );
            }
            for t in ProcessType::ALL {
                assert!(
                    d.processes.iter().any(|p| p.kind == t),
                    "{kind:?}: no {t:?} process"
                );
            }
            assert!(
                d.processes.iter().any(|p| p.release),
                "{kind:?}: nothing released"
            );
            assert!(
                d.processes.iter().filter(|p| p.versions > 1).count() >= 3,
                "{kind:?}: too little history"
            );
            assert!(
                d.processes.iter().any(|p| p.criticality == Kritisch),
                "{kind:?}: nothing critical"
            );
        }
        let stadt: Vec<_> = STADT.processes.iter().map(|p| p.name).collect();
        for name in [
            "Gewerbeanmeldung",
            "Anmeldung einer Wohnung",
            "Hundesteuer – An- und Abmeldung",
            "Straßenreinigung",
            "Posteingang",
            "Rechnungseingang und -prüfung",
            "Urlaubsantrag",
            "Sitzungsdienst",
        ] {
            assert!(stadt.contains(&name), "Stadt lacks {name:?}");
        }
        assert!(data(OrgKind::Zweckverband).is_none());
    }

    #[test]
    fn the_first_version_is_a_rough_inventory_entry() {
        let p = STADT
            .processes
            .iter()
            .find(|p| p.name == "Gewerbeanmeldung")
            .unwrap();
        let ids = fake_ids(OrgKind::Stadt, &STADT);
        let v1 = profile(p, 1, &ids, None).unwrap();
        let v2 = profile(p, 2, &ids, None).unwrap();
        let v3 = profile(p, 3, &ids, None).unwrap();
        assert_eq!(v1.description, "Entgegennahme von Gewerbeanmeldungen.");
        assert!(v1.legal_bases.is_empty() && v1.it_systems.is_empty());
        assert!(!v2.legal_bases.is_empty() && v2.it_systems.is_empty());
        assert_eq!(v2.digitisation_level, Some(2));
        assert_eq!(v3.digitisation_level, Some(3));
        assert_eq!(v3.service_name, "Gewerbe Anmeldung");
        assert_eq!(v3.cases_per_year, Some(650));
        assert_eq!(first_sentence("Erster Satz. Zweiter Satz."), "Erster Satz.");
    }

    /// Seeds the real demo organisations (units and people from demo.rs)
    /// into a scratch SQLite database.
    #[tokio::test]
    async fn seeds_the_demo_organisations() {
        let path =
            std::env::temp_dir().join(format!("ablauf-demo-processes-{}.db", Uuid::new_v4()));
        let store = Store::connect(&format!("sqlite://{}", path.display()), 2)
            .await
            .unwrap();
        store.migrate().await.unwrap();
        crate::demo::seed_with(&store, true).await.unwrap();
        // Every service a demo process names is in the catalogue, once.
        let services = services();
        assert!(services.len() >= 40, "{}", services.len());
        for s in &services {
            let row = store.get_service(s.key.as_str()).await.unwrap().unwrap();
            assert_eq!(row.name, s.name);
        }
        for o in store.list_organizations().await.unwrap() {
            let kind = OrgKind::parse(&o.kind).unwrap();
            let d = data(kind).unwrap();
            let rows = store
                .list_processes(o.id, &ablauf_store::RegisterFilter::default())
                .await
                .unwrap();
            assert_eq!(rows.len(), d.processes.len(), "{}", o.name);
            assert_eq!(store.list_areas(o.id).await.unwrap().len(), d.areas.len());
            let released = rows.iter().filter(|r| r.released_version.is_some()).count();
            assert_eq!(released, d.processes.iter().filter(|p| p.release).count());
            for r in &rows {
                let p = d.processes.iter().find(|p| p.name == r.name).unwrap();
                // Its versions, and one more for the demo model.
                let model = crate::demo_models::has_model(&o.name, p.name);
                assert_eq!(
                    r.version,
                    i64::from(p.versions) + i64::from(model),
                    "{}",
                    p.name
                );
                assert!(r.owner_id.is_some() && r.org_unit_id.is_some());
                let (_, v) = store.get_process(o.id, r.id).await.unwrap();
                assert_eq!(v.profile().legal_bases.len(), p.legal.len());
                assert_eq!(r.service_key.as_deref(), p.service.map(|s| s.key));
            }
        }
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
