#!/usr/bin/env bash
# Issue 3 benchmark: signed Stripe deliveries accepted per second by `patchbay serve`
# (verification, mapping and the durable SQLite group commit included, default
# durability), beside nginx answering a fixed 202 and a bare Hummingbird route that
# reads the body and answers 202 — same wrk settings, same requests, in the same run.
# The bridge is measured twice: ingest alone (its upstream paused, so accepted updates
# wait in the store) and while its dispatcher delivers to a local mock Reach on the same
# cores. Each measurement starts only once the delivering bridge's backlog has drained,
# so no server is measured while another still works. Writes the "ingest" section of
# docs/benchmarks.md.
#
# With WITHOUT_STORE=1 it also measures, as an experiment, how far ingest gets
# without the durable commit: a copy of patchbay whose ingest pipeline answers with a
# made-up receipt instead of writing to the store. It is not a product mode: the
# script clones the committed HEAD into its temporary directory, changes that one
# line with sed and builds the copy (release, from scratch: about 10 more minutes).
#
# Usage: Benchmarks/ingest.sh
# Settings (environment): THREADS=2 CONNECTIONS=64 DURATION=15s ROUNDS=2 EVENTS_PER_ROUND=200000 WITHOUT_STORE=0
# Everything listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-2}
EVENTS_PER_ROUND=${EVENTS_PER_ROUND:-200000}
WITHOUT_STORE=${WITHOUT_STORE:-0}
SECRET=whsec_benchmark_ingest
COMMAND="Benchmarks/ingest.sh (THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION ROUNDS=$ROUNDS EVENTS_PER_ROUND=$EVENTS_PER_ROUND WITHOUT_STORE=$WITHOUT_STORE)"

build_release patchbay bare-hummingbird
work=$(mktemp -d /tmp/patchbay-ingest.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
servers="nginx bare held patchbay"
if [[ $WITHOUT_STORE == 1 ]]; then
    echo "building the experiment: patchbay at $(git -C "$ROOT" rev-parse --short HEAD) without the store" >&2
    git clone -q "$ROOT" "$work/without-store"
    pipeline="$work/without-store/Sources/PatchBayServer/Pipeline/IngestPipeline.swift"
    sed -i 's/receipt = try await store.ingest(delivery)$/receipt = IngestReceipt(deliveryId: 1, events: delivery.events.map { _ in .accepted(1) }); _ = store/' "$pipeline"
    grep -q 'receipt = IngestReceipt(deliveryId: 1' "$pipeline" || { echo "the store call to replace is gone: update this script" >&2; exit 1; }
    (cd "$work/without-store" && swift build -c release --product patchbay >&2)
    servers="nginx bare held without-store patchbay"
fi
machine=$(machine_description)
date=$(date -u '+%Y-%m-%d %H:%M UTC')

nginx_port=$(free_port); bare_port=$(free_port)
bridge_port=$(free_port); mock_port=$(free_port) # the bridge delivering to a live mock
held_port=$(free_port); paused_mock_port=$(free_port) # the bridge whose upstream is paused
without_store_port=$(free_port) # the experiment, also with the paused upstream
mkdir -p "$work/mappings" "$work/nginx"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            default_type application/json;
            return 202 '{"events":1,"status":"accepted"}';
        }
    }
}
NGINX
start_bg nginx -p "$work/nginx" -c "$work/nginx.conf"
start_bg "$BIN/bare-hummingbird" "$bare_port"
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" --journal-limit 0 >"$work/mock.log"
# Paused: its first 32 PATCHes wait 600 s for an answer, so the dispatcher sends nothing more.
start_bg "$BIN/patchbay" mock-reach --port "$paused_mock_port" --latency 600s --journal-limit 0 >"$work/paused-mock.log"
wait_for_port "$mock_port"; wait_for_port "$paused_mock_port"
start_bridge() { # PORT DATA_DIR UPSTREAM_PORT [BINARY]
    start_bg env PATCHBAY_SECRET_STRIPE=$SECRET "${4:-$BIN/patchbay}" serve --port "$1" --data "$2" \
        --mappings "$work/mappings" --upstream "http://127.0.0.1:$3" >"$2.log" 2>&1
}
start_bridge "$bridge_port" "$work/data" "$mock_port"
bridge_pid=$LAST_PID
start_bridge "$held_port" "$work/held-data" "$paused_mock_port"
if [[ $WITHOUT_STORE == 1 ]]; then
    start_bridge "$without_store_port" "$work/without-store-data" "$paused_mock_port" "$work/without-store/.build/release/patchbay"
    wait_for_status "http://127.0.0.1:$without_store_port/readyz"
