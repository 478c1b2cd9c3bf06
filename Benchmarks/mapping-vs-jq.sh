#!/usr/bin/env bash
# Mapping throughput vs jq (issue 2's "Must show"): Stripe customer events as
# NDJSON through mappings/stripe.json to PATCH requests with
# `patchbay map --ndjson`, beside jq running the same transformation
# (Benchmarks/stripe-mapping.jq) on the same input in the same run, each on
# one core. Fails unless both print exactly the same lines. Writes the
# figures into docs/benchmarks.md, between the markers mapping-vs-jq:begin
# and mapping-vs-jq:end.
#
# Usage: Benchmarks/mapping-vs-jq.sh
# Environment: EVENTS (default 1000000), RUNS (default 3), CORE (the CPU to
# pin both to, default 0), WORK (scratch directory, default
# .build/benchmarks), BUILD_DIR (SwiftPM scratch path, default .build).
# Needs swift, python3, jq, hyperfine and taskset.
set -euo pipefail

cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
EVENTS=${EVENTS:-1000000}
RUNS=${RUNS:-3}
CORE=${CORE:-0}
WORK=${WORK:-.build/benchmarks}
BUILD_DIR=${BUILD_DIR:-.build}
UPSTREAM=http://127.0.0.1:8081

for tool in swift python3 jq hyperfine taskset; do
    command -v "$tool" >/dev/null || { echo "mapping-vs-jq: $tool is not installed" >&2; exit 1; }
done

echo "== building patchbay (release)"
swift build -c release --product patchbay --scratch-path "$BUILD_DIR"
PATCHBAY="$(swift build -c release --scratch-path "$BUILD_DIR" --show-bin-path)/patchbay"

mkdir -p "$WORK"
INPUT="$WORK/stripe-events-$EVENTS.ndjson"
if [[ ! -s "$INPUT" ]]; then
    echo "== generating $EVENTS events into $INPUT"
    python3 Benchmarks/generate-stripe-events.py "$EVENTS" > "$INPUT.partial"
    mv "$INPUT.partial" "$INPUT"
fi
cat "$INPUT" > /dev/null # into the page cache, for both alike
MACHINE=$(machine_description)

PATCHBAY_OUT="$WORK/patchbay.out"
JQ_OUT="$WORK/jq.out"
PATCHBAY_COMMAND="taskset -c $CORE $PATCHBAY map --source stripe --mappings mappings --upstream $UPSTREAM --ndjson $INPUT"
JQ_COMMAND="taskset -c $CORE jq -c --arg upstream $UPSTREAM -f Benchmarks/stripe-mapping.jq $INPUT"

echo "== timing $RUNS runs of each on CPU $CORE"
hyperfine --runs "$RUNS" --export-json "$WORK/mapping-vs-jq.json" \
    -n patchbay "$PATCHBAY_COMMAND > $PATCHBAY_OUT" \
    -n jq "$JQ_COMMAND > $JQ_OUT"

echo "== comparing the outputs"
if ! cmp "$PATCHBAY_OUT" "$JQ_OUT"; then
    echo "mapping-vs-jq: patchbay and jq printed different requests; first differing lines:" >&2
    diff "$PATCHBAY_OUT" "$JQ_OUT" | head -6 >&2
    exit 1
fi
LINES=$(wc -l < "$PATCHBAY_OUT")
[[ "$LINES" -eq "$EVENTS" ]] || { echo "mapping-vs-jq: $LINES requests for $EVENTS events" >&2; exit 1; }
echo "identical: $LINES requests each"

python3 - "$WORK/mapping-vs-jq.json" "$INPUT" "$EVENTS" "$RUNS" "$CORE" "$PATCHBAY_COMMAND" "$JQ_COMMAND" "$MACHINE" <<'PYTHON' | write_section mapping-vs-jq
import datetime, json, os, subprocess, sys

results_file, input_file, events, runs, core, patchbay_command, jq_command, machine = sys.argv[1:]
events, runs = int(events), int(runs)
results = {r["command"]: r for r in json.load(open(results_file))["results"]}
patchbay, jq = results["patchbay"], results["jq"]
ratio = jq["median"] / patchbay["median"]
cpu_ratio = (jq["user"] + jq["system"]) / (patchbay["user"] + patchbay["system"])
jq_version = subprocess.run(["jq", "--version"], capture_output=True, text=True).stdout.strip()
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()


def row(name, result):
    times = ", ".join(f"{t:.2f}" for t in result["times"])
    cpu = result["user"] + result["system"]
    return f"| {name} | {result['median']:.2f} s | {times} | {cpu:.2f} s | {events / result['median']:,.0f} |"


section = f"""## Mapping throughput vs jq

Issue 2's target: one million Stripe customer events as NDJSON through `mappings/stripe.json` to PATCH requests, at
least 20x jq's events per second on one core. Run with `Benchmarks/mapping-vs-jq.sh`.

- Date: {datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}; commit {commit}
- Machine: {machine}; shared with other work, so only the ratio measured in the same run is meaningful
- Input: {events:,} events from `Benchmarks/generate-stripe-events.py {events}` (deterministic; about {os.path.getsize(input_file) / events:.0f} bytes per event), {events:,} PATCH requests out
- Both pinned to CPU {core} with `taskset`, timed by `hyperfine --runs {runs}` (median of {runs}), output written to a file
- The two outputs are compared with `cmp` and are byte-for-byte identical (the script fails otherwise)

```
{patchbay_command}
{jq_command}
```

| program | median wall time | runs (s) | mean CPU time (user + system) | events/s |
| --- | --- | --- | --- | --- |
{row("patchbay map --ndjson (release)", patchbay)}
{row(jq_version + " (Benchmarks/stripe-mapping.jq)", jq)}

**Ratio: {ratio:.1f}x jq's events per second** (target: 20x); by CPU time, {cpu_ratio:.1f}x.

The jq program does what the mapping does: the `customer.created` / `customer.updated` condition, trim + lowercase of
the email (jq's `ascii_downcase`; the generated emails have no upper-case non-ASCII letters), E.164 with default
country US, the first/last name split, RFC 3339 `createdAt` from unix seconds, the dashboard URL template, the
percent-encoded id in the URL, the same headers and the same object layout. It avoids jq's regular-expression
built-ins where a C built-in does the job, as they are the slowest part of jq 1.6.
"""

print(section)
print(f"patchbay {events / patchbay['median']:,.0f} events/s, jq {events / jq['median']:,.0f} events/s: ratio {ratio:.1f}x", file=sys.stderr)
PYTHON
