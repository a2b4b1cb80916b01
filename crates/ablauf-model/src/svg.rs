//! A standalone, accessible SVG of a BPMN diagram: pools and lanes with
//! their names, tasks with the block's icon and a wrapped label, events,
//! gateways, flows with arrowheads and branch probabilities.
//!
//! The SVG references nothing outside itself and defines no ids (arrowheads
//! are drawn as polygons), so several diagrams can sit in one HTML page.
//! Colours meet WCAG AA contrast on white: text `#1a1a1a`, lines `#2b2b2b`,
//! icons `#1f5fa8`, probabilities `#0b4f9c`, headers on `#eef1f5`.

use crate::catalogue::Catalogue;
use crate::model::BlockModel;
use crate::text::{wrap, wrap_all, wrap_with_suffix};
use ablauf_bpmn::model::{ArtifactKind, Bounds, Participant, Shape};
use ablauf_bpmn::{
    Definitions, EventDefinition, EventKind, FlowNode, FlowNodeKind, GatewayKind, Lane,
    SequenceFlow, SubProcessKind,
};
use std::collections::HashMap;
use std::fmt::Write;

const TEXT: &str = "#1a1a1a";
const LINE: &str = "#2b2b2b";
const ICON: &str = "#1f5fa8";
const PROB: &str = "#0b4f9c";
const HEADER_BG: &str = "#eef1f5";
const FONT: f64 = 12.0;
const LINE_H: f64 = 14.0;
/// Tighter lines inside tasks: four lines fit below the icon.
const TASK_LINE_H: f64 = 13.5;
/// Width of a pool's or lane's name band (as the layout draws it).
const BAND: f64 = 30.0;
const MARGIN: f64 = 12.0;

/// Append `s` escaped for XML text and attribute values.
fn esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids are dropped; line breaks become spaces.
            '\n' | '\r' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Append a coordinate: integers without decimals, else one decimal.
fn num(out: &mut String, v: f64) {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r:.1}");
    }
}

/// Centred multi-line text, vertically centred on `cy`.
fn text_block(out: &mut String, lines: &[String], cx: f64, cy: f64, lh: f64) {
    if lines.is_empty() {
        return;
    }
    let top = cy - (lines.len() as f64 - 1.0) * lh / 2.0;
    out.push_str("<text text-anchor=\"middle\" dominant-baseline=\"central\">");
    for (i, l) in lines.iter().enumerate() {
        out.push_str("<tspan x=\"");
        num(out, cx);
        out.push_str("\" y=\"");
        num(out, top + i as f64 * lh);
        out.push_str("\">");
        esc(out, l);
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}

fn rect(out: &mut String, b: &Bounds, rx: f64, fill: &str, stroke: &str, width: f64) {
    rect_with(out, b, rx, fill, stroke, width, "");
}

fn rect_with(
    out: &mut String,
    b: &Bounds,
    rx: f64,
    fill: &str,
    stroke: &str,
    width: f64,
    extra: &str,
) {
    out.push_str("<rect x=\"");
    num(out, b.x);
    out.push_str("\" y=\"");
    num(out, b.y);
    out.push_str("\" width=\"");
    num(out, b.width.max(0.0));
    out.push_str("\" height=\"");
    num(out, b.height.max(0.0));
    if rx > 0.0 {
        out.push_str("\" rx=\"");
        num(out, rx);
    }
    let _ = write!(
        out,
        "\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{extra}/>"
    );
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, width: f64) {
    out.push_str("<path d=\"M");
    num(out, x1);
    out.push(' ');
    num(out, y1);
    out.push('L');
    num(out, x2);
    out.push(' ');
    num(out, y2);
    let _ = write!(
        out,
        "\" stroke=\"{LINE}\" stroke-width=\"{width}\" stroke-linecap=\"round\"/>"
    );
}

fn circle(out: &mut String, cx: f64, cy: f64, r: f64, fill: &str, width: f64, dash: bool) {
    out.push_str("<circle cx=\"");
    num(out, cx);
    out.push_str("\" cy=\"");
    num(out, cy);
    out.push_str("\" r=\"");
    num(out, r.max(0.0));
    let _ = write!(
        out,
        "\" fill=\"{fill}\" stroke=\"{LINE}\" stroke-width=\"{width}\""
    );
    if dash {
        out.push_str(" stroke-dasharray=\"4 3\"");
    }
    out.push_str("/>");
}

struct Index<'a> {
    nodes: HashMap<&'a str, &'a FlowNode>,
    flows: HashMap<&'a str, &'a SequenceFlow>,
    lanes: HashMap<&'a str, &'a Lane>,
    participants: HashMap<&'a str, &'a Participant>,
    message_flows: HashMap<&'a str, Option<&'a str>>,
    artifacts: HashMap<&'a str, &'a ablauf_bpmn::model::Artifact>,
    associations: HashMap<&'a str, &'a ablauf_bpmn::model::Association>,
}

fn index(m: &ablauf_bpmn::Model) -> Index<'_> {
    fn lanes<'a>(ls: &'a [Lane], out: &mut HashMap<&'a str, &'a Lane>) {
        for l in ls {
            out.insert(&l.id, l);
            lanes(&l.children, out);
        }
    }
    fn content<'a>(c: &'a ablauf_bpmn::Container, ix: &mut Index<'a>) {
        for n in &c.nodes {
            ix.nodes.insert(&n.id, n);
            if let Some(sub) = &n.content {
                content(sub, ix);
            }
        }
        for f in &c.flows {
            ix.flows.insert(&f.id, f);
        }
        for a in &c.artifacts {
            ix.artifacts.insert(&a.id, a);
        }
        for a in &c.associations {
            if let Some(id) = &a.id {
                ix.associations.insert(id, a);
            }
        }
    }
    let mut ix = Index {
        nodes: HashMap::new(),
        flows: HashMap::new(),
        lanes: HashMap::new(),
        participants: HashMap::new(),
        message_flows: HashMap::new(),
        artifacts: HashMap::new(),
        associations: HashMap::new(),
    };
    for p in &m.processes {
        lanes(&p.lanes, &mut ix.lanes);
        content(&p.content, &mut ix);
    }
    for c in &m.collaborations {
        for p in &c.participants {
            ix.participants.insert(&p.id, p);
        }
        for f in &c.message_flows {
            ix.message_flows.insert(&f.id, f.name.as_deref());
        }
        for a in &c.artifacts {
            ix.artifacts.insert(&a.id, a);
        }
        for a in &c.associations {
            if let Some(id) = &a.id {
                ix.associations.insert(id, a);
            }
        }
    }
    ix
}

