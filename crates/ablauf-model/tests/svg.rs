//! The SVG rendering: standalone, accessible, escaped, and quick.

mod common;

use ablauf_bpmn::{ReadOptions, read};
use ablauf_model::text::{text_width, wrap};
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

/// Breaks `word` at every width from `from` to 200 px and checks that each
/// break falls on one of the `syllables` boundaries (and that nothing is
/// lost or shortened).
fn assert_breaks_between_syllables(syllables: &str, from: u32) {
    let word: String = syllables.split('-').collect();
    let mut allowed = Vec::new();
    let mut at = 0;
    for s in syllables.split('-') {
        at += s.chars().count();
        allowed.push(at);
    }
    for w in (from..=200).step_by(5) {
        let lines = wrap(&word, f64::from(w), 20, 12.0);
        let mut offset = 0;
        let mut rebuilt = String::new();
        for (i, l) in lines.iter().enumerate() {
            assert!(
                text_width(l, 12.0) <= f64::from(w),
                "{word} at {w}px: line {l:?} too wide"
            );
            let part = if i + 1 < lines.len() {
                l.strip_suffix('-')
                    .unwrap_or_else(|| panic!("{word} at {w}px: {lines:?} breaks without hyphen"))
            } else {
                l.as_str()
            };
            offset += part.chars().count();
            rebuilt.push_str(part);
            if i + 1 < lines.len() {
                assert!(
                    allowed.contains(&offset),
                    "{word} at {w}px breaks inside a syllable: {lines:?}"
                );
            }
        }
        assert_eq!(rebuilt, word, "{word} at {w}px: {lines:?}");
    }
}

#[test]
fn long_german_words_break_between_syllables() {
    // Expected syllables written down by hand, not taken from the patterns.
    for s in [
        "Emp-fangs-be-schei-ni-gung",
        "Ge-wer-be-an-mel-dung",
        "Bau-ge-neh-mi-gungs-ver-fah-ren",
        "Zu-stän-dig-keits-prü-fung",
        "Da-ten-über-mitt-lung",
    ] {
        // From the widest syllable plus hyphen on, no break is forced.
        assert_breaks_between_syllables(s, 50);
    }
    // The word the issue found broken, at the width of a step box.
    let lines = wrap(
        "Empfangsbescheinigung und Gebührenbescheid erstellen",
        90.0,
        4,
        12.0,
    );
    assert!(
        lines
            .iter()
            .all(|l| !l.contains("besc-") && !l.starts_with("heini")),
        "{lines:?}"
    );
    // Words that fit a line of their own are not hyphenated.
    assert_eq!(
        wrap("Gebühr festsetzen", 90.0, 4, 12.0),
        ["Gebühr", "festsetzen"]
    );
    // A hard hyphen is a break point that adds no second hyphen.
    assert_eq!(
        wrap("Online-Anzeige übernehmen", 90.0, 4, 12.0),
        ["Online-", "Anzeige", "übernehmen"]
    );
    // Abbreviations stay whole.
    assert_eq!(
        wrap("GewA", 20.0, 4, 12.0).concat().replace('-', ""),
        "GewA"
    );
}

#[test]
fn soft_hyphens_choose_the_break_points() {
    let lines = wrap("Bau\u{ad}genehmigungs\u{ad}verfahren", 110.0, 4, 12.0);
    assert_eq!(lines, ["Bau-", "genehmigungs-", "verfahren"]);
    assert!(lines.iter().all(|l| !l.contains('\u{ad}')));
}

#[test]
fn step_labels_fit_their_boxes_in_every_demo_model() {
    let cat = Catalogue::default();
    for (name, m) in common::demo_models() {
        let defs = to_bpmn(&m, &name, &|_| None);
        let svg = render_svg(&defs, &cat, &name);
        let doc = parse(&svg);
        // Every step is a <g> with a rect and its label as tspans.
        for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
            let Some(rect) = g.children().find(|n| n.has_tag_name("rect")) else {
                continue;
            };
            let w: f64 = rect.attribute("width").unwrap().parse().unwrap();
            for t in g.descendants().filter(|n| n.has_tag_name("tspan")) {
                let line = t.text().unwrap_or("");
                assert!(
                    text_width(line, 12.0) <= w - 8.0,
                    "{name}: {line:?} wider than its box"
                );
            }
        }
    }
}

