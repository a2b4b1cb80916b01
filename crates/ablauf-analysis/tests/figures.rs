//! Figures on small models, computed by hand, and properties on generated
//! models.

use ablauf_analysis::{Analysis, Context, Params, analyse, compare};
use ablauf_model::BlockModel;
use proptest::prelude::*;
use serde_json::{Value, json};

fn model(v: Value) -> BlockModel {
    serde_json::from_value(v).expect("model")
}

fn step(id: &str, minutes: f64) -> Value {
    json!({"kind": "step", "id": id, "label": format!("Antrag {id} prüfen"), "block": "formell-pruefen",
           "processingMinutes": minutes, "payGrade": "e9", "orgUnit": "u1"})
}

fn ctx(cases: Option<u32>) -> Context {
    Context {
        cases_per_year: cases,
        ozg_level: None,
        rates: [("e9".to_owned(), 60.0), ("e6".to_owned(), 48.0)].into(),
        params: Params::default(),
    }
}

fn run(m: &BlockModel, c: &Context) -> Analysis {
    analyse(m, c, &|_| true)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * (1.0 + a.abs().max(b.abs()))
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {
        assert!(close($a, $b), "{} = {} ≠ {}", stringify!($a), $a, $b)
    };
}

#[test]
fn a_sequence() {
    let mut b = step("b", 20.0);
    b["waitingMinutes"] = json!(60.0);
    let m = model(json!({"subprocesses": [{"id": "sp", "items": [step("a", 10.0), b]}]}));
    let a = run(&m, &ctx(Some(1000)));
    let f = &a.totals.figures;
    assert_close!(f.processing_minutes_per_case, 30.0);
    assert_close!(f.waiting_minutes_per_case, 60.0);
    assert_close!(f.lead_time_hours, 1.5);
    assert_close!(f.lead_time_days, 1.5 / 7.8);
    assert_close!(f.waiting_share, 60.0 / 90.0);
    assert_close!(f.annual_hours.unwrap(), 500.0);
    // 500 h × 1.10 ÷ 1,600 h
    assert_close!(f.fte.unwrap(), 0.34375);
    assert_close!(f.cost_per_case_eur, 30.0);
    assert_close!(f.cost_per_year_eur.unwrap(), 30_000.0);
    assert_close!(f.workplace_cost_per_year_eur.unwrap(), 0.0);
    assert_close!(a.totals.fastest_path_minutes, 30.0);
    assert_close!(a.totals.slowest_path_minutes, 30.0);
    assert_eq!((f.steps, f.it_steps, a.totals.handovers), (2, 0, 0));
    assert!(a.gaps.is_empty(), "{:?}", a.gaps);
    assert!(
        a.findings
            .iter()
            .all(|f| f.category != ablauf_analysis::Category::Plausibility)
    );
}

#[test]
fn a_variant_seventy_thirty() {
    let m = model(json!({"subprocesses": [{"id": "sp", "items": [
        step("a", 10.0),
        {"kind": "variant", "id": "v", "label": "Vollständig?", "branches": [
            {"id": "b1", "share": 0.7, "items": [step("b", 20.0)]},
            {"id": "b2", "share": 0.3, "items": [step("c", 40.0)]}]}]}]}));
    let a = run(&m, &ctx(Some(100)));
    let f = &a.totals.figures;
    // 10 + 0.7 × 20 + 0.3 × 40
    assert_close!(f.processing_minutes_per_case, 36.0);
    assert_close!(a.totals.fastest_path_minutes, 30.0);
    assert_close!(a.totals.slowest_path_minutes, 50.0);
    assert_close!(f.lead_time_hours, 36.0 / 60.0);
    assert_close!(f.annual_hours.unwrap(), 60.0);
    let c = a.steps.iter().find(|s| s.step_id == "c").unwrap();
    assert_close!(c.weight, 0.3);
    assert_close!(c.processing_minutes_per_case, 12.0);
    assert_close!(c.cost_per_case_eur, 12.0);
}

#[test]
fn a_parallel_part_counts_every_branch_for_effort_and_the_longest_for_lead_time() {
    let mut b = step("b", 20.0);
    b["waitingMinutes"] = json!(30.0);
    let m = model(json!({"subprocesses": [{"id": "sp", "items": [
        step("a", 10.0),
        {"kind": "parallel", "id": "p", "branches": [
            {"id": "p1", "items": [b]},
            {"id": "p2", "items": [step("c", 40.0)]}]}]}]}));
    let a = run(&m, &ctx(Some(60)));
    let f = &a.totals.figures;
    assert_close!(f.processing_minutes_per_case, 70.0);
    // 10 + max(30 + 20, 40)
    assert_close!(f.lead_time_hours, 1.0);
    assert_close!(f.waiting_minutes_per_case, 30.0);
    assert_close!(a.totals.fastest_path_minutes, 70.0);
    assert_close!(a.totals.slowest_path_minutes, 70.0);
    assert_close!(f.annual_hours.unwrap(), 70.0);
}

