//! Findings on a model: plausibility of its figures, media breaks and
//! hand-overs, weak spots (Schwachstellen) and model quality. Every finding
//! has a stable rule key from [`RULES`], a severity, a German message and
//! the steps it is about.

use crate::figures::{Computed, Context};
use crate::flow::Flow;
use ablauf_model::{BlockModel, Item};
use serde::Serialize;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A figure is built on a gap.
    Plausibility,
    /// Information changes its medium.
    MediaBreak,
    /// The case goes from one org unit to another and back.
    Handover,
    /// A weak spot rule the organisation can switch off.
    WeakSpot,
    /// Model quality (modelling guidelines).
    Quality,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    pub key: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// German title.
    pub title: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// What usually helps.
    pub remedy: &'static str,
}

impl Rule {
    /// Whether an organisation can switch the rule off (weak spots only).
    pub fn switchable(&self) -> bool {
        self.category == Category::WeakSpot
    }
}

/// A finding on a model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// German, names the steps by label.
    pub message: String,
    pub step_ids: Vec<String>,
}

macro_rules! rules {
    ($($key:literal, $cat:ident, $sev:ident, $title:literal, $why:literal, $remedy:literal;)*) => {
        /// Every rule, in the order findings are listed.
        pub const RULES: &[Rule] = &[$(Rule {
            key: $key,
            category: Category::$cat,
            severity: Severity::$sev,
            title: $title,
            why: $why,
            remedy: $remedy,
        }),*];
    };
}

