#!/usr/bin/env python3
"""Signs deliveries as the provider does, for the benchmarks, with `patchbay send`.

Usage: sign-requests.py stripe SECRET < bodies.ndjson > requests.tsv
       sign-requests.py sendgrid PRIVATE_KEY.pem < bodies.ndjson > requests.tsv
Each input line is one delivery body; each output line is the values of the
signature headers, then the body, separated by tabs, for signed-requests.lua:
- stripe: `<Stripe-Signature>`;
- sendgrid: `<signature>\t<timestamp>` for PATCHBAY_BENCH_HEADERS=
  X-Twilio-Email-Event-Webhook-Signature,X-Twilio-Email-Event-Webhook-Timestamp.
The signing is the bridge's own: `patchbay send SOURCE - --ndjson --dry-run` on the
shipped mapping (written with `patchbay init`), with $PATCHBAY_SIGNER, else the
repository's .build/release/patchbay (so that binaries of older commits measured
through BENCH_BIN_DIR, which may predate `send`, are signed for all the same).
Every line is signed with the current time (the tolerance is 5 minutes, so sign
right before the run).
"""
import json
import os
import subprocess
import sys
import tempfile

HEADERS = {
    "stripe": ["Stripe-Signature"],
    "sendgrid": ["X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp"],
}


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in HEADERS:
        sys.exit(__doc__)
    source, credential = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    patchbay = os.environ.get("PATCHBAY_SIGNER") or os.path.join(root, ".build", "release", "patchbay")
    environment = dict(os.environ)
    with tempfile.TemporaryDirectory() as mappings:
        subprocess.run([patchbay, "init", source, "--mappings", mappings], check=True, stdout=subprocess.DEVNULL)
        arguments = [patchbay, "send", source, "-", "--ndjson", "--dry-run", "--mappings", mappings]
        if source == "sendgrid":
            arguments += ["--private-key", credential]
        else:
            environment["PATCHBAY_SECRET_" + source.upper()] = credential
        signed = subprocess.run(arguments, stdin=sys.stdin, stdout=subprocess.PIPE, check=True, env=environment).stdout
    out = sys.stdout.buffer
    for line in signed.splitlines():
        request = json.loads(line)
        values = [request["headers"][name] for name in HEADERS[source]]
        out.write("\t".join(values + [request["body"]]).encode() + b"\n")


if __name__ == "__main__":
    main()
