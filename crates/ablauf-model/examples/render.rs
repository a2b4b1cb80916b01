//! Render a BPMN file to SVG (`cargo run -p ablauf-model --example render -- IN.bpmn OUT.svg`),
//! or, without arguments, print the SVG of a small demo model.

use ablauf_model::{BlockModel, Catalogue, Op, model_to_svg, render_svg};

fn ok(m: &mut BlockModel, op: Op) -> String {
    m.apply(&op)
        .expect("demo operation")
        .focus
        .unwrap_or_default()
}

fn step(
    m: &mut BlockModel,
    container: &str,
    after: Option<String>,
    block: &str,
    label: &str,
) -> String {
    ok(
        m,
        Op::InsertStep {
            container: container.into(),
            after,
            block: block.into(),
            label: label.into(),
        },
    )
}

fn demo() -> BlockModel {
    let mut m = BlockModel::new();
    let sp1 = ok(
        &mut m,
        Op::AddSubprocess {
            after: None,
            name: "Antragseingang".into(),
            org_unit: Some("buergerbuero".into()),
        },
    );
    let s1 = step(&mut m, &sp1, None, "eingang", "Antrag entgegennehmen");
    let s2 = step(
        &mut m,
        &sp1,
        Some(s1),
        "formell-pruefen",
        "Antrag auf Vollständigkeit prüfen",
    );
    let v = ok(
        &mut m,
        Op::AddVariant {
            container: sp1.clone(),
            after: Some(s2),
            label: "Vollständig?".into(),
        },
    );
    step(
        &mut m,
        &sp1,
        Some(v.clone()),
        "weiterleiten",
        "An Fachamt weiterleiten",
    );
    let sp2 = ok(
        &mut m,
        Op::AddSubprocess {
            after: Some(sp1),
            name: "Prüfung".into(),
            org_unit: Some("bauamt".into()),
        },
    );
    let p = ok(
        &mut m,
        Op::AddParallel {
            container: sp2.clone(),
            after: None,
            label: "Beteiligung".into(),
        },
    );
    step(
        &mut m,
        &sp2,
        Some(p),
        "entscheiden",
        "Über den Antrag entscheiden",
    );
    step(&mut m, &sp2, None, "recherchieren", "Grundbuch einsehen");
    let (no, yes) = m
        .find_item(&v)
        .and_then(|i| i.as_branching())
        .map(|b| (b.branches[0].id.clone(), b.branches[1].id.clone()))
        .expect("variant");
    for (id, label, share) in [(&no, "nein", 0.3), (&yes, "ja", 0.7)] {
        ok(
            &mut m,
            Op::SetBranch {
                id: id.clone(),
                label: label.into(),
                share: Some(share),
            },
        );
    }
    step(
        &mut m,
        &no,
        None,
        "rueckfrage",
        "Fehlende Unterlagen nachfordern",
    );
    m
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cat = Catalogue::default();
    if let [input, output] = args.as_slice() {
        let bytes = std::fs::read(input).expect("read input");
        let defs = ablauf_bpmn::read(&bytes, &Default::default()).expect("BPMN");
        std::fs::write(output, render_svg(&defs, &cat, input)).expect("write output");
    } else {
        let names = |u: &str| match u {
            "buergerbuero" => Some("Bürgerbüro".to_owned()),
            "bauamt" => Some("Bauamt".to_owned()),
            _ => None,
        };
        println!("{}", model_to_svg(&demo(), "Baugenehmigung", &names, &cat));
    }
}
