//! Figures of one model: processing time, lead time, workload, full-time
//! equivalents and personnel cost, per case and per year, in total and per
//! subprocess, org unit, IT system, pay grade and step.
//!
//! How each figure is computed (the Analyse page says the same in German):
//!
//! - A step's *weight* is the share of cases that perform it: the shares of
//!   the variant branches around it times its own share (1 when none is
//!   given). Branches without a share split what the others leave over.
//! - *Processing time per case* is the expected effort: the sum of weight ×
//!   typical processing time over all steps. Parallel parts count every
//!   branch (all of them are worked on). The *range* is the same sum with
//!   each step's minimum and maximum time (its typical time where none is
//!   given). The *fastest* and *slowest path* choose the shortest or longest
//!   branch of every variant, leave out or keep steps done for only part of
//!   the cases, and count every branch of a parallel part.
//! - *Lead time* (Durchlaufzeit) adds waiting time before each step to its
//!   processing time, weights variants by their shares, and takes the
//!   longest branch of a parallel part. In working hours, and in working
//!   days by the organisation's hours per working day. Waiting times are
//!   entered as elapsed time ("2 Tage" = 2,880 minutes); they count in
//!   working time as [`working_wait`] says: a wait up to one working day
//!   as it is, the rest of the first calendar day not at all (the night),
//!   and each further calendar day as one working day.
//! - *Annual hours* = processing hours per case × cases per year.
//!   *Full-time equivalents* = annual hours × (1 + Verteilzeitzuschlag) ÷
//!   net annual working hours per FTE.
//! - *Personnel cost* = hours × the hourly rate of the step's pay grade, per
//!   case and per year, without surcharges. The *workplace cost* is
//!   separate: FTE × workplace cost per FTE and year.
//!
//! Missing values are counted as zero only with a [`Gaps`] entry saying how
//! much is missing, and a plausibility finding per gap.

use crate::flow::{Flow, FlowStep, branch_shares};
use crate::params::Params;
use ablauf_model::{BlockModel, Item};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What a model's figures depend on besides the model.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Cases per year from the Steckbrief.
    pub cases_per_year: Option<u32>,
    /// OZG maturity level (0–4) from the Steckbrief.
    pub ozg_level: Option<u8>,
    /// Hourly rate in euros of each pay grade, by the value steps store.
    pub rates: HashMap<String, f64>,
    pub params: Params,
}

/// The main figures of a process or of a part of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Expected processing time per case (effort), in minutes.
    pub processing_minutes_per_case: f64,
    /// The same from the steps' minimum times.
    pub processing_minutes_min_per_case: f64,
    /// The same from the steps' maximum times.
    pub processing_minutes_max_per_case: f64,
    /// Expected waiting time per case, in minutes.
    pub waiting_minutes_per_case: f64,
    /// Expected lead time per case in working hours.
    pub lead_time_hours: f64,
    /// The lead time in working days.
    pub lead_time_days: f64,
    /// Share of the lead time spent waiting, 0..=1.
    pub waiting_share: f64,
    /// Processing hours per year; none without cases per year.
    pub annual_hours: Option<f64>,
    /// Full-time equivalents needed; none without cases per year.
    pub fte: Option<f64>,
    /// Personnel cost per case in euros (no surcharges).
    pub cost_per_case_eur: f64,
    /// Personnel cost per year in euros (no surcharges).
    pub cost_per_year_eur: Option<f64>,
    /// Workplace cost per year (FTE × workplace cost per FTE).
    pub workplace_cost_per_year_eur: Option<f64>,
    /// Steps in the model (or part).
    pub steps: usize,
    /// Steps with an IT system.
    pub it_steps: usize,
}

/// Whole-process figures: [`Figures`] plus paths and counts only the whole
/// flow has.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    #[serde(flatten)]
    pub figures: Figures,
    /// Processing minutes on the fastest path through the model.
    pub fastest_path_minutes: f64,
    /// Processing minutes on the slowest path through the model.
    pub slowest_path_minutes: f64,
    /// Directly-follows edges between steps of two different org units.
    pub handovers: usize,
    /// Media breaks found (see [`crate::findings`]).
    pub media_breaks: usize,
}

