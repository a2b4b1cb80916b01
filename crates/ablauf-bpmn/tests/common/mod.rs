//! Shared helpers for the integration tests: locating the shared data and
//! an independent (roxmltree-based) equivalence check.
#![allow(dead_code)]

use ablauf_bpmn::EventKind;
use ablauf_bpmn::model::{ArtifactKind, Bounds, Diagram};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// `<workspace>/../shared/data`, or `$ABLAUF_SHARED_DATA`.
/// Missing data fails under `CI=true`, otherwise the caller skips.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("ABLAUF_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    if dir.join("bpmn-miwg/Reference").is_dir() {
        // Canonical, so xmllint resolves the schema's relative includes.
        return Some(std::fs::canonicalize(&dir).unwrap_or(dir));
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "shared test data missing at {} (set ABLAUF_SHARED_DATA)",
            dir.display()
        );
    }
    eprintln!("SKIP: shared test data missing at {}", dir.display());
    None
}

/// All `.bpmn` files of the two MIWG folders, sorted.
pub fn miwg_files(data: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for sub in ["bpmn-miwg/Reference", "bpmn-miwg/exports-bpmn.io"] {
        for e in std::fs::read_dir(data.join(sub)).expect("read data dir") {
            let p = e.expect("dir entry").path();
            if p.extension().is_some_and(|x| x == "bpmn") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// xmllint if installed; fails under CI=true when missing.
pub fn xmllint() -> Option<&'static str> {
    let ok = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    if ok {
        return Some("xmllint");
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("xmllint missing (apt-get install libxml2-utils)");
    }
    eprintln!("SKIP: xmllint missing");
    None
}

/// A fresh temporary directory for this test.
pub fn tmp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ablauf-bpmn-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create tmp dir");
    d
}

type Expanded = (String, String);

fn expanded(n: roxmltree::ExpandedName) -> Expanded {
    (n.namespace().unwrap_or("").to_owned(), n.name().to_owned())
}

/// Canonical, prefix-independent description of every node, in document order.
fn canon(doc: &roxmltree::Document) -> Vec<String> {
    let mut out = Vec::new();
    for n in doc.root().descendants() {
        match n.node_type() {
            roxmltree::NodeType::Element => {
                let mut attrs: Vec<(Expanded, String)> = n
                    .attributes()
                    .map(|a| {
                        (
                            (a.namespace().unwrap_or("").to_owned(), a.name().to_owned()),
                            a.value().to_owned(),
                        )
                    })
                    .collect();
                attrs.sort();
                let mut nss: Vec<(String, String)> = n
                    .namespaces()
                    .map(|ns| (ns.name().unwrap_or("").to_owned(), ns.uri().to_owned()))
                    .collect();
                nss.sort();
                out.push(format!(
                    "E {:?} {:?} ns={:?} depth={}",
                    expanded(n.tag_name()),
                    attrs,
                    nss,
                    n.ancestors().count()
                ));
            }
            roxmltree::NodeType::Text => out.push(format!("T {:?}", n.text().unwrap_or(""))),
            roxmltree::NodeType::Comment => out.push(format!("C {:?}", n.text().unwrap_or(""))),
            roxmltree::NodeType::PI => out.push(format!("P {:?}", n.pi())),
            roxmltree::NodeType::Root => {}
        }
    }
    out
}

/// Map id -> element type (namespace, local name).
fn ids(doc: &roxmltree::Document) -> BTreeMap<String, Expanded> {
    doc.descendants()
        .filter_map(|n| Some((n.attribute("id")?.to_owned(), expanded(n.tag_name()))))
        .collect()
}

/// Map bpmnElement/id of DI shapes -> bounds (as text).
fn bounds(doc: &roxmltree::Document) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Bounds")
    {
        let owner = n
            .parent()
            .and_then(|p| p.attribute("id").or(p.attribute("bpmnElement")))
            .unwrap_or("?");
        let b = ["x", "y", "width", "height"]
            .map(|a| n.attribute(a).unwrap_or("").to_owned())
            .join(",");
        m.entry(owner.to_owned()).or_default().push(b);
    }
    m
}