/// A diagram drawn once: its view box, the `<desc>` text, everything
/// inside the `<svg>` after it, the pool and lane frames, and the x ranges
/// that shapes and labels cover (where a page must not be cut).
struct Drawn {
    view: Bounds,
    desc: String,
    body: String,
    frames: Vec<Frame>,
    covered: Vec<(f64, f64)>,
}

fn draw(defs: &Definitions, catalogue: &Catalogue, title: &str) -> Option<Drawn> {
    let m = defs.model();
    let ix = index(&m);
    let diagram = m.diagrams.first()?;
    let mut covered: Vec<(f64, f64)> = Vec::new();

    // Extent of everything drawn.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut grow = |x: f64, y: f64| {
        if x.is_finite() && y.is_finite() {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    };
    for s in &diagram.shapes {
        let frame = s
            .bpmn_element
            .as_deref()
            .is_some_and(|id| ix.participants.contains_key(id) || ix.lanes.contains_key(id));
        for b in s.bounds.iter().chain(s.label.iter()) {
            grow(b.x, b.y);
            grow(b.x + b.width, b.y + b.height);
            if !frame {
                covered.push((b.x, b.x + b.width));
            }
        }
    }
    for e in &diagram.edges {
        for &(x, y) in &e.waypoints {
            grow(x, y);
        }
        if let Some(b) = &e.label {
            grow(b.x, b.y);
            grow(b.x + b.width, b.y + b.height);
            covered.push((b.x, b.x + b.width));
        }
    }
    // Bands widened for long names reach further left.
    let frames = frames(&m, diagram, &ix);
    for f in &frames {
        grow(f.outline.x, f.outline.y);
    }
    if x0 > x1 {
        (x0, y0, x1, y1) = (0.0, 0.0, 100.0, 40.0);
    }
    // Shape labels without bounds sit below their shape.
    let view = Bounds {
        x: x0 - MARGIN,
        y: y0 - MARGIN,
        width: x1 - x0 + 2.0 * MARGIN,
        height: y1 - y0 + 2.0 * MARGIN + LINE_H * 2.0,
    };
    let mut desc = String::new();
    describe(&mut desc, &m, &ix, catalogue, title);

    let mut out = String::with_capacity(4096 + 600 * ix.nodes.len());
    // Pools and lanes first, so everything else sits on top.
    for f in &frames {
        frame(&mut out, f);
    }
    for e in &diagram.edges {
        let Some(id) = e.bpmn_element.as_deref() else {
            continue;
        };
        edge(&mut out, id, &e.waypoints, &ix);
    }
    for s in &diagram.shapes {
        let (Some(id), Some(b)) = (s.bpmn_element.as_deref(), s.bounds.as_ref()) else {
            continue;
        };
        if let Some(n) = ix.nodes.get(id) {
            node(&mut out, n, b, s, catalogue);
        } else if let Some(a) = ix.artifacts.get(id) {
            artifact(&mut out, a, b, s);
        }
    }
    // Flow labels last, above lines and shapes.
    for e in &diagram.edges {
        let Some(id) = e.bpmn_element.as_deref() else {
            continue;
        };
        edge_label(&mut out, id, &e.waypoints, e.label.as_ref(), &ix);
    }
    Some(Drawn {
        view,
        desc,
        body: out,
        frames,
        covered,
    })
}

/// `<svg …><title>…</title><desc>…</desc>` and a white background for `view`.
fn open_svg(out: &mut String, view: &Bounds, title: &str, desc: &str) {
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"");
    num(out, view.x);
    out.push(' ');
    num(out, view.y);
    out.push(' ');
    num(out, view.width);
    out.push(' ');
    num(out, view.height);
    out.push_str("\" width=\"");
    num(out, view.width);
    out.push_str("\" height=\"");
    num(out, view.height);
    let _ = write!(
        out,
        "\" font-family=\"system-ui, sans-serif\" font-size=\"{FONT}\" fill=\"{TEXT}\"><title>"
    );
    esc(out, title);
    out.push_str("</title><desc>");
    out.push_str(desc);
    out.push_str("</desc>");
    rect(out, view, 0.0, "#fff", "none", 0.0);
}

fn no_diagram(title: &str) -> String {
    let mut out = String::new();
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 320 60\" width=\"320\" height=\"60\" font-family=\"system-ui, sans-serif\" font-size=\"12\"><title>");
    esc(&mut out, title);
    out.push_str("</title><desc>Zu diesem Prozess gibt es kein Diagramm.</desc>");
    let _ = write!(
        out,
        "<text x=\"12\" y=\"34\" fill=\"{TEXT}\">Kein Diagramm vorhanden.</text></svg>"
    );
    out
}

/// Render the first diagram of `defs` as a standalone SVG.
pub fn render_svg(defs: &Definitions, catalogue: &Catalogue, title: &str) -> String {
    let Some(d) = draw(defs, catalogue, title) else {
        return no_diagram(title);
    };
    let mut out = String::with_capacity(d.body.len() + d.desc.len() + 512);
    open_svg(&mut out, &d.view, title, &d.desc);
    out.push_str(&d.body);
    out.push_str("</svg>");
    out
}

