#!/usr/bin/env python3
"""Signs Stripe deliveries as Stripe does, for the benchmarks.

Usage: sign-stripe-requests.py SECRET < events.ndjson > requests.tsv
Each input line is one event body; each output line is
`<Stripe-Signature header value>\t<body>`, signed with the current time
(Stripe's tolerance is 5 minutes, so sign right before the run).
"""
import hashlib
import hmac
import sys
import time


def main() -> None:
    secret = sys.argv[1].encode()
    timestamp = str(int(time.time())).encode()
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        body = line.rstrip(b"\n")
        if not body:
            continue
        digest = hmac.new(secret, timestamp + b"." + body, hashlib.sha256).hexdigest().encode()
        out.write(b"t=" + timestamp + b",v1=" + digest + b"\t" + body + b"\n")


if __name__ == "__main__":
    main()