#[test]
fn step_shares_and_the_range_from_minimum_and_maximum_times() {
    let mut b = step("b", 20.0);
    b["share"] = json!(0.5);
    b["processingMinutesMin"] = json!(10.0);
    b["processingMinutesMax"] = json!(60.0);
    b["payGrade"] = json!("e6");
    let m = model(json!({"subprocesses": [{"id": "sp", "items": [step("a", 10.0), b]}]}));
    let a = run(&m, &ctx(Some(1)));
    let f = &a.totals.figures;
    assert_close!(f.processing_minutes_per_case, 20.0);
    assert_close!(f.processing_minutes_min_per_case, 15.0);
    assert_close!(f.processing_minutes_max_per_case, 40.0);
    assert_close!(a.totals.fastest_path_minutes, 10.0);
    assert_close!(a.totals.slowest_path_minutes, 30.0);
    // a: 10 min at 60 €/h, b: 0.5 × 20 min at 48 €/h
    assert_close!(f.cost_per_case_eur, 10.0 + 8.0);
    let by_grade: Vec<(&str, f64)> = a
        .by_pay_grade
        .iter()
        .map(|p| (p.key.as_str(), p.figures.cost_per_case_eur))
        .collect();
    // equal minutes per case (10): ordered by key
    assert_eq!(by_grade, [("e6", 8.0), ("e9", 10.0)]);
}

#[test]
fn missing_values_are_counted_and_said() {
    let m = model(json!({"subprocesses": [{"id": "sp", "items": [
        {"kind": "step", "id": "a", "label": "Antrag prüfen", "block": "formell-pruefen"},
        {"kind": "step", "id": "b", "label": "Bescheid erstellen", "block": "erstellen", "processingMinutes": 30.0, "payGrade": "weg"},
        {"kind": "variant", "id": "v", "branches": [
            {"id": "b1", "share": 0.5, "items": [step("c", 10.0)]},
            {"id": "b2", "share": 0.3, "items": [step("d", 10.0)]}]}]}]}));
    let a = run(&m, &ctx(None));
    let f = &a.totals.figures;
    assert_eq!(f.annual_hours, None);
    assert_eq!(f.fte, None);
    assert_eq!(f.cost_per_year_eur, None);
    assert_eq!(a.gaps.steps_without_time, 1);
    assert_eq!(a.gaps.steps_without_pay_grade, 1);
    assert_eq!(a.gaps.steps_without_org_unit, 2);
    assert_close!(a.gaps.minutes_without_rate, 30.0);
    assert!(a.gaps.cases_per_year_missing);
    let rules: Vec<(&str, Vec<String>)> = a
        .findings
        .iter()
        .filter(|f| f.category == ablauf_analysis::Category::Plausibility)
        .map(|f| (f.rule, f.step_ids.clone()))
        .collect();
    assert!(rules.contains(&("missing-cases-per-year", vec![])));
    assert!(rules.contains(&("missing-processing-time", vec!["a".to_owned()])));
    assert!(rules.contains(&("missing-pay-grade", vec!["a".to_owned()])));
    assert!(rules.contains(&("unknown-pay-grade", vec!["b".to_owned()])));
    assert!(rules.contains(&("missing-org-unit", vec!["a".to_owned()])));
    assert!(rules.contains(&("branch-shares", vec!["c".to_owned(), "d".to_owned()])));
    let shares = a
        .findings
        .iter()
        .find(|f| f.rule == "branch-shares")
        .unwrap();
    assert!(
        shares.message.contains("80 % statt 100 %"),
        "{}",
        shares.message
    );
    assert_eq!(
        a.findings
            .iter()
            .find(|f| f.rule == "missing-cases-per-year")
            .unwrap()
            .severity,
        ablauf_analysis::Severity::Error
    );
}

#[test]
fn parameters_change_fte_and_workplace_cost() {
    let m = model(json!({"subprocesses": [{"id": "sp", "items": [step("a", 60.0)]}]}));
    let mut c = ctx(Some(1600));
    c.params = Params {
        net_hours_per_fte: 1600.0,
        distribution_surcharge_pct: 0.0,
        hours_per_day: 8.0,
        workplace_cost_eur_per_fte: 10_000.0,
    };
    let a = run(&m, &c);
    assert_close!(a.totals.figures.fte.unwrap(), 1.0);
    assert_close!(
        a.totals.figures.workplace_cost_per_year_eur.unwrap(),
        10_000.0
    );
    assert_close!(a.totals.figures.lead_time_days, 1.0 / 8.0);
    assert_eq!(a.params, c.params);
}

