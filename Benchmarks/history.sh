#!/usr/bin/env bash
# Issue 14 benchmark: what history costs. Two SQLite stores, one empty and one holding
# HISTORY finished events (Benchmarks/seed-history.py: written straight into the
# tables, not through HTTP), are measured alternately in the same run:
# - drain: BACKLOG pending updates (one new customer each, ingested by
#   Benchmarks/BacklogSeeder) drained by `patchbay serve` into `patchbay mock-reach`;
# - ingest: signed Stripe deliveries accepted per second by `patchbay serve` with its
#   upstream paused (wrk, as in the ingest section), the durable commit and the
#   identity learning of mappings/stripe.json included.
# Each rate on the full store is reported as a share of the same rate on the empty one
# (target: at least 90%). Writes the "history" section of docs/benchmarks.md.
#
# Usage: Benchmarks/history.sh
# Settings (environment): HISTORY=10000000 BACKLOG=50000 ROUNDS=2 THREADS=2 CONNECTIONS=64 DURATION=10s
# The seeded store needs about 1.3 KB of disk per event (13 GB for ten million).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HISTORY=${HISTORY:-10000000}
BACKLOG=${BACKLOG:-50000}
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
SECRET=whsec_benchmark_history
COMMAND="Benchmarks/history.sh (HISTORY=$HISTORY BACKLOG=$BACKLOG ROUNDS=$ROUNDS THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION)"

build_release patchbay backlog-seeder
begin_run history
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"

for store in empty full; do
    "$BIN/backlog-seeder" "$work/$store" "$work/mappings/stripe.json" </dev/null >&2
done
seed_start=$(date +%s)
python3 "$BENCH/seed-history.py" "$work/full" "$HISTORY"
seed_seconds=$(($(date +%s) - seed_start))
store_bytes=$(du -sb "$work/full" | cut -f1)

mock_port=$(free_port); paused_mock_port=$(free_port)
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" --journal-limit 0 >"$work/mock.log" 2>&1
# Paused: its first 32 PATCHes wait 600 s for an answer, so the dispatcher sends nothing more.
start_bg "$BIN/patchbay" mock-reach --port "$paused_mock_port" --latency 600s --journal-limit 0 >"$work/paused-mock.log" 2>&1
wait_for_port "$mock_port"; wait_for_port "$paused_mock_port"

# Distinct events for every backlog and every ingest load: drain K (0, 1, …) seeds the
# events from K * BACKLOG, ingest load K sends those from DRAIN_EVENTS + K * INGEST_EVENTS.
INGEST_EVENTS=400000
DRAIN_EVENTS=$((ROUNDS * 2 * BACKLOG))
python3 "$BENCH/generate-stripe-events.py" $((DRAIN_EVENTS + ROUNDS * 2 * INGEST_EVENTS)) >"$work/events.ndjson"
events() { # FIRST COUNT: COUNT events from the FIRST (0-based)
    sed -n "$(($1 + 1)),$(($1 + $2))p" "$work/events.ndjson"
}

start_bridge() { # STORE UPSTREAM_PORT
    port=$(free_port)
    start_bg env PATCHBAY_SECRET_STRIPE=$SECRET "$BIN/patchbay" serve --port "$port" --data "$work/$1" \
        --mappings "$work/mappings" --upstream "http://127.0.0.1:$2" >>"$work/$1.log" 2>&1
    bridge_pid=$LAST_PID
    wait_for_status "http://127.0.0.1:$port/readyz"
}

# Drains the store's open updates: the new backlog and what the last ingest load left
# pending. Prints {"per_second":…, "cpu_us_per_patch":…} over the updates delivered.
drain() { # STORE RUN
    events $(($2 * BACKLOG)) "$BACKLOG" | "$BIN/backlog-seeder" "$work/$1" "$work/mappings/stripe.json" >/dev/null 2>&1
    local start cpu before
    before=$(delivered_updates "$work/$1")
    start_bridge "$1" "$mock_port"
    start=$(date +%s.%N)
    cpu=$(cpu_seconds "$bridge_pid")
    wait_for_drain "$work/$1" 0.1 || exit 1
    python3 -c "import time; s = time.time() - $start; n = $(delivered_updates "$work/$1") - $before; print('{\"patches\": %d, \"per_second\": %f, \"cpu_us_per_patch\": %f}' % (n, n / s, ($(cpu_seconds "$bridge_pid") - $cpu) * 1e6 / n))"
    stop_pid "$bridge_pid"
}

