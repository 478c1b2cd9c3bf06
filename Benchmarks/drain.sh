#!/usr/bin/env bash
# Issue 14 benchmark: how fast the dispatcher drains a backlog of pending updates
# (one customer each) into `patchbay mock-reach` on loopback, as a share of wrk
# PATCHing the same mock directly in the same run, and the CPU each PATCH costs
# the bridge.
#
# The backlog is ingested with Benchmarks/BacklogSeeder (the bridge's own ingest
# pipeline, no HTTP) while nothing delivers; then `patchbay serve` starts on that
# log and drains it. Reference: wrk with the same shape of PATCH (a new customer
# per request) against the same mock, once before and once after the drain; the
# ratio uses their mean. Writes the "drain" section of docs/benchmarks.md.
#
# Usage: Benchmarks/drain.sh
# Settings (environment): BACKLOG=100000 THREADS=2 CONNECTIONS=64 DURATION=10s
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BACKLOG=${BACKLOG:-100000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
COMMAND="Benchmarks/drain.sh (BACKLOG=$BACKLOG THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION)"

build_release patchbay backlog-seeder
work=$(mktemp -d /tmp/patchbay-drain.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
machine=$(machine_description)
date=$(date -u '+%Y-%m-%d %H:%M UTC')
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"

echo "ingesting $BACKLOG events into the store" >&2
python3 "$BENCH/generate-stripe-events.py" "$BACKLOG" |
    "$BIN/backlog-seeder" "$work/data" "$work/mappings/stripe.json" >&2

mock_port=$(free_port); bridge_port=$(free_port)
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" --journal-limit 0 >"$work/mock.log" 2>&1
mock_pid=$LAST_PID
wait_for_port "$mock_port"

direct_load() { # NAME
    local mock_cpu
    mock_cpu=$(cpu_seconds "$mock_pid")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/patch-requests.lua" \
        "http://127.0.0.1:$mock_port" >"$work/$1-wrk.txt"
    python3 - "$(python3 "$BENCH/wrk-summary.py" "$work/$1-wrk.txt")" "$mock_cpu" "$(cpu_seconds "$mock_pid")" <<'PY'
import json, sys
summary, before, after = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
summary["mock_cpu_us_per_request"] = (after - before) * 1e6 / max(1, summary["requests"])
print(json.dumps(summary))
PY
}

echo "direct PATCH, before" >&2
before=$(direct_load direct-before)

echo "draining $BACKLOG updates" >&2
mock_cpu=$(cpu_seconds "$mock_pid")
start_bg env PATCHBAY_SECRET_STRIPE=unused "$BIN/patchbay" serve --port "$bridge_port" --data "$work/data" \
    --mappings "$work/mappings" --upstream "http://127.0.0.1:$mock_port" >"$work/bridge.log" 2>&1
bridge_pid=$LAST_PID
wait_for_status "http://127.0.0.1:$bridge_port/readyz"
start=$(date +%s.%N)
bridge_cpu=$(cpu_seconds "$bridge_pid")
open=$BACKLOG
for _ in $(seq 6000); do
    open=$(python3 "$BENCH/open-updates.py" "$work/data")
    [[ $open == 0 ]] && break
    sleep 0.1
done
[[ $open == 0 ]] || { echo "the backlog did not drain in 10 minutes ($open open)" >&2; exit 1; }
drain_seconds=$(python3 -c "import time; print(time.time() - $start)")
bridge_cpu=$(python3 -c "print($(cpu_seconds "$bridge_pid") - $bridge_cpu)")
mock_cpu=$(python3 -c "print($(cpu_seconds "$mock_pid") - $mock_cpu)")
delivered=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(f'file:{sys.argv[1]}/patchbay.sqlite?mode=ro', uri=True).execute(\"SELECT count(*) FROM customer_update WHERE status = 'delivered'\").fetchone()[0])" "$work/data")
stop_pid "$bridge_pid"

echo "direct PATCH, after" >&2
after=$(direct_load direct-after)

python3 - "$machine" "$date" "$COMMAND" "$before" "$after" "$BACKLOG" "$delivered" "$drain_seconds" "$bridge_cpu" "$mock_cpu" \
    "$THREADS" "$CONNECTIONS" "$DURATION" <<'PY' | write_section drain
import json, sys
machine, date, command, before, after, backlog, delivered, seconds, bridge_cpu, mock_cpu, threads, connections, duration = sys.argv[1:]
before, after = json.loads(before), json.loads(after)
backlog, delivered, seconds, bridge_cpu, mock_cpu = int(backlog), int(delivered), float(seconds), float(bridge_cpu), float(mock_cpu)
rate = delivered / seconds
reference = (before["requests_per_second"] + after["requests_per_second"]) / 2
print("## Dispatcher: draining a backlog (issue 14)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- The backlog: {backlog:,} Stripe events, one update and one customer each, ingested by `Benchmarks/BacklogSeeder` while nothing delivered. Then `patchbay serve` (release, SQLite log, default settings: 32 PATCHes in flight) started on that log with `patchbay mock-reach` (journal off) as its upstream; the drain is timed from `/readyz` answering until no update is open (polled every 0.1 s).")
print(f"- Reference: wrk (`-t{threads} -c{connections} -d{duration}`, Benchmarks/patch-requests.lua: the same shape of PATCH, a new customer per request) straight to the same mock, once before and once after the drain.")
print("- CPU: user + system seconds of the process over the phase, per PATCH.\n")
print("| path | PATCHes | per second | bridge CPU per PATCH | mock CPU per PATCH |")
print("|---|---:|---:|---:|---:|")
print(f"| wrk → mock, before | {before['requests']:,} | {before['requests_per_second']:,.0f} | | {before['mock_cpu_us_per_request']:,.0f} µs |")
print(f"| bridge drain → mock | {delivered:,} | {rate:,.0f} | {bridge_cpu * 1e6 / max(1, delivered):,.0f} µs | {mock_cpu * 1e6 / max(1, delivered):,.0f} µs |")
print(f"| wrk → mock, after | {after['requests']:,} | {after['requests_per_second']:,.0f} | | {after['mock_cpu_us_per_request']:,.0f} µs |")
print(f"\n**Drain rate as a share of wrk's PATCH/s to the same upstream (mean of before and after): {rate / reference:.0%}** (target: at least 60%).")
PY
