#!/usr/bin/env bash
# Issue 14 benchmark: one `patchbay serve` on PostgreSQL against the same on
# SQLite, same load, same run. Starts a throwaway PostgreSQL server on 127.0.0.1
# (lib.sh's postgres_start, initdb's default durability), then for each round and
# each store, on a fresh store:
#   ingest: wrk sends distinct signed Stripe deliveries for DURATION with the
#           upstream paused (`mock-reach --latency 600s`): accepted/s, p50 to the 202;
#   paced:  the same at half the rate that store just reached (wrk with
#           PATCHBAY_BENCH_DELAY_MS): p50 to the 202 at half load;
#   e2e:    the same as fast as possible while delivering to a live mock, then
#           the drain: end-to-end events/s.
# Writes the "postgres-store" section of docs/benchmarks.md with the ratios
# PostgreSQL / SQLite of each round.
#
# Usage: Benchmarks/postgres-store.sh
# Settings (environment): CONNECTIONS=64 DURATION=8s ROUNDS=2 EVENTS_PER_LOAD=60000
#   PG_OPTIONS: extra server settings (default: none)
# Needs PostgreSQL (Debian's `postgresql` package), wrk, python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-8s}
ROUNDS=${ROUNDS:-2}
EVENTS_PER_LOAD=${EVENTS_PER_LOAD:-60000}
PG_OPTIONS=${PG_OPTIONS:-}
SECRET=whsec_benchmark_postgres_store
COMMAND="Benchmarks/postgres-store.sh (CONNECTIONS=$CONNECTIONS DURATION=$DURATION ROUNDS=$ROUNDS EVENTS_PER_LOAD=$EVENTS_PER_LOAD PG_OPTIONS=\"$PG_OPTIONS\")"

build_release patchbay
begin_run postgres-store
postgres_start "$PG_OPTIONS"
pg_version=$(pg_sql postgres 'SHOW server_version')

mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"
paused_port=$(free_port); live_port=$(free_port)
start_bg "$BIN/patchbay" mock-reach --port "$paused_port" --latency 600s --journal-limit 0 >"$work/paused-mock.log" 2>&1
start_bg "$BIN/patchbay" mock-reach --port "$live_port" >"$work/live-mock.log" 2>&1
wait_for_port "$paused_port"; wait_for_port "$live_port"
loads=$((ROUNDS * 2 * 3))
echo "generating $((loads * EVENTS_PER_LOAD)) distinct Stripe events" >&2
python3 "$BENCH/generate-stripe-events.py" $((loads * EVENTS_PER_LOAD)) >"$work/events.ndjson"
line=1

# One load on a fresh store, with the EVENTS_PER_LOAD events from line $line on; prints a JSON object.
load() { # NAME STORE(sqlite|postgres) KIND(ingest|paced|e2e) [DELAY_MS]
    local name=$1 store=$2 kind=$3 upstream=$paused_port port pid log environment=()
    port=$(free_port)
    [[ $kind == e2e ]] && upstream=$live_port
    if [[ $store == postgres ]]; then
        pg_sql postgres "CREATE DATABASE $name"
        environment=(PATCHBAY_STORE="postgres://patchbay@127.0.0.1:$PG_PORT/$name")
        log="postgres:$name"
    else
        log="$work/data-$name"
    fi
    start_bg env PATCHBAY_SECRET_STRIPE=$SECRET "${environment[@]}" "$BIN/patchbay" serve --host 127.0.0.1 --port "$port" \
        --data "$work/data-$name" --mappings "$work/mappings" --upstream "http://127.0.0.1:$upstream" >"$work/$name.log" 2>&1
    pid=$LAST_PID
    wait_for_status "http://127.0.0.1:$port/readyz"
    sed -n "$line,$((line + EVENTS_PER_LOAD - 1))p" "$work/events.ndjson" |
        python3 "$BENCH/sign-requests.py" stripe "$SECRET" >"$work/$name.tsv"
    [[ $kind == e2e ]] && curl -s -o /dev/null -X DELETE "http://127.0.0.1:$live_port/_mock/requests"
    local bridge_cpu postgres_cpu
    bridge_cpu=$(cpu_seconds "$pid"); postgres_cpu=$(postgres_backend_cpu_seconds)
    PATCHBAY_BENCH_DELAY_MS=${4:-} PATCHBAY_BENCH_REQUESTS=$work/$name.tsv wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
        -s "$BENCH/signed-requests.lua" "http://127.0.0.1:$port/hooks/stripe" -- 1 >"$work/$name-wrk.txt"
    bridge_cpu=$(python3 -c "print($(cpu_seconds "$pid") - $bridge_cpu)")
    postgres_cpu=$(python3 -c "print($(postgres_backend_cpu_seconds) - $postgres_cpu)")
    local end_to_end=null
    if [[ $kind == e2e ]]; then
        wait_for_drain "$log"
        curl -s "http://127.0.0.1:$live_port/_mock/requests" >"$work/$name-journal.json"
        local received="$work/data-$name"
        if [[ $store == postgres ]]; then
            received="$work/$name-received.tsv"
            pg_received_times "$name" >"$received"
        fi
        end_to_end=$(python3 "$BENCH/end-to-end-latency.py" "$received" "$work/$name-journal.json")
    fi
    stop_pid "$pid"
    printf '{"store":"%s","kind":"%s","delay_ms":"%s","bridge_cpu":%s,"postgres_cpu":%s,"wrk":%s,"end_to_end":%s}\n' \
        "$store" "$kind" "${4:-}" "$bridge_cpu" "$postgres_cpu" "$(python3 "$BENCH/wrk-summary.py" "$work/$name-wrk.txt")" "$end_to_end"
}

