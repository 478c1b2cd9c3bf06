#!/usr/bin/env python3
"""Reads `perf script` output (demangled, recorded with --call-graph dwarf) of
`patchbay serve` and prints its CPU share by stage as JSON: each sample goes to
the stage of the frame nearest its leaf that names one (so a log line written
while mapping counts as log, SQLite called by the store as store); samples
naming none go to runtime (the Swift runtime, concurrency, libdispatch, malloc)
or kernel by their leaf, else other. `runtime_leaf` is the share of all
samples whose leaf is in the Swift runtime or malloc, whatever their stage
(retain/release, metadata lookups, allocation).

Usage: perf script -i perf.data | swift demangle --simplified | cpu-stages.py
"""
import json
import re
import sys
from collections import Counter

# Stage markers, tested against each frame's symbol and object, leaf first.
STAGES = [
    ("verify", re.compile(r"Verifier\b|Verifier\.|HMACAlgorithm|SignatureEncoding|SignedContentTemplate|TimestampTolerance")),
    ("map", re.compile(r"\bMapping(Set|Evaluation)?\.|MappingEvaluation|JSONPath|\bRule\.|Transform|Template\.|Condition\.|EventContext|IngestPipeline\.ingestEvent|EventMapping")),
    ("log", re.compile(r"StructuredLogHandler|LogRedactor|\bLogger\.log|LogOutput")),
    ("metrics", re.compile(r"BridgeMetrics|Prometheus|CoreMetrics")),
    ("dispatch", re.compile(r"Dispatcher|Curl|libcurl|UpstreamTarget|PatchBuilder|RetryPolicy|UpstreamVerdict")),
    ("store", re.compile(r"SQLite|PostgresStore|Postgres(Ingest|Bookkeeping|Session|Identities)|GroupCommitter|\bGRDB\b|Database\.|Statement\.|libsqlite3|PostgresNIO|PostgresConnection")),
    ("HTTP", re.compile(r"\bNIO|Hummingbird|HTTP1|HTTPServer|ByteBuffer|Channel(Pipeline|Handler)|SelectableEventLoop|WebhookListener|HTTPResponse|HTTPRequest")),
]
RUNTIME_LEAF = re.compile(r"libswiftCore|libswift_Concurrency|libdispatch|libswiftDispatch|libswiftSynchronization|libc\.so.*\] (malloc|_int_malloc|_int_free|cfree|free|__libc_malloc)|swift_(retain|release|getGenericMetadata|allocObject|dealloc)")
STAGE_ORDER = ("verify", "map", "log", "metrics", "dispatch", "store", "HTTP", "runtime", "kernel", "other")
FRAME = re.compile(r"^\s*[0-9a-f]+\s+(?P<symbol>.*?)\s+\((?P<object>[^()]*)\)\s*$")


def stage_of(frames):
    for symbol, obj in frames:
        text = f"{symbol} {obj}"
        for stage, pattern in STAGES:
            if pattern.search(text):
                return stage
    if not frames:
        return "other"
    symbol, obj = frames[0]
    if RUNTIME_LEAF.search(f"{obj}] {symbol}") or RUNTIME_LEAF.search(obj):
        return "runtime"
    if "kernel" in obj:
        return "kernel"
    return "other"


def main():
    counts = Counter()
    runtime_leaf = 0
    total = 0
    for block in sys.stdin.read().split("\n\n"):
        lines = block.strip("\n").split("\n")
        if len(lines) < 2:
            continue
        frames = []
        for line in lines[1:]:
            match = FRAME.match(line)
            if match:
                frames.append((match["symbol"], match["object"]))
        total += 1
        counts[stage_of(frames)] += 1
        if frames and (RUNTIME_LEAF.search(frames[0][1]) or RUNTIME_LEAF.search(f"{frames[0][1]}] {frames[0][0]}")):
            runtime_leaf += 1
    shares = {stage: counts[stage] / max(1, total) for stage in
              STAGE_ORDER}
    print(json.dumps({"samples": total, "shares": shares, "runtime_leaf": runtime_leaf / max(1, total)}))


main()
