#!/usr/bin/env bash
# Analysis benchmark: a state-sized landscape (default 100,000 processes,
# about 2,000,000 steps in variants, parallel parts, media breaks, fax and
# waits) bulk-loaded into SQLite and PostgreSQL, the step index built from
# the stored models, then p50/p99 of five pattern queries through the real
# use case (ablauf_app::patterns::run) and, on PostgreSQL, the same
# questions over the stored model JSON (jsonpath, GIN jsonb_path_ops index)
# with the hits compared. Not part of the test command (minutes); its
# smoke test (`cargo test -p analysis-bench`, 300 processes) is.
#
# Run from the repository root:   bash bench/analysis/run.sh
#
# Environment (all optional):
#   BENCH_PROCESSES   processes, default 100000
#   BENCH_BACKENDS    "sqlite postgres" (default) or one of them
#   BENCH_REPS        timed runs per question, default 50
#   BENCH_PG_REPS     timed jsonpath runs per question, default 5
#   BENCH_PG_HOST/PORT/USER  default 127.0.0.1 5432 postgres
#   BENCH_PG_DB       database created and dropped, default ablauf_bench_analysis
#   BENCH_OUT         report, default bench/analysis/RESULTS.md
#   BENCH_BUILD       0: use target/release/analysis-bench as it is
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-$ROOT/bench/analysis/RESULTS.md}
PROCESSES=${BENCH_PROCESSES:-100000}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
REPS=${BENCH_REPS:-50}
PG_REPS=${BENCH_PG_REPS:-5}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-ablauf_bench_analysis}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/analysis-bench

if [ "${BENCH_BUILD:-1}" != 0 ]; then
    cargo build --release -p analysis-bench
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
psql_admin() {
    psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"
}

{
    echo "# Analysis benchmark: pattern queries, landscape and Analyse tab at state scale"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPU cores ($(uname -m)), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'),"
    echo "\`bash bench/analysis/run.sh\` with ${PROCESSES} processes, ${REPS} timed runs per question"
    echo "through \`ablauf_app::patterns::run\` (the use case behind the page and"
    echo "\`POST …/analysis/pattern\`, answering the first 100 processes by name and"
    echo "counting all), ${PG_REPS} per question on PostgreSQL's jsonpath."
    echo
} > "$WORK/report.md"

for backend in $BACKENDS; do
    case $backend in
        sqlite) URL="sqlite://$WORK/ablauf.db" ;;
        postgres)
            psql_admin "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)"
            psql_admin "CREATE DATABASE ${PG_DB}"
            URL="postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${PG_DB}" ;;
        *) echo "unknown backend $backend" >&2; exit 2 ;;
    esac
    /usr/bin/time -v "$BIN" --database-url "$URL" --processes "$PROCESSES" --reps "$REPS" --pg-reps "$PG_REPS" \
        >> "$WORK/report.md" 2> "$WORK/$backend.err" || { cat "$WORK/$backend.err" >&2; exit 1; }
    peak=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$backend.err")
    echo "Peak resident memory of the whole run (generator, index, queries): ${peak} MiB." >> "$WORK/report.md"
    echo >> "$WORK/report.md"
    if [ "$backend" = postgres ]; then
        psql_admin "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)"
    fi
done
cp "$WORK/report.md" "$OUT"
echo "written: $OUT"
