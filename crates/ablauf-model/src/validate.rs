//! Model checks with German messages. Errors make figures or the BPMN export
//! wrong; warnings point at gaps a clerk should fill.

use crate::catalogue::{Catalogue, MEDIA};
use crate::model::{BlockModel, Branching, Item, StepItem};
use serde::Serialize;
use std::collections::HashSet;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about a model.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `share-sum`.
    pub code: &'static str,
    /// The subprocess, item or branch concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// German message.
    pub message: String,
}

/// Most elements a model may have (see [`BlockModel::exceeds`]): far more
/// than a process drawn by hand, few enough for every check, the layout
/// and the exports.
pub const MAX_ELEMENTS: usize = 5_000;

/// "5.000" for 5000.
pub fn german_thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Tolerance for share sums (shares are entered in whole or tenth percent).
const SHARE_EPS: f64 = 0.0005;

/// `„label“` or a German fallback naming the kind.
pub(crate) fn quoted(label: &str, fallback: &str) -> String {
    let l = label.trim();
    if l.is_empty() {
        fallback.to_owned()
    } else {
        format!("„{l}“")
    }
}

/// Percent for messages: "30 %", "33,3 %".
pub fn percent(share: f64) -> String {
    let p = (share * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{} %", p as i64)
    } else {
        format!("{p:.1} %").replace('.', ",")
    }
}

/// Whether `s` can be an XML ID (an NCName), which BPMN needs for element ids.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    // ASCII as XML defines it; beyond Latin-1 punctuation, letters and digits
    // (a safe subset of XML's name characters).
    let start =
        |c: char| c.is_ascii_alphabetic() || c == '_' || (c >= '\u{C0}' && c.is_alphabetic());
    let rest = |c: char| {
        start(c)
            || c.is_ascii_digit()
            || matches!(c, '-' | '.')
            || (c >= '\u{C0}' && c.is_alphanumeric())
    };
    start(first) && chars.all(rest)
}

