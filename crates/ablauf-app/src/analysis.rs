//! Analysing processes: the organisation's analysis settings and the
//! figures and findings of one process's model, computed by
//! `ablauf-analysis` from the model, the Steckbrief, the pay grades' rates
//! and the settings.

use std::collections::{BTreeSet, HashMap};

use ablauf_analysis::{Analysis, Context, Params, RULES};
use ablauf_domain::ProcessId;
use ablauf_domain::{format_decimal_de, parse_decimal_de};
use ablauf_store::{Actor, AnalysisSettingsRow, OrgId, ProcessRow, Store, VersionRow, Which};
use serde::{Deserialize, Serialize};

use crate::error::{FieldErrors, Result};
use crate::i18n::t;
use crate::modelling::{Current, Names, current_model};

/// An organisation's analysis settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub params: Params,
    /// Weak-spot rules switched off.
    pub disabled: BTreeSet<String>,
    /// Whether these are the defaults (nothing saved yet).
    pub defaults: bool,
}

impl Settings {
    /// Whether the organisation uses the rule.
    pub fn enabled(&self, rule: &str) -> bool {
        !self.disabled.contains(rule)
    }

    fn row(&self) -> AnalysisSettingsRow {
        AnalysisSettingsRow {
            net_hours_per_fte: self.params.net_hours_per_fte,
            distribution_surcharge_pct: self.params.distribution_surcharge_pct,
            hours_per_day: self.params.hours_per_day,
            workplace_cost_eur_per_fte: self.params.workplace_cost_eur_per_fte,
            disabled_rules: self.disabled.iter().cloned().collect::<Vec<_>>().join(" "),
            updated_at: chrono::Utc::now(),
        }
    }
}

/// The organisation's settings, or the defaults.
pub async fn settings(store: &Store, org: OrgId) -> Result<Settings> {
    Ok(match store.get_analysis_settings(org).await? {
        Some(r) => Settings {
            params: Params {
                net_hours_per_fte: r.net_hours_per_fte,
                distribution_surcharge_pct: r.distribution_surcharge_pct,
                hours_per_day: r.hours_per_day,
                workplace_cost_eur_per_fte: r.workplace_cost_eur_per_fte,
            },
            disabled: r
                .disabled_rules
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            defaults: false,
        },
        None => Settings {
            params: Params::default(),
            disabled: BTreeSet::new(),
            defaults: true,
        },
    })
}

/// The settings as the form gives them: numbers in German notation and the
/// keys of the weak-spot rules that stay switched on.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct SettingsFields {
    #[serde(default)]
    pub net_hours_per_fte: String,
    #[serde(default)]
    pub distribution_surcharge_pct: String,
    #[serde(default)]
    pub hours_per_day: String,
    #[serde(default)]
    pub workplace_cost_eur_per_fte: String,
    /// Weak-spot rules switched on.
    #[serde(default)]
    pub rules: Vec<String>,
}