// ---- properties on generated models ----

fn arb_step() -> impl Strategy<Value = Value> {
    (
        0u32..1000,
        prop::option::of(0.0f64..240.0),
        prop::option::of(0.0f64..2000.0),
        prop::option::of(0.1f64..1.0),
        prop::sample::select(vec!["e9", "e6", "x"]),
        prop::sample::select(vec!["u1", "u2", "u3"]),
    )
        .prop_map(|(n, t, w, share, grade, unit)| {
            let mut s = json!({"kind": "step", "id": format!("s{n}"), "label": "Antrag prüfen",
                               "block": "formell-pruefen", "payGrade": grade, "orgUnit": unit});
            if let Some(t) = t {
                s["processingMinutes"] = json!(t);
            }
            if let Some(w) = w {
                s["waitingMinutes"] = json!(w);
            }
            if let Some(x) = share {
                s["share"] = json!(x);
            }
            s
        })
}

fn arb_items() -> impl Strategy<Value = Vec<Value>> {
    let leaf = prop::collection::vec(arb_step(), 0..4);
    leaf.prop_recursive(3, 40, 4, |inner| {
        prop::collection::vec(
            prop_oneof![
                arb_step(),
                (prop::collection::vec(inner.clone(), 1..4), any::<bool>()).prop_map(|(branches, parallel)| {
                    let n = branches.len() as f64;
                    let bs: Vec<Value> = branches
                        .into_iter()
                        .map(|items| {
                            let mut b = json!({"id": "", "items": items});
                            if !parallel {
                                b["share"] = json!(1.0 / n);
                            }
                            b
                        })
                        .collect();
                    json!({"kind": if parallel { "parallel" } else { "variant" }, "id": "", "branches": bs})
                }),
            ],
            0..5,
        )
    })
}

/// A generated model with unique ids.
fn arb_model() -> impl Strategy<Value = BlockModel> {
    prop::collection::vec(arb_items(), 1..4).prop_map(|sps| {
        let mut n = 0;
        fn renumber(v: &mut Value, n: &mut usize) {
            if let Some(o) = v.as_object_mut()
                && o.contains_key("id")
            {
                *n += 1;
                o.insert("id".into(), json!(format!("i{n}")));
            }
            match v {
                Value::Array(a) => a.iter_mut().for_each(|x| renumber(x, n)),
                Value::Object(o) => o.values_mut().for_each(|x| renumber(x, n)),
                _ => {}
            }
        }
        let mut v = json!({"subprocesses": sps.into_iter().map(|items| json!({"id": "", "items": items})).collect::<Vec<_>>()});
        renumber(&mut v, &mut n);
        model(v)
    })
}

