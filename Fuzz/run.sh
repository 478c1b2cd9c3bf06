#!/usr/bin/env bash
# Builds one libFuzzer binary per Fuzz/<target>/ directory and runs each for
# FUZZ_RUNS inputs (default one million), one after the other, then prints a
# summary: inputs run, seconds, peak RSS, crashers found.
#
#   Fuzz/run.sh                 # every target
#   Fuzz/run.sh json form       # some targets
#   FUZZ_RUNS=10000 Fuzz/run.sh # a quick pass
#
# PatchBayCore is compiled once with swiftc (-sanitize=fuzzer,address) and
# linked with its dependencies' objects from `swift build -c release`. Each
# fuzzer starts from the committed seeds in Fuzz/corpus/<target>/ and grows a
# working corpus in .build/fuzz/corpus/<target>/; crashers of the last run land
# in .build/fuzz/artifacts/<target>/ — copy them to Fuzz/regressions/<target>/
# once fixed, where FuzzRegressionTests replays them.
#
# Memory is bounded by -rss_limit_mb (and libFuzzer's matching malloc limit)
# rather than by LeakSanitizer: Swift keeps enum case tags in the spare bits
# of pointers, so LeakSanitizer misses the references and reports objects
# still in use (statics, for instance) as leaked.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${FUZZ_RUNS:-1000000}
BUILD=.build/fuzz
MODULES=.build/release/Modules

if [ $# -gt 0 ]; then
    TARGETS=("$@")
else
    TARGETS=()
    for dir in Fuzz/*/Target.swift; do TARGETS+=("$(basename "$(dirname "$dir")")"); done
fi

# Inputs longer than this are not tried; the JSON-based targets get room for
# nesting beyond the parser's depth limit.
max_len() {
    case "$1" in
        json | mapping) echo 16384 ;;
        *) echo 4096 ;;
    esac
}

echo "== building swift-crypto, swift-certificates and swift-http-types (swift build -c release)"
swift build -c release --target PatchBayCore >/dev/null
# PatchBayCore's dependencies: swift-crypto, swift-certificates for SNS, and
# swift-http-types for the headers of a delivery.
mapfile -t DEPENDENCY_OBJECTS < <(find .build/release/{Crypto,CCryptoBoringSSL,CCryptoBoringSSLShims,CryptoBoringWrapper,CXKCP,CXKCPShims}.build \
    .build/release/{CryptoExtras,_CryptoExtras,X509,SwiftASN1,_CertificateInternals}.build .build/release/HTTPTypes.build \
    -name '*.o' 2>/dev/null)

FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -I "$BUILD" -I "$MODULES")
mkdir -p "$BUILD"
if [ -f "$BUILD/PatchBayCore.o" ] && [ -z "$(find Sources/PatchBayCore -name '*.swift' -newer "$BUILD/PatchBayCore.o")" ]; then
    echo "== PatchBayCore unchanged since its last fuzzer build"
else
    echo "== compiling PatchBayCore with fuzzer instrumentation"
    find Sources/PatchBayCore -name '*.swift' -print0 | xargs -0 swiftc "${FLAGS[@]}" -enable-testing -wmo \
        -module-name PatchBayCore -emit-module -emit-module-path "$BUILD/PatchBayCore.swiftmodule" \
        -c -o "$BUILD/PatchBayCore.o"
fi

for target in "${TARGETS[@]}"; do
    echo "== linking fuzz-$target"
    swiftc "${FLAGS[@]}" -module-name "Fuzz_${target//-/_}" Fuzz/Entry.swift "Fuzz/$target/Target.swift" \
        Tests/PatchBayCoreTests/Fuzzing/FuzzTarget.swift Tests/PatchBayCoreTests/Fuzzing/FuzzRequest.swift \
        "$BUILD/PatchBayCore.o" "${DEPENDENCY_OBJECTS[@]}" -o "$BUILD/fuzz-$target" 2>&1 |
        { grep -v 'Cannot export local symbol' || true; }  # gold's noise about ASan's assembly helpers
done

export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
SUMMARY=()
for target in "${TARGETS[@]}"; do
    corpus="$BUILD/corpus/$target"
    artifacts="$BUILD/artifacts/$target"
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    log="$BUILD/fuzz-$target.log"
    echo "== fuzzing $target: $RUNS inputs (log: $log)"
    status=0
    "$BUILD/fuzz-$target" -runs="$RUNS" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=1024 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "Fuzz/corpus/$target" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -1)
    seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | head -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | head -1)
    crashers=$(find "$artifacts" -type f | wc -l)
    SUMMARY+=("$(printf '%-18s %10s %8s %10s %9s %s' "$target" "${runs:-?}" "${seconds:-?}" "${rss:-?}" "$crashers" \
        "$([ "$status" -eq 0 ] && echo ok || echo "FAILED (exit $status)")")")
done

echo
printf '%-18s %10s %8s %10s %9s %s\n' target inputs seconds "peak MB" crashers result
printf '%s\n' "${SUMMARY[@]}"
