#!/usr/bin/env python3
"""Writes the inputs of Benchmarks/identities.sh.

Usage:
  identity-fixtures.py identities COUNT [PREFIX]   CSV for `patchbay identities import`:
      externalId,email,phone with cus_<PREFIX><i>, <PREFIX>user<i>@example.com, +1555<i, 7 digits>
  identity-fixtures.py unsubscribes COUNT KNOWN [PREFIX [KEY_PREFIX]]   NDJSON, one SendGrid batch body per
      line, each one unsubscribe of <PREFIX>user<k>@example.com, k cycling through KNOWN, with its own
      sg_event_id (sg_<KEY_PREFIX or PREFIX><i>_<time>)
"""
import sys
import time


def main() -> None:
    kind, count = sys.argv[1], int(sys.argv[2])
    out = sys.stdout
    if kind == "identities":
        prefix = sys.argv[3] if len(sys.argv) > 3 else ""
        out.write("externalId,email,phone\n")
        for i in range(count):
            out.write(f"cus_{prefix}{i},{prefix}user{i}@example.com,+1555{i % 10_000_000:07d}\n")
    elif kind == "unsubscribes":
        known = int(sys.argv[3])
        prefix = sys.argv[4] if len(sys.argv) > 4 else ""
        key_prefix = sys.argv[5] if len(sys.argv) > 5 else prefix
        now = int(time.time())
        stride = 7919  # a prime: consecutive events hit addresses spread over the index
        for i in range(count):
            k = (i * stride) % known
            out.write(f'[{{"email":"{prefix}user{k}@example.com","timestamp":{now},"event":"unsubscribe",'
                      f'"sg_event_id":"sg_{key_prefix}{i}_{now}"}}]\n')
    else:
        sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