#[test]
fn branch_labels_sit_beside_the_flow_in_every_demo_model() {
    for (name, m) in common::demo_models() {
        let defs = to_bpmn(&m, &name, &|_| None);
        let problems = common::label_collisions(&defs);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        // Every named flow has its label bounds.
        let model = defs.model();
        let d = &model.diagrams[0];
        for f in model.all_flows() {
            if f.name.as_deref().is_some_and(|n| !n.trim().is_empty()) {
                let e = d
                    .edges
                    .iter()
                    .find(|e| e.bpmn_element.as_deref() == Some(f.id.as_str()))
                    .unwrap();
                assert!(e.label.is_some(), "{name}: flow {} without label", f.id);
            }
        }
    }
}

#[test]
fn long_branch_labels_wrap_and_keep_their_percentage() {
    let mut m = common::sample();
    let Item::Variant(v) = &mut m.subprocesses[1].items[0] else {
        panic!("sample starts its second subprocess with a variant");
    };
    v.branches[0].label =
        "Online über das Serviceportal mit allen Nachweisen vollständig eingereicht".into();
    let defs = to_bpmn(&m, "Lang", &common::unit_names);
    assert!(common::label_collisions(&defs).is_empty());
    let svg = render_svg(&defs, &Catalogue::default(), "Lang");
    let doc = parse(&svg);
    let label = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .find(|n| {
            n.descendants()
                .any(|t| t.text().is_some_and(|s| s.starts_with("Online über das")))
        })
        .unwrap_or_else(|| panic!("no wrapped branch label in\n{svg}"));
    let lines: Vec<String> = label
        .children()
        .filter(|n| n.has_tag_name("tspan"))
        .map(|l| {
            l.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].ends_with("\u{a0}30 %"), "{lines:?}");
    assert!(lines[1].contains('…'), "{lines:?}");
}

/// The text of a rotated pool or lane name, lines joined (hyphens at line
/// ends dropped), for the band whose rect starts at `band_x`.
fn band_names(doc: &roxmltree::Document) -> Vec<String> {
    let mut names: Vec<(f64, Vec<String>)> = Vec::new();
    for t in doc.descendants().filter(|n| {
        n.attribute("transform")
            .is_some_and(|t| t.contains("rotate(-90)"))
    }) {
        let tr = t.attribute("transform").unwrap();
        let y: f64 = tr
            .trim_start_matches("translate(")
            .split([' ', ')'])
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let text = t.text().unwrap_or("").to_owned();
        match names.iter_mut().find(|(cy, _)| (*cy - y).abs() < 0.01) {
            Some((_, lines)) => lines.push(text),
            None => names.push((y, vec![text])),
        }
    }
    names
        .into_iter()
        .map(|(_, lines)| {
            let mut s = String::new();
            for l in lines {
                match s.strip_suffix('-') {
                    Some(before) if !before.ends_with(' ') => s = before.to_owned(),
                    _ if !s.is_empty() => s.push(' '),
                    _ => {}
                }
                s.push_str(&l);
            }
            s
        })
        .collect()
}

#[test]
fn pool_and_lane_names_are_never_cut_off() {
    let long = "Fachbereich Umwelt, Natur- und Klimaschutz, Abteilung Immissionsschutz und Abfallwirtschaft";
    let title = "Genehmigung nach dem Bundes-Immissionsschutzgesetz für eine Anlage zur Lagerung";
    let names = |u: &str| match u {
        "unit-bauamt" => Some(long.to_owned()),
        _ => common::unit_names(u),
    };
    let svg = model_to_svg(&common::sample(), title, &names, &Catalogue::default());
    let doc = parse(&svg);
    let shown = band_names(&doc);
    // A hyphen at a line end may be the name's own or a hyphenation; the
    // letters must all be there either way.
    let letters = |s: &str| s.replace(['-', ' '], "");
    for want in [long, title, "Bürgerbüro"] {
        assert!(
            shown.iter().any(|s| letters(s) == letters(want)),
            "{want:?} not whole in {shown:?}"
        );
    }
    assert!(!shown.iter().any(|s| s.contains('…')), "{shown:?}");
    // The bands grew to the left: the viewBox starts further left than the
    // pool of the generated layout (x = 150).
    let vb: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(vb[0] < 150.0 - 12.0, "{vb:?}");
}

/// The lane (by name) whose bounds hold the centre of element `id`.
fn lane_of(defs: &ablauf_bpmn::Definitions, id: &str) -> String {
    let m = defs.model();
    let d = &m.diagrams[0];
    let bounds = |e: &str| {
        d.shapes
            .iter()
            .find(|s| s.bpmn_element.as_deref() == Some(e))
            .and_then(|s| s.bounds)
            .unwrap()
    };
    let b = bounds(id);
    let cy = b.y + b.height / 2.0;
    m.processes[0]
        .lanes
        .iter()
        .find(|l| {
            let lb = bounds(&l.id);
            lb.y <= cy && cy <= lb.y + lb.height
        })
        .and_then(|l| l.name.clone())
        .unwrap_or_default()
}

