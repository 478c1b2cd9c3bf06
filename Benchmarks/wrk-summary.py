#!/usr/bin/env python3
"""Reads wrk's output (run with --latency, and with signed-requests.lua's STATUS line
when there is one) and prints it as one JSON object: requests, seconds, requests_per_second,
p50_ms, p99_ms, non_2xx, socket_errors, and accepted/duplicate_or_ignored/other/restarts.

Usage: wrk-summary.py WRK_OUTPUT_FILE
"""
import json
import re
import sys

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def main() -> None:
    text = open(sys.argv[1], encoding="utf-8").read()
    summary = {}
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", text)
    summary["requests"] = int(done.group(1))
    summary["seconds"] = milliseconds(done.group(2) + done.group(3)) / 1000
    summary["requests_per_second"] = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    for percentile in ("50", "99"):
        summary[f"p{percentile}_ms"] = milliseconds(re.search(rf"^\s+{percentile}(?:\.000)?%\s+(\S+)", text, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    summary["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    summary["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    status = re.search(r"STATUS (.*)", text)
    if status:
        for pair in status.group(1).split():
            name, value = pair.split("=")
            summary[name] = int(value)
    json.dump(summary, sys.stdout)
    print()


if __name__ == "__main__":
    main()