rules! {
    "missing-cases-per-year", Plausibility, Error, "Fallzahl fehlt",
        "Ohne Fälle pro Jahr lassen sich Jahresstunden, Stellenbedarf und Jahreskosten nicht berechnen.",
        "Im Steckbrief die Fälle pro Jahr eintragen.";
    "missing-processing-time", Plausibility, Error, "Bearbeitungszeit fehlt",
        "Ein Schritt ohne Bearbeitungszeit zählt mit null Minuten; die Zeiten und Kosten des Prozesses sind dann zu niedrig.",
        "Die typische Bearbeitungszeit des Schritts eintragen (Minimum und Maximum, wenn bekannt).";
    "branch-shares", Plausibility, Error, "Anteile der Zweige ergeben nicht 100 %",
        "Die Anteile einer Variante gewichten ihre Zweige; ergeben sie nicht 100 %, sind die erwarteten Zeiten falsch.",
        "Die Anteile der Zweige so eintragen, dass sie zusammen 100 % ergeben.";
    "missing-branch-share", Plausibility, Warning, "Anteil eines Zweigs fehlt",
        "Zweige ohne Anteil teilen sich den Rest gleichmäßig; das ist eine Annahme, keine Messung.",
        "Den Anteil jedes Zweigs eintragen.";
    "missing-pay-grade", Plausibility, Warning, "Entgeltgruppe fehlt",
        "Ohne Entgeltgruppe hat der Schritt keinen Stundensatz; seine Personalkosten zählen mit null.",
        "Die Entgelt- oder Besoldungsgruppe der bearbeitenden Person eintragen.";
    "unknown-pay-grade", Plausibility, Warning, "Entgeltgruppe ohne Stundensatz",
        "Die Entgeltgruppe des Schritts ist in der Organisation nicht (mehr) vorhanden; seine Personalkosten zählen mit null.",
        "Eine vorhandene Entgeltgruppe wählen oder sie unter Verwaltung → Entgeltgruppen anlegen.";
    "missing-org-unit", Plausibility, Warning, "Organisationseinheit fehlt",
        "Ohne Organisationseinheit fehlt der Schritt im Stellenbedarf je Einheit, und Übergaben sind nicht erkennbar.",
        "Die Organisationseinheit am Teilprozess oder am Schritt eintragen.";
    "print-sign-scan", MediaBreak, Warning, "Drucken, unterschreiben, scannen",
        "Ein elektronisches Dokument wird nur für die Unterschrift ausgedruckt und danach wieder eingescannt.",
        "Elektronisch zeichnen (E-Akte, qualifizierte elektronische Signatur) oder auf die Schriftform verzichten, wo das Recht es erlaubt.";
    "print-scan", MediaBreak, Warning, "Ausgedruckt und wieder eingescannt",
        "Was elektronisch vorlag, wird gedruckt und später wieder gescannt: doppelte Arbeit und Qualitätsverlust.",
        "Das Dokument elektronisch weitergeben (E-Akte, E-Mail, Schnittstelle).";
    "rekeying", MediaBreak, Warning, "Elektronische Eingabe wird abgetippt",
        "Daten, die elektronisch eingehen, werden von Hand erneut in ein IT-System eingegeben: Zeitaufwand und Tippfehler.",
        "Eine Schnittstelle oder die Übernahme aus dem Online-Dienst einrichten.";
    "paper-keyed-in", MediaBreak, Warning, "Papier wird abgetippt",
        "Angaben, die auf Papier vorliegen, werden von Hand in ein IT-System eingegeben: Zeitaufwand und Tippfehler.",
        "Den Online-Dienst anbieten und bewerben oder Papiereingänge zentral scannen und auslesen lassen.";
    "paper-in-electronic-chain", MediaBreak, Warning, "Papier in einer elektronischen Kette",
        "Vor und nach dem Schritt wird elektronisch gearbeitet, nur dieser Schritt braucht Papier.",
        "Den Schritt elektronisch erledigen (E-Akte, elektronisches Formular).";
    "fax", MediaBreak, Warning, "Fax",
        "Ein Fax kommt auf Papier an oder wird aus Papier erzeugt und muss meist erneut erfasst werden.",
        "E-Mail, das Behördenpostfach oder eine Schnittstelle verwenden.";
    "handover-back-and-forth", Handover, Warning, "Hin- und Rückgabe zwischen zwei Einheiten",
        "Der Vorgang geht an eine andere Einheit und gleich wieder zurück: Liegezeiten und Abstimmungsaufwand.",
        "Die Arbeit einer der beiden Einheiten ganz übertragen oder die Schritte zusammenlegen.";
    "ws-media-breaks", WeakSpot, Warning, "Medienbrüche",
        "Jeder Medienbruch kostet Zeit, erzeugt Fehler und verhindert eine durchgängig digitale Bearbeitung.",
        "Die Medienbrüche einzeln beheben: elektronisch weitergeben, Schnittstellen, E-Akte.";
    "ws-waiting", WeakSpot, Warning, "Warten über die Hälfte der Durchlaufzeit",
        "Der Fall ruht länger als er bearbeitet wird; Antragstellende warten, Rückfragen häufen sich.",
        "Fristen und Wiedervorlagen prüfen, Übergaben verringern, parallel statt nacheinander arbeiten.";
    "ws-handovers", WeakSpot, Warning, "Mehr als drei Übergaben",
        "Jede Übergabe zwischen Einheiten bringt Liegezeit und Einarbeitung.",
        "Zuständigkeiten bündeln (Fallbearbeitung aus einer Hand).";
    "ws-paper-notice-online", WeakSpot, Warning, "Papierbescheid trotz Online-Dienst",
        "Die Leistung wird online angeboten (OZG-Reifegrad 3 oder mehr), der Ausgang geht aber auf Papier hinaus.",
        "Den Bescheid elektronisch zustellen (Postfach des Nutzerkontos).";
    "ws-double-entry", WeakSpot, Warning, "Doppelte Datenerfassung",
        "Dieselben Daten werden mehrmals in IT-Systeme eingegeben.",
        "Die IT-Systeme über eine Schnittstelle verbinden oder einmal erfassen und weitergeben.";
    "ws-paper-signature", WeakSpot, Warning, "Unterschrift auf Papier",
        "Eine Unterschrift auf Papier erzwingt Ausdruck, Postweg und oft einen Scan.",
        "Elektronisch zeichnen oder prüfen, ob die Schriftform nötig ist.";
    "ws-no-it-high-volume", WeakSpot, Warning, "Schritte ohne IT-Unterstützung bei hoher Fallzahl",
        "Bei vielen Fällen im Jahr summiert sich jede manuelle Minute.",
        "Die Schritte durch ein Fachverfahren oder die E-Akte unterstützen.";
    "q-unnamed-step", Quality, Warning, "Schritt ohne Bezeichnung",
        "Ohne Bezeichnung ist nicht zu erkennen, was getan wird.",
        "Jeden Schritt benennen.";
    "q-verb-object", Quality, Info, "Bezeichnung nicht nach „Objekt + Verb“",
        "Bezeichnungen wie „Antrag prüfen“ sind eindeutig und einheitlich lesbar (FIM-Konvention).",
        "Den Schritt als Objekt und Verb im Infinitiv benennen, etwa „Antrag prüfen“.";
    "q-no-block", Quality, Warning, "Schritt ohne Bausteintyp",
        "Ohne Bausteintyp fehlt der Schritt in Auswertungen und Musterabfragen.",
        "Dem Schritt einen Baustein zuordnen.";
    "q-empty-subprocess", Quality, Warning, "Leerer Teilprozess",
        "Ein Teilprozess ohne Schritte trägt nichts zum Ablauf bei.",
        "Schritte ergänzen oder den Teilprozess löschen.";
    "q-single-branch", Quality, Warning, "Variante mit nur einem Zweig",
        "Eine Variante ohne Alternative ist keine Entscheidung.",
        "Den zweiten Zweig ergänzen oder die Variante auflösen.";
    "q-too-large", Quality, Info, "Modell mit mehr als 50 Schritten",
        "Große Modelle sind schwer zu lesen und zu pflegen.",
        "In mehrere Prozesse oder Teilprozesse gliedern.";
    "q-missing-attributes", Quality, Info, "Schritt mit fehlenden Angaben",
        "Ohne Zeit, Einheit und Entgeltgruppe ist der Schritt nicht auswertbar.",
        "Bearbeitungszeit, Organisationseinheit und Entgeltgruppe eintragen.";
}

