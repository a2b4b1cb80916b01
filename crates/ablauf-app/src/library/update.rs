//! Taking a template's new version into a process that came from it
//! ("Aktualisierung verfügbar"): the three-way comparison as the update
//! page and the API show it ([`comparison`]), taking the chosen changes as
//! a new version of the process ([`take`]), skipping a version
//! ([`skip`]), and the notices of the start page and the process page
//! ([`notices`], [`notice_for`]).
//!
//! The three sides, all in the organisation's own terms: the template
//! version the process is based on (base) and the template's current
//! version (theirs), both localised with the process's mapping
//! ([`ablauf_library::content::localise`]), and the process's current
//! version (ours: its Steckbrief and as-is model). The computation is
//! [`ablauf_library::update`]; this module reads the sides, names ids for
//! people (org units, pay grades, catalogue entries) and saves.
//!
//! A role the new template version names that the mapping lacks reads as
//! "no org unit" until it is mapped: the page offers mapping it to one of
//! the organisation's units when taking, and the mapping kept with the
//! lineage grows by it.

use std::collections::{HashMap, HashSet};

use ablauf_domain::process::Profile;
use ablauf_domain::{OrgUnitId, ProcessId, ReferenceKind};
use ablauf_library::Content;
pub use ablauf_library::Version;
use ablauf_library::content::{Mapping, localise};
use ablauf_library::update::{Change, ChangeKind, STECKBRIEF, Update, apply, compare};
use ablauf_model::{BlockModel, Item};
use ablauf_store::library::{LineageRow, TemplateRow, UpdateNotice};
use ablauf_store::{Actor, OrgId, ProcessRow, Save, Store, StoredModel};
use serde_json::Value;

use super::{content, mapping, mapping_json, stored, version};
use crate::i18n::{t, tf};
use crate::modelling::{Current, Names, current_model};
use crate::{Error, Result};

/// One change as people read it: the raw change (ids and JSON values, for
/// the API) and its values with names instead of ids.
#[derive(Debug, Clone)]
pub struct ChangeView {
    pub change: Change,
    /// The field's German name.
    pub field_label: String,
    pub base: String,
    pub theirs: String,
    pub ours: String,
}

/// The changes of one element (the Steckbrief, or one model element), in
/// the order of the comparison.
#[derive(Debug, Clone)]
pub struct Group {
    pub element: String,
    /// "Steckbrief", "Schritt", "Teilprozess", …
    pub kind_label: String,
    /// The element's name or label ("" for the Steckbrief).
    pub label: String,
    pub changes: Vec<ChangeView>,
}

impl Group {
    /// The element as a heading names it: "Steckbrief", "Schritt „Antrag
    /// prüfen“".
    pub fn title(&self) -> String {
        if self.label.trim().is_empty() {
            self.kind_label.clone()
        } else {
            format!("{} „{}“", self.kind_label, self.label)
        }
    }
}

/// A template version between the adopted and the new one, with its notes.
#[derive(Debug, Clone)]
pub struct Released {
    pub version: Version,
    pub notes: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// The update page's content.
#[derive(Debug, Clone)]
pub struct UpdateView {
    pub process: ProcessRow,
    pub lineage: LineageRow,
    pub template: TemplateRow,
    /// The template version the process is based on.
    pub from_version: Version,
    /// The template's current version.
    pub to_version: Version,
    /// Every change the template made since `from_version`.
    pub update: Update,
    /// The same changes grouped by element, with names for ids.
    pub groups: Vec<Group>,
    /// The versions after `from_version` up to `to_version`, oldest first.
    pub released: Vec<Released>,
    /// Roles the new version names that the mapping does not know: their
    /// elements get no org unit unless mapped when taking.
    pub unmapped_roles: Vec<String>,
    /// Pay grades and catalogue entries the new version names that the
    /// organisation has none of that name for (kind, name): not taken.
    pub unknown_names: Vec<(String, String)>,
    /// The organisation skipped `to_version`.
    pub skipped: bool,
}

impl UpdateView {
    /// The process is based on the template's current version.
    pub fn up_to_date(&self) -> bool {
        self.from_version >= self.to_version
    }

