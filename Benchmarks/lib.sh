# Shared helpers of the benchmark scripts (sourced, not run). Everything they
# start listens on 127.0.0.1 and is stopped when the script exits.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# BENCH_BIN_DIR names a directory of already built release binaries (then nothing is built).
BIN="${BENCH_BIN_DIR:-$ROOT/.build/release}"
BENCH="$ROOT/Benchmarks"
DOC="$ROOT/docs/benchmarks.md"
STARTED_PIDS=()

# Builds the release products the benchmarks run.
build_release() {
    local product
    [[ -n ${BENCH_BIN_DIR:-} ]] && return 0
    for product in "$@"; do
        (cd "$ROOT" && swift build -c release --product "$product" >&2)
    done
}

# Runs a command in the background, remembering its pid for cleanup.
start_bg() {
    "$@" &
    STARTED_PIDS+=($!)
    LAST_PID=$!
}

stop_all() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    STARTED_PIDS=()
}

# Stops one process started with start_bg.
stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# Waits (at most 60 s) until URL answers with HTTP status STATUS (default 200).
wait_for_status() {
    local url=$1 status=${2:-200} i
    for i in $(seq 600); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$url") == "$status" ]] && return 0
        sleep 0.1
    done
    echo "timed out waiting for $url to answer $status" >&2
    return 1
}

# Waits (at most 60 s) until something listens on 127.0.0.1:PORT.
wait_for_port() {
    local port=$1 i
    for i in $(seq 600); do
        (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "timed out waiting for port $port" >&2
    return 1
}

# A free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Resident memory of PID in MiB.
rss_mib() {
    awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$1/status"
}

# CPU seconds (user + system) PID has used so far.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}

# Busy and total CPU time of the whole machine so far (jiffies, "busy total"), from /proc/stat.
cpu_jiffies() {
    awk '/^cpu / {total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total}' /proc/stat
}

# The share of the machine's CPU time that was busy between two cpu_jiffies readings, in percent.
cpu_busy_percent() { # BEFORE AFTER (each "busy total")
    python3 -c 'import sys; b0, t0, b1, t1 = map(int, sys.argv[1:]); print(round(100 * (b1 - b0) / max(1, t1 - t0)))' $1 $2
}

# A throwaway PostgreSQL server on 127.0.0.1 for one script: initdb into a
# temporary directory, pg_ctl start on a free port with OPTIONS (extra server
# settings); as root its programs run as the `postgres` user (the server refuses
# root). Sets PG_BIN, PG_DIR and PG_PORT; postgres_stop stops it and deletes it.
postgres_start() { # [OPTIONS]
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [[ -n $PG_BIN ]] || { echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)" >&2; return 1; }
    PG_DIR=$(mktemp -d /tmp/patchbay-bench-pg.XXXXXX)
    PG_PORT=$(free_port)
    [[ $(id -u) == 0 ]] && chown postgres "$PG_DIR"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U patchbay --auth=trust -E UTF8 >"$PG_DIR/initdb.log"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=100 ${1:-}" start >/dev/null
}

postgres_stop() {
    [[ -n ${PG_DIR:-} ]] || return 0
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}

# Runs a PostgreSQL program, as the `postgres` user when we are root.
as_postgres() {
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Runs SQL on database DATABASE of the postgres_start server; prints the unaligned result.
pg_sql() { # DATABASE SQL
    "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U patchbay -d "$1" -c "$2"
}

# CPU seconds (user + system) the postgres_start server's backends (one per
# connection of user patchbay) have used so far.
postgres_backend_cpu_seconds() {
    local stats
    stats=$(pgrep -f '^postgres: patchbay' | sed 's|.*|/proc/&/stat|')
    [[ -n $stats ]] || { echo 0; return; }
    # shellcheck disable=SC2086 # one path per backend
    cat $stats 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '{s += $14 + $15} END {print s / hz}'
}

# Prints, per update in database DATABASE, `external_id<TAB>received_at_ms` of its
# event: what end-to-end-latency.py reads for a PostgreSQL store.
pg_received_times() { # DATABASE
    pg_sql "$1" "SELECT u.external_id, e.received_at FROM customer_update u JOIN event e ON e.id = u.event_id" | tr '|' '\t'
}

# Prints how many updates the SQLite store in DATA_DIR has delivered, read-only.
delivered_updates() { # DATA_DIR
    python3 -c "import sqlite3, sys; print(sqlite3.connect(f'file:{sys.argv[1]}/patchbay.sqlite?mode=ro', uri=True).execute(\"SELECT count(*) FROM customer_update WHERE status = 'delivered'\").fetchone()[0])" "$1"
}

# Waits (at most 10 minutes) until no update is open: in the SQLite log of DATA_DIR,
# or with postgres:DATABASE in that database of the postgres_start server.
wait_for_drain() { # DATA_DIR | postgres:DATABASE [POLL_SECONDS, default 0.5]
    local open deadline=$((SECONDS + 600))
    while ((SECONDS < deadline)); do
        if [[ $1 == postgres:* ]]; then
            open=$(pg_sql "${1#postgres:}" "SELECT count(*) FROM customer_update WHERE status IN ('pending', 'in_flight')")
        else
            open=$(python3 "$BENCH/open-updates.py" "$1")
        fi
        [[ $open == 0 ]] && return 0
        sleep "${2:-0.5}"
    done
    echo "the backlog of $1 did not drain in 10 minutes ($open updates open)" >&2
    return 1
}

# Begins a run: makes the scratch directory $work (/tmp/patchbay-NAME.*), deleted
# on exit once everything start_bg started and the postgres_start server are
# stopped, and notes $machine and $date for the report.
begin_run() { # NAME
    work=$(mktemp -d "/tmp/patchbay-$1.XXXXXX")
    trap 'stop_all; postgres_stop; rm -rf "$work"' EXIT
    machine=$(machine_description)
    date=$(date -u '+%Y-%m-%d %H:%M UTC')
}

# The machine, for the report.
machine_description() {
    local model
    model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
    echo "$(nproc) CPUs ($model), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Replaces the section of docs/benchmarks.md between the markers NAME:begin
# and NAME:end with standard input, appending it when the markers are absent.
write_section() {
    local name=$1 body
    body=$(cat)
    mkdir -p "$(dirname "$DOC")"
    if [[ ! -f $DOC ]]; then
        printf '# Benchmarks\n\nEach section is written by the script it names, on a release build, and gives the machine, the date, the exact command and the figures of one run. The machine is shared and noisy, so every comparison is a ratio against a reference measured in the same run.\n' >"$DOC"
    fi
    python3 - "$DOC" "$name" "$body" <<'PY'
import sys
path, name, body = sys.argv[1:]
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
text = open(path, encoding="utf-8").read()
block = f"{begin}\n{body.rstrip()}\n{end}"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    text = head + block + rest.split(end, 1)[1]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
    echo "wrote the '$name' section of $DOC" >&2
}
