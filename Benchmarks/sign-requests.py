#!/usr/bin/env python3
"""Signs deliveries as the provider does, for the benchmarks.

Usage: sign-requests.py stripe SECRET < bodies.ndjson > requests.tsv
       sign-requests.py sendgrid PRIVATE_KEY.pem < bodies.ndjson > requests.tsv
Each input line is one delivery body; each output line is the values of the
signature headers, then the body, separated by tabs, for signed-requests.lua:
- stripe: `<Stripe-Signature>` (HMAC-SHA256 of `timestamp.body`);
- sendgrid: `<signature>\t<timestamp>` for PATCHBAY_BENCH_HEADERS=
  X-Twilio-Email-Event-Webhook-Signature,X-Twilio-Email-Event-Webhook-Timestamp
  (ECDSA P-256 with SHA-256 over the timestamp then the body, DER, base64).
Both sign with the current time (the tolerance is 5 minutes, so sign right before the run).
"""
import base64
import hashlib
import hmac
import sys
import time


def stripe_signer(secret):
    def sign(timestamp, body):
        digest = hmac.new(secret.encode(), timestamp + b"." + body, hashlib.sha256).hexdigest().encode()
        return b"t=" + timestamp + b",v1=" + digest
    return sign


def sendgrid_signer(key_path):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    key = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)

    def sign(timestamp, body):
        return base64.b64encode(key.sign(timestamp + body, ec.ECDSA(hashes.SHA256()))) + b"\t" + timestamp
    return sign


def main() -> None:
    signers = {"stripe": stripe_signer, "sendgrid": sendgrid_signer}
    if len(sys.argv) != 3 or sys.argv[1] not in signers:
        sys.exit(__doc__)
    sign = signers[sys.argv[1]](sys.argv[2])
    timestamp = str(int(time.time())).encode()
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        body = line.rstrip(b"\n")
        if body:
            out.write(sign(timestamp, body) + b"\t" + body + b"\n")


if __name__ == "__main__":
    main()
