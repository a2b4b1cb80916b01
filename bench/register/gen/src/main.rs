//! Fills a fresh database with a large process register for the register
//! benchmark (`bench/register/run.sh`): the demo content (`--demo`: people,
//! org units, the demo process maps and catalogues), then N processes in
//! one organisation, written through the real store (`Store::create_process`,
//! which also fills the search index, and `Store::release_process`), exactly
//! as the web form and the API write them.
//!
//! The processes are derived from the service catalogue in
//! `../shared/data/leika/leika-ozg.csv` (LeiKa names, OZG services,
//! Themenfelder, Lebenslagen, legal bases), varied as a large city's
//! register would hold them: sub-processes ("… – Bearbeitung"), branch
//! offices ("… (Ortsteil Nord)"), local names ("Gewerbeanmeldung",
//! "Sperrmüllabholung auf Abruf") and internal support processes
//! ("Urlaubsantrag bearbeiten", "Eingangsrechnungen prüfen und freigeben").
//! Everything is chosen by a seeded random generator per process, so a
//! rerun with the same seed writes the same register on either backend,
//! whatever the concurrency.
//!
//! ```sh
//! cargo run --release -p register-gen -- \
//!     --database-url sqlite:///tmp/reg/ablauf.db --processes 100000 --stats /tmp/reg/stats.json
//! ```
//!
//! Options: `--database-url URL` (required), `--processes N` (100000),
//! `--catalogue FILE` (the shared LeiKa CSV), `--org NAME` ("Stadt
//! Musterstadt"), `--concurrency C` (1 on SQLite, whose writers queue
//! anyway; 4 on PostgreSQL), `--legal-bases N` (600 catalogue entries from
//! the CSV), `--seed S` (42), `--stats FILE` (JSON summary for the script).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use ablauf_domain::process::{Criticality, ProcessType, Profile, Status};
use ablauf_domain::{AreaId, EntryId, OrgUnitId, UserId};
use ablauf_domain::{ReferenceKind, Role};
use ablauf_store::{Actor, OrgId, Save, Store, StoreError, UnitInput};
use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use uuid::Uuid;

// ------------------------------------------------------------------ input

struct Args {
    database_url: String,
    processes: usize,
    catalogue: PathBuf,
    org: String,
    concurrency: Option<usize>,
    legal_bases: usize,
    seed: u64,
    stats: Option<PathBuf>,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        database_url: String::new(),
        processes: 100_000,
        catalogue: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../../shared/data/leika/leika-ozg.csv"),
        org: "Stadt Musterstadt".into(),
        concurrency: None,
        legal_bases: 600,
        seed: 42,
        stats: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| anyhow!("{flag} needs a value"));
        match flag.as_str() {
            "--database-url" => a.database_url = value()?,
            "--processes" => a.processes = value()?.parse()?,
            "--catalogue" => a.catalogue = value()?.into(),
            "--org" => a.org = value()?,
            "--concurrency" => a.concurrency = Some(value()?.parse()?),
            "--legal-bases" => a.legal_bases = value()?.parse()?,
            "--seed" => a.seed = value()?.parse()?,
            "--stats" => a.stats = Some(value()?.into()),
            "-h" | "--help" => {
                println!("see the comment at the top of bench/register/gen/src/main.rs");
                std::process::exit(0);
            }
            other => bail!("unknown option {other}"),
        }
    }
    if a.database_url.is_empty() {
        bail!("--database-url is required");
    }
    Ok(a)
}

/// Rows of a CSV file (RFC 4180: quotes, doubled quotes, line breaks in
/// quotes, CRLF).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// One row of the service catalogue.
struct Service {
    key: Option<String>,
    name: String,
    /// The first law of the `rechtsgrundlage` column: (name, link).
    law: Option<(String, String)>,
    ozg: String,
    lebenslage: String,
    themenfeld: String,
}

fn first_law(raw: &str) -> Option<(String, String)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let (name, rest) = match raw.find(" [") {
        Some(i) => (&raw[..i], &raw[i + 2..]),
        None => (raw, ""),
    };
    let link = rest.split(']').next().unwrap_or("").trim();
    let name: String = name.trim().chars().take(190).collect();
    (!name.is_empty()).then(|| (name, link.to_owned()))
}