/// The first diagram of `defs` cut into pages for print, each at most
/// `max_width` diagram pixels wide: cuts fall where no shape or label is,
/// and every page after the first repeats the pool and lane names at its
/// left, so a wide process prints large enough to read, one stretch below
/// the other. A diagram that fits is one page, the same as [`render_svg`].
pub fn render_svg_pages(
    defs: &Definitions,
    catalogue: &Catalogue,
    title: &str,
    max_width: f64,
) -> Vec<String> {
    let Some(d) = draw(defs, catalogue, title) else {
        return vec![no_diagram(title)];
    };
    let v = d.view;
    let horizontal: Vec<&Frame> = d.frames.iter().filter(|f| f.horizontal).collect();
    // The name bands at the left: repeated on later pages.
    let bands_left = horizontal.iter().map(|f| f.band.x).fold(f64::MAX, f64::min);
    let bands_right = horizontal
        .iter()
        .map(|f| f.band.x + f.band.width)
        .fold(f64::MIN, f64::max);
    let bands_w = if horizontal.is_empty() {
        0.0
    } else {
        bands_right - bands_left
    };
    let free = |x: f64| !d.covered.iter().any(|&(a, b)| a < x && x < b);
    let mut cuts = vec![v.x];
    let end = v.x + v.width;
    let mut start = v.x;
    let mut first = true;
    while end - start
        > if first {
            max_width
        } else {
            max_width - bands_w
        }
    {
        let room = if first {
            max_width
        } else {
            max_width - bands_w
        }
        .max(100.0);
        // The rightmost free x within reach; shapes wider than a page are cut.
        let lo = start + room / 3.0;
        let mut x = start + room;
        while x > lo && !free(x) {
            x -= 2.0;
        }
        if x <= lo {
            x = start + room;
        }
        cuts.push(x);
        start = x;
        first = false;
    }
    cuts.push(end);
    let n = cuts.len() - 1;
    let mut pages = Vec::with_capacity(n);
    for (i, w) in cuts.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let lead = if i == 0 { 0.0 } else { bands_w };
        let view = Bounds {
            x: a - lead,
            width: b - a + lead,
            ..v
        };
        let title = if n > 1 {
            format!("{title} ({} von {n})", i + 1)
        } else {
            title.to_owned()
        };
        let mut out = String::with_capacity(d.body.len() + 2048);
        open_svg(&mut out, &view, &title, &d.desc);
        out.push_str(&d.body);
        if i > 0 && bands_w > 0.0 {
            // The name bands again, over whatever lies left of the cut.
            let _ = write!(out, "<g transform=\"translate(");
            num(&mut out, a - bands_right);
            out.push_str(" 0)\">");
            rect(
                &mut out,
                &Bounds {
                    x: bands_left,
                    width: bands_w,
                    ..v
                },
                0.0,
                "#fff",
                "none",
                0.0,
            );
            for f in &horizontal {
                let band_only = Frame {
                    outline: f.band,
                    band: f.band,
                    horizontal: true,
                    lines: f.lines.clone(),
                    stroke: f.stroke,
                };
                frame(&mut out, &band_only);
            }
            out.push_str("</g>");
        }
        out.push_str("</svg>");
        pages.push(out);
    }
    pages
}

/// The `<desc>`: what a screen reader announces about the diagram.
fn describe(out: &mut String, m: &ablauf_bpmn::Model, ix: &Index, cat: &Catalogue, title: &str) {
    let tasks: Vec<&FlowNode> = m
        .processes
        .iter()
        .flat_map(|p| p.content.nodes.iter())
        .filter(|n| n.is_activity())
        .collect();
    let mut outgoing: HashMap<&str, usize> = HashMap::new();
    for f in ix.flows.values() {
        *outgoing.entry(f.source.as_str()).or_default() += 1;
    }
    let branchings = m
        .processes
        .iter()
        .flat_map(|p| p.content.nodes.iter())
        .filter(|n| {
            matches!(n.kind, FlowNodeKind::Gateway { .. })
                && outgoing.get(n.id.as_str()).is_some_and(|k| *k >= 2)
        })
        .count();
    let t = title.trim();
    if t.is_empty() {
        out.push_str("Ablaufdiagramm");
    } else {
        out.push_str("Ablaufdiagramm „");
        esc(out, t);
        out.push('“');
    }
    let _ = write!(
        out,
        " mit {} {}",
        tasks.len(),
        if tasks.len() == 1 {
            "Schritt"
        } else {
            "Schritten"
        }
    );
    if branchings > 0 {
        let _ = write!(
            out,
            " und {branchings} {}",
            if branchings == 1 {
                "Verzweigung"
            } else {
                "Verzweigungen"
            }
        );
    }
    out.push('.');
    let mut lane_names: Vec<&str> = Vec::new();
    fn collect<'a>(ls: &'a [Lane], out: &mut Vec<&'a str>) {
        for l in ls {
            if let Some(n) = l.name.as_deref().filter(|n| !n.trim().is_empty()) {
                out.push(n);
            }
            collect(&l.children, out);
        }
    }
    for p in &m.processes {
        collect(&p.lanes, &mut lane_names);
    }
    if !lane_names.is_empty() {
        out.push_str(" Beteiligt: ");
        esc(out, &lane_names.join(", "));
        out.push('.');
    }
    const LISTED: usize = 100;
    if !tasks.is_empty() {
        out.push_str(" Schritte: ");
        for (i, n) in tasks.iter().take(LISTED).enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            let _ = write!(out, "{}. ", i + 1);
            esc(out, n.name.as_deref().unwrap_or("ohne Bezeichnung").trim());
            if let Some(b) = n
                .step
                .as_ref()
                .and_then(|s| s.block_type.as_deref())
                .and_then(|k| cat.block(k))
            {
                out.push_str(" (");
                esc(out, &b.name);
                out.push(')');
            }
        }
        if tasks.len() > LISTED {
            let _ = write!(out, "; und {} weitere", tasks.len() - LISTED);
        }
        out.push('.');
    }
}