results="$work/results.jsonl"
for round in $(seq "$ROUNDS"); do
    for store in sqlite postgres; do
        echo "round $round: $store" >&2
        row=$(load "r${round}_${store}_ingest" "$store" ingest)
        line=$((line + EVENTS_PER_LOAD))
        echo "$row" | sed "s/^{/{\"round\":$round,/" >>"$results"
        # Half the rate just reached: each connection waits CONNECTIONS / (rate / 2) seconds between requests.
        delay=$(python3 -c "import json,sys; w=json.loads(sys.argv[1])['wrk']; print(max(1, round(2000 * $CONNECTIONS * w['seconds'] / max(1, w['accepted']))))" "$row")
        load "r${round}_${store}_paced" "$store" paced "$delay" | sed "s/^{/{\"round\":$round,/" >>"$results"
        line=$((line + EVENTS_PER_LOAD))
        load "r${round}_${store}_e2e" "$store" e2e | sed "s/^{/{\"round\":$round,/" >>"$results"
        line=$((line + EVENTS_PER_LOAD))
    done
done

python3 - "$results" "$machine" "$date" "$COMMAND" "$CONNECTIONS" "$DURATION" "$pg_version" <<'PY' | write_section postgres-store
import json, sys
path, machine, date, command, connections, duration, pg_version = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
print("## PostgreSQL against SQLite, one instance (issue 14)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- Stores: SQLite (the default, a fresh data directory per load) and PostgreSQL {pg_version} on 127.0.0.1 started by the script with initdb's defaults (`synchronous_commit=on`, `fsync=on`: a commit is on disk before the 202), a fresh database per load. One `patchbay serve` (release, `mappings/stripe.json`, default settings) per load.")
print(f"- Loads, each on a fresh store with distinct, freshly signed Stripe deliveries (one event, one update, its own customer each), `wrk -t1 -c{connections} -d{duration}`: **ingest** with the upstream paused (`mock-reach --latency 600s`: nothing more is sent after the first 32 PATCHes); **paced** the same at half the accepted rate that store reached in the ingest load just before (each connection waits between requests), for the p50 at half load; **end to end** as fast as possible while delivering to a live `mock-reach`, then until the store has drained (events delivered ÷ (last PATCH received − first webhook received)).")
print("- Only 202 replies count as accepted. Everything (wrk, the bridge, PostgreSQL, the mocks) shares the machine's CPUs. CPU per delivery: user + system CPU time during the ingest load's wrk run, of `patchbay serve` and of the PostgreSQL backends (`/proc/PID/stat`), over the deliveries accepted.\n")
print("| round | store | ingest accepted/s | ingest p50 | bridge CPU per delivery | PostgreSQL CPU per delivery | paced at | paced p50 | end-to-end accepted/s | end-to-end events/s | e2e p50 |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
table = {}
for row in rows:
    table.setdefault((row["round"], row["store"]), {})[row["kind"]] = row
ratios = {"ingest": [], "e2e": []}
paced_p50 = []
for (round_number, store), kinds in sorted(table.items(), key=lambda item: (item[0][0], item[0][1] != "sqlite")):
    ingest, paced, e2e = kinds["ingest"]["wrk"], kinds["paced"]["wrk"], kinds["e2e"]
    per_delivery = lambda seconds: f"{seconds * 1e6 / max(1, ingest['accepted']):,.0f} µs"
    postgres_cpu = per_delivery(kinds["ingest"]["postgres_cpu"]) if store == "postgres" else "—"
    accepted = ingest["accepted"] / ingest["seconds"]
    paced_rate = paced["accepted"] / paced["seconds"]
    e2e_accepted = e2e["wrk"]["accepted"] / e2e["wrk"]["seconds"]
    events = e2e["end_to_end"]["events_per_second"]
    kinds["figures"] = (accepted, events)
    if store == "postgres":
        paced_p50.append(paced["p50_ms"])
    print(f"| {round_number} | {store} | {accepted:,.0f} | {ingest['p50_ms']:.1f} ms | {per_delivery(kinds['ingest']['bridge_cpu'])} | {postgres_cpu} | {paced_rate:,.0f}/s | {paced['p50_ms']:.1f} ms | {e2e_accepted:,.0f} | {events:,.0f} | {e2e['end_to_end']['p50_ms']:,.0f} ms |")
for round_number in sorted({key[0] for key in table}):
    sqlite, postgres = table[(round_number, "sqlite")]["figures"], table[(round_number, "postgres")]["figures"]
    ratios["ingest"].append(postgres[0] / sqlite[0])
    ratios["e2e"].append(postgres[1] / sqlite[1])
print()
print(f"**PostgreSQL as a share of SQLite, same run: ingest accepted/s {', '.join(f'{x:.0%}' for x in ratios['ingest'])} (target ≥ 40%); end-to-end events/s {', '.join(f'{x:.0%}' for x in ratios['e2e'])} (target ≥ 40%); PostgreSQL's p50 to the 202 at half its own maximum rate {', '.join(f'{x:.1f} ms' for x in paced_p50)} (target < 20 ms).**")
PY