struct Checker<'a> {
    out: Vec<Finding>,
    catalogue: Option<&'a Catalogue>,
    seen: HashSet<&'a str>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, severity: Severity, code: &'static str, id: &str, message: String) {
        self.out.push(Finding {
            severity,
            code,
            id: (!id.is_empty()).then(|| id.to_owned()),
            message,
        });
    }

    fn id(&mut self, id: &'a str, what: &str) {
        if id.is_empty() {
            self.push(
                Severity::Error,
                "id-missing",
                id,
                format!("{what} hat keine Kennung."),
            );
        } else if !self.seen.insert(id) {
            self.push(
                Severity::Error,
                "id-duplicate",
                id,
                format!("Die Kennung „{id}“ kommt mehrfach vor ({what})."),
            );
        } else if !is_valid_id(id) {
            self.push(
                Severity::Warning,
                "id-invalid",
                id,
                format!(
                    "Die Kennung „{id}“ ist für BPMN ungeeignet; beim Export wird sie ersetzt."
                ),
            );
        }
    }

    fn items(&mut self, items: &'a [Item]) {
        for it in items {
            match it {
                Item::Step(s) => self.step(s),
                Item::Variant(b) => self.branching(b, true),
                Item::Parallel(b) => self.branching(b, false),
            }
        }
    }

    fn step(&mut self, s: &'a StepItem) {
        self.id(&s.id, "Ein Schritt");
        let name = quoted(&s.label, "Ein Schritt ohne Bezeichnung");
        let id = s.id.as_str();
        if s.label.trim().is_empty() {
            self.push(
                Severity::Warning,
                "label-empty",
                id,
                "Ein Schritt hat keine Bezeichnung.".into(),
            );
        }
        if s.block.trim().is_empty() {
            self.push(
                Severity::Error,
                "block-missing",
                id,
                format!("Der Schritt {name} hat keinen Bausteintyp."),
            );
        } else if let Some(c) = self.catalogue
            && c.block(&s.block).is_none()
        {
            self.push(
                Severity::Error,
                "block-unknown",
                id,
                format!(
                    "Der Schritt {name} verwendet den unbekannten Baustein „{}“.",
                    s.block
                ),
            );
        }
        let times = [
            ("Bearbeitungszeit", s.processing_minutes),
            ("minimale Bearbeitungszeit", s.processing_minutes_min),
            ("maximale Bearbeitungszeit", s.processing_minutes_max),
            ("Wartezeit", s.waiting_minutes),
        ];
        for (what, v) in times {
            match v {
                Some(v) if !v.is_finite() => self.push(
                    Severity::Error,
                    "time-invalid",
                    id,
                    format!("Die {what} des Schritts {name} ist keine Zahl."),
                ),
                Some(v) if v < 0.0 => self.push(
                    Severity::Error,
                    "time-negative",
                    id,
                    format!("Die {what} des Schritts {name} ist negativ."),
                ),
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (s.processing_minutes_min, s.processing_minutes_max)
            && min > max
        {
            self.push(
                Severity::Error,
                "time-min-max",
                id,
                format!(
                    "Beim Schritt {name} ist die minimale Bearbeitungszeit größer als die maximale."
                ),
            );
        }
        if let Some(t) = s.processing_minutes {
            let below = s.processing_minutes_min.is_some_and(|m| t < m);
            let above = s.processing_minutes_max.is_some_and(|m| t > m);
            if below || above {
                self.push(
                    Severity::Warning,
                    "time-typical-range",
                    id,
                    format!(
                        "Beim Schritt {name} liegt die typische Bearbeitungszeit außerhalb von Minimum und Maximum."
                    ),
                );
            }
        }
        if let Some(sh) = s.share
            && !(sh.is_finite() && (0.0..=1.0).contains(&sh))
        {
            self.push(
                Severity::Error,
                "share-range",
                id,
                format!(
                    "Der Anteil der Fälle beim Schritt {name} muss zwischen 0 und 100 % liegen."
                ),
            );
        }
        if let Some(m) = s.medium.as_deref()
            && !m.is_empty()
            && !MEDIA.iter().any(|(k, _)| *k == m)
        {
            self.push(
                Severity::Warning,
                "medium-unknown",
                id,
                format!("Der Schritt {name} nennt das unbekannte Medium „{m}“."),
            );
        }
        if s.documents.iter().any(|d| d.name.trim().is_empty()) {
            self.push(
                Severity::Warning,
                "document-empty",
                id,
                format!("Beim Schritt {name} hat ein Dokument keinen Namen."),
            );
        }
        if s.legal_basis.iter().any(|l| l.trim().is_empty()) {
            self.push(
                Severity::Warning,
                "legal-basis-empty",
                id,
                format!("Beim Schritt {name} ist eine Rechtsgrundlage leer."),
            );
        }
    }

    fn branching(&mut self, b: &'a Branching, variant: bool) {
        let kind = if variant {
            "Eine Variante"
        } else {
            "Eine Parallelität"
        };
        self.id(&b.id, kind);
        let id = b.id.as_str();
        let name = if variant {
            format!("Die Variante {}", quoted(&b.label, "ohne Bezeichnung"))
        } else {
            format!("Die Parallelität {}", quoted(&b.label, "ohne Bezeichnung"))
        };
        if b.label.trim().is_empty() {
            self.push(
                Severity::Warning,
                "label-empty",
                id,
                format!("{kind} hat keine Bezeichnung."),
            );
        }
        if b.branches.len() < 2 {
            self.push(
                Severity::Error,
                "branches-too-few",
                id,
                format!("{name} braucht mindestens zwei Zweige."),
            );
        }
        for br in &b.branches {
            self.id(&br.id, "Ein Zweig");
            // A variant's branch label names the case; parallel branches need none.
            if variant && br.label.trim().is_empty() {
                self.push(
                    Severity::Warning,
                    "label-empty",
                    &br.id,
                    format!("{name} hat einen Zweig ohne Bezeichnung."),
                );
            }
            match br.share {
                Some(_) if !variant => self.push(
                    Severity::Warning,
                    "share-parallel",
                    &br.id,
                    format!(
                        "{name}: Parallele Zweige laufen immer alle; der Anteil von Zweig {} wird nicht verwendet.",
                        quoted(&br.label, "ohne Bezeichnung")
                    ),
                ),
                Some(sh) if !(sh.is_finite() && (0.0..=1.0).contains(&sh)) => self.push(
                    Severity::Error,
                    "share-range",
                    &br.id,
                    format!(
                        "{name}: Der Anteil von Zweig {} muss zwischen 0 und 100 % liegen.",
                        quoted(&br.label, "ohne Bezeichnung")
                    ),
                ),
                None if variant => self.push(
                    Severity::Warning,
                    "share-missing",
                    &br.id,
                    format!(
                        "{name}: Zweig {} hat keinen Anteil an den Fällen.",
                        quoted(&br.label, "ohne Bezeichnung")
                    ),
                ),
                _ => {}
            }
            self.items(&br.items);
        }
        if variant && b.branches.len() >= 2 {
            let shares: Vec<f64> = b.branches.iter().filter_map(|br| br.share).collect();
            let sum: f64 = shares.iter().sum();
            if shares.iter().all(|s| s.is_finite()) {
                let complete = shares.len() == b.branches.len();
                if (complete && (sum - 1.0).abs() > SHARE_EPS)
                    || (!complete && sum > 1.0 + SHARE_EPS)
                {
                    self.push(
                        Severity::Error,
                        "share-sum",
                        id,
                        format!(
                            "{name}: Die Anteile der Zweige ergeben zusammen {} statt 100 %.",
                            percent(sum)
                        ),
                    );
                }
            }
        }
    }
}

impl BlockModel {
    /// Check the model (without a catalogue: block keys are not checked).
    pub fn validate(&self) -> Vec<Finding> {
        self.check(None)
    }

    /// Check the model, including that every block key is in the catalogue
    /// (hidden blocks count as known).
    pub fn validate_with(&self, catalogue: &Catalogue) -> Vec<Finding> {
        self.check(Some(catalogue))
    }

    /// Whether the model has more than `limit` elements (subprocesses,
    /// items, branches, step documents and legal bases); stops counting at
    /// the limit.
    pub fn exceeds(&self, limit: usize) -> bool {
        fn items(list: &[Item], left: &mut usize) -> bool {
            for item in list {
                let n = match item {
                    Item::Step(s) => 1 + s.documents.len() + s.legal_basis.len(),
                    Item::Variant(b) | Item::Parallel(b) => 1 + b.branches.len(),
                };
                let Some(l) = left.checked_sub(n) else {
                    return true;
                };
                *left = l;
                if let Item::Variant(b) | Item::Parallel(b) = item
                    && b.branches.iter().any(|br| items(&br.items, left))
                {
                    return true;
                }
            }
            false
        }
        let mut left = limit;
        self.subprocesses
            .iter()
            .any(|sp| match left.checked_sub(1) {
                Some(l) => {
                    left = l;
                    items(&sp.items, &mut left)
                }
                None => true,
            })
    }

    fn check(&self, catalogue: Option<&Catalogue>) -> Vec<Finding> {
        // The size first: nothing proportional to the model runs on a
        // model beyond it.
        if self.exceeds(MAX_ELEMENTS) {
            return vec![Finding {
                severity: Severity::Error,
                code: "too-large",
                id: None,
                message: format!(
                    "Das Modell hat mehr als {} Elemente (Teilprozesse, Schritte, Verzweigungen, Zweige, Dokumente und Rechtsgrundlagen). Bitte teilen Sie den Prozess auf.",
                    german_thousands(MAX_ELEMENTS)
                ),
            }];
        }
        let mut c = Checker {
            out: Vec::new(),
            catalogue,
            seen: HashSet::new(),
        };
        for sp in &self.subprocesses {
            c.id(&sp.id, "Ein Teilprozess");
            if sp.name.trim().is_empty() {
                c.push(
                    Severity::Warning,
                    "name-empty",
                    &sp.id,
                    "Ein Teilprozess hat keinen Namen.".into(),
                );
            }
            c.items(&sp.items);
        }
        c.out
    }
}