/// The rule with this key.
pub fn rule(key: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.key == key)
}

/// Cases per year from which steps without IT support count as a weak spot.
pub const HIGH_VOLUME_CASES: u32 = 1_000;

const PAPER: &[&str] = &["papier", "fax"];
const ELECTRONIC: &[&str] = &["email", "portal", "eakte"];

fn is(m: Option<&str>, set: &[&str]) -> bool {
    m.is_some_and(|m| set.contains(&m))
}

/// Builds findings for one model.
struct Finder<'a> {
    flow: &'a Flow<'a>,
    out: Vec<Finding>,
}

impl<'a> Finder<'a> {
    fn add(&mut self, key: &'static str, message: String, step_ids: Vec<String>) {
        let r = rule(key).expect("rule in the catalogue");
        self.out.push(Finding {
            rule: key,
            category: r.category,
            severity: r.severity,
            message,
            step_ids,
        });
    }

    fn label(&self, n: usize) -> String {
        let s = self.flow.steps[n].step;
        if s.label.trim().is_empty() {
            "(ohne Bezeichnung)".to_owned()
        } else {
            format!("„{}“", s.label.trim())
        }
    }

    fn id(&self, n: usize) -> String {
        self.flow.steps[n].step.id.clone()
    }

    fn block(&self, n: usize) -> &str {
        &self.flow.steps[n].step.block
    }

    fn medium(&self, n: usize) -> Option<&str> {
        self.flow.steps[n].step.medium.as_deref()
    }
}

/// Every finding on a model. `enabled` says which switchable rules the
/// organisation uses.
pub fn find(
    model: &BlockModel,
    flow: &Flow,
    computed: &Computed,
    ctx: &Context,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let mut f = Finder {
        flow,
        out: Vec::new(),
    };
    plausibility(&mut f, model, ctx);
    media_breaks(&mut f);
    handovers(&mut f);
    let media: Vec<Finding> = f
        .out
        .iter()
        .filter(|x| x.category == Category::MediaBreak)
        .cloned()
        .collect();
    weak_spots(&mut f, &media, computed, ctx);
    quality(&mut f, model);
    f.out
        .retain(|x| rule(x.rule).is_some_and(|r| !r.switchable() || enabled(r.key)));
    f.out
}