/// Lines of a pool's or lane's name before the band would rather grow than
/// the name be shortened.
const MAX_HEADER_LINES: usize = 6;
/// Line pitch of names in bands and of flow labels.
const LABEL_LINE_H: f64 = 13.0;
/// Names in bands are semi-bold: measured as regular text this much larger.
const BOLD: f64 = 1.13;

/// A pool or lane as drawn: its outline and name band, the band widened
/// (to the left, so nothing inside moves) when the name needs more lines
/// than the usual band holds.
struct Frame {
    outline: Bounds,
    band: Bounds,
    horizontal: bool,
    lines: Vec<String>,
    stroke: f64,
}

/// The band width a name needs: one line per 13 px plus a little air.
fn band_for(lines: usize) -> f64 {
    (lines as f64 * LABEL_LINE_H + 4.0).max(BAND)
}

fn frames(m: &ablauf_bpmn::Model, diagram: &ablauf_bpmn::model::Diagram, ix: &Index) -> Vec<Frame> {
    fn depths<'a>(ls: &'a [Lane], d: usize, out: &mut HashMap<&'a str, usize>) {
        for l in ls {
            out.insert(&l.id, d);
            depths(&l.children, d + 1, out);
        }
    }
    let mut depth: HashMap<&str, usize> = HashMap::new();
    for p in &m.processes {
        depths(&p.lanes, 1, &mut depth);
    }
    // (bounds, depth, horizontal, lines, stroke)
    let mut found: Vec<(Bounds, usize, bool, Vec<String>, f64)> = Vec::new();
    for s in &diagram.shapes {
        let (Some(id), Some(b)) = (s.bpmn_element.as_deref(), s.bounds.as_ref()) else {
            continue;
        };
        let (name, d, stroke) = if let Some(p) = ix.participants.get(id) {
            (p.name.as_deref(), 0, 1.5)
        } else if let Some(l) = ix.lanes.get(id) {
            (l.name.as_deref(), depth.get(id).copied().unwrap_or(1), 1.0)
        } else {
            continue;
        };
        let horizontal = s.is_horizontal != Some(false);
        let name = name.map(str::trim).unwrap_or("");
        let lines = if name.is_empty() {
            Vec::new()
        } else if horizontal {
            let room = b.height - 8.0;
            let all = wrap_all(name, room, FONT * BOLD);
            if all.len() <= MAX_HEADER_LINES {
                all
            } else {
                wrap(name, room, MAX_HEADER_LINES, FONT * BOLD)
            }
        } else {
            wrap(name, b.width - 8.0, 2, FONT * BOLD)
        };
        found.push((*b, d, horizontal, lines, stroke));
    }
    let deepest = found.iter().map(|f| f.1).max().unwrap_or(0);
    let mut extra = vec![0.0f64; deepest + 1];
    for (_, d, horizontal, lines, _) in &found {
        if *horizontal {
            extra[*d] = extra[*d].max(band_for(lines.len()) - BAND);
        }
    }
    // A band at depth d moves left by its own growth and that of every
    // band inside it.
    let shift: Vec<f64> = (0..=deepest).map(|d| extra[d..].iter().sum()).collect();
    found
        .into_iter()
        .map(|(b, d, horizontal, lines, stroke)| {
            if horizontal {
                let outline = Bounds {
                    x: b.x - shift[d],
                    width: b.width + shift[d],
                    ..b
                };
                let band = Bounds {
                    width: (BAND + extra[d]).min(outline.width),
                    ..outline
                };
                Frame {
                    outline,
                    band,
                    horizontal,
                    lines,
                    stroke,
                }
            } else {
                let band = Bounds {
                    height: BAND.min(b.height),
                    ..b
                };
                Frame {
                    outline: b,
                    band,
                    horizontal,
                    lines,
                    stroke,
                }
            }
        })
        .collect()
}

/// A pool or lane: outline plus name band (left for horizontal, top otherwise).
fn frame(out: &mut String, f: &Frame) {
    rect(out, &f.outline, 0.0, "none", LINE, f.stroke);
    rect(out, &f.band, 0.0, HEADER_BG, LINE, f.stroke);
    let n = f.lines.len() as f64;
    let (cx, cy) = (
        f.band.x + f.band.width / 2.0,
        f.band.y + f.band.height / 2.0,
    );
    for (i, line) in f.lines.iter().enumerate() {
        let off = (i as f64 - (n - 1.0) / 2.0) * LABEL_LINE_H;
        if f.horizontal {
            // Rotated a quarter turn: the first line is the leftmost.
            out.push_str("<text transform=\"translate(");
            num(out, cx + off);
            out.push(' ');
            num(out, cy);
            out.push_str(") rotate(-90)\"");
        } else {
            out.push_str("<text x=\"");
            num(out, cx);
            out.push_str("\" y=\"");
            num(out, cy + off);
            out.push('"');
        }
        out.push_str(" text-anchor=\"middle\" dominant-baseline=\"central\" font-weight=\"600\">");
        esc(out, line);
        out.push_str("</text>");
    }
}

/// Label of events, gateways and data: in the DI label bounds, else below.
fn outside_label(out: &mut String, name: Option<&str>, b: &Bounds, s: &Shape) {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return;
    };
    // As many lines as the label bounds hold (two at least), so a label
    // stays in the room the layout gave it.
    let (cx, top, w, max_lines) = match &s.label {
        Some(l) if l.width > 0.0 => (
            l.x + l.width / 2.0,
            l.y,
            l.width.max(90.0),
            (((l.height + 1.0) / LABEL_LINE_H).floor() as usize).max(2),
        ),
        _ => (b.x + b.width / 2.0, b.y + b.height + 4.0, 110.0, 2),
    };
    let lines = wrap(name, w, max_lines, FONT);
    let cy = top + LABEL_LINE_H / 2.0 + (lines.len() as f64 - 1.0) * LABEL_LINE_H / 2.0;
    text_block(out, &lines, cx, cy, LABEL_LINE_H);
}

