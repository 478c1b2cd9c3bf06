#!/usr/bin/env bash
# Issue 6 benchmark: the do-it-yourself alternative — Debian's `webhook` package
# (adnanh/webhook) running Benchmarks/diy/stripe-to-reach.sh (openssl signature
# check, jq mapping, curl PATCH) for each delivery — beside `patchbay serve`, on the
# same kind of signed Stripe events, the same wrk load and the same upstream
# (`patchbay mock-reach`), in the same run: events delivered upstream per second.
# Writes the "diy-webhook" section of docs/benchmarks.md.
#
# Usage: Benchmarks/diy-webhook.sh      (needs `apt-get install webhook jq openssl`)
# Settings (environment): THREADS=2 CONNECTIONS=16 DURATION=15s EVENTS=200000
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-15s}
EVENTS=${EVENTS:-200000}
SECRET=whsec_benchmark_diy
COMMAND="Benchmarks/diy-webhook.sh (THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION EVENTS=$EVENTS)"

build_release patchbay
begin_run diy

webhook_port=$(free_port); bridge_port=$(free_port); mock_port=$(free_port)
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" >"$work/mock.log" 2>&1
wait_for_port "$mock_port"
start_bg env -C "$ROOT" DIY_SECRET=$SECRET DIY_UPSTREAM="http://127.0.0.1:$mock_port" \
    webhook -ip 127.0.0.1 -port "$webhook_port" -hooks Benchmarks/diy/hooks.json -urlprefix hooks \
    >"$work/webhook.log" 2>&1
start_bg env PATCHBAY_SECRET_STRIPE=$SECRET "$BIN/patchbay" serve --port "$bridge_port" --data "$work/data" \
    --mappings "$work/mappings" --upstream "http://127.0.0.1:$mock_port" >"$work/bridge.log" 2>&1
wait_for_port "$webhook_port"
wait_for_status "http://127.0.0.1:$bridge_port/readyz"
python3 "$BENCH/generate-stripe-events.py" $((2 * EVENTS)) >"$work/events.ndjson"

load() { # NAME PORT FIRST_EVENT_LINE
    sed -n "$3,$(($3 + EVENTS - 1))p" "$work/events.ndjson" |
        python3 "$BENCH/sign-requests.py" stripe "$SECRET" >"$work/requests.tsv"
    curl -s -X DELETE "http://127.0.0.1:$mock_port/_mock/requests"
    PATCHBAY_BENCH_REQUESTS=$work/requests.tsv wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
        -s "$BENCH/signed-requests.lua" "http://127.0.0.1:$2/hooks/stripe" -- "$THREADS" >"$work/$1-wrk.txt"
}

echo "webhook + curl per event" >&2
load webhook "$webhook_port" 1
sleep 1
curl -s "http://127.0.0.1:$mock_port/_mock/requests" >"$work/webhook-journal.json"
echo "patchbay" >&2
load patchbay "$bridge_port" $((EVENTS + 1))
for _ in $(seq 1200); do
    [[ $(python3 "$BENCH/open-updates.py" "$work/data") == 0 ]] && break
    sleep 0.5
done
curl -s "http://127.0.0.1:$mock_port/_mock/requests" >"$work/patchbay-journal.json"

python3 - "$machine" "$date" "$COMMAND" \
    "$(python3 "$BENCH/wrk-summary.py" "$work/webhook-wrk.txt")" \
    "$(python3 "$BENCH/wrk-summary.py" "$work/patchbay-wrk.txt")" \
    "$(python3 "$BENCH/end-to-end-latency.py" "$work/data" "$work/patchbay-journal.json")" \
    "$work/webhook-journal.json" "$THREADS" "$CONNECTIONS" "$DURATION" <<'PY' | write_section diy-webhook
import json, sys
machine, date, command, webhook_wrk, bridge_wrk, bridge_e2e, webhook_journal, threads, connections, duration = sys.argv[1:]
webhook_wrk, bridge_wrk, bridge_e2e = map(json.loads, (webhook_wrk, bridge_wrk, bridge_e2e))
journal = json.load(open(webhook_journal))
webhook_delivered = len({e["externalId"] for e in journal if e["method"] == "PATCH" and (e["status"] or 0) // 100 == 2})
webhook_rate = webhook_delivered / webhook_wrk["seconds"]
print("## The do-it-yourself alternative: `webhook` + a script per event (issue 6)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- Load: `wrk -t{threads} -c{connections} -d{duration} -s Benchmarks/signed-requests.lua`, distinct freshly signed Stripe deliveries, first to one server, then (new events) to the other; both PATCH the same `patchbay mock-reach` on loopback.")
print("- **webhook**: Debian's `webhook` 2.8.0 with `Benchmarks/diy/hooks.json`, running `Benchmarks/diy/stripe-to-reach.sh` per delivery (openssl HMAC check of the Stripe signature, jq mapping, curl PATCH) and answering once it finished (`include-command-output-in-response`, so a failed PATCH is not acknowledged). It keeps no log: no deduplication, no retry, nothing survives a crash. Its events/s = customers PATCHed (2xx, from the mock's journal) ÷ the wrk run's duration.")
print("- **patchbay**: `patchbay serve` (release) with `mappings/stripe.json`: verification, mapping, durable SQLite commit before the 202, delivery by the dispatcher. Its events/s = customers PATCHed ÷ (last PATCH received − first webhook received), end to end.\n")
print("| bridge | webhooks answered 2xx | non-2xx | p50 reply | p99 reply | delivered upstream | delivered per second |")
print("|---|---:|---:|---:|---:|---:|---:|")
print(f"| webhook + script | {webhook_wrk['requests'] - webhook_wrk['non_2xx']:,} | {webhook_wrk['non_2xx']:,} | {webhook_wrk['p50_ms']:.1f} ms | {webhook_wrk['p99_ms']:.1f} ms | {webhook_delivered:,} | {webhook_rate:,.0f} |")
print(f"| patchbay | {bridge_wrk['requests'] - bridge_wrk['non_2xx']:,} | {bridge_wrk['non_2xx']:,} | {bridge_wrk['p50_ms']:.1f} ms | {bridge_wrk['p99_ms']:.1f} ms | {bridge_e2e['delivered']:,} | {bridge_e2e['events_per_second']:,.0f} |")
print()
print(f"**patchbay delivers {bridge_e2e['events_per_second'] / webhook_rate:.1f}× the events per second of the do-it-yourself bridge.**")
PY
