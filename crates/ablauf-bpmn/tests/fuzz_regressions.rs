//! Inputs that once crashed or could hang a reader (and what the fuzz target
//! found, in tests/fuzz-regressions/), run through the fuzz target's checks.

use ablauf_bpmn::{ReadOptions, check, layout, read, write};

/// The same checks as fuzz/fuzz_targets/read.rs.
fn exercise(data: &[u8]) {
    let opts = ReadOptions {
        max_bytes: 1 << 20,
        max_depth: 64,
    };
    if let Ok(mut defs) = read(data, &opts) {
        let out = write(&defs);
        let again = read(&out, &opts).expect("written output must re-read");
        assert_eq!(write(&again), out, "write is not a fixed point");
        let _ = check(&defs);
        layout(&mut defs);
        read(&write(&defs), &opts).expect("laid-out output must re-read");
    }
}

#[test]
fn fuzz_regressions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let mut n = 0;
    for e in std::fs::read_dir(dir).expect("regression dir") {
        let p = e.unwrap().path();
        let data = std::fs::read(&p).unwrap();
        let r = std::panic::catch_unwind(|| exercise(&data));
        assert!(r.is_ok(), "regression {} fails", p.display());
        n += 1;
    }
    assert!(n >= 5);
}

#[test]
fn hostile_seeds_are_refused() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    for name in [
        "billion-laughs.xml",
        "xxe.xml",
        "deep-nesting.xml",
        "unclosed.xml",
        "utf16.xml",
    ] {
        let data = std::fs::read(format!("{dir}/{name}")).unwrap();
        let e = read(&data, &ReadOptions::default()).expect_err(name);
        assert!(
            e.line >= 1 && !e.message_de.is_empty() && !e.message_en.is_empty(),
            "{name}: {e}"
        );
    }
}