fn read_catalogue(path: &PathBuf) -> anyhow::Result<Vec<Service>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the service catalogue {}", path.display()))?;
    let mut rows = csv_rows(&text).into_iter();
    let header = rows.next().ok_or_else(|| anyhow!("empty catalogue"))?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| anyhow!("catalogue lacks the column {name}"))
    };
    let (k, n, r, o, l, t) = (
        col("leika_schluessel")?,
        col("leika_bezeichnung")?,
        col("rechtsgrundlage")?,
        col("ozg_leistung")?,
        col("lebenslage")?,
        col("themenfeld")?,
    );
    let get =
        |row: &[String], i: usize| row.get(i).map(|s| s.trim().to_owned()).unwrap_or_default();
    Ok(rows
        .filter(|row| !get(row, n).is_empty())
        .map(|row| {
            let key = get(&row, k);
            Service {
                key: (key.len() == 14 && key.bytes().all(|b| b.is_ascii_digit())).then_some(key),
                // Some names carry double spaces; people would not type them.
                name: get(&row, n)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                law: first_law(&get(&row, r)),
                ozg: get(&row, o),
                lebenslage: get(&row, l),
                themenfeld: get(&row, t),
            }
        })
        .collect())
}

// ------------------------------------------------------------- vocabulary

/// Names a city uses for its own processes beside the catalogue's wording:
/// (name, Themenfeld it belongs to, keywords).
const LOCAL: &[(&str, &str, &[&str])] = &[
    (
        "Gewerbeanmeldung",
        "Unternehmensführung & -entwicklung",
        &["Gewerbe", "Anzeige", "GewO"],
    ),
    (
        "Gewerbeummeldung",
        "Unternehmensführung & -entwicklung",
        &["Gewerbe", "Änderung"],
    ),
    (
        "Gewerbeabmeldung",
        "Unternehmensführung & -entwicklung",
        &["Gewerbe", "Aufgabe"],
    ),
    (
        "Wohnsitzanmeldung",
        "Querschnitt",
        &["Meldewesen", "Umzug", "Zuzug"],
    ),
    (
        "Ummeldung der Wohnung innerhalb der Stadt",
        "Querschnitt",
        &["Meldewesen", "Umzug"],
    ),
    (
        "Abmeldung ins Ausland",
        "Ein- & Auswanderung",
        &["Meldewesen", "Wegzug"],
    ),
    (
        "Meldebescheinigung ausstellen",
        "Querschnitt",
        &["Meldewesen", "Bescheinigung"],
    ),
    (
        "Hundesteuer – An- und Abmeldung",
        "Steuern & Zoll",
        &["Hund", "Steuer", "Hundemarke"],
    ),
    (
        "Hundesteuerbescheid erstellen",
        "Steuern & Zoll",
        &["Hund", "Steuer", "Bescheid"],
    ),
    (
        "Sperrmüllabholung auf Abruf",
        "Umwelt",
        &["Abfall", "Sperrmüll", "Termin"],
    ),
    ("Müllgebührenbescheid", "Umwelt", &["Abfall", "Gebühren"]),
    (
        "Anmeldung einer Restmülltonne",
        "Umwelt",
        &["Abfall", "Müll", "Tonne"],
    ),
    (
        "Straßenreinigungsgebühren festsetzen",
        "Bauen & Wohnen",
        &["Straßenreinigung", "Gebühren"],
    ),
    (
        "Straßensperrung für einen Umzug",
        "Mobilität & Reisen",
        &["Halteverbot", "Umzug"],
    ),
    (
        "Sondernutzung öffentlicher Straßen",
        "Mobilität & Reisen",
        &["Sondernutzung", "Straße"],
    ),
    (
        "Bewohnerparkausweis",
        "Mobilität & Reisen",
        &["Parken", "Anwohner"],
    ),
    (
        "Parkausweis für Handwerksbetriebe",
        "Mobilität & Reisen",
        &["Parken", "Handwerk"],
    ),
    (
        "Parkausweis für Menschen mit Behinderung",
        "Mobilität & Reisen",
        &["Parken", "Schwerbehinderung"],
    ),
    (
        "Kita-Platzvergabe",
        "Familie & Kind",
        &["Kindertagesstätte", "Betreuung"],
    ),
    (
        "Kita-Gebührenbescheid",
        "Familie & Kind",
        &["Kindertagesstätte", "Elternbeitrag"],
    ),
    (
        "Anmeldung zur Eheschließung",
        "Familie & Kind",
        &["Standesamt", "Heirat", "Trauung"],
    ),
    (
        "Trauung im Standesamt",
        "Familie & Kind",
        &["Standesamt", "Heirat"],
    ),
    (
        "Personalausweis beantragen",
        "Querschnitt",
        &["Ausweis", "Bürgerbüro"],
    ),
    (
        "Vorläufigen Personalausweis ausstellen",
        "Querschnitt",
        &["Ausweis", "Bürgerbüro"],
    ),
    (
        "Reisepass beantragen",
        "Mobilität & Reisen",
        &["Pass", "Bürgerbüro"],
    ),
    (
        "Führerschein umtauschen",
        "Mobilität & Reisen",
        &["Fahrerlaubnis", "Kartenführerschein"],
    ),
    (
        "Fahrerlaubnis Ersterteilung",
        "Mobilität & Reisen",
        &["Fahrerlaubnis", "Prüfung"],
    ),
    (
        "Kfz-Zulassung",
        "Mobilität & Reisen",
        &["Zulassung", "Fahrzeug"],
    ),
    (
        "Kfz-Außerbetriebsetzung",
        "Mobilität & Reisen",
        &["Zulassung", "Fahrzeug"],
    ),
    (
        "Wohngeldantrag bearbeiten",
        "Bauen & Wohnen",
        &["Wohngeld", "Mietzuschuss"],
    ),
    (
        "Bauantrag prüfen",
        "Bauen & Wohnen",
        &["Baugenehmigung", "Bauaufsicht"],
    ),
    (
        "Baugenehmigung im vereinfachten Verfahren",
        "Bauen & Wohnen",
        &["Bauantrag", "Bauaufsicht"],
    ),
    (
        "Baumfällgenehmigung",
        "Umwelt",
        &["Baumschutzsatzung", "Fällung"],
    ),
    (
        "Fundsachen annehmen und herausgeben",
        "Querschnitt",
        &["Fundbüro"],
    ),
    (
        "Einbürgerungsantrag bearbeiten",
        "Ein- & Auswanderung",
        &["Staatsangehörigkeit", "Einbürgerung"],
    ),
    (
        "Elterngeld beantragen",
        "Familie & Kind",
        &["Elterngeld", "Geburt"],
    ),
    (
        "Grundsteuerbescheid erstellen",
        "Steuern & Zoll",
        &["Grundsteuer", "Bescheid"],
    ),
    (
        "Veranstaltungsgenehmigung",
        "Engagement & Hobby",
        &["Veranstaltung", "Fest"],
    ),
    (
        "Gaststättenerlaubnis und Schankerlaubnis",
        "Unternehmensführung & -entwicklung",
        &["Gaststätte", "Ausschank"],
    ),
    (
        "Anwohnerparken verwalten",
        "Mobilität & Reisen",
        &["Parkausweis", "Bewohner"],
    ),
];

