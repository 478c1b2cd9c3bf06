#!/usr/bin/env bash
# Issue 12 benchmark: the identity index at the size of a real customer base.
#  1. `patchbay identities import` of IDENTITIES CSV rows (email and phone each): rows/s and peak RSS.
#  2. Signed SendGrid unsubscribes accepted per second by `patchbay serve` whose mapping looks the
#     customer up by email in that index (the shipped sendgrid.json), against the same ingest with
#     a path externalId (the address itself), on copies of the same log, upstream paused, in turns.
#  3. RELEASE updates waiting for their identities (unsubscribes of unknown addresses, sent through
#     `serve`), then released by one `identities import` of those addresses: seconds and updates/s.
# Writes the "identities" section of docs/benchmarks.md.
#
# Usage: Benchmarks/identities.sh
# Settings (environment): IDENTITIES=1000000 RELEASE=100000 THREADS=2 CONNECTIONS=64 DURATION=15s
#   ROUNDS=4 EVENTS_PER_ROUND=100000 (each bridge first gets a 3 s warm-up load, not counted)
# Everything listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IDENTITIES=${IDENTITIES:-1000000}
RELEASE=${RELEASE:-100000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-4}
EVENTS_PER_ROUND=${EVENTS_PER_ROUND:-100000}
COMMAND="Benchmarks/identities.sh (IDENTITIES=$IDENTITIES RELEASE=$RELEASE THREADS=$THREADS CONNECTIONS=$CONNECTIONS DURATION=$DURATION ROUNDS=$ROUNDS EVENTS_PER_ROUND=$EVENTS_PER_ROUND)"
HEADERS=X-Twilio-Email-Event-Webhook-Signature,X-Twilio-Email-Event-Webhook-Timestamp

build_release patchbay
begin_run identities

openssl ecparam -name prime256v1 -genkey -noout -out "$work/sendgrid.pem" 2>/dev/null
export PATCHBAY_SECRET_SENDGRID
PATCHBAY_SECRET_SENDGRID=$(openssl ec -in "$work/sendgrid.pem" -pubout -outform DER 2>/dev/null | base64 -w0)
mkdir -p "$work/lookup-mappings" "$work/path-mappings"
cp "$ROOT/mappings/sendgrid.json" "$work/lookup-mappings/"
# The reference: the same mapping with the address itself as the externalId.
python3 - "$ROOT/mappings/sendgrid.json" "$work/path-mappings/sendgrid.json" <<'PY'
import sys
text = open(sys.argv[1]).read()
lookup = '{"lookup": "email", "path": "$.email"}'
assert lookup in text, "the shipped SendGrid mapping no longer looks the email up: update this script"
open(sys.argv[2], "w").write(text.replace(lookup, '{"path": "$.email", "transform": ["trim", "lowercase"]}'))
PY

# 1. Import.
echo "generating $IDENTITIES identities" >&2
python3 "$BENCH/identity-fixtures.py" identities "$IDENTITIES" >"$work/identities.csv"
echo "importing them" >&2
/usr/bin/time -f "%e %M" -o "$work/import.time" "$BIN/patchbay" identities import --data "$work/lookup-data" "$work/identities.csv" >"$work/import.out"
read -r import_seconds import_rss_kib <"$work/import.time"
import_summary=$(cat "$work/import.out")
entries=$("$BIN/patchbay" identities stats --data "$work/lookup-data")
cp -r "$work/lookup-data" "$work/path-data"

# 2. Ingest with lookups against the index, and with path externalIds.
paused_mock_port=$(free_port)
# Paused: its first 32 PATCHes wait 600 s for an answer, so the dispatcher sends nothing more.
start_bg "$BIN/patchbay" mock-reach --port "$paused_mock_port" --latency 600s --journal-limit 0 >"$work/paused-mock.log"
wait_for_port "$paused_mock_port"
start_bridge() { # NAME PORT DATA MAPPINGS
    start_bg "$BIN/patchbay" serve --port "$2" --data "$3" --mappings "$4" --upstream "http://127.0.0.1:$paused_mock_port" >"$work/$1.log" 2>&1
    BRIDGE_PID=$LAST_PID
    wait_for_status "http://127.0.0.1:$2/readyz"
}
lookup_port=$(free_port); path_port=$(free_port)
start_bridge lookup "$lookup_port" "$work/lookup-data" "$work/lookup-mappings"
start_bridge path "$path_port" "$work/path-data" "$work/path-mappings"

