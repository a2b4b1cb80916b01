//! Diagram generation: lanes per org unit, layered left-to-right layout.
//!
//! The layout is a grid. Columns are layers (longest path from the entry
//! nodes after removing back edges); rows belong to lanes, and a lane gets as
//! many rows as its most crowded column. Every shape sits inside one cell with
//! margins, so shapes never overlap. Flows run only through the free margins:
//! vertical segments in the gaps between columns (aligned across all pools),
//! horizontal segments either straight to the next column or along the top or
//! bottom margin of a row ("corridors"). So no flow crosses a shape.
//!
//! Subprocesses are drawn collapsed; their content gets its own diagram
//! (a drill-down plane, as Camunda Modeler and bpmn-js expect).
//! Groups get no shape (their members are defined by categories, not geometry).

use crate::Definitions;
use crate::ext::{self, qname};
use crate::model::{
    self, ArtifactKind, BPMN_NS, BPMNDI_NS, Bounds, Container, DC_NS, DI_NS, EventKind,
    FlowNodeKind, GatewayKind, Lane, Model,
};
use crate::xml::{Document, NodeId, NodeKind};
use std::collections::{HashMap, HashSet};

const COL_W: f64 = 160.0;
const ROW_H: f64 = 140.0;
/// Vertical centre of a shape within its row.
const ROW_CY: f64 = 70.0;
const HEADER: f64 = 30.0;
const ORIGIN_X: f64 = 150.0;
const ORIGIN_Y: f64 = 80.0;
/// Horizontal padding between the lane header and the first column gap.
const PAD_X: f64 = 20.0;

fn size_of_node(kind: &FlowNodeKind) -> (f64, f64) {
    match kind {
        FlowNodeKind::Event { .. } => (36.0, 36.0),
        FlowNodeKind::Gateway { .. } => (50.0, 50.0),
        _ => (100.0, 80.0),
    }
}

fn size_of_artifact(kind: &ArtifactKind) -> Option<(f64, f64)> {
    Some(match kind {
        ArtifactKind::DataObjectReference { .. }
        | ArtifactKind::DataInput
        | ArtifactKind::DataOutput => (36.0, 50.0),
        ArtifactKind::DataStoreReference { .. } => (50.0, 50.0),
        ArtifactKind::TextAnnotation { .. } => (100.0, 30.0),
        _ => return None,
    })
}

/// A shape to draw.
#[derive(Clone, Debug)]
struct Placed {
    id: String,
    bounds: Bounds,
    /// Global row index (for corridors) and column.
    row: usize,
    col: usize,
    row_top: f64,
    label: Option<Bounds>,
    boundary: bool,
    expanded: Option<bool>,
    marker: bool,
}

/// An edge to draw: flow id, waypoints, label text.
type EdgeOut = (String, Vec<(f64, f64)>, Option<String>);

#[derive(Default)]
struct Plane {
    shapes: Vec<Placed>,
    /// Pools and lanes: (id, bounds).
    frames: Vec<(String, Bounds)>,
    edges: Vec<EdgeOut>,
}

struct Grid<'a> {
    c: &'a Container,
    /// id -> (lane, layer, slot)
    cells: HashMap<String, (usize, usize, usize)>,
    lane_rows: Vec<usize>,
    layers: usize,
}

fn leaf_lanes<'a>(lanes: &'a [Lane], depth: usize, out: &mut Vec<(&'a Lane, usize)>) {
    for l in lanes {
        if l.children.is_empty() {
            out.push((l, depth));
        } else {
            leaf_lanes(&l.children, depth + 1, out);
        }
    }
}

fn lane_depth(lanes: &[Lane]) -> usize {
    lanes
        .iter()
        .map(|l| 1 + lane_depth(&l.children))
        .max()
        .unwrap_or(0)
}

/// Whether a node is drawn on its host's border: a boundary event whose host
/// is a (non-boundary) node of the same container. Anything else gets a cell.
/// Ids of the nodes of a container that can carry boundary events.
fn hosts_of(c: &Container) -> HashSet<&str> {
    c.nodes
        .iter()
        .filter(|x| !x.is_event(EventKind::Boundary))
        .map(|x| x.id.as_str())
        .collect()
}

fn on_host_in(hosts: &HashSet<&str>, n: &model::FlowNode) -> bool {
    n.is_event(EventKind::Boundary)
        && n.attached_to
            .as_deref()
            .is_some_and(|h| h != n.id && hosts.contains(h))
}

