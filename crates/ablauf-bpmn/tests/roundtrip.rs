//! Round trip of every MIWG model: read → write must be equivalent to the input
//! (checked structurally, not by string equality) and valid against the BPMN XSD.

mod common;

use ablauf_bpmn::{ReadOptions, read, write};

#[test]
fn miwg_models_round_trip_losslessly() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let files = common::miwg_files(&data);
    assert!(
        files.len() >= 64,
        "expected the 21 reference models and 43 bpmn.io exports, found {}",
        files.len()
    );
    let out_dir = common::tmp_dir("roundtrip");
    let mut outputs = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let input = std::fs::read(f).unwrap();
        let defs = read(&input, &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out = write(&defs);
        common::assert_equivalent(&name, &input, &out);
        // Stronger than required: whitespace inside tags is kept too, so the
        // output is byte-identical (diff-friendly for users).
        assert!(out == input, "{name}: not byte-identical");
        // A second pass must be a fixed point, byte for byte.
        let again = write(&read(&out, &ReadOptions::default()).unwrap());
        assert_eq!(out, again, "{name}: write is not stable");
        let p = out_dir.join(&name);
        std::fs::write(&p, &out).unwrap();
        outputs.push(p);
    }
    if let Some(xmllint) = common::xmllint() {
        let status = std::process::Command::new(xmllint)
            .arg("--noout")
            .arg("--schema")
            .arg(data.join("bpmn-xsd/BPMN20.xsd"))
            .args(&outputs)
            .output()
            .expect("run xmllint");
        assert!(
            status.status.success(),
            "xsd validation failed:\n{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn typed_view_sees_all_kinds() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let mut kinds = std::collections::BTreeSet::new();
    let mut defs_seen = std::collections::BTreeSet::new();
    let mut shapes = 0;
    for f in common::miwg_files(&data) {
        let defs = read(&std::fs::read(&f).unwrap(), &ReadOptions::default()).unwrap();
        let m = defs.model();
        for n in m.all_nodes() {
            kinds.insert(format!("{:?}", n.kind));
            for d in &n.event_definitions {
                defs_seen.insert(format!("{d:?}"));
            }
        }
        shapes += m.diagrams.iter().map(|d| d.shapes.len()).sum::<usize>();
    }
    for k in [
        "User",
        "Service",
        "Exclusive",
        "Parallel",
        "EventBased",
        "Boundary",
        "CallActivity",
    ] {
        assert!(
            kinds.iter().any(|x| x.contains(k)),
            "kind {k} not seen: {kinds:?}"
        );
    }
    for d in [
        "Message",
        "Timer",
        "Error",
        "Escalation",
        "Signal",
        "Conditional",
        "Compensation",
        "Link",
        "Terminate",
    ] {
        assert!(
            defs_seen.contains(d),
            "event definition {d} not seen: {defs_seen:?}"
        );
    }
    assert!(shapes > 500);
}
