//! As-is / to-be (Ist/Soll): the figures of both models side by side, the
//! saving per case and per year, and which steps the to-be model removed,
//! changed or added. A Soll starts as a copy of its Ist, so steps keep
//! their ids and the model diff tells what changed.

use crate::Analysis;
use crate::figures::Totals;
use ablauf_model::{BlockModel, diff};
use serde::Serialize;

/// What the to-be model saves against the as-is model (positive = saved).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Saving {
    pub processing_minutes_per_case: f64,
    pub lead_time_hours: f64,
    pub annual_hours: Option<f64>,
    pub fte: Option<f64>,
    pub cost_per_case_eur: f64,
    pub cost_per_year_eur: Option<f64>,
    pub workplace_cost_per_year_eur: Option<f64>,
    pub media_breaks: i64,
    pub handovers: i64,
}

/// A step the to-be model changed: its id and label (the to-be label for
/// added and changed steps, the as-is label for removed ones).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepChange {
    pub step_id: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Potential {
    pub ist: Totals,
    pub soll: Totals,
    pub saving: Saving,
    pub removed: Vec<StepChange>,
    pub changed: Vec<StepChange>,
    pub added: Vec<StepChange>,
}

fn opt_sub(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? - b?)
}

/// Compares the analyses of an as-is and a to-be model.
pub fn compare(
    ist_model: &BlockModel,
    ist: &Analysis,
    soll_model: &BlockModel,
    soll: &Analysis,
) -> Potential {
    let (a, b) = (&ist.totals, &soll.totals);
    let (fa, fb) = (&a.figures, &b.figures);
    let saving = Saving {
        processing_minutes_per_case: fa.processing_minutes_per_case
            - fb.processing_minutes_per_case,
        lead_time_hours: fa.lead_time_hours - fb.lead_time_hours,
        annual_hours: opt_sub(fa.annual_hours, fb.annual_hours),
        fte: opt_sub(fa.fte, fb.fte),
        cost_per_case_eur: fa.cost_per_case_eur - fb.cost_per_case_eur,
        cost_per_year_eur: opt_sub(fa.cost_per_year_eur, fb.cost_per_year_eur),
        workplace_cost_per_year_eur: opt_sub(
            fa.workplace_cost_per_year_eur,
            fb.workplace_cost_per_year_eur,
        ),
        media_breaks: a.media_breaks as i64 - b.media_breaks as i64,
        handovers: a.handovers as i64 - b.handovers as i64,
    };
    let d = diff(ist_model, soll_model);
    let steps = |m: &BlockModel, ids: &[String]| -> Vec<StepChange> {
        m.steps()
            .into_iter()
            .filter(|s| ids.contains(&s.id))
            .map(|s| StepChange {
                step_id: s.id.clone(),
                label: s.label.clone(),
            })
            .collect()
    };
    Potential {
        ist: a.clone(),
        soll: b.clone(),
        saving,
        removed: steps(ist_model, &d.removed),
        changed: steps(soll_model, &d.changed),
        added: steps(soll_model, &d.added),
    }
}