/// Assign layers and cells for one container.
fn grid<'a>(c: &'a Container, lane_of: &dyn Fn(&str) -> usize, n_lanes: usize) -> Grid<'a> {
    let host: HashMap<&str, &str> = c
        .nodes
        .iter()
        .filter_map(|n| Some((n.id.as_str(), n.attached_to.as_deref()?)))
        .collect();
    // Index once: real models have thousands of nodes, so no linear lookups per flow.
    let hosts = hosts_of(c);
    let by_id: HashMap<&str, &model::FlowNode> =
        c.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let rep = |id: &'a str| -> &'a str {
        match by_id.get(id) {
            Some(n) if on_host_in(&hosts, n) => host.get(id).copied().unwrap_or(id),
            _ => id,
        }
    };
    let grid_nodes: Vec<&str> = c
        .nodes
        .iter()
        .filter(|n| !on_host_in(&hosts, n))
        .map(|n| n.id.as_str())
        .collect();
    let known: HashSet<&str> = grid_nodes.iter().copied().collect();
    let mut succ: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut has_in: HashSet<&str> = HashSet::new();
    for f in &c.flows {
        let (s, t) = (rep(&f.source), rep(&f.target));
        if known.contains(s) && known.contains(t) && s != t {
            succ.entry(s).or_default().push(t);
            has_in.insert(t);
        }
    }
    // DFS from entries to find back edges; start events first for a natural order.
    let mut order: Vec<&str> = grid_nodes
        .iter()
        .copied()
        .filter(|id| by_id.get(id).is_some_and(|n| n.is_event(EventKind::Start)))
        .collect();
    order.extend(grid_nodes.iter().copied().filter(|id| !has_in.contains(id)));
    order.extend(grid_nodes.iter().copied());
    let mut state: HashMap<&str, u8> = HashMap::new(); // 1 = on stack, 2 = done
    let mut back: HashSet<(&str, &str)> = HashSet::new();
    let mut topo: Vec<&str> = Vec::new();
    for &s in &order {
        if state.contains_key(s) {
            continue;
        }
        // Iterative DFS: (node, next child index)
        let mut stack: Vec<(&str, usize)> = vec![(s, 0)];
        state.insert(s, 1);
        while let Some((n, i)) = stack.pop() {
            let ch = succ.get(n).map(Vec::as_slice).unwrap_or(&[]);
            if i < ch.len() {
                stack.push((n, i + 1));
                let t = ch[i];
                match state.get(t) {
                    None => {
                        state.insert(t, 1);
                        stack.push((t, 0));
                    }
                    Some(1) => {
                        back.insert((n, t));
                    }
                    _ => {}
                }
            } else {
                state.insert(n, 2);
                topo.push(n);
            }
        }
    }
    topo.reverse();
    let mut layer: HashMap<&str, usize> = HashMap::new();
    for &n in &topo {
        let l = *layer.entry(n).or_insert(0);
        for &t in succ.get(n).map(Vec::as_slice).unwrap_or(&[]) {
            if !back.contains(&(n, t)) {
                let e = layer.entry(t).or_insert(0);
                *e = (*e).max(l + 1);
            }
        }
    }
    let mut cells: HashMap<String, (usize, usize, usize)> = HashMap::new();
    let mut fill: HashMap<(usize, usize), usize> = HashMap::new();
    let mut place =
        |id: &str, lane: usize, l: usize, cells: &mut HashMap<String, (usize, usize, usize)>| {
            let slot = fill.entry((lane, l)).or_insert(0);
            cells.insert(id.to_owned(), (lane, l, *slot));
            *slot += 1;
        };
    for &n in &grid_nodes {
        place(
            n,
            lane_of(n).min(n_lanes - 1),
            layer.get(n).copied().unwrap_or(0),
            &mut cells,
        );
    }
    // Artifacts sit in the cell stack of the node they are associated with.
    for a in &c.artifacts {
        if size_of_artifact(&a.kind).is_none() || a.id.is_empty() {
            continue;
        }
        let linked = c.associations.iter().find_map(|s| {
            let ends: Vec<&str> = s
                .sources
                .iter()
                .map(String::as_str)
                .chain(s.target.as_deref())
                .collect();
            if !ends.contains(&a.id.as_str()) {
                return None;
            }
            ends.into_iter().map(rep).find(|e| known.contains(e))
        });
        let (lane, l) = match linked {
            Some(n) => (
                lane_of(n).min(n_lanes - 1),
                layer.get(n).copied().unwrap_or(0),
            ),
            None => (n_lanes - 1, 0),
        };
        place(&a.id, lane, l, &mut cells);
    }
    let layers = cells.values().map(|c| c.1 + 1).max().unwrap_or(1);
    let mut lane_rows = vec![1usize; n_lanes];
    for (lane, _, slot) in cells.values() {
        lane_rows[*lane] = lane_rows[*lane].max(slot + 1);
    }
    Grid {
        c,
        cells,
        lane_rows,
        layers,
    }
}

fn label_below(b: &Bounds) -> Bounds {
    Bounds {
        x: b.x + b.width / 2.0 - 45.0,
        y: b.y + b.height + 5.0,
        width: 90.0,
        height: 27.0,
    }
}

