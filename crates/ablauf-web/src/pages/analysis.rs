//! The Analyse tab of a process (figures, plausibility, media breaks, weak
//! spots, model quality, drill-downs) and the organisation's analysis
//! settings.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};

use crate::AppState;
use crate::auth::{OrgAdmin, OrgCtx, Viewer};
use crate::error::{AppResult, path_id};
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout};
use crate::templates::render;
use ablauf_analysis::{Analysis, Category, Figures, Part, RULES, Severity, StepFigures};
use ablauf_app::analysis::{self as uc, Settings, SettingsFields, category_label};
use ablauf_app::i18n::{t, tf};
use ablauf_app::modelling::Names;
use ablauf_domain::format_decimal_de as de;
use ablauf_store::Which;

fn num(x: f64, decimals: usize) -> String {
    de(x, decimals)
}

fn opt(x: Option<f64>, decimals: usize) -> Option<String> {
    x.map(|x| de(x, decimals))
}

/// The parameters a figure page used, as shown beside its figures.
pub fn params_view(s: &Settings) -> Value {
    let p = &s.params;
    context! {
        net_hours => num(p.net_hours_per_fte, 0),
        surcharge => num(p.distribution_surcharge_pct, 1).trim_end_matches(",0").to_owned(),
        hours_per_day => num(p.hours_per_day, 2).trim_end_matches('0').trim_end_matches(',').to_owned(),
        workplace => (p.workplace_cost_eur_per_fte > 0.0).then(|| num(p.workplace_cost_eur_per_fte, 0)),
        defaults => s.defaults,
    }
}

fn figures_view(f: &Figures) -> Value {
    context! {
        minutes => num(f.processing_minutes_per_case, 1),
        minutes_min => num(f.processing_minutes_min_per_case, 1),
        minutes_max => num(f.processing_minutes_max_per_case, 1),
        waiting => num(f.waiting_minutes_per_case, 1),
        lead_hours => num(f.lead_time_hours, 1),
        lead_days => num(f.lead_time_days, 1),
        waiting_share => num(f.waiting_share * 100.0, 0),
        annual_hours => opt(f.annual_hours, 0),
        fte => opt(f.fte, 2),
        cost_case => num(f.cost_per_case_eur, 2),
        cost_year => opt(f.cost_per_year_eur, 0),
        workplace_year => opt(f.workplace_cost_per_year_eur, 0),
        steps => f.steps,
        it_steps => f.it_steps,
    }
}

fn part_view(p: &Part, label: String) -> Value {
    context! { label => label, f => figures_view(&p.figures) }
}

fn step_view(s: &StepFigures, names: &Names, editor: &str) -> Value {
    context! {
        id => s.step_id.clone(),
        label => if s.label.trim().is_empty() { t("analysis.unnamed") } else { s.label.clone() },
        link => format!("{editor}?schritt={}#{}", s.step_id, s.step_id),
        unit => s.org_unit.as_deref().and_then(|u| names.unit(u)),
        grade => s.pay_grade.as_deref().and_then(|g| names.grade(g)),
        it_system => s.it_system.clone(),
        weight => num(s.weight * 100.0, 0),
        minutes => s.processing_minutes.map(|m| num(m, 1)),
        per_case => num(s.processing_minutes_per_case, 1),
        annual_hours => opt(s.annual_hours, 0),
        cost_year => opt(s.cost_per_year_eur, 0),
    }
}

fn severity(s: Severity) -> (&'static str, String) {
    match s {
        Severity::Error => ("error", t("analysis.sev_error")),
        Severity::Warning => ("warning", t("analysis.sev_warning")),
        Severity::Info => ("info", t("analysis.sev_info")),
    }
}