fi
wait_for_port "$nginx_port"; wait_for_port "$bare_port"
wait_for_status "http://127.0.0.1:$bridge_port/readyz"; wait_for_status "http://127.0.0.1:$held_port/readyz"

echo "generating $((ROUNDS * EVENTS_PER_ROUND)) distinct Stripe events" >&2
python3 "$BENCH/generate-stripe-events.py" $((ROUNDS * EVENTS_PER_ROUND)) >"$work/events.ndjson"

run_wrk() { # NAME PORT REQUESTS_FILE
    PATCHBAY_BENCH_REQUESTS=$3 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
        -s "$BENCH/signed-requests.lua" "http://127.0.0.1:$2/hooks/stripe" -- "$THREADS" >"$work/$1.txt"
    python3 "$BENCH/wrk-summary.py" "$work/$1.txt"
}

# Waits (at most 5 minutes) until the delivering bridge has no open update; sets
# `open` to what is left and `drain_seconds` to the time it took.
drain() {
    local start
    start=$(date +%s.%N)
    open=$(python3 "$BENCH/open-updates.py" "$work/data")
    for _ in $(seq 600); do
        [[ $open == 0 ]] && break
        sleep 0.5
        open=$(python3 "$BENCH/open-updates.py" "$work/data")
    done
    drain_seconds=$(python3 -c "import time; print(round(time.time() - $start, 1))")
}

results="$work/results.jsonl"
for round in $(seq "$ROUNDS"); do
    # Each round has its own events, signed just before it (Stripe's tolerance is 5 minutes).
    sed -n "$(((round - 1) * EVENTS_PER_ROUND + 1)),$((round * EVENTS_PER_ROUND))p" "$work/events.ndjson" |
        python3 "$BENCH/sign-requests.py" stripe "$SECRET" >"$work/requests.tsv"
    for server in $servers; do
        case $server in
            nginx) port=$nginx_port ;;
            bare) port=$bare_port ;;
            held) port=$held_port ;;
            without-store) port=$without_store_port ;;
            patchbay) port=$bridge_port ;;
        esac
        echo "round $round: $server" >&2
        printf '{"round":%d,"server":"%s","result":%s}\n' "$round" "$server" \
            "$(run_wrk "$server-$round" "$port" "$work/requests.tsv")" >>"$results"
        if [[ $server == patchbay ]]; then
            echo "waiting for the backlog to drain to the mock Reach" >&2
            drain
        fi
    done
done
bridge_rss=$(rss_mib "$bridge_pid")
held_open=$(python3 "$BENCH/open-updates.py" "$work/held-data")

python3 - "$results" "$machine" "$date" "$COMMAND" "$open" "$drain_seconds" "$bridge_rss" \
    "$THREADS" "$CONNECTIONS" "$DURATION" "$held_open" <<'PY' | write_section ingest
