#!/usr/bin/env bash
# Throughput benchmark of the signed-in start page (/o/<org>) against
# /healthz (the ceiling: routing, middleware and security headers only),
# for the SQLite and the PostgreSQL backend.
#
# Run from the repository root:   bash bench/platform/run.sh
#
# Environment (all optional):
#   BENCH_DURATION   measured wrk run, default 20s
#   BENCH_WARMUP     warm-up wrk run before each measured run, default 3s
#   BENCH_THREADS    wrk threads, default 2
#   BENCH_CONNS      wrk connections, default 50
#   BENCH_BACKENDS   "sqlite postgres" (default) or a subset
#   BENCH_PG_ADMIN   admin URL parts for psql, default -h 127.0.0.1 -U postgres
#   BENCH_IDLE_WAIT  seconds to wait for rustc to end and the CPUs to be
#                    otherwise quiet (<= 10 % busy), default 600
#   BENCH_RETRIES    repeats of a measured run that other processes disturbed
#                    (rustc seen, or > 10 % of the CPU used by others), default 2
#
# Writes the table to bench/platform/RESULTS.md (overwritten).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
OUT_MD="$ROOT/bench/platform/RESULTS.md"

DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-3s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-50}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
IDLE_WAIT=${BENCH_IDLE_WAIT:-600}
RETRIES=${BENCH_RETRIES:-2}
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
PG_DB=ablauf_bench
PG_URL="postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${PG_DB}"
BIN="$ROOT/target/release/ablauf"
EMAIL=admin@musterstadt.example
PASSWORD=demo
EXPECT_TEXT="Stadt Musterstadt"

WORK=$(mktemp -d -t ablauf-bench.XXXXXX)
SERVER_PID=""
PG_CREATED=0

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "FEHLER: $*"
    exit 1
}

psql_admin() {
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"
}

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping server (pid $SERVER_PID) with SIGTERM"
        kill -TERM "$SERVER_PID"
        local rc=0
        # Graceful shutdown; give it 30 s before insisting.
        for _ in $(seq 1 300); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            log "WARNUNG: server did not stop within 30 s after SIGTERM; sending SIGKILL"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" || rc=$?
        log "server exited with status $rc"
        SERVER_EXIT=$rc
    fi
    SERVER_PID=""
}

drop_pg() {
    if [[ "$PG_CREATED" == 1 ]]; then
        psql_admin "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)" || log "WARNUNG: could not drop ${PG_DB}"
        PG_CREATED=0
    fi
}