run_wrk() { # NAME PORT REQUESTS_FILE [DURATION]
    PATCHBAY_BENCH_REQUESTS=$3 PATCHBAY_BENCH_HEADERS=$HEADERS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${4:-$DURATION}" --latency \
        -s "$BENCH/signed-requests.lua" "http://127.0.0.1:$2/hooks/sendgrid" -- "$THREADS" >"$work/$1.txt"
    python3 "$BENCH/wrk-summary.py" "$work/$1.txt"
}
# Warm-up: each bridge reads its index and log pages once before anything is counted.
python3 "$BENCH/identity-fixtures.py" unsubscribes 20000 "$IDENTITIES" "" warm |
    python3 "$BENCH/sign-requests.py" sendgrid "$work/sendgrid.pem" >"$work/warm.tsv"
run_wrk warm-lookup "$lookup_port" "$work/warm.tsv" 3s >/dev/null
run_wrk warm-path "$path_port" "$work/warm.tsv" 3s >/dev/null
results="$work/results.jsonl"
for round in $(seq "$ROUNDS"); do
    # Fresh events each round (distinct keys), signed just before it (SendGrid's timestamp tolerance is 5 minutes).
    python3 "$BENCH/identity-fixtures.py" unsubscribes $((ROUNDS * EVENTS_PER_ROUND)) "$IDENTITIES" |
        sed -n "$(((round - 1) * EVENTS_PER_ROUND + 1)),$((round * EVENTS_PER_ROUND))p" |
        python3 "$BENCH/sign-requests.py" sendgrid "$work/sendgrid.pem" >"$work/requests.tsv"
    order="lookup path"; [[ $((round % 2)) == 0 ]] && order="path lookup"
    for name in $order; do
        port=$lookup_port; [[ $name == path ]] && port=$path_port
        echo "round $round: $name" >&2
        printf '{"round":%d,"server":"%s","result":%s}\n' "$round" "$name" \
            "$(run_wrk "$name-$round" "$port" "$work/requests.tsv")" >>"$results"
    done
done
lookup_waiting=$(python3 -c "import json,sys; print(json.load(sys.stdin)['waitingUpdates'])" <<<"$("$BIN/patchbay" identities stats --data "$work/lookup-data")" 2>/dev/null || echo "?")
stop_all

# 3. Release: updates waiting for identities nobody knows yet, then one import of them.
start_bg "$BIN/patchbay" mock-reach --port "$paused_mock_port" --latency 600s --journal-limit 0 >"$work/paused-mock-2.log"
wait_for_port "$paused_mock_port"
release_port=$(free_port)
start_bridge release "$release_port" "$work/release-data" "$work/lookup-mappings"
python3 "$BENCH/identity-fixtures.py" unsubscribes "$RELEASE" "$RELEASE" w |
    python3 "$BENCH/sign-requests.py" sendgrid "$work/sendgrid.pem" >"$work/release.tsv"
echo "sending $RELEASE unsubscribes of unknown addresses" >&2
waiting=0
for attempt in 1 2 3 4 5 6; do
    run_wrk "release-load-$attempt" "$release_port" "$work/release.tsv" 30s >/dev/null
    waiting=$(python3 -c "import json,sys; print(json.load(sys.stdin)['waitingUpdates'])" <<<"$("$BIN/patchbay" identities stats --data "$work/release-data")")
    [[ $waiting -ge $RELEASE ]] && break
done
stop_all
python3 "$BENCH/identity-fixtures.py" identities "$RELEASE" w >"$work/release.csv"
echo "importing the $RELEASE identities they wait for" >&2
/usr/bin/time -f "%e %M" -o "$work/release.time" "$BIN/patchbay" identities import --data "$work/release-data" "$work/release.csv" >"$work/release.out"
read -r release_seconds release_rss_kib <"$work/release.time"
release_summary=$(cat "$work/release.out")
release_pending=$(python3 "$BENCH/open-updates.py" "$work/release-data")