/// Internal support and management processes: (name, keywords).
const INTERNAL: &[(&str, &[&str])] = &[
    (
        "Eingangsrechnungen prüfen und freigeben",
        &["Rechnung", "XRechnung", "Kreditoren"],
    ),
    (
        "Ausgangsrechnungen für Gebühren stellen",
        &["Rechnung", "Debitoren"],
    ),
    ("Mahnwesen und Vollstreckung", &["Mahnung", "Forderung"]),
    ("Urlaubsantrag bearbeiten", &["Urlaub", "Abwesenheit"]),
    ("Urlaubsplanung im Team", &["Urlaub", "Vertretung"]),
    (
        "Dienstreiseantrag und Reisekostenabrechnung",
        &["Dienstreise", "Abrechnung"],
    ),
    (
        "Stellenausschreibung veröffentlichen",
        &["Personal", "Bewerbung"],
    ),
    (
        "Personalauswahlverfahren",
        &["Personal", "Vorstellungsgespräch"],
    ),
    (
        "Einarbeitung neuer Beschäftigter",
        &["Onboarding", "Personal"],
    ),
    (
        "Beschaffung von Büromaterial",
        &["Beschaffung", "Bestellung"],
    ),
    (
        "Vergabe unterschwelliger Aufträge",
        &["Vergabe", "Ausschreibung"],
    ),
    ("Haushaltsplan aufstellen", &["Haushalt", "Budget"]),
    ("Jahresabschluss erstellen", &["Haushalt", "Bilanz"]),
    ("IT-Störung melden und beheben", &["Servicedesk", "Ticket"]),
    ("Benutzerkonto einrichten", &["IT", "Berechtigung"]),
    ("Posteingang und Scanstelle", &["Post", "Digitalisierung"]),
    (
        "Akten aussondern und vernichten",
        &["Archiv", "Datenschutz"],
    ),
    (
        "Sitzung des Stadtrats vorbereiten",
        &["Gremien", "Sitzungsdienst"],
    ),
    ("Beschwerdemanagement", &["Beschwerde", "Bürgeranliegen"]),
    (
        "Arbeitszeiterfassung und Gleitzeit",
        &["Arbeitszeit", "Personal"],
    ),
    (
        "Krankmeldung bearbeiten",
        &["Arbeitsunfähigkeit", "Personal"],
    ),
    (
        "Fortbildungsantrag genehmigen",
        &["Fortbildung", "Personalentwicklung"],
    ),
    ("Zahlungsanordnung erstellen", &["Kasse", "Rechnung"]),
    (
        "Rechnungsprüfung durch das Rechnungsprüfungsamt",
        &["Rechnung", "Prüfung"],
    ),
];