/// Place a grid's items; `x0` is the x of the first column gap, `y0` the top of the first row.
fn place_grid(
    g: &Grid,
    x0: f64,
    lane_tops: &[f64],
    plane: &mut Plane,
    row_base: usize,
    row_starts: &[usize],
) {
    let mut hosts: HashMap<&str, usize> = HashMap::new();
    for n in &g.c.nodes {
        let Some((lane, layer, slot)) = g.cells.get(&n.id).copied() else {
            continue;
        };
        let (w, h) = size_of_node(&n.kind);
        let row_top = lane_tops[lane] + slot as f64 * ROW_H;
        let cx = x0 + layer as f64 * COL_W + COL_W / 2.0;
        let b = Bounds {
            x: cx - w / 2.0,
            y: row_top + ROW_CY - h / 2.0,
            width: w,
            height: h,
        };
        let labelled = matches!(
            n.kind,
            FlowNodeKind::Event { .. } | FlowNodeKind::Gateway { .. }
        ) && n.name.as_deref().is_some_and(|s| !s.trim().is_empty());
        plane.shapes.push(Placed {
            id: n.id.clone(),
            bounds: b,
            row: row_base + row_starts[lane] + slot,
            col: layer,
            row_top,
            label: labelled.then(|| label_below(&b)),
            boundary: false,
            expanded: matches!(n.kind, FlowNodeKind::SubProcess { .. }).then_some(false),
            marker: matches!(
                n.kind,
                FlowNodeKind::Gateway {
                    gateway: GatewayKind::Exclusive
                }
            ),
        });
    }
    for a in &g.c.artifacts {
        let (Some((lane, layer, slot)), Some((w, h))) =
            (g.cells.get(&a.id).copied(), size_of_artifact(&a.kind))
        else {
            continue;
        };
        let row_top = lane_tops[lane] + slot as f64 * ROW_H;
        let cx = x0 + layer as f64 * COL_W + COL_W / 2.0;
        let b = Bounds {
            x: cx - w / 2.0,
            y: row_top + ROW_CY - h / 2.0,
            width: w,
            height: h,
        };
        let labelled = !matches!(a.kind, ArtifactKind::TextAnnotation { .. })
            && a.name.as_deref().is_some_and(|s| !s.trim().is_empty());
        plane.shapes.push(Placed {
            id: a.id.clone(),
            bounds: b,
            row: row_base + row_starts[lane] + slot,
            col: layer,
            row_top,
            label: labelled.then(|| label_below(&b)),
            boundary: false,
            expanded: None,
            marker: false,
        });
    }
    // Boundary events on the bottom edge of their host.
    let host_ids = hosts_of(g.c);
    let placed: HashMap<String, usize> = plane
        .shapes
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for n in &g.c.nodes {
        if let Some(h) = n.attached_to.as_deref()
            && on_host_in(&host_ids, n)
        {
            *counts.entry(h).or_default() += 1;
        }
    }
    for n in &g.c.nodes {
        let Some(h) = n.attached_to.as_deref() else {
            continue;
        };
        if !on_host_in(&host_ids, n) {
            continue;
        }
        let Some(host) = placed.get(h).and_then(|i| plane.shapes.get(*i)).cloned() else {
            continue;
        };
        let k = hosts.entry(h).or_insert(0);
        // On small hosts (only in invalid models) sit lower, clear of the exit at mid-height.
        let sink = if host.bounds.height < 60.0 {
            10.0
        } else {
            18.0
        };
        // The row of a host's events stays inside its column, so that no flow
        // running down a column gap crosses one: shifted left, and closer
        // together only when even that is not enough.
        let count = counts.get(h).copied().unwrap_or(1).max(1) as f64;
        let (left, right) = (
            x0 + host.col as f64 * COL_W + 2.0,
            x0 + (host.col + 1) as f64 * COL_W - 2.0,
        );
        let mut pitch = 40.0;
        let mut start = host.bounds.x + 10.0;
        if start + (count - 1.0) * pitch + 36.0 > right {
            start = (right - (count - 1.0) * pitch - 36.0).max(left);
            if count > 1.0 {
                pitch = pitch.min((right - start - 36.0) / (count - 1.0));
            }
        }
        let b = Bounds {
            x: start + *k as f64 * pitch,
            y: host.bounds.y + host.bounds.height - sink,
            width: 36.0,
            height: 36.0,
        };
        *k += 1;
        plane.shapes.push(Placed {
            id: n.id.clone(),
            bounds: b,
            row: host.row,
            col: host.col,
            row_top: host.row_top,
            label: None,
            boundary: true,
            expanded: None,
            marker: false,
        });
    }
}