impl SettingsFields {
    /// The fields of a posted form (`rules` repeats, one per rule kept on).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> SettingsFields {
        let mut f = SettingsFields::default();
        for (k, v) in pairs {
            match k.as_str() {
                "net_hours_per_fte" => f.net_hours_per_fte = v,
                "distribution_surcharge_pct" => f.distribution_surcharge_pct = v,
                "hours_per_day" => f.hours_per_day = v,
                "workplace_cost_eur_per_fte" => f.workplace_cost_eur_per_fte = v,
                "rules" => f.rules.push(v),
                _ => {}
            }
        }
        f
    }

    /// The form filled with these settings.
    pub fn of(s: &Settings) -> SettingsFields {
        let p = &s.params;
        SettingsFields {
            net_hours_per_fte: format_decimal_de(p.net_hours_per_fte, 0),
            distribution_surcharge_pct: trim_zeros(format_decimal_de(
                p.distribution_surcharge_pct,
                1,
            )),
            hours_per_day: trim_zeros(format_decimal_de(p.hours_per_day, 2)),
            workplace_cost_eur_per_fte: format_decimal_de(p.workplace_cost_eur_per_fte, 0),
            rules: RULES
                .iter()
                .filter(|r| r.switchable() && s.enabled(r.key))
                .map(|r| r.key.to_owned())
                .collect(),
        }
    }

    fn validate(&self) -> Result<Settings> {
        let mut errors = FieldErrors::default();
        let mut number = |field: &str, raw: &str, min: f64, max: f64| -> f64 {
            match parse_decimal_de(raw) {
                None if raw.trim().is_empty() => {
                    errors.add(field, "error.required");
                    0.0
                }
                None => {
                    errors.add(field, "analysis.error_number");
                    0.0
                }
                Some(x) if x < min || x > max => {
                    errors.0.entry(field.to_owned()).or_insert(crate::i18n::tf(
                        "analysis.error_range",
                        &[
                            ("min", &format_decimal_de(min, 0)),
                            ("max", &format_decimal_de(max, 0)),
                        ],
                    ));
                    0.0
                }
                Some(x) => x,
            }
        };
        let params = Params {
            net_hours_per_fte: number("net_hours_per_fte", &self.net_hours_per_fte, 500.0, 2500.0),
            distribution_surcharge_pct: number(
                "distribution_surcharge_pct",
                &self.distribution_surcharge_pct,
                0.0,
                50.0,
            ),
            hours_per_day: number("hours_per_day", &self.hours_per_day, 1.0, 24.0),
            workplace_cost_eur_per_fte: number(
                "workplace_cost_eur_per_fte",
                &self.workplace_cost_eur_per_fte,
                0.0,
                100_000.0,
            ),
        };
        errors.into_result()?;
        let on: BTreeSet<&str> = self.rules.iter().map(String::as_str).collect();
        let disabled = RULES
            .iter()
            .filter(|r| r.switchable() && !on.contains(r.key))
            .map(|r| r.key.to_owned())
            .collect();
        Ok(Settings {
            params,
            disabled,
            defaults: false,
        })
    }
}

fn trim_zeros(s: String) -> String {
    if s.contains(',') {
        s.trim_end_matches('0').trim_end_matches(',').to_owned()
    } else {
        s
    }
}

/// Saves the organisation's settings (administrators).
pub async fn save_settings(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    f: &SettingsFields,
) -> Result<Settings> {
    let new = f.validate()?;
    let before = settings(store, org).await?;
    store
        .save_analysis_settings(actor, org, &before.row(), &new.row())
        .await?;
    Ok(new)
}

/// The analysis of one process's model, with what the pages need to show
/// it: names of units, pay grades and the organisation's settings.
pub struct ProcessAnalysis {
    pub process: ProcessRow,
    pub version: VersionRow,
    /// None when the model is BPMN that does not fit the building blocks;
    /// a process without a model has the (empty) analysis of an empty one.
    pub analysis: Option<Analysis>,
    /// Whether the process has no model yet.
    pub empty: bool,
    /// Why a BPMN-only model cannot be analysed.
    pub reasons: Vec<String>,
    pub names: Names,
    pub settings: Settings,
}

/// The hourly rate in euros of each of the organisation's pay grades, by
/// the id steps store.
pub async fn rates(store: &Store, org: OrgId) -> Result<HashMap<String, f64>> {
    Ok(store
        .list_pay_grades(org)
        .await?
        .into_iter()
        .map(|g| (g.id.to_string(), g.hourly_rate_cents as f64 / 100.0))
        .collect())
}

/// What a process's figures depend on besides its model.
async fn context(
    store: &Store,
    org: OrgId,
    version: &VersionRow,
    settings: &Settings,
) -> Result<Context> {
    let profile = version.profile();
    Ok(Context {
        cases_per_year: profile.cases_per_year,
        ozg_level: profile.digitisation_level,
        rates: rates(store, org).await?,
        params: settings.params.clone(),
    })
}

