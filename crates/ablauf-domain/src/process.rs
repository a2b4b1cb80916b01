//! Processes and their profiles (Steckbriefe), aligned with the federal
//! FIM "Prozesssteckbrief": the fields, their rules, the life cycle, and a
//! field-by-field comparison of two versions.

use crate::codes::stored_code;
use crate::{EntryId, Invalid, OrgUnitId, UserId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The life cycle of a process. Release (Freigabe) is an action of its own,
/// recorded with who and when; a saved edit is never released by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Identifiziert,
    Dokumentiert,
    Modelliert,
    Analysiert,
    Optimiert,
    Freigegeben,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Identifiziert,
        Status::Dokumentiert,
        Status::Modelliert,
        Status::Analysiert,
        Status::Optimiert,
        Status::Freigegeben,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Identifiziert => "identifiziert",
            Status::Dokumentiert => "dokumentiert",
            Status::Modelliert => "modelliert",
            Status::Analysiert => "analysiert",
            Status::Optimiert => "optimiert",
            Status::Freigegeben => "freigegeben",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_key(self) -> String {
        format!("status.{}", self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessType {
    Fuehrung,
    Kern,
    Unterstuetzung,
}

impl ProcessType {
    pub const ALL: [ProcessType; 3] = [
        ProcessType::Fuehrung,
        ProcessType::Kern,
        ProcessType::Unterstuetzung,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProcessType::Fuehrung => "fuehrung",
            ProcessType::Kern => "kern",
            ProcessType::Unterstuetzung => "unterstuetzung",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    #[default]
    Normal,
    Hoch,
    Kritisch,
}

impl Criticality {
    pub const ALL: [Criticality; 3] = [
        Criticality::Normal,
        Criticality::Hoch,
        Criticality::Kritisch,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Criticality::Normal => "normal",
            Criticality::Hoch => "hoch",
            Criticality::Kritisch => "kritisch",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The organisation's reference lists a Steckbrief refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// Fachverfahren.
    ItSystem,
    LegalBasis,
    ExternalParty,
    Document,
}

impl ReferenceKind {
    pub const ALL: [ReferenceKind; 4] = [
        ReferenceKind::ItSystem,
        ReferenceKind::LegalBasis,
        ReferenceKind::ExternalParty,
        ReferenceKind::Document,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReferenceKind::ItSystem => "it_system",
            ReferenceKind::LegalBasis => "legal_basis",
            ReferenceKind::ExternalParty => "external_party",
            ReferenceKind::Document => "document",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

stored_code! {
    Status => "process status",
    ProcessType => "process type",
    Criticality => "criticality",
    ReferenceKind => "reference-list kind",
}

/// The editable fields of a Steckbrief. Status, version and release live on
/// the process, not here. References (org units, people, catalogue entries)
/// are ids of the same organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Profile {
    pub name: String,
    /// The organisation's own identifier, e.g. "P-32.1-004".
    pub identifier: String,
    pub description: String,
    /// LeiKa key of the service the process produces.
    pub service_key: Option<String>,
    pub service_name: String,
    pub ozg_service: String,
    pub themenfeld: String,
    pub lebenslage: String,
    pub process_type: Option<ProcessType>,
    /// The named process owner (a member); may release the process.
    pub owner_id: Option<UserId>,
    /// The responsible org unit.
    pub org_unit_id: Option<OrgUnitId>,
    pub trigger: String,
    pub result: String,
    /// Other org units taking part.
    pub participating_units: Vec<OrgUnitId>,
    /// External parties (catalogue entries).
    pub external_parties: Vec<EntryId>,
    /// The applicant (citizen, company) takes part.
    pub applicant_involved: bool,
    /// Legal bases (catalogue entries with paragraph and link).
    pub legal_bases: Vec<EntryId>,
    pub cases_per_year: Option<u32>,
    /// Statutory deadline as the law states it, e.g. "3 Monate".
    pub statutory_deadline: String,
    /// IT systems (Fachverfahren, catalogue entries).
    pub it_systems: Vec<EntryId>,
    /// Documents in and out (catalogue entries).
    pub documents: Vec<EntryId>,
    /// OZG maturity level 0–4.
    pub digitisation_level: Option<u8>,
    pub keywords: Vec<String>,
    pub criticality: Criticality,
    /// Maximum tolerable downtime for business continuity, e.g. "2 Tage".
    pub max_downtime: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

/// Most keywords a profile has.
pub const MAX_KEYWORDS: usize = 30;
/// Most entries in each list of references (participating units, external
/// parties, legal bases, IT systems, documents): far more than any process
/// names, few enough that checking them against the store is cheap.
pub const MAX_REFERENCES: usize = 200;

fn check_len(errors: &mut Vec<Invalid>, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.push(Invalid::too_long(field, max));
    }
}

impl Profile {
    /// Trims text fields and drops empty keywords, so that what is stored
    /// is what was meant.
    pub fn normalised(mut self) -> Profile {
        for s in [
            &mut self.name,
            &mut self.identifier,
            &mut self.description,
            &mut self.service_name,
            &mut self.ozg_service,
            &mut self.themenfeld,
            &mut self.lebenslage,
            &mut self.trigger,
            &mut self.result,
            &mut self.statutory_deadline,
            &mut self.max_downtime,
        ] {
            *s = s.trim().to_owned();
        }
        self.service_key = self
            .service_key
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty());
        // Linear, whatever the list's length (a set of the folded forms).
        let mut seen = std::collections::HashSet::new();
        let kw: Vec<String> = self
            .keywords
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty() && seen.insert(k.to_ascii_lowercase()))
            .map(str::to_owned)
            .collect();
        self.keywords = kw;
        self
    }

    /// Every rule the profile breaks, each tied to its field. The lists'
    /// lengths come first: nothing proportional to a list (like checking
    /// its references in the store) runs before them.
    pub fn validate(&self) -> Vec<Invalid> {
        let mut e = Vec::new();
        for (field, len) in [
            ("participating_units", self.participating_units.len()),
            ("external_parties", self.external_parties.len()),
            ("legal_bases", self.legal_bases.len()),
            ("it_systems", self.it_systems.len()),
            ("documents", self.documents.len()),
        ] {
            if len > MAX_REFERENCES {
                e.push(Invalid::new(field, "error.list_too_long"));
            }
        }
        if self.name.trim().is_empty() {
            e.push(Invalid::new("name", "error.required"));
        }
        check_len(&mut e, "name", &self.name, 200);
        check_len(&mut e, "identifier", &self.identifier, 40);
        check_len(&mut e, "description", &self.description, 5000);
        check_len(&mut e, "trigger", &self.trigger, 2000);
        check_len(&mut e, "result", &self.result, 2000);
        check_len(&mut e, "statutory_deadline", &self.statutory_deadline, 200);
        check_len(&mut e, "max_downtime", &self.max_downtime, 200);
        if let Some(k) = &self.service_key
            && !(k.len() == 14 && k.bytes().all(|b| b.is_ascii_digit()))
        {
            e.push(Invalid::new("service_key", "error.leika_key"));
        }
        if self.digitisation_level.is_some_and(|l| l > 4) {
            e.push(Invalid::new("digitisation_level", "error.ozg_level"));
        }
        if self.cases_per_year.is_some_and(|c| c > 50_000_000) {
            e.push(Invalid::new("cases_per_year", "error.cases_implausible"));
        }
        if self.keywords.len() > MAX_KEYWORDS
            || self.keywords.iter().any(|k| k.chars().count() > 60)
        {
            e.push(Invalid::new("keywords", "error.keywords"));
        }
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until)
            && until < from
        {
            e.push(Invalid::new("valid_until", "error.valid_until_before_from"));
        }
        e
    }
}

/// One field that differs between two versions, in display form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// Compares two versions field by field. Both are given as the list of
/// `(field, display value)` pairs the UI shows (references resolved to
/// names), so the comparison shows what a person would see.
pub fn compare(
    before: &[(&'static str, String)],
    after: &[(&'static str, String)],
) -> Vec<(&'static str, String, String, bool)> {
    before
        .iter()
        .zip(after)
        .map(|((f, b), (_, a))| (*f, b.clone(), a.clone(), a != b))
        .collect()
}

impl Profile {
    /// The list fields, whose order carries no meaning, each with its
    /// members as text (ids as strings), sorted.
    pub fn lists(&self) -> [(&'static str, Vec<String>); 6] {
        fn ids<I: ToString>(v: &[I]) -> Vec<String> {
            let mut v: Vec<String> = v.iter().map(I::to_string).collect();
            v.sort();
            v
        }
        let mut keywords = self.keywords.clone();
        keywords.sort();
        [
            ("participating_units", ids(&self.participating_units)),
            ("external_parties", ids(&self.external_parties)),
            ("legal_bases", ids(&self.legal_bases)),
            ("it_systems", ids(&self.it_systems)),
            ("documents", ids(&self.documents)),
            ("keywords", keywords),
        ]
    }
}

/// Compares two profiles field by field as [`compare`] does, given with
/// their display fields; a list counts as changed only when its members
/// differ, not when only their order does.
pub fn compare_profiles(
    before: (&Profile, &[(&'static str, String)]),
    after: (&Profile, &[(&'static str, String)]),
) -> Vec<(&'static str, String, String, bool)> {
    let (lb, la) = (before.0.lists(), after.0.lists());
    let mut rows = compare(before.1, after.1);
    for row in &mut rows {
        let members = |lists: &[(&str, Vec<String>)]| {
            lists
                .iter()
                .find(|(f, _)| *f == row.0)
                .map(|(_, m)| m.clone())
        };
        if let (Some(b), Some(a)) = (members(&lb), members(&la)) {
            row.3 = b != a;
        }
    }
    rows
}

/// Only the differing fields.
pub fn changes(
    before: &[(&'static str, String)],
    after: &[(&'static str, String)],
) -> Vec<FieldChange> {
    compare(before, after)
        .into_iter()
        .filter(|c| c.3)
        .map(|(field, before, after, _)| FieldChange {
            field,
            before,
            after,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_needs_a_name_and_plausible_values() {
        let p = Profile::default();
        assert_eq!(p.validate()[0].field, "name");
        let p = Profile {
            name: "Hundesteuer – An- und Abmeldung".into(),
            service_key: Some("123".into()),
            digitisation_level: Some(5),
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 1),
            valid_until: NaiveDate::from_ymd_opt(2025, 1, 1),
            ..Default::default()
        };
        let fields: Vec<_> = p.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["service_key", "digitisation_level", "valid_until"]);
    }

    #[test]
    fn lists_in_another_order_are_unchanged() {
        let (u1, u2) = (
            OrgUnitId(uuid::Uuid::now_v7()),
            OrgUnitId(uuid::Uuid::now_v7()),
        );
        let before = Profile {
            keywords: vec!["Gewerbe".into(), "Anmeldung".into()],
            participating_units: vec![u1, u2],
            ..Default::default()
        };
        let mut after = Profile {
            keywords: vec!["Anmeldung".into(), "Gewerbe".into()],
            participating_units: vec![u2, u1],
            ..Default::default()
        };
        let shown = |p: &Profile| {
            vec![
                ("keywords", p.keywords.join(", ")),
                (
                    "participating_units",
                    format!("{:?}", p.participating_units),
                ),
            ]
        };
        let rows = compare_profiles((&before, &shown(&before)), (&after, &shown(&after)));
        assert!(rows.iter().all(|r| !r.3), "{rows:?}");
        after.participating_units.pop();
        let rows = compare_profiles((&before, &shown(&before)), (&after, &shown(&after)));
        assert_eq!(
            rows.iter().filter(|r| r.3).map(|r| r.0).collect::<Vec<_>>(),
            ["participating_units"]
        );
    }

    #[test]
    fn normalising_trims_and_deduplicates_keywords() {
        let p = Profile {
            name: "  Gewerbeanmeldung ".into(),
            service_key: Some(" ".into()),
            keywords: vec![
                "Gewerbe".into(),
                " ".into(),
                "gewerbe".into(),
                "Anzeige".into(),
            ],
            ..Default::default()
        }
        .normalised();
        assert_eq!(p.name, "Gewerbeanmeldung");
        assert_eq!(p.service_key, None);
        assert_eq!(p.keywords, ["Gewerbe", "Anzeige"]);
    }

    #[test]
    fn old_profiles_read_with_defaults() {
        // A version stored before a field existed still reads.
        let p: Profile = serde_json::from_str(r#"{"name":"Alt"}"#).unwrap();
        assert_eq!(p.name, "Alt");
        assert_eq!(p.criticality, Criticality::Normal);
    }

    #[test]
    fn changes_list_only_differing_fields() {
        let a = vec![("name", "A".to_owned()), ("trigger", "Antrag".to_owned())];
        let b = vec![
            ("name", "A".to_owned()),
            ("trigger", "Antrag online".to_owned()),
        ];
        assert_eq!(
            changes(&a, &b),
            [FieldChange {
                field: "trigger",
                before: "Antrag".into(),
                after: "Antrag online".into()
            }]
        );
    }

    #[test]
    fn status_codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
    }
}