    /// The ids of the changes taken unless chosen otherwise: every change
    /// that does not conflict.
    pub fn default_take(&self) -> HashSet<String> {
        self.update
            .changes
            .iter()
            .filter(|c| !c.conflict)
            .map(|c| c.id.clone())
            .collect()
    }
}

/// What the person chose on the update page (or the API's body).
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The process version the comparison was made on (None: the current
    /// one).
    pub expected_version: Option<i64>,
    /// The template version the comparison showed (None: the current one).
    pub to_version: Option<Version>,
    /// The ids of the template's changes to take; everything else keeps
    /// the organisation's own.
    pub take: HashSet<String>,
    /// New roles of the template mapped to org units of the organisation.
    pub roles: HashMap<String, OrgUnitId>,
}

/// The three sides, localised.
struct Sides {
    process: ProcessRow,
    lineage: LineageRow,
    template: TemplateRow,
    from: Version,
    to: Version,
    theirs_content: Content,
    mapping: Mapping,
    /// Names of the new version the organisation has nothing for.
    unknown: Vec<(String, String)>,
    base: (Profile, BlockModel),
    theirs: (Profile, BlockModel),
    ours: (Profile, BlockModel),
}

async fn sides(
    store: &Store,
    org: OrgId,
    process: ProcessId,
    roles: &HashMap<String, OrgUnitId>,
) -> Result<Sides> {
    let lineage = store
        .get_lineage(org, process)
        .await?
        .ok_or(Error::NotFound)?;
    let (row, v) = store.get_process(org, process).await?;
    let template = store.get_template(lineage.template_id).await?;
    let from = version(lineage.major, lineage.minor);
    let to = version(template.major, template.minor);
    let base_content = content(
        &store
            .get_template_version(template.id, stored(from))
            .await?
            .content,
    )?;
    let theirs_content = if to == from {
        base_content.clone()
    } else {
        content(
            &store
                .get_template_version(template.id, stored(to))
                .await?
                .content,
        )?
    };
    let mut map = mapping(&lineage.mapping);
    for (role, unit) in roles {
        map.roles.insert(role.clone(), *unit);
    }
    let unknown = if to > from {
        match_by_name(store, org, &theirs_content, &mut map).await?
    } else {
        Vec::new()
    };
    let ours_model = match current_model(&v) {
        Current::Blocks(m) => m,
        Current::Empty => BlockModel::new(),
        Current::BpmnOnly(_) => return Err(Error::Refused("library_update.bpmn_only")),
    };
    Ok(Sides {
        base: localise(&base_content, &map),
        theirs: localise(&theirs_content, &map),
        ours: (v.profile(), ours_model),
        process: row,
        lineage,
        template,
        from,
        to,
        theirs_content,
        mapping: map,
        unknown,
    })
}

/// Extends the mapping by the pay grades and catalogue entries the new
/// version names and the mapping lacks, where the organisation has one of
/// that name (any case). Answers the names it has none for (kind label,
/// name): what the new version holds of them is not taken.
async fn match_by_name(
    store: &Store,
    org: OrgId,
    c: &Content,
    map: &mut Mapping,
) -> Result<Vec<(String, String)>> {
    let key = |s: &str| s.trim().to_lowercase();
    let mut unknown = Vec::new();
    let grades = store.list_pay_grades(org).await?;
    for name in c.pay_grades() {
        if map.pay_grades.contains_key(&name) {
            continue;
        }
        match grades.iter().find(|g| key(&g.name) == key(&name)) {
            Some(g) => {
                map.pay_grades.insert(name, g.id);
            }
            None => unknown.push((t("library_update.field.payGrade"), name)),
        }
    }
    let entries = store.all_reference_entries(org).await?;
    let p = &c.profile;
    for (kind, names, label) in [
        (
            ReferenceKind::ItSystem,
            &p.it_systems,
            "catalog.fachverfahren",
        ),
        (
            ReferenceKind::LegalBasis,
            &p.legal_bases,
            "catalog.rechtsgrundlagen",
        ),
        (
            ReferenceKind::ExternalParty,
            &p.external_parties,
            "catalog.beteiligte",
        ),
        (ReferenceKind::Document, &p.documents, "catalog.dokumente"),
    ] {
        for name in names {
            let known = map.entries.entry(kind).or_default();
            if known.contains_key(name) {
                continue;
            }
            match entries
                .iter()
                .find(|e| e.kind == kind && key(&e.name) == key(name))
            {
                Some(e) => {
                    known.insert(name.clone(), e.id);
                }
                None => unknown.push((t(label), name.clone())),
            }
        }
    }
    Ok(unknown)
}

fn compare_sides(s: &Sides) -> Update {
    if s.from >= s.to {
        return Update::default();
    }
    compare(
        (&s.base.0, &s.base.1),
        (&s.theirs.0, &s.theirs.1),
        (&s.ours.0, &s.ours.1),
    )
}

/// The three-way comparison of a process's template update. NotFound when
/// the process did not come from a template; an empty update when it is
/// based on the template's current version.
pub async fn comparison(store: &Store, org: OrgId, process: ProcessId) -> Result<UpdateView> {
    let s = sides(store, org, process, &HashMap::new()).await?;
    let update = compare_sides(&s);
    let names = Display::load(store, org, &s).await?;
    let groups = group(&update, &names);
    let released = store
        .template_versions(s.template.id)
        .await?
        .into_iter()
        .map(|r| Released {
            version: version(r.major, r.minor),
            notes: r.release_notes,
            at: r.released_at,
        })
        .filter(|r| r.version > s.from && r.version <= s.to)
        .rev()
        .collect();
    let unmapped_roles = if s.from >= s.to {
        Vec::new()
    } else {
        s.theirs_content
            .roles()
            .into_iter()
            .filter(|r| !s.mapping.roles.contains_key(r))
            .collect()
    };
    let skipped = s.lineage.skipped_major.zip(s.lineage.skipped_minor)
        == Some((s.template.major, s.template.minor));
    Ok(UpdateView {
        process: s.process,
        from_version: s.from,
        to_version: s.to,
        lineage: s.lineage,
        template: s.template,
        update,
        groups,
        released,
        unmapped_roles,
        unknown_names: s.unknown.clone(),
        skipped,
    })
}

/// How a process differs from the template version it is based on.
#[derive(Debug, Clone)]
pub struct Deviations {
    pub process: ProcessRow,
    pub template: TemplateRow,
    /// The template version the process is based on.
    pub version: Version,
    /// Every field the organisation changed since, by element: `base` is
    /// the template's value, `theirs` the process's.
    pub groups: Vec<Group>,
}

/// The organisation's own changes against the template version its process
/// is based on (adopted or proposed), field by field and element by
/// element. NotFound when the process did not come from a template.
pub async fn deviations(store: &Store, org: OrgId, process: ProcessId) -> Result<Deviations> {
    let s = sides(store, org, process, &HashMap::new()).await?;
    // The process seen as the side that changed the base.
    let diff = compare(
        (&s.base.0, &s.base.1),
        (&s.ours.0, &s.ours.1),
        (&s.base.0, &s.base.1),
    );
    let names = Display::load(store, org, &s).await?;
    Ok(Deviations {
        groups: group(&diff, &names),
        process: s.process,
        template: s.template,
        version: s.from,
    })
}

/// Takes the chosen changes of the template's current version: saves the
/// result as a new version of the process (the organisation's own changes
/// kept, its identifier, owner and validity dates always) and bases the
/// process on the new template version, in one transaction. Refused when
/// the process or the template changed since the comparison the person
/// saw, and when there is nothing to take.
pub async fn take(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    process: ProcessId,
    choice: &Choice,
) -> Result<ProcessRow> {
    let units: HashSet<OrgUnitId> = store
        .list_org_units(org)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    if choice.roles.values().any(|u| !units.contains(u)) {
        return Err(Error::Invalid(crate::FieldErrors::single(
            "roles",
            "library_update.unknown_unit",
        )));
    }
    let s = sides(store, org, process, &choice.roles).await?;
    if s.from >= s.to {
        return Err(Error::Refused("library_update.nothing"));
    }
    if choice.to_version.is_some_and(|v| v != s.to) {
        return Err(Error::Conflict("library_update.template_moved"));
    }
    let expected = choice.expected_version.unwrap_or(s.process.version);
    if expected != s.process.version {
        return Err(Error::Conflict("library_update.changed_meanwhile"));
    }
    let (profile, model) = apply(
        (&s.base.0, &s.base.1),
        (&s.theirs.0, &s.theirs.1),
        (&s.ours.0, &s.ours.1),
        &choice.take,
    );
    let save = Save {
        area_id: s.process.area_id,
        status: s.process.status,
        profile,
        note: tf(
            "library_update.version_note",
            &[("version", &s.to.to_string()), ("name", &s.template.name)],
        ),
    };
    let stored_model = StoredModel {
        blocks: Some(model.to_json()),
        bpmn: None,
    };
    let saved = store
        .take_template_update(
            actor,
            org,
            (process, expected),
            &save,
            &stored_model,
            (stored(s.to), &mapping_json(&s.mapping)),
        )
        .await;
    match saved {
        Ok(row) => Ok(row),
        Err(ablauf_store::StoreError::Conflict(_)) => {
            Err(Error::Conflict("library_update.changed_meanwhile"))
        }
        Err(e) => Err(e.into()),
    }
}

/// "Diese Version überspringen": hides the notice of the template's
/// version `to` until a newer one. `to` must be the template's current
/// version and newer than the process's.
pub async fn skip(
    store: &Store,
    org: OrgId,
    actor: &Actor,
    process: ProcessId,
    to: Option<Version>,
) -> Result<Version> {
    let lineage = store
        .get_lineage(org, process)
        .await?
        .ok_or(Error::NotFound)?;
    let template = store.get_template(lineage.template_id).await?;
    let current = version(template.major, template.minor);
    if current <= version(lineage.major, lineage.minor) {
        return Err(Error::Refused("library_update.nothing"));
    }
    if to.is_some_and(|v| v != current) {
        return Err(Error::Conflict("library_update.template_moved"));
    }
    store
        .skip_template_version(actor, org, process, stored(current))
        .await?;
    Ok(current)
}

/// The organisation's processes with a newer template version waiting (not
/// skipped), by process name.
pub async fn notices(store: &Store, org: OrgId) -> Result<Vec<UpdateNotice>> {
    Ok(store.update_notices(org).await?)
}

/// The notice of one process: its template has a newer version it did not
/// skip. None for a process without lineage or up to date.
pub async fn notice_for(
    store: &Store,
    org: OrgId,
    process: ProcessId,
) -> Result<Option<UpdateNotice>> {
    let Some(l) = store.get_lineage(org, process).await? else {
        return Ok(None);
    };
    let template = store.get_template(l.template_id).await?;
    let (from, to) = (
        version(l.major, l.minor),
        version(template.major, template.minor),
    );
    let skipped = l.skipped_major.zip(l.skipped_minor) == Some((template.major, template.minor));
    if to <= from || skipped {
        return Ok(None);
    }
    let (row, _) = store.get_process(org, process).await?;
    Ok(Some(UpdateNotice {
        process_id: process,
        process_name: row.name,
        template_id: template.id,
        template_name: template.name,
        major: l.major,
        minor: l.minor,
        new_major: template.major,
        new_minor: template.minor,
    }))
}

// --- values as people read them -------------------------------------------

/// Names for the ids the three sides hold.
struct Display {
    names: Names,
    entries: HashMap<String, String>,
    /// Model element id → name or label, from the new template, ours and
    /// the base (first found).
    elements: HashMap<String, String>,
}

impl Display {
    async fn load(store: &Store, org: OrgId, s: &Sides) -> Result<Display> {
        let names = Names::load(store, org).await?;
        let entries = store
            .all_reference_entries(org)
            .await?
            .into_iter()
            .map(|e| (e.id.to_string(), e.name))
            .collect();
        let mut elements = HashMap::new();
        for m in [&s.theirs.1, &s.ours.1, &s.base.1] {
            element_labels(m, &mut elements);
        }
        Ok(Display {
            names,
            entries,
            elements,
        })
    }