/// Analyses the current as-is or to-be model of a process. Asking for the
/// to-be model of a process without one is "not found".
pub async fn process_analysis(
    store: &Store,
    org: OrgId,
    process: ProcessId,
    which: Which,
) -> Result<ProcessAnalysis> {
    let (row, version) = store.get_process(org, process).await?;
    if which == Which::ToBe && !version.has_to_be() {
        return Err(crate::error::Error::NotFound);
    }
    let version = version.viewed_as(which);
    let settings = settings(store, org).await?;
    let names = Names::load(store, org).await?;
    let ctx = context(store, org, &version, &settings).await?;
    let current = current_model(&version);
    let empty = current == Current::Empty;
    let (analysis, reasons) = match current.editable() {
        Some(m) => (
            Some(ablauf_analysis::analyse(&m, &ctx, &|r| settings.enabled(r))),
            Vec::new(),
        ),
        None => (None, bpmn_reasons(&version)),
    };
    Ok(ProcessAnalysis {
        process: row,
        version,
        analysis,
        empty,
        reasons,
        names,
        settings,
    })
}

/// German label of a rule's category.
pub fn category_label(c: ablauf_analysis::Category) -> String {
    use ablauf_analysis::Category::*;
    t(match c {
        Plausibility => "analysis.cat_plausibility",
        MediaBreak => "analysis.cat_media",
        Handover => "analysis.cat_handover",
        WeakSpot => "analysis.cat_weak_spot",
        Quality => "analysis.cat_quality",
    })
}

/// As-is against to-be, with what the pages need to show it.
pub struct ProcessPotential {
    pub process: ProcessRow,
    pub version: VersionRow,
    pub potential: ablauf_analysis::Potential,
    pub ist: Analysis,
    pub soll: Analysis,
    pub settings: Settings,
    pub names: Names,
}

/// The potential of a process: its as-is and to-be models side by side.
/// Not found without a to-be model; refused (`analysis.bpmn_only`) when one
/// of them is BPMN that does not fit the building blocks.
pub async fn potential(store: &Store, org: OrgId, process: ProcessId) -> Result<ProcessPotential> {
    let (row, version) = store.get_process(org, process).await?;
    if !version.has_to_be() {
        return Err(crate::error::Error::NotFound);
    }
    let settings = settings(store, org).await?;
    let names = Names::load(store, org).await?;
    let ctx = context(store, org, &version, &settings).await?;
    let model = |which| current_model(&version.viewed_as(which)).editable();
    let (Some(ist_model), Some(soll_model)) = (model(Which::AsIs), model(Which::ToBe)) else {
        return Err(crate::error::Error::Refused("analysis.bpmn_only_potential"));
    };
    let enabled = |r: &str| settings.enabled(r);
    let ist = ablauf_analysis::analyse(&ist_model, &ctx, &enabled);
    let soll = ablauf_analysis::analyse(&soll_model, &ctx, &enabled);
    let potential = ablauf_analysis::compare(&ist_model, &ist, &soll_model, &soll);
    Ok(ProcessPotential {
        process: row,
        version,
        potential,
        ist,
        soll,
        settings,
        names,
    })
}

fn bpmn_reasons(v: &VersionRow) -> Vec<String> {
    match current_model(v) {
        Current::BpmnOnly(r) => r,
        _ => Vec::new(),
    }
}

/// The landscape of an organisation, with the names its pages show.
pub struct LandscapeView {
    pub landscape: ablauf_analysis::landscape::Landscape<ProcessId>,
    pub names: Names,
    pub settings: Settings,
    /// Service names by LeiKa key, as the Steckbriefe name them.
    pub services: HashMap<String, String>,
    /// Positions (Stellen) of the org units that have them entered.
    pub positions: HashMap<String, f64>,
}

/// What the landscape keeps of a process between requests: its summary at
/// one version. Versions never change once written, so an entry is good as
/// long as the process's current version is the same.
#[derive(Clone, Debug)]
struct Cached {
    version: i64,
    entry: Option<ablauf_analysis::landscape::Entry<ProcessId>>,
}

