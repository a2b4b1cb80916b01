//! The landscape: totals and rankings over all processes of an
//! organisation — staffing per org unit, workload and cost per IT system,
//! pay grade and service, the processes with the most workload, media
//! breaks and potential.
//!
//! The landscape never reloads a model: each process is kept as a
//! [`Summary`] (made from its analysis when its model is saved), which
//! holds only what does not depend on the organisation's rates and
//! parameters — minutes per case by org unit, pay grade and IT system,
//! and counts. Rates, cases per year and parameters are applied when the
//! landscape is computed, so changing a pay grade's rate or a parameter
//! needs no recomputation of any model.

use crate::figures::fte;
use crate::{Analysis, Category, Params};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Minutes per case of the steps that share an org unit, a pay grade and
/// an IT system.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Effort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub it: Option<String>,
    pub minutes: f64,
    pub steps: usize,
}

/// What the landscape keeps of one process's models.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub effort: Vec<Effort>,
    pub steps: usize,
    pub media_breaks: usize,
    pub handovers: usize,
    pub weak_spots: usize,
    /// The to-be model's effort, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soll: Option<Vec<Effort>>,
}

/// Org unit, pay grade and IT system of a group of steps.
type EffortKey = (Option<String>, Option<String>, Option<String>);

fn effort_of(a: &Analysis) -> Vec<Effort> {
    let mut groups: BTreeMap<EffortKey, Effort> = BTreeMap::new();
    for s in &a.steps {
        let key = (s.org_unit.clone(), s.pay_grade.clone(), s.it_system.clone());
        let e = groups.entry(key.clone()).or_insert_with(|| Effort {
            unit: key.0,
            grade: key.1,
            it: key.2,
            ..Effort::default()
        });
        e.minutes += s.processing_minutes_per_case;
        e.steps += 1;
    }
    groups.into_values().collect()
}

impl Summary {
    /// The summary of a process from the analysis of its as-is model and,
    /// if it has one, of its to-be model.
    pub fn of(ist: &Analysis, soll: Option<&Analysis>) -> Summary {
        Summary {
            effort: effort_of(ist),
            steps: ist.totals.figures.steps,
            media_breaks: ist.totals.media_breaks,
            handovers: ist.totals.handovers,
            weak_spots: ist
                .findings
                .iter()
                .filter(|f| f.category == Category::WeakSpot)
                .count(),
            soll: soll.map(effort_of),
        }
    }

    /// Minutes per case.
    pub fn minutes(&self) -> f64 {
        self.effort.iter().map(|e| e.minutes).sum()
    }
}

/// One process of the landscape.
#[derive(Clone, Debug)]
pub struct Entry<K> {
    pub key: K,
    pub name: String,
    /// LeiKa key and name of the service, if the Steckbrief names one.
    pub service: Option<(String, String)>,
    pub cases_per_year: Option<u32>,
    pub summary: Summary,
}

/// A line of a landscape table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Line {
    /// The org unit or pay grade id, IT system name or service key as
    /// steps and Steckbriefe store it; empty for "not given".
    pub key: String,
    pub annual_hours: f64,
    pub fte: f64,
    pub cost_per_year_eur: f64,
    pub steps: usize,
    pub processes: usize,
}

/// A process in a ranking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranked<K> {
    pub key: K,
    pub name: String,
    pub annual_hours: f64,
    pub fte: f64,
    pub cost_per_year_eur: f64,
    pub media_breaks: usize,
    /// Hours a year the to-be model saves (none without one, or without
    /// cases per year).
    pub saving_hours: Option<f64>,
    pub saving_eur: Option<f64>,
    pub saving_fte: Option<f64>,
}

/// Totals and rankings of an organisation's processes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Landscape<K> {
    pub processes: usize,
    /// Processes without cases per year (their annual figures are 0).
    pub processes_without_cases: usize,
    pub annual_hours: f64,
    pub fte: f64,
    pub cost_per_year_eur: f64,
    pub media_breaks: usize,
    pub by_org_unit: Vec<Line>,
    pub by_it_system: Vec<Line>,
    pub by_pay_grade: Vec<Line>,
    pub by_service: Vec<Line>,
    /// Every process, largest workload first.
    pub by_workload: Vec<Ranked<K>>,
    /// Processes with media breaks, most first.
    pub by_media_breaks: Vec<Ranked<K>>,
    /// Processes with a to-be model, largest saving first.
    pub by_potential: Vec<Ranked<K>>,
    /// What all to-be models together save a year.
    pub potential_hours: f64,
    pub potential_fte: f64,
    pub potential_eur: f64,
    pub params: Params,
}

fn cost(effort: &[Effort], rates: &HashMap<String, f64>) -> f64 {
    effort
        .iter()
        .map(|e| {
            e.minutes / 60.0
                * e.grade
                    .as_ref()
                    .and_then(|g| rates.get(g))
                    .copied()
                    .unwrap_or(0.0)
        })
        .sum()
}

#[derive(Default)]
struct Acc {
    hours: f64,
    cost: f64,
    steps: usize,
    processes: usize,
    /// The number of the process that last added to this line, so that
    /// a process is counted once per line without a set per process.
    last: usize,
}