    fn unit(&self, id: &str) -> String {
        self.names
            .unit(id)
            .unwrap_or_else(|| t("library_update.unknown_value"))
    }

    fn element(&self, id: &str) -> String {
        self.elements
            .get(id)
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("„{l}“"))
            .unwrap_or_else(|| t("library_update.unnamed"))
    }

    /// One value of a change as people read it.
    fn value(&self, c: &Change, v: &Option<Value>) -> String {
        let Some(v) = v else {
            return t("library_update.absent");
        };
        if v.is_null() || v.as_str().is_some_and(|s| s.is_empty()) {
            return t("library_update.empty");
        }
        if v.as_array().is_some_and(|a| a.is_empty()) {
            return t("library_update.empty");
        }
        let list = |f: &dyn Fn(&Value) -> String| -> String {
            v.as_array()
                .map(|a| a.iter().map(f).collect::<Vec<_>>().join(", "))
                .unwrap_or_else(|| f(v))
        };
        let text = |v: &Value| -> String {
            match v {
                Value::String(s) => s.clone(),
                Value::Bool(true) => t("library_update.yes"),
                Value::Bool(false) => t("library_update.no"),
                Value::Number(n) => n
                    .as_f64()
                    .map(|x| ablauf_domain::format_decimal_de(x, 2))
                    .map(|s| trim_decimals(&s))
                    .unwrap_or_else(|| n.to_string()),
                Value::Object(o) => o
                    .get("name")
                    .or_else(|| o.get("label"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string()),
                other => other.to_string(),
            }
        };
        let code = |prefix: &str| -> String {
            let s = v.as_str().unwrap_or_default();
            let key = format!("{prefix}.{s}");
            if crate::i18n::has(&key) {
                t(&key)
            } else {
                s.to_owned()
            }
        };
        if c.kind == ChangeKind::Steckbrief {
            return match c.field.as_str() {
                "org_unit_id" | "participating_units" => {
                    list(&|x| x.as_str().map(|s| self.unit(s)).unwrap_or_default())
                }
                "external_parties" | "legal_bases" | "it_systems" | "documents" => list(&|x| {
                    x.as_str()
                        .and_then(|s| self.entries.get(s).cloned())
                        .unwrap_or_else(|| t("library_update.unknown_value"))
                }),
                "process_type" => code("process_type"),
                "criticality" => code("criticality"),
                _ => list(&text),
            };
        }
        match c.field.as_str() {
            "orgUnit" => v.as_str().map(|s| self.unit(s)).unwrap_or_default(),
            "payGrade" => v
                .as_str()
                .map(|s| {
                    self.names
                        .grade(s)
                        .unwrap_or_else(|| t("library_update.unknown_value"))
                })
                .unwrap_or_default(),
            "medium" | "inputChannel" | "outputChannel" => {
                let s = v.as_str().unwrap_or_default();
                ablauf_model::medium_label(s)
                    .map(str::to_owned)
                    .unwrap_or_else(|| s.to_owned())
            }
            "share" => v
                .as_f64()
                .map(|x| {
                    format!(
                        "{} %",
                        trim_decimals(&ablauf_domain::format_decimal_de(x * 100.0, 1))
                    )
                })
                .unwrap_or_else(|| text(v)),
            "kind" => code("library_update.kind"),
            "element" => {
                let label = v
                    .get("label")
                    .or_else(|| v.get("name"))
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty());
                match label {
                    Some(l) => tf("library_update.present_named", &[("label", l)]),
                    None => t("library_update.present"),
                }
            }
            "position" => {
                let after = v.get("after").and_then(Value::as_str);
                let parent = v.get("parent").and_then(Value::as_str);
                let place = match after {
                    Some(a) => tf("library_update.after", &[("element", &self.element(a))]),
                    None => t("library_update.first"),
                };
                match parent {
                    Some(p) => tf(
                        "library_update.place_in",
                        &[("place", &place), ("container", &self.element(p))],
                    ),
                    None => place,
                }
            }
            _ => list(&text),
        }
    }
}

