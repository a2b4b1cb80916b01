//! Fuzz the reader, and everything downstream of a successful read:
//! write must re-read to the same bytes, and check/layout must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ablauf_bpmn::ReadOptions {
        max_bytes: 1 << 20,
        max_depth: 64,
    };
    if let Ok(mut defs) = ablauf_bpmn::read(data, &opts) {
        let out = ablauf_bpmn::write(&defs);
        let again = ablauf_bpmn::read(&out, &opts).expect("written output must re-read");
        assert_eq!(
            ablauf_bpmn::write(&again),
            out,
            "write is not a fixed point"
        );
        let _ = ablauf_bpmn::check(&defs);
        ablauf_bpmn::layout(&mut defs);
        let laid = ablauf_bpmn::write(&defs);
        ablauf_bpmn::read(&laid, &opts).expect("laid-out output must re-read");
    }
});