/// Equivalence as the round-trip tests define it: the same elements by id and
/// type, the same diagram bounds, and the same canonical node sequence
/// (attributes, namespaces, text including whitespace, comments, extensions).
pub fn assert_equivalent(name: &str, a: &[u8], b: &[u8]) {
    let sa = std::str::from_utf8(a.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(a)).expect("input utf8");
    let sb =
        std::str::from_utf8(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)).expect("output utf8");
    let opt = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let da = roxmltree::Document::parse_with_options(sa, opt).expect("input parses");
    let db = roxmltree::Document::parse_with_options(sb, opt)
        .unwrap_or_else(|e| panic!("{name}: output does not parse: {e}"));
    assert_eq!(ids(&da), ids(&db), "{name}: ids/types differ");
    assert_eq!(bounds(&da), bounds(&db), "{name}: diagram bounds differ");
    let (ca, cb) = (canon(&da), canon(&db));
    for (i, (x, y)) in ca.iter().zip(cb.iter()).enumerate() {
        assert_eq!(x, y, "{name}: node {i} differs");
    }
    assert_eq!(ca.len(), cb.len(), "{name}: node count differs");
}

fn shape_map(d: &Diagram) -> Vec<(String, Bounds)> {
    d.shapes
        .iter()
        .filter_map(|s| Some((s.bpmn_element.clone()?, s.bounds?)))
        .collect()
}

/// Checks one laid-out model: shapes disjoint or nested (boundary events may
/// overlap their host), no flow segment through a foreign shape, every node,
/// drawable artifact and flow drawn. Returns the problems found.
pub fn problems(name: &str, defs: &ablauf_bpmn::Definitions) -> Vec<String> {
    let m = defs.model();
    let mut out = Vec::new();
    let boundary_host: HashMap<String, String> = m
        .all_nodes()
        .iter()
        .filter(|n| n.is_event(EventKind::Boundary))
        .filter_map(|n| Some((n.id.clone(), n.attached_to.clone()?)))
        .collect();
    let mut drawn: HashSet<String> = HashSet::new();
    for d in &m.diagrams {
        let shapes = shape_map(d);
        for (id, _) in &shapes {
            assert!(drawn.insert(id.clone()), "{name}: {id} drawn twice");
        }
        for (i, (a, ba)) in shapes.iter().enumerate() {
            for (b, bb) in &shapes[i + 1..] {
                let attached = boundary_host.get(a) == Some(b) || boundary_host.get(b) == Some(a);
                if ba.overlaps(bb) && !ba.contains(bb) && !bb.contains(ba) && !attached {
                    out.push(format!("{name}: shapes {a} {ba:?} and {b} {bb:?} overlap"));
                }
            }
        }
        // Leaf shapes (not containing another shape) must not be crossed by edges.
        let leaves: Vec<&(String, Bounds)> = shapes
            .iter()
            .filter(|(_, b)| !shapes.iter().any(|(_, o)| o != b && b.contains(o)))
            .collect();
        let flows: HashMap<String, (String, String)> = m
            .all_flows()
            .iter()
            .map(|f| (f.id.clone(), (f.source.clone(), f.target.clone())))
            .chain(m.collaborations.iter().flat_map(|c| {
                c.message_flows
                    .iter()
                    .map(|f| (f.id.clone(), (f.source.clone(), f.target.clone())))
            }))
            .collect();
        for e in &d.edges {
            let Some(fid) = &e.bpmn_element else { continue };
            let Some((s, t)) = flows.get(fid) else {
                continue;
            };
            let ends: Vec<&str> = [s.as_str(), t.as_str()]
                .into_iter()
                .chain(boundary_host.get(s).map(String::as_str))
                .collect();
            for w in e.waypoints.windows(2) {
                let ((x1, y1), (x2, y2)) = (w[0], w[1]);
                let seg = Bounds {
                    x: x1.min(x2),
                    y: y1.min(y2),
                    width: (x1 - x2).abs().max(0.001),
                    height: (y1 - y2).abs().max(0.001),
                };
                for (id, b) in &leaves {
                    if !ends.contains(&id.as_str()) && seg.overlaps(b) {
                        out.push(format!("{name}: flow {fid} crosses {id}"));
                    }
                }
            }
        }
    }
    // Everything drawable has a shape.
    for n in m.all_nodes() {
        if !drawn.contains(&n.id) {
            out.push(format!("{name}: node {} has no shape", n.id));
        }
    }
    for p in &m.processes {
        for a in &p.content.artifacts {
            let drawable = matches!(
                a.kind,
                ArtifactKind::DataObjectReference { .. }
                    | ArtifactKind::DataStoreReference { .. }
                    | ArtifactKind::TextAnnotation { .. }
            );
            if drawable && !drawn.contains(&a.id) {
                out.push(format!("{name}: artifact {} has no shape", a.id));
            }
        }
    }
    for f in m.all_flows() {
        if !m.diagrams.iter().any(|d| {
            d.edges
                .iter()
                .any(|e| e.bpmn_element.as_deref() == Some(f.id.as_str()))
        }) {
            out.push(format!("{name}: flow {} has no edge", f.id));
        }
    }
    out
}
