#!/usr/bin/env python3
"""End-to-end figures of one load through the bridge: for every update, the time
from the bridge receiving the webhook (the event's received_at in the idempotency
log) to the mock Reach receiving its PATCH (the journal's receivedAt).

Usage: end-to-end-latency.py DATA_DIR_OR_RECEIVED_TSV JOURNAL_JSON
The receive times come from the SQLite log in DATA_DIR, or from a file of
`external_id<TAB>received_at_ms` lines (what shared-store.sh reads from PostgreSQL).
Only the customers the journal shows a 2xx PATCH for count, so the journal must hold
one load's PATCHes. Prints one JSON object: delivered (customers PATCHed),
first_received / last_patch (epoch seconds), events_per_second (delivered over that
span), p50_ms, p99_ms, max_ms, duplicate_patches (customers PATCHed more than once).
"""
import json
import os
import sqlite3
import sys
from datetime import datetime


def received_times(source: str) -> dict:
    """Per customer, when the bridge received its webhook (epoch milliseconds)."""
    if os.path.isdir(source):
        database = sqlite3.connect(f"file:{source}/patchbay.sqlite?mode=ro", uri=True, timeout=30)
        return dict(database.execute(
            "SELECT u.external_id, e.received_at FROM customer_update u JOIN event e ON e.id = u.event_id"))
    with open(source, encoding="utf-8") as lines:
        return {customer: int(at) for customer, at in (line.rstrip("\n").split("\t") for line in lines if line.strip())}


def main() -> None:
    source, journal_path = sys.argv[1:]
    received = received_times(source)
    journal = json.load(open(journal_path, encoding="utf-8"))
    first_patch = {}
    patches = {}
    for entry in journal:
        if entry["method"] != "PATCH" or not (entry["status"] or 0) // 100 == 2:
            continue
        customer = entry["externalId"]
        if customer not in received:
            continue
        at = datetime.fromisoformat(entry["receivedAt"].replace("Z", "+00:00")).timestamp()
        patches[customer] = patches.get(customer, 0) + 1
        first_patch.setdefault(customer, at)
    latencies = sorted((first_patch[c] * 1000 - received[c]) for c in first_patch)
    start = min((received[c] for c in first_patch), default=0) / 1000
    end = max(first_patch.values(), default=start)

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    json.dump({
        "delivered": len(first_patch),
        "first_received": start,
        "last_patch": end,
        "events_per_second": len(first_patch) / (end - start) if end > start else 0,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "duplicate_patches": sum(1 for n in patches.values() if n > 1),
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
