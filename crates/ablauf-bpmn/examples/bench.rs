//! Read + write throughput over a set of BPMN files (used by bench/bpmn/run.sh).
//!
//! `bench [--rounds N] FILE...` prints one JSON line:
//! `{"impl":"ablauf-bpmn","files":21,"bytes":…,"rounds":N,"seconds":…,"mb_per_s":…,"models_per_s":…}`,
//! where `seconds` is the median round time × rounds.
//! `bench --once FILE` reads and writes one file once (for peak memory via /usr/bin/time -v).

use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 200usize;
    let mut once = false;
    if let Some(i) = args.iter().position(|a| a == "--rounds") {
        rounds = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .expect("--rounds N");
        args.drain(i..=i + 1);
    }
    if let Some(i) = args.iter().position(|a| a == "--once") {
        once = true;
        args.remove(i);
    }
    let files: Vec<Vec<u8>> = args
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    let opts = ablauf_bpmn::ReadOptions::default();
    if once {
        for f in &files {
            let out = ablauf_bpmn::write(&ablauf_bpmn::read(f, &opts).expect("valid BPMN"));
            println!("{} bytes in, {} bytes out", f.len(), out.len());
        }
        return;
    }
    let bytes: usize = files.iter().map(Vec::len).sum();
    // Warm-up, and a sanity check that every file round-trips.
    for f in &files {
        let out = ablauf_bpmn::write(&ablauf_bpmn::read(f, &opts).expect("valid BPMN"));
        assert!(!out.is_empty());
    }
    // Per-round timings; the median resists noise from other processes.
    let mut times = Vec::with_capacity(rounds);
    let mut sink = 0usize;
    for _ in 0..rounds {
        let start = Instant::now();
        for f in &files {
            let defs = ablauf_bpmn::read(f, &opts).expect("valid BPMN");
            sink += ablauf_bpmn::write(&defs).len();
        }
        times.push(start.elapsed().as_secs_f64());
    }
    assert!(sink > 0);
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let secs = median * rounds as f64;
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{{\"impl\":\"ablauf-bpmn\",\"files\":{},\"bytes\":{},\"rounds\":{},\"seconds\":{:.4},\"mb_per_s\":{:.2},\"models_per_s\":{:.1}}}",
        files.len(),
        bytes,
        rounds,
        secs,
        mb / secs,
        (files.len() * rounds) as f64 / secs
    );
}
