-- Shared by the bench wrk scripts: authentication from the environment, per-thread status counts, and one
-- machine-readable result line printed by done() (parsed by bench/run.sh).
--   BENCH_COOKIE  "JSESSIONID=…" (a signed-in session)   or   BENCH_TOKEN  "hs_…" (sent as a Bearer token)
--   or   BENCH_AUTHORIZATION  a whole Authorization header value ("Basic …", "Bearer …")

local threads = {}

function bench_auth()
  local cookie = os.getenv("BENCH_COOKIE")
  local token = os.getenv("BENCH_TOKEN")
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  local authorization = os.getenv("BENCH_AUTHORIZATION")
  if authorization and authorization ~= "" then wrk.headers["Authorization"] = authorization end
end

function bench_threads()
  return threads
end

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local codes, ok, other = {}, 0, 0
  for code, n in pairs(counts) do
    table.insert(codes, code .. ":" .. n)
    if code >= 200 and code < 300 then ok = ok + n else other = other + n end
  end
  table.sort(codes)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "ok=%d non2xx=%d socket_errors=%d timeouts=%d statuses=%s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, ok, other, e.connect + e.read + e.write, e.timeout, table.concat(codes, ",")))
end
