#!/usr/bin/env bash
# Register benchmark: 100,000 processes in one organisation, on SQLite and
# PostgreSQL. Measures the first search after the server started (it builds
# the organisation's in-memory search index from search_docs: time and the
# server's RSS before and after), search latency
# (/api/v1/organizations/{org}/search, 20 typical queries, total hits from
# X-Total-Count), the register page (map, table,
# filters, sorting), the XLSX export of about 10,000 processes, the
# server's peak memory, and compares our search with PostgreSQL's own
# full-text search (to_tsvector('german')) on the same rows: speed and what
# each finds that the other misses.
#
# Run from the repository root:   bash bench/register/run.sh
#
# Environment (all optional):
#   BENCH_PROCESSES       processes to generate, default 100000
#   BENCH_BACKENDS        "sqlite postgres" (default) or a subset
#   BENCH_SEARCH_REPS     timed requests per search query, default 20
#   BENCH_WARMUP          untimed requests per query before, default 3
#   BENCH_PAGE_REPS       timed requests per register page variant, default 10
#   BENCH_EXPORT_REPS     timed exports, default 3
#   BENCH_PG_NOINDEX_REPS timed PostgreSQL FTS runs per query without an
#                         index (each a full scan), default 1
#   BENCH_GEN_WRITERS     concurrent writers of the generator (default: 1 on
#                         SQLite, 4 on PostgreSQL)
#   BENCH_PG_HOST/PORT/USER  PostgreSQL, default 127.0.0.1 5432 postgres
#   BENCH_PG_DB           database created and dropped, default ablauf_bench_register
#   BENCH_KEEP            1: keep the databases and work files (paths are printed)
#   BENCH_IDLE_WAIT       seconds to wait for an idle machine (no rustc, CPU
#                         <= 10 % busy) before generating and measuring, default 120
#   BENCH_RETRIES         repeats of a measurement disturbed by others, default 1
#   BENCH_OUT             report file, default bench/register/RESULTS.md
#   BENCH_NOTE            a sentence for the report's header (e.g. what was built)
#   BENCH_COMMIT          the commit the tree was exported from (git archive),
#                         reported instead of the git state of ROOT
#   CARGO_TARGET_DIR      honoured (the binaries are looked up there)
#   BENCH_BUILD           0: do not build; use the binaries below as they are
#   BENCH_BIN, BENCH_GEN, BENCH_RECALL  the server, generator and recall helper
#                         (default: $CARGO_TARGET_DIR/release/{ablauf,
#                         register-gen,register-recall})
#
# Needs: cargo (unless BENCH_BUILD=0), curl, psql, python3 (stdlib only).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
HERE="$ROOT/bench/register"
OUT_MD=${BENCH_OUT:-$HERE/RESULTS.md}

PROCESSES=${BENCH_PROCESSES:-100000}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
SEARCH_REPS=${BENCH_SEARCH_REPS:-20}
WARMUP=${BENCH_WARMUP:-3}
PAGE_REPS=${BENCH_PAGE_REPS:-10}
EXPORT_REPS=${BENCH_EXPORT_REPS:-3}
PG_NOINDEX_REPS=${BENCH_PG_NOINDEX_REPS:-1}
GEN_WRITERS=${BENCH_GEN_WRITERS:-}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-ablauf_bench_register}
PG_URL="postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${PG_DB}"
KEEP=${BENCH_KEEP:-0}
IDLE_WAIT=${BENCH_IDLE_WAIT:-120}
RETRIES=${BENCH_RETRIES:-1}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${BENCH_BIN:-$TARGET/release/ablauf}
GEN=${BENCH_GEN:-$TARGET/release/register-gen}
RECALL=${BENCH_RECALL:-$TARGET/release/register-recall}
BUILD=${BENCH_BUILD:-1}
CATALOGUE="$ROOT/../shared/data/leika/leika-ozg.csv"
QUERIES="$HERE/queries.txt"
EMAIL=admin@musterstadt.example

WORK=$(mktemp -d -t ablauf-bench-register.XXXXXX)
SERVER_PID=""
SERVER_PORT=""
SERVER_ARGS=()
PG_CREATED=0

