//! Figures and findings from building-block models.
//!
//! Pure computation, no I/O: a [`BlockModel`](ablauf_model::BlockModel), the
//! Steckbrief's figures (cases per year, OZG maturity), the organisation's
//! hourly rates and [`Params`] go in ([`Context`]); figures, plausibility
//! findings, media breaks, weak spots and model quality come out
//! ([`analyse`] → [`Analysis`]). Pages, the API and the landscape call it
//! through the use-case layer (`ablauf-app`).
//!
//! - [`flow`]: the model as a graph of steps with directly-follows edges
//!   and the share of cases that reach each step; "follows along a path".
//! - [`figures`]: processing and lead time, annual hours, FTE, cost, in
//!   total and per subprocess, org unit, IT system, pay grade and step.
//! - [`findings`]: the rule catalogue ([`RULES`]) and the findings of a
//!   model; the model-quality checklist.
//! - [`potential`]: as-is against to-be.
//! - [`landscape`]: totals and rankings over all processes from their
//!   [`landscape::Summary`], with rates and parameters applied late.
//! - [`index`]: every step as a flat row (the store's `process_steps`) and
//!   the compact in-memory index that answers pattern queries.
//! - [`pattern`]: pattern queries (a sequence of step conditions along a
//!   path) and their matcher.
//! - [`params`]: the organisation's parameters and their defaults.

pub mod figures;
pub mod findings;
pub mod flow;
pub mod index;
pub mod landscape;
pub mod params;
pub mod pattern;
pub mod potential;

pub use figures::{Computed, Context, Figures, Gaps, Part, StepFigures, Totals};
pub use findings::{Category, Finding, Quality, RULES, Rule, Severity, rule};
pub use flow::{Flow, FlowStep, Reach, branch_shares};
pub use params::Params;
pub use potential::{Potential, compare};

use ablauf_model::BlockModel;
use serde::Serialize;

/// Everything the Analyse page and the API show for one model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    #[serde(flatten)]
    pub computed: Computed,
    pub findings: Vec<Finding>,
    pub quality: Quality,
    /// The parameters the figures were computed with.
    pub params: Params,
}

impl std::ops::Deref for Analysis {
    type Target = Computed;
    fn deref(&self) -> &Computed {
        &self.computed
    }
}

/// Analyses one model. `enabled` says which weak-spot rules the
/// organisation uses (the others are always on).
pub fn analyse(model: &BlockModel, ctx: &Context, enabled: &dyn Fn(&str) -> bool) -> Analysis {
    let flow = Flow::new(model);
    let mut computed = figures::compute(model, &flow, ctx);
    // Media breaks are counted before weak spots are filtered: they are not
    // switchable.
    let findings = findings::find(model, &flow, &computed, ctx, enabled);
    computed.totals.media_breaks = findings
        .iter()
        .filter(|f| f.category == Category::MediaBreak)
        .count();
    let quality = findings::quality_checklist(&findings);
    Analysis {
        computed,
        findings,
        quality,
        params: ctx.params.clone(),
    }
}
