-- POST a file (BENCH_BODY_FILE) with BENCH_CONTENT_TYPE to the URL given to wrk, e.g. the reference
-- postmortem to /api/imports?dryRun=true.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench_auth()
local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/octet-stream"
