#!/usr/bin/env bash
# Issue 14 benchmark: where `patchbay serve`'s CPU goes under signed Stripe
# ingest load, by stage (verify, map, log, metrics, store, HTTP, runtime,
# kernel), from `perf record --call-graph dwarf` on the serve process while wrk
# sends distinct, freshly signed deliveries and the upstream is paused (the
# dispatcher sends nothing, accepted updates wait in the store). Classified by
# Benchmarks/cpu-stages.py. Writes the "profile-ingest" section of
# docs/benchmarks.md, or, with BENCH_BIN_DIRS, one column per build so two
# builds are compared in one run, alternating ROUNDS times.
#
# Usage: Benchmarks/profile-ingest.sh
# Settings (environment): CONNECTIONS=64 DURATION=12s PERF_SECONDS=6 ROUNDS=1 EVENTS=150000
#   BENCH_BIN_DIRS="NAME=DIR NAME=DIR": builds to compare (default: this tree's release build, "HEAD")
# Needs perf (Debian's linux-perf), wrk, python3; run as root or with perf_event_paranoid ≤ 1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-12s}
PERF_SECONDS=${PERF_SECONDS:-6}
ROUNDS=${ROUNDS:-1}
EVENTS=${EVENTS:-150000}
SECRET=whsec_benchmark_profile
COMMAND="Benchmarks/profile-ingest.sh (CONNECTIONS=$CONNECTIONS DURATION=$DURATION PERF_SECONDS=$PERF_SECONDS ROUNDS=$ROUNDS EVENTS=$EVENTS${BENCH_BIN_DIRS:+ BENCH_BIN_DIRS=\"$BENCH_BIN_DIRS\"})"

if [[ -z ${BENCH_BIN_DIRS:-} ]]; then
    build_release patchbay
    BENCH_BIN_DIRS="HEAD=$BIN"
fi
begin_run profile
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"
python3 "$BENCH/generate-stripe-events.py" "$EVENTS" >"$work/events.ndjson"

mock_port=$(free_port)
# Paused: its first PATCHes wait 600 s for an answer, so the dispatcher sends nothing more.
first_build=${BENCH_BIN_DIRS%% *}
start_bg "${first_build#*=}/patchbay" mock-reach --port "$mock_port" --latency 600s --journal-limit 0 >"$work/mock.log" 2>&1
wait_for_port "$mock_port"

results="$work/results.jsonl"
run=0
for round in $(seq "$ROUNDS"); do
    for build in $BENCH_BIN_DIRS; do
        name=${build%%=*}; dir=${build#*=}; run=$((run + 1))
        echo "round $round: $name" >&2
        port=$(free_port)
        start_bg env PATCHBAY_SECRET_STRIPE=$SECRET "$dir/patchbay" serve --port "$port" --data "$work/data-$run" \
            --mappings "$work/mappings" --upstream "http://127.0.0.1:$mock_port" >"$work/serve-$run.log" 2>&1
        pid=$LAST_PID
        wait_for_status "http://127.0.0.1:$port/readyz"
        python3 "$BENCH/sign-requests.py" stripe "$SECRET" <"$work/events.ndjson" >"$work/requests.tsv"
        cpu_before=$(cpu_seconds "$pid")
        PATCHBAY_BENCH_REQUESTS=$work/requests.tsv wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
            -s "$BENCH/signed-requests.lua" "http://127.0.0.1:$port/hooks/stripe" -- 2 >"$work/wrk-$run.txt" &
        wrk_pid=$!
        sleep 2
        perf record -q -F 499 --call-graph dwarf,16384 -p "$pid" -o "$work/perf-$run.data" -- sleep "$PERF_SECONDS" >/dev/null 2>&1
        wait "$wrk_pid"
        cpu=$(python3 -c "print($(cpu_seconds "$pid") - $cpu_before)")
        stop_pid "$pid"
        stages=$(perf script -i "$work/perf-$run.data" 2>/dev/null | swift demangle --simplified | python3 "$BENCH/cpu-stages.py")
        rm -f "$work/perf-$run.data"
        printf '{"round":%d,"build":"%s","wrk":%s,"cpu_seconds":%s,"stages":%s}\n' "$round" "$name" \
            "$(python3 "$BENCH/wrk-summary.py" "$work/wrk-$run.txt")" "$cpu" "$stages" >>"$results"
    done
done

python3 - "$results" "$machine" "$date" "$COMMAND" "$CONNECTIONS" "$DURATION" "$PERF_SECONDS" <<'PY' | write_section profile-ingest
import json, sys
path, machine, date, command, connections, duration, perf_seconds = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
builds = list(dict.fromkeys(row["build"] for row in rows))
stages = ["verify", "map", "log", "metrics", "dispatch", "store", "HTTP", "runtime", "kernel", "other"]
print("## Where ingest's CPU goes (issue 14)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- Load: `wrk -t2 -c{connections} -d{duration}` with distinct, freshly signed Stripe deliveries (Benchmarks/signed-requests.lua) to `patchbay serve` (release, SQLite, `mappings/stripe.json`), its upstream paused so that only ingest runs. `perf record -F 499 --call-graph dwarf` on the serve process for {perf_seconds} s in the middle of the load.")
print("- Stages (Benchmarks/cpu-stages.py): a sample counts for the stage of the frame nearest its leaf that names one: **verify** (the source's verifier, HMAC), **map** (mapping evaluation, JSONPath, transforms), **log** (the structured log handler and redaction), **metrics**, **store** (group commit, GRDB, SQLite, its writes), **HTTP** (SwiftNIO, Hummingbird, the listener, with their system calls); samples naming none go to **runtime** (Swift runtime, concurrency, libdispatch, malloc) or **kernel** by their leaf, else **other** (the pipeline's own code between stages: parsing the body, building the records). *Runtime at the leaf* is the share of all samples whose innermost frame is retain/release, metadata, allocation or the concurrency runtime, whatever their stage.\n")
header = "| stage | " + " | ".join(f"{row['build']} (round {row['round']})" for row in rows) + " |"
print(header)
print("|---|" + "---:|" * len(rows))
for stage in stages:
    print(f"| {stage} | " + " | ".join(f"{row['stages']['shares'][stage]:.1%}" for row in rows) + " |")
print("| *runtime at the leaf* | " + " | ".join(f"{row['stages']['runtime_leaf']:.1%}" for row in rows) + " |")
print("| accepted/s | " + " | ".join(f"{row['wrk']['accepted'] / row['wrk']['seconds']:,.0f}" for row in rows) + " |")
print("| serve CPU per accepted delivery | " + " | ".join(f"{row['cpu_seconds'] * 1e6 / max(1, row['wrk']['accepted']):,.0f} µs" for row in rows) + " |")
print("| samples | " + " | ".join(f"{row['stages']['samples']:,}" for row in rows) + " |")
PY