fn node(out: &mut String, n: &FlowNode, b: &Bounds, s: &Shape, cat: &Catalogue) {
    let (cx, cy) = (b.x + b.width / 2.0, b.y + b.height / 2.0);
    match &n.kind {
        FlowNodeKind::Task { .. }
        | FlowNodeKind::SubProcess { .. }
        | FlowNodeKind::CallActivity { .. }
        | FlowNodeKind::Other { .. } => {
            let block = n
                .step
                .as_ref()
                .and_then(|s| s.block_type.as_deref())
                .and_then(|k| cat.block(k));
            // The element id lets a page find the step (the block editor
            // marks the step being edited); not an XML id, so several
            // diagrams can share a page.
            out.push_str("<g data-id=\"");
            esc(out, &n.id);
            out.push_str("\">");
            if let Some(bl) = block {
                out.push_str("<title>");
                esc(out, &bl.name);
                out.push_str("</title>");
            }
            let stroke_w = if matches!(n.kind, FlowNodeKind::CallActivity { .. }) {
                3.5
            } else {
                1.5
            };
            rect(out, b, 10.0, "#fff", LINE, stroke_w);
            if let FlowNodeKind::SubProcess { sub } = n.kind {
                if sub == SubProcessKind::Transaction {
                    let inner = Bounds {
                        x: b.x + 3.0,
                        y: b.y + 3.0,
                        width: b.width - 6.0,
                        height: b.height - 6.0,
                    };
                    rect(out, &inner, 8.0, "none", LINE, 1.0);
                }
                if s.is_expanded != Some(true) {
                    // Collapsed: the [+] marker at the bottom.
                    let m = Bounds {
                        x: cx - 7.0,
                        y: b.y + b.height - 16.0,
                        width: 14.0,
                        height: 14.0,
                    };
                    rect(out, &m, 0.0, "#fff", LINE, 1.0);
                    line(out, cx - 4.0, m.y + 7.0, cx + 4.0, m.y + 7.0, 1.5);
                    line(out, cx, m.y + 3.0, cx, m.y + 11.0, 1.5);
                }
            }
            let icon = block.and_then(|bl| crate::icon(&bl.icon));
            let expanded = s.is_expanded == Some(true);
            if let Some(icon) = icon {
                out.push_str("<path transform=\"translate(");
                num(out, b.x + 6.0);
                out.push(' ');
                num(out, b.y + 6.0);
                let _ = write!(
                    out,
                    ") scale(0.75)\" fill=\"none\" stroke=\"{ICON}\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\" d=\""
                );
                out.push_str(icon.svg_path);
                out.push_str("\"/>");
            }
            let name = n.name.as_deref().unwrap_or("").trim();
            if !name.is_empty() {
                if expanded {
                    let lines = wrap(name, b.width - 12.0, 1, FONT);
                    text_block(out, &lines, cx, b.y + 12.0, LINE_H);
                } else {
                    let top = if icon.is_some() {
                        b.y + 24.0
                    } else {
                        b.y + 6.0
                    };
                    let bottom = b.y + b.height
                        - if matches!(n.kind, FlowNodeKind::SubProcess { .. }) {
                            18.0
                        } else {
                            2.0
                        };
                    let max_lines = (((bottom - top) / TASK_LINE_H).floor() as usize).max(1);
                    let lines = wrap(name, b.width - 10.0, max_lines, FONT);
                    text_block(out, &lines, cx, (top + bottom) / 2.0, TASK_LINE_H);
                }
            }
            out.push_str("</g>");
        }
        FlowNodeKind::Event { event } => {
            let r = b.width.min(b.height) / 2.0;
            let interrupting = n.cancel_activity;
            match event {
                EventKind::Start => circle(out, cx, cy, r, "#fff", 1.5, false),
                EventKind::End => circle(out, cx, cy, r - 1.5, "#fff", 4.0, false),
                _ => {
                    let dash = *event == EventKind::Boundary && !interrupting;
                    circle(out, cx, cy, r, "#fff", 1.5, dash);
                    circle(out, cx, cy, r - 3.5, "none", 1.5, dash);
                }
            }
            if n.event_definitions.contains(&EventDefinition::Terminate) {
                circle(out, cx, cy, r * 0.5, LINE, 0.0, false);
            } else if let Some(d) = n.event_definitions.first() {
                event_marker(out, *d, cx, cy, r);
            }
            outside_label(out, n.name.as_deref(), b, s);
        }
        FlowNodeKind::Gateway { gateway } => {
            out.push_str("<g data-id=\"");
            esc(out, &n.id);
            out.push_str("\"><path d=\"M");
            num(out, cx);
            out.push(' ');
            num(out, b.y);
            out.push('L');
            num(out, b.x + b.width);
            out.push(' ');
            num(out, cy);
            out.push('L');
            num(out, cx);
            out.push(' ');
            num(out, b.y + b.height);
            out.push('L');
            num(out, b.x);
            out.push(' ');
            num(out, cy);
            let _ = write!(
                out,
                "Z\" fill=\"#fff\" stroke=\"{LINE}\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>"
            );
            let k = b.width.min(b.height) * 0.2;
            match gateway {
                GatewayKind::Exclusive => {
                    line(out, cx - k, cy - k, cx + k, cy + k, 3.5);
                    line(out, cx - k, cy + k, cx + k, cy - k, 3.5);
                }
                GatewayKind::Parallel => {
                    let k = k * 1.3;
                    line(out, cx - k, cy, cx + k, cy, 3.5);
                    line(out, cx, cy - k, cx, cy + k, 3.5);
                }
                GatewayKind::Inclusive => circle(out, cx, cy, k * 1.2, "none", 3.0, false),
                GatewayKind::Complex => {
                    let k = k * 1.3;
                    line(out, cx - k, cy, cx + k, cy, 3.0);
                    line(out, cx, cy - k, cx, cy + k, 3.0);
                    let d = k * 0.7;
                    line(out, cx - d, cy - d, cx + d, cy + d, 3.0);
                    line(out, cx - d, cy + d, cx + d, cy - d, 3.0);
                }
                GatewayKind::EventBased => {
                    circle(out, cx, cy, k * 1.5, "none", 1.0, false);
                    circle(out, cx, cy, k * 1.2, "none", 1.0, false);
                }
            }
            outside_label(out, n.name.as_deref(), b, s);
            out.push_str("</g>");
        }
    }
}

