-- Authenticated (or anonymous) GET of the URL given to wrk; counts every status (3xx counts as a failure:
-- a redirect to /login means the session was lost).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench_auth()
