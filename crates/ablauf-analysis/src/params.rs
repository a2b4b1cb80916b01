//! The organisation's analysis parameters, with the defaults a new
//! organisation starts with and where they come from.

use serde::{Deserialize, Serialize};

/// Parameters every figure of an organisation is computed with. Set by the
/// organisation's administrator; every figure page names them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// Net annual working hours of one full-time equivalent (after leave,
    /// public holidays, illness and training).
    pub net_hours_per_fte: f64,
    /// Verteilzeitzuschlag in percent: time for work that belongs to no
    /// single case (personal needs, fatigue, interruptions).
    pub distribution_surcharge_pct: f64,
    /// Working hours per working day, to state lead times in days.
    pub hours_per_day: f64,
    /// Workplace cost (Sachkosten eines Büroarbeitsplatzes) in euros per
    /// full-time equivalent and year; 0 leaves it out.
    pub workplace_cost_eur_per_fte: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            net_hours_per_fte: 1_600.0,
            distribution_surcharge_pct: 10.0,
            hours_per_day: 7.8,
            workplace_cost_eur_per_fte: 0.0,
        }
    }
}
