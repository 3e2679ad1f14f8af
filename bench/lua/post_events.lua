-- POST timeline events to the URL given to wrk (/api/incidents/{key}/timeline) with a Bearer token. Every
-- request carries a unique text ("bench-post <run> t<thread> n<counter>"); the 201 answer echoes the created
-- event's text, so done() can write exactly which texts were acknowledged (BENCH_CREATED_FILE, one a line) for
-- run.sh to compare with the rows in the database: lost = acknowledged but no row, duplicated = one text in
-- several rows, and rows whose request was still in flight when wrk stopped are told apart from both.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench_auth()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local run = os.getenv("BENCH_RUN_ID") or "run"
local counter = 0
created = {}

function request()
  counter = counter + 1
  local body = string.format('{"text":"bench-post %s t%d n%d","kind":"NOTE"}', run, thread_id or 0, counter)
  return wrk.format(nil, nil, nil, body)
end

local count_status = response
function response(status, headers, body)
  count_status(status, headers, body)
  if status == 201 then
    local text = body and body:match('"text":"(bench%-post [^"]*)"')
    created[#created + 1] = text or "unparsed 201"
  end
end

local summarise = done
function done(summary, latency, requests)
  summarise(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_CREATED_FILE"), "w"))
  for _, thread in ipairs(bench_threads()) do
    for _, text in ipairs(thread:get("created")) do out:write(text, "\n") end
  end
  out:close()
end
