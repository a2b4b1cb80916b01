//! The personal-data check a proposal passes before it leaves its
//! organisation: e-mail addresses, phone numbers and names of people in
//! any text of the Steckbrief or the model.
//!
//! Names are found two ways: the names of the organisation's own people
//! (the caller passes them), and a form of address followed by a name
//! ("Frau Schmidt", "Hr. Becker"). The check errs on the side of asking:
//! the proposer resolves or confirms every finding.

use ablauf_model::{Item, StepItem};
use serde::Serialize;

use crate::content::Content;

/// What kind of personal data a text seems to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Phone,
    Name,
}

impl Kind {
    /// Message key of the kind's German name.
    pub fn label_key(self) -> &'static str {
        match self {
            Kind::Email => "library.personal.email",
            Kind::Phone => "library.personal.phone",
            Kind::Name => "library.personal.name",
        }
    }
}

/// One piece of text that looks like personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    /// The Steckbrief field (`profile.description`) or model element and
    /// field (`step:s-3.notes`) the text is in.
    pub place: String,
    /// What people read as the place: the field's or step's name.
    pub label: String,
    /// The text found.
    pub text: String,
}

const ADDRESS: [&str; 8] = [
    "Herr", "Herrn", "Frau", "Hr.", "Fr.", "Dr.", "Prof.", "Familie",
];

/// Every finding in `content`, in reading order. `people` are the names
/// of the organisation's people ("Jonas Becker"); each is found as a
/// whole and by its last name where that has at least four letters.
pub fn check(content: &Content, people: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    let p = &content.profile;
    let fields: [(&str, &str, &str); 9] = [
        ("name", "Name", &p.name),
        ("description", "Beschreibung", &p.description),
        ("trigger", "Auslöser", &p.trigger),
        ("result", "Ergebnis", &p.result),
        (
            "statutory_deadline",
            "Gesetzliche Frist",
            &p.statutory_deadline,
        ),
        (
            "max_downtime",
            "Maximal tolerierbare Ausfallzeit",
            &p.max_downtime,
        ),
        ("service_name", "Leistung", &p.service_name),
        ("themenfeld", "Themenfeld", &p.themenfeld),
        ("lebenslage", "Lebenslage", &p.lebenslage),
    ];
    for (field, label, text) in fields {
        scan(&mut out, &format!("profile.{field}"), label, text, people);
    }
    for (field, label, list) in [
        ("keywords", "Schlagwörter", &p.keywords),
        (
            "external_parties",
            "Externe Beteiligte",
            &p.external_parties,
        ),
        ("documents", "Dokumente", &p.documents),
        (
            "participating_roles",
            "Beteiligte Rollen",
            &p.participating_roles,
        ),
    ] {
        for text in list {
            scan(&mut out, &format!("profile.{field}"), label, text, people);
        }
    }
    for role in content.roles() {
        scan(&mut out, "roles", "Rolle", &role, people);
    }
    for sp in &content.model.subprocesses {
        let label = format!("Teilprozess „{}“", sp.name);
        scan(
            &mut out,
            &format!("subprocess:{}.name", sp.id),
            &label,
            &sp.name,
            people,
        );
        items(&mut out, &sp.items, people);
    }
    out
}

fn items(out: &mut Vec<Finding>, items: &[Item], people: &[String]) {
    for item in items {
        match item {
            Item::Step(s) => step(out, s, people),
            Item::Variant(b) | Item::Parallel(b) => {
                let label = format!("Verzweigung „{}“", b.label);
                scan(
                    out,
                    &format!("branching:{}.label", b.id),
                    &label,
                    &b.label,
                    people,
                );
                for br in &b.branches {
                    let label = format!("Zweig „{}“", br.label);
                    scan(
                        out,
                        &format!("branch:{}.label", br.id),
                        &label,
                        &br.label,
                        people,
                    );
                    items_rec(out, &br.items, people);
                }
            }
        }
    }
}

// A named helper so the recursion reads as such.
fn items_rec(out: &mut Vec<Finding>, list: &[Item], people: &[String]) {
    items(out, list, people)
}

fn step(out: &mut Vec<Finding>, s: &StepItem, people: &[String]) {
    let label = format!("Schritt „{}“", s.label);
    let mut texts: Vec<(&str, &str)> = vec![
        ("label", &s.label),
        ("description", &s.description),
        ("notes", &s.notes),
    ];
    if let Some(it) = &s.it_system {
        texts.push(("itSystem", it));
    }
    for l in &s.legal_basis {
        texts.push(("legalBasis", l));
    }
    for d in &s.documents {
        texts.push(("documents", &d.name));
    }
    for (field, text) in texts {
        scan(out, &format!("step:{}.{field}", s.id), &label, text, people);
    }
}