/// "12,50" → "12,5", "12,00" → "12".
fn trim_decimals(s: &str) -> String {
    if s.contains(',') {
        s.trim_end_matches('0').trim_end_matches(',').to_owned()
    } else {
        s.to_owned()
    }
}

/// Each element's name or label by id (subprocesses, items, branches); an
/// id already in `out` keeps its label.
pub(super) fn element_labels(m: &BlockModel, out: &mut HashMap<String, String>) {
    fn walk(items: &[Item], out: &mut HashMap<String, String>) {
        for i in items {
            out.entry(i.id().to_owned())
                .or_insert_with(|| i.label().to_owned());
            if let Item::Variant(b) | Item::Parallel(b) = i {
                for br in &b.branches {
                    out.entry(br.id.clone()).or_insert_with(|| br.label.clone());
                    walk(&br.items, out);
                }
            }
        }
    }
    for sp in &m.subprocesses {
        out.entry(sp.id.clone()).or_insert_with(|| sp.name.clone());
        walk(&sp.items, out);
    }
}

/// The German name of a change's field.
pub fn field_label(c: &Change) -> String {
    if c.kind == ChangeKind::Steckbrief {
        return c.label.clone();
    }
    let key = format!("library_update.field.{}", c.field);
    if crate::i18n::has(&key) {
        t(&key)
    } else {
        c.field.clone()
    }
}

