#!/usr/bin/env bash
# Benchmark: ablauf-bpmn vs bpmn-moddle, read + write of the 21 MIWG reference
# models in one run; prints MB/s, models/s, the ratio and peak memory (largest file).
# Also proves bpmn-moddle keeps the Ablauf extension (moddle-roundtrip.mjs).
# Needs: cargo, node + npm, /usr/bin/time (Debian package "time").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${ABLAUF_SHARED_DATA:-$root/../shared/data}"
files=("$data"/bpmn-miwg/Reference/*.bpmn)
largest="$(ls -S "${files[@]}" | head -1)"
target="${CARGO_TARGET_DIR:-$root/target}"

cd "$here"
[ -d node_modules/bpmn-moddle ] || npm ci --no-audit --no-fund >/dev/null
(cd "$root" && cargo build --quiet --release -p ablauf-bpmn --example bench)
bench="$target/release/examples/bench"

node moddle-roundtrip.mjs

rust_json="$("$bench" --rounds "${RUST_ROUNDS:-300}" "${files[@]}")"
node_json="$(node moddle-bench.mjs --rounds "${NODE_ROUNDS:-15}" "${files[@]}")"

peak() { # peak RSS in KiB of a command
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}
rust_mem="$(peak "$bench" --once "$largest")"
node_mem="$(peak node moddle-bench.mjs --once "$largest")"
node_base="$(peak node -e '0')"

node - "$rust_json" "$node_json" "$rust_mem" "$node_mem" "$node_base" "$(basename "$largest")" "$(stat -c %s "$largest")" <<'JS'
const [r, n, rm, nm, nb, largest, size] = process.argv.slice(2);
const rust = JSON.parse(r), node = JSON.parse(n);
const row = (x) => `${x.impl.padEnd(12)} ${x.mb_per_s.toFixed(2).padStart(9)} MB/s ${x.models_per_s.toFixed(0).padStart(8)} models/s  (${x.files} files, ${(x.bytes / 1e6).toFixed(2)} MB, ${x.rounds} rounds, ${x.seconds}s)`;
console.log('read + write of the MIWG reference models');
console.log(row(rust));
console.log(row(node));
console.log(`ratio        ${(rust.mb_per_s / node.mb_per_s).toFixed(1)}x (goal: >= 30x)`);
console.log(`peak RSS for the largest file (${largest}, ${(size / 1024).toFixed(0)} KiB): ablauf-bpmn ${(rm / 1024).toFixed(1)} MiB; bpmn-moddle ${(nm / 1024).toFixed(1)} MiB (node itself ${(nb / 1024).toFixed(1)} MiB)`);
JS
