#!/usr/bin/env python3
"""Writes N Stripe customer.created / customer.updated events as NDJSON (deterministic).

Usage: generate-stripe-events.py N > events.ndjson
The events have the shape of Stripe's Event objects (API 2023-10-16) carrying a Customer.
"""
import json
import random
import sys

FIRST = ["Jenny", "Ana", "Luis", "Wei", "Olu", "Marie", "José", "Ingrid", "Sam", "Priya"]
LAST = ["Rosen", "García", "Okafor", "Chen", "van der Berg", "Dubois", "Müller", "Smith", "O'Neil", "Patel"]


def main() -> None:
    count = int(sys.argv[1])
    rng = random.Random(20261129)
    out = sys.stdout
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        created = 1680000000 + rng.randrange(0, 20_000_000)
        kind = "customer.created" if i % 3 else "customer.updated"
        customer = {
            "id": "cus_%014d" % i,
            "object": "customer",
            "address": None,
            "balance": 0,
            "created": created,
            "currency": None,
            "default_source": None,
            "delinquent": False,
            "description": None,
            "discount": None,
            "email": "%s.%s%d@Example.com" % (first, last.replace(" ", "").replace("'", ""), i),
            "invoice_prefix": "%08X" % rng.randrange(0, 1 << 32),
            "invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None, "rendering_options": None},
            "livemode": False,
            "metadata": {"plan": rng.choice(["free", "pro", "team"])},
            "name": "%s %s" % (first, last),
            "next_invoice_sequence": 1,
            "phone": "(%03d) 555-%04d" % (rng.randrange(200, 999), rng.randrange(0, 10000)),
            "preferred_locales": [],
            "shipping": None,
            "tax_exempt": "none",
            "test_clock": None,
        }
        event = {
            "id": "evt_%024d" % i,
            "object": "event",
            "api_version": "2023-10-16",
            "created": created + rng.randrange(0, 1000),
            "data": {"object": customer},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": "req_%014d" % i, "idempotency_key": None},
            "type": kind,
        }
        if kind == "customer.updated":
            event["data"]["previous_attributes"] = {"email": None}
        out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