cleanup() {
    local rc=$?
    stop_server || true
    drop_pg || true
    if [[ $rc -ne 0 ]]; then
        log "aborted (status $rc); work files kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

# --- 1. wrk ---------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk"
    if ! apt-get install -y wrk >/dev/null 2>&1; then
        apt-get update >/dev/null
        apt-get install -y wrk >/dev/null
    fi
fi
command -v wrk >/dev/null || die "wrk not available"
for tool in curl psql awk grep; do
    command -v "$tool" >/dev/null || die "$tool is required"
done

# --- 2. release build -----------------------------------------------------
if pgrep -f rustc >/dev/null 2>&1; then
    log "another compilation is running: building with CARGO_BUILD_JOBS=1"
    CARGO_BUILD_JOBS=1 cargo build --release -p ablauf
else
    cargo build --release -p ablauf
fi
[[ -x "$BIN" ]] || die "$BIN missing after build"

# --- helpers --------------------------------------------------------------
# CPU busy share (all cores, percent) over a few seconds, from /proc/stat.
cpu_busy() {
    local secs=${1:-3} a b
    read -r -a a < <(grep '^cpu ' /proc/stat)
    sleep "$secs"
    read -r -a b < <(grep '^cpu ' /proc/stat)
    local idle=$(((b[4] + b[5]) - (a[4] + a[5])))
    local total=0 i
    for i in 1 2 3 4 5 6 7 8; do
        total=$((total + b[i] - a[i]))
    done
    ((total > 0)) || total=1
    echo $(((100 * (total - idle)) / total))
}

top_cpu() {
    # Top CPU consumers right now (ps %CPU is a lifetime average, so use top).
    top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^top -/{n++} n==2' | sed -n '8,12p' |
        awk '{printf "%s(pid %s) %s%%; ", $12, $1, $9}' || true
}

# Wait until no rustc runs (other engineers compile on this machine) and,
# within the same time budget, until the CPUs are otherwise quiet (a fuzzer
# or test run would skew the figures just as much).
IDLE_NOTES=()
wait_for_idle() {
    local label=$1 waited=0 start=$SECONDS busy rustc_now quiet=0
    while :; do
        rustc_now=no
        pgrep -x rustc >/dev/null 2>&1 && rustc_now=yes
        busy=$(cpu_busy 3)
        waited=$((SECONDS - start))
        if [[ $rustc_now == no ]] && ((busy <= 10)); then
            quiet=$((quiet + 1))
            # Two quiet samples in a row: a gap between two crates of a
            # cargo build is not an idle machine.
            ((quiet >= 2)) && break
            continue
        fi
        quiet=0
        if ((waited >= IDLE_WAIT)); then
            log "WARNUNG: machine not idle after ${IDLE_WAIT}s (rustc: $rustc_now, CPU busy ${busy}%); measuring anyway"
            break
        fi
        log "waiting for an idle machine before $label: rustc running: $rustc_now, CPU busy ${busy}% (${waited}s so far)"
        sleep 12
    done
    local load top idle=yes
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    top=$(top_cpu || true)
    if [[ $rustc_now == yes ]] || ((busy > 10)); then idle=no; fi
    IDLE_NOTES+=("| ${label} | ${waited} s | ${rustc_now} | ${busy} % | ${load} | ${idle} | ${top} |")
    log "before ${label}: waited ${waited}s, rustc running: ${rustc_now}, CPU busy ${busy}%, load ${load}"
    log "  top: ${top}"
}

free_port() {
    local p
    for p in $(seq 18181 18299); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    die "no free port in 18181-18299"
}

start_server() {
    local label=$1
    shift
    local port=$1
    shift
    local logf="$WORK/server-$label.log"
    ABLAUF_LOG=warn "$BIN" serve --demo --listen "127.0.0.1:$port" "$@" >"$logf" 2>&1 &
    SERVER_PID=$!
    log "started $label server (pid $SERVER_PID) on port $port"
    local i
    for i in $(seq 1 600); do
        if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
            log "ready after $((i / 10)).$((i % 10)) s"
            return 0
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            cat "$logf" >&2
            die "$label server exited before becoming ready"
        fi
        sleep 0.1
    done
    cat "$logf" >&2
    die "$label server not ready after 60 s"
}

# Signs in; sets START_PATH and SESSION (cookie value).
sign_in() {
    local base=$1 jar="$WORK/cookies-$2.txt" page="$WORK/login-$2.html"
    rm -f "$jar"
    local code
    code=$(curl -s -o "$page" -w '%{http_code}' -c "$jar" -b "$jar" "$base/anmelden")
    [[ "$code" == 200 ]] || die "GET /anmelden answered $code"
    local csrf_cookie csrf_field
    csrf_cookie=$(awk '$6 == "ablauf_csrf" { print $7 }' "$jar")
    csrf_field=$(grep -o 'name="_csrf" value="[^"]*"' "$page" | head -n1 | sed 's/.*value="\([^"]*\)"/\1/' || true)
    [[ -n "$csrf_cookie" ]] || die "GET /anmelden set no ablauf_csrf cookie"
    [[ "$csrf_cookie" == "$csrf_field" ]] ||
        die "CSRF cookie ($csrf_cookie) and form field ($csrf_field) differ"

    local headers="$WORK/login-post-$2.headers"
    code=$(curl -s -o "$WORK/login-post-$2.html" -D "$headers" -w '%{http_code}' -c "$jar" -b "$jar" \
        --data-urlencode "email=$EMAIL" \
        --data-urlencode "password=$PASSWORD" \
        --data-urlencode "_csrf=$csrf_cookie" \
        "$base/anmelden")
    [[ "$code" == 303 ]] || {
        cat "$headers" >&2
        die "POST /anmelden answered $code (expected 303)"
    }
    SESSION=$(awk '$6 == "ablauf_session" { print $7 }' "$jar")
    [[ -n "$SESSION" ]] || die "sign-in set no ablauf_session cookie"

    local loc
    loc=$(curl -s -o /dev/null -D - -b "$jar" "$base/" | tr -d '\r' |
        awk 'NR == 1 { status = $2 } tolower($1) == "location:" { print status, $2 }')
    [[ "$loc" =~ ^303\ (/o/[0-9a-f-]{36})$ ]] || die "GET / did not redirect to /o/<uuid>: '$loc'"
    START_PATH=${BASH_REMATCH[1]}

    code=$(curl -s -o "$WORK/start-$2.html" -w '%{http_code}' \
        -H "Cookie: ablauf_session=$SESSION" "$base$START_PATH")
    [[ "$code" == 200 ]] || die "GET $START_PATH answered $code"
    grep -q "$EXPECT_TEXT" "$WORK/start-$2.html" || die "start page lacks '$EXPECT_TEXT'"
    log "signed in; start page $START_PATH ($(wc -c <"$WORK/start-$2.html") bytes)"
}

# CPU accounting for one measured run, in clock ticks: the whole machine
# from /proc/stat, the server (and PostgreSQL) from /proc/<pid>/stat, wrk
# from bash's `time`. Whatever is left is someone else's.
proc_ticks() { # utime + stime of the given pids (missing pids count 0)
    local pid sum=0 t
    for pid in "$@"; do
        t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
# PostgreSQL: the live processes plus the children the postmaster has
# reaped (cutime + cstime): backends come and go between runs (the
# requests in flight when wrk stops are cancelled, and sqlx closes their
# connections).
pg_ticks() {
    local pid sum=0 t
    for pid in $(pgrep -x postgres || true); do
        t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }') || t=0
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
ours_ticks() {
    if [[ "$ACCOUNT_PG" == 1 ]]; then
        echo "$(proc_ticks "$SERVER_PID") $(pg_ticks)"
    else
        echo "$(proc_ticks "$SERVER_PID") 0"
    fi
}
machine_ticks() { # total, busy (incl. steal), steal
    awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, t - $5 - $6, $9 }' /proc/stat
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }'; }

# Runs wrk (warm-up, then the measured run); sets WRK_RPS, WRK_LINE,
# WRK_CPU, WRK_DISTURBED and WRK_ATTEMPTS, and fails on any non-2xx answer.
# Repeats a run that someone else's processes disturbed (rustc seen, or
# > 10 % of the machine used by others).
ACCOUNT_PG=0
run_wrk() {
    local label=$1 url=$2
    shift 2
    local attempt=0 out="$WORK/wrk-${label// /_}.txt"
    while :; do
        attempt=$((attempt + 1))
        log "warm-up $WARMUP: $label"
        wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$@" "$url" >"$WORK/warmup.txt" 2>&1 ||
            die "wrk warm-up failed: $(cat "$WORK/warmup.txt")"
        if grep -q 'Non-2xx or 3xx responses' "$WORK/warmup.txt"; then
            cat "$WORK/warmup.txt" >&2
            die "non-2xx responses during warm-up of $label"
        fi
        log "measuring $DURATION: $label (attempt $attempt)"
        # Watch for compilers once a second while wrk runs.
        (while :; do
            if pgrep -x rustc >/dev/null 2>&1; then echo y; else echo n; fi
            sleep 1
        done) >"$WORK/rustc-samples.txt" 2>/dev/null &
        local watcher=$!
        local m0 o0 m1 o1
        read -r -a m0 < <(machine_ticks)
        read -r -a o0 < <(ours_ticks)
        local TIMEFORMAT='%3U %3S'
        { time wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" >"$out" 2>&1; } \
            2>"$WORK/wrk-time.txt" || die "wrk failed: $(cat "$out")"
        read -r -a m1 < <(machine_ticks)
        read -r -a o1 < <(ours_ticks)
        kill "$watcher" 2>/dev/null || true
        wait "$watcher" 2>/dev/null || true
        cat "$out" >&2
        if grep -q 'Non-2xx or 3xx responses' "$out"; then
            die "non-2xx responses while measuring $label: $(grep 'Non-2xx' "$out")"
        fi
        local hz total busy server pg wrk_t other seen samples steal
        hz=$(getconf CLK_TCK)
        total=$((m1[0] - m0[0]))
        busy=$((m1[1] - m0[1]))
        steal=$((m1[2] - m0[2]))
        server=$((o1[0] - o0[0]))
        pg=$((o1[1] - o0[1]))
        wrk_t=$(awk -v hz="$hz" '{ printf "%.0f", ($1 + $2) * hz }' "$WORK/wrk-time.txt")
        other=$((busy - server - pg - wrk_t - steal))
        ((other >= 0)) || other=0
        seen=$(grep -c y "$WORK/rustc-samples.txt" || true)
        samples=$(wc -l <"$WORK/rustc-samples.txt")
        WRK_CPU="server $(pct "$server" "$total") %"
        [[ "$ACCOUNT_PG" == 1 ]] && WRK_CPU+=", postgres $(pct "$pg" "$total") %"
        WRK_CPU+=", wrk $(pct "$wrk_t" "$total") %, steal $(pct "$steal" "$total") %, others $(pct "$other" "$total") %, idle $(pct $((total - busy)) "$total") %; rustc seen in $seen of $samples one-second samples"
        log "CPU during $label: $WRK_CPU"
        WRK_DISTURBED=no
        if ((seen > 0)) || (($(pct "$other" "$total") > 10)); then
            WRK_DISTURBED=yes
            if ((attempt <= RETRIES)); then
                log "run disturbed by other processes; waiting for an idle machine and repeating"
                wait_for_idle "$label (retry $attempt)"
                continue
            fi
            log "WARNUNG: run disturbed by other processes and no retries left"
        fi
        break
    done
    local rps p50 p99 reqs sock
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    reqs=$(awk '/requests in/ { print $1 }' "$out")
    sock=$(grep -o 'Socket errors:.*' "$out" || echo "Socket errors: none")
    [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || die "could not parse wrk output for $label"
    WRK_RPS=$rps
    WRK_ATTEMPTS=$attempt
    WRK_LINE="$rps|$p50|$p99|$reqs|$sock"
}

to_ms() { # 1.23ms / 456.00us / 1.20s → milliseconds
    awk -v v="$1" 'BEGIN {
        if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000 }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.0f", v * 60000 }
        else print v }'
}

rss_of() { awk '/^VmHWM|^VmRSS/ { printf "%s %s MiB; ", $1, int($2 / 1024) }' "/proc/$1/status" 2>/dev/null || true; }

pg_session_stats() {
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt -F ' ' -c \
        "SELECT 'sessions ' || sessions || ', abandoned ' || sessions_abandoned || ', fatal ' || sessions_fatal || ', open now ' || numbackends FROM pg_stat_database WHERE datname = '${PG_DB}'" 2>/dev/null || echo "n/a"
}

RATIOS=()
NOTES=()
bench_backend() {
    local backend=$1 port
    wait_for_idle "$backend"
    port=$(free_port)
    local base="http://127.0.0.1:$port"
    case "$backend" in
    sqlite)
        local dir
        dir=$(mktemp -d -p "$WORK" sqlite.XXXXXX)
        start_server sqlite "$port" --data-dir "$dir"
        ;;
    postgres)
        psql_admin "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)"
        psql_admin "CREATE DATABASE ${PG_DB}"
        PG_CREATED=1
        start_server postgres "$port" --database-url "$PG_URL"
        ;;
    *) die "unknown backend $backend" ;;
    esac
    local name
    name=$([[ $backend == sqlite ]] && echo SQLite || echo PostgreSQL)

    ACCOUNT_PG=0
    [[ $backend == postgres ]] && ACCOUNT_PG=1
    sign_in "$base" "$backend"
    local rss0
    rss0=$(rss_of "$SERVER_PID")

    run_wrk "$backend start" "$base$START_PATH" -H "Cookie: ablauf_session=$SESSION"
    local start_rps=$WRK_RPS start_line=$WRK_LINE start_cpu=$WRK_CPU start_dist=$WRK_DISTURBED start_att=$WRK_ATTEMPTS
    # The session must still be valid after the run.
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ablauf_session=$SESSION" "$base$START_PATH")
    [[ "$code" == 200 ]] || die "start page answered $code after the run"

    local pg_sessions=""
    [[ $backend == postgres ]] && pg_sessions=$(pg_session_stats)
    run_wrk "$backend healthz" "$base/healthz"
    local health_rps=$WRK_RPS health_line=$WRK_LINE health_cpu=$WRK_CPU health_dist=$WRK_DISTURBED health_att=$WRK_ATTEMPTS
    local rss1
    rss1=$(rss_of "$SERVER_PID")

    local row mark
    IFS='|' read -r rps p50 p99 reqs sock <<<"$start_line"
    mark=""
    [[ $start_dist == yes ]] && mark=" ⚠ disturbed"
    row="| $name | \`/o/<org>\` (start page)$mark | $(printf '%.0f' "$rps") | $(to_ms "$p50") ms | $(to_ms "$p99") ms |"
    RESULT_ROWS+=("$row")
    NOTES+=("- $name start page: $reqs requests in $DURATION; $sock; attempt $start_att; CPU of both cores: $start_cpu")
    IFS='|' read -r rps p50 p99 reqs sock <<<"$health_line"
    mark=""
    [[ $health_dist == yes ]] && mark=" ⚠ disturbed"
    row="| $name | \`/healthz\`$mark | $(printf '%.0f' "$rps") | $(to_ms "$p50") ms | $(to_ms "$p99") ms |"
    RESULT_ROWS+=("$row")
    NOTES+=("- $name /healthz: $reqs requests in $DURATION; $sock; attempt $health_att; CPU of both cores: $health_cpu")
    [[ -n "$pg_sessions" ]] && NOTES+=("- PostgreSQL connections after sign-in and the start page runs (pg_stat_database for ${PG_DB}): $pg_sessions (abandoned = the client closed the socket without a goodbye; most likely sqlx closing pooled connections whose queries were cancelled when wrk disconnected at the end of the warm-up and measured runs; the pool reconnects at the start of the next run)")
    NOTES+=("- $name server memory: after sign-in ${rss0:-n/a}after both runs ${rss1:-n/a}")

    RATIOS+=("| $name | $(awk -v a="$start_rps" -v b="$health_rps" 'BEGIN { printf "%.3f (%.1f %%)", a / b, 100 * a / b }') |")

    SERVER_EXIT=""
    stop_server
    [[ "$SERVER_EXIT" == 0 ]] || NOTES+=("- $name server exit status after SIGTERM: $SERVER_EXIT (expected 0)")
    local warns
    warns=$(grep -c -E 'WARN|ERROR' "$WORK/server-$backend.log" || true)
    if [[ "$warns" != 0 ]]; then
        NOTES+=("- $name server log: $warns WARN/ERROR lines, e.g. \`$(grep -m1 -E 'WARN|ERROR' "$WORK/server-$backend.log" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-200)\`")
    else
        NOTES+=("- $name server log: no WARN/ERROR lines")
    fi
    [[ $backend == postgres ]] && drop_pg
    return 0
}

