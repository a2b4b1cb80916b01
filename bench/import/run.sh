#!/usr/bin/env bash
# Import benchmark: applying a 40,000-row register import while another
# person writes over the API, on SQLite and PostgreSQL, same machine, one
# run. Measures the time from confirming the preview to the import being
# applied (the progress page saying so), and the latency of the concurrent
# API writes (POST …/processes, closed loop, 2 writers with 50 ms pauses)
# before and during the import, with their answers by status.
#
# The spreadsheet comes from the register benchmark's generator
# (bench/register/gen): 40,000 processes written into a scratch database,
# exported as CSV by the server, then kept as new rows (no Prozess-ID) with
# the columns a register kept by hand has (name, identifier, description,
# status, cases, keywords) as an XLSX workbook that fits the upload limit.
#
# Run from the repository root:   bash bench/import/run.sh
#
# Environment (all optional):
#   BENCH_ROWS       rows of the import, default 40000
#   BENCH_BACKENDS   "sqlite postgres" (default) or a subset
#   BENCH_WRITERS    concurrent API writers, default 2
#   BENCH_CATALOGUE  the LeiKa CSV for the generator, default ../shared/data/leika/leika-ozg.csv
#   BENCH_PG_URL     PostgreSQL server, default postgres://postgres@127.0.0.1:5432
#   BENCH_EXPORT     a register CSV exported before: skip generating one
#   BENCH_BUILD      0: do not build (use target/release as it is)
#   BENCH_OUT        report, default bench/import/RESULTS.md
#   BENCH_KEEP       1: keep the work folder (printed)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
HERE="$ROOT/bench/import"
ROWS=${BENCH_ROWS:-40000}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
WRITERS=${BENCH_WRITERS:-2}
CATALOGUE=${BENCH_CATALOGUE:-$ROOT/../shared/data/leika/leika-ozg.csv}
PG=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=ablauf_bench_import
OUT=${BENCH_OUT:-$HERE/RESULTS.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/ablauf
GEN=$TARGET/release/register-gen
WORK=$(mktemp -d /tmp/ablauf-bench-import.XXXXXX)
PORT=18517
SERVER=

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
stop_server() {
    if [[ -n "$SERVER" ]]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
        SERVER=
    fi
}
cleanup() {
    stop_server
    psql "$PG/postgres" -qAt -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

start_server() { # start_server LOGNAME ARGS…
    local name=$1
    shift
    ABLAUF_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" "$@" >>"$WORK/server-$name.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 600); do
        if curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then return 0; fi
        sleep 0.5
    done
    log "server did not start; see $WORK/server-$name.log"
    exit 1
}

if [[ "${BENCH_BUILD:-1}" != 0 ]]; then
    log "building (release)"
    cargo build --release -p ablauf -p register-gen >&2
fi

if [[ -n "${BENCH_EXPORT:-}" ]]; then
    cp "$BENCH_EXPORT" "$WORK/export.csv"
else
    log "generating $ROWS processes (bench/register/gen)"
    "$GEN" --database-url "sqlite://$WORK/gen.db" --processes "$ROWS" --catalogue "$CATALOGUE" >"$WORK/gen.log" 2>&1
    start_server gen --database-url "sqlite://$WORK/gen.db"
    python3 "$HERE/measure.py" export "http://127.0.0.1:$PORT" "$WORK/export.csv" >&2
    stop_server
fi
python3 "$HERE/measure.py" prepare "$WORK/export.csv" "$WORK/register-$ROWS.xlsx" "$ROWS" | tee "$WORK/prepare.txt" >&2

for backend in $BACKENDS; do
    case $backend in
        sqlite) url="sqlite://$WORK/bench.db" ;;
        postgres)
            psql "$PG/postgres" -qAt -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
            psql "$PG/postgres" -qAt -c "CREATE DATABASE $PG_DB" >/dev/null
            url="$PG/$PG_DB" ;;
        *) log "unknown backend $backend"; exit 1 ;;
    esac
    log "$backend: applying the import with $WRITERS API writers beside it"
    start_server "$backend" --demo --database-url "$url"
    python3 "$HERE/measure.py" run "http://127.0.0.1:$PORT" "$WORK/register-$ROWS.xlsx" \
        "$WORK/result-$backend.json" "$WRITERS" >&2
    stop_server
done

python3 - "$WORK" "$OUT" "$BACKENDS" "$(cat "$WORK/prepare.txt")" <<'PY'
import json, sys, platform, subprocess, datetime
work, out, backends, prepared = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def ms(v): return "–" if v is None else f"{v:,.0f}".replace(",", ".")
lines = [
    "# Import benchmark",
    "",
    f"Run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on commit {commit}, {cpu}, "
    f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores (shared), release build, "
    "both backends on the same machine, one run. `bash bench/import/run.sh`.",
    "",
    f"The import: {prepared.strip()} (new processes, generated by `bench/register/gen`, "
    "exported as CSV by the server). Applied in batches of 500 rows per transaction. "
    "Beside it, API writers create processes (`POST /api/v1/organizations/{org}/processes`, "
    "closed loop, 50 ms pause); latencies in ms.",
    "",
    "| backend | check (upload → preview) | apply (confirm → applied) | writes before: n, p50, p99, max | writes during: n, p50, p95, p99, max | answers during |",
    "| --- | --- | --- | --- | --- | --- |",
]
for b in backends:
    r = json.load(open(f"{work}/result-{b}.json"))
    be, du = r["before"], r["during"]
    lines.append(
        f"| {b} | {r['check_s']} s | {r['apply_s']} s ({r['state']}) | "
        f"{be['writes']}, {ms(be['p50_ms'])}, {ms(be['p99_ms'])}, {ms(be['max_ms'])} | "
        f"{du['writes']}, {ms(du['p50_ms'])}, {ms(du['p95_ms'])}, {ms(du['p99_ms'])}, {ms(du['max_ms'])} | "
        + ", ".join(f"{k}: {v}" for k, v in sorted(du["statuses"].items())) + " |")
lines += ["", "Raw results:", "", "```json"]
for b in backends:
    lines.append(json.dumps({b: json.load(open(f"{work}/result-{b}.json"))}))
lines += ["```", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
