//! An organisation's analysis settings: the parameters its figures are
//! computed with and the weak-spot rules it switched off. The store keeps
//! them as they are; `ablauf-analysis` says what they mean and what the
//! defaults are.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::Change;
use crate::db::{exec, fetch};
use crate::{Actor, OrgId, Result, Store};

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AnalysisSettingsRow {
    pub net_hours_per_fte: f64,
    pub distribution_surcharge_pct: f64,
    pub hours_per_day: f64,
    pub workplace_cost_eur_per_fte: f64,
    /// Switched-off rule keys, separated by spaces.
    pub disabled_rules: String,
    #[serde(skip)]
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// The organisation's settings; None while it uses the defaults.
    pub async fn get_analysis_settings(&self, org: OrgId) -> Result<Option<AnalysisSettingsRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_optional,
            AnalysisSettingsRow,
            "SELECT net_hours_per_fte, distribution_surcharge_pct, hours_per_day, \
             workplace_cost_eur_per_fte, disabled_rules, updated_at \
             FROM analysis_settings WHERE organization_id = $1",
            org
        )?)
    }

    /// Replaces the organisation's settings; `before` is what the caller
    /// showed (the defaults when there was no row), for the audit trail.
    pub async fn save_analysis_settings(
        &self,
        actor: &Actor,
        org: OrgId,
        before: &AnalysisSettingsRow,
        s: &AnalysisSettingsRow,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = Utc::now();
        exec!(
            &mut tx,
            "INSERT INTO analysis_settings (organization_id, net_hours_per_fte, \
             distribution_surcharge_pct, hours_per_day, workplace_cost_eur_per_fte, \
             disabled_rules, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (organization_id) DO UPDATE SET \
             net_hours_per_fte = excluded.net_hours_per_fte, \
             distribution_surcharge_pct = excluded.distribution_surcharge_pct, \
             hours_per_day = excluded.hours_per_day, \
             workplace_cost_eur_per_fte = excluded.workplace_cost_eur_per_fte, \
             disabled_rules = excluded.disabled_rules, updated_at = excluded.updated_at",
            org,
            s.net_hours_per_fte,
            s.distribution_surcharge_pct,
            s.hours_per_day,
            s.workplace_cost_eur_per_fte,
            &s.disabled_rules,
            now
        )?;
        Change::new(
            org,
            "analysis.settings_updated",
            "analysis_settings",
            "audit_summary.analysis_settings_updated",
        )
        .before(before)
        .after(s)
        .record(&mut tx, actor)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