/// Route from one placed shape to another through gaps and corridors.
fn route(s: &Placed, t: &Placed, x0: f64) -> Vec<(f64, f64)> {
    let gap = |col: usize| x0 + col as f64 * COL_W;
    let (scx, scy) = (
        s.bounds.x + s.bounds.width / 2.0,
        s.bounds.y + s.bounds.height / 2.0,
    );
    let tcy = t.bounds.y + t.bounds.height / 2.0;
    if !s.boundary && !t.boundary && t.col == s.col + 1 {
        let gx = gap(t.col);
        if (scy - tcy).abs() < 0.5 {
            return vec![(s.bounds.x + s.bounds.width, scy), (t.bounds.x, tcy)];
        }
        return vec![
            (s.bounds.x + s.bounds.width, scy),
            (gx, scy),
            (gx, tcy),
            (t.bounds.x, tcy),
        ];
    }
    let mut pts = Vec::new();
    let down = t.row >= s.row;
    let corridor = if s.boundary || down {
        s.row_top + ROW_H - 6.0
    } else {
        s.row_top + 12.0
    };
    if s.boundary {
        pts.push((scx, s.bounds.y + s.bounds.height));
        pts.push((scx, corridor));
    } else {
        let gx1 = gap(s.col + 1);
        pts.push((s.bounds.x + s.bounds.width, scy));
        pts.push((gx1, scy));
        pts.push((gx1, corridor));
    }
    let gx2 = gap(t.col);
    pts.push((gx2, corridor));
    if t.boundary {
        // Only invalid models flow into a boundary event; enter it from below
        // through the bottom margin of its row, clear of the host and its siblings.
        let below = t.row_top + ROW_H - 6.0;
        let tcx = t.bounds.x + t.bounds.width / 2.0;
        pts.push((gx2, below));
        pts.push((tcx, below));
        pts.push((tcx, t.bounds.y + t.bounds.height));
    } else {
        pts.push((gx2, tcy));
        pts.push((t.bounds.x, tcy));
    }
    pts.dedup();
    pts
}

/// Route a message flow between pools: along column gaps, entering the
/// target from the top or bottom margin of its row.
fn route_message(
    s: Option<&Placed>,
    s_pool: &Bounds,
    t: Option<&Placed>,
    t_pool: &Bounds,
    x0: f64,
) -> Vec<(f64, f64)> {
    let gap = |col: usize| x0 + col as f64 * COL_W;
    let down = t_pool.y > s_pool.y;
    let mut pts = Vec::new();
    let gx = match (s, t) {
        (Some(s), _) => gap(s.col + 1),
        (None, Some(t)) => gap(t.col),
        (None, None) => s_pool.x + s_pool.width / 2.0,
    };
    match s {
        Some(s) => {
            let cy = s.bounds.y + s.bounds.height / 2.0;
            pts.push((s.bounds.x + s.bounds.width, cy));
            pts.push((gx, cy));
        }
        None => pts.push((
            gx,
            if down {
                s_pool.y + s_pool.height
            } else {
                s_pool.y
            },
        )),
    }
    match t {
        Some(t) => {
            let cx = t.bounds.x + t.bounds.width / 2.0;
            let corridor = if down {
                t.row_top + 12.0
            } else {
                t.row_top + ROW_H - 6.0
            };
            pts.push((gx, corridor));
            pts.push((cx, corridor));
            pts.push((
                cx,
                if down {
                    t.bounds.y
                } else {
                    t.bounds.y + t.bounds.height
                },
            ));
        }
        None => pts.push((
            gx,
            if down {
                t_pool.y
            } else {
                t_pool.y + t_pool.height
            },
        )),
    }
    pts.dedup();
    pts
}

fn edges_for(c: &Container, plane: &mut Plane, x0: f64) {
    let index: HashMap<String, Placed> = plane
        .shapes
        .iter()
        .map(|s| (s.id.clone(), s.clone()))
        .collect();
    let find = |_: &Plane, id: &str| index.get(id).cloned();
    for f in &c.flows {
        if let (Some(s), Some(t)) = (find(plane, &f.source), find(plane, &f.target)) {
            plane
                .edges
                .push((f.id.clone(), route(&s, &t, x0), f.name.clone()));
        }
    }
    for a in &c.associations {
        let (Some(id), Some(src), Some(tgt)) =
            (a.id.as_ref(), a.sources.first(), a.target.as_ref())
        else {
            continue;
        };
        if let (Some(s), Some(t)) = (find(plane, src), find(plane, tgt)) {
            plane.edges.push((id.clone(), route(&s, &t, x0), None));
        }
    }
}

/// Replace all diagrams of `defs` with a generated one. Processes whose tasks
/// carry org units but have no lanes get a lane per org unit; processes with
/// lanes but no pool get a pool (bpmn-js needs one to show lanes).
pub fn layout(defs: &mut Definitions) {
    let doc = &mut defs.doc;
    let Some(root) = doc.root() else { return };
    let ns = model::Ns::of(doc);
    let old: Vec<NodeId> = doc
        .child_elements(root)
        .filter(|c| model::is(doc, *c, ns.bpmndi, "BPMNDiagram"))
        .collect();
    for d in old {
        doc.remove_indented(d);
    }
    add_org_unit_lanes(doc);
    ensure_pools(doc);
    let m = model::build(doc);
    let planes = compute(&m);
    let ns = model::Ns::of(doc);
    // Diagrams go before any `relationship` (XSD order: rootElements, diagrams, relationships).
    let at = doc
        .child_elements(root)
        .position(|c| model::is(doc, c, ns.bpmn, "relationship"));
    emit(doc, planes, at);
}

