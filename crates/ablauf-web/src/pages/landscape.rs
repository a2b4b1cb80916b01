//! The organisation's process landscape: totals and rankings over all
//! processes (staffing per org unit, workload and cost per IT system, pay
//! grade and service, the largest, most broken and most promising
//! processes), each table with a bar chart and an Excel download.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};

use crate::AppState;
use crate::auth::{OrgCtx, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::analysis::params_view;
use crate::pages::layout;
use crate::templates::render;
use ablauf_analysis::landscape::{Line, Ranked};
use ablauf_app::analysis::{self as uc, LandscapeView};
use ablauf_app::i18n::{t, tf};
use ablauf_app::sheet::{Cell, write_xlsx};
use ablauf_domain::{ProcessId, format_decimal_de as de};

/// Lines shown on the page per ranking; the download has all of them.
const SHOWN: usize = 20;

/// The tables of the landscape, by the code in their download's path.
const TABLES: [&str; 7] = [
    "einheiten",
    "it-systeme",
    "entgeltgruppen",
    "leistungen",
    "aufwand",
    "medienbrueche",
    "potenzial",
];

fn label_of(view: &LandscapeView, table: &str, key: &str) -> String {
    let none = || t("analysis.none_given");
    if key.is_empty() {
        return none();
    }
    match table {
        "einheiten" => view
            .names
            .unit(key)
            .unwrap_or_else(|| t("landscape.unknown_unit")),
        "entgeltgruppen" => view
            .names
            .grade(key)
            .unwrap_or_else(|| t("landscape.unknown_grade")),
        "leistungen" => view
            .services
            .get(key)
            .filter(|n| !n.is_empty())
            .map(|n| format!("{n} ({key})"))
            .unwrap_or_else(|| key.to_owned()),
        _ => key.to_owned(),
    }
}

fn lines<'a>(view: &'a LandscapeView, table: &str) -> &'a [Line] {
    let l = &view.landscape;
    match table {
        "einheiten" => &l.by_org_unit,
        "it-systeme" => &l.by_it_system,
        "entgeltgruppen" => &l.by_pay_grade,
        _ => &l.by_service,
    }
}

fn ranked<'a>(view: &'a LandscapeView, table: &str) -> &'a [Ranked<ProcessId>] {
    let l = &view.landscape;
    match table {
        "medienbrueche" => &l.by_media_breaks,
        "potenzial" => &l.by_potential,
        _ => &l.by_workload,
    }
}

/// A horizontal bar chart as SVG (attributes only: the CSP allows no
/// inline styles), described by its title; the table beside it has the
/// numbers.
fn bar_chart(id: &str, title: &str, bars: &[(String, f64, String)]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let max = bars.iter().map(|b| b.1).fold(0.0, f64::max);
    let row = 28.0;
    let height = row * bars.len() as f64 + 8.0;
    let mut s = format!(
        r#"<svg class="chart" role="img" aria-labelledby="{id}-t" viewBox="0 0 640 {height}" width="640" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title>"#,
        esc(title)
    );
    for (i, (label, value, text)) in bars.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let w = if max > 0.0 {
            (value / max * 330.0).max(1.0)
        } else {
            1.0
        };
        let short: String = if label.chars().count() > 32 {
            label.chars().take(31).collect::<String>() + "…"
        } else {
            label.clone()
        };
        s += &format!(
            r##"<text x="0" y="{ty}" font-size="13" fill="#1b1f24">{}</text><rect x="230" y="{y}" width="{w:.1}" height="20" fill="#0b4f8a"/><text x="{tx:.1}" y="{ty}" font-size="13" fill="#1b1f24">{}</text>"##,
            esc(&short),
            esc(text),
            ty = y + 15.0,
            tx = 236.0 + w,
        );
    }
    s + "</svg>"
}

fn line_view(view: &LandscapeView, table: &str, l: &Line) -> Value {
    let positions = (table == "einheiten")
        .then(|| view.positions.get(&l.key))
        .flatten();
    context! {
        positions => positions.map(|p| de(*p, 2)), positions_v => positions,
        gap => positions.map(|p| de(p - l.fte, 2)), gap_v => positions.map(|p| p - l.fte),
        label => label_of(view, table, &l.key),
        hours => de(l.annual_hours, 0), hours_v => l.annual_hours,
        fte => de(l.fte, 2), fte_v => l.fte,
        cost => de(l.cost_per_year_eur, 0), cost_v => l.cost_per_year_eur,
        processes => l.processes,
        steps => l.steps,
    }
}

fn ranked_view(org: &OrgCtx, r: &Ranked<ProcessId>) -> Value {
    let opt = |x: Option<f64>, d| x.map(|x| de(x, d));
    context! {
        name => r.name.clone(),
        link => format!("/o/{}/prozesse/{}/analyse", org.id(), r.key),
        potential_link => format!("/o/{}/prozesse/{}/potenzial", org.id(), r.key),
        hours => de(r.annual_hours, 0), hours_v => r.annual_hours,
        fte => de(r.fte, 2), fte_v => r.fte,
        cost => de(r.cost_per_year_eur, 0), cost_v => r.cost_per_year_eur,
        media => r.media_breaks,
        saving_hours => opt(r.saving_hours, 0), saving_hours_v => r.saving_hours,
        saving_fte => opt(r.saving_fte, 2), saving_fte_v => r.saving_fte,
        saving_eur => opt(r.saving_eur, 0), saving_eur_v => r.saving_eur,
    }
}