# --- 3. measure -----------------------------------------------------------
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$(git -C "$ROOT" --no-optional-locks status --porcelain 2>/dev/null | grep -q . && echo " (working tree has uncommitted changes)" || true)
STARTED=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
for b in $BACKENDS; do
    bench_backend "$b"
done

# --- 4. report ------------------------------------------------------------
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
NPROC=$(nproc)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
WRK_VER=$(wrk -v 2>&1 | head -n1 | awk '{ print $1, $2 }' || true)
PG_VER=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt -c 'SHOW server_version' 2>/dev/null || echo unknown)
{
    echo "# Platform benchmark: signed-in start page"
    echo
    echo "- Date: $STARTED"
    echo "- Commit: $GIT_REV$GIT_DIRTY"
    echo "- Machine: $NPROC CPUs ($CPU_MODEL), $MEM RAM"
    echo "- Load: \`wrk -t$THREADS -c$CONNS -d$DURATION --latency\` after a $WARMUP warm-up, keep-alive, on the same machine"
    echo "- Server: \`target/release/ablauf serve --demo\`, \`ABLAUF_LOG=warn\`; PostgreSQL $PG_VER on 127.0.0.1 (same machine); $WRK_VER"
    echo "- Start page request: signed in as $EMAIL (organisation admin) with only the \`ablauf_session\` cookie"
    echo
    echo "| backend | route | requests/s | p50 | p99 |"
    echo "|---|---|---:|---:|---:|"
    printf '%s\n' "${RESULT_ROWS[@]}"
    echo
    echo "Start page / healthz (requests/s):"
    echo
    echo "| backend | ratio |"
    echo "|---|---:|"
    printf '%s\n' "${RATIOS[@]}"
    echo
    echo "## Caveats"
    echo
    echo "- The machine has $NPROC cores; wrk, the server and (for PostgreSQL) the database all share them, so the figures are a lower bound and the ratio matters more than the absolute numbers."
    echo "- The start page runs about ten small queries per request (session and user, membership checks, the person's organisations, the organisation, a no-op last-organisation UPDATE, three counts for admins); /healthz touches no database."
    echo "- Server CPU per start page request ≈ server CPU share × $NPROC cores ÷ requests/s (see the run notes): about the same on both backends; with PostgreSQL the database's own CPU comes on top."
    echo "- Without an \`ablauf_csrf\` cookie in the request, every start page answer also carries a fresh CSRF \`Set-Cookie\` (a browser would send the cookie back)."
    echo
    echo "## Was the machine otherwise idle?"
    echo
    echo "Before each backend (and before each repeated run) the script waits, for up to $IDLE_WAIT s, for two quiet 3-second samples in a row: no rustc and ≤ 10 % CPU busy (from /proc/stat). The last sample of each wait:"
    echo
    echo "| before | waited | rustc running | CPU busy | load avg (1/5/15) | idle | top processes |"
    echo "|---|---:|---|---:|---|---|---|"
    printf '%s\n' "${IDLE_NOTES[@]}"
    echo
    echo "During each measured run the script accounts the CPU time of the server, PostgreSQL (including reaped backends), wrk and steal against the machine's total and polls for rustc once a second; a run with rustc seen or > 10 % of the machine used by others is repeated (up to $RETRIES times) and marked ⚠ disturbed if it stays so. The CPU split of each run is in the run notes below."
    echo
    echo "## Run notes"
    echo
    printf '%s\n' "${NOTES[@]}"
    echo
    echo "Rerun: \`bash bench/platform/run.sh\` from the repository root."
} >"$OUT_MD.tmp"
mv "$OUT_MD.tmp" "$OUT_MD"

echo
cat "$OUT_MD"
