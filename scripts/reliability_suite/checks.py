"""What the upstream received (the mock's journal file) and what the
store holds, checked against what the bridge acknowledged."""
import collections
import json
import os
import sqlite3
import time

from .load import email_index


class Journal:
    """The mock Reach's journal: every answered or dropped request."""

    def __init__(self, path):
        self.entries = []
        if os.path.exists(path):
            with open(path) as journal:
                # In the order answered: one customer's PATCHes never overlap, so
                # this is their order of arrival (sequence numbers restart with the mock).
                self.entries = [json.loads(line) for line in journal if line.strip()]

    def patches(self):
        return [entry for entry in self.entries if entry["method"] == "PATCH"]

    def applied(self):
        """Per customer, the event indices of the emails applied (answered 200), in arrival order."""
        applied = collections.defaultdict(list)
        for entry in self.patches():
            if entry["status"] == 200:
                applied[entry["externalId"]].append(email_index(entry["body"]["data"]["email"]))
        return applied

    def outcomes(self):
        """PATCH answers by kind: 200, other statuses, resets, stalls."""
        kinds = collections.Counter()
        for entry in self.patches():
            if entry.get("stalled"):
                kinds["stalled (timeout)"] += 1
            elif entry["dropped"]:
                kinds["connection reset"] += 1
            else:
                kinds[str(entry["status"])] += 1
        return kinds


class Log:
    """The bridge's store, read directly: the SQLite file in
    `data_directory`, or a shared PostgreSQL store (`postgres`, a
    PostgresServer)."""

    def __init__(self, data_directory, postgres=None):
        self.path = os.path.join(data_directory, "patchbay.sqlite")
        self.postgres = postgres

    def _query(self, sql):
        if self.postgres:
            return [tuple(int(value) if value.isdigit() else value for value in row) for row in self.postgres.query(sql)]
        connection = sqlite3.connect(self.path, timeout=30)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def in_flight(self):
        """(customers, updates) in flight: what a killed process left."""
        return self._query(
            "SELECT count(DISTINCT customer_key), count(*) FROM customer_update WHERE status = 'in_flight'")[0]

    def open_updates(self):
        return self._query("SELECT count(*) FROM customer_update WHERE status IN ('pending', 'in_flight')")[0][0]

    def event_statuses(self):
        return dict(self._query("SELECT status, count(*) FROM event GROUP BY status"))

    def delivered_keys(self):
        return {key for (key,) in self._query("SELECT idempotency_key FROM event WHERE status = 'delivered'")}

    def wait_until_drained(self, timeout):
        """Seconds until no update is open, or None after `timeout`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.open_updates() == 0:
                return time.monotonic() - started
            time.sleep(0.25)
        return None


def verify(acknowledged, journal, log):
    """Checks every acknowledged event against the journal and the store.

    Returns a dict of figures and a list of failures (empty when all hold):
    every acknowledged event delivered (its customer's applied emails reach
    at least its index, and the store marks it delivered), each customer's
    applied emails in acceptance order, and the number of PATCHes applied
    twice (an email applied again right after itself)."""
    applied = journal.applied()
    last_acknowledged = {}
    for customer, index in acknowledged.values():
        last_acknowledged[customer] = max(index, last_acknowledged.get(customer, -1))
    failures = []
    lost = [c for c, last in last_acknowledged.items() if max(applied.get(c, [-1])) < last]
    if lost:
        failures.append(f"{len(lost)} customers miss acknowledged updates upstream, e.g. {lost[:3]}")
    disordered = [c for c, indices in applied.items() if indices != sorted(indices)]
    if disordered:
        failures.append(f"{len(disordered)} customers saw updates out of order, e.g. {disordered[0]}: {applied[disordered[0]]}")
    undelivered = set(acknowledged) - log.delivered_keys()
    if undelivered:
        failures.append(f"{len(undelivered)} acknowledged events not delivered in the store, e.g. {sorted(undelivered)[:3]}")
    twice = sum(1 for indices in applied.values() for a, b in zip(indices, indices[1:]) if a == b)
    figures = {
        "acknowledged (2xx) events": len(acknowledged),
        "acknowledged events lost": len(undelivered),
        "customers missing an update upstream": len(lost),
        "out of order customers": len(disordered),
        "PATCH requests received upstream": len(journal.patches()),
        "PATCHes applied twice": twice,
    }
    return figures, failures