log() { printf '[register %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "FEHLER: $*"
    exit 1
}
psql_admin() {
    psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"
}
psql_db() {
    psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -v ON_ERROR_STOP=1 -qAt -c "$1"
}
# meta BACKEND KEY VALUE: facts for the report (tab-separated).
meta() { printf '%s\t%s\n' "$2" "$3" >>"$WORK/meta-$1.tsv"; }

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 300); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
drop_pg() {
    if [[ "$PG_CREATED" == 1 && "$KEEP" != 1 ]]; then
        psql_admin "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)" || log "WARNUNG: could not drop ${PG_DB}"
        PG_CREATED=0
    fi
}
cleanup() {
    local rc=$?
    stop_server || true
    drop_pg || true
    if [[ $rc -ne 0 || "$KEEP" == 1 ]]; then
        log "work files kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

for tool in curl psql python3 awk; do
    command -v "$tool" >/dev/null || die "$tool is required"
done
[[ -f "$CATALOGUE" ]] || die "$CATALOGUE is missing"

# --- 1. build (release) ---------------------------------------------------
if [[ "$BUILD" == 1 ]]; then
    command -v cargo >/dev/null || die "cargo is required (or BENCH_BUILD=0)"
    log "building the release binary, the generator and the recall helper"
    cargo build --release -p ablauf
    cargo build --release -p register-gen
    cargo build --release --manifest-path "$HERE/recall/Cargo.toml"
fi
for f in "$BIN" "$GEN" "$RECALL"; do [[ -x "$f" ]] || die "$f missing after the build"; done

# --- helpers --------------------------------------------------------------
cpu_busy() { # percent of all cores busy over $1 seconds
    local a b
    read -r -a a < <(grep '^cpu ' /proc/stat)
    sleep "${1:-3}"
    read -r -a b < <(grep '^cpu ' /proc/stat)
    local idle=$(((b[4] + b[5]) - (a[4] + a[5]))) total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    ((total > 0)) || total=1
    echo $(((100 * (total - idle)) / total))
}
top_cpu() {
    top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^top -/{n++} n==2' | sed -n '8,11p' |
        awk '{printf "%s(%s) %s%%; ", $12, $1, $9}' || true
}
IDLE_ROWS=()
# Waits (up to IDLE_WAIT s) until no rustc runs and the CPUs are quiet in two
# 3-second samples in a row; notes what it saw.
wait_for_idle() {
    local label=$1 start=$SECONDS busy rustc_now quiet=0
    while :; do
        rustc_now=no
        pgrep -x rustc >/dev/null 2>&1 && rustc_now=yes
        busy=$(cpu_busy 3)
        if [[ $rustc_now == no ]] && ((busy <= 10)); then
            quiet=$((quiet + 1))
            ((quiet >= 2)) && break
            continue
        fi
        quiet=0
        if ((SECONDS - start >= IDLE_WAIT)); then
            log "WARNUNG: not idle after ${IDLE_WAIT}s (rustc: $rustc_now, CPU ${busy}%); going on"
            break
        fi
        log "waiting for an idle machine before $label: rustc $rustc_now, CPU busy ${busy}% ($((SECONDS - start)) s)"
        sleep 10
    done
    local idle=yes
    [[ $rustc_now == yes ]] || ((busy > 10)) && idle=no
    IDLE_ROWS+=("| $label | $((SECONDS - start)) s | $rustc_now | $busy % | $(cut -d' ' -f1-3 /proc/loadavg) | $idle | $(top_cpu) |")
}
free_port() {
    local p
    for p in $(seq 18301 18399); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || {
            echo "$p"
            return
        }
    done
    die "no free port in 18301-18399"
}
# start_server BACKEND PORT ARGS…: the server's log is appended to (a
# measurement repeated on a restarted server keeps the first run's lines).
start_server() {
    local backend=$1 port=$2
    shift 2
    SERVER_PORT=$port
    SERVER_ARGS=("$@")
    echo "--- $(date -u +%H:%M:%S) start: serve --listen 127.0.0.1:$port $*" >>"$WORK/server-$backend.log"
    ABLAUF_LOG=warn "$BIN" serve --listen "127.0.0.1:$port" "$@" >>"$WORK/server-$backend.log" 2>&1 &
    SERVER_PID=$!
    local t0=$SECONDS
    for _ in $(seq 1 1200); do
        curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && {
            log "$backend server ready (pid $SERVER_PID, port $port) after $((SECONDS - t0)) s"
            return
        }
        kill -0 "$SERVER_PID" 2>/dev/null || {
            cat "$WORK/server-$backend.log" >&2
            die "$backend server exited"
        }
        sleep 0.1
    done
    die "$backend server not ready after 120 s"
}
ticks_of() { # utime+stime (+ reaped children with "c") of pids
    local mode=$1 pid sum=0 t
    shift
    for pid in "$@"; do
        if [[ $mode == c ]]; then
            t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }') || t=0
        else
            t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
        fi
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
machine_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, t - $5 - $6, $9 }' /proc/stat; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }'; }