/// Small markers for the common event types.
fn event_marker(out: &mut String, d: EventDefinition, cx: f64, cy: f64, r: f64) {
    let k = r * 0.45;
    match d {
        EventDefinition::Message => {
            let b = Bounds {
                x: cx - k,
                y: cy - k * 0.7,
                width: 2.0 * k,
                height: 1.4 * k,
            };
            rect(out, &b, 0.0, "none", LINE, 1.2);
            out.push_str("<path d=\"M");
            num(out, b.x);
            out.push(' ');
            num(out, b.y);
            out.push('L');
            num(out, cx);
            out.push(' ');
            num(out, cy);
            out.push('L');
            num(out, b.x + b.width);
            out.push(' ');
            num(out, b.y);
            let _ = write!(
                out,
                "\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.2\"/>"
            );
        }
        EventDefinition::Timer => {
            circle(out, cx, cy, k * 1.1, "none", 1.2, false);
            line(out, cx, cy, cx, cy - k * 0.8, 1.2);
            line(out, cx, cy, cx + k * 0.6, cy, 1.2);
        }
        _ => {}
    }
}

fn artifact(out: &mut String, a: &ablauf_bpmn::model::Artifact, b: &Bounds, s: &Shape) {
    match &a.kind {
        ArtifactKind::DataObjectReference { .. }
        | ArtifactKind::DataObject
        | ArtifactKind::DataInput
        | ArtifactKind::DataOutput => {
            let f = (b.width * 0.3).min(12.0);
            out.push_str("<path d=\"M");
            num(out, b.x);
            out.push(' ');
            num(out, b.y);
            out.push('H');
            num(out, b.x + b.width - f);
            out.push('L');
            num(out, b.x + b.width);
            out.push(' ');
            num(out, b.y + f);
            out.push('V');
            num(out, b.y + b.height);
            out.push('H');
            num(out, b.x);
            let _ = write!(
                out,
                "Z\" fill=\"#fff\" stroke=\"{LINE}\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>"
            );
            outside_label(out, a.name.as_deref(), b, s);
        }
        ArtifactKind::DataStoreReference { .. } | ArtifactKind::DataStore => {
            let e = (b.height * 0.15).min(8.0);
            rect(
                out,
                &Bounds {
                    y: b.y + e,
                    height: b.height - 2.0 * e,
                    ..*b
                },
                0.0,
                "#fff",
                "none",
                0.0,
            );
            let rx = b.width / 2.0;
            let _ = write!(
                out,
                "<path fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.5\" d=\"M"
            );
            num(out, b.x);
            out.push(' ');
            num(out, b.y + e);
            out.push('V');
            num(out, b.y + b.height - e);
            out.push('A');
            num(out, rx);
            out.push(' ');
            num(out, e);
            out.push_str(" 0 0 0 ");
            num(out, b.x + b.width);
            out.push(' ');
            num(out, b.y + b.height - e);
            out.push('V');
            num(out, b.y + e);
            out.push('A');
            num(out, rx);
            out.push(' ');
            num(out, e);
            out.push_str(" 0 0 0 ");
            num(out, b.x);
            out.push(' ');
            num(out, b.y + e);
            out.push('A');
            num(out, rx);
            out.push(' ');
            num(out, e);
            out.push_str(" 0 0 0 ");
            num(out, b.x + b.width);
            out.push(' ');
            num(out, b.y + e);
            out.push_str("\"/>");
            outside_label(out, a.name.as_deref(), b, s);
        }
        ArtifactKind::TextAnnotation { text } => {
            out.push_str("<path d=\"M");
            num(out, b.x + 10.0);
            out.push(' ');
            num(out, b.y);
            out.push('H');
            num(out, b.x);
            out.push('V');
            num(out, b.y + b.height);
            out.push('H');
            num(out, b.x + 10.0);
            let _ = write!(
                out,
                "\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.5\"/>"
            );
            let max_lines = ((b.height / LINE_H).floor() as usize).max(1);
            let lines = wrap(text, b.width - 8.0, max_lines, FONT);
            let top = b.y + b.height / 2.0 - (lines.len() as f64 - 1.0) * LINE_H / 2.0;
            for (i, l) in lines.iter().enumerate() {
                out.push_str("<text x=\"");
                num(out, b.x + 5.0);
                out.push_str("\" y=\"");
                num(out, top + i as f64 * LINE_H);
                out.push_str("\" dominant-baseline=\"central\">");
                esc(out, l);
                out.push_str("</text>");
            }
        }
        ArtifactKind::Group { .. } => {
            rect_with(
                out,
                b,
                8.0,
                "none",
                LINE,
                1.5,
                " stroke-dasharray=\"8 4 2 4\"",
            );
        }
    }
}