proptest! {
    #[test]
    fn annual_figures_scale_linearly_with_cases(m in arb_model(), cases in 1u32..100_000) {
        let one = run(&m, &ctx(Some(1)));
        let many = run(&m, &ctx(Some(cases)));
        let (a, b) = (&one.totals.figures, &many.totals.figures);
        let k = f64::from(cases);
        prop_assert!(close(b.annual_hours.unwrap(), a.annual_hours.unwrap() * k));
        prop_assert!(close(b.fte.unwrap(), a.fte.unwrap() * k));
        prop_assert!(close(b.cost_per_year_eur.unwrap(), a.cost_per_year_eur.unwrap() * k));
        prop_assert!(close(a.processing_minutes_per_case, b.processing_minutes_per_case));
    }

    #[test]
    fn fte_is_annual_hours_with_the_surcharge_over_net_hours(m in arb_model(), cases in 1u32..100_000, pct in 0.0f64..30.0, net in 1000.0f64..2000.0) {
        let mut c = ctx(Some(cases));
        c.params.distribution_surcharge_pct = pct;
        c.params.net_hours_per_fte = net;
        let f = run(&m, &c).computed.totals.figures;
        prop_assert!(close(f.fte.unwrap(), f.annual_hours.unwrap() * (1.0 + pct / 100.0) / net));
    }

    #[test]
    fn adding_a_step_never_lowers_the_workload(m in arb_model(), sp in 0usize..4, t in 0.0f64..100.0) {
        let before = run(&m, &ctx(Some(500))).computed.totals.figures;
        let mut more = m.clone();
        let sp = sp % more.subprocesses.len();
        let s: ablauf_model::Item = serde_json::from_value(json!({"kind": "step", "id": "extra", "processingMinutes": t, "payGrade": "e9"})).unwrap();
        more.subprocesses[sp].items.push(s);
        let after = run(&more, &ctx(Some(500))).computed.totals.figures;
        prop_assert!(after.annual_hours.unwrap() >= before.annual_hours.unwrap() - 1e-9);
        prop_assert!(after.cost_per_year_eur.unwrap() >= before.cost_per_year_eur.unwrap() - 1e-9);
        prop_assert!(after.lead_time_hours >= before.lead_time_hours - 1e-9);
    }

    #[test]
    fn a_soll_equal_to_its_ist_saves_nothing(m in arb_model()) {
        let c = ctx(Some(1234));
        let a = run(&m, &c);
        let p = compare(&m, &a, &m, &a);
        prop_assert_eq!(p.saving, ablauf_analysis::potential::Saving {
            annual_hours: Some(0.0), fte: Some(0.0), cost_per_year_eur: Some(0.0),
            workplace_cost_per_year_eur: Some(0.0), ..Default::default()
        });
        prop_assert!(p.removed.is_empty() && p.changed.is_empty() && p.added.is_empty());
    }

    #[test]
    fn parts_add_up_to_the_totals(m in arb_model()) {
        let a = run(&m, &ctx(Some(700)));
        let t = &a.totals.figures;
        for parts in [&a.by_org_unit, &a.by_pay_grade, &a.by_it_system, &a.by_subprocess] {
            let sum: f64 = parts.iter().map(|p| p.figures.annual_hours.unwrap()).sum();
            prop_assert!(close(sum, t.annual_hours.unwrap()));
            let cost: f64 = parts.iter().map(|p| p.figures.cost_per_case_eur).sum();
            prop_assert!(close(cost, t.cost_per_case_eur));
            prop_assert_eq!(parts.iter().map(|p| p.figures.steps).sum::<usize>(), t.steps);
        }
        prop_assert!(a.totals.fastest_path_minutes <= a.totals.slowest_path_minutes + 1e-9);
        prop_assert!(t.processing_minutes_min_per_case <= t.processing_minutes_max_per_case + 1e-9 || t.processing_minutes_max_per_case == 0.0);
    }
}

#[test]
fn waiting_days_count_as_working_days() {
    use ablauf_analysis::figures::working_wait;
    let day = 7.8 * 60.0;
    assert_eq!(working_wait(60.0, day), 60.0);
    assert_eq!(working_wait(600.0, day), day);
    assert_eq!(working_wait(1440.0, day), day);
    assert!((working_wait(14.0 * 1440.0, day) - 14.0 * day).abs() < 1e-9);
    let mut b = step("b", 0.0);
    b["waitingMinutes"] = json!(2.0 * 1440.0);
    let m = model(json!({"subprocesses": [{"id": "sp", "items": [b]}]}));
    let f = run(&m, &ctx(Some(1))).computed.totals.figures;
    assert_close!(f.lead_time_days, 2.0);
    assert_close!(f.lead_time_hours, 15.6);
    assert_close!(f.waiting_minutes_per_case, 2880.0);
}

proptest! {
    #[test]
    fn the_landscape_adds_up_to_the_processes(models in prop::collection::vec((arb_model(), prop::option::of(1u32..5000), any::<bool>()), 1..6)) {
        use ablauf_analysis::landscape::{Entry, Summary, landscape};
        let mut entries = Vec::new();
        let mut hours = 0.0;
        let mut cost = 0.0;
        for (i, (m, cases, with_soll)) in models.iter().enumerate() {
            let c = ctx(*cases);
            let a = run(m, &c);
            let soll = with_soll.then(|| a.clone());
            hours += a.totals.figures.annual_hours.unwrap_or(0.0);
            cost += a.totals.figures.cost_per_year_eur.unwrap_or(0.0);
            entries.push(Entry {
                key: i,
                name: format!("P{i}"),
                service: None,
                cases_per_year: *cases,
                summary: Summary::of(&a, soll.as_ref()),
            });
        }
        let c = ctx(None);
        let l = landscape(&entries, &c.rates, &c.params);
        prop_assert!(close(l.annual_hours, hours));
        prop_assert!(close(l.cost_per_year_eur, cost));
        for lines in [&l.by_org_unit, &l.by_pay_grade, &l.by_it_system, &l.by_service] {
            prop_assert!(close(lines.iter().map(|x| x.annual_hours).sum(), hours));
            prop_assert!(close(lines.iter().map(|x| x.cost_per_year_eur).sum(), cost));
        }
        prop_assert!(close(l.by_workload.iter().map(|r| r.annual_hours).sum(), hours));
        // A Soll equal to its Ist saves nothing.
        prop_assert!(l.potential_hours.abs() < 1e-6 && l.potential_eur.abs() < 1e-6);
        prop_assert!(l.by_workload.windows(2).all(|w| w[0].annual_hours >= w[1].annual_hours));
    }
}
