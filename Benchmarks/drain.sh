#!/usr/bin/env bash
# Issue 14 benchmark: how fast the dispatcher drains a backlog of pending updates
# (one customer each) into `patchbay mock-reach` on loopback, as a share of wrk
# PATCHing the same mock directly in the same run, and the CPU each PATCH costs
# the bridge.
#
# The backlog is ingested with Benchmarks/BacklogSeeder (the bridge's own ingest
# pipeline, no HTTP) while nothing delivers; then `patchbay serve` starts on that
# log and drains it. Reference: wrk with the same shape of PATCH (a new customer
# per request) against the same mock, once before and once after the drains; the
# ratio uses their mean. Another MAX_IN_FLIGHT than the default 32 writes a section of its
# own ("drain-in-flight-N"). With BENCH_BIN_DIRS, two builds drain in turn, each its own
# backlog, so a change is measured against its parent in the same run. Writes the
# "drain" section of docs/benchmarks.md.
#
# Usage: Benchmarks/drain.sh
# Settings (environment): BACKLOG=100000 THREADS=2 CONNECTIONS=64 DURATION=10s ROUNDS=1 MAX_IN_FLIGHT=32
#   BENCH_BIN_DIRS="NAME=DIR NAME=DIR": builds to compare (default: this tree's release build, "HEAD")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BACKLOG=${BACKLOG:-100000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-1}
MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-32}
COMMAND="Benchmarks/drain.sh (BACKLOG=$BACKLOG THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION ROUNDS=$ROUNDS MAX_IN_FLIGHT=$MAX_IN_FLIGHT${BENCH_BIN_DIRS:+ BENCH_BIN_DIRS=\"$BENCH_BIN_DIRS\"})"

if [[ -z ${BENCH_BIN_DIRS:-} ]]; then
    build_release patchbay backlog-seeder
    BENCH_BIN_DIRS="HEAD=$BIN"
fi
begin_run drain
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"

python3 "$BENCH/generate-stripe-events.py" "$BACKLOG" >"$work/events.ndjson"

mock_port=$(free_port)
first_build=${BENCH_BIN_DIRS%% *}
start_bg "${first_build#*=}/patchbay" mock-reach --port "$mock_port" --journal-limit 0 >"$work/mock.log" 2>&1
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

results="$work/results.jsonl"
run=0
for round in $(seq "$ROUNDS"); do
    for build in $BENCH_BIN_DIRS; do
        name=${build%%=*}; dir=${build#*=}; run=$((run + 1))
        echo "round $round: $name ingests $BACKLOG events into its store" >&2
        "$dir/backlog-seeder" "$work/data-$run" "$work/mappings/stripe.json" <"$work/events.ndjson" >&2
        echo "round $round: $name drains them" >&2
        mock_cpu=$(cpu_seconds "$mock_pid")
        bridge_port=$(free_port)
        start_bg env PATCHBAY_SECRET_STRIPE=unused "$dir/patchbay" serve --port "$bridge_port" --data "$work/data-$run" \
            --max-in-flight "$MAX_IN_FLIGHT" --mappings "$work/mappings" --upstream "http://127.0.0.1:$mock_port" >"$work/bridge-$run.log" 2>&1
        bridge_pid=$LAST_PID
        wait_for_status "http://127.0.0.1:$bridge_port/readyz"
        start=$(date +%s.%N)
        bridge_cpu=$(cpu_seconds "$bridge_pid")
        wait_for_drain "$work/data-$run" 0.1 || exit 1
        drain_seconds=$(python3 -c "import time; print(time.time() - $start)")
        bridge_cpu=$(python3 -c "print($(cpu_seconds "$bridge_pid") - $bridge_cpu)")
        mock_cpu=$(python3 -c "print($(cpu_seconds "$mock_pid") - $mock_cpu)")
        delivered=$(delivered_updates "$work/data-$run")
        stop_pid "$bridge_pid"
        printf '{"round":%d,"build":"%s","delivered":%d,"seconds":%s,"bridge_cpu":%s,"mock_cpu":%s}\n' "$round" "$name" \
            "$delivered" "$drain_seconds" "$bridge_cpu" "$mock_cpu" >>"$results"
    done
done

echo "direct PATCH, after" >&2
after=$(direct_load direct-after)

python3 - "$machine" "$date" "$COMMAND" "$before" "$after" "$BACKLOG" "$results" "$THREADS" "$CONNECTIONS" "$DURATION" "$MAX_IN_FLIGHT" <<'PY' |
import json, os, sys
machine, date, command, before, after, backlog, results, threads, connections, duration, max_in_flight = sys.argv[1:]
before, after, backlog = json.loads(before), json.loads(after), int(backlog)
rows = [json.loads(line) for line in open(results)]
reference = (before["requests_per_second"] + after["requests_per_second"]) / 2
print("## Dispatcher: draining a backlog (issue 14)" + ("" if max_in_flight == "32" else f", {max_in_flight} PATCHes in flight") + "\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- The backlog: {backlog:,} Stripe events, one update and one customer each, ingested by `Benchmarks/BacklogSeeder` while nothing delivered. Then `patchbay serve` (release, SQLite store, default settings but `--max-in-flight {max_in_flight}`; 32 is the default) started on that store with `patchbay mock-reach` (journal off) as its upstream; the drain is timed from `/readyz` answering until no update is open (polled every 0.1 s). With several builds, each drains its own backlog in turn.")
print(f"- Reference: wrk (`-t{threads} -c{connections} -d{duration}`, Benchmarks/patch-requests.lua: the same shape of PATCH, a new customer per request) straight to the same mock, once before and once after the drains.")
print("- CPU: user + system seconds of the process over the phase, per PATCH.\n")
print("| round | path | PATCHes | per second | share of wrk | bridge CPU per PATCH | mock CPU per PATCH |")
print("|---|---|---:|---:|---:|---:|---:|")
print(f"| | wrk → mock, before | {before['requests']:,} | {before['requests_per_second']:,.0f} | | | {before['mock_cpu_us_per_request']:,.0f} µs |")
for row in rows:
    rate = row["delivered"] / row["seconds"]
    print(f"| {row['round']} | {row['build']} drains → mock | {row['delivered']:,} | {rate:,.0f} | {rate / reference:.0%} | "
          f"{row['bridge_cpu'] * 1e6 / max(1, row['delivered']):,.0f} µs | {row['mock_cpu'] * 1e6 / max(1, row['delivered']):,.0f} µs |")
print(f"| | wrk → mock, after | {after['requests']:,} | {after['requests_per_second']:,.0f} | | | {after['mock_cpu_us_per_request']:,.0f} µs |")
shares = ", ".join(f"{row['build']} {row['delivered'] / row['seconds'] / reference:.0%}" for row in rows)
print(f"\n**Drain rate as a share of wrk's PATCH/s to the same upstream (mean of before and after): {shares}** (target: at least 60%).")
cpus = os.cpu_count()
ceilings = ", ".join(
    f"{row['build']} {cpus * row['delivered'] / (row['bridge_cpu'] + row['mock_cpu']) / reference:.0%}" for row in rows)
print(f"\nCPU ceiling of each drain: were the bridge and the mock to keep all {cpus} CPUs busy at the CPU per PATCH they used"
      f" above, the drain would reach {ceilings} of wrk's PATCH/s.")
PY
    if [[ $MAX_IN_FLIGHT == 32 ]]; then write_section drain; else write_section "drain-in-flight-$MAX_IN_FLIGHT"; fi
