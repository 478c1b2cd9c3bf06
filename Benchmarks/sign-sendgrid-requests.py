#!/usr/bin/env python3
"""Signs SendGrid Event Webhook deliveries as SendGrid does, for the benchmarks:
ECDSA P-256 with SHA-256 over the timestamp followed by the body, DER, base64.

Usage: sign-sendgrid-requests.py PRIVATE_KEY.pem < bodies.ndjson > requests.tsv
Each output line is `<signature>\t<timestamp>\t<body>`, for signed-requests.lua with
PATCHBAY_BENCH_HEADERS=X-Twilio-Email-Event-Webhook-Signature,X-Twilio-Email-Event-Webhook-Timestamp.
"""
import base64
import sys
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def main() -> None:
    key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
    timestamp = str(int(time.time())).encode()
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        body = line.rstrip(b"\n")
        if not body:
            continue
        signature = base64.b64encode(key.sign(timestamp + body, ec.ECDSA(hashes.SHA256())))
        out.write(signature + b"\t" + timestamp + b"\t" + body + b"\n")


if __name__ == "__main__":
    main()