/// Findings of one category, each with links to its steps.
fn findings_view(
    a: &Analysis,
    cats: &[Category],
    labels: &dyn Fn(&str) -> String,
    editor: &str,
) -> Vec<Value> {
    a.findings
        .iter()
        .filter(|f| cats.contains(&f.category))
        .map(|f| {
            let r = ablauf_analysis::rule(f.rule);
            let (code, sev) = severity(f.severity);
            context! {
                rule => f.rule,
                title => r.map(|r| r.title),
                why => r.map(|r| r.why),
                remedy => r.map(|r| r.remedy),
                severity => code,
                severity_label => sev,
                category => category_label(f.category),
                message => f.message.clone(),
                steps => f.step_ids.iter().map(|id| context! {
                    label => labels(id),
                    link => format!("{editor}?schritt={id}#{id}"),
                }).collect::<Vec<_>>(),
            }
        })
        .collect()
}

/// `?modell=soll` on the Analyse tab: the to-be model's figures.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ModelQuery {
    #[serde(default)]
    modell: String,
}

impl ModelQuery {
    fn which(&self) -> Which {
        if self.modell == "soll" {
            Which::ToBe
        } else {
            Which::AsIs
        }
    }
}

/// The Analyse tab of a process.
pub async fn process(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, process)): Path<(String, String)>,
    Query(q): Query<ModelQuery>,
) -> AppResult<Response> {
    let which = q.which();
    let pa = uc::process_analysis(&state.store, ctx.id(), path_id(&process)?, which).await?;
    let base = format!("/o/{}/prozesse/{}", ctx.id(), pa.process.id);
    let editor = match which {
        Which::AsIs => format!("{base}/modell"),
        Which::ToBe => format!("{base}/soll-modell"),
    };
    let has_to_be = which == Which::ToBe
        || state
            .store
            .get_process(ctx.id(), pa.process.id)
            .await?
            .1
            .has_to_be();
    let profile = pa.version.profile();
    let names = &pa.names;
    let body = pa.analysis.as_ref().filter(|_| !pa.empty).map(|a| {
        let label_of = |id: &str| {
            a.steps
                .iter()
                .find(|s| s.step_id == id)
                .map(|s| if s.label.trim().is_empty() { t("analysis.unnamed") } else { s.label.clone() })
                .unwrap_or_else(|| id.to_owned())
        };
        let sp_name = |id: &str| {
            a.by_subprocess
                .iter()
                .position(|p| p.key == id)
                .map(|i| i + 1)
                .unwrap_or_default()
        };
        let model_names: Vec<(String, String)> = pa
            .version
            .model
            .as_deref()
            .and_then(|j| ablauf_model::BlockModel::from_json(j).ok())
            .map(|m| m.subprocesses.iter().map(|s| (s.id.clone(), s.name.clone())).collect())
            .unwrap_or_default();
        let subprocess_label = |key: &str| {
            model_names
                .iter()
                .find(|(id, _)| id == key)
                .map(|(_, n)| n.clone())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| tf("analysis.subprocess_n", &[("n", &sp_name(key).to_string())]))
        };
        let none = || t("analysis.none_given");
        let g = &a.gaps;
        let t = &a.totals;
        context! {
            totals => figures_view(&t.figures),
            fastest => num(t.fastest_path_minutes, 1),
            slowest => num(t.slowest_path_minutes, 1),
            handovers => t.handovers,
            media_breaks => t.media_breaks,
            gaps => context! {
                any => !g.is_empty(),
                no_time => g.steps_without_time,
                no_grade => g.steps_without_pay_grade,
                no_unit => g.steps_without_org_unit,
                no_rate_minutes => (g.minutes_without_rate > 0.0).then(|| num(g.minutes_without_rate, 1)),
                no_cases => g.cases_per_year_missing,
            },
            plausibility => findings_view(a, &[Category::Plausibility], &label_of, &editor),
            media => findings_view(a, &[Category::MediaBreak, Category::Handover], &label_of, &editor),
            weak_spots => findings_view(a, &[Category::WeakSpot], &label_of, &editor),
            quality_findings => findings_view(a, &[Category::Quality], &label_of, &editor),
            quality => context! {
                score => a.quality.score,
                checks => a.quality.checks.iter().map(|c| context! { title => c.title, findings => c.findings, passed => c.passed }).collect::<Vec<_>>(),
            },
            by_subprocess => a.by_subprocess.iter().map(|p| part_view(p, subprocess_label(&p.key))).collect::<Vec<_>>(),
            by_unit => a.by_org_unit.iter().map(|p| part_view(p, names.unit(&p.key).unwrap_or_else(none))).collect::<Vec<_>>(),
            by_it => a.by_it_system.iter().map(|p| part_view(p, if p.key.is_empty() { none() } else { p.key.clone() })).collect::<Vec<_>>(),
            by_grade => a.by_pay_grade.iter().map(|p| part_view(p, names.grade(&p.key).unwrap_or_else(none))).collect::<Vec<_>>(),
            steps => a.steps.iter().map(|s| step_view(s, names, &editor)).collect::<Vec<_>>(),
        }
    });
    render(
        "analysis/process.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &tf("analysis.title", &[("name", &pa.process.name)]), "register"),
            name => pa.process.name.clone(),
            process => pa.process.id.to_string(),
            base => base,
            cases => profile.cases_per_year.map(|c| de(f64::from(c), 0)),
            ozg => profile.digitisation_level,
            params => params_view(&pa.settings),
            can_edit => ctx.role().can_edit(),
            can_administer => ctx.role().can_administer(),
            soll => which == Which::ToBe,
            has_to_be => has_to_be,
            a => body,
            bpmn_only => !pa.reasons.is_empty(),
            reasons => pa.reasons,
        },
    )
    .map(IntoResponse::into_response)
}

