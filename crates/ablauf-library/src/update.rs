//! The three-way comparison of a template update: the template version an
//! organisation adopted (base), the new template version (theirs) and the
//! organisation's process today (ours), field by field for the Steckbrief
//! and element by element, attribute by attribute for the model.
//!
//! All three come in the organisation's own terms: the app localises the
//! adopted and the new template version with the organisation's mapping
//! ([`crate::content::localise`]) before comparing, so that a role reads
//! as the same org unit in all three.
//!
//! [`compare`] lists every change the template made — the Steckbrief's
//! first, then the model's ([`ablauf_model::three_way::changes`]) — with the
//! organisation's value and whether it conflicts (the organisation changed
//! the same field to another value). Changes only the organisation made are
//! not listed and always kept; changes both made alike are not listed.
//! [`apply`] starts from ours and takes the changes whose ids are given.
//!
//! The Steckbrief fields compared are those a template carries
//! ([`crate::NeutralProfile`], as they read in the organisation's
//! [`Profile`]); the organisation's identifier, owner and validity dates are
//! its own and always kept. Lists (participating units, external parties,
//! legal bases, IT systems, documents, keywords) are compared as sets: a
//! new order is no change. A Steckbrief change has the id
//! `steckbrief.{field}` (field as in the JSON form of [`Profile`]), element
//! `steckbrief`, and the German field name as its label.

use std::collections::{BTreeSet, HashSet};

use ablauf_domain::process::Profile;
use ablauf_model::BlockModel;
use ablauf_model::three_way::{self, ElementKind, ModelChange};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What a change is about: the Steckbrief, or a sort of model element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Steckbrief,
    Subprocess,
    Step,
    Variant,
    Parallel,
    Branch,
}

impl From<ElementKind> for ChangeKind {
    fn from(k: ElementKind) -> Self {
        match k {
            ElementKind::Subprocess => ChangeKind::Subprocess,
            ElementKind::Step => ChangeKind::Step,
            ElementKind::Variant => ChangeKind::Variant,
            ElementKind::Parallel => ChangeKind::Parallel,
            ElementKind::Branch => ChangeKind::Branch,
        }
    }
}

/// One change the template made, as the update page and the API show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// `steckbrief.{field}` or `{element id}.{field}`: what `take` names.
    pub id: String,
    /// `steckbrief`, or the model element's id.
    pub element: String,
    pub kind: ChangeKind,
    /// The Steckbrief field's German name, or the element's name or label.
    pub label: String,
    /// The field (JSON name), or `element` / `position` for a model
    /// element added, removed or moved.
    pub field: String,
    /// The value in the adopted template version (None: not there).
    pub base: Option<Value>,
    /// The value in the new template version.
    pub theirs: Option<Value>,
    /// The organisation's value today.
    pub ours: Option<Value>,
    /// The organisation changed it too, to another value.
    pub conflict: bool,
}

impl From<ModelChange> for Change {
    fn from(c: ModelChange) -> Self {
        Change {
            id: c.id,
            element: c.element,
            kind: c.kind.into(),
            label: c.label,
            field: c.field,
            base: c.base,
            theirs: c.theirs,
            ours: c.ours,
            conflict: c.conflict,
        }
    }
}

/// Every change of a template update, the Steckbrief's first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Update {
    pub changes: Vec<Change>,
}

impl Update {
    /// How many of the changes conflict.
    pub fn conflicts(&self) -> usize {
        self.changes.iter().filter(|c| c.conflict).count()
    }
}

/// The element of every Steckbrief change.
pub const STECKBRIEF: &str = "steckbrief";

/// The Steckbrief fields a template carries: JSON name, German name, and
/// whether the field is a list compared as a set.
pub const PROFILE_FIELDS: &[(&str, &str, bool)] = &[
    ("name", "Name", false),
    ("description", "Beschreibung", false),
    ("service_key", "LeiKa-Schlüssel", false),
    ("service_name", "Leistung (LeiKa)", false),
    ("ozg_service", "OZG-Leistung", false),
    ("themenfeld", "Themenfeld", false),
    ("lebenslage", "Lebenslage", false),
    ("process_type", "Prozessart", false),
    ("org_unit_id", "Zuständige Organisationseinheit", false),
    (
        "participating_units",
        "Beteiligte Organisationseinheiten",
        true,
    ),
    ("trigger", "Auslöser", false),
    ("result", "Ergebnis", false),
    ("external_parties", "Externe Beteiligte", true),
    (
        "applicant_involved",
        "Antragstellende sind beteiligt",
        false,
    ),
    ("legal_bases", "Handlungsgrundlagen", true),
    ("cases_per_year", "Fallzahl pro Jahr", false),
    ("statutory_deadline", "Gesetzliche Frist", false),
    ("it_systems", "Fachverfahren", true),
    ("documents", "Dokumente", true),
    (
        "digitisation_level",
        "Digitalisierungsgrad (OZG-Reifegrad)",
        false,
    ),
    ("keywords", "Schlagwörter", true),
    ("criticality", "Kritikalität", false),
    ("max_downtime", "Maximal tolerierbare Ausfallzeit", false),
];

