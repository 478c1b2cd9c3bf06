#!/usr/bin/env bash
# Issue 4 benchmark: end-to-end events per second and p50/p99 latency from the
# webhook request reaching `patchbay serve` to its PATCH reaching the upstream (a
# `patchbay mock-reach` on loopback), beside wrk sending PATCH straight to the same
# upstream, in the same run. Two loads each: as fast as wrk can (throughput), and
# paced at PACED_SHARE of the bridge's measured end-to-end rate (latency without a
# queue). Writes the "end-to-end" section of docs/benchmarks.md.
#
# Usage: Benchmarks/end-to-end.sh
# Settings (environment): THREADS=2 CONNECTIONS=64 DURATION=15s EVENTS=200000 PACED_SHARE=0.5
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
EVENTS=${EVENTS:-200000}
PACED_SHARE=${PACED_SHARE:-0.5}
PACED_CONNECTIONS=8
SECRET=whsec_benchmark_end_to_end
COMMAND="Benchmarks/end-to-end.sh (THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION EVENTS=$EVENTS PACED_SHARE=$PACED_SHARE)"

build_release patchbay
begin_run e2e

bridge_port=$(free_port); mock_port=$(free_port)
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" >"$work/mock.log"
wait_for_port "$mock_port"
start_bg env PATCHBAY_SECRET_STRIPE=$SECRET "$BIN/patchbay" serve --port "$bridge_port" --data "$work/data" \
    --mappings "$work/mappings" --upstream "http://127.0.0.1:$mock_port" >"$work/bridge.log" 2>&1
wait_for_status "http://127.0.0.1:$bridge_port/readyz"
python3 "$BENCH/generate-stripe-events.py" $((2 * EVENTS)) >"$work/events.ndjson"

bridge_load() { # NAME FIRST_EVENT_LINE THREADS CONNECTIONS [DELAY_MS]
    sed -n "$2,$(($2 + EVENTS - 1))p" "$work/events.ndjson" |
        python3 "$BENCH/sign-requests.py" stripe "$SECRET" >"$work/requests.tsv"
    curl -s -X DELETE "http://127.0.0.1:$mock_port/_mock/requests"
    PATCHBAY_BENCH_DELAY_MS=${5:-} PATCHBAY_BENCH_REQUESTS=$work/requests.tsv wrk -t"$3" -c"$4" -d"$DURATION" --latency \
        -s "$BENCH/signed-requests.lua" "http://127.0.0.1:$bridge_port/hooks/stripe" -- "$3" >"$work/$1-wrk.txt"
    wait_for_drain "$work/data"
    curl -s "http://127.0.0.1:$mock_port/_mock/requests" >"$work/$1-journal.json"
    printf '{"wrk":%s,"end_to_end":%s}' "$(python3 "$BENCH/wrk-summary.py" "$work/$1-wrk.txt")" \
        "$(python3 "$BENCH/end-to-end-latency.py" "$work/data" "$work/$1-journal.json")"
}

direct_load() { # NAME THREADS CONNECTIONS [DELAY_MS]
    curl -s -X DELETE "http://127.0.0.1:$mock_port/_mock/requests"
    PATCHBAY_BENCH_DELAY_MS=${4:-} wrk -t"$2" -c"$3" -d"$DURATION" --latency -s "$BENCH/patch-requests.lua" \
        "http://127.0.0.1:$mock_port" >"$work/$1-wrk.txt"
    python3 "$BENCH/wrk-summary.py" "$work/$1-wrk.txt"
}

echo "bridge, as fast as possible" >&2
saturated=$(bridge_load saturated 1 "$THREADS" "$CONNECTIONS")
echo "direct PATCH, as fast as possible" >&2
direct=$(direct_load direct "$THREADS" "$CONNECTIONS")
rate=$(python3 -c "import json,sys; print(max(1, int(json.loads(sys.argv[1])['end_to_end']['events_per_second'] * $PACED_SHARE)))" "$saturated")
delay_ms=$(python3 -c "print(max(1, round($PACED_CONNECTIONS * 1000 / $rate)))")
echo "bridge and direct PATCH paced at about $rate/s ($PACED_CONNECTIONS connections, $delay_ms ms apart)" >&2
paced=$(bridge_load paced $((EVENTS + 1)) 1 "$PACED_CONNECTIONS" "$delay_ms")
direct_paced=$(direct_load direct-paced 1 "$PACED_CONNECTIONS" "$delay_ms")

python3 - "$machine" "$date" "$COMMAND" "$saturated" "$direct" "$paced" "$direct_paced" "$rate" "$delay_ms" \
    "$THREADS" "$CONNECTIONS" "$DURATION" "$PACED_CONNECTIONS" <<'PY' | write_section end-to-end
import json, sys
machine, date, command, saturated, direct, paced, direct_paced, rate, delay, threads, connections, duration, paced_connections = sys.argv[1:]
saturated, direct, paced, direct_paced = map(json.loads, (saturated, direct, paced, direct_paced))
print("## End to end: webhook in, PATCH out (issue 4)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print("- The bridge: `patchbay serve` (release, SQLite log with default durability, default 32 PATCHes in flight) with `mappings/stripe.json`, delivering to `patchbay mock-reach` on loopback. Each signed Stripe delivery is one event and one update for its own customer.")
print("- Latency of one event: from the bridge receiving the webhook (the event's `received_at` in the store) to the mock receiving its PATCH (the journal's `receivedAt`), both on this machine's clock, in milliseconds. End-to-end events/s: events delivered ÷ (last PATCH received − first webhook received).")
print("- Reference: wrk sending the same shape of PATCH (one new customer per request) straight to the same mock, same wrk settings, in the same run.\n")
print("| load | path | events or requests | per second | p50 | p99 | max |")
print("|---|---|---:|---:|---:|---:|---:|")
def bridge_row(label, result):
    e = result["end_to_end"]
    print(f"| {label} | webhook → bridge → PATCH | {e['delivered']:,} | {e['events_per_second']:,.0f} | {e['p50_ms']:,.0f} ms | {e['p99_ms']:,.0f} ms | {e['max_ms']:,.0f} ms |")
def direct_row(label, result):
    print(f"| {label} | wrk PATCH → mock | {result['requests']:,} | {result['requests_per_second']:,.0f} | {result['p50_ms']:.2f} ms | {result['p99_ms']:.2f} ms | |")
bridge_row(f"as fast as possible (`wrk -t{threads} -c{connections} -d{duration}`)", saturated)
direct_row(f"as fast as possible (`wrk -t{threads} -c{connections} -d{duration}`)", direct)
bridge_row(f"paced, ~{rate}/s (`wrk -t1 -c{paced_connections} -d{duration}`, {delay} ms between requests per connection)", paced)
direct_row(f"paced, ~{rate}/s (same pacing)", direct_paced)
print()
ratio = saturated["end_to_end"]["events_per_second"] / direct["requests_per_second"]
print(f"**End-to-end events/s through the bridge as a share of wrk's PATCH/s straight to the same upstream: {ratio:.0%}.**\n")
s = saturated
print(f"In the fast load the bridge accepted {s['wrk']['accepted']:,} webhooks (202) in {s['wrk']['seconds']:.1f} s ({s['wrk']['accepted'] / s['wrk']['seconds']:,.0f}/s, p99 {s['wrk']['p99_ms']:.1f} ms to the 202) while delivering; they queue in the store, so their latency is mostly the wait for the backlog ahead of them — the paced load shows the latency without that queue. Customers PATCHed more than once: {s['end_to_end']['duplicate_patches'] + paced['end_to_end']['duplicate_patches']}.")
PY