fn plausibility(f: &mut Finder, model: &BlockModel, ctx: &Context) {
    if ctx.cases_per_year.is_none() {
        f.add(
            "missing-cases-per-year",
            "Im Steckbrief fehlen die Fälle pro Jahr; Jahresstunden, Stellenbedarf und Jahreskosten fehlen deshalb.".into(),
            Vec::new(),
        );
    }
    for n in 0..f.flow.steps.len() {
        let s = f.flow.steps[n].step;
        if s.processing_minutes.is_none() {
            let m = format!(
                "Schritt {} hat keine Bearbeitungszeit; er zählt mit 0 Minuten.",
                f.label(n)
            );
            f.add("missing-processing-time", m, vec![f.id(n)]);
        }
        match s.pay_grade.as_deref() {
            None => {
                let m = format!(
                    "Schritt {} hat keine Entgeltgruppe; seine Kosten zählen mit 0 €.",
                    f.label(n)
                );
                f.add("missing-pay-grade", m, vec![f.id(n)]);
            }
            Some(g) if !ctx.rates.contains_key(g) => {
                let m = format!(
                    "Die Entgeltgruppe von Schritt {} ist nicht mehr vorhanden; seine Kosten zählen mit 0 €.",
                    f.label(n)
                );
                f.add("unknown-pay-grade", m, vec![f.id(n)]);
            }
            Some(_) => {}
        }
        if f.flow.steps[n].org_unit.is_none() {
            let m = format!("Schritt {} hat keine Organisationseinheit.", f.label(n));
            f.add("missing-org-unit", m, vec![f.id(n)]);
        }
    }
    let mut variants = Vec::new();
    model.walk(&mut |it, _| {
        if let Item::Variant(b) = it {
            variants.push(b);
        }
    });
    for b in variants {
        if b.branches.len() < 2 {
            continue;
        }
        let first_steps: Vec<String> = b
            .branches
            .iter()
            .flat_map(|br| first_step(&br.items))
            .collect();
        let name = if b.label.trim().is_empty() {
            "Eine Variante".to_owned()
        } else {
            format!("Die Variante „{}“", b.label.trim())
        };
        let missing = b.branches.iter().filter(|br| br.share.is_none()).count();
        let given: f64 = b.branches.iter().filter_map(|br| br.share).sum();
        if missing == 0 && (given - 1.0).abs() > 0.005 {
            let m = format!(
                "{name}: Die Anteile der Zweige ergeben {} % statt 100 %.",
                percent(given)
            );
            f.add("branch-shares", m, first_steps);
        } else if missing > 0 {
            if given > 1.005 {
                let m = format!(
                    "{name}: Die angegebenen Anteile ergeben schon {} %.",
                    percent(given)
                );
                f.add("branch-shares", m, first_steps.clone());
            }
            let m = format!(
                "{name}: {missing} Zweig(e) ohne Anteil; sie teilen sich die übrigen {} % gleichmäßig.",
                percent((1.0 - given).max(0.0))
            );
            f.add("missing-branch-share", m, first_steps);
        }
    }
}

fn percent(x: f64) -> String {
    let p = (x * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}").replace('.', ",")
    }
}

fn first_step(items: &[Item]) -> Option<String> {
    items.iter().find_map(|it| match it {
        Item::Step(s) => Some(s.id.clone()),
        Item::Variant(b) | Item::Parallel(b) => {
            b.branches.iter().find_map(|br| first_step(&br.items))
        }
    })
}