fn lines(map: HashMap<&str, Acc>, p: &Params) -> Vec<Line> {
    let mut v: Vec<Line> = map
        .into_iter()
        .map(|(key, a)| Line {
            key: key.to_owned(),
            annual_hours: a.hours,
            fte: fte(a.hours, p),
            cost_per_year_eur: a.cost,
            steps: a.steps,
            processes: a.processes,
        })
        .collect();
    v.sort_by(|a, b| {
        b.annual_hours
            .total_cmp(&a.annual_hours)
            .then_with(|| a.key.cmp(&b.key))
    });
    v
}

/// Computes the landscape of `entries` with the organisation's hourly rates
/// (by pay grade id) and parameters.
pub fn landscape<'a, K: Clone + 'a>(
    entries: impl IntoIterator<Item = &'a Entry<K>>,
    rates: &HashMap<String, f64>,
    p: &Params,
) -> Landscape<K> {
    // Keyed by the entries' own strings: no allocation per step group.
    let mut units: HashMap<&str, Acc> = HashMap::new();
    let mut its: HashMap<&str, Acc> = HashMap::new();
    let mut grades: HashMap<&str, Acc> = HashMap::new();
    let mut services: HashMap<&str, Acc> = HashMap::new();
    let mut ranked = Vec::new();
    let (mut hours, mut total_cost, mut media, mut without) = (0.0, 0.0, 0, 0);
    let mut count = 0;
    for e in entries {
        count += 1;
        let cases = f64::from(e.cases_per_year.unwrap_or(0));
        if e.cases_per_year.is_none() {
            without += 1;
        }
        let s = &e.summary;
        let (mut h, mut c) = (0.0, 0.0);
        for eff in &s.effort {
            let eh = eff.minutes / 60.0 * cases;
            let ec = eh
                * eff
                    .grade
                    .as_ref()
                    .and_then(|g| rates.get(g))
                    .copied()
                    .unwrap_or(0.0);
            h += eh;
            c += ec;
            for (map, key) in [
                (&mut units, eff.unit.as_deref()),
                (&mut grades, eff.grade.as_deref()),
                (&mut its, eff.it.as_deref()),
            ] {
                let a = map.entry(key.unwrap_or("")).or_default();
                a.hours += eh;
                a.cost += ec;
                a.steps += eff.steps;
                if a.last != count {
                    a.last = count;
                    a.processes += 1;
                }
            }
        }
        hours += h;
        total_cost += c;
        media += s.media_breaks;
        let svc = services
            .entry(e.service.as_ref().map_or("", |s| s.0.as_str()))
            .or_default();
        svc.hours += h;
        svc.cost += c;
        svc.steps += s.steps;
        svc.processes += 1;
        let saving = s
            .soll
            .as_ref()
            .filter(|_| e.cases_per_year.is_some())
            .map(|soll| {
                let sh = soll.iter().map(|x| x.minutes).sum::<f64>() / 60.0 * cases;
                let sc = cost(soll, rates) * cases;
                (h - sh, c - sc)
            });
        ranked.push(Ranked {
            key: e.key.clone(),
            name: e.name.clone(),
            annual_hours: h,
            fte: fte(h, p),
            cost_per_year_eur: c,
            media_breaks: s.media_breaks,
            saving_hours: saving.map(|x| x.0),
            saving_eur: saving.map(|x| x.1),
            saving_fte: saving.map(|x| fte(x.0, p)),
        });
    }
    let by_name = |a: &Ranked<K>, b: &Ranked<K>| a.name.cmp(&b.name);
    let mut by_workload = ranked.clone();
    by_workload.sort_by(|a, b| {
        b.annual_hours
            .total_cmp(&a.annual_hours)
            .then_with(|| by_name(a, b))
    });
    let mut by_media_breaks: Vec<Ranked<K>> = ranked
        .iter()
        .filter(|r| r.media_breaks > 0)
        .cloned()
        .collect();
    by_media_breaks.sort_by(|a, b| {
        b.media_breaks
            .cmp(&a.media_breaks)
            .then_with(|| by_name(a, b))
    });
    let mut by_potential: Vec<Ranked<K>> = ranked
        .into_iter()
        .filter(|r| r.saving_hours.is_some())
        .collect();
    by_potential.sort_by(|a, b| {
        b.saving_eur
            .unwrap_or(0.0)
            .total_cmp(&a.saving_eur.unwrap_or(0.0))
            .then_with(|| by_name(a, b))
    });
    let potential_hours: f64 = by_potential.iter().filter_map(|r| r.saving_hours).sum();
    let potential_eur = by_potential.iter().filter_map(|r| r.saving_eur).sum();
    Landscape {
        processes: count,
        processes_without_cases: without,
        annual_hours: hours,
        fte: fte(hours, p),
        cost_per_year_eur: total_cost,
        media_breaks: media,
        by_org_unit: lines(units, p),
        by_it_system: lines(its, p),
        by_pay_grade: lines(grades, p),
        by_service: lines(services, p),
        by_workload,
        by_media_breaks,
        by_potential,
        potential_hours,
        potential_fte: fte(potential_hours, p),
        potential_eur,
        params: p.clone(),
    }
}
