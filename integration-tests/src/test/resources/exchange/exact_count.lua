-- wrk makes exactly LIMIT requests over all its connections, then stops sending.
-- Usage: wrk -s exact_count.lua URL -- LIMIT DONE_FILE RESULT_FILE
-- Each request is reserved in delay(), which wrk calls before every request: once LIMIT are
-- reserved, idle connections wait an hour instead of sending. response() counts what came back,
-- writes DONE_FILE at the LIMIT-th response and stops the thread; done() writes RESULT_FILE.
-- Every tenth request asks for a missing page (404), the others for /ok/ (200); paths are numbered.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  limit = tonumber(args[1])
  done_file = args[2]
  result_file = args[3]
  reserved = 0
  issued = 0
  completed = 0
  ok = 0
  missing = 0
  other = 0
end

function delay()
  if reserved < limit then
    reserved = reserved + 1
    return 0
  end
  return 3600000
end

function request()
  if reserved == 0 then
    -- wrk calls request() once before the run to check the script: that request is never sent
    return wrk.format("GET", "/ok/0")
  end
  issued = issued + 1
  if issued % 10 == 0 then
    return wrk.format("GET", "/missing/" .. issued)
  end
  return wrk.format("GET", "/ok/" .. issued)
end

function response(status, headers, body)
  completed = completed + 1
  if status == 200 then
    ok = ok + 1
  elseif status == 404 then
    missing = missing + 1
  else
    other = other + 1
  end
  if completed == limit then
    local f = io.open(done_file, "w")
    f:write("done\n")
    f:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  -- done() runs in the setup environment: the thread keeps the file's name
  local f = io.open(threads[1]:get("result_file"), "w")
  for _, t in ipairs(threads) do
    f:write(string.format("issued %d\ncompleted %d\nok %d\nmissing %d\nother %d\n",
      t:get("issued"), t:get("completed"), t:get("ok"), t:get("missing"), t:get("other")))
  end
  local e = summary.errors
  f:write(string.format("requests %d\nerrors %d %d %d %d\n",
    summary.requests, e.connect, e.read, e.write, e.timeout))
  f:close()
end