# Runs measure.py against the server with CPU accounting; repeats a run
# that others disturbed (rustc seen or > 10 % of the CPUs used by others)
# on a restarted server, so that its first search builds the index again.
measure() {
    local backend=$1 base=$2 attempt=0
    while :; do
        attempt=$((attempt + 1))
        (while :; do
            if pgrep -x rustc >/dev/null 2>&1; then echo y; else echo n; fi
            sleep 1
        done) >"$WORK/rustc-$backend.txt" 2>/dev/null &
        local watcher=$! m0 m1 s0 s1 p0 p1 c0 c1
        read -r -a m0 < <(machine_ticks)
        s0=$(ticks_of s "$SERVER_PID")
        # shellcheck disable=SC2046
        p0=$(ticks_of c $(pgrep -x postgres || true))
        local TIMEFORMAT='%3U %3S'
        { time python3 "$HERE/measure.py" --base "$base" --stats "$WORK/stats-$backend.json" \
            --queries "$QUERIES" --out "$WORK/measure-$backend.json" --email "$EMAIL" \
            --reps "$SEARCH_REPS" --warmup "$WARMUP" --page-reps "$PAGE_REPS" \
            --export-reps "$EXPORT_REPS" --pid "$SERVER_PID"; } 2>"$WORK/measure-$backend.err" || {
            cat "$WORK/measure-$backend.err" >&2
            die "measure.py failed"
        }
        read -r -a m1 < <(machine_ticks)
        s1=$(ticks_of s "$SERVER_PID")
        # shellcheck disable=SC2046
        p1=$(ticks_of c $(pgrep -x postgres || true))
        kill "$watcher" 2>/dev/null || true
        wait "$watcher" 2>/dev/null || true
        grep -v '^[0-9.]* [0-9.]*$' "$WORK/measure-$backend.err" >&2 || true
        c1=$(tail -n1 "$WORK/measure-$backend.err")
        local hz total busy steal server pg client other seen samples
        hz=$(getconf CLK_TCK)
        total=$((m1[0] - m0[0]))
        busy=$((m1[1] - m0[1]))
        steal=$((m1[2] - m0[2]))
        server=$((s1 - s0))
        pg=0
        [[ $backend == postgres ]] && pg=$((p1 - p0))
        ((pg >= 0)) || pg=0
        client=$(awk -v hz="$hz" '{ printf "%.0f", ($1 + $2) * hz }' <<<"$c1")
        other=$((busy - server - pg - client - steal))
        ((other >= 0)) || other=0
        seen=$(grep -c y "$WORK/rustc-$backend.txt" || true)
        samples=$(wc -l <"$WORK/rustc-$backend.txt")
        local cpu="server $(pct "$server" "$total") %, postgres $(pct "$pg" "$total") %, client $(pct "$client" "$total") %, steal $(pct "$steal" "$total") %, others $(pct "$other" "$total") %, idle $(pct $((total - busy)) "$total") % of both cores over $((total / hz / $(nproc))) s; rustc seen in $seen of $samples one-second samples"
        log "CPU during the $backend measurement: $cpu"
        local disturbed=no
        if ((seen > 0)) || (($(pct "$other" "$total") > 10)); then
            disturbed=yes
            if ((attempt <= RETRIES)); then
                log "disturbed by other processes; restarting the server, waiting for an idle machine and repeating"
                stop_server
                start_server "$backend" "$SERVER_PORT" "${SERVER_ARGS[@]}"
                meta "$backend" rss_start "$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status") MiB"
                wait_for_idle "$backend measurement (retry $attempt)"
                continue
            fi
        fi
        meta "$backend" cpu "$cpu"
        meta "$backend" disturbed "$disturbed"
        meta "$backend" attempts "$attempt"
        break
    done
}