/// How much the figures are missing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Gaps {
    pub steps_without_time: usize,
    pub steps_without_pay_grade: usize,
    pub steps_without_org_unit: usize,
    /// Expected minutes per case of steps whose pay grade has no known
    /// rate (their cost is counted as 0).
    pub minutes_without_rate: f64,
    pub cases_per_year_missing: bool,
}

impl Gaps {
    pub fn is_empty(&self) -> bool {
        *self == Gaps::default()
    }
}

/// Figures of one step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepFigures {
    pub step_id: String,
    pub label: String,
    pub block: String,
    pub subprocess_id: String,
    pub org_unit: Option<String>,
    pub pay_grade: Option<String>,
    pub it_system: Option<String>,
    /// Share of cases performing the step.
    pub weight: f64,
    /// Typical processing minutes of one performance.
    pub processing_minutes: Option<f64>,
    pub waiting_minutes: Option<f64>,
    /// weight × processing minutes.
    pub processing_minutes_per_case: f64,
    pub annual_hours: Option<f64>,
    pub cost_per_case_eur: f64,
    pub cost_per_year_eur: Option<f64>,
}

/// Figures of a group of steps (a subprocess, an org unit, an IT system, a
/// pay grade); `key` is the subprocess id or the value steps store, empty
/// for steps without one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    pub key: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Everything computed for one model.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Computed {
    pub totals: Totals,
    pub gaps: Gaps,
    pub by_subprocess: Vec<Part>,
    pub by_org_unit: Vec<Part>,
    pub by_it_system: Vec<Part>,
    pub by_pay_grade: Vec<Part>,
    pub steps: Vec<StepFigures>,
}

/// Computes the figures of `model`. `media_breaks` is filled in by
/// [`crate::analyse`], which also finds them.
pub fn compute(model: &BlockModel, flow: &Flow, ctx: &Context) -> Computed {
    let steps: Vec<StepFigures> = flow
        .steps
        .iter()
        .map(|s| step_figures(s, flow, model, ctx))
        .collect();
    let mut gaps = Gaps {
        cases_per_year_missing: ctx.cases_per_year.is_none(),
        ..Gaps::default()
    };
    for (fs, sf) in flow.steps.iter().zip(&steps) {
        if fs.step.processing_minutes.is_none() {
            gaps.steps_without_time += 1;
        }
        if fs.step.pay_grade.is_none() {
            gaps.steps_without_pay_grade += 1;
        }
        if fs.org_unit.is_none() {
            gaps.steps_without_org_unit += 1;
        }
        if rate(fs, ctx).is_none() {
            gaps.minutes_without_rate += sf.processing_minutes_per_case;
        }
    }

    let all: Vec<usize> = (0..steps.len()).collect();
    let mut figures = sum_figures(&all, flow, &steps, ctx);
    let day = ctx.params.hours_per_day.max(0.0) * 60.0;
    let lead = lead_minutes(
        model.subprocesses.iter().flat_map(|sp| sp.items.iter()),
        day,
    );
    set_lead(&mut figures, lead, ctx);

    let (fastest, slowest) = model
        .subprocesses
        .iter()
        .map(|sp| paths(&sp.items))
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let handovers = flow
        .edges()
        .filter(|&(a, b)| matches!((flow.steps[a].org_unit, flow.steps[b].org_unit), (Some(x), Some(y)) if x != y))
        .count();

    let by_subprocess = model
        .subprocesses
        .iter()
        .enumerate()
        .map(|(i, sp)| {
            let members: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&n| flow.steps[n].subprocess == i)
                .collect();
            let mut f = sum_figures(&members, flow, &steps, ctx);
            set_lead(&mut f, lead_minutes(sp.items.iter(), day), ctx);
            Part {
                key: sp.id.clone(),
                figures: f,
            }
        })
        .collect();
    let group = |key: &dyn Fn(&StepFigures) -> Option<String>| -> Vec<Part> {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (n, s) in steps.iter().enumerate() {
            groups
                .entry(key(s).unwrap_or_default())
                .or_default()
                .push(n);
        }
        let mut parts: Vec<Part> = groups
            .into_iter()
            .map(|(k, members)| Part {
                key: k,
                figures: sum_figures(&members, flow, &steps, ctx),
            })
            .collect();
        parts.sort_by(|a, b| {
            b.figures
                .processing_minutes_per_case
                .total_cmp(&a.figures.processing_minutes_per_case)
                .then_with(|| a.key.cmp(&b.key))
        });
        parts
    };
    let by_org_unit = group(&|s| s.org_unit.clone());
    let by_it_system = group(&|s| s.it_system.clone());
    let by_pay_grade = group(&|s| s.pay_grade.clone());

    Computed {
        totals: Totals {
            figures,
            fastest_path_minutes: fastest,
            slowest_path_minutes: slowest,
            handovers,
            media_breaks: 0,
        },
        gaps,
        by_subprocess,
        by_org_unit,
        by_it_system,
        by_pay_grade,
        steps,
    }
}