/// Polyline with an arrowhead (sequence and message flows) or dotted
/// (associations).
fn edge(out: &mut String, id: &str, pts: &[(f64, f64)], ix: &Index) {
    if pts.len() < 2 {
        return;
    }
    let (dash, arrow, start_circle) = if ix.flows.contains_key(id) {
        ("", Some(LINE), false)
    } else if ix.message_flows.contains_key(id) {
        (" stroke-dasharray=\"8 5\"", Some("#fff"), true)
    } else if let Some(a) = ix.associations.get(id) {
        let directed = !matches!(a.kind, ablauf_bpmn::model::AssociationKind::Association);
        (
            " stroke-dasharray=\"2 4\"",
            directed.then_some("#fff"),
            false,
        )
    } else {
        return;
    };
    out.push_str("<path d=\"M");
    for (i, (x, y)) in pts.iter().enumerate() {
        if i > 0 {
            out.push('L');
        }
        num(out, *x);
        out.push(' ');
        num(out, *y);
    }
    let _ = write!(
        out,
        "\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.5\" stroke-linejoin=\"round\"{dash}/>"
    );
    if start_circle {
        circle(out, pts[0].0, pts[0].1, 3.5, "#fff", 1.2, false);
    }
    if let Some(fill) = arrow {
        let (ax, ay) = pts[pts.len() - 2];
        let (bx, by) = pts[pts.len() - 1];
        let (dx, dy) = (bx - ax, by - ay);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 0.0 {
            let (ux, uy) = (dx / len, dy / len);
            let (l, w) = (10.0, 4.0);
            let (px, py) = (bx - ux * l, by - uy * l);
            out.push_str("<path d=\"M");
            num(out, bx);
            out.push(' ');
            num(out, by);
            out.push('L');
            num(out, px - uy * w);
            out.push(' ');
            num(out, py + ux * w);
            out.push('L');
            num(out, px + uy * w);
            out.push(' ');
            num(out, py - ux * w);
            let _ = write!(
                out,
                "Z\" fill=\"{fill}\" stroke=\"{LINE}\" stroke-width=\"1\" stroke-linejoin=\"round\"/>"
            );
        }
    }
}

/// Percent for probabilities: "30 %", "33,3 %".
fn percent(p: f64) -> String {
    crate::validate::percent(p)
}

/// Where the label of a flow without label bounds goes: (x, y, text-anchor
/// end?, room in pixels). Labels sit on the part of the route that is the
/// flow's own: a branch that runs along a corridor gets its label there, a
/// branch that turns into another row gets it at the turn, a straight flow
/// above its start.
fn label_anchor(pts: &[(f64, f64)]) -> (f64, f64, bool, f64) {
    let sy = pts[0].1;
    let segs: Vec<((f64, f64), (f64, f64))> = pts.windows(2).map(|w| (w[0], w[1])).collect();
    let horizontal = |(a, b): &((f64, f64), (f64, f64))| (a.1 - b.1).abs() < 0.5;
    if let Some((a, b)) = segs
        .iter()
        .find(|s| horizontal(s) && (s.0.1 - sy).abs() > 1.0 && (s.0.0 - s.1.0).abs() >= 60.0)
    {
        let y = if a.1 < sy { a.1 + 9.0 } else { a.1 - 8.0 };
        return (a.0.min(b.0) + 6.0, y, false, (a.0 - b.0).abs() - 10.0);
    }
    for w in segs.windows(2) {
        let (v, h) = (w[0], w[1]);
        if (v.0.0 - v.1.0).abs() < 0.5 && horizontal(&h) && (h.0.1 - sy).abs() > 1.0 {
            return (v.0.0 - 4.0, h.0.1 - 8.0, true, 100.0);
        }
    }
    let (a, b) = segs[0];
    if horizontal(&segs[0]) {
        return (
            a.0.min(b.0) + 6.0,
            a.1 - 8.0,
            false,
            ((a.0 - b.0).abs() - 10.0).max(60.0),
        );
    }
    (a.0 + 5.0, a.1 - 10.0, false, 100.0)
}

/// A named flow whose label needs a place: its route, the shape it enters,
/// its name and its percentage (empty when none).
pub(crate) struct LabelFor<'a> {
    pub pts: &'a [(f64, f64)],
    pub target: Option<Bounds>,
    pub name: &'a str,
    pub pct: String,
}

/// The widest a flow label gets: a column of the generated layout less air,
/// so labels of neighbouring columns never meet.
const LABEL_MAX_W: f64 = 150.0;

fn overlaps(a: &Bounds, b: &Bounds) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// A place a label may take: its left edge, the edge it hangs from (the box
/// ends there when `above`, else starts there), its widest and its lines.
#[derive(Clone, Copy)]
struct Slot {
    x: f64,
    edge: f64,
    above: bool,
    max_w: f64,
    max_lines: usize,
}

impl Slot {
    /// The label's box in this slot.
    fn bounds(&self, req: &LabelFor) -> Bounds {
        let lines = wrap_with_suffix(req.name, &req.pct, self.max_w, self.max_lines, FONT);
        let width = match lines.as_slice() {
            [one] => crate::text::text_width(one, FONT).ceil().min(self.max_w),
            _ => self.max_w,
        };
        let height = lines.len().max(1) as f64 * LABEL_LINE_H + 1.0;
        Bounds {
            x: self.x,
            y: if self.above {
                self.edge - height
            } else {
                self.edge
            },
            width,
            height,
        }
    }
}

/// The slots of one flow, best first: beside a corridor the route runs
/// along (an empty branch's own stretch), then above the shape the flow
/// enters, just right of where it turns in (the top margin of a row, where
/// the generated layout draws no shape), then below that shape, then
/// further above and below.
fn slots(req: &LabelFor) -> Vec<Slot> {
    let pts = req.pts;
    let mut out = Vec::new();
    if pts.len() < 2 {
        return out;
    }
    let sy = pts[0].1;
    let last = pts.len() - 2;
    for (i, w) in pts.windows(2).enumerate() {
        let ((ax, ay), (bx, by)) = (w[0], w[1]);
        let len = (ax - bx).abs();
        if (ay - by).abs() < 0.5 && (ay - sy).abs() > 1.0 && i != last && len >= 50.0 {
            let max_w = (len - 12.0).min(LABEL_MAX_W);
            let x = ax.min(bx) + 6.0;
            for (edge, above) in [(ay - 2.0, true), (ay + 2.0, false)] {
                out.push(Slot {
                    x,
                    edge,
                    above,
                    max_w,
                    max_lines: 1,
                });
            }
        }
    }
    if let Some(t) = req.target {
        let (px, _) = pts[pts.len() - 2];
        let x = (t.x - 26.0).max(px + 4.0);
        out.push(Slot {
            x,
            edge: t.y - 3.0,
            above: true,
            max_w: LABEL_MAX_W,
            max_lines: 2,
        });
        out.push(Slot {
            x,
            edge: t.y + t.height + 3.0,
            above: false,
            max_w: LABEL_MAX_W,
            max_lines: 1,
        });
        // Branches that share their route (empty branches into one join,
        // many of them in nested parallel parts) stack their labels above
        // and below it.
        for k in 1..=24 {
            let step = k as f64 * (LABEL_LINE_H + 1.0);
            out.push(Slot {
                x,
                edge: t.y - 3.0 - step,
                above: true,
                max_w: LABEL_MAX_W,
                max_lines: 1,
            });
            out.push(Slot {
                x,
                edge: t.y + t.height + 3.0 + step,
                above: false,
                max_w: LABEL_MAX_W,
                max_lines: 1,
            });
        }
    }
    out
}