/// Lanes per org unit for processes without a lane set.
fn add_org_unit_lanes(doc: &mut Document) {
    let m = model::build(doc);
    for p in &m.processes {
        if !p.lanes.is_empty() {
            continue;
        }
        let mut units: Vec<String> = Vec::new();
        let mut unit_of: HashMap<&str, usize> = HashMap::new();
        // Building-block models: a node without an org unit of its own (the
        // gateways of a variant or parallel part) takes that of the
        // subprocess it belongs to — not that of whatever comes before it,
        // which may be the last step of another subprocess in another lane.
        let sp_units: HashMap<String, String> = ext::read_subprocesses(doc, p.node)
            .into_iter()
            .filter_map(|d| Some((d.id, d.org_unit?)))
            .collect();
        let ablauf_ns = doc.ns_id(crate::ns::ABLAUF_NS);
        let subprocess_of = |n: &model::FlowNode| {
            n.step
                .as_ref()
                .and_then(|s| s.subprocess.clone())
                .or_else(|| ablauf_ns.and_then(|ns| doc.attr_ns(n.node, ns, ext::SUBPROCESS)))
        };
        for n in &p.content.nodes {
            let own = n.step.as_ref().and_then(|s| s.org_unit.clone());
            let inherited = || subprocess_of(n).and_then(|sp| sp_units.get(&sp).cloned());
            if let Some(u) = own.or_else(inherited) {
                let i = units.iter().position(|x| *x == u).unwrap_or_else(|| {
                    units.push(u);
                    units.len() - 1
                });
                unit_of.insert(&n.id, i);
            }
        }
        if units.is_empty() {
            continue;
        }
        // Nodes without an org unit follow their predecessor, else their
        // successor; boundary events follow their host. Breadth-first, so
        // linear in the model size.
        let ids: HashSet<&str> = p.content.nodes.iter().map(|n| n.id.as_str()).collect();
        let mut fwd: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut bwd: HashMap<&str, Vec<&str>> = HashMap::new();
        for f in &p.content.flows {
            if ids.contains(f.source.as_str()) && ids.contains(f.target.as_str()) {
                fwd.entry(f.source.as_str())
                    .or_default()
                    .push(f.target.as_str());
                bwd.entry(f.target.as_str())
                    .or_default()
                    .push(f.source.as_str());
            }
        }
        for n in &p.content.nodes {
            if let Some(h) = n.attached_to.as_deref().filter(|h| ids.contains(h)) {
                fwd.entry(h).or_default().push(n.id.as_str());
            }
        }
        for adj in [&fwd, &bwd] {
            let mut queue: std::collections::VecDeque<&str> = p
                .content
                .nodes
                .iter()
                .map(|n| n.id.as_str())
                .filter(|id| unit_of.contains_key(id))
                .collect();
            while let Some(id) = queue.pop_front() {
                let u = unit_of[id];
                for &next in adj.get(id).map(Vec::as_slice).unwrap_or(&[]) {
                    if !unit_of.contains_key(next) {
                        unit_of.insert(next, u);
                        queue.push_back(next);
                    }
                }
            }
        }
        let bp = ext::bpmn_prefix(doc, p.node).unwrap_or_default();
        let set_id = unique_id(doc, &format!("LaneSet_{}", p.id));
        let set = ext::new_element(
            doc,
            qname(&bp, "laneSet"),
            BPMN_NS,
            vec![("id".into(), set_id)],
        );
        let docs = doc
            .child_elements(p.node)
            .take_while(|c| {
                doc.element(*c).is_some_and(|e| {
                    matches!(
                        e.local(),
                        "documentation"
                            | "extensionElements"
                            | "auditing"
                            | "monitoring"
                            | "property"
                    )
                })
            })
            .count();
        let set = doc.insert_element_indented(p.node, docs, set);
        for (i, u) in units.iter().enumerate() {
            let lane_id = unique_id(doc, &format!("Lane_{}_{}", p.id, i + 1));
            let el = ext::new_element(
                doc,
                qname(&bp, "lane"),
                BPMN_NS,
                vec![("id".into(), lane_id), ("name".into(), u.clone())],
            );
            let lane = doc.append_element_indented(set, el);
            for n in &p.content.nodes {
                if unit_of.get(n.id.as_str()) == Some(&i) {
                    let el = ext::new_element(doc, qname(&bp, "flowNodeRef"), BPMN_NS, vec![]);
                    let r = doc.append_element_indented(lane, el);
                    let t = doc.push(NodeKind::Text(crate::xml::escape_text(&n.id).into()));
                    doc.append(r, t);
                }
            }
        }
    }
}

/// Wrap processes with lanes in a collaboration when there is none.
fn ensure_pools(doc: &mut Document) {
    let m = model::build(doc);
    if !m.collaborations.is_empty() || !m.processes.iter().any(|p| !p.lanes.is_empty()) {
        return;
    }
    let Some(root) = doc.root() else { return };
    let first = m.processes[0].node;
    let bp = ext::bpmn_prefix(doc, first).unwrap_or_default();
    let idx = doc
        .child_elements(root)
        .position(|c| c == first)
        .unwrap_or(0);
    let col_id = unique_id(doc, "Collaboration_1");
    let el = ext::new_element(
        doc,
        qname(&bp, "collaboration"),
        BPMN_NS,
        vec![("id".into(), col_id)],
    );
    let col = doc.insert_element_indented(root, idx, el);
    for p in &m.processes {
        let pid = unique_id(doc, &format!("Participant_{}", p.id));
        let mut attrs = vec![("id".into(), pid)];
        if let Some(n) = &p.name {
            attrs.push(("name".into(), n.clone()));
        }
        attrs.push(("processRef".into(), p.id.clone()));
        let el = ext::new_element(doc, qname(&bp, "participant"), BPMN_NS, attrs);
        doc.append_element_indented(col, el);
    }
}

