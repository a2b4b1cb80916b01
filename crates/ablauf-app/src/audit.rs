//! The audit trail as people read it, for the page and the API alike: the
//! filter from the query string, the summary rendered from the catalogue
//! (the store records a message key and its arguments), and the states
//! before and after as labelled German fields with ids resolved to names.

use std::collections::{BTreeMap, HashMap};

use ablauf_domain::HourlyRate;
use ablauf_store::{AuditEvent, AuditFilter, OrgId, Store, SummaryArg, UserId};
use chrono::{NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::i18n::{self, t};

/// Events per page.
pub const PAGE_SIZE: i64 = 50;

/// The filter as the page's form and the API's query string carry it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<i64>,
}

/// Start of a German calendar day, as the filter's "from" and "until".
fn day_start(raw: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()?;
    chrono_tz::Europe::Berlin
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
}

impl AuditQuery {
    /// The page asked for, from 1.
    pub fn page(&self) -> i64 {
        self.page.unwrap_or(1).max(1)
    }

    pub fn filter(&self) -> AuditFilter {
        let text = Some(self.q.trim().to_owned()).filter(|q| !q.is_empty());
        AuditFilter {
            action: Some(self.action.trim().to_owned()).filter(|a| !a.is_empty()),
            actor: Uuid::parse_str(self.actor.trim()).ok().map(UserId),
            from: day_start(&self.from),
            // "until" includes the whole day.
            until: day_start(&self.until).map(|d| d + chrono::Duration::days(1)),
            text_keys: text.as_deref().map(summary_keys_with).unwrap_or_default(),
            text,
            limit: PAGE_SIZE,
            offset: (self.page() - 1) * PAGE_SIZE,
        }
    }
}

/// The summary keys whose German text contains `text` (ignoring case), so
/// that a word of the sentence finds the events it describes.
fn summary_keys_with(text: &str) -> Vec<String> {
    let text = text.to_lowercase();
    let mut keys: Vec<String> = i18n::entries("audit_summary.")
        .filter(|(_, german)| german.to_lowercase().contains(&text))
        .map(|(k, _)| k.to_owned())
        .collect();
    keys.sort();
    keys
}

/// German label of an action code, falling back to the code.
pub fn action_label(action: &str) -> String {
    let key = format!("audit_action.{}", action.replace('.', "_"));
    if i18n::has(&key) {
        t(&key)
    } else {
        action.to_owned()
    }
}

/// The German summary of an event: its message with the arguments filled
/// in, or the sentence stored by older releases.
pub fn summary(e: &AuditEvent) -> String {
    let Some(key) = &e.summary_key else {
        return e.summary.clone();
    };
    let args: Vec<(String, String)> = e
        .args()
        .into_iter()
        .map(|(name, arg)| (name, arg_text(&arg)))
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    i18n::tf(key, &args)
}

fn arg_text(arg: &SummaryArg) -> String {
    match arg {
        SummaryArg::Text(s) => s.clone(),
        SummaryArg::Message { key } => t(key),
    }
}

/// The summary's arguments as the API gives them: each one as shown.
pub fn summary_args(e: &AuditEvent) -> BTreeMap<String, String> {
    e.args()
        .into_iter()
        .map(|(name, arg)| (name, arg_text(&arg)))
        .collect()
}

/// The names the states' ids stand for, in one organisation.
#[derive(Debug, Default)]
pub struct Names {
    people: HashMap<Uuid, String>,
    units: HashMap<Uuid, String>,
    areas: HashMap<Uuid, String>,
    entries: HashMap<Uuid, String>,
}

impl Names {
    pub async fn load(store: &Store, org: OrgId) -> ablauf_store::Result<Names> {
        Ok(Names {
            people: store
                .list_members(org)
                .await?
                .into_iter()
                .map(|m| (m.user_id.0, m.display_name))
                .collect(),
            units: store
                .list_org_units(org)
                .await?
                .into_iter()
                .map(|u| (u.id.0, u.name))
                .collect(),
            areas: store
                .list_areas(org)
                .await?
                .into_iter()
                .map(|a| (a.id.0, a.name))
                .collect(),
            entries: store
                .all_reference_entries(org)
                .await?
                .into_iter()
                .map(|e| (e.id.0, e.name))
                .collect(),
        })
    }
}

/// One field of the states before and after a change, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's code in the stored state (`org_unit_id`).
    pub field: String,
    /// Its German label.
    pub label: String,
    /// The value before, when there was a state before.
    pub before: Option<String>,
    /// The value after, when there is a state after.
    pub after: Option<String>,
}

/// Fields that identify a row rather than describe it.
const TECHNICAL: [&str; 6] = [
    "id",
    "organization_id",
    "created_at",
    "updated_at",
    "position",
    "token_hash",
];

