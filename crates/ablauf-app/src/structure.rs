//! An organisation's structure, as its administrators keep it: the org-unit
//! tree (Dezernat → Amt → Sachgebiet) and the pay grades (Entgeltgruppen)
//! with their hourly personnel cost rates, which the analysis uses to cost
//! a step.

use ablauf_domain::{OrgUnitId, PayGradeId};
use serde::{Deserialize, Serialize};

use ablauf_domain::{HourlyRate, required_text};
use ablauf_store::{Actor, OrgId, OrgUnit, PayGrade, Store, UnitInput};

use crate::error::{Error, FieldErrors, Result};

/// Longest name of an org unit (characters).
const UNIT_NAME_MAX: usize = 160;
/// Longest short name of an org unit (characters).
const UNIT_SHORT_MAX: usize = 30;
/// Longest name of a pay grade (characters).
const GRADE_NAME_MAX: usize = 60;

/// An org unit as a form or a request gives it.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct UnitFields {
    #[serde(default)]
    pub name: String,
    /// Optional ("Kürzel").
    #[serde(default)]
    pub short_name: String,
    /// The parent unit's id; empty for a unit at the top.
    #[serde(default)]
    pub parent_id: String,
    /// Positions (Stellen) in full-time equivalents, German notation;
    /// optional.
    #[serde(default)]
    pub positions: String,
}

impl UnitFields {
    fn validate(&self) -> Result<UnitInput> {
        let mut errors = FieldErrors::default();
        let name = errors.check(required_text("name", &self.name, UNIT_NAME_MAX));
        let short = if self.short_name.trim().is_empty() {
            Some(String::new())
        } else {
            errors.check(required_text(
                "short_name",
                &self.short_name,
                UNIT_SHORT_MAX,
            ))
        };
        let parent_id = match self.parent_id.trim() {
            "" => None,
            p => match OrgUnitId::parse(p) {
                Some(id) => Some(id),
                None => {
                    errors.add("parent_id", "error.parent_unknown");
                    None
                }
            },
        };
        let positions = match self.positions.trim() {
            "" => None,
            raw => match ablauf_domain::parse_decimal_de(raw) {
                Some(x) if (0.0..=100_000.0).contains(&x) => Some(x),
                _ => {
                    errors.add("positions", "error.positions_invalid");
                    None
                }
            },
        };
        errors.into_result()?;
        Ok(UnitInput {
            parent_id,
            name: name.unwrap_or_default(),
            short_name: short.unwrap_or_default(),
            positions,
        })
    }
}

/// Creates an org unit. A parent that is not the organisation's is
/// refused.
pub async fn create_org_unit(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    f: &UnitFields,
) -> Result<OrgUnit> {
    let input = f.validate()?;
    Ok(store.create_org_unit(actor, org, &input).await?)
}

/// Renames an org unit or moves it; a move below itself is refused.
pub async fn update_org_unit(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    id: OrgUnitId,
    f: &UnitFields,
) -> Result<()> {
    store.get_org_unit(org, id).await?;
    let input = f.validate()?;
    store.update_org_unit(actor, org, id, &input).await?;
    Ok(())
}

/// Deletes an org unit; one with units below it is refused.
pub async fn delete_org_unit(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    id: OrgUnitId,
) -> Result<()> {
    Ok(store.delete_org_unit(actor, org, id).await?)
}

/// A pay grade as a form gives it: a name and the hourly rate in German
/// notation ("57,40").
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct GradeFields {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub rate: String,
}

impl GradeFields {
    /// The checked name and rate.
    pub fn validate(&self) -> Result<(String, HourlyRate)> {
        let mut errors = FieldErrors::default();
        let name = errors.check(required_text("name", &self.name, GRADE_NAME_MAX));
        let rate = errors.check(HourlyRate::parse(&self.rate).map_err(|mut e| {
            e.field = "rate";
            e
        }));
        match (name, rate) {
            (Some(name), Some(rate)) => Ok((name, rate)),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// Creates a pay grade; a name in use is a conflict.
pub async fn create_pay_grade(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    f: &GradeFields,
) -> Result<PayGrade> {
    let (name, rate) = f.validate()?;
    Ok(store.create_pay_grade(actor, org, &name, rate).await?)
}

/// Changes a pay grade; a name in use is a conflict.
pub async fn update_pay_grade(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    id: PayGradeId,
    f: &GradeFields,
) -> Result<()> {
    store.get_pay_grade(org, id).await?;
    let (name, rate) = f.validate()?;
    store.update_pay_grade(actor, org, id, &name, rate).await?;
    Ok(())
}

pub async fn delete_pay_grade(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    id: PayGradeId,
) -> Result<()> {
    Ok(store.delete_pay_grade(actor, org, id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, short: &str, parent: &str) -> UnitFields {
        UnitFields {
            positions: String::new(),
            name: name.into(),
            short_name: short.into(),
            parent_id: parent.into(),
        }
    }

    fn fields(r: Result<impl std::fmt::Debug>) -> Vec<String> {
        match r {
            Err(Error::Invalid(e)) => e.0.into_keys().collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_unit_needs_a_name_and_a_parent_that_is_an_id() {
        let ok = unit(" Bauamt ", " ", "").validate().unwrap();
        assert_eq!((ok.name.as_str(), ok.short_name.as_str()), ("Bauamt", ""));
        assert_eq!(ok.parent_id, None);
        let parent = uuid::Uuid::now_v7();
        let child = unit("Sachgebiet", "SG 1", &parent.to_string());
        assert_eq!(child.validate().unwrap().parent_id, Some(OrgUnitId(parent)));
        // Every problem at once, each at its field, in the form's order.
        let all = unit(" ", &"K".repeat(31), "kein-schluessel").validate();
        assert_eq!(fields(all), ["name", "short_name", "parent_id"]);
    }

    #[test]
    fn a_grade_needs_a_name_and_a_german_rate() {
        let g = GradeFields {
            name: "E 9a".into(),
            rate: "57,40".into(),
        };
        let (name, rate) = g.validate().unwrap();
        assert_eq!((name.as_str(), rate.format_de()), ("E 9a", "57,40".into()));
        let bad = GradeFields {
            name: String::new(),
            rate: "viel".into(),
        };
        assert_eq!(fields(bad.validate()), ["name", "rate"]);
    }
}