fn settings_page(
    viewer: &Viewer,
    ctx: &OrgCtx,
    form: &SettingsFields,
    errors: &FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let defaults = SettingsFields::of(&Settings {
        params: Default::default(),
        disabled: Default::default(),
        defaults: true,
    });
    let rules: Vec<Value> = RULES
        .iter()
        .filter(|r| r.switchable())
        .map(|r| {
            context! {
                key => r.key,
                title => r.title,
                why => r.why,
                remedy => r.remedy,
                on => form.rules.iter().any(|k| k == r.key),
            }
        })
        .collect();
    render(
        "analysis/settings.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("analysis.settings_title"), "analysis"),
            form => form,
            defaults => defaults,
            errors => errors,
            rules => rules,
            notice => notice,
        },
    )
    .map(IntoResponse::into_response)
}

pub async fn settings_form(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let s = uc::settings(&state.store, ctx.id()).await?;
    settings_page(
        &viewer,
        &ctx,
        &SettingsFields::of(&s),
        &FormErrors::default(),
        n.text(),
    )
}

pub async fn settings_save(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = SettingsFields::from_pairs(pairs);
    match uc::save_settings(&state.store, &ctx.actor(), ctx.id(), &form).await {
        Ok(_) => Ok(done(
            &format!("/o/{}/verwaltung/analyse", ctx.id()),
            "analysis_settings_saved",
        )),
        Err(ablauf_app::error::Error::Invalid(e)) => settings_page(&viewer, &ctx, &form, &e, None),
        Err(e) => Err(e.into()),
    }
}

fn saving(x: f64, decimals: usize) -> Value {
    context! { text => num(x.abs(), decimals), sign => if x > 0.0 { "saved" } else if x < 0.0 { "more" } else { "same" } }
}

fn opt_saving(x: Option<f64>, decimals: usize) -> Option<Value> {
    x.map(|x| saving(x, decimals))
}

