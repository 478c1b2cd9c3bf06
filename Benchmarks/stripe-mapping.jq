# The transformation of mappings/stripe.json written in jq, for
# mapping-vs-jq.sh: each Stripe event in, the PATCH request line that
# `patchbay map --source stripe --ndjson` prints out, byte for byte.
# Run as: jq -c --arg upstream URL -f stripe-mapping.jq events.ndjson

# Regular expressions are slow in jq 1.6, so strings are taken apart with
# explode / split, which are built in C.

# Whether a code point is whitespace (ASCII white space, NEL, NBSP).
def is_space: . == 32 or (. >= 9 and . <= 13) or . == 133 or . == 160;

# "trim": strip leading and trailing whitespace.
def trim:
  if (explode | (.[0] | is_space) or (.[-1] | is_space)) then
    explode | until(length == 0 or (.[0] | is_space | not); .[1:])
    | until(length == 0 or (.[-1] | is_space | not); .[:-1]) | implode
  else . end;

# The whitespace-separated words of a string.
def words:
  if test("[\\t\\n\\v\\f\\r\u0085\u00a0]") then explode | map(if is_space then 32 else . end) | implode else . end
  | split(" ") | map(select(length > 0));

# "firstName" / "lastName": "Jenny Rosen" -> Jenny / Rosen; "Mary Ann van Dyke"
# -> Mary / Ann van Dyke; "Rosen, Jenny" -> Jenny / Rosen; absent when empty.
def name_parts:
  if index(",") then split(",") | {first: (.[1:] | join(",") | words | join(" ")), last: (.[0] | words | join(" "))}
  else words | {first: .[0], last: (.[1:] | join(" "))}
  end
  | map_values(if . == "" then null else . end);

# {"e164": "US"}: separators dropped, an optional + before the first digit,
# the international prefix 011, the trunk prefix 1, ten national digits.
def e164_us:
  . as $text
  | if test("^[-\\t .()/\u00a0]*\\+?[-\\t .()/\u00a00-9]*$") | not then error("\($text) is not a phone number") else . end
  | test("^[^0-9]*[+]") as $international
  | [explode[] | select(. >= 48 and . <= 57)] | implode
  | if $international then .
    elif startswith("011") then .[3:]
    else (if startswith("1") and length == 11 then .[1:] else . end)
      | if length != 10 then error("\($text) is not a phone number of +1") else "1" + . end
    end
  | if length < 7 or length > 15 or startswith("0") then error("\($text) is not a phone number") else "+" + . end;

# Applies f to a present value; a missing one (null or absent) stays
# missing, and a field left null is dropped from the update.
def when_present(f): if . == null then null else f end;

select(.type == "customer.created" or .type == "customer.updated")
| .data.object as $customer
| ($customer.id // error("externalId missing at $.data.object.id")) as $id
| ($customer.name | when_present(name_parts) // {}) as $name
| {
    method: "PATCH",
    url: "\($upstream)/api/resources/customers/\($id | @uri)",
    headers: {"Content-Type": "application/json"},
    body: {data: ({
      customerId: $id,
      email: ($customer.email | when_present(trim | ascii_downcase)),
      phone: ($customer.phone | when_present(e164_us)),
      firstName: $name.first,
      lastName: $name.last,
      customerDetailUrl: "https://dashboard.stripe.com/customers/\($id)",
      createdAt: ($customer.created | when_present(todate))
    } | with_entries(select(.value != null)))}
  }