const STEPS: &[&str] = &[
    "Bearbeitung",
    "Antragsprüfung",
    "Bescheiderstellung",
    "Widerspruchsverfahren",
    "Online-Antrag",
    "Auskunft und Beratung",
    "Gebührenerhebung",
    "Fristüberwachung",
    "Aktenablage und Archivierung",
    "Vorprüfung der Unterlagen",
];

const PLACES: &[&str] = &[
    "Ortsteil Nord",
    "Ortsteil Süd",
    "Ortsteil Ost",
    "Ortsteil West",
    "Bürgerbüro Mitte",
    "Außenstelle Altstadt",
    "Außenstelle Hafen",
    "Bezirksamt Weststadt",
];

const TRIGGERS: &[&str] = &[
    "Eingang eines schriftlichen Antrags",
    "Online-Antrag über das Serviceportal",
    "Vorsprache im Bürgerbüro",
    "Mitteilung einer anderen Behörde",
    "Ablauf einer Frist",
    "Anzeige eines Unternehmens",
    "Hinweis aus der Bevölkerung",
    "Anforderung aus einer Fachabteilung",
];

const RESULTS: &[&str] = &[
    "Bescheid an die antragstellende Person",
    "erteilte Genehmigung",
    "Ablehnung mit Begründung und Rechtsbehelfsbelehrung",
    "Eintrag im Register",
    "schriftliche Bestätigung",
    "Auszahlung des bewilligten Betrags",
    "abgeschlossene Akte",
];

const AUDIENCE: &[&str] = &[
    "Bürgerinnen und Bürger",
    "Unternehmen",
    "Vereine und Verbände",
    "andere Behörden",
    "Beschäftigte der Verwaltung",
    "Eigentümerinnen und Eigentümer",
];

const EXTRA: &[&str] = &[
    "Rückfragen werden telefonisch oder per E-Mail geklärt.",
    "Gebühren werden nach der Verwaltungsgebührensatzung erhoben.",
    "Alle Unterlagen werden in der E-Akte abgelegt.",
    "Der Bescheid wird per Post oder elektronisch über das Postfach des Nutzerkontos zugestellt.",
    "Bei unvollständigen Unterlagen erhält die antragstellende Person eine Nachforderung mit Frist.",
    "In der Urlaubszeit übernimmt die Vertretung nach Geschäftsverteilungsplan.",
    "Die Fallzahlen schwanken saisonal; im Frühjahr ist die Belastung am höchsten.",
    "Die Prüfung erfolgt nach dem Vier-Augen-Prinzip.",
    "Ein Termin kann online gebucht werden.",
    "Zahlungen werden über die Stadtkasse abgewickelt.",
];

const GENERIC_KEYWORDS: &[&str] = &[
    "Antrag",
    "Online",
    "Gebühr",
    "Bescheid",
    "Bürgerservice",
    "Frist",
    "Digitalisierung",
    "E-Akte",
    "Termin",
    "Beratung",
];

const DEADLINES: &[&str] = &[
    "",
    "",
    "3 Monate",
    "1 Monat",
    "2 Wochen",
    "unverzüglich",
    "6 Wochen",
];
const DOWNTIMES: &[&str] = &["", "", "1 Tag", "3 Tage", "1 Woche", "4 Stunden"];

// ------------------------------------------------------------ the register