fn media_breaks(f: &mut Finder) {
    let flow = f.flow;
    let n = flow.steps.len();
    let reach: Vec<Vec<usize>> = (0..n).map(|i| flow.reachable(i)).collect();
    let of = |i: usize, key: &str| flow.steps[i].step.block == key;
    // Printed, signed, scanned; the pairs it covers are not reported again
    // as printed-and-scanned.
    let mut covered = Vec::new();
    for p in (0..n).filter(|&i| of(i, "drucken")) {
        for &s in reach[p]
            .iter()
            .filter(|&&i| of(i, "zeichnen-unterschreiben"))
        {
            if let Some(&c) = reach[s].iter().find(|&&i| of(i, "scannen")) {
                let m = format!(
                    "{} wird ausgedruckt, {} auf Papier unterschrieben und {} wieder eingescannt.",
                    f.label(p),
                    f.label(s),
                    f.label(c)
                );
                f.add("print-sign-scan", m, vec![f.id(p), f.id(s), f.id(c)]);
                covered.push((p, c));
            }
        }
    }
    for p in (0..n).filter(|&i| of(i, "drucken")) {
        if let Some(&c) = reach[p].iter().find(|&&i| of(i, "scannen"))
            && !covered.contains(&(p, c))
        {
            let m = format!(
                "{} wird ausgedruckt und in {} wieder eingescannt.",
                f.label(p),
                f.label(c)
            );
            f.add("print-scan", m, vec![f.id(p), f.id(c)]);
        }
    }
    // Electronic input keyed in again: an electronically received step
    // followed by a step that keys data into an IT system.
    for e in (0..n).filter(|&i| {
        is(flow.steps[i].step.medium.as_deref(), &["email", "portal"])
            || is(
                flow.steps[i].step.input_channel.as_deref(),
                &["email", "portal"],
            )
    }) {
        if let Some(&k) = reach[e].iter().find(|&&i| of(i, "it-system-eingeben")) {
            let m = format!(
                "{} geht elektronisch ein und wird in {} von Hand in ein IT-System eingegeben.",
                f.label(e),
                f.label(k)
            );
            f.add("rekeying", m, vec![f.id(e), f.id(k)]);
        }
    }
    // Paper keyed in: a step keying data into an IT system from paper (its
    // own medium, or the step right before it).
    for k in (0..n).filter(|&i| of(i, "it-system-eingeben")) {
        let paper_before: Vec<usize> = flow
            .predecessors(k)
            .iter()
            .copied()
            .filter(|&p| is(f.medium(p), PAPER))
            .collect();
        if is(f.medium(k), PAPER) || !paper_before.is_empty() {
            let m = format!(
                "In {} werden Angaben von Papier in ein IT-System abgetippt.",
                f.label(k)
            );
            let mut ids: Vec<String> = paper_before.iter().map(|&p| f.id(p)).collect();
            ids.push(f.id(k));
            f.add("paper-keyed-in", m, ids);
        }
    }
    for i in 0..n {
        if f.medium(i) != Some("papier") {
            continue;
        }
        let (pre, post) = (flow.predecessors(i), flow.successors(i));
        let electronic = |j: &usize| is(f.medium(*j), ELECTRONIC);
        if !pre.is_empty()
            && !post.is_empty()
            && pre.iter().all(electronic)
            && post.iter().all(electronic)
        {
            let m = format!(
                "Vor und nach Schritt {} wird elektronisch gearbeitet, nur dieser Schritt braucht Papier.",
                f.label(i)
            );
            f.add("paper-in-electronic-chain", m, vec![f.id(i)]);
        }
    }
    for i in 0..n {
        if f.medium(i) == Some("fax")
            || flow.steps[i].step.input_channel.as_deref() == Some("fax")
            || flow.steps[i].step.output_channel.as_deref() == Some("fax")
        {
            let m = format!("Schritt {} arbeitet mit Fax.", f.label(i));
            f.add("fax", m, vec![f.id(i)]);
        }
    }
}

fn handovers(f: &mut Finder) {
    let flow = f.flow;
    let unit = |i: usize| flow.steps[i].org_unit;
    let mut seen = Vec::new();
    for (a, b) in flow.edges().collect::<Vec<_>>() {
        let (Some(x), Some(y)) = (unit(a), unit(b)) else {
            continue;
        };
        if x == y {
            continue;
        }
        for &c in flow.successors(b) {
            if unit(c) == Some(x) && !seen.contains(&(a, b, c)) {
                seen.push((a, b, c));
                let m = format!(
                    "Nach {} geht der Vorgang für {} an eine andere Einheit und für {} wieder zurück.",
                    f.label(a),
                    f.label(b),
                    f.label(c)
                );
                f.add(
                    "handover-back-and-forth",
                    m,
                    vec![f.id(a), f.id(b), f.id(c)],
                );
            }
        }
    }
}

