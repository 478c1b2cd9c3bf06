-- wrk script: PATCHes a customer update straight to a Reach API (the mock), each
-- request to a new customer, with a body the shape of the bridge's Stripe updates.
--
-- Usage: wrk -tT ... -s patch-requests.lua http://127.0.0.1:PORT
-- With PATCHBAY_BENCH_DELAY_MS set, each connection waits that long before
-- each request (a paced load instead of as fast as possible; see wrk-common.lua).

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-common.lua")

function init(args)
    sent = 0
end

function request()
    sent = sent + 1
    local customer = string.format("cus_direct_%d_%010d", id, sent)
    local body = string.format(
        '{"data":{"createdAt":"2023-11-07T05:31:56Z","customerDetailUrl":"https://dashboard.stripe.com/customers/%s",'
            .. '"customerId":"%s","email":"jenny.rosen%d@example.com","firstName":"Jenny","lastName":"Rosen",'
            .. '"phone":"+14155550123"}}',
        customer, customer, sent)
    return wrk.format("PATCH", "/api/resources/customers/" .. customer, {
        ["Content-Type"] = "application/json",
        ["Idempotency-Key"] = customer,
    }, body)
end
