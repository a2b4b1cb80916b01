#!/usr/bin/env bash
# Library benchmark: a shared library of 5,000 templates (drawn from the
# LeiKa catalogue), 1,000 organisations and 100 adoptions per template
# (500,000 adopted processes with their lineage rows) bulk-loaded into
# SQLite and PostgreSQL, then p50/p99 through the library's use cases and
# store functions, each against a named peer: search (20 typical queries,
# peer: LIKE over the stored content), the template page's data (peer:
# without the lineage's template index), adopting a 200-step template
# (peer: creating and saving the same process by hand), the three-way
# comparison and merge of a 200-step model (peer: the element-level merge)
# and the start page's update notices of an organisation with 300 adopted
# processes (peers: per-process lookups, and without the lineage's
# organisation index). Not part of the test command (minutes); its smoke
# test (`cargo test -p library-bench`, a tiny library) is.
#
# Run from the repository root:   bash bench/library/run.sh
#
# Environment (all optional):
#   BENCH_TEMPLATES      templates, default 5000
#   BENCH_ORGANISATIONS  organisations, default 1000
#   BENCH_ADOPTIONS      adoptions per template, default 100
#   BENCH_OWN            adopted processes of the organisation measured, default 300
#   BENCH_BACKENDS       "sqlite postgres" (default) or one of them
#   BENCH_REPS           timed runs per measurement, default 50
#   BENCH_CATALOGUE      the LeiKa CSV, default ../shared/data/leika/leika-ozg.csv
#   BENCH_PG_HOST/PORT/USER  default 127.0.0.1 5432 postgres
#   BENCH_PG_DB          database created and dropped, default ablauf_bench_library
#   BENCH_OUT            report, default bench/library/RESULTS.md
#   BENCH_BUILD          0: use target/release/library-bench as it is
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-$ROOT/bench/library/RESULTS.md}
TEMPLATES=${BENCH_TEMPLATES:-5000}
ORGANISATIONS=${BENCH_ORGANISATIONS:-1000}
ADOPTIONS=${BENCH_ADOPTIONS:-100}
OWN=${BENCH_OWN:-300}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
REPS=${BENCH_REPS:-50}
CATALOGUE=${BENCH_CATALOGUE:-$ROOT/../shared/data/leika/leika-ozg.csv}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-ablauf_bench_library}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/library-bench

if [ ! -f "$CATALOGUE" ]; then
    echo "no LeiKa catalogue at $CATALOGUE (set BENCH_CATALOGUE); the templates would come from a short built-in list" >&2
    exit 2
fi
if [ "${BENCH_BUILD:-1}" != 0 ]; then
    cargo build --release -p library-bench
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
psql_admin() {
    psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"
}

{
    echo "# Library benchmark: search, template page, adoption, template updates and notices at scale"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPU cores ($(uname -m), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'),"
    echo "\`bash bench/library/run.sh\` (release build) with ${TEMPLATES} templates, ${ORGANISATIONS} organisations and"
    echo "${ADOPTIONS} adoptions per template, ${REPS} timed runs per measurement (fewer for the slow peers, as"
    echo "the tables say), after three untimed warm-up runs. PostgreSQL $(psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt -c 'SHOW server_version' 2>/dev/null || echo '?') on the same machine."
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
    /usr/bin/time -v "$BIN" --database-url "$URL" --templates "$TEMPLATES" --organisations "$ORGANISATIONS" \
        --adoptions "$ADOPTIONS" --own "$OWN" --reps "$REPS" --catalogue "$CATALOGUE" \
        >> "$WORK/report.md" 2> "$WORK/$backend.err" || { cat "$WORK/$backend.err" >&2; exit 1; }
    peak=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$backend.err")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$backend.err")
    echo "Whole run (generator, load, measurements): ${wall} wall clock, peak resident memory ${peak} MiB." >> "$WORK/report.md"
    if [ "$backend" = sqlite ]; then
        echo "Database file: $(du -m "$WORK/ablauf.db" | cut -f1) MiB." >> "$WORK/report.md"
    fi
    echo >> "$WORK/report.md"
    if [ "$backend" = postgres ]; then
        psql_admin "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)"
    fi
    rm -f "$WORK"/ablauf.db*
done
cp "$WORK/report.md" "$OUT"
echo "written: $OUT"