/// The German name of an element's kind.
pub fn kind_label(k: ChangeKind) -> String {
    t(match k {
        ChangeKind::Steckbrief => "library_update.kind.steckbrief",
        ChangeKind::Subprocess => "library_update.kind.subprocess",
        ChangeKind::Step => "library_update.kind.step",
        ChangeKind::Variant => "library_update.kind.variant",
        ChangeKind::Parallel => "library_update.kind.parallel",
        ChangeKind::Branch => "library_update.kind.branch",
    })
}

fn group(update: &Update, d: &Display) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for c in &update.changes {
        let view = ChangeView {
            field_label: field_label(c),
            base: d.value(c, &c.base),
            theirs: d.value(c, &c.theirs),
            ours: d.value(c, &c.ours),
            change: c.clone(),
        };
        match out.last_mut() {
            Some(g) if g.element == c.element => g.changes.push(view),
            _ => out.push(Group {
                element: c.element.clone(),
                kind_label: kind_label(c.kind),
                label: if c.element == STECKBRIEF {
                    String::new()
                } else {
                    c.label.clone()
                },
                changes: vec![view],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(kind: ChangeKind, field: &str) -> Change {
        Change {
            id: format!("x.{field}"),
            element: "x".into(),
            kind,
            label: "X".into(),
            field: field.into(),
            base: None,
            theirs: None,
            ours: None,
            conflict: false,
        }
    }

    /// Values read as people read them: names for ids, German numbers,
    /// shares as percentages, places by their neighbours' names.
    #[test]
    fn values_read_with_names() {
        let d = Display {
            names: Names {
                units: vec![("u1".into(), "Bürgerbüro".into(), 0)],
                grades: vec![("g1".into(), "E 9a".into())],
                it_systems: vec![],
            },
            entries: HashMap::from([("e1".into(), "GewO § 14".into())]),
            elements: HashMap::from([
                ("a".into(), "Antrag prüfen".into()),
                ("sp1".into(), "Prüfung".into()),
            ]),
        };
        let v = |c: &Change, x: Value| d.value(c, &Some(x));
        let step = |f| change(ChangeKind::Step, f);
        assert_eq!(v(&step("orgUnit"), json!("u1")), "Bürgerbüro");
        assert_eq!(v(&step("orgUnit"), json!("gone")), "(unbekannt)");
        assert_eq!(v(&step("payGrade"), json!("g1")), "E 9a");
        assert_eq!(v(&step("processingMinutes"), json!(12.5)), "12,5");
        assert_eq!(v(&step("processingMinutes"), json!(10.0)), "10");
        assert_eq!(v(&change(ChangeKind::Branch, "share"), json!(0.7)), "70 %");
        assert_eq!(v(&step("medium"), json!("fax")), "Fax");
        assert_eq!(v(&step("label"), json!("")), "(leer)");
        assert_eq!(d.value(&step("label"), &None), "— nicht vorhanden");
        assert_eq!(
            v(&step("position"), json!({"parent": "sp1", "after": "a"})),
            "nach „Antrag prüfen“ in „Prüfung“"
        );
        assert_eq!(
            v(&step("position"), json!({"parent": "sp1", "after": null})),
            "am Anfang in „Prüfung“"
        );
        assert_eq!(
            v(&step("element"), json!({"label": "Bescheid"})),
            "vorhanden: „Bescheid“"
        );
        let sb = |f| change(ChangeKind::Steckbrief, f);
        assert_eq!(v(&sb("legal_bases"), json!(["e1"])), "GewO § 14");
        assert_eq!(
            v(&sb("participating_units"), json!(["u1", "u1"])),
            "Bürgerbüro, Bürgerbüro"
        );
        assert_eq!(v(&sb("process_type"), json!("kern")), "Kernprozess");
        assert_eq!(v(&sb("applicant_involved"), json!(true)), "ja");
        assert_eq!(
            field_label(&step("processingMinutes")),
            "Bearbeitungszeit (Min.)"
        );
        assert_eq!(kind_label(ChangeKind::Subprocess), "Teilprozess");
    }
}