/// What every process generator needs, shared between tasks.
struct World {
    org: OrgId,
    services: Vec<Service>,
    /// Themenfeld → area of the process map.
    area_of: HashMap<String, AreaId>,
    areas: Vec<AreaId>,
    /// Themenfeld → org unit.
    unit_of: HashMap<String, OrgUnitId>,
    units: Vec<OrgUnitId>,
    owners: Vec<UserId>,
    /// Lower-cased law name → legal-basis catalogue entry.
    laws: HashMap<String, EntryId>,
    legal: Vec<EntryId>,
    it_systems: Vec<EntryId>,
    parties: Vec<EntryId>,
    documents: Vec<EntryId>,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("non-empty list")
}

fn some_of<I: Copy>(rng: &mut StdRng, items: &[I], max: usize) -> Vec<I> {
    let n = rng.gen_range(0..=max.min(items.len()));
    items.choose_multiple(rng, n).copied().collect()
}

/// Cuts a text to at most `max` characters at a word boundary.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max).collect();
    match head.rfind(' ') {
        Some(i) if i > max / 2 => head[..i].trim_end_matches([',', ';', ' ']).to_owned(),
        _ => head,
    }
}

/// The save of process number `i` (deterministic in `seed` and `i`) and
/// whether it is released afterwards.
fn process(w: &World, seed: u64, i: usize) -> (Save, bool) {
    let mut rng = StdRng::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let roll: f64 = rng.r#gen();
    let mut keywords: Vec<String> = Vec::new();
    let mut profile = Profile::default();
    let (base, themenfeld, kind) = if roll < 0.85 {
        let s = pick(&mut rng, &w.services);
        if let Some(key) = &s.key {
            // Picked from the catalogue: the form fills these four.
            profile.service_key = Some(key.clone());
            profile.service_name = s.name.clone();
            profile.ozg_service = s.ozg.clone();
            profile.themenfeld = s.themenfeld.clone();
            profile.lebenslage = s.lebenslage.clone();
        } else if rng.gen_bool(0.5) {
            profile.ozg_service = s.ozg.clone();
            profile.themenfeld = s.themenfeld.clone();
        }
        if !s.lebenslage.is_empty() && rng.gen_bool(0.4) {
            keywords.push(s.lebenslage.clone());
        }
        if let Some((law, _)) = &s.law
            && let Some(id) = w.laws.get(&law.to_lowercase())
        {
            profile.legal_bases.push(*id);
        }
        let kind = if rng.gen_bool(0.03) {
            ProcessType::Fuehrung
        } else {
            ProcessType::Kern
        };
        (s.name.clone(), s.themenfeld.clone(), kind)
    } else if roll < 0.95 {
        let (name, tf, kw) = pick(&mut rng, LOCAL);
        keywords.extend(kw.iter().map(|k| (*k).to_owned()));
        profile.themenfeld = (*tf).to_owned();
        ((*name).to_owned(), (*tf).to_owned(), ProcessType::Kern)
    } else {
        let (name, kw) = pick(&mut rng, INTERNAL);
        keywords.extend(kw.iter().map(|k| (*k).to_owned()));
        (
            (*name).to_owned(),
            String::new(),
            ProcessType::Unterstuetzung,
        )
    };
    // Name: the base, sometimes a sub-process step, sometimes a branch office.
    let mut name = base.clone();
    if rng.gen_bool(0.55) {
        name = format!("{} – {}", cut(&name, 150), pick(&mut rng, STEPS));
    }
    if rng.gen_bool(0.25) {
        name = format!("{} ({})", cut(&name, 170), pick(&mut rng, PLACES));
    }
    profile.name = cut(&name, 200);
    profile.identifier = format!("P-{:06}", i + 1);
    // Description: a few sentences built from the same material.
    let trigger = *pick(&mut rng, TRIGGERS);
    let result = *pick(&mut rng, RESULTS);
    let mut d = format!(
        "Die Verwaltung bearbeitet „{}“ für {}. Der Vorgang beginnt mit: {} und endet mit: {}.",
        cut(&base, 160),
        pick(&mut rng, AUDIENCE),
        trigger,
        result
    );
    if !profile.ozg_service.is_empty() && rng.gen_bool(0.5) {
        d.push_str(&format!(
            " Zugeordnete OZG-Leistung: {}.",
            profile.ozg_service
        ));
    }
    for _ in 0..rng.gen_range(0..=3) {
        d.push(' ');
        let extra: &&str = pick(&mut rng, EXTRA);
        d.push_str(extra);
    }
    profile.description = d;
    profile.trigger = trigger.to_owned();
    profile.result = result.to_owned();
    profile.process_type = Some(kind);
    profile.applicant_involved = kind == ProcessType::Kern;
    for _ in 0..rng.gen_range(0..=2) {
        keywords.push((*pick(&mut rng, GENERIC_KEYWORDS)).to_owned());
    }
    keywords.dedup();
    profile.keywords = keywords;
    // Structure.
    profile.org_unit_id = match w.unit_of.get(&themenfeld) {
        Some(u) if rng.gen_bool(0.6) => Some(*u),
        _ => Some(*pick(&mut rng, &w.units)),
    };
    profile.participating_units = some_of(&mut rng, &w.units, 2);
    profile.owner_id = rng.gen_bool(0.7).then(|| *pick(&mut rng, &w.owners));
    if rng.gen_bool(0.2) {
        profile.legal_bases.extend(some_of(&mut rng, &w.legal, 2));
        profile.legal_bases.sort_unstable();
        profile.legal_bases.dedup();
    }
    profile.it_systems = some_of(&mut rng, &w.it_systems, 2);
    profile.external_parties = some_of(&mut rng, &w.parties, 2);
    profile.documents = some_of(&mut rng, &w.documents, 3);
    profile.cases_per_year = rng
        .gen_bool(0.5)
        .then(|| 10f64.powf(rng.gen_range(1.0..4.7)) as u32);
    profile.statutory_deadline = (*pick(&mut rng, DEADLINES)).to_owned();
    profile.max_downtime = (*pick(&mut rng, DOWNTIMES)).to_owned();
    let c: f64 = rng.r#gen();
    profile.criticality = if c < 0.80 {
        Criticality::Normal
    } else if c < 0.95 {
        Criticality::Hoch
    } else {
        Criticality::Kritisch
    };
    let l: f64 = rng.r#gen();
    profile.digitisation_level = match l {
        x if x < 0.15 => None,
        x if x < 0.35 => Some(0),
        x if x < 0.55 => Some(1),
        x if x < 0.75 => Some(2),
        x if x < 0.90 => Some(3),
        _ => Some(4),
    };
    profile.valid_from =
        NaiveDate::from_ymd_opt(rng.gen_range(2019..=2025), rng.gen_range(1..=12), 1);
    let area_id = match w.area_of.get(&themenfeld) {
        Some(a) if rng.gen_bool(0.7) => Some(*a),
        _ if rng.gen_bool(0.1) => None,
        _ => Some(*pick(&mut rng, &w.areas)),
    };
    // Life cycle: 25 % identified, 30 % documented, 15 % modelled,
    // 10 % analysed, 15 % optimised, 5 % released (optimised, then released).
    let s: f64 = rng.r#gen();
    let (status, release) = match s {
        x if x < 0.25 => (Status::Identifiziert, false),
        x if x < 0.55 => (Status::Dokumentiert, false),
        x if x < 0.70 => (Status::Modelliert, false),
        x if x < 0.80 => (Status::Analysiert, false),
        x if x < 0.95 => (Status::Optimiert, false),
        _ => (Status::Optimiert, true),
    };
    let profile = profile.normalised();
    (
        Save {
            area_id,
            status,
            profile,
            note: "Aus der Prozessinventur übernommen".into(),
        },
        release,
    )
}

