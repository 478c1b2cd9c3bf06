#!/usr/bin/env bash
# Issue 3 benchmark: signed Stripe deliveries accepted per second by `patchbay serve`
# (verification, mapping and the durable SQLite group commit included, default
# durability; the dispatcher delivers to a local mock Reach meanwhile), beside nginx
# answering a fixed 202 and a bare Hummingbird route that reads the body and answers
# 202 — same wrk settings, same requests, in the same run. Writes the "ingest" section
# of docs/benchmarks.md.
#
# Usage: Benchmarks/ingest.sh
# Settings (environment): THREADS=2 CONNECTIONS=64 DURATION=15s ROUNDS=2 EVENTS_PER_ROUND=200000
# Everything listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-2}
EVENTS_PER_ROUND=${EVENTS_PER_ROUND:-200000}
SECRET=whsec_benchmark_ingest
COMMAND="Benchmarks/ingest.sh (THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION ROUNDS=$ROUNDS EVENTS_PER_ROUND=$EVENTS_PER_ROUND)"

build_release patchbay bare-hummingbird
work=$(mktemp -d /tmp/patchbay-ingest.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
machine=$(machine_description)
date=$(date -u '+%Y-%m-%d %H:%M UTC')

nginx_port=$(free_port); bare_port=$(free_port); bridge_port=$(free_port); mock_port=$(free_port)
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
wait_for_port "$mock_port"
start_bg env PATCHBAY_SECRET_STRIPE=$SECRET "$BIN/patchbay" serve --port "$bridge_port" --data "$work/data" \
    --mappings "$work/mappings" --upstream "http://127.0.0.1:$mock_port" >"$work/bridge.log" 2>&1
bridge_pid=$LAST_PID
wait_for_port "$nginx_port"; wait_for_port "$bare_port"
wait_for_status "http://127.0.0.1:$bridge_port/readyz"

echo "generating $((ROUNDS * EVENTS_PER_ROUND)) distinct Stripe events" >&2
python3 "$BENCH/generate-stripe-events.py" $((ROUNDS * EVENTS_PER_ROUND)) >"$work/events.ndjson"

run_wrk() { # NAME PORT REQUESTS_FILE
    PATCHBAY_BENCH_REQUESTS=$3 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
        -s "$BENCH/stripe-requests.lua" "http://127.0.0.1:$2/hooks/stripe" -- "$THREADS" >"$work/$1.txt"
    python3 "$BENCH/wrk-summary.py" "$work/$1.txt"
}

results="$work/results.jsonl"
for round in $(seq "$ROUNDS"); do
    # Each round has its own events, signed just before it (Stripe's tolerance is 5 minutes).
    sed -n "$(((round - 1) * EVENTS_PER_ROUND + 1)),$((round * EVENTS_PER_ROUND))p" "$work/events.ndjson" |
        python3 "$BENCH/sign-stripe-requests.py" "$SECRET" >"$work/requests.tsv"
    for server in nginx bare patchbay; do
        case $server in
            nginx) port=$nginx_port ;;
            bare) port=$bare_port ;;
            patchbay) port=$bridge_port ;;
        esac
        echo "round $round: $server" >&2
        printf '{"round":%d,"server":"%s","result":%s}\n' "$round" "$server" \
            "$(run_wrk "$server-$round" "$port" "$work/requests.tsv")" >>"$results"
    done
done

echo "waiting for the backlog to drain to the mock Reach" >&2
drain_start=$(date +%s.%N)
open=$(python3 "$BENCH/open-updates.py" "$work/data")
for _ in $(seq 600); do
    [[ $open == 0 ]] && break
    sleep 0.5
    open=$(python3 "$BENCH/open-updates.py" "$work/data")
done
drain_seconds=$(python3 -c "import time; print(round(time.time() - $drain_start, 1))")
bridge_rss=$(rss_mib "$bridge_pid")

python3 - "$results" "$machine" "$date" "$COMMAND" "$open" "$drain_seconds" "$bridge_rss" \
    "$THREADS" "$CONNECTIONS" "$DURATION" <<'PY' | write_section ingest
import json, sys
path, machine, date, command, still_open, drain, rss, threads, connections, duration = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
rounds = sorted({row["round"] for row in rows})
print("## Webhook ingest: signed Stripe deliveries per second (issue 3)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- Load: `wrk -t{threads} -c{connections} -d{duration} --latency -s Benchmarks/stripe-requests.lua`, the same distinct, freshly signed Stripe `customer.created`/`customer.updated` deliveries (about 1.1 KB each, from `Benchmarks/generate-stripe-events.py`) to all three servers, one after the other in each round.")
print("- **patchbay**: `patchbay serve` (release) with `mappings/stripe.json`: Stripe signature check, mapping, and the delivery, its event and its update committed to SQLite (WAL, `synchronous=NORMAL`, group commit) before the 202; its dispatcher PATCHes the updates to a `patchbay mock-reach` on loopback at the same time. Only 202 replies (`accepted`) are counted; a duplicate (200) would not be.")
print("- **bare Hummingbird**: `Benchmarks/BareHummingbird` (release), a route that reads the whole body and answers 202 with a reply of the same size.")
print("- **nginx**: `return 202` with the same reply, `worker_processes auto`.\n")
print("| round | server | requests/s | accepted/s | p50 | p99 | non-2xx | socket errors | vs bare Hummingbird | vs nginx |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = []
for r in rounds:
    by = {row["server"]: row["result"] for row in rows if row["round"] == r}
    for server in ("nginx", "bare", "patchbay"):
        res = by[server]
        rate = res["requests_per_second"]
        accepted = res["accepted"] / res["seconds"]
        shown = accepted if server == "patchbay" else rate
        vs_bare = shown / by["bare"]["requests_per_second"]
        vs_nginx = shown / by["nginx"]["requests_per_second"]
        if server == "patchbay":
            ratios.append(vs_bare)
        name = {"bare": "bare Hummingbird"}.get(server, server)
        print(f"| {r} | {name} | {rate:,.0f} | {accepted:,.0f} | {res['p50_ms']:.2f} ms | {res['p99_ms']:.2f} ms | {res['non_2xx']} | {res['socket_errors']} | {vs_bare:.0%} | {vs_nginx:.0%} |")
print()
print(f"**patchbay accepted/s as a share of the bare Hummingbird route: {', '.join(f'{x:.0%}' for x in ratios)} (rounds {', '.join(map(str, rounds))}); target ≥ 60%.**\n")
state = "drained" if still_open == "0" else f"NOT drained ({still_open} updates still open)"
print(f"After the last round the dispatcher's backlog {state} {drain} s later; the bridge's resident memory was then {rss} MiB.")
PY
