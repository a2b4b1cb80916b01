//! The SVG rendering: standalone, accessible, escaped, and quick.

mod common;

use ablauf_bpmn::{ReadOptions, read};
use ablauf_model::{BlockModel, Catalogue, Item, Op, model_to_svg, render_svg, to_bpmn};
use common::{sample, unit_names};

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"))
}

#[test]
fn sample_renders_accessibly() {
    let cat = Catalogue::default();
    let svg = model_to_svg(&sample(), "Bau <genehmigung> & \"Co\"", &unit_names, &cat);
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").is_some());
    assert_eq!(root.attribute("font-family"), Some("system-ui, sans-serif"));
    let mut kids = root.children().filter(|n| n.is_element());
    let title = kids.next().unwrap();
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(title.text(), Some("Bau <genehmigung> & \"Co\""));
    let desc = kids.next().unwrap();
    assert_eq!(desc.tag_name().name(), "desc");
    let d = desc.text().unwrap();
    assert!(d.contains("5 Schritten und 2 Verzweigungen"), "{d}");
    assert!(
        d.contains("Beteiligt: Bürgerbüro, Bauamt & Planung."),
        "{d}"
    );
    assert!(
        d.contains("2. Antrag formell prüfen (Formell prüfen)"),
        "{d}"
    );

    // Self-contained: no references, scripts, images, foreign content, ids.
    for bad in [
        "href",
        "url(",
        "<image",
        "<script",
        "<foreignObject",
        " id=",
        "@import",
    ] {
        assert!(!svg.contains(bad), "{bad} in svg");
    }
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect();
    for want in [
        "Bürgerbüro",
        "Bauamt & Planung",
        "Bau <genehmigung> & \"Co\"",
        "nein\u{a0}30 %",
        "ja\u{a0}70 %",
    ] {
        assert!(
            texts.iter().any(|t| t == want),
            "no text {want:?} in {texts:?}"
        );
    }
    // Pool and lane names are rotated headers.
    assert!(svg.contains("rotate(-90)"));
    // The block icon of "Formell prüfen" is drawn in its task.
    let icon = ablauf_model::icon("formell-pruefen").unwrap();
    assert!(svg.contains(icon.svg_path));
    // Task labels stay inside their boxes.
    assert!(texts.iter().any(|t| t.contains("Antrag formell")));
    // Gateways: a diamond with × for the variant, + for the parallel part.
    assert_eq!(
        svg.matches("stroke-width=\"3.5\" stroke-linecap=\"round\"")
            .count(),
        8
    );
}

#[test]
fn long_labels_wrap_inside_the_task() {
    let mut m = BlockModel::new();
    let sp = m
        .apply(&Op::AddSubprocess {
            after: None,
            name: "A".into(),
            org_unit: None,
        })
        .unwrap()
        .focus
        .unwrap();
    m.apply(&Op::InsertStep {
        container: sp,
        after: None,
        block: "unbekannter-baustein".into(),
        label: "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen und noch sehr viel mehr Text, der nicht passt".into(),
    })
    .unwrap();
    let svg = model_to_svg(&m, "Lang", &|_| None, &Catalogue::default());
    let doc = parse(&svg);
    let task_text = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .find(|n| {
            n.descendants()
                .any(|t| t.is_text() && t.text().is_some_and(|s| s.starts_with("Donau")))
        })
        .expect("task label");
    let lines: Vec<&str> = task_text.children().filter_map(|t| t.text()).collect();
    assert!(lines.len() > 1 && lines.len() <= 5, "{lines:?}");
    assert!(lines.last().unwrap().ends_with('…'), "{lines:?}");
    assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
    // An unknown block has no icon but still renders.
    assert!(!svg.contains("scale(0.75)"));
}

#[test]
fn files_without_diagram_or_from_other_tools() {
    let defs = read(
        br#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t"><process id="P"/></definitions>"#,
        &ReadOptions::default(),
    )
    .unwrap();
    let svg = render_svg(&defs, &Catalogue::default(), "Ohne Diagramm");
    let doc = parse(&svg);
    assert_eq!(doc.root_element().attribute("role"), Some("img"));
    assert!(svg.contains("Kein Diagramm vorhanden."));

    let Some(data) = common::shared_data() else {
        return;
    };
    for f in common::miwg_files(&data) {
        let Ok(defs) = read(&std::fs::read(&f).unwrap(), &ReadOptions::default()) else {
            continue;
        };
        let svg = render_svg(&defs, &Catalogue::default(), &f.display().to_string());
        parse(&svg);
        assert!(!svg.contains("NaN"), "{}", f.display());
    }
}

/// Prints timings only (no assertion on time: machines differ).
#[test]
fn timing_200_steps() {
    let mut m = BlockModel::new();
    let mut n = 0;
    while n < 200 {
        let after = m.subprocesses.last().map(|s| s.id.clone());
        let sp = m
            .apply(&Op::AddSubprocess {
                after,
                name: format!("Abschnitt {n}"),
                org_unit: Some(format!("u{}", n % 3)),
            })
            .unwrap()
            .focus
            .unwrap();
        let mut last = None;
        for _ in 0..10 {
            last = m
                .apply(&Op::InsertStep {
                    container: sp.clone(),
                    after: last,
                    block: "formell-pruefen".into(),
                    label: format!("Schritt {n} prüfen und weitergeben"),
                })
                .unwrap()
                .focus;
            n += 1;
        }
        let v = m
            .apply(&Op::AddVariant {
                container: sp.clone(),
                after: last,
                label: "OK?".into(),
            })
            .unwrap()
            .focus
            .unwrap();
        assert!(matches!(m.find_item(&v), Some(Item::Variant(_))));
    }
    let cat = Catalogue::default();
    let defs = to_bpmn(&m, "Zeitmessung", &|_| None);
    let t = std::time::Instant::now();
    let rounds = 10;
    let mut len = 0;
    for _ in 0..rounds {
        len = render_svg(&defs, &cat, "Zeitmessung").len();
    }
    eprintln!(
        "render_svg, {} steps: {:.2} ms per diagram ({} bytes; debug builds are much slower than release)",
        m.steps().len(),
        t.elapsed().as_secs_f64() * 1e3 / f64::from(rounds),
        len
    );
}