#[test]
fn a_parallel_part_is_drawn_in_the_lane_of_its_subprocess() {
    use ablauf_model::{Branching, Subprocess};
    use common::{branch, step};
    // The last step of the first subprocess is in another lane than the
    // subprocess that starts with the parallel part (as in the demo's
    // Gewerbeanmeldung: Stadtkasse, then the data transfer of the
    // Sachgebiet Gewerbe).
    let m = BlockModel {
        subprocesses: vec![
            Subprocess {
                id: "sp1".into(),
                name: "Prüfen".into(),
                org_unit: Some("unit-bauamt".into()),
                items: vec![Item::Step(step("s1", "Prüfen", "formell-pruefen"))],
            },
            Subprocess {
                id: "sp2".into(),
                name: "Kasse".into(),
                org_unit: Some("unit-kasse".into()),
                items: vec![Item::Step(step("s2", "Zahlung zuordnen", "zahlung"))],
            },
            Subprocess {
                id: "sp3".into(),
                name: "Übermitteln".into(),
                org_unit: Some("unit-bauamt".into()),
                items: vec![
                    Item::Parallel(Branching {
                        id: "p1".into(),
                        label: "Datenübermittlung".into(),
                        branches: vec![
                            branch(
                                "b1",
                                "Finanzamt",
                                None,
                                vec![Item::Step(step("s3", "An das Finanzamt", "versenden"))],
                            ),
                            branch(
                                "b2",
                                "Kammern",
                                None,
                                vec![Item::Step(step("s4", "An die Kammer", "versenden"))],
                            ),
                        ],
                    }),
                    Item::Step(step("s5", "Abschließen", "archivieren")),
                ],
            },
        ],
    };
    let defs = to_bpmn(&m, "Lanes", &|_| None);
    assert_eq!(lane_of(&defs, "s2"), "unit-kasse");
    for id in ["p1", "p1_join", "s3", "s4", "s5"] {
        assert_eq!(lane_of(&defs, id), "unit-bauamt", "{id}");
    }
}

#[test]
fn wide_diagrams_print_as_pages_cut_between_steps() {
    let (_, m) = common::demo_models()
        .into_iter()
        .find(|(n, _)| n.ends_with("/gewerbeanmeldung.json"))
        .expect("demo Gewerbeanmeldung");
    let cat = Catalogue::default();
    let defs = to_bpmn(&m, "Gewerbeanmeldung", &|_| None);
    let whole = render_svg(&defs, &cat, "Gewerbeanmeldung");
    let view = |svg: &str| -> Vec<f64> {
        let doc = parse(svg);
        doc.root_element()
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let full = view(&whole);
    let pages = ablauf_model::render_svg_pages(&defs, &cat, "Gewerbeanmeldung", 1300.0);
    assert!(pages.len() >= 3, "{} pages for {} px", pages.len(), full[2]);
    let steps: Vec<(f64, f64)> = defs.model().diagrams[0]
        .shapes
        .iter()
        .filter(|s| {
            s.bpmn_element
                .as_deref()
                .is_some_and(|id| m.find(id).is_some())
        })
        .filter_map(|s| s.bounds.map(|b| (b.x, b.x + b.width)))
        .collect();
    let mut reached = full[0];
    for (i, p) in pages.iter().enumerate() {
        let v = view(p);
        assert!(v[2] <= 1300.0 + 0.1, "page {i} is {} px wide", v[2]);
        let doc = parse(p);
        let title = doc.root_element().first_element_child().unwrap();
        assert_eq!(
            title.text(),
            Some(format!("Gewerbeanmeldung ({} von {})", i + 1, pages.len()).as_str())
        );
        // Every page names the lanes at its left.
        assert!(
            doc.descendants()
                .any(|t| t.text() == Some("Sachgebiet Gewerbe")),
            "page {i}"
        );
        let right = v[0] + v[2];
        if i + 1 < pages.len() {
            assert!(
                !steps.iter().any(|&(a, b)| a < right && right < b),
                "page {i} ends inside a step at {right}"
            );
        }
        reached = reached.max(right);
    }
    assert!((reached - (full[0] + full[2])).abs() < 0.1);
    // A diagram that fits is one page.
    let small = ablauf_model::render_svg_pages(&defs, &cat, "Gewerbeanmeldung", 10_000.0);
    assert_eq!(small, [whole]);
}