python3 - "$results" "$machine" "$date" "$COMMAND" "$IDENTITIES" "$import_seconds" "$import_rss_kib" "$import_summary" \
    "$entries" "$THREADS" "$CONNECTIONS" "$DURATION" "$lookup_waiting" "$RELEASE" "$waiting" "$release_seconds" \
    "$release_rss_kib" "$release_summary" "$release_pending" <<'PY' | write_section identities
import json, sys
(path, machine, date, command, identities, import_seconds, import_rss, import_summary, entries, threads, connections,
 duration, lookup_waiting, release, waiting, release_seconds, release_rss, release_summary, release_pending) = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
print("## Identity index: import, ingest with lookups, release (issue 12)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- Build: `patchbay` release; SQLite log in a fresh data directory, default durability.\n")
rows_per_second = int(identities) / float(import_seconds)
print("### Import\n")
print(f"`patchbay identities import` of {int(identities):,} CSV rows (`externalId,email,phone`, each row an email and a phone: {2 * int(identities):,} index entries), batches of 1,000 rows per transaction: **{float(import_seconds):.1f} s, {rows_per_second:,.0f} rows/s, peak RSS {int(import_rss) / 1024:.1f} MiB** (`/usr/bin/time`). It printed `{import_summary}`; `identities stats` then: `{entries}`.\n")
print("### Ingest with lookups\n")
print(f"Signed SendGrid unsubscribes (one event per delivery, a distinct `sg_event_id` each, addresses spread over the {int(identities):,} imported customers), `wrk -t{threads} -c{connections} -d{duration} --latency -s Benchmarks/signed-requests.lua`, to two `patchbay serve` on copies of the same log (index included), upstream paused (`mock-reach --latency 600s`) so only ingest is measured, one after the other, the order alternating per round:")
print("- **lookup**: the shipped `mappings/sendgrid.json`: the customer is looked up by email (HMAC of the address, one index query in the ingest transaction);")
print("- **path**: the same file with `{\"path\": \"$.email\", \"transform\": [\"trim\", \"lowercase\"]}` in place of the lookup (the address itself is the externalId).\n")
print("| round | mapping | requests/s | accepted/s | p50 | p99 | non-2xx | lookup vs path |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
shares = []
for r in sorted({row["round"] for row in rows}):
    by = {row["server"]: row["result"] for row in rows if row["round"] == r}
    for name in ("lookup", "path"):
        res = by[name]
        accepted = res["accepted"] / res["seconds"]
        ratio = ""
        if name == "lookup":
            share = accepted / (by["path"]["accepted"] / by["path"]["seconds"])
            shares.append(share)
            ratio = f"{share:.0%}"
        print(f"| {r} | {name} | {res['requests_per_second']:,.0f} | {accepted:,.0f} | {res['p50_ms']:.2f} ms | {res['p99_ms']:.2f} ms | {res['non_2xx']} | {ratio} |")
median = sorted(shares)[len(shares) // 2] if len(shares) % 2 else sum(sorted(shares)[len(shares) // 2 - 1:len(shares) // 2 + 1]) / 2
print(f"\n**Accepted/s with lookups as a share of the same ingest with path externalIds: {', '.join(f'{s:.0%}' for s in shares)} (median {median:.0%}); target ≥ 90%.** Each bridge had a 3 s warm-up load first, not counted. Updates left waiting in the lookup bridge's log (every address was known): {lookup_waiting}.\n")
print("### Release\n")
released = int(release)
print(f"{released:,} unsubscribes of addresses nobody knew were sent through `patchbay serve` (lookup mapping, upstream paused): {int(waiting):,} updates waited in `waiting_identity`. Then one `patchbay identities import` of those {released:,} addresses (the bridge stopped): **{float(release_seconds):.1f} s, {released / float(release_seconds):,.0f} updates released per second** (index entries recorded and waiting updates released in the same transactions), peak RSS {int(release_rss) / 1024:.1f} MiB. It printed `{release_summary}`; the store then held {int(release_pending):,} pending updates.")
PY