# --- 2. per backend ---------------------------------------------------------
bench_backend() {
    local backend=$1 url dbfile="" port
    : >"$WORK/meta-$backend.tsv"
    case $backend in
    sqlite)
        mkdir -p "$WORK/sqlite"
        dbfile="$WORK/sqlite/ablauf.db"
        url="sqlite://$dbfile"
        ;;
    postgres)
        psql_admin "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)"
        psql_admin "CREATE DATABASE ${PG_DB}"
        PG_CREATED=1
        url=$PG_URL
        ;;
    *) die "unknown backend $backend" ;;
    esac

    wait_for_idle "$backend: generating"
    log "$backend: generating $PROCESSES processes"
    local t0=$SECONDS
    "$GEN" --database-url "$url" --processes "$PROCESSES" --stats "$WORK/stats-$backend.json" \
        --catalogue "$CATALOGUE" \
        ${GEN_WRITERS:+--concurrency "$GEN_WRITERS"} 2>&1 | tee "$WORK/gen-$backend.log" >&2
    meta "$backend" gen_wall_s "$((SECONDS - t0))"
    local org
    org=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["organization_id"])' "$WORK/stats-$backend.json")

    if [[ $backend == postgres ]]; then
        # What autovacuum does on its own shortly after a bulk load; measured
        # on planned statistics rather than on whenever autovacuum ran.
        t0=$SECONDS
        psql_db "VACUUM ANALYZE"
        meta "$backend" vacuum_s "$((SECONDS - t0))"
        meta "$backend" db_size "$(psql_db "SELECT pg_size_pretty(pg_database_size(current_database()))")"
        meta "$backend" search_docs_size "$(psql_db "SELECT pg_size_pretty(pg_total_relation_size('search_docs'))")"
    else
        meta "$backend" db_size "$(du -sh "$WORK/sqlite" | cut -f1)"
    fi

    port=$(free_port)
    if [[ $backend == sqlite ]]; then
        start_server "$backend" "$port" --data-dir "$WORK/sqlite" --database-url "$url"
    else
        start_server "$backend" "$port" --database-url "$url"
    fi
    meta "$backend" rss_start "$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status") MiB"
    wait_for_idle "$backend: measuring"
    measure "$backend" "http://127.0.0.1:$port"
    meta "$backend" vmhwm "$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status") MiB"
    meta "$backend" rss_end "$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status") MiB"
    stop_server
    meta "$backend" server_warnings "$(grep -c -E 'WARN|ERROR' "$WORK/server-$backend.log" || true)"
    meta "$backend" server_warning_example "$(grep -m1 -E 'WARN|ERROR' "$WORK/server-$backend.log" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-240 || true)"

    if [[ $backend == sqlite ]]; then
        if [[ "$KEEP" == 1 ]]; then log "SQLite database kept: $dbfile"; fi
    else
        wait_for_idle "postgres: full-text comparison"
        python3 "$HERE/compare.py" pg --psql="-h $PG_HOST -p $PG_PORT -U $PG_USER -d $PG_DB" \
            --org "$org" --queries "$QUERIES" --work "$WORK/pg" --recall "$RECALL" \
            --out "$WORK/pg.json" --reps "$SEARCH_REPS" --noindex-reps "$PG_NOINDEX_REPS"
        if [[ "$KEEP" == 1 ]]; then log "PostgreSQL database kept: $PG_DB"; fi
        drop_pg
    fi
}

STARTED=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
for b in $BACKENDS; do
    bench_backend "$b"
done

# --- 3. report ----------------------------------------------------------------
{
    echo "started	$STARTED"
    if [[ -n "${BENCH_COMMIT:-}" ]]; then
        echo "commit	$BENCH_COMMIT"
        echo "dirty	export"
    else
        echo "commit	$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
        echo "dirty	$(git --no-optional-locks status --porcelain 2>/dev/null | grep -q . && echo yes || echo no)"
    fi
    echo "cpu	$(nproc) × $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "mem	$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "pg_version	$(psql_admin 'SHOW server_version' 2>/dev/null || echo unknown)"
    echo "binary	$BIN ($(stat -c %y "$BIN" | cut -d. -f1))"
    echo "note	${BENCH_NOTE:-}"
    echo "processes	$PROCESSES"
    echo "backends	$BACKENDS"
    echo "search_reps	$SEARCH_REPS"
    echo "warmup	$WARMUP"
    echo "page_reps	$PAGE_REPS"
    echo "export_reps	$EXPORT_REPS"
    echo "pg_noindex_reps	$PG_NOINDEX_REPS"
    echo "idle_wait	$IDLE_WAIT"
    echo "retries	$RETRIES"
} >"$WORK/run.tsv"
printf '%s\n' "${IDLE_ROWS[@]}" >"$WORK/idle.md"
python3 "$HERE/report.py" --work "$WORK" --queries "$QUERIES" --out "$OUT_MD.tmp"
mv "$OUT_MD.tmp" "$OUT_MD"
log "report written to $OUT_MD"