/// Places the labels of named flows in free space next to their flows,
/// clear of `obstacles` (shapes, their labels, name bands) and of each
/// other: first every label in its best slot where that is free, then the
/// rest in the first free slot of theirs; a label with no free slot takes
/// the one above its target (which no shape of the generated layout
/// reaches). `None` for a flow with neither slots nor target.
pub(crate) fn place_flow_labels(reqs: &[LabelFor], obstacles: &[Bounds]) -> Vec<Option<Bounds>> {
    let all: Vec<Vec<Slot>> = reqs.iter().map(slots).collect();
    let mut placed: Vec<Option<Bounds>> = vec![None; reqs.len()];
    let free = |b: &Bounds, placed: &[Option<Bounds>]| {
        !obstacles.iter().any(|o| overlaps(b, o))
            && !placed.iter().flatten().any(|o| overlaps(b, o))
    };
    for (i, req) in reqs.iter().enumerate() {
        if let Some(b) = all[i].first().map(|s| s.bounds(req))
            && free(&b, &placed)
        {
            placed[i] = Some(b);
        }
    }
    for (i, req) in reqs.iter().enumerate() {
        if placed[i].is_some() {
            continue;
        }
        placed[i] = all[i]
            .iter()
            .map(|s| s.bounds(req))
            .find(|b| free(b, &placed));
        if placed[i].is_none() {
            let above = all[i]
                .iter()
                .find(|s| s.above && s.max_lines == 2)
                .or(all[i].first());
            placed[i] = above.map(|s| Slot { max_lines: 1, ..*s }.bounds(req));
        }
    }
    placed
}

fn edge_label(out: &mut String, id: &str, pts: &[(f64, f64)], label: Option<&Bounds>, ix: &Index) {
    let (name, prob) = if let Some(f) = ix.flows.get(id) {
        (f.name.as_deref(), f.probability)
    } else if let Some(n) = ix.message_flows.get(id) {
        (*n, None)
    } else {
        return;
    };
    let name = name.map(str::trim).unwrap_or("");
    if (name.is_empty() && prob.is_none()) || pts.len() < 2 {
        return;
    }
    let pct = prob.map(percent).unwrap_or_default();
    // The diagram's label bounds when it has them (Ablauf's export places
    // branch labels in free space next to the branch, see
    // [`place_flow_labels`]), the text wrapped into them; else one line
    // beside the route.
    let (x, top, end, lines) = match label {
        Some(l) if !name.is_empty() && l.height + 1.0 >= 2.0 * LABEL_LINE_H => {
            let n = ((l.height + 1.0) / LABEL_LINE_H).floor() as usize;
            let lines = wrap_with_suffix(name, &pct, l.width + 0.5, n, FONT);
            (l.x, l.y, false, lines)
        }
        Some(l) if !name.is_empty() => {
            let lines = wrap_with_suffix(name, &pct, l.width.max(120.0), 1, FONT);
            (l.x, l.y + l.height / 2.0 - LABEL_LINE_H / 2.0, false, lines)
        }
        _ => {
            let (x, y, end, room) = label_anchor(pts);
            let lines = wrap_with_suffix(name, &pct, room.max(40.0), 1, FONT);
            (x, y - LABEL_LINE_H / 2.0, end, lines)
        }
    };
    let halo =
        "paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"4\" stroke-linejoin=\"round\"";
    out.push_str("<text dominant-baseline=\"central\"");
    if end {
        out.push_str(" text-anchor=\"end\"");
    }
    let _ = write!(out, " {halo}>");
    let n = lines.len();
    for (i, line) in lines.iter().enumerate() {
        out.push_str("<tspan x=\"");
        num(out, x);
        out.push_str("\" y=\"");
        num(out, top + LABEL_LINE_H / 2.0 + i as f64 * LABEL_LINE_H);
        out.push_str("\">");
        let text = if i + 1 == n && !pct.is_empty() {
            line.strip_suffix(pct.as_str())
        } else {
            None
        };
        match text {
            Some(before) => {
                // The no-break space stays outside the coloured tspan:
                // renderers drop plain spaces at a tspan's edge.
                esc(out, before);
                let _ = write!(out, "<tspan fill=\"{PROB}\" font-weight=\"600\">");
                esc(out, &pct);
                out.push_str("</tspan>");
            }
            None => esc(out, line),
        }
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}

/// Draw a block model straight to print pages: [`crate::to_bpmn`] then
/// [`render_svg_pages`].
pub fn model_to_svg_pages(
    model: &BlockModel,
    name: &str,
    names: &dyn Fn(&str) -> Option<String>,
    catalogue: &Catalogue,
    max_width: f64,
) -> Vec<String> {
    let defs = crate::to_bpmn(model, name, names);
    render_svg_pages(&defs, catalogue, name, max_width)
}

/// Draw a block model straight to SVG: [`crate::to_bpmn`] then [`render_svg`].
pub fn model_to_svg(
    model: &BlockModel,
    name: &str,
    names: &dyn Fn(&str) -> Option<String>,
    catalogue: &Catalogue,
) -> String {
    let defs = crate::to_bpmn(model, name, names);
    render_svg(&defs, catalogue, name)
}