fn weak_spots(f: &mut Finder, media: &[Finding], computed: &Computed, ctx: &Context) {
    let flow = f.flow;
    let n = flow.steps.len();
    if !media.is_empty() {
        let mut ids: Vec<String> = Vec::new();
        for m in media {
            for id in &m.step_ids {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
        let m = if media.len() == 1 {
            "1 Medienbruch im Modell (einzeln unter „Medienbrüche und Übergaben“).".to_owned()
        } else {
            format!(
                "{} Medienbrüche im Modell (einzeln unter „Medienbrüche und Übergaben“).",
                media.len()
            )
        };
        f.add("ws-media-breaks", m, ids);
    }
    let fig = &computed.totals.figures;
    if fig.waiting_share > 0.5 {
        let ids = (0..n)
            .filter(|&i| flow.steps[i].step.waiting_minutes.is_some_and(|w| w > 0.0))
            .map(|i| f.id(i))
            .collect();
        let m = format!(
            "Der Fall wartet {} % der Durchlaufzeit.",
            percent(fig.waiting_share)
        );
        f.add("ws-waiting", m, ids);
    }
    if computed.totals.handovers > 3 {
        let ids = flow
            .edges()
            .filter(|&(a, b)| matches!((flow.steps[a].org_unit, flow.steps[b].org_unit), (Some(x), Some(y)) if x != y))
            .map(|(_, b)| f.id(b))
            .collect();
        let m = format!(
            "{} Übergaben zwischen Organisationseinheiten.",
            computed.totals.handovers
        );
        f.add("ws-handovers", m, ids);
    }
    if ctx.ozg_level.is_some_and(|l| l >= 3) {
        let ids: Vec<String> = (0..n)
            .filter(|&i| {
                f.block(i) == "ausgang"
                    && (f.medium(i) == Some("papier")
                        || flow.steps[i].step.output_channel.as_deref() == Some("papier"))
            })
            .map(|i| f.id(i))
            .collect();
        if !ids.is_empty() {
            let m = format!(
                "Die Leistung ist online verfügbar (OZG-Reifegrad {}), aber Ausgänge auf Papier: {}.",
                ctx.ozg_level.unwrap_or(3),
                ids.len()
            );
            f.add("ws-paper-notice-online", m, ids);
        }
    }
    let entries: Vec<usize> = (0..n)
        .filter(|&i| f.block(i) == "it-system-eingeben")
        .collect();
    let mut double: Vec<usize> = Vec::new();
    for &a in &entries {
        let later = flow.reachable(a);
        for &b in entries.iter().filter(|b| later.contains(b)) {
            for x in [a, b] {
                if !double.contains(&x) {
                    double.push(x);
                }
            }
        }
    }
    if !double.is_empty() {
        double.sort_unstable();
        let m = format!(
            "{} Schritte geben nacheinander Daten in IT-Systeme ein.",
            double.len()
        );
        let ids = double.iter().map(|&i| f.id(i)).collect();
        f.add("ws-double-entry", m, ids);
    }
    let paper_signatures: Vec<usize> = (0..n)
        .filter(|&i| f.block(i) == "zeichnen-unterschreiben" && is(f.medium(i), PAPER))
        .collect();
    for i in paper_signatures {
        let m = format!("Schritt {} wird auf Papier unterschrieben.", f.label(i));
        f.add("ws-paper-signature", m, vec![f.id(i)]);
    }
    if ctx.cases_per_year.is_some_and(|c| c >= HIGH_VOLUME_CASES) {
        let manual: Vec<usize> = (0..n)
            .filter(|&i| {
                let s = flow.steps[i].step;
                s.it_system.as_deref().is_none_or(str::is_empty)
                    && !matches!(s.block.as_str(), "warten" | "ortswechsel" | "beraten")
            })
            .collect();
        if !manual.is_empty() {
            let m = format!(
                "Schritte ohne IT-System: {} bei {} Fällen im Jahr.",
                manual.len(),
                ctx.cases_per_year.unwrap_or_default()
            );
            f.add(
                "ws-no-it-high-volume",
                m,
                manual.iter().map(|&i| f.id(i)).collect(),
            );
        }
    }
}

/// Whether a step label reads "object + verb in the infinitive" ("Antrag
/// prüfen", "Gebühr berechnen"): at least two words, the last one a lower
/// case word ending like a German infinitive.
pub fn is_verb_object(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    let Some(last) = words.last() else {
        return false;
    };
    let last = last.trim_end_matches(['.', ',', ';', ':', ')']);
    words.len() >= 2
        && last.chars().next().is_some_and(char::is_lowercase)
        && last.chars().all(|c| c.is_alphabetic() || c == '-')
        && (last.ends_with("en")
            || last.ends_with("ern")
            || last.ends_with("eln")
            || last == "tun"
            || last == "sein")
}

fn quality(f: &mut Finder, model: &BlockModel) {
    let flow = f.flow;
    for i in 0..flow.steps.len() {
        let s = flow.steps[i].step;
        if s.label.trim().is_empty() {
            f.add(
                "q-unnamed-step",
                "Ein Schritt hat keine Bezeichnung.".into(),
                vec![f.id(i)],
            );
        } else if !is_verb_object(&s.label) {
            let m = format!(
                "{} folgt nicht dem Muster „Objekt + Verb“ (etwa „Antrag prüfen“).",
                f.label(i)
            );
            f.add("q-verb-object", m, vec![f.id(i)]);
        }
        if s.block.trim().is_empty() {
            let m = format!("Schritt {} hat keinen Bausteintyp.", f.label(i));
            f.add("q-no-block", m, vec![f.id(i)]);
        }
        let mut missing = Vec::new();
        if s.processing_minutes.is_none() {
            missing.push("Bearbeitungszeit");
        }
        if flow.steps[i].org_unit.is_none() {
            missing.push("Organisationseinheit");
        }
        if s.pay_grade.is_none() {
            missing.push("Entgeltgruppe");
        }
        if !missing.is_empty() {
            let m = format!("Schritt {}: es fehlt {}.", f.label(i), missing.join(", "));
            f.add("q-missing-attributes", m, vec![f.id(i)]);
        }
    }
    for sp in &model.subprocesses {
        if sp.items.is_empty() {
            let name = if sp.name.trim().is_empty() {
                "ohne Namen".to_owned()
            } else {
                format!("„{}“", sp.name.trim())
            };
            f.add(
                "q-empty-subprocess",
                format!("Der Teilprozess {name} hat keine Schritte."),
                Vec::new(),
            );
        }
    }
    let mut single = Vec::new();
    model.walk(&mut |it, _| {
        if let Item::Variant(b) = it
            && b.branches.len() < 2
        {
            single.push((
                b.label.clone(),
                b.branches
                    .iter()
                    .flat_map(|br| first_step(&br.items))
                    .collect::<Vec<_>>(),
            ));
        }
    });
    for (label, ids) in single {
        let name = if label.trim().is_empty() {
            String::new()
        } else {
            format!(" „{}“", label.trim())
        };
        f.add(
            "q-single-branch",
            format!("Die Variante{name} hat nur einen Zweig."),
            ids,
        );
    }
    if flow.steps.len() > 50 {
        let m = format!(
            "Das Modell hat {} Schritte (mehr als 50).",
            flow.steps.len()
        );
        f.add("q-too-large", m, Vec::new());
    }
}

/// One line of the model-quality checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub rule: &'static str,
    pub title: &'static str,
    /// Findings of the rule on this model.
    pub findings: usize,
    pub passed: bool,
}

/// The model-quality checklist and its score (share of checks passed,
/// 0–100).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quality {
    pub score: u8,
    pub checks: Vec<Check>,
}

/// The checklist from a model's findings.
pub fn quality_checklist(findings: &[Finding]) -> Quality {
    let checks: Vec<Check> = RULES
        .iter()
        .filter(|r| r.category == Category::Quality)
        .map(|r| {
            let n = findings.iter().filter(|f| f.rule == r.key).count();
            Check {
                rule: r.key,
                title: r.title,
                findings: n,
                passed: n == 0,
            }
        })
        .collect();
    let passed = checks.iter().filter(|c| c.passed).count();
    let score = (passed * 100 / checks.len().max(1)) as u8;
    Quality { score, checks }
}