fn scan(out: &mut Vec<Finding>, place: &str, label: &str, text: &str, people: &[String]) {
    if text.is_empty() {
        return;
    }
    let mut push = |kind, found: &str| {
        out.push(Finding {
            kind,
            place: place.to_owned(),
            label: label.to_owned(),
            text: found.to_owned(),
        })
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in &words {
        let w = w.trim_matches(|c: char| {
            matches!(
                c,
                ',' | ';' | ':' | '(' | ')' | '<' | '>' | '"' | '\'' | '.'
            )
        });
        if is_email(w) {
            push(Kind::Email, w);
        }
    }
    for number in phone_numbers(text) {
        push(Kind::Phone, &number);
    }
    for pair in words.windows(2) {
        let next = pair[1].trim_end_matches(|c: char| !c.is_alphabetic());
        if ADDRESS.contains(&pair[0])
            && next.chars().next().is_some_and(char::is_uppercase)
            && next.chars().count() >= 2
        {
            push(Kind::Name, &format!("{} {}", pair[0], next));
        }
    }
    let folded = text.to_lowercase();
    for person in people {
        let person = person.trim();
        if person.is_empty() {
            continue;
        }
        let last = person.rsplit(' ').next().unwrap_or(person);
        let whole = contains_word(&folded, &person.to_lowercase());
        if whole || (last.chars().count() >= 4 && contains_word(&folded, &last.to_lowercase())) {
            push(Kind::Name, if whole { person } else { last });
        }
    }
}

fn contains_word(haystack: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(i) = haystack[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = start + word.len().max(1);
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

fn is_email(w: &str) -> bool {
    let Some((local, domain)) = w.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || ".-".contains(c))
}

/// Runs of digits with the separators phone numbers are written with
/// ("0351 123-456", "+49 (351) 12 34 56"), at least six digits, starting
/// with `+` or `0`. Dates ("01.02.2024"), amounts and paragraph numbers do
/// not start that way or hold dots.
fn phone_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = (c == '+' || c == '0')
            && (i == 0
                || !chars[i - 1].is_alphanumeric() && chars[i - 1] != '.' && chars[i - 1] != ',');
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = 0;
        while j < chars.len() && (chars[j].is_ascii_digit() || " +-/()".contains(chars[j])) {
            if chars[j].is_ascii_digit() {
                digits += 1;
            }
            j += 1;
        }
        let followed_ok = j >= chars.len()
            || !(chars[j] == '.' && chars.get(j + 1).is_some_and(char::is_ascii_digit))
                && chars[j] != ',';
        if digits >= 6 && followed_ok {
            let s: String = chars[i..j].iter().collect();
            out.push(s.trim_end_matches(|c: char| !c.is_ascii_digit()).to_owned());
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::NeutralProfile;

    fn with_description(d: &str) -> Content {
        Content {
            profile: NeutralProfile {
                name: "Gewerbe anmelden".into(),
                description: d.into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn kinds(d: &str, people: &[&str]) -> Vec<(Kind, String)> {
        let people: Vec<String> = people.iter().map(|p| p.to_string()).collect();
        check(&with_description(d), &people)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    #[test]
    fn finds_addresses_numbers_and_names() {
        assert_eq!(
            kinds("Rückfragen an j.becker@musterstadt.de.", &[]),
            vec![(Kind::Email, "j.becker@musterstadt.de".to_string())]
        );
        assert_eq!(
            kinds("Telefon 0351 123-4567 (vormittags)", &[]),
            vec![(Kind::Phone, "0351 123-4567".to_string())]
        );
        assert_eq!(
            kinds("oder +49 (351) 12 34 56", &[]),
            vec![(Kind::Phone, "+49 (351) 12 34 56".to_string())]
        );
        assert_eq!(
            kinds("Freigabe durch Frau Schmidt.", &[]),
            vec![(Kind::Name, "Frau Schmidt".to_string())]
        );
        assert_eq!(
            kinds("Becker prüft die Unterlagen", &["Jonas Becker"]),
            vec![(Kind::Name, "Becker".to_string())]
        );
        assert_eq!(
            kinds("Jonas Becker prüft", &["Jonas Becker"]),
            vec![(Kind::Name, "Jonas Becker".to_string())]
        );
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for text in [
            "Frist 01.02.2024, Gebühr 26,00 EUR, § 14 GewO, 3 Monate",
            "Antrag mit 0 Anlagen; Vorgang 2024/0001",
            "Der Beckerweg ist gesperrt",
            "Leistungsschlüssel 99050012104000",
            "E-Mail an das Funktionspostfach senden",
        ] {
            assert_eq!(kinds(text, &["Jonas Becker"]), vec![], "{text}");
        }
    }

    #[test]
    fn looks_into_every_step_text() {
        let mut c = with_description("");
        c.model = serde_json::from_value(serde_json::json!({"subprocesses": [{"id": "sp1", "name": "Annahme",
            "items": [{"kind": "step", "id": "s1", "label": "Antrag prüfen", "notes": "bei Fragen: info@amt.de"}]}]}))
        .unwrap();
        let f = check(&c, &[]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place, "step:s1.notes");
        assert_eq!(f[0].label, "Schritt „Antrag prüfen“");
    }
}
