#!/usr/bin/env bash
# Issue 4 benchmark: resident memory of `patchbay serve` with a backlog of BACKLOG
# (default one million) pending updates in its log — at start-up, in a steady state
# while the upstream is paused (it holds every PATCH for 10 minutes, so the updates
# stay pending), and while the backlog drains to a live upstream. Target: flat,
# under 150 MB. Writes the "backlog-memory" section of docs/benchmarks.md.
#
# The backlog is ingested with Benchmarks/BacklogSeeder: the bridge's own ingest
# pipeline (Stripe verification, mapping, group commit) without HTTP in between.
#
# Usage: Benchmarks/backlog-memory.sh
# Settings (environment): BACKLOG=1000000 STEADY_SECONDS=30 DRAIN_SECONDS=120
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BACKLOG=${BACKLOG:-1000000}
STEADY_SECONDS=${STEADY_SECONDS:-30}
DRAIN_SECONDS=${DRAIN_SECONDS:-120}
COMMAND="Benchmarks/backlog-memory.sh (BACKLOG=$BACKLOG STEADY_SECONDS=$STEADY_SECONDS DRAIN_SECONDS=$DRAIN_SECONDS)"

build_release patchbay backlog-seeder
begin_run backlog
mkdir -p "$work/mappings"
cp "$ROOT/mappings/stripe.json" "$work/mappings/"

echo "ingesting $BACKLOG events into the store" >&2
seed_start=$(date +%s.%N)
seeded=$(python3 "$BENCH/generate-stripe-events.py" "$BACKLOG" | "$BIN/backlog-seeder" "$work/data" "$work/mappings/stripe.json")
seed_seconds=$(python3 -c "import time; print(round(time.time() - $seed_start, 1))")
echo "$seeded" >&2
database_mib=$(du -sm "$work/data" | cut -f1)

samples="$work/samples.tsv"
sample() { # PHASE
    printf '%s\t%s\t%s\t%s\n' "$1" "$(python3 -c 'import time; print(round(time.time(), 1))')" \
        "$(rss_mib "$bridge_pid")" "$(python3 "$BENCH/open-updates.py" "$work/data")" >>"$samples"
}

mock_port=$(free_port); bridge_port=$(free_port)
# A paused upstream: it answers nothing for 10 minutes, so only the first PATCHes are in flight.
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" --latency 600s --journal-limit 0 >"$work/paused-mock.log" 2>&1
paused_pid=$LAST_PID
wait_for_port "$mock_port"
start=$(date +%s.%N)
start_bg env PATCHBAY_SECRET_STRIPE=unused "$BIN/patchbay" serve --port "$bridge_port" --data "$work/data" \
    --mappings "$work/mappings" --upstream "http://127.0.0.1:$mock_port" >"$work/bridge.log" 2>&1
bridge_pid=$LAST_PID
wait_for_status "http://127.0.0.1:$bridge_port/readyz"
ready_seconds=$(python3 -c "import time; print(round(time.time() - $start, 2))")
sample ready
for _ in $(seq "$STEADY_SECONDS"); do
    sleep 1
    sample paused
done

echo "upstream live: draining for up to $DRAIN_SECONDS s" >&2
# SIGKILL: a graceful stop would wait for the PATCHes it is holding.
kill -KILL "$paused_pid"
wait "$paused_pid" 2>/dev/null || true
start_bg "$BIN/patchbay" mock-reach --port "$mock_port" --journal-limit 0 >"$work/live-mock.log" 2>&1
wait_for_port "$mock_port"
drain_start=$(date +%s)
while (($(date +%s) - drain_start < DRAIN_SECONDS)); do
    sleep 2
    sample draining
    [[ $(tail -n1 "$samples" | cut -f4) == 0 ]] && break
done

python3 - "$samples" "$machine" "$date" "$COMMAND" "$BACKLOG" "$seeded" "$seed_seconds" "$database_mib" \
    "$ready_seconds" <<'PY' | write_section backlog-memory
import sys
path, machine, date, command, backlog, seeded, seed_seconds, database_mib, ready_seconds = sys.argv[1:]
rows = [line.rstrip("\n").split("\t") for line in open(path)]
rows = [(phase, float(at), float(rss), int(open_)) for phase, at, rss, open_ in rows]
t0 = rows[0][1]
print("## Resident memory with one million pending updates (issue 4)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- Backlog: {int(backlog):,} Stripe events ingested through the bridge's own pipeline by `Benchmarks/BacklogSeeder` in {seed_seconds} s, event generation included (the seeder: \"{seeded.split(': ')[0]}\"); the data directory then held {database_mib} MiB.")
print("- `patchbay serve` (release, default settings, 32 PATCHes in flight) started on that log with its upstream paused (`patchbay mock-reach --latency 600s`: the first PATCHes wait, everything else stays pending), then the upstream replaced by a live mock to drain the backlog.")
print(f"- Ready (`/readyz` 200) {ready_seconds} s after start with the backlog in place. RSS is VmRSS of the serve process, in MiB.\n")
print("| phase | samples | RSS min | RSS max | RSS last | open updates (first → last) |")
print("|---|---:|---:|---:|---:|---:|")
for phase in ("ready", "paused", "draining"):
    part = [r for r in rows if r[0] == phase]
    if not part:
        continue
    rss = [r[2] for r in part]
    print(f"| {phase} | {len(part)} | {min(rss):.1f} | {max(rss):.1f} | {rss[-1]:.1f} | {part[0][3]:,} → {part[-1][3]:,} |")
drain = [r for r in rows if r[0] == "draining"]
if len(drain) >= 2:
    span = drain[-1][1] - drain[0][1]
    rate = (drain[0][3] - drain[-1][3]) / span if span > 0 else 0
    print(f"\nWhile draining, {drain[0][3] - drain[-1][3]:,} updates were delivered in {span:.0f} s ({rate:,.0f}/s).")
peak = max(r[2] for r in rows)
print(f"\n**Peak RSS over the whole run: {peak:.1f} MiB (target: flat, under 150 MB).**\n")
print("RSS over time (seconds since ready, MiB, open updates):\n")
print("```")
for phase, at, rss, open_ in rows[:: max(1, len(rows) // 20)]:
    print(f"{at - t0:6.0f}s  {rss:7.1f} MiB  {open_:>9,}  {phase}")
print("```")
PY
