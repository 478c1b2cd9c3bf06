#!/usr/bin/env bash
# Issue 6 benchmark: start-up time of `patchbay serve` with 200 mapping files — from
# the process starting to `/readyz` answering 200 — beside the same with every shipped
# file and with one, measured by hyperfine in the same run. The 200 files are variants
# of the shipped ones (source names bird-0, brevo-1 … (shipped name + index), each with its own secret
# in the environment). Writes the "startup" section of docs/benchmarks.md.
#
# Usage: Benchmarks/startup.sh
# Settings (environment): FILES=200 RUNS=10
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FILES=${FILES:-200}
RUNS=${RUNS:-10}
COMMAND="Benchmarks/startup.sh (FILES=$FILES RUNS=$RUNS)"

build_release patchbay
begin_run startup

# A secret of the right form for each scheme the shipped mappings use.
openssl ecparam -name prime256v1 -genkey -noout -out "$work/sendgrid.pem" 2>/dev/null
sendgrid_key=$(openssl ec -in "$work/sendgrid.pem" -pubout -outform DER 2>/dev/null | base64 -w0)
openssl genpkey -algorithm ed25519 -out "$work/ed25519.pem" 2>/dev/null
ed25519_key=$(openssl pkey -in "$work/ed25519.pem" -pubout -outform DER 2>/dev/null | base64 -w0)
scheme_of() { # FILE
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["verify"]["scheme"])' "$1"
}
secret_for() { # FILE
    case $(scheme_of "$1") in
        sendgrid) echo "$sendgrid_key" ;;
        ed25519) echo "$ed25519_key" ;;
        standard-webhooks) echo "whsec_$(openssl rand -base64 24)" ;;
        basic) echo "user:$(openssl rand -hex 12)" ;;
        *) openssl rand -hex 24 ;;
    esac
}
variable_for() { # SOURCE
    echo "PATCHBAY_SECRET_$(echo "$1" | tr '[:lower:]' '[:upper:]' | tr -c 'A-Z0-9\n' '_')"
}

source_of() { # FILE
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["source"])' "$1"
}
# Python, not jq: jq 1.6 rounds the big integers in the embedded tests.
renamed() { # FILE NEW_SOURCE
    python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); m["source"] = sys.argv[2]; print(json.dumps(m, ensure_ascii=False))' "$1" "$2"
}

shipped=("$ROOT"/mappings/*.json)
mkdir -p "$work/many" "$work/shipped" "$work/one"
for file in "${shipped[@]}"; do
    source_name=$(source_of "$file")
    cp "$file" "$work/shipped/"
    export "$(variable_for "$source_name")=$(secret_for "$file")"
done
cp "$ROOT/mappings/stripe.json" "$work/one/"
for i in $(seq 0 $((FILES - 1))); do
    file=${shipped[i % ${#shipped[@]}]}
    source_name=$(source_of "$file")
    renamed "$file" "$source_name-$i" >"$work/many/$source_name-$i.json"
    export "$(variable_for "$source_name-$i")=$(secret_for "$file")"
done
"$BIN/patchbay" check "$work/many" >/dev/null

port=$(free_port)
closed_port=$(free_port)
serve() { # MAPPINGS_DIR
    echo "$BENCH/until-ready.sh http://127.0.0.1:$port/readyz $BIN/patchbay serve --port $port --data $work/data-$1 --mappings $work/$1 --upstream http://127.0.0.1:$closed_port"
}
hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/hyperfine.json" \
    -n "$FILES files" "$(serve many)" -n "${#shipped[@]} shipped files" "$(serve shipped)" -n "1 file" "$(serve one)" >&2

python3 - "$work/hyperfine.json" "$machine" "$date" "$COMMAND" "$FILES" "$RUNS" "${#shipped[@]}" <<'PY' | write_section startup
import json, sys
path, machine, date, command, files, runs, shipped = sys.argv[1:]
results = {r["command"]: r for r in json.load(open(path))["results"]}
print(f"## Start-up time with {files} mapping files (issue 6)\n")
print(f"- Machine: {machine}")
print(f"- Date: {date}")
print(f"- Command: `{command}`")
print(f"- What is timed: `Benchmarks/until-ready.sh`, which starts `patchbay serve` (release; SQLite log in a data directory made by the warm-up run; upstream a closed loopback port, so nothing is sent) and polls `GET /readyz` every 5 ms until it answers 200, then kills it. `hyperfine --warmup 1 --runs {runs}`. Every file is loaded, validated (its embedded tests are not run by serve) and its source's secret read from the environment.")
print(f"- The {files} files are variants of the {shipped} shipped mappings (`bird-0`, `brevo-1`, …, each its own source and secret).\n")
print("| mapping files | mean | σ | min | max | vs 1 file |")
print("|---|---:|---:|---:|---:|---:|")
base = results["1 file"]["mean"]
for name in (f"{files} files", f"{shipped} shipped files", "1 file"):
    r = results[name]
    print(f"| {name} | {r['mean'] * 1000:.0f} ms | {r['stddev'] * 1000:.0f} ms | {r['min'] * 1000:.0f} ms | {r['max'] * 1000:.0f} ms | {r['mean'] / base:.2f}× |")
print(f"\n**Ready {results[f'{files} files']['mean'] * 1000:.0f} ms after start with {files} mapping files, "
      f"{results[f'{shipped} shipped files']['mean'] * 1000:.0f} ms with the {shipped} shipped ones.**")
PY
