#!/usr/bin/env bash
# Issue 7 benchmark: one vs two `patchbay serve` instances on the same PostgreSQL
# database. Starts a throwaway PostgreSQL server on 127.0.0.1 (initdb into a
# temporary directory; as root it runs as the `postgres` user), one
# `patchbay mock-reach` upstream, then for each configuration — one instance, two
# instances — on a fresh database: wrk sends distinct signed Stripe deliveries
# (Benchmarks/signed-requests.lua) for DURATION (two instances: one wrk per
# instance, half the connections each), while the instances deliver to the mock;
# then waits for the backlog to drain. Measures accepted webhooks/s and end-to-end
# delivery (events/s, latency from webhook received to PATCH received). ROUNDS
# alternate the two configurations. Writes the "shared-store" section of
# docs/benchmarks.md.
#
# Usage: Benchmarks/shared-store.sh
# Settings (environment): CONNECTIONS=64 DURATION=10s ROUNDS=2 EVENTS_PER_LOAD=100000
#   PG_OPTIONS: extra server settings, e.g. "-c synchronous_commit=off" (default: none, initdb's defaults)
# Needs PostgreSQL (Debian's `postgresql` package: /usr/lib/postgresql/<version>/bin), wrk, python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}
EVENTS_PER_LOAD=${EVENTS_PER_LOAD:-100000}
PG_OPTIONS=${PG_OPTIONS:-}
SECRET=whsec_benchmark_shared_store
# Every instance of a shared store hashes identities with the same key.
IDENTITY_KEY=$(openssl rand -hex 32)
COMMAND="Benchmarks/shared-store.sh (CONNECTIONS=$CONNECTIONS DURATION=$DURATION ROUNDS=$ROUNDS EVENTS_PER_LOAD=$EVENTS_PER_LOAD PG_OPTIONS=\"$PG_OPTIONS\")"

build_release patchbay
begin_run shared-store

postgres_start "$PG_OPTIONS"
pg_version=$(pg_sql postgres 'SHOW server_version')
pg_sync=$(pg_sql postgres 'SHOW synchronous_commit')
pg_fsync=$(pg_sql postgres 'SHOW fsync')

mock_port=$(free_port)
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" >"$work/mock.log"
wait_for_port "$mock_port"
echo "generating $((ROUNDS * 2 * EVENTS_PER_LOAD)) distinct Stripe events" >&2
python3 "$BENCH/generate-stripe-events.py" $((ROUNDS * 2 * EVENTS_PER_LOAD)) >"$work/events.ndjson"