/// The landscape's memory: per organisation, each process's summary at its
/// current version. A request reads only the version numbers of all
/// processes, and loads and analyses only the processes changed since;
/// several server instances on one database each keep their own, equally
/// correct. Summaries do not depend on rates or parameters, which are
/// applied on every request.
#[derive(Default)]
pub struct LandscapeCache {
    orgs: std::sync::Mutex<HashMap<OrgId, HashMap<ProcessId, Cached>>>,
}

impl LandscapeCache {
    pub fn new() -> LandscapeCache {
        LandscapeCache::default()
    }
}

fn summarise(
    v: &VersionRow,
    ctx: &Context,
) -> Option<ablauf_analysis::landscape::Entry<ProcessId>> {
    use ablauf_analysis::landscape::{Entry, Summary};
    let ist = current_model(&v.viewed_as(Which::AsIs)).editable()?;
    if ist.subprocesses.is_empty() {
        return None;
    }
    let soll = current_model(&v.viewed_as(Which::ToBe))
        .editable()
        .filter(|_| v.has_to_be());
    let profile = v.profile();
    let all = |_: &str| true;
    let a = ablauf_analysis::analyse(&ist, ctx, &all);
    let b = soll.map(|m| ablauf_analysis::analyse(&m, ctx, &all));
    Some(Entry {
        key: v.process_id,
        service: profile
            .service_key
            .clone()
            .map(|k| (k, profile.service_name.clone())),
        name: profile.name,
        cases_per_year: profile.cases_per_year,
        summary: Summary::of(&a, b.as_ref()),
    })
}

/// Totals and rankings over all processes of the organisation.
pub async fn landscape(store: &Store, cache: &LandscapeCache, org: OrgId) -> Result<LandscapeView> {
    let settings = settings(store, org).await?;
    let names = Names::load(store, org).await?;
    let rates = rates(store, org).await?;
    let current = store.process_versions(org).await?;
    let stale: Vec<ProcessId> = {
        let orgs = cache.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let known = orgs.get(&org);
        current
            .iter()
            .filter(|(id, v)| {
                known
                    .and_then(|k| k.get(id))
                    .is_none_or(|c| c.version != *v)
            })
            .map(|(id, _)| *id)
            .collect()
    };
    let fresh: Vec<(ProcessId, Cached)> = if stale.is_empty() {
        Vec::new()
    } else {
        let ctx = Context::default();
        let versions = store.current_versions(org, &stale).await?;
        // Parsing and analysing many models is CPU work: off the async
        // threads.
        tokio::task::spawn_blocking(move || {
            versions
                .iter()
                .map(|v| {
                    (
                        v.process_id,
                        Cached {
                            version: v.version,
                            entry: summarise(v, &ctx),
                        },
                    )
                })
                .collect()
        })
        .await
        .map_err(|e| crate::error::Error::Internal(e.into()))?
    };
    // Computed under the lock from the cached entries themselves (no copy
    // of 100,000 summaries per request).
    let mut services = HashMap::new();
    let landscape = {
        let mut orgs = cache.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let known = orgs.entry(org).or_default();
        known.extend(fresh);
        if known.len() != current.len() {
            let live: std::collections::HashSet<ProcessId> =
                current.iter().map(|(id, _)| *id).collect();
            known.retain(|id, _| live.contains(id));
        }
        let entries = || known.values().filter_map(|c| c.entry.as_ref());
        for e in entries() {
            if let Some((k, n)) = &e.service {
                services.entry(k.clone()).or_insert_with(|| n.clone());
            }
        }
        ablauf_analysis::landscape::landscape(entries(), &rates, &settings.params)
    };
    let positions = store
        .list_org_units(org)
        .await?
        .into_iter()
        .filter_map(|u| Some((u.id.to_string(), u.positions?)))
        .collect();
    Ok(LandscapeView {
        landscape,
        names,
        settings,
        services,
        positions,
    })
}