fn rate(s: &FlowStep, ctx: &Context) -> Option<f64> {
    ctx.rates.get(s.step.pay_grade.as_deref()?).copied()
}

fn step_figures(s: &FlowStep, _flow: &Flow, model: &BlockModel, ctx: &Context) -> StepFigures {
    let weight = s.weight();
    let minutes = weight * time(s.step.processing_minutes);
    let cost = minutes / 60.0 * rate(s, ctx).unwrap_or(0.0);
    let cases = ctx.cases_per_year.map(f64::from);
    StepFigures {
        step_id: s.step.id.clone(),
        label: s.step.label.clone(),
        block: s.step.block.clone(),
        subprocess_id: model.subprocesses[s.subprocess].id.clone(),
        org_unit: s.org_unit.map(str::to_owned),
        pay_grade: s.step.pay_grade.clone(),
        it_system: s.step.it_system.clone().filter(|x| !x.is_empty()),
        weight,
        processing_minutes: s.step.processing_minutes,
        waiting_minutes: s.step.waiting_minutes,
        processing_minutes_per_case: minutes,
        annual_hours: cases.map(|c| minutes / 60.0 * c),
        cost_per_case_eur: cost,
        cost_per_year_eur: cases.map(|c| cost * c),
    }
}

/// A time as counted: missing or negative is 0.
fn time(t: Option<f64>) -> f64 {
    t.filter(|t| t.is_finite()).unwrap_or(0.0).max(0.0)
}

fn sum_figures(members: &[usize], flow: &Flow, steps: &[StepFigures], ctx: &Context) -> Figures {
    let mut f = Figures::default();
    for &n in members {
        let (fs, sf) = (&flow.steps[n], &steps[n]);
        let w = sf.weight;
        let typical = time(fs.step.processing_minutes);
        f.processing_minutes_per_case += sf.processing_minutes_per_case;
        let t = |x: Option<f64>| x.map_or(typical, |x| time(Some(x)));
        f.processing_minutes_min_per_case += w * t(fs.step.processing_minutes_min);
        f.processing_minutes_max_per_case += w * t(fs.step.processing_minutes_max);
        f.waiting_minutes_per_case += w * time(fs.step.waiting_minutes);
        f.cost_per_case_eur += sf.cost_per_case_eur;
        f.steps += 1;
        if sf.it_system.is_some() {
            f.it_steps += 1;
        }
    }
    let p = &ctx.params;
    if let Some(cases) = ctx.cases_per_year.map(f64::from) {
        let hours = f.processing_minutes_per_case / 60.0 * cases;
        f.annual_hours = Some(hours);
        let fte = fte(hours, p);
        f.fte = Some(fte);
        f.cost_per_year_eur = Some(f.cost_per_case_eur * cases);
        f.workplace_cost_per_year_eur = Some(fte * p.workplace_cost_eur_per_fte.max(0.0));
    }
    // Lead time of a group of scattered steps is their plain sum; whole
    // sequences (process, subprocess) replace it through `set_lead`.
    let day = p.hours_per_day.max(0.0) * 60.0;
    let waiting: f64 = members
        .iter()
        .map(|&n| steps[n].weight * working_wait(time(flow.steps[n].step.waiting_minutes), day))
        .sum();
    let lead = Lead {
        total: f.processing_minutes_per_case + waiting,
        waiting,
    };
    set_lead(&mut f, lead, ctx);
    f
}