/// Counts for the benchmark's filters, as the generator decided them.
#[derive(Default)]
struct Tally {
    status: BTreeMap<String, usize>,
    criticality: BTreeMap<String, usize>,
    level: BTreeMap<String, usize>,
    area: BTreeMap<String, usize>,
    unit: BTreeMap<String, usize>,
    owner: BTreeMap<String, usize>,
    count: usize,
    names: usize,
}

impl Tally {
    fn add(&mut self, save: &Save, released: bool) {
        let status = if released {
            "freigegeben"
        } else {
            save.status.code()
        };
        let p = &save.profile;
        *self.status.entry(status.into()).or_default() += 1;
        *self
            .criticality
            .entry(p.criticality.code().into())
            .or_default() += 1;
        *self
            .level
            .entry(
                p.digitisation_level
                    .map(|l| l.to_string())
                    .unwrap_or_default(),
            )
            .or_default() += 1;
        *self
            .area
            .entry(save.area_id.map(|a| a.to_string()).unwrap_or_default())
            .or_default() += 1;
        *self
            .unit
            .entry(p.org_unit_id.map(|a| a.to_string()).unwrap_or_default())
            .or_default() += 1;
        *self
            .owner
            .entry(p.owner_id.map(|a| a.to_string()).unwrap_or_default())
            .or_default() += 1;
        self.names += p.name.chars().count();
        self.count += 1;
    }
}

