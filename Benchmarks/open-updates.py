#!/usr/bin/env python3
"""Prints how many updates the store in DATA_DIR still has open
(pending or in flight), read-only, while the bridge may be running.

Usage: open-updates.py DATA_DIR
"""
import sqlite3
import sys

database = sqlite3.connect(f"file:{sys.argv[1]}/patchbay.sqlite?mode=ro", uri=True, timeout=30)
print(database.execute("SELECT count(*) FROM customer_update WHERE status IN ('pending', 'in_flight')").fetchone()[0])