import json, sys
path, machine, date, command, still_open, drain, rss, threads, connections, duration, held_open = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
rounds = sorted({row["round"] for row in rows})
print("## Webhook ingest: signed Stripe deliveries per second (issue 3)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- Load: `wrk -t{threads} -c{connections} -d{duration} --latency -s Benchmarks/signed-requests.lua`, the same distinct, freshly signed Stripe `customer.created`/`customer.updated` deliveries (about 1.1 KB each, from `Benchmarks/generate-stripe-events.py`) to each server, one after the other in each round. Each measurement starts once the delivering bridge's backlog has drained, so no server is measured while another still works.")
print("- **patchbay, ingest**: `patchbay serve` (release) with `mappings/stripe.json`: Stripe signature check, mapping, and the delivery, its event and its update committed to SQLite (WAL, `synchronous=NORMAL`, group commit) before the 202 — everything issue 3 counts. Its upstream is paused (`patchbay mock-reach --latency 600s`: the first 32 PATCHes wait, so the dispatcher sends nothing more and accepted updates wait in the store), as when the upstream is slow or down; delivery is measured in the end-to-end section. Only 202 replies (`accepted`) are counted; a duplicate (200) would not be.")
print("- **patchbay, delivering**: a second `patchbay serve`, the same but with a live `patchbay mock-reach` upstream on loopback, which its dispatcher PATCHes at the same time on the same two cores.")
print("- **bare Hummingbird**: `Benchmarks/BareHummingbird` (release), a route that reads the whole body and answers 202 with a reply of the same size.")
print("- **nginx**: `return 202` with the same reply, `worker_processes auto`.")
if any(row["server"] == "without-store" for row in rows):
    print("- **patchbay, without the store (experiment)**: not a product mode. The same `patchbay serve` with its upstream paused, built from a copy of the commit in which `IngestPipeline` answers with a made-up receipt instead of calling `store.ingest` (the one line `WITHOUT_STORE=1` changes): verification, mapping, logging and the reply as usual, nothing written. It shows how far ingest could get if the durable commit cost nothing.")
print()
print("| round | server | requests/s | accepted/s | p50 | p99 | non-2xx | socket errors | vs bare Hummingbird | vs nginx |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = []
for r in rounds:
    by = {row["server"]: row["result"] for row in rows if row["round"] == r}
    for server in (s for s in ("nginx", "bare", "held", "without-store", "patchbay") if s in by):
        res = by[server]
        rate = res["requests_per_second"]
        accepted = res["accepted"] / res["seconds"]
        shown = accepted if server in ("held", "without-store", "patchbay") else rate
        vs_bare = shown / by["bare"]["requests_per_second"]
        vs_nginx = shown / by["nginx"]["requests_per_second"]
        ratios.append((server, vs_bare))
        name = {"nginx": "nginx", "bare": "bare Hummingbird", "held": "patchbay, ingest", "patchbay": "patchbay, delivering",
                "without-store": "patchbay, without the store (experiment)"}[server]
        print(f"| {r} | {name} | {rate:,.0f} | {accepted:,.0f} | {res['p50_ms']:.2f} ms | {res['p99_ms']:.2f} ms | {res['non_2xx']} | {res['socket_errors']} | {vs_bare:.0%} | {vs_nginx:.0%} |")
print()
def shares(server):
    return ", ".join(f"{x:.0%}" for s, x in ratios if s == server)
print(f"**patchbay's accepted/s as a share of the bare Hummingbird route: ingest {shares('held')}, while delivering {shares('patchbay')} (rounds {', '.join(map(str, rounds))}); targets (issue 14): ingest ≥ 35%, while delivering ≥ 25%.**\n")
if shares("without-store"):
    print(f"Experiment: without the store, the same pipeline answered {shares('without-store')} of the bare route's requests/s (rounds {', '.join(map(str, rounds))}).\n")
state = "drained" if still_open == "0" else f"NOT drained ({still_open} updates still open)"
held_accepted = sum(row["result"]["accepted"] for row in rows if row["server"] == "held")
held = (f"at least one for each of the {held_accepted:,} 202s wrk counted (a request still open when wrk stops is answered but not counted)"
        if int(held_open) >= held_accepted else f"FEWER than the {held_accepted:,} 202s wrk counted")
print(f"The delivering bridge's backlog {state} {drain} s after the last round; its resident memory was then {rss} MiB. The paused bridge's log held {int(held_open):,} open updates, {held}.")
PY