// ------------------------------------------------------------------- main

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let started = Instant::now();
    let services = read_catalogue(&a.catalogue)?;
    eprintln!(
        "register-gen: {} services read from {}",
        services.len(),
        a.catalogue.display()
    );

    let postgres = a.database_url.starts_with("postgres");
    let concurrency = a.concurrency.unwrap_or(if postgres { 4 } else { 1 }).max(1);
    let store = Store::connect(&a.database_url, concurrency as u32 + 2).await?;
    store.migrate().await?;
    let t_seed = Instant::now();
    if !ablauf_demo::seed(&store, ablauf_demo::Content::Full).await? {
        bail!("the database already has organisations; give a fresh one");
    }
    let seed_secs = t_seed.elapsed().as_secs_f64();
    let org = store
        .list_organizations()
        .await?
        .into_iter()
        .find(|o| o.name == a.org)
        .ok_or_else(|| anyhow!("no organisation {:?} after seeding", a.org))?
        .id;
    let actor = Actor::system("Registergenerator (Benchmark)");

    // The map gets one area per Themenfeld under "Kernprozesse", the org
    // chart one department per Themenfeld; the legal-basis catalogue the
    // laws the catalogue names most often.
    let t_setup = Instant::now();
    let areas = store.list_areas(org).await?;
    let core = areas
        .iter()
        .find(|x| x.name == "Kernprozesse")
        .map(|x| x.id);
    let mut themen: Vec<String> = services
        .iter()
        .map(|s| s.themenfeld.clone())
        .filter(|t| !t.is_empty())
        .collect();
    themen.sort();
    themen.dedup();
    let mut area_of = HashMap::new();
    let dept = store
        .create_org_unit(
            &actor,
            org,
            &UnitInput {
                parent_id: None,
                name: "Dezernat IV – Fachbereiche".into(),
                short_name: "Dez. IV".into(),
                positions: None,
            },
        )
        .await?;
    let mut unit_of = HashMap::new();
    for (n, t) in themen.iter().enumerate() {
        let area = store
            .create_area(&actor, org, core, &format!("Themenfeld {t}"))
            .await?;
        area_of.insert(t.clone(), area.id);
        let unit = store
            .create_org_unit(
                &actor,
                org,
                &UnitInput {
                    parent_id: Some(dept.id),
                    name: format!("Fachbereich {t}"),
                    short_name: format!("4{n:02}"),
                    positions: None,
                },
            )
            .await?;
        unit_of.insert(t.clone(), unit.id);
    }
    let mut law_count: HashMap<String, (usize, String, String)> = HashMap::new();
    for s in &services {
        if let Some((name, link)) = &s.law {
            law_count
                .entry(name.to_lowercase())
                .or_insert_with(|| (0, name.clone(), link.clone()))
                .0 += 1;
        }
    }
    let mut laws: Vec<_> = law_count.into_values().collect();
    laws.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
    let mut created_laws = 0;
    for (_, name, link) in laws.iter().take(a.legal_bases) {
        match store
            .create_reference_entry(&actor, org, ReferenceKind::LegalBasis, name, "", link)
            .await
        {
            Ok(_) => created_laws += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let catalog = store.all_reference_entries(org).await?;
    let of_kind = |k: ReferenceKind| -> Vec<EntryId> {
        catalog
            .iter()
            .filter(|e| e.kind == k)
            .map(|e| e.id)
            .collect()
    };
    let world = Arc::new(World {
        org,
        services,
        area_of,
        areas: store.list_areas(org).await?.iter().map(|x| x.id).collect(),
        unit_of,
        units: store
            .list_org_units(org)
            .await?
            .iter()
            .map(|u| u.id)
            .collect(),
        owners: store
            .list_members(org)
            .await?
            .iter()
            .filter(|m| m.role != Role::Betrachter)
            .map(|m| m.user_id)
            .collect(),
        laws: catalog
            .iter()
            .filter(|e| e.kind == ReferenceKind::LegalBasis)
            .map(|e| (e.name.to_lowercase(), e.id))
            .collect(),
        legal: of_kind(ReferenceKind::LegalBasis),
        it_systems: of_kind(ReferenceKind::ItSystem),
        parties: of_kind(ReferenceKind::ExternalParty),
        documents: of_kind(ReferenceKind::Document),
    });
    let setup_secs = t_setup.elapsed().as_secs_f64();
    let demo_processes = store.count_processes(org).await? as usize;
    eprintln!(
        "register-gen: demo seeded in {seed_secs:.1} s; {} areas, {} units, {} legal bases ({created_laws} new); writing {} processes with {concurrency} writer(s)",
        world.areas.len(),
        world.units.len(),
        world.legal.len(),
        a.processes
    );

    // The processes, through the store as the app writes them.
    let t_gen = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for task in 0..concurrency {
        let (store, world, actor, done) =
            (store.clone(), world.clone(), actor.clone(), done.clone());
        let (n, seed, step) = (a.processes, a.seed, concurrency);
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut slowest = 0f64;
            let mut i = task;
            while i < n {
                let (save, release) = process(&world, seed, i);
                debug_assert!(save.profile.validate().is_empty());
                let t = Instant::now();
                let row = store.create_process(&actor, world.org, &save).await?;
                if release {
                    store
                        .release_process(&actor, world.org, row.id, row.version)
                        .await?;
                }
                slowest = slowest.max(t.elapsed().as_secs_f64());
                tally.add(&save, release);
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if d % 5000 == 0 {
                    eprintln!(
                        "register-gen: {d} / {n} after {:.0} s",
                        t_gen.elapsed().as_secs_f64()
                    );
                }
                i += step;
            }
            anyhow::Ok((tally, slowest))
        }));
    }
    let mut tally = Tally::default();
    let mut slowest = 0f64;
    for t in tasks {
        let (part, s) = t.await??;
        slowest = slowest.max(s);
        for (mine, theirs) in [
            (&mut tally.status, part.status),
            (&mut tally.criticality, part.criticality),
            (&mut tally.level, part.level),
            (&mut tally.area, part.area),
            (&mut tally.unit, part.unit),
            (&mut tally.owner, part.owner),
        ] {
            for (k, v) in theirs {
                *mine.entry(k).or_default() += v;
            }
        }
        tally.names += part.names;
        tally.count += part.count;
    }
    let gen_secs = t_gen.elapsed().as_secs_f64();
    let total = store.count_processes(org).await? as usize;
    eprintln!(
        "register-gen: {} processes in {gen_secs:.1} s ({:.0}/s); register now holds {total}",
        a.processes,
        a.processes as f64 / gen_secs.max(1e-9)
    );
    if total != demo_processes + a.processes {
        bail!(
            "expected {} processes in the register, found {total}",
            demo_processes + a.processes
        );
    }
    if let Some(path) = &a.stats {
        let names = |ids: Vec<(Uuid, String)>| -> serde_json::Value {
            ids.into_iter()
                .map(|(id, n)| json!({ "id": id, "name": n }))
                .collect()
        };
        let stats = json!({
            "backend": if postgres { "postgres" } else { "sqlite" },
            "organization_id": org,
            "organization": a.org,
            "processes": a.processes,
            "demo_processes": demo_processes,
            "register_total": total,
            "concurrency": concurrency,
            "seed": a.seed,
            "seconds": { "demo_seed": seed_secs, "setup": setup_secs, "processes": gen_secs, "total": started.elapsed().as_secs_f64() },
            "per_second": a.processes as f64 / gen_secs.max(1e-9),
            "slowest_process_seconds": slowest,
            "avg_name_chars": tally.names as f64 / tally.count.max(1) as f64,
            "legal_bases": world.legal.len(),
            "counts": {
                "status": tally.status,
                "criticality": tally.criticality,
                "level": tally.level,
                "area": tally.area,
                "unit": tally.unit,
                "owner": tally.owner,
            },
            "areas": names(store.list_areas(org).await?.into_iter().map(|x| (x.id.0, x.name)).collect()),
            "units": names(store.list_org_units(org).await?.into_iter().map(|u| (u.id.0, u.name)).collect()),
        });
        std::fs::write(path, serde_json::to_vec_pretty(&stats)?)?;
    }
    store.close().await;
    Ok(())
}
