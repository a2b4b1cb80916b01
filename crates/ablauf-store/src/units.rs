//! The organisation's structure: org units (a tree) and pay grades with
//! their hourly personnel cost rates.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{Change, Deletion};
use crate::db::{AsRaw, Tx, fetch, scalar};
use crate::{Actor, OrgId, OrgUnitId, PayGradeId, Result, Store, StoreError, new_id, on_unique};
use ablauf_domain::{HourlyRate, would_create_cycle};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrgUnit {
    pub id: OrgUnitId,
    pub organization_id: OrgId,
    pub parent_id: Option<OrgUnitId>,
    pub name: String,
    pub short_name: String,
    pub created_at: DateTime<Utc>,
    /// Positions (Stellen) in full-time equivalents, if entered.
    pub positions: Option<f64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PayGrade {
    pub id: PayGradeId,
    pub organization_id: OrgId,
    pub name: String,
    pub hourly_rate_cents: i64,
    pub created_at: DateTime<Utc>,
}

impl PayGrade {
    pub fn rate(&self) -> HourlyRate {
        HourlyRate::from_cents(self.hourly_rate_cents)
    }
}

/// The fields of an org unit a person edits.
#[derive(Debug, Clone)]
pub struct UnitInput {
    pub parent_id: Option<OrgUnitId>,
    pub name: String,
    pub short_name: String,
    /// Positions (Stellen) in full-time equivalents, if entered.
    pub positions: Option<f64>,
}

/// One unit of the organisation, read in a transaction or on a connection.
async fn unit_in<C: AsRaw + Send>(c: &mut C, org: OrgId, id: OrgUnitId) -> Result<OrgUnit> {
    fetch!(
        c,
        fetch_optional,
        OrgUnit,
        "SELECT * FROM org_units WHERE organization_id = $1 AND id = $2",
        org,
        id
    )?
    .ok_or(StoreError::NotFound)
}

async fn grade_in<C: AsRaw + Send>(c: &mut C, org: OrgId, id: PayGradeId) -> Result<PayGrade> {
    fetch!(
        c,
        fetch_optional,
        PayGrade,
        "SELECT * FROM pay_grades WHERE organization_id = $1 AND id = $2",
        org,
        id
    )?
    .ok_or(StoreError::NotFound)
}

impl Store {
    /// All org units of an organisation, ordered by name within the table;
    /// the tree is built by `ablauf_domain::build_tree`.
    pub async fn list_org_units(&self, org: OrgId) -> Result<Vec<OrgUnit>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            OrgUnit,
            "SELECT * FROM org_units WHERE organization_id = $1 ORDER BY lower(name), id",
            org
        )?)
    }

    pub async fn get_org_unit(&self, org: OrgId, id: OrgUnitId) -> Result<OrgUnit> {
        unit_in(&mut self.conn().await?, org, id).await
    }

    pub async fn create_org_unit(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &UnitInput,
    ) -> Result<OrgUnit> {
        let mut tx = self.begin().await?;
        if let Some(p) = input.parent_id {
            // The parent must belong to the same organisation.
            unit_in(&mut tx, org, p)
                .await
                .map_err(|_| StoreError::Refused("error.parent_unknown"))?;
        }
        let unit = fetch!(
            &mut tx,
            fetch_one,
            OrgUnit,
            "INSERT INTO org_units (id, organization_id, parent_id, name, short_name, created_at, positions) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
            new_id(),
            org,
            input.parent_id,
            &input.name,
            &input.short_name,
            Utc::now(),
            input.positions
        )?;
        Change::new(
            org,
            "org_unit.created",
            "org_unit",
            "audit_summary.org_unit_created",
        )
        .entity(unit.id)
        .arg("name", &unit.name)
        .after(&unit)
        .commit(tx, actor)
        .await?;
        Ok(unit)
    }

    /// Renames or moves a unit; refuses a move below itself.
    pub async fn update_org_unit(
        &self,
        actor: &Actor,
        org: OrgId,
        id: OrgUnitId,
        input: &UnitInput,
    ) -> Result<OrgUnit> {
        let mut tx = self.begin().await?;
        let before = unit_in(&mut tx, org, id).await?;
        if let Some(p) = input.parent_id {
            unit_in(&mut tx, org, p)
                .await
                .map_err(|_| StoreError::Refused("error.parent_unknown"))?;
            #[derive(sqlx::FromRow)]
            struct Edge {
                id: OrgUnitId,
                parent_id: Option<OrgUnitId>,
            }
            let edges = fetch!(
                &mut tx,
                fetch_all,
                Edge,
                "SELECT id, parent_id FROM org_units WHERE organization_id = $1",
                org
            )?;
            let parents: HashMap<OrgUnitId, Option<OrgUnitId>> =
                edges.into_iter().map(|e| (e.id, e.parent_id)).collect();
            if would_create_cycle(&parents, id, Some(p)) {
                return Err(StoreError::Refused("error.unit_cycle"));
            }
        }
        let after = fetch!(
            &mut tx,
            fetch_one,
            OrgUnit,
            "UPDATE org_units SET parent_id = $3, name = $4, short_name = $5, positions = $6 \
             WHERE organization_id = $1 AND id = $2 RETURNING *",
            org,
            id,
            input.parent_id,
            &input.name,
            &input.short_name,
            input.positions
        )?;
        Change::new(
            org,
            "org_unit.updated",
            "org_unit",
            "audit_summary.org_unit_updated",
        )
        .entity(id)
        .arg("name", &after.name)
        .before(&before)
        .after(&after)
        .commit(tx, actor)
        .await?;
        Ok(after)
    }

    /// Deletes a unit that has no sub-units.
    pub async fn delete_org_unit(&self, actor: &Actor, org: OrgId, id: OrgUnitId) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = unit_in(&mut tx, org, id).await?;
        let children = scalar!(
            &mut tx,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM org_units WHERE organization_id = $1 AND parent_id = $2",
            org,
            id
        )?;
        if children > 0 {
            return Err(StoreError::Refused("error.unit_has_children"));
        }
        Deletion {
            table: "org_units",
            action: "org_unit.deleted",
            entity: "org_unit",
            key: "audit_summary.org_unit_deleted",
        }
        .run(&mut tx, actor, org, id, (&before.name, &before))
        .await?;
        tx.commit().await
    }

    pub async fn count_org_units(&self, org: OrgId) -> Result<i64> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM org_units WHERE organization_id = $1",
            org
        )?)
    }

    pub async fn list_pay_grades(&self, org: OrgId) -> Result<Vec<PayGrade>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            PayGrade,
            "SELECT * FROM pay_grades WHERE organization_id = $1 ORDER BY hourly_rate_cents, lower(name)",
            org
        )?)
    }

    pub async fn get_pay_grade(&self, org: OrgId, id: PayGradeId) -> Result<PayGrade> {
        grade_in(&mut self.conn().await?, org, id).await
    }

    pub async fn create_pay_grade(
        &self,
        actor: &Actor,
        org: OrgId,
        name: &str,
        rate: HourlyRate,
    ) -> Result<PayGrade> {
        let mut tx = self.begin().await?;
        let g = insert_pay_grade(&mut tx, actor, org, (PayGradeId(new_id()), name, rate)).await?;
        tx.commit().await?;
        Ok(g)
    }

    pub async fn update_pay_grade(
        &self,
        actor: &Actor,
        org: OrgId,
        id: PayGradeId,
        name: &str,
        rate: HourlyRate,
    ) -> Result<PayGrade> {
        let mut tx = self.begin().await?;
        let before = grade_in(&mut tx, org, id).await?;
        let after = fetch!(
            &mut tx,
            fetch_one,
            PayGrade,
            "UPDATE pay_grades SET name = $3, hourly_rate_cents = $4 \
             WHERE organization_id = $1 AND id = $2 RETURNING *",
            org,
            id,
            name,
            rate.cents()
        )
        .map_err(on_unique("error.pay_grade_taken"))?;
        Change::new(
            org,
            "pay_grade.updated",
            "pay_grade",
            "audit_summary.pay_grade_updated",
        )
        .entity(id)
        .arg("name", &after.name)
        .arg("before", before.rate().format_de())
        .arg("rate", rate.format_de())
        .before(&before)
        .after(&after)
        .commit(tx, actor)
        .await?;
        Ok(after)
    }

    pub async fn delete_pay_grade(&self, actor: &Actor, org: OrgId, id: PayGradeId) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = grade_in(&mut tx, org, id).await?;
        Deletion {
            table: "pay_grades",
            action: "pay_grade.deleted",
            entity: "pay_grade",
            key: "audit_summary.pay_grade_deleted",
        }
        .run(&mut tx, actor, org, id, (&before.name, &before))
        .await?;
        tx.commit().await
    }
}

/// Creates a pay grade with a given id, in the caller's transaction.
pub(crate) async fn insert_pay_grade(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    (id, name, rate): (PayGradeId, &str, HourlyRate),
) -> Result<PayGrade> {
    let g = fetch!(
        &mut *tx,
        fetch_one,
        PayGrade,
        "INSERT INTO pay_grades (id, organization_id, name, hourly_rate_cents, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING *",
        id,
        org,
        name,
        rate.cents(),
        Utc::now()
    )
    .map_err(on_unique("error.pay_grade_taken"))?;
    Change::new(
        org,
        "pay_grade.created",
        "pay_grade",
        "audit_summary.pay_grade_created",
    )
    .entity(g.id)
    .arg("name", &g.name)
    .arg("rate", rate.format_de())
    .after(&g)
    .record(tx, actor)
    .await?;
    Ok(g)
}
