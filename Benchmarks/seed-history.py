#!/usr/bin/env python3
"""Fills a SQLite store with finished history, fast and without HTTP.

Usage: seed-history.py DATA_DIR COUNT

DATA_DIR must hold a store `patchbay` has created (schema, identity key). Adds
COUNT delivered Stripe events shaped as `mappings/stripe.json` writes them: the
delivery (headers and a ~250-byte body), the event, one delivered update with
its attempt and link, the customer's field times, and two learned identities
(email and phone, random digests standing in for the keyed hashes). Every
customer is new. Rows are written in key order inside large transactions, with
SQL doing the work (a recursive CTE per table), so ten million events take
minutes, not the hours the HTTP path would.
"""
import sqlite3
import sys
import time

CHUNK = 500_000
FIELDS = ["createdAt", "customerDetailUrl", "customerId", "email", "firstName", "lastName", "phone"]


def main():
    directory, count = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(f"{directory}/patchbay.sqlite", isolation_level=None)
    # No journal while seeding (a failed seed is thrown away); the store's WAL is restored at the end.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    first = (db.execute("SELECT coalesce(max(id), 0) FROM event").fetchone()[0]) + 1
    if db.execute("SELECT coalesce(max(id), 0) FROM delivery").fetchone()[0] >= first or \
            db.execute("SELECT coalesce(max(id), 0) FROM customer_update").fetchone()[0] >= first:
        sys.exit("the store's tables are out of step; seed a freshly created store")
    now_ms = int(time.time() * 1000)
    start = time.time()
    for low in range(first, first + count, CHUNK):
        high = min(low + CHUNK, first + count) - 1
        seed_chunk(db, low, high, now_ms - (first + count - low))
        print(f"seeded events {low:,}..{high:,} ({time.time() - start:.0f} s)", file=sys.stderr)
    db.execute("BEGIN")
    db.execute("UPDATE store_counter SET value = value + ? WHERE name = 'sequence'", (count,))
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    print(f"seeded {count:,} finished events in {time.time() - start:.0f} s", file=sys.stderr)


def seed_chunk(db, low, high, base_ms):
    rows = f"WITH RECURSIVE n(i) AS (SELECT {low} UNION ALL SELECT i + 1 FROM n WHERE i < {high})"
    customer = "printf('cus_h%013d', i)"
    key = f"printf('[null,\"%s\"]', {customer})"
    times = "'{' || " + " || ',' || ".join(f"'\"{field}\":' || (1704067200000 + i * 1000)" for field in FIELDS) + " || '}'"
    reply = "'{\"success\":true,\"message\":\"Customer updated\",\"data\":{\"result\":{\"id\":\"' || lower(hex(randomblob(16))) || '\"}}}'"
    db.execute("BEGIN")
    db.execute(f"""{rows} INSERT INTO delivery (id, source, received_at, headers, body)
        SELECT i, 'stripe', {base_ms} + i,
            printf('[["Content-Type","application/json"],["Stripe-Signature","t=%d,v1=%s"]]', ({base_ms} + i) / 1000,
                lower(hex(randomblob(32)))),
            CAST(printf('{{"id":"evt_h%023d","object":"event","type":"customer.updated","created":%d,"data":{{"object":'
                || '{{"id":"%s","object":"customer","email":"customer%d@example.com","name":"Customer %d","phone":"+1555%07d"}}}}}}',
                i, i, {customer}, i, i, i % 10000000) AS BLOB)
        FROM n""")
    db.execute(f"""{rows} INSERT INTO event (id, delivery_id, source, idempotency_key, event_index, event_time, received_at,
            status, error, finished_at)
        SELECT i, i, 'stripe', printf('evt_h%023d', i), 0, 1704067200000 + i * 1000, {base_ms} + i, 'delivered', NULL, {base_ms} + i + 20
        FROM n""")
    db.execute(f"""{rows} INSERT INTO customer_update (id, event_id, tenant, external_id, customer_key, sequence, data,
            allow_extra_fields, event_time, accepted_at, status, attempts, next_attempt_at, last_error, last_http_status,
            last_response)
        SELECT i, i, NULL, {customer}, {key}, i,
            printf('{{"customerId":"%s","email":"customer%d@example.com","phone":"+1555%07d","firstName":"Customer",'
                || '"lastName":"%d","customerDetailUrl":"https://dashboard.stripe.com/customers/%s","createdAt":"2024-01-01T00:00:00Z"}}',
                {customer}, i, i % 10000000, i, {customer}),
            1, 1704067200000 + i * 1000, {base_ms} + i, 'delivered', 1, {base_ms} + i, NULL, 200, {reply}
        FROM n""")
    db.execute(f"""{rows} INSERT INTO attempt (id, owner, started_at, finished_at, http_status, error, response_body, outcome, upstream)
        SELECT i, 'seed-history', {base_ms} + i + 10, {base_ms} + i + 20, 200, NULL, {reply}, 'delivered', 'http://127.0.0.1:1'
        FROM n""")
    db.execute(f"{rows} INSERT INTO attempt_update (update_id, attempt_id) SELECT i, i FROM n")
    db.execute(f"""{rows} INSERT INTO customer_field_times (customer_key, times, newest)
        SELECT {key}, {times}, 1704067200000 + i * 1000 FROM n ORDER BY 1""")
    db.execute(f"""{rows} INSERT INTO identity (tenant, kind, digest, external_id, learned_at)
        SELECT '', kind, randomblob(32), {customer}, {base_ms} + i FROM n, (SELECT 'email' AS kind UNION ALL SELECT 'phone')
        ORDER BY 3""")
    db.execute("COMMIT")


if __name__ == "__main__":
    main()
