#!/usr/bin/env bash
# Starts a server, waits until URL answers 200, then kills it (SIGKILL, so the time of a
# graceful stop is not counted). For hyperfine in Benchmarks/startup.sh.
#
# Usage: until-ready.sh URL COMMAND [ARGUMENT…]
set -uo pipefail
url=$1
shift
"$@" >/dev/null 2>&1 &
pid=$!
until curl -sf -o /dev/null "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "the server exited before $url answered 200" >&2
        exit 1
    fi
    sleep 0.005
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
exit 0