fn table_view(view: &LandscapeView, org: &OrgCtx, code: &str) -> Value {
    let all = lines(view, code);
    let shown = &all[..all.len().min(if code == "leistungen" {
        SHOWN
    } else {
        all.len()
    })];
    let chart_bars: Vec<(String, f64, String)> = all
        .iter()
        .take(10)
        .map(|l| {
            (
                label_of(view, code, &l.key),
                l.fte,
                format!("{} VZÄ", de(l.fte, 2)),
            )
        })
        .collect();
    let title = t(&format!("landscape.t_{}", code.replace('-', "_")));
    context! {
        code => code,
        with_positions => code == "einheiten" && !view.positions.is_empty(),
        title => title.clone(),
        head => t(&format!("landscape.h_{}", code.replace('-', "_"))),
        rows => shown.iter().map(|l| line_view(view, code, l)).collect::<Vec<_>>(),
        more => all.len().saturating_sub(shown.len()),
        chart => (!chart_bars.is_empty()).then(|| bar_chart(&format!("chart-{code}"), &tf("landscape.chart_fte", &[("table", &title)]), &chart_bars)),
        download => format!("/o/{}/analysen/export/{code}.xlsx", org.id()),
    }
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
) -> AppResult<Response> {
    let view = uc::landscape(&state.store, &state.landscape, ctx.id()).await?;
    let l = &view.landscape;
    let top = |code: &str| -> Vec<Value> {
        ranked(&view, code)
            .iter()
            .take(SHOWN)
            .map(|r| ranked_view(&ctx, r))
            .collect()
    };
    render(
        "analysis/landscape.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("landscape.title"), "analysis"),
            params => params_view(&view.settings),
            totals => context! {
                processes => l.processes,
                without_cases => l.processes_without_cases,
                hours => de(l.annual_hours, 0),
                fte => de(l.fte, 1),
                cost => de(l.cost_per_year_eur, 0),
                media => l.media_breaks,
                potential => (!l.by_potential.is_empty()).then(|| context! {
                    processes => l.by_potential.len(),
                    hours => de(l.potential_hours, 0),
                    fte => de(l.potential_fte, 2),
                    eur => de(l.potential_eur, 0),
                }),
            },
            tables => ["einheiten", "it-systeme", "entgeltgruppen", "leistungen"].iter().map(|c| table_view(&view, &ctx, c)).collect::<Vec<_>>(),
            workload => top("aufwand"),
            workload_more => l.by_workload.len().saturating_sub(SHOWN),
            media => top("medienbrueche"),
            media_more => l.by_media_breaks.len().saturating_sub(SHOWN),
            potential => top("potenzial"),
            potential_more => l.by_potential.len().saturating_sub(SHOWN),
            org_base => format!("/o/{}/analysen", ctx.id()),
        },
    )
    .map(IntoResponse::into_response)
}

/// One table of the landscape as an Excel workbook, every line of it.
pub async fn export(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let code = file.strip_suffix(".xlsx").ok_or(AppError::NotFound)?;
    if !TABLES.contains(&code) {
        return Err(AppError::NotFound);
    }
    let view = uc::landscape(&state.store, &state.landscape, ctx.id()).await?;
    let n = |x: f64| Cell::Number((x * 100.0).round() / 100.0);
    let (headers, rows): (Vec<String>, Vec<Vec<Cell>>) = match code {
        "aufwand" | "medienbrueche" | "potenzial" => (
            [
                "x_process",
                "x_hours",
                "x_fte",
                "x_cost",
                "x_media",
                "x_saving_hours",
                "x_saving_fte",
                "x_saving_eur",
            ]
            .iter()
            .map(|k| t(&format!("landscape.{k}")))
            .collect(),
            ranked(&view, code)
                .iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.name.clone()),
                        n(r.annual_hours),
                        n(r.fte),
                        n(r.cost_per_year_eur),
                        Cell::Number(r.media_breaks as f64),
                        r.saving_hours.map_or(Cell::Text(String::new()), n),
                        r.saving_fte.map_or(Cell::Text(String::new()), n),
                        r.saving_eur.map_or(Cell::Text(String::new()), n),
                    ]
                })
                .collect(),
        ),
        _ => {
            let mut heads = vec![
                format!("h_{}", code.replace('-', "_")),
                "x_hours".into(),
                "x_fte".into(),
            ];
            if code == "einheiten" {
                heads.extend(["x_positions".into(), "x_gap".into()]);
            }
            heads.extend(["x_cost".into(), "x_processes".into(), "x_steps".into()]);
            (
                heads.iter().map(|k| t(&format!("landscape.{k}"))).collect(),
                lines(&view, code)
                    .iter()
                    .map(|l| {
                        let mut row = vec![
                            Cell::Text(label_of(&view, code, &l.key)),
                            n(l.annual_hours),
                            n(l.fte),
                        ];
                        if code == "einheiten" {
                            let p = view.positions.get(&l.key).copied();
                            row.push(p.map_or(Cell::Text(String::new()), n));
                            row.push(p.map_or(Cell::Text(String::new()), |p| n(p - l.fte)));
                        }
                        row.extend([
                            n(l.cost_per_year_eur),
                            Cell::Number(l.processes as f64),
                            Cell::Number(l.steps as f64),
                        ]);
                        row
                    })
                    .collect(),
            )
        }
    };
    let sheet: String = t(&format!("landscape.t_{}", code.replace('-', "_")))
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let bytes = write_xlsx(&sheet, &headers, &rows)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"prozesslandschaft-{code}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