/// Full-time equivalents for `hours` a year.
pub fn fte(hours: f64, p: &Params) -> f64 {
    if p.net_hours_per_fte > 0.0 {
        hours * (1.0 + p.distribution_surcharge_pct.max(0.0) / 100.0) / p.net_hours_per_fte
    } else {
        0.0
    }
}

fn set_lead(f: &mut Figures, lead: Lead, ctx: &Context) {
    f.lead_time_hours = lead.total / 60.0;
    f.lead_time_days = if ctx.params.hours_per_day > 0.0 {
        f.lead_time_hours / ctx.params.hours_per_day
    } else {
        0.0
    };
    f.waiting_share = if lead.total > 0.0 {
        (lead.waiting / lead.total).clamp(0.0, 1.0)
    } else {
        0.0
    };
}

/// Expected lead time of a sequence in minutes, and the waiting part of it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Lead {
    pub total: f64,
    pub waiting: f64,
}

/// Elapsed waiting minutes as working minutes, with `day` working minutes
/// per working day: up to one working day as it is, the rest of the first
/// calendar day (1,440 minutes) not at all, every further calendar day as
/// one working day. Continuous and never decreasing.
pub fn working_wait(elapsed: f64, day: f64) -> f64 {
    elapsed.min(day) + (elapsed - 1440.0).max(0.0) * day / 1440.0
}

fn lead_minutes<'a>(items: impl Iterator<Item = &'a Item>, day: f64) -> Lead {
    let mut sum = Lead::default();
    for item in items {
        let l = match item {
            Item::Step(s) => {
                let share = s.share.unwrap_or(1.0).clamp(0.0, 1.0);
                let w = share * working_wait(time(s.waiting_minutes), day);
                Lead {
                    total: share * time(s.processing_minutes) + w,
                    waiting: w,
                }
            }
            Item::Variant(b) => b
                .branches
                .iter()
                .zip(branch_shares(b))
                .map(|(br, share)| {
                    let l = lead_minutes(br.items.iter(), day);
                    Lead {
                        total: share * l.total,
                        waiting: share * l.waiting,
                    }
                })
                .fold(Lead::default(), |a, l| Lead {
                    total: a.total + l.total,
                    waiting: a.waiting + l.waiting,
                }),
            Item::Parallel(b) => b
                .branches
                .iter()
                .map(|br| lead_minutes(br.items.iter(), day))
                .max_by(|a, b| a.total.total_cmp(&b.total))
                .unwrap_or_default(),
        };
        sum.total += l.total;
        sum.waiting += l.waiting;
    }
    sum
}

/// Processing minutes of the fastest and the slowest path of a sequence.
fn paths(items: &[Item]) -> (f64, f64) {
    let mut fast = 0.0;
    let mut slow = 0.0;
    for item in items {
        let (f, s) = match item {
            Item::Step(s) => {
                let t = time(s.processing_minutes);
                let optional = s.share.is_some_and(|x| x < 1.0);
                (if optional { 0.0 } else { t }, t)
            }
            Item::Variant(b) => {
                let each: Vec<(f64, f64)> = b.branches.iter().map(|br| paths(&br.items)).collect();
                (
                    each.iter().map(|p| p.0).reduce(f64::min).unwrap_or(0.0),
                    each.iter().map(|p| p.1).reduce(f64::max).unwrap_or(0.0),
                )
            }
            Item::Parallel(b) => b
                .branches
                .iter()
                .map(|br| paths(&br.items))
                .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y)),
        };
        fast += f;
        slow += s;
    }
    (fast, slow)
}
