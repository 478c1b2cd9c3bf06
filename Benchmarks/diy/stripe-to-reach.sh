#!/usr/bin/env bash
# The do-it-yourself bridge of Benchmarks/diy-webhook.sh: the command Debian's
# `webhook` (adnanh/webhook) runs for each Stripe delivery. It checks the Stripe
# signature and its 5-minute tolerance, maps the customer with jq as
# mappings/stripe.json does (phone numbers only roughly: digits with +1) and PATCHes
# it to Reach with curl. It keeps no log, so a delivery is lost when the PATCH fails
# after the reply, and a provider's retry is applied twice.
#
# Usage (by webhook): stripe-to-reach.sh STRIPE_SIGNATURE RAW_BODY
# Environment: DIY_SECRET (the Stripe signing secret), DIY_UPSTREAM (Reach base URL).
set -euo pipefail
signature=$1
body=$2
timestamp=${signature#t=}
timestamp=${timestamp%%,*}
expected=${signature##*v1=}
now=$(date +%s)
if ((now - timestamp > 300 || timestamp - now > 300)); then
    echo "stale signature" >&2
    exit 1
fi
actual=$(printf '%s.%s' "$timestamp" "$body" | openssl dgst -sha256 -hmac "$DIY_SECRET" -r | cut -d' ' -f1)
if [[ $actual != "$expected" ]]; then
    echo "bad signature" >&2
    exit 1
fi
mapped=$(printf '%s' "$body" | jq -r '
    select(.type == "customer.created" or .type == "customer.updated")
    | .data.object as $c
    | (($c.name // "") | split(" ")) as $name
    | $c.id, ({data: ({
        customerId: $c.id,
        email: ($c.email | if . then gsub("^\\s+|\\s+$"; "") | ascii_downcase else null end),
        phone: ($c.phone | if . then "+1" + gsub("[^0-9]"; "") else null end),
        firstName: ($name[0] // null),
        lastName: ($name[1:] | if length > 0 then join(" ") else null end),
        customerDetailUrl: "https://dashboard.stripe.com/customers/\($c.id)",
        createdAt: ($c.created | if . then todate else null end)
      } | with_entries(select(.value != null)))} | tojson)')
[[ -n $mapped ]] || exit 0
customer=${mapped%%$'\n'*}
patch=${mapped#*$'\n'}
printf '%s' "$patch" | curl -sS --fail -o /dev/null -X PATCH -H 'Content-Type: application/json' \
    --data-binary @- "$DIY_UPSTREAM/api/resources/customers/$customer"