fn unique_id(doc: &Document, base: &str) -> String {
    let taken = |id: &str| {
        doc.root().is_some_and(|r| {
            doc.descendants(r)
                .any(|n| doc.attr_raw(n, "id") == Some(id))
        })
    };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|i| format!("{base}_{i}"))
        .find(|c| !taken(c))
        .unwrap_or_default()
}

/// One diagram: plane element id and its content.
struct PlaneOut {
    element: String,
    plane: Plane,
}

/// The content drawn in each pool: the process plus the collaboration-level
/// artifacts (annotations, data) associated with its nodes; unlinked ones go
/// to the first pool with a process.
fn pool_contents(m: &Model, col: &model::Collaboration) -> Vec<Option<Container>> {
    let mut contents: Vec<Option<Container>> = col
        .participants
        .iter()
        .map(|part| {
            let r = part.process_ref.as_ref()?;
            m.processes
                .iter()
                .find(|p| &p.id == r)
                .map(|p| p.content.clone())
        })
        .collect();
    let Some(first) = contents.iter().position(Option::is_some) else {
        return contents;
    };
    for a in col
        .artifacts
        .iter()
        .filter(|a| size_of_artifact(&a.kind).is_some())
    {
        let links: Vec<&model::Association> = col
            .associations
            .iter()
            .filter(|s| s.sources.contains(&a.id) || s.target.as_ref() == Some(&a.id))
            .collect();
        let home = contents
            .iter()
            .position(|c| {
                c.as_ref().is_some_and(|c| {
                    links.iter().any(|s| {
                        s.sources
                            .iter()
                            .chain(s.target.as_ref())
                            .any(|e| c.nodes.iter().any(|n| &n.id == e))
                    })
                })
            })
            .unwrap_or(first);
        if let Some(c) = contents[home].as_mut() {
            c.artifacts.push(a.clone());
            c.associations.extend(links.into_iter().cloned());
        }
    }
    contents
}