# One load: INSTANCES instances on a fresh database, each with its own wrk.
load() { # NAME INSTANCES FIRST_EVENT_LINE
    local name=$1 instances=$2 database=${1//-/_} i port pids=() ports=() wrk_pids=()
    pg_sql postgres "CREATE DATABASE $database"
    for i in $(seq "$instances"); do
        port=$(free_port)
        start_bg env PATCHBAY_SECRET_STRIPE=$SECRET PATCHBAY_IDENTITY_KEY=$IDENTITY_KEY \
            PATCHBAY_STORE="postgres://patchbay@127.0.0.1:$PG_PORT/$database" "$BIN/patchbay" serve \
            --host 127.0.0.1 --port "$port" --data "$work/data-$name-$i" --instance-id "$name-$i" --mappings "$work/mappings" \
            --upstream "http://127.0.0.1:$mock_port" >"$work/$name-$i.log" 2>&1
        pids+=("$LAST_PID"); ports+=("$port")
    done
    for port in "${ports[@]}"; do wait_for_status "http://127.0.0.1:$port/readyz"; done
    # Instance i gets every INSTANCES-th event, signed just before the load.
    for i in $(seq "$instances"); do
        sed -n "$3,$(($3 + EVENTS_PER_LOAD - 1))p" "$work/events.ndjson" | awk -v n="$instances" -v k="$i" 'NR % n == k % n' |
            python3 "$BENCH/sign-requests.py" stripe "$SECRET" >"$work/$name-$i.tsv"
    done
    curl -s -o /dev/null -X DELETE "http://127.0.0.1:$mock_port/_mock/requests"
    local cpu_before cpu_busy
    cpu_before=$(cpu_jiffies)
    for i in $(seq "$instances"); do
        PATCHBAY_BENCH_REQUESTS=$work/$name-$i.tsv wrk -t1 -c$((CONNECTIONS / instances)) -d"$DURATION" --latency \
            -s "$BENCH/signed-requests.lua" "http://127.0.0.1:${ports[i - 1]}/hooks/stripe" -- 1 >"$work/$name-$i-wrk.txt" &
        wrk_pids+=($!)
    done
    for i in "${wrk_pids[@]}"; do wait "$i"; done
    cpu_busy=$(cpu_busy_percent "$cpu_before" "$(cpu_jiffies)")
    local drain_start
    drain_start=$(date +%s.%N)
    wait_for_drain "postgres:$database"
    local drain_seconds
    drain_seconds=$(python3 -c "import time; print(round(time.time() - $drain_start, 1))")
    curl -s "http://127.0.0.1:$mock_port/_mock/requests" >"$work/$name-journal.json"
    pg_received_times "$database" >"$work/$name-received.tsv"
    local events
    events=$(pg_sql "$database" "SELECT count(*) FROM event")
    for i in "${pids[@]}"; do stop_pid "$i"; done
    printf '{"name":"%s","instances":%d,"events":%d,"drain_seconds":%s,"cpu_busy":%d,"wrk":[' "$name" "$instances" "$events" \
        "$drain_seconds" "$cpu_busy"
    for i in $(seq "$instances"); do
        [[ $i -gt 1 ]] && printf ','
        python3 "$BENCH/wrk-summary.py" "$work/$name-$i-wrk.txt" | tr -d '\n'
    done
    printf '],"end_to_end":%s}\n' "$(python3 "$BENCH/end-to-end-latency.py" "$work/$name-received.tsv" "$work/$name-journal.json")"
}

results="$work/results.jsonl"
line=1
for round in $(seq "$ROUNDS"); do
    for instances in 1 2; do
        echo "round $round: $instances instance(s)" >&2
        load "r$round-x$instances" "$instances" "$line" >>"$results"
        line=$((line + EVENTS_PER_LOAD))
    done
done

python3 - "$results" "$machine" "$date" "$COMMAND" "$CONNECTIONS" "$DURATION" "$pg_version" "$pg_sync" "$pg_fsync" <<'PY' | write_section shared-store
import json, sys
path, machine, date, command, connections, duration, pg_version, pg_sync, pg_fsync = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
connections = int(connections)
print("## Several instances on one PostgreSQL database: one vs two (issue 7)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
durable = "a commit is on disk before the 202" if pg_sync == "on" and pg_fsync == "on" else "commits are not synced to disk before the 202"
print(f"- Store: PostgreSQL {pg_version} on 127.0.0.1, started by the script (`synchronous_commit={pg_sync}`, `fsync={pg_fsync}`: {durable}), a fresh database per load; the bridges are `patchbay serve` (release) with `--store postgres://…` and their own `--instance-id`, `mappings/stripe.json`, delivering to one `patchbay mock-reach` on loopback (default 32 PATCHes in flight per instance).")
print(f"- Load: distinct, freshly signed Stripe deliveries (one event, one update, its own customer each) for {duration}: one instance gets `wrk -t1 -c{connections}`; with two, each instance gets its own `wrk -t1 -c{connections // 2}` on its own half of the events, at the same time. Only 202 replies count as accepted.")
print("- Accepted/s: 202 replies over the wrk run (summed over both wrk). End to end: events delivered ÷ (last PATCH received − first webhook received), which includes draining the backlog after wrk stops; latency from the event's `received_at` in the database to the mock's `receivedAt`.")
print("- **Read this with the machine in mind:** everything — wrk, the instances, PostgreSQL and the mock — shares the same CPUs, so a second instance adds no hardware; it competes with the first one and with PostgreSQL for the same cores. The figures show what the shared store costs and that two instances work side by side, not how far a second machine would scale.\n")
print("| round | instances | accepted/s | p50 to 202 | p99 to 202 | events stored | end-to-end events/s | e2e p50 | e2e p99 | drain after wrk | customers PATCHed twice | CPU busy during wrk |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = {"ingest": [], "e2e": []}
by_round = {}
for row in rows:
    wrk = row["wrk"]
    accepted = sum(w["accepted"] for w in wrk) / max(w["seconds"] for w in wrk)
    p50 = max(w["p50_ms"] for w in wrk)
    p99 = max(w["p99_ms"] for w in wrk)
    e = row["end_to_end"]
    round_number = int(row["name"].split("-")[0][1:])
    by_round.setdefault(round_number, {})[row["instances"]] = (accepted, e["events_per_second"])
    print(f"| {round_number} | {row['instances']} | {accepted:,.0f} | {p50:.1f} ms | {p99:.1f} ms | {row['events']:,} | {e['events_per_second']:,.0f} | {e['p50_ms']:,.0f} ms | {e['p99_ms']:,.0f} ms | {row['drain_seconds']} s | {e['duplicate_patches']} | {row['cpu_busy']}% |")
print()
print("With two instances, p50/p99 to the 202 are the higher of the two wrk runs. CPU busy: the share of the whole machine's CPU time (all cores, every process, other users of the machine included) that was busy while wrk ran.\n")
for round_number, pair in sorted(by_round.items()):
    if 1 in pair and 2 in pair:
        ratios["ingest"].append(pair[2][0] / pair[1][0])
        ratios["e2e"].append(pair[2][1] / pair[1][1])
print(f"**Two instances vs one, same run: accepted/s {', '.join(f'{x:.0%}' for x in ratios['ingest'])}; end-to-end events/s {', '.join(f'{x:.0%}' for x in ratios['e2e'])} (rounds {', '.join(map(str, sorted(by_round)))}).**")
PY