/// As-is against to-be: figures side by side, the saving, and the steps
/// the to-be model removed, changed or added. Printable on one page.
pub async fn potential(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let pp = uc::potential(&state.store, ctx.id(), path_id(&process)?).await?;
    let base = format!("/o/{}/prozesse/{}", ctx.id(), pp.process.id);
    let p = &pp.potential;
    let (a, b, sv) = (&p.ist.figures, &p.soll.figures, &p.saving);
    let row = |label: &str, ist: Option<String>, soll: Option<String>, save: Option<Value>| {
        context! { label => label, ist => ist, soll => soll, saving => save }
    };
    let workplace = pp.settings.params.workplace_cost_eur_per_fte > 0.0;
    let mut rows = vec![
        row(
            &t("potential.r_minutes"),
            Some(format!("{} min", num(a.processing_minutes_per_case, 1))),
            Some(format!("{} min", num(b.processing_minutes_per_case, 1))),
            Some(saving(sv.processing_minutes_per_case, 1)),
        ),
        row(
            &t("potential.r_lead"),
            Some(format!("{} h", num(a.lead_time_hours, 1))),
            Some(format!("{} h", num(b.lead_time_hours, 1))),
            Some(saving(sv.lead_time_hours, 1)),
        ),
        row(
            &t("potential.r_annual"),
            opt(a.annual_hours, 0).map(|x| format!("{x} h")),
            opt(b.annual_hours, 0).map(|x| format!("{x} h")),
            opt_saving(sv.annual_hours, 0),
        ),
        row(
            &t("potential.r_fte"),
            opt(a.fte, 2),
            opt(b.fte, 2),
            opt_saving(sv.fte, 2),
        ),
        row(
            &t("potential.r_cost_case"),
            Some(format!("{} €", num(a.cost_per_case_eur, 2))),
            Some(format!("{} €", num(b.cost_per_case_eur, 2))),
            Some(saving(sv.cost_per_case_eur, 2)),
        ),
        row(
            &t("potential.r_cost_year"),
            opt(a.cost_per_year_eur, 0).map(|x| format!("{x} €")),
            opt(b.cost_per_year_eur, 0).map(|x| format!("{x} €")),
            opt_saving(sv.cost_per_year_eur, 0),
        ),
    ];
    if workplace {
        rows.push(row(
            &t("potential.r_workplace"),
            opt(a.workplace_cost_per_year_eur, 0).map(|x| format!("{x} €")),
            opt(b.workplace_cost_per_year_eur, 0).map(|x| format!("{x} €")),
            opt_saving(sv.workplace_cost_per_year_eur, 0),
        ));
    }
    rows.push(row(
        &t("potential.r_media"),
        Some(p.ist.media_breaks.to_string()),
        Some(p.soll.media_breaks.to_string()),
        Some(saving(sv.media_breaks as f64, 0)),
    ));
    rows.push(row(
        &t("potential.r_handovers"),
        Some(p.ist.handovers.to_string()),
        Some(p.soll.handovers.to_string()),
        Some(saving(sv.handovers as f64, 0)),
    ));
    rows.push(row(
        &t("potential.r_steps"),
        Some(a.steps.to_string()),
        Some(b.steps.to_string()),
        Some(saving(a.steps as f64 - b.steps as f64, 0)),
    ));
    let changes = |v: &[ablauf_analysis::potential::StepChange], editor: &str| -> Vec<Value> {
        v.iter()
            .map(|c| context! {
                label => if c.label.trim().is_empty() { t("analysis.unnamed") } else { c.label.clone() },
                link => format!("{base}/{editor}?ansicht=lesen#{}", c.step_id),
            })
            .collect()
    };
    let profile = pp.version.profile();
    render(
        "analysis/potential.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &tf("potential.title", &[("name", &pp.process.name)]), "register"),
            name => pp.process.name.clone(),
            base => base.clone(),
            cases => profile.cases_per_year.map(|c| de(f64::from(c), 0)),
            params => params_view(&pp.settings),
            rows => rows,
            headline => context! {
                hours => opt(sv.annual_hours, 0),
                eur => opt(sv.cost_per_year_eur, 0),
                fte => opt(sv.fte, 2),
                saves => sv.cost_per_year_eur.is_some_and(|x| x > 0.0),
            },
            removed => changes(&p.removed, "modell"),
            changed => changes(&p.changed, "soll-modell"),
            added => changes(&p.added, "soll-modell"),
            gaps => !pp.ist.gaps.is_empty() || !pp.soll.gaps.is_empty(),
        },
    )
    .map(IntoResponse::into_response)
}
