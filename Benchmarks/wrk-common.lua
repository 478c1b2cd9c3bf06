-- What the wrk scripts share: each thread gets an `id` (0, 1, …) and is kept in
-- `threads` for `done`; with PATCHBAY_BENCH_DELAY_MS set, each connection waits
-- that long before each request (a paced load instead of as fast as possible).
--
-- Load it from a script beside it:
--   dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-common.lua")

threads = {}
local pause = tonumber(os.getenv("PATCHBAY_BENCH_DELAY_MS") or "")
if pause then
    function delay()
        return pause
    end
end

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end
