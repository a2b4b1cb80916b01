//! Timing of the BPMN bridge and the SVG renderer on a generated model of
//! 200 steps (release: `cargo run --release -p ablauf-model --example model_bench`).
//! Prints figures only; `--write DIR` also writes the BPMN and SVG.

use ablauf_model::{BlockModel, Catalogue, Op, from_bpmn, render_svg, to_bpmn};
use std::time::Instant;

fn model(steps: usize) -> BlockModel {
    let mut m = BlockModel::new();
    let blocks: Vec<String> = Catalogue::default()
        .blocks()
        .map(|b| b.key.clone())
        .collect();
    let mut n = 0;
    let mut sp_no = 0;
    while n < steps {
        sp_no += 1;
        let after = m.subprocesses.last().map(|s| s.id.clone());
        let sp = m
            .apply(&Op::AddSubprocess {
                after,
                name: format!("Abschnitt {sp_no}"),
                org_unit: Some(format!("Amt {}", sp_no % 4 + 1)),
            })
            .expect("add subprocess")
            .focus
            .expect("focus");
        let mut last: Option<String> = None;
        for k in 0..10 {
            if n >= steps {
                break;
            }
            if k == 4 {
                let v = m
                    .apply(&Op::AddVariant {
                        container: sp.clone(),
                        after: last.clone(),
                        label: "Unterlagen vollständig?".into(),
                    })
                    .expect("variant")
                    .focus
                    .expect("focus");
                let branch = match m.find_item(&v) {
                    Some(ablauf_model::Item::Variant(b)) => b.branches[0].id.clone(),
                    _ => unreachable!(),
                };
                m.apply(&Op::InsertStep {
                    container: branch,
                    after: None,
                    block: "rueckfrage".into(),
                    label: "Fehlende Unterlagen nachfordern".into(),
                })
                .expect("step in branch");
                n += 1;
                last = Some(v);
                continue;
            }
            let id = m
                .apply(&Op::InsertStep {
                    container: sp.clone(),
                    after: last.clone(),
                    block: blocks[n % blocks.len()].clone(),
                    label: format!("Schritt {} mit einer etwas längeren Bezeichnung", n + 1),
                })
                .expect("step")
                .focus;
            n += 1;
            last = id;
        }
    }
    m
}

fn main() {
    let write_dir = std::env::args().skip_while(|a| a != "--write").nth(1);
    let m = model(200);
    let cat = Catalogue::default();
    let names = |u: &str| Some(format!("Fachbereich {u}"));
    let rounds = 20;
    let t = Instant::now();
    let mut defs = to_bpmn(&m, "Gewerbeanmeldung", &names);
    for _ in 1..rounds {
        defs = to_bpmn(&m, "Gewerbeanmeldung", &names);
    }
    let to = t.elapsed() / rounds;
    let t = Instant::now();
    let mut svg = render_svg(&defs, &cat, "Gewerbeanmeldung");
    for _ in 1..rounds {
        svg = render_svg(&defs, &cat, "Gewerbeanmeldung");
    }
    let render = t.elapsed() / rounds;
    // The share of the generic layout in `to_bpmn` (it replaces the diagram).
    let mut relaid = defs.clone();
    let t = Instant::now();
    ablauf_bpmn::layout(&mut relaid);
    let layout = t.elapsed();
    let bytes = ablauf_bpmn::write(&defs);
    let t = Instant::now();
    let back = ablauf_bpmn::read(&bytes, &Default::default()).expect("read");
    let again = from_bpmn(&back).expect("from_bpmn");
    let from = t.elapsed();
    assert_eq!(again, m);
    println!(
        "{{\"steps\": {}, \"to_bpmn_ms\": {:.2}, \"of_which_layout_ms\": {:.2}, \"render_svg_ms\": {:.2}, \"read_from_bpmn_ms\": {:.2}, \"svg_bytes\": {}, \"bpmn_bytes\": {}}}",
        m.steps().len(),
        to.as_secs_f64() * 1e3,
        layout.as_secs_f64() * 1e3,
        render.as_secs_f64() * 1e3,
        from.as_secs_f64() * 1e3,
        svg.len(),
        bytes.len()
    );
    if let Some(dir) = write_dir {
        let dir = std::path::Path::new(&dir);
        std::fs::write(dir.join("bench.bpmn"), &bytes).expect("write bpmn");
        std::fs::write(dir.join("bench.svg"), &svg).expect("write svg");
    }
}
