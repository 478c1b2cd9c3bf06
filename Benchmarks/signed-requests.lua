-- wrk script: POSTs pre-signed deliveries, each at most once.
--
-- Usage: PATCHBAY_BENCH_REQUESTS=requests.tsv wrk -tT ... -s signed-requests.lua URL -- T
-- Each line of requests.tsv is the values of the signature headers, then the
-- body, separated by tabs; PATCHBAY_BENCH_HEADERS names the headers, comma-separated
-- (default "Stripe-Signature", the one field `sign-requests.py stripe` writes;
-- `sign-requests.py sendgrid` writes two). Thread k of T sends
-- lines k, k+T, k+2T… so no two threads send the same event. A thread that
-- runs out starts over (its repeats are duplicates: answered 200, not 202).
-- With PATCHBAY_BENCH_DELAY_MS set, each connection waits that long before
-- each request (a paced load instead of as fast as possible; see wrk-common.lua).
-- At the end one line reports the replies by status:
--   STATUS accepted=<202s> duplicate_or_ignored=<200s> other=<rest> restarts=<times a thread started over>

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-common.lua")

function init(args)
    local count = tonumber(args[1]) or 1
    local path = os.getenv("PATCHBAY_BENCH_REQUESTS")
    names = {}
    for name in (os.getenv("PATCHBAY_BENCH_HEADERS") or "Stripe-Signature"):gmatch("[^,]+") do
        table.insert(names, name)
    end
    headers, bodies = {}, {}
    local line_number = 0
    for line in io.lines(path) do
        if line_number % count == id then
            local fields, start = {["Content-Type"] = "application/json"}, 1
            for _, name in ipairs(names) do
                local tab = line:find("\t", start, true)
                fields[name] = line:sub(start, tab - 1)
                start = tab + 1
            end
            table.insert(headers, fields)
            table.insert(bodies, line:sub(start))
        end
        line_number = line_number + 1
    end
    next_index, restarts = 1, 0
    accepted, plain_ok, other = 0, 0, 0
end

function request()
    if next_index > #bodies then
        next_index = 1
        restarts = restarts + 1
    end
    local index = next_index
    next_index = next_index + 1
    return wrk.format("POST", nil, headers[index], bodies[index])
end

function response(status, headers, body)
    if status == 202 then
        accepted = accepted + 1
    elseif status == 200 then
        plain_ok = plain_ok + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local a, d, o, r = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        a = a + thread:get("accepted")
        d = d + thread:get("plain_ok")
        o = o + thread:get("other")
        r = r + thread:get("restarts")
    end
    io.write(string.format("STATUS accepted=%d duplicate_or_ignored=%d other=%d restarts=%d\n", a, d, o, r))
end