fn compute(m: &Model) -> Vec<PlaneOut> {
    let mut out = Vec::new();
    let depth = m
        .processes
        .iter()
        .map(|p| lane_depth(&p.lanes))
        .max()
        .unwrap_or(0);
    if let Some(col) = m.collaborations.first() {
        let x0 = ORIGIN_X + HEADER + depth as f64 * HEADER + PAD_X;
        let mut plane = Plane::default();
        let mut grids = Vec::new();
        let mut max_layers = 1;
        let contents = pool_contents(m, col);
        for (part, content) in col.participants.iter().zip(&contents) {
            let proc_ = part
                .process_ref
                .as_ref()
                .and_then(|r| m.processes.iter().find(|p| &p.id == r));
            if let (Some(p), Some(content)) = (proc_, content) {
                let mut leaves = Vec::new();
                leaf_lanes(&p.lanes, 0, &mut leaves);
                let lane_idx: HashMap<&str, usize> = leaves
                    .iter()
                    .enumerate()
                    .flat_map(|(i, (l, _))| l.flow_node_refs.iter().map(move |r| (r.as_str(), i)))
                    .collect();
                let unassigned = p
                    .content
                    .nodes
                    .iter()
                    .any(|n| !lane_idx.contains_key(n.id.as_str()) && n.attached_to.is_none());
                let n_lanes = leaves.len().max(1) + usize::from(unassigned && !leaves.is_empty());
                let extra = leaves.len();
                let lane_of = |id: &str| {
                    lane_idx
                        .get(id)
                        .copied()
                        .unwrap_or(if leaves.is_empty() { 0 } else { extra })
                };
                let g = grid(content, &lane_of, n_lanes);
                max_layers = max_layers.max(g.layers);
                grids.push((part, Some(p), Some(g), leaves));
            } else {
                grids.push((part, None, None, Vec::new()));
            }
        }
        let width = HEADER + depth as f64 * HEADER + PAD_X + max_layers as f64 * COL_W + PAD_X;
        let mut y = ORIGIN_Y;
        let mut row_base = 0;
        let mut pools: HashMap<String, Bounds> = HashMap::new();
        for (part, p, g, leaves) in &grids {
            let Some(g) = g else {
                let b = Bounds {
                    x: ORIGIN_X,
                    y,
                    width,
                    height: 60.0,
                };
                plane.frames.push((part.id.clone(), b));
                pools.insert(part.id.clone(), b);
                y += 60.0 + 30.0;
                continue;
            };
            let mut lane_tops = Vec::new();
            let mut row_starts = Vec::new();
            let mut ly = y;
            let mut r = 0;
            for rows in &g.lane_rows {
                lane_tops.push(ly);
                row_starts.push(r);
                ly += *rows as f64 * ROW_H;
                r += rows;
            }
            let pool = Bounds {
                x: ORIGIN_X,
                y,
                width,
                height: ly - y,
            };
            plane.frames.push((part.id.clone(), pool));
            pools.insert(part.id.clone(), pool);
            // Lane frames: leaves, then parents spanning their leaves.
            if let Some(p) = p {
                lane_frames(
                    &p.lanes,
                    leaves,
                    &lane_tops,
                    &g.lane_rows,
                    &mut plane,
                    ORIGIN_X + HEADER,
                    width - HEADER,
                );
                for n in p.content.nodes.iter().filter(|n| n.content.is_some()) {
                    out.extend(sub_planes(n));
                }
            }
            place_grid(g, x0, &lane_tops, &mut plane, row_base, &row_starts);
            row_base += r;
            y = ly + 30.0;
        }
        for (_, _, g, _) in &grids {
            if let Some(g) = g {
                edges_for(g.c, &mut plane, x0);
            }
        }
        // Message flows.
        let pool_of = |id: &str| -> Option<String> {
            if pools.contains_key(id) {
                return Some(id.to_owned());
            }
            col.participants.iter().find_map(|part| {
                let p = m
                    .processes
                    .iter()
                    .find(|p| Some(&p.id) == part.process_ref.as_ref())?;
                p.content
                    .nodes
                    .iter()
                    .any(|n| n.id == id)
                    .then(|| part.id.clone())
            })
        };
        for mf in &col.message_flows {
            let (Some(sp), Some(tp)) = (pool_of(&mf.source), pool_of(&mf.target)) else {
                continue;
            };
            let s = plane.shapes.iter().find(|s| s.id == mf.source).cloned();
            let t = plane.shapes.iter().find(|s| s.id == mf.target).cloned();
            let pts = if sp == tp {
                match (&s, &t) {
                    (Some(s), Some(t)) => route(s, t, x0),
                    _ => continue,
                }
            } else {
                route_message(s.as_ref(), &pools[&sp], t.as_ref(), &pools[&tp], x0)
            };
            plane.edges.push((mf.id.clone(), pts, mf.name.clone()));
        }
        out.insert(
            0,
            PlaneOut {
                element: col.id.clone(),
                plane,
            },
        );
        // Processes outside the collaboration get their own diagrams.
        for p in &m.processes {
            if !col
                .participants
                .iter()
                .any(|part| part.process_ref.as_ref() == Some(&p.id))
            {
                out.push(PlaneOut {
                    element: p.id.clone(),
                    plane: simple_plane(&p.content),
                });
                for n in p.content.nodes.iter().filter(|n| n.content.is_some()) {
                    out.extend(sub_planes(n));
                }
            }
        }
    } else {
        for p in &m.processes {
            out.push(PlaneOut {
                element: p.id.clone(),
                plane: simple_plane(&p.content),
            });
            for n in p.content.nodes.iter().filter(|n| n.content.is_some()) {
                out.extend(sub_planes(n));
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn lane_frames(
    lanes: &[Lane],
    leaves: &[(&Lane, usize)],
    lane_tops: &[f64],
    lane_rows: &[usize],
    plane: &mut Plane,
    x: f64,
    width: f64,
) {
    for l in lanes {
        let mut mine = Vec::new();
        leaf_lanes(std::slice::from_ref(l), 0, &mut mine);
        let idx: Vec<usize> = mine
            .iter()
            .filter_map(|(m, _)| leaves.iter().position(|(x, _)| x.id == m.id))
            .collect();
        let (Some(&first), Some(&last)) = (idx.iter().min(), idx.iter().max()) else {
            continue;
        };
        let top = lane_tops[first];
        let bottom = lane_tops[last] + lane_rows[last] as f64 * ROW_H;
        plane.frames.push((
            l.id.clone(),
            Bounds {
                x,
                y: top,
                width,
                height: bottom - top,
            },
        ));
        lane_frames(
            &l.children,
            leaves,
            lane_tops,
            lane_rows,
            plane,
            x + HEADER,
            width - HEADER,
        );
    }
}

fn simple_plane(c: &Container) -> Plane {
    let x0 = ORIGIN_X;
    let g = grid(c, &|_| 0, 1);
    let mut plane = Plane::default();
    place_grid(&g, x0, &[ORIGIN_Y], &mut plane, 0, &[0]);
    edges_for(c, &mut plane, x0);
    plane
}

fn sub_planes(n: &model::FlowNode) -> Vec<PlaneOut> {
    let Some(c) = &n.content else {
        return Vec::new();
    };
    let mut out = vec![PlaneOut {
        element: n.id.clone(),
        plane: simple_plane(c),
    }];
    for ch in c.nodes.iter().filter(|x| x.content.is_some()) {
        out.extend(sub_planes(ch));
    }
    out
}

fn fmt(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn ensure_prefix(doc: &mut Document, uri: &str, want: &str) -> String {
    if let Some(p) = doc.root_prefix_for(uri) {
        return p;
    }
    let Some(root) = doc.root() else {
        return want.to_owned();
    };
    let mut prefix = want.to_owned();
    let mut i = 1;
    while doc.lookup_prefix(root, Some(&prefix)).is_some() {
        prefix = format!("{want}{i}");
        i += 1;
    }
    doc.intern_ns(uri);
    if let Some(e) = doc.element_mut(root) {
        e.attrs.push(crate::xml::Attr::new(
            &format!("xmlns:{prefix}"),
            &crate::xml::escape_attr(uri),
            crate::xml::NO_NS,
        ));
    }
    prefix
}

fn emit(doc: &mut Document, planes: Vec<PlaneOut>, at: Option<usize>) {
    let Some(root) = doc.root() else { return };
    let di = ensure_prefix(doc, BPMNDI_NS, "bpmndi");
    let dc = ensure_prefix(doc, DC_NS, "dc");
    let dd = ensure_prefix(doc, DI_NS, "di");
    let mut used: HashSet<String> = doc
        .descendants(root)
        .filter_map(|n| doc.attr(n, "id"))
        .collect();
    let mut fresh = |base: String| {
        let mut id = base.clone();
        let mut i = 2;
        while used.contains(&id) {
            id = format!("{base}_{i}");
            i += 1;
        }
        used.insert(id.clone());
        id
    };
    let bounds_el = |doc: &mut Document, b: &Bounds| {
        ext::new_element(
            doc,
            qname(&dc, "Bounds"),
            DC_NS,
            vec![
                ("x".into(), fmt(b.x)),
                ("y".into(), fmt(b.y)),
                ("width".into(), fmt(b.width)),
                ("height".into(), fmt(b.height)),
            ],
        )
    };
    for (i, po) in planes.into_iter().enumerate() {
        let did = fresh(format!("BPMNDiagram_{}", i + 1));
        let el = ext::new_element(
            doc,
            qname(&di, "BPMNDiagram"),
            BPMNDI_NS,
            vec![("id".into(), did)],
        );
        let d = match at {
            Some(at) => doc.insert_element_indented(root, at + i, el),
            None => doc.append_element_indented(root, el),
        };
        let pid = fresh(format!("BPMNPlane_{}", i + 1));
        let el = ext::new_element(
            doc,
            qname(&di, "BPMNPlane"),
            BPMNDI_NS,
            vec![
                ("id".into(), pid),
                ("bpmnElement".into(), po.element.clone()),
            ],
        );
        let plane = doc.append_element_indented(d, el);
        for (id, b) in &po.plane.frames {
            let mut attrs = vec![
                ("id".into(), fresh(format!("{id}_di"))),
                ("bpmnElement".into(), id.clone()),
            ];
            attrs.push(("isHorizontal".into(), "true".into()));
            let el = ext::new_element(doc, qname(&di, "BPMNShape"), BPMNDI_NS, attrs);
            let s = doc.append_element_indented(plane, el);
            let be = bounds_el(doc, b);
            doc.append_element_indented(s, be);
        }
        for s in &po.plane.shapes {
            let mut attrs = vec![
                ("id".into(), fresh(format!("{}_di", s.id))),
                ("bpmnElement".into(), s.id.clone()),
            ];
            if let Some(e) = s.expanded {
                attrs.push(("isExpanded".into(), e.to_string()));
            }
            if s.marker {
                attrs.push(("isMarkerVisible".into(), "true".into()));
            }
            let el = ext::new_element(doc, qname(&di, "BPMNShape"), BPMNDI_NS, attrs);
            let sh = doc.append_element_indented(plane, el);
            let be = bounds_el(doc, &s.bounds);
            doc.append_element_indented(sh, be);
            if let Some(l) = &s.label {
                let el = ext::new_element(doc, qname(&di, "BPMNLabel"), BPMNDI_NS, vec![]);
                let lab = doc.append_element_indented(sh, el);
                let be = bounds_el(doc, l);
                doc.append_element_indented(lab, be);
            }
        }
        for (id, pts, name) in &po.plane.edges {
            let attrs = vec![
                ("id".into(), fresh(format!("{id}_di"))),
                ("bpmnElement".into(), id.clone()),
            ];
            let el = ext::new_element(doc, qname(&di, "BPMNEdge"), BPMNDI_NS, attrs);
            let e = doc.append_element_indented(plane, el);
            for (x, y) in pts {
                let el = ext::new_element(
                    doc,
                    qname(&dd, "waypoint"),
                    DI_NS,
                    vec![("x".into(), fmt(*x)), ("y".into(), fmt(*y))],
                );
                doc.append_element_indented(e, el);
            }
            if name.as_deref().is_some_and(|n| !n.trim().is_empty())
                && let Some(&(x, y)) = pts.get(1).or(pts.first())
            {
                let el = ext::new_element(doc, qname(&di, "BPMNLabel"), BPMNDI_NS, vec![]);
                let lab = doc.append_element_indented(e, el);
                let be = bounds_el(
                    doc,
                    &Bounds {
                        x: x + 5.0,
                        y: y - 20.0,
                        width: 60.0,
                        height: 14.0,
                    },
                );
                doc.append_element_indented(lab, be);
            }
        }
    }
}