/// The fields of an event's states, labelled, with values as a person
/// reads them: of a change only what changed, of a creation or deletion
/// every field that holds something. Fields in the order the state has
/// them.
pub fn changes(e: &AuditEvent, names: &Names) -> Vec<FieldChange> {
    let before = e.before();
    let after = e.after();
    let fields = |v: &Option<Value>| -> Vec<String> {
        match v {
            Some(Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    let mut order = fields(&before);
    for f in fields(&after) {
        if !order.contains(&f) {
            order.push(f);
        }
    }
    let show = |state: &Option<Value>, field: &str| {
        state.as_ref().map(|s| {
            s.get(field)
                .map(|v| value(&e.entity_type, field, v, names))
                .unwrap_or_default()
        })
    };
    order
        .into_iter()
        .filter(|f| !TECHNICAL.contains(&f.as_str()))
        .filter_map(|field| {
            let b = show(&before, &field);
            let a = show(&after, &field);
            let unchanged = b.is_some() && a.is_some() && a == b;
            let empty =
                b.as_deref().unwrap_or("").is_empty() && a.as_deref().unwrap_or("").is_empty();
            (!unchanged && !empty).then(|| FieldChange {
                label: label(&field),
                field,
                before: b,
                after: a,
            })
        })
        .collect()
}

/// The German label of a state's field, or its code when the catalogue has
/// none (a field of a newer release).
pub fn label(field: &str) -> String {
    let key = format!("audit_field.{field}");
    if i18n::has(&key) {
        t(&key)
    } else {
        field.to_owned()
    }
}

/// What an id stands for; "(gelöscht)" when it is gone.
fn name_of(map: &HashMap<Uuid, String>, v: &Value) -> String {
    v.as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .and_then(|id| map.get(&id).cloned())
        .unwrap_or_else(|| t("audit.gone"))
}

/// A field's value as shown: references by name, codes by their German
/// label, amounts and dates in German notation.
fn value(entity: &str, field: &str, v: &Value, names: &Names) -> String {
    let refers_to = match field {
        "owner_id" | "user_id" => Some(&names.people),
        "org_unit_id" | "participating_units" => Some(&names.units),
        "area_id" => Some(&names.areas),
        "parent_id" if entity == "process_area" => Some(&names.areas),
        "parent_id" => Some(&names.units),
        "it_systems" | "legal_bases" | "external_parties" | "documents" => Some(&names.entries),
        _ => None,
    };
    match (v, refers_to) {
        (Value::Null, _) => String::new(),
        (Value::Array(items), Some(map)) => items
            .iter()
            .map(|i| name_of(map, i))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Some(map)) => name_of(map, v),
        (Value::Array(items), None) => items
            .iter()
            .map(|i| value(entity, field, i, names))
            .collect::<Vec<_>>()
            .join("; "),
        (Value::Bool(b), None) => t(if *b { "common.yes" } else { "common.no" }),
        (Value::Number(n), None) if field == "hourly_rate_cents" => n
            .as_i64()
            .map(|c| format!("{} €", HourlyRate::from_cents(c).format_de()))
            .unwrap_or_else(|| n.to_string()),
        (Value::Number(n), None) if field == "digitisation_level" => {
            coded(&format!("ozg_level.l{n}"), &n.to_string())
        }
        (Value::Number(n), None) => n.to_string(),
        (Value::String(s), None) => match field {
            "role" => coded(&format!("role.{s}"), s),
            "status" => coded(&format!("status.{s}"), s),
            "criticality" => coded(&format!("criticality.{s}"), s),
            "process_type" => coded(&format!("process_type.{s}"), s),
            "kind" if entity == "organization" => coded(&format!("org_kind.{s}"), s),
            "kind" => coded(&format!("audit_value.catalog_{s}"), s),
            "valid_from" | "valid_until" => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_else(|_| s.clone()),
            "released_at" => chrono::DateTime::parse_from_rfc3339(s)
                .map(|d| i18n::local_datetime(&d.with_timezone(&chrono::Utc)))
                .unwrap_or_else(|_| s.clone()),
            _ => s.clone(),
        },
        (Value::Object(_), None) => v.to_string(),
    }
}

/// The German text of a code's key, or the code when the catalogue has none.
fn coded(key: &str, code: &str) -> String {
    if i18n::has(key) {
        t(key)
    } else {
        code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ablauf_domain::process::Profile;

    fn event(entity: &str, before: Option<Value>, after: Option<Value>) -> AuditEvent {
        AuditEvent {
            id: ablauf_domain::AuditId(Uuid::nil()),
            organization_id: None,
            actor_id: None,
            actor_name: "Test".into(),
            at: chrono::Utc::now(),
            action: format!("{entity}.updated"),
            entity_type: entity.into(),
            entity_id: None,
            summary: String::new(),
            summary_key: None,
            summary_args: None,
            before_state: before.map(|v| v.to_string()),
            after_state: after.map(|v| v.to_string()),
        }
    }

    /// Every field of every state the store records has a German label.
    #[test]
    fn every_recorded_field_has_a_label() {
        let now = chrono::Utc::now();
        let org = OrgId(Uuid::nil());
        let states = [
            serde_json::to_value(Profile::default()).unwrap(),
            serde_json::json!({
                "id": 1, "organization_id": 1, "area_id": 1, "version": 1, "status": "x",
                "name": "", "identifier": "", "service_key": "", "service_name": "",
                "owner_id": 1, "org_unit_id": 1, "process_type": "", "criticality": "",
                "digitisation_level": 1, "released_version": 1, "released_by": "",
                "released_at": "", "created_at": "", "updated_at": ""
            }),
            serde_json::to_value(ablauf_store::OrgUnit {
                id: ablauf_domain::OrgUnitId(Uuid::nil()),
                organization_id: org,
                parent_id: None,
                name: String::new(),
                short_name: String::new(),
                created_at: now,
                positions: None,
            })
            .unwrap(),
            serde_json::to_value(ablauf_store::PayGrade {
                id: ablauf_domain::PayGradeId(Uuid::nil()),
                organization_id: org,
                name: String::new(),
                hourly_rate_cents: 0,
                created_at: now,
            })
            .unwrap(),
            serde_json::to_value(ablauf_store::ReferenceEntry {
                id: ablauf_domain::EntryId(Uuid::nil()),
                organization_id: org,
                kind: ablauf_domain::ReferenceKind::ItSystem,
                name: String::new(),
                detail: String::new(),
                link: String::new(),
                created_at: now,
            })
            .unwrap(),
            serde_json::json!({
                "kind": "", "active": true, "email": "", "role": "", "library_editor": true,
                "key": "", "category_key": "", "description": "", "icon": "", "hidden": true,
                "custom": true, "inserted": 1, "updated": 1, "unchanged": 1
            }),
        ];
        let mut missing = Vec::new();
        for state in &states {
            for field in state.as_object().unwrap().keys() {
                if !TECHNICAL.contains(&field.as_str()) && label(field) == *field {
                    missing.push(field.clone());
                }
            }
        }
        assert!(
            missing.is_empty(),
            "audit_field labels missing: {missing:?}"
        );
    }

    #[test]
    fn a_change_shows_only_what_changed_with_names_for_ids() {
        let unit = Uuid::now_v7();
        let gone = Uuid::now_v7();
        let mut names = Names::default();
        names.units.insert(unit, "Bauamt".into());
        let e = event(
            "org_unit",
            Some(serde_json::json!({"name": "Alt", "short_name": "10", "parent_id": gone})),
            Some(serde_json::json!({"name": "Neu", "short_name": "10", "parent_id": unit})),
        );
        let c = changes(&e, &names);
        assert_eq!(
            c,
            [
                FieldChange {
                    field: "name".into(),
                    label: t("audit_field.name"),
                    before: Some("Alt".into()),
                    after: Some("Neu".into()),
                },
                FieldChange {
                    field: "parent_id".into(),
                    label: t("audit_field.parent_id"),
                    before: Some(t("audit.gone")),
                    after: Some("Bauamt".into()),
                },
            ]
        );
    }

    #[test]
    fn values_read_as_german() {
        let names = Names::default();
        let e = event(
            "pay_grade",
            None,
            Some(serde_json::json!({
                "hourly_rate_cents": 6710, "active": false, "role": "betrachter",
                "valid_from": "2026-02-01", "keywords": ["Hund", "Steuer"], "note": ""
            })),
        );
        let shown: BTreeMap<String, Option<String>> = changes(&e, &names)
            .into_iter()
            .map(|c| (c.field, c.after))
            .collect();
        assert_eq!(shown["hourly_rate_cents"].as_deref(), Some("67,10 €"));
        assert_eq!(shown["active"].as_deref(), Some("nein"));
        assert_eq!(shown["role"].as_deref(), Some("Betrachter"));
        assert_eq!(shown["valid_from"].as_deref(), Some("01.02.2026"));
        assert_eq!(shown["keywords"].as_deref(), Some("Hund; Steuer"));
        assert!(!shown.contains_key("note"), "empty fields are left out");
    }

    #[test]
    fn summaries_come_from_the_catalogue() {
        let mut e = event("user", None, None);
        e.summary_key = Some("audit_summary.user_added".into());
        e.summary_args = Some(
            serde_json::json!({"email": "a@b.de", "role": {"key": "role.betrachter"}}).to_string(),
        );
        assert_eq!(summary(&e), "a@b.de als Betrachter aufgenommen");
        let old = AuditEvent {
            summary: "Passwort geändert".into(),
            ..event("user", None, None)
        };
        assert_eq!(
            summary(&old),
            "Passwort geändert",
            "old rows keep their text"
        );
        assert!(summary_keys_with("AUFGENOMMEN").contains(&"audit_summary.user_added".to_owned()));
    }
}