ingest() { # STORE RUN: prints wrk's summary
    events $((DRAIN_EVENTS + $2 * INGEST_EVENTS)) "$INGEST_EVENTS" | python3 "$BENCH/sign-requests.py" stripe "$SECRET" >"$work/requests.tsv"
    start_bridge "$1" "$paused_mock_port"
    PATCHBAY_BENCH_REQUESTS="$work/requests.tsv" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
        -s "$BENCH/signed-requests.lua" "http://127.0.0.1:$port/hooks/stripe" -- "$THREADS" >"$work/wrk.txt"
    python3 "$BENCH/wrk-summary.py" "$work/wrk.txt"
    stop_pid "$bridge_pid"
}

results="$work/results.jsonl"
drains=0; loads=0
for round in $(seq "$ROUNDS"); do
    # Odd rounds measure the empty store first, even rounds the full one.
    order="empty full"
    ((round % 2 == 0)) && order="full empty"
    for store in $order; do
        echo "round $round: drain, $store store" >&2
        printf '{"round":%d,"store":"%s","load":"drain","result":%s}\n' "$round" "$store" "$(drain "$store" "$drains")" >>"$results"
        drains=$((drains + 1))
    done
    for store in $order; do
        echo "round $round: ingest, $store store" >&2
        printf '{"round":%d,"store":"%s","load":"ingest","result":%s}\n' "$round" "$store" "$(ingest "$store" "$loads")" >>"$results"
        loads=$((loads + 1))
    done
done

python3 - "$results" "$machine" "$date" "$COMMAND" "$HISTORY" "$seed_seconds" "$store_bytes" "$BACKLOG" \
    "$THREADS" "$CONNECTIONS" "$DURATION" <<'PY' | write_section history
import json, sys
path, machine, date, command, history, seed_seconds, store_bytes, backlog, threads, connections, duration = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
history, backlog = int(history), int(backlog)
def rate(row):
    return row["result"]["per_second"] if row["load"] == "drain" else row["result"]["accepted"] / row["result"]["seconds"]
print("## Cost as the store grows (issue 14)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- The full store: {history:,} delivered Stripe events written by `Benchmarks/seed-history.py` in {int(seed_seconds):,} s "
      f"({int(store_bytes) / 2**30:.1f} GiB on disk): each with its delivery, event, delivered update, attempt, field times and two "
      "learned identities, as `mappings/stripe.json` leaves them. The empty store starts with nothing.")
print(f"- Drain: {backlog:,} new pending updates (one new customer each, `Benchmarks/BacklogSeeder`), with what the previous ingest load "
      "left pending, drained by `patchbay serve` (release, default settings) into `patchbay mock-reach`; timed from `/readyz` until none "
      "is open; the rate and the bridge's CPU are per update delivered meanwhile.")
print(f"- Ingest: `wrk -t{threads} -c{connections} -d{duration}` with distinct, freshly signed Stripe deliveries "
      "(`Benchmarks/signed-requests.lua`) to `patchbay serve` whose upstream is paused; accepted (202) per second.")
print("- The stores are measured alternately (the empty one first in odd rounds, the full one in even rounds), the drain first, each on its own `serve` started for the load and stopped after.\n")
print("| round | load | empty store | full store | full / empty | bridge CPU per PATCH, empty / full |")
print("|---|---|---:|---:|---:|---|")
for round in sorted({row["round"] for row in rows}):
    for load in ("drain", "ingest"):
        empty = next(r for r in rows if r["round"] == round and r["load"] == load and r["store"] == "empty")
        full = next(r for r in rows if r["round"] == round and r["load"] == load and r["store"] == "full")
        cpu = (f"{empty['result']['cpu_us_per_patch']:,.0f} µs / {full['result']['cpu_us_per_patch']:,.0f} µs"
               if load == "drain" else "")
        unit = "PATCH/s" if load == "drain" else "accepted/s"
        print(f"| {round} | {load} | {rate(empty):,.0f} {unit} | {rate(full):,.0f} {unit} | {rate(full) / rate(empty):.0%} | {cpu} |")
shares = {load: [rate(f) / rate(e) for e in rows for f in rows
                 if e["load"] == f["load"] == load and e["round"] == f["round"] and e["store"] == "empty" and f["store"] == "full"]
          for load in ("drain", "ingest")}
print(f"\n**With {history:,} finished events, drain runs at {', '.join(f'{s:.0%}' for s in shares['drain'])} and ingest at "
      f"{', '.join(f'{s:.0%}' for s in shares['ingest'])} of the empty store's rates (rounds in order; target: at least 90%).**")
PY