fn fields_of(p: &Profile) -> Map<String, Value> {
    match serde_json::to_value(p) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Two values of a field alike: lists of set fields as sets.
fn alike(set: bool, a: &Value, b: &Value) -> bool {
    if !set {
        return a == b;
    }
    let members = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(Value::to_string)
            .collect()
    };
    members(a) == members(b)
}

/// Every Steckbrief change the template made, in the order of the form,
/// with the organisation's value and whether it conflicts.
pub fn profile_changes(base: &Profile, theirs: &Profile, ours: &Profile) -> Vec<Change> {
    let (b, t, o) = (fields_of(base), fields_of(theirs), fields_of(ours));
    let mut out = Vec::new();
    for &(field, label, set) in PROFILE_FIELDS {
        let value = |m: &Map<String, Value>| m.get(field).cloned().unwrap_or(Value::Null);
        let (bv, tv, ov) = (value(&b), value(&t), value(&o));
        if alike(set, &bv, &tv) || alike(set, &ov, &tv) {
            continue;
        }
        let conflict = !alike(set, &ov, &bv);
        out.push(Change {
            id: format!("{STECKBRIEF}.{field}"),
            element: STECKBRIEF.to_owned(),
            kind: ChangeKind::Steckbrief,
            label: label.to_owned(),
            field: field.to_owned(),
            base: Some(bv),
            theirs: Some(tv),
            ours: Some(ov),
            conflict,
        });
    }
    out
}

/// Every change of the update: the Steckbrief's, then the model's in
/// reading order.
pub fn compare(
    base: (&Profile, &BlockModel),
    theirs: (&Profile, &BlockModel),
    ours: (&Profile, &BlockModel),
) -> Update {
    let mut changes = profile_changes(base.0, theirs.0, ours.0);
    changes.extend(
        three_way::changes(base.1, theirs.1, ours.1)
            .into_iter()
            .map(Change::from),
    );
    Update { changes }
}

/// Ours with the changes whose ids are in `take` taken from the new
/// template version; everything else as the organisation has it, its
/// identifier, owner and validity dates always. Ids that are not changes
/// of these versions are ignored.
pub fn apply(
    base: (&Profile, &BlockModel),
    theirs: (&Profile, &BlockModel),
    ours: (&Profile, &BlockModel),
    take: &HashSet<String>,
) -> (Profile, BlockModel) {
    let mut fields = fields_of(ours.0);
    let new = fields_of(theirs.0);
    for c in profile_changes(base.0, theirs.0, ours.0) {
        if take.contains(&c.id) {
            fields.insert(
                c.field.clone(),
                new.get(&c.field).cloned().unwrap_or(Value::Null),
            );
        }
    }
    let profile = serde_json::from_value(Value::Object(fields)).unwrap_or_else(|_| ours.0.clone());
    let model = three_way::apply(base.1, theirs.1, ours.1, take);
    (profile, model)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field list names every field a template carries, and each is a
    /// field of the JSON form of a Profile.
    #[test]
    fn the_fields_are_the_template_s() {
        let neutral = serde_json::to_value(crate::NeutralProfile::default()).unwrap();
        let profile = fields_of(&Profile::default());
        for (f, _, _) in PROFILE_FIELDS {
            assert!(profile.contains_key(*f), "{f}");
        }
        for f in neutral.as_object().unwrap().keys() {
            let local = match f.as_str() {
                "responsible_role" => "org_unit_id",
                "participating_roles" => "participating_units",
                f => f,
            };
            assert!(
                PROFILE_FIELDS.iter().any(|(x, _, _)| *x == local),
                "{f} is not compared"
            );
        }
        assert_eq!(
            PROFILE_FIELDS.len(),
            neutral.as_object().unwrap().len(),
            "one field each"
        );
    }
}
